'use strict';
// Web globals: DOMException, Event, EventTarget, AbortController/AbortSignal, structuredClone,
// queueMicrotask. Each test is an async function; the runner at the bottom runs them in order
// and prints 'ok N tests' at the end (a missing line means a test hung).
const assert = require('assert');

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const hasProcess = typeof process !== 'undefined' && typeof process.on === 'function';
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function codeIs(code, name) {
  return (err) => {
    assert.strictEqual(err.code, code, `code of ${err}`);
    if (name) assert.strictEqual(err.name, name);
    return true;
  };
}

/** Runs fn with an uncaughtException listener; resolves with the errors seen. */
async function catchUncaught(fn, count) {
  const seen = [];
  const onError = (err) => seen.push(err);
  process.on('uncaughtException', onError);
  try {
    fn();
    for (let i = 0; i < 20 && seen.length < count; i++) await tick();
  } finally {
    process.removeListener('uncaughtException', onError);
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------
// DOMException

test('DOMException: name, message, code, defaults', async () => {
  const e = new DOMException('msg', 'NotFoundError');
  assert.strictEqual(e.name, 'NotFoundError');
  assert.strictEqual(e.message, 'msg');
  assert.strictEqual(e.code, 8);
  assert.ok(e instanceof DOMException);
  assert.ok(e instanceof Error);
  assert.strictEqual(Object.prototype.toString.call(e), '[object DOMException]');
  assert.deepStrictEqual(Object.keys(e), []);
  assert.strictEqual(e.stack.split('\n')[0], 'NotFoundError: msg');
  assert.strictEqual(String(e), 'NotFoundError: msg');

  const d = new DOMException();
  assert.strictEqual(d.name, 'Error');
  assert.strictEqual(d.message, '');
  assert.strictEqual(d.code, 0);
  assert.strictEqual(new DOMException('m', 'Weird').code, 0);
  assert.strictEqual(new DOMException('a', { name: 'DataCloneError' }).code, 25);
  assert.strictEqual(new DOMException('a', {}).name, 'undefined'); // Node 20 reads options.name as is
  const withCause = new DOMException('a', { name: 'AbortError', cause: 5 });
  assert.strictEqual(withCause.cause, 5);
  assert.strictEqual(withCause.code, 20);
  assert.strictEqual(Object.getOwnPropertyDescriptor(withCause, 'cause').enumerable, false);
  assert.strictEqual(new DOMException(42, 7).message, '42');
  assert.strictEqual(new DOMException(42, 7).name, '7');
});

test('DOMException: constants and brand checks', async () => {
  assert.strictEqual(DOMException.INDEX_SIZE_ERR, 1);
  assert.strictEqual(DOMException.ABORT_ERR, 20);
  assert.strictEqual(DOMException.DATA_CLONE_ERR, 25);
  assert.strictEqual(new DOMException('x').TIMEOUT_ERR, 23);
  const codes = {
    IndexSizeError: 1, HierarchyRequestError: 3, InvalidCharacterError: 5, NotFoundError: 8,
    NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12, InvalidAccessError: 15,
    SecurityError: 18, NetworkError: 19, AbortError: 20, QuotaExceededError: 22, TimeoutError: 23,
    DataCloneError: 25, EncodingError: 0, NotAllowedError: 0, OperationError: 0,
  };
  for (const [name, code] of Object.entries(codes)) assert.strictEqual(new DOMException('', name).code, code, name);
  assert.throws(() => DOMException('x'), TypeError);
  const nameGetter = Object.getOwnPropertyDescriptor(DOMException.prototype, 'name').get;
  assert.throws(() => nameGetter.call({}), codeIs('ERR_INVALID_THIS', 'TypeError'));
  assert.strictEqual(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
});

// ---------------------------------------------------------------------------------------------
// Event and EventTarget

test('Event: construction and state outside a dispatch', async () => {
  const ev = new Event('foo', { cancelable: true, bubbles: 1 });
  assert.strictEqual(ev.type, 'foo');
  assert.strictEqual(ev.bubbles, true);
  assert.strictEqual(ev.cancelable, true);
  assert.strictEqual(ev.composed, false);
  assert.strictEqual(ev.currentTarget, null);
  assert.strictEqual(ev.target, null);
  assert.strictEqual(ev.srcElement, null);
  assert.strictEqual(ev.eventPhase, 0);
  assert.strictEqual(ev.isTrusted, false);
  assert.deepStrictEqual(ev.composedPath(), []);
  assert.strictEqual(ev.returnValue, true);
  assert.strictEqual(ev.cancelBubble, false);
  assert.strictEqual(ev.defaultPrevented, false);
  assert.strictEqual(typeof ev.timeStamp, 'number');
  assert.deepStrictEqual(Object.keys(ev), []);
  assert.strictEqual(String(ev), '[object Event]');
  assert.strictEqual(new Event('x', null).bubbles, false);
  assert.strictEqual(new Event(5).type, '5');

  const notCancelable = new Event('x');
  notCancelable.preventDefault();
  assert.strictEqual(notCancelable.defaultPrevented, false);
  const cancelable = new Event('x', { cancelable: true });
  cancelable.preventDefault();
  assert.strictEqual(cancelable.defaultPrevented, true);
  assert.strictEqual(cancelable.returnValue, false);
  const stopped = new Event('x');
  stopped.stopPropagation();
  assert.strictEqual(stopped.cancelBubble, true);

  assert.throws(() => new Event(), { code: 'ERR_MISSING_ARGS', name: 'TypeError', message: 'The "type" argument must be specified' });
  assert.throws(() => new Event('x', 5), {
    code: 'ERR_INVALID_ARG_TYPE', message: 'The "options" argument must be of type object. Received type number (5)',
  });
  assert.throws(() => new Event('x', []), codeIs('ERR_INVALID_ARG_TYPE', 'TypeError'));
  assert.throws(() => Event('x'), TypeError);
  assert.strictEqual(Event.NONE, 0);
  assert.strictEqual(Event.CAPTURING_PHASE, 1);
  assert.strictEqual(Event.AT_TARGET, 2);
  assert.strictEqual(Event.BUBBLING_PHASE, 3);
  const typeGetter = Object.getOwnPropertyDescriptor(Event.prototype, 'type').get;
  assert.throws(() => typeGetter.call({}), { code: 'ERR_INVALID_THIS', message: 'Value of "this" must be of type Event' });
});

test('EventTarget: dispatch order, this, target, return value', async () => {
  const et = new EventTarget();
  const order = [];
  const ev = new Event('foo', { cancelable: true });
  et.addEventListener('foo', function (e) {
    order.push('fn');
    assert.strictEqual(this, et);
    assert.strictEqual(e, ev);
    assert.strictEqual(e.target, et);
    assert.strictEqual(e.currentTarget, et);
    assert.strictEqual(e.eventPhase, Event.AT_TARGET);
    assert.deepStrictEqual(e.composedPath(), [et]);
    e.preventDefault();
  });
  const obj = {
    handleEvent(e) {
      order.push('object');
      assert.strictEqual(this, obj);
      assert.strictEqual(e.target, et);
    },
  };
  et.addEventListener('foo', obj);
  et.addEventListener('bar', () => order.push('bar'));
  assert.strictEqual(et.dispatchEvent(ev), false);
  assert.deepStrictEqual(order, ['fn', 'object']);
  assert.strictEqual(ev.defaultPrevented, true);
  assert.strictEqual(ev.target, et);
  assert.strictEqual(ev.currentTarget, null);
  assert.strictEqual(ev.eventPhase, 0);
  assert.deepStrictEqual(ev.composedPath(), []);
  assert.strictEqual(et.dispatchEvent(new Event('nobody')), true);
  assert.strictEqual(et.dispatchEvent(new Event('bar', { cancelable: true })), true);
  assert.deepStrictEqual(order, ['fn', 'object', 'bar']);
  // The same event can be dispatched again once the first dispatch is over.
  assert.strictEqual(et.dispatchEvent(ev), false);
  assert.deepStrictEqual(order, ['fn', 'object', 'bar', 'fn', 'object']);
  assert.strictEqual(Object.prototype.toString.call(et), '[object EventTarget]');
});

test('EventTarget: duplicates, capture, removal, once', async () => {
  const et = new EventTarget();
  let calls = 0;
  const f = () => calls++;
  et.addEventListener('x', f);
  et.addEventListener('x', f);
  et.addEventListener('x', f, true);
  et.addEventListener('x', f, { capture: true });
  et.dispatchEvent(new Event('x'));
  assert.strictEqual(calls, 2);
  et.removeEventListener('x', f);
  et.dispatchEvent(new Event('x'));
  assert.strictEqual(calls, 3);
  et.removeEventListener('x', f, { capture: true });
  et.dispatchEvent(new Event('x'));
  assert.strictEqual(calls, 3);
  et.removeEventListener('x', f); // nothing left: no error
  et.removeEventListener('nothing', f);

  let once = 0;
  et.addEventListener('o', () => once++, { once: true });
  et.dispatchEvent(new Event('o'));
  et.dispatchEvent(new Event('o'));
  assert.strictEqual(once, 1);

  // A listener removed by an earlier one in the same dispatch is not called.
  const seen = [];
  const b = () => seen.push('b');
  et.addEventListener('r', () => { seen.push('a'); et.removeEventListener('r', b); });
  et.addEventListener('r', b);
  et.addEventListener('r', () => seen.push('c'));
  et.dispatchEvent(new Event('r'));
  assert.deepStrictEqual(seen, ['a', 'c']);

  // stopImmediatePropagation stops the rest of the listeners and sets cancelBubble.
  const stops = [];
  et.addEventListener('s', (e) => { stops.push(1); e.stopImmediatePropagation(); stops.push(e.cancelBubble); });
  et.addEventListener('s', () => stops.push(2));
  et.dispatchEvent(new Event('s'));
  assert.deepStrictEqual(stops, [1, true]);
});

test('EventTarget: argument checks', async () => {
  const et = new EventTarget();
  assert.throws(() => et.addEventListener('x'), {
    code: 'ERR_MISSING_ARGS', message: 'The "type" and "listener" arguments must be specified',
  });
  assert.throws(() => et.addEventListener('x', 5), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "listener" argument must be an instance of EventListener. Received type number (5)',
  });
  assert.throws(() => et.removeEventListener('x'), codeIs('ERR_MISSING_ARGS', 'TypeError'));
  assert.throws(() => et.removeEventListener('x', 5), codeIs('ERR_INVALID_ARG_TYPE', 'TypeError'));
  assert.throws(() => et.dispatchEvent(), { code: 'ERR_MISSING_ARGS', message: 'The "event" argument must be specified' });
  assert.throws(() => et.dispatchEvent({ type: 'x' }), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "event" argument must be an instance of Event. Received an instance of Object',
  });
  assert.throws(() => EventTarget.prototype.dispatchEvent.call({}, new Event('x')), {
    code: 'ERR_INVALID_THIS', message: 'Value of "this" must be of type EventTarget',
  });
  assert.throws(() => et.addEventListener('x', () => {}, { signal: 5 }), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "options.signal" property must be an instance of AbortSignal. Received type number (5)',
  });
  const ev = new Event('rec');
  let inner;
  et.addEventListener('rec', () => {
    try { et.dispatchEvent(ev); } catch (err) { inner = err; }
  });
  et.dispatchEvent(ev);
  assert.strictEqual(inner.code, 'ERR_EVENT_RECURSION');
  assert.strictEqual(inner.message, 'The event "rec" is already being dispatched');
});

