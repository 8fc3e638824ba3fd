//! `sh` (and `bash`): the POSIX shell of Burrow's userland.
//!
//! Invocation: `sh [-euxfCav] [-o OPT]... [-c COMMAND [NAME [ARG]...] | -s [ARG]... | SCRIPT [ARG]...]`,
//! or with nothing, a script read from stdin. `sh --burrow-sub STATE` is a subshell started by a
//! parent shell (see [`subshell`]): there is no fork, so anything that must run in another process
//! runs in a new process of this shell with the parent's state passed as one argument.

use burrow_guest as _; // links the crate: its constructor adopts $PWD as the working directory

mod arith;
mod ast;
mod builtins;
mod exec;
mod expand;
mod glob;
mod parser;
mod pattern;
mod redir;
mod regex;
mod shell;
mod signals;
mod spawn;
mod subshell;
mod sys;
mod unparse;
mod vars;

use parser::Parser;
use shell::{Flow, Origin, Res, Shell};

const USAGE: &str = "usage: sh [-euxfCav] [-o option] [-c command [name [arg ...]] | -s [arg ...] | script [arg ...]]";

fn main() {
    let args: Vec<Vec<u8>> = std::env::args_os().map(|a| sys::os_bytes(&a).to_vec()).collect();
    let mut sh = Shell::new();
    let status = match start(&mut sh, args) {
        Ok(s) | Err(Flow::Exit(s)) | Err(Flow::Return(s)) => s,
        Err(Flow::Break(_)) | Err(Flow::Continue(_)) => sh.last_status,
    };
    sh.exit(status)
}

/// Where the commands come from.
enum Input {
    Command(Vec<u8>),
    Script(Vec<u8>),
    Stdin,
}

/// Parses the invocation and runs the commands; the result is the shell's exit status.
fn start(sh: &mut Shell, args: Vec<Vec<u8>>) -> Res {
    let arg0 = args.first().cloned().unwrap_or_else(|| b"sh".to_vec());
    if args.get(1).map(Vec::as_slice) == Some(subshell::FLAG) {
        sh.is_subshell = true;
        let Some(code) = args.get(2).and_then(|blob| subshell::decode(sh, blob)) else {
            sh.error("malformed subshell state");
            return Ok(2);
        };
        // The code is parsed as starting at the line it came from (`$LINENO`).
        return run_text_from(sh, &code, true, sh.lineno.max(1));
    }
    sh.arg0 = arg0.clone();
    sh.opts.expand_aliases = arg0.rsplit(|&c| c == b'/').next() == Some(b"sh");
    sh.origin = Origin { name: arg0.clone() };
    let mut i = 1;
    let mut command = false;
    let mut from_stdin = false;
    while i < args.len() {
        let a = &args[i];
        match a.as_slice() {
            b"--" => {
                i += 1;
                break;
            }
            b"--version" => {
                let v = format!("GNU bash, version {} (wasm32-wasip1, Burrow sh)\n", "5.2.15(1)-release");
                return Ok(sh.out_status("sh", v.as_bytes()));
            }
            b"--help" => {
                return Ok(sh.out_status("sh", format!("{USAGE}\n").as_bytes()));
            }
            b"--posix" | b"--login" | b"--norc" | b"--noprofile" | b"--noediting" => {}
            _ if a.len() > 1 && (a[0] == b'-' || a[0] == b'+') && a[1] != b'-' => {
                let on = a[0] == b'-';
                // Each `o` in the cluster (`-o name`, `-eo pipefail`) takes the next argument.
                let mut next = i + 1;
                for &c in &a[1..] {
                    match c {
                        b'c' if on => command = true,
                        b's' if on => from_stdin = true,
                        b'i' => sh.opts.interactive = on,
                        b'l' => {}
                        b'o' => {
                            let Some(name) = args.get(next) else {
                                plain_error(&arg0, &format!("{}o: option requires an argument", a[0] as char));
                                return Ok(2);
                            };
                            if !sh.opts.set_long(name, on) {
                                plain_error(&arg0, &format!("{}: invalid option name", String::from_utf8_lossy(name)));
                                return Ok(2);
                            }
                            next += 1;
                        }
                        _ => {
                            if !sh.opts.set_letter(c, on) {
                                plain_error(&arg0, &format!("{}{}: invalid option\n{USAGE}", a[0] as char, c as char));
                                return Ok(2);
                            }
                        }
                    }
                }
                i = next;
                continue;
            }
            _ => break,
        }
        i += 1;
    }
    sh.vars.allexport = sh.opts.allexport;
    let rest = &args[i.min(args.len())..];
    let input = if command {
        let Some(cmd) = rest.first() else {
            plain_error(&arg0, "-c: option requires an argument");
            return Ok(2);
        };
        if let Some(name) = rest.get(1) {
            sh.arg0 = name.clone();
            sh.origin.name = name.clone();
            sh.positional = rest[2..].to_vec();
        }
        Input::Command(cmd.clone())
    } else if from_stdin || rest.is_empty() {
        sh.positional = rest.to_vec();
        Input::Stdin
    } else {
        sh.arg0 = rest[0].clone();
        sh.positional = rest[1..].to_vec();
        Input::Script(rest[0].clone())
    };
    match input {
        Input::Command(text) => {
            sh.source_name = b"-c".to_vec();
            sh.opts.command_string = true;
            run_text(sh, &text, true)
        }
        Input::Script(path) => {
            let text = match read_script(&path) {
                Ok(t) => t,
                Err((status, msg)) => {
                    // Bash names a directory twice (`d: d: Is a directory`): it has taken the
                    // script's name as $0 by then.
                    let name = if status == 126 && sys::path_of(&path).is_dir() { &path } else { &arg0 };
                    plain_error(name, &format!("{}: {msg}", String::from_utf8_lossy(&path)));
                    return Ok(status);
                }
            };
            sh.origin = Origin { name: path.clone() };
            sh.main_frame = true;
            sh.source_name = Vec::new();
            run_text(sh, &text, true)
        }
        Input::Stdin => {
            sh.source_name = Vec::new();
            sh.main_frame = true;
            run_stdin(sh)
        }
    }
}

