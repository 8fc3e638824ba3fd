'use strict';
// node:path for Burrow: path.posix (the default: Burrow is a POSIX system) and path.win32, the
// same string algorithms as Node 20, including its treatment of Windows device roots, UNC
// roots and reserved device names (CON:, NUL:...).
//
// The working directory for resolve() is globalThis.process.cwd() when there is a process, else
// '/'. path.win32.resolve() uses the same (POSIX) working directory, as Node does off Windows,
// and has no per-drive working directories (Node reads them from `=C:` environment variables
// on Windows only).
//
// path.matchesGlob (experimental in Node 20) implements the common glob syntax (*, **, ?, [...],
// {a,b}, {1..3}) as minimatch does with Node's options (a backslash in a pattern is a separator,
// dot files need an explicit dot); not supported: extglobs (+(a|b), @(...), !(...)) and POSIX
// character classes ([[:alpha:]]).

const { invalidArgType } = require('internal/errors');

const CHAR_UPPERCASE_A = 65;
const CHAR_LOWERCASE_A = 97;
const CHAR_UPPERCASE_Z = 90;
const CHAR_LOWERCASE_Z = 122;
const CHAR_DOT = 46;
const CHAR_FORWARD_SLASH = 47;
const CHAR_BACKWARD_SLASH = 92;
const CHAR_COLON = 58;
const CHAR_QUESTION_MARK = 63;

function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value);
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidArgType(name, 'object', value);
}

function cwd() {
  const proc = globalThis.process;
  if (proc && typeof proc.cwd === 'function') return proc.cwd();
  return '/';
}

const isPathSeparator = (code) => code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
const isPosixPathSeparator = (code) => code === CHAR_FORWARD_SLASH;
const isWindowsDeviceRoot = (code) =>
  (code >= CHAR_UPPERCASE_A && code <= CHAR_UPPERCASE_Z) || (code >= CHAR_LOWERCASE_A && code <= CHAR_LOWERCASE_Z);

// Names Windows maps to devices whatever the directory (`CON:` is the console).
const WINDOWS_RESERVED_NAMES = [
  'CON', 'PRN', 'AUX', 'NUL',
  'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
  'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
  'COM\u00b9', 'COM\u00b2', 'COM\u00b3', 'LPT\u00b9', 'LPT\u00b2', 'LPT\u00b3',
];

function isWindowsReservedName(path, colonIndex) {
  return WINDOWS_RESERVED_NAMES.includes(path.slice(0, colonIndex).toUpperCase());
}

/**
 * Resolves the '.' and '..' segments of `path` (which has no root), squashing separators.
 * With `allowAboveRoot`, leading '..' segments are kept.
 */
