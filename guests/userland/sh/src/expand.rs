//! Word expansion: brace expansion, tilde, parameters, command substitution, arithmetic,
//! field splitting with `IFS`, pathname expansion and quote removal.
//!
//! A word's parts are expanded into a [`FieldBuilder`], which tracks for every field its text,
//! the same text with quoted characters backslash-escaped (the glob pattern), whether any
//! unquoted glob character appeared, and whether a quoted part made an empty field count.

use std::collections::BTreeMap;

use crate::arith::{self, ArithEnv};
use crate::ast::*;
use crate::glob;
use crate::pattern::{self, Pattern};
use crate::shell::{Flow, Shell};
use crate::vars::{ArrayIndex, Value, Var};

/// A finished field.
pub struct Field {
    pub text: Vec<u8>,
    /// The glob pattern, if the field has unquoted glob characters.
    pub pattern: Option<Vec<u8>>,
}

/// Accumulates fields during expansion.
pub struct FieldBuilder {
    pub fields: Vec<Field>,
    cur: Vec<u8>,
    pat: Vec<u8>,
    glob: bool,
    active: bool,
    /// Field splitting is off (assignment values, `case` words, here-documents...).
    nosplit: bool,
    ifs: Vec<u8>,
}

fn is_glob_char(c: u8) -> bool {
    matches!(c, b'*' | b'?' | b'[')
}

impl FieldBuilder {
    fn new(ifs: Vec<u8>, nosplit: bool) -> FieldBuilder {
        FieldBuilder { fields: Vec::new(), cur: Vec::new(), pat: Vec::new(), glob: false, active: false, nosplit, ifs }
    }

    /// Unquoted literal text.
    fn lit(&mut self, s: &[u8]) {
        if s.is_empty() {
            return;
        }
        self.cur.extend_from_slice(s);
        for &c in s {
            if is_glob_char(c) {
                self.glob = true;
            }
            if c == b'\\' {
                self.pat.push(b'\\');
            }
            self.pat.push(c);
        }
        self.active = true;
    }

    /// Quoted text (no splitting, no globbing). The pattern form escapes `&` too: a quoted
    /// `&` in the replacement of `${x/p/r}` stands for itself.
    fn quoted(&mut self, s: &[u8]) {
        self.cur.extend_from_slice(s);
        for &c in s {
            if matches!(c, b'*' | b'?' | b'[' | b']' | b'\\' | b'&') {
                self.pat.push(b'\\');
            }
            self.pat.push(c);
        }
        self.active = true;
    }

    /// The result of an unquoted expansion: split on `IFS`.
    fn split(&mut self, s: &[u8]) {
        if self.nosplit || self.ifs.is_empty() {
            self.lit(s);
            return;
        }
        let ifs = std::mem::take(&mut self.ifs);
        let is_ifs = |c: u8| ifs.contains(&c);
        let is_ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n') && ifs.contains(&c);
        let mut i = 0;
        let mut run_start = 0;
        while i < s.len() {
            let c = s[i];
            if is_ifs(c) {
                self.lit(&s[run_start..i]);
                let mut nonws = false;
                while i < s.len() && is_ws(s[i]) {
                    i += 1;
                }
                if i < s.len() && is_ifs(s[i]) && !is_ws(s[i]) {
                    nonws = true;
                    i += 1;
                    while i < s.len() && is_ws(s[i]) {
                        i += 1;
                    }
                }
                self.end(nonws);
                run_start = i;
            } else {
                i += 1;
            }
        }
        self.lit(&s[run_start..]);
        self.ifs = ifs;
    }

    /// Ends the current field (kept if it has content or `force`).
    fn end(&mut self, force: bool) {
        if self.active || force {
            let pattern = if self.glob { Some(std::mem::take(&mut self.pat)) } else { None };
            self.fields.push(Field { text: std::mem::take(&mut self.cur), pattern });
        }
        self.cur.clear();
        self.pat.clear();
        self.glob = false;
        self.active = false;
    }

    /// Marks the current field as present even if empty (`""`).
    fn mark(&mut self) {
        self.active = true;
    }

    fn finish(mut self) -> Vec<Field> {
        self.end(false);
        self.fields
    }
}

/// A parameter's value before an operator applies.
enum PVal {
    Unset,
    Str(Vec<u8>),
    /// `$@`, `${a[@]}` (`star`: `$*`, `${a[*]}`).
    List(Vec<Vec<u8>>, bool),
}

impl PVal {
    fn is_null(&self) -> bool {
        match self {
            PVal::Unset => true,
            PVal::Str(s) => s.is_empty(),
            PVal::List(l, _) => l.is_empty() || (l.len() == 1 && l[0].is_empty()),
        }
    }
}

/// Variable access for arithmetic.
struct ArithVars<'a>(&'a mut Shell);

impl ArithEnv for ArithVars<'_> {
    fn get(&mut self, name: &[u8], index: Option<i64>) -> Option<Vec<u8>> {
        match index {
            None => self.0.get_var(name),
            Some(i) => self.0.get_element(name, &ArrayIndex::Num(i)),
        }
    }

    fn set(&mut self, name: &[u8], index: Option<i64>, value: i64) -> Result<(), String> {
        let v = value.to_string().into_bytes();
        let r = match index {
            None => self.0.vars.set(name, v),
            Some(i) => self.0.vars.set_index(name, ArrayIndex::Num(i), v),
        };
        r.map_err(|_| format!("{}: readonly variable", String::from_utf8_lossy(name)))
    }

    fn nounset(&self) -> bool {
        self.0.opts.nounset
    }
}

impl Shell {
    // ---- public entry points ----

    /// Expands words into fields (brace expansion, splitting, globbing).
    pub fn expand_words(&mut self, words: &[Word]) -> Result<Vec<Vec<u8>>, Flow> {
        let mut out = Vec::with_capacity(words.len());
        for w in words {
            self.expand_word_into(w, &mut out)?;
        }
        Ok(out)
    }

