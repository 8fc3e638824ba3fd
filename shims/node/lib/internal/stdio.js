'use strict';
// process.stdout / stderr / stdin: streams over descriptors 0-2. Writes are synchronous (as
// Node's are for files and pipes), so output is never lost at exit; stdin is read when the
// kernel reports it readable, without blocking the event loop.

const { op, OP, check, writeAll, utf8Encode } = require('internal/io');
const loop = require('internal/loop');

function writable(fd) {
  const { Writable } = require('stream');
  const stream = new Writable({
    decodeStrings: false,
    write(chunk, encoding, callback) {
      try {
        const bytes = typeof chunk === 'string'
          ? (encoding === 'utf8' || encoding === 'utf-8' || encoding === 'buffer' ? utf8Encode(chunk) : Buffer.from(chunk, encoding))
          : chunk;
        writeAll(fd, bytes);
        callback();
      } catch (err) {
        callback(err);
      }
    },
  });
  stream.fd = fd;
  stream.isTTY = false;
  stream._isStdio = true;
  stream._type = 'pipe';
  stream.destroySoon = stream.destroy;
  stream._destroy = (err, callback) => callback(err);
  return stream;
}

function readable(fd) {
  const { Readable } = require('stream');
  let watching = false;
  const stop = () => {
    if (watching) {
      watching = false;
      loop.unwatch(fd);
    }
  };
  const stream = new Readable({
    highWaterMark: 65536,
    read() {
      if (watching) return;
      watching = true;
      loop.watch(fd, 1, () => {
        const chunk = Buffer.allocUnsafe(65536);
        const n = op(OP.READ, fd, -1, 0, chunk);
        if (n < 0) {
          stop();
          try {
            check(n, 'read');
          } catch (err) {
            stream.destroy(err);
          }
          return;
        }
        if (n === 0) {
          stop();
          stream.push(null);
          return;
        }
        if (!stream.push(chunk.subarray(0, n))) stop();
      });
    },
    destroy(err, callback) {
      stop();
      callback(err);
    },
  });
  stream.fd = fd;
  stream.isTTY = false;
  stream.setRawMode = undefined;
  return stream;
}

module.exports = { writable, readable };
