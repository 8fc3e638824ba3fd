//! `chmod`: GNU's modes (octal and symbolic, with the umask for clauses without `ugoa`), `-R`,
//! `-v`, `-c`, `-f` and `--reference`, applied through the kernel's `burrow.chmod` (preview1 has
//! no call that changes a mode).

use std::ffi::{OsStr, OsString};

use super::{opt, parse, quote, strerror, usage_error, Kind, Parse, Stat};

pub fn main(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: chmod [OPTION]... MODE[,MODE]... FILE...\n\
        \x20 or:  chmod [OPTION]... OCTAL-MODE FILE...\n\
        \x20 or:  chmod [OPTION]... --reference=RFILE FILE...\n\
        Change the mode of each FILE to MODE.\n\n\
        \x20 -c, --changes          like verbose but report only when a change is made\n\
        \x20 -f, --silent, --quiet  suppress most error messages\n\
        \x20 -v, --verbose          output a diagnostic for every file processed\n\
        \x20     --reference=RFILE  use RFILE's mode instead of specifying MODE values\n\
        \x20 -R, --recursive        change files and directories recursively\n\
        \x20     --help        display this help and exit\n\
        \x20     --version     output version information and exit\n";
    // A mode such as `-w` or `-rx` looks like options: take it out first, as GNU does.
    let mut args: Vec<OsString> = args.collect();
    let mut mode_arg: Option<OsString> = None;
    if let Some(i) = args.iter().skip(1).position(|a| {
        let s = a.to_string_lossy();
        s.len() > 1 && s.starts_with('-') && !s.starts_with("--") && s[1..].chars().all(|c| "rwxXst".contains(c))
    }) {
        mode_arg = Some(args.remove(i + 1));
    }
    let opts = [
        opt(Some('c'), Some("changes"), false, "changes"),
        opt(Some('f'), Some("silent"), false, "silent"),
        opt(None, Some("quiet"), false, "silent"),
        opt(Some('v'), Some("verbose"), false, "verbose"),
        opt(None, Some("reference"), true, "reference"),
        opt(Some('R'), Some("recursive"), false, "recursive"),
        opt(None, Some("preserve-root"), false, "preserve-root"),
        opt(None, Some("no-preserve-root"), false, "no-preserve-root"),
        opt(Some('H'), None, false, "H"),
        opt(Some('L'), None, false, "L"),
        opt(Some('P'), None, false, "P"),
    ];
    let p = match parse(args.into_iter(), &opts, HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };
    let mut operands = p.operands.clone();
    let mode: Mode = if let Some(reference) = p.value("reference") {
        match Stat::of(reference, true) {
            Ok(st) => Mode::Octal(st.perm),
            Err(e) => {
                super::error(format!("failed to get attributes of {}: {}", quote(reference), strerror(&e)));
                return 1;
            }
        }
    } else {
        let mode = match mode_arg {
            Some(m) => m,
            None if !operands.is_empty() => operands.remove(0),
            None => return usage_error("missing operand"),
        };
        let Some(parsed) = parse_mode(&mode.to_string_lossy()) else {
            return usage_error(format!("invalid mode: {}", quote(&mode)));
        };
        if operands.is_empty() {
            return usage_error(format!("missing operand after {}", quote(&mode)));
        }
        parsed
    };
    if operands.is_empty() {
        return usage_error("missing operand");
    }
    let report = Report {
        silent: p.has("silent"),
        verbose: p.has("verbose"),
        changes: p.has("changes"),
        umask: current_umask(),
    };
    let mut status = 0;
    for file in &operands {
        status |= change(file, &mode, &report, p.has("recursive"), true);
    }
    status
}

/// How to report and what mask applies to clauses without `ugoa`.
struct Report {
    silent: bool,
    verbose: bool,
    changes: bool,
    umask: u32,
}

/// The process's file-creation mask (read by setting it and putting it back).
fn current_umask() -> u32 {
    match burrow_guest::umask(0o022) {
        Ok(old) => {
            let _ = burrow_guest::umask(old);
            old
        }
        Err(_) => 0o022,
    }
}

/// Changes `file` (and, with `recursive`, everything under it); returns the exit status.
fn change(file: &OsStr, mode: &Mode, report: &Report, recursive: bool, operand: bool) -> i32 {
    let st = match Stat::of(file, true) {
        Ok(st) => st,
        Err(e) => {
            if !operand && Stat::of(file, false).is_ok_and(|l| l.kind == Kind::Symlink) {
                // A dangling symlink met in recursion: skipped, as GNU does.
                return 0;
            }
            if !report.silent {
                super::error(format!("cannot access {}: {}", quote(file), strerror(&e)));
            }
            return 1;
        }
    };
    let is_link = !operand && Stat::of(file, false).is_ok_and(|l| l.kind == Kind::Symlink);
    let mut status = 0;
    if is_link {
        // Symlinks found while recursing are neither followed nor changed.
        if report.verbose {
            println!("neither symbolic link {} nor referent has been changed", quote(file));
        }
        return 0;
    }
    let old = st.perm;
    let new = mode.apply(old, st.kind == Kind::Directory, report.umask);
    if new != old {
        if let Err(e) = burrow_guest::chmod(std::path::Path::new(file), new) {
            if !report.silent {
                super::error(format!("changing permissions of {}: {}", quote(file), strerror(&e)));
            }
            status = 1;
        } else if report.verbose || report.changes {
            println!(
                "mode of {} changed from {:04o} ({}) to {:04o} ({})",
                quote(file),
                old,
                &Stat { perm: old, ..st }.mode_string()[1..],
                new,
                &Stat { perm: new, ..st }.mode_string()[1..]
            );
        }
    } else if report.verbose {
        println!("mode of {} retained as {:04o} ({})", quote(file), old, &st.mode_string()[1..]);
    }
    if recursive && st.kind == Kind::Directory {
        let mut names: Vec<OsString> = match std::fs::read_dir(std::path::Path::new(file)) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.file_name())).collect(),
            Err(e) => {
                if !report.silent {
                    super::error(format!("cannot read directory {}: {}", quote(file), strerror(&e)));
                }
                return 1;
            }
        };
        names.sort();
        for name in names {
            let child = std::path::Path::new(file).join(name);
            status |= change(child.as_os_str(), mode, report, true, false);
        }
    }
    status
}

