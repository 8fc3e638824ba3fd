'use strict';
// The IPC channel of child_process.fork: a unix socket pair between a parent and a forked node
// child (the child's end is descriptor NODE_CHANNEL_FD), carrying messages as Node's default
// 'json' serialization does: one JSON text a line. The parent's ChildProcess and the child's
// `process` both get send(), disconnect(), `connected`, and 'message' and 'disconnect' events.
// Sends are queued and written as the socket takes them (the event loop waits for room), so
// neither side blocks on a peer that reads slowly.
//
// Not supported: sending handles (sockets, servers), the 'advanced' serialization.

const { op, OP, utf8Encode, utf8Decode } = require('internal/io');
const loop = require('internal/loop');
const { nodeError } = require('internal/errors');

const EAGAIN = 11;
const READABLE = 1;
const WRITABLE = 2;

class Channel {
  /**
   * `target` (a ChildProcess, or the child's `process`) talks over `fd`; `keepsAlive()` tells
   * whether an open channel should keep the event loop running.
   */
  constructor(target, fd, keepsAlive) {
    this.target = target;
    this.fd = fd;
    this.keepsAlive = keepsAlive;
    this.queue = []; // [bytes, callback]
    this.pending = ''; // a line not yet complete
    this.buf = new Uint8Array(65536);
    op(OP.SET_NONBLOCK, fd, 1);
    this.rewatch();
  }

  rewatch() {
    if (this.fd === null) return;
    const events = READABLE | (this.queue.length > 0 ? WRITABLE : 0);
    const refed = this.queue.length > 0 || this.keepsAlive();
    loop.watch(this.fd, events, (revents) => this.onReady(revents), refed);
  }

  onReady(revents) {
    if (revents & WRITABLE) this.flush();
    if (this.fd !== null && revents & ~WRITABLE) this.read();
  }

  read() {
    for (;;) {
      const n = op(OP.READ, this.fd, -1, 0, this.buf);
      if (n === -EAGAIN) return;
      if (n <= 0) {
        this.close();
        return;
      }
      this.pending += utf8Decode(this.buf, 0, n);
      let eol;
      while ((eol = this.pending.indexOf('\n')) >= 0) {
        const line = this.pending.slice(0, eol);
        this.pending = this.pending.slice(eol + 1);
        let message;
        try {
          message = JSON.parse(line);
        } catch {
          continue;
        }
        this.target.emit('message', message);
      }
    }
  }

  send(message, callback) {
    this.queue.push([utf8Encode(JSON.stringify(message) + '\n'), callback]);
    this.flush();
  }

  flush() {
    while (this.fd !== null && this.queue.length > 0) {
      const [bytes, callback] = this.queue[0];
      const n = op(OP.WRITE, this.fd, -1, 0, bytes);
      if (n === -EAGAIN) break;
      if (n < 0) {
        this.close();
        return;
      }
      if (n < bytes.length) {
        this.queue[0][0] = bytes.subarray(n);
        continue;
      }
      this.queue.shift();
      if (typeof callback === 'function') loop.nextTick(callback, null);
    }
    this.rewatch();
  }

  /** Closes the channel (once): what is queued is dropped, 'disconnect' follows. */
  close() {
    if (this.fd === null) return;
    loop.unwatch(this.fd);
    op(OP.CLOSE, this.fd);
    this.fd = null;
    const dropped = this.queue;
    this.queue = [];
    this.target.connected = false;
    for (const [, callback] of dropped) {
      if (typeof callback === 'function') loop.nextTick(callback, channelClosed());
    }
    loop.nextTick(() => this.target.emit('disconnect'));
  }
}

function channelClosed() {
  return nodeError(Error, 'ERR_IPC_CHANNEL_CLOSED', 'Channel closed');
}

/** Gives `target` Node's IPC methods over `channel`. */
function attach(target, channel) {
  target.connected = true;
  target.send = function send(message, handle, options, callback) {
    if (typeof handle === 'function') callback = handle;
    else if (typeof options === 'function') callback = options;
    if (message === undefined) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "message" argument must be specified');
    if (!this.connected) {
      const err = channelClosed();
      if (typeof callback === 'function') loop.nextTick(callback, err);
      else loop.nextTick(() => this.emit('error', err));
      return false;
    }
    channel.send(message, callback);
    return true;
  };
  target.disconnect = function disconnect() {
    if (!this.connected) {
      this.emit('error', nodeError(Error, 'ERR_IPC_DISCONNECTED', 'IPC channel is already disconnected'));
      return;
    }
    channel.close();
  };
  target.channel = {
    fd: channel.fd,
    ref() {},
    unref() {},
  };
}

/** The parent's side: `child` (a ChildProcess) talks over `fd` until either side disconnects. */
function setupParent(child, fd) {
  attach(child, new Channel(child, fd, () => true));
}

/**
 * The child's side, when it was forked (NODE_CHANNEL_FD in its environment): the channel keeps
 * the process alive while it has 'message' listeners, as Node's does.
 */
function setupChild(process) {
  const fd = Number(process.env.NODE_CHANNEL_FD);
  delete process.env.NODE_CHANNEL_FD;
  if (!Number.isInteger(fd) || fd < 0) return;
  const channel = new Channel(process, fd, () => process.listenerCount('message') > 0);
  attach(process, channel);
  const update = (event) => {
    if (event === 'message') loop.nextTick(() => channel.rewatch());
  };
  process.on('newListener', update);
  process.on('removeListener', update);
}

module.exports = { setupParent, setupChild };
