'use strict';
// The fetch globals (fetch, Headers, Request, Response), minimal, over node:http: http: URLs
// only (https: needs TLS, which Burrow's node lacks: it fails with a clear error), redirects
// followed, gzip/deflate bodies decoded, AbortSignal honoured. Bodies are read whole (there
// are no web streams here): text(), json(), arrayBuffer(), bytes(), blob() when Blob exists.

const kGuard = Symbol('guard');

function normalizeName(name) {
  name = `${name}`;
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new TypeError(`Headers.append: "${name}" is an invalid header name.`);
  return name.toLowerCase();
}

function normalizeValue(value) {
  return `${value}`.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

class Headers {
  #map = new Map(); // lower-case name -> values

  constructor(init = undefined) {
    if (init === undefined || init === null) return;
    if (init instanceof Headers) {
      for (const [k, v] of init) this.append(k, v);
    } else if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        const [k, v] = [...pair];
        if (pair.length !== 2 && [...pair].length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2, found ' + [...pair].length + '.');
        this.append(k, v);
      }
    } else if (typeof init === 'object') {
      for (const k of Object.keys(init)) this.append(k, init[k]);
    } else {
      throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
    }
  }

  append(name, value) {
    const key = normalizeName(name);
    const list = this.#map.get(key);
    if (list) list.push(normalizeValue(value));
    else this.#map.set(key, [normalizeValue(value)]);
  }

  set(name, value) { this.#map.set(normalizeName(name), [normalizeValue(value)]); }
  delete(name) { this.#map.delete(normalizeName(name)); }
  has(name) { return this.#map.has(normalizeName(name)); }

  get(name) {
    const list = this.#map.get(normalizeName(name));
    if (list === undefined) return null;
    return list.join(normalizeName(name) === 'set-cookie' ? ', ' : ', ');
  }

  getSetCookie() { return (this.#map.get('set-cookie') || []).slice(); }

  *entries() {
    for (const key of [...this.#map.keys()].sort()) {
      if (key === 'set-cookie') for (const v of this.#map.get(key)) yield [key, v];
      else yield [key, this.#map.get(key).join(', ')];
    }
  }

  *keys() { for (const [k] of this.entries()) yield k; }
  *values() { for (const [, v] of this.entries()) yield v; }
  [Symbol.iterator]() { return this.entries(); }

  forEach(fn, thisArg) {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  get [Symbol.toStringTag]() { return 'Headers'; }
}

/** Bytes of a body init, and its default content type. */
function extractBody(body) {
  if (body === null || body === undefined) return [null, null];
  if (typeof body === 'string') return [Buffer.from(body), 'text/plain;charset=UTF-8'];
  if (body instanceof URLSearchParams) return [Buffer.from(body.toString()), 'application/x-www-form-urlencoded;charset=UTF-8'];
  if (body instanceof ArrayBuffer) return [Buffer.from(new Uint8Array(body.slice(0))), null];
  if (ArrayBuffer.isView(body)) return [Buffer.from(new Uint8Array(body.buffer, body.byteOffset, body.byteLength)), null];
  if (typeof Blob === 'function' && body instanceof Blob && body[kBlobBytes]) return [body[kBlobBytes], body.type || null];
  return [Buffer.from(String(body)), 'text/plain;charset=UTF-8'];
}
const kBlobBytes = Symbol('blobBytes');

class Body {
  #bytes;
  #used = false;

  constructor(bytes) {
    this.#bytes = bytes;
  }

  get body() { return this.#bytes === null ? null : { locked: false, bytes: this.#bytes }; }
  get bodyUsed() { return this.#used; }

  #consume() {
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#used = true;
    return Promise.resolve(this.#bytes === null ? Buffer.alloc(0) : this.#bytes);
  }

  async arrayBuffer() {
    const b = await this.#consume();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  }

  async bytes() { return new Uint8Array(await this.arrayBuffer()); }
  async text() { return (await this.#consume()).toString('utf8'); }
  async json() { return JSON.parse(await this.text()); }

  async blob() {
    const b = await this.#consume();
    return new Blob([b], { type: (this.headers && this.headers.get('content-type')) || '' });
  }

  async formData() {
    throw new TypeError("Burrow's fetch does not support formData() yet");
  }
}

class Request extends Body {
  constructor(input, init = {}) {
    let url;
    let base = {};
    if (input instanceof Request) {
      url = input.url;
      base = input;
    } else {
      try {
        url = new URL(`${input}`).href;
      } catch {
        throw new TypeError(`Failed to parse URL from ${input}`);
      }
    }
    const method = `${init.method || base.method || 'GET'}`.toUpperCase();
    const [bytes, type] = extractBody(init.body !== undefined ? init.body : base[kBodyBytes]);
    if (bytes !== null && (method === 'GET' || method === 'HEAD')) throw new TypeError('Request with GET/HEAD method cannot have body.');
    super(bytes);
    this[kBodyBytes] = bytes;
    this.url = url;
    this.method = method;
    this.headers = new Headers(init.headers || base.headers);
    if (type !== null && !this.headers.has('content-type')) this.headers.set('content-type', type);
    this.signal = init.signal || base.signal || null;
    this.redirect = init.redirect || base.redirect || 'follow';
    this.credentials = init.credentials || 'same-origin';
    this.mode = init.mode || 'cors';
    this.cache = init.cache || 'default';
    this.keepalive = Boolean(init.keepalive);
  }

  clone() { return new Request(this); }
  get [Symbol.toStringTag]() { return 'Request'; }
}
const kBodyBytes = Symbol('bodyBytes');

class Response extends Body {
  constructor(body = null, init = {}) {
    const [bytes, type] = extractBody(body);
    super(bytes);
    this[kBodyBytes] = bytes;
    const status = init.status === undefined ? 200 : init.status;
    if (status < 200 || status > 599) throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
    this.status = status;
    this.statusText = init.statusText === undefined ? '' : `${init.statusText}`;
    this.headers = new Headers(init.headers);
    if (type !== null && !this.headers.has('content-type')) this.headers.set('content-type', type);
    this.url = init[kGuard] ? init.url : '';
    this.redirected = Boolean(init[kGuard] && init.redirected);
    this.type = init[kGuard] ? 'basic' : 'default';
  }

  get ok() { return this.status >= 200 && this.status <= 299; }

  clone() {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    return new Response(this[kBodyBytes], { status: this.status, statusText: this.statusText, headers: this.headers, [kGuard]: true, url: this.url, redirected: this.redirected });
  }

  static json(data, init = {}) {
    const headers = new Headers(init.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new Response(JSON.stringify(data), { ...init, headers });
  }

  static error() {
    const r = new Response(null, { status: 200 });
    Object.defineProperty(r, 'status', { value: 0 });
    r.type = 'error';
    return r;
  }

  static redirect(url, status = 302) {
    return new Response(null, { status, headers: { location: new URL(url).href } });
  }

  get [Symbol.toStringTag]() { return 'Response'; }
}

function fetchFailed(cause) {
  const err = new TypeError('fetch failed');
  err.cause = cause;
  return err;
}

function abortError(signal) {
  const reason = signal && signal.reason;
  if (reason !== undefined) return reason;
  const DOMException = globalThis.DOMException;
  return new DOMException('This operation was aborted', 'AbortError');
}

/** One request over http: `{ status, statusText, headers, bytes }`. */
function send(http, url, request) {
  return new Promise((resolve, reject) => {
    const headers = {};
    for (const [k, v] of request.headers) {
      if (headers[k] === undefined) headers[k] = v;
      else headers[k] = [].concat(headers[k], v);
    }
    if (headers.accept === undefined) headers.accept = '*/*';
    if (headers['accept-language'] === undefined) headers['accept-language'] = '*';
    if (headers['user-agent'] === undefined) headers['user-agent'] = 'node';
    if (headers['accept-encoding'] === undefined) headers['accept-encoding'] = 'gzip, deflate';
    const body = request[kBodyBytes];
    if (body !== null) headers['content-length'] = String(body.length);
    const req = http.request(url, { method: request.method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (e) => reject(fetchFailed(e)));
      res.on('end', () => {
        let bytes = Buffer.concat(chunks);
        const encoding = (res.headers['content-encoding'] || '').trim().toLowerCase();
        try {
          if (encoding === 'gzip' || encoding === 'x-gzip') bytes = require('zlib').gunzipSync(bytes);
          else if (encoding === 'deflate') bytes = require('zlib').unzipSync ? require('zlib').unzipSync(bytes) : require('zlib').inflateSync(bytes);
        } catch (e) {
          reject(fetchFailed(e));
          return;
        }
        const list = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) list.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        resolve({ status: res.statusCode, statusText: res.statusMessage, headers: list, bytes });
      });
    });
    req.on('error', (e) => reject(fetchFailed(e)));
    const signal = request.signal;
    if (signal) {
      const onAbort = () => {
        req.destroy();
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => signal.removeEventListener('abort', onAbort));
    }
    req.end(body === null ? undefined : body);
  });
}

async function fetch(input, init = undefined) {
  let request = new Request(input, init || {});
  const signal = request.signal;
  if (signal && signal.aborted) throw abortError(signal);
  const http = require('http');
  let redirected = false;
  for (let hops = 0; ; hops++) {
    const url = new URL(request.url);
    if (url.protocol === 'https:') {
      throw fetchFailed(Object.assign(new Error(`Burrow's node does not support https: URLs (no TLS): ${url.href}`), { code: 'ERR_UNSUPPORTED_PROTOCOL' }));
    }
    if (url.protocol !== 'http:') {
      throw fetchFailed(Object.assign(new Error(`fetch only supports http: URLs here, not ${url.protocol}`), { code: 'ERR_UNSUPPORTED_PROTOCOL' }));
    }
    const r = await send(http, url, request);
    const location = r.headers.get('location');
    if ([301, 302, 303, 307, 308].includes(r.status) && location !== null && request.redirect !== 'manual') {
      if (request.redirect === 'error') throw fetchFailed(new Error('unexpected redirect'));
      if (hops >= 20) throw fetchFailed(new Error('redirect count exceeded'));
      const next = new URL(location, url).href;
      const keepBody = r.status === 307 || r.status === 308;
      const method = keepBody || request.method === 'HEAD' ? request.method : 'GET';
      const headers = new Headers(request.headers);
      if (!keepBody) {
        headers.delete('content-type');
        headers.delete('content-length');
      }
      request = new Request(next, { method, headers, body: keepBody ? request[kBodyBytes] : undefined, signal: request.signal, redirect: request.redirect });
      redirected = true;
      continue;
    }
    const noBody = request.method === 'HEAD' || r.status === 204 || r.status === 304;
    return new Response(noBody ? null : r.bytes, {
      status: r.status, statusText: r.statusText, headers: r.headers, [kGuard]: true, url: request.url, redirected,
    });
  }
}

const globals = { fetch, Headers, Request, Response };

module.exports = { fetch, Headers, Request, Response, globals };
