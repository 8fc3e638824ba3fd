//! Isolate creation and disposal while other isolates run wasm, for several seconds: the
//! reference system (V8 130 through rusty_v8) crashed there (SIGSEGV in WasmCodePointerTable
//! inside Isolate::New while other isolates ran wasm). Also compiles fresh modules meanwhile.
//! `BURROW_V8_STRESS_SECS` sets the duration (default 5).

mod common;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use burrow_backend::{Backend, ContentHash};
use burrow_kernel::ExitStatus;
use common::{backend, run, wat};

/// A guest that computes for a while (a loop touching memory, with calls), prints and exits.
fn worker_module(seed: u32) -> Vec<u8> {
    wat(&format!(
        r#"(module
             (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
             (memory (export "memory") 2)
             (data (i32.const 64) "ok\n")
             (func $mix (param i32) (result i32)
               (i32.add (i32.mul (local.get 0) (i32.const 1103515245)) (i32.const {seed})))
             (func (export "_start") (local $i i32) (local $x i32)
               (loop $l
                 (local.set $x (call $mix (local.get $x)))
                 (i32.store (i32.add (i32.const 4096) (i32.and (local.get $x) (i32.const 0xfffc))) (local.get $x))
                 (local.set $i (i32.add (local.get $i) (i32.const 1)))
                 (br_if $l (i32.lt_u (local.get $i) (i32.const 200000))))
               (i32.store (i32.const 0) (i32.const 64))
               (i32.store (i32.const 4) (i32.const 3))
               (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#
    ))
}

#[test]
fn creating_isolates_while_others_run_wasm_is_safe() {
    let secs: u64 = std::env::var("BURROW_V8_STRESS_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let v8 = backend();
    let stop = Arc::new(AtomicBool::new(false));
    let runs = Arc::new(AtomicU64::new(0));
    let isolates = Arc::new(AtomicU64::new(0));
    let compiles = Arc::new(AtomicU64::new(0));
    let mut threads = Vec::new();
    for t in 0..3 {
        let (stop, runs) = (stop.clone(), runs.clone());
        threads.push(std::thread::spawn(move || {
            let m = worker_module(12345 + t);
            while !stop.load(Ordering::Relaxed) {
                let ran = run(&m, &[]);
                assert_eq!(ran.status, ExitStatus::Code(0), "{}", ran.stderr);
                assert_eq!(ran.stdout, "ok\n");
                runs.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    {
        let (stop, isolates, v8) = (stop.clone(), isolates.clone(), v8.clone());
        threads.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let (r, _) = v8.eval_in_new_isolate("[1, 2, 3].map(x => x * 2).join()").unwrap();
                assert_eq!(r, "2,4,6");
                isolates.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    {
        let (stop, compiles, v8) = (stop.clone(), compiles.clone(), v8.clone());
        threads.push(std::thread::spawn(move || {
            let mut seed = 1_000_000u32;
            while !stop.load(Ordering::Relaxed) {
                let m = worker_module(seed);
                seed += 1;
                v8.compile(&m, &ContentHash::of(&m)).map_err(|e| e.to_string()).unwrap();
                compiles.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    std::thread::sleep(Duration::from_secs(secs));
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    let (runs, isolates, compiles) =
        (runs.load(Ordering::Relaxed), isolates.load(Ordering::Relaxed), compiles.load(Ordering::Relaxed));
    eprintln!("{secs} s: {runs} guest runs, {isolates} extra isolates created and disposed, {compiles} compilations, pool {:?}", v8.pool_stats());
    assert!(runs > 10 && isolates > 10 && compiles > 10);
}
