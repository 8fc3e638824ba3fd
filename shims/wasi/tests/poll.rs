//! `poll_oneoff`: clocks (relative, absolute), descriptors becoming ready from another thread,
//! hang-ups, per-subscription errors, and interruption by a kill.

mod common;

use std::time::{Duration, Instant};

use burrow_kernel::Signal;
use burrow_wasi::types::{eventtype, Errno, EVENT_FD_READWRITE_HANGUP};
use burrow_wasi::HostExit;
use common::*;

enum Sub {
    Clock { id: u32, timeout: u64, abs: bool },
    Read(u32),
    Write(u32),
    Raw(u8),
}

#[derive(Debug, PartialEq, Eq)]
struct Event {
    userdata: u64,
    error: u16,
    ty: u8,
    nbytes: u64,
    flags: u16,
}

/// Runs `poll_oneoff` over `subs` (userdata = index + 100); the errno or the events.
fn poll(g: &mut Guest, subs: &[Sub]) -> Result<Vec<Event>, i32> {
    g.reset();
    let base = g.alloc(48 * subs.len() as u32);
    for (i, s) in subs.iter().enumerate() {
        let at = base + 48 * i as i32;
        g.set_u64(at, 100 + i as u64);
        match *s {
            Sub::Clock { id, timeout, abs } => {
                g.mem[at as usize + 8] = eventtype::CLOCK;
                g.set_u32(at + 16, id);
                g.set_u64(at + 24, timeout);
                g.set_u64(at + 32, 0);
                g.mem[at as usize + 40] = abs as u8;
            }
            Sub::Read(fd) => {
                g.mem[at as usize + 8] = eventtype::FD_READ;
                g.set_u32(at + 16, fd);
            }
            Sub::Write(fd) => {
                g.mem[at as usize + 8] = eventtype::FD_WRITE;
                g.set_u32(at + 16, fd);
            }
            Sub::Raw(tag) => g.mem[at as usize + 8] = tag,
        }
    }
    let events = g.alloc(32 * subs.len() as u32);
    match p1!(g, poll_oneoff, base, events, subs.len() as i32, OUT) {
        0 => Ok((0..g.u32_at(OUT) as i32)
            .map(|i| {
                let at = events + 32 * i;
                Event {
                    userdata: g.u64_at(at),
                    error: g.u16_at(at + 8),
                    ty: g.bytes(at + 10, 1)[0],
                    nbytes: g.u64_at(at + 16),
                    flags: g.u16_at(at + 24),
                }
            })
            .collect()),
        e => Err(e),
    }
}

fn pipe(g: &mut Guest) -> (u32, u32) {
    assert_eq!(bw!(g, pipe, 0, OUT), 0);
    (g.u32_at(OUT), g.u32_at(OUT + 4))
}

fn clock_event(userdata: u64) -> Event {
    Event { userdata, error: 0, ty: eventtype::CLOCK, nbytes: 0, flags: 0 }
}

#[test]
fn a_relative_clock_fires_after_its_timeout() {
    let mut g = Guest::new();
    for id in [0, 1] {
        let start = Instant::now();
        let ev = poll(&mut g, &[Sub::Clock { id, timeout: 30_000_000, abs: false }]).unwrap();
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(30), "woke after {took:?}");
        assert!(took < Duration::from_secs(5));
        assert_eq!(ev, vec![clock_event(100)]);
    }
    // Zero timeout: at once.
    assert_eq!(poll(&mut g, &[Sub::Clock { id: 1, timeout: 0, abs: false }]).unwrap(), vec![clock_event(100)]);
}

#[test]
fn the_nearest_of_several_clocks_fires() {
    let mut g = Guest::new();
    let start = Instant::now();
    let ev = poll(
        &mut g,
        &[
            Sub::Clock { id: 1, timeout: 10_000_000_000, abs: false },
            Sub::Clock { id: 1, timeout: 20_000_000, abs: false },
        ],
    )
    .unwrap();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(ev, vec![clock_event(101)]);
}

