'use strict';
// The kernel, as builtins reach it: `op(code, a, b, c, buf)` (see shims/node/src/ops.rs for the
// codes and layouts) and helpers for paths, pending results and errors.

const natives = require('internal/natives');
const { uvException } = require('internal/errno');

const { op } = natives;

/** Op codes (shims/node/src/ops.rs `code`). */
const OP = {
  TAKE: 0, ARGV: 1, ENV: 2, EXIT: 3, WRITE: 4, READ: 5, OPEN: 6, CLOSE: 7, STAT: 8, FSTAT: 9,
  READDIR: 10, MKDIR: 11, RMDIR: 12, UNLINK: 13, RENAME: 14, SYMLINK: 15, READLINK: 16,
  REALPATH: 17, CHMOD: 18, UTIMES: 19, ACCESS: 20, CHDIR: 21, GETCWD: 22, FTRUNCATE: 23,
  TRUNCATE: 24, LINK: 25, FCHMOD: 26, FUTIMES: 27, FSYNC: 28, GETPID: 30, GETPPID: 31,
  HRTIME: 32, NOW: 33, SLEEP: 34, RANDOM: 35, ISATTY: 36, UMASK: 37, KILL: 38, SEEK: 39,
  POLL: 40, PIPE: 41, SPAWN: 42, WAIT: 43, SET_NONBLOCK: 44, HASH: 45, ZLIB: 46, READ_FILE: 47,
  SOCKET: 48, BIND: 49, LISTEN: 50, ACCEPT: 51, CONNECT: 52, SOCKNAME: 53, SETSOCKOPT: 54,
  GETSOCKOPT: 55, SHUTDOWN: 56, SENDTO: 57, RECVFROM: 58, RESOLVE: 59, LOOKUP: 60, SOCKETPAIR: 61,
};

const utf8Encode = natives.utf8Encode;
const utf8Decode = natives.utf8Decode;

/** The pending result of the last op, `n` bytes long, as a Uint8Array. */
function take(n) {
  const out = new Uint8Array(n);
  if (n > 0) op(OP.TAKE, 0, 0, 0, out);
  return out;
}

/** `take` decoded as UTF-8. */
function takeString(n) {
  return n > 0 ? utf8Decode(take(n)) : '';
}

/** A NUL-separated pending list, decoded. */
function takeList(n) {
  const bytes = take(n);
  const out = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      out.push(utf8Decode(bytes, start, i));
      start = i + 1;
    }
  }
  return out;
}

/** Throws Node's error for an op result `r` < 0; returns `r` otherwise. */
function check(r, syscall, path, dest) {
  if (r < 0) throw uvException(-r, syscall, path, dest);
  return r;
}

/** Writes every byte of `bytes` to `fd` (ops write all they can; a pipe may take less). */
function writeAll(fd, bytes, syscall = 'write') {
  let done = 0;
  while (done < bytes.length) {
    const chunk = done === 0 ? bytes : bytes.subarray(done);
    const n = check(op(OP.WRITE, fd, -1, 0, chunk), syscall);
    if (n === 0) break;
    done += n;
  }
  return done;
}

// The hot path-carrying ops (stat, the module loader's probes, whole-file reads) share one
// scratch buffer: an ASCII path goes in without an encoding call and the result comes back in
// place, where two fresh ArrayBuffers a call (the encoded path, the result) cost about a third
// of a statSync. Results there are valid until the next op.
let scratch = new Uint8Array(65536);

/** Writes `path` at the start of the scratch, with room for `extra` bytes after it; its length. */
function pathToScratch(path, extra = 0) {
  const len = path.length;
  if (len + extra <= scratch.length) {
    let i = 0;
    for (; i < len; i++) {
      const c = path.charCodeAt(i);
      if (c >= 0x80) break;
      scratch[i] = c;
    }
    if (i === len) return len;
  }
  const bytes = utf8Encode(path);
  if (bytes.length + extra > scratch.length) scratch = new Uint8Array(bytes.length + extra);
  scratch.set(bytes);
  return bytes.length;
}

/**
 * stat (or lstat, with `nofollow`) of `path`: the 96-byte record (bridge/ABI.md), in a buffer
 * valid until the next op, or a negative errno.
 */
function statRecord(path, nofollow) {
  const len = pathToScratch(path);
  const r = op(OP.STAT, nofollow ? 1 : 0, len, 0, scratch);
  return r < 0 ? r : scratch;
}

/** The whole content of the file at `path` (one op) in a fresh buffer, or a negative errno. */
function readFile(path) {
  const n = op(OP.READ_FILE, 0, 0, 0, utf8Encode(path));
  return n < 0 ? n : take(n);
}

/** The whole content of the file at `path` (one op) decoded as UTF-8, or a negative errno. */
function readText(path) {
  if (path === '') return -2;
  const n = op(OP.READ_FILE, pathToScratch(path), 0, 0, scratch);
  if (n < 0) return n;
  return n <= scratch.length ? utf8Decode(scratch, 0, n) : utf8Decode(take(n));
}

/**
 * The real path of the first existing non-directory among `path` (unless `suffixedOnly`) and
 * `path` with each suffix appended (`suffixes`: UTF-8, each suffix led by a NUL), in one op;
 * or -EISDIR when none is and `path` is a directory, or another negative errno.
 */
function resolveFile(path, suffixes, suffixedOnly = false) {
  const len = pathToScratch(path, suffixes.length);
  scratch.set(suffixes, len);
  const n = op(OP.RESOLVE, len, len + suffixes.length, suffixedOnly ? 1 : 0, scratch);
  return n < 0 ? n : utf8Decode(scratch, 0, n);
}

/** Every byte left to read from `fd`, in buffers that grow (to 4 MiB) as the data does. */
function readAll(fd) {
  const chunks = [];
  let total = 0;
  let size = 65536;
  for (;;) {
    const chunk = new Uint8Array(size);
    const n = check(op(OP.READ, fd, -1, 0, chunk), 'read');
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (size < 1 << 22) size *= 2;
  }
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

module.exports = {
  natives, op, OP, take, takeString, takeList, check, writeAll, readAll, readFile, readText, resolveFile, statRecord, utf8Encode, utf8Decode,
};
