//! Starting processes: the kernel's [`Launcher`] for WebAssembly programs on any backend.

use std::sync::Arc;
use std::time::Duration;

use burrow_kernel::process::{Launcher, Program};
use burrow_kernel::vfs::mount::Location;
use burrow_kernel::{Errno, ExitStatus, Limit, Signal, Task};
use burrow_wasi::WasiCtx;
use tracing::debug_span;

use crate::cache::FileKey;
use crate::deadline;
use crate::pool::ThreadPool;
use crate::{Backend, BackendError, CompiledModule, ModuleCache, NodeRuntime, RunOutcome, NODE_MAGIC, WASM_MAGIC};

/// Stack size of the threads guests run on (the engines' own wasm stack limits are smaller).
const GUEST_THREAD_STACK: usize = 8 << 20;

/// Runs WebAssembly programs on one backend, each process on its own (pooled) thread, and
/// JavaScript programs (`/bin/node`) on the [`NodeRuntime`] when there is one.
pub struct WasmLauncher {
    backend: Arc<dyn Backend>,
    node: Option<Arc<dyn NodeRuntime>>,
    cache: ModuleCache,
    threads: Arc<ThreadPool>,
}

impl WasmLauncher {
    /// A launcher for `backend` with an empty module cache.
    pub fn new(backend: Arc<dyn Backend>) -> Arc<WasmLauncher> {
        Self::with_node(backend, None)
    }

    /// A launcher for `backend` that runs `node` programs on `node`.
    pub fn with_node(backend: Arc<dyn Backend>, node: Option<Arc<dyn NodeRuntime>>) -> Arc<WasmLauncher> {
        Arc::new(WasmLauncher {
            backend,
            node,
            cache: ModuleCache::new(),
            threads: ThreadPool::new("burrow-guest", GUEST_THREAD_STACK),
        })
    }

    /// The backend.
    pub fn backend(&self) -> &Arc<dyn Backend> {
        &self.backend
    }

    /// The compiled-module cache.
    pub fn cache(&self) -> &ModuleCache {
        &self.cache
    }

    /// The compiled module for the program file at `loc`, from the cache when possible.
    pub fn load(&self, loc: &Location) -> Result<Arc<dyn CompiledModule>, BackendError> {
        let _span = debug_span!("load").entered();
        let node = &loc.node;
        let key = match node.immutable_id() {
            Some((dev, ino)) => FileKey::Immutable(dev, ino),
            None => {
                let st = node.stat().map_err(|e| BackendError::Start(e.to_string()))?;
                FileKey::Versioned {
                    dev: st.dev,
                    ino: st.ino,
                    size: st.size,
                    mtime_ns: st.mtime.as_nanos(),
                    ctime_ns: st.ctime.as_nanos(),
                }
            }
        };
        if let Some(m) = self.cache.get_file(&key) {
            return Ok(m);
        }
        let size = node.stat().map_err(|e| BackendError::Start(e.to_string()))?.size;
        let mut bytes = vec![0u8; size as usize];
        let mut done = 0;
        while done < bytes.len() {
            let n = node.read_at(done as u64, &mut bytes[done..]).map_err(|e| BackendError::Start(e.to_string()))?;
            if n == 0 {
                break;
            }
            done += n;
        }
        bytes.truncate(done);
        self.load_bytes(&bytes, Some(key))
    }

    /// The compiled module for `bytes` (a host file, say).
    pub fn load_bytes(&self, bytes: &[u8], key: Option<FileKey>) -> Result<Arc<dyn CompiledModule>, BackendError> {
        if !bytes.starts_with(WASM_MAGIC) {
            return Err(BackendError::InvalidModule("not a WebAssembly module (bad magic number)".into()));
        }
        self.cache.get_or_compile(&*self.backend, bytes, key)
    }

