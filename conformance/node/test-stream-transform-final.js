// Port of Node's test/parallel/test-stream-transform-final.js and -transform-flush-data.js:
// the order of transform, final, flush, 'finish', 'end' and 'close', and data pushed by flush.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Transform } = require('stream');

const order = [];
const t = new Transform({
  transform(chunk, enc, cb) {
    order.push(`transform ${chunk}`);
    cb(null, chunk);
  },
  final(cb) {
    order.push('final');
    setTimeout(() => {
      order.push('final done');
      cb();
    }, 5);
  },
  flush(cb) {
    order.push('flush');
    this.push('from-flush');
    cb(null, 'flush-callback-data');
  },
});

const data = [];
t.on('data', (d) => data.push(String(d)));
t.on('finish', common.mustCall(() => order.push('finish')));
t.on('end', common.mustCall(() => order.push('end')));
t.on('close', common.mustCall(() => {
  order.push('close');
  assert.deepStrictEqual(order, ['transform 1', 'transform 2', 'final', 'final done', 'flush', 'end', 'finish', 'close']);
  assert.deepStrictEqual(data, ['1', '2', 'from-flush', 'flush-callback-data']);
}));

t.write('1');
t.write('2');
t.end();
