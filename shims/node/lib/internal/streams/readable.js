'use strict';
// stream.Readable, following Node 20's algorithm step for step (the order of 'data', 'readable',
// 'end', 'close' and the _read() calls is what programs observe), with plain state fields.

const {
  nextTick, codes, AbortError, aggregateTwoErrors, validateObject, getStringDecoder, getBuffer, isBuffer, isArrayBufferView,
  uint8ArrayToBuffer, isEncoding, bufferFromString, emptyBuffer, allocBytes, sliceBytes, getHighWaterMark,
  getDefaultHighWaterMark,
} = require('internal/streams/utils');
const { Stream, prependListener } = require('internal/streams/legacy');
const destroyImpl = require('internal/streams/destroy');
const { eos, addAbortSignalNoValidate } = require('internal/streams/end-of-stream');

const { errorOrDestroy } = destroyImpl;
const kPaused = Symbol('kPaused');
const captureRejectionSymbol = Symbol.for('nodejs.rejection');
const nop = () => {};

module.exports = Readable;
Readable.ReadableState = ReadableState;

Object.setPrototypeOf(Readable.prototype, Stream.prototype);
Object.setPrototypeOf(Readable, Stream);

function ReadableState(options, stream, isDuplex) {
  this.objectMode = !!(options && (options.objectMode || (isDuplex && options.readableObjectMode)));
  // 0 is valid: never call _read() ahead of a read().
  this.highWaterMark = options
    ? getHighWaterMark(this.objectMode, options, 'readableHighWaterMark', isDuplex)
    : getDefaultHighWaterMark(false);
  this.buffer = [];
  this.bufferIndex = 0;
  this.length = 0;
  this.pipes = [];
  this.flowing = null;
  this.ended = false;
  this.endEmitted = false;
  this.reading = false;
  // Async construction (_construct) is opt-in: a stream starts constructed.
  this.constructed = true;
  // True until the first read: 'readable'/'data' triggered meanwhile wait for a later tick.
  this.sync = true;
  this.needReadable = false;
  this.emittedReadable = false;
  this.readableListening = false;
  this.resumeScheduled = false;
  this[kPaused] = null;
  this.errorEmitted = false;
  this.emitClose = !(options && options.emitClose === false);
  this.autoDestroy = !(options && options.autoDestroy === false);
  this.destroyed = false;
  this.errored = null;
  this.closed = false;
  this.closeEmitted = false;
  const defaultEncoding = options ? options.defaultEncoding : undefined;
  if (defaultEncoding == null || defaultEncoding === 'utf8' || defaultEncoding === 'utf-8') {
    this.defaultEncoding = 'utf8';
  } else if (isEncoding(defaultEncoding)) {
    this.defaultEncoding = defaultEncoding;
  } else {
    throw codes.ERR_UNKNOWN_ENCODING(defaultEncoding);
  }
  // The piped destination(s) a 'drain' is awaited from: null, a Writable or a Set of them.
  this.awaitDrainWriters = null;
  this.multiAwaitDrain = false;
  this.readingMore = false;
  this.dataEmitted = false;
  this.dataListening = false;
  this.decoder = null;
  this.encoding = null;
  if (options && options.encoding) {
    const StringDecoder = getStringDecoder();
    this.decoder = new StringDecoder(options.encoding);
    this.encoding = options.encoding;
  }
}

Object.defineProperties(ReadableState.prototype, {
  pipesCount: {
    get() { return this.pipes.length; },
  },
  paused: {
    get() { return this[kPaused] === true; },
    set(value) { this[kPaused] = !!value; },
  },
});

ReadableState.prototype.onConstructed = function onConstructed(stream) {
  if (this.needReadable) maybeReadMore(stream, this);
};

