//! Executing the syntax tree: lists, and-or lists, pipelines, simple and compound commands,
//! functions, `set -e`, `[[ ]]`.
//!
//! There is no fork: simple external commands are spawned directly; anything else that must
//! run in another process (a pipeline stage that is a builtin, function or compound command, a
//! subshell, a background list) runs in a new process of this shell (see [`crate::spawn`]).

use std::rc::Rc;

use crate::ast::*;
use crate::builtins;
use crate::parser::{is_name, Parser};
use crate::pattern;
use crate::shell::{Flow, Func, Res, Shell};
use crate::signals;
use crate::sys;
use crate::unparse;
use crate::vars::{ArrayIndex, Value, Var};

/// Deepest function recursion allowed.
const MAX_FUNC_DEPTH: usize = 1000;

/// What a command name resolves to.
#[derive(Clone)]
pub enum Target {
    Function(Rc<FunctionDef>),
    Builtin(builtins::Builtin),
    External,
}

impl Shell {
    /// Runs a list.
    pub fn run_list(&mut self, l: &List) -> Res {
        let mut status = 0;
        for item in &l.items {
            if item.background {
                self.run_background(&item.and_or)?;
                status = 0;
                self.last_status = 0;
            } else {
                status = self.run_and_or(&item.and_or)?;
            }
            if self.traps_active {
                self.check_signals()?;
            }
        }
        Ok(status)
    }

    fn run_and_or(&mut self, a: &AndOr) -> Res {
        if a.rest.is_empty() {
            return self.run_pipeline(&a.first);
        }
        self.errexit_suppressed += 1;
        let r = self.run_pipeline(&a.first);
        self.errexit_suppressed -= 1;
        let mut status = r?;
        let n = a.rest.len();
        for (i, (op, p)) in a.rest.iter().enumerate() {
            let run = match op {
                AndOrOp::And => status == 0,
                AndOrOp::Or => status != 0,
            };
            if !run {
                continue;
            }
            if i + 1 == n {
                status = self.run_pipeline(p)?;
            } else {
                self.errexit_suppressed += 1;
                let r = self.run_pipeline(p);
                self.errexit_suppressed -= 1;
                status = r?;
            }
        }
        Ok(status)
    }

    fn run_pipeline(&mut self, p: &Pipeline) -> Res {
        if p.bang {
            self.errexit_suppressed += 1;
        }
        let procsubs = self.procsub_fds.len();
        let r = if p.commands.len() == 1 { self.run_command(&p.commands[0]) } else { self.run_multi_pipeline(p) };
        self.close_procsubs(procsubs);
        if p.bang {
            self.errexit_suppressed -= 1;
        }
        let mut status = r?;
        if p.bang {
            status = (status == 0) as i32;
        }
        self.last_status = status;
        if status != 0 && !p.bang && self.errexit_suppressed == 0 && triggers_errexit(p) {
            // Functions do not inherit the ERR trap unless `set -E`.
            let traced = self.func_depth == 0 || self.opts.errtrace;
            if let Some(action) = self.traps[signals::ERR].clone().filter(|a| !a.is_empty() && traced) {
                let _ = self.eval_text(&action, b"trap")?;
                self.last_status = status;
            }
            if self.opts.errexit {
                return Err(Flow::Exit(status));
            }
        }
        Ok(status)
    }

    /// Runs one command in the foreground.
    pub fn run_command(&mut self, c: &Command) -> Res {
        match c {
            Command::Simple(s) => self.run_simple(s),
            Command::Compound(cc, redirects) => {
                if let CompoundCommand::Subshell(_) = **cc {
                    return self.run_subshell_command(c);
                }
                if redirects.is_empty() {
                    return self.run_compound(cc);
                }
                let saved = match self.redirect_inplace(redirects) {
                    Ok(s) => s,
                    Err(status) => return Ok(status),
                };
                let r = self.run_compound(cc);
                self.restore_fds(saved);
                r
            }
            Command::FunctionDef(f) => {
                self.functions.insert(f.name.clone(), Func::Parsed(f.clone()));
                Ok(0)
            }
        }
    }

