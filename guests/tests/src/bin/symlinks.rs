//! `symlinks DIR`: symbolic links inside DIR (which must exist): relative and absolute links,
//! `readlink`, following (`stat` vs `lstat`, reading through a link, a link inside a subdirectory
//! resolved against that subdirectory, a link to a directory), a dangling link, a two-link loop
//! (ELOOP), EEXIST and EINVAL cases, and that removing a link keeps its target. Prints one line
//! per check and a summary; exits 0 only if every check passed.
//!
//! Links are made with `std::fs::soft_link` (deprecated on Unix, but the only stable way on WASI;
//! it is `path_symlink`).
#![allow(deprecated)]

use std::fs;
use std::path::PathBuf;

use burrow_guest::errno::{EEXIST, EINVAL, ELOOP, ENOENT};
use burrow_test_guests::{arg, Checks};

fn main() {
    let dir = PathBuf::from(arg(1, "DIR"));
    // An absolute link needs an absolute target: resolve DIR against the working directory.
    let dir = if dir.is_absolute() { dir } else { std::env::current_dir().map(|c| c.join(&dir)).unwrap_or(dir) };
    let mut c = Checks::new("symlinks");
    let target = dir.join("target.txt");
    let rel = dir.join("rel");
    let abs = dir.join("abs");

    c.ok("write target", fs::write(&target, b"target\n"));
    c.ok("relative link", fs::soft_link("target.txt", &rel));
    c.ok("absolute link", fs::soft_link(&target, &abs));
    c.eq("readlink relative", fs::read_link(&rel).ok(), Some(PathBuf::from("target.txt")));
    c.eq("readlink absolute", fs::read_link(&abs).ok(), Some(target.clone()));
    c.eq("read through relative", fs::read(&rel).ok(), Some(b"target\n".to_vec()));
    c.eq("read through absolute", fs::read(&abs).ok(), Some(b"target\n".to_vec()));
    c.eq("lstat is symlink", fs::symlink_metadata(&rel).map(|m| m.file_type().is_symlink()).ok(), Some(true));
    c.eq("stat follows", fs::metadata(&rel).map(|m| (m.is_file(), m.len())).ok(), Some((true, 7)));

    c.ok("mkdir sub", fs::create_dir(dir.join("sub")));
    c.ok("link in subdir", fs::soft_link("../target.txt", dir.join("sub/up")));
    c.eq("relative to the link's dir", fs::read(dir.join("sub/up")).ok(), Some(b"target\n".to_vec()));
    c.ok("write sub/f", fs::write(dir.join("sub/f"), b"f"));
    c.ok("link to dir", fs::soft_link("sub", dir.join("sublink")));
    c.eq("read via dir link", fs::read(dir.join("sublink/f")).ok(), Some(b"f".to_vec()));
    c.eq("dir link stats as dir", fs::metadata(dir.join("sublink")).map(|m| m.is_dir()).ok(), Some(true));

    let dangling = dir.join("dangling");
    c.ok("dangling link", fs::soft_link("missing", &dangling));
    c.eq("lstat dangling", fs::symlink_metadata(&dangling).map(|m| m.file_type().is_symlink()).ok(), Some(true));
    c.errno("stat dangling", fs::metadata(&dangling), ENOENT);
    c.errno("open dangling", fs::File::open(&dangling), ENOENT);
    c.eq("readlink dangling", fs::read_link(&dangling).ok(), Some(PathBuf::from("missing")));

    c.ok("loop link 1", fs::soft_link("loop2", dir.join("loop1")));
    c.ok("loop link 2", fs::soft_link("loop1", dir.join("loop2")));
    c.errno("open loop", fs::File::open(dir.join("loop1")), ELOOP);
    c.errno("stat loop", fs::metadata(dir.join("loop1")), ELOOP);
    c.eq(
        "loop error kind",
        fs::File::open(dir.join("loop1")).err().map(|e| format!("{:?}", e.kind())),
        Some("FilesystemLoop".into()),
    );

    c.errno("link onto existing", fs::soft_link("x", &rel), EEXIST);
    c.errno("readlink of file", fs::read_link(&target), EINVAL);

    c.ok("remove link", fs::remove_file(&rel));
    c.errno("link gone", fs::symlink_metadata(&rel), ENOENT);
    c.eq("target kept", fs::read(&target).ok(), Some(b"target\n".to_vec()));

    for name in ["abs", "dangling", "loop1", "loop2", "sublink", "sub/up", "sub/f", "target.txt"] {
        let _ = fs::remove_file(dir.join(name));
    }
    c.ok("cleanup", fs::remove_dir(dir.join("sub")));
    c.finish()
}
