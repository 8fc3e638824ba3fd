//! The Node ops (`bridge/ABI.md`, "Node ops") with arbitrary numbers and buffers: what V8's
//! `op(code, a, b, c, buf)` native callback hands `burrow_node::call` for any JavaScript
//! values (the callback converts each argument to a double and a typed array's bytes, then
//! calls this as it is), against a live kernel.
//!
//! Checked: an op returns a finite number (a negative one is an errno) or a reason to stop;
//! the buffer keeps its length and never receives the host's secret; accounting stays within
//! the limits; at the end stat sizes equal content lengths and everything is released.

#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use burrow_fuzz::hostdir::HostDir;
use burrow_fuzz::vm::Vm;
use burrow_fuzz::watchdog::Watchdog;
use burrow_fuzz::{check, guest};
use burrow_node::ops::code::{POLL, SLEEP, WAIT};
use burrow_node::NodeCtx;
use libfuzzer_sys::fuzz_target;

/// A JavaScript number as the callback passes it.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Num {
    Small(i8),
    Int(i32),
    Special(u8),
    Any(f64),
}

impl Num {
    fn get(self) -> f64 {
        match self {
            Num::Small(v) => f64::from(v % 12),
            Num::Int(v) => f64::from(v),
            Num::Special(k) => {
                [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 0.5, 1e300, -1e300, 4294967296.0, 9007199254740993.0]
                    [k as usize % 9]
            }
            Num::Any(v) => v,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Call {
    code: u8,
    args: [Num; 3],
    /// The buffer's length (its bytes come from the fuzzer's memory).
    len: u16,
    at: u16,
}

#[derive(Arbitrary, Debug)]
struct Input {
    calls: Vec<Call>,
    memory: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let vm = Vm::new();
    let task = guest::task(&vm);
    let mut cx = NodeCtx::new(task.clone(), vec![b"node".to_vec(), b"x.js".to_vec()], vec![b"HOME=/".to_vec()]);
    let mut mem = guest::memory(&input.memory);
    {
        let _dog = Watchdog::arm(vm.init(), Duration::from_millis(100));
        for call in input.calls.iter().take(24) {
            let at = call.at as usize % guest::MEM_SIZE;
            let len = (call.len as usize % 4200).min(guest::MEM_SIZE - at);
            let buf = &mut mem[at..at + len];
            let [mut a, mut b, c] = call.args.map(Num::get);
            let code = u32::from(call.code % 64);
            // Waiting teaches the fuzzer nothing and costs the watchdog's timeout: sleeps and
            // poll timeouts are cut to 5 ms, waits for children never block.
            match code {
                SLEEP if a > 5.0 => a = 5.0,
                POLL if b > 5.0 => b = 5.0,
                WAIT => b = 1.0,
                _ => {}
            }
            let r = burrow_node::call(&mut cx, code, a, b, c, buf);
            assert_eq!(buf.len(), len);
            assert!(!HostDir::get().leaks(&mem), "MOUNT ESCAPE: the guest's buffer holds the host's secret");
            check::within_limits(&vm);
            match r {
                Ok(v) => assert!(v.is_finite(), "op {code} returned {v}"),
                Err(_) => break,
            }
        }
    }
    check::sizes_match_contents(&vm.init());
    check::teardown(&vm, &[task]);
});
