//! The wasmi backend on a real kernel: small `wat` modules for each way a run can end (output,
//! exit codes, traps, kills, CPU and memory limits, start functions, bad modules), and the
//! prebuilt test guests (`cargo xtask guests`) run through `WasmLauncher`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use burrow_backend::{BackendError, WasmLauncher};
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::process::WaitFor;
use burrow_kernel::syscall::{ChildOptions, SpawnRequest};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{ExitStatus, Kernel, Limit, Signal, Task, AT_FDCWD};
use burrow_wasmi::{Wasmi, WasmiConfig, FUEL_PER_MS, HOST_CALL_FUEL};

/// A kernel on a fresh in-memory filesystem whose programs run on wasmi.
struct Rig {
    kernel: Kernel,
    launcher: Arc<WasmLauncher>,
}

/// How a program ended and what it printed.
#[derive(Debug)]
struct Out {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    limit: Option<Limit>,
}

/// A program started by [`Rig::start`], not yet waited for.
struct Running {
    pid: u32,
    files: [String; 3],
    process: Option<Arc<burrow_kernel::process::Process>>,
}

static RUN: AtomicUsize = AtomicUsize::new(0);

fn guests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/guests")
}

fn guest(name: &str) -> Vec<u8> {
    let path = guests_dir().join(format!("{name}.wasm"));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; build the guests with `cargo xtask guests`", path.display()))
}

fn wat(src: &str) -> Vec<u8> {
    wat::parse_str(src).expect("valid wat")
}

impl Rig {
    fn new(limits: Limits) -> Rig {
        Rig::with_config(limits, WasmiConfig::default())
    }

    fn with_config(limits: Limits, config: WasmiConfig) -> Rig {
        let kernel = Kernel::new(MemFs::new(Arc::new(FsQuota::new(&limits))), limits);
        let init = kernel.init();
        for dir in ["/bin", "/tmp"] {
            init.mkdir(AT_FDCWD, dir.as_bytes(), 0o755).unwrap();
        }
        let launcher = WasmLauncher::new(Wasmi::new(config).unwrap());
        kernel.set_launcher(launcher.clone());
        Rig { kernel, launcher }
    }

    /// A rig with the named test guests at `/bin/NAME`.
    fn with_guests(limits: Limits, names: &[&str]) -> Rig {
        let rig = Rig::new(limits);
        for name in names {
            rig.write(&format!("/bin/{name}"), &guest(name));
        }
        rig
    }

    fn init(&self) -> Task {
        self.kernel.init()
    }

    fn write(&self, path: &str, bytes: &[u8]) {
        let init = self.init();
        let fd = init
            .open(AT_FDCWD, path.as_bytes(), OpenFlags::CREAT | OpenFlags::WRONLY | OpenFlags::TRUNC, 0o755)
            .unwrap();
        let mut done = 0;
        while done < bytes.len() {
            done += init.write(fd, &bytes[done..]).unwrap();
        }
        init.close(fd).unwrap();
    }

