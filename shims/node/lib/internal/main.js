'use strict';
// What `node` runs: `node [options] [FILE | -e CODE | -p CODE | -] [args...]`.

const { natives, op, OP, writeAll, readAll } = require('internal/io');
const { Module, runMain, evalModule, readText } = require('internal/modules/cjs');
const esm = require('internal/modules/esm');

const USAGE = `Usage: node [options] [ script.js ] [arguments]
       node [options] -e "script" [arguments]
       node [options] -p "script" [arguments]

Options:
  -                      script read from stdin (default if no file name is provided)
  --                     indicate the end of node options
  -c, --check            syntax check script without executing
  -e, --eval script      evaluate script
  -h, --help             print node command line options
  -p, --print [...]      evaluate script and print result
  -r, --require module   module to preload
  -v, --version          print Node.js version
`;

function fail(message, status = 9) {
  writeAll(2, natives.utf8Encode(`${process.argv0}: ${message}\n`));
  op(OP.EXIT, status);
}

/** Splits `process.argv` (as started) into options, the script and its arguments. */
function parse(args) {
  const o = { eval: null, print: false, check: false, preload: [], script: null, rest: [], inputType: 'commonjs' };
  let i = 0;
  while (i < args.length) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-' || !a.startsWith('-')) break;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    const value = () => {
      if (inline !== null) return inline;
      i++;
      if (i >= args.length) fail(`${flag} requires an argument`);
      return args[i];
    };
    switch (flag) {
      case '-e': case '--eval': o.eval = value(); break;
      case '-p': case '--print': o.print = true; o.eval = value(); break;
      case '-pe': case '-ep': o.print = true; o.eval = value(); break;
      case '-c': case '--check': o.check = true; break;
      case '-r': case '--require': o.preload.push(value()); break;
      case '-v': case '--version': o.version = true; break;
      case '-h': case '--help': o.help = true; break;
      case '-i': case '--interactive': fail('the REPL is not supported in Burrow'); break;
      case '--input-type':
        o.inputType = value();
        if (o.inputType !== 'module' && o.inputType !== 'commonjs') fail(`--input-type must be "module" or "commonjs"`);
        break;
      case '--no-warnings': process.noProcessWarnings = true; break;
      case '--no-deprecation': process.noDeprecation = true; break;
      case '--trace-uncaught': case '--trace-warnings': case '--enable-source-maps': case '--no-experimental-fetch':
        break;
      case '--stack-size': case '--max-old-space-size': value(); break;
      default:
        if (flag.startsWith('--max-old-space-size') || flag.startsWith('--stack-size')) break;
        fail(`bad option: ${a}`);
    }
    i++;
  }
  if (o.eval === null && i < args.length) {
    o.script = args[i];
    i++;
  }
  o.rest = args.slice(i);
  return o;
}

/**
 * Runs `source` as a script named `name` with the module variables of a file in the cwd, or as
 * an ES module with `--input-type=module`.
 */
function evalScript(name, source, print, inputType) {
  if (inputType === 'module') {
    if (print) fail('--print cannot be used with ESM input');
    esm.evalModule(source, name);
    return;
  }
  const { module, require } = evalModule(name, process.cwd());
  const vars = { module, exports: module.exports, require, __filename: name, __dirname: '.' };
  for (const k of Object.keys(vars)) globalThis[k] = vars[k];
  const result = natives.runScript(source, name);
  if (print) console.log(result);
}

function main(process) {
  if (process.env.NODE_CHANNEL_FD !== undefined) require('internal/ipc').setupChild(process);
  const o = parse(process.argv.slice(1));
  if (o.version) {
    writeAll(1, natives.utf8Encode(`${process.version}\n`));
    op(OP.EXIT, 0);
  }
  if (o.help) {
    writeAll(1, natives.utf8Encode(USAGE));
    op(OP.EXIT, 0);
  }
  for (const request of o.preload) Module._load(request, evalModule('[preload]', process.cwd()).module, false);
  if (o.eval !== null) {
    process.argv = [process.argv[0], ...o.rest];
    evalScript('[eval]', o.eval, o.print, o.inputType);
    return;
  }
  if (o.script === null || o.script === '-') {
    process.argv = [process.argv[0], ...(o.script === '-' ? ['-'] : []), ...o.rest];
    evalScript('[stdin]', natives.utf8Decode(readAll(0)), false, o.inputType);
    return;
  }
  const filename = Module._resolveFilename(require('path').resolve(o.script), null, true);
  process.argv = [process.argv[0], filename, ...o.rest];
  const isModule = esm.isModuleFile(filename);
  if (o.check) {
    if (isModule) esm.check(filename);
    else natives.compileFunction(readText(filename), filename, []);
    return;
  }
  if (isModule) esm.runMain(filename);
  else runMain(filename);
}

/** When the event loop has run dry, before the process exits on its own. */
function atLoopEnd() {
  esm.atLoopEnd();
}

module.exports = { main, atLoopEnd };
