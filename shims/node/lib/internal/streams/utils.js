'use strict';
// Shared pieces of the stream implementation: Node's stream errors, argument checks, scheduling,
// the lazily loaded Buffer/StringDecoder, highWaterMark defaults and the duck-typed predicates
// Node uses to recognise streams (isReadableNodeStream, isFinished, willEmitClose...).

const {
  nodeError, invalidArgType: errInvalidArgType, invalidArgValue: errInvalidArgValue, outOfRange: errOutOfRange,
  missingArgs: errMissingArgs,
} = require('internal/errors');

// ---------------------------------------------------------------------------------------------
// Scheduling: process.nextTick when the runtime has it, else a microtask.

function nextTick(fn, ...args) {
  const proc = globalThis.process;
  if (proc && typeof proc.nextTick === 'function') {
    proc.nextTick(fn, ...args);
  } else {
    Promise.resolve().then(() => fn(...args));
  }
}

// ---------------------------------------------------------------------------------------------
// Errors, with Node's codes and messages.

const codes = {
  ERR_METHOD_NOT_IMPLEMENTED: (method) => nodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${method} method is not implemented`),
  ERR_MULTIPLE_CALLBACK: () => nodeError(Error, 'ERR_MULTIPLE_CALLBACK', 'Callback called multiple times'),
  ERR_STREAM_ALREADY_FINISHED: (name) => nodeError(Error, 'ERR_STREAM_ALREADY_FINISHED', `Cannot call ${name} after a stream was finished`),
  ERR_STREAM_CANNOT_PIPE: () => nodeError(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable'),
  ERR_STREAM_DESTROYED: (name) => nodeError(Error, 'ERR_STREAM_DESTROYED', `Cannot call ${name} after a stream was destroyed`),
  ERR_STREAM_NULL_VALUES: () => nodeError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream'),
  ERR_STREAM_PREMATURE_CLOSE: () => nodeError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'),
  ERR_STREAM_PUSH_AFTER_EOF: () => nodeError(Error, 'ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF'),
  ERR_STREAM_UNSHIFT_AFTER_END_EVENT: () => nodeError(Error, 'ERR_STREAM_UNSHIFT_AFTER_END_EVENT', 'stream.unshift() after end event'),
  ERR_STREAM_WRITE_AFTER_END: () => nodeError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end'),
  ERR_UNKNOWN_ENCODING: (enc) => nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`),
  ERR_ILLEGAL_CONSTRUCTOR: () => nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor'),
  ERR_INVALID_RETURN_VALUE: (input, name, value) => {
    let type;
    if (value && value.constructor && value.constructor.name) type = `instance of ${value.constructor.name}`;
    else type = `type ${typeof value}`;
    return nodeError(TypeError, 'ERR_INVALID_RETURN_VALUE', `Expected ${input} to be returned from the "${name}" function but got ${type}.`);
  },
  ERR_INVALID_ARG_TYPE: errInvalidArgType,
  ERR_INVALID_ARG_VALUE: errInvalidArgValue,
  ERR_OUT_OF_RANGE: errOutOfRange,
  ERR_MISSING_ARGS: errMissingArgs,
};

class AbortError extends Error {
  constructor(message = 'The operation was aborted', options = undefined) {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw errInvalidArgType('options', 'Object', options);
    }
    super(message, options);
    this.code = 'ABORT_ERR';
    this.name = 'AbortError';
  }
}

/** Node's aggregateTwoErrors: both errors survive in an AggregateError (or outer.errors). */
function aggregateTwoErrors(innerError, outerError) {
  if (innerError && outerError && innerError !== outerError) {
    if (Array.isArray(outerError.errors)) {
      outerError.errors.push(innerError);
      return outerError;
    }
    const err = new AggregateError([outerError, innerError], outerError.message);
    err.code = outerError.code;
    return err;
  }
  return innerError || outerError;
}

// ---------------------------------------------------------------------------------------------
// Argument checks.

function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errInvalidArgType(name, 'Object', value);
  }
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw errInvalidArgType(name, 'Function', value);
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw errInvalidArgType(name, 'boolean', value);
}

function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw errInvalidArgType(name, 'AbortSignal', signal);
  }
}

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw errInvalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw errOutOfRange(name, 'an integer', value);
  if (value < min || value > max) throw errOutOfRange(name, `>= ${min} && <= ${max}`, value);
}

function once(callback) {
  let called = false;
  return function (...args) {
    if (called) return;
    called = true;
    return Reflect.apply(callback, this, args);
  };
}

// ---------------------------------------------------------------------------------------------
// Buffer and StringDecoder, loaded on first use (other builtins: may be absent while the shim is
// being written; streams then keep strings and Uint8Arrays as they are).

let BufferClass;
function getBuffer() {
  if (BufferClass === undefined) {
    try {
      const mod = require('buffer');
      BufferClass = mod && typeof mod.Buffer === 'function' ? mod.Buffer : null;
    } catch {
      BufferClass = null;
    }
  }
  return BufferClass;
}

