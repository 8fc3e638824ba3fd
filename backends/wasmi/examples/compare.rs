//! wasmi against wasmtime through `WasmLauncher` on a real kernel:
//! `cargo run --release -p burrow-wasmi --example compare` (needs `cargo xtask guests`).
//!
//! - first exec of `/bin/true` (compile included) and warm exec (module cached; spawn to reaped
//!   exit status), percentiles of many runs alternating between the backends;
//! - a CPU-bound, fixed-work loop (a wat LCG, and a call-heavy variant): time ratio, and the
//!   cost of one host call;
//! - how much CPU time a `cpu_time_ms` budget buys on wasmi: the `spin` guest under a 1000 ms
//!   budget, measured with the process's CPU clock (the guest is the only thing running).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use burrow_backend::{Backend, WasmLauncher};
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::process::WaitFor;
use burrow_kernel::syscall::{ChildOptions, SpawnRequest};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{ExitStatus, Kernel, AT_FDCWD};

fn guest(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/guests").join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask guests`)", path.display()))
}

fn kernel(backend: Arc<dyn Backend>, limits: Limits, files: &[(&str, Vec<u8>)]) -> Kernel {
    let kernel = Kernel::new(MemFs::new(Arc::new(FsQuota::new(&limits))), limits);
    let init = kernel.init();
    init.mkdir(AT_FDCWD, b"/bin", 0o755).unwrap();
    for (path, bytes) in files {
        let fd = init.open(AT_FDCWD, path.as_bytes(), OpenFlags::CREAT | OpenFlags::WRONLY, 0o755).unwrap();
        let mut done = 0;
        while done < bytes.len() {
            done += init.write(fd, &bytes[done..]).unwrap();
        }
        init.close(fd).unwrap();
    }
    kernel.set_launcher(WasmLauncher::new(backend));
    kernel
}

fn run(kernel: &Kernel, argv: &[&str]) -> ExitStatus {
    let init = kernel.init();
    let options = ChildOptions { argv: argv.iter().map(|a| a.as_bytes().to_vec()).collect(), ..Default::default() };
    let pid = init.spawn(SpawnRequest { path: argv[0].as_bytes().to_vec(), options }).unwrap();
    loop {
        if let Some((_, status)) = init.wait(WaitFor::Pid(pid), false).unwrap() {
            return status;
        }
    }
}

fn process_cpu_time() -> Duration {
    let mut ru: libc::rusage = unsafe_zeroed_rusage();
    // SAFETY: `ru` is a valid, writable rusage for the duration of the call.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    assert_eq!(rc, 0);
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

fn unsafe_zeroed_rusage() -> libc::rusage {
    // SAFETY: rusage is plain old data for which all-zero bytes are a valid value.
    unsafe { std::mem::zeroed() }
}

fn lcg(n: u64) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module (memory (export "memory") 1) (global $sink (mut i64) (i64.const 0))
          (func (export "_start") (local $n i64) (local $x i64)
            (local.set $n (i64.const {n})) (local.set $x (i64.const 1))
            (loop $l
              (local.set $x (i64.add (i64.mul (local.get $x) (i64.const 6364136223846793005)) (i64.const 1442695040888963407)))
              (local.set $n (i64.sub (local.get $n) (i64.const 1)))
              (br_if $l (i64.ne (local.get $n) (i64.const 0))))
            (global.set $sink (local.get $x))))"#
    ))
    .unwrap()
}

fn calls(n: u64) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module (memory (export "memory") 1) (global $sink (mut i64) (i64.const 0))
          (func $f (param i64) (result i64) (i64.add (i64.rotl (local.get 0) (i64.const 5)) (i64.const 3)))
          (func (export "_start") (local $n i64) (local $x i64)
            (local.set $n (i64.const {n}))
            (loop $l
              (local.set $x (call $f (local.get $x)))
              (local.set $n (i64.sub (local.get $n) (i64.const 1)))
              (br_if $l (i64.ne (local.get $n) (i64.const 0))))
            (global.set $sink (local.get $x))))"#
    ))
    .unwrap()
}

