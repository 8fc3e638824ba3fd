'use strict';
// The `buffer` module: construction, encodings, views, comparison, search, fill, write, numbers,
// inspect, atob/btoa, isUtf8/isAscii, transcode, and Node's errors (codes and messages).
const assert = require('assert');
const buffer = require('buffer');
const { Buffer, SlowBuffer } = buffer;

const { test, done } = require('./harness').namedTests();

const hex = (b) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
const codes = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16));
const inspect = (b) => b[Symbol.for('nodejs.util.inspect.custom')]();
const throwsCode = (fn, code, name, message) => {
  const expected = { code, name };
  if (message !== undefined) expected.message = message;
  assert.throws(fn, expected);
};

test('module shape', () => {
  assert.strictEqual(typeof Buffer, 'function');
  assert.strictEqual(globalThis.Buffer, Buffer);
  assert.strictEqual(globalThis.atob, buffer.atob);
  assert.strictEqual(globalThis.btoa, buffer.btoa);
  assert.strictEqual(buffer.kMaxLength, buffer.constants.MAX_LENGTH);
  assert.strictEqual(buffer.kStringMaxLength, buffer.constants.MAX_STRING_LENGTH);
  assert.ok(buffer.kMaxLength >= 2 ** 31 - 1);
  assert.ok(buffer.kStringMaxLength >= 2 ** 28 - 16);
  assert.strictEqual(buffer.INSPECT_MAX_BYTES, 50);
  assert.strictEqual(Buffer.poolSize, 8192);
  for (const name of ['SlowBuffer', 'transcode', 'isUtf8', 'isAscii', 'atob', 'btoa']) {
    assert.strictEqual(typeof buffer[name], 'function', name);
  }
  assert.strictEqual(Object.getPrototypeOf(Buffer), Uint8Array);
  assert.strictEqual(Object.getPrototypeOf(Buffer.prototype), Uint8Array.prototype);
  assert.strictEqual(Buffer.prototype.constructor, Buffer);
});

