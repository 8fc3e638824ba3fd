//! Mounts a host directory into a VM, read-write and read-only: `cargo run --example mount`.
//!
//! A guest sees the mounted directory's files and may change them only through a read-write
//! mount; what it writes there counts against the VM's `fs_bytes` limit (the host's disk is not
//! its to fill), and nothing outside the mounted directory can be reached, whatever `..` or
//! symlinks it tries.

use burrow::kernel::limits::Limits;
use burrow::{MountSpec, Result, Vm};

fn main() -> Result<()> {
    let base = std::env::temp_dir().join(format!("burrow-mount-example-{}", std::process::id()));
    let (project, notes) = (base.join("project"), base.join("notes"));
    std::fs::create_dir_all(&project).expect("temp dir");
    std::fs::create_dir_all(&notes).expect("temp dir");
    std::fs::write(project.join("main.rs"), "fn main() {\n    println!(\"hi\");\n}\n").expect("write");
    std::fs::write(base.join("secret.txt"), "outside both mounts\n").expect("write");

    let vm = Vm::builder()
        .mount(MountSpec { host: project.clone(), guest: "/src".into(), read_only: true })
        .mount(MountSpec { host: notes.clone(), guest: "/notes".into(), read_only: false })
        .limits(Limits { fs_bytes: 1 << 20, ..Limits::default() })
        .build()?;

    let script = "grep -c println /src/main.rs > /notes/count.txt
        echo edit >> /src/main.rs || echo 'read-only: /src is unchanged'
        cat /src/../secret.txt /notes/../secret.txt 2>/dev/null || echo 'no way out of /src or /notes'
        head -c 4000000 /dev/zero > /notes/big || echo 'refused: the 1 MiB limit covers the mount'
        rm -f /notes/big";
    let out = vm.run(&["sh", "-c", script])?;
    print!("{}", String::from_utf8_lossy(&out.stdout));

    let count = std::fs::read_to_string(notes.join("count.txt")).expect("the guest wrote it on the host");
    println!("host sees /notes/count.txt: {}", count.trim());
    assert_eq!(count, "1\n");
    assert_eq!(std::fs::read_to_string(project.join("main.rs")).expect("read").lines().count(), 3);
    assert!(!notes.join("big").exists());
    std::fs::remove_dir_all(&base).expect("clean up");
    Ok(())
}