    /// Expands one word into fields, appending to `out`.
    pub fn expand_word_into(&mut self, w: &Word, out: &mut Vec<Vec<u8>>) -> Result<(), Flow> {
        // Fast path: a plain literal without glob characters or braces.
        if let [WordPart::Lit(s)] = w.parts.as_slice() {
            if !s.iter().any(|&c| is_glob_char(c) || c == b'{' || c == b'~') {
                out.push(s.clone());
                return Ok(());
            }
        }
        if let [WordPart::Quoted(s)] = w.parts.as_slice() {
            out.push(s.clone());
            return Ok(());
        }
        if let Some(words) = brace_expand(w) {
            for bw in &words {
                self.expand_fields_one(bw, out)?;
            }
            return Ok(());
        }
        self.expand_fields_one(w, out)
    }

    fn expand_fields_one(&mut self, w: &Word, out: &mut Vec<Vec<u8>>) -> Result<(), Flow> {
        let ifs = self.ifs();
        let mut fb = FieldBuilder::new(ifs, false);
        self.expand_parts(&w.parts, false, &mut fb, Tilde::Word)?;
        for f in fb.finish() {
            match f.pattern {
                Some(p) if !self.opts.noglob && pattern::has_meta(&p) => {
                    let matches = glob::glob(&p, glob::GlobOpts { dotglob: self.opts.dotglob, globstar: self.opts.globstar });
                    if matches.is_empty() {
                        if self.opts.failglob {
                            self.error(format!("no match: {}", String::from_utf8_lossy(&f.text)));
                            return Err(Flow::Exit(1));
                        }
                        if !self.opts.nullglob {
                            out.push(f.text);
                        }
                    } else {
                        out.extend(matches);
                    }
                }
                _ => out.push(f.text),
            }
        }
        Ok(())
    }

    /// Expands a word to one string: no splitting or globbing (`$@` joined with spaces).
    pub fn expand_single(&mut self, w: &Word) -> Result<Vec<u8>, Flow> {
        if let [WordPart::Lit(s) | WordPart::Quoted(s)] = w.parts.as_slice() {
            if !s.starts_with(b"~") {
                return Ok(s.clone());
            }
        }
        let mut fb = FieldBuilder::new(Vec::new(), true);
        self.expand_parts(&w.parts, false, &mut fb, Tilde::Word)?;
        Ok(join_fields(fb))
    }

    /// Expands an assignment value (tilde after `=` and `:`, no splitting or globbing).
    pub fn expand_assign_value(&mut self, w: &Word) -> Result<Vec<u8>, Flow> {
        if let [WordPart::Lit(s) | WordPart::Quoted(s)] = w.parts.as_slice() {
            if !s.contains(&b'~') {
                return Ok(s.clone());
            }
        }
        let mut fb = FieldBuilder::new(Vec::new(), true);
        self.expand_parts(&w.parts, false, &mut fb, Tilde::Assign)?;
        Ok(join_fields(fb))
    }

    /// Expands a word without tilde expansion (here-document bodies).
    pub fn expand_plain(&mut self, w: &Word) -> Result<Vec<u8>, Flow> {
        let mut fb = FieldBuilder::new(Vec::new(), true);
        self.expand_parts(&w.parts, false, &mut fb, Tilde::None)?;
        Ok(join_fields(fb))
    }

    /// Expands a word into a glob pattern: quoted characters escaped.
    pub fn expand_pattern(&mut self, w: &Word) -> Result<Vec<u8>, Flow> {
        let mut fb = FieldBuilder::new(Vec::new(), true);
        self.expand_parts(&w.parts, false, &mut fb, Tilde::Word)?;
        let mut pat = Vec::new();
        for f in &fb.fields {
            pat.extend_from_slice(&pattern_of(f));
        }
        pat.extend_from_slice(&fb.pat);
        Ok(pat)
    }

    /// Expands the right side of `=~` into an extended regular expression: quoted characters
    /// escaped for the regex.
    pub fn expand_regex(&mut self, w: &Word) -> Result<Vec<u8>, Flow> {
        let mut out = Vec::new();
        for p in &w.parts {
            match p {
                WordPart::Lit(s) => out.extend_from_slice(s),
                WordPart::Quoted(_) | WordPart::DQuoted(_) => {
                    let text = self.expand_single(&Word { parts: vec![p.clone()] })?;
                    for c in text {
                        if b"\\.[]()*+?{}|^$".contains(&c) {
                            out.push(b'\\');
                        }
                        out.push(c);
                    }
                }
                other => {
                    let text = self.expand_single(&Word { parts: vec![other.clone()] })?;
                    out.extend_from_slice(&text);
                }
            }
        }
        Ok(out)
    }

    /// Evaluates arithmetic text; errors are reported and become `Err(message)`.
    pub fn arith(&mut self, text: &[u8]) -> Result<i64, String> {
        arith::eval(text, &mut ArithVars(self))
    }

    /// Expands and evaluates an arithmetic word; a failure is a fatal expansion error.
    pub fn arith_word(&mut self, w: &Word) -> Result<i64, Flow> {
        let text = self.expand_plain(w)?;
        match self.arith(&text) {
            Ok(v) => Ok(v),
            Err(msg) => {
                self.error(msg);
                Err(Flow::Exit(1))
            }
        }
    }

    /// `IFS` (default blank, tab, newline when unset).
    pub fn ifs(&self) -> Vec<u8> {
        match self.vars.get(b"IFS") {
            Some(v) => v.to_vec(),
            None => b" \t\n".to_vec(),
        }
    }

    // ---- parts ----

