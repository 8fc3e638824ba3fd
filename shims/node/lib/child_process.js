'use strict';
// Node's child_process over the kernel: spawn/exec/execFile and their Sync forms start
// processes in the same VM (WebAssembly tools, `sh`, another `node`), with stdio pipes, exit
// codes and signals. The asynchronous forms are driven by the event loop (pipes polled, exits
// reaped as the kernel reports them); the Sync forms wait in place.
//
// fork starts a node child with an IPC channel (internal/ipc: send, 'message', disconnect).
//
// Not supported yet: detached process groups, uid/gid, the 'advanced' `serialization`, sending
// handles over IPC, pipes beyond fds 0-2 (other stdio entries from 3 on: 'ipc', 'inherit',
// 'ignore' and descriptors).

const EventEmitter = require('events');
const { op, OP, check, utf8Encode } = require('internal/io');
const loop = require('internal/loop');
const { invalidArgType, nodeError } = require('internal/errors');
const { uvException } = require('internal/errno');

const SIGNALS = () => require('os').constants.signals;

function signalName(n) {
  for (const [name, value] of Object.entries(SIGNALS())) if (value === n) return name;
  return null;
}

function signalNumber(sig) {
  if (sig === undefined || sig === null) return 15;
  if (typeof sig === 'number') return sig;
  const n = SIGNALS()[sig];
  if (n === undefined) throw nodeError(TypeError, 'ERR_UNKNOWN_SIGNAL', `Unknown signal: ${sig}`);
  return n;
}

/** `[exit code or null, signal name or null]` of a Linux wait status. */
function decodeStatus(status) {
  if (status < 0) return [null, null];
  const sig = status & 0x7f;
  return sig === 0 ? [(status >> 8) & 0xff, null] : [null, signalName(sig)];
}

function pipe() {
  const buf = new Uint8Array(8);
  check(op(OP.PIPE, 0, 0, 0, buf), 'pipe');
  const v = new DataView(buf.buffer);
  return [v.getUint32(0, true), v.getUint32(4, true)];
}

