//! The Node.js API subset Burrow gives JavaScript guests, for any JS engine.
//!
//! Two halves: the builtin modules, JavaScript in `lib/` (embedded as [`BUILTINS`]; the
//! bootstrap `internal/bootstrap` sets up `process`, `console`, timers, the module loader and the
//! event loop), and the kernel ops those modules call, here ([`ops`]). An engine exposes one
//! native function, `op(code, a, b, c, buf)`, that lands in [`call`] with the process's
//! [`NodeCtx`]; the op codes and their argument layouts are specified in `bridge/ABI.md`
//! ("Node ops"). Errnos cross as negative Linux numbers and become Node's error codes in
//! JavaScript, once (`lib/internal/errno.js`).

mod digest;
pub mod net;
pub mod ops;

use burrow_kernel::Task;
pub use burrow_wasi::{HostExit, HostResult};

include!(concat!(env!("OUT_DIR"), "/builtins.rs"));

/// The name of the builtin an engine runs first, as a script: it finishes the whole process.
pub const BOOTSTRAP: &str = "internal/bootstrap";

/// The source of builtin `name` (`fs`, `internal/bootstrap`...).
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTINS.binary_search_by(|(n, _)| (*n).cmp(name)).ok().map(|i| BUILTINS[i].1)
}

/// Per-process state of the Node shim.
pub struct NodeCtx {
    /// The process's syscall handle.
    pub task: Task,
    /// `argv` as the process was started (`node`, then its arguments).
    pub args: Vec<Vec<u8>>,
    /// The environment, `KEY=VALUE`.
    pub env: Vec<Vec<u8>>,
    /// The variable-length result of the last op that made one, until `take` copies it out.
    pending: Vec<u8>,
}

impl NodeCtx {
    /// The context of `task`, started with `args` and `env`.
    pub fn new(task: Task, args: Vec<Vec<u8>>, env: Vec<Vec<u8>>) -> NodeCtx {
        NodeCtx { task, args, env, pending: Vec::new() }
    }

    /// Stops the guest if its process has been killed.
    pub fn check_killed(&self) -> HostResult<()> {
        match self.task.killed() {
            Some(sig) => Err(HostExit::Killed(sig)),
            None => Ok(()),
        }
    }
}

/// Runs op `code` for the guest: `a`, `b`, `c` are its number arguments, `buf` the bytes of
/// its buffer argument (read and written in place). Returns the op's result (negative: an
/// errno), or why the guest must stop.
pub fn call(cx: &mut NodeCtx, code: u32, a: f64, b: f64, c: f64, buf: &mut [u8]) -> HostResult<f64> {
    ops::call(cx, code, [a, b, c], buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A timeout longer than a `Duration` holds (found by the node_ops fuzz target: it
    /// panicked) is no timeout.
    #[test]
    fn a_poll_timeout_past_what_a_duration_holds_is_none() {
        use burrow_kernel::limits::{FsQuota, Limits};
        use burrow_kernel::vfs::memfs::MemFs;
        let kernel = burrow_kernel::Kernel::new(MemFs::new(std::sync::Arc::new(FsQuota::unlimited())), Limits::default());
        let mut cx = NodeCtx::new(kernel.init(), Vec::new(), Vec::new());
        let mut fds = [0u8; 8];
        assert_eq!(call(&mut cx, ops::code::PIPE, 0.0, 0.0, 0.0, &mut fds).ok(), Some(0.0));
        let (r, w) = (u32::from_le_bytes(fds[..4].try_into().unwrap()), u32::from_le_bytes(fds[4..].try_into().unwrap()));
        assert_eq!(call(&mut cx, ops::code::WRITE, f64::from(w), -1.0, 0.0, &mut [b'x']).ok(), Some(1.0));
        let mut entry = [0u8; 8];
        entry[..4].copy_from_slice(&r.to_le_bytes());
        entry[4..].copy_from_slice(&1u32.to_le_bytes());
        assert_eq!(call(&mut cx, ops::code::POLL, 1.0, 1e300, 0.0, &mut entry).ok(), Some(1.0));
    }

    #[test]
    fn builtins_are_sorted_and_found() {
        assert!(BUILTINS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(builtin(BOOTSTRAP).is_some());
        assert!(builtin("no/such/module").is_none());
    }
}
