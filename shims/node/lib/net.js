'use strict';
// node:net on kernel sockets: Server (listen on TCP or a unix path, 'connection', close) and
// Socket, a Duplex over a non-blocking socket descriptor the event loop watches (read while
// the readable side wants data, write when a write is waiting for room: no timers poll).
// Connections within the VM are loopback; anything else is the kernel's egress decision
// (EACCES when the VM's policy denies it, a host connection when it allows it). Names resolve
// through the VM (internal/net lookup: the policy decides which names the host looks up).

const EventEmitter = require('events');
const { Duplex } = require('stream');
const { op, OP } = require('internal/io');
const loop = require('internal/loop');
const { nodeError, invalidArgType, invalidArgValue } = require('internal/errors');
const inet = require('internal/net');

const { AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, SOCK_NONBLOCK, SOCK_CLOEXEC, ADDR_SLOT, EAGAIN, SOCKOPT } = inet;

// One scratch buffer for every socket's reads: a read copies out only what arrived.
const READ_SIZE = 65536;
let scratch = null;

function validPort(port) {
  if (typeof port === 'string' && port.trim() !== '') port = Number(port);
  return typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : -1;
}

function portError(name, port) {
  return nodeError(RangeError, 'ERR_SOCKET_BAD_PORT', `${name} should be >= 0 and < 65536. Received ${typeof port === 'string' ? `type string ('${port}')` : `type ${typeof port} (${port})`}.`);
}

// ---------------------------------------------------------------------------------------------
// Socket

class Socket extends Duplex {
  constructor(options) {
    if (typeof options === 'number') options = { fd: options };
    options = { ...options };
    const allowHalfOpen = Boolean(options.allowHalfOpen);
    super({ allowHalfOpen, emitClose: false, autoDestroy: true, decodeStrings: true, highWaterMark: options.highWaterMark });
    this.allowHalfOpen = allowHalfOpen;
    this.connecting = false;
    this._handle = null;
    this._host = null;
    this._peer = null;
    this._local = null;
    this._pendingWrite = null;
    this._pendingFinal = null;
    this._reading = false;
    this._hadError = false;
    this._timeoutMs = 0;
    this._timer = null;
    this._keepAlive = false;
    this._noDelay = false;
    this.bytesRead = 0;
    this._bytesWritten = 0;
    this.server = null;
    this._server = null;
    if (options.handle) {
      this._attach(options.handle);
      if (options.peer) this._peer = options.peer;
    } else if (options.fd !== undefined) {
      this._attach(new inet.SocketHandle(options.fd));
      op(OP.SET_NONBLOCK, options.fd, 1);
    }
    this.on('end', onReadableEnd);
  }

  _attach(handle) {
    this._handle = handle;
  }

  get bytesWritten() {
    return this._bytesWritten;
  }

  get pending() {
    return this._handle === null || this.connecting;
  }

  get readyState() {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    if (this.readable && !this.writable) return 'readOnly';
    if (!this.readable && this.writable) return 'writeOnly';
    return 'closed';
  }

  get remoteAddress() { return this._remote().address; }
  get remotePort() { return this._remote().port; }
  get remoteFamily() { return this._remote().family; }
  get localAddress() { return this._localAddr().address; }
  get localPort() { return this._localAddr().port; }
  get localFamily() { return this._localAddr().family; }

  _remote() {
    if (this._peer === null && this._handle !== null && !this._handle.closed) this._peer = inet.sockname(this._handle.fd, true);
    return this._peer || {};
  }

  _localAddr() {
    if (this._local === null && this._handle !== null && !this._handle.closed) this._local = inet.sockname(this._handle.fd, false);
    return this._local || {};
  }

  address() {
    const a = this._localAddr();
    return a.path !== undefined ? a.path : a.address === undefined ? {} : { address: a.address, family: a.family, port: a.port };
  }

