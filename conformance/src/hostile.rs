//! The hostile-guest suite (`hostile/NAME`): programs that try to exhaust a limit (CPU, wall
//! time, memory, processes, descriptors, pipe and socket buffers, disk bytes and inodes, captured
//! output, stack), to escape a host-directory mount (`..` walks, planted and host-made symlinks, symlinks
//! swapped during calls by the guest or by the host, hard links, device files, `/proc`-style
//! paths, every write path of a read-only mount), to see the host (environment, working
//! directory, files, sockets), or that are malformed input (not WebAssembly, truncated, unknown
//! imports, a native ELF, oversized arguments, non-UTF-8 arguments, environment and paths,
//! JavaScript that does not parse or throws non-errors).
//!
//! Every case names the exit code and the typed outcome it expects: the `burrow::Error` the run
//! must fail with, or the limits [`burrow::Output::limits_hit`] must report (and the one it was
//! stopped for). While it runs, a neighbor VM on the same runtime and backend runs a normal
//! workload (`/bin/files` over and over, beside a file written before the case started); the case
//! fails unless the neighbor finishes every run correctly with its files intact, no process of
//! the hostile VM survives the VM, and (for mount cases) nothing outside the mounted directory
//! changed on the host.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use burrow::kernel::fd::OpenFlags;
use burrow::kernel::limits::Limits;
use burrow::kernel::{Limit, Task, AT_FDCWD};
use burrow::{BackendKind, MountSpec, Runtime, Vm};

use crate::cases::{in_vm, Case, Program, Stdout};
use crate::run::{snapshot, with_case, Observed};

/// What makes a case hostile: the limits it runs under, its fixtures, and the typed outcome it
/// expects beyond the exit code and output.
#[derive(Clone, Debug, Default)]
pub struct Hostile {
    /// The VM's limits.
    pub limits: Limits,
    /// Most bytes kept per captured stream (the VM's default otherwise).
    pub capture_limit: Option<usize>,
    /// Arguments after [`Case::args`] that are not UTF-8.
    pub raw_args: Vec<Vec<u8>>,
    /// A WebAssembly module given as bytes (run as a host module) instead of a path in the VM.
    pub module: Option<Vec<u8>>,
    /// Files written into the VM before the run: path, content, mode.
    pub vm_files: Vec<(String, Vec<u8>, u32)>,
    /// A host directory to mount, laid out by [`Fixture`].
    pub mount: Option<MountFixture>,
    /// The `burrow::Error` the run must fail with, as [`error_kind`] names it; `None` when the
    /// program must run.
    pub error: Option<String>,
    /// Exactly the limits the run must report in `Output::limits_hit`.
    pub limits_hit: Vec<Limit>,
    /// The limits hit depend on timing (a background fork bomb): not compared, nor recorded.
    pub limits_hit_vary: bool,
    /// The limit the program must be stopped for.
    pub limit_exceeded: Option<Limit>,
    /// Exactly these stdout bytes (for output that is not UTF-8; [`Case::stdout`] is then `Any`).
    pub stdout_bytes: Option<Vec<u8>>,
    /// Text stdout must contain.
    pub stdout_contains: Vec<String>,
    /// Text stderr must contain.
    pub stderr_contains: Vec<String>,
}

/// A host directory mounted in the case's VM, with an outside sibling the guest must never
/// reach: see [`Fixture`].
#[derive(Clone, Debug)]
pub struct MountFixture {
    /// Where it is mounted in the VM.
    pub guest: String,
    pub read_only: bool,
    /// A host thread swaps `hrace` (a decoy file / a symlink to the outside file) and `hracedir`
    /// (a directory / a symlink to the outside directory) inside the mount while the case runs.
    pub host_racer: bool,
}

/// The first bytes of the outside file; a guest that reads them has escaped.
const SECRET: &[u8] = b"SECRET outside the mount\n";
const DECOY: &[u8] = b"decoy\n";
/// The size `huge.wasm` claims.
const HUGE: u64 = 64 << 30;

/// A temporary host directory `T`: `T/outside.txt` and `T/outside_dir/secret.txt` (which the VM
/// must never read or change) beside `T/mnt`, the mounted directory, which holds `inner.txt`,
/// `sub/`, symlinks planted by the host (`host-abs` to the absolute path of `outside.txt`,
/// `host-rel` to `../outside.txt`, `host-dir-abs` to `outside_dir`, `proc-self` to
/// `/proc/self/root`), `hardlink` (a hard link to `outside.txt`), special files (`dev-null`, a
/// character device where the host allows `mknod`, else a FIFO; `fifo`; `sock`, a listening unix
/// socket), `port` (the number of a TCP port the host listens on at 127.0.0.1) and `huge.wasm`
/// (an executable sparse file of 64 GiB that starts like a module).
pub struct Fixture {
    dir: tempfile::TempDir,
    before: BTreeMap<PathBuf, FileState>,
    _unix: std::os::unix::net::UnixListener,
    _tcp: std::net::TcpListener,
}

/// What is checked of each outside file: content, mode, modification time, link count.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FileState {
    content: Vec<u8>,
    mode: u32,
    mtime: Option<SystemTime>,
    nlink: u64,
}

fn state(path: &Path) -> std::io::Result<FileState> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::symlink_metadata(path)?;
    let content = if m.is_file() { std::fs::read(path)? } else { Vec::new() };
    Ok(FileState { content, mode: m.mode(), mtime: m.modified().ok(), nlink: m.nlink() })
}

/// Every entry below `dir` (not following symlinks), but not below `skip`.
fn tree(dir: &Path, skip: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if path == skip {
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            tree(&path, skip, out);
        }
        out.push(path);
    }
}

