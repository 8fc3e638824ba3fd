//! Arithmetic evaluation (`$((...))`, `((...))`, `let`, array subscripts): C's integer
//! operators on 64-bit wrapping integers, variables (whose values are themselves evaluated),
//! assignments and increments.
//!
//! The expression text arrives already expanded (`$x` replaced); bare names are read and
//! written through [`ArithEnv`]. Evaluation is one recursive-descent pass; the unevaluated
//! branch of `&&`, `||` and `?:` is parsed with side effects and errors suppressed.

/// Variable access for the evaluator.
pub trait ArithEnv {
    /// The value of `name` (`index`: an array element), `None` if unset.
    fn get(&mut self, name: &[u8], index: Option<i64>) -> Option<Vec<u8>>;
    /// Assigns `value` to `name` (or its element `index`).
    fn set(&mut self, name: &[u8], index: Option<i64>, value: i64) -> Result<(), String>;
    /// `set -u` is on: reading an unset variable is an error.
    fn nounset(&self) -> bool {
        false
    }
}

/// Most nested evaluations of variable values (`a=b b=a` would loop).
const MAX_DEPTH: usize = 256;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(i64),
    Name(Vec<u8>),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "<<=", ">>=", "**", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=",
    "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "=", "!", "~", "&", "^", "|", "?", ":", ",", "(", ")", "[", "]",
];

/// Evaluates `expr`. Errors are messages like bash's (`division by 0 (error token is "0")`).
pub fn eval(expr: &[u8], env: &mut dyn ArithEnv) -> Result<i64, String> {
    eval_depth(expr, env, 0)
}

fn eval_depth(expr: &[u8], env: &mut dyn ArithEnv, depth: usize) -> Result<i64, String> {
    if depth > MAX_DEPTH {
        return Err("expression recursion level exceeded".into());
    }
    let (toks, offsets) = lex(expr)?;
    if toks.is_empty() {
        return Ok(0);
    }
    let mut ev = Eval { toks, offsets, pos: 0, env, skip: 0, depth, src: expr };
    let v = ev.comma()?;
    if ev.pos < ev.toks.len() {
        return Err(ev.syntax_error());
    }
    Ok(v)
}

/// The tokens of `s` and where each starts.
fn lex(s: &[u8]) -> Result<(Vec<Tok>, Vec<usize>), String> {
    let mut toks = Vec::new();
    let mut offsets = Vec::new();
    let mut i = 0;
    'outer: while i < s.len() {
        let c = s[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        offsets.push(i);
        if c.is_ascii_digit() {
            let start = i;
            while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'#' || s[i] == b'@' || s[i] == b'_') {
                i += 1;
            }
            toks.push(Tok::Num(parse_number(&s[start..i])?));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_') {
                i += 1;
            }
            toks.push(Tok::Name(s[start..i].to_vec()));
            continue;
        }
        for op in OPS {
            if s[i..].starts_with(op.as_bytes()) {
                toks.push(Tok::Op(op));
                i += op.len();
                continue 'outer;
            }
        }
        let rest = String::from_utf8_lossy(&s[i..]).into_owned();
        return Err(format!("syntax error: invalid arithmetic operator (error token is \"{rest}\")"));
    }
    Ok((toks, offsets))
}

/// Parses an integer constant: decimal, `0x` hex, `0` octal, or `base#digits`.
pub fn parse_number(t: &[u8]) -> Result<i64, String> {
    let err = || format!("{}: value too great for base (error token is \"{}\")", lossy(t), lossy(t));
    if let Some(hash) = t.iter().position(|&c| c == b'#') {
        let base: u32 = std::str::from_utf8(&t[..hash]).ok().and_then(|b| b.parse().ok()).ok_or_else(err)?;
        if !(2..=64).contains(&base) {
            return Err(format!("{}: invalid arithmetic base (error token is \"{}\")", lossy(t), lossy(t)));
        }
        let mut v: i64 = 0;
        for &c in &t[hash + 1..] {
            let d = match c {
                b'0'..=b'9' => (c - b'0') as u32,
                b'a'..=b'z' => (c - b'a') as u32 + 10,
                b'A'..=b'Z' => {
                    if base <= 36 {
                        (c - b'A') as u32 + 10
                    } else {
                        (c - b'A') as u32 + 36
                    }
                }
                b'@' => 62,
                b'_' => 63,
                _ => return Err(err()),
            };
            if d >= base {
                return Err(err());
            }
            v = v.wrapping_mul(base as i64).wrapping_add(d as i64);
        }
        return Ok(v);
    }
    let (digits, base) = if t.len() > 1 && t[0] == b'0' && (t[1] == b'x' || t[1] == b'X') {
        (&t[2..], 16)
    } else if t.len() > 1 && t[0] == b'0' {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    if digits.is_empty() && base == 16 {
        return Err(err());
    }
    let mut v: i64 = 0;
    for &c in digits {
        let d = (c as char).to_digit(base).ok_or_else(err)?;
        v = v.wrapping_mul(base as i64).wrapping_add(d as i64);
    }
    Ok(v)
}

fn lossy(s: &[u8]) -> String {
    String::from_utf8_lossy(s).into_owned()
}

struct Eval<'a> {
    toks: Vec<Tok>,
    /// Where each token starts in `src`.
    offsets: Vec<usize>,
    pos: usize,
    env: &'a mut dyn ArithEnv,
    /// > 0 while parsing a branch that is not evaluated.
    skip: usize,
    depth: usize,
    src: &'a [u8],
}