function Readable(options) {
  if (!(this instanceof Readable)) return new Readable(options);

  this._readableState = new ReadableState(options, this, false);
  Stream.call(this, options);

  if (options) {
    if (typeof options.read === 'function') this._read = options.read;
    if (typeof options.destroy === 'function') this._destroy = options.destroy;
    if (typeof options.construct === 'function') this._construct = options.construct;
    if (options.signal) addAbortSignalNoValidate(options.signal, this);
  }

  if (this._construct != null) {
    destroyImpl.construct(this, () => {
      this._readableState.onConstructed(this);
    });
  }
}

Readable.prototype.destroy = destroyImpl.destroy;
Readable.prototype._undestroy = destroyImpl.undestroy;
Readable.prototype._destroy = function (err, cb) {
  cb(err);
};

Object.defineProperty(Readable.prototype, captureRejectionSymbol, {
  value(err) { this.destroy(err); },
  writable: true,
  configurable: true,
});

if (typeof Symbol.asyncDispose === 'symbol') {
  Object.defineProperty(Readable.prototype, Symbol.asyncDispose, {
    value() {
      let error;
      if (!this.destroyed) {
        error = this.readableEnded ? null : new AbortError();
        this.destroy(error);
      }
      return new Promise((resolve, reject) => eos(this, (err) => (err && err !== error ? reject(err) : resolve(null))));
    },
    writable: true,
    configurable: true,
  });
}

// Adds a chunk to the read queue. Returns true while below the highWaterMark, like write().
Readable.prototype.push = function (chunk, encoding) {
  const state = this._readableState;
  return state.objectMode
    ? pushObjectMode(this, state, chunk, encoding)
    : pushByteMode(this, state, chunk, encoding);
};

// Puts a chunk back at the front of the queue (something just read()).
Readable.prototype.unshift = function (chunk, encoding) {
  const state = this._readableState;
  return state.objectMode
    ? unshiftObjectMode(this, state, chunk)
    : unshiftByteMode(this, state, chunk, encoding);
};

function invalidChunk(chunk) {
  return codes.ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'TypedArray', 'DataView'], chunk);
}

function unshiftByteMode(stream, state, chunk, encoding) {
  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
    return false;
  }
  if (typeof chunk === 'string') {
    encoding = encoding || state.defaultEncoding;
    if (state.encoding !== encoding) {
      const B = getBuffer();
      if (state.encoding && B) chunk = B.from(chunk, encoding).toString(state.encoding);
      else chunk = bufferFromString(chunk, encoding);
    }
  } else if (isArrayBufferView(chunk)) {
    if (!isBuffer(chunk)) chunk = uint8ArrayToBuffer(chunk);
  } else if (chunk !== undefined) {
    errorOrDestroy(stream, invalidChunk(chunk));
    return false;
  }
  if (!(chunk && chunk.length > 0)) return canPushMore(state);
  return unshiftValue(stream, state, chunk);
}

function unshiftObjectMode(stream, state, chunk) {
  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
    return false;
  }
  return unshiftValue(stream, state, chunk);
}

function unshiftValue(stream, state, chunk) {
  if (state.endEmitted) errorOrDestroy(stream, codes.ERR_STREAM_UNSHIFT_AFTER_END_EVENT());
  else if (state.destroyed || state.errored) return false;
  else addChunk(stream, state, chunk, true);
  return canPushMore(state);
}

function pushByteMode(stream, state, chunk, encoding) {
  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
    return false;
  }
  if (typeof chunk === 'string') {
    encoding = encoding || state.defaultEncoding;
    if (state.encoding !== encoding) {
      chunk = bufferFromString(chunk, encoding);
      encoding = '';
    }
  } else if (isBuffer(chunk)) {
    encoding = '';
  } else if (isArrayBufferView(chunk)) {
    chunk = uint8ArrayToBuffer(chunk);
    encoding = '';
  } else if (chunk !== undefined) {
    errorOrDestroy(stream, invalidChunk(chunk));
    return false;
  }

  if (!chunk || chunk.length <= 0) {
    state.reading = false;
    maybeReadMore(stream, state);
    return canPushMore(state);
  }
  if (state.ended) {
    errorOrDestroy(stream, codes.ERR_STREAM_PUSH_AFTER_EOF());
    return false;
  }
  if (state.destroyed || state.errored) return false;

  state.reading = false;
  if (state.decoder && !encoding) {
    chunk = state.decoder.write(chunk);
    if (chunk.length === 0) {
      maybeReadMore(stream, state);
      return canPushMore(state);
    }
  }
  addChunk(stream, state, chunk, false);
  return canPushMore(state);
}

