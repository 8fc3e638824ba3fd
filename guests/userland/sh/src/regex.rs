//! POSIX extended regular expressions for `[[ string =~ regex ]]`: alternation, groups
//! (captured into `BASH_REMATCH`), `* + ? {n,m}`, bracket expressions with classes, anchors,
//! and glibc's `\w \W \s \S \b \B \< \>`.
//!
//! Compiled to a small backtracking program run with a visited set (each `(pc, position)` is
//! tried once), so matching is O(program × input). Alternatives are tried in order (leftmost,
//! first alternative), not POSIX's leftmost-longest; that only changes which groups capture in
//! ambiguous patterns.

use crate::pattern::decode;

#[derive(Clone, Debug)]
enum Inst {
    Char(u32),
    Any,
    Class(usize),
    Split(usize, usize),
    Jmp(usize),
    Save(usize),
    Start,
    End,
    WordB,
    NotWordB,
    WordStart,
    WordEnd,
    Match,
}

#[derive(Clone, Debug)]
struct Class {
    negated: bool,
    items: Vec<(u32, u32)>,
    named: Vec<fn(char) -> bool>,
}

impl Class {
    fn matches(&self, c: u32) -> bool {
        let hit = self.items.iter().any(|&(a, b)| a <= c && c <= b)
            || char::from_u32(c).is_some_and(|ch| self.named.iter().any(|f| f(ch)));
        hit != self.negated
    }
}

/// A compiled regular expression.
pub struct Regex {
    prog: Vec<Inst>,
    classes: Vec<Class>,
    groups: usize,
}

#[derive(Debug)]
enum Node {
    Char(u32),
    Any,
    Class(usize),
    Start,
    End,
    WordB,
    NotWordB,
    WordStart,
    WordEnd,
    Group(Box<Node>, Option<usize>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, usize, Option<usize>),
}

/// Most instructions a pattern may compile to (counted repetition multiplies).
const MAX_PROG: usize = 100_000;

