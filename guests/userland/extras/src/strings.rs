//! `strings` (GNU binutils 2.40, which scans whole files by default): runs of at least 4 (`-n
//! MIN`, `-MIN`, `--bytes=MIN`) printable ASCII characters (tab included; `-w`: all whitespace)
//! each on its own line (`-s SEP` instead of the newline), `-t d|o|x` / `-o` prefixing the offset
//! (`%7d `), `-f` the file name. `-a`, `-d`, `-T`, `-e s`, `-U d` are accepted.

use std::ffi::OsString;

use crate::common::{error, getopt, read_input, Out};

const HELP: &str = "Usage: strings [option(s)] [file(s)]
 Display printable strings in [file(s)] (stdin by default)
 The options are:
  -a - --all                Scan the entire file, not just the data section [default]
  -d --data                 Only scan the data sections in the file
  -f --print-file-name      Print the name of the file before each string
  -n <number>               Locate & print any sequence of at least <number>
    --bytes=<number>         displayable characters.  (The default is 4).
  -t --radix={o,d,x}        Print the location of the string in base 8, 10 or 16
  -w --include-all-whitespace Include all whitespace as valid string characters
  -o                        An alias for --radix=o
  -T --target=<BFDNAME>     Specify the binary file format
  -e --encoding={s,S,b,l,B,L} Select character size and endianness:
                            s = 7-bit, S = 8-bit, {b,l} = 16-bit, {B,L} = 32-bit
  --unicode={default|show|invalid|hex|escape|highlight}
  -U {d|s|i|x|e|h}          Specify how to treat UTF-8 encoded unicode characters
  -s --output-separator=<string> String used to separate strings in output.
  @<file>                   Read options from <file>
  -h --help                 Display this information
  -v -V --version           Print the program's version number
";

const LONG: &[(&str, u8, char)] = &[
    ("all", 0, 'a'),
    ("data", 0, 'd'),
    ("print-file-name", 0, 'f'),
    ("bytes", 1, 'n'),
    ("radix", 1, 't'),
    ("include-all-whitespace", 0, 'w'),
    ("target", 1, 'T'),
    ("encoding", 1, 'e'),
    ("unicode", 1, 'U'),
    ("output-separator", 1, 's'),
    ("help", 0, 'h'),
    ("version", 0, 'V'),
];

fn printable(c: u8, all_ws: bool) -> bool {
    c == b'\t' || (32..127).contains(&c) || (all_ws && matches!(c, b'\n' | b'\r' | 0x0b | 0x0c))
}

/// `(offset, run)` for every run of at least `min` printable bytes.
pub fn runs(data: &[u8], min: usize, all_ws: bool) -> Vec<(usize, &[u8])> {
    let mut v = Vec::new();
    let mut start = None;
    for (i, &c) in data.iter().enumerate().chain(std::iter::once((data.len(), &0u8))) {
        let ok = i < data.len() && printable(c, all_ws);
        match (ok, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s >= min {
                    v.push((s, &data[s..i]));
                }
                start = None;
            }
            _ => {}
        }
    }
    v
}

fn usage_fail() -> i32 {
    eprint!("{HELP}");
    1
}

pub fn main(args: Vec<OsString>) -> i32 {
    // -NUMBER is -n NUMBER.
    let mut args = args;
    for a in args.iter_mut().skip(1) {
        let s = a.to_string_lossy();
        if s.len() > 1 && s.starts_with('-') && s[1..].bytes().all(|b| b.is_ascii_digit()) {
            *a = OsString::from(format!("-n{}", &s[1..]));
        }
    }
    let (opts, files) = match getopt(&args, "adfn:t:woT:e:U:s:hvV", LONG, false) {
        Ok(x) => x,
        Err(m) => {
            error("strings", m);
            return usage_fail();
        }
    };
    let (mut min, mut radix, mut names, mut all_ws, mut sep) = (4usize, None, false, false, "\n".to_string());
    for (c, v) in opts {
        let v = v.unwrap_or_default();
        match c {
            'f' => names = true,
            'n' => match v.parse::<i64>() {
                Ok(n) if n > 0 => min = n as usize,
                Ok(_) => {
                    error("strings", format!("invalid minimum string length {v}"));
                    return 1;
                }
                Err(_) => {
                    error("strings", format!("invalid integer argument {v}"));
                    return 1;
                }
            },
            't' => match v.as_str() {
                "d" | "o" | "x" => radix = v.chars().next(),
                _ => return usage_fail(),
            },
            'o' => radix = Some('o'),
            'w' => all_ws = true,
            's' => sep = v,
            'h' => {
                print!("{HELP}");
                return 0;
            }
            'v' | 'V' => {
                println!("GNU strings (GNU Binutils) 2.40");
                return 0;
            }
            _ => {}
        }
    }
    let mut out = Out::new();
    let mut status = 0;
    let inputs: Vec<Option<&OsString>> = if files.is_empty() { vec![None] } else { files.iter().map(Some).collect() };
    for f in inputs {
        let fname = f.map_or("{standard input}".to_string(), |f| f.to_string_lossy().into_owned());
        if let Some(path) = f {
            if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
                error("strings", format!("Warning: '{fname}' is a directory"));
                status = 1;
                continue;
            }
        }
        let data = match read_input(f.map(|s| s.as_os_str())) {
            Ok(d) => d,
            Err(_) => {
                error("strings", format!("'{fname}': No such file"));
                status = 1;
                continue;
            }
        };
        for (off, run) in runs(&data, min, all_ws) {
            if names {
                out.bytes(format!("{fname}: ").as_bytes());
            }
            match radix {
                Some('d') => out.bytes(format!("{off:7} ").as_bytes()),
                Some('o') => out.bytes(format!("{off:7o} ").as_bytes()),
                Some('x') => out.bytes(format!("{off:7x} ").as_bytes()),
                _ => {}
            }
            out.bytes(run);
            out.bytes(sep.as_bytes());
        }
    }
    status
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_runs() {
        let r = super::runs(b"ab\0hello\tworld\x01xyz\x80abcd", 4, false);
        assert_eq!(r, vec![(3, &b"hello\tworld"[..]), (19, &b"abcd"[..])]);
    }
}