#[test]
fn absolute_clocks() {
    let mut g = Guest::new();
    assert_eq!(p1!(g, clock_time_get, 1, 0, OUT), 0);
    let now = g.u64_at(OUT);
    let start = Instant::now();
    let ev = poll(&mut g, &[Sub::Clock { id: 1, timeout: now + 25_000_000, abs: true }]).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(20));
    assert_eq!(ev, vec![clock_event(100)]);
    // In the past: at once.
    assert_eq!(poll(&mut g, &[Sub::Clock { id: 1, timeout: 1, abs: true }]).unwrap(), vec![clock_event(100)]);
    assert_eq!(p1!(g, clock_time_get, 0, 0, OUT), 0);
    let wall = g.u64_at(OUT);
    let start = Instant::now();
    assert_eq!(
        poll(&mut g, &[Sub::Clock { id: 0, timeout: wall + 20_000_000, abs: true }]).unwrap(),
        vec![clock_event(100)]
    );
    assert!(start.elapsed() >= Duration::from_millis(15));
    assert_eq!(poll(&mut g, &[Sub::Clock { id: 0, timeout: 0, abs: true }]).unwrap(), vec![clock_event(100)]);
}

#[test]
fn a_pipe_read_fires_when_data_arrives_from_another_thread() {
    let mut g = Guest::new();
    let (r, w) = pipe(&mut g);
    let writer = g.task().clone();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        writer.write(w, b"hello").unwrap();
    });
    let start = Instant::now();
    let ev = poll(&mut g, &[Sub::Read(r), Sub::Clock { id: 1, timeout: 10_000_000_000, abs: false }]).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(40));
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(ev, vec![Event { userdata: 100, error: 0, ty: eventtype::FD_READ, nbytes: 5, flags: 0 }]);
    t.join().unwrap();
    // Writable: the free space.
    let ev = poll(&mut g, &[Sub::Write(w)]).unwrap();
    assert_eq!(ev, vec![Event { userdata: 100, error: 0, ty: eventtype::FD_WRITE, nbytes: 65536 - 5, flags: 0 }]);
    // Writer closed: readable with hang-up.
    assert_eq!(p1!(g, fd_close, w as i32), 0);
    let ev = poll(&mut g, &[Sub::Read(r)]).unwrap();
    assert_eq!(
        ev,
        vec![Event { userdata: 100, error: 0, ty: eventtype::FD_READ, nbytes: 5, flags: EVENT_FD_READWRITE_HANGUP }]
    );
    assert_eq!(g.read(r as i32, &[10]).unwrap(), b"hello");
    let ev = poll(&mut g, &[Sub::Read(r)]).unwrap();
    assert_eq!(ev[0].flags, EVENT_FD_READWRITE_HANGUP);
    assert_eq!(ev[0].nbytes, 0);
}

#[test]
fn a_write_to_a_pipe_without_readers_reports_hangup() {
    let mut g = Guest::new();
    let (r, w) = pipe(&mut g);
    assert_eq!(p1!(g, fd_close, r as i32), 0);
    let ev = poll(&mut g, &[Sub::Write(w)]).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].error, ev[0].flags), (0, EVENT_FD_READWRITE_HANGUP));
}

#[test]
fn regular_files_are_always_ready_with_the_bytes_left() {
    let mut g = Guest::new();
    let fd = g.create(b"f");
    assert_eq!(g.write(fd, &[&[0u8; 1000]]), Ok(1000));
    assert_eq!(p1!(g, fd_seek, fd, 300, 0, OUT), 0);
    let ev = poll(&mut g, &[Sub::Read(fd as u32), Sub::Write(fd as u32)]).unwrap();
    assert_eq!(
        ev,
        vec![
            Event { userdata: 100, error: 0, ty: eventtype::FD_READ, nbytes: 700, flags: 0 },
            Event { userdata: 101, error: 0, ty: eventtype::FD_WRITE, nbytes: 0, flags: 0 },
        ]
    );
}

#[test]
fn failed_subscriptions_are_events() {
    let mut g = Guest::new();
    let (r, _w) = pipe(&mut g);
    let ev = poll(
        &mut g,
        &[
            Sub::Read(r),
            Sub::Read(77),
            Sub::Clock { id: 9, timeout: 0, abs: false },
            Sub::Clock { id: 2, timeout: 1, abs: false },
            Sub::Clock { id: 1, timeout: 10_000_000_000, abs: false },
        ],
    )
    .unwrap();
    assert_eq!(
        ev,
        vec![
            Event { userdata: 101, error: Errno::BADF.0, ty: eventtype::FD_READ, nbytes: 0, flags: 0 },
            Event { userdata: 102, error: Errno::INVAL.0, ty: eventtype::CLOCK, nbytes: 0, flags: 0 },
            Event { userdata: 103, error: Errno::NOTSUP.0, ty: eventtype::CLOCK, nbytes: 0, flags: 0 },
        ]
    );
}