/// A parsed mode operand.
enum Mode {
    /// Octal: the bits, as given.
    Octal(u32),
    /// Symbolic clauses.
    Symbolic(Vec<Clause>),
}

/// `[ugoa]*` followed by actions.
struct Clause {
    /// Who (bits of `u`, `g`, `o` as 0o4700, 0o2070, 0o1007 masks); 0 means "a, minus the umask".
    who: u32,
    actions: Vec<(u8, Perms)>,
}

/// What an action sets: letters, or a copy of one class.
enum Perms {
    Letters { r: bool, w: bool, x: bool, big_x: bool, s: bool, t: bool },
    Copy(u8),
}

impl Mode {
    /// The new permission bits for a file whose bits are `old`.
    fn apply(&self, old: u32, is_dir: bool, umask: u32) -> u32 {
        match self {
            // Like GNU: directories keep their set-user/group-ID bits unless the number says
            // otherwise with five digits (not supported: kept).
            Mode::Octal(bits) if is_dir => bits | (old & 0o6000),
            Mode::Octal(bits) => *bits,
            Mode::Symbolic(clauses) => {
                let mut mode = old;
                for c in clauses {
                    let (who, mask) = if c.who == 0 { (0o7777, !umask & 0o7777) } else { (c.who, 0o7777) };
                    for (op, perms) in &c.actions {
                        let bits = match perms {
                            Perms::Letters { r, w, x, big_x, s, t } => {
                                let mut b = 0;
                                if *r {
                                    b |= 0o444;
                                }
                                if *w {
                                    b |= 0o222;
                                }
                                if *x || (*big_x && (is_dir || mode & 0o111 != 0)) {
                                    b |= 0o111;
                                }
                                if *s {
                                    b |= 0o6000;
                                }
                                if *t {
                                    b |= 0o1000;
                                }
                                b
                            }
                            Perms::Copy(class) => {
                                let v = match class {
                                    b'u' => (mode >> 6) & 7,
                                    b'g' => (mode >> 3) & 7,
                                    _ => mode & 7,
                                };
                                v << 6 | v << 3 | v
                            }
                        };
                        let affected = bits & who & mask;
                        match op {
                            b'+' => mode |= affected,
                            b'-' => mode &= !affected,
                            _ => {
                                // `=` clears the class's bits, and its special bits except a
                                // directory's (GNU keeps those).
                                let special = if is_dir { 0 } else { who & 0o7000 };
                                let clear = (who & 0o0777) | special;
                                mode = (mode & !clear) | affected;
                            }
                        }
                    }
                }
                mode & 0o7777
            }
        }
    }
}

/// Parses GNU's mode syntax: an octal number (up to 4 digits, or 5 with a leading 0) or
/// comma-separated symbolic clauses `[ugoa]*([-+=]([rwxXst]*|[ugo]))+`.
fn parse_mode(mode: &str) -> Option<Mode> {
    if !mode.is_empty() && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        if mode.len() > 4 && !(mode.len() == 5 && mode.starts_with('0')) {
            return None;
        }
        return u32::from_str_radix(mode, 8).ok().map(Mode::Octal);
    }
    let mut clauses = Vec::new();
    for clause in mode.split(',') {
        let b = clause.as_bytes();
        let mut i = 0;
        let mut who = 0;
        while i < b.len() && b"ugoa".contains(&b[i]) {
            who |= match b[i] {
                b'u' => 0o4700,
                b'g' => 0o2070,
                b'o' => 0o1007,
                _ => 0o7777,
            };
            i += 1;
        }
        let mut actions = Vec::new();
        while i < b.len() {
            let op = b[i];
            if !b"+-=".contains(&op) {
                return None;
            }
            i += 1;
            if i < b.len() && b"ugo".contains(&b[i]) {
                actions.push((op, Perms::Copy(b[i])));
                i += 1;
                continue;
            }
            let (mut r, mut w, mut x, mut big_x, mut s, mut t) = (false, false, false, false, false, false);
            while i < b.len() && b"rwxXst".contains(&b[i]) {
                match b[i] {
                    b'r' => r = true,
                    b'w' => w = true,
                    b'x' => x = true,
                    b'X' => big_x = true,
                    b's' => s = true,
                    _ => t = true,
                }
                i += 1;
            }
            actions.push((op, Perms::Letters { r, w, x, big_x, s, t }));
        }
        if actions.is_empty() {
            return None;
        }
        clauses.push(Clause { who, actions });
    }
    Some(Mode::Symbolic(clauses))
}