    fn expand_parts(&mut self, parts: &[WordPart], quoted: bool, fb: &mut FieldBuilder, tilde: Tilde) -> Result<(), Flow> {
        for (i, part) in parts.iter().enumerate() {
            match part {
                WordPart::Lit(s) => {
                    if quoted {
                        fb.quoted(s);
                    } else if i == 0 && tilde != Tilde::None && s.first() == Some(&b'~')
                        || tilde == Tilde::Assign && s.contains(&b'~')
                    {
                        self.expand_tilde_lit(s, i == 0, parts.len() > i + 1, tilde, fb);
                    } else {
                        fb.lit(s);
                    }
                }
                WordPart::Quoted(s) => fb.quoted(s),
                WordPart::DQuoted(inner) => {
                    if !inner.iter().all(is_list_param) || inner.is_empty() {
                        fb.mark();
                    }
                    self.expand_parts(inner, true, fb, Tilde::None)?;
                }
                WordPart::Param(pe) => self.expand_param(pe, quoted, fb)?,
                WordPart::CmdSub(list) => {
                    let out = self.command_subst(list)?;
                    if quoted {
                        fb.quoted(&out);
                    } else {
                        fb.split(&out);
                    }
                }
                WordPart::ProcSub(output, list) => {
                    let path = self.process_subst(*output, list);
                    fb.quoted(&path);
                }
                WordPart::Arith(w) => {
                    let v = self.arith_word(w)?.to_string().into_bytes();
                    if quoted {
                        fb.quoted(&v);
                    } else {
                        fb.split(&v);
                    }
                }
                WordPart::ArrayLit(words) => {
                    // Outside a declaration builtin: the words as text.
                    let mut text = vec![b'('];
                    for (j, w) in words.iter().enumerate() {
                        if j > 0 {
                            text.push(b' ');
                        }
                        text.extend_from_slice(&self.expand_single(w)?);
                    }
                    text.push(b')');
                    fb.quoted(&text);
                }
            }
        }
        Ok(())
    }

    /// Tilde expansion in a leading literal (and after `:` in assignments).
    fn expand_tilde_lit(&mut self, s: &[u8], first: bool, more_parts: bool, tilde: Tilde, fb: &mut FieldBuilder) {
        let segments: Vec<&[u8]> =
            if tilde == Tilde::Assign { s.split(|&c| c == b':').collect() } else { vec![s] };
        let n = segments.len();
        for (k, seg) in segments.iter().enumerate() {
            if k > 0 {
                fb.lit(b":");
            }
            let eligible = (k > 0 || first) && seg.first() == Some(&b'~');
            if !eligible {
                fb.lit(seg);
                continue;
            }
            let end = seg.iter().position(|&c| c == b'/').unwrap_or(seg.len());
            if end == seg.len() && k == n - 1 && more_parts {
                fb.lit(seg);
                continue;
            }
            let user = &seg[1..end];
            match self.tilde_home(user) {
                Some(home) => {
                    fb.quoted(&home);
                    fb.lit(&seg[end..]);
                }
                None => fb.lit(seg),
            }
        }
    }

    fn tilde_home(&mut self, user: &[u8]) -> Option<Vec<u8>> {
        match user {
            b"" => self.vars.get(b"HOME").map(|h| h.to_vec()),
            b"+" => self.vars.get(b"PWD").map(|h| h.to_vec()),
            b"-" => self.vars.get(b"OLDPWD").map(|h| h.to_vec()),
            name => {
                let passwd = std::fs::read("/etc/passwd").ok()?;
                for line in passwd.split(|&c| c == b'\n') {
                    let f: Vec<&[u8]> = line.split(|&c| c == b':').collect();
                    if f.len() >= 6 && f[0] == name {
                        return Some(f[5].to_vec());
                    }
                }
                None
            }
        }
    }

    // ---- parameters ----

    /// The scalar value of a variable, including the dynamic ones.
    pub fn get_var(&mut self, name: &[u8]) -> Option<Vec<u8>> {
        if let Some(v) = self.vars.get(name) {
            return Some(v.to_vec());
        }
        let resolved = self.vars.resolve(name);
        self.dynamic_var(&resolved)
    }

    fn dynamic_var(&mut self, name: &[u8]) -> Option<Vec<u8>> {
        let v = match name {
            b"LINENO" => self.lineno.to_string(),
            b"BASH_SUBSHELL" => self.subshell_level.to_string(),
            b"SHELLOPTS" => {
                let mut on: Vec<&str> = self.opts.long_list().into_iter().filter(|(_, v)| *v).map(|(n, _)| n).collect();
                on.extend(["braceexpand", "hashall", "interactive-comments"]);
                on.sort_unstable();
                on.join(":")
            }
            b"FUNCNAME" => return self.funcname().map(|mut n| n.swap_remove(0)),
            b"RANDOM" => {
                if self.random == 0 {
                    self.random = (sys_seed() as u32) | 1;
                }
                self.random = self.random.wrapping_mul(1103515245).wrapping_add(12345);
                ((self.random >> 16) & 0x7fff).to_string()
            }
            b"SECONDS" => ((crate::sys::now_ms() - self.start_ms) / 1000).to_string(),
            b"EPOCHSECONDS" => (crate::sys::now_ms() / 1000).to_string(),
            b"BASHPID" => self.own_pid().to_string(),
            b"PPID" => burrow_guest::getppid().unwrap_or(0).to_string(),
            b"UID" | b"EUID" => "1000".to_string(),
            b"HOSTNAME" => {
                let h = std::fs::read("/etc/hostname").unwrap_or_default();
                return Some(h.trim_ascii_end().to_vec());
            }
            _ => return None,
        };
        Some(v.into_bytes())
    }

    /// An array element (or for a scalar, index 0).
    pub fn get_element(&mut self, name: &[u8], index: &ArrayIndex) -> Option<Vec<u8>> {
        if name == b"FUNCNAME" && !self.vars.is_set(name) {
            let names = self.funcname()?;
            return match index {
                ArrayIndex::Num(i) if *i >= 0 => names.get(*i as usize).cloned(),
                ArrayIndex::Num(i) => names.len().checked_sub(i.unsigned_abs() as usize).map(|k| names[k].clone()),
                ArrayIndex::Key(_) => None,
            };
        }
        let var = self.vars.get_var(name)?;
        match (var.value.as_ref()?, index) {
            (Value::Str(s), ArrayIndex::Num(0)) => Some(s.clone()),
            (Value::Str(_), _) => None,
            (Value::Indexed(m), ArrayIndex::Num(i)) => {
                let i = if *i < 0 { m.keys().next_back().map_or(*i, |last| last + 1 + *i) } else { *i };
                m.get(&i).cloned()
            }
            (Value::Indexed(m), ArrayIndex::Key(k)) => m.get(&atoi(k)).cloned(),
            (Value::Assoc(m), ArrayIndex::Key(k)) => m.get(k).cloned(),
            (Value::Assoc(m), ArrayIndex::Num(i)) => m.get(i.to_string().as_bytes()).cloned(),
        }
    }

