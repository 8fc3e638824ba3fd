//! The store's host state and the registration of every shim function with typed signatures.

use burrow_wasi::{Mem, WasiCtx};
use wasmtime::{Caller, Linker, Memory, StoreLimits, StoreLimitsBuilder};

/// Per-store state: the process's shim context and its memory.
pub struct Host {
    pub wasi: WasiCtx,
    pub memory: Option<Memory>,
    pub limits: StoreLimits,
}

impl Host {
    pub fn new(wasi: WasiCtx, max_memory: u64) -> Host {
        Host {
            wasi,
            memory: None,
            limits: StoreLimitsBuilder::new().memory_size(max_memory as usize).instances(1).build(),
        }
    }
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