  connect(...args) {
    const [options, cb] = normalizeConnectArgs(args);
    if (this.destroyed) {
      this._readableState.reading = false;
      this._readableState.ended = false;
      this._readableState.endEmitted = false;
      this._writableState.ended = false;
      this._writableState.ending = false;
      this._writableState.finished = false;
      this._writableState.errorEmitted = false;
      this.destroyed = false;
      this._handle = null;
      this._peer = null;
      this._local = null;
    }
    if (typeof cb === 'function') this.once('connect', cb);
    if (options.timeout) this.setTimeout(options.timeout);
    this.connecting = true;
    if (options.path !== undefined) {
      this._connectTo(AF_UNIX, inet.encodeUnix(options.path), options.path, undefined);
      return this;
    }
    const port = validPort(options.port);
    if (options.port === undefined || port < 0 || (typeof options.port !== 'number' && typeof options.port !== 'string')) {
      this.connecting = false;
      if (options.port === undefined) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "options" or "port" or "path" argument must be specified');
      throw portError('Port', options.port);
    }
    const host = options.host === undefined || options.host === null ? 'localhost' : String(options.host);
    this._host = host;
    let found;
    try {
      found = inet.lookup(host, options.family || 0, port);
    } catch (err) {
      loop.nextTick(() => {
        this.connecting = false;
        this.destroy(err);
      });
      return this;
    }
    this.emit('lookup', null, found.address, found.family, host);
    this._connectTo(found.family === 6 ? AF_INET6 : AF_INET, inet.encodeAddr(found.address, port), found.address, port);
    return this;
  }

  _connectTo(domain, record, address, port) {
    const fd = inet.newSocket(domain, SOCK_STREAM);
    if (fd < 0) {
      loop.nextTick(() => this._connectFailed(inet.exceptionWithHostPort(-fd, 'connect', address, port)));
      return;
    }
    this._attach(new inet.SocketHandle(fd));
    if (this._keepAlive) op(OP.SETSOCKOPT, fd, SOCKOPT.SO_KEEPALIVE, 1);
    if (this._noDelay) op(OP.SETSOCKOPT, fd, SOCKOPT.TCP_NODELAY, 1);
    const r = op(OP.CONNECT, fd, 0, 0, record);
    if (r === -inet.EINPROGRESS) {
      // The kernel finishes a connection on its own: wait until it is writable, then ask why.
      this._handle.writeWait(() => {
        this._handle.writeDone();
        const e = op(OP.GETSOCKOPT, fd, SOCKOPT.SO_ERROR);
        if (e > 0) this._connectFailed(inet.exceptionWithHostPort(e, 'connect', address, port));
        else this._connected();
      });
      return;
    }
    if (r < 0) {
      loop.nextTick(() => this._connectFailed(inet.exceptionWithHostPort(-r, 'connect', address, port)));
      return;
    }
    loop.nextTick(() => this._connected());
  }

  _connectFailed(err) {
    this.connecting = false;
    this.destroy(err);
  }

  _connected() {
    if (this.destroyed) return;
    this.connecting = false;
    this.emit('connect');
    this.emit('ready');
    if (this._pendingWrite !== null) {
      const [chunk, cb] = this._pendingWrite;
      this._pendingWrite = null;
      this._writeNow(chunk, cb);
    }
    if (this._pendingFinal !== null) {
      const cb = this._pendingFinal;
      this._pendingFinal = null;
      this._final(cb);
    }
    if (this._readableState.flowing !== false || this._readableState.length < this._readableState.highWaterMark) {
      if (this._reading) this._startReading();
      else this.read(0);
    }
  }

  _read() {
    this._reading = true;
    if (this.connecting || this._handle === null) return;
    this._startReading();
  }

  _startReading() {
    const handle = this._handle;
    if (handle === null || handle.closed || handle.onReadable !== null) return;
    handle.readStart(() => this._onReadable());
  }

  _onReadable() {
    const handle = this._handle;
    if (scratch === null) scratch = Buffer.allocUnsafe(READ_SIZE);
    for (;;) {
      if (handle.closed) return;
      const n = op(OP.READ, handle.fd, -1, 0, scratch);
      if (n === -EAGAIN) return;
      if (n < 0) {
        handle.readStop();
        this.destroy(inet.errnoException(-n, 'read'));
        return;
      }
      if (n === 0) {
        handle.readStop();
        this._reading = false;
        this.push(null);
        return;
      }
      this.bytesRead += n;
      this._active();
      const chunk = Buffer.allocUnsafe(n);
      scratch.copy(chunk, 0, 0, n);
      if (!this.push(chunk)) {
        this._reading = false;
        handle.readStop();
        return;
      }
      // A short read drained the socket: the next readiness says when more comes.
      if (n < READ_SIZE) return;
    }
  }

