'use strict';
// fs.opendir and fs.Dir: a directory handle read one Dirent at a time (sync, callback, promise,
// or `for await`). The entries are listed when the directory is opened (the kernel answers a
// whole listing at once from memory), so a Dir sees the directory as it was then.

const { nodeError, invalidArgType } = require('internal/errors');
const { uvException } = require('internal/errno');
const loop = require('internal/loop');

const kEntries = Symbol('entries');
const kClosed = Symbol('closed');

function closedError() {
  return nodeError(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed');
}

class Dir {
  constructor(path, entries) {
    this[kEntries] = entries;
    this[kClosed] = false;
    Object.defineProperty(this, 'path', { value: path, enumerable: true });
  }

  /** The next entry, or null at the end. */
  readSync() {
    if (this[kClosed]) throw closedError();
    return this[kEntries].length > 0 ? this[kEntries].shift() : null;
  }

  read(callback) {
    if (callback === undefined) return new Promise((resolve) => resolve(this.readSync()));
    if (typeof callback !== 'function') throw invalidArgType('callback', 'function', callback);
    let entry;
    let error = null;
    try {
      entry = this.readSync();
    } catch (err) {
      error = err;
    }
    loop.nextTick(() => (error ? callback(error) : callback(null, entry)));
    return undefined;
  }

  closeSync() {
    if (this[kClosed]) throw closedError();
    this[kClosed] = true;
    this[kEntries] = [];
  }

  close(callback) {
    if (callback === undefined) return new Promise((resolve) => resolve(this.closeSync()));
    if (typeof callback !== 'function') throw invalidArgType('callback', 'function', callback);
    let error = null;
    try {
      this.closeSync();
    } catch (err) {
      error = err;
    }
    loop.nextTick(() => callback(error));
    return undefined;
  }

  async *entries() {
    try {
      for (;;) {
        const entry = this.readSync();
        if (entry === null) break;
        yield entry;
      }
    } finally {
      if (!this[kClosed]) this.closeSync();
    }
  }

  [Symbol.asyncIterator]() {
    return this.entries();
  }
}

/** Opens directory `path` (ENOENT, ENOTDIR... with syscall `opendir`, no path: Node's text). */
function opendirSync(path, options) {
  const fs = require('fs');
  const p = fs._internal.pathString(path);
  if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'string') {
    throw invalidArgType('options', 'Object', options);
  }
  let entries;
  try {
    entries = fs.readdirSync(p, { withFileTypes: true });
  } catch (err) {
    if (typeof err.errno === 'number') throw uvException(-err.errno, 'opendir');
    throw err;
  }
  return new Dir(p, entries);
}

module.exports = { Dir, opendirSync };
