//! Starting processes: external commands (spawned directly, with their descriptor plan),
//! subshells (a new process of this shell: `/bin/sh --burrow-sub STATE`), pipelines,
//! background jobs and command substitution, and the 126/127 error reporting.

use burrow_guest::SpawnRequest;

use crate::ast::*;
use crate::builtins::{self, Builtin};
use crate::exec::Target;
use crate::redir::{FdPlan, Source};
use crate::shell::{Flow, Res, Shell, SAVE_FD_BASE};
use crate::subshell;
use crate::sys;
use crate::unparse;
use crate::vars::Value;

/// The shell's own program, which runs subshells.
pub const SHELL_PATH: &[u8] = b"/bin/sh";

/// How a stage of a pipeline (or a background command) is started.
enum Prepared {
    /// An external program, expanded.
    External { argv: Vec<Vec<u8>>, env: Vec<Vec<u8>>, redirects: Vec<Redirect> },
    /// Shell code for a subshell process.
    Shell(Vec<u8>),
}

impl Shell {
    /// Subshell code from [`unparse::list_for_subshell`]: the subshell starts at its line.
    fn shell_code(&mut self, (code, line): (Vec<u8>, Option<u32>)) -> Prepared {
        if let Some(line) = line {
            self.lineno = line;
        }
        Prepared::Shell(code)
    }

    /// Runs an external command in the foreground.
    pub fn run_external(&mut self, argv: Vec<Vec<u8>>, assigns: &[Assign], redirects: &[Redirect]) -> Res {
        let env = self.child_env(assigns)?;
        let mut plan = FdPlan::default();
        if let Err(s) = self.plan_redirects(redirects, &mut plan) {
            plan.close_temps();
            return Ok(s);
        }
        let r = self.spawn_program(&argv, env, &plan);
        plan.close_temps();
        match r {
            Ok(pid) => Ok(self.wait_pid(pid)),
            Err(status) => Ok(status),
        }
    }

    /// Spawns `argv` with `env` and the descriptor plan; `Err(status)` after a message.
    pub fn spawn_program(&mut self, argv: &[Vec<u8>], env: Vec<Vec<u8>>, plan: &FdPlan) -> Result<u32, i32> {
        let name = argv[0].clone();
        let (fds, closed) = plan.pairs();
        let req = SpawnRequest { path: name.clone(), argv: argv.to_vec(), env, cwd: Vec::new(), fds, pgid: None };
        match self.spawn_closing(&req, &closed) {
            Ok(pid) => Ok(pid),
            Err(e) => Err(self.spawn_failed(&name, argv, &req, &closed, e)),
        }
    }

    /// Spawns, with the child descriptors in `closed` closed (marked close-on-spawn in the
    /// shell for the moment of the spawn).
    fn spawn_closing(&mut self, req: &SpawnRequest, closed: &[u32]) -> std::io::Result<u32> {
        let mut marked = Vec::new();
        for &fd in closed {
            let rfd = crate::redir::real_fd(fd);
            if rfd == fd && sys::is_open(fd) && burrow_guest::set_cloexec(fd, true).is_ok() {
                marked.push(fd);
            }
        }
        let r = burrow_guest::spawn(req);
        for fd in marked {
            let _ = burrow_guest::set_cloexec(fd, false);
        }
        r
    }

