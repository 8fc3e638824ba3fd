'use strict';
// Web platform globals as Node 20 has them: DOMException, Event, EventTarget, AbortController,
// AbortSignal, structuredClone and queueMicrotask, in plain ECMAScript (no host objects).
//
// Not supported:
// - structuredClone's `transfer` option is validated but the listed ArrayBuffers are copied,
//   not moved: the originals stay attached (ES2022 has no way to detach an ArrayBuffer).
// - structuredClone of a SharedArrayBuffer returns the same object (Node returns a new object
//   over the same memory); Proxy objects are cloned through their traps (V8 refuses them);
//   Blob, MessagePort, KeyObject and other host objects are unknown here.
// - EventTarget has no propagation path (as in Node: no capture/bubble phases, no parents);
//   Node's NodeEventTarget, CustomEvent and weak listeners are not provided.
// - AbortSignal.timeout() needs a global setTimeout when it is called (ERR_METHOD_NOT_IMPLEMENTED
//   otherwise); AbortSignal.any() keeps its result alive while a source signal is alive
//   (Node holds it weakly).
// - An exception thrown by an event listener or a queueMicrotask callback is rethrown from
//   process.nextTick when there is one (Node's uncaught exception path), else from a microtask
//   (an unhandled rejection).
// Differences kept on purpose: listeners see `currentTarget` for the whole dispatch (Node 20
// clears it after the first listener) and preventDefault() is ignored in passive listeners.

const { nodeError, describeReceived, invalidArgType, outOfRange, missingArgs } = require('internal/errors');

// ---------------------------------------------------------------------------------------------
// Errors and scheduling helpers.