impl Fixture {
    /// Lays out the directory.
    pub fn build() -> Result<Fixture, String> {
        let io = |what: &str, e: std::io::Error| format!("fixture: {what}: {e}");
        let dir = tempfile::tempdir().map_err(|e| io("tempdir", e))?;
        let t = dir.path();
        let outside = t.join("outside.txt");
        let outside_dir = t.join("outside_dir");
        let mnt = t.join("mnt");
        std::fs::write(&outside, SECRET).map_err(|e| io("outside.txt", e))?;
        std::fs::create_dir(&outside_dir).map_err(|e| io("outside_dir", e))?;
        std::fs::write(outside_dir.join("secret.txt"), b"SECRET in the outside directory\n")
            .map_err(|e| io("secret.txt", e))?;
        std::fs::create_dir_all(mnt.join("sub")).map_err(|e| io("mnt", e))?;
        std::fs::write(mnt.join("inner.txt"), b"inner\n").map_err(|e| io("inner.txt", e))?;
        let symlink =
            |target: &Path, name: &str| std::os::unix::fs::symlink(target, mnt.join(name)).map_err(|e| io(name, e));
        symlink(&outside, "host-abs")?;
        symlink(Path::new("../outside.txt"), "host-rel")?;
        symlink(&outside_dir, "host-dir-abs")?;
        symlink(Path::new("/proc/self/root"), "proc-self")?;
        std::fs::hard_link(&outside, mnt.join("hardlink")).map_err(|e| io("hardlink", e))?;
        let made = |cmd: &mut std::process::Command| cmd.status().is_ok_and(|s| s.success());
        let dev_null = mnt.join("dev-null");
        if !made(std::process::Command::new("mknod").arg(&dev_null).args(["c", "1", "3"]))
            && !made(std::process::Command::new("mkfifo").arg(&dev_null))
        {
            return Err("fixture: neither mknod nor mkfifo could make dev-null".into());
        }
        if !made(std::process::Command::new("mkfifo").arg(mnt.join("fifo"))) {
            return Err("fixture: mkfifo failed".into());
        }
        let unix = std::os::unix::net::UnixListener::bind(mnt.join("sock")).map_err(|e| io("sock", e))?;
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| io("tcp listener", e))?;
        let port = tcp.local_addr().map_err(|e| io("tcp listener", e))?.port();
        std::fs::write(mnt.join("port"), format!("{port}\n")).map_err(|e| io("port", e))?;
        let huge = std::fs::File::create(mnt.join("huge.wasm")).map_err(|e| io("huge.wasm", e))?;
        std::io::Write::write_all(&mut &huge, b"\0asm\x01\0\0\0").map_err(|e| io("huge.wasm", e))?;
        huge.set_len(HUGE).map_err(|e| io("huge.wasm", e))?;
        std::fs::set_permissions(mnt.join("huge.wasm"), std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .map_err(|e| io("huge.wasm", e))?;
        let mut f = Fixture { dir, before: BTreeMap::new(), _unix: unix, _tcp: tcp };
        f.before = f.outside_state();
        Ok(f)
    }

    /// The mounted directory.
    pub fn mnt(&self) -> PathBuf {
        self.dir.path().join("mnt")
    }

    /// Every entry of `T` outside the mount, with its state (`None` when it cannot be read).
    fn outside_state(&self) -> BTreeMap<PathBuf, FileState> {
        let mut paths = Vec::new();
        tree(self.dir.path(), &self.mnt(), &mut paths);
        paths.into_iter().filter_map(|p| state(&p).ok().map(|s| (p, s))).collect()
    }

    /// Fails if anything outside the mounted directory changed, appeared or went away.
    pub fn check_outside(&self) -> Result<(), String> {
        let after = self.outside_state();
        if after == self.before {
            return Ok(());
        }
        let mut diffs = Vec::new();
        for (path, was) in &self.before {
            match after.get(path) {
                None => diffs.push(format!("{} is gone", path.display())),
                Some(now) if now != was => diffs.push(format!("{} changed: {was:?} -> {now:?}", path.display())),
                _ => {}
            }
        }
        diffs.extend(
            after.keys().filter(|p| !self.before.contains_key(*p)).map(|p| format!("{} appeared", p.display())),
        );
        Err(format!("outside the mount: {}", diffs.join("; ")))
    }

    /// Starts the host thread that swaps `hrace` and `hracedir` until the returned flag is set.
    fn race(&self) -> (Arc<AtomicBool>, std::thread::JoinHandle<()>) {
        let stop = Arc::new(AtomicBool::new(false));
        let mnt = self.mnt();
        let outside = self.dir.path().join("outside.txt");
        let outside_dir = self.dir.path().join("outside_dir");
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let parked = mnt.join("hracedir.d");
            let _ = std::fs::create_dir(&parked);
            let _ = std::fs::write(parked.join("secret.txt"), DECOY);
            let (race, dir) = (mnt.join("hrace"), mnt.join("hracedir"));
            while !flag.load(Ordering::Relaxed) {
                let _ = std::os::unix::fs::symlink(&outside, mnt.join("hrace.l"));
                let _ = std::fs::rename(mnt.join("hrace.l"), &race);
                let _ = std::fs::write(mnt.join("hrace.f"), DECOY);
                let _ = std::fs::rename(mnt.join("hrace.f"), &race);
                let _ = std::fs::remove_file(&dir);
                let _ = std::fs::rename(&parked, &dir);
                let _ = std::fs::rename(&dir, &parked);
                let _ = std::os::unix::fs::symlink(&outside_dir, &dir);
            }
        });
        (stop, handle)
    }
}

/// How the matrix names a `burrow::Error`: its kind, with the limit for `LimitExceeded`.
pub fn error_kind(e: &burrow::Error) -> String {
    use burrow::Error as E;
    match e {
        E::NotFound { .. } => "NotFound".into(),
        E::NotExecutable { .. } => "NotExecutable".into(),
        E::InvalidModule(_) => "InvalidModule".into(),
        E::UnknownImport { module, name } => format!("UnknownImport({module}::{name})"),
        E::BackendUnavailable { .. } => "BackendUnavailable".into(),
        E::LimitExceeded { limit, .. } => format!("LimitExceeded({limit})"),
        E::HostPath { .. } => "HostPath".into(),
        E::InvalidSetting(_) => "InvalidSetting".into(),
        E::Kernel { errno, .. } => format!("Kernel({})", errno.name()),
        other => format!("{other:?}").split([' ', '(', '{']).next().unwrap_or("?").to_string(),
    }
}

/// Where the neighbor keeps the file it checks at the end.
const NEIGHBOR_FILE: &str = "/home/user/neighbor.bin";

