//! `xxd` (vim's, 2022-01-14): the default dump (`OFFSET: hex groups  ascii`), `-p` plain hex,
//! `-i` C include, `-b` bits, `-r` / `-r -p` reverse (default dumps are patched in at their
//! offsets, gaps filled with zeros; an output file is patched, not truncated), `-l LEN`,
//! `-s [+-]OFFSET`, `-c COLS`, `-g BYTES`, `-u`, `-d`, `-o OFF`, `-n NAME`, `-C`; `[infile
//! [outfile]]`. The layout follows xxd.c's column arithmetic.

use std::ffi::OsString;
use std::io::Write;

use crate::common::{error, parse_c_num, read_input, strerror, Out};

const USAGE: &str = "Usage:
       xxd [options] [infile [outfile]]
    or
       xxd -r [-s [-]offset] [-c cols] [-ps] [infile [outfile]]
Options:
    -a          toggle autoskip: A single '*' replaces nul-lines. Default off.
    -b          binary digit dump (incompatible with -ps,-i,-r). Default hex.
    -C          capitalize variable names in C include file style (-i).
    -c cols     format <cols> octets per line. Default 16 (-i: 12, -ps: 30).
    -g bytes    number of octets per group in normal output. Default 2.
    -h          print this summary.
    -i          output in C include file style.
    -l len      stop after <len> octets.
    -n name     set the variable name used in C include output (-i).
    -o off      add <off> to the displayed file position.
    -ps         output in postscript plain hexdump style.
    -r          reverse operation: convert (or patch) hexdump into binary.
    -r -s off   revert with <off> added to file positions found in hexdump.
    -d          show offset in decimal instead of hex.
    -s [+][-]seek  start at <seek> bytes abs. (or +: rel.) infile offset.
    -u          use upper case hex letters.
    -v          show version: \"xxd 2022-01-14 by Juergen Weigert et al.\".
";

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Normal,
    Plain,
    Include,
    Bits,
}

struct Opts {
    kind: Kind,
    cols: Option<usize>,
    group: Option<usize>,
    len: Option<u64>,
    seek: i64,
    seek_rel: bool,
    upper: bool,
    decimal: bool,
    display_off: u64,
    name: Option<String>,
    capitalize: bool,
    autoskip: bool,
}

fn usage_exit() -> i32 {
    eprint!("{USAGE}");
    1
}

/// An xxd number argument (`strtol(s, 0, 0)`; `-s` allows a sign).
fn num(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let v = parse_c_num(body)? as i64;
    Some(if neg { -v } else { v })
}

