//! POSIX regular expressions (GNU flavour) on the `regex` crate: BRE and ERE are translated to
//! the crate's syntax; patterns with back-references fall back to `fancy-regex` (on text).

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use regex_automata::nfa::thompson::{self, pikevm, pikevm::PikeVM};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Syntax {
    /// POSIX basic (grep, sed): `\(` `\)` `\{` `\}` `\|` `\+` `\?` are operators.
    Basic,
    /// POSIX extended (grep -E, sed -E, awk).
    Extended,
}

/// A translated pattern.
pub struct Translated {
    pub pattern: String,
    /// Uses `\1`..`\9` (needs the back-tracking engine).
    pub backrefs: bool,
    /// Number of capture groups.
    pub groups: usize,
}

fn push_lit(out: &mut String, c: char) {
    if c.is_ascii() && !c.is_ascii_alphanumeric() && c != ' ' && c != '_' && c != '\n' && c != '\t' {
        out.push('\\');
        out.push(c);
    } else if c == '\n' {
        out.push_str("\\n");
    } else if c == '\t' {
        out.push_str("\\t");
    } else {
        out.push(c);
    }
}

/// Decodes `pat` into chars; invalid UTF-8 bytes become `Err(byte)`.
fn chars(pat: &[u8]) -> Vec<Result<char, u8>> {
    let mut out = Vec::new();
    let mut rest = pat;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.extend(s.chars().map(Ok));
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.extend(std::str::from_utf8(good).unwrap_or("").chars().map(Ok));
                let n = e.error_len().unwrap_or(bad.len()).max(1);
                out.extend(bad[..n].iter().map(|&b| Err(b)));
                rest = &bad[n..];
            }
        }
    }
    out
}

