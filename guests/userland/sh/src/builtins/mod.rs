//! Builtin commands. [`lookup`] maps a name to a [`Builtin`]; [`run`] runs it with its
//! argument vector (`argv[0]` is the name). Redirections are already applied to the shell's
//! descriptors; output goes through [`Shell::out`] (which a `$(...)` may capture).

mod declare;
mod misc;
mod printf;
mod read;
pub mod test;

use crate::shell::{Flow, Res, Shell};
use crate::signals;
use crate::sys;
use crate::unparse;

/// The builtins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Colon,
    True,
    False,
    Echo,
    Printf,
    Test,
    Bracket,
    Cd,
    Pwd,
    Export,
    Unset,
    Set,
    Shift,
    Read,
    Source,
    Eval,
    Exec,
    Exit,
    Return,
    Break,
    Continue,
    Wait,
    Kill,
    Trap,
    Command,
    Type,
    Alias,
    Unalias,
    Umask,
    Getopts,
    Local,
    Readonly,
    Declare,
    Let,
    Hash,
    Jobs,
    Shopt,
    Ulimit,
    Times,
    BuiltinCmd,
    Mapfile,
    Disown,
    Fg,
    Pushd,
    Popd,
    Dirs,
}

/// The builtin called `name`.
pub fn lookup(name: &[u8]) -> Option<Builtin> {
    use Builtin::*;
    Some(match name {
        b":" => Colon,
        b"true" => True,
        b"false" => False,
        b"echo" => Echo,
        b"printf" => Printf,
        b"test" => Test,
        b"[" => Bracket,
        b"cd" => Cd,
        b"pwd" => Pwd,
        b"export" => Export,
        b"unset" => Unset,
        b"set" => Set,
        b"shift" => Shift,
        b"read" => Read,
        b"source" | b"." => Source,
        b"eval" => Eval,
        b"exec" => Exec,
        b"exit" => Exit,
        b"return" => Return,
        b"break" => Break,
        b"continue" => Continue,
        b"wait" => Wait,
        b"kill" => Kill,
        b"trap" => Trap,
        b"command" => Command,
        b"type" => Type,
        b"alias" => Alias,
        b"unalias" => Unalias,
        b"umask" => Umask,
        b"getopts" => Getopts,
        b"local" => Local,
        b"readonly" => Readonly,
        b"declare" | b"typeset" => Declare,
        b"let" => Let,
        b"hash" => Hash,
        b"jobs" => Jobs,
        b"shopt" => Shopt,
        b"ulimit" => Ulimit,
        b"times" => Times,
        b"builtin" => BuiltinCmd,
        b"mapfile" | b"readarray" => Mapfile,
        b"disown" => Disown,
        b"fg" | b"bg" => Fg,
        b"pushd" => Pushd,
        b"popd" => Popd,
        b"dirs" => Dirs,
        _ => return None,
    })
}

/// Whether `name` is a reserved word.
pub fn is_keyword(name: &[u8]) -> bool {
    matches!(
        name,
        b"if" | b"then"
            | b"else"
            | b"elif"
            | b"fi"
            | b"case"
            | b"esac"
            | b"for"
            | b"while"
            | b"until"
            | b"do"
            | b"done"
            | b"in"
            | b"function"
            | b"select"
            | b"time"
            | b"{"
            | b"}"
            | b"!"
            | b"[["
            | b"]]"
            | b"coproc"
    )
}

