'use strict';
// The byte <-> string codecs of the Node shim, in one place: `buffer`, `string_decoder` and the
// TextEncoder/TextDecoder globals all go through the plain functions exported here, so a native
// fast path can later replace any one of them (see the end of this file: a function that
// `globalThis.__burrow_codecs` provides under the same name replaces the JavaScript one).
//
// The contracts (bytes are Uint8Arrays; `start`/`end` are byte indices the caller has already
// clamped; `offset`/`length` say where in `dest` a write may go; a write returns the bytes
// written and never writes a partial character):
//   utf8Decode(bytes, start, end) -> string        WHATWG decoding: each maximal invalid
//                                                   subpart becomes one U+FFFD
//   utf8Validate(bytes, start, end) -> boolean      well-formed UTF-8 (no truncated end)
//   utf8ByteLength(str) -> number                   lone surrogates count 3 (they encode U+FFFD)
//   utf8Encode(str) -> Uint8Array                   lone surrogates become EF BF BD
//   utf8Write(str, dest, offset, length) -> written
//   utf8EncodeInto(str, dest) -> { read, written }  TextEncoder.prototype.encodeInto
//   latin1Decode / asciiDecode (ascii clears the high bit, as Node does)
//   latin1Write / asciiWrite (the low byte of each UTF-16 code unit, as Node does)
//   utf16leDecode (code units as they are; a trailing odd byte is dropped) / utf16leWrite
//   hexEncode(bytes, start, end) -> string; hexWrite (stops at the first pair that is not hex)
//   base64Encode / base64urlEncode (base64url has no padding)
//   base64Write (Node's forgiving decoder: both alphabets, characters outside them skipped,
//                stops at the first '=')
//   latin1/windows-1252 and UTF-16 decoders with WHATWG replacement, for TextDecoder
//
// TextEncoder and TextDecoder are defined here too (installed as globals).
// Not supported: TextDecoder encodings other than utf-8, utf-16le, utf-16be and windows-1252
// (every WHATWG label of those four is accepted; the others throw ERR_ENCODING_NOT_SUPPORTED,
// where Node with ICU would decode them). Node 20's TextDecoder decodes the windows-1252 labels
// as ISO-8859-1 (0x80..0x9F unchanged); this one follows WHATWG (and Node 18): 0x80 is U+20AC.

// ---------------------------------------------------------------------------------------------
// The encoding errors buffer.js and string_decoder.js throw besides internal/errors' own.

const { nodeError: makeError, invalidArgType: argTypeError } = require('internal/errors');

function unknownEncodingError(encoding) {
  return makeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
}

const errors = { unknownEncodingError };

// ---------------------------------------------------------------------------------------------
// Codecs.

/** Code units per String.fromCharCode.apply call (well under V8's argument limit). */
const CHUNK = 0x2000;
const fromCharCode = String.fromCharCode;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Scratch space for building strings: a plain array of small integers, which
// String.fromCharCode.apply takes faster than a typed array. A decoder fills it (never past CHUNK
// entries) and flushes it into a string.
const scratch = new Array(CHUNK).fill(0);

/** The string of the code units `scratch[0..n)`. */
function flush(n) {
  return fromCharCode.apply(null, n === CHUNK ? scratch : scratch.slice(0, n));
}

/** The index of the first byte >= 0x80 in bytes[i..end), or end. */
function asciiPrefixEnd(bytes, i, end) {
  if (end - i >= 32) {
    const misaligned = (bytes.byteOffset + i) & 3;
    if (misaligned !== 0) {
      for (const stop = i + 4 - misaligned; i < stop; i++) if (bytes[i] >= 0x80) return i;
    }
    const words = (end - i) >>> 2;
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    let k = 0;
    while (k < words && (view[k] & 0x80808080) === 0) k++;
    i += k * 4;
  }
  while (i < end && bytes[i] < 0x80) i++;
  return i;
}

function latin1Decode(bytes, start = 0, end = bytes.length) {
  if (end - start <= CHUNK) return fromCharCode.apply(null, bytes.subarray(start, end));
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += fromCharCode.apply(null, bytes.subarray(i, Math.min(i + CHUNK, end)));
  }
  return out;
}

function asciiDecode(bytes, start = 0, end = bytes.length) {
  if (asciiPrefixEnd(bytes, start, end) === end) return latin1Decode(bytes, start, end);
  let out = '';
  for (let pos = start; pos < end;) {
    const stop = Math.min(pos + CHUNK, end);
    let n = 0;
    for (; pos < stop; pos++) scratch[n++] = bytes[pos] & 0x7f;
    out += flush(n);
  }
  return out;
}

