//! The store's host state and the registration of every shim function with typed signatures.

use burrow_wasi::{HostExit, Mem, WasiCtx};
use wasmi::{Caller, FuncType, Linker, Memory, ResourceLimiter, ValType};
use wasmi_core::LimiterError;

/// Fuel charged for every host call, on top of the guest's own instructions: the shim's work
/// (decoding guest memory, a kernel call) is not metered by wasmi, so a loop of cheap host calls
/// would otherwise run for far more CPU time than its budget. One microsecond at
/// [`crate::FUEL_PER_MS`]; for scale, a `std::fs::metadata` from Rust guest code (one
/// `path_filestat_get`) takes 0.2 us on wasmtime and 0.7-0.9 us on wasmi, guest side included.
pub const HOST_CALL_FUEL: u64 = crate::FUEL_PER_MS / 1000;

/// Per-store state: the process's shim context, its memory and its limits.
pub struct Host {
    /// The shim's per-process state.
    pub wasi: WasiCtx,
    /// The guest's exported `memory`, once instantiated (host calls see no memory before).
    pub memory: Option<Memory>,
    /// The store's resource limiter.
    pub limiter: Limiter,
}

impl Host {
    /// The state of a process whose linear memories may grow up to `max_memory` bytes each.
    pub fn new(wasi: WasiCtx, max_memory: u64) -> Host {
        Host {
            wasi,
            memory: None,
            limiter: Limiter { max_memory: usize::try_from(max_memory).unwrap_or(usize::MAX), denied: false },
        }
    }
}

/// Why a host call stopped the guest, as a wasmi host error (the shim's [`HostExit`] cannot
/// implement wasmi's trait itself).
#[derive(Debug)]
pub struct GuestExit(pub HostExit);

impl std::fmt::Display for GuestExit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl wasmi::errors::HostError for GuestExit {}

/// Caps linear memory and remembers whether it refused to grow, so a guest that aborts on a
/// failed allocation is reported as out of memory rather than as a plain trap.
pub struct Limiter {
    /// Largest size of any linear memory, in bytes.
    pub max_memory: usize,
    /// Whether a memory was refused growth (or creation) for passing `max_memory`.
    pub denied: bool,
}

/// Most table elements a guest may have.
const MAX_TABLE_ELEMENTS: usize = 1 << 20;
/// Most tables and memories one module may define (each is a host allocation).
const MAX_TABLES: usize = 100;
const MAX_MEMORIES: usize = 100;

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        let ok = desired <= self.max_memory;
        if ok {
            burrow_kernel::limits::record_memory_growth(desired.saturating_sub(current) as u64);
        } else {
            self.denied = true;
            // The guest sees `memory.grow` fail; the embedder learns which limit it was.
            burrow_kernel::limits::record_hit(burrow_kernel::Limit::Memory);
        }
        Ok(ok)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        // One store runs one module.
        1
    }

    fn tables(&self) -> usize {
        MAX_TABLES
    }

    fn memories(&self) -> usize {
        MAX_MEMORIES
    }
}

/// The wasm value type of a shim parameter type.
trait Param {
    const TYPE: ValType;
}

impl Param for i32 {
    const TYPE: ValType = ValType::I32;
}

impl Param for i64 {
    const TYPE: ValType = ValType::I64;
}

/// The wasm result types of a shim return type.
trait Results {
    const TYPES: &'static [ValType];
}

impl Results for i32 {
    const TYPES: &'static [ValType] = &[ValType::I32];
}

impl Results for () {
    const TYPES: &'static [ValType] = &[];
}

/// The type of `module::name` if it is one of the functions [`link`] registers.
pub fn signature(module: &str, name: &str) -> Option<FuncType> {
    macro_rules! match_fn {
        ($m:ident, $n:ident, fn($($arg:ident : $ty:ty),*) -> $ret:ty) => {
            if module == stringify!($m) && name == stringify!($n) {
                return Some(FuncType::new([$(<$ty as Param>::TYPE),*], <$ret as Results>::TYPES.iter().copied()));
            }
        };
    }
    burrow_wasi::for_each_function!(match_fn);
    None
}

/// Registers every function of `burrow_wasi::for_each_function!` with `linker`.
///
/// Each call first stops the guest if its process was killed (wasmi has no way to interrupt a
/// guest from another thread, so host calls and fuel slices are where kills are noticed), then
/// charges [`HOST_CALL_FUEL`] and runs the shim function on the guest's memory.
pub fn link(linker: &mut Linker<Host>) -> Result<(), wasmi::errors::LinkerError> {
    macro_rules! add {
        ($module:ident, $name:ident, fn($($arg:ident : $ty:ty),*) -> $ret:ty) => {
            linker.func_wrap(
                stringify!($module),
                stringify!($name),
                |mut caller: Caller<'_, Host>, $($arg: $ty),*| -> Result<$ret, wasmi::Error> {
                    if let Some(sig) = caller.data().wasi.task.killed() {
                        return Err(wasmi::Error::host(GuestExit(HostExit::Killed(sig))));
                    }
                    charge_host_call(&mut caller);
                    let memory = caller.data().memory;
                    let (bytes, host): (&mut [u8], &mut Host) = match memory {
                        Some(m) => m.data_and_store_mut(&mut caller),
                        None => (&mut [], caller.data_mut()),
                    };
                    burrow_wasi::$module::$name(&mut host.wasi, Mem::new(bytes), $($arg),*)
                        .map_err(|e| wasmi::Error::host(GuestExit(e)))
                },
            )?;
        };
    }
    burrow_wasi::for_each_function!(add);
    Ok(())
}

/// Takes [`HOST_CALL_FUEL`] from the store (down to zero: the guest then runs out of fuel at its
/// next instruction block, where the slice loop accounts for it).
fn charge_host_call(caller: &mut Caller<'_, Host>) {
    if let Ok(fuel) = caller.get_fuel() {
        let _ = caller.set_fuel(fuel.saturating_sub(HOST_CALL_FUEL));
    }
}
