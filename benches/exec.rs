//! End-to-end exec costs on the wasmtime backend (issue 3 targets):
//! - warm exec of `true` in a running VM, module cached: p50 <= 100 us (reference 19.7 ms;
//!   host fork+exec 570 us);
//! - `path_filestat_get` per call <= 2 us (reference 60-130 us): (statloop N=1000 - N=0) / 1000;
//! - `fd_write` of 64 KiB to captured stdout <= 20 us (reference ~1 ms): (101 writes - 1) / 100.
//!
//! Per backend (issue 4): warm exec of `true` on wasmtime, wasmi (target p50 <= 200 us) and V8
//! (target p50 <= 1.5 ms with the pool warm), and a CPU-bound guest (`cpuwork`) on each, for
//! the wasmi/wasmtime and V8/wasmtime ratios.

use std::path::PathBuf;

use burrow::{BackendKind, Runtime, Vm};
use criterion::{criterion_group, criterion_main, Criterion};

fn guest(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/guests").join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask guests`)", path.display()))
}

fn runtime() -> Runtime {
    let mut b = Runtime::builder().cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/burrow-cache")));
    for name in ["true", "statloop", "write_big", "cpuwork"] {
        b = b.file(format!("/bin/{name}"), guest(name), 0o755);
    }
    b.build().unwrap()
}

fn vm() -> Vm {
    Vm::builder().runtime(&runtime()).build().unwrap()
}

/// Runs `argv` and checks its exit status and output length; a wrong answer fails the row.
fn check(vm: &Vm, argv: &[&str], stdout_len: usize) {
    let out = vm.run(argv).unwrap();
    assert!(out.status.success(), "{argv:?}: {:?}", out);
    assert_eq!(out.stdout.len(), stdout_len, "{argv:?}");
}

fn exec(c: &mut Criterion) {
    let vm = vm();
    check(&vm, &["/bin/true"], 0);
    c.bench_function("exec_true", |b| b.iter(|| check(&vm, &["/bin/true"], 0)));
    let size = vm.kernel().init().stat(burrow::kernel::AT_FDCWD, b"/etc/passwd", true).unwrap().size;
    let size_line = format!("{size}\n").len();
    c.bench_function("statloop_0", |b| b.iter(|| check(&vm, &["/bin/statloop", "/etc/passwd", "0"], 2)));
    c.bench_function("statloop_1000", |b| b.iter(|| check(&vm, &["/bin/statloop", "/etc/passwd", "1000"], size_line)));
    c.bench_function("write_64k_x1", |b| b.iter(|| check(&vm, &["/bin/write_big", "65536", "1"], 65536)));
    c.bench_function("write_64k_x101", |b| b.iter(|| check(&vm, &["/bin/write_big", "65536", "101"], 65536 * 101)));
}

/// Expected output of `cpuwork 300000`: primes below 300000 and the checksum.
fn cpuwork_check(vm: &Vm) -> usize {
    let out = vm.run(&["/bin/cpuwork", "300000"]).unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"25997 "), "{}", String::from_utf8_lossy(&out.stdout));
    out.stdout.len()
}

fn backends(c: &mut Criterion) {
    let rt = runtime();
    for backend in [BackendKind::Wasmtime, BackendKind::Wasmi, BackendKind::V8] {
        let vm = Vm::builder().runtime(&rt).backend(backend).build().unwrap();
        check(&vm, &["/bin/true"], 0);
        let mut group = c.benchmark_group(backend.name());
        if backend == BackendKind::V8 {
            // Leave the isolate pool time to refill between execs, as a shell's pace would.
            group.bench_function("exec_true", |b| {
                b.iter_custom(|iters| {
                    let mut total = std::time::Duration::ZERO;
                    for _ in 0..iters {
                        std::thread::sleep(std::time::Duration::from_millis(3));
                        let start = std::time::Instant::now();
                        check(&vm, &["/bin/true"], 0);
                        total += start.elapsed();
                    }
                    total
                })
            });
        } else {
            group.bench_function("exec_true", |b| b.iter(|| check(&vm, &["/bin/true"], 0)));
        }
        let len = cpuwork_check(&vm);
        group.sample_size(10);
        group.bench_function("cpuwork_300k", |b| b.iter(|| assert_eq!(cpuwork_check(&vm), len)));
        group.finish();
    }
}

criterion_group!(benches, exec, backends);
criterion_main!(benches);
