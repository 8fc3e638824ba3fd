//! `env`: prints the environment as `KEY=VALUE` lines sorted by key.
//! `env NAME`: prints that variable's value; exits 1 (printing nothing) if it is unset.
use std::io::Write;
use std::os::wasi::ffi::OsStrExt;

fn main() {
    let mut out = std::io::stdout().lock();
    let r = match std::env::args_os().nth(1) {
        Some(name) => match std::env::var_os(&name) {
            Some(v) => out.write_all(v.as_bytes()).and_then(|_| out.write_all(b"\n")),
            None => std::process::exit(1),
        },
        None => {
            let mut vars: Vec<_> = std::env::vars_os().collect();
            vars.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            vars.iter().try_for_each(|(k, v)| {
                out.write_all(k.as_bytes())?;
                out.write_all(b"=")?;
                out.write_all(v.as_bytes())?;
                out.write_all(b"\n")
            })
        }
    };
    if r.is_err() {
        std::process::exit(1);
    }
}
