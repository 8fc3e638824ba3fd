//! V8's native callbacks, the functions a JavaScript guest's bootstrap gets as `__burrow`
//! (`backends/v8/src/shim.cc`, "JavaScript guests": `op`, the compilers, the module natives,
//! the codecs, what util.inspect reads), called with arbitrary JavaScript values: the C++
//! conversions of those values (to numbers, strings, module ids, typed arrays' bytes) are what
//! this target fuzzes, with the real op handler (`burrow_node::call`) behind `op`.
//!
//! From the fuzzer's bytes a script is generated: it builds values (every kind of number,
//! BigInts, strings with lone surrogates or huge, symbols, objects, arrays with getters,
//! functions, objects whose `valueOf` / `toString` / `Symbol.toPrimitive` throw, return odd
//! values, re-enter the natives or detach buffers, proxies, revoked proxies, every typed array
//! kind and DataView over plain, shared, wasm-memory and detached buffers, subarrays at
//! offsets, promises, collections, errors) and calls the natives with them (any argument
//! count, as constructors, with another `this`), with modules compiled, linked, instantiated
//! and evaluated in any order. It runs through `V8::run_natives` (burrow-v8's `fuzzing`
//! feature: a fresh context with `__burrow`, no bootstrap; unreachable from guests) as a
//! process of a fuzzed VM ([`burrow_fuzz::vm`]), with a 16 MiB memory limit that the script
//! can fill.
//!
//! Checked: the host survives (a V8 CHECK or fatal error aborts the fuzzer: a finding); a
//! native throws only a TypeError or RangeError for bad input (a SyntaxError from the
//! compilers, the module's own exception from the natives that run guest code, whatever a
//! hook threw as it is), and the script can catch it; no native is constructible; results
//! have their types (`op` a finite number, `utf8ByteLength` the length of `utf8Encode`); the
//! set of natives is the one this target knows; every op's buffer never holds the host's
//! secret; accounting within limits after every op; at the end stat sizes equal contents and
//! everything is released back to the baseline.

#![no_main]

use std::fmt::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use arbitrary::Arbitrary;
use burrow_fuzz::hostdir::HostDir;
use burrow_fuzz::vm::Vm;
use burrow_fuzz::watchdog::Watchdog;
use burrow_fuzz::{check, guest};
use burrow_kernel::limits::Limits;
use burrow_v8::fuzzing::RunStatus;
use burrow_v8::{V8Config, V8};
use libfuzzer_sys::fuzz_target;

/// Every native of `__burrow` (shim.cc `InstallNatives`); the script fails if the set differs.
const NATIVES: &[&str] = &[
    "op",
    "builtin",
    "compileFunction",
    "runMicrotasks",
    "runScript",
    "setRejectHandler",
    "utf8Decode",
    "utf8Encode",
    "utf8ByteLength",
    "compileModule",
    "moduleRequests",
    "syntheticModule",
    "linkModule",
    "instantiateModule",
    "evaluateModule",
    "moduleNamespace",
    "setModuleHooks",
    "errorArrow",
    "getPromiseDetails",
    "getProxyDetails",
    "previewEntries",
    "heapStatistics",
];

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "NaN",
    "Infinity",
    "-Infinity",
    "2 ** 53",
    "2 ** 53 + 2",
    "-(2 ** 53)",
    "2 ** 64",
    "2 ** 32 - 1",
    "2 ** 32",
    "-(2 ** 31)",
    "1e300",
    "-1e300",
    "5e-324",
    "0.5",
    "-0.5",
    "4200",
    "65536",
    "2",
    "3",
    "7",
    "34",
    "40",
    "43",
    "1.5",
    "255",
    "256",
];

const BIGINTS: &[&str] = &["0n", "-1n", "2n ** 64n", "2n ** 64n - 1n", "-(2n ** 63n)", "2n ** 1000n", "1n", "5n"];

