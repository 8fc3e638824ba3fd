//! `netbench OP N`: times socket traffic between two guest processes of one VM and prints the
//! nanoseconds per operation (monotonic clock) and a check value, for the benchmark suite's
//! socket rows. This process listens (or binds), spawns itself as the peer (`netbench peer-OP
//! ADDR`), accepts it, warms up, then times N operations:
//!
//! * `tcp-echo` / `unix-echo` / `udp-echo`: a 1-byte round trip (the peer echoes each byte);
//!   the check value is the sum of the bytes received back.
//! * `tcp-1m`: the peer sends 1 MiB and waits for a 1-byte acknowledgement; the check value is
//!   the bytes received per transfer (1048576).
//!
//! Exits 1 on any error (`netbench: ERRNO (what)`).
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Instant;

use burrow_guest::net::{TcpListener, TcpStream, UdpSocket, UnixListener, UnixStream};
use burrow_guest::process::Command;

const WARMUP: usize = 100;
const MIB: usize = 1 << 20;

fn fail(what: &str, e: std::io::Error) -> ! {
    eprintln!("netbench: {} ({what})", burrow_test_guests::err_name(&e));
    std::process::exit(1)
}

fn main() {
    let op = burrow_test_guests::arg(1, "OP N").into_string().unwrap_or_default();
    if let Some(peer) = op.strip_prefix("peer-") {
        let addr = burrow_test_guests::arg(2, "peer-OP ADDR").into_string().unwrap_or_default();
        peer_main(peer, &addr);
        return;
    }
    let n: usize = burrow_test_guests::num_arg(2, "OP N").unwrap_or_else(|| burrow_test_guests::usage("OP N"));
    let (ns, check) = match op.as_str() {
        "tcp-echo" => {
            let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).unwrap_or_else(|e| fail("bind", e));
            let port = listener.local_addr().unwrap_or_else(|e| fail("local_addr", e)).port();
            let mut child = spawn_peer(&op, &port.to_string());
            let (conn, _) = listener.accept().unwrap_or_else(|e| fail("accept", e));
            conn.set_nodelay(true).unwrap_or_else(|e| fail("nodelay", e));
            let r = round_trips(&conn, n);
            drop(conn);
            reap(&mut child);
            r
        }
        "unix-echo" => {
            let path = format!("/tmp/netbench-{}.sock", burrow_guest::getpid().unwrap_or_else(|e| fail("getpid", e)));
            let _ = std::fs::remove_file(&path);
            let listener = UnixListener::bind(&path).unwrap_or_else(|e| fail("bind", e));
            let mut child = spawn_peer(&op, &path);
            let (conn, _) = listener.accept().unwrap_or_else(|e| fail("accept", e));
            let r = round_trips(&conn, n);
            drop(conn);
            reap(&mut child);
            let _ = std::fs::remove_file(&path);
            r
        }
        "udp-echo" => {
            let sock = UdpSocket::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).unwrap_or_else(|e| fail("bind", e));
            let port = sock.local_addr().unwrap_or_else(|e| fail("local_addr", e)).port();
            let mut child = spawn_peer(&op, &port.to_string());
            // The peer announces itself with one datagram; from then on the socket talks to it only.
            let mut hello = [0u8; 8];
            let (_, peer) = sock.recv_from(&mut hello).unwrap_or_else(|e| fail("recv hello", e));
            sock.connect(peer).unwrap_or_else(|e| fail("connect", e));
            let r = udp_round_trips(&sock, n);
            sock.send(&[]).unwrap_or_else(|e| fail("send end", e));
            reap(&mut child);
            r
        }
        "tcp-1m" => {
            let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).unwrap_or_else(|e| fail("bind", e));
            let port = listener.local_addr().unwrap_or_else(|e| fail("local_addr", e)).port();
            let mut child = spawn_peer(&op, &format!("{port} {}", n + 1));
            let (mut conn, _) = listener.accept().unwrap_or_else(|e| fail("accept", e));
            let mut buf = vec![0u8; 256 * 1024];
            let mut transfer = |conn: &mut TcpStream| -> usize {
                let mut got = 0;
                while got < MIB {
                    let k = conn.read(&mut buf).unwrap_or_else(|e| fail("read", e));
                    if k == 0 {
                        break;
                    }
                    got += k;
                }
                conn.write_all(b"k").unwrap_or_else(|e| fail("ack", e));
                got
            };
            transfer(&mut conn);
            let start = Instant::now();
            let mut per = MIB;
            for _ in 0..n {
                per = per.min(transfer(&mut conn));
            }
            let ns = start.elapsed().as_nanos() as f64 / n as f64;
            drop(conn);
            reap(&mut child);
            (ns, per as u64)
        }
        _ => burrow_test_guests::usage("OP N (tcp-echo, unix-echo, udp-echo, tcp-1m)"),
    };
    println!("{} {check}", ns.round() as u64);
}

