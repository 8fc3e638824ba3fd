//! Sockets: every errno and state of loopback TCP, UDP, unix sockets and socketpair, on real
//! kernel objects.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::net::policy::NetPolicy;
use burrow_kernel::net::{
    Denial, DenyReason, Domain, MsgFlags, Shutdown, SockAddr, SockOpt, SockType, Socket, UnixAddr,
};
use burrow_kernel::poll::Readiness;
use burrow_kernel::process::Disposition;
use burrow_kernel::syscall::PollFd;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::vfs::{FileType, RenameFlags};
use burrow_kernel::{Errno, Error, Kernel, Limit, Signal, Task, AT_FDCWD};

fn kernel() -> Kernel {
    Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default())
}

fn v4(port: u16) -> SockAddr {
    SockAddr::Inet(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
}

fn any4(port: u16) -> SockAddr {
    SockAddr::Inet(SocketAddr::from((Ipv4Addr::UNSPECIFIED, port)))
}

fn v6(port: u16) -> SockAddr {
    SockAddr::Inet(SocketAddr::from((Ipv6Addr::LOCALHOST, port)))
}

fn path(p: &str) -> SockAddr {
    SockAddr::Unix(UnixAddr::Path(p.as_bytes().to_vec()))
}

fn tcp(t: &Task) -> u32 {
    t.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap()
}

fn udp(t: &Task) -> u32 {
    t.socket(Domain::Inet, SockType::Datagram, OpenFlags::default()).unwrap()
}

fn port_of(a: SockAddr) -> u16 {
    a.inet().unwrap().port()
}

/// A listener on 127.0.0.1 (ephemeral port) and a connected client/server pair.
fn tcp_pair(t: &Task) -> (u32, u32, u32) {
    let l = tcp(t);
    t.bind(l, &v4(0)).unwrap();
    t.listen(l, 8).unwrap();
    let port = port_of(t.getsockname(l).unwrap());
    let c = tcp(t);
    t.connect(c, &v4(port)).unwrap();
    let (s, _) = t.accept(l, OpenFlags::default()).unwrap();
    (l, c, s)
}

fn err<T: std::fmt::Debug>(r: Result<T, Error>) -> Errno {
    r.unwrap_err().errno()
}

fn nonblock(t: &Task, fd: u32) {
    t.set_status_flags(fd, OpenFlags::NONBLOCK).unwrap();
}

fn readiness(t: &Task, fd: u32) -> Readiness {
    let mut p = [PollFd::new(fd, Readiness::READABLE | Readiness::WRITABLE)];
    t.poll(&mut p, Some(Duration::ZERO)).unwrap();
    p[0].revents.unwrap()
}

#[test]
fn tcp_echo_addresses_and_fstat() {
    let t = kernel().init();
    let (l, c, s) = tcp_pair(&t);
    let lport = port_of(t.getsockname(l).unwrap());
    assert!((32768..=60999).contains(&lport));
    assert_eq!(t.getsockname(s).unwrap(), v4(lport));
    assert_eq!(t.getpeername(c).unwrap(), v4(lport));
    assert_eq!(t.getpeername(s).unwrap(), t.getsockname(c).unwrap());
    assert_eq!(t.send(c, b"ping", MsgFlags::default()).unwrap(), 4);
    let mut buf = [0u8; 16];
    assert_eq!(t.recv(s, &mut buf, MsgFlags::default()).unwrap(), 4);
    assert_eq!(&buf[..4], b"ping");
    assert_eq!(t.write(s, b"pong").unwrap(), 4);
    assert_eq!(t.read(c, &mut buf).unwrap(), 4);
    assert_eq!(&buf[..4], b"pong");
    assert_eq!(t.fstat(c).unwrap().file_type(), FileType::Socket);
    assert_eq!(t.getsockopt(c, SockOpt::Type).unwrap(), 1);
    assert_eq!(t.getsockopt(l, SockOpt::AcceptConn).unwrap(), 1);
    assert_eq!(t.getsockopt(c, SockOpt::AcceptConn).unwrap(), 0);
}

#[test]
fn not_a_socket_and_bad_descriptors() {
    let t = kernel().init();
    let (r, _w) = t.pipe(OpenFlags::default()).unwrap();
    assert_eq!(err(t.listen(r, 1)), Errno::ENOTSOCK);
    assert_eq!(err(t.getsockname(99)), Errno::EBADF);
    assert_eq!(err(t.socketpair(Domain::Inet, SockType::Stream, OpenFlags::default())), Errno::EOPNOTSUPP);
}

#[test]
fn connect_refused_without_listener_and_to_bound_non_listening_socket() {
    let t = kernel().init();
    let c = tcp(&t);
    assert_eq!(err(t.connect(c, &v4(5555))), Errno::ECONNREFUSED);
    let b = tcp(&t);
    t.bind(b, &v4(5555)).unwrap();
    assert_eq!(err(t.connect(c, &v4(5555))), Errno::ECONNREFUSED);
    t.listen(b, 1).unwrap();
    t.connect(c, &v4(5555)).unwrap();
    assert_eq!(err(t.connect(c, &v4(5555))), Errno::EISCONN);
}

#[test]
fn wildcard_listener_is_reached_by_every_loopback_spelling() {
    let t = kernel().init();
    let l = t.socket(Domain::Inet6, SockType::Stream, OpenFlags::default()).unwrap();
    t.bind(l, &SockAddr::Inet(SocketAddr::from((Ipv6Addr::UNSPECIFIED, 8080)))).unwrap();
    t.listen(l, 8).unwrap();
    for dest in [v4(8080), any4(8080), SockAddr::Inet(SocketAddr::from(([127, 1, 2, 3], 8080)))] {
        let c = tcp(&t);
        t.connect(c, &dest).unwrap();
        let (s, peer) = t.accept(l, OpenFlags::default()).unwrap();
        // An IPv6 socket reports IPv4 peers as mapped addresses.
        let peer = peer.inet().unwrap();
        assert!(matches!(peer, SocketAddr::V6(p) if p.ip().to_ipv4_mapped().is_some()), "{peer}");
        assert_eq!(peer.port(), port_of(t.getsockname(c).unwrap()));
        t.close(s).unwrap();
        t.close(c).unwrap();
    }
    let c6 = t.socket(Domain::Inet6, SockType::Stream, OpenFlags::default()).unwrap();
    t.connect(c6, &v6(8080)).unwrap();
    let (_, peer) = t.accept(l, OpenFlags::default()).unwrap();
    assert_eq!(peer.inet().unwrap().ip(), Ipv6Addr::LOCALHOST);
}

#[test]
fn bind_errors() {
    let t = kernel().init();
    let a = tcp(&t);
    assert_eq!(err(t.bind(a, &SockAddr::Inet(SocketAddr::from(([10, 0, 0, 1], 80))))), Errno::EADDRNOTAVAIL);
    assert_eq!(err(t.bind(a, &v6(80))), Errno::EAFNOSUPPORT);
    assert_eq!(err(t.bind(a, &path("/x"))), Errno::EAFNOSUPPORT);
    t.bind(a, &v4(7000)).unwrap();
    assert_eq!(err(t.bind(a, &v4(7001))), Errno::EINVAL);
    // 127.0.0.1:N and 0.0.0.0:N conflict both ways, as do the IPv6 wildcard and IPv4 ones.
    let b = tcp(&t);
    assert_eq!(err(t.bind(b, &any4(7000))), Errno::EADDRINUSE);
    assert_eq!(err(t.bind(b, &v4(7000))), Errno::EADDRINUSE);
    let w = tcp(&t);
    t.bind(w, &any4(7100)).unwrap();
    assert_eq!(err(t.bind(b, &v4(7100))), Errno::EADDRINUSE);
    let six = t.socket(Domain::Inet6, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(t.bind(six, &SockAddr::Inet(SocketAddr::from((Ipv6Addr::UNSPECIFIED, 7100))))), Errno::EADDRINUSE);
    // Different loopback addresses, ::1 beside 127.0.0.1, and TCP beside UDP do not conflict.
    t.bind(b, &SockAddr::Inet(SocketAddr::from(([127, 0, 0, 2], 7000)))).unwrap();
    t.bind(six, &v6(7000)).unwrap();
    let u = udp(&t);
    t.bind(u, &v4(7000)).unwrap();
    // Closing frees the port.
    t.close(a).unwrap();
    let again = tcp(&t);
    t.bind(again, &v4(7000)).unwrap();
}

#[test]
fn reuseaddr_lets_a_new_listener_take_a_port_held_by_old_connections() {
    let t = kernel().init();
    let l = tcp(&t);
    t.setsockopt(l, SockOpt::ReuseAddr, 1).unwrap();
    t.bind(l, &v4(9000)).unwrap();
    t.listen(l, 4).unwrap();
    let c = tcp(&t);
    t.connect(c, &v4(9000)).unwrap();
    let (s, _) = t.accept(l, OpenFlags::default()).unwrap();
    t.close(l).unwrap();
    // The accepted connection still holds 127.0.0.1:9000.
    let plain = tcp(&t);
    assert_eq!(err(t.bind(plain, &v4(9000))), Errno::EADDRINUSE);
    let reuse = tcp(&t);
    t.setsockopt(reuse, SockOpt::ReuseAddr, 1).unwrap();
    assert_eq!(t.getsockopt(reuse, SockOpt::ReuseAddr).unwrap(), 1);
    t.bind(reuse, &v4(9000)).unwrap();
    t.listen(reuse, 4).unwrap();
    // Two bound sockets with SO_REUSEADDR: a listener excludes the other, even with the flag.
    let third = tcp(&t);
    t.setsockopt(third, SockOpt::ReuseAddr, 1).unwrap();
    assert_eq!(err(t.bind(third, &v4(9000))), Errno::EADDRINUSE);
    // Once the old connection is gone, the port is free for anyone after the listener closes.
    t.close(s).unwrap();
    t.close(c).unwrap();
    t.close(reuse).unwrap();
    t.bind(plain, &v4(9000)).unwrap();
}

#[test]
fn listen_autobinds_and_rejects_misuse() {
    let t = kernel().init();
    let l = tcp(&t);
    t.listen(l, 0).unwrap();
    let port = port_of(t.getsockname(l).unwrap());
    assert!(port >= 32768);
    t.listen(l, 16).unwrap();
    let u = udp(&t);
    assert_eq!(err(t.listen(u, 1)), Errno::EOPNOTSUPP);
    let (_, c, _) = tcp_pair(&t);
    assert_eq!(err(t.listen(c, 1)), Errno::EINVAL);
    let idle = tcp(&t);
    assert_eq!(err(t.accept(idle, OpenFlags::default())), Errno::EINVAL);
    assert_eq!(err(t.connect(l, &v4(port))), Errno::EINVAL);
}

#[test]
fn unconnected_stream_calls_fail_with_enotconn() {
    let t = kernel().init();
    let s = tcp(&t);
    let mut buf = [0u8; 4];
    assert_eq!(err(t.recv(s, &mut buf, MsgFlags::default())), Errno::ENOTCONN);
    assert_eq!(err(t.send(s, b"x", MsgFlags::default())), Errno::ENOTCONN);
    assert_eq!(err(t.shutdown(s, Shutdown::Write)), Errno::ENOTCONN);
    assert_eq!(err(t.getpeername(s)), Errno::ENOTCONN);
    assert_eq!(t.getsockname(s).unwrap(), any4(0));
}

#[test]
fn accept_and_recv_block_or_eagain() {
    let t = kernel().init();
    let l = tcp(&t);
    t.listen(l, 4).unwrap();
    let port = port_of(t.getsockname(l).unwrap());
    nonblock(&t, l);
    assert_eq!(err(t.accept(l, OpenFlags::default())), Errno::EAGAIN);
    let c = tcp(&t);
    t.connect(c, &v4(port)).unwrap();
    let (s, _) = t.accept(l, OpenFlags::NONBLOCK).unwrap();
    assert!(t.status_flags(s).unwrap().contains(OpenFlags::NONBLOCK));
    let mut buf = [0u8; 4];
    assert_eq!(err(t.recv(s, &mut buf, MsgFlags::default())), Errno::EAGAIN);
    assert_eq!(err(t.recv(c, &mut buf, MsgFlags::DONTWAIT)), Errno::EAGAIN);
    // A blocking recv wakes when data arrives from another thread.
    let sender = t.clone();
    let h = thread::spawn(move || {
        thread::sleep(Duration::from_millis(20));
        sender.send(s, b"late", MsgFlags::default()).unwrap();
    });
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 4);
    h.join().unwrap();
}

