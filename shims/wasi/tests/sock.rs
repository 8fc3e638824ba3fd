//! Sockets through the shim: the `burrow` socket calls and preview1's `sock_*`, called directly
//! on one guest (both ends of every connection in one process), with addresses as bridge
//! records.

mod common;

use std::net::SocketAddr;

use burrow_bridge::sockaddr::{SockAddr, UnixName};
use burrow_wasi::burrow::{MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL};
use burrow_wasi::types::{filetype, Errno, RECV_DATA_TRUNCATED};
use common::*;

const AF_UNIX: i32 = 1;
const AF_INET: i32 = 2;
const STREAM: i32 = 1;
const DGRAM: i32 = 2;

fn e(x: Errno) -> i32 {
    x.raw()
}

fn socket(g: &mut Guest, domain: i32, ty: i32) -> i32 {
    assert_eq!(bw!(g, socket, domain, ty, 0, OUT), 0);
    g.u32_at(OUT) as i32
}

fn addr(g: &mut Guest, a: &SockAddr) -> (i32, i32) {
    let rec = a.encode();
    (g.put(&rec), rec.len() as i32)
}

fn lo(port: u16) -> SockAddr {
    SockAddr::Inet(SocketAddr::from(([127, 0, 0, 1], port)))
}

fn name(g: &mut Guest, fd: i32, peer: bool) -> Result<SockAddr, i32> {
    let buf = g.alloc(112);
    let r = if peer { bw!(g, getpeername, fd, buf, 112, OUT) } else { bw!(g, getsockname, fd, buf, 112, OUT) };
    if r != 0 {
        return Err(r);
    }
    let n = g.u32_at(OUT) as usize;
    Ok(SockAddr::decode(g.bytes(buf, n)).unwrap())
}

/// A listener on an ephemeral loopback port, a connected client and the accepted server end.
fn tcp_pair(g: &mut Guest) -> (i32, i32, i32, u16) {
    let l = socket(g, AF_INET, STREAM);
    let (a, n) = addr(g, &lo(0));
    assert_eq!(bw!(g, bind, l, a, n), 0);
    assert_eq!(bw!(g, listen, l, 8), 0);
    let Ok(SockAddr::Inet(bound)) = name(g, l, false) else { panic!("no inet name") };
    let c = socket(g, AF_INET, STREAM);
    let (a, n) = addr(g, &lo(bound.port()));
    assert_eq!(bw!(g, connect, c, a, n), 0);
    let peer = g.alloc(112);
    assert_eq!(bw!(g, accept, l, 0, OUT, peer, 112, OUT2), 0);
    let s = g.u32_at(OUT) as i32;
    let plen = g.u32_at(OUT2) as usize;
    assert_eq!(SockAddr::decode(g.bytes(peer, plen)).unwrap(), name(g, c, false).unwrap());
    (l, c, s, bound.port())
}

fn send(g: &mut Guest, fd: i32, data: &[&[u8]]) -> i32 {
    let (iovs, _) = g.iovs(data);
    let r = p1!(g, sock_send, fd, iovs, data.len() as i32, 0, OUT);
    assert_eq!(r, 0, "sock_send");
    g.u32_at(OUT) as i32
}

/// `sock_recv` into buffers of `sizes`; (bytes, ro_flags, the buffers' contents).
fn recv(g: &mut Guest, fd: i32, sizes: &[usize], flags: i32) -> Result<(u32, u16, Vec<Vec<u8>>), i32> {
    let zeros: Vec<Vec<u8>> = sizes.iter().map(|&n| vec![0u8; n]).collect();
    let refs: Vec<&[u8]> = zeros.iter().map(Vec::as_slice).collect();
    let (iovs, ptrs) = g.iovs(&refs);
    let r = p1!(g, sock_recv, fd, iovs, sizes.len() as i32, flags, OUT, OUT2);
    if r != 0 {
        return Err(r);
    }
    let bufs = ptrs.iter().zip(sizes).map(|(&p, &n)| g.bytes(p, n).to_vec()).collect();
    Ok((g.u32_at(OUT), g.u16_at(OUT2), bufs))
}

