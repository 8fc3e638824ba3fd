'use strict';
// node:events: EventEmitter's listener bookkeeping, 'newListener'/'removeListener', once
// wrappers, 'error' handling, errorMonitor, captureRejections, max-listener warnings, and the
// static helpers once/on/getEventListeners/setMaxListeners/addAbortListener.
const assert = require('assert');
const util = require('util');
const EventEmitter = require('events');
const { once, on, errorMonitor } = EventEmitter;
const { C, done } = require('./harness').tableChecks(util);

// --- the module shape ---
assert.strictEqual(EventEmitter.EventEmitter, EventEmitter);
assert.strictEqual(require('node:events'), EventEmitter);
C('keys', () => Object.keys(EventEmitter).join(), 'addAbortListener,once,on,getEventListeners,getMaxListeners,EventEmitter,usingDomains,captureRejectionSymbol,captureRejections,EventEmitterAsyncResource,errorMonitor,defaultMaxListeners,setMaxListeners,init,listenerCount');
C('proto keys', () => Object.getOwnPropertyNames(EventEmitter.prototype).sort().join(), '_events,_eventsCount,_maxListeners,addListener,constructor,emit,eventNames,getMaxListeners,listenerCount,listeners,off,on,once,prependListener,prependOnceListener,rawListeners,removeAllListeners,removeListener,setMaxListeners');
C('inspect new', () => util.inspect(new EventEmitter()), 'EventEmitter {\n  _events: [Object: null prototype] {},\n  _eventsCount: 0,\n  _maxListeners: undefined,\n  [Symbol(shapeMode)]: false,\n  [Symbol(kCapture)]: false\n}');
C('inspect with listeners', () => { const e = new EventEmitter(); e.on('a', function named() {}); e.once('a', () => {}); e.on('b', () => {}); return util.inspect(e); }, 'EventEmitter {\n  _events: [Object: null prototype] {\n    a: [ [Function: named], [Function] ],\n    b: [Function (anonymous)]\n  },\n  _eventsCount: 2,\n  _maxListeners: undefined,\n  [Symbol(shapeMode)]: false,\n  [Symbol(kCapture)]: false\n}');
C('errorMonitor', () => String(errorMonitor), 'Symbol(events.errorMonitor)');
C('captureRejectionSymbol', () => EventEmitter.captureRejectionSymbol === Symbol.for('nodejs.rejection'), true);
C('defaultMaxListeners', () => EventEmitter.defaultMaxListeners, 10);
C('usingDomains', () => EventEmitter.usingDomains, false);
C('once is async', () => util.inspect(once), '[AsyncFunction: once]');

// --- on/emit/off and their return values ---
{
  const e = new EventEmitter();
  const calls = [];
  assert.strictEqual(e.emit('x'), false);
  assert.strictEqual(e.on('x', (a, b) => calls.push(['first', a, b])), e);
  e.addListener('x', function (a) { calls.push(['second', a, this === e]); });
  e.prependListener('x', () => calls.push(['prepended']));
  assert.strictEqual(e.emit('x', 1, 2), true);
  assert.deepStrictEqual(calls, [['prepended'], ['first', 1, 2], ['second', 1, true]]);
  assert.strictEqual(e.listenerCount('x'), 3);
  assert.deepStrictEqual(e.eventNames(), ['x']);
  const sym = Symbol('s');
  e.on(sym, () => {});
  assert.deepStrictEqual(e.eventNames(), ['x', sym]);
  assert.strictEqual(e.off, e.removeListener);
  assert.strictEqual(EventEmitter.prototype.on, EventEmitter.prototype.addListener);
}

// A listener added during emit does not run in that emit; one removed still runs.
{
  const e = new EventEmitter();
  const calls = [];
  const b = () => calls.push('b');
  e.on('x', () => { calls.push('a'); e.on('x', () => calls.push('late')); e.off('x', b); });
  e.on('x', b);
  e.emit('x');
  assert.deepStrictEqual(calls, ['a', 'b']);
  calls.length = 0;
  e.emit('x');
  assert.deepStrictEqual(calls, ['a', 'late']);
}