/// Strings: module, script and function sources (some invalid), specifiers, builtin names,
/// odd code points (JavaScript source of a double-quoted literal: no `"`).
const STRINGS: &[&str] = &[
    "",
    "a",
    "export const a = 1; export default 2;",
    "import { a } from 'm0'; export { a };",
    "import x from 'm1'; export default x;",
    "export * from 'm0'; export const b = 2;",
    "await 0; export const t = 1;",
    "await new Promise(() => {});",
    "throw new RangeError('m');",
    "export const m = import.meta;",
    "import('m0').then(() => {}, () => {}); export {};",
    "export const x = ;",
    "import { nope } from 'm0';",
    "globalThis.R && R(); export const r = 1;",
    "1 + 1",
    "import('x')",
    "(function () { throw new TypeError('t'); })()",
    "let let = ;",
    "Promise.reject(new Error('r'))",
    "new Promise(() => {})",
    "return a + b",
    "return globalThis.R && R()",
    "throw 1",
    "m0",
    "m1",
    "m2",
    "default",
    "internal/bootstrap",
    "buffer",
    "node:fs",
    "\\uD800",
    "\\uDC00x",
    "a\\uD800b",
    "\\0",
    "\\uD83D\\uDE00",
    "\\u00e9t\\u00e9",
    "a b",
    "1x",
    "...r",
    "x = 1",
    "m.mjs",
    "file:///m.mjs",
];

/// A value the script builds (into `V`).
#[derive(Arbitrary, Debug)]
enum Val {
    Number(u8),
    Int(i32),
    Float(f64),
    BigInt(u8),
    BigIntOf(i64),
    Str(u8),
    Text(Vec<u16>),
    /// `s.repeat(2 ** k)` (k up to 27).
    Huge(u8, u8),
    Symbol(u8),
    Primitive(u8),
    Object(u8),
    Array(Vec<u8>),
    /// An array whose element `at` is a getter running a hook.
    ArrayGetter(u8, Hook),
    Function(u8, u8),
    /// An object converting to a primitive through a hook.
    Convertible(u8, Hook),
    Proxy(u8, u8, Hook),
    Revoked(u8),
    View(View),
    Promise(u8, u8),
    Collection(u8, Vec<u8>),
    Error(u8, Hook),
    Memory,
}

/// What a hook (valueOf, a getter, a proxy trap...) does when called.
#[derive(Arbitrary, Debug)]
enum Hook {
    Return(u8),
    Throw,
    ThrowSymbol,
    /// Calls a native (its exception checked and caught), then returns a value.
    Reenter(Call, u8),
    ReturnObject,
    /// Detaches the buffers of wasm memory `k` (grows it), then returns a value.
    Detach(u8, u8),
    Fill(u8),
    Release(u8),
}

