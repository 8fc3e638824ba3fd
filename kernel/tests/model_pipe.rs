//! Model-based property tests of Burrow's pipes.
//!
//! # The single-threaded model ([`PipeModel`])
//!
//! A pipe is a `VecDeque<u8>` of at most 65536 bytes (`PIPE_CAPACITY`), a count of open
//! descriptors for each end, and one `O_NONBLOCK` flag per end (an end's descriptors are
//! `dup`s of one open file description, so they share it). Its rules:
//!
//! * `write(n)`: 0 if `n == 0`; `EPIPE` (and `SIGPIPE`) with no reader left; if
//!   `n <= PIPE_BUF` (4096) it goes in whole or not at all (`EAGAIN`); a larger write takes
//!   `min(n, space)` bytes, or `EAGAIN` if there is no space at all.
//! * `read(n)`: 0 if `n == 0`; up to `n` buffered bytes; 0 (end of file) when empty with no
//!   writer left; `EAGAIN` when empty with a writer.
//! * `poll`: the read end is readable when it has data or no writer (hang-up then too); the
//!   write end is writable when `PIPE_BUF` bytes fit, and in error with no reader.
//!
//! Random sequences of writes and reads (sizes 0..=70000, with 4096, 4097 and sizes around
//! the capacity favoured), closes and `dup`s of either end, `F_SETFL` toggling `O_NONBLOCK`
//! and zero-timeout polls run on Burrow from one thread and on the model. Every count,
//! errno, byte read (the writer's stream is position-tagged, so the exact byte stream is
//! checked), readiness set and `SIGPIPE` is compared. Nothing may block: both ends start
//! non-blocking, and a step that the model says would block on a blocking end is skipped
//! (a watchdog fails the case if Burrow blocks anyway). At the end every descriptor is closed
//! and the VM's pipe-buffer accounting must be back to zero.
//!
//! There is no Linux oracle here: Linux accounts pipe space in page-sized slots (16 of them),
//! so how much of a large or partial write fits differs from a byte-exact ring; the
//! semantics compared here are the PIPE_BUF/EAGAIN/EPIPE/EOF rules POSIX fixes, with Burrow's
//! byte-exact capacity.
//!
//! # The threaded properties
//!
//! * One writer thread writes random-sized chunks (blocking) while a reader thread reads
//!   random sizes (blocking) until end of file: the bytes must arrive exactly, in order, and
//!   every blocking write must report its full length.
//! * Two writer threads write tagged chunks of at most `PIPE_BUF` bytes (writer id, sequence
//!   number, length, then a payload derived from them) through their own descriptors while
//!   one reader reads small random amounts: every chunk must appear contiguous in the stream
//!   (writes <= PIPE_BUF never interleave), each writer's chunks in order, none lost.

use std::collections::VecDeque;
use std::fmt;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::poll::Readiness;
use burrow_kernel::process::Disposition;
use burrow_kernel::syscall::PollFd;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, Kernel, Signal, Task};
use proptest::prelude::*;
use proptest::test_runner::Config;

const CAPACITY: usize = 65536;
const PIPE_BUF: usize = 4096;

fn kernel() -> Kernel {
    Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default())
}

/// `default`, unless the `PROPTEST_CASES` environment variable says otherwise.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs `f` on its own thread; fails if it takes longer than `limit` (Burrow blocked where it
/// must not, or a deadlock). A stuck thread is left behind: the test fails anyway.
fn with_watchdog<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => Err(format!("no progress within {limit:?}: something blocked")),
    }
}

/// The `i`th byte the writer ever offers: position-dependent, so lost, duplicated or reordered
/// bytes show up.
fn stream_byte(i: u64) -> u8 {
    (i % 251) as u8 ^ (i / 251 % 256) as u8
}

fn stream(from: u64, len: usize) -> Vec<u8> {
    (from..from + len as u64).map(stream_byte).collect()
}

// ---------------------------------------------------------------------------------------------
// Single-threaded model
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum End {
    Read,
    Write,
}

impl End {
    fn idx(self) -> usize {
        self as usize
    }
}

#[derive(Clone, PartialEq, Eq)]
enum Op {
    Write(usize),
    Read(usize),
    /// Closes the most recently opened descriptor of that end.
    Close(End),
    /// `dup`s a descriptor of that end.
    Dup(End),
    /// `F_SETFL` on the end's description: sets or clears `O_NONBLOCK`.
    SetNonblock(End, bool),
    /// `poll` both ends (those with a descriptor) with a zero timeout.
    Poll,
}

