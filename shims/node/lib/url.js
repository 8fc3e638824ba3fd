'use strict';
// node:url for Burrow: the WHATWG URL Standard (URL, URLSearchParams: the basic URL parser's
// state machine, special schemes, IPv4 numbers in any base, IPv6 compression, the percent-encode
// sets, setters with state overrides, origins), the legacy API (url.parse, url.format,
// url.resolve, url.resolveObject, Url) as Node 20 has it, fileURLToPath, pathToFileURL,
// urlToHttpOptions, domainToASCII and domainToUnicode. Installs URL and URLSearchParams as
// globals.
//
// Not supported:
// - Full UTS #46 IDNA processing: non-ASCII domains are NFKC-normalized, lower-cased and
//   punycode-encoded (which covers usual internationalized names), but the UTS 46 mapping and
//   validity tables, CheckBidi and CheckJoiners are not applied: some exotic inputs Node
//   rejects are accepted (and vice versa for a few mapped characters).
// - URL.createObjectURL/revokeObjectURL (no Blob store): createObjectURL throws
//   ERR_METHOD_NOT_IMPLEMENTED, revokeObjectURL does nothing.

const { nodeError, describeReceived, invalidArgType: argType } = require('internal/errors');

let qsModule;
function qs() {
  if (qsModule === undefined) qsModule = require('querystring');
  return qsModule;
}

let utilInspect;
function inspect(value, options) {
  if (utilInspect === undefined) utilInspect = require('util').inspect;
  return utilInspect(value, options);
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// ---------------------------------------------------------------------------------------------
// Errors.

// ERR_INVALID_ARG_TYPE for a list of types (lower case) and classes, worded as Node words it.
function invalidArgType(name, expected, actual) {
  const list = Array.isArray(expected) ? expected : [expected];
  const lower = list.filter((t) => /^[a-z]/.test(t) || t === 'Object' || t === 'Function').map((t) => t.toLowerCase());
  const classes = list.filter((t) => /^[A-Z]/.test(t) && t !== 'Object' && t !== 'Function');
  const kind = name.includes('.') ? 'property' : 'argument';
  let what = '';
  if (lower.length > 0) what += `${lower.length > 1 ? 'one of type' : 'of type'} ${lower.join(' or ')}`;
  if (classes.length > 0) {
    if (what) what += ' or ';
    what += `an instance of ${classes.join(' or ')}`;
  }
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" ${kind} must be ${what}.${describeReceived(actual)}`);
}

function invalidURL(input, base) {
  const err = nodeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
  err.input = input;
  if (base !== undefined) err.base = base;
  return err;
}

function missingArgs(...names) {
  let what;
  if (names.length === 1) what = `The "${names[0]}" argument`;
  else what = `The "${names[0]}" and "${names[1]}" arguments`;
  return nodeError(TypeError, 'ERR_MISSING_ARGS', `${what} must be specified`);
}

function invalidThis(type) {
  return nodeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

// ---------------------------------------------------------------------------------------------
// Code points, percent-encoding.

const isASCIIDigit = (c) => c >= 0x30 && c <= 0x39;
const isASCIIHexDigit = (c) => isASCIIDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isASCIIAlpha = (c) => (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A);
const isASCIIAlphanumeric = (c) => isASCIIAlpha(c) || isASCIIDigit(c);

const isC0ControlPercentEncode = (c) => c <= 0x1F || c > 0x7E;
const fragmentSet = new Set([0x20, 0x22, 0x3C, 0x3E, 0x60]);
const isFragmentPercentEncode = (c) => isC0ControlPercentEncode(c) || fragmentSet.has(c);
const querySet = new Set([0x20, 0x22, 0x23, 0x3C, 0x3E]);
const isQueryPercentEncode = (c) => isC0ControlPercentEncode(c) || querySet.has(c);
const isSpecialQueryPercentEncode = (c) => isQueryPercentEncode(c) || c === 0x27;
const pathSet = new Set([0x3F, 0x60, 0x7B, 0x7D]);
const isPathPercentEncode = (c) => isQueryPercentEncode(c) || pathSet.has(c);
const userinfoSet = new Set([0x2F, 0x3A, 0x3B, 0x3D, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x7C]);
const isUserinfoPercentEncode = (c) => isPathPercentEncode(c) || userinfoSet.has(c);
const componentSet = new Set([0x24, 0x25, 0x26, 0x2B, 0x2C]);
const isComponentPercentEncode = (c) => isUserinfoPercentEncode(c) || componentSet.has(c);
const urlencodedSet = new Set([0x21, 0x27, 0x28, 0x29, 0x7E]);
const isURLEncodedPercentEncode = (c) => isComponentPercentEncode(c) || urlencodedSet.has(c);

const hex2 = (b) => `%${b < 16 ? '0' : ''}${b.toString(16).toUpperCase()}`;

function utf8Bytes(cp) {
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD; // a lone surrogate
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xC0 | (cp >> 6), 0x80 | (cp & 0x3F)];
  if (cp < 0x10000) return [0xE0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3F), 0x80 | (cp & 0x3F)];
  return [0xF0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3F), 0x80 | ((cp >> 6) & 0x3F), 0x80 | (cp & 0x3F)];
}

function utf8Encode(str) {
  const out = [];
  for (const ch of str) out.push(...utf8Bytes(ch.codePointAt(0)));
  return out;
}

/** The UTF-8 percent-encoding of one code point when `predicate` selects it. */
function percentEncodeCodePoint(cp, predicate) {
  if (!predicate(cp)) return String.fromCodePoint(cp);
  let out = '';
  for (const b of utf8Bytes(cp)) out += hex2(b);
  return out;
}

function percentEncodeString(str, predicate, spaceAsPlus = false) {
  let out = '';
  for (const ch of str) {
    const cp = ch.codePointAt(0);
    if (spaceAsPlus && cp === 0x20) out += '+';
    else out += percentEncodeCodePoint(cp, predicate);
  }
  return out;
}

/** Percent-decodes a byte sequence. */
function percentDecodeBytes(bytes) {
  const out = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && isASCIIHexDigit(bytes[i + 1]) && isASCIIHexDigit(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
      i += 2;
    } else {
      out.push(b);
    }
  }
  return out;
}

function utf8DecodeWithoutBOM(bytes) {
  const { utf8Decode } = qs()[Symbol.for('burrow.querystring.internals')];
  return utf8Decode(bytes);
}

