//! Readiness: poll over many descriptors, edge-triggered notifications, and no lost wakes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::poll::{Notify, Readiness};
use burrow_kernel::syscall::{ChildOptions, PollFd};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, Kernel, Signal, AT_FDCWD};

fn kernel() -> Kernel {
    Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default())
}

#[test]
fn poll_times_out_with_nothing_ready() {
    let t = kernel().init();
    let (r, _w) = t.pipe(OpenFlags::default()).unwrap();
    let mut fds = [PollFd::new(r, Readiness::READABLE)];
    assert_eq!(t.poll(&mut fds, Some(Duration::from_millis(20))).unwrap(), 0);
    assert_eq!(fds[0].revents, Some(Readiness::NONE));
    assert_eq!(t.poll(&mut fds, Some(Duration::ZERO)).unwrap(), 0);
}

#[test]
fn poll_takes_a_timeout_past_what_an_instant_holds() {
    // Found writing the node_ops fuzz target (a JavaScript sleep of 1e22 ms reaches it):
    // `Instant + timeout` overflowed and panicked before anything was polled.
    let t = kernel().init();
    let (r, w) = t.pipe(OpenFlags::default()).unwrap();
    t.write(w, b"x").unwrap();
    let mut fds = [PollFd::new(r, Readiness::READABLE)];
    assert_eq!(t.poll(&mut fds, Some(Duration::MAX)).unwrap(), 1);
    // With nothing ready it waits (as without a timeout) until a signal interrupts it.
    let child = t.new_child(ChildOptions::default()).unwrap();
    let pid = child.pid();
    let poller = thread::spawn(move || child.poll(&mut [], Some(Duration::MAX)).map_err(|e| e.errno()));
    thread::sleep(Duration::from_millis(50));
    assert!(!poller.is_finished());
    t.kill(i64::from(pid), Some(Signal::SIGKILL)).unwrap();
    assert_eq!(poller.join().unwrap(), Err(Errno::EINTR));
}

#[test]
fn poll_reports_write_space_files_and_bad_descriptors_at_once() {
    let t = kernel().init();
    let (_r, w) = t.pipe(OpenFlags::default()).unwrap();
    let f = t.open(AT_FDCWD, b"/f", OpenFlags::CREAT | OpenFlags::RDWR, 0o644).unwrap();
    let mut fds = [
        PollFd::new(w, Readiness::WRITABLE),
        PollFd::new(f, Readiness::READABLE | Readiness::WRITABLE),
        PollFd::new(77, Readiness::READABLE),
    ];
    assert_eq!(t.poll(&mut fds, None).unwrap(), 3);
    assert_eq!(fds[0].revents, Some(Readiness::WRITABLE));
    assert_eq!(fds[1].revents, Some(Readiness::READABLE | Readiness::WRITABLE));
    assert_eq!(fds[2].revents, None);
}

#[test]
fn poll_wakes_on_data_from_another_thread_among_many_fds() {
    let k = kernel();
    let t = k.init();
    let pipes: Vec<(u32, u32)> = (0..16).map(|_| t.pipe(OpenFlags::default()).unwrap()).collect();
    let writer = t.clone();
    let w = pipes[11].1;
    let h = thread::spawn(move || {
        thread::sleep(Duration::from_millis(30));
        writer.write(w, b"x").unwrap();
    });
    let mut fds: Vec<PollFd> = pipes.iter().map(|&(r, _)| PollFd::new(r, Readiness::READABLE)).collect();
    assert_eq!(t.poll(&mut fds, None).unwrap(), 1);
    assert_eq!(fds[11].revents, Some(Readiness::READABLE));
    h.join().unwrap();
}

#[test]
fn hangup_and_error_are_reported_without_being_asked() {
    let t = kernel().init();
    let (r, w) = t.pipe(OpenFlags::default()).unwrap();
    t.close(w).unwrap();
    let mut fds = [PollFd::new(r, Readiness::NONE)];
    assert_eq!(t.poll(&mut fds, None).unwrap(), 1);
    assert_eq!(fds[0].revents, Some(Readiness::HANGUP));
    let (r, w) = t.pipe(OpenFlags::default()).unwrap();
    t.close(r).unwrap();
    let mut fds = [PollFd::new(w, Readiness::NONE)];
    assert_eq!(t.poll(&mut fds, None).unwrap(), 1);
    assert_eq!(fds[0].revents, Some(Readiness::ERROR));
}

