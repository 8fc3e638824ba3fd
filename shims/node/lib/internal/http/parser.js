'use strict';
// An incremental HTTP/1.x parser (what llhttp is to Node): request or status line, headers,
// and the body framed by Transfer-Encoding: chunked, Content-Length, or (responses only) the
// end of the connection. Bytes are fed with execute(); the owner gets
//   onHeaders(info)  -> for a response, return true when it has no body (a reply to HEAD)
//   onBody(chunk)    a Buffer of body bytes
//   onComplete()     the message (and its trailers, in info.trailers) is done
// and the parser then starts on the next message (pipelining). execute() returns null or an
// Error with Node's parser codes (HPE_INVALID_..., HPE_HEADER_OVERFLOW).

const MAX_HEADER_SIZE = 16384;

const S_START = 0;
const S_HEADERS = 1;
const S_LENGTH = 2;
const S_CHUNK_SIZE = 3;
const S_CHUNK_DATA = 4;
const S_CHUNK_END = 5;
const S_TRAILERS = 6;
const S_EOF = 7;
const S_DEAD = 8;

function parseError(code, message) {
  const err = new Error(`Parse Error: ${message}`);
  err.code = code;
  err.reason = message;
  return err;
}

const requestLine = /^([A-Z-]+) (\S+) HTTP\/(\d)\.(\d)$/;
const statusLine = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/;
const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

class HTTPParser {
  /** `kind`: 'request' or 'response'. */
  constructor(kind, maxHeaderSize = MAX_HEADER_SIZE) {
    this.kind = kind;
    this.maxHeaderSize = maxHeaderSize;
    this.onHeaders = null;
    this.onBody = null;
    this.onComplete = null;
    this.reset();
  }

  reset() {
    this.state = S_START;
    this.pending = null; // bytes of an unfinished line
    this.headerBytes = 0;
    this.info = null;
    this.remaining = 0;
  }

  /** Feeds `data` (a Buffer); returns null or the parse error (the parser is then dead). */
  execute(data) {
    if (this.state === S_DEAD) return parseError('HPE_CLOSED_CONNECTION', 'Data after `Connection: close`');
    let buf = data;
    if (this.pending !== null) {
      buf = Buffer.concat([this.pending, data]);
      this.pending = null;
    }
    let at = 0;
    try {
      while (at < buf.length) {
        switch (this.state) {
          case S_START:
          case S_HEADERS:
          case S_CHUNK_SIZE:
          case S_CHUNK_END:
          case S_TRAILERS: {
            const nl = buf.indexOf(10, at);
            if (nl === -1) {
              this.headerBytes += buf.length - at;
              if (this.headerBytes > this.maxHeaderSize) throw parseError('HPE_HEADER_OVERFLOW', 'Header overflow');
              this.pending = buf.subarray(at);
              return null;
            }
            const end = nl > at && buf[nl - 1] === 13 ? nl - 1 : nl;
            const line = buf.latin1Slice ? buf.latin1Slice(at, end) : buf.toString('latin1', at, end);
            this.headerBytes += nl + 1 - at;
            at = nl + 1;
            this.line(line);
            break;
          }
          case S_LENGTH: {
            const n = Math.min(this.remaining, buf.length - at);
            const chunk = buf.subarray(at, at + n);
            at += n;
            this.remaining -= n;
            if (n > 0) this.onBody(chunk);
            if (this.remaining === 0) this.complete();
            break;
          }
          case S_CHUNK_DATA: {
            const n = Math.min(this.remaining, buf.length - at);
            const chunk = buf.subarray(at, at + n);
            at += n;
            this.remaining -= n;
            if (n > 0) this.onBody(chunk);
            if (this.remaining === 0) this.state = S_CHUNK_END;
            break;
          }
          case S_EOF:
            this.onBody(buf.subarray(at));
            at = buf.length;
            break;
          default:
            throw parseError('HPE_CLOSED_CONNECTION', 'Data after `Connection: close`');
        }
      }
    } catch (err) {
      if (!err.code || !String(err.code).startsWith('HPE_')) throw err;
      this.state = S_DEAD;
      err.bytesParsed = at;
      return err;
    }
    return null;
  }

  /** The connection ended: a body read to the end completes; anything else unfinished fails. */
  finish() {
    if (this.state === S_EOF) {
      this.complete();
      return null;
    }
    if (this.state === S_START && this.pending === null) return null;
    if (this.state === S_DEAD) return null;
    return parseError('HPE_INVALID_EOF_STATE', 'Invalid EOF state');
  }

