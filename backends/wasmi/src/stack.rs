//! Checking that this build of wasmi runs guests in constant host stack.
//!
//! wasmi keeps guest call frames on its own heap stack, and its default ("tail-call") dispatch
//! runs each instruction handler as a sibling call that LLVM turns into a jump, so the host
//! stack does not grow as a guest runs. That is an optimization, not a guarantee: without
//! optimizations, with debug assertions on wasmi (wasmi-labs/wasmi#2039), or in some builds
//! with several codegen units (wasmi-labs/wasmi#1942), handlers are real calls and the host
//! stack grows with every guest instruction until the thread overflows, which aborts the whole
//! host process and every VM in it. [`host_stack_growth`] runs a probe module once when the
//! backend starts: a build that grows the stack is refused (the backend reports itself
//! unavailable) instead of crashing later on some guest.

use wasmi::{Caller, Engine, Linker, Module, Store};

/// Growth per guest step below which the host stack is taken to be flat (the probe's own host
/// call frames differ by a few bytes at most).
pub const FLAT: usize = 64;

/// Steps (loop iterations, calls) the probe compares.
const SHALLOW: i32 = 1;
const DEEP: i32 = 201;

/// The most host stack one guest step takes in this build, over a loop, direct and indirect
/// recursion and a chain of tail calls: about 0 when the dispatch is optimized as it must be.
/// `None` if the probe could not run.
pub fn host_stack_growth(engine: &Engine) -> Option<usize> {
    let module = Module::new(engine, PROBE_WASM).ok()?;
    let mut store = Store::new(engine, 0usize);
    store.set_fuel(u64::MAX).ok()?;
    let mut linker = Linker::<usize>::new(engine);
    linker
        .func_wrap("probe", "sp", |mut caller: Caller<'_, usize>| {
            let marker = 0u8;
            *caller.data_mut() = std::hint::black_box(&marker) as *const u8 as usize;
        })
        .ok()?;
    let instance = linker.instantiate_and_start(&mut store, &module).ok()?;
    let mut worst = 0;
    for name in ["loop", "call", "call_indirect", "return_call"] {
        let f = instance.get_typed_func::<i32, ()>(&store, name).ok()?;
        f.call(&mut store, SHALLOW).ok()?;
        let shallow = *store.data();
        f.call(&mut store, DEEP).ok()?;
        let deep = *store.data();
        worst = worst.max(shallow.saturating_sub(deep) / (DEEP - SHALLOW) as usize);
    }
    Some(worst)
}

/// The probe: each export runs `n` steps of one kind, then calls the host, which notes where
/// its stack frame is.
#[cfg_attr(not(test), allow(dead_code))]
const PROBE_WAT: &str = r#"(module
  (type $t (func (param i32)))
  (import "probe" "sp" (func $sp))
  (table 1 funcref)
  (elem (i32.const 0) $rec_ind)
  (func $loop (param $n i32)
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (call $sp))
  (func $rec (param $n i32)
    (if (local.get $n) (then (call $rec (i32.sub (local.get $n) (i32.const 1)))) (else (call $sp))))
  (func $rec_ind (param $n i32)
    (if (local.get $n)
      (then (call_indirect (type $t) (i32.sub (local.get $n) (i32.const 1)) (i32.const 0)))
      (else (call $sp))))
  (func $tail (param $n i32)
    (if (local.get $n) (then (return_call $tail (i32.sub (local.get $n) (i32.const 1)))) (else (call $sp))))
  (export "loop" (func $loop))
  (export "call" (func $rec))
  (export "call_indirect" (func $rec_ind))
  (export "return_call" (func $tail)))"#;

/// [`PROBE_WAT`] in binary form, without the name section (wasmi is built without its text
/// parser); `tests::probe_matches_its_text` checks that the two agree.
const PROBE_WASM: &[u8] = &[
    0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 2, 96, 1, 127, 0, 96, 0, 0, 2, 12, 1, 5, 112, 114, 111, 98, 101, 2, 115, 112, 0,
    1, 3, 5, 4, 0, 0, 0, 0, 4, 4, 1, 112, 0, 1, 7, 45, 4, 4, 108, 111, 111, 112, 0, 1, 4, 99, 97, 108, 108, 0, 2, 13,
    99, 97, 108, 108, 95, 105, 110, 100, 105, 114, 101, 99, 116, 0, 3, 11, 114, 101, 116, 117, 114, 110, 95, 99, 97,
    108, 108, 0, 4, 9, 7, 1, 0, 65, 0, 11, 1, 3, 10, 77, 4, 18, 0, 3, 64, 32, 0, 65, 1, 107, 33, 0, 32, 0, 13, 0, 11,
    16, 0, 11, 17, 0, 32, 0, 4, 64, 32, 0, 65, 1, 107, 16, 2, 5, 16, 0, 11, 11, 20, 0, 32, 0, 4, 64, 32, 0, 65, 1, 107,
    65, 0, 17, 0, 0, 5, 16, 0, 11, 11, 17, 0, 32, 0, 4, 64, 32, 0, 65, 1, 107, 18, 4, 5, 16, 0, 11, 11,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_matches_its_text() {
        let wasm = wat::parse_str(PROBE_WAT).unwrap();
        // The text names its functions, so `wat` appends a custom "name" section: drop it
        // (every section here is shorter than 128 bytes, so its size is one byte).
        let mut core = wasm[..8].to_vec();
        let mut at = 8;
        while at < wasm.len() {
            let end = at + 2 + usize::from(wasm[at + 1]);
            if wasm[at] != 0 {
                core.extend_from_slice(&wasm[at..end]);
            }
            at = end;
        }
        assert_eq!(PROBE_WASM, &core[..], "PROBE_WASM should be {core:?}");
    }

    #[test]
    fn the_probe_runs_and_this_build_is_flat() {
        let mut c = wasmi::Config::default();
        c.consume_fuel(true);
        let growth = host_stack_growth(&Engine::new(&c)).unwrap();
        assert!(growth < FLAT, "{growth} bytes of host stack per guest step");
    }
}