#[derive(Arbitrary, Debug)]
struct View {
    kind: u8,
    len: u16,
    offset: u8,
    backing: u8,
    bytes: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
struct Call {
    native: u8,
    args: Vec<u8>,
    style: u8,
}

#[derive(Arbitrary, Debug)]
enum Step {
    Make(Val),
    Call(Call),
    /// Compiles a module and takes it through linking, instantiation, evaluation and its
    /// namespace, as far as `depth` says.
    Module {
        source: u8,
        url: u8,
        links: Vec<(u8, u8)>,
        depth: u8,
    },
    /// `syntheticModule(url, names, () => ({...}))`.
    Synthetic {
        url: u8,
        names: Vec<u8>,
        value: u8,
    },
    /// Sets the global `R()` that sources call back into.
    Reentry(Call),
    Fill,
    Release,
    Microtasks,
    /// Detaches the buffers of wasm memory `k`.
    Detach(u8),
}

#[derive(Arbitrary, Debug)]
struct Input {
    steps: Vec<Step>,
}

/// The script's fixed part: the natives, the value list `V`, the checks.
const PRELUDE: &str = r#"'use strict';
const N = globalThis.__burrow;
const NAMES = __NAMES__;
const bad = [];
{
  const have = Object.keys(N).sort().join(','), want = NAMES.slice().sort().join(',');
  if (have !== want) bad.push('the natives changed: ' + have);
}
const V = [];
const MEM = [];
const KEEP = [];
let budget = 300;
class HookError extends Error {}
const HOOK_SYM = Symbol('hook');
// Natives that run guest code (a script, a module, microtasks): anything may come out.
const RUNNERS = new Set(['runScript', 'evaluateModule', 'runMicrotasks']);
const SYNTAX = new Set(['compileFunction', 'runScript', 'compileModule', 'instantiateModule']);
function describe(e) {
  try {
    if (typeof e === 'object' && e !== null) return String(e.constructor && e.constructor.name) + ': ' + String(e.message);
    return typeof e + ': ' + String(e);
  } catch (_) { return typeof e; }
}
// What each call came to (native, kind of result or exception, detail): fed back to libFuzzer
// as coverage, since V8 and the shim are not instrumented.
const OUT = [];
function out(name, kind, detail) {
  if (OUT.length < 4000) OUT.push(NAMES.indexOf(name) + '.' + kind + '.' + detail);
}
function kindOf(r) {
  if (r === null) return 'null';
  if (typeof r !== 'object' && typeof r !== 'function') return typeof r;
  try { return Object.prototype.toString.call(r).slice(8, -1); } catch (_) { return 'opaque'; }
}
function check(name, e) {
  try {
    if (e === HOOK_SYM) out(name, 'hooksym', '');
    else if (RUNNERS.has(name) || typeof e !== 'object' || e === null) out(name, 'throw', typeof e);
    else out(name, 'throw', String(e.constructor && e.constructor.name) + '.' + String(e.message).slice(0, 40));
  } catch (_) { out(name, 'throw', 'opaque'); }
  if (RUNNERS.has(name)) return;
  if (e === HOOK_SYM) return;
  if (typeof e === 'object' && e !== null && !(e instanceof Error)) { bad.push(name + ' threw a non-error'); return; }
  if (e instanceof HookError || e instanceof TypeError || e instanceof RangeError) return;
  if (e instanceof SyntaxError && SYNTAX.has(name)) return;
  if (name === 'instantiateModule' && e instanceof Error && String(e.message).startsWith('Cannot find module')) return;
  bad.push(name + ' threw ' + describe(e));
}
function result(name, args, r) {
  out(name, kindOf(r), typeof r === 'number' && Number.isInteger(r) && r > -300 && r < 300 ? r : '');
  if (name === 'op' && (typeof r !== 'number' || !Number.isFinite(r))) bad.push('op returned ' + String(r));
  if (name === 'utf8Encode' && !(r instanceof Uint8Array)) bad.push('utf8Encode returned ' + describe(r));
  if (name === 'utf8Decode') {
    if (typeof r !== 'string') bad.push('utf8Decode returned ' + describe(r));
    else if (ArrayBuffer.isView(args[0]) && args.slice(1, 3).every((a) => typeof a === 'number' || a === undefined)) {
      // The same as decoding the bytes between the indices clamped to [0, length].
      const all = new Uint8Array(args[0].buffer, args[0].byteOffset, args[0].byteLength);
      const at = (a, d) => (typeof a !== 'number' ? d : a > 0 ? Math.min(Math.floor(a), all.length) : 0);
      const start = at(args[1], 0), end = at(args[2], all.length);
      let want;
      try { want = N.utf8Decode(all.slice(start, Math.max(start, end))); } catch (_) {}
      if (want !== undefined && want !== r) bad.push('utf8Decode(view, ' + String(args[1]) + ', ' + String(args[2]) + ') gave ' + r.length + ' units, not ' + want.length);
    }
  }
  if (name === 'utf8Encode' && r instanceof Uint8Array && typeof args[0] === 'string' && args[0].length < 4096) {
    let back;
    try { back = N.utf8Decode(r); } catch (_) {}
    if (back !== undefined && !/[\uD800-\uDFFF]/.test(args[0]) && back !== args[0]) bad.push('utf8Encode does not round-trip');
  }
  if (name === 'utf8ByteLength') {
    if (!Number.isInteger(r) || r < 0) bad.push('utf8ByteLength returned ' + String(r));
    else if (r < 4096) {
      let e;
      try { e = N.utf8Encode(args[0]); } catch (x) { e = undefined; }
      if (e !== undefined && e.length !== r) bad.push('utf8ByteLength ' + r + ' but utf8Encode ' + e.length);
    }
  }
  if (name === 'heapStatistics' && !(Array.isArray(r) && r.length === 4 && r.every((x) => typeof x === 'number'))) {
    bad.push('heapStatistics returned ' + describe(r));
  }
}
const SLOW = new Set([34, 40, 43]);
function C(name, args, style) {
  if (name === 'op' && typeof args[0] === 'number' && SLOW.has(args[0] >>> 0)) {
    args = args.map((a, i) => (i > 0 && typeof a === 'number' && a > 5 ? 5 : a));
  }
  let r;
  try {
    const f = N[name];
    switch (style % 6) {
      case 1: r = new f(...args); bad.push(name + ' is constructible'); return;
      case 2: r = Reflect.apply(f, V.length ? V[V.length - 1] : undefined, args); break;
      case 3: r = f(...args, ...args, ...args, ...args, ...args, ...args); break;
      case 4: r = f(); break;
      default: r = f(...args);
    }
  } catch (e) { check(name, e); return; }
  if (style % 6 !== 3) result(name, args, r);
  return r;
}
function hook(f) {
  if (--budget < 0) return 0;
  return f();
}
function fill() {
  for (let n = 1 << 22; n > 64; ) { try { KEEP.push(new ArrayBuffer(n)); } catch (e) { n >>= 1; } }
}
function detach(k) {
  const m = MEM[k % (MEM.length || 1)];
  if (m) try { m.grow(1); } catch (e) {}
}
function mem() {
  if (MEM.length >= 4) return MEM[MEM.length - 1];
  const m = new WebAssembly.Memory({ initial: 1, maximum: 4 });
  MEM.push(m);
  return m;
}
function bytes(list, n) {
  const u = new Uint8Array(n);
  for (let i = 0; i < n && list.length; i++) u[i] = list[i % list.length];
  return u;
}
const KINDS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array];
function view(k, n, off, backing, list) {
  const K = KINDS[k % KINDS.length];
  const isDataView = k % (KINDS.length + 1) === KINDS.length;
  const size = K.BYTES_PER_ELEMENT;
  const count = n;
  let buffer;
  switch (backing % 7) {
    case 1:
      if (typeof SharedArrayBuffer !== 'function') return new K(count);
      buffer = new SharedArrayBuffer(count * size + off * size);
      break;
    case 2: {
      buffer = mem().buffer;
      break;
    }
    case 3: {
      const m = new WebAssembly.Memory({ initial: 1, maximum: 2 });
      const v = isDataView ? new DataView(m.buffer, off) : new K(m.buffer, off * size, Math.min(count, 1024));
      m.grow(1);
      return v;
    }
    case 4: return new K(bytes(list, (count + off) * size).buffer).subarray(off, off + count);
    case 5: return bytes(list, count * size).buffer;
    default:
      buffer = bytes(list, (count + off) * size).buffer;
  }
  if (isDataView) return new DataView(buffer, Math.min(off, buffer.byteLength));
  return new K(buffer, off * size, Math.min(count, Math.floor(buffer.byteLength / size) - off));
}
"#;

