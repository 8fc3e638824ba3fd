//! `ctor`: checks that burrow-guest's start-up constructor ran before `main`: wasi-libc's working
//! directory (`std::env::current_dir`) must equal `$PWD`. Prints both, then `ctor ok` (exit 0) or
//! `ctor FAIL` (exit 1). Meaningful only when started in a directory other than `/` (wasi-libc's
//! own starting point).
use burrow_guest as _; // naming the crate is all a guest needs for the constructor to be linked

fn main() {
    let cwd = std::env::current_dir();
    let pwd = std::env::var_os("PWD");
    println!("cwd {}", cwd.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|e| e.to_string()));
    println!("PWD {}", pwd.as_ref().map(|p| p.to_string_lossy().into_owned()).unwrap_or_else(|| "(unset)".into()));
    let ok = matches!((&cwd, &pwd), (Ok(c), Some(p)) if c.as_os_str() == p.as_os_str());
    println!("ctor {}", if ok { "ok" } else { "FAIL" });
    std::process::exit(if ok { 0 } else { 1 })
}