impl fmt::Debug for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Write(n) => write!(f, "write({n})"),
            Op::Read(n) => write!(f, "read({n})"),
            Op::Close(e) => write!(f, "close({e:?} end)"),
            Op::Dup(e) => write!(f, "dup({e:?} end)"),
            Op::SetNonblock(e, on) => write!(f, "fcntl({e:?} end, F_SETFL, {})", if *on { "O_NONBLOCK" } else { "0" }),
            Op::Poll => write!(f, "poll(both, 0)"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Eno(i32);

impl fmt::Debug for Eno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Errno(self.0).name())
    }
}

const EAGAIN: Eno = Eno(11);
const EPIPE: Eno = Eno(32);

/// What a step did.
#[derive(Clone, PartialEq, Eq)]
enum Out {
    /// Not run: no descriptor of that end is open, or the end is blocking and the step would
    /// block.
    Skipped(&'static str),
    Wrote(usize),
    /// The bytes a read returned.
    Got(Vec<u8>),
    Failed(Eno),
    Done,
    /// Readiness of (read end, write end), `None` where no descriptor is open.
    Ready(Option<u8>, Option<u8>),
}

impl fmt::Debug for Out {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Out::Skipped(why) => write!(f, "skipped ({why})"),
            Out::Wrote(n) => write!(f, "wrote {n}"),
            Out::Got(b) => write!(f, "read {} bytes {:?}..", b.len(), &b[..b.len().min(8)]),
            Out::Failed(e) => write!(f, "{e:?}"),
            Out::Done => write!(f, "ok"),
            Out::Ready(r, w) => write!(f, "ready(read end {r:?}, write end {w:?})"),
        }
    }
}

/// The model pipe.
struct PipeModel {
    buf: VecDeque<u8>,
    /// Open descriptors of each end.
    fds: [usize; 2],
    nonblock: [bool; 2],
    /// Stream position of the next byte the writer offers.
    offered: u64,
}

impl PipeModel {
    fn new() -> PipeModel {
        PipeModel { buf: VecDeque::new(), fds: [1, 1], nonblock: [true, true], offered: 0 }
    }

    fn space(&self) -> usize {
        CAPACITY - self.buf.len()
    }

    fn readiness(&self, end: End) -> Option<u8> {
        if self.fds[end.idx()] == 0 {
            return None;
        }
        let mut r = Readiness::NONE;
        match end {
            End::Read => {
                if !self.buf.is_empty() || self.fds[1] == 0 {
                    r |= Readiness::READABLE;
                }
                if self.fds[1] == 0 {
                    r |= Readiness::HANGUP;
                }
            }
            End::Write => {
                if self.space() >= PIPE_BUF {
                    r |= Readiness::WRITABLE;
                }
                if self.fds[0] == 0 {
                    r |= Readiness::ERROR;
                }
            }
        }
        Some(r.0)
    }

    fn apply(&mut self, op: &Op) -> Out {
        let has = |end: End| self.fds[end.idx()] > 0;
        match *op {
            Op::Write(_) | Op::Close(End::Write) | Op::Dup(End::Write) | Op::SetNonblock(End::Write, _)
                if !has(End::Write) =>
            {
                Out::Skipped("no write descriptor")
            }
            Op::Read(_) | Op::Close(End::Read) | Op::Dup(End::Read) | Op::SetNonblock(End::Read, _)
                if !has(End::Read) =>
            {
                Out::Skipped("no read descriptor")
            }
            Op::Write(0) => Out::Wrote(0),
            Op::Write(_) if self.fds[0] == 0 => Out::Failed(EPIPE),
            Op::Write(n) => {
                let space = self.space();
                let take = if n <= PIPE_BUF {
                    if space >= n {
                        n
                    } else {
                        0
                    }
                } else {
                    n.min(space)
                };
                if take < n && !self.nonblock[1] {
                    return Out::Skipped("would block");
                }
                if take == 0 {
                    return Out::Failed(EAGAIN);
                }
                self.buf.extend(stream(self.offered, take));
                self.offered += take as u64;
                Out::Wrote(take)
            }
            Op::Read(0) => Out::Got(Vec::new()),
            Op::Read(n) => {
                if self.buf.is_empty() {
                    if self.fds[1] == 0 {
                        return Out::Got(Vec::new());
                    }
                    if !self.nonblock[0] {
                        return Out::Skipped("would block");
                    }
                    return Out::Failed(EAGAIN);
                }
                let take = n.min(self.buf.len());
                Out::Got(self.buf.drain(..take).collect())
            }
            Op::Close(end) => {
                // Data left in the pipe stays there (it still fills the buffer for poll).
                self.fds[end.idx()] -= 1;
                Out::Done
            }
            Op::Dup(end) => {
                self.fds[end.idx()] += 1;
                Out::Done
            }
            Op::SetNonblock(end, on) => {
                self.nonblock[end.idx()] = on;
                Out::Done
            }
            Op::Poll => Out::Ready(self.readiness(End::Read), self.readiness(End::Write)),
        }
    }
}

