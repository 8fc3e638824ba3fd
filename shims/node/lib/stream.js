'use strict';
// node:stream for Burrow: Node 20's stream module in plain JavaScript. module.exports is the
// legacy Stream class, with Readable, Writable, Duplex, Transform, PassThrough, pipeline,
// finished, compose, addAbortSignal, duplexPair, the Readable operators (map, filter, toArray...)
// and `promises` attached, as in Node. The implementation is in lib/internal/streams/.
//
// Depends on the `events` builtin (EventEmitter), and on `buffer` and `string_decoder` when they
// are there: strings written or pushed are converted to Buffers only when Buffer exists (else
// they are kept as strings), and setEncoding()/the `encoding` option need string_decoder.
//
// Not supported:
// - Web streams: Readable.fromWeb/toWeb, Writable.fromWeb/toWeb, Duplex.fromWeb/toWeb, and web
//   streams as pipeline/compose/finished stages (no ReadableStream in this runtime).
// - Readable.prototype.compose and asIndexedPairs; Duplex.from(Blob).
// - The stream state objects (_readableState, _writableState) hold plain fields, not Node's
//   bit fields: same names and values, but util.inspect shows them differently.
// - Without process.nextTick, the deferred steps (Node's nextTick) run as microtasks, so their
//   order relative to promise callbacks can differ from Node's.

const { Stream } = require('internal/streams/legacy');
const utils = require('internal/streams/utils');
const Readable = require('internal/streams/readable');
const Writable = require('internal/streams/writable');
const Duplex = require('internal/streams/duplex');
const { Transform, PassThrough } = require('internal/streams/transform');
const { pipeline, compose } = require('internal/streams/pipeline');
const { eos, addAbortSignal } = require('internal/streams/end-of-stream');
const destroyImpl = require('internal/streams/destroy');
const operators = require('internal/streams/operators');

module.exports = Stream;

Stream.isDestroyed = utils.isDestroyed;
Stream.isDisturbed = utils.isDisturbed;
Stream.isErrored = utils.isErrored;
Stream.isReadable = utils.isReadable;
Stream.isWritable = utils.isWritable;

Stream.Readable = Readable;

for (const key of Object.keys(operators.streamReturningOperators)) {
  const op = operators.streamReturningOperators[key];
  const fn = function (...args) {
    if (new.target) throw utils.codes.ERR_ILLEGAL_CONSTRUCTOR();
    return Readable.from(Reflect.apply(op, this, args));
  };
  Object.defineProperty(fn, 'name', { value: op.name });
  Object.defineProperty(fn, 'length', { value: op.length });
  Object.defineProperty(Readable.prototype, key, { value: fn, enumerable: false, configurable: true, writable: true });
}
for (const key of Object.keys(operators.promiseReturningOperators)) {
  const op = operators.promiseReturningOperators[key];
  const fn = function (...args) {
    if (new.target) throw utils.codes.ERR_ILLEGAL_CONSTRUCTOR();
    return Reflect.apply(op, this, args);
  };
  Object.defineProperty(fn, 'name', { value: op.name });
  Object.defineProperty(fn, 'length', { value: op.length });
  Object.defineProperty(Readable.prototype, key, { value: fn, enumerable: false, configurable: true, writable: true });
}

Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.duplexPair = require('internal/streams/duplexpair');
Stream.pipeline = pipeline;
Stream.addAbortSignal = addAbortSignal;
Stream.finished = eos;
Stream.destroy = destroyImpl.destroyer;
Stream.compose = compose;
Stream.setDefaultHighWaterMark = utils.setDefaultHighWaterMark;
Stream.getDefaultHighWaterMark = utils.getDefaultHighWaterMark;

let promises;
Object.defineProperty(Stream, 'promises', {
  configurable: true,
  enumerable: true,
  get() {
    if (promises === undefined) promises = require('stream/promises');
    return promises;
  },
});

const customPromisify = Symbol.for('nodejs.util.promisify.custom');
Object.defineProperty(pipeline, customPromisify, {
  enumerable: true,
  get() { return Stream.promises.pipeline; },
});
Object.defineProperty(eos, customPromisify, {
  enumerable: true,
  get() { return Stream.promises.finished; },
});

// Backwards compatibility with Node 0.4.
Stream.Stream = Stream;

Stream._isArrayBufferView = utils.isArrayBufferView;
Stream._isUint8Array = utils.isUint8Array;
Stream._uint8ArrayToBuffer = utils.uint8ArrayToBuffer;
