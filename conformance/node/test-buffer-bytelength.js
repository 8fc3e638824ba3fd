// Port of Node's test/parallel/test-buffer-bytelength.js: Buffer.byteLength of strings in each
// encoding, of buffers, typed arrays, DataViews and ArrayBuffers, and its type errors.
'use strict';
require('./common');
const assert = require('assert');

assert.strictEqual(Buffer.byteLength(''), 0);
assert.strictEqual(Buffer.byteLength('\u00e9'), 2);
assert.strictEqual(Buffer.byteLength('\u00e9', 'latin1'), 1);
assert.strictEqual(Buffer.byteLength('\u20ac'), 3);
assert.strictEqual(Buffer.byteLength('\ud83d\ude00'), 4);
assert.strictEqual(Buffer.byteLength('\ud83d'), 3, 'a lone surrogate is one replacement character');
assert.strictEqual(Buffer.byteLength('abc', 'ucs2'), 6);
assert.strictEqual(Buffer.byteLength('abc', 'utf16le'), 6);
assert.strictEqual(Buffer.byteLength('abcd', 'hex'), 2);
assert.strictEqual(Buffer.byteLength('abc', 'hex'), 1);
assert.strictEqual(Buffer.byteLength('aGVsbG8gd29ybGQ=', 'base64'), 11);
assert.strictEqual(Buffer.byteLength('aGVsbG8gd29ybGQ', 'base64'), 11);
assert.strictEqual(Buffer.byteLength('aGVsbG8gd29ybGQ', 'base64url'), 11);
assert.strictEqual(Buffer.byteLength('bm9kZS5qcyByb2NrcyE=', 'BASE64'), 14);
assert.strictEqual(Buffer.byteLength('abc', 'ascii'), 3);
assert.strictEqual(Buffer.byteLength('abc', 'unknown-encoding'), 3, 'unknown encodings count as utf8');

assert.strictEqual(Buffer.byteLength(Buffer.alloc(7)), 7);
assert.strictEqual(Buffer.byteLength(new Uint32Array(3)), 12);
assert.strictEqual(Buffer.byteLength(new DataView(new ArrayBuffer(5))), 5);
assert.strictEqual(Buffer.byteLength(new ArrayBuffer(9)), 9);
assert.strictEqual(Buffer.byteLength(new SharedArrayBuffer(4)), 4);

for (const bad of [32, NaN, {}, true, null, undefined, []]) {
  assert.throws(() => Buffer.byteLength(bad), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });
}