function toUSVString(value) {
  return String(value).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

// ---------------------------------------------------------------------------------------------
// Punycode (RFC 3492).

const PUNY_BASE = 36;
const PUNY_TMIN = 1;
const PUNY_TMAX = 26;
const PUNY_SKEW = 38;
const PUNY_DAMP = 700;
const PUNY_INITIAL_BIAS = 72;
const PUNY_INITIAL_N = 128;

function punyAdapt(delta, numPoints, firstTime) {
  let k = 0;
  delta = firstTime ? Math.floor(delta / PUNY_DAMP) : delta >> 1;
  delta += Math.floor(delta / numPoints);
  for (; delta > ((PUNY_BASE - PUNY_TMIN) * PUNY_TMAX) >> 1; k += PUNY_BASE) {
    delta = Math.floor(delta / (PUNY_BASE - PUNY_TMIN));
  }
  return Math.floor(k + ((PUNY_BASE - PUNY_TMIN + 1) * delta) / (delta + PUNY_SKEW));
}

const punyDigit = (d) => String.fromCharCode(d < 26 ? d + 97 : d + 22);

function punycodeEncode(input) {
  const codePoints = Array.from(input, (c) => c.codePointAt(0));
  let n = PUNY_INITIAL_N;
  let delta = 0;
  let bias = PUNY_INITIAL_BIAS;
  let output = '';
  for (const cp of codePoints) if (cp < 0x80) output += String.fromCharCode(cp);
  const basicLength = output.length;
  let handled = basicLength;
  if (basicLength) output += '-';
  while (handled < codePoints.length) {
    let m = Infinity;
    for (const cp of codePoints) if (cp >= n && cp < m) m = cp;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const cp of codePoints) {
      if (cp < n) delta++;
      if (cp === n) {
        let q = delta;
        for (let k = PUNY_BASE; ; k += PUNY_BASE) {
          const t = k <= bias ? PUNY_TMIN : k >= bias + PUNY_TMAX ? PUNY_TMAX : k - bias;
          if (q < t) break;
          output += punyDigit(t + ((q - t) % (PUNY_BASE - t)));
          q = Math.floor((q - t) / (PUNY_BASE - t));
        }
        output += punyDigit(q);
        bias = punyAdapt(delta, handled + 1, handled === basicLength);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

/** Decodes a punycode label (without its xn-- prefix); null when it is malformed. */
function punycodeDecode(input) {
  const output = [];
  let basic = input.lastIndexOf('-');
  if (basic < 0) basic = 0;
  for (let j = 0; j < basic; j++) {
    if (input.charCodeAt(j) >= 0x80) return null;
    output.push(input.charCodeAt(j));
  }
  let i = 0;
  let n = PUNY_INITIAL_N;
  let bias = PUNY_INITIAL_BIAS;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
    const oldi = i;
    for (let w = 1, k = PUNY_BASE; ; k += PUNY_BASE) {
      if (index >= input.length) return null;
      const c = input.charCodeAt(index++);
      let digit;
      if (c >= 0x30 && c <= 0x39) digit = c - 22;
      else if (c >= 0x41 && c <= 0x5A) digit = c - 65;
      else if (c >= 0x61 && c <= 0x7A) digit = c - 97;
      else return null;
      if (digit >= PUNY_BASE || digit > Math.floor((0x7FFFFFFF - i) / w)) return null;
      i += digit * w;
      const t = k <= bias ? PUNY_TMIN : k >= bias + PUNY_TMAX ? PUNY_TMAX : k - bias;
      if (digit < t) break;
      if (w > Math.floor(0x7FFFFFFF / (PUNY_BASE - t))) return null;
      w *= PUNY_BASE - t;
    }
    const out = output.length + 1;
    bias = punyAdapt(i - oldi, out, oldi === 0);
    if (Math.floor(i / out) > 0x7FFFFFFF - n) return null;
    n += Math.floor(i / out);
    i %= out;
    if (n > 0x10FFFF) return null;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

// ---------------------------------------------------------------------------------------------
// Hosts.

const forbiddenHostCodePoints = new Set([0x00, 0x09, 0x0A, 0x0D, 0x20, 0x23, 0x2F, 0x3A, 0x3C, 0x3E, 0x3F, 0x40,
  0x5B, 0x5C, 0x5D, 0x5E, 0x7C]);
const isForbiddenHostCodePoint = (c) => forbiddenHostCodePoints.has(c);
const isForbiddenDomainCodePoint = (c) => isForbiddenHostCodePoint(c) || c <= 0x1F || c === 0x25 || c === 0x7F;

/** UTS #46 ToASCII, approximately (see the header): null on failure. */
function domainToASCIIInternal(domain) {
  let mapped = domain;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(mapped)) {
    mapped = mapped.replace(/[\u00ad\u034f\u180b-\u180d\u200b\u2060\ufe00-\ufe0f\ufeff]/g, '')
      .normalize('NFKC').toLowerCase().normalize('NFC').replace(/[\u3002\uff0e\uff61]/g, '.');
  } else {
    mapped = mapped.toLowerCase();
  }
  const labels = mapped.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label.startsWith('xn--')) {
      const decoded = punycodeDecode(label.slice(4));
      // eslint-disable-next-line no-control-regex
      if (decoded === null || decoded === '' || !/[^\x00-\x7f]/.test(decoded)) return null;
    // eslint-disable-next-line no-control-regex
    } else if (/[^\x00-\x7f]/.test(label)) {
      labels[i] = `xn--${punycodeEncode(label)}`;
    }
  }
  const result = labels.join('.');
  if (result === '') return null;
  return result;
}

function domainToUnicodeInternal(domain) {
  return domain.split('.').map((label) => {
    const lower = label.toLowerCase();
    if (lower.startsWith('xn--')) {
      const decoded = punycodeDecode(lower.slice(4));
      return decoded === null ? lower : decoded;
    }
    return lower;
  }).join('.');
}

function parseIPv4Number(input) {
  if (input === '') return null;
  let radix = 10;
  if (input.length >= 2 && input[0] === '0' && (input[1] === 'x' || input[1] === 'X')) {
    input = input.slice(2);
    radix = 16;
  } else if (input.length >= 2 && input[0] === '0') {
    input = input.slice(1);
    radix = 8;
  }
  if (input === '') return 0;
  const valid = radix === 10 ? /^[0-9]+$/ : radix === 16 ? /^[0-9A-Fa-f]+$/ : /^[0-7]+$/;
  if (!valid.test(input)) return null;
  return parseInt(input, radix);
}

function endsInANumber(input) {
  const parts = input.split('.');
  if (parts[parts.length - 1] === '') {
    if (parts.length === 1) return false;
    parts.pop();
  }
  const last = parts[parts.length - 1];
  if (last !== '' && /^[0-9]+$/.test(last)) return true;
  return parseIPv4Number(last) !== null;
}

/** The IPv4 address of `input` as a number, or null. */
function parseIPv4(input) {
  const parts = input.split('.');
  if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
  if (parts.length > 4) return null;
  const numbers = [];
  for (const part of parts) {
    const n = parseIPv4Number(part);
    if (n === null) return null;
    numbers.push(n);
  }
  for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) return null;
  if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return null;
  let ipv4 = numbers[numbers.length - 1];
  for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
  return ipv4;
}

function serializeIPv4(address) {
  const out = [];
  for (let i = 0; i < 4; i++) {
    out.unshift(String(address % 256));
    address = Math.floor(address / 256);
  }
  return out.join('.');
}

/** The eight 16-bit pieces of an IPv6 address, or null. */
function parseIPv6(input) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0;
  let compress = null;
  let pointer = 0;
  const cps = Array.from(input, (c) => c.codePointAt(0));
  const c = () => cps[pointer];
  if (c() === 0x3A) {
    if (cps[pointer + 1] !== 0x3A) return null;
    pointer += 2;
    pieceIndex++;
    compress = pieceIndex;
  }
  while (c() !== undefined) {
    if (pieceIndex === 8) return null;
    if (c() === 0x3A) {
      if (compress !== null) return null;
      pointer++;
      pieceIndex++;
      compress = pieceIndex;
      continue;
    }
    let value = 0;
    let length = 0;
    while (length < 4 && c() !== undefined && isASCIIHexDigit(c())) {
      value = value * 0x10 + parseInt(String.fromCodePoint(c()), 16);
      pointer++;
      length++;
    }
    if (c() === 0x2E) {
      // An IPv4 address in the last two pieces.
      if (length === 0) return null;
      pointer -= length;
      if (pieceIndex > 6) return null;
      let numbersSeen = 0;
      while (c() !== undefined) {
        let ipv4Piece = null;
        if (numbersSeen > 0) {
          if (c() === 0x2E && numbersSeen < 4) pointer++;
          else return null;
        }
        if (c() === undefined || !isASCIIDigit(c())) return null;
        while (c() !== undefined && isASCIIDigit(c())) {
          const number = c() - 0x30;
          if (ipv4Piece === null) ipv4Piece = number;
          else if (ipv4Piece === 0) return null;
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return null;
          pointer++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return null;
      break;
    } else if (c() === 0x3A) {
      pointer++;
      if (c() === undefined) return null;
    } else if (c() !== undefined) {
      return null;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== null) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const tmp = address[compress + swaps - 1];
      address[compress + swaps - 1] = address[pieceIndex];
      address[pieceIndex] = tmp;
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return null;
  }
  return address;
}

function serializeIPv6(address) {
  // The first longest run of two or more zero pieces becomes '::'.
  let compress = null;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (address[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLength) {
      bestLength = j - i;
      compress = i;
    }
    i = j;
  }
  let output = '';
  let ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && address[i] === 0) continue;
    ignore0 = false;
    if (compress === i) {
      output += i === 0 ? '::' : ':';
      ignore0 = true;
      continue;
    }
    output += address[i].toString(16);
    if (i !== 7) output += ':';
  }
  return output;
}

function parseOpaqueHost(input) {
  for (const ch of input) {
    const cp = ch.codePointAt(0);
    if (cp !== 0x25 && isForbiddenHostCodePoint(cp)) return null;
  }
  return percentEncodeString(input, isC0ControlPercentEncode);
}

/** The serialized host of `input`, or null when it is not a valid host. */
function parseHost(input, isNotSpecial) {
  if (input.startsWith('[')) {
    if (!input.endsWith(']')) return null;
    const address = parseIPv6(input.slice(1, -1));
    return address === null ? null : `[${serializeIPv6(address)}]`;
  }
  if (isNotSpecial) return parseOpaqueHost(input);
  const domain = utf8DecodeWithoutBOM(percentDecodeBytes(utf8Encode(input)));
  const asciiDomain = domainToASCIIInternal(domain);
  if (asciiDomain === null) return null;
  for (const ch of asciiDomain) {
    if (isForbiddenDomainCodePoint(ch.codePointAt(0))) return null;
  }
  if (endsInANumber(asciiDomain)) {
    const ipv4 = parseIPv4(asciiDomain);
    return ipv4 === null ? null : serializeIPv4(ipv4);
  }
  return asciiDomain;
}

// ---------------------------------------------------------------------------------------------
// URL records and the basic URL parser.

const specialSchemes = { __proto__: null, ftp: 21, file: null, http: 80, https: 443, ws: 80, wss: 443 };
const isSpecialScheme = (scheme) => scheme in specialSchemes;
const defaultPort = (scheme) => (scheme in specialSchemes ? specialSchemes[scheme] : null);

function newRecord() {
  return { scheme: '', username: '', password: '', host: null, port: null, path: [], query: null, fragment: null };
}

function cloneRecord(url) {
  return { ...url, path: Array.isArray(url.path) ? url.path.slice() : url.path };
}

const hasOpaquePath = (url) => typeof url.path === 'string';
const isSpecial = (url) => isSpecialScheme(url.scheme);
const includesCredentials = (url) => url.username !== '' || url.password !== '';
const cannotHaveUsernamePasswordPort = (url) => url.host === null || url.host === '' || url.scheme === 'file';

const isWindowsDriveLetterCPs = (a, b) => a !== undefined && isASCIIAlpha(a) && (b === 0x3A || b === 0x7C);
const isWindowsDriveLetter = (s) => s.length === 2 && isWindowsDriveLetterCPs(s.charCodeAt(0), s.charCodeAt(1));
const isNormalizedWindowsDriveLetter = (s) => isWindowsDriveLetter(s) && s[1] === ':';
function startsWithWindowsDriveLetter(cps, pointer) {
  if (cps.length - pointer < 2) return false;
  if (!isWindowsDriveLetterCPs(cps[pointer], cps[pointer + 1])) return false;
  if (cps.length - pointer === 2) return true;
  const third = cps[pointer + 2];
  return third === 0x2F || third === 0x5C || third === 0x3F || third === 0x23;
}

const isSingleDot = (s) => s === '.' || s.toLowerCase() === '%2e';
const isDoubleDot = (s) => {
  s = s.toLowerCase();
  return s === '..' || s === '.%2e' || s === '%2e.' || s === '%2e%2e';
};

