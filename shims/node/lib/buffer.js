'use strict';
// Node's `buffer` module: Buffer as a Uint8Array subclass with Node 18/20 semantics (a pool for
// small allocations, views from slice/subarray, Node's argument checks and error codes and
// messages), plus SlowBuffer, atob/btoa, isUtf8/isAscii, transcode and the constants. The byte
// <-> string conversions are those of internal/encoding.
//
// Not supported:
// - Blob and File (`Blob`/`File` read globalThis.Blob/File, when a builtin provides them);
//   resolveObjectURL() always answers undefined (no blob: URLs are registered).
// - transcode() converts only between utf8, utf16le/ucs2, latin1/binary and ascii (Node with
//   ICU converts the same set); unmappable characters become '?' as with ICU.
// - The DEP0005 warning of `Buffer()`/`new Buffer()`, and --zero-fill-buffers (memory is
//   always zeroed here).
// - inspect() lists a Buffer's extra (non-index) properties only for buffers of at most 8 KiB
//   (finding them means listing every index), and needs util.inspect (passed as the third
//   argument of the custom inspect function, as Node's util.inspect does, or require('util')).

const codecs = require('internal/encoding');
const {
  nodeError: makeError, invalidArgType: argTypeError, outOfRange: outOfRangeError, invalidArgValue: argValueError,
} = require('internal/errors');
const { unknownEncodingError } = codecs.errors;
const { isUint8Array, isAnyArrayBuffer } = codecs;

const kMaxLength = 2 ** 32;
const kStringMaxLength = 2 ** 29 - 24;
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const TypedArrayFill = TypedArrayPrototype.fill;
const TypedArraySet = TypedArrayPrototype.set;
const TypedArrayIndexOf = TypedArrayPrototype.indexOf;
const TypedArrayLastIndexOf = TypedArrayPrototype.lastIndexOf;
const TypedArraySlice = TypedArrayPrototype.slice;

function isTypedArray(value) {
  return typedArrayTag.call(value) !== undefined;
}

/** The bytes of any ArrayBufferView (or the view itself when it is a Uint8Array). */
function bytesOf(view) {
  return isUint8Array(view) ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// ---------------------------------------------------------------------------------------------
// Errors and argument checks (Node's wording).

function bufferOutOfBounds(name) {
  return makeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
    name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');
}

function validateNumber(value, name, min, max) {
  if (typeof value !== 'number') throw argTypeError(name, 'number', value);
  if ((min != null && value < min) || (max != null && value > max) ||
      ((min != null || max != null) && Number.isNaN(value))) {
    throw outOfRangeError(name,
      `${min != null ? `>= ${min}` : ''}${min != null && max != null ? ' && ' : ''}${max != null ? `<= ${max}` : ''}`,
      value);
  }
}

function validateInteger(value, name, min, max) {
  if (typeof value !== 'number') throw argTypeError(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRangeError(name, 'an integer', value);
  if (value < min || value > max) throw outOfRangeError(name, `>= ${min} && <= ${max}`, value);
}

function validateOffset(value, name, min = 0, max = kMaxLength) {
  validateInteger(value, name, min, max);
}

function validateString(value, name) {
  if (typeof value !== 'string') throw argTypeError(name, 'string', value);
}

/** The index checks of Node's native slice/write helpers (`buf.utf8Slice(start, end)`...). */
function parseArrayIndex(value, defaultValue) {
  if (value === undefined) return defaultValue;
  const n = Math.trunc(+value) || 0;
  if (n < 0) throw makeError(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
  return n;
}

function notAString() {
  return makeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
}

// ---------------------------------------------------------------------------------------------
// Buffer and the pool.

class FastBuffer extends Uint8Array {
  // eslint-disable-next-line no-useless-constructor
  constructor(bufferOrLength, byteOffset, length) {
    super(bufferOrLength, byteOffset, length);
  }
}

/**
 * Buffer(arg, encodingOrOffset, length): deprecated in Node's documentation but still there;
 * callable with or without `new`.
 */
function Buffer(arg, encodingOrOffset, length) {
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') throw argTypeError('string', 'string', arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}

FastBuffer.prototype.constructor = Buffer;
Buffer.prototype = FastBuffer.prototype;
Object.setPrototypeOf(Buffer, Uint8Array);
Object.defineProperty(Buffer, Symbol.species, { enumerable: false, configurable: true, get() { return FastBuffer; } });

Buffer.poolSize = 8 * 1024;
let poolSize;
let poolOffset;
let allocPool;
let allocBuffer;

function createPool() {
  poolSize = Buffer.poolSize;
  allocBuffer = new FastBuffer(poolSize);
  allocPool = allocBuffer.buffer;
  poolOffset = 0;
}
createPool();

function alignPool() {
  if (poolOffset & 0x7) {
    poolOffset |= 0x7;
    poolOffset++;
  }
}

function createUnsafeBuffer(size) {
  return new FastBuffer(size);
}

function allocate(size) {
  if (size <= 0) return new FastBuffer();
  if (size < (Buffer.poolSize >>> 1)) {
    if (size > poolSize - poolOffset) createPool();
    const b = new FastBuffer(allocPool, poolOffset, size);
    poolOffset += size;
    alignPool();
    return b;
  }
  return createUnsafeBuffer(size);
}

// ---------------------------------------------------------------------------------------------
// Encodings.

function base64ByteLength(str, bytes) {
  if (str.charCodeAt(bytes - 1) === 0x3d) bytes--;
  if (bytes > 1 && str.charCodeAt(bytes - 1) === 0x3d) bytes--;
  return (bytes * 3) >>> 2;
}

function makeOps(name, byteLength, write, slice, stringSearch) {
  return { name, byteLength, write, slice, stringSearch };
}

const ucs2Ops = makeOps('utf16le', (s) => s.length * 2,
  (buf, s, off, len) => codecs.utf16leWrite(s, buf, off, len),
  (buf, start, end) => codecs.utf16leDecode(buf, start, end), 'ucs2');

const encodingOps = {
  utf8: makeOps('utf8', (s) => codecs.utf8ByteLength(s),
    (buf, s, off, len) => codecs.utf8Write(s, buf, off, len),
    (buf, start, end) => codecs.utf8Decode(buf, start, end), 'utf8'),
  ucs2: ucs2Ops,
  utf16le: ucs2Ops,
  latin1: makeOps('latin1', (s) => s.length,
    (buf, s, off, len) => codecs.latin1Write(s, buf, off, len),
    (buf, start, end) => codecs.latin1Decode(buf, start, end), 'latin1'),
  ascii: makeOps('ascii', (s) => s.length,
    (buf, s, off, len) => codecs.asciiWrite(s, buf, off, len),
    (buf, start, end) => codecs.asciiDecode(buf, start, end), null),
  base64: makeOps('base64', (s) => base64ByteLength(s, s.length),
    (buf, s, off, len) => codecs.base64Write(s, buf, off, len),
    (buf, start, end) => codecs.base64Encode(buf, start, end), null),
  base64url: makeOps('base64url', (s) => base64ByteLength(s, s.length),
    (buf, s, off, len) => codecs.base64Write(s, buf, off, len),
    (buf, start, end) => codecs.base64urlEncode(buf, start, end), null),
  hex: makeOps('hex', (s) => s.length >>> 1,
    (buf, s, off, len) => codecs.hexWrite(s, buf, off, len),
    (buf, start, end) => codecs.hexEncode(buf, start, end), null),
};

const opsByName = new Map([
  ['utf8', encodingOps.utf8], ['utf-8', encodingOps.utf8], ['ucs2', ucs2Ops], ['ucs-2', ucs2Ops],
  ['utf16le', ucs2Ops], ['utf-16le', ucs2Ops], ['latin1', encodingOps.latin1], ['binary', encodingOps.latin1],
  ['ascii', encodingOps.ascii], ['base64', encodingOps.base64], ['base64url', encodingOps.base64url],
  ['hex', encodingOps.hex],
]);

/** The codec of an encoding name (case-insensitive), or undefined. */
function getEncodingOps(encoding) {
  encoding += '';
  return opsByName.get(encoding) || opsByName.get(encoding.toLowerCase());
}

/** Node's normalizeEncoding: the canonical name, 'utf8' for null/undefined/'', else undefined. */
function normalizeEncoding(enc) {
  if (enc == null || enc === 'utf8' || enc === 'utf-8' || enc === '') return 'utf8';
  if (typeof enc !== 'string') return undefined;
  const ops = opsByName.get(enc) || opsByName.get(enc.toLowerCase());
  return ops === undefined ? undefined : ops.name;
}

// ---------------------------------------------------------------------------------------------
// Static methods.

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);
  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value && (typeof valueOf === 'string' || typeof valueOf === 'object')) {
      return from(valueOf, encodingOrOffset, length);
    }
    const b = fromObject(value);
    if (b) return b;
    if (typeof value[Symbol.toPrimitive] === 'function') {
      const primitive = value[Symbol.toPrimitive]('string');
      if (typeof primitive === 'string') return fromString(primitive, encodingOrOffset);
    }
  }
  throw argTypeError('first argument', ['string', 'Buffer', 'ArrayBuffer', 'Array', 'Array-like Object'], value);
};

Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!isTypedArray(view)) throw argTypeError('view', ['TypedArray'], view);
  const viewLength = view.length;
  if (viewLength === 0) return Buffer.alloc(0);
  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
      if (offset >= viewLength) return Buffer.alloc(0);
    } else {
      offset = 0;
    }
    let end;
    if (length !== undefined) {
      validateInteger(length, 'length', 0, Number.MAX_SAFE_INTEGER);
      end = offset + length;
    } else {
      end = viewLength;
    }
    view = TypedArraySlice.call(view, offset, end);
  }
  return fromArrayLike(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
};

