//! awk tokens. Whether `/` starts a regex or divides depends on the previous token.

use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Num(f64),
    Str(Rc<[u8]>),
    Regex(Rc<[u8]>),
    Name(String),
    /// A name directly followed by `(`: a user function call.
    FuncName(String),
    Builtin(Builtin),
    Begin,
    End,
    Function,
    If,
    Else,
    While,
    For,
    Do,
    Break,
    Continue,
    Next,
    NextFile,
    Exit,
    Return,
    Delete,
    In,
    Getline,
    Print,
    Printf,
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Semi,
    Newline,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
    Not,
    Gt,
    Lt,
    Pipe,
    Question,
    Colon,
    Tilde,
    NoMatch,
    Dollar,
    Assign,
    AddAssign,
    SubAssign,
    MulAssign,
    DivAssign,
    ModAssign,
    PowAssign,
    Eq,
    Le,
    Ge,
    Ne,
    Incr,
    Decr,
    And,
    Or,
    Append,
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Length,
    Substr,
    Index,
    Split,
    Sub,
    Gsub,
    Match,
    Sprintf,
    Sin,
    Cos,
    Atan2,
    Exp,
    Log,
    Sqrt,
    Int,
    Rand,
    Srand,
    Tolower,
    Toupper,
    System,
    Close,
    Fflush,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
}

fn keyword(s: &str) -> Option<Tok> {
    Some(match s {
        "BEGIN" => Tok::Begin,
        "END" => Tok::End,
        "function" | "func" => Tok::Function,
        "if" => Tok::If,
        "else" => Tok::Else,
        "while" => Tok::While,
        "for" => Tok::For,
        "do" => Tok::Do,
        "break" => Tok::Break,
        "continue" => Tok::Continue,
        "next" => Tok::Next,
        "nextfile" => Tok::NextFile,
        "exit" => Tok::Exit,
        "return" => Tok::Return,
        "delete" => Tok::Delete,
        "in" => Tok::In,
        "getline" => Tok::Getline,
        "print" => Tok::Print,
        "printf" => Tok::Printf,
        "length" => Tok::Builtin(Builtin::Length),
        "substr" => Tok::Builtin(Builtin::Substr),
        "index" => Tok::Builtin(Builtin::Index),
        "split" => Tok::Builtin(Builtin::Split),
        "sub" => Tok::Builtin(Builtin::Sub),
        "gsub" => Tok::Builtin(Builtin::Gsub),
        "match" => Tok::Builtin(Builtin::Match),
        "sprintf" => Tok::Builtin(Builtin::Sprintf),
        "sin" => Tok::Builtin(Builtin::Sin),
        "cos" => Tok::Builtin(Builtin::Cos),
        "atan2" => Tok::Builtin(Builtin::Atan2),
        "exp" => Tok::Builtin(Builtin::Exp),
        "log" => Tok::Builtin(Builtin::Log),
        "sqrt" => Tok::Builtin(Builtin::Sqrt),
        "int" => Tok::Builtin(Builtin::Int),
        "rand" => Tok::Builtin(Builtin::Rand),
        "srand" => Tok::Builtin(Builtin::Srand),
        "tolower" => Tok::Builtin(Builtin::Tolower),
        "toupper" => Tok::Builtin(Builtin::Toupper),
        "system" => Tok::Builtin(Builtin::System),
        "close" => Tok::Builtin(Builtin::Close),
        "fflush" => Tok::Builtin(Builtin::Fflush),
        _ => return None,
    })
}

