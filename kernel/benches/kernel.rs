//! Kernel hot paths. Targets (issue 2): stat <= 0.3 us, open+close <= 1 us, pipe round trip
//! <= 5 us (the host's own pipe round trip is 4.9 us on the reference machine).

use std::sync::Arc;
use std::thread;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Kernel, Task, AT_FDCWD};
use criterion::{criterion_group, criterion_main, Criterion};

fn vm() -> (Kernel, Task) {
    let limits = Limits::default();
    let k = Kernel::new(MemFs::new(Arc::new(FsQuota::new(&limits))), limits);
    let t = k.init();
    for d in [&b"/home"[..], b"/home/user", b"/home/user/dir"] {
        t.mkdir(AT_FDCWD, d, 0o755).unwrap();
    }
    let fd = t.open(AT_FDCWD, b"/home/user/file.txt", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).unwrap();
    t.write(fd, &vec![b'x'; 64 * 1024]).unwrap();
    t.close(fd).unwrap();
    for i in 0..100 {
        let p = format!("/home/user/dir/entry-{i:03}");
        let fd = t.open(AT_FDCWD, p.as_bytes(), OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).unwrap();
        t.close(fd).unwrap();
    }
    (k, t)
}

fn fs(c: &mut Criterion) {
    let (_k, t) = vm();
    c.bench_function("stat", |b| b.iter(|| t.stat(AT_FDCWD, b"/home/user/file.txt", true).unwrap()));
    c.bench_function("open_close", |b| {
        b.iter(|| {
            let fd = t.open(AT_FDCWD, b"/home/user/file.txt", OpenFlags::RDONLY, 0).unwrap();
            t.close(fd).unwrap();
        })
    });
    let fd = t.open(AT_FDCWD, b"/home/user/file.txt", OpenFlags::RDONLY, 0).unwrap();
    let mut buf = vec![0u8; 4096];
    c.bench_function("read_4k", |b| b.iter(|| t.pread(fd, &mut buf, 8192).unwrap()));
    let dir = t.open(AT_FDCWD, b"/home/user/dir", OpenFlags::RDONLY | OpenFlags::DIRECTORY, 0).unwrap();
    c.bench_function("readdir_100", |b| {
        b.iter(|| {
            let mut n = 0;
            t.readdir(dir, 0, &mut |_| {
                n += 1;
                true
            })
            .unwrap();
            assert_eq!(n, 102);
        })
    });
}

fn pipe(c: &mut Criterion) {
    let (_k, t) = vm();
    let (r1, w1) = t.pipe(OpenFlags::default()).unwrap();
    let (r2, w2) = t.pipe(OpenFlags::default()).unwrap();
    let peer = t.clone();
    let echo = thread::spawn(move || {
        let mut b = [0u8; 1];
        while peer.read(r1, &mut b).unwrap() == 1 {
            peer.write(w2, &b).unwrap();
        }
    });
    let mut b = [0u8; 1];
    c.bench_function("pipe_round_trip_1b", |bench| {
        bench.iter(|| {
            t.write(w1, b"x").unwrap();
            t.read(r2, &mut b).unwrap();
        })
    });
    t.close(w1).unwrap();
    echo.join().unwrap();
}

criterion_group!(benches, fs, pipe);
criterion_main!(benches);
