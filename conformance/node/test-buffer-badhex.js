// Port of Node's test/parallel/test-buffer-badhex.js: hex decoding stops at the first invalid
// pair or a trailing odd digit, and hex round trips of every byte value.
'use strict';
require('./common');
const assert = require('assert');

{
  const buf = Buffer.alloc(4);
  assert.strictEqual(buf.length, 4);
  assert.deepStrictEqual(buf, Buffer.from([0, 0, 0, 0]));
  assert.strictEqual(buf.write('abcdxx', 0, 'hex'), 2);
  assert.deepStrictEqual(buf, Buffer.from([0xab, 0xcd, 0x00, 0x00]));
  assert.strictEqual(buf.toString('hex'), 'abcd0000');
  assert.strictEqual(buf.write('abcdef01', 0, 'hex'), 4);
  assert.deepStrictEqual(buf, Buffer.from([0xab, 0xcd, 0xef, 0x01]));
  assert.strictEqual(buf.toString('hex'), 'abcdef01');
}

assert.deepStrictEqual(Buffer.from('abx', 'hex'), Buffer.from([0xab]));
assert.deepStrictEqual(Buffer.from('a', 'hex'), Buffer.alloc(0));
assert.deepStrictEqual(Buffer.from('abc', 'hex'), Buffer.from([0xab]));
assert.deepStrictEqual(Buffer.from('xx', 'hex'), Buffer.alloc(0));
assert.deepStrictEqual(Buffer.from('0G', 'hex'), Buffer.alloc(0));
assert.deepStrictEqual(Buffer.from('AbCd', 'hex'), Buffer.from([0xab, 0xcd]));

const all = Buffer.alloc(256);
for (let i = 0; i < 256; i++) all[i] = i;
const hex = all.toString('hex');
assert.strictEqual(hex.length, 512);
assert.deepStrictEqual(Buffer.from(hex, 'hex'), all);
assert.deepStrictEqual(Buffer.from(hex.toUpperCase(), 'hex'), all);
