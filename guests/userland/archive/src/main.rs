//! `archive`: tar, gzip, gunzip and zcat in one multicall module, on the `tar` and `flate2`
//! crates. The tool is the basename of `argv[0]`; `archive TOOL ARGS...` works too.
//!
//! WASI preview1 has no permission bits or owners: tar reads and sets them through Burrow's
//! `stat` and `chmod` (`burrow-guest`); modification times go through WASI both ways.

use burrow_guest as _; // links the crate: its constructor adopts $PWD as the working directory

mod gzip;
mod tar;
mod util;

use burrow_toolkit::common;

const TOOLS: &str = "tar gzip gunzip zcat";

fn main() {
    let mut args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    let mut name = args.first().map(|a| common::basename(a).to_string()).unwrap_or_default();
    if name == "archive" || name == "archive.wasm" {
        if args.len() < 2 {
            eprintln!("usage: archive TOOL [ARG]...\ntools: {TOOLS}");
            std::process::exit(2);
        }
        args.remove(0);
        name = common::basename(&args[0]).to_string();
    }
    let rest = args.split_off(1.min(args.len()));
    let code = match name.as_str() {
        "tar" => tar::main(rest),
        "gzip" => gzip::main(rest, gzip::Mode::Gzip),
        "gunzip" => gzip::main(rest, gzip::Mode::Gunzip),
        "zcat" => gzip::main(rest, gzip::Mode::Zcat),
        other => {
            eprintln!("archive: unknown tool '{other}' (tools: {TOOLS})");
            127
        }
    };
    common::exit(code);
}
