// Port of Node's test/parallel/test-stream-transform-callback-twice.js: calling a transform's
// callback twice is an ERR_MULTIPLE_CALLBACK error on the stream.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Transform } = require('stream');

const stream = new Transform({
  transform(chunk, enc, cb) {
    cb();
    cb();
  },
});

stream.on('error', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ERR_MULTIPLE_CALLBACK');
  assert.strictEqual(err.name, 'Error');
  assert.strictEqual(err.message, 'Callback called multiple times');
}));

stream.write('foo');
