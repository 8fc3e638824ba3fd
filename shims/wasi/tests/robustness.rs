//! Every function, driven through `for_each_function!` as a backend would: out-of-bounds
//! pointers give `fault`, and arbitrary arguments over arbitrary memory never panic and leave
//! the kernel consistent.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::process::WaitFor;
use burrow_kernel::syscall::ChildOptions;
use burrow_kernel::{ExitStatus, Signal, AT_FDCWD};
use burrow_wasi::types::Errno;
use burrow_wasi::{HostResult, Mem, WasiCtx};
use common::*;
use proptest::prelude::*;

/// Return values of shim functions as one errno-like code (`proc_exit` returns nothing).
trait Code {
    fn code(self) -> i32;
}

impl Code for i32 {
    fn code(self) -> i32 {
        self
    }
}

impl Code for () {
    fn code(self) -> i32 {
        0
    }
}

type Call = fn(&mut WasiCtx, Mem<'_>, &[i64]) -> HostResult<i32>;

struct Func {
    module: &'static str,
    name: &'static str,
    args: &'static [&'static str],
    call: Call,
}

/// The whole table, built from the macro backends use.
fn funcs() -> Vec<Func> {
    let mut v = Vec::new();
    macro_rules! entry {
        ($module:ident, $name:ident, fn($($arg:ident: $ty:ty),*) -> $ret:ty) => {
            v.push(Func {
                module: stringify!($module),
                name: stringify!($name),
                args: &[$(stringify!($arg)),*],
                call: |cx, mem, a| {
                    let mut it = a.iter().copied().chain(std::iter::repeat(0));
                    #[allow(unused_mut, unused_variables)]
                    let mut next = move || it.next().unwrap_or(0);
                    let r = burrow_wasi::$module::$name(cx, mem, $({ let _ = stringify!($arg); next() as $ty }),*);
                    r.map(Code::code)
                },
            });
        };
    }
    burrow_wasi::for_each_function!(entry);
    v
}

fn is_pointer(arg: &str) -> bool {
    arg == "out"
        || arg.ends_with("_out")
        || matches!(
            arg,
            "argv"
                | "argv_buf"
                | "environ"
                | "environ_buf"
                | "path"
                | "buf"
                | "iovs"
                | "old_path"
                | "new_path"
                | "subs"
                | "events"
                | "ri_data"
                | "si_data"
                | "req"
                | "addr"
                | "host"
        )
}

/// Scratch regions for valid pointer arguments, each 1 KiB, from here.
const REGIONS: i32 = 8192;

/// Arguments that make a valid call (pointers into prepared regions), for `f`.
fn valid_args(g: &mut Guest, f: &Func) -> Vec<i64> {
    f.args
        .iter()
        .enumerate()
        .map(|(k, &arg)| {
            let region = REGIONS + 1024 * k as i32;
            if is_pointer(arg) {
                g.mem[region as usize..region as usize + 1024].fill(0);
                match arg {
                    "path" | "old_path" | "new_path" => g.mem[region as usize] = b'.',
                    "iovs" | "ri_data" | "si_data" => {
                        g.set_u32(region, (region + 512) as u32);
                        g.set_u32(region + 4, 8);
                    }
                    "subs" => {
                        // A clock subscription with a zero timeout.
                        g.mem[region as usize + 8] = 0;
                        g.set_u32(region + 16, 1);
                    }
                    _ => {}
                }
                return region as i64;
            }
            match arg {
                "fd" | "old_fd" | "new_fd" => 3,
                "path_len" | "old_len" | "new_len" | "host_len" => {
                    if f.name == "fd_prestat_dir_name" {
                        16
                    } else {
                        1
                    }
                }
                "buf_len" | "len" | "req_len" => 16,
                // An inet record's length, and a buffer for any address.
                "addr_len" => 8,
                "addr_cap" | "cap" => 112,
                "iovs_len" | "nsubscriptions" | "ri_data_len" | "si_data_len" => 1,
                "pid" => -1,
                _ => 0,
            }
        })
        .collect()
}

#[test]
fn the_table_lists_every_function_once() {
    let funcs = funcs();
    assert_eq!(funcs.len(), 46 + 35);
    let mut names: Vec<_> = funcs.iter().map(|f| (f.module, f.name)).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), funcs.len());
}

