//! Path calls: `path_open` flags and access modes, symlinks, confinement of path text,
//! directory listing across calls, and the errors of rename, unlink, rmdir, link, symlink and
//! readlink (as the WASI conformance suite expects them).

mod common;

use std::collections::BTreeMap;

use burrow_wasi::types::{filetype, oflags, rights, Errno};
use burrow_wasi::wasi_snapshot_preview1 as p1;
use common::*;

const RW: u64 = rights::FD_READ | rights::FD_WRITE;
const FOLLOW: i32 = 1;

fn mkdir(g: &mut Guest, path: &[u8]) -> i32 {
    g.path_call(p1::path_create_directory, path)
}

fn symlink(g: &mut Guest, target: &[u8], dir: i32, path: &[u8]) -> i32 {
    let t = g.put(target);
    let p = g.put(path);
    p1!(g, path_symlink, t, target.len() as i32, dir, p, path.len() as i32)
}

fn rename(g: &mut Guest, old: &[u8], new: &[u8]) -> i32 {
    let o = g.put(old);
    let n = g.put(new);
    p1!(g, path_rename, PREOPEN, o, old.len() as i32, PREOPEN, n, new.len() as i32)
}

fn link(g: &mut Guest, follow: bool, old: &[u8], new: &[u8]) -> i32 {
    let o = g.put(old);
    let n = g.put(new);
    p1!(g, path_link, PREOPEN, follow as i32, o, old.len() as i32, PREOPEN, n, new.len() as i32)
}

fn readlink(g: &mut Guest, path: &[u8], len: u32) -> Result<Vec<u8>, i32> {
    let p = g.put(path);
    let buf = g.alloc(len.max(1));
    match p1!(g, path_readlink, PREOPEN, p, path.len() as i32, buf, len as i32, OUT) {
        0 => Ok(g.bytes(buf, g.u32_at(OUT) as usize).to_vec()),
        e => Err(e),
    }
}

/// A subdirectory opened as a descriptor, as the conformance suite's scratch directories are.
fn scratch(g: &mut Guest, name: &[u8]) -> i32 {
    assert_eq!(mkdir(g, name), 0);
    g.open(PREOPEN, name, oflags::DIRECTORY, rights::DIRECTORY_BASE, 0, 0).unwrap()
}

#[test]
fn open_create_excl_trunc_directory() {
    let mut g = Guest::new();
    assert_eq!(g.open(3, b"f", 0, RW, 0, 0), Err(Errno::NOENT.raw()));
    let fd = g.open(3, b"f", oflags::CREAT, RW, 0, 0).unwrap();
    assert_ne!(fd, 3);
    assert_eq!(g.write(fd, &[b"content"]), Ok(7));
    assert_eq!(g.open(3, b"f", oflags::CREAT | oflags::EXCL, RW, 0, 0), Err(Errno::EXIST.raw()));
    // O_CREAT on an existing file just opens it.
    let again = g.open(3, b"f", oflags::CREAT, rights::FD_READ, 0, 0).unwrap();
    assert_eq!(g.read(again, &[100]).unwrap(), b"content");
    // Truncation, even with no rights asked for.
    let t = g.open(3, b"f", oflags::TRUNC, 0, 0, 0).unwrap();
    assert_eq!(g.fstat(t).unwrap().size, 0);
    assert_eq!(g.open(3, b"f", oflags::DIRECTORY, 0, 0, 0), Err(Errno::NOTDIR.raw()));
    assert_eq!(g.open(3, b"f", oflags::CREAT | oflags::DIRECTORY, 0, 0, 0), Err(Errno::INVAL.raw()));
    assert_eq!(g.open(3, b"f", 1 << 4, 0, 0, 0), Err(Errno::INVAL.raw()));
    assert_eq!(g.open(3, b"f", 0, 0, 1 << 5, 0), Err(Errno::INVAL.raw()));
    // Opening through a file as if it were a directory.
    assert_eq!(g.open(fd, b"x", oflags::CREAT, 0, 0, 0), Err(Errno::NOTDIR.raw()));
    assert_eq!(g.open(-100, b"f", 0, 0, 0, 0), Err(Errno::BADF.raw()));
    assert_eq!(g.open(200, b"f", 0, 0, 0, 0), Err(Errno::BADF.raw()));
    // Trailing slashes need a directory.
    assert_eq!(g.open(3, b"f/", 0, 0, 0, 0), Err(Errno::NOTDIR.raw()));
    assert_eq!(g.open(3, b"f///", 0, 0, 0, 0), Err(Errno::NOTDIR.raw()));
    assert_eq!(g.open(3, b"", 0, 0, 0, 0), Err(Errno::NOENT.raw()));
}

