//! Helpers for the V8 backend's tests: one backend per test binary, and processes run in a
//! fresh kernel (memfs root) with stdout and stderr going to files read back afterwards.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use burrow_backend::launcher::run_process;
use burrow_backend::WasmLauncher;
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::syscall::ChildOptions;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{ExitStatus, Kernel, Limit, Pid, Task, AT_FDCWD};
use burrow_v8::{V8Config, V8};

/// The backend (V8 is initialized once per process anyway).
pub fn backend() -> Arc<V8> {
    static V8: OnceLock<Arc<V8>> = OnceLock::new();
    V8.get_or_init(|| V8::new(V8Config::default()).unwrap_or_else(|e| panic!("V8 backend: {e}"))).clone()
}

/// How a process ended and what it wrote.
#[derive(Debug)]
pub struct Ran {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub limit: Option<Limit>,
}

/// A process running on its own thread.
pub struct Running {
    pub kernel: Kernel,
    pub pid: Pid,
    handle: JoinHandle<ExitStatus>,
    child: Task,
}

impl Running {
    /// Waits for the end and collects the output.
    pub fn finish(self) -> Ran {
        let status = self.handle.join().expect("the guest thread does not panic");
        let init = self.kernel.init();
        Ran { status, stdout: read(&init, b"/out"), stderr: read(&init, b"/err"), limit: self.child.killed_for_limit() }
    }
}

fn read(init: &Task, path: &[u8]) -> String {
    let fd = init.open(AT_FDCWD, path, OpenFlags::RDONLY, 0).unwrap();
    let mut all = Vec::new();
    let mut buf = vec![0u8; 65536];
    loop {
        let n = init.read(fd, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        all.extend_from_slice(&buf[..n]);
    }
    init.close(fd).unwrap();
    String::from_utf8_lossy(&all).into_owned()
}

/// Starts `wasm` as a process (argv[0] "prog", then `args`) in a new kernel with `limits`.
pub fn start(wasm: &[u8], args: &[&str], limits: Limits) -> Running {
    let backend = backend();
    let kernel = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), limits);
    let launcher = WasmLauncher::new(backend.clone());
    kernel.set_launcher(launcher.clone());
    let init = kernel.init();
    let flags = OpenFlags::CREAT | OpenFlags::RDWR;
    let out = init.open(AT_FDCWD, b"/out", flags, 0o644).unwrap();
    let err = init.open(AT_FDCWD, b"/err", flags, 0o644).unwrap();
    let argv: Vec<Vec<u8>> =
        std::iter::once("prog").chain(args.iter().copied()).map(|a| a.as_bytes().to_vec()).collect();
    let child = init
        .new_child(ChildOptions {
            argv: argv.clone(),
            env: Vec::new(),
            cwd: None,
            fds: vec![(1, out), (2, err)],
            pgid: None,
            credentials: None,
        })
        .unwrap();
    init.close(out).unwrap();
    init.close(err).unwrap();
    let module = launcher.load_bytes(wasm, None).unwrap_or_else(|e| panic!("compile: {e}"));
    let pid = child.pid();
    let task = child.clone();
    let handle = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || run_process(&*backend, task, &module, argv, Vec::new()))
        .unwrap();
    Running { kernel, pid, handle, child }
}

/// Runs `wasm` to its end.
pub fn run(wasm: &[u8], args: &[&str]) -> Ran {
    start(wasm, args, Limits::default()).finish()
}

/// Runs `wasm` to its end under `limits`.
pub fn run_with(wasm: &[u8], args: &[&str], limits: Limits) -> Ran {
    start(wasm, args, limits).finish()
}

/// A module from its text.
pub fn wat(text: &str) -> Vec<u8> {
    wat::parse_str(text).unwrap_or_else(|e| panic!("bad test module: {e}"))
}

/// A prebuilt guest (`cargo xtask guests`), or `None` if they were not built.
pub fn guest(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/guests").join(format!("{name}.wasm"));
    std::fs::read(path).ok()
}

/// A module that writes `text` to stdout with fd_write and exits with `code` via proc_exit.
pub fn print_and_exit(text: &str, code: i32) -> Vec<u8> {
    let escaped: String = text.bytes().map(|b| format!("\\{b:02x}")).collect();
    wat(&format!(
        r#"(module
             (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
             (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
             (memory (export "memory") 1)
             (data (i32.const 64) "{escaped}")
             (func (export "_start")
               (i32.store (i32.const 0) (i32.const 64))
               (i32.store (i32.const 4) (i32.const {len}))
               (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
               (call $proc_exit (i32.const {code}))
               unreachable))"#,
        len = text.len()
    ))
}