/// Translates a POSIX pattern. `dot_nl`: `.` and negated brackets match a newline (sed's pattern
/// space may hold several lines).
pub fn translate(pat: &[u8], syntax: Syntax, dot_nl: bool) -> Result<Translated, String> {
    let cs = chars(pat);
    let ere = syntax == Syntax::Extended;
    let mut out = String::new();
    let mut backrefs = false;
    let mut groups = 0usize;
    let mut depth = 0usize;
    // At the start of an expression (start, after a group opening or an alternation).
    let mut at_start = true;
    // The last thing emitted can take a repetition operator.
    let mut last_atom = false;
    let mut i = 0;
    let get = |i: usize| -> Option<char> { cs.get(i).and_then(|r| r.ok()) };
    while i < cs.len() {
        let c = match cs[i] {
            Ok(c) => c,
            Err(b) => {
                let _ = write!(out, "(?-u:\\x{b:02X})");
                i += 1;
                at_start = false;
                last_atom = true;
                continue;
            }
        };
        i += 1;
        match c {
            '\\' => {
                let Some(n) = cs.get(i).copied() else { return Err("trailing backslash (\\)".into()) };
                i += 1;
                let n = match n {
                    Ok(n) => n,
                    Err(b) => {
                        let _ = write!(out, "(?-u:\\x{b:02X})");
                        at_start = false;
                        last_atom = true;
                        continue;
                    }
                };
                match n {
                    '(' if !ere => {
                        out.push('(');
                        groups += 1;
                        depth += 1;
                        at_start = true;
                        last_atom = false;
                        continue;
                    }
                    ')' if !ere => {
                        if depth == 0 {
                            return Err("Unmatched ) or \\)".into());
                        }
                        depth -= 1;
                        out.push(')');
                        at_start = false;
                        last_atom = true;
                        continue;
                    }
                    '|' if !ere => {
                        out.push('|');
                        at_start = true;
                        last_atom = false;
                        continue;
                    }
                    '{' if !ere => {
                        if at_start || !last_atom {
                            push_lit(&mut out, '{');
                            at_start = false;
                            last_atom = true;
                            continue;
                        }
                        // Interval up to `\}`.
                        let mut body = String::new();
                        loop {
                            match get(i) {
                                Some('\\') if get(i + 1) == Some('}') => {
                                    i += 2;
                                    break;
                                }
                                Some(d) if d.is_ascii_digit() || d == ',' => {
                                    body.push(d);
                                    i += 1;
                                }
                                _ => return Err("Unmatched \\{".into()),
                            }
                        }
                        out.push_str(&interval(&body).ok_or("Invalid content of \\{\\}")?);
                        last_atom = true;
                        continue;
                    }
                    '}' if !ere => {
                        push_lit(&mut out, '}');
                    }
                    '+' | '?' if !ere => {
                        if at_start || !last_atom {
                            push_lit(&mut out, n);
                        } else {
                            out.push(n);
                            continue;
                        }
                    }
                    '1'..='9' => {
                        backrefs = true;
                        out.push('\\');
                        out.push(n);
                    }
                    '<' => {
                        out.push_str("\\b{start}");
                        at_start = false;
                        last_atom = false;
                        continue;
                    }
                    '>' => {
                        out.push_str("\\b{end}");
                        at_start = false;
                        last_atom = false;
                        continue;
                    }
                    'b' | 'B' => {
                        out.push('\\');
                        out.push(n);
                        at_start = false;
                        last_atom = false;
                        continue;
                    }
                    '`' => {
                        out.push_str("\\A");
                        last_atom = false;
                        continue;
                    }
                    '\'' => {
                        out.push_str("\\z");
                        last_atom = false;
                        continue;
                    }
                    'w' | 'W' | 's' | 'S' => {
                        out.push('\\');
                        out.push(n);
                    }
                    'n' => out.push_str("\\n"),
                    't' => out.push_str("\\t"),
                    _ => push_lit(&mut out, n),
                }
                at_start = false;
                last_atom = true;
            }
            '*' | '+' | '?' if c == '*' || ere => {
                if at_start {
                    // BRE: a leading `*` is literal; ERE: GNU ignores a leading operator.
                    if !ere {
                        push_lit(&mut out, '*');
                        last_atom = true;
                    }
                    at_start = false;
                } else if last_atom {
                    out.push(c);
                    last_atom = false;
                } else if let Some(prev @ ('*' | '+' | '?')) = out.chars().last().filter(|_| !out.ends_with("\\*") && !out.ends_with("\\+") && !out.ends_with("\\?")) {
                    // A repeated operator (`a+*`, `a*?`): combine into one.
                    let combined = if prev == c { c } else { '*' };
                    out.pop();
                    out.push(combined);
                } else if !ere && !out.ends_with('}') {
                    // After an anchor (`^*`): literal.
                    push_lit(&mut out, '*');
                    last_atom = true;
                }
            }
            '{' if ere => {
                // An interval if well-formed and after an atom, else a literal brace.
                let mut j = i;
                let mut body = String::new();
                while let Some(d) = get(j) {
                    if d.is_ascii_digit() || d == ',' {
                        body.push(d);
                        j += 1;
                    } else {
                        break;
                    }
                }
                match (get(j), interval(&body)) {
                    (Some('}'), Some(iv)) if last_atom && !at_start => {
                        out.push_str(&iv);
                        i = j + 1;
                        last_atom = false;
                    }
                    _ => {
                        push_lit(&mut out, '{');
                        at_start = false;
                        last_atom = true;
                    }
                }
            }
            '(' if ere => {
                out.push('(');
                groups += 1;
                depth += 1;
                at_start = true;
                last_atom = false;
            }
            ')' if ere => {
                if depth == 0 {
                    push_lit(&mut out, ')');
                } else {
                    depth -= 1;
                    out.push(')');
                }
                at_start = false;
                last_atom = true;
            }
            '|' if ere => {
                out.push('|');
                at_start = true;
                last_atom = false;
            }
            '^' => {
                if ere || at_start {
                    out.push('^');
                    last_atom = false;
                    // `^*` in BRE: the star is literal.
                } else {
                    push_lit(&mut out, '^');
                    at_start = false;
                    last_atom = true;
                }
            }
            '$' => {
                let anchor = ere
                    || i == cs.len()
                    || (get(i) == Some('\\') && matches!(get(i + 1), Some(')') | Some('|')));
                if anchor {
                    out.push('$');
                    last_atom = false;
                } else {
                    push_lit(&mut out, '$');
                    last_atom = true;
                }
                at_start = false;
            }
            '[' => {
                i = bracket(&cs, i, &mut out, dot_nl)?;
                at_start = false;
                last_atom = true;
            }
            '.' => {
                out.push_str(if dot_nl { "(?s:.)" } else { "." });
                at_start = false;
                last_atom = true;
            }
            _ => {
                push_lit(&mut out, c);
                at_start = false;
                last_atom = true;
            }
        }
    }
    if depth > 0 {
        return Err("Unmatched ( or \\(".into());
    }
    Ok(Translated { pattern: out, backrefs, groups })
}

