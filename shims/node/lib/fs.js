'use strict';
// Node's fs over the kernel: the synchronous calls are ops; the callback and promise forms run
// the same op and settle on a later tick (the kernel's filesystem answers from memory, so there
// is nothing to wait for on another thread). Errors are Node's (code, errno, syscall, path).
//
// Not supported yet: fs.watch/watchFile, statfs, chown, bigint stats.

const { op, OP, check, take, readAll: readAllFd, readFile, readText, statRecord, utf8Encode, utf8Decode } = require('internal/io');
const { invalidArgType, invalidArgValue, nodeError, outOfRange } = require('internal/errors');
const { uvException } = require('internal/errno');
const loop = require('internal/loop');

const constants = {
  UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3, UV_DIRENT_FIFO: 4,
  UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
  S_IFMT: 0o170000, S_IFREG: 0o100000, S_IFDIR: 0o040000, S_IFCHR: 0o020000, S_IFBLK: 0o060000,
  S_IFIFO: 0o010000, S_IFLNK: 0o120000, S_IFSOCK: 0o140000,
  O_CREAT: 0o100, O_EXCL: 0o200, UV_FS_O_FILEMAP: 0, O_NOCTTY: 0o400, O_TRUNC: 0o1000,
  O_APPEND: 0o2000, O_DIRECTORY: 0o200000, O_NOATIME: 0o1000000, O_NOFOLLOW: 0o400000,
  O_SYNC: 0o4010000, O_DSYNC: 0o10000, O_DIRECT: 0o40000, O_NONBLOCK: 0o4000,
  S_IRWXU: 0o700, S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100, S_IRWXG: 0o70, S_IRGRP: 0o40,
  S_IWGRP: 0o20, S_IXGRP: 0o10, S_IRWXO: 0o7, S_IROTH: 0o4, S_IWOTH: 0o2, S_IXOTH: 0o1,
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1,
  UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2, UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4,
};

const FLAGS = {
  r: 0, rs: 0, sr: 0, 'r+': 2, 'rs+': 2, 'sr+': 2,
  w: 0o1101, wx: 0o1301, xw: 0o1301, 'w+': 0o1102, 'wx+': 0o1302, 'xw+': 0o1302,
  a: 0o2101, ax: 0o2301, xa: 0o2301, as: 0o2101, sa: 0o2101,
  'a+': 0o2102, 'ax+': 0o2302, 'xa+': 0o2302, 'as+': 0o2102, 'sa+': 0o2102,
};

function flagsOf(flags, fallback) {
  if (flags === undefined || flags === null) return FLAGS[fallback];
  if (typeof flags === 'number') return flags;
  const f = FLAGS[flags];
  if (f === undefined) throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'flags' is invalid. Received '${flags}'`);
  return f;
}

/** A file mode as Node parses it: a 32-bit unsigned integer or an octal string. */
function modeOf(mode, fallback, name = 'mode') {
  if (mode === undefined || mode === null) return fallback;
  if (typeof mode === 'string') {
    if (!/^[0-7]+$/.test(mode)) throw invalidArgValue(name, mode, 'must be a 32-bit unsigned integer or an octal string');
    return parseInt(mode, 8);
  }
  return validateInteger(mode, name, 0, 0xffffffff);
}

// ---- Node's argument checks (lib/internal/validators) ----

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'boolean', value);
}

function validateCallback(callback) {
  if (typeof callback !== 'function') throw invalidArgType('cb', 'function', callback);
}

/** A path argument as a string (strings, Buffers, file: URLs), validated like Node's. */
function pathString(p, name = 'path') {
  if (typeof p === 'string') {
    if (p.includes('\0')) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(p)}`);
    }
    return p;
  }
  if (p instanceof Uint8Array) return utf8Decode(p);
  if (p && typeof p === 'object' && p.href !== undefined && p.protocol !== undefined) {
    if (p.protocol !== 'file:') throw nodeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
    return decodeURIComponent(p.pathname);
  }
  throw invalidArgType(name, ['string', 'an instance of Buffer', 'URL'], p);
}

function encodePath(p) {
  return utf8Encode(p);
}

function fdOf(fd) {
  return validateInteger(fd, 'fd', 0, 2 ** 31 - 1);
}

