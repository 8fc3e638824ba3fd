// Port of Node's test/parallel/test-event-emitter-add-listeners.js: 'newListener' fires before
// a listener is added (with the raw listener), arguments reach listeners, and on/addListener
// are the same.
'use strict';
const common = require('./common');
const assert = require('assert');
const EventEmitter = require('events');

{
  const ee = new EventEmitter();
  const seenEvents = [];
  const seenListeners = [];

  ee.on('newListener', function(event, listener) {
    // 'newListener' itself is not reported.
    if (event === 'newListener') return;
    seenEvents.push(event);
    seenListeners.push(listener);
    // The listener is not there yet.
    assert.strictEqual(this.listenerCount(event), 0);
  });

  const hello = common.mustCall(function(a, b) {
    assert.strictEqual(a, 'a');
    assert.strictEqual(b, 'b');
  });
  ee.once('newListener', common.mustCall((name, listener) => {
    assert.strictEqual(name, 'hello');
    assert.strictEqual(listener, hello);
  }));
  ee.on('hello', hello);
  ee.once('foo', assert.fail);
  assert.deepStrictEqual(seenEvents, ['hello', 'foo']);
  assert.deepStrictEqual(seenListeners, [hello, assert.fail]);
  ee.emit('hello', 'a', 'b');
}

{
  const ee = new EventEmitter();
  assert.strictEqual(EventEmitter.prototype.on, EventEmitter.prototype.addListener);
  assert.strictEqual(ee.on('x', () => {}), ee);
  assert.strictEqual(ee.addListener('x', () => {}), ee);
  assert.strictEqual(ee.listenerCount('x'), 2);
}

{
  // A listener added from a 'newListener' handler for the same event runs first.
  const ee = new EventEmitter();
  const order = [];
  ee.once('newListener', (name) => {
    if (name === 'ev') ee.on('ev', () => order.push('from-newListener'));
  });
  ee.on('ev', () => order.push('original'));
  ee.emit('ev');
  assert.deepStrictEqual(order, ['from-newListener', 'original']);
}
