'use strict';
// The console: log/info/debug to stdout, error/warn/trace to stderr, formatted by util.format
// (objects by util.inspect), with count, time, group, assert, dir and table.

const util = require('util');

const kCounts = Symbol('counts');
const kTimers = Symbol('timers');
const kIndent = Symbol('indent');

class Console {
  constructor(stdout, stderr, ignoreErrors) {
    const options = stdout && typeof stdout.write !== 'function' ? stdout : { stdout, stderr, ignoreErrors };
    this._stdout = options.stdout;
    this._stderr = options.stderr || options.stdout;
    this[kCounts] = new Map();
    this[kTimers] = new Map();
    this[kIndent] = '';
    for (const name of Object.getOwnPropertyNames(Console.prototype)) {
      if (name !== 'constructor' && typeof this[name] === 'function') this[name] = this[name].bind(this);
    }
  }

  _write(stream, text) {
    if (this[kIndent]) text = this[kIndent] + text.split('\n').join('\n' + this[kIndent]);
    stream.write(text + '\n');
  }

  log(...args) {
    this._write(this._stdout, util.format(...args));
  }

  warn(...args) {
    this._write(this._stderr, util.format(...args));
  }

  dir(object, options) {
    this._write(this._stdout, util.inspect(object, { customInspect: false, ...options }));
  }

  trace(...args) {
    const err = new Error(util.format(...args));
    err.name = 'Trace';
    Error.captureStackTrace(err, this.trace);
    this._write(this._stderr, err.stack);
  }

  assert(condition, ...args) {
    if (!condition) {
      args[0] = args.length > 0 ? `Assertion failed: ${args[0]}` : 'Assertion failed';
      this.warn(...args);
    }
  }

  count(label = 'default') {
    label = `${label}`;
    const n = (this[kCounts].get(label) || 0) + 1;
    this[kCounts].set(label, n);
    this.log(`${label}: ${n}`);
  }

  countReset(label = 'default') {
    this[kCounts].delete(`${label}`);
  }

  time(label = 'default') {
    this[kTimers].set(`${label}`, process.hrtime());
  }

  timeEnd(label = 'default') {
    this.timeLog(label);
    this[kTimers].delete(`${label}`);
  }

  timeLog(label = 'default', ...data) {
    const start = this[kTimers].get(`${label}`);
    if (!start) return process.emitWarning(`No such label '${label}' for console.timeLog()`);
    const [s, ns] = process.hrtime(start);
    const ms = s * 1e3 + ns / 1e6;
    const shown = ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`;
    this.log(`${label}: ${shown}`, ...data);
  }

  group(...label) {
    if (label.length > 0) this.log(...label);
    this[kIndent] += '  ';
  }

  groupEnd() {
    this[kIndent] = this[kIndent].slice(0, -2);
  }

  table(data, properties) {
    if (data === null || typeof data !== 'object') return this.log(data);
    const rows = Object.keys(data);
    const columns = [];
    let hasValues = false;
    for (const r of rows) {
      const v = data[r];
      if (v !== null && typeof v === 'object') {
        for (const c of Object.keys(v)) if (!columns.includes(c) && (!properties || properties.includes(c))) columns.push(c);
      } else {
        hasValues = true;
      }
    }
    const head = ['(index)', ...columns, ...(hasValues ? ['Values'] : [])];
    const fmt = (v) => (v === undefined ? '' : util.inspect(v));
    const body = rows.map((r) => {
      const v = data[r];
      const obj = v !== null && typeof v === 'object';
      return [r, ...columns.map((c) => (obj ? fmt(v[c]) : '')), ...(hasValues ? [obj ? '' : fmt(v)] : [])];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)) + 2);
    const center = (s, w) => {
      const left = Math.floor((w - s.length) / 2);
      return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
    };
    const line = (l, m, r) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
    const out = [line('┌', '┬', '┐'), '│' + head.map((h, i) => center(h, widths[i])).join('│') + '│', line('├', '┼', '┤')];
    for (const row of body) out.push('│' + row.map((c, i) => center(c, widths[i])).join('│') + '│');
    out.push(line('└', '┴', '┘'));
    this.log(out.join('\n'));
  }
}

Console.prototype.info = Console.prototype.log;
Console.prototype.debug = Console.prototype.log;
Console.prototype.error = Console.prototype.warn;
Console.prototype.dirxml = Console.prototype.log;
Console.prototype.groupCollapsed = Console.prototype.group;

// The global console writes to whatever process.stdout/stderr are when it writes (it is made
// before there is a process: with a startup snapshot, once for every process).
const console = new Console({ stdout: null, stderr: null });
Object.defineProperty(console, '_stdout', { get: () => process.stdout, configurable: true });
Object.defineProperty(console, '_stderr', { get: () => process.stderr, configurable: true });
console.Console = Console;

module.exports = console;