function pushObjectMode(stream, state, chunk, encoding) {
  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
    return false;
  }
  if (state.ended) {
    errorOrDestroy(stream, codes.ERR_STREAM_PUSH_AFTER_EOF());
    return false;
  }
  if (state.destroyed || state.errored) return false;
  state.reading = false;
  if (state.decoder && !encoding) chunk = state.decoder.write(chunk);
  addChunk(stream, state, chunk, false);
  return canPushMore(state);
}

function canPushMore(state) {
  // Below the highWaterMark, or empty (so that highWaterMark 0 still moves).
  return !state.ended && (state.length < state.highWaterMark || state.length === 0);
}

function addChunk(stream, state, chunk, addToFront) {
  if (state.flowing && !state.sync && state.dataListening && state.length === 0) {
    // Flowing with nothing queued: hand the chunk straight to 'data'.
    if (state.multiAwaitDrain) state.awaitDrainWriters.clear();
    else state.awaitDrainWriters = null;
    state.dataEmitted = true;
    stream.emit('data', chunk);
  } else {
    state.length += state.objectMode ? 1 : chunk.length;
    if (addToFront) {
      if (state.bufferIndex > 0) state.buffer[--state.bufferIndex] = chunk;
      else state.buffer.unshift(chunk);
    } else {
      state.buffer.push(chunk);
    }
    if (state.needReadable) emitReadable(stream);
  }
  maybeReadMore(stream, state);
}

Readable.prototype.isPaused = function () {
  const state = this._readableState;
  return state[kPaused] === true || state.flowing === false;
};

Readable.prototype.setEncoding = function (enc) {
  const state = this._readableState;
  const StringDecoder = getStringDecoder();
  const decoder = new StringDecoder(enc);
  state.decoder = decoder;
  state.encoding = decoder.encoding; // setEncoding(null) means utf8
  // Decode what is already queued.
  let content = '';
  for (let i = state.bufferIndex; i < state.buffer.length; i++) content += decoder.write(state.buffer[i]);
  state.buffer.length = 0;
  state.bufferIndex = 0;
  if (content !== '') state.buffer.push(content);
  state.length = content.length;
  return this;
};

const MAX_HWM = 0x40000000;
function computeNewHighWaterMark(n) {
  if (n > MAX_HWM) throw codes.ERR_OUT_OF_RANGE('size', '<= 1GiB', n);
  // The next power of 2, so that the hwm does not creep up in tiny steps.
  n--;
  n |= n >>> 1;
  n |= n >>> 2;
  n |= n >>> 4;
  n |= n >>> 8;
  n |= n >>> 16;
  n++;
  return n;
}

function howMuchToRead(n, state) {
  if (n <= 0 || (state.length === 0 && state.ended)) return 0;
  if (state.objectMode) return 1;
  if (Number.isNaN(n)) {
    // Flowing: one chunk at a time.
    if (state.flowing && state.length) return state.buffer[state.bufferIndex].length;
    return state.length;
  }
  if (n <= state.length) return n;
  return state.ended ? state.length : 0;
}

