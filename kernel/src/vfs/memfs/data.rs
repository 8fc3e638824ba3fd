//! Contents of an in-memory regular file: fixed-size chunks, allocated only where written.
//!
//! A chunk holds only the bytes up to the last one written in it, so a 10-byte file costs 10
//! bytes and a hole costs nothing. The logical size is tracked apart from the chunks, so
//! `st_size` is always exact.
//!
//! Chunks are shared copy-on-write: cloning a file's data (a VM snapshot or clone) copies only
//! the chunk pointers, and a chunk is copied when either copy next writes it.
//!
//! Chunks are kept in a map by index, so what a file costs never depends on its offsets: a
//! byte written at 2^60 is one chunk, not an index of 2^44 empty slots.

use std::collections::BTreeMap;
use std::sync::Arc;

/// Bytes per chunk.
pub const CHUNK: usize = 64 * 1024;

/// Sparse file contents.
#[derive(Clone, Default, Debug)]
pub struct FileData {
    chunks: BTreeMap<u64, Arc<Vec<u8>>>,
    size: u64,
    allocated: u64,
}

impl FileData {
    /// Logical size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Bytes actually stored.
    pub fn allocated(&self) -> u64 {
        self.allocated
    }

    /// Copies bytes at `offset` into `buf`; holes read as zeros. Returns 0 at or past the end.
    pub fn read(&self, offset: u64, buf: &mut [u8]) -> usize {
        if offset >= self.size {
            return 0;
        }
        let n = buf.len().min((self.size - offset) as usize);
        let mut done = 0;
        while done < n {
            let pos = offset + done as u64;
            let idx = pos / CHUNK as u64;
            let within = (pos % CHUNK as u64) as usize;
            let take = (CHUNK - within).min(n - done);
            let out = &mut buf[done..done + take];
            match self.chunks.get(&idx) {
                Some(chunk) if within < chunk.len() => {
                    let have = (chunk.len() - within).min(take);
                    out[..have].copy_from_slice(&chunk[within..within + have]);
                    out[have..].fill(0);
                }
                _ => out.fill(0),
            }
            done += take;
        }
        n
    }

    /// Bytes newly stored if `len` bytes were written at `offset` (for quota checks).
    pub fn growth_for_write(&self, offset: u64, len: usize) -> u64 {
        let mut growth = 0u64;
        let end = offset + len as u64;
        let mut pos = offset;
        while pos < end {
            let idx = pos / CHUNK as u64;
            let within = (pos % CHUNK as u64) as usize;
            let take = (CHUNK - within).min((end - pos) as usize);
            let have = self.chunks.get(&idx).map_or(0, |c| c.len());
            let want = within + take;
            if want > have {
                growth += (want - have) as u64;
            }
            pos += take as u64;
        }
        growth
    }

    /// Writes `data` at `offset`, extending the file; returns the bytes newly stored.
    pub fn write(&mut self, offset: u64, data: &[u8]) -> u64 {
        let before = self.allocated;
        let end = offset + data.len() as u64;
        let mut done = 0;
        while done < data.len() {
            let pos = offset + done as u64;
            let idx = pos / CHUNK as u64;
            let within = (pos % CHUNK as u64) as usize;
            let take = (CHUNK - within).min(data.len() - done);
            let chunk = Arc::make_mut(self.chunks.entry(idx).or_default());
            if chunk.len() < within + take {
                self.allocated += (within + take - chunk.len()) as u64;
                chunk.resize(within + take, 0);
            }
            chunk[within..within + take].copy_from_slice(&data[done..done + take]);
            done += take;
        }
        if end > self.size {
            self.size = end;
        }
        self.allocated - before
    }

    /// Sets the size; shrinking frees stored bytes past the end. Returns the bytes freed.
    pub fn truncate(&mut self, size: u64) -> u64 {
        let before = self.allocated;
        if size < self.size {
            let keep_chunks = size.div_ceil(CHUNK as u64);
            for chunk in self.chunks.split_off(&keep_chunks).into_values() {
                self.allocated -= chunk.len() as u64;
            }
            // Only the chunk the new end falls in is cut (not the last one stored, which may
            // lie before it).
            let within = (size % CHUNK as u64) as usize;
            if within != 0 {
                if let Some(last) = self.chunks.get_mut(&(size / CHUNK as u64)) {
                    if last.len() > within {
                        self.allocated -= (last.len() - within) as u64;
                        let last = Arc::make_mut(last);
                        last.truncate(within);
                        last.shrink_to_fit();
                    }
                }
            }
        }
        self.size = size;
        before - self.allocated
    }

