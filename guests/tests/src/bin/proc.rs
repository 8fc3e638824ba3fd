//! `proc`: the rest of the `burrow` module on the calling process. Prints `pid N`, `ppid N`,
//! `pgid N` (values, for the host to compare), then checks: `dup`/`dup2` descriptors write to
//! stdout (`via dup`, `via dup2` lines), `set_cloexec`, `umask` round trip (prints `umask OLD`
//! in octal), a caught SIGUSR1 sent to itself shows in `sigpending` (bit 9) and is cleared by it,
//! an ignored one does not show, `setpgid(0, 0)` makes the caller a group leader, `getcwd`
//! equals `$PWD`. One line per check and a summary; exits 0 only if every check passed.
use std::io::Write;

use burrow_guest::signal::SIGUSR1;
use burrow_guest::SigAction;
use burrow_test_guests::{err_name, fd_file, Checks};

fn show(name: &str, r: std::io::Result<u32>) -> Option<u32> {
    match r {
        Ok(v) => {
            println!("{name} {v}");
            Some(v)
        }
        Err(e) => {
            println!("{name} {}", err_name(&e));
            None
        }
    }
}

fn main() {
    let pid = show("pid", burrow_guest::getpid());
    show("ppid", burrow_guest::getppid());
    show("pgid", burrow_guest::getpgid(0));
    let _ = std::io::stdout().flush();
    let mut c = Checks::new("proc");

    if let Some(fd) = c.ok("dup stdout", burrow_guest::dup(1)) {
        c.ok("write via dup", fd_file(fd).write_all(b"via dup\n"));
    }
    if c.ok("dup2 stdout to 20", burrow_guest::dup2(1, 20, true)).is_some() {
        c.ok("set_cloexec off", burrow_guest::set_cloexec(20, false));
        c.ok("set_cloexec on", burrow_guest::set_cloexec(20, true));
        c.ok("write via dup2", fd_file(20).write_all(b"via dup2\n"));
    }
    c.check("dup2 target closed", burrow_guest::set_cloexec(20, true).is_err(), || "fd 20 still open".into());

    if let Some(old) = c.ok("umask set", burrow_guest::umask(0o077)) {
        println!("umask {old:o}");
        c.eq("umask returns previous", burrow_guest::umask(old).ok(), Some(0o077));
    }

    c.ok("catch SIGUSR1", burrow_guest::sigaction(SIGUSR1, SigAction::Catch));
    c.ok("kill self", burrow_guest::kill(pid.unwrap_or(0) as i32, SIGUSR1));
    c.eq("sigpending has SIGUSR1", burrow_guest::sigpending().ok(), Some(1 << (SIGUSR1 - 1)));
    c.eq("sigpending cleared", burrow_guest::sigpending().ok(), Some(0));
    c.ok("ignore SIGUSR1", burrow_guest::sigaction(SIGUSR1, SigAction::Ignore));
    c.ok("kill self again", burrow_guest::kill(pid.unwrap_or(0) as i32, SIGUSR1));
    c.eq("ignored not pending", burrow_guest::sigpending().ok(), Some(0));
    c.ok("default SIGUSR1", burrow_guest::sigaction(SIGUSR1, SigAction::Default));

    c.ok("setpgid new group", burrow_guest::setpgid(0, 0));
    c.eq("group leader", burrow_guest::getpgid(0).ok(), pid);
    c.eq("getcwd equals PWD", burrow_guest::getcwd().ok().map(|p| p.into_os_string()), std::env::var_os("PWD"));
    let (r, w) = match c.ok("pipe", burrow_guest::pipe(true, true)) {
        Some(p) => p,
        None => c.finish(),
    };
    c.ok("write pipe", fd_file(w).write_all(b"x"));
    c.eq("read pipe", burrow_test_guests::read_fd_to_end(r).ok(), Some(b"x".to_vec()));
    c.finish()
}