    fn run_compound(&mut self, c: &CompoundCommand) -> Res {
        match c {
            CompoundCommand::Brace(l) => self.run_list(l),
            CompoundCommand::Subshell(l) => self.run_list(l),
            CompoundCommand::If { branches, else_ } => {
                for (cond, body) in branches {
                    self.errexit_suppressed += 1;
                    let r = self.run_list(cond);
                    self.errexit_suppressed -= 1;
                    if r? == 0 {
                        return self.run_list(body);
                    }
                }
                match else_ {
                    Some(e) => self.run_list(e),
                    None => Ok(0),
                }
            }
            CompoundCommand::While { cond, body, until } => {
                self.loop_depth += 1;
                let r = self.run_while(cond, body, *until);
                self.loop_depth -= 1;
                r
            }
            CompoundCommand::For { var, words, body } => {
                let items = match words {
                    Some(ws) => self.expand_words(ws)?,
                    None => self.positional.clone(),
                };
                self.loop_depth += 1;
                let r = self.run_for(var, items, body);
                self.loop_depth -= 1;
                r
            }
            CompoundCommand::ArithFor { init, cond, step, body } => {
                self.loop_depth += 1;
                let r = self.run_arith_for(init, cond, step, body);
                self.loop_depth -= 1;
                r
            }
            CompoundCommand::Case { word, arms } => self.run_case(word, arms),
            CompoundCommand::Cond(e) => {
                if self.opts.xtrace {
                    let mut line = b"[[ ".to_vec();
                    line.extend_from_slice(&unparse::command(&Command::Compound(
                        Box::new(CompoundCommand::Cond(e.clone())),
                        Vec::new(),
                    ))[3..]);
                    self.trace(&line);
                }
                match self.eval_cond(e) {
                    Ok(true) => Ok(0),
                    Ok(false) => Ok(1),
                    Err(CondError::Flow(f)) => Err(f),
                    Err(CondError::Status(s)) => Ok(s),
                }
            }
            CompoundCommand::Arith(w) => {
                let text = self.expand_plain(w)?;
                if self.opts.xtrace {
                    let mut line = b"(( ".to_vec();
                    line.extend_from_slice(&text);
                    line.extend_from_slice(b" ))");
                    self.trace(&line);
                }
                match self.arith(&text) {
                    Ok(v) => Ok((v == 0) as i32),
                    Err(msg) => {
                        self.error(format!("((: {msg}"));
                        Ok(1)
                    }
                }
            }
        }
    }

    /// Handles `break`/`continue` at a loop: `Ok(true)` to leave the loop, `Ok(false)` to go
    /// on, `Err` to propagate.
    fn loop_flow(r: Res, status: &mut i32) -> Result<bool, Flow> {
        match r {
            Ok(s) => {
                *status = s;
                Ok(false)
            }
            Err(Flow::Break(n)) => {
                *status = 0;
                if n > 1 {
                    Err(Flow::Break(n - 1))
                } else {
                    Ok(true)
                }
            }
            Err(Flow::Continue(n)) => {
                *status = 0;
                if n > 1 {
                    Err(Flow::Continue(n - 1))
                } else {
                    Ok(false)
                }
            }
            Err(f) => Err(f),
        }
    }

    fn run_while(&mut self, cond: &List, body: &List, until: bool) -> Res {
        let mut status = 0;
        loop {
            self.errexit_suppressed += 1;
            let c = self.run_list(cond);
            self.errexit_suppressed -= 1;
            let c = match c {
                Ok(c) => c,
                Err(Flow::Break(n)) => {
                    if n > 1 {
                        return Err(Flow::Break(n - 1));
                    }
                    break;
                }
                Err(Flow::Continue(n)) => {
                    if n > 1 {
                        return Err(Flow::Continue(n - 1));
                    }
                    continue;
                }
                Err(f) => return Err(f),
            };
            if (c == 0) == until {
                break;
            }
            if Self::loop_flow(self.run_list(body), &mut status)? {
                break;
            }
        }
        Ok(status)
    }

