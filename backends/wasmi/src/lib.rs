//! The wasmi backend: WASI guests on the [wasmi] interpreter.
//!
//! # Compiling
//!
//! One [`wasmi::Engine`] serves every VM of the host process. Modules are validated when
//! compiled but translated to wasmi bytecode lazily, function by function, the first time each
//! runs ([`CompilationMode::LazyTranslation`]), so a large program that runs little of its code
//! starts fast. wasmi has no `InstancePre` and no on-disk artifacts: a compiled module is the
//! [`wasmi::Module`] (kept by the launcher's in-memory `ModuleCache`), instantiated per run
//! through the shared [`Linker`]. Imports are checked against the shim's function list (name
//! and type) at compile time, so a bad module fails to load instead of failing to start.
//!
//! # CPU time: fuel slices
//!
//! wasmi cannot be interrupted from another thread, and a timer could not tell one guest's CPU
//! time from another's on a busy host, so the CPU limit is an instruction budget: wasmi's fuel
//! metering (one unit per executed wasm operator, structured control flow and `drop` free, plus
//! units for bytes copied by bulk operations). `Limits::cpu_time_ms` becomes `cpu_time_ms * fuel_per_ms` fuel
//! ([`FUEL_PER_MS`] by default, measured on this interpreter: see the constant; `u64::MAX` ms is
//! unlimited), and every host call costs [`HOST_CALL_FUEL`] on top.
//!
//! The store never holds more than one slice of that budget ([`SLICE_FUEL`] by default, about
//! 10 ms of guest execution). Guests run as resumable calls: when a slice runs out, wasmi
//! returns [`TypedResumableCall::OutOfFuel`] with the guest's state intact, and the backend
//!
//! 1. stops the guest if its process was killed (`Task::killed`),
//! 2. takes the slice's consumption off the budget,
//! 3. refuels with the next slice (at least what wasmi says it needs to make progress) and
//!    resumes, or, when the budget cannot cover that, ends the run with
//!    [`RunOutcome::LimitExceeded`] `{ CpuTime, SIGXCPU }`.
//!
//! So a killed guest stops within one slice even if it never calls the host, and at once if it
//! calls the host: every host call checks `Task::killed` first, and calls blocked in the kernel
//! are interrupted by the kernel itself. That is why [`Backend::driver`] is a no-op for this
//! backend: there is nothing a driver could do that the slices and host calls do not.
//!
//! Deep guest recursion traps: wasmi keeps guest frames on its own heap stack, capped by
//! [`WasmiConfig::max_recursion_depth`] and [`WasmiConfig::max_stack_bytes`]. The host stack
//! stays flat only if wasmi's tail-call dispatch was compiled into jumps, which depends on how
//! wasmi was built; [`Wasmi::new`] checks that with a probe module and refuses to start
//! otherwise (see `stack.rs`), since a host stack overflow would abort every VM of the process.
//!
//! A module's wasm `start` function would run inside instantiation as one non-resumable call
//! that no slice could interrupt; the backend moves it to an export (see `start.rs`) that runs
//! in slices right after instantiation instead.
//!
//! # Memory
//!
//! A [`wasmi::ResourceLimiter`] caps each linear memory at `Limits::memory` (and at
//! [`WasmiConfig::max_memory`]): `memory.grow` past it returns -1 to the guest. The limiter
//! remembers the refusal, so a guest that then traps (as Rust's allocator does on a failed
//! allocation) ends with [`RunOutcome::LimitExceeded`] `{ Memory, SIGKILL }` instead of a plain
//! trap. Other traps end the run with [`RunOutcome::Trapped`]; either way only this process
//! ends.
//!
//! [wasmi]: https://docs.rs/wasmi

mod fuel;
mod host;
mod stack;
mod start;

use std::sync::Arc;

use burrow_backend::{Backend, BackendError, CompiledModule, ContentHash, RunOutcome};
use burrow_kernel::process::ProcessDriver;
use burrow_kernel::{Limit, Signal};
use burrow_wasi::{HostExit, WasiCtx};
use wasmi::{
    CompilationMode, Config, CustomFuelCosts, Engine, ExternType, Linker, Module, Store, TrapCode, TypedFunc, TypedResumableCall,
};

use fuel::Meter;
use host::{GuestExit, Host};