// once, prependOnceListener, listeners vs rawListeners, listenerCount(type, listener).
{
  const e = new EventEmitter();
  let n = 0;
  const f = () => n++;
  e.once('x', f);
  e.prependOnceListener('x', f);
  assert.strictEqual(e.listenerCount('x'), 2);
  assert.strictEqual(e.listenerCount('x', f), 2);
  assert.deepStrictEqual(e.listeners('x'), [f, f]);
  const raw = e.rawListeners('x');
  assert.notStrictEqual(raw[0], f);
  assert.strictEqual(raw[0].listener, f);
  e.emit('x');
  e.emit('x');
  assert.strictEqual(n, 2);
  assert.strictEqual(e.listenerCount('x'), 0);
  // Removing a once listener by its original function.
  e.once('y', f);
  e.removeListener('y', f);
  assert.strictEqual(e.emit('y'), false);
  // The raw once wrapper can be called directly, once.
  e.once('z', f);
  const [wrapper] = e.rawListeners('z');
  wrapper();
  wrapper();
  assert.strictEqual(n, 3);
  assert.strictEqual(e.listenerCount('z'), 0);
  // once passes `this` and arguments.
  let seen;
  e.once('w', function (...args) { seen = [this, args]; });
  e.emit('w', 1, 2);
  assert.strictEqual(seen[0], e);
  assert.deepStrictEqual(seen[1], [1, 2]);
}

// removeListener removes the last matching registration; 'removeListener' and 'newListener'.
{
  const e = new EventEmitter();
  const log = [];
  const f = () => log.push('f');
  const g = () => log.push('g');
  e.on('newListener', (type, l) => log.push(['new', type, l === f || l === g]));
  e.on('x', f);
  e.on('x', g);
  e.on('x', f);
  e.on('removeListener', (type, l) => log.push(['removed', type, l === f ? 'f' : l === g ? 'g' : '?']));
  e.removeListener('x', f);
  e.emit('x');
  assert.deepStrictEqual(log, [
    ['new', 'x', true], ['new', 'x', true], ['new', 'x', true], ['new', 'removeListener', false],
    ['removed', 'x', 'f'], 'f', 'g',
  ]);
  // newListener is told about the original function of a once listener, before it is added.
  const e2 = new EventEmitter();
  const told = [];
  e2.on('newListener', (type, l) => told.push([type, l === f, e2.listenerCount(type)]));
  e2.once('q', f);
  assert.deepStrictEqual(told, [['q', true, 0]]);
}

// removeAllListeners: with and without a type, with 'removeListener' listeners (LIFO order).
{
  const e = new EventEmitter();
  const removed = [];
  e.on('a', () => {});
  e.on('b', function b1() {});
  e.on('b', function b2() {});
  e.on('removeListener', (type, l) => removed.push(`${String(type)}:${l.name}`));
  e.removeAllListeners('b');
  assert.deepStrictEqual(removed, ['b:b2', 'b:b1']);
  e.removeAllListeners();
  assert.deepStrictEqual(removed, ['b:b2', 'b:b1', 'a:']); // the last 'removeListener' goes silently
  assert.deepStrictEqual(e.eventNames(), []);
  assert.strictEqual(e.removeAllListeners(), e);
  const e2 = new EventEmitter();
  e2.on('a', () => {});
  e2.on('b', () => {});
  e2.removeAllListeners('a');
  assert.deepStrictEqual(e2.eventNames(), ['b']);
  assert.strictEqual(e2._eventsCount, 1);
}

