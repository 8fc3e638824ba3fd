//! Running a case on a backend and judging the result.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use burrow::kernel::fd::OpenFlags;
use burrow::kernel::limits::Limits;
use burrow::kernel::vfs::FileType;
use burrow::kernel::{Limit, Task, AT_FDCWD};
use burrow::{BackendKind, Runtime, Stdio, Vm};

use crate::cases::{node_files, Case, Program, Stdout};

/// What a run left behind: everything a user could observe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    /// Exit code as a shell reports it.
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Files left in the writable places (`/tmp`, `/home/user`, or a WASI test's root): path to
    /// `(type, size, BLAKE3 of the content)`.
    pub files: BTreeMap<String, (char, u64, String)>,
    /// The limits the run reported hitting (`Output::limits_hit`).
    pub limits_hit: Vec<Limit>,
    /// The limit the program was stopped for.
    pub limit_exceeded: Option<Limit>,
    /// The kind of `burrow::Error` the run failed with, if it could not run
    /// ([`crate::hostile::error_kind`]).
    pub error: Option<String>,
    /// What a hostile case disturbed that it must not have: its neighbor VM, the host files
    /// outside its mount, processes outliving its VM.
    pub problems: Vec<String>,
}

/// The outcome of a case on a backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// Ran, but not as expected (why).
    Fail(String),
    /// Could not run at all (why): e.g. the backend is unavailable.
    Error(String),
}

/// Runs cases; holds the runtime with the test guests installed.
pub struct Runner {
    runtime: Runtime,
}

/// Names of the guests installed in `/bin` of the test runtime.
pub const GUESTS: &[&str] = &[
    "args", "ctor", "cwd", "deep_recursion", "dirs", "disk_fill", "env", "escape", "exit", "fd_bomb", "files",
    "fork_bomb", "hello", "kill", "memhog", "output_flood", "pipeline", "proc", "readdir", "rename", "sleep", "spawn",
    "spin", "stdio", "statloop", "symlinks", "true", "write_big",
];

/// Where `cargo xtask guests` puts the guest modules.
pub fn guests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/guests")
}

impl Runner {
    /// A runner whose base image has every test guest at `/bin/NAME`.
    pub fn new() -> Result<Runner, String> {
        let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/burrow-cache");
        let mut b = Runtime::builder().cache_dir(Some(cache));
        for name in GUESTS {
            let path = guests_dir().join(format!("{name}.wasm"));
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("{}: {e} (build the guests with `cargo xtask guests`)", path.display()))?;
            b = b.file(format!("/bin/{name}"), bytes, 0o755);
        }
        Ok(Runner { runtime: b.build().map_err(|e| e.to_string())? })
    }

    /// The runtime the cases run on.
    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// Runs `case` on `backend`.
    pub fn observe(&self, case: &Case, backend: BackendKind) -> Result<Observed, String> {
        if let Some(h) = &case.hostile {
            return crate::hostile::observe(&self.runtime, case, h, backend);
        }
        let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut builder = Vm::builder().runtime(&self.runtime).backend(backend);
        if let Some(ms) = case.wall_time_ms {
            builder = builder.limits(Limits { wall_time_ms: ms, ..Limits::default() });
        }
        let wasi_root = match &case.program {
            Program::WasiTest { root, .. } => {
                if let Some(root) = root {
                    copy_dir(root, scratch.path()).map_err(|e| e.to_string())?;
                }
                builder = builder.root_dir(scratch.path());
                true
            }
            Program::InVm(_) => false,
        };
        let vm = builder.build().map_err(|e| e.to_string())?;
        if let Some((host_dir, vm_dir)) = &case.seed {
            seed(&vm.kernel().init(), host_dir, vm_dir)?;
        }
        let mut cmd = match &case.program {
            Program::InVm(path) => vm.command(path.as_str()),
            Program::WasiTest { module, .. } => {
                let bytes = std::fs::read(module).map_err(|e| format!("{}: {e}", module.display()))?;
                let name = case.name.trim_start_matches("wasi/").to_string();
                vm.module(bytes, name)
            }
        };
        cmd = with_case(cmd, case);
        let out = cmd.output().map_err(|e| e.to_string())?;
        let init = vm.kernel().init();
        let mut files = BTreeMap::new();
        let roots: &[&str] = if wasi_root { &["/"] } else { &["/tmp", "/home/user"] };
        for root in roots {
            snapshot(&init, root, &mut files);
        }
        Ok(Observed {
            code: out.code(),
            stdout: out.stdout,
            stderr: out.stderr,
            files,
            limits_hit: out.limits_hit,
            limit_exceeded: out.limit_exceeded,
            error: None,
            problems: Vec::new(),
        })
    }

    /// Runs `case` on `backend` and judges the result.
    pub fn run(&self, case: &Case, backend: BackendKind) -> (Verdict, Option<Observed>) {
        match self.observe(case, backend) {
            Ok(o) => (judge(case, &o), Some(o)),
            Err(e) => (Verdict::Error(e), None),
        }
    }
}