Buffer.of = (...items) => {
  const b = createUnsafeBuffer(items.length);
  for (let k = 0; k < items.length; k++) b[k] = items[k];
  return b;
};

Buffer.alloc = function alloc(size, fill, encoding) {
  validateNumber(size, 'size', 0, kMaxLength);
  if (fill !== undefined && fill !== 0 && size > 0) {
    const buf = createUnsafeBuffer(size);
    return _fill(buf, fill, 0, buf.length, encoding);
  }
  return new FastBuffer(size);
};

Buffer.allocUnsafe = function allocUnsafe(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return allocate(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return createUnsafeBuffer(size);
};

function SlowBuffer(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return createUnsafeBuffer(size);
}
Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
Object.setPrototypeOf(SlowBuffer, Uint8Array);

function fromStringFast(string, ops) {
  const maxLength = Buffer.poolSize >>> 1;
  let length = string.length;
  if (length >= maxLength) return createFromString(string, ops);
  length *= 4;
  if (length >= maxLength) length = ops.byteLength(string);
  if (length >= maxLength) return createFromString(string, ops, length);
  if (length > poolSize - poolOffset) createPool();
  const actual = ops.write(allocBuffer, string, poolOffset, length);
  const b = new FastBuffer(allocPool, poolOffset, actual);
  poolOffset += actual;
  alignPool();
  return b;
}

function createFromString(string, ops, length) {
  if (ops === encodingOps.utf8) {
    const bytes = codecs.utf8Encode(string);
    return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  if (length === undefined) length = ops.byteLength(string);
  const buf = createUnsafeBuffer(length);
  const actual = ops.write(buf, string, 0, length);
  return actual < length ? new FastBuffer(buf.buffer, 0, actual) : buf;
}

function fromString(string, encoding) {
  let ops;
  if (!encoding || encoding === 'utf8' || typeof encoding !== 'string') {
    ops = encodingOps.utf8;
  } else {
    ops = getEncodingOps(encoding);
    if (ops === undefined) throw unknownEncodingError(encoding);
  }
  return string.length === 0 ? new FastBuffer() : fromStringFast(string, ops);
}

function fromArrayBuffer(obj, byteOffset, length) {
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
  }
  const maxLength = obj.byteLength - byteOffset;
  if (maxLength < 0) throw bufferOutOfBounds('offset');
  if (length === undefined) {
    length = maxLength;
  } else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw bufferOutOfBounds('length');
    } else {
      length = 0;
    }
  }
  return new FastBuffer(obj, byteOffset, length);
}

function fromArrayLike(obj) {
  if (obj.length <= 0) return new FastBuffer();
  if (obj.length < (Buffer.poolSize >>> 1)) {
    if (obj.length > poolSize - poolOffset) createPool();
    const b = new FastBuffer(allocPool, poolOffset, obj.length);
    TypedArraySet.call(b, obj, 0);
    poolOffset += obj.length;
    alignPool();
    return b;
  }
  return new FastBuffer(obj);
}

function fromObject(obj) {
  if (obj.length !== undefined || isAnyArrayBuffer(obj.buffer)) {
    if (typeof obj.length !== 'number') return new FastBuffer();
    return fromArrayLike(obj);
  }
  if (obj.type === 'Buffer' && Array.isArray(obj.data)) return fromArrayLike(obj.data);
  return undefined;
}

Buffer.isBuffer = function isBuffer(b) {
  return b instanceof Buffer;
};

/** memcmp-like comparison of a[aStart..aEnd) with b[bStart..bEnd): -1, 0 or 1. */
function compareBytes(a, aStart, aEnd, b, bStart, bEnd) {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const x = a[aStart + i];
    const y = b[bStart + i];
    if (x !== y) return x < y ? -1 : 1;
  }
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  return la > lb ? 1 : la < lb ? -1 : 0;
}