test('alloc, allocUnsafe, allocUnsafeSlow, SlowBuffer, Buffer()', () => {
  assert.strictEqual(hex(Buffer.alloc(4)), '00000000');
  assert.strictEqual(Buffer.alloc(0).length, 0);
  assert.strictEqual(hex(Buffer.alloc(5, 'ab')), '6162616261');
  assert.strictEqual(hex(Buffer.alloc(5, 'YWI=', 'base64')), '6162616261');
  assert.strictEqual(hex(Buffer.alloc(5, '\u20ac')), 'e282ace282');
  assert.strictEqual(hex(Buffer.alloc(4, 'ab', 'ucs2')), '61006200');
  assert.strictEqual(hex(Buffer.alloc(3, 257)), '010101');
  assert.strictEqual(hex(Buffer.alloc(3, -1)), 'ffffff');
  assert.strictEqual(hex(Buffer.alloc(5, Buffer.from([1, 2]))), '0102010201');
  assert.strictEqual(hex(Buffer.alloc(3, true)), '010101');
  assert.strictEqual(hex(Buffer.alloc(3, '')), '000000');
  assert.strictEqual(Buffer.allocUnsafe(10).length, 10);
  assert.ok(Buffer.allocUnsafe(10) instanceof Buffer);
  assert.strictEqual(Buffer.allocUnsafeSlow(10).length, 10);
  assert.ok(Buffer.allocUnsafeSlow(3) instanceof Buffer);
  assert.strictEqual(SlowBuffer(3).length, 3);
  assert.strictEqual(hex(Buffer(3)), '000000');
  assert.strictEqual(new Buffer('abc').toString(), 'abc');
  assert.strictEqual(hex(Buffer.of(1, 2, 256)), '010200');

  throwsCode(() => Buffer.alloc(-1), 'ERR_OUT_OF_RANGE', 'RangeError',
    `The value of "size" is out of range. It must be >= 0 && <= ${buffer.kMaxLength}. Received -1`);
  throwsCode(() => Buffer.alloc(NaN), 'ERR_OUT_OF_RANGE', 'RangeError');
  throwsCode(() => Buffer.alloc('5'), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "size" argument must be of type number. Received type string (\'5\')');
  throwsCode(() => Buffer.allocUnsafe(), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "size" argument must be of type number. Received undefined');
  throwsCode(() => Buffer.alloc(2 ** 53), 'ERR_OUT_OF_RANGE', 'RangeError');
  throwsCode(() => Buffer.alloc(4, 'zz', 'hex'), 'ERR_INVALID_ARG_VALUE', 'TypeError',
    "The argument 'value' is invalid. Received 'zz'");
  throwsCode(() => Buffer.alloc(4, 'x', 'nope'), 'ERR_UNKNOWN_ENCODING', 'TypeError', 'Unknown encoding: nope');
  throwsCode(() => new Buffer(5, 'utf8'), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "string" argument must be of type string. Received type number (5)');
});

test('Buffer.from', () => {
  assert.strictEqual(hex(Buffer.from([1, 2, 255, 256, -1, 1.7, '3'])), '0102ff00ff0103');
  const ab = new Uint8Array([1, 2, 3, 4]).buffer;
  const view = Buffer.from(ab, 1, 2);
  assert.strictEqual(hex(view), '0203');
  view[0] = 9;
  assert.strictEqual(new Uint8Array(ab)[1], 9, 'shares memory with the ArrayBuffer');
  assert.strictEqual(hex(Buffer.from(ab, 2)), '0304');
  assert.strictEqual(Buffer.from(ab, 4).length, 0);
  assert.strictEqual(Buffer.from(ab, 1, -5).length, 0);
  throwsCode(() => Buffer.from(ab, 5), 'ERR_BUFFER_OUT_OF_BOUNDS', 'RangeError', '"offset" is outside of buffer bounds');
  throwsCode(() => Buffer.from(ab, 1, 4), 'ERR_BUFFER_OUT_OF_BOUNDS', 'RangeError', '"length" is outside of buffer bounds');

  const src = Buffer.from('abc');
  const copy = Buffer.from(src);
  copy[0] = 0x7a;
  assert.strictEqual(src.toString(), 'abc', 'Buffer.from(buffer) copies');
  assert.strictEqual(hex(Buffer.from(new Uint16Array([1, 256, 0x1ff]))), '0100ff');
  assert.strictEqual(Buffer.from(new DataView(new ArrayBuffer(3))).length, 0);
  assert.strictEqual(Buffer.from(new String('hi')).toString(), 'hi');
  assert.strictEqual(Buffer.from({ valueOf() { return 'hey'; } }).toString(), 'hey');
  assert.strictEqual(Buffer.from({ [Symbol.toPrimitive]() { return 'tp'; } }).toString(), 'tp');
  assert.strictEqual(hex(Buffer.from({ length: 2, 0: 300, 1: -1 })), '2cff');
  assert.strictEqual(hex(Buffer.from({ type: 'Buffer', data: [1, 2] })), '0102');
  assert.strictEqual(Buffer.from({ length: 'x' }).length, 0);
  assert.strictEqual(hex(Buffer.from(JSON.parse(JSON.stringify(Buffer.from('hi'))))), '6869');
  assert.strictEqual(hex(Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1)), '0200');

  const msg = 'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.';
  throwsCode(() => Buffer.from(5), 'ERR_INVALID_ARG_TYPE', 'TypeError', `${msg} Received type number (5)`);
  throwsCode(() => Buffer.from(null), 'ERR_INVALID_ARG_TYPE', 'TypeError', `${msg} Received null`);
  throwsCode(() => Buffer.from({}), 'ERR_INVALID_ARG_TYPE', 'TypeError', `${msg} Received an instance of Object`);
  throwsCode(() => Buffer.from(Symbol('q')), 'ERR_INVALID_ARG_TYPE', 'TypeError', `${msg} Received type symbol (Symbol(q))`);
  throwsCode(() => Buffer.from('x', 'foo'), 'ERR_UNKNOWN_ENCODING', 'TypeError', 'Unknown encoding: foo');
  // A non-string encoding means utf8.
  assert.strictEqual(hex(Buffer.from('\u00e9', 5)), 'c3a9');

  // Larger than the pool's half and than the pool.
  for (const n of [4095, 4096, 8192, 20000]) {
    const s = 'x'.repeat(n - 1) + '\u00e9';
    const b = Buffer.from(s);
    assert.strictEqual(b.length, n + 1);
    assert.strictEqual(b.toString(), s);
  }
});

test('utf8 decoding replaces invalid sequences (WHATWG)', () => {
  const cases = [
    ['c3', ['fffd']],
    ['c0af', ['fffd', 'fffd']],
    ['e08080', ['fffd', 'fffd', 'fffd']],
    ['eda080', ['fffd', 'fffd', 'fffd']], // surrogate
    ['edbfbf41', ['fffd', 'fffd', 'fffd', '41']],
    ['f09f98', ['fffd']], // truncated 4-byte sequence: one U+FFFD
    ['f09f9880', ['1f600']],
    ['f4908080', ['fffd', 'fffd', 'fffd', 'fffd']], // > U+10FFFF
    ['f8888080', ['fffd', 'fffd', 'fffd', 'fffd']],
    ['e282ac', ['20ac']],
    ['e28241', ['fffd', '41']],
    ['ff41fe', ['fffd', '41', 'fffd']],
    ['80bf', ['fffd', 'fffd']],
    ['efbbbf41', ['feff', '41']], // a BOM stays
  ];
  for (const [input, expected] of cases) {
    assert.deepStrictEqual(codes(Buffer.from(input, 'hex').toString()), expected, input);
    assert.deepStrictEqual(codes(Buffer.from(input, 'hex').toString('utf8')), expected, input);
  }
});

test('utf8 encoding of surrogates', () => {
  assert.strictEqual(hex(Buffer.from('\ud83d\ude00')), 'f09f9880');
  assert.strictEqual(hex(Buffer.from('\ud800x')), 'efbfbd78');
  assert.strictEqual(hex(Buffer.from('\udc00\ud800')), 'efbfbdefbfbd');
  assert.strictEqual(hex(Buffer.from('a\ud83d')), '61efbfbd');
  assert.strictEqual(Buffer.byteLength('\ud83d\ude00'), 4);
  assert.strictEqual(Buffer.byteLength('\ud800'), 3);
  assert.strictEqual(Buffer.byteLength('\u00e9\u20ac'), 5);
});

test('hex', () => {
  assert.strictEqual(hex(Buffer.from('0aFf', 'hex')), '0aff');
  assert.strictEqual(hex(Buffer.from('abc', 'hex')), 'ab', 'odd length: the last digit is ignored');
  assert.strictEqual(hex(Buffer.from('abzzcd', 'hex')), 'ab', 'stops at the first invalid pair');
  assert.strictEqual(Buffer.from('zz', 'hex').length, 0);
  assert.strictEqual(Buffer.from('a', 'hex').length, 0);
  assert.strictEqual(Buffer.from([0, 15, 16, 255]).toString('hex'), '000f10ff');
  assert.strictEqual(Buffer.from('ff', 'HEX')[0], 255);
  assert.strictEqual(Buffer.byteLength('abc', 'hex'), 1);
});

test('base64 and base64url', () => {
  assert.strictEqual(Buffer.from('hello').toString('base64'), 'aGVsbG8=');
  assert.strictEqual(Buffer.from('hell').toString('base64'), 'aGVsbA==');
  assert.strictEqual(Buffer.from([0xfb, 0xff]).toString('base64'), '+/8=');
  assert.strictEqual(Buffer.from([0xfb, 0xff]).toString('base64url'), '-_8');
  assert.strictEqual(Buffer.from('aGVsbG8', 'base64').toString(), 'hello', 'missing padding');
  assert.strictEqual(Buffer.from('aGVs\nbG8=\n', 'base64').toString(), 'hello', 'newlines');
  assert.strictEqual(Buffer.from(' aG Vs bG 8= ', 'base64').toString(), 'hello', 'spaces');
  assert.strictEqual(Buffer.from('aGV*sbG8', 'base64').toString(), 'hello', 'other characters are skipped');
  assert.strictEqual(hex(Buffer.from('-_8', 'base64')), 'fbff', 'base64 accepts the url alphabet');
  assert.strictEqual(hex(Buffer.from('+/8=', 'base64url')), 'fbff', 'base64url accepts the standard alphabet');
  assert.strictEqual(Buffer.from('QQ==QUJD', 'base64').toString(), 'A', 'stops at padding');
  assert.strictEqual(Buffer.from('Q', 'base64').length, 0);
  assert.strictEqual(Buffer.from('QUJDR', 'base64').toString(), 'ABC');
  assert.strictEqual(Buffer.from('', 'base64').length, 0);
  assert.strictEqual(Buffer.byteLength('aGVsbG8=', 'base64'), 5);
  assert.strictEqual(Buffer.byteLength('aGVsbA==', 'base64'), 4);
  assert.strictEqual(Buffer.byteLength('aGVsbA', 'base64url'), 4);
  const all = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  for (const enc of ['base64', 'base64url', 'hex', 'latin1', 'binary']) {
    assert.ok(Buffer.from(all.toString(enc), enc).equals(all), enc);
  }
});

test('latin1, ascii, ucs2/utf16le', () => {
  assert.strictEqual(hex(Buffer.from('\u00e9\u0100\u20ac', 'latin1')), 'e900ac', 'low byte of each unit');
  assert.strictEqual(hex(Buffer.from('\u00e9', 'binary')), 'e9');
  assert.strictEqual(Buffer.from([0xe9, 0x41]).toString('latin1'), '\u00e9A');
  assert.strictEqual(hex(Buffer.from('\u00e9A', 'ascii')), 'e941', 'ascii writes like latin1');
  assert.deepStrictEqual(codes(Buffer.from([0xff, 0x80, 0x41]).toString('ascii')), ['7f', '0', '41'], 'ascii clears the high bit');
  assert.strictEqual(hex(Buffer.from('a\u20ac\ud83d', 'utf16le')), '6100ac203dd8');
  assert.strictEqual(hex(Buffer.from('ab', 'UCS-2')), '61006200');
  assert.deepStrictEqual(codes(Buffer.from('6100ac203dd8', 'hex').toString('ucs2')), ['61', '20ac', 'd83d'], 'lone surrogates kept');
  assert.strictEqual(Buffer.from([0x61, 0x00, 0x62]).toString('utf16le'), 'a', 'odd byte dropped');
  assert.strictEqual(Buffer.byteLength('abc', 'utf16le'), 6);
  assert.strictEqual(Buffer.byteLength('abc', 'latin1'), 3);
  assert.strictEqual(Buffer.byteLength('\u00e9', 'ascii'), 1);
});

test('encoding names', () => {
  for (const enc of ['utf8', 'utf-8', 'UTF8', 'Utf-8', 'hex', 'HEX', 'base64', 'BASE64', 'base64url', 'latin1',
    'binary', 'LATIN1', 'ascii', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le', 'UTF-16LE']) {
    assert.strictEqual(Buffer.isEncoding(enc), true, enc);
    assert.strictEqual(typeof Buffer.from('ab', enc).toString(enc), 'string', enc);
  }
  for (const enc of ['', 'utf16', 'utf-16', 'foo', null, undefined, 1, 'utf-16be', 'latin-1']) {
    assert.strictEqual(Buffer.isEncoding(enc), false, String(enc));
  }
  assert.strictEqual(Buffer.byteLength('\u00e9', 'foo'), 2, 'an unknown encoding counts as utf8');
  throwsCode(() => Buffer.byteLength(5), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "string" argument must be of type string or an instance of Buffer or ArrayBuffer. Received type number (5)');
  assert.strictEqual(Buffer.byteLength(new Uint16Array(3)), 6);
  assert.strictEqual(Buffer.byteLength(new ArrayBuffer(7)), 7);
});

test('toString(encoding, start, end)', () => {
  const b = Buffer.from('hello');
  assert.strictEqual(b.toString(), 'hello');
  assert.strictEqual(b.toString('utf8', 1, 3), 'el');
  assert.strictEqual(b.toString(undefined, 1), 'ello');
  assert.strictEqual(b.toString('hex', -1, 100), '68656c6c6f');
  assert.strictEqual(b.toString('utf8', 3, 1), '');
  assert.strictEqual(b.toString('utf8', 5), '');
  assert.strictEqual(b.toString('utf8', 1.7, 3.2), 'el');
  assert.strictEqual(b.toString('utf8', NaN, NaN), '');
  assert.strictEqual(b.toString('utf8', '1', '3'), 'el');
  assert.strictEqual(b.toLocaleString(), 'hello');
  throwsCode(() => b.toString('foo'), 'ERR_UNKNOWN_ENCODING', 'TypeError', 'Unknown encoding: foo');
  throwsCode(() => b.toString(null), 'ERR_UNKNOWN_ENCODING', 'TypeError', 'Unknown encoding: null');
  assert.strictEqual(Buffer.from([0xe2, 0x82, 0xac]).toString('utf8', 0, 2), '\ufffd');
});

test('write(string, offset, length, encoding)', () => {
  const b = Buffer.alloc(6);
  assert.strictEqual(b.write('abc'), 3);
  assert.strictEqual(b.toString(), 'abc\0\0\0');
  assert.strictEqual(b.write('xy', 4), 2);
  assert.strictEqual(b.write('zzz', 5), 1);
  assert.strictEqual(hex(b), '616263007879'.slice(0, 10) + '7a');
  assert.strictEqual(b.write('6465', 'hex'), 2);
  assert.strictEqual(b.write('ffff', 1, 1, 'hex'), 1);
  assert.strictEqual(hex(b), '64ff6300787a');
  assert.strictEqual(b.write('aa', 2, 'latin1'), 2);
  assert.strictEqual(Buffer.alloc(4).write('zz', 'hex'), 0);
  assert.strictEqual(Buffer.alloc(4).write('abc', 'hex'), 1);
  // Whole characters only.
  assert.strictEqual(Buffer.alloc(2).write('\u20ac'), 0);
  assert.strictEqual(Buffer.from('aaaa').write('\u00e9\u00e9', 1), 2);
  assert.strictEqual(Buffer.alloc(5).write('a\ud83d\ude00'), 5);
  assert.strictEqual(Buffer.alloc(4).write('a\ud83d\ude00'), 1);
  assert.strictEqual(Buffer.alloc(3).write('abc', 'ucs2'), 2);
  assert.strictEqual(Buffer.alloc(4).write('aGVsbG8=', 'base64'), 4);

  throwsCode(() => b.write('x', 9), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be >= 0 && <= 6. Received 9');
  throwsCode(() => b.write('x', -1), 'ERR_OUT_OF_RANGE', 'RangeError');
  throwsCode(() => b.write('x', 1.5), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be an integer. Received 1.5');
  throwsCode(() => b.write('x', 0, 9), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "length" is out of range. It must be >= 0 && <= 6. Received 9');
  throwsCode(() => b.write('x', 'foo'), 'ERR_UNKNOWN_ENCODING', 'TypeError', 'Unknown encoding: foo');
  throwsCode(() => b.write(5), 'ERR_INVALID_ARG_TYPE', 'TypeError', 'argument must be a string');
});

test('slice and subarray are views', () => {
  const b = Buffer.from('hello');
  const s = b.slice(1, 3);
  assert.ok(s instanceof Buffer);
  assert.strictEqual(s.toString(), 'el');
  s[0] = 0x61;
  assert.strictEqual(b.toString(), 'hallo');
  assert.strictEqual(s.buffer, b.buffer);
  assert.strictEqual(b.slice(-2).toString(), 'lo');
  assert.strictEqual(b.slice(-10, -3).toString(), 'ha');
  assert.strictEqual(b.slice(3, 1).length, 0);
  assert.strictEqual(b.slice(NaN, 2).toString(), 'ha');
  assert.strictEqual(b.slice(1, NaN).length, 0);
  assert.strictEqual(b.slice(1.9, 3.9).toString(), 'al');
  assert.strictEqual(b.slice('1', '3').toString(), 'al');
  assert.strictEqual(b.subarray(2).toString(), 'llo');
  assert.strictEqual(b.subarray(1, 100).toString(), 'allo');
  assert.ok(b.subarray(1) instanceof Buffer);
  assert.ok(b.map((x) => x) instanceof Buffer, 'Symbol.species');
});

test('equals, compare, copy, concat', () => {
  const a = Buffer.from('abc');
  assert.ok(a.equals(Buffer.from('abc')));
  assert.ok(!a.equals(Buffer.from('abd')));
  assert.ok(a.equals(new Uint8Array([0x61, 0x62, 0x63])));
  throwsCode(() => a.equals('abc'), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "otherBuffer" argument must be an instance of Buffer or Uint8Array. Received type string (\'abc\')');
  assert.strictEqual(Buffer.compare(Buffer.from('a'), Buffer.from('b')), -1);
  assert.strictEqual(Buffer.compare(Buffer.from('b'), Buffer.from('a')), 1);
  assert.strictEqual(Buffer.compare(Buffer.from('ab'), Buffer.from('a')), 1);
  assert.strictEqual(Buffer.compare(Buffer.from('a'), Buffer.from('a')), 0);
  assert.deepStrictEqual([Buffer.from('b'), Buffer.from('ab'), Buffer.from('a')].sort(Buffer.compare).map(String), ['a', 'ab', 'b']);
  throwsCode(() => Buffer.compare(a, 'x'), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "buf2" argument must be an instance of Buffer or Uint8Array. Received type string (\'x\')');
  const t = Buffer.from('xxabcxx');
  assert.strictEqual(a.compare(t), -1);
  assert.strictEqual(a.compare(t, 2, 5), 0);
  assert.strictEqual(a.compare(t, 2, 4), 1);
  assert.strictEqual(a.compare(t, 2, 5, 1), 1);
  assert.strictEqual(a.compare(t, 5, 5), 1);
  assert.strictEqual(a.compare(t, 0, 2, 3), -1);
  assert.strictEqual(a.compare(t, 5, 5, 3), 0);
  throwsCode(() => a.compare(t, -1), 'ERR_OUT_OF_RANGE', 'RangeError',
    `The value of "targetStart" is out of range. It must be >= 0 && <= ${buffer.kMaxLength}. Received -1`);
  throwsCode(() => a.compare(t, 0, 9), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "targetEnd" is out of range. It must be >= 0 && <= 7. Received 9');

  const target = Buffer.alloc(5, '.');
  assert.strictEqual(Buffer.from('abcdef').copy(target, 1, 2), 4);
  assert.strictEqual(target.toString(), '.cdef');
  assert.strictEqual(Buffer.from('xy').copy(target, 4), 1);
  assert.strictEqual(target.toString(), '.cdex');
  assert.strictEqual(Buffer.from('xy').copy(target, 9), 0);
  assert.strictEqual(Buffer.from('xy').copy(target, 0, 2), 0);
  const overlap = Buffer.from('abcdef');
  overlap.copy(overlap, 2, 0, 4);
  assert.strictEqual(overlap.toString(), 'ababcd');
  assert.strictEqual(Buffer.from('ab').copy(new Uint8Array(2)), 2);
  throwsCode(() => a.copy('x'), 'ERR_INVALID_ARG_TYPE', 'TypeError');
  throwsCode(() => a.copy(target, -1), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "targetStart" is out of range. It must be >= 0. Received -1');
  throwsCode(() => a.copy(target, 0, 9), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "sourceStart" is out of range. It must be >= 0 && <= 3. Received 9');

  assert.strictEqual(Buffer.concat([Buffer.from('ab'), new Uint8Array([0x63]), Buffer.alloc(0)]).toString(), 'abc');
  assert.strictEqual(Buffer.concat([]).length, 0);
  assert.strictEqual(Buffer.concat([Buffer.from('abc')], 2).toString(), 'ab');
  assert.strictEqual(hex(Buffer.concat([Buffer.from('ab')], 4)), '61620000');
  throwsCode(() => Buffer.concat('x'), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "list" argument must be an instance of Array. Received type string (\'x\')');
  throwsCode(() => Buffer.concat([Buffer.from('a'), 'b']), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "list[1]" argument must be an instance of Buffer or Uint8Array. Received type string (\'b\')');
});

test('fill', () => {
  const b = Buffer.alloc(6);
  assert.strictEqual(b.fill('ab'), b);
  assert.strictEqual(b.toString(), 'ababab');
  assert.strictEqual(b.fill('x', 1, 3).toString(), 'axxbab');
  assert.strictEqual(b.fill(0x41, -0 + 4).toString(), 'axxbAA');
  assert.strictEqual(hex(b.fill('00ff', 'hex')), '00ff00ff00ff');
  assert.strictEqual(hex(b.fill('\u00e9', 'latin1')), 'e9e9e9e9e9e9');
  assert.strictEqual(hex(b.fill('\u00e9')), 'c3a9c3a9c3a9');
  assert.strictEqual(hex(b.fill('\u20ac')), 'e282ace282ac');
  assert.strictEqual(hex(b.fill('\u20ac', 1, 5)), 'e2e282ace2ac');
  assert.strictEqual(hex(b.fill('ab', 1, 'ucs2')), 'e26100620061');
  assert.strictEqual(hex(b.fill(257)), '010101010101');
  assert.strictEqual(hex(b.fill(-2)), 'fefefefefefe');
  assert.strictEqual(hex(b.fill({})), '000000000000');
  assert.strictEqual(hex(b.fill(new Uint16Array([0x0102]))), '020102010201');
  assert.strictEqual(hex(b.fill('abc', 'hex')), 'abababababab');
  assert.strictEqual(hex(b.fill('x', 4, 2)), 'abababababab');
  assert.strictEqual(hex(b.fill('YWI=', 'base64')), '616261626162');
  throwsCode(() => b.fill('a', 'hex'), 'ERR_INVALID_ARG_VALUE', 'TypeError', "The argument 'value' is invalid. Received 'a'");
  throwsCode(() => b.fill(Buffer.alloc(0)), 'ERR_INVALID_ARG_VALUE', 'TypeError', "The argument 'value' is invalid. Received <Buffer >");
  throwsCode(() => b.fill('x', -1), 'ERR_OUT_OF_RANGE', 'RangeError');
  throwsCode(() => b.fill('x', 0, 7), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "end" is out of range. It must be >= 0 && <= 6. Received 7');
  throwsCode(() => b.fill('x', 1.5), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be an integer. Received 1.5');
  throwsCode(() => b.fill('x', 'foo'), 'ERR_UNKNOWN_ENCODING', 'TypeError', 'Unknown encoding: foo');
  throwsCode(() => b.fill('x', 0, 5, 5), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "encoding" argument must be of type string. Received type number (5)');
  throwsCode(() => b.fill('x', null), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "offset" argument must be of type number. Received null');
});

test('indexOf, lastIndexOf, includes', () => {
  const b = Buffer.from('abcdef abcdef');
  assert.strictEqual(b.indexOf('cd'), 2);
  assert.strictEqual(b.indexOf('cd', 3), 9);
  assert.strictEqual(b.indexOf('cd', -4), 9);
  assert.strictEqual(b.indexOf('cd', -100), 2);
  assert.strictEqual(b.indexOf('cd', 100), -1);
  assert.strictEqual(b.indexOf('zz'), -1);
  assert.strictEqual(b.indexOf(0x63), 2);
  assert.strictEqual(b.indexOf(0x63 + 256), 2, 'numbers are taken modulo 256');
  assert.strictEqual(b.indexOf(Buffer.from('ef')), 4);
  assert.strictEqual(b.indexOf(new Uint8Array([0x65, 0x66]), 5), 11);
  assert.strictEqual(b.indexOf('6364', 'hex'), 2);
  assert.strictEqual(b.indexOf('6364', 0, 'hex'), 2);
  assert.strictEqual(b.indexOf('Y2Q=', 'base64'), 2);
  assert.strictEqual(b.indexOf(''), 0);
  assert.strictEqual(b.indexOf('', 5), 5);
  assert.strictEqual(b.indexOf('', 100), 13);
  assert.strictEqual(b.indexOf(Buffer.alloc(0), 100), 13);
  assert.strictEqual(b.lastIndexOf('cd'), 9);
  assert.strictEqual(b.lastIndexOf('cd', 8), 2);
  assert.strictEqual(b.lastIndexOf('cd', -5), 2);
  assert.strictEqual(b.lastIndexOf('cd', -100), -1);
  assert.strictEqual(b.lastIndexOf(0x61), 7);
  assert.strictEqual(b.lastIndexOf(0x61, 6), 0);
  assert.strictEqual(b.lastIndexOf('', 5), 5);
  assert.strictEqual(b.lastIndexOf(''), 13);
  assert.strictEqual(b.lastIndexOf(Buffer.from('f'), 100), 12);
  assert.ok(b.includes('def a'));
  assert.ok(!b.includes('abc', 8));
  assert.ok(b.includes(0x20));
  const u = Buffer.from('\u00e9t\u00e9');
  assert.strictEqual(u.indexOf('\u00e9', 1), 3);
  assert.strictEqual(u.indexOf('\u00e9', 1, 'latin1'), -1);
  assert.strictEqual(Buffer.from([0xe9, 0x41]).indexOf('\u00e9', 'latin1'), 0);
  const w = Buffer.from('abcab', 'utf16le');
  assert.strictEqual(w.indexOf('b', 'ucs2'), 2);
  assert.strictEqual(w.indexOf('ab', 1, 'utf16le'), 0, 'the offset is rounded down to a unit');
  assert.strictEqual(w.indexOf('ab', 2, 'utf16le'), 6);
  assert.strictEqual(w.lastIndexOf('a', 'ucs2'), 6);
  assert.strictEqual(Buffer.from([0x00, 0x61, 0x00]).indexOf('a', 'ucs2'), -1, 'ucs2 searches aligned units');
  throwsCode(() => b.indexOf({}), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "value" argument must be one of type number or string or an instance of Buffer or Uint8Array. Received an instance of Object');
  throwsCode(() => b.indexOf('x', 0, 'foo'), 'ERR_UNKNOWN_ENCODING', 'TypeError', 'Unknown encoding: foo');
});

test('integer reads and writes', () => {
  const b = Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xff, 0x80]);
  assert.strictEqual(b.readUInt8(6), 0xff);
  assert.strictEqual(b.readInt8(6), -1);
  assert.strictEqual(b.readInt8(7), -128);
  assert.strictEqual(b.readUInt16LE(0), 0x0201);
  assert.strictEqual(b.readUInt16BE(0), 0x0102);
  assert.strictEqual(b.readInt16LE(6), -0x7f01);
  assert.strictEqual(b.readInt16BE(6), -0x80);
  assert.strictEqual(b.readUInt32LE(0), 0x04030201);
  assert.strictEqual(b.readUInt32BE(4), 0x0506ff80);
  assert.strictEqual(b.readInt32LE(4), -0x7f00f9fb);
  assert.strictEqual(b.readInt32BE(4), 0x0506ff80);
  assert.strictEqual(b.readUIntLE(0, 3), 0x030201);
  assert.strictEqual(b.readUIntBE(0, 6), 0x010203040506);
  assert.strictEqual(b.readUIntLE(2, 6), 0x80ff06050403);
  assert.strictEqual(b.readIntLE(2, 6), 0x80ff06050403 - 2 ** 48);
  assert.strictEqual(b.readIntBE(3, 5), 0x040506ff80);
  assert.strictEqual(b.readIntBE(6, 2), -0x80);
  assert.strictEqual(b.readIntLE(5, 3), 0xff06 + 0x80 * 0x10000 - 2 ** 24);
  assert.strictEqual(b.readUint8(0), 1);
  assert.strictEqual(b.readUint16LE, b.readUInt16LE);
  assert.strictEqual(b.readUintBE, b.readUIntBE);
  assert.strictEqual(b.readUInt8(), 1, 'offset defaults to 0');

  const w = Buffer.alloc(8);
  assert.strictEqual(w.writeUInt8(0xff, 0), 1);
  assert.strictEqual(w.writeInt8(-2, 1), 2);
  assert.strictEqual(w.writeUInt16BE(0x1234, 2), 4);
  assert.strictEqual(w.writeInt16LE(-2, 4), 6);
  assert.strictEqual(w.writeUInt16LE(0xabcd, 6), 8);
  assert.strictEqual(hex(w), 'fffe1234feffcdab');
  assert.strictEqual(w.writeUInt32LE(0xdeadbeef, 0), 4);
  assert.strictEqual(w.writeInt32BE(-2, 4), 8);
  assert.strictEqual(hex(w), 'efbeaddefffffffe');
  assert.strictEqual(w.writeUIntBE(0x123456, 0, 3), 3);
  assert.strictEqual(w.writeIntLE(-0x123456, 3, 3), 6);
  assert.strictEqual(hex(w), '123456aacbedfffe');
  assert.strictEqual(w.writeUIntLE(2 ** 48 - 2, 0, 6), 6);
  assert.strictEqual(hex(w), 'feffffffffff' + 'fffe');
  assert.strictEqual(w.writeIntBE(-(2 ** 47), 1, 6), 7);
  assert.strictEqual(hex(w), 'fe800000000000fe');
  assert.strictEqual(w.readIntBE(1, 6), -(2 ** 47));
  assert.strictEqual(w.writeIntLE(-1, 0, 5), 5);
  assert.strictEqual(w.readIntLE(0, 5), -1);
  assert.strictEqual(w.readUIntLE(0, 5), 2 ** 40 - 1);
  assert.strictEqual(w.writeUint32BE(1), 4);
  assert.strictEqual(w.writeUInt32LE(NaN), 4, 'NaN writes 0');
  assert.strictEqual(w.readUInt32LE(0), 0);
  assert.strictEqual(w.writeUInt8(1.9), 1);
  assert.strictEqual(w[0], 1);
});

test('integer errors', () => {
  const b = Buffer.from('hello');
  throwsCode(() => b.readUInt8(5), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be >= 0 and <= 4. Received 5');
  throwsCode(() => b.readUInt32LE(2), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be >= 0 and <= 1. Received 2');
  throwsCode(() => b.readUInt16LE(-1), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be >= 0 and <= 3. Received -1');
  throwsCode(() => b.readUInt32LE(1.5), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be an integer. Received 1.5');
  throwsCode(() => b.readUInt32LE('1'), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "offset" argument must be of type number. Received type string (\'1\')');
  throwsCode(() => b.readUInt32LE(NaN), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be an integer. Received NaN');
  throwsCode(() => Buffer.alloc(3).readUInt32LE(), 'ERR_BUFFER_OUT_OF_BOUNDS', 'RangeError',
    'Attempt to access memory outside buffer bounds');
  throwsCode(() => Buffer.alloc(0).readUInt8(), 'ERR_BUFFER_OUT_OF_BOUNDS', 'RangeError');
  throwsCode(() => b.readUIntLE(0, 7), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "byteLength" is out of range. It must be >= 1 and <= 6. Received 7');
  throwsCode(() => b.readUIntLE(0), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "byteLength" argument must be of type number. Received undefined');
  throwsCode(() => b.readIntBE(), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "offset" argument must be of type number. Received undefined');
  throwsCode(() => b.writeUInt8(256), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "value" is out of range. It must be >= 0 and <= 255. Received 256');
  throwsCode(() => b.writeInt8(-129), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "value" is out of range. It must be >= -128 and <= 127. Received -129');
  throwsCode(() => b.writeInt16LE(40000), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "value" is out of range. It must be >= -32768 and <= 32767. Received 40000');
  throwsCode(() => b.writeInt32LE(2 ** 31), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "value" is out of range. It must be >= -2147483648 and <= 2147483647. Received 2147483648');
  throwsCode(() => b.writeUInt32LE(2 ** 32 * 10), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "value" is out of range. It must be >= 0 and <= 4294967295. Received 42_949_672_960');
  throwsCode(() => Buffer.alloc(8).writeUIntLE(2 ** 48, 0, 6), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "value" is out of range. It must be >= 0 and < 2 ** 48. Received 281_474_976_710_656');
  throwsCode(() => Buffer.alloc(8).writeIntBE(2 ** 39, 0, 5), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "value" is out of range. It must be >= -(2 ** 39) and < 2 ** 39. Received 549_755_813_888');
  throwsCode(() => b.writeUInt32LE(1, 2), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be >= 0 and <= 1. Received 2');
  throwsCode(() => b.writeUInt8(1, -1), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be >= 0 and <= 4. Received -1');
  throwsCode(() => Buffer.alloc(8).writeIntLE(1, 0, 0), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "byteLength" is out of range. It must be >= 1 and <= 6. Received 0');
  throwsCode(() => Buffer.alloc(8).writeUInt32LE(1, '0'), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "offset" argument must be of type number. Received type string (\'0\')');
  throwsCode(() => b.writeDoubleLE(1), 'ERR_BUFFER_OUT_OF_BOUNDS', 'RangeError');
});

test('BigInt reads and writes', () => {
  const b = Buffer.alloc(8);
  assert.strictEqual(b.writeBigInt64LE(-2n), 8);
  assert.strictEqual(hex(b), 'feffffffffffffff');
  assert.strictEqual(b.readBigInt64LE(), -2n);
  assert.strictEqual(b.readBigUInt64LE(), 2n ** 64n - 2n);
  assert.strictEqual(b.readBigInt64BE(), -72057594037927937n);
  assert.strictEqual(b.writeBigUInt64BE(0x0102030405060708n), 8);
  assert.strictEqual(hex(b), '0102030405060708');
  assert.strictEqual(b.readBigUInt64BE(), 0x0102030405060708n);
  assert.strictEqual(b.readBigUint64LE(), 0x0807060504030201n);
  assert.strictEqual(b.writeBigInt64BE(-(2n ** 63n)), 8);
  assert.strictEqual(b.readBigInt64BE(), -(2n ** 63n));
  assert.strictEqual(b.writeBigUint64LE(2n ** 64n - 1n), 8);
  assert.strictEqual(hex(b), 'ffffffffffffffff');
  throwsCode(() => b.writeBigInt64LE(2n ** 63n), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "value" is out of range. It must be >= -(2n ** 63n) and < 2n ** 63n. Received 9_223_372_036_854_775_808n');
  throwsCode(() => b.writeBigUInt64LE(-1n), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "value" is out of range. It must be >= 0n and < 2n ** 64n. Received -1n');
  throwsCode(() => Buffer.alloc(7).writeBigInt64LE(1n), 'ERR_BUFFER_OUT_OF_BOUNDS', 'RangeError');
  throwsCode(() => Buffer.alloc(9).readBigInt64LE(2), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be >= 0 and <= 1. Received 2');
  assert.throws(() => b.writeBigInt64LE(1), TypeError);
});

test('float reads and writes', () => {
  const b = Buffer.alloc(8);
  assert.strictEqual(b.writeFloatLE(1.5), 4);
  assert.strictEqual(hex(b.subarray(0, 4)), '0000c03f');
  assert.strictEqual(b.readFloatLE(), 1.5);
  assert.strictEqual(b.writeFloatBE(-2.5, 4), 8);
  assert.strictEqual(hex(b.subarray(4)), 'c0200000');
  assert.strictEqual(b.readFloatBE(4), -2.5);
  assert.strictEqual(b.writeDoubleBE(Math.PI), 8);
  assert.strictEqual(hex(b), '400921fb54442d18');
  assert.strictEqual(b.readDoubleBE(), Math.PI);
  b.writeDoubleLE(-0);
  assert.ok(Object.is(b.readDoubleLE(), -0));
  b.writeDoubleLE(NaN);
  assert.ok(Number.isNaN(b.readDoubleLE()));
  b.writeFloatLE(Infinity);
  assert.strictEqual(b.readFloatLE(), Infinity);
  b.writeFloatLE(0.1);
  assert.strictEqual(b.readFloatLE(), Math.fround(0.1));
  b.writeDoubleLE('2.5');
  assert.strictEqual(b.readDoubleLE(0), 2.5);
  throwsCode(() => b.readDoubleLE(1), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be >= 0 and <= 0. Received 1');
  throwsCode(() => b.writeFloatLE(1, 5), 'ERR_OUT_OF_RANGE', 'RangeError',
    'The value of "offset" is out of range. It must be >= 0 and <= 4. Received 5');
});

test('toJSON, swap, iteration', () => {
  const b = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepStrictEqual(b.toJSON(), { type: 'Buffer', data: [1, 2, 3, 4, 5, 6, 7, 8] });
  assert.strictEqual(JSON.stringify(Buffer.from('hi')), '{"type":"Buffer","data":[104,105]}');
  assert.deepStrictEqual(Buffer.alloc(0).toJSON(), { type: 'Buffer', data: [] });
  assert.strictEqual(hex(Buffer.from(b).swap16()), '0201040306050807');
  assert.strictEqual(hex(Buffer.from(b).swap32()), '0403020108070605');
  assert.strictEqual(hex(Buffer.from(b).swap64()), '0807060504030201');
  const big = Buffer.alloc(512);
  for (let i = 0; i < 512; i++) big[i] = i;
  big.swap16();
  assert.strictEqual(big[0], 1);
  assert.strictEqual(big[511], 254);
  throwsCode(() => Buffer.alloc(3).swap16(), 'ERR_INVALID_BUFFER_SIZE', 'RangeError', 'Buffer size must be a multiple of 16-bits');
  throwsCode(() => Buffer.alloc(6).swap32(), 'ERR_INVALID_BUFFER_SIZE', 'RangeError', 'Buffer size must be a multiple of 32-bits');
  throwsCode(() => Buffer.alloc(4).swap64(), 'ERR_INVALID_BUFFER_SIZE', 'RangeError', 'Buffer size must be a multiple of 64-bits');
  const s = Buffer.from('ab');
  assert.deepStrictEqual([...s.keys()], [0, 1]);
  assert.deepStrictEqual([...s.values()], [0x61, 0x62]);
  assert.deepStrictEqual([...s.entries()], [[0, 0x61], [1, 0x62]]);
  assert.deepStrictEqual([...s], [0x61, 0x62]);
  assert.strictEqual(s.parent, s.buffer);
  assert.strictEqual(s.offset, s.byteOffset);
});

test('isBuffer and instances', () => {
  assert.ok(Buffer.isBuffer(Buffer.alloc(1)));
  assert.ok(Buffer.isBuffer(Buffer.from('a').subarray(0)));
  assert.ok(!Buffer.isBuffer(new Uint8Array(1)));
  assert.ok(!Buffer.isBuffer('a'));
  assert.ok(Buffer.alloc(1) instanceof Uint8Array);
  assert.ok(new Buffer(1) instanceof Buffer);
});

test('inspect', () => {
  assert.strictEqual(inspect(Buffer.from('hi')), '<Buffer 68 69>');
  assert.strictEqual(inspect(Buffer.alloc(0)), '<Buffer >');
  assert.strictEqual(inspect(Buffer.alloc(51)), `<Buffer ${'00 '.repeat(50).trim()} ... 1 more byte>`);
  assert.strictEqual(inspect(Buffer.alloc(52, 1)), `<Buffer ${'01 '.repeat(50).trim()} ... 2 more bytes>`);
  assert.strictEqual(Buffer.from('hi').inspect(), '<Buffer 68 69>');
  buffer.INSPECT_MAX_BYTES = 2;
  try {
    assert.strictEqual(inspect(Buffer.from('abc')), '<Buffer 61 62 ... 1 more byte>');
  } finally {
    buffer.INSPECT_MAX_BYTES = 50;
  }
  throwsCode(() => { buffer.INSPECT_MAX_BYTES = -1; }, 'ERR_OUT_OF_RANGE', 'RangeError');
});

test('atob and btoa', () => {
  assert.strictEqual(btoa('hello'), 'aGVsbG8=');
  assert.strictEqual(btoa('\u00ff\u0000'), '/wA=');
  assert.strictEqual(btoa(''), '');
  assert.strictEqual(btoa(null), 'bnVsbA==');
  assert.strictEqual(atob('aGVsbG8='), 'hello');
  assert.strictEqual(atob('aGVsbG8'), 'hello');
  assert.strictEqual(atob(' aG Vs\nbG\t8= '), 'hello');
  assert.strictEqual(atob('/wA='), '\u00ff\u0000');
  assert.strictEqual(atob('YR=='), 'a');
  assert.strictEqual(atob(''), '');
  assert.strictEqual(atob(null), '\u009e\u00e9e');
  for (const bad of ['a*bc', 'YWJ-', 'ab=c', 'YQ=', 'YQ===', '=', 'abc==', 'YQ==YQ==', '\u0100', 'abcd*']) {
    assert.throws(() => atob(bad), { name: 'InvalidCharacterError', message: 'Invalid character' }, bad);
  }
  for (const bad of ['a', 'abcde', 'undefined']) {
    assert.throws(() => atob(bad), { name: 'InvalidCharacterError', message: 'The string to be decoded is not correctly encoded.' }, bad);
  }
  assert.throws(() => btoa('\u0100'), { name: 'InvalidCharacterError', message: 'Invalid character' });
  throwsCode(() => atob(), 'ERR_MISSING_ARGS', 'TypeError', 'The "input" argument must be specified');
  throwsCode(() => btoa(), 'ERR_MISSING_ARGS', 'TypeError', 'The "input" argument must be specified');
});

test('isUtf8, isAscii, transcode', () => {
  assert.strictEqual(buffer.isUtf8(Buffer.from('h\u00e9llo \ud83d\ude00')), true);
  assert.strictEqual(buffer.isUtf8(Buffer.from([0xc3])), false);
  assert.strictEqual(buffer.isUtf8(Buffer.from([0xed, 0xa0, 0x80])), false);
  assert.strictEqual(buffer.isUtf8(new ArrayBuffer(2)), true);
  assert.strictEqual(buffer.isAscii(Buffer.from('abc')), true);
  assert.strictEqual(buffer.isAscii(Buffer.from('\u00e9')), false);
  throwsCode(() => buffer.isUtf8('x'), 'ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "input" argument must be an instance of ArrayBuffer, Buffer, or TypedArray. Received type string (\'x\')');
  const { transcode } = buffer;
  assert.strictEqual(hex(transcode(Buffer.from('a\u00e9\u20ac'), 'utf8', 'ucs2')), '6100e900ac20');
  assert.strictEqual(hex(transcode(Buffer.from('a\u00e9\u20ac'), 'utf8', 'latin1')), '61e93f');
  assert.strictEqual(hex(transcode(Buffer.from('a\u00e9\u20ac'), 'utf8', 'ascii')), '613f3f');
  assert.strictEqual(transcode(Buffer.from('\u00e9', 'latin1'), 'binary', 'utf8').toString(), '\u00e9');
  assert.strictEqual(transcode(Buffer.from('hi', 'utf16le'), 'utf16le', 'utf8').toString(), 'hi');
  assert.ok(transcode(Buffer.from('x'), 'utf8', 'latin1') instanceof Buffer);
  assert.strictEqual(transcode(Buffer.alloc(0), 'utf8', 'nope').length, 0);
  assert.throws(() => transcode(Buffer.from('x'), 'utf8', 'hex'), { code: 'U_ILLEGAL_ARGUMENT_ERROR', message: 'Unable to transcode Buffer [U_ILLEGAL_ARGUMENT_ERROR]' });
  throwsCode(() => transcode('x', 'utf8', 'latin1'), 'ERR_INVALID_ARG_TYPE', 'TypeError');
});

test('pool and large buffers', () => {
  const small = Buffer.allocUnsafe(16);
  assert.ok(small.buffer.byteLength >= 16);
  const n = 1 << 20;
  const big = Buffer.alloc(n);
  for (let i = 0; i < n; i++) big[i] = (i * 31) & 0xff;
  for (const enc of ['hex', 'base64', 'base64url', 'latin1', 'ucs2']) {
    const s = big.toString(enc);
    assert.ok(Buffer.from(s, enc).equals(enc === 'ucs2' ? big : big), enc);
  }
  const text = 'h\u00e9llo \u20ac \ud83d\ude00 '.repeat(n / 16);
  assert.strictEqual(Buffer.from(text).toString(), text);
  assert.strictEqual(Buffer.byteLength(text), Buffer.from(text).length);
});

done('buffer');
