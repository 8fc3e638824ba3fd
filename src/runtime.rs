//! [`Runtime`]: what all VMs of a host process share: the base image, the engines and their
//! compiled-module caches, and the host network their allowed egress goes through.

use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use burrow_backend::{BackendError, NodeRuntime, RunOutcome, WasmLauncher};
use burrow_kernel::net::HostNet;
use burrow_kernel::process::ProcessDriver;
use burrow_kernel::vfs::memfs::MemFs;
use parking_lot::Mutex;

use crate::egress::HostNetwork;
use crate::error::{Error, Result};
use crate::image;

/// The engines a VM can run on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BackendKind {
    /// wasmtime: Cranelift JIT.
    #[default]
    Wasmtime,
    /// wasmi: an interpreter.
    Wasmi,
    /// V8 isolates.
    V8,
}

impl BackendKind {
    /// The name the CLI uses.
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Wasmtime => "wasmtime",
            BackendKind::Wasmi => "wasmi",
            BackendKind::V8 => "v8",
        }
    }
}

impl FromStr for BackendKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<BackendKind> {
        match s {
            "wasmtime" => Ok(BackendKind::Wasmtime),
            "wasmi" => Ok(BackendKind::Wasmi),
            "v8" => Ok(BackendKind::V8),
            other => Err(Error::InvalidSetting(format!("unknown backend `{other}` (expected wasmtime, wasmi or v8)"))),
        }
    }
}

struct Shared {
    base: Arc<MemFs>,
    cache_dir: Option<PathBuf>,
    launchers: Mutex<HashMap<BackendKind, Arc<WasmLauncher>>>,
    v8: Arc<LazyV8>,
    net: Arc<HostNetwork>,
    on_slow_compile: Option<burrow_backend::SlowCompileObserver>,
}

/// The V8 engine of a runtime, made on first use: the V8 backend and `node` (in VMs of every
/// backend) share it.
#[derive(Default)]
struct LazyV8(OnceLock<std::result::Result<Arc<burrow_v8::V8>, BackendError>>);

impl LazyV8 {
    fn get(&self) -> std::result::Result<Arc<burrow_v8::V8>, BackendError> {
        self.0.get_or_init(|| burrow_v8::V8::new(burrow_v8::V8Config::default())).clone()
    }
}

impl NodeRuntime for LazyV8 {
    fn run_node(&self, task: burrow_kernel::Task, args: Vec<Vec<u8>>, env: Vec<Vec<u8>>) -> RunOutcome {
        match self.get() {
            Ok(v8) => v8.run_node(task, args, env),
            Err(e) => RunOutcome::Failed(e),
        }
    }

    fn driver(&self) -> Arc<dyn ProcessDriver> {
        match self.get() {
            Ok(v8) => NodeRuntime::driver(&*v8),
            Err(_) => Arc::new(NothingToStop),
        }
    }
}

/// The driver of a run that cannot start: no guest code runs, so there is nothing to stop.
struct NothingToStop;

impl ProcessDriver for NothingToStop {
    fn terminate(&self, _sig: burrow_kernel::Signal) {}
}

/// Shared state of every VM in a host process. Cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    shared: Arc<Shared>,
}

/// Configures a [`Runtime`].
#[derive(Default)]
pub struct RuntimeBuilder {
    files: Vec<(String, Vec<u8>, u32)>,
    cache_dir: Option<Option<PathBuf>>,
    userland_dir: Option<Option<PathBuf>>,
    on_slow_compile: Option<burrow_backend::SlowCompileObserver>,
}

impl RuntimeBuilder {
    /// Adds a file to the base image (absolute path; parent directories are created).
    pub fn file(mut self, path: impl Into<String>, content: impl Into<Vec<u8>>, perm: u32) -> Self {
        self.files.push((path.into(), content.into(), perm));
        self
    }