// 'error' without a listener throws; errorMonitor sees errors first.
C('error thrown', () => { const e = new EventEmitter(); const err = new Error('boom'); try { e.emit('error', err); } catch (x) { return x === err; } }, true);
C('error string', () => new EventEmitter().emit('error', 'str'), "THROW Error ERR_UNHANDLED_ERROR Unhandled error. ('str')");
C('error undefined', () => new EventEmitter().emit('error'), 'THROW Error ERR_UNHANDLED_ERROR Unhandled error. (undefined)');
C('error object', () => new EventEmitter().emit('error', { a: 1 }), 'THROW Error ERR_UNHANDLED_ERROR Unhandled error. ({ a: 1 })');
C('error context', () => { try { new EventEmitter().emit('error', 42); } catch (e) { return e.context; } }, 42);
C('error handled', () => { const e = new EventEmitter(); e.on('error', () => {}); return e.emit('error', new Error('x')); }, true);
C('errorMonitor', () => { const e = new EventEmitter(); const seen = []; e.on(errorMonitor, (err) => seen.push(err.message)); try { e.emit('error', new Error('m')); } catch {} return seen.join(); }, 'm');
C('bad listener', () => new EventEmitter().on('x', 1), 'THROW TypeError ERR_INVALID_ARG_TYPE The "listener" argument must be of type function. Received type number (1)');
C('bad listener once', () => new EventEmitter().once('x', null), 'THROW TypeError ERR_INVALID_ARG_TYPE The "listener" argument must be of type function. Received null');
C('bad listener remove', () => new EventEmitter().removeListener('x', {}), 'THROW TypeError ERR_INVALID_ARG_TYPE The "listener" argument must be of type function. Received an instance of Object');

// Max listeners.
C('setMaxListeners bad', () => new EventEmitter().setMaxListeners(-1), 'THROW RangeError ERR_OUT_OF_RANGE The value of "setMaxListeners" is out of range. It must be >= 0. Received -1');
C('setMaxListeners NaN', () => new EventEmitter().setMaxListeners(NaN), 'THROW RangeError ERR_OUT_OF_RANGE The value of "setMaxListeners" is out of range. It must be >= 0. Received NaN');
C('setMaxListeners str', () => new EventEmitter().setMaxListeners('1'), 'THROW TypeError ERR_INVALID_ARG_TYPE The "setMaxListeners" argument must be of type number. Received type string (\'1\')');
C('defaultMaxListeners bad', () => { EventEmitter.defaultMaxListeners = -1; }, 'THROW RangeError ERR_OUT_OF_RANGE The value of "defaultMaxListeners" is out of range. It must be >= 0. Received -1');
C('defaultMaxListeners str', () => { EventEmitter.defaultMaxListeners = 'x'; }, 'THROW TypeError ERR_INVALID_ARG_TYPE The "defaultMaxListeners" argument must be of type number. Received type string (\'x\')');
C('getMaxListeners', () => { const e = new EventEmitter(); const d = e.getMaxListeners(); e.setMaxListeners(3); return `${d} ${e.getMaxListeners()} ${EventEmitter.getMaxListeners(e)}`; }, '10 3 3');
{
  const proc = globalThis.process;
  const saved = proc && proc.emitWarning;
  const warnings = [];
  if (proc) proc.emitWarning = (w) => warnings.push(w);
  try {
    const e = new EventEmitter();
    for (let i = 0; i < 11; i++) e.on('leak', () => {});
    e.on('leak', () => {});
    class Sub extends EventEmitter {}
    const s = new Sub();
    s.setMaxListeners(1);
    const sym = Symbol('z');
    s.on(sym, () => {});
    s.on(sym, () => {});
    const unlimited = new EventEmitter();
    unlimited.setMaxListeners(0);
    for (let i = 0; i < 20; i++) unlimited.on('x', () => {});
    if (proc) {
      C('warnings', () => warnings.map((w) => `${w.name}|${w.message}|${String(w.type)}|${w.count}|${w.emitter === e || w.emitter === s}`).join('\n'), 'MaxListenersExceededWarning|Possible EventEmitter memory leak detected. 11 leak listeners added to [EventEmitter]. MaxListeners is 10. Use emitter.setMaxListeners() to increase limit|leak|11|true\nMaxListenersExceededWarning|Possible EventEmitter memory leak detected. 2 Symbol(z) listeners added to [Sub]. MaxListeners is 1. Use emitter.setMaxListeners() to increase limit|Symbol(z)|2|true');
    }
  } finally {
    if (proc) proc.emitWarning = saved;
  }
}

