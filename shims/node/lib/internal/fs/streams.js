'use strict';
// fs.createReadStream / createWriteStream: streams over a descriptor, opened by path or given.

const fs = require('fs');
const { invalidArgType, outOfRange } = require('internal/errors');

/** `construct`: opens `path` unless the stream was given a descriptor; emits open/ready. */
function opener(stream, path, o, defaultFlags) {
  return (callback) => {
    if (stream.fd !== null) return callback();
    try {
      stream.fd = fs.openSync(path, o.flags || defaultFlags, o.mode);
      callback();
      stream.emit('open', stream.fd);
      stream.emit('ready');
    } catch (err) {
      callback(err);
    }
  };
}

/** `destroy`: closes the descriptor (unless autoClose is false). */
function closer(stream, o) {
  return (err, callback) => {
    if (stream.fd !== null && o.autoClose !== false) {
      try {
        fs.closeSync(stream.fd);
      } catch {}
    }
    callback(err);
  };
}

/** A stream's start or end: a non-negative safe integer (Node's validateInteger). */
function checkPosition(value, name) {
  if (value === undefined) return;
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < 0 || value > Number.MAX_SAFE_INTEGER) throw outOfRange(name, `>= 0 && <= ${Number.MAX_SAFE_INTEGER}`, value);
}

function createReadStream(path, options) {
  const { Readable } = require('stream');
  const o = typeof options === 'string' ? { encoding: options } : { ...options };
  const highWaterMark = o.highWaterMark || 65536;
  checkPosition(o.start, 'start');
  if (o.end !== undefined && o.end !== Infinity) checkPosition(o.end, 'end');
  if (o.start !== undefined && o.end !== undefined && o.start > o.end) {
    throw outOfRange('start', `<= "end" (here: ${o.end})`, o.start);
  }
  let position = o.start ?? -1;
  const end = o.end ?? Infinity;
  const stream = new Readable({
    highWaterMark,
    encoding: o.encoding,
    construct: (callback) => opener(stream, path, o, 'r')(callback),
    read(size) {
      let want = Math.min(size || highWaterMark, highWaterMark);
      if (end !== Infinity) {
        const left = end - Math.max(position, 0) + 1;
        if (position >= 0 && left <= 0) return stream.push(null);
        if (position >= 0) want = Math.min(want, left);
      }
      const chunk = Buffer.allocUnsafe(want);
      let n;
      try {
        n = fs.readSync(stream.fd, chunk, 0, want, position >= 0 ? position : null);
      } catch (err) {
        return stream.destroy(err);
      }
      if (position >= 0) position += n;
      stream.bytesRead += n;
      stream.push(n === 0 ? null : chunk.subarray(0, n));
    },
    destroy: (err, callback) => closer(stream, o)(err, callback),
  });
  stream.path = path;
  stream.fd = o.fd ?? null; // before `construct`, which runs on a later tick
  stream.bytesRead = 0;
  return stream;
}

function createWriteStream(path, options) {
  const { Writable } = require('stream');
  const o = typeof options === 'string' ? { encoding: options } : { ...options };
  checkPosition(o.start, 'start');
  let position = o.start ?? -1;
  const stream = new Writable({
    decodeStrings: true,
    defaultEncoding: o.encoding || 'utf8',
    construct: (callback) => opener(stream, path, o, 'w')(callback),
    write(chunk, encoding, callback) {
      try {
        let done = 0;
        while (done < chunk.length) {
          const n = fs.writeSync(stream.fd, chunk, done, chunk.length - done, position >= 0 ? position + done : null);
          done += n;
        }
        if (position >= 0) position += done;
        stream.bytesWritten += done;
        callback();
      } catch (err) {
        callback(err);
      }
    },
    destroy: (err, callback) => closer(stream, o)(err, callback),
  });
  stream.path = path;
  stream.fd = o.fd ?? null; // before `construct`, which runs on a later tick
  stream.bytesWritten = 0;
  return stream;
}

module.exports = { createReadStream, createWriteStream };
