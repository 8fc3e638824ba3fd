//! `read` and `mapfile`/`readarray`.
//!
//! `read` must not consume input past its line (the next command reads the rest): from a
//! regular file it reads a block and seeks back to just after the line; from a pipe it reads
//! one byte at a time.

use super::{lossy, parse_int};
use crate::shell::Shell;
use crate::sys;
use crate::vars::Value;

/// A character of the input and whether a backslash escaped it.
type Ch = (u8, bool);

/// Why reading stopped.
enum End {
    /// The delimiter was read.
    Delim,
    /// End of input.
    Eof,
    /// A trapped signal arrived (`128 + signal`).
    Signal(i32),
    /// A read error.
    Error(std::io::Error),
}

/// Reads up to the delimiter from `fd`: at most `max` characters (`None`: no limit);
/// `exact`: ignore the delimiter (`-N`).
fn read_record(sh: &mut Shell, fd: u32, delim: u8, max: Option<usize>, raw: bool, exact: bool) -> (Vec<Ch>, End) {
    let mut out: Vec<Ch> = Vec::new();
    let seekable = sys::filetype(fd) == Some(5);
    let mut buf = [0u8; 4096];
    let mut pending_backslash = false;
    loop {
        if max.is_some_and(|m| out.len() >= m) {
            return (out, End::Delim);
        }
        let want = if seekable { buf.len() } else { 1 };
        let n = match sys::read(fd, &mut buf[..want]) {
            Ok(n) => n,
            Err(e) if e.raw_os_error() == Some(sys::EINTR) => {
                sh.collect_signals();
                if let Some(sig) = trapped(sh) {
                    return (out, End::Signal(128 + sig as i32));
                }
                continue;
            }
            Err(e) => return (out, End::Error(e)),
        };
        if n == 0 {
            if pending_backslash {
                out.push((b'\\', false));
            }
            return (out, End::Eof);
        }
        for (i, &c) in buf[..n].iter().enumerate() {
            let mut done = false;
            if c == delim && !exact && !pending_backslash {
                // The delimiter (NUL for `-d ''`) ends the record.
                done = true;
            } else if c == 0 {
                // Other NUL bytes are dropped.
            } else if pending_backslash {
                pending_backslash = false;
                if c != b'\n' {
                    out.push((c, true));
                }
            } else if c == b'\\' && !raw {
                pending_backslash = true;
            } else {
                out.push((c, false));
            }
            if !done && max.is_some_and(|m| out.len() >= m) {
                done = true;
            }
            if done {
                if seekable && i + 1 < n {
                    let back = (n - i - 1) as i64;
                    let _ = sys::seek(fd, -back, 1);
                }
                return (out, End::Delim);
            }
        }
    }
}

fn trapped(sh: &Shell) -> Option<usize> {
    let mut p = sh.pending_signals;
    while p != 0 {
        let bit = p.trailing_zeros() as usize;
        p &= !(1 << bit);
        if sh.traps.get(bit + 1).is_some_and(|t| t.as_ref().is_some_and(|a| !a.is_empty())) {
            return Some(bit + 1);
        }
    }
    None
}

/// Splits off fields for all but the last name; the last gets the rest (bash's rules).
fn split_fields(input: &[Ch], ifs: &[u8], count: usize) -> Vec<Vec<u8>> {
    let is_ifs = |c: &Ch| !c.1 && ifs.contains(&c.0);
    let is_ws = |c: &Ch| !c.1 && matches!(c.0, b' ' | b'\t' | b'\n') && ifs.contains(&c.0);
    let text = |s: &[Ch]| s.iter().map(|c| c.0).collect::<Vec<u8>>();
    let mut fields = Vec::new();
    let mut i = 0;
    let n = input.len();
    // Skip leading IFS whitespace.
    while i < n && is_ws(&input[i]) {
        i += 1;
    }
    // Reads one word at `i` and the delimiter after it.
    let word = |i: &mut usize| -> Vec<u8> {
        let start = *i;
        while *i < n && !is_ifs(&input[*i]) {
            *i += 1;
        }
        let w = text(&input[start..*i]);
        while *i < n && is_ws(&input[*i]) {
            *i += 1;
        }
        if *i < n && is_ifs(&input[*i]) && !is_ws(&input[*i]) {
            *i += 1;
            while *i < n && is_ws(&input[*i]) {
                *i += 1;
            }
        }
        w
    };
    for _ in 1..count {
        fields.push(word(&mut i));
    }
    // The last name: one word if that is all that is left, else the rest minus trailing IFS
    // whitespace.
    let rest_start = i;
    let mut j = i;
    let w = word(&mut j);
    if j >= n {
        fields.push(w);
    } else {
        let mut end = n;
        while end > rest_start && is_ws(&input[end - 1]) {
            end -= 1;
        }
        fields.push(text(&input[rest_start..end]));
    }
    fields
}

