//! Redirections: resolving them to descriptor actions, applying them to the shell itself
//! (builtins, functions, compound commands: saved and restored; `exec`: kept), or planning the
//! descriptor map of a spawned child (the shell's own table untouched).
//!
//! Descriptor 3 is the WASI preopen of `/` in every process, so the user's fd 3 lives at
//! [`VIRTUAL_FD3`] inside the shell (children cannot receive an fd 3 of their own).

use crate::ast::*;
use crate::shell::{Flow, Shell, SAVE_FD_BASE, VIRTUAL_FD3};
use crate::sys::{self, OpenMode};

/// Where a redirected descriptor comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A descriptor the redirection opened (closed once applied).
    Opened(u32),
    /// A copy of an existing descriptor (shell numbering, already translated).
    Dup(u32),
    /// Closed.
    Close,
}

/// Descriptors saved by [`Shell::redirect_inplace`]: `(fd, copy)` (`None`: it was closed).
pub struct Saved(Vec<(u32, Option<u32>)>);

/// A child's descriptors: `(child_fd, source)` in order, and descriptors to close after the
/// spawn.
#[derive(Default)]
pub struct FdPlan {
    pub map: Vec<(u32, Source)>,
    pub temps: Vec<u32>,
}

impl FdPlan {
    /// Sets child descriptor `fd`.
    pub fn set(&mut self, fd: u32, src: Source) {
        self.map.retain(|(f, _)| *f != fd);
        self.map.push((fd, src));
    }

    /// Where child descriptor `fd` currently comes from (the shell's own `fd` if unmapped).
    fn source_of(&self, fd: u32) -> Source {
        self.map.iter().find(|(f, _)| *f == fd).map(|(_, s)| *s).unwrap_or(Source::Dup(real_fd(fd)))
    }

    /// The request's `(child, parent)` pairs and the child descriptors to close.
    pub fn pairs(&self) -> (Vec<(u32, u32)>, Vec<u32>) {
        let mut pairs = Vec::new();
        let mut closed = Vec::new();
        for &(child, src) in &self.map {
            if child == 3 {
                continue;
            }
            match src {
                Source::Opened(p) | Source::Dup(p) => pairs.push((child, p)),
                Source::Close => closed.push(child),
            }
        }
        (pairs, closed)
    }

    /// Closes the descriptors opened for the child.
    pub fn close_temps(&mut self) {
        for fd in self.temps.drain(..) {
            sys::close(fd);
        }
    }
}

/// A descriptor the shell just opened for a redirection, moved above the descriptors a user
/// can name (0-9): `exec 4<>f` may open `f` as 4 itself, and the redirection would then
/// close what it installed.
fn opened(f: u32) -> Source {
    if f >= 10 {
        return Source::Opened(f);
    }
    let high = sys::free_fd(SAVE_FD_BASE);
    if sys::dup2(f, high, true).is_ok() {
        sys::close(f);
        return Source::Opened(high);
    }
    Source::Opened(f)
}

/// The shell's descriptor for the user's descriptor `fd`.
pub fn real_fd(fd: u32) -> u32 {
    if fd == 3 {
        VIRTUAL_FD3
    } else {
        fd
    }
}