    fn run_for(&mut self, var: &[u8], items: Vec<Vec<u8>>, body: &List) -> Res {
        let mut status = 0;
        for item in items {
            if self.opts.xtrace {
                let mut line = b"for ".to_vec();
                line.extend_from_slice(var);
                line.extend_from_slice(b" in ");
                line.extend_from_slice(&unparse::quote(&item));
                self.trace(&line);
            }
            // A name reference as the loop variable refers to each word in turn (bash).
            let set = if self.vars.get_var_raw(var).is_some_and(|v| v.nameref) {
                self.vars.set_nameref(var, Some(item))
            } else {
                self.vars.set(var, item)
            };
            if set.is_err() {
                self.error(format!("{}: readonly variable", String::from_utf8_lossy(var)));
                return Ok(1);
            }
            if Self::loop_flow(self.run_list(body), &mut status)? {
                break;
            }
        }
        Ok(status)
    }

    fn run_arith_for(&mut self, init: &Word, cond: &Word, step: &Word, body: &List) -> Res {
        let mut status = 0;
        if !init.parts.is_empty() {
            self.arith_word(init)?;
        }
        loop {
            if !cond.parts.is_empty() && self.arith_word(cond)? == 0 {
                break;
            }
            if Self::loop_flow(self.run_list(body), &mut status)? {
                break;
            }
            if !step.parts.is_empty() {
                self.arith_word(step)?;
            }
        }
        Ok(status)
    }

    fn run_case(&mut self, word: &Word, arms: &[CaseArm]) -> Res {
        let subject = self.expand_single(word)?;
        let mut i = 0;
        let mut status = 0;
        while i < arms.len() {
            let arm = &arms[i];
            let mut matched = false;
            for p in &arm.patterns {
                let pat = self.expand_pattern(p)?;
                let hit = if self.opts.nocasematch {
                    pattern::fnmatch(&pat.to_ascii_lowercase(), &subject.to_ascii_lowercase())
                } else {
                    pattern::fnmatch(&pat, &subject)
                };
                if hit {
                    matched = true;
                    break;
                }
            }
            if !matched {
                i += 1;
                continue;
            }
            // Run this arm, and following ones while they fall through.
            loop {
                let arm = &arms[i];
                status = self.run_list(&arm.body)?;
                match arm.term {
                    CaseTerm::Break => return Ok(status),
                    CaseTerm::FallThrough => {
                        i += 1;
                        if i >= arms.len() {
                            return Ok(status);
                        }
                    }
                    CaseTerm::Continue => {
                        i += 1;
                        break;
                    }
                }
            }
        }
        Ok(status)
    }

    // ---- simple commands ----

    /// What `name` runs: a function, a builtin, or an external program.
    pub fn resolve(&mut self, name: &[u8]) -> Target {
        if let Some(f) = self.function(name) {
            return Target::Function(f);
        }
        match builtins::lookup(name) {
            Some(b) => Target::Builtin(b),
            None => Target::External,
        }
    }

    /// The function `name`, parsing it if it came from a parent shell as text.
    pub fn function(&mut self, name: &[u8]) -> Option<Rc<FunctionDef>> {
        match self.functions.get(name)? {
            Func::Parsed(f) => Some(f.clone()),
            Func::Source(src) => {
                let src = src.clone();
                let list = Parser::parse_program(&src).ok()?;
                let f = list.items.first().and_then(|i| match i.and_or.first.commands.first() {
                    Some(Command::FunctionDef(f)) => Some(f.clone()),
                    _ => None,
                })?;
                self.functions.insert(name.to_vec(), Func::Parsed(f.clone()));
                Some(f)
            }
        }
    }