#[test]
fn open_directories() {
    let mut g = Guest::new();
    assert_eq!(mkdir(&mut g, b"d"), 0);
    assert_eq!(mkdir(&mut g, b"d"), Errno::EXIST.raw());
    for (path, of) in [(&b"d"[..], oflags::DIRECTORY), (b"d/", 0), (b"d///", 0), (b".", 0), (b".", oflags::DIRECTORY)] {
        let fd = g.open(3, path, of, 0, 0, 0).unwrap();
        assert_eq!(g.fdstat(fd).unwrap().0, filetype::DIRECTORY);
    }
    // With the read right, and non-blocking.
    assert!(g.open(3, b".", oflags::DIRECTORY, rights::FD_READ, 0, 0).is_ok());
    assert!(g.open(3, b".", 0, 0, burrow_wasi::types::fdflags::NONBLOCK, 0).is_ok());
    // O_DIRECTORY with writing rights: a directory cannot be written.
    assert_eq!(g.open(3, b".", oflags::DIRECTORY, RW, 0, 0), Err(Errno::ISDIR.raw()));
    // Without O_DIRECTORY, every right asked for (a program's default): opened read-only.
    let fd = g.open(3, b"d", 0, u64::MAX, 0, 0).unwrap();
    assert_eq!(g.fdstat(fd).unwrap().0, filetype::DIRECTORY);
    // Unless creating or truncating.
    assert_eq!(g.open(3, b"d", oflags::CREAT, RW, 0, 0), Err(Errno::ISDIR.raw()));
    assert_eq!(g.open(3, b"d", oflags::TRUNC, RW, 0, 0), Err(Errno::ISDIR.raw()));
    // The preopen's own rights can be passed back (what the conformance suite's harness does).
    let (_, _, base, inh) = g.fdstat(3).unwrap();
    let p = g.put(b".");
    assert_eq!(p1!(g, path_open, 3, 0, p, 1, oflags::DIRECTORY as i32, base as i64, inh as i64, 0, OUT), 0);
}

#[test]
fn symlinks_are_followed_only_when_asked() {
    let mut g = Guest::new();
    assert_eq!(mkdir(&mut g, b"target"), 0);
    assert_eq!(symlink(&mut g, b"target", 3, b"link"), 0);
    // O_DIRECTORY is checked before the symlink is refused, as on Linux.
    assert_eq!(g.open(3, b"link", oflags::DIRECTORY, 0, 0, 0), Err(Errno::NOTDIR.raw()));
    assert_eq!(g.open(3, b"link", 0, 0, 0, 0), Err(Errno::LOOP.raw()));
    assert!(g.open(3, b"link", oflags::DIRECTORY, 0, 0, FOLLOW).is_ok());
    assert_eq!(g.stat(b"link", false).unwrap().filetype, filetype::SYMBOLIC_LINK);
    assert_eq!(g.stat(b"link", true).unwrap().filetype, filetype::DIRECTORY);
    // A symlink to a file.
    let f = g.create(b"file");
    assert_eq!(g.write(f, &[b"12345"]), Ok(5));
    assert_eq!(symlink(&mut g, b"file", 3, b"flink"), 0);
    assert_eq!(g.open(3, b"flink", oflags::DIRECTORY, 0, 0, FOLLOW), Err(Errno::NOTDIR.raw()));
    let fd = g.open(3, b"flink", 0, rights::FD_READ, 0, FOLLOW).unwrap();
    assert_eq!(g.read(fd, &[10]).unwrap(), b"12345");
    assert_eq!(g.stat(b"flink", true).unwrap().size, 5);
    assert_eq!(g.stat(b"flink", false).unwrap().size, 4);
    // Dangling and looping symlinks.
    assert_eq!(symlink(&mut g, b"nowhere", 3, b"dangling"), 0);
    assert_eq!(g.open(3, b"dangling", 0, 0, 0, 0), Err(Errno::LOOP.raw()));
    assert_eq!(g.open(3, b"dangling", oflags::DIRECTORY, 0, 0, 0), Err(Errno::NOTDIR.raw()));
    assert_eq!(g.open(3, b"dangling", 0, 0, 0, FOLLOW), Err(Errno::NOENT.raw()));
    assert_eq!(symlink(&mut g, b"self", 3, b"self"), 0);
    assert_eq!(g.open(3, b"self", 0, 0, 0, 0), Err(Errno::LOOP.raw()));
    assert_eq!(g.open(3, b"self", 0, 0, 0, FOLLOW), Err(Errno::LOOP.raw()));
    // Times of the link itself, or of its target.
    let p = g.put(b"flink");
    let file_mtim = g.stat(b"file", false).unwrap().mtim;
    assert_eq!(p1!(g, path_filestat_set_times, 3, 0, p, 5, 0, 1234, 4), 0);
    assert_eq!(g.stat(b"flink", false).unwrap().mtim, 1234);
    assert_eq!(g.stat(b"file", false).unwrap().mtim, file_mtim);
    assert_eq!(p1!(g, path_filestat_set_times, 3, FOLLOW, p, 5, 0, 777, 4), 0);
    assert_eq!(g.stat(b"file", false).unwrap().mtim, 777);
}

