'use strict';
// fs.cp / fs.cpSync / fsPromises.cp: copies a file, a symlink or (with `recursive`) a directory
// tree, with Node's options (dereference, errorOnExist, filter, force, mode, preserveTimestamps,
// recursive, verbatimSymlinks) and Node's checks and errors (ERR_FS_CP_*: same paths, a
// directory into itself, directory over non-directory and the other way round). Only a
// synchronous `filter` is supported (an async one is refused with a clear error).

const path = require('path');
const { nodeError, invalidArgType } = require('internal/errors');
const { constants: ERRNO } = require('internal/errno');

/**
 * Node's SystemError for cp: `code`, syscall `cp`, the errno named in the message (`errnoName`)
 * and the one set as `errno` (which Node 20 does not always make the same), the path.
 */
function cpError(code, prefix, errnoName, message, at, errnoValue = errnoName) {
  const err = nodeError(Error, code, `${prefix}: cp returned ${errnoName} (${message}) ${at}`);
  err.name = 'SystemError';
  if (typeof err.stack === 'string') err.stack = err.stack.replace(/^Error \[/, 'SystemError [');
  Object.defineProperty(err, 'toString', {
    value() { return `SystemError [${code}]: ${this.message}`; }, enumerable: false, writable: true, configurable: true,
  });
  err.info = { message, path: at, syscall: 'cp', errno: ERRNO[errnoValue], code: errnoName };
  err.errno = ERRNO[errnoValue];
  err.syscall = 'cp';
  err.path = at;
  return err;
}

const DEFAULTS = {
  dereference: false, errorOnExist: false, filter: undefined, force: true, mode: 0,
  preserveTimestamps: false, recursive: false, verbatimSymlinks: false,
};

function validateOptions(options) {
  if (options === undefined) return { ...DEFAULTS };
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'Object', options);
  const opts = { ...DEFAULTS, ...options };
  for (const key of ['dereference', 'errorOnExist', 'force', 'preserveTimestamps', 'recursive', 'verbatimSymlinks']) {
    if (typeof opts[key] !== 'boolean') throw invalidArgType(`options.${key}`, 'boolean', opts[key]);
  }
  if (opts.filter !== undefined && typeof opts.filter !== 'function') {
    throw invalidArgType('options.filter', 'function', opts.filter);
  }
  if (opts.dereference && opts.verbatimSymlinks) {
    throw nodeError(Error, 'ERR_INCOMPATIBLE_OPTION_PAIR',
      'Option "dereference" cannot be used in combination with option "verbatimSymlinks"');
  }
  return opts;
}

function passes(opts, src, dest) {
  if (!opts.filter) return true;
  const keep = opts.filter(src, dest);
  if (keep && typeof keep.then === 'function') {
    throw nodeError(Error, 'ERR_INVALID_RETURN_VALUE',
      'Expected a boolean from the filter function of cpSync, got a promise: Burrow runs filters synchronously');
  }
  return Boolean(keep);
}

/** Whether `dest` is `src` or inside it. */
function isSubdir(src, dest) {
  const a = path.resolve(src).split(path.sep).filter(Boolean);
  const b = path.resolve(dest).split(path.sep).filter(Boolean);
  return a.every((part, i) => b[i] === part);
}

function statOf(fs, p, opts) {
  return opts.dereference ? fs.statSync(p, { throwIfNoEntry: false }) : fs.lstatSync(p, { throwIfNoEntry: false });
}

function checkPaths(fs, src, dest, opts) {
  const srcStat = opts.dereference ? fs.statSync(src) : fs.lstatSync(src);
  const destStat = statOf(fs, dest, opts);
  if (destStat) {
    if (srcStat.ino === destStat.ino && srcStat.dev === destStat.dev) {
      throw cpError('ERR_FS_CP_EINVAL', 'Invalid src or dest', 'EINVAL', 'src and dest cannot be the same', dest);
    }
    // Node 20's texts, which name the destination first.
    if (srcStat.isDirectory() && !destStat.isDirectory()) {
      throw cpError('ERR_FS_CP_DIR_TO_NON_DIR', 'Cannot overwrite non-directory with directory', 'EISDIR',
        `cannot overwrite non-directory ${dest} with directory ${src}`, dest);
    }
    if (!srcStat.isDirectory() && destStat.isDirectory()) {
      throw cpError('ERR_FS_CP_NON_DIR_TO_DIR', 'Cannot overwrite directory with non-directory', 'ENOTDIR',
        `cannot overwrite directory ${dest} with non-directory ${src}`, dest);
    }
  }
  if (srcStat.isDirectory() && isSubdir(src, dest)) {
    throw cpError('ERR_FS_CP_EINVAL', 'Invalid src or dest', 'EINVAL',
      `cannot copy ${src} to a subdirectory of self ${dest}`, dest);
  }
  return { srcStat, destStat };
}

