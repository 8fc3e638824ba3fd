//! `less` and `more` without a terminal: a VM's standard output is never one (a pipe, a file or
//! the host's capture), so, as both do when their output is not a terminal, they copy the files
//! (or standard input) to standard output like `cat`. Scripts that pipe into a pager so do not
//! hang (`more` puts util-linux's `::::::::::::::` header before each named file, as it does
//! on a pipe). Options are accepted and ignored (`+N`/`+/PATTERN` commands too); `more` reports a file
//! it cannot open as `more: cannot open FILE: ...`, `less` as `FILE: ...`; both exit 0 as the real
//! ones do, except for invalid options.

use std::ffi::OsString;

use crate::common::{error, read_input, strerror, usage_error, Out};

const LESS_HELP: &str = "less: a pager. Standard output is not a terminal here, so less copies its files
(or standard input) to standard output, like cat.

Usage: less [options] [file ...]
  Options (-N, -S, -R, -F, -X, +CMD...) are accepted and have no effect.
";

const MORE_HELP: &str = "
Usage:
 more [options] <file>...

A file perusal filter for CRT viewing.

Standard output is not a terminal here, so more copies its files (or standard
input) to standard output, like cat. Options are accepted and have no effect.

Options:
 -d, --silent          display help instead of ringing bell
 -f, --logical         count logical rather than screen lines
 -l, --no-pause        suppress pause after form feed
 -c, --print-over      do not scroll, display text and clean line ends
 -p, --clean-print     do not scroll, clean screen and display text
 -s, --squeeze         squeeze multiple blank lines into one
 -u, --plain           suppress underlining and bold
 -n, --lines <number>  the number of lines per screenful
 -<number>             same as --lines
 +<number>             display file beginning from line number
 +/<pattern>           display file beginning from pattern match

 -h, --help            display this help
 -V, --version         display version

For more details see more(1).
";

/// less's options that take a value (`-x4`, `-x 4`).
const LESS_WITH_ARG: &str = "bhjkopPtTxyz#";
/// less's long options that take a value.
const LESS_LONG_WITH_ARG: &[&str] = &[
    "tabs",
    "pattern",
    "prompt",
    "shift",
    "window",
    "tag",
    "jump-target",
    "log-file",
    "LOG-FILE",
    "max-back-scroll",
    "max-forw-scroll",
    "header",
    "line-num-width",
    "status-col-width",
    "color",
    "lesskey-file",
    "wheel-lines",
    "intr",
    "proc-backspace",
    "proc-return",
    "proc-tab",
    "rscroll",
    "tag-file",
    "quotes",
    "use-color",
];
/// less's other long options.
const LESS_LONG: &[&str] = &[
    "quit-if-one-screen",
    "no-init",
    "RAW-CONTROL-CHARS",
    "raw-control-chars",
    "chop-long-lines",
    "LINE-NUMBERS",
    "line-numbers",
    "ignore-case",
    "IGNORE-CASE",
    "quiet",
    "QUIET",
    "silent",
    "SILENT",
    "squeeze-blank-lines",
    "mouse",
    "no-keypad",
    "follow-name",
    "quit-at-eof",
    "QUIT-AT-EOF",
    "status-column",
    "incsearch",
    "hilite-search",
    "HILITE-SEARCH",
    "hilite-unread",
    "HILITE-UNREAD",
    "long-prompt",
    "LONG-PROMPT",
    "no-lessopen",
    "clear-screen",
    "CLEAR-SCREEN",
    "dumb",
    "exit-follow-on-close",
    "file-size",
    "redraw-on-quit",
    "quit-on-intr",
    "underline-special",
    "no-vbell",
    "save-marks",
    "search-skip-screen",
    "tilde",
    "use-backslash",
    "wordwrap",
    "auto-buffers",
    "no-histdups",
    "no-number-headers",
    "no-search-headers",
    "autosave",
    "force",
    "UNDERLINE-SPECIAL",
    "QUIT-ON-INTR",
    "search-options",
];
/// less's options without one.
const LESS_FLAGS: &str = "aABcCdeEfFgGiIJKLmMnNqQrRsSuUwWX~";

