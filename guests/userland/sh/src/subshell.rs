//! The state a subshell process inherits, as one argument: `sh --burrow-sub STATE`.
//!
//! `STATE` is a sequence of records, each a tag byte followed by fields written as
//! `LEN:BYTES` (decimal length). It carries every variable (exported or not, with attributes
//! and array values), functions (as source, parsed on first use), aliases, options, the
//! positional parameters, `$0`, `$$`, `$!`, `$?`, the `set -e` suppression, the message
//! prefix, the job table (for `jobs`), and the code to run. The working directory and ignored signals are inherited
//! through the kernel; caught traps are reset, as in any subshell.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::shell::{Func, Options, Shell};
use crate::unparse;
use crate::vars::{Value, Var};

/// The argument that marks a subshell start.
pub const FLAG: &[u8] = b"--burrow-sub";

struct W(Vec<u8>);

impl W {
    fn tag(&mut self, t: u8) {
        self.0.push(t);
    }

    fn field(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b.len().to_string().as_bytes());
        self.0.push(b':');
        self.0.extend_from_slice(b);
    }

    fn num(&mut self, n: i64) {
        self.field(n.to_string().as_bytes());
    }
}

struct R<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> R<'a> {
    fn tag(&mut self) -> Option<u8> {
        let t = *self.b.get(self.pos)?;
        self.pos += 1;
        Some(t)
    }

    fn field(&mut self) -> Option<&'a [u8]> {
        let rest = &self.b[self.pos..];
        let colon = rest.iter().position(|&c| c == b':')?;
        let len: usize = std::str::from_utf8(&rest[..colon]).ok()?.parse().ok()?;
        let start = self.pos + colon + 1;
        let end = start.checked_add(len)?;
        if end > self.b.len() {
            return None;
        }
        self.pos = end;
        Some(&self.b[start..end])
    }

    fn num(&mut self) -> Option<i64> {
        std::str::from_utf8(self.field()?).ok()?.parse().ok()
    }
}

fn opt_bits(o: &Options) -> i64 {
    let flags = [
        o.errexit,
        o.nounset,
        o.xtrace,
        o.pipefail,
        o.noglob,
        o.noclobber,
        o.allexport,
        o.verbose,
        o.noexec,
        o.nullglob,
        o.failglob,
        o.dotglob,
        o.nocasematch,
        o.extglob,
        o.expand_aliases,
        o.command_string,
        o.globstar,
        o.interactive,
        o.errtrace,
    ];
    flags.iter().enumerate().fold(0, |acc, (i, &f)| acc | ((f as i64) << i))
}

fn bits_opt(b: i64) -> Options {
    let f = |i: u32| b & (1 << i) != 0;
    Options {
        errexit: f(0),
        nounset: f(1),
        xtrace: f(2),
        pipefail: f(3),
        noglob: f(4),
        noclobber: f(5),
        allexport: f(6),
        verbose: f(7),
        noexec: f(8),
        nullglob: f(9),
        failglob: f(10),
        dotglob: f(11),
        nocasematch: f(12),
        extglob: f(13),
        expand_aliases: f(14),
        command_string: f(15),
        globstar: f(16),
        interactive: f(17),
        errtrace: f(18),
    }
}

/// Encodes the shell's state and `code` for a subshell.
pub fn encode(sh: &mut Shell, code: &[u8]) -> Vec<u8> {
    let pid = sh.pid();
    let mut w = W(Vec::with_capacity(1024 + code.len()));
    w.tag(b'O');
    w.num(opt_bits(&sh.opts));
    w.tag(b'S');
    w.num(sh.last_status as i64);
    w.tag(b'$');
    w.num(pid as i64);
    if let Some(b) = sh.last_bg {
        w.tag(b'!');
        w.num(b as i64);
    }
    w.tag(b'E');
    w.num(sh.errexit_suppressed as i64);
    w.tag(b'B');
    w.num(sh.subshell_level as i64 + 1);
    w.tag(b'L');
    w.num(sh.lineno as i64);
    // The job table, for `jobs` (`jobs -p | xargs kill`); a subshell cannot wait for them.
    for j in &sh.jobs {
        w.tag(b'J');
        w.num(j.id as i64);
        w.num(j.pid as i64);
        w.num(j.status.map_or(-1, i64::from));
        w.field(&j.text);
    }
    w.tag(b'N');
    w.field(&sh.origin.name);
    w.field(&sh.source_name);
    w.tag(b'0');
    w.field(&sh.arg0);
    w.tag(b'f');
    w.num(sh.main_frame as i64);
    w.num(sh.func_names.len() as i64);
    for n in &sh.func_names {
        w.field(n);
    }
    w.tag(b'P');
    w.num(sh.positional.len() as i64);
    for p in &sh.positional {
        w.field(p);
    }
    for (name, var) in sh.vars.iter() {
        w.tag(b'V');
        w.field(name);
        let mut flags = Vec::new();
        if var.exported {
            flags.push(b'x');
        }
        if var.readonly {
            flags.push(b'r');
        }
        if var.integer {
            flags.push(b'i');
        }
        if var.nameref {
            flags.push(b'n');
        }
        match &var.value {
            None => flags.push(b'u'),
            Some(Value::Str(_)) => flags.push(b's'),
            Some(Value::Indexed(_)) => flags.push(b'a'),
            Some(Value::Assoc(_)) => flags.push(b'A'),
        }
        w.field(&flags);
        match &var.value {
            None => {}
            Some(Value::Str(s)) => w.field(s),
            Some(Value::Indexed(m)) => {
                w.num(m.len() as i64);
                for (k, v) in m {
                    w.num(*k);
                    w.field(v);
                }
            }
            Some(Value::Assoc(m)) => {
                w.num(m.len() as i64);
                for (k, v) in m {
                    w.field(k);
                    w.field(v);
                }
            }
        }
    }
    for (name, f) in sh.functions.iter() {
        w.tag(b'F');
        w.field(name);
        match f {
            Func::Parsed(def) => w.field(&unparse::function(def)),
            Func::Source(src) => w.field(src),
        }
    }
    for (name, value) in sh.aliases.iter() {
        w.tag(b'A');
        w.field(name);
        w.field(value);
    }
    w.tag(b'C');
    w.field(code);
    w.0
}