    fn read(&self, path: &str) -> String {
        let init = self.init();
        let fd = init.open(AT_FDCWD, path.as_bytes(), OpenFlags::RDONLY, 0).unwrap();
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = init.read(fd, &mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        init.close(fd).unwrap();
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Opens fresh stdin/stdout/stderr files in init: (their paths, init's descriptors).
    fn stdio(&self) -> ([String; 3], Vec<u32>) {
        let n = RUN.fetch_add(1, Ordering::Relaxed);
        let files = [format!("/tmp/in{n}"), format!("/tmp/out{n}"), format!("/tmp/err{n}")];
        self.write(&files[0], b"");
        let init = self.init();
        let flags = [OpenFlags::RDONLY, OpenFlags::CREAT | OpenFlags::WRONLY, OpenFlags::CREAT | OpenFlags::WRONLY];
        let fds =
            files.iter().zip(flags).map(|(f, fl)| init.open(AT_FDCWD, f.as_bytes(), fl, 0o644).unwrap()).collect();
        (files, fds)
    }

    fn options(argv: &[&str], fds: &[u32]) -> ChildOptions {
        ChildOptions {
            argv: argv.iter().map(|a| a.as_bytes().to_vec()).collect(),
            env: vec![b"PATH=/bin".to_vec()],
            fds: vec![(0, fds[0]), (1, fds[1]), (2, fds[2])],
            ..Default::default()
        }
    }

    /// Starts `wasm` as a child of init.
    fn start(&self, wasm: &[u8], argv: &[&str]) -> Result<Running, BackendError> {
        let module = self.launcher.load_bytes(wasm, None)?;
        let (files, fds) = self.stdio();
        let init = self.init();
        let options = Rig::options(argv, &fds);
        let (argv, env) = (options.argv.clone(), options.env.clone());
        let child = init.new_child(options).unwrap();
        let pid = child.pid();
        let process = Some(child.process().clone());
        self.launcher.start(child, module, argv, env).unwrap();
        for fd in fds {
            init.close(fd).unwrap();
        }
        Ok(Running { pid, files, process })
    }

    /// Spawns the program file `argv[0]` the way a guest's `spawn` does.
    fn spawn(&self, argv: &[&str]) -> Running {
        let (files, fds) = self.stdio();
        let init = self.init();
        let pid =
            init.spawn(SpawnRequest { path: argv[0].as_bytes().to_vec(), options: Rig::options(argv, &fds) }).unwrap();
        for fd in fds {
            init.close(fd).unwrap();
        }
        let process = self.kernel.processes().get_any(pid);
        Running { pid, files, process }
    }

    fn wait(&self, r: Running) -> Out {
        let status = loop {
            if let Some((_, status)) = self.init().wait(WaitFor::Pid(r.pid), false).unwrap() {
                break status;
            }
        };
        let limit = r.process.and_then(|p| p.signals().fatal_limit());
        Out { status, stdout: self.read(&r.files[1]), stderr: self.read(&r.files[2]), limit }
    }

    fn run(&self, wasm: &[u8], argv: &[&str]) -> Out {
        let r = self.start(wasm, argv).unwrap();
        self.wait(r)
    }

    fn run_path(&self, argv: &[&str]) -> Out {
        let r = self.spawn(argv);
        self.wait(r)
    }
}

fn rig() -> Rig {
    Rig::new(Limits::default())
}

const PRINT: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wat\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 15))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;

const EXIT_42: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const 42)) unreachable))"#;

const SPIN: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "_start") (loop $l (br $l))))"#;

/// Loops `$n` times (about 15 fuel per iteration), then exits 0.
fn fixed_work(n: u64) -> Vec<u8> {
    wat(&format!(
        r#"(module
      (memory (export "memory") 1)
      (global $sink (mut i64) (i64.const 0))
      (func (export "_start") (local $n i64) (local $x i64)
        (local.set $n (i64.const {n}))
        (local.set $x (i64.const 1))
        (loop $l
          (local.set $x (i64.add (i64.mul (local.get $x) (i64.const 6364136223846793005)) (i64.const 1442695040888963407)))
          (local.set $n (i64.sub (local.get $n) (i64.const 1)))
          (br_if $l (i64.ne (local.get $n) (i64.const 0))))
        (global.set $sink (local.get $x))))"#
    ))
}

#[test]
fn fd_write_prints_to_stdout() {
    let out = rig().run(&wat(PRINT), &["print"]);
    assert_eq!(out.stdout, "hello from wat\n");
    assert_eq!(out.status, ExitStatus::Code(0));
}

#[test]
fn proc_exit_sets_the_exit_code() {
    let out = rig().run(&wat(EXIT_42), &["exit"]);
    assert_eq!(out.status, ExitStatus::Code(42));
    assert_eq!(out.stderr, "");
}

#[test]
fn a_trap_kills_with_sigabrt_and_says_why() {
    let out =
        rig().run(&wat(r#"(module (memory (export "memory") 1) (func (export "_start") unreachable))"#), &["trap"]);
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGABRT));
    assert!(out.stderr.starts_with("burrow: trap: "), "{}", out.stderr);
    assert_eq!(out.limit, None);
    let out = rig().run(
        &wat(r#"(module (memory (export "memory") 1) (func (export "_start") (drop (i32.load (i32.const 70000)))))"#),
        &["oob"],
    );
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGABRT));
    assert!(out.stderr.contains("out of bounds"), "{}", out.stderr);
}

#[test]
fn deep_recursion_is_a_trap_not_a_crash() {
    let out = rig().run(
        &wat(r#"(module (memory (export "memory") 1) (func $f (call $f)) (func (export "_start") (call $f)))"#),
        &["recurse"],
    );
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGABRT));
    assert!(out.stderr.contains("trap"), "{}", out.stderr);
}

