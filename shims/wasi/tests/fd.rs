//! Descriptor calls: vectored reads and writes through pipes and files, positioned I/O,
//! seeking, attributes, flags, rights, renumbering, and what directories refuse.

mod common;

use burrow_wasi::types::{fdflags, filetype, oflags, rights, Errno};
use common::*;

const RW: u64 = rights::FD_READ | rights::FD_WRITE;

fn pipe(g: &mut Guest, flags: i32) -> (i32, i32) {
    assert_eq!(bw!(g, pipe, flags, OUT), 0);
    (g.u32_at(OUT) as i32, g.u32_at(OUT + 4) as i32)
}

#[test]
fn vectored_io_through_a_pipe() {
    let mut g = Guest::new();
    let (r, w) = pipe(&mut g, 0);
    assert_eq!(g.write(w, &[b"hello ", b"", b"vectored ", b"world"]), Ok(20));
    // A stream fills only the first non-empty iovec per call.
    assert_eq!(g.read(r, &[0, 8, 100]).unwrap(), b"hello ve");
    assert_eq!(g.read(r, &[100, 100]).unwrap(), b"ctored world");
    // Many iovecs (past the inline limit) are gathered in order.
    let parts: Vec<Vec<u8>> = (0..20u8).map(|i| vec![b'a' + i; i as usize]).collect();
    let refs: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
    let total: usize = parts.iter().map(Vec::len).sum();
    assert_eq!(g.write(w, &refs), Ok(total as u32));
    assert_eq!(g.read(r, &[4096]).unwrap(), parts.concat());
    // Writer closed: end of file, and a read subscription would see the hang-up.
    assert_eq!(p1!(g, fd_close, w), 0);
    assert_eq!(g.read(r, &[10]).unwrap(), b"");
    // Wrong ends.
    assert_eq!(g.read(w, &[10]), Err(Errno::BADF.raw()));
    let (r2, w2) = pipe(&mut g, 0);
    assert_eq!(g.write(r2, &[b"x"]), Err(Errno::BADF.raw()));
    assert_eq!(p1!(g, fd_close, r2), 0);
    // No reader: EPIPE (SIGPIPE is delivered too; init's default action kills it, so use a
    // child for that).
    let _ = w2;
}

#[test]
fn broken_pipe_kills_with_sigpipe_by_default() {
    let mut g = Guest::child();
    let (r, w) = pipe(&mut g, 0);
    assert_eq!(p1!(g, fd_close, r), 0);
    let (arr, _) = g.iovs(&[b"x"]);
    let res =
        burrow_wasi::wasi_snapshot_preview1::fd_write(&mut g.cx, burrow_wasi::Mem::new(&mut g.mem), w, arr, 1, OUT);
    assert_eq!(res, Err(burrow_wasi::HostExit::Killed(burrow_kernel::Signal::SIGPIPE)));

    let mut g = Guest::child();
    g.task()
        .set_signal_disposition(burrow_kernel::Signal::SIGPIPE, burrow_kernel::process::Disposition::Ignore)
        .unwrap();
    let (r, w) = pipe(&mut g, 0);
    assert_eq!(p1!(g, fd_close, r), 0);
    assert_eq!(g.write(w, &[b"x"]), Err(Errno::PIPE.raw()));
}

#[test]
fn nonblocking_pipe_reads_are_again() {
    let mut g = Guest::new();
    let (r, _w) = pipe(&mut g, 1);
    assert_eq!(g.read(r, &[10]), Err(Errno::AGAIN.raw()));
    let (_, flags, base, _) = g.fdstat(r).unwrap();
    assert_eq!(flags, fdflags::NONBLOCK);
    assert_eq!(base & (rights::FD_SEEK | rights::FD_TELL | rights::FD_WRITE), 0);
    assert_ne!(base & rights::FD_READ, 0);
    assert_eq!(g.fdstat(r).unwrap().0, filetype::UNKNOWN);
    // Clearing O_NONBLOCK makes it blocking again (checked through the flags).
    assert_eq!(p1!(g, fd_fdstat_set_flags, r, 0), 0);
    assert_eq!(g.fdstat(r).unwrap().1, 0);
}

