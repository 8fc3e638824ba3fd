//! `hexdump` (util-linux 2.38) with its built-in formats: the default (little-endian 16-bit hex
//! words), `-C` canonical (`hd`), `-b` octal bytes, `-c` characters, `-d` decimal words, `-o`
//! octal words, `-x` hex words (several print one after another per 16-byte block); `-n LEN`,
//! `-s OFFSET` (`0x`, `0` octal, `k`/`m` suffixes), `-v` (no `*` for repeated lines). Files are
//! one stream; `-e FORMAT` / `-f FILE` as `hexfmt` describes.

use std::ffi::OsString;

use crate::common::{error, getopt, parse_c_num, read_input, strerror, usage_error, Out};

const HELP: &str = "
Usage:
 hexdump [options] <file>...

Display file contents in hexadecimal, decimal, octal, or ascii.

Options:
 -b, --one-byte-octal      one-byte octal display
 -c, --one-byte-char       one-byte character display
 -C, --canonical           canonical hex+ASCII display
 -d, --two-bytes-decimal   two-byte decimal display
 -o, --two-bytes-octal     two-byte octal display
 -x, --two-bytes-hex       two-byte hexadecimal display
 -L, --color[=<mode>]      interpret color formatting specifiers
                             colors are enabled by default
 -n, --length <length>     interpret only length bytes of input
 -s, --skip <offset>       skip offset bytes from the beginning
 -v, --no-squeezing        output identical lines

 -h, --help                display this help
 -V, --version             display version

For more details see hexdump(1).
";

const LONG: &[(&str, u8, char)] = &[
    ("one-byte-octal", 0, 'b'),
    ("one-byte-char", 0, 'c'),
    ("canonical", 0, 'C'),
    ("two-bytes-decimal", 0, 'd'),
    ("two-bytes-octal", 0, 'o'),
    ("two-bytes-hex", 0, 'x'),
    ("color", 2, 'L'),
    ("length", 1, 'n'),
    ("skip", 1, 's'),
    ("no-squeezing", 0, 'v'),
    ("help", 0, 'h'),
    ("version", 0, 'V'),
];

#[derive(Clone, Copy, PartialEq)]
enum Fmt {
    Default,
    Canonical,
    Octal1,
    Char1,
    Dec2,
    Oct2,
    Hex2,
}

/// `-c`'s rendering of a byte (`%3_c`).
fn char_cell(b: u8) -> String {
    match b {
        0 => " \\0".into(),
        7 => " \\a".into(),
        8 => " \\b".into(),
        9 => " \\t".into(),
        10 => " \\n".into(),
        11 => " \\v".into(),
        12 => " \\f".into(),
        13 => " \\r".into(),
        32..=126 => format!("  {}", b as char),
        _ => format!("{b:03o}"),
    }
}

/// One line of `fmt` for the block at `off` (`block` may be short: missing units are blanks).
fn line(fmt: Fmt, off: u64, block: &[u8]) -> String {
    let word = |i: usize| -> Option<u16> {
        if i * 2 >= block.len() {
            return None;
        }
        Some(u16::from_le_bytes([block[i * 2], *block.get(i * 2 + 1).unwrap_or(&0)]))
    };
    let mut s = if fmt == Fmt::Canonical { format!("{off:08x}") } else { format!("{off:07x}") };
    match fmt {
        Fmt::Canonical => {
            s.push(' ');
            for i in 0..16 {
                if i == 8 {
                    s.push(' ');
                }
                match block.get(i) {
                    Some(b) => s.push_str(&format!(" {b:02x}")),
                    None => s.push_str("   "),
                }
            }
            s.push_str("  |");
            s.extend(block.iter().map(|&b| if (32..127).contains(&b) { b as char } else { '.' }));
            s.push('|');
        }
        Fmt::Octal1 | Fmt::Char1 => {
            for i in 0..16 {
                match block.get(i) {
                    Some(&b) if fmt == Fmt::Octal1 => s.push_str(&format!(" {b:03o}")),
                    Some(&b) => s.push_str(&format!(" {}", char_cell(b))),
                    None => s.push_str("    "),
                }
            }
        }
        _ => {
            for i in 0..8 {
                let (cell, width) = match (fmt, word(i)) {
                    (Fmt::Default, Some(w)) => (format!(" {w:04x}"), 5),
                    (Fmt::Default, None) => (String::new(), 5),
                    (Fmt::Dec2, Some(w)) => (format!("   {w:05}"), 8),
                    (Fmt::Oct2, Some(w)) => (format!("  {w:06o}"), 8),
                    (Fmt::Hex2, Some(w)) => (format!("    {w:04x}"), 8),
                    (_, _) => (String::new(), 8),
                };
                s.push_str(&format!("{cell:width$}"));
            }
        }
    }
    s.push('\n');
    s
}

