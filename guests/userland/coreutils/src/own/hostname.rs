//! `hostname`: the VM's name is `/etc/hostname` (WASI has no `gethostname`). Read-only: a VM
//! process is not root, so setting it fails like it does for a normal user on Linux.

use std::ffi::OsString;

use super::{opt, parse, Parse};

/// The node name: the first line of `/etc/hostname`, or `localhost`.
pub fn get() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .and_then(|s| s.lines().next().map(|l| l.trim().to_string()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".to_string())
}

pub fn main(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: hostname [OPTION]... [NAME]\n\
        Show the system's host name (set it with NAME: root only).\n\n\
        \x20 -s, --short    short host name (up to the first dot)\n\
        \x20 -d, --domain   DNS domain name (after the first dot)\n\
        \x20 -f, --fqdn, --long  full host name\n\
        \x20 -F, --file FILE     set the host name from FILE (root only)\n\
        \x20     --help     display this help and exit\n\
        \x20     --version  output version information and exit\n";
    let opts = [
        opt(Some('s'), Some("short"), false, "short"),
        opt(Some('d'), Some("domain"), false, "domain"),
        opt(Some('f'), Some("fqdn"), false, "fqdn"),
        opt(None, Some("long"), false, "fqdn"),
        opt(Some('A'), Some("all-fqdns"), false, "fqdn"),
        opt(Some('F'), Some("file"), true, "file"),
    ];
    let p = match parse(args, &opts, HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };
    if !p.operands.is_empty() || p.has("file") {
        super::error("you must be root to change the host name");
        return 1;
    }
    let name = get();
    let (short, domain) = match name.split_once('.') {
        Some((s, d)) => (s.to_string(), d.to_string()),
        None => (name.clone(), String::new()),
    };
    match p.opts.last().map(|(id, _)| *id) {
        Some("short") => println!("{short}"),
        Some("domain") => println!("{domain}"),
        _ => println!("{name}"),
    }
    0
}
