//! Host access to a VM's sockets: `Kernel::connect_from_host` against listeners made through the
//! syscall layer (backlog, refusal, both directions, half-close, reset, timeouts, readiness),
//! and `Kernel::wait_for_listener` woken by `listen`.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::net::{Domain, Shutdown, SockAddr, SockType};
use burrow_kernel::poll::Readiness;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, Kernel, Task};

fn kernel() -> Kernel {
    Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default())
}

fn lo(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

/// A listening socket of `t` on `addr` with `backlog`.
fn listen(t: &Task, addr: SocketAddr, backlog: i32) -> u32 {
    let fd = t.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap();
    t.bind(fd, &SockAddr::Inet(addr)).unwrap();
    t.listen(fd, backlog).unwrap();
    fd
}

const LONG: Duration = Duration::from_secs(10);

#[test]
fn bytes_both_ways_and_half_close() {
    let k = kernel();
    let t = k.init();
    let l = listen(&t, lo(8080), 8);
    let host = k.connect_from_host(lo(8080)).unwrap();
    assert_eq!(host.peer_addr(), lo(8080));
    assert!(host.readiness().intersects(Readiness::WRITABLE));
    let (s, peer) = t.accept(l, OpenFlags::default()).unwrap();
    assert_eq!(peer, SockAddr::Inet(host.local_addr()), "the guest sees the host end's address");
    assert_eq!(host.local_addr().ip(), Ipv4Addr::LOCALHOST);

    host.write_all(b"ping").unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(t.read(s, &mut buf).unwrap(), 4);
    assert_eq!(&buf[..4], b"ping");
    assert_eq!(t.write(s, b"pong").unwrap(), 4);
    assert_eq!(host.wait(Readiness::READABLE, Some(LONG)) & Readiness::READABLE, Readiness::READABLE);
    assert_eq!(host.read(&mut buf).unwrap(), 4);
    assert_eq!(&buf[..4], b"pong");

    // The host shuts down writing: the guest reads end of file, and can still answer.
    host.shutdown(Shutdown::Write).unwrap();
    assert_eq!(t.read(s, &mut buf).unwrap(), 0);
    assert_eq!(host.write(b"x").unwrap_err().errno(), Errno::EPIPE);
    t.write(s, b"after").unwrap();
    assert_eq!(host.read(&mut buf).unwrap(), 5);
    assert_eq!(&buf[..5], b"after");
    t.close(s).unwrap();
    assert_eq!(host.read(&mut buf).unwrap(), 0);
    assert!(host.readiness().intersects(Readiness::HANGUP));

    drop(host);
    t.close(l).unwrap();
    assert!(k.sockets().ports(true).is_empty());
    assert_eq!(k.sockets().buffered(), 0);
}

#[test]
fn a_blocked_read_wakes_on_data_from_another_thread() {
    let k = kernel();
    let t = k.init();
    let l = listen(&t, lo(7000), 8);
    let host = k.connect_from_host(lo(7000)).unwrap();
    let (s, _) = t.accept(l, OpenFlags::default()).unwrap();
    thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut buf = vec![0u8; 64];
            let mut got = Vec::new();
            loop {
                let n = host.read(&mut buf).unwrap();
                if n == 0 {
                    return got;
                }
                got.extend_from_slice(&buf[..n]);
            }
        });
        thread::sleep(Duration::from_millis(20));
        t.write(s, b"late").unwrap();
        t.close(s).unwrap();
        assert_eq!(reader.join().unwrap(), b"late");
    });
}

#[test]
fn nothing_listening_is_refused_and_outside_addresses_are_not_reachable() {
    let k = kernel();
    assert_eq!(k.connect_from_host(lo(1234)).unwrap_err().errno(), Errno::ECONNREFUSED);
    let outside = SocketAddr::from(([10, 0, 0, 1], 80));
    assert_eq!(k.connect_from_host(outside).unwrap_err().errno(), Errno::EADDRNOTAVAIL);
    // A bound socket that does not listen refuses too.
    let t = k.init();
    let fd = t.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap();
    t.bind(fd, &SockAddr::Inet(lo(1234))).unwrap();
    assert_eq!(k.connect_from_host(lo(1234)).unwrap_err().errno(), Errno::ECONNREFUSED);
    assert_eq!(k.sockets().ports(true), vec![1234], "a refused connect holds no port");
}

