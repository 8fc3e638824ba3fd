//! `fd_bomb open|pipe|sockbuf`: takes kernel resources until the kernel refuses (`open`:
//! `/dev/null` over and over; `pipe`: new pipes, which also spend pipe buffers; `sockbuf`: 4 KiB
//! sends into a non-blocking socket pair nobody reads), prints `opened N descriptors, then
//! ERRNO` (`made N pipes, then ERRNO`, `buffered N bytes, then ERRNO`), gives everything back and
//! checks that the resource can be had again (`recovered`). Exits 0 if the kernel refused and it
//! recovered, 1 otherwise. Gives up after 1000000 descriptors or 1 GiB.
use std::fs::File;
use std::io::Write;

use burrow_guest::net::{Socket, NONBLOCK, SOCK_STREAM};

use burrow_test_guests::{close_fd, err_name};

const MAX: usize = 1_000_000;

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let (count, refused) = match mode.as_str() {
        "open" => {
            let mut files = Vec::new();
            let refused = loop {
                if files.len() == MAX {
                    break None;
                }
                match File::open("/dev/null") {
                    Ok(f) => files.push(f),
                    Err(e) => break Some(e),
                }
            };
            (files.len(), refused)
        }
        "pipe" => {
            let mut fds = Vec::new();
            let refused = loop {
                if fds.len() == MAX {
                    break None;
                }
                match burrow_guest::pipe(true, false) {
                    Ok((r, w)) => fds.push((r, w)),
                    Err(e) => break Some(e),
                }
            };
            let n = fds.len();
            for (r, w) in fds {
                close_fd(r);
                close_fd(w);
            }
            (n, refused)
        }
        "sockbuf" => {
            let mut sent = 0;
            let refused = match Socket::pair(SOCK_STREAM, NONBLOCK) {
                Err(e) => Some(e),
                Ok((a, _b)) => loop {
                    if sent >= 1 << 30 {
                        break None;
                    }
                    match (&a).write(&[b'x'; 4096]) {
                        Ok(n) => sent += n,
                        Err(e) => break Some(e),
                    }
                },
            };
            (sent, refused)
        }
        _ => burrow_test_guests::usage("open|pipe|sockbuf"),
    };
    let what = match mode.as_str() {
        "open" => "opened N descriptors",
        "pipe" => "made N pipes",
        _ => "buffered N bytes",
    };
    let what = what.replace('N', &count.to_string());
    match &refused {
        Some(e) => println!("{what}, then {}", err_name(e)),
        None => println!("{what}, never refused"),
    }
    let again = match mode.as_str() {
        "open" => File::open("/dev/null").map(drop),
        "pipe" => burrow_guest::pipe(true, false).map(|(r, w)| {
            close_fd(r);
            close_fd(w);
        }),
        _ => Socket::pair(SOCK_STREAM, NONBLOCK).and_then(|(a, _b)| (&a).write(&[b'y'; 4096]).map(drop)),
    };
    match &again {
        Ok(()) => println!("recovered"),
        Err(e) => println!("not recovered: {}", err_name(e)),
    }
    std::process::exit(if refused.is_some() && again.is_ok() { 0 } else { 1 })
}
