//! `pipeline PROG1 PROG2` or `pipeline PROG1 [ARG1...] -- PROG2 [ARG2...]`: runs PROG1 with its
//! stdout piped into PROG2's stdin, PROG2's stdout piped back to this guest, which prints it as
//! `result: LINE` lines, then `status 1: ...` and `status 2: ...` (`exit N` / `signal N`). For
//! example `pipeline args.wasm x y -- stdio.wasm` prints the uppercased argv. Exits 0 if all of
//! that worked, 1 otherwise.
use std::ffi::OsString;
use std::io::Write;

use burrow_guest::process::Command;
use burrow_test_guests::{close_fd, err_name, read_fd_to_end, usage};

fn fail(what: &str, e: std::io::Error) -> ! {
    println!("{what}: {}", err_name(&e));
    std::process::exit(1)
}

fn main() {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let (first, second) = match args.iter().position(|a| a == "--") {
        Some(i) => (args[..i].to_vec(), args[i + 1..].to_vec()),
        None if args.len() == 2 => (vec![args[0].clone()], vec![args[1].clone()]),
        None => usage("PROG1 PROG2 | PROG1 [ARG...] -- PROG2 [ARG...]"),
    };
    if first.is_empty() || second.is_empty() {
        usage("PROG1 PROG2 | PROG1 [ARG...] -- PROG2 [ARG...]");
    }
    // Close-on-spawn pipes: each child gets only the ends mapped onto its stdio, so PROG2 sees
    // end-of-file as soon as PROG1 exits.
    let (r1, w1) = burrow_guest::pipe(true, false).unwrap_or_else(|e| fail("pipe", e));
    let (r2, w2) = burrow_guest::pipe(true, false).unwrap_or_else(|e| fail("pipe", e));
    let mut c1 = Command::new(&first[0]).args(&first[1..]).stdout(w1).spawn().unwrap_or_else(|e| fail("spawn 1", e));
    let mut c2 =
        Command::new(&second[0]).args(&second[1..]).stdin(r1).stdout(w2).spawn().unwrap_or_else(|e| fail("spawn 2", e));
    close_fd(w1);
    close_fd(r1);
    close_fd(w2);
    let out = read_fd_to_end(r2).unwrap_or_else(|e| fail("read", e));
    let mut stdout = std::io::stdout().lock();
    for line in out.split_inclusive(|&b| b == b'\n') {
        let _ = stdout.write_all(b"result: ");
        let _ = stdout.write_all(line);
        if !line.ends_with(b"\n") {
            let _ = stdout.write_all(b"\n");
        }
    }
    drop(stdout);
    let s1 = c1.wait().unwrap_or_else(|e| fail("wait 1", e));
    let s2 = c2.wait().unwrap_or_else(|e| fail("wait 2", e));
    println!("status 1: {s1}");
    println!("status 2: {s2}");
}