// Old-style inheritance: EventEmitter.call(this) and util.inherits.
{
  function Old() { EventEmitter.call(this); }
  util.inherits(Old, EventEmitter);
  const o = new Old();
  let got;
  o.on('x', (v) => { got = v; });
  o.emit('x', 5);
  assert.strictEqual(got, 5);
  assert.ok(o instanceof EventEmitter);
  class Modern extends EventEmitter {
    constructor() { super({ captureRejections: false }); this.extra = 1; }
  }
  C('subclass inspect', () => util.inspect(new Modern()), 'Modern {\n  _events: [Object: null prototype] {},\n  _eventsCount: 0,\n  _maxListeners: undefined,\n  extra: 1,\n  [Symbol(shapeMode)]: false,\n  [Symbol(kCapture)]: false\n}');
  C('captureRejections bad', () => new EventEmitter({ captureRejections: 'yes' }), 'THROW TypeError ERR_INVALID_ARG_TYPE The "options.captureRejections" property must be of type boolean. Received type string (\'yes\')');
  C('captureRejections static bad', () => { EventEmitter.captureRejections = 1; }, 'THROW TypeError ERR_INVALID_ARG_TYPE The "EventEmitter.captureRejections" property must be of type boolean. Received type number (1)');
}

// Static listenerCount (deprecated) and getEventListeners.
C('static listenerCount', () => { const e = new EventEmitter(); e.on('a', () => {}); e.on('a', () => {}); return EventEmitter.listenerCount(e, 'a'); }, 2);
C('getEventListeners', () => { const e = new EventEmitter(); const f = () => {}; e.once('a', f); return EventEmitter.getEventListeners(e, 'a')[0] === f; }, true);
C('getEventListeners bad', () => EventEmitter.getEventListeners({}, 'a'), 'THROW TypeError ERR_INVALID_ARG_TYPE The "emitter" argument must be an instance of EventEmitter or EventTarget. Received an instance of Object');
C('setMaxListeners static bad', () => EventEmitter.setMaxListeners(1, {}), 'THROW TypeError ERR_INVALID_ARG_TYPE The "eventTargets" argument must be an instance of EventEmitter or EventTarget. Received an instance of Object');
C('setMaxListeners static n', () => EventEmitter.setMaxListeners(-1), 'THROW RangeError ERR_OUT_OF_RANGE The value of "setMaxListeners" is out of range. It must be >= 0. Received -1');
C('getMaxListeners bad', () => EventEmitter.getMaxListeners({}), 'THROW TypeError ERR_INVALID_ARG_TYPE The "emitter" argument must be an instance of EventEmitter or EventTarget. Received an instance of Object');
C('setMaxListeners static', () => { const e = new EventEmitter(); EventEmitter.setMaxListeners(5, e); return e.getMaxListeners(); }, 5);
C('on bad signal', () => on(new EventEmitter(), 'x', { signal: 1 }), 'THROW TypeError ERR_INVALID_ARG_TYPE The "options.signal" property must be an instance of AbortSignal. Received type number (1)');
C('on non-object options', () => typeof on(new EventEmitter(), 'x', 1).next, 'function');

done();