#[test]
fn a_kill_from_another_thread_stops_a_spinning_guest() {
    let rig = rig();
    let running = rig.start(&wat(SPIN), &["spin"]).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let killed = Instant::now();
    rig.init().kill(i64::from(running.pid), Some(Signal::SIGKILL)).unwrap();
    let out = rig.wait(running);
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGKILL));
    // One fuel slice is ~10 ms of guest execution; allow for a loaded machine.
    assert!(killed.elapsed() < Duration::from_secs(2), "took {:?}", killed.elapsed());
}

#[test]
fn a_kill_wakes_a_guest_blocked_in_the_kernel() {
    let rig = Rig::with_guests(Limits::default(), &["sleep"]);
    let running = rig.spawn(&["/bin/sleep", "60000"]);
    std::thread::sleep(Duration::from_millis(200));
    let killed = Instant::now();
    rig.init().kill(i64::from(running.pid), Some(Signal::SIGTERM)).unwrap();
    let out = rig.wait(running);
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGTERM));
    assert!(killed.elapsed() < Duration::from_secs(2), "took {:?}", killed.elapsed());
}

#[test]
fn the_cpu_limit_stops_an_infinite_loop_with_sigxcpu() {
    let rig = Rig::new(Limits { cpu_time_ms: 20, ..Limits::default() });
    let out = rig.run(&wat(SPIN), &["spin"]);
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGXCPU));
    assert_eq!(out.limit, Some(Limit::CpuTime));
    assert!(out.stderr.contains("limit `cpu_time_ms` exceeded (max 20)"), "{}", out.stderr);
}

#[test]
fn the_cpu_limit_is_an_instruction_budget() {
    // ~15 fuel per iteration: 2M iterations take ~30M fuel, about 8 ms at FUEL_PER_MS.
    let work = fixed_work(2_000_000);
    let needed_ms = 30_000_000 / FUEL_PER_MS;
    let ample = Rig::new(Limits { cpu_time_ms: needed_ms * 3, ..Limits::default() });
    assert_eq!(ample.run(&work, &["work"]).status, ExitStatus::Code(0));
    let short = Rig::new(Limits { cpu_time_ms: needed_ms / 3, ..Limits::default() });
    let out = short.run(&work, &["work"]);
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGXCPU));
    assert_eq!(out.limit, Some(Limit::CpuTime));
    let unlimited = Rig::new(Limits { cpu_time_ms: u64::MAX, ..Limits::default() });
    assert_eq!(unlimited.run(&fixed_work(20_000_000), &["work"]).status, ExitStatus::Code(0));
}

#[test]
fn translating_a_function_on_its_first_call_costs_no_fuel() {
    // Functions are translated lazily, on their first call: a slice that runs out there must
    // not end the run (wasmi 2.0.0 made that an error it cannot resume, which was reported as
    // the CPU limit; it hit `sh` in a snapshot test at a fixed point of its instruction
    // stream). With slices of 16 fuel, every first call of these 100-byte functions (700 fuel
    // to translate at wasmi's default price) lands on an almost empty slice.
    let bodies: String = (0..20)
        .map(|i| format!("(func $f{i} (result i64) {} (i64.const {i}) {})", "(i64.const 1) ".repeat(20), "(i64.add) ".repeat(20)))
        .collect();
    let calls: String = (0..20).map(|i| format!("(global.set $sink (call $f{i}))")).collect();
    let module = format!(
        r#"(module (memory (export "memory") 1) (global $sink (mut i64) (i64.const 0)) {bodies}
          (func (export "_start") {calls}))"#
    );
    let config = WasmiConfig { slice_fuel: 16, ..WasmiConfig::default() };
    let rig = Rig::with_config(Limits::default(), config);
    let out = rig.run(&wat(&module), &["many-functions"]);
    assert_eq!((out.status, out.limit, out.stderr.as_str()), (ExitStatus::Code(0), None, ""));
}

#[test]
fn host_calls_cost_fuel() {
    // A loop of host calls and almost no instructions runs out of budget after about
    // budget / HOST_CALL_FUEL calls: it writes one byte per call, so stdout counts them.
    let budget_ms = 20;
    let rig = Rig::new(Limits { cpu_time_ms: budget_ms, ..Limits::default() });
    let out = rig.run(
        &wat(r#"(module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 0) "\10\00\00\00\01\00\00\00")
          (data (i32.const 16) ".")
          (func (export "_start")
            (loop $l (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (br $l))))"#),
        &["writes"],
    );
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGXCPU));
    let calls = out.stdout.len() as u64;
    let most = budget_ms * FUEL_PER_MS / HOST_CALL_FUEL;
    assert!(calls > most / 2 && calls <= most, "{calls} calls for a budget of {most}");
}

