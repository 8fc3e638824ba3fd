//! `stdio`: reads all of stdin, writes it ASCII-uppercased to stdout, writes `stderr-line\n` to
//! stderr, exits 0 (1 if a read or write fails).
use std::io::{Read, Write};

fn main() {
    let mut buf = Vec::new();
    if std::io::stdin().lock().read_to_end(&mut buf).is_err() {
        std::process::exit(1);
    }
    buf.make_ascii_uppercase();
    let mut out = std::io::stdout().lock();
    if out.write_all(&buf).and_then(|_| out.flush()).is_err() {
        std::process::exit(1);
    }
    if std::io::stderr().write_all(b"stderr-line\n").is_err() {
        std::process::exit(1);
    }
}
