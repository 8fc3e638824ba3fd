// Port of Node's test/parallel/test-buffer-indexof.js: indexOf/lastIndexOf with strings,
// numbers and buffers, byte offsets (negative too), encodings, and the empty needle.
'use strict';
require('./common');
const assert = require('assert');

const b = Buffer.from('abcdef');
const buf_a = Buffer.from('a');
const buf_bc = Buffer.from('bc');
const buf_f = Buffer.from('f');
const buf_z = Buffer.from('z');
const buf_empty = Buffer.from('');

assert.strictEqual(b.indexOf('a'), 0);
assert.strictEqual(b.indexOf('a', 1), -1);
assert.strictEqual(b.indexOf('a', -1), -1);
assert.strictEqual(b.indexOf('a', -4), -1);
assert.strictEqual(b.indexOf('a', -b.length), 0);
assert.strictEqual(b.indexOf('a', NaN), 0);
assert.strictEqual(b.indexOf('a', -Infinity), 0);
assert.strictEqual(b.indexOf('a', Infinity), -1);
assert.strictEqual(b.indexOf('bc'), 1);
assert.strictEqual(b.indexOf('bc', 2), -1);
assert.strictEqual(b.indexOf('bc', -1), -1);
assert.strictEqual(b.indexOf('bc', -3), -1);
assert.strictEqual(b.indexOf('bc', -5), 1);
assert.strictEqual(b.indexOf('f'), b.length - 1);
assert.strictEqual(b.indexOf('z'), -1);
assert.strictEqual(b.indexOf(''), 0);
assert.strictEqual(b.indexOf('', 1), 1);
assert.strictEqual(b.indexOf('', b.length + 1), b.length);
assert.strictEqual(b.indexOf(buf_a), 0);
assert.strictEqual(b.indexOf(buf_bc), 1);
assert.strictEqual(b.indexOf(buf_f), 5);
assert.strictEqual(b.indexOf(buf_z), -1);
assert.strictEqual(b.indexOf(buf_empty), 0);
assert.strictEqual(b.indexOf(0x61), 0);
assert.strictEqual(b.indexOf(0x61 + 256), 0, 'numbers are taken modulo 256');
assert.strictEqual(b.indexOf(0x66), 5);
assert.strictEqual(b.indexOf(0x99), -1);
assert.strictEqual(b.indexOf(new Uint8Array([0x63, 0x64])), 2);

assert.strictEqual(b.includes('cd'), true);
assert.strictEqual(b.includes('cd', 3), false);

// Encodings of the needle.
assert.strictEqual(b.indexOf('62', 0, 'hex'), 1);
assert.strictEqual(b.indexOf('Yw==', 0, 'base64'), 2);
assert.strictEqual(b.indexOf('d', 'latin1'), 3);
const u16 = Buffer.from('aaaa0b', 'utf16le');
assert.strictEqual(u16.indexOf('0', 0, 'utf16le'), 8);
assert.strictEqual(u16.indexOf('b', 'utf16le'), 10);

// lastIndexOf.
const r = Buffer.from('abcabc');
assert.strictEqual(r.lastIndexOf('b'), 4);
assert.strictEqual(r.lastIndexOf('b', 3), 1);
assert.strictEqual(r.lastIndexOf('b', -3), 1);
assert.strictEqual(r.lastIndexOf('abc'), 3);
assert.strictEqual(r.lastIndexOf('x'), -1);
assert.strictEqual(r.lastIndexOf(Buffer.from('ca')), 2);
assert.strictEqual(r.lastIndexOf(0x61), 3);
assert.strictEqual(r.lastIndexOf(''), 6);
assert.strictEqual(r.lastIndexOf('c', undefined), 5, 'an undefined start means the end');
assert.strictEqual(r.lastIndexOf('c', null), -1, 'a null start means 0');
assert.strictEqual(r.lastIndexOf('a', null), 0);

assert.throws(() => b.indexOf({}), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => b.indexOf('a', 0, 'nope'), { code: 'ERR_UNKNOWN_ENCODING' });
