//! Shell pattern matching (`*`, `?`, `[...]`, backslash escapes) for `case`, `[[ == ]]`,
//! `${x#pattern}` and friends, and pathname expansion.
//!
//! Patterns and subjects are bytes; `?` and bracket expressions match one UTF-8 character (an
//! invalid byte counts as one character). A pattern whose quoted characters must match
//! literally carries them backslash-escaped (the expander produces that form).

/// One element of a compiled pattern.
#[derive(Clone, Debug)]
enum Tok {
    /// A literal character.
    Char(u32),
    /// `?`
    Any,
    /// `*`
    Star,
    /// `[...]`
    Class { negated: bool, items: Vec<ClassItem> },
}

#[derive(Clone, Debug)]
enum ClassItem {
    Char(u32),
    Range(u32, u32),
    Named(Named),
}

#[derive(Clone, Copy, Debug)]
enum Named {
    Alnum,
    Alpha,
    Blank,
    Cntrl,
    Digit,
    Graph,
    Lower,
    Print,
    Punct,
    Space,
    Upper,
    Xdigit,
}

impl Named {
    fn from(name: &[u8]) -> Option<Named> {
        Some(match name {
            b"alnum" => Named::Alnum,
            b"alpha" => Named::Alpha,
            b"blank" => Named::Blank,
            b"cntrl" => Named::Cntrl,
            b"digit" => Named::Digit,
            b"graph" => Named::Graph,
            b"lower" => Named::Lower,
            b"print" => Named::Print,
            b"punct" => Named::Punct,
            b"space" => Named::Space,
            b"upper" => Named::Upper,
            b"xdigit" => Named::Xdigit,
            _ => return None,
        })
    }

    fn test(self, c: u32) -> bool {
        let Some(ch) = char::from_u32(c) else { return false };
        match self {
            Named::Alnum => ch.is_alphanumeric(),
            Named::Alpha => ch.is_alphabetic(),
            Named::Blank => ch == ' ' || ch == '\t',
            Named::Cntrl => ch.is_control(),
            Named::Digit => ch.is_ascii_digit(),
            Named::Graph => !ch.is_control() && !ch.is_whitespace(),
            Named::Lower => ch.is_lowercase(),
            Named::Print => !ch.is_control(),
            Named::Punct => ch.is_ascii_punctuation(),
            Named::Space => ch.is_whitespace(),
            Named::Upper => ch.is_uppercase(),
            Named::Xdigit => ch.is_ascii_hexdigit(),
        }
    }
}

/// Decodes one character at the start of `s`: `(code, byte length)`. Invalid bytes decode to
/// `0x110000 + byte` so they stay distinct from real characters.
pub fn decode(s: &[u8]) -> (u32, usize) {
    let b0 = s[0];
    if b0 < 0x80 {
        return (b0 as u32, 1);
    }
    let (len, init) = match b0 {
        0xc2..=0xdf => (2, (b0 & 0x1f) as u32),
        0xe0..=0xef => (3, (b0 & 0x0f) as u32),
        0xf0..=0xf4 => (4, (b0 & 0x07) as u32),
        _ => return (0x110000 + b0 as u32, 1),
    };
    if s.len() < len {
        return (0x110000 + b0 as u32, 1);
    }
    let mut c = init;
    for &b in &s[1..len] {
        if b & 0xc0 != 0x80 {
            return (0x110000 + b0 as u32, 1);
        }
        c = (c << 6) | (b & 0x3f) as u32;
    }
    match std::str::from_utf8(&s[..len]) {
        Ok(_) => (c, len),
        Err(_) => (0x110000 + b0 as u32, 1),
    }
}

/// Byte offsets of character boundaries of `s`, `0` and `s.len()` included.
pub fn boundaries(s: &[u8]) -> Vec<usize> {
    let mut v = Vec::with_capacity(s.len() + 1);
    let mut i = 0;
    v.push(0);
    while i < s.len() {
        i += decode(&s[i..]).1;
        v.push(i);
    }
    v
}

/// Number of characters in `s`.
pub fn char_count(s: &[u8]) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    boundaries(s).len() - 1
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Pattern {
    toks: Vec<Tok>,
}