    /// Evaluates a subscript for `name`: a key for associative arrays, else arithmetic.
    pub fn eval_index(&mut self, name: &[u8], idx: &Word) -> Result<ArrayIndex, Flow> {
        let assoc = matches!(self.vars.get_var(name).and_then(|v| v.value.as_ref()), Some(Value::Assoc(_)));
        if assoc {
            return Ok(ArrayIndex::Key(self.expand_single(idx)?));
        }
        Ok(ArrayIndex::Num(self.arith_word(idx)?))
    }

    fn array_values(&self, name: &[u8]) -> Option<Vec<Vec<u8>>> {
        if name == b"FUNCNAME" && !self.vars.is_set(name) {
            return self.funcname();
        }
        let var = self.vars.get_var(name)?;
        Some(match var.value.as_ref()? {
            Value::Str(s) => vec![s.clone()],
            Value::Indexed(m) => m.values().cloned().collect(),
            Value::Assoc(m) => m.values().cloned().collect(),
        })
    }

    fn array_keys(&self, name: &[u8]) -> Vec<Vec<u8>> {
        if name == b"FUNCNAME" && !self.vars.is_set(name) {
            return (0..self.funcname().map_or(0, |n| n.len())).map(|k| k.to_string().into_bytes()).collect();
        }
        match self.vars.get_var(name).and_then(|v| v.value.as_ref()) {
            Some(Value::Str(_)) => vec![b"0".to_vec()],
            Some(Value::Indexed(m)) => m.keys().map(|k| k.to_string().into_bytes()).collect(),
            Some(Value::Assoc(m)) => m.keys().cloned().collect(),
            None => Vec::new(),
        }
    }

    /// The value of a parameter.
    fn param_value(&mut self, p: &Param) -> Result<PVal, Flow> {
        Ok(match p {
            Param::Var(name) => {
                let target = self.vars.resolve(name);
                if target.contains(&b'[') {
                    // A name reference to an array element (`declare -n r='a[1]'`).
                    let target = target.into_owned();
                    return self.named_param_value(&target);
                }
                match self.get_var(name) {
                    Some(v) => PVal::Str(v),
                    None => PVal::Unset,
                }
            }
            Param::Positional(n) => match self.positional.get(n.wrapping_sub(1)) {
                Some(v) => PVal::Str(v.clone()),
                None => PVal::Unset,
            },
            Param::Index(name, idx) => match idx.as_lit() {
                Some(b"@") | Some(b"*") => {
                    let star = idx.as_lit() == Some(b"*");
                    match self.array_values(name) {
                        Some(v) => PVal::List(v, star),
                        None => PVal::Unset,
                    }
                }
                _ => {
                    let i = self.eval_index(name, idx)?;
                    match self.get_element(name, &i) {
                        Some(v) => PVal::Str(v),
                        None => PVal::Unset,
                    }
                }
            },
            Param::Special(c) => match c {
                b'@' => PVal::List(self.positional.clone(), false),
                b'*' => PVal::List(self.positional.clone(), true),
                b'#' => PVal::Str(self.positional.len().to_string().into_bytes()),
                b'?' => PVal::Str(self.last_status.to_string().into_bytes()),
                b'-' => PVal::Str(self.opts.letters().into_bytes()),
                b'$' => PVal::Str(self.pid().to_string().into_bytes()),
                b'!' => match self.last_bg {
                    Some(p) => PVal::Str(p.to_string().into_bytes()),
                    None => PVal::Unset,
                },
                b'0' => PVal::Str(self.arg0.clone()),
                _ => PVal::Unset,
            },
        })
    }

    /// The name a parameter is written as (for messages).
    fn param_name(p: &Param) -> String {
        match p {
            Param::Var(n) => String::from_utf8_lossy(n).into_owned(),
            Param::Index(n, i) => {
                format!("{}[{}]", String::from_utf8_lossy(n), String::from_utf8_lossy(&crate::unparse::word(i)))
            }
            Param::Positional(n) => n.to_string(),
            Param::Special(c) => (*c as char).to_string(),
        }
    }

    /// Resolves `${!name}`: the parameter named by `name`'s value; for a name reference, the
    /// name it refers to.
    fn indirect_value(&mut self, p: &Param) -> Result<PVal, Flow> {
        if let Param::Var(name) = p {
            if let Some(Var { nameref: true, value, .. }) = self.vars.get_var_raw(name) {
                return Ok(match value {
                    Some(Value::Str(target)) => PVal::Str(target.clone()),
                    _ => PVal::Unset,
                });
            }
        }
        let target = match self.param_value(p)? {
            PVal::Str(s) => s,
            PVal::List(l, _) => l.join(&b' '),
            PVal::Unset => {
                if self.opts.nounset {
                    self.error(format!("{}: unbound variable", Self::param_name(p)));
                    return Err(self.fatal_status());
                }
                return Ok(PVal::Unset);
            }
        };
        self.named_param_value(&target)
    }

    /// The value of the parameter `target` names (`name`, `name[sub]`, `1`, `@`...), as
    /// `${target}` would expand.
    fn named_param_value(&mut self, target: &[u8]) -> Result<PVal, Flow> {
        let word = match crate::parser::Parser::parse_program(&[b"${", &target[..], b"}"].concat()) {
            Ok(list) => list,
            Err(_) => {
                self.error(format!("{}: invalid variable name", String::from_utf8_lossy(&target)));
                return Err(Flow::Exit(1));
            }
        };
        // Extract the parsed `${target}` parameter.
        let param = word
            .items
            .first()
            .and_then(|i| match i.and_or.first.commands.first() {
                Some(Command::Simple(s)) => s.words.first().cloned(),
                _ => None,
            })
            .and_then(|w| match w.parts.as_slice() {
                [WordPart::Param(pe)] if pe.op == ParamOp::Plain => Some(pe.param.clone()),
                _ => None,
            });
        match param {
            Some(p) => self.param_value(&p),
            None => {
                self.error(format!("{}: invalid variable name", String::from_utf8_lossy(&target)));
                Err(Flow::Exit(1))
            }
        }
    }