function shortenPath(url) {
  const { path } = url;
  if (url.scheme === 'file' && path.length === 1 && isNormalizedWindowsDriveLetter(path[0])) return;
  path.pop();
}

const S = {
  SCHEME_START: 1, SCHEME: 2, NO_SCHEME: 3, SPECIAL_RELATIVE_OR_AUTHORITY: 4, PATH_OR_AUTHORITY: 5, RELATIVE: 6,
  RELATIVE_SLASH: 7, SPECIAL_AUTHORITY_SLASHES: 8, SPECIAL_AUTHORITY_IGNORE_SLASHES: 9, AUTHORITY: 10, HOST: 11,
  HOSTNAME: 12, PORT: 13, FILE: 14, FILE_SLASH: 15, FILE_HOST: 16, PATH_START: 17, PATH: 18, OPAQUE_PATH: 19,
  QUERY: 20, FRAGMENT: 21,
};

const FAILURE = Symbol('failure');

/**
 * The URL Standard's basic URL parser. Returns a new record (or modifies `url` under a state
 * override); FAILURE when the input is not a URL.
 */
function basicURLParse(input, base, url, stateOverride) {
  if (!url) {
    url = newRecord();
    // eslint-disable-next-line no-control-regex
    input = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  }
  input = input.replace(/[\t\n\r]/g, '');
  let state = stateOverride || S.SCHEME_START;
  let buffer = '';
  let atSignSeen = false;
  let insideBrackets = false;
  let passwordTokenSeen = false;
  const cps = Array.from(input, (ch) => ch.codePointAt(0));
  const remainingStartsWith = (pointer, str) => {
    for (let k = 0; k < str.length; k++) if (cps[pointer + 1 + k] !== str.charCodeAt(k)) return false;
    return true;
  };

  for (let pointer = 0; pointer <= cps.length; pointer++) {
    const c = cps[pointer]; // undefined is EOF
    const ch = c === undefined ? '' : String.fromCodePoint(c);
    switch (state) {
      case S.SCHEME_START:
        if (c !== undefined && isASCIIAlpha(c)) {
          buffer += ch.toLowerCase();
          state = S.SCHEME;
        } else if (!stateOverride) {
          state = S.NO_SCHEME;
          pointer--;
        } else {
          return FAILURE;
        }
        break;

      case S.SCHEME:
        if (c !== undefined && (isASCIIAlphanumeric(c) || c === 0x2B || c === 0x2D || c === 0x2E)) {
          buffer += ch.toLowerCase();
        } else if (c === 0x3A) {
          if (stateOverride) {
            if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return url;
            if ((includesCredentials(url) || url.port !== null) && buffer === 'file') return url;
            if (url.scheme === 'file' && url.host === '') return url;
          }
          url.scheme = buffer;
          if (stateOverride) {
            if (url.port === defaultPort(url.scheme)) url.port = null;
            return url;
          }
          buffer = '';
          if (url.scheme === 'file') {
            state = S.FILE;
          } else if (isSpecial(url) && base && base.scheme === url.scheme) {
            state = S.SPECIAL_RELATIVE_OR_AUTHORITY;
          } else if (isSpecial(url)) {
            state = S.SPECIAL_AUTHORITY_SLASHES;
          } else if (cps[pointer + 1] === 0x2F) {
            state = S.PATH_OR_AUTHORITY;
            pointer++;
          } else {
            url.path = '';
            state = S.OPAQUE_PATH;
          }
        } else if (!stateOverride) {
          buffer = '';
          state = S.NO_SCHEME;
          pointer = -1;
        } else {
          return FAILURE;
        }
        break;

      case S.NO_SCHEME:
        if (!base || (hasOpaquePath(base) && c !== 0x23)) return FAILURE;
        if (hasOpaquePath(base) && c === 0x23) {
          url.scheme = base.scheme;
          url.path = base.path;
          url.query = base.query;
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (base.scheme !== 'file') {
          state = S.RELATIVE;
          pointer--;
        } else {
          state = S.FILE;
          pointer--;
        }
        break;

      case S.SPECIAL_RELATIVE_OR_AUTHORITY:
        if (c === 0x2F && cps[pointer + 1] === 0x2F) {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = S.RELATIVE;
          pointer--;
        }
        break;

      case S.PATH_OR_AUTHORITY:
        if (c === 0x2F) {
          state = S.AUTHORITY;
        } else {
          state = S.PATH;
          pointer--;
        }
        break;

      case S.RELATIVE:
        url.scheme = base.scheme;
        if (c === 0x2F) {
          state = S.RELATIVE_SLASH;
        } else if (isSpecial(url) && c === 0x5C) {
          state = S.RELATIVE_SLASH;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === 0x3F) {
            url.query = '';
            state = S.QUERY;
          } else if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          } else if (c !== undefined) {
            url.query = null;
            shortenPath(url);
            state = S.PATH;
            pointer--;
          }
        }
        break;

      case S.RELATIVE_SLASH:
        if (isSpecial(url) && (c === 0x2F || c === 0x5C)) {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c === 0x2F) {
          state = S.AUTHORITY;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          state = S.PATH;
          pointer--;
        }
        break;

      case S.SPECIAL_AUTHORITY_SLASHES:
        if (c === 0x2F && cps[pointer + 1] === 0x2F) {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer--;
        }
        break;

      case S.SPECIAL_AUTHORITY_IGNORE_SLASHES:
        if (c !== 0x2F && c !== 0x5C) {
          state = S.AUTHORITY;
          pointer--;
        }
        break;

      case S.AUTHORITY:
        if (c === 0x40) {
          if (atSignSeen) buffer = `%40${buffer}`;
          atSignSeen = true;
          for (const bch of buffer) {
            const bcp = bch.codePointAt(0);
            if (bcp === 0x3A && !passwordTokenSeen) {
              passwordTokenSeen = true;
              continue;
            }
            const encoded = percentEncodeCodePoint(bcp, isUserinfoPercentEncode);
            if (passwordTokenSeen) url.password += encoded;
            else url.username += encoded;
          }
          buffer = '';
        } else if (c === undefined || c === 0x2F || c === 0x3F || c === 0x23 || (isSpecial(url) && c === 0x5C)) {
          if (atSignSeen && buffer === '') return FAILURE;
          pointer -= Array.from(buffer).length + 1;
          buffer = '';
          state = S.HOST;
        } else {
          buffer += ch;
        }
        break;

      case S.HOST:
      case S.HOSTNAME:
        if (stateOverride && url.scheme === 'file') {
          pointer--;
          state = S.FILE_HOST;
        } else if (c === 0x3A && !insideBrackets) {
          if (buffer === '') return FAILURE;
          if (stateOverride === S.HOSTNAME) return FAILURE;
          const host = parseHost(buffer, !isSpecial(url));
          if (host === null) return FAILURE;
          url.host = host;
          buffer = '';
          state = S.PORT;
        } else if (c === undefined || c === 0x2F || c === 0x3F || c === 0x23 || (isSpecial(url) && c === 0x5C)) {
          pointer--;
          if (isSpecial(url) && buffer === '') return FAILURE;
          if (stateOverride && buffer === '' && (includesCredentials(url) || url.port !== null)) return FAILURE;
          const host = parseHost(buffer, !isSpecial(url));
          if (host === null) return FAILURE;
          url.host = host;
          buffer = '';
          state = S.PATH_START;
          if (stateOverride) return url;
        } else {
          if (c === 0x5B) insideBrackets = true;
          if (c === 0x5D) insideBrackets = false;
          buffer += ch;
        }
        break;

      case S.PORT:
        if (c !== undefined && isASCIIDigit(c)) {
          buffer += ch;
        } else if (c === undefined || c === 0x2F || c === 0x3F || c === 0x23 || (isSpecial(url) && c === 0x5C) ||
                   stateOverride) {
          if (buffer !== '') {
            const port = parseInt(buffer, 10);
            if (port > 65535) return FAILURE;
            url.port = port === defaultPort(url.scheme) ? null : port;
            buffer = '';
          }
          if (stateOverride) return url;
          state = S.PATH_START;
          pointer--;
        } else {
          return FAILURE;
        }
        break;

      case S.FILE:
        url.scheme = 'file';
        url.host = '';
        if (c === 0x2F || c === 0x5C) {
          state = S.FILE_SLASH;
        } else if (base && base.scheme === 'file') {
          url.host = base.host;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === 0x3F) {
            url.query = '';
            state = S.QUERY;
          } else if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          } else if (c !== undefined) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(cps, pointer)) shortenPath(url);
            else url.path = [];
            state = S.PATH;
            pointer--;
          }
        } else {
          state = S.PATH;
          pointer--;
        }
        break;

      case S.FILE_SLASH:
        if (c === 0x2F || c === 0x5C) {
          state = S.FILE_HOST;
        } else {
          if (base && base.scheme === 'file') {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(cps, pointer) && base.path.length > 0 &&
                isNormalizedWindowsDriveLetter(base.path[0])) {
              url.path.push(base.path[0]);
            }
          }
          state = S.PATH;
          pointer--;
        }
        break;

      case S.FILE_HOST:
        if (c === undefined || c === 0x2F || c === 0x5C || c === 0x3F || c === 0x23) {
          pointer--;
          if (!stateOverride && isWindowsDriveLetter(buffer)) {
            state = S.PATH;
          } else if (buffer === '') {
            url.host = '';
            if (stateOverride) return url;
            state = S.PATH_START;
          } else {
            let host = parseHost(buffer, !isSpecial(url));
            if (host === null) return FAILURE;
            if (host === 'localhost') host = '';
            url.host = host;
            if (stateOverride) return url;
            buffer = '';
            state = S.PATH_START;
          }
        } else {
          buffer += ch;
        }
        break;

      case S.PATH_START:
        if (isSpecial(url)) {
          state = S.PATH;
          if (c !== 0x2F && c !== 0x5C) pointer--;
        } else if (!stateOverride && c === 0x3F) {
          url.query = '';
          state = S.QUERY;
        } else if (!stateOverride && c === 0x23) {
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (c !== undefined) {
          state = S.PATH;
          if (c !== 0x2F) pointer--;
        } else if (stateOverride && url.host === null) {
          url.path.push('');
        }
        break;

      case S.PATH:
        if (c === undefined || c === 0x2F || (isSpecial(url) && c === 0x5C) ||
            (!stateOverride && (c === 0x3F || c === 0x23))) {
          const slash = c === 0x2F || (isSpecial(url) && c === 0x5C);
          if (isDoubleDot(buffer)) {
            shortenPath(url);
            if (!slash) url.path.push('');
          } else if (isSingleDot(buffer) && !slash) {
            url.path.push('');
          } else if (!isSingleDot(buffer)) {
            if (url.scheme === 'file' && url.path.length === 0 && isWindowsDriveLetter(buffer)) {
              buffer = `${buffer[0]}:`;
            }
            url.path.push(buffer);
          }
          buffer = '';
          if (c === 0x3F) {
            url.query = '';
            state = S.QUERY;
          }
          if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          }
        } else {
          buffer += percentEncodeCodePoint(c, isPathPercentEncode);
        }
        break;

      case S.OPAQUE_PATH:
        if (c === 0x3F) {
          url.query = '';
          state = S.QUERY;
        } else if (c === 0x23) {
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (c !== undefined) {
          url.path += percentEncodeCodePoint(c, isC0ControlPercentEncode);
        }
        break;

      case S.QUERY:
        if ((!stateOverride && c === 0x23) || c === undefined) {
          url.query += percentEncodeString(buffer, isSpecial(url) ? isSpecialQueryPercentEncode : isQueryPercentEncode);
          buffer = '';
          if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          }
        } else {
          buffer += ch;
        }
        break;

      case S.FRAGMENT:
        if (c !== undefined) url.fragment += percentEncodeCodePoint(c, isFragmentPercentEncode);
        break;

      default:
        throw new Error('unreachable URL parser state');
    }
  }
  return url;
}