Buffer.compare = function compare(buf1, buf2) {
  if (!isUint8Array(buf1)) throw argTypeError('buf1', ['Buffer', 'Uint8Array'], buf1);
  if (!isUint8Array(buf2)) throw argTypeError('buf2', ['Buffer', 'Uint8Array'], buf2);
  if (buf1 === buf2) return 0;
  return compareBytes(buf1, 0, buf1.length, buf2, 0, buf2.length);
};

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 && normalizeEncoding(encoding) !== undefined;
};

Buffer.concat = function concat(list, length) {
  if (!Array.isArray(list)) throw argTypeError('list', 'Array', list);
  if (list.length === 0) return new FastBuffer();
  if (length === undefined) {
    length = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i].length) length += list[i].length;
    }
  } else {
    validateOffset(length, 'length');
  }
  const buffer = Buffer.allocUnsafe(length);
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    const buf = list[i];
    if (!isUint8Array(buf)) throw argTypeError(`list[${i}]`, ['Buffer', 'Uint8Array'], list[i]);
    pos += _copyActual(buf, buffer, pos, 0, buf.length);
  }
  if (pos < length) TypedArrayFill.call(buffer, 0, pos, length);
  return buffer;
};

function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw argTypeError('string', ['string', 'Buffer', 'ArrayBuffer'], string);
  }
  const len = string.length;
  if (len === 0) return 0;
  if (!encoding || encoding === 'utf8') return codecs.utf8ByteLength(string);
  if (encoding === 'ascii') return len;
  const ops = getEncodingOps(encoding);
  if (ops === undefined) return codecs.utf8ByteLength(string);
  return ops.byteLength(string);
}
Buffer.byteLength = byteLength;

// ---------------------------------------------------------------------------------------------
// Prototype: properties, conversions, comparisons, search, fill, write.

const proto = Buffer.prototype;

Object.defineProperty(proto, 'parent', {
  enumerable: true,
  configurable: true,
  get() { return this instanceof Buffer ? this.buffer : undefined; },
});
Object.defineProperty(proto, 'offset', {
  enumerable: true,
  configurable: true,
  get() { return this instanceof Buffer ? this.byteOffset : undefined; },
});

function _copy(source, target, targetStart, sourceStart, sourceEnd) {
  if (!isUint8Array(source)) throw argTypeError('source', ['Buffer', 'Uint8Array'], source);
  if (!isUint8Array(target)) throw argTypeError('target', ['Buffer', 'Uint8Array'], target);
  if (targetStart === undefined) {
    targetStart = 0;
  } else {
    targetStart = Number.isInteger(targetStart) ? targetStart : toInteger(targetStart, 0);
    if (targetStart < 0) throw outOfRangeError('targetStart', '>= 0', targetStart);
  }
  if (sourceStart === undefined) {
    sourceStart = 0;
  } else {
    sourceStart = Number.isInteger(sourceStart) ? sourceStart : toInteger(sourceStart, 0);
    if (sourceStart < 0 || sourceStart > source.length) {
      throw outOfRangeError('sourceStart', `>= 0 && <= ${source.length}`, sourceStart);
    }
  }
  if (sourceEnd === undefined) {
    sourceEnd = source.length;
  } else {
    sourceEnd = Number.isInteger(sourceEnd) ? sourceEnd : toInteger(sourceEnd, 0);
    if (sourceEnd < 0) throw outOfRangeError('sourceEnd', '>= 0', sourceEnd);
  }
  if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
  return _copyActual(source, target, targetStart, sourceStart, sourceEnd);
}

function toInteger(n, defaultVal) {
  n = +n;
  if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) {
    return n % 1 === 0 ? n : Math.floor(n);
  }
  return defaultVal;
}

function _copyActual(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd - sourceStart > target.length - targetStart) sourceEnd = sourceStart + target.length - targetStart;
  let nb = sourceEnd - sourceStart;
  const sourceLen = source.length - sourceStart;
  if (nb > sourceLen) nb = sourceLen;
  if (nb <= 0) return 0;
  if (sourceStart !== 0 || sourceEnd < source.length) {
    source = new Uint8Array(source.buffer, source.byteOffset + sourceStart, nb);
  }
  TypedArraySet.call(target, source, targetStart);
  return nb;
}

proto.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
  return _copy(this, target, targetStart, sourceStart, sourceEnd);
};

proto.toString = function toString(encoding, start, end) {
  if (arguments.length === 0) return codecs.utf8Decode(this, 0, this.length);
  const len = this.length;
  if (start <= 0) start = 0;
  else if (start >= len) return '';
  else start = Math.trunc(start) || 0;
  if (end === undefined || end > len) end = len;
  else end = Math.trunc(end) || 0;
  if (end <= start) return '';
  if (encoding === undefined) return codecs.utf8Decode(this, start, end);
  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw unknownEncodingError(encoding);
  return ops.slice(this, start, end);
};

proto.equals = function equals(otherBuffer) {
  if (!isUint8Array(otherBuffer)) throw argTypeError('otherBuffer', ['Buffer', 'Uint8Array'], otherBuffer);
  if (this === otherBuffer) return true;
  const len = this.byteLength;
  if (len !== otherBuffer.byteLength) return false;
  return len === 0 || compareBytes(this, 0, len, otherBuffer, 0, len) === 0;
};

let INSPECT_MAX_BYTES = 50;
const kInspectExtrasMaxLength = 8192;

proto[customInspectSymbol] = function inspect(recurseTimes, ctx, inspectFn) {
  const max = INSPECT_MAX_BYTES;
  const actualMax = Math.min(max, this.length);
  const remaining = this.length - max;
  let str = codecs.hexEncode(this, 0, actualMax).replace(/(.{2})/g, '$1 ').trim();
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  // Extra (non-index) properties: finding them lists every index, so only for small buffers.
  if (ctx && typeof ctx === 'object' && this.length <= kInspectExtrasMaxLength) {
    const keys = (ctx.showHidden ? Object.getOwnPropertyNames(this) : Object.keys(this))
      .filter((key) => !/^(0|[1-9][0-9]*)$/.test(key));
    if (keys.length > 0) {
      if (typeof inspectFn !== 'function') {
        try { inspectFn = require('util').inspect; } catch { inspectFn = undefined; }
      }
      if (typeof inspectFn === 'function') {
        const obj = { __proto__: null };
        for (const key of keys) obj[key] = this[key];
        if (this.length !== 0) str += ', ';
        // '[Object: null prototype] {'.length === 26
        str += inspectFn(obj, { ...ctx, breakLength: Infinity, compact: true }).slice(27, -2);
      }
    }
  }
  return `<${this.constructor.name} ${str}>`;
};
proto.inspect = proto[customInspectSymbol];

