//! Differential check of the backends: generated WASI call sequences run on wasmtime, wasmi
//! and V8 must give identical observable results.
//!
//! Each case is a small WebAssembly program generated as text: a sequence of preview1 calls
//! (opening, writing, reading, seeking, closing, stat'ing, renaming and removing files and
//! directories under `/tmp` through the preopen, with constant arguments from a small space, so that calls
//! often succeed and often fail). After each call the program appends its errno and any value
//! it wrote out (a new descriptor, a count, an offset, a size) to a log in its memory, and at
//! the end writes the log to standard output. The three backends must print the same log and
//! exit with the same status. 24 cases by default (`PROPTEST_CASES` overrides).

use burrow::{BackendKind, Vm};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// File names the calls use, as data at `NAMES + 16 * i` (each at most 15 bytes).
const NAMES: &[&str] = &["tmp/a", "tmp/b", "tmp/d", "tmp/d/x", "tmp/a/", "tmp/..", "tmp/missing/x"];
const NAMES_AT: u32 = 256;
/// Scratch for out-values.
const OUT: u32 = 2048;
/// Descriptor slots: `SLOTS + 4 * k` holds slot k's descriptor (99 until opened).
const SLOTS: u32 = 3000;
const NSLOTS: u32 = 3;
/// A buffer calls read into and write from (its first bytes hold a pattern).
const BUF: u32 = 4096;
/// An iovec for `BUF`, at `IOV` (its length set before each call).
const IOV: u32 = 1500;
/// The log, from here.
const LOG: u32 = 8192;

#[derive(Clone, Debug)]
enum Call {
    Open { name: usize, slot: u32, oflags: u32, fdflags: u32 },
    Write { slot: u32, len: u32 },
    Read { slot: u32, len: u32 },
    Seek { slot: u32, offset: i64, whence: u32 },
    Close { slot: u32 },
    Stat { name: usize },
    FdStat { slot: u32 },
    Mkdir { name: usize },
    Rmdir { name: usize },
    Unlink { name: usize },
    Rename { from: usize, to: usize },
    SetSize { slot: u32, size: u64 },
}

fn call() -> impl Strategy<Value = Call> {
    let name = 0..NAMES.len();
    let slot = 0..NSLOTS;
    prop_oneof![
        4 => (name.clone(), slot.clone(), 0u32..16, prop_oneof![Just(0u32), Just(1)])
            .prop_map(|(name, slot, oflags, fdflags)| Call::Open { name, slot, oflags, fdflags }),
        3 => (slot.clone(), 0u32..300).prop_map(|(slot, len)| Call::Write { slot, len }),
        3 => (slot.clone(), 0u32..300).prop_map(|(slot, len)| Call::Read { slot, len }),
        2 => (slot.clone(), -20i64..400, 0u32..4).prop_map(|(slot, offset, whence)| Call::Seek { slot, offset, whence }),
        1 => slot.clone().prop_map(|slot| Call::Close { slot }),
        2 => name.clone().prop_map(|name| Call::Stat { name }),
        1 => slot.clone().prop_map(|slot| Call::FdStat { slot }),
        1 => name.clone().prop_map(|name| Call::Mkdir { name }),
        1 => name.clone().prop_map(|name| Call::Rmdir { name }),
        1 => name.clone().prop_map(|name| Call::Unlink { name }),
        1 => (name.clone(), name).prop_map(|(from, to)| Call::Rename { from, to }),
        1 => (slot, 0u64..500).prop_map(|(slot, size)| Call::SetSize { slot, size }),
    ]
}

fn name_args(i: usize) -> String {
    format!("(i32.const {}) (i32.const {})", NAMES_AT + 16 * i as u32, NAMES[i].len())
}

fn slot_fd(slot: u32) -> String {
    format!("(i32.load (i32.const {}))", SLOTS + 4 * slot)
}

