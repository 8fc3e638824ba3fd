//! Waiting for a child from an async task: the host (acting as init) reaps a spawned process
//! without parking an executor thread, woken through the parent's child-event queue (see
//! [`TaskWakers`]).

use std::sync::Arc;
use std::task::{Context, Poll};

use crate::error::Result;
use crate::kernel::Task;
use crate::poll::{Direction, SubKey, TaskWakers};
use crate::process::{ExitStatus, Pid, WaitFor};

/// An async `waitpid` on one process's children, subscribed to its child events for as long
/// as it lives.
pub struct ChildWatch {
    parent: Task,
    wakers: Arc<TaskWakers>,
    sub: SubKey,
}

impl Task {
    /// An async wait on this process's children (see [`ChildWatch`]).
    pub fn child_watch(&self) -> ChildWatch {
        let (wakers, sub) = TaskWakers::subscribe(&self.proc.child_events);
        ChildWatch { parent: self.clone(), wakers, sub }
    }

    /// This process will not wait for `child`: it is reaped now if it already exited, else
    /// as soon as it does, so it never lingers as a zombie.
    pub fn detach_child(&self, child: Pid) {
        self.kernel.shared.procs.detach(self.pid(), child);
    }
}

impl ChildWatch {
    /// Reaps a child matching `which` that has exited; `Pending` (the task is woken when a
    /// child changes state) while none has. `ECHILD` when no child matches.
    pub fn poll_wait(&self, cx: &mut Context<'_>, which: WaitFor) -> Poll<Result<(Pid, ExitStatus)>> {
        let table = &self.parent.kernel.shared.procs;
        if let Some(done) = table.reap(self.parent.pid(), which)? {
            return Poll::Ready(Ok(done));
        }
        self.wakers.register(Direction::Read, cx);
        match table.reap(self.parent.pid(), which)? {
            Some(done) => Poll::Ready(Ok(done)),
            None => Poll::Pending,
        }
    }
}

impl Drop for ChildWatch {
    fn drop(&mut self) {
        self.parent.proc.child_events.unsubscribe(self.sub);
    }
}
