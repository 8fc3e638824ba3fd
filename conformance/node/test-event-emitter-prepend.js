// Port of Node's test/parallel/test-event-emitter-prepend.js: prependListener and
// prependOnceListener put listeners in front, and Node's legacy streams work on an emitter
// subclass.
'use strict';
const common = require('./common');
const assert = require('assert');
const EventEmitter = require('events');

const ee = new EventEmitter();
let order = 0;
ee.on('foo', common.mustCall(() => assert.strictEqual(order++, 2)));
ee.prependListener('foo', common.mustCall(() => assert.strictEqual(order++, 1)));
ee.prependOnceListener('foo', common.mustCall(() => assert.strictEqual(order++, 0)));
ee.emit('foo');
assert.strictEqual(order, 3);
assert.strictEqual(ee.listenerCount('foo'), 2);

assert.throws(() => ee.prependOnceListener('foo', null), { code: 'ERR_INVALID_ARG_TYPE' });

// prependListener on a classic stream subclass behaves like on an emitter.
const { Writable, Readable } = require('stream');
const w = new Writable({ write(chunk, enc, cb) { cb(); } });
const r = new Readable({ read() {} });
const calls = [];
w.on('pipe', () => calls.push('second'));
w.prependListener('pipe', () => calls.push('first'));
r.pipe(w);
assert.deepStrictEqual(calls, ['first', 'second']);
r.push(null);
