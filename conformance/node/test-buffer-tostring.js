// Port of Node's test/parallel/test-buffer-tostring.js and -tostring-range.js: toString in each
// encoding (names case-insensitive), start/end clamping, and unknown encodings.
'use strict';
require('./common');
const assert = require('assert');

for (const enc of ['utf8', 'utf-8', 'UTF8', 'Utf-8', 'ascii', 'ASCII', 'latin1', 'binary', 'LATIN1']) {
  assert.strictEqual(Buffer.from('foo').toString(enc), 'foo', enc);
}
for (const enc of ['ucs2', 'ucs-2', 'utf16le', 'utf-16le', 'UTF16LE']) {
  assert.strictEqual(Buffer.from('foo', enc).toString(enc), 'foo', enc);
}
assert.strictEqual(Buffer.from('foo').toString('base64'), 'Zm9v');
assert.strictEqual(Buffer.from('fo?').toString('base64url'), 'Zm8_');
assert.strictEqual(Buffer.from('foo').toString('hex'), '666f6f');
assert.strictEqual(Buffer.from([0xff, 0x80]).toString('ascii'), '\u007f\u0000', 'ascii drops the high bit');
assert.strictEqual(Buffer.from([0xff, 0x80]).toString('latin1'), '\u00ff\u0080');
assert.strictEqual(Buffer.from([0xe2, 0x82]).toString(), '\ufffd', 'a cut sequence is one replacement character');
assert.strictEqual(Buffer.from([0xc0, 0x80]).toString(), '\ufffd\ufffd');

const abc = Buffer.from('abc');
assert.strictEqual(abc.toString('utf8', 1), 'bc');
assert.strictEqual(abc.toString('utf8', 1, 2), 'b');
assert.strictEqual(abc.toString('utf8', -1, 10), 'abc');
assert.strictEqual(abc.toString('utf8', 3), '');
assert.strictEqual(abc.toString('utf8', 2, 1), '');
assert.strictEqual(abc.toString('utf8', '1', '2'), 'b');
assert.strictEqual(abc.toString('utf8', 1.9, 2.1), 'b');
assert.strictEqual(abc.toString('utf8', NaN, 2), 'ab');
assert.strictEqual(abc.toString(undefined, 1), 'bc');
assert.strictEqual(abc.toString('utf8', null, null), '');

for (const enc of ['nope', 'utf9', 'utf-16be', '']) {
  assert.throws(() => abc.toString(enc), { code: 'ERR_UNKNOWN_ENCODING', message: `Unknown encoding: ${enc}` }, enc);
}
assert.strictEqual(String(abc), 'abc');