fn neighbor_content() -> Vec<u8> {
    (0..256u32 << 10).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8).collect()
}

/// Runs the neighbor's workload until `done` is set (at least once): `/bin/files /tmp` must pass
/// every time, and the file written first must read back intact at the end, `/tmp` empty.
fn neighbor(runtime: &Runtime, backend: BackendKind, done: &AtomicBool) -> Result<usize, String> {
    let vm = Vm::builder().runtime(runtime).backend(backend).build().map_err(|e| format!("neighbor VM: {e}"))?;
    let init = vm.kernel().init();
    let content = neighbor_content();
    write_vm_file(&init, NEIGHBOR_FILE, &content, 0o644)?;
    let mut runs = 0;
    loop {
        let out = vm.run(&["/bin/files", "/tmp"]).map_err(|e| format!("neighbor run {runs}: {e}"))?;
        let log = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || log.contains("FAIL") {
            return Err(format!("neighbor run {runs} failed ({:?}): {log}", out.status));
        }
        runs += 1;
        if done.load(Ordering::Relaxed) {
            break;
        }
    }
    if read_vm_file(&init, NEIGHBOR_FILE)? != content {
        return Err("the neighbor's file changed".into());
    }
    let mut left = BTreeMap::new();
    snapshot(&init, "/tmp", &mut left);
    if !left.is_empty() {
        return Err(format!("the neighbor's /tmp is not empty: {:?}", left.keys().collect::<Vec<_>>()));
    }
    Ok(runs)
}

fn write_vm_file(task: &Task, path: &str, content: &[u8], mode: u32) -> Result<(), String> {
    let flags = OpenFlags::WRONLY | OpenFlags::CREAT | OpenFlags::TRUNC;
    let fd = task.open(AT_FDCWD, path.as_bytes(), flags, mode).map_err(|e| format!("open {path}: {e}"))?;
    let mut rest = content;
    while !rest.is_empty() {
        let n = task.write(fd, rest).map_err(|e| format!("write {path}: {e}"))?;
        rest = &rest[n..];
    }
    task.close(fd).map_err(|e| format!("close {path}: {e}"))
}

fn read_vm_file(task: &Task, path: &str) -> Result<Vec<u8>, String> {
    let fd = task.open(AT_FDCWD, path.as_bytes(), OpenFlags::RDONLY, 0).map_err(|e| format!("open {path}: {e}"))?;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    loop {
        match task.read(fd, &mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => return Err(format!("read {path}: {e}")),
        }
    }
    let _ = task.close(fd);
    Ok(out)
}

/// Runs a hostile case on `backend` beside a neighbor VM and records what happened, including
/// every way it disturbed something it must not have (in [`Observed::problems`]).
pub fn observe(runtime: &Runtime, case: &Case, h: &Hostile, backend: BackendKind) -> Result<Observed, String> {
    let fixture = h.mount.as_ref().map(|_| Fixture::build()).transpose()?;
    let mut builder = Vm::builder().runtime(runtime).backend(backend).limits(h.limits);
    if let Some(n) = h.capture_limit {
        builder = builder.capture_limit(n);
    }
    if let (Some(m), Some(f)) = (&h.mount, &fixture) {
        builder = builder.mount(MountSpec { host: f.mnt(), guest: m.guest.clone(), read_only: m.read_only });
    }
    let vm = builder.build().map_err(|e| e.to_string())?;
    let init = vm.kernel().init();
    for (path, content, mode) in &h.vm_files {
        write_vm_file(&init, path, content, *mode)?;
    }
    let done = AtomicBool::new(false);
    let mut problems = Vec::new();
    let (out, racer) = std::thread::scope(|s| {
        let neighbor = s.spawn(|| neighbor(runtime, backend, &done));
        let racer = match (&h.mount, &fixture) {
            (Some(m), Some(f)) if m.host_racer => Some(f.race()),
            _ => None,
        };
        let mut cmd = match (&h.module, &case.program) {
            (Some(bytes), _) => vm.module(bytes.clone(), case.name.trim_start_matches("hostile/")),
            (None, Program::InVm(path)) => vm.command(path.as_str()),
            (None, Program::WasiTest { .. }) => unreachable!("hostile cases run in a VM"),
        };
        cmd = with_case(cmd, case).args(h.raw_args.iter().cloned());
        let out = cmd.output();
        done.store(true, Ordering::Relaxed);
        match neighbor.join() {
            Ok(Ok(_runs)) => {}
            Ok(Err(e)) => problems.push(e),
            Err(_) => problems.push("the neighbor panicked".into()),
        }
        (out, racer)
    });
    if let Some((stop, handle)) = racer {
        stop.store(true, Ordering::Relaxed);
        let _ = handle.join();
    }
    let mut files = BTreeMap::new();
    for root in ["/tmp", "/home/user"] {
        snapshot(&init, root, &mut files);
    }
    drop(init);
    let kernel = vm.kernel().clone();
    drop(vm);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut left = kernel.processes().pids();
    while left.len() > 1 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        left = kernel.processes().pids();
    }
    if left.len() > 1 {
        problems.push(format!("processes still running 20 s after the VM was dropped: {left:?}"));
    }
    if let Some(f) = &fixture {
        if let Err(e) = f.check_outside() {
            problems.push(e);
        }
    }
    Ok(match out {
        Ok(o) => Observed {
            code: o.code(),
            stdout: o.stdout,
            stderr: o.stderr,
            files,
            limits_hit: if h.limits_hit_vary { Vec::new() } else { o.limits_hit },
            limit_exceeded: o.limit_exceeded,
            error: None,
            problems,
        },
        Err(e) => Observed {
            code: e.exit_code() as i32,
            stdout: Vec::new(),
            stderr: Vec::new(),
            files,
            limits_hit: Vec::new(),
            limit_exceeded: None,
            error: Some(error_kind(&e)),
            problems,
        },
    })
}

