//! `stat`, over the kernel's full status (`burrow.stat`). Birth time is not kept (`%w` is `-`,
//! `%W` is `0`, as GNU prints them on file systems without one); `%m` (mount point) is `?`.
//! `-f` (file-system status) has no call behind it and fails.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::wasi::ffi::OsStrExt;

use super::{opt, parse, quote, strerror, usage_error, Kind, Parse, Stat};

const DEFAULT: &str = "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n";
const DEFAULT_DEV: &str = "Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n";
const DEFAULT_NODEV: &str = "Device: %Hd,%Ld\tInode: %-11i Links: %h\n";
const DEFAULT_REST: &str = "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n\
                            Access: %x\nModify: %y\nChange: %z\n Birth: %w\n";
const TERSE: &str = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n";

pub fn main(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: stat [OPTION]... FILE...\n\
        Display file or file system status.\n\n\
        \x20 -L, --dereference     follow links\n\
        \x20 -f, --file-system     display file system status instead of file status\n\
        \x20 -c  --format=FORMAT   use the specified FORMAT instead of the default;\n\
        \x20                         output a newline after each use of FORMAT\n\
        \x20     --printf=FORMAT   like --format, but interpret backslash escapes,\n\
        \x20                         and do not output a mandatory trailing newline\n\
        \x20 -t, --terse           print the information in terse form\n\
        \x20     --help        display this help and exit\n\
        \x20     --version     output version information and exit\n\n\
        Birth time is not kept and prints as '-'.\n";
    let opts = [
        opt(Some('L'), Some("dereference"), false, "dereference"),
        opt(Some('f'), Some("file-system"), false, "file-system"),
        opt(Some('c'), Some("format"), true, "format"),
        opt(None, Some("printf"), true, "printf"),
        opt(Some('t'), Some("terse"), false, "terse"),
        opt(None, Some("cached"), true, "cached"),
    ];
    let p = match parse(args, &opts, HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };
    if p.operands.is_empty() {
        return usage_error("missing operand");
    }
    let follow = p.has("dereference");
    // The last of --format, --printf and --terse wins.
    let chosen = p.opts.iter().rev().find(|(id, _)| matches!(*id, "format" | "printf" | "terse"));
    let mut status = 0;
    let mut out = std::io::stdout().lock();
    for name in &p.operands {
        if p.has("file-system") {
            let _ = out.flush();
            super::error(format!(
                "cannot read file system information for {}: Function not implemented",
                quote(name)
            ));
            status = 1;
            continue;
        }
        let st = match Stat::of(name, follow) {
            Ok(st) => st,
            Err(e) => {
                let _ = out.flush();
                super::error(format!("cannot statx {}: {}", quote(name), strerror(&e)));
                status = 1;
                continue;
            }
        };
        let file = File { name, st };
        let text = match chosen {
            Some(("format", Some(f))) => {
                let mut t = file.format(f.as_bytes(), true);
                t.push(b'\n');
                t
            }
            Some(("printf", Some(f))) => file.format(&unescape(f.as_bytes()), true),
            Some(("terse", _)) => file.format(TERSE.as_bytes(), true),
            _ => {
                let dev = matches!(st.kind, Kind::CharDevice | Kind::BlockDevice);
                let fmt = [DEFAULT, if dev { DEFAULT_DEV } else { DEFAULT_NODEV }, DEFAULT_REST].concat();
                file.format(fmt.as_bytes(), false)
            }
        };
        let _ = out.write_all(&text);
    }
    status
}

struct File<'a> {
    name: &'a OsStr,
    st: Stat,
}

/// Linux's `major()` and `minor()` of a device number.
fn major(dev: u64) -> u64 {
    ((dev >> 32) & 0xffff_f000) | ((dev >> 8) & 0xfff)
}

fn minor(dev: u64) -> u64 {
    ((dev >> 12) & 0xffff_ff00) | (dev & 0xff)
}

fn file_type(st: &Stat) -> &'static str {
    match st.kind {
        Kind::Regular if st.size == 0 => "regular empty file",
        Kind::Regular => "regular file",
        Kind::Directory => "directory",
        Kind::Symlink => "symbolic link",
        Kind::CharDevice => "character special file",
        Kind::BlockDevice => "block special file",
        Kind::Fifo => "fifo",
        Kind::Socket => "socket",
        Kind::Unknown => "weird file",
    }
}

/// `2024-05-01 12:00:00.123456789 +0000`: the VM has no time zone (UTC).
fn human_time((secs, nanos): (i64, i64)) -> String {
    let t = burrow_toolkit::time::Utc::from_epoch(secs);
    let (y, mo, d, h, mi, s) = (t.year, t.month, t.day, t.hour, t.minute, t.second);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{nanos:09} +0000")
}

/// Seconds since the epoch, with `precision` digits of the fraction (GNU's `%.3Y`).
fn epoch_time((secs, nanos): (i64, i64), precision: Option<usize>) -> String {
    match precision {
        Some(p) if p > 0 => {
            let frac = format!("{nanos:09}");
            let digits = &frac[..p.min(9)];
            format!("{secs}.{digits}{}", "0".repeat(p.saturating_sub(9)))
        }
        _ => secs.to_string(),
    }
}

