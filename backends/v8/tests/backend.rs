//! The V8 backend on small modules: output through fd_write, exit codes, i64 arguments, kills
//! from another thread, the CPU and memory limits, traps, bad modules, and the prebuilt guests.

mod common;

use std::time::{Duration, Instant};

use burrow_backend::{Backend, BackendError, ContentHash};
use burrow_kernel::limits::Limits;
use burrow_kernel::{ExitStatus, Limit, Signal};
use common::{backend, print_and_exit, run, run_with, start, wat};

#[test]
fn an_isolate_evaluates_javascript() {
    let v8 = backend();
    assert!(v8.version().starts_with("10.2."), "{}", v8.version());
    let (result, _) = v8.eval_in_new_isolate("1 + 1").unwrap();
    assert_eq!(result, "2");
    let (result, _) = v8.eval_in_new_isolate("typeof WebAssembly.Module").unwrap();
    assert_eq!(result, "function");
    let err = v8.eval_in_new_isolate("throw new TypeError('nope')").unwrap_err();
    assert_eq!(err, "TypeError: nope");
}

#[test]
fn output_and_exit_codes() {
    let ran = run(&print_and_exit("hi there\n", 0), &[]);
    assert_eq!(ran.stdout, "hi there\n");
    assert_eq!(ran.status, ExitStatus::Code(0));
    for code in [1, 42, 255] {
        let ran = run(&print_and_exit("x", code), &[]);
        assert_eq!(ran.status, ExitStatus::Code(code as u8));
        assert_eq!(ran.stdout, "x");
    }
}

#[test]
fn returning_from_start_exits_zero() {
    let ran = run(&wat(r#"(module (memory (export "memory") 1) (func (export "_start")))"#), &[]);
    assert_eq!(ran.status, ExitStatus::Code(0));
}

#[test]
fn arguments_reach_the_guest() {
    // args_sizes_get then args_get, and print argv[1] (NUL-terminated) with fd_write.
    let m = wat(r#"(module
        (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "args_get" (func $get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
        (memory (export "memory") 1)
        (func (export "_start") (local $p i32) (local $n i32)
          (drop (call $sizes (i32.const 0) (i32.const 4)))
          (drop (call $get (i32.const 16) (i32.const 256)))
          ;; argv[1]
          (local.set $p (i32.load (i32.const 20)))
          (block $done (loop $l
            (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $l)))
          (i32.store (i32.const 1024) (local.get $p))
          (i32.store (i32.const 1028) (local.get $n))
          (drop (call $write (i32.const 1) (i32.const 1024) (i32.const 1) (i32.const 1032)))))"#);
    let ran = run(&m, &["second-arg"]);
    assert_eq!(ran.stdout, "second-arg");
    assert_eq!(ran.status, ExitStatus::Code(0));
}

#[test]
fn i64_arguments_pass_whole() {
    // fd_seek on stdout (a memfs file) to 5 GiB + 5, then fd_tell; exit 0 only if both agree.
    let m = wat(r#"(module
        (import "wasi_snapshot_preview1" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_tell" (func $tell (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 1)
        (func (export "_start")
          (if (i32.ne (call $seek (i32.const 1) (i64.const 0x140000005) (i32.const 0) (i32.const 8)) (i32.const 0))
            (then (call $exit (i32.const 10))))
          (if (i64.ne (i64.load (i32.const 8)) (i64.const 0x140000005))
            (then (call $exit (i32.const 11))))
          (if (i32.ne (call $tell (i32.const 1) (i32.const 16)) (i32.const 0))
            (then (call $exit (i32.const 12))))
          (if (i64.ne (i64.load (i32.const 16)) (i64.const 0x140000005))
            (then (call $exit (i32.const 13))))
          ;; a negative offset relative to the current one: back by 4 GiB
          (if (i32.ne (call $seek (i32.const 1) (i64.const -0x100000000) (i32.const 1) (i32.const 8)) (i32.const 0))
            (then (call $exit (i32.const 14))))
          (if (i64.ne (i64.load (i32.const 8)) (i64.const 0x40000005))
            (then (call $exit (i32.const 15))))
          (call $exit (i32.const 0))))"#);
    let ran = run(&m, &[]);
    assert_eq!(ran.status, ExitStatus::Code(0), "{}", ran.stderr);
}

const SPIN: &str = r#"(module
    (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
    (memory (export "memory") 1)
    (func (export "_start") (loop $l (br $l))))"#;

#[test]
fn a_spinning_guest_is_killed_from_another_thread() {
    let running = start(&wat(SPIN), &[], Limits::default());
    std::thread::sleep(Duration::from_millis(200));
    let killed_at = Instant::now();
    running.kernel.init().kill(running.pid as i64, Some(Signal::SIGKILL)).unwrap();
    let ran = running.finish();
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGKILL));
    assert!(killed_at.elapsed() < Duration::from_secs(2), "took {:?}", killed_at.elapsed());
}

#[test]
fn sigterm_stops_a_guest_blocked_in_the_kernel() {
    // poll_oneoff on a 60 s clock: the kill interrupts the wait and the host call stops it.
    let m = wat(r#"(module
        (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
        (memory (export "memory") 1)
        (func (export "_start")
          ;; subscription at 0: userdata 0, tag 0 (clock), clock id 1, timeout 60 s, precision 0, flags 0
          (i32.store8 (i32.const 8) (i32.const 0))
          (i32.store (i32.const 16) (i32.const 1))
          (i64.store (i32.const 24) (i64.const 60000000000))
          (drop (call $poll (i32.const 0) (i32.const 256) (i32.const 1) (i32.const 512)))))"#);
    let running = start(&m, &[], Limits::default());
    std::thread::sleep(Duration::from_millis(200));
    running.kernel.init().kill(running.pid as i64, Some(Signal::SIGTERM)).unwrap();
    let ran = running.finish();
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGTERM));
}

#[test]
fn the_cpu_limit_stops_a_loop_with_sigxcpu() {
    let started = Instant::now();
    let ran = run_with(&wat(SPIN), &[], Limits { cpu_time_ms: 200, ..Limits::default() });
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGXCPU));
    assert_eq!(ran.limit, Some(Limit::CpuTime));
    assert!(ran.stderr.contains("limit `cpu_time_ms` exceeded (max 200)"), "{}", ran.stderr);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[test]
fn the_wall_clock_limit_stops_a_loop() {
    let ran = run_with(&wat(SPIN), &[], Limits { wall_time_ms: 200, ..Limits::default() });
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGKILL));
    assert_eq!(ran.limit, Some(Limit::WallTime));
}

