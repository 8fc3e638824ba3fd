//! `kill PROG [ARG...]`: spawns PROG (normally `spin.wasm`, which without an argument runs
//! forever), prints `spawned`, sends it SIGTERM, prints `killed`, waits and prints
//! `status: signal 15` (or whatever the status was). Exits 0 only if the child ended by SIGTERM.
use burrow_guest::process::Command;
use burrow_guest::signal::SIGTERM;
use burrow_test_guests::{arg, err_name};

fn fail(what: &str, e: std::io::Error) -> ! {
    println!("{what}: {}", err_name(&e));
    std::process::exit(1)
}

fn main() {
    let prog = arg(1, "PROG [ARG...]");
    let mut child = Command::new(&prog).args(std::env::args_os().skip(2)).spawn().unwrap_or_else(|e| fail("spawn", e));
    println!("spawned");
    child.kill(SIGTERM).unwrap_or_else(|e| fail("kill", e));
    println!("killed");
    let status = child.wait().unwrap_or_else(|e| fail("wait", e));
    println!("status: {status}");
    std::process::exit(if status.signal == Some(SIGTERM as i32) { 0 } else { 1 })
}
