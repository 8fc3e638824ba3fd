//! The V8 backend: WASI guests run as WebAssembly in V8 isolates, one isolate per running
//! process (reused by later processes once the run ended on its own), with every shim function
//! bound as a native callback that reads and writes the instance's memory in place.
//!
//! V8 is Debian's libnode (Node 18, V8 10.2), reached through a small C++ shim (`src/shim.cc`,
//! `src/ffi.rs`) that build.rs compiles against libnode's headers; see build.rs for how the
//! library is found or fetched and what happens when it cannot be. Per host process: V8 is
//! initialized once (node's `MultiIsolatePlatform`), each module is compiled once into a
//! `v8::CompiledWasmModule` that every isolate instantiates from, and a background thread keeps
//! a few isolates ready, takes back the ones whose run ended cleanly and disposes of the others
//! (`src/pool.rs`).
//!
//! Stopping a guest: `proc_exit` and kills detected in a host call terminate the isolate from
//! inside the callback (TerminateExecution, which guest code cannot catch, unlike an
//! exception); kills from other threads go through the backend's driver, which terminates the
//! isolate of each killed process (`src/running.rs`); CPU time is watched every 10 ms from a
//! watchdog thread. Limits: linear memory is capped by rewriting the module's declared maximum
//! to the VM's `memory` limit (V8 then refuses the growth itself); the JS heap of an isolate
//! starts at [`V8Config::js_heap_limit`], and a JavaScript process may grow it to the VM's
//! `memory` limit (near the heap limit, the shim doubles it up to there, then terminates).

mod ffi;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod pool;
mod running;
mod wasm;

use std::any::Any;
use std::collections::HashMap;
use std::ffi::c_void;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use burrow_backend::{Backend, BackendError, CompiledModule, ContentHash, NodeRuntime, RunOutcome};
use burrow_kernel::limits::Limits;
use burrow_kernel::process::ProcessDriver;
use burrow_kernel::{Limit, Signal, Task};
use burrow_node::NodeCtx;
use burrow_wasi::table::{self, ValType};
use burrow_wasi::{HostExit, HostResult, Mem, WasiCtx};
use parking_lot::Mutex;

use ffi::{ImportBinding, ResultKind, RunStatus};
pub use pool::PoolStats;

/// V8 flags set at initialization: tables are capped like wasmtime's (1M elements); the startup
/// snapshot of node, made in this process, is not checksummed again for every isolate; import
/// assertions (`import data from './x.json' assert { type: 'json' }`) parse, as in Node 18+.
pub const DEFAULT_FLAGS: &str = "--wasm-max-table-size=1048576 --no-verify-snapshot-checksum --harmony-import-assertions";

/// Settings of the V8 backend.
#[derive(Clone, Debug)]
pub struct V8Config {
    /// Isolates kept ready (0: every run creates its own on its critical path).
    pub pool_size: usize,
    /// JS heap an isolate is made with, in bytes (wasm tables and V8's own objects live there;
    /// linear memory does not). A JavaScript process may grow it up to the VM's `memory` limit
    /// (so this is the smallest heap limit such a process has). Reaching the limit terminates
    /// the guest, never the host.
    pub js_heap_limit: usize,
    /// V8 flags (default: [`DEFAULT_FLAGS`] then `$BURROW_V8_FLAGS`). V8 is initialized once per
    /// host process: only the first backend's flags apply.
    pub flags: String,
    /// Worker threads of V8's platform (background compilation and GC); first backend only.
    pub platform_threads: usize,
}

impl Default for V8Config {
    fn default() -> Self {
        let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let mut flags = DEFAULT_FLAGS.to_string();
        if let Ok(extra) = std::env::var("BURROW_V8_FLAGS") {
            flags.push(' ');
            flags.push_str(&extra);
        }
        V8Config { pool_size: 2, js_heap_limit: 32 << 20, flags, platform_threads: cpus.clamp(1, 4) }
    }
}

/// Why V8 cannot be used in this build or on this machine, if it cannot.
pub fn unavailable_reason() -> Option<String> {
    ffi::api().err()
}

/// The V8 engine as a Burrow backend.
pub struct V8 {
    api: &'static ffi::Api,
    config: V8Config,
    pool: pool::Pool,
    /// Isolates for JavaScript processes, started from the bootstrap's snapshot (made on the
    /// first `node` run).
    node_pool: OnceLock<Result<pool::Pool, String>>,
    driver: Arc<dyn ProcessDriver>,
}

