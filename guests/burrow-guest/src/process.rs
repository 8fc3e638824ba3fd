//! A small `std::process::Command` look-alike over `burrow.spawn` and `burrow.wait` (std's own
//! `Command` is unsupported on WASI).
//!
//! ```ignore
//! let (r, w) = burrow_guest::pipe(true, false)?;
//! let mut child = Command::new("/bin/echo").arg("hi").stdout(w).spawn()?;
//! ```
//!
//! Descriptors are plain kernel fd numbers (`u32`). The child inherits every descriptor that is
//! not close-on-spawn; `stdin`/`stdout`/`stderr`/`fd` set child descriptors after that.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::io;
use std::path::Path;

use crate::{ExitStatus, SpawnRequest};

fn bytes(s: &OsStr) -> Vec<u8> {
    #[cfg(unix)]
    use std::os::unix::ffi::OsStrExt;
    #[cfg(target_os = "wasi")]
    use std::os::wasi::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

/// A process builder.
#[derive(Clone, Debug)]
pub struct Command {
    program: OsString,
    argv: Vec<OsString>,
    env_clear: bool,
    /// `None`: removed.
    env: BTreeMap<OsString, Option<OsString>>,
    cwd: Option<OsString>,
    fds: BTreeMap<u32, u32>,
    pgid: Option<u32>,
}

impl Command {
    /// Runs `program` (a path, or a name searched in the child's `PATH`), with `argv[0]` equal to
    /// `program`, the caller's environment, working directory and inheritable descriptors.
    pub fn new(program: impl AsRef<OsStr>) -> Command {
        let program = program.as_ref().to_os_string();
        Command {
            argv: vec![program.clone()],
            program,
            env_clear: false,
            env: BTreeMap::new(),
            cwd: None,
            fds: BTreeMap::new(),
            pgid: None,
        }
    }

    /// Replaces `argv[0]`.
    pub fn arg0(&mut self, arg: impl AsRef<OsStr>) -> &mut Command {
        self.argv[0] = arg.as_ref().to_os_string();
        self
    }

    /// Appends an argument.
    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Command {
        self.argv.push(arg.as_ref().to_os_string());
        self
    }

    /// Appends arguments.
    pub fn args<I, S>(&mut self, args: I) -> &mut Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for a in args {
            self.arg(a);
        }
        self
    }

    /// Sets an environment variable.
    pub fn env(&mut self, key: impl AsRef<OsStr>, val: impl AsRef<OsStr>) -> &mut Command {
        self.env.insert(key.as_ref().to_os_string(), Some(val.as_ref().to_os_string()));
        self
    }

    /// Sets environment variables.
    pub fn envs<I, K, V>(&mut self, vars: I) -> &mut Command
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        for (k, v) in vars {
            self.env(k, v);
        }
        self
    }

    /// Removes an environment variable.
    pub fn env_remove(&mut self, key: impl AsRef<OsStr>) -> &mut Command {
        self.env.insert(key.as_ref().to_os_string(), None);
        self
    }

    /// Starts from an empty environment instead of the caller's.
    pub fn env_clear(&mut self) -> &mut Command {
        self.env_clear = true;
        self.env.clear();
        self
    }

    /// The child's working directory (default: the caller's, as the kernel knows it).
    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Command {
        self.cwd = Some(dir.as_ref().as_os_str().to_os_string());
        self
    }

    /// Child descriptor `child_fd` becomes a copy of the caller's `parent_fd`.
    pub fn fd(&mut self, child_fd: u32, parent_fd: u32) -> &mut Command {
        self.fds.insert(child_fd, parent_fd);
        self
    }

    /// The child's fd 0 becomes a copy of `fd`.
    pub fn stdin(&mut self, fd: u32) -> &mut Command {
        self.fd(0, fd)
    }

    /// The child's fd 1 becomes a copy of `fd`.
    pub fn stdout(&mut self, fd: u32) -> &mut Command {
        self.fd(1, fd)
    }

    /// The child's fd 2 becomes a copy of `fd`.
    pub fn stderr(&mut self, fd: u32) -> &mut Command {
        self.fd(2, fd)
    }

    /// Puts the child in process group `pgid` (0: a new group led by the child).
    pub fn process_group(&mut self, pgid: u32) -> &mut Command {
        self.pgid = Some(pgid);
        self
    }

    /// The spawn request this command stands for. The environment is sorted by name.
    pub fn request(&self) -> SpawnRequest {
        let mut env: BTreeMap<OsString, OsString> =
            if self.env_clear { BTreeMap::new() } else { std::env::vars_os().collect() };
        for (k, v) in &self.env {
            match v {
                Some(v) => env.insert(k.clone(), v.clone()),
                None => env.remove(k),
            };
        }
        SpawnRequest {
            path: bytes(&self.program),
            argv: self.argv.iter().map(|a| bytes(a)).collect(),
            env: env
                .iter()
                .map(|(k, v)| {
                    let mut e = bytes(k);
                    e.push(b'=');
                    e.extend_from_slice(&bytes(v));
                    e
                })
                .collect(),
            cwd: self.cwd.as_deref().map(bytes).unwrap_or_default(),
            fds: self.fds.iter().map(|(&c, &p)| (c, p)).collect(),
            pgid: self.pgid,
        }
    }

    /// Starts the child.
    pub fn spawn(&mut self) -> io::Result<Child> {
        Ok(Child { pid: crate::spawn(&self.request())? })
    }

    /// Starts the child and waits for it.
    pub fn status(&mut self) -> io::Result<ExitStatus> {
        self.spawn()?.wait()
    }
}

/// A started child.
#[derive(Debug)]
pub struct Child {
    /// Its pid.
    pub pid: u32,
}

impl Child {
    /// Its pid.
    pub fn id(&self) -> u32 {
        self.pid
    }

    /// Waits for it to end (retrying if interrupted).
    pub fn wait(&mut self) -> io::Result<ExitStatus> {
        loop {
            match crate::wait(self.pid as i32, false) {
                Ok(Some((_, status))) => return Ok(status),
                Ok(None) => continue,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Its status if it has ended, without blocking.
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        Ok(crate::wait(self.pid as i32, true)?.map(|(_, s)| s))
    }

    /// Sends it signal `sig`.
    pub fn kill(&mut self, sig: u32) -> io::Result<()> {
        crate::kill(self.pid as i32, sig)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_request() {
        let req = Command::new("/bin/x")
            .arg("a")
            .args(["b", "c"])
            .env_clear()
            .env("B", "2")
            .envs([("A", "1"), ("C", "3")])
            .env_remove("C")
            .current_dir("/tmp")
            .stdin(5)
            .stdout(6)
            .stdout(7)
            .process_group(0)
            .request();
        assert_eq!(req.path, b"/bin/x");
        assert_eq!(req.argv, [&b"/bin/x"[..], b"a", b"b", b"c"]);
        assert_eq!(req.env, [&b"A=1"[..], b"B=2"]);
        assert_eq!(req.cwd, b"/tmp");
        assert_eq!(req.fds, [(0, 5), (1, 7)]);
        assert_eq!(req.pgid, Some(0));
        assert_eq!(SpawnRequest::decode(&req.encode()), Ok(req));
    }
}