#[test]
fn peek_leaves_bytes() {
    let t = kernel().init();
    let (_, c, s) = tcp_pair(&t);
    t.send(c, b"abc", MsgFlags::default()).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(t.recv(s, &mut buf, MsgFlags::PEEK).unwrap(), 3);
    assert_eq!(t.recv(s, &mut buf[..2], MsgFlags::default()).unwrap(), 2);
    assert_eq!(t.recv(s, &mut buf, MsgFlags::default()).unwrap(), 1);
    assert_eq!(buf[0], b'c');
}

#[test]
fn half_close_peer_reads_eof_and_still_sends_back() {
    let t = kernel().init();
    let (_, c, s) = tcp_pair(&t);
    t.send(c, b"request", MsgFlags::default()).unwrap();
    t.shutdown(c, Shutdown::Write).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(t.recv(s, &mut buf, MsgFlags::default()).unwrap(), 7);
    assert_eq!(t.recv(s, &mut buf, MsgFlags::default()).unwrap(), 0);
    assert!(readiness(&t, s).intersects(Readiness::READABLE));
    assert!(!readiness(&t, s).intersects(Readiness::HANGUP));
    t.send(s, b"reply", MsgFlags::default()).unwrap();
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 5);
    // The shut side cannot send any more.
    assert_eq!(err(t.send(c, b"x", MsgFlags::NOSIGNAL)), Errno::EPIPE);
    t.close(s).unwrap();
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 0);
    assert!(readiness(&t, c).intersects(Readiness::HANGUP));
}