function latin1Write(str, dest, offset = 0, length = dest.length - offset) {
  const n = Math.min(str.length, length, dest.length - offset);
  for (let i = 0; i < n; i++) dest[offset + i] = str.charCodeAt(i);
  return n > 0 ? n : 0;
}

function utf16leDecode(bytes, start = 0, end = bytes.length) {
  const count = (end - start) >>> 1;
  if (count === 0) return '';
  const at = bytes.byteOffset + start;
  if (littleEndian && (at & 1) === 0) {
    const view = new Uint16Array(bytes.buffer, at, count);
    if (count <= CHUNK) return fromCharCode.apply(null, view);
    let out = '';
    for (let i = 0; i < count; i += CHUNK) out += fromCharCode.apply(null, view.subarray(i, Math.min(i + CHUNK, count)));
    return out;
  }
  let out = '';
  let n = 0;
  for (let i = 0, p = start; i < count; i++, p += 2) {
    scratch[n++] = bytes[p] | (bytes[p + 1] << 8);
    if (n === CHUNK) {
      out += flush(n);
      n = 0;
    }
  }
  return n > 0 ? out + flush(n) : out;
}

function utf16leWrite(str, dest, offset = 0, length = dest.length - offset) {
  const n = Math.min(str.length, Math.floor(Math.min(length, dest.length - offset) / 2));
  for (let i = 0, p = offset; i < n; i++, p += 2) {
    const c = str.charCodeAt(i);
    dest[p] = c;
    dest[p + 1] = c >>> 8;
  }
  return n > 0 ? n * 2 : 0;
}

// UTF-8.

