//! Helpers shared by the test guests: argument access, a check log with a deterministic format,
//! and error naming.
//!
//! Linking this library links `burrow-guest`, so every guest that uses it gets the start-up
//! constructor that adopts `$PWD` as wasi-libc's working directory.

use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::os::fd::FromRawFd;

pub use burrow_guest;

/// `argv[n]`, or exits with status 2 and a usage line naming `what`.
pub fn arg(n: usize, what: &str) -> OsString {
    match std::env::args_os().nth(n) {
        Some(a) => a,
        None => usage(what),
    }
}

/// `argv[n]` parsed as a number, or exits with status 2.
pub fn num_arg<T: std::str::FromStr>(n: usize, what: &str) -> Option<T> {
    let a = std::env::args_os().nth(n)?;
    match a.to_str().and_then(|s| s.parse().ok()) {
        Some(v) => Some(v),
        None => usage(what),
    }
}

/// Prints `usage: <prog> <what>` to stderr and exits with status 2.
pub fn usage(what: &str) -> ! {
    let prog = std::env::args().next().unwrap_or_default();
    eprintln!("usage: {prog} {what}");
    std::process::exit(2)
}

/// The error's errno name (`ENOENT`) or kind.
pub fn err_name(e: &io::Error) -> String {
    burrow_guest::errno::describe(e)
}

/// `ok` or the error's name, for logs.
pub fn outcome<T>(r: &io::Result<T>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => err_name(e),
    }
}

/// Wraps a raw kernel descriptor as a `File` that closes it on drop.
pub fn fd_file(fd: u32) -> std::fs::File {
    // SAFETY: the caller hands over ownership of a descriptor it just obtained.
    unsafe { std::fs::File::from_raw_fd(fd as i32) }
}

/// Reads a descriptor to its end and closes it.
pub fn read_fd_to_end(fd: u32) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    fd_file(fd).read_to_end(&mut out)?;
    Ok(out)
}

/// Closes a raw descriptor.
pub fn close_fd(fd: u32) {
    drop(fd_file(fd));
}

/// A log of checks: each prints `ok <name>` or `FAIL <name>: <detail>` on stdout; [`Checks::finish`]
/// prints a summary and exits 0 only if every check passed.
pub struct Checks {
    prog: &'static str,
    passed: usize,
    failed: usize,
}

impl Checks {
    /// An empty log for the program `prog`.
    pub fn new(prog: &'static str) -> Checks {
        Checks { prog, passed: 0, failed: 0 }
    }

    /// Records one check.
    pub fn check(&mut self, name: &str, ok: bool, detail: impl FnOnce() -> String) -> bool {
        let mut out = io::stdout().lock();
        if ok {
            self.passed += 1;
            let _ = writeln!(out, "ok {name}");
        } else {
            self.failed += 1;
            let _ = writeln!(out, "FAIL {name}: {}", detail());
        }
        ok
    }

    /// Checks that `got == want`.
    pub fn eq<T: PartialEq + std::fmt::Debug>(&mut self, name: &str, got: T, want: T) -> bool {
        let ok = got == want;
        self.check(name, ok, || format!("got {got:?}, want {want:?}"))
    }

    /// Checks that `r` succeeded; returns its value.
    pub fn ok<T>(&mut self, name: &str, r: io::Result<T>) -> Option<T> {
        match r {
            Ok(v) => {
                self.check(name, true, String::new);
                Some(v)
            }
            Err(e) => {
                self.check(name, false, || format!("error {}", err_name(&e)));
                None
            }
        }
    }

    /// Checks that `r` failed with errno `errno`.
    pub fn errno<T: std::fmt::Debug>(&mut self, name: &str, r: io::Result<T>, errno: i32) -> bool {
        let want = burrow_guest::errno::name(errno).unwrap_or("?");
        match r {
            Err(e) if e.raw_os_error() == Some(errno) => self.check(name, true, String::new),
            Err(e) => self.check(name, false, || format!("error {}, want {want}", err_name(&e))),
            Ok(v) => self.check(name, false, || format!("succeeded with {v:?}, want {want}")),
        }
    }

    /// Prints `<prog>: all N checks passed` (exit 0) or `<prog>: M of N checks failed` (exit 1).
    pub fn finish(self) -> ! {
        let total = self.passed + self.failed;
        if self.failed == 0 {
            println!("{}: all {total} checks passed", self.prog);
            std::process::exit(0)
        }
        println!("{}: {} of {total} checks failed", self.prog, self.failed);
        std::process::exit(1)
    }
}
