// Port of Node's test/parallel/test-fs-unlink-type-check.js, with the unlink behaviours Node
// tests elsewhere: unlink files and symlinks, EISDIR/ENOENT, and argument type checks.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const file = tmpdir.resolve('file');
fs.writeFileSync(file, 'x');
fs.symlinkSync(file, tmpdir.resolve('link'));
fs.unlinkSync(tmpdir.resolve('link'));
assert.ok(fs.existsSync(file), 'unlinking a link keeps its target');

fs.unlink(file, common.mustSucceed(() => {
  assert.strictEqual(fs.existsSync(file), false);
  fs.unlink(file, common.expectsError({ code: 'ENOENT', syscall: 'unlink', path: file }));
}));

fs.mkdirSync(tmpdir.resolve('dir'));
assert.throws(() => fs.unlinkSync(tmpdir.resolve('dir')), { code: /EISDIR|EPERM/, syscall: 'unlink' });

for (const bad of [false, 1, {}, [], null, undefined]) {
  assert.throws(() => fs.unlink(bad, common.mustNotCall()), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => fs.unlinkSync(bad), { code: 'ERR_INVALID_ARG_TYPE' });
}
assert.throws(() => fs.unlink(file), { code: 'ERR_INVALID_ARG_TYPE' });