function encodeRequest(file, args, env, cwd, fds) {
  const parts = [];
  let size = 0;
  const u32 = (n) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0, true);
    parts.push(b);
    size += 4;
  };
  const blob = (s) => {
    const b = typeof s === 'string' ? utf8Encode(s) : s;
    u32(b.length);
    parts.push(b);
    size += b.length;
  };
  blob(file);
  u32(args.length);
  for (const a of args) blob(a);
  u32(env.length);
  for (const e of env) blob(e);
  blob(cwd || '');
  u32(fds.length);
  for (const [child, parent] of fds) {
    u32(child);
    u32(parent);
  }
  u32(0xffffffff); // pgid -1: the parent's group
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Options as Node normalizes them: file, args (argv[0] first), env list, cwd, stdio. */
/** Node's normalizeSpawnArguments: the checks, then what `start` needs. */
function normalize(file, args, options, syscall = 'spawn') {
  if (typeof file !== 'string') throw invalidArgType('file', 'string', file);
  if (file.includes('\0')) throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'file' must be a string without null bytes. Received ${JSON.stringify(file)}`);
  if (file.length === 0) throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'file' cannot be empty. Received ''");
  if (Array.isArray(args)) {
    args = args.slice();
  } else if (args === undefined || args === null) {
    args = [];
  } else if (typeof args !== 'object') {
    throw invalidArgType('args', 'object', args);
  } else {
    options = args;
    args = [];
  }
  args.forEach((arg, i) => {
    if (typeof arg === 'string' && arg.includes('\0')) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'args[${i}]' must be a string without null bytes. Received ${JSON.stringify(arg)}`);
    }
  });
  if (options !== undefined && options !== null && typeof options !== 'object') throw invalidArgType('options', 'Object', options);
  options = { ...options };
  let argv0 = options.argv0 || file;
  let spawnArgs = args.map(String);
  if (options.shell) {
    const command = [file, ...spawnArgs].join(' ');
    file = typeof options.shell === 'string' ? options.shell : '/bin/sh';
    argv0 = file;
    spawnArgs = ['-c', command];
  }
  const env = { ...(options.env || process.env) };
  let stdio = options.stdio ?? 'pipe';
  if (typeof stdio === 'string') stdio = [stdio, stdio, stdio];
  const extra = Array.isArray(stdio) ? stdio.slice(3) : [];
  stdio = [0, 1, 2].map((i) => stdio[i] ?? 'pipe').concat(extra.map((s) => s ?? 'ignore'));
  const ipc = stdio.indexOf('ipc');
  if (ipc >= 0) {
    if (stdio.indexOf('ipc', ipc + 1) >= 0) throw nodeError(Error, 'ERR_IPC_ONE_PIPE', 'Child process can have only one IPC pipe');
    if (ipc < 3) throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'stdio' is invalid: 'ipc' may not be stdin, stdout or stderr`);
    env.NODE_CHANNEL_FD = String(ipc);
  }
  const envList = Object.keys(env).filter((k) => env[k] !== undefined).map((k) => `${k}=${env[k]}`);
  const cwd = options.cwd === undefined ? '' : typeof options.cwd === 'string' ? options.cwd : require('fs')._internal.pathString(options.cwd, 'cwd');
  return { file, argv: [argv0, ...spawnArgs], spawnargs: [file, ...spawnArgs], env: envList, cwd, stdio, options, syscall };
}

/** Creates the pipes and starts the process: `{ pid, parentFds: [stdin w, stdout r, stderr r] }` or throws. */
function start(n) {
  const fds = [];
  const parentFds = [null, null, null];
  let ipcFd = null;
  const close = [];
  try {
    n.stdio.forEach((s, i) => {
      if (s === 'ipc') {
        const pair = new Uint8Array(8);
        check(op(OP.SOCKETPAIR, 1, 1 | 0o2000000, 0, pair), 'socketpair');
        const v = new DataView(pair.buffer);
        ipcFd = v.getUint32(0, true);
        const childEnd = v.getUint32(4, true);
        fds.push([i, childEnd]);
        close.push(childEnd);
      } else if (i > 2 && (s === 'pipe' || s === 'overlapped')) {
        throw nodeError(Error, 'ERR_UNSUPPORTED_OPERATION', `stdio[${i}]: pipes beyond stdin, stdout and stderr are not supported in Burrow`);
      } else if (s === 'pipe' || s === 'overlapped') {
        const [r, w] = pipe();
        if (i === 0) {
          fds.push([0, r]);
          close.push(r);
          parentFds[0] = w;
        } else {
          fds.push([i, w]);
          close.push(w);
          parentFds[i] = r;
        }
      } else if (s === 'inherit') {
        fds.push([i, i]);
      } else if (s === 'ignore' || s === null || s === undefined) {
        const fd = check(op(OP.OPEN, (i === 0 ? 0 : 1) | 0o2000000, 0, 0, utf8Encode('/dev/null')), 'open', '/dev/null');
        fds.push([i, fd]);
        close.push(fd);
      } else if (typeof s === 'number') {
        fds.push([i, s]);
      } else if (s && typeof s === 'object' && typeof s.fd === 'number') {
        fds.push([i, s.fd]);
      } else {
        throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'stdio' is invalid. Received ${String(s)}`);
      }
    });
    const r = op(OP.SPAWN, 0, 0, 0, encodeRequest(n.file, n.argv, n.env, n.cwd, fds));
    if (r < 0) {
      for (const fd of [...parentFds, ipcFd]) if (fd !== null) op(OP.CLOSE, fd);
      const err = uvException(-r, `${n.syscall} ${n.file}`, n.file);
      err.message = `${n.syscall} ${n.file} ${err.code}`;
      err.spawnargs = n.spawnargs.slice(1);
      throw err;
    }
    return { pid: r, parentFds, ipcFd };
  } finally {
    for (const fd of close) op(OP.CLOSE, fd);
  }
}