    /// Reports a failed spawn like bash; returns the status (126 or 127). A text file that
    /// is not a program runs as a shell script.
    fn spawn_failed(
        &mut self,
        name: &[u8],
        argv: &[Vec<u8>],
        req: &SpawnRequest,
        closed: &[u32],
        e: std::io::Error,
    ) -> i32 {
        let n = String::from_utf8_lossy(name).into_owned();
        // The message goes where the command's stderr would have gone.
        let err_fd = match req.fds.iter().find(|(child, _)| *child == 2) {
            Some(&(_, parent)) => Some(parent),
            None if closed.contains(&2) => None,
            None => Some(2),
        };
        let has_slash = name.contains(&b'/');
        match e.raw_os_error() {
            Some(44) => {
                if has_slash {
                    // Exists, so the #! interpreter is missing.
                    if let Ok(head) = read_head(name) {
                        if let Some(interp) = shebang(&head) {
                            self.error_to(err_fd, format!(
                                "{n}: {}: bad interpreter: No such file or directory",
                                String::from_utf8_lossy(&interp)
                            ));
                            return 126;
                        }
                    }
                    self.error_to(err_fd, format!("{n}: No such file or directory"));
                } else {
                    self.error_to(err_fd, format!("{n}: command not found"));
                }
                127
            }
            Some(2) | Some(76) => {
                let path = if has_slash { Some(name.to_vec()) } else { self.search_path(name) };
                if path.as_deref().is_some_and(|p| std::fs::metadata(sys::path_of(p)).is_ok_and(|m| m.is_dir())) {
                    self.error_to(err_fd, format!("{n}: Is a directory"));
                } else {
                    self.error_to(err_fd, format!("{n}: Permission denied"));
                }
                126
            }
            Some(45) => {
                // Not a module: a script without #! runs in a new shell.
                let path = if has_slash { Some(name.to_vec()) } else { self.search_path(name) };
                if let Some(path) = path {
                    if let Ok(head) = read_head(&path) {
                        if !head.contains(&0) {
                            let mut sargv = vec![b"sh".to_vec(), path];
                            sargv.extend(argv[1..].iter().cloned());
                            let sreq = SpawnRequest { path: SHELL_PATH.to_vec(), argv: sargv, ..req.clone() };
                            if let Ok(pid) = self.spawn_closing(&sreq, closed) {
                                return self.wait_pid(pid);
                            }
                        }
                    }
                }
                self.error_to(err_fd, format!("{n}: cannot execute binary file: Exec format error"));
                126
            }
            Some(n2) => {
                self.error_to(err_fd, format!("{n}: {}", sys::strerror(n2)));
                126
            }
            None => {
                self.error_to(err_fd, format!("{n}: {e}"));
                126
            }
        }
    }

    /// Finds `name` in `$PATH` (a file that exists).
    pub fn search_path(&mut self, name: &[u8]) -> Option<Vec<u8>> {
        self.path_candidates(name).into_iter().find(|p| is_file(p))
    }

    /// Every file named `name` in the directories of `$PATH`, in order.
    pub fn search_path_all(&mut self, name: &[u8]) -> Vec<Vec<u8>> {
        self.path_candidates(name).into_iter().filter(|p| is_file(p)).collect()
    }

    /// `DIR/name` for each directory of `$PATH`.
    fn path_candidates(&mut self, name: &[u8]) -> Vec<Vec<u8>> {
        let path = self.get_var(b"PATH").unwrap_or_else(|| b"/usr/local/bin:/usr/bin:/bin".to_vec());
        path.split(|&c| c == b':')
            .map(|dir| {
                let mut p = if dir.is_empty() { b".".to_vec() } else { dir.to_vec() };
                p.push(b'/');
                p.extend_from_slice(name);
                p
            })
            .collect()
    }

    // ---- subshells ----

    /// Spawns a subshell running `code` with the descriptor plan.
    pub fn spawn_subshell(&mut self, code: &[u8], plan: &FdPlan) -> Result<u32, i32> {
        let blob = subshell::encode(self, code);
        let (fds, closed) = plan.pairs();
        let req = SpawnRequest {
            path: SHELL_PATH.to_vec(),
            argv: vec![b"sh".to_vec(), subshell::FLAG.to_vec(), blob],
            env: Vec::new(),
            cwd: Vec::new(),
            fds,
            pgid: None,
        };
        match self.spawn_closing(&req, &closed) {
            Ok(pid) => Ok(pid),
            Err(e) => {
                self.error(format!("fork: {}", e.raw_os_error().map(sys::strerror).unwrap_or("failed")));
                Err(if e.raw_os_error() == Some(6) { 254 } else { 126 })
            }
        }
    }

    /// Runs `( ... )` (with its redirections) in a subshell process and waits.
    pub fn run_subshell_command(&mut self, c: &Command) -> Res {
        let Command::Compound(cc, redirects) = c else { return Ok(0) };
        let mut plan = FdPlan::default();
        if let Err(s) = self.plan_redirects(redirects, &mut plan) {
            plan.close_temps();
            return Ok(s);
        }
        let (code, line) = match &**cc {
            CompoundCommand::Subshell(body) => unparse::list_for_subshell(body),
            other => unparse::command_for_subshell(&Command::Compound(Box::new(other.clone()), Vec::new())),
        };
        self.lineno = line.unwrap_or(self.lineno);
        let r = self.spawn_subshell(&code, &plan);
        plan.close_temps();
        match r {
            Ok(pid) => Ok(self.wait_pid(pid)),
            Err(s) => Ok(s),
        }
    }

