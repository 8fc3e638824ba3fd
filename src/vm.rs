//! [`Vm`]: one isolated kernel with its own filesystem, processes and limits; and [`Command`],
//! a program to run in it.

use std::path::PathBuf;
use std::sync::Arc;

use burrow_backend::WasmLauncher;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::net::policy::NetPolicy;
use burrow_kernel::process::WaitFor;
use burrow_kernel::syscall::{ChildOptions, SpawnRequest};
use burrow_kernel::vfs::devfs::DevFs;
use burrow_kernel::vfs::hostfs::{HostFs, HostFsOptions};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::vfs::{FileType, Owner};
use burrow_kernel::{Errno, ExitStatus, Kernel, Limit, Task, AT_FDCWD};

use crate::error::{Error, Result};
use crate::image::{USER, USER_HOME, USER_NAME};
use crate::runtime::{BackendKind, Runtime};
use crate::stdio::{self, Capture, Stdio};

/// Default limit of captured output per stream.
pub const DEFAULT_CAPTURE_LIMIT: usize = 16 << 20;

/// A host directory to mount in the VM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountSpec {
    /// The host directory (resolved by the host, symlinks included).
    pub host: PathBuf,
    /// Where it appears in the VM (an absolute path; created if missing).
    pub guest: String,
    /// Every write through the mount fails with `EROFS`.
    pub read_only: bool,
}

impl std::str::FromStr for MountSpec {
    type Err = Error;

    /// Parses `HOST:GUEST[:ro|:rw]`.
    fn from_str(s: &str) -> Result<MountSpec> {
        let bad = || Error::InvalidSetting(format!("mount `{s}`: expected HOST:GUEST[:ro]"));
        let mut parts = s.splitn(3, ':');
        let host = parts.next().filter(|h| !h.is_empty()).ok_or_else(bad)?;
        let guest = parts.next().filter(|g| g.starts_with('/')).ok_or_else(bad)?;
        let read_only = match parts.next() {
            None | Some("rw") => false,
            Some("ro") => true,
            Some(_) => return Err(bad()),
        };
        Ok(MountSpec { host: host.into(), guest: guest.into(), read_only })
    }
}

/// Configures a [`Vm`].
pub struct VmBuilder {
    runtime: Option<Runtime>,
    backend: BackendKind,
    env: Vec<(String, String)>,
    cwd: Option<String>,
    mounts: Vec<MountSpec>,
    root_dir: Option<PathBuf>,
    limits: Limits,
    capture_limit: usize,
    net_policy: NetPolicy,
    pub(crate) snapshot: Option<crate::Snapshot>,
    files: Vec<(String, Vec<u8>, u32)>,
}

impl Default for VmBuilder {
    fn default() -> Self {
        VmBuilder {
            runtime: None,
            backend: BackendKind::default(),
            env: Vec::new(),
            cwd: None,
            mounts: Vec::new(),
            root_dir: None,
            limits: Limits::default(),
            capture_limit: DEFAULT_CAPTURE_LIMIT,
            net_policy: NetPolicy::deny_all(),
            snapshot: None,
            files: Vec::new(),
        }
    }
}

impl VmBuilder {
    /// Uses `runtime` instead of the process-wide default.
    pub fn runtime(mut self, runtime: &Runtime) -> Self {
        self.runtime = Some(runtime.clone());
        self
    }

    /// The engine programs run on.
    pub fn backend(mut self, backend: BackendKind) -> Self {
        self.backend = backend;
        self
    }

