//! The syscall surface, as methods of [`crate::Task`], grouped by area.

mod exec;
mod fs;
mod io;
mod net;
mod poll;
mod process;

pub use fs::{ReaddirEntry, DOT_COOKIES};
pub use poll::PollFd;
pub use process::{ChildOptions, SpawnRequest};
