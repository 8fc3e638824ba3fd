'use strict';
// CommonJS modules: resolution as Node's (relative and absolute paths with extension and index
// probing, `node_modules` lookup up the tree, package.json `main` and `exports` with the
// `require`/`node`/`default` conditions, package `imports` (`#name`), `node:` builtins), the
// module cache, JSON modules, and the `require` function. As in Node 20, `require` of an ES
// module (.mjs, or .js in a "type": "module" package) fails with ERR_REQUIRE_ESM; `import()`
// loads one (internal/modules/esm).

const path = require('path');
const { natives, op, OP, takeString, check, readText: readTextOrErrno, resolveFile, statRecord } = require('internal/io');
const { nodeError } = require('internal/errors');
const builtins = require('internal/modules/builtins');

const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];
/** 1 for a file, 2 for a directory, 0 for nothing (following symlinks). */
function kindOf(p) {
  const buf = statRecord(p, false);
  if (typeof buf === 'number') return 0;
  const type = (buf[24] | (buf[25] << 8) | (buf[26] << 16)) & 0o170000;
  return type === 0o040000 ? 2 : type === 0 ? 0 : 1;
}

function readText(p) {
  const text = readTextOrErrno(p);
  if (typeof text === 'number') check(text, 'open', p);
  return text;
}

function realpath(p) {
  const n = op(OP.REALPATH, 0, 0, 0, natives.utf8Encode(p));
  return n < 0 ? p : takeString(n);
}

const packageCache = new Map();

/** The parsed package.json of directory `dir`, or null. */
function readPackage(dir) {
  const file = path.join(dir, 'package.json');
  if (packageCache.has(file)) return packageCache.get(file);
  let pkg = null;
  if (kindOf(file) === 1) {
    const text = readText(file);
    try {
      pkg = JSON.parse(text);
    } catch (e) {
      e.path = file;
      e.message = `Error parsing ${file}: ${e.message}`;
      throw e;
    }
  }
  packageCache.set(file, pkg);
  return pkg;
}

// Directory -> the package scope governing its files, as packageCache (which it follows)
// never forgets a package.json once read.
const scopeCache = new Map();

/** The package.json governing `file` (the nearest one up the tree) and its directory, or null. */
function packageScopeOf(file) {
  const start = path.dirname(file);
  let scope = scopeCache.get(start);
  if (scope !== undefined) return scope;
  scope = null;
  for (let dir = start; ;) {
    const pkg = readPackage(dir);
    if (pkg) {
      scope = { dir, pkg };
      break;
    }
    if (path.basename(dir) === 'node_modules') break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  scopeCache.set(start, scope);
  return scope;
}

/** The package.json governing `file`, or null. */
function packageScope(file) {
  const scope = packageScopeOf(file);
  return scope && scope.pkg;
}

const EXTENSIONS = ['.js', '.json', '.node'];
/** EXTENSIONS as the RESOLVE op takes them: UTF-8, each led by a NUL. */
const SUFFIXES = natives.utf8Encode(EXTENSIONS.map((ext) => `\0${ext}`).join(''));
const EISDIR = 21;

/** The real path of `p` with one of EXTENSIONS, or null. */
function tryExtensions(p) {
  const found = resolveFile(p, SUFFIXES, true);
  return typeof found === 'string' ? found : null;
}

/** The real path a directory resolves to (package.json `main`, then `index`), or null. */
function tryDirectory(dir) {
  const pkg = readPackage(dir);
  if (pkg && typeof pkg.main === 'string' && pkg.main) {
    const main = path.resolve(dir, pkg.main);
    const found = resolveFile(main, SUFFIXES);
    if (typeof found === 'string') return found;
    const index = tryExtensions(path.join(main, 'index'));
    if (index) return index;
  }
  return tryExtensions(path.join(dir, 'index'));
}

/** The real path `p` resolves to as a file (as is, then with an extension) or directory, or null. */
function resolvePath(p) {
  const found = resolveFile(p, SUFFIXES);
  if (typeof found === 'string') return found;
  return found === -EISDIR ? tryDirectory(p) : null;
}

const CONDITIONS = ['require', 'node', 'default'];

/**
 * The target a package's `exports` (or `imports`) maps `subpath` (`.`, `./x`, `#x`) to, with the
 * first matching of `conditions` chosen, or undefined.
 */
function exportsTarget(exports, subpath, conditions = CONDITIONS) {
  const conditional = (value) => {
    if (typeof value === 'string' || value === null) return value;
    if (Array.isArray(value)) {
      for (const v of value) {
        const t = conditional(v);
        if (t !== undefined && t !== null) return t;
      }
      return undefined;
    }
    if (typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (conditions.includes(key)) {
          const t = conditional(value[key]);
          if (t !== undefined) return t;
        }
      }
    }
    return undefined;
  };
  const isSubpathMap = exports && typeof exports === 'object' && !Array.isArray(exports) &&
    Object.keys(exports).some((k) => k.startsWith('.') || k.startsWith('#'));
  if (!isSubpathMap) return subpath === '.' ? conditional(exports) : undefined;
  if (Object.hasOwn(exports, subpath)) return conditional(exports[subpath]);
  // Patterns: "./lib/*" -> "./dist/*.js".
  let best = null;
  for (const key of Object.keys(exports)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      if (!best || prefix.length > best.prefix.length) best = { key, prefix, suffix };
    }
  }
  if (!best) return undefined;
  const middle = subpath.slice(best.prefix.length, subpath.length - best.suffix.length);
  const target = conditional(exports[best.key]);
  return typeof target === 'string' ? target.split('*').join(middle) : target;
}