    /// Adds (or replaces) an environment variable of every program.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        self.env.retain(|(k, _)| *k != key);
        self.env.push((key, value.into()));
        self
    }

    /// The working directory programs start in (default `/home/user`, or `/` with
    /// [`VmBuilder::root_dir`]).
    pub fn cwd(mut self, dir: impl Into<String>) -> Self {
        self.cwd = Some(dir.into());
        self
    }

    /// Makes a host directory the VM's whole root filesystem (read-write, owned by the VM's
    /// user) instead of the base image: for running programs that expect their own tree, like
    /// the WASI conformance tests. `/dev` is mounted only if the directory has one.
    pub fn root_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.root_dir = Some(dir.into());
        self
    }

    /// Mounts a host directory.
    pub fn mount(mut self, spec: MountSpec) -> Self {
        self.mounts.push(spec);
        self
    }

    /// Resource limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The VM's egress policy: which outbound connections (and name lookups) its programs may
    /// make, bridged to host sockets through the runtime's host network. The default denies
    /// everything. The host's loopback is reached as `10.0.2.2` (`host.burrow.internal`)
    /// when a rule names it: see `burrow_kernel::net::policy`.
    pub fn net_policy(mut self, policy: NetPolicy) -> Self {
        self.net_policy = policy;
        self
    }

    /// Seeds a file into the new VM's own files: an absolute path (parent directories are
    /// made), its contents and permission bits, owned by the VM's user and charged to its
    /// `fs_bytes` and `fs_inodes` like anything a guest writes. (Files every VM should have
    /// belong in the shared base image: [`crate::RuntimeBuilder::file`].)
    ///
    /// ```
    /// let vm = burrow::Vm::builder().file("/work/job.sh", "#!/bin/sh\necho seeded\n", 0o755).cwd("/work").build()?;
    /// assert_eq!(vm.run(&["./job.sh"])?.stdout, b"seeded\n");
    /// # Ok::<(), burrow::Error>(())
    /// ```
    pub fn file(mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>, mode: u32) -> Self {
        self.files.push((path.into(), contents.into(), mode));
        self
    }

    /// Most bytes kept per captured stream; the rest is cut with a marker.
    pub fn capture_limit(mut self, bytes: usize) -> Self {
        self.capture_limit = bytes;
        self
    }

    /// Builds the VM: a private writable layer over the runtime's shared base image, `/dev`,
    /// and the requested mounts.
    pub fn build(self) -> Result<Vm> {
        let _span = tracing::debug_span!("vm_build", backend = ?self.backend).entered();
        let runtime = match self.runtime {
            Some(rt) => rt,
            None => Runtime::global()?,
        };
        let launcher = runtime.launcher(self.backend)?;
        let owner = Owner { uid: USER.uid, gid: USER.gid };
        // One quota for everything the VM stores: its own layer and what it adds to host mounts.
        let quota = Arc::new(FsQuota::new(&self.limits));
        let open_host = |path: &PathBuf, read_only: bool| {
            HostFs::open_charged(path, HostFsOptions { read_only, owner }, quota.clone()).map_err(|e| Error::HostPath {
                path: path.display().to_string(),
                message: e.errno().message().to_lowercase(),
            })
        };
        let mut upper = None;
        let root: Arc<dyn burrow_kernel::vfs::FileSystem> = match &self.root_dir {
            Some(_) if self.snapshot.is_some() => {
                return Err(Error::InvalidSetting("a snapshot cannot be restored over a root directory".into()))
            }
            Some(dir) => open_host(dir, false)?,
            None => {
                let overlay = crate::snapshot::root_overlay(self.snapshot.as_ref(), quota.clone(), runtime.base())?;
                upper = Some(overlay.upper().clone());
                overlay
            }
        };
        let kernel = Kernel::new(root, self.limits);
        kernel.set_net_policy(self.net_policy);
        kernel.set_host_net(runtime.host_net());
        let has_dev = kernel.init().stat(AT_FDCWD, b"/dev", true).is_ok_and(|s| s.file_type() == FileType::Directory);
        if has_dev {
            kernel.mount(b"/dev", DevFs::new(), false).map_err(|e| Error::kernel("/dev", e))?;
        }
        let init = kernel.init();
        for m in &self.mounts {
            let fs = open_host(&m.host, m.read_only)?;
            mkdir_p(&init, &m.guest)?;
            kernel.mount(m.guest.as_bytes(), fs, m.read_only).map_err(|e| Error::kernel(&m.guest, e))?;
        }
        let seeds = crate::VmFs::new(init.clone(), "/".into());
        for (path, contents, mode) in &self.files {
            if !path.starts_with('/') {
                return Err(Error::InvalidSetting(format!("file `{path}`: the path must be absolute")));
            }
            if let Some((parent, _)) = path.rsplit_once('/').filter(|(p, _)| !p.is_empty()) {
                seeds.create_dir_all(parent)?;
            }
            seeds.write(path, contents)?;
            seeds.set_mode(path, mode & 0o7777)?;
        }
        let default_cwd = if self.root_dir.is_some() { "/" } else { USER_HOME };
        let cwd = self.cwd.unwrap_or_else(|| default_cwd.to_string());
        let stat = init.stat(AT_FDCWD, cwd.as_bytes(), true).map_err(|e| Error::kernel(&cwd, e))?;
        if stat.file_type() != FileType::Directory {
            return Err(Error::InvalidSetting(format!("cwd `{cwd}` is not a directory")));
        }
        kernel.set_launcher(launcher.clone());
        let mut env = vec![
            ("PATH".to_string(), "/usr/local/bin:/usr/bin:/bin".to_string()),
            ("HOME".to_string(), USER_HOME.to_string()),
            ("USER".to_string(), USER_NAME.to_string()),
            ("LOGNAME".to_string(), USER_NAME.to_string()),
            ("SHELL".to_string(), "/bin/sh".to_string()),
        ];
        for (k, v) in self.env {
            env.retain(|(ek, _)| *ek != k);
            env.push((k, v));
        }
        Ok(Vm { kernel, launcher, env, cwd, capture_limit: self.capture_limit, upper })
    }
}