// ---- asynchronous ----

class ChildProcess extends EventEmitter {
  constructor() {
    super();
    this.pid = undefined;
    this.exitCode = null;
    this.signalCode = null;
    this.killed = false;
    this.connected = false;
    this.stdin = null;
    this.stdout = null;
    this.stderr = null;
    this.stdio = [null, null, null];
  }

  kill(signal) {
    if (this.pid === undefined || this.exitCode !== null || this.signalCode !== null) return false;
    const r = op(OP.KILL, this.pid, signalNumber(signal));
    if (r < 0) return false;
    this.killed = true;
    return true;
  }

  ref() {}

  unref() {}
}

/**
 * After the child exited, output nobody reads is let flow to its end (Node's flushStdio), so
 * 'end' and 'close' come even when no one took the data.
 */
function flushStdio(child) {
  for (const stream of child.stdio) {
    if (!stream || !stream.readable || typeof stream.resume !== 'function') continue;
    const state = stream._readableState;
    if (state && (state.readableListening || state.flowing !== null)) continue;
    stream.resume();
  }
}

/** A stream reading the pipe `fd`; `onEof` runs once the child's end is closed. */
function readablePipe(fd, onEof) {
  const { Readable } = require('stream');
  op(OP.SET_NONBLOCK, fd, 1);
  let watching = false;
  let closed = false;
  const stop = () => {
    if (watching) {
      watching = false;
      loop.unwatch(fd);
    }
  };
  const close = () => {
    stop();
    if (!closed) {
      closed = true;
      op(OP.CLOSE, fd);
      onEof();
    }
  };
  const stream = new Readable({
    read() {
      if (watching || closed) return;
      watching = true;
      loop.watch(fd, 1, () => {
        for (;;) {
          const chunk = Buffer.allocUnsafe(65536);
          const n = op(OP.READ, fd, -1, 0, chunk);
          if (n === -11) return; // EAGAIN: wait for the next readiness
          if (n <= 0) {
            close();
            stream.push(null);
            return;
          }
          if (!stream.push(chunk.subarray(0, n))) {
            stop();
            return;
          }
        }
      });
    },
    destroy(err, callback) {
      close();
      callback(err);
    },
  });
  return stream;
}

function writablePipe(fd) {
  const { Writable } = require('stream');
  op(OP.SET_NONBLOCK, fd, 1);
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      loop.unwatch(fd);
      op(OP.CLOSE, fd);
    }
  };
  return new Writable({
    write(chunk, encoding, callback) {
      let done = 0;
      const attempt = () => {
        while (done < chunk.length) {
          const n = op(OP.WRITE, fd, -1, 0, done === 0 ? chunk : chunk.subarray(done));
          if (n === -11) {
            loop.watch(fd, 2, () => {
              loop.unwatch(fd);
              attempt();
            });
            return;
          }
          if (n < 0) {
            try {
              check(n, 'write');
            } catch (err) {
              return callback(err);
            }
          }
          done += n;
        }
        callback();
      };
      attempt();
    },
    final(callback) {
      close();
      callback();
    },
    destroy(err, callback) {
      close();
      callback(err);
    },
  });
}