function serializePath(url) {
  if (hasOpaquePath(url)) return url.path;
  let output = '';
  for (const segment of url.path) output += `/${segment}`;
  return output;
}

function serializeURL(url, excludeFragment = false) {
  let output = `${url.scheme}:`;
  if (url.host !== null) {
    output += '//';
    if (includesCredentials(url)) {
      output += url.username;
      if (url.password !== '') output += `:${url.password}`;
      output += '@';
    }
    output += url.host;
    if (url.port !== null) output += `:${url.port}`;
  }
  if (url.host === null && !hasOpaquePath(url) && url.path.length > 1 && url.path[0] === '') output += '/.';
  output += serializePath(url);
  if (url.query !== null) output += `?${url.query}`;
  if (!excludeFragment && url.fragment !== null) output += `#${url.fragment}`;
  return output;
}

function serializeOrigin(url) {
  switch (url.scheme) {
    case 'blob': {
      const pathURL = basicURLParse(serializePath(url));
      if (pathURL === FAILURE) return 'null';
      if (pathURL.scheme === 'http' || pathURL.scheme === 'https') return serializeOrigin(pathURL);
      return 'null';
    }
    case 'ftp':
    case 'http':
    case 'https':
    case 'ws':
    case 'wss':
      return `${url.scheme}://${url.host}${url.port !== null ? `:${url.port}` : ''}`;
    default:
      return 'null';
  }
}

// ---------------------------------------------------------------------------------------------
// application/x-www-form-urlencoded.

function parseURLEncoded(input) {
  const output = [];
  for (const sequence of input.split('&')) {
    if (sequence === '') continue;
    let name;
    let value;
    const eq = sequence.indexOf('=');
    if (eq !== -1) {
      name = sequence.slice(0, eq);
      value = sequence.slice(eq + 1);
    } else {
      name = sequence;
      value = '';
    }
    name = utf8DecodeWithoutBOM(percentDecodeBytes(utf8Encode(name.replace(/\+/g, ' '))));
    value = utf8DecodeWithoutBOM(percentDecodeBytes(utf8Encode(value.replace(/\+/g, ' '))));
    output.push(name, value);
  }
  return output;
}

function serializeURLEncoded(list) {
  let output = '';
  for (let i = 0; i < list.length; i += 2) {
    if (i > 0) output += '&';
    output += `${percentEncodeString(list[i], isURLEncodedPercentEncode, true)}=` +
      percentEncodeString(list[i + 1], isURLEncodedPercentEncode, true);
  }
  return output;
}

// ---------------------------------------------------------------------------------------------
// URLSearchParams.

let getParamsList; // (params) => flat [name, value, ...] list
let setParamsList; // (params, list) => void (from the URL's query, no update back)
let attachParams; // (params, url) => void

class URLSearchParams {
  #list = [];
  #url = null;

