//! Ends a run that blocks: after a timeout, every process but init is killed, which wakes any
//! kernel call blocked in it with `EINTR` (the fuzzed guests never block on purpose; this
//! bounds a call the fuzzer found a way to make wait).

use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use burrow_kernel::{Signal, Task};

/// Armed until dropped.
pub struct Watchdog {
    done: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Watchdog {
    /// Kills every process of `init`'s VM but init after `timeout` unless dropped first.
    pub fn arm(init: Task, timeout: Duration) -> Watchdog {
        let (done, finished) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(timeout) {
                let _ = init.kill(-1, Some(Signal::SIGKILL));
            }
        });
        Watchdog { done: Some(done), thread: Some(thread) }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.done.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