proto.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
  if (!isUint8Array(target)) throw argTypeError('target', ['Buffer', 'Uint8Array'], target);
  if (arguments.length === 1) return compareBytes(this, 0, this.length, target, 0, target.length);
  if (targetStart === undefined) targetStart = 0;
  else validateOffset(targetStart, 'targetStart');
  if (targetEnd === undefined) targetEnd = target.length;
  else validateOffset(targetEnd, 'targetEnd', 0, target.length);
  if (sourceStart === undefined) sourceStart = 0;
  else validateOffset(sourceStart, 'sourceStart');
  if (sourceEnd === undefined) sourceEnd = this.length;
  else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);
  if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
  if (targetStart >= targetEnd) return 1;
  return compareBytes(this, sourceStart, sourceEnd, target, targetStart, targetEnd);
};

// Search (the semantics of Node's native indexOf helpers).

/** Where an indexOf/lastIndexOf search starts, or -1 when no search is needed. */
function indexOfOffset(length, offset, needleLength, isForward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    if (isForward || needleLength === 0) return 0;
    return -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  if (isForward) return -1;
  return length - 1;
}

/** First (forward) or last (backward) match of needle in hay[0..hayLen) starting at <= / >= start. */
function searchBytes(hay, hayLen, needle, start, forward) {
  const nlen = needle.length;
  if (hayLen < nlen) return -1;
  const last = hayLen - nlen;
  const first = needle[0];
  if (forward) {
    for (let i = start; i <= last;) {
      i = TypedArrayIndexOf.call(hay, first, i);
      if (i === -1 || i > last) return -1;
      let k = 1;
      while (k < nlen && hay[i + k] === needle[k]) k++;
      if (k === nlen) return i;
      i++;
    }
    return -1;
  }
  for (let i = Math.min(start, last); i >= 0;) {
    i = TypedArrayLastIndexOf.call(hay, first, i);
    if (i === -1) return -1;
    let k = 1;
    while (k < nlen && hay[i + k] === needle[k]) k++;
    if (k === nlen) return i;
    i--;
  }
  return -1;
}

/** The same over 16-bit little-endian units: hay has `units` units, needle is an array of units. */
function searchUnits(hay, units, needle, start, forward) {
  const nlen = needle.length;
  if (units < nlen) return -1;
  const last = units - nlen;
  const at = (i) => hay[2 * i] | (hay[2 * i + 1] << 8);
  const matches = (i) => {
    for (let k = 0; k < nlen; k++) if (at(i + k) !== needle[k]) return false;
    return true;
  };
  if (forward) {
    for (let i = start; i <= last; i++) if (matches(i)) return i;
  } else {
    for (let i = Math.min(start, last); i >= 0; i--) if (matches(i)) return i;
  }
  return -1;
}

function indexOfBuffer(buf, needle, byteOffset, ucs2, forward) {
  const hayLen = buf.length;
  const nlen = needle.length;
  const opt = indexOfOffset(hayLen, byteOffset, nlen, forward);
  if (nlen === 0) return opt;
  if (hayLen === 0 || opt <= -1) return -1;
  if ((forward && nlen + opt > hayLen) || nlen > hayLen) return -1;
  if (ucs2) {
    if (hayLen < 2 || nlen < 2) return -1;
    const units = hayLen >>> 1;
    const needleUnits = [];
    for (let k = 0; k + 1 < nlen; k += 2) needleUnits.push(needle[k] | (needle[k + 1] << 8));
    const r = searchUnits(buf, units, needleUnits, opt >>> 1, forward);
    // Node compares the unit count (times 2) with the byte length: an odd length answers length - 1.
    const result = (r === -1 ? units : r) * 2;
    return result === hayLen ? -1 : result;
  }
  return searchBytes(buf, hayLen, needle, opt, forward);
}

function indexOfString(buf, val, byteOffset, ops, forward) {
  if (ops.stringSearch === 'ucs2') {
    const hayLen = buf.length & ~1;
    const nlen = val.length * 2;
    const opt = indexOfOffset(hayLen, byteOffset, nlen, forward);
    if (nlen === 0) return opt;
    if (hayLen === 0 || opt <= -1) return -1;
    if ((forward && nlen + opt > hayLen) || nlen > hayLen) return -1;
    const needleUnits = [];
    for (let k = 0; k < val.length; k++) needleUnits.push(val.charCodeAt(k));
    const r = searchUnits(buf, hayLen >>> 1, needleUnits, opt >>> 1, forward);
    return r === -1 ? -1 : r * 2;
  }
  let needle;
  if (ops.stringSearch === 'utf8') {
    needle = codecs.utf8Encode(val);
  } else if (ops.stringSearch === 'latin1') {
    needle = new Uint8Array(val.length);
    codecs.latin1Write(val, needle, 0, val.length);
  } else {
    needle = fromStringFast(val, ops);
  }
  return indexOfBuffer(buf, needle, byteOffset, false, forward);
}

function bidirectionalIndexOf(buffer, val, byteOffset, encoding, dir) {
  if (!ArrayBuffer.isView(buffer)) throw argTypeError('buffer', ['Buffer', 'TypedArray', 'DataView'], buffer);
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = dir ? 0 : (buffer.length || buffer.byteLength);
  byteOffset = Math.trunc(byteOffset);
  dir = !!dir;
  const bytes = bytesOf(buffer);

  if (typeof val === 'number') {
    const needle = (val >>> 0) & 0xff;
    const opt = indexOfOffset(bytes.length, byteOffset, 1, dir);
    if (opt <= -1 || bytes.length === 0) return -1;
    return dir ? TypedArrayIndexOf.call(bytes, needle, opt) : TypedArrayLastIndexOf.call(bytes, needle, opt);
  }
  const ops = encoding === undefined ? encodingOps.utf8 : getEncodingOps(encoding);
  if (typeof val === 'string') {
    if (ops === undefined) throw unknownEncodingError(encoding);
    return indexOfString(bytes, val, byteOffset, ops, dir);
  }
  if (isUint8Array(val)) {
    return indexOfBuffer(bytes, val, byteOffset, ops !== undefined && ops.name === 'utf16le', dir);
  }
  throw argTypeError('value', ['number', 'string', 'Buffer', 'Uint8Array'], val);
}

proto.indexOf = function indexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, true);
};

proto.lastIndexOf = function lastIndexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, false);
};

proto.includes = function includes(val, byteOffset, encoding) {
  return this.indexOf(val, byteOffset, encoding) !== -1;
};

// Fill.

proto.fill = function fill(value, offset, end, encoding) {
  return _fill(this, value, offset, end, encoding);
};