#[test]
fn tcp_through_sock_send_and_sock_recv() {
    let mut g = Guest::new();
    let (_l, c, s, _) = tcp_pair(&mut g);
    assert_eq!(send(&mut g, c, &[b"hello ", b"world"]), 11);
    // A stream receive fills the first buffer only, unless WAITALL.
    let (n, ro, bufs) = recv(&mut g, s, &[4, 20], 1).unwrap(); // peek
    assert_eq!((n, ro, bufs[0].as_slice()), (4, 0, &b"hell"[..]));
    let (n, _, bufs) = recv(&mut g, s, &[4, 20], 0).unwrap();
    assert_eq!((n, bufs[0].as_slice()), (4, &b"hell"[..]));
    let (n, _, bufs) = recv(&mut g, s, &[3, 4], 2).unwrap(); // waitall
    assert_eq!((n, bufs[0].as_slice(), bufs[1].as_slice()), (7, &b"o w"[..], &b"orld"[..]));
    // Shutdown: EOF for the peer.
    assert_eq!(p1!(g, sock_shutdown, c, 2), 0);
    let (n, _, _) = recv(&mut g, s, &[8], 2).unwrap();
    assert_eq!(n, 0);
    assert_eq!(p1!(g, sock_shutdown, c, 0), e(Errno::INVAL));
    assert_eq!(p1!(g, sock_shutdown, c, 4), e(Errno::INVAL));
    // fdstat: a stream socket.
    assert_eq!(p1!(g, fd_fdstat_get, s, OUT), 0);
    assert_eq!(g.bytes(OUT, 1)[0], filetype::SOCKET_STREAM);
}

#[test]
fn datagrams_keep_boundaries_and_report_truncation() {
    let mut g = Guest::new();
    let a = socket(&mut g, AF_INET, DGRAM);
    let b = socket(&mut g, AF_INET, DGRAM);
    let (p, n) = addr(&mut g, &lo(0));
    assert_eq!(bw!(g, bind, b, p, n), 0);
    let bname = name(&mut g, b, false).unwrap();
    let (p, n) = addr(&mut g, &bname);
    let data = g.put(b"0123456789");
    assert_eq!(bw!(g, sendto, a, data, 10, 0, p, n, OUT), 0);
    assert_eq!(bw!(g, sendto, a, data, 3, 0, p, n, OUT), 0);
    assert_eq!(bw!(g, sendto, a, data, 0, 0, p, n, OUT), 0);
    // recvfrom with peek: full length and sender.
    let buf = g.alloc(4);
    let from = g.alloc(112);
    let res = g.alloc(12);
    assert_eq!(bw!(g, recvfrom, b, buf, 4, MSG_PEEK, from, 112, res), 0);
    assert_eq!((g.u32_at(res), g.u32_at(res + 4)), (4, 10));
    let alen = g.u32_at(res + 8) as usize;
    // `a` was bound implicitly to the wildcard; the datagram came from loopback.
    let Ok(SockAddr::Inet(aname)) = name(&mut g, a, false) else { panic!("no inet name") };
    assert_eq!(SockAddr::decode(g.bytes(from, alen)).unwrap(), lo(aname.port()));
    // sock_recv: scattered, truncated.
    let (n, ro, bufs) = recv(&mut g, b, &[2, 4], 0).unwrap();
    assert_eq!((n, ro), (6, RECV_DATA_TRUNCATED));
    assert_eq!((bufs[0].as_slice(), bufs[1].as_slice()), (&b"01"[..], &b"2345"[..]));
    let (n, ro, _) = recv(&mut g, b, &[8], 0).unwrap();
    assert_eq!((n, ro), (3, 0));
    let (n, ro, _) = recv(&mut g, b, &[8], 0).unwrap();
    assert_eq!((n, ro), (0, 0));
    assert_eq!(bw!(g, recvfrom, b, buf, 4, MSG_DONTWAIT, from, 0, res), e(Errno::AGAIN));
    // fdstat and filestat: a datagram socket.
    assert_eq!(p1!(g, fd_fdstat_get, b, OUT), 0);
    assert_eq!(g.bytes(OUT, 1)[0], filetype::SOCKET_DGRAM);
    let st = g.alloc(64);
    assert_eq!(p1!(g, fd_filestat_get, b, st), 0);
    assert_eq!(g.bytes(st + 16, 1)[0], filetype::SOCKET_DGRAM);
    // sock_send of two buffers on a connected datagram socket: one datagram.
    let (p, n) = addr(&mut g, &bname);
    assert_eq!(bw!(g, connect, a, p, n), 0);
    assert_eq!(send(&mut g, a, &[b"jo", b"ined"]), 6);
    let (n, ro, bufs) = recv(&mut g, b, &[16], 0).unwrap();
    assert_eq!((n, ro, &bufs[0][..6]), (6, 0, &b"joined"[..]));
    // fd_write and fd_read: one datagram, however many buffers (even past PIPE_BUF).
    let big = vec![7u8; 5000];
    let (iovs, _) = g.iovs(&[b"head", &big]);
    assert_eq!(p1!(g, fd_write, a, iovs, 2, OUT), 0);
    assert_eq!(g.u32_at(OUT), 5004);
    let (iovs, ptrs) = g.iovs(&[&[0u8; 2], &[0u8; 6000]]);
    assert_eq!(p1!(g, fd_read, b, iovs, 2, OUT), 0);
    assert_eq!(g.u32_at(OUT), 5004);
    assert_eq!((g.bytes(ptrs[0], 2), g.bytes(ptrs[1], 3)), (&b"he"[..], &b"ad\x07"[..]));
}

