//! `sed`: GNU sed's options and commands, with POSIX regular expressions from
//! [`crate::regex_posix`] (the translation grep uses: BRE/ERE, back-references, `\<`, `\b`).
//!
//! The uutils `sed` crate was used before; it differed from GNU on required cases (`c` on a
//! range, `s///3g`, back-references and word boundaries in patterns, exit status 2 and going on
//! after an unreadable file), so the engine is this file.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};

use crate::common::{self, bytes_path, os_bytes, strerror};
use crate::regex_posix::{translate, Matcher, Opts, Syntax};

const USAGE: &str = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...";

/// A line address.
#[derive(Clone)]
enum Addr {
    Line(u64),
    Last,
    /// `/re/` (`None`: the last regex used).
    Re(Option<Box<Matcher>>),
    /// `first~step`.
    Step(u64, u64),
    /// `0` in `0,/re/`.
    Zero,
    /// `addr1,+N`.
    Plus(u64),
    /// `addr1,~N`.
    Tilde(u64),
}

/// One part of a replacement.
#[derive(Clone)]
enum Repl {
    Lit(Vec<u8>),
    Group(usize),
    /// `\L` `\U` `\E` `\l` `\u`.
    Case(u8),
}

/// `s` command.
struct Subst {
    re: Option<Box<Matcher>>,
    repl: Vec<Repl>,
    global: bool,
    nth: usize,
    print: u32,
    write: Option<usize>,
}

enum Kind {
    Block(usize),
    EndBlock,
    Eq,
    Append(Vec<u8>),
    Insert(Vec<u8>),
    Change(Vec<u8>),
    Delete,
    DeleteFirst,
    GetHold,
    GetHoldAppend,
    Hold,
    HoldAppend,
    /// `l [WIDTH]`.
    List(usize),
    Next,
    NextAppend,
    Print,
    PrintFirst,
    Quit(i32),
    QuitSilent(i32),
    ReadFile(Vec<u8>),
    WriteFile(usize),
    Subst(Box<Subst>),
    Translit(HashMap<char, char>),
    Branch(Vec<u8>),
    BranchIf(Vec<u8>),
    BranchUnless(Vec<u8>),
    Exchange,
    Zap,
    /// `:label`.
    Label(Vec<u8>),
}

struct Command {
    a1: Option<Addr>,
    a2: Option<Addr>,
    negate: bool,
    kind: Kind,
    /// Range state: active, and the last line for `+N` / numeric ends.
    active: bool,
    end_line: u64,
}

/// A `w` file: its name and writer (`None`: standard output).
type WFile = (Vec<u8>, Option<Box<dyn Write>>);

struct Options {
    quiet: bool,
    ere: bool,
    in_place: Option<Vec<u8>>,
    separate: bool,
    null_data: bool,
    posix: bool,
}

/// A script error, reported as GNU does (`-e expression #1, char N: ...`).
struct ParseError(String);

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    ere: bool,
    wfiles: &'a mut Vec<WFile>,
}