/// Burrow's side: init holding descriptors of one pipe.
struct BurrowPipe {
    kernel: Kernel,
    task: Task,
    /// Open descriptors of each end; the last is used.
    fds: [Vec<u32>; 2],
    offered: u64,
}

impl BurrowPipe {
    fn new() -> BurrowPipe {
        let kernel = kernel();
        let task = kernel.init();
        task.set_signal_disposition(Signal::SIGPIPE, Disposition::Catch).unwrap();
        let (r, w) = task.pipe(OpenFlags::NONBLOCK).unwrap();
        BurrowPipe { kernel, task, fds: [vec![r], vec![w]], offered: 0 }
    }

    fn fd(&self, end: End) -> u32 {
        *self.fds[end.idx()].last().expect("the model skips steps on closed ends")
    }

    fn apply(&mut self, op: &Op) -> Out {
        let t = &self.task;
        match *op {
            Op::Write(n) => match t.write(self.fd(End::Write), &stream(self.offered, n)) {
                Ok(k) => {
                    self.offered += k as u64;
                    Out::Wrote(k)
                }
                Err(e) => Out::Failed(Eno(e.errno().0)),
            },
            Op::Read(n) => {
                let mut buf = vec![0u8; n];
                match t.read(self.fd(End::Read), &mut buf) {
                    Ok(k) => {
                        buf.truncate(k);
                        Out::Got(buf)
                    }
                    Err(e) => Out::Failed(Eno(e.errno().0)),
                }
            }
            Op::Close(end) => {
                let fd = self.fds[end.idx()].pop().unwrap();
                t.close(fd).unwrap();
                Out::Done
            }
            Op::Dup(end) => {
                let fd = t.dup(self.fd(end)).unwrap();
                self.fds[end.idx()].push(fd);
                Out::Done
            }
            Op::SetNonblock(end, on) => {
                let fd = self.fd(end);
                let flags = t.status_flags(fd).unwrap().0;
                let flags = if on { flags | OpenFlags::NONBLOCK.0 } else { flags & !OpenFlags::NONBLOCK.0 };
                t.set_status_flags(fd, OpenFlags(flags)).unwrap();
                Out::Done
            }
            Op::Poll => {
                let ends: Vec<End> =
                    [End::Read, End::Write].into_iter().filter(|e| !self.fds[e.idx()].is_empty()).collect();
                let mut set: Vec<PollFd> =
                    ends.iter().map(|&e| PollFd::new(self.fd(e), Readiness::READABLE | Readiness::WRITABLE)).collect();
                let ready = t.poll(&mut set, Some(Duration::ZERO)).unwrap();
                let mut r = [None, None];
                for (e, p) in ends.iter().zip(&set) {
                    r[e.idx()] = Some(p.revents.expect("an open descriptor").0);
                }
                assert_eq!(
                    ready,
                    set.iter().filter(|p| p.revents.is_some_and(|r| !r.is_empty())).count(),
                    "poll's count"
                );
                Out::Ready(r[0], r[1])
            }
        }
    }
}

