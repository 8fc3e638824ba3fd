// Port of Node's test/parallel/test-stream-readable-event.js: when 'readable' fires (data
// buffered before or after the listener, below or above the highWaterMark, at the end), and
// read() draining the buffer.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Readable } = require('stream');

{
  // Data pushed before the listener (above the mark): adding the listener still gives one
  // 'readable', and the stream does not ask _read for more.
  const r = new Readable({ highWaterMark: 3 });
  r._read = common.mustNotCall();
  r.push(Buffer.from('blerg'));
  setTimeout(() => {
    assert.strictEqual(r._readableState.reading, false);
    r.on('readable', common.mustCall(() => {
      assert.strictEqual(r.readableLength, 5);
    }));
  }, 1);
}

{
  // Data below the mark: _read is asked for more.
  const r = new Readable({ highWaterMark: 30 });
  r._read = common.mustCall();
  r.push(Buffer.from('bl'));
  setTimeout(() => {
    r.on('readable', common.mustCall());
  }, 1);
}

{
  // The end: 'readable' (for the data, and once more at the end) before 'end'.
  const r = new Readable({ highWaterMark: 30 });
  r._read = common.mustNotCall();
  r.push(Buffer.from('blerg'));
  r.push(null);
  const events = [];
  let text = '';
  r.on('readable', common.mustCallAtLeast(() => {
    events.push('readable');
    let chunk;
    while ((chunk = r.read()) !== null) text += chunk;
  }));
  r.on('end', common.mustCall(() => {
    events.push('end');
    assert.strictEqual(text, 'blerg');
    assert.strictEqual(events[0], 'readable');
    assert.strictEqual(events.indexOf('end'), events.length - 1);
  }));
}

{
  // A 'readable' listener takes precedence over 'data': the stream does not flow.
  const r = new Readable({ read() {} });
  r.on('readable', () => {});
  r.on('data', common.mustNotCall());
  assert.strictEqual(r.readableFlowing, false);
  r.push('x');
}

{
  // setEncoding makes read() return strings, also across split characters.
  const r = new Readable({ read() {} });
  r.setEncoding('utf8');
  const euro = Buffer.from('\u20ac');
  r.push(euro.subarray(0, 1));
  r.push(euro.subarray(1));
  r.push(null);
  let text = '';
  r.on('readable', () => {
    let chunk;
    while ((chunk = r.read()) !== null) text += chunk;
  });
  r.on('end', common.mustCall(() => assert.strictEqual(text, '\u20ac')));
}
