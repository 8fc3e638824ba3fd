//! `burrow.resolve` through the shim: local answers, the host alias, names the policy does not
//! name, a fake host resolver's answers filtered by the policy, truncation to the caller's
//! buffer, and hostile arguments.

mod common;

use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;

use burrow_kernel::net::policy::NetPolicy;
use burrow_kernel::net::{EgressConn, HostNet};
use burrow_kernel::Errno as Linux;
use burrow_wasi::burrow::RESOLVED_ADDR_SIZE;
use burrow_wasi::types::Errno;
use common::*;

/// A resolver that knows one name and never connects.
struct FakeNet;

impl HostNet for FakeNet {
    fn connect(&self, _addr: std::net::SocketAddr, conn: EgressConn) {
        conn.fail(Linux::ECONNREFUSED);
    }

    fn resolve(&self, name: &str) -> Result<Vec<IpAddr>, Linux> {
        match name {
            "api.example.com" => {
                Ok(["93.184.216.34", "10.1.1.1", "2606:2800:220:1::1"].iter().map(|s| s.parse().unwrap()).collect())
            }
            _ => Err(Linux::ENOENT),
        }
    }
}

/// Calls `resolve(name, port)` with room for `room` addresses; the errno, the count and the
/// addresses written.
fn resolve(g: &mut Guest, name: &[u8], port: i32, room: u32) -> (i32, u32, Vec<IpAddr>) {
    g.reset();
    let n = g.put(name);
    let cap = room * RESOLVED_ADDR_SIZE as u32;
    let out = g.alloc(cap.max(1));
    let r = bw!(g, resolve, n, name.len() as i32, port, out, cap as i32, OUT);
    if r != 0 {
        return (r, 0, Vec::new());
    }
    let count = g.u32_at(OUT);
    let written = count.min(room) as usize;
    let addrs = (0..written)
        .map(|i| {
            let bytes: [u8; 16] = g.bytes(out + (i * 16) as i32, 16).try_into().unwrap();
            let v6 = Ipv6Addr::from(bytes);
            v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4)
        })
        .collect();
    (0, count, addrs)
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn local_names_the_alias_and_literals() {
    let mut g = Guest::new();
    assert_eq!(resolve(&mut g, b"localhost", -1, 4), (0, 2, vec![ip("127.0.0.1"), ip("::1")]));
    assert_eq!(resolve(&mut g, b"host.burrow.internal", 8080, 4), (0, 1, vec![ip("10.0.2.2")]));
    assert_eq!(resolve(&mut g, b"192.0.2.7", -1, 4), (0, 1, vec![ip("192.0.2.7")]));
    // Truncated to the buffer: the count is the total.
    assert_eq!(resolve(&mut g, b"localhost", -1, 1), (0, 2, vec![ip("127.0.0.1")]));
    assert_eq!(resolve(&mut g, b"localhost", -1, 0), (0, 2, vec![]));
}

#[test]
fn other_names_need_a_rule_and_a_host_network() {
    let mut g = Guest::new();
    assert_eq!(resolve(&mut g, b"api.example.com", 443, 4).0, Errno::ACCES.raw());
    g.kernel.set_net_policy(NetPolicy::from_rules(["api.example.com:443", "other.example.com:*"]).unwrap());
    assert_eq!(resolve(&mut g, b"api.example.com", 443, 4).0, Errno::NETUNREACH.raw());
    g.kernel.set_host_net(Arc::new(FakeNet));
    // The private answer is dropped.
    assert_eq!(
        resolve(&mut g, b"api.example.com", 443, 4),
        (0, 2, vec![ip("93.184.216.34"), ip("2606:2800:220:1::1")])
    );
    assert_eq!(resolve(&mut g, b"api.example.com", -1, 4).1, 2);
    assert_eq!(resolve(&mut g, b"api.example.com", 80, 4).0, Errno::ACCES.raw());
    assert_eq!(resolve(&mut g, b"other.example.com", -1, 4).0, Errno::NOENT.raw());
}

#[test]
fn hostile_arguments() {
    let mut g = Guest::new();
    assert_eq!(resolve(&mut g, b"\xff\xfe", -1, 4).0, Errno::INVAL.raw());
    assert_eq!(resolve(&mut g, b"bad name", -1, 4).0, Errno::INVAL.raw());
    assert_eq!(resolve(&mut g, b"localhost", 70000, 4).0, Errno::INVAL.raw());
    assert_eq!(resolve(&mut g, b"localhost", -2, 4).0, Errno::INVAL.raw());
    let big = MEM_SIZE as i32;
    assert_eq!(bw!(g, resolve, 0, big + 1, -1, 0, 16, OUT), Errno::FAULT.raw());
    let n = g.put(b"localhost");
    assert_eq!(bw!(g, resolve, n, 9, -1, big, 16, OUT), Errno::FAULT.raw());
    assert_eq!(bw!(g, resolve, n, 9, -1, 0, 16, big), Errno::FAULT.raw());
}