function utf8Decode(bytes, start = 0, end = bytes.length) {
  // Leading ASCII: handed to fromCharCode without a copy.
  let i = asciiPrefixEnd(bytes, start, end);
  if (i === end) return latin1Decode(bytes, start, end);
  let out = i > start ? latin1Decode(bytes, start, i) : '';
  let n = 0;
  while (i < end) {
    if (n >= CHUNK - 1) {
      out += flush(n);
      n = 0;
    }
    const b = bytes[i];
    if (b < 0x80) {
      scratch[n++] = b;
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) {
      const b1 = bytes[i + 1];
      if (i + 1 < end && (b1 & 0xc0) === 0x80) {
        scratch[n++] = ((b & 0x1f) << 6) | (b1 & 0x3f);
        i += 2;
      } else {
        scratch[n++] = 0xfffd;
        i++;
      }
      continue;
    }
    if (b >= 0xe0 && b <= 0xef) {
      const b1 = bytes[i + 1];
      const lo = b === 0xe0 ? 0xa0 : 0x80;
      const hi = b === 0xed ? 0x9f : 0xbf;
      if (i + 1 < end && b1 >= lo && b1 <= hi) {
        const b2 = bytes[i + 2];
        if (i + 2 < end && (b2 & 0xc0) === 0x80) {
          scratch[n++] = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
          i += 3;
        } else {
          scratch[n++] = 0xfffd;
          i += 2;
        }
      } else {
        scratch[n++] = 0xfffd;
        i++;
      }
      continue;
    }
    if (b >= 0xf0 && b <= 0xf4) {
      const b1 = bytes[i + 1];
      const lo = b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xf4 ? 0x8f : 0xbf;
      if (i + 1 < end && b1 >= lo && b1 <= hi) {
        const b2 = bytes[i + 2];
        if (i + 2 < end && (b2 & 0xc0) === 0x80) {
          const b3 = bytes[i + 3];
          if (i + 3 < end && (b3 & 0xc0) === 0x80) {
            const cp = (((b & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f)) - 0x10000;
            scratch[n++] = 0xd800 | (cp >> 10);
            scratch[n++] = 0xdc00 | (cp & 0x3ff);
            i += 4;
          } else {
            scratch[n++] = 0xfffd;
            i += 3;
          }
        } else {
          scratch[n++] = 0xfffd;
          i += 2;
        }
      } else {
        scratch[n++] = 0xfffd;
        i++;
      }
      continue;
    }
    scratch[n++] = 0xfffd;
    i++;
  }
  return n > 0 ? out + flush(n) : out;
}

function utf8Validate(bytes, start = 0, end = bytes.length) {
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
    } else if (b >= 0xc2 && b <= 0xdf) {
      if (i + 1 >= end || (bytes[i + 1] & 0xc0) !== 0x80) return false;
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      const b1 = bytes[i + 1];
      if (i + 2 >= end || b1 < (b === 0xe0 ? 0xa0 : 0x80) || b1 > (b === 0xed ? 0x9f : 0xbf) ||
          (bytes[i + 2] & 0xc0) !== 0x80) return false;
      i += 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const b1 = bytes[i + 1];
      if (i + 3 >= end || b1 < (b === 0xf0 ? 0x90 : 0x80) || b1 > (b === 0xf4 ? 0x8f : 0xbf) ||
          (bytes[i + 2] & 0xc0) !== 0x80 || (bytes[i + 3] & 0xc0) !== 0x80) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

function utf8ByteLength(str) {
  const len = str.length;
  let bytes = len;
  for (let i = 0; i < len; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 2; // 4 bytes for 2 units
        i++;
      } else {
        bytes += 2;
      }
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

// The last encodeInto's code units read (utf8EncodeRange sets it).
let lastRead = 0;

/** UTF-8 of str[from..) into dest[offset..limit); whole characters only. Returns bytes written. */
function utf8EncodeRange(str, from, dest, offset, limit) {
  const len = str.length;
  let p = offset;
  let i = from;
  for (; i < len; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      if (p >= limit) break;
      dest[p++] = c;
      continue;
    }
    if (c < 0x800) {
      if (p + 2 > limit) break;
      dest[p++] = 0xc0 | (c >> 6);
      dest[p++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < len ? str.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        if (p + 4 > limit) break;
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        dest[p++] = 0xf0 | (cp >> 18);
        dest[p++] = 0x80 | ((cp >> 12) & 0x3f);
        dest[p++] = 0x80 | ((cp >> 6) & 0x3f);
        dest[p++] = 0x80 | (cp & 0x3f);
        i++;
        continue;
      }
      c = 0xfffd;
    }
    if (p + 3 > limit) break;
    dest[p++] = 0xe0 | (c >> 12);
    dest[p++] = 0x80 | ((c >> 6) & 0x3f);
    dest[p++] = 0x80 | (c & 0x3f);
  }
  lastRead = i - from;
  return p - offset;
}

function utf8Encode(str) {
  const len = str.length;
  const ascii = new Uint8Array(len);
  let i = 0;
  for (; i < len; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0x80) break;
    ascii[i] = c;
  }
  if (i === len) return ascii;
  const total = i + utf8ByteLength(i === 0 ? str : str.slice(i));
  const out = new Uint8Array(total);
  out.set(ascii.subarray(0, i));
  utf8EncodeRange(str, i, out, i, total);
  return out;
}

function utf8Write(str, dest, offset = 0, length = dest.length - offset) {
  const limit = Math.min(dest.length, offset + length);
  if (limit <= offset) return 0;
  return utf8EncodeRange(str, 0, dest, offset, limit);
}

function utf8EncodeInto(str, dest) {
  const written = utf8EncodeRange(str, 0, dest, 0, dest.length);
  return { read: lastRead, written };
}

// Hex.

const HEX_CHARS = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX_CHARS[i] = '0123456789abcdef'.charCodeAt(i);
const UNHEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) UNHEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  UNHEX[0x41 + i] = 10 + i;
  UNHEX[0x61 + i] = 10 + i;
}

function hexEncode(bytes, start = 0, end = bytes.length) {
  let out = '';
  const half = CHUNK >> 1;
  for (let pos = start; pos < end;) {
    const stop = Math.min(pos + half, end);
    let n = 0;
    for (; pos < stop; pos++) {
      const b = bytes[pos];
      scratch[n++] = HEX_CHARS[b >> 4];
      scratch[n++] = HEX_CHARS[b & 15];
    }
    out += flush(n);
  }
  return out;
}

function hexWrite(str, dest, offset = 0, length = dest.length - offset) {
  const max = Math.min(str.length >>> 1, length, dest.length - offset);
  let i = 0;
  for (; i < max; i++) {
    const hi = UNHEX[str.charCodeAt(2 * i) & 0xff]; // Node reads each UTF-16 unit's low byte
    const lo = UNHEX[str.charCodeAt(2 * i + 1) & 0xff];
    if (hi < 0 || lo < 0) break;
    dest[offset + i] = (hi << 4) | lo;
  }
  return i;
}

