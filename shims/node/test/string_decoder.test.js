'use strict';
// The `string_decoder` module: characters split across writes, for every encoding; invalid input
// decoded as Node's native decoder does; lastNeed/lastTotal/lastChar; errors.
const assert = require('assert');
const { StringDecoder } = require('string_decoder');
const { Buffer } = require('buffer');

const { test, done } = require('./harness').namedTests();

const h = (s) => Buffer.from(s, 'hex');

/** Decodes `bytes` split at every pair of cut points; each way must give `expected`. */
function checkSplits(encoding, bytes, expected) {
  for (let i = 0; i <= bytes.length; i++) {
    for (let j = i; j <= bytes.length; j++) {
      const d = new StringDecoder(encoding);
      const out = d.write(bytes.subarray(0, i)) + d.write(bytes.subarray(i, j)) + d.write(bytes.subarray(j)) + d.end();
      assert.strictEqual(out, expected, `${encoding} split at ${i},${j} of ${bytes.toString('hex')}`);
    }
  }
  const d = new StringDecoder(encoding);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += d.write(bytes.subarray(i, i + 1));
  assert.strictEqual(out + d.end(), expected, `${encoding} byte by byte`);
}

test('encodings and construction', () => {
  assert.strictEqual(new StringDecoder().encoding, 'utf8');
  assert.strictEqual(new StringDecoder(null).encoding, 'utf8');
  assert.strictEqual(new StringDecoder('').encoding, 'utf8');
  assert.strictEqual(new StringDecoder('UTF-8').encoding, 'utf8');
  assert.strictEqual(new StringDecoder('ucs2').encoding, 'utf16le');
  assert.strictEqual(new StringDecoder('UCS-2').encoding, 'utf16le');
  assert.strictEqual(new StringDecoder('utf-16le').encoding, 'utf16le');
  assert.strictEqual(new StringDecoder('binary').encoding, 'latin1');
  assert.strictEqual(new StringDecoder('BASE64URL').encoding, 'base64url');
  assert.strictEqual(new StringDecoder('hex').encoding, 'hex');
  assert.strictEqual(new StringDecoder('ascii').encoding, 'ascii');
  assert.throws(() => new StringDecoder('foo'), { name: 'TypeError', code: 'ERR_UNKNOWN_ENCODING', message: 'Unknown encoding: foo' });
  assert.throws(() => new StringDecoder(5), { name: 'TypeError', code: 'ERR_UNKNOWN_ENCODING', message: 'Unknown encoding: 5' });
  const d = new StringDecoder();
  assert.strictEqual(d.write('already a string'), 'already a string');
  for (const bad of [5, null, [1], {}]) {
    assert.throws(() => d.write(bad), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  }
  assert.throws(() => d.write(5), {
    message: 'The "buf" argument must be an instance of Buffer, TypedArray, or DataView. Received type number (5)',
  });
});

test('utf8 characters split across writes', () => {
  checkSplits('utf8', Buffer.from('a\u00e9\u20ac\ud83d\ude00z'), 'a\u00e9\u20ac\ud83d\ude00z');
  checkSplits('utf8', Buffer.from('\u00e9\u00e9\u00e9'), '\u00e9\u00e9\u00e9');
  const d = new StringDecoder('utf8');
  assert.strictEqual(d.write(h('e2')), '');
  assert.strictEqual(d.lastNeed, 2);
  assert.strictEqual(d.lastTotal, 3);
  assert.strictEqual(d.write(h('82')), '');
  assert.strictEqual(d.lastNeed, 1);
  assert.strictEqual(d.write(h('ac41')), '\u20acA');
  assert.strictEqual(d.lastNeed, 0);
  assert.strictEqual(d.end(), '');
  assert.strictEqual(d.write(h('f09f')), '');
  assert.strictEqual(d.write(h('98')), '');
  assert.strictEqual(d.write(h('80')), '\ud83d\ude00');
  assert.strictEqual(d.end(h('61')), 'a');
});

test('utf8 invalid and unfinished input', () => {
  let d = new StringDecoder('utf8');
  assert.strictEqual(d.write(h('e1')), '');
  assert.strictEqual(d.end(), '\ufffd');
  d = new StringDecoder('utf8');
  assert.strictEqual(d.write(h('e18b')), '');
  assert.strictEqual(d.end(), '\ufffd');
  d = new StringDecoder('utf8');
  assert.strictEqual(d.write(Buffer.from('\ufffd\ufffd')), '\ufffd\ufffd');
  d = new StringDecoder('utf8');
  assert.strictEqual(d.write(h('efbfbde2')), '\ufffd');
  assert.strictEqual(d.end(), '\ufffd');
  d = new StringDecoder('utf8');
  assert.strictEqual(d.write(h('f1')), '');
  assert.strictEqual(d.write(h('41f2')), '\ufffdA');
  assert.strictEqual(d.end(), '\ufffd');
  d = new StringDecoder('utf8');
  assert.strictEqual(d.write(h('e2')), '');
  assert.strictEqual(d.write(h('41')), '\ufffdA', 'a non-continuation byte ends the kept character');
  d = new StringDecoder('utf8');
  assert.strictEqual(d.write(h('f69b')), '');
  assert.strictEqual(d.write(h('d1')), '\ufffd\ufffd');
  assert.strictEqual(d.end(), '\ufffd');
  assert.strictEqual(d.write(h('f4')), '');
  assert.strictEqual(d.write(h('bde5')), '\ufffd\ufffd', 'f4 bd: bd cannot follow f4');
  assert.strictEqual(d.end(), '\ufffd');
  d = new StringDecoder('utf8');
  assert.strictEqual(d.write(h('ff80c0af')), '\ufffd\ufffd\ufffd\ufffd');
  assert.strictEqual(d.write(h('eda080')), '\ufffd\ufffd\ufffd');
  assert.strictEqual(d.write(h('c0')), '');
  assert.strictEqual(d.write(h('80')), '\ufffd\ufffd');
  assert.strictEqual(d.end(), '');
  d = new StringDecoder('utf8');
  assert.strictEqual(d.write(h('808080')), '\ufffd\ufffd\ufffd', 'stray continuation bytes are not kept');
  assert.strictEqual(d.lastNeed, 0);
  assert.strictEqual(d.end(h('e282')), '\ufffd');
  assert.strictEqual(d.end(), '', 'end() resets');
});

test('utf16le', () => {
  checkSplits('utf16le', Buffer.from('a\u00e9\u20ac\ud83d\ude00z', 'utf16le'), 'a\u00e9\u20ac\ud83d\ude00z');
  let d = new StringDecoder('utf16le');
  assert.strictEqual(d.write(h('3dd8')), '');
  assert.strictEqual(d.lastNeed, 2);
  assert.strictEqual(d.write(h('4d')), '');
  assert.strictEqual(d.lastNeed, 1);
  assert.strictEqual(d.write(h('dc')), '\ud83d\udc4d');
  assert.strictEqual(d.end(), '');
  d = new StringDecoder('utf16le');
  assert.strictEqual(d.write(h('6100ac')), 'a');
  assert.strictEqual(d.end(), '', 'an odd final byte is dropped');
  d = new StringDecoder('utf16le');
  assert.strictEqual(d.write(h('3dd8')), '');
  assert.strictEqual(d.end(), '\ud83d', 'a lone lead surrogate comes out at the end');
  d = new StringDecoder('ucs2');
  assert.strictEqual(d.write(h('3dd861')), '\ud83d', 'an odd length keeps only the odd byte');
  assert.strictEqual(d.write(h('00')), 'a');
  assert.strictEqual(d.end(h('3dd83dd8')), '\ud83d\ud83d');
});

test('base64 and base64url', () => {
  for (const enc of ['base64', 'base64url']) {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'hello world!', '\u00ff\u00fe\u00fd\u00fc']) {
      const bytes = Buffer.from(text, 'latin1');
      checkSplits(enc, bytes, bytes.toString(enc));
    }
  }
  const d = new StringDecoder('base64');
  assert.strictEqual(d.write(Buffer.from('a')), '');
  assert.strictEqual(d.lastNeed, 2);
  assert.strictEqual(d.write(Buffer.from('b')), '');
  assert.strictEqual(d.write(Buffer.from('cdef')), 'YWJjZGVm');
  assert.strictEqual(d.write(Buffer.from('gh')), '');
  assert.strictEqual(d.end(), 'Z2g=');
  const u = new StringDecoder('base64url');
  assert.strictEqual(u.write(h('fbff')), '');
  assert.strictEqual(u.end(), '-_8');
});