fn check_sequence(ops: Vec<Op>) -> Result<(), String> {
    with_watchdog(Duration::from_secs(20), move || {
        let mut model = PipeModel::new();
        let mut burrow = BurrowPipe::new();
        let sigpipe = 1u64 << (Signal::SIGPIPE.number() - 1);
        for (i, op) in ops.iter().enumerate() {
            let want = model.apply(op);
            let got = if matches!(want, Out::Skipped(_)) { want.clone() } else { burrow.apply(op) };
            let want_sig = if want == Out::Failed(EPIPE) { sigpipe } else { 0 };
            let got_sig = burrow.task.take_signals();
            if want != got || want_sig != got_sig {
                let mut s = format!("step {i} diverged\n");
                for (j, op) in ops[..=i].iter().enumerate() {
                    s += &format!("  {j:2}: {op:?}\n");
                }
                s += &format!("  model:  {want:?} (pending signals {want_sig:#x})\n  burrow: {got:?} (pending signals {got_sig:#x})\n");
                s += &format!(
                    "  model buffered {} bytes, fds {:?}, nonblock {:?}",
                    model.buf.len(),
                    model.fds,
                    model.nonblock
                );
                return Err(s);
            }
        }
        for fd in burrow.fds.iter().flatten() {
            burrow.task.close(*fd).unwrap();
        }
        if burrow.kernel.pipe_buffer_usage() != 0 {
            return Err(format!(
                "pipe buffers still charged after closing both ends: {}",
                burrow.kernel.pipe_buffer_usage()
            ));
        }
        Ok(())
    })?
}

fn size() -> impl Strategy<Value = usize> {
    prop_oneof![
        2 => 0usize..=8,
        2 => 4090usize..=4100,
        2 => prop::sample::select(vec![4096usize, 4097]),
        1 => prop::sample::select(vec![65535usize, 65536, 65537]),
        2 => 60000usize..=70000,
        3 => 0usize..=70000,
    ]
}

fn end() -> impl Strategy<Value = End> {
    prop_oneof![Just(End::Read), Just(End::Write)]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => size().prop_map(Op::Write),
        6 => size().prop_map(Op::Read),
        1 => end().prop_map(Op::Close),
        1 => end().prop_map(Op::Dup),
        2 => (end(), prop::bool::weighted(0.7)).prop_map(|(e, on)| Op::SetNonblock(e, on)),
        2 => Just(Op::Poll),
    ]
}

// ---------------------------------------------------------------------------------------------
// Threaded properties
// ---------------------------------------------------------------------------------------------

/// One writer, one reader, both blocking: every byte arrives, in order.
fn check_stream(chunks: Vec<usize>, reads: Vec<usize>) -> Result<(), String> {
    with_watchdog(Duration::from_secs(30), move || {
        let k = kernel();
        let t = k.init();
        let (r, w) = t.pipe(OpenFlags(0)).unwrap();
        let total: usize = chunks.iter().sum();
        let writer = {
            let t = t.clone();
            std::thread::spawn(move || {
                let mut pos = 0u64;
                for &n in &chunks {
                    let wrote = t.write(w, &stream(pos, n)).expect("a blocking write with a reader succeeds");
                    assert_eq!(wrote, n, "a blocking pipe write (no signal) writes everything");
                    pos += n as u64;
                }
                t.close(w).unwrap();
            })
        };
        let mut got = Vec::with_capacity(total);
        let mut buf = vec![0u8; 70000];
        for i in 0.. {
            let want = reads[i % reads.len()];
            let n = t.read(r, &mut buf[..want]).expect("a blocking read succeeds");
            if n == 0 {
                break;
            }
            assert!(n <= want);
            got.extend_from_slice(&buf[..n]);
        }
        writer.join().unwrap();
        t.close(r).unwrap();
        if got.len() != total {
            return Err(format!("read {} bytes, {} were written", got.len(), total));
        }
        if let Some(i) = (0..total).find(|&i| got[i] != stream_byte(i as u64)) {
            return Err(format!("byte {i} is {}, expected {}", got[i], stream_byte(i as u64)));
        }
        Ok(())
    })?
}

const HEADER: usize = 7;

/// A chunk of writer `id`: id, sequence number, length, then a payload made from all three.
fn chunk(id: u8, seq: u32, len: usize) -> Vec<u8> {
    let mut c = Vec::with_capacity(len);
    c.push(id);
    c.extend_from_slice(&seq.to_le_bytes());
    c.extend_from_slice(&(len as u16).to_le_bytes());
    c.extend((HEADER..len).map(|i| (i as u32).wrapping_mul(31).wrapping_add(seq * 7 + id as u32 * 101) as u8));
    c
}

