'use strict';
// node:dns on the VM's name lookup (internal/net): IP literals, localhost, the VM's /etc/hosts
// and host.burrow.internal (the host's loopback, 10.0.2.2) answer inside the VM; any other name
// is looked up on the host only when a rule of the VM's network policy names it, and fails
// with ENOTFOUND otherwise (the message says the policy refused it). lookup and
// promises.lookup are Node's; resolve, resolve4 and resolve6 answer from the same lookup (there
// is no DNS protocol client: no record types besides addresses, no servers to set).

const inet = require('internal/net');
const loop = require('internal/loop');
const { invalidArgType, invalidArgValue } = require('internal/errors');

const ADDRCONFIG = 1024;
const V4MAPPED = 2048;
const ALL = 256;

/** Node's family option: 0, 4, 6 (or 'IPv4'/'IPv6'). */
function familyOf(options) {
  const f = options.family;
  if (f === undefined || f === null || f === 0) return 0;
  if (f === 4 || f === 'IPv4') return 4;
  if (f === 6 || f === 'IPv6') return 6;
  throw invalidArgValue('options.family', f, 'must be one of: 0, 4, 6');
}

/** `[hostname, family, all]` of lookup's arguments, checked as Node checks them. */
function lookupArgs(hostname, options) {
  if (hostname !== undefined && hostname !== null && typeof hostname !== 'string') {
    throw invalidArgType('hostname', 'string', hostname);
  }
  if (typeof options === 'number') options = { family: options };
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object') throw invalidArgType('options', ['integer', 'object'], options);
  return [hostname, familyOf(options), options.all === true];
}

/** The answer of a lookup: `[address, family]`, or every address with `all`. */
function answer(hostname, family, all) {
  if (!hostname) return all ? [] : [null, family === 6 ? 6 : 4];
  const found = inet.lookupAll(hostname, family);
  return all ? found : [found[0].address, found[0].family];
}

/** `dns.lookup(hostname[, options], callback)`: callback(err, address, family) or, with
 * `all`, callback(err, [{ address, family }]). */
function lookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  if (typeof callback !== 'function') throw invalidArgType('callback', 'Function', callback);
  const [name, family, all] = lookupArgs(hostname, options);
  let result;
  try {
    result = answer(name, family, all);
  } catch (err) {
    loop.nextTick(() => callback(err));
    return {};
  }
  loop.nextTick(() => (all ? callback(null, result) : callback(null, result[0], result[1])));
  return {};
}

/** resolve4/resolve6/resolve('A'|'AAAA'): the addresses of `hostname` of one family. */
function resolver(family) {
  return (hostname, options, callback) => {
    if (typeof options === 'function') callback = options;
    if (typeof callback !== 'function') throw invalidArgType('callback', 'Function', callback);
    if (typeof hostname !== 'string') throw invalidArgType('name', 'string', hostname);
    let found;
    try {
      found = inet.lookupAll(hostname, family).map((a) => a.address);
    } catch (err) {
      err.syscall = family === 6 ? 'queryAaaa' : 'queryA';
      err.message = err.message.replace('getaddrinfo', err.syscall);
      loop.nextTick(() => callback(err));
      return;
    }
    loop.nextTick(() => callback(null, found));
  };
}

const resolve4 = resolver(4);
const resolve6 = resolver(6);

function resolve(hostname, rrtype, callback) {
  if (typeof rrtype === 'function') {
    callback = rrtype;
    rrtype = 'A';
  }
  if (rrtype === 'A') return resolve4(hostname, callback);
  if (rrtype === 'AAAA') return resolve6(hostname, callback);
  throw invalidArgValue('rrtype', rrtype, 'is not supported by Burrow\'s dns (only A and AAAA)');
}

/** Promise forms. */
function promisify(fn) {
  return (...args) => new Promise((res, rej) => {
    fn(...args, (err, ...values) => (err ? rej(err) : res(values.length > 1 ? values : values[0])));
  });
}

const promises = {
  lookup(hostname, options) {
    return new Promise((res, rej) => {
      lookup(hostname, options, (err, address, family) => {
        if (err) rej(err);
        else res(Array.isArray(address) ? address : { address, family });
      });
    });
  },
  resolve: promisify(resolve),
  resolve4: promisify(resolve4),
  resolve6: promisify(resolve6),
  getServers: () => [],
};

module.exports = {
  lookup, resolve, resolve4, resolve6, promises,
  getServers: () => [],
  setDefaultResultOrder() {},
  getDefaultResultOrder: () => 'verbatim',
  ADDRCONFIG, V4MAPPED, ALL,
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND', NOTIMP: 'ENOTIMP',
  REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME', BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP',
  CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT', EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM',
  DESTRUCTION: 'EDESTRUCTION', BADSTR: 'EBADSTR', BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS',
  NOTINITIALIZED: 'ENOTINITIALIZED', LOADIPHLPAPI: 'ELOADIPHLPAPI', ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS',
  CANCELLED: 'ECANCELLED',
};
