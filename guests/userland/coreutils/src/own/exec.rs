//! `env` and `nice`: tools that run another program. WASI has no `exec` and std's `Command` is
//! unsupported there, so they start the program through Burrow's `spawn`, wait for it, and end
//! the way it ended: its exit status, or the same signal (raised on themselves).
//!
//! Exit statuses are GNU's: 125 when the tool itself fails, 126 when the program cannot be run,
//! 127 when it is not found.

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::os::wasi::ffi::{OsStrExt, OsStringExt};

use burrow_guest::errno;
use burrow_guest::process::Command;

use super::quote;

/// A usage error of `env`/`nice`: GNU exits 125 for those.
fn usage(msg: impl std::fmt::Display) -> i32 {
    super::usage_error(msg);
    125
}

/// Runs `cmd`, waits, and returns the exit status to end with (after raising a signal that
/// killed the program on ourselves).
fn run(mut cmd: Command, program: &OsStr) -> i32 {
    let status = match start(&mut cmd, program, "") {
        Ok(mut child) => child.wait(),
        Err(code) => return code,
    };
    match status {
        Ok(status) => end_like(status),
        Err(e) => {
            super::error(format!("{}: {}", quote(program), super::strerror(&e)));
            125
        }
    }
}

/// Starts `cmd` (output flushed first); on failure reports it (`TOOL: {what}'PROGRAM': ERROR`)
/// and gives GNU's status for it: 127 when the program is not found, 126 when it cannot be run.
pub(super) fn start(cmd: &mut Command, program: &OsStr, what: &str) -> Result<burrow_guest::process::Child, i32> {
    let _ = io::stdout().flush();
    let _ = io::stderr().flush();
    cmd.spawn().map_err(|e| {
        super::error(format!("{what}{}: {}", quote(program), super::strerror(&e)));
        match e.raw_os_error() {
            Some(errno::ENOENT) => 127,
            _ => 126,
        }
    })
}

/// The status to end with, as the program ended: its exit code, or the signal that killed it,
/// raised on ourselves (default action first), with 128 + the signal if that did not end us.
pub(super) fn end_like(status: burrow_guest::ExitStatus) -> i32 {
    match (status.code, status.signal) {
        (Some(code), _) => code,
        (None, Some(sig)) => {
            let _ = burrow_guest::sigaction(sig as u32, burrow_guest::SigAction::Default);
            if let Ok(pid) = burrow_guest::getpid() {
                let _ = burrow_guest::kill(pid as i32, sig as u32);
            }
            128 + sig
        }
        (None, None) => 1,
    }
}