const GROW_THEN_TRAP: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "_start")
    (if (i32.eq (memory.grow (i32.const 100)) (i32.const -1)) (then unreachable))))"#;

#[test]
fn growing_past_the_memory_limit_then_trapping_is_the_memory_limit() {
    let rig = Rig::new(Limits { memory: 1 << 20, ..Limits::default() });
    let out = rig.run(&wat(GROW_THEN_TRAP), &["grow"]);
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGKILL));
    assert_eq!(out.limit, Some(Limit::Memory));
    assert!(out.stderr.contains("limit `memory` exceeded"), "{}", out.stderr);
    // Within the limit the same module runs to its end.
    let roomy = Rig::new(Limits { memory: 16 << 20, ..Limits::default() });
    assert_eq!(roomy.run(&wat(GROW_THEN_TRAP), &["grow"]).status, ExitStatus::Code(0));
}

#[test]
fn a_refused_grow_is_minus_one_to_the_guest() {
    let rig = Rig::new(Limits { memory: 1 << 20, ..Limits::default() });
    let out = rig.run(
        &wat(r#"(module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (if (i32.eq (memory.grow (i32.const 100)) (i32.const -1)) (then (call $exit (i32.const 3))))))"#),
        &["grow"],
    );
    assert_eq!(out.status, ExitStatus::Code(3));
    assert_eq!(out.limit, None);
}

#[test]
fn an_initial_memory_over_the_limit_is_the_memory_limit() {
    let rig = Rig::new(Limits { memory: 1 << 20, ..Limits::default() });
    let out = rig.run(&wat(r#"(module (memory (export "memory") 100) (func (export "_start")))"#), &["big"]);
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGKILL));
    assert_eq!(out.limit, Some(Limit::Memory));
}

#[test]
fn a_start_function_runs_first_and_can_call_the_host() {
    let out = rig().run(
        &wat(r#"(module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "start\nmain\n")
          (func $print (param $at i32) (param $len i32)
            (i32.store (i32.const 0) (local.get $at))
            (i32.store (i32.const 4) (local.get $len))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
          (func $init (call $print (i32.const 16) (i32.const 6)))
          (start $init)
          (func (export "_start") (call $print (i32.const 22) (i32.const 5))))"#),
        &["start"],
    );
    assert_eq!(out.stdout, "start\nmain\n");
    assert_eq!(out.status, ExitStatus::Code(0));
}

#[test]
fn a_spinning_start_function_is_still_limited_and_killable() {
    let spin_in_start =
        wat(r#"(module (memory (export "memory") 1) (func $s (loop $l (br $l))) (start $s) (func (export "_start")))"#);
    let limited = Rig::new(Limits { cpu_time_ms: 20, ..Limits::default() });
    assert_eq!(limited.run(&spin_in_start, &["s"]).status, ExitStatus::Signaled(Signal::SIGXCPU));
    let rig = rig();
    let running = rig.start(&spin_in_start, &["s"]).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    rig.init().kill(i64::from(running.pid), Some(Signal::SIGKILL)).unwrap();
    assert_eq!(rig.wait(running).status, ExitStatus::Signaled(Signal::SIGKILL));
}

#[test]
fn simd_runs() {
    let out = rig().run(
        &wat(r#"(module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (call $exit (i32x4.extract_lane 3
              (i32x4.add (v128.const i32x4 1 2 3 4) (i32x4.mul (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8)))))))"#),
        &["simd"],
    );
    assert_eq!(out.status, ExitStatus::Code(36));
}

