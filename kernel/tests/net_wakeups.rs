//! No lost wakeups on sockets: two threads interleave thousands of sends with polls and
//! blocking receives; each test runs under a watchdog, so a wake that never arrives fails it
//! in bounded time instead of hanging (no sleep is used for synchronization).

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::mpsc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::net::{Domain, MsgFlags, SockAddr, SockOpt, SockType};
use burrow_kernel::poll::Readiness;
use burrow_kernel::syscall::PollFd;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, Kernel, Task};

const WATCHDOG: Duration = Duration::from_secs(60);

fn with_watchdog(name: &str, f: impl FnOnce() + Send + 'static) {
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        f();
        tx.send(()).unwrap();
    });
    match rx.recv_timeout(WATCHDOG) {
        Ok(()) => h.join().unwrap(),
        Err(mpsc::RecvTimeoutError::Disconnected) => h.join().unwrap(),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: a wakeup was lost (no progress in {WATCHDOG:?})"),
    }
}

fn kernel() -> Kernel {
    Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default())
}

/// A connected TCP pair with 1 KiB buffers, so the buffer fills and drains constantly.
fn pair(t: &Task) -> (u32, u32) {
    let l = t.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap();
    t.setsockopt(l, SockOpt::RcvBuf, 1024).unwrap();
    t.setsockopt(l, SockOpt::SndBuf, 1024).unwrap();
    t.bind(l, &SockAddr::Inet(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))).unwrap();
    t.listen(l, 1).unwrap();
    let c = t.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap();
    t.setsockopt(c, SockOpt::RcvBuf, 1024).unwrap();
    t.setsockopt(c, SockOpt::SndBuf, 1024).unwrap();
    t.connect(c, &t.getsockname(l).unwrap()).unwrap();
    let (s, _) = t.accept(l, OpenFlags::default()).unwrap();
    t.close(l).unwrap();
    (c, s)
}

fn wait(t: &Task, fd: u32, events: Readiness) -> Readiness {
    let mut p = [PollFd::new(fd, events)];
    assert_eq!(t.poll(&mut p, None).unwrap(), 1);
    p[0].revents.unwrap()
}

fn pattern(i: usize) -> u8 {
    (i as u8).wrapping_mul(7).wrapping_add((i >> 8) as u8)
}

/// A non-blocking sender that polls for room whenever the buffer is full, and a receiver
/// that alternates polled non-blocking receives with blocking ones. Every 64 rounds the
/// receiver stops reading until the sender is waiting for room, so the writable edge is
/// exercised however the two threads are scheduled.
#[test]
fn polled_sends_and_mixed_receives_deliver_every_byte() {
    with_watchdog("stream", || {
        let t = kernel().init();
        let (c, s) = pair(&t);
        t.set_status_flags(c, OpenFlags::NONBLOCK).unwrap();
        const MESSAGES: usize = 20_000;
        let total: usize = (0..MESSAGES).map(|i| 1 + i % 97).sum();
        let sender = t.clone();
        let sender_waiting = Arc::new(AtomicBool::new(false));
        let sender_done = Arc::new(AtomicBool::new(false));
        let (waiting_tx, done_tx) = (sender_waiting.clone(), sender_done.clone());
        let h = thread::spawn(move || {
            let mut pos = 0;
            let mut full = 0;
            for i in 0..MESSAGES {
                let msg: Vec<u8> = (pos..pos + 1 + i % 97).map(pattern).collect();
                let mut off = 0;
                while off < msg.len() {
                    match sender.send(c, &msg[off..], MsgFlags::default()) {
                        Ok(n) => off += n,
                        Err(e) if e == Errno::EAGAIN => {
                            full += 1;
                            waiting_tx.store(true, Ordering::Release);
                            assert!(wait(&sender, c, Readiness::WRITABLE).intersects(Readiness::WRITABLE));
                            waiting_tx.store(false, Ordering::Release);
                        }
                        Err(e) => panic!("send: {e}"),
                    }
                }
                pos += msg.len();
            }
            done_tx.store(true, Ordering::Release);
            sender.shutdown(c, burrow_kernel::net::Shutdown::Write).unwrap();
            full
        });
        let mut got = 0usize;
        let mut buf = [0u8; 700];
        let mut round = 0usize;
        let mut pauses = 0usize;
        loop {
            round += 1;
            if round.is_multiple_of(64) {
                while !sender_waiting.load(Ordering::Acquire) && !sender_done.load(Ordering::Acquire) {
                    thread::yield_now();
                }
                pauses += 1;
            }
            let flags = if round.is_multiple_of(2) {
                assert!(wait(&t, s, Readiness::READABLE).intersects(Readiness::READABLE));
                MsgFlags::DONTWAIT
            } else {
                MsgFlags::default()
            };
            let want = 1 + round % buf.len();
            let n = t.recv(s, &mut buf[..want], flags).unwrap();
            if n == 0 {
                break;
            }
            for (k, b) in buf[..n].iter().enumerate() {
                assert_eq!(*b, pattern(got + k), "byte {}", got + k);
            }
            got += n;
        }
        let full = h.join().unwrap();
        assert_eq!(got, total);
        assert!(pauses > 10, "the receiver paused {pauses} times");
        assert!(full > 0, "the buffer filled {full} times: the writable edge was exercised");
    });
}