#[test]
fn shut_rd_reads_what_is_buffered_then_eof() {
    let t = kernel().init();
    let (_, c, s) = tcp_pair(&t);
    t.send(c, b"ab", MsgFlags::default()).unwrap();
    t.shutdown(s, Shutdown::Read).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(t.recv(s, &mut buf, MsgFlags::default()).unwrap(), 2);
    assert_eq!(t.recv(s, &mut buf, MsgFlags::default()).unwrap(), 0);
    // Its own sending side is untouched.
    t.send(s, b"x", MsgFlags::default()).unwrap();
    t.shutdown(s, Shutdown::Both).unwrap();
    assert_eq!(err(t.send(s, b"x", MsgFlags::NOSIGNAL)), Errno::EPIPE);
    assert_eq!(Shutdown::from_raw(3).unwrap_err(), Errno::EINVAL);
}

#[test]
fn close_with_unread_data_resets_the_peer() {
    let t = kernel().init();
    let (_, c, s) = tcp_pair(&t);
    t.send(s, b"reply-in-flight", MsgFlags::default()).unwrap();
    t.send(c, b"never read", MsgFlags::default()).unwrap();
    t.close(s).unwrap();
    assert!(readiness(&t, c).intersects(Readiness::ERROR | Readiness::HANGUP));
    let mut buf = [0u8; 64];
    // What had arrived is still readable, then the reset, then end of file.
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 15);
    assert_eq!(err(t.recv(c, &mut buf, MsgFlags::default())), Errno::ECONNRESET);
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 0);
    assert_eq!(err(t.send(c, b"x", MsgFlags::NOSIGNAL)), Errno::EPIPE);

    let (_, c, s) = tcp_pair(&t);
    t.send(c, b"unread", MsgFlags::default()).unwrap();
    t.close(s).unwrap();
    // The reset is reported once, by whichever call comes first (here send), or SO_ERROR.
    assert_eq!(err(t.send(c, b"x", MsgFlags::NOSIGNAL)), Errno::ECONNRESET);
    assert_eq!(t.getsockopt(c, SockOpt::Error).unwrap(), 0);
    let (_, c, s) = tcp_pair(&t);
    t.send(c, b"unread", MsgFlags::default()).unwrap();
    t.close(s).unwrap();
    assert_eq!(t.getsockopt(c, SockOpt::Error).unwrap(), Errno::ECONNRESET.0);
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 0);
}

#[test]
fn clean_close_gives_eof_then_epipe_with_sigpipe() {
    let k = kernel();
    let t = k.init();
    t.set_signal_disposition(Signal::SIGPIPE, Disposition::Ignore).unwrap();
    let (_, c, s) = tcp_pair(&t);
    t.send(s, b"bye", MsgFlags::default()).unwrap();
    t.close(s).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 3);
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 0);
    assert_eq!(err(t.send(c, b"x", MsgFlags::default())), Errno::EPIPE);
    assert_eq!(err(t.write(c, b"x")), Errno::EPIPE);
}