/// Processes the escapes of an awk string literal (also used for `-v` and command-line
/// assignments).
pub fn unescape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c != b'\\' || i >= s.len() {
            out.push(c);
            continue;
        }
        let e = s[i];
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'\\' => out.push(b'\\'),
            b'"' => out.push(b'"'),
            b'/' => out.push(b'/'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                let mut n = 1;
                while n < 3 && i < s.len() && (b'0'..=b'7').contains(&s[i]) {
                    v = v * 8 + (s[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            b'\n' => {}
            other => {
                // Unknown escape: keep the backslash (gawk warns and keeps the character).
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    out
}

pub fn lex(src: &[u8]) -> Result<Vec<Token>, String> {
    let mut toks: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let regex_ok = |toks: &Vec<Token>| -> bool {
        !matches!(
            toks.last().map(|t| &t.tok),
            Some(
                Tok::Num(_)
                    | Tok::Str(_)
                    | Tok::Regex(_)
                    | Tok::Name(_)
                    | Tok::Builtin(_)
                    | Tok::RParen
                    | Tok::RBracket
                    | Tok::Incr
                    | Tok::Decr
                    | Tok::Dollar
            )
        )
    };
    while i < src.len() {
        let c = src[i];
        let push = |toks: &mut Vec<Token>, tok: Tok| toks.push(Token { tok, line });
        match c {
            b' ' | b'\t' | b'\r' => {
                i += 1;
            }
            b'\\' if src.get(i + 1) == Some(&b'\n') => {
                i += 2;
                line += 1;
            }
            b'\\' if src.get(i + 1) == Some(&b'\r') && src.get(i + 2) == Some(&b'\n') => {
                i += 3;
                line += 1;
            }
            b'\n' => {
                push(&mut toks, Tok::Newline);
                i += 1;
                line += 1;
            }
            b'#' => {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                i += 1;
                let start = i;
                while i < src.len() && src[i] != b'"' {
                    if src[i] == b'\\' && i + 1 < src.len() {
                        i += 1;
                    }
                    if src[i] == b'\n' {
                        return Err(format!("{line}: unterminated string"));
                    }
                    i += 1;
                }
                if i >= src.len() {
                    return Err(format!("{line}: unterminated string"));
                }
                let s = unescape(&src[start..i]);
                i += 1;
                push(&mut toks, Tok::Str(s.into()));
            }
            b'/' if regex_ok(&toks) => {
                i += 1;
                let mut re = Vec::new();
                let mut in_bracket = false;
                loop {
                    if i >= src.len() || src[i] == b'\n' {
                        return Err(format!("{line}: unterminated regexp"));
                    }
                    let ch = src[i];
                    if ch == b'\\' && i + 1 < src.len() {
                        if src[i + 1] == b'/' {
                            re.push(b'/');
                        } else {
                            re.push(b'\\');
                            re.push(src[i + 1]);
                        }
                        i += 2;
                        continue;
                    }
                    if ch == b'[' && !in_bracket {
                        in_bracket = true;
                        re.push(ch);
                        i += 1;
                        // `[]...]` and `[^]...]`: the first `]` is literal.
                        if src.get(i) == Some(&b'^') {
                            re.push(b'^');
                            i += 1;
                        }
                        if src.get(i) == Some(&b']') {
                            re.push(b']');
                            i += 1;
                        }
                        continue;
                    }
                    if ch == b']' && in_bracket {
                        in_bracket = false;
                    } else if ch == b'[' && in_bracket && matches!(src.get(i + 1), Some(b':' | b'.' | b'=')) {
                        // `[:alpha:]` inside a bracket: copy through its closing `:]`.
                        let kind = src[i + 1];
                        let mut j = i + 2;
                        while j + 1 < src.len() && !(src[j] == kind && src[j + 1] == b']') && src[j] != b'\n' {
                            j += 1;
                        }
                        if j + 1 < src.len() && src[j] == kind {
                            re.extend_from_slice(&src[i..j + 2]);
                            i = j + 2;
                            continue;
                        }
                    } else if ch == b'/' && !in_bracket {
                        break;
                    }
                    re.push(ch);
                    i += 1;
                }
                i += 1;
                push(&mut toks, Tok::Regex(re.into()));
            }
            b'0'..=b'9' | b'.' if c != b'.' || src.get(i + 1).is_some_and(|d| d.is_ascii_digit()) => {
                let start = i;
                if c == b'0' && matches!(src.get(i + 1), Some(b'x' | b'X')) && src.get(i + 2).is_some_and(|d| d.is_ascii_hexdigit()) {
                    i += 2;
                    let hs = i;
                    while i < src.len() && src[i].is_ascii_hexdigit() {
                        i += 1;
                    }
                    let v = u64::from_str_radix(std::str::from_utf8(&src[hs..i]).unwrap_or("0"), 16).unwrap_or(0);
                    push(&mut toks, Tok::Num(v as f64));
                    continue;
                }
                while i < src.len() && src[i].is_ascii_digit() {
                    i += 1;
                }
                if i < src.len() && src[i] == b'.' {
                    i += 1;
                    while i < src.len() && src[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                if i < src.len() && (src[i] == b'e' || src[i] == b'E') {
                    let mut j = i + 1;
                    if j < src.len() && (src[j] == b'+' || src[j] == b'-') {
                        j += 1;
                    }
                    if j < src.len() && src[j].is_ascii_digit() {
                        while j < src.len() && src[j].is_ascii_digit() {
                            j += 1;
                        }
                        i = j;
                    }
                }
                let s = std::str::from_utf8(&src[start..i]).unwrap_or("0");
                push(&mut toks, Tok::Num(s.parse().unwrap_or(0.0)));
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = i;
                while i < src.len() && (src[i].is_ascii_alphanumeric() || src[i] == b'_') {
                    i += 1;
                }
                let word = String::from_utf8_lossy(&src[start..i]).into_owned();
                if let Some(k) = keyword(&word) {
                    push(&mut toks, k);
                } else if src.get(i) == Some(&b'(') {
                    push(&mut toks, Tok::FuncName(word));
                } else {
                    push(&mut toks, Tok::Name(word));
                }
            }
            _ => {
                let two = if i + 1 < src.len() { [c, src[i + 1]] } else { [c, 0] };
                let three = if i + 2 < src.len() { [c, src[i + 1], src[i + 2]] } else { [c, 0, 0] };
                if &three == b"**=" {
                    push(&mut toks, Tok::PowAssign);
                    i += 3;
                    continue;
                }
                let t2 = match &two {
                    b"+=" => Some(Tok::AddAssign),
                    b"-=" => Some(Tok::SubAssign),
                    b"*=" => Some(Tok::MulAssign),
                    b"/=" => Some(Tok::DivAssign),
                    b"%=" => Some(Tok::ModAssign),
                    b"^=" => Some(Tok::PowAssign),
                    b"==" => Some(Tok::Eq),
                    b"<=" => Some(Tok::Le),
                    b">=" => Some(Tok::Ge),
                    b"!=" => Some(Tok::Ne),
                    b"++" => Some(Tok::Incr),
                    b"--" => Some(Tok::Decr),
                    b"&&" => Some(Tok::And),
                    b"||" => Some(Tok::Or),
                    b">>" => Some(Tok::Append),
                    b"!~" => Some(Tok::NoMatch),
                    b"**" => Some(Tok::Caret),
                    _ => None,
                };
                if let Some(t) = t2 {
                    push(&mut toks, t);
                    i += 2;
                    continue;
                }
                let t = match c {
                    b'{' => Tok::LBrace,
                    b'}' => Tok::RBrace,
                    b'(' => Tok::LParen,
                    b')' => Tok::RParen,
                    b'[' => Tok::LBracket,
                    b']' => Tok::RBracket,
                    b';' => Tok::Semi,
                    b',' => Tok::Comma,
                    b'+' => Tok::Plus,
                    b'-' => Tok::Minus,
                    b'*' => Tok::Star,
                    b'/' => Tok::Slash,
                    b'%' => Tok::Percent,
                    b'^' => Tok::Caret,
                    b'!' => Tok::Not,
                    b'>' => Tok::Gt,
                    b'<' => Tok::Lt,
                    b'|' => Tok::Pipe,
                    b'?' => Tok::Question,
                    b':' => Tok::Colon,
                    b'~' => Tok::Tilde,
                    b'$' => Tok::Dollar,
                    b'=' => Tok::Assign,
                    _ => {
                        return Err(format!("{line}: invalid char '{}' in expression", String::from_utf8_lossy(&[c])));
                    }
                };
                push(&mut toks, t);
                i += 1;
            }
        }
    }
    toks.push(Token { tok: Tok::Eof, line });
    Ok(toks)
}
