'use strict';
// What net, dgram, http and dns share: IP address parsing and formatting (isIP), the flat
// address record of the socket ops (bridge/ABI.md, "Node ops"), name lookup (IP literals,
// localhost, the VM's /etc/hosts, then the kernel's LOOKUP: host.burrow.internal is the host's
// loopback alias 10.0.2.2, and other names are looked up on the host only when the VM's network
// policy names them), Node's socket errors, and SocketHandle, a descriptor watched in the event
// loop for reading and writing at once.

const { op, OP, takeList, utf8Encode } = require('internal/io');
const loop = require('internal/loop');
const errno = require('internal/errno');

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
/** Bytes of an address slot, `[u32 record length][record]` (ACCEPT, SOCKNAME, RECVFROM write one). */
const ADDR_SLOT = 128;
const EAGAIN = 11;
const EINPROGRESS = 115;

// ---- IP addresses (Node's isIP regular expressions) ----
const v4Seg = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const v4Str = `(?:${v4Seg}\\.){3}${v4Seg}`;
const IPv4Reg = new RegExp(`^${v4Str}$`);
const v6Seg = '(?:[0-9a-fA-F]{1,4})';
const IPv6Reg = new RegExp('^(?:' +
  `(?:${v6Seg}:){7}(?:${v6Seg}|:)|` +
  `(?:${v6Seg}:){6}(?:${v4Str}|:${v6Seg}|:)|` +
  `(?:${v6Seg}:){5}(?::${v4Str}|(?::${v6Seg}){1,2}|:)|` +
  `(?:${v6Seg}:){4}(?:(?::${v6Seg}){0,1}:${v4Str}|(?::${v6Seg}){1,3}|:)|` +
  `(?:${v6Seg}:){3}(?:(?::${v6Seg}){0,2}:${v4Str}|(?::${v6Seg}){1,4}|:)|` +
  `(?:${v6Seg}:){2}(?:(?::${v6Seg}){0,3}:${v4Str}|(?::${v6Seg}){1,5}|:)|` +
  `(?:${v6Seg}:){1}(?:(?::${v6Seg}){0,4}:${v4Str}|(?::${v6Seg}){1,6}|:)|` +
  `(?::(?:(?::${v6Seg}){0,5}:${v4Str}|(?::${v6Seg}){1,7}|:))` +
')(?:%[0-9a-zA-Z-.:]{1,})?$');

function isIPv4(s) { return IPv4Reg.test(`${s}`); }
function isIPv6(s) { return IPv6Reg.test(`${s}`); }
function isIP(s) {
  if (isIPv4(s)) return 4;
  if (isIPv6(s)) return 6;
  return 0;
}