#[test]
fn traps_end_the_process_with_sigabrt() {
    let ran = run(&wat(r#"(module (memory (export "memory") 1) (func (export "_start") unreachable))"#), &[]);
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGABRT));
    assert!(ran.stderr.contains("trap: wasm `unreachable` instruction executed"), "{}", ran.stderr);
    // An out-of-bounds access (caught by V8's guard regions and the chained SIGSEGV handler).
    let ran = run(
        &wat(r#"(module (memory (export "memory") 1) (func (export "_start") (drop (i32.load (i32.const 70000)))))"#),
        &[],
    );
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGABRT));
    assert!(ran.stderr.contains("out of bounds memory access"), "{}", ran.stderr);
    // Unbounded recursion: a stack overflow, not a crash.
    let ran = run(&wat(r#"(module (memory (export "memory") 1) (func $f (export "_start") (call $f)))"#), &[]);
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGABRT));
    assert!(ran.stderr.contains("call stack exhausted"), "{}", ran.stderr);
}

#[test]
fn code_after_proc_exit_does_not_reach_the_host() {
    // proc_exit returns into the guest (termination takes effect at its next check); the
    // fd_write after it must not happen.
    let m = wat(r#"(module
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
        (memory (export "memory") 1)
        (data (i32.const 64) "leak")
        (func (export "_start")
          (i32.store (i32.const 0) (i32.const 64))
          (i32.store (i32.const 4) (i32.const 4))
          (call $exit (i32.const 7))
          (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#);
    let ran = run(&m, &[]);
    assert_eq!(ran.status, ExitStatus::Code(7));
    assert_eq!(ran.stdout, "");
}

#[test]
fn memory_growth_stops_at_the_vm_limit() {
    // Grows by 1 page until refused; prints nothing, exits with the pages it got.
    let m = wat(r#"(module
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 1)
        (func (export "_start")
          (block $done (loop $l
            (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
            (br $l)))
          (call $exit (memory.size))))"#);
    let ran = run_with(&m, &[], Limits { memory: 100 * 65536, ..Limits::default() });
    assert_eq!(ran.status, ExitStatus::Code(100));
    // A module whose initial memory passes the limit does not start.
    let big = wat(r#"(module (memory (export "memory") 200) (func (export "_start")))"#);
    let ran = run_with(&big, &[], Limits { memory: 100 * 65536, ..Limits::default() });
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGKILL));
    assert_eq!(ran.limit, Some(Limit::Memory));
    // The same module under the default limit is fine (another compilation of it).
    let ran = run(&big, &[]);
    assert_eq!(ran.status, ExitStatus::Code(0));
}

#[test]
fn an_abort_after_refused_growth_is_out_of_memory() {
    let m = wat(r#"(module
        (memory (export "memory") 1)
        (func (export "_start")
          (block $done (loop $l
            (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
            (br $l)))
          unreachable))"#);
    let ran = run_with(&m, &[], Limits { memory: 64 * 65536, ..Limits::default() });
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGKILL));
    assert_eq!(ran.limit, Some(Limit::Memory));
    assert!(ran.stderr.contains("limit `memory` exceeded"), "{}", ran.stderr);
}

#[test]
fn bad_modules_are_refused_at_compile_time() {
    let v8 = backend();
    let hash = ContentHash::of(b"x");
    let err = v8.compile(b"\0asm\x01\0\0\0\x01", &hash).err().unwrap();
    assert!(matches!(err, BackendError::InvalidModule(_)), "{err}");
    let unknown = wat(r#"(module (import "env" "nope" (func)) (func (export "_start")))"#);
    let err = v8.compile(&unknown, &hash).err().unwrap();
    assert_eq!(err, BackendError::UnknownImport { module: "env".into(), name: "nope".into() });
    let wrong =
        wat(r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i64))) (func (export "_start")))"#);
    let err = v8.compile(&wrong, &hash).err().unwrap();
    assert!(matches!(&err, BackendError::InvalidModule(m) if m.contains("incompatible import type")), "{err}");
    let memory_import = wat(r#"(module (import "env" "memory" (memory 1)) (func (export "_start")))"#);
    let err = v8.compile(&memory_import, &hash).err().unwrap();
    assert_eq!(err, BackendError::UnknownImport { module: "env".into(), name: "memory".into() });
    let invalid = wat(r#"(module (func (export "_start") (drop (i32.add (i32.const 1)))))"#);
    assert!(matches!(v8.compile(&invalid, &hash), Err(BackendError::InvalidModule(_))));
}

#[test]
fn a_module_without_start_fails_cleanly() {
    let ran = run(&wat(r#"(module (memory (export "memory") 1))"#), &[]);
    assert_eq!(ran.status, ExitStatus::Code(126));
    assert!(ran.stderr.contains("no `_start`"), "{}", ran.stderr);
}

#[test]
fn prebuilt_guests_run() {
    let Some(hello) = common::guest("hello") else {
        eprintln!("skipped: build the guests with `cargo xtask guests`");
        return;
    };
    let ran = run(&hello, &[]);
    assert_eq!(ran.stdout, "hello\n");
    assert_eq!(ran.status, ExitStatus::Code(0));
    if let Some(exit) = common::guest("exit") {
        assert_eq!(run(&exit, &["3"]).status, ExitStatus::Code(3));
    }
    if let Some(spin) = common::guest("spin") {
        let ran = run_with(&spin, &[], Limits { cpu_time_ms: 200, ..Limits::default() });
        assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGXCPU));
    }
    if let Some(memhog) = common::guest("memhog") {
        let limits = Limits { memory: 16 << 20, ..Limits::default() };
        let ran = run_with(&memhog, &["64"], limits);
        assert_eq!(ran.status, ExitStatus::Code(1), "{}", ran.stderr);
        assert!(ran.stdout.contains("allocation failed after"), "{}", ran.stdout);
        let ran = run_with(&memhog, &["64", "abort"], limits);
        assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGKILL), "{}", ran.stderr);
        assert_eq!(ran.limit, Some(Limit::Memory));
        let ran = run_with(&memhog, &["4"], limits);
        assert_eq!(ran.status, ExitStatus::Code(0), "{}", ran.stderr);
    }
}

