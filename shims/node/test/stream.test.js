'use strict';
// node:stream and node:stream/promises: event order, backpressure numbers, pipe/pipeline error
// propagation, async iteration, object mode, encodings, destroy paths, operators. Each test is an
// async function; the runner at the bottom runs them in order with a time limit each and prints
// 'ok N tests' at the end (a missing line means the runner itself hung).
const assert = require('assert');

let stream;
try {
  stream = require('stream');
  new stream.Readable(); // needs the events builtin
} catch (err) {
  console.log(`# stream tests skipped: ${err && err.message}`);
  stream = null;
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const hasStringDecoder = (() => {
  try {
    return typeof require('string_decoder').StringDecoder === 'function';
  } catch {
    return false;
  }
})();

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nextTick = () => new Promise((resolve) => process.nextTick(resolve));
const closed = (s) => new Promise((resolve) => s.once('close', resolve));
const str = (chunk) => (typeof chunk === 'string' ? chunk : chunk.toString());

/** Records the named events of a stream into `log` as 'prefix:event' (and error codes). */
function record(s, log, events, prefix = '') {
  for (const ev of events) {
    s.on(ev, (arg) => {
      if (ev === 'error') log.push(`${prefix}error:${arg && (arg.code || arg.message)}`);
      else if (ev === 'data') log.push(`${prefix}data:${str(arg)}`);
      else log.push(`${prefix}${ev}`);
    });
  }
}

function errorIs(code, name = 'Error', message) {
  return (err) => {
    assert.strictEqual(err.code, code, `code of ${err && err.stack}`);
    assert.strictEqual(err.name, name);
    if (message !== undefined) assert.strictEqual(err.message, message);
    return true;
  };
}

// ---------------------------------------------------------------------------------------------
// Module shape

test('module shape: Stream is the legacy class with everything attached', async () => {
  const { EventEmitter } = require('events');
  const Stream = stream;
  assert.strictEqual(typeof Stream, 'function');
  assert.strictEqual(Stream.Stream, Stream);
  for (const key of ['Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough', 'pipeline', 'finished',
    'addAbortSignal', 'compose', 'destroy', 'isReadable', 'isErrored', 'isDisturbed', 'getDefaultHighWaterMark']) {
    assert.strictEqual(typeof Stream[key], 'function', key);
  }
  assert.strictEqual(typeof Stream.promises.pipeline, 'function');
  assert.strictEqual(Stream.promises, require('stream/promises'));
  assert.strictEqual(require('node:stream'), Stream);
  assert.ok(new Stream() instanceof EventEmitter);
  assert.ok(new Stream.Readable() instanceof Stream);
  assert.ok(new Stream.Duplex() instanceof Stream.Readable);
  assert.ok(new Stream.Duplex() instanceof Stream.Writable);
  assert.ok(new Stream.Transform() instanceof Stream.Duplex);
  assert.ok(!(new Stream.Readable() instanceof Stream.Writable));
  assert.strictEqual(Stream.getDefaultHighWaterMark(false), 16384);
  assert.strictEqual(Stream.getDefaultHighWaterMark(true), 16);
  assert.strictEqual(new Stream.Readable().readableHighWaterMark, 16384);
  assert.strictEqual(new Stream.Writable({ objectMode: true }).writableHighWaterMark, 16);
  assert.strictEqual(typeof Stream.Readable.prototype.map, 'function');
  assert.ok(!Object.keys(Stream.Readable.prototype).includes('map'));
  const promisify = Symbol.for('nodejs.util.promisify.custom');
  assert.strictEqual(Stream.pipeline[promisify], Stream.promises.pipeline);
  assert.strictEqual(Stream.finished[promisify], Stream.promises.finished);
});

test('legacy subclassing: util.inherits style and calling without new', async () => {
  const { Readable, Writable } = stream;
  function Counter(opts) {
    Readable.call(this, opts);
    this.n = 0;
  }
  Object.setPrototypeOf(Counter.prototype, Readable.prototype);
  Object.setPrototypeOf(Counter, Readable);
  Counter.prototype._read = function () {
    this.n++;
    this.push(this.n <= 3 ? String(this.n) : null);
  };
  const out = [];
  const c = new Counter();
  c.on('data', (d) => out.push(str(d)));
  await new Promise((resolve) => c.on('end', resolve));
  assert.deepStrictEqual(out, ['1', '2', '3']);
  // eslint-disable-next-line new-cap
  const w = Writable({ write(chunk, enc, cb) { cb(); } });
  assert.ok(w instanceof Writable);
});

test('highWaterMark options are validated', async () => {
  const { Readable, Writable, Duplex } = stream;
  assert.throws(() => new Readable({ highWaterMark: -1 }), errorIs('ERR_INVALID_ARG_VALUE', 'TypeError',
    "The property 'options.highWaterMark' is invalid. Received -1"));
  assert.throws(() => new Writable({ highWaterMark: 1.5 }), errorIs('ERR_INVALID_ARG_VALUE', 'TypeError'));
  assert.throws(() => new Duplex({ readableHighWaterMark: 'x' }), errorIs('ERR_INVALID_ARG_VALUE', 'TypeError',
    "The property 'options.readableHighWaterMark' is invalid. Received 'x'"));
  const d = new Duplex({ readableHighWaterMark: 5, writableHighWaterMark: 7 });
  assert.strictEqual(d.readableHighWaterMark, 5);
  assert.strictEqual(d.writableHighWaterMark, 7);
  const d2 = new Duplex({ highWaterMark: 3, readableHighWaterMark: 5 });
  assert.strictEqual(d2.readableHighWaterMark, 3);
  assert.strictEqual(new Readable({ highWaterMark: 0 }).readableHighWaterMark, 0);
});

// ---------------------------------------------------------------------------------------------
// Readable

test('Readable paused mode: readable events, read(n), end and close order', async () => {
  const { Readable } = stream;
  const log = [];
  const r = new Readable({ read() {} });
  assert.strictEqual(r.readableFlowing, null);
  record(r, log, ['readable', 'end', 'close', 'pause', 'resume']);
  assert.strictEqual(r.readableFlowing, false); // a 'readable' listener: paused mode
  r.push('abc');
  r.push('def');
  assert.strictEqual(r.readableLength, 6);
  await tick();
  assert.deepStrictEqual(log, ['readable']);
  assert.strictEqual(r.readableFlowing, false);
  assert.strictEqual(str(r.read(2)), 'ab');
  assert.strictEqual(str(r.read(3)), 'cde');
  assert.strictEqual(r.read(5), null); // not enough and not ended
  assert.strictEqual(r.readableLength, 1);
  r.push(null);
  assert.strictEqual(r.readableEnded, false);
  await tick();
  assert.strictEqual(str(r.read(5)), 'f'); // at the end: whatever is left
  assert.strictEqual(r.read(), null);
  await tick();
  assert.deepStrictEqual(log, ['readable', 'readable', 'end', 'close']);
  assert.strictEqual(r.readableEnded, true);
  assert.strictEqual(r.destroyed, true); // autoDestroy
  assert.strictEqual(r.closed, true);
});

test('Readable: read() concatenates, read(0) triggers _read, _read gets the highWaterMark', async () => {
  const { Readable } = stream;
  const sizes = [];
  let n = 0;
  const r = new Readable({
    highWaterMark: 4,
    read(size) {
      sizes.push(size);
      n++;
      if (n <= 3) this.push(`x${n}`);
      else this.push(null);
    },
  });
  assert.deepStrictEqual(sizes, []); // nothing before the first read
  assert.strictEqual(r.read(0), null);
  assert.deepStrictEqual(sizes, [4]);
  assert.strictEqual(r.readableLength, 2);
  await tick();
  // maybeReadMore filled up to the highWaterMark.
  assert.deepStrictEqual(sizes, [4, 4]);
  assert.strictEqual(r.readableLength, 4);
  // Below the highWaterMark after this read: _read runs first, and its push is returned too.
  assert.strictEqual(str(r.read()), 'x1x2x3');
  assert.deepStrictEqual(sizes, [4, 4, 4]);
  assert.strictEqual(r.readableLength, 0);
  await tick();
  assert.strictEqual(r.read(), null); // _read pushed null
  assert.deepStrictEqual(sizes, [4, 4, 4, 4]);
  assert.strictEqual(r.readableEnded, false);
  await new Promise((resolve) => r.on('end', resolve));
  // Asking for more than the highWaterMark raises it to the next power of 2.
  const big = new Readable({ highWaterMark: 4, read() {} });
  big.read(100);
  assert.strictEqual(big.readableHighWaterMark, 128);
  assert.throws(() => big.read(2 ** 31), errorIs('ERR_OUT_OF_RANGE', 'RangeError'));
});

test('Readable push() return value follows the highWaterMark', async () => {
  const { Readable } = stream;
  const r = new Readable({ highWaterMark: 5, read() {} });
  assert.strictEqual(r.push('ab'), true);
  assert.strictEqual(r.push('cd'), true);
  assert.strictEqual(r.push('ef'), false);
  assert.strictEqual(r.readableLength, 6);
  assert.strictEqual(r.push(''), false); // empty: nothing added, still above
  assert.strictEqual(r.push(null), false);
  const z = new Readable({ highWaterMark: 0, read() {} });
  assert.strictEqual(z.push('a'), false);
  const o = new Readable({ objectMode: true, read() {} });
  for (let i = 0; i < 15; i++) assert.strictEqual(o.push(i), true);
  assert.strictEqual(o.push(15), false);
  assert.strictEqual(o.readableLength, 16);
});

test('Readable flowing mode: data order, pause/resume events and flags', async () => {
  const { Readable } = stream;
  const log = [];
  const r = new Readable({ read() {} });
  record(r, log, ['data', 'end', 'close', 'pause', 'resume']);
  r.push('a');
  r.push('b');
  assert.strictEqual(r.readableFlowing, true); // the 'data' listener resumed it
  assert.strictEqual(r.isPaused(), false);
  assert.deepStrictEqual(log, []); // flowing starts on a later tick
  await tick();
  assert.deepStrictEqual(log, ['resume', 'data:a', 'data:b']);
  r.pause();
  assert.strictEqual(r.isPaused(), true);
  assert.strictEqual(r.readableFlowing, false);
  r.push('c');
  await tick();
  assert.deepStrictEqual(log, ['resume', 'data:a', 'data:b', 'pause']);
  assert.strictEqual(r.readableLength, 1);
  r.resume();
  r.push('d');
  r.push(null);
  await tick();
  // The push() schedules a 'readable' whose flow() comes before resume()'s tick.
  assert.deepStrictEqual(log, ['resume', 'data:a', 'data:b', 'pause', 'data:c', 'data:d', 'resume', 'end', 'close']);
  assert.strictEqual(r.readableDidRead, true);
});

test('Readable: once data pushes go straight to data listeners while flowing', async () => {
  const { Readable } = stream;
  const log = [];
  const r = new Readable({ read() {} });
  r.on('data', (d) => log.push(str(d)));
  await tick();
  r.push('sync1');
  log.push('after push');
  r.push('sync2');
  assert.deepStrictEqual(log, ['sync1', 'after push', 'sync2']);
  assert.strictEqual(r.readableLength, 0);
});

test('Readable: a readable listener takes over from data listeners', async () => {
  const { Readable } = stream;
  const log = [];
  const r = new Readable({ read() {} });
  r.on('data', (d) => log.push(`data:${str(d)}`));
  r.on('readable', () => {
    let chunk;
    log.push('readable');
    while ((chunk = r.read()) !== null) log.push(`read:${str(chunk)}`);
  });
  assert.strictEqual(r.readableFlowing, false);
  r.push('x');
  r.push(null);
  await new Promise((resolve) => r.on('end', resolve));
  assert.deepStrictEqual(log, ['readable', 'data:x', 'read:x']);
});

test('Readable object mode: one object per read, null ends, any values', async () => {
  const { Readable } = stream;
  const r = new Readable({ objectMode: true, read() {} });
  const values = [{ a: 1 }, 'str', 0, false, [1, 2]];
  for (const v of values) r.push(v);
  assert.strictEqual(r.readableLength, 5);
  assert.strictEqual(r.readableObjectMode, true);
  assert.deepStrictEqual(r.read(), { a: 1 });
  assert.strictEqual(r.read(10), 'str'); // n is ignored
  r.push(null);
  const rest = [];
  r.on('data', (d) => rest.push(d));
  await new Promise((resolve) => r.on('end', resolve));
  assert.deepStrictEqual(rest, [0, false, [1, 2]]);
});

test('Readable.setEncoding decodes characters split across chunks', async () => {
  if (!hasStringDecoder) return console.log('# skipped: no string_decoder');
  const { Readable } = stream;
  const { Buffer } = require('buffer');
  const euro = Buffer.from('€uro', 'utf8');
  const r = new Readable({ read() {} });
  r.setEncoding('utf8');
  assert.strictEqual(r.readableEncoding, 'utf8');
  const out = [];
  r.on('data', (d) => out.push(d));
  r.push(euro.subarray(0, 1));
  r.push(euro.subarray(1, 2));
  r.push(euro.subarray(2));
  r.push(null);
  await new Promise((resolve) => r.on('end', resolve));
  assert.deepStrictEqual(out, ['€uro']);
  assert.ok(out.every((s) => typeof s === 'string'));

  // Buffered data is converted when setEncoding comes later; hex encoding.
  const h = new Readable({ read() {} });
  h.push(Buffer.from([1, 2]));
  h.push(Buffer.from([255]));
  h.setEncoding('hex');
  assert.strictEqual(h.readableLength, 6);
  assert.strictEqual(h.read(), '0102ff');

  const withOption = new Readable({ encoding: 'base64', read() {} });
  withOption.push('hi');
  assert.strictEqual(withOption.readableLength, 0); // base64 waits for 3 bytes
  withOption.push(null);
  assert.strictEqual(withOption.read(), 'aGk=');
});

test('Readable unshift puts data back at the front', async () => {
  const { Readable } = stream;
  const r = new Readable({ read() {} });
  r.push('world');
  const first = r.read(2);
  assert.strictEqual(str(first), 'wo');
  r.unshift(first);
  r.unshift('hello ');
  assert.strictEqual(str(r.read()), 'hello world');
  r.push(null);
  r.read();
  await new Promise((resolve) => r.on('end', resolve));
  const errors = [];
  r.on('error', (e) => errors.push(e.code));
  r.unshift('late');
  await tick();
  assert.deepStrictEqual(errors, []); // destroyed already: ignored
});

test('Readable errors: push after EOF, invalid chunk, _read not implemented', async () => {
  const { Readable } = stream;
  const log = [];
  const r = new Readable({ read() {} });
  record(r, log, ['error', 'close']);
  r.push(null);
  assert.strictEqual(r.push('more'), false);
  await tick();
  assert.deepStrictEqual(log, ['error:ERR_STREAM_PUSH_AFTER_EOF', 'close']);
  assert.strictEqual(r.errored.message, 'stream.push() after EOF');

  const bad = new Readable({ read() {} });
  const errs = [];
  bad.on('error', (e) => errs.push(e));
  bad.push(42);
  await tick();
  assert.strictEqual(errs[0].code, 'ERR_INVALID_ARG_TYPE');
  assert.strictEqual(errs[0].message,
    'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (42)');

  const noRead = new Readable();
  const e2 = [];
  noRead.on('error', (e) => e2.push(e));
  noRead.read();
  await tick();
  assert.strictEqual(e2[0].code, 'ERR_METHOD_NOT_IMPLEMENTED');
  assert.strictEqual(e2[0].message, 'The _read() method is not implemented');
});

test('Readable destroy: error then close, flags, _destroy callback', async () => {
  const { Readable } = stream;
  const log = [];
  const r = new Readable({
    read() {},
    destroy(err, cb) {
      log.push(`_destroy:${err && err.message}`);
      cb(err);
    },
  });
  record(r, log, ['error', 'close', 'end', 'data']);
  r.push('pending');
  const err = new Error('boom');
  r.destroy(err);
  assert.strictEqual(r.destroyed, true);
  assert.strictEqual(r.errored, err);
  assert.strictEqual(r.readableAborted, true);
  assert.strictEqual(r.closed, true);
  r.destroy(new Error('second')); // no-op
  assert.deepStrictEqual(log, ['_destroy:boom']);
  await tick();
  // The data listener's resume() still delivers what was queued.
  assert.deepStrictEqual(log, ['_destroy:boom', 'data:pending', 'error:boom', 'close']);
  assert.strictEqual(r.read(), null);

  // _destroy may swap the error; no error means only 'close'.
  const log2 = [];
  const r2 = new Readable({ read() {}, destroy(e, cb) { cb(new Error('replaced')); } });
  record(r2, log2, ['error', 'close']);
  r2.destroy();
  await tick();
  assert.deepStrictEqual(log2, ['error:replaced', 'close']);

  const log3 = [];
  const r3 = new Readable({ read() {}, emitClose: false });
  record(r3, log3, ['error', 'close']);
  r3.destroy();
  await tick();
  assert.deepStrictEqual(log3, []);
  assert.strictEqual(r3.destroyed, true);

  // destroy(err, cb): the (undocumented) callback gets the error first.
  const r4 = new Readable({ read() {} });
  const log4 = [];
  record(r4, log4, ['error', 'close']);
  r4.destroy(new Error('via cb'), (e) => log4.push(`cb:${e.message}`));
  await tick();
  assert.deepStrictEqual(log4, ['cb:via cb', 'error:via cb', 'close']);
});

test('Readable autoDestroy false: end without close; destroy later closes', async () => {
  const { Readable } = stream;
  const log = [];
  const r = new Readable({ autoDestroy: false, read() {} });
  record(r, log, ['end', 'close']);
  r.push('a');
  r.push(null);
  r.resume();
  await tick();
  assert.deepStrictEqual(log, ['end']);
  assert.strictEqual(r.destroyed, false);
  r.destroy();
  await tick();
  assert.deepStrictEqual(log, ['end', 'close']);
});

test('Readable async iteration: values, break destroys, errors throw', async () => {
  const { Readable } = stream;
  const r = Readable.from(['a', 'b', 'c']);
  const out = [];
  for await (const v of r) out.push(v);
  assert.deepStrictEqual(out, ['a', 'b', 'c']);
  assert.strictEqual(r.destroyed, true);

  let n = 0;
  const infinite = new Readable({ objectMode: true, read() { this.push(n++); } });
  const got = [];
  for await (const v of infinite) {
    got.push(v);
    if (v === 2) break;
  }
  assert.deepStrictEqual(got, [0, 1, 2]);
  assert.strictEqual(infinite.destroyed, true);
  await closed(infinite);

  const failing = new Readable({ read() {} });
  failing.push('x');
  setTimeout(() => failing.destroy(new Error('mid-iteration')), 1);
  const seen = [];
  await assert.rejects(async () => {
    for await (const v of failing) seen.push(str(v));
  }, /mid-iteration/);
  assert.deepStrictEqual(seen, ['x']);

  // destroyOnReturn: false keeps the stream usable after a break.
  const keep = Readable.from([1, 2, 3]);
  for await (const v of keep.iterator({ destroyOnReturn: false })) {
    assert.strictEqual(v, 1);
    break;
  }
  assert.strictEqual(keep.destroyed, false);
  assert.deepStrictEqual(await keep.toArray(), [2, 3]);
});

test('Readable.from: iterables, async generators, strings, null values, bad input', async () => {
  const { Readable } = stream;
  assert.deepStrictEqual(await Readable.from(new Set([1, 2])).toArray(), [1, 2]);
  async function* gen() {
    yield 'x';
    await delay(1);
    yield 'y';
  }
  const g = Readable.from(gen());
  assert.strictEqual(g.readableObjectMode, true);
  assert.strictEqual(g.readableHighWaterMark, 1);
  assert.deepStrictEqual(await g.toArray(), ['x', 'y']);
  assert.deepStrictEqual(await Readable.from('whole string').toArray(), ['whole string']);
  assert.deepStrictEqual(await Readable.from([Promise.resolve(1), 2]).toArray(), [1, 2]);
  const bytes = await Readable.from(['ab', 'cd'], { objectMode: false }).toArray();
  assert.deepStrictEqual(bytes.map(str), ['ab', 'cd']);
  await assert.rejects(Readable.from([1, null, 2]).toArray(), errorIs('ERR_STREAM_NULL_VALUES', 'TypeError',
    'May not write null values to stream'));
  assert.throws(() => Readable.from(42), errorIs('ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "iterable" argument must be an instance of Iterable. Received type number (42)'));
  // Destroying the stream returns the generator.
  let finallyRan = false;
  function* forever() {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      finallyRan = true;
    }
  }
  const f = Readable.from(forever());
  f.read();
  f.destroy();
  await closed(f);
  assert.strictEqual(finallyRan, true);
});