/// `m`, `m,`, `m,n`, `,n` -> the regex crate's interval, or `None` if malformed.
fn interval(body: &str) -> Option<String> {
    let (lo, hi) = match body.split_once(',') {
        None => {
            let n: u32 = body.parse().ok()?;
            return (n <= 1000).then(|| format!("{{{n}}}"));
        }
        Some(p) => p,
    };
    if hi.contains(',') {
        return None;
    }
    let lo: u32 = if lo.is_empty() { 0 } else { lo.parse().ok()? };
    if hi.is_empty() {
        return (lo <= 1000).then(|| format!("{{{lo},}}"));
    }
    let hi: u32 = hi.parse().ok()?;
    (lo <= hi && hi <= 1000).then(|| format!("{{{lo},{hi}}}"))
}

/// Translates the bracket expression starting after `[` at `cs[i]`; returns the index after `]`.
fn bracket(cs: &[Result<char, u8>], mut i: usize, out: &mut String, dot_nl: bool) -> Result<usize, String> {
    let err = || "Unmatched [, [^, [:, [., or [=".to_string();
    let get = |i: usize| -> Option<Result<char, u8>> { cs.get(i).copied() };
    let mut cls = String::from("[");
    if get(i) == Some(Ok('^')) {
        cls.push('^');
        if !dot_nl {
            cls.push_str("\\n");
        }
        i += 1;
    }
    let mut first = true;
    let mut items = 0;
    loop {
        let c = match get(i) {
            None if items == 0 => return Err("Invalid regular expression".into()),
            None => return Err(err()),
            Some(Err(b)) => {
                let _ = write!(cls, "\\x{b:02X}");
                i += 1;
                first = false;
                items += 1;
                continue;
            }
            Some(Ok(c)) => c,
        };
        if c == ']' && !first {
            i += 1;
            break;
        }
        first = false;
        if c == '[' && matches!(get(i + 1), Some(Ok(':' | '=' | '.'))) {
            let kind = match get(i + 1) {
                Some(Ok(k)) => k,
                _ => unreachable!(),
            };
            // Find the closing `k]`.
            let mut j = i + 2;
            let mut name = String::new();
            loop {
                match get(j) {
                    None => return Err(err()),
                    Some(Ok(x)) if x == kind && get(j + 1) == Some(Ok(']')) => break,
                    Some(Ok(x)) => name.push(x),
                    Some(Err(_)) => return Err(err()),
                }
                j += 1;
            }
            i = j + 2;
            if kind == ':' {
                const CLASSES: &[&str] =
                    &["alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct", "print", "graph", "cntrl", "xdigit"];
                if !CLASSES.contains(&name.as_str()) {
                    return Err("Invalid character class name".into());
                }
                let _ = write!(cls, "[:{name}:]");
            } else {
                for ch in name.chars() {
                    push_class_lit(&mut cls, ch);
                }
            }
            items += 1;
            continue;
        }
        // A range `a-z` (a `-` before the closing `]` is literal).
        if get(i + 1) == Some(Ok('-')) && !matches!(get(i + 2), None | Some(Ok(']'))) {
            if let Some(Ok(hi)) = get(i + 2) {
                if hi < c {
                    return Err("Invalid range end".into());
                }
                push_class_lit(&mut cls, c);
                cls.push('-');
                push_class_lit(&mut cls, hi);
                i += 3;
                items += 1;
                continue;
            }
        }
        push_class_lit(&mut cls, c);
        items += 1;
        i += 1;
    }
    let _ = items;
    cls.push(']');
    out.push_str(&cls);
    Ok(i)
}