function normalizeString(path, allowAboveRoot, separator, isSeparator) {
  let res = '';
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let code = 0;
  for (let i = 0; i <= path.length; ++i) {
    if (i < path.length) code = path.charCodeAt(i);
    else if (isSeparator(code)) break;
    else code = CHAR_FORWARD_SLASH;

    if (isSeparator(code)) {
      if (lastSlash === i - 1 || dots === 1) {
        // An empty or '.' segment.
      } else if (dots === 2) {
        const endsWithDotDot = res.length >= 2 && lastSegmentLength === 2 &&
          res.charCodeAt(res.length - 1) === CHAR_DOT && res.charCodeAt(res.length - 2) === CHAR_DOT;
        if (!endsWithDotDot) {
          if (res.length > 2) {
            const lastSlashIndex = res.lastIndexOf(separator);
            if (lastSlashIndex === -1) {
              res = '';
              lastSegmentLength = 0;
            } else {
              res = res.slice(0, lastSlashIndex);
              lastSegmentLength = res.length - 1 - res.lastIndexOf(separator);
            }
            lastSlash = i;
            dots = 0;
            continue;
          } else if (res.length !== 0) {
            res = '';
            lastSegmentLength = 0;
            lastSlash = i;
            dots = 0;
            continue;
          }
        }
        if (allowAboveRoot) {
          res += res.length > 0 ? `${separator}..` : '..';
          lastSegmentLength = 2;
        }
      } else {
        if (res.length > 0) res += `${separator}${path.slice(lastSlash + 1, i)}`;
        else res = path.slice(lastSlash + 1, i);
        lastSegmentLength = i - lastSlash - 1;
      }
      lastSlash = i;
      dots = 0;
    } else if (code === CHAR_DOT && dots !== -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return res;
}

function formatExt(ext) {
  return ext ? `${ext[0] === '.' ? '' : '.'}${ext}` : '';
}

function _format(sep, pathObject) {
  validateObject(pathObject, 'pathObject');
  const dir = pathObject.dir || pathObject.root;
  const base = pathObject.base || `${pathObject.name || ''}${formatExt(pathObject.ext)}`;
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}${sep}${base}`;
}

// The end of the root of a win32 path and what it is: { rootEnd, device, isAbsolute, uncOnly }.
// A UNC root is \\server\share; a device root is C: (absolute when a separator follows).
function win32Root(path) {
  const len = path.length;
  let rootEnd = 0;
  let device;
  let isAbsolute = false;
  const code = path.charCodeAt(0);
  if (len === 1) {
    if (isPathSeparator(code)) {
      rootEnd = 1;
      isAbsolute = true;
    }
    return { rootEnd, device, isAbsolute };
  }
  if (isPathSeparator(code)) {
    isAbsolute = true;
    if (isPathSeparator(path.charCodeAt(1))) {
      let j = 2;
      let last = j;
      while (j < len && !isPathSeparator(path.charCodeAt(j))) j++;
      if (j < len && j !== last) {
        const firstPart = path.slice(last, j);
        last = j;
        while (j < len && isPathSeparator(path.charCodeAt(j))) j++;
        if (j < len && j !== last) {
          // The device namespaces \\?\ and \\.\ (followed by something) are roots by themselves.
          if (firstPart === '?' || firstPart === '.') return { rootEnd: 4, device: `\\\\${firstPart}`, isAbsolute };
          last = j;
          while (j < len && !isPathSeparator(path.charCodeAt(j))) j++;
          if (j === len || j !== last) {
            device = `\\\\${firstPart}\\${path.slice(last, j)}`;
            rootEnd = j;
            return { rootEnd, device, isAbsolute, uncOnly: j === len };
          }
        }
      }
    }
    rootEnd = 1;
  } else if (isWindowsDeviceRoot(code) && path.charCodeAt(1) === CHAR_COLON) {
    device = path.slice(0, 2);
    rootEnd = 2;
    if (len > 2 && isPathSeparator(path.charCodeAt(2))) {
      isAbsolute = true;
      rootEnd = 3;
    }
  }
  return { rootEnd, device, isAbsolute };
}

const win32 = {
  /** Resolves a sequence of paths or path segments into an absolute path. */
  resolve(...args) {
    let resolvedDevice = '';
    let resolvedTail = '';
    let resolvedAbsolute = false;

    for (let i = args.length - 1; i >= -1; i--) {
      let path;
      if (i >= 0) {
        path = args[i];
        validateString(path, `paths[${i}]`);
        if (path.length === 0) continue;
      } else if (resolvedDevice.length === 0) {
        path = cwd();
      } else {
        // A drive-relative path (C:foo): resolve against that drive's root when the working
        // directory is on another drive.
        path = globalThis.process?.env?.[`=${resolvedDevice}`] || cwd();
        if (path === undefined ||
            (path.slice(0, 2).toLowerCase() !== resolvedDevice.toLowerCase() &&
              path.charCodeAt(2) === CHAR_BACKWARD_SLASH)) {
          path = `${resolvedDevice}\\`;
        }
      }

      const { rootEnd, device = '', isAbsolute } = win32Root(path);
      if (device.length > 0) {
        if (resolvedDevice.length > 0) {
          // Another device: this path does not apply.
          if (device.toLowerCase() !== resolvedDevice.toLowerCase()) continue;
        } else {
          resolvedDevice = device;
        }
      }
      if (resolvedAbsolute) {
        if (resolvedDevice.length > 0) break;
      } else {
        resolvedTail = `${path.slice(rootEnd)}\\${resolvedTail}`;
        resolvedAbsolute = isAbsolute;
        if (isAbsolute && resolvedDevice.length > 0) break;
      }
    }

    resolvedTail = normalizeString(resolvedTail, !resolvedAbsolute, '\\', isPathSeparator);
    return resolvedAbsolute ? `${resolvedDevice}\\${resolvedTail}` : `${resolvedDevice}${resolvedTail}` || '.';
  },

  normalize(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    if (len === 1) return isPathSeparator(path.charCodeAt(0)) ? '\\' : path;
    let { rootEnd, device, isAbsolute, uncOnly } = win32Root(path);
    // A UNC root alone gets a trailing separator.
    if (uncOnly) return `${device}\\`;
    // A relative path naming a reserved device (CON:, NUL:...) keeps that name as its root and
    // gets a .\ prefix. (As in Node, the name is what precedes the first colon, or the whole
    // path but its last character when there is no colon: 'CONx' is one too.)
    let reserved = false;
    if (rootEnd === 0) {
      const colonIndex = path.indexOf(':');
      if (isWindowsReservedName(path, colonIndex)) {
        reserved = true;
        device = path.slice(0, colonIndex + 1);
        rootEnd = colonIndex + 1;
      }
    }

    let tail = rootEnd < len ? normalizeString(path.slice(rootEnd), !isAbsolute, '\\', isPathSeparator) : '';
    if (tail.length === 0 && !isAbsolute) tail = '.';
    if (tail.length > 0 && isPathSeparator(path.charCodeAt(len - 1))) tail += '\\';
    if (reserved) return `.\\${device}${tail}`;
    if (!isAbsolute && device === undefined && path.includes(':')) {
      // A relative path must not become one Windows reads as absolute (C:..., a colon at the end
      // of a segment: an alternate data stream or a device).
      if (tail.length >= 2 && isWindowsDeviceRoot(tail.charCodeAt(0)) && tail.charCodeAt(1) === CHAR_COLON) {
        return `.\\${tail}`;
      }
      let index = path.indexOf(':');
      do {
        if (index === len - 1 || isPathSeparator(path.charCodeAt(index + 1))) return `.\\${tail}`;
      } while ((index = path.indexOf(':', index + 1)) !== -1);
    }
    if (device === undefined) return isAbsolute ? `\\${tail}` : tail;
    return isAbsolute ? `${device}\\${tail}` : `${device}${tail}`;
  },

  isAbsolute(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return false;
    const code = path.charCodeAt(0);
    return isPathSeparator(code) ||
      (len > 2 && isWindowsDeviceRoot(code) && path.charCodeAt(1) === CHAR_COLON &&
        isPathSeparator(path.charCodeAt(2)));
  },

  join(...args) {
    if (args.length === 0) return '.';
    let joined;
    let firstPart;
    for (let i = 0; i < args.length; ++i) {
      const arg = args[i];
      validateString(arg, 'path');
      if (arg.length > 0) {
        if (joined === undefined) joined = firstPart = arg;
        else joined += `\\${arg}`;
      }
    }
    if (joined === undefined) return '.';

    // The joined path must not start with two separators (normalize would read a UNC root)
    // unless the first part itself is clearly a UNC path (exactly two leading separators
    // followed by a name): join('//server', 'share') is '\\\\server\\share\\'.
    let needsReplace = true;
    let slashCount = 0;
    if (isPathSeparator(firstPart.charCodeAt(0))) {
      ++slashCount;
      const firstLen = firstPart.length;
      if (firstLen > 1 && isPathSeparator(firstPart.charCodeAt(1))) {
        ++slashCount;
        if (firstLen > 2) {
          if (isPathSeparator(firstPart.charCodeAt(2))) ++slashCount;
          else needsReplace = false;
        }
      }
    }
    if (needsReplace) {
      while (slashCount < joined.length && isPathSeparator(joined.charCodeAt(slashCount))) slashCount++;
      if (slashCount >= 2) joined = `\\${joined.slice(slashCount)}`;
    }

    return win32.normalize(joined);
  },

  /** The relative path from `from` to `to` (both resolved first, compared case-insensitively). */
  relative(from, to) {
    validateString(from, 'from');
    validateString(to, 'to');
    if (from === to) return '';
    const fromOrig = win32.resolve(from);
    const toOrig = win32.resolve(to);
    if (fromOrig === toOrig) return '';
    from = fromOrig.toLowerCase();
    to = toOrig.toLowerCase();
    if (from === to) return '';

    // Leading backslashes are trimmed, and trailing ones (UNC paths only have them).
    let fromStart = 0;
    while (fromStart < from.length && from.charCodeAt(fromStart) === CHAR_BACKWARD_SLASH) fromStart++;
    let fromEnd = from.length;
    while (fromEnd - 1 > fromStart && from.charCodeAt(fromEnd - 1) === CHAR_BACKWARD_SLASH) fromEnd--;
    const fromLen = fromEnd - fromStart;
    let toStart = 0;
    while (toStart < to.length && to.charCodeAt(toStart) === CHAR_BACKWARD_SLASH) toStart++;
    let toEnd = to.length;
    while (toEnd - 1 > toStart && to.charCodeAt(toEnd - 1) === CHAR_BACKWARD_SLASH) toEnd--;
    const toLen = toEnd - toStart;

    const length = fromLen < toLen ? fromLen : toLen;
    let lastCommonSep = -1;
    let i = 0;
    for (; i < length; i++) {
      const fromCode = from.charCodeAt(fromStart + i);
      if (fromCode !== to.charCodeAt(toStart + i)) break;
      else if (fromCode === CHAR_BACKWARD_SLASH) lastCommonSep = i;
    }

    if (i !== length) {
      // A mismatch before any common separator: the paths share nothing (other drives).
      if (lastCommonSep === -1) return toOrig;
    } else {
      if (toLen > length) {
        // `from` is the exact base of `to`.
        if (to.charCodeAt(toStart + i) === CHAR_BACKWARD_SLASH) return toOrig.slice(toStart + i + 1);
        // `from` is a device root (C:\) and `to` is below it.
        if (i === 2) return toOrig.slice(toStart + i);
      }
      if (fromLen > length) {
        if (from.charCodeAt(fromStart + i) === CHAR_BACKWARD_SLASH) lastCommonSep = i;
        else if (i === 2) lastCommonSep = 3;
      }
      if (lastCommonSep === -1) lastCommonSep = 0;
    }

    let out = '';
    for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
      if (i === fromEnd || from.charCodeAt(i) === CHAR_BACKWARD_SLASH) out += out.length === 0 ? '..' : '\\..';
    }
    toStart += lastCommonSep;
    if (out.length > 0) return `${out}${toOrig.slice(toStart, toEnd)}`;
    if (toOrig.charCodeAt(toStart) === CHAR_BACKWARD_SLASH) ++toStart;
    return toOrig.slice(toStart, toEnd);
  },

  /** The long (\\?\) form of an absolute path; other values are returned as they are. */
  toNamespacedPath(path) {
    if (typeof path !== 'string' || path.length === 0) return path;
    const resolvedPath = win32.resolve(path);
    if (resolvedPath.length <= 2) return path;
    if (resolvedPath.charCodeAt(0) === CHAR_BACKWARD_SLASH) {
      if (resolvedPath.charCodeAt(1) === CHAR_BACKWARD_SLASH) {
        const code = resolvedPath.charCodeAt(2);
        if (code !== CHAR_QUESTION_MARK && code !== CHAR_DOT) return `\\\\?\\UNC\\${resolvedPath.slice(2)}`;
      }
    } else if (isWindowsDeviceRoot(resolvedPath.charCodeAt(0)) && resolvedPath.charCodeAt(1) === CHAR_COLON &&
               resolvedPath.charCodeAt(2) === CHAR_BACKWARD_SLASH) {
      return `\\\\?\\${resolvedPath}`;
    }
    return resolvedPath;
  },

  dirname(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    let rootEnd = -1;
    let offset = 0;
    const code = path.charCodeAt(0);
    if (len === 1) return isPathSeparator(code) ? path : '.';
    if (isPathSeparator(code)) {
      rootEnd = offset = 1;
      if (isPathSeparator(path.charCodeAt(1))) {
        let j = 2;
        let last = j;
        while (j < len && !isPathSeparator(path.charCodeAt(j))) j++;
        if (j < len && j !== last) {
          last = j;
          while (j < len && isPathSeparator(path.charCodeAt(j))) j++;
          if (j < len && j !== last) {
            last = j;
            while (j < len && !isPathSeparator(path.charCodeAt(j))) j++;
            // A UNC root alone is its own dirname.
            if (j === len) return path;
            if (j !== last) rootEnd = offset = j + 1;
          }
        }
      }
    } else if (isWindowsDeviceRoot(code) && path.charCodeAt(1) === CHAR_COLON) {
      rootEnd = len > 2 && isPathSeparator(path.charCodeAt(2)) ? 3 : 2;
      offset = rootEnd;
    }

    let end = -1;
    let matchedSlash = true;
    for (let i = len - 1; i >= offset; --i) {
      if (isPathSeparator(path.charCodeAt(i))) {
        if (!matchedSlash) {
          end = i;
          break;
        }
      } else {
        matchedSlash = false;
      }
    }
    if (end === -1) {
      if (rootEnd === -1) return '.';
      end = rootEnd;
    }
    return path.slice(0, end);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validateString(suffix, 'suffix');
    validateString(path, 'path');
    let start = 0;
    // A drive letter is not part of the name.
    if (path.length >= 2 && isWindowsDeviceRoot(path.charCodeAt(0)) && path.charCodeAt(1) === CHAR_COLON) start = 2;
    return basenameFrom(path, suffix, start, isPathSeparator);
  },

  extname(path) {
    validateString(path, 'path');
    let start = 0;
    if (path.length >= 2 && path.charCodeAt(1) === CHAR_COLON && isWindowsDeviceRoot(path.charCodeAt(0))) start = 2;
    return extnameFrom(path, start, isPathSeparator);
  },

  format: (pathObject) => _format('\\', pathObject),

  parse(path) {
    validateString(path, 'path');
    const ret = { root: '', dir: '', base: '', ext: '', name: '' };
    if (path.length === 0) return ret;
    const len = path.length;
    let rootEnd = 0;
    const code = path.charCodeAt(0);
    if (len === 1) {
      if (isPathSeparator(code)) {
        ret.root = ret.dir = path;
        return ret;
      }
      ret.base = ret.name = path;
      return ret;
    }
    if (isPathSeparator(code)) {
      rootEnd = 1;
      if (isPathSeparator(path.charCodeAt(1))) {
        let j = 2;
        let last = j;
        while (j < len && !isPathSeparator(path.charCodeAt(j))) j++;
        if (j < len && j !== last) {
          last = j;
          while (j < len && isPathSeparator(path.charCodeAt(j))) j++;
          if (j < len && j !== last) {
            last = j;
            while (j < len && !isPathSeparator(path.charCodeAt(j))) j++;
            if (j === len) rootEnd = j; // a UNC root only
            else if (j !== last) rootEnd = j + 1; // a UNC root and more
          }
        }
      }
    } else if (isWindowsDeviceRoot(code) && path.charCodeAt(1) === CHAR_COLON) {
      if (len <= 2) {
        ret.root = ret.dir = path;
        return ret;
      }
      rootEnd = 2;
      if (isPathSeparator(path.charCodeAt(2))) {
        if (len === 3) {
          ret.root = ret.dir = path;
          return ret;
        }
        rootEnd = 3;
      }
    }
    if (rootEnd > 0) ret.root = path.slice(0, rootEnd);
    const { startPart, startDot, end, preDotState } = scanLastPart(path, rootEnd, isPathSeparator);
    if (end !== -1) {
      if (startDot === -1 || preDotState === 0 ||
          (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)) {
        ret.base = ret.name = path.slice(startPart, end);
      } else {
        ret.name = path.slice(startPart, startDot);
        ret.base = path.slice(startPart, end);
        ret.ext = path.slice(startDot, end);
      }
    }
    // The directory of C:\abc is the root C:\ (with its separator); C:\abc\def's is C:\abc.
    if (startPart > 0 && startPart !== rootEnd) ret.dir = path.slice(0, startPart - 1);
    else ret.dir = ret.root;
    return ret;
  },

  matchesGlob(path, pattern) {
    return matchesGlob(path, pattern, true);
  },

  sep: '\\',
  delimiter: ';',
  win32: null,
  posix: null,
};

// ---------------------------------------------------------------------------------------------
// matchesGlob.

// Expands {a,b} and {1..3} alternatives (nested ones too) into separate patterns.
function expandBraces(pattern) {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth++ === 0) open = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      const body = pattern.slice(open + 1, i);
      const pre = pattern.slice(0, open);
      const post = pattern.slice(i + 1);
      const alternatives = splitTopLevelCommas(body);
      let options;
      const range = /^(-?\d+)\.\.(-?\d+)$/.exec(body) || /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
      if (alternatives.length > 1) {
        options = alternatives;
      } else if (range) {
        options = [];
        const numeric = /\d/.test(range[1]);
        const from = numeric ? Number(range[1]) : range[1].charCodeAt(0);
        const to = numeric ? Number(range[2]) : range[2].charCodeAt(0);
        const step = from <= to ? 1 : -1;
        for (let v = from; step > 0 ? v <= to : v >= to; v += step) options.push(numeric ? String(v) : String.fromCharCode(v));
      } else {
        // Not an alternation: the braces are literal.
        return expandBraces(post).map((rest) => `${pre}\\{${body}\\}${rest}`);
      }
      const out = [];
      for (const option of options) for (const expanded of expandBraces(`${pre}${option}${post}`)) out.push(expanded);
      return out;
    }
  }
  return [pattern];
}

function splitTopLevelCommas(body) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

const regExpSpecial = /[\\^$.*+?()[\]{}|/]/g;

// One pattern segment as a RegExp source, or null when it has no magic (a literal segment).
function segmentSource(segment, escapes) {
  let src = '';
  let magic = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && escapes && i + 1 < segment.length) {
      src += segment[++i].replace(regExpSpecial, '\\$&');
    } else if (c === '*') {
      magic = true;
      while (segment[i + 1] === '*') i++;
      src += '[^/]*?';
    } else if (c === '?') {
      magic = true;
      src += '[^/]';
    } else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        src += '\\[';
        continue;
      }
      magic = true;
      let body = segment.slice(i + 1, close);
      let negate = false;
      if (body[0] === '!' || body[0] === '^') {
        negate = true;
        body = body.slice(1);
      }
      body = body.replace(/[\\\]^]/g, (m) => (m === '\\' && escapes ? '\\' : `\\${m}`));
      src += negate ? `[^/${body}]` : `[${body}]`;
      i = close;
    } else {
      src += c.replace(regExpSpecial, '\\$&');
    }
  }
  return { src, magic };
}

function globMatches(pathSegments, patternSegments, nocase, escapes) {
  const flags = nocase ? 'i' : '';
  const memo = new Map();
  const match = (pi, si) => {
    const key = pi * 100003 + si;
    if (memo.has(key)) return memo.get(key);
    let result;
    if (pi === patternSegments.length) {
      // The path may have a trailing separator the pattern lacks.
      result = si === pathSegments.length || (si === pathSegments.length - 1 && pathSegments[si] === '');
    } else {
      const part = patternSegments[pi];
      if (part === '**') {
        // Zero or more segments (one or more at the end), none of them hidden (dot) ones.
        result = pi + 1 < patternSegments.length && match(pi + 1, si);
        for (let k = si; !result && k < pathSegments.length; k++) {
          const seg = pathSegments[k];
          if (seg.startsWith('.')) break;
          result = match(pi + 1, k + 1);
        }
      } else if (si === pathSegments.length) {
        result = false;
      } else {
        const seg = pathSegments[si];
        const { src, magic } = segmentSource(part, escapes);
        let ok;
        if (!magic) {
          ok = nocase ? seg.toLowerCase() === new RegExp(`^${src}$`).source.slice(1, -1).replace(/\\(.)/g, '$1').toLowerCase()
            : new RegExp(`^${src}$`).test(seg);
        } else {
          // A wildcard matches no hidden name unless the pattern spells the dot.
          ok = !(seg.startsWith('.') && !part.startsWith('.')) && seg !== '.' && seg !== '..' &&
            new RegExp(`^${src}$`, flags).test(seg);
        }
        result = ok && match(pi + 1, si + 1);
      }
    }
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

// As Node calls minimatch: a backslash in the pattern is a separator (windowsPathsNoEscape), the
// match is case-sensitive (nocase only on Windows hosts).
function matchesGlob(path, pattern, windows) {
  validateString(path, 'path');
  validateString(pattern, 'pattern');
  // Empty segments only count first (an absolute path) and last (a trailing separator).
  const keep = (seg, i, all) => seg !== '' || i === 0 || i === all.length - 1;
  const pathSegments = path.split(windows ? /[\\/]+/ : /\/+/).filter(keep);
  for (const expanded of expandBraces(pattern)) {
    const patternSegments = expanded.split(/[\\/]+/)
      .filter((seg, i, all) => keep(seg, i, all) && !(seg === '**' && all[i - 1] === '**'));
    if (globMatches(pathSegments, patternSegments, false, false)) return true;
  }
  return false;
}

// Scans the last segment of `path` (from `start`): where it starts, its last dot, its end, and
// whether a non-dot character precedes that dot (preDotState 1: only dots, -1: other chars).
function scanLastPart(path, start, isSeparator, startPart = start) {
  let startDot = -1;
  let end = -1;
  let matchedSlash = true;
  let preDotState = 0;
  for (let i = path.length - 1; i >= start; --i) {
    const code = path.charCodeAt(i);
    if (isSeparator(code)) {
      // Trailing separators are skipped.
      if (!matchedSlash) {
        startPart = i + 1;
        break;
      }
      continue;
    }
    if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
    if (code === CHAR_DOT) {
      if (startDot === -1) startDot = i;
      else if (preDotState !== 1) preDotState = 1;
    } else if (startDot !== -1) {
      preDotState = -1;
    }
  }
  return { startPart, startDot, end, preDotState };
}

function extnameFrom(path, start, isSeparator) {
  const { startPart, startDot, end, preDotState } = scanLastPart(path, start, isSeparator);
  // No dot, a dot first in the name ('.profile'), or the name is '..'.
  if (startDot === -1 || end === -1 || preDotState === 0 ||
      (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)) {
    return '';
  }
  return path.slice(startDot, end);
}

function basenameFrom(path, suffix, start, isSeparator) {
  let end = -1;
  let matchedSlash = true;
  if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
    if (suffix === path) return '';
    let extIdx = suffix.length - 1;
    let firstNonSlashEnd = -1;
    for (let i = path.length - 1; i >= start; --i) {
      const code = path.charCodeAt(i);
      if (isSeparator(code)) {
        if (!matchedSlash) {
          start = i + 1;
          break;
        }
      } else {
        if (firstNonSlashEnd === -1) {
          // The end of the name, in case the suffix does not match.
          matchedSlash = false;
          firstNonSlashEnd = i + 1;
        }
        if (extIdx >= 0) {
          // Match the suffix backwards.
          if (code === suffix.charCodeAt(extIdx)) {
            if (--extIdx === -1) end = i;
          } else {
            extIdx = -1;
            end = firstNonSlashEnd;
          }
        }
      }
    }
    if (start === end) end = firstNonSlashEnd;
    else if (end === -1) end = path.length;
    return path.slice(start, end);
  }
  for (let i = path.length - 1; i >= start; --i) {
    if (isSeparator(path.charCodeAt(i))) {
      if (!matchedSlash) {
        start = i + 1;
        break;
      }
    } else if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
  }
  if (end === -1) return '';
  return path.slice(start, end);
}

const posix = {
  /** Resolves a sequence of paths or path segments into an absolute path. */
  resolve(...args) {
    let resolvedPath = '';
    let resolvedAbsolute = false;
    for (let i = args.length - 1; i >= -1 && !resolvedAbsolute; i--) {
      const path = i >= 0 ? args[i] : cwd();
      validateString(path, `paths[${i}]`);
      if (path.length === 0) continue;
      resolvedPath = `${path}/${resolvedPath}`;
      resolvedAbsolute = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
    }
    resolvedPath = normalizeString(resolvedPath, !resolvedAbsolute, '/', isPosixPathSeparator);
    if (resolvedAbsolute) return `/${resolvedPath}`;
    return resolvedPath.length > 0 ? resolvedPath : '.';
  },

  normalize(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';
    const isAbsolute = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
    const trailingSeparator = path.charCodeAt(path.length - 1) === CHAR_FORWARD_SLASH;
    path = normalizeString(path, !isAbsolute, '/', isPosixPathSeparator);
    if (path.length === 0) {
      if (isAbsolute) return '/';
      return trailingSeparator ? './' : '.';
    }
    if (trailingSeparator) path += '/';
    return isAbsolute ? `/${path}` : path;
  },

  isAbsolute(path) {
    validateString(path, 'path');
    return path.length > 0 && path.charCodeAt(0) === CHAR_FORWARD_SLASH;
  },

  join(...args) {
    if (args.length === 0) return '.';
    let joined;
    for (let i = 0; i < args.length; ++i) {
      const arg = args[i];
      validateString(arg, 'path');
      if (arg.length > 0) {
        if (joined === undefined) joined = arg;
        else joined += `/${arg}`;
      }
    }
    if (joined === undefined) return '.';
    return posix.normalize(joined);
  },

  /** The relative path from `from` to `to` (both resolved first). */
  relative(from, to) {
    validateString(from, 'from');
    validateString(to, 'to');
    if (from === to) return '';
    from = posix.resolve(from);
    to = posix.resolve(to);
    if (from === to) return '';

    const fromStart = 1;
    const fromEnd = from.length;
    const fromLen = fromEnd - fromStart;
    const toStart = 1;
    const toLen = to.length - toStart;
    const length = fromLen < toLen ? fromLen : toLen;
    let lastCommonSep = -1;
    let i = 0;
    for (; i < length; i++) {
      const fromCode = from.charCodeAt(fromStart + i);
      if (fromCode !== to.charCodeAt(toStart + i)) break;
      else if (fromCode === CHAR_FORWARD_SLASH) lastCommonSep = i;
    }
    if (i === length) {
      if (toLen > length) {
        // `from` is the exact base of `to` (or the root).
        if (to.charCodeAt(toStart + i) === CHAR_FORWARD_SLASH) return to.slice(toStart + i + 1);
        if (i === 0) return to.slice(toStart + i);
      } else if (fromLen > length) {
        // `to` is the exact base of `from` (or the root).
        if (from.charCodeAt(fromStart + i) === CHAR_FORWARD_SLASH) lastCommonSep = i;
        else if (i === 0) lastCommonSep = 0;
      }
    }
    let out = '';
    for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
      if (i === fromEnd || from.charCodeAt(i) === CHAR_FORWARD_SLASH) out += out.length === 0 ? '..' : '/..';
    }
    return `${out}${to.slice(toStart + lastCommonSep)}`;
  },

  toNamespacedPath(path) {
    return path;
  },

  dirname(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';
    const hasRoot = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
    let end = -1;
    let matchedSlash = true;
    for (let i = path.length - 1; i >= 1; --i) {
      if (path.charCodeAt(i) === CHAR_FORWARD_SLASH) {
        if (!matchedSlash) {
          end = i;
          break;
        }
      } else {
        matchedSlash = false;
      }
    }
    if (end === -1) return hasRoot ? '/' : '.';
    if (hasRoot && end === 1) return '//';
    return path.slice(0, end);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validateString(suffix, 'suffix');
    validateString(path, 'path');
    return basenameFrom(path, suffix, 0, isPosixPathSeparator);
  },

  extname(path) {
    validateString(path, 'path');
    return extnameFrom(path, 0, isPosixPathSeparator);
  },

  format: (pathObject) => _format('/', pathObject),

  parse(path) {
    validateString(path, 'path');
    const ret = { root: '', dir: '', base: '', ext: '', name: '' };
    if (path.length === 0) return ret;
    const isAbsolute = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
    let start = 0;
    if (isAbsolute) {
      ret.root = '/';
      start = 1;
    }
    const { startPart, startDot, end, preDotState } = scanLastPart(path, start, isPosixPathSeparator, 0);
    if (end !== -1) {
      const nameStart = startPart === 0 && isAbsolute ? 1 : startPart;
      if (startDot === -1 || preDotState === 0 ||
          (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)) {
        ret.base = ret.name = path.slice(nameStart, end);
      } else {
        ret.name = path.slice(nameStart, startDot);
        ret.base = path.slice(nameStart, end);
        ret.ext = path.slice(startDot, end);
      }
    }
    if (startPart > 0) ret.dir = path.slice(0, startPart - 1);
    else if (isAbsolute) ret.dir = '/';
    return ret;
  },

  matchesGlob(path, pattern) {
    return matchesGlob(path, pattern, false);
  },

  sep: '/',
  delimiter: ':',
  win32: null,
  posix: null,
};

posix.win32 = win32.win32 = win32;
posix.posix = win32.posix = posix;
win32._makeLong = win32.toNamespacedPath;
posix._makeLong = posix.toNamespacedPath;

module.exports = posix;