function copyEntry(fs, srcStat, destStat, src, dest, opts) {
  if (srcStat.isDirectory()) {
    if (!opts.recursive) {
      throw cpError('ERR_FS_EISDIR', 'Path is a directory', 'EISDIR', `${src} is a directory (not copied)`, src, 'EINVAL');
    }
    if (!destStat) fs.mkdirSync(dest);
    for (const name of fs.readdirSync(src)) {
      const from = path.join(src, name);
      const to = path.join(dest, name);
      const stats = checkPaths(fs, from, to, opts);
      if (passes(opts, from, to)) copyEntry(fs, stats.srcStat, stats.destStat, from, to, opts);
    }
    if (!destStat) fs.chmodSync(dest, srcStat.mode & 0o7777);
  } else if (srcStat.isFile() || srcStat.isCharacterDevice() || srcStat.isBlockDevice()) {
    if (destStat) {
      if (!opts.force) {
        if (opts.errorOnExist) {
          throw cpError('ERR_FS_CP_EEXIST', 'Target already exists', 'EEXIST', `${dest} already exists`, dest);
        }
        return;
      }
      fs.unlinkSync(dest);
    }
    fs.copyFileSync(src, dest, opts.mode);
    if (opts.preserveTimestamps) fs.utimesSync(dest, srcStat.atime, srcStat.mtime);
  } else if (srcStat.isSymbolicLink()) {
    copyLink(fs, destStat, src, dest, opts);
  } else if (srcStat.isSocket()) {
    throw cpError('ERR_FS_CP_SOCKET', 'Cannot copy a socket file', 'EINVAL', `cannot copy a socket file: ${dest}`, dest);
  } else if (srcStat.isFIFO()) {
    throw cpError('ERR_FS_CP_FIFO_PIPE', 'Cannot copy a FIFO pipe', 'EINVAL', `cannot copy a FIFO pipe: ${dest}`, dest);
  } else {
    throw cpError('ERR_FS_CP_UNKNOWN', 'Cannot copy an unknown file type', 'EINVAL',
      `cannot copy an unknown file type: ${dest}`, dest);
  }
}

function copyLink(fs, destStat, src, dest, opts) {
  let target = fs.readlinkSync(src);
  if (!opts.verbatimSymlinks && !path.isAbsolute(target)) target = path.resolve(path.dirname(src), target);
  if (!destStat) {
    fs.symlinkSync(target, dest);
    return;
  }
  let existing;
  try {
    existing = fs.readlinkSync(dest);
  } catch (err) {
    if (err.code === 'EINVAL' || err.code === 'UNKNOWN') {
      fs.unlinkSync(dest);
      fs.symlinkSync(target, dest);
      return;
    }
    throw err;
  }
  if (!path.isAbsolute(existing)) existing = path.resolve(path.dirname(dest), existing);
  if (isSubdir(target, existing)) {
    throw cpError('ERR_FS_CP_EINVAL', 'Invalid src or dest', 'EINVAL',
      `cannot copy ${target} to a subdirectory of self ${existing}`, dest);
  }
  const destTarget = fs.statSync(dest, { throwIfNoEntry: false });
  if (destTarget && destTarget.isDirectory() && isSubdir(existing, target)) {
    throw cpError('ERR_FS_CP_SYMLINK_TO_SUBDIRECTORY', 'Cannot overwrite symlink in subdirectory of self', 'EINVAL',
      `cannot overwrite ${existing} with ${target}`, dest);
  }
  fs.unlinkSync(dest);
  fs.symlinkSync(target, dest);
}

function cpSync(src, dest, options) {
  const fs = require('fs');
  const from = fs._internal.pathString(src, 'src');
  const to = fs._internal.pathString(dest, 'dest');
  const opts = validateOptions(options);
  const { srcStat, destStat } = checkPaths(fs, from, to, opts);
  if (!passes(opts, from, to)) return;
  const parent = path.dirname(to);
  if (!fs.existsSync(parent)) fs.mkdirSync(parent, { recursive: true });
  copyEntry(fs, srcStat, destStat, from, to, opts);
}

module.exports = { cpSync };