let StringDecoderClass;
function getStringDecoder() {
  if (StringDecoderClass === undefined) {
    const mod = require('string_decoder');
    StringDecoderClass = mod.StringDecoder;
  }
  return StringDecoderClass;
}

const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;

function isUint8Array(value) {
  return ArrayBuffer.isView(value) && typedArrayTag.call(value) === 'Uint8Array';
}

function isArrayBufferView(value) {
  return ArrayBuffer.isView(value);
}

function isBuffer(value) {
  const B = getBuffer();
  return B ? value instanceof B : false;
}

/** A Buffer over the same memory as a view (Node's _uint8ArrayToBuffer). */
function uint8ArrayToBuffer(chunk) {
  const B = getBuffer();
  return B ? B.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

const knownEncodings = new Set(['utf8', 'utf-8', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le', 'latin1', 'binary',
  'base64', 'base64url', 'hex', 'ascii']);

function isEncoding(enc) {
  const B = getBuffer();
  if (B && typeof B.isEncoding === 'function') return B.isEncoding(enc);
  return typeof enc === 'string' && knownEncodings.has(enc.toLowerCase());
}

function bufferFromString(str, encoding) {
  const B = getBuffer();
  return B ? B.from(str, encoding) : str;
}

function emptyBuffer() {
  const B = getBuffer();
  return B ? B.alloc(0) : new Uint8Array(0);
}

function allocBytes(n) {
  const B = getBuffer();
  return B ? B.allocUnsafe(n) : new Uint8Array(n);
}

function sliceBytes(chunk, start, end) {
  // A view over the same memory (a Buffer's subarray is a Buffer), or a substring.
  return typeof chunk === 'string' ? chunk.slice(start, end) : chunk.subarray(start, end);
}

// ---------------------------------------------------------------------------------------------
// highWaterMark.

let defaultHighWaterMarkBytes = 16 * 1024;
let defaultHighWaterMarkObjectMode = 16;

function getDefaultHighWaterMark(objectMode) {
  return objectMode ? defaultHighWaterMarkObjectMode : defaultHighWaterMarkBytes;
}

function setDefaultHighWaterMark(objectMode, value) {
  validateInteger(value, 'value', 0);
  if (objectMode) defaultHighWaterMarkObjectMode = value;
  else defaultHighWaterMarkBytes = value;
}

function getHighWaterMark(objectMode, options, duplexKey, isDuplex) {
  let hwm = options.highWaterMark;
  if (hwm == null && isDuplex) hwm = options[duplexKey];
  if (hwm != null) {
    if (!Number.isInteger(hwm) || hwm < 0) {
      const name = isDuplex ? `options.${duplexKey}` : 'options.highWaterMark';
      throw errInvalidArgValue(name, hwm);
    }
    return Math.floor(hwm);
  }
  return getDefaultHighWaterMark(objectMode);
}

// ---------------------------------------------------------------------------------------------
// What Node recognises as a stream, and in which state it is.

const kIsDestroyed = Symbol.for('nodejs.stream.destroyed');
const kIsErrored = Symbol('kIsErrored');
const kIsReadable = Symbol('kIsReadable');
const kIsWritable = Symbol('kIsWritable');
const kIsDisturbed = Symbol('kIsDisturbed');

function isReadableNodeStream(obj, strict = false) {
  return !!(
    obj &&
    typeof obj.pipe === 'function' &&
    typeof obj.on === 'function' &&
    (!strict || (typeof obj.pause === 'function' && typeof obj.resume === 'function')) &&
    (!obj._writableState || (obj._readableState && obj._readableState.readable !== false)) &&
    (!obj._writableState || obj._readableState)
  );
}

function isWritableNodeStream(obj) {
  return !!(
    obj &&
    typeof obj.write === 'function' &&
    typeof obj.on === 'function' &&
    (!obj._readableState || (obj._writableState && obj._writableState.writable !== false))
  );
}

function isDuplexNodeStream(obj) {
  return !!(
    obj &&
    typeof obj.pipe === 'function' && obj._readableState &&
    typeof obj.on === 'function' &&
    typeof obj.write === 'function'
  );
}

function isNodeStream(obj) {
  return !!(
    obj &&
    (
      obj._readableState ||
      obj._writableState ||
      (typeof obj.write === 'function' && typeof obj.on === 'function') ||
      (typeof obj.pipe === 'function' && typeof obj.on === 'function')
    )
  );
}

function isIterable(obj, isAsync) {
  if (obj == null) return false;
  if (isAsync === true) return typeof obj[Symbol.asyncIterator] === 'function';
  if (isAsync === false) return typeof obj[Symbol.iterator] === 'function';
  return typeof obj[Symbol.asyncIterator] === 'function' || typeof obj[Symbol.iterator] === 'function';
}

function isDestroyed(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return !!(stream.destroyed || stream[kIsDestroyed] || (state && state.destroyed));
}

function isWritableEnded(stream) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableEnded === true) return true;
  const wState = stream._writableState;
  if (wState && wState.errored) return false;
  if (!wState || typeof wState.ended !== 'boolean') return null;
  return wState.ended;
}

