//! Egress through a host network: a [`HostNet`] built on std sockets and threads bridges a
//! guest's connections to listeners on the host's 127.0.0.1 (through the host alias
//! `10.0.2.2`); data both ways, half-close, backpressure with a slow host reader, resets both
//! ways, connect failures blocking and non-blocking, and name lookups through the policy with
//! a fake resolver. No traffic leaves loopback: denied destinations are checked on the
//! decision, and "public" addresses handed out by the fake resolver are redirected to local
//! listeners by the fake network.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown as NetShutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::net::policy::{NetPolicy, HOST_ALIAS};
use burrow_kernel::net::{Domain, EgressConn, HostNet, MsgFlags, Shutdown, SockAddr, SockOpt, SockType};
use burrow_kernel::poll::Readiness;
use burrow_kernel::syscall::PollFd;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, Error, Kernel, Task};
use parking_lot::Mutex;

/// What the std network saw.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    /// A host connection was dialed (the address asked for).
    Dialed(SocketAddr),
    /// The guest reset the connection (the pump's read got `ECONNRESET`).
    GuestReset,
    /// A name was looked up on the "host".
    Resolved(String),
}

/// A host network on std sockets: one thread dials, then two pump bytes. `redirect` sends
/// dials of some addresses elsewhere (the fake resolver's public addresses to local
/// listeners); `names` is the fake resolver.
#[derive(Clone, Default)]
struct StdNet(Arc<NetState>);

#[derive(Default)]
struct NetState {
    events: Mutex<Vec<Event>>,
    redirect: Mutex<HashMap<SocketAddr, SocketAddr>>,
    names: Mutex<HashMap<String, Vec<IpAddr>>>,
    /// Connections held without ever being reported (to see "connecting" states).
    hold: Mutex<Option<Vec<EgressConn>>>,
}

impl std::ops::Deref for StdNet {
    type Target = NetState;
    fn deref(&self) -> &NetState {
        &self.0
    }
}

impl StdNet {
    fn events(&self) -> Vec<Event> {
        self.events.lock().clone()
    }

    fn dialed(&self) -> Vec<SocketAddr> {
        self.events().into_iter().filter_map(|e| if let Event::Dialed(a) = e { Some(a) } else { None }).collect()
    }
}

fn errno_of(e: &std::io::Error) -> Errno {
    e.raw_os_error().map_or(Errno::EIO, Errno)
}

impl HostNet for StdNet {
    fn connect(&self, addr: SocketAddr, conn: EgressConn) {
        self.events.lock().push(Event::Dialed(addr));
        if let Some(held) = self.hold.lock().as_mut() {
            held.push(conn);
            return;
        }
        let target = self.redirect.lock().get(&addr).copied().unwrap_or(addr);
        let net = self.clone();
        thread::spawn(move || match TcpStream::connect_timeout(&target, Duration::from_secs(5)) {
            Err(e) => conn.fail(errno_of(&e)),
            Ok(stream) => {
                conn.established();
                pump(&net, stream, Arc::new(conn));
            }
        });
    }

    fn resolve(&self, name: &str) -> Result<Vec<IpAddr>, Errno> {
        self.events.lock().push(Event::Resolved(name.to_string()));
        self.names.lock().get(name).cloned().ok_or(Errno::ENOENT)
    }
}

/// Guest to host on a second thread, host to guest on this one.
fn pump(net: &StdNet, stream: TcpStream, conn: Arc<EgressConn>) {
    let (up_stream, up_conn, up_net) = (stream.try_clone().unwrap(), conn.clone(), net.clone());
    let up = thread::spawn(move || {
        let mut s = up_stream;
        let mut buf = [0u8; 8192];
        loop {
            match up_conn.read(&mut buf) {
                Ok(0) => {
                    let _ = s.shutdown(NetShutdown::Write);
                    return;
                }
                Ok(n) => {
                    if s.write_all(&buf[..n]).is_err() {
                        up_conn.reset();
                        return;
                    }
                }
                Err(e) => {
                    if e == Errno::ECONNRESET {
                        up_net.events.lock().push(Event::GuestReset);
                    }
                    let _ = s.shutdown(NetShutdown::Both);
                    return;
                }
            }
        }
    });
    let mut s = stream;
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => {
                conn.shutdown_write();
                break;
            }
            Ok(n) => {
                if conn.write(&buf[..n]).is_err() {
                    let _ = s.shutdown(NetShutdown::Both);
                    break;
                }
            }
            Err(_) => {
                conn.reset();
                break;
            }
        }
    }
    up.join().unwrap();
}