test('Readable.wrap and wrap() of an old-style stream', async () => {
  const { Readable } = stream;
  const { EventEmitter } = require('events');
  const old = new EventEmitter();
  old.pause = () => {};
  old.resume = () => {};
  const r = new Readable({ objectMode: true }).wrap(old);
  const out = [];
  r.on('data', (d) => out.push(d));
  old.emit('data', 'a');
  old.emit('data', 'b');
  old.emit('end');
  await new Promise((resolve) => r.on('end', resolve));
  assert.deepStrictEqual(out, ['a', 'b']);
});

// ---------------------------------------------------------------------------------------------
// Writable

test('Writable backpressure: write() values, writableLength, needDrain, drain timing', async () => {
  const { Writable } = stream;
  const log = [];
  const pending = [];
  const w = new Writable({
    highWaterMark: 10,
    write(chunk, enc, cb) {
      log.push(`write:${str(chunk)}`);
      pending.push(cb);
    },
  });
  record(w, log, ['drain', 'finish', 'close']);
  assert.strictEqual(w.write('1234', () => log.push('cb1')), true);
  assert.strictEqual(w.write('5678', () => log.push('cb2')), true);
  assert.strictEqual(w.writableLength, 8);
  assert.strictEqual(w.write('90', () => log.push('cb3')), false);
  assert.strictEqual(w.writableNeedDrain, true);
  assert.strictEqual(w.writableLength, 10);
  assert.strictEqual(w.write('x'), false);
  assert.deepStrictEqual(log, ['write:1234']);
  pending.shift()(); // async completion: the next buffered write starts, then the callback
  assert.deepStrictEqual(log, ['write:1234', 'write:5678', 'cb1']);
  assert.strictEqual(w.writableLength, 7);
  pending.shift()();
  pending.shift()();
  pending.shift()();
  assert.deepStrictEqual(log, ['write:1234', 'write:5678', 'cb1', 'write:90', 'cb2', 'write:x', 'cb3', 'drain']);
  assert.strictEqual(w.writableNeedDrain, false);
  assert.strictEqual(w.writableLength, 0);
  w.end();
  await closed(w);
  assert.deepStrictEqual(log.slice(-2), ['finish', 'close']);
});

