'use strict';
// The `process` object: an EventEmitter with argv, env, exit and exitCode, cwd/chdir, pid,
// hrtime, nextTick, stdio streams, emitWarning, and the fatal-error paths the loop calls.

const io = require('internal/io');
const { op, OP, check, takeList, takeString, writeAll, natives } = io;
const loop = require('internal/loop');
const { invalidArgType, nodeError } = require('internal/errors');

const VERSION = 'v18.20.4';

function create() {
  const EventEmitter = require('events');
  const process = Object.create(EventEmitter.prototype);
  EventEmitter.call(process);

  const argv = takeList(op(OP.ARGV));
  process.argv0 = argv[0] || 'node';
  process.argv = ['/bin/node', ...argv.slice(1)];
  process.execArgv = [];
  process.execPath = '/bin/node';
  process.title = 'node';
  process.version = VERSION;
  process.versions = { node: VERSION.slice(1), v8: '10.2.154.26-node.36', burrow: '0.1.0' };
  process.release = { name: 'node' };
  process.platform = 'linux';
  process.arch = 'x64';
  process.pid = op(OP.GETPID);
  process.ppid = op(OP.GETPPID);
  process.config = { variables: {} };
  process.features = {};
  process.env = makeEnv(takeList(op(OP.ENV)));
  process.exitCode = undefined;
  process.mainModule = undefined;

  let exiting = false;
  process.exit = function exit(code) {
    if (code !== undefined) process.exitCode = code;
    if (!exiting) {
      exiting = true;
      process._exiting = true;
      try {
        process.emit('exit', exitStatus(process.exitCode));
      } catch (err) {
        process._fatal(err, 'uncaughtException');
      }
    }
    op(OP.EXIT, exitStatus(process.exitCode));
  };
  process.reallyExit = (code) => op(OP.EXIT, exitStatus(code));
  process.abort = () => op(OP.KILL, process.pid, 6);

  // Cached until chdir, as Node caches it: path.resolve asks for it on every relative path.
  let cwdCache = null;
  process.cwd = function cwd() {
    if (cwdCache === null) cwdCache = takeString(check(op(OP.GETCWD), 'uv_cwd'));
    return cwdCache;
  };
  process.chdir = function chdir(directory) {
    if (typeof directory !== 'string') throw invalidArgType('directory', 'string', directory);
    cwdCache = null;
    const r = op(OP.CHDIR, 0, 0, 0, natives.utf8Encode(directory));
    if (r < 0) {
      const err = require('internal/errno').uvException(-r, 'chdir', process.cwd(), directory);
      err.message = `${err.code}: ${require('internal/errno').describe(-r)[1]}, chdir ${process.cwd()} -> '${directory}'`;
      throw err;
    }
  };
  process.umask = function umask(mask) {
    if (mask === undefined) return op(OP.UMASK, -1);
    const m = typeof mask === 'string' ? parseInt(mask, 8) : mask;
    return op(OP.UMASK, m & 0o777);
  };

  const hrtime = function hrtime(previous) {
    const ns = op(OP.HRTIME);
    let sec = Math.floor(ns / 1e9);
    let nsec = Math.floor(ns - sec * 1e9);
    if (previous) {
      if (!Array.isArray(previous)) throw invalidArgType('time', 'Array', previous);
      sec -= previous[0];
      nsec -= previous[1];
      if (nsec < 0) {
        sec--;
        nsec += 1e9;
      }
    }
    return [sec, nsec];
  };
  hrtime.bigint = () => BigInt(Math.floor(op(OP.HRTIME)));
  process.hrtime = hrtime;
  const started = op(OP.HRTIME);
  process.uptime = () => (op(OP.HRTIME) - started) / 1e9;
  // The isolate's heap; `rss` is its physical size plus memory held outside it (buffers), the
  // process's share of the host's memory.
  process.memoryUsage = function memoryUsage() {
    const [heapTotal, heapUsed, external, physical] = natives.heapStatistics();
    return { rss: physical + external, heapTotal, heapUsed, external, arrayBuffers: external };
  };
  process.memoryUsage.rss = () => {
    const [, , external, physical] = natives.heapStatistics();
    return physical + external;
  };
  process.nextTick = loop.nextTick;

  process.kill = function kill(pid, signal = 'SIGTERM') {
    const os = require('os');
    const number = typeof signal === 'number' ? signal : os.constants.signals[signal];
    if (number === undefined) throw nodeError(TypeError, 'ERR_UNKNOWN_SIGNAL', `Unknown signal: ${signal}`);
    check(op(OP.KILL, pid, number), 'kill');
    return true;
  };

  process.emitWarning = function emitWarning(warning, type, code) {
    if (typeof type === 'object' && type !== null) {
      code = type.code;
      type = type.type;
    }
    const err = typeof warning === 'string' ? new Error(warning) : warning;
    if (typeof warning === 'string') err.name = type || 'Warning';
    if (code !== undefined) err.code = code;
    loop.nextTick(() => {
      process.emit('warning', err);
      if (process.noDeprecation && err.name === 'DeprecationWarning') return;
      const prefix = code ? `[${code}] ` : '';
      writeAll(2, natives.utf8Encode(`(node:${process.pid}) ${prefix}${err.name}: ${err.message}\n`));
    });
  };

  let stdin, stdout, stderr;
  Object.defineProperty(process, 'stdout', {
    configurable: true, enumerable: true, get: () => (stdout ??= require('internal/stdio').writable(1)),
  });
  Object.defineProperty(process, 'stderr', {
    configurable: true, enumerable: true, get: () => (stderr ??= require('internal/stdio').writable(2)),
  });
  Object.defineProperty(process, 'stdin', {
    configurable: true, enumerable: true, get: () => (stdin ??= require('internal/stdio').readable(0)),
  });

  // An uncaught exception: 'uncaughtException' listeners, or the error on stderr and exit 1.
  process._fatal = function fatal(err, origin) {
    if (process.listenerCount('uncaughtException') > 0 && !process._exiting) {
      try {
        process.emit('uncaughtException', err, origin);
        return;
      } catch (again) {
        err = again;
      }
    }
    writeAll(2, natives.utf8Encode(`${describeFatal(err)}\n\nNode.js ${VERSION}\n`));
    process.exitCode = 1;
    op(OP.EXIT, 1);
  };

  process._unhandledRejection = function unhandledRejection(reason, promise) {
    if (process.listenerCount('unhandledRejection') > 0) {
      process.emit('unhandledRejection', reason, promise);
      return;
    }
    if (reason instanceof Error) return process._fatal(reason, 'unhandledRejection');
    const err = nodeError(Error, 'ERR_UNHANDLED_REJECTION',
      'This error originated either by throwing inside of an async function without a catch block, ' +
      'or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason ' +
      `"${safeInspect(reason)}".`);
    err.name = 'UnhandledPromiseRejection';
    process._fatal(err, 'unhandledRejection');
  };

  return process;
}

function safeInspect(value) {
  try {
    return require('util').inspect(value);
  } catch {
    return String(value);
  }
}

/** An uncaught error as Node prints it: a syntax error's source arrow, then the error. */
function describeFatal(err) {
  const arrow = err !== null && typeof err === 'object' ? natives.errorArrow(err) : undefined;
  return arrow === undefined ? describeError(err) : `${arrow}\n${describeError(err)}`;
}

function describeError(err) {
  if (err instanceof Error) {
    try {
      return require('util').inspect(err);
    } catch {
      return String(err.stack || err);
    }
  }
  return `${safeInspect(err)}\n(Use \`node --trace-uncaught ...\` to show where the exception was thrown)`;
}

function exitStatus(code) {
  if (code === undefined || code === null) return 0;
  const n = Number(code);
  return Number.isInteger(n) ? n & 0xff : 1;
}

/** process.env: string values only, as Node's (assigning coerces, deleting removes). */
function makeEnv(entries) {
  const env = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return new Proxy(env, {
    set(target, key, value) {
      target[key] = String(value);
      return true;
    },
    defineProperty(target, key, descriptor) {
      target[key] = String(descriptor.value);
      return true;
    },
  });
}

module.exports = { create };
