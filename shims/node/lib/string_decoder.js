'use strict';
// Node's `string_decoder` module: StringDecoder turns a series of byte chunks into strings
// without splitting a character across them. The algorithm is that of Node's native decoder
// (src/string_decoder.cc), so its results match Node's chunk for chunk, invalid input included:
// utf8 keeps the bytes of an unfinished character (a lead byte and its continuations) for the
// next write; utf16le keeps an odd byte or a lead surrogate; base64/base64url keep the bytes
// after the last multiple of 3; hex, latin1 and ascii keep nothing. end() decodes what is kept
// (an unfinished UTF-8 character becomes U+FFFD; utf16le drops an odd byte).
//
// Not supported: nothing known (lastChar, lastNeed, lastTotal and text() included).

const { Buffer } = require('buffer');
const codecs = require('internal/encoding');
const { invalidArgType: argTypeError, nodeError: makeError } = require('internal/errors');
const { unknownEncodingError } = codecs.errors;

const canonical = new Map([
  ['utf8', 'utf8'], ['utf-8', 'utf8'], ['ucs2', 'utf16le'], ['ucs-2', 'utf16le'], ['utf16le', 'utf16le'],
  ['utf-16le', 'utf16le'], ['latin1', 'latin1'], ['binary', 'latin1'], ['base64', 'base64'],
  ['base64url', 'base64url'], ['hex', 'hex'], ['ascii', 'ascii'],
]);
const isEncoding = Buffer.isEncoding;

function normalizeEncoding(enc) {
  let nenc;
  if (enc == null || enc === '') nenc = 'utf8';
  else if (typeof enc === 'string') nenc = canonical.get(enc) || canonical.get(enc.toLowerCase());
  if (nenc === undefined) {
    // A Buffer.isEncoding replaced by the program may accept more encodings.
    if (Buffer.isEncoding === isEncoding || !Buffer.isEncoding(enc)) throw unknownEncodingError(enc);
    return enc;
  }
  return nenc;
}

const kState = Symbol('kNativeDecoder');

function makeString(bytes, start, end, encoding) {
  switch (encoding) {
    case 'utf8': return codecs.utf8Decode(bytes, start, end);
    case 'utf16le': return codecs.utf16leDecode(bytes, start, end);
    case 'base64': return codecs.base64Encode(bytes, start, end);
    case 'base64url': return codecs.base64urlEncode(bytes, start, end);
    case 'hex': return codecs.hexEncode(bytes, start, end);
    case 'ascii': return codecs.asciiDecode(bytes, start, end);
    default: return codecs.latin1Decode(bytes, start, end);
  }
}

function decode(state, data) {
  const enc = state.encoding;
  if (enc !== 'utf8' && enc !== 'utf16le' && enc !== 'base64' && enc !== 'base64url') {
    return makeString(data, 0, data.length, enc);
  }
  const kept = state.chars;
  let pos = 0;
  let nread = data.length;
  let prepend = '';

  // Finish the character kept from the previous chunk.
  if (state.missing > 0) {
    if (enc === 'utf8') {
      // A byte that is not a continuation ends the kept character early (it becomes U+FFFD).
      for (let i = 0; i < nread && i < state.missing; i++) {
        if ((data[i] & 0xc0) !== 0x80) {
          state.missing = 0;
          kept.set(data.subarray(0, i), state.buffered);
          state.buffered += i;
          pos += i;
          nread -= i;
          break;
        }
      }
    }
    const found = Math.min(nread, state.missing);
    kept.set(data.subarray(pos, pos + found), state.buffered);
    pos += found;
    nread -= found;
    state.missing -= found;
    state.buffered += found;
    if (state.missing === 0) {
      prepend = makeString(kept, 0, state.buffered, enc);
      state.buffered = 0;
    }
  }
  if (nread === 0) return prepend;

  // Keep an unfinished character at the end for the next chunk.
  const last = pos + nread - 1;
  if (enc === 'utf8') {
    if (data[last] & 0x80) {
      for (let i = nread - 1; ; --i) {
        state.buffered++;
        const b = data[pos + i];
        if ((b & 0xc0) === 0x80) {
          if (state.buffered >= 4 || i === 0) {
            state.buffered = 0;
            break;
          }
        } else {
          if ((b & 0xe0) === 0xc0) state.missing = 2;
          else if ((b & 0xf0) === 0xe0) state.missing = 3;
          else if ((b & 0xf8) === 0xf0) state.missing = 4;
          else {
            state.buffered = 0;
            break;
          }
          if (state.buffered >= state.missing) {
            state.missing = 0;
            state.buffered = 0;
          }
          state.missing -= state.buffered;
          break;
        }
      }
    }
  } else if (enc === 'utf16le') {
    if (nread % 2 === 1) {
      state.buffered = 1;
      state.missing = 1;
    } else if ((data[last] & 0xfc) === 0xd8) {
      state.buffered = 2;
      state.missing = 2;
    }
  } else {
    state.buffered = nread % 3;
    if (state.buffered > 0) state.missing = 3 - state.buffered;
  }
  if (state.buffered > 0) {
    nread -= state.buffered;
    kept.set(data.subarray(pos + nread, pos + nread + state.buffered), 0);
  }
  return nread > 0 ? prepend + makeString(data, pos, pos + nread, enc) : prepend;
}

function flush(state) {
  if (state.encoding === 'utf16le' && state.buffered % 2 === 1) {
    state.missing--;
    state.buffered--;
  }
  if (state.buffered === 0) return '';
  const ret = makeString(state.chars, 0, state.buffered, state.encoding);
  state.missing = 0;
  state.buffered = 0;
  return ret;
}

/**
 * StringDecoder(encoding = 'utf8'): write(buf) returns the complete characters so far, end(buf)
 * the rest.
 */
function StringDecoder(encoding) {
  this.encoding = normalizeEncoding(encoding);
  this[kState] = { encoding: this.encoding, chars: Buffer.alloc(4), missing: 0, buffered: 0 };
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  if (!ArrayBuffer.isView(buf)) throw argTypeError('buf', ['Buffer', 'TypedArray', 'DataView'], buf);
  if (!this[kState]) throw makeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type StringDecoder');
  const bytes = codecs.isUint8Array(buf) ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return decode(this[kState], bytes);
};

StringDecoder.prototype.end = function end(buf) {
  let ret = '';
  if (buf !== undefined) ret = this.write(buf);
  if (this[kState].buffered > 0) ret += flush(this[kState]);
  return ret;
};

/* Undocumented legacy API. */
StringDecoder.prototype.text = function text(buf, offset) {
  this[kState].missing = 0;
  this[kState].buffered = 0;
  return this.write(buf.slice(offset));
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    configurable: true,
    enumerable: true,
    get() { return this[kState].chars.subarray(0, 4); },
  },
  lastNeed: {
    configurable: true,
    enumerable: true,
    get() { return this[kState].missing; },
  },
  lastTotal: {
    configurable: true,
    enumerable: true,
    get() { return this[kState].buffered + this[kState].missing; },
  },
});

exports.StringDecoder = StringDecoder;