    /// Expands the words of a simple command. Arguments of declaration builtins (`export`,
    /// `local`, `declare`, `readonly`, `typeset`) that look like assignments are expanded as
    /// assignments: no splitting, and `name=(...)` arrays kept for the builtin.
    pub fn expand_command_words(&mut self, cmd: &SimpleCommand) -> Result<Vec<Vec<u8>>, Flow> {
        let decl = matches!(
            cmd.words.first().and_then(|w| w.as_lit()),
            Some(b"export" | b"local" | b"declare" | b"typeset" | b"readonly")
        );
        if !decl {
            return self.expand_words(&cmd.words);
        }
        let mut out = Vec::with_capacity(cmd.words.len());
        for w in &cmd.words {
            if let Some((name_end, append)) = assignment_word(w) {
                let WordPart::Lit(first) = &w.parts[0] else { unreachable_lit() };
                let lhs = first[..name_end].to_vec();
                let mut rest = Vec::new();
                let after = name_end + if append { 2 } else { 1 };
                if after < first.len() {
                    rest.push(WordPart::Lit(first[after..].to_vec()));
                }
                rest.extend(w.parts[1..].iter().cloned());
                let mut arg = lhs;
                if append {
                    arg.push(b'+');
                }
                arg.push(b'=');
                if let [WordPart::ArrayLit(words)] = rest.as_slice() {
                    arg.push(0);
                    arg.extend_from_slice(self.decl_arrays.len().to_string().as_bytes());
                    self.decl_arrays.push(words.clone());
                } else {
                    let value = self.expand_assign_value(&Word { parts: rest })?;
                    arg.extend_from_slice(&value);
                }
                out.push(arg);
            } else {
                self.expand_word_into(w, &mut out)?;
            }
        }
        Ok(out)
    }

    fn run_simple(&mut self, cmd: &SimpleCommand) -> Res {
        self.lineno = cmd.line;
        self.subst_status = None;
        self.decl_arrays.clear();
        let argv = self.expand_command_words(cmd)?;
        if argv.is_empty() {
            let status = self.assign_all(&cmd.assigns)?;
            if !cmd.redirects.is_empty() {
                match self.redirect_inplace(&cmd.redirects) {
                    Ok(saved) => self.restore_fds(saved),
                    Err(s) => return Ok(s),
                }
            }
            return Ok(self.subst_status.unwrap_or(status));
        }
        if self.opts.xtrace {
            self.trace_command(&cmd.assigns, &argv)?;
        }
        match self.resolve(&argv[0]) {
            Target::Function(f) => {
                let saved_vars = self.temp_assigns(&cmd.assigns)?;
                let r = match self.redirect_inplace(&cmd.redirects) {
                    Ok(saved) => {
                        let r = self.call_function(&f, argv);
                        self.restore_fds(saved);
                        r
                    }
                    Err(s) => Ok(s),
                };
                self.restore_temp(saved_vars);
                r
            }
            Target::Builtin(b) => {
                if b == builtins::Builtin::Exec && argv.len() == 1 {
                    // `exec` with only redirections: they stay.
                    self.assign_all(&cmd.assigns)?;
                    return match self.redirect_permanent(&cmd.redirects) {
                        Ok(()) => Ok(0),
                        Err(s) => Ok(s),
                    };
                }
                let saved_vars = if cmd.assigns.is_empty() { Vec::new() } else { self.temp_assigns(&cmd.assigns)? };
                let r = if cmd.redirects.is_empty() {
                    self.run_builtin(b, &argv)
                } else {
                    match self.redirect_inplace(&cmd.redirects) {
                        Ok(saved) => {
                            let r = self.run_builtin(b, &argv);
                            self.restore_fds(saved);
                            r
                        }
                        Err(s) => Ok(s),
                    }
                };
                self.restore_temp(saved_vars);
                r
            }
            Target::External => self.run_external(argv, &cmd.assigns, &cmd.redirects),
        }
    }

