// Port of Node's test/parallel/test-event-emitter-remove-all-listeners.js: removeAllListeners
// for one event or all, the 'removeListener' events it emits, and listener arrays being copies.
'use strict';
const common = require('./common');
const assert = require('assert');
const EventEmitter = require('events');

{
  const ee = new EventEmitter();
  const fooBefore = [];
  ee.on('foo', () => {});
  ee.on('bar', () => {});
  ee.on('baz', () => {});
  const copy = ee.listeners('foo');
  ee.removeAllListeners('foo');
  assert.deepStrictEqual(ee.listeners('foo'), fooBefore);
  assert.strictEqual(copy.length, 1, 'an earlier listeners() array is a copy');
  assert.strictEqual(ee.listenerCount('bar'), 1);
  assert.deepStrictEqual(ee.eventNames(), ['bar', 'baz']);
}

{
  const ee = new EventEmitter();
  ee.on('foo', () => {});
  ee.on('bar', () => {});
  const removed = [];
  ee.on('removeListener', (name) => removed.push(name));
  assert.strictEqual(ee.removeAllListeners(), ee);
  assert.deepStrictEqual(removed.sort(), ['bar', 'foo']);
  assert.deepStrictEqual(ee.eventNames(), []);
}

{
  // removeListener listeners get one event per removed listener, the latest first.
  const ee = new EventEmitter();
  function l1() {}
  function l2() {}
  ee.on('x', l1);
  ee.on('x', l2);
  const order = [];
  ee.on('removeListener', (name, fn) => order.push(fn));
  ee.removeAllListeners('x');
  assert.deepStrictEqual(order, [l2, l1]);
}

{
  // Nothing to remove: no error.
  const ee = new EventEmitter();
  ee.on('removeListener', common.mustNotCall());
  ee.removeAllListeners('nothing');
}

{
  // Works on an emitter with no _events at all.
  const ee = new EventEmitter();
  ee._events = undefined;
  assert.strictEqual(ee.removeAllListeners(), ee);
}
