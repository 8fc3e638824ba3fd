'use strict';
// Which builtin modules user code may require: Node's public module names. Those Burrow has
// load from lib/; the others fail with a clear error naming them (ERR_UNSUPPORTED_MODULE), not
// MODULE_NOT_FOUND, so a script says what it is missing. `internal/...` stays private.

const natives = require('internal/natives');
const { nodeError } = require('internal/errors');

// Node 18's `require('module').builtinModules`.
const NODE_MODULES = [
  'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants',
  'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'path/posix', 'path/win32',
  'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'readline/promises', 'repl', 'stream',
  'stream/consumers', 'stream/promises', 'stream/web', 'string_decoder', 'sys', 'timers', 'timers/promises',
  'tls', 'trace_events', 'tty', 'url', 'util', 'util/types', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
];
// Only reachable with the `node:` prefix, as in Node.
const PREFIX_ONLY = ['test'];

function list() {
  return NODE_MODULES.slice();
}

function nameOf(id) {
  return id.startsWith('node:') ? id.slice(5) : id;
}

/** Whether `id` names a Node builtin (`fs`, `node:fs`, `node:test`). */
function isBuiltin(id) {
  if (typeof id !== 'string') return false;
  const name = nameOf(id);
  return NODE_MODULES.includes(name) || (id.startsWith('node:') && PREFIX_ONLY.includes(name));
}

/** Whether `require(id)` means a builtin (also an unknown `node:` name, which then fails). */
function isBuiltinRequest(id) {
  return isBuiltin(id) || id.startsWith('node:');
}

/** The exports of builtin `id`, or a clear error when Burrow lacks it. */
function requireBuiltin(id) {
  const name = nameOf(id);
  if (!isBuiltin(id)) {
    throw nodeError(Error, 'ERR_UNKNOWN_BUILTIN_MODULE', `No such built-in module: ${id}`);
  }
  if (natives.builtin(name) === undefined) {
    throw nodeError(Error, 'ERR_UNSUPPORTED_MODULE', `Burrow's node does not support the '${name}' module yet`);
  }
  return require(name);
}

module.exports = { list, isBuiltin, isBuiltinRequest, require: requireBuiltin };
