//! `file` (5.44's wording) for a heuristic subset: empty, directory, (broken) symbolic link,
//! ELF (class, byte order, type, machine), PNG/GIF (with sizes), JPEG (JFIF header, frame),
//! PDF, gzip (name, time, size), zip, tar, wasm, XML/HTML, JSON, scripts by `#!` interpreter
//! (sh, bash, zsh, python, node, perl, ruby, other), ASCII / UTF-8 (BOM) / ISO-8859 text with
//! CRLF / CR / no line terminators, escape sequences and very long lines; else `data`.
//! `NAME: TYPE` lines with names padded to align (`-N` not), `-b` brief, `-L` follow links,
//! `-i` / `--mime-type` / `--mime-encoding` for the common types, `-F SEP`, `-` for standard
//! input. A file that cannot be read is reported in its line (`cannot open ...`), status 0 as
//! file does.

use std::ffi::OsString;

use burrow_toolkit::time::Utc;

use crate::common::{getopt, strerror, Out};

const USAGE: &str = "Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]
            [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>]
            [-m <magicfiles>] [-P <parameter=value>] [--exclude-quiet]
            <file> ...
       file -C [-m <magicfiles>]
       file [--help]
";

const HELP: &str = "Usage: file [OPTION...] [FILE...]
Determine type of FILEs.

      --help                 display this help and exit
  -v, --version              output version information and exit
  -b, --brief                do not prepend filenames to output lines
  -F, --separator STRING     use string as separator instead of `:'
  -i, --mime                 output MIME type strings (--mime-type and
                               --mime-encoding)
      --mime-type            output the MIME type
      --mime-encoding        output the MIME encoding
  -L, --dereference          follow symlinks
  -h, --no-dereference       don't follow symlinks (default)
  -N, --no-pad               do not pad output
  -f, --files-from FILE      read the filenames to be examined from FILE
";

const LONG: &[(&str, u8, char)] = &[
    ("brief", 0, 'b'),
    ("separator", 1, 'F'),
    ("mime", 0, 'i'),
    ("mime-type", 0, '\u{1}'),
    ("mime-encoding", 0, '\u{2}'),
    ("dereference", 0, 'L'),
    ("no-dereference", 0, 'h'),
    ("no-pad", 0, 'N'),
    ("files-from", 1, 'f'),
    ("help", 0, '\u{3}'),
    ("version", 0, 'v'),
    ("uncompress", 0, 'z'),
    ("special-files", 0, 's'),
    ("keep-going", 0, 'k'),
    ("raw", 0, 'r'),
    ("print0", 0, '0'),
    ("extension", 0, '\u{4}'),
    ("apple", 0, '\u{5}'),
];

/// `(description, mime type, mime encoding)`.
type Kind = (String, &'static str, &'static str);

fn k(desc: impl Into<String>, mime: &'static str, enc: &'static str) -> Kind {
    (desc.into(), mime, enc)
}

fn be32(d: &[u8], at: usize) -> u32 {
    d.get(at..at + 4).map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn le16(d: &[u8], at: usize) -> u16 {
    d.get(at..at + 2).map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

fn le32(d: &[u8], at: usize) -> u32 {
    d.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// `ctime`-style UTC time: `Fri Dec  4 20:39:24 2026`.
fn ctime(secs: u64) -> String {
    let t = Utc::from_epoch(i64::try_from(secs).unwrap_or(i64::MAX));
    let (wd, mon) = (t.weekday_name(), t.month_name());
    format!("{wd} {mon} {:2} {:02}:{:02}:{:02} {}", t.day, t.hour, t.minute, t.second, t.year)
}

fn elf(d: &[u8]) -> String {
    let class = match d.get(4) {
        Some(1) => "32-bit",
        Some(2) => "64-bit",
        _ => "invalid class",
    };
    let little = d.get(5) == Some(&1);
    let order = if little { "LSB" } else { "MSB" };
    let abi = match d.get(7) {
        Some(3) => "GNU/Linux",
        Some(9) => "FreeBSD",
        _ => "SYSV",
    };
    if d.len() < 20 {
        return format!("ELF {class} {order} ({abi})");
    }
    let half = |at: usize| if little { le16(d, at) } else { u16::from_be_bytes([d[at], d[at + 1]]) };
    let etype = half(16);
    let machine = half(18);
    // A shared object with an interpreter (PT_INTERP) is a PIE executable.
    let is64 = d.get(4) == Some(&2);
    let mut interp = false;
    let mut dynamic = false;
    if d.len() >= 64 {
        let (phoff, phentsize, phnum) = if is64 {
            (
                if little {
                    u64::from_le_bytes(d[32..40].try_into().unwrap())
                } else {
                    u64::from_be_bytes(d[32..40].try_into().unwrap())
                } as usize,
                half(54) as usize,
                half(56) as usize,
            )
        } else {
            ((if little { le32(d, 28) } else { be32(d, 28) }) as usize, half(42) as usize, half(44) as usize)
        };
        for i in 0..phnum {
            let at = phoff + i * phentsize;
            if at + 4 > d.len() {
                break;
            }
            let t = if little { le32(d, at) } else { be32(d, at) };
            interp |= t == 3;
            dynamic |= t == 2;
        }
    }
    let ty = match etype {
        1 => "relocatable",
        2 => "executable",
        3 if interp => "pie executable",
        3 => "shared object",
        4 => "core file",
        _ => "unknown type",
    };
    let mach = match machine {
        3 => "Intel 80386",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "64-bit PowerPC",
        40 => "ARM",
        62 => "x86-64",
        183 => "ARM aarch64",
        243 => "RISC-V",
        _ => "unknown arch",
    };
    let mut s = format!("ELF {class} {order} {ty}, {mach}, version {} ({abi})", d.get(6).copied().unwrap_or(1));
    if etype == 2 || etype == 3 {
        s.push_str(if dynamic || interp { ", dynamically linked" } else { ", statically linked" });
    }
    s
}

/// JPEG's description: the JFIF header's version, density and segment length, then the first
/// frame's kind, precision, size and components.
fn jpeg(d: &[u8]) -> String {
    let be16 = |at: usize| d.get(at..at + 2).map_or(0, |b| u16::from_be_bytes([b[0], b[1]]) as usize);
    let mut s = "JPEG image data".to_string();
    if d.get(6..11) == Some(b"JFIF\0") && d.len() >= 20 {
        s.push_str(&format!(", JFIF standard {}.{:02}", d[11], d[12]));
        s.push_str(match d[13] {
            0 => ", aspect ratio",
            1 => ", resolution (DPI)",
            2 => ", resolution (DPCM)",
            _ => "",
        });
        s.push_str(&format!(", density {}x{}, segment length {}", be16(14), be16(16), be16(4)));
        if d[18] != 0 || d[19] != 0 {
            s.push_str(&format!(", thumbnail {}x{}", d[18], d[19]));
        }
    }
    let mut at = 2;
    while at + 4 <= d.len() && d[at] == 0xff {
        let marker = d[at + 1];
        let len = be16(at + 2);
        if matches!(marker, 0xc0..=0xc3) && at + 10 <= d.len() {
            let kind = match marker {
                0xc0 => "baseline",
                0xc1 => "extended sequential",
                0xc2 => "progressive",
                _ => "lossless",
            };
            s.push_str(&format!(
                ", {kind}, precision {}, {}x{}, components {}",
                d[at + 4],
                be16(at + 7),
                be16(at + 5),
                d[at + 9]
            ));
            break;
        }
        if marker == 0xd9 || marker == 0xda || len < 2 {
            break;
        }
        at += 2 + len;
    }
    s
}

/// Whether `d` is one JSON value (objects and arrays only, as file wants).
fn is_json(d: &[u8]) -> bool {
    fn ws(d: &[u8], mut i: usize) -> usize {
        while i < d.len() && matches!(d[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }
    fn value(d: &[u8], i: usize, depth: usize) -> Option<usize> {
        if depth > 500 {
            return None;
        }
        let i = ws(d, i);
        match *d.get(i)? {
            b'{' | b'[' => {
                let close = if d[i] == b'{' { b'}' } else { b']' };
                let mut j = ws(d, i + 1);
                if d.get(j) == Some(&close) {
                    return Some(j + 1);
                }
                loop {
                    if close == b'}' {
                        j = ws(d, j);
                        if d.get(j) != Some(&b'"') {
                            return None;
                        }
                        j = value(d, j, depth + 1)?;
                        j = ws(d, j);
                        if d.get(j) != Some(&b':') {
                            return None;
                        }
                        j += 1;
                    }
                    j = ws(d, value(d, j, depth + 1)?);
                    match d.get(j) {
                        Some(b',') => j += 1,
                        Some(&c) if c == close => return Some(j + 1),
                        _ => return None,
                    }
                }
            }
            b'"' => {
                let mut j = i + 1;
                while j < d.len() {
                    match d[j] {
                        b'\\' => j += 2,
                        b'"' => return Some(j + 1),
                        c if c < 0x20 => return None,
                        _ => j += 1,
                    }
                }
                None
            }
            b't' if d[i..].starts_with(b"true") => Some(i + 4),
            b'f' if d[i..].starts_with(b"false") => Some(i + 5),
            b'n' if d[i..].starts_with(b"null") => Some(i + 4),
            b'-' | b'0'..=b'9' => {
                let mut j = i + 1;
                while j < d.len() && matches!(d[j], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                    j += 1;
                }
                Some(j)
            }
            _ => None,
        }
    }
    let i = ws(d, 0);
    if !matches!(d.get(i), Some(b'{') | Some(b'[')) {
        return false;
    }
    value(d, i, 0).is_some_and(|end| ws(d, end) == d.len())
}

/// The text description (`None`: not text).
fn text(d: &[u8]) -> Option<(String, &'static str)> {
    let (body, bom) = match d.strip_prefix(b"\xef\xbb\xbf") {
        Some(b) => (b, true),
        None => (d, false),
    };
    let textlike = |c: u8| matches!(c, 7..=13 | 27 | 0x20..=0x7e);
    let (kind, enc) = if body.iter().all(|&c| textlike(c)) && !bom {
        ("ASCII text".to_string(), "us-ascii")
    } else if std::str::from_utf8(body).is_ok() && body.iter().all(|&c| c >= 0x80 || textlike(c)) {
        (if bom { "Unicode text, UTF-8 (with BOM) text" } else { "Unicode text, UTF-8 text" }.to_string(), "utf-8")
    } else if body.iter().all(|&c| textlike(c) || c >= 0xa0) {
        ("ISO-8859 text".to_string(), "iso-8859-1")
    } else {
        return None;
    };
    let mut extra = Vec::new();
    let longest = body.split(|&c| c == b'\n' || c == b'\r').map(<[u8]>::len).max().unwrap_or(0);
    if longest > 300 {
        extra.push(format!("with very long lines ({longest})"));
    }
    let (mut crlf, mut cr, mut lf) = (0, 0, 0);
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\r' if body.get(i + 1) == Some(&b'\n') => {
                crlf += 1;
                i += 1;
            }
            b'\r' => cr += 1,
            b'\n' => lf += 1,
            _ => {}
        }
        i += 1;
    }
    let mut terms = Vec::new();
    if crlf > 0 {
        terms.push("CRLF");
    }
    if cr > 0 {
        terms.push("CR");
    }
    if lf > 0 && (crlf > 0 || cr > 0) {
        terms.push("LF");
    }
    if !terms.is_empty() {
        extra.push(format!("with {} line terminators", terms.join(", ")));
    } else if lf == 0 {
        extra.push("with no line terminators".into());
    }
    if body.contains(&27) {
        extra.push("with escape sequences".into());
    }
    let mut s = kind;
    for e in extra {
        s.push_str(", ");
        s.push_str(&e);
    }
    Some((s, enc))
}

fn classify(d: &[u8]) -> Kind {
    if d.is_empty() {
        return k("empty", "inode/x-empty", "binary");
    }
    if d.starts_with(b"\x7fELF") {
        let mime = if d.get(16) == Some(&1) {
            "application/x-object"
        } else if d.get(16) == Some(&3) {
            "application/x-pie-executable"
        } else {
            "application/x-executable"
        };
        return k(elf(d), mime, "binary");
    }
    if d.starts_with(b"\x89PNG\r\n\x1a\n") {
        let mut s = "PNG image data".to_string();
        if d.get(12..16).unwrap_or_default() == b"IHDR" && d.len() >= 29 {
            let (w, h, depth, color, inter) = (be32(d, 16), be32(d, 20), d[24], d[25], d[28]);
            let color = match color {
                0 => "grayscale",
                2 => "/color RGB",
                3 => "colormap",
                4 => "gray+alpha",
                6 => "/color RGBA",
                _ => "unknown",
            };
            let sep = if color.starts_with('/') { "" } else { " " };
            s = format!(
                "{s}, {w} x {h}, {depth}-bit{sep}{color}, {}",
                if inter == 1 { "interlaced" } else { "non-interlaced" }
            );
        }
        return k(s, "image/png", "binary");
    }
    if d.starts_with(b"GIF87a") || d.starts_with(b"GIF89a") {
        return k(
            format!("GIF image data, version {}, {} x {}", String::from_utf8_lossy(&d[3..6]), le16(d, 6), le16(d, 8)),
            "image/gif",
            "binary",
        );
    }
    if d.starts_with(b"\xff\xd8\xff") {
        return k(jpeg(d), "image/jpeg", "binary");
    }
    if d.starts_with(b"%PDF-") {
        let v: String = d[5..].iter().take_while(|c| c.is_ascii_digit() || **c == b'.').map(|&c| c as char).collect();
        return k(format!("PDF document, version {v}"), "application/pdf", "binary");
    }
    if d.starts_with(b"\x1f\x8b") {
        let mut s = "gzip compressed data".to_string();
        let flags = d.get(3).copied().unwrap_or(0);
        if flags & 8 != 0 {
            let mut at = 10;
            if flags & 4 != 0 {
                at += 2 + le16(d, 10) as usize;
            }
            let name: Vec<u8> = d.get(at..).unwrap_or_default().iter().take_while(|&&c| c != 0).copied().collect();
            s.push_str(&format!(", was \"{}\"", String::from_utf8_lossy(&name)));
        }
        let mtime = le32(d, 4);
        if mtime != 0 {
            s.push_str(&format!(", last modified: {}", ctime(mtime as u64)));
        }
        match d.get(8) {
            Some(2) => s.push_str(", max compression"),
            Some(4) => s.push_str(", max speed"),
            _ => {}
        }
        match d.get(9) {
            Some(3) => s.push_str(", from Unix"),
            Some(0) => s.push_str(", from FAT filesystem (MS-DOS, OS/2, NT)"),
            Some(11) => s.push_str(", from NTFS filesystem (NT)"),
            _ => {}
        }
        if d.len() >= 18 {
            s.push_str(&format!(", original size modulo 2^32 {}", le32(d, d.len() - 4)));
        }
        return k(s, "application/gzip", "binary");
    }
    if d.starts_with(b"PK\x03\x04") {
        let v = le16(d, 4);
        let method = match le16(d, 8) {
            0 => "store".to_string(),
            8 => "deflate".to_string(),
            12 => "bzip2".to_string(),
            14 => "lzma".to_string(),
            m => m.to_string(),
        };
        return k(
            format!("Zip archive data, at least v{}.{} to extract, compression method={method}", v / 10, v % 10),
            "application/zip",
            "binary",
        );
    }
    if d.starts_with(b"PK\x05\x06") {
        return k("Zip archive data (empty)", "application/zip", "binary");
    }
    if d.len() >= 512 && &d[257..262] == b"ustar" {
        let gnu = &d[257..265] == b"ustar  \0";
        return k(if gnu { "POSIX tar archive (GNU)" } else { "POSIX tar archive" }, "application/x-tar", "binary");
    }
    if d.starts_with(b"\0asm") && d.len() >= 8 {
        let v = le32(d, 4);
        return k(
            format!("WebAssembly (wasm) binary module version {v:#x}{}", if v == 1 { " (MVP)" } else { "" }),
            "application/wasm",
            "binary",
        );
    }
    if d.starts_with(b"BZh") {
        return k(
            format!("bzip2 compressed data, block size = {}00k", d.get(3).map_or('?', |&c| c as char)),
            "application/x-bzip2",
            "binary",
        );
    }
    if d.starts_with(b"\xfd7zXZ\0") {
        return k("XZ compressed data, checksum CRC64", "application/x-xz", "binary");
    }
    if d.starts_with(b"\x28\xb5\x2f\xfd") {
        return k("Zstandard compressed data", "application/zstd", "binary");
    }
    let Some((t, enc)) = text(d) else {
        return k("data", "application/octet-stream", "binary");
    };
    if let Some(rest) = d.strip_prefix(b"#!") {
        let line: &[u8] = rest.split(|&c| c == b'\n').next().unwrap_or_default();
        let line = String::from_utf8_lossy(line);
        let mut words = line.split_whitespace();
        let mut prog = words.next().unwrap_or("").to_string();
        if prog.ends_with("/env") {
            prog = words.find(|w| !w.starts_with('-')).unwrap_or("").to_string();
        }
        let base = prog.rsplit('/').next().unwrap_or("").to_string();
        let (desc, mime) = match base.as_str() {
            "sh" | "dash" | "ash" => ("POSIX shell script".to_string(), "text/x-shellscript"),
            "bash" => ("Bourne-Again shell script".to_string(), "text/x-shellscript"),
            "zsh" => ("Paul Falstad's zsh script".to_string(), "text/x-shellscript"),
            b if b.starts_with("python") => ("Python script".to_string(), "text/x-script.python"),
            "node" | "nodejs" => return k(format!("Node.js script executable, {t}"), "application/javascript", enc),
            b if b.starts_with("perl") => return k("Perl script text executable", "text/x-perl", enc),
            "ruby" => ("Ruby script".to_string(), "text/x-ruby"),
            _ => (format!("a {} script", line.trim()), "text/plain"),
        };
        return k(format!("{desc}, {t} executable"), mime, enc);
    }
    let trimmed = d.iter().position(|c| !c.is_ascii_whitespace()).map_or(&d[..0], |i| &d[i..]);
    if trimmed.starts_with(b"<?xml") {
        return k(format!("XML 1.0 document, {t}"), "text/xml", enc);
    }
    let lower: Vec<u8> = trimmed.iter().take(64).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return k(format!("HTML document, {t}"), "text/html", enc);
    }
    if is_json(d) {
        return k("JSON text data", "application/json", enc);
    }
    k(t, "text/plain", enc)
}

fn describe(name: &OsString, follow: bool) -> Kind {
    if name == "-" {
        let mut d = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut d);
        return classify(&d);
    }
    let meta = if follow { std::fs::metadata(name) } else { std::fs::symlink_metadata(name) };
    let meta = match meta {
        Ok(m) => m,
        Err(e) => {
            return k(format!("cannot open `{}' ({})", name.to_string_lossy(), strerror(&e)), "cannot open", "binary")
        }
    };
    let ft = meta.file_type();
    if ft.is_symlink() {
        let t = std::fs::read_link(name).map(|t| t.to_string_lossy().into_owned()).unwrap_or_default();
        let broken = std::fs::metadata(name).is_err();
        return k(format!("{}symbolic link to {t}", if broken { "broken " } else { "" }), "inode/symlink", "binary");
    }
    let (mode, rdev) = crate::common::mode_of(std::path::Path::new(name), follow).unwrap_or((0, 0));
    if ft.is_dir() {
        let mut s = String::new();
        if mode & 0o4000 != 0 {
            s.push_str("setuid, ");
        }
        if mode & 0o2000 != 0 {
            s.push_str("setgid, ");
        }
        if mode & 0o1000 != 0 {
            s.push_str("sticky, ");
        }
        return k(s + "directory", "inode/directory", "binary");
    }
    if !ft.is_file() {
        // Linux's dev_t: major in bits 8-19 (and 32+), minor in 0-7 and 20-31.
        let (major, minor) = (((rdev >> 8) & 0xfff) | ((rdev >> 32) & !0xfff), (rdev & 0xff) | ((rdev >> 12) & !0xff));
        let (s, mime) = match mode & 0o170000 {
            0o020000 => (format!("character special ({major}/{minor})"), "inode/chardevice"),
            0o060000 => (format!("block special ({major}/{minor})"), "inode/blockdevice"),
            0o010000 => ("fifo (named pipe)".to_string(), "inode/fifo"),
            0o140000 => ("socket".to_string(), "inode/socket"),
            _ => ("special".to_string(), "inode/x-special"),
        };
        return k(s, mime, "binary");
    }
    match std::fs::read(name) {
        Ok(d) => classify(&d),
        Err(e) => k(format!("cannot open `{}' ({})", name.to_string_lossy(), strerror(&e)), "cannot open", "binary"),
    }
}

