//! `textutils`: grep (egrep, fgrep), sed, awk, find, xargs, diff, cmp and which in one multicall
//! module. The tool is the basename of `argv[0]`; `textutils TOOL ARGS...` works too.

use burrow_guest as _; // links the crate: its constructor adopts $PWD as the working directory

use burrow_toolkit::{common, glob};

mod awk;
mod cmp;
mod diff;
mod find;
mod grep;
mod regex_posix;
mod sed;
mod which;
mod xargs;

use std::ffi::OsString;

const TOOLS: &str = "grep egrep fgrep sed awk find xargs diff cmp which";

fn main() {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    let mut name = args.first().map(|a| common::basename(&a.to_string_lossy()).to_string()).unwrap_or_default();
    if name == "textutils" || name == "textutils.wasm" {
        if args.len() < 2 {
            eprintln!("usage: textutils TOOL [ARG]...\ntools: {TOOLS}");
            std::process::exit(2);
        }
        args.remove(0);
        name = common::basename(&args[0].to_string_lossy()).to_string();
    }
    let code = match name.as_str() {
        "grep" => grep::main(args, grep::Flavor::Basic),
        "egrep" => grep::main(args, grep::Flavor::Extended),
        "fgrep" => grep::main(args, grep::Flavor::Fixed),
        "sed" => sed::main(args),
        "awk" | "gawk" | "nawk" => awk::main(args),
        "find" => find::main(args),
        "xargs" => xargs::main(args),
        "diff" => diff::main(args),
        "cmp" => cmp::main(args),
        "which" => which::main(args),
        other => {
            eprintln!("textutils: unknown tool '{other}' (tools: {TOOLS})");
            127
        }
    };
    common::exit(code);
}
