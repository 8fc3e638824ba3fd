//! `poll_oneoff`: one kernel `poll` over every descriptor subscription, with the nearest clock
//! deadline as its timeout.
//!
//! The wait happens in the kernel (the thread parks; a signal or kill interrupts it), so a
//! sleep with only a clock subscription does not spin. A call returns at least one event:
//! every ready descriptor, every clock whose deadline passed, and every subscription that
//! failed (a closed descriptor is an event with error `badf`; an unknown clock `inval`; a
//! CPU-time clock, which does not advance while the guest sleeps, `notsup`).
//!
//! `nbytes` of a ready read event is what can be read without blocking: the bytes between the
//! offset and the end of a regular file (always ready, as on Linux), the bytes buffered in a
//! pipe or a connected stream socket, the length of a datagram socket's next datagram; of a
//! write event, the free space of a pipe or towards a stream socket's peer (0 elsewhere,
//! datagram sockets included). `hangup` is set when the
//! peer is gone (a pipe whose writers or readers all closed, a socket whose connection is
//! finished both ways) or the socket has a pending error.
//!
//! Subscriptions are copied out of guest memory before the wait (events may be written over
//! them); at most [`MAX_SUBSCRIPTIONS`] are accepted per call, like Linux's `RLIMIT_NOFILE` cap
//! on `poll`, so a guest cannot make the host allocate in proportion to its memory.

use std::io::SeekFrom;
use std::time::{Duration, Instant};

use burrow_kernel::fd::PipeFile;
use burrow_kernel::net::socket::Socket;
use burrow_kernel::pipe::PIPE_CAPACITY;
use burrow_kernel::poll::Readiness;
use burrow_kernel::syscall::PollFd;
use burrow_kernel::vfs::FileType;

use super::args::{monotonic_instant, realtime_now};
use super::{finish, region_len, Res};
use crate::memory::Mem;
use crate::types::{self, clockid, eventtype, Errno, EVENT_FD_READWRITE_HANGUP, SUBSCRIPTION_CLOCK_ABSTIME};
use crate::{HostResult, WasiCtx};

/// Most subscriptions in one call (`inval` beyond).
pub const MAX_SUBSCRIPTIONS: u32 = 1 << 16;

/// What a subscription waits for.
#[derive(Clone, Copy)]
enum Kind {
    /// A clock; `None` when its deadline lies beyond the host's clock range (never).
    Clock(Option<Instant>),
    /// A descriptor; the index of its entry in the kernel's poll set.
    Fd { tag: u8, fd: u32, index: usize },
    /// Failed at once with this errno.
    Failed { tag: u8, errno: Errno },
}

