// Port of Node's test/parallel/test-fs-symlink.js (with -readlink-type-check ideas): symlink,
// readlink and lstat of relative and absolute links, dangling links, and EEXIST.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const target = tmpdir.resolve('target.txt');
fs.writeFileSync(target, 'through the link');

const linkPath = tmpdir.resolve('symlink1.js');
fs.symlink(target, linkPath, common.mustSucceed(() => {
  fs.lstat(linkPath, common.mustSucceed((stats) => {
    assert.ok(stats.isSymbolicLink());
    assert.strictEqual(stats.size, Buffer.byteLength(target));
  }));
  fs.stat(linkPath, common.mustSucceed((stats) => assert.ok(stats.isFile())));
  fs.readlink(linkPath, common.mustSucceed((dest) => assert.strictEqual(dest, target)));
  assert.strictEqual(fs.readFileSync(linkPath, 'utf8'), 'through the link');
}));

// A relative link is resolved against the link's directory.
const relLink = tmpdir.resolve('rel');
fs.symlinkSync('target.txt', relLink);
assert.strictEqual(fs.readlinkSync(relLink), 'target.txt');
assert.strictEqual(fs.readFileSync(relLink, 'utf8'), 'through the link');
assert.deepStrictEqual(fs.readlinkSync(relLink, { encoding: 'buffer' }), Buffer.from('target.txt'));

// A dangling link: lstat works, stat does not; existsSync follows it.
const dangling = tmpdir.resolve('dangling');
fs.symlinkSync(tmpdir.resolve('nowhere'), dangling);
assert.ok(fs.lstatSync(dangling).isSymbolicLink());
assert.throws(() => fs.statSync(dangling), { code: 'ENOENT' });
assert.strictEqual(fs.existsSync(dangling), false);

// A link to a directory, with the type hint (ignored off Windows).
fs.mkdirSync(tmpdir.resolve('dir'));
fs.symlinkSync(tmpdir.resolve('dir'), tmpdir.resolve('dirlink'), 'dir');
assert.ok(fs.statSync(tmpdir.resolve('dirlink')).isDirectory());

assert.throws(() => fs.symlinkSync(target, relLink), {
  code: 'EEXIST',
  syscall: 'symlink',
  message: `EEXIST: file already exists, symlink '${target}' -> '${relLink}'`,
});
assert.throws(() => fs.readlinkSync(target), { code: 'EINVAL', syscall: 'readlink' });
fs.readlink(tmpdir.resolve('none'), common.expectsError({ code: 'ENOENT', syscall: 'readlink' }));
assert.throws(() => fs.symlinkSync(target, linkPath + '2', 'not-a-type'), { code: 'ERR_FS_INVALID_SYMLINK_TYPE' });
