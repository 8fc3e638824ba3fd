// Port of Node's test/parallel/test-events-once.js: events.once resolves with the arguments of
// the next emit, rejects on 'error', supports an AbortSignal, and cleans up its listeners.
'use strict';
const common = require('./common');
const assert = require('assert');
const { once, EventEmitter } = require('events');

async function resolvesWithArgs() {
  const ee = new EventEmitter();
  process.nextTick(() => ee.emit('myevent', 42, 'x'));
  const values = await once(ee, 'myevent');
  assert.deepStrictEqual(values, [42, 'x']);
  assert.strictEqual(ee.listenerCount('myevent'), 0);
  assert.strictEqual(ee.listenerCount('error'), 0);
}

async function rejectsOnError() {
  const ee = new EventEmitter();
  const err = new Error('kaboom');
  process.nextTick(() => ee.emit('error', err));
  await assert.rejects(once(ee, 'myevent'), err);
  assert.strictEqual(ee.listenerCount('myevent'), 0);
  assert.strictEqual(ee.listenerCount('error'), 0);
}

async function waitsForErrorItself() {
  const ee = new EventEmitter();
  const err = new Error('expected');
  process.nextTick(() => ee.emit('error', err));
  const [got] = await once(ee, 'error');
  assert.strictEqual(got, err);
}

async function abortSignal() {
  const ee = new EventEmitter();
  const ac = new AbortController();
  const p = once(ee, 'never', { signal: ac.signal });
  ac.abort();
  await assert.rejects(p, { name: 'AbortError' });
  assert.strictEqual(ee.listenerCount('never'), 0);

  await assert.rejects(once(ee, 'never', { signal: AbortSignal.abort() }), { name: 'AbortError' });
  await assert.rejects(async () => once(ee, 'x', { signal: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
}

async function eventTarget() {
  const et = new EventTarget();
  const event = new Event('foo');
  process.nextTick(() => et.dispatchEvent(event));
  const [got] = await once(et, 'foo');
  assert.strictEqual(got, event);
}

Promise.all([resolvesWithArgs(), rejectsOnError(), waitsForErrorItself(), abortSignal(), eventTarget()])
  .then(common.mustCall());