fn setup(rules: &[&str]) -> (Kernel, Task, StdNet) {
    let k = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default());
    k.set_net_policy(NetPolicy::from_rules(rules).unwrap());
    let net = StdNet::default();
    k.set_host_net(Arc::new(net.clone()));
    let t = k.init();
    (k, t, net)
}

fn listener() -> (TcpListener, u16) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    (l, port)
}

fn alias(port: u16) -> SockAddr {
    SockAddr::Inet(SocketAddr::new(IpAddr::V4(HOST_ALIAS), port))
}

fn tcp(t: &Task) -> u32 {
    t.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap()
}

fn err<T: std::fmt::Debug>(r: Result<T, Error>) -> Errno {
    r.unwrap_err().errno()
}

fn readiness(t: &Task, fd: u32, timeout: Duration) -> Readiness {
    let mut p = [PollFd::new(fd, Readiness::READABLE | Readiness::WRITABLE)];
    t.poll(&mut p, Some(timeout)).unwrap();
    p[0].revents.unwrap()
}

fn recv_exact(t: &Task, fd: u32, n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    let mut got = 0;
    while got < n {
        let k = t.recv(fd, &mut out[got..], MsgFlags::default()).unwrap();
        assert_ne!(k, 0, "end of file after {got} of {n} bytes");
        got += k;
    }
    out
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
}

#[test]
fn data_flows_both_ways_through_the_host_alias() {
    let (k, t, net) = setup(&["10.0.2.2:*"]);
    let (l, port) = listener();
    let c = tcp(&t);
    t.connect(c, &alias(port)).unwrap();
    let (mut host, _) = l.accept().unwrap();
    assert_eq!(net.dialed(), vec![SocketAddr::from(([127, 0, 0, 1], port))]);
    assert_eq!(t.getpeername(c).unwrap(), alias(port));
    let local = t.getsockname(c).unwrap().inet().unwrap();
    assert_eq!(local.ip(), IpAddr::V4(Ipv4Addr::new(10, 0, 2, 15)));
    assert!(k.sockets().ports(true).contains(&local.port()), "the local port is held in the VM");
    assert_eq!(t.send(c, b"ping", MsgFlags::default()).unwrap(), 4);
    let mut buf = [0u8; 4];
    host.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"ping");
    host.write_all(b"pong!").unwrap();
    assert_eq!(recv_exact(&t, c, 5), b"pong!");
    t.close(c).unwrap();
    let mut rest = Vec::new();
    host.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());
    drop(host);
    let start = Instant::now();
    while !k.sockets().ports(true).is_empty() || k.sockets().buffered() != 0 {
        assert!(start.elapsed() < Duration::from_secs(10), "the port and buffers are released");
        thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn half_close_works_in_both_directions() {
    let (_k, t, _net) = setup(&["host.burrow.internal:*"]);
    let (l, port) = listener();
    let c = tcp(&t);
    t.connect(c, &alias(port)).unwrap();
    let (mut host, _) = l.accept().unwrap();
    // The guest finishes sending: the host reads end of file and still answers.
    t.send(c, b"request", MsgFlags::default()).unwrap();
    t.shutdown(c, Shutdown::Write).unwrap();
    let mut got = Vec::new();
    host.read_to_end(&mut got).unwrap();
    assert_eq!(got, b"request");
    host.write_all(b"response").unwrap();
    assert_eq!(recv_exact(&t, c, 8), b"response");
    // Then the host finishes: the guest reads end of file.
    host.shutdown(NetShutdown::Write).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 0);
    assert!(readiness(&t, c, Duration::ZERO).intersects(Readiness::HANGUP));

    // The other order: the host finishes first, the guest keeps sending.
    let c = tcp(&t);
    t.connect(c, &alias(port)).unwrap();
    let (mut host, _) = l.accept().unwrap();
    host.write_all(b"banner").unwrap();
    host.shutdown(NetShutdown::Write).unwrap();
    assert_eq!(recv_exact(&t, c, 6), b"banner");
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 0);
    t.send(c, b"still here", MsgFlags::default()).unwrap();
    let mut got = [0u8; 10];
    host.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"still here");
}

