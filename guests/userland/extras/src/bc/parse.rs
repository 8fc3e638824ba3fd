//! The lexer and parser of `bc`: source text to tokens to the statements of one top-level
//! item (a line of `;`-separated statements, or a function definition), with GNU bc's
//! precedence (an assignment binds tighter than a comparison, unary minus tighter than `^`).

use std::rc::Rc;

/// A token. Punctuation and keywords are their text; `"\n"` ends a line.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Num(Rc<str>),
    Name(Rc<str>),
    Str(Rc<str>),
    Op(&'static str),
    Key(&'static str),
    /// A character no token starts with (GNU: `illegal character: X`).
    Bad(char),
}

/// A token, the line it ends on (a newline counts for the next line, as GNU reports it) and
/// the byte offset just after it.
#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
    pub end: usize,
}

/// Why lexing stopped.
#[derive(Debug, PartialEq)]
pub enum LexEnd {
    /// All the text was read.
    Done,
    /// The text ends inside a string, a comment or after a backslash: more is needed.
    InString,
    InComment,
}

const KEYWORDS: &[&str] = &[
    "auto", "break", "continue", "define", "else", "for", "halt", "ibase", "if", "last", "length", "limits", "obase",
    "print", "quit", "read", "return", "scale", "sqrt", "void", "warranty", "while",
];

const OPS: &[&str] = &[
    "++", "--", "+=", "-=", "*=", "/=", "%=", "^=", "==", "<=", ">=", "!=", "&&", "||", "+", "-", "*", "/", "%", "^",
    "=", "<", ">", "!", "(", ")", "[", "]", "{", "}", ",", ";",
];

/// Splits `text` (whose first line is number `line`) into tokens.
pub fn lex(text: &str, mut line: usize) -> (Vec<Token>, LexEnd) {
    let b = text.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    let is_digit = |c: u8| c.is_ascii_digit() || c.is_ascii_uppercase();
    while i < b.len() {
        let c = b[i];
        let start = i;
        let tok = match c {
            b' ' | b'\t' | b'\r' | 0x0c | 0x0b => {
                i += 1;
                continue;
            }
            b'\\' if b.get(i + 1) == Some(&b'\n') => {
                i += 2;
                line += 1;
                continue;
            }
            b'\\' if i + 1 == b.len() => return (toks, LexEnd::InComment),
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                match text[i + 2..].find("*/") {
                    Some(n) => {
                        line += text[i..i + 2 + n].matches('\n').count();
                        i += n + 4;
                    }
                    None => return (toks, LexEnd::InComment),
                }
                continue;
            }
            b'\n' => {
                i += 1;
                line += 1;
                Tok::Op("\n")
            }
            b'"' => match text[i + 1..].find('"') {
                Some(n) => {
                    let s = &text[i + 1..i + 1 + n];
                    line += s.matches('\n').count();
                    i += n + 2;
                    Tok::Str(s.into())
                }
                None => return (toks, LexEnd::InString),
            },
            b'a'..=b'z' => {
                while i < b.len() && (b[i].is_ascii_lowercase() || b[i].is_ascii_digit() || b[i] == b'_') {
                    i += 1;
                }
                let w = &text[start..i];
                match KEYWORDS.iter().find(|k| **k == w) {
                    Some(k) => Tok::Key(k),
                    None => Tok::Name(w.into()),
                }
            }
            _ if is_digit(c) || (c == b'.' && b.get(i + 1).is_some_and(|&d| is_digit(d))) => {
                let mut s = String::new();
                let mut dot = false;
                while i < b.len() {
                    if is_digit(b[i]) || (b[i] == b'.' && !dot) {
                        dot |= b[i] == b'.';
                        s.push(b[i] as char);
                        i += 1;
                    } else if b[i] == b'\\' && b.get(i + 1) == Some(&b'\n') {
                        line += 1;
                        i += 2;
                    } else {
                        break;
                    }
                }
                Tok::Num(s.into())
            }
            b'.' => {
                i += 1;
                Tok::Key("last")
            }
            _ => match OPS.iter().find(|o| b[i..].starts_with(o.as_bytes())) {
                Some(o) => {
                    i += o.len();
                    Tok::Op(o)
                }
                None => {
                    let ch = text[i..].chars().next().unwrap_or('?');
                    i += ch.len_utf8();
                    Tok::Bad(ch)
                }
            },
        };
        toks.push(Token { tok, line, end: i });
    }
    (toks, LexEnd::Done)
}