    /// The status a fatal expansion error exits with (bash: 127, 1 in subshells).
    fn fatal_status(&self) -> Flow {
        Flow::Exit(if self.is_subshell { 1 } else { 127 })
    }

    fn expand_param(&mut self, pe: &ParamExp, quoted: bool, fb: &mut FieldBuilder) -> Result<(), Flow> {
        // Operators that do not read the value.
        match &pe.op {
            ParamOp::Names(star) => {
                let prefix = match &pe.param {
                    Param::Var(n) => n.clone(),
                    _ => Vec::new(),
                };
                let names = self.vars.names_with_prefix(&prefix);
                self.emit_list(names, *star, quoted, fb);
                return Ok(());
            }
            ParamOp::Keys(star) => {
                let keys = match &pe.param {
                    Param::Index(n, _) => self.array_keys(n),
                    _ => Vec::new(),
                };
                self.emit_list(keys, *star, quoted, fb);
                return Ok(());
            }
            _ => {}
        }
        let val = if pe.indirect { self.indirect_value(&pe.param)? } else { self.param_value(&pe.param)? };
        let is_list_param = matches!(val, PVal::List(..));
        match &pe.op {
            ParamOp::Plain => {
                if let PVal::Unset = val {
                    if self.opts.nounset && !is_at_or_star(&pe.param) {
                        // Bash names a positional parameter as written (`$1`; the
                        // rarer `${1}` reads the same here).
                        let name = match &pe.param {
                            Param::Positional(n) => format!("${n}"),
                            p => Self::param_name(p),
                        };
                        self.error(format!("{name}: unbound variable"));
                        return Err(self.fatal_status());
                    }
                }
                self.emit(val, quoted, fb);
            }
            ParamOp::Length => {
                let n = match val {
                    PVal::Unset => {
                        if self.opts.nounset && !is_at_or_star(&pe.param) {
                            self.error(format!("{}: unbound variable", Self::param_name(&pe.param)));
                            return Err(self.fatal_status());
                        }
                        0
                    }
                    PVal::Str(s) => pattern::char_count(&s),
                    PVal::List(l, _) => l.len(),
                };
                let s = n.to_string().into_bytes();
                if quoted {
                    fb.quoted(&s);
                } else {
                    fb.lit(&s);
                }
            }
            ParamOp::Default(colon, w) | ParamOp::Alt(colon, w) => {
                let missing = match val {
                    PVal::Unset => true,
                    _ => *colon && val.is_null(),
                };
                let use_word = match pe.op {
                    ParamOp::Default(..) => missing,
                    _ => !missing,
                };
                if use_word {
                    self.expand_op_word(w, quoted, fb)?;
                } else if let ParamOp::Default(..) = pe.op {
                    self.emit(val, quoted, fb);
                }
            }
            ParamOp::Assign(colon, w) => {
                let missing = match val {
                    PVal::Unset => true,
                    _ => *colon && val.is_null(),
                };
                if missing {
                    let v = self.expand_single(w)?;
                    match &pe.param {
                        Param::Var(name) => {
                            if self.vars.set(name, v.clone()).is_err() {
                                self.error(format!("{}: readonly variable", String::from_utf8_lossy(name)));
                                return Err(Flow::Exit(1));
                            }
                        }
                        Param::Index(name, idx) => {
                            let i = self.eval_index(name, idx)?;
                            let _ = self.vars.set_index(name, i, v.clone());
                        }
                        p => {
                            self.error(format!("${}: cannot assign in this way", Self::param_name(p)));
                            return Err(Flow::Exit(1));
                        }
                    }
                    self.emit(PVal::Str(v), quoted, fb);
                } else {
                    self.emit(val, quoted, fb);
                }
            }
            ParamOp::Error(colon, w) => {
                let missing = match val {
                    PVal::Unset => true,
                    _ => *colon && val.is_null(),
                };
                if missing {
                    let msg = self.expand_single(w)?;
                    let msg = if msg.is_empty() {
                        if *colon {
                            b"parameter null or not set".to_vec()
                        } else {
                            b"parameter not set".to_vec()
                        }
                    } else {
                        msg
                    };
                    let mut line = Self::param_name(&pe.param).into_bytes();
                    line.extend_from_slice(b": ");
                    line.extend_from_slice(&msg);
                    self.error(line);
                    return Err(self.fatal_status());
                }
                self.emit(val, quoted, fb);
            }
            ParamOp::TrimPrefix(longest, w) | ParamOp::TrimSuffix(longest, w) => {
                let pat = self.expand_pattern(w)?;
                let p = Pattern::new(&pat);
                let prefix = matches!(pe.op, ParamOp::TrimPrefix(..));
                let f = |s: Vec<u8>| -> Vec<u8> {
                    if prefix {
                        match p.match_prefix(&s, *longest) {
                            Some(n) => s[n..].to_vec(),
                            None => s,
                        }
                    } else {
                        match p.match_suffix(&s, *longest) {
                            Some(n) => s[..n].to_vec(),
                            None => s,
                        }
                    }
                };
                let v = self.map_val(val, &pe.param, f)?;
                self.emit(v, quoted, fb);
            }
            ParamOp::Replace(kind, pat, rep) => {
                let pat = self.expand_pattern(pat)?;
                // Quoted characters come backslash-escaped: an unquoted `&` is the match.
                let rep = self.expand_pattern(rep)?;
                let p = Pattern::new(&pat);
                let kind = *kind;
                let f = |s: Vec<u8>| replace(&s, &p, &rep, kind, pat.is_empty());
                let v = self.map_val(val, &pe.param, f)?;
                self.emit(v, quoted, fb);
            }
            ParamOp::Transform(t) => {
                let t = *t;
                let v = self.map_val(val, &pe.param, |s| match t {
                    b'Q' => {
                        let q = crate::unparse::quote(&s);
                        if q == s {
                            [&b"'"[..], &s, b"'"].concat()
                        } else {
                            q
                        }
                    }
                    b'E' => crate::parser::Parser::expand_escapes(&s),
                    b'U' => case_mod(&s, CaseMod::UpperAll, None),
                    b'u' => case_mod(&s, CaseMod::UpperFirst, None),
                    _ => case_mod(&s, CaseMod::LowerAll, None),
                })?;
                self.emit(v, quoted, fb);
            }
            ParamOp::Case(m, pat) => {
                let m = *m;
                let pat = if pat.parts.is_empty() { None } else { Some(Pattern::new(&self.expand_pattern(pat)?)) };
                let v = self.map_val(val, &pe.param, |s| case_mod(&s, m, pat.as_ref()))?;
                self.emit(v, quoted, fb);
            }
            ParamOp::Substring(off, len) => {
                let offset = self.arith_word(off)?;
                let length = match len {
                    Some(l) => Some(self.arith_word(l)?),
                    None => None,
                };
                match val {
                    PVal::Unset => {
                        if self.opts.nounset {
                            self.error(format!("{}: unbound variable", Self::param_name(&pe.param)));
                            return Err(self.fatal_status());
                        }
                    }
                    PVal::Str(s) => {
                        let b = pattern::boundaries(&s);
                        let n = (b.len() - 1) as i64;
                        let Some((st, en)) = slice_range(n, offset, length) else {
                            if length.is_some_and(|l| l < 0) {
                                self.error(format!(
                                    "{}: substring expression < 0",
                                    String::from_utf8_lossy(&crate::unparse::word(len.as_ref().unwrap_or(off)))
                                ));
                                return Err(Flow::Exit(1));
                            }
                            if quoted {
                                fb.mark();
                            }
                            return Ok(());
                        };
                        let sub = s[b[st]..b[en]].to_vec();
                        self.emit(PVal::Str(sub), quoted, fb);
                    }
                    PVal::List(l, star) => {
                        // ${@:off:len} counts $0 as element 0.
                        let items: Vec<Vec<u8>> = if is_at_or_star(&pe.param) {
                            let mut all = vec![self.arg0.clone()];
                            all.extend(l);
                            all
                        } else {
                            l
                        };
                        let n = items.len() as i64;
                        let range = slice_range(n, offset, length);
                        let sub = match range {
                            Some((st, en)) => items[st..en].to_vec(),
                            None => Vec::new(),
                        };
                        self.emit(PVal::List(sub, star), quoted, fb);
                    }
                }
            }
            ParamOp::Names(_) | ParamOp::Keys(_) => {}
        }
        let _ = is_list_param;
        Ok(())
    }