test('EventTarget: a listener\'s exception is reported asynchronously, the dispatch goes on', async () => {
  if (!hasProcess) return;
  const et = new EventTarget();
  const order = [];
  et.addEventListener('x', () => { throw new Error('boom'); });
  et.addEventListener('x', async () => { throw new Error('async boom'); });
  et.addEventListener('x', () => order.push('after'));
  const errors = await catchUncaught(() => {
    assert.strictEqual(et.dispatchEvent(new Event('x')), true);
    order.push('sync');
  }, 2);
  assert.deepStrictEqual(order, ['after', 'sync']);
  assert.deepStrictEqual(errors.map((e) => e.message).sort(), ['async boom', 'boom']);
});

test('EventTarget: signal option', async () => {
  const ac = new AbortController();
  const et = new EventTarget();
  let calls = 0;
  et.addEventListener('x', () => calls++, { signal: ac.signal });
  et.dispatchEvent(new Event('x'));
  ac.abort();
  et.dispatchEvent(new Event('x'));
  assert.strictEqual(calls, 1);
  et.addEventListener('x', () => calls++, { signal: ac.signal }); // already aborted: not added
  et.dispatchEvent(new Event('x'));
  assert.strictEqual(calls, 1);
  // A capture listener is removed with its capture flag.
  const ac2 = new AbortController();
  et.addEventListener('y', () => calls++, { signal: ac2.signal, capture: true });
  ac2.abort();
  et.dispatchEvent(new Event('y'));
  assert.strictEqual(calls, 1);
});

