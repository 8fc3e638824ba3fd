// Port of Node's test/parallel/test-buffer-tojson.js: toJSON's { type, data } shape, JSON
// round trips through Buffer.from, and views serializing only their own bytes.
'use strict';
require('./common');
const assert = require('assert');

assert.deepStrictEqual(Buffer.alloc(0).toJSON(), { type: 'Buffer', data: [] });
assert.deepStrictEqual(Buffer.from([1, 2, 3, 4]).toJSON(), { type: 'Buffer', data: [1, 2, 3, 4] });

const buf = Buffer.from('test');
const json = JSON.stringify(buf);
assert.strictEqual(json, '{"type":"Buffer","data":[116,101,115,116]}');

const copy = JSON.parse(json, (key, value) =>
  (value && value.type === 'Buffer' ? Buffer.from(value.data) : value));
assert.deepStrictEqual(copy, buf);
assert.deepStrictEqual(Buffer.from(JSON.parse(json)), buf, 'Buffer.from accepts the toJSON shape');

const view = Buffer.from('abcdef').subarray(2, 4);
assert.strictEqual(JSON.stringify(view), '{"type":"Buffer","data":[99,100]}');
assert.strictEqual(JSON.stringify({ b: Buffer.from('!') }), '{"b":{"type":"Buffer","data":[33]}}');