test('Writable synchronous _write: callbacks come a tick later, batched', async () => {
  const { Writable } = stream;
  const log = [];
  const w = new Writable({
    highWaterMark: 3,
    write(chunk, enc, cb) {
      log.push(`write:${str(chunk)}`);
      cb();
    },
  });
  w.on('drain', () => log.push('drain'));
  // Each write is flushed before write() returns: the length is back to 0, no drain needed.
  assert.strictEqual(w.write('ab', () => log.push('cb-ab')), true);
  assert.strictEqual(w.write('cd', () => log.push('cb-cd')), true);
  assert.strictEqual(w.write('ef', () => log.push('cb-ef')), true);
  log.push('sync end');
  process.nextTick(() => log.push('nextTick'));
  await tick();
  assert.deepStrictEqual(log, ['write:ab', 'write:cd', 'write:ef', 'sync end', 'cb-ab', 'cb-cd', 'cb-ef', 'nextTick']);

  // Same callback each time: one tick calls it for every write.
  const same = [];
  const cb = () => same.push('cb');
  const w2 = new Writable({ write(chunk, enc, done) { done(); } });
  w2.write('a', cb);
  w2.write('b', cb);
  process.nextTick(() => same.push('tick'));
  await tick();
  assert.deepStrictEqual(same, ['cb', 'cb', 'tick']);

  // Drain after a write that went over the highWaterMark with a synchronous callback.
  const log3 = [];
  const w3 = new Writable({ highWaterMark: 2, write(chunk, enc, done) { log3.push('write'); setTimeout(done, 0); } });
  w3.on('drain', () => log3.push('drain'));
  assert.strictEqual(w3.write('abc', () => log3.push('cb')), false);
  await new Promise((resolve) => w3.once('drain', resolve));
  assert.deepStrictEqual(log3, ['write', 'drain', 'cb']);
});