pub use host::HOST_CALL_FUEL;

/// Fuel per millisecond of CPU time: how `Limits::cpu_time_ms` becomes an instruction budget.
///
/// Measured on the development machine (2-core x86-64 VM, release build, other builds running)
/// per millisecond of CPU time, with `cargo run --release -p burrow-wasmi --example calibrate`
/// (the guest thread's CPU clock) and `--example compare` (`spin` under a 1000 ms budget):
///
/// | code | fuel per CPU ms |
/// |---|---|
/// | tight integer loop (LCG), load/add/store loop | 3.9-4.0 million |
/// | the `spin` guest (Rust, `black_box` in the loop) | 2.5-3.3 million |
/// | SIMD loop (`i32x4` mul/add) | 2.0 million |
/// | a call per iteration (leaf function) | 1.1 million |
///
/// The constant is the highest rate, that of the tightest loops, so a budget of N ms lets even
/// those run for about N ms of CPU on this machine before the limit; code that does more per
/// unit of fuel (calls, SIMD) gets up to ~3.6 N ms. Being an instruction count, the budget is
/// deterministic: the same program stops at the same instruction whatever the host's load or
/// speed (a slower machine gives it more wall and CPU time, never fewer instructions).
pub const FUEL_PER_MS: u64 = 4_000_000;

/// Fuel per slice: how often (in guest instructions) a running guest is checked for kills and
/// charged against its CPU budget. About 10 ms of execution at [`FUEL_PER_MS`], the same
/// granularity as the wasmtime backend's epoch ticks.
pub const SLICE_FUEL: u64 = 10 * FUEL_PER_MS;

/// Settings of the wasmi backend.
#[derive(Clone, Debug)]
pub struct WasmiConfig {
    /// Largest linear memory any instance may have (a VM's own `memory` limit applies below it).
    pub max_memory: u64,
    /// Fuel per millisecond of `cpu_time_ms` (see [`FUEL_PER_MS`]).
    pub fuel_per_ms: u64,
    /// Fuel per slice (see [`SLICE_FUEL`]).
    pub slice_fuel: u64,
    /// Most nested calls a guest may make before it traps with a stack overflow.
    pub max_recursion_depth: usize,
    /// Largest value stack (locals and operands of all active calls) a guest may use, in bytes.
    /// wasmi allocates it on the heap as it grows, outside the guest's memory limit.
    pub max_stack_bytes: usize,
    /// Value stacks kept for reuse by later runs (each keeps the size it grew to).
    pub cached_stacks: usize,
}

impl Default for WasmiConfig {
    fn default() -> Self {
        WasmiConfig {
            max_memory: 4 << 30,
            fuel_per_ms: FUEL_PER_MS,
            slice_fuel: SLICE_FUEL,
            max_recursion_depth: 100_000,
            max_stack_bytes: 8 << 20,
            cached_stacks: 4,
        }
    }
}

/// The wasmi interpreter as a Burrow backend.
pub struct Wasmi {
    engine: Engine,
    linker: Linker<Host>,
    config: WasmiConfig,
}

/// A validated module (its functions are translated on first call).
struct Compiled {
    module: Module,
    /// Whether the module's start function was moved to [`start::START_EXPORT`].
    hoisted_start: bool,
}

impl CompiledModule for Compiled {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Wasmi {
    /// Builds the engine and links every shim function.
    pub fn new(config: WasmiConfig) -> Result<Arc<Wasmi>, BackendError> {
        let mut c = Config::default();
        c.consume_fuel(true);
        c.compilation_mode(CompilationMode::LazyTranslation);
        // Translating a function costs no fuel. It happens once per module, for whichever
        // process first calls the function, so it is no part of that process's own work; and
        // wasmi 2.0.0 ends a run that runs out of fuel while translating with an error it
        // cannot resume (`compile_or_get_func_entry!` gives `DoneReason::Error`), which
        // looked like a CPU limit hit.
        c.fuel_cost(CustomFuelCosts { bytes_copied_per_fuel: 64, fuel_per_bytes_translated: 0, fuel_per_bytes_validated: 0 });
        c.wasm_simd(true);
        c.wasm_relaxed_simd(false);
        c.set_max_recursion_depth(config.max_recursion_depth);
        c.set_max_stack_height(config.max_stack_bytes);
        c.set_max_cached_stacks(config.cached_stacks);
        match stack::host_stack_growth(&Engine::new(&c)) {
            Some(growth) if growth < stack::FLAT => {}
            growth => {
                let reason = match growth {
                    Some(n) => format!(
                        "this build of wasmi grows the host stack by {n} bytes per guest step (its tail-call \
                         dispatch was not compiled into jumps) and would overflow it; build wasmi with \
                         opt-level >= 2 and without debug assertions, or with its `portable-dispatch` feature"
                    ),
                    None => "the start-up probe failed to run".into(),
                };
                return Err(BackendError::Unavailable { name: "wasmi".into(), reason });
            }
        }
        let engine = Engine::new(&c);
        let mut linker = Linker::new(&engine);
        host::link(&mut linker).map_err(|e| BackendError::Start(e.to_string()))?;
        Ok(Arc::new(Wasmi { engine, linker, config }))
    }