Readable.prototype.read = function (n) {
  if (n === undefined) n = NaN;
  else if (!Number.isInteger(n)) n = Number.parseInt(n, 10);
  const state = this._readableState;
  const nOrig = n;

  if (n > state.highWaterMark) state.highWaterMark = computeNewHighWaterMark(n);
  if (n !== 0) state.emittedReadable = false;

  // read(0) with enough queued (or at the end): only a 'readable' (or 'end') is due.
  if (n === 0 && state.needReadable &&
      ((state.highWaterMark !== 0 ? state.length >= state.highWaterMark : state.length > 0) || state.ended)) {
    if (state.length === 0 && state.ended) endReadable(this);
    else emitReadable(this);
    return null;
  }

  n = howMuchToRead(n, state);

  if (n === 0 && state.ended) {
    if (state.length === 0) endReadable(this);
    return null;
  }

  // Decide whether to call _read() before taking from the queue: a synchronous _read() may
  // push enough for this very call.
  let doRead = state.needReadable;
  if (state.length === 0 || state.length - n < state.highWaterMark) doRead = true;

  if (state.reading || state.ended || state.destroyed || state.errored || !state.constructed) {
    doRead = false;
  } else if (doRead) {
    state.reading = true;
    state.sync = true;
    if (state.length === 0) state.needReadable = true;
    try {
      this._read(state.highWaterMark);
    } catch (err) {
      errorOrDestroy(this, err);
    }
    state.sync = false;
    // _read() pushed synchronously: recompute what can be returned.
    if (!state.reading) n = howMuchToRead(nOrig, state);
  }

  let ret;
  if (n > 0) ret = fromList(n, state);
  else ret = null;

  if (ret === null) {
    if (state.length <= state.highWaterMark) state.needReadable = true;
    n = 0;
  } else {
    state.length -= n;
    if (state.multiAwaitDrain) state.awaitDrainWriters.clear();
    else state.awaitDrainWriters = null;
  }

  if (state.length === 0) {
    // Empty: tell as soon as something comes.
    if (!state.ended) state.needReadable = true;
    // Read past the end: 'end' on the next tick.
    if (nOrig !== n && state.ended) endReadable(this);
  }

  if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
    state.dataEmitted = true;
    this.emit('data', ret);
  }
  return ret;
};

function onEofChunk(stream, state) {
  if (state.ended) return;
  if (state.decoder) {
    const chunk = state.decoder.end();
    if (chunk && chunk.length) {
      state.buffer.push(chunk);
      state.length += state.objectMode ? 1 : chunk.length;
    }
  }
  state.ended = true;
  if (state.sync) {
    // Inside a read(): the 'readable' waits for the next tick.
    emitReadable(stream);
  } else {
    // 'readable' right away at EOF (modules rely on it being synchronous).
    state.needReadable = false;
    state.emittedReadable = true;
    emitReadable_(stream);
  }
}

function emitReadable(stream) {
  const state = stream._readableState;
  state.needReadable = false;
  if (!state.emittedReadable) {
    state.emittedReadable = true;
    nextTick(emitReadable_, stream);
  }
}

function emitReadable_(stream) {
  const state = stream._readableState;
  if (!state.destroyed && !state.errored && (state.length || state.ended)) {
    stream.emit('readable');
    state.emittedReadable = false;
  }
  // Another 'readable' will be needed unless flowing (flow() takes care), ended, or full.
  if (!state.flowing && !state.ended && state.length <= state.highWaterMark) state.needReadable = true;
  flow(stream);
}

// After a read(), fill the queue up to the highWaterMark ahead of time.
function maybeReadMore(stream, state) {
  if (!state.readingMore && state.constructed) {
    state.readingMore = true;
    nextTick(maybeReadMore_, stream, state);
  }
}

function maybeReadMore_(stream, state) {
  while (!state.reading && !state.ended &&
         (state.length < state.highWaterMark || (state.flowing && state.length === 0))) {
    const len = state.length;
    stream.read(0);
    if (len === state.length) break; // nothing came: stop spinning
  }
  state.readingMore = false;
}

Readable.prototype._read = function (n) {
  throw codes.ERR_METHOD_NOT_IMPLEMENTED('_read()');
};

