// Port of Node's test/parallel/test-fs-readfile.js (with -readfile-empty and -readfile-error):
// callback readFile of small, large and empty files, encodings, the flag option, reading from an
// fd, and the errors for missing files and directories.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const small = tmpdir.resolve('small.txt');
const large = tmpdir.resolve('large.bin');
const empty = tmpdir.resolve('empty.txt');
const text = 'xyz\n'.repeat(10);
const big = Buffer.alloc(300 * 1024);
for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
fs.writeFileSync(small, text);
fs.writeFileSync(large, big);
fs.writeFileSync(empty, '');

fs.readFile(small, common.mustSucceed((data) => {
  assert.ok(Buffer.isBuffer(data));
  assert.strictEqual(data.toString(), text);
}));
fs.readFile(small, 'utf8', common.mustSucceed((data) => assert.strictEqual(data, text)));
fs.readFile(small, { encoding: 'base64' }, common.mustSucceed((data) => {
  assert.strictEqual(data, Buffer.from(text).toString('base64'));
}));
fs.readFile(large, common.mustSucceed((data) => assert.ok(data.equals(big))));
fs.readFile(empty, common.mustSucceed((data) => assert.strictEqual(data.length, 0)));
fs.readFile(empty, 'utf8', common.mustSucceed((data) => assert.strictEqual(data, '')));
fs.readFile(small, { flag: 'r' }, common.mustSucceed((data) => assert.strictEqual(data.length, text.length)));

// A flag that creates: 'a+' on a missing file gives an empty file.
fs.readFile(tmpdir.resolve('created.txt'), { flag: 'a+' }, common.mustSucceed((data) => {
  assert.strictEqual(data.length, 0);
  assert.ok(fs.existsSync(tmpdir.resolve('created.txt')));
}));

// Reading through a descriptor reads from its current position.
const fd = fs.openSync(small, 'r');
fs.readSync(fd, Buffer.alloc(4), 0, 4, null);
fs.readFile(fd, 'utf8', common.mustSucceed((data) => {
  assert.strictEqual(data, text.slice(4));
  fs.closeSync(fd);
}));

fs.readFile(tmpdir.resolve('missing'), common.expectsError({ code: 'ENOENT', syscall: 'open' }));
fs.readFile(tmpdir.path, common.expectsError({ code: 'EISDIR', syscall: 'read' }));

assert.throws(() => fs.readFile(small), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.readFile(small, 'utf8'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.readFile(small, 'nope', () => {}), { code: 'ERR_INVALID_ARG_VALUE' });
