//! Async tasks waiting on one pollable object from the host side: a waker slot per direction,
//! woken by one persistent callback subscription on the object's [`WaitQueue`].
//!
//! A host-side end (an egress connection's far end, a host pipe end, a child's exit) keeps one
//! subscription for its lifetime instead of a one-shot one per `Pending`, so repeated polls
//! never pile up subscribers. The poll protocol: try, [`TaskWakers::register`], try again
//! (a change between the two tries wakes the registered waker), then `Pending`.

use std::sync::Arc;
use std::task::{Context, Waker};

use parking_lot::Mutex;

use super::{Notify, Readiness, SubKey, WaitQueue};

/// What a task waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Data, end of file or an error to read (also: a child's state changed).
    Read,
    /// Room to write, or a write would fail.
    Write,
    /// The peer is gone.
    Closed,
}

/// The wakers of the tasks waiting on one object (one per [`Direction`]).
#[derive(Default)]
pub struct TaskWakers {
    read: Mutex<Option<Waker>>,
    write: Mutex<Option<Waker>>,
    closed: Mutex<Option<Waker>>,
}

impl TaskWakers {
    /// New empty slots, subscribed to `queue` for every condition; unsubscribe with the
    /// returned key when the host-side end goes away.
    pub fn subscribe(queue: &WaitQueue) -> (Arc<TaskWakers>, SubKey) {
        let wakers = Arc::new(TaskWakers::default());
        let w = wakers.clone();
        let key = queue.subscribe(Readiness::ALL, Notify::Callback(Arc::new(move |hit| w.wake(hit))));
        (wakers, key)
    }

    /// Wakes the tasks waiting for any of the conditions in `hit`.
    pub fn wake(&self, hit: Readiness) {
        let gone = Readiness::HANGUP | Readiness::ERROR;
        let slots =
            [(&self.read, Readiness::READABLE | gone), (&self.write, Readiness::WRITABLE | gone), (&self.closed, gone)];
        for (slot, interest) in slots {
            if hit.intersects(interest) {
                if let Some(w) = slot.lock().take() {
                    w.wake();
                }
            }
        }
    }

    /// Registers the task of `cx` as waiting for `dir` (replacing the previous one).
    pub fn register(&self, dir: Direction, cx: &Context<'_>) {
        let slot = match dir {
            Direction::Read => &self.read,
            Direction::Write => &self.write,
            Direction::Closed => &self.closed,
        };
        let mut slot = slot.lock();
        if !slot.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
            *slot = Some(cx.waker().clone());
        }
    }
}