impl V8 {
    /// Initializes V8 (once per host process) and starts the isolate pool. Fails with
    /// [`BackendError::Unavailable`] if libnode could not be built against or loaded.
    pub fn new(config: V8Config) -> Result<Arc<V8>, BackendError> {
        let unavailable = |reason: String| BackendError::Unavailable { name: "v8".into(), reason };
        let api = ffi::init(&config.flags, config.platform_threads, host_call).map_err(unavailable)?;
        api.js_init(js_op, burrow_node::BUILTINS);
        let pool = pool::Pool::new(api, config.pool_size, config.js_heap_limit, None).map_err(unavailable)?;
        Ok(Arc::new(V8 { api, pool, node_pool: OnceLock::new(), driver: running::driver(api), config }))
    }

    /// The V8 version (e.g. `10.2.154.26-node.37`).
    pub fn version(&self) -> String {
        self.api.version()
    }

    /// The settings.
    pub fn config(&self) -> &V8Config {
        &self.config
    }

    /// Counters of the isolate pool.
    pub fn pool_stats(&self) -> PoolStats {
        self.pool.stats()
    }

    /// Waits until the pool holds [`V8Config::pool_size`] ready isolates (or `timeout`).
    pub fn wait_pool_full(&self, timeout: Duration) -> bool {
        self.pool.wait_full(timeout)
    }

