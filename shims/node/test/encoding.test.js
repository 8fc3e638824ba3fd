'use strict';
// TextEncoder and TextDecoder (globals): labels, BOM handling, WHATWG replacement of invalid
// input, fatal mode, streaming with characters split across chunks, UTF-16, and large inputs.
const assert = require('assert');

const { test, done } = require('./harness').namedTests();

const bytes = (...list) => new Uint8Array(list);
const fromHex = (s) => new Uint8Array(s.match(/../g) || []).map((_, i) => parseInt(s.substr(i * 2, 2), 16));
const toHex = (u8) => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join('');
const codes = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16));

test('TextEncoder', () => {
  const te = new TextEncoder();
  assert.strictEqual(te.encoding, 'utf-8');
  assert.strictEqual(Object.prototype.toString.call(te), '[object TextEncoder]');
  const out = te.encode('h\u00e9\u20ac\ud83d\ude00');
  assert.strictEqual(Object.getPrototypeOf(out), Uint8Array.prototype, 'a plain Uint8Array');
  assert.strictEqual(toHex(out), '68c3a9e282acf09f9880');
  assert.strictEqual(te.encode().length, 0);
  assert.strictEqual(te.encode(undefined).length, 0);
  assert.strictEqual(toHex(te.encode(123)), '313233');
  assert.strictEqual(toHex(te.encode(null)), '6e756c6c');
  assert.strictEqual(toHex(te.encode('\ud800')), 'efbfbd', 'lone lead surrogate');
  assert.strictEqual(toHex(te.encode('\udc00a')), 'efbfbd61', 'lone trail surrogate');
  assert.strictEqual(toHex(te.encode('\ud83d\ud83d\ude00')), 'efbfbdf09f9880');
  assert.deepStrictEqual(Object.keys(TextEncoder.prototype), ['encoding', 'encode', 'encodeInto']);
});

test('TextEncoder.encodeInto', () => {
  const te = new TextEncoder();
  let dest = new Uint8Array(4);
  assert.deepStrictEqual(te.encodeInto('a\u00e9\ud83d\ude00', dest), { read: 2, written: 3 }, 'no partial characters');
  assert.strictEqual(toHex(dest), '61c3a900');
  dest = new Uint8Array(8);
  assert.deepStrictEqual(te.encodeInto('a\u00e9\ud83d\ude00', dest), { read: 4, written: 7 });
  assert.deepStrictEqual(te.encodeInto('a\ud83d', new Uint8Array(4)), { read: 2, written: 4 });
  assert.deepStrictEqual(te.encodeInto('', new Uint8Array(4)), { read: 0, written: 0 });
  assert.deepStrictEqual(te.encodeInto('abc', new Uint8Array(0)), { read: 0, written: 0 });
  const big = new Uint8Array(10);
  assert.deepStrictEqual(te.encodeInto('xyz', big.subarray(5)), { read: 3, written: 3 });
  assert.strictEqual(toHex(big), '0000000000' + '78797a' + '0000');
  assert.throws(() => te.encodeInto(1, new Uint8Array(2)), {
    name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "src" argument must be of type string. Received type number (1)',
  });
  assert.throws(() => te.encodeInto('a', []), {
    name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "dest" argument must be an instance of Uint8Array. Received an instance of Array',
  });
});

test('TextDecoder labels and options', () => {
  assert.strictEqual(new TextDecoder().encoding, 'utf-8');
  assert.strictEqual(new TextDecoder(undefined).encoding, 'utf-8');
  for (const label of ['utf8', 'UTF-8', ' utf-8\n', 'unicode-1-1-utf-8', 'x-unicode20utf8']) {
    assert.strictEqual(new TextDecoder(label).encoding, 'utf-8', label);
  }
  for (const label of ['utf-16', 'utf-16le', 'UCS-2', 'unicode', 'csunicode']) {
    assert.strictEqual(new TextDecoder(label).encoding, 'utf-16le', label);
  }
  assert.strictEqual(new TextDecoder('utf-16be').encoding, 'utf-16be');
  for (const label of ['latin1', 'iso-8859-1', 'ascii', 'us-ascii', 'windows-1252', 'cp1252', 'l1']) {
    assert.strictEqual(new TextDecoder(label).encoding, 'windows-1252', label);
  }
  for (const label of ['foo', 'utf-7', 'null', '']) {
    assert.throws(() => new TextDecoder(label), {
      name: 'RangeError', code: 'ERR_ENCODING_NOT_SUPPORTED', message: `The "${label}" encoding is not supported`,
    });
  }
  assert.throws(() => new TextDecoder(null), { code: 'ERR_ENCODING_NOT_SUPPORTED', message: 'The "null" encoding is not supported' });
  assert.throws(() => new TextDecoder('utf8', 5), {
    name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'The "options" argument must be of type object. Received type number (5)',
  });
  const d = new TextDecoder('utf8', { fatal: 1, ignoreBOM: 'yes' });
  assert.strictEqual(d.fatal, true);
  assert.strictEqual(d.ignoreBOM, true);
  assert.strictEqual(new TextDecoder('utf8', null).fatal, false);
  assert.strictEqual(new TextDecoder().ignoreBOM, false);
  assert.strictEqual(Object.prototype.toString.call(d), '[object TextDecoder]');
  assert.deepStrictEqual(Object.keys(TextDecoder.prototype), ['decode', 'encoding', 'fatal', 'ignoreBOM']);
  assert.throws(() => TextDecoder.prototype.decode.call({}, bytes(1)), { name: 'TypeError', code: 'ERR_INVALID_THIS' });
});