/// The program's text.
fn program(calls: &[Call]) -> String {
    let mut body = String::new();
    let log_out32 = format!("(call $log (i32.load (i32.const {OUT})))");
    let log_out64 = format!("(call $log (i32.wrap_i64 (i64.load (i32.const {OUT}))))");
    let set_iov = |len: u32| format!("(i32.store (i32.const {}) (i32.const {len}))\n", IOV + 4);
    for c in calls {
        let line = match c {
            Call::Open { name, slot, oflags, fdflags } => format!(
                "(call $log (call $path_open (i32.const 3) (i32.const 0) {} (i32.const {oflags}) (i64.const -1) (i64.const -1) (i32.const {fdflags}) (i32.const {OUT})))\n\
                 (if (i32.eqz (i32.load (i32.sub (global.get $lp) (i32.const 4)))) (then (i32.store (i32.const {}) (i32.load (i32.const {OUT})))))\n",
                name_args(*name),
                SLOTS + 4 * slot
            ),
            Call::Write { slot, len } => format!(
                "{}(call $log (call $fd_write {} (i32.const {IOV}) (i32.const 1) (i32.const {OUT}))) {log_out32}\n",
                set_iov(*len),
                slot_fd(*slot)
            ),
            Call::Read { slot, len } => format!(
                "{}(call $log (call $fd_read {} (i32.const {IOV}) (i32.const 1) (i32.const {OUT}))) {log_out32}\n",
                set_iov(*len),
                slot_fd(*slot)
            ),
            Call::Seek { slot, offset, whence } => format!(
                "(call $log (call $fd_seek {} (i64.const {offset}) (i32.const {whence}) (i32.const {OUT}))) {log_out64}\n",
                slot_fd(*slot)
            ),
            Call::Close { slot } => format!("(call $log (call $fd_close {}))\n", slot_fd(*slot)),
            Call::Stat { name } => format!(
                "(call $log (call $path_filestat_get (i32.const 3) (i32.const 0) {} (i32.const {OUT})))\n\
                 (call $log (i32.load8_u (i32.const {}))) (call $log (i32.wrap_i64 (i64.load (i32.const {}))))\n",
                name_args(*name),
                OUT + 16,
                OUT + 32
            ),
            Call::FdStat { slot } => format!(
                "(call $log (call $fd_filestat_get {} (i32.const {OUT})))\n\
                 (call $log (i32.load8_u (i32.const {}))) (call $log (i32.wrap_i64 (i64.load (i32.const {}))))\n",
                slot_fd(*slot),
                OUT + 16,
                OUT + 32
            ),
            Call::Mkdir { name } => {
                format!("(call $log (call $path_create_directory (i32.const 3) {}))\n", name_args(*name))
            }
            Call::Rmdir { name } => {
                format!("(call $log (call $path_remove_directory (i32.const 3) {}))\n", name_args(*name))
            }
            Call::Unlink { name } => format!("(call $log (call $path_unlink_file (i32.const 3) {}))\n", name_args(*name)),
            Call::Rename { from, to } => format!(
                "(call $log (call $path_rename (i32.const 3) {} (i32.const 3) {}))\n",
                name_args(*from),
                name_args(*to)
            ),
            Call::SetSize { slot, size } => {
                format!("(call $log (call $fd_filestat_set_size {} (i64.const {size})))\n", slot_fd(*slot))
            }
        };
        body.push_str(&line);
        // Clear the out-values so a call that writes nothing logs zeros on every backend.
        body.push_str(&format!("(memory.fill (i32.const {OUT}) (i32.const 0) (i32.const 64))\n"));
    }
    let names: String = NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| format!("(data (i32.const {}) \"{n}\")\n", NAMES_AT + 16 * i as u32))
        .collect();
    let slots: String =
        (0..NSLOTS).map(|k| format!("(i32.store (i32.const {}) (i32.const 99))\n", SLOTS + 4 * k)).collect();
    format!(
        r#"(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $fd_filestat_set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $lp (mut i32) (i32.const {LOG}))
  {names}
  (data (i32.const {BUF}) "0123456789abcdefghijklmnopqrstuvwxyz")
  (func $log (param $v i32)
    (i32.store (global.get $lp) (local.get $v))
    (global.set $lp (i32.add (global.get $lp) (i32.const 4))))
  (func (export "_start")
    {slots}
    (i32.store (i32.const {IOV}) (i32.const {BUF}))
    {body}
    (i32.store (i32.const {IOV}) (i32.const {LOG}))
    (i32.store (i32.const {iov_len}) (i32.sub (global.get $lp) (i32.const {LOG})))
    (drop (call $fd_write (i32.const 1) (i32.const {IOV}) (i32.const 1) (i32.const {OUT})))))
"#,
        iov_len = IOV + 4,
    )
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs `wasm` on `backend` in a fresh VM: its exit code and output.
fn observe(wasm: &[u8], backend: BackendKind) -> (i32, Vec<u8>) {
    let vm = Vm::builder().backend(backend).build().expect("a VM");
    let out = vm.module(wasm.to_vec(), "differential").output().expect("the program runs");
    (out.code(), out.stdout)
}

proptest! {
    #![proptest_config(Config { cases: cases(24), failure_persistence: None, ..Config::default() })]

    #[test]
    fn backends_observe_the_same_results(calls in prop::collection::vec(call(), 1..24)) {
        let text = program(&calls);
        let wasm = wat::parse_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let reference = observe(&wasm, BackendKind::Wasmtime);
        prop_assert_eq!(reference.0, 0, "the program failed on wasmtime");
        prop_assert!(reference.1.len() >= 4 * calls.len(), "a log shorter than the calls: {:?}", reference.1);
        for backend in [BackendKind::Wasmi, BackendKind::V8] {
            let got = observe(&wasm, backend);
            prop_assert_eq!(&got, &reference, "{} differs from wasmtime", backend.name());
        }
    }
}
