// Port of Node's test/parallel/test-fs-read-stream.js (with -read-stream-encoding and
// -read-stream-pos): createReadStream reads a whole file in chunks, honours start/end,
// encoding and highWaterMark, emits open/ready/end/close in order, and errors on missing files.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const file = tmpdir.resolve('elipses.txt');
const content = '\u2026'.repeat(10000);
fs.writeFileSync(file, content);
const fileSize = fs.statSync(file).size;

{
  const file1 = fs.createReadStream(file);
  const events = [];
  let bytes = 0;
  file1.on('open', common.mustCall((fd) => {
    events.push('open');
    assert.strictEqual(typeof fd, 'number');
  }));
  file1.on('ready', common.mustCall(() => events.push('ready')));
  file1.on('data', (chunk) => {
    assert.ok(Buffer.isBuffer(chunk));
    bytes += chunk.length;
  });
  file1.on('end', common.mustCall(() => events.push('end')));
  file1.on('close', common.mustCall(() => {
    events.push('close');
    assert.strictEqual(bytes, fileSize);
    assert.deepStrictEqual(events, ['open', 'ready', 'end', 'close']);
    assert.strictEqual(file1.bytesRead, fileSize);
  }));
}

{
  const s = fs.createReadStream(file, 'utf8');
  let text = '';
  s.on('data', (chunk) => {
    assert.strictEqual(typeof chunk, 'string');
    text += chunk;
  });
  s.on('end', common.mustCall(() => assert.strictEqual(text, content)));
}

{
  const rangeFile = tmpdir.resolve('range.txt');
  fs.writeFileSync(rangeFile, 'xyz\n');
  const s = fs.createReadStream(rangeFile, { start: 1, end: 2, encoding: 'utf8' });
  let text = '';
  s.on('data', (c) => { text += c; });
  s.on('end', common.mustCall(() => assert.strictEqual(text, 'yz')));

  const one = fs.createReadStream(rangeFile, { start: 0, end: 0 });
  one.on('data', common.mustCall((c) => assert.strictEqual(c.toString(), 'x')));
}

{
  // highWaterMark sets the chunk size.
  const s = fs.createReadStream(file, { highWaterMark: 1000 });
  const sizes = [];
  s.on('data', (c) => sizes.push(c.length));
  s.on('end', common.mustCall(() => {
    assert.ok(sizes.slice(0, -1).every((n) => n === 1000));
    assert.strictEqual(sizes.reduce((a, b) => a + b, 0), fileSize);
  }));
}

{
  const missing = fs.createReadStream(tmpdir.resolve('missing'));
  missing.on('error', common.expectsError({ code: 'ENOENT', syscall: 'open' }));
  missing.on('data', common.mustNotCall());
}

assert.throws(() => fs.createReadStream(file, { start: 10, end: 2 }), { code: 'ERR_OUT_OF_RANGE' });
