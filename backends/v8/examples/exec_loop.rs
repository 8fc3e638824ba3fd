//! Runs one command in a V8 VM in a loop (for profiling the per-exec cost with perf).
//! `cargo run --release -p burrow-v8 --example exec_loop -- N CMD...`
use burrow::{BackendKind, Runtime, Vm};
use std::time::Instant;
fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().unwrap().parse().unwrap();
    let argv: Vec<String> = args.collect();
    let argv: Vec<&str> = argv.iter().map(|s| s.as_str()).collect();
    let rt = Runtime::builder().build().unwrap();
    let vm = Vm::builder().runtime(&rt).backend(BackendKind::V8).build().unwrap();
    for _ in 0..5 {
        vm.run(&argv).unwrap();
    }
    let mut t = Vec::new();
    let gap: u64 = std::env::var("GAP_MS").ok().and_then(|g| g.parse().ok()).unwrap_or(0);
    for _ in 0..n {
        std::thread::sleep(std::time::Duration::from_millis(gap));
        let s = Instant::now();
        let out = vm.run(&argv).unwrap();
        t.push(s.elapsed());
        assert!(out.status.success());
    }
    t.sort();
    println!("p50 {:?} p90 {:?}", t[n / 2], t[n * 9 / 10]);
}
