//! `cmp`: GNU diffutils' byte-by-byte comparison. `-s` (`--silent`, `--quiet`), `-l`
//! (`--verbose`), `-b` (`--print-bytes`); `-` for standard input. Exit 0 when the files are
//! equal, 1 when they differ, 2 on trouble.

use std::ffi::OsString;
use std::io::Read;

use crate::common::{bytes_path, error, os_bytes, strerror};

/// Reads `name` whole (`-` is stdin).
fn read(name: &[u8]) -> std::io::Result<Vec<u8>> {
    if name == b"-" {
        let mut v = Vec::new();
        std::io::stdin().lock().read_to_end(&mut v)?;
        return Ok(v);
    }
    std::fs::read(bytes_path(name))
}

/// `c` as GNU prints it for `-b`: printable, `^X` for controls, `M-` for high bytes.
fn visible(c: u8) -> String {
    let (meta, c) = if c >= 0x80 { ("M-", c - 0x80) } else { ("", c) };
    match c {
        0x7f => format!("{meta}^?"),
        0..=0x1f => format!("{meta}^{}", (c + 0x40) as char),
        _ => format!("{meta}{}", c as char),
    }
}

/// Whether messages follow a locale other than C/POSIX (`LC_ALL`, else `LC_MESSAGES`, else
/// `LANG`), as gnulib's `hard_locale` tells GNU cmp.
fn hard_locale() -> bool {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    value.is_some_and(|v| v != "C" && v != "POSIX")
}

pub fn main(args: Vec<OsString>) -> i32 {
    let (mut silent, mut list, mut bytes) = (false, false, false);
    let mut files: Vec<Vec<u8>> = Vec::new();
    let mut options_done = false;
    for a in args.iter().skip(1) {
        let a = os_bytes(a);
        if options_done || a == b"-" || !a.starts_with(b"-") {
            files.push(a.to_vec());
            continue;
        }
        match a {
            b"--" => options_done = true,
            b"--silent" | b"--quiet" => silent = true,
            b"--verbose" => list = true,
            b"--print-bytes" => bytes = true,
            _ if !a.starts_with(b"--") => {
                for &c in &a[1..] {
                    match c {
                        b's' => silent = true,
                        b'l' => list = true,
                        b'b' => bytes = true,
                        _ => {
                            error("cmp", format!("invalid option -- '{}'", c as char));
                            eprintln!("cmp: Try 'cmp --help' for more information.");
                            return 2;
                        }
                    }
                }
            }
            _ => {
                error("cmp", format!("unrecognized option '{}'", String::from_utf8_lossy(a)));
                eprintln!("cmp: Try 'cmp --help' for more information.");
                return 2;
            }
        }
    }
    if files.is_empty() || files.len() > 2 {
        error("cmp", if files.is_empty() { "missing operand after 'cmp'".to_string() } else { "extra operand".to_string() });
        eprintln!("cmp: Try 'cmp --help' for more information.");
        return 2;
    }
    if files.len() == 1 {
        files.push(b"-".to_vec());
    }
    let mut data = Vec::new();
    for f in &files {
        match read(f) {
            Ok(d) => data.push(d),
            Err(e) => {
                if !silent {
                    error("cmp", format!("{}: {}", String::from_utf8_lossy(f), strerror(&e)));
                }
                return 2;
            }
        }
    }
    let (a, b) = (&data[0], &data[1]);
    let name = |i: usize| String::from_utf8_lossy(&files[i]).into_owned();
    let mut out = String::new();
    let mut line = 1;
    let mut differ = false;
    let width = a.len().max(b.len()).to_string().len();
    for (i, (&x, &y)) in a.iter().zip(b.iter()).enumerate() {
        if x != y {
            differ = true;
            if silent {
                return 1;
            }
            if list {
                out.push_str(&format!("{:>width$} {:>3o} {:>3o}\n", i + 1, x, y));
                continue;
            }
            // GNU says "char" in the C locale (POSIX's wording) unless -b prints the bytes.
            let unit = if bytes || hard_locale() { "byte" } else { "char" };
            let mut msg = format!("{} {} differ: {unit} {}, line {}", name(0), name(1), i + 1, line);
            if bytes {
                msg.push_str(&format!(" is {:o} {} {:o} {}", x, visible(x), y, visible(y)));
            }
            println!("{msg}");
            return 1;
        }
        if x == b'\n' {
            line += 1;
        }
    }
    print!("{out}");
    if a.len() != b.len() {
        if !silent {
            let (short, len) = if a.len() < b.len() { (0, a.len()) } else { (1, b.len()) };
            if len == 0 {
                eprintln!("cmp: EOF on {} which is empty", name(short));
            } else if list {
                eprintln!("cmp: EOF on {} after byte {}", name(short), len);
            } else {
                let lines = data[short].iter().filter(|&&c| c == b'\n').count();
                let line = if data[short].last() == Some(&b'\n') { lines } else { lines + 1 };
                eprintln!("cmp: EOF on {} after byte {}, line {}", name(short), len, line);
            }
        }
        return 1;
    }
    i32::from(differ)
}
