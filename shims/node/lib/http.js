'use strict';
// node:http over node:net: Server (request/response, keep-alive, chunked or Content-Length
// bodies, pipelined requests answered in order), the client (ClientRequest, Agent pooling
// keep-alive connections), IncomingMessage (a Readable) and the parser in
// internal/http/parser. No TLS: https stays unsupported.

const EventEmitter = require('events');
const { Readable } = require('stream');
const { Stream } = require('internal/streams/legacy');
const net = require('net');
const loop = require('internal/loop');
const { nodeError, invalidArgType } = require('internal/errors');
const { HTTPParser, MAX_HEADER_SIZE } = require('internal/http/parser');

const METHODS = [
  'ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK', 'M-SEARCH', 'MERGE',
  'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH', 'POST', 'PROPFIND', 'PROPPATCH',
  'PURGE', 'PUT', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK', 'UNLOCK',
  'UNSUBSCRIBE',
];

const STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
  418: "I'm a Teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity', 423: 'Locked',
  424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', 508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded', 510: 'Not Extended',
  511: 'Network Authentication Required',
};

const tokenRe = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const invalidValueRe = /[^\t\x20-\x7e\x80-\xff]/;

function validateHeaderName(name, label = 'Header name') {
  if (typeof name !== 'string' || !name || !tokenRe.test(name)) {
    throw nodeError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `${label} must be a valid HTTP token ["${name}"]`);
  }
}

function validateHeaderValue(name, value) {
  if (value === undefined) {
    throw nodeError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', `Invalid value "${value}" for header "${name}"`);
  }
  if (invalidValueRe.test(String(value))) {
    throw nodeError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  }
}

// Date header, made once a second.
let dateCache = '';
let dateSecond = -1;
function utcDate() {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateCache = new Date(now).toUTCString();
  }
  return dateCache;
}

// ---------------------------------------------------------------------------------------------
// IncomingMessage

// Duplicates of these are dropped, as Node does (matchKnownFields).
const SINGLE = new Set(['content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization',
  'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards',
  'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires']);

function addHeaderLine(dest, name, value) {
  const key = name.toLowerCase();
  if (dest[key] === undefined) {
    dest[key] = key === 'set-cookie' ? [value] : value;
  } else if (key === 'set-cookie') {
    dest[key].push(value);
  } else if (!SINGLE.has(key)) {
    dest[key] += (key === 'cookie' ? '; ' : ', ') + value;
  }
}

class IncomingMessage extends Readable {
  constructor(socket) {
    super();
    this.socket = socket;
    this.httpVersionMajor = 1;
    this.httpVersionMinor = 1;
    this.httpVersion = '1.1';
    this.complete = false;
    this.rawHeaders = [];
    this.rawTrailers = [];
    this.aborted = false;
    this.upgrade = false;
    this.url = '';
    this.method = null;
    this.statusCode = null;
    this.statusMessage = null;
    this._headers = null;
    this._trailers = null;
    this._consuming = false;
    this._dumped = false;
    this._onRead = null;
  }

  get connection() { return this.socket; }

  get headers() {
    if (this._headers === null) {
      this._headers = {};
      for (let i = 0; i < this.rawHeaders.length; i += 2) addHeaderLine(this._headers, this.rawHeaders[i], this.rawHeaders[i + 1]);
    }
    return this._headers;
  }

  set headers(v) { this._headers = v; }

  get headersDistinct() {
    const out = {};
    for (let i = 0; i < this.rawHeaders.length; i += 2) {
      const key = this.rawHeaders[i].toLowerCase();
      (out[key] = out[key] || []).push(this.rawHeaders[i + 1]);
    }
    return out;
  }

  get trailers() {
    if (this._trailers === null) {
      this._trailers = {};
      for (let i = 0; i < this.rawTrailers.length; i += 2) addHeaderLine(this._trailers, this.rawTrailers[i], this.rawTrailers[i + 1]);
    }
    return this._trailers;
  }

  set trailers(v) { this._trailers = v; }

  _fill(info) {
    this.httpVersionMajor = info.versionMajor;
    this.httpVersionMinor = info.versionMinor;
    this.httpVersion = `${info.versionMajor}.${info.versionMinor}`;
    this.rawHeaders = info.headers;
    if (info.method !== undefined) {
      this.method = info.method;
      this.url = info.url;
    } else {
      this.statusCode = info.statusCode;
      this.statusMessage = info.statusMessage;
    }
    this.upgrade = info.upgrade;
  }