impl File<'_> {
    fn format(&self, fmt: &[u8], quote_names: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < fmt.len() {
            if fmt[i] != b'%' {
                out.push(fmt[i]);
                i += 1;
                continue;
            }
            // %[flags][width][.precision][H|L]conversion
            let start = i;
            i += 1;
            let mut flags = String::new();
            while i < fmt.len() && b"-#0 +'".contains(&fmt[i]) {
                flags.push(fmt[i] as char);
                i += 1;
            }
            let mut width = String::new();
            while i < fmt.len() && fmt[i].is_ascii_digit() {
                width.push(fmt[i] as char);
                i += 1;
            }
            let mut precision = None;
            if i < fmt.len() && fmt[i] == b'.' {
                i += 1;
                let mut p = String::new();
                while i < fmt.len() && fmt[i].is_ascii_digit() {
                    p.push(fmt[i] as char);
                    i += 1;
                }
                precision = Some(p.parse().unwrap_or(0));
            }
            let mut half = None;
            if i < fmt.len() && (fmt[i] == b'H' || fmt[i] == b'L') && fmt.get(i + 1).is_some_and(|c| b"dr".contains(c)) {
                half = Some(fmt[i]);
                i += 1;
            }
            let Some(&conv) = fmt.get(i) else {
                out.extend_from_slice(&fmt[start..]);
                break;
            };
            i += 1;
            let Some((value, numeric)) = self.conversion(conv, half, precision, quote_names) else {
                if conv == b'%' {
                    out.push(b'%');
                } else {
                    out.extend_from_slice(&fmt[start..i]);
                }
                continue;
            };
            let precision = if matches!(conv, b'X' | b'Y' | b'Z' | b'W') { None } else { precision };
            out.extend_from_slice(&pad(value, &flags, width.parse().unwrap_or(0), precision, numeric));
        }
        out
    }

    /// The text of one conversion and whether it is a number (for the `0` flag).
    fn conversion(&self, c: u8, half: Option<u8>, precision: Option<usize>, quote_names: bool) -> Option<(Vec<u8>, bool)> {
        let st = &self.st;
        let num = |n: u64| Some((n.to_string().into_bytes(), true));
        let text = |s: String| Some((s.into_bytes(), false));
        let split = |dev: u64| match half {
            Some(b'H') => num(major(dev)),
            Some(b'L') => num(minor(dev)),
            _ => num(dev),
        };
        match c {
            b'n' => Some((self.name.as_bytes().to_vec(), false)),
            b'N' => {
                let show = |s: &OsStr| if quote_names { quote(s).into_bytes() } else { s.as_bytes().to_vec() };
                let mut v = show(self.name);
                if st.kind == Kind::Symlink {
                    if let Ok(target) = std::fs::read_link(self.name) {
                        v.extend_from_slice(b" -> ");
                        v.extend_from_slice(&show(target.as_os_str()));
                    }
                }
                Some((v, false))
            }
            b's' => num(st.size),
            b'b' => num(st.blocks()),
            b'B' => num(512),
            b'o' => num(st.blksize as u64),
            b'F' => text(file_type(st).to_string()),
            b'i' => num(st.ino),
            b'h' => num(st.nlink),
            b'd' => split(st.dev),
            b'D' => text(format!("{:x}", st.dev)),
            b'r' => split(st.rdev),
            b't' => text(format!("{:x}", major(st.rdev))),
            b'T' => text(format!("{:x}", minor(st.rdev))),
            b'a' => Some((format!("{:o}", st.perm).into_bytes(), true)),
            b'A' => text(st.mode_string()),
            b'f' => text(format!("{:x}", st.mode())),
            b'u' => num(st.uid as u64),
            b'g' => num(st.gid as u64),
            b'U' => text(super::db::user_name(st.uid).unwrap_or_else(|| "UNKNOWN".into())),
            b'G' => text(super::db::group_name(st.gid).unwrap_or_else(|| "UNKNOWN".into())),
            b'x' => text(human_time(st.atime)),
            b'y' => text(human_time(st.mtime)),
            b'z' => text(human_time(st.ctime)),
            b'X' => text(epoch_time(st.atime, precision)),
            b'Y' => text(epoch_time(st.mtime, precision)),
            b'Z' => text(epoch_time(st.ctime, precision)),
            b'w' => text("-".into()),
            b'W' => text("0".into()),
            b'm' => text("?".into()),
            _ => None,
        }
    }
}

/// Applies printf-style flags, width and precision to a conversion's text.
fn pad(mut value: Vec<u8>, flags: &str, width: usize, precision: Option<usize>, numeric: bool) -> Vec<u8> {
    if let Some(p) = precision {
        if numeric {
            let digits = value.len();
            if digits < p {
                let mut v = vec![b'0'; p - digits];
                v.extend_from_slice(&value);
                value = v;
            }
        } else {
            value.truncate(p);
        }
    }
    if value.len() >= width {
        return value;
    }
    let fill = width - value.len();
    if flags.contains('-') {
        value.extend(std::iter::repeat_n(b' ', fill));
        value
    } else {
        let c = if flags.contains('0') && numeric { b'0' } else { b' ' };
        let mut v = vec![c; fill];
        v.extend_from_slice(&value);
        v
    }
}

/// `--printf`'s backslash escapes.
fn unescape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] != b'\\' || i + 1 >= s.len() {
            out.push(s[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = s[i];
        i += 1;
        match c {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'e' => out.push(27),
            b'\\' => out.push(b'\\'),
            b'"' => out.push(b'"'),
            b'\'' => out.push(b'\''),
            b'0'..=b'7' => {
                let mut v = (c - b'0') as u32;
                let mut n = 1;
                while n < 3 && i < s.len() && (b'0'..=b'7').contains(&s[i]) {
                    v = v * 8 + (s[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            b'x' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 && i < s.len() && s[i].is_ascii_hexdigit() {
                    v = v * 16 + (s[i] as char).to_digit(16).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                if n == 0 {
                    out.extend_from_slice(b"\\x");
                } else {
                    out.push(v as u8);
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    out
}