/** The encoding of an options argument, checked as Node's assertEncoding does. */
function encodingOf(options, fallback) {
  let encoding = fallback;
  if (typeof options === 'string') encoding = options;
  else if (options && options.encoding !== undefined) encoding = options.encoding;
  if (encoding && encoding !== 'buffer' && !Buffer.isEncoding(encoding)) {
    throw invalidArgValue('encoding', encoding, 'is invalid encoding');
  }
  return encoding;
}

function toBuffer(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function decode(bytes, encoding) {
  if (!encoding || encoding === 'buffer') return toBuffer(bytes);
  if (encoding === 'utf8' || encoding === 'utf-8') return utf8Decode(bytes);
  return toBuffer(bytes).toString(encoding);
}

function dataBytes(data, encoding) {
  if (typeof data === 'string') {
    return !encoding || encoding === 'utf8' || encoding === 'utf-8' ? utf8Encode(data) : Buffer.from(data, encoding);
  }
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArgType('data', ['string', 'an instance of Buffer', 'TypedArray', 'DataView'], data);
}

// ---- stats ----

class StatsBase {
  isFile() { return (this.mode & 0o170000) === 0o100000; }
  isDirectory() { return (this.mode & 0o170000) === 0o040000; }
  isSymbolicLink() { return (this.mode & 0o170000) === 0o120000; }
  isFIFO() { return (this.mode & 0o170000) === 0o010000; }
  isSocket() { return (this.mode & 0o170000) === 0o140000; }
  isCharacterDevice() { return (this.mode & 0o170000) === 0o020000; }
  isBlockDevice() { return (this.mode & 0o170000) === 0o060000; }
}

class Stats extends StatsBase {
  constructor(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
    super();
    // Field by field (not Object.assign of a literal): one object a stat, not two.
    this.dev = dev;
    this.mode = mode;
    this.nlink = nlink;
    this.uid = uid;
    this.gid = gid;
    this.rdev = rdev;
    this.blksize = blksize;
    this.ino = ino;
    this.size = size;
    this.blocks = blocks;
    this.atimeMs = atimeMs;
    this.mtimeMs = mtimeMs;
    this.ctimeMs = ctimeMs;
    this.birthtimeMs = birthtimeMs;
    // Node rounds the milliseconds (dateFromMs).
    this.atime = new Date(Math.round(atimeMs));
    this.mtime = new Date(Math.round(mtimeMs));
    this.ctime = new Date(Math.round(ctimeMs));
    this.birthtime = new Date(Math.round(birthtimeMs));
  }
}

function statsFrom(buf) {
  const v = new DataView(buf.buffer, buf.byteOffset, 96);
  const u64 = (o) => v.getUint32(o, true) + v.getUint32(o + 4, true) * 2 ** 32;
  const ms = (o) => Number(v.getBigInt64(o, true)) / 1e6;
  const ctime = ms(80);
  return new Stats(u64(0), v.getUint32(24, true), u64(16), v.getUint32(28, true), v.getUint32(32, true), u64(40),
    v.getUint32(36, true), u64(8), u64(48), u64(56), ms(64), ms(72), ctime, ctime);
}

function statPath(p, nofollow, syscall) {
  const path = pathString(p);
  const record = statRecord(path, nofollow);
  if (typeof record === 'number') check(record, syscall, path);
  return statsFrom(record);
}

const ENOENT = 2;

/** statSync/lstatSync: a missing entry is `undefined` with `throwIfNoEntry: false`, not an error built and dropped. */
function statOrMissing(p, options, nofollow, syscall) {
  const path = pathString(p);
  const record = statRecord(path, nofollow);
  if (record === -ENOENT && options && options.throwIfNoEntry === false) return undefined;
  if (typeof record === 'number') check(record, syscall, path);
  return statsFrom(record);
}

function statSync(p, options) {
  return statOrMissing(p, options, false, 'stat');
}

function lstatSync(p, options) {
  return statOrMissing(p, options, true, 'lstat');
}

function fstatSync(fd) {
  const buf = new Uint8Array(96);
  check(op(OP.FSTAT, fdOf(fd), 0, 0, buf), 'fstat');
  return statsFrom(buf);
}

function existsSync(p) {
  let path;
  try {
    path = pathString(p);
  } catch {
    return false;
  }
  return typeof statRecord(path, false) !== 'number';
}

// ---- descriptors ----

function openSync(p, flags, mode) {
  const path = pathString(p);
  return check(op(OP.OPEN, flagsOf(flags, 'r') | 0o2000000, modeOf(mode, 0o666), 0, encodePath(path)), 'open', path);
}

function closeSync(fd) {
  check(op(OP.CLOSE, fdOf(fd)), 'close');
}

function readSync(fd, buffer, offsetOrOptions, length, position) {
  fdOf(fd);
  if (!ArrayBuffer.isView(buffer)) throw invalidArgType('buffer', ['Buffer', 'TypedArray', 'DataView'], buffer);
  let offset = offsetOrOptions;
  if (offsetOrOptions !== null && typeof offsetOrOptions === 'object') {
    ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
  }
  offset = offset == null ? 0 : validateInteger(offset, 'offset', 0);
  length = (length ?? buffer.byteLength - offset) | 0;
  if (length === 0) return 0;
  if (buffer.byteLength === 0) throw invalidArgValue('buffer', buffer, 'is empty and cannot be written');
  if (length < 0) throw outOfRange('length', '>= 0', length);
  if (offset + length > buffer.byteLength) throw outOfRange('length', `<= ${buffer.byteLength - offset}`, length);
  const view = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
  const pos = typeof position === 'bigint' ? Number(position) : (position ?? -1);
  return check(op(OP.READ, fd, pos >= 0 ? pos : -1, 0, view), 'read');
}

function writeSync(fd, buffer, offsetOrOptions, length, position) {
  fdOf(fd);
  let bytes;
  let pos = -1;
  if (typeof buffer === 'string') {
    // writeSync(fd, string[, position[, encoding]])
    bytes = dataBytes(buffer, typeof length === 'string' ? length : 'utf8');
    if (typeof offsetOrOptions === 'number') pos = offsetOrOptions;
  } else {
    if (!ArrayBuffer.isView(buffer)) throw invalidArgType('buffer', ['string', 'Buffer', 'TypedArray', 'DataView'], buffer);
    let offset = offsetOrOptions;
    if (offsetOrOptions !== null && typeof offsetOrOptions === 'object') {
      ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
    }
    offset = offset == null ? 0 : validateInteger(offset, 'offset', 0);
    if (typeof length !== 'number') length = buffer.byteLength - offset;
    if (offset > buffer.byteLength) throw outOfRange('offset', `<= ${buffer.byteLength}`, offset);
    if (length > buffer.byteLength - offset) throw outOfRange('length', `<= ${buffer.byteLength - offset}`, length);
    validateInteger(length, 'length', 0, 2 ** 31 - 1);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
    if (typeof position === 'number') pos = position;
  }
  return check(op(OP.WRITE, fd, pos, 0, bytes), 'write');
}

const kIoMaxLength = 2 ** 31 - 1;

/** Every byte left in `fd`; as Node, a regular file over 2 GiB is refused before any is read. */
function readWholeFd(fd) {
  const record = new Uint8Array(96);
  if (op(OP.FSTAT, fd, 0, 0, record) >= 0) {
    const v = new DataView(record.buffer);
    const size = v.getUint32(48, true) + v.getUint32(52, true) * 2 ** 32;
    if ((v.getUint32(24, true) & 0o170000) === 0o100000 && size > kIoMaxLength) {
      throw nodeError(RangeError, 'ERR_FS_FILE_TOO_LARGE', `File size (${size}) is greater than 2 GiB`);
    }
  }
  return readAllFd(fd);
}

function readFileSync(p, options) {
  const encoding = encodingOf(options, null);
  const flag = options && typeof options === 'object' ? options.flag : undefined;
  let bytes;
  if (typeof p === 'number') {
    bytes = readWholeFd(p);
  } else {
    const path = pathString(p);
    // The common case in one op; any failure is redone step by step for Node's exact error.
    if (flag === undefined || flag === 'r') {
      const whole = encoding === 'utf8' || encoding === 'utf-8' ? readText(path) : readFile(path);
      if (typeof whole === 'string') return whole;
      if (typeof whole !== 'number') return decode(whole, encoding);
    }
    const fd = check(op(OP.OPEN, flagsOf(flag, 'r') | 0o2000000, 0o666, 0, encodePath(path)), 'open', path);
    try {
      bytes = readWholeFd(fd);
    } catch (err) {
      if (err.code === 'EISDIR') err.message = `EISDIR: illegal operation on a directory, read`;
      throw err;
    } finally {
      op(OP.CLOSE, fd);
    }
  }
  return decode(bytes, encoding);
}

function writeAllFd(fd, bytes, path) {
  let done = 0;
  while (done < bytes.length) {
    done += check(op(OP.WRITE, fd, -1, 0, done === 0 ? bytes : bytes.subarray(done)), 'write', path);
  }
}

function writeFileSync(p, data, options) {
  const encoding = encodingOf(options, 'utf8');
  const o = options && typeof options === 'object' ? options : {};
  const bytes = dataBytes(data, encoding);
  if (typeof p === 'number') return writeAllFd(p, bytes);
  const path = pathString(p);
  const fd = check(op(OP.OPEN, flagsOf(o.flag, 'w') | 0o2000000, modeOf(o.mode, 0o666), 0, encodePath(path)), 'open', path);
  try {
    writeAllFd(fd, bytes);
  } finally {
    op(OP.CLOSE, fd);
  }
}

function appendFileSync(p, data, options) {
  const o = typeof options === 'string' ? { encoding: options } : { ...options };
  o.flag = o.flag || 'a';
  writeFileSync(p, data, o);
}

function ftruncateSync(fd, len = 0) {
  check(op(OP.FTRUNCATE, fdOf(fd), len), 'ftruncate');
}

function truncateSync(p, len = 0) {
  validateInteger(len, 'len');
  if (typeof p === 'number') return ftruncateSync(p, len);
  const path = pathString(p);
  check(op(OP.TRUNCATE, len, 0, 0, encodePath(path)), 'open', path);
}

function fsyncSync(fd) {
  check(op(OP.FSYNC, fdOf(fd)), 'fsync');
}

// ---- directories ----

const DIRENT_TYPES = [0, 1, 2, 3, 6, 7, 4, 5]; // bridge kind -> UV_DIRENT_*

class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.path = path;
    this[kType] = type;
  }
  isFile() { return this[kType] === 1; }
  isDirectory() { return this[kType] === 2; }
  isSymbolicLink() { return this[kType] === 3; }
  isFIFO() { return this[kType] === 4; }
  isSocket() { return this[kType] === 5; }
  isCharacterDevice() { return this[kType] === 6; }
  isBlockDevice() { return this[kType] === 7; }
}
const kType = Symbol('type');

