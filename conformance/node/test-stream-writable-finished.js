// Port of Node's test/parallel/test-stream-writable-finished.js (with -writable-ended-state):
// writableFinished and writableEnded through end(), the end callback, the order of _final and
// 'finish', and write after end.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Writable } = require('stream');

{
  const w = new Writable({
    write(chunk, enc, cb) {
      assert.strictEqual(w.writableEnded, false);
      cb();
    },
  });
  assert.strictEqual(w.writableFinished, false);
  assert.strictEqual(w.writableEnded, false);
  w.write('asd');
  w.end(common.mustCall(() => {
    assert.strictEqual(w.writableFinished, true);
  }));
  assert.strictEqual(w.writableEnded, true);
  assert.strictEqual(w.writableFinished, false);
}

{
  // _final runs before 'finish'.
  const order = [];
  const w = new Writable({
    write(chunk, enc, cb) { cb(); },
    final(cb) {
      order.push('final');
      setImmediate(cb);
    },
  });
  w.on('finish', common.mustCall(() => {
    order.push('finish');
    assert.deepStrictEqual(order, ['final', 'finish']);
  }));
  w.end('x');
}

{
  // write after end: ERR_STREAM_WRITE_AFTER_END to the callback and as 'error'.
  const w = new Writable({ write(chunk, enc, cb) { cb(); } });
  w.end();
  w.on('error', common.expectsError({ code: 'ERR_STREAM_WRITE_AFTER_END' }));
  w.write('late', common.expectsError({ code: 'ERR_STREAM_WRITE_AFTER_END' }));
}

{
  // 'finish' is emitted asynchronously even when everything completed synchronously.
  const w = new Writable({ write(chunk, enc, cb) { cb(); } });
  let sync = true;
  w.on('finish', common.mustCall(() => assert.strictEqual(sync, false)));
  w.end('data');
  sync = false;
}