test('Writable end(): finish, end callback, flags and event order', async () => {
  const { Writable } = stream;
  const log = [];
  const w = new Writable({
    write(chunk, enc, cb) {
      log.push(`write:${str(chunk)}`);
      setTimeout(cb, 1);
    },
    final(cb) {
      log.push('final');
      setTimeout(cb, 1);
    },
  });
  record(w, log, ['prefinish', 'finish', 'close']);
  w.write('a');
  const ret = w.end('b', () => log.push('end cb'));
  assert.strictEqual(ret, w);
  assert.strictEqual(w.writableEnded, true);
  assert.strictEqual(w.writableFinished, false);
  assert.strictEqual(w.writable, false);
  await closed(w);
  assert.deepStrictEqual(log, ['write:a', 'write:b', 'final', 'prefinish', 'end cb', 'finish', 'close']);
  assert.strictEqual(w.writableFinished, true);
  assert.strictEqual(w.destroyed, true);
  // end() again after finishing: the callback gets ERR_STREAM_ALREADY_FINISHED.
  const again = await new Promise((resolve) => w.end(resolve));
  assert.strictEqual(again.code, 'ERR_STREAM_ALREADY_FINISHED');
  assert.strictEqual(again.message, 'Cannot call end after a stream was finished');
});

test('Writable errors: write after end, null, bad chunk, multiple callbacks, unknown encoding', async () => {
  const { Writable } = stream;
  const log = [];
  const w = new Writable({ write(chunk, enc, cb) { cb(); } });
  record(w, log, ['error', 'close', 'finish']);
  w.end();
  const ret = w.write('late', (err) => log.push(`cb:${err.code}`));
  assert.strictEqual(ret, false);
  await tick();
  assert.deepStrictEqual(log, ['cb:ERR_STREAM_WRITE_AFTER_END', 'error:ERR_STREAM_WRITE_AFTER_END', 'close']);

  const w2 = new Writable({ write(chunk, enc, cb) { cb(); } });
  assert.throws(() => w2.write(null), errorIs('ERR_STREAM_NULL_VALUES', 'TypeError'));
  assert.throws(() => w2.write(5), errorIs('ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (5)'));
  assert.throws(() => w2.write('x', 'nope'), errorIs('ERR_UNKNOWN_ENCODING', 'TypeError', 'Unknown encoding: nope'));
  assert.throws(() => w2.setDefaultEncoding('nope'), errorIs('ERR_UNKNOWN_ENCODING', 'TypeError'));

  const w3 = new Writable({ write(chunk, enc, cb) { cb(); cb(); } });
  const errs = [];
  w3.on('error', (e) => errs.push(e.code));
  w3.write('x');
  await tick();
  assert.deepStrictEqual(errs, ['ERR_MULTIPLE_CALLBACK']);

  const w4 = new Writable();
  const e4 = [];
  w4.on('error', (e) => e4.push(e.message));
  assert.throws(() => w4.write('x'), errorIs('ERR_METHOD_NOT_IMPLEMENTED', 'Error', 'The _write() method is not implemented'));
});

test('Writable: an error from _write fails the write, the queue, then error/close', async () => {
  const { Writable } = stream;
  const log = [];
  const w = new Writable({
    write(chunk, enc, cb) {
      setTimeout(() => cb(new Error(`bad ${str(chunk)}`)), 1);
    },
  });
  record(w, log, ['error', 'close', 'finish']);
  w.write('1', (err) => log.push(`cb1:${err && err.message}`));
  w.write('2', (err) => log.push(`cb2:${err && err.message}`));
  w.end((err) => log.push(`end:${err && err.message}`));
  await closed(w);
  assert.deepStrictEqual(log, ['cb1:bad 1', 'cb2:bad 1', 'end:bad 1', 'error:bad 1', 'close']);
  assert.strictEqual(w.errored.message, 'bad 1');
  assert.strictEqual(w.writableAborted, true);
});

test('Writable destroy: pending callbacks get ERR_STREAM_DESTROYED, later writes too', async () => {
  const { Writable } = stream;
  const log = [];
  const w = new Writable({ write(chunk, enc, cb) { /* never completes */ } });
  record(w, log, ['error', 'close']);
  w.write('a', (err) => log.push(`a:${err && err.code}`));
  w.write('b', (err) => log.push(`b:${err && err.code}`));
  w.destroy();
  assert.strictEqual(w.destroyed, true);
  w.write('c', (err) => log.push(`c:${err && err.code}`));
  await tick();
  // 'b' waits behind 'a', whose _write never completes: its callback is never called. A write
  // after destroy() fails without an 'error' event.
  assert.deepStrictEqual(log, ['close', 'c:ERR_STREAM_DESTROYED']);

  const log2 = [];
  const w2 = new Writable({ write(chunk, enc, cb) { setTimeout(cb, 1); } });
  record(w2, log2, ['error', 'close']);
  w2.write('a', (err) => log2.push(`a:${err && err.code}`));
  w2.write('b', (err) => log2.push(`b:${err && err.code}`));
  w2.end((err) => log2.push(`end:${err && err.code}`));
  w2.destroy();
  await delay(5);
  assert.deepStrictEqual(log2, ['close', 'a:null', 'b:ERR_STREAM_DESTROYED', 'end:ERR_STREAM_DESTROYED']);
});

test('Writable decodeStrings, default encoding, objectMode', async () => {
  const { Writable } = stream;
  const { Buffer } = require('buffer');
  const seen = [];
  const decoded = new Writable({
    write(chunk, enc, cb) {
      seen.push([Buffer.isBuffer(chunk), enc, chunk.toString('hex')]);
      cb();
    },
  });
  decoded.write('hi');
  decoded.write('6869', 'hex');
  decoded.write(new Uint8Array([1, 2]));
  decoded.setDefaultEncoding('base64');
  decoded.write('aGk=');
  await tick();
  assert.deepStrictEqual(seen, [[true, 'buffer', '6869'], [true, 'buffer', '6869'], [true, 'buffer', '0102'],
    [true, 'buffer', '6869']]);

  const raw = [];
  const kept = new Writable({
    decodeStrings: false,
    write(chunk, enc, cb) {
      raw.push([chunk, enc]);
      cb();
    },
  });
  kept.write('abc');
  kept.write('ff', 'hex');
  await tick();
  assert.deepStrictEqual(raw, [['abc', 'utf8'], ['ff', 'hex']]);

  const objs = [];
  const om = new Writable({ objectMode: true, highWaterMark: 2, write(o, enc, cb) { objs.push(o); } });
  assert.strictEqual(om.write({ a: 1 }), true);
  assert.strictEqual(om.write(7), false);
  assert.strictEqual(om.writableLength, 2);
  assert.deepStrictEqual(objs, [{ a: 1 }]);
});

test('Writable cork/uncork batches into _writev', async () => {
  const { Writable } = stream;
  const calls = [];
  const w = new Writable({
    write(chunk, enc, cb) {
      calls.push(`write:${str(chunk)}`);
      cb();
    },
    writev(chunks, cb) {
      calls.push(`writev:${chunks.map((c) => str(c.chunk)).join(',')}`);
      cb();
    },
  });
  w.cork();
  w.cork();
  assert.strictEqual(w.writableCorked, 2);
  w.write('a');
  w.write('b');
  w.uncork();
  assert.deepStrictEqual(calls, []);
  w.write('c');
  w.uncork();
  assert.strictEqual(w.writableCorked, 0);
  assert.deepStrictEqual(calls, ['writev:a,b,c']);
  w.write('d');
  assert.deepStrictEqual(calls, ['writev:a,b,c', 'write:d']);
  w.cork();
  w.write('e');
  assert.strictEqual(w.writableBuffer.length, 1);
  w.end('f'); // end() uncorks
  await new Promise((resolve) => w.on('finish', resolve));
  assert.deepStrictEqual(calls, ['writev:a,b,c', 'write:d', 'writev:e,f']);
});

test('Writable: the finish of sync object-mode writes comes a tick later than byte mode', async () => {
  const { Writable } = stream;
  for (const [objectMode, expected] of [[true, ['tick1', 'finish', 'tick2']], [false, ['finish', 'tick1', 'tick2']]]) {
    const order = [];
    const w = new Writable({ objectMode, write(c, e, cb) { cb(); } });
    w.on('finish', () => order.push('finish'));
    w.write(objectMode ? 1 : 'a');
    w.end();
    process.nextTick(() => order.push('tick1'));
    process.nextTick(() => process.nextTick(() => order.push('tick2')));
    await tick();
    assert.deepStrictEqual(order, expected, `objectMode ${objectMode}`);
  }
});

test('Writable _final error and _construct', async () => {
  const { Writable } = stream;
  const log = [];
  const w = new Writable({
    write(c, e, cb) { cb(); },
    final(cb) { cb(new Error('final failed')); },
  });
  record(w, log, ['error', 'finish', 'prefinish', 'close']);
  w.end((err) => log.push(`end cb:${err && err.message}`));
  await closed(w);
  // end()'s callback was queued after _final had already failed.
  assert.deepStrictEqual(log, ['error:final failed', 'close', 'end cb:final failed']);

  const order = [];
  const c = new Writable({
    construct(cb) {
      order.push('construct');
      setTimeout(() => { order.push('constructed'); cb(); }, 2);
    },
    write(chunk, enc, cb) {
      order.push(`write:${str(chunk)}`);
      cb();
    },
  });
  c.write('early');
  order.push('after write');
  c.end();
  await new Promise((resolve) => c.on('finish', resolve));
  assert.deepStrictEqual(order, ['after write', 'construct', 'constructed', 'write:early']);
});

// ---------------------------------------------------------------------------------------------
// Duplex, Transform, PassThrough

test('Duplex: independent sides, allowHalfOpen, readable/writable false', async () => {
  const { Duplex } = stream;
  const log = [];
  const d = new Duplex({
    read() {},
    write(chunk, enc, cb) {
      log.push(`write:${str(chunk)}`);
      cb();
    },
  });
  record(d, log, ['end', 'finish', 'close']);
  d.push('out');
  d.push(null);
  d.resume();
  await tick();
  assert.deepStrictEqual(log, ['end']); // writable side still open
  assert.strictEqual(d.writable, true);
  d.end('in');
  await closed(d);
  assert.deepStrictEqual(log, ['end', 'write:in', 'finish', 'close']);

  const log2 = [];
  const half = new Duplex({
    allowHalfOpen: false,
    read() {},
    write(chunk, enc, cb) { cb(); },
  });
  record(half, log2, ['end', 'finish', 'close']);
  half.push(null);
  half.resume();
  await closed(half);
  assert.deepStrictEqual(log2, ['end', 'finish', 'close']);

  const ro = new Duplex({ writable: false, read() {} });
  assert.strictEqual(ro.writable, false);
  assert.strictEqual(ro.writableFinished, true);
  const wo = new Duplex({ readable: false, write(c, e, cb) { cb(); } });
  assert.strictEqual(wo.readable, false);
  assert.strictEqual(wo.readableEnded, true);
  const order = [];
  wo.on('finish', () => order.push('finish'));
  wo.on('close', () => order.push('close'));
  wo.end('x');
  await closed(wo);
  assert.deepStrictEqual(order, ['finish', 'close']);

  const objectSides = new Duplex({ readableObjectMode: true, read() {}, write(c, e, cb) { cb(); } });
  assert.strictEqual(objectSides.readableObjectMode, true);
  assert.strictEqual(objectSides.writableObjectMode, false);
});

test('Transform: push in _transform, _flush, finish before end', async () => {
  const { Transform } = stream;
  const log = [];
  const t = new Transform({
    transform(chunk, enc, cb) {
      const s = str(chunk);
      this.push(s.toUpperCase());
      this.push(s.toUpperCase());
      cb();
    },
    flush(cb) {
      log.push('flush');
      cb(null, 'FLUSHED');
    },
  });
  record(t, log, ['data', 'finish', 'end', 'close']);
  t.write('a');
  t.end('b');
  await closed(t);
  assert.deepStrictEqual(log, ['data:A', 'data:A', 'data:B', 'data:B', 'flush', 'data:FLUSHED', 'end', 'finish', 'close']);
});

test('Transform: callback value, errors, backpressure from the readable side', async () => {
  const { Transform } = stream;
  const t = new Transform({
    objectMode: true,
    transform(n, enc, cb) { cb(null, n * 10); },
  });
  t.write(1);
  t.write(2);
  t.end();
  assert.deepStrictEqual(await t.toArray(), [10, 20]);

  const log = [];
  const bad = new Transform({
    transform(chunk, enc, cb) { cb(new Error('transform failed')); },
  });
  record(bad, log, ['error', 'close']);
  bad.write('x', (err) => log.push(`cb:${err && err.message}`));
  await closed(bad);
  assert.deepStrictEqual(log, ['cb:transform failed', 'error:transform failed', 'close']);

  // Nobody reads: once the readable side is full, _transform stops being called.
  const calls = [];
  const slow = new Transform({
    highWaterMark: 2,
    objectMode: true,
    transform(v, enc, cb) {
      calls.push(v);
      cb(null, v);
    },
  });
  const writes = [];
  for (let i = 0; i < 8; i++) writes.push(slow.write(i));
  await tick();
  assert.deepStrictEqual(writes, [true, true, false, false, false, false, false, false]);
  assert.deepStrictEqual(calls, [0, 1]);
  assert.strictEqual(slow.readableLength, 2);
  assert.strictEqual(slow.writableLength, 7);
  assert.strictEqual(slow.read(), 0);
  await tick();
  assert.deepStrictEqual(calls, [0, 1, 2]);

  const notImpl = new Transform();
  const errs = [];
  notImpl.on('error', (e) => errs.push(e.message));
  assert.throws(() => notImpl.write('x'), /The _transform\(\) method is not implemented/);
});

test('PassThrough passes everything, in order', async () => {
  const { PassThrough } = stream;
  const p = new PassThrough();
  p.write('one ');
  p.write('two');
  p.end();
  const chunks = await p.toArray();
  assert.strictEqual(chunks.map(str).join(''), 'one two');
});

// ---------------------------------------------------------------------------------------------
// pipe

test('pipe: backpressure pauses the source until drain', async () => {
  const { Readable, Writable } = stream;
  const log = [];
  let produced = 0;
  const src = new Readable({
    highWaterMark: 4,
    read() {
      produced++;
      this.push(produced <= 6 ? `c${produced}` : null);
    },
  });
  record(src, log, ['pause', 'resume', 'end']);
  const dst = new Writable({
    highWaterMark: 4,
    write(chunk, enc, cb) {
      log.push(`write:${str(chunk)}`);
      setTimeout(cb, 1);
    },
  });
  record(dst, log, ['pipe', 'unpipe', 'drain', 'finish']);
  assert.strictEqual(src.pipe(dst), dst);
  await new Promise((resolve) => dst.on('finish', resolve));
  // write() returns false from the second queued chunk on (2 + 2 bytes >= 4).
  assert.deepStrictEqual(log, [
    'pipe', 'resume', 'write:c1', 'pause', 'write:c2', 'drain', 'resume', 'write:c3', 'pause', 'write:c4', 'drain',
    'resume', 'write:c5', 'pause', 'end', 'write:c6', 'finish', 'unpipe',
  ]);
});

test('pipe: end: false, unpipe, multiple destinations', async () => {
  const { Readable, PassThrough, Writable } = stream;
  const src = new Readable({ read() {} });
  const a = new PassThrough();
  const b = new PassThrough();
  src.pipe(a, { end: false });
  src.pipe(b);
  assert.strictEqual(src._readableState.pipes.length, 2);
  src.push('x');
  src.push(null);
  await new Promise((resolve) => b.on('finish', resolve));
  assert.strictEqual(a.writableEnded, false);
  assert.strictEqual(str(a.read()), 'x');
  assert.strictEqual(str(b.read()), 'x');

  const src2 = new Readable({ read() {} });
  const got = [];
  const dst = new Writable({ write(c, e, cb) { got.push(str(c)); cb(); } });
  const unpiped = [];
  dst.on('unpipe', (s) => unpiped.push(s === src2));
  src2.pipe(dst);
  src2.push('1');
  await tick();
  src2.unpipe(dst);
  assert.deepStrictEqual(unpiped, [true]);
  assert.strictEqual(src2.readableFlowing, false);
  src2.push('2');
  await tick();
  assert.deepStrictEqual(got, ['1']);
  assert.strictEqual(src2.readableLength, 1);
});

test('pipe: a destination error unpipes and is still emitted', async () => {
  const { Readable, Writable } = stream;
  const src = new Readable({ read() {} });
  const dst = new Writable({ write(c, e, cb) { cb(new Error('dest failed')); } });
  const log = [];
  record(dst, log, ['unpipe', 'error', 'close']);
  src.pipe(dst);
  src.push('x');
  await closed(dst);
  assert.deepStrictEqual(log, ['unpipe', 'error:dest failed', 'close']);
  assert.strictEqual(src._readableState.pipes.length, 0);
  assert.strictEqual(src.destroyed, false); // pipe() does not destroy the source
});

// ---------------------------------------------------------------------------------------------
// finished / pipeline

test('finished: end, error, premature close, cleanup, already finished', async () => {
  const { Readable, Writable, finished } = stream;
  const r = Readable.from(['a']);
  const done = new Promise((resolve) => finished(r, resolve));
  r.resume();
  assert.strictEqual(await done, undefined);

  const w = new Writable({ write(c, e, cb) { cb(); } });
  const wDone = new Promise((resolve) => finished(w, resolve));
  w.end('x');
  assert.strictEqual(await wDone, undefined);

  const e = new Readable({ read() {} });
  const eDone = new Promise((resolve) => finished(e, resolve));
  e.destroy(new Error('failed'));
  e.on('error', () => {});
  assert.strictEqual((await eDone).message, 'failed');

  const p = new Readable({ read() {} });
  const pDone = new Promise((resolve) => finished(p, resolve));
  p.destroy();
  const premature = await pDone;
  assert.strictEqual(premature.code, 'ERR_STREAM_PREMATURE_CLOSE');
  assert.strictEqual(premature.message, 'Premature close');

  const c = new Readable({ read() {} });
  let called = false;
  const cleanup = finished(c, () => { called = true; });
  cleanup();
  c.destroy();
  await tick();
  assert.strictEqual(called, false);

  // Already finished: the callback still comes (on a later tick).
  const again = await new Promise((resolve) => finished(r, resolve));
  assert.strictEqual(again, undefined);

  // Only the readable side of a duplex.
  const { Duplex } = stream;
  const d = new Duplex({ read() {}, write(ch, en, cb) { cb(); } });
  const rOnly = new Promise((resolve) => finished(d, { writable: false }, resolve));
  d.push(null);
  d.resume();
  assert.strictEqual(await rOnly, undefined);
  assert.strictEqual(d.writableEnded, false);

  assert.throws(() => finished({}, () => {}), errorIs('ERR_INVALID_ARG_TYPE', 'TypeError'));
  assert.throws(() => finished(r), errorIs('ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "callback" argument must be of type function. Received undefined'));
});

test('finished with a signal, and stream/promises finished', async () => {
  const { Readable } = stream;
  const { finished } = require('stream/promises');
  const ac = new AbortController();
  const r = new Readable({ read() {} });
  const p = finished(r, { signal: ac.signal });
  ac.abort('why');
  await assert.rejects(p, (err) => {
    assert.strictEqual(err.name, 'AbortError');
    assert.strictEqual(err.code, 'ABORT_ERR');
    assert.strictEqual(err.cause, 'why');
    return true;
  });
  assert.strictEqual(r.destroyed, false);
  const ok = Readable.from([1]);
  ok.resume();
  await finished(ok);
});

test('pipeline: success, returns the last stream, callback once', async () => {
  const { Readable, Transform, Writable, pipeline } = stream;
  const out = [];
  const upper = new Transform({ transform(c, e, cb) { cb(null, str(c).toUpperCase()); } });
  const sink = new Writable({ write(c, e, cb) { out.push(str(c)); cb(); } });
  let calls = 0;
  let ret;
  const err = await new Promise((resolve) => {
    ret = pipeline(Readable.from(['a', 'b']), upper, sink, (e) => {
      calls++;
      resolve(e);
    });
  });
  assert.strictEqual(ret, sink);
  assert.strictEqual(err, undefined);
  assert.deepStrictEqual(out, ['A', 'B']);
  await tick();
  assert.strictEqual(calls, 1);
  assert.throws(() => pipeline(Readable.from([1]), () => {}), errorIs('ERR_MISSING_ARGS', 'TypeError',
    'The "streams" argument must be specified'));
  assert.throws(() => pipeline(Readable.from([1]), sink), errorIs('ERR_INVALID_ARG_TYPE', 'TypeError'));
});

test('pipeline: an error in the middle destroys every stream', async () => {
  const { Readable, Transform, Writable, pipeline } = stream;
  const src = new Readable({ read() {} });
  const mid = new Transform({
    transform(c, e, cb) {
      if (str(c) === 'bad') cb(new Error('mid failed'));
      else cb(null, c);
    },
  });
  const sink = new Writable({ write(c, e, cb) { cb(); } });
  const err = await new Promise((resolve) => {
    pipeline(src, mid, sink, resolve);
    src.push('ok');
    src.push('bad');
  });
  assert.strictEqual(err.message, 'mid failed');
  assert.strictEqual(src.destroyed, true);
  assert.strictEqual(mid.destroyed, true);
  assert.strictEqual(sink.destroyed, true);
});

test('pipeline: premature close of the destination', async () => {
  const { Readable, Writable, pipeline } = stream;
  const src = new Readable({ read() {} });
  const sink = new Writable({ write(c, e, cb) { cb(); } });
  const err = await new Promise((resolve) => {
    pipeline(src, sink, resolve);
    src.push('x');
    setTimeout(() => sink.destroy(), 1);
  });
  assert.strictEqual(err.code, 'ERR_STREAM_PREMATURE_CLOSE');
  assert.strictEqual(src.destroyed, true);
});

test('pipeline: a source error destroys the destination', async () => {
  const { Readable, Writable, pipeline } = stream;
  const src = new Readable({ read() {} });
  const sink = new Writable({ write(c, e, cb) { cb(); } });
  const log = [];
  record(sink, log, ['close', 'finish']);
  const err = await new Promise((resolve) => {
    pipeline(src, sink, resolve);
    setTimeout(() => src.destroy(new Error('source failed')), 1);
  });
  assert.strictEqual(err.message, 'source failed');
  assert.strictEqual(sink.destroyed, true);
  assert.deepStrictEqual(log, ['close']);
});

test('pipeline: async generator stages and an async function sink', async () => {
  const { Readable, pipeline } = stream;
  const { pipeline: pipelinePromise } = require('stream/promises');
  async function* double(source) {
    for await (const chunk of source) yield chunk * 2;
  }
  const collected = [];
  const value = await pipelinePromise(
    Readable.from([1, 2, 3]),
    double,
    async function* (source) {
      for await (const n of source) yield n + 1;
    },
    async function (source) {
      for await (const n of source) collected.push(n);
      return 'sink result';
    },
  );
  assert.strictEqual(value, 'sink result');
  assert.deepStrictEqual(collected, [3, 5, 7]);

  // A generator function as the source.
  const out = [];
  await pipelinePromise(function* () {
    yield 'a';
    yield 'b';
  }, async (source) => {
    for await (const c of source) out.push(c);
  });
  assert.deepStrictEqual(out, ['a', 'b']);

  // An error thrown by a stage rejects, and the source stream is destroyed.
  const src = Readable.from([1, 2, 3]);
  await assert.rejects(pipelinePromise(src, async function* (source) {
    for await (const c of source) {
      if (c === 2) throw new Error('stage failed');
      yield c;
    }
  }, async (source) => { for await (const c of source); }), /stage failed/); // eslint-disable-line no-unused-vars
  assert.strictEqual(src.destroyed, true);

  // A callback pipeline ending in a generator returns a readable stream.
  const ret = pipeline(Readable.from(['x']), async function* (s) { for await (const c of s) yield c; }, () => {});
  assert.ok(ret instanceof stream.Readable);
  assert.deepStrictEqual(await ret.toArray(), ['x']);
});

test('stream/promises pipeline: abort signal and end: false', async () => {
  const { Readable, Writable, PassThrough } = stream;
  const { pipeline } = require('stream/promises');
  const ac = new AbortController();
  const src = new Readable({ read() {} });
  const sink = new Writable({ write(c, e, cb) { cb(); } });
  const p = pipeline(src, sink, { signal: ac.signal });
  src.push('x');
  setTimeout(() => ac.abort(), 1);
  await assert.rejects(p, (err) => err.name === 'AbortError' && err.code === 'ABORT_ERR');
  assert.strictEqual(src.destroyed, true);
  assert.strictEqual(sink.destroyed, true);

  const open = new PassThrough();
  await pipeline(Readable.from(['keep']), open, { end: false });
  assert.strictEqual(open.writableEnded, false);
  assert.strictEqual(str(open.read()), 'keep');

  await assert.rejects(pipeline(Readable.from([1]), sink, { signal: AbortSignal.abort() }),
    (err) => err.name === 'AbortError');
});

// ---------------------------------------------------------------------------------------------
// Signals, construct, utilities

test('addAbortSignal and the signal option destroy with an AbortError', async () => {
  const { Readable, Writable, addAbortSignal } = stream;
  const ac = new AbortController();
  const r = addAbortSignal(ac.signal, new Readable({ read() {} }));
  const errors = [];
  r.on('error', (e) => errors.push(e));
  ac.abort('reason');
  await closed(r);
  assert.strictEqual(errors[0].name, 'AbortError');
  assert.strictEqual(errors[0].code, 'ABORT_ERR');
  assert.strictEqual(errors[0].message, 'The operation was aborted');
  assert.strictEqual(errors[0].cause, 'reason');

  const w = new Writable({ signal: AbortSignal.abort(), write(c, e, cb) { cb(); } });
  assert.strictEqual(w.destroyed, true);
  const we = await new Promise((resolve) => w.on('error', resolve));
  assert.strictEqual(we.name, 'AbortError');

  assert.throws(() => addAbortSignal('x', r), errorIs('ERR_INVALID_ARG_TYPE', 'TypeError',
    'The "signal" argument must be an instance of AbortSignal. Received type string (\'x\')'));
  assert.throws(() => addAbortSignal(ac.signal, {}), errorIs('ERR_INVALID_ARG_TYPE', 'TypeError'));
});

test('Readable _construct delays reads; destroy while constructing', async () => {
  const { Readable } = stream;
  const log = [];
  const r = new Readable({
    construct(cb) {
      log.push('construct');
      setTimeout(() => { log.push('constructed'); cb(); }, 2);
    },
    read() {
      log.push('read');
      this.push(null);
    },
  });
  r.resume();
  await new Promise((resolve) => r.on('end', resolve));
  assert.deepStrictEqual(log, ['construct', 'constructed', 'read']);

  const log2 = [];
  const r2 = new Readable({
    construct(cb) { setTimeout(cb, 2); },
    read() {},
    destroy(err, cb) {
      log2.push('_destroy');
      cb(err);
    },
  });
  r2.destroy();
  log2.push('destroy called');
  await closed(r2);
  assert.deepStrictEqual(log2, ['destroy called', '_destroy']);

  const failing = new Readable({ construct(cb) { cb(new Error('no construct')); }, read() {} });
  const err = await new Promise((resolve) => failing.on('error', resolve));
  assert.strictEqual(err.message, 'no construct');
});

test('stream.destroy, isReadable/isErrored/isDisturbed', async () => {
  const { Readable } = stream;
  const r = new Readable({ read() {} });
  assert.strictEqual(stream.isReadable(r), true);
  assert.strictEqual(stream.isDisturbed(r), false);
  r.push('x');
  r.read();
  assert.strictEqual(stream.isDisturbed(r), true);
  r.on('error', () => {});
  stream.destroy(r, new Error('x'));
  assert.strictEqual(r.destroyed, true);
  assert.strictEqual(stream.isReadable(r), false);
  assert.strictEqual(stream.isErrored(r), false); // not emitted yet
  await closed(r);
  assert.strictEqual(stream.isErrored(r), true);
});