#[test]
fn vectored_io_on_a_file_and_true_sizes() {
    let mut g = Guest::new();
    let fd = g.create(b"f");
    assert_eq!(g.write(fd, &[b"abc", b"defgh", b"ij"]), Ok(10));
    assert_eq!(g.fstat(fd).unwrap().size, 10);
    assert_eq!(g.stat(b"f", false).unwrap().size, 10);
    assert_eq!(g.stat(b"f", false).unwrap().filetype, filetype::REGULAR_FILE);
    // Seek back and read across iovecs: a file fills them in turn.
    assert_eq!(p1!(g, fd_seek, fd, 0, 0, OUT), 0);
    assert_eq!(g.u64_at(OUT), 0);
    assert_eq!(g.read(fd, &[4, 0, 4, 100]).unwrap(), b"abcdefghij");
    assert_eq!(p1!(g, fd_tell, fd, OUT), 0);
    assert_eq!(g.u64_at(OUT), 10);
    assert_eq!(g.read(fd, &[4]).unwrap(), b"");
    // An empty iovec list is a zero-byte transfer, still checked against the descriptor.
    assert_eq!(g.write(fd, &[]), Ok(0));
    assert_eq!(g.read(fd, &[]), Ok(vec![]));
    assert_eq!(g.read(99, &[]), Err(Errno::BADF.raw()));
    assert_eq!(g.write(99, &[]), Err(Errno::BADF.raw()));
}

#[test]
fn write_of_64k_to_a_file_in_one_call() {
    let mut g = Guest::new();
    g.mem = vec![0; 256 * 1024];
    let fd = g.create(b"big");
    let data: Vec<u8> = (0..65536u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(g.write(fd, &[&data]), Ok(65536));
    assert_eq!(g.fstat(fd).unwrap().size, 65536);
    assert_eq!(p1!(g, fd_seek, fd, 0, 0, OUT), 0);
    assert_eq!(g.read(fd, &[65536]).unwrap(), data);
}

#[test]
fn positioned_io_leaves_the_offset_alone() {
    let mut g = Guest::new();
    let fd = g.create(b"p");
    let (arr, _) = g.iovs(&[b"0123", b"4567"]);
    assert_eq!(p1!(g, fd_pwrite, fd, arr, 2, 100, OUT), 0);
    assert_eq!(g.u32_at(OUT), 8);
    assert_eq!(g.fstat(fd).unwrap().size, 108);
    assert_eq!(p1!(g, fd_tell, fd, OUT), 0);
    assert_eq!(g.u64_at(OUT), 0);
    let bufs = [vec![0u8; 3], vec![0u8; 10]];
    let (arr, ptrs) = g.iovs(&[&bufs[0], &bufs[1]]);
    assert_eq!(p1!(g, fd_pread, fd, arr, 2, 102, OUT), 0);
    assert_eq!(g.u32_at(OUT), 6);
    assert_eq!(g.bytes(ptrs[0], 3), b"234");
    assert_eq!(g.bytes(ptrs[1], 3), b"567");
    // Past the end: nothing.
    assert_eq!(p1!(g, fd_pread, fd, arr, 2, 1000, OUT), 0);
    assert_eq!(g.u32_at(OUT), 0);
    // Negative offsets are invalid.
    assert_eq!(p1!(g, fd_pread, fd, arr, 2, -1, OUT), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_pwrite, fd, arr, 2, -5, OUT), Errno::INVAL.raw());
    // Pipes cannot seek.
    let (r, w) = pipe(&mut g, 0);
    assert_eq!(p1!(g, fd_pread, r, arr, 2, 0, OUT), Errno::SPIPE.raw());
    assert_eq!(p1!(g, fd_pwrite, w, arr, 2, 0, OUT), Errno::SPIPE.raw());
    assert_eq!(p1!(g, fd_seek, r, 0, 1, OUT), Errno::SPIPE.raw());
}

