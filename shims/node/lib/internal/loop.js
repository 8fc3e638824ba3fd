'use strict';
// The event loop of a JavaScript process, in Node's phases: timers, I/O (descriptors polled in
// the kernel), immediates; after every callback, the nextTick queue and the microtasks, then
// unhandled rejections. The process ends when nothing that keeps it alive is left.

const { natives, op, OP } = require('internal/io');

// ---- nextTick and microtasks ----
let ticks = [];
let tickHead = 0;

function nextTick(callback, ...args) {
  if (typeof callback !== 'function') throw require('internal/errors').invalidArgType('callback', 'Function', callback);
  ticks.push({ callback, args });
}

// Promise rejections with no handler yet, in the order they happened.
const pendingRejections = new Map();
const reportedRejections = new WeakSet();

/** Starts tracking promise rejections for this process (the engine's handler is per run). */
function start() {
  natives.setRejectHandler(onReject);
}

function onReject(kind, promise, reason) {
  if (kind === 0) {
    pendingRejections.set(promise, reason);
  } else {
    pendingRejections.delete(promise);
    if (reportedRejections.has(promise)) {
      reportedRejections.delete(promise);
      const process = globalThis.process;
      if (process) process.emit('rejectionHandled', promise);
    }
  }
}

let onUncaught = (err) => { throw err; };
let onUnhandledRejection = (reason) => onUncaught(reason);

/** Sets what handles an uncaught exception and an unhandled rejection (the bootstrap's). */
function setErrorHandlers(uncaught, unhandledRejection) {
  onUncaught = uncaught;
  onUnhandledRejection = unhandledRejection;
}

function processRejections() {
  if (pendingRejections.size === 0) return false;
  const list = [...pendingRejections];
  pendingRejections.clear();
  for (const [promise, reason] of list) {
    reportedRejections.add(promise);
    onUnhandledRejection(reason, promise);
  }
  return true;
}

/** What runs after every callback: nextTicks, microtasks, rejections, until all are empty. */
function afterCallback() {
  do {
    while (tickHead < ticks.length) {
      const { callback, args } = ticks[tickHead++];
      if (tickHead > 1024 && tickHead * 2 > ticks.length) {
        ticks = ticks.slice(tickHead);
        tickHead = 0;
      }
      try {
        callback(...args);
      } catch (err) {
        onUncaught(err);
      }
    }
    ticks = [];
    tickHead = 0;
    natives.runMicrotasks();
  } while (ticks.length > 0 || processRejections());
}

/** Runs `fn` as a callback of the loop: an exception goes to the uncaught handler. */
function callback(fn, thisArg, args) {
  try {
    return Reflect.apply(fn, thisArg, args);
  } catch (err) {
    onUncaught(err);
  } finally {
    afterCallback();
  }
}

// ---- timers: a binary heap ordered by (due time, sequence) ----
const heap = [];
let refedTimers = 0;

function now() {
  return op(OP.HRTIME) / 1e6;
}

function less(a, b) {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

function heapPush(t) {
  heap.push(t);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(heap[i], heap[p])) break;
    [heap[i], heap[p]] = [heap[p], heap[i]];
    i = p;
  }
}

function heapPop() {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}

let timerSeq = 0;

/** Schedules `timer` (an object with `_delay`, `_armed`, `_refed`) to fire `_delay` ms from now. */
function armTimer(timer) {
  if (timer._armed) disarmTimer(timer);
  timer.due = now() + timer._delay;
  timer.seq = ++timerSeq;
  timer._armed = true;
  timer._entry = { due: timer.due, seq: timer.seq, timer };
  heapPush(timer._entry);
  if (timer._refed) refedTimers++;
}

/** Cancels `timer` (its heap entry is skipped when it comes up). */
function disarmTimer(timer) {
  if (!timer._armed) return;
  timer._armed = false;
  timer._entry.timer = null;
  if (timer._refed) refedTimers--;
}

/** Changes whether an armed `timer` keeps the process alive. */
function setTimerRef(timer, refed) {
  if (timer._refed === refed) return;
  timer._refed = refed;
  if (timer._armed) refedTimers += refed ? 1 : -1;
}

function runTimers() {
  const t = now();
  while (heap.length > 0 && heap[0].due <= t) {
    const entry = heapPop();
    const timer = entry.timer;
    if (timer === null) continue;
    timer._armed = false;
    if (timer._refed) refedTimers--;
    if (timer._repeat !== null) {
      timer._delay = timer._repeat;
      armTimer(timer);
    }
    callback(timer._onTimeout, timer, timer._args);
  }
}

