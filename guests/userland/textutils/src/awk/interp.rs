//! The awk runtime: values, records and fields, I/O streams, and a tree-walking evaluator.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::rc::Rc;

use burrow_guest::process::{Child, Command};

use super::format::{self, Arg};
use super::lexer::Builtin;
use super::parser::*;
use crate::common::{self, bytes_path, strerror, Out};
use crate::regex_posix::{translate, Matcher, Opts, Syntax};

pub type Str = Rc<[u8]>;

#[derive(Clone, Debug)]
pub enum Value {
    Uninit,
    Num(f64),
    Str(Str),
    /// Text from input that looks numeric: compares as a number, prints as its text.
    StrNum(Str, f64),
}

fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == b'\n' || c == b'\r' || c == 0x0b || c == 0x0c
}

/// `strtod`-like: the longest numeric prefix (after blanks), 0 if none.
pub fn str_to_num(s: &[u8]) -> f64 {
    let mut i = 0;
    while i < s.len() && is_blank(s[i]) {
        i += 1;
    }
    let start = i;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        i += 1;
    }
    // gawk accepts +inf/-inf/+nan/-nan with an explicit sign.
    if i > start && s.len() >= i + 3 {
        let w = s[i..i + 3].to_ascii_lowercase();
        if w == b"inf" || w == b"nan" {
            let neg = s[start] == b'-';
            return match (&w[..], neg) {
                (b"inf", false) => f64::INFINITY,
                (b"inf", true) => f64::NEG_INFINITY,
                (_, false) => f64::NAN,
                _ => -f64::NAN,
            };
        }
    }
    let digits_start = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let mut any = i > digits_start;
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let fs = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        any |= i > fs;
    }
    if !any {
        return 0.0;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    std::str::from_utf8(&s[start..i]).ok().and_then(|t| t.parse().ok()).unwrap_or(0.0)
}

/// Whether the whole string (blanks allowed around) is a number.
pub fn looks_numeric(s: &[u8]) -> Option<f64> {
    let mut i = 0;
    while i < s.len() && is_blank(s[i]) {
        i += 1;
    }
    let start = i;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        i += 1;
    }
    let ds = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let mut any = i > ds;
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let fs = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        any |= i > fs;
    }
    if !any {
        return None;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        } else {
            return None;
        }
    }
    let end = i;
    while i < s.len() && is_blank(s[i]) {
        i += 1;
    }
    if i != s.len() {
        return None;
    }
    std::str::from_utf8(&s[start..end]).ok()?.parse().ok()
}

impl Value {
    pub fn from_input(s: &[u8]) -> Value {
        match looks_numeric(s) {
            Some(n) => Value::StrNum(s.into(), n),
            None => Value::Str(s.into()),
        }
    }

    pub fn str(s: impl Into<Str>) -> Value {
        Value::Str(s.into())
    }

    pub fn num(&self) -> f64 {
        match self {
            Value::Uninit => 0.0,
            Value::Num(n) | Value::StrNum(_, n) => *n,
            Value::Str(s) => str_to_num(s),
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Value::Uninit => false,
            Value::Num(n) | Value::StrNum(_, n) => *n != 0.0,
            Value::Str(s) => !s.is_empty(),
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(self, Value::Uninit | Value::Num(_) | Value::StrNum(..))
    }

    fn arg(&self, convfmt: &[u8]) -> Arg {
        match self {
            Value::Uninit => Arg::Both(Vec::new(), 0.0),
            Value::Num(n) => Arg::Num(*n),
            Value::Str(s) => Arg::Str(s.to_vec()),
            Value::StrNum(s, n) => {
                let _ = convfmt;
                Arg::Both(s.to_vec(), *n)
            }
        }
    }
}

/// An array with insertion-ordered iteration.
#[derive(Default, Debug)]
pub struct Array {
    map: HashMap<Str, usize>,
    slots: Vec<Option<(Str, Value)>>,
    live: usize,
}

impl Array {
    fn get(&self, k: &[u8]) -> Option<&Value> {
        self.map.get(k).and_then(|&i| self.slots[i].as_ref().map(|s| &s.1))
    }

    fn get_mut(&mut self, k: &[u8]) -> &mut Value {
        let i = match self.map.get(k) {
            Some(&i) => i,
            None => {
                let key: Str = k.into();
                let i = self.slots.len();
                self.slots.push(Some((key.clone(), Value::Uninit)));
                self.map.insert(key, i);
                self.live += 1;
                i
            }
        };
        &mut self.slots[i].as_mut().expect("live slot").1
    }

    fn set(&mut self, k: &[u8], v: Value) {
        *self.get_mut(k) = v;
    }

    fn contains(&self, k: &[u8]) -> bool {
        self.map.contains_key(k)
    }

    fn remove(&mut self, k: &[u8]) {
        if let Some(i) = self.map.remove(k) {
            self.slots[i] = None;
            self.live -= 1;
            if self.slots.len() > 32 && self.live < self.slots.len() / 4 {
                self.compact();
            }
        }
    }

    fn compact(&mut self) {
        let slots: Vec<Option<(Str, Value)>> = std::mem::take(&mut self.slots).into_iter().filter(|s| s.is_some()).collect();
        self.map.clear();
        for (i, s) in slots.iter().enumerate() {
            if let Some((k, _)) = s {
                self.map.insert(k.clone(), i);
            }
        }
        self.slots = slots;
    }

    fn clear(&mut self) {
        self.map.clear();
        self.slots.clear();
        self.live = 0;
    }

    fn keys(&self) -> Vec<Str> {
        self.slots.iter().filter_map(|s| s.as_ref().map(|(k, _)| k.clone())).collect()
    }

    fn len(&self) -> usize {
        self.live
    }
}

#[derive(Debug)]
enum Cell {
    Val(Value),
    Arr(Rc<RefCell<Array>>),
}

pub enum Flow {
    Next,
    NextFile,
    Exit,
    Return(Value),
    Break,
    Continue,
    Error(String),
}

type R<T> = Result<T, Flow>;

fn fatal<T>(msg: impl Into<String>) -> R<T> {
    Err(Flow::Error(msg.into()))
}

enum RsMode {
    Byte(u8),
    Paragraph,
    Regex(Rc<Matcher>),
}

struct RecordReader {
    src: Box<dyn Read>,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl RecordReader {
    fn new(src: Box<dyn Read>) -> RecordReader {
        RecordReader { src, buf: Vec::new(), pos: 0, eof: false }
    }

    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 && self.pos >= self.buf.len() / 2 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + 65536, 0);
        loop {
            match self.src.read(&mut self.buf[old..]) {
                Ok(0) => {
                    self.buf.truncate(old);
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.buf.truncate(old + n);
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(old);
                    self.eof = true;
                    return Err(e);
                }
            }
        }
    }