fn push_class_lit(cls: &mut String, c: char) {
    if c.is_ascii() && !c.is_ascii_alphanumeric() && c != ' ' && c != '\n' && c != '\t' {
        cls.push('\\');
        cls.push(c);
    } else if c == '\n' {
        cls.push_str("\\n");
    } else if c == '\t' {
        cls.push_str("\\t");
    } else {
        cls.push(c);
    }
}

/// A compiled pattern: the regex crate, or `fancy-regex` for back-references.
#[derive(Clone)]
pub enum Matcher {
    /// The regex crate; with a repetition or an alternation, also a PikeVM that reports the
    /// longest match from a start (POSIX: the leftmost match is the longest one there).
    Fast(regex::bytes::Regex, Option<Arc<Longest>>),
    Backtrack(fancy_regex::Regex),
}

/// A PikeVM with `MatchKind::All`: an anchored search ends at the longest match.
pub struct Longest {
    vm: PikeVM,
    cache: Mutex<pikevm::Cache>,
}

impl Longest {
    fn new(pattern: &str, opts: Opts) -> Option<Longest> {
        let vm = PikeVM::builder()
            .syntax(syntax::Config::new().case_insensitive(opts.icase).multi_line(opts.multiline).utf8(false))
            .thompson(thompson::Config::new().utf8(false))
            .configure(PikeVM::config().match_kind(MatchKind::All))
            .build(pattern)
            .ok()?;
        let cache = Mutex::new(vm.create_cache());
        Some(Longest { vm, cache })
    }

    /// Capture spans of the longest match starting at `start`.
    fn at(&self, hay: &[u8], start: usize) -> Option<Vec<Option<(usize, usize)>>> {
        let mut cache = self.cache.lock().ok()?;
        let mut caps = self.vm.create_captures();
        let input = Input::new(hay).range(start..).anchored(Anchored::Yes);
        self.vm.search(&mut cache, &input, &mut caps);
        caps.get_match()?;
        Some((0..caps.group_len()).map(|i| caps.get_group(i).map(|s| (s.start, s.end))).collect())
    }
}

/// Compile options.
#[derive(Clone, Copy, Default)]
pub struct Opts {
    pub icase: bool,
    /// `^`/`$` match at line breaks inside the subject.
    pub multiline: bool,
}

impl Matcher {
    /// Compiles a regex-crate pattern (already translated).
    pub fn new(t: &Translated, opts: Opts) -> Result<Matcher, String> {
        if t.backrefs {
            let mut p = String::new();
            if opts.icase {
                p.push_str("(?i)");
            }
            if opts.multiline {
                p.push_str("(?m)");
            }
            // fancy-regex has no `\b{start}`/`\b{end}`: use look-around.
            p.push_str(&t.pattern.replace("\\b{start}", "\\b(?=\\w)").replace("\\b{end}", "\\b(?<=\\w)"));
            let re = fancy_regex::RegexBuilder::new(&p)
                .backtrack_limit(10_000_000)
                .build()
                .map_err(|e| short_error(&e.to_string()))?;
            return Ok(Matcher::Backtrack(re));
        }
        let re = regex::bytes::RegexBuilder::new(&t.pattern)
            .case_insensitive(opts.icase)
            .multi_line(opts.multiline)
            .size_limit(64 << 20)
            .dfa_size_limit(16 << 20)
            .build()
            .map_err(|e| short_error(&e.to_string()))?;
        let varies = t.pattern.contains(['|', '?', '*', '+', '{']);
        Ok(Matcher::Fast(re, if varies { Longest::new(&t.pattern, opts).map(Arc::new) } else { None }))
    }