function isWritableFinished(stream, strict) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableFinished === true) return true;
  const wState = stream._writableState;
  if (wState && wState.errored) return false;
  if (!wState || typeof wState.finished !== 'boolean') return null;
  return !!(wState.finished || (strict === false && wState.ended === true && wState.length === 0));
}

function isReadableEnded(stream) {
  if (!isReadableNodeStream(stream)) return null;
  if (stream.readableEnded === true) return true;
  const rState = stream._readableState;
  if (!rState || rState.errored) return false;
  if (typeof rState.ended !== 'boolean') return null;
  return rState.ended;
}

function isReadableFinished(stream, strict) {
  if (!isReadableNodeStream(stream)) return null;
  const rState = stream._readableState;
  if (rState && rState.errored) return false;
  if (!rState || typeof rState.endEmitted !== 'boolean') return null;
  return !!(rState.endEmitted || (strict === false && rState.ended === true && rState.length === 0));
}

function isReadable(stream) {
  if (stream && stream[kIsReadable] != null) return stream[kIsReadable];
  if (!stream || typeof stream.readable !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isReadableNodeStream(stream) && stream.readable && !isReadableFinished(stream);
}

function isWritable(stream) {
  if (stream && stream[kIsWritable] != null) return stream[kIsWritable];
  if (!stream || typeof stream.writable !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isWritableNodeStream(stream) && stream.writable && !isWritableEnded(stream);
}

function isFinished(stream, opts) {
  if (!isNodeStream(stream)) return null;
  if (isDestroyed(stream)) return true;
  if ((!opts || opts.readable !== false) && isReadable(stream)) return false;
  if ((!opts || opts.writable !== false) && isWritable(stream)) return false;
  return true;
}

function isWritableErrored(stream) {
  if (!isNodeStream(stream)) return null;
  if (stream.writableErrored) return stream.writableErrored;
  const wState = stream._writableState;
  return (wState && wState.errored) ?? null;
}

function isReadableErrored(stream) {
  if (!isNodeStream(stream)) return null;
  if (stream.readableErrored) return stream.readableErrored;
  const rState = stream._readableState;
  return (rState && rState.errored) ?? null;
}

function isClosed(stream) {
  if (!isNodeStream(stream)) return null;
  if (typeof stream.closed === 'boolean') return stream.closed;
  const wState = stream._writableState;
  const rState = stream._readableState;
  if (typeof (wState && wState.closed) === 'boolean' || typeof (rState && rState.closed) === 'boolean') {
    return (wState && wState.closed) || (rState && rState.closed);
  }
  if (typeof stream._closed === 'boolean' && isOutgoingMessage(stream)) return stream._closed;
  return null;
}

function isOutgoingMessage(stream) {
  return (
    typeof stream._closed === 'boolean' &&
    typeof stream._defaultKeepAlive === 'boolean' &&
    typeof stream._removedConnection === 'boolean' &&
    typeof stream._removedContLen === 'boolean'
  );
}

function isServerResponse(stream) {
  return typeof stream._sent100 === 'boolean' && isOutgoingMessage(stream);
}

function isServerRequest(stream) {
  return (
    typeof stream._consuming === 'boolean' &&
    typeof stream._dumped === 'boolean' &&
    (stream.req == null || stream.req.upgradeOrConnect === undefined)
  );
}

function willEmitClose(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return (!state && isServerResponse(stream)) || !!(state && state.autoDestroy && state.emitClose && state.closed === false);
}

function isDisturbed(stream) {
  return !!(stream && (stream[kIsDisturbed] ?? (stream.readableDidRead || stream.readableAborted)));
}

function isErrored(stream) {
  return !!(stream && (
    stream[kIsErrored] ??
    stream.readableErrored ??
    stream.writableErrored ??
    (stream._readableState && stream._readableState.errorEmitted) ??
    (stream._writableState && stream._writableState.errorEmitted) ??
    (stream._readableState && stream._readableState.errored) ??
    (stream._writableState && stream._writableState.errored)
  ));
}

module.exports = {
  nextTick,
  codes,
  AbortError,
  aggregateTwoErrors,
  validateObject,
  validateFunction,
  validateBoolean,
  validateAbortSignal,
  validateInteger,
  once,
  getBuffer,
  getStringDecoder,
  isUint8Array,
  isArrayBufferView,
  isBuffer,
  uint8ArrayToBuffer,
  isEncoding,
  bufferFromString,
  emptyBuffer,
  allocBytes,
  sliceBytes,
  getDefaultHighWaterMark,
  setDefaultHighWaterMark,
  getHighWaterMark,
  kIsDestroyed,
  kIsErrored,
  kIsReadable,
  kIsWritable,
  kIsDisturbed,
  isReadableNodeStream,
  isWritableNodeStream,
  isDuplexNodeStream,
  isNodeStream,
  isIterable,
  isDestroyed,
  isWritableEnded,
  isWritableFinished,
  isReadableEnded,
  isReadableFinished,
  isReadable,
  isWritable,
  isFinished,
  isWritableErrored,
  isReadableErrored,
  isClosed,
  isServerRequest,
  isServerResponse,
  willEmitClose,
  isDisturbed,
  isErrored,
};