function _fill(buf, value, offset, end, encoding) {
  let normalizedEncoding;
  if (typeof value === 'string') {
    if (offset === undefined || typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = buf.length;
    }
    normalizedEncoding = normalizeEncoding(encoding);
    if (normalizedEncoding === undefined) {
      validateString(encoding, 'encoding');
      throw unknownEncodingError(encoding);
    }
    if (value.length === 0) {
      value = 0;
    } else if (value.length === 1) {
      if (normalizedEncoding === 'utf8') {
        const code = value.charCodeAt(0);
        if (code < 128) value = code;
      } else if (normalizedEncoding === 'latin1') {
        value = value.charCodeAt(0);
      }
    }
  }

  if (offset === undefined) {
    offset = 0;
    end = buf.length;
  } else {
    validateOffset(offset, 'offset');
    if (end === undefined) end = buf.length;
    else validateOffset(end, 'end', 0, buf.length);
    if (offset >= end) return buf;
  }

  if (typeof value === 'number') {
    if (offset > end || end > buf.byteLength) throw bufferOutOfBounds();
    TypedArrayFill.call(buf, value, offset, end);
    return buf;
  }
  const res = fillPattern(buf, value, offset, end, normalizedEncoding);
  if (res < 0) {
    if (res === -1) throw argValueError('value', value);
    throw bufferOutOfBounds();
  }
  return buf;
}

/** Node's native fill: a Buffer, a non-number (as a uint32) or an encoded string, repeated. */
function fillPattern(buf, value, start, end, encoding) {
  const fillLength = end - start;
  if (start > end || end > buf.length) return -2;
  let patternLength;
  if (ArrayBuffer.isView(value)) {
    const src = bytesOf(value);
    patternLength = src.length;
    TypedArraySet.call(buf, patternLength > fillLength ? src.subarray(0, fillLength) : src, start);
  } else if (typeof value !== 'string') {
    TypedArrayFill.call(buf, ((+value) >>> 0) & 255, start, end);
    return 0;
  } else if (encoding === 'utf8' || encoding === 'utf16le') {
    let bytes;
    if (encoding === 'utf8') {
      bytes = codecs.utf8Encode(value);
    } else {
      bytes = new Uint8Array(value.length * 2);
      codecs.utf16leWrite(value, bytes, 0, bytes.length);
    }
    patternLength = bytes.length;
    TypedArraySet.call(buf, patternLength > fillLength ? bytes.subarray(0, fillLength) : bytes, start);
  } else {
    patternLength = encodingOps[encoding].write(buf, value, start, fillLength);
  }
  if (patternLength >= fillLength) return 0;
  if (patternLength === 0) return -1;
  let inThere = patternLength;
  while (inThere < fillLength - inThere) {
    buf.copyWithin(start + inThere, start, start + inThere);
    inThere *= 2;
  }
  if (inThere < fillLength) buf.copyWithin(start + inThere, start, start + fillLength - inThere);
  return 0;
}

// Write.

proto.write = function write(string, offset, length, encoding) {
  if (offset === undefined) return utf8Write.call(this, string, 0, this.length);
  if (length === undefined && typeof offset === 'string') {
    encoding = offset;
    length = this.length;
    offset = 0;
  } else {
    validateOffset(offset, 'offset', 0, this.length);
    const remaining = this.length - offset;
    if (length === undefined) {
      length = remaining;
    } else if (typeof length === 'string') {
      encoding = length;
      length = remaining;
    } else {
      validateOffset(length, 'length', 0, this.length);
      if (length > remaining) length = remaining;
    }
  }
  if (!encoding || encoding === 'utf8') return utf8Write.call(this, string, offset, length);
  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw unknownEncodingError(encoding);
  if (typeof string !== 'string') throw notAString();
  return ops.write(this, string, offset, length);
};

// The undocumented per-encoding methods of Node's Buffer.prototype (some packages use them).

