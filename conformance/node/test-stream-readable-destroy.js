// Port of Node's test/parallel/test-stream-readable-destroy.js: destroying a Readable, with an
// error, through _destroy, and what 'end', 'close' and push do afterwards.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Readable } = require('stream');

{
  const r = new Readable({ read() {} });
  r.resume();
  r.on('end', common.mustNotCall());
  r.on('close', common.mustCall());
  r.destroy();
  assert.strictEqual(r.destroyed, true);
}

{
  const r = new Readable({ read() {} });
  const expected = new Error('kaboom');
  r.on('end', common.mustNotCall());
  r.on('error', common.mustCall((err) => assert.strictEqual(err, expected)));
  r.on('close', common.mustCall(() => assert.strictEqual(r.errored, expected)));
  r.destroy(expected);
}

{
  const r = new Readable({
    read() {},
    destroy: common.mustCall(function(err, cb) {
      assert.strictEqual(err, null);
      cb();
    }),
  });
  r.on('close', common.mustCall());
  r.destroy();
}

{
  // push after destroy is ignored and returns false.
  const r = new Readable({ read() {} });
  r.destroy();
  assert.strictEqual(r.push('late'), false);
  r.on('data', common.mustNotCall());
}

{
  // 'close' can be turned off with emitClose: false.
  const r = new Readable({ read() {}, emitClose: false });
  r.on('close', common.mustNotCall());
  r.destroy();
}

{
  // destroy returns the stream; the closed flag follows.
  const r = new Readable({ read() {} });
  assert.strictEqual(r.destroy(), r);
  r.on('close', common.mustCall(() => assert.strictEqual(r.closed, true)));
}
