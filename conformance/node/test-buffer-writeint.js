// Port of Node's test/parallel/test-buffer-writeint.js and -writeuint.js: writeInt*/writeUInt*
// store two's complement in both byte orders, return the next offset, and reject values out of
// range with Node's message.
'use strict';
require('./common');
const assert = require('assert');

const buf = Buffer.alloc(8);
assert.strictEqual(buf.writeInt8(-1, 0), 1);
assert.strictEqual(buf[0], 0xff);
assert.strictEqual(buf.writeUInt8(0x7f, 1), 2);
assert.strictEqual(buf.writeInt16BE(-2, 0), 2);
assert.deepStrictEqual([...buf.subarray(0, 2)], [0xff, 0xfe]);
assert.strictEqual(buf.writeInt16LE(-2, 0), 2);
assert.deepStrictEqual([...buf.subarray(0, 2)], [0xfe, 0xff]);
assert.strictEqual(buf.writeUInt32BE(0xdeadbeef, 0), 4);
assert.deepStrictEqual([...buf.subarray(0, 4)], [0xde, 0xad, 0xbe, 0xef]);
assert.strictEqual(buf.writeUint32LE(0xdeadbeef, 4), 8);
assert.deepStrictEqual([...buf.subarray(4)], [0xef, 0xbe, 0xad, 0xde]);
assert.strictEqual(buf.writeInt32LE(-0x80000000, 0), 4);
assert.deepStrictEqual([...buf.subarray(0, 4)], [0, 0, 0, 0x80]);

assert.strictEqual(buf.writeIntBE(-0x123456, 0, 3), 3);
assert.strictEqual(buf.readIntBE(0, 3), -0x123456);
assert.strictEqual(buf.writeUIntLE(0xffffffffffff, 0, 6), 6);
assert.strictEqual(buf.readUIntLE(0, 6), 0xffffffffffff);
assert.strictEqual(buf.writeBigInt64BE(-1n, 0), 8);
assert.ok(buf.every((b) => b === 0xff));
assert.strictEqual(buf.writeBigUInt64LE(0x0102030405060708n), 8);
assert.deepStrictEqual([...buf], [8, 7, 6, 5, 4, 3, 2, 1]);

assert.throws(() => buf.writeInt8(128, 0), {
  code: 'ERR_OUT_OF_RANGE',
  name: 'RangeError',
  message: 'The value of "value" is out of range. It must be >= -128 and <= 127. Received 128',
});
assert.throws(() => buf.writeUInt8(-1, 0), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.writeUInt16LE(0x10000, 0), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.writeInt32BE(2 ** 31, 0), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.writeInt16LE(1, 7), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.writeIntLE(1, 0, 7), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.writeBigInt64LE(1, 0), { name: 'TypeError' });
assert.throws(() => buf.writeInt8(1, '0'), { code: 'ERR_INVALID_ARG_TYPE' });
