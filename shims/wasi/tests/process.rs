//! Arguments and environment, clocks, randomness, exit, signals, killed processes, preopen.

mod common;

use burrow_kernel::process::Disposition;
use burrow_kernel::Signal;
use burrow_wasi::types::Errno;
use burrow_wasi::HostExit;
use common::*;

fn strings(g: &Guest, ptrs: i32, count: usize) -> Vec<Vec<u8>> {
    (0..count)
        .map(|i| {
            let p = g.u32_at(ptrs + 4 * i as i32) as usize;
            let end = p + g.mem[p..].iter().position(|&b| b == 0).unwrap();
            g.mem[p..end].to_vec()
        })
        .collect()
}

#[test]
fn args_are_laid_out_nul_terminated_with_pointers() {
    let mut g = Guest::new();
    assert_eq!(p1!(g, args_sizes_get, OUT, OUT2), 0);
    assert_eq!(g.u32_at(OUT), 2);
    assert_eq!(g.u32_at(OUT2), 5 + 5);
    let ptrs = g.alloc(8);
    let buf = g.alloc(10);
    assert_eq!(p1!(g, args_get, ptrs, buf), 0);
    assert_eq!(g.bytes(buf, 10), b"prog\0arg1\0");
    assert_eq!(g.u32_at(ptrs), buf as u32);
    assert_eq!(g.u32_at(ptrs + 4), buf as u32 + 5);
}

#[test]
fn environment_carries_the_working_directory_as_pwd() {
    let mut g = Guest::new();
    assert_eq!(p1!(g, environ_sizes_get, OUT, OUT2), 0);
    let count = g.u32_at(OUT) as usize;
    let size = g.u32_at(OUT2);
    assert_eq!(count, 3);
    let ptrs = g.alloc(4 * count as u32);
    let buf = g.alloc(size);
    assert_eq!(p1!(g, environ_get, ptrs, buf), 0);
    let mut env = strings(&g, ptrs, count);
    env.sort();
    assert_eq!(env, vec![b"EMPTY=".to_vec(), b"HOME=/home".to_vec(), b"PWD=/".to_vec()]);
    let total: usize = env.iter().map(|e| e.len() + 1).sum();
    assert_eq!(total as u32, size);

    // After chdir, PWD follows.
    let d = g.put(b"/d");
    assert_eq!(p1!(g, path_create_directory, PREOPEN, d + 1, 1), 0);
    assert_eq!(bw!(g, chdir, d, 2), 0);
    assert!(g.cx.env.iter().any(|e| e == b"PWD=/d"));
    assert_eq!(g.cx.env.iter().filter(|e| e.starts_with(b"PWD=")).count(), 1);
}

#[test]
fn list_buffers_outside_memory_fault_without_writing() {
    let mut g = Guest::new();
    let end = MEM_SIZE as i32;
    assert_eq!(p1!(g, args_get, end - 4, 2048), Errno::FAULT.raw());
    assert_eq!(p1!(g, args_get, 2048, end - 3), Errno::FAULT.raw());
    assert_eq!(g.bytes(2048, 16), &[0; 16]);
    assert_eq!(p1!(g, args_sizes_get, -1, OUT), Errno::FAULT.raw());
    assert_eq!(p1!(g, environ_get, 2048, -8), Errno::FAULT.raw());
    assert_eq!(p1!(g, environ_sizes_get, OUT, end), Errno::FAULT.raw());
}

#[test]
fn clocks() {
    let mut g = Guest::new();
    let mut last = 0;
    for _ in 0..100 {
        assert_eq!(p1!(g, clock_time_get, 1, 0, OUT), 0);
        let now = g.u64_at(OUT);
        assert!(now >= last, "monotonic went back: {now} < {last}");
        last = now;
    }
    assert_eq!(p1!(g, clock_time_get, 0, 1, OUT), 0);
    let wall = g.u64_at(OUT);
    let host = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    assert!(host.abs_diff(wall) < 10_000_000_000, "realtime {wall} vs host {host}");
    for id in [2, 3] {
        assert_eq!(p1!(g, clock_time_get, id, 0, OUT), 0);
        assert!(g.u64_at(OUT) > 0);
    }
    for id in 0..4 {
        assert_eq!(p1!(g, clock_res_get, id, OUT), 0);
        assert_eq!(g.u64_at(OUT), 1);
    }
    assert_eq!(p1!(g, clock_time_get, 4, 0, OUT), Errno::INVAL.raw());
    assert_eq!(p1!(g, clock_time_get, -1, 0, OUT), Errno::INVAL.raw());
    assert_eq!(p1!(g, clock_res_get, 99, OUT), Errno::INVAL.raw());
    assert_eq!(p1!(g, clock_time_get, 1, 0, MEM_SIZE as i32 - 7), Errno::FAULT.raw());
}

#[test]
fn random_fills_in_place() {
    let mut g = Guest::new();
    let buf = g.alloc(4096);
    assert_eq!(p1!(g, random_get, buf, 4096), 0);
    assert!(g.bytes(buf, 4096).iter().filter(|&&b| b != 0).count() > 3000);
    assert_eq!(p1!(g, random_get, buf, 0), 0);
    assert_eq!(p1!(g, random_get, MEM_SIZE as i32 - 10, 11), Errno::FAULT.raw());
    assert_eq!(p1!(g, sched_yield), 0);
}

#[test]
fn proc_exit_stops_the_guest_with_its_code() {
    let mut g = Guest::new();
    let r = burrow_wasi::wasi_snapshot_preview1::proc_exit(&mut g.cx, burrow_wasi::Mem::new(&mut g.mem), 42);
    assert_eq!(r, Err(HostExit::Exit(42)));
}

