//! VM snapshots: a VM's files saved as a tar archive or a directory and restored into a new
//! VM that sees exactly the same tree; cheap clones that are independent of their source;
//! quota accounting in restored and cloned VMs; hostile archives refused with typed errors.

#[macro_use]
mod common;

use std::sync::OnceLock;
use std::time::Instant;

use burrow::kernel::limits::Limits;
use burrow::kernel::vfs::FileType;
use burrow::kernel::{Limit, AT_FDCWD};
use burrow::{BackendKind, Error, Runtime, Snapshot, Vm};
use common::text;

/// A scenario's backend.
struct Backend(BackendKind);

/// A runtime whose base image has files the VM's user may remove: `/home/user/base/*` and
/// `/home/user/olddir/x`.
fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        Runtime::builder()
            .cache_dir(Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache")))
            .file("/home/user/base/keep.txt", "kept\n", 0o644)
            .file("/home/user/base/gone.txt", "removed by the guest\n", 0o644)
            .file("/home/user/olddir/x", "hidden once the directory is replaced\n", 0o644)
            .build()
            .expect("runtime")
    })
    .clone()
}

fn builder(b: &Backend) -> burrow::VmBuilder {
    Vm::builder().runtime(&runtime()).backend(b.0)
}

/// Runs a shell line, which must succeed; returns its stdout.
fn sh(vm: &Vm, line: &str) -> String {
    let out = vm.run(&["/bin/sh", "-c", line]).unwrap();
    assert!(out.status.success(), "{line}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// The guest's changes: files, a large file, modes, a symlink, a hard link, an empty
/// directory, a removed base file, a base file changed in place, a replaced base directory.
const CHANGES: &str = "set -e
cd /home/user
mkdir -p proj/src empty
printf 'hello' > proj/a.txt
i=0; while [ $i -lt 2000 ]; do echo \"line $i of a file large enough to span chunks ....................\"; i=$((i+1)); done > proj/big.txt
chmod 600 proj/a.txt
chmod 750 proj/src
ln -s ../a.txt proj/src/link
ln proj/a.txt proj/hard
rm base/gone.txt
chmod 640 base/keep.txt
rm -r olddir
mkdir olddir
echo new > olddir/y
mkfifo proj/fifo 2>/dev/null || true
";

/// Everything a guest could observe of the VM's tree (but /dev): per directory its names in
/// listing order; per path its type, mode, owner, size, mtime, link count, content or target,
/// and inode number when it is the base's (the VM's own files are numbered as they are made).
fn state(vm: &Vm) -> Vec<String> {
    let init = vm.kernel().init();
    let fs = vm.fs();
    let mut out = Vec::new();
    let mut pending = vec!["/".to_string()];
    while let Some(dir) = pending.pop() {
        let mut entries = fs.read_dir(&dir).unwrap();
        out.push(format!("{dir}: {}", entries.iter().map(|e| e.name_lossy()).collect::<Vec<_>>().join(" ")));
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        for e in entries {
            let path = format!("{}/{}", dir.trim_end_matches('/'), e.name_lossy());
            if path == "/dev" {
                continue;
            }
            let st = init.stat(AT_FDCWD, path.as_bytes(), false).unwrap();
            let detail = match st.file_type() {
                FileType::Regular => format!("{:x}", hash(&fs.read(&path).unwrap())),
                FileType::Symlink => text(&init.readlink(AT_FDCWD, path.as_bytes()).unwrap()),
                FileType::Directory => {
                    pending.push(path.clone());
                    String::new()
                }
                _ => String::new(),
            };
            out.push(format!(
                "{path} {:?} {:o} {}:{} size={} mtime={}.{:09} nlink={} ino={} {detail}",
                st.file_type(),
                st.mode & 0o7777,
                st.uid,
                st.gid,
                if st.file_type() == FileType::Directory { 0 } else { st.size },
                st.mtime.sec,
                st.mtime.nsec,
                st.nlink,
                if st.ino < 1 << 40 { st.ino.to_string() } else { "own".into() },
            ));
        }
    }
    out.sort();
    out
}

/// Compares two [`state`]s, naming the first line that differs.
fn same_state(got: &[String], want: &[String], what: &str) {
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w, "{what}");
    }
    assert_eq!(got.len(), want.len(), "{what}: {got:?}");
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// What the restored VM's guests see of the changes.
fn check_guest_view(vm: &Vm) {
    let out = sh(
        vm,
        "cd /home/user; cat proj/src/link; echo; ls base; ls olddir; stat -c '%a' proj/a.txt base/keep.txt proj/src; \
         wc -l < proj/big.txt; ls empty | wc -l",
    );
    assert_eq!(out, "hello\nkeep.txt\ny\n600\n640\n750\n2000\n0\n");
}

/// Snapshot to a tar archive and to a directory, restore each in a new VM: the same tree.
fn tar_and_directory_round_trip(b: Backend) {
    let vm = builder(&b).build().unwrap();
    sh(&vm, CHANGES);
    let before = state(&vm);
    assert!(before.iter().any(|l| l.starts_with("/home/user/proj/big.txt ")));
    assert!(!before.iter().any(|l| l.starts_with("/home/user/base/gone.txt ")));
    let snap = vm.snapshot().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let tar = tmp.path().join("snap.tar");
    let dir = tmp.path().join("snapdir");
    snap.save(&tar).unwrap();
    snap.save(&dir).unwrap();
    assert!(dir.join("manifest").is_file() && tar.is_file());
    for path in [&tar, &dir] {
        let loaded = Snapshot::load(path, &Limits::default()).unwrap();
        assert_eq!((loaded.bytes(), loaded.inodes()), (snap.bytes(), snap.inodes()), "{}", path.display());
        let restored = builder(&b).snapshot(&loaded).build().unwrap();
        same_state(&state(&restored), &before, &format!("restored from {}", path.display()));
        check_guest_view(&restored);
    }
    // A snapshot of a restored VM is the same archive again.
    let again = tmp.path().join("again.tar");
    let restored = builder(&b).snapshot(&Snapshot::load(&tar, &Limits::default()).unwrap()).build().unwrap();
    restored.snapshot().unwrap().save(&again).unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&tar).unwrap());
}