pub fn main(args: Vec<OsString>) -> i32 {
    let mut o = Opts {
        kind: Kind::Normal,
        cols: None,
        group: None,
        len: None,
        seek: 0,
        seek_rel: false,
        upper: false,
        decimal: false,
        display_off: 0,
        name: None,
        capitalize: false,
        autoskip: false,
    };
    let mut reverse = false;
    let mut files: Vec<OsString> = Vec::new();
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        i += 1;
        if !a.starts_with('-') || a == "-" || !files.is_empty() {
            files.push(args[i - 1].clone());
            continue;
        }
        if a == "--" {
            files.extend(args[i..].iter().cloned());
            break;
        }
        // xxd matches options by prefix of their long spelling: -ps, -postscript, -plain...
        let body = a.trim_start_matches('-');
        let mut value = |inline: &str| -> Option<String> {
            if !inline.is_empty() {
                return Some(inline.to_string());
            }
            let v = args.get(i).map(|v| v.to_string_lossy().into_owned());
            i += 1;
            v
        };
        let (key, rest) = body.split_at(body.chars().next().map_or(0, char::len_utf8));
        let bad = |what: &str| {
            error("xxd", format!("invalid {what} '{a}'"));
            1
        };
        match key {
            "p" => o.kind = Kind::Plain,
            "i" => o.kind = Kind::Include,
            "b" => o.kind = Kind::Bits,
            "r" => reverse = true,
            "u" => o.upper = true,
            "d" => o.decimal = true,
            "a" => o.autoskip = !o.autoskip,
            "C" => o.capitalize = true,
            "E" | "e" => {}
            "h" => {
                print!("{USAGE}");
                return 0;
            }
            "v" => {
                eprintln!("xxd 2022-01-14 by Juergen Weigert et al.");
                return 0;
            }
            "c" | "g" | "l" | "o" | "s" | "n" => {
                let inline = if body.starts_with("cols")
                    || body.starts_with("groupsize")
                    || body.starts_with("len")
                    || body.starts_with("seek")
                    || body.starts_with("name")
                {
                    ""
                } else {
                    rest
                };
                let Some(v) = value(inline) else { return usage_exit() };
                match key {
                    "n" => o.name = Some(v),
                    "c" => match num(&v) {
                        Some(n) if n >= 0 => o.cols = Some(n as usize),
                        _ => return bad("number of columns"),
                    },
                    "g" => match num(&v) {
                        Some(n) if n >= 0 => o.group = Some(n as usize),
                        _ => return bad("group size"),
                    },
                    "l" => match num(&v) {
                        Some(n) if n >= 0 => o.len = Some(n as u64),
                        _ => return bad("length"),
                    },
                    "o" => match num(&v) {
                        Some(n) if n >= 0 => o.display_off = n as u64,
                        _ => return bad("offset"),
                    },
                    _ => {
                        let (rel, t) = match v.strip_prefix('+') {
                            Some(t) => (true, t),
                            None => (false, v.as_str()),
                        };
                        match num(t) {
                            Some(n) => {
                                o.seek = n;
                                o.seek_rel = rel;
                            }
                            None => return bad("seek offset"),
                        }
                    }
                }
            }
            _ => {
                error("xxd", format!("invalid option -- '{}'", key));
                return usage_exit();
            }
        }
    }
    if files.len() > 2 {
        return usage_exit();
    }
    let input = files.first().filter(|f| *f != "-");
    let data = match read_input(input.map(|f| f.as_os_str())) {
        Ok(d) => d,
        Err(e) => {
            error("xxd", format!("{}: {}", input.unwrap().to_string_lossy(), strerror(&e)));
            return 2;
        }
    };
    if reverse {
        return revert(&data, &o, files.get(1));
    }
    let start = if o.seek < 0 {
        data.len().saturating_sub(o.seek.unsigned_abs() as usize)
    } else {
        (o.seek as usize).min(data.len())
    };
    let mut slice = &data[start..];
    if let Some(l) = o.len {
        slice = &slice[..slice.len().min(l as usize)];
    }
    let mut text = Vec::new();
    let name = input.map(|f| f.to_string_lossy().into_owned());
    dump(slice, start as u64, &o, name.as_deref(), &mut text);
    match files.get(1) {
        Some(outfile) => {
            if let Err(e) = std::fs::write(outfile, text) {
                error("xxd", format!("{}: {}", outfile.to_string_lossy(), strerror(&e)));
                return 2;
            }
        }
        None => Out::new().bytes(&text),
    }
    0
}

/// The variable name `-i` derives from a file name.
fn c_name(name: &str, capitalize: bool) -> String {
    let mut s = String::new();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        s.push_str("__");
    }
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        s.push(if capitalize { c.to_ascii_uppercase() } else { c });
    }
    s
}

