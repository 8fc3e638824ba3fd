//! Finding the program to run: `PATH` search, permission checks and `#!` interpreters.

use crate::error::{Errno, Result};
use crate::kernel::Task;
use crate::process::Program;
use crate::vfs::mount::Location;
use crate::vfs::perm::MAY_EXEC;
use crate::vfs::FileType;

/// `PATH` used when the environment has none.
const DEFAULT_PATH: &[u8] = b"/usr/local/bin:/usr/bin:/bin";
/// Nested `#!` interpreters allowed, as Linux's binfmt_script.
const MAX_INTERPRETERS: usize = 4;
/// How much of a script's first line is read.
const SHEBANG_MAX: usize = 256;

impl Task {
    /// Resolves `path` (searching `PATH` from `env` when it has no slash) relative to `start`
    /// into a runnable [`Program`], expanding `#!` lines.
    pub(crate) fn resolve_program(
        &self,
        start: &Location,
        path: &[u8],
        argv: Vec<Vec<u8>>,
        env: Vec<Vec<u8>>,
    ) -> Result<Program> {
        let mut path = path.to_vec();
        let mut argv = argv;
        for _ in 0..=MAX_INTERPRETERS {
            let (found, location) = self.find_executable(start, &path, &env)?;
            let mut head = [0u8; SHEBANG_MAX];
            let n = location.node.read_at(0, &mut head)?;
            let Some((interp, arg)) = parse_shebang(&head[..n]) else {
                return Ok(Program { location, path: found, argv, env });
            };
            let mut new_argv = vec![interp.clone()];
            new_argv.extend(arg);
            new_argv.push(found);
            new_argv.extend(argv.into_iter().skip(1));
            argv = new_argv;
            path = interp;
        }
        Err(Errno::ELOOP.into())
    }

    fn find_executable(&self, start: &Location, path: &[u8], env: &[Vec<u8>]) -> Result<(Vec<u8>, Location)> {
        if path.is_empty() {
            return Err(Errno::ENOENT.into());
        }
        if path.contains(&b'/') {
            return Ok((path.to_vec(), self.check_executable(start, path)?));
        }
        let search = env.iter().find_map(|e| e.strip_prefix(b"PATH=")).unwrap_or(DEFAULT_PATH);
        let mut denied = false;
        for dir in search.split(|&b| b == b':') {
            let dir: &[u8] = if dir.is_empty() { b"." } else { dir };
            let mut candidate = dir.to_vec();
            candidate.push(b'/');
            candidate.extend_from_slice(path);
            match self.check_executable(start, &candidate) {
                Ok(loc) => return Ok((candidate, loc)),
                Err(e) if e == Errno::EACCES => denied = true,
                Err(_) => {}
            }
        }
        Err(if denied { Errno::EACCES } else { Errno::ENOENT }.into())
    }

    fn check_executable(&self, start: &Location, path: &[u8]) -> Result<Location> {
        let loc = self.walker().lookup(start, path, true)?;
        if loc.node.file_type() != FileType::Regular {
            return Err(Errno::EACCES.into());
        }
        self.proc.creds.check(&loc.node.stat()?, MAY_EXEC)?;
        Ok(loc)
    }
}

/// Splits a `#!interpreter [arg]` line; `None` if `head` does not start with `#!`.
fn parse_shebang(head: &[u8]) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
    let line = head.strip_prefix(b"#!")?;
    let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let trimmed: &[u8] = line.trim_ascii();
    if trimmed.is_empty() {
        return None;
    }
    let split = trimmed.iter().position(|b| b.is_ascii_whitespace());
    Some(match split {
        None => (trimmed.to_vec(), None),
        Some(i) => {
            let arg = trimmed[i..].trim_ascii();
            (trimmed[..i].to_vec(), (!arg.is_empty()).then(|| arg.to_vec()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::parse_shebang;

    #[test]
    fn shebang_lines_split_like_linux() {
        assert_eq!(parse_shebang(b"#!/bin/sh\necho"), Some((b"/bin/sh".to_vec(), None)));
        assert_eq!(
            parse_shebang(b"#! /usr/bin/env  node -x\n"),
            Some((b"/usr/bin/env".to_vec(), Some(b"node -x".to_vec())))
        );
        assert_eq!(parse_shebang(b"#!\n"), None);
        assert_eq!(parse_shebang(b"\0asm"), None);
    }
}
