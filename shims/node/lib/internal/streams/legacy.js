'use strict';
// The legacy Stream base class (an EventEmitter with the old pipe()), which Readable and Writable
// inherit from. EventEmitter comes from the `events` builtin, linked in on first need: this
// module loads even before `events` does.

let EventEmitter = null;

/** The EventEmitter class, with Stream's prototype chain linked to it the first time. */
function eventEmitter() {
  if (EventEmitter === null) {
    const mod = require('events');
    const EE = typeof mod === 'function' ? mod : mod && mod.EventEmitter;
    if (typeof EE !== 'function') throw new Error('stream: the events module does not export EventEmitter');
    EventEmitter = EE;
    Object.setPrototypeOf(Stream.prototype, EE.prototype);
    Object.setPrototypeOf(Stream, EE);
  }
  return EventEmitter;
}

function initEmitter(self, opts) {
  const EE = eventEmitter();
  if (typeof EE.init === 'function') {
    EE.init.call(self, opts);
    return;
  }
  try {
    EE.call(self, opts);
  } catch (err) {
    // A class-based EventEmitter cannot be called: copy what a fresh one sets up instead.
    if (!(err instanceof TypeError)) throw err;
    Object.assign(self, Reflect.construct(EE, [opts], self.constructor));
  }
}

function Stream(opts) {
  initEmitter(this, opts);
}

try {
  eventEmitter();
} catch {
  // `events` is not there yet (or is loading): linked when the first stream is made.
}

Stream.prototype.pipe = function (dest, options) {
  const source = this;

  function ondata(chunk) {
    if (dest.writable && dest.write(chunk) === false && source.pause) source.pause();
  }
  source.on('data', ondata);

  function ondrain() {
    if (source.readable && source.resume) source.resume();
  }
  dest.on('drain', ondrain);

  // Unless `end: false`, dest.end() is called once when source ends or closes.
  if (!dest._isStdio && (!options || options.end !== false)) {
    source.on('end', onend);
    source.on('close', onclose);
  }

  let didOnEnd = false;
  function onend() {
    if (didOnEnd) return;
    didOnEnd = true;
    dest.end();
  }

  function onclose() {
    if (didOnEnd) return;
    didOnEnd = true;
    if (typeof dest.destroy === 'function') dest.destroy();
  }

  function onerror(er) {
    cleanup();
    if (typeof this.listenerCount === 'function' && this.listenerCount('error') === 0) {
      this.emit('error', er);
    }
  }
  prependListener(source, 'error', onerror);
  prependListener(dest, 'error', onerror);

  function cleanup() {
    source.removeListener('data', ondata);
    dest.removeListener('drain', ondrain);
    source.removeListener('end', onend);
    source.removeListener('close', onclose);
    source.removeListener('error', onerror);
    dest.removeListener('error', onerror);
    source.removeListener('end', cleanup);
    source.removeListener('close', cleanup);
    dest.removeListener('close', cleanup);
  }
  source.on('end', cleanup);
  source.on('close', cleanup);
  dest.on('close', cleanup);

  dest.emit('pipe', source);
  return dest;
};

/** Adds `fn` before the other listeners of `event` (emitters without prependListener too). */
function prependListener(emitter, event, fn) {
  if (typeof emitter.prependListener === 'function') return emitter.prependListener(event, fn);
  if (!emitter._events || !emitter._events[event]) emitter.on(event, fn);
  else if (Array.isArray(emitter._events[event])) emitter._events[event].unshift(fn);
  else emitter._events[event] = [fn, emitter._events[event]];
  return emitter;
}

module.exports = { Stream, prependListener, eventEmitter };
