//! Sequences of kernel syscalls decoded from the fuzzer's bytes: files and directories (memfs
//! and a host mount), descriptors, pipes, sockets (TCP, UDP, unix), processes (children,
//! spawns, exits, waits, signals, groups), acting as any live process of the VM. Every
//! descriptor is non-blocking and every wait is `WNOHANG`, so nothing waits.
//!
//! After every call: accounting within the limits. At the end: every stat size equals the
//! content length, and once every process has ended and every file is removed, accounting is
//! back to its baseline and the host outside the mount is untouched.

#![no_main]

use std::io::SeekFrom;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use arbitrary::Arbitrary;
use burrow_fuzz::paths::PathArg;
use burrow_fuzz::vm::Vm;
use burrow_fuzz::watchdog::Watchdog;
use burrow_fuzz::{check, hostdir::HostDir};
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::net::{Domain, MsgFlags, Shutdown, SockAddr, SockOpt, SockType, UnixAddr};
use burrow_kernel::poll::Readiness;
use burrow_kernel::process::WaitFor;
use burrow_kernel::syscall::{ChildOptions, PollFd, SpawnRequest};
use burrow_kernel::vfs::RenameFlags;
use burrow_kernel::{ExitStatus, Signal, Task, AT_FDCWD};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Addr {
    V4(u8, u16),
    V6(bool, u16),
    UnixPath(PathArg),
    Abstract(u8),
}

