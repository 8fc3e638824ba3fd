// Port of Node's test/parallel/test-stream-readable-async-iterators.js: for await over a
// Readable yields every chunk, ends with the stream, rethrows its error, destroys the stream when
// the loop breaks, and works in object mode.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Readable } = require('stream');

async function chunksInOrder() {
  const r = new Readable({ read() {} });
  const max = 5;
  let pushed = 0;
  r._read = function() {
    if (pushed < max) this.push(`chunk${pushed++}`);
    else this.push(null);
  };
  const got = [];
  for await (const c of r) got.push(c.toString());
  // Chunks buffered together may come out joined; the bytes and their order are what count.
  assert.ok(got.length >= 1 && got.length <= max);
  assert.strictEqual(got.join(''), 'chunk0chunk1chunk2chunk3chunk4');
}

async function rethrows() {
  const r = new Readable({ read() {} });
  process.nextTick(() => r.destroy(new Error('kaboom')));
  await assert.rejects(async () => {
    for await (const c of r) assert.fail(`no chunk expected, got ${c}`);
  }, { message: 'kaboom' });
}

async function breakDestroys() {
  const r = Readable.from(['a', 'b', 'c']);
  for await (const c of r) {
    assert.strictEqual(c, 'a');
    break;
  }
  assert.strictEqual(r.destroyed, true);
}

async function objectMode() {
  const r = new Readable({ objectMode: true, read() {} });
  r.push({ n: 1 });
  r.push({ n: 2 });
  r.push(null);
  const got = [];
  for await (const o of r) got.push(o.n);
  assert.deepStrictEqual(got, [1, 2]);
}

async function iteratorMethods() {
  const r = Readable.from([1, 2, 3]);
  const it = r[Symbol.asyncIterator]();
  assert.deepStrictEqual(await it.next(), { value: 1, done: false });
  await it.return();
  assert.deepStrictEqual(await it.next(), { value: undefined, done: true });
}

(async () => {
  await chunksInOrder();
  await rethrows();
  await breakDestroys();
  await objectMode();
  await iteratorMethods();
})().then(common.mustCall());