Readable.prototype.pipe = function (dest, pipeOpts) {
  const src = this;
  const state = this._readableState;

  if (state.pipes.length === 1 && !state.multiAwaitDrain) {
    state.multiAwaitDrain = true;
    state.awaitDrainWriters = new Set(state.awaitDrainWriters ? [state.awaitDrainWriters] : []);
  }
  state.pipes.push(dest);

  const proc = globalThis.process;
  const doEnd = (!pipeOpts || pipeOpts.end !== false) &&
    !(proc && (dest === proc.stdout || dest === proc.stderr));

  const endFn = doEnd ? onend : unpipe;
  if (state.endEmitted) nextTick(endFn);
  else src.once('end', endFn);

  dest.on('unpipe', onunpipe);
  function onunpipe(readable, unpipeInfo) {
    if (readable === src && unpipeInfo && unpipeInfo.hasUnpiped === false) {
      unpipeInfo.hasUnpiped = true;
      cleanup();
    }
  }

  function onend() {
    dest.end();
  }

  let ondrain;
  let cleanedUp = false;
  function cleanup() {
    dest.removeListener('close', onclose);
    dest.removeListener('finish', onfinish);
    if (ondrain) dest.removeListener('drain', ondrain);
    dest.removeListener('error', onerror);
    dest.removeListener('unpipe', onunpipe);
    src.removeListener('end', onend);
    src.removeListener('end', unpipe);
    src.removeListener('data', ondata);
    cleanedUp = true;
    // If a 'drain' from this destination was awaited, it will never come now: act as if it did.
    if (ondrain && state.awaitDrainWriters && (!dest._writableState || dest._writableState.needDrain)) ondrain();
  }

  function pause() {
    // The user may have unpiped during dest.write(): only wait for a destination still piped.
    if (!cleanedUp) {
      if (state.pipes.length === 1 && state.pipes[0] === dest) {
        state.awaitDrainWriters = dest;
        state.multiAwaitDrain = false;
      } else if (state.pipes.length > 1 && state.pipes.includes(dest)) {
        state.awaitDrainWriters.add(dest);
      }
      src.pause();
    }
    if (!ondrain) {
      ondrain = pipeOnDrain(src, dest);
      dest.on('drain', ondrain);
    }
  }

  src.on('data', ondata);
  function ondata(chunk) {
    const ret = dest.write(chunk);
    if (ret === false) pause();
  }

  // An error on the destination stops the piping, and still throws if nobody listens.
  function onerror(er) {
    unpipe();
    dest.removeListener('error', onerror);
    if (dest.listenerCount('error') === 0) {
      const s = dest._writableState || dest._readableState;
      if (s && !s.errorEmitted) errorOrDestroy(dest, er); // 'error' emitted by hand on the stream
      else dest.emit('error', er);
    }
  }
  prependListener(dest, 'error', onerror);

  function onclose() {
    dest.removeListener('finish', onfinish);
    unpipe();
  }
  dest.once('close', onclose);
  function onfinish() {
    dest.removeListener('close', onclose);
    unpipe();
  }
  dest.once('finish', onfinish);

  function unpipe() {
    src.unpipe(dest);
  }

  dest.emit('pipe', src);

  if (dest.writableNeedDrain === true) pause();
  else if (!state.flowing) src.resume();

  return dest;
};

function pipeOnDrain(src, dest) {
  return function pipeOnDrainFunctionResult() {
    const state = src._readableState;
    if (state.awaitDrainWriters === dest) state.awaitDrainWriters = null;
    else if (state.multiAwaitDrain) state.awaitDrainWriters.delete(dest);
    if ((!state.awaitDrainWriters || state.awaitDrainWriters.size === 0) && state.dataListening) src.resume();
  };
}

Readable.prototype.unpipe = function (dest) {
  const state = this._readableState;
  const unpipeInfo = { hasUnpiped: false };
  if (state.pipes.length === 0) return this;

  if (!dest) {
    const dests = state.pipes;
    state.pipes = [];
    this.pause();
    for (let i = 0; i < dests.length; i++) dests[i].emit('unpipe', this, { hasUnpiped: false });
    return this;
  }

  const index = state.pipes.indexOf(dest);
  if (index === -1) return this;
  state.pipes.splice(index, 1);
  if (state.pipes.length === 0) this.pause();
  dest.emit('unpipe', this, unpipeInfo);
  return this;
};

