//! Threads that guest processes run on, kept warm between processes.
//!
//! Creating a thread costs a clone, a stack mapping and each engine's per-thread set-up (signal
//! stacks, thread-locals), together tens of microseconds, more than running a small program. A
//! finished process's thread parks here and takes the next process; idle threads beyond
//! [`MAX_IDLE`] exit, and every idle thread exits after [`IDLE_TIMEOUT`].

use std::sync::Arc;
use std::time::Duration;

use parking_lot::{Condvar, Mutex};

/// Most idle threads kept.
pub const MAX_IDLE: usize = 64;
/// How long a thread that just finished spins for the next job before sleeping.
pub const SPIN: Duration = Duration::from_micros(50);
/// How long an idle thread waits for work before exiting.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

type Job = Box<dyn FnOnce() + Send>;

struct Worker {
    job: Mutex<Option<Job>>,
    ready: Condvar,
}

/// A pool of guest threads with a fixed stack size.
pub struct ThreadPool {
    idle: Mutex<Vec<Arc<Worker>>>,
    stack_size: usize,
    name: &'static str,
}

impl ThreadPool {
    /// A pool whose threads have `stack_size`-byte stacks.
    pub fn new(name: &'static str, stack_size: usize) -> Arc<ThreadPool> {
        Arc::new(ThreadPool { idle: Mutex::new(Vec::new()), stack_size, name })
    }

    /// Runs `job` on an idle thread, or a new one.
    pub fn execute(self: &Arc<Self>, job: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
        let job: Job = Box::new(job);
        if let Some(worker) = self.idle.lock().pop() {
            *worker.job.lock() = Some(job);
            worker.ready.notify_one();
            return Ok(());
        }
        let worker = Arc::new(Worker { job: Mutex::new(Some(job)), ready: Condvar::new() });
        let pool = Arc::downgrade(self);
        std::thread::Builder::new()
            .name(self.name.into())
            .stack_size(self.stack_size)
            .spawn(move || worker_loop(&pool, &worker))
            .map(|_| ())
    }

    /// Idle threads right now.
    pub fn idle(&self) -> usize {
        self.idle.lock().len()
    }
}

fn worker_loop(pool: &std::sync::Weak<ThreadPool>, worker: &Arc<Worker>) {
    loop {
        let job = worker.job.lock().take();
        if let Some(job) = job {
            job();
        }
        let Some(p) = pool.upgrade() else { return };
        {
            let mut idle = p.idle.lock();
            if idle.len() >= MAX_IDLE {
                return;
            }
            idle.push(worker.clone());
        }
        drop(p);
        // Waking a thread whose CPU went idle costs tens of microseconds under virtualization;
        // a short spin catches back-to-back processes (a shell running commands) first.
        let spin_until = std::time::Instant::now() + SPIN;
        while worker.job.lock().is_none() && std::time::Instant::now() < spin_until {
            for _ in 0..64 {
                std::hint::spin_loop();
            }
        }
        let mut slot = worker.job.lock();
        while slot.is_none() {
            if worker.ready.wait_for(&mut slot, IDLE_TIMEOUT).timed_out() && slot.is_none() {
                drop(slot);
                // Leave the idle list unless a job was handed over meanwhile.
                let Some(p) = pool.upgrade() else { return };
                let mut idle = p.idle.lock();
                if let Some(i) = idle.iter().position(|w| Arc::ptr_eq(w, worker)) {
                    idle.remove(i);
                    return;
                }
                drop(idle);
                slot = worker.job.lock();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn threads_are_reused() {
        let pool = ThreadPool::new("test", 1 << 20);
        let (tx, rx) = mpsc::channel();
        for _ in 0..50 {
            let tx = tx.clone();
            pool.execute(move || tx.send(std::thread::current().id()).unwrap()).unwrap();
            rx.recv().unwrap();
            while pool.idle() == 0 {
                std::thread::yield_now();
            }
        }
        drop(tx);
        let (tx, rx) = mpsc::channel();
        let mut ids = std::collections::HashSet::new();
        for _ in 0..20 {
            let tx = tx.clone();
            pool.execute(move || tx.send(std::thread::current().id()).unwrap()).unwrap();
            ids.insert(rx.recv().unwrap());
            while pool.idle() == 0 {
                std::thread::yield_now();
            }
        }
        assert_eq!(ids.len(), 1, "sequential jobs share one warm thread");
    }

    #[test]
    fn concurrent_jobs_get_their_own_threads() {
        let pool = ThreadPool::new("test", 1 << 20);
        let barrier = Arc::new(std::sync::Barrier::new(5));
        let (tx, rx) = mpsc::channel();
        for _ in 0..4 {
            let (b, tx) = (barrier.clone(), tx.clone());
            pool.execute(move || {
                b.wait();
                tx.send(()).unwrap();
            })
            .unwrap();
        }
        barrier.wait();
        for _ in 0..4 {
            rx.recv().unwrap();
        }
    }
}
