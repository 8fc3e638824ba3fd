//! `args [ARG...]`: prints each argv element, `argv[0]` included, on its own line.
use std::io::Write;
use std::os::wasi::ffi::OsStrExt;

fn main() {
    let mut out = std::io::stdout().lock();
    for a in std::env::args_os() {
        if out.write_all(a.as_bytes()).and_then(|_| out.write_all(b"\n")).is_err() {
            std::process::exit(1);
        }
    }
}
