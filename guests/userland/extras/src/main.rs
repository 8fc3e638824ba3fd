//! `extras`: rev, column, xxd, hexdump, strings, tree, less, more, patch, file, bc, and
//! HTTP-only curl and wget in one multicall module. The tool is the basename of `argv[0]`; `extras TOOL ARGS...` works too.

use burrow_guest as _; // links the crate: its constructor adopts $PWD as the working directory

use burrow_toolkit::glob;

mod bc;
mod column;
mod common;
mod file;
mod hexdump;
mod hexfmt;
mod http;
mod pager;
mod patch;
mod rev;
mod strings;
mod tree;
mod xxd;

use std::ffi::OsString;

const TOOLS: &str = "rev column xxd hexdump strings tree less more patch file bc curl wget";

fn main() {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    let mut name = args.first().map(|a| common::basename(&a.to_string_lossy()).to_string()).unwrap_or_default();
    if name == "extras" || name == "extras.wasm" {
        if args.len() < 2 {
            eprintln!("usage: extras TOOL [ARG]...\ntools: {TOOLS}");
            std::process::exit(2);
        }
        args.remove(0);
        name = common::basename(&args[0].to_string_lossy()).to_string();
    }
    let code = match name.as_str() {
        "rev" => rev::main(args),
        "column" => column::main(args),
        "xxd" => xxd::main(args),
        "hexdump" | "hd" => hexdump::main(args, name == "hd"),
        "strings" => strings::main(args),
        "tree" => tree::main(args),
        "less" => pager::main(args, "less"),
        "more" => pager::main(args, "more"),
        "patch" => patch::main(args),
        "file" => file::main(args),
        "bc" => bc::main(args),
        "curl" => http::curl::main(args),
        "wget" => http::wget::main(args),
        other => {
            eprintln!("extras: unknown tool '{other}' (tools: {TOOLS})");
            127
        }
    };
    common::exit(code);
}