/// An assignable place: a variable or an array element.
struct LValue {
    name: Vec<u8>,
    index: Option<i64>,
}

impl Eval<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.toks.get(self.pos) {
            Some(Tok::Op(o)) => Some(o),
            _ => None,
        }
    }

    fn eat(&mut self, op: &str) -> bool {
        if self.peek_op() == Some(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// A syntax error at the current token, as bash words it: the expression, and the text
    /// from the offending token (the last one, at the end of the input) to the end.
    fn syntax_error(&self) -> String {
        self.syntax_error_kind("syntax error in expression")
    }

    /// An operand was expected at the current token.
    fn operand_expected(&self) -> String {
        self.syntax_error_kind("syntax error: operand expected")
    }

    fn syntax_error_kind(&self, what: &str) -> String {
        let at = self.offsets.get(self.pos).or(self.offsets.last()).copied().unwrap_or(0);
        let expr = lossy(self.src);
        format!("{}: {what} (error token is \"{}\")", expr.trim_start(), lossy(&self.src[at..]))
    }

    fn comma(&mut self) -> Result<i64, String> {
        let mut v = self.assign()?;
        while self.eat(",") {
            v = self.assign()?;
        }
        Ok(v)
    }

    fn assign(&mut self) -> Result<i64, String> {
        if let Some(Tok::Name(_)) = self.peek() {
            let save = self.pos;
            let lv = self.lvalue()?;
            const ASSIGN: &[&str] = &["=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="];
            if let Some(op) = self.peek_op().filter(|o| ASSIGN.contains(o)) {
                self.pos += 1;
                let rhs = self.assign()?;
                if self.skip > 0 {
                    return Ok(0);
                }
                let v = if op == "=" {
                    rhs
                } else {
                    let cur = self.read(&lv)?;
                    self.binop(&op[..op.len() - 1], cur, rhs)?
                };
                self.write(&lv, v)?;
                return Ok(v);
            }
            self.pos = save;
        }
        self.ternary()
    }

    /// Reads `name` or `name[expr]` (the index evaluated unless skipping).
    fn lvalue(&mut self) -> Result<LValue, String> {
        let Some(Tok::Name(name)) = self.peek().cloned() else { return Err(self.syntax_error()) };
        self.pos += 1;
        let mut index = None;
        if self.eat("[") {
            let i = self.comma()?;
            if !self.eat("]") {
                return Err(self.syntax_error());
            }
            index = Some(i);
        }
        Ok(LValue { name, index })
    }

    fn read(&mut self, lv: &LValue) -> Result<i64, String> {
        if self.skip > 0 {
            return Ok(0);
        }
        match self.env.get(&lv.name, lv.index) {
            None => {
                if self.env.nounset() {
                    return Err(format!("{}: unbound variable", lossy(&lv.name)));
                }
                Ok(0)
            }
            Some(v) => {
                let t = trim(&v);
                if t.is_empty() {
                    return Ok(0);
                }
                if t.iter().all(|c| c.is_ascii_digit()) && (t[0] != b'0' || t.len() == 1) && t.len() < 19 {
                    return Ok(std::str::from_utf8(t).ok().and_then(|s| s.parse().ok()).unwrap_or(0));
                }
                let t = t.to_vec();
                eval_depth(&t, self.env, self.depth + 1)
            }
        }
    }

    fn write(&mut self, lv: &LValue, v: i64) -> Result<(), String> {
        if self.skip > 0 {
            return Ok(());
        }
        self.env.set(&lv.name, lv.index, v)
    }

    fn ternary(&mut self) -> Result<i64, String> {
        let c = self.lor()?;
        if !self.eat("?") {
            return Ok(c);
        }
        if c != 0 {
            let a = self.comma()?;
            if !self.eat(":") {
                return Err(self.syntax_error());
            }
            self.skip += 1;
            let r = self.ternary();
            self.skip -= 1;
            r?;
            Ok(a)
        } else {
            self.skip += 1;
            let r = self.comma();
            self.skip -= 1;
            r?;
            if !self.eat(":") {
                return Err(self.syntax_error());
            }
            self.ternary()
        }
    }

    fn lor(&mut self) -> Result<i64, String> {
        let mut v = self.land()?;
        while self.eat("||") {
            if v != 0 {
                self.skip += 1;
                let r = self.land();
                self.skip -= 1;
                r?;
                v = 1;
            } else {
                v = (self.land()? != 0) as i64;
            }
        }
        Ok(v)
    }

    fn land(&mut self) -> Result<i64, String> {
        let mut v = self.bor()?;
        while self.eat("&&") {
            if v == 0 {
                self.skip += 1;
                let r = self.bor();
                self.skip -= 1;
                r?;
            } else {
                v = (self.bor()? != 0) as i64;
            }
        }
        Ok(v)
    }

    fn bor(&mut self) -> Result<i64, String> {
        let mut v = self.bxor()?;
        while self.peek_op() == Some("|") {
            self.pos += 1;
            v |= self.bxor()?;
        }
        Ok(v)
    }

    fn bxor(&mut self) -> Result<i64, String> {
        let mut v = self.band()?;
        while self.eat("^") {
            v ^= self.band()?;
        }
        Ok(v)
    }

    fn band(&mut self) -> Result<i64, String> {
        let mut v = self.equality()?;
        while self.peek_op() == Some("&") {
            self.pos += 1;
            v &= self.equality()?;
        }
        Ok(v)
    }

    fn equality(&mut self) -> Result<i64, String> {
        let mut v = self.relational()?;
        loop {
            if self.eat("==") {
                v = (v == self.relational()?) as i64;
            } else if self.eat("!=") {
                v = (v != self.relational()?) as i64;
            } else {
                return Ok(v);
            }
        }
    }

    fn relational(&mut self) -> Result<i64, String> {
        let mut v = self.shift()?;
        loop {
            let op = match self.peek_op() {
                Some(o @ ("<" | "<=" | ">" | ">=")) => o,
                _ => return Ok(v),
            };
            self.pos += 1;
            let r = self.shift()?;
            v = match op {
                "<" => v < r,
                "<=" => v <= r,
                ">" => v > r,
                _ => v >= r,
            } as i64;
        }
    }

    fn shift(&mut self) -> Result<i64, String> {
        let mut v = self.additive()?;
        loop {
            if self.eat("<<") {
                let r = self.additive()?;
                v = v.wrapping_shl(r as u32);
            } else if self.eat(">>") {
                let r = self.additive()?;
                v = v.wrapping_shr(r as u32);
            } else {
                return Ok(v);
            }
        }
    }

    fn additive(&mut self) -> Result<i64, String> {
        let mut v = self.multiplicative()?;
        loop {
            if self.eat("+") {
                v = v.wrapping_add(self.multiplicative()?);
            } else if self.eat("-") {
                v = v.wrapping_sub(self.multiplicative()?);
            } else {
                return Ok(v);
            }
        }
    }

    fn multiplicative(&mut self) -> Result<i64, String> {
        let mut v = self.power()?;
        loop {
            let op = match self.peek_op() {
                Some(o @ ("*" | "/" | "%")) => o,
                _ => return Ok(v),
            };
            self.pos += 1;
            let r = self.power()?;
            v = self.binop(op, v, r)?;
        }
    }

    fn power(&mut self) -> Result<i64, String> {
        let base = self.unary()?;
        if self.eat("**") {
            let exp = self.power()?;
            return self.binop("**", base, exp);
        }
        Ok(base)
    }

    fn binop(&self, op: &str, a: i64, b: i64) -> Result<i64, String> {
        Ok(match op {
            "+" => a.wrapping_add(b),
            "-" => a.wrapping_sub(b),
            "*" => a.wrapping_mul(b),
            "/" | "%" => {
                if b == 0 {
                    if self.skip > 0 {
                        return Ok(0);
                    }
                    return Err(format!("{}: division by 0 (error token is \"0\")", lossy(self.src).trim()));
                }
                if op == "/" {
                    a.wrapping_div(b)
                } else {
                    a.wrapping_rem(b)
                }
            }
            "**" => {
                if b < 0 {
                    if self.skip > 0 {
                        return Ok(0);
                    }
                    return Err(format!("{}: exponent less than 0", lossy(self.src).trim()));
                }
                let mut r: i64 = 1;
                let mut base = a;
                let mut e = b as u64;
                while e > 0 {
                    if e & 1 == 1 {
                        r = r.wrapping_mul(base);
                    }
                    base = base.wrapping_mul(base);
                    e >>= 1;
                }
                r
            }
            "<<" => a.wrapping_shl(b as u32),
            ">>" => a.wrapping_shr(b as u32),
            "&" => a & b,
            "^" => a ^ b,
            "|" => a | b,
            _ => return Err(format!("unknown operator {op}")),
        })
    }

    fn unary(&mut self) -> Result<i64, String> {
        match self.peek_op() {
            Some("+") => {
                self.pos += 1;
                self.unary()
            }
            Some("-") => {
                self.pos += 1;
                Ok(self.unary()?.wrapping_neg())
            }
            Some("!") => {
                self.pos += 1;
                Ok((self.unary()? == 0) as i64)
            }
            Some("~") => {
                self.pos += 1;
                Ok(!self.unary()?)
            }
            Some(op @ ("++" | "--")) => {
                self.pos += 1;
                if !matches!(self.peek(), Some(Tok::Name(_))) {
                    // `--5` is two negations.
                    let v = self.unary()?;
                    return Ok(v);
                }
                let lv = self.lvalue()?;
                let cur = self.read(&lv)?;
                let v = if op == "++" { cur.wrapping_add(1) } else { cur.wrapping_sub(1) };
                self.write(&lv, v)?;
                Ok(v)
            }
            _ => self.postfix(),
        }
    }

    fn postfix(&mut self) -> Result<i64, String> {
        match self.peek().cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(n)
            }
            Some(Tok::Name(_)) => {
                let lv = self.lvalue()?;
                let cur = self.read(&lv)?;
                if self.eat("++") {
                    self.write(&lv, cur.wrapping_add(1))?;
                } else if self.eat("--") {
                    self.write(&lv, cur.wrapping_sub(1))?;
                }
                Ok(cur)
            }
            Some(Tok::Op("(")) => {
                self.pos += 1;
                let v = self.comma()?;
                if !self.eat(")") {
                    return Err(self.syntax_error());
                }
                Ok(v)
            }
            _ => Err(self.operand_expected()),
        }
    }
}

fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(s.len());
    let end = s.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(start, |e| e + 1);
    &s[start..end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Env(HashMap<Vec<u8>, Vec<u8>>);
    impl ArithEnv for Env {
        fn get(&mut self, name: &[u8], _: Option<i64>) -> Option<Vec<u8>> {
            self.0.get(name).cloned()
        }
        fn set(&mut self, name: &[u8], _: Option<i64>, v: i64) -> Result<(), String> {
            self.0.insert(name.to_vec(), v.to_string().into_bytes());
            Ok(())
        }
    }

    fn ev(s: &str, env: &mut Env) -> Result<i64, String> {
        eval(s.as_bytes(), env)
    }

    #[test]
    fn operators() {
        let mut e = Env(HashMap::new());
        assert_eq!(ev("1 + 2 * 3", &mut e), Ok(7));
        assert_eq!(ev("(1 + 2) * 3", &mut e), Ok(9));
        assert_eq!(ev("2 ** 10", &mut e), Ok(1024));
        assert_eq!(ev("-2 ** 2", &mut e), Ok(4));
        assert_eq!(ev("7 / 2, 7 % 3", &mut e), Ok(1));
        assert_eq!(ev("1 << 4 | 1", &mut e), Ok(17));
        assert_eq!(ev("5 > 3 && 2 < 1", &mut e), Ok(0));
        assert_eq!(ev("0x10 + 010 + 2#101", &mut e), Ok(16 + 8 + 5));
        assert_eq!(ev("x = 5, x += 2, x", &mut e), Ok(7));
        assert_eq!(ev("x++ + ++x", &mut e), Ok(7 + 9));
        assert_eq!(ev("1 ? 2 : 3", &mut e), Ok(2));
        assert_eq!(ev("0 ? y = 2 : 3", &mut e), Ok(3));
        assert_eq!(e.0.get(&b"y"[..]), None);
        assert!(ev("1 / 0", &mut e).is_err());
        assert_eq!(ev("0 && 1 / 0", &mut e), Ok(0));
        assert_eq!(ev("~0", &mut e), Ok(-1));
        assert_eq!(ev("!5", &mut e), Ok(0));
        e.0.insert(b"a".to_vec(), b"b + 1".to_vec());
        e.0.insert(b"b".to_vec(), b"4".to_vec());
        assert_eq!(ev("a * 2", &mut e), Ok(10));
        assert!(ev("1 +", &mut e).is_err());
        assert_eq!(ev("", &mut e), Ok(0));
    }
}