#[test]
fn epipe_raises_sigpipe_unless_nosignal() {
    let k = kernel();
    let t = k.init();
    let child = t.new_child(Default::default()).unwrap();
    child.set_signal_disposition(Signal::SIGPIPE, Disposition::Catch).unwrap();
    let sigpipe = 1u64 << (Signal::SIGPIPE.number() - 1);
    let (_, c, s) = tcp_pair(&child);
    child.close(s).unwrap();
    assert_eq!(err(child.send(c, b"x", MsgFlags::NOSIGNAL)), Errno::EPIPE);
    assert_eq!(child.take_signals(), 0, "MSG_NOSIGNAL raises nothing");
    assert_eq!(err(child.send(c, b"x", MsgFlags::default())), Errno::EPIPE);
    assert_eq!(child.take_signals(), sigpipe);
    assert_eq!(err(child.write(c, b"x")), Errno::EPIPE);
    assert_eq!(child.take_signals(), sigpipe);
}

#[test]
fn backpressure_never_drops_stream_data() {
    let t = kernel().init();
    let (_, c, s) = tcp_pair(&t);
    t.setsockopt(s, SockOpt::RcvBuf, 0).unwrap();
    t.setsockopt(c, SockOpt::SndBuf, 0).unwrap();
    assert_eq!(t.getsockopt(s, SockOpt::RcvBuf).unwrap(), 1024);
    assert_eq!(t.getsockopt(c, SockOpt::SndBuf).unwrap(), 1024);
    nonblock(&t, c);
    let data: Vec<u8> = (0..5000u32).map(|i| i as u8).collect();
    // 2 KiB in flight at most: a partial send, then EAGAIN.
    assert_eq!(t.send(c, &data, MsgFlags::default()).unwrap(), 2048);
    assert_eq!(err(t.send(c, &data[2048..], MsgFlags::default())), Errno::EAGAIN);
    assert!(!readiness(&t, c).intersects(Readiness::WRITABLE));
    // A blocking sender in another thread completes as the reader drains.
    t.set_status_flags(c, OpenFlags::default()).unwrap();
    let sender = t.clone();
    let rest = data[2048..].to_vec();
    let h = thread::spawn(move || sender.send(c, &rest, MsgFlags::default()).unwrap());
    let mut got = Vec::new();
    let mut buf = [0u8; 300];
    while got.len() < data.len() {
        let n = t.recv(s, &mut buf, MsgFlags::default()).unwrap();
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(h.join().unwrap(), data.len() - 2048);
    assert_eq!(got, data);
    assert!(readiness(&t, c).intersects(Readiness::WRITABLE));
}

#[test]
fn blocked_send_and_recv_are_interrupted_by_signals() {
    let k = kernel();
    let t = k.init();
    let child = t.new_child(Default::default()).unwrap();
    let (_, c, s) = tcp_pair(&child);
    child.set_signal_disposition(Signal::SIGUSR1, Disposition::Catch).unwrap();
    let pid = i64::from(child.pid());
    let waiter = child.clone();
    let h = thread::spawn(move || {
        let mut buf = [0u8; 4];
        waiter.recv(s, &mut buf, MsgFlags::default())
    });
    thread::sleep(Duration::from_millis(30));
    t.kill(pid, Some(Signal::SIGUSR1)).unwrap();
    assert_eq!(h.join().unwrap().unwrap_err(), Errno::EINTR);
    child.take_signals();
    // A blocking send interrupted after a partial transfer returns what it sent.
    child.setsockopt(s, SockOpt::RcvBuf, 1024).unwrap();
    child.setsockopt(c, SockOpt::SndBuf, 1024).unwrap();
    let sender = child.clone();
    let h = thread::spawn(move || sender.send(c, &[7u8; 10_000], MsgFlags::default()));
    thread::sleep(Duration::from_millis(30));
    t.kill(pid, Some(Signal::SIGUSR1)).unwrap();
    assert_eq!(h.join().unwrap().unwrap(), 2048);
    child.take_signals();
    let sender = child.clone();
    let h = thread::spawn(move || sender.send(c, &[7u8; 10], MsgFlags::default()));
    thread::sleep(Duration::from_millis(30));
    t.kill(pid, Some(Signal::SIGUSR1)).unwrap();
    assert_eq!(h.join().unwrap().unwrap_err(), Errno::EINTR);
}

#[test]
fn full_backlog_makes_nonblocking_connect_eagain_and_blocking_connect_wait() {
    let t = kernel().init();
    let l = tcp(&t);
    t.listen(l, 1).unwrap();
    let port = port_of(t.getsockname(l).unwrap());
    let a = tcp(&t);
    t.connect(a, &v4(port)).unwrap();
    let b = t.socket(Domain::Inet, SockType::Stream, OpenFlags::NONBLOCK).unwrap();
    assert_eq!(err(t.connect(b, &v4(port))), Errno::EAGAIN);
    let connector = t.clone();
    let h = thread::spawn(move || {
        let c = tcp(&connector);
        connector.connect(c, &v4(port)).map(|_| c)
    });
    thread::sleep(Duration::from_millis(20));
    t.accept(l, OpenFlags::default()).unwrap();
    let c = h.join().unwrap().unwrap();
    let (s, peer) = t.accept(l, OpenFlags::default()).unwrap();
    assert_eq!(peer, t.getsockname(c).unwrap());
    let _ = s;
}

#[test]
fn closing_a_listener_resets_queued_connections_and_refuses_waiting_ones() {
    let t = kernel().init();
    let l = tcp(&t);
    t.listen(l, 1).unwrap();
    let port = port_of(t.getsockname(l).unwrap());
    let a = tcp(&t);
    t.connect(a, &v4(port)).unwrap();
    let connector = t.clone();
    let h = thread::spawn(move || {
        let c = tcp(&connector);
        connector.connect(c, &v4(port))
    });
    thread::sleep(Duration::from_millis(20));
    t.close(l).unwrap();
    assert_eq!(h.join().unwrap().unwrap_err(), Errno::ECONNREFUSED);
    let mut buf = [0u8; 4];
    assert_eq!(err(t.recv(a, &mut buf, MsgFlags::default())), Errno::ECONNRESET);
    assert_eq!(err(t.connect(tcp(&t), &v4(port))), Errno::ECONNREFUSED);
}

#[test]
fn poll_sees_accept_queue_data_and_hangup_edges() {
    let t = kernel().init();
    let l = tcp(&t);
    t.listen(l, 4).unwrap();
    let port = port_of(t.getsockname(l).unwrap());
    let idle = tcp(&t);
    assert_eq!(readiness(&t, idle), Readiness::WRITABLE | Readiness::HANGUP);
    assert_eq!(readiness(&t, l), Readiness::NONE);
    let connector = t.clone();
    let h = thread::spawn(move || {
        thread::sleep(Duration::from_millis(20));
        let c = tcp(&connector);
        connector.connect(c, &v4(port)).unwrap();
        c
    });
    let mut p = [PollFd::new(l, Readiness::READABLE)];
    assert_eq!(t.poll(&mut p, Some(Duration::from_secs(10))).unwrap(), 1);
    let c = h.join().unwrap();
    let (s, _) = t.accept(l, OpenFlags::default()).unwrap();
    assert_eq!(readiness(&t, s), Readiness::WRITABLE);
    t.send(c, b"x", MsgFlags::default()).unwrap();
    assert_eq!(readiness(&t, s), Readiness::READABLE | Readiness::WRITABLE);
    let closer = t.clone();
    let h = thread::spawn(move || {
        thread::sleep(Duration::from_millis(20));
        closer.close(c).unwrap();
    });
    let mut buf = [0u8; 1];
    t.recv(s, &mut buf, MsgFlags::default()).unwrap();
    let mut p = [PollFd::new(s, Readiness::NONE)];
    assert_eq!(t.poll(&mut p, Some(Duration::from_secs(10))).unwrap(), 1);
    assert!(p[0].revents.unwrap().intersects(Readiness::HANGUP));
    h.join().unwrap();
}

#[test]
fn buffer_usage_is_charged_and_limited() {
    let limits = Limits { socket_buffers: 4096, ..Limits::default() };
    let k = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), limits);
    let t = k.init();
    let (_, c, s) = tcp_pair(&t);
    t.send(c, &[1u8; 3000], MsgFlags::default()).unwrap();
    assert_eq!(k.sockets().buffered(), 3000);
    nonblock(&t, c);
    assert_eq!(
        t.send(c, &[1u8; 3000], MsgFlags::default()).unwrap_err(),
        Error::LimitExceeded { limit: Limit::SocketBuffers, max: 4096 }
    );
    assert_eq!(err(t.send(c, &[1u8; 3000], MsgFlags::default())), Errno::ENOBUFS);
    let mut buf = [0u8; 1000];
    t.recv(s, &mut buf, MsgFlags::default()).unwrap();
    assert_eq!(k.sockets().buffered(), 2000);
    let u = udp(&t);
    t.bind(u, &v4(0)).unwrap();
    let to = t.getsockname(u).unwrap();
    t.sendto(u, &[0u8; 100], MsgFlags::default(), Some(&to)).unwrap();
    assert_eq!(k.sockets().buffered(), 2100);
    t.close(u).unwrap();
    t.close(s).unwrap();
    t.close(c).unwrap();
    assert_eq!(k.sockets().buffered(), 0);
}