    /// Applies `f` to a value (each element of a list).
    fn map_val(&mut self, val: PVal, p: &Param, mut f: impl FnMut(Vec<u8>) -> Vec<u8>) -> Result<PVal, Flow> {
        Ok(match val {
            PVal::Unset => {
                if self.opts.nounset && !is_at_or_star(p) {
                    self.error(format!("{}: unbound variable", Self::param_name(p)));
                    return Err(self.fatal_status());
                }
                PVal::Unset
            }
            PVal::Str(s) => PVal::Str(f(s)),
            PVal::List(l, star) => PVal::List(l.into_iter().map(f).collect(), star),
        })
    }

    /// Expands the word of `${x:-word}` / `${x:+word}` in the expansion's context: inside
    /// double quotes as quoted text, else with its literal text split too.
    fn expand_op_word(&mut self, w: &Word, quoted: bool, fb: &mut FieldBuilder) -> Result<(), Flow> {
        if quoted {
            if w.parts.is_empty() {
                fb.mark();
            }
            return self.expand_parts(&w.parts, true, fb, Tilde::None);
        }
        for (i, p) in w.parts.iter().enumerate() {
            match p {
                WordPart::Lit(s) => {
                    if i == 0 && s.first() == Some(&b'~') {
                        self.expand_tilde_lit(s, true, w.parts.len() > 1, Tilde::Word, fb);
                    } else {
                        fb.split(s);
                    }
                }
                other => self.expand_parts(std::slice::from_ref(other), false, fb, Tilde::None)?,
            }
        }
        Ok(())
    }

    /// Emits a value into the field builder.
    fn emit(&mut self, val: PVal, quoted: bool, fb: &mut FieldBuilder) {
        match val {
            PVal::Unset => {}
            PVal::Str(s) => {
                if quoted {
                    fb.quoted(&s);
                } else {
                    fb.split(&s);
                }
            }
            PVal::List(l, star) => self.emit_list(l, star, quoted, fb),
        }
    }

    fn emit_list(&mut self, l: Vec<Vec<u8>>, star: bool, quoted: bool, fb: &mut FieldBuilder) {
        if quoted && star {
            let ifs = self.ifs();
            let sep: &[u8] = if self.vars.get(b"IFS").is_none() {
                b" "
            } else if ifs.is_empty() {
                b""
            } else {
                &ifs[..1]
            };
            let joined = l.join(sep);
            fb.quoted(&joined);
            return;
        }
        if fb.nosplit {
            // Assignment context: `$@` joins with spaces.
            let joined = l.join(&b' ');
            if quoted {
                fb.quoted(&joined);
            } else {
                fb.lit(&joined);
            }
            return;
        }
        for (i, item) in l.iter().enumerate() {
            if i > 0 {
                fb.end(quoted);
            }
            if quoted {
                fb.quoted(item);
            } else {
                fb.split(item);
            }
        }
    }
}

/// Whether tilde expansion applies: at a word's start, also after `:` in assignments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tilde {
    None,
    Word,
    Assign,
}

fn is_at_or_star(p: &Param) -> bool {
    matches!(p, Param::Special(b'@' | b'*'))
}