/// Generates the script for `input`.
struct Gen {
    out: String,
    /// Values pushed so far (what `V` holds when the step runs, if each push succeeded: a
    /// failed one pushes `undefined`).
    values: usize,
}

fn js_string(units: &[u16]) -> String {
    let mut s = String::from("'");
    for u in units.iter().take(256) {
        let _ = write!(s, "\\u{u:04x}");
    }
    s.push('\'');
    s
}

fn js_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if f == 0.0 && f.is_sign_negative() {
        "-0".into()
    } else {
        format!("{f:e}")
    }
}

impl Gen {
    /// `V[i]` for an index the fuzzer gave.
    fn v(&self, i: u8) -> String {
        if self.values == 0 {
            "undefined".into()
        } else {
            format!("V[{}]", usize::from(i) % self.values)
        }
    }

    fn args(&self, args: &[u8]) -> String {
        let list: Vec<String> = args.iter().take(8).map(|&a| self.v(a)).collect();
        format!("[{}]", list.join(", "))
    }

    fn call(&self, call: &Call) -> String {
        let name = NATIVES[usize::from(call.native) % NATIVES.len()];
        format!("C('{name}', {}, {})", self.args(&call.args), call.style)
    }

    fn hook(&self, hook: &Hook) -> String {
        match hook {
            Hook::Return(r) => format!("hook(() => {})", self.v(*r)),
            Hook::Throw => "hook(() => { throw new HookError('hook'); })".into(),
            Hook::ThrowSymbol => "hook(() => { throw HOOK_SYM; })".into(),
            Hook::Reenter(call, r) => format!("hook(() => {{ {}; return {}; }})", self.call(call), self.v(*r)),
            Hook::ReturnObject => "hook(() => ({}))".into(),
            Hook::Detach(k, r) => format!("hook(() => {{ detach({k}); return {}; }})", self.v(*r)),
            Hook::Fill(r) => format!("hook(() => {{ fill(); return {}; }})", self.v(*r)),
            Hook::Release(r) => format!("hook(() => {{ KEEP.length = 0; return {}; }})", self.v(*r)),
        }
    }

