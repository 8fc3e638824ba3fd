//! Regressions of the `wasm_differential` fuzz target (`fuzz/`): modules that ran differently
//! on wasmtime, wasmi and V8. Each must end the same way on all three: status, stdout, stderr.

use burrow::kernel::Signal;
use burrow::{BackendKind, ExitStatus, Vm};

/// Runs `wat` on every backend; panics unless all three agree. Returns the status and stderr.
fn same_everywhere(wat: &str) -> (ExitStatus, String) {
    let wasm = wat::parse_str(wat).expect("the test's module");
    let mut seen = Vec::new();
    for backend in [BackendKind::Wasmtime, BackendKind::Wasmi, BackendKind::V8] {
        let vm = Vm::builder().backend(backend).build().expect("a VM");
        let out = vm
            .module(wasm.clone(), "x")
            .output()
            .expect("the module runs");
        seen.push((
            backend.name(),
            out.status,
            out.stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
    }
    for s in &seen[1..] {
        assert_eq!(
            (&s.1, &s.2, &s.3),
            (&seen[0].1, &seen[0].2, &seen[0].3),
            "{} and {} disagree on\n{wat}",
            seen[0].0,
            s.0
        );
    }
    (seen[0].1, seen[0].3.clone())
}

/// A start function that traps: a trap on every backend (wasmtime and V8 reported a module
/// that cannot start, V8 with a TypeError hiding the trap; wasmi, which runs the start
/// function itself, a trap).
#[test]
fn a_trap_in_the_start_function_is_a_trap() {
    let (status, stderr) = same_everywhere(
        r#"(module (memory (export "memory") 1) (func $s unreachable) (start $s) (func (export "_start")))"#,
    );
    assert_eq!(status, ExitStatus::Signaled(Signal::SIGABRT));
    assert_eq!(
        stderr,
        "burrow: trap: wasm `unreachable` instruction executed\n"
    );
    let (_, stderr) = same_everywhere(
        r#"(module (memory (export "memory") 1) (func $s (drop (i32.div_u (i32.const 1) (i32.const 0)))) (start $s) (func (export "_start")))"#,
    );
    assert_eq!(stderr, "burrow: trap: integer divide by zero\n");
}

/// A start function that exhausts the stack: a trap on every backend (V8 reported a module
/// that cannot start, with its `RangeError`).
#[test]
fn exhausting_the_stack_in_the_start_function_is_a_trap() {
    let (status, stderr) = same_everywhere(
        r#"(module (memory (export "memory") 1) (func $s (call $s)) (start $s) (func (export "_start")))"#,
    );
    assert_eq!(status, ExitStatus::Signaled(Signal::SIGABRT));
    assert_eq!(stderr, "burrow: trap: call stack exhausted\n");
}

/// `proc_exit` in the start function ends the process with its code (wasmtime reported a
/// module that cannot start).
#[test]
fn proc_exit_in_the_start_function_exits() {
    let (status, stderr) = same_everywhere(
        r#"(module
             (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
             (memory (export "memory") 1)
             (func $s (call $exit (i32.const 7)))
             (start $s)
             (func (export "_start") unreachable))"#,
    );
    assert_eq!(status, ExitStatus::Code(7));
    assert_eq!(stderr, "");
}

/// Segments that do not fit their memory or table trap when instantiating, in the same words
/// everywhere (each engine had its own, wasmi's with its internal handles in them).
#[test]
fn segments_out_of_bounds_trap_alike() {
    let (status, stderr) = same_everywhere(
        r#"(module (memory (export "memory") 1) (data (i32.const 65535) "ab") (func (export "_start")))"#,
    );
    assert_eq!(status, ExitStatus::Signaled(Signal::SIGABRT));
    assert_eq!(stderr, "burrow: trap: out of bounds memory access\n");
    let (status, stderr) = same_everywhere(
        r#"(module (memory (export "memory") 1) (table 1 funcref) (elem (i32.const 1) $f) (func $f) (func (export "_start")))"#,
    );
    assert_eq!(status, ExitStatus::Signaled(Signal::SIGABRT));
    assert_eq!(
        stderr,
        "burrow: trap: undefined element: out of bounds table access\n"
    );
}

/// A call through a null table entry reads the same on wasmtime and wasmi (wasmi said
/// "uninitialized element 2"). V8 words it "null function or function signature mismatch",
/// the same as a signature mismatch: it does not tell them apart.
#[test]
fn a_call_through_a_null_entry_reads_the_same() {
    let wasm = wat::parse_str(
        r#"(module (memory (export "memory") 1) (table 1 funcref) (func (export "_start") (call_indirect (i32.const 0))))"#,
    )
    .unwrap();
    for backend in [BackendKind::Wasmtime, BackendKind::Wasmi] {
        let vm = Vm::builder().backend(backend).build().unwrap();
        let out = vm.module(wasm.clone(), "x").output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "burrow: trap: uninitialized element\n",
            "{}",
            backend.name()
        );
    }
}
