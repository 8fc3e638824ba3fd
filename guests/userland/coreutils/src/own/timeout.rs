//! `timeout`: runs a program and signals it when a time limit passes. uutils' crate needs
//! `fork`/`exec` and POSIX timers; this one starts the program with Burrow's `spawn` in a new
//! process group (so that the signal reaches whatever the program started, as GNU's does unless
//! `--foreground`), then polls for its end, sleeping in steps that grow to 20 ms.
//!
//! Exit statuses are GNU's: 124 when the time limit passed (unless `--preserve-status`), 125
//! when `timeout` itself fails, 126/127 when the program cannot be run or is not found, 137
//! when it had to be killed with `KILL`; otherwise the program's own status.

use std::ffi::{OsStr, OsString};
use std::io;
use std::time::{Duration, Instant};

use burrow_guest::process::{Child, Command};
use burrow_guest::signal::{self, SIGKILL, SIGTERM};
use burrow_guest::{ExitStatus, SigAction};

use super::exec::{end_like, start};
use super::quote;

const HELP: &str = "Usage: timeout [OPTION] DURATION COMMAND [ARG]...\n\
    \x20 or:  timeout [OPTION]\n\
    Start COMMAND, and kill it if still running after DURATION.\n\n\
    Mandatory arguments to long options are mandatory for short options too.\n\
    \x20     --preserve-status\n\
    \x20                same exit status as COMMAND, even when the command times out\n\
    \x20     --foreground\n\
    \x20                signal only COMMAND itself, not the programs it started\n\
    \x20 -k, --kill-after=DURATION\n\
    \x20                also send a KILL signal if COMMAND is still running\n\
    \x20                this long after the initial signal was sent\n\
    \x20 -s, --signal=SIGNAL\n\
    \x20                specify the signal to be sent on timeout;\n\
    \x20                SIGNAL may be a name like 'HUP' or a number\n\
    \x20 -v, --verbose  diagnose to stderr any signal sent upon timeout\n\
    \x20     --help        display this help and exit\n\
    \x20     --version     output version information and exit\n\n\
    DURATION is a floating point number with an optional suffix:\n\
    's' for seconds (the default), 'm' for minutes, 'h' for hours or 'd' for days.\n\
    A duration of 0 disables the associated timeout.\n\n\
    Upon timeout, send the TERM signal to COMMAND, if no other SIGNAL specified.\n\n\
    Exit status:\n\
    \x20 124  if COMMAND times out, and --preserve-status is not specified\n\
    \x20 125  if the timeout command itself fails\n\
    \x20 126  if COMMAND is found but cannot be invoked\n\
    \x20 127  if COMMAND cannot be found\n\
    \x20 137  if COMMAND (or timeout itself) is sent the KILL signal (128+9)\n\
    \x20 -    the exit status of COMMAND otherwise\n";

/// Signals sent to `timeout` itself that it passes on to the program (as GNU's does).
const FORWARDED: [u32; 4] = [signal::SIGHUP, signal::SIGINT, signal::SIGQUIT, SIGTERM];

/// A usage error: GNU's timeout exits 125 for those.
fn usage(msg: impl std::fmt::Display) -> i32 {
    super::usage_error(msg);
    125
}

/// A DURATION operand: a non-negative decimal number of seconds, or of minutes, hours or days
/// with the suffix `m`, `h` or `d`. `None` for 0 (no limit); `Err` for anything else.
fn parse_duration(s: &str) -> Result<Option<Duration>, ()> {
    let (number, unit) = match s.as_bytes().last() {
        Some(b's') => (&s[..s.len() - 1], 1.0),
        Some(b'm') => (&s[..s.len() - 1], 60.0),
        Some(b'h') => (&s[..s.len() - 1], 3600.0),
        Some(b'd') => (&s[..s.len() - 1], 86400.0),
        _ => (s, 1.0),
    };
    let plain = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let value: f64 = number.parse().ok().filter(|_| plain).ok_or(())?;
    let secs = value * unit;
    if secs == 0.0 {
        return Ok(None);
    }
    // Past what a Duration holds is as good as forever.
    Ok(Some(Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)))
}

/// What the options asked for.
struct Options {
    signal: u32,
    kill_after: Option<Duration>,
    preserve_status: bool,
    foreground: bool,
    verbose: bool,
}