// 'data' listeners start the flow; 'readable' listeners switch to paused mode.
Readable.prototype.on = function (ev, fn) {
  const res = Stream.prototype.on.call(this, ev, fn);
  const state = this._readableState;

  if (ev === 'data') {
    state.dataListening = true;
    // So that resume() below is a no-op with a 'readable' listener (once('readable') cycles).
    if (this.listenerCount('readable') > 0) state.readableListening = true;
    // Flow on the next tick unless paused explicitly.
    if (state.flowing !== false) this.resume();
  } else if (ev === 'readable') {
    if (!state.endEmitted && !state.readableListening) {
      state.readableListening = state.needReadable = true;
      state.flowing = false;
      state.emittedReadable = false;
      if (state.length) emitReadable(this);
      else if (!state.reading) nextTick(nReadingNextTick, this);
    }
  }
  return res;
};
Readable.prototype.addListener = Readable.prototype.on;

Readable.prototype.removeListener = function (ev, fn) {
  const state = this._readableState;
  const res = Stream.prototype.removeListener.call(this, ev, fn);
  if (ev === 'readable') {
    // After the 'readable' in progress, before I/O: once('readable') cycles keep working.
    nextTick(updateReadableListening, this);
  } else if (ev === 'data' && this.listenerCount('data') === 0) {
    state.dataListening = false;
  }
  return res;
};
Readable.prototype.off = Readable.prototype.removeListener;

Readable.prototype.removeAllListeners = function (ev) {
  const res = Stream.prototype.removeAllListeners.apply(this, arguments);
  if ((ev === 'data' || ev === undefined) && this.listenerCount('data') === 0) {
    this._readableState.dataListening = false;
  }
  if (ev === 'readable' || ev === undefined) nextTick(updateReadableListening, this);
  return res;
};

function updateReadableListening(self) {
  const state = self._readableState;
  state.readableListening = self.listenerCount('readable') > 0;
  if (state.resumeScheduled && state[kPaused] === false) {
    // The coming resume must flow.
    state.flowing = true;
  } else if (state.dataListening) {
    self.resume();
  } else if (!state.readableListening) {
    state.flowing = null;
  }
}

function nReadingNextTick(self) {
  self.read(0);
}

Readable.prototype.resume = function () {
  const state = this._readableState;
  if (!state.flowing) {
    // No flowing while someone listens to 'readable', but resume() still schedules a read.
    state.flowing = !state.readableListening;
    resume(this, state);
  }
  state[kPaused] = false;
  return this;
};

function resume(stream, state) {
  if (!state.resumeScheduled) {
    state.resumeScheduled = true;
    nextTick(resume_, stream, state);
  }
}

function resume_(stream, state) {
  if (!state.reading) stream.read(0);
  state.resumeScheduled = false;
  stream.emit('resume');
  flow(stream);
  if (state.flowing && !state.reading) stream.read(0);
}

Readable.prototype.pause = function () {
  const state = this._readableState;
  if (state.flowing !== false) {
    state.flowing = false;
    this.emit('pause');
  }
  state[kPaused] = true;
  return this;
};

function flow(stream) {
  const state = stream._readableState;
  while (state.flowing && stream.read() !== null);
}

// Wraps an old-style stream (no read()) as the data source of this one.
Readable.prototype.wrap = function (stream) {
  let paused = false;

  stream.on('data', (chunk) => {
    if (!this.push(chunk) && stream.pause) {
      paused = true;
      stream.pause();
    }
  });
  stream.on('end', () => { this.push(null); });
  stream.on('error', (err) => { errorOrDestroy(this, err); });
  stream.on('close', () => { this.destroy(); });
  stream.on('destroy', () => { this.destroy(); });

  this._read = () => {
    if (paused && stream.resume) {
      paused = false;
      stream.resume();
    }
  };

  // Proxy the other methods (filters and duplexes need them).
  const streamKeys = Object.keys(stream);
  for (let j = 1; j < streamKeys.length; j++) {
    const i = streamKeys[j];
    if (this[i] === undefined && typeof stream[i] === 'function') this[i] = stream[i].bind(stream);
  }
  return this;
};