#[test]
fn nodelay_and_keepalive_are_stored_unknown_options_refused() {
    let t = kernel().init();
    let s = tcp(&t);
    t.setsockopt(s, SockOpt::NoDelay, 1).unwrap();
    assert_eq!(t.getsockopt(s, SockOpt::NoDelay).unwrap(), 1);
    t.setsockopt(s, SockOpt::KeepAlive, 1).unwrap();
    assert_eq!(t.getsockopt(s, SockOpt::KeepAlive).unwrap(), 1);
    assert_eq!(t.getsockopt(s, SockOpt::Error).unwrap(), 0);
    assert_eq!(err(t.setsockopt(s, SockOpt::Type, 1)), Errno::ENOPROTOOPT);
    assert_eq!(SockOpt::from_raw(1, 999).unwrap_err(), Errno::ENOPROTOOPT);
    assert_eq!(SockOpt::from_raw(6, 1).unwrap(), SockOpt::NoDelay);
    let u = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(t.setsockopt(u, SockOpt::NoDelay, 1)), Errno::EOPNOTSUPP);
}

#[test]
fn accepted_sockets_inherit_the_listeners_options() {
    let t = kernel().init();
    let l = tcp(&t);
    t.setsockopt(l, SockOpt::NoDelay, 1).unwrap();
    t.setsockopt(l, SockOpt::RcvBuf, 4096).unwrap();
    t.listen(l, 1).unwrap();
    let c = tcp(&t);
    t.connect(c, &t.getsockname(l).unwrap().inet().map(|a| v4(a.port())).unwrap()).unwrap();
    let (s, _) = t.accept(l, OpenFlags::default()).unwrap();
    assert_eq!(t.getsockopt(s, SockOpt::NoDelay).unwrap(), 1);
    assert_eq!(t.getsockopt(s, SockOpt::RcvBuf).unwrap(), 4096);
}

