//! `burrow.spawn`'s request layout.
//!
//! ```text
//! [blob path]
//! [u32 argc] argc x [blob arg]
//! [u32 envc] envc x [blob "KEY=VALUE"]
//! [blob cwd]                 empty: the parent's
//! [u32 nfds] nfds x ([u32 child_fd][u32 parent_fd])
//! [i32 pgid]                 -1: the parent's group; 0: a new group; > 0: that group
//! ```

use crate::codec::{DecodeError, Reader, Writer};

/// Most arguments or environment entries in one request.
pub const MAX_LIST: u32 = 1 << 16;
/// Most descriptor mappings in one request.
pub const MAX_FDS: u32 = 1024;

/// A decoded spawn request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpawnRequest {
    pub path: Vec<u8>,
    pub argv: Vec<Vec<u8>>,
    pub env: Vec<Vec<u8>>,
    /// Empty: inherit the parent's working directory.
    pub cwd: Vec<u8>,
    /// `(child_fd, parent_fd)` pairs.
    pub fds: Vec<(u32, u32)>,
    /// `None`: the parent's group; `Some(0)`: a new group; `Some(g)`: group `g`.
    pub pgid: Option<u32>,
}

impl SpawnRequest {
    /// Encodes the request.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.blob(&self.path);
        w.u32(self.argv.len() as u32);
        for a in &self.argv {
            w.blob(a);
        }
        w.u32(self.env.len() as u32);
        for e in &self.env {
            w.blob(e);
        }
        w.blob(&self.cwd);
        w.u32(self.fds.len() as u32);
        for &(child, parent) in &self.fds {
            w.u32(child).u32(parent);
        }
        w.i32(match self.pgid {
            None => -1,
            Some(g) => g as i32,
        });
        w.finish()
    }

    /// Decodes a request; every byte must be used.
    pub fn decode(buf: &[u8]) -> Result<SpawnRequest, DecodeError> {
        let mut r = Reader::new(buf);
        let path = r.blob()?.to_vec();
        let argc = r.count("argv", MAX_LIST, 4)?;
        let argv = (0..argc).map(|_| r.blob().map(<[u8]>::to_vec)).collect::<Result<_, _>>()?;
        let envc = r.count("env", MAX_LIST, 4)?;
        let env = (0..envc).map(|_| r.blob().map(<[u8]>::to_vec)).collect::<Result<_, _>>()?;
        let cwd = r.blob()?.to_vec();
        let nfds = r.count("fds", MAX_FDS, 8)?;
        let fds = (0..nfds).map(|_| Ok((r.u32()?, r.u32()?))).collect::<Result<_, DecodeError>>()?;
        let pgid = match r.i32()? {
            -1 => None,
            g if g >= 0 => Some(g as u32),
            g => return Err(DecodeError::Invalid { field: "pgid", value: g as i64 as u64 }),
        };
        r.finish()?;
        Ok(SpawnRequest { path, argv, env, cwd, fds, pgid })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn blob() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(any::<u8>(), 0..20)
    }

    proptest! {
        #[test]
        fn round_trips(path in blob(), argv in proptest::collection::vec(blob(), 0..5),
                       env in proptest::collection::vec(blob(), 0..5), cwd in blob(),
                       fds in proptest::collection::vec((any::<u32>(), any::<u32>()), 0..5),
                       pgid in proptest::option::of(0u32..1000)) {
            let req = SpawnRequest { path, argv, env, cwd, fds, pgid };
            prop_assert_eq!(SpawnRequest::decode(&req.encode()), Ok(req));
        }

        #[test]
        fn any_bytes_decode_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = SpawnRequest::decode(&bytes);
        }
    }

    #[test]
    fn hostile_counts_are_rejected_without_allocating() {
        let mut w = Writer::new();
        w.blob(b"/bin/x").u32(u32::MAX);
        assert!(matches!(SpawnRequest::decode(&w.finish()), Err(DecodeError::TooMany { field: "argv", .. })));
        let mut w = Writer::new();
        w.blob(b"/bin/x").u32(60_000);
        assert!(matches!(SpawnRequest::decode(&w.finish()), Err(DecodeError::Truncated { .. })));
    }

    #[test]
    fn trailing_bytes_are_an_error() {
        let mut bytes = SpawnRequest::default().encode();
        bytes.push(0);
        assert_eq!(SpawnRequest::decode(&bytes), Err(DecodeError::Trailing { count: 1 }));
    }
}