fn mkdir_p(init: &Task, path: &str) -> Result<()> {
    let mut cur = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        cur.push('/');
        cur.push_str(part);
        match init.mkdir(AT_FDCWD, cur.as_bytes(), 0o755) {
            Ok(()) => {}
            Err(e) if e.errno() == Errno::EEXIST => {}
            Err(e) => return Err(Error::kernel(cur, e)),
        }
    }
    Ok(())
}

/// An isolated virtual machine.
pub struct Vm {
    kernel: Kernel,
    launcher: Arc<WasmLauncher>,
    env: Vec<(String, String)>,
    cwd: String,
    pub(crate) capture_limit: usize,
    /// The writable layer of the root filesystem (none when the root is a host directory).
    pub(crate) upper: Option<Arc<MemFs>>,
}

/// What a finished program left behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// How the program ended: an exit code or the signal that killed it.
    pub status: ExitStatus,
    /// What it wrote to stdout (up to the VM's capture limit, then a truncation marker).
    pub stdout: Vec<u8>,
    /// What it wrote to stderr (likewise).
    pub stderr: Vec<u8>,
    /// The limit the program was stopped for, if that is how it ended.
    pub limit_exceeded: Option<Limit>,
    /// Every limit the program ran into, in [`Limit::ALL`] order: calls the kernel refused it
    /// (too many open files, processes, a full filesystem...: the guest saw an errno and may
    /// have carried on), the one it was stopped for, and those of its children that ended
    /// before it.
    pub limits_hit: Vec<Limit>,
}

impl Output {
    /// The exit code a shell would report (`128 + signal` for a kill).
    pub fn code(&self) -> i32 {
        self.status.shell_code()
    }