#[test]
fn readlink_truncates_to_the_buffer() {
    let mut g = Guest::new();
    assert_eq!(symlink(&mut g, b"target", 3, b"l"), 0);
    assert_eq!(readlink(&mut g, b"l", 10), Ok(b"target".to_vec()));
    assert_eq!(readlink(&mut g, b"l", 4), Ok(b"targ".to_vec()));
    assert_eq!(readlink(&mut g, b"l", 0), Ok(vec![]));
    g.create(b"plain");
    assert_eq!(readlink(&mut g, b"plain", 10), Err(Errno::INVAL.raw()));
    assert_eq!(readlink(&mut g, b"missing", 10), Err(Errno::NOENT.raw()));
    // The rest of the buffer is untouched.
    let p = g.put(b"l");
    let buf = g.put(&[0xAA; 10]);
    assert_eq!(p1!(g, path_readlink, 3, p, 1, buf, 10, OUT), 0);
    assert_eq!(g.bytes(buf, 10), b"target\xAA\xAA\xAA\xAA");
}

#[test]
fn confinement_of_path_text() {
    let mut g = Guest::new();
    let dir = scratch(&mut g, b"scratch");
    let d = g.put(b"dir");
    assert_eq!(p1!(g, path_create_directory, dir, d, 3), 0);
    let d = g.put(b"dir/nested");
    assert_eq!(p1!(g, path_create_directory, dir, d, 10), 0);
    let f = g.open(dir, b"dir/nested/file", oflags::CREAT, 0, 0, 0).unwrap();
    assert_eq!(p1!(g, fd_close, f), 0);
    // Relative to a subdirectory: absolute paths and escapes are refused.
    assert_eq!(g.open(dir, b"/scratch/dir/nested/file", 0, 0, 0, 0), Err(Errno::NOTCAPABLE.raw()));
    assert_eq!(g.open(dir, b"dir/nested/../../../scratch/dir/nested/file", 0, 0, 0, 0), Err(Errno::NOTCAPABLE.raw()));
    assert_eq!(g.open(dir, b"..", 0, 0, 0, 0), Err(Errno::NOTCAPABLE.raw()));
    // Climbing and coming back down inside it is fine.
    let fd = g.open(dir, b"dir/.//nested/../../dir/nested/../nested///./file", 0, 0, 0, 0).unwrap();
    assert_eq!(p1!(g, fd_close, fd), 0);
    // Escaping a closed descriptor: it is the descriptor that is bad.
    assert_eq!(g.open(99, b"/x", 0, 0, 0, 0), Err(Errno::BADF.raw()));
    assert_eq!(g.open(99, b"x", 0, 0, 0, 0), Err(Errno::BADF.raw()));
    // A NUL byte is invalid.
    assert_eq!(g.open(dir, b"dir/nested/file\0", 0, 0, 0, 0), Err(Errno::INVAL.raw()));
    // Relative to the root, everything is inside: POSIX meanings.
    assert!(g.open(3, b"/scratch/dir/nested/file", 0, 0, 0, 0).is_ok());
    assert!(g.open(3, b"../../scratch/dir/nested/file", 0, 0, 0, 0).is_ok());
    assert!(g.open(3, b"/", oflags::DIRECTORY, 0, 0, 0).is_ok());
    // Symlinks are resolved by the kernel from the VM's root, whatever the descriptor.
    assert_eq!(symlink(&mut g, b"/scratch/dir", 3, b"abs"), 0);
    assert!(g.open(3, b"abs/nested/file", 0, 0, 0, 0).is_ok());
    let l = g.put(b"up");
    let t = g.put(b"../scratch");
    assert_eq!(p1!(g, path_symlink, t, 10, dir, l, 2), 0);
    assert!(g.open(dir, b"up/dir/nested/file", 0, 0, 0, 0).is_ok());
    // But creating an absolute symlink relative to a subdirectory is refused.
    let t = g.put(b"/");
    let l = g.put(b"root");
    assert_eq!(p1!(g, path_symlink, t, 1, dir, l, 4), Errno::NOTCAPABLE.raw());
    // Every path call applies the rule.
    let p = g.put(b"/x");
    assert_eq!(p1!(g, path_create_directory, dir, p, 2), Errno::NOTCAPABLE.raw());
    assert_eq!(p1!(g, path_unlink_file, dir, p, 2), Errno::NOTCAPABLE.raw());
    assert_eq!(p1!(g, path_remove_directory, dir, p, 2), Errno::NOTCAPABLE.raw());
    assert_eq!(p1!(g, path_filestat_get, dir, 0, p, 2, OUT), Errno::NOTCAPABLE.raw());
    assert_eq!(p1!(g, path_rename, dir, p, 2, 3, p, 2), Errno::NOTCAPABLE.raw());
    assert_eq!(p1!(g, path_link, 3, 0, p, 2, dir, p, 2), Errno::NOTCAPABLE.raw());
    assert_eq!(p1!(g, path_readlink, dir, p, 2, OUT, 4, OUT2), Errno::NOTCAPABLE.raw());
    assert_eq!(p1!(g, path_filestat_set_times, dir, 0, p, 2, 0, 0, 2), Errno::NOTCAPABLE.raw());
}

