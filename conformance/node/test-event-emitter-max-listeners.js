// Port of Node's test/parallel/test-event-emitter-max-listeners.js and -get-max-listeners.js:
// setMaxListeners validation, getMaxListeners and the defaultMaxListeners fallback, and the
// leak warning once the limit is passed.
'use strict';
const common = require('./common');
const assert = require('assert');
const events = require('events');
const { EventEmitter } = events;

const ee = new EventEmitter();
assert.strictEqual(ee.getMaxListeners(), EventEmitter.defaultMaxListeners);
assert.strictEqual(EventEmitter.defaultMaxListeners, 10);
ee.setMaxListeners(0);
assert.strictEqual(ee.getMaxListeners(), 0);
ee.setMaxListeners(3);
assert.strictEqual(ee.getMaxListeners(), 3);
assert.strictEqual(events.getMaxListeners(ee), 3);

for (const bad of [NaN, -1, 'and even this']) {
  assert.throws(() => ee.setMaxListeners(bad), { code: /ERR_OUT_OF_RANGE|ERR_INVALID_ARG_TYPE/ });
}

// 'maxListeners' is an ordinary event name.
ee.on('maxListeners', common.mustCall());
ee.emit('maxListeners');

// Going over the limit warns once per event name, with the count and the emitter.
process.on('warning', common.mustCall((warning) => {
  assert.strictEqual(warning.name, 'MaxListenersExceededWarning');
  assert.strictEqual(warning.emitter, ee);
  assert.strictEqual(warning.count, 4);
  assert.strictEqual(warning.type, 'leaky');
  assert.match(warning.message, /Possible EventEmitter memory leak detected\. 4 leaky listeners added/);
}));
for (let i = 0; i < 5; i++) ee.on('leaky', () => {});
assert.strictEqual(ee.listenerCount('leaky'), 5);
