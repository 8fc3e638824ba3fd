//! What every Burrow backend shares: the [`Backend`] trait engines implement, the cache of
//! compiled modules, and the [`launcher::WasmLauncher`] that the kernel calls to start a
//! process. The kernel and the WASI shim never learn which engine runs.

pub mod cache;
pub mod deadline;
pub mod launcher;
pub mod pool;

use std::any::Any;
use std::sync::Arc;

use burrow_kernel::{Limit, Signal};
use burrow_wasi::WasiCtx;

pub use cache::{ContentHash, ModuleCache, SlowCompile, SlowCompileObserver};
pub use launcher::WasmLauncher;

/// Errors a backend reports.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    /// The bytes are not a valid WebAssembly module, or one the engine cannot compile.
    #[error("invalid module: {0}")]
    InvalidModule(String),
    /// The module imports something no Burrow module provides.
    #[error("unknown import `{module}::{name}`")]
    UnknownImport { module: String, name: String },
    /// The engine is not available in this build or on this machine.
    #[error("backend `{name}` is unavailable: {reason}")]
    Unavailable { name: String, reason: String },
    /// Instantiation or start-up failed for another reason.
    #[error("cannot start the module: {0}")]
    Start(String),
}

/// A compiled module, in whatever form its engine keeps it.
pub trait CompiledModule: Any + Send + Sync {
    /// For the engine to get its own type back.
    fn as_any(&self) -> &dyn Any;
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// The guest returned from `_start` (code 0) or called `proc_exit`.
    Exited(i32),
    /// The process was killed by a signal.
    Killed(Signal),
    /// The guest trapped (an `unreachable`, an out-of-bounds access, a stack overflow...).
    Trapped(String),
    /// The module could not be started.
    Failed(BackendError),
    /// The engine stopped the guest for passing a limit it enforces (CPU time, memory); the
    /// process dies of `signal`.
    LimitExceeded { limit: Limit, signal: Signal },
}

/// A WebAssembly engine.
pub trait Backend: Send + Sync + 'static {
    /// Short name, as the CLI's `--backend` spells it.
    fn name(&self) -> &'static str;

    /// Whether compiling `wasm_len` bytes of hash `hash` takes long enough to tell a user who
    /// waits for it (a large module with no compiled artifact cached).
    fn compile_is_slow(&self, _wasm_len: usize, _hash: &ContentHash) -> bool {
        false
    }

    /// Compiles `wasm` (whose content hash is `hash`, for on-disk caches).
    fn compile(&self, wasm: &[u8], hash: &ContentHash) -> Result<Arc<dyn CompiledModule>, BackendError>;

    /// Runs the module as the process of `cx` until it ends, on the calling thread. When the
    /// process is killed the engine must stop the guest promptly (the launcher registers the
    /// driver returned by [`Backend::driver`]).
    fn run(&self, module: &Arc<dyn CompiledModule>, cx: WasiCtx) -> RunOutcome;

    /// How to interrupt a guest of this engine running on another thread.
    fn driver(&self) -> Arc<dyn burrow_kernel::process::ProcessDriver>;
}

/// The first bytes of every WebAssembly module.
pub const WASM_MAGIC: &[u8; 4] = b"\0asm";

/// The content of `/bin/node` (and of any program file that starts with it): a program the
/// launcher runs as a JavaScript process on the [`NodeRuntime`] instead of as WebAssembly.
pub const NODE_MAGIC: &[u8] = b"\0burrow:node\n";

/// Runs JavaScript processes with Node's API (the V8 backend's isolates), whatever engine runs
/// the VM's WebAssembly: `node` started from a shell on wasmtime runs here.
pub trait NodeRuntime: Send + Sync + 'static {
    /// Runs the process of `task` (`args`: `node` and its arguments) on the calling thread until
    /// it ends.
    fn run_node(&self, task: burrow_kernel::Task, args: Vec<Vec<u8>>, env: Vec<Vec<u8>>) -> RunOutcome;

    /// How to interrupt a JavaScript guest running on another thread.
    fn driver(&self) -> Arc<dyn burrow_kernel::process::ProcessDriver>;
}
