//! `fork_bomb`: spawns copies of itself, each blocked reading a shared pipe, until `spawn`
//! fails; prints `spawned N children, then ERRNO`, closes the pipe so they all exit, reaps them
//! and prints `reaped N`. Exits 0 when the kernel refused a spawn (the processes limit) and
//! every child was reaped, 1 otherwise. Gives up after 100000 children.
//! `fork_bomb child`: reads stdin to its end and exits 0.
use std::io::Read;

use burrow_guest::process::Command;
use burrow_test_guests::{close_fd, err_name};

const MAX_CHILDREN: usize = 100_000;

fn main() {
    if std::env::args_os().nth(1).is_some_and(|a| a == "child") {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        return;
    }
    let me = std::env::args_os().next().unwrap_or_else(|| "/bin/fork_bomb".into());
    let (r, w) = match burrow_guest::pipe(true, false) {
        Ok(p) => p,
        Err(e) => {
            println!("pipe: {}", err_name(&e));
            std::process::exit(1)
        }
    };
    let mut children = Vec::new();
    let refused = loop {
        if children.len() == MAX_CHILDREN {
            break None;
        }
        match Command::new(&me).arg("child").stdin(r).spawn() {
            Ok(child) => children.push(child),
            Err(e) => break Some(e),
        }
    };
    match &refused {
        Some(e) => println!("spawned {} children, then {}", children.len(), err_name(e)),
        None => println!("spawned {} children, never refused", children.len()),
    }
    close_fd(w);
    close_fd(r);
    let reaped = children.iter_mut().map(|c| c.wait()).filter(|s| s.as_ref().is_ok_and(|s| s.success())).count();
    println!("reaped {reaped}");
    std::process::exit(if refused.is_some() && reaped == children.len() { 0 } else { 1 })
}