function sliceMethod(ops) {
  return function (start, end) {
    const len = this.length;
    if (len === 0) return '';
    start = parseArrayIndex(start, 0);
    end = parseArrayIndex(end, len);
    if (end < start) end = start;
    if (end > len) throw makeError(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
    return ops.slice(this, start, end);
  };
}

function writeMethod(ops) {
  return function (string, offset, length) {
    if (typeof string !== 'string') throw notAString();
    const len = this.length;
    offset = parseArrayIndex(offset, 0);
    if (offset > len) throw bufferOutOfBounds('offset');
    length = Math.min(len - offset, parseArrayIndex(length, len - offset));
    if (length === 0) return 0;
    return ops.write(this, string, offset, length);
  };
}

const utf8Write = writeMethod(encodingOps.utf8);
for (const [name, ops] of [['ascii', encodingOps.ascii], ['base64', encodingOps.base64],
  ['base64url', encodingOps.base64url], ['latin1', encodingOps.latin1], ['hex', encodingOps.hex],
  ['ucs2', ucs2Ops], ['utf8', encodingOps.utf8]]) {
  proto[`${name}Slice`] = sliceMethod(ops);
  proto[`${name}Write`] = name === 'utf8' ? utf8Write : writeMethod(ops);
}

proto.toJSON = function toJSON() {
  if (this.length > 0) {
    const data = new Array(this.length);
    for (let i = 0; i < this.length; ++i) data[i] = this[i];
    return { type: 'Buffer', data };
  }
  return { type: 'Buffer', data: [] };
};

function adjustOffset(offset, length) {
  offset = Math.trunc(offset);
  if (offset === 0) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  if (offset < length) return offset;
  return Number.isNaN(offset) ? 0 : length;
}

proto.subarray = function subarray(start, end) {
  const srcLength = this.length;
  start = adjustOffset(start, srcLength);
  end = end !== undefined ? adjustOffset(end, srcLength) : srcLength;
  const newLength = end > start ? end - start : 0;
  return new FastBuffer(this.buffer, this.byteOffset + start, newLength);
};

proto.slice = function slice(start, end) {
  return this.subarray(start, end);
};

function swap(b, n, m) {
  const i = b[n];
  b[n] = b[m];
  b[m] = i;
}

proto.swap16 = function swap16() {
  const len = this.length;
  if (len % 2 !== 0) throw makeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of 16-bits');
  for (let i = 0; i < len; i += 2) swap(this, i, i + 1);
  return this;
};

proto.swap32 = function swap32() {
  const len = this.length;
  if (len % 4 !== 0) throw makeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of 32-bits');
  for (let i = 0; i < len; i += 4) {
    swap(this, i, i + 3);
    swap(this, i + 1, i + 2);
  }
  return this;
};

proto.swap64 = function swap64() {
  const len = this.length;
  if (len % 8 !== 0) throw makeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of 64-bits');
  for (let i = 0; i < len; i += 8) {
    swap(this, i, i + 7);
    swap(this, i + 1, i + 6);
    swap(this, i + 2, i + 5);
    swap(this, i + 3, i + 4);
  }
  return this;
};

proto.toLocaleString = proto.toString;

// ---------------------------------------------------------------------------------------------
// Prototype: numbers.

function boundsError(value, length, type) {
  if (Math.floor(value) !== value) {
    validateNumber(value, type);
    throw outOfRangeError(type || 'offset', 'an integer', value);
  }
  if (length < 0) throw bufferOutOfBounds();
  throw outOfRangeError(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value);
}

/** Checks that bytes [offset, offset + n) exist. */
function checkBounds(buf, offset, n) {
  validateNumber(offset, 'offset');
  if (buf[offset] === undefined || buf[offset + n - 1] === undefined) boundsError(offset, buf.length - n);
}

function checkInt(value, min, max, buf, offset, n) {
  if (value > max || value < min) {
    const big = typeof min === 'bigint' ? 'n' : '';
    let range;
    if (n > 4) {
      if (min === 0 || min === 0n) range = `>= 0${big} and < 2${big} ** ${n * 8}${big}`;
      else range = `>= -(2${big} ** ${n * 8 - 1}${big}) and < 2${big} ** ${n * 8 - 1}${big}`;
    } else {
      range = `>= ${min}${big} and <= ${max}${big}`;
    }
    throw outOfRangeError('value', range, value);
  }
  checkBounds(buf, offset, n);
}

// Reads. Fixed sizes get their own functions; 3, 5 and 6 bytes share generic ones.

function readUInt8(offset = 0) {
  validateNumber(offset, 'offset');
  const val = this[offset];
  if (val === undefined) boundsError(offset, this.length - 1);
  return val;
}

function readInt8(offset = 0) {
  const val = readUInt8.call(this, offset);
  return val | (val & 0x80) * 0x1fffffe;
}

function readUInt16LE(offset = 0) {
  checkBounds(this, offset, 2);
  return this[offset] + this[offset + 1] * 0x100;
}

function readUInt16BE(offset = 0) {
  checkBounds(this, offset, 2);
  return this[offset] * 0x100 + this[offset + 1];
}

function readInt16LE(offset = 0) {
  const val = readUInt16LE.call(this, offset);
  return val | (val & 0x8000) * 0x1fffe;
}

function readInt16BE(offset = 0) {
  const val = readUInt16BE.call(this, offset);
  return val | (val & 0x8000) * 0x1fffe;
}

function readUInt32LE(offset = 0) {
  checkBounds(this, offset, 4);
  return this[offset] + this[offset + 1] * 0x100 + this[offset + 2] * 0x10000 + this[offset + 3] * 0x1000000;
}

function readUInt32BE(offset = 0) {
  checkBounds(this, offset, 4);
  return this[offset] * 0x1000000 + this[offset + 1] * 0x10000 + this[offset + 2] * 0x100 + this[offset + 3];
}

function readInt32LE(offset = 0) {
  checkBounds(this, offset, 4);
  return this[offset] + this[offset + 1] * 0x100 + this[offset + 2] * 0x10000 + (this[offset + 3] << 24);
}

function readInt32BE(offset = 0) {
  checkBounds(this, offset, 4);
  return (this[offset] << 24) + this[offset + 1] * 0x10000 + this[offset + 2] * 0x100 + this[offset + 3];
}

function readUnsigned(buf, offset, n, littleEndian) {
  checkBounds(buf, offset, n);
  let val = 0;
  if (littleEndian) {
    for (let i = n - 1; i >= 0; i--) val = val * 256 + buf[offset + i];
  } else {
    for (let i = 0; i < n; i++) val = val * 256 + buf[offset + i];
  }
  return val;
}

function readSigned(buf, offset, n, littleEndian) {
  const val = readUnsigned(buf, offset, n, littleEndian);
  const limit = 2 ** (8 * n - 1);
  return val >= limit ? val - 2 * limit : val;
}

function readByteLength(fn, signed, littleEndian) {
  return function (offset, byteLength) {
    if (offset === undefined) throw argTypeError('offset', 'number', offset);
    if (byteLength === 1 || byteLength === 2 || byteLength === 4) {
      return fn[byteLength].call(this, offset);
    }
    if (byteLength === 3 || byteLength === 5 || byteLength === 6) {
      return (signed ? readSigned : readUnsigned)(this, offset, byteLength, littleEndian);
    }
    return boundsError(byteLength, 6, 'byteLength');
  };
}

const readUIntLE = readByteLength({ 1: readUInt8, 2: readUInt16LE, 4: readUInt32LE }, false, true);
const readUIntBE = readByteLength({ 1: readUInt8, 2: readUInt16BE, 4: readUInt32BE }, false, false);
const readIntLE = readByteLength({ 1: readInt8, 2: readInt16LE, 4: readInt32LE }, true, true);
const readIntBE = readByteLength({ 1: readInt8, 2: readInt16BE, 4: readInt32BE }, true, false);

function readBigUInt64LE(offset = 0) {
  checkBounds(this, offset, 8);
  const lo = this[offset] + this[offset + 1] * 0x100 + this[offset + 2] * 0x10000 + this[offset + 3] * 0x1000000;
  const hi = this[offset + 4] + this[offset + 5] * 0x100 + this[offset + 6] * 0x10000 + this[offset + 7] * 0x1000000;
  return BigInt(lo) + (BigInt(hi) << 32n);
}

function readBigUInt64BE(offset = 0) {
  checkBounds(this, offset, 8);
  const hi = this[offset] * 0x1000000 + this[offset + 1] * 0x10000 + this[offset + 2] * 0x100 + this[offset + 3];
  const lo = this[offset + 4] * 0x1000000 + this[offset + 5] * 0x10000 + this[offset + 6] * 0x100 + this[offset + 7];
  return (BigInt(hi) << 32n) + BigInt(lo);
}

function readBigInt64LE(offset = 0) {
  checkBounds(this, offset, 8);
  const hi = this[offset + 4] + this[offset + 5] * 0x100 + this[offset + 6] * 0x10000 + (this[offset + 7] << 24);
  const lo = this[offset] + this[offset + 1] * 0x100 + this[offset + 2] * 0x10000 + this[offset + 3] * 0x1000000;
  return (BigInt(hi) << 32n) + BigInt(lo);
}

function readBigInt64BE(offset = 0) {
  checkBounds(this, offset, 8);
  const hi = (this[offset] << 24) + this[offset + 1] * 0x10000 + this[offset + 2] * 0x100 + this[offset + 3];
  const lo = this[offset + 4] * 0x1000000 + this[offset + 5] * 0x10000 + this[offset + 6] * 0x100 + this[offset + 7];
  return (BigInt(hi) << 32n) + BigInt(lo);
}

const float32 = new Float32Array(1);
const float32Bytes = new Uint8Array(float32.buffer);
const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);
float32[0] = -1;
const hostBigEndian = float32Bytes[3] === 0;