/// A clone sees the source's files at the time of the clone; afterwards each changes alone.
fn clone_is_independent(b: Backend) {
    let vm = builder(&b).build().unwrap();
    sh(&vm, CHANGES);
    let at_clone = state(&vm);
    let clone = builder(&b).snapshot(&vm.snapshot().unwrap()).build().unwrap();
    same_state(&state(&clone), &at_clone, "clone");
    sh(&clone, "echo clone >> /home/user/proj/big.txt; rm /home/user/base/keep.txt; echo c > /tmp/only-clone");
    sh(&vm, "echo source > /home/user/proj/a.txt; echo s > /tmp/only-source");
    assert_eq!(
        sh(&vm, "tail -n 1 /home/user/proj/big.txt; ls /home/user/base; ls /tmp"),
        format!("line 1999 of a file large enough to span chunks ....................\nkeep.txt\nonly-source\n")
    );
    assert_eq!(
        sh(&clone, "tail -n 1 /home/user/proj/big.txt; cat /home/user/proj/hard; echo; ls /tmp"),
        "clone\nhello\nonly-clone\n"
    );
    drop(vm);
    assert_eq!(sh(&clone, "cat /home/user/proj/src/link"), "hello");
}

every_backend!(tar_and_directory_round_trip, clone_is_independent);

