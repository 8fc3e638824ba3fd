//! The interpreter's state ([`Shell`]), control flow ([`Flow`]), messages, exit, traps and
//! signal polling, and child waiting.

use std::rc::Rc;

use crate::ast::FunctionDef;
use crate::parser::{Aliases, Parser};
use crate::signals;
use crate::sys;
use crate::vars::{Map, Vars};

/// Non-local control flow, carried in the `Err` side of [`Res`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// `break n` (levels left).
    Break(usize),
    /// `continue n`.
    Continue(usize),
    /// `return status`.
    Return(i32),
    /// `exit status` (or a fatal error): unwinds to the top, which exits.
    Exit(i32),
}

/// A command's exit status, or control flow leaving it.
pub type Res = Result<i32, Flow>;

/// `set` options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub errexit: bool,
    pub nounset: bool,
    pub xtrace: bool,
    pub pipefail: bool,
    pub noglob: bool,
    pub noclobber: bool,
    pub allexport: bool,
    pub verbose: bool,
    pub noexec: bool,
    pub nullglob: bool,
    pub failglob: bool,
    pub dotglob: bool,
    pub nocasematch: bool,
    pub extglob: bool,
    /// `shopt expand_aliases`: on when the shell runs as `sh` (bash's POSIX mode), off for
    /// `bash`, as in a non-interactive bash.
    pub expand_aliases: bool,
    /// The shell runs a `-c` command (`c` in `$-`).
    pub command_string: bool,
    /// `shopt globstar`: `**` matches any number of directories.
    pub globstar: bool,
    /// `-i`: prompts (`PS1`, `PS2`) on stderr before each line read from stdin, and a syntax
    /// error drops the command instead of ending the shell (`i` in `$-`).
    pub interactive: bool,
    /// `set -E`: the `ERR` trap is run inside functions, command substitutions and subshells
    /// too (without it, not in functions).
    pub errtrace: bool,
}

impl Options {
    /// The single-letter flags that are on, in `$-` order.
    pub fn letters(&self) -> String {
        let mut s = String::new();
        if self.allexport {
            s.push('a');
        }
        if self.errexit {
            s.push('e');
        }
        if self.noglob {
            s.push('f');
        }
        s.push('h');
        if self.noexec {
            s.push('n');
        }
        if self.nounset {
            s.push('u');
        }
        if self.verbose {
            s.push('v');
        }
        if self.xtrace {
            s.push('x');
        }
        s.push('B');
        if self.noclobber {
            s.push('C');
        }
        if self.errtrace {
            s.push('E');
        }
        if self.interactive {
            s.push('i');
        }
        if self.command_string {
            s.push('c');
        }
        s
    }

    /// Sets option `name` (long form); false if unknown.
    pub fn set_long(&mut self, name: &[u8], on: bool) -> bool {
        match name {
            b"errexit" => self.errexit = on,
            b"nounset" => self.nounset = on,
            b"xtrace" => self.xtrace = on,
            b"pipefail" => self.pipefail = on,
            b"noglob" => self.noglob = on,
            b"noclobber" => self.noclobber = on,
            b"allexport" => self.allexport = on,
            b"verbose" => self.verbose = on,
            b"noexec" => self.noexec = on,
            b"errtrace" => self.errtrace = on,
            // Accepted and ignored.
            b"monitor" | b"hashall" | b"posix" | b"braceexpand" | b"interactive-comments" | b"emacs" | b"vi"
            | b"notify" | b"ignoreeof" | b"nolog" | b"physical" | b"privileged" | b"functrace"
            | b"histexpand" | b"history" | b"keyword" | b"onecmd" => {}
            _ => return false,
        }
        true
    }

    /// Sets option letter `c`; false if unknown.
    pub fn set_letter(&mut self, c: u8, on: bool) -> bool {
        match c {
            b'e' => self.errexit = on,
            b'u' => self.nounset = on,
            b'x' => self.xtrace = on,
            b'f' => self.noglob = on,
            b'C' => self.noclobber = on,
            b'a' => self.allexport = on,
            b'v' => self.verbose = on,
            b'n' => self.noexec = on,
            b'E' => self.errtrace = on,
            b'h' | b'm' | b'B' | b'H' | b'b' | b'k' | b'p' | b'P' | b't' | b'T' => {}
            _ => return false,
        }
        true
    }

