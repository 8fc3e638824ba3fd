//! Socket addresses as the `burrow` socket calls take and write them: one flat little-endian
//! record whose length depends on the family.
//!
//! ```text
//! @0 u16 family      Linux AF_*: 1 unix, 2 inet, 10 inet6
//! inet   (8 bytes):  @2 u16 port, @4 [u8; 4] address (a.b.c.d in order)
//! inet6 (24 bytes):  @2 u16 port, @4 [u8; 16] address (in order), @20 u32 scope_id
//! unix  (4 + n):     @2 u16 kind (0 unnamed, 1 path, 2 abstract), @4 n name bytes
//!                    (unnamed: n = 0; path and abstract: 1 <= n <= 108; a path has no NUL,
//!                    an abstract name is the bytes after Linux's leading NUL)
//! ```
//!
//! The port is a plain little-endian number (not network order). Decoding is total and exact:
//! a record must have exactly its family's length (any length for unix, within bounds).

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use crate::codec::{DecodeError, Reader, Writer};

/// `AF_UNIX`.
pub const AF_UNIX: u16 = 1;
/// `AF_INET`.
pub const AF_INET: u16 = 2;
/// `AF_INET6`.
pub const AF_INET6: u16 = 10;

/// Size of an inet record.
pub const INET_SIZE: usize = 8;
/// Size of an inet6 record.
pub const INET6_SIZE: usize = 24;
/// The longest unix name (`sizeof(sun_path)`).
pub const UNIX_NAME_MAX: usize = 108;
/// The largest record of any family: a buffer this big always holds an address.
pub const MAX_SIZE: usize = 4 + UNIX_NAME_MAX;

/// Unix record kind: not bound.
pub const UNIX_UNNAMED: u16 = 0;
/// Unix record kind: a filesystem path.
pub const UNIX_PATH: u16 = 1;
/// Unix record kind: an abstract name.
pub const UNIX_ABSTRACT: u16 = 2;

/// A unix socket's name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum UnixName {
    /// Not bound.
    Unnamed,
    /// A filesystem path.
    Path(Vec<u8>),
    /// An abstract name (without Linux's leading NUL).
    Abstract(Vec<u8>),
}

/// A socket address of any family.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SockAddr {
    /// IPv4 or IPv6 (the IPv6 flow label is not carried; it is 0).
    Inet(SocketAddr),
    Unix(UnixName),
}

impl SockAddr {
    /// The family of an encoded record (its first two bytes), if it has them.
    pub fn family_of(buf: &[u8]) -> Option<u16> {
        (buf.len() >= 2).then(|| u16::from_le_bytes([buf[0], buf[1]]))
    }

    /// The `AF_*` family.
    pub fn family(&self) -> u16 {
        match self {
            SockAddr::Inet(SocketAddr::V4(_)) => AF_INET,
            SockAddr::Inet(SocketAddr::V6(_)) => AF_INET6,
            SockAddr::Unix(_) => AF_UNIX,
        }
    }

    /// The record's length in bytes.
    pub fn encoded_len(&self) -> usize {
        match self {
            SockAddr::Inet(SocketAddr::V4(_)) => INET_SIZE,
            SockAddr::Inet(SocketAddr::V6(_)) => INET6_SIZE,
            SockAddr::Unix(UnixName::Unnamed) => 4,
            SockAddr::Unix(UnixName::Path(n) | UnixName::Abstract(n)) => 4 + n.len(),
        }
    }

    /// The record's bytes. A unix name longer than [`UNIX_NAME_MAX`] is cut to that length
    /// (the kernel never reports one).
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        let fam = self.family().to_le_bytes();
        w.u8(fam[0]).u8(fam[1]);
        let mut tail: Vec<u8> = Vec::new();
        let second: u16 = match self {
            SockAddr::Inet(SocketAddr::V4(a)) => {
                tail.extend_from_slice(&a.ip().octets());
                a.port()
            }
            SockAddr::Inet(SocketAddr::V6(a)) => {
                tail.extend_from_slice(&a.ip().octets());
                tail.extend_from_slice(&a.scope_id().to_le_bytes());
                a.port()
            }
            SockAddr::Unix(UnixName::Unnamed) => UNIX_UNNAMED,
            SockAddr::Unix(UnixName::Path(n)) => {
                tail.extend_from_slice(&n[..n.len().min(UNIX_NAME_MAX)]);
                UNIX_PATH
            }
            SockAddr::Unix(UnixName::Abstract(n)) => {
                tail.extend_from_slice(&n[..n.len().min(UNIX_NAME_MAX)]);
                UNIX_ABSTRACT
            }
        };
        let s = second.to_le_bytes();
        w.u8(s[0]).u8(s[1]);
        let mut v = w.finish();
        v.extend_from_slice(&tail);
        v
    }

    /// Decodes a record (see the module documentation).
    pub fn decode(buf: &[u8]) -> Result<SockAddr, DecodeError> {
        let mut r = Reader::new(buf);
        let family = u16::from_le_bytes(r.bytes(2)?.try_into().expect("two bytes"));
        let second = u16::from_le_bytes(r.bytes(2)?.try_into().expect("two bytes"));
        let addr = match family {
            AF_INET => {
                let ip: [u8; 4] = r.bytes(4)?.try_into().expect("four bytes");
                SockAddr::Inet(SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::from(ip), second)))
            }
            AF_INET6 => {
                let ip: [u8; 16] = r.bytes(16)?.try_into().expect("sixteen bytes");
                let scope = r.u32()?;
                SockAddr::Inet(SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::from(ip), second, 0, scope)))
            }
            AF_UNIX => {
                let name = r.bytes(r.remaining())?.to_vec();
                if name.len() > UNIX_NAME_MAX {
                    return Err(DecodeError::TooMany {
                        field: "name",
                        count: name.len() as u64,
                        max: UNIX_NAME_MAX as u64,
                    });
                }
                match second {
                    UNIX_UNNAMED if name.is_empty() => SockAddr::Unix(UnixName::Unnamed),
                    UNIX_UNNAMED => return Err(DecodeError::Trailing { count: name.len() }),
                    UNIX_PATH | UNIX_ABSTRACT if name.is_empty() => {
                        return Err(DecodeError::Truncated { at: 4, needed: 1 })
                    }
                    UNIX_PATH if name.contains(&0) => {
                        return Err(DecodeError::Invalid { field: "path", value: 0 });
                    }
                    UNIX_PATH => SockAddr::Unix(UnixName::Path(name)),
                    UNIX_ABSTRACT => SockAddr::Unix(UnixName::Abstract(name)),
                    k => return Err(DecodeError::Invalid { field: "unix kind", value: k as u64 }),
                }
            }
            f => return Err(DecodeError::Invalid { field: "family", value: f as u64 }),
        };
        r.finish()?;
        Ok(addr)
    }
}