#[test]
fn invalid_utf8_names_are_fine() {
    let mut g = Guest::new();
    let name = b"caf\xe9\xff";
    let fd = g.open(3, name, oflags::CREAT, RW, 0, 0).unwrap();
    assert_eq!(g.write(fd, &[b"x"]), Ok(1));
    assert_eq!(g.stat(name, false).unwrap().size, 1);
}

/// Lists the directory open at `fd` with `buf_len`-byte buffers, resuming from the last whole
/// entry of each full buffer, as wasi-libc and Rust's `std` do.
fn list(g: &mut Guest, fd: i32, buf_len: u32) -> Vec<(Vec<u8>, u8, u64)> {
    let mut out = Vec::new();
    let mut cookie = 0u64;
    let buf = g.alloc(buf_len);
    loop {
        assert_eq!(p1!(g, fd_readdir, fd, buf, buf_len as i32, cookie as i64, OUT), 0);
        let used = g.u32_at(OUT) as usize;
        assert!(used <= buf_len as usize);
        let mut at = 0;
        let mut whole = 0;
        while at + 24 <= used {
            let next = g.u64_at(buf + at as i32);
            let ino = g.u64_at(buf + at as i32 + 8);
            let namlen = g.u32_at(buf + at as i32 + 16) as usize;
            let ty = g.bytes(buf + at as i32 + 20, 1)[0];
            if at + 24 + namlen > used {
                break;
            }
            out.push((g.bytes(buf + at as i32 + 24, namlen).to_vec(), ty, ino));
            cookie = next;
            at += 24 + namlen;
            whole += 1;
        }
        if used < buf_len as usize {
            return out;
        }
        assert!(whole > 0, "a {buf_len}-byte buffer cannot hold one entry");
    }
}