    /// `(name, on)` for `set -o` listing.
    pub fn long_list(&self) -> Vec<(&'static str, bool)> {
        vec![
            ("allexport", self.allexport),
            ("errexit", self.errexit),
            ("errtrace", self.errtrace),
            ("noclobber", self.noclobber),
            ("noexec", self.noexec),
            ("noglob", self.noglob),
            ("nounset", self.nounset),
            ("pipefail", self.pipefail),
            ("verbose", self.verbose),
            ("xtrace", self.xtrace),
        ]
    }
}

/// A function: parsed, or source text from a parent shell parsed on first use.
#[derive(Clone)]
pub enum Func {
    Parsed(Rc<FunctionDef>),
    Source(Rc<[u8]>),
}

/// A background job.
#[derive(Clone, Debug)]
pub struct Job {
    /// Its number (`%N`): one more than the highest in use when it started, as in bash.
    pub id: u32,
    pub pid: u32,
    /// Exit status once reaped.
    pub status: Option<i32>,
    /// The command, as `jobs` shows it.
    pub text: Vec<u8>,
}

/// How messages are prefixed (`NAME: line N: ...`, as a non-interactive bash does).
#[derive(Clone, Debug)]
pub struct Origin {
    /// `sh`, `$0`, or the script's name.
    pub name: Vec<u8>,
}

/// The interpreter.
pub struct Shell {
    pub vars: Vars,
    pub functions: Map<Func>,
    pub aliases: Rc<Aliases>,
    pub positional: Vec<Vec<u8>>,
    pub arg0: Vec<u8>,
    pub opts: Options,
    pub last_status: i32,
    pub last_bg: Option<u32>,
    /// `$$` (inherited by subshells).
    pub shell_pid: Option<u32>,
    /// Trap actions per slot (`None`: default; empty: ignore).
    pub traps: Vec<Option<Vec<u8>>>,
    /// Any trap or internally caught signal is set: poll `sigpending`.
    pub traps_active: bool,
    /// Signals collected but not handled yet (bit `n-1`).
    pub pending_signals: u64,
    pub jobs: Vec<Job>,
    /// The shell's ends of the pipes of process substitutions in the command running now,
    /// closed when it ends.
    pub procsub_fds: Vec<u32>,
    /// Process substitutions not reaped yet.
    pub procsub_pids: Vec<u32>,
    pub origin: Origin,
    pub lineno: u32,
    pub loop_depth: usize,
    pub func_depth: usize,
    pub source_depth: usize,
    /// > 0 inside contexts where `set -e` is ignored (conditions, `&&`/`||` left sides, `!`).
    pub errexit_suppressed: usize,
    /// This process is a subshell (`--burrow-sub`).
    pub is_subshell: bool,
    /// How deep in subshells the shell runs (`BASH_SUBSHELL`).
    pub subshell_level: u32,
    /// Running the EXIT trap (do not run it again).
    pub exiting: bool,
    /// Builtin output goes here instead of fd 1 (in-process command substitution).
    pub capture: Option<Vec<u8>>,
    /// Where the user's descriptor 3 lives (fd 3 is the WASI preopen of `/`).
    pub fd3: Option<u32>,
    /// `getopts`: position inside the current argument.
    pub getopts_pos: usize,
    pub start_ms: u128,
    pub random: u32,
    /// Status of the last command substitution in the current command (assignment-only
    /// commands report it).
    pub subst_status: Option<i32>,
    /// What syntax errors name between the shell's name and the line: `-c` for a `-c`
    /// command, empty for a script, a sourced file or stdin.
    pub source_name: Vec<u8>,
    /// Array literals of the current command's `declare`/`local` arguments, referred to from
    /// the argument text by index (see `builtins::declare`).
    pub decl_arrays: Vec<Vec<crate::ast::Word>>,
    /// `pushd`/`popd`'s directory stack (the current directory is not on it).
    pub dir_stack: Vec<Vec<u8>>,
    /// `OPTIND` as `getopts` last set it: a reset to 1 by the user restarts the scan.
    pub getopts_last_optind: usize,
    /// Names of the functions being run, innermost last (`FUNCNAME`).
    pub func_names: Vec<Vec<u8>>,
    /// The shell runs a script (not a `-c` command): `FUNCNAME` ends with `main`.
    pub main_frame: bool,
}

