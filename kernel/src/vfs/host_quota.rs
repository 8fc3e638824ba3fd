//! What a writable host mount charges to its VM's filesystem quota.
//!
//! A host directory's own content was the host's before the VM came and is never charged: the
//! VM pays for what it adds (bytes a file grows by, inodes it creates, symlink targets) and is
//! given back at most what it paid (removing a file the host put there frees nothing), so the
//! quota's counters stay exact for the VM's other filesystems and never go below zero.
//!
//! A file removed while the VM still has it open keeps its blocks on the host until the last
//! descriptor closes; its bytes are given back then, not at the unlink, so unlinking an open
//! file cannot be used to write past the quota.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::error::Result;
use crate::limits::FsQuota;

/// A host file's identity: device and inode number.
pub(crate) type FileId = (u64, u64);

/// What one host file has cost the VM.
#[derive(Default)]
struct Paid {
    /// Bytes it grew by at the VM's hand (or its symlink target).
    bytes: u64,
    /// Whether the VM created it (an inode).
    inode: bool,
    /// How many nodes of the VM hold it open.
    open: u32,
}

/// One mount's share of a VM's [`FsQuota`]: what each host file cost the VM.
pub(crate) struct MountQuota {
    quota: Arc<FsQuota>,
    files: Mutex<HashMap<FileId, Paid>>,
}

impl MountQuota {
    pub(crate) fn new(quota: Arc<FsQuota>) -> MountQuota {
        MountQuota { quota, files: Mutex::new(HashMap::new()) }
    }

    /// Charges `bytes` and `inodes` ahead of a change, or fails (the quota's limit error)
    /// charging nothing. The change then [`MountQuota::paid`] them, or they are refunded.
    pub(crate) fn charge(&self, bytes: u64, inodes: u64) -> Result<()> {
        self.quota.bytes.charge(bytes)?;
        if let Err(e) = self.quota.inodes.charge(inodes) {
            self.quota.bytes.release(bytes);
            return Err(e);
        }
        Ok(())
    }

    /// Gives back a charge whose change did not happen.
    pub(crate) fn refund(&self, bytes: u64, inodes: u64) {
        self.quota.bytes.release(bytes);
        self.quota.inodes.release(inodes);
    }

    /// Books a charge of `bytes` (and an inode, if `created`) to file `id`.
    pub(crate) fn paid(&self, id: FileId, bytes: u64, created: bool) {
        if bytes == 0 && !created {
            return;
        }
        let mut files = self.files.lock();
        let paid = files.entry(id).or_default();
        paid.bytes += bytes;
        paid.inode |= created;
    }

    /// File `id` shrank by `bytes`: gives back what of them the VM paid for.
    pub(crate) fn shrunk(&self, id: FileId, bytes: u64) {
        if let Some(paid) = self.files.lock().get_mut(&id) {
            let back = paid.bytes.min(bytes);
            paid.bytes -= back;
            self.quota.bytes.release(back);
        }
    }

    /// File `id` lost its last name: what the VM paid for it comes back now, or when the last
    /// node holding it open lets go (the host keeps its blocks until then).
    pub(crate) fn removed(&self, id: FileId) {
        let mut files = self.files.lock();
        if files.get(&id).is_some_and(|p| p.open == 0) {
            let paid = files.remove(&id).expect("present");
            self.refund(paid.bytes, u64::from(paid.inode));
        }
    }

    /// Records that a node of this mount opened file `id`.
    pub(crate) fn opened(&self, id: FileId) {
        self.files.lock().entry(id).or_default().open += 1;
    }

    /// A node holding file `id` open let go of it; `gone` tells whether the file has no name
    /// left, in which case the last holder gives back what it cost.
    pub(crate) fn closed(&self, id: FileId, gone: bool) {
        let mut files = self.files.lock();
        let Some(paid) = files.get_mut(&id) else { return };
        paid.open = paid.open.saturating_sub(1);
        if paid.open == 0 && (gone || (paid.bytes == 0 && !paid.inode)) {
            let paid = files.remove(&id).expect("present");
            if gone {
                self.refund(paid.bytes, u64::from(paid.inode));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    #[test]
    fn gives_back_only_what_a_file_cost() {
        let mut limits = Limits::default();
        limits.fs_bytes = 100;
        let quota = Arc::new(FsQuota::new(&limits));
        quota.bytes.charge(30).unwrap();
        let mount = MountQuota::new(quota.clone());
        mount.charge(50, 1).unwrap();
        mount.paid((1, 1), 50, true);
        assert!(mount.charge(21, 0).is_err());
        assert_eq!(quota.bytes.used(), 80);
        mount.removed((1, 2));
        assert_eq!(quota.bytes.used(), 80, "a file the VM never paid for gives nothing back");
        mount.shrunk((1, 1), 1000);
        assert_eq!(quota.bytes.used(), 30);
        mount.removed((1, 1));
        assert_eq!((quota.bytes.used(), quota.inodes.used()), (30, 0));
    }

    #[test]
    fn an_open_file_is_paid_for_until_its_last_holder_closes() {
        let mount = MountQuota::new(Arc::new(FsQuota::unlimited()));
        mount.charge(10, 1).unwrap();
        mount.paid((1, 2), 10, true);
        mount.opened((1, 2));
        mount.opened((1, 2));
        mount.removed((1, 2));
        assert_eq!(mount.quota.bytes.used(), 10);
        mount.closed((1, 2), true);
        assert_eq!(mount.quota.bytes.used(), 10);
        mount.closed((1, 2), true);
        assert_eq!((mount.quota.bytes.used(), mount.quota.inodes.used()), (0, 0));
    }
}
