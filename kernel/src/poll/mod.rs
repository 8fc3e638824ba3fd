//! Readiness: what a pollable object can do now, the edge-triggered wait queues that announce
//! changes, and blocking without busy waiting.

mod queue;
mod waiter;
mod wakers;

pub use queue::{Notify, SubKey, WaitQueue};
pub use waiter::Waiter;
pub use wakers::{Direction, TaskWakers};

use std::ops::{BitAnd, BitOr, BitOrAssign};
use std::time::Instant;

use crate::error::{Errno, Result};

/// A set of readiness conditions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Readiness(pub u8);

impl Readiness {
    pub const NONE: Readiness = Readiness(0);
    /// Data (or end of file) can be read without blocking.
    pub const READABLE: Readiness = Readiness(1);
    /// Some data can be written without blocking.
    pub const WRITABLE: Readiness = Readiness(2);
    /// The peer is gone: readers see EOF.
    pub const HANGUP: Readiness = Readiness(4);
    /// An error condition: writers get `EPIPE`.
    pub const ERROR: Readiness = Readiness(8);
    /// Every condition.
    pub const ALL: Readiness = Readiness(15);

    /// Whether any bit of `other` is set here.
    pub fn intersects(self, other: Readiness) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether no bit is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for Readiness {
    type Output = Readiness;
    fn bitor(self, rhs: Readiness) -> Readiness {
        Readiness(self.0 | rhs.0)
    }
}

impl BitOrAssign for Readiness {
    fn bitor_assign(&mut self, rhs: Readiness) {
        self.0 |= rhs.0;
    }
}

impl BitAnd for Readiness {
    type Output = Readiness;
    fn bitand(self, rhs: Readiness) -> Readiness {
        Readiness(self.0 & rhs.0)
    }
}

/// Who is blocking: lets a signal interrupt a blocked call.
pub trait Interrupt: Sync {
    /// Whether the caller must stop waiting (a signal arrived or it is being killed).
    fn interrupted(&self) -> bool;
    /// The queue that is notified when `interrupted` may have become true.
    fn interrupt_queue(&self) -> &WaitQueue;
}

/// The context of one I/O call: whether it may block and what can interrupt it.
#[derive(Clone, Copy)]
pub struct Io<'a> {
    pub interrupt: Option<&'a dyn Interrupt>,
}

impl Io<'_> {
    /// A context that nothing interrupts (host-side callers).
    pub const HOST: Io<'static> = Io { interrupt: None };
}

/// Runs `attempt` until it yields a value, sleeping on `queue` (for `interest`) between tries.
///
/// Returns `Ok(None)` at `deadline`, and `EINTR` when the caller is interrupted. `attempt` is
/// retried after subscribing, so a change between the first try and the sleep is never lost.
pub fn block_on<T>(
    io: Io<'_>,
    queue: &WaitQueue,
    interest: Readiness,
    deadline: Option<Instant>,
    mut attempt: impl FnMut() -> Result<Option<T>>,
) -> Result<Option<T>> {
    if let Some(v) = attempt()? {
        return Ok(Some(v));
    }
    let waiter = Waiter::current();
    let _sub = queue.subscribe_guard(interest, Notify::Thread(waiter.clone()));
    let _int = io.interrupt.map(|i| i.interrupt_queue().subscribe_guard(Readiness::ALL, Notify::Thread(waiter.clone())));
    loop {
        waiter.reset();
        if let Some(v) = attempt()? {
            return Ok(Some(v));
        }
        if io.interrupt.is_some_and(|i| i.interrupted()) {
            return Err(Errno::EINTR.into());
        }
        if !waiter.wait(deadline) {
            return Ok(None);
        }
    }
}
