//! Socket addresses, domains and types, with Linux's numbering for the shims' decoders.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};

use crate::error::{Errno, Result};

/// `AF_UNIX`.
pub const AF_UNIX: i32 = 1;
/// `AF_INET`.
pub const AF_INET: i32 = 2;
/// `AF_INET6`.
pub const AF_INET6: i32 = 10;
/// `SOCK_STREAM`.
pub const SOCK_STREAM: i32 = 1;
/// `SOCK_DGRAM`.
pub const SOCK_DGRAM: i32 = 2;
/// `SOCK_NONBLOCK`, or-ed into the type of `socket`/`socketpair` (and the flags of `accept4`).
pub const SOCK_NONBLOCK: i32 = 0o4000;
/// `SOCK_CLOEXEC`, likewise.
pub const SOCK_CLOEXEC: i32 = 0o2000000;
/// The longest unix socket path (`sizeof(sun_path) - 1`), as on Linux.
pub const UNIX_PATH_MAX: usize = 107;

/// A socket's address family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Domain {
    /// `AF_INET`.
    Inet,
    /// `AF_INET6` (dual stack: it also reaches and accepts IPv4 peers, as IPv4-mapped addresses).
    Inet6,
    /// `AF_UNIX`.
    Unix,
}

impl Domain {
    /// From an `AF_*` value; `EAFNOSUPPORT` for others.
    pub fn from_raw(af: i32) -> Result<Domain> {
        match af {
            AF_UNIX => Ok(Domain::Unix),
            AF_INET => Ok(Domain::Inet),
            AF_INET6 => Ok(Domain::Inet6),
            _ => Err(Errno::EAFNOSUPPORT.into()),
        }
    }

    /// The `AF_*` value.
    pub fn raw(self) -> i32 {
        match self {
            Domain::Unix => AF_UNIX,
            Domain::Inet => AF_INET,
            Domain::Inet6 => AF_INET6,
        }
    }
}

/// A socket's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SockType {
    /// `SOCK_STREAM`: TCP, or a unix stream socket.
    Stream,
    /// `SOCK_DGRAM`: UDP, or a unix datagram socket.
    Datagram,
}

impl SockType {
    /// From a `SOCK_*` value with the `SOCK_NONBLOCK`/`SOCK_CLOEXEC` bits already removed.
    pub fn from_raw(ty: i32) -> Result<SockType> {
        match ty {
            SOCK_STREAM => Ok(SockType::Stream),
            SOCK_DGRAM => Ok(SockType::Datagram),
            _ => Err(Errno::EPROTONOSUPPORT.into()),
        }
    }

    /// The `SOCK_*` value (what `SO_TYPE` reports).
    pub fn raw(self) -> i32 {
        match self {
            SockType::Stream => SOCK_STREAM,
            SockType::Datagram => SOCK_DGRAM,
        }
    }
}

/// The address of a unix domain socket.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum UnixAddr {
    /// Not bound (a `socketpair` end, or a client that never bound).
    Unnamed,
    /// A filesystem path (as given to `bind`, not canonicalized).
    Path(Vec<u8>),
    /// An abstract name (`sun_path` starting with NUL; the name is what follows it).
    Abstract(Vec<u8>),
}

/// A socket address of either family.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SockAddr {
    /// IPv4 or IPv6 address and port.
    Inet(SocketAddr),
    /// A unix domain address.
    Unix(UnixAddr),
}

impl SockAddr {
    /// The IP address and port, for inet addresses.
    pub fn inet(&self) -> Option<SocketAddr> {
        match self {
            SockAddr::Inet(a) => Some(*a),
            SockAddr::Unix(_) => None,
        }
    }

