// Port of Node's test/parallel/test-stream-duplex.js (with -duplex-props and -duplex-from):
// a Duplex has independent readable and writable sides with their own options, and
// Duplex.from wraps functions and objects.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Duplex, Readable, Writable } = require('stream');

const stream = new Duplex({ objectMode: true });
assert.ok(Duplex() instanceof Duplex, 'callable without new');
assert.ok(stream instanceof Readable);
assert.ok(stream instanceof Writable);
assert.strictEqual(stream.allowHalfOpen, true);
assert.strictEqual(stream.readableObjectMode, true);
assert.strictEqual(stream.writableObjectMode, true);

let written;
let read;
stream._write = (obj, _, cb) => {
  written = obj;
  cb();
};
stream._read = () => {};
stream.on('data', (obj) => {
  read = obj;
});
stream.push({ val: 1 });
stream.end({ val: 2 });
process.on('exit', () => {
  assert.strictEqual(read.val, 1);
  assert.strictEqual(written.val, 2);
});

{
  const d = new Duplex({ readableObjectMode: true, writableHighWaterMark: 7, read() {}, write(c, e, cb) { cb(); } });
  assert.strictEqual(d.readableObjectMode, true);
  assert.strictEqual(d.writableObjectMode, false);
  assert.strictEqual(d.writableHighWaterMark, 7);
}

{
  // allowHalfOpen: false ends the writable side when the readable side ends.
  const d = new Duplex({ allowHalfOpen: false, read() {}, write(c, e, cb) { cb(); } });
  d.on('finish', common.mustCall());
  d.resume();
  d.push(null);
}

{
  // Duplex.from an async generator function: written chunks go in, yielded ones come out.
  const upper = Duplex.from(async function*(source) {
    for await (const chunk of source) yield String(chunk).toUpperCase();
  });
  const out = [];
  upper.on('data', (c) => out.push(String(c)));
  upper.on('end', common.mustCall(() => assert.deepStrictEqual(out.join(''), 'ABC')));
  upper.write('a');
  upper.write('bc');
  upper.end();
}

{
  // Duplex.from({ readable, writable }).
  const r = Readable.from(['r']);
  const seen = [];
  const w = new Writable({ write(c, e, cb) { seen.push(String(c)); cb(); } });
  const pair = Duplex.from({ readable: r, writable: w });
  pair.on('data', common.mustCall((c) => assert.strictEqual(c, 'r')));
  pair.end('w', common.mustCall(() => assert.deepStrictEqual(seen, ['w'])));
}
