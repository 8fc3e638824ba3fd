'use strict';
// Runs a test script on the host's Node with Burrow's builtin modules (shims/node/lib) in place
// of Node's own, so the JavaScript half of the Node shim can be developed and checked without a
// VM. `--real` runs the same script against Node's own modules instead (to check that a test's
// expectations are Node's). Usage: node dev/host-run.js [--real] test/NAME.test.js
//
// A builtin is `lib/NAME.js` (or `lib/a/b.js` for `a/b`), a CommonJS body run with
// (exports, require, module, __filename, __dirname); its `require` reaches builtins only
// (with or without `node:`, and `internal/...`). Inside Burrow the same files are loaded the
// same way by the bootstrap, which also installs the globals that a module of lib/ or
// lib/internal/ exports as `globals`.
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const LIB = path.join(__dirname, '..', 'lib');
const args = process.argv.slice(2);
const real = args[0] === '--real';
const script = path.resolve(real ? args[1] : args[0]);

const cache = new Map();
function builtin(id) {
  const name = id.startsWith('node:') ? id.slice(5) : id;
  if (cache.has(name)) return cache.get(name).exports;
  const file = path.join(LIB, name + '.js');
  if (!fs.existsSync(file)) {
    const e = new Error(`Cannot find module '${id}'`);
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  }
  const module = { exports: {} };
  cache.set(name, module);
  const wrapper = vm.runInThisContext(
    `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`,
    { filename: file });
  wrapper(module.exports, builtin, module, file, path.dirname(file));
  return module.exports;
}

if (!real) {
  // Globals that Burrow's bootstrap installs from the builtins that define them.
  for (const dir of ['', 'internal/']) {
    for (const name of fs.readdirSync(path.join(LIB, dir))) {
      if (!name.endsWith('.js')) continue;
      let exported;
      try {
        exported = builtin(dir + name.slice(0, -3));
      } catch {
        // Modules over the kernel (fs, process, timers, the bootstrap...) need Burrow's
        // natives, which the host lacks. A test that requires one directly still sees why.
        cache.delete(dir + name.slice(0, -3));
        continue;
      }
      for (const [key, value] of Object.entries((exported && exported.globals) || {})) {
        // Some host globals (crypto) cannot be replaced; the test then sees the host's.
        try {
          Object.defineProperty(globalThis, key, { value, writable: true, configurable: true });
        } catch {}
      }
    }
  }
}

// A test asserts with the host's `assert` (only assert's own test uses Burrow's): a bug in
// Burrow's assert must not hide bugs elsewhere. Inside Burrow every test uses Burrow's.
const ownAssert = path.basename(script) === 'assert.test.js';
const testRequire = (id) => {
  if (id.startsWith('.') || id.startsWith('/')) return require(path.resolve(path.dirname(script), id));
  if (!ownAssert && /^(node:)?assert(\/strict)?$/.test(id)) return require(id);
  return real ? require(id) : builtin(id);
};
const source = fs.readFileSync(script, 'utf8');
const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: script });
const testModule = { exports: {} };
wrapper(testModule.exports, testRequire, testModule, script, path.dirname(script));
