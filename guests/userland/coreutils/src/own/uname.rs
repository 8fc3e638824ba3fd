//! `uname`: a Burrow VM is not Linux, it is a WASI machine. The fields:
//!
//! | field | option | value |
//! |---|---|---|
//! | kernel name | `-s` | `Burrow` |
//! | node name | `-n` | `/etc/hostname` (`burrow`) |
//! | kernel release | `-r` | the version of this userland (the guest cannot ask the kernel) |
//! | kernel version | `-v` | `#1` |
//! | machine | `-m` | `wasm32` |
//! | processor, hardware platform | `-p`, `-i` | `unknown` (left out of `-a`, like GNU) |
//! | operating system | `-o` | `WASI` |

use std::ffi::OsString;

use super::{opt, parse, quote, usage_error, Parse};

pub const SYSNAME: &str = "Burrow";
pub const MACHINE: &str = "wasm32";
pub const OS: &str = "WASI";

pub fn main(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: uname [OPTION]...\n\
        Print certain system information.  With no OPTION, same as -s.\n\n\
        \x20 -a, --all                print all information, in the following order,\n\
        \x20                            except omit -p and -i if unknown:\n\
        \x20 -s, --kernel-name        print the kernel name\n\
        \x20 -n, --nodename           print the network node hostname\n\
        \x20 -r, --kernel-release     print the kernel release\n\
        \x20 -v, --kernel-version     print the kernel version\n\
        \x20 -m, --machine            print the machine hardware name\n\
        \x20 -p, --processor          print the processor type (non-portable)\n\
        \x20 -i, --hardware-platform  print the hardware platform (non-portable)\n\
        \x20 -o, --operating-system   print the operating system\n\
        \x20     --help        display this help and exit\n\
        \x20     --version     output version information and exit\n";
    let opts = [
        opt(Some('a'), Some("all"), false, "a"),
        opt(Some('s'), Some("kernel-name"), false, "s"),
        opt(None, Some("sysname"), false, "s"),
        opt(Some('n'), Some("nodename"), false, "n"),
        opt(Some('r'), Some("kernel-release"), false, "r"),
        opt(None, Some("release"), false, "r"),
        opt(Some('v'), Some("kernel-version"), false, "v"),
        opt(Some('m'), Some("machine"), false, "m"),
        opt(Some('p'), Some("processor"), false, "p"),
        opt(Some('i'), Some("hardware-platform"), false, "i"),
        opt(Some('o'), Some("operating-system"), false, "o"),
    ];
    let p = match parse(args, &opts, HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };
    if let Some(extra) = p.operands.first() {
        return usage_error(format!("extra operand {}", quote(extra)));
    }
    let all = p.has("a");
    let want = |id: &str| all || p.has(id);
    let none = p.opts.is_empty();
    let mut fields: Vec<String> = Vec::new();
    if none || want("s") {
        fields.push(SYSNAME.into());
    }
    if want("n") {
        fields.push(super::hostname::get());
    }
    if want("r") {
        fields.push(env!("CARGO_PKG_VERSION").into());
    }
    if want("v") {
        fields.push("#1".into());
    }
    if want("m") {
        fields.push(MACHINE.into());
    }
    // Unknown: printed when asked for, left out of -a.
    if p.has("p") {
        fields.push("unknown".into());
    }
    if p.has("i") {
        fields.push("unknown".into());
    }
    if want("o") {
        fields.push(OS.into());
    }
    println!("{}", fields.join(" "));
    0
}