    /// Copies all contents into one vector.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = vec![0u8; self.size as usize];
        self.read(0, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_write_reads_zero_holes_and_stores_only_written_bytes() {
        let mut d = FileData::default();
        d.write(3 * CHUNK as u64 + 10, b"abc");
        assert_eq!(d.size(), 3 * CHUNK as u64 + 13);
        assert_eq!(d.allocated(), 13);
        let mut buf = vec![1u8; 20];
        assert_eq!(d.read(3 * CHUNK as u64, &mut buf), 13);
        assert_eq!(&buf[..13], b"\0\0\0\0\0\0\0\0\0\0abc");
        let mut buf = vec![1u8; 8];
        assert_eq!(d.read(5, &mut buf), 8);
        assert_eq!(buf, [0; 8]);
    }

    #[test]
    fn writes_across_chunk_boundaries_round_trip() {
        let mut d = FileData::default();
        let data: Vec<u8> = (0..3 * CHUNK + 77).map(|i| (i % 251) as u8).collect();
        d.write(5, &data);
        let mut out = vec![0u8; data.len()];
        assert_eq!(d.read(5, &mut out), data.len());
        assert_eq!(out, data);
    }

    #[test]
    fn clones_share_chunks_until_written() {
        let mut a = FileData::default();
        a.write(0, &vec![1u8; CHUNK + 10]);
        let mut b = a.clone();
        assert!(Arc::ptr_eq(&a.chunks[&0], &b.chunks[&0]));
        b.write(5, b"xy");
        b.truncate(CHUNK as u64 + 3);
        assert_eq!(a.to_vec(), vec![1u8; CHUNK + 10]);
        assert_eq!(&b.to_vec()[4..8], &[1, b'x', b'y', 1]);
        assert_eq!(b.size(), CHUNK as u64 + 3);
        assert!(!Arc::ptr_eq(&a.chunks[&0], &b.chunks[&0]));
    }

    #[test]
    fn truncate_shrinks_and_extends() {
        let mut d = FileData::default();
        d.write(0, &vec![7u8; CHUNK + 100]);
        d.truncate(10);
        assert_eq!(d.size(), 10);
        assert_eq!(d.allocated(), 10);
        d.truncate(50);
        let mut buf = [9u8; 50];
        assert_eq!(d.read(0, &mut buf), 50);
        assert_eq!(&buf[..10], &[7u8; 10]);
        assert_eq!(&buf[10..], &[0u8; 40]);
        assert_eq!(d.growth_for_write(0, 10), 0);
        assert_eq!(d.growth_for_write(5, 10), 5);
    }

    #[test]
    fn a_write_far_out_costs_one_chunk() {
        // Found by the node_ops fuzz target: a pwrite at 2^52 sized a vector of 2^36 empty
        // chunk slots, and the host's allocation failed (aborting every VM).
        let mut d = FileData::default();
        assert_eq!(d.write(1 << 52, b"x"), 1);
        assert_eq!(d.size(), (1 << 52) + 1);
        assert_eq!(d.chunks.len(), 1);
        let mut buf = [7u8; 2];
        assert_eq!(d.read(1 << 52, &mut buf), 1);
        assert_eq!(buf[0], b'x');
        d.truncate(3);
        assert_eq!((d.size(), d.allocated(), d.chunks.len()), (3, 0, 0));
    }

    #[test]
    fn shrinking_past_a_hole_keeps_the_data_before_it() {
        // Cutting a file whose end falls in a hole cut the last chunk stored instead of the one
        // the end falls in, losing bytes inside the new size.
        let mut d = FileData::default();
        d.write(0, &[5u8; 100]);
        d.truncate(3 * CHUNK as u64);
        d.truncate(2 * CHUNK as u64 + 10);
        let mut buf = [0u8; 100];
        assert_eq!(d.read(0, &mut buf), 100);
        assert_eq!(buf, [5u8; 100]);
        assert_eq!(d.allocated(), 100);
    }
}
