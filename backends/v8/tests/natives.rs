//! The natives of JavaScript guests (`__burrow` in shim.cc) with the values the `v8_callbacks`
//! fuzz target found them mishandling: through the real node guest where a guest reaches the
//! native (`__burrow_codecs`, `console.log`, typed arrays), else directly with the `fuzzing`
//! feature's runner (`V8::run_natives`, which no guest reaches).

use std::sync::OnceLock;
use std::time::Duration;

use burrow::kernel::limits::Limits;
use burrow::{BackendKind, Runtime, Vm};
use burrow_kernel::limits::FsQuota;
use burrow_kernel::syscall::ChildOptions;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::Kernel;
use burrow_v8::fuzzing::{NativesRun, RunStatus};
use burrow_v8::{V8Config, V8};

fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| Runtime::builder().build().expect("runtime")).clone()
}

/// Runs `node -e script` on V8 in a VM with a memory limit of `memory` bytes: (stdout, stderr,
/// exit code).
fn node(script: &str, memory: u64) -> (String, String, i32) {
    let limits = Limits { memory, ..Limits::default() };
    let vm = Vm::builder().runtime(&runtime()).backend(BackendKind::V8).limits(limits).build().expect("vm");
    let out = vm.run(&["node", "-e", script]).expect("node runs");
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned(), out.code())
}

/// Fills the ArrayBuffer allocator up to the memory limit (to less than 4 KiB), keeping the
/// buffers in `globalThis.keep`.
const FILL: &str = "globalThis.keep = []; for (let n = 1 << 24; n >= 4096; ) { try { keep.push(new ArrayBuffer(n)); } catch (e) { n >>= 1; } }\n";

/// Whether a guest ended as the output of a run at the memory limit may: `expected` on stdout,
/// or stopped for the limit (what V8 does when the heap finds no room left beside the buffers).
/// Either way the host process (this test) is alive.
fn full_run_ok((stdout, stderr, code): (String, String, i32), expected: &str) {
    let stopped = code == 137 && stderr.contains("limit `memory` exceeded");
    assert!(
        stopped || (stdout.ends_with(expected) && code == 0),
        "stdout: {stdout}\nstderr: {stderr}\nexit code: {code}"
    );
}

/// After [`FILL`]: fills the rest to less than 65 bytes (smaller stores are never refused).
const TO_THE_BYTE: &str =
    "for (let n = 2048; n > 64; ) { try { keep.push(new ArrayBuffer(n)); } catch (e) { n >>= 1; } }\n";

#[test]
fn utf8_encode_past_the_memory_limit_does_not_abort_the_host() {
    // v8::ArrayBuffer::New aborted the host process ("Fatal process OOM in
    // v8::ArrayBuffer::New") when the allocator refused; so did console.log in a full run.
    let script = format!(
        "{FILL}let r; try {{ __burrow_codecs.utf8Encode('x'.repeat(5000)); r = 'no error'; }} catch (e) {{ r = e.name; }}\n\
         let l; try {{ console.log('full'); l = 'printed'; }} catch (e) {{ l = e.name; }}\n\
         keep = null; console.log(r, l);"
    );
    full_run_ok(node(&script, 64 << 20), "RangeError printed\n");
    assert_eq!(natives(&format!("{FILL}let r; try {{ __burrow.utf8Encode('x'.repeat(5000)); r = 'no error'; }} catch (e) {{ r = e.name; }} r")), "RangeError");
}

#[test]
fn the_buffer_of_a_small_typed_array_past_the_memory_limit_is_granted() {
    // A typed array of at most 64 bytes lives on the heap until its buffer is asked for; V8
    // aborted the host when the allocator refused that buffer (JSTypedArray::GetBuffer), as
    // the `op` native asks for it.
    let script = format!(
        "const small = Array.from({{ length: 64 }}, (_, i) => new [Uint8Array, Float64Array, Int16Array][i % 3](8 >> (i % 3)));\n\
         {FILL}{TO_THE_BYTE}const total = small.reduce((n, v) => n + v.buffer.byteLength, 0);\n\
         keep = null; console.log(total);"
    );
    full_run_ok(node(&script, 64 << 20), "932\n");
    let script = format!(
        "const small = Array.from({{ length: 64 }}, () => new Uint8Array(64)); {FILL}{TO_THE_BYTE}\
         String(small.every((v) => __burrow.op(0, 0, 0, 0, v) > -1e9))"
    );
    assert_eq!(natives(&script), "true");
}