/** The entries of directory `path` (no `.`/`..`): `[name, uvType]`, in directory order. */
function listDir(path) {
  const bytes = take(check(op(OP.READDIR, 0, 0, 0, encodePath(path)), 'scandir', path));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = [];
  let at = 0;
  while (at < bytes.length) {
    const kind = bytes[at];
    const len = v.getUint32(at + 1, true);
    out.push([utf8Decode(bytes, at + 5, at + 5 + len), DIRENT_TYPES[kind] ?? 0]);
    at += 5 + len;
  }
  return out;
}

function readdirSync(p, options) {
  const path = pathString(p);
  const encoding = encodingOf(options, 'utf8');
  const withFileTypes = !!(options && options.withFileTypes);
  const recursive = !!(options && options.recursive);
  const out = [];
  const visit = (dir, prefix) => {
    const entries = listDir(dir);
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [name, type] of entries) {
      const rel = prefix ? `${prefix}/${name}` : name;
      if (withFileTypes) out.push(new Dirent(encoding === 'buffer' ? Buffer.from(name) : name, type, recursive && prefix ? `${path}/${prefix}` : path));
      else out.push(encoding === 'buffer' ? Buffer.from(rel) : rel);
      if (recursive && type === 2) visit(`${dir}/${name}`, rel);
    }
  };
  visit(path, '');
  return out;
}

