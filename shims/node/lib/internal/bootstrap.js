'use strict';
// The first code of every JavaScript process, in two parts. This script (run by the engine with
// the natives in `globalThis.__burrow`, once into the startup snapshot when there is one) sets
// up what does not depend on the process: the builtin module loader, the globals, the modules
// most programs use. `globalThis.__burrow_start`, which the engine calls for each process, does
// the rest: `process`, the main script (`node FILE`, `-e`, `-p`, or stdin), the event loop,
// exit. User code runs only inside the loop's callbacks, so an uncaught exception anywhere ends
// the process the way Node does: its stack on stderr, exit status 1.
(function bootstrap(natives) {
  delete globalThis.__burrow;

  // ---- builtins: lib/*.js, each a CommonJS body with a `require` reaching builtins only ----
  const cache = new Map();
  const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];
  function requireBuiltin(id) {
    const name = id.startsWith('node:') ? id.slice(5) : id;
    const cached = cache.get(name);
    if (cached) return cached.exports;
    if (name === 'internal/natives') return natives;
    const source = natives.builtin(name);
    if (source === undefined) {
      const err = new Error(`Cannot find module '${id}'`);
      err.code = 'MODULE_NOT_FOUND';
      throw err;
    }
    const module = { exports: {}, id: name, loaded: false };
    cache.set(name, module);
    const fn = natives.compileFunction(source, `node:${name}`, PARAMS);
    try {
      fn.call(module.exports, module.exports, requireBuiltin, module, `node:${name}`, 'node:');
    } catch (err) {
      cache.delete(name);
      throw err;
    }
    module.loaded = true;
    return module.exports;
  }

  // The codecs Buffer and TextDecoder use, natively (internal/encoding picks them up).
  globalThis.__burrow_codecs = {
    utf8Decode: natives.utf8Decode,
    utf8Encode: natives.utf8Encode,
    utf8ByteLength: natives.utf8ByteLength,
  };

  // ---- globals, made on first use ----
  function defineGlobal(name, value) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
  function lazyGlobal(name, load) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      enumerable: false,
      get() {
        const value = load();
        defineGlobal(name, value);
        return value;
      },
      set(value) {
        defineGlobal(name, value);
      },
    });
  }
  const LAZY = {
    buffer: ['Buffer', 'atob', 'btoa'],
    'internal/encoding': ['TextEncoder', 'TextDecoder'],
    url: ['URL', 'URLSearchParams'],
    'internal/web': ['EventTarget', 'Event', 'AbortController', 'AbortSignal', 'DOMException', 'structuredClone'],
    crypto: ['crypto'],
    'internal/fetch': ['fetch', 'Headers', 'Request', 'Response'],
  };
  for (const [module, names] of Object.entries(LAZY)) {
    for (const name of names) lazyGlobal(name, () => requireBuiltin(module).globals[name]);
  }
  const timers = requireBuiltin('timers');
  for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']) {
    defineGlobal(name, timers[name]);
  }
  const loop = requireBuiltin('internal/loop');
  defineGlobal('queueMicrotask', function queueMicrotask(callback) {
    if (typeof callback !== 'function') throw requireBuiltin('internal/errors').invalidArgType('callback', 'function', callback);
    Promise.resolve().then(() => loop.callback(callback, undefined, []));
  });
  defineGlobal('global', globalThis);
  lazyGlobal('console', () => requireBuiltin('console'));

  // What most programs use, loaded now: with a startup snapshot, this state is what every
  // process starts from, so none of it is parsed or run again.
  for (const name of ['internal/process', 'internal/main', 'internal/stdio', 'fs', 'path', 'util', 'buffer', 'stream',
    'string_decoder', 'console']) {
    requireBuiltin(name);
  }

  // The per-process part, called by the engine once per run (the snapshot ends before it).
  globalThis.__burrow_start = function start() {
    delete globalThis.__burrow_start;
    loop.start();
    const process = requireBuiltin('internal/process').create();
    defineGlobal('process', process);
    loop.setErrorHandlers(
      (err) => process._fatal(err, 'uncaughtException'),
      (reason, promise) => process._unhandledRejection(reason, promise),
    );
    natives.setModuleHooks(
      (specifier, referrer) => requireBuiltin('internal/modules/esm').importDynamic(specifier, referrer),
      (meta, url) => requireBuiltin('internal/modules/esm').initMeta(meta, url),
    );
    const { main, atLoopEnd } = requireBuiltin('internal/main');
    loop.callback(main, undefined, [process]);
    loop.run(() => process.emit('beforeExit', process.exitCode ?? 0));
    atLoopEnd();
    process.exit();
  };
})(globalThis.__burrow);