test('hex, latin1, ascii keep nothing', () => {
  let d = new StringDecoder('hex');
  assert.strictEqual(d.write(h('01ff')), '01ff');
  assert.strictEqual(d.write(h('0a')), '0a');
  assert.strictEqual(d.end(), '');
  d = new StringDecoder('latin1');
  assert.strictEqual(d.write(h('e9c3')), '\u00e9\u00c3');
  assert.strictEqual(d.end(h('a9')), '\u00a9');
  d = new StringDecoder('ascii');
  assert.strictEqual(d.write(h('41ff')), 'A\u007f');
  assert.strictEqual(d.end(), '');
});

test('other views, text(), lastChar', () => {
  const d = new StringDecoder('utf8');
  assert.strictEqual(d.write(new Uint16Array([0x4241])), 'AB');
  assert.strictEqual(d.write(new DataView(new Uint8Array([0x43, 0xc3]).buffer)), 'C');
  assert.strictEqual(d.lastChar[0], 0xc3);
  assert.strictEqual(d.lastChar.length, 4);
  assert.strictEqual(d.write(new Uint8Array([0xa9])), '\u00e9');
  assert.strictEqual(d.text(Buffer.from('xyz'), 1), 'yz');
  assert.strictEqual(d.write(h('e2')), '');
  assert.strictEqual(d.text(Buffer.from('ab'), 0), 'ab', 'text() drops the kept bytes');
  assert.strictEqual(d.end(), '');
  assert.strictEqual(new StringDecoder('utf8').text(Buffer.from([0x41]), 2), '');
});

test('long input in chunks', () => {
  const text = 'h\u00e9llo \u20ac \ud83d\ude00 '.repeat(5000);
  const bytes = Buffer.from(text);
  for (const enc of ['utf8', 'utf16le', 'base64', 'hex', 'latin1']) {
    const src = enc === 'utf16le' ? Buffer.from(text, 'utf16le') : bytes;
    const d = new StringDecoder(enc);
    let out = '';
    for (let i = 0; i < src.length; i += 1021) out += d.write(src.subarray(i, i + 1021));
    out += d.end();
    assert.strictEqual(out, enc === 'utf8' || enc === 'utf16le' ? text : src.toString(enc), enc);
  }
});

done('string_decoder');
