//! The VM's process table: pids from a slab, parent/child links, zombies and process groups.
//!
//! One lock guards the relations; it is taken by spawn, exit, wait and kill only, never on
//! read/write/stat paths.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;
use slab::Slab;

use crate::error::{Errno, Result};
use crate::limits::Counter;
use crate::process::{ExitStatus, Pid, Process};

struct Entry {
    proc: Arc<Process>,
    ppid: Pid,
    pgid: Pid,
    children: Vec<Pid>,
    exit: Option<ExitStatus>,
    /// Orphans adopted by init are reaped as soon as they exit.
    auto_reap: bool,
}

/// Which children a `wait` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitFor {
    Any,
    Pid(Pid),
    Group(Pid),
}

/// All processes of one VM.
pub struct ProcessTable {
    entries: Mutex<Slab<Entry>>,
    count: Counter,
    /// Set (under the entries lock) when the VM shuts down: no process is added after.
    closed: AtomicBool,
}

fn slot(pid: Pid) -> usize {
    (pid as usize).wrapping_sub(1)
}

impl ProcessTable {
    pub(crate) fn new(count: Counter) -> ProcessTable {
        ProcessTable { entries: Mutex::new(Slab::new()), count, closed: AtomicBool::new(false) }
    }

    /// Adds a process built by `make` from its new pid, as a child of `parent` (0 for init).
    pub(crate) fn insert(
        &self,
        parent: Pid,
        pgid: Option<Pid>,
        make: impl FnOnce(Pid) -> Process,
    ) -> Result<Arc<Process>> {
        self.count.charge(1)?;
        let mut entries = self.entries.lock();
        if self.closed.load(Ordering::Relaxed) {
            drop(entries);
            self.count.release(1);
            return Err(Errno::EAGAIN.into());
        }
        let vacant = entries.vacant_entry();
        let pid = vacant.key() as Pid + 1;
        let proc = Arc::new(make(pid));
        let inherited_pgid = entries_pgid(&entries, parent).unwrap_or(pid);
        let pgid = match pgid {
            Some(0) => pid,
            Some(g) => g,
            None => inherited_pgid,
        };
        entries.insert(Entry { proc: proc.clone(), ppid: parent, pgid, children: Vec::new(), exit: None, auto_reap: false });
        if let Some(p) = entries.get_mut(slot(parent)) {
            p.children.push(pid);
        }
        Ok(proc)
    }

    /// Refuses every new process from now on (`EAGAIN`) and returns the live ones but init,
    /// to be killed: none can be added between the two.
    pub(crate) fn close(&self) -> Vec<Arc<Process>> {
        let entries = self.entries.lock();
        self.closed.store(true, Ordering::Relaxed);
        entries.iter().filter(|(_, e)| e.exit.is_none() && e.proc.pid() != 1).map(|(_, e)| e.proc.clone()).collect()
    }

    /// Removes a process that never ran (its launch failed).
    pub(crate) fn discard(&self, pid: Pid) {
        let mut entries = self.entries.lock();
        if let Some(e) = entries.try_remove(slot(pid)) {
            if let Some(p) = entries.get_mut(slot(e.ppid)) {
                p.children.retain(|&c| c != pid);
            }
            self.count.release(1);
        }
    }

    /// The process with `pid`, unless it is a zombie or gone.
    pub fn get(&self, pid: Pid) -> Option<Arc<Process>> {
        let entries = self.entries.lock();
        entries.get(slot(pid)).filter(|e| e.exit.is_none()).map(|e| e.proc.clone())
    }

    /// The process with `pid`, zombies included (to read how it died before reaping it).
    pub fn get_any(&self, pid: Pid) -> Option<Arc<Process>> {
        self.entries.lock().get(slot(pid)).map(|e| e.proc.clone())
    }

    /// The parent of `pid`.
    pub fn parent(&self, pid: Pid) -> Option<Pid> {
        self.entries.lock().get(slot(pid)).map(|e| e.ppid)
    }

    /// The process group of `pid`.
    pub fn pgid(&self, pid: Pid) -> Result<Pid> {
        entries_pgid(&self.entries.lock(), pid).ok_or(Errno::ESRCH.into())
    }

    /// Moves `pid` (the caller or one of its children) into group `pgid` (0: its own pid).
    pub fn set_pgid(&self, caller: Pid, pid: Pid, pgid: Pid) -> Result<()> {
        let mut entries = self.entries.lock();
        let target = if pid == 0 { caller } else { pid };
        let e = entries.get(slot(target)).ok_or(Errno::ESRCH)?;
        if target != caller && e.ppid != caller {
            return Err(Errno::ESRCH.into());
        }
        let group = if pgid == 0 { target } else { pgid };
        if group != target && !entries.iter().any(|(_, o)| o.pgid == group && o.exit.is_none()) {
            return Err(Errno::EPERM.into());
        }
        entries[slot(target)].pgid = group;
        Ok(())
    }