#[test]
fn seeking() {
    let mut g = Guest::new();
    let fd = g.create(b"s");
    assert_eq!(g.write(fd, &[&[7u8; 100]]), Ok(100));
    assert_eq!(p1!(g, fd_seek, fd, -50, 1, OUT), 0);
    assert_eq!(g.u64_at(OUT), 50);
    assert_eq!(p1!(g, fd_seek, fd, -10, 2, OUT), 0);
    assert_eq!(g.u64_at(OUT), 90);
    assert_eq!(p1!(g, fd_seek, fd, 1000, 1, OUT), 0);
    assert_eq!(g.u64_at(OUT), 1090);
    assert_eq!(p1!(g, fd_seek, fd, -2000, 1, OUT), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_seek, fd, -1, 0, OUT), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_seek, fd, 0, 3, OUT), Errno::INVAL.raw());
    // The failed seeks left the offset alone.
    assert_eq!(p1!(g, fd_tell, fd, OUT), 0);
    assert_eq!(g.u64_at(OUT), 1090);
    // An out-pointer outside memory: fault, and no seek.
    assert_eq!(p1!(g, fd_seek, fd, 0, 0, MEM_SIZE as i32 - 4), Errno::FAULT.raw());
    assert_eq!(p1!(g, fd_tell, fd, OUT), 0);
    assert_eq!(g.u64_at(OUT), 1090);
}

#[test]
fn directories_refuse_byte_io_and_seeking() {
    let mut g = Guest::new();
    let dir = 3;
    assert_eq!(g.fstat(dir).unwrap().filetype, filetype::DIRECTORY);
    assert_eq!(g.read(dir, &[128]), Err(Errno::ISDIR.raw()));
    let (arr, _) = g.iovs(&[&[0u8; 16]]);
    assert_eq!(p1!(g, fd_pread, dir, arr, 1, 0, OUT), Errno::ISDIR.raw());
    assert_eq!(g.write(dir, &[b"x"]), Err(Errno::BADF.raw()));
    assert_eq!(p1!(g, fd_pwrite, dir, arr, 1, 0, OUT), Errno::BADF.raw());
    for whence in 0..3 {
        assert_eq!(p1!(g, fd_seek, dir, 0, whence, OUT), Errno::ISDIR.raw());
    }
    assert_eq!(p1!(g, fd_tell, dir, OUT), Errno::ISDIR.raw());
    assert_eq!(p1!(g, fd_allocate, dir, 0, 1), Errno::BADF.raw());
    assert_eq!(p1!(g, fd_filestat_set_size, dir, 0), Errno::INVAL.raw());
}

#[test]
fn set_size_allocate_and_advise() {
    let mut g = Guest::new();
    let fd = g.create(b"a");
    assert_eq!(p1!(g, fd_filestat_set_size, fd, 100), 0);
    assert_eq!(g.fstat(fd).unwrap().size, 100);
    assert_eq!(p1!(g, fd_advise, fd, 10, 50, 0), 0);
    assert_eq!(p1!(g, fd_advise, fd, 10, 50, 5), 0);
    assert_eq!(p1!(g, fd_advise, fd, 10, 50, 6), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_advise, 77, 0, 0, 0), Errno::BADF.raw());
    assert_eq!(g.fstat(fd).unwrap().size, 100);
    assert_eq!(p1!(g, fd_allocate, fd, 100, 100), 0);
    assert_eq!(g.fstat(fd).unwrap().size, 200);
    assert_eq!(p1!(g, fd_allocate, fd, 10, 10), 0);
    assert_eq!(g.fstat(fd).unwrap().size, 200);
    assert_eq!(p1!(g, fd_allocate, fd, 190, 20), 0);
    assert_eq!(g.fstat(fd).unwrap().size, 210);
    assert_eq!(p1!(g, fd_allocate, fd, i64::MAX, 2), Errno::FBIG.raw());
    assert_eq!(p1!(g, fd_allocate, fd, -1, 2), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_allocate, fd, 0, 0), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_filestat_set_size, fd, 3), 0);
    assert_eq!(g.fstat(fd).unwrap().size, 3);
    assert_eq!(p1!(g, fd_filestat_set_size, fd, -1), Errno::INVAL.raw());
    // A read-only descriptor can do neither.
    let ro = g.open(3, b"a", 0, rights::FD_READ, 0, 0).unwrap();
    assert_eq!(p1!(g, fd_allocate, ro, 0, 1000), Errno::BADF.raw());
    assert_eq!(p1!(g, fd_filestat_set_size, ro, 0), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_sync, fd), 0);
    assert_eq!(p1!(g, fd_datasync, ro), 0);
    assert_eq!(p1!(g, fd_sync, 99), Errno::BADF.raw());
}