/// Whether a part is `$@`/`${a[@]}` (which in quotes yields no field when empty).
fn is_list_param(p: &WordPart) -> bool {
    match p {
        WordPart::Param(pe) => {
            let list = match &pe.param {
                Param::Special(b'@') => true,
                Param::Index(_, i) => i.as_lit() == Some(b"@"),
                _ => false,
            };
            list && !matches!(pe.op, ParamOp::Length | ParamOp::Default(..) | ParamOp::Alt(..) | ParamOp::Assign(..))
        }
        _ => false,
    }
}

fn join_fields(fb: FieldBuilder) -> Vec<u8> {
    let fields = fb.finish();
    if fields.len() == 1 {
        return fields.into_iter().next().map(|f| f.text).unwrap_or_default();
    }
    let mut out = Vec::new();
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(&f.text);
    }
    out
}

fn pattern_of(f: &Field) -> Vec<u8> {
    match &f.pattern {
        Some(p) => p.clone(),
        None => {
            let mut out = Vec::new();
            for &c in &f.text {
                if matches!(c, b'*' | b'?' | b'[' | b']' | b'\\') {
                    out.push(b'\\');
                }
                out.push(c);
            }
            out
        }
    }
}

/// The character range `[start, end)` of `${x:offset:length}` over `n` characters.
fn slice_range(n: i64, offset: i64, length: Option<i64>) -> Option<(usize, usize)> {
    let start = if offset < 0 { n + offset } else { offset };
    if start < 0 || start > n {
        return None;
    }
    let end = match length {
        None => n,
        Some(l) if l < 0 => n + l,
        Some(l) => (start + l).min(n),
    };
    if end < start {
        return None;
    }
    Some((start as usize, end as usize))
}

/// The replacement text for `matched`: `rep` with each unquoted `&` replaced by the match
/// (bash's `patsub_replacement`) and the escapes of quoted characters removed.
fn substitute(rep: &[u8], matched: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rep.len());
    let mut i = 0;
    while i < rep.len() {
        match rep[i] {
            b'\\' if i + 1 < rep.len() => {
                out.push(rep[i + 1]);
                i += 2;
                continue;
            }
            b'&' => out.extend_from_slice(matched),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// `${s/p/rep}` and its variants; `rep` is in pattern form (see [`substitute`]).
fn replace(s: &[u8], p: &Pattern, rep: &[u8], kind: ReplaceKind, empty_pat: bool) -> Vec<u8> {
    if empty_pat && kind != ReplaceKind::Prefix && kind != ReplaceKind::Suffix {
        return s.to_vec();
    }
    match kind {
        ReplaceKind::Prefix => match p.match_prefix(s, true) {
            Some(n) => [&substitute(rep, &s[..n])[..], &s[n..]].concat(),
            None => s.to_vec(),
        },
        ReplaceKind::Suffix => match p.match_suffix(s, true) {
            Some(n) => [&s[..n], &substitute(rep, &s[n..])[..]].concat(),
            None => s.to_vec(),
        },
        ReplaceKind::First | ReplaceKind::All => {
            let mut out = Vec::new();
            let mut pos = 0;
            while pos <= s.len() {
                match p.find(s, pos, false) {
                    Some((st, en)) => {
                        out.extend_from_slice(&s[pos..st]);
                        out.extend_from_slice(&substitute(rep, &s[st..en]));
                        pos = en;
                        if kind == ReplaceKind::First {
                            break;
                        }
                    }
                    None => break,
                }
            }
            out.extend_from_slice(&s[pos.min(s.len())..]);
            out
        }
    }
}

/// `${x^}` and friends: changes the case of the first or of every character, only of those
/// matching `pat` when there is one.
fn case_mod(s: &[u8], m: CaseMod, pat: Option<&Pattern>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(s) else { return s.to_vec() };
    let all = matches!(m, CaseMod::UpperAll | CaseMod::LowerAll | CaseMod::ToggleAll);
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let mut buf = [0u8; 4];
        let applies = (all || i == 0) && pat.is_none_or(|p| p.matches(c.encode_utf8(&mut buf).as_bytes()));
        if !applies {
            out.push(c);
            continue;
        }
        match m {
            CaseMod::UpperAll | CaseMod::UpperFirst => out.extend(c.to_uppercase()),
            CaseMod::LowerAll | CaseMod::LowerFirst => out.extend(c.to_lowercase()),
            CaseMod::ToggleAll | CaseMod::ToggleFirst => {
                if c.is_uppercase() {
                    out.extend(c.to_lowercase());
                } else {
                    out.extend(c.to_uppercase());
                }
            }
        }
    }
    out.into_bytes()
}

fn atoi(s: &[u8]) -> i64 {
    std::str::from_utf8(s).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(0)
}

fn sys_seed() -> u64 {
    let t = crate::sys::now_ms() as u64;
    t ^ (burrow_guest::getpid().unwrap_or(1) as u64) << 16
}

// ---- brace expansion ----

/// One element of a flattened word: a literal byte (brace syntax counts only there) or an
/// opaque part.
#[derive(Clone)]
enum Item<'a> {
    Byte(u8),
    Part(&'a WordPart),
}

/// Most words one brace expansion may produce.
const MAX_BRACE: usize = 100_000;

/// Brace-expands a word; `None` if it has no brace expression.
pub fn brace_expand(w: &Word) -> Option<Vec<Word>> {
    let has_brace = w.parts.iter().any(|p| matches!(p, WordPart::Lit(s) if s.contains(&b'{')));
    if !has_brace {
        return None;
    }
    let mut items = Vec::new();
    for p in &w.parts {
        match p {
            WordPart::Lit(s) => items.extend(s.iter().map(|&c| Item::Byte(c))),
            other => items.push(Item::Part(other)),
        }
    }
    let mut out = Vec::new();
    if !expand_items(&items, &mut out) {
        return None;
    }
    Some(out)
}

/// Expands the first brace expression of `items` (recursively); false if there is none.
fn expand_items(items: &[Item], out: &mut Vec<Word>) -> bool {
    let mut start = 0;
    while let Some(open) = (start..items.len()).find(|&i| matches!(items[i], Item::Byte(b'{'))) {
        // Find the matching close and the top-level commas.
        let mut depth = 0;
        let mut commas = Vec::new();
        let mut close = None;
        for (j, it) in items.iter().enumerate().skip(open) {
            match it {
                Item::Byte(b'{') => depth += 1,
                Item::Byte(b'}') => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(j);
                        break;
                    }
                }
                Item::Byte(b',') if depth == 1 => commas.push(j),
                _ => {}
            }
        }
        let Some(close) = close else { return false };
        let prefix = &items[..open];
        let suffix = &items[close + 1..];
        let alternatives: Vec<Vec<Item>> = if !commas.is_empty() {
            let mut alts = Vec::new();
            let mut s = open + 1;
            for &c in commas.iter().chain(std::iter::once(&close)) {
                alts.push(items[s..c].to_vec());
                s = c + 1;
            }
            alts
        } else {
            match sequence(&items[open + 1..close]) {
                Some(seq) => seq.into_iter().map(|s| s.into_iter().map(Item::Byte).collect()).collect(),
                None => {
                    start = open + 1;
                    continue;
                }
            }
        };
        for alt in alternatives {
            let mut combined: Vec<Item> = prefix.to_vec();
            combined.extend(alt);
            combined.extend_from_slice(suffix);
            if out.len() >= MAX_BRACE {
                return true;
            }
            if !expand_items(&combined, out) {
                out.push(items_to_word(&combined));
            }
        }
        return true;
    }
    false
}

