//! Variable builtins: `export`, `unset`, `local`, `readonly`, `declare`/`typeset`.
//!
//! An argument `name=\0N` stands for an array literal `name=(...)` that the command expander
//! set aside in `Shell::decl_arrays[N]` (a NUL cannot occur in real arguments).

use super::lossy;
use crate::ast::Word;
use crate::parser::is_name;
use crate::shell::{Flow, Res, Shell};
use crate::unparse;
use crate::vars::{ArrayIndex, Value};

/// `value` as `set` prints it.
pub fn value_text(v: &Value) -> Vec<u8> {
    match v {
        Value::Str(s) => unparse::quote(s),
        Value::Indexed(m) => {
            let mut out = vec![b'('];
            for (i, (k, val)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                out.extend_from_slice(format!("[{k}]=").as_bytes());
                out.extend_from_slice(&dquote(val));
            }
            out.push(b')');
            out
        }
        Value::Assoc(m) => {
            let mut out = vec![b'('];
            for (k, val) in m.iter() {
                out.push(b'[');
                out.extend_from_slice(&unparse::quote(k));
                out.extend_from_slice(b"]=");
                out.extend_from_slice(&dquote(val));
                out.push(b' ');
            }
            out.push(b')');
            out
        }
    }
}

/// `"value"` with `"`, `\`, `$` and backquote escaped (as `declare -p` prints).
fn dquote(s: &[u8]) -> Vec<u8> {
    let mut out = vec![b'"'];
    for &c in s {
        if matches!(c, b'"' | b'\\' | b'$' | b'`') {
            out.push(b'\\');
        }
        out.push(c);
    }
    out.push(b'"');
    out
}

/// One `declare -p` line for `name`.
fn declare_line(sh: &Shell, name: &[u8]) -> Option<Vec<u8>> {
    let var = sh.vars.get_var_raw(name)?;
    let mut flags = String::new();
    match &var.value {
        Some(Value::Indexed(_)) => flags.push('a'),
        Some(Value::Assoc(_)) => flags.push('A'),
        _ => {}
    }
    if var.integer {
        flags.push('i');
    }
    if var.nameref {
        flags.push('n');
    }
    if var.readonly {
        flags.push('r');
    }
    if var.exported {
        flags.push('x');
    }
    if flags.is_empty() {
        flags.push('-');
    }
    let mut out = format!("declare -{flags} ").into_bytes();
    out.extend_from_slice(name);
    if let Some(v) = &var.value {
        out.push(b'=');
        match v {
            Value::Str(s) => out.extend_from_slice(&dquote(s)),
            other => out.extend_from_slice(&value_text(other)),
        }
    }
    out.push(b'\n');
    Some(out)
}

/// Splits `name=value` / `name+=value` / `name`.
fn split_assign(arg: &[u8]) -> (Vec<u8>, Option<(bool, Vec<u8>)>) {
    match arg.iter().position(|&c| c == b'=') {
        Some(eq) => {
            let (lhs, append) = match arg[..eq].strip_suffix(b"+") {
                Some(l) => (l, true),
                None => (&arg[..eq], false),
            };
            (lhs.to_vec(), Some((append, arg[eq + 1..].to_vec())))
        }
        None => (arg.to_vec(), None),
    }
}

/// The array literal words an argument's value refers to, if it is one.
fn array_words(sh: &Shell, value: &[u8]) -> Option<Vec<Word>> {
    let idx = value.strip_prefix(b"\0")?;
    let i: usize = std::str::from_utf8(idx).ok()?.parse().ok()?;
    sh.decl_arrays.get(i).cloned()
}