function resolveNodeModules(request, fromDir) {
  const parts = request.split('/');
  const nameLen = request.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLen).join('/');
  const subpath = parts.length > nameLen ? './' + parts.slice(nameLen).join('/') : '.';
  for (const dir of nodeModulePaths(fromDir)) {
    const pkgDir = path.join(dir, name);
    if (kindOf(pkgDir) !== 2) continue;
    const pkg = readPackage(pkgDir);
    if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
      const target = exportsTarget(pkg.exports, subpath);
      if (typeof target !== 'string') {
        throw nodeError(Error, 'ERR_PACKAGE_PATH_NOT_EXPORTED', subpath === '.'
          ? `No "exports" main defined in ${path.join(pkgDir, 'package.json')}`
          : `Package subpath '${subpath}' is not defined by "exports" in ${path.join(pkgDir, 'package.json')}`);
      }
      const file = path.resolve(pkgDir, target);
      if (kindOf(file) === 1) return realpath(file);
      continue;
    }
    const found = resolvePath(path.join(dir, request));
    if (found) return found;
  }
  return null;
}

// Directory -> its nodeModulePaths, copied out (module.paths are the caller's to change).
const modulePathsCache = new Map();

/** Where `node_modules` folders are looked for from `dir`, nearest first. */
function nodeModulePaths(dir) {
  let paths = modulePathsCache.get(dir);
  if (paths === undefined) {
    paths = computeNodeModulePaths(dir);
    modulePathsCache.set(dir, paths);
  }
  return paths.slice();
}

