//! The wasmtime backend: one [`wasmtime::Engine`] per host process, modules compiled once and
//! kept as `InstancePre`s (compiled artifacts also cached on disk), instances from the pooling
//! allocator, and epoch interruption so a killed process stops within one epoch check.

mod host;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use burrow_backend::{Backend, BackendError, CompiledModule, ContentHash, RunOutcome};
use burrow_kernel::process::ProcessDriver;
use burrow_kernel::{Limit, Signal};
use burrow_wasi::{HostExit, WasiCtx};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, InstancePre, Linker, Module, PoolingAllocationConfig, Store, UpdateDeadline};

use host::Host;

/// Settings of the wasmtime backend.
#[derive(Clone, Debug)]
pub struct WasmtimeConfig {
    /// Where compiled artifacts are kept across runs (`None`: memory only).
    pub cache_dir: Option<PathBuf>,
    /// Largest linear memory any instance may have (a VM's own `memory` limit applies below it).
    pub max_memory: u64,
    /// Instances that may run at once (pooling allocator slots).
    pub max_instances: u32,
}

impl Default for WasmtimeConfig {
    fn default() -> Self {
        WasmtimeConfig { cache_dir: None, max_memory: 4 << 30, max_instances: 1000 }
    }
}

/// The wasmtime engine as a Burrow backend.
pub struct Wasmtime {
    engine: Engine,
    linker: Linker<Host>,
    config: WasmtimeConfig,
    /// Keeps the epoch ticker running while this backend lives.
    ticker: Arc<AtomicBool>,
}

impl Drop for Wasmtime {
    fn drop(&mut self) {
        self.ticker.store(false, Ordering::Relaxed);
    }
}

/// How often running guests check for kills and CPU budgets (the limit's granularity).
const EPOCH_TICK: Duration = Duration::from_millis(10);

struct Compiled {
    pre: InstancePre<Host>,
}

impl CompiledModule for Compiled {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Wasmtime {
    /// Builds the engine and links every shim function.
    pub fn new(config: WasmtimeConfig) -> Result<Arc<Wasmtime>, BackendError> {
        let mut c = Config::new();
        c.epoch_interruption(true);
        c.wasm_simd(true);
        c.wasm_relaxed_simd(false);
        c.max_wasm_stack(1 << 20);
        let mut pool = PoolingAllocationConfig::default();
        pool.total_memories(config.max_instances);
        pool.total_tables(config.max_instances);
        pool.total_core_instances(config.max_instances);
        pool.max_memory_size(config.max_memory as usize);
        c.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let engine = Engine::new(&c).map_err(|e| BackendError::Unavailable { name: "wasmtime".into(), reason: e.to_string() })?;
        let mut linker = Linker::new(&engine);
        host::link(&mut linker).map_err(|e| BackendError::Start(e.to_string()))?;
        let ticker = Arc::new(AtomicBool::new(true));
        let (running, ticking) = (ticker.clone(), engine.clone());
        std::thread::Builder::new()
            .name("burrow-epoch".into())
            .spawn(move || {
                while running.load(Ordering::Relaxed) {
                    std::thread::sleep(EPOCH_TICK);
                    ticking.increment_epoch();
                }
            })
            .map_err(|e| BackendError::Unavailable { name: "wasmtime".into(), reason: e.to_string() })?;
        Ok(Arc::new(Wasmtime { engine, linker, config, ticker }))
    }

    /// The engine (shared by every VM of this host process).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    fn artifact_path(&self, hash: &ContentHash) -> Option<PathBuf> {
        let dir = self.config.cache_dir.as_ref()?;
        let compat = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            self.engine.precompile_compatibility_hash().hash(&mut h);
            h.finish()
        };
        Some(dir.join(format!("wasmtime-{compat:016x}-{}.cwasm", hash.to_hex())))
    }

    fn compile_module(&self, wasm: &[u8], hash: &ContentHash) -> Result<Module, BackendError> {
        if let Some(path) = self.artifact_path(hash) {
            if path.exists() {
                // SAFETY: the file is an artifact this backend serialized into its own cache
                // directory under the module's content hash and the engine's compatibility hash.
                if let Ok(m) = unsafe { Module::deserialize_file(&self.engine, &path) } {
                    return Ok(m);
                }
            }
            let module = Module::new(&self.engine, wasm).map_err(|e| BackendError::InvalidModule(format!("{e:#}")))?;
            if let Ok(bytes) = module.serialize() {
                let tmp = path.with_extension(format!("tmp{}", std::process::id()));
                if std::fs::create_dir_all(path.parent().unwrap_or(&path)).is_ok() && std::fs::write(&tmp, bytes).is_ok() {
                    let _ = std::fs::rename(&tmp, &path);
                }
            }
            return Ok(module);
        }
        Module::new(&self.engine, wasm).map_err(|e| BackendError::InvalidModule(format!("{e:#}")))
    }
}

