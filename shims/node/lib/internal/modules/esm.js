'use strict';
// ES modules: `import` declarations, `import()`, `import.meta`, top-level await, as Node 20 has
// them. V8 parses, links and evaluates (the natives compileModule ... moduleNamespace); this file
// is the loader: Node's ESM resolution (relative URLs with no extension probing, packages with
// the `import`/`node`/`default` conditions, `#imports`, `node:` builtins), the format of each
// file (.mjs, .cjs, .json, .js by the package's "type"), and the module map. Builtins, CommonJS
// and JSON files are seen from `import` as synthetic modules: `default` is `module.exports`, and
// a CommonJS file's named exports are those a static scan of its source finds (as Node's
// cjs-module-lexer does), filled when the module is evaluated, in import order.

const path = require('path');
const { natives, writeAll } = require('internal/io');
const { nodeError } = require('internal/errors');
const builtins = require('internal/modules/builtins');
const cjs = require('internal/modules/cjs');

const CONDITIONS = ['import', 'node', 'default'];

/** The module map: URL -> { id, url, format }. */
const records = new Map();

function toPath(url) {
  return require('url').fileURLToPath(url);
}

function toURL(filename) {
  return require('url').pathToFileURL(filename).href;
}

function notFound(message) {
  return nodeError(Error, 'ERR_MODULE_NOT_FOUND', message);
}

/** The file a referrer's name stands for: an ES module's URL, a CommonJS file, or `[eval]`. */
function referrerPath(referrer) {
  if (typeof referrer === 'string' && referrer.startsWith('file:')) return toPath(referrer);
  if (typeof referrer === 'string' && referrer.startsWith('/')) return referrer;
  return path.join(process.cwd(), typeof referrer === 'string' && referrer ? referrer : '[eval]');
}

/** The URL `specifier` names when imported from the file `parent` (Node's ESM resolution). */
function resolve(specifier, parent) {
  if (builtins.isBuiltinRequest(specifier)) {
    if (!builtins.isBuiltin(specifier)) {
      throw nodeError(Error, 'ERR_UNKNOWN_BUILTIN_MODULE', `No such built-in module: ${specifier}`);
    }
    return specifier.startsWith('node:') ? specifier : `node:${specifier}`;
  }
  let filename;
  if (specifier.startsWith('file:')) {
    filename = toPath(specifier);
  } else if (specifier.startsWith('/') || specifier.startsWith('./') || specifier.startsWith('../') ||
    specifier === '.' || specifier === '..') {
    filename = toPath(new URL(specifier, toURL(parent)).href);
  } else if (specifier.startsWith('#')) {
    const target = cjs.resolvePackageImports(specifier, parent, CONDITIONS);
    if (!path.isAbsolute(target)) return resolve(target, parent);
    filename = target;
  } else if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier)) {
    throw nodeError(Error, 'ERR_UNSUPPORTED_ESM_URL_SCHEME',
      `Only URLs with a scheme in: file and node are supported by the default ESM loader. Received protocol '${
        specifier.slice(0, specifier.indexOf(':') + 1)}'`);
  } else {
    filename = resolvePackage(specifier, parent);
  }
  const kind = cjs.kindOf(filename);
  if (kind === 2) {
    throw nodeError(Error, 'ERR_UNSUPPORTED_DIR_IMPORT',
      `Directory import '${filename}' is not supported resolving ES modules imported from ${parent}`);
  }
  if (kind !== 1) {
    const err = notFound(`Cannot find module '${filename}' imported from ${parent}`);
    err.url = toURL(filename);
    throw err;
  }
  return toURL(cjs.realpath(filename));
}

/** A bare specifier (`pkg`, `pkg/sub`, `@scope/pkg/sub`): the file in the nearest node_modules. */
function resolvePackage(specifier, parent) {
  const parts = specifier.split('/');
  const nameLen = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLen).join('/');
  const subpath = parts.length > nameLen ? './' + parts.slice(nameLen).join('/') : '.';
  for (const dir of cjs.nodeModulePaths(path.dirname(parent))) {
    const pkgDir = path.join(dir, name);
    if (cjs.kindOf(pkgDir) !== 2) continue;
    const pkg = cjs.readPackage(pkgDir);
    if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
      const target = cjs.exportsTarget(pkg.exports, subpath, CONDITIONS);
      if (typeof target !== 'string') {
        throw nodeError(Error, 'ERR_PACKAGE_PATH_NOT_EXPORTED', subpath === '.'
          ? `No "exports" main defined in ${path.join(pkgDir, 'package.json')}`
          : `Package subpath '${subpath}' is not defined by "exports" in ${path.join(pkgDir, 'package.json')} imported from ${parent}`);
      }
      return path.resolve(pkgDir, target);
    }
    if (subpath === '.') return cjs.resolveDirectory(pkgDir) || path.join(pkgDir, 'index.js');
    return path.join(pkgDir, subpath);
  }
  throw notFound(`Cannot find package '${name}' imported from ${parent}`);
}

