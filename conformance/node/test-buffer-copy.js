// Port of Node's test/parallel/test-buffer-copy.js: copy with target/source offsets, overlapping
// copies within one buffer, clamped ranges and the offset checks.
'use strict';
require('./common');
const assert = require('assert');

const b = Buffer.allocUnsafe(1024);
const c = Buffer.allocUnsafe(512);
b.fill(1);
c.fill(2);

assert.strictEqual(b.copy(c, 0, 0, 512), 512);
assert.ok(c.every((v) => v === 1));

c.fill(2);
assert.strictEqual(c.copy(b, 0, 0), 512);
for (let i = 0; i < 512; i++) assert.strictEqual(b[i], 2);
for (let i = 512; i < 1024; i++) assert.strictEqual(b[i], 1);

// Source range clamped by the target's end.
b.fill(1);
c.fill(2);
assert.strictEqual(b.copy(c, 0, 0, 1025), 512);

// Target start beyond the end copies nothing.
assert.strictEqual(b.copy(c, 512), 0);
// Source end before start copies nothing.
assert.strictEqual(b.copy(c, 0, 10, 5), 0);

// Overlapping copy inside one buffer behaves like memmove.
const s = Buffer.from('abcdefgh');
s.copy(s, 2, 0, 6);
assert.strictEqual(s.toString(), 'ababcdef');
const t = Buffer.from('abcdefgh');
t.copy(t, 0, 2);
assert.strictEqual(t.toString(), 'cdefghgh');

// Copying into a Uint8Array works too.
const u8 = new Uint8Array(3);
Buffer.from('xyz').copy(u8);
assert.deepStrictEqual([...u8], [120, 121, 122]);

assert.throws(() => b.copy(c, -1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => b.copy(c, 0, -1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => b.copy('not a buffer'), { code: 'ERR_INVALID_ARG_TYPE' });
