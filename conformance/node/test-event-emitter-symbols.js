// Port of Node's test/parallel/test-event-emitter-symbols.js and -special-event-names.js:
// symbols and names like '__proto__', 'toString' and 'hasOwnProperty' work as event names.
'use strict';
const common = require('./common');
const assert = require('assert');
const EventEmitter = require('events');

const ee = new EventEmitter();
const sym = Symbol('foo');
const listener = common.mustCall((arg) => assert.strictEqual(arg, 42));
ee.on(sym, listener);
assert.deepStrictEqual(ee.listeners(sym), [listener]);
ee.emit(sym, 42);
ee.removeAllListeners(sym);
assert.deepStrictEqual(ee.listeners(sym), []);

const special = new EventEmitter();
const handler = () => {};
for (const name of ['__proto__', 'toString', 'hasOwnProperty', 'constructor', 'valueOf']) {
  assert.deepStrictEqual(special.listeners(name), []);
  special.on(name, handler);
}
special.on(sym, handler);
assert.deepStrictEqual(special.eventNames(),
  ['__proto__', 'toString', 'hasOwnProperty', 'constructor', 'valueOf', sym]);
assert.deepStrictEqual(special.listeners('__proto__'), [handler]);
assert.strictEqual(special.listenerCount('toString'), 1);

special.on('__proto__', common.mustCall((v) => assert.strictEqual(v, 1)));
special.emit('__proto__', 1);
