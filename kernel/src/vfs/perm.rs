//! Permission checks by mode bits, as Linux does them for a process's credentials.

use crate::error::{Errno, Result};
use crate::vfs::{FileType, Stat};

/// Read permission.
pub const MAY_READ: u32 = 4;
/// Write permission.
pub const MAY_WRITE: u32 = 2;
/// Execute (files) or search (directories) permission.
pub const MAY_EXEC: u32 = 1;

/// Who a process acts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub uid: u32,
    pub gid: u32,
}

impl Credentials {
    /// The superuser.
    pub const ROOT: Credentials = Credentials { uid: 0, gid: 0 };

    /// Whether these are the superuser's.
    pub fn is_root(&self) -> bool {
        self.uid == 0
    }

    /// Checks `want` (a mask of `MAY_*`) against `stat`'s mode bits; `EACCES` if denied.
    ///
    /// Root may read and write anything, search any directory, and execute a file with at
    /// least one execute bit.
    pub fn check(&self, stat: &Stat, want: u32) -> Result<()> {
        if self.is_root() {
            let exec_ok = want & MAY_EXEC == 0
                || stat.file_type() == FileType::Directory
                || stat.mode & 0o111 != 0;
            return if exec_ok { Ok(()) } else { Err(Errno::EACCES.into()) };
        }
        let bits = if stat.uid == self.uid {
            (stat.mode >> 6) & 7
        } else if stat.gid == self.gid {
            (stat.mode >> 3) & 7
        } else {
            stat.mode & 7
        };
        if bits & want == want {
            Ok(())
        } else {
            Err(Errno::EACCES.into())
        }
    }

    /// Whether these credentials own `stat`'s inode (or are root): needed for chmod and utimes.
    pub fn owns(&self, stat: &Stat) -> bool {
        self.is_root() || stat.uid == self.uid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(mode: u32, uid: u32, gid: u32) -> Stat {
        Stat { mode, uid, gid, ..Stat::default() }
    }

    #[test]
    fn owner_group_other_bits_apply_in_order() {
        let user = Credentials { uid: 1000, gid: 1000 };
        assert!(user.check(&stat(0o100600, 1000, 0), MAY_READ | MAY_WRITE).is_ok());
        assert_eq!(user.check(&stat(0o100060, 1000, 1000), MAY_READ), Err(Errno::EACCES.into()));
        assert!(user.check(&stat(0o100040, 0, 1000), MAY_READ).is_ok());
        assert!(user.check(&stat(0o100004, 0, 0), MAY_READ).is_ok());
        assert_eq!(user.check(&stat(0o100004, 0, 0), MAY_WRITE), Err(Errno::EACCES.into()));
    }

    #[test]
    fn root_bypasses_rw_but_needs_an_exec_bit_on_files() {
        let root = Credentials::ROOT;
        assert!(root.check(&stat(0o100000, 5, 5), MAY_READ | MAY_WRITE).is_ok());
        assert_eq!(root.check(&stat(0o100644, 5, 5), MAY_EXEC), Err(Errno::EACCES.into()));
        assert!(root.check(&stat(0o100744, 5, 5), MAY_EXEC).is_ok());
        assert!(root.check(&stat(0o040000, 5, 5), MAY_EXEC).is_ok());
    }
}