#[test]
fn readdir_across_calls_reports_every_entry_once() {
    let mut g = Guest::new();
    let dir = scratch(&mut g, b"d");
    let dino = g.fstat(dir).unwrap().ino;
    // Empty: just `.` and `..`, in that order.
    let l = list(&mut g, dir, 256);
    assert_eq!(l.iter().map(|e| e.0.as_slice()).collect::<Vec<_>>(), vec![&b"."[..], b".."]);
    assert_eq!((l[0].1, l[0].2), (filetype::DIRECTORY, dino));
    assert_eq!(l[1].1, filetype::DIRECTORY);
    let mut expected = BTreeMap::new();
    for i in 0..150 {
        let name = format!("file-with-a-longish-name-{i}").into_bytes();
        let fd = g.open(dir, &name, oflags::CREAT, RW, 0, 0).unwrap();
        let ino = g.fstat(fd).unwrap().ino;
        assert_eq!(p1!(g, fd_close, fd), 0);
        expected.insert(name, (filetype::REGULAR_FILE, ino));
        g.reset();
    }
    let s = g.put(b"sub");
    assert_eq!(p1!(g, path_create_directory, dir, s, 3), 0);
    expected.insert(b"sub".to_vec(), (filetype::DIRECTORY, 0));
    let (t, l) = (g.put(b"t"), g.put(b"sym"));
    assert_eq!(p1!(g, path_symlink, t, 1, dir, l, 3), 0);
    expected.insert(b"sym".to_vec(), (filetype::SYMBOLIC_LINK, 0));
    for buf_len in [60, 64, 100, 256, 4096, 65536 / 2] {
        g.reset();
        let entries = list(&mut g, dir, buf_len);
        let mut seen = BTreeMap::new();
        for (name, ty, ino) in entries {
            if name == b"." || name == b".." {
                continue;
            }
            assert!(seen.insert(name.clone(), (ty, ino)).is_none(), "{} twice", String::from_utf8_lossy(&name));
        }
        assert_eq!(seen.len(), expected.len(), "buffer {buf_len}");
        for (name, (ty, ino)) in &expected {
            let got = seen[name];
            assert_eq!(got.0, *ty);
            if *ino != 0 {
                assert_eq!(got.1, *ino);
            }
        }
    }
    // Resuming from a cookie returns what follows it.
    g.reset();
    let buf = g.alloc(4096);
    assert_eq!(p1!(g, fd_readdir, dir, buf, 4096, 0, OUT), 0);
    let first_next = g.u64_at(buf);
    assert_eq!(p1!(g, fd_readdir, dir, buf, 4096, first_next as i64, OUT), 0);
    assert_eq!(g.bytes(buf + 24, 2), b"..");
    // A full buffer holds a truncated last entry (here the first bytes of `..`'s header).
    assert_eq!(p1!(g, fd_readdir, dir, buf, 30, 0, OUT), 0);
    assert_eq!(g.u32_at(OUT), 30);
    assert_eq!(g.bytes(buf + 24, 1), b".");
    assert_eq!(g.bytes(buf + 25, 5), &2u64.to_le_bytes()[..5]);
    // Not a directory; bad buffers.
    let f = g.open(dir, b"file-with-a-longish-name-1", 0, rights::FD_READ, 0, 0).unwrap();
    assert_eq!(p1!(g, fd_readdir, f, buf, 100, 0, OUT), Errno::NOTDIR.raw());
    assert_eq!(p1!(g, fd_readdir, 99, buf, 100, 0, OUT), Errno::BADF.raw());
    assert_eq!(p1!(g, fd_readdir, dir, MEM_SIZE as i32 - 10, 100, 0, OUT), Errno::FAULT.raw());
    assert_eq!(p1!(g, fd_readdir, dir, buf, 0, 0, OUT), 0);
    assert_eq!(g.u32_at(OUT), 0);
}