/// Assigns `value` (text or an array literal) to `name` (or `name[i]`); false on error.
fn assign_arg(sh: &mut Shell, name: &[u8], append: bool, value: &[u8], assoc: bool) -> Result<bool, Flow> {
    let (base, index) = match name.iter().position(|&c| c == b'[') {
        Some(i) if name.last() == Some(&b']') => (&name[..i], Some(&name[i + 1..name.len() - 1])),
        _ => (name, None),
    };
    if !is_name(base) {
        sh.error(format!("`{}': not a valid identifier", lossy(name)));
        return Ok(false);
    }
    if let Some(words) = array_words(sh, value) {
        let assoc = assoc || matches!(sh.vars.get_var(base).and_then(|v| v.value.as_ref()), Some(Value::Assoc(_)));
        let v = crate::expand::array_literal(sh, base, &words, assoc)?;
        if sh.vars.set_value(base, v).is_err() {
            sh.error(format!("{}: readonly variable", lossy(base)));
            return Ok(false);
        }
        return Ok(true);
    }
    let integer = sh.vars.get_var(base).is_some_and(|v| v.integer);
    let mut value = value.to_vec();
    if integer {
        value = match sh.arith(&value) {
            Ok(v) => v.to_string().into_bytes(),
            Err(m) => {
                sh.error(m);
                return Ok(false);
            }
        };
    }
    let r = match index {
        Some(idx) => {
            let i = if matches!(sh.vars.get_var(base).and_then(|v| v.value.as_ref()), Some(Value::Assoc(_))) || assoc {
                ArrayIndex::Key(idx.to_vec())
            } else {
                match sh.arith(idx) {
                    Ok(i) => ArrayIndex::Num(i),
                    Err(m) => {
                        sh.error(m);
                        return Ok(false);
                    }
                }
            };
            if append {
                let mut cur = sh.get_element(base, &i).unwrap_or_default();
                cur.extend_from_slice(&value);
                value = cur;
            }
            sh.vars.set_index(base, i, value)
        }
        None => {
            if append {
                let mut cur = sh.get_var(base).unwrap_or_default();
                cur.extend_from_slice(&value);
                value = cur;
            }
            sh.vars.set(base, value)
        }
    };
    if r.is_err() {
        sh.error(format!("{}: readonly variable", lossy(base)));
        return Ok(false);
    }
    Ok(true)
}

/// `export [-n] [-p] name[=value]...`.
pub fn export(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut unexport = false;
    let mut names = Vec::new();
    for a in args {
        match a.as_slice() {
            b"-n" => unexport = true,
            b"-p" | b"-f" | b"--" => {}
            _ => names.push(a.clone()),
        }
    }
    if names.is_empty() {
        let mut out = Vec::new();
        for (name, var) in sh.vars.sorted() {
            if var.exported {
                if let Some(line) = declare_line(sh, name) {
                    out.extend_from_slice(&line);
                }
            }
        }
        return sh.out_status("export", &out);
    }
    let mut status = 0;
    for a in names {
        let (name, value) = split_assign(&a);
        if !is_name(&name) {
            sh.error(format!("export: `{}': not a valid identifier", lossy(&a)));
            status = 1;
            continue;
        }
        if let Some((append, v)) = value {
            match assign_arg(sh, &name, append, &v, false) {
                Ok(true) => {}
                Ok(false) | Err(_) => {
                    status = 1;
                    continue;
                }
            }
        }
        sh.vars.export(&name, !unexport);
    }
    status
}

/// `unset [-v|-f|-n] name...` (`-n`: a name reference itself, not what it refers to).
pub fn unset(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut funcs = false;
    let mut vars_only = false;
    let mut reference = false;
    let mut status = 0;
    for a in args {
        match a.as_slice() {
            b"-f" => {
                funcs = true;
                continue;
            }
            b"-v" => {
                vars_only = true;
                continue;
            }
            b"-n" => {
                reference = true;
                continue;
            }
            b"--" => continue,
            _ => {}
        }
        if funcs {
            sh.functions.remove(a.as_slice());
            continue;
        }
        if let Some(open) = a.iter().position(|&c| c == b'[') {
            if a.last() == Some(&b']') {
                let name = &a[..open];
                let idx = &a[open + 1..a.len() - 1];
                if idx == b"@" || idx == b"*" {
                    let _ = sh.vars.unset(name);
                    continue;
                }
                let i = if matches!(sh.vars.get_var(name).and_then(|v| v.value.as_ref()), Some(Value::Assoc(_))) {
                    ArrayIndex::Key(idx.to_vec())
                } else {
                    match sh.arith(idx) {
                        Ok(i) => ArrayIndex::Num(i),
                        Err(m) => {
                            sh.error(m);
                            status = 1;
                            continue;
                        }
                    }
                };
                let _ = sh.vars.unset_index(name, i);
                continue;
            }
        }
        if !is_name(a) {
            sh.error(format!("unset: `{}': not a valid identifier", lossy(a)));
            status = 1;
            continue;
        }
        if reference && sh.vars.get_var_raw(a).is_some_and(|v| v.nameref) {
            if sh.vars.unset_raw(a).is_err() {
                sh.error(format!("unset: {}: cannot unset: readonly variable", lossy(a)));
                status = 1;
            }
        } else if sh.vars.get_var(a).is_some() {
            if sh.vars.unset(a).is_err() {
                sh.error(format!("unset: {}: cannot unset: readonly variable", lossy(a)));
                status = 1;
            }
        } else if !vars_only {
            sh.functions.remove(a.as_slice());
        }
    }
    status
}