/// One-byte ping-pong: every round trip needs two wakes of a blocked receiver.
#[test]
fn ping_pong_round_trips_all_complete() {
    with_watchdog("ping-pong", || {
        let t = kernel().init();
        let (c, s) = pair(&t);
        const ROUNDS: usize = 5_000;
        let server = t.clone();
        let h = thread::spawn(move || {
            let mut b = [0u8; 1];
            for _ in 0..ROUNDS {
                assert_eq!(server.recv(s, &mut b, MsgFlags::default()).unwrap(), 1);
                b[0] = b[0].wrapping_add(1);
                server.send(s, &b, MsgFlags::default()).unwrap();
            }
        });
        let mut b = [0u8; 1];
        for i in 0..ROUNDS {
            b[0] = i as u8;
            t.send(c, &b, MsgFlags::default()).unwrap();
            if i % 2 == 0 {
                wait(&t, c, Readiness::READABLE);
            }
            assert_eq!(t.recv(c, &mut b, MsgFlags::default()).unwrap(), 1);
            assert_eq!(b[0], (i as u8).wrapping_add(1));
        }
        h.join().unwrap();
    });
}

/// Unix datagrams: a blocking sender against a small queue and a polling receiver.
#[test]
fn datagram_senders_blocked_on_a_full_queue_are_woken() {
    with_watchdog("datagram", || {
        let t = kernel().init();
        let (a, b) = t.socketpair(Domain::Unix, SockType::Datagram, OpenFlags::default()).unwrap();
        t.setsockopt(b, SockOpt::RcvBuf, 1024).unwrap();
        const COUNT: usize = 10_000;
        let sender = t.clone();
        let h = thread::spawn(move || {
            for i in 0..COUNT {
                let len = 1 + i % 300;
                let msg = vec![i as u8; len];
                assert_eq!(sender.send(a, &msg, MsgFlags::default()).unwrap(), len);
            }
        });
        let mut buf = [0u8; 512];
        for i in 0..COUNT {
            if i % 3 == 0 {
                wait(&t, b, Readiness::READABLE);
            }
            let m = t.recvfrom(b, &mut buf, MsgFlags::default()).unwrap();
            assert_eq!(m.len, 1 + i % 300, "datagram {i}");
            assert!(buf[..m.len].iter().all(|&x| x == i as u8));
        }
        h.join().unwrap();
    });
}

/// Many connects against a backlog of one, accepted by a polling thread.
#[test]
fn connectors_waiting_on_a_full_backlog_are_all_accepted() {
    with_watchdog("backlog", || {
        let t = kernel().init();
        let l = t.socket(Domain::Inet, SockType::Stream, OpenFlags::NONBLOCK).unwrap();
        t.listen(l, 1).unwrap();
        let at = t.getsockname(l).unwrap();
        let at = SockAddr::Inet(SocketAddr::from((Ipv4Addr::LOCALHOST, at.inet().unwrap().port())));
        const CONNECTS: usize = 2_000;
        let client = t.clone();
        let h = thread::spawn(move || {
            for _ in 0..CONNECTS {
                let c = client.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap();
                client.connect(c, &at).unwrap();
                client.close(c).unwrap();
            }
        });
        let mut accepted = 0;
        while accepted < CONNECTS {
            match t.accept(l, OpenFlags::default()) {
                Ok((fd, _)) => {
                    t.close(fd).unwrap();
                    accepted += 1;
                }
                Err(e) if e == Errno::EAGAIN => {
                    wait(&t, l, Readiness::READABLE);
                }
                Err(e) => panic!("accept: {e}"),
            }
        }
        h.join().unwrap();
    });
}
