//! Model-based property test of a stream connection (loopback TCP through real kernel
//! sockets and descriptors).
//!
//! # The model ([`Model`])
//!
//! Two ends, 0 (the client) and 1 (the accepted socket), each with its descriptor open or
//! closed, and per direction a byte queue bounded by 2048 bytes (both ends set `SO_RCVBUF` and
//! `SO_SNDBUF` to the 1 KiB minimum; a direction holds the receiver's plus the sender's), an
//! end-of-file mark (the sender shut down writing or closed), and the receiver's `SHUT_RD`.
//! An end may be reset (its peer closed with unread bytes) with a pending `ECONNRESET`.
//!
//! * `send(n)`: `EBADF` on a closed descriptor; the pending error first (`ECONNRESET`, once);
//!   `EPIPE` (with `SIGPIPE`) when reset, shut for writing, or the peer closed; `EAGAIN` when
//!   the direction is full; otherwise as many bytes as fit.
//! * `recv(n)`: buffered bytes first; then the pending error; then 0 at end of file, after
//!   `SHUT_RD`, or when reset; else `EAGAIN`.
//! * `shutdown`: marks `SHUT_RD` and/or end of file towards the peer.
//! * `close`: drops the end's unread bytes and gives the peer end of file; if bytes were
//!   unread, the peer is reset.
//! * `SO_ERROR`: takes the pending error.
//! * `poll`: readable with bytes, end of file, `SHUT_RD`, reset or a pending error; writable
//!   when a send would not wait (failing counts) or a quarter of the direction is free;
//!   hang-up when reset, or at end of file with the own sending side finished too; error
//!   with a pending error.
//!
//! Random sequences run on both (non-blocking descriptors, one thread); every result, byte
//! (position-tagged), readiness set and `SIGPIPE` is compared, and at the end, once both ends
//! are closed, the VM's socket-buffer accounting must be back to zero.

use std::collections::VecDeque;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::net::{Domain, MsgFlags, Shutdown, SockAddr, SockOpt, SockType};
use burrow_kernel::poll::Readiness;
use burrow_kernel::process::Disposition;
use burrow_kernel::syscall::PollFd;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, Kernel, Signal, Task};
use proptest::prelude::*;

const CAP: usize = 2048;

#[derive(Clone, Debug)]
enum Op {
    Send(usize, usize),
    Recv(usize, usize),
    Shutdown(usize, Shutdown),
    Close(usize),
    SoError(usize),
    Poll(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Out {
    Ok(usize),
    Err(Errno),
    Ready(Readiness),
}

#[derive(Default)]
struct Half {
    buf: VecDeque<u8>,
    eof: bool,
    rd_shut: bool,
}

struct Model {
    rx: [Half; 2],
    open: [bool; 2],
    reset: [bool; 2],
    error: [Option<Errno>; 2],
    /// Next byte value each end sends (position-tagged stream).
    next: [usize; 2],
}

fn byte(end: usize, pos: usize) -> u8 {
    (pos as u8).wrapping_mul(31).wrapping_add(end as u8 * 101)
}

impl Model {
    fn new() -> Model {
        Model { rx: Default::default(), open: [true; 2], reset: [false; 2], error: [None; 2], next: [0; 2] }
    }

    fn send_fails(&self, e: usize) -> bool {
        self.error[e].is_some() || self.reset[e] || self.rx[1 - e].eof || !self.open[1 - e]
    }

    fn readiness(&self, e: usize) -> Readiness {
        let rx = &self.rx[e];
        let mut r = Readiness::NONE;
        if !rx.buf.is_empty() || rx.eof || rx.rd_shut || self.reset[e] || self.error[e].is_some() {
            r |= Readiness::READABLE;
        }
        if self.send_fails(e) || CAP - self.rx[1 - e].buf.len() >= CAP / 4 {
            r |= Readiness::WRITABLE;
        }
        if self.reset[e] || (rx.eof && (self.rx[1 - e].eof || !self.open[1 - e])) {
            r |= Readiness::HANGUP;
        }
        if self.error[e].is_some() {
            r |= Readiness::ERROR;
        }
        r
    }

    /// The result, and the bytes a successful recv returns.
    fn apply(&mut self, op: &Op) -> (Out, Vec<u8>) {
        let end = match op {
            Op::Send(e, _) | Op::Recv(e, _) | Op::Shutdown(e, _) | Op::Close(e) | Op::SoError(e) | Op::Poll(e) => *e,
        };
        if !self.open[end] {
            return (Out::Err(Errno::EBADF), Vec::new());
        }
        let e = end;
        match *op {
            Op::Send(_, n) => {
                if let Some(err) = self.error[e].take() {
                    return (Out::Err(err), Vec::new());
                }
                if self.send_fails(e) {
                    return (Out::Err(Errno::EPIPE), Vec::new());
                }
                let space = CAP - self.rx[1 - e].buf.len();
                if space == 0 {
                    return (Out::Err(Errno::EAGAIN), Vec::new());
                }
                let k = space.min(n);
                for _ in 0..k {
                    let b = byte(e, self.next[e]);
                    self.next[e] += 1;
                    self.rx[1 - e].buf.push_back(b);
                }
                (Out::Ok(k), Vec::new())
            }
            Op::Recv(_, n) => {
                let rx = &mut self.rx[e];
                if !rx.buf.is_empty() {
                    let k = n.min(rx.buf.len());
                    let got: Vec<u8> = rx.buf.drain(..k).collect();
                    return (Out::Ok(k), got);
                }
                if let Some(err) = self.error[e].take() {
                    return (Out::Err(err), Vec::new());
                }
                if rx.eof || rx.rd_shut || self.reset[e] {
                    return (Out::Ok(0), Vec::new());
                }
                (Out::Err(Errno::EAGAIN), Vec::new())
            }
            Op::Shutdown(_, how) => {
                if matches!(how, Shutdown::Read | Shutdown::Both) {
                    self.rx[e].rd_shut = true;
                }
                if matches!(how, Shutdown::Write | Shutdown::Both) {
                    self.rx[1 - e].eof = true;
                }
                (Out::Ok(0), Vec::new())
            }
            Op::Close(_) => {
                self.open[e] = false;
                let unread = !self.rx[e].buf.is_empty();
                self.rx[e].buf.clear();
                self.rx[1 - e].eof = true;
                if unread && self.open[1 - e] && !self.reset[1 - e] {
                    self.reset[1 - e] = true;
                    self.error[1 - e] = Some(Errno::ECONNRESET);
                }
                (Out::Ok(0), Vec::new())
            }
            Op::SoError(_) => (Out::Ok(self.error[e].take().map_or(0, |x| x.0 as usize)), Vec::new()),
            Op::Poll(_) => (Out::Ready(self.readiness(e)), Vec::new()),
        }
    }
}

struct Real {
    kernel: Kernel,
    task: Task,
    fds: [u32; 2],
    next: [usize; 2],
}

impl Real {
    fn new() -> Real {
        let kernel = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default());
        let task = kernel.init();
        task.set_signal_disposition(Signal::SIGPIPE, Disposition::Catch).unwrap();
        let l = task.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap();
        task.setsockopt(l, SockOpt::RcvBuf, 1024).unwrap();
        task.setsockopt(l, SockOpt::SndBuf, 1024).unwrap();
        task.bind(l, &SockAddr::Inet(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))).unwrap();
        task.listen(l, 1).unwrap();
        let at = task.getsockname(l).unwrap();
        let c = task.socket(Domain::Inet, SockType::Stream, OpenFlags::NONBLOCK).unwrap();
        task.setsockopt(c, SockOpt::RcvBuf, 1024).unwrap();
        task.setsockopt(c, SockOpt::SndBuf, 1024).unwrap();
        task.connect(c, &at).unwrap();
        let (s, _) = task.accept(l, OpenFlags::NONBLOCK).unwrap();
        task.close(l).unwrap();
        Real { kernel, task, fds: [c, s], next: [0; 2] }
    }

