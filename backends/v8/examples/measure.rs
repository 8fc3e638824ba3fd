//! Measures the V8 backend against wasmtime, end to end through `Vm` (run with `--release`):
//! - warm exec of `true` with the isolate pool full (and back to back, pool drained);
//! - creating an isolate with its context (what the pool takes off the critical path);
//! - CPU-bound guests (recursive fib, a sieve, `memhog`) and a host-call-bound one
//!   (`statloop`), median wall time per engine and the V8/wasmtime ratio.
//!
//! `cargo xtask guests` first, then `cargo run --release -p burrow-v8 --example measure`;
//! `BURROW_V8_FLAGS` passes extra V8 flags (e.g. `--no-liftoff`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use burrow::{BackendKind, Runtime, Vm};

const CPU_BOUND: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 256)
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ;; primes below $n (<= 16 MiB) with a byte sieve
  (func $sieve (param $n i32) (result i32) (local $i i32) (local $j i32) (local $count i32)
    (memory.fill (i32.const 0) (i32.const 0) (local.get $n))
    (local.set $i (i32.const 2))
    (block $done (loop $outer
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (if (i32.eqz (i32.load8_u (local.get $i)))
        (then
          (local.set $count (i32.add (local.get $count) (i32.const 1)))
          (local.set $j (i32.mul (local.get $i) (local.get $i)))
          (if (i32.lt_u (local.get $i) (i32.const 46341))
            (then (block $d2 (loop $inner
              (br_if $d2 (i32.ge_u (local.get $j) (local.get $n)))
              (i32.store8 (local.get $j) (i32.const 1))
              (local.set $j (i32.add (local.get $j) (local.get $i)))
              (br $inner)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $outer)))
    (local.get $count))
  (func (export "_start")
    (call $exit (i32.and (i32.add (call $fib (i32.const 32)) (call $sieve (i32.const 16000000))) (i32.const 127)))))"#;

fn guest(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/guests").join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask guests`)", path.display()))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn micros(d: Duration) -> String {
    format!("{:.0} us", d.as_secs_f64() * 1e6)
}

fn timed(vm: &Vm, argv: &[&str]) -> Duration {
    let started = Instant::now();
    let out = vm.run(argv).unwrap();
    let took = started.elapsed();
    assert!(out.status.success() || argv[0] == "/bin/cpu", "{argv:?}: {out:?}");
    took
}

fn median(vm: &Vm, argv: &[&str], n: usize) -> Duration {
    let _ = timed(vm, argv); // compile, tier up
    let mut t: Vec<Duration> = (0..n).map(|_| timed(vm, argv)).collect();
    t.sort();
    percentile(&t, 0.5)
}

fn main() {
    let cpu_bound = wat_module(CPU_BOUND);
    let rt = Runtime::builder()
        .cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/burrow-cache")))
        .file("/bin/true", guest("true"), 0o755)
        .file("/bin/memhog", guest("memhog"), 0o755)
        .file("/bin/statloop", guest("statloop"), 0o755)
        .file("/bin/cpu", cpu_bound, 0o755)
        .build()
        .unwrap();
    let v8 = Vm::builder().runtime(&rt).backend(BackendKind::V8).build().unwrap();
    let wasmtime = Vm::builder().runtime(&rt).backend(BackendKind::Wasmtime).build().unwrap();

    // Warm exec of `true`: the module is cached; a pause lets the pool refill before each run.
    for _ in 0..50 {
        timed(&v8, &["/bin/true"]);
    }
    let mut warm: Vec<Duration> = (0..1000)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(5));
            timed(&v8, &["/bin/true"])
        })
        .collect();
    warm.sort();
    println!(
        "v8 exec true, pool full:      p50 {}  p90 {}  p99 {}",
        micros(percentile(&warm, 0.5)),
        micros(percentile(&warm, 0.9)),
        micros(percentile(&warm, 0.99))
    );
    let mut b2b: Vec<Duration> = (0..1000).map(|_| timed(&v8, &["/bin/true"])).collect();
    b2b.sort();
    println!(
        "v8 exec true, back to back:   p50 {}  p90 {}",
        micros(percentile(&b2b, 0.5)),
        micros(percentile(&b2b, 0.9))
    );
    let mut wt: Vec<Duration> = (0..1000)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(5));
            timed(&wasmtime, &["/bin/true"])
        })
        .collect();
    wt.sort();
    println!(
        "wasmtime exec true, same gaps: p50 {}  p90 {}",
        micros(percentile(&wt, 0.5)),
        micros(percentile(&wt, 0.9))
    );
    let mut wt: Vec<Duration> = (0..1000).map(|_| timed(&wasmtime, &["/bin/true"])).collect();
    wt.sort();
    println!(
        "wasmtime exec true, b2b:      p50 {}  p90 {}",
        micros(percentile(&wt, 0.5)),
        micros(percentile(&wt, 0.9))
    );

    // Isolate creation (isolate + context), outside the pool.
    let backend = burrow_v8::V8::new(burrow_v8::V8Config::default()).unwrap();
    println!("v8 version {}", backend.version());
    let mut created: Vec<Duration> = (0..200).map(|_| backend.eval_in_new_isolate("0").unwrap().1).collect();
    created.sort();
    println!(
        "isolate + context creation:   p50 {}  p90 {}",
        micros(percentile(&created, 0.5)),
        micros(percentile(&created, 0.9))
    );

    // Compiling (what the first exec of a program pays; cached afterwards).
    for name in ["hello", "dirs", "files"] {
        let wasm = guest(name);
        let hash = burrow_backend::ContentHash::of(&wasm);
        let started = Instant::now();
        burrow_backend::Backend::compile(&*backend, &wasm, &hash).unwrap();
        println!("compile {name}.wasm ({} KiB): {}", wasm.len() / 1024, micros(started.elapsed()));
    }

    // Guests: V8 / wasmtime.
    for argv in [&["/bin/cpu"][..], &["/bin/memhog", "64"], &["/bin/statloop", "/etc/passwd", "100000"]] {
        let a = median(&v8, argv, 7);
        let b = median(&wasmtime, argv, 7);
        println!(
            "{:<36} v8 {:>9}  wasmtime {:>9}  ratio {:.2}",
            argv.join(" "),
            micros(a),
            micros(b),
            a.as_secs_f64() / b.as_secs_f64()
        );
    }
}

fn wat_module(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("the CPU-bound module parses")
}