    /// Decides how to start `cmd` in another process: external programs directly (their
    /// words expanded here), everything else as subshell code.
    fn prepare(&mut self, cmd: &Command) -> Result<Prepared, Flow> {
        let Command::Simple(s) = cmd else { return Ok(self.shell_code(unparse::command_for_subshell(cmd))) };
        if s.words.is_empty() {
            return Ok(self.shell_code(unparse::command_for_subshell(cmd)));
        }
        // A literal name that is a function or builtin: the subshell expands everything.
        if let Some(name) = s.words[0].as_lit() {
            if self.functions.contains_key(name) || builtins::lookup(name).is_some() {
                return Ok(self.shell_code(unparse::command_for_subshell(cmd)));
            }
        }
        self.lineno = s.line;
        self.decl_arrays.clear();
        let argv = self.expand_command_words(s)?;
        if argv.is_empty() {
            let code = synthesize(s, &[], &[]);
            return Ok(Prepared::Shell(code));
        }
        match self.resolve(&argv[0]) {
            Target::External => {
                if self.opts.xtrace {
                    let line: Vec<u8> = argv.iter().map(|a| unparse::quote(a)).collect::<Vec<_>>().join(&b' ');
                    self.trace(&line);
                }
                let env = self.child_env(&s.assigns)?;
                Ok(Prepared::External { argv, env, redirects: s.redirects.clone() })
            }
            _ => {
                // Expanded already: pass the words quoted, the assignments expanded.
                let mut assigns = Vec::new();
                for a in &s.assigns {
                    if let AssignValue::Scalar(w) = &a.value {
                        let v = self.expand_assign_value(w)?;
                        assigns.push((a.name.clone(), a.append, v));
                    }
                }
                Ok(Prepared::Shell(synthesize(s, &argv, &assigns)))
            }
        }
    }

    /// Starts a prepared command with `plan` (stdin/stdout already set); `Err(status)` if it
    /// could not start.
    fn start_prepared(&mut self, p: Prepared, mut plan: FdPlan) -> Result<u32, i32> {
        let r = match p {
            Prepared::External { argv, env, redirects } => match self.plan_redirects(&redirects, &mut plan) {
                Ok(()) => self.spawn_program(&argv, env, &plan),
                Err(s) => Err(s),
            },
            Prepared::Shell(code) => self.spawn_subshell(&code, &plan),
        };
        plan.close_temps();
        r
    }

    /// Runs a pipeline of several commands: every stage a process, connected by pipes.
    pub fn run_multi_pipeline(&mut self, p: &Pipeline) -> Res {
        let n = p.commands.len();
        let mut pids: Vec<Result<u32, i32>> = Vec::with_capacity(n);
        let mut prev_read: Option<u32> = None;
        for (i, cmd) in p.commands.iter().enumerate() {
            let (next_read, write) = if i + 1 < n {
                match sys::pipe() {
                    Ok((r, w)) => (Some(r), Some(w)),
                    Err(e) => {
                        self.error(format!("pipe error: {}", sys::error_text(&e)));
                        if let Some(r) = prev_read {
                            sys::close(r);
                        }
                        pids.push(Err(1));
                        break;
                    }
                }
            } else {
                (None, None)
            };
            let mut plan = FdPlan::default();
            if let Some(r) = prev_read {
                plan.set(0, Source::Dup(r));
            }
            if let Some(w) = write {
                plan.set(1, Source::Dup(w));
            }
            let prepared = self.prepare(cmd);
            let started = match prepared {
                Ok(prep) => self.start_prepared(prep, plan),
                Err(Flow::Exit(s)) => Err(s),
                Err(_) => Err(1),
            };
            if let Some(r) = prev_read {
                sys::close(r);
            }
            if let Some(w) = write {
                sys::close(w);
            }
            prev_read = next_read;
            pids.push(started);
        }
        let mut statuses = Vec::with_capacity(n);
        for p in pids {
            statuses.push(match p {
                Ok(pid) => self.wait_pid(pid),
                Err(s) => s,
            });
        }
        let status = if self.opts.pipefail {
            statuses.iter().rev().copied().find(|&s| s != 0).unwrap_or(0)
        } else {
            statuses.last().copied().unwrap_or(0)
        };
        let m = statuses.iter().enumerate().map(|(i, s)| (i as i64, s.to_string().into_bytes())).collect();
        let _ = self.vars.set_value(b"PIPESTATUS", Value::Indexed(m));
        Ok(status)
    }