#[test]
fn notifications_fire_on_edges_only() {
    let t = kernel().init();
    let (r, w) = t.pipe(OpenFlags::NONBLOCK).unwrap();
    let file = t.file(r).unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let e = events.clone();
    let queue = file.wait_queue().unwrap();
    let key = queue.subscribe(
        Readiness::READABLE | Readiness::WRITABLE | Readiness::HANGUP,
        Notify::Callback(Arc::new(move |r| e.lock().unwrap().push(r))),
    );
    t.write(w, b"a").unwrap();
    t.write(w, b"b").unwrap();
    assert_eq!(events.lock().unwrap().as_slice(), &[Readiness::READABLE], "one edge for empty to non-empty");
    t.read(r, &mut [0u8; 8]).unwrap();
    t.write(w, b"c").unwrap();
    assert_eq!(events.lock().unwrap().len(), 2, "a new edge after draining");
    // Fill to the brim, then free space: one writable edge.
    t.read(r, &mut [0u8; 8]).unwrap();
    let chunk = vec![0u8; 4096];
    while t.write(w, &chunk).is_ok() {}
    events.lock().unwrap().clear();
    t.read(r, &mut vec![0u8; 8192]).unwrap();
    assert_eq!(events.lock().unwrap().as_slice(), &[Readiness::WRITABLE]);
    t.close(w).unwrap();
    assert!(events.lock().unwrap().last().unwrap().intersects(Readiness::HANGUP));
    queue.unsubscribe(key);
}

#[test]
fn task_wakers_fire_once() {
    struct Count(AtomicUsize);
    impl std::task::Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let t = kernel().init();
    let (r, w) = t.pipe(OpenFlags::NONBLOCK).unwrap();
    let count = Arc::new(Count(AtomicUsize::new(0)));
    let waker = std::task::Waker::from(count.clone());
    t.file(r).unwrap().wait_queue().unwrap().subscribe(Readiness::READABLE, Notify::Task(waker));
    t.write(w, b"a").unwrap();
    t.read(r, &mut [0u8; 1]).unwrap();
    t.write(w, b"b").unwrap();
    assert_eq!(count.0.load(Ordering::SeqCst), 1);
}

#[test]
fn no_wake_is_lost_across_thousands_of_ping_pongs() {
    let t = kernel().init();
    let (r1, w1) = t.pipe(OpenFlags::default()).unwrap();
    let (r2, w2) = t.pipe(OpenFlags::default()).unwrap();
    let peer = t.clone();
    const ROUNDS: u32 = 20_000;
    let echo = thread::spawn(move || {
        let mut buf = [0u8; 4];
        for _ in 0..ROUNDS {
            let mut fds = [PollFd::new(r1, Readiness::READABLE)];
            assert_eq!(peer.poll(&mut fds, None).unwrap(), 1);
            assert_eq!(peer.read(r1, &mut buf).unwrap(), 4);
            peer.write(w2, &buf).unwrap();
        }
    });
    let mut buf = [0u8; 4];
    for i in 0..ROUNDS {
        t.write(w1, &i.to_le_bytes()).unwrap();
        assert_eq!(t.read(r2, &mut buf).unwrap(), 4);
        assert_eq!(u32::from_le_bytes(buf), i);
    }
    echo.join().unwrap();
}

#[test]
fn nonblocking_pipes_say_eagain() {
    let t = kernel().init();
    let (r, w) = t.pipe(OpenFlags::NONBLOCK).unwrap();
    assert_eq!(t.read(r, &mut [0u8; 1]).unwrap_err().errno(), Errno::EAGAIN);
    let big = vec![1u8; 70_000];
    assert_eq!(t.write(w, &big).unwrap(), 65_536);
    assert_eq!(t.write(w, b"x").unwrap_err().errno(), Errno::EAGAIN);
    assert_eq!(t.status_flags(r).unwrap().0 & OpenFlags::NONBLOCK.0, OpenFlags::NONBLOCK.0);
}