/// Descriptor the user's fd 3 is moved to.
pub const VIRTUAL_FD3: u32 = 63;
/// Lowest descriptor the shell uses for its own saved copies.
pub const SAVE_FD_BASE: u32 = 100;

impl Shell {
    /// A shell with the process environment imported.
    pub fn new() -> Shell {
        let mut vars = Vars::default();
        for (k, v) in std::env::vars_os() {
            let k = sys::os_bytes(&k).to_vec();
            if !crate::parser::is_name(&k) {
                continue;
            }
            let _ = vars.set(&k, sys::os_bytes(&v).to_vec());
            vars.export(&k, true);
        }
        let mut sh = Shell {
            vars,
            functions: Map::default(),
            aliases: Rc::new(Aliases::new()),
            positional: Vec::new(),
            arg0: b"sh".to_vec(),
            opts: Options::default(),
            last_status: 0,
            last_bg: None,
            shell_pid: None,
            traps: vec![None; signals::SLOTS],
            traps_active: false,
            pending_signals: 0,
            jobs: Vec::new(),
            procsub_fds: Vec::new(),
            procsub_pids: Vec::new(),
            origin: Origin { name: b"sh".to_vec() },
            lineno: 0,
            loop_depth: 0,
            func_depth: 0,
            source_depth: 0,
            errexit_suppressed: 0,
            is_subshell: false,
            subshell_level: 0,
            exiting: false,
            capture: None,
            fd3: None,
            getopts_pos: 0,
            start_ms: sys::now_ms(),
            random: 0,
            subst_status: None,
            source_name: b"-c".to_vec(),
            decl_arrays: Vec::new(),
            dir_stack: Vec::new(),
            getopts_last_optind: 1,
            func_names: Vec::new(),
            main_frame: false,
        };
        if !sh.vars.is_set(b"IFS") {
            let _ = sh.vars.set(b"IFS", b" \t\n".to_vec());
        }
        if !sh.vars.is_set(b"PS4") {
            let _ = sh.vars.set(b"PS4", b"+ ".to_vec());
        }
        if !sh.vars.is_set(b"OPTIND") {
            let _ = sh.vars.set(b"OPTIND", b"1".to_vec());
        }
        let _ = sh.vars.set(b"BASH_VERSION", b"5.2.15(1)-release".to_vec());
        sh
    }

    /// `FUNCNAME`: the functions being run, innermost first (unset outside functions).
    pub fn funcname(&self) -> Option<Vec<Vec<u8>>> {
        if self.func_names.is_empty() {
            return None;
        }
        let mut names: Vec<Vec<u8>> = self.func_names.iter().rev().cloned().collect();
        if self.main_frame {
            names.push(b"main".to_vec());
        }
        Some(names)
    }

    /// The aliases the parser expands (none unless `expand_aliases` is on).
    pub fn parser_aliases(&self) -> Option<Rc<Aliases>> {
        self.opts.expand_aliases.then(|| self.aliases.clone())
    }

    /// `$$`.
    pub fn pid(&mut self) -> u32 {
        if let Some(p) = self.shell_pid {
            return p;
        }
        let p = burrow_guest::getpid().unwrap_or(1);
        self.shell_pid = Some(p);
        p
    }

    // ---- messages ----

    /// The prefix of messages: `sh: line N: ` or `script: line N: `.
    pub fn prefix(&self) -> Vec<u8> {
        let mut p = self.origin.name.clone();
        p.extend_from_slice(format!(": line {}: ", self.lineno).as_bytes());
        p
    }

    /// Writes `prefix: msg` and a newline to stderr.
    pub fn error(&self, msg: impl AsRef<[u8]>) {
        let mut line = self.prefix();
        line.extend_from_slice(msg.as_ref());
        line.push(b'\n');
        let _ = sys::write_all(2, &line);
    }

    /// Writes `prefix: msg` and a newline to descriptor `fd` (`None`: a closed stderr).
    pub fn error_to(&self, fd: Option<u32>, msg: impl AsRef<[u8]>) {
        let Some(fd) = fd else { return };
        let mut line = self.prefix();
        line.extend_from_slice(msg.as_ref());
        line.push(b'\n');
        let _ = sys::write_all(fd, &line);
    }