#[test]
fn backpressure_with_a_slow_host_reader_keeps_every_byte() {
    let (k, t, _net) = setup(&["10.0.2.2:*"]);
    let (l, port) = listener();
    let c = tcp(&t);
    t.connect(c, &alias(port)).unwrap();
    let (mut host, _) = l.accept().unwrap();
    // Guest to host: the host does not read, so the guest's sends stop with EAGAIN once every
    // buffer on the way (the VM's, the pump's, the host's) is full.
    t.set_status_flags(c, OpenFlags::NONBLOCK).unwrap();
    let data = pattern(1 << 20);
    let mut sent = 0;
    let start = Instant::now();
    loop {
        match t.send(c, &data[sent % data.len()..], MsgFlags::default()) {
            Ok(n) => sent += n,
            Err(e) if e.errno() == Errno::EAGAIN => {
                // Full for now: the pump may still be moving bytes into the host's buffers.
                if readiness(&t, c, Duration::from_millis(200)).intersects(Readiness::WRITABLE) {
                    continue;
                }
                break;
            }
            Err(e) => panic!("send: {e:?}"),
        }
        assert!(start.elapsed() < Duration::from_secs(30), "sends never blocked");
    }
    assert!(sent > 0);
    assert!(k.sockets().buffered() <= 2 * 128 * 1024, "the VM buffers only its own bounds");
    // The host now reads everything, in order.
    let mut got = vec![0u8; sent];
    host.read_exact(&mut got).unwrap();
    for (i, chunk) in got.chunks(data.len()).enumerate() {
        assert!(chunk == &data[..chunk.len()], "chunk {i} differs");
    }

    // Host to guest: the guest does not read, so the host's writes block; the VM holds no more
    // than the connection's bounds.
    let total = 32 << 20;
    let expected = pattern(total);
    let to_send = expected.clone();
    let writer = thread::spawn(move || {
        host.write_all(&to_send).unwrap();
        host
    });
    let start = Instant::now();
    while k.sockets().buffered() == 0 {
        assert!(start.elapsed() < Duration::from_secs(10), "nothing reached the guest");
        thread::sleep(Duration::from_millis(5));
    }
    thread::sleep(Duration::from_millis(300));
    assert!(!writer.is_finished(), "the host writer is held back");
    let held = k.sockets().buffered();
    assert!(held > 0 && held <= 2 * 128 * 1024, "buffered {held}");
    t.set_status_flags(c, OpenFlags::default()).unwrap();
    let got = recv_exact(&t, c, total);
    assert!(got == expected, "every byte arrives in order");
    drop(writer.join().unwrap());
}

#[test]
fn a_host_reset_reaches_the_guest() {
    let (_k, t, _net) = setup(&["10.0.2.2:*"]);
    let (l, port) = listener();
    let c = tcp(&t);
    t.connect(c, &alias(port)).unwrap();
    let (mut host, _) = l.accept().unwrap();
    host.write_all(b"last words").unwrap();
    assert_eq!(recv_exact(&t, c, 10), b"last words");
    t.send(c, b"never read", MsgFlags::default()).unwrap();
    // Once the bytes are in the host socket's buffer, unread, closing it sends a reset.
    let mut peek = [0u8; 1];
    assert_eq!(host.peek(&mut peek).unwrap(), 1);
    drop(host);
    let mut buf = [0u8; 16];
    assert_eq!(err(t.recv(c, &mut buf, MsgFlags::default())), Errno::ECONNRESET);
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 0, "end of file after the reset");
    assert_eq!(err(t.send(c, b"x", MsgFlags::NOSIGNAL)), Errno::EPIPE);
}