impl Shell {
    /// Resolves one redirection to `(target fds, source)`; `Err(status)` after a message.
    fn resolve_redirect(&mut self, r: &Redirect) -> Result<(Vec<u32>, Source), RedirErr> {
        let default_fd = match r.op {
            RedirOp::Read | RedirOp::ReadWrite | RedirOp::DupIn | RedirOp::HereDoc | RedirOp::HereString => 0,
            _ => 1,
        };
        let fd = r.fd.unwrap_or(default_fd);
        match (&r.target, r.op) {
            (RedirTarget::HereDoc(hd), _) => {
                let body = match hd.body.get() {
                    None => Vec::new(),
                    Some(w) if hd.quoted => w.static_text().unwrap_or_default(),
                    Some(w) => self.expand_plain(w)?,
                };
                let rfd = self.content_fd(&body)?;
                Ok((vec![fd], opened(rfd)))
            }
            (RedirTarget::Word(w), RedirOp::HereString) => {
                let mut s = self.expand_single(w)?;
                s.push(b'\n');
                let rfd = self.content_fd(&s)?;
                Ok((vec![fd], opened(rfd)))
            }
            (RedirTarget::Word(w), RedirOp::DupIn | RedirOp::DupOut) => {
                let text = self.expand_single(w)?;
                if text == b"-" {
                    return Ok((vec![fd], Source::Close));
                }
                let (digits, mv) = match text.strip_suffix(b"-") {
                    Some(d) => (d, true),
                    None => (&text[..], false),
                };
                if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
                    let src: u32 = std::str::from_utf8(digits).ok().and_then(|s| s.parse().ok()).unwrap_or(u32::MAX);
                    let _ = mv;
                    return Ok((vec![fd], Source::Dup(real_fd(src))));
                }
                if r.op == RedirOp::DupOut && r.fd.is_none() {
                    // `>&file`: stdout and stderr to a file.
                    let f = self.open_redirect(&text, OpenMode::Write)?;
                    return Ok((vec![1, 2], opened(f)));
                }
                self.error(format!("{}: ambiguous redirect", String::from_utf8_lossy(&text)));
                Err(RedirErr::Status(1))
            }
            (RedirTarget::Word(w), op) => {
                let path = self.redirect_path(w)?;
                let mode = match op {
                    RedirOp::Read => OpenMode::Read,
                    RedirOp::Write | RedirOp::WriteBoth => {
                        if self.opts.noclobber {
                            OpenMode::WriteNew
                        } else {
                            OpenMode::Write
                        }
                    }
                    RedirOp::Clobber => OpenMode::Write,
                    RedirOp::Append | RedirOp::AppendBoth => OpenMode::Append,
                    _ => OpenMode::ReadWrite,
                };
                let targets = if matches!(op, RedirOp::WriteBoth | RedirOp::AppendBoth) { vec![1, 2] } else { vec![fd] };
                // /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd/N name the shell's descriptors.
                if let Some(n) = dev_fd(&path) {
                    return Ok((targets, Source::Dup(real_fd(n))));
                }
                let f = self.open_redirect(&path, mode)?;
                Ok((targets, opened(f)))
            }
        }
    }

    /// Expands a redirection's file name (it must expand to exactly one word).
    fn redirect_path(&mut self, w: &Word) -> Result<Vec<u8>, RedirErr> {
        let fields = self.expand_words(std::slice::from_ref(w))?;
        if fields.len() == 1 {
            return Ok(fields.into_iter().next().unwrap_or_default());
        }
        let text = crate::unparse::word(w);
        self.error(format!("{}: ambiguous redirect", String::from_utf8_lossy(&text)));
        Err(RedirErr::Status(1))
    }

    fn open_redirect(&mut self, path: &[u8], mode: OpenMode) -> Result<u32, RedirErr> {
        match sys::open(path, mode) {
            Ok(fd) => Ok(fd),
            Err(e) => {
                let msg = if mode == OpenMode::WriteNew && e.raw_os_error() == Some(20) {
                    "cannot overwrite existing file".to_string()
                } else {
                    sys::error_text(&e)
                };
                self.error(format!("{}: {msg}", String::from_utf8_lossy(path)));
                Err(RedirErr::Status(1))
            }
        }
    }

    /// A readable descriptor holding `content` (a pipe when it fits, else an unlinked
    /// temporary file).
    pub fn content_fd(&mut self, content: &[u8]) -> Result<u32, RedirErr> {
        if content.len() < 65536 {
            if let Ok((r, w)) = sys::pipe() {
                let ok = sys::write_all(w, content).is_ok();
                sys::close(w);
                if ok {
                    return Ok(r);
                }
                sys::close(r);
            }
        }
        let pid = self.own_pid();
        for n in 0..1000u32 {
            let path = format!("/tmp/.sh-heredoc-{pid}-{n}");
            let Ok(w) = sys::open(path.as_bytes(), OpenMode::WriteNew) else { continue };
            let ok = sys::write_all(w, content).is_ok();
            sys::close(w);
            let r = sys::open(path.as_bytes(), OpenMode::Read);
            let _ = std::fs::remove_file(&path);
            match (ok, r) {
                (true, Ok(r)) => return Ok(r),
                (_, Ok(r)) => sys::close(r),
                _ => {}
            }
            break;
        }
        self.error("cannot create temp file for here-document: No space left on device");
        Err(RedirErr::Status(1))
    }

    /// Applies redirections to the shell's own descriptors, saving what they replace.
    pub fn redirect_inplace(&mut self, rs: &[Redirect]) -> Result<Saved, i32> {
        let mut saved = Saved(Vec::new());
        if rs.is_empty() {
            return Ok(saved);
        }
        for r in rs {
            let (targets, src) = match self.resolve_redirect(r) {
                Ok(x) => x,
                Err(e) => {
                    self.restore_fds(saved);
                    return Err(match e {
                        RedirErr::Status(s) => s,
                        RedirErr::Flow(Flow::Exit(s)) => s,
                        RedirErr::Flow(_) => 1,
                    });
                }
            };
            for &t in &targets {
                let rt = real_fd(t);
                if !saved.0.iter().any(|(f, _)| *f == rt) {
                    let copy = if sys::is_open(rt) {
                        let c = sys::free_fd(SAVE_FD_BASE);
                        sys::dup2(rt, c, true).ok().map(|_| c)
                    } else {
                        None
                    };
                    saved.0.push((rt, copy));
                }
                if let Err(status) = self.apply_source(rt, src) {
                    if let Source::Opened(f) = src {
                        sys::close(f);
                    }
                    self.restore_fds(saved);
                    return Err(status);
                }
            }
            if let Source::Opened(f) = src {
                sys::close(f);
            }
        }
        Ok(saved)
    }

    /// Applies redirections to the shell for good (`exec >file`).
    pub fn redirect_permanent(&mut self, rs: &[Redirect]) -> Result<(), i32> {
        for r in rs {
            let (targets, src) = match self.resolve_redirect(r) {
                Ok(x) => x,
                Err(RedirErr::Status(s)) => return Err(s),
                Err(RedirErr::Flow(_)) => return Err(1),
            };
            for &t in &targets {
                let rt = real_fd(t);
                let r = self.apply_source(rt, src);
                if let Err(s) = r {
                    if let Source::Opened(f) = src {
                        sys::close(f);
                    }
                    return Err(s);
                }
            }
            if let Source::Opened(f) = src {
                sys::close(f);
            }
        }
        Ok(())
    }

    fn apply_source(&mut self, fd: u32, src: Source) -> Result<(), i32> {
        match src {
            Source::Opened(f) => {
                if sys::dup2(f, fd, false).is_err() {
                    self.error(format!("{fd}: Bad file descriptor"));
                    return Err(1);
                }
            }
            Source::Dup(s) => {
                if s == fd {
                    let _ = burrow_guest::set_cloexec(fd, false);
                    return Ok(());
                }
                if !sys::is_open(s) || sys::dup2(s, fd, false).is_err() {
                    self.error(format!("{}: Bad file descriptor", user_fd(s)));
                    return Err(1);
                }
            }
            Source::Close => sys::close(fd),
        }
        Ok(())
    }

    /// Puts back the descriptors [`Shell::redirect_inplace`] replaced.
    pub fn restore_fds(&mut self, saved: Saved) {
        for (fd, copy) in saved.0.into_iter().rev() {
            match copy {
                Some(c) => {
                    let _ = sys::dup2(c, fd, false);
                    sys::close(c);
                }
                None => sys::close(fd),
            }
        }
    }

    /// Adds redirections to a child's descriptor plan; `Err(status)` after a message.
    pub fn plan_redirects(&mut self, rs: &[Redirect], plan: &mut FdPlan) -> Result<(), i32> {
        for r in rs {
            let (targets, src) = match self.resolve_redirect(r) {
                Ok(x) => x,
                Err(RedirErr::Status(s)) => return Err(s),
                Err(RedirErr::Flow(_)) => return Err(1),
            };
            let src = match src {
                Source::Opened(f) => {
                    plan.temps.push(f);
                    Source::Opened(f)
                }
                Source::Dup(s) => {
                    // A copy of what the child's descriptor `s` is at this point.
                    let user = if s == VIRTUAL_FD3 { 3 } else { s };
                    let resolved = plan.source_of(user);
                    if let Source::Dup(p) = resolved {
                        if !sys::is_open(p) {
                            self.error(format!("{user}: Bad file descriptor"));
                            return Err(1);
                        }
                    }
                    resolved
                }
                Source::Close => Source::Close,
            };
            for t in targets {
                plan.set(t, src);
            }
        }
        Ok(())
    }
}

/// Why a redirection failed.
pub enum RedirErr {
    Status(i32),
    Flow(Flow),
}

impl From<Flow> for RedirErr {
    fn from(f: Flow) -> Self {
        RedirErr::Flow(f)
    }
}

fn user_fd(fd: u32) -> u32 {
    if fd == VIRTUAL_FD3 {
        3
    } else {
        fd
    }
}

/// The descriptor a `/dev/std*` or `/dev/fd/N` path names.
fn dev_fd(path: &[u8]) -> Option<u32> {
    match path {
        b"/dev/stdin" => Some(0),
        b"/dev/stdout" => Some(1),
        b"/dev/stderr" => Some(2),
        _ => {
            let n = path.strip_prefix(b"/dev/fd/")?;
            std::str::from_utf8(n).ok()?.parse().ok()
        }
    }
}