// Base64.

const B64 = new Uint8Array(64);
const B64URL = new Uint8Array(64);
const UNB64 = new Int8Array(256).fill(-1);
{
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 62; i++) {
    B64[i] = B64URL[i] = abc.charCodeAt(i);
    UNB64[abc.charCodeAt(i)] = i;
  }
  B64[62] = 0x2b; // +
  B64[63] = 0x2f; // /
  B64URL[62] = 0x2d; // -
  B64URL[63] = 0x5f; // _
  UNB64[0x2b] = UNB64[0x2d] = 62;
  UNB64[0x2f] = UNB64[0x5f] = 63;
}

function base64EncodeWith(table, pad, bytes, start, end) {
  let out = '';
  const groups = (CHUNK / 4 - 1) | 0; // leaves room for the padded tail
  let pos = start;
  while (pos < end) {
    let n = 0;
    const stop = Math.min(pos + groups * 3, end);
    for (; pos + 3 <= stop; pos += 3) {
      const v = (bytes[pos] << 16) | (bytes[pos + 1] << 8) | bytes[pos + 2];
      scratch[n++] = table[v >> 18];
      scratch[n++] = table[(v >> 12) & 63];
      scratch[n++] = table[(v >> 6) & 63];
      scratch[n++] = table[v & 63];
    }
    if (pos < stop) { // 1 or 2 bytes left: the end of the input
      const v = (bytes[pos] << 16) | (pos + 1 < stop ? bytes[pos + 1] << 8 : 0);
      scratch[n++] = table[v >> 18];
      scratch[n++] = table[(v >> 12) & 63];
      if (pos + 1 < stop) scratch[n++] = table[(v >> 6) & 63];
      else if (pad) scratch[n++] = 0x3d;
      if (pad) scratch[n++] = 0x3d;
      pos = stop;
    }
    out += flush(n);
  }
  return out;
}

function base64Encode(bytes, start = 0, end = bytes.length) {
  return base64EncodeWith(B64, true, bytes, start, end);
}

function base64urlEncode(bytes, start = 0, end = bytes.length) {
  return base64EncodeWith(B64URL, false, bytes, start, end);
}

/** Node's base64 (and base64url) decoder into dest: see the contracts above. */
function base64Write(str, dest, offset = 0, length = dest.length - offset) {
  const limit = Math.min(dest.length, offset + length);
  const len = str.length;
  let p = offset;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len && p < limit; i++) {
    const c = str.charCodeAt(i) & 0xff; // Node reads each UTF-16 unit's low byte
    const v = UNB64[c];
    if (v < 0) {
      if (c === 0x3d) break;
      continue;
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      dest[p++] = acc >> bits;
    }
  }
  return p - offset;
}

// For TextDecoder (WHATWG decoders).

const W1252 = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

function windows1252Decode(bytes, start = 0, end = bytes.length) {
  let i = start;
  while (i < end && (bytes[i] < 0x80 || bytes[i] > 0x9f)) i++;
  if (i === end) return latin1Decode(bytes, start, end);
  let out = '';
  for (let pos = start; pos < end;) {
    const stop = Math.min(pos + CHUNK, end);
    let n = 0;
    for (; pos < stop; pos++) {
      const b = bytes[pos];
      scratch[n++] = b >= 0x80 && b <= 0x9f ? W1252[b - 0x80] : b;
    }
    out += flush(n);
  }
  return out;
}

/**
 * WHATWG UTF-16 decoding of bytes[start..end): unpaired surrogates and an odd final byte become
 * U+FFFD, or make it return null when `fatal`.
 */
function utf16Decode(bytes, start, end, bigEndian, fatal) {
  let out = '';
  let n = 0;
  const hiOff = bigEndian ? 0 : 1;
  const loOff = bigEndian ? 1 : 0;
  let p = start;
  for (; p + 1 < end; p += 2) {
    if (n >= CHUNK - 2) {
      out += flush(n);
      n = 0;
    }
    const c = (bytes[p + hiOff] << 8) | bytes[p + loOff];
    if (c < 0xd800 || c > 0xdfff) {
      scratch[n++] = c;
    } else if (c <= 0xdbff && p + 3 < end) {
      const d = (bytes[p + 2 + hiOff] << 8) | bytes[p + 2 + loOff];
      if (d >= 0xdc00 && d <= 0xdfff) {
        scratch[n++] = c;
        scratch[n++] = d;
        p += 2;
      } else {
        if (fatal) return null;
        scratch[n++] = 0xfffd;
      }
    } else {
      if (fatal) return null;
      scratch[n++] = 0xfffd;
    }
  }
  if (p < end) {
    if (fatal) return null;
    scratch[n++] = 0xfffd;
  }
  return n > 0 ? out + flush(n) : out;
}

