// Port of Node's test/parallel/test-buffer-write.js: write() in every encoding with offsets and
// lengths, the bytes it reports, and its argument errors.
'use strict';
require('./common');
const assert = require('assert');

const cases = {
  utf8: [0x66, 0x6f, 0x6f, 0xc3, 0xa9],
  ucs2: [0x66, 0x00, 0x6f, 0x00, 0x6f, 0x00, 0xe9, 0x00],
  utf16le: [0x66, 0x00, 0x6f, 0x00, 0x6f, 0x00, 0xe9, 0x00],
  latin1: [0x66, 0x6f, 0x6f, 0xe9],
  binary: [0x66, 0x6f, 0x6f, 0xe9],
  ascii: [0x66, 0x6f, 0x6f, 0xe9],
};
for (const [enc, bytes] of Object.entries(cases)) {
  const buf = Buffer.alloc(9);
  const n = buf.write('foo\u00e9', 0, enc);
  assert.strictEqual(n, bytes.length, enc);
  assert.deepStrictEqual([...buf.subarray(0, n)], bytes, enc);
  // ascii writes like latin1 but reads back without the high bit (0xe9 -> 0x69).
  assert.strictEqual(buf.toString(enc, 0, n), enc === 'ascii' ? 'fooi' : 'foo\u00e9', enc);
}

const b = Buffer.alloc(8);
assert.strictEqual(b.write('YWJj', 'base64'), 3);
assert.strictEqual(b.toString('latin1', 0, 3), 'abc');
assert.strictEqual(b.write('ffee', 2, 'hex'), 2);
assert.deepStrictEqual([...b.subarray(2, 4)], [0xff, 0xee]);
assert.strictEqual(b.write('ffzz', 0, 'hex'), 1, 'hex stops at the first bad pair');
assert.strictEqual(b.write('abcdef', 4, 2), 2);
assert.strictEqual(b.toString('latin1', 4, 6), 'ab');
assert.strictEqual(b.write('xyz', 7), 1);
assert.strictEqual(b.write(''), 0);

// A ucs2 write never splits a code unit.
const odd = Buffer.alloc(3);
assert.strictEqual(odd.write('ab', 'ucs2'), 2);

assert.throws(() => b.write('a', 9), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => b.write('a', 0, -1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => b.write(1), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => b.write('a', 'nope'), { code: 'ERR_UNKNOWN_ENCODING' });
