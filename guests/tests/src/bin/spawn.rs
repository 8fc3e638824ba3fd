//! `spawn PROG [ARG...]`: runs PROG with the ARGs (argv[0] = PROG), its stdout through a burrow
//! pipe that this guest reads to the end and prints line by line as `child: LINE`, then waits and
//! prints `status: exit N` or `status: signal N`. Exits 0 if all of that worked (whatever the
//! child's status), 1 otherwise (printing `spawn: ERRNO`).
use std::io::Write;

use burrow_guest::process::Command;
use burrow_test_guests::{arg, close_fd, err_name, read_fd_to_end};

fn fail(what: &str, e: std::io::Error) -> ! {
    println!("{what}: {}", err_name(&e));
    std::process::exit(1)
}

fn main() {
    let prog = arg(1, "PROG [ARG...]");
    let (r, w) = burrow_guest::pipe(true, false).unwrap_or_else(|e| fail("pipe", e));
    let mut child =
        Command::new(&prog).args(std::env::args_os().skip(2)).stdout(w).spawn().unwrap_or_else(|e| fail("spawn", e));
    close_fd(w);
    let out = read_fd_to_end(r).unwrap_or_else(|e| fail("read", e));
    let mut stdout = std::io::stdout().lock();
    for line in out.split_inclusive(|&b| b == b'\n') {
        let _ = stdout.write_all(b"child: ");
        let _ = stdout.write_all(line);
        if !line.ends_with(b"\n") {
            let _ = stdout.write_all(b"\n");
        }
    }
    drop(stdout);
    let status = child.wait().unwrap_or_else(|e| fail("wait", e));
    println!("status: {status}");
}