  _read() {
    this._consuming = true;
    if (this._onRead !== null) this._onRead();
  }

  _dump() {
    if (this._dumped) return;
    this._dumped = true;
    this.removeAllListeners('data');
    this.resume();
  }

  setTimeout(ms, cb) {
    if (cb) this.on('timeout', cb);
    if (this.socket) this.socket.setTimeout(ms);
    return this;
  }

  _destroy(err, cb) {
    if (!this.readableEnded || !this.complete) this.aborted = true;
    if (err && this.socket && !this.complete && !this.socket.destroyed) this.socket.destroy(err);
    cb(err);
  }
}

// ---------------------------------------------------------------------------------------------
// OutgoingMessage: headers, then a body framed by Content-Length or chunked encoding

const kEmpty = Buffer.alloc(0);

class OutgoingMessage extends Stream {
  constructor() {
    super();
    this._headerMap = new Map(); // lower-case name -> [name, value]
    this._header = null;
    this.headersSent = false;
    this._chunked = false;
    this._hasBody = true;
    this._contentLength = null;
    this._removedContLen = false;
    this._removedTE = false;
    this._removedConnection = false;
    this._last = false;
    this.shouldKeepAlive = true;
    this.useChunkedEncodingByDefault = true;
    this.sendDate = false;
    this.finished = false;
    this.writableEnded = false;
    this.writableFinished = false;
    this.destroyed = false;
    this.socket = null;
    this._outputData = [];
    this._corked = 0;
    this._bytesQueued = 0;
    this.strictContentLength = false;
    this._trailer = '';
  }

  get connection() { return this.socket; }
  get writable() { return !this.writableEnded && !this.destroyed; }
  get writableLength() { return this._bytesQueued; }
  get writableHighWaterMark() { return this.socket ? this.socket.writableHighWaterMark : 16384; }
  get writableCorked() { return this._corked; }
  get writableObjectMode() { return false; }
  get writableNeedDrain() { return this.socket ? this.socket.writableNeedDrain : false; }

  setHeader(name, value) {
    if (this._header) throw nodeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot set headers after they are sent to the client');
    validateHeaderName(name);
    validateHeaderValue(name, value);
    this._headerMap.set(name.toLowerCase(), [name, value]);
    return this;
  }

  appendHeader(name, value) {
    if (this._header) throw nodeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot append headers after they are sent to the client');
    validateHeaderName(name);
    validateHeaderValue(name, value);
    const key = name.toLowerCase();
    const old = this._headerMap.get(key);
    if (old === undefined) this._headerMap.set(key, [name, value]);
    else this._headerMap.set(key, [old[0], [].concat(old[1], value)]);
    return this;
  }

  setHeaders(headers) {
    for (const [k, v] of headers) this.setHeader(k, v);
    return this;
  }

  getHeader(name) {
    if (typeof name !== 'string') throw invalidArgType('name', 'string', name);
    const e = this._headerMap.get(name.toLowerCase());
    return e === undefined ? undefined : e[1];
  }

  getHeaders() {
    const out = Object.create(null);
    for (const [key, [, value]] of this._headerMap) out[key] = value;
    return out;
  }

  getHeaderNames() { return [...this._headerMap.keys()]; }
  getRawHeaderNames() { return [...this._headerMap.values()].map((e) => e[0]); }
  hasHeader(name) { return this._headerMap.has(String(name).toLowerCase()); }

  removeHeader(name) {
    if (this._header) throw nodeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot remove headers after they are sent to the client');
    const key = name.toLowerCase();
    if (key === 'content-length') this._removedContLen = true;
    else if (key === 'transfer-encoding') this._removedTE = true;
    else if (key === 'connection') this._removedConnection = true;
    else if (key === 'date') this.sendDate = false;
    this._headerMap.delete(key);
  }

