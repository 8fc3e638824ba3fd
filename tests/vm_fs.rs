//! `Vm::fs`: the host reads and writes a VM's files, and sees what guests do to them at once
//! (and guests see the host's writes), through the same kernel and limits.

mod common;

use burrow::kernel::limits::Limits;
use burrow::kernel::vfs::FileType;
use burrow::kernel::Limit;
use burrow::{Error, Vm};
use common::{runtime, text};

fn vm() -> Vm {
    Vm::builder().runtime(&runtime()).build().expect("vm")
}

#[test]
fn host_writes_are_seen_by_guests_and_guest_writes_by_the_host() {
    let vm = vm();
    let fs = vm.fs();
    fs.create_dir_all("/work/src/deep").unwrap();
    fs.write("/work/src/deep/in.txt", "from the host\n").unwrap();
    let out = vm.run(&["sh", "-c", "cat /work/src/deep/in.txt; printf 'from a guest' > /work/out.txt; ls /work"]).unwrap();
    assert_eq!(text(&out.stdout), "from the host\nout.txt\nsrc\n", "{}", text(&out.stderr));
    assert_eq!(fs.read_to_string("/work/out.txt").unwrap(), "from a guest");
    let meta = fs.metadata("/work/out.txt").unwrap();
    assert!(meta.is_file());
    assert_eq!((meta.len, meta.mode), (12, 0o644));
    fs.append("/work/out.txt", b" and more").unwrap();
    let out = vm.run(&["wc", "-c", "/work/out.txt"]).unwrap();
    assert_eq!(text(&out.stdout), "21 /work/out.txt\n");
}

#[test]
fn listing_renaming_links_and_removal() {
    let vm = vm();
    let fs = vm.fs();
    fs.create_dir("/tmp/d").unwrap();
    for name in ["b", "a", "c"] {
        fs.write(&format!("/tmp/d/{name}"), name).unwrap();
    }
    fs.symlink("a", "/tmp/d/link").unwrap();
    let mut names: Vec<(String, FileType)> = fs.read_dir("/tmp/d").unwrap().iter().map(|e| (e.name_lossy(), e.file_type)).collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        names,
        vec![
            ("a".into(), FileType::Regular),
            ("b".into(), FileType::Regular),
            ("c".into(), FileType::Regular),
            ("link".into(), FileType::Symlink)
        ]
    );
    assert_eq!(fs.read("/tmp/d/link").unwrap(), b"a");
    assert_eq!(fs.symlink_metadata("/tmp/d/link").unwrap().file_type, FileType::Symlink);
    fs.rename("/tmp/d/b", "/tmp/d/c").unwrap();
    assert_eq!(fs.read_to_string("/tmp/d/c").unwrap(), "b");
    assert!(!fs.exists("/tmp/d/b"));
    fs.set_mode("/tmp/d/c", 0o600).unwrap();
    let out = vm.run(&["stat", "-c", "%a", "/tmp/d/c"]).unwrap();
    assert_eq!(text(&out.stdout), "600\n");
    // A directory a guest filled, removed from the host with everything below it.
    let out = vm.run(&["sh", "-c", "mkdir -p /tmp/d/x/y && touch /tmp/d/x/y/z && ln -s /tmp /tmp/d/x/out"]).unwrap();
    assert_eq!(out.code(), 0, "{}", text(&out.stderr));
    fs.remove_dir_all("/tmp/d").unwrap();
    assert!(!fs.exists("/tmp/d"));
    assert!(fs.exists("/tmp"), "the symlink was removed, not followed");
}

#[test]
fn relative_paths_start_at_the_vms_working_directory() {
    let vm = Vm::builder().runtime(&runtime()).cwd("/tmp").build().unwrap();
    let fs = vm.fs();
    fs.create_dir_all("app").unwrap();
    fs.write("app/x", "x").unwrap();
    assert_eq!(fs.read("/tmp/app/x").unwrap(), b"x");
    let out = vm.run(&["cat", "app/x"]).unwrap();
    assert_eq!(text(&out.stdout), "x");
}

#[test]
fn errors_are_typed() {
    let vm = vm();
    let fs = vm.fs();
    assert!(matches!(fs.read("/nope/x"), Err(Error::NotFound { path }) if path == "/nope/x"));
    assert!(matches!(fs.remove_file("/tmp/none"), Err(Error::NotFound { .. })));
    fs.create_dir("/tmp/full").unwrap();
    fs.write("/tmp/full/f", "x").unwrap();
    let err = fs.remove_dir("/tmp/full").unwrap_err();
    assert!(matches!(err, Error::Kernel { errno, .. } if errno == burrow::kernel::Errno::ENOTEMPTY), "{err}");
    let err = fs.read("/tmp/full").unwrap_err();
    assert!(matches!(err, Error::Kernel { errno, .. } if errno == burrow::kernel::Errno::EISDIR), "{err}");
    assert!(fs.create_dir_all("/tmp/full/f/g").is_err(), "a file is no directory");
}

#[test]
fn host_writes_count_against_the_vms_limits() {
    let vm = Vm::builder().runtime(&runtime()).limits(Limits { fs_bytes: 1 << 20, ..Limits::default() }).build().unwrap();
    let fs = vm.fs();
    fs.write("/tmp/small", vec![1u8; 512 << 10]).unwrap();
    let err = fs.write("/tmp/big", vec![1u8; 1 << 20]).unwrap_err();
    assert!(matches!(err, Error::LimitExceeded { limit: Limit::FsBytes, .. }), "{err}");
    // What was written before the limit stays readable, and removing frees the space.
    assert_eq!(fs.read("/tmp/small").unwrap().len(), 512 << 10);
    fs.remove_file("/tmp/small").unwrap();
    fs.remove_file("/tmp/big").unwrap();
    fs.write("/tmp/big", vec![1u8; 900 << 10]).unwrap();
}

#[test]
fn files_seeded_by_the_builder_belong_to_the_vm_user_and_count_against_its_limits() {
    let vm = Vm::builder()
        .runtime(&runtime())
        .file("/srv/app/run.sh", "#!/bin/sh\necho \"run by $(id -u) in $(pwd)\"\n", 0o755)
        .file("/srv/app/data/config.json", "{\"n\": 1}\n", 0o600)
        .cwd("/srv/app")
        .build()
        .expect("vm");
    let out = vm.run(&["./run.sh"]).unwrap();
    assert_eq!(text(&out.stdout), "run by 1000 in /srv/app\n", "{}", text(&out.stderr));
    let out = vm.run(&["sh", "-c", "stat -c '%a %u %s' data/config.json && echo more >> data/config.json"]).unwrap();
    assert_eq!(text(&out.stdout), "600 1000 9\n", "{}", text(&out.stderr));
    assert_eq!(vm.stats().fs_bytes, vm.fs().metadata("/srv/app/run.sh").unwrap().len + 14);
    // A seed over the VM's limits, or with a relative path, is refused when the VM is built.
    let too_big = Vm::builder().runtime(&runtime()).limits(Limits { fs_bytes: 1000, ..Limits::default() }).file("/big", vec![0u8; 5000], 0o644).build();
    assert!(matches!(too_big, Err(Error::LimitExceeded { limit: Limit::FsBytes, .. })), "{:?}", too_big.err());
    let relative = Vm::builder().runtime(&runtime()).file("rel.txt", "x", 0o644).build();
    assert!(matches!(relative, Err(Error::InvalidSetting(_))), "{:?}", relative.err());
}