fn spawn_peer(op: &str, addr: &str) -> burrow_guest::process::Child {
    let me = std::env::args().next().unwrap_or_else(|| "netbench".into());
    Command::new(&me).arg(format!("peer-{op}")).arg(addr).spawn().unwrap_or_else(|e| fail("spawn", e))
}

fn reap(child: &mut burrow_guest::process::Child) {
    match child.wait() {
        Ok(status) if status.success() => {}
        Ok(status) => {
            eprintln!("netbench: the peer exited with {status:?}");
            std::process::exit(1)
        }
        Err(e) => fail("wait", e),
    }
}

/// WARMUP then `n` timed 1-byte round trips over a stream; ns per trip and the bytes' sum.
fn round_trips<S>(mut conn: S, n: usize) -> (f64, u64)
where
    S: Read + Write,
{
    let mut sum = 0u64;
    let trip = |i: usize, conn: &mut S| -> u64 {
        let b = [(i % 251) as u8];
        conn.write_all(&b).unwrap_or_else(|e| fail("write", e));
        let mut back = [0u8; 1];
        conn.read_exact(&mut back).unwrap_or_else(|e| fail("read", e));
        u64::from(back[0])
    };
    for i in 0..WARMUP {
        trip(i, &mut conn);
    }
    let start = Instant::now();
    for i in 0..n {
        sum += trip(i, &mut conn);
    }
    (start.elapsed().as_nanos() as f64 / n as f64, sum)
}

fn udp_round_trips(sock: &UdpSocket, n: usize) -> (f64, u64) {
    let mut sum = 0u64;
    let trip = |i: usize| -> u64 {
        sock.send(&[(i % 251) as u8]).unwrap_or_else(|e| fail("send", e));
        let mut back = [0u8; 4];
        let k = sock.recv(&mut back).unwrap_or_else(|e| fail("recv", e));
        if k != 1 {
            eprintln!("netbench: a {k}-byte echo");
            std::process::exit(1)
        }
        u64::from(back[0])
    };
    for i in 0..WARMUP {
        trip(i);
    }
    let start = Instant::now();
    for i in 0..n {
        sum += trip(i);
    }
    (start.elapsed().as_nanos() as f64 / n as f64, sum)
}

/// The peer: echoes (or sends megabytes) until the other side is done.
fn peer_main(op: &str, addr: &str) {
    match op {
        "tcp-echo" => {
            let port: u16 = addr.parse().unwrap_or(0);
            let conn = TcpStream::connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).unwrap_or_else(|e| fail("connect", e));
            conn.set_nodelay(true).unwrap_or_else(|e| fail("nodelay", e));
            echo(conn);
        }
        "unix-echo" => echo(UnixStream::connect(addr).unwrap_or_else(|e| fail("connect", e))),
        "udp-echo" => {
            let port: u16 = addr.parse().unwrap_or(0);
            let sock = UdpSocket::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).unwrap_or_else(|e| fail("bind", e));
            sock.connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).unwrap_or_else(|e| fail("connect", e));
            sock.send(b"hello").unwrap_or_else(|e| fail("send hello", e));
            let mut buf = [0u8; 64];
            loop {
                let k = sock.recv(&mut buf).unwrap_or_else(|e| fail("recv", e));
                if k == 0 {
                    break;
                }
                sock.send(&buf[..k]).unwrap_or_else(|e| fail("send", e));
            }
        }
        "tcp-1m" => {
            let mut parts = addr.split(' ');
            let port: u16 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
            let count: usize = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
            let mut conn = TcpStream::connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).unwrap_or_else(|e| fail("connect", e));
            let chunk = vec![0x5au8; MIB];
            let mut ack = [0u8; 1];
            for _ in 0..count {
                conn.write_all(&chunk).unwrap_or_else(|e| fail("write", e));
                conn.read_exact(&mut ack).unwrap_or_else(|e| fail("read ack", e));
            }
        }
        _ => burrow_test_guests::usage("peer-OP ADDR"),
    }
}

/// Echoes every byte back until the other side closes.
fn echo<S: Read + Write>(mut conn: S) {
    let mut buf = [0u8; 4096];
    loop {
        let k = conn.read(&mut buf).unwrap_or_else(|e| fail("read", e));
        if k == 0 {
            return;
        }
        conn.write_all(&buf[..k]).unwrap_or_else(|e| fail("write", e));
    }
}