  /** Whether a message has started and is not complete. */
  get inMessage() {
    return this.state !== S_START || this.pending !== null;
  }

  line(line) {
    switch (this.state) {
      case S_START: {
        if (line === '' && this.info === null) return; // stray CRLF between messages
        this.info = { headers: [], trailers: [], versionMajor: 1, versionMinor: 1 };
        if (this.kind === 'request') {
          const m = requestLine.exec(line);
          if (!m) throw parseError('HPE_INVALID_METHOD', 'Invalid method encountered');
          this.info.method = m[1];
          this.info.url = m[2];
          this.info.versionMajor = +m[3];
          this.info.versionMinor = +m[4];
        } else {
          const m = statusLine.exec(line);
          if (!m) throw parseError('HPE_INVALID_CONSTANT', 'Expected HTTP/');
          this.info.versionMajor = +m[1];
          this.info.versionMinor = +m[2];
          this.info.statusCode = +m[3];
          this.info.statusMessage = m[4] || '';
        }
        this.state = S_HEADERS;
        return;
      }
      case S_HEADERS:
      case S_TRAILERS: {
        const list = this.state === S_HEADERS ? this.info.headers : this.info.trailers;
        if (line === '') {
          if (this.state === S_HEADERS) this.headersDone();
          else this.complete();
          return;
        }
        if ((line[0] === ' ' || line[0] === '\t') && list.length > 0) {
          list[list.length - 1] += ` ${line.trim()}`; // obsolete line folding
          return;
        }
        const colon = line.indexOf(':');
        if (colon <= 0 || !tokenRe.test(line.slice(0, colon))) throw parseError('HPE_INVALID_HEADER_TOKEN', 'Invalid header token');
        list.push(line.slice(0, colon), line.slice(colon + 1).trim());
        return;
      }
      case S_CHUNK_SIZE: {
        const size = line.split(';')[0].trim();
        if (!/^[0-9a-fA-F]+$/.test(size)) throw parseError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
        this.remaining = parseInt(size, 16);
        this.state = this.remaining === 0 ? S_TRAILERS : S_CHUNK_DATA;
        return;
      }
      case S_CHUNK_END:
        if (line !== '') throw parseError('HPE_STRICT', 'Expected LF after chunk data');
        this.state = S_CHUNK_SIZE;
        return;
      default:
    }
  }

  headersDone() {
    const info = this.info;
    this.headerBytes = 0;
    let chunked = false;
    let length = -1;
    let connection = '';
    let upgrade = false;
    const h = info.headers;
    for (let i = 0; i < h.length; i += 2) {
      const name = h[i].toLowerCase();
      if (name === 'transfer-encoding') {
        chunked = /(?:^|,)\s*chunked\s*$/i.test(h[i + 1]);
      } else if (name === 'content-length') {
        if (!/^\d+$/.test(h[i + 1]) || (length !== -1 && length !== +h[i + 1])) {
          throw parseError('HPE_UNEXPECTED_CONTENT_LENGTH', 'Invalid content-length');
        }
        length = +h[i + 1];
      } else if (name === 'connection') {
        connection += `${h[i + 1].toLowerCase()},`;
      } else if (name === 'upgrade') {
        upgrade = true;
      }
    }
    const v11 = info.versionMajor === 1 && info.versionMinor >= 1;
    info.shouldKeepAlive = v11 ? !/(^|,)\s*close\s*,/.test(connection) : /(^|,)\s*keep-alive\s*,/.test(connection);
    info.upgrade = upgrade && /(^|,)\s*upgrade\s*,/.test(connection);
    const status = info.statusCode;
    const informational = status !== undefined && status >= 100 && status < 200 && status !== 101;
    const skipBody = this.onHeaders(info) === true;
    if (informational) {
      this.reset();
      return;
    }
    if (skipBody || status === 204 || status === 304 || (status !== undefined && status < 200)) {
      this.complete();
    } else if (chunked) {
      this.state = S_CHUNK_SIZE;
    } else if (length >= 0) {
      this.remaining = length;
      if (length === 0) this.complete();
      else this.state = S_LENGTH;
    } else if (this.kind === 'request') {
      this.complete();
    } else {
      info.shouldKeepAlive = false;
      this.state = S_EOF;
    }
  }

  complete() {
    const info = this.info;
    this.reset();
    this.onComplete(info);
  }

  /** Stops parsing (after an upgrade or a closed connection). */
  kill() {
    this.state = S_DEAD;
  }
}

module.exports = { HTTPParser, MAX_HEADER_SIZE };
