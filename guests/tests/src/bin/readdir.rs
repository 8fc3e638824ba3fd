//! `readdir DIR`: lists DIR sorted by name (bytewise), one `TYPE NAME` line per entry, TYPE being
//! `file`, `dir`, `symlink` or `other` (the entry's own type: links are not followed). Exits 1
//! with `readdir: ERRNO` on stderr if DIR cannot be read.
use std::io::{self, Write};
use std::os::wasi::ffi::OsStrExt;

fn list(dir: &std::ffi::OsStr) -> io::Result<Vec<(Vec<u8>, &'static str)>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let t = e.file_type()?;
        let kind = if t.is_symlink() {
            "symlink"
        } else if t.is_dir() {
            "dir"
        } else if t.is_file() {
            "file"
        } else {
            "other"
        };
        out.push((e.file_name().as_bytes().to_vec(), kind));
    }
    out.sort();
    Ok(out)
}

fn main() {
    let dir = burrow_test_guests::arg(1, "DIR");
    match list(&dir) {
        Ok(entries) => {
            let mut out = io::stdout().lock();
            for (name, kind) in entries {
                let _ = out.write_all(kind.as_bytes());
                let _ = out.write_all(b" ");
                let _ = out.write_all(&name);
                let _ = out.write_all(b"\n");
            }
        }
        Err(e) => {
            eprintln!("readdir: {}", burrow_test_guests::err_name(&e));
            std::process::exit(1);
        }
    }
}