pub fn main(args: Vec<OsString>, tool: &str) -> i32 {
    let mut files: Vec<OsString> = Vec::new();
    let mut i = 1;
    let mut done = false;
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        i += 1;
        if done || a == "-" || !(a.starts_with('-') || a.starts_with('+')) {
            files.push(args[i - 1].clone());
            continue;
        }
        if a == "--" {
            done = true;
            continue;
        }
        if a.starts_with('+') {
            continue; // a command to run first: nothing to do without a screen
        }
        if a == "--help" || (tool == "more" && a == "-h") || (tool == "less" && a == "-?") {
            print!("{}", if tool == "more" { &MORE_HELP[1..] } else { LESS_HELP });
            return 0;
        }
        if a == "--version" || a == "-V" {
            println!(
                "{}",
                if tool == "more" {
                    "more from util-linux 2.38.1"
                } else {
                    "less 590 (burrow: copies to standard output)"
                }
            );
            return 0;
        }
        if let Some(long) = a.strip_prefix("--") {
            if tool == "more" {
                let known = ["silent", "logical", "no-pause", "print-over", "clean-print", "squeeze", "plain", "lines"];
                match known.iter().find(|k| k.starts_with(long.split('=').next().unwrap_or(""))) {
                    Some(&"lines") if !long.contains('=') => i += 1,
                    Some(_) => {}
                    None => {
                        usage_error("more", &format!("unrecognized option '{a}'"));
                        return 1;
                    }
                }
            } else {
                let name = long.split('=').next().unwrap_or("");
                if LESS_LONG_WITH_ARG.contains(&name) {
                    if !long.contains('=') {
                        i += 1;
                    }
                } else if !LESS_LONG.contains(&name) {
                    eprintln!("There is no --{name} option (\"less --help\" for help)");
                    return 1;
                }
            }
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        for (j, &c) in chars.iter().enumerate() {
            if tool == "more" {
                if c.is_ascii_digit() {
                    continue;
                }
                match c {
                    'd' | 'f' | 'l' | 'c' | 'p' | 's' | 'u' => {}
                    'n' => {
                        if j + 1 == chars.len() {
                            i += 1;
                        }
                        break;
                    }
                    _ => {
                        usage_error("more", &format!("invalid option -- '{c}'"));
                        return 1;
                    }
                }
            } else if LESS_WITH_ARG.contains(c) {
                if j + 1 == chars.len() {
                    if i >= args.len() {
                        eprintln!("Value is required after -{c}");
                        return 1;
                    }
                    i += 1;
                }
                break;
            } else if !LESS_FLAGS.contains(c) && !c.is_ascii_digit() {
                eprintln!("There is no -{c} option (\"less --help\" for help)");
                return 1;
            }
        }
    }
    let mut out = Out::new();
    if files.is_empty() {
        match read_input(None) {
            Ok(d) => out.bytes(&d),
            Err(e) => error(tool, strerror(&e)),
        }
        return 0;
    }
    for f in &files {
        match read_input(Some(f)) {
            Ok(d) => {
                if tool == "more" {
                    // util-linux's more names every file it copies when not on a terminal.
                    out.bytes(format!("::::::::::::::\n{}\n::::::::::::::\n", f.to_string_lossy()).as_bytes());
                }
                out.bytes(&d)
            }
            Err(e) if tool == "more" && e.kind() == std::io::ErrorKind::IsADirectory => {
                out.bytes(format!("\n*** {}: directory ***\n\n", f.to_string_lossy()).as_bytes());
            }
            Err(e) => {
                out.flush_out();
                let name = f.to_string_lossy();
                if tool == "more" {
                    error("more", format!("cannot open {name}: {}", strerror(&e)));
                } else if e.kind() == std::io::ErrorKind::IsADirectory {
                    eprintln!("{name} is a directory");
                } else {
                    // less without a terminal reports this one on standard output.
                    out.bytes(format!("{name}: {}\n", strerror(&e)).as_bytes());
                }
            }
        }
    }
    0
}
