// Port of Node's test/parallel/test-readable-from.js: stream.Readable.from over arrays,
// strings, Buffers, generators, async generators and promises, in object mode by default.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Readable } = require('stream');

async function collect(stream) {
  const out = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

async function main() {
  assert.deepStrictEqual(await collect(Readable.from([1, 2, 3])), [1, 2, 3]);
  assert.deepStrictEqual(await collect(Readable.from('a string')), ['a string'], 'a string is one chunk');
  const buffers = await collect(Readable.from(Buffer.from('buf')));
  assert.strictEqual(buffers.length, 1);
  assert.strictEqual(buffers[0].toString(), 'buf');

  function* gen() {
    yield 'x';
    yield 'y';
  }
  assert.deepStrictEqual(await collect(Readable.from(gen())), ['x', 'y']);

  async function* agen() {
    yield 'p';
    await new Promise((r) => setTimeout(r, 1));
    yield 'q';
  }
  assert.deepStrictEqual(await collect(Readable.from(agen())), ['p', 'q']);
  assert.deepStrictEqual(await collect(Readable.from([Promise.resolve('resolved')])), ['resolved']);

  const r = Readable.from(['o']);
  assert.strictEqual(r.readableObjectMode, true);
  const notObj = Readable.from(['o'], { objectMode: false });
  assert.strictEqual(notObj.readableObjectMode, false);

  // An error thrown by the generator destroys the stream with it.
  function* failing() {
    yield 1;
    throw new Error('generator failed');
  }
  await assert.rejects(collect(Readable.from(failing())), { message: 'generator failed' });

  assert.throws(() => Readable.from(42), { code: 'ERR_INVALID_ARG_TYPE' });
}

main().then(common.mustCall());
