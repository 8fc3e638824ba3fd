//! Snapshot a VM's files, restore them in a new VM, and clone a VM cheaply:
//! `cargo run --example snapshot [PATH]` (PATH: where to save, `.tar` for an archive, else a
//! directory; a temporary `.tar` by default).
//!
//! A snapshot holds what the VM changed over the shared base image: files it wrote, modes,
//! symlinks, and the base files it removed. Restoring it gives a new VM the same tree; building
//! a VM from [`Vm::snapshot`] directly clones it without copying file contents.

use std::time::Instant;

use burrow::kernel::limits::Limits;
use burrow::{Result, Snapshot, Vm};

fn sh(vm: &Vm, line: &str) -> Result<String> {
    let out = vm.run(&["sh", "-c", line])?;
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join(format!("burrow-snapshot-example-{}.tar", std::process::id())));

    // A VM does some work: a project with a script, a symlink, a private file.
    let vm = Vm::builder().build()?;
    sh(&vm, "mkdir -p proj && cd proj && echo 'echo built' > build.sh && chmod 755 build.sh && ln -s build.sh run && echo secret > key && chmod 600 key")?;

    // Save its files, then start a fresh VM from them.
    vm.snapshot()?.save(&path)?;
    println!("saved {}", path.display());
    let restored = Vm::builder().snapshot(&Snapshot::load(&path, &Limits::default())?).build()?;
    print!("restored VM: {}", sh(&restored, "cd proj && ./run && stat -c '%A %n' build.sh key run; readlink run")?);

    // Clone: the new VM shares the source's file contents until either writes them.
    sh(&vm, "head -c 16777216 /dev/zero > proj/data.bin")?;
    let start = Instant::now();
    let snap = vm.snapshot()?;
    let clone = Vm::builder().snapshot(&snap).build()?;
    println!("cloned a VM holding {} KiB in {:?}", snap.bytes() >> 10, start.elapsed());
    sh(&clone, "echo changed in the clone > proj/key")?;
    print!("source still has: {}", sh(&vm, "cat proj/key")?);
    print!("clone has: {}", sh(&clone, "cat proj/key")?);

    if path.extension().is_some_and(|e| e == "tar") && std::env::args().nth(1).is_none() {
        let _ = std::fs::remove_file(&path);
    }
    Ok(())
}