    /// Reports the parser's warnings (`NAME: line N: warning: ...`).
    pub fn parse_warnings(&self, p: &mut Parser) {
        for (line, msg) in p.take_warnings() {
            let mut text = self.origin.name.clone();
            text.extend_from_slice(format!(": line {line}: warning: {msg}\n").as_bytes());
            let _ = sys::write_all(2, &text);
        }
    }

    /// A syntax error message (bash's form: `sh: -c: line 1: syntax error ...` for a `-c`
    /// command, `script: line 1: ...` for a script or `sh: line 1: ...` for stdin).
    pub fn syntax_error(&self, e: &crate::parser::ParseError) {
        self.syntax_error_in(&self.source_name, e);
    }

    /// A syntax error in text labelled `label` (`-c`, `eval`, `trap`; empty: no label).
    pub fn syntax_error_in(&self, label: &[u8], e: &crate::parser::ParseError) {
        let mut line = self.origin.name.clone();
        if !label.is_empty() {
            line.extend_from_slice(b": ");
            line.extend_from_slice(label);
        }
        let prefix = line.clone();
        line.extend_from_slice(format!(": line {}: {}\n", e.line, e.msg).as_bytes());
        if let Some(context) = &e.context {
            line.extend_from_slice(&prefix);
            line.extend_from_slice(format!(": line {}: `", e.line).as_bytes());
            line.extend_from_slice(context);
            line.extend_from_slice(b"'\n");
        }
        let _ = sys::write_all(2, &line);
    }

    /// Writes builtin output to stdout (or the capture buffer).
    pub fn out(&mut self, data: &[u8]) -> std::io::Result<()> {
        if let Some(buf) = &mut self.capture {
            buf.extend_from_slice(data);
            return Ok(());
        }
        sys::write_all(1, data)
    }

    /// Writes builtin output, reporting a failure as `name: write error: ...`; returns the
    /// status (0 or 1).
    pub fn out_status(&mut self, name: &str, data: &[u8]) -> i32 {
        match self.out(data) {
            Ok(()) => 0,
            Err(e) => {
                self.error(format!("{name}: write error: {}", sys::error_text(&e)));
                1
            }
        }
    }

    // ---- exit and traps ----

    /// Exits the process with `status`, running the EXIT trap first.
    pub fn exit(&mut self, status: i32) -> ! {
        let status = self.run_exit_trap(status);
        std::process::exit(status & 0xff)
    }

    /// Runs the EXIT trap (once); returns the status to exit with.
    pub fn run_exit_trap(&mut self, status: i32) -> i32 {
        if self.exiting {
            return status;
        }
        self.exiting = true;
        if let Some(action) = self.traps[signals::EXIT].take() {
            if !action.is_empty() {
                self.last_status = status;
                match self.eval_text(&action, b"trap") {
                    Err(Flow::Exit(s)) => return s,
                    _ => return status,
                }
            }
        }
        status
    }

    /// Parses and runs `text` (eval, traps).
    pub fn eval_text(&mut self, text: &[u8], what: &[u8]) -> Res {
        let mut p = Parser::input(text.to_vec(), self.lineno.max(1));
        let mut status = 0;
        loop {
            p.set_aliases(self.parser_aliases());
            let parsed = p.parse_next();
            self.parse_warnings(&mut p);
            match parsed {
                Ok(Some(list)) => status = self.run_list(&list)?,
                Ok(None) => break,
                Err(e) => {
                    self.syntax_error_in(what, &e);
                    self.last_status = 2;
                    return Ok(2);
                }
            }
        }
        Ok(status)
    }

    /// Collects caught signals from the kernel into `pending_signals`.
    pub fn collect_signals(&mut self) {
        if let Ok(set) = burrow_guest::sigpending() {
            self.pending_signals |= set;
        }
    }