// ---------------------------------------------------------------------------------------------
// AbortController / AbortSignal

test('AbortController: abort event, reason, onabort order', async () => {
  const ac = new AbortController();
  const s = ac.signal;
  assert.strictEqual(s.aborted, false);
  assert.strictEqual(s.reason, undefined);
  assert.strictEqual(s.onabort, null);
  assert.ok(s instanceof EventTarget);
  assert.strictEqual(Object.prototype.toString.call(s), '[object AbortSignal]');
  assert.strictEqual(Object.prototype.toString.call(ac), '[object AbortController]');
  assert.strictEqual(ac.signal, s);
  const order = [];
  s.addEventListener('abort', (e) => {
    order.push('l1');
    assert.strictEqual(e.type, 'abort');
    assert.strictEqual(e.isTrusted, true);
    assert.strictEqual(e.target, s);
    assert.strictEqual(e.cancelable, false);
    assert.strictEqual(e.bubbles, false);
    assert.strictEqual(s.aborted, true);
  });
  s.onabort = function (e) { order.push('onabort'); assert.strictEqual(this, s); assert.strictEqual(e.type, 'abort'); };
  s.addEventListener('abort', () => order.push('l3'));
  s.throwIfAborted();
  ac.abort();
  ac.abort('again');
  assert.deepStrictEqual(order, ['l1', 'onabort', 'l3']);
  assert.ok(s.reason instanceof DOMException);
  assert.strictEqual(s.reason.name, 'AbortError');
  assert.strictEqual(s.reason.code, 20);
  assert.strictEqual(s.reason.message, 'This operation was aborted');
  assert.throws(() => s.throwIfAborted(), (err) => err === s.reason);

  // onabort keeps the place where it was first set; setting it again replaces it in place.
  const ac2 = new AbortController();
  const order2 = [];
  ac2.signal.addEventListener('abort', () => order2.push('first'));
  ac2.signal.onabort = () => order2.push('o1');
  ac2.signal.addEventListener('abort', () => order2.push('last'));
  const o2 = () => order2.push('o2');
  ac2.signal.onabort = o2;
  assert.strictEqual(ac2.signal.onabort, o2);
  ac2.abort('why');
  assert.deepStrictEqual(order2, ['first', 'o2', 'last']);
  assert.strictEqual(ac2.signal.reason, 'why');
});