/// `read [-rs] [-a array] [-d delim] [-n n|-N n] [-p prompt] [-t timeout] [-u fd] [name...]`.
pub fn read(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut raw = false;
    let mut array: Option<Vec<u8>> = None;
    let mut delim = b'\n';
    let mut max = None;
    let mut exact = false;
    let mut fd = 0u32;
    let mut names = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.len() < 2 || a[0] != b'-' || !names.is_empty() {
            names.push(a.clone());
            i += 1;
            continue;
        }
        if a == b"--" {
            names.extend(args[i + 1..].iter().cloned());
            break;
        }
        let mut j = 1;
        while j < a.len() {
            let c = a[j];
            let takes = matches!(c, b'a' | b'd' | b'n' | b'N' | b'p' | b't' | b'u' | b'i');
            let value = if takes {
                if j + 1 < a.len() {
                    let v = a[j + 1..].to_vec();
                    j = a.len();
                    Some(v)
                } else {
                    i += 1;
                    match args.get(i) {
                        Some(v) => Some(v.clone()),
                        None => {
                            sh.error(format!("read: -{}: option requires an argument", c as char));
                            return 2;
                        }
                    }
                }
            } else {
                None
            };
            match c {
                b'r' => raw = true,
                b's' | b'e' => {}
                b'a' => array = value,
                b'd' => delim = value.and_then(|v| v.first().copied()).unwrap_or(0),
                b'n' | b'N' => {
                    let v = value.unwrap_or_default();
                    match parse_int(&v) {
                        Some(n) if n >= 0 => {
                            max = Some(n as usize);
                            exact = c == b'N';
                        }
                        _ => {
                            sh.error(format!("read: {}: invalid number", lossy(&v)));
                            return 1;
                        }
                    }
                }
                b'p' | b'i' => {}
                b't' => {
                    let v = value.unwrap_or_default();
                    if parse_int(&v) == Some(0) || v == b"0.0" {
                        // Input "available": report success without reading.
                        return 0;
                    }
                }
                b'u' => {
                    let v = value.unwrap_or_default();
                    match parse_int(&v) {
                        Some(n) if n >= 0 => fd = crate::redir::real_fd(n as u32),
                        _ => {
                            sh.error(format!("read: {}: invalid file descriptor specification", lossy(&v)));
                            return 1;
                        }
                    }
                }
                _ => {
                    sh.error(format!("read: -{}: invalid option", c as char));
                    return 2;
                }
            }
            j += 1;
        }
        i += 1;
    }
    for n in &names {
        if !crate::parser::is_name(n) {
            sh.error(format!("read: `{}': not a valid identifier", lossy(n)));
            return 1;
        }
    }
    let (input, end) = read_record(sh, fd, delim, max, raw, exact);
    let status = match end {
        End::Delim => 0,
        End::Eof => 1,
        End::Signal(s) => return s,
        End::Error(e) => {
            sh.error(format!("read: read error: {}: {}", if fd == crate::shell::VIRTUAL_FD3 { 3 } else { fd }, sys::error_text(&e)));
            return 1;
        }
    };
    let ifs = sh.ifs();
    if let Some(arr) = array {
        let mut fields = Vec::new();
        let text_fields = split_all(&input, &ifs);
        fields.extend(text_fields);
        let m = fields.into_iter().enumerate().map(|(i, f)| (i as i64, f)).collect();
        if sh.vars.set_value(&arr, Value::Indexed(m)).is_err() {
            sh.error(format!("read: {}: readonly variable", lossy(&arr)));
            return 1;
        }
        return status;
    }
    if names.is_empty() {
        let line: Vec<u8> = input.iter().map(|c| c.0).collect();
        let _ = sh.vars.set(b"REPLY", line);
        return status;
    }
    let fields = split_fields(&input, &ifs, names.len());
    for (k, name) in names.iter().enumerate() {
        let v = fields.get(k).cloned().unwrap_or_default();
        if sh.vars.set(name, v).is_err() {
            sh.error(format!("read: {}: readonly variable", lossy(name)));
            return 1;
        }
    }
    status
}