impl Addr {
    fn get(&self) -> SockAddr {
        match self {
            Addr::V4(host, port) => SockAddr::Inet(SocketAddr::new(
                match host % 3 {
                    0 => Ipv4Addr::LOCALHOST,
                    1 => Ipv4Addr::UNSPECIFIED,
                    _ => Ipv4Addr::new(10, 0, 2, 2),
                }
                .into(),
                port % 4 + 8000,
            )),
            Addr::V6(lo, port) => SockAddr::Inet(SocketAddr::new(
                if *lo { Ipv6Addr::LOCALHOST } else { Ipv6Addr::UNSPECIFIED }.into(),
                port % 4 + 8000,
            )),
            Addr::UnixPath(p) => SockAddr::Unix(UnixAddr::Path(p.0.clone())),
            Addr::Abstract(n) => SockAddr::Unix(UnixAddr::Abstract(vec![b'a' + n % 3])),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    Open(PathArg, u8, u16),
    Close(u8),
    Read(u8, u16),
    Write(u8, u16, u8),
    Pread(u8, u16, u64),
    Pwrite(u8, u16, u64),
    Seek(u8, i32, u8),
    Dup(u8),
    Dup2(u8, u8),
    Dup3(u8, u8),
    Cloexec(u8, bool),
    Pipe,
    Mkdir(PathArg, u16),
    Unlink(PathArg),
    Rmdir(PathArg),
    Rename(PathArg, PathArg, bool),
    Symlink(PathArg, PathArg),
    Link(PathArg, PathArg, bool),
    Readlink(PathArg),
    Truncate(PathArg, u64),
    Ftruncate(u8, u64),
    Stat(PathArg, bool),
    Fstat(u8),
    Chmod(PathArg, u16),
    Access(PathArg, u8),
    Chdir(PathArg),
    Fchdir(u8),
    Getcwd,
    Readdir(u8, u8),
    Umask(u16),
    Socket(u8, bool),
    Socketpair(bool),
    Bind(u8, Addr),
    Listen(u8, u8),
    Connect(u8, Addr),
    Accept(u8),
    Send(u8, u16, Option<Addr>),
    Recv(u8, u16, bool),
    Shutdown(u8, u8),
    SetOpt(u8, u8, i32),
    GetOpt(u8, u8),
    Poll(Vec<u8>),
    Child(bool, Vec<(u8, u8)>),
    Spawn(PathArg, Vec<u8>),
    Exit(u8),
    Wait(i8),
    Kill(i8, u8),
    Setpgid(u8, u8),
    /// Acts as another process from now on.
    Switch(u8),
}

const OPTS: [SockOpt; 8] = [
    SockOpt::ReuseAddr,
    SockOpt::KeepAlive,
    SockOpt::NoDelay,
    SockOpt::RcvBuf,
    SockOpt::SndBuf,
    SockOpt::Error,
    SockOpt::Type,
    SockOpt::AcceptConn,
];

/// An open flag set from one byte, non-blocking always.
fn open_flags(b: u8) -> OpenFlags {
    let mut f = match b & 3 {
        0 => OpenFlags::RDONLY,
        1 => OpenFlags::WRONLY,
        _ => OpenFlags::RDWR,
    };
    for (bit, flag) in [
        (4, OpenFlags::CREAT),
        (8, OpenFlags::EXCL),
        (16, OpenFlags::TRUNC),
        (32, OpenFlags::APPEND),
        (64, OpenFlags::DIRECTORY),
        (128, OpenFlags::NOFOLLOW),
    ] {
        if b & bit != 0 {
            f = f | flag;
        }
    }
    f | OpenFlags::NONBLOCK
}

fn fd(t: &Task, n: u8) -> u32 {
    // Mostly open descriptors, sometimes any number.
    let fds = t.fds();
    if n < 200 && !fds.is_empty() {
        fds[n as usize % fds.len()]
    } else {
        u32::from(n)
    }
}

/// An offset or size: mostly near the start (within the fs limit), sometimes anywhere.
fn offset(v: u64) -> u64 {
    if v % 8 == 0 {
        v >> 3
    } else {
        v % 300_000
    }
}

/// A call's own result is not checked here: the invariants after it are.
fn discard<T>(_result: T) {}

fn bytes(len: u16, seed: u8) -> Vec<u8> {
    (0..len as usize % 9000).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

fn run(vm: &Vm, tasks: &mut Vec<Task>, cur: &mut usize, op: &Op) {
    let host = HostDir::get();
    let t = tasks[*cur].clone();
    let nb = OpenFlags::NONBLOCK;
    let mut buf = Vec::new();
    match op {
        Op::Open(p, fl, mode) => discard(t.open(AT_FDCWD, &p.0, open_flags(*fl), u32::from(*mode) & 0o7777)),
        Op::Close(n) => discard(t.close(fd(&t, *n))),
        Op::Read(n, len) => {
            buf = vec![0; *len as usize % 9000];
            if let Ok(k) = t.read(fd(&t, *n), &mut buf) {
                buf.truncate(k);
            }
        }
        Op::Write(n, len, seed) => discard(t.write(fd(&t, *n), &bytes(*len, *seed))),
        Op::Pread(n, len, off) => {
            buf = vec![0; *len as usize % 9000];
            if let Ok(k) = t.pread(fd(&t, *n), &mut buf, offset(*off)) {
                buf.truncate(k);
            }
        }
        Op::Pwrite(n, len, off) => discard(t.pwrite(fd(&t, *n), &bytes(*len, 7), offset(*off))),
        Op::Seek(n, off, whence) => {
            let pos = match whence % 3 {
                0 => SeekFrom::Start(*off as u32 as u64),
                1 => SeekFrom::Current(i64::from(*off)),
                _ => SeekFrom::End(i64::from(*off)),
            };
            discard(t.lseek(fd(&t, *n), pos));
        }
        Op::Dup(n) => discard(t.dup(fd(&t, *n))),
        Op::Dup2(a, b) => discard(t.dup2(fd(&t, *a), u32::from(*b) % 40)),
        Op::Dup3(a, b) => discard(t.dup3(fd(&t, *a), u32::from(*b) % 40, true)),
        Op::Cloexec(n, on) => discard(t.set_cloexec(fd(&t, *n), *on)),
        Op::Pipe => discard(t.pipe(nb)),
        Op::Mkdir(p, mode) => discard(t.mkdir(AT_FDCWD, &p.0, u32::from(*mode) & 0o7777)),
        Op::Unlink(p) => discard(t.unlink(AT_FDCWD, &p.0)),
        Op::Rmdir(p) => discard(t.rmdir(AT_FDCWD, &p.0)),
        Op::Rename(a, b, noreplace) => {
            discard(t.rename(AT_FDCWD, &a.0, AT_FDCWD, &b.0, RenameFlags { noreplace: *noreplace }))
        }
        Op::Symlink(target, p) => discard(t.symlink(&target.0, AT_FDCWD, &p.0)),
        Op::Link(a, b, follow) => discard(t.link(AT_FDCWD, &a.0, AT_FDCWD, &b.0, *follow)),
        Op::Readlink(p) => buf = t.readlink(AT_FDCWD, &p.0).unwrap_or_default(),
        Op::Truncate(p, len) => discard(t.truncate(AT_FDCWD, &p.0, offset(*len))),
        Op::Ftruncate(n, len) => discard(t.ftruncate(fd(&t, *n), offset(*len))),
        Op::Stat(p, follow) => discard(t.stat(AT_FDCWD, &p.0, *follow)),
        Op::Fstat(n) => discard(t.fstat(fd(&t, *n))),
        Op::Chmod(p, mode) => discard(t.chmod(AT_FDCWD, &p.0, u32::from(*mode) & 0o7777)),
        Op::Access(p, want) => discard(t.access(AT_FDCWD, &p.0, u32::from(*want) & 7)),
        Op::Chdir(p) => discard(t.chdir(&p.0)),
        Op::Fchdir(n) => discard(t.fchdir(fd(&t, *n))),
        Op::Getcwd => buf = t.getcwd().unwrap_or_default(),
        Op::Readdir(n, cookie) => {
            let _ = t.readdir(fd(&t, *n), u64::from(*cookie), &mut |e| {
                buf.extend_from_slice(e.name);
                buf.len() < 4096
            });
        }
        Op::Umask(m) => discard(t.umask(u32::from(*m) & 0o777)),
        Op::Socket(kind, dgram) => {
            let domain = [Domain::Inet, Domain::Inet6, Domain::Unix][*kind as usize % 3];
            let ty = if *dgram { SockType::Datagram } else { SockType::Stream };
            discard(t.socket(domain, ty, nb));
        }
        Op::Socketpair(dgram) => {
            discard(t.socketpair(Domain::Unix, if *dgram { SockType::Datagram } else { SockType::Stream }, nb))
        }
        Op::Bind(n, a) => discard(t.bind(fd(&t, *n), &a.get())),
        Op::Listen(n, backlog) => discard(t.listen(fd(&t, *n), i32::from(*backlog) - 2)),
        Op::Connect(n, a) => discard(t.connect(fd(&t, *n), &a.get())),
        Op::Accept(n) => discard(t.accept(fd(&t, *n), nb)),
        Op::Send(n, len, to) => {
            let data = bytes(*len, 3);
            let _ = match to {
                Some(a) => t.sendto(fd(&t, *n), &data, MsgFlags(0), Some(&a.get())),
                None => t.send(fd(&t, *n), &data, MsgFlags(0)),
            };
        }
        Op::Recv(n, len, peek) => {
            buf = vec![0; *len as usize % 9000];
            let flags = if *peek { MsgFlags::PEEK } else { MsgFlags(0) };
            if let Ok(meta) = t.recvfrom(fd(&t, *n), &mut buf, flags) {
                let _ = meta;
            }
        }
        Op::Shutdown(n, how) => {
            discard(t.shutdown(fd(&t, *n), [Shutdown::Read, Shutdown::Write, Shutdown::Both][*how as usize % 3]))
        }
        Op::SetOpt(n, opt, v) => discard(t.setsockopt(fd(&t, *n), OPTS[*opt as usize % OPTS.len()], *v)),
        Op::GetOpt(n, opt) => discard(t.getsockopt(fd(&t, *n), OPTS[*opt as usize % OPTS.len()])),
        Op::Poll(ns) => {
            let mut fds: Vec<PollFd> = ns.iter().take(8).map(|&n| PollFd::new(fd(&t, n), Readiness::ALL)).collect();
            discard(t.poll(&mut fds, Some(Duration::ZERO)));
        }
        Op::Child(new_group, fds) => {
            let options = ChildOptions {
                pgid: new_group.then_some(0),
                fds: fds.iter().take(4).map(|&(c, p)| (u32::from(c) % 30, fd(&t, p))).collect(),
                ..ChildOptions::default()
            };
            if let Ok(child) = t.new_child(options) {
                tasks.push(child);
            }
        }
        Op::Spawn(p, argv) => {
            let request = SpawnRequest {
                path: p.0.clone(),
                options: ChildOptions {
                    argv: argv.chunks(3).take(8).map(<[u8]>::to_vec).collect(),
                    ..ChildOptions::default()
                },
            };
            let _ = t.spawn(request);
            tasks.extend(vm.take_spawned());
        }
        Op::Exit(code) => {
            if t.pid() != 1 {
                t.exit(ExitStatus::code(i32::from(*code)));
                tasks.remove(*cur);
                *cur = 0;
            }
        }
        Op::Wait(which) => {
            let w = match which {
                -1 => WaitFor::Any,
                0 => WaitFor::Group(0),
                w if *w < 0 => WaitFor::Group(w.unsigned_abs() as u32),
                w => WaitFor::Pid(*w as u32),
            };
            discard(t.wait(w, true));
        }
        Op::Kill(pid, sig) => {
            discard(t.kill(i64::from(*pid), if *sig == 0 { None } else { Signal::new(u32::from(*sig) % 66).ok() }))
        }
        Op::Setpgid(pid, pgid) => discard(t.setpgid(u32::from(*pid) % 12, u32::from(*pgid) % 12)),
        Op::Switch(n) => *cur = *n as usize % tasks.len(),
    }
    assert!(!host.leaks(&buf), "MOUNT ESCAPE: a call returned the host's secret");
    check::within_limits(vm);
}

fuzz_target!(|ops: Vec<Op>| {
    let vm = Vm::new();
    let mut tasks = vec![vm.init()];
    let mut cur = 0;
    {
        let _dog = Watchdog::arm(vm.init(), Duration::from_secs(2));
        for op in ops.iter().take(64) {
            run(&vm, &mut tasks, &mut cur, op);
            // A process killed by a signal ends as its driver would end it.
            tasks.retain(|t| match t.killed() {
                Some(sig) if t.pid() != 1 => {
                    t.exit(ExitStatus::Signaled(sig));
                    false
                }
                _ => true,
            });
            if cur >= tasks.len() {
                cur = 0;
            }
        }
    }
    check::sizes_match_contents(&vm.init());
    check::teardown(&vm, &tasks);
});