    /// Runs a builtin, turning its errors into statuses.
    pub fn run_builtin(&mut self, b: builtins::Builtin, argv: &[Vec<u8>]) -> Res {
        builtins::run(self, b, argv)
    }

    /// Calls a function with `argv` (`argv[0]` is its name).
    pub fn call_function(&mut self, f: &FunctionDef, argv: Vec<Vec<u8>>) -> Res {
        if self.func_depth >= MAX_FUNC_DEPTH {
            self.error(format!("{}: maximum function nesting level exceeded ({MAX_FUNC_DEPTH})", String::from_utf8_lossy(&f.name)));
            return Err(Flow::Exit(1));
        }
        let mut args = argv;
        let name = if args.is_empty() { f.name.clone() } else { args.remove(0) };
        let saved_pos = std::mem::replace(&mut self.positional, args);
        let saved_loop = std::mem::replace(&mut self.loop_depth, 0);
        // Back in the caller, `$LINENO` is the call's line again.
        let call_line = self.lineno;
        self.func_depth += 1;
        self.vars.push_frame();
        self.func_names.push(name);
        let r = if f.redirects.is_empty() {
            self.run_compound(&f.body)
        } else {
            match self.redirect_inplace(&f.redirects) {
                Ok(saved) => {
                    let r = self.run_compound(&f.body);
                    self.restore_fds(saved);
                    r
                }
                Err(s) => Ok(s),
            }
        };
        self.func_names.pop();
        self.vars.pop_frame();
        self.func_depth -= 1;
        self.loop_depth = saved_loop;
        self.positional = saved_pos;
        self.lineno = call_line;
        match r {
            Err(Flow::Return(s)) => Ok(s),
            Err(Flow::Break(_)) | Err(Flow::Continue(_)) => Ok(0),
            other => other,
        }
    }

    // ---- assignments ----

    /// Performs assignments in the shell (an assignment-only command); returns the status.
    /// Assigning a read-only variable ends a non-interactive shell, as in bash.
    pub fn assign_all(&mut self, assigns: &[Assign]) -> Res {
        for a in assigns {
            if self.opts.xtrace {
                let mut line = a.name.clone();
                line.push(b'=');
                if let AssignValue::Scalar(w) = &a.value {
                    let v = self.expand_assign_value(w)?;
                    line.extend_from_slice(&unparse::quote(&v));
                }
                self.trace(&line);
            }
            if !self.assign(a)? {
                return Err(Flow::Exit(1));
            }
        }
        Ok(0)
    }