fn err<T>(p: &Parser, msg: &str) -> Result<T, ParseError> {
    Err(ParseError(format!("-e expression #1, char {}: {msg}", p.i)))
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }
    fn skip_ws_semis(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b';')) {
            self.i += 1;
        }
    }
    fn number(&mut self) -> Option<u64> {
        let st = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if st == self.i {
            return None;
        }
        std::str::from_utf8(&self.s[st..self.i]).ok()?.parse().ok()
    }

    /// Reads up to the unescaped `delim`; `\delim` becomes `delim` (kept escaped when it is a
    /// regex operator), `\n` a newline in regexes is left to the translation.
    fn delimited(&mut self, delim: u8, regex: bool) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut in_class = false;
        while let Some(c) = self.peek() {
            self.i += 1;
            if regex && in_class {
                out.push(c);
                if c == b']' && !(out.ends_with(b"[]") || out.ends_with(b"[^]")) {
                    in_class = false;
                }
                continue;
            }
            if c == b'\\' {
                let n = self.peek()?;
                self.i += 1;
                if n == delim {
                    out.push(n);
                } else if n == b'\n' && !regex {
                    out.extend_from_slice(b"\\\n");
                } else {
                    out.push(b'\\');
                    out.push(n);
                }
            } else if c == delim {
                return Some(out);
            } else {
                if regex && c == b'[' {
                    in_class = true;
                }
                out.push(c);
            }
        }
        None
    }

    fn regex(&mut self, pat: &[u8], icase: bool, multiline: bool) -> Result<Option<Box<Matcher>>, ParseError> {
        if pat.is_empty() {
            return Ok(None);
        }
        let syntax = if self.ere { Syntax::Extended } else { Syntax::Basic };
        let t = translate(pat, syntax, true).map_err(|e| ParseError(format!("-e expression #1, char {}: {e}", self.i)))?;
        let m = Matcher::new(&t, Opts { icase, multiline })
            .map_err(|e| ParseError(format!("-e expression #1, char {}: {e}", self.i)))?;
        Ok(Some(Box::new(m)))
    }

    fn addr(&mut self) -> Result<Option<Addr>, ParseError> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                let n = self.number().unwrap_or(0);
                if self.peek() == Some(b'~') {
                    self.i += 1;
                    let step = self.number().unwrap_or(0);
                    return Ok(Some(Addr::Step(n, step)));
                }
                Ok(Some(if n == 0 { Addr::Zero } else { Addr::Line(n) }))
            }
            Some(b'$') => {
                self.i += 1;
                Ok(Some(Addr::Last))
            }
            Some(c @ (b'/' | b'\\')) => {
                self.i += 1;
                let delim = if c == b'\\' {
                    let d = self.peek();
                    self.i += 1;
                    d.unwrap_or(b'/')
                } else {
                    b'/'
                };
                let Some(pat) = self.delimited(delim, true) else { return err(self, "unterminated address regex") };
                let (mut icase, mut ml) = (false, false);
                loop {
                    match self.peek() {
                        Some(b'I') => icase = true,
                        Some(b'M') => ml = true,
                        _ => break,
                    }
                    self.i += 1;
                }
                Ok(Some(Addr::Re(self.regex(&pat, icase, ml)?)))
            }
            _ => Ok(None),
        }
    }

    /// Text of `a`, `i`, `c`: GNU's one-line form (`a text`) or POSIX's (`a\` newline text).
    fn text(&mut self) -> Vec<u8> {
        self.skip_ws();
        if self.peek() == Some(b'\\') {
            self.i += 1;
            if self.peek() == Some(b'\n') {
                self.i += 1;
            }
        }
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'\\' => match self.peek() {
                    Some(n) => {
                        self.i += 1;
                        out.push(n);
                    }
                    None => break,
                },
                b'\n' => break,
                _ => out.push(c),
            }
        }
        if !out.is_empty() {
            out.push(b'\n');
        }
        out
    }

    fn label(&mut self) -> Vec<u8> {
        self.skip_ws();
        let st = self.i;
        while !matches!(self.peek(), None | Some(b'\n' | b';')) {
            self.i += 1;
        }
        let mut l = self.s[st..self.i].to_vec();
        while l.last().is_some_and(|c| c.is_ascii_whitespace()) {
            l.pop();
        }
        l
    }

    fn filename(&mut self) -> Vec<u8> {
        self.skip_ws();
        let st = self.i;
        while !matches!(self.peek(), None | Some(b'\n')) {
            self.i += 1;
        }
        self.s[st..self.i].to_vec()
    }

    fn wfile(&mut self, name: Vec<u8>) -> Result<usize, ParseError> {
        if let Some(i) = self.wfiles.iter().position(|(n, _)| *n == name) {
            return Ok(i);
        }
        let w: Option<Box<dyn Write>> = match &name[..] {
            b"/dev/stdout" => None,
            b"/dev/stderr" => Some(Box::new(io::stderr())),
            _ => match fs::File::create(bytes_path(&name)) {
                Ok(f) => Some(Box::new(io::BufWriter::new(f))),
                Err(e) => {
                    return Err(ParseError(format!("couldn't open file {}: {}", String::from_utf8_lossy(&name), strerror(&e))))
                }
            },
        };
        self.wfiles.push((name, w));
        Ok(self.wfiles.len() - 1)
    }

    fn replacement(&self, raw: &[u8]) -> Vec<Repl> {
        let mut out = Vec::new();
        let mut lit = Vec::new();
        let mut i = 0;
        let flush = |lit: &mut Vec<u8>, out: &mut Vec<Repl>| {
            if !lit.is_empty() {
                out.push(Repl::Lit(std::mem::take(lit)));
            }
        };
        while i < raw.len() {
            let c = raw[i];
            i += 1;
            if c == b'&' {
                flush(&mut lit, &mut out);
                out.push(Repl::Group(0));
            } else if c == b'\\' && i < raw.len() {
                let n = raw[i];
                i += 1;
                match n {
                    b'0'..=b'9' => {
                        flush(&mut lit, &mut out);
                        out.push(Repl::Group((n - b'0') as usize));
                    }
                    b'n' => lit.push(b'\n'),
                    b't' => lit.push(b'\t'),
                    b'r' => lit.push(b'\r'),
                    b'a' => lit.push(7),
                    b'f' => lit.push(12),
                    b'v' => lit.push(11),
                    b'L' | b'U' | b'E' | b'l' | b'u' => {
                        flush(&mut lit, &mut out);
                        out.push(Repl::Case(n));
                    }
                    _ => lit.push(n),
                }
            } else {
                lit.push(c);
            }
        }
        flush(&mut lit, &mut out);
        out
    }

    fn subst(&mut self) -> Result<Kind, ParseError> {
        let Some(delim) = self.peek() else { return err(self, "unterminated `s' command") };
        if delim == b'\n' || delim == b'\\' {
            return err(self, "unterminated `s' command");
        }
        self.i += 1;
        let Some(pat) = self.delimited(delim, true) else { return err(self, "unterminated `s' command") };
        let Some(repl) = self.delimited(delim, false) else { return err(self, "unterminated `s' command") };
        let mut s = Subst { re: None, repl: self.replacement(&repl), global: false, nth: 1, print: 0, write: None };
        let (mut icase, mut ml, mut nth_set) = (false, false, false);
        loop {
            match self.peek() {
                Some(b'g') if !s.global => s.global = true,
                Some(b'p') => s.print += 1,
                Some(b'i' | b'I') => icase = true,
                Some(b'm' | b'M') => ml = true,
                Some(b'e') => {}
                Some(b'0'..=b'9') if !nth_set => {
                    let n = self.number().unwrap_or(0);
                    if n == 0 {
                        return err(self, "number option to `s' command may not be zero");
                    }
                    s.nth = n as usize;
                    nth_set = true;
                    continue;
                }
                Some(b'w') => {
                    self.i += 1;
                    let name = self.filename();
                    s.write = Some(self.wfile(name)?);
                    break;
                }
                Some(b'g' | b'0'..=b'9') => return err(self, "multiple `g' or number options to `s' command"),
                _ => break,
            }
            self.i += 1;
        }
        s.re = self.regex(&pat, icase, ml)?;
        Ok(Kind::Subst(Box::new(s)))
    }

    fn translit(&mut self) -> Result<Kind, ParseError> {
        let Some(delim) = self.peek() else { return err(self, "unterminated `y' command") };
        self.i += 1;
        let unescape = |v: Vec<u8>| -> Vec<char> {
            let s = String::from_utf8_lossy(&v).into_owned();
            let mut out = Vec::new();
            let mut cs = s.chars();
            while let Some(c) = cs.next() {
                if c == '\\' {
                    match cs.next() {
                        Some('n') => out.push('\n'),
                        Some('t') => out.push('\t'),
                        Some(o) => out.push(o),
                        None => out.push('\\'),
                    }
                } else {
                    out.push(c);
                }
            }
            out
        };
        let Some(a) = self.delimited(delim, false) else { return err(self, "unterminated `y' command") };
        let Some(b) = self.delimited(delim, false) else { return err(self, "unterminated `y' command") };
        let (a, b) = (unescape(a), unescape(b));
        if a.len() != b.len() {
            return err(self, "strings for `y' command are different lengths");
        }
        Ok(Kind::Translit(a.into_iter().zip(b).collect()))
    }

    /// After a command: spaces, then `;`, `}`, `#`, a newline or the end.
    fn end_of_command(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        match self.peek() {
            None | Some(b';' | b'\n') => {
                self.i += 1;
                Ok(())
            }
            Some(b'}' | b'#') => Ok(()),
            Some(_) => err(self, "extra characters after command"),
        }
    }

    fn parse(&mut self) -> Result<Vec<Command>, ParseError> {
        let mut cmds: Vec<Command> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        loop {
            self.skip_ws_semis();
            let Some(c) = self.peek() else { break };
            if c == b'#' {
                while !matches!(self.peek(), None | Some(b'\n')) {
                    self.i += 1;
                }
                continue;
            }
            let a1 = self.addr()?;
            let mut a2 = None;
            if a1.is_some() {
                self.skip_ws();
                if self.peek() == Some(b',') {
                    self.i += 1;
                    self.skip_ws();
                    a2 = match self.peek() {
                        Some(b'+') => {
                            self.i += 1;
                            Some(Addr::Plus(self.number().unwrap_or(0)))
                        }
                        Some(b'~') => {
                            self.i += 1;
                            Some(Addr::Tilde(self.number().unwrap_or(0)))
                        }
                        _ => match self.addr()? {
                            Some(Addr::Zero) => Some(Addr::Line(0)),
                            Some(Addr::Step(n, _)) => Some(Addr::Line(n)),
                            Some(a) => Some(a),
                            None => return err(self, "unexpected `,'"),
                        },
                    };
                }
            }
            if matches!(a1, Some(Addr::Zero)) && !matches!(a2, Some(Addr::Re(_))) {
                return err(self, "invalid usage of line address 0");
            }
            self.skip_ws();
            let mut negate = false;
            while self.peek() == Some(b'!') {
                negate = true;
                self.i += 1;
                self.skip_ws();
            }
            let Some(c) = self.peek() else { return err(self, "missing command") };
            self.i += 1;
            let kind = match c {
                b'{' => {
                    open.push(cmds.len());
                    Kind::Block(0)
                }
                b'}' => {
                    if a1.is_some() {
                        return err(self, "} doesn't want any addresses");
                    }
                    let Some(o) = open.pop() else { return err(self, "unexpected `}'") };
                    let here = cmds.len();
                    cmds[o].kind = Kind::Block(here);
                    Kind::EndBlock
                }
                b'=' => Kind::Eq,
                b'a' => Kind::Append(self.text()),
                b'i' => Kind::Insert(self.text()),
                b'c' => Kind::Change(self.text()),
                b'd' => Kind::Delete,
                b'D' => Kind::DeleteFirst,
                b'g' => Kind::GetHold,
                b'G' => Kind::GetHoldAppend,
                b'h' => Kind::Hold,
                b'H' => Kind::HoldAppend,
                b'l' => {
                    self.skip_ws();
                    Kind::List(self.number().map_or(70, |n| n as usize))
                }
                b'n' => Kind::Next,
                b'N' => Kind::NextAppend,
                b'p' => Kind::Print,
                b'P' => Kind::PrintFirst,
                b'q' | b'Q' => {
                    self.skip_ws();
                    let code = self.number().unwrap_or(0) as i32;
                    if c == b'q' {
                        Kind::Quit(code)
                    } else {
                        Kind::QuitSilent(code)
                    }
                }
                b'r' => Kind::ReadFile(self.filename()),
                b'w' => {
                    let name = self.filename();
                    Kind::WriteFile(self.wfile(name)?)
                }
                b's' => self.subst()?,
                b'y' => self.translit()?,
                b'b' => Kind::Branch(self.label()),
                b't' => Kind::BranchIf(self.label()),
                b'T' => Kind::BranchUnless(self.label()),
                b'x' => Kind::Exchange,
                b'z' => Kind::Zap,
                b':' => {
                    if a1.is_some() {
                        return err(self, ": doesn't want any addresses");
                    }
                    let l = self.label();
                    if l.is_empty() {
                        return err(self, "\":\" lacks a label");
                    }
                    Kind::Label(l)
                }
                _ => return err(self, &format!("unknown command: `{}'", c as char)),
            };
            let text_cmd = matches!(kind, Kind::Append(_) | Kind::Insert(_) | Kind::Change(_) | Kind::ReadFile(_) | Kind::WriteFile(_));
            let block = matches!(kind, Kind::Block(_));
            cmds.push(Command { a1, a2, negate, kind, active: false, end_line: 0 });
            if !text_cmd && !block {
                self.end_of_command()?;
            }
        }
        if !open.is_empty() {
            return err(self, "unmatched `{'");
        }
        Ok(cmds)
    }
}

