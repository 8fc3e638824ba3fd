// Port of Node's test/parallel/test-event-emitter-subclass.js and -method-names.js: class and
// prototype-style subclasses, the constructor's own properties, and method names.
'use strict';
const common = require('./common');
const assert = require('assert');
const EventEmitter = require('events');
const util = require('util');

class MyEE extends EventEmitter {
  constructor(cb) {
    super();
    this.once(1, cb);
    this.emit(1);
    this.removeAllListeners();
  }
}
const myee = new MyEE(common.mustCall());
assert.deepStrictEqual(Object.keys(myee._events), []);
assert.strictEqual(Object.getPrototypeOf(myee._events), null);

function OldStyle() {
  EventEmitter.call(this);
}
util.inherits(OldStyle, EventEmitter);
const old = new OldStyle();
old.on('x', common.mustCall());
old.emit('x');
assert.ok(old instanceof EventEmitter);

// An emitter with a prototype-less _events still works.
const bare = new EventEmitter();
bare.on('y', common.mustCall());
bare.emit('y');

assert.strictEqual(EventEmitter.EventEmitter, EventEmitter);
assert.strictEqual(typeof EventEmitter.once, 'function');
for (const name of ['on', 'off', 'once', 'emit', 'removeListener', 'addListener', 'removeAllListeners',
  'prependListener', 'prependOnceListener', 'listeners', 'rawListeners', 'listenerCount', 'eventNames']) {
  assert.strictEqual(EventEmitter.prototype[name].name, name === 'on' ? 'addListener' : name === 'off' ? 'removeListener' : name);
}
assert.strictEqual(new EventEmitter().listenerCount.length, 2);