fn dump(data: &[u8], start: u64, o: &Opts, name: Option<&str>, out: &mut Vec<u8>) {
    let hex: &[u8; 16] = if o.upper { b"0123456789ABCDEF" } else { b"0123456789abcdef" };
    match o.kind {
        Kind::Plain => {
            let cols = o.cols.unwrap_or(30);
            let mut line = Vec::new();
            for (k, &b) in data.iter().enumerate() {
                line.push(hex[(b >> 4) as usize]);
                line.push(hex[(b & 15) as usize]);
                if cols > 0 && (k + 1) % cols == 0 {
                    line.push(b'\n');
                    out.extend_from_slice(&line);
                    line.clear();
                }
            }
            if !line.is_empty() || (cols == 0 && !data.is_empty()) {
                line.push(b'\n');
                out.extend_from_slice(&line);
            }
        }
        Kind::Include => {
            let cols = o.cols.filter(|&c| c > 0).unwrap_or(12);
            let var = o.name.clone().or_else(|| name.map(|n| c_name(n, o.capitalize)));
            if let Some(v) = &var {
                out.extend_from_slice(format!("unsigned char {v}[] = {{\n").as_bytes());
            }
            let mut s = String::new();
            for (k, &b) in data.iter().enumerate() {
                if k % cols == 0 {
                    s.push_str("  ");
                }
                s.push_str("0x");
                s.push(hex[(b >> 4) as usize] as char);
                s.push(hex[(b & 15) as usize] as char);
                if k + 1 == data.len() {
                    s.push('\n');
                } else if (k + 1) % cols == 0 {
                    s.push_str(",\n");
                } else {
                    s.push_str(", ");
                }
            }
            out.extend_from_slice(s.as_bytes());
            if let Some(v) = &var {
                let len = if o.capitalize { "_LEN" } else { "_len" };
                out.extend_from_slice(format!("}};\nunsigned int {v}{len} = {};\n", data.len()).as_bytes());
            }
        }
        Kind::Normal | Kind::Bits => {
            let bits = o.kind == Kind::Bits;
            let cols = o.cols.filter(|&c| c > 0).unwrap_or(if bits { 6 } else { 16 });
            let mut group = o.group.unwrap_or(if bits { 1 } else { 2 });
            if group < 1 || group > cols {
                group = cols;
            }
            let grplen = if bits { 8 * group + 1 } else { 2 * group + 1 };
            // xxd.c's xxdline: with -a, a run of 3+ all-zero lines prints its first line,
            // `*`, and its last line only at the end of the input.
            let mut zero_seen = 0;
            let mut saved: Vec<u8> = Vec::new();
            let nlines = data.len().div_ceil(cols);
            for (lineno, chunk) in data.chunks(cols).enumerate() {
                let off = start + (lineno * cols) as u64 + o.display_off;
                let addr = if o.decimal { format!("{off:08}:") } else { format!("{off:08x}:") };
                let addrlen = addr.len();
                let mut l = vec![b' '; addrlen + 3 + (grplen * cols) / group + cols + 2];
                l[..addrlen].copy_from_slice(addr.as_bytes());
                let mut end = 0;
                for (p, &e) in chunk.iter().enumerate() {
                    let mut c = addrlen + 1 + (grplen * p) / group;
                    if bits {
                        for bit in (0..8).rev() {
                            l[c] = if (e >> bit) & 1 == 1 { b'1' } else { b'0' };
                            c += 1;
                        }
                    } else {
                        l[c] = hex[(e >> 4) as usize];
                        l[c + 1] = hex[(e & 15) as usize];
                    }
                    let a = addrlen + 3 + (grplen * cols - 1) / group + p;
                    l[a] = if (32..127).contains(&e) { e } else { b'.' };
                    end = a + 1;
                }
                l.truncate(end);
                l.push(b'\n');
                if !o.autoskip {
                    out.extend_from_slice(&l);
                    continue;
                }
                let nz = i32::from(chunk.len() < cols || chunk.iter().any(|&b| b != 0));
                xxdline(out, &l, nz, &mut zero_seen, &mut saved);
                if lineno + 1 == nlines && chunk.len() == cols {
                    xxdline(out, &l, -1, &mut zero_seen, &mut saved);
                }
            }
        }
    }
}