  static {
    getParamsList = (params) => {
      if (params === null || typeof params !== 'object' || !(#list in params)) throw invalidThis('URLSearchParams');
      return params.#list;
    };
    setParamsList = (params, list) => {
      params.#list = list;
    };
    attachParams = (params, url) => {
      params.#url = url;
    };
  }

  constructor(init = undefined) {
    if (init === undefined || init === null) {
      // Empty.
    } else if (typeof init === 'object' || typeof init === 'function') {
      const method = init[Symbol.iterator];
      if (method === this[Symbol.iterator] && #list in init) {
        // Another URLSearchParams: a copy of its list.
        this.#list = init.#list.slice();
      } else if (method !== undefined && method !== null) {
        if (typeof method !== 'function') {
          throw nodeError(TypeError, 'ERR_ARG_NOT_ITERABLE', 'Query pairs must be iterable');
        }
        for (const pair of init) {
          if ((typeof pair !== 'object' && typeof pair !== 'function') || pair === null ||
              typeof pair[Symbol.iterator] !== 'function') {
            throw nodeError(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
          }
          const items = Array.from(pair);
          if (items.length !== 2) {
            throw nodeError(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
          }
          this.#list.push(toUSVString(items[0]), toUSVString(items[1]));
        }
      } else {
        // A record of string keys.
        for (const key of Reflect.ownKeys(init)) {
          if (typeof key !== 'string') continue;
          const desc = Reflect.getOwnPropertyDescriptor(init, key);
          if (desc !== undefined && desc.enumerable) {
            const typedKey = toUSVString(key);
            const typedValue = toUSVString(init[key]);
            // Duplicate keys (one key in several forms) keep the last value.
            let found = false;
            for (let i = 0; i < this.#list.length; i += 2) {
              if (this.#list[i] === typedKey) {
                this.#list[i + 1] = typedValue;
                found = true;
                break;
              }
            }
            if (!found) this.#list.push(typedKey, typedValue);
          }
        }
      }
    } else {
      init = toUSVString(init);
      this.#list = parseURLEncoded(init[0] === '?' ? init.slice(1) : init);
    }
  }

  #update() {
    const url = this.#url;
    if (url === null) return;
    const serialized = serializeURLEncoded(this.#list);
    url.query = serialized === '' ? null : serialized;
  }

  get size() {
    return getParamsList(this).length / 2;
  }

  append(name, value) {
    const list = getParamsList(this);
    if (arguments.length < 2) throw missingArgs('name', 'value');
    list.push(toUSVString(name), toUSVString(value));
    this.#update();
  }

  delete(name, value = undefined) {
    const list = getParamsList(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      for (let i = 0; i < list.length;) {
        if (list[i] === name && list[i + 1] === value) list.splice(i, 2);
        else i += 2;
      }
    } else {
      for (let i = 0; i < list.length;) {
        if (list[i] === name) list.splice(i, 2);
        else i += 2;
      }
    }
    this.#update();
  }

  get(name) {
    const list = getParamsList(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
    return null;
  }

  getAll(name) {
    const list = getParamsList(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    const values = [];
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) values.push(list[i + 1]);
    return values;
  }

  has(name, value = undefined) {
    const list = getParamsList(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    if (value !== undefined) value = toUSVString(value);
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name && (value === undefined || list[i + 1] === value)) return true;
    }
    return false;
  }

  set(name, value) {
    const list = getParamsList(this);
    if (arguments.length < 2) throw missingArgs('name', 'value');
    name = toUSVString(name);
    value = toUSVString(value);
    // The first pair of that name gets the value; the others go.
    let found = false;
    for (let i = 0; i < list.length;) {
      if (list[i] === name) {
        if (!found) {
          list[i + 1] = value;
          found = true;
          i += 2;
        } else {
          list.splice(i, 2);
        }
      } else {
        i += 2;
      }
    }
    if (!found) list.push(name, value);
    this.#update();
  }

  sort() {
    const list = getParamsList(this);
    // A stable sort by name, in UTF-16 code units.
    const pairs = [];
    for (let i = 0; i < list.length; i += 2) pairs.push([list[i], list[i + 1]]);
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    list.length = 0;
    for (const [name, value] of pairs) list.push(name, value);
    this.#update();
  }

  entries() {
    getParamsList(this);
    return createParamsIterator(this, 'key+value');
  }

  forEach(callback, thisArg = undefined) {
    const list = getParamsList(this);
    if (typeof callback !== 'function') throw argType('callback', 'function', callback);
    for (let i = 0; i < list.length; i += 2) {
      Reflect.apply(callback, thisArg, [list[i + 1], list[i], this]);
    }
  }

  keys() {
    getParamsList(this);
    return createParamsIterator(this, 'key');
  }

  values() {
    getParamsList(this);
    return createParamsIterator(this, 'value');
  }

  toString() {
    return serializeURLEncoded(getParamsList(this));
  }

  get [Symbol.toStringTag]() {
    return 'URLSearchParams';
  }

  [inspectSymbol](recurseTimes, ctx) {
    const list = getParamsList(this);
    if (typeof recurseTimes === 'number' && recurseTimes < 0) return ctx.stylize('[Object]', 'special');
    const separator = ', ';
    const innerOpts = { ...ctx };
    if (recurseTimes !== null) innerOpts.depth = recurseTimes - 1;
    const innerInspect = (v) => inspect(v, innerOpts);
    const output = [];
    for (let i = 0; i < list.length; i += 2) output.push(`${innerInspect(list[i])} => ${innerInspect(list[i + 1])}`);
    const length = output.reduce((prev, cur) => prev + removeColors(cur).length + separator.length, -separator.length);
    if (length > ctx.breakLength) return `${this.constructor.name} {\n  ${output.join(',\n  ')} }`;
    if (output.length) return `${this.constructor.name} { ${output.join(separator)} }`;
    return `${this.constructor.name} {}`;
  }
}

URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;
Object.defineProperty(URLSearchParams.prototype, Symbol.iterator, { enumerable: false });
for (const name of ['append', 'delete', 'get', 'getAll', 'has', 'set', 'size', 'sort', 'entries', 'forEach', 'keys',
  'values', 'toString']) {
  Object.defineProperty(URLSearchParams.prototype, name, { enumerable: true });
}
Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { enumerable: false });

// eslint-disable-next-line no-control-regex
const removeColors = (s) => String(s).replace(/\u001b\[\d\d?m/g, '');

// The "URLSearchParams Iterator" objects: they read the live list.
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const kIteratorState = Symbol('state');
const URLSearchParamsIteratorPrototype = Object.create(IteratorPrototype, {
  next: {
    value: function next() {
      const state = this?.[kIteratorState];
      if (state === undefined) throw invalidThis('URLSearchParamsIterator');
      const list = getParamsList(state.target);
      if (state.index >= list.length) return { value: undefined, done: true };
      const name = list[state.index];
      const value = list[state.index + 1];
      state.index += 2;
      let result;
      if (state.kind === 'key') result = name;
      else if (state.kind === 'value') result = value;
      else result = [name, value];
      return { value: result, done: false };
    },
    writable: true,
    enumerable: true,
    configurable: true,
  },
  [Symbol.toStringTag]: { value: 'URLSearchParams Iterator', configurable: true },
  [inspectSymbol]: {
    value: function (recurseTimes, ctx) {
      const state = this?.[kIteratorState];
      if (state === undefined) throw invalidThis('URLSearchParamsIterator');
      if (typeof recurseTimes === 'number' && recurseTimes < 0) return ctx.stylize('[Object]', 'special');
      const innerOpts = { ...ctx };
      if (recurseTimes !== null) innerOpts.depth = recurseTimes - 1;
      const list = getParamsList(state.target);
      const output = [];
      for (let i = state.index; i < list.length; i += 2) {
        if (state.kind === 'key') output.push(list[i]);
        else if (state.kind === 'value') output.push(list[i + 1]);
        else output.push([list[i], list[i + 1]]);
      }
      const breakLn = output.some((o) => typeof o === 'string' && o.includes('\n'));
      const outputStrs = output.map((p) => inspect(p, innerOpts));
      let outputStr;
      if (breakLn) outputStr = `\n  ${outputStrs.join(',\n  ')}`;
      else outputStr = ` ${outputStrs.join(', ')}`;
      return `${this[Symbol.toStringTag]} {${outputStr} }`;
    },
    configurable: true,
    writable: true,
  },
});

function createParamsIterator(target, kind) {
  const iterator = Object.create(URLSearchParamsIteratorPrototype);
  Object.defineProperty(iterator, kIteratorState, { value: { target, kind, index: 0 }, enumerable: false });
  return iterator;
}

// ---------------------------------------------------------------------------------------------
// URL.

let getRecord; // (url) => its URL record

class URL {
  #record;
  #searchParams;

  static {
    getRecord = (url) => {
      // (The message V8 gives for a private member of another object, as Node 20 shows it.)
      if (url === null || typeof url !== 'object' || !(#record in url)) {
        throw new TypeError('Receiver must be an instance of class URL');
      }
      return url.#record;
    };
  }

  constructor(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    input = toUSVString(input);
    let baseRecord = null;
    if (base !== undefined) {
      base = toUSVString(base);
      baseRecord = basicURLParse(base);
      if (baseRecord === FAILURE) throw invalidURL(input, base);
    }
    const record = basicURLParse(input, baseRecord);
    if (record === FAILURE) throw invalidURL(input, base);
    this.#record = record;
  }

  static canParse(url, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    url = toUSVString(url);
    let baseRecord = null;
    if (base !== undefined) {
      baseRecord = basicURLParse(toUSVString(base));
      if (baseRecord === FAILURE) return false;
    }
    return basicURLParse(url, baseRecord) !== FAILURE;
  }

  static parse(url, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    try {
      return new URL(url, base);
    } catch {
      return null;
    }
  }

  static createObjectURL() {
    throw nodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The createObjectURL() method is not implemented');
  }

  static revokeObjectURL(url) {
    if (arguments.length === 0) throw missingArgs('url');
  }

  #syncSearchParams() {
    if (this.#searchParams !== undefined) {
      const { query } = this.#record;
      setParamsList(this.#searchParams, query ? parseURLEncoded(query) : []);
    }
  }

  toString() {
    return serializeURL(getRecord(this));
  }

  get href() {
    return serializeURL(getRecord(this));
  }

  set href(value) {
    getRecord(this);
    value = toUSVString(value);
    const record = basicURLParse(value);
    if (record === FAILURE) throw invalidURL(value);
    this.#record = record;
    this.#syncSearchParams();
  }

  get origin() {
    return serializeOrigin(getRecord(this));
  }

  get protocol() {
    return `${getRecord(this).scheme}:`;
  }

  set protocol(value) {
    const record = getRecord(this);
    basicURLParse(`${toUSVString(value)}:`, null, record, S.SCHEME_START);
  }

  get username() {
    return getRecord(this).username;
  }

  set username(value) {
    const record = getRecord(this);
    if (cannotHaveUsernamePasswordPort(record)) return;
    record.username = percentEncodeString(toUSVString(value), isUserinfoPercentEncode);
  }

  get password() {
    return getRecord(this).password;
  }

  set password(value) {
    const record = getRecord(this);
    if (cannotHaveUsernamePasswordPort(record)) return;
    record.password = percentEncodeString(toUSVString(value), isUserinfoPercentEncode);
  }

  get host() {
    const record = getRecord(this);
    if (record.host === null) return '';
    return record.port === null ? record.host : `${record.host}:${record.port}`;
  }

  set host(value) {
    const record = getRecord(this);
    if (hasOpaquePath(record)) return;
    // (A failure keeps what was parsed before it, as the URL Standard says.)
    basicURLParse(toUSVString(value), null, record, S.HOST);
  }

  get hostname() {
    const record = getRecord(this);
    return record.host === null ? '' : record.host;
  }

  set hostname(value) {
    const record = getRecord(this);
    if (hasOpaquePath(record)) return;
    basicURLParse(toUSVString(value), null, record, S.HOSTNAME);
  }

  get port() {
    const record = getRecord(this);
    return record.port === null ? '' : String(record.port);
  }

  set port(value) {
    const record = getRecord(this);
    if (cannotHaveUsernamePasswordPort(record)) return;
    value = toUSVString(value);
    if (value === '') {
      record.port = null;
      return;
    }
    basicURLParse(value, null, record, S.PORT);
  }

  get pathname() {
    return serializePath(getRecord(this));
  }

  set pathname(value) {
    const record = getRecord(this);
    if (hasOpaquePath(record)) return;
    record.path = [];
    basicURLParse(toUSVString(value), null, record, S.PATH_START);
  }

  get search() {
    const { query } = getRecord(this);
    return query === null || query === '' ? '' : `?${query}`;
  }

  set search(value) {
    const record = getRecord(this);
    value = toUSVString(value);
    if (value === '') {
      record.query = null;
      this.#syncSearchParams();
      return;
    }
    const input = value[0] === '?' ? value.slice(1) : value;
    record.query = '';
    basicURLParse(input, null, record, S.QUERY);
    this.#syncSearchParams();
  }

  get searchParams() {
    const record = getRecord(this);
    const urlObject = this;
    if (this.#searchParams === undefined) {
      this.#searchParams = new URLSearchParams();
      setParamsList(this.#searchParams, record.query ? parseURLEncoded(record.query) : []);
      attachParams(this.#searchParams, {
        set query(query) {
          getRecord(urlObject).query = query;
        },
      });
    }
    return this.#searchParams;
  }

  get hash() {
    const { fragment } = getRecord(this);
    return fragment === null || fragment === '' ? '' : `#${fragment}`;
  }

  set hash(value) {
    const record = getRecord(this);
    value = toUSVString(value);
    if (value === '') {
      record.fragment = null;
      return;
    }
    const input = value[0] === '#' ? value.slice(1) : value;
    record.fragment = '';
    basicURLParse(input, null, record, S.FRAGMENT);
  }

  toJSON() {
    return serializeURL(getRecord(this));
  }

  get [Symbol.toStringTag]() {
    return 'URL';
  }

  [inspectSymbol](depth, opts) {
    getRecord(this);
    if (typeof depth === 'number' && depth < 0) return this;
    const constructor = this.constructor || URL;
    const obj = { __proto__: { constructor } };
    obj.href = this.href;
    obj.origin = this.origin;
    obj.protocol = this.protocol;
    obj.username = this.username;
    obj.password = this.password;
    obj.host = this.host;
    obj.hostname = this.hostname;
    obj.port = this.port;
    obj.pathname = this.pathname;
    obj.search = this.search;
    obj.searchParams = this.searchParams;
    obj.hash = this.hash;
    return `${constructor.name} ${inspect(obj, opts)}`;
  }
}

for (const name of ['toString', 'href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port',
  'pathname', 'search', 'searchParams', 'hash', 'toJSON']) {
  Object.defineProperty(URL.prototype, name, { enumerable: true });
}
Object.defineProperty(URL.prototype, Symbol.toStringTag, { enumerable: false });
for (const name of ['canParse', 'parse', 'createObjectURL', 'revokeObjectURL']) {
  Object.defineProperty(URL, name, { enumerable: true });
}

/** Whether `self` looks like a URL (Node's duck typing: href and protocol, no auth/path). */
function isURL(self) {
  return Boolean(self?.href && self.protocol && self.auth === undefined && self.path === undefined);
}

// ---------------------------------------------------------------------------------------------
// File URLs, http options, domains.

function platform() {
  return globalThis.process?.platform ?? 'linux';
}

function fileURLToPath(path, options = undefined) {
  const windows = options?.windows ?? platform() === 'win32';
  if (typeof path === 'string') path = new URL(path);
  else if (!isURL(path)) throw invalidArgType('path', ['string', 'URL'], path);
  if (path.protocol !== 'file:') throw nodeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  return windows ? getPathFromURLWin32(path) : getPathFromURLPosix(path);
}

function getPathFromURLPosix(url) {
  if (url.hostname !== '') {
    throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_HOST', `File URL host must be "localhost" or empty on ${platform()}`);
  }
  const { pathname } = url;
  for (let n = 0; n < pathname.length; n++) {
    if (pathname[n] === '%') {
      const third = pathname.codePointAt(n + 2) | 0x20;
      if (pathname[n + 1] === '2' && third === 102) {
        throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
      }
    }
  }
  return decodeURIComponent(pathname);
}

function getPathFromURLWin32(url) {
  const { hostname } = url;
  let { pathname } = url;
  for (let n = 0; n < pathname.length; n++) {
    if (pathname[n] === '%') {
      const third = pathname.codePointAt(n + 2) | 0x20;
      if ((pathname[n + 1] === '2' && third === 102) || (pathname[n + 1] === '5' && third === 99)) {
        throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH',
          'File URL path must not include encoded \\ or / characters');
      }
    }
  }
  pathname = decodeURIComponent(pathname.replace(/\//g, '\\'));
  if (hostname !== '') return `\\\\${domainToUnicode(hostname)}${pathname}`;
  // Otherwise it needs a drive letter.
  const letter = pathname.codePointAt(1) | 0x20;
  const sep = pathname[2];
  if (letter < 97 || letter > 122 || sep !== ':') {
    throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must be absolute');
  }
  return pathname.slice(1);
}

function encodePathChars(filepath, windows) {
  if (filepath.includes('%')) filepath = filepath.replace(/%/g, '%25');
  // A backslash is a character of POSIX file names.
  if (!windows && filepath.includes('\\')) filepath = filepath.replace(/\\/g, '%5C');
  if (filepath.includes('\n')) filepath = filepath.replace(/\n/g, '%0A');
  if (filepath.includes('\r')) filepath = filepath.replace(/\r/g, '%0D');
  if (filepath.includes('\t')) filepath = filepath.replace(/\t/g, '%09');
  if (filepath.includes('#')) filepath = filepath.replace(/#/g, '%23');
  if (filepath.includes('?')) filepath = filepath.replace(/\?/g, '%3F');
  return filepath;
}

function pathToFileURL(filepath, options = undefined) {
  const windows = options?.windows ?? platform() === 'win32';
  const path = require('path');
  if (typeof filepath !== 'string') throw argType('path', 'string', filepath);
  if (windows && filepath.startsWith('\\\\')) {
    // A UNC path: \\server\share\resource.
    const outURL = new URL('file://');
    const isExtendedUNC = filepath.startsWith('\\\\?\\UNC\\');
    const prefixLength = isExtendedUNC ? 8 : 2;
    const hostnameEndIndex = filepath.indexOf('\\', prefixLength);
    if (hostnameEndIndex === -1) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'path' must be a UNC path with a hostname. Received ${inspect(filepath)}`);
    }
    if (hostnameEndIndex === 2) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'path' must be a UNC path with a hostname. Received ${inspect(filepath)}`);
    }
    const hostname = filepath.slice(prefixLength, hostnameEndIndex);
    outURL.hostname = domainToASCII(hostname);
    outURL.pathname = encodePathChars(filepath.slice(hostnameEndIndex).replace(/\\/g, '/'), windows);
    return outURL;
  }
  let resolved = windows ? path.win32.resolve(filepath) : path.posix.resolve(filepath);
  // resolve() strips a trailing separator: keep it.
  const last = filepath.charCodeAt(filepath.length - 1);
  const sep = windows ? '\\' : '/';
  if ((last === 0x2F || (windows && last === 0x5C)) && resolved[resolved.length - 1] !== sep) resolved += '/';
  if (windows) resolved = resolved.replace(/\\/g, '/');
  return new URL(`file://${encodePathChars(resolved, windows)}`);
}

/** The options http.request() takes, from a URL. */
function urlToHttpOptions(url) {
  const { hostname, pathname, port, username, password, search } = url;
  const options = {
    __proto__: null,
    ...url, // In case the url object was extended by the user.
    protocol: url.protocol,
    hostname: hostname && hostname[0] === '[' ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ''}${search || ''}`,
    href: url.href,
  };
  if (port !== '') options.port = Number(port);
  if (username || password) options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  return options;
}

function domainToASCII(domain) {
  if (arguments.length < 1) throw missingArgs('domain');
  const input = `${domain}`;
  if (input === '') return '';
  // A whole URL host parse (IPv4/IPv6 included); '' for an invalid domain.
  const host = parseHost(input, false);
  return host === null ? '' : host;
}

function domainToUnicode(domain) {
  if (arguments.length < 1) throw missingArgs('domain');
  const input = `${domain}`;
  if (input === '') return '';
  const host = parseHost(input, false);
  if (host === null) return '';
  return domainToUnicodeInternal(host);
}

// ---------------------------------------------------------------------------------------------
// The legacy API: Url, url.parse, url.format, url.resolve.

function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

const protocolPattern = /^[a-z0-9.+-]+:/i;
const portPattern = /:[0-9]*$/;
const hostPattern = /^\/\/[^@/]+@[^@/]+/;
// Special case for a simple path URL.
const simplePathPattern = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;
const hostnameMaxLen = 255;
const unsafeProtocol = new Set(['javascript', 'javascript:']);
const hostlessProtocol = new Set(['javascript', 'javascript:']);
const slashedProtocol = new Set(['http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher', 'gopher:', 'file', 'file:',
  'ws', 'ws:', 'wss', 'wss:']);
// Characters that may never appear in a hostname (see Url.prototype.parse).
const forbiddenHostChars = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
const forbiddenHostCharsIpv6 = /[\0\t\n\r #%/<>?@\\^|]/;

// Characters the legacy format keeps in auth: A-Z a-z 0-9 - . _ ~ ! ' ( ) * :
const noEscapeAuth = new Int8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!'()*:") noEscapeAuth[c.charCodeAt(0)] = 1;

// What autoEscapeStr escapes: delimiters and unwise characters of RFC 2396, and the quote.
const escapedCodes = { 9: '%09', 10: '%0A', 13: '%0D', 32: '%20', 34: '%22', 39: '%27', 60: '%3C', 62: '%3E', 92: '%5C',
  94: '%5E', 96: '%60', 123: '%7B', 124: '%7C', 125: '%7D' };

function urlParse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  const urlObject = new Url();
  urlObject.parse(url, parseQueryString, slashesDenoteHost);
  return urlObject;
}

function isIpv6Hostname(hostname) {
  return hostname.charCodeAt(0) === 0x5B && hostname.charCodeAt(hostname.length - 1) === 0x5D;
}

let warnInvalidPort = true;
function getHostname(self, rest, hostname, url) {
  for (let i = 0; i < hostname.length; ++i) {
    const code = hostname.charCodeAt(i);
    const isValid = code !== 0x2F && code !== 0x5C && code !== 0x23 && code !== 0x3F && code !== 0x3A;
    if (!isValid) {
      // A colon left here is an invalid port: url.parse() only warns (once).
      if (warnInvalidPort && code === 0x3A) {
        globalThis.process?.emitWarning?.(`The URL ${url} is invalid. Future versions of Node.js will throw an error.`,
          'DeprecationWarning', 'DEP0170');
        warnInvalidPort = false;
      }
      self.hostname = hostname.slice(0, i);
      return `/${hostname.slice(i)}${rest}`;
    }
  }
  return rest;
}

function autoEscapeStr(rest) {
  let escaped = '';
  let lastEscapedPos = 0;
  for (let i = 0; i < rest.length; ++i) {
    const escapedChar = escapedCodes[rest.charCodeAt(i)];
    if (escapedChar) {
      if (i > lastEscapedPos) escaped += rest.slice(lastEscapedPos, i);
      escaped += escapedChar;
      lastEscapedPos = i + 1;
    }
  }
  if (lastEscapedPos === 0) return rest;
  if (lastEscapedPos < rest.length) escaped += rest.slice(lastEscapedPos);
  return escaped;
}

/** The legacy parser (not the URL Standard): fills `this` from `url`. */
Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  if (typeof url !== 'string') throw argType('url', 'string', url);

  // Backslashes before the query string become forward slashes, and whitespace is trimmed.
  let hasHash = false;
  let hasAt = false;
  let start = -1;
  let end = -1;
  let rest = '';
  let lastPos = 0;
  for (let i = 0, inWs = false, split = false; i < url.length; ++i) {
    const code = url.charCodeAt(i);
    const isWs = code < 33 || code === 0xA0 || code === 0xFEFF;
    if (start === -1) {
      if (isWs) continue;
      lastPos = start = i;
    } else if (inWs) {
      if (!isWs) {
        end = -1;
        inWs = false;
      }
    } else if (isWs) {
      end = i;
      inWs = true;
    }
    if (!split) {
      switch (code) {
        case 0x40: // @
          hasAt = true;
          break;
        case 0x23: // #
          hasHash = true;
        // falls through
        case 0x3F: // ?
          split = true;
          break;
        case 0x5C: // \
          if (i - lastPos > 0) rest += url.slice(lastPos, i);
          rest += '/';
          lastPos = i + 1;
          break;
      }
    } else if (!hasHash && code === 0x23) {
      hasHash = true;
    }
  }
  if (start !== -1) {
    if (lastPos === start) {
      if (end === -1) rest = start === 0 ? url : url.slice(start);
      else rest = url.slice(start, end);
    } else if (end === -1 && lastPos < url.length) {
      rest += url.slice(lastPos);
    } else if (end !== -1 && lastPos < end) {
      rest += url.slice(lastPos, end);
    }
  }

  if (!slashesDenoteHost && !hasHash && !hasAt) {
    // A simple path.
    const simplePath = simplePathPattern.exec(rest);
    if (simplePath) {
      this.path = rest;
      this.href = rest;
      this.pathname = simplePath[1];
      if (simplePath[2]) {
        this.search = simplePath[2];
        if (parseQueryString) this.query = qs().parse(this.search.slice(1));
        else this.query = this.search.slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = { __proto__: null };
      }
      return this;
    }
  }

  let proto = protocolPattern.exec(rest);
  let lowerProto;
  if (proto) {
    proto = proto[0];
    lowerProto = proto.toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(proto.length);
  }

  // user@server is always a host; //foo/bar is host foo, path /bar.
  let slashes;
  if (slashesDenoteHost || proto || hostPattern.test(rest)) {
    slashes = rest.charCodeAt(0) === 0x2F && rest.charCodeAt(1) === 0x2F;
    if (slashes && !(proto && hostlessProtocol.has(lowerProto))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  if (!hostlessProtocol.has(lowerProto) && (slashes || (proto && !slashedProtocol.has(proto)))) {
    // The host ends at the first of / ? #; an @ before that separates the auth
    // (http://a@b@c/ is auth a@b, host c).
    let hostEnd = -1;
    let atSign = -1;
    let nonHost = -1;
    for (let i = 0; i < rest.length; ++i) {
      switch (rest.charCodeAt(i)) {
        case 0x09: case 0x0A: case 0x0D:
          // Removed, as the WHATWG parser does.
          rest = rest.slice(0, i) + rest.slice(i + 1);
          i -= 1;
          break;
        case 0x20: case 0x22: case 0x25: case 0x27: case 0x3B: case 0x3C: case 0x3E:
        case 0x5C: case 0x5E: case 0x60: case 0x7B: case 0x7C: case 0x7D:
          // Never allowed in a hostname (RFC 2396).
          if (nonHost === -1) nonHost = i;
          break;
        case 0x23: case 0x2F: case 0x3F:
          if (nonHost === -1) nonHost = i;
          hostEnd = i;
          break;
        case 0x40:
          atSign = i;
          nonHost = -1;
          break;
      }
      if (hostEnd !== -1) break;
    }
    start = 0;
    if (atSign !== -1) {
      this.auth = decodeURIComponent(rest.slice(0, atSign));
      start = atSign + 1;
    }
    if (nonHost === -1) {
      this.host = rest.slice(start);
      rest = '';
    } else {
      this.host = rest.slice(start, nonHost);
      rest = rest.slice(nonHost);
    }

    this.parseHost();
    // There is a hostname, even if it is empty.
    if (typeof this.hostname !== 'string') this.hostname = '';
    const hostname = this.hostname;
    const ipv6Hostname = isIpv6Hostname(hostname);
    if (!ipv6Hostname) rest = getHostname(this, rest, hostname, url);

    if (this.hostname.length > hostnameMaxLen) this.hostname = '';
    else this.hostname = this.hostname.toLowerCase();

    if (this.hostname !== '') {
      if (ipv6Hostname) {
        if (forbiddenHostCharsIpv6.test(this.hostname)) throw invalidURL(url);
      } else {
        // IDNA: punycode for the labels that need it.
        const ascii = domainToASCIIInternal(this.hostname);
        this.hostname = ascii === null ? '' : ascii;
        // Both would be spoofing: an empty result, or a forbidden character toASCII produced.
        if (this.hostname === '' || forbiddenHostChars.test(this.hostname)) throw invalidURL(url);
      }
    }

    const p = this.port ? `:${this.port}` : '';
    const h = this.hostname || '';
    this.host = h + p;

    // The brackets of an IPv6 address stay in host, not in hostname.
    if (ipv6Hostname) {
      this.hostname = this.hostname.slice(1, -1);
      if (rest[0] !== '/') rest = `/${rest}`;
    }
  }

  // Escape the delimiters left in the rest.
  if (!unsafeProtocol.has(lowerProto)) rest = autoEscapeStr(rest);

  let questionIdx = -1;
  let hashIdx = -1;
  for (let i = 0; i < rest.length; ++i) {
    const code = rest.charCodeAt(i);
    if (code === 0x23) {
      this.hash = rest.slice(i);
      hashIdx = i;
      break;
    } else if (code === 0x3F && questionIdx === -1) {
      questionIdx = i;
    }
  }

  if (questionIdx !== -1) {
    if (hashIdx === -1) {
      this.search = rest.slice(questionIdx);
      this.query = rest.slice(questionIdx + 1);
    } else {
      this.search = rest.slice(questionIdx, hashIdx);
      this.query = rest.slice(questionIdx + 1, hashIdx);
    }
    if (parseQueryString) this.query = qs().parse(this.query);
  } else if (parseQueryString) {
    // No query string, but one was asked for.
    this.search = null;
    this.query = { __proto__: null };
  }

  const useQuestionIdx = questionIdx !== -1 && (hashIdx === -1 || questionIdx < hashIdx);
  const firstIdx = useQuestionIdx ? questionIdx : hashIdx;
  if (firstIdx === -1) {
    if (rest.length > 0) this.pathname = rest;
  } else if (firstIdx > 0) {
    this.pathname = rest.slice(0, firstIdx);
  }
  if (slashedProtocol.has(lowerProto) && this.hostname && !this.pathname) this.pathname = '/';

  // For http.request.
  if (this.pathname || this.search) {
    const p = this.pathname || '';
    const s = this.search || '';
    this.path = p + s;
  }

  this.href = this.format();
  return this;
};

function urlFormat(urlObject, options) {
  if (typeof urlObject === 'string') {
    urlObject = urlParse(urlObject);
  } else if (typeof urlObject !== 'object' || urlObject === null) {
    throw invalidArgType('urlObject', ['Object', 'string'], urlObject);
  } else if (urlObject instanceof URL) {
    let fragment = true;
    let unicode = false;
    let search = true;
    let auth = true;
    if (options) {
      if (typeof options !== 'object' || Array.isArray(options)) throw argType('options', 'object', options);
      if (options.fragment != null) fragment = Boolean(options.fragment);
      if (options.unicode != null) unicode = Boolean(options.unicode);
      if (options.search != null) search = Boolean(options.search);
      if (options.auth != null) auth = Boolean(options.auth);
    }
    return formatWHATWG(urlObject.href, fragment, unicode, search, auth);
  }
  return Reflect.apply(Url.prototype.format, urlObject, []);
}

function formatWHATWG(href, fragment, unicode, search, auth) {
  const record = basicURLParse(href);
  if (record === FAILURE) return href;
  if (!fragment) record.fragment = null;
  if (unicode && record.host !== null && !record.host.startsWith('[')) record.host = domainToUnicodeInternal(record.host);
  if (!search) record.query = null;
  if (!auth) {
    record.username = '';
    record.password = '';
  }
  return serializeURL(record);
}

Url.prototype.format = function format() {
  let auth = this.auth || '';
  if (auth) {
    auth = qs()[Symbol.for('burrow.querystring.internals')].encodeStr(auth, noEscapeAuth,
      qs()[Symbol.for('burrow.querystring.internals')].hexTable);
    auth += '@';
  }

  let protocol = this.protocol || '';
  let pathname = this.pathname || '';
  let hash = this.hash || '';
  let host = '';
  let query = '';

  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    host = auth + (this.hostname.includes(':') && !isIpv6Hostname(this.hostname) ? `[${this.hostname}]` : this.hostname);
    if (this.port) host += `:${this.port}`;
  }

  if (this.query !== null && typeof this.query === 'object') query = qs().stringify(this.query);

  let search = this.search || (query && (`?${query}`)) || '';

  if (protocol && protocol.charCodeAt(protocol.length - 1) !== 58 /* : */) protocol += ':';

  let newPathname = '';
  let lastPos = 0;
  for (let i = 0; i < pathname.length; ++i) {
    switch (pathname.charCodeAt(i)) {
      case 0x23:
        if (i - lastPos > 0) newPathname += pathname.slice(lastPos, i);
        newPathname += '%23';
        lastPos = i + 1;
        break;
      case 0x3F:
        if (i - lastPos > 0) newPathname += pathname.slice(lastPos, i);
        newPathname += '%3F';
        lastPos = i + 1;
        break;
    }
  }
  if (lastPos > 0) {
    if (lastPos !== pathname.length) pathname = newPathname + pathname.slice(lastPos);
    else pathname = newPathname;
  }

  // Only the slashed protocols get the //, unless they had them to begin with.
  if (this.slashes || slashedProtocol.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname.charCodeAt(0) !== 0x2F) pathname = `/${pathname}`;
      host = `//${host}`;
    } else if (protocol.length >= 4 && protocol.startsWith('file')) {
      host = '//';
    }
  }

  search = search.replace(/#/g, '%23');

  if (hash && hash.charCodeAt(0) !== 0x23) hash = `#${hash}`;
  if (search && search.charCodeAt(0) !== 0x3F) search = `?${search}`;

  return protocol + host + pathname + search + hash;
};

function urlResolve(source, relative) {
  return urlParse(source, false, true).resolve(relative);
}

Url.prototype.resolve = function resolve(relative) {
  return this.resolveObject(urlParse(relative, false, true)).format();
};

function urlResolveObject(source, relative) {
  if (!source) return relative;
  return urlParse(source, false, true).resolveObject(relative);
}

Url.prototype.resolveObject = function resolveObject(relative) {
  if (typeof relative === 'string') {
    const rel = new Url();
    rel.parse(relative, false, true);
    relative = rel;
  }

  const result = new Url();
  for (const tkey of Object.keys(this)) result[tkey] = this[tkey];

  // The hash always comes from the relative URL (even an empty one removes it).
  result.hash = relative.hash;

  if (relative.href === '') {
    result.href = result.format();
    return result;
  }

  // //foo/bar: everything but the protocol comes from the relative URL.
  if (relative.slashes && !relative.protocol) {
    for (const rkey of Object.keys(relative)) {
      if (rkey !== 'protocol') result[rkey] = relative[rkey];
    }
    // urlParse gives http://www.example.com a trailing slash.
    if (slashedProtocol.has(result.protocol) && result.hostname && !result.pathname) {
      result.path = result.pathname = '/';
    }
    result.href = result.format();
    return result;
  }

  if (relative.protocol && relative.protocol !== result.protocol) {
    // Another protocol: a non-slashed one makes the relative URL absolute; a slashed one needs
    // a host (the first path segment becomes it when missing).
    if (!slashedProtocol.has(relative.protocol)) {
      for (const key of Object.keys(relative)) result[key] = relative[key];
      result.href = result.format();
      return result;
    }

    result.protocol = relative.protocol;
    if (!relative.host && !/^file:?$/.test(relative.protocol) && !hostlessProtocol.has(relative.protocol)) {
      const relPath = (relative.pathname || '').split('/');
      while (relPath.length && !(relative.host = relPath.shift()));
      if (!relative.host) relative.host = '';
      if (!relative.hostname) relative.hostname = '';
      if (relPath[0] !== '') relPath.unshift('');
      if (relPath.length < 2) relPath.unshift('');
      result.pathname = relPath.join('/');
    } else {
      result.pathname = relative.pathname;
    }
    result.search = relative.search;
    result.query = relative.query;
    result.host = relative.host || '';
    result.auth = relative.auth;
    result.hostname = relative.hostname || relative.host;
    result.port = relative.port;
    // For http.request.
    if (result.pathname || result.search) {
      const p = result.pathname || '';
      const s = result.search || '';
      result.path = p + s;
    }
    result.slashes = result.slashes || relative.slashes;
    result.href = result.format();
    return result;
  }

  const isSourceAbs = result.pathname && result.pathname.charAt(0) === '/';
  const isRelAbs = relative.host || (relative.pathname && relative.pathname.charAt(0) === '/');
  let mustEndAbs = isRelAbs || isSourceAbs || (result.host && relative.pathname);
  const removeAllDots = mustEndAbs;
  let srcPath = (result.pathname && result.pathname.split('/')) || [];
  const relPath = (relative.pathname && relative.pathname.split('/')) || [];
  const noLeadingSlashes = result.protocol && !slashedProtocol.has(result.protocol);

  // A non-slashed URL's relative paths may climb up to the hostname, which becomes the first
  // path part (and is put back at the end).
  if (noLeadingSlashes) {
    result.hostname = '';
    result.port = null;
    if (result.host) {
      if (srcPath[0] === '') srcPath[0] = result.host;
      else srcPath.unshift(result.host);
    }
    result.host = '';
    if (relative.protocol) {
      relative.hostname = null;
      relative.port = null;
      if (relative.host) {
        if (relPath[0] === '') relPath[0] = relative.host;
        else relPath.unshift(relative.host);
      }
      relative.host = null;
    }
    mustEndAbs = mustEndAbs && (relPath[0] === '' || srcPath[0] === '');
  }

  if (isRelAbs) {
    // It is absolute.
    if (relative.host || relative.host === '') {
      if (result.host !== relative.host) result.auth = null;
      result.host = relative.host;
      result.port = relative.port;
    }
    if (relative.hostname || relative.hostname === '') {
      if (result.hostname !== relative.hostname) result.auth = null;
      result.hostname = relative.hostname;
    }
    result.search = relative.search;
    result.query = relative.query;
    srcPath = relPath;
    // Then the dot handling below.
  } else if (relPath.length) {
    // Relative: the last source segment is replaced by the relative path.
    if (!srcPath) srcPath = [];
    srcPath.pop();
    srcPath = srcPath.concat(relPath);
    result.search = relative.search;
    result.query = relative.query;
  } else if (relative.search !== null && relative.search !== undefined) {
    // Only a search (href='?foo').
    if (noLeadingSlashes) {
      result.hostname = result.host = srcPath.shift();
      // The auth may be stuck in the host: url.resolveObject('mailto:local1@domain1', 'local2@domain2').
      const authInHost = result.host && result.host.indexOf('@') > 0 ? result.host.split('@') : false;
      if (authInHost) {
        result.auth = authInHost.shift();
        result.host = result.hostname = authInHost.shift();
      }
    }
    result.search = relative.search;
    result.query = relative.query;
    // For http.request.
    if (result.pathname !== null || result.search !== null) {
      result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
    }
    result.href = result.format();
    return result;
  }

  if (!srcPath.length) {
    // No path at all.
    result.pathname = null;
    // For http.request.
    if (result.search) result.path = `/${result.search}`;
    else result.path = null;
    result.href = result.format();
    return result;
  }

  // A URL ending in . or .. gets a trailing slash; one ending in anything else must not.
  let last = srcPath.slice(-1)[0];
  const hasTrailingSlash = (((result.host || relative.host || srcPath.length > 1) && (last === '.' || last === '..')) ||
    last === '');

  // Single dots go, double dots remove their parent; `up` counts those above the root.
  let up = 0;
  for (let i = srcPath.length - 1; i >= 0; i--) {
    last = srcPath[i];
    if (last === '.') {
      srcPath.splice(i, 1);
    } else if (last === '..') {
      srcPath.splice(i, 1);
      up++;
    } else if (up) {
      srcPath.splice(i, 1);
      up--;
    }
  }

  // When the path may go above the root, the leading ..s stay.
  if (!mustEndAbs && !removeAllDots) {
    while (up--) srcPath.unshift('..');
  }

  if (mustEndAbs && srcPath[0] !== '' && (!srcPath[0] || srcPath[0].charAt(0) !== '/')) srcPath.unshift('');

  if (hasTrailingSlash && !srcPath.join('/').endsWith('/')) srcPath.push('');

  const isAbsolute = srcPath[0] === '' || (srcPath[0] && srcPath[0].charAt(0) === '/');

  // Put the host back.
  if (noLeadingSlashes) {
    result.hostname = result.host = isAbsolute ? '' : srcPath.length ? srcPath.shift() : '';
    // The auth may be stuck in the host: url.resolveObject('mailto:local1@domain1', 'local2@domain2').
    const authInHost = result.host && result.host.indexOf('@') > 0 ? result.host.split('@') : false;
    if (authInHost) {
      result.auth = authInHost.shift();
      result.host = result.hostname = authInHost.shift();
    }
  }

  mustEndAbs = mustEndAbs || (result.host && srcPath.length);

  if (mustEndAbs && !isAbsolute) srcPath.unshift('');

  if (srcPath.length > 0) {
    result.pathname = srcPath.join('/');
  } else {
    result.pathname = null;
    result.path = null;
  }

  // For http.request.
  if (result.pathname !== null || result.search !== null) {
    result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
  }
  result.auth = relative.auth || result.auth;
  result.slashes = result.slashes || relative.slashes;
  result.href = result.format();
  return result;
};

Url.prototype.parseHost = function parseHost() {
  let host = this.host;
  let port = portPattern.exec(host);
  if (port) {
    port = port[0];
    if (port !== ':') this.port = port.slice(1);
    host = host.slice(0, host.length - port.length);
  }
  if (host) this.hostname = host;
};

module.exports = {
  // Original API
  Url,
  parse: urlParse,
  resolve: urlResolve,
  resolveObject: urlResolveObject,
  format: urlFormat,

  // WHATWG API
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,

  // Utilities
  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,

  globals: { URL, URLSearchParams },
};
Object.defineProperty(module.exports, 'globals', { enumerable: false });