fn items_to_word(items: &[Item]) -> Word {
    let mut parts = Vec::new();
    let mut lit = Vec::new();
    for it in items {
        match it {
            Item::Byte(c) => lit.push(*c),
            Item::Part(p) => {
                if !lit.is_empty() {
                    parts.push(WordPart::Lit(std::mem::take(&mut lit)));
                }
                parts.push((*p).clone());
            }
        }
    }
    if !lit.is_empty() {
        parts.push(WordPart::Lit(lit));
    }
    Word { parts }
}

/// `a..b[..step]` of numbers or single characters.
fn sequence(items: &[Item]) -> Option<Vec<Vec<u8>>> {
    let mut text = Vec::new();
    for it in items {
        match it {
            Item::Byte(c) => text.push(*c),
            Item::Part(_) => return None,
        }
    }
    let parts: Vec<&[u8]> = text.split(|&c| c == b'.').collect();
    // "a..b" splits into [a, "", b]; "a..b..c" into [a, "", b, "", c].
    let (a, b, step) = match parts.as_slice() {
        [a, b"", b] => (*a, *b, None),
        [a, e1, b, e2, s] if e1.is_empty() && e2.is_empty() => (*a, *b, Some(*s)),
        _ => return None,
    };
    let step: i64 = match step {
        Some(s) => std::str::from_utf8(s).ok()?.parse::<i64>().ok()?.abs(),
        None => 1,
    };
    let step = step.max(1);
    let num = |s: &[u8]| -> Option<i64> { std::str::from_utf8(s).ok()?.parse::<i64>().ok() };
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        let pad = |s: &[u8]| {
            let digits = s.strip_prefix(b"-").unwrap_or(s);
            if digits.len() > 1 && digits[0] == b'0' {
                s.len()
            } else {
                0
            }
        };
        let width = pad(a).max(pad(b));
        let mut out = Vec::new();
        let mut v = x;
        loop {
            let s = if width > 0 {
                if v < 0 {
                    format!("-{:0w$}", -v, w = width - 1)
                } else {
                    format!("{v:0width$}")
                }
            } else {
                v.to_string()
            };
            out.push(s.into_bytes());
            if out.len() >= MAX_BRACE || v == y {
                break;
            }
            if x <= y {
                v += step;
                if v > y {
                    break;
                }
            } else {
                v -= step;
                if v < y {
                    break;
                }
            }
        }
        return Some(out);
    }
    if a.len() == 1 && b.len() == 1 && a[0].is_ascii_alphabetic() && b[0].is_ascii_alphabetic() {
        let (x, y) = (a[0] as i64, b[0] as i64);
        let mut out = Vec::new();
        let mut v = x;
        loop {
            out.push(vec![v as u8]);
            if v == y {
                break;
            }
            if x <= y {
                v += step;
                if v > y {
                    break;
                }
            } else {
                v -= step;
                if v < y {
                    break;
                }
            }
        }
        return Some(out);
    }
    None
}

/// Parses the elements of an array literal `(a b [k]=v)` for assignment.
pub fn array_literal(sh: &mut Shell, name: &[u8], words: &[Word], assoc: bool) -> Result<Value, Flow> {
    let mut indexed: BTreeMap<i64, Vec<u8>> = BTreeMap::new();
    let mut keyed: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
    let mut next = 0i64;
    for w in words {
        // [key]=value
        if let Some(WordPart::Lit(first)) = w.parts.first() {
            if first.first() == Some(&b'[') {
                if let Some(close) = first.iter().position(|&c| c == b']') {
                    if first.get(close + 1) == Some(&b'=') {
                        let key_text = first[1..close].to_vec();
                        let mut rest = vec![WordPart::Lit(first[close + 2..].to_vec())];
                        rest.extend(w.parts[1..].iter().cloned());
                        let value = sh.expand_assign_value(&Word { parts: rest })?;
                        if assoc {
                            let k = sh.expand_single(&Word::lit(&key_text))?;
                            keyed.insert(k, value);
                        } else {
                            let i = match sh.arith(&key_text) {
                                Ok(i) => i,
                                Err(m) => {
                                    sh.error(m);
                                    return Err(Flow::Exit(1));
                                }
                            };
                            indexed.insert(i, value);
                            next = i + 1;
                        }
                        continue;
                    }
                }
            }
        }
        let mut fields = Vec::new();
        sh.expand_word_into(w, &mut fields)?;
        for f in fields {
            if assoc {
                keyed.insert(f, Vec::new());
            } else {
                indexed.insert(next, f);
                next += 1;
            }
        }
    }
    let _ = name;
    Ok(if assoc { Value::Assoc(keyed) } else { Value::Indexed(indexed) })
}