#[derive(Clone, Copy)]
struct Sub {
    userdata: u64,
    kind: Kind,
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The deadline of a clock subscription.
fn deadline(id: u32, timeout: u64, flags: u16, now: Instant) -> Result<Option<Instant>, Errno> {
    let absolute = flags & SUBSCRIPTION_CLOCK_ABSTIME != 0;
    match id {
        clockid::REALTIME | clockid::MONOTONIC if !absolute => Ok(now.checked_add(Duration::from_nanos(timeout))),
        clockid::MONOTONIC => Ok(monotonic_instant(timeout)),
        clockid::REALTIME => {
            let wall = realtime_now();
            Ok(now.checked_add(Duration::from_nanos(timeout.saturating_sub(wall))))
        }
        clockid::PROCESS_CPUTIME_ID | clockid::THREAD_CPUTIME_ID => Err(Errno::NOTSUP),
        _ => Err(Errno::INVAL),
    }
}

/// Reads the subscriptions, building the kernel's poll set alongside.
fn parse(mem: &Mem<'_>, subs: i32, n: u32, fds: &mut Vec<PollFd>) -> Res<Vec<Sub>> {
    let raw = mem.slice(subs, region_len(n, types::SUBSCRIPTION_SIZE)?)?;
    let now = Instant::now();
    let mut out = Vec::with_capacity(n as usize);
    for s in raw.chunks_exact(types::SUBSCRIPTION_SIZE as usize) {
        let userdata = le_u64(s, 0);
        let tag = s[8];
        let kind = match tag {
            eventtype::CLOCK => {
                let id = le_u32(s, 16);
                let timeout = le_u64(s, 24);
                let flags = u16::from_le_bytes([s[40], s[41]]);
                match deadline(id, timeout, flags, now) {
                    Ok(d) => Kind::Clock(d),
                    Err(errno) => Kind::Failed { tag, errno },
                }
            }
            eventtype::FD_READ | eventtype::FD_WRITE => {
                let fd = le_u32(s, 16);
                let events = if tag == eventtype::FD_READ { Readiness::READABLE } else { Readiness::WRITABLE };
                fds.push(PollFd::new(fd, events));
                Kind::Fd { tag, fd, index: fds.len() - 1 }
            }
            _ => return Err(Errno::INVAL),
        };
        out.push(Sub { userdata, kind });
    }
    Ok(out)
}

/// `(nbytes, flags)` of a ready descriptor event.
fn readwrite_info(cx: &WasiCtx, tag: u8, fd: u32, revents: Readiness) -> (u64, u16) {
    let flags = if revents.intersects(Readiness::HANGUP | Readiness::ERROR) { EVENT_FD_READWRITE_HANGUP } else { 0 };
    let Ok(file) = cx.task.file(fd) else {
        return (0, flags);
    };
    let nbytes = if let Some(pipe) = file.as_any().downcast_ref::<PipeFile>() {
        let buffered = pipe.end().pipe().buffered() as u64;
        if tag == eventtype::FD_READ {
            buffered
        } else {
            (PIPE_CAPACITY as u64).saturating_sub(buffered)
        }
    } else if let Some(socket) = file.as_any().downcast_ref::<Socket>() {
        let (readable, writable) = socket.io_counts();
        if tag == eventtype::FD_READ {
            readable as u64
        } else {
            writable as u64
        }
    } else if tag == eventtype::FD_READ && file.file_type() == FileType::Regular {
        match (file.stat(), file.seek(SeekFrom::Current(0))) {
            (Ok(st), Ok(at)) => st.size.saturating_sub(at),
            _ => 0,
        }
    } else {
        0
    };
    (nbytes, flags)
}

/// Encodes one `event` (see [`types::EVENT_SIZE`]).
fn write_event(mem: &mut Mem<'_>, at: i32, userdata: u64, errno: Errno, tag: u8, nbytes: u64, flags: u16) -> Res {
    let mut b = [0u8; types::EVENT_SIZE as usize];
    b[0..8].copy_from_slice(&userdata.to_le_bytes());
    b[8..10].copy_from_slice(&errno.0.to_le_bytes());
    b[10] = tag;
    b[16..24].copy_from_slice(&nbytes.to_le_bytes());
    b[24..26].copy_from_slice(&flags.to_le_bytes());
    mem.write_bytes(at, &b)
}

/// `poll_oneoff(subs, events, nsubscriptions, nevents_out)`: waits until at least one
/// subscription has an event, writes the events in subscription order and their count.
pub fn poll_oneoff(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    subs: i32,
    events: i32,
    nsubscriptions: i32,
    nevents_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let n = nsubscriptions as u32;
        if n == 0 || n > MAX_SUBSCRIPTIONS {
            return Err(Errno::INVAL);
        }
        mem.slice(events, region_len(n, types::EVENT_SIZE)?)?;
        super::check_out(&mem, nevents_out, 4)?;
        let mut fds = Vec::new();
        let list = parse(&mem, subs, n, &mut fds)?;
        let failed = list.iter().any(|s| matches!(s.kind, Kind::Failed { .. }));
        let nearest = list
            .iter()
            .filter_map(|s| match s.kind {
                Kind::Clock(d) => d,
                _ => None,
            })
            .min();
        loop {
            let now = Instant::now();
            let timeout = if failed { Some(Duration::ZERO) } else { nearest.map(|d| d.saturating_duration_since(now)) };
            cx.task.poll(&mut fds, timeout)?;
            let now = Instant::now();
            let mut count: u32 = 0;
            for s in &list {
                let at = (events as u32).wrapping_add(count * types::EVENT_SIZE) as i32;
                let fired = match s.kind {
                    Kind::Clock(Some(d)) if now >= d => {
                        write_event(&mut mem, at, s.userdata, Errno::SUCCESS, eventtype::CLOCK, 0, 0)?;
                        true
                    }
                    Kind::Clock(_) => false,
                    Kind::Failed { tag, errno } => {
                        write_event(&mut mem, at, s.userdata, errno, tag, 0, 0)?;
                        true
                    }
                    Kind::Fd { tag, fd, index } => match fds[index].revents {
                        None => {
                            write_event(&mut mem, at, s.userdata, Errno::BADF, tag, 0, 0)?;
                            true
                        }
                        Some(r) if !r.is_empty() => {
                            let (nbytes, flags) = readwrite_info(cx, tag, fd, r);
                            write_event(&mut mem, at, s.userdata, Errno::SUCCESS, tag, nbytes, flags)?;
                            true
                        }
                        Some(_) => false,
                    },
                };
                count += u32::from(fired);
            }
            if count > 0 {
                return mem.write_u32(nevents_out, count);
            }
        }
    })();
    finish(cx, r)
}