pub fn env(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: env [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]\n\
        Set each NAME to VALUE in the environment and run COMMAND.\n\n\
        \x20 -i, --ignore-environment  start with an empty environment\n\
        \x20 -0, --null           end each output line with NUL, not newline\n\
        \x20 -u, --unset=NAME     remove variable from the environment\n\
        \x20 -C, --chdir=DIR      change working directory to DIR\n\
        \x20 -S, --split-string=S  process and split S into separate arguments;\n\
        \x20                        used to pass multiple arguments on shebang lines\n\
        \x20 -v, --debug          print verbose information for each processing step\n\
        \x20     --help        display this help and exit\n\
        \x20     --version     output version information and exit\n\n\
        A mere - implies -i.  If no COMMAND, print the resulting environment.\n";
    let mut args: Vec<OsString> = args.skip(1).collect();
    let mut clear = false;
    let mut null = false;
    let mut unset: Vec<OsString> = Vec::new();
    let mut chdir: Option<OsString> = None;
    let mut debug = false;
    let mut i = 0;
    // Options end at the first operand (getopt's "+" mode, as GNU env).
    while i < args.len() {
        let arg = args[i].as_bytes().to_vec();
        if arg == b"-" {
            clear = true;
            i += 1;
            break;
        }
        if arg == b"--" {
            i += 1;
            break;
        }
        if let Some(long) = arg.strip_prefix(b"--") {
            let (name, inline) = match long.iter().position(|&b| b == b'=') {
                Some(p) => (&long[..p], Some(OsString::from_vec(long[p + 1..].to_vec()))),
                None => (long, None),
            };
            let name = String::from_utf8_lossy(name).into_owned();
            const LONGS: &[&str] =
                &["ignore-environment", "null", "unset", "chdir", "split-string", "debug", "help", "version"];
            let matches: Vec<&&str> = LONGS.iter().filter(|l| l.starts_with(&name)).collect();
            let full = match (LONGS.iter().find(|l| **l == name), matches.as_slice()) {
                (Some(l), _) => *l,
                (None, [l]) => **l,
                (None, []) => return usage(format!("unrecognized option '--{name}'")),
                _ => return usage(format!("option '--{name}' is ambiguous")),
            };
            let takes_value = matches!(full, "unset" | "chdir" | "split-string");
            let value = if takes_value {
                match inline {
                    Some(v) => Some(v),
                    None => {
                        i += 1;
                        match args.get(i) {
                            Some(v) => Some(v.clone()),
                            None => return usage(format!("option '--{full}' requires an argument")),
                        }
                    }
                }
            } else {
                None
            };
            i += 1;
            match full {
                "ignore-environment" => clear = true,
                "null" => null = true,
                "unset" => unset.extend(value),
                "chdir" => chdir = value,
                "debug" => debug = true,
                "help" => {
                    print!("{HELP}");
                    return 0;
                }
                "version" => return super::version("env"),
                _ => {
                    // --split-string: its words replace it.
                    let words = match split_string(value.unwrap_or_default().as_bytes()) {
                        Ok(w) => w,
                        Err(e) => return usage(e),
                    };
                    args.splice(i..i, words);
                }
            }
            continue;
        }
        if arg.len() > 1 && arg[0] == b'-' {
            let mut j = 1;
            i += 1;
            while j < arg.len() {
                let c = arg[j];
                j += 1;
                match c {
                    b'i' => clear = true,
                    b'0' => null = true,
                    b'v' => debug = true,
                    b'u' | b'C' | b'S' => {
                        let value = if j < arg.len() {
                            let v = OsString::from_vec(arg[j..].to_vec());
                            j = arg.len();
                            v
                        } else {
                            let Some(v) = args.get(i).cloned() else {
                                return usage(format!("option requires an argument -- '{}'", c as char));
                            };
                            i += 1;
                            v
                        };
                        match c {
                            b'u' => unset.push(value),
                            b'C' => chdir = Some(value),
                            _ => {
                                let words = match split_string(value.as_bytes()) {
                                    Ok(w) => w,
                                    Err(e) => return usage(e),
                                };
                                args.splice(i..i, words);
                            }
                        }
                    }
                    other => return usage(format!("invalid option -- '{}'", other as char)),
                }
            }
            continue;
        }
        break;
    }

    // The environment: ours (unless -i), less -u, plus NAME=VALUE operands.
    let mut vars: Vec<(OsString, OsString)> = if clear { Vec::new() } else { std::env::vars_os().collect() };
    for name in &unset {
        if name.is_empty() || name.as_bytes().contains(&b'=') {
            super::error(format!("cannot unset {}: Invalid argument", quote(name)));
            return 125;
        }
        vars.retain(|(k, _)| k != name);
    }
    while i < args.len() {
        let a = args[i].as_bytes();
        let Some(eq) = a.iter().position(|&b| b == b'=').filter(|&p| p > 0) else { break };
        let (k, v) = (OsString::from_vec(a[..eq].to_vec()), OsString::from_vec(a[eq + 1..].to_vec()));
        vars.retain(|(name, _)| *name != k);
        vars.push((k, v));
        i += 1;
    }
    let command = &args[i..];
    if debug {
        for (k, v) in &vars {
            eprintln!("setenv:   {}={}", k.to_string_lossy(), v.to_string_lossy());
        }
    }

    let Some(program) = command.first() else {
        if chdir.is_some() {
            return usage("must specify command with --chdir (-C)");
        }
        let mut out = io::stdout().lock();
        for (k, v) in &vars {
            let _ = out.write_all(k.as_bytes());
            let _ = out.write_all(b"=");
            let _ = out.write_all(v.as_bytes());
            let _ = out.write_all(if null { b"\0" } else { b"\n" });
        }
        return match out.flush() {
            Ok(()) => 0,
            Err(_) => 125,
        };
    };
    if null {
        return usage("cannot specify --null (-0) with command");
    }
    let mut cmd = Command::new(program);
    cmd.args(&command[1..]);
    cmd.env_clear();
    cmd.envs(vars.iter().map(|(k, v)| (k, v)));
    if let Some(dir) = &chdir {
        // Resolve it now, so a missing directory is env's error (125), as with GNU.
        if let Err(e) = super::Stat::of(dir, true) {
            super::error(format!("cannot change directory to {}: {}", quote(dir), super::strerror(&e)));
            return 125;
        }
        cmd.current_dir(std::path::Path::new(dir));
    }
    run(cmd, program)
}