function mkdirSync(p, options) {
  const path = pathString(p);
  const o = typeof options === 'number' || typeof options === 'string' ? { mode: options } : options || {};
  const mode = modeOf(o.mode, 0o777);
  if (o.recursive !== undefined) validateBoolean(o.recursive, 'options.recursive');
  if (!o.recursive) {
    check(op(OP.MKDIR, mode, 0, 0, encodePath(path)), 'mkdir', path);
    return undefined;
  }
  const resolved = require('path').resolve(path);
  const made = [];
  const walk = (dir) => {
    const r = op(OP.MKDIR, mode, 0, 0, encodePath(dir));
    if (r >= 0) return made.push(dir);
    if (-r === 17) {
      if (!statPath(dir, false, 'mkdir').isDirectory()) throw uvException(17, 'mkdir', path);
      return;
    }
    if (-r !== 2) check(r, 'mkdir', path);
    const parent = require('path').dirname(dir);
    if (parent === dir) check(r, 'mkdir', path);
    walk(parent);
    const again = op(OP.MKDIR, mode, 0, 0, encodePath(dir));
    if (again >= 0) made.push(dir);
    else if (-again !== 17) check(again, 'mkdir', path);
  };
  walk(resolved);
  return made.length > 0 ? made[0] : undefined;
}

