//! GNU-compatible `find`: the common tests, operators and actions (-exec through the `burrow`
//! spawn call). Directory entries are visited in name order.

use std::ffi::OsString;
use std::fs::{self, Metadata};
use std::time::{SystemTime, UNIX_EPOCH};

use burrow_guest::process::Command;
use burrow_toolkit::time::Utc;

use crate::common::{self, bytes_os, bytes_path, os_bytes, strerror, Out};
use crate::glob::fnmatch;
use crate::regex_posix::{translate, Matcher, Opts, Syntax};

#[derive(Clone, Copy, PartialEq)]
enum Cmp {
    Less,
    More,
    Eq,
}

struct NumArg {
    cmp: Cmp,
    n: u64,
}

enum Test {
    Name(Vec<u8>, bool),
    Path(Vec<u8>, bool),
    Regex(Box<Matcher>),
    Type(Vec<u8>),
    XType(Vec<u8>),
    Size(NumArg, u64),
    Time(NumArg, TimeKind, u64),
    Newer(SystemTime),
    Empty,
    True,
    False,
    Links(NumArg),
    Readable,
}

#[derive(Clone, Copy)]
enum TimeKind {
    Modified,
    Accessed,
    Changed,
}

enum Action {
    Print,
    Print0,
    Printf(Vec<u8>),
    Exec { argv: Vec<Vec<u8>>, batch: bool, dir: bool, idx: usize },
    Delete,
    Prune,
    Quit,
    Ls,
}

enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Comma(Box<Expr>, Box<Expr>),
    Test(Test),
    Action(Action),
}

#[derive(Clone, Copy, PartialEq)]
enum Follow {
    Never,
    CommandLine,
    Always,
}

struct Parser {
    args: Vec<Vec<u8>>,
    pos: usize,
    has_action: bool,
    maxdepth: Option<usize>,
    mindepth: usize,
    depth_first: bool,
    exec_count: usize,
    seen_test: Option<String>,
    now: SystemTime,
    follow: Follow,
}

fn err(msg: impl std::fmt::Display) -> String {
    msg.to_string()
}

impl Parser {
    fn peek(&self) -> Option<&[u8]> {
        self.args.get(self.pos).map(|v| &v[..])
    }

    fn next_arg(&mut self, opt: &str) -> Result<Vec<u8>, String> {
        let v = self.args.get(self.pos).cloned().ok_or_else(|| err(format!("missing argument to `{opt}'")))?;
        self.pos += 1;
        Ok(v)
    }