/// The input: every file in turn, with one line of look-ahead to know the last line.
struct Input {
    files: Vec<Vec<u8>>,
    next_file: usize,
    cur: Option<Box<dyn BufRead>>,
    sep: u8,
    ahead: Option<(Vec<u8>, bool)>,
    failed: bool,
    separate: bool,
    /// With -s/-i: the file the current line came from ends here.
    file_ended: bool,
    current_name: Vec<u8>,
    ahead_name: Vec<u8>,
    /// A file was opened (with -s/-i, later ones are opened by `next_file`).
    started: bool,
}

impl Input {
    fn open_next(&mut self) -> bool {
        while self.next_file < self.files.len() {
            let name = self.files[self.next_file].clone();
            self.next_file += 1;
            if name == b"-" {
                self.cur = Some(Box::new(BufReader::new(io::stdin())));
                self.ahead_name = name;
                return true;
            }
            match fs::metadata(bytes_path(&name)) {
                Ok(m) if m.is_dir() => {
                    common::error("sed", format!("couldn't edit {}: not a regular file", String::from_utf8_lossy(&name)));
                    self.failed = true;
                    continue;
                }
                _ => {}
            }
            match fs::File::open(bytes_path(&name)) {
                Ok(f) => {
                    self.cur = Some(Box::new(BufReader::new(f)));
                    self.ahead_name = name;
                    return true;
                }
                Err(e) => {
                    common::error("sed", format!("can't read {}: {}", String::from_utf8_lossy(&name), strerror(&e)));
                    self.failed = true;
                }
            }
        }
        false
    }

