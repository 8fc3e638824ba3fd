// Port of Node's test/parallel/test-buffer-concat.js: concat of several buffers, with a total
// length that truncates or zero-pads, Uint8Array members, and bad list members.
'use strict';
require('./common');
const assert = require('assert');

const zero = [];
const one = [Buffer.from('asdf')];
const long = [];
for (let i = 0; i < 10; i++) long.push(Buffer.from('asdf'));

const flatZero = Buffer.concat(zero);
const flatOne = Buffer.concat(one);
const flatLong = Buffer.concat(long);
const flatLongLen = Buffer.concat(long, 40);

assert.strictEqual(flatZero.length, 0);
assert.strictEqual(flatOne.toString(), 'asdf');
assert.notStrictEqual(flatOne, one[0], 'concat of one buffer is a copy');
assert.strictEqual(flatLong.toString(), 'asdf'.repeat(10));
assert.strictEqual(flatLongLen.toString(), 'asdf'.repeat(10));

assert.strictEqual(Buffer.concat(long, 6).toString(), 'asdfas');
const padded = Buffer.concat([Buffer.from('ab')], 5);
assert.deepStrictEqual([...padded], [97, 98, 0, 0, 0]);

assert.deepStrictEqual(Buffer.concat([new Uint8Array([1, 2]), Buffer.from([3])]), Buffer.from([1, 2, 3]));

assert.throws(() => Buffer.concat(['hello', 'world']), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "list[0]" argument must be an instance of Buffer or Uint8Array. Received type string (\'hello\')',
});
assert.throws(() => Buffer.concat([Buffer.from('x'), 3]), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => Buffer.concat('nope'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.strictEqual(Buffer.concat([], 100).length, 0, 'an empty list gives an empty buffer whatever the length');