/// A restored or cloned VM is charged for everything in the snapshot, as if it had written it.
#[test]
fn restored_and_cloned_vms_charge_their_quota() {
    let b = Backend(BackendKind::Wasmtime);
    let vm = builder(&b).build().unwrap();
    sh(&vm, "head -c 100000 /dev/zero | tr '\\0' x > /home/user/f; mkdir /home/user/d");
    let snap = vm.snapshot().unwrap();
    let root_usage = |vm: &Vm| vm.kernel().mounts().root().mount.fs().usage();
    let source = root_usage(&vm);
    assert_eq!((snap.bytes(), snap.inodes()), (source.bytes_used, source.inodes_used));
    let clone = builder(&b).snapshot(&snap).build().unwrap();
    assert_eq!(root_usage(&clone).bytes_used, source.bytes_used);
    assert_eq!(root_usage(&clone).inodes_used, source.inodes_used);
    // Too small for the snapshot: a typed error when the VM is built.
    let small = Limits { fs_bytes: 50_000, ..Limits::default() };
    match builder(&b).limits(small).snapshot(&snap).build() {
        Err(Error::LimitExceeded { limit: Limit::FsBytes, max: 50_000 }) => {}
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("the snapshot fit 50000 bytes"),
    }
    let few = Limits { fs_inodes: 2, ..Limits::default() };
    assert!(matches!(
        builder(&b).limits(few).snapshot(&snap).build(),
        Err(Error::LimitExceeded { limit: Limit::FsInodes, .. })
    ));
    // Just enough: what the snapshot holds is charged, so only the rest can be written.
    let tight = Limits { fs_bytes: source.bytes_used + 1000, ..Limits::default() };
    let vm = builder(&b).limits(tight).snapshot(&snap).build().unwrap();
    sh(&vm, "head -c 900 /dev/zero > /home/user/fits");
    let out = vm.run(&["/bin/sh", "-c", "head -c 5000 /dev/zero > /home/user/too-much"]).unwrap();
    assert!(!out.status.success());
    assert!(out.limits_hit.contains(&Limit::FsBytes), "{out:?}");
    // Removing a file of the snapshot gives its bytes back.
    sh(&vm, "rm /home/user/f; head -c 5000 /dev/zero > /home/user/now-fits");
    // A snapshot read from disk is held to the limits given.
    let tmp = tempfile::tempdir().unwrap();
    snap.save(tmp.path().join("s.tar")).unwrap();
    assert!(matches!(
        Snapshot::load(tmp.path().join("s.tar"), &small),
        Err(Error::LimitExceeded { limit: Limit::FsBytes, .. })
    ));
}

/// Cloning costs the number of files, not their bytes: a VM with 48 MiB of files clones in
/// about the time of one with a few KiB.
#[test]
fn clone_is_cheap() {
    let b = Backend(BackendKind::Wasmtime);
    let limits = Limits { fs_bytes: 256 << 20, ..Limits::default() };
    let vm = builder(&b).limits(limits).build().unwrap();
    let fs = vm.fs();
    let chunk = vec![0x5au8; 1 << 20];
    for i in 0..48 {
        fs.write(&format!("/home/user/blob{i}"), &chunk).unwrap();
    }
    let start = Instant::now();
    let snap = vm.snapshot().unwrap();
    let clone = builder(&b).limits(limits).snapshot(&snap).build().unwrap();
    let took = start.elapsed();
    eprintln!("snapshot + clone of a VM with {} MiB in 48 files: {took:?}", snap.bytes() >> 20);
    assert_eq!(snap.bytes(), 48 << 20);
    assert!(took.as_millis() < 500, "clone took {took:?}");
    clone.fs().write("/home/user/blob0", b"changed").unwrap();
    assert_eq!(vm.fs().read("/home/user/blob0").unwrap(), chunk);
    let tmp = tempfile::tempdir().unwrap();
    let start = Instant::now();
    snap.save(tmp.path().join("s.tar")).unwrap();
    eprintln!("export of 48 MiB to tar: {:?}", start.elapsed());
}

/// A VM whose root is a host directory has no snapshot; a snapshot cannot go over one.
#[test]
fn host_root_vms_have_no_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let vm = Vm::builder().runtime(&runtime()).root_dir(tmp.path()).build().unwrap();
    assert!(matches!(vm.snapshot(), Err(Error::InvalidSetting(_))));
    let snap = builder(&Backend(BackendKind::Wasmtime)).build().unwrap().snapshot().unwrap();
    let built = Vm::builder().runtime(&runtime()).root_dir(tmp.path()).snapshot(&snap).build();
    assert!(matches!(built, Err(Error::InvalidSetting(_))));
}

/// One ustar member: a 512-byte header (name, octal fields, checksum) and its padded data.
fn member(name: &str, kind: u8, link: &str, size: u64, data: &[u8]) -> Vec<u8> {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    let octal = |h: &mut [u8; 512], at: usize, len: usize, v: u64| {
        let s = format!("{v:0w$o}\0", w = len - 1);
        h[at..at + len].copy_from_slice(s.as_bytes());
    };
    octal(&mut h, 100, 8, if kind == b'5' { 0o755 } else { 0o644 });
    octal(&mut h, 108, 8, 1000);
    octal(&mut h, 116, 8, 1000);
    octal(&mut h, 124, 12, size);
    octal(&mut h, 136, 12, 1_700_000_000);
    h[156] = kind;
    h[157..157 + link.len()].copy_from_slice(link.as_bytes());
    h[257..265].copy_from_slice(b"ustar\x0000");
    h[148..156].fill(b' ');
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut out = h.to_vec();
    out.extend_from_slice(data);
    out.resize(out.len().next_multiple_of(512), 0);
    out
}