#[test]
fn set_times() {
    let mut g = Guest::new();
    let fd = g.create(b"t");
    let st = g.fstat(fd).unwrap();
    assert!(st.mtim > 0 && st.atim > 0);
    let new_mtim = st.mtim - 100;
    assert_eq!(p1!(g, fd_filestat_set_times, fd, 0, new_mtim as i64, 4), 0);
    let st2 = g.fstat(fd).unwrap();
    assert_eq!((st2.mtim, st2.atim), (new_mtim, st.atim));
    assert_eq!(p1!(g, fd_filestat_set_times, fd, 1_000_000_123, 0, 1), 0);
    assert_eq!(g.fstat(fd).unwrap().atim, 1_000_000_123);
    assert_eq!(p1!(g, fd_filestat_set_times, fd, 0, 0, 8), 0);
    assert!(g.fstat(fd).unwrap().mtim >= st.mtim);
    // A time both given and "now", or unknown flags: invalid, and nothing changes.
    let before = g.fstat(fd).unwrap();
    assert_eq!(p1!(g, fd_filestat_set_times, fd, 100, 200, 4 | 8), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_filestat_set_times, fd, 100, 200, 1 | 2), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_filestat_set_times, fd, 100, 200, 16), Errno::INVAL.raw());
    assert_eq!(g.fstat(fd).unwrap(), before);
    // Through a path, on the symlink itself or on its target.
    let p = g.put(b"t");
    assert_eq!(p1!(g, path_filestat_set_times, 3, 0, p, 1, 0, 5_000, 4), 0);
    assert_eq!(g.stat(b"t", false).unwrap().mtim, 5_000);
    assert_eq!(p1!(g, path_filestat_set_times, 3, 0, p, 1, 0, 5_000, 12), Errno::INVAL.raw());
}

#[test]
fn flags_append_and_sync() {
    let mut g = Guest::new();
    let fd = g.open(3, b"ap", oflags::CREAT, RW | rights::FD_SEEK, fdflags::APPEND | fdflags::SYNC, 0).unwrap();
    assert_eq!(g.fdstat(fd).unwrap().1, fdflags::APPEND | fdflags::SYNC);
    assert_eq!(g.write(fd, &[&[0u8; 100]]), Ok(100));
    assert_eq!(p1!(g, fd_seek, fd, 0, 0, OUT), 0);
    assert_eq!(g.write(fd, &[&[1u8; 100]]), Ok(100));
    assert_eq!(g.fstat(fd).unwrap().size, 200);
    // Append off (sync level unchanged): writes go to the offset again.
    assert_eq!(p1!(g, fd_fdstat_set_flags, fd, fdflags::SYNC as i32), 0);
    assert_eq!(p1!(g, fd_seek, fd, 0, 0, OUT), 0);
    assert_eq!(g.write(fd, &[&[2u8; 100]]), Ok(100));
    assert_eq!(g.fstat(fd).unwrap().size, 200);
    // Changing the sync level is not supported; unknown flags are invalid.
    assert_eq!(p1!(g, fd_fdstat_set_flags, fd, 0), Errno::NOTSUP.raw());
    assert_eq!(p1!(g, fd_fdstat_set_flags, fd, 1 << 5), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_fdstat_set_flags, fd, -1), Errno::INVAL.raw());
    assert_eq!(p1!(g, fd_fdstat_set_flags, 55, 0), Errno::BADF.raw());
    let dsync = g.open(3, b"ds", oflags::CREAT, RW, fdflags::DSYNC, 0).unwrap();
    assert_eq!(g.fdstat(dsync).unwrap().1, fdflags::DSYNC);
    let rsync = g.open(3, b"rs", oflags::CREAT, RW, fdflags::RSYNC, 0).unwrap();
    assert_eq!(g.fdstat(rsync).unwrap().1, fdflags::SYNC);
}