#[test]
fn egress_is_decided_by_the_policy_without_traffic() {
    let k = kernel();
    let t = k.init();
    let c = tcp(&t);
    let public = SockAddr::Inet(SocketAddr::from(([93, 184, 216, 34], 443)));
    assert_eq!(err(t.connect(c, &public)), Errno::EACCES);
    let file = t.socket_of(c).unwrap();
    let sock = file.as_any().downcast_ref::<Socket>().unwrap();
    assert_eq!(sock.last_denial(), Some(Denial { addr: public.inet().unwrap(), reason: DenyReason::NotAllowed }));
    let meta = SockAddr::Inet(SocketAddr::from(([169, 254, 169, 254], 80)));
    assert_eq!(err(t.connect(c, &meta)), Errno::EACCES);
    assert_eq!(sock.last_denial().unwrap().reason, DenyReason::Metadata);
    k.set_net_policy(NetPolicy::from_rules(["93.184.216.34:443", "*:80"]).unwrap());
    assert_eq!(err(t.connect(c, &public)), Errno::ENETUNREACH);
    assert_eq!(err(t.connect(c, &meta)), Errno::EACCES);
    let u = udp(&t);
    assert_eq!(err(t.sendto(u, b"x", MsgFlags::default(), Some(&public))), Errno::ENETUNREACH);
    let dns = SockAddr::Inet(SocketAddr::from(([10, 0, 0, 53], 53)));
    assert_eq!(err(t.sendto(u, b"x", MsgFlags::default(), Some(&dns))), Errno::EACCES);
    // Nothing was bound or connected by the refused attempts.
    assert!(k.sockets().ports(true).is_empty());
    let mapped = SockAddr::Inet(SocketAddr::from((Ipv4Addr::new(10, 0, 0, 1).to_ipv6_mapped(), 80)));
    let c6 = t.socket(Domain::Inet6, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(t.connect(c6, &mapped)), Errno::EACCES);
}

#[test]
fn udp_keeps_boundaries_truncates_and_reports_senders() {
    let t = kernel().init();
    let a = udp(&t);
    let b = udp(&t);
    t.bind(b, &any4(5353)).unwrap();
    assert_eq!(t.sendto(a, b"first", MsgFlags::default(), Some(&v4(5353))).unwrap(), 5);
    assert_eq!(t.sendto(a, b"second!", MsgFlags::default(), Some(&v4(5353))).unwrap(), 7);
    assert_eq!(t.sendto(a, b"", MsgFlags::default(), Some(&v4(5353))).unwrap(), 0);
    let a_addr = t.getsockname(a).unwrap();
    assert!(port_of(a_addr.clone()) >= 32768, "sendto autobinds");
    let mut buf = [0u8; 64];
    let m = t.recvfrom(b, &mut buf, MsgFlags::default()).unwrap();
    assert_eq!((m.len, m.full_len, &buf[..5]), (5, 5, &b"first"[..]));
    assert_eq!(m.from, Some(v4(port_of(a_addr))));
    let m = t.recvfrom(b, &mut buf[..3], MsgFlags::PEEK).unwrap();
    assert_eq!((m.len, m.full_len), (3, 7));
    let m = t.recvfrom(b, &mut buf[..3], MsgFlags::default()).unwrap();
    assert_eq!((m.len, m.full_len, &buf[..3]), (3, 7, &b"sec"[..]));
    // The rest of a truncated datagram is gone; the empty one is a datagram too.
    let m = t.recvfrom(b, &mut buf, MsgFlags::default()).unwrap();
    assert_eq!((m.len, m.full_len), (0, 0));
    assert_eq!(err(t.recvfrom(b, &mut buf, MsgFlags::DONTWAIT)), Errno::EAGAIN);
    assert_eq!(err(t.sendto(a, &vec![0u8; 65508], MsgFlags::default(), Some(&v4(5353)))), Errno::EMSGSIZE);
    assert_eq!(err(t.send(a, b"x", MsgFlags::default())), Errno::EDESTADDRREQ);
    // Nobody on the port: dropped silently.
    assert_eq!(t.sendto(a, b"lost", MsgFlags::default(), Some(&v4(5354))).unwrap(), 4);
}

#[test]
fn udp_queue_drops_newest_when_full() {
    let t = kernel().init();
    let a = udp(&t);
    let b = udp(&t);
    t.bind(b, &v4(6000)).unwrap();
    t.setsockopt(b, SockOpt::RcvBuf, 2048).unwrap();
    for i in 0..5u8 {
        t.sendto(a, &[i; 1000], MsgFlags::default(), Some(&v4(6000))).unwrap();
    }
    let mut buf = [0u8; 2000];
    let mut got = Vec::new();
    while let Ok(m) = t.recvfrom(b, &mut buf, MsgFlags::DONTWAIT) {
        got.push(buf[0]);
        assert_eq!(m.len, 1000);
    }
    assert_eq!(got, vec![0, 1]);
}

#[test]
fn connected_udp_filters_peers_and_reports_refusal() {
    let t = kernel().init();
    let a = udp(&t);
    let b = udp(&t);
    let stranger = udp(&t);
    t.bind(a, &v4(6100)).unwrap();
    t.bind(b, &v4(6101)).unwrap();
    t.connect(a, &v4(6101)).unwrap();
    assert_eq!(t.getpeername(a).unwrap(), v4(6101));
    t.send(b, b"x", MsgFlags::default()).unwrap_err();
    t.sendto(b, b"from b", MsgFlags::default(), Some(&v4(6100))).unwrap();
    t.sendto(stranger, b"from stranger", MsgFlags::default(), Some(&v4(6100))).unwrap();
    let mut buf = [0u8; 64];
    let m = t.recvfrom(a, &mut buf, MsgFlags::default()).unwrap();
    assert_eq!(&buf[..m.len], b"from b");
    assert_eq!(err(t.recv(a, &mut buf, MsgFlags::DONTWAIT)), Errno::EAGAIN);
    t.send(a, b"to b", MsgFlags::default()).unwrap();
    assert_eq!(t.recv(b, &mut buf, MsgFlags::default()).unwrap(), 4);
    t.close(b).unwrap();
    // The datagram is lost; the next call learns the port was unreachable.
    assert_eq!(t.send(a, b"to nobody", MsgFlags::default()).unwrap(), 9);
    assert!(readiness(&t, a).intersects(Readiness::ERROR));
    assert_eq!(err(t.recv(a, &mut buf, MsgFlags::DONTWAIT)), Errno::ECONNREFUSED);
    assert_eq!(err(t.recv(a, &mut buf, MsgFlags::DONTWAIT)), Errno::EAGAIN);
}