/// Runs builtin `b`.
pub fn run(sh: &mut Shell, b: Builtin, argv: &[Vec<u8>]) -> Res {
    use Builtin::*;
    let args = &argv[1..];
    match b {
        Colon | True => Ok(0),
        False => Ok(1),
        Echo => Ok(echo(sh, args)),
        Printf => Ok(printf::printf(sh, args)),
        Test => Ok(test::test(sh, args, false)),
        Bracket => Ok(test::test(sh, args, true)),
        Cd => Ok(misc::cd(sh, args)),
        Pwd => Ok(misc::pwd(sh, args)),
        Export => Ok(declare::export(sh, args)),
        Unset => Ok(declare::unset(sh, args)),
        Set => set(sh, args),
        Shift => Ok(shift(sh, args)),
        Read => Ok(read::read(sh, args)),
        Source => source(sh, args),
        Eval => {
            let text = args.join(&b' ');
            sh.eval_text(&text, b"eval")
        }
        Exec => exec(sh, args),
        Exit => {
            if args.len() > 1 {
                sh.error("exit: too many arguments");
                return Err(Flow::Exit(1));
            }
            let status = match args.first() {
                None => sh.last_status,
                Some(a) => match parse_int(a) {
                    Some(n) => n as i32,
                    None => {
                        sh.error(format!("exit: {}: numeric argument required", lossy(a)));
                        2
                    }
                },
            };
            Err(Flow::Exit(status & 0xff))
        }
        Return => {
            if sh.func_depth == 0 && sh.source_depth == 0 {
                sh.error("return: can only `return' from a function or sourced script");
                return Ok(2);
            }
            let status = match args.first() {
                None => sh.last_status,
                Some(a) => match parse_int(a) {
                    Some(n) => (n & 0xff) as i32,
                    None => {
                        sh.error(format!("return: {}: numeric argument required", lossy(a)));
                        2
                    }
                },
            };
            Err(Flow::Return(status))
        }
        Break | Continue => {
            let name = if b == Break { "break" } else { "continue" };
            let n = match args.first() {
                None => 1,
                Some(a) => match parse_int(a) {
                    Some(n) if n >= 1 => n as usize,
                    _ => {
                        sh.error(format!("{name}: {}: loop count out of range", lossy(a)));
                        return Ok(1);
                    }
                },
            };
            if sh.loop_depth == 0 {
                sh.error(format!("{name}: only meaningful in a `for', `while', or `until' loop"));
                return Ok(0);
            }
            let n = n.min(sh.loop_depth);
            Err(if b == Break { Flow::Break(n) } else { Flow::Continue(n) })
        }
        Wait => Ok(misc::wait(sh, args)),
        Kill => Ok(misc::kill(sh, args)),
        Trap => Ok(misc::trap(sh, args)),
        Command => command(sh, args),
        Type => Ok(misc::type_(sh, args)),
        Alias => Ok(misc::alias(sh, args)),
        Unalias => Ok(misc::unalias(sh, args)),
        Umask => Ok(misc::umask(sh, args)),
        Getopts => Ok(misc::getopts(sh, args)),
        Local => declare::local(sh, args),
        Readonly => Ok(declare::readonly(sh, args)),
        Declare => declare::declare(sh, args),
        Let => {
            if args.is_empty() {
                sh.error("let: expression expected");
                return Ok(1);
            }
            let mut last = 0;
            for a in args {
                match sh.arith(a) {
                    Ok(v) => last = v,
                    Err(m) => {
                        sh.error(format!("let: {m}"));
                        return Ok(1);
                    }
                }
            }
            Ok((last == 0) as i32)
        }
        Hash => Ok(hash(sh, args)),
        Jobs => Ok(misc::jobs(sh, args)),
        Shopt => Ok(misc::shopt(sh, args)),
        Ulimit => Ok(misc::ulimit(sh, args)),
        Times => Ok(sh.out_status("times", b"0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n")),
        BuiltinCmd => {
            let Some(name) = args.first() else { return Ok(0) };
            match lookup(name) {
                Some(b) => run(sh, b, args),
                None => {
                    sh.error(format!("builtin: {}: not a shell builtin", lossy(name)));
                    Ok(1)
                }
            }
        }
        Mapfile => Ok(read::mapfile(sh, args)),
        Disown => Ok(0),
        Fg => {
            sh.error(format!("{}: no job control", lossy(&argv[0])));
            Ok(1)
        }
        Pushd => Ok(misc::pushd(sh, args)),
        Popd => Ok(misc::popd(sh, args)),
        Dirs => Ok(misc::dirs(sh, args)),
    }
}

/// Lossy text of bytes for messages.
pub fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A decimal integer (optional sign, surrounding blanks).
pub fn parse_int(s: &[u8]) -> Option<i64> {
    let t = std::str::from_utf8(s).ok()?.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    t.parse::<i64>().ok()
}

/// `echo [-neE] args`: bash's echo (escapes only with `-e`).
fn echo(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.len() < 2 || a[0] != b'-' || !a[1..].iter().all(|c| matches!(c, b'n' | b'e' | b'E')) {
            break;
        }
        for &c in &a[1..] {
            match c {
                b'n' => newline = false,
                b'e' => escapes = true,
                _ => escapes = false,
            }
        }
        i += 1;
    }
    let mut out = Vec::with_capacity(64);
    for (k, a) in args[i..].iter().enumerate() {
        if k > 0 {
            out.push(b' ');
        }
        if escapes {
            if printf::escapes(a, &mut out, true) {
                return sh.out_status("echo", &out);
            }
        } else {
            out.extend_from_slice(a);
        }
    }
    if newline {
        out.push(b'\n');
    }
    sh.out_status("echo", &out)
}

