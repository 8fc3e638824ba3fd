//! `coreutils`: the coreutils of every Burrow VM, one multicall WebAssembly module.
//!
//! The runtime installs it as `/bin/coreutils` with a symlink `/bin/TOOL -> coreutils` for every
//! tool in `guests/userland.txt`. The tool is the basename of `argv[0]` (`ls`, `/bin/cat`, ...);
//! `coreutils TOOL ARGS...` runs TOOL too, and `coreutils --list` prints every tool, one a line.
//!
//! Most tools are the uutils crates (`uu_<tool>` 0.12 from crates.io, GNU-compatible). Tools
//! whose uutils crate does not build for wasm32-wasip1 (they need uids, `statfs`, `chmod` or other
//! calls WASI preview1 lacks) are small implementations of our own in [`own`]; see the module
//! documentation there for what each can and cannot know under WASI.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

// Links burrow-guest, whose start-up constructor makes wasi-libc's cwd equal `$PWD`.
use burrow_guest as _;

mod ls;
mod own;

/// A tool's entry point: the arguments, `argv[0]` first; returns the exit status.
type Main = fn(std::vec::IntoIter<OsString>) -> i32;

/// `(name, entry point, locale name)`: sorted by name. The locale name selects the uutils
/// Fluent messages the tool uses (`""` for our own tools, which need none).
macro_rules! tools {
    ($($name:literal => $main:expr, $locale:literal;)*) => {
        const TOOLS: &[(&str, Main, &str)] = &[$(($name, $main, $locale)),*];
    };
}

tools! {
    "[" => uu_test::uumain, "test";
    "arch" => uu_arch::uumain, "arch";
    "b2sum" => uu_b2sum::uumain, "b2sum";
    "base32" => uu_base32::uumain, "base32";
    "base64" => uu_base64::uumain, "base64";
    "basename" => uu_basename::uumain, "basename";
    "basenc" => uu_basenc::uumain, "basenc";
    "cat" => uu_cat::uumain, "cat";
    "chmod" => own::chmod::main, "";
    "cksum" => uu_cksum::uumain, "cksum";
    "comm" => uu_comm::uumain, "comm";
    "cp" => uu_cp::uumain, "cp";
    "csplit" => uu_csplit::uumain, "csplit";
    "cut" => uu_cut::uumain, "cut";
    "date" => uu_date::uumain, "date";
    "dd" => uu_dd::uumain, "dd";
    "df" => own::df::main, "";
    "dir" => ls::dir, "ls";
    "dircolors" => uu_dircolors::uumain, "dircolors";
    "dirname" => uu_dirname::uumain, "dirname";
    "du" => own::du::main, "";
    "echo" => uu_echo::uumain, "echo";
    "env" => own::exec::env, "";
    "expand" => uu_expand::uumain, "expand";
    "expr" => uu_expr::uumain, "expr";
    "factor" => uu_factor::uumain, "factor";
    "false" => uu_false::uumain, "false";
    "fmt" => uu_fmt::uumain, "fmt";
    "fold" => uu_fold::uumain, "fold";
    "groups" => own::users::groups, "";
    "head" => uu_head::uumain, "head";
    "hostid" => uu_hostid::uumain, "hostid";
    "hostname" => own::hostname::main, "";
    "id" => own::users::id, "";
    "join" => uu_join::uumain, "join";
    "link" => uu_link::uumain, "link";
    "ln" => uu_ln::uumain, "ln";
    "logname" => own::users::logname, "";
    "ls" => ls::ls, "ls";
    "md5sum" => uu_md5sum::uumain, "md5sum";
    "mkdir" => uu_mkdir::uumain, "mkdir";
    "mktemp" => uu_mktemp::uumain, "mktemp";
    "mv" => uu_mv::uumain, "mv";
    "nice" => own::exec::nice, "";
    "nl" => uu_nl::uumain, "nl";
    "nproc" => uu_nproc::uumain, "nproc";
    "numfmt" => uu_numfmt::uumain, "numfmt";
    "od" => uu_od::uumain, "od";
    "paste" => uu_paste::uumain, "paste";
    "pathchk" => uu_pathchk::uumain, "pathchk";
    "pr" => uu_pr::uumain, "pr";
    "printenv" => uu_printenv::uumain, "printenv";
    "printf" => uu_printf::uumain, "printf";
    "ptx" => uu_ptx::uumain, "ptx";
    "pwd" => uu_pwd::uumain, "pwd";
    "readlink" => uu_readlink::uumain, "readlink";
    "realpath" => uu_realpath::uumain, "realpath";
    "rm" => uu_rm::uumain, "rm";
    "rmdir" => uu_rmdir::uumain, "rmdir";
    "seq" => uu_seq::uumain, "seq";
    "sha1sum" => uu_sha1sum::uumain, "sha1sum";
    "sha224sum" => uu_sha224sum::uumain, "sha224sum";
    "sha256sum" => uu_sha256sum::uumain, "sha256sum";
    "sha384sum" => uu_sha384sum::uumain, "sha384sum";
    "sha512sum" => uu_sha512sum::uumain, "sha512sum";
    "shred" => uu_shred::uumain, "shred";
    "shuf" => uu_shuf::uumain, "shuf";
    "sleep" => uu_sleep::uumain, "sleep";
    "sort" => uu_sort::uumain, "sort";
    "split" => uu_split::uumain, "split";
    "stat" => own::stat::main, "";
    "sum" => uu_sum::uumain, "sum";
    "tac" => uu_tac::uumain, "tac";
    "tail" => uu_tail::uumain, "tail";
    "tee" => uu_tee::uumain, "tee";
    "test" => uu_test::uumain, "test";
    "timeout" => own::timeout::main, "";
    "touch" => uu_touch::uumain, "touch";
    "tr" => uu_tr::uumain, "tr";
    "true" => uu_true::uumain, "true";
    "truncate" => uu_truncate::uumain, "truncate";
    "tsort" => uu_tsort::uumain, "tsort";
    "tty" => uu_tty::uumain, "tty";
    "uname" => own::uname::main, "";
    "unexpand" => uu_unexpand::uumain, "unexpand";
    "uniq" => uu_uniq::uumain, "uniq";
    "unlink" => uu_unlink::uumain, "unlink";
    "vdir" => ls::vdir, "ls";
    "wc" => uu_wc::uumain, "wc";
    "whoami" => own::users::whoami, "";
    "yes" => uu_yes::uumain, "yes";
}