    /// The engine (shared by every VM of this host process).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Runs `func` to its end in fuel slices (see the module docs). `Err` is how the run ended
    /// if not by returning.
    fn drive(&self, store: &mut Store<Host>, meter: &mut Meter, func: TypedFunc<(), ()>) -> Result<(), RunOutcome> {
        let mut call = func.call_resumable(&mut *store, ());
        loop {
            match call {
                Ok(TypedResumableCall::Finished(())) => return Ok(()),
                Ok(TypedResumableCall::HostTrap(trap)) => return Err(outcome_of(trap.host_error(), store)),
                Ok(TypedResumableCall::OutOfFuel(paused)) => {
                    meter.settle(store.get_fuel().unwrap_or(0));
                    if let Some(sig) = store.data().wasi.task.killed() {
                        return Err(RunOutcome::Killed(sig));
                    }
                    let Some(fuel) = meter.grant(paused.required_fuel()) else {
                        return Err(RunOutcome::LimitExceeded { limit: Limit::CpuTime, signal: Signal::SIGXCPU });
                    };
                    if let Err(e) = store.set_fuel(fuel) {
                        return Err(RunOutcome::Failed(BackendError::Start(e.to_string())));
                    }
                    call = paused.resume(&mut *store);
                }
                Err(e) => return Err(outcome_of(&e, store)),
            }
        }
    }
}

impl Backend for Wasmi {
    fn name(&self) -> &'static str {
        "wasmi"
    }

    fn compile(&self, wasm: &[u8], _hash: &ContentHash) -> Result<Arc<dyn CompiledModule>, BackendError> {
        let hoisted = start::hoist_start(wasm);
        let module = Module::new(&self.engine, hoisted.as_deref().unwrap_or(wasm)).map_err(|e| {
            // Report what is wrong with the module as given, not with the rewrite.
            let original = hoisted.as_ref().and_then(|_| Module::new(&self.engine, wasm).err());
            BackendError::InvalidModule(original.unwrap_or(e).to_string())
        })?;
        for import in module.imports() {
            let (m, n) = (import.module(), import.name());
            let Some(want) = host::signature(m, n) else {
                return Err(BackendError::UnknownImport { module: m.into(), name: n.into() });
            };
            match import.ty() {
                ExternType::Func(ty) if *ty == want => {}
                other => {
                    return Err(BackendError::InvalidModule(format!(
                        "import `{m}::{n}` has type {other:?}, expected a function of type {want:?}"
                    )))
                }
            }
        }
        if hoisted.is_some() {
            match module.get_export(start::START_EXPORT) {
                Some(ExternType::Func(ty)) if ty.params().is_empty() && ty.results().is_empty() => {}
                _ => return Err(BackendError::InvalidModule("the start function must take and return nothing".into())),
            }
        }
        Ok(Arc::new(Compiled { module, hoisted_start: hoisted.is_some() }))
    }

