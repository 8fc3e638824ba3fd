// Port of Node's test/parallel/test-buffer-fill.js: fill with numbers, strings in each encoding,
// buffers, offsets and end, repeating patterns, and the errors for bad values and ranges.
'use strict';
require('./common');
const assert = require('assert');

const buf = Buffer.alloc(10);
assert.strictEqual(buf.fill(0x61), buf);
assert.strictEqual(buf.toString(), 'aaaaaaaaaa');
buf.fill('b', 5);
assert.strictEqual(buf.toString(), 'aaaaabbbbb');
buf.fill('c', 2, 4);
assert.strictEqual(buf.toString(), 'aaccabbbbb');
buf.fill('xyz');
assert.strictEqual(buf.toString(), 'xyzxyzxyzx');
buf.fill('616263', 'hex');
assert.strictEqual(buf.toString(), 'abcabcabca');
buf.fill('YQ==', 0, 10, 'base64');
assert.strictEqual(buf.toString(), 'aaaaaaaaaa');
buf.fill('\u0222', 'utf16le');
assert.deepStrictEqual([...buf.subarray(0, 4)], [0x22, 0x02, 0x22, 0x02]);
buf.fill(Buffer.from([1, 2, 3]));
assert.deepStrictEqual([...buf], [1, 2, 3, 1, 2, 3, 1, 2, 3, 1]);
buf.fill(256 + 7);
assert.ok(buf.every((v) => v === 7));
buf.fill(-1);
assert.ok(buf.every((v) => v === 255));
buf.fill('');
assert.ok(buf.every((v) => v === 0), 'an empty string fills with zeros');

// A multi-byte character cut at the end.
const small = Buffer.alloc(5);
small.fill('\u00e9');
assert.deepStrictEqual([...small], [0xc3, 0xa9, 0xc3, 0xa9, 0xc3]);

assert.throws(() => buf.fill('a', 0, 11), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.fill('a', -1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.fill('a', 0, 1, 'nope'), { code: 'ERR_UNKNOWN_ENCODING' });
assert.throws(() => buf.fill('zz', 'hex'), { code: 'ERR_INVALID_ARG_VALUE' });
assert.throws(() => buf.fill('a', 0, 1, 5), { code: 'ERR_INVALID_ARG_TYPE' });