/// Writes `name: msg` to stderr: an error before any command runs, which names no line.
fn plain_error(name: &[u8], msg: &str) {
    let mut line = name.to_vec();
    line.extend_from_slice(b": ");
    line.extend_from_slice(msg.as_bytes());
    line.push(b'\n');
    let _ = sys::write_all(2, &line);
}

/// Reads a script file; `Err((status, message))` as bash reports it (127: missing, 126: not
/// readable or a directory).
fn read_script(path: &[u8]) -> Result<Vec<u8>, (i32, String)> {
    let p = sys::path_of(path);
    if p.is_dir() {
        return Err((126, "Is a directory".into()));
    }
    std::fs::read(&p).map_err(|e| {
        let status = if e.kind() == std::io::ErrorKind::NotFound { 127 } else { 126 };
        (status, sys::error_text(&e))
    })
}

/// Parses and runs `text` one complete command at a time (so an alias defined by one line
/// applies to the next, and a syntax error late in a script does not stop earlier commands).
/// A syntax error ends the shell (`toplevel`) or returns status 2 (`source`).
pub fn run_text(sh: &mut Shell, text: &[u8], toplevel: bool) -> Res {
    run_text_from(sh, text, toplevel, 1)
}

/// [`run_text`] with `text` starting at source line `first_line`.
fn run_text_from(sh: &mut Shell, text: &[u8], toplevel: bool, first_line: u32) -> Res {
    let mut p = Parser::input(text.to_vec(), first_line);
    let mut status = 0;
    loop {
        p.set_aliases(sh.parser_aliases());
        let parsed = p.parse_next();
        sh.parse_warnings(&mut p);
        match parsed {
            Ok(Some(list)) => {
                if sh.opts.noexec {
                    continue;
                }
                status = sh.run_list(&list)?;
            }
            Ok(None) => return Ok(status),
            Err(e) => {
                sh.syntax_error(&e);
                sh.last_status = 2;
                return if toplevel { Err(Flow::Exit(2)) } else { Ok(2) };
            }
        }
    }
}

