//! Guests running right now, for stopping them from other threads: the process driver (kills)
//! and the CPU-time watchdog both find a guest's isolate here and call TerminateExecution on it.
//!
//! An entry lives exactly as long as its run: [`register`] adds it before the guest starts and
//! dropping the [`Registration`] removes it before the isolate can be disposed of. Terminating
//! happens under the registry's lock, so it never reaches a disposed isolate.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use burrow_kernel::process::ProcessDriver;
use burrow_kernel::{Limit, Signal, Task};
use parking_lot::{Condvar, Mutex};

use crate::ffi::{Api, IsolateRef};

/// How often the watchdog reads the CPU clocks of guests with a CPU budget.
pub const CPU_CHECK_INTERVAL: Duration = Duration::from_millis(10);

struct Cpu {
    clock: libc::clockid_t,
    start: Duration,
    budget: Duration,
}

struct Entry {
    isolate: IsolateRef,
    task: Task,
    cpu: Option<Cpu>,
    cpu_exceeded: bool,
}

struct Registry {
    api: &'static Api,
    entries: Mutex<HashMap<u64, Entry>>,
    budgets: Condvar,
    next: AtomicU64,
}

fn registry(api: &'static Api) -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| Registry {
        api,
        entries: Mutex::new(HashMap::new()),
        budgets: Condvar::new(),
        next: AtomicU64::new(0),
    })
}

/// A guest's entry in the registry; dropping it removes the entry.
pub struct Registration {
    registry: &'static Registry,
    id: u64,
}

impl Registration {
    /// Ends the registration; returns whether the CPU budget was exceeded. Atomic with the
    /// watchdog and the driver: once this returns, neither can terminate the isolate for this
    /// run any more, so a run that was not killed and not over budget left it untouched.
    pub fn finish(self) -> bool {
        let exceeded = self.registry.entries.lock().remove(&self.id).is_some_and(|e| e.cpu_exceeded);
        std::mem::forget(self);
        exceeded
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.registry.entries.lock().remove(&self.id);
    }
}

/// Registers the guest of `task` running in `isolate` on the calling thread; with a CPU
/// budget, the watchdog stops it once this thread has used `cpu_budget` more CPU time.
///
/// The isolate must stay alive until the registration is dropped.
pub fn register(api: &'static Api, isolate: IsolateRef, task: Task, cpu_budget: Option<Duration>) -> Registration {
    let registry = registry(api);
    let cpu = cpu_budget.and_then(|budget| {
        let mut clock: libc::clockid_t = 0;
        // SAFETY: pthread_self() is the calling thread, alive while it registers; `clock` is a
        // valid out-pointer.
        let rc = unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut clock) };
        (rc == 0).then(|| Cpu { clock, start: cpu_time(clock).unwrap_or_default(), budget })
    });
    let has_budget = cpu.is_some();
    let id = registry.next.fetch_add(1, Ordering::Relaxed);
    let first_budget = {
        let mut entries = registry.entries.lock();
        let first = has_budget && !entries.values().any(|e| e.cpu.is_some() && !e.cpu_exceeded);
        entries.insert(id, Entry { isolate, task, cpu, cpu_exceeded: false });
        first
    };
    if has_budget {
        watchdog(registry);
    }
    // The watchdog sleeps while no guest has a budget; once ticking, it sees new entries at
    // its next tick, so only the first one needs to wake it.
    if first_budget {
        registry.budgets.notify_one();
    }
    Registration { registry, id }
}

/// The CPU time a thread CPU clock reads.
fn cpu_time(clock: libc::clockid_t) -> Option<Duration> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid out-pointer; the clock belongs to a thread that is alive (its
    // registry entry is removed before the run on it returns).
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

/// Starts the CPU watchdog thread (once).
fn watchdog(registry: &'static Registry) {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        let spawned = std::thread::Builder::new().name("burrow-v8-cpu".into()).spawn(move || watch(registry));
        if let Err(e) = spawned {
            tracing::error!(error = %e, "v8: cannot start the CPU watchdog; CPU limits are not enforced");
        }
    });
}

fn watch(registry: &'static Registry) {
    let mut entries = registry.entries.lock();
    loop {
        if !entries.values().any(|e| e.cpu.is_some() && !e.cpu_exceeded) {
            registry.budgets.wait(&mut entries);
            continue;
        }
        registry.budgets.wait_for(&mut entries, CPU_CHECK_INTERVAL);
        let mut over = Vec::new();
        for entry in entries.values_mut() {
            let Some(cpu) = &entry.cpu else { continue };
            if entry.cpu_exceeded {
                continue;
            }
            if cpu_time(cpu.clock).is_some_and(|now| now.saturating_sub(cpu.start) > cpu.budget) {
                entry.cpu_exceeded = true;
                // SAFETY: the entry is registered (the lock is held), so its isolate is alive.
                unsafe { entry.isolate.terminate(registry.api) };
                over.push(entry.task.clone());
            }
        }
        if !over.is_empty() {
            // Outside the lock: the kill reaches this backend's driver, which takes it.
            drop(entries);
            for task in over {
                task.kill_for_limit(Limit::CpuTime, Signal::SIGXCPU);
            }
            entries = registry.entries.lock();
        }
    }
}

/// The V8 backend's [`ProcessDriver`]: a kill terminates the isolate of every registered guest
/// whose process has a fatal signal pending (the kernel records the signal before calling the
/// driver), and only those.
pub struct Driver {
    pub(crate) api: &'static Api,
}

impl ProcessDriver for Driver {
    fn terminate(&self, _sig: Signal) {
        let registry = registry(self.api);
        let entries = registry.entries.lock();
        for entry in entries.values() {
            if entry.task.killed().is_some() {
                // SAFETY: the entry is registered (the lock is held), so its isolate is alive.
                unsafe { entry.isolate.terminate(registry.api) };
            }
        }
    }
}

/// The driver, shared.
pub fn driver(api: &'static Api) -> Arc<dyn ProcessDriver> {
    Arc::new(Driver { api })
}