#[test]
fn out_of_bounds_pointers_fault() {
    let funcs = funcs();
    let mut checked = 0;
    for f in &funcs {
        for (k, &arg) in f.args.iter().enumerate() {
            if !is_pointer(arg) {
                continue;
            }
            for bad in [MEM_SIZE as i64, MEM_SIZE as i64 + 100, -1, i32::MIN as i64] {
                let mut g = Guest::new();
                let mut args = valid_args(&mut g, f);
                args[k] = bad;
                let fds = g.task().fds();
                let r = (f.call)(&mut g.cx, Mem::new(&mut g.mem), &args);
                assert_eq!(r, Ok(Errno::FAULT.raw()), "{}::{}({arg} = {bad})", f.module, f.name);
                assert_eq!(g.task().fds(), fds, "{}::{} changed descriptors while faulting", f.module, f.name);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} pointer arguments checked");
}

#[test]
fn valid_pointers_do_not_fault() {
    // The baseline of the test above: with every pointer valid, no call faults.
    for f in funcs() {
        let mut g = Guest::new();
        let args = valid_args(&mut g, &f);
        let r = (f.call)(&mut g.cx, Mem::new(&mut g.mem), &args);
        assert_ne!(r, Ok(Errno::FAULT.raw()), "{}::{}", f.module, f.name);
    }
}

/// The guest environment of one fuzz case: a child process with a non-blocking pipe at 0/1,
/// a file at 2 and the preopen at 3.
fn fuzz_guest(mem: Vec<u8>) -> Guest {
    let kernel = kernel();
    let init = kernel.init();
    let task = init.new_child(ChildOptions { pgid: Some(0), ..ChildOptions::default() }).unwrap();
    assert_eq!(task.pipe(OpenFlags::NONBLOCK).unwrap(), (0, 1));
    assert_eq!(task.open(AT_FDCWD, b"/f", OpenFlags::CREAT | OpenFlags::RDWR, 0o644).unwrap(), 2);
    task.write(2, b"some content").unwrap();
    let mut g = Guest::with_task(kernel, task);
    g.mem = mem;
    g
}

fn arg() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => -3i64..=8,
        3 => 0i64..2200,
        2 => any::<i32>().prop_map(i64::from),
        1 => any::<i64>(),
    ]
}

proptest! {
    // 512 cases unless PROPTEST_CASES says otherwise.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn arbitrary_calls_never_panic_and_keep_the_kernel_consistent(
        calls in prop::collection::vec((any::<prop::sample::Index>(), prop::collection::vec(arg(), 9)), 1..8),
        mem in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let funcs = funcs();
        let size = mem.len();
        let mut g = fuzz_guest(mem);
        let pid = g.task().pid();
        let init = g.kernel.init();

        // Calls that block (a pipe read, a long poll) are ended by a kill.
        let (done, finished) = mpsc::channel::<()>();
        let killer = init.clone();
        let watchdog = std::thread::spawn(move || {
            if finished.recv_timeout(Duration::from_millis(200)).is_err() {
                let _ = killer.kill(i64::from(pid), Some(Signal::SIGKILL));
            }
        });
        for (which, args) in &calls {
            let f = &funcs[which.index(funcs.len())];
            let r = (f.call)(&mut g.cx, Mem::new(&mut g.mem), args);
            match r {
                Ok(code) => prop_assert!((0..=76).contains(&code), "{}::{} returned {code}", f.module, f.name),
                Err(_) => break,
            }
        }
        let _ = done.send(());
        watchdog.join().unwrap();
        prop_assert_eq!(g.mem.len(), size);

        // Every open descriptor is usable.
        let task = g.task().clone();
        for fd in task.fds() {
            prop_assert!(task.fstat(fd).is_ok(), "fd {} cannot be stat'ed", fd);
        }
        // The filesystem is still walkable from the root.
        let root = init.open(AT_FDCWD, b"/", OpenFlags::DIRECTORY, 0).unwrap();
        let mut names = Vec::new();
        init.readdir(root, 0, &mut |e| {
            names.push(e.name.to_vec());
            true
        }).unwrap();
        init.close(root).unwrap();
        for name in names.iter().filter(|n| n.as_slice() != b"." && n.as_slice() != b"..") {
            let mut path = b"/".to_vec();
            path.extend_from_slice(name);
            prop_assert!(init.stat(AT_FDCWD, &path, false).is_ok());
        }
        // Ending the process releases everything it held.
        task.exit(ExitStatus::code(0));
        let reaped = init.wait(WaitFor::Any, true).unwrap();
        prop_assert_eq!(reaped.map(|(p, _)| p), Some(pid));
        prop_assert_eq!(g.kernel.processes().len(), 1);
        prop_assert_eq!(g.kernel.pipe_buffer_usage(), 0);
        // Even a killed guest stops cleanly at its next call.
        if task.killed().is_some() {
            prop_assert!((funcs[0].call)(&mut g.cx, Mem::new(&mut g.mem), &[]).is_err());
        }
    }
}