  _write(chunk, encoding, cb) {
    if (this.connecting || this._handle === null) {
      this._pendingWrite = [chunk, cb];
      return;
    }
    this._writeNow(chunk, cb);
  }

  _writev(chunks, cb) {
    const bufs = chunks.map((c) => (typeof c.chunk === 'string' ? Buffer.from(c.chunk, c.encoding) : c.chunk));
    this._write(bufs.length === 1 ? bufs[0] : Buffer.concat(bufs), 'buffer', cb);
  }

  _writeNow(chunk, cb) {
    const handle = this._handle;
    let done = 0;
    const attempt = () => {
      while (done < chunk.length) {
        if (handle.closed) return cb(nodeError(Error, 'ERR_SOCKET_CLOSED', 'Socket is closed'));
        const n = op(OP.WRITE, handle.fd, -1, 0, done === 0 ? chunk : chunk.subarray(done));
        if (n === -EAGAIN) {
          handle.writeWait(attempt);
          return undefined;
        }
        if (n < 0) {
          handle.writeDone();
          return cb(inet.errnoException(-n, 'write'));
        }
        done += n;
        this._bytesWritten += n;
      }
      if (handle.onWritable !== null) handle.writeDone();
      this._active();
      return cb();
    };
    attempt();
  }

  _final(cb) {
    if (this.connecting || this._handle === null) {
      this._pendingFinal = cb;
      return;
    }
    const r = op(OP.SHUTDOWN, this._handle.fd, 1);
    if (r < 0 && r !== -107) return cb(inet.errnoException(-r, 'shutdown'));
    return cb();
  }

  _destroy(err, cb) {
    this._clearTimer();
    this.connecting = false;
    if (this._handle !== null) {
      this._local = this._local || (this._handle.closed ? null : inet.sockname(this._handle.fd, false));
      this._handle.close();
    }
    if (this._pendingWrite !== null) {
      const [, writeCb] = this._pendingWrite;
      this._pendingWrite = null;
      writeCb(err || nodeError(Error, 'ERR_SOCKET_CLOSED', 'Socket is closed'));
    }
    this._hadError = Boolean(err);
    cb(err);
    // Node emits 'close' from the handle's close callback, a phase of a later loop turn.
    setImmediate(() => this.emit('close', this._hadError));
  }

  destroySoon() {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy();
    else this.once('finish', () => this.destroy());
  }

  resetAndDestroy() {
    return this.destroy();
  }

  setNoDelay(enable = true) {
    this._noDelay = Boolean(enable);
    if (this._handle !== null && !this._handle.closed) op(OP.SETSOCKOPT, this._handle.fd, SOCKOPT.TCP_NODELAY, this._noDelay ? 1 : 0);
    return this;
  }

  setKeepAlive(enable = false, initialDelay = 0) {
    this._keepAlive = Boolean(enable);
    this._keepAliveDelay = ~~(initialDelay / 1000);
    if (this._handle !== null && !this._handle.closed) op(OP.SETSOCKOPT, this._handle.fd, SOCKOPT.SO_KEEPALIVE, this._keepAlive ? 1 : 0);
    return this;
  }

  setTimeout(ms, cb) {
    if (typeof ms !== 'number' || !(ms >= 0)) throw invalidArgType('msecs', 'number', ms);
    this._timeoutMs = ms;
    this._clearTimer();
    if (ms > 0) this._active();
    if (typeof cb === 'function') {
      if (ms === 0) this.removeListener('timeout', cb);
      else this.once('timeout', cb);
    }
    return this;
  }

  get timeout() {
    return this._timeoutMs || undefined;
  }

  _active() {
    if (this._timeoutMs <= 0) return;
    if (this._timer === null) {
      this._timer = setTimeout(() => {
        this._timer = null;
        this.emit('timeout');
      }, this._timeoutMs);
      this._timer.unref();
    } else {
      this._timer.refresh();
    }
  }