function rmdirSync(p, options) {
  const path = pathString(p);
  if (options && options.recursive) return rmSync(path, { recursive: true, force: false });
  check(op(OP.RMDIR, 0, 0, 0, encodePath(path)), 'rmdir', path);
}

function unlinkSync(p) {
  const path = pathString(p);
  check(op(OP.UNLINK, 0, 0, 0, encodePath(path)), 'unlink', path);
}

function rmSync(p, options = {}) {
  const path = pathString(p);
  if (options.recursive !== undefined) validateBoolean(options.recursive, 'options.recursive');
  if (options.force !== undefined) validateBoolean(options.force, 'options.force');
  if (options.maxRetries !== undefined) validateInteger(options.maxRetries, 'options.maxRetries', 0, 2 ** 31 - 1);
  if (options.retryDelay !== undefined) validateInteger(options.retryDelay, 'options.retryDelay', 0, 2 ** 31 - 1);
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    if (err.code === 'ENOENT' && options.force) return;
    err.syscall = 'rm';
    err.message = err.message.replace(', lstat ', ', rm ');
    throw err;
  }
  if (st.isDirectory()) {
    if (!options.recursive) {
      throw nodeError(Error, 'ERR_FS_EISDIR', `Path is a directory: rm returned EISDIR (is a directory) ${path}`);
    }
    for (const [name] of listDir(path)) rmSync(`${path}/${name}`, { ...options, force: true });
    check(op(OP.RMDIR, 0, 0, 0, encodePath(path)), 'rmdir', path);
  } else {
    check(op(OP.UNLINK, 0, 0, 0, encodePath(path)), 'unlink', path);
  }
}

function twoPaths(a, b) {
  const x = encodePath(a);
  const y = encodePath(b);
  const buf = new Uint8Array(x.length + 1 + y.length);
  buf.set(x);
  buf.set(y, x.length + 1);
  return [x.length, buf];
}

function renameSync(from, to) {
  const a = pathString(from, 'oldPath');
  const b = pathString(to, 'newPath');
  const [n, buf] = twoPaths(a, b);
  check(op(OP.RENAME, n, 0, 0, buf), 'rename', a, b);
}

function linkSync(existing, newPath) {
  const a = pathString(existing, 'existingPath');
  const b = pathString(newPath, 'newPath');
  const [n, buf] = twoPaths(a, b);
  check(op(OP.LINK, n, 0, 0, buf), 'link', a, b);
}

function symlinkSync(target, p, type) {
  const t = pathString(target, 'target');
  const path = pathString(p);
  if (type !== undefined && type !== null && type !== 'dir' && type !== 'file' && type !== 'junction') {
    throw nodeError(Error, 'ERR_FS_INVALID_SYMLINK_TYPE',
      `Symlink type must be one of "dir", "file", or "junction". Received "${type}"`);
  }
  const [n, buf] = twoPaths(t, path);
  check(op(OP.SYMLINK, n, 0, 0, buf), 'symlink', t, path);
}

function readlinkSync(p, options) {
  const path = pathString(p);
  const n = check(op(OP.READLINK, 0, 0, 0, encodePath(path)), 'readlink', path);
  return decode(take(n), encodingOf(options, 'utf8'));
}