test('AbortController: explicit reasons, AbortSignal.abort, constructor', async () => {
  const a = new AbortController();
  a.abort(undefined);
  assert.strictEqual(a.signal.reason.name, 'AbortError');
  const b = new AbortController();
  b.abort(null);
  assert.strictEqual(b.signal.reason, null);
  const err = new Error('mine');
  const c = new AbortController();
  c.abort(err);
  assert.throws(() => c.signal.throwIfAborted(), (e) => e === err);

  const s = AbortSignal.abort();
  assert.strictEqual(s.aborted, true);
  assert.strictEqual(s.reason.name, 'AbortError');
  assert.strictEqual(AbortSignal.abort(42).reason, 42);
  assert.throws(() => new AbortSignal(), {
    name: 'TypeError', code: 'ERR_ILLEGAL_CONSTRUCTOR', message: 'Illegal constructor',
  });
  const abortedGetter = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get;
  assert.throws(() => abortedGetter.call({}), { code: 'ERR_INVALID_THIS', message: 'Value of "this" must be of type AbortSignal' });
});

test('AbortSignal.timeout', async () => {
  assert.throws(() => AbortSignal.timeout(-1), {
    name: 'RangeError', code: 'ERR_OUT_OF_RANGE',
    message: 'The value of "delay" is out of range. It must be >= 0 && <= 4294967295. Received -1',
  });
  assert.throws(() => AbortSignal.timeout('x'), {
    name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "delay" argument must be of type number. Received type string (\'x\')',
  });
  const s = AbortSignal.timeout(5);
  assert.strictEqual(s.aborted, false);
  // The signal's timer does not keep a process alive; this promise's own timer does.
  const keepAlive = setTimeout(() => {}, 1000);
  await new Promise((resolve) => { s.onabort = resolve; });
  clearTimeout(keepAlive);
  assert.strictEqual(s.aborted, true);
  assert.strictEqual(s.reason.name, 'TimeoutError');
  assert.strictEqual(s.reason.code, 23);
  assert.strictEqual(s.reason.message, 'The operation was aborted due to timeout');
});

test('AbortSignal.any', async () => {
  const a1 = new AbortController();
  const a2 = new AbortController();
  const any = AbortSignal.any([a1.signal, a2.signal]);
  const seen = [];
  any.onabort = () => seen.push(any.reason);
  a2.abort('r2');
  a1.abort('r1');
  assert.deepStrictEqual(seen, ['r2']);
  assert.strictEqual(any.aborted, true);
  assert.strictEqual(AbortSignal.any([AbortSignal.abort('pre')]).reason, 'pre');
  assert.strictEqual(AbortSignal.any([]).aborted, false);
  assert.throws(() => AbortSignal.any([1]), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "signals[0]" argument must be an instance of AbortSignal. Received type number (1)',
  });
  assert.throws(() => AbortSignal.any(5), {
    code: 'ERR_INVALID_ARG_TYPE', message: 'The "signals" argument must be an instance of Array. Received type number (5)',
  });
});

