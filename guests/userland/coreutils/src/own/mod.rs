//! Our own tools: those whose uutils crate does not build for wasm32-wasip1, because it needs
//! what WASI preview1 does not have.
//!
//! What a WASI program can and cannot know, and so what these tools print:
//!
//! - **Identity.** WASI has no uid or gid. Burrow runs every VM process as uid 1000, gid 1000
//!   (`user`, see the runtime's base image); [`users`] takes those ids as given and reads names
//!   from `/etc/passwd` and `/etc/group`, like GNU's tools do through NSS.
//! - **File status.** WASI's filestat has device, inode, type, link count, size and the three
//!   times, and nothing else: no permission bits, no owner, no group, no block count, no birth
//!   time. [`stat`] prints `?` for what it cannot know (never made-up values); block counts are
//!   an estimate from the size (whole 4 KiB blocks, like tmpfs or ext4 for a small file), which
//!   [`du`] uses too.
//! - **Permissions.** WASI cannot change a file's mode: [`chmod`] checks its arguments like GNU
//!   and then reports `Operation not supported` for each file.
//! - **File systems.** WASI has no `statfs` and no mount table: [`df`] finds each operand's file
//!   system by its device number, and prints `-` for sizes it cannot know.
//! - **Programs.** WASI has no `exec`: [`exec`]'s `env` and `nice` start the program with
//!   Burrow's `spawn` and end the way it ended; [`timeout`] does too, and signals it when its
//!   time limit passes.
//! - **The system.** [`uname`] reports `Burrow` (a WASI machine, `wasm32`), with the node name
//!   from `/etc/hostname`, like [`hostname`].

pub mod chmod;
pub mod df;
pub mod du;
pub mod exec;
pub mod hostname;
pub mod stat;
pub mod timeout;
pub mod uname;
pub mod users;

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::os::wasi::ffi::OsStrExt;

/// The version our tools report with `--version`.
pub fn version(tool: &str) -> i32 {
    println!("{tool} (Burrow coreutils) {}", env!("CARGO_PKG_VERSION"));
    0
}

/// The tool's name as uutils reports it (the basename of argv[0], or the tool after `coreutils`).
pub fn name() -> &'static str {
    uucore::util_name()
}

/// Prints `TOOL: MSG` to stderr.
pub fn error(msg: impl std::fmt::Display) {
    let _ = io::stdout().flush();
    let _ = writeln!(io::stderr(), "{}: {msg}", name());
}

/// Prints `TOOL: MSG` and the `--help` hint, and returns 1: GNU's reaction to a usage error.
pub fn usage_error(msg: impl std::fmt::Display) -> i32 {
    error(msg);
    let _ = writeln!(io::stderr(), "Try '{} --help' for more information.", uucore::execution_phrase());
    1
}

/// Quotes a name the way GNU's diagnostics do in the C locale (`'name'`, shell-escaped when it
/// needs to be).
pub fn quote(s: &OsStr) -> String {
    use uucore::display::Quotable;
    s.quote().to_string()
}

/// The text of an I/O error without Rust's ` (os error N)` suffix, as GNU prints `strerror`.
pub fn strerror(e: &io::Error) -> String {
    uucore::error::strip_errno(e)
}

/// An option a tool accepts.
pub struct Opt {
    /// Its one-letter form, if any.
    pub short: Option<char>,
    /// Its long form (without `--`), if any.
    pub long: Option<&'static str>,
    /// Whether it takes a value (`-cFMT`, `-c FMT`, `--format=FMT`, `--format FMT`).
    pub value: bool,
    /// What [`parse`] reports for it: the long name, or the short letter as a string.
    pub id: &'static str,
}

/// Shorthand for an [`Opt`].
pub const fn opt(short: Option<char>, long: Option<&'static str>, value: bool, id: &'static str) -> Opt {
    Opt { short, long, value, id }
}

/// The options (`(id, value)`, in order) and operands of a command line, parsed like GNU's
/// `getopt_long`: options may follow operands, `--` ends them, a long option may be abbreviated
/// to any unique prefix, and `--help`/`--version` are always known.
pub struct Parsed {
    pub opts: Vec<(&'static str, Option<OsString>)>,
    pub operands: Vec<OsString>,
}

impl Parsed {
    pub fn has(&self, id: &str) -> bool {
        self.opts.iter().any(|(i, _)| *i == id)
    }

