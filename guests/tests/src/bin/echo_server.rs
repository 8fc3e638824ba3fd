//! `echo_server PORT N`: listens on `127.0.0.1:PORT`, accepts N connections one after another
//! and echoes each until its client shuts down writing, then prints one line,
//! `server: N connections, B bytes echoed`, and exits 0. Any error: `server: ERROR (what)`,
//! exit 1.
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr};

use burrow_guest::net::TcpListener;
use burrow_test_guests::{err_name, num_arg, usage};

fn fail(what: &str, e: std::io::Error) -> ! {
    println!("server: {} ({what})", err_name(&e));
    std::process::exit(1)
}

fn main() {
    let port: u16 = num_arg(1, "PORT N").unwrap_or_else(|| usage("PORT N"));
    let n: usize = num_arg(2, "PORT N").unwrap_or_else(|| usage("PORT N"));
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).unwrap_or_else(|e| fail("bind", e));
    let mut total = 0usize;
    let mut buf = vec![0u8; 16 * 1024];
    for _ in 0..n {
        let (mut conn, _peer) = listener.accept().unwrap_or_else(|e| fail("accept", e));
        loop {
            let got = conn.read(&mut buf).unwrap_or_else(|e| fail("read", e));
            if got == 0 {
                break;
            }
            conn.write_all(&buf[..got]).unwrap_or_else(|e| fail("write", e));
            total += got;
        }
    }
    println!("server: {n} connections, {total} bytes echoed");
}