pub fn main(args: std::vec::IntoIter<OsString>) -> i32 {
    let args: Vec<OsString> = args.skip(1).collect();
    let mut opts = Options { signal: SIGTERM, kill_after: None, preserve_status: false, foreground: false, verbose: false };
    let mut i = 0;
    // Options end at the first operand (getopt's "+" mode: the command's own options are its).
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        let value = |name: &str, inline: Option<&str>, i: &mut usize| -> Result<String, i32> {
            if let Some(v) = inline {
                return Ok(v.to_string());
            }
            *i += 1;
            args.get(*i).map(|v| v.to_string_lossy().into_owned()).ok_or_else(|| {
                usage(if name.len() == 1 {
                    format!("option requires an argument -- '{name}'")
                } else {
                    format!("option '--{name}' requires an argument")
                })
            })
        };
        let (signal_value, kill_value) = if a == "--" {
            i += 1;
            break;
        } else if a == "--help" {
            print!("{HELP}");
            return 0;
        } else if a == "--version" {
            return super::version("timeout");
        } else if a == "--preserve-status" {
            opts.preserve_status = true;
            (None, None)
        } else if a == "--foreground" {
            opts.foreground = true;
            (None, None)
        } else if a == "--verbose" || a == "-v" {
            opts.verbose = true;
            (None, None)
        } else if a == "--signal" || a.starts_with("--signal=") {
            match value("signal", a.strip_prefix("--signal="), &mut i) {
                Ok(v) => (Some(v), None),
                Err(code) => return code,
            }
        } else if a == "--kill-after" || a.starts_with("--kill-after=") {
            match value("kill-after", a.strip_prefix("--kill-after="), &mut i) {
                Ok(v) => (None, Some(v)),
                Err(code) => return code,
            }
        } else if let Some(rest) = a.strip_prefix("-s") {
            match value("s", Some(rest).filter(|r| !r.is_empty()), &mut i) {
                Ok(v) => (Some(v), None),
                Err(code) => return code,
            }
        } else if let Some(rest) = a.strip_prefix("-k") {
            match value("k", Some(rest).filter(|r| !r.is_empty()), &mut i) {
                Ok(v) => (None, Some(v)),
                Err(code) => return code,
            }
        } else if a.starts_with("--") {
            return usage(format!("unrecognized option '{a}'"));
        } else if a.starts_with('-') && a.len() > 1 {
            return usage(format!("invalid option -- '{}'", &a[1..2]));
        } else {
            break;
        };
        if let Some(v) = signal_value {
            match signal::parse(v.as_bytes()).filter(|&n| n > 0) {
                Some(n) => opts.signal = n as u32,
                None => {
                    super::error(format!("{}: invalid signal", quote(OsStr::new(&v))));
                    return usage_hint();
                }
            }
        }
        if let Some(v) = kill_value {
            match parse_duration(&v) {
                Ok(d) => opts.kill_after = d,
                Err(()) => return invalid_interval(&v),
            }
        }
        i += 1;
    }
    // Missing operands get only the hint, as from GNU's timeout.
    let Some(duration) = args.get(i) else {
        return usage_hint();
    };
    let duration = match parse_duration(&duration.to_string_lossy()) {
        Ok(d) => d,
        Err(()) => return invalid_interval(&duration.to_string_lossy()),
    };
    let Some(program) = args.get(i + 1) else {
        return usage_hint();
    };
    let mut cmd = Command::new(program);
    cmd.args(&args[i + 2..]);
    if !opts.foreground {
        cmd.process_group(0);
    }
    for sig in FORWARDED {
        let _ = burrow_guest::sigaction(sig, SigAction::Catch);
    }
    let child = match start(&mut cmd, program, "failed to run command ") {
        Ok(child) => child,
        Err(code) => return code,
    };
    match supervise(child, duration, &opts, program) {
        Ok((status, timed_out)) => exit_status(status, timed_out, opts.preserve_status),
        Err(e) => {
            super::error(format!("error waiting for command: {}", super::strerror(&e)));
            125
        }
    }
}

fn usage_hint() -> i32 {
    let _ = std::io::Write::write_fmt(
        &mut io::stderr(),
        format_args!("Try '{} --help' for more information.\n", uucore::execution_phrase()),
    );
    125
}

fn invalid_interval(v: &str) -> i32 {
    super::error(format!("invalid time interval {}", quote(OsStr::new(v))));
    usage_hint()
}

/// Waits for the program, sending `opts.signal` when `duration` passes and `KILL` when
/// `kill_after` more has passed; passes on the signals `timeout` itself gets. Returns how the
/// program ended and whether the time limit passed.
fn supervise(
    mut child: Child,
    duration: Option<Duration>,
    opts: &Options,
    program: &OsStr,
) -> io::Result<(ExitStatus, bool)> {
    let started = Instant::now();
    let mut deadline = duration.and_then(|d| started.checked_add(d));
    let mut timed_out = false;
    let mut killed = false;
    let mut step = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status, timed_out));
        }
        let pending = burrow_guest::sigpending().unwrap_or(0);
        for sig in FORWARDED {
            if pending & (1 << (sig - 1)) != 0 {
                send(&mut child, sig, opts.foreground);
            }
        }
        let now = Instant::now();
        if deadline.is_some_and(|d| now >= d) {
            if !timed_out {
                timed_out = true;
                if opts.verbose {
                    super::error(format!("sending signal {} to command {}", signal::name(opts.signal as usize), quote(program)));
                }
                send(&mut child, opts.signal, opts.foreground);
                // A stopped program must run to handle the signal.
                if opts.signal != SIGKILL && opts.signal != signal::SIGCONT {
                    send(&mut child, signal::SIGCONT, opts.foreground);
                }
                deadline = opts.kill_after.and_then(|k| now.checked_add(k));
            } else if !killed {
                killed = true;
                if opts.verbose {
                    super::error(format!("sending signal KILL to command {}", quote(program)));
                }
                send(&mut child, SIGKILL, opts.foreground);
                deadline = None;
            }
            continue;
        }
        let left = deadline.map_or(step, |d| d - now);
        std::thread::sleep(step.min(left));
        step = (step * 2).min(Duration::from_millis(20));
    }
}

/// Sends `sig` to the program, or (not `foreground`) to its whole process group.
fn send(child: &mut Child, sig: u32, foreground: bool) {
    if foreground || burrow_guest::kill(-(child.id() as i32), sig).is_err() {
        let _ = child.kill(sig);
    }
}

/// GNU's exit status for how the program ended.
fn exit_status(status: ExitStatus, timed_out: bool, preserve_status: bool) -> i32 {
    match (status.code, status.signal) {
        // Killed by the KILL that `-k` sent: 137 even without --preserve-status.
        (None, Some(sig)) if timed_out && sig == SIGKILL as i32 => 128 + sig,
        _ if timed_out && !preserve_status => 124,
        (None, Some(sig)) if timed_out => 128 + sig,
        _ => end_like(status),
    }
}
