//! File status as `burrow.stat` and `burrow.fstat` write it: the POSIX attributes preview1's
//! filestat lacks (permission bits, owner, group, block count), in one fixed 96-byte record.
//!
//! ```text
//! [u64 dev][u64 ino][u64 nlink][u32 mode][u32 uid][u32 gid][u32 blksize]
//! [u64 rdev][u64 size][u64 blocks][i64 atime_ns][i64 mtime_ns][i64 ctime_ns][u64 reserved]
//! ```
//! `mode` holds the file type and permission bits as in Linux's `st_mode`; times are
//! nanoseconds since the Unix epoch.

use crate::codec::{DecodeError, Reader, Writer};

/// Size of the record in bytes.
pub const SIZE: usize = 96;

/// `stat` flag: do not follow a final symlink (`lstat`).
pub const NOFOLLOW: u32 = 1;

/// The record's fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileStat {
    pub dev: u64,
    pub ino: u64,
    pub nlink: u64,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub blksize: u32,
    pub rdev: u64,
    pub size: u64,
    /// 512-byte blocks allocated.
    pub blocks: u64,
    pub atime_ns: i64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
}

impl FileStat {
    /// The record's bytes.
    pub fn encode(&self) -> [u8; SIZE] {
        let mut w = Writer::new();
        w.u64(self.dev).u64(self.ino).u64(self.nlink);
        w.u32(self.mode).u32(self.uid).u32(self.gid).u32(self.blksize);
        w.u64(self.rdev).u64(self.size).u64(self.blocks);
        w.u64(self.atime_ns as u64).u64(self.mtime_ns as u64).u64(self.ctime_ns as u64).u64(0);
        let v = w.finish();
        let mut out = [0u8; SIZE];
        out.copy_from_slice(&v);
        out
    }

    /// Decodes a record (exactly [`SIZE`] bytes).
    pub fn decode(buf: &[u8]) -> Result<FileStat, DecodeError> {
        let mut r = Reader::new(buf);
        let s = FileStat {
            dev: r.u64()?,
            ino: r.u64()?,
            nlink: r.u64()?,
            mode: r.u32()?,
            uid: r.u32()?,
            gid: r.u32()?,
            blksize: r.u32()?,
            rdev: r.u64()?,
            size: r.u64()?,
            blocks: r.u64()?,
            atime_ns: r.u64()? as i64,
            mtime_ns: r.u64()? as i64,
            ctime_ns: r.u64()? as i64,
        };
        r.u64()?;
        r.finish()?;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn records_round_trip(dev: u64, ino: u64, nlink: u64, mode: u32, uid: u32, gid: u32, size: u64, mtime: i64) {
            let s = FileStat { dev, ino, nlink, mode, uid, gid, blksize: 4096, rdev: 0, size, blocks: size / 512, atime_ns: -1, mtime_ns: mtime, ctime_ns: 0 };
            let bytes = s.encode();
            prop_assert_eq!(bytes.len(), SIZE);
            prop_assert_eq!(FileStat::decode(&bytes).unwrap(), s);
        }

        #[test]
        fn decoding_any_bytes_never_panics(buf in proptest::collection::vec(any::<u8>(), 0..200)) {
            let r = FileStat::decode(&buf);
            prop_assert_eq!(r.is_ok(), buf.len() == SIZE);
        }
    }
}