    fn apply(&mut self, op: &Op) -> (Out, Vec<u8>) {
        let t = &self.task;
        let res = |r: Result<usize, burrow_kernel::Error>| match r {
            Ok(n) => Out::Ok(n),
            Err(e) => Out::Err(e.errno()),
        };
        match *op {
            Op::Send(e, n) => {
                let data: Vec<u8> = (0..n).map(|i| byte(e, self.next[e] + i)).collect();
                let r = t.send(self.fds[e], &data, MsgFlags::default());
                if let Ok(k) = r {
                    self.next[e] += k;
                }
                (res(r), Vec::new())
            }
            Op::Recv(e, n) => {
                let mut buf = vec![0u8; n];
                let r = t.recv(self.fds[e], &mut buf, MsgFlags::default());
                buf.truncate(*r.as_ref().unwrap_or(&0));
                (res(r), buf)
            }
            Op::Shutdown(e, how) => (res(t.shutdown(self.fds[e], how).map(|_| 0)), Vec::new()),
            Op::Close(e) => (res(t.close(self.fds[e]).map(|_| 0)), Vec::new()),
            Op::SoError(e) => (res(t.getsockopt(self.fds[e], SockOpt::Error).map(|v| v as usize)), Vec::new()),
            Op::Poll(e) => {
                let mut p = [PollFd::new(self.fds[e], Readiness::ALL)];
                t.poll(&mut p, Some(std::time::Duration::ZERO)).unwrap();
                match p[0].revents {
                    Some(r) => (Out::Ready(r), Vec::new()),
                    None => (Out::Err(Errno::EBADF), Vec::new()),
                }
            }
        }
    }
}

fn op() -> impl Strategy<Value = Op> {
    let end = 0..2usize;
    let size = prop_oneof![1..64usize, 64..1500usize, Just(512usize), Just(CAP), Just(CAP + 1), 2000..5000usize];
    let how = prop_oneof![Just(Shutdown::Read), Just(Shutdown::Write), Just(Shutdown::Both)];
    prop_oneof![
        6 => (end.clone(), size.clone()).prop_map(|(e, n)| Op::Send(e, n)),
        6 => (end.clone(), size).prop_map(|(e, n)| Op::Recv(e, n)),
        1 => (end.clone(), how).prop_map(|(e, h)| Op::Shutdown(e, h)),
        1 => end.clone().prop_map(Op::Close),
        1 => end.clone().prop_map(Op::SoError),
        3 => end.prop_map(Op::Poll),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn stream_connection_matches_the_model(ops in prop::collection::vec(op(), 1..80)) {
        let mut model = Model::new();
        let mut real = Real::new();
        let sigpipe = 1u64 << (Signal::SIGPIPE.number() - 1);
        for (i, op) in ops.iter().enumerate() {
            let want = model.apply(op);
            let got = real.apply(op);
            prop_assert_eq!(&got, &want, "step {} {:?}", i, op);
            let want_sig = if want.0 == Out::Err(Errno::EPIPE) && matches!(op, Op::Send(..)) { sigpipe } else { 0 };
            prop_assert_eq!(real.task.take_signals(), want_sig, "SIGPIPE at step {} {:?}", i, op);
        }
        for e in 0..2 {
            if model.open[e] {
                real.task.close(real.fds[e]).unwrap();
            }
        }
        prop_assert_eq!(real.kernel.sockets().buffered(), 0);
        prop_assert!(real.kernel.sockets().ports(true).is_empty());
    }
}