    /// The next record and its terminator (RT).
    fn read(&mut self, rs: &RsMode) -> io::Result<Option<(Vec<u8>, Vec<u8>)>> {
        match rs {
            RsMode::Byte(b) => {
                let mut from = self.pos;
                loop {
                    if let Some(i) = self.buf[from..].iter().position(|c| c == b) {
                        let end = from + i;
                        let rec = self.buf[self.pos..end].to_vec();
                        self.pos = end + 1;
                        return Ok(Some((rec, vec![*b])));
                    }
                    from = self.buf.len();
                    let consumed = self.pos;
                    if !self.fill()? {
                        if self.pos < self.buf.len() {
                            let rec = self.buf[self.pos..].to_vec();
                            self.pos = self.buf.len();
                            return Ok(Some((rec, Vec::new())));
                        }
                        return Ok(None);
                    }
                    // `fill` may have shifted the buffer.
                    from -= consumed - self.pos;
                }
            }
            RsMode::Paragraph => {
                // Skip leading newlines.
                loop {
                    while self.pos < self.buf.len() && self.buf[self.pos] == b'\n' {
                        self.pos += 1;
                    }
                    if self.pos < self.buf.len() {
                        break;
                    }
                    if !self.fill()? {
                        return Ok(None);
                    }
                }
                let mut from = self.pos;
                loop {
                    if let Some(i) = self.buf[from..].windows(2).position(|w| w == b"\n\n") {
                        let end = from + i;
                        let rec = self.buf[self.pos..end].to_vec();
                        let mut j = end;
                        // Consume all the newlines (reading more if they reach the buffer's end).
                        loop {
                            while j < self.buf.len() && self.buf[j] == b'\n' {
                                j += 1;
                            }
                            if j < self.buf.len() {
                                break;
                            }
                            let shift = self.pos;
                            if !self.fill()? {
                                break;
                            }
                            let moved = shift - self.pos;
                            j -= moved;
                            let _ = moved;
                        }
                        let rt = self.buf[end.min(self.buf.len())..j.min(self.buf.len())].to_vec();
                        self.pos = j;
                        return Ok(Some((rec, rt)));
                    }
                    from = self.buf.len().saturating_sub(1).max(self.pos);
                    let consumed = self.pos;
                    if !self.fill()? {
                        let mut rec = self.buf[self.pos..].to_vec();
                        self.pos = self.buf.len();
                        while rec.last() == Some(&b'\n') {
                            rec.pop();
                        }
                        return Ok(Some((rec, b"\n".to_vec())));
                    }
                    from -= consumed - self.pos;
                }
            }
            RsMode::Regex(re) => loop {
                let hay = &self.buf[self.pos..];
                let mut found = None;
                let mut start = 0;
                while let Some((s, e)) = re.find_at(hay, start) {
                    if e > s {
                        found = Some((s, e));
                        break;
                    }
                    start = s + 1;
                    if start > hay.len() {
                        break;
                    }
                }
                if let Some((s, e)) = found {
                    if e < hay.len() || self.eof {
                        let rec = hay[..s].to_vec();
                        let rt = hay[s..e].to_vec();
                        self.pos += e;
                        return Ok(Some((rec, rt)));
                    }
                }
                if !self.fill()? {
                    let hay = &self.buf[self.pos..];
                    if let Some((s, e)) = found {
                        let rec = hay[..s].to_vec();
                        let rt = hay[s..e].to_vec();
                        self.pos += e;
                        return Ok(Some((rec, rt)));
                    }
                    if self.pos < self.buf.len() {
                        let rec = hay.to_vec();
                        self.pos = self.buf.len();
                        return Ok(Some((rec, Vec::new())));
                    }
                    return Ok(None);
                }
            },
        }
    }
}

enum OutStream {
    Stdout,
    Stderr,
    File(io::BufWriter<File>),
    Pipe(io::BufWriter<File>, Child),
}

struct InStream {
    reader: RecordReader,
    child: Option<Child>,
}

struct MainInput {
    next_arg: usize,
    current: Option<RecordReader>,
    used_file: bool,
    done: bool,
}

#[derive(Clone)]
enum FsMode {
    Default,
    Char(u8),
    Chars,
    Regex(Rc<Matcher>),
}

pub struct Interp<'p> {
    prog: &'p Program,
    globals: Vec<Cell>,
    frames: Vec<Vec<Cell>>,
    regexes: Vec<Rc<Matcher>>,
    dyn_regex: HashMap<Vec<u8>, Rc<Matcher>>,
    record: Str,
    fields: Vec<Value>,
    fields_valid: bool,
    nr: f64,
    fnr: f64,
    fs: FsMode,
    ofs: Str,
    ors: Str,
    rs: RsMode,
    subsep: Str,
    convfmt: Vec<u8>,
    ofmt: Vec<u8>,
    pub out: Out,
    outputs: HashMap<Vec<u8>, OutStream>,
    inputs: HashMap<Vec<u8>, InStream>,
    main: MainInput,
    range_active: Vec<bool>,
    rand_state: u64,
    seed: f64,
    pub exit_code: i32,
    depth: usize,
}

fn subsep_join(parts: &[Vec<u8>], sep: &[u8]) -> Vec<u8> {
    parts.join(sep)
}

fn char_len(s: &[u8]) -> usize {
    match std::str::from_utf8(s) {
        Ok(t) => t.chars().count(),
        Err(_) => s.len(),
    }
}

/// Byte offset of char index `n` (clamped).
fn char_to_byte(s: &[u8], n: usize) -> usize {
    match std::str::from_utf8(s) {
        Ok(t) => t.char_indices().nth(n).map(|(i, _)| i).unwrap_or(s.len()),
        Err(_) => n.min(s.len()),
    }
}

fn byte_to_char(s: &[u8], b: usize) -> usize {
    match std::str::from_utf8(&s[..b.min(s.len())]) {
        Ok(t) => t.chars().count(),
        Err(_) => b,
    }
}

fn next_char_len(s: &[u8], i: usize) -> usize {
    if i >= s.len() {
        return 1;
    }
    let n = match s[i] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    };
    if i + n <= s.len() && std::str::from_utf8(&s[i..i + n]).is_ok() {
        n
    } else {
        1
    }
}