#[test]
fn bad_modules_are_load_errors() {
    let rig = rig();
    let err = rig.launcher.load_bytes(b"\0asm\x01\0\0\0\x01", None).err().unwrap();
    assert!(matches!(err, BackendError::InvalidModule(ref m) if !m.is_empty()), "{err:?}");
    let err = rig.launcher.load_bytes(b"not wasm", None).err().unwrap();
    assert!(matches!(err, BackendError::InvalidModule(_)), "{err:?}");
    // Invalid code is caught when compiling even though translation is lazy.
    let err = rig
        .launcher
        .load_bytes(&wat(r#"(module (func (export "_start") (drop (i32.add (i32.const 1) (i64.const 2)))))"#), None)
        .err()
        .unwrap();
    assert!(matches!(err, BackendError::InvalidModule(_)), "{err:?}");
    let err =
        rig.start(&wat(r#"(module (import "env" "nope" (func)) (func (export "_start")))"#), &["x"]).err().unwrap();
    assert_eq!(err, BackendError::UnknownImport { module: "env".into(), name: "nope".into() });
    let err = rig
        .start(
            &wat(
                r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32))) (func (export "_start")))"#,
            ),
            &["x"],
        )
        .err()
        .unwrap();
    assert!(matches!(err, BackendError::InvalidModule(ref m) if m.contains("fd_write")), "{err:?}");
    let err = rig.start(&wat(r#"(module (func $s (param i32)) (start $s))"#), &["x"]).err().unwrap();
    assert!(matches!(err, BackendError::InvalidModule(_)), "{err:?}");
}

#[test]
fn a_module_without_start_fails_cleanly() {
    let out = rig().run(&wat(r#"(module (memory (export "memory") 1))"#), &["nostart"]);
    assert_eq!(out.status, ExitStatus::Code(126));
    assert!(out.stderr.contains("_start"), "{}", out.stderr);
}

#[test]
fn a_trap_ends_only_its_process() {
    let rig = Rig::with_guests(Limits::default(), &["hello"]);
    let spinner = rig.start(&wat(SPIN), &["spin"]).unwrap();
    let trap = rig.run(&wat(r#"(module (memory (export "memory") 1) (func (export "_start") unreachable))"#), &["t"]);
    assert_eq!(trap.status, ExitStatus::Signaled(Signal::SIGABRT));
    assert_eq!(rig.run_path(&["/bin/hello"]).stdout, "hello\n");
    rig.init().kill(i64::from(spinner.pid), Some(Signal::SIGKILL)).unwrap();
    assert_eq!(rig.wait(spinner).status, ExitStatus::Signaled(Signal::SIGKILL));
}

#[test]
fn prebuilt_guests_run() {
    let rig = Rig::with_guests(Limits::default(), &["hello", "args", "exit", "true", "stdio", "env"]);
    assert_eq!(rig.run_path(&["/bin/hello"]).stdout, "hello\n");
    let out = rig.run_path(&["/bin/args", "one", "two words", ""]);
    assert_eq!(out.stdout, "/bin/args\none\ntwo words\n\n");
    assert_eq!(out.status, ExitStatus::Code(0));
    assert_eq!(rig.run_path(&["/bin/exit", "7"]).status, ExitStatus::Code(7));
    assert_eq!(rig.run_path(&["/bin/true"]).status, ExitStatus::Code(0));
    let out = rig.run_path(&["/bin/env"]);
    assert!(out.stdout.lines().any(|l| l == "PATH=/bin"), "{}", out.stdout);
    // The same module straight from bytes (no file key) through the launcher's cache.
    assert_eq!(rig.run(&guest("hello"), &["hello"]).stdout, "hello\n");
    assert_eq!(rig.run(&guest("hello"), &["hello"]).stdout, "hello\n");
}

#[test]
fn prebuilt_guests_spawn_pipe_and_kill() {
    let rig = Rig::with_guests(Limits::default(), &["spawn", "args", "pipeline", "stdio", "kill", "spin"]);
    let out = rig.run_path(&["/bin/spawn", "/bin/args", "a", "b"]);
    assert_eq!(out.stdout, "child: /bin/args\nchild: a\nchild: b\nstatus: exit 0\n");
    let out = rig.run_path(&["/bin/pipeline", "/bin/args", "x", "y", "--", "/bin/stdio"]);
    assert_eq!(out.stdout, "result: /BIN/ARGS\nresult: X\nresult: Y\nstatus 1: exit 0\nstatus 2: exit 0\n");
    let out = rig.run_path(&["/bin/kill", "/bin/spin"]);
    assert_eq!(out.stdout, "spawned\nkilled\nstatus: signal 15\n");
}

#[test]
fn prebuilt_guests_hit_limits() {
    let rig = Rig::with_guests(Limits { cpu_time_ms: 200, memory: 16 << 20, ..Limits::default() }, &["spin", "memhog"]);
    let out = rig.run_path(&["/bin/spin"]);
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGXCPU));
    assert_eq!(out.limit, Some(Limit::CpuTime));
    let out = rig.run_path(&["/bin/memhog", "64"]);
    assert_eq!(out.status, ExitStatus::Code(1));
    assert!(out.stdout.contains("allocation failed after"), "{}", out.stdout);
    let out = rig.run_path(&["/bin/memhog", "64", "abort"]);
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGKILL), "{}", out.stderr);
    assert_eq!(out.limit, Some(Limit::Memory));
    assert!(rig.run_path(&["/bin/memhog", "4"]).status.success());
}
