// Port of Node's test/parallel/test-buffer-iterator.js: for..of, values(), keys() and entries()
// over a buffer, and the iterator protocol of each.
'use strict';
require('./common');
const assert = require('assert');

const buffer = Buffer.from([1, 2, 3, 4, 5]);

const viaForOf = [];
for (const b of buffer) viaForOf.push(b);
assert.deepStrictEqual(viaForOf, [1, 2, 3, 4, 5]);

assert.deepStrictEqual([...buffer.values()], [1, 2, 3, 4, 5]);
assert.deepStrictEqual([...buffer.keys()], [0, 1, 2, 3, 4]);
assert.deepStrictEqual([...buffer.entries()], [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
assert.strictEqual(buffer[Symbol.iterator], buffer.values);

const it = buffer.values();
assert.strictEqual(typeof it.next, 'function');
assert.strictEqual(it[Symbol.iterator](), it);
assert.deepStrictEqual(it.next(), { value: 1, done: false });
const rest = [];
let step;
while (!(step = it.next()).done) rest.push(step.value);
assert.deepStrictEqual(rest, [2, 3, 4, 5]);
assert.deepStrictEqual(it.next(), { value: undefined, done: true });

assert.deepStrictEqual([...Buffer.alloc(0)], []);
