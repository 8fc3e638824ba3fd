//! Burrow's kernel: a POSIX-like kernel for in-process virtual machines.
//!
//! It owns everything a guest can observe (files, descriptors, pipes, processes, signals,
//! readiness) and knows nothing of engines: backends run guest code and call in through a
//! [`Task`], the per-process syscall handle.

pub mod error;
pub mod limits;
pub mod time;
pub mod vfs;

pub use error::{Errno, Error, Limit, Result};
pub mod fd;
pub mod host_pipe;
pub mod kernel;
pub mod net;
pub mod pipe;
pub mod poll;
pub mod process;
pub mod syscall;
pub mod usage;

pub use kernel::{Kernel, Task, AT_FDCWD};
pub use process::{ExitStatus, Pid, Signal};
