//! GNU-compatible `grep` (and `egrep`, `fgrep`) over the `regex` crate.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::common::{self, bytes_path, os_bytes, strerror, Out};
use crate::glob::fnmatch;
use crate::regex_posix::{translate, Matcher, Opts, Syntax};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Basic,
    Extended,
    Fixed,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BinaryFiles {
    Binary,
    Text,
    WithoutMatch,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ListMode {
    None,
    Matching,
    NonMatching,
}

struct Opt {
    flavor: Flavor,
    perl: bool,
    patterns: Vec<Vec<u8>>,
    pattern_given: bool,
    icase: bool,
    invert: bool,
    count: bool,
    list: ListMode,
    line_number: bool,
    byte_offset: bool,
    with_filename: Option<bool>,
    quiet: bool,
    no_messages: bool,
    recursive: bool,
    deref: bool,
    word: bool,
    line: bool,
    only: bool,
    after: usize,
    before: usize,
    /// A context option was given (even 0): groups are separated.
    context_set: bool,
    max_count: Option<u64>,
    includes: Vec<Vec<u8>>,
    excludes: Vec<Vec<u8>>,
    exclude_dirs: Vec<Vec<u8>>,
    binary: BinaryFiles,
    null_after_name: bool,
    null_data: bool,
    label: Vec<u8>,
    group_sep: Option<Vec<u8>>,
    initial_tab: bool,
}

enum Pat {
    All,
    Re(Matcher),
    /// `-x`/`-w` with an empty pattern, or -F with nothing but empty strings etc.
    Nothing,
}

const USAGE: &str = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.";

const HELP: &str = "Usage: grep [OPTION]... PATTERNS [FILE]...
Search for PATTERNS in each FILE.
  -E, --extended-regexp     PATTERNS are extended regular expressions
  -F, --fixed-strings       PATTERNS are strings
  -G, --basic-regexp        PATTERNS are basic regular expressions
  -P, --perl-regexp         PATTERNS are (Rust regex crate) regular expressions
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -f, --file=FILE           take PATTERNS from FILE
  -i, --ignore-case         ignore case distinctions in patterns and data
      --no-ignore-case      do not ignore case distinctions (default)
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines
  -z, --null-data           a data line ends in 0 byte, not newline
  -s, --no-messages         suppress error messages
  -v, --invert-match        select non-matching lines
  -m, --max-count=NUM       stop after NUM selected lines
  -b, --byte-offset         print the byte offset with output lines
  -n, --line-number         print line number with output lines
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output
      --label=LABEL         use LABEL as the standard input file name prefix
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
      --binary-files=TYPE   assume that binary files are TYPE;
                            TYPE is 'binary', 'text', or 'without-match'
  -a, --text                equivalent to --binary-files=text
  -I                        equivalent to --binary-files=without-match
  -r, --recursive           recurse into directories
  -R, --dereference-recursive  likewise, but follow all symlinks
      --include=GLOB        search only files that match GLOB
      --exclude=GLOB        skip files that match GLOB
      --exclude-dir=GLOB    skip directories that match GLOB
  -L, --files-without-match  print only names of FILEs with no selected lines
  -l, --files-with-matches  print only names of FILEs with selected lines
  -c, --count               print only a count of selected lines per FILE
  -T, --initial-tab         make tabs line up (if needed)
  -Z, --null                print 0 byte after FILE name
  -B, --before-context=NUM  print NUM lines of leading context
  -A, --after-context=NUM   print NUM lines of trailing context
  -C, --context=NUM         print NUM lines of output context
  -NUM                      same as --context=NUM
      --group-separator=SEP  print SEP on line between matches with context
      --no-group-separator  do not print separator for matches with context
      --color[=WHEN]        accepted; output is never colored
";

fn usage_error(msg: &str) -> i32 {
    common::error("grep", msg);
    eprintln!("{USAGE}");
    2
}

pub fn main(args: Vec<OsString>, flavor: Flavor) -> i32 {
    let mut o = Opt {
        flavor,
        perl: false,
        patterns: Vec::new(),
        pattern_given: false,
        icase: false,
        invert: false,
        count: false,
        list: ListMode::None,
        line_number: false,
        byte_offset: false,
        with_filename: None,
        quiet: false,
        no_messages: false,
        recursive: false,
        deref: false,
        word: false,
        line: false,
        only: false,
        after: 0,
        before: 0,
        context_set: false,
        max_count: None,
        includes: Vec::new(),
        excludes: Vec::new(),
        exclude_dirs: Vec::new(),
        binary: BinaryFiles::Binary,
        null_after_name: false,
        null_data: false,
        label: b"(standard input)".to_vec(),
        group_sep: Some(b"--".to_vec()),
        initial_tab: false,
    };
    let mut operands: Vec<Vec<u8>> = Vec::new();
    let mut context_default: Option<usize> = None;
    let (mut after_set, mut before_set) = (None, None);
    let argv: Vec<Vec<u8>> = args.iter().skip(1).map(|a| os_bytes(a).to_vec()).collect();
    let mut i = 0;
    let mut only_operands = false;
    macro_rules! need_arg {
        ($name:expr, $inline:expr) => {{
            match $inline {
                Some(v) => v,
                None => {
                    i += 1;
                    match argv.get(i) {
                        Some(v) => v.clone(),
                        None => return usage_error(&format!("option requires an argument -- '{}'", $name)),
                    }
                }
            }
        }};
    }
    let num = |v: &[u8], what: &str| -> Result<usize, i32> {
        match common::parse_num(&String::from_utf8_lossy(v)) {
            Some(n) => Ok(n.min(usize::MAX as u64) as usize),
            None => {
                common::error("grep", format!("{}: invalid {what} argument", String::from_utf8_lossy(v)));
                Err(2)
            }
        }
    };
    while i < argv.len() {
        let a = argv[i].clone();
        if only_operands || a.len() < 2 || a[0] != b'-' {
            operands.push(a);
            i += 1;
            continue;
        }
        if a == b"--" {
            only_operands = true;
            i += 1;
            continue;
        }
        if let Some(long) = a.strip_prefix(b"--") {
            let (name, val) = match long.iter().position(|&b| b == b'=') {
                Some(p) => (String::from_utf8_lossy(&long[..p]).into_owned(), Some(long[p + 1..].to_vec())),
                None => (String::from_utf8_lossy(long).into_owned(), None),
            };
            const LONGS: &[&str] = &[
                "extended-regexp", "fixed-strings", "basic-regexp", "perl-regexp", "regexp", "file", "ignore-case",
                "no-ignore-case", "word-regexp", "line-regexp", "null-data", "no-messages", "invert-match",
                "max-count", "byte-offset", "line-number", "no-line-number", "with-filename", "no-filename", "label",
                "only-matching", "quiet", "silent", "binary-files", "text", "recursive", "dereference-recursive",
                "include", "exclude", "exclude-dir", "files-without-match", "files-with-matches", "count",
                "initial-tab", "null", "before-context", "after-context", "context", "color", "colour",
                "group-separator", "no-group-separator", "help", "version", "line-buffered", "fixed-regexp",
            ];
            let exact = LONGS.iter().find(|l| **l == name);
            let cands: Vec<&&str> = LONGS.iter().filter(|l| l.starts_with(&name)).collect();
            let full = match (exact, cands.len()) {
                (Some(e), _) => *e,
                (None, 1) => cands[0],
                (None, 0) => return usage_error(&format!("unrecognized option '--{name}'")),
                _ => return usage_error(&format!("option '--{name}' is ambiguous")),
            };
            match full {
                "extended-regexp" => o.flavor = Flavor::Extended,
                "fixed-strings" | "fixed-regexp" => o.flavor = Flavor::Fixed,
                "basic-regexp" => o.flavor = Flavor::Basic,
                "perl-regexp" => o.perl = true,
                "regexp" => {
                    let v = need_arg!("regexp", val);
                    o.patterns.push(v);
                    o.pattern_given = true;
                }
                "file" => {
                    let v = need_arg!("file", val);
                    if let Err(c) = read_pattern_file(&v, &mut o.patterns) {
                        return c;
                    }
                    o.pattern_given = true;
                }
                "ignore-case" => o.icase = true,
                "no-ignore-case" => o.icase = false,
                "word-regexp" => o.word = true,
                "line-regexp" => o.line = true,
                "null-data" => o.null_data = true,
                "no-messages" => o.no_messages = true,
                "invert-match" => o.invert = true,
                "max-count" => {
                    let v = need_arg!("max-count", val);
                    match num(&v, "max count") {
                        Ok(n) => o.max_count = Some(n as u64),
                        Err(c) => return c,
                    }
                }
                "byte-offset" => o.byte_offset = true,
                "line-number" => o.line_number = true,
                "no-line-number" => o.line_number = false,
                "with-filename" => o.with_filename = Some(true),
                "no-filename" => o.with_filename = Some(false),
                "label" => o.label = need_arg!("label", val),
                "only-matching" => o.only = true,
                "quiet" | "silent" => o.quiet = true,
                "binary-files" => {
                    let v = need_arg!("binary-files", val);
                    o.binary = match &v[..] {
                        b"binary" => BinaryFiles::Binary,
                        b"text" => BinaryFiles::Text,
                        b"without-match" => BinaryFiles::WithoutMatch,
                        _ => {
                            common::error("grep", "unknown binary-files type");
                            return 2;
                        }
                    }
                }
                "text" => o.binary = BinaryFiles::Text,
                "recursive" => o.recursive = true,
                "dereference-recursive" => {
                    o.recursive = true;
                    o.deref = true
                }
                "include" => o.includes.push(need_arg!("include", val)),
                "exclude" => o.excludes.push(need_arg!("exclude", val)),
                "exclude-dir" => o.exclude_dirs.push(need_arg!("exclude-dir", val)),
                "files-without-match" => o.list = ListMode::NonMatching,
                "files-with-matches" => o.list = ListMode::Matching,
                "count" => o.count = true,
                "initial-tab" => o.initial_tab = true,
                "null" => o.null_after_name = true,
                "before-context" | "after-context" | "context" => {
                    let v = need_arg!(full, val);
                    let n = match num(&v, "context length") {
                        Ok(n) => n,
                        Err(c) => return c,
                    };
                    match full {
                        "before-context" => before_set = Some(n),
                        "after-context" => after_set = Some(n),
                        _ => context_default = Some(n),
                    }
                }
                "color" | "colour" | "line-buffered" => {}
                "group-separator" => o.group_sep = Some(need_arg!("group-separator", val)),
                "no-group-separator" => o.group_sep = None,
                "help" => {
                    let mut out = Out::new();
                    out.bytes(HELP.as_bytes());
                    return 0;
                }
                "version" => {
                    let mut out = Out::new();
                    out.bytes(b"grep (GNU grep compatible, Burrow textutils) 3.8\n");
                    return 0;
                }
                _ => unreachable!(),
            }
            i += 1;
            continue;
        }
        // Short options, possibly clustered.
        let mut j = 1;
        while j < a.len() {
            let c = a[j];
            j += 1;
            let rest = if j < a.len() { Some(a[j..].to_vec()) } else { None };
            match c {
                b'0'..=b'9' => {
                    // -NUM: context.
                    let mut k = j - 1;
                    while k < a.len() && a[k].is_ascii_digit() {
                        k += 1;
                    }
                    let n = String::from_utf8_lossy(&a[j - 1..k]).parse::<usize>().unwrap_or(usize::MAX);
                    context_default = Some(n);
                    j = k;
                }
                b'E' => o.flavor = Flavor::Extended,
                b'F' => o.flavor = Flavor::Fixed,
                b'G' => o.flavor = Flavor::Basic,
                b'P' => o.perl = true,
                b'i' | b'y' => o.icase = true,
                b'w' => o.word = true,
                b'x' => o.line = true,
                b'z' => o.null_data = true,
                b's' => o.no_messages = true,
                b'v' => o.invert = true,
                b'b' => o.byte_offset = true,
                b'n' => o.line_number = true,
                b'H' => o.with_filename = Some(true),
                b'h' => o.with_filename = Some(false),
                b'o' => o.only = true,
                b'q' => o.quiet = true,
                b'a' => o.binary = BinaryFiles::Text,
                b'I' => o.binary = BinaryFiles::WithoutMatch,
                b'r' => o.recursive = true,
                b'R' => {
                    o.recursive = true;
                    o.deref = true
                }
                b'L' => o.list = ListMode::NonMatching,
                b'l' => o.list = ListMode::Matching,
                b'c' => o.count = true,
                b'T' => o.initial_tab = true,
                b'Z' => o.null_after_name = true,
                b'U' => {}
                b'V' => {
                    let mut out = Out::new();
                    out.bytes(b"grep (GNU grep compatible, Burrow textutils) 3.8\n");
                    return 0;
                }
                b'e' | b'f' | b'm' | b'A' | b'B' | b'C' | b'd' | b'D' => {
                    let v = need_arg!(c as char, rest);
                    j = a.len();
                    match c {
                        b'e' => {
                            o.patterns.push(v);
                            o.pattern_given = true;
                        }
                        b'f' => {
                            if let Err(code) = read_pattern_file(&v, &mut o.patterns) {
                                return code;
                            }
                            o.pattern_given = true;
                        }
                        b'm' => match num(&v, "max count") {
                            Ok(n) => o.max_count = Some(n as u64),
                            Err(code) => return code,
                        },
                        b'd' => {
                            if v == b"recurse" {
                                o.recursive = true;
                            }
                        }
                        b'D' => {}
                        _ => {
                            let n = match num(&v, "context length") {
                                Ok(n) => n,
                                Err(code) => return code,
                            };
                            match c {
                                b'A' => after_set = Some(n),
                                b'B' => before_set = Some(n),
                                _ => context_default = Some(n),
                            }
                        }
                    }
                }
                _ => return usage_error(&format!("invalid option -- '{}'", c as char)),
            }
        }
        i += 1;
    }
    o.context_set = after_set.is_some() || before_set.is_some() || context_default.is_some();
    o.after = after_set.or(context_default).unwrap_or(0);
    o.before = before_set.or(context_default).unwrap_or(0);
    if !o.pattern_given {
        if operands.is_empty() {
            eprintln!("{USAGE}");
            return 2;
        }
        let p = operands.remove(0);
        o.patterns.push(p);
    }
    // Each pattern may hold several, one a line.
    let mut pats: Vec<Vec<u8>> = Vec::new();
    for p in &o.patterns {
        pats.extend(p.split(|&b| b == b'\n').map(|s| s.to_vec()));
        if p.ends_with(b"\n") && !p.is_empty() {
            pats.pop();
        }
    }
    let (matcher, skipper) = match compile(&o, &pats) {
        Ok(m) => m,
        Err(e) => {
            common::error("grep", e);
            return 2;
        }
    };

    let mut g = Grep {
        o,
        pat: matcher,
        skipper,
        out: Out::new(),
        any_selected: false,
        error: false,
        stdin_used: false,
        implicit_dot: false,
        printed_any_group: false,
    };
    if operands.is_empty() {
        operands.push(if g.o.recursive { b".".to_vec() } else { b"-".to_vec() });
        if g.o.recursive {
            g.o.with_filename.get_or_insert(true);
            g.implicit_dot = true;
        }
    }
    if g.o.with_filename.is_none() && (operands.len() > 1 || !g.o.recursive) {
        g.o.with_filename = Some(operands.len() > 1);
    }
    for f in &operands {
        if g.done() {
            break;
        }
        g.operand(f);
    }
    g.out.flush_out();
    if g.error && !(g.o.quiet && g.any_selected) {
        2
    } else if g.any_selected {
        0
    } else {
        1
    }
}

fn read_pattern_file(name: &[u8], pats: &mut Vec<Vec<u8>>) -> Result<(), i32> {
    let data = if name == b"-" {
        let mut v = Vec::new();
        io::stdin().read_to_end(&mut v).map(|_| v)
    } else {
        fs::read(bytes_path(name))
    };
    match data {
        Ok(mut d) => {
            if d.is_empty() {
                return Ok(());
            }
            if d.ends_with(b"\n") {
                d.pop();
            }
            pats.extend(d.split(|&b| b == b'\n').map(|s| s.to_vec()));
            // An empty file gives no pattern at all (matches nothing); mark that.
            Ok(())
        }
        Err(e) => {
            common::error("grep", format!("{}: {}", String::from_utf8_lossy(name), strerror(&e)));
            Err(2)
        }
    }
}

/// Compiles the patterns into the per-line matcher and, where it is safe, a skipper.
fn compile(o: &Opt, pats: &[Vec<u8>]) -> Result<(Pat, Option<Skipper>), String> {
    if pats.is_empty() {
        return Ok((Pat::Nothing, None));
    }
    let mut parts = Vec::new();
    let mut group_counts = Vec::new();
    let mut backrefs = false;
    for p in pats {
        let t = if o.flavor == Flavor::Fixed {
            let s = String::from_utf8_lossy(p);
            regex::escape(&s)
        } else if o.perl {
            String::from_utf8_lossy(p).into_owned()
        } else {
            let syntax = if o.flavor == Flavor::Extended { Syntax::Extended } else { Syntax::Basic };
            let t = translate(p, syntax, false)?;
            backrefs |= t.backrefs;
            group_counts.push(t.groups);
            parts.push(t.pattern);
            continue;
        };
        group_counts.push(0);
        parts.push(t);
    }
    // An empty pattern matches every line (unless -w/-x narrow it).
    if !o.word && !o.line && parts.iter().any(|p| p.is_empty()) && !o.only {
        return Ok((Pat::All, None));
    }
    let joined = if parts.len() == 1 {
        parts.pop().unwrap_or_default()
    } else {
        // Back-references are numbered per pattern: shift each by the groups before it.
        let mut shift = 0;
        let mut joined = Vec::new();
        for (p, groups) in parts.iter().zip(&group_counts) {
            joined.push(format!("(?:{})", if backrefs { shift_backrefs(p, shift) } else { p.clone() }));
            shift += groups;
        }
        joined.join("|")
    };
    let wrapped = if o.line {
        format!("^(?:{joined})$")
    } else if o.word {
        if backrefs {
            format!("(?<!\\w)(?:{joined})(?!\\w)")
        } else {
            format!("\\b{{start-half}}(?:{joined})\\b{{end-half}}")
        }
    } else {
        joined
    };
    let skipper = if backrefs || o.perl { None } else { Skipper::new(&wrapped, o.icase) };
    let t = crate::regex_posix::Translated { pattern: wrapped, backrefs, groups: 0 };
    Ok((Pat::Re(Matcher::new(&t, Opts { icase: o.icase, multiline: false })?), skipper))
}

/// The pattern searched across many buffered lines at once, so lines that cannot match are
/// passed over with one search instead of one per line (most lines of a big file, usually).
///
/// Every match the per-line matcher finds in a line is also a match of this one at the same
/// place: `^`/`$` match at line breaks, and a line break is a non-word character as a line's
/// edge is. So the first line holding a candidate is never after the first selected line; the
/// candidate's line is then tried with the per-line matcher (a candidate may span lines).
/// Patterns whose meaning could change across lines (back-references, `-P`) get no skipper.
struct Skipper(regex::bytes::Regex);

impl Skipper {
    fn new(pattern: &str, icase: bool) -> Option<Skipper> {
        regex::bytes::RegexBuilder::new(pattern)
            .case_insensitive(icase)
            .multi_line(true)
            .size_limit(64 << 20)
            .dfa_size_limit(16 << 20)
            .build()
            .ok()
            .map(Skipper)
    }

    /// How many bytes of `lines` (whole lines, each ending in `eol`) hold no candidate.
    fn clear_prefix(&self, lines: &[u8], eol: u8) -> usize {
        match self.0.find(lines) {
            Some(m) => memchr::memrchr(eol, &lines[..m.start()]).map_or(0, |i| i + 1),
            None => lines.len(),
        }
    }
}

/// Renumbers the back-references `\\N` of a translated pattern by `shift`.
fn shift_backrefs(p: &str, shift: usize) -> String {
    let mut out = String::with_capacity(p.len());
    let mut cs = p.chars();
    while let Some(c) = cs.next() {
        out.push(c);
        if c == '\\' {
            match cs.next() {
                Some(d @ '1'..='9') => {
                    out.pop();
                    out.push_str(&format!("\\{}", d as usize - '0' as usize + shift));
                }
                Some(n) => out.push(n),
                None => {}
            }
        }
    }
    out
}

struct Grep {
    o: Opt,
    pat: Pat,
    skipper: Option<Skipper>,
    out: Out,
    any_selected: bool,
    error: bool,
    stdin_used: bool,
    /// `grep -r PAT` without operands: names are printed without a leading `./`.
    implicit_dot: bool,
    printed_any_group: bool,
}

impl Grep {
    fn done(&self) -> bool {
        self.o.quiet && self.any_selected
    }

    fn warn(&mut self, name: &[u8], msg: &str) {
        self.error = true;
        if !self.o.no_messages {
            self.out.flush_out();
            common::error("grep", format!("{}: {msg}", String::from_utf8_lossy(name)));
        }
    }

    fn operand(&mut self, name: &[u8]) {
        if name == b"-" {
            self.stdin_used = true;
            let label = self.o.label.clone();
            let stdin = io::stdin();
            let lock = stdin.lock();
            self.search(&label, lock);
            return;
        }
        let path = bytes_path(name);
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                // A dangling symlink on the command line.
                let m = strerror(&e);
                self.warn(name, &m);
                return;
            }
        };
        // `grep -r PAT OPERAND`: names are shown when the one operand is a directory.
        self.o.with_filename.get_or_insert(meta.is_dir());
        if meta.is_dir() {
            if self.o.recursive {
                if !self.o.exclude_dirs.is_empty() && self.excluded_dir(name, true) {
                    return;
                }
                self.walk(name);
            } else {
                self.warn(name, "Is a directory");
            }
            return;
        }
        if !self.file_selected(name, true) {
            return;
        }
        self.file(name, &path);
    }

    fn file_selected(&self, name: &[u8], command_line: bool) -> bool {
        let base = if command_line { name } else { last_component(name) };
        let base_only = last_component(name);
        for ex in &self.o.excludes {
            if fnmatch(ex, base, false) || fnmatch(ex, base_only, false) {
                return false;
            }
        }
        if !self.o.includes.is_empty() {
            return self.o.includes.iter().any(|inc| fnmatch(inc, base, false) || fnmatch(inc, base_only, false));
        }
        true
    }

    fn excluded_dir(&self, name: &[u8], command_line: bool) -> bool {
        let trimmed = trim_slashes(name);
        let base = last_component(trimmed);
        self.o.exclude_dirs.iter().any(|ex| fnmatch(ex, base, false) || (command_line && fnmatch(ex, trimmed, false)))
    }

    fn walk(&mut self, dir: &[u8]) {
        let rd = match fs::read_dir(bytes_path(dir)) {
            Ok(rd) => rd,
            Err(e) => {
                let m = strerror(&e);
                self.warn(dir, &m);
                return;
            }
        };
        let mut names: Vec<Vec<u8>> = rd.filter_map(|e| e.ok()).map(|e| os_bytes(&e.file_name()).to_vec()).collect();
        names.sort();
        for n in names {
            if self.done() {
                return;
            }
            let child = join(dir, &n, self.implicit_dot_prefix(dir));
            let path = bytes_path(&child);
            let lmeta = match fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    let m = strerror(&e);
                    self.warn(&child, &m);
                    continue;
                }
            };
            let meta = if lmeta.file_type().is_symlink() {
                if !self.o.deref {
                    continue; // -r skips symlinks found while recursing
                }
                match fs::metadata(&path) {
                    Ok(m) => m,
                    Err(e) => {
                        let m = strerror(&e);
                        self.warn(&child, &m);
                        continue;
                    }
                }
            } else {
                lmeta
            };
            if meta.is_dir() {
                if self.excluded_dir(&child, false) {
                    continue;
                }
                self.walk(&child);
            } else if meta.is_file() {
                if !self.file_selected(&child, false) {
                    continue;
                }
                self.file(&child, &path);
            }
            // Devices, fifos, sockets found while recursing are skipped (GNU: -D read for
            // command-line ones only).
        }
    }

    fn implicit_dot_prefix(&self, dir: &[u8]) -> bool {
        self.implicit_dot && dir == b"."
    }

    fn file(&mut self, name: &[u8], path: &Path) {
        match fs::File::open(path) {
            Ok(f) => self.search(name, f),
            Err(e) => {
                let m = strerror(&e);
                self.warn(name, &m);
            }
        }
    }

    fn prefix(&mut self, name: &[u8], lineno: u64, offset: u64, sep: u8) {
        let o = &self.o;
        if o.with_filename == Some(true) {
            self.out.bytes(name);
            if o.null_after_name {
                self.out.bytes(b"\0");
            } else {
                self.out.bytes(&[sep]);
            }
        }
        if o.line_number {
            let s = lineno.to_string();
            if o.initial_tab && s.len() < 4 {
                self.out.bytes(&b"    "[..4 - s.len()]);
            }
            self.out.bytes(s.as_bytes());
            self.out.bytes(&[sep]);
        }
        if o.byte_offset {
            self.out.bytes(offset.to_string().as_bytes());
            self.out.bytes(&[sep]);
        }
        if o.initial_tab && (o.with_filename == Some(true) || o.line_number || o.byte_offset) {
            self.out.bytes(b"\t");
        }
    }

    fn line_matches(&self, line: &[u8]) -> bool {
        match &self.pat {
            Pat::All => true,
            Pat::Nothing => false,
            Pat::Re(m) => m.is_match(line),
        }
    }

    fn search<R: Read>(&mut self, name: &[u8], reader: R) {
        let eol = if self.o.null_data { 0u8 } else { b'\n' };
        let mut rd = BufReader::with_capacity(1 << 16, reader);
        // Binary detection on the first buffer.
        let mut binary = false;
        match rd.fill_buf() {
            Ok(buf) => {
                if self.o.binary != BinaryFiles::Text && !self.o.null_data && memchr0(buf) {
                    binary = true;
                }
            }
            Err(e) => {
                let m = if e.raw_os_error() == Some(31) || e.kind() == io::ErrorKind::IsADirectory {
                    "Is a directory".to_string()
                } else {
                    strerror(&e)
                };
                self.warn(name, &m);
                return;
            }
        }
        if binary && self.o.binary == BinaryFiles::WithoutMatch {
            return;
        }
        let quiet_output = self.o.quiet || self.o.list != ListMode::None;
        let mut count: u64 = 0;
        let mut lineno: u64 = 0;
        let mut offset: u64 = 0;
        let mut before: VecDeque<(u64, u64, Vec<u8>)> = VecDeque::new();
        let mut after_left = 0usize;
        let mut last_printed: Option<u64> = None;
        let mut line = Vec::new();
        let mut binary_matched = false;
        loop {
            if let Some(max) = self.o.max_count {
                if count >= max {
                    // GNU prints trailing context after the last match, then stops.
                    if after_left == 0 || quiet_output || self.o.count {
                        break;
                    }
                }
            }
            // Pass over lines that cannot be selected, when nothing needs to see them.
            if let Some(skipper) = &self.skipper {
                if !self.o.invert && self.o.before == 0 && after_left == 0 && !self.o.null_data {
                    if let Ok(buf) = rd.fill_buf() {
                        let whole = memchr::memrchr(eol, buf).map_or(0, |i| i + 1);
                        let clear = skipper.clear_prefix(&buf[..whole], eol);
                        if clear > 0 {
                            let skipped = &buf[..clear];
                            if !binary && self.o.binary != BinaryFiles::Text && memchr0(skipped) {
                                binary = true;
                                if self.o.binary == BinaryFiles::WithoutMatch {
                                    return;
                                }
                            }
                            if self.o.line_number || self.o.context_set {
                                lineno += memchr::memchr_iter(eol, skipped).count() as u64;
                            }
                            offset += clear as u64;
                            rd.consume(clear);
                            continue;
                        }
                    }
                }
            }
            line.clear();
            let n = match rd.read_until(eol, &mut line) {
                Ok(n) => n,
                Err(e) => {
                    let m = if e.raw_os_error() == Some(31) || e.kind() == io::ErrorKind::IsADirectory {
                        "Is a directory".to_string()
                    } else {
                        strerror(&e)
                    };
                    self.warn(name, &m);
                    break;
                }
            };
            if n == 0 {
                break;
            }
            lineno += 1;
            let line_off = offset;
            offset += n as u64;
            let had_eol = line.last() == Some(&eol);
            let body = if had_eol { &line[..line.len() - 1] } else { &line[..] };
            if !binary && self.o.binary != BinaryFiles::Text && !self.o.null_data && memchr0(body) {
                binary = true;
                if self.o.binary == BinaryFiles::WithoutMatch {
                    return;
                }
            }
            let max_reached = self.o.max_count.is_some_and(|m| count >= m);
            let selected = !max_reached && self.line_matches(body) != self.o.invert;
            if selected {
                count += 1;
                self.any_selected = true;
                if self.o.quiet {
                    return;
                }
                if self.o.list != ListMode::None {
                    break;
                }
                if self.o.count {
                    continue;
                }
                if binary {
                    binary_matched = true;
                    break;
                }
                // Context separator.
                if self.o.context_set {
                    let first_ctx = before.front().map(|b| b.0).unwrap_or(lineno);
                    if let Some(lp) = last_printed {
                        if first_ctx > lp + 1 {
                            if let Some(sep) = self.o.group_sep.clone() {
                                self.out.bytes(&sep);
                                self.out.bytes(b"\n");
                            }
                        }
                    } else if self.printed_any_group {
                        if let Some(sep) = self.o.group_sep.clone() {
                            self.out.bytes(&sep);
                            self.out.bytes(b"\n");
                        }
                    }
                }
                while let Some((bl, bo, bline)) = before.pop_front() {
                    self.prefix(name, bl, bo, b'-');
                    self.out.bytes(&bline);
                    self.out.bytes(&[eol]);
                }
                if self.o.only {
                    if let Pat::Re(m) = &self.pat {
                        if !self.o.invert {
                            let mut pos = 0;
                            let mut spans = Vec::new();
                            while pos <= body.len() {
                                match m.find_at(body, pos) {
                                    Some((s, e)) => {
                                        if e > s {
                                            spans.push((s, e));
                                            pos = e;
                                        } else {
                                            pos = e + 1;
                                            // Step over a whole UTF-8 character.
                                            while pos < body.len() && (body[pos] & 0xC0) == 0x80 {
                                                pos += 1;
                                            }
                                        }
                                    }
                                    None => break,
                                }
                            }
                            for (s, e) in spans {
                                self.prefix(name, lineno, line_off + s as u64, b':');
                                self.out.bytes(&body[s..e]);
                                self.out.bytes(&[eol]);
                            }
                        }
                    }
                } else {
                    self.prefix(name, lineno, line_off, b':');
                    self.out.bytes(body);
                    self.out.bytes(&[eol]);
                }
                last_printed = Some(lineno);
                self.printed_any_group = true;
                after_left = self.o.after;
            } else if !quiet_output && !self.o.count && !binary {
                if after_left > 0 {
                    after_left -= 1;
                    self.prefix(name, lineno, line_off, b'-');
                    self.out.bytes(body);
                    self.out.bytes(&[eol]);
                    last_printed = Some(lineno);
                } else if self.o.before > 0 {
                    before.push_back((lineno, line_off, body.to_vec()));
                    if before.len() > self.o.before {
                        before.pop_front();
                    }
                }
                if max_reached && after_left == 0 {
                    break;
                }
            }
        }
        if self.o.count {
            if self.o.with_filename == Some(true) {
                self.out.bytes(name);
                self.out.bytes(if self.o.null_after_name { b"\0" } else { b":" });
            }
            self.out.bytes(count.to_string().as_bytes());
            self.out.bytes(b"\n");
        }
        match self.o.list {
            ListMode::Matching if count > 0 => {
                self.out.bytes(name);
                self.out.bytes(if self.o.null_after_name { b"\0" } else { b"\n" });
            }
            ListMode::NonMatching if count == 0 => {
                self.out.bytes(name);
                self.out.bytes(if self.o.null_after_name { b"\0" } else { b"\n" });
            }
            _ => {}
        }
        if binary_matched && !self.o.count && self.o.list == ListMode::None {
            self.out.flush_out();
            common::error("grep", format!("{}: binary file matches", String::from_utf8_lossy(name)));
        }
    }
}

fn memchr0(b: &[u8]) -> bool {
    memchr::memchr(0, b).is_some()
}

fn last_component(name: &[u8]) -> &[u8] {
    let t = trim_slashes(name);
    match t.iter().rposition(|&b| b == b'/') {
        Some(p) => &t[p + 1..],
        None => t,
    }
}

fn trim_slashes(name: &[u8]) -> &[u8] {
    let mut t = name;
    while t.len() > 1 && t.ends_with(b"/") {
        t = &t[..t.len() - 1];
    }
    t
}

fn join(dir: &[u8], name: &[u8], implicit_dot: bool) -> Vec<u8> {
    if implicit_dot {
        return name.to_vec();
    }
    let mut v = dir.to_vec();
    if !v.ends_with(b"/") {
        v.push(b'/');
    }
    v.extend_from_slice(name);
    v
}