    /// Reads one line from the current file (or the following ones unless `separate`).
    fn raw_line(&mut self, cross_files: bool) -> Option<(Vec<u8>, bool)> {
        loop {
            if let Some(r) = self.cur.as_mut() {
                let mut buf = Vec::new();
                match r.read_until(self.sep, &mut buf) {
                    Ok(0) => self.cur = None,
                    Ok(_) => {
                        let nl = buf.last() == Some(&self.sep);
                        if nl {
                            buf.pop();
                        }
                        return Some((buf, nl));
                    }
                    Err(e) => {
                        common::error("sed", format!("read error on {}: {}", String::from_utf8_lossy(&self.ahead_name), strerror(&e)));
                        self.failed = true;
                        self.cur = None;
                    }
                }
            }
            if !cross_files && self.started {
                return None;
            }
            if !self.open_next() {
                return None;
            }
            self.started = true;
        }
    }

    fn fill(&mut self) {
        if self.ahead.is_none() {
            let cross = !self.separate;
            self.ahead = self.raw_line(cross);
        }
    }

    /// The next line and whether it ended with a newline.
    fn next(&mut self) -> Option<(Vec<u8>, bool)> {
        self.fill();
        let line = self.ahead.take()?;
        self.current_name = self.ahead_name.clone();
        self.fill();
        self.file_ended = self.ahead.is_none();
        Some(line)
    }

    /// Whether the line just read is the last one (of its file with -s/-i).
    fn is_last(&mut self) -> bool {
        self.fill();
        self.ahead.is_none()
    }

    /// With -s/-i: moves on to the next file.
    fn next_file(&mut self) -> bool {
        self.ahead = None;
        self.cur = None;
        if !self.open_next() {
            return false;
        }
        self.fill();
        self.ahead.is_some() || self.next_file()
    }
}

/// Where output goes: stdout, or the in-place file's new content.
struct Output {
    buf: Vec<u8>,
    stdout: common::Out,
    in_place: bool,
    missing_nl: bool,
    sep: u8,
}

impl Output {
    fn write(&mut self, data: &[u8], nl: bool) {
        let sep = self.sep;
        let target: &mut dyn Write = if self.in_place { &mut self.buf } else { &mut self.stdout };
        if self.missing_nl {
            let _ = target.write_all(&[sep]);
        }
        let _ = target.write_all(data);
        if nl {
            let _ = target.write_all(&[sep]);
        }
        self.missing_nl = !nl;
    }
}

struct Sed {
    cmds: Vec<Command>,
    opt: Options,
    input: Input,
    out: Output,
    wfiles: Vec<WFile>,
    hold: Vec<u8>,
    line_no: u64,
    last_re: Option<Box<Matcher>>,
    append: Vec<(bool, Vec<u8>)>,
    quit: Option<i32>,
}

enum Flow {
    /// End of cycle: autoprint unless `false`.
    End(bool),
    /// `D` with a newline: restart without reading.
    Restart,
}

impl Sed {
    fn matches(&mut self, re: &Option<Box<Matcher>>, ps: &[u8]) -> bool {
        if let Some(m) = re {
            self.last_re = Some(m.clone());
            m.is_match(ps)
        } else {
            self.last_re.as_ref().is_some_and(|m| m.is_match(ps))
        }
    }