// ---------------------------------------------------------------------------------------------
// TextEncoder / TextDecoder.

const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
// Looked up on use: V8 installs SharedArrayBuffer in each context after it is made from the
// startup snapshot, where this module is loaded.
function sharedArrayBufferByteLength() {
  return typeof SharedArrayBuffer === 'function' ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get : null;
}

function isUint8Array(value) {
  return typedArrayTag.call(value) === 'Uint8Array';
}

function isAnyArrayBuffer(value) {
  if (value instanceof ArrayBuffer) return true;
  if (sharedArrayBufferByteLength() !== null && value instanceof SharedArrayBuffer) return true;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Array.isArray(value)) return false;
  // Another realm's buffers: the brand check of the byteLength getters (which throw otherwise).
  const tag = Object.prototype.toString.call(value);
  const getter = tag === '[object ArrayBuffer]' ? arrayBufferByteLength :
    tag === '[object SharedArrayBuffer]' ? sharedArrayBufferByteLength() : null;
  if (getter === null) return false;
  try {
    getter.call(value);
    return true;
  } catch {
    return false;
  }
}

class TextEncoder {
  get encoding() {
    return 'utf-8';
  }

  encode(input = '') {
    return codecs.utf8Encode(`${input}`);
  }

  encodeInto(src, dest) {
    if (typeof src !== 'string') throw argTypeError('src', 'string', src);
    if (!dest || !isUint8Array(dest)) throw argTypeError('dest', 'Uint8Array', dest);
    return codecs.utf8EncodeInto(src, dest);
  }
}

Object.defineProperties(TextEncoder.prototype, {
  encode: { enumerable: true },
  encodeInto: { enumerable: true },
  encoding: { enumerable: true },
  [Symbol.toStringTag]: { configurable: true, value: 'TextEncoder' },
  [Symbol.for('nodejs.util.inspect.custom')]: {
    configurable: true, writable: true, enumerable: false,
    value: function inspect(depth, opts, inspectFn) {
      if (typeof inspectFn === 'function') return inspectFn({ encoding: this.encoding }, opts);
      return `{ encoding: '${this.encoding}' }`;
    },
  },
});

const LABELS = new Map();
{
  const add = (encoding, labels) => { for (const label of labels.split(' ')) LABELS.set(label, encoding); };
  add('utf-8', 'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf8 utf-8 x-unicode20utf8');
  add('utf-16le', 'csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16le utf-16');
  add('utf-16be', 'unicodefffe utf-16be');
  add('windows-1252', 'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 ' +
    'iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252');
}

function encodingFromLabel(label) {
  const found = LABELS.get(label);
  if (found !== undefined) return found;
  return LABELS.get(label.toLowerCase().replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, ''));
}

function validateOptions(options, name) {
  if (options !== null && typeof options !== 'object' && typeof options !== 'function') {
    throw argTypeError(name, 'Object', options);
  }
}