impl<'p> Interp<'p> {
    pub fn new(prog: &'p Program, argv: Vec<Vec<u8>>, assigns: Vec<(usize, Vec<u8>)>) -> Result<Interp<'p>, String> {
        let mut regexes = Vec::new();
        for r in &prog.regexes {
            regexes.push(Rc::new(compile_re(r)?));
        }
        let mut it = Interp {
            prog,
            globals: (0..prog.globals.len()).map(|_| Cell::Val(Value::Uninit)).collect(),
            frames: Vec::new(),
            regexes,
            dyn_regex: HashMap::new(),
            record: Rc::from(&b""[..]),
            fields: Vec::new(),
            fields_valid: true,
            nr: 0.0,
            fnr: 0.0,
            fs: FsMode::Default,
            ofs: Rc::from(&b" "[..]),
            ors: Rc::from(&b"\n"[..]),
            rs: RsMode::Byte(b'\n'),
            subsep: Rc::from(&b"\x1c"[..]),
            convfmt: b"%.6g".to_vec(),
            ofmt: b"%.6g".to_vec(),
            out: Out::new(),
            outputs: HashMap::new(),
            inputs: HashMap::new(),
            main: MainInput { next_arg: 1, current: None, used_file: false, done: false },
            range_active: vec![false; prog.rules.len()],
            rand_state: 0x2545F4914F6CDD1D,
            seed: 0.0,
            exit_code: 0,
            depth: 0,
        };
        let defaults: &[(usize, &[u8])] = &[
            (V_FS, b" "),
            (V_OFS, b" "),
            (V_ORS, b"\n"),
            (V_RS, b"\n"),
            (V_SUBSEP, b"\x1c"),
            (V_CONVFMT, b"%.6g"),
            (V_OFMT, b"%.6g"),
            (V_FILENAME, b""),
        ];
        for (i, v) in defaults {
            it.globals[*i] = Cell::Val(Value::str(*v));
        }
        it.globals[V_RSTART] = Cell::Val(Value::Num(0.0));
        it.globals[V_RLENGTH] = Cell::Val(Value::Num(-1.0));
        let mut env = Array::default();
        for (k, v) in std::env::vars_os() {
            env.set(k.as_encoded_bytes(), Value::from_input(v.as_encoded_bytes()));
        }
        it.globals[V_ENVIRON] = Cell::Arr(Rc::new(RefCell::new(env)));
        let mut av = Array::default();
        for (i, a) in argv.iter().enumerate() {
            av.set(i.to_string().as_bytes(), Value::from_input(a));
        }
        it.globals[V_ARGV] = Cell::Arr(Rc::new(RefCell::new(av)));
        it.globals[V_ARGC] = Cell::Val(Value::Num(argv.len() as f64));
        for (slot, val) in assigns {
            it.set_global(slot, Value::from_input(&val)).map_err(flow_msg)?;
        }
        Ok(it)
    }

    // ---- variables ----

    fn set_global(&mut self, i: usize, v: Value) -> R<()> {
        match i {
            V_NF => return self.set_nf(v.num()),
            V_NR => {
                self.nr = v.num();
                return Ok(());
            }
            V_FNR => {
                self.fnr = v.num();
                return Ok(());
            }
            _ => {}
        }
        if let Cell::Arr(_) = self.globals[i] {
            return fatal(format!("attempt to use array `{}' in a scalar context", self.prog.globals[i]));
        }
        if i < SPECIALS.len() {
            let s = self.to_str(&v);
            match i {
                V_FS => self.fs = fs_mode(&s)?,
                V_OFS => self.ofs = s.clone(),
                V_ORS => self.ors = s.clone(),
                V_RS => {
                    self.rs = if s.is_empty() {
                        RsMode::Paragraph
                    } else if s.len() == 1 {
                        RsMode::Byte(s[0])
                    } else {
                        RsMode::Regex(Rc::new(compile_re(&s).map_err(Flow::Error)?))
                    }
                }
                V_SUBSEP => self.subsep = s.clone(),
                V_CONVFMT => self.convfmt = s.to_vec(),
                V_OFMT => self.ofmt = s.to_vec(),
                _ => {}
            }
        }
        self.globals[i] = Cell::Val(v);
        Ok(())
    }

    fn get_var(&mut self, v: Var) -> R<Value> {
        match v {
            Var::Global(V_NF) => {
                self.split_fields();
                Ok(Value::Num(self.fields.len() as f64))
            }
            Var::Global(V_NR) => Ok(Value::Num(self.nr)),
            Var::Global(V_FNR) => Ok(Value::Num(self.fnr)),
            Var::Global(i) => match &self.globals[i] {
                Cell::Val(v) => Ok(v.clone()),
                Cell::Arr(_) => fatal(format!("attempt to use array `{}' in a scalar context", self.prog.globals[i])),
            },
            Var::Local(i) => {
                let frame = self.frames.last().expect("in a function");
                match &frame[i] {
                    Cell::Val(v) => Ok(v.clone()),
                    Cell::Arr(_) => fatal("attempt to use array in a scalar context"),
                }
            }
        }
    }

    fn set_var(&mut self, v: Var, val: Value) -> R<()> {
        match v {
            Var::Global(i) => self.set_global(i, val),
            Var::Local(i) => {
                let frame = self.frames.last_mut().expect("in a function");
                if let Cell::Arr(_) = frame[i] {
                    return fatal("attempt to use array in a scalar context");
                }
                frame[i] = Cell::Val(val);
                Ok(())
            }
        }
    }

    fn array(&mut self, v: Var) -> R<Rc<RefCell<Array>>> {
        let cell = match v {
            Var::Global(i) => &mut self.globals[i],
            Var::Local(i) => &mut self.frames.last_mut().expect("in a function")[i],
        };
        match cell {
            Cell::Arr(a) => Ok(a.clone()),
            Cell::Val(Value::Uninit) => {
                let a = Rc::new(RefCell::new(Array::default()));
                *cell = Cell::Arr(a.clone());
                Ok(a)
            }
            Cell::Val(_) => {
                let name = match v {
                    Var::Global(i) => self.prog.globals[i].clone(),
                    Var::Local(_) => "parameter".to_string(),
                };
                fatal(format!("attempt to use scalar `{name}' as an array"))
            }
        }
    }

    fn subscript(&mut self, subs: &[Expr]) -> R<Vec<u8>> {
        if subs.len() == 1 {
            let v = self.eval(&subs[0])?;
            return Ok(self.to_str(&v).to_vec());
        }
        let mut parts = Vec::new();
        for s in subs {
            let v = self.eval(s)?;
            parts.push(self.to_str(&v).to_vec());
        }
        Ok(subsep_join(&parts, &self.subsep.clone()))
    }

    pub fn to_str(&self, v: &Value) -> Str {
        match v {
            Value::Uninit => Rc::from(&b""[..]),
            Value::Str(s) | Value::StrNum(s, _) => s.clone(),
            Value::Num(n) => format::num_to_str(*n, &self.convfmt).into(),
        }
    }

    fn to_out_str(&self, v: &Value) -> Str {
        match v {
            Value::Num(n) => format::num_to_str(*n, &self.ofmt).into(),
            _ => self.to_str(v),
        }
    }

    // ---- records and fields ----

    fn set_record(&mut self, rec: &[u8]) {
        self.record = rec.into();
        self.fields_valid = false;
    }

    fn split_fields(&mut self) {
        if self.fields_valid {
            return;
        }
        let rec = self.record.clone();
        let paragraph = matches!(self.rs, RsMode::Paragraph);
        self.fields = split_with(&rec, &self.fs, paragraph).into_iter().map(|f| Value::from_input(&f)).collect();
        self.fields_valid = true;
    }

    fn rebuild_record(&mut self) {
        let mut rec = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                rec.extend_from_slice(&self.ofs);
            }
            rec.extend_from_slice(&self.to_out_str_conv(f));
        }
        self.record = rec.into();
    }

    fn to_out_str_conv(&self, v: &Value) -> Str {
        self.to_str(v)
    }

    fn get_field(&mut self, i: f64) -> R<Value> {
        if i < 0.0 {
            return fatal(format!("attempt to access field {}", i as i64));
        }
        let i = i as usize;
        if i == 0 {
            return Ok(Value::from_input(&self.record.clone()));
        }
        self.split_fields();
        Ok(self.fields.get(i - 1).cloned().unwrap_or(Value::Uninit))
    }

    fn set_field(&mut self, i: f64, v: Value) -> R<()> {
        if i < 0.0 {
            return fatal(format!("attempt to access field {}", i as i64));
        }
        let i = i as usize;
        if i == 0 {
            let s = self.to_str(&v);
            self.set_record(&s);
            return Ok(());
        }
        if i > 1_000_000 {
            return fatal("field index too large");
        }
        self.split_fields();
        while self.fields.len() < i {
            self.fields.push(Value::Uninit);
        }
        // A number assigned to a field is stored as its text.
        let v = match v {
            Value::Num(n) => Value::StrNum(format::num_to_str(n, &self.convfmt).into(), n),
            other => other,
        };
        self.fields[i - 1] = v;
        self.rebuild_record();
        Ok(())
    }

    fn set_nf(&mut self, n: f64) -> R<()> {
        if n < 0.0 {
            return fatal("NF set to negative value");
        }
        self.split_fields();
        let n = n as usize;
        self.fields.resize(n, Value::Uninit);
        self.rebuild_record();
        Ok(())
    }

    // ---- regexes ----

    fn regex_for(&mut self, e: &Expr) -> R<Rc<Matcher>> {
        if let Expr::Regex(i) = e {
            return Ok(self.regexes[*i].clone());
        }
        let v = self.eval(e)?;
        let s = self.to_str(&v);
        self.dyn_re(&s)
    }

    fn dyn_re(&mut self, s: &[u8]) -> R<Rc<Matcher>> {
        if let Some(m) = self.dyn_regex.get(s) {
            return Ok(m.clone());
        }
        let m = Rc::new(compile_re(s).map_err(Flow::Error)?);
        if self.dyn_regex.len() > 500 {
            self.dyn_regex.clear();
        }
        self.dyn_regex.insert(s.to_vec(), m.clone());
        Ok(m)
    }

    // ---- lvalues ----

    fn get_lv(&mut self, lv: &LValue) -> R<Value> {
        match lv {
            LValue::Var(v) => self.get_var(*v),
            LValue::Field(e) => {
                let i = self.eval(e)?.num();
                self.get_field(i)
            }
            LValue::Index(v, subs) => {
                let k = self.subscript(subs)?;
                let a = self.array(*v)?;
                let mut a = a.borrow_mut();
                Ok(a.get_mut(&k).clone())
            }
        }
    }

    /// Evaluates the lvalue's location, then assigns what `f` computes from the old value.
    fn update_lv(&mut self, lv: &LValue, f: &mut dyn FnMut(&mut Self, Value) -> R<Value>) -> R<Value> {
        match lv {
            LValue::Var(v) => {
                let old = self.get_var(*v)?;
                let new = f(self, old)?;
                self.set_var(*v, new.clone())?;
                Ok(new)
            }
            LValue::Field(e) => {
                let i = self.eval(e)?.num();
                let old = self.get_field(i)?;
                let new = f(self, old)?;
                self.set_field(i, new.clone())?;
                Ok(new)
            }
            LValue::Index(v, subs) => {
                let k = self.subscript(subs)?;
                let a = self.array(*v)?;
                let old = a.borrow_mut().get_mut(&k).clone();
                let new = f(self, old)?;
                a.borrow_mut().set(&k, new.clone());
                Ok(new)
            }
        }
    }

    fn assign_lv(&mut self, lv: &LValue, v: Value) -> R<()> {
        match lv {
            LValue::Var(var) => self.set_var(*var, v),
            LValue::Field(e) => {
                let i = self.eval(e)?.num();
                self.set_field(i, v)
            }
            LValue::Index(var, subs) => {
                let k = self.subscript(subs)?;
                let a = self.array(*var)?;
                a.borrow_mut().set(&k, v);
                Ok(())
            }
        }
    }

    // ---- expressions ----

    fn compare(&self, op: BinOp, a: &Value, b: &Value) -> bool {
        let ord = if a.is_numeric() && b.is_numeric() {
            let (x, y) = (a.num(), b.num());
            x.partial_cmp(&y)
        } else {
            let (x, y) = (self.to_str(a), self.to_str(b));
            Some(x[..].cmp(&y[..]))
        };
        use std::cmp::Ordering::*;
        matches!(
            (op, ord),
            (BinOp::Lt, Some(Less))
                | (BinOp::Le, Some(Less | Equal))
                | (BinOp::Gt, Some(Greater))
                | (BinOp::Ge, Some(Greater | Equal))
                | (BinOp::Eq, Some(Equal))
                | (BinOp::Ne, Some(Less | Greater) | None)
        )
    }

    fn arith(&self, op: BinOp, x: f64, y: f64) -> R<f64> {
        Ok(match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div => {
                if y == 0.0 {
                    return fatal("division by zero attempted");
                }
                x / y
            }
            BinOp::Mod => {
                if y == 0.0 {
                    return fatal("division by zero attempted in `%'");
                }
                x % y
            }
            BinOp::Pow => pow(x, y),
            _ => unreachable!(),
        })
    }

    pub fn eval(&mut self, e: &Expr) -> R<Value> {
        Ok(match e {
            Expr::Num(n) => Value::Num(*n),
            Expr::Str(s) => Value::Str(s.clone()),
            Expr::Regex(i) => {
                let re = self.regexes[*i].clone();
                Value::Num(re.is_match(&self.record.clone()) as i32 as f64)
            }
            Expr::Var(v) => self.get_var(*v)?,
            Expr::Field(e) => {
                let i = self.eval(e)?.num();
                self.get_field(i)?
            }
            Expr::Index(v, subs) => {
                let k = self.subscript(subs)?;
                let a = self.array(*v)?;
                let mut a = a.borrow_mut();
                a.get_mut(&k).clone()
            }
            Expr::In(subs, v) => {
                let k = self.subscript(subs)?;
                let a = self.array(*v)?;
                let r = a.borrow().contains(&k);
                Value::Num(r as i32 as f64)
            }
            Expr::Assign(lv, op, rhs) => match op {
                None => {
                    let v = self.eval(rhs)?;
                    // Assigning an array element or field keeps strnum-ness; a Uninit stays.
                    self.assign_lv(lv, v.clone())?;
                    v
                }
                Some(op) => {
                    let op = *op;
                    let r = self.eval(rhs)?.num();
                    self.update_lv(lv, &mut |it, old| Ok(Value::Num(it.arith(op, old.num(), r)?)))?
                }
            },
            Expr::Cond(c, a, b) => {
                if self.eval(c)?.truthy() {
                    self.eval(a)?
                } else {
                    self.eval(b)?
                }
            }
            Expr::And(a, b) => Value::Num((self.eval(a)?.truthy() && self.eval(b)?.truthy()) as i32 as f64),
            Expr::Or(a, b) => Value::Num((self.eval(a)?.truthy() || self.eval(b)?.truthy()) as i32 as f64),
            Expr::Not(a) => Value::Num((!self.eval(a)?.truthy()) as i32 as f64),
            Expr::Neg(a) => Value::Num(-self.eval(a)?.num()),
            Expr::Plus(a) => Value::Num(self.eval(a)?.num()),
            Expr::Bin(op, a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                match op {
                    BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne => {
                        Value::Num(self.compare(*op, &x, &y) as i32 as f64)
                    }
                    _ => Value::Num(self.arith(*op, x.num(), y.num())?),
                }
            }
            Expr::Concat(a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                let (x, y) = (self.to_str(&x), self.to_str(&y));
                let mut v = Vec::with_capacity(x.len() + y.len());
                v.extend_from_slice(&x);
                v.extend_from_slice(&y);
                Value::Str(v.into())
            }
            Expr::Match(neg, a, b) => {
                let s = self.eval(a)?;
                let s = self.to_str(&s);
                let re = self.regex_for(b)?;
                Value::Num((re.is_match(&s) != *neg) as i32 as f64)
            }
            Expr::Incr(pre, delta, lv) => {
                let mut old = 0.0;
                let d = *delta;
                let new = self.update_lv(lv, &mut |_, v| {
                    old = v.num();
                    Ok(Value::Num(old + d))
                })?;
                if *pre {
                    new
                } else {
                    Value::Num(old)
                }
            }
            Expr::Call(f, args) => self.call(*f, args)?,
            Expr::Builtin(b, args) => self.builtin(*b, args)?,
            Expr::Getline(src, lv) => self.getline(src, lv.as_deref())?,
            Expr::Group(items) => {
                // A parenthesised list outside `in`/print: evaluate as concatenation with SUBSEP.
                let k = self.subscript(items)?;
                Value::Str(k.into())
            }
        })
    }

    fn call(&mut self, fi: usize, args: &[Expr]) -> R<Value> {
        let f = &self.prog.functions[fi];
        if args.len() > f.nparams {
            return fatal(format!("function `{}' called with more arguments than declared", f.name));
        }
        if self.depth > 800 {
            return fatal(format!("function `{}': call nesting too deep", f.name));
        }
        let mut frame = Vec::with_capacity(f.nparams);
        for (i, a) in args.iter().enumerate() {
            let is_arr = f.array_params[i];
            let cell = match a {
                Expr::Var(v) => {
                    let is_array_now = match v {
                        Var::Global(g) => matches!(self.globals[*g], Cell::Arr(_)),
                        Var::Local(l) => matches!(self.frames.last().expect("frame")[*l], Cell::Arr(_)),
                    };
                    if is_arr || is_array_now {
                        Cell::Arr(self.array(*v)?)
                    } else {
                        Cell::Val(self.get_var(*v)?)
                    }
                }
                other => {
                    if is_arr {
                        return fatal(format!("function `{}': argument {} is not an array", f.name, i + 1));
                    }
                    Cell::Val(self.eval(other)?)
                }
            };
            frame.push(cell);
        }
        while frame.len() < f.nparams {
            frame.push(Cell::Val(Value::Uninit));
        }
        self.frames.push(frame);
        self.depth += 1;
        let mut result = Value::Uninit;
        let mut outcome = Ok(());
        for s in &f.body {
            match self.exec(s) {
                Ok(()) => {}
                Err(Flow::Return(v)) => {
                    result = v;
                    break;
                }
                Err(other) => {
                    outcome = Err(other);
                    break;
                }
            }
        }
        self.depth -= 1;
        self.frames.pop();
        outcome?;
        Ok(result)
    }

    fn str_arg(&mut self, e: &Expr) -> R<Str> {
        let v = self.eval(e)?;
        Ok(self.to_str(&v))
    }

    fn builtin(&mut self, b: Builtin, args: &[Expr]) -> R<Value> {
        Ok(match b {
            Builtin::Length => {
                if args.is_empty() {
                    return Ok(Value::Num(char_len(&self.record.clone()) as f64));
                }
                if let Expr::Var(v) = &args[0] {
                    let is_arr = match v {
                        Var::Global(g) => matches!(self.globals[*g], Cell::Arr(_)),
                        Var::Local(l) => matches!(self.frames.last().expect("frame")[*l], Cell::Arr(_)),
                    };
                    if is_arr {
                        let a = self.array(*v)?;
                        let n = a.borrow().len();
                        return Ok(Value::Num(n as f64));
                    }
                }
                let s = self.str_arg(&args[0])?;
                Value::Num(char_len(&s) as f64)
            }
            Builtin::Substr => {
                let s = self.str_arg(&args[0])?;
                let m = self.eval(&args[1])?.num();
                let len = char_len(&s) as f64;
                let mut start = if m.is_nan() { 1.0 } else { m.trunc() };
                let n = if args.len() > 2 {
                    let n = self.eval(&args[2])?.num();
                    if n.is_nan() {
                        0.0
                    } else {
                        n.trunc()
                    }
                } else {
                    f64::INFINITY
                };
                if start < 1.0 {
                    start = 1.0;
                }
                let end = (start + n).min(len + 1.0);
                if end <= start || start > len {
                    return Ok(Value::str(&b""[..]));
                }
                let (a, bi) = (start as usize - 1, end as usize - 1);
                let ba = char_to_byte(&s, a);
                let bb = char_to_byte(&s, bi);
                Value::str(&s[ba..bb])
            }
            Builtin::Index => {
                let s = self.str_arg(&args[0])?;
                let t = self.str_arg(&args[1])?;
                if t.is_empty() {
                    return Ok(Value::Num(1.0));
                }
                match s.windows(t.len()).position(|w| w == &t[..]) {
                    Some(p) => Value::Num((byte_to_char(&s, p) + 1) as f64),
                    None => Value::Num(0.0),
                }
            }
            Builtin::Split => {
                let s = self.str_arg(&args[0])?;
                let arr = match &args[1] {
                    Expr::Var(v) => self.array(*v)?,
                    _ => return fatal("split: second argument is not an array"),
                };
                let mode = if args.len() > 2 {
                    match &args[2] {
                        Expr::Regex(i) => FsMode::Regex(self.regexes[*i].clone()),
                        e => {
                            let sep = self.str_arg(e)?;
                            fs_mode(&sep)?
                        }
                    }
                } else {
                    self.fs.clone()
                };
                let parts = if s.is_empty() { Vec::new() } else { split_with(&s, &mode, false) };
                let mut a = arr.borrow_mut();
                a.clear();
                for (i, p) in parts.iter().enumerate() {
                    a.set((i + 1).to_string().as_bytes(), Value::from_input(p));
                }
                Value::Num(parts.len() as f64)
            }
            Builtin::Sub | Builtin::Gsub => {
                let re = self.regex_for(&args[0])?;
                let repl = self.str_arg(&args[1])?;
                let global = b == Builtin::Gsub;
                let target = match args.get(2) {
                    Some(Expr::Var(v)) => LValue::Var(*v),
                    Some(Expr::Field(_)) | Some(Expr::Index(..)) => {
                        // Re-borrow as an lvalue through a temporary (fields/indices re-evaluate).
                        return self.sub_complex(&re, &repl, global, &args[2]);
                    }
                    None => LValue::Field(Box::new(Expr::Num(0.0))),
                    _ => return fatal("sub: third argument is not a changeable object"),
                };
                let old = self.get_lv(&target)?;
                let s = self.to_str(&old);
                let (new, n) = substitute(&re, &repl, &s, global);
                if n > 0 {
                    self.assign_lv(&target, Value::Str(new.into()))?;
                }
                Value::Num(n as f64)
            }
            Builtin::Match => {
                let s = self.str_arg(&args[0])?;
                let re = self.regex_for(&args[1])?;
                let caps = re.captures_at(&s, 0);
                let arr = match args.get(2) {
                    Some(Expr::Var(v)) => {
                        let a = self.array(*v)?;
                        a.borrow_mut().clear();
                        Some(a)
                    }
                    Some(_) => return fatal("match: third argument is not an array"),
                    None => None,
                };
                match caps {
                    Some(c) => {
                        let (ms, me) = c[0].unwrap_or((0, 0));
                        let start = byte_to_char(&s, ms) + 1;
                        let len = char_len(&s[ms..me]);
                        if let Some(a) = arr {
                            let mut a = a.borrow_mut();
                            for (i, g) in c.iter().enumerate() {
                                if let Some((gs, ge)) = g {
                                    a.set(i.to_string().as_bytes(), Value::from_input(&s[*gs..*ge]));
                                    let mut k = i.to_string().into_bytes();
                                    k.extend_from_slice(&self.subsep);
                                    let mut ks = k.clone();
                                    ks.extend_from_slice(b"start");
                                    a.set(&ks, Value::Num((byte_to_char(&s, *gs) + 1) as f64));
                                    k.extend_from_slice(b"length");
                                    a.set(&k, Value::Num(char_len(&s[*gs..*ge]) as f64));
                                }
                            }
                        }
                        self.globals[V_RSTART] = Cell::Val(Value::Num(start as f64));
                        self.globals[V_RLENGTH] = Cell::Val(Value::Num(len as f64));
                        Value::Num(start as f64)
                    }
                    None => {
                        self.globals[V_RSTART] = Cell::Val(Value::Num(0.0));
                        self.globals[V_RLENGTH] = Cell::Val(Value::Num(-1.0));
                        Value::Num(0.0)
                    }
                }
            }
            Builtin::Sprintf => {
                let s = self.sprintf(args)?;
                Value::Str(s.into())
            }
            Builtin::Sin => Value::Num(self.eval(&args[0])?.num().sin()),
            Builtin::Cos => Value::Num(self.eval(&args[0])?.num().cos()),
            Builtin::Atan2 => {
                let y = self.eval(&args[0])?.num();
                let x = self.eval(&args[1])?.num();
                Value::Num(y.atan2(x))
            }
            Builtin::Exp => Value::Num(self.eval(&args[0])?.num().exp()),
            Builtin::Log => Value::Num(self.eval(&args[0])?.num().ln()),
            Builtin::Sqrt => Value::Num(self.eval(&args[0])?.num().sqrt()),
            Builtin::Int => Value::Num(self.eval(&args[0])?.num().trunc()),
            Builtin::Rand => {
                // xorshift64*
                let mut x = self.rand_state;
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                self.rand_state = x;
                let r = x.wrapping_mul(0x2545F4914F6CDD1D) >> 11;
                Value::Num(r as f64 / (1u64 << 53) as f64)
            }
            Builtin::Srand => {
                let prev = self.seed;
                let seed = match args.first() {
                    Some(e) => self.eval(e)?.num(),
                    None => std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_secs() as f64)
                        .unwrap_or(0.0),
                };
                self.seed = seed;
                self.rand_state = (seed.to_bits() ^ 0x9E3779B97F4A7C15) | 1;
                Value::Num(prev)
            }
            Builtin::Tolower | Builtin::Toupper => {
                let s = self.str_arg(&args[0])?;
                let up = b == Builtin::Toupper;
                let v = match std::str::from_utf8(&s) {
                    Ok(t) => {
                        if up {
                            t.to_uppercase().into_bytes()
                        } else {
                            t.to_lowercase().into_bytes()
                        }
                    }
                    Err(_) => {
                        if up {
                            s.to_ascii_uppercase()
                        } else {
                            s.to_ascii_lowercase()
                        }
                    }
                };
                Value::Str(v.into())
            }
            Builtin::System => {
                let cmd = self.str_arg(&args[0])?;
                self.flush_all();
                let status = Command::new("/bin/sh").arg("-c").arg(common::bytes_os(&cmd)).status();
                match status {
                    Ok(st) => match (st.code, st.signal) {
                        (Some(c), _) => Value::Num(c as f64),
                        (None, Some(s)) => Value::Num(256.0 + s as f64),
                        _ => Value::Num(0.0),
                    },
                    Err(e) => {
                        common::error("awk", format!("system: cannot run /bin/sh: {}", strerror(&e)));
                        Value::Num(127.0)
                    }
                }
            }
            Builtin::Close => {
                let name = self.str_arg(&args[0])?;
                Value::Num(self.close(&name) as f64)
            }
            Builtin::Fflush => {
                self.flush_all();
                Value::Num(0.0)
            }
        })
    }

    fn sub_complex(&mut self, re: &Matcher, repl: &[u8], global: bool, target: &Expr) -> R<Value> {
        let lv = match target {
            Expr::Field(e) => {
                let i = self.eval(e)?.num();
                LValue::Field(Box::new(Expr::Num(i)))
            }
            Expr::Index(v, subs) => {
                let k = self.subscript(subs)?;
                LValue::Index(*v, vec![Expr::Str(k.into())])
            }
            _ => unreachable!(),
        };
        let old = self.get_lv(&lv)?;
        let s = self.to_str(&old);
        let (new, n) = substitute(re, repl, &s, global);
        if n > 0 {
            self.assign_lv(&lv, Value::Str(new.into()))?;
        }
        Ok(Value::Num(n as f64))
    }

    fn sprintf(&mut self, args: &[Expr]) -> R<Vec<u8>> {
        let fmt = self.str_arg(&args[0])?;
        let mut vals = Vec::new();
        for a in &args[1..] {
            let v = self.eval(a)?;
            vals.push(v.arg(&self.convfmt));
        }
        let mut out = Vec::new();
        let mut it = vals.into_iter();
        format::format(&fmt, &mut |_| it.next(), &mut out).map_err(Flow::Error)?;
        Ok(out)
    }

    // ---- input ----

    fn main_record(&mut self) -> R<Option<Vec<u8>>> {
        loop {
            if self.main.done {
                return Ok(None);
            }
            if self.main.current.is_none() {
                let argc = self.get_var(Var::Global(V_ARGC))?.num() as usize;
                let mut opened = false;
                while self.main.next_arg < argc {
                    let idx = self.main.next_arg;
                    self.main.next_arg += 1;
                    let argv = self.array(Var::Global(V_ARGV))?;
                    let arg = match argv.borrow().get(idx.to_string().as_bytes()) {
                        Some(v) => self.to_str(v),
                        None => continue,
                    };
                    if arg.is_empty() {
                        continue;
                    }
                    if let Some((name, val)) = assignment(&arg) {
                        let slot = self.prog.globals.iter().position(|g| g == name);
                        if let Some(slot) = slot {
                            let v = Value::from_input(&super::lexer::unescape(val));
                            self.set_global(slot, v)?;
                        }
                        continue;
                    }
                    self.main.used_file = true;
                    let reader: Box<dyn Read> = if &arg[..] == b"-" || &arg[..] == b"/dev/stdin" {
                        Box::new(io::stdin())
                    } else {
                        match File::open(bytes_path(&arg)) {
                            Ok(f) => {
                                if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                                    self.out.flush_out();
                                    common::error(
                                        "awk",
                                        format!("warning: command line argument `{}' is a directory: skipped", String::from_utf8_lossy(&arg)),
                                    );
                                    continue;
                                }
                                Box::new(f)
                            }
                            Err(e) => {
                                return fatal(format!(
                                    "cannot open file `{}' for reading: {}",
                                    String::from_utf8_lossy(&arg),
                                    strerror(&e)
                                ));
                            }
                        }
                    };
                    self.globals[V_FILENAME] = Cell::Val(Value::Str(arg.clone()));
                    self.fnr = 0.0;
                    self.main.current = Some(RecordReader::new(reader));
                    opened = true;
                    break;
                }
                if !opened {
                    if self.main.used_file {
                        self.main.done = true;
                        return Ok(None);
                    }
                    self.main.used_file = true;
                    self.globals[V_FILENAME] = Cell::Val(Value::str(&b"-"[..]));
                    self.fnr = 0.0;
                    self.main.current = Some(RecordReader::new(Box::new(io::stdin())));
                }
            }
            let rs = std::mem::replace(&mut self.rs, RsMode::Byte(b'\n'));
            let r = self.main.current.as_mut().expect("open").read(&rs);
            self.rs = rs;
            match r {
                Ok(Some((rec, rt))) => {
                    self.globals[V_RT] = Cell::Val(Value::Str(rt.into()));
                    return Ok(Some(rec));
                }
                Ok(None) => {
                    self.main.current = None;
                }
                Err(e) => {
                    self.main.current = None;
                    let name = self.get_var(Var::Global(V_FILENAME))?;
                    let name = self.to_str(&name);
                    return fatal(format!("error reading input file `{}': {}", String::from_utf8_lossy(&name), strerror(&e)));
                }
            }
        }
    }

    pub fn next_file(&mut self) {
        self.main.current = None;
    }

    fn getline(&mut self, src: &GetlineSrc, lv: Option<&LValue>) -> R<Value> {
        match src {
            GetlineSrc::Main => {
                let rec = match self.main_record()? {
                    Some(r) => r,
                    None => return Ok(Value::Num(0.0)),
                };
                self.nr += 1.0;
                self.fnr += 1.0;
                match lv {
                    Some(lv) => self.assign_lv(lv, Value::from_input(&rec))?,
                    None => self.set_record(&rec),
                }
                Ok(Value::Num(1.0))
            }
            GetlineSrc::File(e) | GetlineSrc::Cmd(e) => {
                let is_cmd = matches!(src, GetlineSrc::Cmd(_));
                let name = self.str_arg(e)?.to_vec();
                if !self.inputs.contains_key(&name) {
                    let stream = if is_cmd {
                        self.flush_all();
                        match spawn_reader(&name) {
                            Ok(s) => s,
                            Err(_) => return Ok(Value::Num(-1.0)),
                        }
                    } else if name == b"-" || name == b"/dev/stdin" {
                        InStream { reader: RecordReader::new(Box::new(io::stdin())), child: None }
                    } else {
                        match File::open(bytes_path(&name)) {
                            Ok(f) => {
                                if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                                    return Ok(Value::Num(-1.0));
                                }
                                InStream { reader: RecordReader::new(Box::new(f)), child: None }
                            }
                            Err(_) => return Ok(Value::Num(-1.0)),
                        }
                    };
                    self.inputs.insert(name.clone(), stream);
                }
                let rs = std::mem::replace(&mut self.rs, RsMode::Byte(b'\n'));
                let r = self.inputs.get_mut(&name).expect("inserted").reader.read(&rs);
                self.rs = rs;
                let rec = match r {
                    Ok(Some((rec, rt))) => {
                        self.globals[V_RT] = Cell::Val(Value::Str(rt.into()));
                        rec
                    }
                    Ok(None) => return Ok(Value::Num(0.0)),
                    Err(_) => return Ok(Value::Num(-1.0)),
                };
                if is_cmd {
                    self.nr += 1.0;
                }
                match lv {
                    Some(lv) => self.assign_lv(lv, Value::from_input(&rec))?,
                    None => {
                        self.set_record(&rec);
                        if !is_cmd {
                            // `getline <file` sets $0 and NF only.
                        }
                    }
                }
                Ok(Value::Num(1.0))
            }
        }
    }

    // ---- output ----

    fn write_to(&mut self, redir: Option<(Redir, &[u8])>, data: &[u8]) -> R<()> {
        let Some((kind, name)) = redir else {
            self.out.bytes(data);
            return Ok(());
        };
        if !self.outputs.contains_key(name) {
            let stream = match (kind, name) {
                (Redir::File | Redir::Append, b"/dev/stdout" | b"-") => OutStream::Stdout,
                (Redir::File | Redir::Append, b"/dev/stderr") => OutStream::Stderr,
                (Redir::File | Redir::Append, _) => {
                    let r = if kind == Redir::Append {
                        std::fs::OpenOptions::new().append(true).create(true).open(bytes_path(name))
                    } else {
                        File::create(bytes_path(name))
                    };
                    match r {
                        Ok(f) => OutStream::File(io::BufWriter::new(f)),
                        Err(e) => {
                            return fatal(format!(
                                "can't redirect to `{}' ({})",
                                String::from_utf8_lossy(name),
                                strerror(&e)
                            ))
                        }
                    }
                }
                (Redir::Pipe, _) => {
                    self.flush_all();
                    match spawn_writer(name) {
                        Ok((w, child)) => OutStream::Pipe(io::BufWriter::new(w), child),
                        Err(e) => {
                            return fatal(format!(
                                "can't open pipe `{}' for output ({})",
                                String::from_utf8_lossy(name),
                                strerror(&e)
                            ))
                        }
                    }
                }
            };
            self.outputs.insert(name.to_vec(), stream);
        }
        let r = match self.outputs.get_mut(name).expect("inserted") {
            OutStream::Stdout => {
                self.out.bytes(data);
                Ok(())
            }
            OutStream::Stderr => {
                self.out.flush_out();
                io::stderr().write_all(data)
            }
            OutStream::File(w) => w.write_all(data),
            OutStream::Pipe(w, _) => w.write_all(data),
        };
        if let Err(e) = r {
            if common::is_broken_pipe(&e) {
                return Ok(());
            }
            return fatal(format!("write failure on `{}' ({})", String::from_utf8_lossy(name), strerror(&e)));
        }
        Ok(())
    }

    pub fn flush_all(&mut self) {
        self.out.flush_out();
        for s in self.outputs.values_mut() {
            match s {
                OutStream::File(w) | OutStream::Pipe(w, _) => {
                    let _ = w.flush();
                }
                _ => {}
            }
        }
    }

    fn close(&mut self, name: &[u8]) -> i32 {
        let mut result = -1;
        if let Some(s) = self.outputs.remove(name) {
            result = 0;
            match s {
                OutStream::File(mut w) => {
                    if w.flush().is_err() {
                        result = -1;
                    }
                }
                OutStream::Pipe(w, mut child) => {
                    drop(w.into_inner().ok());
                    result = wait_status(&mut child);
                }
                OutStream::Stdout => self.out.flush_out(),
                OutStream::Stderr => {}
            }
        }
        if let Some(mut s) = self.inputs.remove(name) {
            result = 0;
            drop(s.reader);
            if let Some(c) = s.child.as_mut() {
                result = wait_status(c);
            }
        }
        result
    }

    pub fn close_all(&mut self) {
        self.out.flush_out();
        let names: Vec<Vec<u8>> = self.outputs.keys().cloned().collect();
        for n in names {
            self.close(&n);
        }
        let names: Vec<Vec<u8>> = self.inputs.keys().cloned().collect();
        for n in names {
            self.close(&n);
        }
        self.out.flush_out();
    }

    // ---- statements ----

    fn redir_target(&mut self, r: &Option<(Redir, Expr)>) -> R<Option<(Redir, Vec<u8>)>> {
        match r {
            None => Ok(None),
            Some((k, e)) => {
                let s = self.str_arg(e)?;
                Ok(Some((*k, s.to_vec())))
            }
        }
    }

    pub fn exec_block(&mut self, stmts: &[Stmt]) -> R<()> {
        for s in stmts {
            self.exec(s)?;
        }
        Ok(())
    }

    fn exec(&mut self, s: &Stmt) -> R<()> {
        match s {
            Stmt::Expr(e) => {
                self.eval(e)?;
            }
            Stmt::Print(args, redir) => {
                let mut line = Vec::new();
                if args.is_empty() {
                    line.extend_from_slice(&self.record.clone());
                } else {
                    for (i, a) in args.iter().enumerate() {
                        if i > 0 {
                            line.extend_from_slice(&self.ofs);
                        }
                        let v = self.eval(a)?;
                        line.extend_from_slice(&self.to_out_str(&v));
                    }
                }
                line.extend_from_slice(&self.ors);
                let target = self.redir_target(redir)?;
                self.write_to(target.as_ref().map(|(k, n)| (*k, &n[..])), &line)?;
            }
            Stmt::Printf(args, redir) => {
                let s = self.sprintf(args)?;
                let target = self.redir_target(redir)?;
                self.write_to(target.as_ref().map(|(k, n)| (*k, &n[..])), &s)?;
            }
            Stmt::If(c, a, b) => {
                if self.eval(c)?.truthy() {
                    self.exec(a)?;
                } else if let Some(b) = b {
                    self.exec(b)?;
                }
            }
            Stmt::While(c, body) => {
                while self.eval(c)?.truthy() {
                    match self.exec(body) {
                        Ok(()) | Err(Flow::Continue) => {}
                        Err(Flow::Break) => break,
                        Err(e) => return Err(e),
                    }
                }
            }
            Stmt::Do(body, c) => loop {
                match self.exec(body) {
                    Ok(()) | Err(Flow::Continue) => {}
                    Err(Flow::Break) => break,
                    Err(e) => return Err(e),
                }
                if !self.eval(c)?.truthy() {
                    break;
                }
            },
            Stmt::For(init, cond, incr, body) => {
                if let Some(i) = init {
                    self.exec(i)?;
                }
                loop {
                    if let Some(c) = cond {
                        if !self.eval(c)?.truthy() {
                            break;
                        }
                    }
                    match self.exec(body) {
                        Ok(()) | Err(Flow::Continue) => {}
                        Err(Flow::Break) => break,
                        Err(e) => return Err(e),
                    }
                    if let Some(i) = incr {
                        self.exec(i)?;
                    }
                }
            }
            Stmt::ForIn(k, a, body) => {
                let arr = self.array(*a)?;
                let keys = arr.borrow().keys();
                for key in keys {
                    if !arr.borrow().contains(&key) {
                        continue;
                    }
                    self.set_var(*k, Value::from_input(&key))?;
                    match self.exec(body) {
                        Ok(()) | Err(Flow::Continue) => {}
                        Err(Flow::Break) => break,
                        Err(e) => return Err(e),
                    }
                }
            }
            Stmt::Block(v) => self.exec_block(v)?,
            Stmt::Next => return Err(Flow::Next),
            Stmt::NextFile => return Err(Flow::NextFile),
            Stmt::Exit(e) => {
                if let Some(e) = e {
                    self.exit_code = self.eval(e)?.num() as i32;
                }
                return Err(Flow::Exit);
            }
            Stmt::Return(e) => {
                let v = match e {
                    Some(e) => self.eval(e)?,
                    None => Value::Uninit,
                };
                return Err(Flow::Return(v));
            }
            Stmt::Break => return Err(Flow::Break),
            Stmt::Continue => return Err(Flow::Continue),
            Stmt::Delete(v, subs) => {
                let arr = self.array(*v)?;
                match subs {
                    None => arr.borrow_mut().clear(),
                    Some(subs) => {
                        let k = self.subscript(subs)?;
                        arr.borrow_mut().remove(&k);
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs the whole program; returns the exit status.
    pub fn run(&mut self) -> i32 {
        let prog = self.prog;
        let mut exiting = false;
        match self.exec_block(&prog.begin) {
            Ok(()) => {}
            Err(Flow::Exit) => exiting = true,
            Err(Flow::Error(m)) => return self.die(&m),
            Err(Flow::Next) | Err(Flow::NextFile) => return self.die("`next' used in BEGIN action"),
            Err(_) => {}
        }
        if !exiting && (!prog.rules.is_empty() || !prog.end.is_empty()) {
            'records: loop {
                let rec = match self.main_record() {
                    Ok(Some(r)) => r,
                    Ok(None) => break,
                    Err(Flow::Error(m)) => return self.die(&m),
                    Err(_) => break,
                };
                self.nr += 1.0;
                self.fnr += 1.0;
                self.set_record(&rec);
                for (ri, (pat, action)) in prog.rules.iter().enumerate() {
                    let matched = match self.pattern(ri, pat) {
                        Ok(m) => m,
                        Err(Flow::Error(m)) => return self.die(&m),
                        Err(Flow::Exit) => {
                            exiting = true;
                            break 'records;
                        }
                        Err(_) => false,
                    };
                    if !matched {
                        continue;
                    }
                    let r = match action {
                        Some(stmts) => self.exec_block(stmts),
                        None => {
                            let mut line = self.record.to_vec();
                            line.extend_from_slice(&self.ors);
                            self.out.bytes(&line);
                            Ok(())
                        }
                    };
                    match r {
                        Ok(()) => {}
                        Err(Flow::Next) => continue 'records,
                        Err(Flow::NextFile) => {
                            self.next_file();
                            continue 'records;
                        }
                        Err(Flow::Exit) => {
                            exiting = true;
                            break 'records;
                        }
                        Err(Flow::Error(m)) => return self.die(&m),
                        Err(_) => {}
                    }
                }
            }
        }
        let _ = exiting;
        match self.exec_block(&prog.end) {
            Ok(()) | Err(Flow::Exit) => {}
            Err(Flow::Error(m)) => return self.die(&m),
            Err(Flow::Next) | Err(Flow::NextFile) => return self.die("`next' used in END action"),
            Err(_) => {}
        }
        self.close_all();
        self.exit_code
    }

    fn pattern(&mut self, ri: usize, p: &Pattern) -> R<bool> {
        Ok(match p {
            Pattern::All => true,
            Pattern::Expr(e) => self.eval(e)?.truthy(),
            Pattern::Range(a, b) => {
                if self.range_active[ri] {
                    if self.eval(b)?.truthy() {
                        self.range_active[ri] = false;
                    }
                    true
                } else if self.eval(a)?.truthy() {
                    if !self.eval(b)?.truthy() {
                        self.range_active[ri] = true;
                    }
                    true
                } else {
                    false
                }
            }
        })
    }

    fn die(&mut self, msg: &str) -> i32 {
        self.close_all();
        common::error("awk", format!("fatal: {msg}"));
        2
    }
}

fn flow_msg(f: Flow) -> String {
    match f {
        Flow::Error(m) => m,
        _ => "unexpected control flow".into(),
    }
}

fn pow(x: f64, y: f64) -> f64 {
    if y == y.trunc() && y.abs() < 1024.0 {
        x.powi(y as i32)
    } else {
        x.powf(y)
    }
}

fn compile_re(s: &[u8]) -> Result<Matcher, String> {
    let t = translate(s, Syntax::Extended, true).map_err(|e| format!("invalid regexp /{}/: {e}", String::from_utf8_lossy(s)))?;
    Matcher::new(&t, Opts::default()).map_err(|e| format!("invalid regexp /{}/: {e}", String::from_utf8_lossy(s)))
}

fn fs_mode(s: &[u8]) -> R<FsMode> {
    Ok(match s {
        b" " => FsMode::Default,
        b"" => FsMode::Chars,
        [c] if *c != b'\\' => FsMode::Char(*c),
        b"\\t" => FsMode::Char(b'\t'),
        _ => FsMode::Regex(Rc::new(compile_re(s).map_err(Flow::Error)?)),
    })
}

/// Splits a record into fields.
fn split_with(s: &[u8], mode: &FsMode, paragraph: bool) -> Vec<Vec<u8>> {
    match mode {
        FsMode::Default => s
            .split(|&c| c == b' ' || c == b'\t' || c == b'\n')
            .filter(|f| !f.is_empty())
            .map(|f| f.to_vec())
            .collect(),
        FsMode::Chars => {
            let mut out = Vec::new();
            let mut i = 0;
            while i < s.len() {
                let n = next_char_len(s, i);
                out.push(s[i..i + n].to_vec());
                i += n;
            }
            out
        }
        FsMode::Char(c) => {
            if s.is_empty() {
                return Vec::new();
            }
            if paragraph {
                s.split(|x| x == c || *x == b'\n').map(|f| f.to_vec()).collect()
            } else {
                s.split(|x| x == c).map(|f| f.to_vec()).collect()
            }
        }
        FsMode::Regex(re) => {
            if s.is_empty() {
                return Vec::new();
            }
            let mut out = Vec::new();
            let mut start = 0;
            let mut pos = 0;
            while pos <= s.len() {
                let m = re.find_at(s, pos);
                let nl = if paragraph { s[pos..].iter().position(|&c| c == b'\n').map(|i| (pos + i, pos + i + 1)) } else { None };
                let m = match (m, nl) {
                    (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
                    (a, b) => a.or(b),
                };
                match m {
                    Some((ms, me)) if me > ms => {
                        out.push(s[start..ms].to_vec());
                        start = me;
                        pos = me;
                    }
                    Some((ms, _)) => {
                        // Empty match: no split here.
                        pos = ms + next_char_len(s, ms);
                    }
                    None => break,
                }
            }
            out.push(s[start..].to_vec());
            out
        }
    }
}

/// sub/gsub: replaces the first (or every) match; `&` is the match, `\&` a literal `&`.
fn substitute(re: &Matcher, repl: &[u8], s: &[u8], global: bool) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(s.len());
    let mut pos = 0;
    let mut count = 0;
    let mut last_end: Option<usize> = None;
    while pos <= s.len() {
        let Some((ms, me)) = re.find_at(s, pos) else { break };
        if ms == me && last_end == Some(ms) {
            // An empty match right after the previous match: step over one character.
            if ms >= s.len() {
                break;
            }
            let n = next_char_len(s, ms);
            out.extend_from_slice(&s[pos..ms + n]);
            pos = ms + n;
            continue;
        }
        out.extend_from_slice(&s[pos..ms]);
        expand_repl(repl, &s[ms..me], &mut out);
        count += 1;
        if me == ms {
            if ms < s.len() {
                let n = next_char_len(s, ms);
                out.extend_from_slice(&s[ms..ms + n]);
                pos = ms + n;
            } else {
                pos = ms + 1;
            }
        } else {
            pos = me;
        }
        last_end = Some(me);
        if !global {
            break;
        }
    }
    if pos <= s.len() {
        out.extend_from_slice(&s[pos..]);
    }
    (out, count)
}

fn expand_repl(repl: &[u8], matched: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < repl.len() {
        let c = repl[i];
        if c == b'\\' && i + 1 < repl.len() && (repl[i + 1] == b'&' || repl[i + 1] == b'\\') {
            out.push(repl[i + 1]);
            i += 2;
        } else if c == b'&' {
            out.extend_from_slice(matched);
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
}

/// `name=value` with a valid identifier name.
fn assignment(arg: &[u8]) -> Option<(&str, &[u8])> {
    let eq = arg.iter().position(|&c| c == b'=')?;
    let name = std::str::from_utf8(&arg[..eq]).ok()?;
    let mut chars = name.chars();
    let first = chars.next()?;
    if !(first.is_ascii_alphabetic() || first == '_') || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some((name, &arg[eq + 1..]))
}

pub fn parse_assignment(arg: &[u8]) -> Option<(&str, &[u8])> {
    assignment(arg)
}

fn spawn_writer(cmd: &[u8]) -> io::Result<(File, Child)> {
    use std::os::fd::FromRawFd;
    let (r, w) = burrow_guest::pipe(true, false)?;
    let child = Command::new("/bin/sh").arg("-c").arg(common::bytes_os(cmd)).stdin(r).spawn();
    // SAFETY: both descriptors were just created for us and are owned here.
    unsafe { drop(std::os::fd::OwnedFd::from_raw_fd(r as i32)) };
    let wf = unsafe { File::from_raw_fd(w as i32) };
    Ok((wf, child?))
}

fn spawn_reader(cmd: &[u8]) -> io::Result<InStream> {
    use std::os::fd::FromRawFd;
    let (r, w) = burrow_guest::pipe(true, false)?;
    let child = Command::new("/bin/sh").arg("-c").arg(common::bytes_os(cmd)).stdout(w).spawn();
    // SAFETY: as above.
    unsafe { drop(std::os::fd::OwnedFd::from_raw_fd(w as i32)) };
    let rf = unsafe { File::from_raw_fd(r as i32) };
    Ok(InStream { reader: RecordReader::new(Box::new(rf)), child: Some(child?) })
}

fn wait_status(child: &mut Child) -> i32 {
    match child.wait() {
        Ok(st) => match (st.code, st.signal) {
            (Some(c), _) => c,
            (None, Some(s)) => 256 + s,
            _ => 0,
        },
        Err(_) => -1,
    }
}
