//! Isolates made ahead of time and reused: creating an isolate and its context costs ~1.1 ms
//! and disposing of one ~0.2 ms, more than running a small program. A background thread keeps a
//! few ready and disposes of retired ones. An isolate whose run ended on its own (the guest
//! returned, exited or trapped) comes back for the next run: a wasm guest reaches no JS object
//! beyond its own instance and imports, so all it leaves behind is garbage. Each isolate serves
//! at most [`MAX_RUNS`] runs and [`GARBAGE_BUDGET`] bytes of their linear memory (freed only when
//! V8 collects it), then is disposed of; killed, over-budget or heap-exhausted ones at once.
//! For a returned isolate the background thread makes, off the runs' path, the linear memory
//! its next run will likely need (that of the module it just ran), unless that module's data
//! is mapped copy-on-write from a memory file (then a new memory costs next to nothing).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::ffi::{Api, Isolate, Snapshot};

/// Used isolates waiting for the background thread beyond which the caller disposes of its
/// own (so a burst of runs cannot pile up memory).
const MAX_RETIRED: usize = 16;

/// Runs one isolate serves before it is disposed of (bounds what V8 keeps per isolate:
/// compiled-code references, caches, heap fragmentation).
const MAX_RUNS: u32 = 64;

/// Linear memory, summed over its runs, beyond which an isolate is disposed of instead of
/// reused: old instances' memories stay committed until V8 collects them.
const GARBAGE_BUDGET: u64 = 64 << 20;

struct State {
    idle: Vec<Isolate>,
    /// Back from a run, their next run's memory not made yet (usable as they are).
    dirty: Vec<Isolate>,
    retired: Vec<Isolate>,
    stop: bool,
    /// When a run last took or returned an isolate.
    last_activity: Instant,
}

struct Shared {
    api: &'static Api,
    state: Mutex<State>,
    wake: Condvar,
    target: usize,
    heap_limit: usize,
    snapshot: Option<Arc<Snapshot>>,
    made_ahead: AtomicU64,
    made_inline: AtomicU64,
}

/// Counters of the isolate pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Isolates the background thread made.
    pub made_ahead: u64,
    /// Isolates made on a run's critical path because none was ready.
    pub made_inline: u64,
    /// Ready right now.
    pub idle: usize,
}

/// A pool of ready isolates with a background thread refilling it.
pub struct Pool {
    shared: Arc<Shared>,
}

impl Pool {
    /// Keeps `target` isolates (JS heap capped at `heap_limit` bytes, started from `snapshot`
    /// when given) ready. With `target == 0` none is made ahead: every run makes its own.
    pub fn new(api: &'static Api, target: usize, heap_limit: usize, snapshot: Option<Arc<Snapshot>>) -> Result<Pool, String> {
        let shared = Arc::new(Shared {
            api,
            state: Mutex::new(State {
                idle: Vec::new(),
                dirty: Vec::new(),
                retired: Vec::new(),
                stop: false,
                last_activity: Instant::now(),
            }),
            wake: Condvar::new(),
            target,
            heap_limit,
            snapshot,
            made_ahead: AtomicU64::new(0),
            made_inline: AtomicU64::new(0),
        });
        let worker = shared.clone();
        std::thread::Builder::new()
            .name("burrow-v8-pool".into())
            .spawn(move || refill(&worker))
            .map_err(|e| format!("cannot start the isolate pool thread: {e}"))?;
        Ok(Pool { shared })
    }

    /// An isolate for a run: a ready one (new or reused), or a new one if none is.
    ///
    /// The pool is refilled when used isolates come back ([`Pool::retire`]), after the run
    /// rather than during it (on a small machine the two would compete for the same cores),
    /// unless this took the last ready one.
    pub fn take(&self) -> Result<Isolate, String> {
        let mut state = self.shared.state.lock();
        state.last_activity = Instant::now();
        let ready = state.idle.pop().or_else(|| state.dirty.pop());
        let now_empty = state.idle.is_empty() && state.dirty.is_empty();
        drop(state);
        if now_empty {
            self.shared.wake.notify_one();
        }
        match ready {
            Some(isolate) => Ok(isolate),
            None => {
                self.shared.made_inline.fetch_add(1, Ordering::Relaxed);
                Isolate::new(self.shared.api, self.shared.heap_limit, self.shared.snapshot.clone())
            }
        }
    }

    /// Takes back an isolate whose run ended on its own, having used `memory_len` bytes of
    /// linear memory: ready for the next run unless it has served its share (then retired).
    pub fn recycle(&self, mut isolate: Isolate, memory_len: u64) {
        isolate.runs += 1;
        isolate.garbage = isolate.garbage.saturating_add(memory_len);
        if isolate.runs >= MAX_RUNS || isolate.garbage >= GARBAGE_BUDGET {
            return self.retire(isolate);
        }
        let mut state = self.shared.state.lock();
        if state.stop || state.idle.len() + state.dirty.len() >= self.shared.target.max(1) * 2 {
            drop(state);
            return self.retire(isolate);
        }
        state.dirty.push(isolate);
        state.last_activity = Instant::now();
        drop(state);
        self.shared.wake.notify_one();
    }