struct P<'a> {
    s: &'a [u8],
    i: usize,
    groups: usize,
    classes: Vec<Class>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl P<'_> {
    fn alt(&mut self, depth: usize) -> Result<Node, String> {
        if depth > 100 {
            return Err("too deeply nested".into());
        }
        let mut alts = vec![self.concat(depth)?];
        while self.i < self.s.len() && self.s[self.i] == b'|' {
            self.i += 1;
            alts.push(self.concat(depth)?);
        }
        Ok(if alts.len() == 1 { alts.pop().unwrap_or(Node::Concat(vec![])) } else { Node::Alt(alts) })
    }

    fn concat(&mut self, depth: usize) -> Result<Node, String> {
        let mut items = Vec::new();
        while self.i < self.s.len() && self.s[self.i] != b'|' && self.s[self.i] != b')' {
            let atom = self.atom(depth)?;
            let atom = self.repeat(atom)?;
            items.push(atom);
        }
        Ok(Node::Concat(items))
    }

    fn repeat(&mut self, mut atom: Node) -> Result<Node, String> {
        loop {
            let Some(&c) = self.s.get(self.i) else { return Ok(atom) };
            let (min, max) = match c {
                b'*' => (0, None),
                b'+' => (1, None),
                b'?' => (0, Some(1)),
                b'{' => match self.braces() {
                    Some(r) => r,
                    None => return Ok(atom),
                },
                _ => return Ok(atom),
            };
            if c != b'{' {
                self.i += 1;
            }
            atom = Node::Repeat(Box::new(atom), min, max);
        }
    }

    /// `{n}`, `{n,}`, `{n,m}` at `self.i`; `None` (nothing consumed) if not a valid bound.
    fn braces(&mut self) -> Option<(usize, Option<usize>)> {
        let rest = &self.s[self.i + 1..];
        let close = rest.iter().position(|&c| c == b'}')?;
        let body = std::str::from_utf8(&rest[..close]).ok()?;
        let (min, max) = match body.split_once(',') {
            None => {
                let n: usize = body.parse().ok()?;
                (n, Some(n))
            }
            Some((a, "")) => (a.parse().ok()?, None),
            Some((a, b)) => (a.parse().ok()?, Some(b.parse().ok()?)),
        };
        if max.is_some_and(|m| m < min) || min > 1000 || max.is_some_and(|m| m > 1000) {
            return None;
        }
        self.i += close + 2;
        Some((min, max))
    }

    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let c = self.s[self.i];
        match c {
            b'(' => {
                self.i += 1;
                self.groups += 1;
                let g = self.groups;
                let inner = self.alt(depth + 1)?;
                if self.s.get(self.i) != Some(&b')') {
                    return Err("parentheses not balanced".into());
                }
                self.i += 1;
                Ok(Node::Group(Box::new(inner), Some(g)))
            }
            b'.' => {
                self.i += 1;
                Ok(Node::Any)
            }
            b'^' => {
                self.i += 1;
                Ok(Node::Start)
            }
            b'$' => {
                self.i += 1;
                Ok(Node::End)
            }
            b'[' => self.bracket(),
            b'\\' => {
                self.i += 1;
                let Some(&e) = self.s.get(self.i) else { return Ok(Node::Char(b'\\' as u32)) };
                self.i += 1;
                let named = |f: fn(char) -> bool, negated: bool, p: &mut P| {
                    p.classes.push(Class { negated, items: vec![], named: vec![f] });
                    Node::Class(p.classes.len() - 1)
                };
                Ok(match e {
                    b'w' => named(is_word, false, self),
                    b'W' => named(is_word, true, self),
                    b's' => named(char::is_whitespace, false, self),
                    b'S' => named(char::is_whitespace, true, self),
                    b'b' => Node::WordB,
                    b'B' => Node::NotWordB,
                    b'<' => Node::WordStart,
                    b'>' => Node::WordEnd,
                    b'n' => Node::Char(b'\n' as u32),
                    b't' => Node::Char(b'\t' as u32),
                    _ => {
                        self.i -= 1;
                        let (ch, n) = decode(&self.s[self.i..]);
                        self.i += n;
                        Node::Char(ch)
                    }
                })
            }
            b'*' | b'+' | b'?' if self.i == 0 => {
                self.i += 1;
                Ok(Node::Char(c as u32))
            }
            _ => {
                let (ch, n) = decode(&self.s[self.i..]);
                self.i += n;
                Ok(Node::Char(ch))
            }
        }
    }

    fn bracket(&mut self) -> Result<Node, String> {
        self.i += 1;
        let mut cls = Class { negated: false, items: vec![], named: vec![] };
        if self.s.get(self.i) == Some(&b'^') {
            cls.negated = true;
            self.i += 1;
        }
        let mut first = true;
        loop {
            let Some(&c) = self.s.get(self.i) else { return Err("brackets not balanced".into()) };
            if c == b']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            if c == b'[' && self.s.get(self.i + 1) == Some(&b':') {
                if let Some(end) = self.s[self.i + 2..].windows(2).position(|w| w == b":]") {
                    let name = &self.s[self.i + 2..self.i + 2 + end];
                    let f: Option<fn(char) -> bool> = match name {
                        b"alpha" => Some(char::is_alphabetic),
                        b"digit" => Some(|c| c.is_ascii_digit()),
                        b"alnum" => Some(char::is_alphanumeric),
                        b"upper" => Some(char::is_uppercase),
                        b"lower" => Some(char::is_lowercase),
                        b"space" => Some(char::is_whitespace),
                        b"blank" => Some(|c| c == ' ' || c == '\t'),
                        b"punct" => Some(|c| c.is_ascii_punctuation()),
                        b"xdigit" => Some(|c| c.is_ascii_hexdigit()),
                        b"cntrl" => Some(char::is_control),
                        b"print" => Some(|c| !c.is_control()),
                        b"graph" => Some(|c| !c.is_control() && !c.is_whitespace()),
                        _ => None,
                    };
                    if let Some(f) = f {
                        cls.named.push(f);
                        self.i += 2 + end + 2;
                        continue;
                    }
                }
            }
            let (lo, n) = decode(&self.s[self.i..]);
            self.i += n;
            if self.s.get(self.i) == Some(&b'-') && self.s.get(self.i + 1).is_some_and(|&x| x != b']') {
                self.i += 1;
                let (hi, n2) = decode(&self.s[self.i..]);
                self.i += n2;
                cls.items.push((lo, hi));
            } else {
                cls.items.push((lo, lo));
            }
        }
        self.classes.push(cls);
        Ok(Node::Class(self.classes.len() - 1))
    }
}