#[test]
fn errnos_the_kernel_decides_reach_the_guest() {
    let mut g = Guest::new();
    let (_l, _c, _s, port) = tcp_pair(&mut g);
    let x = socket(&mut g, AF_INET, STREAM);
    let (p, n) = addr(&mut g, &lo(port));
    assert_eq!(bw!(g, bind, x, p, n), e(Errno::ADDRINUSE));
    let (p, n) = addr(&mut g, &lo(1));
    assert_eq!(bw!(g, connect, x, p, n), e(Errno::CONNREFUSED));
    let (p, n) = addr(&mut g, &SockAddr::Inet("203.0.113.9:443".parse().unwrap()));
    let y = socket(&mut g, AF_INET, STREAM);
    assert_eq!(bw!(g, connect, y, p, n), e(Errno::ACCES));
    assert_eq!(name(&mut g, y, true), Err(e(Errno::NOTCONN)));
    assert_eq!(bw!(g, listen, PREOPEN, 4), e(Errno::NOTSOCK));
    assert_eq!(p1!(g, sock_accept, PREOPEN, 0, OUT), e(Errno::NOTSOCK));
    assert_eq!(p1!(g, sock_accept, 99, 0, OUT), e(Errno::BADF));
    assert_eq!(p1!(g, sock_accept, y, 1, OUT), e(Errno::INVAL));
    // Options.
    assert_eq!(bw!(g, setsockopt, y, 1, 8, 4096), 0);
    assert_eq!(bw!(g, getsockopt, y, 1, 8, OUT), 0);
    assert_eq!(g.u32_at(OUT), 4096);
    assert_eq!(bw!(g, getsockopt, y, 1, 3, OUT), 0);
    assert_eq!(g.u32_at(OUT), 1);
    assert_eq!(bw!(g, getsockopt, y, 1, 999, OUT), e(Errno::NOPROTOOPT));
    assert_eq!(bw!(g, shutdown, y, 3), e(Errno::INVAL));
}