/// `env -S`: splits a string into words, with GNU's quoting (`'...'`, `"..."`), escapes
/// (`\\ \" \' \n \t \r \f \v \_` (space) `\#` `\$` `\c` (stop)), `#` comments at word starts and
/// `${NAME}` expansion.
fn split_string(s: &[u8]) -> Result<Vec<OsString>, String> {
    let mut words = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut in_word = false;
    let mut i = 0;
    let (mut single, mut double) = (false, false);
    while i < s.len() {
        let c = s[i];
        i += 1;
        if single {
            match c {
                b'\'' => single = false,
                b'\\' if matches!(s.get(i), Some(b'\\' | b'\'')) => {
                    cur.push(s[i]);
                    i += 1;
                }
                _ => cur.push(c),
            }
            continue;
        }
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' if !double => {
                if in_word {
                    words.push(OsString::from_vec(std::mem::take(&mut cur)));
                    in_word = false;
                }
            }
            b'#' if !double && !in_word => break,
            b'\'' if !double => {
                single = true;
                in_word = true;
            }
            b'"' => {
                double = !double;
                in_word = true;
            }
            b'\\' => {
                let Some(&e) = s.get(i) else { return Err("invalid backslash at end of string in -S".into()) };
                i += 1;
                in_word = true;
                match e {
                    b'c' => break,
                    b'_' => {
                        if double {
                            cur.push(b' ');
                        } else {
                            words.push(OsString::from_vec(std::mem::take(&mut cur)));
                            in_word = false;
                        }
                    }
                    b'n' => cur.push(b'\n'),
                    b't' => cur.push(b'\t'),
                    b'r' => cur.push(b'\r'),
                    b'f' => cur.push(b'\x0c'),
                    b'v' => cur.push(b'\x0b'),
                    b'\\' | b'"' | b'\'' | b'#' | b'$' | b' ' => cur.push(e),
                    other => return Err(format!("invalid sequence '\\{}' in -S", other as char)),
                }
            }
            b'$' if s.get(i) == Some(&b'{') => {
                let Some(end) = s[i..].iter().position(|&b| b == b'}') else {
                    return Err("only ${VARNAME} expansion is supported, error at: ${".to_string());
                };
                let name = OsString::from_vec(s[i + 1..i + end].to_vec());
                if let Some(v) = std::env::var_os(&name) {
                    cur.extend_from_slice(v.as_bytes());
                }
                i += end + 1;
                in_word = true;
            }
            _ => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if single || double {
        return Err(format!("no terminating quote in -S string"));
    }
    if in_word {
        words.push(OsString::from_vec(cur));
    }
    Ok(words)
}

pub fn nice(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: nice [OPTION] [COMMAND [ARG]...]\n\
        Run COMMAND with an adjusted niceness, which affects process scheduling.\n\
        With no COMMAND, print the current niceness.  Niceness values range from\n\
        -20 (most favorable to the process) to 19 (least favorable to the process).\n\n\
        \x20 -n, --adjustment=N   add integer N to the niceness (default 10)\n\
        \x20     --help        display this help and exit\n\
        \x20     --version     output version information and exit\n\n\
        Burrow schedules every process alike: the niceness is always 0.\n";
    let args: Vec<OsString> = args.skip(1).collect();
    let mut i = 0;
    let mut adjustment: Option<String> = None;
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        if a == "--" {
            i += 1;
            break;
        } else if a == "--help" {
            print!("{HELP}");
            return 0;
        } else if a == "--version" {
            return super::version("nice");
        } else if let Some(v) = a.strip_prefix("--adjustment=") {
            adjustment = Some(v.to_string());
        } else if a == "--adjustment" || a == "-n" {
            i += 1;
            let Some(v) = args.get(i) else {
                return usage(format!("option requires an argument -- 'n'"));
            };
            adjustment = Some(v.to_string_lossy().into_owned());
        } else if let Some(v) = a.strip_prefix("-n") {
            adjustment = Some(v.to_string());
        } else if a.len() > 1 && a.starts_with('-') && a[1..].parse::<i64>().is_ok() {
            adjustment = Some(a[1..].to_string());
        } else if a.starts_with('-') && a.len() > 1 {
            return usage(format!("invalid option -- '{}'", &a[1..2]));
        } else {
            break;
        }
        i += 1;
    }
    let adjustment = match adjustment.map(|a| a.parse::<i64>().map_err(|_| a)) {
        None => 10,
        Some(Ok(n)) => n,
        Some(Err(a)) => {
            super::error(format!("invalid adjustment {}", quote(OsStr::new(&a))));
            return 125;
        }
    };
    let Some(program) = args.get(i) else {
        if adjustment != 10 {
            return usage("a command must be given with an adjustment");
        }
        println!("0");
        return 0;
    };
    if adjustment < 0 {
        // An unprivileged process may not raise its priority (GNU warns and runs it anyway).
        super::error("cannot set niceness: Permission denied");
    }
    let mut cmd = Command::new(program);
    cmd.args(&args[i + 1..]);
    run(cmd, program)
}