#[test]
fn a_wildcard_listener_is_reached_through_loopback_and_the_unspecified_address() {
    let k = kernel();
    let t = k.init();
    let l = listen(&t, SocketAddr::from((Ipv4Addr::UNSPECIFIED, 3000)), 8);
    let a = k.connect_from_host(lo(3000)).unwrap();
    let b = k.connect_from_host(SocketAddr::from((Ipv4Addr::UNSPECIFIED, 3000))).unwrap();
    assert_eq!(b.peer_addr(), lo(3000));
    for host in [a, b] {
        let (s, _) = t.accept(l, OpenFlags::default()).unwrap();
        host.write_all(b"hi").unwrap();
        let mut buf = [0u8; 2];
        assert_eq!(t.read(s, &mut buf).unwrap(), 2);
    }
}

#[test]
fn a_full_backlog_makes_the_host_wait_for_accept() {
    let k = kernel();
    let t = k.init();
    let l = listen(&t, lo(5000), 1);
    let first = k.connect_from_host(lo(5000)).unwrap();
    // Connected before the guest accepts, as with a Linux backlog.
    first.write_all(b"early").unwrap();
    let (tx, rx) = mpsc::channel();
    let k2 = k.clone();
    let second = thread::spawn(move || {
        let s = k2.connect_from_host(lo(5000));
        tx.send(()).unwrap();
        s
    });
    assert!(rx.recv_timeout(Duration::from_millis(100)).is_err(), "the second connect waits for room");
    let (s1, _) = t.accept(l, OpenFlags::default()).unwrap();
    rx.recv_timeout(LONG).expect("accept made room");
    let second = second.join().unwrap().unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(t.read(s1, &mut buf).unwrap(), 5);
    let (s2, peer) = t.accept(l, OpenFlags::default()).unwrap();
    assert_eq!(peer, SockAddr::Inet(second.local_addr()));
    assert_ne!(first.local_addr(), second.local_addr());
    t.close(s2).unwrap();
}

#[test]
fn closing_the_listener_resets_a_queued_host_connection() {
    let k = kernel();
    let t = k.init();
    let l = listen(&t, lo(6000), 4);
    let host = k.connect_from_host(lo(6000)).unwrap();
    t.close(l).unwrap();
    let mut buf = [0u8; 4];
    assert_eq!(host.read(&mut buf).unwrap_err().errno(), Errno::ECONNRESET);
    assert_eq!(host.read(&mut buf).unwrap(), 0);
    assert_eq!(k.connect_from_host(lo(6000)).unwrap_err().errno(), Errno::ECONNREFUSED);
}

#[test]
fn timeouts_and_readiness() {
    let k = kernel();
    let t = k.init();
    let l = listen(&t, lo(4000), 4);
    let host = k.connect_from_host(lo(4000)).unwrap();
    let (s, _) = t.accept(l, OpenFlags::default()).unwrap();
    host.set_read_timeout(Some(Duration::from_millis(30)));
    assert_eq!(host.read_timeout(), Some(Duration::from_millis(30)));
    let start = Instant::now();
    let mut buf = [0u8; 4];
    assert_eq!(host.read(&mut buf).unwrap_err().errno(), Errno::ETIMEDOUT);
    assert!(start.elapsed() >= Duration::from_millis(30));
    assert!(!host.readiness().intersects(Readiness::READABLE));
    assert_eq!(host.wait(Readiness::READABLE, Some(Duration::from_millis(10))), Readiness::NONE);

    // Writes wait for room: fill the buffer the guest does not read, then time out.
    host.set_write_timeout(Some(Duration::from_millis(30)));
    let chunk = vec![7u8; 64 * 1024];
    let mut sent = 0;
    let err = loop {
        match host.write(&chunk) {
            Ok(n) => sent += n,
            Err(e) => break e,
        }
    };
    assert_eq!(err.errno(), Errno::ETIMEDOUT);
    assert!(sent >= 64 * 1024, "the buffer held {sent} bytes");
    assert!(!host.readiness().intersects(Readiness::WRITABLE));
    // The guest drains: the host becomes writable again (woken, not polled).
    let clone = host.clone();
    let waiter = thread::spawn(move || clone.wait(Readiness::WRITABLE, Some(LONG)));
    let mut drain = vec![0u8; 256 * 1024];
    let mut drained = 0;
    while drained < sent {
        drained += t.read(s, &mut drain).unwrap();
    }
    assert!(waiter.join().unwrap().intersects(Readiness::WRITABLE));
}