    fn addr_matches(&mut self, a: &Addr, ps: &[u8], last: bool) -> bool {
        match a {
            Addr::Line(n) => self.line_no == *n,
            Addr::Last => last,
            Addr::Re(re) => self.matches(re, ps),
            Addr::Step(first, step) => {
                if *step == 0 {
                    self.line_no == *first
                } else {
                    self.line_no >= *first && (self.line_no - first).is_multiple_of(*step)
                }
            }
            Addr::Zero => false,
            Addr::Plus(_) | Addr::Tilde(_) => false,
        }
    }

    fn selected(&mut self, i: usize, ps: &[u8], last: bool) -> bool {
        let (a1, a2) = match (&self.cmds[i].a1, &self.cmds[i].a2) {
            (None, _) => return !self.cmds[i].negate,
            (Some(a1), a2) => (a1.clone(), a2.clone()),
        };
        let hit = match a2 {
            None => self.addr_matches(&a1, ps, last),
            Some(a2) => {
                if self.cmds[i].active {
                    let end = match &a2 {
                        Addr::Line(_) | Addr::Plus(_) => self.line_no >= self.cmds[i].end_line,
                        Addr::Tilde(m) => *m == 0 || self.line_no.is_multiple_of(*m),
                        other => self.addr_matches(other, ps, last),
                    };
                    if end {
                        self.cmds[i].active = false;
                    }
                    true
                } else {
                    let start = match a1 {
                        Addr::Zero => self.line_no == 1,
                        ref a => self.addr_matches(a, ps, last),
                    };
                    if start {
                        let ln = self.line_no;
                        let (active, end_line) = match &a2 {
                            Addr::Line(n) => (*n > ln, *n),
                            Addr::Plus(n) => (*n > 0, ln + n),
                            Addr::Tilde(m) => (*m != 0 && !ln.is_multiple_of(*m), 0),
                            Addr::Last => (!last, 0),
                            Addr::Re(_) if matches!(a1, Addr::Zero) => (!self.addr_matches(&a2, ps, last), 0),
                            _ => (true, 0),
                        };
                        self.cmds[i].active = active;
                        self.cmds[i].end_line = end_line;
                    }
                    start
                }
            }
        };
        hit != self.cmds[i].negate
    }

    fn flush_append(&mut self) {
        for (is_file, data) in std::mem::take(&mut self.append) {
            if is_file {
                if let Ok(d) = fs::read(bytes_path(&data)) {
                    if !d.is_empty() {
                        let nl = d.ends_with(b"\n");
                        let body = if nl { &d[..d.len() - 1] } else { &d[..] };
                        self.out.write(body, nl);
                    }
                }
            } else {
                self.out.write(&data[..data.len() - 1], true);
            }
        }
    }

    fn write_to(&mut self, idx: usize, data: &[u8]) {
        let sep = self.opt_sep();
        match &mut self.wfiles[idx].1 {
            None => self.out.write(data, true),
            Some(w) => {
                let _ = w.write_all(data);
                let _ = w.write_all(&[sep]);
            }
        }
    }

    fn opt_sep(&self) -> u8 {
        if self.opt.null_data {
            0
        } else {
            b'\n'
        }
    }

    fn branch_target(&self, label: &[u8]) -> usize {
        if label.is_empty() {
            return self.cmds.len();
        }
        self.cmds
            .iter()
            .position(|c| matches!(&c.kind, Kind::Label(l) if l == label))
            .unwrap_or(self.cmds.len())
    }