fn archive(members: &[Vec<u8>]) -> Vec<u8> {
    let mut out = members.concat();
    out.extend_from_slice(&[0; 1024]);
    out
}

fn dir(name: &str) -> Vec<u8> {
    member(name, b'5', "", 0, b"")
}

fn file(name: &str, data: &[u8]) -> Vec<u8> {
    member(name, b'0', "", data.len() as u64, data)
}

fn read(bytes: &[u8], limits: &Limits) -> Result<Snapshot, Error> {
    Snapshot::read_tar(bytes, limits)
}

fn invalid(bytes: &[u8]) -> String {
    match read(bytes, &Limits::default()) {
        Err(Error::InvalidSnapshot { entry, reason }) => format!("{entry}: {reason}"),
        Err(e) => panic!("expected InvalidSnapshot, got {e:?}"),
        Ok(_) => panic!("a hostile archive was accepted"),
    }
}

#[test]
fn hostile_tar_archives_are_refused_with_typed_errors() {
    let outside = tempfile::tempdir().unwrap();
    let home = [dir("home/"), dir("home/user/")];
    let with_home = |more: Vec<Vec<u8>>| archive(&[home.to_vec(), more].concat());
    // Path traversal and absolute paths.
    assert!(invalid(&archive(&[file("../evil", b"x")])).starts_with("../evil: "));
    assert!(invalid(&with_home(vec![file("home/user/../../../evil", b"x")])).contains("relative"));
    assert!(invalid(&archive(&[file("/etc/passwd", b"x")])).contains("absolute"));
    let target = outside.path().to_str().unwrap();
    // A symlink, then a file through it (pointing outside the VM and inside it).
    for link in [target, "/etc", ".."] {
        let hostile = with_home(vec![member("home/user/l", b'2', link, 0, b""), file("home/user/l/planted", b"x")]);
        assert!(invalid(&hostile).contains("symlink is never followed"), "{link}");
    }
    // A hard link out of the archive, or to a directory.
    assert!(invalid(&with_home(vec![member("home/user/h", b'1', "../../etc/passwd", 0, b"")])).contains("relative"));
    assert!(invalid(&with_home(vec![member("home/user/h", b'1', "home", 0, b"")])).contains("hard link"));
    // A missing parent, a duplicate, a device node, a name too long.
    assert!(invalid(&archive(&[file("nowhere/f", b"x")])).contains("parent"));
    assert!(invalid(&with_home(vec![file("home/user/f", b"1"), file("home/user/f", b"2")])).contains("twice"));
    assert!(invalid(&with_home(vec![member("home/user/dev", b'3', "", 0, b"")])).contains("unsupported"));
    assert!(
        invalid(&with_home(vec![file("home/user/f", b"x"), file("home/user/f/x", b"x")])).contains("not a directory")
    );
    // Sizes past the data: truncated archives, a huge claimed size.
    let whole = with_home(vec![file("home/user/f", &[7u8; 3000])]);
    assert!(invalid(&whole[..whole.len() - 1024 - 1000]).contains("truncated"));
    assert!(
        invalid(&with_home(vec![member("home/user/huge", b'0', "", 0o77777777777, &[1u8; 700])])).contains("truncated")
    );
    // Not an archive at all.
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7 + 3) as u8).collect();
    assert!(invalid(&junk).contains("tar"));
    // Past the limits: typed limit errors, found while reading.
    let small = Limits { fs_bytes: 1000, ..Limits::default() };
    assert!(matches!(
        read(&with_home(vec![file("home/user/f", &[1u8; 5000])]), &small),
        Err(Error::LimitExceeded { limit: Limit::FsBytes, max: 1000 })
    ));
    let few = Limits { fs_inodes: 3, ..Limits::default() };
    assert!(matches!(
        read(&with_home(vec![file("home/user/a", b"1"), file("home/user/b", b"2")]), &few),
        Err(Error::LimitExceeded { limit: Limit::FsInodes, .. })
    ));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing was written outside the VM");
    // A well-formed foreign archive is fine: it starts a VM with its files.
    let good = with_home(vec![file("home/user/hello.txt", b"hi\n"), member("home/user/l", b'2', "hello.txt", 0, b"")]);
    let snap = read(&good, &Limits::default()).unwrap();
    let vm = builder(&Backend(BackendKind::Wasmtime)).snapshot(&snap).build().unwrap();
    assert_eq!(sh(&vm, "cat /home/user/l; ls /bin/sh"), "hi\n/bin/sh\n");
}