    /// The output if the program succeeded, else [`Error::Exited`] with its status, the limit
    /// that stopped it and its last line of stderr: for callers that treat a failed program as
    /// an error (`vm.exec(line)?.check()?`).
    ///
    /// ```
    /// let vm = burrow::Vm::builder().build()?;
    /// let err = vm.exec("echo oops >&2; exit 4")?.check().unwrap_err();
    /// assert!(matches!(err, burrow::Error::Exited { .. }));
    /// assert_eq!(err.to_string(), "the program exited with status 4: oops");
    /// # Ok::<(), burrow::Error>(())
    /// ```
    pub fn check(self) -> Result<Output> {
        if self.status.success() {
            return Ok(self);
        }
        let stderr = String::from_utf8_lossy(&self.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
        Err(Error::Exited { status: self.status, limit: self.limit_exceeded, stderr: last })
    }
}

impl Drop for Vm {
    /// Kills every process still running in the VM (background jobs, orphans, a fork bomb) and
    /// refuses new ones, so none outlives it.
    fn drop(&mut self) {
        let _span = tracing::debug_span!("vm_dispose").entered();
        self.kernel.shut_down();
    }
}

impl Vm {
    /// Configures a VM.
    pub fn builder() -> VmBuilder {
        VmBuilder::default()
    }

    /// The VM's files as the host sees them: read, write, list, stat and remove without
    /// running a guest (see [`VmFs`](crate::VmFs)).
    pub fn fs(&self) -> crate::VmFs {
        crate::VmFs::new(self.kernel.init(), self.cwd.clone())
    }

    /// The VM's kernel.
    pub fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    /// Runs `argv[0]` (a path in the VM, or a name searched in `PATH`) with `argv`, capturing
    /// its output.
    pub fn run<S: AsRef<[u8]>>(&self, argv: &[S]) -> Result<Output> {
        let (program, args) = argv.split_first().ok_or_else(|| Error::InvalidSetting("empty argv".into()))?;
        self.command(program.as_ref()).args(args.iter().map(|a| a.as_ref().to_vec())).output()
    }

    /// Runs a shell command line (`sh -c LINE`: pipes, redirections, `&&`...), capturing its
    /// output.
    ///
    /// ```
    /// let vm = burrow::Vm::builder().build()?;
    /// let out = vm.exec("seq 1 5 | awk '{ s += $1 } END { print s }' > /tmp/sum && cat /tmp/sum")?;
    /// assert_eq!(out.stdout, b"15\n");
    /// # Ok::<(), burrow::Error>(())
    /// ```
    pub fn exec(&self, line: &str) -> Result<Output> {
        self.command("sh").args(["-c", line]).output()
    }

    /// A program at `path` in the VM, to configure and run.
    pub fn command(&self, path: impl Into<Vec<u8>>) -> Command<'_> {
        let path = path.into();
        Command::new(self, Program::Path(path.clone()), path)
    }

    /// A WebAssembly module given as bytes (e.g. read from a host file), to run as `argv0`.
    pub fn module(&self, wasm: impl Into<Vec<u8>>, argv0: impl Into<Vec<u8>>) -> Command<'_> {
        Command::new(self, Program::Module(wasm.into()), argv0.into())
    }
}

enum Program {
    Path(Vec<u8>),
    Module(Vec<u8>),
}

/// A program to run in a [`Vm`], like `std::process::Command`.
pub struct Command<'vm> {
    pub(crate) vm: &'vm Vm,
    program: Program,
    argv: Vec<Vec<u8>>,
    env: Vec<(String, String)>,
    cwd: Option<String>,
    pub(crate) stdio: [Stdio; 3],
}