    /// Runs the script on the pattern space; `nl`: the line ended with a newline.
    fn cycle(&mut self, ps: &mut Vec<u8>, nl: &mut bool) -> Flow {
        let mut pc = 0;
        let mut replaced = false;
        while pc < self.cmds.len() {
            let last = self.input.is_last() && (self.opt.separate || self.input.next_file >= self.input.files.len());
            if !self.selected(pc, ps, last) {
                if let Kind::Block(end) = self.cmds[pc].kind {
                    pc = end + 1;
                } else {
                    pc += 1;
                }
                continue;
            }
            match &self.cmds[pc].kind {
                Kind::Block(_) | Kind::EndBlock | Kind::Label(_) => {}
                Kind::Eq => {
                    let s = format!("{}", self.line_no);
                    self.out.write(s.as_bytes(), true);
                }
                Kind::Append(t) if t.is_empty() => {}
                Kind::Append(t) => self.append.push((false, t.clone())),
                Kind::Insert(t) if t.is_empty() => {}
                Kind::Insert(t) => {
                    let t = t.clone();
                    self.out.write(&t[..t.len() - 1], true);
                }
                Kind::Change(t) => {
                    let t = t.clone();
                    let in_range = self.cmds[pc].a2.is_some() && !self.cmds[pc].negate;
                    if (!in_range || !self.cmds[pc].active) && !t.is_empty() {
                        self.out.write(&t[..t.len() - 1], true);
                    }
                    return Flow::End(false);
                }
                Kind::Delete => return Flow::End(false),
                Kind::DeleteFirst => match ps.iter().position(|&c| c == b'\n') {
                    None => return Flow::End(false),
                    Some(p) => {
                        ps.drain(..=p);
                        self.flush_append();
                        return Flow::Restart;
                    }
                },
                Kind::GetHold => ps.clone_from(&self.hold),
                Kind::GetHoldAppend => {
                    ps.push(b'\n');
                    ps.extend_from_slice(&self.hold);
                }
                Kind::Hold => self.hold.clone_from(ps),
                Kind::HoldAppend => {
                    self.hold.push(b'\n');
                    self.hold.extend_from_slice(ps);
                }
                Kind::List(width) => {
                    let l = list(ps, *width);
                    self.out.write(&l, true);
                }
                Kind::Next => {
                    // No next line: GNU ends here, printing the pattern space.
                    if self.input.is_last_overall(self.opt.separate) {
                        return Flow::End(true);
                    }
                    if !self.opt.quiet {
                        self.out.write(ps, *nl);
                    }
                    self.flush_append();
                    match self.read_line() {
                        Some((l, n)) => {
                            *ps = l;
                            *nl = n;
                        }
                        None => return Flow::End(false),
                    }
                }
                Kind::NextAppend => {
                    if self.input.is_last_overall(self.opt.separate) {
                        return Flow::End(!self.opt.posix);
                    }
                    self.flush_append();
                    match self.read_line() {
                        Some((l, n)) => {
                            ps.push(b'\n');
                            ps.extend_from_slice(&l);
                            *nl = n;
                        }
                        None => return Flow::End(true),
                    }
                }
                Kind::Print => self.out.write(ps, true),
                Kind::PrintFirst => {
                    let end = ps.iter().position(|&c| c == b'\n').unwrap_or(ps.len());
                    let first = ps[..end].to_vec();
                    self.out.write(&first, true);
                }
                Kind::Quit(code) => {
                    self.quit = Some(*code);
                    return Flow::End(true);
                }
                Kind::QuitSilent(code) => {
                    self.quit = Some(*code);
                    self.append.clear();
                    return Flow::End(false);
                }
                Kind::ReadFile(f) => self.append.push((true, f.clone())),
                Kind::WriteFile(idx) => {
                    let (idx, data) = (*idx, ps.clone());
                    self.write_to(idx, &data);
                }
                Kind::Subst(_) => {
                    if self.substitute(pc, ps) {
                        replaced = true;
                    }
                }
                Kind::Translit(map) => {
                    let s = String::from_utf8_lossy(ps).chars().map(|c| *map.get(&c).unwrap_or(&c)).collect::<String>();
                    *ps = s.into_bytes();
                }
                Kind::Branch(l) => {
                    pc = self.branch_target(&l.clone());
                    continue;
                }
                Kind::BranchIf(l) | Kind::BranchUnless(l) => {
                    let want = matches!(self.cmds[pc].kind, Kind::BranchIf(_));
                    if replaced == want {
                        replaced = false;
                        pc = self.branch_target(&l.clone());
                        continue;
                    }
                    if want {
                        replaced = false;
                    }
                }
                Kind::Exchange => std::mem::swap(ps, &mut self.hold),
                Kind::Zap => ps.clear(),
            }
            pc += 1;
        }
        Flow::End(true)
    }

    fn substitute(&mut self, pc: usize, ps: &mut Vec<u8>) -> bool {
        let Kind::Subst(s) = &self.cmds[pc].kind else { return false };
        let re = match &s.re {
            Some(m) => {
                self.last_re = Some(m.clone());
                m.clone()
            }
            None => match &self.last_re {
                Some(m) => m.clone(),
                None => {
                    common::error("sed", "no previous regular expression");
                    common::exit(1);
                }
            },
        };
        let mut out = Vec::new();
        let mut pos = 0;
        let mut copied = 0;
        let mut count = 0;
        let mut did = false;
        let mut prev_end: Option<usize> = None;
        // Capture groups cost a slower search: only when the replacement uses them.
        let groups = s.repl.iter().any(|r| matches!(r, Repl::Group(g) if *g > 0));
        while pos <= ps.len() {
            let found = if groups { re.captures_at(ps, pos) } else { re.find_at(ps, pos).map(|m| vec![Some(m)]) };
            let Some(caps) = found else { break };
            let Some((ms, me)) = caps[0] else { break };
            if ms == me && prev_end == Some(ms) {
                // An empty match right after the previous match does not count.
                if ms >= ps.len() {
                    break;
                }
                pos = next_char(ps, ms);
                continue;
            }
            count += 1;
            if count >= s.nth {
                out.extend_from_slice(&ps[copied..ms]);
                expand(&s.repl, &caps, ps, &mut out);
                copied = me;
                did = true;
                if !s.global {
                    break;
                }
            }
            prev_end = Some(me);
            pos = if me == ms {
                if me >= ps.len() {
                    break;
                }
                next_char(ps, me)
            } else {
                me
            };
        }
        if !did {
            return false;
        }
        out.extend_from_slice(&ps[copied..]);
        *ps = out;
        let (print, write) = (s.print, s.write);
        for _ in 0..print {
            self.out.write(ps, true);
        }
        if let Some(w) = write {
            let data = ps.clone();
            self.write_to(w, &data);
        }
        true
    }

    fn read_line(&mut self) -> Option<(Vec<u8>, bool)> {
        let l = self.input.next()?;
        self.line_no += 1;
        Some(l)
    }
}

impl Input {
    fn is_last_overall(&mut self, separate: bool) -> bool {
        self.is_last() && (separate || self.next_file >= self.files.len())
    }
}

fn next_char(s: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < s.len() && (s[j] & 0xC0) == 0x80 {
        j += 1;
    }
    j
}

