// Port of Node's test/parallel/test-buffer-readint.js and -readuint.js: readInt8/16/32 and the
// unsigned forms in both byte orders, readIntBE/LE of 1-6 bytes, and offset validation.
'use strict';
require('./common');
const assert = require('assert');

const buf = Buffer.from([0xff, 0xfe, 0x01, 0x02, 0x80, 0x00, 0x00, 0x7f]);

assert.strictEqual(buf.readInt8(0), -1);
assert.strictEqual(buf.readUInt8(0), 255);
assert.strictEqual(buf.readUint8(2), 1);
assert.strictEqual(buf.readInt16BE(0), -2);
assert.strictEqual(buf.readInt16LE(0), -257);
assert.strictEqual(buf.readUInt16BE(2), 0x0102);
assert.strictEqual(buf.readUInt16LE(2), 0x0201);
assert.strictEqual(buf.readInt32BE(4), -2147483521);
assert.strictEqual(buf.readInt32LE(4), 0x7f000080);
assert.strictEqual(buf.readUInt32BE(0), 0xfffe0102);
assert.strictEqual(buf.readUInt32LE(0), 0x0201feff);

assert.strictEqual(buf.readIntBE(0, 1), -1);
assert.strictEqual(buf.readIntBE(0, 3), -511);
assert.strictEqual(buf.readIntLE(0, 3), 0x01feff);
assert.strictEqual(buf.readUIntBE(0, 6), 0xfffe01028000);
assert.strictEqual(buf.readUIntLE(2, 6), 0x7f0000800201);
assert.strictEqual(buf.readIntBE(2, 6), 0x01028000007f);

assert.strictEqual(buf.readBigInt64BE(0), -0x1fefd7fffff81n);
assert.strictEqual(buf.readBigUInt64LE(0), 0x7f0000800201feffn);

// Offsets: default 0, must be integers inside the buffer.
assert.strictEqual(buf.readInt8(), -1);
for (const fn of ['readInt8', 'readInt16LE', 'readUInt32BE']) {
  assert.throws(() => buf[fn](-1), { code: 'ERR_OUT_OF_RANGE', name: 'RangeError' }, fn);
  assert.throws(() => buf[fn](8), { code: 'ERR_OUT_OF_RANGE' }, fn);
  assert.throws(() => buf[fn](1.5), { code: 'ERR_OUT_OF_RANGE' }, fn);
  assert.throws(() => buf[fn]('1'), { code: 'ERR_INVALID_ARG_TYPE' }, fn);
}
assert.throws(() => buf.readInt32LE(5), { code: 'ERR_OUT_OF_RANGE', name: 'RangeError' });
assert.throws(() => buf.readIntBE(0, 7), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.readIntBE(0, 0), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => Buffer.alloc(0).readInt8(0), { code: 'ERR_BUFFER_OUT_OF_BOUNDS' });