#[test]
fn a_guest_reset_reaches_the_host_network() {
    let (_k, t, net) = setup(&["10.0.2.2:*"]);
    let (l, port) = listener();
    let c = tcp(&t);
    t.connect(c, &alias(port)).unwrap();
    let (mut host, _) = l.accept().unwrap();
    host.write_all(b"unread").unwrap();
    let start = Instant::now();
    while !readiness(&t, c, Duration::from_millis(100)).intersects(Readiness::READABLE) {
        assert!(start.elapsed() < Duration::from_secs(10));
    }
    t.close(c).unwrap();
    let mut rest = Vec::new();
    let _ = host.read_to_end(&mut rest);
    let start = Instant::now();
    while !net.events().contains(&Event::GuestReset) {
        assert!(start.elapsed() < Duration::from_secs(10), "{:?}", net.events());
        thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn failed_connects_blocking_and_not() {
    let (k, t, net) = setup(&["10.0.2.2:*"]);
    let (l, closed) = listener();
    drop(l);
    let c = tcp(&t);
    assert_eq!(err(t.connect(c, &alias(closed))), Errno::ECONNREFUSED);
    assert_eq!(err(t.getpeername(c)), Errno::ENOTCONN);
    assert!(k.sockets().ports(true).is_empty(), "the failed attempt's port is released");
    // Non-blocking: EINPROGRESS, then writable with the error in SO_ERROR.
    let n = t.socket(Domain::Inet, SockType::Stream, OpenFlags::NONBLOCK).unwrap();
    let r = t.connect(n, &alias(closed));
    if err(r) == Errno::EINPROGRESS {
        let start = Instant::now();
        let mut ready = Readiness::NONE;
        while ready.is_empty() {
            assert!(start.elapsed() < Duration::from_secs(10));
            ready = readiness(&t, n, Duration::from_millis(100));
        }
        assert!(ready.intersects(Readiness::WRITABLE) && ready.intersects(Readiness::ERROR), "{ready:?}");
        assert_eq!(t.getsockopt(n, SockOpt::Error).unwrap(), Errno::ECONNREFUSED.0);
        assert_eq!(t.getsockopt(n, SockOpt::Error).unwrap(), 0);
    }
    // The socket can connect again, to a live listener this time.
    let (l, port) = listener();
    t.set_status_flags(n, OpenFlags::default()).unwrap();
    t.connect(n, &alias(port)).unwrap();
    let (mut host, _) = l.accept().unwrap();
    t.send(n, b"again", MsgFlags::default()).unwrap();
    let mut buf = [0u8; 5];
    host.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"again");
    assert_eq!(net.dialed().len(), 3);
}

#[test]
fn a_connection_in_progress_is_not_ready_until_established() {
    let (_k, t, net) = setup(&["10.0.2.2:*"]);
    *net.hold.lock() = Some(Vec::new());
    let n = t.socket(Domain::Inet, SockType::Stream, OpenFlags::NONBLOCK).unwrap();
    assert_eq!(err(t.connect(n, &alias(9))), Errno::EINPROGRESS);
    assert_eq!(err(t.connect(n, &alias(9))), Errno::EALREADY);
    assert_eq!(readiness(&t, n, Duration::ZERO), Readiness::NONE);
    assert_eq!(err(t.send(n, b"x", MsgFlags::default())), Errno::EAGAIN);
    let mut buf = [0u8; 4];
    assert_eq!(err(t.recv(n, &mut buf, MsgFlags::default())), Errno::EAGAIN);
    assert_eq!(err(t.getpeername(n)), Errno::ENOTCONN);
    assert_eq!(t.getsockopt(n, SockOpt::Error).unwrap(), 0);
    // A blocking connect on another socket waits; the embedding's answer wakes both.
    let blocking = tcp(&t);
    let t2 = t.clone();
    let waiter = thread::spawn(move || t2.connect(blocking, &alias(10)).map_err(|e| e.errno()));
    let start = Instant::now();
    while net.hold.lock().as_ref().unwrap().len() < 2 {
        assert!(start.elapsed() < Duration::from_secs(10));
        thread::sleep(Duration::from_millis(1));
    }
    let held = net.hold.lock().take().unwrap();
    let mut held = held.into_iter();
    let (first, second) = (held.next().unwrap(), held.next().unwrap());
    assert_eq!(first.guest_dest(), alias(9).inet().unwrap());
    first.established();
    assert!(readiness(&t, n, Duration::from_secs(5)).intersects(Readiness::WRITABLE));
    assert_eq!(t.getpeername(n).unwrap(), alias(9));
    assert_eq!(err(t.connect(n, &alias(9))), Errno::EISCONN);
    t.send(n, b"hi", MsgFlags::default()).unwrap();
    let mut got = [0u8; 2];
    assert_eq!(first.read(&mut got).unwrap(), 2);
    assert_eq!(&got, b"hi");
    // Dropped without an answer: the blocked connect fails.
    drop(second);
    assert_eq!(waiter.join().unwrap(), Err(Errno::ECONNABORTED));
}

#[test]
fn denied_destinations_never_reach_the_host_network() {
    let (_k, t, net) = setup(&["*:*", "10.0.0.0/8:*", "10.0.2.0/24:*"]);
    for dest in ["10.0.2.2:80", "127.0.0.2:80", "169.254.169.254:80", "192.168.1.1:80", "[::ffff:10.0.2.2]:80"] {
        let c = t.socket(Domain::Inet6, SockType::Stream, OpenFlags::default()).unwrap();
        let addr = SockAddr::Inet(dest.parse().unwrap());
        let e = err(t.connect(c, &addr));
        let expected = if dest.starts_with("127.") { Errno::ECONNREFUSED } else { Errno::EACCES };
        assert_eq!(e, expected, "{dest}");
    }
    assert!(net.dialed().is_empty(), "{:?}", net.dialed());
    // UDP is never bridged: allowed datagrams are unreachable.
    let u = t.socket(Domain::Inet, SockType::Datagram, OpenFlags::default()).unwrap();
    let public = SockAddr::Inet(SocketAddr::from(([93, 184, 216, 34], 53)));
    assert_eq!(err(t.sendto(u, b"x", MsgFlags::default(), Some(&public))), Errno::ENETUNREACH);
    assert!(net.events().is_empty());
}

#[test]
fn lookups_go_through_the_policy() {
    let (k, t, net) = setup(&["api.example.com:443", "10.0.2.2:8080"]);
    let v4 = |s: &str| s.parse::<IpAddr>().unwrap();
    // Local answers: no resolver involved, whatever the policy.
    assert_eq!(t.resolve("localhost", None).unwrap(), vec![v4("127.0.0.1"), v4("::1")]);
    assert_eq!(t.resolve("db.localhost", Some(5432)).unwrap(), vec![v4("127.0.0.1"), v4("::1")]);
    assert_eq!(t.resolve("host.burrow.internal", None).unwrap(), vec![IpAddr::V4(HOST_ALIAS)]);
    assert_eq!(t.resolve("Host.Burrow.Internal.", Some(1)).unwrap(), vec![IpAddr::V4(HOST_ALIAS)]);
    assert_eq!(t.resolve("93.184.216.34", None).unwrap(), vec![v4("93.184.216.34")]);
    assert_eq!(t.resolve("::1", None).unwrap(), vec![v4("::1")]);
    for bad in ["", "a..b", "white space", "x".repeat(300).as_str()] {
        assert_eq!(err(t.resolve(bad, None)), Errno::EINVAL, "{bad:?}");
    }
    // Names no rule names: denied without asking the host.
    assert_eq!(err(t.resolve("example.org", None)), Errno::EACCES);
    assert_eq!(err(t.resolve("api.example.com", Some(80))), Errno::EACCES);
    assert!(net.events().is_empty(), "{:?}", net.events());
    // Named ones go to the resolver; its private answers are dropped (DNS rebinding).
    net.names.lock().insert("api.example.com".into(), vec![v4("10.0.0.9"), v4("93.184.216.34"), v4("169.254.169.254")]);
    assert_eq!(t.resolve("API.example.com", Some(443)).unwrap(), vec![v4("93.184.216.34")]);
    assert_eq!(t.resolve("api.example.com", None).unwrap(), vec![v4("93.184.216.34")]);
    net.names.lock().insert("api.example.com".into(), vec![v4("10.0.0.9")]);
    assert_eq!(err(t.resolve("api.example.com", None)), Errno::EACCES, "only private answers");
    net.names.lock().remove("api.example.com");
    assert_eq!(err(t.resolve("api.example.com", None)), Errno::ENOENT);
    // A looked-up address may be connected to on the name's ports only.
    let (l, port) = listener();
    let public = SocketAddr::from(([93, 184, 216, 34], 443));
    net.redirect.lock().insert(public, SocketAddr::from(([127, 0, 0, 1], port)));
    let c = tcp(&t);
    assert_eq!(err(t.connect(c, &SockAddr::Inet(SocketAddr::from(([93, 184, 216, 34], 80))))), Errno::EACCES);
    t.connect(c, &SockAddr::Inet(public)).unwrap();
    let (mut host, _) = l.accept().unwrap();
    t.send(c, b"GET", MsgFlags::default()).unwrap();
    let mut buf = [0u8; 3];
    host.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"GET");
    // Another VM never looked the name up: the address stays denied there.
    let other = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default());
    other.set_net_policy(NetPolicy::from_rules(["api.example.com:443"]).unwrap());
    other.set_host_net(Arc::new(net.clone()));
    let o = other.init();
    let c = tcp(&o);
    assert_eq!(err(o.connect(c, &SockAddr::Inet(public))), Errno::EACCES);
    // Without a host network, an allowed name cannot be looked up.
    let bare = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default());
    bare.set_net_policy(NetPolicy::from_rules(["api.example.com:443"]).unwrap());
    assert_eq!(err(bare.init().resolve("api.example.com", None)), Errno::ENETUNREACH);
    assert_eq!(bare.init().resolve("host.burrow.internal", None).unwrap(), vec![IpAddr::V4(HOST_ALIAS)]);
    drop(k);
}

#[test]
fn reading_from_a_closed_host_connection_is_end_of_file() {
    let (_k, t, _net) = setup(&["10.0.2.2:*"]);
    let (l, port) = listener();
    let c = tcp(&t);
    t.connect(c, &alias(port)).unwrap();
    let (host, _) = l.accept().unwrap();
    drop(host);
    let mut buf = [0u8; 8];
    assert_eq!(t.recv(c, &mut buf, MsgFlags::default()).unwrap(), 0);
    assert!(readiness(&t, c, Duration::ZERO).intersects(Readiness::READABLE));
}