fn main() {
    fn new_wasmi() -> Arc<dyn Backend> {
        burrow_wasmi::Wasmi::new(Default::default()).unwrap()
    }
    fn new_wasmtime() -> Arc<dyn Backend> {
        burrow_wasmtime::Wasmtime::new(Default::default()).unwrap()
    }
    let files = [
        ("/bin/true", guest("true")),
        ("/bin/statloop", guest("statloop")),
        ("/bin/lcg", lcg(200_000_000)),
        ("/bin/calls", calls(50_000_000)),
    ];
    let unlimited = Limits { cpu_time_ms: u64::MAX, ..Limits::default() };
    type NewBackend = fn() -> Arc<dyn Backend>;
    let backends: [(&str, NewBackend); 2] = [("wasmi", new_wasmi), ("wasmtime", new_wasmtime)];
    let timed = |k: &Kernel, argv: &[&str]| {
        let t = Instant::now();
        assert_eq!(run(k, argv), ExitStatus::Code(0), "{argv:?}");
        t.elapsed()
    };

    // First exec of a module (compile included), on a fresh backend.
    for (name, new) in backends {
        let k = kernel(new(), unlimited, &files);
        println!("{name:9} first exec of true (compile included): {:?}", timed(&k, &["/bin/true"]));
    }

    // Warm exec of `true`: both backends alternately, so a change in the machine's state
    // (other load, the pool's threads spinning or parked) hits both alike.
    let kernels: Vec<Kernel> = backends.iter().map(|(_, new)| kernel(new(), unlimited, &files)).collect();
    for k in &kernels {
        for _ in 0..50 {
            timed(k, &["/bin/true"]);
        }
    }
    let mut exec: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..1000 {
        for (i, k) in kernels.iter().enumerate() {
            exec[i].push(timed(k, &["/bin/true"]));
        }
    }
    // CPU time per exec (both threads: the caller and the guest's), less sensitive to load.
    let mut cpu_per_exec = Vec::new();
    for k in &kernels {
        let before = process_cpu_time();
        for _ in 0..1000 {
            timed(k, &["/bin/true"]);
        }
        cpu_per_exec.push((process_cpu_time() - before) / 1000);
    }
    for (i, (name, _)) in backends.iter().enumerate() {
        println!("{name:9} CPU time per warm exec of true: {:?}", cpu_per_exec[i]);
        exec[i].sort();
        let p = |q: usize| exec[i][exec[i].len() * q / 100];
        println!("{name:9} warm exec of true (1000 runs): p10 {:?}, p50 {:?}, p90 {:?}", p(10), p(50), p(90));
    }

    // CPU-bound fixed work, and the cost of one host call (`path_filestat_get`, as
    // `std::fs::metadata`): (N=20000 - N=0) / 20000.
    let mut work = Vec::new();
    for ((name, _), k) in backends.iter().zip(&kernels) {
        let best = |argv: &[&str]| (0..3).map(|_| timed(k, argv)).min().unwrap_or_default();
        let (lcg, calls) = (best(&["/bin/lcg"]), best(&["/bin/calls"]));
        let stat =
            best(&["/bin/statloop", "/bin", "20000"]).saturating_sub(best(&["/bin/statloop", "/bin", "0"])) / 20000;
        println!("{name:9} lcg 200M iterations: {lcg:?}; calls 50M: {calls:?}; one stat call: {stat:?}");
        work.push((lcg, calls));
    }
    println!(
        "wasmi/wasmtime: lcg {:.1}x, calls {:.1}x",
        work[0].0.as_secs_f64() / work[1].0.as_secs_f64(),
        work[0].1.as_secs_f64() / work[1].1.as_secs_f64()
    );

    // What a 1000 ms budget buys the `spin` guest on wasmi.
    let k = kernel(new_wasmi(), Limits { cpu_time_ms: 1000, ..Limits::default() }, &[("/bin/spin", guest("spin"))]);
    let before = process_cpu_time();
    let status = run(&k, &["/bin/spin"]);
    let used = process_cpu_time() - before;
    println!("wasmi: spin under cpu_time_ms=1000 ended with {status:?} after {used:?} of CPU");
}