#[test]
fn udp_recv_blocks_until_a_datagram_arrives() {
    let t = kernel().init();
    let b = udp(&t);
    t.bind(b, &v6(6200)).unwrap_err();
    t.bind(b, &v4(6200)).unwrap();
    let sender = t.clone();
    let h = thread::spawn(move || {
        thread::sleep(Duration::from_millis(20));
        let a = udp(&sender);
        sender.sendto(a, b"wake", MsgFlags::default(), Some(&v4(6200))).unwrap();
    });
    let mut buf = [0u8; 8];
    assert_eq!(t.recv(b, &mut buf, MsgFlags::default()).unwrap(), 4);
    h.join().unwrap();
}

#[test]
fn unix_stream_by_path() {
    let t = kernel().init();
    t.mkdir(AT_FDCWD, b"/run", 0o755).unwrap();
    let l = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    t.bind(l, &path("/run/app.sock")).unwrap();
    assert_eq!(t.stat(AT_FDCWD, b"/run/app.sock", true).unwrap().file_type(), FileType::Socket);
    let again = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(t.bind(again, &path("/run/app.sock"))), Errno::EADDRINUSE);
    let c = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(t.connect(c, &path("/run/app.sock"))), Errno::ECONNREFUSED, "bound, not listening");
    t.listen(l, 4).unwrap();
    assert_eq!(err(t.connect(c, &path("/run/missing.sock"))), Errno::ENOENT);
    t.open(AT_FDCWD, b"/run/file", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).unwrap();
    assert_eq!(err(t.connect(c, &path("/run/file"))), Errno::ECONNREFUSED);
    // Relative paths resolve from the working directory; a rename keeps the socket reachable.
    t.chdir(b"/run").unwrap();
    t.connect(c, &path("app.sock")).unwrap();
    let (s, peer) = t.accept(l, OpenFlags::default()).unwrap();
    assert_eq!(peer, SockAddr::Unix(UnixAddr::Unnamed));
    assert_eq!(t.getpeername(c).unwrap(), path("/run/app.sock"));
    assert_eq!(t.getsockname(s).unwrap(), path("/run/app.sock"));
    t.send(c, b"hello", MsgFlags::default()).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(t.recv(s, &mut buf, MsgFlags::default()).unwrap(), 5);
    t.rename(AT_FDCWD, b"/run/app.sock", AT_FDCWD, b"/run/moved.sock", RenameFlags::default()).unwrap();
    let c2 = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    t.connect(c2, &path("/run/moved.sock")).unwrap();
    // Unlinked: unreachable. Closed: the inode stays, connects are refused.
    t.unlink(AT_FDCWD, b"/run/moved.sock").unwrap();
    let c3 = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(t.connect(c3, &path("/run/moved.sock"))), Errno::ENOENT);
    let l2 = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    t.bind(l2, &path("/run/b.sock")).unwrap();
    t.listen(l2, 1).unwrap();
    t.close(l2).unwrap();
    assert!(t.stat(AT_FDCWD, b"/run/b.sock", true).is_ok());
    assert_eq!(err(t.connect(c3, &path("/run/b.sock"))), Errno::ECONNREFUSED);
    assert_eq!(err(t.bind(c3, &path(""))), Errno::ENOENT);
    assert_eq!(err(t.bind(c3, &path(&"x".repeat(200)))), Errno::EINVAL);
}

#[test]
fn unix_socket_paths_need_write_permission() {
    let k = kernel();
    let root = k.init();
    let l = root.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    root.umask(0o077);
    root.bind(l, &path("/private.sock")).unwrap();
    root.listen(l, 1).unwrap();
    let user = root
        .new_child(burrow_kernel::syscall::ChildOptions {
            credentials: Some(burrow_kernel::vfs::perm::Credentials { uid: 1000, gid: 1000 }),
            ..Default::default()
        })
        .unwrap();
    let c = user.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(user.connect(c, &path("/private.sock"))), Errno::EACCES);
}

#[test]
fn unix_abstract_names() {
    let t = kernel().init();
    let name = SockAddr::Unix(UnixAddr::Abstract(b"burrow-test".to_vec()));
    let l = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    t.bind(l, &name).unwrap();
    let dup = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(t.bind(dup, &name)), Errno::EADDRINUSE);
    t.listen(l, 1).unwrap();
    let c = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    t.connect(c, &name).unwrap();
    assert_eq!(t.getpeername(c).unwrap(), name);
    t.close(l).unwrap();
    t.bind(dup, &name).unwrap();
    // An unbound listener gets an abstract name of its own.
    let auto = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    t.listen(auto, 1).unwrap();
    let got = t.getsockname(auto).unwrap();
    assert!(matches!(&got, SockAddr::Unix(UnixAddr::Abstract(n)) if n.len() == 5));
    let c2 = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    t.connect(c2, &got).unwrap();
    let inet = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(t.connect(inet, &v4(80))), Errno::EAFNOSUPPORT);
}

