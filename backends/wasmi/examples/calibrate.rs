//! Measures how much wasmi fuel this machine burns per millisecond on a few kinds of code, to
//! check [`burrow_wasmi::FUEL_PER_MS`]: `cargo run --release -p burrow-wasmi --example calibrate`.
//!
//! Rates are per millisecond of this thread's CPU time (not wall time), so a loaded host does not
//! skew them. Each workload runs with the same engine configuration as the backend (fuel metering, lazy
//! translation, SIMD) for about a second; the highest rate is what `FUEL_PER_MS` must be at least
//! for a CPU budget never to stop a guest early on this machine.

use std::time::Duration;

use wasmi::{CompilationMode, Config, Engine, Linker, Module, Store};

const WORKLOADS: &[(&str, &str)] = &[
    (
        "integer loop (LCG)",
        r#"(module (func (export "run") (param $n i64) (result i64) (local $x i64)
            (local.set $x (i64.const 1))
            (loop $l
              (local.set $x (i64.add (i64.mul (local.get $x) (i64.const 6364136223846793005)) (i64.const 1442695040888963407)))
              (local.set $n (i64.sub (local.get $n) (i64.const 1)))
              (br_if $l (i64.ne (local.get $n) (i64.const 0))))
            (local.get $x)))"#,
    ),
    (
        "memory loop (load/add/store)",
        r#"(module (memory 1) (func (export "run") (param $n i64) (result i64) (local $p i32)
            (loop $l
              (local.set $p (i32.and (i32.wrap_i64 (local.get $n)) (i32.const 0xfff8)))
              (i64.store (local.get $p) (i64.add (i64.load (local.get $p)) (local.get $n)))
              (local.set $n (i64.sub (local.get $n) (i64.const 1)))
              (br_if $l (i64.ne (local.get $n) (i64.const 0))))
            (i64.load (i32.const 8))))"#,
    ),
    (
        "calls (leaf function)",
        r#"(module
            (func $f (param i64) (result i64) (i64.add (local.get 0) (i64.const 3)))
            (func (export "run") (param $n i64) (result i64) (local $x i64)
              (loop $l
                (local.set $x (call $f (local.get $x)))
                (local.set $n (i64.sub (local.get $n) (i64.const 1)))
                (br_if $l (i64.ne (local.get $n) (i64.const 0))))
              (local.get $x)))"#,
    ),
    (
        "simd (i32x4 mul/add)",
        r#"(module (func (export "run") (param $n i64) (result i64) (local $v v128)
            (local.set $v (v128.const i32x4 1 2 3 4))
            (loop $l
              (local.set $v (i32x4.add (i32x4.mul (local.get $v) (v128.const i32x4 5 7 11 13)) (v128.const i32x4 1 1 1 1)))
              (local.set $n (i64.sub (local.get $n) (i64.const 1)))
              (br_if $l (i64.ne (local.get $n) (i64.const 0))))
            (i64x2.extract_lane 0 (local.get $v))))"#,
    ),
];

fn main() {
    let mut config = Config::default();
    config.consume_fuel(true).compilation_mode(CompilationMode::LazyTranslation).wasm_simd(true);
    let engine = Engine::new(&config);
    let mut best = 0u64;
    for (name, wat) in WORKLOADS {
        let wasm = wat::parse_str(wat).expect("workload");
        let module = Module::new(&engine, &wasm).expect("module");
        let mut store = Store::new(&engine, ());
        let instance = Linker::<()>::new(&engine).instantiate_and_start(&mut store, &module).expect("instance");
        let run = instance.get_typed_func::<i64, i64>(&store, "run").expect("run");
        let mut n = 1_000_000i64;
        loop {
            store.set_fuel(u64::MAX).expect("fuel");
            let t = thread_cpu_time();
            std::hint::black_box(run.call(&mut store, n).expect("call"));
            let elapsed = thread_cpu_time() - t;
            let used = u64::MAX - store.get_fuel().expect("fuel");
            if elapsed.as_millis() < 700 {
                n *= 2;
                continue;
            }
            let per_ms = (used as f64 / (elapsed.as_secs_f64() * 1000.0)) as u64;
            let per_iter = used as f64 / n as f64;
            println!("{name:32} {per_ms:>10} fuel/ms  ({per_iter:.1} fuel per iteration, {n} iterations in {elapsed:?} of CPU)");
            best = best.max(per_ms);
            break;
        }
    }
    println!("highest: {best} fuel/ms; burrow_wasmi::FUEL_PER_MS = {}", burrow_wasmi::FUEL_PER_MS);
}

/// CPU time consumed by the calling thread.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
