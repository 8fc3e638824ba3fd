'use strict';
// util.types: brand checks written in plain ECMAScript. Each check calls a built-in accessor or
// method that throws (or answers undefined) for objects lacking the internal slot, so most are
// exact and have no side effect.
//
// isPromise and isProxy ask V8 (Burrow's natives getPromiseDetails and getProxyDetails) when
// they are there, as Node's do.
//
// Not supported:
// - isExternal always answers false; isKeyObject and isCryptoKey too (no crypto keys).
// - Without the natives (these checks run on any engine), isProxy answers false and isPromise is
//   exact for plain promises only (for subclasses it falls back to `instanceof Promise`).
// - isMapIterator, isSetIterator, isGeneratorObject, isAsyncFunction and isGeneratorFunction look
//   at the prototype chain (an object made with Object.create(thatPrototype) passes).
// - isNativeError and isArgumentsObject read Object.prototype.toString, so an own or inherited
//   Symbol.toStringTag hides them (isNativeError then falls back to `instanceof Error`).
// - isModuleNamespaceObject is a shape check (null prototype, sealed, 'Module' tag).

const uncurry = (fn) => (self, ...args) => Reflect.apply(fn, self, args);
const getter = (proto, name) => {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  return desc && desc.get ? uncurry(desc.get) : undefined;
};
const objectToString = uncurry(Object.prototype.toString);
const isObjectLike = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

/** true when `fn(value)` does not throw (the brand check of a built-in). */
function passes(fn, value) {
  if (!isObjectLike(value) || fn === undefined) return false;
  try {
    fn(value);
    return true;
  } catch {
    return false;
  }
}

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = getter(TypedArrayPrototype, Symbol.toStringTag);
const mapSize = getter(Map.prototype, 'size');
const setSize = getter(Set.prototype, 'size');
const weakMapHas = uncurry(WeakMap.prototype.has);
const weakSetHas = uncurry(WeakSet.prototype.has);
const dateGetTime = uncurry(Date.prototype.getTime);
const regExpGlobal = getter(RegExp.prototype, 'global');
const arrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
// Looked up on first use: V8 installs SharedArrayBuffer in each context after it is made from
// the startup snapshot, so at load time (in the snapshot) there is none yet.
let sharedArrayBufferByteLength;
const dataViewBuffer = getter(DataView.prototype, 'buffer');
const numberValueOf = uncurry(Number.prototype.valueOf);
const stringValueOf = uncurry(String.prototype.valueOf);
const booleanValueOf = uncurry(Boolean.prototype.valueOf);
const bigIntValueOf = uncurry(BigInt.prototype.valueOf);
const symbolValueOf = uncurry(Symbol.prototype.valueOf);

const AsyncFunctionPrototype = Object.getPrototypeOf(async function () {});
const GeneratorFunctionPrototype = Object.getPrototypeOf(function* () {});
const AsyncGeneratorFunctionPrototype = Object.getPrototypeOf(async function* () {});
const GeneratorPrototype = GeneratorFunctionPrototype.prototype;
const AsyncGeneratorPrototype = AsyncGeneratorFunctionPrototype.prototype;
const MapIteratorPrototype = Object.getPrototypeOf(new Map().entries());
const SetIteratorPrototype = Object.getPrototypeOf(new Set().values());
const isPrototypeOf = uncurry(Object.prototype.isPrototypeOf);

function isDate(value) { return passes(dateGetTime, value); }
function isMap(value) { return passes(mapSize, value); }
function isSet(value) { return passes(setSize, value); }
function isWeakMap(value) { return passes((v) => weakMapHas(v, {}), value); }
function isWeakSet(value) { return passes((v) => weakSetHas(v, {}), value); }
function isRegExp(value) {
  if (!isObjectLike(value)) return false;
  try {
    // RegExp.prototype itself answers undefined; other non-RegExps throw.
    return typeof regExpGlobal(value) === 'boolean';
  } catch {
    return false;
  }
}
function isArrayBuffer(value) { return passes(arrayBufferByteLength, value); }
function isSharedArrayBuffer(value) {
  if (sharedArrayBufferByteLength === undefined && typeof SharedArrayBuffer === 'function') {
    sharedArrayBufferByteLength = getter(SharedArrayBuffer.prototype, 'byteLength');
  }
  return passes(sharedArrayBufferByteLength, value);
}
function isAnyArrayBuffer(value) { return isArrayBuffer(value) || isSharedArrayBuffer(value); }
function isDataView(value) { return passes(dataViewBuffer, value); }
function isArrayBufferView(value) { return ArrayBuffer.isView(value); }
function isTypedArray(value) { return isObjectLike(value) && typedArrayTag(value) !== undefined; }
const typedArrayCheck = (name) => (value) => isObjectLike(value) && typedArrayTag(value) === name;
const isUint8Array = typedArrayCheck('Uint8Array');
const isUint8ClampedArray = typedArrayCheck('Uint8ClampedArray');
const isUint16Array = typedArrayCheck('Uint16Array');
const isUint32Array = typedArrayCheck('Uint32Array');
const isInt8Array = typedArrayCheck('Int8Array');
const isInt16Array = typedArrayCheck('Int16Array');
const isInt32Array = typedArrayCheck('Int32Array');
const isFloat32Array = typedArrayCheck('Float32Array');
const isFloat64Array = typedArrayCheck('Float64Array');
const isBigInt64Array = typedArrayCheck('BigInt64Array');
const isBigUint64Array = typedArrayCheck('BigUint64Array');