impl Backend for Wasmtime {
    fn name(&self) -> &'static str {
        "wasmtime"
    }

    fn compile_is_slow(&self, wasm_len: usize, hash: &ContentHash) -> bool {
        // Cranelift compiles about 2 MB a second here; an artifact loads in milliseconds.
        wasm_len > 1 << 20 && !self.artifact_path(hash).is_some_and(|p| p.exists())
    }

    fn compile(&self, wasm: &[u8], hash: &ContentHash) -> Result<Arc<dyn CompiledModule>, BackendError> {
        let module = self.compile_module(wasm, hash)?;
        if let Some(import) = module.imports().find(|i| !host::provides(i.module(), i.name())) {
            return Err(BackendError::UnknownImport { module: import.module().into(), name: import.name().into() });
        }
        let pre = self.linker.instantiate_pre(&module).map_err(|e| BackendError::InvalidModule(format!("{e:#}")))?;
        Ok(Arc::new(Compiled { pre }))
    }

    fn run(&self, module: &Arc<dyn CompiledModule>, cx: WasiCtx) -> RunOutcome {
        let Some(compiled) = module.as_any().downcast_ref::<Compiled>() else {
            return RunOutcome::Failed(BackendError::Start("module was compiled by another backend".into()));
        };
        let mut store = Store::new(&self.engine, Host::new(cx));
        store.limiter(|h| &mut h.limiter);
        store.set_epoch_deadline(1);
        store.epoch_deadline_callback(|cx| {
            let host = cx.data();
            if let Some(sig) = host.wasi.task.killed() {
                return Err(wasmtime::Error::new(HostExit::Killed(sig)));
            }
            if host.cpu_exhausted() {
                return Err(wasmtime::Error::new(CpuExhausted));
            }
            Ok(UpdateDeadline::Continue(1))
        });
        let instance = match tracing::debug_span!("instantiate").in_scope(|| compiled.pre.instantiate(&mut store)) {
            Ok(i) => i,
            Err(_) if store.data().limiter.denied => {
                return RunOutcome::LimitExceeded { limit: Limit::Memory, signal: Signal::SIGKILL }
            }
            // A trap while instantiating (a segment that does not fit, the start function
            // trapping) is a trap, and `proc_exit` in the start function an exit, as on the
            // other backends; only other errors mean the module cannot start.
            Err(e)
                if e.downcast_ref::<wasmtime::Trap>().is_some()
                    || e.downcast_ref::<HostExit>().is_some()
                    || e.downcast_ref::<CpuExhausted>().is_some() =>
            {
                return outcome_of(e)
            }
            Err(e) => return RunOutcome::Failed(BackendError::Start(format!("{e:#}"))),
        };
        let memory = instance.get_memory(&mut store, "memory");
        store.data_mut().memory = memory;
        let start = match instance.get_typed_func::<(), ()>(&mut store, "_start") {
            Ok(f) => f,
            Err(_) => return RunOutcome::Failed(BackendError::Start("the module has no `_start` function".into())),
        };
        match start.call(&mut store, ()) {
            Ok(()) => RunOutcome::Exited(0),
            Err(e) => match outcome_of(e) {
                RunOutcome::Trapped(_) if store.data().limiter.denied => {
                    RunOutcome::LimitExceeded { limit: Limit::Memory, signal: Signal::SIGKILL }
                }
                other => other,
            },
        }
    }

    fn driver(&self) -> Arc<dyn ProcessDriver> {
        Arc::new(EpochDriver { engine: self.engine.clone() })
    }
}

/// Interrupts running guests by bumping the engine's epoch; each store's deadline callback then
/// stops the one whose process was killed and lets the others continue.
struct EpochDriver {
    engine: Engine,
}

impl ProcessDriver for EpochDriver {
    fn terminate(&self, _sig: Signal) {
        self.engine.increment_epoch();
    }
}

/// Raised from the epoch callback when a guest's CPU budget runs out.
#[derive(Debug)]
struct CpuExhausted;

impl std::fmt::Display for CpuExhausted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CPU time limit exceeded")
    }
}

impl std::error::Error for CpuExhausted {}

fn outcome_of(e: wasmtime::Error) -> RunOutcome {
    if e.downcast_ref::<CpuExhausted>().is_some() {
        return RunOutcome::LimitExceeded { limit: Limit::CpuTime, signal: Signal::SIGXCPU };
    }
    if let Some(exit) = e.downcast_ref::<HostExit>() {
        return match *exit {
            HostExit::Exit(code) => RunOutcome::Exited(code),
            HostExit::Killed(sig) => RunOutcome::Killed(sig),
        };
    }
    match e.downcast_ref::<wasmtime::Trap>() {
        Some(trap) => RunOutcome::Trapped(trap.to_string()),
        None => RunOutcome::Trapped(format!("{e:#}")),
    }
}
