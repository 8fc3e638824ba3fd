'use strict';
// Node's zlib: deflate/inflate, gzip/gunzip, raw deflate and unzip, as Sync calls, callbacks,
// promises-free callbacks and Transform streams, computed natively (flate2).
//
// Not supported yet: brotli, `flush()` of partial output (a stream's output comes when its
// input ends), dictionaries, windowBits/memLevel/strategy (ignored).

const { op, OP, take } = require('internal/io');
const { nodeError } = require('internal/errors');

const MODES = { deflate: 0, inflate: 1, gzip: 2, gunzip: 3, deflateRaw: 4, inflateRaw: 5, unzip: 6 };

const constants = {
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6, Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1,
  Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1, Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3,
  Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0, ZLIB_VERNUM: 4865, DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4,
  DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7, Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15,
  Z_DEFAULT_WINDOWBITS: 15, Z_MIN_CHUNK: 64, Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384,
  Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9, Z_DEFAULT_MEMLEVEL: 8, Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9,
  Z_DEFAULT_LEVEL: -1,
};

function input(data) {
  if (typeof data === 'string') return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw require('internal/errors').invalidArgType('buffer', ['string', 'an instance of Buffer', 'TypedArray', 'DataView', 'ArrayBuffer'], data);
}

function run(mode, data, options) {
  const bytes = input(data);
  const level = options && options.level !== undefined ? options.level : -1;
  const n = op(OP.ZLIB, MODES[mode], level, 0, bytes.length > 0 ? bytes : new Uint8Array(0));
  if (n < 0) {
    const decompress = mode === 'inflate' || mode === 'gunzip' || mode === 'inflateRaw' || mode === 'unzip';
    const err = nodeError(Error, decompress ? 'Z_DATA_ERROR' : 'Z_STREAM_ERROR', decompress ? 'incorrect header check' : 'compression failed');
    err.errno = decompress ? -3 : -2;
    throw err;
  }
  const out = take(n);
  return Buffer.from(out.buffer, out.byteOffset, out.length);
}

class ZlibStream extends require('stream').Transform {
  constructor(mode, options) {
    super(options);
    this._mode = mode;
    this._options = options || {};
    this._chunks = [];
    this.bytesWritten = 0;
  }

  _transform(chunk, encoding, callback) {
    const bytes = input(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    this._chunks.push(Buffer.from(bytes));
    this.bytesWritten += bytes.length;
    callback();
  }

  _flush(callback) {
    try {
      const out = run(this._mode, Buffer.concat(this._chunks), this._options);
      this._chunks = [];
      for (let at = 0; at < out.length; at += 65536) this.push(out.subarray(at, at + 65536));
      callback();
    } catch (err) {
      callback(err);
    }
  }

  close(callback) {
    if (callback) process.nextTick(callback);
    this.destroy();
  }
}

const zlib = { constants, codes: { Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6 } };
Object.assign(zlib, constants);
const NAMES = { deflate: 'Deflate', inflate: 'Inflate', gzip: 'Gzip', gunzip: 'Gunzip', deflateRaw: 'DeflateRaw', inflateRaw: 'InflateRaw', unzip: 'Unzip' };
for (const [mode, Name] of Object.entries(NAMES)) {
  zlib[`${mode}Sync`] = (data, options) => run(mode, data, options);
  zlib[mode] = (data, options, callback) => {
    if (typeof options === 'function') [callback, options] = [options, {}];
    let result;
    let error = null;
    try {
      result = run(mode, data, options);
    } catch (err) {
      error = err;
    }
    process.nextTick(() => (error ? callback(error) : callback(null, result)));
  };
  const Class = class extends ZlibStream {
    constructor(options) {
      super(mode, options);
    }
  };
  Object.defineProperty(Class, 'name', { value: Name });
  zlib[Name] = Class;
  zlib[`create${Name}`] = (options) => new Class(options);
}
const brotli = () => {
  throw nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'brotli is not supported in Burrow yet');
};
for (const name of ['brotliCompress', 'brotliCompressSync', 'brotliDecompress', 'brotliDecompressSync', 'createBrotliCompress', 'createBrotliDecompress']) zlib[name] = brotli;


module.exports = zlib;