fn emit(n: &Node, prog: &mut Vec<Inst>) -> Result<(), String> {
    if prog.len() > MAX_PROG {
        return Err("regular expression too big".into());
    }
    match n {
        Node::Char(c) => prog.push(Inst::Char(*c)),
        Node::Any => prog.push(Inst::Any),
        Node::Class(i) => prog.push(Inst::Class(*i)),
        Node::Start => prog.push(Inst::Start),
        Node::End => prog.push(Inst::End),
        Node::WordB => prog.push(Inst::WordB),
        Node::NotWordB => prog.push(Inst::NotWordB),
        Node::WordStart => prog.push(Inst::WordStart),
        Node::WordEnd => prog.push(Inst::WordEnd),
        Node::Group(inner, g) => {
            if let Some(g) = g {
                prog.push(Inst::Save(2 * g));
            }
            emit(inner, prog)?;
            if let Some(g) = g {
                prog.push(Inst::Save(2 * g + 1));
            }
        }
        Node::Concat(items) => {
            for it in items {
                emit(it, prog)?;
            }
        }
        Node::Alt(alts) => {
            let mut jumps = Vec::new();
            for (k, a) in alts.iter().enumerate() {
                if k + 1 < alts.len() {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(a, prog)?;
                    jumps.push(prog.len());
                    prog.push(Inst::Jmp(0));
                    let next = prog.len();
                    prog[split] = Inst::Split(split + 1, next);
                } else {
                    emit(a, prog)?;
                }
            }
            let end = prog.len();
            for j in jumps {
                prog[j] = Inst::Jmp(end);
            }
        }
        Node::Repeat(inner, min, max) => {
            for _ in 0..*min {
                emit(inner, prog)?;
            }
            match max {
                None => {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(inner, prog)?;
                    prog.push(Inst::Jmp(split));
                    let end = prog.len();
                    prog[split] = Inst::Split(split + 1, end);
                }
                Some(m) => {
                    let mut splits = Vec::new();
                    for _ in *min..*m {
                        splits.push(prog.len());
                        prog.push(Inst::Split(0, 0));
                        emit(inner, prog)?;
                    }
                    let end = prog.len();
                    for s in splits {
                        prog[s] = Inst::Split(s + 1, end);
                    }
                }
            }
        }
    }
    Ok(())
}

impl Regex {
    /// Compiles an extended regular expression.
    pub fn new(pat: &[u8]) -> Result<Regex, String> {
        let mut p = P { s: pat, i: 0, groups: 0, classes: Vec::new() };
        let node = p.alt(0)?;
        if p.i < pat.len() {
            return Err("parentheses not balanced".into());
        }
        let mut prog = vec![Inst::Save(0)];
        emit(&node, &mut prog)?;
        prog.push(Inst::Save(1));
        prog.push(Inst::Match);
        Ok(Regex { prog, classes: p.classes, groups: p.groups })
    }

