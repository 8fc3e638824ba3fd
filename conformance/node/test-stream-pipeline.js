// Port of Node's test/parallel/test-stream-pipeline.js: pipeline moves data through a chain,
// calls back once at the end, forwards errors from any stage and destroys the others, accepts
// generators and async functions as stages, and has a promise form.
'use strict';
const common = require('./common');
const assert = require('assert');
const { pipeline, Readable, Writable, Transform, PassThrough } = require('stream');
const { pipeline: pipelinePromise } = require('stream/promises');

{
  const chunks = ['a', 'b', 'c'];
  const got = [];
  const source = new Readable({
    read() {
      this.push(chunks.length ? chunks.shift() : null);
    },
  });
  const upper = new Transform({
    transform(chunk, enc, cb) {
      cb(null, chunk.toString().toUpperCase());
    },
  });
  const sink = new Writable({
    write(chunk, enc, cb) {
      got.push(chunk.toString());
      cb();
    },
  });
  const ret = pipeline(source, upper, sink, common.mustSucceed(() => {
    assert.deepStrictEqual(got, ['A', 'B', 'C']);
  }));
  assert.strictEqual(ret, sink, 'pipeline returns the last stream');
}

{
  // An error in the middle destroys every stream and reaches the callback once.
  const source = new Readable({ read() {} });
  const failing = new Transform({
    transform(chunk, enc, cb) {
      cb(new Error('transform failed'));
    },
  });
  const sink = new Writable({ write(chunk, enc, cb) { cb(); } });
  pipeline(source, failing, sink, common.mustCall((err) => {
    assert.strictEqual(err.message, 'transform failed');
    assert.strictEqual(source.destroyed, true);
    assert.strictEqual(sink.destroyed, true);
  }));
  source.push('data');
}

{
  // Generators and async functions as stages.
  async function* produce() {
    yield 'x';
    yield 'y';
  }
  async function* double(source) {
    for await (const chunk of source) yield chunk.toString().repeat(2);
  }
  let result = '';
  pipeline(produce, double, async function(source) {
    for await (const chunk of source) result += chunk;
    return 'returned';
  }, common.mustSucceed((value) => {
    assert.strictEqual(result, 'xxyy');
    assert.strictEqual(value, 'returned');
  }));
}

{
  // The promise form, and a destroyed source rejecting it.
  const seen = [];
  pipelinePromise(Readable.from(['1', '2']), new PassThrough(), new Writable({
    write(chunk, enc, cb) {
      seen.push(String(chunk));
      cb();
    },
  })).then(common.mustCall(() => assert.deepStrictEqual(seen, ['1', '2'])));

  const src = new Readable({ read() {} });
  assert.rejects(pipelinePromise(src, new PassThrough()), { message: 'early' }).then(common.mustCall());
  src.destroy(new Error('early'));
}

assert.throws(() => pipeline(new PassThrough()), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => pipeline(new PassThrough(), new PassThrough()), { code: 'ERR_INVALID_ARG_TYPE' });