    /// Whether this address may be used with a socket of `domain`: IPv4 addresses on `AF_INET`,
    /// any IP address on `AF_INET6` (IPv4 ones are taken as IPv4-mapped), unix ones on
    /// `AF_UNIX`. `EAFNOSUPPORT` otherwise, `EINVAL` for an over-long unix path.
    pub(crate) fn check_domain(&self, domain: Domain) -> Result<()> {
        match (self, domain) {
            (SockAddr::Inet(SocketAddr::V4(_)), Domain::Inet | Domain::Inet6) => Ok(()),
            (SockAddr::Inet(SocketAddr::V6(_)), Domain::Inet6) => Ok(()),
            (SockAddr::Unix(UnixAddr::Path(p) | UnixAddr::Abstract(p)), Domain::Unix) if p.len() > UNIX_PATH_MAX => {
                Err(Errno::EINVAL.into())
            }
            (SockAddr::Unix(UnixAddr::Path(p)), Domain::Unix) if p.is_empty() => Err(Errno::ENOENT.into()),
            (SockAddr::Unix(_), Domain::Unix) => Ok(()),
            _ => Err(Errno::EAFNOSUPPORT.into()),
        }
    }
}

impl std::fmt::Display for SockAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SockAddr::Inet(a) => write!(f, "{a}"),
            SockAddr::Unix(UnixAddr::Unnamed) => f.write_str("(unnamed)"),
            SockAddr::Unix(UnixAddr::Path(p)) => f.write_str(&String::from_utf8_lossy(p)),
            SockAddr::Unix(UnixAddr::Abstract(p)) => write!(f, "@{}", String::from_utf8_lossy(p)),
        }
    }
}

/// `ip` with IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) turned into IPv4 ones, so that a
/// check on an address cannot be dodged by spelling it the other way.
pub fn canonical_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => ip,
        },
        v4 => v4,
    }
}

/// Whether a connection to `ip` stays inside the VM: loopback, or the unspecified address
/// (which Linux takes as "this host").
pub fn is_local_destination(ip: IpAddr) -> bool {
    let ip = canonical_ip(ip);
    ip.is_loopback() || ip.is_unspecified()
}

/// Whether a socket may bind `ip`: loopback addresses and the wildcards (the VM has no other
/// interface).
pub(crate) fn is_bindable(ip: IpAddr) -> bool {
    is_local_destination(ip)
}

/// The address a connection to `ip` actually reaches: the unspecified address means loopback.
pub(crate) fn destination_ip(ip: IpAddr) -> IpAddr {
    match canonical_ip(ip) {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

/// Whether a socket bound to `bound` receives what is sent to `dest` (both canonical): the same
/// address, or a wildcard of a family that covers it (`::` covers IPv4 too: dual stack).
pub(crate) fn covers(bound: IpAddr, dest: IpAddr) -> bool {
    match bound {
        IpAddr::V4(b) if b.is_unspecified() => dest.is_ipv4(),
        IpAddr::V6(b) if b.is_unspecified() => true,
        b => b == dest,
    }
}

/// Whether two bindings of one port collide: the same address, or either is a wildcard
/// covering the other (so `127.0.0.1:N` and `0.0.0.0:N` conflict, as on Linux).
pub(crate) fn overlaps(a: IpAddr, b: IpAddr) -> bool {
    covers(a, b) || covers(b, a)
}

/// `addr` as a socket of `domain` reports it: IPv4 addresses on an `AF_INET6` socket become
/// IPv4-mapped ones.
pub(crate) fn in_family(addr: SocketAddr, domain: Domain) -> SocketAddr {
    match (addr, domain) {
        (SocketAddr::V4(v4), Domain::Inet6) => {
            SocketAddr::V6(SocketAddrV6::new(v4.ip().to_ipv6_mapped(), v4.port(), 0, 0))
        }
        _ => addr,
    }
}

/// `addr` with its IP in canonical form (see [`canonical_ip`]).
pub(crate) fn canonical(addr: SocketAddr) -> SocketAddr {
    SocketAddr::new(canonical_ip(addr.ip()), addr.port())
}