fn find(name: &str) -> Option<&'static (&'static str, Main, &'static str)> {
    TOOLS.binary_search_by(|(n, _, _)| (*n).cmp(name)).ok().map(|i| &TOOLS[i])
}

fn main() {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    let argv0 = args.first().cloned().unwrap_or_default();
    let base = Path::new(&argv0).file_name().unwrap_or(argv0.as_os_str()).to_string_lossy().into_owned();

    let name = if base == "coreutils" || base.ends_with(".wasm") || argv0.is_empty() {
        // `coreutils TOOL ARGS...`: the tool's argv starts at TOOL.
        let Some(tool) = args.get(1).map(|t| t.to_string_lossy().into_owned()) else {
            eprintln!("coreutils: missing argument");
            eprintln!("Try 'coreutils --help' for more information.");
            exit(1);
        };
        match tool.as_str() {
            "--list" => list(),
            "--help" | "-h" => help(),
            "--version" | "-V" => {
                println!("coreutils {} (multi-call binary; uutils {})", env!("CARGO_PKG_VERSION"), UUTILS_VERSION);
                exit(0);
            }
            _ => {}
        }
        uucore::set_utility_is_second_arg();
        args.remove(0);
        tool
    } else {
        base
    };

    let Some(&(name, main, locale)) = find(&name) else {
        eprintln!("coreutils: unknown program '{name}'");
        exit(1);
    };
    if !locale.is_empty() {
        if let Err(e) = uucore::locale::setup_localization(locale) {
            eprintln!("{name}: cannot load its messages: {e}");
            exit(99);
        }
    }
    exit(main(args.into_iter()));
}

/// The uutils release the tools come from.
const UUTILS_VERSION: &str = "0.12.0";

fn list() -> ! {
    let mut out = std::io::stdout().lock();
    for (name, _, _) in TOOLS {
        let _ = writeln!(out, "{name}");
    }
    exit(0);
}

fn help() -> ! {
    let names: Vec<&str> = TOOLS.iter().map(|(n, _, _)| *n).collect();
    println!(
        "coreutils {} (multi-call binary)\n\n\
         Usage: coreutils [function [arguments...]]\n       coreutils --list\n\n\
         Runs the tool named by the basename of argv[0], or by the first argument.\n\n\
         Currently defined functions:\n\n    {}",
        env!("CARGO_PKG_VERSION"),
        names.join(", ")
    );
    exit(0);
}

/// Flushes stdout and exits (`std::process::exit` flushes std's stdout buffer too).
fn exit(code: i32) -> ! {
    let _ = std::io::stdout().flush();
    std::process::exit(code)
}