    /// Starts an and-or list in the background (stdin `/dev/null`); sets `$!`.
    pub fn run_background(&mut self, a: &AndOr) -> Result<(), Flow> {
        self.reap_jobs();
        let mut plan = FdPlan::default();
        if let Ok(null) = sys::open(b"/dev/null", sys::OpenMode::Read) {
            plan.set(0, Source::Opened(null));
            plan.temps.push(null);
        }
        let single = a.rest.is_empty() && a.first.commands.len() == 1 && !a.first.bang;
        let prepared = if single {
            self.prepare(&a.first.commands[0])?
        } else {
            let list = List { items: vec![ListItem { and_or: a.clone(), background: false }] };
            self.shell_code(unparse::list_for_subshell(&list))
        };
        match self.start_prepared(prepared, plan) {
            Ok(pid) => {
                self.last_bg = Some(pid);
                let id = self.jobs.iter().map(|j| j.id).max().unwrap_or(0) + 1;
                let item = ListItem { and_or: a.clone(), background: false };
                let text = unparse::list_one_line(&List { items: vec![item] });
                self.jobs.push(crate::shell::Job { id, pid, status: None, text });
            }
            Err(_) => {
                self.last_bg = None;
            }
        }
        Ok(())
    }

    /// `$(...)`: the output of `list`, trailing newlines removed. Sets `$?`.
    pub fn command_subst(&mut self, list: &List) -> Result<Vec<u8>, Flow> {
        if let Some(s) = single_simple(list) {
            // $(< file)
            if s.words.is_empty() && s.assigns.is_empty() && s.redirects.len() == 1 {
                let r = &s.redirects[0];
                if r.op == RedirOp::Read && r.fd.is_none_or(|f| f == 0) {
                    if let RedirTarget::Word(w) = &r.target {
                        let path = self.expand_single(w)?;
                        return Ok(match std::fs::read(sys::path_of(&path)) {
                            Ok(mut data) => {
                                self.set_subst_status(0);
                                strip_output(&mut data);
                                data
                            }
                            Err(e) => {
                                self.error(format!("{}: {}", String::from_utf8_lossy(&path), sys::error_text(&e)));
                                self.set_subst_status(1);
                                Vec::new()
                            }
                        });
                    }
                }
            }
            // A builtin without side effects: run it here, capturing its output.
            if s.assigns.is_empty() && s.redirects.is_empty() && !s.words.is_empty() {
                if let Some(name) = s.words[0].as_lit() {
                    if !self.functions.contains_key(name) && pure_builtin(name, s.words.get(1).and_then(|w| w.as_lit())) {
                        let saved = self.capture.replace(Vec::new());
                        let saved_status = self.subst_status;
                        // As if in a subshell process.
                        self.subshell_level += 1;
                        let r = self.run_command(&list.items[0].and_or.first.commands[0]);
                        self.subshell_level -= 1;
                        let mut out = std::mem::replace(&mut self.capture, saved).unwrap_or_default();
                        self.subst_status = saved_status;
                        let status = match r {
                            Ok(s) => s,
                            Err(Flow::Exit(s)) => s,
                            Err(_) => 0,
                        };
                        self.set_subst_status(status);
                        strip_output(&mut out);
                        return Ok(out);
                    }
                }
            }
        }
        let (r, w) = match sys::pipe() {
            Ok(p) => p,
            Err(e) => {
                self.error(format!("pipe error: {}", sys::error_text(&e)));
                return Ok(Vec::new());
            }
        };
        let mut plan = FdPlan::default();
        plan.set(1, Source::Dup(w));
        let prepared = match single_simple(list) {
            Some(s) if s.words.first().is_some_and(|w| w.as_lit().is_some()) || !s.words.is_empty() => {
                let cmd = &list.items[0].and_or.first.commands[0];
                let saved_status = self.subst_status;
                let p = self.prepare(cmd);
                self.subst_status = saved_status;
                match p {
                    Ok(p) => p,
                    Err(f) => {
                        sys::close(r);
                        sys::close(w);
                        return Err(f);
                    }
                }
            }
            _ => self.shell_code(unparse::list_for_subshell(list)),
        };
        let started = self.start_prepared(prepared, plan);
        sys::close(w);
        let mut out = Vec::new();
        let _ = sys::read_to_end(r, &mut out);
        sys::close(r);
        let status = match started {
            Ok(pid) => self.wait_pid(pid),
            Err(s) => s,
        };
        self.set_subst_status(status);
        strip_output(&mut out);
        Ok(out)
    }