    fn parse_expr(&mut self) -> Result<Expr, String> {
        let mut left = self.parse_or()?;
        while self.peek() == Some(b",") {
            self.pos += 1;
            let right = self.parse_or()?;
            left = Expr::Comma(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn parse_or(&mut self) -> Result<Expr, String> {
        let mut left = self.parse_and()?;
        while matches!(self.peek(), Some(b"-o") | Some(b"-or")) {
            self.pos += 1;
            if self.peek().is_none() || self.peek() == Some(b")") {
                return Err("invalid expression; you have used a binary operator '-o' with nothing after it.".into());
            }
            let right = self.parse_and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn parse_and(&mut self) -> Result<Expr, String> {
        let mut left = self.parse_not()?;
        loop {
            match self.peek() {
                None | Some(b")") | Some(b"-o") | Some(b"-or") | Some(b",") => return Ok(left),
                Some(b"-a") | Some(b"-and") => {
                    self.pos += 1;
                    if self.peek().is_none() {
                        return Err(
                            "invalid expression; you have used a binary operator '-a' with nothing after it.".into()
                        );
                    }
                }
                _ => {}
            }
            let right = self.parse_not()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
    }

    fn parse_not(&mut self) -> Result<Expr, String> {
        if matches!(self.peek(), Some(b"!") | Some(b"-not")) {
            self.pos += 1;
            let inner = self.parse_not()?;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.parse_primary()
    }

    fn parse_primary(&mut self) -> Result<Expr, String> {
        let a = match self.peek() {
            Some(a) => a.to_vec(),
            None => return Err("expected an expression".into()),
        };
        self.pos += 1;
        if a == b"(" {
            if self.peek() == Some(b")") {
                return Err("invalid expression; empty parentheses are not allowed.".into());
            }
            let e = self.parse_expr()?;
            if self.peek() != Some(b")") {
                return Err("invalid expression; I was expecting to find a ')' somewhere but did not see one.".into());
            }
            self.pos += 1;
            return Ok(e);
        }
        if a == b")" {
            return Err("invalid expression; you have too many ')'".into());
        }
        let name = String::from_utf8_lossy(&a).into_owned();
        let test = |t| Ok(Expr::Test(t));
        let global = |p: &mut Parser, n: &str| {
            if let Some(t) = &p.seen_test {
                common::error(
                    "find",
                    format!(
                        "warning: you have specified the global option {n} after the argument {t}, but global options are not positional, i.e., {n} affects tests specified before it as well as those specified after it.  Please specify global options before other arguments."
                    ),
                );
            }
        };
        if !matches!(name.as_str(), "-maxdepth" | "-mindepth" | "-depth" | "-d" | "-xdev" | "-mount" | "-noleaf") {
            self.seen_test.get_or_insert(name.clone());
        }
        match name.as_str() {
            "-name" | "-iname" => {
                let p = self.next_arg(&name)?;
                test(Test::Name(p, name == "-iname"))
            }
            "-path" | "-ipath" | "-wholename" | "-iwholename" => {
                let p = self.next_arg(&name)?;
                test(Test::Path(p, name.starts_with("-i")))
            }
            "-regex" | "-iregex" => {
                let p = self.next_arg(&name)?;
                let t = translate(&p, Syntax::Extended, true)?;
                let t = crate::regex_posix::Translated { pattern: format!("^(?:{})$", t.pattern), ..t };
                let m = Matcher::new(&t, Opts { icase: name == "-iregex", multiline: false })?;
                test(Test::Regex(Box::new(m)))
            }
            "-regextype" => {
                self.next_arg(&name)?;
                test(Test::True)
            }
            "-type" | "-xtype" => {
                let p = self.next_arg(&name)?;
                let types: Vec<u8> = p.split(|&b| b == b',').filter_map(|t| t.first().copied()).collect();
                for t in &types {
                    if !b"fdlpsbcD".contains(t) {
                        return Err(format!("Unknown argument to {name}: {}", *t as char));
                    }
                }
                if types.is_empty() {
                    return Err(format!("Arguments to {name} should contain only one letter"));
                }
                test(if name == "-type" { Test::Type(types) } else { Test::XType(types) })
            }
            "-size" => {
                let p = self.next_arg(&name)?;
                let (num, unit) = match p.last() {
                    Some(c) if c.is_ascii_alphabetic() => (&p[..p.len() - 1], *c),
                    _ => (&p[..], b'b'),
                };
                let unit = match unit {
                    b'b' => 512,
                    b'c' => 1,
                    b'w' => 2,
                    b'k' => 1024,
                    b'M' => 1 << 20,
                    b'G' => 1 << 30,
                    _ => return Err(format!("invalid -size type `{}'", unit as char)),
                };
                let n = num_arg(num).ok_or_else(|| format!("invalid argument `{}' to `-size'", String::from_utf8_lossy(&p)))?;
                test(Test::Size(n, unit))
            }
            "-mtime" | "-atime" | "-ctime" | "-mmin" | "-amin" | "-cmin" => {
                let p = self.next_arg(&name)?;
                let n = num_arg(&p)
                    .ok_or_else(|| format!("invalid argument `{}' to `{name}'", String::from_utf8_lossy(&p)))?;
                let kind = match &name[1..2] {
                    "m" => TimeKind::Modified,
                    "a" => TimeKind::Accessed,
                    _ => TimeKind::Changed,
                };
                let unit = if name.ends_with("min") { 60 } else { 86400 };
                test(Test::Time(n, kind, unit))
            }
            "-newer" | "-anewer" | "-cnewer" => {
                let p = self.next_arg(&name)?;
                let m = fs::metadata(bytes_path(&p))
                    .map_err(|e| format!("'{}': {}", String::from_utf8_lossy(&p), strerror(&e)))?;
                test(Test::Newer(m.modified().unwrap_or(UNIX_EPOCH)))
            }
            "-links" => {
                let p = self.next_arg(&name)?;
                let n = num_arg(&p).ok_or_else(|| format!("invalid argument `{}' to `-links'", String::from_utf8_lossy(&p)))?;
                test(Test::Links(n))
            }
            "-empty" => test(Test::Empty),
            "-true" => test(Test::True),
            "-false" => test(Test::False),
            "-readable" | "-writable" | "-executable" => test(Test::Readable),
            "-user" | "-group" | "-uid" | "-gid" | "-perm" => {
                self.next_arg(&name)?;
                // No owners or permission bits through WASI preview1: these match everything.
                test(Test::True)
            }
            "-nouser" | "-nogroup" => test(Test::False),
            "-maxdepth" | "-mindepth" => {
                global(self, &name);
                let p = self.next_arg(&name)?;
                let n = common::parse_num(&String::from_utf8_lossy(&p)).ok_or_else(|| {
                    format!("Expected a positive decimal integer argument to {name}, but got `{}'", String::from_utf8_lossy(&p))
                })? as usize;
                if name == "-maxdepth" {
                    self.maxdepth = Some(n);
                } else {
                    self.mindepth = n;
                }
                test(Test::True)
            }
            "-depth" | "-d" => {
                global(self, &name);
                self.depth_first = true;
                test(Test::True)
            }
            "-follow" => {
                self.follow = Follow::Always;
                test(Test::True)
            }
            "-xdev" | "-mount" | "-noleaf" | "-ignore_readdir_race" | "-noignore_readdir_race" | "-daystart" => {
                test(Test::True)
            }
            "-print" => {
                self.has_action = true;
                Ok(Expr::Action(Action::Print))
            }
            "-print0" => {
                self.has_action = true;
                Ok(Expr::Action(Action::Print0))
            }
            "-printf" => {
                self.has_action = true;
                let f = self.next_arg(&name)?;
                Ok(Expr::Action(Action::Printf(f)))
            }
            "-ls" => {
                self.has_action = true;
                Ok(Expr::Action(Action::Ls))
            }
            "-delete" => {
                self.has_action = true;
                self.depth_first = true;
                Ok(Expr::Action(Action::Delete))
            }
            "-prune" => Ok(Expr::Action(Action::Prune)),
            "-quit" => Ok(Expr::Action(Action::Quit)),
            "-exec" | "-execdir" | "-ok" | "-okdir" => {
                self.has_action = true;
                let mut argv = Vec::new();
                let mut batch = false;
                loop {
                    let Some(a) = self.args.get(self.pos).cloned() else {
                        return Err(format!("missing argument to `{name}'"));
                    };
                    self.pos += 1;
                    if a == b";" {
                        break;
                    }
                    if a == b"+" && argv.last().map(|l: &Vec<u8>| l == b"{}").unwrap_or(false) {
                        batch = true;
                        argv.pop();
                        break;
                    }
                    argv.push(a);
                }
                if argv.is_empty() {
                    return Err(format!("missing argument to `{name}'"));
                }
                let idx = self.exec_count;
                self.exec_count += 1;
                Ok(Expr::Action(Action::Exec { argv, batch, dir: name.contains("dir"), idx }))
            }
            _ if name.starts_with('-') => Err(format!("unknown predicate `{name}'")),
            _ => Err(format!("paths must precede expression: `{name}'")),
        }
    }
}

fn num_arg(s: &[u8]) -> Option<NumArg> {
    let (cmp, rest) = match s.first() {
        Some(b'+') => (Cmp::More, &s[1..]),
        Some(b'-') => (Cmp::Less, &s[1..]),
        _ => (Cmp::Eq, s),
    };
    let n = common::parse_num(std::str::from_utf8(rest).ok()?)?;
    Some(NumArg { cmp, n })
}

fn cmp(a: &NumArg, v: u64) -> bool {
    match a.cmp {
        Cmp::Less => v < a.n,
        Cmp::More => v > a.n,
        Cmp::Eq => v == a.n,
    }
}

struct Entry<'a> {
    path: &'a [u8],
    /// Where the start point ends in `path` (for `%P`).
    start_len: usize,
    depth: usize,
    lmeta: Option<&'a Metadata>,
    meta: Option<&'a Metadata>,
}

/// Pending `-exec ... +` files: the paths, the directories to run in, the action's index.
type Batch = (Vec<Vec<u8>>, Vec<Vec<u8>>, usize);

struct Finder {
    out: Out,
    failed: bool,
    quit: bool,
    now: SystemTime,
    batches: Vec<Batch>,
}

impl Finder {
    fn warn(&mut self, path: &[u8], e: &std::io::Error) {
        self.failed = true;
        self.out.flush_out();
        common::error("find", format!("'{}': {}", String::from_utf8_lossy(path), strerror(e)));
    }

    /// Evaluates `e` on `ent`; `prune` is set by -prune.
    fn eval(&mut self, e: &Expr, ent: &Entry, prune: &mut bool) -> bool {
        if self.quit {
            return false;
        }
        match e {
            Expr::And(a, b) => self.eval(a, ent, prune) && self.eval(b, ent, prune),
            Expr::Or(a, b) => self.eval(a, ent, prune) || self.eval(b, ent, prune),
            Expr::Not(a) => !self.eval(a, ent, prune),
            Expr::Comma(a, b) => {
                self.eval(a, ent, prune);
                self.eval(b, ent, prune)
            }
            Expr::Test(t) => self.test(t, ent),
            Expr::Action(a) => self.action(a, ent, prune),
        }
    }

    fn test(&mut self, t: &Test, ent: &Entry) -> bool {
        let meta = ent.meta.or(ent.lmeta);
        match t {
            Test::Name(p, fold) => {
                let base = base_name(ent.path);
                fnmatch(p, base, *fold)
            }
            Test::Path(p, fold) => fnmatch(p, ent.path, *fold),
            Test::Regex(m) => m.is_match(ent.path),
            Test::Type(types) => meta.is_some_and(|m| types.contains(&type_char(m))),
            Test::XType(types) => {
                let m = match fs::metadata(bytes_path(ent.path)) {
                    Ok(m) => Some(m),
                    Err(_) => ent.lmeta.cloned(),
                };
                m.is_some_and(|m| types.contains(&type_char(&m)))
            }
            Test::Size(n, unit) => meta.is_some_and(|m| {
                let size = m.len();
                let units = size.div_ceil(*unit);
                cmp(n, units)
            }),
            Test::Time(n, kind, unit) => meta.is_some_and(|m| {
                let t = match kind {
                    TimeKind::Modified => m.modified(),
                    TimeKind::Accessed => m.accessed(),
                    TimeKind::Changed => m.modified(),
                }
                .unwrap_or(UNIX_EPOCH);
                let age = match self.now.duration_since(t) {
                    Ok(d) => d.as_secs(),
                    Err(_) => 0,
                };
                let units = if *unit == 60 { age.div_ceil(60) } else { age / unit };
                cmp(n, units)
            }),
            Test::Newer(t) => meta.is_some_and(|m| m.modified().map(|mt| mt > *t).unwrap_or(false)),
            Test::Empty => meta.is_some_and(|m| {
                if m.is_dir() {
                    fs::read_dir(bytes_path(ent.path)).map(|mut r| r.next().is_none()).unwrap_or(false)
                } else {
                    m.is_file() && m.len() == 0
                }
            }),
            Test::True | Test::Readable => true,
            Test::False => false,
            Test::Links(n) => cmp(n, 1),
        }
    }

    fn action(&mut self, a: &Action, ent: &Entry, prune: &mut bool) -> bool {
        match a {
            Action::Print => {
                self.out.bytes(ent.path);
                self.out.bytes(b"\n");
                true
            }
            Action::Print0 => {
                self.out.bytes(ent.path);
                self.out.bytes(b"\0");
                true
            }
            Action::Printf(f) => {
                let s = printf(f, ent);
                self.out.bytes(&s);
                true
            }
            Action::Ls => {
                let m = ent.meta.or(ent.lmeta);
                let size = m.map(|m| m.len()).unwrap_or(0);
                let line = format!("{} {}\n", size, String::from_utf8_lossy(ent.path));
                self.out.bytes(line.as_bytes());
                true
            }
            Action::Prune => {
                *prune = true;
                true
            }
            Action::Quit => {
                self.quit = true;
                true
            }
            Action::Delete => {
                if ent.path == b"." {
                    return true;
                }
                let is_dir = ent.lmeta.is_some_and(|m| m.is_dir());
                let p = bytes_path(ent.path);
                let r = if is_dir { fs::remove_dir(&p) } else { fs::remove_file(&p) };
                match r {
                    Ok(()) => true,
                    Err(e) => {
                        self.failed = true;
                        self.out.flush_out();
                        common::error(
                            "find",
                            format!("cannot delete '{}': {}", String::from_utf8_lossy(ent.path), strerror(&e)),
                        );
                        false
                    }
                }
            }
            Action::Exec { argv, batch, dir, idx } => {
                let (path, cwd) = if *dir {
                    let base = base_name(ent.path);
                    let mut p = b"./".to_vec();
                    p.extend_from_slice(base);
                    let parent = parent_dir(ent.path);
                    (p, Some(parent))
                } else {
                    (ent.path.to_vec(), None)
                };
                if *batch {
                    // Group by directory for -execdir.
                    let cwd = cwd.unwrap_or_default();
                    if let Some(b) = self.batches.iter_mut().find(|b| b.2 == *idx && b.1.first() == Some(&cwd)) {
                        b.0.push(path);
                        if b.0.iter().map(|p| p.len() + 1).sum::<usize>() > 64 * 1024 {
                            let files = std::mem::take(&mut b.0);
                            let dir = b.1.first().cloned().unwrap_or_default();
                            self.run_batch(argv, &files, &dir);
                        }
                    } else {
                        self.batches.push((vec![path], vec![cwd], *idx));
                    }
                    return true;
                }
                let args: Vec<Vec<u8>> = argv.iter().map(|a| replace_braces(a, &path)).collect();
                self.run(&args, cwd.as_deref())
            }
        }
    }

    fn run(&mut self, args: &[Vec<u8>], cwd: Option<&[u8]>) -> bool {
        self.out.flush_out();
        let mut cmd = Command::new(bytes_os(&args[0]));
        for a in &args[1..] {
            cmd.arg(bytes_os(a));
        }
        if let Some(d) = cwd {
            if !d.is_empty() {
                cmd.current_dir(bytes_path(d));
            }
        }
        match cmd.status() {
            Ok(st) => st.success(),
            Err(e) => {
                // As with GNU's child failing to exec: the test is false, find's status unchanged
                // (a batch of `-exec ... +` marks the failure in `run_batch`).
                common::error("find", format!("'{}': {}", String::from_utf8_lossy(&args[0]), strerror(&e)));
                false
            }
        }
    }

    fn run_batch(&mut self, argv: &[Vec<u8>], files: &[Vec<u8>], cwd: &[u8]) {
        if files.is_empty() {
            return;
        }
        let mut args = argv.to_vec();
        args.extend(files.iter().cloned());
        if !self.run(&args, if cwd.is_empty() { None } else { Some(cwd) }) {
            self.failed = true;
        }
    }

    fn flush_batches(&mut self, expr: &Expr) {
        let batches = std::mem::take(&mut self.batches);
        for (files, dir, idx) in batches {
            if let Some(argv) = find_exec(expr, idx) {
                let argv = argv.clone();
                self.run_batch(&argv, &files, dir.first().map(|d| &d[..]).unwrap_or(b""));
            }
        }
    }
}

fn find_exec(e: &Expr, want: usize) -> Option<&Vec<Vec<u8>>> {
    match e {
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Comma(a, b) => find_exec(a, want).or_else(|| find_exec(b, want)),
        Expr::Not(a) => find_exec(a, want),
        Expr::Action(Action::Exec { argv, idx, .. }) if *idx == want => Some(argv),
        _ => None,
    }
}

fn replace_braces(a: &[u8], path: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < a.len() {
        if a[i..].starts_with(b"{}") {
            out.extend_from_slice(path);
            i += 2;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out
}

fn base_name(path: &[u8]) -> &[u8] {
    if path == b"/" {
        return path;
    }
    let t = {
        let mut t = path;
        while t.len() > 1 && t.ends_with(b"/") {
            t = &t[..t.len() - 1];
        }
        t
    };
    match t.iter().rposition(|&b| b == b'/') {
        Some(p) => &t[p + 1..],
        None => t,
    }
}

fn parent_dir(path: &[u8]) -> Vec<u8> {
    match path.iter().rposition(|&b| b == b'/') {
        Some(0) => b"/".to_vec(),
        Some(p) => path[..p].to_vec(),
        None => b".".to_vec(),
    }
}

fn type_char(m: &Metadata) -> u8 {
    let ft = m.file_type();
    if ft.is_symlink() {
        b'l'
    } else if ft.is_dir() {
        b'd'
    } else if ft.is_file() {
        b'f'
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                return b'p';
            } else if ft.is_socket() {
                return b's';
            } else if ft.is_block_device() {
                return b'b';
            } else if ft.is_char_device() {
                return b'c';
            }
        }
        // WASI's stable API cannot tell devices, fifos and sockets apart; /dev holds devices.
        #[cfg(target_os = "wasi")]
        {
            b'c'
        }
        #[cfg(not(target_os = "wasi"))]
        {
            b'p'
        }
    }
}

fn epoch_secs(t: std::io::Result<SystemTime>) -> (i64, u32) {
    match t {
        Ok(t) => match t.duration_since(UNIX_EPOCH) {
            Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
            Err(e) => (-(e.duration().as_secs() as i64), 0),
        },
        Err(_) => (0, 0),
    }
}

/// `-printf`: the common directives.
fn printf(f: &[u8], ent: &Entry) -> Vec<u8> {
    let mut out = Vec::new();
    let meta = ent.lmeta.or(ent.meta);
    let mut i = 0;
    while i < f.len() {
        let c = f[i];
        i += 1;
        if c == b'\\' && i < f.len() {
            let e = f[i];
            i += 1;
            match e {
                b'n' => out.push(b'\n'),
                b't' => out.push(b'\t'),
                b'0' => out.push(0),
                b'\\' => out.push(b'\\'),
                b'a' => out.push(7),
                b'r' => out.push(b'\r'),
                b'c' => return out,
                other => {
                    out.push(b'\\');
                    out.push(other);
                }
            }
            continue;
        }
        if c != b'%' || i >= f.len() {
            out.push(c);
            continue;
        }
        // Flags and width: `%-10p`.
        let spec_start = i;
        while i < f.len() && (f[i] == b'-' || f[i].is_ascii_digit() || f[i] == b'.') {
            i += 1;
        }
        let spec = String::from_utf8_lossy(&f[spec_start..i]).into_owned();
        if i >= f.len() {
            break;
        }
        let d = f[i];
        i += 1;
        let val: Vec<u8> = match d {
            b'%' => b"%".to_vec(),
            b'p' => ent.path.to_vec(),
            b'f' => base_name(ent.path).to_vec(),
            b'h' => {
                let p = parent_dir(ent.path);
                if ent.path.contains(&b'/') {
                    p
                } else {
                    b".".to_vec()
                }
            }
            b'P' => {
                let rest = &ent.path[ent.start_len.min(ent.path.len())..];
                rest.strip_prefix(b"/").unwrap_or(rest).to_vec()
            }
            b'H' => ent.path[..ent.start_len.min(ent.path.len())].to_vec(),
            b'd' => ent.depth.to_string().into_bytes(),
            b's' => meta.map(|m| m.len()).unwrap_or(0).to_string().into_bytes(),
            b'k' => meta.map(|m| m.len().div_ceil(1024)).unwrap_or(0).to_string().into_bytes(),
            b'y' => vec![meta.map(type_char).unwrap_or(b'U')],
            b'Y' => {
                let m = fs::metadata(bytes_path(ent.path)).ok();
                vec![m.as_ref().map(type_char).or(meta.map(type_char)).unwrap_or(b'U')]
            }
            b'l' => {
                if meta.is_some_and(|m| m.file_type().is_symlink()) {
                    fs::read_link(bytes_path(ent.path)).map(|p| os_bytes(p.as_os_str()).to_vec()).unwrap_or_default()
                } else {
                    Vec::new()
                }
            }
            b'm' => {
                if meta.is_some_and(|m| m.is_dir()) {
                    b"755".to_vec()
                } else {
                    b"644".to_vec()
                }
            }
            b'n' => b"1".to_vec(),
            b'u' | b'g' => b"user".to_vec(),
            b'U' | b'G' => b"1000".to_vec(),
            b'T' | b'A' | b'C' | b't' | b'a' | b'c' => {
                let t = meta.map(|m| if matches!(d, b'A' | b'a') { m.accessed() } else { m.modified() });
                let (secs, nanos) = t.map(epoch_secs).unwrap_or((0, 0));
                if matches!(d, b't' | b'a' | b'c') {
                    ctime(secs, nanos).into_bytes()
                } else {
                    let k = if i < f.len() { f[i] } else { b'@' };
                    i += 1;
                    time_field(k, secs, nanos).into_bytes()
                }
            }
            other => {
                // Unknown directive: GNU warns; print it as is.
                vec![b'%', other]
            }
        };
        out.extend_from_slice(&pad(&spec, val));
    }
    out
}

fn pad(spec: &str, val: Vec<u8>) -> Vec<u8> {
    if spec.is_empty() {
        return val;
    }
    let left = spec.starts_with('-');
    let width: usize = spec.trim_start_matches('-').split('.').next().unwrap_or("").parse().unwrap_or(0);
    if val.len() >= width {
        return val;
    }
    let fill = vec![b' '; width - val.len()];
    if left {
        [val, fill].concat()
    } else {
        [fill, val].concat()
    }
}

fn ctime(secs: i64, nanos: u32) -> String {
    let t = Utc::from_epoch(secs);
    format!(
        "{} {} {:2} {:02}:{:02}:{:02}.{:09}0 {}",
        t.weekday_name(),
        t.month_name(),
        t.day,
        t.hour,
        t.minute,
        t.second,
        nanos,
        t.year
    )
}

fn time_field(k: u8, secs: i64, nanos: u32) -> String {
    let t = Utc::from_epoch(secs);
    let (y, m, d) = (t.year, t.month, t.day);
    let (hh, mm, ss) = (t.hour, t.minute, t.second);
    match k {
        b'@' => format!("{secs}.{nanos:09}0"),
        b'Y' => y.to_string(),
        b'm' => format!("{m:02}"),
        b'd' => format!("{d:02}"),
        b'H' => format!("{hh:02}"),
        b'M' => format!("{mm:02}"),
        b'S' => format!("{ss:02}.{nanos:09}0"),
        b'F' => format!("{y}-{m:02}-{d:02}"),
        b'T' => format!("{hh:02}:{mm:02}:{ss:02}.{nanos:09}0"),
        b'D' => format!("{m:02}/{d:02}/{:02}", y % 100),
        b'+' => format!("{y}-{m:02}-{d:02}+{hh:02}:{mm:02}:{ss:02}.{nanos:09}0"),
        b'b' => t.month_name().to_string(),
        b'a' => t.weekday_name().to_string(),
        b's' => secs.to_string(),
        _ => String::new(),
    }
}

pub fn main(args: Vec<OsString>) -> i32 {
    let argv: Vec<Vec<u8>> = args.iter().skip(1).map(|a| os_bytes(a).to_vec()).collect();
    let mut i = 0;
    let mut follow = Follow::Never;
    while i < argv.len() {
        match &argv[i][..] {
            b"-H" => follow = Follow::CommandLine,
            b"-L" => follow = Follow::Always,
            b"-P" => follow = Follow::Never,
            b"--" => {
                i += 1;
                break;
            }
            b"--help" => {
                let mut out = Out::new();
                out.bytes(b"Usage: find [-H] [-L] [-P] [path...] [expression]\n");
                return 0;
            }
            b"--version" => {
                let mut out = Out::new();
                out.bytes(b"find (GNU findutils compatible, Burrow textutils) 4.9.0\n");
                return 0;
            }
            _ => break,
        }
        i += 1;
    }
    let mut paths = Vec::new();
    while i < argv.len() {
        let a = &argv[i];
        if (a.len() > 1 && a[0] == b'-') || a == b"!" || a == b"(" {
            break;
        }
        paths.push(a.clone());
        i += 1;
    }
    if paths.is_empty() {
        paths.push(b".".to_vec());
    }
    let now = SystemTime::now();
    let mut p = Parser {
        args: argv[i..].to_vec(),
        pos: 0,
        has_action: false,
        maxdepth: None,
        mindepth: 0,
        depth_first: false,
        exec_count: 0,
        seen_test: None,
        now,
        follow,
    };
    let expr = if p.args.is_empty() {
        Expr::Test(Test::True)
    } else {
        match p.parse_expr() {
            Ok(e) => {
                if p.pos < p.args.len() {
                    let extra = String::from_utf8_lossy(&p.args[p.pos]).into_owned();
                    common::error(
                        "find",
                        if extra == ")" {
                            "invalid expression; you have too many ')'".to_string()
                        } else {
                            format!("paths must precede expression: `{extra}'")
                        },
                    );
                    return 1;
                }
                e
            }
            Err(e) => {
                common::error("find", e);
                return 1;
            }
        }
    };
    let expr = if p.has_action { expr } else { Expr::And(Box::new(expr), Box::new(Expr::Action(Action::Print))) };
    let mut f = Finder { out: Out::new(), failed: false, quit: false, now: p.now, batches: Vec::new() };
    let follow = p.follow;
    for path in &paths {
        if f.quit {
            break;
        }
        if path.is_empty() {
            f.failed = true;
            common::error("find", "'': No such file or directory");
            continue;
        }
        let lmeta = match fs::symlink_metadata(bytes_path(path)) {
            Ok(m) => m,
            Err(e) => {
                f.warn(path, &e);
                continue;
            }
        };
        let meta = if follow != Follow::Never && lmeta.file_type().is_symlink() {
            fs::metadata(bytes_path(path)).ok()
        } else {
            None
        };
        walk(&mut f, &expr, &p, path, path.len(), 0, &lmeta, meta.as_ref(), &mut Vec::new());
    }
    f.flush_batches(&expr);
    f.out.flush_out();
    i32::from(f.failed)
}

#[allow(clippy::too_many_arguments)]
fn walk(
    f: &mut Finder,
    expr: &Expr,
    p: &Parser,
    path: &[u8],
    start_len: usize,
    depth: usize,
    lmeta: &Metadata,
    meta: Option<&Metadata>,
    ancestors: &mut Vec<Vec<u8>>,
) {
    let effective = meta.unwrap_or(lmeta);
    let is_dir = effective.is_dir();
    let in_range = depth >= p.mindepth;
    let mut prune = false;
    let ent = Entry { path, start_len, depth, lmeta: Some(lmeta), meta };
    if !p.depth_first && in_range {
        f.eval(expr, &ent, &mut prune);
    }
    if f.quit {
        return;
    }
    let descend = is_dir && !prune && p.maxdepth.is_none_or(|m| depth < m);
    if descend {
        // Loop detection when following symlinks.
        let canon = if p.follow == Follow::Always {
            fs::canonicalize(bytes_path(path)).ok().map(|c| os_bytes(c.as_os_str()).to_vec())
        } else {
            None
        };
        let looped = canon.as_ref().is_some_and(|c| ancestors.contains(c));
        if looped {
            f.failed = true;
            f.out.flush_out();
            common::error(
                "find",
                format!("File system loop detected; '{}' is part of the same file system loop.", String::from_utf8_lossy(path)),
            );
        } else {
            match fs::read_dir(bytes_path(path)) {
                Ok(rd) => {
                    let mut names: Vec<Vec<u8>> =
                        rd.filter_map(|e| e.ok()).map(|e| os_bytes(&e.file_name()).to_vec()).collect();
                    names.sort();
                    if let Some(c) = &canon {
                        ancestors.push(c.clone());
                    }
                    for n in names {
                        if f.quit {
                            break;
                        }
                        let mut child = path.to_vec();
                        if !child.ends_with(b"/") {
                            child.push(b'/');
                        }
                        child.extend_from_slice(&n);
                        let lm = match fs::symlink_metadata(bytes_path(&child)) {
                            Ok(m) => m,
                            Err(e) => {
                                f.warn(&child, &e);
                                continue;
                            }
                        };
                        let m = if p.follow == Follow::Always && lm.file_type().is_symlink() {
                            fs::metadata(bytes_path(&child)).ok()
                        } else {
                            None
                        };
                        walk(f, expr, p, &child, start_len, depth + 1, &lm, m.as_ref(), ancestors);
                    }
                    if canon.is_some() {
                        ancestors.pop();
                    }
                }
                Err(e) => f.warn(path, &e),
            }
        }
    }
    if p.depth_first && in_range && !f.quit {
        let ent = Entry { path, start_len, depth, lmeta: Some(lmeta), meta };
        f.eval(expr, &ent, &mut prune);
    }
}
