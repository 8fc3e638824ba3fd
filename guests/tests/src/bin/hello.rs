//! `hello`: prints `hello\n`.
use std::io::Write;

fn main() {
    if std::io::stdout().write_all(b"hello\n").is_err() {
        std::process::exit(1);
    }
}