/// Appends the replacement for one match, with GNU's case conversions.
fn expand(repl: &[Repl], caps: &[Option<(usize, usize)>], ps: &[u8], out: &mut Vec<u8>) {
    let mut mode = b'E';
    let mut once: Option<u8> = None;
    let put = |bytes: &[u8], out: &mut Vec<u8>, mode: u8, once: &mut Option<u8>| {
        let s = String::from_utf8_lossy(bytes);
        for c in s.chars() {
            let c = match (once.take(), mode) {
                (Some(b'u'), _) => c.to_uppercase().collect::<String>(),
                (Some(b'l'), _) => c.to_lowercase().collect::<String>(),
                (_, b'U') => c.to_uppercase().collect::<String>(),
                (_, b'L') => c.to_lowercase().collect::<String>(),
                _ => c.to_string(),
            };
            out.extend_from_slice(c.as_bytes());
        }
    };
    for r in repl {
        match r {
            Repl::Lit(l) => {
                if mode == b'E' && once.is_none() {
                    out.extend_from_slice(l);
                } else {
                    put(l, out, mode, &mut once);
                }
            }
            Repl::Group(g) => {
                if let Some(Some((s, e))) = caps.get(*g) {
                    if mode == b'E' && once.is_none() {
                        out.extend_from_slice(&ps[*s..*e]);
                    } else {
                        put(&ps[*s..*e], out, mode, &mut once);
                    }
                }
            }
            Repl::Case(c @ (b'l' | b'u')) => once = Some(*c),
            Repl::Case(c) => {
                mode = *c;
                once = None;
            }
        }
    }
}

/// `l`: escapes, octal for the rest, lines folded at `width` columns (0 or 1: never), `$` at the
/// end.
fn list(ps: &[u8], width: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut col = 0;
    for &c in ps {
        let piece: Vec<u8> = match c {
            b'\\' => b"\\\\".to_vec(),
            7 => b"\\a".to_vec(),
            8 => b"\\b".to_vec(),
            12 => b"\\f".to_vec(),
            b'\n' => b"\\n".to_vec(),
            b'\r' => b"\\r".to_vec(),
            b'\t' => b"\\t".to_vec(),
            11 => b"\\v".to_vec(),
            32..=126 => vec![c],
            _ => format!("\\{c:03o}").into_bytes(),
        };
        if width > 1 && col + piece.len() > width - 1 {
            out.extend_from_slice(b"\\\n");
            col = 0;
        }
        col += piece.len();
        out.extend_from_slice(&piece);
    }
    out.push(b'$');
    out
}

/// Entry point: `sed [OPTION]... SCRIPT [FILE]...`.
pub fn main(args: Vec<OsString>) -> i32 {
    let args: Vec<Vec<u8>> = args.iter().skip(1).map(|a| os_bytes(a).to_vec()).collect();
    let mut opt = Options { quiet: false, ere: false, in_place: None, separate: false, null_data: false, posix: false };
    let mut script: Option<Vec<u8>> = None;
    let mut files = Vec::new();
    let add = |script: &mut Option<Vec<u8>>, piece: &[u8]| {
        let s = script.get_or_insert_with(Vec::new);
        if !s.is_empty() {
            s.push(b'\n');
        }
        s.extend_from_slice(piece);
    };
    let mut i = 0;
    let mut only_files = false;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if only_files || a.len() < 2 || a[0] != b'-' {
            files.push(a.clone());
            continue;
        }
        if a == b"--" {
            only_files = true;
            continue;
        }
        if let Some(long) = a.strip_prefix(b"--") {
            let (name, val) = match long.iter().position(|&c| c == b'=') {
                Some(p) => (&long[..p], Some(long[p + 1..].to_vec())),
                None => (long, None),
            };
            let need = |i: &mut usize| -> Option<Vec<u8>> {
                val.clone().or_else(|| {
                    *i += 1;
                    args.get(*i - 1).cloned()
                })
            };
            match name {
                b"quiet" | b"silent" => opt.quiet = true,
                b"regexp-extended" => opt.ere = true,
                b"separate" => opt.separate = true,
                b"null-data" => opt.null_data = true,
                b"posix" => opt.posix = true,
                b"unbuffered" | b"debug" | b"sandbox" | b"follow-symlinks" => {}
                b"in-place" => opt.in_place = Some(val.clone().unwrap_or_default()),
                b"expression" => match need(&mut i) {
                    Some(v) => add(&mut script, &v),
                    None => return usage("option '--expression' requires an argument"),
                },
                b"file" => match need(&mut i) {
                    Some(v) => match read_script(&v) {
                        Ok(s) => add(&mut script, &s),
                        Err(code) => return code,
                    },
                    None => return usage("option '--file' requires an argument"),
                },
                b"line-length" => {
                    need(&mut i);
                }
                b"help" => {
                    println!("{USAGE}");
                    return 0;
                }
                b"version" => {
                    println!("sed (GNU sed compatible) 4.9\n");
                    return 0;
                }
                _ => return usage(&format!("unrecognized option '--{}'", String::from_utf8_lossy(name))),
            }
            continue;
        }
        let mut j = 1;
        while j < a.len() {
            let c = a[j];
            j += 1;
            match c {
                b'n' => opt.quiet = true,
                b'E' | b'r' => opt.ere = true,
                b's' => opt.separate = true,
                b'z' => opt.null_data = true,
                b'u' => {}
                b'i' => {
                    opt.in_place = Some(a[j..].to_vec());
                    j = a.len();
                }
                b'e' | b'f' | b'l' => {
                    let v = if j < a.len() {
                        let v = a[j..].to_vec();
                        j = a.len();
                        v
                    } else {
                        i += 1;
                        match args.get(i - 1) {
                            Some(v) => v.clone(),
                            None => return usage(&format!("option requires an argument -- '{}'", c as char)),
                        }
                    };
                    if c == b'e' {
                        add(&mut script, &v);
                    } else if c == b'f' {
                        match read_script(&v) {
                            Ok(s) => add(&mut script, &s),
                            Err(code) => return code,
                        }
                    }
                }
                _ => return usage(&format!("invalid option -- '{}'", c as char)),
            }
        }
    }
    let script = match script {
        Some(s) => s,
        None => {
            if files.is_empty() {
                eprintln!("{USAGE}");
                return 1;
            }
            files.remove(0)
        }
    };
    // A script starting with `#n` acts as -n (GNU 4.9 looks at those two characters only).
    if script.starts_with(b"#n") {
        opt.quiet = true;
    }
    let mut wfiles = Vec::new();
    let cmds = {
        let mut p = Parser { s: &script, i: 0, ere: opt.ere, wfiles: &mut wfiles };
        match p.parse() {
            Ok(c) => c,
            Err(ParseError(m)) => {
                common::error("sed", m);
                return 1;
            }
        }
    };
    if let Some(name) = cmds.iter().find_map(|c| match &c.kind {
        Kind::Branch(l) | Kind::BranchIf(l) | Kind::BranchUnless(l) if !l.is_empty() => {
            let defined = cmds.iter().any(|d| matches!(&d.kind, Kind::Label(n) if n == l));
            (!defined).then(|| l.clone())
        }
        _ => None,
    }) {
        common::error("sed", format!("can't find label for jump to `{}'", String::from_utf8_lossy(&name)));
        return 4;
    }
    if files.is_empty() {
        if opt.in_place.is_some() {
            common::error("sed", "no input files");
            return 1;
        }
        files.push(b"-".to_vec());
    }
    if opt.in_place.is_some() {
        opt.separate = true;
    }
    let sep = if opt.null_data { 0 } else { b'\n' };
    let in_place = opt.in_place.is_some();
    let separate = opt.separate;
    let input = Input {
        files,
        next_file: 0,
        cur: None,
        sep,
        ahead: None,
        failed: false,
        separate,
        file_ended: false,
        current_name: Vec::new(),
        ahead_name: Vec::new(),
        started: false,
    };
    let out = Output { buf: Vec::new(), stdout: common::Out::new(), in_place, missing_nl: false, sep };
    let mut sed = Sed {
        cmds,
        opt,
        input,
        out,
        wfiles,
        hold: Vec::new(),
        line_no: 0,
        last_re: None,
        append: Vec::new(),
        quit: None,
    };
    sed.run()
}