#[test]
fn rename_errors() {
    let mut g = Guest::new();
    assert_eq!(mkdir(&mut g, b"source"), 0);
    assert_eq!(rename(&mut g, b"source", b"target"), 0);
    assert_eq!(g.open(3, b"source", oflags::DIRECTORY, 0, 0, 0), Err(Errno::NOENT.raw()));
    assert!(g.open(3, b"target", oflags::DIRECTORY, 0, 0, 0).is_ok());
    // Directory onto an empty directory: replaced.
    assert_eq!(mkdir(&mut g, b"source"), 0);
    assert_eq!(rename(&mut g, b"source", b"target"), 0);
    // Onto a non-empty directory, or onto a file.
    assert_eq!(mkdir(&mut g, b"source"), 0);
    g.create(b"target/file");
    assert_eq!(rename(&mut g, b"source", b"target"), Errno::NOTEMPTY.raw());
    assert_eq!(rename(&mut g, b"source", b"target/file"), Errno::NOTDIR.raw());
    // Trailing slashes on directories are fine.
    assert_eq!(rename(&mut g, b"source/", b"moved"), 0);
    assert_eq!(rename(&mut g, b"moved", b"source/"), 0);
    assert_eq!(rename(&mut g, b"source/", b"moved/"), 0);
    // Files: onto nothing, onto a file, onto a directory.
    g.create(b"a");
    g.create(b"b");
    assert_eq!(rename(&mut g, b"a", b"c"), 0);
    assert_eq!(rename(&mut g, b"c", b"b"), 0);
    assert_eq!(g.stat(b"c", false), Err(Errno::NOENT.raw()));
    assert_eq!(rename(&mut g, b"b", b"moved"), Errno::ISDIR.raw());
    assert_eq!(rename(&mut g, b"b/", b"x"), Errno::NOTDIR.raw());
    assert_eq!(rename(&mut g, b"missing", b"x"), Errno::NOENT.raw());
    // A directory into itself.
    assert_eq!(rename(&mut g, b"moved", b"moved/inner"), Errno::INVAL.raw());
}

#[test]
fn unlink_and_rmdir_errors() {
    let mut g = Guest::new();
    assert_eq!(mkdir(&mut g, b"dir"), 0);
    assert_eq!(g.path_call(p1::path_unlink_file, b"dir"), Errno::ISDIR.raw());
    assert_eq!(g.path_call(p1::path_unlink_file, b"dir/"), Errno::ISDIR.raw());
    assert_eq!(g.path_call(p1::path_remove_directory, b"dir/"), 0);
    assert_eq!(mkdir(&mut g, b"dir"), 0);
    assert_eq!(mkdir(&mut g, b"dir/nested"), 0);
    assert_eq!(g.path_call(p1::path_remove_directory, b"dir"), Errno::NOTEMPTY.raw());
    assert_eq!(g.path_call(p1::path_remove_directory, b"dir/nested"), 0);
    assert_eq!(g.path_call(p1::path_remove_directory, b"dir"), 0);
    g.create(b"file");
    assert_eq!(g.path_call(p1::path_remove_directory, b"file"), Errno::NOTDIR.raw());
    assert_eq!(g.path_call(p1::path_remove_directory, b"file/"), Errno::NOTDIR.raw());
    assert_eq!(g.path_call(p1::path_unlink_file, b"file/"), Errno::NOTDIR.raw());
    assert_eq!(g.path_call(p1::path_unlink_file, b"file"), 0);
    assert_eq!(g.path_call(p1::path_unlink_file, b"file"), Errno::NOENT.raw());
    assert_eq!(g.path_call(p1::path_remove_directory, b"."), Errno::INVAL.raw());
    // A symlink to a directory is unlinked, not removed as a directory.
    assert_eq!(mkdir(&mut g, b"target"), 0);
    assert_eq!(symlink(&mut g, b"target", 3, b"link"), 0);
    assert_eq!(g.path_call(p1::path_remove_directory, b"link"), Errno::NOTDIR.raw());
    assert_eq!(g.path_call(p1::path_unlink_file, b"link"), 0);
    // An open file can be unlinked and recreated.
    let fd = g.create(b"open");
    assert_eq!(g.path_call(p1::path_unlink_file, b"open"), 0);
    assert_eq!(g.write(fd, &[b"still works"]), Ok(11));
    g.create(b"open");
}