/// xxd.c's `xxdline`: prints `l` unless it is the third or later of a run of zero lines
/// (`nz` 0); `nz` -1 flushes at the end.
fn xxdline(out: &mut Vec<u8>, l: &[u8], nz: i32, zero_seen: &mut i32, saved: &mut Vec<u8>) {
    if nz == 0 && *zero_seen == 1 {
        *saved = l.to_vec();
    }
    let was = *zero_seen;
    if nz == 0 {
        *zero_seen += 1;
    }
    if nz != 0 || was == 0 {
        if nz != 0 {
            if nz < 0 {
                *zero_seen -= 1;
            }
            if *zero_seen == 2 {
                out.extend_from_slice(saved);
            }
            if *zero_seen > 2 {
                out.extend_from_slice(b"*\n");
            }
        }
        if nz >= 0 || *zero_seen > 0 {
            out.extend_from_slice(l);
        }
        if nz != 0 {
            *zero_seen = 0;
        }
    }
}

fn hexval(c: u8) -> i32 {
    match c {
        b'0'..=b'9' => (c - b'0') as i32,
        b'a'..=b'f' => (c - b'a' + 10) as i32,
        b'A'..=b'F' => (c - b'A' + 10) as i32,
        _ => -1,
    }
}

/// `-r`: xxd.c's `huntype`.
fn revert(data: &[u8], o: &Opts, outfile: Option<&OsString>) -> i32 {
    let plain = o.kind == Kind::Plain;
    let cols = o.cols.filter(|&c| c > 0).unwrap_or(if plain { 30 } else { 16 });
    let base_off = o.seek.max(0) as usize;
    let mut result: Vec<u8> = match outfile {
        Some(f) => std::fs::read(f).unwrap_or_default(),
        None => Vec::new(),
    };
    let (mut n1, mut n2): (i32, i32) = (-1, -1);
    let mut n3: i32;
    let mut p = cols;
    let mut want_off: usize = 0;
    let mut have_off: usize = 0;
    let mut written_end = 0usize;
    let mut k = 0;
    while k < data.len() {
        let c = data[k];
        k += 1;
        if c == b'\r' {
            continue;
        }
        n3 = n2;
        n2 = n1;
        n1 = hexval(c);
        if !plain && p >= cols {
            if n1 < 0 {
                p = 0;
                continue;
            }
            want_off = (want_off << 4) | n1 as usize;
            continue;
        }
        if base_off + want_off != have_off {
            have_off = base_off + want_off;
        }
        let mut skip = false;
        if n2 >= 0 && n1 >= 0 {
            let byte = ((n2 << 4) | n1) as u8;
            if result.len() <= have_off {
                result.resize(have_off + 1, 0);
            }
            result[have_off] = byte;
            have_off += 1;
            written_end = written_end.max(have_off);
            want_off += 1;
            n1 = -1;
            if !plain {
                p += 1;
                if p >= cols {
                    skip = true;
                }
            }
        } else if n1 < 0 && n2 < 0 && n3 < 0 && !plain {
            skip = true;
        }
        if skip {
            while k < data.len() && data[k] != b'\n' {
                k += 1;
            }
            if k < data.len() {
                k += 1;
            }
        }
        if skip || c == b'\n' {
            if !plain {
                want_off = 0;
            }
            p = cols;
            n1 = -1;
            n2 = -1;
        }
    }
    let _ = written_end;
    match outfile {
        Some(f) => {
            if let Err(e) = std::fs::write(f, &result) {
                error("xxd", format!("{}: {}", f.to_string_lossy(), strerror(&e)));
                return 2;
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(&result);
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_names() {
        assert_eq!(c_name("h.bin", false), "h_bin");
        assert_eq!(c_name("1x-y.z", true), "__1X_Y_Z");
    }

    #[test]
    fn reverts_plain_hex() {
        let o = Opts {
            kind: Kind::Plain,
            cols: None,
            group: None,
            len: None,
            seek: 0,
            seek_rel: false,
            upper: false,
            decimal: false,
            display_off: 0,
            name: None,
            capitalize: false,
            autoskip: false,
        };
        assert_eq!(hexval(b'f'), 15);
        let _ = o;
    }
}
