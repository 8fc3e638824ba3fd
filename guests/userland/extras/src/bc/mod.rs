//! `bc` (GNU bc 1.07.1): the arbitrary-precision calculator language. Files are read in order,
//! then standard input; each line's statements run when its newline is read, so output
//! interleaves as GNU's does. `-l` loads the math library (`s c a l e j`, `scale=20`), written
//! below in bc with the algorithms of GNU's so that the same digits come out.

mod interp;
mod num;
mod parse;

use std::ffi::OsString;
use std::io::{BufRead, Write};

use crate::common::getopt;
use interp::Interp;
use parse::{lex, Item, LexEnd, ParseError, Parser};

const USAGE: &str = "usage: bc [options] [file ...]
  -h  --help         print this usage and exit
  -i  --interactive  force interactive mode
  -l  --mathlib      use the predefined math routines
  -q  --quiet        don't print initial banner
  -s  --standard     non-standard bc constructs are errors
  -w  --warn         warn about non-standard bc constructs
  -v  --version      print version information and exit
";

const VERSION: &str = "bc 1.07.1 (Burrow's bc, after GNU bc 1.07.1)\n";

/// What `warranty` prints.
pub const WARRANTY: &str = "Burrow's bc is free software under the Apache License 2.0, \
distributed WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or \
FITNESS FOR A PARTICULAR PURPOSE.\n";

/// The math library of `-l`: the same steps as GNU's `libmath.b` (series with guard digits,
/// then truncation to the caller's `scale`), so that results agree digit for digit. The
/// functions run with `ibase=10` whatever the caller's.
const MATHLIB: &str = r#"
define e(x) {
  auto d, h, i, n, p, q, t, v, z
  if (x < 0) { q = 1; x = -x }
  z = scale
  n = 6 + z + .44 * x
  scale = scale(x) + 1
  while (x > 1) { h += 1; x /= 2; scale += 1 }
  scale = n
  v = 1 + x
  p = x
  d = 1
  for (i = 2; 1; i++) {
    t = (p *= x) / (d *= i)
    if (t == 0) {
      if (h > 0) while (h--) v = v * v
      scale = z
      if (q) return (1 / v)
      return (v / 1)
    }
    v += t
  }
}
define l(x) {
  auto f, i, m, n, t, v, z
  if (x <= 0) return ((1 - 10 ^ scale) / 1)
  z = scale
  scale = 6 + scale
  f = 2
  while (x >= 2) { f *= 2; x = sqrt(x) }
  while (x <= .5) { f *= 2; x = sqrt(x) }
  v = n = (x - 1) / (x + 1)
  m = n * n
  for (i = 3; 1; i += 2) {
    t = (n *= m) / i
    if (t == 0) {
      v = f * v
      scale = z
      return (v / 1)
    }
    v += t
  }
}
define s(x) {
  auto i, k, n, q, t, v, z
  z = scale
  scale = 1.1 * z + 2
  v = a(1)
  if (x < 0) { k = 1; x = -x }
  scale = 0
  n = (x / v + 2) / 4
  x = x - 4 * n * v
  if (n % 2) x = -x
  scale = z + 2
  v = t = x
  q = -x * x
  for (i = 3; 1; i += 2) {
    t *= q / (i * (i - 1))
    if (t == 0) {
      scale = z
      if (k) return (-v / 1)
      return (v / 1)
    }
    v += t
  }
}
define c(x) {
  auto v, z
  z = scale
  scale = scale * 1.2
  v = s(x + a(1) * 2)
  scale = z
  return (v / 1)
}
define a(x) {
  auto f, i, k, m, n, q, t, v, z
  m = 1
  if (x < 0) { m = -1; x = -x }
  if (x == 1) {
    if (scale <= 25) return (.7853981633974483096156608 / m)
    if (scale <= 40) return (.7853981633974483096156608458198757210492 / m)
    if (scale <= 60) return (.785398163397448309615660845819875721049292349843776455243736 / m)
  }
  if (x == .2) {
    if (scale <= 25) return (.1973955598498807583700497 / m)
    if (scale <= 40) return (.1973955598498807583700497651947902934475 / m)
    if (scale <= 60) return (.197395559849880758370049765194790293447585103787852101517688 / m)
  }
  z = scale
  if (x > .2) { scale = z + 5; k = a(.2) }
  scale = z + 3
  while (x > .2) { f += 1; x = (x - .2) / (1 + x * .2) }
  v = n = x
  q = -x * x
  for (i = 3; 1; i += 2) {
    t = (n *= q) / i
    if (t == 0) {
      scale = z
      return ((f * k + v) / m)
    }
    v += t
  }
}
define j(n, x) {
  auto f, i, k, q, t, v, z
  z = scale
  scale = 0
  n = n / 1
  if (n < 0) { n = -n; if (n % 2 == 1) k = 1 }
  f = 1
  for (i = 2; i <= n; i++) f = f * i
  scale = 1.5 * z
  f = x ^ n / 2 ^ n / f
  v = t = 1
  q = -x * x / 4
  scale = 1.5 * z + length(f) - scale(f)
  for (i = 1; 1; i++) {
    t = t * q / i / (n + i)
    if (t == 0) {
      scale = z
      if (k) return (-f * v / 1)
      return (f * v / 1)
    }
    v += t
  }
}
"#;

/// Whether to go on reading after a source.
#[derive(PartialEq)]
enum Go {
    On,
    /// `quit` or `halt`: bc ends.
    End,
}