/** Copies n bytes between buf[offset..] and scratch, reversing them when `reverse`. */
function readFloatBytes(buf, offset, scratch, n, reverse) {
  checkBounds(buf, offset, n);
  for (let i = 0; i < n; i++) scratch[reverse ? n - 1 - i : i] = buf[offset + i];
}

function readFloatLE(offset = 0) {
  readFloatBytes(this, offset, float32Bytes, 4, hostBigEndian);
  return float32[0];
}

function readFloatBE(offset = 0) {
  readFloatBytes(this, offset, float32Bytes, 4, !hostBigEndian);
  return float32[0];
}

function readDoubleLE(offset = 0) {
  readFloatBytes(this, offset, float64Bytes, 8, hostBigEndian);
  return float64[0];
}

function readDoubleBE(offset = 0) {
  readFloatBytes(this, offset, float64Bytes, 8, !hostBigEndian);
  return float64[0];
}

// Writes.

function writeU_Int8(buf, value, offset, min, max) {
  value = +value;
  validateNumber(offset, 'offset');
  if (value > max || value < min) throw outOfRangeError('value', `>= ${min} and <= ${max}`, value);
  if (buf[offset] === undefined) boundsError(offset, buf.length - 1);
  buf[offset] = value;
  return offset + 1;
}

/** Writes an integer of n (2..6) bytes; value already range-checked as a number. */
function writeInteger(buf, value, offset, n, min, max, littleEndian) {
  value = +value;
  checkInt(value, min, max, buf, offset, n);
  // Low 32 bits by shifts, the rest (5 and 6 bytes) by division, as Node does.
  let low = value;
  let high = n > 4 ? Math.floor(value * 2 ** -32) : 0;
  for (let i = 0; i < n; i++) {
    const pos = littleEndian ? offset + i : offset + n - 1 - i;
    if (i < 4) {
      buf[pos] = low;
      low = low >>> 8;
    } else {
      buf[pos] = high;
      high = high >>> 8;
    }
  }
  return offset + n;
}

function writeUInt8(value, offset = 0) {
  return writeU_Int8(this, value, offset, 0, 0xff);
}

function writeInt8(value, offset = 0) {
  return writeU_Int8(this, value, offset, -0x80, 0x7f);
}

function writeUInt16LE(value, offset = 0) {
  return writeInteger(this, value, offset, 2, 0, 0xffff, true);
}

function writeUInt16BE(value, offset = 0) {
  return writeInteger(this, value, offset, 2, 0, 0xffff, false);
}

function writeInt16LE(value, offset = 0) {
  return writeInteger(this, value, offset, 2, -0x8000, 0x7fff, true);
}

function writeInt16BE(value, offset = 0) {
  return writeInteger(this, value, offset, 2, -0x8000, 0x7fff, false);
}

function writeUInt32LE(value, offset = 0) {
  return writeInteger(this, value, offset, 4, 0, 0xffffffff, true);
}

function writeUInt32BE(value, offset = 0) {
  return writeInteger(this, value, offset, 4, 0, 0xffffffff, false);
}

function writeInt32LE(value, offset = 0) {
  return writeInteger(this, value, offset, 4, -0x80000000, 0x7fffffff, true);
}

function writeInt32BE(value, offset = 0) {
  return writeInteger(this, value, offset, 4, -0x80000000, 0x7fffffff, false);
}

function writeByteLength(signed, littleEndian) {
  return function (value, offset, byteLength) {
    if (byteLength === 1) {
      return signed ? writeU_Int8(this, value, offset, -0x80, 0x7f) : writeU_Int8(this, value, offset, 0, 0xff);
    }
    if (byteLength >= 2 && byteLength <= 6 && Number.isInteger(byteLength)) {
      const bits = 8 * byteLength;
      const min = signed ? -(2 ** (bits - 1)) : 0;
      const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
      return writeInteger(this, value, offset, byteLength, min, max, littleEndian);
    }
    return boundsError(byteLength, 6, 'byteLength');
  };
}

function writeBigU_Int64(buf, value, offset, min, max, littleEndian) {
  checkInt(value, min, max, buf, offset, 8);
  let lo = Number(value & 0xffffffffn);
  let hi = Number(value >> 32n & 0xffffffffn);
  for (let i = 0; i < 4; i++) {
    buf[littleEndian ? offset + i : offset + 7 - i] = lo;
    lo = lo >> 8;
  }
  for (let i = 4; i < 8; i++) {
    buf[littleEndian ? offset + i : offset + 7 - i] = hi;
    hi = hi >> 8;
  }
  return offset + 8;
}

function writeBigUInt64LE(value, offset = 0) {
  return writeBigU_Int64(this, value, offset, 0n, 0xffffffffffffffffn, true);
}

function writeBigUInt64BE(value, offset = 0) {
  return writeBigU_Int64(this, value, offset, 0n, 0xffffffffffffffffn, false);
}

function writeBigInt64LE(value, offset = 0) {
  return writeBigU_Int64(this, value, offset, -0x8000000000000000n, 0x7fffffffffffffffn, true);
}

function writeBigInt64BE(value, offset = 0) {
  return writeBigU_Int64(this, value, offset, -0x8000000000000000n, 0x7fffffffffffffffn, false);
}

function writeFloatBytes(buf, offset, scratch, n, reverse) {
  for (let i = 0; i < n; i++) buf[offset + i] = scratch[reverse ? n - 1 - i : i];
  return offset + n;
}

function writeFloatLE(value, offset = 0) {
  value = +value;
  checkBounds(this, offset, 4);
  float32[0] = value;
  return writeFloatBytes(this, offset, float32Bytes, 4, hostBigEndian);
}

function writeFloatBE(value, offset = 0) {
  value = +value;
  checkBounds(this, offset, 4);
  float32[0] = value;
  return writeFloatBytes(this, offset, float32Bytes, 4, !hostBigEndian);
}

function writeDoubleLE(value, offset = 0) {
  value = +value;
  checkBounds(this, offset, 8);
  float64[0] = value;
  return writeFloatBytes(this, offset, float64Bytes, 8, hostBigEndian);
}

function writeDoubleBE(value, offset = 0) {
  value = +value;
  checkBounds(this, offset, 8);
  float64[0] = value;
  return writeFloatBytes(this, offset, float64Bytes, 8, !hostBigEndian);
}