/// Something a value can be stored in.
#[derive(Clone, Debug)]
pub enum LValue {
    Var(Rc<str>),
    Elem(Rc<str>, Box<Expr>),
    Scale,
    Ibase,
    Obase,
    Last,
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bin {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

/// An argument of a call: a value, or a whole array (`name[]`).
#[derive(Clone, Debug)]
pub enum Arg {
    Val(Expr),
    Array(Rc<str>),
}

/// An expression.
#[derive(Clone, Debug)]
pub enum Expr {
    /// A constant, converted with `ibase` when evaluated (as GNU does).
    Num(Rc<str>),
    Load(LValue),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Bin(Bin, Box<Expr>, Box<Expr>),
    /// `lv = e` or `lv OP= e`.
    Assign(LValue, Option<Bin>, Box<Expr>),
    /// `++lv`, `lv--`...: (lvalue, +1 or -1, prefix).
    Step(LValue, bool, bool),
    Call(Rc<str>, Vec<Arg>),
    /// A parenthesized assignment: its value is printed as a statement, unlike a bare one.
    Group(Box<Expr>),
    Length(Box<Expr>),
    Sqrt(Box<Expr>),
    ScaleOf(Box<Expr>),
    Read,
}

/// An element of a `print` list.
#[derive(Clone, Debug)]
pub enum PrintItem {
    Str(Rc<str>),
    Val(Expr),
}

/// A statement.
#[derive(Clone, Debug)]
pub enum Stmt {
    Expr(Expr),
    Str(Rc<str>),
    Print(Vec<PrintItem>),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    For(Option<Expr>, Option<Expr>, Option<Expr>, Box<Stmt>),
    Break,
    Continue,
    Halt,
    Return(Option<Expr>),
    Block(Vec<Stmt>),
    Limits,
    Warranty,
}

/// A user function: parameters and autos (`true` for an array), body, and whether it is
/// `void`.
#[derive(Debug)]
pub struct Func {
    pub name: Rc<str>,
    pub params: Vec<(Rc<str>, bool)>,
    pub autos: Vec<(Rc<str>, bool)>,
    pub body: Vec<Stmt>,
    pub void: bool,
}

/// A complete top-level item.
#[derive(Debug)]
pub enum Item {
    /// The statements of one line, run when its newline is read.
    Stmts(Vec<Stmt>),
    Func(Func),
}

/// Why an item could not be parsed.
#[derive(Debug, PartialEq)]
pub enum ParseError {
    /// The tokens end before the item does.
    Incomplete,
    /// An error at token `at`: GNU's message and the line it names.
    Error { at: usize, line: usize, msg: String },
    /// `quit` was read: bc ends at once.
    Quit,
}

/// The deepest nesting of expressions and statements accepted (the evaluator recurses).
const MAX_NESTING: usize = 200;

/// A recursive-descent parser over the tokens of pending input.
pub struct Parser<'a> {
    toks: &'a [Token],
    pos: usize,
    in_func: bool,
    loops: usize,
    depth: usize,
}

type PResult<T> = Result<T, ParseError>;

impl<'a> Parser<'a> {
    pub fn new(toks: &'a [Token]) -> Parser<'a> {
        Parser { toks, pos: 0, in_func: false, loops: 0, depth: 0 }
    }

    /// The index of the next token.
    pub fn pos(&self) -> usize {
        self.pos
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn is(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o) | Tok::Key(o)) if *o == op)
    }

    fn err<T>(&self, msg: &str) -> PResult<T> {
        self.err_at(self.pos, msg)
    }

