// Port of Node's test/parallel/test-fs-realpath.js: realpath through chains of relative and
// absolute symlinks, '.' and '..' components, loops (ELOOP), and the native form.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const { tmpdir } = common;
tmpdir.refresh();
const root = fs.realpathSync(tmpdir.path);

fs.mkdirSync(path.join(root, 'a', 'b', 'c'), { recursive: true });
fs.writeFileSync(path.join(root, 'a', 'b', 'c', 'file'), 'x');

fs.symlinkSync('a/b', path.join(root, 'link-ab'));
fs.symlinkSync(path.join(root, 'link-ab', 'c'), path.join(root, 'link-c'));
fs.symlinkSync('../link-c/file', path.join(root, 'a', 'link-file'));

const want = path.join(root, 'a', 'b', 'c', 'file');
assert.strictEqual(fs.realpathSync(path.join(root, 'a', 'link-file')), want);
assert.strictEqual(fs.realpathSync(path.join(root, 'link-c', 'file')), want);
assert.strictEqual(fs.realpathSync(path.join(root, 'link-ab', 'c', '..', 'c', '.', 'file')), want);
assert.strictEqual(fs.realpathSync.native(path.join(root, 'link-c', 'file')), want);
assert.strictEqual(fs.realpathSync('/'), '/');

fs.realpath(path.join(root, 'a', 'link-file'), common.mustSucceed((p) => assert.strictEqual(p, want)));
fs.realpath.native(path.join(root, 'link-c'), common.mustSucceed((p) => {
  assert.strictEqual(p, path.join(root, 'a', 'b', 'c'));
}));
fs.promises.realpath(path.join(root, 'link-ab')).then(common.mustCall((p) => {
  assert.strictEqual(p, path.join(root, 'a', 'b'));
}));
fs.realpath(path.join(root, 'link-ab'), { encoding: 'buffer' }, common.mustSucceed((p) => {
  assert.ok(Buffer.isBuffer(p));
  assert.strictEqual(p.toString(), path.join(root, 'a', 'b'));
}));

// Relative to the working directory.
const cwd = process.cwd();
process.chdir(root);
assert.strictEqual(fs.realpathSync('link-c'), path.join(root, 'a', 'b', 'c'));
process.chdir(cwd);

// A loop.
fs.symlinkSync('loop2', path.join(root, 'loop1'));
fs.symlinkSync('loop1', path.join(root, 'loop2'));
assert.throws(() => fs.realpathSync(path.join(root, 'loop1')), { code: 'ELOOP' });
assert.throws(() => fs.realpathSync(path.join(root, 'missing')), { code: 'ENOENT' });
fs.realpath(path.join(root, 'missing'), common.expectsError({ code: 'ENOENT' }));
