// Port of Node's test/parallel/test-fs-copyfile.js: copyFile copies content and mode,
// overwrites by default, honours COPYFILE_EXCL, and reports missing sources.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const src = tmpdir.resolve('src.txt');
const dest = tmpdir.resolve('copyfile.out');
const content = Buffer.alloc(20000);
for (let i = 0; i < content.length; i++) content[i] = i % 251;
fs.writeFileSync(src, content);
fs.chmodSync(src, 0o640);

fs.copyFileSync(src, dest);
assert.ok(fs.readFileSync(dest).equals(content));
assert.strictEqual(fs.statSync(dest).mode & 0o777, 0o640);

// Overwrites an existing file unless COPYFILE_EXCL.
fs.writeFileSync(dest, 'old');
fs.copyFileSync(src, dest, 0);
assert.strictEqual(fs.statSync(dest).size, content.length);
assert.throws(() => fs.copyFileSync(src, dest, fs.constants.COPYFILE_EXCL), { code: 'EEXIST', syscall: 'copyfile' });

const dest2 = tmpdir.resolve('copy2.out');
fs.copyFile(src, dest2, common.mustSucceed(() => {
  assert.ok(fs.readFileSync(dest2).equals(content));
  fs.copyFile(src, dest2, fs.constants.COPYFILE_EXCL, common.expectsError({ code: 'EEXIST' }));
}));
fs.promises.copyFile(src, tmpdir.resolve('copy3.out')).then(common.mustCall(() => {
  assert.strictEqual(fs.statSync(tmpdir.resolve('copy3.out')).size, content.length);
}));

const missing = tmpdir.resolve('missing');
assert.throws(() => fs.copyFileSync(missing, dest), {
  code: 'ENOENT',
  syscall: 'copyfile',
  message: `ENOENT: no such file or directory, copyfile '${missing}' -> '${dest}'`,
});
fs.copyFile(missing, dest, common.expectsError({ code: 'ENOENT' }));
assert.throws(() => fs.copyFileSync(src, dest, 8), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => fs.copyFileSync(src, dest, 'r'), { code: 'ERR_INVALID_ARG_TYPE' });
