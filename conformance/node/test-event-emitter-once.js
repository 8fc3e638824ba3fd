// Port of Node's test/parallel/test-event-emitter-once.js: a once listener runs a single time,
// can be removed before it fires, may re-emit its own event, and gets every argument.
'use strict';
const common = require('./common');
const assert = require('assert');
const EventEmitter = require('events');

const ee = new EventEmitter();
ee.once('ping', common.mustCall());
for (let i = 0; i < 3; i++) ee.emit('ping', i);

const never = common.mustNotCall('a removed once listener ran');
ee.once('gone', never);
ee.removeListener('gone', never);
assert.strictEqual(ee.emit('gone'), false);

// Re-emitting from inside a once listener does not call it again.
ee.once('again', common.mustCall(() => ee.emit('again')));
ee.once('again', common.mustCall());
ee.emit('again');

// Zero to five arguments all reach the listener.
for (let n = 0; n <= 5; n++) {
  const e = new EventEmitter();
  const args = Array.from({ length: n }, (_, i) => `arg${i}`);
  e.once('x', common.mustCall((...got) => assert.deepStrictEqual(got, args)));
  e.emit('x', ...args);
  assert.strictEqual(e.listenerCount('x'), 0);
}

// The once wrapper exposes the original through rawListeners().
const e2 = new EventEmitter();
function original() {}
e2.once('y', original);
assert.strictEqual(e2.rawListeners('y')[0].listener, original);
assert.deepStrictEqual(e2.listeners('y'), [original]);

assert.throws(() => ee.once('z', 'not a function'), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });
