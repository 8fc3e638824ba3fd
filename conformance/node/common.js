'use strict';
// Burrow's small stand-in for Node's test/common: call-count checks (mustCall, mustNotCall,
// mustSucceed, mustCallAtLeast), error matchers (expectsError), platform flags and a tmpdir
// helper. Written for the Burrow conformance lane; every test here runs unchanged on host Node
// and inside a Burrow VM.

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');

const isWindows = process.platform === 'win32';
const isLinux = process.platform === 'linux';
const isOSX = process.platform === 'darwin';
// Inside a Burrow VM the executable is /bin/node and the userland is WebAssembly.
const isBurrow = process.execPath === '/bin/node';

// Every function made by mustCall/mustCallAtLeast/mustNotCall, checked when the process exits.
const checks = [];
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    const failures = [];
    for (const c of checks) {
      if (c.atLeast ? c.actual < c.expected : c.actual !== c.expected) {
        failures.push(`${c.name}: expected ${c.atLeast ? 'at least ' : ''}${c.expected} call(s), got ${c.actual}\n` +
          `  created at ${c.where}`);
      }
    }
    if (failures.length > 0) {
      process.stderr.write(`call count mismatch:\n${failures.join('\n')}\n`);
      process.exitCode = 1;
    }
  });
}

function callerLocation() {
  // The first frame outside this file: the test line that made the helper.
  const frames = new Error().stack.split('\n').slice(1);
  const outside = frames.find((f) => !f.includes(__filename));
  return (outside || frames[frames.length - 1] || '').trim();
}

function makeCounted(fn, expected, atLeast) {
  installExitHook();
  const entry = { name: fn.name || '<anonymous>', expected, actual: 0, atLeast, where: callerLocation() };
  checks.push(entry);
  const wrapper = function(...args) {
    entry.actual++;
    return fn.apply(this, args);
  };
  Object.defineProperty(wrapper, 'length', { value: fn.length });
  return wrapper;
}

function noop() {}

/** `fn` (or a no-op) that must be called exactly `exact` times (1 by default) before exit. */
function mustCall(fn, exact) {
  if (typeof fn === 'number') {
    exact = fn;
    fn = noop;
  } else if (fn === undefined) {
    fn = noop;
  }
  return makeCounted(fn, exact === undefined ? 1 : exact, false);
}

/** `fn` (or a no-op) that must be called at least `minimum` times (1 by default). */
function mustCallAtLeast(fn, minimum) {
  if (typeof fn === 'number') {
    minimum = fn;
    fn = noop;
  } else if (fn === undefined) {
    fn = noop;
  }
  return makeCounted(fn, minimum === undefined ? 1 : minimum, true);
}

/** A function whose every call is a test failure. */
function mustNotCall(msg) {
  const where = callerLocation();
  return function mustNotCall(...args) {
    const shown = args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(', ');
    assert.fail(`${msg || 'function should not have been called'} (at ${where}) with (${shown})`);
  };
}

/** A Node-style callback that must be called once, with no error; the rest goes to `fn`. */
function mustSucceed(fn, exact) {
  return mustCall(function(err, ...args) {
    assert.ifError(err);
    if (typeof fn === 'function') return fn.apply(this, args);
  }, exact);
}

/**
 * A callback that must be called `exact` times (1 by default) with an error matching
 * `validation` (an object of expected properties, as assert.throws takes it).
 */
function expectsError(validation, exact) {
  return mustCall((err) => {
    assert.ok(err instanceof Error, `expected an Error, got ${err}`);
    for (const [key, want] of Object.entries(validation)) {
      if (want instanceof RegExp && typeof err[key] === 'string') {
        assert.match(err[key], want, `error.${key}`);
      } else {
        assert.deepStrictEqual(err[key], want, `error.${key}`);
      }
    }
    return true;
  }, exact);
}

/** The same bytes as every kind of ArrayBuffer view (buf.length must be a multiple of 8). */
function getArrayBufferViews(buf) {
  const { buffer, byteOffset, byteLength } = buf;
  const out = [];
  for (const Type of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
    Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView]) {
    const per = Type.BYTES_PER_ELEMENT || 1;
    if (byteLength % per === 0) out.push(new Type(buffer, byteOffset, byteLength / per));
  }
  return out;
}

// The scratch directory: one per process, removed at exit.
const tmpPath = path.join(os.tmpdir(), `node-conformance-${process.pid}`);
let tmpCleanupInstalled = false;

const tmpdir = {
  path: tmpPath,
  /** Empties (or creates) the scratch directory. */
  refresh() {
    fs.rmSync(tmpPath, { recursive: true, force: true });
    fs.mkdirSync(tmpPath, { recursive: true });
    if (!tmpCleanupInstalled) {
      tmpCleanupInstalled = true;
      process.on('exit', () => {
        try {
          fs.rmSync(tmpPath, { recursive: true, force: true });
        } catch {
          // Nothing to do: the test's own result decides.
        }
      });
    }
  },
  /** A path inside the scratch directory. */
  resolve(...parts) {
    return path.resolve(tmpPath, ...parts);
  },
};

module.exports = {
  isWindows,
  isLinux,
  isOSX,
  isBurrow,
  mustCall,
  mustCallAtLeast,
  mustNotCall,
  mustSucceed,
  expectsError,
  getArrayBufferViews,
  tmpdir,
};
