// Port of Node's test/parallel/test-fs-write.js (with -write-buffer and -write-sync): write and
// writeSync of strings (with position and encoding) and buffers (with offset, length, position),
// the byte counts reported, and bad arguments.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const expected = 'ümlaut.';
const constants = fs.constants;

{
  const file = tmpdir.resolve('write1.txt');
  fs.open(file, 'w', 0o644, common.mustSucceed((fd) => {
    fs.write(fd, '', 0, 'utf8', common.mustSucceed((written) => {
      assert.strictEqual(written, 0);
      fs.write(fd, expected, 0, 'utf8', common.mustSucceed((written2, str) => {
        assert.strictEqual(written2, Buffer.byteLength(expected));
        assert.strictEqual(str, expected);
        fs.closeSync(fd);
        assert.strictEqual(fs.readFileSync(file, 'utf8'), expected);
      }));
    }));
  }));
}

{
  const file = tmpdir.resolve('write2.txt');
  const fd = fs.openSync(file, constants.O_CREAT | constants.O_WRONLY | constants.O_TRUNC, 0o644);
  fs.write(fd, Buffer.from('hello world'), 6, 5, 0, common.mustSucceed((written, buf) => {
    assert.strictEqual(written, 5);
    assert.strictEqual(buf.toString(), 'hello world');
    fs.closeSync(fd);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'world');
  }));
}

{
  const file = tmpdir.resolve('write3.txt');
  const fd = fs.openSync(file, 'w+');
  assert.strictEqual(fs.writeSync(fd, 'abc'), 3);
  assert.strictEqual(fs.writeSync(fd, 'Z', 1), 1, 'a string at a position');
  assert.strictEqual(fs.writeSync(fd, '6869', null, 'hex'), 2);
  assert.strictEqual(fs.writeSync(fd, Buffer.from('12345'), 1, 2), 2);
  assert.strictEqual(fs.writeSync(fd, new Uint8Array([0x21])), 1);
  assert.strictEqual(fs.writeSync(fd, Buffer.from('END'), { offset: 0, length: 3, position: 20 }), 3);
  fs.closeSync(fd);
  const got = fs.readFileSync(file);
  assert.strictEqual(got.toString('latin1', 0, 8), 'aZchi23!');
  assert.strictEqual(got.length, 23);
  assert.ok(got.subarray(8, 20).every((b) => b === 0), 'the gap reads as zeros');
  assert.strictEqual(got.toString('latin1', 20), 'END');
}

{
  // An fd opened for appending writes at the end whatever the position.
  const file = tmpdir.resolve('write4.txt');
  fs.writeFileSync(file, 'start');
  const fd = fs.openSync(file, 'a');
  fs.writeSync(fd, '-end', 0);
  fs.closeSync(fd);
  assert.strictEqual(fs.readFileSync(file, 'utf8'), 'start-end');
}

const fd = fs.openSync(tmpdir.resolve('write5.txt'), 'w');
assert.throws(() => fs.write(fd, Buffer.from('x'), 0, 1, 0), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.writeSync(fd, 42), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.writeSync(fd, Buffer.from('abc'), 4), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => fs.writeSync(fd, Buffer.from('abc'), 0, 4), { code: 'ERR_OUT_OF_RANGE' });
fs.closeSync(fd);
assert.throws(() => fs.writeSync(fd, 'x'), { code: 'EBADF' });
