//! WASI shim calls (preview1 and the `burrow` module) with arbitrary arguments over arbitrary
//! guest memory, against a live kernel: the engine-agnostic entry point every backend uses
//! (`burrow_wasi::table::call`, which V8's native callback calls as it is).
//!
//! Checked after every call: the result is a WASI errno (0..=76) or a reason to stop, memory
//! keeps its size and never receives the host's secret, accounting is within the limits. At
//! the end: every open descriptor can be stat'ed, stat sizes equal content lengths, and once
//! the guest has ended, everything is released and the host outside the mount is untouched.

#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use burrow_fuzz::hostdir::HostDir;
use burrow_fuzz::vm::Vm;
use burrow_fuzz::watchdog::Watchdog;
use burrow_fuzz::{check, guest};
use burrow_wasi::{table, Mem, WasiCtx};
use libfuzzer_sys::fuzz_target;

/// An argument: small numbers (descriptors, flags, lengths) and addresses inside memory are
/// the most telling, any value the rest of the time.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Arg {
    Small(i8),
    InMemory(u16),
    Any32(i32),
    Any64(i64),
}

impl Arg {
    fn get(self) -> u64 {
        match self {
            Arg::Small(v) => (i64::from(v) % 12) as u64,
            Arg::InMemory(v) => u64::from(v) % (guest::MEM_SIZE as u64 + 64),
            Arg::Any32(v) => v as u32 as u64,
            Arg::Any64(v) => v as u64,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    calls: Vec<(u8, [Arg; 9])>,
    memory: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let vm = Vm::new();
    let task = guest::task(&vm);
    let mut cx = WasiCtx::new(task.clone(), vec![b"prog".to_vec(), b"arg".to_vec()], vec![b"HOME=/".to_vec()]);
    let mut mem = guest::memory(&input.memory);
    let functions = table::functions();
    {
        let _dog = Watchdog::arm(vm.init(), Duration::from_millis(500));
        for (which, args) in input.calls.iter().take(24) {
            let index = *which as usize % functions.len();
            let args: Vec<u64> = args.iter().map(|a| a.get()).collect();
            let r = table::call(index, &mut cx, Mem::new(&mut mem), &args[..functions[index].params.len()]);
            assert_eq!(mem.len(), guest::MEM_SIZE);
            assert!(!HostDir::get().leaks(&mem), "MOUNT ESCAPE: the guest's memory holds the host's secret");
            check::within_limits(&vm);
            match r {
                Ok(code) if functions[index].result.is_some() => {
                    assert!(code <= 76, "{}::{} returned {code}", functions[index].module, functions[index].name)
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    for fd in task.fds() {
        assert!(task.fstat(fd).is_ok(), "descriptor {fd} cannot be stat'ed");
    }
    check::sizes_match_contents(&vm.init());
    check::teardown(&vm, &[task]);
});
