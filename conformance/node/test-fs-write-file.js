// Port of Node's test/parallel/test-fs-write-file.js: callback writeFile of strings and
// buffers, encodings, the mode and flag options, overwriting, and writing to a descriptor.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const s = '南越国是前203年至前111年存在于岭南地区的一个国家，国都位于番禺，疆域包括今天中国的广东、' +
  '广西两省区的大部份地区，福建省、湖南、贵州、云南的一小部份地区和越南的北部。';

const f1 = tmpdir.resolve('test1.txt');
fs.writeFile(f1, s, common.mustSucceed(() => {
  assert.strictEqual(fs.readFileSync(f1, 'utf8'), s);

  // Overwrite with a buffer.
  const buf = Buffer.from('abc');
  fs.writeFile(f1, buf, common.mustSucceed(() => {
    assert.strictEqual(fs.readFileSync(f1, 'utf8'), 'abc');
  }));
}));

const f2 = tmpdir.resolve('test2.txt');
fs.writeFile(f2, '68656c6c6f', 'hex', common.mustSucceed(() => {
  assert.strictEqual(fs.readFileSync(f2, 'utf8'), 'hello');
}));

const f3 = tmpdir.resolve('test3.txt');
fs.writeFile(f3, 'x', { mode: 0o600 }, common.mustSucceed(() => {
  assert.strictEqual(fs.statSync(f3).mode & 0o777, 0o600);
}));

const f4 = tmpdir.resolve('test4.txt');
fs.writeFileSync(f4, 'start-');
fs.writeFile(f4, 'appended', { flag: 'a' }, common.mustSucceed(() => {
  assert.strictEqual(fs.readFileSync(f4, 'utf8'), 'start-appended');
}));

const f5 = tmpdir.resolve('test5.txt');
fs.writeFileSync(f5, 'exists');
fs.writeFile(f5, 'again', { flag: 'wx' }, common.expectsError({ code: 'EEXIST', syscall: 'open' }));

// Typed arrays other than Uint8Array are written as their bytes.
const f6 = tmpdir.resolve('test6.txt');
fs.writeFile(f6, new Uint16Array([0x6968]), common.mustSucceed(() => {
  assert.strictEqual(fs.readFileSync(f6, 'latin1'), 'hi');
}));

// A descriptor: written at its position, not truncated.
const f7 = tmpdir.resolve('test7.txt');
fs.writeFileSync(f7, 'abcdef');
const fd = fs.openSync(f7, 'r+');
fs.writeFile(fd, 'XY', common.mustSucceed(() => {
  fs.closeSync(fd);
  assert.strictEqual(fs.readFileSync(f7, 'utf8'), 'XYcdef');
}));

fs.writeFile(tmpdir.resolve('no/such/dir/file'), 'x', common.expectsError({ code: 'ENOENT' }));
assert.throws(() => fs.writeFile(f1, 'x'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.writeFile(f1, 42, () => {}), { code: 'ERR_INVALID_ARG_TYPE' });
