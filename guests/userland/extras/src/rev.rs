//! `rev` (util-linux): each line reversed by character (UTF-8 sequences kept whole, other bytes
//! one by one); a last line without a newline stays without one. Files that cannot be opened are
//! reported and skipped (status 1).

use std::ffi::OsString;

use crate::common::{getopt, lines, read_input, strerror, usage_error, Out};

const HELP: &str = "
Usage: rev [options] [file ...]

Reverse lines characterwise.

Options:
 -h, --help     display this help
 -V, --version  display version

For more details see rev(1).
";

/// `line` (without its newline) reversed by UTF-8 character.
pub fn reverse(line: &[u8]) -> Vec<u8> {
    let mut units: Vec<&[u8]> = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let n = match std::str::from_utf8(&rest[..rest.len().min(4)]) {
            Ok(s) => s.chars().next().map_or(1, char::len_utf8),
            Err(e) if e.valid_up_to() > 0 => {
                std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap().chars().next().map_or(1, char::len_utf8)
            }
            Err(_) => 1,
        };
        units.push(&rest[..n]);
        rest = &rest[n..];
    }
    units.iter().rev().flat_map(|u| u.iter().copied()).collect()
}

pub fn main(args: Vec<OsString>) -> i32 {
    let (opts, files) = match getopt(&args, "hV", &[("help", 0, 'h'), ("version", 0, 'V')], false) {
        Ok(x) => x,
        Err(m) => {
            usage_error("rev", &m);
            return 1;
        }
    };
    if let Some((c, _)) = opts.first() {
        if *c == 'h' {
            print!("{}", &HELP[1..]);
        } else {
            println!("rev from util-linux 2.38.1");
        }
        return 0;
    }
    let mut out = Out::new();
    let mut status = 0;
    let inputs: Vec<Option<&OsString>> = if files.is_empty() { vec![None] } else { files.iter().map(Some).collect() };
    for f in inputs {
        // util-linux's rev takes `-` for a file name, not standard input.
        let data = match f.map_or_else(|| read_input(None), std::fs::read) {
            Ok(d) => d,
            Err(e) => {
                crate::common::error("rev", format!("cannot open {}: {}", f.unwrap().to_string_lossy(), strerror(&e)));
                status = 1;
                continue;
            }
        };
        for line in lines(&data) {
            let (body, nl) = match line.strip_suffix(b"\n") {
                Some(b) => (b, true),
                None => (line, false),
            };
            out.bytes(&reverse(body));
            if nl {
                out.bytes(b"\n");
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    #[test]
    fn reverses_characters() {
        assert_eq!(super::reverse("abc".as_bytes()), b"cba");
        assert_eq!(super::reverse("déf😀".as_bytes()), "😀féd".as_bytes());
        assert_eq!(super::reverse(b"a\xffb"), b"b\xffa");
    }
}
