//! `chmod`: WASI preview1 has no call that changes a file's mode, so no mode can be set. It
//! checks its command line like GNU (modes, `--reference`, missing operands) and every FILE's
//! existence, then reports `Operation not supported` for each file and exits 1: a script learns
//! that the mode did not change instead of failing later for a reason it cannot see.

use std::ffi::OsString;

use super::{opt, parse, quote, strerror, usage_error, Parse, Stat};

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
        \x20     --version     output version information and exit\n\n\
        Under WASI no mode can be changed: every FILE reports 'Operation not supported'.\n";
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
    if let Some(reference) = p.value("reference") {
        if let Err(e) = Stat::of(reference, true) {
            super::error(format!("failed to get attributes of {}: {}", quote(reference), strerror(&e)));
            return 1;
        }
    } else {
        let mode = match mode_arg {
            Some(m) => m,
            None if !operands.is_empty() => operands.remove(0),
            None => return usage_error("missing operand"),
        };
        if !valid_mode(&mode.to_string_lossy()) {
            return usage_error(format!("invalid mode: {}", quote(&mode)));
        }
        if operands.is_empty() {
            return usage_error(format!("missing operand after {}", quote(&mode)));
        }
    }
    if operands.is_empty() {
        return usage_error("missing operand");
    }
    let silent = p.has("silent");
    for file in &operands {
        match Stat::of(file, true) {
            Err(e) => {
                if !silent {
                    super::error(format!("cannot access {}: {}", quote(file), strerror(&e)));
                }
            }
            Ok(_) => {
                if !silent {
                    super::error(format!("changing permissions of {}: Operation not supported", quote(file)));
                }
            }
        }
    }
    1
}

/// GNU's mode syntax: an octal number (up to 4 digits, or 5 with a leading 0) or comma-separated
/// symbolic clauses `[ugoa]*([-+=]([rwxXst]*|[ugo]))+`.
fn valid_mode(mode: &str) -> bool {
    if !mode.is_empty() && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return mode.len() <= 4 || (mode.len() == 5 && mode.starts_with('0'));
    }
    mode.split(',').all(|clause| {
        let ops = clause.trim_start_matches(['u', 'g', 'o', 'a']);
        if ops.is_empty() {
            return false;
        }
        let mut rest = ops;
        while !rest.is_empty() {
            let Some(after) = rest.strip_prefix(['-', '+', '=']) else { return false };
            let perms = after.trim_start_matches(['r', 'w', 'x', 'X', 's', 't']);
            let copy = if perms.len() == after.len() { perms.trim_start_matches(['u', 'g', 'o']) } else { perms };
            // `u=g` copies one class: at most one of u, g, o.
            if after.len() - copy.len() > 1 && perms.len() == after.len() {
                return false;
            }
            // An octal number may follow an operator too (`=644` is not GNU syntax, `+0` is not
            // either): only letters are accepted.
            rest = copy;
        }
        true
    })
}
