//! awk syntax tree and a recursive-descent parser (POSIX grammar, gawk's common extensions).

use std::collections::HashMap;
use std::rc::Rc;

use super::lexer::{Builtin, Tok, Token};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Var {
    Global(usize),
    Local(usize),
}

#[derive(Debug)]
pub enum LValue {
    Var(Var),
    Field(Box<Expr>),
    Index(Var, Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Debug)]
pub enum GetlineSrc {
    Main,
    File(Box<Expr>),
    Cmd(Box<Expr>),
}

#[derive(Debug)]
pub enum Expr {
    Num(f64),
    Str(Rc<[u8]>),
    /// A regex literal as a value: `$0 ~ /re/`.
    Regex(usize),
    Var(Var),
    Field(Box<Expr>),
    Index(Var, Vec<Expr>),
    In(Vec<Expr>, Var),
    Assign(Box<LValue>, Option<BinOp>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Plus(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Concat(Box<Expr>, Box<Expr>),
    Match(bool, Box<Expr>, Box<Expr>),
    /// `++x`/`x++`: (pre, delta).
    Incr(bool, f64, Box<LValue>),
    Call(usize, Vec<Expr>),
    Builtin(Builtin, Vec<Expr>),
    Getline(GetlineSrc, Option<Box<LValue>>),
    /// `(a, b)`: only valid before `in` or as a print list.
    Group(Vec<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Redir {
    File,
    Append,
    Pipe,
}

#[derive(Debug)]
pub enum Stmt {
    Expr(Expr),
    Print(Vec<Expr>, Option<(Redir, Expr)>),
    Printf(Vec<Expr>, Option<(Redir, Expr)>),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    Do(Box<Stmt>, Expr),
    For(Option<Box<Stmt>>, Option<Expr>, Option<Box<Stmt>>, Box<Stmt>),
    ForIn(Var, Var, Box<Stmt>),
    Block(Vec<Stmt>),
    Next,
    NextFile,
    Exit(Option<Expr>),
    Return(Option<Expr>),
    Break,
    Continue,
    Delete(Var, Option<Vec<Expr>>),
}

#[derive(Debug)]
pub enum Pattern {
    All,
    Expr(Expr),
    Range(Expr, Expr),
}

pub struct Function {
    pub name: String,
    pub nparams: usize,
    pub body: Vec<Stmt>,
    /// Which parameters the body uses as arrays.
    pub array_params: Vec<bool>,
}

pub struct Program {
    pub begin: Vec<Stmt>,
    pub end: Vec<Stmt>,
    pub rules: Vec<(Pattern, Option<Vec<Stmt>>)>,
    pub functions: Vec<Function>,
    pub globals: Vec<String>,
    pub regexes: Vec<Rc<[u8]>>,
}

/// Slots of the special variables, in this order.
pub const SPECIALS: &[&str] = &[
    "NR", "NF", "FNR", "FS", "OFS", "ORS", "RS", "FILENAME", "SUBSEP", "RSTART", "RLENGTH", "CONVFMT", "OFMT",
    "ENVIRON", "ARGC", "ARGV", "RT",
];
pub const V_NR: usize = 0;
pub const V_NF: usize = 1;
pub const V_FNR: usize = 2;
pub const V_FS: usize = 3;
pub const V_OFS: usize = 4;
pub const V_ORS: usize = 5;
pub const V_RS: usize = 6;
pub const V_FILENAME: usize = 7;
pub const V_SUBSEP: usize = 8;
pub const V_RSTART: usize = 9;
pub const V_RLENGTH: usize = 10;
pub const V_CONVFMT: usize = 11;
pub const V_OFMT: usize = 12;
pub const V_ENVIRON: usize = 13;
pub const V_ARGC: usize = 14;
pub const V_ARGV: usize = 15;
pub const V_RT: usize = 16;

pub struct Parser {
    toks: Vec<Token>,
    pos: usize,
    globals: HashMap<String, usize>,
    global_names: Vec<String>,
    locals: Option<HashMap<String, usize>>,
    funcs: HashMap<String, usize>,
    functions: Vec<Option<Function>>,
    calls: Vec<(String, usize)>,
    regexes: Vec<Rc<[u8]>>,
    in_print: bool,
    no_in: bool,
    loop_depth: usize,
    in_function: bool,
}

type R<T> = Result<T, String>;

impl Parser {
    pub fn new(toks: Vec<Token>) -> Parser {
        let mut p = Parser {
            toks,
            pos: 0,
            globals: HashMap::new(),
            global_names: Vec::new(),
            locals: None,
            funcs: HashMap::new(),
            functions: Vec::new(),
            calls: Vec::new(),
            regexes: Vec::new(),
            in_print: false,
            no_in: false,
            loop_depth: 0,
            in_function: false,
        };
        for s in SPECIALS {
            p.global(s);
        }
        p
    }

    /// Declares (or finds) a global variable; used for `-v` assignments too.
    pub fn global(&mut self, name: &str) -> usize {
        if let Some(&i) = self.globals.get(name) {
            return i;
        }
        let i = self.global_names.len();
        self.globals.insert(name.to_string(), i);
        self.global_names.push(name.to_string());
        i
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        let i = (self.pos + n).min(self.toks.len() - 1);
        &self.toks[i].tok
    }

    fn line(&self) -> usize {
        self.toks[self.pos].line
    }

    fn advance(&mut self) -> Tok {
        let t = self.toks[self.pos].tok.clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn err<T>(&self, what: &str) -> R<T> {
        let near = match self.peek() {
            Tok::Newline => "newline".to_string(),
            Tok::Eof => "end of source".to_string(),
            t => tok_text(t).to_string(),
        };
        Err(format!("{}: syntax error at or near {near}{}", self.line(), if what.is_empty() { String::new() } else { format!(" ({what})") }))
    }

    fn expect(&mut self, t: Tok, what: &str) -> R<()> {
        if *self.peek() == t {
            self.advance();
            Ok(())
        } else {
            self.err(what)
        }
    }

    fn skip_newlines(&mut self) {
        while *self.peek() == Tok::Newline {
            self.advance();
        }
    }

    fn skip_terminators(&mut self) {
        while matches!(self.peek(), Tok::Newline | Tok::Semi) {
            self.advance();
        }
    }

    fn var(&mut self, name: &str) -> Var {
        if let Some(l) = &self.locals {
            if let Some(&i) = l.get(name) {
                return Var::Local(i);
            }
        }
        Var::Global(self.global(name))
    }

    pub fn parse_program(mut self) -> R<Program> {
        let mut begin = Vec::new();
        let mut end = Vec::new();
        let mut rules = Vec::new();
        self.skip_terminators();
        while *self.peek() != Tok::Eof {
            match self.peek().clone() {
                Tok::Begin => {
                    self.advance();
                    self.skip_newlines();
                    if *self.peek() != Tok::LBrace {
                        return self.err("BEGIN blocks must have an action part");
                    }
                    begin.extend(self.block()?);
                }
                Tok::End => {
                    self.advance();
                    self.skip_newlines();
                    if *self.peek() != Tok::LBrace {
                        return self.err("END blocks must have an action part");
                    }
                    end.extend(self.block()?);
                }
                Tok::Function => self.function()?,
                Tok::LBrace => {
                    let b = self.block()?;
                    rules.push((Pattern::All, Some(b)));
                }
                _ => {
                    let first = self.expr()?;
                    let pat = if *self.peek() == Tok::Comma {
                        self.advance();
                        self.skip_newlines();
                        let second = self.expr()?;
                        Pattern::Range(first, second)
                    } else {
                        Pattern::Expr(first)
                    };
                    if *self.peek() == Tok::LBrace {
                        let b = self.block()?;
                        rules.push((pat, Some(b)));
                    } else {
                        rules.push((pat, None));
                    }
                }
            }
            if !matches!(self.peek(), Tok::Newline | Tok::Semi | Tok::Eof) {
                // Items may follow each other directly after a closing brace.
                if !matches!(self.toks[self.pos.saturating_sub(1)].tok, Tok::RBrace) {
                    return self.err("");
                }
            }
            self.skip_terminators();
        }
        // Resolve calls.
        for (name, line) in &self.calls {
            if !self.funcs.contains_key(name) || self.functions[self.funcs[name]].is_none() {
                return Err(format!("{line}: function `{name}' not defined"));
            }
        }
        let mut functions: Vec<Function> = self.functions.into_iter().map(|f| f.expect("checked above")).collect();
        array_params(&mut functions);
        Ok(Program { begin, end, rules, functions, globals: self.global_names, regexes: self.regexes })
    }

    fn func_index(&mut self, name: &str) -> usize {
        if let Some(&i) = self.funcs.get(name) {
            return i;
        }
        let i = self.functions.len();
        self.functions.push(None);
        self.funcs.insert(name.to_string(), i);
        i
    }

    fn function(&mut self) -> R<()> {
        self.advance();
        let name = match self.advance() {
            Tok::Name(n) | Tok::FuncName(n) => n,
            _ => return self.err("function name expected"),
        };
        if self.globals.contains_key(&name) && SPECIALS.contains(&name.as_str()) {
            return Err(format!("{}: function name `{name}' previously defined", self.line()));
        }
        let idx = self.func_index(&name);
        if self.functions[idx].is_some() {
            return Err(format!("{}: function `{name}' redefined", self.line()));
        }
        self.expect(Tok::LParen, "( expected")?;
        let mut params = HashMap::new();
        let mut n = 0;
        self.skip_newlines();
        while *self.peek() != Tok::RParen {
            match self.advance() {
                Tok::Name(p) => {
                    params.insert(p, n);
                    n += 1;
                }
                _ => return self.err("parameter name expected"),
            }
            self.skip_newlines();
            if *self.peek() == Tok::Comma {
                self.advance();
                self.skip_newlines();
            } else if *self.peek() != Tok::RParen {
                return self.err("");
            }
        }
        self.advance();
        self.skip_newlines();
        self.locals = Some(params);
        self.in_function = true;
        let body = self.block()?;
        self.in_function = false;
        self.locals = None;
        self.functions[idx] = Some(Function { name, nparams: n, body, array_params: vec![false; n] });
        Ok(())
    }

    fn block(&mut self) -> R<Vec<Stmt>> {
        self.expect(Tok::LBrace, "{ expected")?;
        let mut stmts = Vec::new();
        self.skip_terminators();
        while *self.peek() != Tok::RBrace {
            if *self.peek() == Tok::Eof {
                return self.err("unexpected end of program, missing }");
            }
            stmts.push(self.stmt()?);
            self.skip_terminators();
        }
        self.advance();
        Ok(stmts)
    }

    /// A statement's end: `;`, newline, or before `}`/EOF.
    fn end_simple(&mut self) -> R<()> {
        match self.peek() {
            Tok::Semi | Tok::Newline => {
                self.advance();
                Ok(())
            }
            Tok::RBrace | Tok::Eof => Ok(()),
            _ => self.err(""),
        }
    }

    fn body_stmt(&mut self) -> R<Stmt> {
        self.skip_newlines();
        if *self.peek() == Tok::Semi {
            self.advance();
            return Ok(Stmt::Block(Vec::new()));
        }
        self.stmt()
    }

    fn stmt(&mut self) -> R<Stmt> {
        match self.peek().clone() {
            Tok::LBrace => Ok(Stmt::Block(self.block()?)),
            Tok::If => {
                self.advance();
                self.expect(Tok::LParen, "( expected")?;
                let c = self.expr()?;
                self.expect(Tok::RParen, ") expected")?;
                let then = self.body_stmt()?;
                // `else` may follow after newlines or a semicolon.
                let save = self.pos;
                self.skip_terminators();
                if *self.peek() == Tok::Else {
                    self.advance();
                    let els = self.body_stmt()?;
                    Ok(Stmt::If(c, Box::new(then), Some(Box::new(els))))
                } else {
                    self.pos = save;
                    Ok(Stmt::If(c, Box::new(then), None))
                }
            }
            Tok::While => {
                self.advance();
                self.expect(Tok::LParen, "( expected")?;
                let c = self.expr()?;
                self.expect(Tok::RParen, ") expected")?;
                if matches!(self.peek(), Tok::Semi) {
                    self.advance();
                    return Ok(Stmt::While(c, Box::new(Stmt::Block(Vec::new()))));
                }
                self.loop_depth += 1;
                let body = self.body_stmt();
                self.loop_depth -= 1;
                Ok(Stmt::While(c, Box::new(body?)))
            }
            Tok::Do => {
                self.advance();
                self.loop_depth += 1;
                let body = self.body_stmt();
                self.loop_depth -= 1;
                let body = body?;
                self.skip_terminators();
                self.expect(Tok::While, "while expected after do body")?;
                self.expect(Tok::LParen, "( expected")?;
                let c = self.expr()?;
                self.expect(Tok::RParen, ") expected")?;
                self.end_simple()?;
                Ok(Stmt::Do(Box::new(body), c))
            }
            Tok::For => {
                self.advance();
                self.expect(Tok::LParen, "( expected")?;
                // for (k in a)
                if let (Tok::Name(k), Tok::In, Tok::Name(a), Tok::RParen) =
                    (self.peek().clone(), self.peek_at(1).clone(), self.peek_at(2).clone(), self.peek_at(3).clone())
                {
                    self.pos += 4;
                    let kv = self.var(&k);
                    let av = self.var(&a);
                    self.loop_depth += 1;
                    let body = self.body_stmt();
                    self.loop_depth -= 1;
                    return Ok(Stmt::ForIn(kv, av, Box::new(body?)));
                }
                let init = if *self.peek() == Tok::Semi { None } else { Some(Box::new(self.simple_stmt()?)) };
                self.expect(Tok::Semi, "; expected")?;
                self.skip_newlines();
                let cond = if *self.peek() == Tok::Semi { None } else { Some(self.expr()?) };
                self.expect(Tok::Semi, "; expected")?;
                self.skip_newlines();
                let incr = if *self.peek() == Tok::RParen { None } else { Some(Box::new(self.simple_stmt()?)) };
                self.expect(Tok::RParen, ") expected")?;
                if matches!(self.peek(), Tok::Semi) {
                    self.advance();
                    return Ok(Stmt::For(init, cond, incr, Box::new(Stmt::Block(Vec::new()))));
                }
                self.loop_depth += 1;
                let body = self.body_stmt();
                self.loop_depth -= 1;
                Ok(Stmt::For(init, cond, incr, Box::new(body?)))
            }
            Tok::Semi => {
                self.advance();
                Ok(Stmt::Block(Vec::new()))
            }
            _ => {
                let s = self.simple_stmt()?;
                self.end_simple()?;
                Ok(s)
            }
        }
    }

    fn simple_stmt(&mut self) -> R<Stmt> {
        match self.peek().clone() {
            Tok::Print | Tok::Printf => {
                let is_printf = *self.peek() == Tok::Printf;
                self.advance();
                let mut args = Vec::new();
                let saved = self.in_print;
                self.in_print = true;
                if !matches!(self.peek(), Tok::Semi | Tok::Newline | Tok::RBrace | Tok::Gt | Tok::Append | Tok::Pipe | Tok::Eof) {
                    args = self.expr_list()?;
                }
                self.in_print = saved;
                if args.len() == 1 {
                    if let Expr::Group(_) = &args[0] {
                        if let Some(Expr::Group(items)) = args.pop() {
                            args = items;
                        }
                    }
                }
                let redir = match self.peek() {
                    Tok::Gt => Some(Redir::File),
                    Tok::Append => Some(Redir::Append),
                    Tok::Pipe => Some(Redir::Pipe),
                    _ => None,
                };
                let redir = match redir {
                    Some(r) => {
                        self.advance();
                        let saved = self.in_print;
                        self.in_print = true;
                        let target = self.concat_expr();
                        self.in_print = saved;
                        Some((r, target?))
                    }
                    None => None,
                };
                if is_printf {
                    if args.is_empty() {
                        return self.err("printf: no format");
                    }
                    Ok(Stmt::Printf(args, redir))
                } else {
                    Ok(Stmt::Print(args, redir))
                }
            }
            Tok::Next => {
                self.advance();
                Ok(Stmt::Next)
            }
            Tok::NextFile => {
                self.advance();
                Ok(Stmt::NextFile)
            }
            Tok::Exit => {
                self.advance();
                if matches!(self.peek(), Tok::Semi | Tok::Newline | Tok::RBrace | Tok::Eof) {
                    Ok(Stmt::Exit(None))
                } else {
                    Ok(Stmt::Exit(Some(self.expr()?)))
                }
            }
            Tok::Return => {
                if !self.in_function {
                    return self.err("return used outside function context");
                }
                self.advance();
                if matches!(self.peek(), Tok::Semi | Tok::Newline | Tok::RBrace | Tok::Eof) {
                    Ok(Stmt::Return(None))
                } else {
                    Ok(Stmt::Return(Some(self.expr()?)))
                }
            }
            Tok::Break => {
                if self.loop_depth == 0 {
                    return self.err("break is not allowed outside a loop");
                }
                self.advance();
                Ok(Stmt::Break)
            }
            Tok::Continue => {
                if self.loop_depth == 0 {
                    return self.err("continue is not allowed outside a loop");
                }
                self.advance();
                Ok(Stmt::Continue)
            }
            Tok::Delete => {
                self.advance();
                let name = match self.advance() {
                    Tok::Name(n) => n,
                    _ => return self.err("delete: array name expected"),
                };
                let v = self.var(&name);
                if *self.peek() == Tok::LBracket {
                    self.advance();
                    let subs = self.expr_list()?;
                    self.expect(Tok::RBracket, "] expected")?;
                    Ok(Stmt::Delete(v, Some(subs)))
                } else {
                    Ok(Stmt::Delete(v, None))
                }
            }
            _ => Ok(Stmt::Expr(self.expr()?)),
        }
    }

    fn expr_list(&mut self) -> R<Vec<Expr>> {
        let mut v = vec![self.expr()?];
        while *self.peek() == Tok::Comma {
            self.advance();
            self.skip_newlines();
            v.push(self.expr()?);
        }
        Ok(v)
    }

    pub fn expr(&mut self) -> R<Expr> {
        self.ternary()
    }

    fn to_lvalue(&self, e: Expr) -> Option<LValue> {
        match e {
            Expr::Var(v) => Some(LValue::Var(v)),
            Expr::Field(f) => Some(LValue::Field(f)),
            Expr::Index(v, s) => Some(LValue::Index(v, s)),
            _ => None,
        }
    }

    fn ternary(&mut self) -> R<Expr> {
        let cond = self.or()?;
        let op = match self.peek() {
            Tok::Question => {
                self.advance();
                self.skip_newlines();
                let a = self.ternary()?;
                self.skip_newlines();
                self.expect(Tok::Colon, ": expected")?;
                self.skip_newlines();
                let b = self.ternary()?;
                return Ok(Expr::Cond(Box::new(cond), Box::new(a), Box::new(b)));
            }
            Tok::Assign => None,
            Tok::AddAssign => Some(BinOp::Add),
            Tok::SubAssign => Some(BinOp::Sub),
            Tok::MulAssign => Some(BinOp::Mul),
            Tok::DivAssign => Some(BinOp::Div),
            Tok::ModAssign => Some(BinOp::Mod),
            Tok::PowAssign => Some(BinOp::Pow),
            _ => return Ok(cond),
        };
        if !matches!(cond, Expr::Var(_) | Expr::Field(_) | Expr::Index(..)) {
            return Ok(cond);
        }
        self.advance();
        self.skip_newlines();
        let rhs = self.ternary()?;
        let lv = self.to_lvalue(cond).expect("checked");
        Ok(Expr::Assign(Box::new(lv), op, Box::new(rhs)))
    }

    fn or(&mut self) -> R<Expr> {
        let mut l = self.and()?;
        while *self.peek() == Tok::Or {
            self.advance();
            self.skip_newlines();
            let r = self.and()?;
            l = Expr::Or(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn and(&mut self) -> R<Expr> {
        let mut l = self.in_expr()?;
        while *self.peek() == Tok::And {
            self.advance();
            self.skip_newlines();
            let r = self.in_expr()?;
            l = Expr::And(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn in_expr(&mut self) -> R<Expr> {
        let mut l = self.match_expr()?;
        while *self.peek() == Tok::In && !self.no_in {
            self.advance();
            let name = match self.advance() {
                Tok::Name(n) => n,
                _ => return self.err("array name expected after in"),
            };
            let v = self.var(&name);
            let subs = match l {
                Expr::Group(items) => items,
                other => vec![other],
            };
            l = Expr::In(subs, v);
        }
        Ok(l)
    }

    fn match_expr(&mut self) -> R<Expr> {
        let mut l = self.comparison()?;
        loop {
            let neg = match self.peek() {
                Tok::Tilde => false,
                Tok::NoMatch => true,
                _ => return Ok(l),
            };
            self.advance();
            let r = self.comparison()?;
            l = Expr::Match(neg, Box::new(l), Box::new(r));
        }
    }

    fn comparison(&mut self) -> R<Expr> {
        let l = self.pipe_getline()?;
        let op = match self.peek() {
            Tok::Lt => BinOp::Lt,
            Tok::Le => BinOp::Le,
            Tok::Ne => BinOp::Ne,
            Tok::Eq => BinOp::Eq,
            Tok::Gt if !self.in_print => BinOp::Gt,
            Tok::Ge => BinOp::Ge,
            _ => return Ok(l),
        };
        self.advance();
        let r = self.pipe_getline()?;
        Ok(Expr::Bin(op, Box::new(l), Box::new(r)))
    }

    /// `cmd | getline [var]`, left-associative over concatenations.
    fn pipe_getline(&mut self) -> R<Expr> {
        let mut l = self.concat_expr()?;
        while *self.peek() == Tok::Pipe && *self.peek_at(1) == Tok::Getline {
            self.advance();
            self.advance();
            let lv = self.opt_getline_lvalue()?;
            l = Expr::Getline(GetlineSrc::Cmd(Box::new(l)), lv.map(Box::new));
        }
        Ok(l)
    }

    fn starts_operand(&self) -> bool {
        match self.peek() {
            Tok::Num(_)
            | Tok::Str(_)
            | Tok::Regex(_)
            | Tok::Name(_)
            | Tok::FuncName(_)
            | Tok::Builtin(_)
            | Tok::Dollar
            | Tok::Not
            | Tok::LParen
            | Tok::Minus
            | Tok::Plus
            | Tok::Incr
            | Tok::Decr => true,
            Tok::In => false,
            _ => false,
        }
    }

    fn concat_expr(&mut self) -> R<Expr> {
        let mut l = self.additive()?;
        // `a -1` is a subtraction and `a !b` no concatenation.
        while self.starts_operand() && !matches!(self.peek(), Tok::Minus | Tok::Plus | Tok::Not) {
            let r = self.additive()?;
            l = Expr::Concat(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn additive(&mut self) -> R<Expr> {
        let mut l = self.multiplicative()?;
        loop {
            let op = match self.peek() {
                Tok::Plus => BinOp::Add,
                Tok::Minus => BinOp::Sub,
                _ => return Ok(l),
            };
            self.advance();
            let r = self.multiplicative()?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
    }

    fn multiplicative(&mut self) -> R<Expr> {
        let mut l = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Star => BinOp::Mul,
                Tok::Slash => BinOp::Div,
                Tok::Percent => BinOp::Mod,
                _ => return Ok(l),
            };
            self.advance();
            let r = self.unary()?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
    }

    fn unary(&mut self) -> R<Expr> {
        match self.peek() {
            Tok::Not => {
                self.advance();
                let e = self.unary()?;
                Ok(Expr::Not(Box::new(e)))
            }
            Tok::Minus => {
                self.advance();
                let e = self.unary()?;
                Ok(Expr::Neg(Box::new(e)))
            }
            Tok::Plus => {
                self.advance();
                let e = self.unary()?;
                Ok(Expr::Plus(Box::new(e)))
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> R<Expr> {
        let base = self.postfix()?;
        if *self.peek() == Tok::Caret {
            self.advance();
            // Right-associative; the exponent may carry a sign.
            let exp = match self.peek() {
                Tok::Minus => {
                    self.advance();
                    Expr::Neg(Box::new(self.power_operand()?))
                }
                Tok::Plus => {
                    self.advance();
                    self.power_operand()?
                }
                Tok::Not => {
                    self.advance();
                    Expr::Not(Box::new(self.power_operand()?))
                }
                _ => self.power_operand()?,
            };
            return Ok(Expr::Bin(BinOp::Pow, Box::new(base), Box::new(exp)));
        }
        Ok(base)
    }

    fn power_operand(&mut self) -> R<Expr> {
        self.power()
    }

    fn postfix(&mut self) -> R<Expr> {
        match self.peek() {
            Tok::Incr | Tok::Decr => {
                let delta = if *self.peek() == Tok::Incr { 1.0 } else { -1.0 };
                self.advance();
                let e = self.postfix()?;
                match self.to_lvalue(e) {
                    Some(lv) => Ok(Expr::Incr(true, delta, Box::new(lv))),
                    None => self.err("++ or -- applied to a non-lvalue"),
                }
            }
            _ => {
                let e = self.primary()?;
                if matches!(e, Expr::Var(_) | Expr::Field(_) | Expr::Index(..)) {
                    let delta = match self.peek() {
                        Tok::Incr => 1.0,
                        Tok::Decr => -1.0,
                        _ => return Ok(e),
                    };
                    self.advance();
                    let lv = self.to_lvalue(e).expect("checked");
                    return Ok(Expr::Incr(false, delta, Box::new(lv)));
                }
                Ok(e)
            }
        }
    }

    fn opt_getline_lvalue(&mut self) -> R<Option<LValue>> {
        match self.peek() {
            Tok::Dollar => {
                self.advance();
                let e = self.field_operand()?;
                Ok(Some(LValue::Field(Box::new(e))))
            }
            Tok::Name(_) => {
                let name = match self.advance() {
                    Tok::Name(n) => n,
                    _ => unreachable!(),
                };
                let v = self.var(&name);
                if *self.peek() == Tok::LBracket {
                    self.advance();
                    let subs = self.expr_list()?;
                    self.expect(Tok::RBracket, "] expected")?;
                    Ok(Some(LValue::Index(v, subs)))
                } else {
                    Ok(Some(LValue::Var(v)))
                }
            }
            _ => Ok(None),
        }
    }

    /// The operand of `$`: a primary with optional `++`/`--` prefix or unary minus.
    fn field_operand(&mut self) -> R<Expr> {
        match self.peek() {
            Tok::Incr | Tok::Decr | Tok::Minus | Tok::Plus | Tok::Not => self.unary_no_power(),
            _ => self.primary(),
        }
    }

    fn unary_no_power(&mut self) -> R<Expr> {
        match self.advance() {
            Tok::Minus => Ok(Expr::Neg(Box::new(self.field_operand()?))),
            Tok::Plus => Ok(Expr::Plus(Box::new(self.field_operand()?))),
            Tok::Not => Ok(Expr::Not(Box::new(self.field_operand()?))),
            t @ (Tok::Incr | Tok::Decr) => {
                let e = self.primary()?;
                match self.to_lvalue(e) {
                    Some(lv) => Ok(Expr::Incr(true, if t == Tok::Incr { 1.0 } else { -1.0 }, Box::new(lv))),
                    None => self.err("++ or -- applied to a non-lvalue"),
                }
            }
            _ => self.err(""),
        }
    }

    fn primary(&mut self) -> R<Expr> {
        let line = self.line();
        match self.advance() {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Regex(r) => {
                let i = self.regexes.len();
                self.regexes.push(r);
                Ok(Expr::Regex(i))
            }
            Tok::Dollar => {
                let e = self.field_operand()?;
                Ok(Expr::Field(Box::new(e)))
            }
            Tok::LParen => {
                let (saved_print, saved_in) = (self.in_print, self.no_in);
                self.in_print = false;
                self.no_in = false;
                self.skip_newlines();
                let list = self.expr_list();
                self.in_print = saved_print;
                self.no_in = saved_in;
                let mut list = list?;
                self.skip_newlines();
                self.expect(Tok::RParen, ") expected")?;
                if list.len() == 1 {
                    let e = list.pop().expect("one");
                    return Ok(e);
                }
                if *self.peek() != Tok::In && !self.in_print {
                    return Err(format!("{line}: syntax error: a list in parentheses must be followed by `in'"));
                }
                Ok(Expr::Group(list))
            }
            Tok::Not => {
                let e = self.unary()?;
                Ok(Expr::Not(Box::new(e)))
            }
            Tok::Minus => {
                let e = self.unary()?;
                Ok(Expr::Neg(Box::new(e)))
            }
            Tok::Plus => {
                let e = self.unary()?;
                Ok(Expr::Plus(Box::new(e)))
            }
            Tok::Getline => {
                let lv = self.opt_getline_lvalue()?;
                if *self.peek() == Tok::Lt {
                    self.advance();
                    // The file is a primary (with field and concatenation-free operands).
                    let f = self.getline_file()?;
                    return Ok(Expr::Getline(GetlineSrc::File(Box::new(f)), lv.map(Box::new)));
                }
                Ok(Expr::Getline(GetlineSrc::Main, lv.map(Box::new)))
            }
            Tok::Name(n) => {
                let v = self.var(&n);
                if *self.peek() == Tok::LBracket {
                    self.advance();
                    self.skip_newlines();
                    let subs = self.expr_list()?;
                    self.skip_newlines();
                    self.expect(Tok::RBracket, "] expected")?;
                    return Ok(Expr::Index(v, subs));
                }
                Ok(Expr::Var(v))
            }
            Tok::FuncName(n) => {
                self.expect(Tok::LParen, "( expected")?;
                let mut args = Vec::new();
                self.skip_newlines();
                if *self.peek() != Tok::RParen {
                    let saved = (self.in_print, self.no_in);
                    self.in_print = false;
                    self.no_in = false;
                    let l = self.expr_list();
                    (self.in_print, self.no_in) = saved;
                    args = l?;
                }
                self.skip_newlines();
                self.expect(Tok::RParen, ") expected")?;
                let idx = self.func_index(&n);
                self.calls.push((n, line));
                Ok(Expr::Call(idx, args))
            }
            Tok::Builtin(b) => {
                if *self.peek() != Tok::LParen {
                    if b == Builtin::Length {
                        return Ok(Expr::Builtin(b, Vec::new()));
                    }
                    return Err(format!("{line}: syntax error: `(' expected after builtin function"));
                }
                self.advance();
                let mut args = Vec::new();
                self.skip_newlines();
                if *self.peek() != Tok::RParen {
                    let saved = (self.in_print, self.no_in);
                    self.in_print = false;
                    self.no_in = false;
                    let l = self.expr_list();
                    (self.in_print, self.no_in) = saved;
                    args = l?;
                }
                self.skip_newlines();
                self.expect(Tok::RParen, ") expected")?;
                check_builtin_arity(b, &args, line)?;
                Ok(Expr::Builtin(b, args))
            }
            Tok::Incr | Tok::Decr => {
                self.pos -= 1;
                self.postfix()
            }
            _ => {
                self.pos -= 1;
                self.err("")
            }
        }
    }

    fn getline_file(&mut self) -> R<Expr> {
        match self.peek() {
            Tok::Dollar => {
                self.advance();
                let e = self.field_operand()?;
                Ok(Expr::Field(Box::new(e)))
            }
            _ => self.primary(),
        }
    }
}

fn check_builtin_arity(b: Builtin, args: &[Expr], line: usize) -> R<()> {
    let (min, max) = match b {
        Builtin::Length => (0, 1),
        Builtin::Substr => (2, 3),
        Builtin::Index => (2, 2),
        Builtin::Split => (2, 3),
        Builtin::Sub | Builtin::Gsub => (2, 3),
        Builtin::Match => (2, 3),
        Builtin::Sprintf => (1, usize::MAX),
        Builtin::Sin | Builtin::Cos | Builtin::Exp | Builtin::Log | Builtin::Sqrt | Builtin::Int => (1, 1),
        Builtin::Atan2 => (2, 2),
        Builtin::Rand => (0, 0),
        Builtin::Srand => (0, 1),
        Builtin::Tolower | Builtin::Toupper => (1, 1),
        Builtin::System => (1, 1),
        Builtin::Close => (1, 2),
        Builtin::Fflush => (0, 1),
    };
    if args.len() < min || args.len() > max {
        return Err(format!("{line}: {b:?}: wrong number of arguments").to_lowercase());
    }
    if matches!(b, Builtin::Sub | Builtin::Gsub)
        && args.len() == 3
        && !matches!(args[2], Expr::Var(_) | Expr::Field(_) | Expr::Index(..))
    {
        return Err(format!("{line}: {}: 3rd argument is not a changeable object", if b == Builtin::Sub { "sub" } else { "gsub" }));
    }
    Ok(())
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Num(n) => format!("{n}"),
        Tok::Str(s) => format!("\"{}\"", String::from_utf8_lossy(s)),
        Tok::Regex(s) => format!("/{}/", String::from_utf8_lossy(s)),
        Tok::Name(n) | Tok::FuncName(n) => n.clone(),
        Tok::LBrace => "{".into(),
        Tok::RBrace => "}".into(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::LBracket => "[".into(),
        Tok::RBracket => "]".into(),
        Tok::Semi => ";".into(),
        Tok::Comma => ",".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Marks the parameters each function uses as arrays (directly, or by passing them on to a
/// function that does), to a fixed point.
fn array_params(funcs: &mut [Function]) {
    fn walk_expr(e: &Expr, marks: &mut Vec<bool>, funcs_arr: &[Vec<bool>]) {
        let mark = |v: &Var, marks: &mut Vec<bool>| {
            if let Var::Local(i) = v {
                if *i < marks.len() {
                    marks[*i] = true;
                }
            }
        };
        match e {
            Expr::Index(v, subs) => {
                mark(v, marks);
                subs.iter().for_each(|s| walk_expr(s, marks, funcs_arr));
            }
            Expr::In(subs, v) => {
                mark(v, marks);
                subs.iter().for_each(|s| walk_expr(s, marks, funcs_arr));
            }
            Expr::Call(f, args) => {
                for (i, a) in args.iter().enumerate() {
                    if let Expr::Var(v) = a {
                        if funcs_arr.get(*f).and_then(|p| p.get(i)).copied().unwrap_or(false) {
                            mark(v, marks);
                        }
                    }
                    walk_expr(a, marks, funcs_arr);
                }
            }
            Expr::Builtin(b, args) => {
                if *b == Builtin::Split || *b == Builtin::Match {
                    if let Some(Expr::Var(v)) = args.get(if *b == Builtin::Split { 1 } else { 2 }) {
                        mark(v, marks);
                    }
                }
                args.iter().for_each(|a| walk_expr(a, marks, funcs_arr));
            }
            Expr::Assign(lv, _, r) => {
                walk_lv(lv, marks, funcs_arr);
                walk_expr(r, marks, funcs_arr);
            }
            Expr::Incr(_, _, lv) => walk_lv(lv, marks, funcs_arr),
            Expr::Getline(src, lv) => {
                match src {
                    GetlineSrc::File(e) | GetlineSrc::Cmd(e) => walk_expr(e, marks, funcs_arr),
                    GetlineSrc::Main => {}
                }
                if let Some(lv) = lv {
                    walk_lv(lv, marks, funcs_arr);
                }
            }
            Expr::Field(a) | Expr::Not(a) | Expr::Neg(a) | Expr::Plus(a) => walk_expr(a, marks, funcs_arr),
            Expr::Cond(a, b, c) => {
                walk_expr(a, marks, funcs_arr);
                walk_expr(b, marks, funcs_arr);
                walk_expr(c, marks, funcs_arr);
            }
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Bin(_, a, b) | Expr::Concat(a, b) | Expr::Match(_, a, b) => {
                walk_expr(a, marks, funcs_arr);
                walk_expr(b, marks, funcs_arr);
            }
            Expr::Group(v) => v.iter().for_each(|a| walk_expr(a, marks, funcs_arr)),
            Expr::Num(_) | Expr::Str(_) | Expr::Regex(_) | Expr::Var(_) => {}
        }
    }
    fn walk_lv(lv: &LValue, marks: &mut Vec<bool>, funcs_arr: &[Vec<bool>]) {
        match lv {
            LValue::Var(_) => {}
            LValue::Field(e) => walk_expr(e, marks, funcs_arr),
            LValue::Index(v, subs) => {
                if let Var::Local(i) = v {
                    if *i < marks.len() {
                        marks[*i] = true;
                    }
                }
                subs.iter().for_each(|s| walk_expr(s, marks, funcs_arr));
            }
        }
    }
    fn walk_stmt(s: &Stmt, marks: &mut Vec<bool>, funcs_arr: &[Vec<bool>]) {
        let mark = |v: &Var, marks: &mut Vec<bool>| {
            if let Var::Local(i) = v {
                if *i < marks.len() {
                    marks[*i] = true;
                }
            }
        };
        match s {
            Stmt::Expr(e) => walk_expr(e, marks, funcs_arr),
            Stmt::Print(args, r) | Stmt::Printf(args, r) => {
                args.iter().for_each(|a| walk_expr(a, marks, funcs_arr));
                if let Some((_, e)) = r {
                    walk_expr(e, marks, funcs_arr);
                }
            }
            Stmt::If(c, a, b) => {
                walk_expr(c, marks, funcs_arr);
                walk_stmt(a, marks, funcs_arr);
                if let Some(b) = b {
                    walk_stmt(b, marks, funcs_arr);
                }
            }
            Stmt::While(c, b) | Stmt::Do(b, c) => {
                walk_expr(c, marks, funcs_arr);
                walk_stmt(b, marks, funcs_arr);
            }
            Stmt::For(i, c, n, b) => {
                if let Some(i) = i {
                    walk_stmt(i, marks, funcs_arr);
                }
                if let Some(c) = c {
                    walk_expr(c, marks, funcs_arr);
                }
                if let Some(n) = n {
                    walk_stmt(n, marks, funcs_arr);
                }
                walk_stmt(b, marks, funcs_arr);
            }
            Stmt::ForIn(_, a, b) => {
                mark(a, marks);
                walk_stmt(b, marks, funcs_arr);
            }
            Stmt::Block(v) => v.iter().for_each(|s| walk_stmt(s, marks, funcs_arr)),
            Stmt::Exit(Some(e)) | Stmt::Return(Some(e)) => walk_expr(e, marks, funcs_arr),
            Stmt::Delete(v, subs) => {
                mark(v, marks);
                if let Some(subs) = subs {
                    subs.iter().for_each(|s| walk_expr(s, marks, funcs_arr));
                }
            }
            _ => {}
        }
    }
    loop {
        let current: Vec<Vec<bool>> = funcs.iter().map(|f| f.array_params.clone()).collect();
        let mut changed = false;
        for f in funcs.iter_mut() {
            let mut marks = f.array_params.clone();
            for s in &f.body {
                walk_stmt(s, &mut marks, &current);
            }
            if marks != f.array_params {
                f.array_params = marks;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}