    /// Where compiled modules are cached on disk (`None` keeps them in memory only). The
    /// default is `$BURROW_CACHE_DIR`, else `$XDG_CACHE_HOME/burrow`, else `~/.cache/burrow`.
    pub fn cache_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.cache_dir = Some(dir);
        self
    }

    /// Where the userland's modules (`sh`, coreutils, text tools: see `guests/userland.txt`) are
    /// read from (`None`: a base image without them). The default is `$BURROW_USERLAND_DIR`,
    /// else this build's `target/guests` (what `cargo xtask guests` fills).
    pub fn userland_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.userland_dir = Some(dir);
        self
    }

    /// Calls `observer` before each compile a user would wait for (a large module with no
    /// compiled artifact cached: the first run of the userland's coreutils takes seconds), on
    /// every backend, so a front end can say why it waits.
    pub fn on_slow_compile(mut self, observer: impl Fn(burrow_backend::SlowCompile) + Send + Sync + 'static) -> Self {
        self.on_slow_compile = Some(Arc::new(observer));
        self
    }

    /// Builds the runtime (and freezes its base image).
    pub fn build(self) -> Result<Runtime> {
        let dir = self.userland_dir.unwrap_or_else(default_userland_dir);
        let (userland, links) = dir.map(|d| image::userland(&d)).unwrap_or_default();
        let base = image::build(&userland, &links, &self.files)?;
        let cache_dir = self.cache_dir.unwrap_or_else(default_cache_dir);
        Ok(Runtime {
            shared: Arc::new(Shared {
                base,
                cache_dir,
                launchers: Mutex::new(HashMap::new()),
                v8: Arc::default(),
                net: Arc::default(),
                on_slow_compile: self.on_slow_compile,
            }),
        })
    }
}

fn default_userland_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("BURROW_USERLAND_DIR") {
        return Some(PathBuf::from(d));
    }
    Some(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/guests")))
}

fn default_cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("BURROW_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("burrow"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("burrow"))
}

impl Runtime {
    /// Configures a new runtime.
    pub fn builder() -> RuntimeBuilder {
        RuntimeBuilder::default()
    }

    /// The process-wide default runtime (standard base image, default cache).
    pub fn global() -> Result<Runtime> {
        static GLOBAL: OnceLock<Runtime> = OnceLock::new();
        if let Some(rt) = GLOBAL.get() {
            return Ok(rt.clone());
        }
        let rt = Runtime::builder().build()?;
        Ok(GLOBAL.get_or_init(|| rt).clone())
    }

    /// The shared read-only base image.
    pub fn base(&self) -> &Arc<MemFs> {
        &self.shared.base
    }

    /// The host network every VM of this runtime reaches the outside through (what their
    /// policies allow; see `burrow_kernel::net::egress`): tokio, started on first use.
    pub fn host_net(&self) -> Arc<dyn HostNet> {
        self.shared.net.clone()
    }

    /// The launcher (engine plus module cache) of `kind`, created on first use.
    pub fn launcher(&self, kind: BackendKind) -> Result<Arc<WasmLauncher>> {
        let mut launchers = self.shared.launchers.lock();
        if let Some(l) = launchers.get(&kind) {
            return Ok(l.clone());
        }
        let backend: Arc<dyn burrow_backend::Backend> = match kind {
            BackendKind::Wasmtime => burrow_wasmtime::Wasmtime::new(burrow_wasmtime::WasmtimeConfig {
                cache_dir: self.shared.cache_dir.clone(),
                ..Default::default()
            })?,
            BackendKind::Wasmi => burrow_wasmi::Wasmi::new(burrow_wasmi::WasmiConfig::default())?,
            BackendKind::V8 => self.shared.v8.get()?,
        };
        let launcher = WasmLauncher::with_node(backend, Some(self.shared.v8.clone()));
        if let Some(observer) = &self.shared.on_slow_compile {
            launcher.cache().on_slow_compile(observer.clone());
        }
        launchers.insert(kind, launcher.clone());
        Ok(launcher)
    }
}