    /// One assignment; false (after a message) if the variable is read-only.
    pub fn assign(&mut self, a: &Assign) -> Result<bool, Flow> {
        if a.index.is_none() {
            let target = self.vars.resolve(&a.name);
            if let Some(open) = target.iter().position(|&c| c == b'[') {
                // A name reference to an array element (`declare -n r='a[1]'`): assign to it.
                let element = Assign {
                    name: target[..open].to_vec(),
                    index: Some(Word::lit(&target[open + 1..target.len() - 1])),
                    append: a.append,
                    value: a.value.clone(),
                };
                return self.assign(&element);
            }
        }
        let integer = self.vars.get_var(&a.name).is_some_and(|v| v.integer);
        let ok = match (&a.index, &a.value) {
            (None, AssignValue::Scalar(w)) => {
                let mut v = self.expand_assign_value(w)?;
                if integer {
                    v = self.arith_value(&v)?;
                }
                if a.append {
                    if integer {
                        let cur = self.get_var(&a.name).unwrap_or_default();
                        let sum = self.arith_value(&[&cur[..], b"+(", &v[..], b")"].concat())?;
                        v = sum;
                    } else {
                        let mut cur = self.get_var(&a.name).unwrap_or_default();
                        cur.extend_from_slice(&v);
                        v = cur;
                    }
                }
                self.vars.set(&a.name, v).is_ok()
            }
            (Some(idx), AssignValue::Scalar(w)) => {
                let i = self.eval_index(&a.name, idx)?;
                let mut v = self.expand_assign_value(w)?;
                if a.append {
                    let mut cur = self.get_element(&a.name, &i).unwrap_or_default();
                    cur.extend_from_slice(&v);
                    v = cur;
                }
                self.vars.set_index(&a.name, i, v).is_ok()
            }
            (_, AssignValue::Array(words)) => {
                let assoc = matches!(self.vars.get_var(&a.name).and_then(|v| v.value.as_ref()), Some(Value::Assoc(_)));
                let value = crate::expand::array_literal(self, &a.name, words, assoc)?;
                if a.append {
                    let mut cur = match self.vars.get_var(&a.name).and_then(|v| v.value.clone()) {
                        Some(Value::Indexed(m)) => m,
                        Some(Value::Str(s)) => [(0, s)].into_iter().collect(),
                        _ => Default::default(),
                    };
                    if let Value::Indexed(new) = value {
                        let mut next = cur.keys().next_back().map_or(0, |k| k + 1);
                        for (_, v) in new {
                            cur.insert(next, v);
                            next += 1;
                        }
                        self.vars.set_value(&a.name, Value::Indexed(cur)).is_ok()
                    } else {
                        self.vars.set_value(&a.name, value).is_ok()
                    }
                } else {
                    self.vars.set_value(&a.name, value).is_ok()
                }
            }
        };
        if !ok {
            self.error(format!("{}: readonly variable", String::from_utf8_lossy(&a.name)));
        }
        Ok(ok)
    }

    /// Evaluates `text` arithmetically (for `declare -i` variables).
    fn arith_value(&mut self, text: &[u8]) -> Result<Vec<u8>, Flow> {
        match self.arith(text) {
            Ok(v) => Ok(v.to_string().into_bytes()),
            Err(m) => {
                self.error(m);
                Err(Flow::Exit(1))
            }
        }
    }

    /// Applies prefix assignments temporarily (exported); returns what to restore.
    pub fn temp_assigns(&mut self, assigns: &[Assign]) -> Result<Vec<(Vec<u8>, Option<Var>)>, Flow> {
        let mut saved = Vec::new();
        for a in assigns {
            // Save the variable the assignment lands in (through a name reference: its
            // target, the whole array for an element).
            let target = self.vars.resolve(&a.name);
            let name = target[..target.iter().position(|&c| c == b'[').unwrap_or(target.len())].to_vec();
            let old = self.vars.get_var_raw(&name).cloned();
            saved.push((name, old));
            if !self.assign(a)? {
                continue;
            }
            self.vars.export(&a.name, true);
        }
        Ok(saved)
    }

    /// Undoes [`Shell::temp_assigns`].
    pub fn restore_temp(&mut self, saved: Vec<(Vec<u8>, Option<Var>)>) {
        for (name, old) in saved.into_iter().rev() {
            match old {
                Some(v) => self.vars.insert_raw(name, v),
                None => {
                    let _ = self.vars.unset_raw(&name);
                }
            }
        }
    }

    /// The environment for a child: exported variables plus `assigns`.
    pub fn child_env(&mut self, assigns: &[Assign]) -> Result<Vec<Vec<u8>>, Flow> {
        let base = self.vars.environ();
        if assigns.is_empty() {
            return Ok((*base).clone());
        }
        let mut env: Vec<Vec<u8>> = (*base).clone();
        for a in assigns {
            let value = match &a.value {
                AssignValue::Scalar(w) => self.expand_assign_value(w)?,
                AssignValue::Array(_) => continue,
            };
            let value = if a.append {
                let mut cur = self.get_var(&a.name).unwrap_or_default();
                cur.extend_from_slice(&value);
                cur
            } else {
                value
            };
            // Through a name reference the target is what the child sees (not an element).
            let name = self.vars.resolve(&a.name).into_owned();
            if name.contains(&b'[') {
                continue;
            }
            env.retain(|e| !(e.starts_with(&name) && e.get(name.len()) == Some(&b'=')));
            let mut e = name;
            e.push(b'=');
            e.extend_from_slice(&value);
            env.push(e);
        }
        Ok(env)
    }

