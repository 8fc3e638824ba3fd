// Port of Node's test/parallel/test-fs-read.js (with -read-optional-params and -read-offset-
// null): read/readSync into buffers at offsets and positions, the options-object forms,
// reading at EOF, and the argument range checks.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const file = tmpdir.resolve('x.txt');
const expected = Buffer.from('xyz\n');
fs.writeFileSync(file, expected);
const fd = fs.openSync(file, 'r');

function test(bufferSync, bufferAsync, expectedBytes) {
  fs.read(fd, bufferAsync, 0, expected.length, 0, common.mustSucceed((bytesRead, buf) => {
    assert.strictEqual(bytesRead, expectedBytes);
    assert.strictEqual(buf, bufferAsync);
    assert.deepStrictEqual(Buffer.from(bufferAsync.buffer, bufferAsync.byteOffset, expectedBytes), expected);
  }));
  const n = fs.readSync(fd, bufferSync, 0, expected.length, 0);
  assert.strictEqual(n, expectedBytes);
  assert.deepStrictEqual(Buffer.from(bufferSync.buffer, bufferSync.byteOffset, n), expected);
}
test(Buffer.allocUnsafe(expected.length), Buffer.allocUnsafe(expected.length), expected.length);
test(new Uint8Array(expected.length), new Uint8Array(expected.length), expected.length);

// Offset into the target buffer, a position in the file.
const into = Buffer.alloc(6, '.');
assert.strictEqual(fs.readSync(fd, into, 2, 2, 1), 2);
assert.strictEqual(into.toString(), '..yz..');

// Reading at or past the end gives 0 bytes.
assert.strictEqual(fs.readSync(fd, Buffer.alloc(4), 0, 4, 100), 0);

// The options forms.
const opt = Buffer.alloc(4);
assert.strictEqual(fs.readSync(fd, opt, { position: 1, length: 2 }), 2);
assert.strictEqual(opt.toString('latin1', 0, 2), 'yz');
fs.read(fd, { buffer: Buffer.alloc(3), position: 0 }, common.mustSucceed((bytesRead, buf) => {
  assert.strictEqual(bytesRead, 3);
  assert.strictEqual(buf.toString(), 'xyz');
}));
fs.read(fd, common.mustSucceed((bytesRead, buf) => {
  // No buffer: a 16 KiB one is made; a null position reads from the current offset.
  assert.strictEqual(buf.length, 16384);
  assert.ok(bytesRead <= expected.length);
}));

// A null position reads sequentially.
const seq = fs.openSync(file, 'r');
const one = Buffer.alloc(1);
fs.readSync(seq, one, 0, 1, null);
assert.strictEqual(one.toString(), 'x');
fs.readSync(seq, one, 0, 1, null);
assert.strictEqual(one.toString(), 'y');
fs.closeSync(seq);

assert.throws(() => fs.readSync(fd, Buffer.alloc(1), 0, 2, 0), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => fs.readSync(fd, Buffer.alloc(1), -1, 1, 0), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => fs.readSync(fd, 'not a buffer', 0, 1, 0), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.read(fd, Buffer.alloc(1), 0, 1, 0), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.readSync(-1, Buffer.alloc(1), 0, 1, 0), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => fs.readSync(9999, Buffer.alloc(1), 0, 1, 0), { code: 'EBADF', syscall: 'read' });

process.on('exit', () => fs.closeSync(fd));
