//! Helpers shared by the tools: GNU-style error texts, exiting with flushed output, times.

use std::io::{self, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The last path component (`a/b/` -> `b`).
pub fn basename(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    if t.is_empty() {
        return if path.is_empty() { "" } else { "/" };
    }
    t.rsplit('/').next().unwrap_or(t)
}

/// The message GNU tools print for an I/O error (`strerror`), without Rust's "(os error N)".
pub fn strerror(e: &io::Error) -> String {
    if cfg!(target_os = "wasi") {
        // WASI errno numbers, which Rust reports as raw OS errors on wasm32-wasip1.
        let msg = match e.raw_os_error() {
            Some(2) => "Permission denied",
            Some(8) => "Bad file descriptor",
            Some(20) => "File exists",
            Some(28) => "Invalid argument",
            Some(29) => "Input/output error",
            Some(31) => "Is a directory",
            Some(32) => "Too many levels of symbolic links",
            Some(37) => "File name too long",
            Some(44) => "No such file or directory",
            Some(48) => "Cannot allocate memory",
            Some(51) => "No space left on device",
            Some(52) => "Function not implemented",
            Some(54) => "Not a directory",
            Some(55) => "Directory not empty",
            Some(58) => "Operation not supported",
            Some(63) => "Operation not permitted",
            Some(64) => "Broken pipe",
            Some(69) => "Read-only file system",
            _ => "",
        };
        if !msg.is_empty() {
            return msg.to_string();
        }
    }
    match e.kind() {
        io::ErrorKind::NotFound => "No such file or directory".into(),
        io::ErrorKind::PermissionDenied => "Permission denied".into(),
        io::ErrorKind::AlreadyExists => "File exists".into(),
        io::ErrorKind::IsADirectory => "Is a directory".into(),
        io::ErrorKind::NotADirectory => "Not a directory".into(),
        io::ErrorKind::UnexpectedEof => "Unexpected end of file".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Whether `e` is a write to a closed pipe.
pub fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe || (cfg!(target_os = "wasi") && e.raw_os_error() == Some(64))
}

/// Flushes standard output and exits.
pub fn exit(code: i32) -> ! {
    let _ = io::stdout().flush();
    std::process::exit(code)
}

/// Seconds since the epoch of a file time (negative before 1970).
pub fn epoch_secs(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

/// The file time of `secs` since the epoch.
pub fn from_epoch(secs: i64) -> SystemTime {
    if secs >= 0 {
        UNIX_EPOCH + Duration::from_secs(secs as u64)
    } else {
        UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
    }
}

/// `YYYY-MM-DD HH:MM` in UTC (the VM's time zone), as `tar -tv` and `ls -l` print it.
pub fn format_minute(secs: i64) -> String {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", rem / 3600, rem % 3600 / 60)
}

/// Shell-style wildcard match (`*`, `?`, `[...]` with `!`/`^` negation and ranges, `\` escapes)
/// of a whole name; `*` matches `/` too, as GNU tar's `--exclude` does by default.
pub fn glob_match(pat: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let (mut star_p, mut star_n) = (usize::MAX, 0);
    while n < name.len() {
        if p < pat.len() {
            match pat[p] {
                b'*' => {
                    star_p = p;
                    star_n = n;
                    p += 1;
                    continue;
                }
                b'?' => {
                    p += 1;
                    n += 1;
                    continue;
                }
                b'[' => {
                    if let Some((matched, next)) = class_match(pat, p, name[n]) {
                        if matched {
                            p = next;
                            n += 1;
                            continue;
                        }
                    } else if name[n] == b'[' {
                        p += 1;
                        n += 1;
                        continue;
                    }
                }
                b'\\' if p + 1 < pat.len() => {
                    if pat[p + 1] == name[n] {
                        p += 2;
                        n += 1;
                        continue;
                    }
                }
                c => {
                    if c == name[n] {
                        p += 1;
                        n += 1;
                        continue;
                    }
                }
            }
        }
        if star_p == usize::MAX {
            return false;
        }
        p = star_p + 1;
        star_n += 1;
        n = star_n;
    }
    pat[p..].iter().all(|&c| c == b'*')
}

/// Matches byte `c` against the bracket expression at `pat[start]`: `(matched, index after)`,
/// or `None` when the bracket is not closed.
fn class_match(pat: &[u8], start: usize, c: u8) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = i < pat.len() && (pat[i] == b'!' || pat[i] == b'^');
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < pat.len() && (first || pat[i] != b']') {
        first = false;
        let lo = pat[i];
        if i + 2 < pat.len() && pat[i + 1] == b'-' && pat[i + 2] != b']' {
            if lo <= c && c <= pat[i + 2] {
                matched = true;
            }
            i += 3;
        } else {
            if lo == c {
                matched = true;
            }
            i += 1;
        }
    }
    if i >= pat.len() {
        return None;
    }
    Some((matched != negate, i + 1))
}
