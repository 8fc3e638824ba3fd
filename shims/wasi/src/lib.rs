//! WASI preview1 and the `burrow` import module, written once over the kernel for every
//! backend.
//!
//! A backend registers each function listed by [`for_each_function!`] with its engine and, on
//! each call, hands the shim the process's [`WasiCtx`] and the guest's linear memory as a
//! [`Mem`]. Guest memory is read and written in place with bounds checks; kernel errnos become
//! WASI errnos here and nowhere else.

pub mod burrow;
pub mod errno;
pub mod memory;
pub mod preview1;
pub mod table;
pub mod types;

use burrow_kernel::{Signal, Task};

pub use memory::Mem;
/// `wasi_snapshot_preview1`, under its import-module name (what [`for_each_function!`] names).
pub use preview1 as wasi_snapshot_preview1;
pub use preview1::prepare_stdio_and_preopen;

/// Why a guest must stop running: it asked to exit, or it was killed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HostExit {
    /// `proc_exit(code)`.
    #[error("exited with code {0}")]
    Exit(i32),
    /// A signal whose default action is to terminate arrived.
    #[error("killed by {0}")]
    Killed(Signal),
}

/// What a shim function returns to the engine: an errno for the guest, or a reason to stop.
pub type HostResult<T = i32> = Result<T, HostExit>;

/// Per-process state of the shim.
pub struct WasiCtx {
    /// The process's syscall handle.
    pub task: Task,
    /// `argv`, as `args_get` reports it.
    pub args: Vec<Vec<u8>>,
    /// The environment, as `environ_get` reports it (`PWD` set to the working directory).
    pub env: Vec<Vec<u8>>,
}

impl WasiCtx {
    /// The context for `task`, reporting `args` and `env` (its `PWD` replaced by the task's
    /// working directory, see `bridge/ABI.md`).
    pub fn new(task: Task, args: Vec<Vec<u8>>, env: Vec<Vec<u8>>) -> WasiCtx {
        let mut cx = WasiCtx { task, args, env };
        cx.refresh_pwd();
        cx
    }

    /// Sets `PWD` in [`WasiCtx::env`] to the task's working directory (after a `chdir`), so
    /// `environ_get` always reports it. Left alone if the directory has no path (removed).
    pub fn refresh_pwd(&mut self) {
        if let Ok(cwd) = self.task.getcwd() {
            self.env.retain(|e| !e.starts_with(b"PWD="));
            self.env.push([b"PWD=".as_slice(), &cwd].concat());
        }
    }

    /// Stops the guest if its process has been killed.
    pub fn check_killed(&self) -> HostResult<()> {
        match self.task.killed() {
            Some(sig) => Err(HostExit::Killed(sig)),
            None => Ok(()),
        }
    }
}

