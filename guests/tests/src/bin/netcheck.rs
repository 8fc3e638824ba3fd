//! `netcheck`: the socket calls from a guest, one check per line (`ok NAME` / `FAIL NAME: ...`)
//! and a summary; exits 0 only if every check passed. Covers: errnos the kernel decides
//! (ECONNREFUSED, EADDRINUSE, EADDRNOTAVAIL, EACCES for egress, ENOTCONN, EAGAIN, ENOTSOCK,
//! ENOPROTOOPT), TCP names and options, preview1 `sock_*` calls (peek, waitall, shutdown,
//! accept), fdstat filetypes, UDP boundaries and truncation, unix stream and datagram pairs, a
//! unix path listener, `poll_oneoff` waking on a connection from another process and on data,
//! and hostile arguments (bad pointers, huge lengths, garbage addresses and flags) that get
//! errnos.
//!
//! `netcheck connect PORT`: the helper it spawns: sleeps 30 ms, connects to `127.0.0.1:PORT`,
//! sends `ping`, expects `pong`, exits 0 (1 on any error).
//!
//! `netcheck try ADDR`: one TCP connect to ADDR (`ip:port`), printing `connect ADDR: ok` or
//! `connect ADDR: ERRNO`.
use std::io::{Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr};
use std::time::Duration;

use burrow_guest::errno::*;
use burrow_guest::net::{
    self, opt, poll, wasi, Interest, SockAddr, Socket, TcpListener, TcpStream, UdpSocket, UnixListener, UnixName,
    UnixStream, AF_INET, AF_UNIX, MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL, NONBLOCK, SOCK_DGRAM, SOCK_STREAM,
};
use burrow_guest::process::Command;
use burrow_guest::sys;
use burrow_test_guests::{num_arg, Checks};