/// Every field of a line (for `read -a`).
fn split_all(input: &[Ch], ifs: &[u8]) -> Vec<Vec<u8>> {
    let is_ifs = |c: &Ch| !c.1 && ifs.contains(&c.0);
    let is_ws = |c: &Ch| !c.1 && matches!(c.0, b' ' | b'\t' | b'\n') && ifs.contains(&c.0);
    let mut fields = Vec::new();
    let mut i = 0;
    let n = input.len();
    while i < n && is_ws(&input[i]) {
        i += 1;
    }
    while i < n {
        let start = i;
        while i < n && !is_ifs(&input[i]) {
            i += 1;
        }
        fields.push(input[start..i].iter().map(|c| c.0).collect());
        while i < n && is_ws(&input[i]) {
            i += 1;
        }
        if i < n && is_ifs(&input[i]) && !is_ws(&input[i]) {
            i += 1;
            while i < n && is_ws(&input[i]) {
                i += 1;
            }
        }
    }
    fields
}

/// `mapfile [-t] [-n count] [-O origin] [-s skip] [-d delim] [-u fd] [array]`.
pub fn mapfile(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut trim = false;
    let mut count: Option<usize> = None;
    let mut origin = 0i64;
    let mut skip = 0usize;
    let mut delim = b'\n';
    let mut fd = 0u32;
    let mut name = b"MAPFILE".to_vec();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let val = |i: &mut usize| -> Option<Vec<u8>> {
            *i += 1;
            args.get(*i).cloned()
        };
        match a.as_slice() {
            b"-t" => trim = true,
            b"-n" => count = val(&mut i).and_then(|v| parse_int(&v)).map(|n| n.max(0) as usize).filter(|&n| n > 0),
            b"-O" => origin = val(&mut i).and_then(|v| parse_int(&v)).unwrap_or(0),
            b"-s" => skip = val(&mut i).and_then(|v| parse_int(&v)).unwrap_or(0).max(0) as usize,
            b"-d" => delim = val(&mut i).and_then(|v| v.first().copied()).unwrap_or(0),
            b"-u" => fd = crate::redir::real_fd(val(&mut i).and_then(|v| parse_int(&v)).unwrap_or(0).max(0) as u32),
            b"-C" | b"-c" => {
                val(&mut i);
            }
            _ => name = a.clone(),
        }
        i += 1;
    }
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut n_read = 0usize;
    loop {
        if count.is_some_and(|c| lines.len() >= c) {
            break;
        }
        let (rec, end) = read_record(sh, fd, delim, None, true, false);
        let eof = !matches!(end, End::Delim);
        if eof && rec.is_empty() {
            break;
        }
        let mut line: Vec<u8> = rec.into_iter().map(|c| c.0).collect();
        if !trim && !eof {
            line.push(delim);
        }
        if n_read >= skip {
            lines.push(line);
        }
        n_read += 1;
        if eof {
            break;
        }
    }
    let mut m = if origin > 0 {
        match sh.vars.get_var(&name).and_then(|v| v.value.clone()) {
            Some(Value::Indexed(m)) => m,
            _ => Default::default(),
        }
    } else {
        Default::default()
    };
    for (k, l) in lines.into_iter().enumerate() {
        m.insert(origin + k as i64, l);
    }
    if sh.vars.set_value(&name, Value::Indexed(m)).is_err() {
        sh.error(format!("mapfile: {}: readonly variable", lossy(&name)));
        return 1;
    }
    0
}
