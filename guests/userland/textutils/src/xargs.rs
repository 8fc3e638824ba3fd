//! GNU-compatible `xargs`: builds command lines from standard input and runs them through the
//! `burrow` spawn call.

use std::ffi::OsString;
use std::io::{self, Read};

use burrow_guest::process::Command;

use crate::common::{self, bytes_os, bytes_path, os_bytes, strerror};

const USAGE: &str = "Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nTry 'xargs --help' for more information.";

struct Opt {
    null: bool,
    delim: Option<u8>,
    max_args: Option<usize>,
    max_lines: Option<usize>,
    replace: Option<Vec<u8>>,
    no_run_if_empty: bool,
    verbose: bool,
    eof: Option<Vec<u8>>,
    arg_file: Option<Vec<u8>>,
    max_chars: usize,
    exit_on_size: bool,
}

fn usage_error(msg: &str) -> i32 {
    common::error("xargs", msg);
    eprintln!("{USAGE}");
    1
}

pub fn main(args: Vec<OsString>) -> i32 {
    let argv: Vec<Vec<u8>> = args.iter().skip(1).map(|a| os_bytes(a).to_vec()).collect();
    let mut o = Opt {
        null: false,
        delim: None,
        max_args: None,
        max_lines: None,
        replace: None,
        no_run_if_empty: false,
        verbose: false,
        eof: None,
        arg_file: None,
        max_chars: 128 * 1024,
        exit_on_size: false,
    };
    let mut i = 0;
    while i < argv.len() {
        let a = argv[i].clone();
        if a.len() < 2 || a[0] != b'-' {
            break;
        }
        if a == b"--" {
            i += 1;
            break;
        }
        let num = |v: &[u8], opt: &str| -> Result<usize, i32> {
            match common::parse_num(&String::from_utf8_lossy(v)) {
                Some(n) if n > 0 => Ok(n as usize),
                _ => {
                    common::error("xargs", format!("invalid number \"{}\" for -{opt} option", String::from_utf8_lossy(v)));
                    Err(1)
                }
            }
        };
        if let Some(long) = a.strip_prefix(b"--") {
            let (name, val) = match long.iter().position(|&b| b == b'=') {
                Some(p) => (String::from_utf8_lossy(&long[..p]).into_owned(), Some(long[p + 1..].to_vec())),
                None => (String::from_utf8_lossy(long).into_owned(), None),
            };
            let take = |i: &mut usize| -> Option<Vec<u8>> {
                if val.is_some() {
                    return val.clone();
                }
                *i += 1;
                argv.get(*i).cloned()
            };
            match name.as_str() {
                "null" => o.null = true,
                "no-run-if-empty" => o.no_run_if_empty = true,
                "verbose" => o.verbose = true,
                "exit" => o.exit_on_size = true,
                "delimiter" => match take(&mut i).and_then(|v| delim(&v)) {
                    Some(d) => o.delim = Some(d),
                    None => return usage_error("invalid delimiter"),
                },
                "max-args" => match take(&mut i).map(|v| num(&v, "n")) {
                    Some(Ok(n)) => o.max_args = Some(n),
                    Some(Err(c)) => return c,
                    None => return usage_error("option '--max-args' requires an argument"),
                },
                "max-lines" => o.max_lines = Some(val.and_then(|v| num(&v, "L").ok()).unwrap_or(1)),
                "replace" => o.replace = Some(val.unwrap_or_else(|| b"{}".to_vec())),
                "arg-file" => o.arg_file = take(&mut i),
                "max-procs" => {
                    take(&mut i);
                }
                "max-chars" => match take(&mut i).map(|v| num(&v, "s")) {
                    Some(Ok(n)) => o.max_chars = n,
                    Some(Err(c)) => return c,
                    None => return usage_error("option '--max-chars' requires an argument"),
                },
                "eof" => o.eof = val,
                "help" => {
                    println!("{USAGE}");
                    return 0;
                }
                "version" => {
                    println!("xargs (GNU findutils compatible, Burrow textutils) 4.9.0");
                    return 0;
                }
                _ => return usage_error(&format!("unrecognized option '--{name}'")),
            }
            i += 1;
            continue;
        }
        let mut j = 1;
        while j < a.len() {
            let c = a[j];
            j += 1;
            let inline = if j < a.len() { Some(a[j..].to_vec()) } else { None };
            macro_rules! arg {
                () => {{
                    j = a.len();
                    match inline {
                        Some(v) => v,
                        None => {
                            i += 1;
                            match argv.get(i) {
                                Some(v) => v.clone(),
                                None => {
                                    return usage_error(&format!("option requires an argument -- '{}'", c as char))
                                }
                            }
                        }
                    }
                }};
            }
            match c {
                b'0' => o.null = true,
                b'r' => o.no_run_if_empty = true,
                b't' => o.verbose = true,
                b'x' => o.exit_on_size = true,
                b'p' => {}
                b'd' => {
                    let v = arg!();
                    match delim(&v) {
                        Some(d) => o.delim = Some(d),
                        None => return usage_error("invalid delimiter"),
                    }
                }
                b'n' => {
                    let v = arg!();
                    match num(&v, "n") {
                        Ok(n) => o.max_args = Some(n),
                        Err(code) => return code,
                    }
                }
                b'L' => {
                    let v = arg!();
                    match num(&v, "L") {
                        Ok(n) => o.max_lines = Some(n),
                        Err(code) => return code,
                    }
                }
                b'l' => {
                    o.max_lines = Some(inline.and_then(|v| num(&v, "l").ok()).unwrap_or(1));
                    j = a.len();
                }
                b'I' => o.replace = Some(arg!()),
                b'i' => {
                    o.replace = Some(inline.unwrap_or_else(|| b"{}".to_vec()));
                    j = a.len();
                }
                b'E' => o.eof = Some(arg!()),
                b'e' => {
                    o.eof = inline;
                    j = a.len();
                }
                b'a' => o.arg_file = Some(arg!()),
                b'P' => {
                    let _ = arg!();
                }
                b's' => {
                    let v = arg!();
                    match num(&v, "s") {
                        Ok(n) => o.max_chars = n,
                        Err(code) => return code,
                    }
                }
                _ => return usage_error(&format!("invalid option -- '{}'", c as char)),
            }
        }
        i += 1;
    }
    let mut command: Vec<Vec<u8>> = argv[i..].to_vec();
    if command.is_empty() {
        command.push(b"echo".to_vec());
    }

    let mut input = Vec::new();
    let read = match &o.arg_file {
        Some(f) => std::fs::read(bytes_path(f)).map(|d| input = d),
        None => io::stdin().read_to_end(&mut input).map(|_| ()),
    };
    if let Err(e) = read {
        common::error("xargs", strerror(&e));
        return 1;
    }

    // Items, each with whether it ended a line (for -L).
    let items: Vec<(Vec<u8>, bool)> = if o.null || o.delim.is_some() {
        let d = if o.null { 0 } else { o.delim.unwrap_or(b'\n') };
        let mut v: Vec<(Vec<u8>, bool)> = input.split(|&b| b == d).map(|s| (s.to_vec(), true)).collect();
        if input.last() == Some(&d) || input.is_empty() {
            v.pop();
        }
        v
    } else if o.replace.is_some() {
        // -I: one item per line, leading blanks stripped.
        let mut v = Vec::new();
        for line in input.split(|&b| b == b'\n') {
            let t: Vec<u8> = line.iter().copied().skip_while(|b| *b == b' ' || *b == b'\t').collect();
            if t.is_empty() {
                continue;
            }
            if o.eof.as_ref().is_some_and(|e| *e == t) {
                break;
            }
            v.push((t, true));
        }
        v
    } else {
        match split_blanks(&input, o.eof.as_deref()) {
            Ok(v) => v,
            Err(msg) => {
                common::error("xargs", msg);
                return 1;
            }
        }
    };

    let mut status = 0;
    let mut ran = false;
    let run = |args: &[Vec<u8>], status: &mut i32| -> bool {
        if o.verbose {
            let line: Vec<String> = args.iter().map(|a| String::from_utf8_lossy(a).into_owned()).collect();
            eprintln!("{}", line.join(" "));
        }
        let mut cmd = Command::new(bytes_os(&args[0]));
        for a in &args[1..] {
            cmd.arg(bytes_os(a));
        }
        match cmd.status() {
            Ok(st) => match (st.code, st.signal) {
                (Some(0), _) => true,
                (Some(255), _) => {
                    common::error(
                        "xargs",
                        format!("{}: exited with status 255; aborting", String::from_utf8_lossy(&args[0])),
                    );
                    *status = 124;
                    false
                }
                (Some(_), _) => {
                    *status = 123;
                    true
                }
                (None, Some(sig)) => {
                    common::error(
                        "xargs",
                        format!("{}: terminated by signal {sig}", String::from_utf8_lossy(&args[0])),
                    );
                    *status = 125;
                    false
                }
                _ => true,
            },
            Err(e) => {
                let code = if e.kind() == io::ErrorKind::NotFound { 127 } else { 126 };
                common::error("xargs", format!("{}: {}", String::from_utf8_lossy(&args[0]), strerror(&e)));
                *status = code;
                false
            }
        }
    };

    if let Some(rep) = &o.replace {
        for (item, _) in &items {
            let args: Vec<Vec<u8>> = command.iter().map(|a| replace_all(a, rep, item)).collect();
            ran = true;
            if !run(&args, &mut status) {
                return status;
            }
        }
    } else {
        let base_len: usize = command.iter().map(|a| a.len() + 1).sum();
        let mut idx = 0;
        while idx < items.len() {
            let mut args = command.clone();
            let mut len = base_len;
            let mut n = 0;
            let mut lines = 0;
            while idx < items.len() {
                let (item, eol) = &items[idx];
                if o.max_args.is_some_and(|m| n >= m) {
                    break;
                }
                if n > 0 && len + item.len() + 1 > o.max_chars {
                    break;
                }
                if n == 0 && len + item.len() + 1 > o.max_chars && o.exit_on_size {
                    common::error("xargs", "argument line too long");
                    return 1;
                }
                args.push(item.clone());
                len += item.len() + 1;
                n += 1;
                idx += 1;
                if *eol {
                    lines += 1;
                    if o.max_lines.is_some_and(|m| lines >= m) {
                        break;
                    }
                }
            }
            ran = true;
            if !run(&args, &mut status) {
                return status;
            }
        }
    }
    if !ran && !o.no_run_if_empty && o.replace.is_none() {
        run(&command, &mut status);
    }
    status
}

