//! `http_get PORT PATH`: a minimal HTTP/1.1 client. Connects to `127.0.0.1:PORT` (retrying for
//! up to 10 s while nothing listens), sends `GET PATH` with `Connection: close`, reads the
//! response to the end of the connection and prints `status: STATUS LINE` and `body: BODY` (a
//! chunked body decoded), exit 0. Any error: `http_get: ERROR (what)` or
//! `http_get: malformed response`, exit 1.
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use burrow_guest::net::TcpStream;
use burrow_test_guests::{arg, err_name, num_arg, usage};

const USAGE: &str = "PORT PATH";

fn fail(what: &str, e: std::io::Error) -> ! {
    println!("http_get: {} ({what})", err_name(&e));
    std::process::exit(1)
}

fn malformed() -> ! {
    println!("http_get: malformed response");
    std::process::exit(1)
}

/// Decodes a chunked body (chunk extensions and trailers ignored).
fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else { malformed() };
        let line = std::str::from_utf8(&rest[..eol]).unwrap_or_else(|_| malformed());
        let size =
            usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16).unwrap_or_else(|_| malformed());
        rest = &rest[eol + 2..];
        if size == 0 {
            return body;
        }
        if rest.len() < size + 2 {
            malformed();
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

fn main() {
    let port: u16 = num_arg(1, USAGE).unwrap_or_else(|| usage(USAGE));
    let path = arg(2, USAGE).into_string().unwrap_or_else(|_| usage(USAGE));
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut conn = TcpStream::connect_retry(addr, Duration::from_secs(10)).unwrap_or_else(|e| fail("connect", e));
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    conn.write_all(request.as_bytes()).unwrap_or_else(|e| fail("write", e));
    let mut response = Vec::new();
    conn.read_to_end(&mut response).unwrap_or_else(|e| fail("read", e));
    let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") else { malformed() };
    let head = String::from_utf8_lossy(&response[..end]).into_owned();
    let rest = &response[end + 4..];
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap_or_default();
    let chunked = lines.any(|l| {
        l.split_once(':').is_some_and(|(k, v)| {
            k.trim().eq_ignore_ascii_case("transfer-encoding") && v.trim().eq_ignore_ascii_case("chunked")
        })
    });
    let body = if chunked { dechunk(rest) } else { rest.to_vec() };
    println!("status: {status}");
    println!("body: {}", String::from_utf8_lossy(&body));
}
