// Port of Node's test/parallel/test-buffer-compare.js and -compare-offset.js: buf.compare and
// Buffer.compare, with target/source ranges and their range errors.
'use strict';
require('./common');
const assert = require('assert');

const a = Buffer.from('abc');
const b = Buffer.from('abd');
const c = Buffer.from('ab');

assert.strictEqual(a.compare(a), 0);
assert.strictEqual(a.compare(b), -1);
assert.strictEqual(b.compare(a), 1);
assert.strictEqual(a.compare(c), 1);
assert.strictEqual(c.compare(a), -1);
assert.strictEqual(Buffer.compare(a, b), -1);
assert.strictEqual(Buffer.compare(b, b), 0);
assert.strictEqual(Buffer.compare(new Uint8Array([1]), Buffer.from([2])), -1);

const sorted = [b, c, a].sort(Buffer.compare).map(String);
assert.deepStrictEqual(sorted, ['ab', 'abc', 'abd']);

// Ranges: target start/end, source start/end.
const x = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
const y = Buffer.from([5, 6, 7, 8, 9, 0, 1, 2, 3, 4]);
assert.strictEqual(x.compare(y), -1);
assert.strictEqual(x.compare(y, 0), -1);
assert.strictEqual(x.compare(y, 0, 0), 1);
assert.strictEqual(x.compare(y, 0, 0, 0), 1);
assert.strictEqual(x.compare(y, 0, 0, 0, 0), 0);
assert.strictEqual(x.compare(y, 1, 0, 0, 0), 0);
assert.strictEqual(x.compare(y, 0, 4, 4), 1, 'x[4..] is longer than y[0..4]');
assert.strictEqual(x.compare(y, 0, 4, 4, 8), 0, 'x[4..8] equals y[0..4]');
assert.strictEqual(x.compare(y, 0, 5, 4, 9), 0);
assert.strictEqual(x.compare(y, 5), 1, 'y[5..] starts with 0');
assert.strictEqual(x.compare(y, 6, 10, 0, 4), 0, 'x[0..4] equals y[6..10]');
assert.strictEqual(x.compare(y, 6, 10, 0, 5), 1);

assert.throws(() => x.compare(y, -1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => x.compare(y, 0, 11), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => x.compare(y, 0, 1, -1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => x.compare('abc'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => Buffer.compare(a, 'abc'), { code: 'ERR_INVALID_ARG_TYPE' });