/// What a hostile case expects beyond the exit code and output; `None` when all is as expected.
pub fn judge(h: &Hostile, o: &Observed) -> Option<String> {
    if !o.problems.is_empty() {
        return Some(o.problems.join("; "));
    }
    if o.error != h.error {
        return Some(format!("error {:?}, expected {:?}", o.error, h.error));
    }
    if !h.limits_hit_vary && o.limits_hit != h.limits_hit {
        return Some(format!("limits hit {:?}, expected {:?}", o.limits_hit, h.limits_hit));
    }
    if o.limit_exceeded != h.limit_exceeded {
        return Some(format!("stopped for limit {:?}, expected {:?}", o.limit_exceeded, h.limit_exceeded));
    }
    if let Some(want) = &h.stdout_bytes {
        if *want != o.stdout {
            return Some(format!(
                "stdout {:?}, expected {:?}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(want)
            ));
        }
    }
    let stdout = String::from_utf8_lossy(&o.stdout);
    if let Some(want) = h.stdout_contains.iter().find(|w| !stdout.contains(w.as_str())) {
        return Some(format!("stdout lacks {want:?}: {:?}", crate::run::truncate(&stdout)));
    }
    let stderr = String::from_utf8_lossy(&o.stderr);
    if let Some(want) = h.stderr_contains.iter().find(|w| !stderr.contains(w.as_str())) {
        return Some(format!("stderr lacks {want:?}: {:?}", crate::run::truncate(&stderr)));
    }
    None
}

fn case(name: &str, argv: &[&str], code: i32, stdout: Stdout, h: Hostile) -> Case {
    Case { hostile: Some(Box::new(h)), ..in_vm(format!("hostile/{name}"), argv, code, stdout) }
}

fn exact(s: &str) -> Stdout {
    Stdout::Exact(s.to_string())
}

fn limits(f: impl FnOnce(&mut Limits)) -> Limits {
    let mut l = Limits::default();
    f(&mut l);
    l
}

/// The line the launcher writes to a process's stderr when `limit` (at `max`) stops it.
fn limit_line(limit: Limit, max: u64) -> String {
    format!("burrow: limit `{limit}` exceeded (max {max}); raise it with `--limit {limit}=VALUE`\n")
}

/// A case stopped for `limit` (set to `max`) with `signal_code`, nothing else hit.
fn stopped(name: &str, argv: &[&str], limit: Limit, max: u64, code: i32, stdout: Stdout) -> Case {
    let mut l = Limits::default();
    l.set(limit.key(), max);
    let mut c = case(
        name,
        argv,
        code,
        stdout,
        Hostile { limits: l, limits_hit: vec![limit], limit_exceeded: Some(limit), ..Hostile::default() },
    );
    c.stderr = Some(limit_line(limit, max));
    c
}

/// A case that must fail to start with the typed error `error`.
fn refused(name: &str, argv: &[&str], code: i32, error: &str, h: Hostile) -> Case {
    case(name, argv, code, exact(""), Hostile { error: Some(error.into()), ..h })
}

/// A raw module run as a host module, which must fail with `error`.
fn bad_module(name: &str, bytes: Vec<u8>, error: &str) -> Case {
    refused(name, &["bad"], 126, error, Hostile { module: Some(bytes), ..Hostile::default() })
}

/// Where escape cases mount the fixture.
const MNT: &str = "/mnt/host";

fn mounted(read_only: bool, host_racer: bool) -> Option<MountFixture> {
    Some(MountFixture { guest: MNT.into(), read_only, host_racer })
}

fn escape(name: &str, mode: &str, stdout: &str, m: Option<MountFixture>) -> Case {
    case(name, &["/bin/escape", mode, MNT], 0, exact(stdout), Hostile { mount: m, ..Hostile::default() })
}

fn node(name: &str, script: &str, code: i32, stdout: Stdout, h: Hostile) -> Case {
    case(name, &["/bin/node", "-e", script], code, stdout, h)
}

/// A minimal module: the sections given, after the header.
fn module(sections: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    for (id, payload) in sections {
        m.push(*id);
        leb(&mut m, payload.len() as u64);
        m.extend_from_slice(payload);
    }
    m
}