    fn err_at<T>(&self, at: usize, msg: &str) -> PResult<T> {
        match self.toks.get(at) {
            None => Err(ParseError::Incomplete),
            Some(t) => {
                let msg = match t.tok {
                    Tok::Bad(c) => format!("illegal character: {c}"),
                    _ => msg.to_string(),
                };
                Err(ParseError::Error { at, line: t.line, msg })
            }
        }
    }

    fn expect(&mut self, op: &str) -> PResult<()> {
        if self.is(op) {
            self.pos += 1;
            Ok(())
        } else {
            self.err("syntax error")
        }
    }

    fn skip_newlines(&mut self) {
        while self.is("\n") {
            self.pos += 1;
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.err("nesting too deep");
        }
        Ok(())
    }

    /// The next top-level item (consuming its closing newline), or `None` at the end of the
    /// tokens.
    pub fn item(&mut self) -> PResult<Option<Item>> {
        if self.pos >= self.toks.len() {
            return Ok(None);
        }
        if self.is("define") {
            return self.function().map(|f| Some(Item::Func(f)));
        }
        let mut stmts = Vec::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::Incomplete),
                Some(Tok::Op("\n")) => {
                    self.pos += 1;
                    return Ok(Some(Item::Stmts(stmts)));
                }
                Some(Tok::Op(";")) => self.pos += 1,
                _ => {
                    stmts.push(self.statement()?);
                    if !self.is(";") && !self.is("\n") {
                        return self.err("syntax error");
                    }
                }
            }
        }
    }

    fn function(&mut self) -> PResult<Func> {
        self.pos += 1;
        let void = self.is("void");
        if void {
            self.pos += 1;
        }
        let name = match self.peek() {
            Some(Tok::Name(n)) => n.clone(),
            _ => return self.err("syntax error"),
        };
        self.pos += 1;
        self.expect("(")?;
        let mut params = Vec::new();
        if !self.is(")") {
            params = self.name_list()?;
        }
        self.expect(")")?;
        self.skip_newlines();
        self.expect("{")?;
        self.skip_newlines();
        let mut autos = Vec::new();
        if self.is("auto") {
            self.pos += 1;
            autos = self.name_list()?;
            if self.is(";") || self.is("\n") {
                self.pos += 1;
            } else {
                return self.err("syntax error");
            }
        }
        self.in_func = true;
        let body = self.block_body();
        self.in_func = false;
        Ok(Func { name, params, autos, body: body?, void })
    }

    /// `a, b[], c`.
    fn name_list(&mut self) -> PResult<Vec<(Rc<str>, bool)>> {
        let mut v = Vec::new();
        loop {
            if self.is("*") {
                self.pos += 1;
            }
            let n = match self.peek() {
                Some(Tok::Name(n)) => n.clone(),
                _ => return self.err("syntax error"),
            };
            self.pos += 1;
            let arr = self.is("[");
            if arr {
                self.pos += 1;
                self.expect("]")?;
            }
            v.push((n, arr));
            if !self.is(",") {
                return Ok(v);
            }
            self.pos += 1;
        }
    }

    /// Statements up to and including the closing `}`.
    fn block_body(&mut self) -> PResult<Vec<Stmt>> {
        self.enter()?;
        let mut stmts = Vec::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::Incomplete),
                Some(Tok::Op("}")) => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(stmts);
                }
                Some(Tok::Op(";" | "\n")) => self.pos += 1,
                _ => {
                    stmts.push(self.statement()?);
                    if !self.is(";") && !self.is("\n") && !self.is("}") {
                        return self.err("syntax error");
                    }
                }
            }
        }
    }

    fn statement(&mut self) -> PResult<Stmt> {
        self.enter()?;
        let s = self.statement_inner();
        self.depth -= 1;
        s
    }

    fn statement_inner(&mut self) -> PResult<Stmt> {
        let start = self.pos;
        let tok = match self.peek() {
            None => return Err(ParseError::Incomplete),
            Some(t) => t.clone(),
        };
        match tok {
            Tok::Str(s) => {
                self.pos += 1;
                Ok(Stmt::Str(s))
            }
            Tok::Op("{") => {
                self.pos += 1;
                Ok(Stmt::Block(self.block_body()?))
            }
            Tok::Key("quit") => Err(ParseError::Quit),
            Tok::Key("halt") => {
                self.pos += 1;
                Ok(Stmt::Halt)
            }
            Tok::Key("limits") => {
                self.pos += 1;
                Ok(Stmt::Limits)
            }
            Tok::Key("warranty") => {
                self.pos += 1;
                Ok(Stmt::Warranty)
            }
            Tok::Key("break") => {
                if self.loops == 0 {
                    return self.err("Break outside a for/while");
                }
                self.pos += 1;
                Ok(Stmt::Break)
            }
            Tok::Key("continue") => {
                if self.loops == 0 {
                    return self.err("Continue outside a for");
                }
                self.pos += 1;
                Ok(Stmt::Continue)
            }
            Tok::Key("return") => {
                self.pos += 1;
                let e = if self.is(";") || self.is("\n") || self.is("}") || self.peek().is_none() {
                    None
                } else {
                    Some(self.expr()?)
                };
                if !self.in_func {
                    return self.err("Return outside of a function.");
                }
                Ok(Stmt::Return(e))
            }
            Tok::Key("print") => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    match self.peek() {
                        Some(Tok::Str(s)) => {
                            items.push(PrintItem::Str(s.clone()));
                            self.pos += 1;
                        }
                        _ => items.push(PrintItem::Val(self.expr()?)),
                    }
                    if !self.is(",") {
                        return Ok(Stmt::Print(items));
                    }
                    self.pos += 1;
                }
            }
            Tok::Key("if") => {
                self.pos += 1;
                self.expect("(")?;
                let c = self.expr()?;
                self.expect(")")?;
                self.skip_newlines();
                let then = self.statement()?;
                let els = if self.is("else") {
                    self.pos += 1;
                    self.skip_newlines();
                    Some(Box::new(self.statement()?))
                } else {
                    None
                };
                Ok(Stmt::If(c, Box::new(then), els))
            }
            Tok::Key("while") => {
                self.pos += 1;
                self.expect("(")?;
                let c = self.expr()?;
                self.expect(")")?;
                self.skip_newlines();
                let body = self.loop_body()?;
                Ok(Stmt::While(c, Box::new(body)))
            }
            Tok::Key("for") => {
                self.pos += 1;
                self.expect("(")?;
                let mut parts = Vec::new();
                for end in [";", ";", ")"] {
                    parts.push(if self.is(end) { None } else { Some(self.expr()?) });
                    self.expect(end)?;
                }
                self.skip_newlines();
                let body = self.loop_body()?;
                let c = parts.pop().flatten();
                let b = parts.pop().flatten();
                let a = parts.pop().flatten();
                Ok(Stmt::For(a, b, c, Box::new(body)))
            }
            Tok::Op(";" | "\n" | "}") => {
                let _ = start;
                self.err("syntax error")
            }
            _ => Ok(Stmt::Expr(self.expr()?)),
        }
    }

    fn loop_body(&mut self) -> PResult<Stmt> {
        self.loops += 1;
        let s = self.statement();
        self.loops -= 1;
        s
    }

    /// A full expression: `||` is the loosest.
    pub fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let e = self.or_expr();
        self.depth -= 1;
        e
    }

    fn or_expr(&mut self) -> PResult<Expr> {
        let mut l = self.and_expr()?;
        while self.is("||") {
            self.pos += 1;
            let r = self.and_expr()?;
            l = Expr::Bin(Bin::Or, Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn and_expr(&mut self) -> PResult<Expr> {
        let mut l = self.not_expr()?;
        while self.is("&&") {
            self.pos += 1;
            let r = self.not_expr()?;
            l = Expr::Bin(Bin::And, Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn not_expr(&mut self) -> PResult<Expr> {
        if self.is("!") {
            self.pos += 1;
            self.enter()?;
            let e = self.not_expr();
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(e?)));
        }
        self.rel_expr()
    }

    fn rel_expr(&mut self) -> PResult<Expr> {
        let mut l = self.add_expr()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("<")) => Bin::Lt,
                Some(Tok::Op("<=")) => Bin::Le,
                Some(Tok::Op(">")) => Bin::Gt,
                Some(Tok::Op(">=")) => Bin::Ge,
                Some(Tok::Op("==")) => Bin::Eq,
                Some(Tok::Op("!=")) => Bin::Ne,
                _ => return Ok(l),
            };
            self.pos += 1;
            let r = self.add_expr()?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
    }

    fn add_expr(&mut self) -> PResult<Expr> {
        let mut l = self.mul_expr()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("+")) => Bin::Add,
                Some(Tok::Op("-")) => Bin::Sub,
                _ => return Ok(l),
            };
            self.pos += 1;
            let r = self.mul_expr()?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
    }

    fn mul_expr(&mut self) -> PResult<Expr> {
        let mut l = self.pow_expr()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("*")) => Bin::Mul,
                Some(Tok::Op("/")) => Bin::Div,
                Some(Tok::Op("%")) => Bin::Rem,
                _ => return Ok(l),
            };
            self.pos += 1;
            let r = self.pow_expr()?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
    }

    /// `^` is right-associative and looser than unary minus: `-2^2` is 4.
    fn pow_expr(&mut self) -> PResult<Expr> {
        let l = self.unary()?;
        if self.is("^") {
            self.pos += 1;
            self.enter()?;
            let r = self.pow_expr();
            self.depth -= 1;
            return Ok(Expr::Bin(Bin::Pow, Box::new(l), Box::new(r?)));
        }
        Ok(l)
    }

    fn unary(&mut self) -> PResult<Expr> {
        if self.is("-") {
            self.pos += 1;
            self.enter()?;
            let e = self.unary();
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(e?)));
        }
        self.primary()
    }

    /// The right side of an assignment: anything that binds tighter than a comparison
    /// (further assignments included).
    fn assign_rhs(&mut self) -> PResult<Expr> {
        self.enter()?;
        let e = if self.is("!") { self.not_expr() } else { self.add_expr() };
        self.depth -= 1;
        e
    }

    fn lvalue(&mut self) -> PResult<Option<LValue>> {
        let lv = match self.peek() {
            Some(Tok::Key("scale")) if !matches!(self.toks.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Op("("))) => {
                LValue::Scale
            }
            Some(Tok::Key("ibase")) => LValue::Ibase,
            Some(Tok::Key("obase")) => LValue::Obase,
            Some(Tok::Key("last")) => LValue::Last,
            Some(Tok::Name(n)) => {
                let n = n.clone();
                match self.toks.get(self.pos + 1).map(|t| &t.tok) {
                    Some(Tok::Op("(")) => return Ok(None),
                    Some(Tok::Op("[")) => {
                        self.pos += 2;
                        let i = self.expr()?;
                        if !self.is("]") {
                            return self.err("syntax error");
                        }
                        LValue::Elem(n, Box::new(i))
                    }
                    _ => LValue::Var(n),
                }
            }
            _ => return Ok(None),
        };
        self.pos += 1;
        Ok(Some(lv))
    }

    fn primary(&mut self) -> PResult<Expr> {
        let tok = match self.peek() {
            None => return Err(ParseError::Incomplete),
            Some(t) => t.clone(),
        };
        if let Tok::Op(op @ ("++" | "--")) = tok {
            self.pos += 1;
            return match self.lvalue()? {
                Some(lv) => Ok(Expr::Step(lv, op == "++", true)),
                None => self.err("syntax error"),
            };
        }
        if let Some(lv) = self.lvalue()? {
            let op = match self.peek() {
                Some(Tok::Op("=")) => Some(None),
                Some(Tok::Op("+=")) => Some(Some(Bin::Add)),
                Some(Tok::Op("-=")) => Some(Some(Bin::Sub)),
                Some(Tok::Op("*=")) => Some(Some(Bin::Mul)),
                Some(Tok::Op("/=")) => Some(Some(Bin::Div)),
                Some(Tok::Op("%=")) => Some(Some(Bin::Rem)),
                Some(Tok::Op("^=")) => Some(Some(Bin::Pow)),
                _ => None,
            };
            if let Some(op) = op {
                self.pos += 1;
                let rhs = self.assign_rhs()?;
                return Ok(Expr::Assign(lv, op, Box::new(rhs)));
            }
            if let Some(Tok::Op(op @ ("++" | "--"))) = self.peek() {
                let inc = *op == "++";
                self.pos += 1;
                return Ok(Expr::Step(lv, inc, false));
            }
            return Ok(Expr::Load(lv));
        }
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Op("(") => {
                let e = self.expr()?;
                self.expect(")")?;
                Ok(match e {
                    Expr::Assign(..) => Expr::Group(Box::new(e)),
                    e => e,
                })
            }
            Tok::Key(k @ ("length" | "sqrt" | "scale")) => {
                self.expect("(")?;
                let e = Box::new(self.expr()?);
                self.expect(")")?;
                Ok(match k {
                    "length" => Expr::Length(e),
                    "sqrt" => Expr::Sqrt(e),
                    _ => Expr::ScaleOf(e),
                })
            }
            Tok::Key("read") => {
                self.expect("(")?;
                self.expect(")")?;
                Ok(Expr::Read)
            }
            Tok::Name(name) => {
                self.expect("(")?;
                let mut args = Vec::new();
                if !self.is(")") {
                    loop {
                        let is_array = matches!(self.peek(), Some(Tok::Name(_)))
                            && matches!(self.toks.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Op("[")))
                            && matches!(self.toks.get(self.pos + 2).map(|t| &t.tok), Some(Tok::Op("]")));
                        if is_array {
                            if let Some(Tok::Name(a)) = self.peek() {
                                args.push(Arg::Array(a.clone()));
                            }
                            self.pos += 3;
                        } else {
                            args.push(Arg::Val(self.expr()?));
                        }
                        if !self.is(",") {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                self.expect(")")?;
                Ok(Expr::Call(name, args))
            }
            _ => self.err_at(self.pos - 1, "syntax error"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> PResult<Option<Item>> {
        let (toks, end) = lex(src, 1);
        assert_eq!(end, LexEnd::Done);
        Parser::new(&toks).item()
    }

    #[test]
    fn lexes_numbers_names_and_comments() {
        let (toks, _) = lex("x1 = 1.5 /* c\n */ # d\n\"s\" .5 . A", 1);
        let kinds: Vec<Tok> = toks.into_iter().map(|t| t.tok).collect();
        assert_eq!(
            kinds,
            vec![
                Tok::Name("x1".into()),
                Tok::Op("="),
                Tok::Num("1.5".into()),
                Tok::Op("\n"),
                Tok::Str("s".into()),
                Tok::Num(".5".into()),
                Tok::Key("last"),
                Tok::Num("A".into()),
            ]
        );
        assert_eq!(lex("\"abc", 1).1, LexEnd::InString);
        assert_eq!(lex("/* abc", 1).1, LexEnd::InComment);
    }

    #[test]
    fn parses_items_and_reports_errors() {
        assert!(matches!(parse("1+2; x=3\n"), Ok(Some(Item::Stmts(v))) if v.len() == 2));
        assert!(matches!(parse("define f(x) { return x }"), Ok(Some(Item::Func(_)))));
        assert_eq!(parse("1+\n").err(), Some(ParseError::Error { at: 2, line: 2, msg: "syntax error".into() }));
        assert_eq!(parse("1+2").err(), Some(ParseError::Incomplete));
        assert_eq!(parse("if (1) {\n").err(), Some(ParseError::Incomplete));
        assert_eq!(parse("5; quit\n").err(), Some(ParseError::Quit));
        assert!(matches!(parse("break\n"), Err(ParseError::Error { .. })));
        let deep = std::thread::Builder::new().stack_size(64 << 20).spawn(|| parse(&"(".repeat(300)).err());
        assert!(matches!(deep.unwrap().join().unwrap(), Some(ParseError::Error { .. })));
    }
}