#[test]
fn unix_pairs_and_names() {
    let mut g = Guest::new();
    assert_eq!(bw!(g, socketpair, AF_UNIX, STREAM, 0, OUT), 0);
    let (a, b) = (g.u32_at(OUT) as i32, g.u32_at(OUT + 4) as i32);
    assert_eq!(send(&mut g, a, &[b"x"]), 1);
    assert_eq!(recv(&mut g, b, &[4], 0).unwrap().0, 1);
    assert_eq!(name(&mut g, a, true), Ok(SockAddr::Unix(UnixName::Unnamed)));
    assert_eq!(bw!(g, socketpair, AF_INET, STREAM, 0, OUT), e(Errno::NOTSUP));
    let s = socket(&mut g, AF_UNIX, STREAM);
    let path = SockAddr::Unix(UnixName::Path(b"/sock".to_vec()));
    let (p, n) = addr(&mut g, &path);
    assert_eq!(bw!(g, bind, s, p, n), 0);
    assert_eq!(name(&mut g, s, false), Ok(path));
    // A name longer than the caller's buffer is cut, its full length reported.
    let buf = g.alloc(4);
    assert_eq!(bw!(g, getsockname, s, buf, 4, OUT), 0);
    assert_eq!((g.bytes(buf, 4), g.u32_at(OUT)), (&[1u8, 0, 1, 0][..], 9));
}

#[test]
fn hostile_arguments_get_errnos() {
    let mut g = Guest::new();
    let s = socket(&mut g, AF_INET, DGRAM);
    let good = g.put(&lo(0).encode());
    assert_eq!(bw!(g, bind, s, good, 0x7fff_ffff), e(Errno::INVAL));
    assert_eq!(bw!(g, bind, s, good, -1), e(Errno::INVAL));
    assert_eq!(bw!(g, bind, s, good, 7), e(Errno::INVAL));
    assert_eq!(bw!(g, bind, s, -16, 8), e(Errno::FAULT));
    let junk = g.put(&[0xff, 0xff, 0, 0, 0, 0, 0, 0]);
    assert_eq!(bw!(g, bind, s, junk, 8), e(Errno::AFNOSUPPORT));
    assert_eq!(bw!(g, socket, 2, 1, 0x100, OUT), e(Errno::INVAL));
    assert_eq!(bw!(g, socket, -1, 1, 0, OUT), e(Errno::AFNOSUPPORT));
    assert_eq!(bw!(g, socket, 2, -1, 0, OUT), e(Errno::PROTONOSUPPORT));
    assert_eq!(bw!(g, sendto, s, 0, -1, 0, good, 8, OUT), e(Errno::FAULT));
    assert_eq!(bw!(g, sendto, s, 0, 1, 0x1, good, 8, OUT), e(Errno::INVAL));
    assert_eq!(bw!(g, recvfrom, s, 0, 16, MSG_WAITALL | 0x8, 0, 0, OUT), e(Errno::INVAL));
    assert_eq!(bw!(g, recvfrom, s, 0, 16, 0, 0, 0, -4), e(Errno::FAULT));
    assert_eq!(bw!(g, accept, s, 0, OUT, -100, 112, OUT2), e(Errno::FAULT));
    assert_eq!(bw!(g, getsockname, s, 0, i32::MAX, OUT), e(Errno::FAULT));
    // A datagram bigger than any socket buffer, gathered from overlapping iovecs.
    let iovs = g.alloc(8 * 1024);
    for i in 0..1024 {
        g.set_u32(iovs + 8 * i, 0);
        g.set_u32(iovs + 8 * i + 4, 60_000);
    }
    assert_eq!(p1!(g, sock_send, s, iovs, 1024, 0, OUT), e(Errno::MSGSIZE));
    assert_eq!(p1!(g, sock_recv, s, iovs, 1 << 30, 0, OUT, OUT2), e(Errno::FAULT));
    assert_eq!(p1!(g, sock_recv, s, iovs, 1, 4, OUT, OUT2), e(Errno::INVAL));
}
