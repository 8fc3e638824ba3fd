//! `which [-a] [-s] NAME...`: the executables `$PATH` would run.

use std::ffi::OsString;
use std::fs;

use crate::common::{self, bytes_path, os_bytes, Out};

fn executable(path: &[u8]) -> bool {
    match fs::metadata(bytes_path(path)) {
        Ok(m) => m.is_file() && mode(&m) & 0o111 != 0,
        Err(_) => false,
    }
}

#[cfg(target_os = "wasi")]
fn mode(m: &fs::Metadata) -> u32 {
    // WASI preview1 has no permission bits; every regular file the kernel reports is runnable if
    // it is a module or script, which is what `spawn` would try.
    let _ = m;
    0o755
}

#[cfg(unix)]
fn mode(m: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode()
}

pub fn main(args: Vec<OsString>) -> i32 {
    let mut all = false;
    let mut silent = false;
    let mut names = Vec::new();
    let mut opts_done = false;
    for a in args.iter().skip(1) {
        let b = os_bytes(a);
        if !opts_done && b.len() > 1 && b[0] == b'-' {
            if b == b"--" {
                opts_done = true;
                continue;
            }
            for &c in &b[1..] {
                match c {
                    b'a' => all = true,
                    b's' => silent = true,
                    _ => {
                        common::error("which", format!("invalid option -- '{}'", c as char));
                        eprintln!("usage: which [-as] program ...");
                        return 2;
                    }
                }
            }
            continue;
        }
        names.push(b.to_vec());
    }
    if names.is_empty() {
        return 1;
    }
    let path = std::env::var_os("PATH").map(|p| os_bytes(&p).to_vec()).unwrap_or_default();
    let mut out = Out::new();
    let mut failed = false;
    for name in &names {
        let mut found = false;
        if name.contains(&b'/') {
            if executable(name) {
                found = true;
                if !silent {
                    out.bytes(name);
                    out.bytes(b"\n");
                }
            }
        } else {
            for dir in path.split(|&b| b == b':') {
                let dir: &[u8] = if dir.is_empty() { b"." } else { dir };
                let mut full = dir.to_vec();
                if !full.ends_with(b"/") {
                    full.push(b'/');
                }
                full.extend_from_slice(name);
                if executable(&full) {
                    found = true;
                    if !silent {
                        out.bytes(&full);
                        out.bytes(b"\n");
                    }
                    if !all {
                        break;
                    }
                }
            }
        }
        failed |= !found;
    }
    i32::from(failed)
}