function invalidThis(type) {
  return makeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

const empty = new Uint8Array(0);

/** How many bytes at the end of bytes[0..end) begin a UTF-8 sequence that more bytes could finish. */
function utf8IncompleteTail(bytes, end) {
  for (let k = 1; k <= 3 && k <= end; k++) {
    const b = bytes[end - k];
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (need <= k) return 0;
    if (k >= 2) {
      const b1 = bytes[end - k + 1];
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      if (b1 < lo || b1 > hi) return 0;
    }
    return k;
  }
  return 0;
}

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = null; // bytes held back by a {stream: true} decode
  #bomSeen = false;

  constructor(encoding = 'utf-8', options = {}) {
    encoding = `${encoding}`;
    validateOptions(options, 'options');
    const enc = encodingFromLabel(encoding);
    if (enc === undefined) {
      throw makeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${encoding}" encoding is not supported`);
    }
    this.#encoding = enc;
    this.#fatal = Boolean(options !== null && options.fatal);
    this.#ignoreBOM = Boolean(options !== null && options.ignoreBOM);
  }

  static #check(decoder) {
    if (decoder == null || typeof decoder !== 'object' || !(#encoding in decoder)) throw invalidThis('TextDecoder');
  }

  decode(input = empty, options = {}) {
    TextDecoder.#check(this);
    let bytes;
    if (ArrayBuffer.isView(input)) {
      bytes = isUint8Array(input) ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    } else if (isAnyArrayBuffer(input)) {
      bytes = new Uint8Array(input);
    } else {
      throw makeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        'The "input" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.');
    }
    validateOptions(options, 'options');
    const stream = Boolean(options !== null && options.stream);

    if (this.#pending !== null) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    }
    let end = bytes.length;
    let result;
    switch (this.#encoding) {
      case 'utf-8': {
        if (stream) end -= utf8IncompleteTail(bytes, end);
        if (this.#fatal && !codecs.utf8Validate(bytes, 0, end)) result = null;
        else result = codecs.utf8Decode(bytes, 0, end);
        break;
      }
      case 'utf-16le':
      case 'utf-16be': {
        if (stream) {
          if (end & 1) end--;
          if (end >= 2) {
            const c = this.#encoding === 'utf-16le' ? bytes[end - 1] : bytes[end - 2];
            if (c >= 0xd8 && c <= 0xdb) end -= 2;
          }
        }
        result = utf16Decode(bytes, 0, end, this.#encoding === 'utf-16be', this.#fatal);
        break;
      }
      default:
        result = codecs.windows1252Decode(bytes, 0, end);
    }
    if (result === null) {
      this.#bomSeen = false;
      throw makeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA',
        `The encoded data was not valid for encoding ${this.#encoding}`);
    }
    if (stream && end < bytes.length) this.#pending = bytes.slice(end);
    if (result.length > 0 && !this.#bomSeen) {
      if (!this.#ignoreBOM && result.charCodeAt(0) === 0xfeff) result = result.slice(1);
      this.#bomSeen = true;
    }
    if (!stream) this.#bomSeen = false;
    return result;
  }

  get encoding() {
    TextDecoder.#check(this);
    return this.#encoding;
  }

  get fatal() {
    TextDecoder.#check(this);
    return this.#fatal;
  }

  get ignoreBOM() {
    TextDecoder.#check(this);
    return this.#ignoreBOM;
  }
}

Object.defineProperties(TextDecoder.prototype, {
  decode: { enumerable: true },
  encoding: { enumerable: true },
  fatal: { enumerable: true },
  ignoreBOM: { enumerable: true },
  [Symbol.toStringTag]: { configurable: true, value: 'TextDecoder' },
  [Symbol.for('nodejs.util.inspect.custom')]: {
    configurable: true, writable: true, enumerable: false,
    value: function inspect(depth, opts, inspectFn) {
      const obj = { encoding: this.encoding, fatal: this.fatal, ignoreBOM: this.ignoreBOM };
      if (typeof inspectFn === 'function') return `TextDecoder ${inspectFn(obj, opts)}`;
      return `TextDecoder { encoding: '${obj.encoding}', fatal: ${obj.fatal}, ignoreBOM: ${obj.ignoreBOM} }`;
    },
  },
});

const codecs = module.exports = {
  utf8Decode,
  utf8Validate,
  utf8ByteLength,
  utf8Encode,
  utf8Write,
  utf8EncodeInto,
  latin1Decode,
  latin1Write,
  asciiDecode,
  asciiWrite: latin1Write,
  utf16leDecode,
  utf16leWrite,
  hexEncode,
  hexWrite,
  base64Encode,
  base64urlEncode,
  base64Write,
  windows1252Decode,
  utf16Decode,
  isUint8Array,
  isAnyArrayBuffer,
  errors,
  TextEncoder,
  TextDecoder,
  globals: { TextEncoder, TextDecoder },
};

// A native fast path replaces the functions it provides (same names, same contracts).
const native = globalThis.__burrow_codecs;
if (native && typeof native === 'object') {
  for (const name of ['utf8Decode', 'utf8Validate', 'utf8ByteLength', 'utf8Encode', 'utf8Write', 'utf8EncodeInto',
    'latin1Decode', 'latin1Write', 'asciiDecode', 'asciiWrite', 'utf16leDecode', 'utf16leWrite', 'hexEncode',
    'hexWrite', 'base64Encode', 'base64urlEncode', 'base64Write', 'windows1252Decode']) {
    if (typeof native[name] === 'function') codecs[name] = native[name];
  }
}
