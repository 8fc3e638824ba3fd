//! End-to-end exec costs on the wasmtime backend (issue 3 targets):
//! - warm exec of `true` in a running VM, module cached: p50 <= 100 us (reference 19.7 ms;
//!   host fork+exec 570 us);
//! - `path_filestat_get` per call <= 2 us (reference 60-130 us): (statloop N=1000 - N=0) / 1000;
//! - `fd_write` of 64 KiB to captured stdout <= 20 us (reference ~1 ms): (101 writes - 1) / 100.

use std::path::PathBuf;

use burrow::{Runtime, Vm};
use criterion::{criterion_group, criterion_main, Criterion};

fn guest(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/guests").join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask guests`)", path.display()))
}

fn vm() -> Vm {
    let mut b = Runtime::builder().cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/burrow-cache")));
    for name in ["true", "statloop", "write_big"] {
        b = b.file(format!("/bin/{name}"), guest(name), 0o755);
    }
    let rt = b.build().unwrap();
    Vm::builder().runtime(&rt).build().unwrap()
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

criterion_group!(benches, exec);
criterion_main!(benches);
