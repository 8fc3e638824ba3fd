//! Isolates serve many runs: a run that ended on its own (returned, exited, trapped) hands its
//! isolate to the next one, which starts clean; a killed or over-budget run's isolate is
//! disposed of. Its own test binary, so that no other test's runs share the pool's counters.

mod common;

use burrow_backend::{Backend, ContentHash};
use burrow_kernel::limits::Limits;
use burrow_kernel::{ExitStatus, Limit, Signal};
use common::{backend, print_and_exit, run, run_with, wat};

/// Writes 0x5a at address 100, sets a mutable global and exits with 3 if either was already
/// set (a previous run's state leaking into this one), else 0.
const DIRTY: &str = r#"(module
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (global $g (mut i32) (i32.const 0))
    (func (export "_start")
      (if (i32.or (i32.load8_u (i32.const 100)) (global.get $g)) (then (call $exit (i32.const 3))))
      (i32.store8 (i32.const 100) (i32.const 0x5a))
      (global.set $g (i32.const 1))
      (call $exit (i32.const 0))))"#;

#[test]
fn runs_reuse_isolates_and_each_starts_clean() {
    let v8 = backend();
    let dirty = wat(DIRTY);
    let before = v8.pool_stats();
    for _ in 0..40 {
        assert_eq!(run(&dirty, &[]).status, ExitStatus::Code(0));
    }
    let after = v8.pool_stats();
    let made = (after.made_ahead + after.made_inline) - (before.made_ahead + before.made_inline);
    assert!(made <= 8, "40 runs made {made} isolates: {after:?}");

    // A trap, an exit from deep inside, a CPU-limit kill: the runs after each one are fine.
    let ran = run(&wat(r#"(module (memory (export "memory") 1) (func (export "_start") unreachable))"#), &[]);
    assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGABRT));
    assert_eq!(run(&dirty, &[]).status, ExitStatus::Code(0));
    let spin = wat(r#"(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))"#);
    let ran = run_with(&spin, &[], Limits { cpu_time_ms: 100, ..Limits::default() });
    assert_eq!(ran.limit, Some(Limit::CpuTime));
    for i in 0..10 {
        let ran = run(&print_and_exit(&format!("run {i}\n"), 7), &[]);
        assert_eq!((ran.status, ran.stdout), (ExitStatus::Code(7), format!("run {i}\n")));
        assert_eq!(run(&dirty, &[]).status, ExitStatus::Code(0));
    }
}

#[test]
fn a_memory_grown_by_one_run_is_not_the_next_runs() {
    // Same limits, so the next run gets a memory made ahead for it: exactly the declared page.
    let grow = wat(r#"(module (memory (export "memory") 1)
        (func (export "_start") (drop (memory.grow (i32.const 3))) (i32.store (i32.const 70000) (i32.const 1))))"#);
    let read = wat(r#"(module
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 1)
        (func (export "_start") (call $exit (i32.add (i32.const 10) (memory.size))) ))"#);
    let oob =
        wat(r#"(module (memory (export "memory") 1) (func (export "_start") (drop (i32.load (i32.const 70000)))))"#);
    for _ in 0..5 {
        assert_eq!(run(&grow, &[]).status, ExitStatus::Code(0));
        assert_eq!(run(&read, &[]).status, ExitStatus::Code(11));
        assert_eq!(run(&grow, &[]).status, ExitStatus::Code(0));
        let ran = run(&oob, &[]);
        assert_eq!(ran.status, ExitStatus::Signaled(Signal::SIGABRT), "{}", ran.stderr);
    }
}

#[test]
fn data_segments_are_fresh_in_every_run() {
    // Each run checks its data is as the module says, then overwrites it: the memory made
    // ahead for the next run must hold the module's data again, not this run's.
    let m = wat(r#"(module
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 2)
        (data (i32.const 100) "A")
        (data (i32.const 70000) "Z")
        (func (export "_start")
          (if (i32.ne (i32.load8_u (i32.const 100)) (i32.const 65)) (then (call $exit (i32.const 3))))
          (if (i32.ne (i32.load8_u (i32.const 70000)) (i32.const 90)) (then (call $exit (i32.const 4))))
          (if (i32.load8_u (i32.const 101)) (then (call $exit (i32.const 5))))
          (i32.store8 (i32.const 100) (i32.const 66))
          (i32.store8 (i32.const 70000) (i32.const 66))
          (i32.store8 (i32.const 101) (i32.const 1))
          (call $exit (i32.const 0))))"#);
    for _ in 0..20 {
        assert_eq!(run(&m, &[]).status, ExitStatus::Code(0));
    }
}

#[test]
fn data_segments_are_mapped_copy_on_write_as_written() {
    // The segments are laid out in a memory file each run maps copy-on-write: overlapping
    // segments (the later one wins), one across a page boundary, zeros between and after them
    // within the file's last page, and writes that never reach the file or the next run.
    let m = wat(r#"(module
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 3)
        (data (i32.const 5000) "abcdef")
        (data (i32.const 5002) "XY")
        (data (i32.const 8190) "edge")
        (data (i32.const 131000) "far")
        (func $expect (param $addr i32) (param $value i32) (param $code i32)
          (if (i32.ne (i32.load8_u (local.get $addr)) (local.get $value)) (then (call $exit (local.get $code)))))
        (func (export "_start")
          (call $expect (i32.const 5000) (i32.const 97) (i32.const 10))
          (call $expect (i32.const 5002) (i32.const 88) (i32.const 11))
          (call $expect (i32.const 5004) (i32.const 101) (i32.const 12))
          (call $expect (i32.const 8191) (i32.const 100) (i32.const 13))
          (call $expect (i32.const 8192) (i32.const 103) (i32.const 14))
          (call $expect (i32.const 8194) (i32.const 0) (i32.const 15))
          (call $expect (i32.const 70000) (i32.const 0) (i32.const 16))
          (call $expect (i32.const 131002) (i32.const 114) (i32.const 17))
          (call $expect (i32.const 131003) (i32.const 0) (i32.const 18))
          (call $expect (i32.const 4000) (i32.const 0) (i32.const 19))
          (i32.store (i32.const 5000) (i32.const -1))
          (i32.store (i32.const 8190) (i32.const -1))
          (i32.store (i32.const 70000) (i32.const -1))
          (i32.store (i32.const 131003) (i32.const -1))
          (call $exit (i32.const 0))))"#);
    for _ in 0..20 {
        let ran = run(&m, &[]);
        assert_eq!(ran.status, ExitStatus::Code(0), "{}", ran.stderr);
    }
    // The copy-on-write path was the one taken: a compiled module holds its memory file.
    let _compiled = backend().compile(&m, &ContentHash::of(&m)).unwrap();
    let images = std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter(|target| target.to_string_lossy().contains("burrow-wasm-image"))
        .count();
    assert!(images > 0, "no module's image was made a memory file");
}
