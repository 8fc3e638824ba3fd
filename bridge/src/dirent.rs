//! Batched directory listings: `[u8 kind][u32 len][name]` per entry, back to back.

use crate::codec::{DecodeError, Reader};

/// Entry kinds in a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Unknown = 0,
    File = 1,
    Dir = 2,
    Symlink = 3,
    CharDevice = 4,
    BlockDevice = 5,
    Fifo = 6,
    Socket = 7,
}

impl Kind {
    fn from_u8(v: u8) -> Result<Kind, DecodeError> {
        Ok(match v {
            0 => Kind::Unknown,
            1 => Kind::File,
            2 => Kind::Dir,
            3 => Kind::Symlink,
            4 => Kind::CharDevice,
            5 => Kind::BlockDevice,
            6 => Kind::Fifo,
            7 => Kind::Socket,
            _ => return Err(DecodeError::Invalid { field: "kind", value: v as u64 }),
        })
    }
}

/// Appends one entry to a listing buffer.
pub fn push(out: &mut Vec<u8>, kind: Kind, name: &[u8]) {
    out.push(kind as u8);
    out.extend_from_slice(&(name.len() as u32).to_le_bytes());
    out.extend_from_slice(name);
}

/// Decodes a whole listing.
pub fn decode(buf: &[u8]) -> Result<Vec<(Kind, &[u8])>, DecodeError> {
    let mut r = Reader::new(buf);
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let kind = Kind::from_u8(r.u8()?)?;
        out.push((kind, r.blob()?));
    }
    r.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_round_trips() {
        let mut buf = Vec::new();
        push(&mut buf, Kind::File, b"a.txt");
        push(&mut buf, Kind::Dir, b"sub");
        assert_eq!(decode(&buf).unwrap(), vec![(Kind::File, &b"a.txt"[..]), (Kind::Dir, &b"sub"[..])]);
        assert!(decode(&buf[..buf.len() - 1]).is_err());
        assert!(decode(&[9, 0, 0, 0, 0]).is_err());
    }
}