    /// The pool of JavaScript isolates, made with the startup snapshot on first use.
    fn node_pool(&self) -> Result<&pool::Pool, String> {
        self.node_pool
            .get_or_init(|| {
                let _span = tracing::debug_span!("node_snapshot").entered();
                let snapshot = ffi::Snapshot::new(self.api, burrow_node::BOOTSTRAP)
                    .map_err(|e| format!("cannot make the startup snapshot of node: {e}"))?;
                pool::Pool::new(self.api, self.config.pool_size, self.config.js_heap_limit, Some(Arc::new(snapshot)))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Creates an isolate with its context outside the pool, runs `source` as a script in it
    /// and disposes of it: the result as a string, and how long creating the isolate took.
    /// (Start-up checks, measurements and stress tests.)
    pub fn eval_in_new_isolate(&self, source: &str) -> Result<(String, Duration), String> {
        let started = Instant::now();
        let mut isolate = ffi::Isolate::new(self.api, self.config.js_heap_limit, None)?;
        let created = started.elapsed();
        let result = isolate.eval(source);
        drop(isolate);
        result.map(|r| (r, created))
    }
}

/// A compiled module: its bytes and imports, and a V8 compilation per memory maximum.
struct Compiled {
    wire: Vec<u8>,
    memory: Option<wasm::Memory>,
    bindings: Vec<ImportBinding>,
    /// Keyed by the maximum (pages) written into the module, `None` for the declared one. An
    /// unshared memory is rewritten into an import in every variant (see `wasm.rs`).
    variants: Mutex<HashMap<Option<u64>, Arc<ffi::Module>>>,
}

impl CompiledModule for Compiled {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The module's memory does not fit in the VM's memory limit at all.
struct MemoryTooSmall;

impl Compiled {
    /// Which compilation enforces a memory limit of `limit` bytes: the bytes as given when
    /// their declared maximum is within it, else a copy declaring the limit as maximum.
    fn variant_key(&self, limit: u64) -> Result<Option<u64>, MemoryTooSmall> {
        let Some(memory) = &self.memory else {
            return Ok(None);
        };
        let limit_pages = (limit / wasm::PAGE).min(wasm::MAX_PAGES);
        if memory.min > limit_pages {
            return Err(MemoryTooSmall);
        }
        if memory.max.unwrap_or(wasm::MAX_PAGES) <= limit_pages {
            Ok(None)
        } else {
            Ok(Some(limit_pages))
        }
    }

    /// The compilation for `key`, compiled on first use.
    fn variant(&self, api: &'static ffi::Api, key: Option<u64>) -> Result<Arc<ffi::Module>, String> {
        let mut variants = self.variants.lock();
        if let Some(m) = variants.get(&key) {
            return Ok(m.clone());
        }
        let module = match (key, &self.memory) {
            (key, Some(memory)) if memory.importable() => {
                let max = key.unwrap_or(memory.max.unwrap_or(wasm::MAX_PAGES));
                let rewritten = wasm::with_imported_memory(&self.wire, memory, max)?;
                let imported = Some((memory.min, max, rewritten.image.as_deref()));
                ffi::Module::compile(api, &rewritten.bytes, &self.bindings, imported)
                    // V8's message about the module as given (offsets as in its bytes).
                    .map_err(|e| ffi::Module::compile(api, &self.wire, &self.bindings, None).err().unwrap_or(e))?
            }
            (Some(max), Some(memory)) => {
                ffi::Module::compile(api, &wasm::with_memory_max(&self.wire, memory, max), &self.bindings, None)?
            }
            _ => ffi::Module::compile(api, &self.wire, &self.bindings, None)?,
        };
        let module = Arc::new(module);
        variants.insert(key, module.clone());
        Ok(module)
    }
}

fn valtype(t: ValType) -> u8 {
    match t {
        ValType::I32 => 0x7f,
        ValType::I64 => 0x7e,
    }
}

/// Binds every import of `info` to its host function, refusing unknown imports and mismatched
/// signatures (as wasmtime's linker does).
fn bind(info: &wasm::ModuleInfo) -> Result<Vec<ImportBinding>, BackendError> {
    let mut bindings = Vec::with_capacity(info.imports.len());
    for import in &info.imports {
        let unknown = || BackendError::UnknownImport { module: import.module.clone(), name: import.name.clone() };
        let index = table::index_of(&import.module, &import.name).ok_or_else(unknown)?;
        let f = &table::functions()[index];
        let wasm::ImportKind::Func { params, results } = &import.kind else {
            return Err(unknown());
        };
        let want_params: Vec<u8> = f.params.iter().map(|&t| valtype(t)).collect();
        let want_results: Vec<u8> = f.result.into_iter().map(valtype).collect();
        if *params != want_params || *results != want_results {
            return Err(BackendError::InvalidModule(format!(
                "incompatible import type for `{}::{}`",
                import.module, import.name
            )));
        }
        let result = match f.result {
            None => ResultKind::None,
            Some(ValType::I32) => ResultKind::I32,
            Some(ValType::I64) => ResultKind::I64,
        };
        bindings.push(ImportBinding {
            module: import.module.clone(),
            name: import.name.clone(),
            index: index as u32,
            result,
        });
    }
    Ok(bindings)
}

impl Backend for V8 {
    fn name(&self) -> &'static str {
        "v8"
    }

    fn compile(&self, wasm: &[u8], _hash: &ContentHash) -> Result<Arc<dyn CompiledModule>, BackendError> {
        let info = match wasm::parse(wasm) {
            Ok(info) => info,
            // V8 tells precisely what is wrong.
            Err(e) => {
                return Err(BackendError::InvalidModule(
                    ffi::Module::compile(self.api, wasm, &[], None).err().unwrap_or(e),
                ))
            }
        };
        let bindings = bind(&info)?;
        let compiled =
            Compiled { wire: wasm.to_vec(), memory: info.memory, bindings, variants: Mutex::new(HashMap::new()) };
        // Compile for the default memory limit now: errors surface here, and most VMs use it.
        let key = compiled.variant_key(Limits::default().memory).unwrap_or(None);
        compiled.variant(self.api, key).map_err(BackendError::InvalidModule)?;
        Ok(Arc::new(compiled))
    }

    fn run(&self, module: &Arc<dyn CompiledModule>, cx: WasiCtx) -> RunOutcome {
        let Some(compiled) = module.as_any().downcast_ref::<Compiled>() else {
            return RunOutcome::Failed(BackendError::Start("module was compiled by another backend".into()));
        };
        let limits = *cx.task.kernel().limits();
        let key = match compiled.variant_key(limits.memory) {
            Ok(key) => key,
            Err(MemoryTooSmall) => return RunOutcome::LimitExceeded { limit: Limit::Memory, signal: Signal::SIGKILL },
        };
        let code = match compiled.variant(self.api, key) {
            Ok(code) => code,
            Err(e) => return RunOutcome::Failed(BackendError::Start(e)),
        };
        let mut isolate = match self.pool.take() {
            Ok(isolate) => isolate,
            Err(e) => return RunOutcome::Failed(BackendError::Start(format!("cannot create an isolate: {e}"))),
        };
        let task = cx.task.clone();
        let cpu_budget = (limits.cpu_time_ms != u64::MAX).then(|| Duration::from_millis(limits.cpu_time_ms));
        let mut state = RunState { cx, stop: None };
        let registration = running::register(self.api, isolate.as_ref(), task.clone(), cpu_budget);
        // Killed before it started (a kill from now on finds the registration).
        if let Some(sig) = task.killed() {
            drop(registration);
            self.pool.retire(isolate);
            return RunOutcome::Killed(sig);
        }
        // SAFETY: `state` is the RunState that `host_call` expects, alive and otherwise unused
        // until `run` returns.
        let (status, info, message) = unsafe { isolate.run(&code, (&mut state as *mut RunState).cast::<c_void>()) };
        let cpu_exceeded = registration.finish();
        // Nothing can terminate the isolate for this run from here on. A run that ended on its
        // own (returned, exited, trapped) left it reusable: nothing of the guest survives but
        // garbage, since wasm reaches no JS object beyond its instance and imports.
        let ended_on_its_own = !cpu_exceeded
            && !info.heap_limit_hit
            && task.killed().is_none()
            && !matches!(state.stop, Some(Stop::Panic(_)) | Some(Stop::Exit(HostExit::Killed(_))));
        if ended_on_its_own {
            self.pool.recycle(isolate, info.memory_len as u64);
        } else {
            self.pool.retire(isolate);
        }

        if key.is_some() && near_limit(info.memory_len as u64, limits.memory) {
            // V8 refuses growth past the rewritten maximum without telling: a guest this close
            // to the limit most likely had a `memory.grow` refused (see `near_limit`).
            burrow_kernel::limits::record_hit(Limit::Memory);
        }
        match state.stop {
            Some(Stop::Exit(HostExit::Exit(code))) => return RunOutcome::Exited(code),
            Some(Stop::Exit(HostExit::Killed(sig))) => return RunOutcome::Killed(sig),
            Some(Stop::Panic(msg)) => return RunOutcome::Trapped(format!("host function panicked: {msg}")),
            None => {}
        }
        if status == RunStatus::Returned {
            return RunOutcome::Exited(0);
        }
        if cpu_exceeded {
            return RunOutcome::LimitExceeded { limit: Limit::CpuTime, signal: Signal::SIGXCPU };
        }
        if info.heap_limit_hit {
            return RunOutcome::LimitExceeded { limit: Limit::Memory, signal: Signal::SIGKILL };
        }
        if let Some(sig) = task.killed() {
            return RunOutcome::Killed(sig);
        }
        match status {
            RunStatus::Exception if key.is_some() && near_limit(info.memory_len as u64, limits.memory) => {
                RunOutcome::LimitExceeded { limit: Limit::Memory, signal: Signal::SIGKILL }
            }
            RunStatus::Exception => RunOutcome::Trapped(message),
            RunStatus::Terminated => RunOutcome::Trapped("execution terminated".into()),
            RunStatus::NoStart => RunOutcome::Failed(BackendError::Start("the module has no `_start` function".into())),
            // A trap while instantiating (a segment that does not fit, the start function
            // trapping or exhausting the stack) is a trap, as on the other backends; V8 raises
            // those as a `RuntimeError` or, for the stack, a `RangeError` (a `LinkError` or
            // `TypeError` means the module cannot start).
            RunStatus::InstantiateFailed
                if message.starts_with("RuntimeError: ") || message == "RangeError: Maximum call stack size exceeded" =>
            {
                RunOutcome::Trapped(message)
            }
            RunStatus::InstantiateFailed | RunStatus::Returned => RunOutcome::Failed(BackendError::Start(message)),
        }
    }

    fn driver(&self) -> Arc<dyn ProcessDriver> {
        self.driver.clone()
    }
}

impl NodeRuntime for V8 {
    /// Runs a JavaScript process (Node's API subset, `burrow-node`) as `task` on the calling
    /// thread, started with `args` (`node` and its arguments) and `env`, until it ends.
    ///
    /// The isolate comes from the pool of isolates started from the bootstrap's snapshot; each
    /// run gets a fresh context (with its own microtask queue) from that snapshot. An isolate
    /// whose run ended on its own serves later runs; nothing of a run survives into the next
    /// but garbage (its pending foreground tasks are dropped at the end of the run).
    fn run_node(&self, task: Task, args: Vec<Vec<u8>>, env: Vec<Vec<u8>>) -> RunOutcome {
        let limits = *task.kernel().limits();
        let pool = match self.node_pool() {
            Ok(pool) => pool,
            Err(e) => return RunOutcome::Failed(BackendError::Start(e)),
        };
        let mut isolate = match pool.take() {
            Ok(isolate) => isolate,
            Err(e) => return RunOutcome::Failed(BackendError::Start(format!("cannot create an isolate: {e}"))),
        };
        let cpu_budget = (limits.cpu_time_ms != u64::MAX).then(|| Duration::from_millis(limits.cpu_time_ms));
        isolate.set_heap_limit(usize::try_from(limits.memory).unwrap_or(usize::MAX));
        let mut state = NodeRun {
            cx: NodeCtx::new(task.clone(), args, env),
            stop: None,
            #[cfg(feature = "fuzzing")]
            observe: None,
        };
        let registration = running::register(self.api, isolate.as_ref(), task.clone(), cpu_budget);
        if let Some(sig) = task.killed() {
            drop(registration);
            pool.retire(isolate);
            return RunOutcome::Killed(sig);
        }
        let _span = tracing::debug_span!("node", pid = task.pid()).entered();
        // SAFETY: `state` is the NodeRun that `js_op` expects, alive and otherwise unused until
        // `run_js` returns.
        let (status, info, message) =
            unsafe { isolate.run_js(burrow_node::BOOTSTRAP, (&mut state as *mut NodeRun).cast::<c_void>()) };
        let cpu_exceeded = registration.finish();
        if info.buffers_refused {
            // The guest got a RangeError for an ArrayBuffer past the memory limit.
            burrow_kernel::limits::record_hit(Limit::Memory);
        }
        // A run that ended on its own leaves the isolate reusable: its context is unreachable
        // (the next run gets a new one from the snapshot), its microtask queue and pending
        // tasks are gone with it.
        let ended_on_its_own = !cpu_exceeded
            && !info.heap_limit_hit
            && task.killed().is_none()
            && !matches!(state.stop, Some(Stop::Panic(_)) | Some(Stop::Exit(HostExit::Killed(_))));
        if ended_on_its_own && !isolate.heap_raised() {
            pool.recycle(isolate, 0);
        } else {
            pool.retire(isolate);
        }
        match state.stop {
            Some(Stop::Exit(HostExit::Exit(code))) => return RunOutcome::Exited(code),
            Some(Stop::Exit(HostExit::Killed(sig))) => return RunOutcome::Killed(sig),
            Some(Stop::Panic(msg)) => return RunOutcome::Trapped(format!("host function panicked: {msg}")),
            None => {}
        }
        if cpu_exceeded {
            return RunOutcome::LimitExceeded { limit: Limit::CpuTime, signal: Signal::SIGXCPU };
        }
        if info.heap_limit_hit {
            return RunOutcome::LimitExceeded { limit: Limit::Memory, signal: Signal::SIGKILL };
        }
        if let Some(sig) = task.killed() {
            return RunOutcome::Killed(sig);
        }
        match status {
            RunStatus::Returned => RunOutcome::Exited(0),
            RunStatus::Terminated => RunOutcome::Trapped("execution terminated".into()),
            _ => RunOutcome::Trapped(format!("node bootstrap failed: {message}")),
        }
    }

    fn driver(&self) -> Arc<dyn ProcessDriver> {
        self.driver.clone()
    }
}

/// Whether a guest that trapped with `memory_len` bytes of linear memory most likely died of
/// a refused `memory.grow` under a limit of `limit` bytes. V8 reports no refusal, so a trap
/// within an eighth of the limit (at least 1 MiB) counts as running out of memory, the way
/// wasmtime's limiter reports a trap after a refused growth.
fn near_limit(memory_len: u64, limit: u64) -> bool {
    let margin = (limit / 8).max(1 << 20);
    memory_len.saturating_add(margin) > limit
}

/// Why a guest must stop, as recorded by a host call.
enum Stop {
    Exit(HostExit),
    Panic(String),
}

/// What host calls of one run share: the process's shim context.
struct RunState {
    cx: WasiCtx,
    stop: Option<Stop>,
}

/// The text of a caught panic.
fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// What the ops of one JavaScript run share: the process's Node context.
struct NodeRun {
    cx: NodeCtx,
    stop: Option<Stop>,
    /// Fuzzing: called after every op with its code, buffer and result (a panic in it stops
    /// the run as one in the op would).
    #[cfg(feature = "fuzzing")]
    observe: Option<Box<dyn FnMut(u32, &[u8], &HostResult<f64>)>>,
}

/// Every op of every JavaScript guest: the shim's `op` callback calls this with the run's
/// [`NodeRun`] and the buffer argument's bytes.
unsafe extern "C" fn js_op(
    data: *mut c_void,
    code: u32,
    a: f64,
    b: f64,
    c: f64,
    buf: *mut u8,
    len: usize,
    result: *mut f64,
) -> i32 {
    // SAFETY: `data` is the `&mut NodeRun` that `V8::run_node` passed to `Isolate::run_js`,
    // alive for the whole run; the isolate runs on that one thread, so no other reference is
    // in use.
    let state = unsafe { &mut *data.cast::<NodeRun>() };
    if state.stop.is_some() {
        return 1;
    }
    let bytes: &mut [u8] = if buf.is_null() || len == 0 {
        &mut []
    } else {
        // SAFETY: `buf`/`len` are the bytes of a typed array's backing store, fetched by the
        // shim for this call. The isolate is single-threaded and the guest is suspended in this
        // synchronous callback, so nothing else touches (or detaches) them while the slice
        // lives (it does not outlive the call).
        unsafe { std::slice::from_raw_parts_mut(buf, len) }
    };
    let called = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let r = burrow_node::call(&mut state.cx, code, a, b, c, bytes);
        #[cfg(feature = "fuzzing")]
        if let Some(observe) = &mut state.observe {
            observe(code, bytes, &r);
        }
        r
    }));
    // SAFETY: the shim passes a valid out-pointer.
    unsafe { settle(&mut state.stop, called, result) }
}

