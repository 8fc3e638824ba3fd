//! `echo_client PORT MESSAGE [TIMES]`: connects to `127.0.0.1:PORT` (retrying for up to 10 s
//! while nothing listens, so it can start beside its server), sends MESSAGE TIMES times (1 by
//! default), shuts down writing, reads the echo to its end and prints
//! `client: sent B bytes, echo matches: MESSAGE` (exit 0), or `client: echo differs` /
//! `client: ERROR (what)` (exit 1).
use std::io::{Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr};
use std::time::Duration;

use burrow_guest::net::TcpStream;
use burrow_test_guests::{arg, err_name, num_arg, usage};

fn fail(what: &str, e: std::io::Error) -> ! {
    println!("client: {} ({what})", err_name(&e));
    std::process::exit(1)
}

fn main() {
    let port: u16 = num_arg(1, "PORT MESSAGE [TIMES]").unwrap_or_else(|| usage("PORT MESSAGE [TIMES]"));
    let msg = arg(2, "PORT MESSAGE [TIMES]").into_string().unwrap_or_else(|_| usage("PORT MESSAGE [TIMES]"));
    let times: usize = num_arg(3, "PORT MESSAGE [TIMES]").unwrap_or(1);
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut conn = TcpStream::connect_retry(addr, Duration::from_secs(10)).unwrap_or_else(|e| fail("connect", e));
    let want: Vec<u8> = msg.as_bytes().repeat(times);
    // Write and read in turns so neither side's buffer ever has to hold everything.
    let mut echoed = Vec::with_capacity(want.len());
    let mut buf = vec![0u8; 16 * 1024];
    for chunk in want.chunks(8 * 1024) {
        conn.write_all(chunk).unwrap_or_else(|e| fail("write", e));
        let mut got = 0;
        while got < chunk.len() {
            let n = conn.read(&mut buf).unwrap_or_else(|e| fail("read", e));
            if n == 0 {
                break;
            }
            echoed.extend_from_slice(&buf[..n]);
            got += n;
        }
    }
    conn.shutdown(Shutdown::Write).unwrap_or_else(|e| fail("shutdown", e));
    conn.read_to_end(&mut echoed).unwrap_or_else(|e| fail("read", e));
    if echoed != want {
        println!("client: echo differs ({} of {} bytes)", echoed.len(), want.len());
        std::process::exit(1);
    }
    println!("client: sent {} bytes, echo matches: {msg}", want.len());
}