/// Text read but not yet run, and where it is.
struct Session {
    interp: Interp,
    pending: String,
    /// The line number of the start of `pending`.
    line: usize,
    /// The name errors give: a file's, or `(standard_in)`.
    name: String,
}

impl Session {
    fn syntax(&mut self, line: usize, msg: &str) {
        self.interp.flush();
        let _ = writeln!(std::io::stderr(), "{} {line}: {msg}", self.name);
    }

    /// Appends `text` and runs every complete item; `eof` ends the source (what is left is an
    /// error, as in GNU bc).
    fn feed(&mut self, text: &str, eof: bool) -> Go {
        self.pending.push_str(text);
        loop {
            let (toks, end) = lex(&self.pending, self.line);
            let mut p = Parser::new(&toks);
            let (consumed, next_line, item) = match p.item() {
                Ok(None) => {
                    if end == LexEnd::Done || !eof {
                        if eof {
                            self.pending.clear();
                        }
                        return Go::On;
                    }
                    self.report_lex_end(&end);
                    return Go::On;
                }
                Ok(Some(item)) => {
                    let last = &toks[p.pos() - 1];
                    (last.end, last.line, Some(item))
                }
                Err(ParseError::Quit) => return Go::End,
                Err(ParseError::Incomplete) => {
                    if !eof {
                        return Go::On;
                    }
                    if end != LexEnd::Done {
                        self.report_lex_end(&end);
                    } else {
                        let line = self.line + self.pending.matches('\n').count();
                        self.syntax(line, "syntax error");
                    }
                    self.pending.clear();
                    return Go::On;
                }
                Err(ParseError::Error { at, line, msg }) => {
                    self.syntax(line, &msg);
                    match toks[at..].iter().find(|t| t.tok == parse::Tok::Op("\n")) {
                        Some(nl) => (nl.end, nl.line, None),
                        None if eof || end == LexEnd::Done => {
                            let line = self.line + self.pending.matches('\n').count();
                            (self.pending.len(), line, None)
                        }
                        None => return Go::On,
                    }
                }
            };
            self.pending.drain(..consumed);
            self.line = next_line;
            match item {
                Some(Item::Func(f)) => self.interp.define(f, false),
                Some(Item::Stmts(s)) if !self.interp.run(&s) => return Go::End,
                _ => {}
            }
        }
    }

    fn report_lex_end(&mut self, end: &LexEnd) {
        let line = self.line + self.pending.matches('\n').count();
        match end {
            LexEnd::InString => self.syntax(line, "illegal character: \""),
            _ => {
                self.interp.flush();
                let _ = writeln!(std::io::stderr(), "EOF encountered in a comment.");
            }
        }
        self.pending.clear();
    }

    /// Runs a whole source, line by line.
    fn source(&mut self, name: &str, input: &mut dyn BufRead) -> Go {
        self.name = name.to_string();
        self.line = 1;
        self.pending.clear();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = input.read_until(b'\n', &mut buf).unwrap_or(0);
            let text = String::from_utf8_lossy(&buf);
            if self.feed(&text, n == 0) == Go::End {
                return Go::End;
            }
            if n == 0 {
                return Go::On;
            }
            self.interp.flush();
        }
    }
}

/// The library's functions, parsed.
fn load_mathlib(interp: &mut Interp) {
    let (toks, _) = lex(MATHLIB, 1);
    let mut p = Parser::new(&toks);
    while let Ok(Some(item)) = p.item() {
        if let Item::Func(f) = item {
            interp.define(f, true);
        }
    }
}

/// `BC_LINE_LENGTH` as GNU reads it: `atoi`, values 1 and 2 mean 70, 0 no wrapping.
fn line_length() -> usize {
    let Ok(v) = std::env::var("BC_LINE_LENGTH") else {
        return 70;
    };
    let digits: String = v.trim_start().chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: usize = digits.parse().unwrap_or(0).min(1 << 30);
    if (1..3).contains(&n) {
        70
    } else {
        n
    }
}

pub fn main(args: Vec<OsString>) -> i32 {
    let long = [
        ("help", 0, 'h'),
        ("interactive", 0, 'i'),
        ("mathlib", 0, 'l'),
        ("quiet", 0, 'q'),
        ("standard", 0, 's'),
        ("warn", 0, 'w'),
        ("version", 0, 'v'),
    ];
    let (opts, files) = match getopt(&args, "hilqswv", &long, false) {
        Ok(x) => x,
        Err(m) => {
            crate::common::error("bc", m);
            print!("{USAGE}");
            return 1;
        }
    };
    let mut mathlib = false;
    for (c, _) in &opts {
        match c {
            'h' => {
                print!("{USAGE}");
                return 0;
            }
            'v' => {
                print!("{VERSION}");
                return 0;
            }
            'l' => mathlib = true,
            _ => {}
        }
    }
    let mut interp = Interp::new(line_length());
    if mathlib {
        load_mathlib(&mut interp);
        interp.scale = 20;
    }
    let mut s = Session { interp, pending: String::new(), line: 1, name: String::new() };
    for f in &files {
        let name = f.to_string_lossy();
        let file = match std::fs::File::open(f) {
            Ok(file) if !file.metadata().is_ok_and(|m| m.is_dir()) => file,
            _ => {
                s.interp.flush();
                let _ = writeln!(std::io::stderr(), "File {name} is unavailable.");
                return 1;
            }
        };
        if s.source(&name, &mut std::io::BufReader::new(file)) == Go::End {
            s.interp.flush();
            return 0;
        }
    }
    let stdin = std::io::stdin();
    s.source("(standard_in)", &mut stdin.lock());
    s.interp.flush();
    0
}
