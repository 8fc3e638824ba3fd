//! Builtins for directories, jobs, signals, command lookup, aliases, `umask`, `getopts` and
//! `shopt`.

use std::rc::Rc;

use super::{lossy, parse_int, signal_table};
use crate::shell::{status_code, Shell};
use crate::signals;
use crate::sys;
use crate::unparse;

// ---- directories ----

/// Lexically resolves `.` and `..` in an absolute path.
fn normalize(path: &[u8]) -> Vec<u8> {
    let mut parts: Vec<&[u8]> = Vec::new();
    for c in path.split(|&c| c == b'/') {
        match c {
            b"" | b"." => {}
            b".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut out = Vec::new();
    for p in parts {
        out.push(b'/');
        out.extend_from_slice(p);
    }
    if out.is_empty() {
        out.push(b'/');
    }
    out
}

/// The working directory as the kernel knows it.
fn physical_cwd() -> Vec<u8> {
    burrow_guest::getcwd().map(|p| sys::os_bytes(p.as_os_str()).to_vec()).unwrap_or_else(|_| b"/".to_vec())
}

/// Changes directory to `dir`, updating `PWD` and `OLDPWD`; `Err(message)` on failure.
pub fn chdir(sh: &mut Shell, dir: &[u8], physical: bool) -> Result<(), String> {
    let pwd = sh.vars.get(b"PWD").filter(|p| p.starts_with(b"/")).map(|p| p.to_vec()).unwrap_or_else(physical_cwd);
    let target = if dir.starts_with(b"/") {
        dir.to_vec()
    } else {
        let mut t = pwd.clone();
        t.push(b'/');
        t.extend_from_slice(dir);
        t
    };
    let logical = normalize(&target);
    let new_pwd = match burrow_guest::chdir(sys::path_of(if physical { &target } else { &logical })) {
        Ok(()) => {
            if physical {
                physical_cwd()
            } else {
                logical
            }
        }
        Err(e) => {
            // A logical path through a symlink may not exist physically: try the path as
            // given.
            if !physical && burrow_guest::chdir(sys::path_of(&target)).is_ok() {
                physical_cwd()
            } else {
                return Err(sys::error_text(&e));
            }
        }
    };
    let _ = sh.vars.set(b"OLDPWD", pwd);
    let _ = sh.vars.set(b"PWD", new_pwd);
    Ok(())
}

/// `cd [-L|-P] [dir]`.
pub fn cd(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut physical = false;
    let mut i = 0;
    while i < args.len() && args[i].len() > 1 && args[i][0] == b'-' {
        match args[i].as_slice() {
            b"-P" => physical = true,
            b"-L" => physical = false,
            b"--" => {
                i += 1;
                break;
            }
            b"-" => break,
            _ => break,
        }
        i += 1;
    }
    let rest = &args[i..];
    if rest.len() > 1 {
        sh.error("cd: too many arguments");
        return 1;
    }
    let mut print = false;
    let dir = match rest.first() {
        None => match sh.vars.get(b"HOME") {
            Some(h) if !h.is_empty() => h.to_vec(),
            _ => {
                sh.error("cd: HOME not set");
                return 1;
            }
        },
        Some(d) if d == b"-" => match sh.vars.get(b"OLDPWD") {
            Some(o) => {
                print = true;
                o.to_vec()
            }
            None => {
                sh.error("cd: OLDPWD not set");
                return 1;
            }
        },
        Some(d) => d.clone(),
    };
    if dir.is_empty() {
        return 0;
    }
    // CDPATH for relative names.
    if !dir.starts_with(b"/") && !dir.starts_with(b"./") && !dir.starts_with(b"../") && dir != b"." && dir != b".."
    {
        if let Some(cdpath) = sh.vars.get(b"CDPATH").map(|c| c.to_vec()) {
            for base in cdpath.split(|&c| c == b':') {
                if base.is_empty() {
                    continue;
                }
                let mut cand = base.to_vec();
                cand.push(b'/');
                cand.extend_from_slice(&dir);
                if std::fs::metadata(sys::path_of(&cand)).is_ok_and(|m| m.is_dir()) && chdir(sh, &cand, physical).is_ok() {
                    let mut line = sh.vars.get(b"PWD").unwrap_or_default().to_vec();
                    line.push(b'\n');
                    return sh.out_status("cd", &line);
                }
            }
        }
    }
    match chdir(sh, &dir, physical) {
        Ok(()) => {
            if print {
                let mut line = sh.vars.get(b"PWD").unwrap_or_default().to_vec();
                line.push(b'\n');
                return sh.out_status("cd", &line);
            }
            0
        }
        Err(msg) => {
            sh.error(format!("cd: {}: {msg}", lossy(&dir)));
            1
        }
    }
}

/// `pwd [-L|-P]`.
pub fn pwd(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let physical = args.iter().any(|a| a == b"-P");
    let mut dir = if physical {
        physical_cwd()
    } else {
        match sh.vars.get(b"PWD") {
            Some(p) if p.starts_with(b"/") => p.to_vec(),
            _ => physical_cwd(),
        }
    };
    dir.push(b'\n');
    sh.out_status("pwd", &dir)
}

/// `pushd dir`.
pub fn pushd(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let cur = sh.vars.get(b"PWD").unwrap_or(b"/").to_vec();
    let Some(dir) = args.first() else {
        sh.error("pushd: no other directory");
        return 1;
    };
    if let Err(m) = chdir(sh, dir, false) {
        sh.error(format!("pushd: {}: {m}", lossy(dir)));
        return 1;
    }
    sh.dir_stack.push(cur);
    dirs(sh, &[])
}

/// `popd`.
pub fn popd(sh: &mut Shell, _args: &[Vec<u8>]) -> i32 {
    let Some(dir) = sh.dir_stack.pop() else {
        sh.error("popd: directory stack empty");
        return 1;
    };
    if let Err(m) = chdir(sh, &dir, false) {
        sh.error(format!("popd: {}: {m}", lossy(&dir)));
        return 1;
    }
    dirs(sh, &[])
}

/// `dirs`: the directory stack, `$HOME` shown as `~`.
pub fn dirs(sh: &mut Shell, _args: &[Vec<u8>]) -> i32 {
    let home = sh.vars.get(b"HOME").filter(|h| h.len() > 1).map(<[u8]>::to_vec);
    let tilde = |d: &[u8]| -> Vec<u8> {
        match &home {
            Some(h) if d == h.as_slice() => b"~".to_vec(),
            Some(h) if d.starts_with(h) && d.get(h.len()) == Some(&b'/') => [b"~", &d[h.len()..]].concat(),
            _ => d.to_vec(),
        }
    };
    let mut out = tilde(sh.vars.get(b"PWD").unwrap_or(b"/"));
    for d in sh.dir_stack.iter().rev() {
        out.push(b' ');
        out.extend_from_slice(&tilde(d));
    }
    out.push(b'\n');
    sh.out_status("dirs", &out)
}

// ---- jobs and signals ----

/// Waits for job `pid`; `Err(signal)` if a trapped signal interrupted.
fn wait_job(sh: &mut Shell, pid: u32) -> Result<i32, usize> {
    if let Some(j) = sh.jobs.iter().find(|j| j.pid == pid) {
        if let Some(s) = j.status {
            return Ok(s);
        }
    }
    loop {
        match burrow_guest::wait(pid as i32, false) {
            Ok(Some((_, st))) => {
                let code = status_code(st);
                if let Some(j) = sh.jobs.iter_mut().find(|j| j.pid == pid) {
                    j.status = Some(code);
                }
                return Ok(code);
            }
            Ok(None) => continue,
            Err(e) if e.raw_os_error() == Some(sys::EINTR) => {
                sh.collect_signals();
                if let Some(sig) = trapped_pending(sh) {
                    return Err(sig);
                }
            }
            Err(_) => return Ok(127),
        }
    }
}

/// A pending signal that has a trap.
fn trapped_pending(sh: &Shell) -> Option<usize> {
    let mut p = sh.pending_signals;
    while p != 0 {
        let bit = p.trailing_zeros() as usize;
        p &= !(1 << bit);
        if sh.traps.get(bit + 1).is_some_and(|t| t.as_ref().is_some_and(|a| !a.is_empty())) {
            return Some(bit + 1);
        }
    }
    None
}

/// `wait [-n] [pid...]`.
pub fn wait(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut any = false;
    let mut pids = Vec::new();
    for a in args {
        if a == b"-n" {
            any = true;
            continue;
        }
        let pid = if let Some(n) = a.strip_prefix(b"%") {
            match sh.job(n) {
                Some(j) => j.pid,
                None => {
                    sh.error(format!("wait: {}: no such job", lossy(a)));
                    return 127;
                }
            }
        } else {
            match parse_int(a) {
                Some(p) if p > 0 => p as u32,
                _ => {
                    sh.error(format!("wait: `{}': not a pid or valid job spec", lossy(a)));
                    return 2;
                }
            }
        };
        pids.push(pid);
    }
    if any {
        let pending: Vec<u32> = sh.jobs.iter().filter(|j| j.status.is_none()).map(|j| j.pid).collect();
        if pending.is_empty() {
            return 127;
        }
        loop {
            match burrow_guest::wait(-1, false) {
                Ok(Some((pid, st))) => {
                    let code = status_code(st);
                    if let Some(j) = sh.jobs.iter_mut().find(|j| j.pid == pid) {
                        j.status = Some(code);
                        let code = j.status.unwrap_or(0);
                        sh.jobs.retain(|j| j.pid != pid);
                        return code;
                    }
                }
                Ok(None) => continue,
                Err(e) if e.raw_os_error() == Some(sys::EINTR) => {
                    sh.collect_signals();
                    if let Some(sig) = trapped_pending(sh) {
                        return 128 + sig as i32;
                    }
                }
                Err(_) => return 127,
            }
        }
    }
    if pids.is_empty() {
        let all: Vec<u32> = sh.jobs.iter().map(|j| j.pid).collect();
        for pid in all {
            if let Err(sig) = wait_job(sh, pid) {
                return 128 + sig as i32;
            }
        }
        sh.jobs.clear();
        return 0;
    }
    let mut status = 0;
    for pid in pids {
        if !sh.jobs.iter().any(|j| j.pid == pid) {
            sh.error(format!("wait: pid {pid} is not a child of this shell"));
            status = 127;
            continue;
        }
        status = match wait_job(sh, pid) {
            Ok(s) => s,
            Err(sig) => return 128 + sig as i32,
        };
        sh.jobs.retain(|j| j.pid != pid);
    }
    status
}

/// `jobs`.
/// `jobs [-l|-p]`: the background jobs as bash lists them (`[N]+  Running    cmd &`, `+` the
/// newest, `-` the one before), finished ones once (`Done`, `Exit N`), then forgotten.
pub fn jobs(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (mut long, mut pids) = (false, false);
    for a in args {
        match a.as_slice() {
            b"-l" => long = true,
            b"-p" => pids = true,
            b"-r" | b"-s" | b"-n" | b"-x" => {}
            _ => {
                sh.error(format!("jobs: {}: invalid option", lossy(a)));
                let _ = sys::write_all(2, b"jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n");
                return 2;
            }
        }
    }
    sh.reap_jobs();
    let mut out = Vec::new();
    let n = sh.jobs.len();
    for (i, j) in sh.jobs.iter().enumerate() {
        if pids {
            out.extend_from_slice(format!("{}\n", j.pid).as_bytes());
            continue;
        }
        let mark = if i + 1 == n { '+' } else if i + 2 == n { '-' } else { ' ' };
        let state = match j.status {
            None => "Running".to_string(),
            Some(0) => "Done".to_string(),
            Some(s) => format!("Exit {s}"),
        };
        let pid = if long { format!(" {}", j.pid) } else { " ".to_string() };
        out.extend_from_slice(format!("[{}]{mark}{pid} {state:<24}", j.id).as_bytes());
        out.extend_from_slice(&j.text);
        out.extend_from_slice(if j.status.is_none() { b" &\n" } else { b"\n" });
    }
    if !pids {
        sh.jobs.retain(|j| j.status.is_none());
    }
    sh.out_status("jobs", &out)
}

/// `kill [-s sig|-n num|-sig] pid...`, `kill -l [sig...]`.
pub fn kill(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut sig = 15usize;
    let mut i = 0;
    if let Some(a) = args.first() {
        match a.as_slice() {
            b"-l" | b"-L" => {
                if args.len() == 1 {
                    let t = signal_table();
                    return sh.out_status("kill", &t);
                }
                let mut out = Vec::new();
                let mut status = 0;
                for x in &args[1..] {
                    match parse_int(x) {
                        Some(n) => {
                            let n = if n > 128 { n - 128 } else { n } as usize;
                            if n >= 1 && n < signals::NAMES.len() {
                                out.extend_from_slice(signals::NAMES[n].as_bytes());
                                out.push(b'\n');
                            } else {
                                sh.error(format!("kill: {}: invalid signal specification", lossy(x)));
                                status = 1;
                            }
                        }
                        None => match signals::parse(x) {
                            Some(n) => out.extend_from_slice(format!("{n}\n").as_bytes()),
                            None => {
                                sh.error(format!("kill: {}: invalid signal specification", lossy(x)));
                                status = 1;
                            }
                        },
                    }
                }
                let s = sh.out_status("kill", &out);
                return status.max(s);
            }
            b"-s" | b"-n" => {
                let Some(name) = args.get(1) else {
                    sh.error(format!("kill: {}: option requires an argument", lossy(a)));
                    return 2;
                };
                match signals::parse(name) {
                    Some(n) => sig = n,
                    None => {
                        sh.error(format!("kill: {}: invalid signal specification", lossy(name)));
                        return 1;
                    }
                }
                i = 2;
            }
            b"--" => i = 1,
            x if x.len() > 1 && x[0] == b'-' && !x[1..].iter().all(u8::is_ascii_digit) || x == b"-0" => {
                match signals::parse(&x[1..]) {
                    Some(n) => sig = n,
                    None => {
                        sh.error(format!("kill: {}: invalid signal specification", lossy(&x[1..])));
                        return 1;
                    }
                }
                i = 1;
            }
            x if x.len() > 1 && x[0] == b'-' => {
                // -9 style (a number as signal) unless it is the only argument.
                if args.len() > 1 {
                    match signals::parse(&x[1..]) {
                        Some(n) => sig = n,
                        None => {
                            sh.error(format!("kill: {}: invalid signal specification", lossy(&x[1..])));
                            return 1;
                        }
                    }
                    i = 1;
                }
            }
            _ => {}
        }
    }
    let targets = &args[i..];
    if targets.is_empty() {
        let _ = sys::write_all(2, b"kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n");
        return 2;
    }
    let mut status = 0;
    for t in targets {
        let pid: i64 = if let Some(n) = t.strip_prefix(b"%") {
            match sh.job(n) {
                Some(j) => j.pid as i64,
                None => {
                    sh.error(format!("kill: {}: no such job", lossy(t)));
                    status = 1;
                    continue;
                }
            }
        } else {
            match parse_int(t) {
                Some(p) => p,
                None => {
                    sh.error(format!("kill: {}: arguments must be process or job IDs", lossy(t)));
                    status = 1;
                    continue;
                }
            }
        };
        let r = if sig == 0 {
            // Existence check: signal 0 is not in the ABI's range, use a harmless query.
            burrow_guest::kill(pid as i32, 0)
        } else {
            burrow_guest::kill(pid as i32, sig as u32)
        };
        if let Err(e) = r {
            sh.error(format!("kill: ({pid}) - {}", sys::error_text(&e)));
            status = 1;
        }
    }
    status
}

/// `trap [action] [sig...]`, `trap -p`, `trap -l`.
pub fn trap(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut args = args;
    if args.first().is_some_and(|a| a == b"--") {
        args = &args[1..];
    }
    if args.first().is_some_and(|a| a == b"-l") {
        let t = signal_table();
        return sh.out_status("trap", &t);
    }
    if args.is_empty() || args[0] == b"-p" {
        let which: Vec<usize> = if args.len() > 1 {
            args[1..].iter().filter_map(|a| signals::parse_slot(a)).collect()
        } else {
            (0..signals::SLOTS).collect()
        };
        let mut out = Vec::new();
        for slot in which {
            if let Some(action) = &sh.traps[slot] {
                out.extend_from_slice(b"trap -- ");
                out.extend_from_slice(&quote_single(action));
                out.push(b' ');
                out.extend_from_slice(signals::slot_name(slot).as_bytes());
                out.push(b'\n');
            }
        }
        return sh.out_status("trap", &out);
    }
    // A single operand that is a signal (or `-`) resets.
    let (action, sigs): (Option<Vec<u8>>, &[Vec<u8>]) = if args[0] == b"-" {
        (None, &args[1..])
    } else if args.len() == 1 || (signals::parse(&args[0]).is_some() && args[0].iter().all(u8::is_ascii_digit)) {
        (None, args)
    } else {
        (Some(args[0].clone()), &args[1..])
    };
    let mut status = 0;
    for s in sigs {
        let Some(slot) = signals::parse_slot(s) else {
            sh.error(format!("trap: {}: invalid signal specification", lossy(s)));
            status = 1;
            continue;
        };
        if slot == 9 || slot == 19 {
            // SIGKILL and SIGSTOP cannot be trapped; bash accepts silently.
            continue;
        }
        sh.traps[slot] = action.clone();
        if slot == signals::EXIT {
            for sig in [1, 2, 15] {
                sh.sync_signal(sig);
            }
            sh.traps_active = sh.traps_active || action.as_ref().is_some_and(|a| !a.is_empty());
        } else if slot <= 64 {
            sh.sync_signal(slot);
        }
    }
    let exit_trap = sh.traps[signals::EXIT].as_ref().is_some_and(|a| !a.is_empty());
    sh.traps_active = exit_trap || sh.traps[1..=64].iter().any(|t| t.as_ref().is_some_and(|a| !a.is_empty()));
    status
}

fn quote_single(s: &[u8]) -> Vec<u8> {
    let mut out = vec![b'\''];
    for &c in s {
        if c == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(c);
        }
    }
    out.push(b'\'');
    out
}

// ---- command lookup ----

/// `command -v name`: prints how `name` would run; false if not found.
pub fn command_v(sh: &mut Shell, name: &[u8]) -> bool {
    let mut out = Vec::new();
    if let Some(v) = sh.aliases.get(name) {
        out.extend_from_slice(b"alias ");
        out.extend_from_slice(name);
        out.push(b'=');
        out.extend_from_slice(&quote_single(v));
    } else if super::is_keyword(name) || sh.functions.contains_key(name) || super::lookup(name).is_some() {
        out.extend_from_slice(name);
    } else if name.contains(&b'/') {
        if std::fs::metadata(sys::path_of(name)).is_ok_and(|m| m.is_file()) {
            out.extend_from_slice(name);
        } else {
            return false;
        }
    } else {
        match sh.search_path(name) {
            Some(p) => out.extend_from_slice(&p),
            None => return false,
        }
    }
    out.push(b'\n');
    let _ = sh.out(&out);
    true
}

/// How `type` reports names.
#[derive(Clone, Copy, Default)]
pub struct TypeMode {
    /// `-t`: one word per kind.
    pub terse: bool,
    /// `-p`: the program's path, nothing for other kinds.
    pub path_only: bool,
    /// `-P`: search `$PATH` even for builtins and functions.
    pub force_path: bool,
    /// `-a`: every kind and every program in `$PATH`, not only the first.
    pub all: bool,
}

/// `type name` output for one name; false if not found.
pub fn describe(sh: &mut Shell, name: &[u8], mode: TypeMode) -> bool {
    let n = lossy(name);
    let mut out = Vec::new();
    let mut found = false;
    let line = |out: &mut Vec<u8>, terse: &str, long: &str| {
        out.extend_from_slice(if mode.terse { terse.to_string() } else { format!("{n} is {long}") }.as_bytes());
        out.push(b'\n');
    };
    if !mode.path_only && !mode.force_path {
        if let Some(v) = sh.aliases.get(name).cloned() {
            line(&mut out, "alias", &format!("aliased to `{}'", lossy(&v)));
            found = true;
        }
        if (!found || mode.all) && super::is_keyword(name) {
            line(&mut out, "keyword", "a shell keyword");
            found = true;
        }
        if !found || mode.all {
            if let Some(f) = sh.function(name) {
                line(&mut out, "function", "a function");
                if !mode.terse {
                    out.extend_from_slice(&unparse::function_pretty(&f));
                    out.push(b'\n');
                }
                found = true;
            }
        }
        if (!found || mode.all) && super::lookup(name).is_some() {
            line(&mut out, "builtin", "a shell builtin");
            found = true;
        }
    } else if mode.path_only && !mode.all && (sh.aliases.contains_key(name) || super::is_keyword(name) || sh.functions.contains_key(name) || super::lookup(name).is_some()) {
        // `type -p` of something that is not a program prints nothing, successfully.
        return true;
    }
    if !found || mode.all {
        let paths = if name.contains(&b'/') {
            if std::fs::metadata(sys::path_of(name)).is_ok_and(|m| m.is_file()) { vec![name.to_vec()] } else { Vec::new() }
        } else if mode.all {
            sh.search_path_all(name)
        } else {
            sh.search_path(name).into_iter().collect()
        };
        for p in paths {
            if mode.path_only || mode.force_path {
                out.extend_from_slice(&p);
                out.push(b'\n');
            } else {
                line(&mut out, "file", &lossy(&p));
            }
            found = true;
        }
    }
    let _ = sh.out(&out);
    found
}

/// `type [-atpP] name...`.
pub fn type_(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut mode = TypeMode::default();
    let mut status = 0;
    let mut names = Vec::new();
    let mut options = true;
    for a in args {
        if options && a.len() > 1 && a[0] == b'-' && a[1..].iter().all(|c| b"atpPf".contains(c)) {
            for &c in &a[1..] {
                match c {
                    b't' => mode.terse = true,
                    b'p' => mode.path_only = true,
                    b'P' => mode.force_path = true,
                    b'a' => mode.all = true,
                    _ => {}
                }
            }
            continue;
        }
        options = false;
        names.push(a.clone());
    }
    for name in names {
        if !describe(sh, &name, mode) {
            if !mode.terse && !mode.path_only && !mode.force_path {
                sh.error(format!("type: {}: not found", lossy(&name)));
            }
            status = 1;
        }
    }
    status
}

// ---- aliases ----

/// `alias [name[=value]...]`.
pub fn alias(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let args: Vec<&Vec<u8>> = args.iter().filter(|a| a.as_slice() != b"-p").collect();
    if args.is_empty() {
        let mut names: Vec<(&Vec<u8>, &Vec<u8>)> = sh.aliases.iter().collect();
        names.sort();
        let mut out = Vec::new();
        for (k, v) in names {
            out.extend_from_slice(b"alias ");
            out.extend_from_slice(k);
            out.push(b'=');
            out.extend_from_slice(&quote_single(v));
            out.push(b'\n');
        }
        return sh.out_status("alias", &out);
    }
    let mut status = 0;
    for a in args {
        match a.iter().position(|&c| c == b'=') {
            Some(eq) => {
                let (k, v) = (a[..eq].to_vec(), a[eq + 1..].to_vec());
                Rc::make_mut(&mut sh.aliases).insert(k, v);
            }
            None => match sh.aliases.get(a.as_slice()).cloned() {
                Some(v) => {
                    let mut out = b"alias ".to_vec();
                    out.extend_from_slice(a);
                    out.push(b'=');
                    out.extend_from_slice(&quote_single(&v));
                    out.push(b'\n');
                    let _ = sh.out(&out);
                }
                None => {
                    sh.error(format!("alias: {}: not found", lossy(a)));
                    status = 1;
                }
            },
        }
    }
    status
}

/// `unalias [-a] name...`.
pub fn unalias(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut status = 0;
    for a in args {
        if a == b"-a" {
            Rc::make_mut(&mut sh.aliases).clear();
            continue;
        }
        if Rc::make_mut(&mut sh.aliases).remove(a.as_slice()).is_none() {
            sh.error(format!("unalias: {}: not found", lossy(a)));
            status = 1;
        }
    }
    status
}

// ---- umask ----

/// `umask [-S] [mode]`.
pub fn umask(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let symbolic = args.iter().any(|a| a == b"-S");
    let mode = args.iter().find(|a| a.as_slice() != b"-S" && a.as_slice() != b"-p");
    let cur = burrow_guest::umask(0o022).unwrap_or(0o022);
    let _ = burrow_guest::umask(cur);
    let Some(mode) = mode else {
        let text = if symbolic {
            let perm = |bits: u32| {
                let mut s = String::new();
                if bits & 4 == 0 {
                    s.push('r');
                }
                if bits & 2 == 0 {
                    s.push('w');
                }
                if bits & 1 == 0 {
                    s.push('x');
                }
                s
            };
            format!("u={},g={},o={}\n", perm((cur >> 6) & 7), perm((cur >> 3) & 7), perm(cur & 7))
        } else {
            format!("{cur:04o}\n")
        };
        return sh.out_status("umask", text.as_bytes());
    };
    let new = if mode.iter().all(|c| (b'0'..=b'7').contains(c)) {
        u32::from_str_radix(std::str::from_utf8(mode).unwrap_or("0"), 8).unwrap_or(0) & 0o777
    } else {
        match symbolic_umask(cur, mode) {
            Some(m) => m,
            None => {
                sh.error(format!("umask: {}: invalid symbolic mode operator", lossy(mode)));
                return 1;
            }
        }
    };
    let _ = burrow_guest::umask(new);
    0
}

/// Applies `u=rwx,g=rx,o=` style changes to a umask.
fn symbolic_umask(cur: u32, spec: &[u8]) -> Option<u32> {
    let mut allowed = !cur & 0o777;
    for clause in spec.split(|&c| c == b',') {
        let op_pos = clause.iter().position(|c| matches!(c, b'=' | b'+' | b'-'))?;
        let who = &clause[..op_pos];
        let op = clause[op_pos];
        let mut bits = 0;
        for &c in &clause[op_pos + 1..] {
            bits |= match c {
                b'r' => 4,
                b'w' => 2,
                b'x' => 1,
                _ => return None,
            };
        }
        let mut mask = 0;
        let who = if who.is_empty() { b"a".as_slice() } else { who };
        for &w in who {
            mask |= match w {
                b'u' => 0o700,
                b'g' => 0o070,
                b'o' => 0o007,
                b'a' => 0o777,
                _ => return None,
            };
        }
        let spread = (bits * 0o111) & mask;
        match op {
            b'=' => allowed = (allowed & !mask) | spread,
            b'+' => allowed |= spread,
            _ => allowed &= !spread,
        }
    }
    Some(!allowed & 0o777)
}

// ---- getopts ----

/// `getopts optstring name [args]`.
pub fn getopts(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    if args.len() < 2 {
        sh.error("getopts: usage: getopts optstring name [arg ...]");
        return 2;
    }
    let spec = args[0].clone();
    let var = args[1].clone();
    let params: Vec<Vec<u8>> = if args.len() > 2 { args[2..].to_vec() } else { sh.positional.clone() };
    let silent = spec.first() == Some(&b':');
    let spec = if silent { &spec[1..] } else { &spec[..] };
    let mut optind = sh.get_var(b"OPTIND").and_then(|v| parse_int(&v)).unwrap_or(1).max(1) as usize;
    if optind == 1 && sh.getopts_last_optind != 1 {
        sh.getopts_pos = 0;
    }
    let finish = |sh: &mut Shell, optind: usize, c: &[u8]| {
        let _ = sh.vars.set(b"OPTIND", optind.to_string().into_bytes());
        sh.getopts_last_optind = optind;
        let _ = sh.vars.set(&var, c.to_vec());
    };
    let Some(arg) = params.get(optind - 1).cloned() else {
        finish(sh, optind, b"?");
        let _ = sh.vars.unset(b"OPTARG");
        return 1;
    };
    if sh.getopts_pos == 0 {
        if arg.len() < 2 || arg[0] != b'-' {
            finish(sh, optind, b"?");
            return 1;
        }
        if arg == b"--" {
            finish(sh, optind + 1, b"?");
            return 1;
        }
        sh.getopts_pos = 1;
    }
    let c = arg[sh.getopts_pos];
    sh.getopts_pos += 1;
    let at_end = sh.getopts_pos >= arg.len();
    let idx = spec.iter().position(|&s| s == c && c != b':');
    let Some(idx) = idx else {
        if at_end {
            optind += 1;
            sh.getopts_pos = 0;
        }
        if silent {
            let _ = sh.vars.set(b"OPTARG", vec![c]);
        } else {
            let _ = sh.vars.unset(b"OPTARG");
            let mut line = sh.arg0.clone();
            line.extend_from_slice(format!(": illegal option -- {}\n", c as char).as_bytes());
            let _ = sys::write_all(2, &line);
        }
        finish(sh, optind, b"?");
        return 0;
    };
    let takes_arg = spec.get(idx + 1) == Some(&b':');
    if takes_arg {
        if !at_end {
            let _ = sh.vars.set(b"OPTARG", arg[sh.getopts_pos..].to_vec());
            optind += 1;
            sh.getopts_pos = 0;
        } else if let Some(next) = params.get(optind) {
            let _ = sh.vars.set(b"OPTARG", next.clone());
            optind += 2;
            sh.getopts_pos = 0;
        } else {
            optind += 1;
            sh.getopts_pos = 0;
            if silent {
                let _ = sh.vars.set(b"OPTARG", vec![c]);
                finish(sh, optind, b":");
            } else {
                let _ = sh.vars.unset(b"OPTARG");
                let mut line = sh.arg0.clone();
                line.extend_from_slice(format!(": option requires an argument -- {}\n", c as char).as_bytes());
                let _ = sys::write_all(2, &line);
                finish(sh, optind, b"?");
            }
            return 0;
        }
    } else {
        let _ = sh.vars.unset(b"OPTARG");
        if at_end {
            optind += 1;
            sh.getopts_pos = 0;
        }
    }
    finish(sh, optind, &[c]);
    0
}

// ---- shopt, ulimit ----

/// `shopt [-s|-u|-q|-p] [name...]`.
pub fn shopt(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut set = None;
    let mut quiet = false;
    let mut names = Vec::new();
    for a in args {
        match a.as_slice() {
            b"-s" => set = Some(true),
            b"-u" => set = Some(false),
            b"-q" => quiet = true,
            b"-p" | b"-o" => {}
            _ => names.push(a.clone()),
        }
    }
    let known: &[&str] = &[
        "dotglob",
        "expand_aliases",
        "extglob",
        "failglob",
        "globstar",
        "lastpipe",
        "nocasematch",
        "nullglob",
        "inherit_errexit",
        "checkwinsize",
        "histappend",
        "nocaseglob",
        "xpg_echo",
    ];
    let get = |sh: &Shell, n: &str| match n {
        "dotglob" => sh.opts.dotglob,
        "extglob" => sh.opts.extglob,
        "failglob" => sh.opts.failglob,
        "nocasematch" => sh.opts.nocasematch,
        "nullglob" => sh.opts.nullglob,
        "expand_aliases" => sh.opts.expand_aliases,
        "globstar" => sh.opts.globstar,
        _ => false,
    };
    let mut status = 0;
    if names.is_empty() {
        let mut out = Vec::new();
        for n in known {
            let on = get(sh, n);
            if set.is_none_or(|s| s == on) {
                out.extend_from_slice(format!("{n:<15}\t{}\n", if on { "on" } else { "off" }).as_bytes());
            }
        }
        return sh.out_status("shopt", &out);
    }
    for name in names {
        let n = lossy(&name);
        if !known.contains(&n.as_str()) {
            sh.error(format!("shopt: {n}: invalid shell option name"));
            status = 1;
            continue;
        }
        match set {
            Some(on) => match n.as_str() {
                "dotglob" => sh.opts.dotglob = on,
                "extglob" => sh.opts.extglob = on,
                "failglob" => sh.opts.failglob = on,
                "nocasematch" => sh.opts.nocasematch = on,
                "nullglob" => sh.opts.nullglob = on,
                "expand_aliases" => sh.opts.expand_aliases = on,
                "globstar" => sh.opts.globstar = on,
                _ => {}
            },
            None => {
                let on = get(sh, &n);
                if !on {
                    status = 1;
                }
                if !quiet {
                    let line = format!("{n:<15}\t{}\n", if on { "on" } else { "off" });
                    let _ = sh.out(line.as_bytes());
                }
            }
        }
    }
    status
}

/// `ulimit`: reports no limits; settings are accepted and ignored (the VM's limits apply).
pub fn ulimit(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let setting = args.iter().any(|a| !a.starts_with(b"-"));
    if setting {
        return 0;
    }
    if args.iter().any(|a| a == b"-a") {
        let text = "core file size          (blocks, -c) 0\nfile size               (blocks, -f) unlimited\nopen files                      (-n) 256\nmax user processes              (-u) 256\n";
        return sh.out_status("ulimit", text.as_bytes());
    }
    if args.iter().any(|a| a == b"-n") {
        return sh.out_status("ulimit", b"256\n");
    }
    sh.out_status("ulimit", b"unlimited\n")
}
