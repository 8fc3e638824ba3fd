//! Wall-clock limits: one timer thread per host process kills processes that run past their
//! deadline, whether they are computing or blocked in the kernel.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use burrow_kernel::{Limit, Signal, Task};
use parking_lot::{Condvar, Mutex};

struct Entry {
    at: Instant,
    id: u64,
    task: Task,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.id) == (other.at, other.id)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.id).cmp(&(other.at, other.id))
    }
}

#[derive(Default)]
struct Timers {
    heap: Mutex<BinaryHeap<Reverse<Entry>>>,
    changed: Condvar,
    next_id: AtomicU64,
}

fn timers() -> &'static Arc<Timers> {
    static TIMERS: OnceLock<Arc<Timers>> = OnceLock::new();
    TIMERS.get_or_init(|| {
        let t = Arc::new(Timers::default());
        let worker = t.clone();
        std::thread::Builder::new()
            .name("burrow-deadlines".into())
            .spawn(move || run(&worker))
            .expect("the deadline thread starts");
        t
    })
}

fn run(t: &Timers) {
    let mut heap = t.heap.lock();
    loop {
        let now = Instant::now();
        while heap.peek().is_some_and(|Reverse(e)| e.at <= now) {
            let Some(Reverse(e)) = heap.pop() else { break };
            e.task.kill_for_limit(Limit::WallTime, Signal::SIGKILL);
        }
        match heap.peek().map(|Reverse(e)| e.at) {
            Some(at) => {
                t.changed.wait_until(&mut heap, at);
            }
            None => t.changed.wait(&mut heap),
        }
    }
}

/// A registered deadline; dropping it cancels the kill.
pub struct Deadline {
    id: u64,
}

impl Drop for Deadline {
    fn drop(&mut self) {
        timers().heap.lock().retain(|Reverse(e)| e.id != self.id);
    }
}

/// Kills `task` with SIGKILL (reason: the wall-time limit) once `after` has passed, unless the
/// returned guard is dropped first.
pub fn kill_after(task: &Task, after: Duration) -> Deadline {
    let t = timers();
    let id = t.next_id.fetch_add(1, Ordering::Relaxed);
    let at = Instant::now().checked_add(after).unwrap_or_else(|| Instant::now() + Duration::from_secs(86_400 * 365));
    t.heap.lock().push(Reverse(Entry { at, id, task: task.clone() }));
    t.changed.notify_one();
    Deadline { id }
}