/** The 16 bytes of an IPv6 address (a valid one: isIPv6). */
function parseIPv6(s) {
  s = s.replace(/%.*$/, '');
  const out = new Uint8Array(16);
  let tail = [];
  const dot = s.lastIndexOf('.');
  if (dot !== -1) {
    const colon = s.lastIndexOf(':');
    const v4 = s.slice(colon + 1).split('.').map(Number);
    s = `${s.slice(0, colon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const [head, rest] = s.split('::');
  const words = (x) => (x ? x.split(':').map((w) => parseInt(w, 16)) : []);
  const front = words(head);
  if (rest !== undefined) tail = words(rest);
  const all = front.concat(new Array(8 - front.length - tail.length).fill(0), tail);
  for (let i = 0; i < 8; i++) {
    out[i * 2] = all[i] >> 8;
    out[i * 2 + 1] = all[i] & 255;
  }
  return out;
}

/** RFC 5952 text of 16 address bytes (`::1`, `::ffff:127.0.0.1`). */
function formatIPv6(b) {
  const words = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i] << 8) | b[i + 1]);
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (ws) => ws.map((w) => w.toString(16)).join(':');
  if (best === -1) return hex(words);
  return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

// ---- address records (bridge/src/sockaddr.rs): [u16 family][u16 port | unix kind][address] ----

/** The record of `ip` (an IPv4 or IPv6 literal) and `port`. */
function encodeAddr(ip, port) {
  if (isIPv4(ip)) {
    const out = new Uint8Array(8);
    const view = new DataView(out.buffer);
    view.setUint16(0, AF_INET, true);
    view.setUint16(2, port, true);
    ip.split('.').forEach((n, i) => { out[4 + i] = Number(n); });
    return out;
  }
  const out = new Uint8Array(24);
  const view = new DataView(out.buffer);
  view.setUint16(0, AF_INET6, true);
  view.setUint16(2, port, true);
  out.set(parseIPv6(ip), 4);
  return out;
}

/** The record of a unix socket path (kind 1; a leading NUL names an abstract socket, kind 2). */
function encodeUnix(path) {
  let name = Buffer.from(path);
  const abstract = name.length > 0 && name[0] === 0;
  if (abstract) name = name.subarray(1);
  const out = new Uint8Array(4 + name.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, AF_UNIX, true);
  view.setUint16(2, abstract ? 2 : 1, true);
  out.set(name, 4);
  return out;
}

/**
 * `{ address, family, port }` (or `{ path }` for unix, null for none) of the address slot
 * (`[u32 record length][record]`) at `buf[at..]`.
 */
function decodeAddr(buf, at = 0) {
  const view = new DataView(buf.buffer, buf.byteOffset + at);
  const len = view.getUint32(0, true);
  if (len < 4) return null;
  const family = view.getUint16(4, true);
  const port = view.getUint16(6, true);
  const rec = at + 8;
  if (family === AF_INET) {
    return { address: `${buf[rec]}.${buf[rec + 1]}.${buf[rec + 2]}.${buf[rec + 3]}`, family: 'IPv4', port };
  }
  if (family === AF_INET6) return { address: formatIPv6(buf.subarray(rec, rec + 16)), family: 'IPv6', port };
  if (family === AF_UNIX) {
    const name = Buffer.from(buf.subarray(rec, at + 4 + len)).toString();
    return { path: port === 2 ? `\0${name}` : name };
  }
  return null;
}

const nameBuffer = new Uint8Array(ADDR_SLOT);
/** The local (or, with `peer`, remote) address of socket `fd`, or null. */
function sockname(fd, peer) {
  const r = op(OP.SOCKNAME, fd, peer ? 1 : 0, 0, nameBuffer);
  return r < 0 ? null : decodeAddr(nameBuffer);
}

// ---- errors, worded as Node's ----

/** Node's errnoException: `read ECONNRESET`. */
function errnoException(n, syscall) {
  const code = errno.name(n);
  const err = new Error(`${syscall} ${code}`);
  err.errno = -n;
  err.code = code;
  err.syscall = syscall;
  return err;
}

/** Node's exceptionWithHostPort: `connect ECONNREFUSED 127.0.0.1:80`. */
function exceptionWithHostPort(n, syscall, address, port) {
  const code = errno.name(n);
  let details = '';
  if (port && port > 0) details = ` ${address}:${port}`;
  else if (address) details = ` ${address}`;
  const err = new Error(`${syscall} ${code}${details}`);
  err.errno = -n;
  err.code = code;
  err.syscall = syscall;
  err.address = address;
  if (port) err.port = port;
  return err;
}

/** Node's uvExceptionWithHostPort: `listen EADDRINUSE: address already in use :::80`. */
function uvExceptionWithHostPort(n, syscall, address, port) {
  const [code, text] = errno.describe(n);
  let details = '';
  if (port && port > 0) details = ` ${address}:${port}`;
  else if (address) details = ` ${address}`;
  const err = new Error(`${syscall} ${code}: ${text}${details}`);
  err.errno = -n;
  err.code = code;
  err.syscall = syscall;
  err.address = address;
  if (port) err.port = port;
  return err;
}

// ---- name lookup: literals, localhost, /etc/hosts, then the kernel (through the policy) ----

let hosts = null;
function hostsFile() {
  if (hosts !== null) return hosts;
  hosts = new Map();
  let text = '';
  try {
    text = require('fs').readFileSync('/etc/hosts', 'utf8');
  } catch {}
  for (const line of text.split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/);
    if (fields.length < 2 || !isIP(fields[0])) continue;
    for (const name of fields.slice(1)) {
      const key = name.toLowerCase();
      if (!hosts.has(key)) hosts.set(key, []);
      hosts.get(key).push(fields[0]);
    }
  }
  return hosts;
}

const EAGAIN_LOOKUP = 11;
const EACCES = 13;
const ENETUNREACH = 101;

/**
 * Node's getaddrinfo error for `host` (`n`: the kernel's errno, 0 for "no address of the
 * family asked for"): `getaddrinfo ENOTFOUND host`, with why the VM refused it when it did.
 */
function lookupError(n, host) {
  const temporary = n === EAGAIN_LOOKUP || n === ENETUNREACH;
  const code = temporary ? 'EAI_AGAIN' : 'ENOTFOUND';
  let why = '';
  if (n === EACCES) why = ' (the VM\'s network policy has no rule for this host)';
  else if (n === ENETUNREACH) why = ' (the VM has no host network)';
  const err = new Error(`getaddrinfo ${code} ${host}${why}`);
  err.errno = temporary ? -3001 : -3008;
  err.code = code;
  err.syscall = 'getaddrinfo';
  err.hostname = host;
  return err;
}

/**
 * Every address of `host` for `family` (0 any, 4, 6), in the resolver's order, as
 * `[{ address, family }]`; `port` (when given) is the port the caller will connect to, which the
 * policy judges a looked-up name by. Throws Node's `getaddrinfo` error.
 */
function lookupAll(host, family = 0, port = -1) {
  const kind = isIP(host);
  if (kind !== 0) return [{ address: host, family: kind }];
  const name = String(host).toLowerCase();
  let addrs;
  if (name === 'localhost' || name.endsWith('.localhost')) addrs = ['127.0.0.1', '::1'];
  else addrs = hostsFile().get(name);
  if (addrs === undefined) {
    const n = op(OP.LOOKUP, typeof port === 'number' && port >= 0 ? port : -1, 0, 0, utf8Encode(String(host)));
    if (n < 0) throw lookupError(-n, host);
    addrs = takeList(n);
  }
  const found = addrs.map((a) => ({ address: a, family: isIP(a) })).filter((a) => family === 0 || a.family === family);
  if (found.length === 0) throw lookupError(0, host);
  return found;
}

/**
 * The first address of `host` for `family` (0 any, 4, 6): `{ address, family }`, or a thrown
 * `getaddrinfo ENOTFOUND host` error (see lookupAll).
 */
function lookup(host, family = 0, port = -1) {
  return lookupAll(host, family, port)[0];
}

// ---- a socket descriptor in the event loop ----

/**
 * A non-blocking socket descriptor the event loop watches for what its owner waits on:
 * `onReadable` while reading, `onWritable` while a write waits for room. One loop watcher per
 * descriptor, its events the union of both; a hang-up or error wakes both.
 */
class SocketHandle {
  constructor(fd) {
    this.fd = fd;
    this.onReadable = null;
    this.onWritable = null;
    this.refed = true;
    this.closed = false;
    this.events = 0;
    this.ready = (revents) => {
      if (this.onWritable !== null && (revents & 30) !== 0) this.onWritable();
      if (this.onReadable !== null && (revents & 29) !== 0) this.onReadable();
    };
  }

  update() {
    if (this.closed) return;
    const events = (this.onReadable !== null ? 1 : 0) | (this.onWritable !== null ? 2 : 0);
    if (events === this.events && this.watchedRef === this.refed) return;
    this.events = events;
    this.watchedRef = this.refed;
    if (events === 0) loop.unwatch(this.fd);
    else loop.watch(this.fd, events, this.ready, this.refed);
  }

  readStart(fn) {
    this.onReadable = fn;
    this.update();
  }

  readStop() {
    this.onReadable = null;
    this.update();
  }

  writeWait(fn) {
    this.onWritable = fn;
    this.update();
  }

  writeDone() {
    this.onWritable = null;
    this.update();
  }

  ref() {
    this.refed = true;
    this.update();
  }

  unref() {
    this.refed = false;
    this.update();
  }

  close() {
    if (this.closed) return;
    if (this.events !== 0) loop.unwatch(this.fd);
    this.closed = true;
    this.events = 0;
    this.onReadable = null;
    this.onWritable = null;
    op(OP.CLOSE, this.fd);
  }
}

/** A new non-blocking, close-on-exec socket: its descriptor, or a negative errno. */
function newSocket(domain, type) {
  return op(OP.SOCKET, domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC);
}

/** `level << 16 | name` of the options the kernel knows. */
const SOCKOPT = {
  SO_REUSEADDR: (1 << 16) | 2, SO_TYPE: (1 << 16) | 3, SO_ERROR: (1 << 16) | 4, SO_SNDBUF: (1 << 16) | 7,
  SO_RCVBUF: (1 << 16) | 8, SO_KEEPALIVE: (1 << 16) | 9, TCP_NODELAY: (6 << 16) | 1,
};

module.exports = {
  AF_UNIX, AF_INET, AF_INET6, SOCK_STREAM, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_CLOEXEC, ADDR_SLOT, EAGAIN, EINPROGRESS,
  SOCKOPT, isIP, isIPv4, isIPv6, encodeAddr, encodeUnix, decodeAddr, sockname, errnoException, exceptionWithHostPort,
  uvExceptionWithHostPort, lookup, lookupAll, SocketHandle, newSocket,
};