#[test]
fn unix_datagrams_wait_for_room_instead_of_dropping() {
    let t = kernel().init();
    let name = SockAddr::Unix(UnixAddr::Abstract(b"dgram".to_vec()));
    let r = t.socket(Domain::Unix, SockType::Datagram, OpenFlags::default()).unwrap();
    t.bind(r, &name).unwrap();
    t.setsockopt(r, SockOpt::RcvBuf, 2048).unwrap();
    let s = t.socket(Domain::Unix, SockType::Datagram, OpenFlags::NONBLOCK).unwrap();
    t.connect(s, &name).unwrap();
    t.send(s, &[1; 1500], MsgFlags::default()).unwrap();
    assert!(readiness(&t, s).intersects(Readiness::WRITABLE));
    t.send(s, &[2; 548], MsgFlags::default()).unwrap();
    assert!(!readiness(&t, s).intersects(Readiness::WRITABLE), "the peer's queue is full");
    assert_eq!(err(t.send(s, &[3; 100], MsgFlags::default())), Errno::EAGAIN);
    // A poller on the sender learns when the receiver makes room.
    let reader = t.clone();
    let h = thread::spawn(move || {
        thread::sleep(Duration::from_millis(20));
        let mut buf = [0u8; 2000];
        reader.recv(r, &mut buf, MsgFlags::default()).unwrap()
    });
    let mut p = [PollFd::new(s, Readiness::WRITABLE)];
    assert_eq!(t.poll(&mut p, Some(Duration::from_secs(10))).unwrap(), 1);
    assert_eq!(h.join().unwrap(), 1500);
    t.send(s, &[3; 100], MsgFlags::default()).unwrap();
    let mut buf = [0u8; 2000];
    let m = t.recvfrom(r, &mut buf, MsgFlags::default()).unwrap();
    assert_eq!((m.len, m.from), (548, Some(SockAddr::Unix(UnixAddr::Unnamed))));
    assert_eq!(err(t.send(s, &vec![0; 70_000], MsgFlags::default())), Errno::EMSGSIZE);
    // Connected to `r`: sending elsewhere is EISCONN; `r` closing refuses the next send.
    assert_eq!(err(t.sendto(s, b"x", MsgFlags::default(), Some(&name))), Errno::EISCONN);
    t.close(r).unwrap();
    assert_eq!(err(t.send(s, b"x", MsgFlags::default())), Errno::ECONNREFUSED);
}

#[test]
fn unix_datagram_by_path_with_sender_address_and_stream_mismatch() {
    let t = kernel().init();
    let r = t.socket(Domain::Unix, SockType::Datagram, OpenFlags::default()).unwrap();
    t.bind(r, &path("/r.sock")).unwrap();
    let s = t.socket(Domain::Unix, SockType::Datagram, OpenFlags::default()).unwrap();
    t.bind(s, &path("/s.sock")).unwrap();
    t.sendto(s, b"hi", MsgFlags::default(), Some(&path("/r.sock"))).unwrap();
    let mut buf = [0u8; 8];
    let m = t.recvfrom(r, &mut buf, MsgFlags::default()).unwrap();
    assert_eq!(m.from, Some(path("/s.sock")));
    t.sendto(r, b"back", MsgFlags::default(), Some(&m.from.unwrap())).unwrap();
    assert_eq!(t.recv(s, &mut buf, MsgFlags::default()).unwrap(), 4);
    let stream = t.socket(Domain::Unix, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err(t.connect(stream, &path("/r.sock"))), Errno::EPROTOTYPE);
    // A connected unix datagram socket refuses senders other than its peer.
    let other = t.socket(Domain::Unix, SockType::Datagram, OpenFlags::default()).unwrap();
    t.connect(r, &path("/s.sock")).unwrap();
    assert_eq!(err(t.sendto(other, b"x", MsgFlags::default(), Some(&path("/r.sock")))), Errno::EPERM);
}

#[test]
fn socketpair_stream_and_datagram() {
    let t = kernel().init();
    let (a, b) = t.socketpair(Domain::Unix, SockType::Stream, OpenFlags::CLOEXEC).unwrap();
    assert!(t.cloexec(a).unwrap());
    t.write(a, b"over").unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(t.read(b, &mut buf).unwrap(), 4);
    assert_eq!(t.getpeername(a).unwrap(), SockAddr::Unix(UnixAddr::Unnamed));
    t.shutdown(b, Shutdown::Write).unwrap();
    assert_eq!(t.read(a, &mut buf).unwrap(), 0);
    let (x, y) = t.socketpair(Domain::Unix, SockType::Datagram, OpenFlags::NONBLOCK).unwrap();
    t.send(x, b"one", MsgFlags::default()).unwrap();
    t.send(x, b"two!", MsgFlags::default()).unwrap();
    assert_eq!(t.recv(y, &mut buf, MsgFlags::default()).unwrap(), 3);
    assert_eq!(t.recv(y, &mut buf, MsgFlags::default()).unwrap(), 4);
    assert_eq!(err(t.recv(y, &mut buf, MsgFlags::default())), Errno::EAGAIN);
    t.send(y, b"back", MsgFlags::default()).unwrap();
    assert_eq!(t.recv(x, &mut buf, MsgFlags::default()).unwrap(), 4);
    t.close(y).unwrap();
    assert_eq!(err(t.send(x, b"x", MsgFlags::default())), Errno::ECONNREFUSED);
}

#[test]
fn sockets_are_inherited_by_children_and_close_with_the_last_descriptor() {
    let k = kernel();
    let t = k.init();
    let (_, c, s) = tcp_pair(&t);
    let dup = t.dup(s).unwrap();
    t.close(s).unwrap();
    t.send(c, b"still open", MsgFlags::default()).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(t.recv(dup, &mut buf, MsgFlags::default()).unwrap(), 10);
    t.close(dup).unwrap();
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 0);
}

#[test]
fn a_gathered_write_on_a_datagram_socket_is_one_datagram() {
    let t = kernel().init();
    let a = udp(&t);
    let b = udp(&t);
    t.bind(b, &any4(5360)).unwrap();
    t.connect(a, &v4(5360)).unwrap();
    let head = vec![b'h'; 3000];
    let tail = vec![b't'; 3000];
    assert_eq!(t.writev(a, &[&head, &tail]).unwrap(), 6000);
    let mut buf = vec![0u8; 8192];
    let m = t.recvfrom(b, &mut buf, MsgFlags::default()).unwrap();
    assert_eq!((m.len, m.full_len), (6000, 6000));
    assert_eq!(err(t.recvfrom(b, &mut buf, MsgFlags::DONTWAIT)), Errno::EAGAIN);
}