    /// Runs the traps of signals that arrived (between commands). A signal the shell caught
    /// only to run the EXIT trap (no trap of its own) ends the shell with that signal.
    pub fn check_signals(&mut self) -> Result<(), Flow> {
        if !self.traps_active {
            return Ok(());
        }
        self.collect_signals();
        while self.pending_signals != 0 {
            let bit = self.pending_signals.trailing_zeros() as usize;
            self.pending_signals &= !(1u64 << bit);
            let sig = bit + 1;
            match self.traps.get(sig).cloned().flatten() {
                Some(action) if !action.is_empty() => {
                    let saved = self.last_status;
                    let r = self.eval_text(&action, b"trap");
                    self.last_status = saved;
                    if let Err(f @ Flow::Exit(_)) = r {
                        return Err(f);
                    }
                }
                Some(_) => {}
                None => {
                    if sig == 13 && !self.exiting {
                        // SIGPIPE caught for an in-process pipeline stage: nothing to do.
                        continue;
                    }
                    self.die_of_signal(sig);
                }
            }
        }
        Ok(())
    }

    /// Ends the shell as if killed by `sig` (after the EXIT trap).
    pub fn die_of_signal(&mut self, sig: usize) -> ! {
        self.run_exit_trap(128 + sig as i32);
        let _ = burrow_guest::sigaction(sig as u32, burrow_guest::SigAction::Default);
        let pid = self.own_pid();
        let _ = burrow_guest::kill(pid as i32, sig as u32);
        // The kill is delivered at the next system call.
        let _ = burrow_guest::sigpending();
        std::process::exit(128 + sig as i32)
    }

    /// This process's pid (not `$$`, which a subshell inherits).
    pub fn own_pid(&self) -> u32 {
        if !self.is_subshell {
            if let Some(p) = self.shell_pid {
                return p;
            }
        }
        burrow_guest::getpid().unwrap_or(0)
    }

    /// Updates the kernel's signal dispositions after a trap change: trapped signals are
    /// caught, `''` ignored, others default; with an EXIT trap, HUP, INT and TERM are caught
    /// too so the trap can run before the shell dies.
    pub fn sync_signal(&mut self, sig: usize) {
        if sig == 0 || sig > 64 || sig == 9 || sig == 19 {
            return;
        }
        let exit_trap = self.traps[signals::EXIT].as_ref().is_some_and(|a| !a.is_empty());
        let action = match &self.traps[sig] {
            Some(a) if a.is_empty() => burrow_guest::SigAction::Ignore,
            Some(_) => burrow_guest::SigAction::Catch,
            None if exit_trap && matches!(sig, 1 | 2 | 15) => burrow_guest::SigAction::Catch,
            None => burrow_guest::SigAction::Default,
        };
        let _ = burrow_guest::sigaction(sig as u32, action);
        self.traps_active = exit_trap || self.traps[1..].iter().any(|t| t.as_ref().is_some_and(|a| !a.is_empty()));
    }

    // ---- children ----

    /// Waits for `pid`; returns its shell status (`128 + signal` for a kill). Signals that
    /// interrupt the wait are collected and handled after.
    pub fn wait_pid(&mut self, pid: u32) -> i32 {
        loop {
            match burrow_guest::wait(pid as i32, false) {
                Ok(Some((_, st))) => return status_code(st),
                Ok(None) => continue,
                Err(e) if e.raw_os_error() == Some(sys::EINTR) => {
                    self.collect_signals();
                    continue;
                }
                Err(_) => return 127,
            }
        }
    }

    /// The job `%N` names (`N` a job number).
    pub fn job(&self, spec: &[u8]) -> Option<&Job> {
        let n: u32 = std::str::from_utf8(spec).ok()?.parse().ok()?;
        self.jobs.iter().find(|j| j.id == n)
    }

    /// Reaps finished background jobs and process substitutions without blocking.
    pub fn reap_jobs(&mut self) {
        if self.jobs.iter().all(|j| j.status.is_some()) && self.procsub_pids.is_empty() {
            return;
        }
        while let Ok(Some((pid, st))) = burrow_guest::wait(-1, true) {
            let code = status_code(st);
            if let Some(j) = self.jobs.iter_mut().find(|j| j.pid == pid) {
                j.status = Some(code);
            }
            self.procsub_pids.retain(|&p| p != pid);
        }
    }
}

impl Default for Shell {
    fn default() -> Self {
        Shell::new()
    }
}

/// The shell status of a child's exit.
pub fn status_code(st: burrow_guest::ExitStatus) -> i32 {
    match (st.code, st.signal) {
        (Some(c), _) => c,
        (None, Some(s)) => 128 + s,
        _ => 1,
    }
}
