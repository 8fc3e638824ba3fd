// Port of Node's test/parallel/test-stream-map.js and -filter.js and -reduce.js: the Readable
// operators map, filter, reduce, toArray, take, drop, some and find, with async functions and
// concurrency.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Readable } = require('stream');

async function main() {
  assert.deepStrictEqual(await Readable.from([1, 2, 3, 4]).map((x) => x * 2).toArray(), [2, 4, 6, 8]);
  assert.deepStrictEqual(
    await Readable.from([1, 2, 3, 4]).map(async (x) => {
      await new Promise((r) => setTimeout(r, 5 - x));
      return x;
    }, { concurrency: 4 }).toArray(),
    [1, 2, 3, 4],
    'results keep the input order whatever the concurrency');
  assert.deepStrictEqual(await Readable.from([1, 2, 3, 4, 5]).filter((x) => x % 2).toArray(), [1, 3, 5]);
  assert.deepStrictEqual(await Readable.from([1, 2, 3, 4, 5]).filter(async (x) => x > 3).toArray(), [4, 5]);
  assert.strictEqual(await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 10), 16);
  assert.strictEqual(await Readable.from([1, 2, 3]).reduce((a, b) => a + b), 6);
  assert.deepStrictEqual(await Readable.from([1, 2, 3, 4]).take(2).toArray(), [1, 2]);
  assert.deepStrictEqual(await Readable.from([1, 2, 3, 4]).drop(3).toArray(), [4]);
  assert.strictEqual(await Readable.from([1, 2, 3]).some((x) => x > 2), true);
  assert.strictEqual(await Readable.from([1, 2, 3]).every((x) => x > 2), false);
  assert.strictEqual(await Readable.from([1, 2, 3]).find((x) => x > 1), 2);

  const seen = [];
  await Readable.from(['a', 'b']).forEach((x) => seen.push(x));
  assert.deepStrictEqual(seen, ['a', 'b']);

  // An error in the mapper rejects.
  await assert.rejects(Readable.from([1]).map(() => {
    throw new Error('mapper failed');
  }).toArray(), { message: 'mapper failed' });

  // Empty reduce with no initial value is a TypeError.
  await assert.rejects(Readable.from([]).reduce((a, b) => a + b), { name: 'TypeError' });

  assert.throws(() => Readable.from([1]).map(42), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => Readable.from([1]).map((x) => x, { concurrency: 0 }), { code: 'ERR_OUT_OF_RANGE' });
}

main().then(common.mustCall());