/// `set`: options, positional parameters, or (no arguments) the variable listing.
fn set(sh: &mut Shell, args: &[Vec<u8>]) -> Res {
    if args.is_empty() {
        let mut out = Vec::new();
        for (name, var) in sh.vars.sorted() {
            if let Some(v) = &var.value {
                out.extend_from_slice(name);
                out.push(b'=');
                out.extend_from_slice(&declare::value_text(v));
                out.push(b'\n');
            }
        }
        let mut names: Vec<Vec<u8>> = sh.functions.keys().cloned().collect();
        names.sort();
        for n in names {
            if let Some(f) = sh.function(&n) {
                out.extend_from_slice(&unparse::function_pretty(&f));
                out.push(b'\n');
            }
        }
        return Ok(sh.out_status("set", &out));
    }
    let mut i = 0;
    let mut positional: Option<Vec<Vec<u8>>> = None;
    while i < args.len() {
        let a = &args[i];
        if a == b"--" {
            positional = Some(args[i + 1..].to_vec());
            break;
        }
        if a == b"-" {
            sh.opts.xtrace = false;
            sh.opts.verbose = false;
            positional = Some(args[i + 1..].to_vec());
            if args.len() == i + 1 {
                positional = None;
            }
            break;
        }
        let on = match a.first() {
            Some(b'-') => true,
            Some(b'+') => false,
            _ => {
                positional = Some(args[i..].to_vec());
                break;
            }
        };
        // Each `o` in the cluster (`-o name`, `-eo pipefail`) takes the next argument.
        let mut next = i + 1;
        for &c in &a[1..] {
            if c == b'o' {
                let Some(name) = args.get(next) else {
                    let mut out = Vec::new();
                    for (n, v) in sh.opts.long_list() {
                        if on {
                            out.extend_from_slice(format!("{n:<15}\t{}\n", if v { "on" } else { "off" }).as_bytes());
                        } else {
                            out.extend_from_slice(format!("set {}o {n}\n", if v { '-' } else { '+' }).as_bytes());
                        }
                    }
                    return Ok(sh.out_status("set", &out));
                };
                if !sh.opts.set_long(name, on) {
                    sh.error(format!("set: {}: invalid option name", lossy(name)));
                    return Ok(2);
                }
                next += 1;
            } else if !sh.opts.set_letter(c, on) {
                sh.error(format!("set: {}{}: invalid option", if on { '-' } else { '+' }, c as char));
                return Ok(2);
            }
        }
        i = next;
    }
    sh.vars.allexport = sh.opts.allexport;
    if let Some(p) = positional {
        sh.positional = p;
    }
    Ok(0)
}

fn shift(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let n = match args.first() {
        None => 1,
        Some(a) => match parse_int(a) {
            Some(n) if n >= 0 => n as usize,
            _ => {
                sh.error(format!("shift: {}: numeric argument required", lossy(a)));
                return 1;
            }
        },
    };
    if n > sh.positional.len() {
        return 1;
    }
    sh.positional.drain(..n);
    0
}

/// `source file [args]`: runs a file in this shell.
fn source(sh: &mut Shell, args: &[Vec<u8>]) -> Res {
    let Some(name) = args.first() else {
        sh.error("source: filename argument required");
        return Ok(2);
    };
    let path = if name.contains(&b'/') {
        name.clone()
    } else {
        match sh.search_path(name) {
            Some(p) => p,
            None => name.clone(),
        }
    };
    let text = match std::fs::read(sys::path_of(&path)) {
        Ok(t) => t,
        Err(e) => {
            sh.error(format!("{}: {}", lossy(name), sys::error_text(&e)));
            return Ok(1);
        }
    };
    let saved_pos = if args.len() > 1 { Some(std::mem::replace(&mut sh.positional, args[1..].to_vec())) } else { None };
    sh.source_depth += 1;
    let saved_origin = std::mem::replace(&mut sh.origin, crate::shell::Origin { name: name.clone() });
    let saved_source = std::mem::take(&mut sh.source_name);
    let saved_line = sh.lineno;
    let r = crate::run_text(sh, &text, false);
    sh.origin = saved_origin;
    sh.source_name = saved_source;
    sh.lineno = saved_line;
    sh.source_depth -= 1;
    if let Some(p) = saved_pos {
        sh.positional = p;
    }
    match r {
        Err(Flow::Return(s)) => Ok(s),
        other => other,
    }
}