impl Pattern {
    /// Compiles `p`.
    pub fn new(p: &[u8]) -> Pattern {
        let mut toks = Vec::new();
        let mut i = 0;
        while i < p.len() {
            match p[i] {
                b'*' => {
                    if !matches!(toks.last(), Some(Tok::Star)) {
                        toks.push(Tok::Star);
                    }
                    i += 1;
                }
                b'?' => {
                    toks.push(Tok::Any);
                    i += 1;
                }
                b'[' => match parse_class(p, i) {
                    Some((tok, next)) => {
                        toks.push(tok);
                        i = next;
                    }
                    None => {
                        toks.push(Tok::Char(b'[' as u32));
                        i += 1;
                    }
                },
                b'\\' if i + 1 < p.len() => {
                    let (c, n) = decode(&p[i + 1..]);
                    toks.push(Tok::Char(c));
                    i += 1 + n;
                }
                _ => {
                    let (c, n) = decode(&p[i..]);
                    toks.push(Tok::Char(c));
                    i += n;
                }
            }
        }
        Pattern { toks }
    }

    /// Whether the whole of `s` matches.
    pub fn matches(&self, s: &[u8]) -> bool {
        let chars = decode_all(s);
        self.match_chars(&chars)
    }

    fn match_chars(&self, s: &[u32]) -> bool {
        let t = &self.toks;
        let (mut ti, mut si) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        loop {
            if ti < t.len() {
                match &t[ti] {
                    Tok::Star => {
                        star = Some((ti, si));
                        ti += 1;
                        continue;
                    }
                    tok if si < s.len() && tok_matches(tok, s[si]) => {
                        ti += 1;
                        si += 1;
                        continue;
                    }
                    _ => {}
                }
            } else if si == s.len() {
                return true;
            }
            match star {
                Some((sti, ssi)) if ssi < s.len() => {
                    star = Some((sti, ssi + 1));
                    ti = sti + 1;
                    si = ssi + 1;
                }
                _ => return false,
            }
        }
    }

    /// Length in bytes of the shortest (`longest == false`) or longest prefix of `s` that
    /// matches.
    pub fn match_prefix(&self, s: &[u8], longest: bool) -> Option<usize> {
        let b = boundaries(s);
        let chars = decode_all(s);
        let n = chars.len();
        let check = |k: usize| self.match_chars(&chars[..k]);
        if longest {
            (0..=n).rev().find(|&k| check(k)).map(|k| b[k])
        } else {
            (0..=n).find(|&k| check(k)).map(|k| b[k])
        }
    }

    /// Byte offset where the shortest (`longest == false`) or longest matching suffix of `s`
    /// starts.
    pub fn match_suffix(&self, s: &[u8], longest: bool) -> Option<usize> {
        let b = boundaries(s);
        let chars = decode_all(s);
        let n = chars.len();
        let check = |k: usize| self.match_chars(&chars[k..]);
        if longest {
            (0..=n).find(|&k| check(k)).map(|k| b[k])
        } else {
            (0..=n).rev().find(|&k| check(k)).map(|k| b[k])
        }
    }

    /// The first (leftmost, then longest) match in `s` at or after character `from`:
    /// `(start_byte, end_byte)`. Empty matches are allowed only if `allow_empty`.
    pub fn find(&self, s: &[u8], from_byte: usize, allow_empty: bool) -> Option<(usize, usize)> {
        let b = boundaries(s);
        let chars = decode_all(s);
        let n = chars.len();
        let first = b.iter().position(|&x| x >= from_byte).unwrap_or(n);
        for st in first..=n {
            for en in (st..=n).rev() {
                if en == st && !allow_empty {
                    break;
                }
                if self.match_chars(&chars[st..en]) {
                    return Some((b[st], b[en]));
                }
            }
        }
        None
    }
}

fn decode_all(s: &[u8]) -> Vec<u32> {
    if s.is_ascii() {
        return s.iter().map(|&c| c as u32).collect();
    }
    let mut v = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let (c, n) = decode(&s[i..]);
        v.push(c);
        i += n;
    }
    v
}

