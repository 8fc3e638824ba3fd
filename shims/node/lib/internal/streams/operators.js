'use strict';
// Readable.prototype.map/filter/flatMap/drop/take (returning streams) and
// forEach/toArray/some/every/find/reduce (returning promises), as in Node 20.

const {
  codes, AbortError, validateObject, validateFunction, validateAbortSignal, validateInteger,
} = require('internal/streams/utils');
const { finished } = require('internal/streams/end-of-stream');
const { AbortController } = require('internal/web');

const kEmpty = Symbol('kEmpty');
const kEof = Symbol('kEof');

function validateOptions(options) {
  if (options != null) validateObject(options, 'options');
  if (options && options.signal != null) validateAbortSignal(options.signal, 'options.signal');
}

function aborted(options) {
  return !!(options && options.signal && options.signal.aborted);
}

function map(fn, options) {
  validateFunction(fn, 'fn');
  validateOptions(options);
  let concurrency = 1;
  if (options && options.concurrency != null) concurrency = Math.floor(options.concurrency);
  let highWaterMark = concurrency - 1;
  if (options && options.highWaterMark != null) highWaterMark = Math.floor(options.highWaterMark);
  validateInteger(concurrency, 'options.concurrency', 1);
  validateInteger(highWaterMark, 'options.highWaterMark', 0);
  highWaterMark += concurrency;

  return async function* map() {
    const ac = new AbortController();
    const signal = ac.signal;
    const outer = options && options.signal;
    const onOuterAbort = () => ac.abort(outer.reason);
    if (outer) {
      if (outer.aborted) onOuterAbort();
      else outer.addEventListener('abort', onOuterAbort, { once: true });
    }
    const stream = this;
    const queue = [];
    const signalOpt = { signal };
    let next;
    let resume;
    let done = false;
    let cnt = 0;

    function onCatch() {
      done = true;
      afterItemProcessed();
    }

    function afterItemProcessed() {
      cnt -= 1;
      maybeResume();
    }

    function maybeResume() {
      if (resume && !done && cnt < concurrency && queue.length < highWaterMark) {
        resume();
        resume = null;
      }
    }

    async function pump() {
      try {
        for await (let val of stream) {
          if (done) return;
          if (signal.aborted) throw new AbortError();
          try {
            val = fn(val, signalOpt);
            if (val === kEmpty) continue;
            val = Promise.resolve(val);
          } catch (err) {
            val = Promise.reject(err);
          }
          cnt += 1;
          val.then(afterItemProcessed, onCatch);
          queue.push(val);
          if (next) {
            next();
            next = null;
          }
          if (!done && (queue.length >= highWaterMark || cnt >= concurrency)) {
            await new Promise((resolve) => { resume = resolve; });
          }
        }
        queue.push(kEof);
      } catch (err) {
        const val = Promise.reject(err);
        val.then(afterItemProcessed, onCatch);
        queue.push(val);
      } finally {
        done = true;
        if (next) {
          next();
          next = null;
        }
      }
    }

    pump();

    try {
      while (true) {
        while (queue.length > 0) {
          const val = await queue[0];
          if (val === kEof) return;
          if (signal.aborted) throw new AbortError();
          if (val !== kEmpty) yield val;
          queue.shift();
          maybeResume();
        }
        await new Promise((resolve) => { next = resolve; });
      }
    } finally {
      done = true;
      if (resume) {
        resume();
        resume = null;
      }
      if (outer) outer.removeEventListener('abort', onOuterAbort);
      ac.abort();
    }
  }.call(this);
}

async function some(fn, options = undefined) {
  for await (const unused of filter.call(this, fn, options)) { // eslint-disable-line no-unused-vars
    return true;
  }
  return false;
}

async function every(fn, options = undefined) {
  validateFunction(fn, 'fn');
  return !(await some.call(this, async (...args) => !(await fn(...args)), options));
}

async function find(fn, options) {
  for await (const result of filter.call(this, fn, options)) return result;
  return undefined;
}

async function forEach(fn, options) {
  validateFunction(fn, 'fn');
  async function forEachFn(value, opts) {
    await fn(value, opts);
    return kEmpty;
  }
  for await (const unused of map.call(this, forEachFn, options)); // eslint-disable-line no-unused-vars
}

function filter(fn, options) {
  validateFunction(fn, 'fn');
  async function filterFn(value, opts) {
    if (await fn(value, opts)) return value;
    return kEmpty;
  }
  return map.call(this, filterFn, options);
}

async function reduce(reducer, initialValue, options) {
  validateFunction(reducer, 'reducer');
  validateOptions(options);
  let hasInitialValue = arguments.length > 1;
  if (aborted(options)) {
    const err = new AbortError(undefined, { cause: options.signal.reason });
    this.once('error', () => {}); // the error is propagated here
    await finished(this.destroy(err));
    throw err;
  }
  const ac = new AbortController();
  const signal = ac.signal;
  const outer = options && options.signal;
  const onOuterAbort = () => ac.abort(outer.reason);
  if (outer) outer.addEventListener('abort', onOuterAbort, { once: true });
  let gotAnyItemFromStream = false;
  try {
    for await (const value of this) {
      gotAnyItemFromStream = true;
      if (aborted(options)) throw new AbortError();
      if (!hasInitialValue) {
        initialValue = value;
        hasInitialValue = true;
      } else {
        initialValue = await reducer(initialValue, value, { signal });
      }
    }
    if (!gotAnyItemFromStream && !hasInitialValue) {
      const err = codes.ERR_MISSING_ARGS('reduce');
      err.message = 'Reduce of an empty stream requires an initial value';
      throw err;
    }
  } finally {
    if (outer) outer.removeEventListener('abort', onOuterAbort);
    ac.abort();
  }
  return initialValue;
}

async function toArray(options) {
  validateOptions(options);
  const result = [];
  for await (const val of this) {
    if (aborted(options)) throw new AbortError(undefined, { cause: options.signal.reason });
    result.push(val);
  }
  return result;
}

function flatMap(fn, options) {
  const values = map.call(this, fn, options);
  return async function* flatMap() {
    for await (const val of values) yield* val;
  }.call(this);
}

function toIntegerOrInfinity(number) {
  number = Number(number);
  if (Number.isNaN(number)) return 0;
  if (number < 0) throw codes.ERR_OUT_OF_RANGE('number', '>= 0', number);
  return number;
}

function drop(number, options = undefined) {
  validateOptions(options);
  number = toIntegerOrInfinity(number);
  return async function* drop() {
    if (aborted(options)) throw new AbortError();
    for await (const val of this) {
      if (aborted(options)) throw new AbortError();
      if (number-- <= 0) yield val;
    }
  }.call(this);
}

function take(number, options = undefined) {
  validateOptions(options);
  number = toIntegerOrInfinity(number);
  return async function* take() {
    if (aborted(options)) throw new AbortError();
    for await (const val of this) {
      if (aborted(options)) throw new AbortError();
      if (number-- > 0) yield val;
      if (number <= 0) return; // do not pull another item
    }
  }.call(this);
}

module.exports = {
  streamReturningOperators: { drop, filter, flatMap, map, take },
  promiseReturningOperators: { every, forEach, reduce, toArray, some, find },
};