  _clearTimer() {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  ref() {
    if (this._handle !== null) this._handle.ref();
    return this;
  }

  unref() {
    if (this._handle !== null) this._handle.unref();
    return this;
  }

  get _connecting() {
    return this.connecting;
  }
}

function onReadableEnd() {
  // allowHalfOpen false: Duplex ends the writable side; a finished socket is destroyed.
  if (!this.allowHalfOpen && this.writableFinished) this.destroy();
}

/** Node's normalizeArgs for connect: `[options, cb]`. */
function normalizeConnectArgs(args) {
  if (args.length === 0) return [{}, null];
  const last = args[args.length - 1];
  const cb = typeof last === 'function' ? last : null;
  const first = args[0];
  let options;
  if (first !== null && typeof first === 'object') options = { ...first };
  else if (typeof first === 'string' && validPort(first) < 0 && !/^\d+$/.test(first)) options = { path: first };
  else {
    options = { port: first };
    if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
  }
  return [options, cb];
}

// ---------------------------------------------------------------------------------------------
// Server

class Server extends EventEmitter {
  constructor(options, connectionListener) {
    super();
    if (typeof options === 'function') {
      connectionListener = options;
      options = {};
    } else if (options === undefined || options === null) {
      options = {};
    } else if (typeof options !== 'object') {
      throw invalidArgType('options', 'Object', options);
    }
    if (typeof connectionListener === 'function') this.on('connection', connectionListener);
    this.allowHalfOpen = Boolean(options.allowHalfOpen);
    this.pauseOnConnect = Boolean(options.pauseOnConnect);
    this.noDelay = Boolean(options.noDelay);
    this.keepAlive = Boolean(options.keepAlive);
    this._handle = null;
    this._address = null;
    this._connections = 0;
    this._closing = false;
    this._unref = false;
    this.maxConnections = undefined;
  }

  get listening() {
    return this._handle !== null;
  }

  listen(...args) {
    let cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    let options;
    const first = args[0];
    if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
      options = { ...first };
    } else if (typeof first === 'string' && validPort(first) < 0) {
      options = { path: first, backlog: args[1] };
    } else {
      options = { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
      const rest = args.slice(typeof args[1] === 'string' ? 2 : 1);
      if (typeof rest[0] === 'number') options.backlog = rest[0];
    }
    if (this._handle !== null) throw nodeError(Error, 'ERR_SERVER_ALREADY_LISTEN', 'Listen method has been called more than once without closing.');
    if (cb) this.once('listening', cb);
    const backlog = typeof options.backlog === 'number' ? options.backlog : 511;
    this._closing = false;
    if (options.path !== undefined) {
      this._listenOn(AF_UNIX, inet.encodeUnix(String(options.path)), String(options.path), -1, backlog);
      return this;
    }
    let port = options.port === undefined || options.port === null ? 0 : options.port;
    if (validPort(port) < 0) {
      if (typeof port === 'object' || typeof port === 'function' || typeof port === 'boolean') {
        throw invalidArgValue('options', options, 'is invalid');
      }
      throw portError('options.port', port);
    }
    port = validPort(port);
    if (options.host !== undefined && options.host !== null) {
      let found;
      try {
        found = inet.lookup(String(options.host));
      } catch (err) {
        loop.nextTick(() => this.emit('error', err));
        return this;
      }
      this._listenOn(found.family === 6 ? AF_INET6 : AF_INET, inet.encodeAddr(found.address, port), found.address, port, backlog);
      return this;
    }
    // No host: every address, IPv6 and IPv4 alike (`::`), as Node does.
    this._listenOn(AF_INET6, inet.encodeAddr('::', port), '::', port, backlog);
    return this;
  }