#[test]
fn shutting_reading_down_wakes_a_blocked_read_on_a_clone() {
    let k = kernel();
    let t = k.init();
    let l = listen(&t, lo(4100), 4);
    let host = k.connect_from_host(lo(4100)).unwrap();
    let (_s, _) = t.accept(l, OpenFlags::default()).unwrap();
    let clone = host.clone();
    let reader = thread::spawn(move || {
        let mut buf = [0u8; 4];
        clone.read(&mut buf)
    });
    thread::sleep(Duration::from_millis(20));
    host.shutdown(Shutdown::Read).unwrap();
    assert_eq!(reader.join().unwrap().unwrap(), 0);
}

#[test]
fn a_blocked_read_does_not_hold_up_a_write_on_a_clone() {
    let k = kernel();
    let t = k.init();
    let l = listen(&t, lo(4200), 4);
    let host = k.connect_from_host(lo(4200)).unwrap();
    host.set_read_timeout(Some(LONG));
    host.set_write_timeout(Some(LONG));
    let (s, _) = t.accept(l, OpenFlags::default()).unwrap();
    let clone = host.clone();
    let reader = thread::spawn(move || {
        let mut buf = [0u8; 8];
        let n = clone.read(&mut buf).unwrap();
        buf[..n].to_vec()
    });
    thread::sleep(Duration::from_millis(20));
    // The reader is blocked; a write through the other handle goes through, and the guest's
    // answer wakes the reader.
    host.write_all(b"question").unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(t.read(s, &mut buf).unwrap(), 8);
    t.write(s, b"answer").unwrap();
    assert_eq!(reader.join().unwrap(), b"answer");
}

#[test]
fn wait_for_listener_is_woken_by_listen() {
    let k = kernel();
    let t = k.init();
    // Already listening: returns at once.
    let l = listen(&t, lo(9000), 4);
    k.wait_for_listener(lo(9000), Duration::ZERO).unwrap();
    t.close(l).unwrap();
    // Nothing listens: ETIMEDOUT after the timeout.
    let start = Instant::now();
    let e = k.wait_for_listener(lo(9000), Duration::from_millis(40)).unwrap_err();
    assert_eq!(e.errno(), Errno::ETIMEDOUT);
    assert!(start.elapsed() >= Duration::from_millis(40));
    // A bound socket is not a listener; the waiter wakes when it listens, long before the
    // timeout.
    let fd = t.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap();
    t.bind(fd, &SockAddr::Inet(SocketAddr::from((Ipv4Addr::UNSPECIFIED, 9000)))).unwrap();
    let k2 = k.clone();
    let waiter = thread::spawn(move || {
        let start = Instant::now();
        k2.wait_for_listener(lo(9000), Duration::from_secs(60)).map(|()| start.elapsed())
    });
    thread::sleep(Duration::from_millis(50));
    t.listen(fd, 4).unwrap();
    let waited = waiter.join().unwrap().unwrap();
    assert!(waited < Duration::from_secs(30), "woken after {waited:?}");
    k.connect_from_host(lo(9000)).unwrap();
}