test('decode inputs', () => {
  const td = new TextDecoder();
  assert.strictEqual(td.decode(), '');
  assert.strictEqual(td.decode(undefined), '');
  assert.strictEqual(td.decode(bytes(0x41, 0x42)), 'AB');
  assert.strictEqual(td.decode(bytes(0x41, 0x42).buffer), 'AB');
  assert.strictEqual(td.decode(new DataView(bytes(0x41, 0x42).buffer)), 'AB');
  assert.strictEqual(td.decode(new Uint16Array([0x4241])), 'AB');
  assert.strictEqual(td.decode(bytes(0x40, 0x41, 0x42, 0x43).subarray(1, 3)), 'AB');
  for (const bad of ['abc', null, 5, [0x41], {}]) {
    assert.throws(() => td.decode(bad), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  }
});

test('utf-8 replacement (WHATWG)', () => {
  const td = new TextDecoder();
  const cases = [
    ['c3', ['fffd']],
    ['c0af', ['fffd', 'fffd']],
    ['e08080', ['fffd', 'fffd', 'fffd']],
    ['eda080', ['fffd', 'fffd', 'fffd']],
    ['f09f98', ['fffd']],
    ['f09f9841', ['fffd', '41']],
    ['f4908080', ['fffd', 'fffd', 'fffd', 'fffd']],
    ['ff41fe', ['fffd', '41', 'fffd']],
    ['e28241', ['fffd', '41']],
    ['41f09f988042', ['41', '1f600', '42']],
  ];
  for (const [input, expected] of cases) assert.deepStrictEqual(codes(td.decode(fromHex(input))), expected, input);
});

test('BOM', () => {
  assert.strictEqual(new TextDecoder().decode(fromHex('efbbbf41')), 'A');
  assert.strictEqual(new TextDecoder().decode(fromHex('efbbbfefbbbf41')), '\ufeffA', 'only the first');
  assert.strictEqual(new TextDecoder('utf8', { ignoreBOM: true }).decode(fromHex('efbbbf41')), '\ufeffA');
  assert.strictEqual(new TextDecoder().decode(fromHex('41efbbbf')), 'A\ufeff');
  assert.strictEqual(new TextDecoder('utf-16le').decode(fromHex('fffe4100')), 'A');
  assert.strictEqual(new TextDecoder('utf-16be').decode(fromHex('feff0041')), 'A');
  const td = new TextDecoder();
  assert.strictEqual(td.decode(fromHex('efbb'), { stream: true }), '');
  assert.strictEqual(td.decode(fromHex('bf41'), { stream: true }), 'A', 'a BOM split across chunks');
  assert.strictEqual(td.decode(fromHex('efbbbf')), '\ufeff', 'not at the start of the stream');
  assert.strictEqual(td.decode(fromHex('efbbbf42')), 'B', 'a new stream after a flush');
});

test('fatal', () => {
  const td = new TextDecoder('utf-8', { fatal: true });
  assert.strictEqual(td.decode(fromHex('e282ac')), '\u20ac');
  for (const input of ['ff', 'c3', 'eda080', 'f09f98', 'c0af', '80']) {
    assert.throws(() => td.decode(fromHex(input)), {
      name: 'TypeError', code: 'ERR_ENCODING_INVALID_ENCODED_DATA',
      message: 'The encoded data was not valid for encoding utf-8',
    }, input);
  }
  assert.strictEqual(td.decode(fromHex('e282'), { stream: true }), '', 'an unfinished character is fine while streaming');
  assert.throws(() => td.decode(), { code: 'ERR_ENCODING_INVALID_ENCODED_DATA' });
  assert.strictEqual(td.decode(fromHex('41')), 'A', 'usable after an error');
  const t16 = new TextDecoder('utf-16le', { fatal: true });
  assert.strictEqual(t16.decode(fromHex('3dd800de')), '\ud83d\ude00');
  for (const input of ['3dd8', '00dc', '41', '3dd84100']) {
    assert.throws(() => t16.decode(fromHex(input)), {
      name: 'TypeError', code: 'ERR_ENCODING_INVALID_ENCODED_DATA',
      message: 'The encoded data was not valid for encoding utf-16le',
    }, input);
  }
});

test('streaming splits characters anywhere', () => {
  const samples = [
    ['utf-8', fromHex('61c3a9e282acf09f98807a')],
    ['utf-8', fromHex('f09f98e282ffc3')],
    ['utf-8', fromHex('efbbbf41c3')],
    ['utf-16le', fromHex('6100e900ac203dd800de7a00')],
    ['utf-16le', fromHex('3dd841003dd8')],
    ['utf-16le', fromHex('fffe410000dc41')],
    ['utf-16be', fromHex('0061d83dde00d83d')],
  ];
  for (const [encoding, input] of samples) {
    const whole = new TextDecoder(encoding).decode(input);
    for (let i = 0; i <= input.length; i++) {
      for (let j = i; j <= input.length; j++) {
        const td = new TextDecoder(encoding);
        const out = td.decode(input.subarray(0, i), { stream: true }) +
          td.decode(input.subarray(i, j), { stream: true }) + td.decode(input.subarray(j));
        assert.strictEqual(out, whole, `${encoding} ${toHex(input)} split at ${i},${j}`);
      }
    }
    const td = new TextDecoder(encoding);
    let out = '';
    for (let i = 0; i < input.length; i++) out += td.decode(input.subarray(i, i + 1), { stream: true });
    assert.strictEqual(out + td.decode(), whole, `${encoding} byte by byte`);
  }
  const td = new TextDecoder();
  assert.deepStrictEqual(codes(td.decode(fromHex('e282'), { stream: true }) + td.decode()), ['fffd']);
});

test('utf-16', () => {
  const le = new TextDecoder('utf-16le');
  assert.strictEqual(le.decode(fromHex('6100e900ac203dd800de')), 'a\u00e9\u20ac\ud83d\ude00');
  assert.deepStrictEqual(codes(le.decode(fromHex('3dd84100'))), ['fffd', '41'], 'lone lead surrogate');
  assert.deepStrictEqual(codes(le.decode(fromHex('00dc'))), ['fffd'], 'lone trail surrogate');
  assert.deepStrictEqual(codes(le.decode(fromHex('410042'))), ['41', 'fffd'], 'odd final byte');
  const be = new TextDecoder('utf-16be');
  assert.strictEqual(be.decode(fromHex('0061d83dde00')), 'a\ud83d\ude00');
});

test('windows-1252 (latin1 labels)', () => {
  // Bytes 0x80-0x9F are left out: Node 20 decodes them as ISO-8859-1 where WHATWG (and Node 18)
  // map them to windows-1252's characters (0x80 -> U+20AC).
  const td = new TextDecoder('latin1');
  assert.strictEqual(td.decode(bytes(0x41, 0xe9, 0xff, 0xa0, 0x00)), 'A\u00e9\u00ff\u00a0\u0000');
  assert.strictEqual(new TextDecoder('ascii').decode(bytes(0x68, 0x69)), 'hi');
});

test('large inputs', () => {
  const n = 1 << 20;
  const ascii = new Uint8Array(n);
  for (let i = 0; i < n; i++) ascii[i] = 32 + (i % 95);
  const text = new TextDecoder().decode(ascii);
  assert.strictEqual(text.length, n);
  assert.strictEqual(text.charCodeAt(n - 1), 32 + ((n - 1) % 95));
  const mixed = 'h\u00e9llo w\u00f6rld \u20ac \ud83d\ude00 \u65e5\u672c '.repeat(n / 32);
  const started = Date.now();
  const encoded = new TextEncoder().encode(mixed);
  const decoded = new TextDecoder().decode(encoded);
  const elapsed = Date.now() - started;
  assert.strictEqual(decoded, mixed);
  assert.ok(elapsed < 2000, `1 MiB round trip took ${elapsed} ms`);
  const td = new TextDecoder();
  let streamed = '';
  for (let i = 0; i < encoded.length; i += 4093) streamed += td.decode(encoded.subarray(i, i + 4093), { stream: true });
  assert.strictEqual(streamed + td.decode(), mixed);
});

done('encoding');
