//! The per-process descriptor table.

use crate::error::{Errno, Limit, Result};
use crate::fd::file::FileRef;

#[derive(Clone)]
struct Slot {
    file: FileRef,
    cloexec: bool,
}

/// Maps descriptor numbers to open file descriptions. Lowest free number first, as POSIX says.
#[derive(Clone)]
pub struct FdTable {
    slots: Vec<Option<Slot>>,
    open: usize,
    max: u64,
}

impl FdTable {
    /// An empty table allowing descriptors `0..max`.
    pub fn new(max: u64) -> FdTable {
        FdTable { slots: Vec::new(), open: 0, max }
    }

    /// How many descriptors are open.
    pub fn len(&self) -> usize {
        self.open
    }

    /// Whether none is open.
    pub fn is_empty(&self) -> bool {
        self.open == 0
    }

    /// The description behind `fd`.
    pub fn get(&self, fd: u32) -> Result<FileRef> {
        match self.slots.get(fd as usize) {
            Some(Some(slot)) => Ok(slot.file.clone()),
            _ => Err(Errno::EBADF.into()),
        }
    }

    /// Whether `fd` has close-on-exec set.
    pub fn cloexec(&self, fd: u32) -> Result<bool> {
        match self.slots.get(fd as usize) {
            Some(Some(slot)) => Ok(slot.cloexec),
            _ => Err(Errno::EBADF.into()),
        }
    }

    /// Sets or clears close-on-exec.
    pub fn set_cloexec(&mut self, fd: u32, cloexec: bool) -> Result<()> {
        match self.slots.get_mut(fd as usize) {
            Some(Some(slot)) => {
                slot.cloexec = cloexec;
                Ok(())
            }
            _ => Err(Errno::EBADF.into()),
        }
    }

    /// Fails with the open-files limit error unless a descriptor is free.
    pub fn check_room(&self) -> Result<()> {
        if (self.open as u64) < self.max {
            return Ok(());
        }
        Err(crate::limits::exceeded(Limit::OpenFiles, self.max))
    }

    /// Installs `file` at the lowest free descriptor `>= min`.
    pub fn insert_from(&mut self, min: u32, file: FileRef, cloexec: bool) -> Result<u32> {
        let start = min as usize;
        let free = self.slots.iter().skip(start).position(|s| s.is_none()).map(|i| i + start);
        let fd = free.unwrap_or(self.slots.len().max(start));
        if fd as u64 >= self.max {
            return Err(crate::limits::exceeded(Limit::OpenFiles, self.max));
        }
        if fd >= self.slots.len() {
            self.slots.resize(fd + 1, None);
        }
        self.slots[fd] = Some(Slot { file, cloexec });
        self.open += 1;
        Ok(fd as u32)
    }

    /// Installs `file` at the lowest free descriptor.
    pub fn insert(&mut self, file: FileRef, cloexec: bool) -> Result<u32> {
        self.insert_from(0, file, cloexec)
    }

    /// Installs `file` at exactly `fd`, returning what was there (to be dropped by the caller
    /// outside any lock). `EBADF` when `fd` is past the limit.
    pub fn install(&mut self, fd: u32, file: FileRef, cloexec: bool) -> Result<Option<FileRef>> {
        if fd as u64 >= self.max {
            return Err(Errno::EBADF.into());
        }
        let i = fd as usize;
        if i >= self.slots.len() {
            self.slots.resize(i + 1, None);
        }
        let old = self.slots[i].replace(Slot { file, cloexec });
        if old.is_none() {
            self.open += 1;
        }
        Ok(old.map(|s| s.file))
    }

    /// Closes `fd`, returning its description (drop it outside any lock).
    pub fn remove(&mut self, fd: u32) -> Result<FileRef> {
        let slot = self.slots.get_mut(fd as usize).and_then(Option::take).ok_or(Errno::EBADF)?;
        self.open -= 1;
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        Ok(slot.file)
    }

    /// The table a spawned child starts with: every descriptor without close-on-exec.
    pub fn inherit(&self, max: u64) -> FdTable {
        let mut child = FdTable { slots: self.slots.clone(), open: 0, max };
        for slot in child.slots.iter_mut() {
            if slot.as_ref().is_some_and(|s| s.cloexec) {
                *slot = None;
            }
        }
        child.slots.truncate(max.min(child.slots.len() as u64) as usize);
        while matches!(child.slots.last(), Some(None)) {
            child.slots.pop();
        }
        child.open = child.slots.iter().filter(|s| s.is_some()).count();
        child
    }

    /// Empties the table, returning every description (drop them outside any lock).
    pub fn take_all(&mut self) -> Vec<FileRef> {
        self.open = 0;
        self.slots.drain(..).flatten().map(|s| s.file).collect()
    }

    /// Open descriptor numbers, ascending.
    pub fn fds(&self) -> Vec<u32> {
        self.slots.iter().enumerate().filter(|(_, s)| s.is_some()).map(|(i, _)| i as u32).collect()
    }
}
