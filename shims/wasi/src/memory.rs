//! Bounds-checked access to a guest's linear memory, in place.

use crate::types::Errno;

/// A guest's whole linear memory for the duration of one host call.
pub struct Mem<'a> {
    bytes: &'a mut [u8],
}

impl<'a> Mem<'a> {
    /// Wraps the memory's bytes.
    pub fn new(bytes: &'a mut [u8]) -> Mem<'a> {
        Mem { bytes }
    }

    /// The range `[ptr, ptr + len)`, or `fault`.
    pub fn slice(&self, ptr: i32, len: i32) -> Result<&[u8], Errno> {
        let (start, end) = range(ptr, len, self.bytes.len())?;
        Ok(&self.bytes[start..end])
    }

    /// The range `[ptr, ptr + len)` for writing, or `fault`.
    pub fn slice_mut(&mut self, ptr: i32, len: i32) -> Result<&mut [u8], Errno> {
        let (start, end) = range(ptr, len, self.bytes.len())?;
        Ok(&mut self.bytes[start..end])
    }

    /// Reads a little-endian `u32`.
    pub fn read_u32(&self, ptr: i32) -> Result<u32, Errno> {
        let b = self.slice(ptr, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Reads a little-endian `u64`.
    pub fn read_u64(&self, ptr: i32) -> Result<u64, Errno> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.slice(ptr, 8)?);
        Ok(u64::from_le_bytes(a))
    }

    /// Writes a little-endian `u32`.
    pub fn write_u32(&mut self, ptr: i32, v: u32) -> Result<(), Errno> {
        self.slice_mut(ptr, 4)?.copy_from_slice(&v.to_le_bytes());
        Ok(())
    }

    /// Writes a little-endian `u64`.
    pub fn write_u64(&mut self, ptr: i32, v: u64) -> Result<(), Errno> {
        self.slice_mut(ptr, 8)?.copy_from_slice(&v.to_le_bytes());
        Ok(())
    }

    /// Copies `data` to `ptr`.
    pub fn write_bytes(&mut self, ptr: i32, data: &[u8]) -> Result<(), Errno> {
        self.slice_mut(ptr, i32::try_from(data.len()).map_err(|_| Errno::FAULT)?)?.copy_from_slice(data);
        Ok(())
    }

    /// The whole memory.
    pub fn bytes(&mut self) -> &mut [u8] {
        self.bytes
    }
}

fn range(ptr: i32, len: i32, size: usize) -> Result<(usize, usize), Errno> {
    let start = ptr as u32 as usize;
    let end = start.checked_add(len as u32 as usize).ok_or(Errno::FAULT)?;
    if end > size {
        return Err(Errno::FAULT);
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_outside_memory_fault() {
        let mut buf = vec![0u8; 16];
        let mut m = Mem::new(&mut buf);
        assert!(m.slice(12, 4).is_ok());
        assert_eq!(m.slice(13, 4), Err(Errno::FAULT));
        assert_eq!(m.slice(-1, 1), Err(Errno::FAULT));
        assert_eq!(m.slice(0, -1), Err(Errno::FAULT));
        m.write_u32(0, 0xdead_beef).unwrap();
        assert_eq!(m.read_u32(0).unwrap(), 0xdead_beef);
        assert_eq!(m.write_u64(12, 1), Err(Errno::FAULT));
    }
}