test('AbortSignal: nested aborts, any() chains, objects without handleEvent', async () => {
  const a = new AbortController();
  const order = [];
  a.signal.addEventListener('abort', () => {
    order.push('l1');
    a.abort('again'); // already aborted: nothing
  });
  a.signal.addEventListener('abort', () => order.push('l2'));
  a.abort('first');
  assert.deepStrictEqual(order, ['l1', 'l2']);
  assert.strictEqual(a.signal.reason, 'first');

  const root = new AbortController();
  const s1 = AbortSignal.any([root.signal]);
  const s2 = AbortSignal.any([s1]);
  const chain = [];
  s1.onabort = () => chain.push('s1');
  s2.onabort = () => chain.push('s2');
  root.signal.onabort = () => chain.push('root');
  root.abort('R');
  assert.deepStrictEqual(chain, ['root', 's1', 's2']);
  assert.strictEqual(s2.reason, 'R');

  const et = new EventTarget();
  et.addEventListener('x', {});
  assert.strictEqual(et.dispatchEvent(new Event('x')), true);

  class Custom extends Event {
    constructor() {
      super('custom', { cancelable: true });
      this.detail = 5;
    }
  }
  let seen;
  et.addEventListener('custom', (e) => {
    seen = [e.detail, e instanceof Custom];
    e.preventDefault();
  });
  assert.strictEqual(et.dispatchEvent(new Custom()), false);
  assert.deepStrictEqual(seen, [5, true]);
});

// ---------------------------------------------------------------------------------------------
// structuredClone

function assertCloneError(fn, message) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof DOMException, `${err} is a DOMException`);
    assert.strictEqual(err.name, 'DataCloneError');
    assert.strictEqual(err.code, 25);
    if (message) assert.strictEqual(err.message, message);
    return true;
  });
}

test('structuredClone: primitives and wrappers', async () => {
  for (const v of [undefined, null, true, 0, 1.5, NaN, Infinity, 'str', 10n]) {
    assert.ok(Object.is(structuredClone(v), v));
  }
  assert.ok(Object.is(structuredClone(-0), -0));
  const n = structuredClone(new Number(3));
  assert.strictEqual(typeof n, 'object');
  assert.strictEqual(n.valueOf(), 3);
  assert.strictEqual(structuredClone(new String('ab')).valueOf(), 'ab');
  assert.ok(structuredClone(new String('ab')) instanceof String);
  assert.strictEqual(structuredClone(new Boolean(false)).valueOf(), false);
  assert.strictEqual(structuredClone(Object(10n)).valueOf(), 10n);
  assert.strictEqual(typeof structuredClone(Object(10n)), 'object');
});

