// Port of Node's test/parallel/test-buffer-alloc.js: alloc/allocUnsafe sizes and zeroing,
// fill arguments of alloc, write/toString round trips per encoding, slicing views, and the
// argument errors.
'use strict';
require('./common');
const assert = require('assert');
const { Buffer, kMaxLength } = require('buffer');

const b = Buffer.allocUnsafe(1024);
assert.strictEqual(b.length, 1024);
b[0] = -1;
assert.strictEqual(b[0], 255);
for (let i = 0; i < 1024; i++) b[i] = i % 256;
for (let i = 0; i < 1024; i++) assert.strictEqual(b[i], i % 256);

const z = Buffer.alloc(1024);
assert.ok(z.every((v) => v === 0));
assert.strictEqual(Buffer.alloc(0).length, 0);

assert.deepStrictEqual(Buffer.alloc(4, 'a'), Buffer.from('aaaa'));
assert.deepStrictEqual(Buffer.alloc(5, 'ab'), Buffer.from('ababa'));
assert.deepStrictEqual(Buffer.alloc(4, 0x101), Buffer.from([1, 1, 1, 1]));
assert.deepStrictEqual(Buffer.alloc(6, 'YWJj', 'base64'), Buffer.from('abcabc'));
assert.deepStrictEqual(Buffer.alloc(3, Buffer.from([9, 8])), Buffer.from([9, 8, 9]));

// Writing strings in each encoding and reading them back.
const buf = Buffer.alloc(64);
assert.strictEqual(buf.write('hello world', 0, 'utf8'), 11);
assert.strictEqual(buf.toString('utf8', 0, 11), 'hello world');
assert.strictEqual(buf.write('\u00e9', 20, 'latin1'), 1);
assert.strictEqual(buf[20], 0xe9);
assert.strictEqual(buf.write('\u00e9', 30), 2);
assert.deepStrictEqual([...buf.subarray(30, 32)], [0xc3, 0xa9]);
assert.strictEqual(buf.write('abcd', 60), 4);
assert.strictEqual(buf.write('abcd', 62), 2, 'a write stops at the end');
assert.strictEqual(buf.write('\u00e9', 63), 0, 'a character that does not fit is not split');
assert.strictEqual(Buffer.from('€').length, 3);
assert.strictEqual(Buffer.from('\ud83d\ude00').toString(), '\ud83d\ude00');

// slice and subarray share memory.
const base = Buffer.from('abcdef');
const view = base.slice(1, 3);
view[0] = 0x5a;
assert.strictEqual(base.toString(), 'aZcdef');
assert.strictEqual(base.subarray(-2).toString(), 'ef');
assert.strictEqual(base.slice(4, 2).length, 0);
assert.strictEqual(base.slice('1', '3').toString(), 'Zc');

// Invalid sizes.
for (const bad of [-1, 'x', {}, NaN, kMaxLength + 1]) {
  assert.throws(() => Buffer.alloc(bad), { code: /ERR_INVALID_ARG_TYPE|ERR_OUT_OF_RANGE/ });
  assert.throws(() => Buffer.allocUnsafe(bad), { code: /ERR_INVALID_ARG_TYPE|ERR_OUT_OF_RANGE/ });
}
assert.throws(() => Buffer.alloc(1, 'x', 'nope'), { code: 'ERR_UNKNOWN_ENCODING' });
assert.throws(() => buf.write('a', -1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.write('a', 0, 1, 'nope'), { code: 'ERR_UNKNOWN_ENCODING', message: 'Unknown encoding: nope' });

assert.strictEqual(Buffer.poolSize, 8192);
assert.ok(Buffer.isBuffer(Buffer.allocUnsafeSlow(3)));
assert.strictEqual(Buffer.allocUnsafeSlow(3).length, 3);