fn leb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn name(out: &mut Vec<u8>, s: &str) {
    leb(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Type 0: `() -> ()`.
fn type_section() -> (u8, Vec<u8>) {
    (1, vec![1, 0x60, 0, 0])
}

/// Exports function `func` as `_start`.
fn export_start(func: u8) -> (u8, Vec<u8>) {
    let mut p = vec![1];
    name(&mut p, "_start");
    p.extend([0, func]);
    (7, p)
}

/// One function of type 0 declared, whose body is `body` (without the `end`).
fn one_function(body: &[u8]) -> [(u8, Vec<u8>); 2] {
    let mut code = vec![0];
    code.extend_from_slice(body);
    code.push(0x0b);
    let mut c = vec![1];
    leb(&mut c, code.len() as u64);
    c.extend(code);
    [(3, vec![1, 0]), (10, c)]
}

fn unknown_import_module() -> Vec<u8> {
    let mut import = vec![1];
    name(&mut import, "evil");
    name(&mut import, "escape");
    import.extend([0, 0]);
    let [funcs, code] = one_function(&[]);
    module(&[type_section(), (2, import), funcs, export_start(1), code])
}

fn huge_memory_module() -> Vec<u8> {
    let mut memory = vec![1, 0];
    leb(&mut memory, 65536);
    let [funcs, code] = one_function(&[]);
    module(&[type_section(), funcs, (5, memory), export_start(0), code])
}

fn no_start_module() -> Vec<u8> {
    let [funcs, code] = one_function(&[]);
    module(&[type_section(), funcs, code])
}

fn unreachable_module() -> Vec<u8> {
    let [funcs, code] = one_function(&[0x00]);
    module(&[type_section(), funcs, export_start(0), code])
}

/// `_start` calls itself.
fn recursive_module() -> Vec<u8> {
    let [funcs, code] = one_function(&[0x10, 0x00]);
    module(&[type_section(), funcs, export_start(0), code])
}

/// The start of a native x86-64 ELF executable.
fn elf() -> Vec<u8> {
    let mut e = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0".to_vec();
    e.resize(120, 0);
    e
}

/// The hostile suite.
pub fn hostile_cases() -> Vec<Case> {
    let mut cases = limit_cases();
    cases.extend(escape_cases());
    cases.extend(malformed_cases());
    cases.extend(node_cases());
    cases
}

/// Guests that exhaust a limit.
fn limit_cases() -> Vec<Case> {
    vec![
        // Limits the backends enforce by stopping the process.
        stopped("cpu-spin", &["/bin/spin"], Limit::CpuTime, 300, 152, exact("")),
        stopped("wall-sleep", &["/bin/sleep", "60000"], Limit::WallTime, 300, 137, exact("")),
        case(
            "memory-bomb",
            &["/bin/memhog", "64", "abort"],
            137,
            Stdout::Any,
            Hostile {
                limits: limits(|l| l.memory = 16 << 20),
                limits_hit: vec![Limit::Memory],
                limit_exceeded: Some(Limit::Memory),
                stderr_contains: vec![limit_line(Limit::Memory, 16 << 20)],
                ..Hostile::default()
            },
        ),
        stopped("output-flood-forever", &["/bin/output_flood", "forever"], Limit::CpuTime, 500, 152, Stdout::Any),
        // Limits the kernel enforces by refusing a call: the guest carries on, the embedder is told.
        case(
            "memory-grow-refused",
            &["/bin/memhog", "64"],
            1,
            Stdout::Any,
            Hostile {
                limits: limits(|l| l.memory = 16 << 20),
                limits_hit: vec![Limit::Memory],
                stdout_contains: vec!["allocation failed after".into()],
                ..Hostile::default()
            },
        ),
        case(
            "fork-bomb",
            &["/bin/fork_bomb"],
            0,
            exact("spawned 14 children, then EAGAIN\nreaped 14\n"),
            Hostile { limits: limits(|l| l.processes = 16), limits_hit: vec![Limit::Processes], ..Hostile::default() },
        ),
        // A shell fork bomb that waits for its children collapses when spawns fail.
        case(
            "sh-fork-bomb",
            &["/bin/sh", "-c", "f() { f | f; }; f 2>/dev/null"],
            254,
            exact(""),
            Hostile { limits: limits(|l| l.processes = 64), limits_hit: vec![Limit::Processes], ..Hostile::default() },
        ),
        // One in the background outlives the command: the VM's end must stop it.
        case(
            "sh-fork-bomb-background",
            &["/bin/sh", "-c", "f() { f | f & }; f 2>/dev/null; echo started"],
            0,
            exact("started\n"),
            Hostile { limits: limits(|l| l.processes = 64), limits_hit_vary: true, ..Hostile::default() },
        ),
        case(
            "fd-exhaustion",
            &["/bin/fd_bomb", "open"],
            0,
            exact("opened 60 descriptors, then EMFILE\nrecovered\n"),
            Hostile { limits: limits(|l| l.open_files = 64), limits_hit: vec![Limit::OpenFiles], ..Hostile::default() },
        ),
        case(
            "pipe-exhaustion",
            &["/bin/fd_bomb", "pipe"],
            0,
            exact("made 16 pipes, then ENFILE\nrecovered\n"),
            Hostile {
                limits: limits(|l| l.pipe_buffers = 1 << 20),
                limits_hit: vec![Limit::PipeBuffers],
                ..Hostile::default()
            },
        ),
        case(
            "socket-buffer-exhaustion",
            &["/bin/fd_bomb", "sockbuf"],
            0,
            exact("buffered 16384 bytes, then ENOBUFS\nrecovered\n"),
            Hostile {
                limits: limits(|l| l.socket_buffers = 16 << 10),
                limits_hit: vec![Limit::SocketBuffers],
                ..Hostile::default()
            },
        ),
        case(
            "disk-fill",
            &["/bin/disk_fill", "/tmp", "bytes"],
            0,
            Stdout::Any,
            Hostile {
                limits: limits(|l| l.fs_bytes = 1 << 20),
                limits_hit: vec![Limit::FsBytes],
                stdout_contains: vec![" KiB, then ENOSPC\nrecovered\n".into()],
                ..Hostile::default()
            },
        ),
        case(
            "inode-fill",
            &["/bin/disk_fill", "/tmp", "inodes"],
            0,
            Stdout::Any,
            Hostile {
                limits: limits(|l| l.fs_inodes = 64),
                limits_hit: vec![Limit::FsInodes],
                stdout_contains: vec![" files, then EDQUOT\nrecovered\n".into()],
                ..Hostile::default()
            },
        ),
        // A writable host mount is paid for from the same quota: the host's disk is not the
        // guest's to fill.
        case(
            "disk-fill-host-mount",
            &["/bin/disk_fill", MNT, "bytes"],
            0,
            Stdout::Any,
            Hostile {
                limits: limits(|l| l.fs_bytes = 1 << 20),
                mount: mounted(false, false),
                limits_hit: vec![Limit::FsBytes],
                stdout_contains: vec![" KiB, then ENOSPC\nrecovered\n".into()],
                ..Hostile::default()
            },
        ),
        case(
            "inode-fill-host-mount",
            &["/bin/disk_fill", MNT, "inodes"],
            0,
            Stdout::Any,
            Hostile {
                limits: limits(|l| l.fs_inodes = 64),
                mount: mounted(false, false),
                limits_hit: vec![Limit::FsInodes],
                stdout_contains: vec![" files, then EDQUOT\nrecovered\n".into()],
                ..Hostile::default()
            },
        ),
        // Output past the capture limit is cut with a marker; memory stays bounded.
        {
            let mut c = case(
                "output-flood",
                &["/bin/output_flood", "8"],
                0,
                Stdout::Any,
                Hostile {
                    capture_limit: Some(64 << 10),
                    stdout_bytes: Some(flood_capture(64 << 10)),
                    ..Hostile::default()
                },
            );
            c.stderr = Some("flooded 8 MiB\n".into());
            c
        },
        {
            let mut c = case(
                "output-flood-stderr",
                &["/bin/output_flood", "8", "stderr"],
                0,
                exact("flooded 8 MiB\n"),
                Hostile { capture_limit: Some(64 << 10), ..Hostile::default() },
            );
            c.stderr = Some(String::from_utf8(flood_capture(64 << 10)).expect("ASCII"));
            c
        },
        // Rust's stack lives in linear memory: its overflow is an out-of-bounds access.
        {
            let mut c = case("deep-recursion", &["/bin/deep_recursion"], 134, exact("diving\n"), Hostile::default());
            c.stderr = Some("burrow: trap: out of bounds memory access\n".into());
            c
        },
        // A function calling itself overflows the engine's own stack.
        {
            let mut c = case(
                "wasm-infinite-recursion",
                &["recurse"],
                134,
                exact(""),
                Hostile { module: Some(recursive_module()), ..Hostile::default() },
            );
            c.stderr = Some("burrow: trap: call stack exhausted\n".into());
            c
        },
        // A program file the size of which the host cannot afford to read.
        refused(
            "module-too-large",
            &["/mnt/host/huge.wasm"],
            126,
            "LimitExceeded(module_bytes)",
            Hostile { mount: mounted(false, false), ..Hostile::default() },
        ),
        case(
            "spawn-module-too-large",
            &["/bin/spawn", "/mnt/host/huge.wasm"],
            1,
            exact("spawn: EFBIG\n"),
            Hostile { mount: mounted(false, false), limits_hit: vec![Limit::ModuleBytes], ..Hostile::default() },
        ),
        refused(
            "oversized-argv",
            &[&["/bin/args"][..], &vec![&*"x".repeat(64 << 10); 40]].concat(),
            126,
            "LimitExceeded(arg_bytes)",
            Hostile::default(),
        ),
        case(
            "sh-oversized-argv",
            &["/bin/sh", "-c", "/bin/true \"$(/bin/write_big 3000000)\"; echo \"status $?\""],
            0,
            Stdout::Any,
            Hostile {
                limits_hit: vec![Limit::ArgBytes],
                stdout_contains: vec!["status 126\n".into()],
                ..Hostile::default()
            },
        ),
    ]
}

/// Guests that try to leave a host-directory mount or to see the host.
fn escape_cases() -> Vec<Case> {
    vec![
        escape("escape-walk", "walk", expected::WALK, mounted(false, false)),
        escape("escape-symlinks", "symlinks", expected::SYMLINKS, mounted(false, false)),
        case(
            "escape-toctou",
            &["/bin/escape", "toctou", MNT, "500"],
            0,
            exact(expected::TOCTOU),
            Hostile { mount: mounted(false, false), ..Hostile::default() },
        ),
        case(
            "escape-host-race",
            &["/bin/escape", "hostrace", MNT, "500"],
            0,
            exact(expected::HOSTRACE),
            Hostile { mount: mounted(false, true), ..Hostile::default() },
        ),
        escape("escape-hardlink", "hardlink", expected::HARDLINK, mounted(false, false)),
        escape("escape-special-files", "special", expected::SPECIAL, mounted(false, false)),
        escape("readonly-mount", "rofs", expected::ROFS, mounted(true, false)),
        escape("host-invisible", "host", expected::HOST, mounted(false, false)),
        node(
            "node-escape",
            expected::NODE_ESCAPE_SCRIPT,
            0,
            exact(expected::NODE_ESCAPE),
            Hostile { mount: mounted(false, false), ..Hostile::default() },
        ),
    ]
}

/// Input that is not a program Burrow can run, or not what its caller promised.
fn malformed_cases() -> Vec<Case> {
    vec![
        bad_module("not-wasm", b"hello, world\n".to_vec(), "InvalidModule"),
        bad_module("truncated-wasm", b"\0asm\x01\0\0\0\x01".to_vec(), "InvalidModule"),
        bad_module("wasm-version-2", b"\0asm\x02\0\0\0".to_vec(), "InvalidModule"),
        bad_module("wasm-bad-section", module(&[(1, vec![5, 0x60])]), "InvalidModule"),
        bad_module("native-elf", elf(), "InvalidModule"),
        bad_module("unknown-import", unknown_import_module(), "UnknownImport(evil::escape)"),
        case(
            "wasm-huge-initial-memory",
            &["huge"],
            137,
            exact(""),
            Hostile {
                module: Some(huge_memory_module()),
                limits_hit: vec![Limit::Memory],
                limit_exceeded: Some(Limit::Memory),
                stderr_contains: vec![limit_line(Limit::Memory, Limits::default().memory)],
                ..Hostile::default()
            },
        ),
        case(
            "wasm-no-start",
            &["nostart"],
            126,
            exact(""),
            Hostile { module: Some(no_start_module()), stderr_contains: vec!["no `_start` function".into()], ..Hostile::default() },
        ),
        {
            let mut c = case("wasm-trap", &["trap"], 134, exact(""), Hostile { module: Some(unreachable_module()), ..Hostile::default() });
            c.stderr = Some("burrow: trap: wasm `unreachable` instruction executed\n".into());
            c
        },
        refused(
            "elf-in-vm",
            &["/tmp/elf"],
            126,
            "InvalidModule",
            Hostile { vm_files: vec![("/tmp/elf".into(), elf(), 0o755)], ..Hostile::default() },
        ),
        case(
            "elf-from-sh",
            &["/bin/sh", "-c", "/tmp/elf; echo \"status $?\""],
            0,
            Stdout::Any,
            Hostile {
                vm_files: vec![("/tmp/elf".into(), elf(), 0o755)],
                stdout_contains: vec!["status 126\n".into()],
                ..Hostile::default()
            },
        ),
        case(
            "invalid-utf8-argv",
            &["/bin/args"],
            0,
            Stdout::Any,
            Hostile {
                raw_args: vec![b"\xff\xfe-not-utf8".to_vec(), b"ok".to_vec()],
                stdout_bytes: Some(b"/bin/args\n\xff\xfe-not-utf8\nok\n".to_vec()),
                ..Hostile::default()
            },
        ),
        // The embedding API and the CLI take environment variables as text; a guest can set any
        // bytes for its children.
        case(
            "invalid-utf8-env",
            &["/bin/sh", "-c", "X=\"$1\" /bin/env X; X=\"$1\" node -e 'console.log(JSON.stringify(process.env.X))'", "sh"],
            0,
            Stdout::Any,
            Hostile {
                raw_args: vec![b"\xff\xfe-env".to_vec()],
                stdout_bytes: Some([&b"\xff\xfe-env\n"[..], "\"\u{fffd}\u{fffd}-env\"\n".as_bytes()].concat()),
                ..Hostile::default()
            },
        ),
        case(
            "invalid-utf8-path",
            &[
                "/bin/sh",
                "-c",
                "cd /tmp && echo data > \"$1\" && cat \"$1\" && node -e 'console.log(JSON.stringify(require(\"fs\").readdirSync(\".\")))' && rm \"$1\" && echo removed",
                "sh",
            ],
            0,
            exact("data\n[\"\u{fffd}\u{fffd}.txt\"]\nremoved\n"),
            Hostile { raw_args: vec![b"\xff\xfe.txt".to_vec()], ..Hostile::default() },
        ),
    ]
}

/// JavaScript guests: limits, errors, non-UTF-8 input.
fn node_cases() -> Vec<Case> {
    let throws = |name: &str, script: &str, text: &str| {
        node(name, script, 1, exact(""), Hostile { stderr_contains: vec![text.into()], ..Hostile::default() })
    };
    vec![
        stopped("node-infinite-loop", &["/bin/node", "-e", "for (;;) {}"], Limit::CpuTime, 500, 152, exact("")),
        stopped(
            "node-heap-bomb",
            &["/bin/node", "-e", "const a = []; for (;;) a.push(new Array(1 << 16).fill(a.length))"],
            Limit::Memory,
            64 << 20,
            137,
            exact(""),
        ),
        // Buffers live outside the JS heap; they count against the memory limit too.
        node(
            "node-buffer-bomb",
            "const a = []; try { for (;;) a.push(new Uint8Array(1 << 24).fill(1)); } catch (e) { console.log(e.name, e.message); }",
            0,
            exact("RangeError Array buffer allocation failed\n"),
            Hostile { limits: limits(|l| l.memory = 64 << 20), limits_hit: vec![Limit::Memory], ..Hostile::default() },
        ),
        // Heap and buffers share the one limit: 48 MiB of buffers leave the heap 16 MiB.
        stopped(
            "node-heap-and-buffers",
            &[
                "/bin/node",
                "-e",
                "const keep = []; for (let i = 0; i < 3; i++) keep.push(new Uint8Array(16 << 20).fill(1)); const a = []; for (let i = 0; i < 48; i++) a.push(new Array(1 << 17).fill(i)); console.log('done')",
            ],
            Limit::Memory,
            64 << 20,
            137,
            exact(""),
        ),
        node(
            "node-read-sparse-file",
            "const fs = require('fs'); try { fs.readFileSync('/mnt/host/huge.wasm'); } catch (e) { console.log(e.name, e.code, e.message); } fs.readFile('/mnt/host/huge.wasm', (e) => console.log(e.code));",
            0,
            exact("RangeError ERR_FS_FILE_TOO_LARGE File size (68719476736) is greater than 2 GiB\nERR_FS_FILE_TOO_LARGE\n"),
            Hostile { limits: limits(|l| l.memory = 64 << 20), mount: mounted(false, false), ..Hostile::default() },
        ),
        throws("node-throw-number", "throw 42", "42"),
        throws("node-throw-object", "throw { not: 'an Error' }", "{ not: 'an Error' }"),
        throws("node-throw-null", "throw null", "null"),
        throws("node-unhandled-rejection", "Promise.reject(42)", "ERR_UNHANDLED_REJECTION"),
        throws("node-syntax-error", "function (", "SyntaxError"),
        throws("node-deep-recursion", "function f() { f(); } f()", "RangeError: Maximum call stack size exceeded"),
        node(
            "node-fd-exhaustion",
            "const fs = require('fs'); const fds = []; try { for (;;) fds.push(fs.openSync('/dev/null', 'r')); } catch (e) { console.log(e.code); } fds.forEach((fd) => fs.closeSync(fd)); fs.closeSync(fs.openSync('/dev/null', 'r')); console.log('recovered');",
            0,
            exact("EMFILE\nrecovered\n"),
            Hostile { limits: limits(|l| l.open_files = 64), limits_hit: vec![Limit::OpenFiles], ..Hostile::default() },
        ),
        node(
            "node-disk-fill",
            "const fs = require('fs'); const chunk = Buffer.alloc(65536, 120); const fd = fs.openSync('/tmp/fill', 'w'); try { for (;;) fs.writeSync(fd, chunk); } catch (e) { console.log(e.code); } fs.closeSync(fd); fs.unlinkSync('/tmp/fill'); fs.writeFileSync('/tmp/probe', chunk); fs.unlinkSync('/tmp/probe'); console.log('recovered');",
            0,
            exact("ENOSPC\nrecovered\n"),
            Hostile { limits: limits(|l| l.fs_bytes = 1 << 20), limits_hit: vec![Limit::FsBytes], ..Hostile::default() },
        ),
        node(
            "node-output-flood",
            "const line = 'x'.repeat(1023) + '\\n'; for (let i = 0; i < 8192; i++) process.stdout.write(line);",
            0,
            Stdout::Any,
            Hostile { capture_limit: Some(64 << 10), stdout_bytes: Some(flood_capture(64 << 10)), ..Hostile::default() },
        ),
        node(
            "node-invalid-utf8-argv",
            "console.log(JSON.stringify(process.argv.slice(1)))",
            0,
            exact("[\"\u{fffd}\u{fffd}-not-utf8\",\"ok\"]\n"),
            Hostile { raw_args: vec![b"\xff\xfe-not-utf8".to_vec(), b"ok".to_vec()], ..Hostile::default() },
        ),
    ]
}

/// The expected output of the escape guest's modes.
mod expected {
    pub const WALK: &str = "read inner.txt: ok
read ../outside.txt: ENOENT
read ../../outside.txt: ENOENT
read sub/../../outside.txt: ENOENT
read ../../../../../../../outside.txt: ENOENT
create ../planted.txt: EACCES
list ..: host
chdir ROOT/sub: ok
read ../../outside.txt from sub: ENOENT
read ../../../../../../outside.txt from sub: ENOENT
chdir ../../..: ok
cwd: /
";

    pub const SYMLINKS: &str = "readlink host-abs: ok
read host-abs: ENOENT
read host-rel: ENOENT
read host-dir-abs/secret.txt: ENOENT
write through host-abs: ENOENT
write through host-rel: EACCES
symlink g-abs: ok
read g-abs: ENOENT
write through g-abs: ENOENT
remove g-abs: ok
symlink g-up: ok
read g-up: ENOENT
write through g-up: ENOENT
remove g-up: ok
symlink g-deep: ok
read g-deep: ENOENT
write through g-deep: ENOENT
remove g-deep: ok
symlink g-host: ok
read g-host: ENOENT
write through g-host: ENOENT
remove g-host: ok
symlink loop1: ok
symlink loop2: ok
read loop1: ELOOP
";

    pub const TOCTOU: &str = "toctou: secret never read\nswapper: ok\n";

    pub const HOSTRACE: &str = "hostrace: secret never read\n";

    /// A host-made hard link to the outside file may be read (see hostfs, "Hard links"), never
    /// changed; no link or rename leaves the mount.
    pub const HARDLINK: &str = "read hardlink: readable
write hardlink: EACCES
append hardlink: EACCES
truncate hardlink: EACCES
chmod hardlink: EPERM
utimes hardlink: EPERM
link inner.txt to /tmp: EXDEV
link /etc/hostname into the mount: EXDEV
rename inner.txt to /tmp: EXDEV
rename hardlink inside the mount: ok
";

    pub const SPECIAL: &str = "read dev-null: EACCES
write dev-null: EACCES
read fifo: EACCES
write fifo: EACCES
read sock: EACCES
write sock: EACCES
unix connect sock: ECONNREFUSED
list /dev: fd full null random stderr stdin stdout urandom zero
stat /dev/sda: ENOENT
stat /dev/vda: ENOENT
stat /dev/mem: ENOENT
stat /dev/kmsg: ENOENT
stat /dev/tty: ENOENT
stat /proc/self/root: ENOENT
stat /proc/1/environ: ENOENT
stat /proc/self/mem: ENOENT
stat /sys/kernel: ENOENT
list proc-self: ENOENT
read proc-self/etc/hostname: ENOENT
";

    pub const ROFS: &str = "read inner.txt: ok
open write: EROFS
open read-write: EROFS
open append: EROFS
open truncate: EROFS
create: EROFS
create_new: EROFS
rename: EROFS
unlink: EROFS
rmdir: EROFS
mkdir: EROFS
symlink: EROFS
link: EROFS
chmod: EROFS
utimes: EROFS
ftruncate read-only fd: EINVAL
read inner.txt again: ok
";

    pub const HOST: &str = "env: HOME LOGNAME PATH PWD SHELL USER
cwd: /home/user
stat /proc: ENOENT
stat /sys: ENOENT
stat /work: ENOENT
stat /etc/shadow: ENOENT
stat /var: ENOENT
stat /run: ENOENT
stat /root/.ssh: EACCES
stat /home/user/.ssh: ENOENT
stat /usr/bin/cargo: ENOENT
hostname: burrow
connect 127.0.0.1:PORT (host listens): ECONNREFUSED
connect 10.0.2.2:PORT (the host, not allowed): EACCES
";

    /// `node -e` over the same fixture: `..`, host symlinks, `/proc`, writing the hard link, a
    /// planted symlink out, and what the process sees of the host.
    pub const NODE_ESCAPE_SCRIPT: &str = r#"const fs = require('fs');
for (const p of ['/mnt/host/../outside.txt', '/mnt/host/host-abs', '/mnt/host/host-rel', '/mnt/host/host-dir-abs/secret.txt',
                 '/mnt/host/proc-self/etc/hostname', '/proc/self/environ', '/mnt/host/inner.txt']) {
  try { console.log(p, fs.readFileSync(p, 'utf8').startsWith('SECRET') ? 'LEAKED' : 'ok'); } catch (e) { console.log(p, e.code); }
}
try { fs.writeFileSync('/mnt/host/hardlink', 'node'); console.log('write hardlink ok'); } catch (e) { console.log('write hardlink', e.code); }
try { fs.symlinkSync('/mnt/host/../outside.txt', '/mnt/host/g'); fs.readFileSync('/mnt/host/g'); console.log('read g ok'); }
catch (e) { console.log('read g', e.code); }
fs.rmSync('/mnt/host/g', { force: true });
console.log(Object.keys(process.env).sort().join(' '));
console.log(process.cwd());
"#;

    pub const NODE_ESCAPE: &str = "/mnt/host/../outside.txt ENOENT
/mnt/host/host-abs ENOENT
/mnt/host/host-rel ENOENT
/mnt/host/host-dir-abs/secret.txt ENOENT
/mnt/host/proc-self/etc/hostname ENOENT
/proc/self/environ ENOENT
/mnt/host/inner.txt ok
write hardlink EACCES
read g ENOENT
HOME LOGNAME PATH SHELL USER
/home/user
";
}

/// What a capture limited to `limit` keeps of `output_flood`'s lines, marker included.
fn flood_capture(limit: usize) -> Vec<u8> {
    let line = [b"x".repeat(1023), b"\n".to_vec()].concat();
    let mut out: Vec<u8> = line.iter().copied().cycle().take(limit).collect();
    out.extend_from_slice(burrow::stdio::TRUNCATION_MARKER);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_notices_any_change_outside_the_mount() {
        let f = Fixture::build().unwrap();
        assert_eq!(f.check_outside(), Ok(()));
        std::fs::write(f.mnt().join("inner.txt"), b"changed inside\n").unwrap();
        assert_eq!(f.check_outside(), Ok(()));
        std::fs::write(f.mnt().join("hardlink"), b"changed through the link\n").unwrap();
        assert!(f.check_outside().unwrap_err().contains("outside.txt changed"));

        let f = Fixture::build().unwrap();
        std::fs::write(f.dir.path().join("planted.txt"), b"x").unwrap();
        assert!(f.check_outside().unwrap_err().contains("planted.txt appeared"));

        let f = Fixture::build().unwrap();
        std::fs::remove_file(f.dir.path().join("outside_dir/secret.txt")).unwrap();
        assert!(f.check_outside().unwrap_err().contains("secret.txt is gone"));
    }
}
