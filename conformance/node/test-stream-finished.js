// Port of Node's test/parallel/test-stream-finished.js: finished (eos) calls back when a
// readable ends, a writable finishes, or either errors or closes early, returns a cleanup
// function, and has a promise form.
'use strict';
const common = require('./common');
const assert = require('assert');
const { finished, Readable, Writable, PassThrough } = require('stream');
const { finished: finishedPromise } = require('stream/promises');

{
  const rs = new Readable({ read() {} });
  finished(rs, common.mustSucceed());
  rs.push(null);
  rs.resume();
}

{
  const ws = new Writable({ write(data, enc, cb) { cb(); } });
  finished(ws, common.mustSucceed());
  ws.end('done');
}

{
  const rs = new Readable({ read() {} });
  finished(rs, common.mustCall((err) => {
    assert.strictEqual(err.message, 'boom');
  }));
  rs.destroy(new Error('boom'));
}

{
  // Destroyed before the end: premature close.
  const rs = new Readable({ read() {} });
  finished(rs, common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_STREAM_PREMATURE_CLOSE');
  }));
  rs.push('x');
  rs.destroy();
}

{
  // The cleanup function detaches the listeners.
  const pt = new PassThrough();
  const before = pt.listenerCount('end');
  const cleanup = finished(pt, common.mustNotCall());
  assert.ok(pt.listenerCount('end') > before);
  cleanup();
  assert.strictEqual(pt.listenerCount('end'), before);
  pt.end();
  pt.resume();
}

{
  // Only the readable side when asked.
  const pt = new PassThrough();
  finished(pt, { writable: false }, common.mustSucceed());
  pt.end('x');
  pt.resume();
}

finishedPromise(Readable.from(['a']).resume()).then(common.mustCall());
{
  const rs = new Readable({ read() {} });
  assert.rejects(finishedPromise(rs), { message: 'p-boom' }).then(common.mustCall());
  rs.destroy(new Error('p-boom'));
}

assert.throws(() => finished(new PassThrough(), 'not a function'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => finished({}, () => {}), { code: 'ERR_INVALID_ARG_TYPE' });