fn delim(v: &[u8]) -> Option<u8> {
    match v {
        [c] => Some(*c),
        b"\\n" => Some(b'\n'),
        b"\\t" => Some(b'\t'),
        b"\\0" => Some(0),
        b"\\\\" => Some(b'\\'),
        _ if v.starts_with(b"\\x") => u8::from_str_radix(std::str::from_utf8(&v[2..]).ok()?, 16).ok(),
        _ if v.starts_with(b"\\") => u8::from_str_radix(std::str::from_utf8(&v[1..]).ok()?, 8).ok(),
        _ => None,
    }
}

fn replace_all(a: &[u8], pat: &[u8], with: &[u8]) -> Vec<u8> {
    if pat.is_empty() {
        return a.to_vec();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < a.len() {
        if a[i..].starts_with(pat) {
            out.extend_from_slice(with);
            i += pat.len();
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out
}

/// The default input format: blanks and newlines separate items; single and double quotes and
/// backslashes quote.
fn split_blanks(input: &[u8], eof: Option<&[u8]>) -> Result<Vec<(Vec<u8>, bool)>, String> {
    let mut items = Vec::new();
    let mut cur = Vec::new();
    let mut in_item = false;
    let mut i = 0;
    while i < input.len() {
        let c = input[i];
        i += 1;
        match c {
            b' ' | b'\t' | b'\n' => {
                if in_item {
                    if eof.is_some_and(|e| e == &cur[..]) {
                        return Ok(items);
                    }
                    items.push((std::mem::take(&mut cur), c == b'\n'));
                    in_item = false;
                } else if c == b'\n' {
                    if let Some(last) = items.last_mut() {
                        last.1 = true;
                    }
                }
            }
            b'\'' | b'"' => {
                in_item = true;
                loop {
                    match input.get(i) {
                        None | Some(b'\n') => {
                            let which = if c == b'\'' { "single" } else { "double" };
                            return Err(format!(
                                "unmatched {which} quote; by default quotes are special to xargs unless you use the -0 option"
                            ));
                        }
                        Some(&q) if q == c => {
                            i += 1;
                            break;
                        }
                        Some(&q) => {
                            cur.push(q);
                            i += 1;
                        }
                    }
                }
            }
            b'\\' => {
                in_item = true;
                if let Some(&n) = input.get(i) {
                    cur.push(n);
                    i += 1;
                }
            }
            _ => {
                in_item = true;
                cur.push(c);
            }
        }
    }
    if in_item && eof != Some(&cur[..]) {
        items.push((cur, true));
    }
    Ok(items)
}