fn tok_matches(t: &Tok, c: u32) -> bool {
    match t {
        Tok::Char(x) => *x == c,
        Tok::Any => true,
        Tok::Star => true,
        Tok::Class { negated, items } => {
            let hit = items.iter().any(|it| match it {
                ClassItem::Char(x) => *x == c,
                ClassItem::Range(a, b) => *a <= c && c <= *b,
                ClassItem::Named(n) => n.test(c),
            });
            hit != *negated
        }
    }
}

/// Parses a bracket expression starting at `p[start] == '['`; `None` if it does not close.
fn parse_class(p: &[u8], start: usize) -> Option<(Tok, usize)> {
    let mut i = start + 1;
    let mut negated = false;
    if i < p.len() && (p[i] == b'!' || p[i] == b'^') {
        negated = true;
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        if i >= p.len() {
            return None;
        }
        let c = p[i];
        if c == b']' && !first {
            return Some((Tok::Class { negated, items }, i + 1));
        }
        first = false;
        if c == b'[' && p.get(i + 1) == Some(&b':') {
            if let Some(end) = p[i + 2..].windows(2).position(|w| w == b":]") {
                let name = &p[i + 2..i + 2 + end];
                if let Some(n) = Named::from(name) {
                    items.push(ClassItem::Named(n));
                    i += 2 + end + 2;
                    continue;
                }
            }
        }
        let (lo, n) = if c == b'\\' && i + 1 < p.len() {
            let (ch, n) = decode(&p[i + 1..]);
            (ch, n + 1)
        } else {
            decode(&p[i..])
        };
        i += n;
        if p.get(i) == Some(&b'-') && p.get(i + 1).is_some_and(|&x| x != b']') {
            let j = i + 1;
            let (hi, n2) = if p[j] == b'\\' && j + 1 < p.len() {
                let (ch, n) = decode(&p[j + 1..]);
                (ch, n + 1)
            } else {
                decode(&p[j..])
            };
            items.push(ClassItem::Range(lo, hi));
            i = j + n2;
        } else {
            items.push(ClassItem::Char(lo));
        }
    }
}

/// Whether `p` has an unescaped `*`, `?` or `[` (so pathname expansion applies).
pub fn has_meta(p: &[u8]) -> bool {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            b'\\' => i += 2,
            b'*' | b'?' => return true,
            b'[' => {
                if parse_class(p, i).is_some() {
                    return true;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    false
}

/// `p` with its backslash escapes removed (the literal text of a pattern without
/// metacharacters).
pub fn unescape(p: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(p.len());
    let mut i = 0;
    while i < p.len() {
        if p[i] == b'\\' && i + 1 < p.len() {
            out.push(p[i + 1]);
            i += 2;
        } else {
            out.push(p[i]);
            i += 1;
        }
    }
    out
}

/// Whether `s` matches pattern `p`.
pub fn fnmatch(p: &[u8], s: &[u8]) -> bool {
    if !has_meta(p) {
        return unescape(p) == s;
    }
    Pattern::new(p).matches(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(fnmatch(b"*", b""));
        assert!(fnmatch(b"a*c", b"abbbc"));
        assert!(!fnmatch(b"a*c", b"abbb"));
        assert!(fnmatch(b"?", "é".as_bytes()));
        assert!(fnmatch(b"[a-c]x", b"bx"));
        assert!(!fnmatch(b"[!a-c]x", b"bx"));
        assert!(fnmatch(b"[[:digit:]]*", b"1abc"));
        assert!(fnmatch(b"\\*", b"*"));
        assert!(!fnmatch(b"\\*", b"a"));
        assert!(fnmatch(b"[]]", b"]"));
        assert!(fnmatch(b"[", b"["));
        assert!(fnmatch(b"*.txt", b"a.txt"));
        assert!(fnmatch(b"a|b", b"a|b"));
    }

    #[test]
    fn prefixes_and_suffixes() {
        let p = Pattern::new(b"*/");
        assert_eq!(p.match_prefix(b"a/b/c", false), Some(2));
        assert_eq!(p.match_prefix(b"a/b/c", true), Some(4));
        let p = Pattern::new(b".*");
        assert_eq!(p.match_suffix(b"x.tar.gz", false), Some(5));
        assert_eq!(p.match_suffix(b"x.tar.gz", true), Some(1));
        assert_eq!(Pattern::new(b"b*").find(b"abcabc", 0, false), Some((1, 6)));
    }
}
