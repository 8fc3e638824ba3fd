'use strict';
// Node's crypto, the parts agents use: random bytes and UUIDs (from the kernel's random
// source), hashes (md5, sha1, sha224, sha256, sha384, sha512) and HMACs computed natively, and
// timingSafeEqual.
//
// Not supported yet: ciphers, key pairs, signing, scrypt/pbkdf2, webcrypto.subtle; each throws
// ERR_FEATURE_UNAVAILABLE_ON_PLATFORM naming itself.

const { op, OP, take, check, utf8Encode } = require('internal/io');
const { invalidArgType, nodeError } = require('internal/errors');

const ALGORITHMS = { md5: 0, sha1: 1, sha256: 2, sha512: 3, sha384: 4, sha224: 5 };

function algorithmOf(name) {
  const id = ALGORITHMS[String(name).toLowerCase().replace(/^rsa-/, '').replace('sha-', 'sha')];
  if (id === undefined) throw nodeError(Error, 'ERR_OSSL_EVP_UNSUPPORTED', `Digest method not supported`);
  return id;
}

function bytesOf(data, encoding, name = 'data') {
  if (typeof data === 'string') return encoding && encoding !== 'utf8' && encoding !== 'utf-8' ? Buffer.from(data, encoding) : utf8Encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw invalidArgType(name, ['string', 'an instance of Buffer', 'TypedArray', 'DataView'], data);
}

function concat(chunks, total, prefix) {
  const out = new Uint8Array(prefix.length + total);
  out.set(prefix);
  let at = prefix.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function output(bytes, encoding) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return encoding && encoding !== 'buffer' ? buf.toString(encoding) : buf;
}

class Hash {
  constructor(algorithm, key) {
    this._algorithm = algorithmOf(algorithm);
    this._key = key;
    this._chunks = [];
    this._total = 0;
    this._done = false;
  }

  update(data, encoding) {
    if (this._done) throw nodeError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
    const bytes = bytesOf(data, encoding);
    this._chunks.push(bytes.slice());
    this._total += bytes.length;
    return this;
  }

  digest(encoding) {
    if (this._done) throw nodeError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
    this._done = true;
    const key = this._key || new Uint8Array(0);
    const buf = concat(this._chunks, this._total, key);
    const n = check(op(OP.HASH, this._algorithm, this._key ? key.length : -1, 0, buf), 'digest');
    return output(take(n), encoding);
  }

  copy() {
    const h = new Hash(Object.keys(ALGORITHMS).find((k) => ALGORITHMS[k] === this._algorithm), this._key);
    h._chunks = this._chunks.slice();
    h._total = this._total;
    return h;
  }
}

function createHash(algorithm) {
  return new Hash(algorithm, null);
}

function createHmac(algorithm, key, options) {
  const k = key && typeof key === 'object' && key.export ? key.export() : key;
  return new Hash(algorithm, bytesOf(k, options && options.encoding, 'key').slice());
}

function hash(algorithm, data, encoding = 'hex') {
  return createHash(algorithm).update(data).digest(encoding);
}

function randomFill(bytes) {
  check(op(OP.RANDOM, 0, 0, 0, bytes), 'getrandom');
  return bytes;
}

function randomBytes(size, callback) {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw invalidArgType('size', 'number', size);
  const buf = Buffer.alloc(size);
  if (size > 0) randomFill(buf);
  if (typeof callback === 'function') {
    process.nextTick(callback, null, buf);
    return undefined;
  }
  return buf;
}

function getRandomValues(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
    const err = new TypeError("The data argument must be an integer-type TypedArray");
    err.name = 'TypeMismatchError';
    err.code = 17;
    throw err;
  }
  if (array.byteLength > 65536) {
    throw new (globalThis.DOMException || Error)(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`, 'QuotaExceededError');
  }
  randomFill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return array;
}

function randomUUID() {
  const b = randomFill(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function randomInt(min, max, callback) {
  if (max === undefined || typeof max === 'function') [min, max, callback] = [0, min, max];
  const range = max - min;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || range <= 0 || range > 2 ** 48) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
  }
  const b = new Uint8Array(6);
  const limit = 2 ** 48 - (2 ** 48 % range);
  let x;
  do {
    randomFill(b);
    x = b.reduce((acc, byte) => acc * 256 + byte, 0);
  } while (x >= limit);
  const value = min + (x % range);
  if (typeof callback === 'function') {
    process.nextTick(callback, null, value);
    return undefined;
  }
  return value;
}

function timingSafeEqual(a, b) {
  const x = bytesOf(a, null, 'buf1');
  const y = bytesOf(b, null, 'buf2');
  if (x.length !== y.length) throw nodeError(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length');
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

function unavailable(name) {
  return () => {
    throw nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `crypto.${name} is not supported in Burrow yet`);
  };
}

const webcrypto = { getRandomValues, randomUUID, subtle: undefined };

module.exports = {
  createHash, createHmac, hash, randomBytes, randomFillSync: (buf) => (randomFill(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)), buf),
  randomFill: (buf, callback) => { randomFill(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)); process.nextTick(callback, null, buf); },
  randomUUID, randomInt, getRandomValues, timingSafeEqual, webcrypto, Hash, Hmac: Hash,
  getHashes: () => Object.keys(ALGORITHMS).sort(),
  getCiphers: () => [],
  createCipheriv: unavailable('createCipheriv'), createDecipheriv: unavailable('createDecipheriv'),
  createSign: unavailable('createSign'), createVerify: unavailable('createVerify'),
  generateKeyPairSync: unavailable('generateKeyPairSync'), generateKeyPair: unavailable('generateKeyPair'),
  pbkdf2Sync: unavailable('pbkdf2Sync'), pbkdf2: unavailable('pbkdf2'), scryptSync: unavailable('scryptSync'), scrypt: unavailable('scrypt'),
  constants: {},
  globals: { crypto: webcrypto },
};