    pub fn is_match(&self, hay: &[u8]) -> bool {
        match self {
            Matcher::Fast(re, _) => re.is_match(hay),
            Matcher::Backtrack(re) => match std::str::from_utf8(hay) {
                Ok(s) => re.is_match(s).unwrap_or(false),
                Err(_) => re.is_match(&String::from_utf8_lossy(hay)).unwrap_or(false),
            },
        }
    }

    /// The first match at or after `start`: capture group spans (group 0 = whole match).
    pub fn captures_at(&self, hay: &[u8], start: usize) -> Option<Vec<Option<(usize, usize)>>> {
        match self {
            Matcher::Fast(re, longest) => {
                let caps = re.captures_at(hay, start)?;
                let first: Vec<_> = (0..caps.len()).map(|i| caps.get(i).map(|m| (m.start(), m.end()))).collect();
                let (s, e) = first[0]?;
                match longest.as_ref().and_then(|l| l.at(hay, s)) {
                    Some(l) if l[0].is_some_and(|(_, le)| le > e) => Some(l),
                    _ => Some(first),
                }
            }
            Matcher::Backtrack(re) => {
                let s = std::str::from_utf8(hay).ok()?;
                if !s.is_char_boundary(start) {
                    return None;
                }
                let caps = re.captures_from_pos(s, start).ok()??;
                Some((0..caps.len()).map(|i| caps.get(i).map(|m| (m.start(), m.end()))).collect())
            }
        }
    }

    /// The span of the first match at or after `start`.
    pub fn find_at(&self, hay: &[u8], start: usize) -> Option<(usize, usize)> {
        match self {
            Matcher::Fast(_, Some(_)) => self.captures_at(hay, start).and_then(|c| c[0]),
            Matcher::Fast(re, None) => re.find_at(hay, start).map(|m| (m.start(), m.end())),
            Matcher::Backtrack(_) => self.captures_at(hay, start).and_then(|c| c[0]),
        }
    }
}

fn short_error(e: &str) -> String {
    // The regex crate's messages span several lines; keep the last meaningful one.
    let last = e.lines().rev().find(|l| l.trim_start().starts_with("error:")).unwrap_or(e.lines().next().unwrap_or(e));
    last.trim().trim_start_matches("error: ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bre(p: &str) -> String {
        translate(p.as_bytes(), Syntax::Basic, false).unwrap().pattern
    }
    fn ere(p: &str) -> String {
        translate(p.as_bytes(), Syntax::Extended, false).unwrap().pattern
    }

    #[test]
    fn basic() {
        assert_eq!(bre(r"a\(b\)\{1,2\}"), "a(b){1,2}");
        assert_eq!(bre("a+b?(c)|{d}"), r"a\+b\?\(c\)\|\{d\}");
        assert_eq!(bre(r"a\+\?"), "a+?");
        assert_eq!(bre("*a"), r"\*a");
        assert_eq!(bre("a^b$c"), r"a\^b\$c");
        assert_eq!(bre("^a$"), "^a$");
        assert_eq!(bre(r"\(^a$\)"), "(^a$)");
        assert_eq!(bre("[]a-]"), r"[\]a\-]");
        assert_eq!(bre("[^[:digit:]x]"), r"[^\n[:digit:]x]");
        assert_eq!(bre(r"[\.]"), r"[\\\.]");
        assert_eq!(bre(r"\<w\>"), r"\b{start}w\b{end}");
        assert_eq!(bre(r"x\{,3\}"), "x{0,3}");
        assert!(translate(br"\(a\)\1", Syntax::Basic, false).unwrap().backrefs);
    }

    #[test]
    fn extended() {
        assert_eq!(ere("a{1,2}b{x}"), r"a{1,2}b\{x\}");
        assert_eq!(ere("(a|b)+?"), "(a|b)*");
        assert_eq!(ere("a)"), r"a\)");
        assert_eq!(ere("^*"), "^");
        assert_eq!(ere(r"\{"), r"\{");
    }
}