    /// Runs `module` as `task` on a guest thread, ending the process when the guest finishes.
    pub fn start(&self, task: Task, module: Arc<dyn CompiledModule>, argv: Vec<Vec<u8>>, env: Vec<Vec<u8>>) -> burrow_kernel::Result<()> {
        let backend = self.backend.clone();
        self.threads
            .execute(move || {
                run_process(&*backend, task, &module, argv, env);
            })
            .map_err(|_| Errno::EAGAIN.into())
    }
}

/// Runs one process to its end on the calling thread and records its exit status.
pub fn run_process(backend: &dyn Backend, task: Task, module: &Arc<dyn CompiledModule>, argv: Vec<Vec<u8>>, env: Vec<Vec<u8>>) -> ExitStatus {
    let _span = debug_span!("process", pid = task.pid(), backend = backend.name()).entered();
    let _hits = task.attribute_limit_hits();
    task.process().set_driver(backend.driver());
    let status = match burrow_wasi::prepare_stdio_and_preopen(&task) {
        Err(e) => {
            report(&task, &format!("cannot prepare the process: {e}"));
            ExitStatus::Code(126)
        }
        Ok(()) => {
            let wall = task.kernel().limits().wall_time_ms;
            let _deadline = (wall != u64::MAX).then(|| deadline::kill_after(&task, Duration::from_millis(wall)));
            let cx = WasiCtx::new(task.clone(), argv, env);
            let outcome = debug_span!("run").in_scope(|| backend.run(module, cx));
            status_of(&task, outcome)
        }
    };
    debug_span!("teardown").in_scope(|| task.exit(status));
    status
}

/// Runs one JavaScript process to its end on the calling thread and records its exit status.
pub fn run_node_process(node: &dyn NodeRuntime, task: Task, argv: Vec<Vec<u8>>, env: Vec<Vec<u8>>) -> ExitStatus {
    let _span = debug_span!("process", pid = task.pid(), backend = "node").entered();
    let _hits = task.attribute_limit_hits();
    task.process().set_driver(node.driver());
    let wall = task.kernel().limits().wall_time_ms;
    let _deadline = (wall != u64::MAX).then(|| deadline::kill_after(&task, Duration::from_millis(wall)));
    let outcome = debug_span!("run").in_scope(|| node.run_node(task.clone(), argv, env));
    let status = status_of(&task, outcome);
    debug_span!("teardown").in_scope(|| task.exit(status));
    status
}

/// The exit status a run's outcome gives the process, reporting limits, traps and start-up
/// failures on its stderr.
fn status_of(task: &Task, outcome: RunOutcome) -> ExitStatus {
    match outcome {
        RunOutcome::Exited(code) => ExitStatus::code(code),
        RunOutcome::Killed(sig) => {
            if let Some(limit) = task.killed_for_limit() {
                report_limit(task, limit);
            }
            ExitStatus::Signaled(sig)
        }
        RunOutcome::LimitExceeded { limit, signal } => {
            task.kill_for_limit(limit, signal);
            report_limit(task, limit);
            ExitStatus::Signaled(signal)
        }
        RunOutcome::Trapped(msg) => {
            report(task, &format!("trap: {}", trap_text(&msg)));
            ExitStatus::Signaled(Signal::SIGABRT)
        }
        RunOutcome::Failed(e) => {
            report(task, &e.to_string());
            ExitStatus::Code(126)
        }
    }
}