  /** The header block, after `firstLine`; decides the body's framing. */
  _storeHeader(firstLine) {
    let head = firstLine;
    let hasDate = false;
    let hasConnection = false;
    let hasLength = false;
    let hasTE = false;
    for (const [key, [name, value]] of this._headerMap) {
      if (Array.isArray(value)) {
        for (const v of value) head += `${name}: ${v}\r\n`;
      } else {
        head += `${name}: ${value}\r\n`;
      }
      if (key === 'date') hasDate = true;
      else if (key === 'connection') {
        hasConnection = true;
        if (/(^|,)\s*close\s*(,|$)/i.test(String(value))) this._last = true;
        else this.shouldKeepAlive = true;
      } else if (key === 'content-length') hasLength = true;
      else if (key === 'transfer-encoding') {
        hasTE = true;
        if (/(?:^|,)\s*chunked\s*$/i.test(String(value))) this._chunked = true;
      }
    }
    if (this.sendDate && !hasDate) head += `Date: ${utcDate()}\r\n`;
    if (!hasConnection && !this._removedConnection) {
      if (this._last || !this.shouldKeepAlive) {
        head += 'Connection: close\r\n';
        this._last = true;
      } else {
        head += 'Connection: keep-alive\r\n';
        if (this._keepAliveTimeout) head += `Keep-Alive: timeout=${Math.floor(this._keepAliveTimeout / 1000)}\r\n`;
      }
    }
    if (!hasLength && !hasTE) {
      if (!this._hasBody) {
        this._chunked = false;
      } else if (!this.useChunkedEncodingByDefault) {
        this._last = this._last || this._lastIfNoLength === true;
      } else if (!this._removedContLen && typeof this._contentLength === 'number') {
        head += `Content-Length: ${this._contentLength}\r\n`;
      } else if (!this._removedTE) {
        head += 'Transfer-Encoding: chunked\r\n';
        this._chunked = true;
      } else {
        this._last = true;
      }
    }
    this._header = `${head}\r\n`;
  }

  /** Bytes to the socket (or held until there is one); the header goes with the first. */
  _send(data, cb) {
    if (!this.headersSent && this._header !== null) {
      const head = Buffer.from(this._header, 'latin1');
      data = data.length === 0 ? head : Buffer.concat([head, data]);
      this.headersSent = true;
    }
    if (this.socket === null || this._corked > 0) {
      this._outputData.push({ data, cb });
      this._bytesQueued += data.length;
      return false;
    }
    return this._flushTo(data, cb);
  }

  _flushTo(data, cb) {
    if (this.socket.destroyed) {
      if (cb) loop.nextTick(cb, nodeError(Error, 'ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed'));
      return false;
    }
    return this.socket.write(data, cb);
  }

  _flushOutput() {
    if (this.socket === null || this._outputData.length === 0) return true;
    const list = this._outputData;
    this._outputData = [];
    this._bytesQueued = 0;
    const data = list.length === 1 ? list[0].data : Buffer.concat(list.map((e) => e.data));
    const cbs = list.map((e) => e.cb).filter(Boolean);
    return this._flushTo(data, cbs.length === 0 ? undefined : (err) => cbs.forEach((f) => f(err)));
  }

  cork() {
    this._corked++;
  }

  uncork() {
    if (this._corked > 0) this._corked--;
    if (this._corked === 0) this._flushOutput();
  }

  flushHeaders() {
    if (this._header === null) this._implicitHeader();
    this._send(kEmpty);
  }

  write(chunk, encoding, cb) {
    if (typeof encoding === 'function') {
      cb = encoding;
      encoding = null;
    }
    if (this.writableEnded) {
      const err = nodeError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
      loop.nextTick(() => {
        if (cb) cb(err);
        this.emit('error', err);
      });
      return false;
    }
    if (this.destroyed) return false;
    if (chunk === null) throw nodeError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      throw invalidArgType('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
    }
    if (this._header === null) this._implicitHeader();
    if (!this._hasBody) {
      if (cb) loop.nextTick(cb);
      return true;
    }
    const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding || 'utf8') : chunk;
    if (data.length === 0) {
      if (cb) loop.nextTick(cb);
      return true;
    }
    if (this._chunked) {
      return this._send(Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, Buffer.from('\r\n', 'latin1')]), cb);
    }
    return this._send(data, cb);
  }

  end(chunk, encoding, cb) {
    if (typeof chunk === 'function') {
      cb = chunk;
      chunk = null;
    } else if (typeof encoding === 'function') {
      cb = encoding;
      encoding = null;
    }
    if (this.writableEnded) {
      if (cb) loop.nextTick(cb);
      return this;
    }
    if (chunk !== null && chunk !== undefined) {
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
        throw invalidArgType('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
      }
      if (this._header === null) {
        const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding || 'utf8') : chunk;
        this._contentLength = data.length;
        chunk = data;
      }
      this.write(chunk, encoding);
    } else if (this._header === null) {
      this._contentLength = 0;
    }
    if (this._header === null) this._implicitHeader();
    if (typeof cb === 'function') this.once('finish', cb);
    const finish = () => this._finish();
    if (this._hasBody && this._chunked) this._send(Buffer.from(`0\r\n${this._trailer}\r\n`, 'latin1'), finish);
    else if (!this.headersSent || this.socket === null || this._outputData.length > 0) this._send(kEmpty, finish);
    else this._flushTo(kEmpty, finish);
    this.writableEnded = true;
    this.finished = true;
    return this;
  }

  addTrailers(headers) {
    this._trailer = '';
    const entries = Array.isArray(headers) ? headers : Object.entries(headers);
    for (const [k, v] of entries) {
      validateHeaderName(k, 'Trailer name');
      validateHeaderValue(k, v);
      this._trailer += `${k}: ${v}\r\n`;
    }
  }

  _finish() {
    if (this.writableFinished) return;
    this.writableFinished = true;
    this.emit('prefinish');
    this.emit('finish');
  }

  setTimeout(ms, cb) {
    if (cb) this.on('timeout', cb);
    if (this.socket) this.socket.setTimeout(ms);
    else this.once('socket', (s) => s.setTimeout(ms));
    return this;
  }

  destroy(err) {
    if (this.destroyed) return this;
    this.destroyed = true;
    if (this.socket) this.socket.destroy(err);
    else this.once('socket', (s) => s.destroy(err));
    return this;
  }
}

