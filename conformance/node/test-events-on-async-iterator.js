// Port of Node's test/parallel/test-events-on-async-iterator.js: events.on yields each emit's
// arguments, queues emits made before the consumer asks, throws 'error', and stops on return
// or abort.
'use strict';
const common = require('./common');
const assert = require('assert');
const { on, EventEmitter } = require('events');

async function basic() {
  const ee = new EventEmitter();
  process.nextTick(() => {
    ee.emit('foo', 'bar');
    ee.emit('error', 42); // the iterator listens for 'error' and throws it
  });
  const seen = [];
  try {
    for await (const event of on(ee, 'foo')) seen.push(event);
    assert.fail('the loop must not end by itself');
  } catch (err) {
    assert.strictEqual(err, 42);
  }
  assert.deepStrictEqual(seen, [['bar']]);
  assert.strictEqual(ee.listenerCount('foo'), 0);
  assert.strictEqual(ee.listenerCount('error'), 0);
}

async function queued() {
  const ee = new EventEmitter();
  const iterable = on(ee, 'foo');
  ee.emit('foo', 1);
  ee.emit('foo', 2);
  ee.emit('foo', 3);
  const got = [];
  for await (const [v] of iterable) {
    got.push(v);
    if (got.length === 3) break;
  }
  assert.deepStrictEqual(got, [1, 2, 3]);
  assert.strictEqual(ee.listenerCount('foo'), 0);
}

async function returnEnds() {
  const ee = new EventEmitter();
  const it = on(ee, 'foo');
  ee.emit('foo', 'a');
  assert.deepStrictEqual(await it.next(), { value: ['a'], done: false });
  assert.deepStrictEqual(await it.return(), { value: undefined, done: true });
  assert.deepStrictEqual(await it.next(), { value: undefined, done: true });
  assert.strictEqual(ee.listenerCount('foo'), 0);
}

async function aborted() {
  const ee = new EventEmitter();
  const ac = new AbortController();
  const it = on(ee, 'foo', { signal: ac.signal });
  process.nextTick(() => ac.abort());
  await assert.rejects(async () => {
    for await (const _ of it) assert.fail('no events were emitted');
  }, { name: 'AbortError' });
}

Promise.all([basic(), queued(), returnEnds(), aborted()]).then(common.mustCall());