#[test]
fn hostile_snapshot_directories_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let snap = tmp.path().join("s");
    std::fs::create_dir_all(snap.join("files/home/user")).unwrap();
    let write_manifest =
        |lines: &str| std::fs::write(snap.join("manifest"), format!("burrow-snapshot 1\n{lines}")).unwrap();
    let head = "d 755 0 0 0.0 0.0 home\nd 755 1000 1000 0.0 0.0 home/user\n";
    let load = || Snapshot::read_dir(&snap, &Limits::default());
    let reason = || match load() {
        Err(Error::InvalidSnapshot { entry, reason }) => format!("{entry}: {reason}"),
        Err(e) => panic!("expected InvalidSnapshot, got {e:?}"),
        Ok(_) => panic!("a hostile snapshot was accepted"),
    };
    write_manifest(&format!("{head}f 644 0 0 0.0 0.0 ../x\n"));
    assert!(reason().contains("relative"));
    write_manifest(&format!("{head}f 644 0 0 0.0 0.0 %2Fetc%2Fpasswd\n"));
    assert!(reason().contains("relative"));
    write_manifest(&format!("{head}l 777 0 0 0.0 0.0 home/user/l /etc\nf 644 0 0 0.0 0.0 home/user/l/passwd\n"));
    assert!(reason().contains("symlink is never followed"));
    write_manifest(&format!("{head}q 644 0 0 0.0 0.0 home/user/x\n"));
    assert!(reason().contains("unknown kind"));
    // The content of a file may not be a symlink out of the snapshot.
    let secret = tmp.path().join("secret");
    std::fs::write(&secret, "host secret").unwrap();
    std::os::unix::fs::symlink(&secret, snap.join("files/home/user/f")).unwrap();
    write_manifest(&format!("{head}f 644 0 0 0.0 0.0 home/user/f\n"));
    assert!(reason().contains("not a regular file"));
    std::fs::write(snap.join("manifest"), "something else\n").unwrap();
    assert!(reason().contains("not a burrow snapshot"));
    // Saving into a directory that holds something is refused, not merged.
    let vm = builder(&Backend(BackendKind::Wasmtime)).build().unwrap();
    assert!(matches!(vm.snapshot().unwrap().save(&snap), Err(Error::HostPath { .. })));
}

/// A guest makes a terabyte-sized sparse file with one call: a clone shares it for free, but a
/// snapshot written to disk holds at most 1 GiB of holes, so saving it is a typed error, not a
/// terabyte of zeros. Smaller holes round trip (and stay holes).
#[test]
fn sparse_files_are_saved_only_within_a_bound() {
    let b = Backend(BackendKind::Wasmtime);
    let vm = builder(&b).build().unwrap();
    sh(&vm, "truncate -s 10M /home/user/small-hole && echo end >> /home/user/small-hole");
    let tmp = tempfile::tempdir().unwrap();
    vm.snapshot().unwrap().save(tmp.path().join("ok.tar")).unwrap();
    assert!(std::fs::metadata(tmp.path().join("ok.tar")).unwrap().len() > 10 << 20);
    let restored =
        builder(&b).snapshot(&Snapshot::load(tmp.path().join("ok.tar"), &Limits::default()).unwrap()).build().unwrap();
    assert_eq!(sh(&restored, "tail -c 4 /home/user/small-hole; wc -c < /home/user/small-hole"), "end\n10485764\n");
    sh(&vm, "truncate -s 1T /home/user/huge");
    let start = Instant::now();
    let clone = builder(&b).snapshot(&vm.snapshot().unwrap()).build().unwrap();
    assert!(start.elapsed().as_millis() < 500);
    assert_eq!(sh(&clone, "stat -c %s /home/user/huge"), "1099511627776\n");
    for name in ["huge.tar", "huge-dir"] {
        match vm.snapshot().unwrap().save(tmp.path().join(name)) {
            Err(Error::InvalidSnapshot { entry, reason }) => {
                assert_eq!(entry, "home/user/huge");
                assert!(reason.contains("holes"), "{reason}");
            }
            other => panic!("{name}: {other:?}"),
        }
        assert!(!tmp.path().join(name).exists(), "{name}: a failed save leaves nothing");
    }
}
