// Port of Node's test/parallel/test-buffer-swap.js: swap16/32/64 reverse byte order in place,
// on views with an offset too, and refuse lengths that are not a multiple of the size.
'use strict';
require('./common');
const assert = require('assert');

const buf = Buffer.from([0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0x10]);
assert.strictEqual(buf.swap16(), buf);
assert.deepStrictEqual([...buf.subarray(0, 4)], [0x2, 0x1, 0x4, 0x3]);
buf.swap16();
buf.swap32();
assert.deepStrictEqual([...buf.subarray(0, 8)], [0x4, 0x3, 0x2, 0x1, 0x8, 0x7, 0x6, 0x5]);
buf.swap32();
buf.swap64();
assert.deepStrictEqual([...buf.subarray(0, 8)], [0x8, 0x7, 0x6, 0x5, 0x4, 0x3, 0x2, 0x1]);
assert.deepStrictEqual([...buf.subarray(8)], [0x10, 0xf, 0xe, 0xd, 0xc, 0xb, 0xa, 0x9]);

// A view at an odd offset into a larger buffer.
const big = Buffer.from([0, 1, 2, 3, 4, 5, 6]);
big.subarray(1, 5).swap16();
assert.deepStrictEqual([...big], [0, 2, 1, 4, 3, 5, 6]);

// Large buffers take the same path as small ones.
const large = Buffer.alloc(1024);
for (let i = 0; i < large.length; i++) large[i] = i & 0xff;
large.swap32();
assert.deepStrictEqual([...large.subarray(0, 4)], [3, 2, 1, 0]);
assert.deepStrictEqual([...large.subarray(1020)], [255, 254, 253, 252]);

assert.throws(() => Buffer.alloc(3).swap16(), { code: 'ERR_INVALID_BUFFER_SIZE', name: 'RangeError', message: 'Buffer size must be a multiple of 16-bits' });
assert.throws(() => Buffer.alloc(6).swap32(), { code: 'ERR_INVALID_BUFFER_SIZE', message: 'Buffer size must be a multiple of 32-bits' });
assert.throws(() => Buffer.alloc(4).swap64(), { code: 'ERR_INVALID_BUFFER_SIZE', message: 'Buffer size must be a multiple of 64-bits' });
