//! POSIX awk (with gawk's common extensions): `awk [-F fs] [-v var=val]... [-f file | 'prog']
//! [file | var=val]...`.

mod format;
mod interp;
mod lexer;
mod parser;

use std::ffi::OsString;

use crate::common::{self, bytes_path, os_bytes, strerror};

const USAGE: &str = "Usage: awk [POSIX or GNU style options] -f progfile [--] file ...
Usage: awk [POSIX or GNU style options] [--] 'program' file ...
POSIX options:\t\tGNU long options: (standard)
\t-f progfile\t\t--file=progfile
\t-F fs\t\t\t--field-separator=fs
\t-v var=val\t\t--assign=var=val
";

fn usage() -> i32 {
    eprint!("{USAGE}");
    2
}

pub fn main(args: Vec<OsString>) -> i32 {
    let argv: Vec<Vec<u8>> = args.iter().map(|a| os_bytes(a).to_vec()).collect();
    let mut fs: Option<Vec<u8>> = None;
    let mut assigns: Vec<Vec<u8>> = Vec::new();
    let mut progfiles: Vec<Vec<u8>> = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].clone();
        if a == b"--" {
            i += 1;
            break;
        }
        if a.len() < 2 || a[0] != b'-' {
            break;
        }
        let take = |i: &mut usize, inline: &[u8]| -> Option<Vec<u8>> {
            if !inline.is_empty() {
                return Some(inline.to_vec());
            }
            *i += 1;
            argv.get(*i).cloned()
        };
        if let Some(long) = a.strip_prefix(b"--") {
            let (name, val) = match long.iter().position(|&b| b == b'=') {
                Some(p) => (&long[..p], &long[p + 1..]),
                None => (long, &b""[..]),
            };
            match name {
                b"field-separator" => fs = take(&mut i, val),
                b"assign" => match take(&mut i, val) {
                    Some(v) => assigns.push(v),
                    None => return usage(),
                },
                b"file" => match take(&mut i, val) {
                    Some(v) => progfiles.push(v),
                    None => return usage(),
                },
                b"version" => {
                    println!("awk (Burrow textutils, POSIX awk with gawk extensions) 1.0");
                    return 0;
                }
                b"help" => {
                    print!("{USAGE}");
                    return 0;
                }
                b"posix" | b"traditional" | b"re-interval" | b"sandbox" | b"characters-as-bytes" => {}
                _ => {
                    common::error("awk", format!("unrecognized option '--{}'", String::from_utf8_lossy(name)));
                    return usage();
                }
            }
            i += 1;
            continue;
        }
        let opt = a[1];
        let inline = &a[2..];
        match opt {
            b'F' => match take(&mut i, inline) {
                Some(v) => fs = Some(v),
                None => {
                    common::error("awk", "option requires an argument -- F");
                    return usage();
                }
            },
            b'v' => match take(&mut i, inline) {
                Some(v) => assigns.push(v),
                None => {
                    common::error("awk", "option requires an argument -- v");
                    return usage();
                }
            },
            b'f' => match take(&mut i, inline) {
                Some(v) => progfiles.push(v),
                None => {
                    common::error("awk", "option requires an argument -- f");
                    return usage();
                }
            },
            b'e' => {
                // gawk's --source: treat as the program text.
                match take(&mut i, inline) {
                    Some(v) => {
                        progfiles.push([b"\0".to_vec(), v].concat());
                    }
                    None => return usage(),
                }
            }
            b'V' => {
                println!("awk (Burrow textutils, POSIX awk with gawk extensions) 1.0");
                return 0;
            }
            _ => {
                common::error("awk", format!("invalid option -- '{}'", opt as char));
                return usage();
            }
        }
        i += 1;
    }
    let src: Vec<u8> = if progfiles.is_empty() {
        match argv.get(i) {
            Some(p) => {
                i += 1;
                p.clone()
            }
            None => return usage(),
        }
    } else {
        let mut s = Vec::new();
        for f in &progfiles {
            if let Some(text) = f.strip_prefix(b"\0") {
                s.extend_from_slice(text);
                s.push(b'\n');
                continue;
            }
            let r = if f == b"-" {
                let mut v = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut v).map(|_| v)
            } else {
                std::fs::read(bytes_path(f))
            };
            match r {
                Ok(t) => {
                    s.extend_from_slice(&t);
                    s.push(b'\n');
                }
                Err(e) => {
                    common::error(
                        "awk",
                        format!("fatal: cannot open source file `{}' for reading: {}", String::from_utf8_lossy(f), strerror(&e)),
                    );
                    return 2;
                }
            }
        }
        s
    };

    let toks = match lexer::lex(&src) {
        Ok(t) => t,
        Err(e) => {
            common::error("awk", format!("cmd. line:{e}"));
            return 1;
        }
    };
    let mut p = parser::Parser::new(toks);
    // Variables named by -v must exist as globals even if the program never names them.
    let mut assign_slots = Vec::new();
    if let Some(fs) = &fs {
        let v = if fs == b"t" { b"\t".to_vec() } else { lexer::unescape(fs) };
        assign_slots.push((parser::V_FS, v));
    }
    for a in &assigns {
        match interp::parse_assignment(a) {
            Some((name, val)) => {
                let slot = p.global(name);
                assign_slots.push((slot, lexer::unescape(val)));
            }
            None => {
                common::error(
                    "awk",
                    format!("fatal: `{}' is not a legal variable name", String::from_utf8_lossy(a)),
                );
                return 2;
            }
        }
    }
    let prog = match p.parse_program() {
        Ok(p) => p,
        Err(e) => {
            common::error("awk", format!("cmd. line:{e}"));
            return 1;
        }
    };
    let mut args_v: Vec<Vec<u8>> = vec![b"awk".to_vec()];
    args_v.extend(argv[i..].iter().cloned());
    let mut it = match interp::Interp::new(&prog, args_v, assign_slots) {
        Ok(it) => it,
        Err(e) => {
            common::error("awk", format!("fatal: {e}"));
            return 2;
        }
    };
    let code = it.run();
    it.out.flush_out();
    code
}