    fn value(&self, val: &Val) -> String {
        let pick = |list: &[&str], i: u8| list[usize::from(i) % list.len()].to_string();
        match val {
            Val::Number(i) => pick(NUMBERS, *i),
            Val::Int(i) => format!("({i})"),
            Val::Float(f) => format!("({})", js_float(*f)),
            Val::BigInt(i) => pick(BIGINTS, *i),
            Val::BigIntOf(i) => format!("({i}n)"),
            Val::Str(i) => format!("\"{}\"", pick(STRINGS, *i)),
            Val::Text(units) => js_string(units),
            Val::Huge(s, k) => format!("'{}'.repeat(2 ** {})", pick(&["x", "\\uD800", "\\u00e9", "ab\\n"], *s), k % 28),
            Val::Symbol(i) => pick(&["Symbol()", "Symbol.iterator", "Symbol.for('x')", "Symbol.toPrimitive"], *i),
            Val::Primitive(i) => pick(&["null", "undefined", "true", "false"], *i),
            Val::Object(i) => pick(
                &[
                    "{}",
                    "Object.create(null)",
                    "[]",
                    "[1, 2, 3]",
                    "new Array(5)",
                    "({ length: 2 ** 32 - 1 })",
                    "Object.freeze(['a', 'b'])",
                    "globalThis",
                    "N",
                    "N.op",
                    "Math",
                    "new Date(NaN)",
                    "/re/g",
                    "new WeakRef({})",
                    "(class {})",
                    "(async function () {})",
                    "(function* () {})()",
                    "Function.prototype",
                    "N.op.bind(null, 0)",
                    "new Array(2 ** 20)",
                    "Array.from({ length: 600 }, (_, i) => 'p' + i)",
                    "['a', 'a']",
                    "['1x']",
                    "[0, 1, 2]",
                    "['m0', 'm1']",
                    "new ArrayBuffer(16)",
                    "new Uint8Array(0)",
                ],
                *i,
            ),
            Val::Array(items) => self.args(items),
            Val::ArrayGetter(at, h) => format!(
                "(() => {{ const a = [0, 1, 2]; Object.defineProperty(a, {}, {{ get() {{ return {}; }} }}); return a; }})()",
                at % 4,
                self.hook(h)
            ),
            Val::Function(kind, r) => match kind % 5 {
                0 => format!("(() => {})", self.v(*r)),
                1 => format!("(function (...a) {{ return {}; }})", self.v(*r)),
                2 => format!("(async () => {})", self.v(*r)),
                3 => format!("(() => {{ throw {}; }})", self.v(*r)),
                _ => format!("(() => ({{ a: {}, default: {} }}))", self.v(*r), self.v(r.wrapping_add(1))),
            },
            Val::Convertible(via, h) => {
                let f = self.hook(h);
                match via % 4 {
                    0 => format!("({{ valueOf() {{ return {f}; }} }})"),
                    1 => format!("({{ toString() {{ return {f}; }} }})"),
                    2 => format!("({{ [Symbol.toPrimitive]() {{ return {f}; }} }})"),
                    _ => format!("({{ valueOf() {{ return {f}; }}, toString() {{ return {f}; }} }})"),
                }
            }
            Val::Proxy(t, trap, h) => {
                let f = self.hook(h);
                let trap = ["get(t, k) { return HOOK; }", "has() { return !!HOOK; }", "getPrototypeOf() { HOOK; return null; }",
                    "ownKeys() { HOOK; return ['a']; }", "apply() { return HOOK; }", "getOwnPropertyDescriptor() { HOOK; return undefined; }"]
                    [usize::from(*trap) % 6]
                    .replace("HOOK", &f);
                format!("new Proxy(Object({}), {{ {trap} }})", self.v(*t))
            }
            Val::Revoked(t) => format!("(() => {{ const p = Proxy.revocable(Object({}), {{}}); p.revoke(); return p.proxy; }})()", self.v(*t)),
            Val::View(v) => {
                let list: Vec<String> = v.bytes.iter().take(64).map(|b| b.to_string()).collect();
                let len = match v.len % 8 {
                    0 => 0,
                    1..=4 => v.len as usize % 17,
                    5 => 64,
                    6 => 65,
                    _ => v.len as usize % 4200,
                };
                format!("view({}, {len}, {}, {}, [{}])", v.kind, v.offset % 9, v.backing, list.join(","))
            }
            Val::Promise(kind, r) => match kind % 4 {
                0 => format!("Promise.resolve({})", self.v(*r)),
                1 => format!("Promise.reject({})", self.v(*r)),
                2 => "new Promise(() => {})".into(),
                _ => format!("(async () => {{ await null; throw {}; }})()", self.v(*r)),
            },
            Val::Collection(kind, items) => {
                let items = self.args(items);
                match kind % 8 {
                    0 => format!("new Map({items}.map((x, i) => [x, i]))"),
                    1 => format!("new Set({items})"),
                    2 => format!("new Map({items}.map((x, i) => [x, i])).entries()"),
                    3 => format!("new Set({items}).values()"),
                    4 => format!("(() => {{ const w = new WeakMap(); for (const x of {items}) if (Object(x) === x) w.set(x, 1); return w; }})()"),
                    5 => format!("new WeakSet({items}.filter((x) => Object(x) === x))"),
                    6 => format!("{items}.values()"),
                    _ => format!("(() => {{ const it = new Set({items}).values(); it.next(); return it; }})()"),
                }
            }
            Val::Error(kind, h) => match kind % 6 {
                0 => "new Error('e')".into(),
                1 => "new TypeError('t')".into(),
                2 => "(() => { try { N.runScript('let let = ;', 's.js'); } catch (e) { return e; } })()".into(),
                3 => format!("(() => {{ const e = new Error('s'); Object.defineProperty(e, 'stack', {{ get() {{ return {}; }} }}); return e; }})()", self.hook(h)),
                4 => "(() => { const e = new RangeError('r'); e.stack = 'rewritten'; return e; })()".into(),
                _ => "Object.create(Error.prototype)".into(),
            },
            Val::Memory => "mem()".into(),
        }
    }