  _listenOn(domain, record, address, port, backlog) {
    const fail = (n, syscall) => {
      if (fd >= 0) op(OP.CLOSE, fd);
      const err = inet.uvExceptionWithHostPort(n, syscall, address, port >= 0 ? port : undefined);
      loop.nextTick(() => this.emit('error', err));
    };
    const fd = inet.newSocket(domain, SOCK_STREAM);
    if (fd < 0) return fail(-fd, 'listen');
    if (domain !== AF_UNIX) op(OP.SETSOCKOPT, fd, SOCKOPT.SO_REUSEADDR, 1);
    let r = op(OP.BIND, fd, 0, 0, record);
    if (r < 0) return fail(-r, 'listen');
    r = op(OP.LISTEN, fd, backlog);
    if (r < 0) return fail(-r, 'listen');
    this._handle = new inet.SocketHandle(fd);
    if (this._unref) this._handle.unref();
    this._address = inet.sockname(fd, false);
    this._handle.readStart(() => this._accept());
    loop.nextTick(() => {
      if (this._handle !== null) this.emit('listening');
    });
    return undefined;
  }

  _accept() {
    const peerBuf = new Uint8Array(ADDR_SLOT);
    while (this._handle !== null) {
      const fd = op(OP.ACCEPT, this._handle.fd, SOCK_NONBLOCK | SOCK_CLOEXEC, 0, peerBuf);
      if (fd === -EAGAIN) return;
      if (fd < 0) {
        this.emit('error', inet.errnoException(-fd, 'accept'));
        return;
      }
      if (this.maxConnections !== undefined && this._connections >= this.maxConnections) {
        op(OP.CLOSE, fd);
        continue;
      }
      const peer = inet.decodeAddr(peerBuf);
      const socket = new Socket({ handle: new inet.SocketHandle(fd), peer: peer && peer.path === undefined ? peer : null, allowHalfOpen: this.allowHalfOpen });
      socket.server = this;
      socket._server = this;
      if (this.noDelay) socket.setNoDelay(true);
      if (this.keepAlive) socket.setKeepAlive(true);
      this._connections++;
      socket.once('close', () => {
        this._connections--;
        this._maybeClosed();
      });
      if (this.pauseOnConnect) socket.pause();
      this.emit('connection', socket);
    }
  }

  address() {
    if (this._handle === null) return null;
    const a = this._address;
    if (a === null) return null;
    return a.path !== undefined ? a.path : { address: a.address, family: a.family, port: a.port };
  }

  close(cb) {
    if (typeof cb === 'function') {
      if (this._handle === null) {
        this.once('close', () => cb(nodeError(Error, 'ERR_SERVER_NOT_RUNNING', 'Server is not running.')));
      } else {
        this.once('close', cb);
      }
    }
    if (this._handle !== null) {
      this._handle.close();
      this._handle = null;
    }
    this._closing = true;
    this._maybeClosed();
    return this;
  }

  _maybeClosed() {
    if (!this._closing || this._handle !== null || this._connections > 0) return;
    this._closing = false;
    loop.nextTick(() => this.emit('close'));
  }

  getConnections(cb) {
    loop.nextTick(() => cb(null, this._connections));
    return this;
  }

  ref() {
    this._unref = false;
    if (this._handle !== null) this._handle.ref();
    return this;
  }

  unref() {
    this._unref = true;
    if (this._handle !== null) this._handle.unref();
    return this;
  }

  [Symbol.asyncDispose]() {
    return new Promise((resolve, reject) => this.close((err) => (err ? reject(err) : resolve())));
  }
}

function createServer(options, connectionListener) {
  return new Server(options, connectionListener);
}

function connect(...args) {
  const [options] = normalizeConnectArgs(args);
  const socket = new Socket(options);
  if (options.timeout) socket.setTimeout(options.timeout);
  return socket.connect(...args);
}

let autoSelectFamily = true;
let autoSelectFamilyAttemptTimeout = 250;

module.exports = {
  Server, Socket, Stream: Socket, createServer, connect, createConnection: connect,
  isIP: inet.isIP, isIPv4: inet.isIPv4, isIPv6: inet.isIPv6,
  getDefaultAutoSelectFamily: () => autoSelectFamily,
  setDefaultAutoSelectFamily: (v) => { autoSelectFamily = Boolean(v); },
  getDefaultAutoSelectFamilyAttemptTimeout: () => autoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout: (v) => { autoSelectFamilyAttemptTimeout = v; },
};