/// Calls `$m!(module, name, fn(arg: type, ...) -> ret)` for every host function, so each
/// backend registers them with typed signatures while the logic stays here. `module` is the
/// Rust module of this crate holding `name` and equals the wasm import module name.
///
/// Every function takes `(&mut WasiCtx, Mem<'_>, args...)` and returns `HostResult<ret>`.
#[macro_export]
macro_rules! for_each_function {
    ($m:ident) => {
        $m!(wasi_snapshot_preview1, args_get, fn(argv: i32, argv_buf: i32) -> i32);
        $m!(wasi_snapshot_preview1, args_sizes_get, fn(argc_out: i32, buf_size_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, environ_get, fn(environ: i32, environ_buf: i32) -> i32);
        $m!(wasi_snapshot_preview1, environ_sizes_get, fn(count_out: i32, buf_size_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, clock_res_get, fn(id: i32, out: i32) -> i32);
        $m!(wasi_snapshot_preview1, clock_time_get, fn(id: i32, precision: i64, out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_advise, fn(fd: i32, offset: i64, len: i64, advice: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_allocate, fn(fd: i32, offset: i64, len: i64) -> i32);
        $m!(wasi_snapshot_preview1, fd_close, fn(fd: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_datasync, fn(fd: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_fdstat_get, fn(fd: i32, out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_fdstat_set_flags, fn(fd: i32, flags: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_fdstat_set_rights, fn(fd: i32, base: i64, inheriting: i64) -> i32);
        $m!(wasi_snapshot_preview1, fd_filestat_get, fn(fd: i32, out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_filestat_set_size, fn(fd: i32, size: i64) -> i32);
        $m!(wasi_snapshot_preview1, fd_filestat_set_times, fn(fd: i32, atim: i64, mtim: i64, fst_flags: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_pread, fn(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nread_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_prestat_get, fn(fd: i32, out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_prestat_dir_name, fn(fd: i32, path: i32, path_len: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_pwrite, fn(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nwritten_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_read, fn(fd: i32, iovs: i32, iovs_len: i32, nread_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_readdir, fn(fd: i32, buf: i32, buf_len: i32, cookie: i64, bufused_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_renumber, fn(fd: i32, to: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_seek, fn(fd: i32, offset: i64, whence: i32, newoffset_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_sync, fn(fd: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_tell, fn(fd: i32, out: i32) -> i32);
        $m!(wasi_snapshot_preview1, fd_write, fn(fd: i32, iovs: i32, iovs_len: i32, nwritten_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_create_directory, fn(fd: i32, path: i32, path_len: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_filestat_get, fn(fd: i32, flags: i32, path: i32, path_len: i32, out: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_filestat_set_times, fn(fd: i32, flags: i32, path: i32, path_len: i32, atim: i64, mtim: i64, fst_flags: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_link, fn(old_fd: i32, old_flags: i32, old_path: i32, old_len: i32, new_fd: i32, new_path: i32, new_len: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_open, fn(fd: i32, dirflags: i32, path: i32, path_len: i32, oflags: i32, rights_base: i64, rights_inheriting: i64, fdflags: i32, fd_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_readlink, fn(fd: i32, path: i32, path_len: i32, buf: i32, buf_len: i32, bufused_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_remove_directory, fn(fd: i32, path: i32, path_len: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_rename, fn(fd: i32, old_path: i32, old_len: i32, new_fd: i32, new_path: i32, new_len: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_symlink, fn(old_path: i32, old_len: i32, fd: i32, new_path: i32, new_len: i32) -> i32);
        $m!(wasi_snapshot_preview1, path_unlink_file, fn(fd: i32, path: i32, path_len: i32) -> i32);
        $m!(wasi_snapshot_preview1, poll_oneoff, fn(subs: i32, events: i32, nsubscriptions: i32, nevents_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, proc_exit, fn(code: i32) -> ());
        $m!(wasi_snapshot_preview1, proc_raise, fn(sig: i32) -> i32);
        $m!(wasi_snapshot_preview1, sched_yield, fn() -> i32);
        $m!(wasi_snapshot_preview1, random_get, fn(buf: i32, len: i32) -> i32);
        $m!(wasi_snapshot_preview1, sock_accept, fn(fd: i32, flags: i32, fd_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, sock_recv, fn(fd: i32, ri_data: i32, ri_data_len: i32, ri_flags: i32, ro_datalen_out: i32, ro_flags_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, sock_send, fn(fd: i32, si_data: i32, si_data_len: i32, si_flags: i32, so_datalen_out: i32) -> i32);
        $m!(wasi_snapshot_preview1, sock_shutdown, fn(fd: i32, how: i32) -> i32);
        $m!(burrow, spawn, fn(req: i32, req_len: i32, pid_out: i32) -> i32);
        $m!(burrow, wait, fn(pid: i32, flags: i32, out: i32) -> i32);
        $m!(burrow, kill, fn(pid: i32, sig: i32) -> i32);
        $m!(burrow, pipe, fn(flags: i32, out: i32) -> i32);
        $m!(burrow, dup, fn(fd: i32, out: i32) -> i32);
        $m!(burrow, dup2, fn(old: i32, new: i32, flags: i32) -> i32);
        $m!(burrow, set_cloexec, fn(fd: i32, on: i32) -> i32);
        $m!(burrow, getpid, fn(out: i32) -> i32);
        $m!(burrow, getppid, fn(out: i32) -> i32);
        $m!(burrow, getpgid, fn(pid: i32, out: i32) -> i32);
        $m!(burrow, setpgid, fn(pid: i32, pgid: i32) -> i32);
        $m!(burrow, chdir, fn(path: i32, path_len: i32) -> i32);
        $m!(burrow, getcwd, fn(buf: i32, buf_len: i32, len_out: i32) -> i32);
        $m!(burrow, umask, fn(mask: i32, old_out: i32) -> i32);
        $m!(burrow, sigaction, fn(sig: i32, action: i32) -> i32);
        $m!(burrow, sigpending, fn(out: i32) -> i32);
        $m!(burrow, stat, fn(path: i32, path_len: i32, flags: i32, out: i32) -> i32);
        $m!(burrow, fstat, fn(fd: i32, out: i32) -> i32);
        $m!(burrow, chmod, fn(path: i32, path_len: i32, mode: i32) -> i32);
        $m!(burrow, fchmod, fn(fd: i32, mode: i32) -> i32);
        $m!(burrow, access, fn(path: i32, path_len: i32, mode: i32) -> i32);
        $m!(burrow, socket, fn(domain: i32, ty: i32, flags: i32, fd_out: i32) -> i32);
        $m!(burrow, socketpair, fn(domain: i32, ty: i32, flags: i32, out: i32) -> i32);
        $m!(burrow, bind, fn(fd: i32, addr: i32, addr_len: i32) -> i32);
        $m!(burrow, listen, fn(fd: i32, backlog: i32) -> i32);
        $m!(burrow, connect, fn(fd: i32, addr: i32, addr_len: i32) -> i32);
        $m!(burrow, accept, fn(fd: i32, flags: i32, fd_out: i32, addr_out: i32, addr_cap: i32, addr_len_out: i32) -> i32);
        $m!(burrow, sendto, fn(fd: i32, buf: i32, buf_len: i32, flags: i32, addr: i32, addr_len: i32, sent_out: i32) -> i32);
        $m!(burrow, recvfrom, fn(fd: i32, buf: i32, buf_len: i32, flags: i32, addr_out: i32, addr_cap: i32, out: i32) -> i32);
        $m!(burrow, getsockname, fn(fd: i32, out: i32, cap: i32, len_out: i32) -> i32);
        $m!(burrow, getpeername, fn(fd: i32, out: i32, cap: i32, len_out: i32) -> i32);
        $m!(burrow, setsockopt, fn(fd: i32, level: i32, name: i32, value: i32) -> i32);
        $m!(burrow, getsockopt, fn(fd: i32, level: i32, name: i32, value_out: i32) -> i32);
        $m!(burrow, shutdown, fn(fd: i32, how: i32) -> i32);
        $m!(burrow, resolve, fn(host: i32, host_len: i32, port: i32, out: i32, cap: i32, count_out: i32) -> i32);
    };
}
