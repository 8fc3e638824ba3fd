//! The host's end of a pipe and the host's async child wait: `poll_*` return `Pending` and the
//! task is woken by the guest side's read, write, close or exit, with no lost wake-ups and no
//! subscriber left behind per poll.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::pipe::{Side, PIPE_CAPACITY};
use burrow_kernel::poll::Io;
use burrow_kernel::process::WaitFor;
use burrow_kernel::syscall::ChildOptions;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, ExitStatus, Kernel};

fn kernel() -> Kernel {
    Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default())
}

/// Counts its wake-ups.
#[derive(Default)]
struct Wakes(AtomicUsize);

impl Wake for Wakes {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn waker() -> (Arc<Wakes>, Waker) {
    let wakes = Arc::new(Wakes::default());
    (wakes.clone(), Waker::from(wakes))
}

#[test]
fn a_pending_read_is_woken_by_the_guests_write_and_close() {
    let k = kernel();
    let (host, guest) = k.host_pipe(Side::Read).unwrap();
    let (wakes, w) = waker();
    let mut cx = Context::from_waker(&w);
    let mut buf = [0u8; 16];
    for _ in 0..3 {
        assert!(host.poll_read(&mut cx, &mut buf).is_pending(), "repeated polls stay pending");
    }
    assert_eq!(guest.write(b"hi", Io::HOST).unwrap(), 2);
    assert_eq!(wakes.0.load(Ordering::SeqCst), 1, "one wake for three polls");
    assert!(matches!(host.poll_read(&mut cx, &mut buf), Poll::Ready(Ok(2))));
    assert_eq!(&buf[..2], b"hi");
    assert!(host.poll_read(&mut cx, &mut buf).is_pending());
    drop(guest);
    assert_eq!(wakes.0.load(Ordering::SeqCst), 2);
    assert!(matches!(host.poll_read(&mut cx, &mut buf), Poll::Ready(Ok(0))), "end of file");
    assert_eq!(k.pipe_buffer_usage(), PIPE_CAPACITY as u64);
    drop(host);
    assert_eq!(k.pipe_buffer_usage(), 0);
}

#[test]
fn a_pending_write_is_woken_when_the_guest_reads_and_fails_once_it_is_gone() {
    let k = kernel();
    let (host, guest) = k.host_pipe(Side::Write).unwrap();
    let (wakes, w) = waker();
    let mut cx = Context::from_waker(&w);
    let big = vec![7u8; PIPE_CAPACITY + 10];
    assert!(matches!(host.poll_write(&mut cx, &big), Poll::Ready(Ok(n)) if n == PIPE_CAPACITY));
    assert!(host.poll_write(&mut cx, b"x").is_pending(), "full");
    let mut out = vec![0u8; 8192];
    assert_eq!(guest.read(&mut out, Io::HOST).unwrap(), 8192);
    assert_eq!(wakes.0.load(Ordering::SeqCst), 1);
    assert!(matches!(host.poll_write(&mut cx, b"x"), Poll::Ready(Ok(1))));
    drop(guest);
    match host.poll_write(&mut cx, b"x") {
        Poll::Ready(Err(e)) => assert_eq!(e, Errno::EPIPE),
        _ => panic!("a write with no reader left must fail"),
    }
}

#[test]
fn blocking_host_reads_and_writes_cross_threads() {
    let k = kernel();
    let (host_out, guest_in) = k.host_pipe(Side::Write).unwrap();
    let total = 1 << 20;
    let writer = thread::spawn(move || {
        let data: Vec<u8> = (0..total).map(|i| (i % 251) as u8).collect();
        assert_eq!(host_out.write(&data).unwrap(), total);
    });
    let mut got = Vec::new();
    let mut buf = [0u8; 10_000];
    loop {
        let n = guest_in.read(&mut buf, Io::HOST).unwrap();
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    writer.join().unwrap();
    assert!(got.iter().enumerate().all(|(i, &b)| b == (i % 251) as u8) && got.len() == total);
}

#[test]
fn the_host_is_woken_when_its_child_exits_and_a_detached_child_is_reaped() {
    let k = kernel();
    let init = k.init();
    let child = init.new_child(ChildOptions::default()).unwrap();
    let watch = init.child_watch();
    let (wakes, w) = waker();
    let mut cx = Context::from_waker(&w);
    assert!(watch.poll_wait(&mut cx, WaitFor::Pid(child.pid())).is_pending());
    let pid = child.pid();
    let exiting = thread::spawn(move || {
        thread::sleep(Duration::from_millis(20));
        child.exit(ExitStatus::Code(3));
    });
    exiting.join().unwrap();
    assert!(wakes.0.load(Ordering::SeqCst) >= 1);
    assert!(
        matches!(watch.poll_wait(&mut cx, WaitFor::Pid(pid)), Poll::Ready(Ok((p, ExitStatus::Code(3)))) if p == pid)
    );

    let running = init.new_child(ChildOptions::default()).unwrap();
    let exited = init.new_child(ChildOptions::default()).unwrap();
    exited.exit(ExitStatus::Code(0));
    assert_eq!(k.processes().len(), 3);
    init.detach_child(exited.pid());
    assert_eq!(k.processes().len(), 2, "an exited child is reaped when detached");
    init.detach_child(running.pid());
    running.exit(ExitStatus::Code(0));
    assert_eq!(k.processes().len(), 1, "a running one when it exits");
}