function invalidThis(type) {
  return nodeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

/** ERR_INVALID_ARG_TYPE for a class: `must be an instance of X`. */
function notInstance(name, className, actual) {
  const kind = name.includes('.') ? 'property' : 'argument';
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kind} must be an instance of ${className}.${describeReceived(actual)}`);
}

function nextTick(fn) {
  const proc = globalThis.process;
  if (proc && typeof proc.nextTick === 'function') proc.nextTick(fn);
  else Promise.resolve().then(fn);
}

/** An exception nobody can catch any more (a listener's, a microtask's): thrown again later. */
function reportUncaught(err) {
  nextTick(() => { throw err; });
}

function emitWarning(warning) {
  const proc = globalThis.process;
  if (proc && typeof proc.emitWarning === 'function') {
    try { proc.emitWarning(warning); } catch { /* a warning must not break the caller */ }
  }
}

// Without `performance`, timestamps count from the first Event (not from module load: the
// module may be loaded into a startup snapshot long before the process runs).
let origin;
function now() {
  const perf = globalThis.performance;
  if (perf && typeof perf.now === 'function') return perf.now();
  if (origin === undefined) origin = Date.now();
  return Date.now() - origin;
}

// ---------------------------------------------------------------------------------------------
// DOMException.

const domExceptionNames = [
  ['IndexSizeError', 'INDEX_SIZE_ERR'],
  ['DOMStringSizeError', 'DOMSTRING_SIZE_ERR'],
  ['HierarchyRequestError', 'HIERARCHY_REQUEST_ERR'],
  ['WrongDocumentError', 'WRONG_DOCUMENT_ERR'],
  ['InvalidCharacterError', 'INVALID_CHARACTER_ERR'],
  ['NoDataAllowedError', 'NO_DATA_ALLOWED_ERR'],
  ['NoModificationAllowedError', 'NO_MODIFICATION_ALLOWED_ERR'],
  ['NotFoundError', 'NOT_FOUND_ERR'],
  ['NotSupportedError', 'NOT_SUPPORTED_ERR'],
  ['InUseAttributeError', 'INUSE_ATTRIBUTE_ERR'],
  ['InvalidStateError', 'INVALID_STATE_ERR'],
  ['SyntaxError', 'SYNTAX_ERR'],
  ['InvalidModificationError', 'INVALID_MODIFICATION_ERR'],
  ['NamespaceError', 'NAMESPACE_ERR'],
  ['InvalidAccessError', 'INVALID_ACCESS_ERR'],
  ['ValidationError', 'VALIDATION_ERR'],
  ['TypeMismatchError', 'TYPE_MISMATCH_ERR'],
  ['SecurityError', 'SECURITY_ERR'],
  ['NetworkError', 'NETWORK_ERR'],
  ['AbortError', 'ABORT_ERR'],
  ['URLMismatchError', 'URL_MISMATCH_ERR'],
  ['QuotaExceededError', 'QUOTA_EXCEEDED_ERR'],
  ['TimeoutError', 'TIMEOUT_ERR'],
  ['InvalidNodeTypeError', 'INVALID_NODE_TYPE_ERR'],
  ['DataCloneError', 'DATA_CLONE_ERR'],
];
const domExceptionCodes = new Map(domExceptionNames.map(([name], i) => [name, i + 1]));

class DOMException {
  #name;
  #message;

  constructor(message = '', options = 'Error') {
    this.#message = `${message}`;
    if (options !== null && typeof options === 'object') {
      this.#name = `${options.name}`; // Node 20: no default once options is an object
      if ('cause' in options) {
        Object.defineProperty(this, 'cause', { value: options.cause, writable: true, enumerable: false, configurable: true });
      }
    } else {
      this.#name = `${options}`;
    }
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(this);
    else Object.defineProperty(this, 'stack', { value: `${this.#name}: ${this.#message}`, writable: true, configurable: true });
  }

  static #check(self) {
    if (self === null || typeof self !== 'object' || !(#name in self)) {
      throw nodeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of DOMException');
    }
  }

  get name() { DOMException.#check(this); return this.#name; }
  get message() { DOMException.#check(this); return this.#message; }
  get code() { DOMException.#check(this); return domExceptionCodes.get(this.#name) || 0; }
}
Object.setPrototypeOf(DOMException.prototype, Error.prototype);
for (const key of ['name', 'message', 'code']) {
  Object.defineProperty(DOMException.prototype, key, { enumerable: true });
}
Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: 'DOMException', configurable: true });
domExceptionNames.forEach(([, constant], i) => {
  const desc = { value: i + 1, enumerable: true, writable: false, configurable: false };
  Object.defineProperty(DOMException, constant, desc);
  Object.defineProperty(DOMException.prototype, constant, desc);
});

function abortError() {
  return new DOMException('This operation was aborted', 'AbortError');
}

// ---------------------------------------------------------------------------------------------
// Event.

const kTrusted = Symbol('kTrusted'); // an option only this module can pass: isTrusted = true
let eventState; // (event) => its internal state, throwing ERR_INVALID_THIS for a non-Event

function flag(value) { return !!value; }

class Event {
  #s;

  constructor(type, options = undefined) {
    if (arguments.length === 0) throw missingArgs('type');
    if (options != null && (typeof options !== 'object' || Array.isArray(options))) {
      throw invalidArgType('options', 'object', options);
    }
    this.#s = {
      type: `${type}`,
      bubbles: flag(options?.bubbles),
      cancelable: flag(options?.cancelable),
      composed: flag(options?.composed),
      trusted: options != null && options[kTrusted] === true,
      defaultPrevented: false,
      timeStamp: now(),
      target: null,
      dispatching: false,
      stop: false,
      propagationStopped: false,
      inPassiveListener: false,
    };
  }

  static {
    eventState = (event) => {
      if (event === null || typeof event !== 'object' || !(#s in event)) throw invalidThis('Event');
      return event.#s;
    };
  }

  initEvent(type, bubbles = false, cancelable = false) {
    const s = eventState(this);
    if (arguments.length === 0) throw missingArgs('type');
    if (s.dispatching) return;
    s.type = `${type}`;
    s.bubbles = flag(bubbles);
    s.cancelable = flag(cancelable);
  }

  stopImmediatePropagation() {
    const s = eventState(this);
    s.propagationStopped = true;
    s.stop = true;
  }

  preventDefault() {
    const s = eventState(this);
    if (!s.inPassiveListener) s.defaultPrevented = true;
  }

  get target() { return eventState(this).target; }
  get currentTarget() { const s = eventState(this); return s.dispatching ? s.target : null; }
  get srcElement() { return eventState(this).target; }
  get type() { return eventState(this).type; }
  get cancelable() { return eventState(this).cancelable; }
  get defaultPrevented() { const s = eventState(this); return s.cancelable && s.defaultPrevented; }
  get timeStamp() { return eventState(this).timeStamp; }
  composedPath() { const s = eventState(this); return s.dispatching ? [s.target] : []; }
  get returnValue() { const s = eventState(this); return !(s.cancelable && s.defaultPrevented); }
  get bubbles() { return eventState(this).bubbles; }
  get composed() { return eventState(this).composed; }
  get eventPhase() { return eventState(this).dispatching ? Event.AT_TARGET : Event.NONE; }
  get cancelBubble() { return eventState(this).propagationStopped; }
  set cancelBubble(value) { if (value) this.stopPropagation(); }
  stopPropagation() { eventState(this).propagationStopped = true; }
  get isTrusted() { return eventState(this).trusted; }
}
for (const key of ['target', 'currentTarget', 'srcElement', 'type', 'cancelable', 'defaultPrevented',
  'timeStamp', 'returnValue', 'bubbles', 'composed', 'eventPhase', 'cancelBubble', 'isTrusted']) {
  Object.defineProperty(Event.prototype, key, { enumerable: true });
}
Object.defineProperty(Event.prototype, Symbol.toStringTag, { value: 'Event', configurable: true });
[['NONE', 0], ['CAPTURING_PHASE', 1], ['AT_TARGET', 2], ['BUBBLING_PHASE', 3]].forEach(([name, value]) => {
  Object.defineProperty(Event, name, { value, enumerable: true, writable: false, configurable: false });
});

// ---------------------------------------------------------------------------------------------
// EventTarget.

/** Duck-typed like Node's validateAbortSignal: an object with an `aborted` property. */
function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw notInstance(name, 'AbortSignal', signal);
  }
}