/// A size argument: a number (`0x`, leading `0` octal) with an optional `k`/`m`/`g` (binary)
/// or `KB`/`MB` (decimal) suffix.
fn size(v: &str) -> Option<u64> {
    let (num, mult) = match v {
        _ if v.ends_with("KiB") || v.ends_with('K') || v.ends_with('k') => {
            (v.trim_end_matches("iB").trim_end_matches(['K', 'k']), 1024)
        }
        _ if v.ends_with("MiB") || v.ends_with('M') || v.ends_with('m') => {
            (v.trim_end_matches("iB").trim_end_matches(['M', 'm']), 1 << 20)
        }
        _ if v.ends_with("GiB") || v.ends_with('G') || v.ends_with('g') => {
            (v.trim_end_matches("iB").trim_end_matches(['G', 'g']), 1 << 30)
        }
        _ if v.ends_with("KB") => (&v[..v.len() - 2], 1000),
        _ if v.ends_with("MB") => (&v[..v.len() - 2], 1_000_000),
        _ => (v, 1),
    };
    parse_c_num(num).map(|n| n * mult)
}

pub fn main(args: Vec<OsString>, hd: bool) -> i32 {
    let tool = if hd { "hd" } else { "hexdump" };
    let (opts, files) = match getopt(&args, "bcCdoxL::n:s:vhVe:f:", LONG, false) {
        Ok(x) => x,
        Err(m) => {
            usage_error(tool, &m);
            return 1;
        }
    };
    let mut fmts = Vec::new();
    let mut custom: Vec<String> = Vec::new();
    let (mut length, mut skip, mut squeeze) = (None, 0u64, true);
    for (c, v) in opts {
        match c {
            'b' => fmts.push(Fmt::Octal1),
            'c' => fmts.push(Fmt::Char1),
            'C' => fmts.push(Fmt::Canonical),
            'd' => fmts.push(Fmt::Dec2),
            'o' => fmts.push(Fmt::Oct2),
            'x' => fmts.push(Fmt::Hex2),
            'L' => {}
            'n' | 's' => {
                let v = v.unwrap_or_default();
                let Some(n) = size(&v) else {
                    error(tool, format!("failed to parse {}: '{v}'", if c == 'n' { "length" } else { "offset" }));
                    return 1;
                };
                if c == 'n' {
                    length = Some(n);
                } else {
                    skip = n;
                }
            }
            'v' => squeeze = false,
            'e' => custom.push(v.unwrap_or_default()),
            'f' => {
                let v = v.unwrap_or_default();
                match std::fs::read_to_string(&v) {
                    Ok(t) => custom.extend(
                        t.lines()
                            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                            .map(str::to_string),
                    ),
                    Err(e) => {
                        error(tool, format!("{v}: {}", strerror(&e)));
                        return 1;
                    }
                }
            }
            'h' => {
                print!("{}", &HELP[1..]);
                return 0;
            }
            _ => {
                println!("hexdump from util-linux 2.38.1");
                return 0;
            }
        }
    }
    if fmts.is_empty() {
        fmts.push(if hd { Fmt::Canonical } else { Fmt::Default });
    }
    let mut data = Vec::new();
    let mut failed = 0;
    if files.is_empty() {
        match read_input(None) {
            Ok(d) => data = d,
            Err(e) => {
                error(tool, strerror(&e));
                return 1;
            }
        }
    }
    for f in &files {
        match read_input(Some(f)) {
            Ok(d) => data.extend_from_slice(&d),
            Err(e) => {
                error(tool, format!("{}: {}", f.to_string_lossy(), strerror(&e)));
                failed += 1;
            }
        }
    }
    if !files.is_empty() && failed == files.len() {
        error(tool, "all input file arguments failed");
        return 1;
    }
    let start = (skip as usize).min(data.len());
    let mut body = &data[start..];
    if let Some(n) = length {
        body = &body[..body.len().min(n as usize)];
    }
    if length == Some(0) {
        return i32::from(failed > 0);
    }
    let mut out = Out::new();
    if !custom.is_empty() {
        // The built-in formats as util-linux spells them, in their order with the -e ones.
        let mut all: Vec<String> = Vec::new();
        for f in &fmts {
            let spelled: &[&str] = match f {
                Fmt::Canonical => &[
                    "\"%08.8_Ax\n\"",
                    "\"%08.8_ax  \" 8/1 \"%02x \" \"  \" 8/1 \"%02x \" ",
                    "\"  |\" 16/1 \"%_p\" \"|\\n\"",
                ],
                Fmt::Octal1 => &["\"%07.7_Ax\n\"", "\"%07.7_ax \" 16/1 \"%03o \" \"\\n\""],
                Fmt::Char1 => &["\"%07.7_Ax\n\"", "\"%07.7_ax \" 16/1 \"%3_c \" \"\\n\""],
                Fmt::Dec2 => &["\"%07.7_Ax\n\"", "\"%07.7_ax \" 8/2 \"  %05u \" \"\\n\""],
                Fmt::Oct2 => &["\"%07.7_Ax\n\"", "\"%07.7_ax \" 8/2 \" %06o \" \"\\n\""],
                Fmt::Hex2 => &["\"%07.7_Ax\n\"", "\"%07.7_ax \" 8/2 \"   %04x \" \"\\n\""],
                Fmt::Default => &[],
            };
            all.extend(spelled.iter().map(|s| s.to_string()));
        }
        all.extend(custom);
        if let Err(m) = crate::hexfmt::run(&all, body, skip, start as u64, squeeze, &mut out) {
            out.flush_out();
            error(tool, m);
            return 1;
        }
        return i32::from(failed > 0);
    }
    let mut prev: Option<&[u8]> = None;
    let mut starred = false;
    for (k, block) in body.chunks(16).enumerate() {
        let off = skip + (k * 16) as u64;
        if squeeze && block.len() == 16 && prev == Some(block) {
            if !starred {
                out.bytes(b"*\n");
                starred = true;
            }
            continue;
        }
        starred = false;
        prev = Some(block);
        for &f in &fmts {
            out.bytes(line(f, off, block).as_bytes());
        }
    }
    // The end offset counts the bytes skipped and read (none: no line).
    let end = start as u64 + body.len() as u64;
    if end > 0 && length != Some(0) {
        let canonical = fmts.iter().all(|&f| f == Fmt::Canonical);
        out.bytes(if canonical { format!("{end:08x}\n") } else { format!("{end:07x}\n") }.as_bytes());
    }
    i32::from(failed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_line() {
        assert_eq!(line(Fmt::Canonical, 0, b"abc"), format!("00000000  61 62 63{}|abc|\n", " ".repeat(42)));
        assert_eq!(line(Fmt::Default, 0, b"abc"), format!("0000000 6261 0063{}\n", " ".repeat(30)));
    }
}
