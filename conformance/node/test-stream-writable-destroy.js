// Port of Node's test/parallel/test-stream-writable-destroy.js: destroy with and without an
// error, the _destroy hook, the 'close'/'error' events and their order, and writes after
// destroy.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Writable } = require('stream');

{
  const w = new Writable({ write(chunk, enc, cb) { cb(); } });
  w.on('finish', common.mustNotCall());
  w.on('close', common.mustCall());
  w.destroy();
  assert.strictEqual(w.destroyed, true);
}

{
  const w = new Writable({ write(chunk, enc, cb) { cb(); } });
  const expected = new Error('kaboom');
  const events = [];
  w.on('error', common.mustCall((err) => {
    events.push('error');
    assert.strictEqual(err, expected);
  }));
  w.on('close', common.mustCall(() => {
    events.push('close');
    assert.deepStrictEqual(events, ['error', 'close']);
    assert.strictEqual(w.errored, expected);
  }));
  w.destroy(expected);
}

{
  // _destroy gets the error and can replace it.
  const w = new Writable({
    write(chunk, enc, cb) { cb(); },
    destroy: common.mustCall(function(err, cb) {
      assert.strictEqual(err.message, 'original');
      cb(new Error('replaced'));
    }),
  });
  w.on('error', common.mustCall((err) => assert.strictEqual(err.message, 'replaced')));
  w.destroy(new Error('original'));
}

{
  // _destroy may swallow the error.
  const w = new Writable({
    write(chunk, enc, cb) { cb(); },
    destroy(err, cb) { cb(); },
  });
  w.on('error', common.mustNotCall());
  w.on('close', common.mustCall());
  w.destroy(new Error('swallowed'));
}

{
  // Destroying twice runs _destroy once.
  const w = new Writable({
    write(chunk, enc, cb) { cb(); },
    destroy: common.mustCall((err, cb) => cb(err)),
  });
  w.destroy();
  w.destroy();
}

{
  // A write after destroy fails with ERR_STREAM_DESTROYED.
  const w = new Writable({ write(chunk, enc, cb) { cb(); } });
  w.destroy();
  w.on('error', common.mustNotCall());
  w.write('late', common.expectsError({ code: 'ERR_STREAM_DESTROYED' }));
}
