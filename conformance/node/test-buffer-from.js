// Port of Node's test/parallel/test-buffer-from.js: Buffer.from strings, arrays, array-likes,
// ArrayBuffers (with offset/length), other Buffers and objects with valueOf/toPrimitive, and
// the TypeError for everything else.
'use strict';
require('./common');
const assert = require('assert');

assert.deepStrictEqual([...Buffer.from('abc')], [97, 98, 99]);
assert.deepStrictEqual([...Buffer.from([1, 2, 257, -1])], [1, 2, 1, 255]);
assert.deepStrictEqual([...Buffer.from({ length: 2, 0: 7, 1: 8 })], [7, 8]);

const ab = new ArrayBuffer(8);
const fromAb = Buffer.from(ab, 2, 4);
assert.strictEqual(fromAb.length, 4);
assert.strictEqual(fromAb.buffer, ab, 'a view of the same memory');
new Uint8Array(ab)[2] = 42;
assert.strictEqual(fromAb[0], 42);
assert.throws(() => Buffer.from(ab, 9), { code: 'ERR_BUFFER_OUT_OF_BOUNDS', name: 'RangeError' });

const orig = Buffer.from('copy me');
const copy = Buffer.from(orig);
copy[0] = 0x43;
assert.strictEqual(orig.toString(), 'copy me', 'Buffer.from(buffer) copies');

assert.deepStrictEqual(Buffer.from(new String('str')), Buffer.from('str'));
assert.deepStrictEqual(Buffer.from({ valueOf() { return 'vo'; } }), Buffer.from('vo'));
assert.deepStrictEqual(Buffer.from({ [Symbol.toPrimitive]() { return 'tp'; } }), Buffer.from('tp'));
assert.deepStrictEqual(Buffer.from(new Uint16Array([1, 0x102])), Buffer.from([1, 2]));

assert.deepStrictEqual(Buffer.from('aGVsbG8=', 'base64'), Buffer.from('hello'));
assert.deepStrictEqual(Buffer.from('aGVsbG8', 'base64url'), Buffer.from('hello'));
assert.deepStrictEqual(Buffer.from('68656c6c6f', 'hex'), Buffer.from('hello'));
assert.deepStrictEqual(Buffer.from('hi', 'utf16le'), Buffer.from([0x68, 0, 0x69, 0]));
assert.deepStrictEqual(Buffer.from('\u00ff\u0100', 'latin1'), Buffer.from([0xff, 0x00]));

for (const bad of [undefined, null, 5, true, Symbol('s'), () => {}, {}]) {
  assert.throws(() => Buffer.from(bad), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });
}