#[test]
fn utf8_encode_of_a_string_flattened_past_the_heap_limit_does_not_abort_the_host() {
    // Measuring the string flattens it (128 MiB, past the heap limit: V8 lets the heap grow
    // for the termination to unwind); a garbage collection forced then, before retrying the
    // refused store, made V8 abort the host ("Reached heap limit"). Found by v8_callbacks.
    let script = "__burrow_codecs.utf8Encode('\\uD800'.repeat(2 ** 26)); console.log('encoded');";
    for memory in [16 << 20, 48 << 20] {
        let (stdout, stderr, code) = node(script, memory);
        let stopped = code == 137 && stderr.contains("limit `memory` exceeded");
        let refused = code == 1 && stderr.contains("RangeError: Array buffer allocation failed");
        assert!(stdout.is_empty() && (stopped || refused), "stdout: {stdout}\nstderr: {stderr}\nexit code: {code}");
        let run = natives_run("try { __burrow.utf8Encode('\\uD800'.repeat(2 ** 26)); } catch (e) {} 'ran'", memory);
        assert!(run.status == RunStatus::Terminated && run.info.heap_limit_hit || run.text == "ran", "{run:?}");
    }
}

#[test]
fn utf8_decode_clamps_any_number_as_an_index() {
    // Infinity and 1e300 were cast to size_t (undefined; 0 on x86-64): `end` Infinity gave "".
    let script = "const d = __burrow_codecs.utf8Decode, v = new Uint8Array([65, 66, 67]);\n\
                  console.log(JSON.stringify([d(v, 0, Infinity), d(v, 1e300), d(v, -Infinity, 2), d(v, NaN, NaN), \
                  d(v, 1, 2 ** 64), d(v, 2.5), d(v, -0, 1)]));";
    let (stdout, stderr, code) = node(script, 256 << 20);
    assert_eq!((stdout.as_str(), code), ("[\"ABC\",\"\",\"AB\",\"\",\"BC\",\"C\",\"A\"]\n", 0), "stderr: {stderr}");
}

/// Runs `script` with `__burrow` in reach (`V8::run_natives`) in a VM with a memory limit of
/// `memory` bytes.
fn natives_run(script: &str, memory: u64) -> NativesRun {
    static V8: OnceLock<std::sync::Arc<V8>> = OnceLock::new();
    let v8 = V8.get_or_init(|| V8::new(V8Config { pool_size: 0, ..V8Config::default() }).expect("V8"));
    let limits = Limits { memory, ..Limits::default() };
    let kernel = Kernel::new(MemFs::new(std::sync::Arc::new(FsQuota::new(&limits))), limits);
    let task = kernel.init().new_child(ChildOptions::default()).expect("a process");
    v8.run_natives(task, script, Duration::from_secs(10), Box::new(|_, _, _| {})).expect("a run")
}

/// The completion value of `script` run by [`natives_run`] (memory limit 64 MiB).
fn natives(script: &str) -> String {
    let run = natives_run(script, 64 << 20);
    assert_eq!(run.status, RunStatus::Returned, "{script}: {}", run.text);
    run.text
}

/// The name of what `expr` throws (or "none").
fn thrown(expr: &str) -> String {
    natives(&format!("const N = __burrow; (() => {{ try {{ {expr}; return 'none'; }} catch (e) {{ return e instanceof Error ? e.name : typeof e + ':' + String(e); }} }})()"))
}

#[test]
fn evaluating_a_module_that_is_not_instantiated_throws() {
    // V8 aborted the host (an API check in Module::Evaluate).
    assert_eq!(thrown("N.evaluateModule(N.compileModule('export const a = 1;', 'm.mjs'))"), "TypeError");
    let script = "const N = __burrow; const id = N.syntheticModule('s', ['a'], () => ({ a: 1 })); \
                  try { N.evaluateModule(id); } catch (e) {} N.instantiateModule(id); N.evaluateModule(id); \
                  String(N.moduleNamespace(id).a)";
    assert_eq!(natives(script), "1");
}

#[test]
fn an_exception_from_converting_an_op_code_goes_on_as_it_is() {
    // It was replaced by "op: bad code" (and a termination by that TypeError).
    assert_eq!(thrown("N.op({ valueOf() { throw 'mine'; } })"), "string:mine");
    assert_eq!(thrown("N.op(Symbol())"), "TypeError");
    assert_eq!(thrown("N.op()"), "TypeError");
}

#[test]
fn link_module_wants_string_specifiers() {
    let script = "N.linkModule(N.compileModule('', 'a.mjs'), [{ toString() { throw 'no'; } }], [0])";
    assert_eq!(thrown(script), "TypeError");
}