#[test]
fn bad_calls() {
    let mut g = Guest::new();
    assert_eq!(poll(&mut g, &[]), Err(Errno::INVAL.raw()));
    assert_eq!(poll(&mut g, &[Sub::Raw(3)]), Err(Errno::INVAL.raw()));
    assert_eq!(p1!(g, poll_oneoff, 0, 0, -1, OUT), Errno::INVAL.raw());
    let end = MEM_SIZE as i32;
    assert_eq!(p1!(g, poll_oneoff, end - 40, 0, 1, OUT), Errno::FAULT.raw());
    assert_eq!(p1!(g, poll_oneoff, 0, end - 31, 1, OUT), Errno::FAULT.raw());
    assert_eq!(p1!(g, poll_oneoff, 0, 64, 1, end), Errno::FAULT.raw());
}

#[test]
fn a_kill_interrupts_a_sleep() {
    let mut g = Guest::child();
    let pid = g.task().pid();
    let init = g.kernel.init();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        init.kill(pid as i64, Some(Signal::SIGKILL)).unwrap();
    });
    g.reset();
    let sub = g.alloc(48);
    g.mem[sub as usize + 8] = eventtype::CLOCK;
    g.set_u32(sub + 16, 1);
    g.set_u64(sub + 24, 60_000_000_000);
    let events = g.alloc(32);
    let start = Instant::now();
    let r = burrow_wasi::wasi_snapshot_preview1::poll_oneoff(
        &mut g.cx,
        burrow_wasi::Mem::new(&mut g.mem),
        sub,
        events,
        1,
        OUT,
    );
    assert_eq!(r, Err(HostExit::Killed(Signal::SIGKILL)));
    assert!(start.elapsed() < Duration::from_secs(10));
    t.join().unwrap();
}

#[test]
fn a_caught_signal_interrupts_a_sleep_with_intr() {
    let mut g = Guest::child();
    assert_eq!(bw!(g, sigaction, 10, 2), 0);
    let pid = g.task().pid();
    let init = g.kernel.init();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(30));
        init.kill(pid as i64, Some(Signal::SIGUSR1)).unwrap();
    });
    assert_eq!(poll(&mut g, &[Sub::Clock { id: 1, timeout: 60_000_000_000, abs: false }]), Err(Errno::INTR.raw()));
    t.join().unwrap();
    assert_eq!(bw!(g, sigpending, OUT), 0);
    assert_eq!(g.u64_at(OUT), 1 << 9);
    // Taken: sleeping works again.
    assert_eq!(poll(&mut g, &[Sub::Clock { id: 1, timeout: 1_000_000, abs: false }]).unwrap(), vec![clock_event(100)]);
}

/// A socket's read event counts the bytes a read returns at once (a stream's buffered bytes, a
/// datagram socket's next datagram) and its write event the room towards a stream's peer.
#[test]
fn socket_events_count_bytes() {
    let mut g = Guest::new();
    assert_eq!(bw!(g, socketpair, 1, 1, 0, OUT), 0);
    let (a, b) = (g.u32_at(OUT), g.u32_at(OUT + 4));
    let idle = poll(&mut g, &[Sub::Write(a)]).unwrap();
    assert_eq!(idle.len(), 1);
    let room = idle[0].nbytes;
    assert!(room >= 1024, "a fresh stream has room: {room}");
    let (iov, _) = g.iovs(&[b"hello"]);
    assert_eq!(p1!(g, fd_write, a as i32, iov, 1, OUT), 0);
    let ev = poll(&mut g, &[Sub::Read(b), Sub::Write(a)]).unwrap();
    assert_eq!(
        ev,
        vec![
            Event { userdata: 100, error: 0, ty: eventtype::FD_READ, nbytes: 5, flags: 0 },
            Event { userdata: 101, error: 0, ty: eventtype::FD_WRITE, nbytes: room - 5, flags: 0 },
        ]
    );

    assert_eq!(bw!(g, socketpair, 1, 2, 0, OUT), 0);
    let (c, d) = (g.u32_at(OUT), g.u32_at(OUT + 4));
    for msg in [&b"abc"[..], &b"defghij"[..]] {
        let (iov, _) = g.iovs(&[msg]);
        assert_eq!(p1!(g, fd_write, c as i32, iov, 1, OUT), 0);
    }
    let ev = poll(&mut g, &[Sub::Read(d)]).unwrap();
    assert_eq!(ev, vec![Event { userdata: 100, error: 0, ty: eventtype::FD_READ, nbytes: 3, flags: 0 }]);
}
