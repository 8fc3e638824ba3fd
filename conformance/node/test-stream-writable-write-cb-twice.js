// Port of Node's test/parallel/test-stream-writable-write-cb-twice.js: calling a write callback
// a second time, whether each call is synchronous or deferred, emits ERR_MULTIPLE_CALLBACK on
// the stream.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Writable } = require('stream');

const schedules = {
  'now, now': (cb) => {
    cb();
    cb();
  },
  'now, next tick': (cb) => {
    cb();
    process.nextTick(cb);
  },
  'next tick, next tick': (cb) => {
    process.nextTick(cb);
    process.nextTick(cb);
  },
  'immediate, immediate': (cb) => {
    setImmediate(() => {
      cb();
      cb();
    });
  },
};

for (const [name, schedule] of Object.entries(schedules)) {
  const w = new Writable({
    write: common.mustCall((chunk, enc, cb) => schedule(cb)),
  });
  w.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_MULTIPLE_CALLBACK', name);
    assert.strictEqual(err.name, 'Error');
    assert.strictEqual(err.message, 'Callback called multiple times');
  }));
  w.write('hi');
}