/** How the file at `url` loads: `builtin`, `module`, `commonjs` or `json`. */
function formatOf(url) {
  if (url.startsWith('node:')) return 'builtin';
  const filename = toPath(url);
  const ext = path.extname(filename);
  switch (ext) {
    case '.mjs': return 'module';
    case '.cjs': return 'commonjs';
    case '.json': return 'json';
    case '.js': case '': {
      const pkg = cjs.packageScope(filename);
      return pkg && pkg.type === 'module' ? 'module' : 'commonjs';
    }
    default:
      throw nodeError(TypeError, 'ERR_UNKNOWN_FILE_EXTENSION', `Unknown file extension "${ext}" for ${filename}`);
  }
}

/** Whether `filename`, run as the main script, is an ES module. */
function isModuleFile(filename) {
  const ext = path.extname(filename);
  if (ext === '.mjs') return true;
  if (ext !== '.js') return false;
  const pkg = cjs.packageScope(filename);
  return Boolean(pkg && pkg.type === 'module');
}

function stripBom(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The record of `url` in the module map, compiled and linked with everything it imports. */
function load(url) {
  let record = records.get(url);
  if (record) return record;
  const format = formatOf(url);
  if (format === 'module') {
    record = { url, format, id: natives.compileModule(stripBom(cjs.readText(toPath(url))), url) };
    records.set(url, record);
    try {
      link(record, toPath(url));
    } catch (err) {
      records.delete(url);
      throw err;
    }
    return record;
  }
  const { names, evaluate } = syntheticExports(format, url);
  record = { url, format, id: natives.syntheticModule(url, names, evaluate) };
  records.set(url, record);
  return record;
}

function link(record, filename) {
  const specifiers = natives.moduleRequests(record.id);
  const ids = specifiers.map((specifier) => load(resolve(specifier, filename)).id);
  natives.linkModule(record.id, specifiers, ids);
}

/** The export names of a synthetic module and the function that gives their values. */
function syntheticExports(format, url) {
  if (format === 'builtin') {
    const exports = builtins.require(url);
    const names = ['default', ...Object.keys(exports).filter((n) => n !== 'default')];
    return { names, evaluate: () => pick(exports, names) };
  }
  const filename = toPath(url);
  if (format === 'json') {
    return { names: ['default'], evaluate: () => ({ default: JSON.parse(stripBom(cjs.readText(filename))) }) };
  }
  const names = ['default', ...cjsExportNames(filename, new Set()).filter((n) => n !== 'default')];
  return {
    names,
    evaluate: () => pick(cjs.Module._load(filename, null, false), names),
  };
}

function pick(exports, names) {
  const values = { default: exports };
  for (const name of names) {
    if (name !== 'default') values[name] = exports === null || exports === undefined ? undefined : exports[name];
  }
  return values;
}

// ---- named exports of CommonJS files, found by scanning the source ----

const IDENT = '[A-Za-z_$][\\w$]*';
const NOT_MEMBER = '(?:^|[^.\\w$])';
const EXPORT_PATTERNS = [
  new RegExp(`${NOT_MEMBER}(?:module\\s*\\.\\s*)?exports\\s*\\.\\s*(${IDENT})\\s*=[^=]`, 'g'),
  new RegExp(`${NOT_MEMBER}(?:module\\s*\\.\\s*)?exports\\s*\\[\\s*(['"])([^'"\\n]+)\\1\\s*\\]\\s*=[^=]`, 'g'),
  new RegExp(`Object\\.defineProperty\\(\\s*(?:module\\s*\\.\\s*)?exports\\s*,\\s*(['"])([^'"\\n]+)\\1`, 'g'),
];
const REEXPORT_PATTERNS = [
  new RegExp(`${NOT_MEMBER}module\\s*\\.\\s*exports\\s*=\\s*require\\(\\s*(['"])([^'"\\n]+)\\1\\s*\\)`, 'g'),
  /__exportStar\(\s*require\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  /__export\(\s*require\(\s*(['"])([^'"\n]+)\1\s*\)\s*\)/g,
];
const LITERAL = new RegExp(`${NOT_MEMBER}module\\s*\\.\\s*exports\\s*=\\s*\\{`, 'g');

/** The names `filename` (CommonJS) exports, with those of the files it re-exports. */
function cjsExportNames(filename, seen) {
  if (seen.has(filename) || !/\.(c?js)$|\/[^./]+$/.test(filename)) return [];
  seen.add(filename);
  let source;
  try {
    source = withoutComments(cjs.readText(filename));
  } catch {
    return [];
  }
  const names = new Set();
  const reexports = [];
  for (const pattern of EXPORT_PATTERNS) {
    for (const m of source.matchAll(pattern)) names.add(m[m.length - 1]);
  }
  for (const pattern of REEXPORT_PATTERNS) {
    for (const m of source.matchAll(pattern)) reexports.push(m[2]);
  }
  for (const m of source.matchAll(LITERAL)) objectLiteralKeys(source, m.index + m[0].length, names, reexports);
  for (const request of reexports) {
    if (builtins.isBuiltinRequest(request)) continue;
    let target;
    try {
      target = cjs.Module._resolveFilename(request, { filename, path: path.dirname(filename) }, false);
    } catch {
      continue;
    }
    for (const name of cjsExportNames(target, seen)) names.add(name);
  }
  return [...names];
}

/** `source` with its comments blanked (strings, templates and regexes are left alone roughly). */
function withoutComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, ' ');
}

/**
 * The keys of the object literal starting at `i` (just after `{`) in `module.exports = {...}`,
 * by the rules of Node's cjs-module-lexer: `a`, `b: c`, `'d': e`, `...require('x')` (a
 * re-export), `...f` (skipped); the scan stops at the first member of another form.
 */
function objectLiteralKeys(source, i, names, reexports) {
  const member = new RegExp(`\\s*(?:(${IDENT})|(['"])([^'"\\n]*)\\2)\\s*(?::\\s*${IDENT}\\s*)?([,}])|` +
    `\\s*\\.\\.\\.\\s*(?:require\\(\\s*(['"])([^'"\\n]+)\\5\\s*\\)|${IDENT})\\s*([,}])`, 'y');
  for (;;) {
    member.lastIndex = i;
    const m = member.exec(source);
    if (!m) return;
    i = member.lastIndex;
    if (m[6] !== undefined) reexports.push(m[6]);
    else if (m[1] !== undefined || m[3] !== undefined) names.add(m[1] !== undefined ? m[1] : m[3]);
    if ((m[4] || m[7]) === '}') return;
  }
}

// ---- instantiation and evaluation ----

/** Links and evaluates the module at `url`: a promise of its namespace. */
function importURL(url) {
  const record = load(url);
  natives.instantiateModule(record.id);
  return Promise.resolve(natives.evaluateModule(record.id)).then(() => natives.moduleNamespace(record.id));
}

/** `import(specifier)` from the script or module named `referrer`. */
function importDynamic(specifier, referrer) {
  try {
    return importURL(resolve(String(specifier), referrerPath(referrer)));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Fills a module's `import.meta`: url, filename, dirname, resolve. */
function initMeta(meta, url) {
  meta.url = url;
  if (url.startsWith('file:')) {
    const filename = toPath(url);
    meta.filename = filename;
    meta.dirname = path.dirname(filename);
    meta.resolve = (specifier) => resolve(String(specifier), filename);
  }
}

let mainPending = null;

/** Settles the main module's evaluation: its error is the process's uncaught exception. */
function watchMain(promise, name) {
  mainPending = name;
  promise.then(() => {
    mainPending = null;
  }, (err) => {
    mainPending = null;
    process._fatal(err, 'uncaughtException');
  });
}

/** Runs the file `filename` as the main ES module. */
function runMain(filename) {
  const url = toURL(filename);
  watchMain(importURL(url), url);
}

/** Runs `source` as an ES module (`--input-type=module` with `-e` or stdin). */
function evalModule(source, name) {
  const url = toURL(path.join(process.cwd(), name === '[eval]' ? '[eval1]' : name));
  const record = { url, format: 'module', id: natives.compileModule(source, url) };
  records.set(url, record);
  link(record, toPath(url));
  natives.instantiateModule(record.id);
  watchMain(Promise.resolve(natives.evaluateModule(record.id)), url);
}

/** Checks the syntax of the ES module in `filename` (`node --check`). */
function check(filename) {
  natives.compileModule(stripBom(cjs.readText(filename)), toURL(filename));
}

/**
 * When the loop has run dry: a main module still waiting on a top-level await never finishes,
 * so the process warns and exits 13, as Node does.
 */
function atLoopEnd() {
  if (mainPending === null) return;
  writeAll(2, natives.utf8Encode(`Warning: Detected unsettled top-level await at ${mainPending}\n`));
  if (process.exitCode === undefined) process.exitCode = 13;
}

module.exports = { importDynamic, initMeta, isModuleFile, runMain, evalModule, check, atLoopEnd, resolve };