// ---------------------------------------------------------------------------------------------
// Operators, compose, duplexPair

test('Readable operators: map (with concurrency), filter, forEach, reduce, some/every/find, take/drop, flatMap', async () => {
  const { Readable } = stream;
  const from = (arr) => Readable.from(arr);
  assert.deepStrictEqual(await from([1, 2, 3]).map((x) => x * 2).toArray(), [2, 4, 6]);
  // Concurrent map keeps the order of the input.
  const started = [];
  const mapped = await from([30, 10, 20]).map(async (ms) => {
    started.push(ms);
    await delay(ms / 5);
    return ms;
  }, { concurrency: 3 }).toArray();
  assert.deepStrictEqual(mapped, [30, 10, 20]);
  assert.deepStrictEqual(started, [30, 10, 20]);
  assert.deepStrictEqual(await from([1, 2, 3, 4]).filter(async (x) => x % 2 === 0).toArray(), [2, 4]);
  const each = [];
  assert.strictEqual(await from(['a', 'b']).forEach((x) => { each.push(x); }), undefined);
  assert.deepStrictEqual(each, ['a', 'b']);
  assert.strictEqual(await from([1, 2, 3]).reduce((a, b) => a + b, 10), 16);
  assert.strictEqual(await from([1, 2, 3]).reduce((a, b) => a + b), 6);
  await assert.rejects(from([]).reduce((a, b) => a + b), errorIs('ERR_MISSING_ARGS', 'TypeError',
    'Reduce of an empty stream requires an initial value'));
  assert.strictEqual(await from([1, 2, 3]).some((x) => x > 2), true);
  assert.strictEqual(await from([1, 2, 3]).every((x) => x > 2), false);
  assert.strictEqual(await from([1, 2, 3]).find((x) => x > 1), 2);
  assert.strictEqual(await from([1, 2, 3]).find((x) => x > 5), undefined);
  assert.deepStrictEqual(await from([1, 2, 3, 4]).drop(1).take(2).toArray(), [2, 3]);
  assert.deepStrictEqual(await from([1, 2]).flatMap((x) => [x, x]).toArray(), [1, 1, 2, 2]);
  assert.throws(() => from([1]).map(5), errorIs('ERR_INVALID_ARG_TYPE', 'TypeError'));
  assert.throws(() => from([1]).map((x) => x, { concurrency: 0 }), errorIs('ERR_OUT_OF_RANGE', 'RangeError'));
  assert.throws(() => from([1]).take(-1), errorIs('ERR_OUT_OF_RANGE', 'RangeError'));
  // An error in map's function destroys the chain.
  await assert.rejects(from([1, 2]).map((x) => { if (x === 2) throw new Error('map failed'); return x; }).toArray(),
    /map failed/);
  const ac = new AbortController();
  const slow = from([1, 2, 3]).map(async (x) => { await delay(5); return x; }, { signal: ac.signal });
  setTimeout(() => ac.abort(), 1);
  await assert.rejects(slow.toArray(), (err) => err.name === 'AbortError');
});

test('compose and duplexPair', async () => {
  const { Readable, Transform, compose, duplexPair } = stream;
  const upper = new Transform({ transform(c, e, cb) { cb(null, str(c).toUpperCase()); } });
  const exclaim = new Transform({ transform(c, e, cb) { cb(null, `${str(c)}!`); } });
  const composed = compose(upper, exclaim);
  composed.end('hey');
  const out = await composed.toArray();
  assert.deepStrictEqual(out.map(str), ['HEY!']);

  const viaGen = compose(async function* (source) {
    for await (const c of source) yield `<${str(c)}>`;
  });
  viaGen.write('a');
  viaGen.end();
  assert.deepStrictEqual((await viaGen.toArray()).map(str), ['<a>']);

  const [left, right] = duplexPair();
  left.write('ping');
  const got = await new Promise((resolve) => right.once('data', resolve));
  assert.strictEqual(str(got), 'ping');
  right.end('pong');
  const back = await new Promise((resolve) => left.once('data', resolve));
  assert.strictEqual(str(back), 'pong');
  left.end();
  await Promise.all([closed(left), closed(right)]);

  const fromIterable = stream.Duplex.from(Readable.from(['z']));
  assert.deepStrictEqual(await fromIterable.toArray(), ['z']);
});

test('more orderings: end() twice, destroy(err, cb) on a writable, pipeline stage destroyed', async () => {
  const { Writable, PassThrough, pipeline } = stream;
  const log = [];
  const w = new Writable({ write(c, e, cb) { cb(); } });
  record(w, log, ['error', 'finish', 'close']);
  w.end('a', () => log.push('end1'));
  w.end(() => log.push('end2'));
  w.end('b', (e) => log.push(`end3:${e && e.code}`));
  await delay(3);
  assert.deepStrictEqual(log, ['end1', 'end2', 'error:ERR_STREAM_WRITE_AFTER_END', 'close', 'end3:ERR_STREAM_WRITE_AFTER_END']);

  const log2 = [];
  const w2 = new Writable({
    write(c, e, cb) { setTimeout(cb, 5); },
    destroy(err, cb) {
      log2.push(`_destroy:${err.message}`);
      setTimeout(() => cb(err), 1);
    },
  });
  record(w2, log2, ['error', 'close']);
  w2.write('a', (e) => log2.push(`cb a:${e && e.message}`));
  w2.write('b', (e) => log2.push(`cb b:${e && e.message}`));
  w2.destroy(new Error('killed'), (e) => log2.push(`destroy cb:${e.message}`));
  assert.strictEqual(w2.closed, false); // _destroy has not called back yet
  await delay(12);
  assert.deepStrictEqual(log2, ['_destroy:killed', 'destroy cb:killed', 'error:killed', 'close', 'cb a:null',
    'cb b:killed']);
  assert.strictEqual(w2.closed, true);

  const a = new PassThrough();
  const b = new PassThrough();
  const c = new PassThrough();
  const log3 = [];
  record(a, log3, ['close', 'error'], 'a:');
  record(b, log3, ['close', 'error'], 'b:');
  record(c, log3, ['close', 'error'], 'c:');
  pipeline(a, b, c, (e) => log3.push(`cb:${e.message}`));
  b.destroy(new Error('mid'));
  await delay(3);
  assert.deepStrictEqual(log3, ['b:error:mid', 'b:close', 'a:error:mid', 'a:close', 'c:error:mid', 'c:close', 'cb:mid']);
});

test('more orderings: piping into a destination that needs a drain, from an ended source', async () => {
  const { Readable, Writable, PassThrough } = stream;
  const log = [];
  const w = new Writable({ highWaterMark: 1, write(c, e, cb) { log.push(`write:${str(c)}`); setTimeout(cb, 2); } });
  w.write('pre');
  const r = new Readable({ read() {} });
  record(r, log, ['pause', 'resume']);
  record(w, log, ['drain', 'pipe']);
  r.pipe(w);
  r.push('x');
  r.push(null);
  await new Promise((resolve) => w.on('finish', resolve));
  assert.deepStrictEqual(log, ['write:pre', 'pipe', 'pause', 'resume', 'drain', 'resume', 'write:x', 'pause']);

  const ended = new Readable({ read() {} });
  ended.push('x');
  ended.push(null);
  ended.resume();
  await new Promise((resolve) => ended.on('close', resolve));
  const log2 = [];
  const dest = new PassThrough();
  record(dest, log2, ['finish', 'pipe', 'unpipe', 'close']);
  ended.pipe(dest);
  dest.resume();
  await closed(dest);
  assert.deepStrictEqual(log2, ['pipe', 'finish', 'unpipe', 'close']);
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
  if (!stream) {
    console.log('ok 0 tests');
    return;
  }
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