/** Node's validateEventListener: false for null/undefined (ignored), throws for a non-object. */
function validListener(listener) {
  if (typeof listener === 'function' || (listener !== null && typeof listener === 'object')) return true;
  if (listener == null) return false;
  throw notInstance('listener', 'EventListener', listener);
}

function listenerOptions(options) {
  if (typeof options === 'boolean') return { capture: options };
  if (options === null || options === undefined) return {};
  if (typeof options !== 'object' && typeof options !== 'function') throw invalidArgType('options', 'object', options);
  return {
    once: flag(options.once),
    capture: flag(options.capture),
    passive: flag(options.passive),
    signal: options.signal,
    resist: options[kResist] === true,
  };
}
const kResist = Symbol('kResistStopPropagation'); // internal listeners (signal cleanups) always run

let targetListeners; // (target) => Map type -> { first, last } list of listener records
let handlerSlots; // (target) => Map type -> event handler wrapper (onabort...)

class EventTarget {
  #listeners = new Map();
  #handlers = new Map();

  static {
    targetListeners = (target) => {
      if (target === null || typeof target !== 'object' || !(#listeners in target)) throw invalidThis('EventTarget');
      return target.#listeners;
    };
    handlerSlots = (target) => {
      if (target === null || typeof target !== 'object' || !(#handlers in target)) throw invalidThis('EventTarget');
      return target.#handlers;
    };
  }

  addEventListener(type, listener, options = undefined) {
    const lists = targetListeners(this);
    if (arguments.length < 2) throw missingArgs('type', 'listener');
    const { once = false, capture = false, passive = false, signal, resist = false } = listenerOptions(options);
    validateAbortSignal(signal, 'options.signal');
    if (!validListener(listener)) {
      const warning = new Error(`addEventListener called with ${listener} which has no effect.`);
      warning.name = 'AddEventListenerArgumentTypeWarning';
      warning.target = this;
      warning.type = type;
      emitWarning(warning);
      return;
    }
    type = `${type}`;
    if (signal && signal.aborted) return;
    let list = lists.get(type);
    if (!list) {
      list = { first: null, last: null };
      lists.set(type, list);
    }
    for (let r = list.first; r; r = r.next) {
      if (!r.removed && r.listener === listener && r.capture === capture) return;
    }
    const record = { listener, capture, once, passive, resist, removed: false, prev: list.last, next: null };
    if (list.last) list.last.next = record;
    else list.first = record;
    list.last = record;
    if (signal) {
      signal.addEventListener('abort', () => { this.removeEventListener(type, listener, options); },
        { once: true, [kResist]: true });
    }
  }

  removeEventListener(type, listener, options = undefined) {
    const lists = targetListeners(this);
    if (arguments.length < 2) throw missingArgs('type', 'listener');
    if (!validListener(listener)) return;
    type = `${type}`;
    const capture = typeof options === 'boolean' ? options : flag(options?.capture);
    const list = lists.get(type);
    if (!list) return;
    for (let r = list.first; r; r = r.next) {
      if (!r.removed && r.listener === listener && r.capture === capture) {
        unlink(list, r);
        if (!list.first) lists.delete(type);
        return;
      }
    }
  }

  dispatchEvent(event) {
    const lists = targetListeners(this);
    if (arguments.length < 1) throw missingArgs('event');
    if (!(event instanceof Event)) throw notInstance('event', 'Event', event);
    const s = eventState(event);
    if (s.dispatching) throw nodeError(Error, 'ERR_EVENT_RECURSION', `The event "${s.type}" is already being dispatched`);
    s.target = this;
    s.dispatching = true;
    s.stop = false;
    const list = lists.get(s.type);
    let record = list ? list.first : null;
    while (record) {
      const next = record.next;
      if (!record.removed && (!s.stop || record.resist)) {
        if (record.once) {
          unlink(list, record);
          if (!list.first && lists.get(s.type) === list) lists.delete(s.type);
        }
        s.inPassiveListener = record.passive;
        try {
          const listener = record.listener;
          let result;
          if (typeof listener === 'function') {
            result = listener.call(this, event);
          } else {
            // An object without handleEvent is ignored, as in Node.
            const handleEvent = listener.handleEvent;
            if (handleEvent) result = handleEvent.call(listener, event);
          }
          if (result !== undefined && result !== null && typeof result.then === 'function') {
            result.then(undefined, reportUncaught);
          }
        } catch (err) {
          reportUncaught(err);
        }
        s.inPassiveListener = false;
      }
      record = next;
    }
    s.dispatching = false;
    return !(s.cancelable && s.defaultPrevented);
  }
}
Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, { value: 'EventTarget', configurable: true });

function unlink(list, record) {
  record.removed = true;
  if (record.prev) record.prev.next = record.next;
  else list.first = record.next;
  if (record.next) record.next.prev = record.prev;
  else list.last = record.prev;
  // record.next stays: a dispatch standing on this record can still move on.
}

/** An `on<type>` attribute: registered as a listener the first time it is set (Node's way). */
function defineEventHandler(proto, type) {
  Object.defineProperty(proto, `on${type}`, {
    enumerable: true,
    configurable: true,
    get() {
      const slot = handlerSlots(this).get(type);
      return slot ? slot.handler : null;
    },
    set(value) {
      const slots = handlerSlots(this);
      let slot = slots.get(type);
      if (slot) {
        slot.handler = value;
        return;
      }
      slot = { handler: value };
      const wrapper = function (event) {
        if (typeof slot.handler === 'function') return slot.handler.call(this, event);
        return undefined;
      };
      slots.set(type, slot);
      this.addEventListener(type, wrapper);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// AbortSignal and AbortController.

const kCreate = Symbol('kCreateAbortSignal');
let signalAbort; // (signal, reason) => runs the abort steps
let signalInit; // (signal, reason) => makes a new signal already aborted, without an event
let signalFollow; // (source, dependent) => dependent aborts when source does

function illegalConstructor() {
  return nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
}

class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #dependents = null;

  constructor(key = undefined) {
    if (key !== kCreate) throw illegalConstructor();
    super();
  }

  static #check(self) {
    if (self === null || typeof self !== 'object' || !(#aborted in self)) throw invalidThis('AbortSignal');
  }

  static {
    signalInit = (signal, reason) => {
      signal.#aborted = true;
      signal.#reason = reason;
    };
    signalAbort = (signal, reason) => {
      if (signal.#aborted) return;
      signal.#aborted = true;
      signal.#reason = reason;
      const dependents = signal.#dependents;
      signal.#dependents = null;
      signal.dispatchEvent(new Event('abort', { [kTrusted]: true }));
      if (dependents) for (const dependent of dependents) signalAbort(dependent, reason);
    };
    signalFollow = (source, dependent) => {
      if (!source.#dependents) source.#dependents = new Set();
      source.#dependents.add(dependent);
    };
  }

  get aborted() { AbortSignal.#check(this); return this.#aborted; }
  get reason() { AbortSignal.#check(this); return this.#reason; }

  throwIfAborted() {
    AbortSignal.#check(this);
    if (this.#aborted) throw this.#reason;
  }

  static abort(reason = abortError()) {
    const signal = new AbortSignal(kCreate);
    signalInit(signal, reason);
    return signal;
  }

  static timeout(delay) {
    if (typeof delay !== 'number') throw invalidArgType('delay', 'number', delay);
    if (!Number.isInteger(delay)) throw outOfRange('delay', 'an integer', delay);
    if (delay < 0 || delay > 4294967295) throw outOfRange('delay', '>= 0 && <= 4294967295', delay);
    const setTimer = globalThis.setTimeout;
    if (typeof setTimer !== 'function') {
      throw nodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The AbortSignal.timeout() method is not implemented');
    }
    const signal = new AbortSignal(kCreate);
    const timer = setTimer(() => {
      signalAbort(signal, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, delay);
    if (timer && typeof timer.unref === 'function') timer.unref();
    return signal;
  }

  static any(signals) {
    if (!Array.isArray(signals)) throw notInstance('signals', 'Array', signals);
    signals.forEach((s, i) => {
      if (s === null || typeof s !== 'object' || !('aborted' in s)) throw notInstance(`signals[${i}]`, 'AbortSignal', s);
    });
    const result = new AbortSignal(kCreate);
    for (const source of signals) {
      if (source.aborted) {
        signalInit(result, source.reason);
        return result;
      }
    }
    for (const source of signals) {
      if (source instanceof AbortSignal) signalFollow(source, result);
      else source.addEventListener('abort', () => signalAbort(result, source.reason), { once: true });
    }
    return result;
  }
}
for (const key of ['aborted', 'reason']) Object.defineProperty(AbortSignal.prototype, key, { enumerable: true });
defineEventHandler(AbortSignal.prototype, 'abort');
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal', configurable: true });

class AbortController {
  #signal = new AbortSignal(kCreate);

  static #check(self) {
    if (self === null || typeof self !== 'object' || !(#signal in self)) throw invalidThis('AbortController');
  }

  get signal() { AbortController.#check(this); return this.#signal; }

  abort(reason = abortError()) {
    AbortController.#check(this);
    signalAbort(this.#signal, reason);
  }
}
Object.defineProperty(AbortController.prototype, 'signal', { enumerable: true });
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController', configurable: true });

// ---------------------------------------------------------------------------------------------
// structuredClone: the HTML structured clone algorithm as V8's serializer runs it.

function dataCloneError(message) {
  return new DOMException(message, 'DataCloneError');
}

const objectToString = Object.prototype.toString;
const fnToString = Function.prototype.toString;
const getter = (proto, key) => Object.getOwnPropertyDescriptor(proto, key).get;
const arrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
// Looked up on use: V8 installs SharedArrayBuffer in each context after it is made from the
// startup snapshot, where this module is loaded.
const sharedByteLength = () => (typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : null);
const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayName = getter(TypedArrayProto, Symbol.toStringTag);
const typedArrayBuffer = getter(TypedArrayProto, 'buffer');
const typedArrayOffset = getter(TypedArrayProto, 'byteOffset');
const typedArrayLength = getter(TypedArrayProto, 'length');
const dataViewBuffer = getter(DataView.prototype, 'buffer');
const dataViewOffset = getter(DataView.prototype, 'byteOffset');
const dataViewLength = getter(DataView.prototype, 'byteLength');
const mapSize = getter(Map.prototype, 'size');
const setSize = getter(Set.prototype, 'size');
const regexpSource = getter(RegExp.prototype, 'source');
const regexpFlags = getter(RegExp.prototype, 'flags');
const typedArrays = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};
const errorConstructors = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
const refusedTags = new Set([
  'Promise', 'Arguments', 'Module', 'Array Iterator', 'Map Iterator', 'Set Iterator', 'String Iterator',
  'RegExp String Iterator', 'Generator', 'AsyncGenerator', 'Async-from-Sync Iterator',
]);

function is(check, value, ...args) {
  try {
    check.call(value, ...args);
    return true;
  } catch {
    return false;
  }
}

function constructorName(obj) {
  try {
    for (let o = obj; o !== null; o = Object.getPrototypeOf(o)) {
      const desc = Object.getOwnPropertyDescriptor(o, 'constructor');
      if (desc && typeof desc.value === 'function' && desc.value.name) return desc.value.name;
    }
  } catch { /* fall through */ }
  return 'Object';
}

function refuse(value) {
  let shown;
  if (typeof value === 'function') shown = fnToString.call(value);
  else if (typeof value === 'symbol') shown = value.toString();
  else {
    const tag = objectToString.call(value).slice(8, -1);
    if (tag === 'Symbol' || tag === 'Generator' || tag === 'AsyncGenerator') shown = `[object ${tag}]`;
    else shown = `#<${constructorName(value)}>`;
  }
  return dataCloneError(`${shown} could not be cloned.`);
}

function defineData(target, key, value) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function copyArrayBuffer(buffer) {
  const length = arrayBufferByteLength.call(buffer);
  const out = new ArrayBuffer(length);
  new Uint8Array(out).set(new Uint8Array(buffer, 0, length));
  return out;
}

function cloneValue(value, memory) {
  const type = typeof value;
  if (type === 'function' || type === 'symbol') throw refuse(value);
  if (value === null || type !== 'object') return value;
  if (memory.has(value)) return memory.get(value);
  let out;

  // Primitive wrappers.
  if (is(Boolean.prototype.valueOf, value)) out = Object(Boolean.prototype.valueOf.call(value));
  else if (is(Number.prototype.valueOf, value)) out = Object(Number.prototype.valueOf.call(value));
  else if (is(String.prototype.valueOf, value)) out = Object(String.prototype.valueOf.call(value));
  else if (is(BigInt.prototype.valueOf, value)) out = Object(BigInt.prototype.valueOf.call(value));
  else if (is(Symbol.prototype.valueOf, value)) throw refuse(value);
  else if (is(Date.prototype.getTime, value)) out = new Date(Date.prototype.getTime.call(value));
  else if (value !== RegExp.prototype && is(regexpSource, value)) {
    out = new RegExp(regexpSource.call(value), regexpFlags.call(value));
  } else if (is(arrayBufferByteLength, value)) {
    out = copyArrayBuffer(value);
  } else if (sharedByteLength() && is(sharedByteLength(), value)) {
    out = value;
  } else if (ArrayBuffer.isView(value)) {
    const name = typedArrayName.call(value);
    if (name !== undefined) {
      const buffer = cloneValue(typedArrayBuffer.call(value), memory);
      out = new typedArrays[name](buffer, typedArrayOffset.call(value), typedArrayLength.call(value));
    } else {
      const buffer = cloneValue(dataViewBuffer.call(value), memory);
      out = new DataView(buffer, dataViewOffset.call(value), dataViewLength.call(value));
    }
  } else if (is(mapSize, value)) {
    out = new Map();
    memory.set(value, out);
    const entries = [];
    Map.prototype.forEach.call(value, (v, k) => entries.push(k, v));
    for (let i = 0; i < entries.length; i += 2) {
      const k = cloneValue(entries[i], memory);
      out.set(k, cloneValue(entries[i + 1], memory));
    }
    return out;
  } else if (is(setSize, value)) {
    out = new Set();
    memory.set(value, out);
    const items = [];
    Set.prototype.forEach.call(value, (v) => items.push(v));
    for (const item of items) out.add(cloneValue(item, memory));
    return out;
  } else if (objectToString.call(value) === '[object Error]') {
    return cloneError(value, memory);
  } else if (Array.isArray(value)) {
    out = new Array(value.length);
    memory.set(value, out);
    cloneProperties(value, out, memory);
    return out;
  } else {
    if (is(WeakMap.prototype.has, value, {}) || is(WeakSet.prototype.has, value, {}) ||
        (typeof WeakRef === 'function' && is(WeakRef.prototype.deref, value)) ||
        (typeof FinalizationRegistry === 'function' && is(FinalizationRegistry.prototype.unregister, value, {}))) {
      throw refuse(value);
    }
    const tag = objectToString.call(value).slice(8, -1);
    if (refusedTags.has(tag) || tag.startsWith('Intl.')) throw refuse(value);
    out = {};
    memory.set(value, out);
    cloneProperties(value, out, memory);
    return out;
  }
  memory.set(value, out);
  return out;
}

function cloneProperties(from, to, memory) {
  for (const key of Object.keys(from)) {
    if (!Object.prototype.hasOwnProperty.call(from, key)) continue; // deleted by a getter meanwhile
    defineData(to, key, cloneValue(from[key], memory));
  }
}

function cloneError(error, memory) {
  const name = error.name;
  const Ctor = (typeof name === 'string' && Object.prototype.hasOwnProperty.call(errorConstructors, name))
    ? errorConstructors[name] : Error;
  const messageDesc = Object.getOwnPropertyDescriptor(error, 'message');
  const message = messageDesc && 'value' in messageDesc ? `${messageDesc.value}` : undefined;
  const stack = error.stack;
  const out = message === undefined ? new Ctor() : new Ctor(message);
  memory.set(error, out);
  // V8 keeps a string stack; any other value (or none) comes back as an undefined stack.
  Object.defineProperty(out, 'stack', {
    value: typeof stack === 'string' ? stack : undefined, writable: true, enumerable: false, configurable: true,
  });
  const causeDesc = Object.getOwnPropertyDescriptor(error, 'cause');
  if (causeDesc && 'value' in causeDesc) {
    const cause = cloneValue(causeDesc.value, memory);
    Object.defineProperty(out, 'cause', { value: cause, writable: true, enumerable: false, configurable: true });
  }
  return out;
}

function structuredClone(value, options) {
  if (arguments.length === 0) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The value argument must be specified');
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The options argument must be either an object or undefined');
  }
  const transfer = options?.transfer;
  if (transfer !== undefined) {
    if (transfer === null || typeof transfer[Symbol.iterator] !== 'function') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'Optional transferList argument must be an iterable');
    }
    const seen = new Set();
    for (const item of transfer) {
      if (!is(arrayBufferByteLength, item)) {
        throw nodeError(TypeError, 'ERR_INVALID_TRANSFER_OBJECT', 'Found invalid object in transferList');
      }
      if (seen.has(item)) throw dataCloneError('Transfer list contains duplicate ArrayBuffer');
      seen.add(item);
    }
  }
  return cloneValue(value, new Map());
}

// ---------------------------------------------------------------------------------------------
// queueMicrotask.

function queueMicrotask(callback) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'function', callback);
  Promise.resolve().then(() => {
    try {
      callback();
    } catch (err) {
      reportUncaught(err);
    }
  });
}

const globals = { EventTarget, Event, AbortController, AbortSignal, DOMException, structuredClone, queueMicrotask };

module.exports = {
  ...globals,
  globals,
  defineEventHandler,
  kTrusted,
  abortError,
};
