'use strict';
// Node's timers: setTimeout / setInterval / setImmediate and their clear functions, with
// Timeout and Immediate objects (ref, unref, hasRef, refresh, close, a numeric primitive).

const loop = require('internal/loop');
const { invalidArgType } = require('internal/errors');

const TIMEOUT_MAX = 2 ** 31 - 1;
const byId = new Map();
let nextId = 1;

function checkCallback(callback) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'function', callback);
}

function delayOf(ms) {
  const after = ms * 1;
  return after >= 1 && after <= TIMEOUT_MAX ? after : 1;
}

class Timeout {
  constructor(callback, after, args, repeat) {
    this._idleTimeout = after;
    this._onTimeout = callback;
    this._args = args;
    this._repeat = repeat ? after : null;
    this._delay = after;
    this._armed = false;
    this._refed = true;
    this._destroyed = false;
    this._id = nextId++;
  }

  ref() {
    loop.setTimerRef(this, true);
    return this;
  }

  unref() {
    loop.setTimerRef(this, false);
    return this;
  }

  hasRef() {
    return this._refed;
  }

  refresh() {
    if (this._armed) {
      this._delay = this._idleTimeout;
      loop.armTimer(this);
    }
    return this;
  }

  close() {
    clearTimeout(this);
    return this;
  }

  [Symbol.toPrimitive]() {
    byId.set(this._id, this);
    return this._id;
  }
}

function start(timer) {
  loop.armTimer(timer);
  return timer;
}

function setTimeout(callback, after, ...args) {
  checkCallback(callback);
  return start(new Timeout(callback, delayOf(after), args, false));
}

function setInterval(callback, repeat, ...args) {
  checkCallback(callback);
  return start(new Timeout(callback, delayOf(repeat), args, true));
}

function clearTimeout(timer) {
  if (timer == null) return;
  if (typeof timer === 'number' || typeof timer === 'string') timer = byId.get(Number(timer));
  if (!(timer instanceof Timeout)) return;
  timer._destroyed = true;
  timer._repeat = null;
  byId.delete(timer._id);
  loop.disarmTimer(timer);
}

class Immediate {
  constructor(callback, args) {
    this._onImmediate = callback;
    this._args = args;
    this._refed = true;
    this._destroyed = false;
  }

  ref() {
    loop.setImmediateRef(this, true);
    return this;
  }

  unref() {
    loop.setImmediateRef(this, false);
    return this;
  }

  hasRef() {
    return this._refed;
  }
}

function setImmediate(callback, ...args) {
  checkCallback(callback);
  const immediate = new Immediate(callback, args);
  loop.addImmediate(immediate);
  return immediate;
}

function clearImmediate(immediate) {
  if (immediate instanceof Immediate) loop.removeImmediate(immediate);
}

const promises = {
  setTimeout(after, value, options = {}) {
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      if (signal && signal.aborted) return reject(abortError(signal));
      const timer = setTimeout(() => resolve(value), after);
      if (options.ref === false) timer.unref();
      if (signal) signal.addEventListener('abort', () => { clearTimeout(timer); reject(abortError(signal)); }, { once: true });
    });
  },
  setImmediate(value, options = {}) {
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      if (signal && signal.aborted) return reject(abortError(signal));
      const immediate = setImmediate(() => resolve(value));
      if (options.ref === false) immediate.unref();
      if (signal) signal.addEventListener('abort', () => { clearImmediate(immediate); reject(abortError(signal)); }, { once: true });
    });
  },
  async *setInterval(after, value, options = {}) {
    let pending = 0;
    let wake = null;
    const timer = setInterval(() => {
      pending++;
      if (wake) wake();
    }, after);
    if (options.ref === false) timer.unref();
    try {
      for (;;) {
        if (pending === 0) await new Promise((resolve) => { wake = resolve; });
        wake = null;
        pending--;
        yield value;
      }
    } finally {
      clearInterval(timer);
    }
  },
};

function abortError(signal) {
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  err.code = 'ABORT_ERR';
  err.cause = signal.reason;
  return err;
}

module.exports = {
  setTimeout, setInterval, setImmediate, clearTimeout, clearInterval: clearTimeout, clearImmediate,
  Timeout, Immediate, promises,
};