test('structuredClone: Date, RegExp', async () => {
  const d = new Date(1234567890);
  const dc = structuredClone(d);
  assert.notStrictEqual(dc, d);
  assert.ok(dc instanceof Date);
  assert.strictEqual(dc.getTime(), 1234567890);
  assert.ok(Number.isNaN(structuredClone(new Date(NaN)).getTime()));
  const re = /a+b/gimsuy;
  re.lastIndex = 3;
  re.extra = 1;
  const rc = structuredClone(re);
  assert.notStrictEqual(rc, re);
  assert.strictEqual(rc.source, 'a+b');
  assert.strictEqual(rc.flags, 'gimsuy');
  assert.strictEqual(rc.lastIndex, 0);
  assert.strictEqual(rc.extra, undefined);
  assert.strictEqual(structuredClone(/x/d).flags, 'd');
});

test('structuredClone: ArrayBuffer, typed arrays, DataView', async () => {
  const ab = new ArrayBuffer(8);
  new Uint8Array(ab).set([1, 2, 3, 4, 5, 6, 7, 8]);
  const abc = structuredClone(ab);
  assert.notStrictEqual(abc, ab);
  assert.strictEqual(abc.byteLength, 8);
  new Uint8Array(abc)[0] = 99;
  assert.strictEqual(new Uint8Array(ab)[0], 1);

  const ta = new Uint8Array([1, 2, 3, 4]);
  const sub = ta.subarray(1, 3);
  const r = structuredClone({ ta, sub, dv: new DataView(ta.buffer, 2), buf: ta.buffer });
  assert.strictEqual(r.ta.buffer, r.sub.buffer);
  assert.strictEqual(r.dv.buffer, r.ta.buffer);
  assert.strictEqual(r.buf, r.ta.buffer);
  assert.notStrictEqual(r.buf, ta.buffer);
  assert.strictEqual(r.sub.byteOffset, 1);
  assert.strictEqual(r.sub.length, 2);
  assert.strictEqual(r.dv.byteOffset, 2);
  assert.strictEqual(r.dv.byteLength, 2);
  assert.deepStrictEqual([...r.sub], [2, 3]);
  r.ta[1] = 42;
  assert.strictEqual(r.sub[0], 42);
  assert.strictEqual(ta[1], 2);

  const part = new Uint16Array(new ArrayBuffer(10), 2, 3);
  const pc = structuredClone(part);
  assert.ok(pc instanceof Uint16Array);
  assert.strictEqual(pc.buffer.byteLength, 10);
  assert.strictEqual(pc.byteOffset, 2);
  assert.strictEqual(pc.length, 3);
  const f = new Float64Array([1.5, -2]);
  f.foo = 1;
  const fc = structuredClone(f);
  assert.deepStrictEqual([...fc], [1.5, -2]);
  assert.strictEqual(fc.foo, undefined);
  assert.deepStrictEqual([...structuredClone(new BigInt64Array([5n]))], [5n]);
});

test('structuredClone: objects, arrays, Map, Set, references', async () => {
  class Foo { constructor() { this.a = 1; } get b() { return 2; } }
  const foo = structuredClone(new Foo());
  assert.strictEqual(Object.getPrototypeOf(foo), Object.prototype);
  assert.deepStrictEqual(foo, { a: 1 });

  const obj = { b: 1, a: 2, 1: 'x', [Symbol('s')]: 3, get g() { return 7; } };
  Object.defineProperty(obj, 'hidden', { value: 1, enumerable: false });
  const oc = structuredClone(obj);
  assert.deepStrictEqual(Object.keys(oc), ['1', 'b', 'a', 'g']);
  assert.deepStrictEqual(Object.getOwnPropertySymbols(oc), []);
  assert.deepStrictEqual(Object.getOwnPropertyDescriptor(oc, 'g'), { value: 7, writable: true, enumerable: true, configurable: true });
  assert.strictEqual(oc.hidden, undefined);

  const nul = Object.create(null);
  nul.a = 1;
  assert.strictEqual(Object.getPrototypeOf(structuredClone(nul)), Object.prototype);
  const proto = JSON.parse('{"__proto__": {"x": 1}}');
  const protoClone = structuredClone(proto);
  assert.strictEqual(Object.getPrototypeOf(protoClone), Object.prototype);
  assert.deepStrictEqual(Object.keys(protoClone), ['__proto__']);

  const arr = [1, , 3];
  arr.x = 5;
  const ac = structuredClone(arr);
  assert.ok(Array.isArray(ac));
  assert.strictEqual(ac.length, 3);
  assert.strictEqual(1 in ac, false);
  assert.strictEqual(ac.x, 5);
  const sparse = [];
  sparse[5] = 1;
  assert.strictEqual(structuredClone(sparse).length, 6);

  const key = { k: 1 };
  const m = new Map([[key, key], ['s', [key]]]);
  m.extra = 1;
  const mc = structuredClone(m);
  assert.ok(mc instanceof Map);
  assert.strictEqual(mc.extra, undefined);
  const [k2] = mc.keys();
  assert.notStrictEqual(k2, key);
  assert.strictEqual(mc.get(k2), k2);
  assert.strictEqual(mc.get('s')[0], k2);
  const set = new Set([1, key, 'a']);
  const sc = structuredClone(set);
  assert.ok(sc instanceof Set);
  assert.deepStrictEqual([...sc], [1, { k: 1 }, 'a']);

  const cyc = { list: [] };
  cyc.self = cyc;
  cyc.list.push(cyc, cyc.list);
  const cc = structuredClone(cyc);
  assert.strictEqual(cc.self, cc);
  assert.strictEqual(cc.list[0], cc);
  assert.strictEqual(cc.list[1], cc.list);
  const shared = { s: 1 };
  const two = structuredClone([shared, shared]);
  assert.strictEqual(two[0], two[1]);
  assert.notStrictEqual(two[0], shared);

  class MyMap extends Map {}
  assert.strictEqual(Object.getPrototypeOf(structuredClone(new MyMap())), Map.prototype);
  assert.deepStrictEqual(structuredClone(Math), {});
});