/// A trap as every backend reports it: the engines word the same trap differently (wasmtime
/// prefixes `wasm trap: `, V8 raises a JavaScript error), so the common ones are named the way
/// wasmtime and wasmi name them; anything else keeps the engine's words.
pub fn trap_text(msg: &str) -> &str {
    const WORDS: &[(&str, &str)] = &[
        ("RuntimeError: unreachable", "wasm `unreachable` instruction executed"),
        ("RuntimeError: memory access out of bounds", "out of bounds memory access"),
        ("RangeError: Maximum call stack size exceeded", "call stack exhausted"),
        ("RuntimeError: divide by zero", "integer divide by zero"),
        ("RuntimeError: remainder by zero", "integer divide by zero"),
        ("RuntimeError: divide result unrepresentable", "integer overflow"),
        ("RuntimeError: float unrepresentable in integer range", "invalid conversion to integer"),
        ("RuntimeError: table index is out of bounds", "undefined element: out of bounds table access"),
        // Segments that do not fit, when instantiating.
        ("RuntimeError: WebAssembly.Instance(): data segment is out of bounds", "out of bounds memory access"),
        (
            "RuntimeError: WebAssembly.Instance(): table initializer is out of bounds",
            "undefined element: out of bounds table access",
        ),
        // wasmi's words for a null entry (a leftover of its own, wasmi-labs/wasmi `TrapCode`).
        ("uninitialized element 2", "uninitialized element"),
    ];
    let msg = msg.strip_prefix("wasm trap: ").unwrap_or(msg);
    WORDS.iter().find(|(engine, _)| *engine == msg).map_or(msg, |(_, common)| common)
}

/// Tells the process's stderr which limit ended it and how to raise it.
fn report_limit(task: &Task, limit: Limit) {
    let max = task.kernel().limits().get(limit);
    report(task, &burrow_kernel::Error::LimitExceeded { limit, max }.to_string());
}

/// Writes a one-line diagnostic to the process's stderr.
fn report(task: &Task, msg: &str) {
    let line = format!("burrow: {msg}\n");
    let _ = task.write(2, line.as_bytes());
}

/// Whether the program file at `loc` is a `node` program ([`NODE_MAGIC`]).
fn is_node_program(loc: &Location) -> bool {
    let mut head = [0u8; NODE_MAGIC.len()];
    matches!(loc.node.read_at(0, &mut head), Ok(n) if n == head.len()) && head == NODE_MAGIC
}

impl Launcher for WasmLauncher {
    fn launch(&self, task: Task, program: Program) -> burrow_kernel::Result<()> {
        if is_node_program(&program.location) {
            let Some(node) = self.node.clone() else {
                tracing::debug!("spawn: node is unavailable (no V8 in this build or on this machine)");
                return Err(Errno::ENOSYS.into());
            };
            return self
                .threads
                .execute(move || {
                    run_node_process(&*node, task, program.argv, program.env);
                })
                .map_err(|_| Errno::EAGAIN.into());
        }
        // The file is read whole before it is compiled: refuse one past the limit (a sparse
        // file on a host mount can claim any size) before allocating for it.
        let max = task.kernel().limits().module_bytes;
        if program.location.node.stat()?.size > max {
            return Err(burrow_kernel::limits::exceeded(Limit::ModuleBytes, max));
        }
        let module = self.load(&program.location).map_err(|e| {
            tracing::debug!(error = %e, "spawn: cannot load program");
            match e {
                BackendError::Unavailable { .. } => Errno::ENOSYS,
                _ => Errno::ENOEXEC,
            }
        })?;
        self.start(task, module, program.argv, program.env)
    }
}

#[cfg(test)]
mod tests {
    use super::trap_text;

    #[test]
    fn traps_read_the_same_on_every_backend() {
        for (engine, common) in [
            ("wasm trap: call stack exhausted", "call stack exhausted"),
            ("call stack exhausted", "call stack exhausted"),
            ("RangeError: Maximum call stack size exceeded", "call stack exhausted"),
            ("wasm trap: out of bounds memory access", "out of bounds memory access"),
            ("RuntimeError: memory access out of bounds", "out of bounds memory access"),
            ("RuntimeError: unreachable", "wasm `unreachable` instruction executed"),
            ("RuntimeError: divide by zero", "integer divide by zero"),
            ("RuntimeError: WebAssembly.Instance(): data segment is out of bounds", "out of bounds memory access"),
            ("uninitialized element 2", "uninitialized element"),
            ("host function panicked: boom", "host function panicked: boom"),
        ] {
            assert_eq!(trap_text(engine), common);
        }
    }
}