    /// Starts `list` in a subshell with its stdout (`<(...)`) or stdin (`>(...)`) a pipe whose
    /// other end the shell keeps, open in the children it starts until the command ends;
    /// returns that end's path, `/dev/fd/N`. Not waited for: reaped later.
    pub fn process_subst(&mut self, output: bool, list: &List) -> Vec<u8> {
        self.reap_procsubs();
        let (r, w) = match sys::pipe() {
            Ok(p) => p,
            Err(e) => {
                self.error(format!("pipe error: {}", sys::error_text(&e)));
                return b"/dev/null".to_vec();
            }
        };
        let (keep, give) = if output { (w, r) } else { (r, w) };
        let mut plan = FdPlan::default();
        plan.set(if output { 0 } else { 1 }, Source::Dup(give));
        // Both ends are close-on-exec: the subshell gets only its own end.
        let code = self.shell_code(unparse::list_for_subshell(list));
        let started = self.start_prepared(code, plan);
        sys::close(give);
        if let Ok(pid) = started {
            self.procsub_pids.push(pid);
        }
        // Above the descriptors a user can name, and inherited by the command's children.
        let high = sys::free_fd(SAVE_FD_BASE);
        let fd = if sys::dup2(keep, high, false).is_ok() {
            sys::close(keep);
            high
        } else {
            let _ = burrow_guest::set_cloexec(keep, false);
            keep
        };
        self.procsub_fds.push(fd);
        format!("/dev/fd/{fd}").into_bytes()
    }

    /// Closes the process substitutions' pipes opened since `mark` (a length of
    /// `procsub_fds`).
    pub fn close_procsubs(&mut self, mark: usize) {
        for fd in self.procsub_fds.drain(mark..) {
            sys::close(fd);
        }
        self.reap_procsubs();
    }

    /// Reaps the process substitutions that have ended, without blocking (each is a process
    /// until then: a loop must not pile them up).
    fn reap_procsubs(&mut self) {
        self.procsub_pids.retain(|&pid| !matches!(burrow_guest::wait(pid as i32, true), Ok(Some(_)) | Err(_)));
    }

    fn set_subst_status(&mut self, status: i32) {
        self.last_status = status;
        self.subst_status = Some(status);
    }
}

/// The single simple command a list consists of, if so.
fn single_simple(list: &List) -> Option<&SimpleCommand> {
    match list.items.as_slice() {
        [item] if !item.background && item.and_or.rest.is_empty() && !item.and_or.first.bang => {
            match item.and_or.first.commands.as_slice() {
                [Command::Simple(s)] => Some(s),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Builtins whose only effect is their output (safe to run in-process for `$(...)`).
fn pure_builtin(name: &[u8], first_arg: Option<&[u8]>) -> bool {
    match name {
        b"echo" | b"pwd" | b"true" | b"false" | b":" | b"test" | b"[" | b"type" => true,
        b"printf" => first_arg != Some(b"-v"),
        b"command" => matches!(first_arg, Some(b"-v" | b"-V")),
        _ => false,
    }
}

/// Source for a simple command whose words and assignments are already expanded.
fn synthesize(s: &SimpleCommand, argv: &[Vec<u8>], assigns: &[(Vec<u8>, bool, Vec<u8>)]) -> Vec<u8> {
    let cmd = SimpleCommand {
        assigns: assigns
            .iter()
            .map(|(n, append, v)| Assign {
                name: n.clone(),
                index: None,
                append: *append,
                value: AssignValue::Scalar(Word::quoted(v)),
            })
            .collect(),
        words: argv.iter().map(|a| Word::quoted(a)).collect(),
        redirects: s.redirects.clone(),
        line: s.line,
    };
    if argv.is_empty() {
        return unparse::command(&Command::Simple(s.clone()));
    }
    unparse::command(&Command::Simple(cmd))
}

/// Removes trailing newlines and NUL bytes from command substitution output.
fn strip_output(out: &mut Vec<u8>) {
    while out.last() == Some(&b'\n') {
        out.pop();
    }
    if out.contains(&0) {
        out.retain(|&c| c != 0);
    }
}

/// The first bytes of a file.
fn read_head(path: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(sys::path_of(path))?;
    let mut buf = vec![0u8; 256];
    let n = f.read(&mut buf)?;
    buf.truncate(n);
    Ok(buf)
}

/// The interpreter of a `#!` line.
fn shebang(head: &[u8]) -> Option<Vec<u8>> {
    let line = head.strip_prefix(b"#!")?;
    let line = &line[..line.iter().position(|&c| c == b'\n').unwrap_or(line.len())];
    let t = line.trim_ascii();
    let end = t.iter().position(|c| c.is_ascii_whitespace()).unwrap_or(t.len());
    (end > 0).then(|| t[..end].to_vec())
}

/// Keeps the builtin module's `Builtin` reachable for documentation links.
#[allow(dead_code)]
fn _builtin_type(_: Builtin) {}

/// Whether `path` names a regular file (following symlinks).
fn is_file(path: &[u8]) -> bool {
    std::fs::metadata(sys::path_of(path)).is_ok_and(|m| m.is_file())
}