    fn step(&mut self, step: &Step) {
        match step {
            Step::Make(val) => {
                let expr = self.value(val);
                let _ = writeln!(self.out, "try {{ V.push({expr}); }} catch (e) {{ V.push(undefined); }}");
                self.values += 1;
            }
            Step::Call(call) => {
                let _ = writeln!(self.out, "{};", self.call(call));
            }
            Step::Module { source, url, links, depth } => {
                let src = STRINGS[usize::from(*source) % STRINGS.len()];
                let url = ["m.mjs", "m0", "m1", "file:///a/b.mjs", ""][usize::from(*url) % 5];
                let specs: Vec<String> = links.iter().take(4).map(|(s, _)| format!("'m{}'", s % 3)).collect();
                let ids: Vec<String> = links.iter().take(4).map(|(_, i)| format!("{}", i % 8)).collect();
                let mut s = format!("{{ const id = C('compileModule', [\"{src}\", '{url}'], 0); V.push(id);");
                if depth % 5 >= 1 {
                    let _ = write!(s, " C('linkModule', [id, [{}], [{}]], 0);", specs.join(", "), ids.join(", "));
                }
                if depth % 5 >= 2 {
                    s.push_str(" C('instantiateModule', [id], 0);");
                }
                if depth % 5 >= 3 {
                    s.push_str(" V.push(C('evaluateModule', [id], 0));");
                }
                if depth % 5 >= 4 {
                    s.push_str(" V.push(C('moduleNamespace', [id], 0));");
                }
                s.push_str(" }");
                let _ = writeln!(self.out, "{s}");
                self.values += 1 + usize::from(depth % 5 >= 3) + usize::from(depth % 5 >= 4);
            }
            Step::Synthetic { url, names, value } => {
                let names: Vec<String> = names
                    .iter()
                    .take(4)
                    .map(|n| format!("'{}'", ["a", "default", "b", "a"][usize::from(*n) % 4]))
                    .collect();
                let _ = writeln!(
                    self.out,
                    "V.push(C('syntheticModule', ['s{}', [{}], () => ({{ a: {v}, default: {v}, b: {v} }})], 0));",
                    url % 4,
                    names.join(", "),
                    v = self.v(*value)
                );
                self.values += 1;
            }
            Step::Reentry(call) => {
                let _ = writeln!(self.out, "globalThis.R = () => hook(() => {});", self.call(call));
            }
            Step::Fill => self.out.push_str("fill();\n"),
            Step::Release => self.out.push_str("KEEP.length = 0;\n"),
            Step::Microtasks => self.out.push_str("C('runMicrotasks', [], 0);\n"),
            Step::Detach(k) => {
                let _ = writeln!(self.out, "detach({k});");
            }
        }
    }
}