#[test]
fn link_errors() {
    let mut g = Guest::new();
    let f = g.create(b"file");
    assert_eq!(link(&mut g, false, b"file", b"link"), 0);
    let l = g.open(3, b"link", 0, rights::FD_READ, 0, 0).unwrap();
    assert_eq!(g.fstat(f).unwrap(), g.fstat(l).unwrap());
    assert_eq!(g.fstat(f).unwrap().nlink, 2);
    assert_eq!(link(&mut g, false, b"file", b"link"), Errno::EXIST.raw());
    assert_eq!(link(&mut g, false, b"file", b"file"), Errno::EXIST.raw());
    assert_eq!(mkdir(&mut g, b"dir"), 0);
    assert_eq!(link(&mut g, false, b"file", b"dir"), Errno::EXIST.raw());
    assert_eq!(link(&mut g, false, b"dir", b"dirlink"), Errno::PERM.raw());
    assert_eq!(link(&mut g, false, b"file", b"new/"), Errno::NOENT.raw());
    // Links to symlinks themselves (dangling or looping), unless following.
    assert_eq!(symlink(&mut g, b"nowhere", 3, b"dangling"), 0);
    assert_eq!(link(&mut g, false, b"dangling", b"hard"), 0);
    assert_eq!(g.stat(b"hard", false).unwrap().filetype, filetype::SYMBOLIC_LINK);
    assert_eq!(link(&mut g, true, b"dangling", b"hard2"), Errno::NOENT.raw());
    assert_eq!(symlink(&mut g, b"loop", 3, b"loop"), 0);
    assert_eq!(link(&mut g, false, b"loop", b"hard3"), 0);
    assert_eq!(link(&mut g, false, b"file", b"dangling"), Errno::EXIST.raw());
    assert_eq!(link(&mut g, true, b"link", b"followed"), 0);
}

#[test]
fn symlink_errors() {
    let mut g = Guest::new();
    assert_eq!(symlink(&mut g, b"source", 3, b"target/"), Errno::NOENT.raw());
    assert_eq!(symlink(&mut g, b"source", 3, b"target"), 0);
    assert_eq!(symlink(&mut g, b"source", 3, b"target"), Errno::EXIST.raw());
    assert_eq!(mkdir(&mut g, b"dir"), 0);
    assert_eq!(symlink(&mut g, b"source", 3, b"dir/"), Errno::EXIST.raw());
    assert_eq!(symlink(&mut g, b"source", 3, b"dir"), Errno::EXIST.raw());
    g.create(b"file");
    assert_eq!(symlink(&mut g, b"source", 3, b"file/"), Errno::EXIST.raw());
    assert_eq!(symlink(&mut g, b"", 3, b"empty"), Errno::NOENT.raw());
    assert_eq!(symlink(&mut g, b"a\0b", 3, b"nul"), Errno::INVAL.raw());
    // Absolute targets are fine relative to the root.
    assert_eq!(symlink(&mut g, b"/", 3, b"root"), 0);
    assert_eq!(g.stat(b"root", true).unwrap().filetype, filetype::DIRECTORY);
}

#[test]
fn path_filestat_reports_types_and_sizes() {
    let mut g = Guest::new();
    assert_eq!(mkdir(&mut g, b"subdir"), 0);
    assert_eq!(g.stat(b"subdir", false).unwrap().filetype, filetype::DIRECTORY);
    assert_eq!(g.stat(b"subdir", true).unwrap().filetype, filetype::DIRECTORY);
    let fd = g.create(b"subdir/file");
    assert_eq!(g.write(fd, &[&[1u8; 3000]]), Ok(3000));
    let st = g.stat(b"subdir/file", true).unwrap();
    assert_eq!((st.filetype, st.size, st.nlink), (filetype::REGULAR_FILE, 3000, 1));
    assert_eq!(g.fstat(fd).unwrap(), st);
    assert_eq!(g.stat(b"missing", false), Err(Errno::NOENT.raw()));
    assert_eq!(g.stat(b"subdir/file/x", false), Err(Errno::NOTDIR.raw()));
    let p = g.put(b"subdir");
    assert_eq!(p1!(g, path_filestat_get, 3, 0, p, 6, MEM_SIZE as i32 - 63), Errno::FAULT.raw());
}