function spawn(file, args, options) {
  const n = normalize(file, args, options);
  const child = new ChildProcess();
  child.spawnfile = n.file;
  child.spawnargs = n.spawnargs;
  let started;
  try {
    started = start(n);
  } catch (err) {
    loop.nextTick(() => {
      child.emit('error', err);
      child.emit('close', -2, null);
    });
    return child;
  }
  child.pid = started.pid;
  const [stdinFd, stdoutFd, stderrFd] = started.parentFds;
  if (stdinFd !== null) {
    child.stdin = writablePipe(stdinFd);
    // A socket in Node, never readable.
    Object.defineProperty(child.stdin, 'readable', { value: false, writable: true, configurable: true });
  }
  // 'close' comes once the child has exited and its output pipes reached their end (read
  // from the start, as Node's are, whether or not anyone listens).
  // The IPC channel counts as a stream too: 'close' waits for its 'disconnect', as in Node.
  let open = [stdoutFd, stderrFd, started.ipcFd].filter((fd) => fd !== null).length;
  let exited = false;
  const maybeClose = () => {
    if (exited && open === 0) child.emit('close', child.exitCode, child.signalCode);
  };
  const onEof = () => {
    open--;
    loop.nextTick(maybeClose);
  };
  if (stdoutFd !== null) child.stdout = readablePipe(stdoutFd, onEof);
  if (stderrFd !== null) child.stderr = readablePipe(stderrFd, onEof);
  for (const s of [child.stdout, child.stderr]) if (s) s.read(0);
  if (started.ipcFd !== null) {
    require('internal/ipc').setupParent(child, started.ipcFd);
    child.once('disconnect', onEof);
  }
  child.stdio = [child.stdin, child.stdout, child.stderr];
  loop.watchChild(child.pid, (status) => {
    const [code, signal] = decodeStatus(status);
    child.exitCode = code;
    child.signalCode = signal;
    exited = true;
    if (child.stdin) child.stdin.destroy();
    child.emit('exit', code, signal);
    flushStdio(child);
    maybeClose();
  });
  if (n.options.signal) {
    const signal = n.options.signal;
    const onAbort = () => {
      child.kill(n.options.killSignal);
      child.emit('error', Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason }));
    };
    if (signal.aborted) loop.nextTick(onAbort);
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  if (n.options.timeout > 0) {
    const timer = setTimeout(() => child.kill(n.options.killSignal), n.options.timeout);
    child.once('exit', () => clearTimeout(timer));
  }
  loop.nextTick(() => child.emit('spawn'));
  return child;
}

function commandError(cmd, code, signal, stderr, killed) {
  const err = new Error(`Command failed: ${cmd}\n${stderr}`);
  err.code = code;
  err.killed = killed;
  err.signal = signal;
  err.cmd = cmd;
  return err;
}

function execFile(file, args, options, callback) {
  // Node's normalizeExecFileArgs: a non-array, non-object `args` is left for spawn to refuse.
  if (Array.isArray(args)) args = args.slice();
  else if (args !== null && typeof args === 'object') [callback, options, args] = [options, args, null];
  else if (typeof args === 'function') [callback, options, args] = [args, null, null];
  if (args === null || args === undefined) args = [];
  if (typeof options === 'function') [callback, options] = [options, {}];
  options = { encoding: 'utf8', maxBuffer: 1024 * 1024, ...options };
  const child = spawn(file, args, options);
  const out = [];
  const err = [];
  let outLen = 0;
  let errLen = 0;
  let failure = null;
  const collect = (stream, list, which) => {
    if (!stream) return;
    stream.on('data', (chunk) => {
      list.push(chunk);
      if (which === 'out') outLen += chunk.length;
      else errLen += chunk.length;
      if (outLen + errLen > options.maxBuffer && !failure) {
        failure = nodeError(RangeError, 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER', `${which === 'out' ? 'stdout' : 'stderr'} maxBuffer length exceeded`);
        child.kill(options.killSignal);
      }
    });
  };
  collect(child.stdout, out, 'out');
  collect(child.stderr, err, 'err');
  // Strings once the caller set an encoding on the stream itself (Node joins those as they are).
  const text = (list) => {
    const encoding = options.encoding && options.encoding !== 'buffer' ? options.encoding : null;
    if (list.some((chunk) => typeof chunk === 'string')) {
      return list.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.toString(encoding || 'utf8'))).join('');
    }
    const buf = Buffer.concat(list);
    return encoding ? buf.toString(encoding) : buf;
  };
  const cmd = [file, ...(Array.isArray(args) ? args : [])].join(' ');
  let done = false;
  const finish = (error, stdout, stderr) => {
    if (done) return;
    done = true;
    if (callback) callback(error, stdout, stderr);
  };
  child.on('error', (e) => finish(e, text(out), text(err)));
  child.on('close', (code, signal) => {
    const stdout = text(out);
    const stderr = text(err);
    if (failure) return finish(failure, stdout, stderr);
    if (code === 0 && signal === null) return finish(null, stdout, stderr);
    const e = commandError(options.shell ? args[0] || file : cmd, code, signal, stderr, child.killed);
    e.stdout = stdout;
    e.stderr = stderr;
    finish(e, stdout, stderr);
  });
  return child;
}