/// `exec cmd args`: runs the program in place of the shell (spawns it, then exits with its
/// status).
fn exec(sh: &mut Shell, args: &[Vec<u8>]) -> Res {
    let mut i = 0;
    let mut argv0 = None;
    let mut clear_env = false;
    while i < args.len() {
        match args[i].as_slice() {
            b"-c" => clear_env = true,
            b"-l" => {}
            b"-a" => {
                i += 1;
                argv0 = args.get(i).cloned();
            }
            b"--" => {
                i += 1;
                break;
            }
            _ => break,
        }
        i += 1;
    }
    if i >= args.len() {
        return Ok(0);
    }
    let mut argv = args[i..].to_vec();
    let program = argv[0].clone();
    if !program.contains(&b'/') && sh.search_path(&program).is_none() {
        sh.error(format!("exec: {}: not found", lossy(&program)));
        return Err(Flow::Exit(127));
    }
    if let Some(a0) = argv0 {
        argv[0] = a0;
    }
    let env = if clear_env { Vec::new() } else { (*sh.vars.environ()).clone() };
    let plan = crate::redir::FdPlan::default();
    let req_argv = argv.clone();
    let mut prog_argv = req_argv;
    prog_argv[0] = program.clone();
    let r = if argv[0] != program {
        let (fds, _) = plan.pairs();
        let req = burrow_guest::SpawnRequest { path: program.clone(), argv, env, cwd: Vec::new(), fds, pgid: None };
        match burrow_guest::spawn(&req) {
            Ok(pid) => Ok(pid),
            Err(_) => {
                let env = (*sh.vars.environ()).clone();
                sh.spawn_program(&prog_argv, env, &plan)
            }
        }
    } else {
        sh.spawn_program(&argv, env, &plan)
    };
    match r {
        Ok(pid) => {
            let status = sh.wait_pid(pid);
            sh.exiting = true;
            Err(Flow::Exit(status))
        }
        Err(status) => Err(Flow::Exit(status)),
    }
}

/// `hash [-r] [name...]`: the shell remembers no program locations (every lookup searches
/// `$PATH`), so the table is always empty; a name must exist in `$PATH`.
fn hash(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let names: Vec<&Vec<u8>> = args.iter().filter(|a| !a.starts_with(b"-")).collect();
    if args.is_empty() {
        return sh.out_status("hash", b"hash: hash table empty\n");
    }
    let mut status = 0;
    for name in names {
        if !name.contains(&b'/') && lookup(name).is_none() && sh.search_path(name).is_none() {
            sh.error(format!("hash: {}: not found", lossy(name)));
            status = 1;
        }
    }
    status
}

/// `command [-pvV] name args`: runs a builtin or program, skipping functions.
fn command(sh: &mut Shell, args: &[Vec<u8>]) -> Res {
    let mut i = 0;
    let mut verbose = 0;
    while i < args.len() {
        match args[i].as_slice() {
            b"-p" => {}
            b"-v" => verbose = 1,
            b"-V" => verbose = 2,
            b"-pv" | b"-vp" => verbose = 1,
            b"--" => {
                i += 1;
                break;
            }
            _ => break,
        }
        i += 1;
    }
    let rest = &args[i..];
    if rest.is_empty() {
        return Ok(0);
    }
    if verbose > 0 {
        let mut status = 0;
        for name in rest {
            let found = if verbose == 1 { misc::command_v(sh, name) } else { misc::describe(sh, name, misc::TypeMode::default()) };
            if !found {
                status = 1;
                if verbose == 2 {
                    sh.error(format!("command: {}: not found", lossy(name)));
                }
            }
        }
        return Ok(status);
    }
    match lookup(&rest[0]) {
        Some(b) => run(sh, b, rest),
        None => sh.run_external(rest.to_vec(), &[], &[]),
    }
}

/// Formats a signal listing like `kill -l`.
pub fn signal_table() -> Vec<u8> {
    let mut out = Vec::new();
    for n in 1..signals::NAMES.len() {
        out.extend_from_slice(format!("{n:2}) SIG{}", signals::NAMES[n]).as_bytes());
        out.push(if n % 5 == 0 || n == signals::NAMES.len() - 1 { b'\n' } else { b'\t' });
    }
    out
}