test('structuredClone: errors', async () => {
  const e = new TypeError('m', { cause: { x: 1 } });
  e.code = 'X';
  const c = structuredClone(e);
  assert.ok(c instanceof TypeError);
  assert.notStrictEqual(c, e);
  assert.strictEqual(c.message, 'm');
  assert.strictEqual(c.stack, e.stack);
  assert.deepStrictEqual(c.cause, { x: 1 });
  assert.strictEqual(c.code, undefined);
  assert.deepStrictEqual(Object.getOwnPropertyNames(c), ['stack', 'message', 'cause']);
  assert.strictEqual(Object.getOwnPropertyDescriptor(c, 'message').enumerable, false);

  class MyErr extends RangeError {}
  assert.strictEqual(structuredClone(new MyErr('hi')).constructor, RangeError);
  class Named extends Error { constructor(msg) { super(msg); this.name = 'Named'; } }
  const named = structuredClone(new Named('n'));
  assert.strictEqual(named.constructor, Error);
  assert.strictEqual(named.name, 'Error');
  assert.ok(!Object.getOwnPropertyNames(named).includes('name'));
  const renamed = new Error('q');
  renamed.name = 'SyntaxError';
  assert.strictEqual(structuredClone(renamed).constructor, SyntaxError);
  for (const E of [EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, Error]) {
    assert.strictEqual(Object.getPrototypeOf(structuredClone(new E('x'))), E.prototype);
  }
  assert.deepStrictEqual(Object.getOwnPropertyNames(structuredClone(new Error())), ['stack']);
  const noStack = new RangeError('m');
  Object.defineProperty(noStack, 'stack', { value: undefined });
  const noStackClone = structuredClone(noStack);
  assert.ok(Object.getOwnPropertyNames(noStackClone).includes('stack'));
  assert.strictEqual(noStackClone.stack, undefined);
  const numeric = new Error('x');
  numeric.message = 42;
  assert.strictEqual(structuredClone(numeric).message, '42');
  assert.strictEqual(Object.getPrototypeOf(structuredClone(Object.create(Error.prototype))), Object.prototype);
});

