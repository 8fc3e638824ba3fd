// Port of Node's test/parallel/test-fs-rename-type-check.js, with the renaming behaviours of
// test-fs-sync-fd-leak and test-fs-rename: rename files and directories, replace a file, fail
// with ENOENT/ENOTDIR, and reject non-path arguments.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const a = tmpdir.resolve('a.txt');
const b = tmpdir.resolve('b.txt');
fs.writeFileSync(a, 'A');
fs.renameSync(a, b);
assert.strictEqual(fs.existsSync(a), false);
assert.strictEqual(fs.readFileSync(b, 'utf8'), 'A');

// Replacing an existing file.
fs.writeFileSync(a, 'new');
fs.renameSync(a, b);
assert.strictEqual(fs.readFileSync(b, 'utf8'), 'new');

// Directories move with their contents.
fs.mkdirSync(tmpdir.resolve('d1'));
fs.writeFileSync(tmpdir.resolve('d1', 'inside'), 'i');
fs.rename(tmpdir.resolve('d1'), tmpdir.resolve('d2'), common.mustSucceed(() => {
  assert.strictEqual(fs.readFileSync(tmpdir.resolve('d2', 'inside'), 'utf8'), 'i');
}));

fs.rename(tmpdir.resolve('missing'), b, common.expectsError({ code: 'ENOENT', syscall: 'rename' }));
assert.throws(() => fs.renameSync(tmpdir.resolve('missing'), b), {
  code: 'ENOENT',
  message: `ENOENT: no such file or directory, rename '${tmpdir.resolve('missing')}' -> '${b}'`,
});
assert.throws(() => fs.renameSync(b, tmpdir.resolve('b.txt', 'x')), { code: 'ENOTDIR' });

fs.promises.rename(b, tmpdir.resolve('c.txt')).then(common.mustCall(() => {
  assert.ok(fs.existsSync(tmpdir.resolve('c.txt')));
}));

for (const bad of [false, 1, [], {}, null, undefined]) {
  assert.throws(() => fs.rename(bad, 'x', common.mustNotCall()), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => fs.rename('x', bad, common.mustNotCall()), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => fs.renameSync(bad, 'x'), { code: 'ERR_INVALID_ARG_TYPE' });
}
