// Port of Node's test/parallel/test-event-emitter-remove-listeners.js: removeListener removes
// one registration (the most recent), emits 'removeListener', tolerates unknown listeners, and
// removal during an emit does not affect that emit.
'use strict';
const common = require('./common');
const assert = require('assert');
const EventEmitter = require('events');

function a() {}
function b() {}

{
  const ee = new EventEmitter();
  ee.on('x', a);
  ee.on('removeListener', common.mustCall((name, fn) => {
    assert.strictEqual(name, 'x');
    assert.strictEqual(fn, a);
  }));
  ee.removeListener('x', a);
  assert.deepStrictEqual(ee.listeners('x'), []);
}

{
  const ee = new EventEmitter();
  ee.on('x', a);
  ee.on('x', b);
  ee.on('removeListener', common.mustCall(2));
  ee.removeListener('x', a);
  assert.deepStrictEqual(ee.listeners('x'), [b]);
  ee.removeListener('x', b);
  assert.deepStrictEqual(ee.listeners('x'), []);
}

{
  // Removing something never added is a no-op and emits nothing.
  const ee = new EventEmitter();
  ee.on('removeListener', common.mustNotCall());
  assert.strictEqual(ee.removeListener('x', a), ee);
}

{
  // The same function added twice is removed one registration at a time.
  const ee = new EventEmitter();
  ee.on('x', a);
  ee.on('x', a);
  ee.removeListener('x', a);
  assert.strictEqual(ee.listenerCount('x'), 1);
}

{
  // A listener removed while the event is being emitted still runs for that emit.
  const ee = new EventEmitter();
  const second = common.mustCall();
  ee.on('x', common.mustCall(() => ee.removeListener('x', second)));
  ee.on('x', second);
  ee.emit('x');
  assert.strictEqual(ee.listenerCount('x'), 1);
}

{
  // off is an alias, and once listeners can be removed by the original function.
  const ee = new EventEmitter();
  assert.strictEqual(EventEmitter.prototype.off, EventEmitter.prototype.removeListener);
  ee.once('x', a);
  ee.off('x', a);
  assert.strictEqual(ee.listenerCount('x'), 0);
}

{
  const ee = new EventEmitter();
  assert.throws(() => ee.removeListener('x', null), { code: 'ERR_INVALID_ARG_TYPE' });
}