// ---------------------------------------------------------------------------------------------
// Server

class ServerResponse extends OutgoingMessage {
  constructor(req, options) {
    super();
    this.req = req;
    this.statusCode = 200;
    this.statusMessage = undefined;
    this.sendDate = true;
    this._keepAliveTimeout = 0;
    this._sent100 = false;
    if (req.method === 'HEAD') this._hasBody = false;
    this.shouldKeepAlive = req._keepAlive;
    this.useChunkedEncodingByDefault = !(req.httpVersionMajor === 1 && req.httpVersionMinor === 0);
    this._lastIfNoLength = true;
    this.strictContentLength = Boolean(options && options.strictContentLength);
  }

  writeHead(statusCode, reason, headers) {
    if (this._header) throw nodeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot write headers after they are sent to the client');
    statusCode |= 0;
    if (statusCode < 100 || statusCode > 999) {
      throw nodeError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${statusCode}`);
    }
    if (typeof reason === 'string') this.statusMessage = reason;
    else {
      headers = reason;
      if (!this.statusMessage) this.statusMessage = STATUS_CODES[statusCode] || 'unknown';
    }
    this.statusCode = statusCode;
    if (Array.isArray(headers)) {
      if (headers.length > 0 && Array.isArray(headers[0])) for (const [k, v] of headers) this.appendHeader(k, v);
      else for (let i = 0; i < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]);
    } else if (headers) {
      for (const k of Object.keys(headers)) {
        if (headers[k] !== undefined) this.setHeader(k, headers[k]);
      }
    }
    if (statusCode === 204 || statusCode === 304 || (statusCode >= 100 && statusCode <= 199)) this._hasBody = false;
    this._storeHeader(`HTTP/1.1 ${statusCode} ${this.statusMessage}\r\n`);
    return this;
  }

  _implicitHeader() {
    this.writeHead(this.statusCode);
  }

  writeContinue(cb) {
    this.socket.write('HTTP/1.1 100 Continue\r\n\r\n', 'latin1', cb);
    this._sent100 = true;
  }

  writeProcessing(cb) {
    this.socket.write('HTTP/1.1 102 Processing\r\n\r\n', 'latin1', cb);
  }

  writeEarlyHints(hints, cb) {
    let head = 'HTTP/1.1 103 Early Hints\r\n';
    for (const [k, v] of Object.entries(hints)) head += `${k}: ${Array.isArray(v) ? v.join(', ') : v}\r\n`;
    this.socket.write(`${head}\r\n`, 'latin1', cb);
  }

  assignSocket(socket) {
    this.socket = socket;
    this._flushOutput();
  }

  detachSocket() {
    this.socket = null;
  }
}

function onServerConnection(socket) {
  const server = this;
  const parser = new HTTPParser('request', server.maxHeaderSize || MAX_HEADER_SIZE);
  const conn = { socket, active: null, queue: [], closed: false };
  server._conns.add(conn);
  let req = null;
  if (server.keepAliveTimeout > 0) socket.setTimeout(server.keepAliveTimeout);
  socket.on('timeout', () => {
    if (conn.active === null && !parser.inMessage) socket.destroy();
    else if (!server.emit('timeout', socket)) socket.destroy();
  });

  const respond = (request) => {
    const res = new ServerResponse(request, server);
    res._keepAliveTimeout = server.keepAliveTimeout;
    if (server.closing || conn.closed) res.shouldKeepAlive = false;
    conn.active = res;
    res.assignSocket(socket);
    res.once('finish', () => {
      conn.active = null;
      res.detachSocket();
      request._dump();
      loop.nextTick(() => res.emit('close'));
      if (res._last || !request._keepAlive) {
        socket.destroySoon();
        return;
      }
      if (server.closing) {
        socket.destroySoon();
        return;
      }
      const next = conn.queue.shift();
      if (next) respond(next);
    });
    const expect = request.headers.expect;
    if (expect !== undefined && request.httpVersionMinor === 1 && /100-continue/i.test(expect)) {
      if (server.listenerCount('checkContinue') > 0) {
        server.emit('checkContinue', request, res);
        return;
      }
      res.writeContinue();
    }
    server.emit('request', request, res);
  };

  parser.onHeaders = (info) => {
    req = new IncomingMessage(socket);
    req._fill(info);
    req._keepAlive = info.shouldKeepAlive;
    req._onRead = () => {
      if (socket.isPaused()) socket.resume();
    };
    if (info.upgrade && server.listenerCount('upgrade') > 0) {
      parser.kill();
      req.upgrade = true;
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      server.emit('upgrade', req, socket, Buffer.alloc(0));
      return true;
    }
    if (conn.active === null) respond(req);
    else conn.queue.push(req);
    return false;
  };
  parser.onBody = (chunk) => {
    if (!req.push(chunk) && !req._dumped) socket.pause();
  };
  parser.onComplete = (info) => {
    const r = req;
    req = null;
    if (info.trailers.length) r.rawTrailers = info.trailers;
    r.complete = true;
    r.push(null);
  };

  function onData(data) {
    const err = parser.execute(data);
    if (err !== null) {
      socket.removeListener('data', onData);
      if (server.listenerCount('clientError') > 0) {
        server.emit('clientError', err, socket);
      } else {
        const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
        if (conn.active === null && socket.writable) {
          socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
        } else {
          socket.destroy(err);
        }
      }
    }
  }

  function onEnd() {
    conn.closed = true;
    const err = parser.finish();
    if (req !== null) {
      req.aborted = true;
      req.emit('aborted');
      req.destroy(err || undefined);
    }
    if (conn.active === null && conn.queue.length === 0) socket.end();
  }

  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('error', (err) => {
    if (server.listenerCount('clientError') > 0) server.emit('clientError', err, socket);
  });
  socket.on('close', () => {
    conn.closed = true;
    server._conns.delete(conn);
    if (req !== null && !req.complete) {
      req.aborted = true;
      req.emit('aborted');
      req.destroy();
    }
    if (conn.active !== null) {
      const res = conn.active;
      conn.active = null;
      loop.nextTick(() => res.emit('close'));
    }
  });
}

class Server extends net.Server {
  constructor(options, requestListener) {
    if (typeof options === 'function') {
      requestListener = options;
      options = {};
    }
    options = options || {};
    super({ noDelay: options.noDelay !== false, keepAlive: options.keepAlive, allowHalfOpen: true });
    this.keepAliveTimeout = 5000;
    this.headersTimeout = 60000;
    this.requestTimeout = 300000;
    this.maxHeadersCount = null;
    this.maxRequestsPerSocket = 0;
    this.maxHeaderSize = options.maxHeaderSize;
    this.timeout = 0;
    this.closing = false;
    this._conns = new Set();
    if (typeof options.keepAliveTimeout === 'number') this.keepAliveTimeout = options.keepAliveTimeout;
    if (requestListener) this.on('request', requestListener);
    this.on('connection', onServerConnection);
  }

  close(cb) {
    this.closing = true;
    this.closeIdleConnections();
    return super.close(cb);
  }

  closeIdleConnections() {
    for (const conn of this._conns) {
      if (conn.active === null && conn.queue.length === 0) conn.socket.destroy();
    }
  }

  closeAllConnections() {
    for (const conn of this._conns) conn.socket.destroy();
  }

  setTimeout(ms, cb) {
    this.timeout = ms;
    if (cb) this.on('timeout', cb);
    return this;
  }

  _maybeClosed() {
    if (!this.closing && this._closing) this.closing = true;
    super._maybeClosed();
  }
}

function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

// ---------------------------------------------------------------------------------------------
// Agent

class Agent extends EventEmitter {
  constructor(options) {
    super();
    this.options = { __proto__: null, ...options };
    this.defaultPort = 80;
    this.protocol = 'http:';
    this.keepAlive = Boolean(this.options.keepAlive);
    this.keepAliveMsecs = this.options.keepAliveMsecs || 1000;
    this.maxSockets = this.options.maxSockets || Infinity;
    this.maxFreeSockets = this.options.maxFreeSockets || 256;
    this.maxTotalSockets = this.options.maxTotalSockets || Infinity;
    this.scheduling = this.options.scheduling || 'lifo';
    this.sockets = Object.create(null);
    this.freeSockets = Object.create(null);
    this.requests = Object.create(null);
    this.totalSocketCount = 0;
    this.on('free', (socket, opts) => this._onFree(socket, opts));
  }

  getName(options = {}) {
    let name = options.host || 'localhost';
    name += ':';
    if (options.port) name += options.port;
    name += ':';
    if (options.localAddress) name += options.localAddress;
    if (options.family === 4 || options.family === 6) name += `:${options.family}`;
    if (options.socketPath) name += `:${options.socketPath}`;
    return name;
  }

  addRequest(req, options) {
    const name = this.getName(options);
    const free = this.freeSockets[name];
    while (free && free.length > 0) {
      const socket = this.scheduling === 'fifo' ? free.shift() : free.pop();
      if (free.length === 0) delete this.freeSockets[name];
      if (socket.destroyed || !socket.readable || !socket.writable) continue;
      socket.removeListener('close', socket._agentFreeClose);
      socket.removeListener('timeout', socket._agentFreeTimeout);
      socket.removeListener('error', socket._agentFreeError);
      this.reuseSocket(socket, req);
      (this.sockets[name] = this.sockets[name] || []).push(socket);
      req.reusedSocket = true;
      req.onSocket(socket);
      return;
    }
    const count = (this.sockets[name] || []).length;
    if (count < this.maxSockets && this.totalSocketCount < this.maxTotalSockets) {
      this._newSocket(req, options, name);
    } else {
      (this.requests[name] = this.requests[name] || []).push(req);
    }
  }

  _newSocket(req, options, name) {
    const socket = this.createConnection(options);
    socket._agentName = name;
    this.totalSocketCount++;
    (this.sockets[name] = this.sockets[name] || []).push(socket);
    socket.once('close', () => this._removeSocket(socket, name));
    if (this.keepAlive) socket.setKeepAlive(true, this.keepAliveMsecs);
    req.onSocket(socket);
  }

  createConnection(options, cb) {
    if (options.socketPath) return net.createConnection({ path: options.socketPath }, cb);
    return net.createConnection(options, cb);
  }

  _removeSocket(socket, name) {
    for (const set of [this.sockets, this.freeSockets]) {
      const list = set[name];
      if (!list) continue;
      const i = list.indexOf(socket);
      if (i !== -1) {
        list.splice(i, 1);
        if (list.length === 0) delete set[name];
      }
    }
    this.totalSocketCount--;
    const waiting = this.requests[name];
    if (waiting && waiting.length > 0) {
      const req = waiting.shift();
      if (waiting.length === 0) delete this.requests[name];
      this._newSocket(req, req._agentOptions, name);
    }
  }

  _onFree(socket, options) {
    const name = socket._agentName || this.getName(options);
    const waiting = this.requests[name];
    if (waiting && waiting.length > 0 && !socket.destroyed) {
      const req = waiting.shift();
      if (waiting.length === 0) delete this.requests[name];
      this.reuseSocket(socket, req);
      req.reusedSocket = true;
      req.onSocket(socket);
      return;
    }
    const busy = this.sockets[name];
    if (busy) {
      const i = busy.indexOf(socket);
      if (i !== -1) busy.splice(i, 1);
      if (busy.length === 0) delete this.sockets[name];
    }
    const free = this.freeSockets[name] || [];
    if (!this.keepAlive || socket.destroyed || free.length >= this.maxFreeSockets || !this.keepSocketAlive(socket)) {
      socket.destroy();
      return;
    }
    socket._agentFreeClose = () => {};
    socket._agentFreeTimeout = () => socket.destroy();
    socket._agentFreeError = () => socket.destroy();
    socket.once('close', socket._agentFreeClose);
    socket.once('timeout', socket._agentFreeTimeout);
    socket.once('error', socket._agentFreeError);
    free.push(socket);
    this.freeSockets[name] = free;
  }

  keepSocketAlive(socket) {
    socket.setKeepAlive(true, this.keepAliveMsecs);
    socket.unref();
    if (this.options.timeout) socket.setTimeout(this.options.timeout);
    return true;
  }

  reuseSocket(socket) {
    socket.ref();
  }

  destroy() {
    for (const set of [this.freeSockets, this.sockets]) {
      for (const name of Object.keys(set)) for (const s of set[name]) s.destroy();
    }
  }
}

const globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });

// ---------------------------------------------------------------------------------------------
// ClientRequest

const NO_BODY_DEFAULT = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

function urlToOptions(url) {
  const options = {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`,
    href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return options;
}

class ClientRequest extends OutgoingMessage {
  constructor(input, options, cb) {
    super();
    if (typeof input === 'string') {
      input = urlToOptions(new URL(input));
    } else if (input instanceof URL) {
      input = urlToOptions(input);
    } else {
      cb = options;
      options = input;
      input = null;
    }
    if (typeof options === 'function') {
      cb = options;
      options = input || {};
    } else {
      options = { ...input, ...options };
    }
    let agent = options.agent;
    const defaultAgent = options._defaultAgent || globalAgent;
    if (agent === false) agent = new defaultAgent.constructor();
    else if (agent === null || agent === undefined) agent = typeof options.createConnection === 'function' ? null : defaultAgent;
    this.agent = agent;
    const protocol = options.protocol || (agent && agent.protocol) || 'http:';
    if (protocol !== 'http:') {
      throw nodeError(TypeError, 'ERR_INVALID_PROTOCOL', `Protocol "${protocol}" not supported. Expected "http:"`);
    }
    const defaultPort = options.defaultPort || (agent && agent.defaultPort) || 80;
    const port = Number(options.port || defaultPort);
    const host = options.hostname || options.host || 'localhost';
    this.host = host;
    this.protocol = protocol;
    this.path = options.path || '/';
    if (/[\u0000-\u0020]/.test(this.path)) {
      throw nodeError(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
    }
    const method = (options.method || 'GET').toUpperCase();
    if (!tokenRe.test(method)) throw nodeError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Method must be a valid HTTP token ["${options.method}"]`);
    this.method = method;
    this.useChunkedEncodingByDefault = !NO_BODY_DEFAULT.has(method);
    this.maxHeadersCount = null;
    this.reusedSocket = false;
    this.aborted = false;
    this.res = null;
    this.timeoutCb = null;
    this._ended = false;
    if (options.timeout !== undefined) this.setTimeout(options.timeout);
    const headers = options.headers;
    if (Array.isArray(headers)) {
      for (let i = 0; i < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]);
    } else if (headers) {
      for (const k of Object.keys(headers)) this.setHeader(k, headers[k]);
    }
    if (options.setHost !== false && !this.hasHeader('host')) {
      const hostHeader = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
      this.setHeader('Host', port !== defaultPort ? `${hostHeader}:${port}` : hostHeader);
    }
    if (options.auth && !this.hasHeader('authorization')) {
      this.setHeader('Authorization', `Basic ${Buffer.from(options.auth).toString('base64')}`);
    }
    if (agent) this.shouldKeepAlive = agent.keepAlive;
    else this.shouldKeepAlive = false;
    if (!this.shouldKeepAlive) this._last = true;
    if (cb) this.once('response', cb);
    if (options.signal) {
      const signal = options.signal;
      const onAbort = () => this.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason }));
      if (signal.aborted) loop.nextTick(onAbort);
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        this.once('close', () => signal.removeEventListener('abort', onAbort));
      }
    }
    const connectOptions = { ...options, host, port, family: options.family, path: undefined };
    delete connectOptions.path;
    this._agentOptions = connectOptions;
    if (agent) {
      agent.addRequest(this, connectOptions);
    } else if (typeof options.createConnection === 'function') {
      this.onSocket(options.createConnection(connectOptions));
    } else {
      this.onSocket(connectOptions.socketPath ? net.createConnection({ path: connectOptions.socketPath }) : net.createConnection(connectOptions));
    }
  }

  _implicitHeader() {
    this._storeHeader(`${this.method} ${this.path} HTTP/1.1\r\n`);
  }

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    loop.nextTick(() => this.emit('abort'));
    this.destroy();
  }

  destroy(err) {
    if (this.destroyed) return this;
    this.destroyed = true;
    if (this.res) this.res._dump();
    this._destroyErr = err;
    if (this.socket) this.socket.destroy(err);
    else {
      loop.nextTick(() => {
        if (err) this.emit('error', err);
        this.emit('close');
      });
    }
    return this;
  }

  setNoDelay(v) {
    if (this.socket) this.socket.setNoDelay(v);
    else this.once('socket', (s) => s.setNoDelay(v));
  }

  setSocketKeepAlive(enable, delay) {
    if (this.socket) this.socket.setKeepAlive(enable, delay);
    else this.once('socket', (s) => s.setKeepAlive(enable, delay));
  }

  onSocket(socket) {
    loop.nextTick(() => this._attach(socket));
  }

  _attach(socket) {
    if (this.destroyed) {
      if (socket._agentName && this.agent) socket.destroy();
      else socket.destroy();
      loop.nextTick(() => {
        if (this._destroyErr) this.emit('error', this._destroyErr);
        this.emit('close');
      });
      return;
    }
    this.socket = socket;
    const parser = new HTTPParser('response');
    let res = null;
    let done = false;
    let hadError = false;
    socket.setNoDelay(true);
    const cleanup = () => {
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onClose);
      socket.removeListener('error', onError);
      socket.removeListener('timeout', onTimeout);
    };
    const onError = (err) => {
      hadError = true;
      if (res !== null && !res.complete) {
        res.aborted = true;
        res.emit('aborted');
        res.destroy(err);
      }
      if (res === null || !res.complete) {
        if (!this._errorEmitted) {
          this._errorEmitted = true;
          this.emit('error', err);
        }
      }
    };
    const onTimeout = () => this.emit('timeout');
    const hangUp = () => {
      const err = new Error('socket hang up');
      err.code = 'ECONNRESET';
      return err;
    };
    const onEnd = () => {
      const err = parser.finish();
      if (res === null && !hadError && !this.destroyed) onError(hangUp());
      else if (err !== null && res !== null && !res.complete) {
        res.aborted = true;
        res.emit('aborted');
        res.destroy(hangUp());
      }
    };
    const onClose = () => {
      cleanup();
      if (res === null && !hadError && !this._errorEmitted && !this.destroyed) onError(hangUp());
      else if (res === null && this.destroyed && this._destroyErr && !this._errorEmitted) {
        this._errorEmitted = true;
        this.emit('error', this._destroyErr);
      }
      if (res !== null && !res.complete) {
        parser.finish();
        if (!res.complete) {
          res.aborted = true;
          res.emit('aborted');
          res.destroy(hangUp());
        }
      }
      loop.nextTick(() => this.emit('close'));
    };
    const onData = (data) => {
      const err = parser.execute(data);
      if (err !== null) {
        cleanup();
        socket.destroy();
        onError(err);
        loop.nextTick(() => this.emit('close'));
      }
    };
    parser.onHeaders = (info) => {
      if (info.statusCode >= 100 && info.statusCode < 200 && info.statusCode !== 101) {
        this.emit('information', { statusCode: info.statusCode, statusMessage: info.statusMessage, httpVersion: `${info.versionMajor}.${info.versionMinor}`, headers: {}, rawHeaders: info.headers });
        return false;
      }
      res = new IncomingMessage(socket);
      res._fill(info);
      res.req = this;
      this.res = res;
      res._onRead = () => {
        if (socket.isPaused()) socket.resume();
      };
      if (!info.shouldKeepAlive) this.shouldKeepAlive = false;
      if (!this.emit('response', res)) res._dump();
      return this.method === 'HEAD';
    };
    parser.onBody = (chunk) => {
      if (!res.push(chunk) && !res._dumped) socket.pause();
    };
    parser.onComplete = (info) => {
      if (info.trailers.length) res.rawTrailers = info.trailers;
      res.complete = true;
      res.push(null);
      done = true;
      parser.kill();
      const release = () => {
        cleanup();
        if (socket.isPaused()) socket.resume();
        if (this.shouldKeepAlive && !this._last && !socket.destroyed && this.agent) {
          this.agent.emit('free', socket, this._agentOptions);
          loop.nextTick(() => this.emit('close'));
        } else {
          socket.once('close', () => this.emit('close'));
          socket.destroySoon();
        }
      };
      if (this.writableFinished) release();
      else this.once('finish', release);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onClose);
    socket.on('error', onError);
    socket.on('timeout', onTimeout);
    this.emit('socket', socket);
    this._flushOutput();
    void done;
  }
}

function request(url, options, cb) {
  return new ClientRequest(url, options, cb);
}

function get(url, options, cb) {
  const req = request(url, options, cb);
  req.end();
  return req;
}

module.exports = {
  METHODS, STATUS_CODES, Agent, ClientRequest, IncomingMessage, OutgoingMessage, Server, ServerResponse,
  createServer, request, get, globalAgent, maxHeaderSize: MAX_HEADER_SIZE, validateHeaderName, validateHeaderValue,
  setMaxIdleHTTPParsers() {},
};