    /// Live (non-zombie) processes matching a `kill` target: `pid > 0` one process, `0` the
    /// caller's group, `-1` everyone but init and the caller, `< -1` group `-pid`.
    pub fn targets(&self, caller: Pid, pid: i64) -> Result<Vec<Arc<Process>>> {
        let entries = self.entries.lock();
        let found: Vec<Arc<Process>> = if pid > 0 {
            let e = entries.get(slot(pid as Pid)).ok_or(Errno::ESRCH)?;
            return Ok(if e.exit.is_none() { vec![e.proc.clone()] } else { Vec::new() });
        } else {
            let group = match pid {
                0 => Some(entries_pgid(&entries, caller).ok_or(Errno::ESRCH)?),
                -1 => None,
                g => Some(g.checked_neg().and_then(|g| u32::try_from(g).ok()).ok_or(Errno::ESRCH)?),
            };
            entries
                .iter()
                .filter(|(_, e)| e.exit.is_none())
                .filter(|(_, e)| match group {
                    Some(g) => e.pgid == g,
                    None => e.proc.pid() != 1 && e.proc.pid() != caller,
                })
                .map(|(_, e)| e.proc.clone())
                .collect()
        };
        if found.is_empty() {
            return Err(Errno::ESRCH.into());
        }
        Ok(found)
    }

    /// Records that `pid` exited: it becomes a zombie for its parent to reap, its children
    /// move to init, and init's zombies are reaped at once. Returns the parent to notify.
    pub(crate) fn exit(&self, pid: Pid, status: ExitStatus) -> Option<Arc<Process>> {
        let mut entries = self.entries.lock();
        let e = entries.get_mut(slot(pid))?;
        if e.exit.is_some() {
            return None;
        }
        e.exit = Some(status);
        let orphans = std::mem::take(&mut e.children);
        let ppid = e.ppid;
        let auto_reap = e.auto_reap;
        for child in orphans {
            let zombie = match entries.get_mut(slot(child)) {
                Some(c) => {
                    c.ppid = 1;
                    c.auto_reap = true;
                    c.exit.is_some()
                }
                None => continue,
            };
            if zombie {
                entries.remove(slot(child));
                self.count.release(1);
            } else if let Some(init) = entries.get_mut(0) {
                init.children.push(child);
            }
        }
        let parent = entries.get(slot(ppid)).map(|p| p.proc.clone());
        if auto_reap {
            entries.remove(slot(pid));
            if let Some(p) = entries.get_mut(slot(ppid)) {
                p.children.retain(|&c| c != pid);
            }
            self.count.release(1);
        }
        parent
    }

    /// Reaps a zombie child of `parent` matching `which`: `Ok(Some)` with its pid and status,
    /// `Ok(None)` if matching children exist but none has exited, `ECHILD` if none matches.
    pub(crate) fn reap(&self, parent: Pid, which: WaitFor) -> Result<Option<(Pid, ExitStatus)>> {
        let mut entries = self.entries.lock();
        let me = entries.get(slot(parent)).ok_or(Errno::ECHILD)?;
        let mut any = false;
        let mut zombie = None;
        for &child in &me.children {
            let Some(c) = entries.get(slot(child)) else { continue };
            let matches = match which {
                WaitFor::Any => true,
                WaitFor::Pid(p) => p == child,
                WaitFor::Group(g) => c.pgid == g,
            };
            if matches {
                any = true;
                if let Some(status) = c.exit {
                    zombie = Some((child, status));
                    break;
                }
            }
        }
        let Some((child, status)) = zombie else {
            return if any { Ok(None) } else { Err(Errno::ECHILD.into()) };
        };
        entries.remove(slot(child));
        entries[slot(parent)].children.retain(|&c| c != child);
        self.count.release(1);
        Ok(Some((child, status)))
    }

    /// `parent` will not wait for `child`: it is reaped now if it already exited, else as soon
    /// as it does (as init's adopted orphans are).
    pub(crate) fn detach(&self, parent: Pid, child: Pid) {
        let mut entries = self.entries.lock();
        let Some(c) = entries.get_mut(slot(child)).filter(|c| c.ppid == parent) else { return };
        if c.exit.is_none() {
            c.auto_reap = true;
            return;
        }
        entries.remove(slot(child));
        if let Some(p) = entries.get_mut(slot(parent)) {
            p.children.retain(|&c| c != child);
        }
        self.count.release(1);
    }

    /// Whether `parent` has a child that exited and is not reaped yet.
    pub(crate) fn has_zombie(&self, parent: Pid) -> bool {
        let entries = self.entries.lock();
        let Some(me) = entries.get(slot(parent)) else { return false };
        me.children.iter().any(|&child| entries.get(slot(child)).is_some_and(|c| c.exit.is_some()))
    }

    /// How many processes exist (zombies included).
    pub fn len(&self) -> usize {
        self.entries.lock().len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pids of live processes, ascending.
    pub fn pids(&self) -> Vec<Pid> {
        let entries = self.entries.lock();
        let mut pids: Vec<Pid> =
            entries.iter().filter(|(_, e)| e.exit.is_none()).map(|(k, _)| k as Pid + 1).collect();
        pids.sort_unstable();
        pids
    }
}

fn entries_pgid(entries: &Slab<Entry>, pid: Pid) -> Option<Pid> {
    entries.get(slot(pid)).map(|e| e.pgid)
}