function computeNodeModulePaths(dir) {
  const out = [];
  let cur = path.resolve(dir);
  for (;;) {
    if (path.basename(cur) !== 'node_modules') out.push(path.join(cur, 'node_modules'));
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  return out;
}

class Module {
  // Not an own property, so neither inspect nor JSON walks up the tree (Node keeps it under a
  // symbol with a deprecated `parent` accessor).
  #parent;

  constructor(id = '', parent) {
    this.id = id;
    this.path = path.dirname(id);
    this.exports = {};
    this.filename = null;
    this.loaded = false;
    this.children = [];
    this.paths = [];
    this.#parent = parent;
    if (parent && parent.children) parent.children.push(this);
  }

  get parent() {
    return #parent in this ? this.#parent : undefined;
  }

  set parent(value) {
    if (#parent in this) this.#parent = value;
    else Object.defineProperty(this, 'parent', { value, writable: true, enumerable: false, configurable: true });
  }

  require(id) {
    if (typeof id !== 'string') throw require('internal/errors').invalidArgType('id', 'string', id);
    if (id === '') throw require('internal/errors').invalidArgValue('id', id, 'must be a non-empty string');
    return Module._load(id, this, false);
  }

  _compile(content, filename) {
    if (content.charCodeAt(0) === 0xfeff) content = content.slice(1);
    if (content.startsWith('#!')) {
      const eol = content.indexOf('\n');
      content = eol < 0 ? '' : content.slice(eol);
    }
    const fn = natives.compileFunction(content, filename, PARAMS);
    const require = makeRequire(this);
    return Reflect.apply(fn, this.exports, [this.exports, require, this, filename, path.dirname(filename)]);
  }
}

Module._cache = Object.create(null);
Module._pathCache = Object.create(null);
Module.builtinModules = builtins.list();
Module.isBuiltin = (id) => builtins.isBuiltin(id);
Module.wrapper = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
Module.wrap = (script) => Module.wrapper[0] + script + Module.wrapper[1];
Module._nodeModulePaths = nodeModulePaths;

Module._extensions = Object.create(null);
Module._extensions['.js'] = function (module, filename) {
  if (filename.endsWith('.mjs')) throw requireEsm(filename, module.parent);
  if (filename.endsWith('.js')) {
    const pkg = packageScope(filename);
    if (pkg && pkg.type === 'module') throw requireEsm(filename, module.parent);
  }
  try {
    module._compile(readText(filename), filename);
  } catch (err) {
    if (err instanceof SyntaxError && /^Cannot use import statement outside a module/.test(err.message)) {
      process.emitWarning('To load an ES module, set "type": "module" in the package.json or use the .mjs extension.');
    }
    throw err;
  }
};
Module._extensions['.json'] = function (module, filename) {
  const text = readText(filename);
  try {
    module.exports = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    e.message = filename + ': ' + e.message;
    throw e;
  }
};
Module._extensions['.node'] = function (module, filename) {
  throw nodeError(Error, 'ERR_DLOPEN_FAILED', `Native addons cannot be loaded in Burrow: ${filename}`);
};

/** Node 20's error for `require` of an ES module. */
function requireEsm(filename, parent) {
  const from = parent && parent.filename;
  const base = path.basename(filename);
  return nodeError(Error, 'ERR_REQUIRE_ESM', from
    ? `require() of ES Module ${filename} from ${from} not supported.\nInstead change the require of ${base} in ${from} to a dynamic import() which is available in all CommonJS modules.`
    : `require() of ES Module ${filename} not supported.\nInstead change the require of ${base} to a dynamic import() which is available in all CommonJS modules.`);
}

/** Where `#name` resolves by the `imports` of the package governing `fromFile`, or null. */
function resolvePackageImports(request, fromFile, conditions = CONDITIONS) {
  const scope = packageScopeOf(fromFile);
  const target = scope && scope.pkg.imports ? exportsTarget(scope.pkg.imports, request, conditions) : undefined;
  if (typeof target !== 'string') {
    throw nodeError(TypeError, 'ERR_PACKAGE_IMPORT_NOT_DEFINED', `Package import specifier "${request}" is not defined${
      scope ? ` in package ${path.join(scope.dir, 'package.json')}` : ''} imported from ${fromFile}`);
  }
  return target.startsWith('./') ? path.resolve(scope.dir, target) : target;
}

// `./name` and `./a/b` under an absolute, normalized directory (the common request) join
// without path.resolve's normalization pass; anything with `.`, `..`, `//` or a trailing
// slash takes the full one.
const NEEDS_NORMALIZING = /\/\.{0,2}(?:\/|$)|\/\/|\/$/;

/** path.resolve(dir, request) for a relative or absolute request. */
function resolveRelative(dir, request) {
  if (request.startsWith('./') && dir.startsWith('/') && !NEEDS_NORMALIZING.test(request.slice(1)) &&
      (dir === '/' || !NEEDS_NORMALIZING.test(dir))) {
    return (dir === '/' ? '' : dir) + request.slice(1);
  }
  return path.resolve(dir, request);
}

Module._resolveFilename = function (request, parent, isMain, options) {
  if (builtins.isBuiltinRequest(request)) return request;
  const fromDirs = options && Array.isArray(options.paths)
    ? options.paths
    : [parent && parent.filename ? path.dirname(parent.filename) : (parent && parent.path) || process.cwd()];
  const relative = request === '.' || request === '..' || request.startsWith('./') || request.startsWith('../') ||
    request.startsWith('/');
  if (request.startsWith('#') && parent && parent.filename) {
    const target = resolvePackageImports(request, parent.filename);
    if (path.isAbsolute(target)) {
      if (kindOf(target) === 1) return realpath(target);
    } else {
      return Module._resolveFilename(target, parent, isMain, options);
    }
  }
  for (const dir of fromDirs) {
    const found = relative ? resolvePath(resolveRelative(dir, request)) : resolveNodeModules(request, dir);
    if (found) return found;
  }
  let message = `Cannot find module '${request}'`;
  const stack = [];
  for (let m = parent; m && m.filename; m = m.parent) stack.push(m.filename);
  if (stack.length > 0) message += `\nRequire stack:\n- ${stack.join('\n- ')}`;
  const err = new Error(message);
  err.code = 'MODULE_NOT_FOUND';
  err.requireStack = stack;
  throw err;
};

Module._load = function (request, parent, isMain) {
  const filename = Module._resolveFilename(request, parent, isMain);
  if (builtins.isBuiltinRequest(filename)) return builtins.require(filename);
  const cached = Module._cache[filename];
  if (cached) {
    if (parent && parent.children && !parent.children.includes(cached)) parent.children.push(cached);
    return cached.exports;
  }
  const module = new Module(filename, parent);
  if (isMain) {
    module.id = '.';
    process.mainModule = module;
  }
  Module._cache[filename] = module;
  let threw = true;
  try {
    module.load(filename);
    threw = false;
  } finally {
    if (threw) delete Module._cache[filename];
  }
  return module.exports;
};

Module.prototype.load = function (filename) {
  this.filename = filename;
  this.paths = nodeModulePaths(path.dirname(filename));
  const base = path.basename(filename);
  const dot = base.lastIndexOf('.');
  let ext = dot > 0 ? base.slice(dot) : '.js';
  if (!Module._extensions[ext]) ext = '.js';
  Module._extensions[ext](this, filename);
  this.loaded = true;
};

function makeRequire(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => {
    if (typeof request !== 'string') throw require('internal/errors').invalidArgType('request', 'string', request);
    return Module._resolveFilename(request, module, false, options);
  };
  require.resolve.paths = (request) => (builtins.isBuiltinRequest(request) ? null : nodeModulePaths(module.path));
  require.main = process.mainModule;
  require.cache = Module._cache;
  require.extensions = Module._extensions;
  return require;
}

/** A `require` that resolves relative to `filename` (module.createRequire). */
Module.createRequire = function (filename) {
  if (typeof filename === 'object' && filename !== null && filename.href) filename = filename.pathname;
  if (typeof filename === 'string' && filename.startsWith('file://')) filename = decodeURIComponent(filename.slice(7));
  const m = new Module(filename, null);
  m.filename = filename;
  m.paths = nodeModulePaths(m.path);
  return makeRequire(m);
};

/** Runs `source` as the main module named `filename` (a file, or `[eval]`/`[stdin]`). */
function runMain(filename) {
  return Module._load(filename, null, true);
}

/** A module object for code that is not a file (`node -e`): `require` resolves from `dir`. */
function evalModule(name, dir) {
  const m = new Module(name, null);
  m.filename = path.join(dir, name);
  m.paths = nodeModulePaths(dir);
  m.loaded = true;
  return { module: m, require: makeRequire(m) };
}

module.exports = {
  Module, runMain, evalModule, readText, kindOf, realpath, readPackage, packageScope, exportsTarget,
  nodeModulePaths, resolveDirectory: tryDirectory, resolvePackageImports,
};
