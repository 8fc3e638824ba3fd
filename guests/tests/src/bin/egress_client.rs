//! `egress_client HOST PORT [MESSAGE [TIMES]]`: resolves HOST for PORT through `burrow.resolve`
//! and connects to its first address (`TcpStream::connect_host`), prints
//! `connected to PEER from LOCAL_IP`, sends MESSAGE (default `hello`) TIMES times (default 1),
//! shuts down writing, reads the reply to its end and prints `reply: N bytes: START` (START: the
//! reply's first 40 bytes), exit 0. Any error: `egress_client: ERRNO (what)`, exit 1.
//!
//! `egress_client resolve NAME [PORT]`: prints `NAME: ADDR...` (exit 0) or `NAME: ERRNO` (exit 1).
use std::io::{Read, Write};
use std::net::Shutdown;

use burrow_guest::net::{resolve, TcpStream};
use burrow_test_guests::{arg, err_name, num_arg, usage};

const USAGE: &str = "HOST PORT [MESSAGE [TIMES]] | resolve NAME [PORT]";

fn fail(what: &str, e: std::io::Error) -> ! {
    println!("egress_client: {} ({what})", err_name(&e));
    std::process::exit(1)
}

fn main() {
    let first = arg(1, USAGE).into_string().unwrap_or_else(|_| usage(USAGE));
    if first == "resolve" {
        let name = arg(2, USAGE).into_string().unwrap_or_else(|_| usage(USAGE));
        let port: Option<u16> = num_arg(3, USAGE);
        match resolve(&name, port) {
            Ok(ips) => {
                let ips: Vec<String> = ips.iter().map(|ip| ip.to_string()).collect();
                println!("{name}: {}", ips.join(" "));
            }
            Err(e) => {
                println!("{name}: {}", err_name(&e));
                std::process::exit(1);
            }
        }
        return;
    }
    let port: u16 = num_arg(2, USAGE).unwrap_or_else(|| usage(USAGE));
    let msg = std::env::args().nth(3).unwrap_or_else(|| "hello".into());
    let times: usize = num_arg(4, USAGE).unwrap_or(1);
    let mut conn = TcpStream::connect_host(&first, port).unwrap_or_else(|e| fail("connect", e));
    let peer = conn.peer_addr().unwrap_or_else(|e| fail("getpeername", e));
    let local = conn.local_addr().unwrap_or_else(|e| fail("getsockname", e));
    println!("connected to {peer} from {}", local.ip());
    let data = msg.as_bytes().repeat(times);
    conn.write_all(&data).unwrap_or_else(|e| fail("write", e));
    conn.shutdown(Shutdown::Write).unwrap_or_else(|e| fail("shutdown", e));
    let mut reply = Vec::new();
    conn.read_to_end(&mut reply).unwrap_or_else(|e| fail("read", e));
    let start = String::from_utf8_lossy(&reply[..reply.len().min(40)]).into_owned();
    println!("reply: {} bytes: {start}", reply.len());
}
