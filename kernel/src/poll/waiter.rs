//! A per-thread sleeper: spins briefly, then parks; woken by any wait queue it subscribed to.

use std::cell::OnceCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

/// How long a waiter polls its flag before parking. A wake that lands within this window (a
/// peer thread answering on another core) costs no system call on either side; waking a parked
/// thread whose CPU went idle costs ~16 us on a virtualized host, more than most answers take.
const SPIN: Duration = Duration::from_micros(50);

/// A thread's wake-up flag.
pub struct Waiter {
    thread: Thread,
    notified: AtomicBool,
}

thread_local! {
    static CURRENT: OnceCell<Arc<Waiter>> = const { OnceCell::new() };
}

impl Waiter {
    /// The calling thread's waiter.
    pub fn current() -> Arc<Waiter> {
        CURRENT.with(|c| {
            c.get_or_init(|| Arc::new(Waiter { thread: thread::current(), notified: AtomicBool::new(false) }))
                .clone()
        })
    }

    /// Wakes the thread (cheap when it is not parked).
    pub fn wake(&self) {
        if !self.notified.swap(true, Ordering::AcqRel) {
            self.thread.unpark();
        }
    }

    /// Clears the flag before re-checking the condition waited for.
    pub fn reset(&self) {
        self.notified.store(false, Ordering::Release);
    }

    /// Sleeps until woken or `deadline`; returns false on timeout.
    pub fn wait(&self, deadline: Option<Instant>) -> bool {
        let spin_until = Instant::now() + SPIN;
        let spin_until = deadline.map_or(spin_until, |d| d.min(spin_until));
        loop {
            for _ in 0..64 {
                if self.notified.load(Ordering::Acquire) {
                    return true;
                }
                std::hint::spin_loop();
            }
            if Instant::now() >= spin_until {
                break;
            }
        }
        loop {
            if self.notified.load(Ordering::Acquire) {
                return true;
            }
            match deadline {
                None => thread::park(),
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return self.notified.load(Ordering::Acquire);
                    }
                    thread::park_timeout(d - now);
                }
            }
        }
    }
}