impl Sed {
    fn run(&mut self) -> i32 {
        let separate = self.opt.separate;
        loop {
            if !self.file_loop() {
                break;
            }
            if self.quit.is_some() || !separate || !self.input.next_file() {
                break;
            }
            // Line numbers count from each file's start with -s/-i.
            self.line_no = 0;
        }
        self.out.stdout.flush_out();
        for (_, w) in &mut self.wfiles {
            if let Some(w) = w {
                let _ = w.flush();
            }
        }
        if let Some(code) = self.quit {
            if code != 0 {
                return code;
            }
        }
        if self.input.failed {
            2
        } else {
            0
        }
    }

    /// Processes lines up to the end of the input (of the current file with -s/-i); false when
    /// there was no input at all.
    fn file_loop(&mut self) -> bool {
        let mut any = false;
        while let Some((mut ps, mut nl)) = self.read_line() {
            any = true;
            loop {
                let flow = self.cycle(&mut ps, &mut nl);
                match flow {
                    Flow::Restart => {
                        continue;
                    }
                    Flow::End(print) => {
                        if print && !self.opt.quiet {
                            self.out.write(&ps, nl);
                        }
                        self.flush_append();
                        break;
                    }
                }
            }
            if self.quit.is_some() {
                break;
            }
            if self.opt.separate && self.input.file_ended {
                break;
            }
        }
        if self.opt.in_place.is_some() && any {
            self.finish_in_place();
        }
        any
    }

    fn finish_in_place(&mut self) {
        let name = self.input.current_name.clone();
        let data = std::mem::take(&mut self.out.buf);
        self.out.missing_nl = false;
        let suffix = self.opt.in_place.clone().unwrap_or_default();
        if !suffix.is_empty() {
            let backup = if suffix.contains(&b'*') {
                let base = crate::common::basename(&String::from_utf8_lossy(&name)).to_string();
                let b = String::from_utf8_lossy(&suffix).replace('*', &base).into_bytes();
                match (b.contains(&b'/'), name.iter().rposition(|&c| c == b'/')) {
                    (false, Some(p)) => [&name[..=p], &b[..]].concat(),
                    _ => b,
                }
            } else {
                [&name[..], &suffix[..]].concat()
            };
            let _ = fs::copy(bytes_path(&name), bytes_path(&backup));
        }
        if let Err(e) = fs::write(bytes_path(&name), &data) {
            common::error("sed", format!("couldn't write {}: {}", String::from_utf8_lossy(&name), strerror(&e)));
            self.input.failed = true;
        }
    }
}

fn read_script(name: &[u8]) -> Result<Vec<u8>, i32> {
    let data = if name == b"-" {
        let mut v = Vec::new();
        io::stdin().read_to_end(&mut v).map(|_| v)
    } else {
        fs::read(bytes_path(name))
    };
    match data {
        Ok(mut d) => {
            if d.ends_with(b"\n") {
                d.pop();
            }
            Ok(d)
        }
        Err(e) => {
            common::error("sed", format!("couldn't open file {}: {}", String::from_utf8_lossy(name), strerror(&e)));
            Err(1)
        }
    }
}

fn usage(msg: &str) -> i32 {
    common::error("sed", msg);
    eprintln!("{USAGE}");
    1
}