    /// The first match in `s`: byte ranges of the whole match and of each group.
    pub fn captures(&self, s: &[u8]) -> Option<Vec<Option<(usize, usize)>>> {
        let mut chars = Vec::with_capacity(s.len());
        let mut offs = Vec::with_capacity(s.len() + 1);
        let mut i = 0;
        while i < s.len() {
            let (c, n) = decode(&s[i..]);
            chars.push(c);
            offs.push(i);
            i += n;
        }
        offs.push(s.len());
        let nslots = 2 * (self.groups + 1);
        let n = chars.len();
        let width = n + 1;
        let mut visited = vec![false; self.prog.len() * width];
        for start in 0..=n {
            if let Some(slots) = self.run(&chars, start, nslots, &mut visited, width) {
                let mut out = Vec::with_capacity(self.groups + 1);
                for g in 0..=self.groups {
                    match (slots[2 * g], slots[2 * g + 1]) {
                        (Some(a), Some(b)) => out.push(Some((offs[a], offs[b]))),
                        _ => out.push(None),
                    }
                }
                return Some(out);
            }
        }
        None
    }

    fn run(
        &self,
        s: &[u32],
        start: usize,
        nslots: usize,
        visited: &mut [bool],
        width: usize,
    ) -> Option<Vec<Option<usize>>> {
        enum Job {
            Try(usize, usize),
            Restore(usize, Option<usize>),
        }
        let mut slots: Vec<Option<usize>> = vec![None; nslots];
        let mut stack = vec![Job::Try(0, start)];
        let word_at = |i: usize| i < s.len() && char::from_u32(s[i]).is_some_and(is_word);
        while let Some(job) = stack.pop() {
            let (mut pc, mut sp) = match job {
                Job::Restore(slot, v) => {
                    slots[slot] = v;
                    continue;
                }
                Job::Try(pc, sp) => (pc, sp),
            };
            loop {
                let key = pc * width + sp;
                if visited[key] {
                    break;
                }
                visited[key] = true;
                match &self.prog[pc] {
                    Inst::Char(c) => {
                        if sp < s.len() && s[sp] == *c {
                            pc += 1;
                            sp += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Any => {
                        if sp < s.len() && s[sp] != b'\n' as u32 {
                            pc += 1;
                            sp += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Class(i) => {
                        if sp < s.len() && self.classes[*i].matches(s[sp]) {
                            pc += 1;
                            sp += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Split(a, b) => {
                        stack.push(Job::Try(*b, sp));
                        pc = *a;
                    }
                    Inst::Jmp(a) => pc = *a,
                    Inst::Save(n) => {
                        stack.push(Job::Restore(*n, slots[*n]));
                        slots[*n] = Some(sp);
                        pc += 1;
                    }
                    Inst::Start => {
                        if sp == 0 {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::End => {
                        if sp == s.len() {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::WordB | Inst::NotWordB | Inst::WordStart | Inst::WordEnd => {
                        let before = sp > 0 && word_at(sp - 1);
                        let after = word_at(sp);
                        let ok = match &self.prog[pc] {
                            Inst::WordB => before != after,
                            Inst::NotWordB => before == after,
                            Inst::WordStart => !before && after,
                            _ => before && !after,
                        };
                        if ok {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Match => return Some(slots),
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(re: &str, s: &str) -> Option<Vec<Option<String>>> {
        let r = Regex::new(re.as_bytes()).unwrap();
        r.captures(s.as_bytes())
            .map(|c| c.into_iter().map(|g| g.map(|(a, b)| s[a..b].to_string())).collect())
    }

    #[test]
    fn matches() {
        assert!(m("^[0-9]+$", "12345").is_some());
        assert!(m("^[0-9]+$", "12a45").is_none());
        assert_eq!(m("([a-z]+)-([0-9]{2,3})", "xx abc-1234").unwrap()[1].as_deref(), Some("abc"));
        assert_eq!(m("([a-z]+)-([0-9]{2,3})", "xx abc-1234").unwrap()[2].as_deref(), Some("123"));
        assert!(m("^(foo|bar)baz$", "barbaz").is_some());
        assert!(m("a.c", "abc").is_some());
        assert!(m("\\.txt$", "a.txt").is_some());
        assert!(m("\\.txt$", "atxt").is_none());
        assert!(m("[[:alpha:]]+", "123").is_none());
        assert!(m("\\bfoo\\b", "a foo b").is_some());
        assert!(m("(a*)*b", &"a".repeat(40)).is_none());
    }
}