impl From<SocketAddr> for SockAddr {
    fn from(a: SocketAddr) -> SockAddr {
        SockAddr::Inet(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn layouts_have_the_documented_offsets() {
        let v4 = SockAddr::Inet("127.0.0.1:8080".parse().unwrap()).encode();
        assert_eq!(v4, [2, 0, 0x90, 0x1f, 127, 0, 0, 1]);
        let v6 = SockAddr::Inet(SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 443, 0, 7))).encode();
        assert_eq!(v6.len(), INET6_SIZE);
        assert_eq!(&v6[..4], &[10, 0, 0xbb, 0x01]);
        assert_eq!(v6[19], 1);
        assert_eq!(&v6[20..], &[7, 0, 0, 0]);
        let unix = SockAddr::Unix(UnixName::Path(b"/tmp/s".to_vec())).encode();
        assert_eq!(unix, b"\x01\x00\x01\x00/tmp/s");
        assert_eq!(SockAddr::Unix(UnixName::Unnamed).encode(), [1, 0, 0, 0]);
        assert_eq!(SockAddr::Unix(UnixName::Abstract(b"x".to_vec())).encode(), [1, 0, 2, 0, b'x']);
    }

    #[test]
    fn malformed_records_are_errors() {
        assert!(SockAddr::decode(&[]).is_err());
        assert!(SockAddr::decode(&[2, 0, 0, 0, 127, 0, 0]).is_err());
        assert!(SockAddr::decode(&[2, 0, 0, 0, 127, 0, 0, 1, 0]).is_err());
        assert!(matches!(SockAddr::decode(&[3, 0, 0, 0]), Err(DecodeError::Invalid { field: "family", value: 3 })));
        assert!(SockAddr::decode(&[1, 0, 1, 0]).is_err());
        assert!(SockAddr::decode(b"\x01\x00\x01\x00a\0b").is_err());
        assert!(SockAddr::decode(&[1, 0, 9, 0, b'a']).is_err());
        assert!(SockAddr::decode(&[1, 0, 0, 0, b'a']).is_err());
        let long = [&[1u8, 0, 1, 0][..], &[b'a'; UNIX_NAME_MAX + 1]].concat();
        assert!(SockAddr::decode(&long).is_err());
        assert_eq!(SockAddr::family_of(&[10, 0]), Some(AF_INET6));
        assert_eq!(SockAddr::family_of(&[10]), None);
    }

    proptest! {
        #[test]
        fn addresses_round_trip(ip: [u8; 4], ip6: [u8; 16], port: u16, scope: u32, name in proptest::collection::vec(1u8..=255, 1..=UNIX_NAME_MAX)) {
            for a in [
                SockAddr::Inet(SocketAddr::V4(SocketAddrV4::new(ip.into(), port))),
                SockAddr::Inet(SocketAddr::V6(SocketAddrV6::new(ip6.into(), port, 0, scope))),
                SockAddr::Unix(UnixName::Path(name.clone())),
                SockAddr::Unix(UnixName::Abstract(name.clone())),
                SockAddr::Unix(UnixName::Unnamed),
            ] {
                let bytes = a.encode();
                prop_assert_eq!(bytes.len(), a.encoded_len());
                prop_assert!(bytes.len() <= MAX_SIZE);
                prop_assert_eq!(SockAddr::decode(&bytes).unwrap(), a);
            }
        }

        #[test]
        fn decoding_any_bytes_never_panics(buf in proptest::collection::vec(any::<u8>(), 0..130)) {
            let _ = SockAddr::decode(&buf);
        }
    }
}
