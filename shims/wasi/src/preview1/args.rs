//! Arguments, environment, clocks, randomness and process control.
//!
//! `args_get` and `environ_get` lay their strings out back to back, each NUL-terminated, in the
//! guest's buffer and write a pointer to each into the guest's pointer array; the `*_sizes_get`
//! calls report the count and the bytes that buffer needs.
//!
//! Clocks: `realtime` is the host's wall clock; `monotonic` counts from a process-wide
//! [`Instant`] taken at first use (so it starts near 0 and never goes back); both CPU-time
//! clocks report the CPU time of the calling host thread (`CLOCK_THREAD_CPUTIME_ID`). A guest
//! process runs on one host thread, so that is its own CPU time, whereas the host process's
//! total would count every VM's work and leak it across VMs.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::{check_out, finish, region_len, Res};
use crate::memory::Mem;
use crate::types::{clockid, signal, Errno};
use crate::{HostExit, HostResult, WasiCtx};

/// Count and buffer size of a NUL-terminated string list, or `toobig` past 4 GiB.
fn sizes(list: &[Vec<u8>]) -> Res<(u32, u32)> {
    let count = u32::try_from(list.len()).map_err(|_| Errno::TOOBIG)?;
    let bytes: u64 = list.iter().map(|s| s.len() as u64 + 1).sum();
    let bytes = u32::try_from(bytes).map_err(|_| Errno::TOOBIG)?;
    Ok((count, bytes))
}

fn write_sizes(list: &[Vec<u8>], mem: &mut Mem<'_>, count_out: i32, size_out: i32) -> Res {
    let (count, bytes) = sizes(list)?;
    check_out(mem, count_out, 4)?;
    check_out(mem, size_out, 4)?;
    mem.write_u32(count_out, count)?;
    mem.write_u32(size_out, bytes)
}

fn write_list(list: &[Vec<u8>], mem: &mut Mem<'_>, ptrs: i32, buf: i32) -> Res {
    let (count, bytes) = sizes(list)?;
    mem.slice(ptrs, region_len(count, 4)?)?;
    mem.slice(buf, bytes as i32)?;
    let mut at = buf as u32;
    let mut slot = ptrs as u32;
    for s in list {
        mem.write_u32(slot as i32, at)?;
        slot = slot.wrapping_add(4);
        let dst = mem.slice_mut(at as i32, s.len() as i32 + 1)?;
        dst[..s.len()].copy_from_slice(s);
        dst[s.len()] = 0;
        at += s.len() as u32 + 1;
    }
    Ok(())
}

/// `args_get(argv, argv_buf)`: the arguments, `argv[0]` included.
pub fn args_get(cx: &mut WasiCtx, mut mem: Mem<'_>, argv: i32, argv_buf: i32) -> HostResult<i32> {
    cx.check_killed()?;
    finish(cx, write_list(&cx.args, &mut mem, argv, argv_buf))
}

/// `args_sizes_get(argc_out, buf_size_out)`.
pub fn args_sizes_get(cx: &mut WasiCtx, mut mem: Mem<'_>, argc_out: i32, buf_size_out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    finish(cx, write_sizes(&cx.args, &mut mem, argc_out, buf_size_out))
}

/// `environ_get(environ, environ_buf)`: `KEY=VALUE` entries, `PWD` among them.
pub fn environ_get(cx: &mut WasiCtx, mut mem: Mem<'_>, environ: i32, environ_buf: i32) -> HostResult<i32> {
    cx.check_killed()?;
    finish(cx, write_list(&cx.env, &mut mem, environ, environ_buf))
}

/// `environ_sizes_get(count_out, buf_size_out)`.
pub fn environ_sizes_get(cx: &mut WasiCtx, mut mem: Mem<'_>, count_out: i32, buf_size_out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    finish(cx, write_sizes(&cx.env, &mut mem, count_out, buf_size_out))
}

/// The origin of the `monotonic` clock.
fn monotonic_base() -> Instant {
    static BASE: OnceLock<Instant> = OnceLock::new();
    *BASE.get_or_init(Instant::now)
}

/// Nanoseconds of the `monotonic` clock now.
pub(crate) fn monotonic_now() -> u64 {
    u64::try_from(monotonic_base().elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// The instant `ns` of the `monotonic` clock stands for (`None` past the host's range).
pub(crate) fn monotonic_instant(ns: u64) -> Option<Instant> {
    monotonic_base().checked_add(std::time::Duration::from_nanos(ns))
}

/// Nanoseconds since the Unix epoch now (0 before it).
pub(crate) fn realtime_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// CPU time of the calling thread, in nanoseconds.
fn thread_cputime() -> Res<u64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable `timespec` owned by this frame, and
    // CLOCK_THREAD_CPUTIME_ID is a clock every Linux supports.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Err(Errno::IO);
    }
    Ok((ts.tv_sec as u64).saturating_mul(1_000_000_000).saturating_add(ts.tv_nsec as u64))
}

/// The current time of a clock, or `inval` for an unknown one.
pub(crate) fn clock_now(id: u32) -> Res<u64> {
    match id {
        clockid::REALTIME => Ok(realtime_now()),
        clockid::MONOTONIC => Ok(monotonic_now()),
        clockid::PROCESS_CPUTIME_ID | clockid::THREAD_CPUTIME_ID => thread_cputime(),
        _ => Err(Errno::INVAL),
    }
}

/// `clock_res_get(id, out)`: every clock ticks in nanoseconds.
pub fn clock_res_get(cx: &mut WasiCtx, mut mem: Mem<'_>, id: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        if id as u32 > clockid::THREAD_CPUTIME_ID {
            return Err(Errno::INVAL);
        }
        mem.write_u64(out, 1)
    })();
    finish(cx, r)
}

/// `clock_time_get(id, precision, out)`: nanoseconds; `precision` is ignored.
pub fn clock_time_get(cx: &mut WasiCtx, mut mem: Mem<'_>, id: i32, _precision: i64, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, 8)?;
        let now = clock_now(id as u32)?;
        mem.write_u64(out, now)
    })();
    finish(cx, r)
}

/// `proc_exit(code)`: stops the guest with `HostExit::Exit(code)`.
pub fn proc_exit(cx: &mut WasiCtx, _mem: Mem<'_>, code: i32) -> HostResult<()> {
    cx.check_killed()?;
    Err(HostExit::Exit(code))
}

/// `proc_raise(sig)`: sends the WASI signal `sig` (translated to Linux numbering) to the
/// process itself; a signal that kills it stops the guest at once.
pub fn proc_raise(cx: &mut WasiCtx, _mem: Mem<'_>, sig: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let linux = signal::to_linux(sig).ok_or(Errno::INVAL)?;
        let sig = burrow_kernel::Signal::new(linux)?;
        cx.task.kill(i64::from(cx.task.pid()), Some(sig))?;
        Ok(())
    })();
    cx.check_killed()?;
    finish(cx, r)
}

/// `sched_yield()`.
pub fn sched_yield(cx: &mut WasiCtx, _mem: Mem<'_>) -> HostResult<i32> {
    cx.check_killed()?;
    std::thread::yield_now();
    Ok(0)
}

/// `random_get(buf, len)`: fills the guest's buffer in place from the host's CSPRNG.
pub fn random_get(cx: &mut WasiCtx, mut mem: Mem<'_>, buf: i32, len: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let dst = mem.slice_mut(buf, len)?;
        burrow_kernel::vfs::devfs::fill_random(dst)?;
        Ok(())
    })();
    finish(cx, r)
}
