//! `cwd [-k] [DIR [FILE]]`: the working directory and relative path resolution.
//!
//! Prints `cwd CURRENT_DIR` (wasi-libc's, which the start-up constructor set from `$PWD`); with
//! DIR, changes directory to DIR and prints `cwd ...` again; with FILE, reads FILE (a path
//! relative to the new directory) and prints `read FILE: CONTENT` (trailing newline trimmed) or
//! `read FILE: ERRNO`. By default the change is `std::env::set_current_dir` (wasi-libc only, what
//! a plain WASI program does); with `-k` it is `burrow_guest::chdir` (the kernel's directory,
//! then wasi-libc's), and each `cwd` line is followed by `kernel KERNEL_CWD` (`burrow.getcwd`).
//! Exits 1 if a step fails.
use std::path::PathBuf;

use burrow_test_guests::err_name;

fn show(kernel: bool) {
    match std::env::current_dir() {
        Ok(p) => println!("cwd {}", p.display()),
        Err(e) => println!("cwd {}", err_name(&e)),
    }
    if kernel {
        match burrow_guest::getcwd() {
            Ok(p) => println!("kernel {}", p.display()),
            Err(e) => println!("kernel {}", err_name(&e)),
        }
    }
}

fn main() {
    let mut args: Vec<_> = std::env::args_os().skip(1).collect();
    let kernel = args.first().is_some_and(|a| a == "-k");
    if kernel {
        args.remove(0);
    }
    show(kernel);
    let Some(dir) = args.first().map(PathBuf::from) else { return };
    let r = if kernel { burrow_guest::chdir(&dir) } else { std::env::set_current_dir(&dir) };
    if let Err(e) = r {
        println!("chdir {}: {}", dir.display(), err_name(&e));
        std::process::exit(1);
    }
    show(kernel);
    let Some(file) = args.get(1).map(PathBuf::from) else { return };
    match std::fs::read_to_string(&file) {
        Ok(s) => println!("read {}: {}", file.display(), s.strip_suffix('\n').unwrap_or(&s)),
        Err(e) => {
            println!("read {}: {}", file.display(), err_name(&e));
            std::process::exit(1);
        }
    }
}