function isNumberObject(value) { return typeof value === 'object' && passes(numberValueOf, value); }
function isStringObject(value) { return typeof value === 'object' && passes(stringValueOf, value); }
function isBooleanObject(value) { return typeof value === 'object' && passes(booleanValueOf, value); }
function isBigIntObject(value) { return typeof value === 'object' && passes(bigIntValueOf, value); }
function isSymbolObject(value) { return typeof value === 'object' && passes(symbolValueOf, value); }
function isBoxedPrimitive(value) {
  return isNumberObject(value) || isStringObject(value) || isBooleanObject(value) ||
    isBigIntObject(value) || isSymbolObject(value);
}

function hasStringTag(value) {
  try {
    return typeof value[Symbol.toStringTag] === 'string';
  } catch {
    return true;
  }
}

function isNativeError(value) {
  if (!isObjectLike(value) || typeof value === 'function') return false;
  if (!hasStringTag(value)) return objectToString(value) === '[object Error]';
  return value instanceof Error;
}

function isArgumentsObject(value) {
  return typeof value === 'object' && value !== null && !hasStringTag(value) &&
    objectToString(value) === '[object Arguments]';
}

let natives;
function v8Natives() {
  if (natives === undefined) {
    try {
      natives = require('internal/natives');
    } catch {
      natives = null;
    }
  }
  return natives;
}

function isPromise(value) {
  if (!isObjectLike(value)) return false;
  const v8 = v8Natives();
  if (v8 && typeof v8.getPromiseDetails === 'function') return v8.getPromiseDetails(value) !== undefined;
  try {
    // Promise.resolve(x) answers x itself only for a real promise whose constructor is Promise.
    if (value.constructor === Promise) return Promise.resolve(value) === value;
  } catch {
    return false;
  }
  return value instanceof Promise;
}

function isAsyncFunction(value) {
  return typeof value === 'function' &&
    (isPrototypeOf(AsyncFunctionPrototype, value) || isPrototypeOf(AsyncGeneratorFunctionPrototype, value));
}
function isGeneratorFunction(value) {
  return typeof value === 'function' &&
    (isPrototypeOf(GeneratorFunctionPrototype, value) || isPrototypeOf(AsyncGeneratorFunctionPrototype, value));
}
function isGeneratorObject(value) {
  return isObjectLike(value) &&
    (isPrototypeOf(GeneratorPrototype, value) || isPrototypeOf(AsyncGeneratorPrototype, value));
}
function isMapIterator(value) { return isObjectLike(value) && isPrototypeOf(MapIteratorPrototype, value); }
function isSetIterator(value) { return isObjectLike(value) && isPrototypeOf(SetIteratorPrototype, value); }

function isModuleNamespaceObject(value) {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== null) return false;
  const desc = Object.getOwnPropertyDescriptor(value, Symbol.toStringTag);
  return desc !== undefined && desc.value === 'Module' && !desc.writable && !desc.enumerable &&
    !desc.configurable && !Object.isExtensible(value);
}

function isProxy(value) {
  const v8 = v8Natives();
  return Boolean(v8 && typeof v8.getProxyDetails === 'function') && v8.getProxyDetails(value, false) !== undefined;
}
function isExternal() { return false; }
function isKeyObject() { return false; }
function isCryptoKey() { return false; }

module.exports = {
  isExternal,
  isDate,
  isArgumentsObject,
  isBigIntObject,
  isBooleanObject,
  isNumberObject,
  isStringObject,
  isSymbolObject,
  isNativeError,
  isRegExp,
  isAsyncFunction,
  isGeneratorFunction,
  isGeneratorObject,
  isPromise,
  isMap,
  isSet,
  isMapIterator,
  isSetIterator,
  isWeakMap,
  isWeakSet,
  isArrayBuffer,
  isDataView,
  isSharedArrayBuffer,
  isProxy,
  isModuleNamespaceObject,
  isAnyArrayBuffer,
  isBoxedPrimitive,
  isArrayBufferView,
  isTypedArray,
  isUint8Array,
  isUint8ClampedArray,
  isUint16Array,
  isUint32Array,
  isInt8Array,
  isInt16Array,
  isInt32Array,
  isFloat32Array,
  isFloat64Array,
  isBigInt64Array,
  isBigUint64Array,
  isKeyObject,
  isCryptoKey,
};