    fn run(&self, module: &Arc<dyn CompiledModule>, cx: WasiCtx) -> RunOutcome {
        let Some(compiled) = module.as_any().downcast_ref::<Compiled>() else {
            return RunOutcome::Failed(BackendError::Start("module was compiled by another backend".into()));
        };
        let limits = *cx.task.kernel().limits();
        let mut meter = Meter::new(limits.cpu_time_ms, self.config.fuel_per_ms, self.config.slice_fuel);
        let mut store = Store::new(&self.engine, Host::new(cx, limits.memory.min(self.config.max_memory)));
        store.limiter(|h| &mut h.limiter);
        // Instantiation runs no guest code (the start function was hoisted), but give it a
        // slice in case wasmi charges for initializing memory and tables.
        let Some(fuel) = meter.grant(0) else {
            return RunOutcome::LimitExceeded { limit: Limit::CpuTime, signal: Signal::SIGXCPU };
        };
        if let Err(e) = store.set_fuel(fuel) {
            return RunOutcome::Failed(BackendError::Start(e.to_string()));
        }
        let instantiate = tracing::debug_span!("instantiate");
        let instance = match instantiate.in_scope(|| self.linker.instantiate_and_start(&mut store, &compiled.module)) {
            Ok(i) => i,
            Err(_) if store.data().limiter.denied => {
                return RunOutcome::LimitExceeded { limit: Limit::Memory, signal: Signal::SIGKILL }
            }
            Err(e) if e.as_trap_code() == Some(TrapCode::OutOfFuel) => {
                return RunOutcome::LimitExceeded { limit: Limit::CpuTime, signal: Signal::SIGXCPU }
            }
            Err(e) => return instantiation_failure(&e),
        };
        let memory = instance.get_memory(&store, "memory");
        store.data_mut().memory = memory;
        if compiled.hoisted_start {
            let start = match instance.get_typed_func::<(), ()>(&store, start::START_EXPORT) {
                Ok(f) => f,
                Err(e) => return RunOutcome::Failed(BackendError::Start(e.to_string())),
            };
            if let Err(outcome) = self.drive(&mut store, &mut meter, start) {
                return outcome;
            }
        }
        let start = match instance.get_typed_func::<(), ()>(&store, "_start") {
            Ok(f) => f,
            Err(_) => return RunOutcome::Failed(BackendError::Start("the module has no `_start` function".into())),
        };
        match self.drive(&mut store, &mut meter, start) {
            Ok(()) => RunOutcome::Exited(0),
            Err(outcome) => outcome,
        }
    }

    fn driver(&self) -> Arc<dyn ProcessDriver> {
        Arc::new(SliceDriver)
    }
}

/// Does nothing: wasmi guests cannot be interrupted from outside, and need not be. A running
/// guest checks `Task::killed` at the end of every fuel slice and at every host call, and a
/// guest blocked in the kernel is woken by the kill itself (see the module docs).
struct SliceDriver;

impl ProcessDriver for SliceDriver {
    fn terminate(&self, _sig: Signal) {}
}

/// How a run whose instantiation failed with `e` ended: a segment that does not fit its memory
/// or table is a trap, as the specification has it and as the other backends report it (in the
/// words wasmtime uses), not a module that cannot start.
fn instantiation_failure(e: &wasmi::Error) -> RunOutcome {
    use wasmi::errors::{ErrorKind, InstantiationError, MemoryError};
    match e.kind() {
        ErrorKind::TrapCode(code) => RunOutcome::Trapped(code.to_string()),
        ErrorKind::Memory(MemoryError::OutOfBoundsAccess) => RunOutcome::Trapped("out of bounds memory access".into()),
        ErrorKind::Instantiation(InstantiationError::ElementSegmentDoesNotFit { .. }) => {
            RunOutcome::Trapped("undefined element: out of bounds table access".into())
        }
        _ => RunOutcome::Failed(BackendError::Start(e.to_string())),
    }
}

/// How a run that stopped with `e` ended.
fn outcome_of(e: &wasmi::Error, store: &Store<Host>) -> RunOutcome {
    if let Some(GuestExit(exit)) = e.downcast_ref::<GuestExit>() {
        return match *exit {
            HostExit::Exit(code) => RunOutcome::Exited(code),
            HostExit::Killed(sig) => RunOutcome::Killed(sig),
        };
    }
    if e.as_trap_code() == Some(TrapCode::OutOfFuel) {
        return RunOutcome::LimitExceeded { limit: Limit::CpuTime, signal: Signal::SIGXCPU };
    }
    if store.data().limiter.denied {
        return RunOutcome::LimitExceeded { limit: Limit::Memory, signal: Signal::SIGKILL };
    }
    RunOutcome::Trapped(e.to_string())
}