/// Attribute flags of `declare`/`local`/`readonly`.
#[derive(Default)]
struct Attrs {
    array: bool,
    assoc: bool,
    integer: bool,
    /// `-n` / `+n`: make, or stop being, a name reference.
    nameref: Option<bool>,
    readonly: bool,
    export: Option<bool>,
    global: bool,
    print: bool,
    functions: bool,
    function_names: bool,
}

fn parse_attrs(sh: &Shell, who: &str, args: &[Vec<u8>]) -> Result<(Attrs, Vec<Vec<u8>>), i32> {
    let mut a = Attrs::default();
    let mut names = Vec::new();
    let mut opts_done = false;
    for arg in args {
        if !opts_done && arg == b"--" {
            opts_done = true;
            continue;
        }
        if !opts_done && arg.len() > 1 && (arg[0] == b'-' || arg[0] == b'+') && !arg.contains(&b'=') {
            let on = arg[0] == b'-';
            for &c in &arg[1..] {
                match c {
                    b'a' => a.array = on,
                    b'A' => a.assoc = on,
                    b'i' => a.integer = on,
                    b'r' => a.readonly = on,
                    b'x' => a.export = Some(on),
                    b'g' => a.global = on,
                    b'p' => a.print = true,
                    b'f' => a.functions = true,
                    b'F' => a.function_names = true,
                    b'n' => a.nameref = Some(on),
                    b'l' | b'u' | b't' => {}
                    _ => {
                        sh.error(format!("{who}: -{}: invalid option", c as char));
                        return Err(2);
                    }
                }
            }
            continue;
        }
        names.push(arg.clone());
    }
    Ok((a, names))
}

/// Declares `names` with attributes (locally when `local`).
fn declare_names(sh: &mut Shell, who: &str, attrs: &Attrs, names: &[Vec<u8>], local: bool) -> Res {
    let mut status = 0;
    for arg in names {
        let (name, value) = split_assign(arg);
        let base_end = name.iter().position(|&c| c == b'[').unwrap_or(name.len());
        let base = name[..base_end].to_vec();
        if !is_name(&base) {
            sh.error(format!("{who}: `{}': not a valid identifier", lossy(arg)));
            status = 1;
            continue;
        }
        if local {
            sh.vars.make_local(&base);
        }
        match attrs.nameref {
            Some(true) => {
                if !declare_nameref(sh, who, &name, value.map(|(_, v)| v)) {
                    status = 1;
                }
                continue;
            }
            Some(false) => sh.vars.clear_nameref(&base),
            None => {}
        }
        {
            let exists_value = sh.vars.get_var(&base).and_then(|v| v.value.clone());
            let var = sh.vars.entry(&base);
            if attrs.integer {
                var.integer = true;
            }
            if attrs.assoc && !matches!(exists_value, Some(Value::Assoc(_))) {
                var.value = Some(Value::Assoc(Default::default()));
            } else if attrs.array && exists_value.is_none() {
                var.value = Some(Value::Indexed(Default::default()));
            } else if attrs.array {
                if let Some(Value::Str(s)) = exists_value {
                    var.value = Some(Value::Indexed([(0, s)].into_iter().collect()));
                }
            }
            if let Some(e) = attrs.export {
                var.exported = e;
            }
        }
        if let Some((append, v)) = value {
            match assign_arg(sh, &name, append, &v, attrs.assoc)? {
                true => {}
                false => {
                    status = 1;
                    continue;
                }
            }
        }
        if attrs.readonly {
            sh.vars.set_readonly(&base);
        }
    }
    Ok(status)
}