pub fn main(args: Vec<OsString>) -> i32 {
    let (opts, mut files) = match getopt(&args, "bcCdEe:F:f:hikLlm:NnpP:rsSvzZ0", LONG, false) {
        Ok(x) => x,
        Err(m) => {
            eprintln!("file: {m}");
            eprint!("{USAGE}");
            return 1;
        }
    };
    let (mut brief, mut follow, mut pad, mut sep) = (false, false, true, ":".to_string());
    let (mut mime_type, mut mime_enc) = (false, false);
    for (c, v) in opts {
        match c {
            'b' => brief = true,
            'L' => follow = true,
            'h' => follow = false,
            'N' => pad = false,
            'F' => sep = v.unwrap_or_default(),
            'i' => {
                mime_type = true;
                mime_enc = true;
            }
            '\u{1}' => mime_type = true,
            '\u{2}' => mime_enc = true,
            'f' => {
                let v = v.unwrap_or_default();
                match crate::common::read_input(Some(std::ffi::OsStr::new(&v))) {
                    Ok(d) => {
                        files.extend(d.split(|&c| c == b'\n').filter(|l| !l.is_empty()).map(crate::common::bytes_os))
                    }
                    Err(e) => {
                        eprintln!("file: cannot open `{v}' ({})", strerror(&e));
                        return 1;
                    }
                }
            }
            '\u{3}' => {
                print!("{HELP}");
                return 0;
            }
            'v' => {
                println!("file-5.44\nmagic file from /etc/magic:/usr/share/misc/magic");
                return 0;
            }
            _ => {}
        }
    }
    if files.is_empty() {
        eprint!("{USAGE}");
        return 1;
    }
    let shown = |f: &OsString| if f == "-" { "/dev/stdin".to_string() } else { f.to_string_lossy().into_owned() };
    let width = files.iter().map(|f| shown(f).chars().count()).max().unwrap_or(0);
    let mut out = Out::new();
    for f in &files {
        let (desc, mime, enc) = describe(f, follow);
        let desc = if mime == "cannot open" {
            desc
        } else if mime_type && mime_enc {
            format!("{mime}; charset={enc}")
        } else if mime_type {
            mime.to_string()
        } else if mime_enc {
            enc.to_string()
        } else {
            desc
        };
        let line = if brief {
            format!("{desc}\n")
        } else {
            let name = shown(f);
            let padding = if pad { " ".repeat(width - name.chars().count()) } else { String::new() };
            format!("{name}{sep}{padding} {desc}\n")
        };
        out.bytes(line.as_bytes());
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(classify(b"").0, "empty");
        assert_eq!(classify(b"hello\n").0, "ASCII text");
        assert_eq!(classify(b"a\r\nb\r\n").0, "ASCII text, with CRLF line terminators");
        assert_eq!(classify("h\u{e9}\n".as_bytes()).0, "Unicode text, UTF-8 text");
        assert_eq!(classify(b"#!/bin/sh\necho\n").0, "POSIX shell script, ASCII text executable");
        assert_eq!(classify(b"{\"a\": [1, 2]}\n").0, "JSON text data");
        assert_eq!(classify(b"[1,2\n").0, "ASCII text");
        assert_eq!(classify(b"\0\x01\xff").0, "data");
        assert_eq!(ctime(1796416764), "Fri Dec  4 20:39:24 2026");
    }
}