#[test]
fn rights_follow_access_modes_and_cannot_be_set() {
    let mut g = Guest::new();
    let fd = g.create(b"r");
    let ro = g.open(3, b"r", 0, rights::FD_READ, 0, 0).unwrap();
    let wo = g.open(3, b"r", 0, rights::FD_WRITE, 0, 0).unwrap();
    let (ft, _, base, _) = g.fdstat(fd).unwrap();
    assert_eq!(ft, filetype::REGULAR_FILE);
    assert_eq!(base, rights::FILE_BASE);
    let (_, _, base, _) = g.fdstat(ro).unwrap();
    assert_eq!(base & (rights::FD_READ | rights::FD_WRITE), rights::FD_READ);
    let (_, _, base, _) = g.fdstat(wo).unwrap();
    assert_eq!(base & (rights::FD_READ | rights::FD_WRITE), rights::FD_WRITE);
    assert_eq!(g.write(ro, &[b"x"]), Err(Errno::BADF.raw()));
    assert_eq!(g.read(wo, &[1]), Err(Errno::BADF.raw()));
    assert_eq!(p1!(g, fd_fdstat_set_rights, fd, 0, 0), Errno::NOTSUP.raw());
    assert_eq!(p1!(g, fd_fdstat_set_rights, 99, 0, 0), Errno::BADF.raw());
    // A directory reports no seeking, writing or truncation rights.
    let (_, _, base, inh) = g.fdstat(3).unwrap();
    assert_eq!(base & (rights::FD_SEEK | rights::FD_WRITE | rights::FD_FILESTAT_SET_SIZE), 0);
    assert_ne!(base & rights::PATH_FILESTAT_GET, 0);
    assert_eq!(base & rights::PATH_FILESTAT_SET_SIZE, 0);
    assert_eq!(inh & rights::FILE_BASE, rights::FILE_BASE);
}

#[test]
fn renumber_moves_and_closes() {
    let mut g = Guest::new();
    let a = g.create(b"a");
    let b = g.create(b"b");
    assert_eq!(g.write(a, &[b"from a"]), Ok(6));
    let before = g.fdstat(a).unwrap();
    assert_eq!(p1!(g, fd_renumber, a, b), 0);
    assert_eq!(p1!(g, fd_close, a), Errno::BADF.raw());
    assert_eq!(g.fdstat(b).unwrap(), before);
    assert_eq!(p1!(g, fd_tell, b, OUT), 0);
    assert_eq!(g.u64_at(OUT), 6);
    // Both ends must be open.
    assert_eq!(p1!(g, fd_renumber, b, a), Errno::BADF.raw());
    assert_eq!(p1!(g, fd_renumber, a, b), Errno::BADF.raw());
    // Onto itself: nothing happens.
    assert_eq!(p1!(g, fd_renumber, b, b), 0);
    assert!(g.fdstat(b).is_ok());
    // The close-on-spawn flag moves along.
    let c = g.create(b"c");
    let d = g.create(b"d");
    g.task().set_cloexec(c as u32, true).unwrap();
    assert_eq!(p1!(g, fd_renumber, c, d), 0);
    assert_eq!(g.task().cloexec(d as u32), Ok(true));
    // Over the preopen.
    assert_eq!(p1!(g, fd_renumber, b, 3), 0);
    assert_eq!(g.fdstat(3).unwrap().0, filetype::REGULAR_FILE);
    assert_eq!(g.fdstat(b), Err(Errno::BADF.raw()));
}

#[test]
fn stdio_can_be_renumbered_onto_a_file() {
    let mut g = Guest::new();
    let (r, w) = pipe(&mut g, 0);
    assert_eq!((r, w), (0, 1));
    let f = g.create(b"file");
    assert_eq!(p1!(g, fd_renumber, 0, f), 0);
    assert_eq!(g.fdstat(f).unwrap().0, filetype::UNKNOWN);
    assert_eq!(g.fdstat(0), Err(Errno::BADF.raw()));
}