/// Makes `name` a name reference to `target` (or to the name its value holds), refusing what
/// bash refuses: a subscripted reference, a target that is no variable name, a reference to
/// itself.
fn declare_nameref(sh: &mut Shell, who: &str, name: &[u8], target: Option<Vec<u8>>) -> bool {
    if !is_name(name) {
        sh.error(format!("{who}: `{}': reference variable cannot be an array", lossy(name)));
        return false;
    }
    let named = target.clone().or_else(|| match sh.vars.get_var_raw(name).and_then(|v| v.value.as_ref()) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    });
    if let Some(t) = named.as_deref().filter(|t| !t.is_empty()) {
        let base = &t[..t.iter().position(|&c| c == b'[').unwrap_or(t.len())];
        let subscripted = base.len() < t.len();
        if !is_name(base) || (subscripted && t.last() != Some(&b']')) {
            sh.error(format!("{who}: `{}': invalid variable name for name reference", lossy(t)));
            return false;
        }
        if base == name {
            sh.error(format!("{who}: {}: nameref variable self references not allowed", lossy(name)));
            return false;
        }
    }
    if sh.vars.set_nameref(name, target).is_err() {
        sh.error(format!("{}: readonly variable", lossy(name)));
        return false;
    }
    true
}

/// `local [-aAinrx] name[=value]...`.
pub fn local(sh: &mut Shell, args: &[Vec<u8>]) -> Res {
    if !sh.vars.in_function() {
        sh.error("local: can only be used in a function");
        return Ok(1);
    }
    let (attrs, names) = match parse_attrs(sh, "local", args) {
        Ok(x) => x,
        Err(s) => return Ok(s),
    };
    declare_names(sh, "local", &attrs, &names, true)
}

/// `readonly [-p] name[=value]...`.
pub fn readonly(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let names: Vec<Vec<u8>> = args.iter().filter(|a| !a.starts_with(b"-")).cloned().collect();
    if names.is_empty() {
        let mut out = Vec::new();
        for (name, var) in sh.vars.sorted() {
            if var.readonly {
                if let Some(line) = declare_line(sh, name) {
                    out.extend_from_slice(&line);
                }
            }
        }
        return sh.out_status("readonly", &out);
    }
    let attrs = Attrs { readonly: true, array: args.iter().any(|a| a == b"-a"), ..Default::default() };
    declare_names(sh, "readonly", &attrs, &names, false).unwrap_or(1)
}

/// `declare`/`typeset [-aAfFginprx] [name[=value]...]`.
pub fn declare(sh: &mut Shell, args: &[Vec<u8>]) -> Res {
    let (attrs, names) = match parse_attrs(sh, "declare", args) {
        Ok(x) => x,
        Err(s) => return Ok(s),
    };
    if attrs.functions || attrs.function_names {
        let mut list: Vec<Vec<u8>> = if names.is_empty() { sh.functions.keys().cloned().collect() } else { names };
        list.sort();
        let mut out = Vec::new();
        let mut status = 0;
        for n in list {
            match sh.function(&n) {
                Some(f) => {
                    if attrs.function_names {
                        out.extend_from_slice(b"declare -f ");
                        out.extend_from_slice(&n);
                    } else {
                        out.extend_from_slice(&unparse::function_pretty(&f));
                    }
                    out.push(b'\n');
                }
                None => status = 1,
            }
        }
        let s = sh.out_status("declare", &out);
        return Ok(status.max(s));
    }
    if attrs.print || (names.is_empty() && !attrs.readonly && attrs.export.is_none()) {
        let mut out = Vec::new();
        let mut status = 0;
        if names.is_empty() {
            for (name, _) in sh.vars.sorted() {
                if let Some(line) = declare_line(sh, name) {
                    out.extend_from_slice(&line);
                }
            }
        } else {
            for n in &names {
                match declare_line(sh, n) {
                    Some(line) => out.extend_from_slice(&line),
                    None => {
                        sh.error(format!("declare: {}: not found", lossy(n)));
                        status = 1;
                    }
                }
            }
        }
        let s = sh.out_status("declare", &out);
        return Ok(status.max(s));
    }
    if names.is_empty() {
        return Ok(0);
    }
    let local = sh.vars.in_function() && !attrs.global;
    declare_names(sh, "declare", &attrs, &names, local)
}
