//! `poll`: waits for readiness on many descriptors at once, without busy waiting.

use std::time::{Duration, Instant};

use crate::error::{Errno, Result};
use crate::fd::FileRef;
use crate::kernel::Task;
use crate::poll::{Notify, Readiness, Waiter};

/// One entry of a `poll` set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollFd {
    pub fd: u32,
    /// Conditions of interest; hang-up and error are always reported.
    pub events: Readiness,
    /// Conditions that hold (filled in by `poll`); `None` for a closed descriptor.
    pub revents: Option<Readiness>,
}

impl PollFd {
    /// An entry asking for `events` on `fd`.
    pub fn new(fd: u32, events: Readiness) -> PollFd {
        PollFd { fd, events, revents: Some(Readiness::NONE) }
    }
}

impl Task {
    /// `poll`: fills in `revents` and returns how many entries have any; waits up to `timeout`
    /// (forever with `None`) for one to. A bad descriptor counts, with `revents = None`.
    pub fn poll(&self, fds: &mut [PollFd], timeout: Option<Duration>) -> Result<usize> {
        self.poll_or_child_exit(fds, timeout, false)
    }

    /// [`Task::poll`] that, with `child_exit`, also returns (possibly with nothing ready) when a
    /// child of the caller exits: an event loop's single wait for descriptors and children,
    /// which then reaps with a non-blocking `wait`.
    pub fn poll_or_child_exit(&self, fds: &mut [PollFd], timeout: Option<Duration>, child_exit: bool) -> Result<usize> {
        // A timeout past what an `Instant` can hold is as good as none.
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        let files: Vec<Option<FileRef>> = {
            let table = self.proc.fds.lock();
            fds.iter().map(|p| table.get(p.fd).ok()).collect()
        };
        let scan = |fds: &mut [PollFd]| {
            let mut ready = 0;
            for (p, file) in fds.iter_mut().zip(&files) {
                p.revents = file.as_ref().map(|f| f.readiness() & (p.events | Readiness::HANGUP | Readiness::ERROR));
                if p.revents.is_none_or(|r| !r.is_empty()) {
                    ready += 1;
                }
            }
            ready
        };
        let ready = scan(fds);
        if ready > 0 || timeout == Some(Duration::ZERO) {
            return Ok(ready);
        }
        let waiter = Waiter::current();
        let _subs: Vec<_> = fds
            .iter()
            .zip(&files)
            .filter_map(|(p, f)| {
                let q = f.as_ref()?.wait_queue()?;
                Some(q.subscribe_guard(p.events | Readiness::HANGUP | Readiness::ERROR, Notify::Thread(waiter.clone())))
            })
            .collect();
        let _int = self.proc.signals.queue().subscribe_guard(Readiness::ALL, Notify::Thread(waiter.clone()));
        let _children =
            child_exit.then(|| self.proc.child_events.subscribe_guard(Readiness::ALL, Notify::Thread(waiter.clone())));
        // A child that exited before the subscription would never wake us.
        if child_exit && self.kernel.shared.procs.has_zombie(self.pid()) {
            return Ok(scan(fds));
        }
        loop {
            waiter.reset();
            let ready = scan(fds);
            if ready > 0 {
                return Ok(ready);
            }
            if crate::poll::Interrupt::interrupted(&**self.process()) {
                return Err(Errno::EINTR.into());
            }
            if !waiter.wait(deadline) || child_exit {
                return Ok(scan(fds));
            }
        }
    }
}
