//! `write_big BYTES [TIMES]`: writes BYTES bytes (`a`..`z` repeated) to fd 1 with one write call
//! per round (more only if the kernel accepts part of it), TIMES rounds (default 1); prints nothing
//! else. Bypasses std's line buffering so each round is a single `fd_write` of the whole buffer.
use std::io::Write;
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;

fn main() {
    let usage = "BYTES [TIMES]";
    let n: usize = burrow_test_guests::num_arg(1, usage).unwrap_or_else(|| burrow_test_guests::usage(usage));
    let times: u64 = burrow_test_guests::num_arg(2, usage).unwrap_or(1);
    let buf: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
    // SAFETY: fd 1 stays open for the whole program; ManuallyDrop keeps it from being closed.
    let mut out = ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) });
    for _ in 0..times {
        if let Err(e) = out.write_all(&buf) {
            eprintln!("write_big: {}", burrow_test_guests::err_name(&e));
            std::process::exit(1);
        }
    }
}