/// Every host function call of every guest: the shim's callbacks call this with the run's
/// [`RunState`] and the guest's memory.
unsafe extern "C" fn host_call(
    data: *mut c_void,
    index: u32,
    args: *const u64,
    nargs: u32,
    mem: *mut u8,
    mem_len: usize,
    result: *mut u64,
) -> i32 {
    // SAFETY: `data` is the `&mut RunState` that `V8::run` passed to `Isolate::run`, alive for
    // the whole run; the isolate runs on that one thread, so no other reference is in use.
    let state = unsafe { &mut *data.cast::<RunState>() };
    if state.stop.is_some() {
        // The guest is being terminated; it gets nothing more done.
        return 1;
    }
    let args: &[u64] = if args.is_null() || nargs == 0 {
        &[]
    } else {
        // SAFETY: the shim passes `nargs` initialized values that outlive this call.
        unsafe { std::slice::from_raw_parts(args, nargs as usize) }
    };
    let bytes: &mut [u8] = if mem.is_null() || mem_len == 0 {
        &mut []
    } else {
        // SAFETY: `mem`/`mem_len` are the backing store of the instance's memory buffer,
        // fetched by the shim for this call. The isolate is single-threaded and the guest is
        // suspended in this synchronous callback, so nothing else reads, writes, grows or frees
        // the memory while the slice lives (it does not outlive the call).
        unsafe { std::slice::from_raw_parts_mut(mem, mem_len) }
    };
    let called = std::panic::catch_unwind(AssertUnwindSafe(|| {
        table::call(index as usize, &mut state.cx, Mem::new(bytes), args)
    }));
    // SAFETY: the shim passes a valid out-pointer.
    unsafe { settle(&mut state.stop, called, result) }
}

/// Ends a host call or op for the shim: 0 with `*result` set, or 1 with why the guest must stop
/// (an exit, a kill, a panic) recorded in `stop`.
///
/// # Safety
///
/// `result` must be valid for a write.
unsafe fn settle<T>(stop: &mut Option<Stop>, called: std::thread::Result<HostResult<T>>, result: *mut T) -> i32 {
    match called {
        Ok(Ok(value)) => {
            // SAFETY: valid for a write (the caller's contract).
            unsafe { *result = value };
            0
        }
        Ok(Err(exit)) => {
            *stop = Some(Stop::Exit(exit));
            1
        }
        Err(panic) => {
            *stop = Some(Stop::Panic(panic_message(&*panic)));
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_limit_counts_the_last_eighth() {
        assert!(near_limit(15 << 20, 16 << 20));
        assert!(!near_limit(13 << 20, 16 << 20));
        assert!(near_limit(250 << 20, 256 << 20));
        assert!(!near_limit(2 << 20, 256 << 20));
    }
}
