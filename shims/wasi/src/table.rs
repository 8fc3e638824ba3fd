//! Every host function as data: names, signatures and an untyped entry point, generated from
//! [`crate::for_each_function!`]. Engines that bind functions dynamically (V8's native
//! callbacks) use this; engines with typed registration use the macro directly.

use crate::{HostResult, Mem, WasiCtx};

/// A WebAssembly value type of a host function's parameters or result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValType {
    I32,
    I64,
}

/// One host function.
#[derive(Clone, Copy, Debug)]
pub struct HostFunction {
    /// The import module (`wasi_snapshot_preview1` or `burrow`).
    pub module: &'static str,
    pub name: &'static str,
    pub params: &'static [ValType],
    /// `None` for functions that return nothing (`proc_exit`).
    pub result: Option<ValType>,
}

macro_rules! valtype {
    (i32) => {
        ValType::I32
    };
    (i64) => {
        ValType::I64
    };
}

macro_rules! result_type {
    (()) => {
        None
    };
    ($t:tt) => {
        Some(valtype!($t))
    };
}

/// Every host function, in a fixed order: its index is what [`call`] takes.
pub fn functions() -> &'static [HostFunction] {
    static FUNCTIONS: std::sync::OnceLock<Vec<HostFunction>> = std::sync::OnceLock::new();
    FUNCTIONS.get_or_init(|| {
        let mut all = Vec::new();
        macro_rules! push {
            ($module:ident, $name:ident, fn($($arg:ident : $ty:tt),*) -> $ret:tt) => {
                all.push(HostFunction {
                    module: stringify!($module),
                    name: stringify!($name),
                    params: &[$(valtype!($ty)),*],
                    result: result_type!($ret),
                });
            };
        }
        crate::for_each_function!(push);
        all
    })
}

/// The index of `module::name` in [`functions`].
pub fn index_of(module: &str, name: &str) -> Option<usize> {
    functions().iter().position(|f| f.module == module && f.name == name)
}

/// Calls function `index` with `args` (each an i32 or i64 widened to u64, in order). Returns the
/// result widened to u64 (0 for functions without one). Too few arguments read as zeros; an
/// index past the table ends the process with status 127.
pub fn call(index: usize, cx: &mut WasiCtx, mem: Mem<'_>, args: &[u64]) -> HostResult<u64> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(0);
    macro_rules! convert {
        (i32, $v:expr) => {
            $v as u32 as i32
        };
        (i64, $v:expr) => {
            $v as i64
        };
    }
    macro_rules! ret {
        ((), $v:expr) => {{
            $v?;
            Ok(0)
        }};
        (i32, $v:expr) => {
            $v.map(|r| r as u32 as u64)
        };
        (i64, $v:expr) => {
            $v.map(|r| r as u64)
        };
    }
    let mut i = 0usize;
    macro_rules! try_call {
        ($module:ident, $name:ident, fn($($argn:ident : $ty:tt),*) -> $ret:tt) => {
            if index == i {
                let mut _k = 0usize;
                $(let $argn = convert!($ty, arg({ _k += 1; _k - 1 }));)*
                return ret!($ret, crate::$module::$name(cx, mem, $($argn),*));
            }
            i += 1;
        };
    }
    crate::for_each_function!(try_call);
    let _ = i;
    Err(crate::HostExit::Exit(127))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_function_once_with_its_signature() {
        let all = functions();
        assert_eq!(all.len(), 81);
        let fd_write = &all[index_of("wasi_snapshot_preview1", "fd_write").unwrap()];
        assert_eq!(fd_write.params, &[ValType::I32; 4]);
        assert_eq!(fd_write.result, Some(ValType::I32));
        let seek = &all[index_of("wasi_snapshot_preview1", "fd_seek").unwrap()];
        assert_eq!(seek.params, &[ValType::I32, ValType::I64, ValType::I32, ValType::I32]);
        assert_eq!(all[index_of("wasi_snapshot_preview1", "proc_exit").unwrap()].result, None);
        assert!(index_of("burrow", "spawn").is_some());
        assert!(index_of("burrow", "nope").is_none());
    }
}