function realpathSync(p, options) {
  const path = pathString(p);
  const n = check(op(OP.REALPATH, 0, 0, 0, encodePath(path)), 'realpath', path);
  return decode(take(n), encodingOf(options, 'utf8'));
}
realpathSync.native = realpathSync;

function accessSync(p, mode = constants.F_OK) {
  const path = pathString(p);
  validateInteger(mode, 'mode', 0, 7);
  check(op(OP.ACCESS, mode, 0, 0, encodePath(path)), 'access', path);
}

function chmodSync(p, mode) {
  const path = pathString(p);
  check(op(OP.CHMOD, modeOf(mode, 0), 0, 0, encodePath(path)), 'chmod', path);
}

function fchmodSync(fd, mode) {
  check(op(OP.FCHMOD, fdOf(fd), modeOf(mode, 0)), 'fchmod');
}

/** A time argument (seconds, a numeric string, a Date) in milliseconds, checked as Node does. */
function timeMs(t, name = 'time') {
  if (t instanceof Date) return t.getTime();
  if (typeof t === 'string' && t.trim() !== '' && Number(t) === Number(t)) return Number(t) * 1000;
  if (typeof t === 'number') return Number.isFinite(t) ? t * 1000 : Date.now();
  throw invalidArgType(name, ['Date', 'Time in seconds'], t);
}

function utimesSync(p, atime, mtime) {
  const path = pathString(p);
  check(op(OP.UTIMES, timeMs(atime, 'atime'), timeMs(mtime, 'mtime'), 0, encodePath(path)), 'utime', path);
}

function lutimesSync(p, atime, mtime) {
  const path = pathString(p);
  check(op(OP.UTIMES, timeMs(atime, 'atime'), timeMs(mtime, 'mtime'), 1, encodePath(path)), 'lutime', path);
}

function futimesSync(fd, atime, mtime) {
  check(op(OP.FUTIMES, fdOf(fd), timeMs(atime, 'atime'), timeMs(mtime, 'mtime')), 'futime');
}

function copyFileSync(src, dest, mode = 0) {
  const a = pathString(src, 'src');
  const b = pathString(dest, 'dest');
  if (typeof mode !== 'number') throw invalidArgType('mode', 'number', mode);
  if (!Number.isInteger(mode) || mode < 0 || mode > 7) throw outOfRange('mode', 'an integer >= 0 && <= 7', mode);
  // Any failure is Node's copyfile error, naming both paths.
  try {
    const data = readFileSync(a);
    const st = statPath(a, false, 'copyfile');
    writeFileSync(b, data, { flag: (mode & constants.COPYFILE_EXCL) ? 'wx' : 'w', mode: st.mode & 0o777 });
  } catch (err) {
    if (typeof err.errno === 'number') throw uvException(-err.errno, 'copyfile', a, b);
    throw err;
  }
}

function opendirSync(p, options) {
  return require('internal/fs/dir').opendirSync(p, options);
}

function cpSync(src, dest, options) {
  return require('internal/fs/cp').cpSync(src, dest, options);
}

function mkdtempSync(prefix, options) {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const random = new Uint8Array(6);
  for (let attempt = 0; attempt < 100; attempt++) {
    op(OP.RANDOM, 0, 0, 0, random);
    const path = prefix + Array.from(random, (b) => chars[b % chars.length]).join('');
    const r = op(OP.MKDIR, 0o700, 0, 0, encodePath(path));
    if (r >= 0) return decode(utf8Encode(path), encodingOf(options, 'utf8'));
    if (-r !== 17) check(r, 'mkdtemp', prefix + 'XXXXXX');
  }
  throw uvException(17, 'mkdtemp', prefix + 'XXXXXX');
}

// ---- callback and promise forms: the same work, settled on a later tick ----

