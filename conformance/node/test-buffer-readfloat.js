// Port of Node's test/parallel/test-buffer-readfloat.js, -readdouble.js, -writefloat.js and
// -writedouble.js: IEEE 754 single and double precision in both byte orders, special values and
// offset checks.
'use strict';
require('./common');
const assert = require('assert');

const buf = Buffer.alloc(8);

buf.writeFloatBE(1, 0);
assert.deepStrictEqual([...buf.subarray(0, 4)], [0x3f, 0x80, 0, 0]);
buf.writeFloatLE(1, 0);
assert.deepStrictEqual([...buf.subarray(0, 4)], [0, 0, 0x80, 0x3f]);
assert.strictEqual(buf.readFloatLE(0), 1);
buf.writeFloatBE(0.1, 0);
assert.strictEqual(buf.readFloatBE(0), Math.fround(0.1));
buf.writeFloatLE(-Infinity, 4);
assert.strictEqual(buf.readFloatLE(4), -Infinity);
buf.writeFloatLE(NaN, 4);
assert.ok(Number.isNaN(buf.readFloatLE(4)));
buf.writeFloatBE(-0, 0);
assert.ok(Object.is(buf.readFloatBE(0), -0));
buf.writeFloatLE(3.4e39, 0); // beyond float range
assert.strictEqual(buf.readFloatLE(0), Infinity);

assert.strictEqual(buf.writeDoubleBE(1, 0), 8);
assert.deepStrictEqual([...buf], [0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
buf.writeDoubleLE(1, 0);
assert.deepStrictEqual([...buf], [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
buf.writeDoubleLE(Math.PI, 0);
assert.strictEqual(buf.readDoubleLE(0), Math.PI);
buf.writeDoubleBE(Number.MAX_VALUE, 0);
assert.strictEqual(buf.readDoubleBE(0), Number.MAX_VALUE);
buf.writeDoubleBE(Number.MIN_VALUE, 0);
assert.strictEqual(buf.readDoubleBE(0), Number.MIN_VALUE);
buf.writeDoubleLE(NaN, 0);
assert.ok(Number.isNaN(buf.readDoubleLE(0)));

assert.throws(() => buf.readFloatLE(5), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.readDoubleBE(1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.writeDoubleLE(1, 1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.readFloatBE(-1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => buf.readFloatBE('0'), { code: 'ERR_INVALID_ARG_TYPE' });