/// Restores a subshell's state from `blob`; returns the code to run (`None`: a malformed
/// blob).
pub fn decode(sh: &mut Shell, blob: &[u8]) -> Option<Vec<u8>> {
    let mut r = R { b: blob, pos: 0 };
    let mut code = None;
    let mut aliases = crate::parser::Aliases::new();
    sh.vars = Default::default();
    while let Some(t) = r.tag() {
        match t {
            b'O' => {
                sh.opts = bits_opt(r.num()?);
                sh.vars.allexport = sh.opts.allexport;
            }
            b'S' => sh.last_status = r.num()? as i32,
            b'$' => sh.shell_pid = Some(r.num()? as u32),
            b'!' => sh.last_bg = Some(r.num()? as u32),
            b'E' => sh.errexit_suppressed = r.num()? as usize,
            b'B' => sh.subshell_level = r.num()? as u32,
            b'L' => sh.lineno = r.num()? as u32,
            b'J' => {
                let id = r.num()? as u32;
                let pid = r.num()? as u32;
                let status = Some(r.num()?).filter(|&s| s >= 0).map(|s| s as i32);
                let text = r.field()?.to_vec();
                sh.jobs.push(crate::shell::Job { id, pid, status, text });
            }
            b'N' => {
                sh.origin.name = r.field()?.to_vec();
                sh.source_name = r.field()?.to_vec();
            }
            b'0' => sh.arg0 = r.field()?.to_vec(),
            b'f' => {
                sh.main_frame = r.num()? != 0;
                let n = r.num()?;
                let mut names = Vec::new();
                for _ in 0..n {
                    names.push(r.field()?.to_vec());
                }
                // A subshell of a function body is inside the function (`return` works).
                sh.func_depth = names.len();
                sh.func_names = names;
            }
            b'P' => {
                let n = r.num()?;
                let mut p = Vec::new();
                for _ in 0..n {
                    p.push(r.field()?.to_vec());
                }
                sh.positional = p;
            }
            b'V' => {
                let name = r.field()?.to_vec();
                let flags = r.field()?;
                let value = if flags.contains(&b'u') {
                    None
                } else if flags.contains(&b's') {
                    Some(Value::Str(r.field()?.to_vec()))
                } else if flags.contains(&b'a') {
                    let n = r.num()?;
                    let mut m = BTreeMap::new();
                    for _ in 0..n {
                        let k = r.num()?;
                        m.insert(k, r.field()?.to_vec());
                    }
                    Some(Value::Indexed(m))
                } else {
                    let n = r.num()?;
                    let mut m = BTreeMap::new();
                    for _ in 0..n {
                        let k = r.field()?.to_vec();
                        m.insert(k, r.field()?.to_vec());
                    }
                    Some(Value::Assoc(m))
                };
                sh.vars.insert_raw(
                    name,
                    Var {
                        value,
                        exported: flags.contains(&b'x'),
                        readonly: flags.contains(&b'r'),
                        integer: flags.contains(&b'i'),
                        nameref: flags.contains(&b'n'),
                    },
                );
            }
            b'F' => {
                let name = r.field()?.to_vec();
                let src = r.field()?;
                sh.functions.insert(name, Func::Source(Rc::from(src)));
            }
            b'A' => {
                let name = r.field()?.to_vec();
                aliases.insert(name, r.field()?.to_vec());
            }
            b'C' => code = Some(r.field()?.to_vec()),
            _ => return None,
        }
    }
    sh.aliases = Rc::new(aliases);
    code
}