Readable.prototype[Symbol.asyncIterator] = function () {
  return streamToAsyncIterator(this);
};

Readable.prototype.iterator = function (options) {
  if (options !== undefined) validateObject(options, 'options');
  return streamToAsyncIterator(this, options);
};

function streamToAsyncIterator(stream, options) {
  if (typeof stream.read !== 'function') stream = Readable.wrap(stream, { objectMode: true });
  const iter = createAsyncIterator(stream, options);
  iter.stream = stream;
  return iter;
}

async function* createAsyncIterator(stream, options) {
  let callback = nop;

  function next(resolve) {
    if (this === stream) {
      callback();
      callback = nop;
    } else {
      callback = resolve;
    }
  }

  stream.on('readable', next);

  let error;
  const cleanup = eos(stream, { writable: false }, (err) => {
    error = err ? aggregateTwoErrors(error, err) : null;
    callback();
    callback = nop;
  });

  try {
    while (true) {
      const chunk = stream.destroyed ? null : stream.read();
      if (chunk !== null) {
        yield chunk;
      } else if (error) {
        throw error;
      } else if (error === null) {
        return;
      } else {
        await new Promise(next);
      }
    }
  } catch (err) {
    error = aggregateTwoErrors(error, err);
    throw error;
  } finally {
    if ((error || (options && options.destroyOnReturn) !== false) &&
        (error === undefined || stream._readableState.autoDestroy)) {
      destroyImpl.destroyer(stream, null);
    } else {
      stream.off('readable', next);
      cleanup();
    }
  }
}

Object.defineProperties(Readable.prototype, {
  readable: {
    get() {
      const r = this._readableState;
      // r.readable === false: the readable side of a Duplex made with readable: false.
      return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted;
    },
    set(val) {
      if (this._readableState) this._readableState.readable = !!val;
    },
  },
  readableDidRead: {
    enumerable: false,
    get() { return this._readableState.dataEmitted; },
  },
  readableAborted: {
    enumerable: false,
    get() {
      const r = this._readableState;
      return !!(r.readable !== false && (r.destroyed || r.errored) && !r.endEmitted);
    },
  },
  readableHighWaterMark: {
    enumerable: false,
    get() { return this._readableState.highWaterMark; },
  },
  readableBuffer: {
    enumerable: false,
    get() { return this._readableState && this._readableState.buffer; },
  },
  readableFlowing: {
    enumerable: false,
    get() { return this._readableState.flowing; },
    set(state) {
      if (this._readableState) this._readableState.flowing = state;
    },
  },
  readableLength: {
    enumerable: false,
    get() { return this._readableState.length; },
  },
  readableObjectMode: {
    enumerable: false,
    get() { return this._readableState ? this._readableState.objectMode : false; },
  },
  readableEncoding: {
    enumerable: false,
    get() { return this._readableState ? this._readableState.encoding : null; },
  },
  errored: {
    enumerable: false,
    get() { return this._readableState ? this._readableState.errored : null; },
  },
  closed: {
    get() { return this._readableState ? this._readableState.closed : false; },
  },
  destroyed: {
    enumerable: false,
    get() { return this._readableState ? this._readableState.destroyed : false; },
    set(value) {
      // Backwards compatibility: the user manages `destroyed` by hand.
      if (this._readableState) this._readableState.destroyed = value;
    },
  },
  readableEnded: {
    enumerable: false,
    get() { return this._readableState ? this._readableState.endEmitted : false; },
  },
});