#[test]
fn the_pool_refills_in_the_background() {
    let v8 = backend();
    assert!(v8.wait_pool_full(Duration::from_secs(10)));
    assert_eq!(run(&print_and_exit("", 0), &[]).status, ExitStatus::Code(0));
    assert!(v8.wait_pool_full(Duration::from_secs(10)));
    assert!(v8.pool_stats().made_ahead >= 3, "{:?}", v8.pool_stats());
}

#[test]
fn the_js_heap_limit_ends_the_guest_not_the_host() {
    // Wasm tables live on the JS heap: 12 tables of 1M funcref entries (8 MiB each) pass the
    // 32 MiB heap an isolate is made with (a WebAssembly run may not grow it).
    let tables: String = (0..12).map(|i| format!("(table $t{i} 0 funcref)")).collect();
    let grows: String =
        (0..12).map(|i| format!("(drop (table.grow $t{i} (ref.null func) (i32.const 1000000)))")).collect();
    let m = wat(&format!(
        r#"(module {tables} (memory (export "memory") 1)
             (func (export "_start") {grows} (loop $l (br $l))))"#
    ));
    let ran = run(&m, &[]);
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGKILL), "{}", ran.stderr);
    assert_eq!(ran.limit, Some(Limit::Memory));
    // The host goes on.
    assert_eq!(run(&print_and_exit("still here", 0), &[]).stdout, "still here");
}
