//! Wait queues: who to tell when a pollable object's readiness changes.
//!
//! Objects call [`WaitQueue::notify`] with the conditions that just became true (edges: empty to
//! non-empty, full to not-full, hang-up) after releasing their own state lock. Sleeping threads
//! are woken right away; async wakers and callbacks run after the queue's lock is released, so
//! they may subscribe again from inside.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::Waker;

use parking_lot::Mutex;
use slab::Slab;

use super::{Readiness, Waiter};

/// How a subscriber is told.
#[derive(Clone)]
pub enum Notify {
    /// Wake a thread blocked in the kernel; stays subscribed until unsubscribed.
    Thread(Arc<Waiter>),
    /// Wake an async task; removed after one notification.
    Task(Waker),
    /// Call back with the conditions that fired (event loops); stays subscribed.
    Callback(Arc<dyn Fn(Readiness) + Send + Sync>),
}

struct Sub {
    interest: Readiness,
    notify: Notify,
}

/// Identifies a subscription for [`WaitQueue::unsubscribe`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubKey(usize);

/// Subscribers of one pollable object.
#[derive(Default)]
pub struct WaitQueue {
    subs: Mutex<Slab<Sub>>,
    len: AtomicUsize,
}

/// Unsubscribes on drop.
pub struct SubGuard<'a> {
    queue: &'a WaitQueue,
    key: SubKey,
}

impl Drop for SubGuard<'_> {
    fn drop(&mut self) {
        self.queue.unsubscribe(self.key);
    }
}

impl WaitQueue {
    /// An empty queue.
    pub fn new() -> WaitQueue {
        WaitQueue::default()
    }

    /// Registers `notify` for the conditions in `interest`.
    pub fn subscribe(&self, interest: Readiness, notify: Notify) -> SubKey {
        let mut subs = self.subs.lock();
        let key = subs.insert(Sub { interest, notify });
        self.len.store(subs.len(), Ordering::Release);
        SubKey(key)
    }

    /// Like [`WaitQueue::subscribe`], unsubscribing when the guard drops.
    pub fn subscribe_guard(&self, interest: Readiness, notify: Notify) -> SubGuard<'_> {
        SubGuard { queue: self, key: self.subscribe(interest, notify) }
    }

    /// Removes a subscription (a no-op if a one-shot one already fired).
    pub fn unsubscribe(&self, key: SubKey) {
        let mut subs = self.subs.lock();
        subs.try_remove(key.0);
        self.len.store(subs.len(), Ordering::Release);
    }

    /// Tells every subscriber interested in `events` that they happened.
    pub fn notify(&self, events: Readiness) {
        if events.is_empty() || self.len.load(Ordering::Acquire) == 0 {
            return;
        }
        let mut deferred: Vec<(Notify, Readiness)> = Vec::new();
        {
            let mut subs = self.subs.lock();
            let mut fired_once = Vec::new();
            for (key, sub) in subs.iter() {
                let hit = sub.interest & events;
                if hit.is_empty() {
                    continue;
                }
                match &sub.notify {
                    Notify::Thread(w) => w.wake(),
                    Notify::Task(_) => fired_once.push(key),
                    Notify::Callback(_) => deferred.push((sub.notify.clone(), hit)),
                }
            }
            for key in fired_once {
                let sub = subs.remove(key);
                deferred.push((sub.notify, events));
            }
            self.len.store(subs.len(), Ordering::Release);
        }
        for (notify, hit) in deferred {
            match notify {
                Notify::Task(w) => w.wake(),
                Notify::Callback(f) => f(hit),
                Notify::Thread(_) => {}
            }
        }
    }
}