    /// The last value given for `id`.
    pub fn value(&self, id: &str) -> Option<&OsString> {
        self.opts.iter().rev().find(|(i, _)| *i == id).and_then(|(_, v)| v.as_ref())
    }
}

/// What a tool does after [`parse`]: run with the parsed line, or exit with a status (after
/// `--help`, `--version` or a usage error, already reported).
pub enum Parse {
    Run(Parsed),
    Exit(i32),
}

/// Parses `args` (argv[0] first) against `opts`; `help` is the `--help` text.
pub fn parse(args: impl Iterator<Item = OsString>, opts: &[Opt], help: &str) -> Parse {
    let mut out = Parsed { opts: Vec::new(), operands: Vec::new() };
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        let bytes = arg.as_bytes();
        if bytes == b"--" {
            out.operands.extend(args.by_ref());
            break;
        }
        if let Some(long) = bytes.strip_prefix(b"--") {
            let (name, inline) = match long.iter().position(|&b| b == b'=') {
                Some(i) => (&long[..i], Some(os(&long[i + 1..]))),
                None => (long, None),
            };
            let name = String::from_utf8_lossy(name).into_owned();
            let exact = opts.iter().find(|o| o.long == Some(name.as_str()));
            let candidates: Vec<&Opt> = match exact {
                Some(o) => vec![o],
                None => opts.iter().filter(|o| o.long.is_some_and(|l| l.starts_with(&name))).collect(),
            };
            let builtin = |full: &str| full.starts_with(&name) && candidates.is_empty();
            if exact.is_none() && builtin("help") {
                print!("{help}");
                return Parse::Exit(0);
            }
            if exact.is_none() && builtin("version") {
                return Parse::Exit(version(name_of_tool()));
            }
            let o = match candidates.as_slice() {
                [o] => *o,
                [] => return Parse::Exit(usage_error(format!("unrecognized option '--{name}'"))),
                _ => return Parse::Exit(usage_error(format!("option '--{name}' is ambiguous"))),
            };
            let long = o.long.unwrap_or_default();
            let value = if o.value {
                match inline.or_else(|| args.next()) {
                    Some(v) => Some(v),
                    None => return Parse::Exit(usage_error(format!("option '--{long}' requires an argument"))),
                }
            } else if inline.is_some() {
                return Parse::Exit(usage_error(format!("option '--{long}' doesn't allow an argument")));
            } else {
                None
            };
            out.opts.push((o.id, value));
            continue;
        }
        if bytes.len() > 1 && bytes[0] == b'-' {
            let mut i = 1;
            while i < bytes.len() {
                let c = bytes[i] as char;
                let Some(o) = opts.iter().find(|o| o.short == Some(c)) else {
                    let shown = String::from_utf8_lossy(&bytes[i..]).chars().next().unwrap_or('?');
                    return Parse::Exit(usage_error(format!("invalid option -- '{shown}'")));
                };
                i += 1;
                if o.value {
                    let value = if i < bytes.len() {
                        Some(os(&bytes[i..]))
                    } else {
                        match args.next() {
                            Some(v) => Some(v),
                            None => {
                                return Parse::Exit(usage_error(format!("option requires an argument -- '{c}'")));
                            }
                        }
                    };
                    out.opts.push((o.id, value));
                    break;
                }
                out.opts.push((o.id, None));
            }
            continue;
        }
        out.operands.push(arg);
    }
    Parse::Run(out)
}

fn name_of_tool() -> &'static str {
    name()
}

/// Bytes as an `OsString`.
pub fn os(bytes: &[u8]) -> OsString {
    use std::os::wasi::ffi::OsStringExt;
    OsString::from_vec(bytes.to_vec())
}

/// A file's type, as WASI's filestat reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Regular,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
    Unknown,
}

impl Kind {
    /// The first letter of `ls -l`'s mode string.
    pub fn letter(self) -> char {
        match self {
            Kind::Regular => '-',
            Kind::Directory => 'd',
            Kind::Symlink => 'l',
            Kind::CharDevice => 'c',
            Kind::BlockDevice => 'b',
            Kind::Fifo => 'p',
            Kind::Socket => 's',
            Kind::Unknown => '?',
        }
    }
}

/// A file's status as the kernel reports it through `burrow.stat`: all of `struct stat`
/// (preview1's filestat alone lacks mode bits, owner, group and block counts). Birth time is
/// not kept.
#[derive(Clone, Copy, Debug)]
pub struct Stat {
    pub dev: u64,
    pub ino: u64,
    pub kind: Kind,
    /// Permission bits (`0o7777`).
    pub perm: u32,
    pub uid: u32,
    pub gid: u32,
    pub nlink: u64,
    pub size: u64,
    pub rdev: u64,
    /// 512-byte blocks allocated.
    pub blocks: u64,
    pub blksize: u32,
    /// `(seconds, nanoseconds)` since the epoch.
    pub atime: (i64, i64),
    pub mtime: (i64, i64),
    pub ctime: (i64, i64),
}