/** util.promisify(exec/execFile): a promise of `{ stdout, stderr }` with the child on `.child`. */
function promisifiedWithChild(original) {
  return (...args) => {
    let settle;
    const promise = new Promise((resolve, reject) => {
      settle = (err, stdout, stderr) => {
        if (err) {
          err.stdout = stdout;
          err.stderr = stderr;
          reject(err);
        } else {
          resolve({ stdout, stderr });
        }
      };
    });
    promise.child = original(...args, settle);
    return promise;
  };
}

function exec(command, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}];
  const child = execFile(command, [], { ...options, shell: options && options.shell ? options.shell : true }, callback);
  return child;
}

// ---- synchronous ----

function spawnSync(file, args, options) {
  const n = normalize(file, args, options, 'spawnSync');
  const o = n.options;
  if (o.input !== undefined && typeof o.input !== 'string' && !ArrayBuffer.isView(o.input)) {
    throw invalidArgType('options.stdio[0]', ['Buffer', 'TypedArray', 'DataView', 'string'], o.input);
  }
  const result = { pid: 0, output: [null, null, null], stdout: null, stderr: null, status: null, signal: null };
  let started;
  try {
    started = start(n);
  } catch (err) {
    result.error = err;
    return result;
  }
  result.pid = started.pid;
  const [stdinFd, stdoutFd, stderrFd] = started.parentFds;
  const input = o.input === undefined ? null : typeof o.input === 'string' ? utf8Encode(o.input) : new Uint8Array(o.input.buffer, o.input.byteOffset, o.input.byteLength);
  let inputDone = 0;
  const streamOf = new Map(); // parent fd -> 1 (stdout) or 2 (stderr)
  const open = new Map(); // parent fd -> events to wait for
  if (stdinFd !== null) {
    op(OP.SET_NONBLOCK, stdinFd, 1);
    if (!input || input.length === 0) op(OP.CLOSE, stdinFd);
    else open.set(stdinFd, 2);
  }
  for (const [fd, which] of [[stdoutFd, 1], [stderrFd, 2]]) {
    if (fd !== null) {
      op(OP.SET_NONBLOCK, fd, 1);
      open.set(fd, 1);
      streamOf.set(fd, which);
    }
  }
  const collected = { 1: [], 2: [] };
  const deadline = o.timeout > 0 ? loop.now() + o.timeout : Infinity;
  let timedOut = false;
  const entries = new Uint8Array(24);
  const view = new DataView(entries.buffer);
  while (open.size > 0) {
    const fds = [...open.keys()];
    fds.forEach((fd, i) => {
      view.setUint32(i * 8, fd, true);
      view.setUint32(i * 8 + 4, open.get(fd), true);
    });
    const wait = deadline === Infinity ? -1 : Math.max(0, deadline - loop.now());
    const ready = op(OP.POLL, fds.length, wait, 0, entries);
    if (ready === 0 && deadline !== Infinity && loop.now() >= deadline) {
      timedOut = true;
      op(OP.KILL, result.pid, signalNumber(o.killSignal));
      break;
    }
    fds.forEach((fd, i) => {
      const revents = view.getUint32(i * 8 + 4, true);
      if (revents === 0) return;
      if (fd === stdinFd) {
        const n = op(OP.WRITE, fd, -1, 0, input.subarray(inputDone));
        if (n > 0) inputDone += n;
        if (n < 0 && n !== -11) inputDone = input.length;
        if (inputDone >= input.length) {
          op(OP.CLOSE, fd);
          open.delete(fd);
        }
        return;
      }
      const chunk = new Uint8Array(65536);
      const n = op(OP.READ, fd, -1, 0, chunk);
      if (n === -11) return;
      if (n <= 0) {
        op(OP.CLOSE, fd);
        open.delete(fd);
        return;
      }
      collected[streamOf.get(fd)].push(Buffer.from(chunk.buffer, 0, n));
    });
  }
  for (const fd of open.keys()) op(OP.CLOSE, fd);
  const waitBuf = new Uint8Array(8);
  const r = op(OP.WAIT, result.pid, 0, 0, waitBuf);
  const [status, signal] = r > 0 ? decodeStatus(new DataView(waitBuf.buffer).getInt32(4, true)) : [null, null];
  result.status = status;
  result.signal = signal;
  const encoding = o.encoding && o.encoding !== 'buffer' ? o.encoding : null;
  const finish = (list, fd) => {
    if (fd === null) return null;
    const buf = Buffer.concat(list);
    return encoding ? buf.toString(encoding) : buf;
  };
  result.stdout = finish(collected[1], stdoutFd);
  result.stderr = finish(collected[2], stderrFd);
  result.output = [null, result.stdout, result.stderr];
  if (timedOut) result.error = uvException(110, `spawnSync ${n.file}`, n.file);
  return result;
}