#[test]
fn a_killed_process_stops_at_its_next_call() {
    let mut g = Guest::child();
    let pid = g.task().pid();
    g.kernel.init().kill(pid as i64, Some(Signal::SIGTERM)).unwrap();
    let r = burrow_wasi::wasi_snapshot_preview1::fd_write(&mut g.cx, burrow_wasi::Mem::new(&mut g.mem), 1, 0, 0, OUT);
    assert_eq!(r, Err(HostExit::Killed(Signal::SIGTERM)));
    let r = burrow_wasi::burrow::getpid(&mut g.cx, burrow_wasi::Mem::new(&mut g.mem), OUT);
    assert_eq!(r, Err(HostExit::Killed(Signal::SIGTERM)));
    let r = burrow_wasi::wasi_snapshot_preview1::proc_exit(&mut g.cx, burrow_wasi::Mem::new(&mut g.mem), 0);
    assert_eq!(r, Err(HostExit::Killed(Signal::SIGTERM)));
}

#[test]
fn proc_raise_maps_wasi_signal_numbers() {
    // Default action terminates: the call itself stops the guest.
    let mut g = Guest::child();
    let r = burrow_wasi::wasi_snapshot_preview1::proc_raise(&mut g.cx, burrow_wasi::Mem::new(&mut g.mem), 15);
    assert_eq!(r, Err(HostExit::Killed(Signal::SIGTERM)));

    // WASI 16 is SIGCHLD (Linux 17), ignored by default.
    let mut g = Guest::child();
    assert_eq!(p1!(g, proc_raise, 16), 0);
    // WASI 27 is SIGWINCH (Linux 28), caught here: it becomes pending.
    g.task().set_signal_disposition(Signal::new(28).unwrap(), Disposition::Catch).unwrap();
    assert_eq!(p1!(g, proc_raise, 27), 0);
    assert_eq!(g.task().take_signals(), 1 << 27);
    // WASI 30 is SIGSYS (Linux 31).
    g.task().set_signal_disposition(Signal::SIGSYS, Disposition::Ignore).unwrap();
    assert_eq!(p1!(g, proc_raise, 30), 0);
    for bad in [0, 31, -1, 64] {
        assert_eq!(p1!(g, proc_raise, bad), Errno::INVAL.raw());
    }
    assert!(g.task().killed().is_none());
}

#[test]
fn the_preopen_is_fd_3_named_slash() {
    let mut g = Guest::new();
    assert_eq!(p1!(g, fd_prestat_get, 3, OUT), 0);
    assert_eq!(g.bytes(OUT, 8), &[0, 0, 0, 0, 1, 0, 0, 0]);
    let name = g.alloc(8);
    assert_eq!(p1!(g, fd_prestat_dir_name, 3, name, 8), 0);
    assert_eq!(g.bytes(name, 2), b"/\0");
    assert_eq!(p1!(g, fd_prestat_dir_name, 3, name, 0), Errno::NAMETOOLONG.raw());
    for fd in [0, 1, 2, 4, 5, -1] {
        assert_eq!(p1!(g, fd_prestat_get, fd, OUT), Errno::BADF.raw());
        assert_eq!(p1!(g, fd_prestat_dir_name, fd, name, 8), Errno::BADF.raw());
    }
    let (ft, flags, base, inheriting) = g.fdstat(3).unwrap();
    assert_eq!((ft, flags), (3, 0));
    assert_eq!(base, burrow_wasi::types::rights::DIRECTORY_BASE);
    assert_eq!(inheriting, burrow_wasi::types::rights::DIRECTORY_INHERITING);

    // Something else renumbered over it is no preopen.
    let p = g.put(b".");
    assert_eq!(p1!(g, path_open, 3, 0, p, 1, 2, 0, 0, 0, OUT), 0);
    let dup = g.u32_at(OUT) as i32;
    let d = g.put(b"sub");
    assert_eq!(p1!(g, path_create_directory, 3, d, 3), 0);
    assert_eq!(p1!(g, path_open, 3, 0, d, 3, 2, 0, 0, 0, OUT), 0);
    let sub = g.u32_at(OUT) as i32;
    assert_eq!(p1!(g, fd_renumber, sub, 3), 0);
    assert_eq!(p1!(g, fd_prestat_get, 3, OUT), Errno::BADF.raw());
    assert_eq!(p1!(g, fd_renumber, dup, 3), 0);
    assert_eq!(p1!(g, fd_prestat_get, 3, OUT), 0);

    // Closing the preopen is allowed; afterwards it is gone.
    assert_eq!(p1!(g, fd_close, 3), 0);
    assert_eq!(p1!(g, fd_prestat_get, 3, OUT), Errno::BADF.raw());
    assert_eq!(g.fdstat(3), Err(Errno::BADF.raw()));
}

#[test]
fn preparing_moves_the_preopen_to_3_whatever_is_open() {
    let k = kernel();
    let t = k.init();
    // Nothing open: "/" lands at 0 and moves to 3.
    burrow_wasi::prepare_stdio_and_preopen(&t).unwrap();
    assert_eq!(t.fds(), vec![3]);
    // Something at 3 already: replaced.
    let (r, w) = t.pipe(burrow_kernel::fd::OpenFlags::RDONLY).unwrap();
    assert_eq!((r, w), (0, 1));
    t.dup2(0, 3).unwrap();
    burrow_wasi::prepare_stdio_and_preopen(&t).unwrap();
    assert_eq!(t.fds(), vec![0, 1, 3]);
    assert_eq!(t.fstat(3).unwrap().file_type(), burrow_kernel::vfs::FileType::Directory);
}