impl<'vm> Command<'vm> {
    fn new(vm: &'vm Vm, program: Program, argv0: Vec<u8>) -> Command<'vm> {
        Command {
            vm,
            program,
            argv: vec![argv0],
            env: Vec::new(),
            cwd: None,
            stdio: [Stdio::Null, Stdio::Capture, Stdio::Capture],
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, arg: impl Into<Vec<u8>>) -> Self {
        self.argv.push(arg.into());
        self
    }

    /// Adds arguments.
    pub fn args<I: IntoIterator<Item = A>, A: Into<Vec<u8>>>(mut self, args: I) -> Self {
        self.argv.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable for this program.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The working directory for this program.
    pub fn cwd(mut self, dir: impl Into<String>) -> Self {
        self.cwd = Some(dir.into());
        self
    }

    /// Standard input (default: `/dev/null`).
    pub fn stdin(mut self, s: Stdio) -> Self {
        self.stdio[0] = s;
        self
    }

    /// Standard output (default: captured).
    pub fn stdout(mut self, s: Stdio) -> Self {
        self.stdio[1] = s;
        self
    }

    /// Standard error (default: captured).
    pub fn stderr(mut self, s: Stdio) -> Self {
        self.stdio[2] = s;
        self
    }

    fn env_entries(&self) -> Vec<Vec<u8>> {
        let mut env = self.vm.env.clone();
        for (k, v) in &self.env {
            env.retain(|(ek, _)| ek != k);
            env.push((k.clone(), v.clone()));
        }
        env.into_iter().map(|(k, v)| format!("{k}={v}").into_bytes()).collect()
    }

    /// Runs the program to completion and returns its status and captured output.
    pub fn output(self) -> Result<Output> {
        let vm = self.vm;
        let init = vm.kernel.init();
        let mut files = Vec::with_capacity(3);
        let mut captures: [Option<Arc<Capture>>; 3] = [None, None, None];
        for (i, s) in self.stdio.iter().enumerate() {
            let (file, cap) = stdio::open(s, i as i32, vm.capture_limit);
            files.push(file);
            captures[i] = cap;
        }
        let fds: Vec<u32> = files
            .into_iter()
            .map(|f| init.install(f, true))
            .collect::<burrow_kernel::Result<_>>()
            .map_err(|e| Error::kernel("stdio", e))?;
        let result = self.start(&init, &fds);
        for fd in &fds {
            let _ = init.close(*fd);
        }
        let pid = result?;
        let child = vm.kernel.processes().get_any(pid);
        let status = loop {
            match init.wait(WaitFor::Pid(pid), false) {
                Ok(Some((_, status))) => break status,
                Ok(None) => continue,
                Err(e) if e.errno() == Errno::EINTR => continue,
                Err(e) => return Err(Error::kernel("wait", e)),
            }
        };
        let take = |c: &Option<Arc<Capture>>| c.as_ref().map(|c| c.take()).unwrap_or_default();
        let limit_exceeded = child.as_ref().and_then(|c| c.signals().fatal_limit());
        let limits_hit = child.map(|c| c.limits_hit()).unwrap_or_default();
        Ok(Output { status, stdout: take(&captures[1]), stderr: take(&captures[2]), limit_exceeded, limits_hit })
    }

    pub(crate) fn start(&self, init: &Task, fds: &[u32]) -> Result<u32> {
        let vm = self.vm;
        let options = ChildOptions {
            argv: self.argv.clone(),
            env: self.env_entries(),
            cwd: Some(self.cwd.clone().unwrap_or_else(|| vm.cwd.clone()).into_bytes()),
            fds: vec![(0, fds[0]), (1, fds[1]), (2, fds[2])],
            pgid: None,
            credentials: Some(USER),
        };
        match &self.program {
            Program::Path(path) => init.spawn(SpawnRequest { path: path.clone(), options }).map_err(|e| {
                let path = String::from_utf8_lossy(path).into_owned();
                match e.errno() {
                    Errno::ENOENT => Error::NotFound { path },
                    Errno::EACCES => Error::NotExecutable { path },
                    Errno::ENOEXEC => Error::InvalidModule(format!("{path} is not a WebAssembly module Burrow can run")),
                    _ => Error::kernel(path, e),
                }
            }),
            Program::Module(wasm) => {
                let max = vm.kernel.limits().module_bytes;
                if wasm.len() as u64 > max {
                    return Err(Error::LimitExceeded { limit: Limit::ModuleBytes, max });
                }
                let module = vm.launcher.load_bytes(wasm, None)?;
                let env = options.env.clone();
                let argv = options.argv.clone();
                let child = init.new_child(options).map_err(|e| Error::kernel("spawn", e))?;
                let pid = child.pid();
                vm.launcher.start(child, module, argv, env).map_err(|e| Error::kernel("spawn", e))?;
                Ok(pid)
            }
        }
    }
}
