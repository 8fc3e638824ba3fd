// Port of Node's test/parallel/test-event-emitter-listener-count.js: listenerCount on the
// instance and the static form, including counting one specific listener.
'use strict';
require('./common');
const assert = require('assert');
const EventEmitter = require('events');

const ee = new EventEmitter();
function a() {}
function b() {}
ee.on('foo', a);
ee.on('foo', b);
ee.on('baz', a);
ee.on('baz', a);

assert.strictEqual(EventEmitter.listenerCount(ee, 'foo'), 2);
assert.strictEqual(ee.listenerCount('foo'), 2);
assert.strictEqual(ee.listenerCount('bar'), 0);
assert.strictEqual(ee.listenerCount('baz'), 2);
assert.strictEqual(ee.listenerCount('baz', a), 2);
assert.strictEqual(ee.listenerCount('foo', b), 1);
assert.strictEqual(ee.listenerCount('foo', () => {}), 0);

ee.once('once', a);
assert.strictEqual(ee.listenerCount('once', a), 1);