Readable._fromList = fromList;

function concatBytes(chunks, start, end, total) {
  const ret = allocBytes(total);
  let offset = 0;
  for (let i = start; i < end; i++) {
    ret.set(chunks[i], offset);
    offset += chunks[i].length;
  }
  return ret;
}

// Takes n bytes (or one object) off the queue.
function fromList(n, state) {
  if (state.length === 0) return null;

  let idx = state.bufferIndex;
  let ret;
  const buf = state.buffer;
  const len = buf.length;

  if (state.objectMode) {
    ret = buf[idx];
    buf[idx++] = null;
  } else if (!n || n >= state.length) {
    // All of it.
    if (state.decoder || typeof buf[idx] === 'string') {
      ret = '';
      while (idx < len) {
        ret += buf[idx];
        buf[idx++] = null;
      }
    } else if (len - idx === 0) {
      ret = emptyBuffer();
    } else if (len - idx === 1) {
      ret = buf[idx];
      buf[idx++] = null;
    } else {
      ret = concatBytes(buf, idx, len, state.length);
      while (idx < len) buf[idx++] = null;
    }
  } else if (n < buf[idx].length) {
    ret = sliceBytes(buf[idx], 0, n);
    buf[idx] = sliceBytes(buf[idx], n);
  } else if (n === buf[idx].length) {
    ret = buf[idx];
    buf[idx++] = null;
  } else if (state.decoder || typeof buf[idx] === 'string') {
    ret = '';
    while (idx < len) {
      const str = buf[idx];
      if (n > str.length) {
        ret += str;
        n -= str.length;
        buf[idx++] = null;
      } else {
        if (n === str.length) {
          ret += str;
          buf[idx++] = null;
        } else {
          ret += str.slice(0, n);
          buf[idx] = str.slice(n);
        }
        break;
      }
    }
  } else {
    ret = allocBytes(n);
    const retLen = n;
    while (idx < len) {
      const data = buf[idx];
      if (n > data.length) {
        ret.set(data, retLen - n);
        n -= data.length;
        buf[idx++] = null;
      } else {
        if (n === data.length) {
          ret.set(data, retLen - n);
          buf[idx++] = null;
        } else {
          ret.set(data.subarray(0, n), retLen - n);
          buf[idx] = sliceBytes(data, n);
        }
        break;
      }
    }
  }

  if (idx === len) {
    state.buffer.length = 0;
    state.bufferIndex = 0;
  } else if (idx > 1024) {
    state.buffer.splice(0, idx);
    state.bufferIndex = 0;
  } else {
    state.bufferIndex = idx;
  }
  return ret;
}

function endReadable(stream) {
  const state = stream._readableState;
  if (!state.endEmitted) {
    state.ended = true;
    nextTick(endReadableNT, state, stream);
  }
}

function endReadableNT(state, stream) {
  // Not if an unshift() came meanwhile.
  if (!state.errored && !state.closeEmitted && !state.endEmitted && state.length === 0) {
    state.endEmitted = true;
    stream.emit('end');

    if (stream.writable && stream.allowHalfOpen === false) {
      nextTick(endWritableNT, stream);
    } else if (state.autoDestroy) {
      // A Duplex is destroyed once its writable side is done too.
      const wState = stream._writableState;
      const autoDestroy = !wState || (wState.autoDestroy && (wState.finished || wState.writable === false));
      if (autoDestroy) stream.destroy();
    }
  }
}

function endWritableNT(stream) {
  const writable = stream.writable && !stream.writableEnded && !stream.destroyed;
  if (writable) stream.end();
}

Readable.from = function (iterable, opts) {
  return require('internal/streams/from')(Readable, iterable, opts);
};

Readable.wrap = function (src, options) {
  return new Readable({
    objectMode: src.readableObjectMode ?? src.objectMode ?? true,
    ...options,
    destroy(err, callback) {
      destroyImpl.destroyer(src, err);
      callback(err);
    },
  }).wrap(src);
};