// --- asynchronous helpers ---
(async () => {
  // events.once resolves with the arguments, rejects on 'error', cleans up its listeners.
  const e = new EventEmitter();
  setTimeoutish(() => e.emit('ready', 1, 2));
  assert.deepStrictEqual(await once(e, 'ready'), [1, 2]);
  assert.strictEqual(e.listenerCount('ready'), 0);
  assert.strictEqual(e.listenerCount('error'), 0);
  setTimeoutish(() => e.emit('error', new Error('failed')));
  await assert.rejects(once(e, 'ready'), /failed/);
  assert.strictEqual(e.listenerCount('ready'), 0);
  // once(emitter, 'error') resolves with the error.
  setTimeoutish(() => e.emit('error', new Error('as value')));
  const [err] = await once(e, 'error');
  assert.strictEqual(err.message, 'as value');
  await assert.rejects(once(e, 'x', { signal: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
  await assert.rejects(once({}, 'x'), { code: 'ERR_INVALID_ARG_TYPE' });
  if (typeof AbortController === 'function') {
    const ac = new AbortController();
    const pending = once(e, 'never', { signal: ac.signal });
    ac.abort();
    await assert.rejects(pending, { name: 'AbortError', code: 'ABORT_ERR', message: 'The operation was aborted' });
    assert.strictEqual(e.listenerCount('never'), 0);
    await assert.rejects(once(e, 'never', { signal: AbortSignal.abort() }), { name: 'AbortError' });
    // once works on EventTargets too.
    const et = new EventTarget();
    setTimeoutish(() => et.dispatchEvent(new Event('ping')));
    const [ev] = await once(et, 'ping');
    assert.strictEqual(ev.type, 'ping');
  }

  // events.on iterates over emitted events (buffering them) until return() or an error.
  const src = new EventEmitter();
  const it = on(src, 'data');
  src.emit('data', 'a');
  src.emit('data', 'b', 'c');
  const seen = [];
  setTimeoutish(() => { src.emit('data', 'd'); });
  for await (const args of it) {
    seen.push(args);
    if (seen.length === 3) break;
  }
  assert.deepStrictEqual(seen, [['a'], ['b', 'c'], ['d']]);
  assert.strictEqual(src.listenerCount('data'), 0);
  assert.strictEqual(src.listenerCount('error'), 0);
  const it2 = on(src, 'data');
  const next = it2.next();
  src.emit('error', new Error('iter failed'));
  await assert.rejects(next, /iter failed/);
  assert.deepStrictEqual(await it2.next(), { value: undefined, done: true });
  const it3 = on(src, 'data', { close: ['end'] });
  src.emit('data', 1);
  src.emit('end');
  const got3 = [];
  for await (const args of it3) got3.push(args);
  assert.deepStrictEqual(got3, [[1]]);
  assert.strictEqual(it3[Symbol.asyncIterator](), it3);

  // captureRejections: a rejected listener promise becomes an 'error' event (or the
  // Symbol.for('nodejs.rejection') method).
  const cap = new EventEmitter({ captureRejections: true });
  cap.on('x', async () => { throw new Error('rejected listener'); });
  const capturedErr = new Promise((resolve) => cap.on('error', resolve));
  cap.emit('x');
  assert.strictEqual((await capturedErr).message, 'rejected listener');
  const cap2 = new EventEmitter({ captureRejections: true });
  const viaSymbol = new Promise((resolve) => {
    cap2[EventEmitter.captureRejectionSymbol] = (err, type, ...args) => resolve([err.message, type, args]);
  });
  cap2.on('y', async () => { throw new Error('r2'); });
  cap2.emit('y', 7);
  assert.deepStrictEqual(await viaSymbol, ['r2', 'y', [7]]);

  // addAbortListener.
  if (typeof AbortController === 'function') {
    const ac = new AbortController();
    let called = 0;
    const disposable = EventEmitter.addAbortListener(ac.signal, () => called++);
    assert.strictEqual(typeof disposable, 'object');
    ac.abort();
    assert.strictEqual(called, 1);
    const ac2 = new AbortController();
    const d2 = EventEmitter.addAbortListener(ac2.signal, () => called++);
    d2[Symbol.dispose || Symbol.for('nodejs.dispose')]();
    ac2.abort();
    assert.strictEqual(called, 1);
    assert.throws(() => EventEmitter.addAbortListener(ac.signal, 1), { code: 'ERR_INVALID_ARG_TYPE' });
  }
})();

// A later task without timers (the harness may have none): several microtask hops.
function setTimeoutish(fn) {
  let p = Promise.resolve();
  for (let i = 0; i < 5; i++) p = p.then(() => {});
  p.then(fn);
}