/// `cmd` with the case's arguments, environment, working directory and standard input.
pub(crate) fn with_case<'a>(mut cmd: burrow::Command<'a>, case: &Case) -> burrow::Command<'a> {
    cmd = cmd.args(case.args.iter().map(|a| a.as_bytes().to_vec()));
    for (k, v) in &case.env {
        cmd = cmd.env(k.clone(), v.clone());
    }
    if let Some(cwd) = &case.cwd {
        cmd = cmd.cwd(cwd.clone());
    }
    if let Some(input) = &case.stdin {
        cmd = cmd.stdin(Stdio::Bytes(input.clone()));
    }
    cmd
}

/// Compares what a case did with what it expects.
pub fn judge(case: &Case, o: &Observed) -> Verdict {
    let stderr = String::from_utf8_lossy(&o.stderr);
    if o.code != case.code {
        return Verdict::Fail(format!("exit {} (expected {}); stderr: {}", o.code, case.code, stderr.trim_end()));
    }
    let stdout = String::from_utf8_lossy(&o.stdout);
    match &case.stdout {
        Stdout::Exact(want) if want.as_bytes() != o.stdout.as_slice() => {
            return Verdict::Fail(format!("stdout {:?}, expected {want:?}", truncate(&stdout)));
        }
        Stdout::AllChecks => {
            let last = stdout.lines().last().unwrap_or("");
            if stdout.contains("FAIL") || !last.contains("all") {
                return Verdict::Fail(format!("checks failed: {}", truncate(&stdout)));
            }
        }
        _ => {}
    }
    if let Some(want) = &case.stderr {
        if want.as_bytes() != o.stderr.as_slice() {
            return Verdict::Fail(format!("stderr {:?}, expected {want:?}", truncate(&stderr)));
        }
    }
    if let Some(why) = case.hostile.as_ref().and_then(|h| crate::hostile::judge(h, o)) {
        return Verdict::Fail(why);
    }
    Verdict::Pass
}

pub(crate) fn truncate(s: &str) -> String {
    if s.len() > 300 {
        format!("{}...", &s[..s.char_indices().nth(300).map_or(s.len(), |(i, _)| i)])
    } else {
        s.to_string()
    }
}

/// Copies the `.js` files of `host_dir` into `vm_dir` of a VM (made with its parents).
fn seed(task: &Task, host_dir: &Path, vm_dir: &str) -> Result<(), String> {
    let mut path = String::new();
    for part in vm_dir.split('/').filter(|p| !p.is_empty()) {
        path.push('/');
        path.push_str(part);
        // An existing directory (/tmp, say) is fine.
        if let Err(e) = task.mkdir(AT_FDCWD, path.as_bytes(), 0o755) {
            if task.stat(AT_FDCWD, path.as_bytes(), true).is_err() {
                return Err(format!("mkdir {path}: {e:?}"));
            }
        }
    }
    for name in node_files(host_dir)? {
        let bytes = std::fs::read(host_dir.join(&name)).map_err(|e| format!("{}: {e}", host_dir.join(&name).display()))?;
        let target = format!("{vm_dir}/{name}");
        let flags = OpenFlags::WRONLY | OpenFlags::CREAT | OpenFlags::TRUNC;
        let fd = task.open(AT_FDCWD, target.as_bytes(), flags, 0o644).map_err(|e| format!("open {target}: {e:?}"))?;
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let n = task.write(fd, rest).map_err(|e| format!("write {target}: {e:?}"))?;
            rest = &rest[n..];
        }
        task.close(fd).map_err(|e| format!("close {target}: {e:?}"))?;
    }
    Ok(())
}

/// Records every file below `dir` (in the VM) with its type, size and content hash.
pub(crate) fn snapshot(task: &Task, dir: &str, out: &mut BTreeMap<String, (char, u64, String)>) {
    let Ok(fd) = task.open(AT_FDCWD, dir.as_bytes(), OpenFlags::RDONLY | OpenFlags::DIRECTORY, 0) else { return };
    let mut names = Vec::new();
    let _ = task.readdir(fd, 0, &mut |e| {
        if e.name != b"." && e.name != b".." {
            names.push(String::from_utf8_lossy(e.name).into_owned());
        }
        true
    });
    let _ = task.close(fd);
    for name in names {
        let path = if dir == "/" { format!("/{name}") } else { format!("{dir}/{name}") };
        let Ok(st) = task.stat(AT_FDCWD, path.as_bytes(), false) else { continue };
        match st.file_type() {
            FileType::Directory => {
                out.insert(path.clone(), ('d', 0, String::new()));
                snapshot(task, &path, out);
            }
            FileType::Symlink => {
                let target = task.readlink(AT_FDCWD, path.as_bytes()).unwrap_or_default();
                out.insert(path, ('l', st.size, String::from_utf8_lossy(&target).into_owned()));
            }
            FileType::Regular => {
                let mut hasher = blake3::Hasher::new();
                if let Ok(fd) = task.open(AT_FDCWD, path.as_bytes(), OpenFlags::RDONLY, 0) {
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(n) = task.read(fd, &mut buf) {
                        if n == 0 {
                            break;
                        }
                        hasher.update(&buf[..n]);
                    }
                    let _ = task.close(fd);
                }
                out.insert(path, ('f', st.size, hasher.finalize().to_hex().to_string()));
            }
            _ => {
                out.insert(path, ('o', 0, String::new()));
            }
        }
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir(&dest)?;
            copy_dir(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), &dest)?;
            std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644))?;
        }
    }
    Ok(())
}