/// Runs a script read from stdin, a line at a time: a command that reads stdin itself sees the
/// lines after the one that started it, as with any shell reading a pipe.
fn run_stdin(sh: &mut Shell) -> Res {
    // Source not yet run, and the line number it starts on.
    let mut pending: Vec<u8> = Vec::new();
    let mut line_base = 1;
    let mut status = 0;
    loop {
        if sh.opts.interactive {
            let _ = sys::write_all(2, &prompt(sh, !pending.is_empty()));
        }
        let line = match read_line(0) {
            Ok(l) => l,
            Err(e) => {
                sh.error(format!("stdin: {}", sys::error_text(&e)));
                return Ok(1);
            }
        };
        let at_eof = line.is_empty();
        pending.extend_from_slice(&line);
        let mut p = Parser::input(std::mem::take(&mut pending), line_base);
        p.set_partial(!at_eof);
        let mut consumed = 0;
        loop {
            p.set_aliases(sh.parser_aliases());
            let parsed = p.parse_next();
            sh.parse_warnings(&mut p);
            match parsed {
                Ok(Some(list)) => {
                    consumed = p.offset();
                    line_base = p.line();
                    if !sh.opts.noexec {
                        status = sh.run_list(&list)?;
                    }
                }
                Ok(None) => {
                    if at_eof {
                        return Ok(status);
                    }
                    line_base = p.line();
                    break;
                }
                Err(e) if e.eof && !at_eof => {
                    // An unfinished construct: parse it again once more input has arrived.
                    pending = p.source()[consumed..].to_vec();
                    break;
                }
                Err(e) => {
                    sh.syntax_error(&e);
                    sh.last_status = 2;
                    if !sh.opts.interactive {
                        return Err(Flow::Exit(2));
                    }
                    // Interactive: the bad command is dropped and the next line read.
                    status = 2;
                    line_base = p.line();
                    break;
                }
            }
        }
    }
}

/// The prompt before a line of an interactive shell: `PS1` (default `\s-\v\$ `) for a new
/// command, `PS2` (default `> `) for a continued one, with bash's escapes `\u` (user), `\h`
/// and `\H` (host), `\w` and `\W` (working directory, `~` for home), `\s` (shell), `\v`
/// (version), `\$` and `\\`.
fn prompt(sh: &Shell, continued: bool) -> Vec<u8> {
    let (name, default): (&[u8], &[u8]) = if continued { (b"PS2", b"> ") } else { (b"PS1", b"\\s-\\v\\$ ") };
    let template = sh.vars.get(name).unwrap_or(default).to_vec();
    let var = |n: &[u8]| sh.vars.get(n).unwrap_or(b"").to_vec();
    let mut out = Vec::with_capacity(template.len());
    let mut i = 0;
    while i < template.len() {
        if template[i] != b'\\' || i + 1 == template.len() {
            out.push(template[i]);
            i += 1;
            continue;
        }
        match template[i + 1] {
            b'u' => out.extend(var(b"USER")),
            b'h' | b'H' => out.extend_from_slice(b"burrow"),
            b's' => out.extend_from_slice(b"sh"),
            b'v' => out.extend_from_slice(b"5.2"),
            // The VM's user is never root.
            b'$' => out.push(b'$'),
            b'\\' => out.push(b'\\'),
            c @ (b'w' | b'W') => {
                let pwd = var(b"PWD");
                let home = var(b"HOME");
                let shown = if !home.is_empty() && pwd.starts_with(&home) && (pwd.len() == home.len() || pwd[home.len()] == b'/') {
                    [b"~".as_slice(), &pwd[home.len()..]].concat()
                } else {
                    pwd
                };
                if c == b'W' && shown != b"/" {
                    out.extend(shown.rsplit(|&b| b == b'/').next().unwrap_or(&shown).to_vec());
                } else {
                    out.extend(shown);
                }
            }
            other => out.extend_from_slice(&[b'\\', other]),
        }
        i += 2;
    }
    out
}

/// Reads one line (with its newline) from `fd` a byte at a time, so nothing past it is consumed;
/// empty at the end of the input.
fn read_line(fd: u32) -> std::io::Result<Vec<u8>> {
    let mut line = Vec::new();
    let mut b = [0u8; 1];
    loop {
        match sys::read(fd, &mut b) {
            Ok(0) => return Ok(line),
            Ok(_) => {
                line.push(b[0]);
                if b[0] == b'\n' {
                    return Ok(line);
                }
            }
            Err(e) if e.raw_os_error() == Some(sys::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}