    /// Hands a used isolate over for disposal off the caller's path.
    pub fn retire(&self, isolate: Isolate) {
        let mut state = self.shared.state.lock();
        if state.retired.len() >= MAX_RETIRED || state.stop {
            drop(state);
            drop(isolate);
            return;
        }
        state.retired.push(isolate);
        state.last_activity = Instant::now();
        drop(state);
        self.shared.wake.notify_one();
    }

    /// Counters, for measurements and tests.
    pub fn stats(&self) -> PoolStats {
        PoolStats {
            made_ahead: self.shared.made_ahead.load(Ordering::Relaxed),
            made_inline: self.shared.made_inline.load(Ordering::Relaxed),
            idle: {
                let state = self.shared.state.lock();
                state.idle.len() + state.dirty.len()
            },
        }
    }

    /// Waits (up to `timeout`) until the pool is full; returns whether it is.
    pub fn wait_full(&self, timeout: Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < until {
            let ready = {
                let state = self.shared.state.lock();
                state.idle.len() + state.dirty.len()
            };
            if ready >= self.shared.target {
                return true;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        false
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.shared.state.lock().stop = true;
        self.shared.wake.notify_all();
    }
}

/// How long the pool thread lets a run finish (its process exits and its parent wakes up)
/// before doing its own work, unless the pool is empty.
const QUIET: Duration = Duration::from_millis(2);

/// How often an idle pool thread lets the compiling isolate run its foreground tasks.
const SERVICE_INTERVAL: Duration = Duration::from_secs(1);

/// Niceness of the pool thread: its work is never urgent (a run finding the pool empty makes
/// its own isolate), and at normal priority it competes with the guests and the threads
/// waiting for them, adding milliseconds to their wake-ups on a loaded machine.
const POOL_NICE: libc::c_int = 10;

/// The background thread: prepares returned isolates and refills first (that is what a run
/// may wait for), then disposes; at once when the pool ran dry, else once runs have left it
/// alone for [`QUIET`]. When idle, it services the compiling isolate every [`SERVICE_INTERVAL`].
fn refill(shared: &Shared) {
    // SAFETY: gettid has no preconditions; setpriority on this thread's own id only changes
    // its scheduling weight (Linux applies PRIO_PROCESS with a thread id to that thread).
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, POOL_NICE);
    }
    let mut state = shared.state.lock();
    loop {
        if state.stop {
            let idle = std::mem::take(&mut state.idle);
            let dirty = std::mem::take(&mut state.dirty);
            let retired = std::mem::take(&mut state.retired);
            drop(state);
            drop(idle);
            drop(dirty);
            drop(retired);
            return;
        }
        let urgent = state.idle.is_empty() && shared.target > 0;
        let work = state.idle.len() + state.dirty.len() < shared.target
            || !state.dirty.is_empty()
            || !state.retired.is_empty();
        if !work {
            if shared.wake.wait_for(&mut state, SERVICE_INTERVAL).timed_out() {
                drop(state);
                shared.api.service();
                state = shared.state.lock();
            }
            continue;
        }
        let quiet_for = state.last_activity.elapsed();
        if !urgent && quiet_for < QUIET {
            shared.wake.wait_for(&mut state, QUIET - quiet_for);
            continue;
        }
        if let Some(mut isolate) = state.dirty.pop() {
            drop(state);
            isolate.prepare();
            state = shared.state.lock();
            state.idle.push(isolate);
            continue;
        }
        if state.idle.len() < shared.target {
            drop(state);
            let made = Isolate::new(shared.api, shared.heap_limit, shared.snapshot.clone()).map(|mut isolate| {
                // A JavaScript isolate makes its first run's context now, not on the run's path.
                if shared.snapshot.is_some() {
                    isolate.prepare();
                }
                isolate
            });
            state = shared.state.lock();
            match made {
                Ok(isolate) => {
                    shared.made_ahead.fetch_add(1, Ordering::Relaxed);
                    state.idle.push(isolate);
                }
                Err(e) => {
                    drop(state);
                    tracing::warn!(error = %e, "v8: cannot make an isolate ahead of time");
                    std::thread::sleep(Duration::from_millis(100));
                    state = shared.state.lock();
                }
            }
            continue;
        }
        if let Some(isolate) = state.retired.pop() {
            drop(state);
            drop(isolate);
            state = shared.state.lock();
        }
    }
}