test('structuredClone: values that cannot be cloned', async () => {
  assertCloneError(() => structuredClone(() => {}), '() => {} could not be cloned.');
  assertCloneError(() => structuredClone(function foo(a) { return a; }), 'function foo(a) { return a; } could not be cloned.');
  assertCloneError(() => structuredClone(Symbol('x')), 'Symbol(x) could not be cloned.');
  assertCloneError(() => structuredClone({ a: { b: Symbol('y') } }), 'Symbol(y) could not be cloned.');
  assertCloneError(() => structuredClone(new WeakMap()), '#<WeakMap> could not be cloned.');
  assertCloneError(() => structuredClone(new WeakSet()), '#<WeakSet> could not be cloned.');
  assertCloneError(() => structuredClone(new WeakRef({})), '#<WeakRef> could not be cloned.');
  assertCloneError(() => structuredClone(Promise.resolve()), '#<Promise> could not be cloned.');
  assertCloneError(() => structuredClone(Object(Symbol('q'))), '[object Symbol] could not be cloned.');
  assertCloneError(() => structuredClone((function* () {})()), '[object Generator] could not be cloned.');
  assertCloneError(() => structuredClone((function () { return arguments; })(1)), '#<Object> could not be cloned.');
  assertCloneError(() => structuredClone([][Symbol.iterator]()));
  assertCloneError(() => structuredClone(new Map([[1, () => 1]])), '() => 1 could not be cloned.');
  assertCloneError(() => structuredClone(new Error('x', { cause: () => 2 })), '() => 2 could not be cloned.');
  class WithMethod { constructor() { this.f = () => 3; } }
  assertCloneError(() => structuredClone(new WithMethod()), '() => 3 could not be cloned.');
});

test('structuredClone: arguments and transfer list', async () => {
  assert.throws(() => structuredClone(), {
    name: 'TypeError', code: 'ERR_MISSING_ARGS', message: 'The value argument must be specified',
  });
  assert.throws(() => structuredClone(1, 5), {
    name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'The options argument must be either an object or undefined',
  });
  assert.strictEqual(structuredClone(1, null), 1);
  assert.strictEqual(structuredClone(1, undefined), 1);
  assert.strictEqual(structuredClone(1, {}), 1);
  assert.throws(() => structuredClone(1, { transfer: 5 }), {
    name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'Optional transferList argument must be an iterable',
  });
  assert.throws(() => structuredClone(1, { transfer: [{}] }), {
    name: 'TypeError', code: 'ERR_INVALID_TRANSFER_OBJECT', message: 'Found invalid object in transferList',
  });
  const ab = new ArrayBuffer(2);
  assertCloneError(() => structuredClone(1, { transfer: [ab, ab] }), 'Transfer list contains duplicate ArrayBuffer');
  const moved = structuredClone(ab, { transfer: [ab] });
  assert.strictEqual(moved.byteLength, 2);
});

// ---------------------------------------------------------------------------------------------
// queueMicrotask

test('queueMicrotask: order and validation', async () => {
  const order = [];
  Promise.resolve().then(() => order.push('p1'));
  queueMicrotask(() => order.push('q1'));
  Promise.resolve().then(() => order.push('p2'));
  queueMicrotask(() => {
    order.push('q2');
    queueMicrotask(() => order.push('q3'));
  });
  order.push('sync');
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepStrictEqual(order, ['sync', 'p1', 'q1', 'p2', 'q2', 'q3']);
  assert.throws(() => queueMicrotask(5), {
    name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "callback" argument must be of type function. Received type number (5)',
  });
  assert.throws(() => queueMicrotask(), {
    code: 'ERR_INVALID_ARG_TYPE', message: 'The "callback" argument must be of type function. Received undefined',
  });
  assert.strictEqual(queueMicrotask.name, 'queueMicrotask');
  assert.strictEqual(queueMicrotask.length, 1);
});

test('queueMicrotask: an exception is reported as uncaught', async () => {
  if (!hasProcess) return;
  const later = [];
  const errors = await catchUncaught(() => {
    queueMicrotask(() => { throw new Error('qm boom'); });
    queueMicrotask(() => later.push('next'));
  }, 1);
  assert.deepStrictEqual(errors.map((e) => e.message), ['qm boom']);
  assert.deepStrictEqual(later, ['next']);
});

// ---------------------------------------------------------------------------------------------

function withTimeout(promise, ms, name) {
  let timer;
  return Promise.race([
    promise,
    new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

(async () => {
  let passed = 0;
  for (const { name, fn } of tests) {
    try {
      await withTimeout(fn(), 5000, name);
      passed++;
    } catch (err) {
      console.log(`not ok - ${name}\n${err && err.stack ? err.stack : err}`);
      if (typeof process !== 'undefined') process.exitCode = 1;
    }
  }
  console.log(passed === tests.length ? `ok ${passed} tests` : `failed ${tests.length - passed} of ${tests.length} tests`);
})();
