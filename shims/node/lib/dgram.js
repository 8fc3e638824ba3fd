'use strict';
// node:dgram on kernel UDP sockets: createSocket('udp4' | 'udp6'), bind, send (to an address,
// or the connected peer), 'message' with rinfo, connect/disconnect, close, address. Datagrams
// arrive through the event loop's watch of the descriptor (no timers poll). Loopback only,
// like every socket here; other destinations are the kernel's egress decision.

const EventEmitter = require('events');
const { op, OP } = require('internal/io');
const loop = require('internal/loop');
const { nodeError, invalidArgType } = require('internal/errors');
const inet = require('internal/net');

const { AF_INET, AF_INET6, SOCK_DGRAM, ADDR_SLOT, EAGAIN, SOCKOPT } = inet;
const MAX_DGRAM = 65536;

function badPort(port) {
  return nodeError(RangeError, 'ERR_SOCKET_BAD_PORT', `Port should be > 0 and < 65536. Received ${typeof port === 'number' ? `type number (${port})` : `type ${typeof port} (${String(port)})`}.`);
}

class Socket extends EventEmitter {
  constructor(type, listener) {
    super();
    const options = typeof type === 'object' && type !== null ? type : { type };
    if (options.type !== 'udp4' && options.type !== 'udp6') {
      throw nodeError(TypeError, 'ERR_SOCKET_BAD_TYPE', 'Bad socket type specified. Valid types are: udp4, udp6');
    }
    this.type = options.type;
    this._reuseAddr = Boolean(options.reuseAddr);
    this._handle = null;
    this._bound = false;
    this._bindState = 0; // 0 unbound, 1 binding, 2 bound
    this._connected = null;
    this._closed = false;
    this._unref = false;
    this._recvBuffer = null;
    this._queue = [];
    if (typeof listener === 'function') this.on('message', listener);
    if (options.signal) {
      const onAbort = () => this.close();
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  _domain() {
    return this.type === 'udp6' ? AF_INET6 : AF_INET;
  }

  _any() {
    return this.type === 'udp6' ? '::' : '0.0.0.0';
  }

  _open() {
    if (this._handle !== null) return 0;
    const fd = inet.newSocket(this._domain(), SOCK_DGRAM);
    if (fd < 0) return fd;
    this._handle = new inet.SocketHandle(fd);
    if (this._unref) this._handle.unref();
    if (this._reuseAddr) op(OP.SETSOCKOPT, fd, SOCKOPT.SO_REUSEADDR, 1);
    return 0;
  }

  _checkOpen() {
    if (this._closed) throw nodeError(Error, 'ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running');
  }

  bind(port, address, cb) {
    this._checkOpen();
    if (this._bindState !== 0) throw nodeError(Error, 'ERR_SOCKET_ALREADY_BOUND', 'Socket is already bound');
    if (typeof port === 'function') {
      cb = port;
      port = 0;
      address = undefined;
    } else if (port !== null && typeof port === 'object') {
      cb = address;
      address = port.address;
      port = port.port;
    } else if (typeof address === 'function') {
      cb = address;
      address = undefined;
    }
    if (port === undefined || port === null) port = 0;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw badPort(port);
    if (typeof cb === 'function') this.once('listening', cb);
    this._bindState = 1;
    let ip = this._any();
    if (address !== undefined && address !== null && address !== '') {
      try {
        ip = inet.lookup(address, this.type === 'udp6' ? 6 : 4).address;
      } catch (err) {
        loop.nextTick(() => this.emit('error', err));
        return this;
      }
    }
    const r = this._bindTo(ip, port);
    if (r < 0) {
      this._bindState = 0;
      const err = inet.exceptionWithHostPort(-r, 'bind', ip, port);
      loop.nextTick(() => this.emit('error', err));
      return this;
    }
    loop.nextTick(() => this.emit('listening'));
    return this;
  }

  _bindTo(ip, port) {
    const r = this._open();
    if (r < 0) return r;
    const b = op(OP.BIND, this._handle.fd, 0, 0, inet.encodeAddr(ip, port));
    if (b < 0) return b;
    this._bindState = 2;
    this._startReceiving();
    return 0;
  }

  /** Binds to an ephemeral port on first use (send, connect), as Node does. */
  _implicitBind() {
    if (this._bindState !== 0) return 0;
    const r = this._bindTo(this._any(), 0);
    if (r === 0) loop.nextTick(() => this.emit('listening'));
    return r;
  }

  _startReceiving() {
    this._handle.readStart(() => this._receive());
  }

  _receive() {
    if (this._recvBuffer === null) this._recvBuffer = Buffer.allocUnsafe(ADDR_SLOT + MAX_DGRAM);
    const buf = this._recvBuffer;
    while (this._handle !== null && !this._handle.closed) {
      const n = op(OP.RECVFROM, this._handle.fd, 0, 0, buf);
      if (n === -EAGAIN) return;
      if (n < 0) {
        this.emit('error', inet.errnoException(-n, 'recvmsg'));
        return;
      }
      const from = inet.decodeAddr(buf, 0) || {};
      const msg = Buffer.allocUnsafe(n);
      buf.copy(msg, 0, ADDR_SLOT, ADDR_SLOT + n);
      this.emit('message', msg, { address: from.address, family: from.family, port: from.port, size: n });
    }
  }

  address() {
    if (this._handle === null || this._bindState !== 2) throw nodeError(Error, 'ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running');
    const a = inet.sockname(this._handle.fd, false);
    return { address: a.address, family: a.family, port: a.port };
  }

  remoteAddress() {
    if (this._connected === null) throw nodeError(Error, 'ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected');
    return { ...this._connected };
  }

  connect(port, address, cb) {
    this._checkOpen();
    if (typeof address === 'function') {
      cb = address;
      address = undefined;
    }
    if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535) throw badPort(port);
    if (this._connected !== null) throw nodeError(Error, 'ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
    let ip;
    try {
      ip = inet.lookup(address || (this.type === 'udp6' ? '::1' : '127.0.0.1'), this.type === 'udp6' ? 6 : 4).address;
    } catch (err) {
      loop.nextTick(() => (cb ? cb(err) : this.emit('error', err)));
      return;
    }
    let r = this._implicitBind();
    if (r === 0) r = op(OP.CONNECT, this._handle.fd, 0, 0, inet.encodeAddr(ip, port));
    if (r < 0) {
      const err = inet.exceptionWithHostPort(-r, 'connect', ip, port);
      loop.nextTick(() => (cb ? cb(err) : this.emit('error', err)));
      return;
    }
    this._connected = { address: ip, family: inet.isIP(ip) === 6 ? 'IPv6' : 'IPv4', port };
    loop.nextTick(() => {
      if (cb) cb();
      this.emit('connect');
    });
  }

  disconnect() {
    this._checkOpen();
    if (this._connected === null) throw nodeError(Error, 'ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected');
    // AF_UNSPEC dissolves the association.
    op(OP.CONNECT, this._handle.fd, 0, 0, new Uint8Array([0, 0, 0, 0]));
    this._connected = null;
  }

  send(msg, offset, length, port, address, cb) {
    this._checkOpen();
    // Node's argument forms: (msg[, offset, length], port[, address][, cb]), and without
    // port and address on a connected socket.
    let slice = false;
    if (this._connected === null) {
      if (address || (port && typeof port !== 'function')) slice = true;
      else {
        cb = port;
        port = offset;
        address = length;
      }
    } else if (typeof length === 'number') {
      slice = true;
      if (typeof port === 'function') cb = port;
      else if (port !== undefined && port !== null) throw nodeError(Error, 'ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
    } else {
      if (typeof offset === 'number' || (typeof length === 'string' && typeof offset === 'number')) {
        throw nodeError(Error, 'ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
      }
      cb = offset;
    }
    if (typeof address === 'function') {
      cb = address;
      address = undefined;
    }
    let data;
    if (typeof msg === 'string') data = Buffer.from(msg);
    else if (Array.isArray(msg)) data = Buffer.concat(msg.map((m) => (typeof m === 'string' ? Buffer.from(m) : Buffer.from(m.buffer, m.byteOffset, m.byteLength))));
    else if (ArrayBuffer.isView(msg)) data = Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
    else throw invalidArgType('buffer', ['Buffer', 'TypedArray', 'DataView', 'string'], msg);
    if (slice) data = data.subarray(offset >>> 0, (offset >>> 0) + (length >>> 0));
    let record = null;
    let ip;
    if (this._connected === null) {
      if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535) throw badPort(port);
      try {
        ip = inet.lookup(address || (this.type === 'udp6' ? '::1' : '127.0.0.1'), this.type === 'udp6' ? 6 : 4).address;
      } catch (err) {
        loop.nextTick(() => (cb ? cb(err) : this.emit('error', err)));
        return;
      }
      record = inet.encodeAddr(ip, port);
    } else {
      ip = this._connected.address;
      port = this._connected.port;
    }
    let r = this._implicitBind();
    if (r === 0) {
      const buf = record === null ? data : Buffer.concat([record, data]);
      r = op(OP.SENDTO, this._handle.fd, record === null ? 0 : record.length, 0, buf);
    }
    if (r < 0 && r !== -EAGAIN) {
      const err = inet.exceptionWithHostPort(-r, 'send', ip, port);
      loop.nextTick(() => (cb ? cb(err) : this.emit('error', err)));
      return;
    }
    if (cb) loop.nextTick(cb, null, data.length);
  }

  close(cb) {
    if (this._closed) {
      if (typeof cb === 'function') loop.nextTick(cb);
      return this;
    }
    this._closed = true;
    if (typeof cb === 'function') this.once('close', cb);
    if (this._handle !== null) this._handle.close();
    this._handle = null;
    loop.nextTick(() => this.emit('close'));
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

  setBroadcast() {}
  setTTL(ttl) { return ttl; }
  setMulticastTTL(ttl) { return ttl; }
  setMulticastLoopback(flag) { return flag; }
  setMulticastInterface() {}
  addMembership() {}
  dropMembership() {}

  setRecvBufferSize(size) { if (this._handle) op(OP.SETSOCKOPT, this._handle.fd, SOCKOPT.SO_RCVBUF, size); }
  setSendBufferSize(size) { if (this._handle) op(OP.SETSOCKOPT, this._handle.fd, SOCKOPT.SO_SNDBUF, size); }
  getRecvBufferSize() { return this._handle ? op(OP.GETSOCKOPT, this._handle.fd, SOCKOPT.SO_RCVBUF) : 0; }
  getSendBufferSize() { return this._handle ? op(OP.GETSOCKOPT, this._handle.fd, SOCKOPT.SO_SNDBUF) : 0; }

  [Symbol.asyncDispose]() {
    return new Promise((resolve) => this.close(resolve));
  }
}

function createSocket(type, listener) {
  return new Socket(type, listener);
}

module.exports = { Socket, createSocket };
