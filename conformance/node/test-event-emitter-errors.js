// Port of Node's test/parallel/test-event-emitter-errors.js and ...-no-error-provided-to-
// error-event.js: emitting 'error' without a listener throws the error itself, or
// ERR_UNHANDLED_ERROR naming a non-Error value.
'use strict';
const common = require('./common');
const assert = require('assert');
const EventEmitter = require('events');

const ee = new EventEmitter();

const err = new Error('boom');
assert.throws(() => ee.emit('error', err), (e) => e === err);

assert.throws(() => ee.emit('error', 'a string'), {
  code: 'ERR_UNHANDLED_ERROR',
  name: 'Error',
  message: "Unhandled error. ('a string')",
});
assert.throws(() => ee.emit('error'), {
  code: 'ERR_UNHANDLED_ERROR',
  message: 'Unhandled error. (undefined)',
});
assert.throws(() => ee.emit('error', { message: 'obj' }), {
  code: 'ERR_UNHANDLED_ERROR',
  message: "Unhandled error. ({ message: 'obj' })",
});

// With a listener, the error goes there and emit returns true.
ee.on('error', common.mustCall((e) => assert.strictEqual(e, err)));
assert.strictEqual(ee.emit('error', err), true);

// errorMonitor sees errors without handling them.
const monitored = new EventEmitter();
monitored.on(EventEmitter.errorMonitor, common.mustCall((e) => assert.strictEqual(e, err)));
assert.throws(() => monitored.emit('error', err), (e) => e === err);
