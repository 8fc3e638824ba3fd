//! The store's host state and the registration of every shim function with typed signatures.

use std::time::Duration;

use burrow_wasi::{Mem, WasiCtx};
use wasmtime::{Caller, Linker, Memory, ResourceLimiter};

/// Per-store state: the process's shim context, its memory and its limits.
pub struct Host {
    pub wasi: WasiCtx,
    pub memory: Option<Memory>,
    pub limiter: Limiter,
    /// CPU time of this thread when the guest started, and the budget from there.
    pub cpu_start: Duration,
    pub cpu_budget: Option<Duration>,
}

impl Host {
    pub fn new(wasi: WasiCtx) -> Host {
        let limits = *wasi.task.kernel().limits();
        let cpu_budget = (limits.cpu_time_ms != u64::MAX).then(|| Duration::from_millis(limits.cpu_time_ms));
        Host {
            wasi,
            memory: None,
            limiter: Limiter { max_memory: usize::try_from(limits.memory).unwrap_or(usize::MAX), denied: false },
            cpu_start: thread_cpu_time(),
            cpu_budget,
        }
    }

    /// Whether the guest has used up its CPU budget.
    pub fn cpu_exhausted(&self) -> bool {
        self.cpu_budget.is_some_and(|b| thread_cpu_time().saturating_sub(self.cpu_start) > b)
    }
}

/// Caps linear memory and remembers whether it refused to grow, so a guest that aborts on a
/// failed allocation is reported as out of memory rather than as a plain trap.
pub struct Limiter {
    pub max_memory: usize,
    pub denied: bool,
}

/// Most table elements a guest may have.
const MAX_TABLE_ELEMENTS: usize = 1 << 20;

impl ResourceLimiter for Limiter {
    fn memory_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
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

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}

/// CPU time consumed by the calling thread.
pub fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Whether `module::name` is one of the functions [`link`] registers.
pub fn provides(module: &str, name: &str) -> bool {
    macro_rules! matches_fn {
        ($m:ident, $n:ident, fn($($arg:ident : $ty:ty),*) -> $ret:ty) => {
            if module == stringify!($m) && name == stringify!($n) {
                return true;
            }
        };
    }
    burrow_wasi::for_each_function!(matches_fn);
    false
}

/// Registers every function of `burrow_wasi::for_each_function!` with `linker`.
pub fn link(linker: &mut Linker<Host>) -> wasmtime::Result<()> {
    macro_rules! add {
        ($module:ident, $name:ident, fn($($arg:ident : $ty:ty),*) -> $ret:ty) => {
            linker.func_wrap(
                stringify!($module),
                stringify!($name),
                |mut caller: Caller<'_, Host>, $($arg: $ty),*| -> wasmtime::Result<$ret> {
                    let memory = caller.data().memory;
                    let (bytes, host): (&mut [u8], &mut Host) = match memory {
                        Some(m) => m.data_and_store_mut(&mut caller),
                        None => (&mut [], caller.data_mut()),
                    };
                    burrow_wasi::$module::$name(&mut host.wasi, Mem::new(bytes), $($arg),*).map_err(wasmtime::Error::new)
                },
            )?;
        };
    }
    burrow_wasi::for_each_function!(add);
    Ok(())
}