impl Stat {
    /// `stat` (`follow`) or `lstat` of `path`.
    pub fn of(path: &OsStr, follow: bool) -> io::Result<Stat> {
        let st = burrow_guest::stat(std::path::Path::new(path), follow)?;
        let kind = match st.mode & 0o170000 {
            0o100000 => Kind::Regular,
            0o040000 => Kind::Directory,
            0o120000 => Kind::Symlink,
            0o020000 => Kind::CharDevice,
            0o060000 => Kind::BlockDevice,
            0o010000 => Kind::Fifo,
            0o140000 => Kind::Socket,
            _ => Kind::Unknown,
        };
        let split = |ns: i64| (ns.div_euclid(1_000_000_000), ns.rem_euclid(1_000_000_000));
        Ok(Stat {
            dev: st.dev,
            ino: st.ino,
            kind,
            perm: st.mode & 0o7777,
            uid: st.uid,
            gid: st.gid,
            nlink: st.nlink,
            size: st.size,
            rdev: st.rdev,
            blocks: st.blocks,
            blksize: st.blksize,
            atime: split(st.atime_ns),
            mtime: split(st.mtime_ns),
            ctime: split(st.ctime_ns),
        })
    }

    /// The raw `st_mode`: type and permission bits.
    pub fn mode(&self) -> u32 {
        let ty = match self.kind {
            Kind::Regular => 0o100000,
            Kind::Directory => 0o040000,
            Kind::Symlink => 0o120000,
            Kind::CharDevice => 0o020000,
            Kind::BlockDevice => 0o060000,
            Kind::Fifo => 0o010000,
            Kind::Socket => 0o140000,
            Kind::Unknown => 0,
        };
        ty | self.perm
    }

    /// `ls -l`'s mode string: `drwxr-xr-x`, with `s`/`S` and `t`/`T`.
    pub fn mode_string(&self) -> String {
        let m = self.perm;
        let mut s = String::with_capacity(10);
        s.push(self.kind.letter());
        let bit = |b: u32, c: char| if m & b != 0 { c } else { '-' };
        let special = |x: u32, sp: u32, set: char| match (m & x != 0, m & sp != 0) {
            (true, true) => set,
            (false, true) => set.to_ascii_uppercase(),
            (true, false) => 'x',
            (false, false) => '-',
        };
        s.push(bit(0o400, 'r'));
        s.push(bit(0o200, 'w'));
        s.push(special(0o100, 0o4000, 's'));
        s.push(bit(0o040, 'r'));
        s.push(bit(0o020, 'w'));
        s.push(special(0o010, 0o2000, 's'));
        s.push(bit(0o004, 'r'));
        s.push(bit(0o002, 'w'));
        s.push(special(0o001, 0o1000, 't'));
        s
    }

    /// 512-byte blocks allocated.
    pub fn blocks(&self) -> u64 {
        self.blocks
    }
}

/// The user database: `/etc/passwd` and `/etc/group`.
pub mod db {
    /// `(name, uid, gid)` of every `/etc/passwd` entry.
    pub fn passwd() -> Vec<(String, u32, u32)> {
        read("/etc/passwd")
            .iter()
            .filter_map(|f| Some((f.first()?.clone(), f.get(2)?.parse().ok()?, f.get(3)?.parse().ok()?)))
            .collect()
    }

    /// `(name, gid, members)` of every `/etc/group` entry.
    pub fn groups() -> Vec<(String, u32, Vec<String>)> {
        read("/etc/group")
            .iter()
            .filter_map(|f| {
                let members = f.get(3).map(|m| m.split(',').filter(|s| !s.is_empty()).map(String::from).collect());
                Some((f.first()?.clone(), f.get(2)?.parse().ok()?, members.unwrap_or_default()))
            })
            .collect()
    }

    pub fn user_name(uid: u32) -> Option<String> {
        passwd().into_iter().find(|p| p.1 == uid).map(|p| p.0)
    }

    pub fn group_name(gid: u32) -> Option<String> {
        groups().into_iter().find(|g| g.1 == gid).map(|g| g.0)
    }

    fn read(path: &str) -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.split(':').map(String::from).collect())
            .collect()
    }
}