fn lo(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

fn helper(port: u16) -> ! {
    std::thread::sleep(Duration::from_millis(30));
    let r = (|| {
        let mut s = TcpStream::connect(lo(port))?;
        s.write_all(b"ping")?;
        let mut buf = [0u8; 4];
        s.read_exact(&mut buf)?;
        Ok::<_, std::io::Error>(buf == *b"pong")
    })();
    std::process::exit(if matches!(r, Ok(true)) { 0 } else { 1 })
}

fn errnos(c: &mut Checks) {
    c.errno("connect with no listener is ECONNREFUSED", TcpStream::connect(lo(9)), ECONNREFUSED);
    let a = TcpListener::bind(lo(0)).unwrap();
    let port = a.local_addr().unwrap().port();
    let plain = Socket::new(AF_INET, SOCK_STREAM, 0).unwrap();
    c.errno("second bind of a port is EADDRINUSE", plain.bind(&SockAddr::Inet(lo(port))), EADDRINUSE);
    let wild = Socket::new(AF_INET, SOCK_STREAM, 0).unwrap();
    c.errno(
        "0.0.0.0 conflicts with 127.0.0.1 (EADDRINUSE)",
        wild.bind(&SockAddr::Inet(SocketAddr::from((Ipv4Addr::UNSPECIFIED, port)))),
        EADDRINUSE,
    );
    let s = Socket::new(AF_INET, SOCK_STREAM, 0).unwrap();
    c.errno("bind 10.0.0.1 is EADDRNOTAVAIL", s.bind(&SockAddr::Inet("10.0.0.1:80".parse().unwrap())), EADDRNOTAVAIL);
    for dest in ["93.184.216.34:80", "10.1.2.3:443", "169.254.169.254:80", "[2001:db8::1]:80"] {
        let addr: SocketAddr = dest.parse().unwrap();
        let r = TcpStream::connect(addr);
        c.errno(&format!("egress to {dest} is denied (EACCES)"), r, EACCES);
    }
    let u = UdpSocket::bind(lo(0)).unwrap();
    c.errno("udp sendto outside is denied (EACCES)", u.send_to(b"x", "8.8.8.8:53".parse().unwrap()), EACCES);
    let idle = Socket::new(AF_INET, SOCK_STREAM, 0).unwrap();
    c.errno("getpeername unconnected is ENOTCONN", idle.peer_addr(), ENOTCONN);
    c.errno("recv unconnected is ENOTCONN", idle.sock_recv(&mut [0u8; 4], 0), ENOTCONN);
    c.errno("accept on a non-listener is EINVAL", idle.accept(0), EINVAL);
    c.errno("unknown option is ENOPROTOOPT", idle.getsockopt(opt::SOL_SOCKET, 999), ENOPROTOOPT);
    let nb = Socket::new(AF_INET, SOCK_STREAM, NONBLOCK).unwrap();
    nb.bind(&SockAddr::Inet(lo(0))).unwrap();
    nb.listen(4).unwrap();
    c.errno("non-blocking accept with nothing queued is EAGAIN", nb.accept(0), EAGAIN);
    c.errno("sock_accept with nothing queued (non-blocking) is EAGAIN", nb.sock_accept(false), EAGAIN);
    // SAFETY: stdout is not a socket; the call only reads `buf`.
    let not_sock = unsafe { sys::listen(1, 1) };
    c.eq("listen on stdout is ENOTSOCK", not_sock, ENOTSOCK);
    c.errno("connect a unix path that does not exist is ENOENT", UnixStream::connect("/tmp/nosuch.sock"), ENOENT);
}

fn tcp(c: &mut Checks) {
    let listener = TcpListener::bind(lo(0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    c.check("ephemeral port in 32768..=60999", (32768..=60999).contains(&port), || format!("port {port}"));
    let ls = listener.socket();
    c.eq("SO_ACCEPTCONN of a listener", ls.getsockopt(opt::SOL_SOCKET, opt::SO_ACCEPTCONN).ok(), Some(1));
    c.eq("SO_REUSEADDR set by TcpListener::bind", ls.getsockopt(opt::SOL_SOCKET, opt::SO_REUSEADDR).ok(), Some(1));
    c.eq("SO_TYPE of a stream", ls.getsockopt(opt::SOL_SOCKET, opt::SO_TYPE).ok(), Some(SOCK_STREAM as i32));
    c.eq("fdstat filetype of a stream socket", net::filetype(listener.as_raw_fd()).ok(), Some(6));

    let client = TcpStream::connect(lo(port)).unwrap();
    let (server, peer) = listener.accept().unwrap();
    c.eq("accepted peer is the client's address", Some(peer), client.local_addr().ok());
    c.eq("client's peer is the listener's port", client.peer_addr().ok().map(|a| a.port()), Some(port));
    c.eq(
        "client's local address is loopback",
        client.local_addr().ok().map(|a| a.ip()),
        Some(Ipv4Addr::LOCALHOST.into()),
    );
    c.ok("TCP_NODELAY on", client.set_nodelay(true));
    c.eq("TCP_NODELAY reads back", client.nodelay().ok(), Some(true));
    let cs = client.socket();
    c.ok("SO_RCVBUF set", cs.setsockopt(opt::SOL_SOCKET, opt::SO_RCVBUF, 4096));
    c.eq("SO_RCVBUF reads back", cs.getsockopt(opt::SOL_SOCKET, opt::SO_RCVBUF).ok(), Some(4096));
    c.ok("SO_SNDBUF set", cs.setsockopt(opt::SOL_SOCKET, opt::SO_SNDBUF, 8192));
    c.eq("SO_SNDBUF reads back", cs.getsockopt(opt::SOL_SOCKET, opt::SO_SNDBUF).ok(), Some(8192));
    c.eq("SO_ERROR is 0", cs.getsockopt(opt::SOL_SOCKET, opt::SO_ERROR).ok(), Some(0));

    let mut w = &client;
    c.ok("write", w.write_all(b"hello world"));
    let mut buf = [0u8; 5];
    c.eq("peek sees data", server.peek(&mut buf).ok(), Some(5));
    c.eq("peek left it queued", &buf, b"hello");
    let mut big = [0u8; 11];
    c.eq("recv waitall fills the buffer", server.recv_all(&mut big).ok(), Some(11));
    c.eq("waitall data", &big, b"hello world");
    // Two sends, one waitall receive that spans them.
    c.ok("send 1", client.socket().sock_send(b"abc"));
    c.ok("send 2", client.socket().sock_send_vectored(&[b"de", b"f"]));
    let mut six = [0u8; 6];
    c.eq("waitall spans two sends", server.recv_all(&mut six).ok(), Some(6));
    c.eq("spanned data", &six, b"abcdef");
    // burrow.recvfrom on a stream: no address.
    client.socket().sock_send(b"xyz").unwrap();
    let r = server.socket().recv_from(&mut [0u8; 8], MSG_WAITALL | MSG_DONTWAIT);
    c.eq("recvfrom on a stream: bytes, no sender", r.map(|r| (r.len, r.from)).ok(), Some((3, None)));
    c.errno(
        "recv with nothing queued and MSG_DONTWAIT is EAGAIN",
        server.socket().recv_from(&mut [0u8; 8], MSG_DONTWAIT),
        EAGAIN,
    );
    // Half close: the server reads EOF, can still write back.
    c.ok("shutdown write", client.shutdown(Shutdown::Write));
    let mut rest = Vec::new();
    c.eq("server reads EOF after shutdown", (&server).read_to_end(&mut rest).ok(), Some(0));
    c.ok("server writes after client's half close", (&server).write_all(b"bye"));
    let mut bye = [0u8; 3];
    c.ok("client reads the reply", (&client).read_exact(&mut bye));
    c.errno("sending after shutdown(write) is EPIPE", client.socket().send_to(b"x", net::MSG_NOSIGNAL, None), EPIPE);
    drop(server);
    let mut tail = Vec::new();
    c.eq("EOF after the server closes", (&client).read_to_end(&mut tail).ok(), Some(0));

    // preview1 sock_accept.
    let c2 = TcpStream::connect(lo(port)).unwrap();
    let accepted = listener.socket().sock_accept(false);
    if let Some(s) = c.ok("sock_accept", accepted) {
        c.eq("sock_accept'ed socket's peer", s.peer_addr().ok(), c2.local_addr().ok().map(SockAddr::Inet));
    }
}

fn udp(c: &mut Checks) {
    let a = UdpSocket::bind(lo(0)).unwrap();
    let b = UdpSocket::bind(lo(0)).unwrap();
    let aa = a.local_addr().unwrap();
    let ba = b.local_addr().unwrap();
    c.eq("fdstat filetype of a datagram socket", net::filetype(a.as_raw_fd()).ok(), Some(5));
    c.eq(
        "SO_TYPE of a datagram socket",
        a.socket().getsockopt(opt::SOL_SOCKET, opt::SO_TYPE).ok(),
        Some(SOCK_DGRAM as i32),
    );
    for m in [&b"one"[..], b"", b"three!"] {
        a.send_to(m, ba).unwrap();
    }
    let mut buf = [0u8; 64];
    let mut got = Vec::new();
    for _ in 0..3 {
        let (n, from) = b.recv_from(&mut buf).unwrap();
        got.push((buf[..n].to_vec(), from));
    }
    c.eq(
        "datagram boundaries are kept (including an empty one)",
        got,
        vec![(b"one".to_vec(), aa), (Vec::new(), aa), (b"three!".to_vec(), aa)],
    );
    a.send_to(b"0123456789", ba).unwrap();
    let mut small = [0u8; 4];
    let r = b.socket().recv_from(&mut small, MSG_PEEK).unwrap();
    c.eq("recvfrom peek reports the full length", (r.len, r.full_len), (4, 10));
    let r = b.socket().sock_recv(&mut small, 0).unwrap();
    c.eq("sock_recv truncates with RECV_DATA_TRUNCATED", (r.len, r.truncated), (4, true));
    c.eq("truncated data", &small, b"0123");
    a.send_to(b"abcdef", ba).unwrap();
    let (mut x, mut y) = ([0u8; 2], [0u8; 10]);
    let r = b.socket().sock_recv_vectored(&mut [&mut x, &mut y], 0).unwrap();
    c.eq(
        "a datagram scatters over two buffers",
        (r.len, r.truncated, &x[..], &y[..4]),
        (6, false, &b"ab"[..], &b"cdef"[..]),
    );
    c.ok(
        "sock_send of two buffers",
        a.socket().sock_send_vectored(&[b"jo", b"ined"]).map(|_| ()).or_else(|e| {
            // Unconnected: no destination.
            if e.raw_os_error() == Some(EDESTADDRREQ) {
                Ok(())
            } else {
                Err(e)
            }
        }),
    );
    c.ok("connect udp", a.connect(ba));
    c.ok("sock_send of two buffers is one datagram", a.socket().sock_send_vectored(&[b"jo", b"ined"]).map(|_| ()));
    let n = b.recv(&mut buf).unwrap_or(0);
    c.eq("joined datagram", &buf[..n], b"joined");
    // A connected socket whose peer is gone learns it on the next call.
    let gone = UdpSocket::bind(lo(0)).unwrap();
    let gone_addr = gone.local_addr().unwrap();
    drop(gone);
    let d = UdpSocket::bind(lo(0)).unwrap();
    d.connect(gone_addr).unwrap();
    c.ok("send to a vanished peer succeeds", d.send(b"x").map(|_| ()));
    c.errno("then the next call is ECONNREFUSED", d.send(b"x"), ECONNREFUSED);
}

fn unix(c: &mut Checks) {
    let (mut p, mut q) = UnixStream::pair().unwrap();
    c.ok("unix pair write", p.write_all(b"over unix"));
    let mut buf = [0u8; 9];
    c.ok("unix pair read", q.read_exact(&mut buf));
    c.eq("unix pair data", &buf, b"over unix");
    c.errno("TCP_NODELAY on unix is ENOTSUP", p.socket().setsockopt(opt::IPPROTO_TCP, opt::TCP_NODELAY, 1), ENOTSUP);
    c.eq("unix pair peer is unnamed", p.socket().peer_addr().ok(), Some(SockAddr::Unix(UnixName::Unnamed)));
    let (d1, d2) = Socket::pair(SOCK_DGRAM, 0).unwrap();
    d1.sock_send(b"dgram").unwrap();
    d1.sock_send(b"s").unwrap();
    let mut b2 = [0u8; 16];
    let r1 = d2.sock_recv(&mut b2, 0).unwrap().len;
    let r2 = d2.sock_recv(&mut b2[r1..], 0).unwrap().len;
    c.eq("unix datagram pair keeps boundaries", (r1, r2), (5, 1));
    std::fs::create_dir_all("/tmp").unwrap();
    let _ = std::fs::remove_file("/tmp/netcheck.sock");
    let l = UnixListener::bind("/tmp/netcheck.sock").unwrap();
    c.errno("binding an existing path is EADDRINUSE", UnixListener::bind("/tmp/netcheck.sock"), EADDRINUSE);
    let mut s = UnixStream::connect("/tmp/netcheck.sock").unwrap();
    let (mut t, _) = l.accept().unwrap();
    s.write_all(b"path").unwrap();
    let mut b4 = [0u8; 4];
    t.read_exact(&mut b4).unwrap();
    c.eq("unix path listener", &b4, b"path");
    c.eq(
        "unix listener's name",
        l.socket().local_addr().ok(),
        Some(SockAddr::Unix(UnixName::Path(b"/tmp/netcheck.sock".to_vec()))),
    );
    let a = Socket::new(AF_UNIX, SOCK_STREAM, 0).unwrap();
    c.ok("abstract bind", a.bind(&SockAddr::Unix(UnixName::Abstract(b"netcheck".to_vec()))));
    let _ = std::fs::remove_file("/tmp/netcheck.sock");
}

fn polling(c: &mut Checks) {
    let listener = TcpListener::bind(lo(0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let lfd = listener.as_raw_fd();
    let r = poll(&[(lfd, Interest::Read)], Some(Duration::from_millis(10)));
    c.eq("poll on an idle listener times out", r.ok().map(|v| v.len()), Some(0));
    let me = std::env::args().next().unwrap_or_else(|| "netcheck".into());
    let child = Command::new(&me).arg("connect").arg(port.to_string()).spawn();
    let Some(mut child) = c.ok("spawn the connecting helper", child) else { return };
    let r = poll(&[(lfd, Interest::Read)], Some(Duration::from_secs(20)));
    c.eq(
        "poll wakes when another process connects",
        r.ok().map(|v| v.iter().map(|e| (e.index, e.error)).collect::<Vec<_>>()),
        Some(vec![(0, 0)]),
    );
    let Some((mut conn, _)) = c.ok("accept after poll", listener.accept()) else { return };
    let r = poll(&[(conn.as_raw_fd(), Interest::Read)], Some(Duration::from_secs(20)));
    c.eq("poll wakes on data", r.ok().map(|v| v.len()), Some(1));
    let mut buf = [0u8; 4];
    c.ok("read ping", conn.read_exact(&mut buf));
    c.eq("ping", &buf, b"ping");
    let r = poll(&[(conn.as_raw_fd(), Interest::Write)], Some(Duration::from_secs(20)));
    c.eq("a connected stream is writable", r.ok().map(|v| v.len()), Some(1));
    c.ok("write pong", conn.write_all(b"pong"));
    let r = poll(&[(conn.as_raw_fd(), Interest::Read)], Some(Duration::from_secs(20)));
    c.eq(
        "poll wakes on the peer's close, with hangup",
        r.ok().map(|v| v.iter().map(|e| e.hangup).collect::<Vec<_>>()),
        Some(vec![true]),
    );
    c.eq("helper exited 0", child.wait().ok().map(|s| s.code), Some(Some(0)));
}

fn hostile(c: &mut Checks) {
    let s = Socket::new(AF_INET, SOCK_DGRAM, 0).unwrap();
    let fd = s.as_raw_fd();
    let good = SockAddr::Inet(lo(0)).encode();
    let bad_ptr = 0xffff_fff0usize as *const u8;
    unsafe {
        c.eq("bind with an address outside memory: EFAULT", sys::bind(fd, bad_ptr, 8), EFAULT);
        c.eq("bind with a huge length: EINVAL", sys::bind(fd, good.as_ptr(), 0x7fff_ffff), EINVAL);
        c.eq("bind with a short record: EINVAL", sys::bind(fd, good.as_ptr(), 5), EINVAL);
        let garbage = [99u8, 0, 1, 2, 3, 4, 5, 6];
        c.eq("bind with an unknown family: EAFNOSUPPORT", sys::bind(fd, garbage.as_ptr(), 8), EAFNOSUPPORT);
        let nul = b"\x01\x00\x01\x00/a\0b";
        let u = Socket::new(AF_UNIX, SOCK_STREAM, 0).unwrap();
        c.eq("unix path with a NUL: EINVAL", sys::bind(u.as_raw_fd(), nul.as_ptr(), nul.len() as u32), EINVAL);
        c.eq("inet address on a unix socket: EAFNOSUPPORT", sys::bind(u.as_raw_fd(), good.as_ptr(), 8), EAFNOSUPPORT);
        c.eq("connect with an address outside memory: EFAULT", sys::connect(fd, bad_ptr, 8), EFAULT);
        let mut out = 0u32;
        c.eq("socket of an unknown domain: EAFNOSUPPORT", sys::socket(77, 1, 0, &mut out), EAFNOSUPPORT);
        c.eq("socket of an unknown type: EPROTONOSUPPORT", sys::socket(2, 3, 0, &mut out), EPROTONOSUPPORT);
        c.eq("socket with unknown flags: EINVAL", sys::socket(2, 1, 0x80, &mut out), EINVAL);
        c.eq("socket with fd_out outside memory: EFAULT", sys::socket(2, 1, 0, 0xffff_fff0usize as *mut u32), EFAULT);
        c.eq("socketpair of inet: ENOTSUP", sys::socketpair(2, 1, 0, [0u32; 2].as_mut_ptr()), ENOTSUP);
        let mut res = [0u32; 3];
        c.eq(
            "recvfrom into a buffer past memory: EFAULT",
            sys::recvfrom(
                fd,
                0x10usize as *mut u8,
                0x7fff_ffff,
                MSG_DONTWAIT,
                std::ptr::null_mut(),
                0,
                res.as_mut_ptr(),
            ),
            EFAULT,
        );
        c.eq(
            "recvfrom with unknown flags: EINVAL",
            sys::recvfrom(fd, [0u8; 4].as_mut_ptr(), 4, 0x8000_0000, std::ptr::null_mut(), 0, res.as_mut_ptr()),
            EINVAL,
        );
        let mut sent = 0u32;
        c.eq(
            "sendto from a buffer past memory: EFAULT",
            sys::sendto(fd, 0x10usize as *const u8, 0xffff_fff0, 0, good.as_ptr(), 8, &mut sent),
            EFAULT,
        );
        c.eq(
            "sendto with a huge address length: EINVAL",
            sys::sendto(fd, b"x".as_ptr(), 1, 0, good.as_ptr(), 1 << 30, &mut sent),
            EINVAL,
        );
        c.eq("getsockopt into memory's end: EFAULT", sys::getsockopt(fd, 1, 3, 0xffff_fffeusize as *mut i32), EFAULT);
        c.eq("setsockopt of an unknown level: ENOPROTOOPT", sys::setsockopt(fd, 12345, 1, 1), ENOPROTOOPT);
        c.eq("shutdown how 7: EINVAL", sys::shutdown(fd, 7), EINVAL);
        c.eq("sock_shutdown how 0: EINVAL", wasi::sock_shutdown(fd as i32, 0), EINVAL);
        c.eq("getsockname of a closed fd: EBADF", sys::getsockname(999, [0u8; 8].as_mut_ptr(), 8, &mut out), EBADF);
        let mut short = [0u8; 4];
        let mut len = 0u32;
        c.eq("getsockname into a short buffer succeeds", sys::getsockname(fd, short.as_mut_ptr(), 4, &mut len), 0);
        c.eq("and reports the full length", len, 8);
        c.eq(
            "accept with fd_out outside memory: EFAULT",
            sys::accept(fd, 0, 0xffff_fff0usize as *mut u32, std::ptr::null_mut(), 0, std::ptr::null_mut()),
            EFAULT,
        );
        let (mut n, mut ro) = (0u32, 0u16);
        c.eq(
            "sock_recv with a huge iovec count: EFAULT",
            wasi::sock_recv(fd as i32, 0x100usize as *const wasi::Iovec, 0x7fff_ffff, 0, &mut n, &mut ro),
            EFAULT,
        );
        let iov = wasi::Iovec { buf: 0xffff_0000usize as *const u8, len: 0x10_0000 };
        c.eq("sock_send of an iovec past memory: EFAULT", wasi::sock_send(fd as i32, &iov, 1, 0, &mut n), EFAULT);
        c.eq("sock_send with flags: EINVAL", wasi::sock_send(fd as i32, &iov, 0, 1, &mut n), EINVAL);
        c.eq(
            "sock_recv with unknown flags: EINVAL",
            wasi::sock_recv(fd as i32, &iov, 0, 0x100, &mut n, &mut ro),
            EINVAL,
        );
        c.eq("sock_accept with flags other than nonblock: EINVAL", wasi::sock_accept(fd as i32, 1, &mut out), EINVAL);
        c.eq("sock_recv on a file: ENOTSOCK", wasi::sock_recv(1, &iov, 0, 0, &mut n, &mut ro), ENOTSOCK);
    }
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("connect") {
        helper(num_arg(2, "connect PORT").unwrap_or(0));
    }
    if std::env::args().nth(1).as_deref() == Some("try") {
        let addr: SocketAddr = num_arg(2, "try IP:PORT").unwrap_or_else(|| burrow_test_guests::usage("try IP:PORT"));
        println!("connect {addr}: {}", burrow_test_guests::outcome(&TcpStream::connect(addr)));
        return;
    }
    let mut c = Checks::new("netcheck");
    errnos(&mut c);
    tcp(&mut c);
    udp(&mut c);
    unix(&mut c);
    polling(&mut c);
    hostile(&mut c);
    c.finish()
}
