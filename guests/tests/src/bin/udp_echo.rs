//! `udp_echo server PORT N`: binds `127.0.0.1:PORT`, echoes N datagrams back to their senders,
//! then prints `udp server: N datagrams, B bytes`.
//! `udp_echo client PORT MESSAGE...`: a socket connected to `127.0.0.1:PORT` sends each MESSAGE
//! as one datagram and waits for its echo (resending while the server is not bound yet: the
//! kernel reports the dropped datagram as ECONNREFUSED on the next call), printing
//! `udp client: MESSAGE -> ECHO` per message. Errors: `udp ...: ERROR (what)`, exit 1.
use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use burrow_guest::errno::ECONNREFUSED;
use burrow_guest::net::UdpSocket;
use burrow_test_guests::{err_name, num_arg, usage};

const USAGE: &str = "server PORT N | client PORT MESSAGE...";

fn fail(who: &str, what: &str, e: std::io::Error) -> ! {
    println!("udp {who}: {} ({what})", err_name(&e));
    std::process::exit(1)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let port: u16 = num_arg(2, USAGE).unwrap_or_else(|| usage(USAGE));
    let server = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut buf = vec![0u8; 65536];
    match args.get(1).map(String::as_str) {
        Some("server") => {
            let n: usize = num_arg(3, USAGE).unwrap_or_else(|| usage(USAGE));
            let s = UdpSocket::bind(server).unwrap_or_else(|e| fail("server", "bind", e));
            let mut bytes = 0;
            for _ in 0..n {
                let (len, from) = s.recv_from(&mut buf).unwrap_or_else(|e| fail("server", "recv", e));
                s.send_to(&buf[..len], from).unwrap_or_else(|e| fail("server", "send", e));
                bytes += len;
            }
            println!("udp server: {n} datagrams, {bytes} bytes");
        }
        Some("client") => {
            let s = UdpSocket::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
                .unwrap_or_else(|e| fail("client", "bind", e));
            s.connect(server).unwrap_or_else(|e| fail("client", "connect", e));
            let start = Instant::now();
            for msg in &args[3..] {
                let len = loop {
                    s.send(msg.as_bytes()).unwrap_or_else(|e| fail("client", "send", e));
                    match s.recv(&mut buf) {
                        Ok(len) => break len,
                        Err(e)
                            if e.raw_os_error() == Some(ECONNREFUSED) && start.elapsed() < Duration::from_secs(10) =>
                        {
                            std::thread::sleep(Duration::from_millis(2));
                        }
                        Err(e) => fail("client", "recv", e),
                    }
                };
                println!("udp client: {msg} -> {}", String::from_utf8_lossy(&buf[..len]));
            }
        }
        _ => usage(USAGE),
    }
}