function nextTimerDelay() {
  while (heap.length > 0 && heap[0].timer === null) heapPop();
  if (heap.length === 0) return -1;
  return Math.max(0, heap[0].due - now());
}

// ---- immediates ----
let immediates = [];
let refedImmediates = 0;

function addImmediate(immediate) {
  immediates.push(immediate);
  if (immediate._refed) refedImmediates++;
}

function removeImmediate(immediate) {
  if (immediate._destroyed) return;
  immediate._destroyed = true;
  if (immediate._refed) refedImmediates--;
}

function setImmediateRef(immediate, refed) {
  if (immediate._refed === refed) return;
  immediate._refed = refed;
  if (!immediate._destroyed) refedImmediates += refed ? 1 : -1;
}

function runImmediates() {
  const list = immediates;
  immediates = [];
  for (const immediate of list) {
    if (immediate._destroyed) continue;
    removeImmediate(immediate);
    callback(immediate._onImmediate, immediate, immediate._args);
  }
}

// ---- descriptors waited on in the kernel ----
const watchers = new Map(); // fd -> { events, onReady, refed }
let refedWatchers = 0;

/** Calls `onReady(revents)` whenever `fd` is ready for `events` (1 readable, 2 writable). */
function watch(fd, events, onReady, refed = true) {
  unwatch(fd);
  watchers.set(fd, { events, onReady, refed });
  if (refed) refedWatchers++;
}

function unwatch(fd) {
  const w = watchers.get(fd);
  if (!w) return;
  watchers.delete(fd);
  if (w.refed) refedWatchers--;
}

// ---- child processes: reaped when the kernel reports an exit ----
const children = new Map(); // pid -> onExit(waitStatus)
const waitBuffer = new Uint8Array(8);

/** Calls `onExit(waitStatus)` once child `pid` has exited (it keeps the process alive). */
function watchChild(pid, onExit) {
  children.set(pid, onExit);
}

function reapChildren() {
  for (const [pid, onExit] of children) {
    const r = op(OP.WAIT, pid, 1, 0, waitBuffer);
    if (r === 0) continue;
    children.delete(pid);
    const status = r > 0 ? new DataView(waitBuffer.buffer).getInt32(4, true) : -1;
    callback(onExit, undefined, [status]);
  }
}

let pollBuffer = new Uint8Array(64);

function pollIo(timeout) {
  const waitChildren = children.size > 0 ? 1 : 0;
  if (watchers.size === 0 && !waitChildren) {
    if (timeout > 0) op(OP.SLEEP, timeout);
    return;
  }
  const fds = [...watchers.keys()];
  if (pollBuffer.length < fds.length * 8) pollBuffer = new Uint8Array(fds.length * 16);
  const view = new DataView(pollBuffer.buffer);
  fds.forEach((fd, i) => {
    view.setUint32(i * 8, fd, true);
    view.setUint32(i * 8 + 4, watchers.get(fd).events, true);
  });
  const ready = op(OP.POLL, fds.length, timeout, waitChildren, pollBuffer);
  // Descriptors first, then exits, as libuv's order comes out: a child's last output and its
  // IPC channel's end are seen before its 'exit'.
  if (ready > 0) {
    fds.forEach((fd, i) => {
      const revents = view.getUint32(i * 8 + 4, true);
      const w = watchers.get(fd);
      if (revents !== 0 && w) callback(w.onReady, undefined, [revents]);
    });
  }
  if (waitChildren) reapChildren();
}

function alive() {
  return refedTimers > 0 || refedImmediates > 0 || refedWatchers > 0 || children.size > 0;
}

/** Runs the loop until nothing keeps the process alive; `beforeExit` may add work. */
function run(beforeExit) {
  afterCallback();
  for (;;) {
    while (alive()) {
      runTimers();
      if (children.size > 0) {
        reapChildren();
        if (!alive()) break;
      }
      const delay = immediates.length > 0 ? 0 : nextTimerDelay();
      if (watchers.size > 0 || children.size > 0) {
        pollIo(delay);
      } else if (delay > 0 && refedTimers > 0) {
        op(OP.SLEEP, delay);
      }
      runImmediates();
    }
    if (!beforeExit) return;
    callback(beforeExit, undefined, []);
    if (!alive()) return;
  }
}

module.exports = {
  start, nextTick, afterCallback, callback, setErrorHandlers, processRejections,
  armTimer, disarmTimer, setTimerRef, addImmediate, removeImmediate, setImmediateRef,
  watch, unwatch, watchChild, run, now,
};
