//! The evaluator of `bc`: variables and arrays with dynamic scoping (a call pushes its
//! parameters and autos over the caller's names), user functions, `scale`/`ibase`/`obase`/
//! `last`, and output wrapped at `BC_LINE_LENGTH` as GNU bc does.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

use super::num::Num;
use super::parse::{Arg, Bin, Expr, Func, LValue, PrintItem, Stmt};
use crate::common::Out;

/// The deepest chain of user function calls (bc's stack lives on ours).
const MAX_CALL_DEPTH: usize = 400;

/// GNU's `BC_DIM_MAX`: the largest array index.
const DIM_MAX: i64 = 16_777_215;

/// Why execution stopped early.
pub enum Stop {
    /// A runtime error: the message after `Runtime error (func=F, adr=N): `.
    Error(String),
    /// `halt`.
    Halt,
}

enum Flow {
    Next,
    Break,
    Continue,
    Return(Option<Num>),
}

type R<T> = Result<T, Stop>;

fn fail<T>(msg: impl Into<String>) -> R<T> {
    Err(Stop::Error(msg.into()))
}

/// An array: sparse, elements default to 0.
type Array = HashMap<i64, Num>;

/// The state of a bc session.
pub struct Interp {
    pub scale: usize,
    ibase: u32,
    obase: u64,
    last: Num,
    vars: HashMap<Rc<str>, Vec<Num>>,
    arrays: HashMap<Rc<str>, Vec<Array>>,
    funcs: HashMap<Rc<str>, Rc<Func>>,
    /// Functions of the math library, run with `ibase=10`.
    library: Vec<Rc<str>>,
    calls: Vec<Rc<str>>,
    out: Out,
    line_len: usize,
    col: usize,
}

impl Interp {
    /// A session writing to standard output, lines wrapped at `line_len` characters (0: never).
    pub fn new(line_len: usize) -> Interp {
        Interp {
            scale: 0,
            ibase: 10,
            obase: 10,
            last: Num::zero(),
            vars: HashMap::new(),
            arrays: HashMap::new(),
            funcs: HashMap::new(),
            library: Vec::new(),
            calls: Vec::new(),
            out: Out::new(),
            line_len,
            col: 0,
        }
    }

    /// Defines (or redefines) a function.
    pub fn define(&mut self, f: Func, library: bool) {
        if library {
            self.library.push(f.name.clone());
        }
        self.funcs.insert(f.name.clone(), Rc::new(f));
    }

    pub fn flush(&mut self) {
        self.out.flush_out();
    }

    /// Writes `s` counting columns and breaking long lines with `\` as GNU's `out_char`.
    fn emit(&mut self, s: &[u8]) {
        for &c in s {
            if c == b'\n' {
                self.col = 0;
                self.out.bytes(b"\n");
                continue;
            }
            self.col += 1;
            if self.line_len != 0 && self.col == self.line_len - 1 {
                self.out.bytes(b"\\\n");
                self.col = 1;
            }
            self.out.bytes(&[c]);
        }
    }

    /// Runs the statements of one top-level item; a runtime error is reported on stderr and
    /// ends the item. Returns false after `halt`.
    pub fn run(&mut self, stmts: &[Stmt]) -> bool {
        let r = self.block(stmts);
        let go = match r {
            Ok(_) => true,
            Err(Stop::Halt) => false,
            Err(Stop::Error(m)) => {
                self.report("error", &m);
                true
            }
        };
        self.calls.clear();
        go
    }

    fn report(&mut self, kind: &str, msg: &str) {
        self.out.flush_out();
        let func = self.calls.last().map_or("(main)".to_string(), |f| f.to_string());
        let _ = writeln!(std::io::stderr(), "Runtime {kind} (func={func}, adr=0): {msg}");
    }

    fn warn(&mut self, msg: &str) {
        self.report("warning", msg);
    }

