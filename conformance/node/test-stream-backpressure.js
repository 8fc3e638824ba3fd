// Port of Node's test/parallel/test-stream-backpressure.js (with -writable-needdrain ideas):
// write() answers false past the highWaterMark, 'drain' follows, and a piped fast source waits
// for a slow destination.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Readable, Writable } = require('stream');

{
  const w = new Writable({
    highWaterMark: 10,
    write(chunk, enc, cb) {
      setImmediate(cb);
    },
  });
  assert.strictEqual(w.write(Buffer.alloc(5)), true);
  assert.strictEqual(w.writableLength, 5);
  assert.strictEqual(w.write(Buffer.alloc(5)), false, 'at the mark, write says stop');
  assert.strictEqual(w.writableNeedDrain, true);
  w.once('drain', common.mustCall(() => {
    assert.strictEqual(w.writableLength, 0);
    assert.strictEqual(w.writableNeedDrain, false);
  }));
}

{
  // A fast source piped into a slow sink: the source is paused, nothing is lost.
  let pushes = 0;
  const total = 200;
  const rs = new Readable({
    read: common.mustCallAtLeast(function() {
      if (pushes++ === total) this.push(null);
      else this.push(Buffer.alloc(100, pushes % 256));
    }),
  });
  let received = 0;
  let maxBuffered = 0;
  const ws = new Writable({
    highWaterMark: 1000,
    write(chunk, enc, cb) {
      received += chunk.length;
      maxBuffered = Math.max(maxBuffered, rs.readableLength);
      setImmediate(cb);
    },
  });
  rs.pipe(ws);
  ws.on('finish', common.mustCall(() => {
    assert.strictEqual(received, total * 100);
    assert.ok(maxBuffered <= rs.readableHighWaterMark + 100, `source buffered ${maxBuffered} bytes`);
  }));
}

{
  // Object mode counts objects, not bytes.
  const w = new Writable({ objectMode: true, highWaterMark: 2, write(o, e, cb) { setImmediate(cb); } });
  assert.strictEqual(w.write({}), true);
  assert.strictEqual(w.write({}), false);
  assert.strictEqual(w.writableHighWaterMark, 2);
  w.on('drain', common.mustCall());
}