function callbackForm(sync, name) {
  const fn = function (...args) {
    const callback = args.pop();
    if (typeof callback !== 'function') throw invalidArgType('cb', 'function', callback);
    let result;
    let error = null;
    try {
      result = sync(...args);
    } catch (err) {
      // Argument errors (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE...) are thrown at once, as
      // Node's validators do; only the operation's own errors go to the callback.
      if ((err instanceof TypeError || err instanceof RangeError) && err.code !== 'ERR_FS_FILE_TOO_LARGE') throw err;
      error = err;
    }
    loop.nextTick(() => (error ? callback(error) : callback(null, result)));
  };
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

function promiseForm(sync) {
  return (...args) => new Promise((resolve) => resolve(sync(...args)));
}

const SYNC = {
  access: accessSync, appendFile: appendFileSync, chmod: chmodSync, close: closeSync, copyFile: copyFileSync, cp: cpSync,
  fchmod: fchmodSync, fstat: fstatSync, fsync: fsyncSync, ftruncate: ftruncateSync, futimes: futimesSync,
  link: linkSync, lstat: lstatSync, lutimes: lutimesSync, mkdir: mkdirSync, mkdtemp: mkdtempSync,
  open: openSync, opendir: opendirSync, readdir: readdirSync, readFile: readFileSync, readlink: readlinkSync, realpath: realpathSync,
  rename: renameSync, rm: rmSync, rmdir: rmdirSync, stat: statSync, symlink: symlinkSync, truncate: truncateSync,
  unlink: unlinkSync, utimes: utimesSync, writeFile: writeFileSync,
};

const fs = module.exports;
fs.constants = constants;
fs.F_OK = 0;
fs.R_OK = 4;
fs.W_OK = 2;
fs.X_OK = 1;
fs.Stats = Stats;
fs.Dirent = Dirent;
Object.defineProperty(fs, 'Dir', { enumerable: true, configurable: true, get: () => require('internal/fs/dir').Dir });
for (const [name, sync] of Object.entries(SYNC)) {
  fs[`${name}Sync`] = sync;
  fs[name] = callbackForm(sync, name);
}
fs.existsSync = existsSync;
fs.exists = (p, callback) => {
  validateCallback(callback);
  const found = existsSync(p);
  loop.nextTick(() => callback(found));
};
fs.readSync = readSync;
fs.writeSync = writeSync;
fs.read = (fd, buffer, offset, length, position, callback) => {
  // fs.read(fd, callback) and fs.read(fd, options, callback): a 16 KiB buffer unless given.
  if (typeof buffer === 'function') [callback, buffer, offset] = [buffer, Buffer.alloc(16384), undefined];
  else if (!ArrayBuffer.isView(buffer) && buffer !== null && typeof buffer === 'object' && typeof offset === 'function') {
    const o = buffer;
    [callback, buffer] = [offset, o.buffer || Buffer.alloc(16384)];
    offset = { offset: o.offset, length: o.length, position: o.position };
  } else if (typeof offset === 'function') [callback, offset] = [offset, undefined];
  else if (typeof length === 'function') [callback, length] = [length, undefined];
  else if (typeof position === 'function') [callback, position] = [position, undefined];
  validateCallback(callback);
  let n;
  let error = null;
  try {
    n = readSync(fd, buffer, offset, length, position);
  } catch (err) {
    error = err;
  }
  loop.nextTick(() => (error ? callback(error) : callback(null, n, buffer)));
};
fs.write = (fd, buffer, ...rest) => {
  const callback = rest.pop();
  validateCallback(callback);
  let n;
  let error = null;
  try {
    n = writeSync(fd, buffer, ...rest);
  } catch (err) {
    error = err;
  }
  loop.nextTick(() => (error ? callback(error) : callback(null, n, buffer)));
};
fs.realpathSync.native = realpathSync;
fs.realpath.native = fs.realpath;

fs.createReadStream = (p, options) => require('internal/fs/streams').createReadStream(p, options);
fs.createWriteStream = (p, options) => require('internal/fs/streams').createWriteStream(p, options);

let promises;
Object.defineProperty(fs, 'promises', {
  enumerable: true,
  configurable: true,
  get() {
    if (promises) return promises;
    promises = {};
    for (const [name, sync] of Object.entries(SYNC)) {
      if (name === 'open' || name === 'close' || name.startsWith('f') && name !== 'ftruncate') continue;
      promises[name] = promiseForm(sync);
    }
    promises.open = async (p, flags, mode) => new (require('internal/fs/filehandle').FileHandle)(openSync(p, flags, mode));
    promises.constants = constants;
    return promises;
  },
});

// For fs/promises, streams and modules that need the raw pieces.
fs._internal = { pathString, statsFrom, readAllFd: readWholeFd, dataBytes, decode, listDir, flagsOf, modeOf };