    fn block(&mut self, stmts: &[Stmt]) -> R<Flow> {
        for s in stmts {
            match self.stmt(s)? {
                Flow::Next => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Next)
    }

    fn truth(&mut self, e: &Expr) -> R<bool> {
        Ok(!self.eval(e)?.is_zero())
    }

    fn print_num(&mut self, n: &Num) {
        let s = n.format(self.obase);
        self.emit(s.as_bytes());
    }

    fn stmt(&mut self, s: &Stmt) -> R<Flow> {
        match s {
            Stmt::Expr(e) => {
                if let Expr::Call(name, _) = e {
                    if self.funcs.get(name).is_some_and(|f| f.void) {
                        self.call(name, e)?;
                        return Ok(Flow::Next);
                    }
                }
                let v = self.eval(e)?;
                if !matches!(e, Expr::Assign(..)) {
                    self.print_num(&v);
                    self.emit(b"\n");
                    self.last = v;
                }
            }
            Stmt::Str(t) => self.emit(t.as_bytes()),
            Stmt::Print(items) => {
                for it in items {
                    match it {
                        PrintItem::Str(t) => {
                            let t = unescape(t);
                            self.emit(&t);
                        }
                        PrintItem::Val(e) => {
                            let v = self.eval(e)?;
                            self.print_num(&v);
                            self.last = v;
                        }
                    }
                }
            }
            Stmt::If(c, a, b) => {
                if self.truth(c)? {
                    return self.stmt(a);
                } else if let Some(b) = b {
                    return self.stmt(b);
                }
            }
            Stmt::While(c, body) => {
                while self.truth(c)? {
                    match self.stmt(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
            }
            Stmt::For(init, cond, step, body) => {
                if let Some(e) = init {
                    self.eval(e)?;
                }
                loop {
                    if let Some(c) = cond {
                        if !self.truth(c)? {
                            break;
                        }
                    }
                    match self.stmt(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                    if let Some(e) = step {
                        self.eval(e)?;
                    }
                }
            }
            Stmt::Break => return Ok(Flow::Break),
            Stmt::Continue => return Ok(Flow::Continue),
            Stmt::Halt => return Err(Stop::Halt),
            Stmt::Return(e) => {
                let v = match e {
                    Some(e) => Some(self.eval(e)?),
                    None => None,
                };
                return Ok(Flow::Return(v));
            }
            Stmt::Block(b) => return self.block(b),
            Stmt::Limits => self.emit(
                b"BC_BASE_MAX     = 2147483647\nBC_DIM_MAX      = 16777215\nBC_SCALE_MAX    = 2147483647\n\
                  BC_STRING_MAX   = 2147483647\nMAX Exponent    = 9223372036854775807\nNumber of vars  = 32767\n",
            ),
            Stmt::Warranty => self.emit(super::WARRANTY.as_bytes()),
        }
        Ok(Flow::Next)
    }

    fn var(&self, name: &str) -> Num {
        self.vars.get(name).and_then(|v| v.last()).cloned().unwrap_or_default()
    }

    fn index(&mut self, name: &str, e: &Expr) -> R<i64> {
        let v = self.eval(e)?;
        match v.to_i64() {
            Some(i) if (0..=DIM_MAX).contains(&i) => Ok(i),
            _ => fail(format!("Array {name} subscript out of bounds.")),
        }
    }

    fn array(&mut self, name: &Rc<str>) -> &mut Array {
        let stack = self.arrays.entry(name.clone()).or_default();
        if stack.is_empty() {
            stack.push(Array::new());
        }
        let last = stack.len() - 1;
        &mut stack[last]
    }

    /// An lvalue with its index evaluated once.
    fn resolve(&mut self, lv: &LValue) -> R<Place> {
        Ok(match lv {
            LValue::Var(n) => Place::Var(n.clone()),
            LValue::Elem(n, e) => Place::Elem(n.clone(), self.index(n, e)?),
            LValue::Scale => Place::Scale,
            LValue::Ibase => Place::Ibase,
            LValue::Obase => Place::Obase,
            LValue::Last => Place::Last,
        })
    }

    fn get(&mut self, p: &Place) -> Num {
        match p {
            Place::Var(n) => self.var(n),
            Place::Elem(n, i) => self.array(n).get(i).cloned().unwrap_or_default(),
            Place::Scale => Num::from_i64(self.scale as i64),
            Place::Ibase => Num::from_i64(self.ibase as i64),
            Place::Obase => Num::from_i64(self.obase as i64),
            Place::Last => self.last.clone(),
        }
    }

    fn set(&mut self, p: &Place, v: Num) {
        match p {
            Place::Var(n) => {
                let stack = self.vars.entry(n.clone()).or_default();
                match stack.last_mut() {
                    Some(slot) => *slot = v,
                    None => stack.push(v),
                }
            }
            Place::Elem(n, i) => {
                self.array(n).insert(*i, v);
            }
            Place::Scale => {
                let s = v.to_i64().unwrap_or(i64::MAX);
                if s < 0 {
                    self.warn("negative scale, set to 0");
                }
                self.scale = s.clamp(0, i32::MAX as i64) as usize;
            }
            Place::Ibase => {
                let b = v.to_i64().unwrap_or(i64::MAX);
                self.ibase = if b < 2 {
                    self.warn("ibase too small, set to 2");
                    2
                } else if b > 36 {
                    self.warn("ibase too large, set to 36");
                    36
                } else {
                    b as u32
                };
            }
            Place::Obase => {
                let b = v.to_i64().unwrap_or(i64::MAX);
                self.obase = if b < 2 {
                    self.warn("obase too small, set to 2");
                    2
                } else if b > i32::MAX as i64 {
                    self.warn("obase too large, set to 2147483647");
                    i32::MAX as u64
                } else {
                    b as u64
                };
            }
            Place::Last => self.last = v,
        }
    }

    fn binop(&mut self, op: Bin, a: &Num, b: &Num) -> R<Num> {
        let s = self.scale;
        let r = match op {
            Bin::Add => a.add(b),
            Bin::Sub => a.sub(b),
            Bin::Mul => a.mul(b, s),
            Bin::Div => a.div(b, s).or_else(fail)?,
            Bin::Rem => a.rem(b, s).or_else(fail)?,
            Bin::Pow => {
                if b.scale() > 0 {
                    self.warn("non-zero scale in exponent");
                }
                a.pow(b, s).or_else(fail)?
            }
            _ => {
                let c = a.cmp(b);
                let t = match op {
                    Bin::Lt => c == Ordering::Less,
                    Bin::Le => c != Ordering::Greater,
                    Bin::Gt => c == Ordering::Greater,
                    Bin::Ge => c != Ordering::Less,
                    Bin::Eq => c == Ordering::Equal,
                    _ => c != Ordering::Equal,
                };
                Num::from_i64(t as i64)
            }
        };
        Ok(r)
    }

    /// Evaluates an expression.
    pub fn eval(&mut self, e: &Expr) -> R<Num> {
        match e {
            Expr::Num(t) => Num::parse(t, self.ibase).or_else(fail),
            Expr::Load(lv) => {
                let p = self.resolve(lv)?;
                Ok(self.get(&p))
            }
            Expr::Neg(x) => Ok(self.eval(x)?.neg()),
            Expr::Group(x) => self.eval(x),
            Expr::Not(x) => Ok(Num::from_i64(self.eval(x)?.is_zero() as i64)),
            Expr::Bin(Bin::And, a, b) => {
                let t = self.truth(a)? && self.truth(b)?;
                Ok(Num::from_i64(t as i64))
            }
            Expr::Bin(Bin::Or, a, b) => {
                let t = self.truth(a)? || self.truth(b)?;
                Ok(Num::from_i64(t as i64))
            }
            Expr::Bin(op, a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                self.binop(*op, &x, &y)
            }
            Expr::Assign(lv, op, rhs) => {
                let p = self.resolve(lv)?;
                let r = self.eval(rhs)?;
                let v = match op {
                    None => r,
                    Some(op) => {
                        let cur = self.get(&p);
                        self.binop(*op, &cur, &r)?
                    }
                };
                self.set(&p, v.clone());
                Ok(v)
            }
            Expr::Step(lv, inc, pre) => {
                let p = self.resolve(lv)?;
                let old = self.get(&p);
                let one = Num::from_i64(1);
                let new = if *inc { old.add(&one) } else { old.sub(&one) };
                self.set(&p, new.clone());
                Ok(if *pre { new } else { old })
            }
            Expr::Call(name, _) => match self.call(name, e)? {
                Some(v) => Ok(v),
                None => fail(format!("Function {name} is void.")),
            },
            Expr::Length(x) => Ok(Num::from_i64(self.eval(x)?.length() as i64)),
            Expr::ScaleOf(x) => Ok(Num::from_i64(self.eval(x)?.scale() as i64)),
            Expr::Sqrt(x) => {
                let v = self.eval(x)?;
                v.sqrt(self.scale).or_else(fail)
            }
            Expr::Read => fail("read() is not supported"),
        }
    }

    /// Calls a user function (`e` is the call expression): arguments are evaluated in the
    /// caller's scope, then parameters and autos shadow the caller's names until the return.
    fn call(&mut self, name: &Rc<str>, e: &Expr) -> R<Option<Num>> {
        let Expr::Call(_, args) = e else {
            return Ok(None);
        };
        let Some(f) = self.funcs.get(name).cloned() else {
            return fail(format!("Function {name} not defined."));
        };
        if args.len() != f.params.len() {
            return fail("Parameter number mismatch");
        }
        if self.calls.len() >= MAX_CALL_DEPTH {
            return fail("Function call nesting too deep");
        }
        let mut vals = Vec::with_capacity(args.len());
        for (a, (_, is_array)) in args.iter().zip(&f.params) {
            vals.push(match (a, is_array) {
                (Arg::Val(x), false) => Value::Num(self.eval(x)?),
                (Arg::Array(n), true) => Value::Array(self.array(n).clone()),
                _ => return fail("Parameter type mismatch"),
            });
        }
        for ((n, _), v) in f.params.iter().zip(vals) {
            match v {
                Value::Num(x) => self.vars.entry(n.clone()).or_default().push(x),
                Value::Array(a) => self.arrays.entry(n.clone()).or_default().push(a),
            }
        }
        for (n, is_array) in &f.autos {
            if *is_array {
                self.arrays.entry(n.clone()).or_default().push(Array::new());
            } else {
                self.vars.entry(n.clone()).or_default().push(Num::zero());
            }
        }
        let lib = self.library.contains(name);
        let saved_ibase = self.ibase;
        if lib {
            self.ibase = 10;
        }
        self.calls.push(name.clone());
        let r = self.block(&f.body);
        if r.is_ok() {
            self.calls.pop();
        }
        if lib {
            self.ibase = saved_ibase;
        }
        for (n, is_array) in f.params.iter().chain(&f.autos).rev() {
            if *is_array {
                self.arrays.get_mut(n).and_then(|s| s.pop());
            } else {
                self.vars.get_mut(n).and_then(|s| s.pop());
            }
        }
        let v = match r? {
            Flow::Return(v) => v,
            _ => None,
        };
        Ok(if f.void { None } else { Some(v.unwrap_or_default()) })
    }
}

/// A resolved lvalue.
enum Place {
    Var(Rc<str>),
    Elem(Rc<str>, i64),
    Scale,
    Ibase,
    Obase,
    Last,
}

enum Value {
    Num(Num),
    Array(Array),
}

/// The escapes of a `print` string: `\n \t \a \b \f \r \q \\`; others stay as written.
fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            let c = b[i + 1];
            i += 2;
            match c {
                b'n' => out.push(b'\n'),
                b't' => out.push(b'\t'),
                b'a' => out.push(7),
                b'b' => out.push(8),
                b'f' => out.push(12),
                b'r' => out.push(b'\r'),
                b'q' => out.push(b'"'),
                b'\\' => out.push(b'\\'),
                _ => out.extend_from_slice(&[b'\\', c]),
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}