    // ---- tracing ----

    /// Writes an `xtrace` line (`$PS4` then `text`).
    pub fn trace(&mut self, text: &[u8]) {
        let ps4 = self.vars.get(b"PS4").map(|v| v.to_vec()).unwrap_or_else(|| b"+ ".to_vec());
        let mut line = ps4;
        line.extend_from_slice(text);
        line.push(b'\n');
        let _ = sys::write_all(2, &line);
    }

    fn trace_command(&mut self, assigns: &[Assign], argv: &[Vec<u8>]) -> Result<(), Flow> {
        let mut line = Vec::new();
        for a in assigns {
            if let AssignValue::Scalar(w) = &a.value {
                let v = self.expand_assign_value(w)?;
                line.extend_from_slice(&a.name);
                line.push(b'=');
                line.extend_from_slice(&unparse::quote(&v));
                line.push(b' ');
            }
        }
        for (i, a) in argv.iter().enumerate() {
            if i > 0 {
                line.push(b' ');
            }
            line.extend_from_slice(&unparse::quote(a));
        }
        self.trace(&line);
        Ok(())
    }

    // ---- [[ ]] ----

    fn eval_cond(&mut self, e: &CondExpr) -> Result<bool, CondError> {
        match e {
            CondExpr::And(a, b) => Ok(self.eval_cond(a)? && self.eval_cond(b)?),
            CondExpr::Or(a, b) => Ok(self.eval_cond(a)? || self.eval_cond(b)?),
            CondExpr::Not(a) => Ok(!self.eval_cond(a)?),
            CondExpr::Word(w) => Ok(!self.expand_single(w)?.is_empty()),
            CondExpr::Unary(op, w) => {
                let arg = self.expand_single(w)?;
                if op == b"-v" {
                    return Ok(self.var_is_set(&arg));
                }
                if op == b"-o" {
                    let name = String::from_utf8_lossy(&arg).into_owned();
                    return Ok(self.opts.long_list().iter().any(|(n, on)| *n == name && *on));
                }
                match builtins::test::unary(self, op, &arg) {
                    Some(v) => Ok(v),
                    None => Err(CondError::Status(2)),
                }
            }
            CondExpr::Binary(op, l, r) => {
                let left = self.expand_single(l)?;
                match op.as_slice() {
                    b"==" | b"=" | b"!=" => {
                        let pat = self.expand_pattern(r)?;
                        let hit = if self.opts.nocasematch {
                            pattern::fnmatch(&pat.to_ascii_lowercase(), &left.to_ascii_lowercase())
                        } else {
                            pattern::fnmatch(&pat, &left)
                        };
                        Ok(hit == (op.as_slice() != b"!="))
                    }
                    b"=~" => {
                        let re = self.expand_regex(r)?;
                        match crate::regex::Regex::new(&re) {
                            Ok(rx) => match rx.captures(&left) {
                                Some(caps) => {
                                    let mut m = std::collections::BTreeMap::new();
                                    for (i, c) in caps.into_iter().enumerate() {
                                        m.insert(i as i64, c.map(|(s, e)| left[s..e].to_vec()).unwrap_or_default());
                                    }
                                    let _ = self.vars.set_value(b"BASH_REMATCH", Value::Indexed(m));
                                    Ok(true)
                                }
                                None => {
                                    let _ = self.vars.set_value(b"BASH_REMATCH", Value::Indexed(Default::default()));
                                    Ok(false)
                                }
                            },
                            Err(_) => Err(CondError::Status(2)),
                        }
                    }
                    b"<" | b">" => {
                        let right = self.expand_single(r)?;
                        Ok(if op.as_slice() == b"<" { left < right } else { left > right })
                    }
                    _ => {
                        let right = self.expand_single(r)?;
                        if matches!(op.as_slice(), b"-eq" | b"-ne" | b"-lt" | b"-le" | b"-gt" | b"-ge") {
                            let a = self.cond_arith(&left)?;
                            let b = self.cond_arith(&right)?;
                            return Ok(match op.as_slice() {
                                b"-eq" => a == b,
                                b"-ne" => a != b,
                                b"-lt" => a < b,
                                b"-le" => a <= b,
                                b"-gt" => a > b,
                                _ => a >= b,
                            });
                        }
                        match builtins::test::binary(self, op, &left, &right) {
                            Some(v) => Ok(v),
                            None => Err(CondError::Status(2)),
                        }
                    }
                }
            }
        }
    }