function checkSync(result, cmd, options) {
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const stderr = result.stderr ? result.stderr.toString() : '';
    const err = new Error(`Command failed: ${cmd}${stderr ? `\n${stderr}` : ''}`);
    Object.assign(err, { status: result.status, signal: result.signal, output: result.output, pid: result.pid, stdout: result.stdout, stderr: result.stderr });
    throw err;
  }
  return result.stdout;
}

function execFileSync(file, args, options) {
  if (!Array.isArray(args)) [options, args] = [args, []];
  options = { stdio: ['pipe', 'pipe', 'inherit'], ...options };
  const result = spawnSync(file, args, options);
  return checkSync(result, [file, ...args].join(' '), options);
}

function execSync(command, options) {
  options = { stdio: ['pipe', 'pipe', 'inherit'], ...options, shell: (options && options.shell) || true };
  const result = spawnSync(command, [], options);
  return checkSync(result, command, options);
}

/** Starts `modulePath` in a new node process with an IPC channel (send, 'message'). */
function fork(modulePath, args, options) {
  if (typeof modulePath !== 'string' && !(modulePath instanceof URL)) throw invalidArgType('modulePath', ['string', 'URL'], modulePath);
  if (modulePath instanceof URL) modulePath = require('url').fileURLToPath(modulePath);
  if (args !== undefined && args !== null && !Array.isArray(args)) {
    if (typeof args !== 'object') throw invalidArgType('args', 'Array', args);
    options = args;
    args = [];
  }
  options = { ...options };
  args = args || [];
  let stdio = options.stdio;
  if (stdio === undefined) {
    stdio = options.silent ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['inherit', 'inherit', 'inherit', 'ipc'];
  } else if (typeof stdio === 'string') {
    stdio = [stdio, stdio, stdio, 'ipc'];
  } else if (!stdio.includes('ipc')) {
    throw nodeError(Error, 'ERR_CHILD_PROCESS_IPC_REQUIRED', "Forked processes must have an IPC channel, missing value 'ipc' in options.stdio");
  }
  const execPath = options.execPath || process.execPath;
  const execArgv = options.execArgv || process.execArgv;
  return spawn(execPath, [...execArgv, modulePath, ...args], { ...options, stdio, shell: false });
}

for (const fn of [exec, execFile]) {
  Object.defineProperty(fn, Symbol.for('nodejs.util.promisify.custom'), {
    value: promisifiedWithChild(fn), enumerable: false, writable: false, configurable: true,
  });
}

module.exports = { spawn, exec, execFile, spawnSync, execSync, execFileSync, fork, ChildProcess };