/// Two writers of chunks <= PIPE_BUF and one reader: chunks never interleave.
fn check_atomic(sizes: [Vec<usize>; 2], reads: Vec<usize>) -> Result<(), String> {
    with_watchdog(Duration::from_secs(30), move || {
        let k = kernel();
        let t = k.init();
        let (r, w) = t.pipe(OpenFlags(0)).unwrap();
        let mut writers = Vec::new();
        for (id, sizes) in sizes.iter().enumerate() {
            let t = t.clone();
            let fd = t.dup(w).unwrap();
            let sizes = sizes.clone();
            writers.push(std::thread::spawn(move || {
                for (seq, &n) in sizes.iter().enumerate() {
                    let c = chunk(id as u8, seq as u32, n);
                    assert_eq!(t.write(fd, &c).unwrap(), n, "a blocking write writes everything");
                }
                t.close(fd).unwrap();
            }));
        }
        t.close(w).unwrap();
        let mut stream = Vec::new();
        let mut buf = vec![0u8; PIPE_BUF * 2];
        for i in 0.. {
            let want = reads[i % reads.len()];
            let n = t.read(r, &mut buf[..want]).unwrap();
            if n == 0 {
                break;
            }
            stream.extend_from_slice(&buf[..n]);
        }
        for w in writers {
            w.join().unwrap();
        }
        t.close(r).unwrap();
        // Parse the stream back into chunks: any interleaving breaks a header or a payload.
        let mut next_seq = [0u32; 2];
        let mut pos = 0;
        while pos < stream.len() {
            if stream.len() - pos < HEADER {
                return Err(format!("truncated header at byte {pos}"));
            }
            let id = stream[pos];
            let seq = u32::from_le_bytes(stream[pos + 1..pos + 5].try_into().unwrap());
            let len = u16::from_le_bytes(stream[pos + 5..pos + 7].try_into().unwrap()) as usize;
            if id > 1 || !(HEADER..=PIPE_BUF).contains(&len) || pos + len > stream.len() {
                return Err(format!("garbled header at byte {pos}: id {id} seq {seq} len {len}"));
            }
            if seq != next_seq[id as usize] {
                return Err(format!(
                    "writer {id}: chunk {seq} at byte {pos}, expected chunk {}",
                    next_seq[id as usize]
                ));
            }
            if sizes[id as usize].get(seq as usize) != Some(&len) || stream[pos..pos + len] != chunk(id, seq, len)[..] {
                return Err(format!("writer {id} chunk {seq} at byte {pos} is not contiguous (interleaved write)"));
            }
            next_seq[id as usize] += 1;
            pos += len;
        }
        for id in 0..2 {
            if next_seq[id] as usize != sizes[id].len() {
                return Err(format!("writer {id}: {} of {} chunks arrived", next_seq[id], sizes[id].len()));
            }
        }
        Ok(())
    })?
}

fn small_chunk() -> impl Strategy<Value = usize> {
    prop_oneof![1 => Just(PIPE_BUF), 1 => PIPE_BUF - 8..=PIPE_BUF, 2 => HEADER..=PIPE_BUF]
}

proptest! {
    // 256 cases by default (PROPTEST_CASES overrides); no regression files are written.
    #![proptest_config(Config { cases: cases(256), failure_persistence: None, ..Config::default() })]

    /// Non-blocking single-threaded sequences agree with the model step by step.
    #[test]
    fn pipe_ops_match_model(ops in prop::collection::vec(op(), 1..=60)) {
        if let Err(msg) = check_sequence(ops) {
            return Err(TestCaseError::fail(msg));
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: cases(48), failure_persistence: None, ..Config::default() })]

    /// A blocking writer and a blocking reader on two threads transfer exactly the written
    /// bytes, in order.
    #[test]
    fn threaded_transfer_is_exact(
        chunks in prop::collection::vec(prop_oneof![1 => 1usize..=16, 2 => size()], 1..=24),
        reads in prop::collection::vec(prop_oneof![1 => 1usize..=16, 1 => 4090usize..=4100, 2 => 1usize..=70000], 1..=8),
    ) {
        if let Err(msg) = check_stream(chunks, reads) {
            return Err(TestCaseError::fail(msg));
        }
    }

    /// Writes of at most PIPE_BUF bytes from two concurrent writers never interleave.
    #[test]
    fn small_writes_from_two_writers_never_interleave(
        a in prop::collection::vec(small_chunk(), 1..=80),
        b in prop::collection::vec(small_chunk(), 1..=80),
        reads in prop::collection::vec(prop_oneof![1 => 1usize..=64, 1 => 1usize..=PIPE_BUF * 2], 1..=8),
    ) {
        if let Err(msg) = check_atomic([a, b], reads) {
            return Err(TestCaseError::fail(msg));
        }
    }
}
