// Port of Node's test/parallel/test-stream-pipe-error-handling.js and -pipe-cleanup.js: pipe
// does not forward errors, unpipes on a destination error, ends the destination unless
// end: false, and removes its listeners afterwards.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Readable, Writable, PassThrough } = require('stream');

{
  // An error on the source is not forwarded to the destination.
  const source = new PassThrough();
  const dest = new PassThrough();
  source.pipe(dest);
  const err = new Error('source error');
  source.on('error', common.mustCall((e) => assert.strictEqual(e, err)));
  dest.on('error', common.mustNotCall());
  source.emit('error', err);
}

{
  // An error on the destination unpipes it.
  const r = new Readable({ read() {} });
  const w = new Writable({ write(chunk, enc, cb) { cb(); } });
  r.pipe(w);
  w.on('unpipe', common.mustCall((src) => assert.strictEqual(src, r)));
  w.on('error', common.mustCall());
  w.emit('error', new Error('dest error'));
  assert.strictEqual(r._readableState.pipes.length, 0);
}

{
  // end: false keeps the destination open; the default ends it.
  const ended = new PassThrough();
  const open = new PassThrough();
  const src1 = Readable.from(['a']);
  const src2 = Readable.from(['b']);
  src1.pipe(ended);
  src2.pipe(open, { end: false });
  ended.on('finish', common.mustCall());
  open.on('finish', common.mustNotCall());
  src2.on('end', common.mustCall(() => {
    setImmediate(() => assert.strictEqual(open.writableEnded, false));
  }));
}

{
  // Piped data arrives in order, and pipe() returns the destination.
  const out = [];
  const src = Readable.from(['1', '2', '3'], { objectMode: false });
  const dest = new Writable({
    write(chunk, enc, cb) {
      out.push(chunk.toString());
      cb();
    },
  });
  assert.strictEqual(src.pipe(dest), dest);
  dest.on('finish', common.mustCall(() => {
    assert.deepStrictEqual(out, ['1', '2', '3']);
    assert.strictEqual(src.listenerCount('data'), 0, 'pipe removed its data listener');
  }));
}