    fn cond_arith(&mut self, s: &[u8]) -> Result<i64, CondError> {
        match self.arith(s) {
            Ok(v) => Ok(v),
            Err(m) => {
                self.error(m);
                Err(CondError::Status(1))
            }
        }
    }

    /// `[[ -v name ]]`, `test -v`: a variable (or `name[i]` element) is set.
    pub fn var_is_set(&mut self, arg: &[u8]) -> bool {
        if let Some(open) = arg.iter().position(|&c| c == b'[') {
            if arg.last() == Some(&b']') {
                let name = &arg[..open];
                let idx = &arg[open + 1..arg.len() - 1];
                if idx == b"@" || idx == b"*" {
                    return self.vars.is_set(name);
                }
                let i = match self.arith(idx) {
                    Ok(i) => ArrayIndex::Num(i),
                    Err(_) => ArrayIndex::Key(idx.to_vec()),
                };
                return self.get_element(name, &i).is_some();
            }
        }
        if is_name(arg) {
            return self.vars.is_set(arg);
        }
        if let Ok(n) = std::str::from_utf8(arg).unwrap_or("x").parse::<usize>() {
            return n >= 1 && n <= self.positional.len();
        }
        false
    }
}

/// Why a `[[ ]]` evaluation stopped.
enum CondError {
    Flow(Flow),
    Status(i32),
}

impl From<Flow> for CondError {
    fn from(f: Flow) -> Self {
        CondError::Flow(f)
    }
}

/// Whether a failing pipeline ends the shell under `set -e` (compound commands other than
/// subshells, `[[ ]]` and `(( ))` leave it to the commands inside them).
fn triggers_errexit(p: &Pipeline) -> bool {
    p.commands.len() > 1
        || match &p.commands[0] {
            Command::Simple(_) => true,
            Command::Compound(c, _) => {
                matches!(**c, CompoundCommand::Subshell(_) | CompoundCommand::Cond(_) | CompoundCommand::Arith(_))
            }
            Command::FunctionDef(_) => false,
        }
}

/// If `w` is `NAME=...`/`NAME+=...`/`NAME[i]=...` (unquoted), the byte length of the
/// left side and whether it is `+=`.
pub fn assignment_word(w: &Word) -> Option<(usize, bool)> {
    let Some(WordPart::Lit(first)) = w.parts.first() else { return None };
    let eq = first.iter().position(|&c| c == b'=')?;
    let (lhs, append) = match first[..eq].strip_suffix(b"+") {
        Some(l) => (l, true),
        None => (&first[..eq], false),
    };
    let name = match lhs.iter().position(|&c| c == b'[') {
        Some(i) if lhs.last() == Some(&b']') => &lhs[..i],
        _ => lhs,
    };
    if !is_name(name) {
        return None;
    }
    Some((lhs.len(), append))
}

fn unreachable_lit() -> ! {
    // assignment_word only accepts a leading literal part.
    std::process::abort()
}