const numberMethods = {
  readUInt8, readUInt16LE, readUInt16BE, readUInt32LE, readUInt32BE, readUIntLE, readUIntBE,
  readInt8, readInt16LE, readInt16BE, readInt32LE, readInt32BE, readIntLE, readIntBE,
  readBigUInt64LE, readBigUInt64BE, readBigInt64LE, readBigInt64BE,
  readFloatLE, readFloatBE, readDoubleLE, readDoubleBE,
  writeUInt8, writeUInt16LE, writeUInt16BE, writeUInt32LE, writeUInt32BE,
  writeUIntLE: writeByteLength(false, true), writeUIntBE: writeByteLength(false, false),
  writeInt8, writeInt16LE, writeInt16BE, writeInt32LE, writeInt32BE,
  writeIntLE: writeByteLength(true, true), writeIntBE: writeByteLength(true, false),
  writeBigUInt64LE, writeBigUInt64BE, writeBigInt64LE, writeBigInt64BE,
  writeFloatLE, writeFloatBE, writeDoubleLE, writeDoubleBE,
};
for (const [name, fn] of Object.entries(numberMethods)) {
  proto[name] = fn;
  if (name.includes('UInt')) proto[name.replace('UInt', 'Uint')] = fn;
}

// ---------------------------------------------------------------------------------------------
// Module functions.

function domException(message, name) {
  const DOMException = globalThis.DOMException;
  if (typeof DOMException === 'function') return new DOMException(message, name);
  const err = new Error(message);
  Object.defineProperty(err, 'name', { value: name, configurable: true, writable: true });
  Object.defineProperty(err, 'code', { value: 5, configurable: true, writable: true }); // InvalidCharacterError
  return err;
}

function missingArgs(name) {
  return makeError(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`);
}

function btoa(input) {
  if (arguments.length === 0) throw missingArgs('input');
  input = `${input}`;
  for (let i = 0; i < input.length; i++) {
    if (input.charCodeAt(i) > 0xff) throw domException('Invalid character', 'InvalidCharacterError');
  }
  const bytes = new Uint8Array(input.length);
  codecs.latin1Write(input, bytes, 0, bytes.length);
  return codecs.base64Encode(bytes, 0, bytes.length);
}

function atob(input) {
  if (arguments.length === 0) throw missingArgs('input');
  input = `${input}`.replace(/[\t\n\f\r ]+/g, '');
  if (input.length % 4 === 0) {
    if (input.endsWith('==')) input = input.slice(0, -2);
    else if (input.endsWith('=')) input = input.slice(0, -1);
  }
  if (/[^A-Za-z0-9+/]/.test(input)) throw domException('Invalid character', 'InvalidCharacterError');
  if (input.length % 4 === 1) {
    throw domException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
  }
  const bytes = new Uint8Array((input.length * 3) >>> 2);
  const n = codecs.base64Write(input, bytes, 0, bytes.length);
  return codecs.latin1Decode(bytes, 0, n);
}

function isUtf8(input) {
  if (isTypedArray(input)) return codecs.utf8Validate(bytesOf(input), 0, input.byteLength);
  if (isAnyArrayBuffer(input)) return codecs.utf8Validate(new Uint8Array(input), 0, input.byteLength);
  throw argTypeError('input', ['ArrayBuffer', 'Buffer', 'TypedArray'], input);
}

function isAscii(input) {
  let bytes;
  if (isTypedArray(input)) bytes = bytesOf(input);
  else if (isAnyArrayBuffer(input)) bytes = new Uint8Array(input);
  else throw argTypeError('input', ['ArrayBuffer', 'Buffer', 'TypedArray'], input);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

function transcodeError(code, errno) {
  const err = new Error(`Unable to transcode Buffer [${code}]`);
  err.code = code;
  err.errno = errno;
  return err;
}

/** Encodes a string for transcode(): characters the target cannot hold become '?'. */
function transcodeEncode(str, encoding) {
  if (encoding === 'utf8') return codecs.utf8Encode(str);
  if (encoding === 'utf16le') {
    const out = new Uint8Array(str.length * 2);
    codecs.utf16leWrite(str, out, 0, out.length);
    return out;
  }
  const limit = encoding === 'ascii' ? 0x7f : 0xff;
  const out = [];
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c <= limit) {
      out.push(c);
    } else {
      out.push(0x3f);
      const d = str.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return Uint8Array.from(out);
}

function transcode(source, fromEncoding, toEncoding) {
  if (!isUint8Array(source)) throw argTypeError('source', ['Buffer', 'Uint8Array'], source);
  if (source.length === 0) return Buffer.alloc(0);
  const from = normalizeEncoding(fromEncoding) || fromEncoding;
  const to = normalizeEncoding(toEncoding) || toEncoding;
  const supported = ['utf8', 'utf16le', 'latin1', 'ascii'];
  if (!supported.includes(from) || !supported.includes(to)) throw transcodeError('U_ILLEGAL_ARGUMENT_ERROR', 1);
  let str;
  if (from === 'utf8') {
    if (to === 'utf16le' && !codecs.utf8Validate(source, 0, source.length)) {
      throw transcodeError('U_INVALID_CHAR_FOUND', 10);
    }
    str = codecs.utf8Decode(source, 0, source.length);
  } else if (from === 'utf16le') {
    if (to === 'utf16le') {
      str = codecs.utf16Decode(source, 0, source.length, false, false);
    } else {
      str = codecs.utf16leDecode(source, 0, source.length);
      if (to === 'utf8' && /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(str)) {
        throw transcodeError('U_INVALID_CHAR_FOUND', 10);
      }
    }
  } else if (from === 'latin1') {
    str = codecs.latin1Decode(source, 0, source.length);
  } else {
    str = codecs.asciiDecode(source, 0, source.length);
    let replaced = '';
    for (let i = 0; i < source.length; i++) replaced += source[i] < 0x80 ? str[i] : '\ufffd';
    str = replaced;
  }
  const bytes = transcodeEncode(str, to);
  return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** No blob: URLs are ever registered here (URL.createObjectURL is not supported). */
function resolveObjectURL(url) {
  url = `${url}`;
  return undefined;
}

const constants = Object.defineProperties({}, {
  MAX_LENGTH: { value: kMaxLength, writable: false, enumerable: true },
  MAX_STRING_LENGTH: { value: kStringMaxLength, writable: false, enumerable: true },
});

module.exports = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
};

Object.defineProperties(module.exports, {
  constants: { configurable: false, enumerable: true, value: constants },
  INSPECT_MAX_BYTES: {
    configurable: true,
    enumerable: true,
    get() { return INSPECT_MAX_BYTES; },
    set(val) {
      validateNumber(val, 'INSPECT_MAX_BYTES', 0);
      INSPECT_MAX_BYTES = val;
    },
  },
  Blob: { configurable: true, enumerable: true, get() { return globalThis.Blob; } },
  resolveObjectURL: { configurable: true, enumerable: true, writable: true, value: resolveObjectURL },
  File: { configurable: true, enumerable: true, get() { return globalThis.File; } },
  // For the bootstrap (and the host harness): the globals this module defines.
  globals: { configurable: true, enumerable: false, value: { Buffer, atob, btoa } },
});