/// The script for `input`: the prelude, the steps, and a completion value saying what broke.
fn script(input: &Input) -> String {
    let names: Vec<String> = NATIVES.iter().map(|n| format!("'{n}'")).collect();
    let mut g = Gen { out: PRELUDE.replace("__NAMES__", &format!("[{}]", names.join(", "))), values: 0 };
    // Every native at least once, with no argument and with undefined.
    for (i, n) in NATIVES.iter().enumerate() {
        if *n != "op" {
            let _ = writeln!(g.out, "C('{n}', [], {});", i % 2);
        }
    }
    for step in input.steps.iter().take(48) {
        g.step(step);
    }
    g.out.push_str("KEEP.length = 0;\n'done:' + bad.length + ':' + bad.join('\\n') + '\\u0001' + OUT.join(',')\n");
    g.out
}

/// libFuzzer's extra counters (read from this section after every run, cleared before it): one
/// per outcome the script reported, hashed, and per pair of consecutive outcomes.
#[used]
#[link_section = "__libfuzzer_extra_counters"]
static mut OUTCOMES: [u8; 1 << 14] = [0; 1 << 14];

fn count_outcomes(report: &str) {
    let hash = |s: &str, seed: u64| {
        s.bytes().fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    };
    let mut previous = 0u64;
    for outcome in report.split(',') {
        let h = hash(outcome, 0);
        for index in [h, h ^ previous.rotate_left(17)] {
            let i = (index % (1 << 14)) as usize;
            // SAFETY: libFuzzer reads the counters only between runs, on this thread.
            unsafe {
                let counters = &mut *std::ptr::addr_of_mut!(OUTCOMES);
                counters[i] = counters[i].saturating_add(1);
            }
        }
        previous = h;
    }
}

fn backend() -> &'static V8 {
    static V8: OnceLock<Arc<V8>> = OnceLock::new();
    V8.get_or_init(|| {
        V8::new(V8Config { pool_size: 0, js_heap_limit: 16 << 20, platform_threads: 1, ..V8Config::default() })
            .unwrap_or_else(|e| panic!("the V8 backend: {e}"))
    })
}

fuzz_target!(|input: Input| {
    let v8 = backend();
    let vm = Arc::new(Vm::with_limits(Limits { memory: 16 << 20, ..burrow_fuzz::vm::limits() }));
    let task = guest::task(&vm);
    let source = script(&input);
    if std::env::var_os("BURROW_FUZZ_PRINT").is_some() {
        eprintln!("{source}");
    }
    let leaked = Arc::new(AtomicBool::new(false));
    let broke = Arc::new(Mutex::new(None::<String>));
    let observe = {
        let (vm, leaked, broke) = (vm.clone(), leaked.clone(), broke.clone());
        Box::new(move |code: u32, buf: &[u8], r: &burrow_wasi::HostResult<f64>| {
            if HostDir::get().leaks(buf) {
                leaked.store(true, Ordering::SeqCst);
            }
            if let Ok(v) = r {
                if !v.is_finite() {
                    *broke.lock().unwrap() = Some(format!("op {code} returned {v}"));
                }
            }
            check::within_limits(&vm);
        })
    };
    let run = {
        let _dog = Watchdog::arm(vm.init(), Duration::from_millis(300));
        v8.run_natives(task.clone(), &source, Duration::from_secs(5), observe).expect("a run")
    };
    assert!(!leaked.load(Ordering::SeqCst), "MOUNT ESCAPE: an op's buffer holds the host's secret");
    if let Some(b) = broke.lock().unwrap().take() {
        panic!("{b}");
    }
    if let Some(Err(panic)) = &run.stopped {
        panic!("an op or a check panicked: {panic}");
    }
    match run.status {
        RunStatus::Returned => {
            let (verdict, outcomes) = run.text.split_once('\u{1}').unwrap_or((&run.text, ""));
            assert!(verdict.starts_with("done:0:"), "the natives broke an invariant:\n{verdict}");
            count_outcomes(outcomes);
        }
        RunStatus::Exception => panic!("the script failed: {}", run.text),
        // An exit op, a kill, the heap limit or the timeout (a generated script does not loop).
        _ => assert!(
            run.stopped.is_some() || run.info.heap_limit_hit || run.timed_out || task.killed().is_some(),
            "terminated for no reason"
        ),
    }
    check::within_limits(&vm);
    check::sizes_match_contents(&vm.init());
    check::teardown(&vm, &[task]);
});
