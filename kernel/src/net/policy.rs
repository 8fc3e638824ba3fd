//! The egress policy: which outbound connections to addresses outside the VM may be made.
//!
//! Denied by default. A policy is a list of rules `HOST:PORT`, where `HOST` is a host name
//! (`api.example.com`, matched exactly, case-insensitively), an IP address (`93.184.216.34`,
//! `[2606:2800::1]`), a CIDR block (`203.0.113.0/24`, `[2001:db8::/32]`) or `*` (any public
//! address), and `PORT` is a number or `*`.
//!
//! Some ranges stay denied even when a broad rule (`*`, `0.0.0.0/0`, a host name resolving
//! into them) would match: the host's loopback (127/8, 0/8, `::1`, `::`), private networks
//! (10/8, 172.16/12, 192.168/16, the shared 100.64/10, `fc00::/7`), link-local (169.254/16,
//! `fe80::/10`) and cloud metadata endpoints (169.254.169.254, `fd00:ec2::254`). A rule
//! unlocks one of them only by naming it by IP or by a CIDR block inside it: `10.1.2.3:5432`
//! or `10.0.0.0/8:*` unlock that part of 10/8, `169.254.0.0/16:*` unlocks link-local but not
//! the metadata address inside it, which needs `169.254.169.254:80` (or a /32 of it).
//! Addresses are compared in canonical form: an IPv4-mapped (`::ffff:10.0.0.1`) or NAT64
//! (`64:ff9b::10.0.0.1`) address is judged as the IPv4 address it carries.
//!
//! The kernel asks [`NetPolicy::decide`] when a guest connects (or sends a datagram) to an IP
//! address outside the VM. Host names are resolved through the policy too (see
//! [`crate::net::egress`]): a name is looked up on the host only when a rule names it (or is
//! `*`), each address it resolves to is judged by [`NetPolicy::decide_resolved`] (so a name
//! pointed at a private address still needs that address named), and the kernel remembers the
//! addresses it handed out, so connecting to one is judged with the name it came from.
//!
//! # The host alias
//!
//! The guest's loopback (127/8, `::1`) is the VM's own, so the host's loopback is reached
//! through a reserved alias, as QEMU's user networking does: the name [`HOST_ALIAS_NAME`]
//! (`host.burrow.internal`) resolves to [`HOST_ALIAS`] (`10.0.2.2`), and a connection to
//! `10.0.2.2:PORT` that a rule allows is bridged to the host's `127.0.0.1:PORT`. Only a rule
//! naming the alias exactly unlocks it: `10.0.2.2:8080` (or its /32) or
//! `host.burrow.internal:8080` (any port with `:*`). It lies in a private range, so `*` never
//! reaches it, and neither does a wider block such as `10.0.0.0/8:*`, which is about a private
//! network, not the host's loopback: without such a rule it is denied as the host's loopback
//! ([`DenyReason::Loopback`]).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

/// The address through which guests reach the host's loopback (`10.0.2.2`, QEMU's host
/// address): a connection to `10.0.2.2:PORT` goes to the host's `127.0.0.1:PORT`.
pub const HOST_ALIAS: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 2);

/// The name that resolves to [`HOST_ALIAS`] in every VM.
pub const HOST_ALIAS_NAME: &str = "host.burrow.internal";

/// Why a destination is denied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DenyReason {
    /// No rule allows it.
    NotAllowed,
    /// The host's own loopback or unspecified addresses.
    Loopback,
    /// A private network range.
    Private,
    /// A link-local range.
    LinkLocal,
    /// A cloud metadata endpoint.
    Metadata,
}

impl DenyReason {
    /// A short phrase for messages.
    pub fn describe(self) -> &'static str {
        match self {
            DenyReason::NotAllowed => "not allowed by the network policy",
            DenyReason::Loopback => "the host's loopback range needs an explicit rule",
            DenyReason::Private => "a private range needs an explicit rule",
            DenyReason::LinkLocal => "a link-local range needs an explicit rule",
            DenyReason::Metadata => "a metadata endpoint needs an explicit rule",
        }
    }
}

impl std::fmt::Display for DenyReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// The policy's answer for one destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// A rule allows the connection.
    Allow,
    /// Denied, and why.
    Deny(DenyReason),
}

/// A denied destination with its reason, as a socket remembers its last refused connect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Denial {
    pub addr: SocketAddr,
    pub reason: DenyReason,
}

/// An IP network: an address and a prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// The network of `addr`/`prefix` (host bits cleared); `None` if the prefix is too long.
    pub fn new(addr: IpAddr, prefix: u8) -> Option<IpNet> {
        let canon = canonical(addr);
        // A mapped IPv6 block like ::ffff:10.0.0.0/104 is the IPv4 block 10.0.0.0/8.
        let prefix = if addr.is_ipv6() && canon.is_ipv4() { prefix.checked_sub(96)? } else { prefix };
        let max = if canon.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then(|| IpNet { addr: mask(canon, prefix), prefix })
    }

    const fn v4(a: u8, b: u8, c: u8, d: u8, prefix: u8) -> IpNet {
        IpNet { addr: IpAddr::V4(Ipv4Addr::new(a, b, c, d)), prefix }
    }

    const fn v6(segments: [u16; 8], prefix: u8) -> IpNet {
        let [a, b, c, d, e, f, g, h] = segments;
        IpNet { addr: IpAddr::V6(Ipv6Addr::new(a, b, c, d, e, f, g, h)), prefix }
    }

    /// Whether `ip` (canonical) lies in this network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        ip.is_ipv4() == self.addr.is_ipv4() && mask(ip, self.prefix) == self.addr
    }

    /// Whether all of `other` lies in this network.
    pub fn contains_net(&self, other: &IpNet) -> bool {
        other.prefix >= self.prefix && self.contains(other.addr)
    }
}

impl std::fmt::Display for IpNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let m = if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) };
            IpAddr::V4(Ipv4Addr::from(bits & m))
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let m = if prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(prefix)) };
            IpAddr::V6(Ipv6Addr::from(bits & m))
        }
    }
}

/// `ip` in the form the policy judges: IPv4-mapped and NAT64 (64:ff9b::/96) addresses become
/// the IPv4 address they carry.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return IpAddr::V4(v4);
            }
            let s = v6.segments();
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let [_, _, _, _, _, _, _, _, _, _, _, _, a, b, c, d] = v6.octets();
                return IpAddr::V4(Ipv4Addr::new(a, b, c, d));
            }
            ip
        }
        v4 => v4,
    }
}

/// The ranges that stay denied unless named explicitly, most specific first.
const SENSITIVE: &[(IpNet, DenyReason)] = &[
    (IpNet::v4(169, 254, 169, 254, 32), DenyReason::Metadata),
    (IpNet::v6([0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254], 128), DenyReason::Metadata),
    (IpNet::v4(169, 254, 0, 0, 16), DenyReason::LinkLocal),
    (IpNet::v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10), DenyReason::LinkLocal),
    (IpNet::v4(10, 0, 0, 0, 8), DenyReason::Private),
    (IpNet::v4(172, 16, 0, 0, 12), DenyReason::Private),
    (IpNet::v4(192, 168, 0, 0, 16), DenyReason::Private),
    (IpNet::v4(100, 64, 0, 0, 10), DenyReason::Private),
    (IpNet::v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7), DenyReason::Private),
    (IpNet::v4(127, 0, 0, 0, 8), DenyReason::Loopback),
    (IpNet::v4(0, 0, 0, 0, 8), DenyReason::Loopback),
    (IpNet::v6([0, 0, 0, 0, 0, 0, 0, 1], 128), DenyReason::Loopback),
    (IpNet::v6([0, 0, 0, 0, 0, 0, 0, 0], 128), DenyReason::Loopback),
];

/// The sensitive range `ip` lies in, if any (the most specific one).
pub fn sensitive_range(ip: IpAddr) -> Option<(IpNet, DenyReason)> {
    let ip = canonical(ip);
    SENSITIVE.iter().find(|(net, _)| net.contains(ip)).copied()
}

/// The host part of a rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HostPattern {
    /// `*`: any address outside the sensitive ranges.
    Any,
    /// A host name, lowercase.
    Name(String),
    /// An IP address (a /32 or /128) or CIDR block.
    Net(IpNet),
}

/// One `HOST:PORT` rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    pub host: HostPattern,
    /// `None` for `*`.
    pub port: Option<u16>,
}

/// A rule that does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid network rule `{rule}`: {why} (expected HOST:PORT, e.g. api.example.com:443, 10.0.0.0/8:*, [::1]:80)")]
pub struct RuleError {
    pub rule: String,
    pub why: &'static str,
}

impl FromStr for Rule {
    type Err = RuleError;

    fn from_str(s: &str) -> Result<Rule, RuleError> {
        let err = |why| RuleError { rule: s.to_string(), why };
        let (host, port) = if let Some(rest) = s.strip_prefix('[') {
            let (host, port) = rest.split_once("]:").ok_or(err("a bracketed IPv6 host needs `]:PORT`"))?;
            (host, port)
        } else {
            s.rsplit_once(':').ok_or(err("missing `:PORT`"))?
        };
        let port = match port {
            "*" => None,
            p => Some(p.parse::<u16>().map_err(|_| err("the port is not a number or `*`"))?),
        };
        let host = if host == "*" {
            HostPattern::Any
        } else if let Some((ip, prefix)) = host.split_once('/') {
            let ip = ip.parse::<IpAddr>().map_err(|_| err("a CIDR block needs an IP address"))?;
            let prefix = prefix.parse::<u8>().map_err(|_| err("the prefix length is not a number"))?;
            HostPattern::Net(IpNet::new(ip, prefix).ok_or(err("the prefix length is too long"))?)
        } else if let Ok(ip) = host.parse::<IpAddr>() {
            let ip = canonical(ip);
            let prefix = if ip.is_ipv4() { 32 } else { 128 };
            HostPattern::Net(IpNet::new(ip, prefix).ok_or(err("bad address"))?)
        } else {
            let valid = !host.is_empty()
                && host.len() <= 253
                && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            if !valid {
                return Err(err("the host is not a name, an IP address, a CIDR block or `*`"));
            }
            HostPattern::Name(host.trim_end_matches('.').to_ascii_lowercase())
        };
        Ok(Rule { host, port })
    }
}

impl Rule {
    fn port_matches(&self, port: u16) -> bool {
        self.port.is_none_or(|p| p == port)
    }

    /// Whether this rule allows `ip` (canonical) on `port`, given the sensitive range the
    /// address lies in: such a range is unlocked only by a network inside it.
    fn allows_ip(&self, ip: IpAddr, port: u16, range: Option<IpNet>) -> bool {
        if !self.port_matches(port) {
            return false;
        }
        match (&self.host, range) {
            (HostPattern::Net(net), None) => net.contains(ip),
            (HostPattern::Net(net), Some(range)) => net.contains(ip) && range.contains_net(net),
            (HostPattern::Any, None) => true,
            (HostPattern::Any | HostPattern::Name(_), _) => false,
        }
    }

    fn allows_name(&self, name: &str, port: u16) -> bool {
        self.port_matches(port) && self.names(name)
    }

    /// Whether the host part is `*` or the name `name`.
    fn names(&self, name: &str) -> bool {
        match &self.host {
            HostPattern::Any => true,
            HostPattern::Name(n) => n.eq_ignore_ascii_case(name.trim_end_matches('.')),
            HostPattern::Net(_) => false,
        }
    }

    /// Whether this rule names the host alias exactly (its address as a /32, or its name) for
    /// `port`.
    fn names_host_alias(&self, port: u16) -> bool {
        self.port_matches(port)
            && match &self.host {
                HostPattern::Net(net) => net.prefix == 32 && net.addr == IpAddr::V4(HOST_ALIAS),
                HostPattern::Name(n) => n == HOST_ALIAS_NAME,
                HostPattern::Any => false,
            }
    }
}

/// A VM's egress policy. The default denies everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetPolicy {
    rules: Vec<Rule>,
}

impl NetPolicy {
    /// Denies every outbound connection.
    pub fn deny_all() -> NetPolicy {
        NetPolicy::default()
    }

    /// A policy of these rules (each `HOST:PORT`).
    pub fn from_rules<S: AsRef<str>>(rules: impl IntoIterator<Item = S>) -> Result<NetPolicy, RuleError> {
        let rules = rules.into_iter().map(|r| r.as_ref().trim().parse()).collect::<Result<_, _>>()?;
        Ok(NetPolicy { rules })
    }

    /// Adds one rule.
    pub fn allow(&mut self, rule: Rule) {
        self.rules.push(rule);
    }

    /// The rules.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The decision for a connection to the IP address and port `addr`.
    pub fn decide(&self, addr: SocketAddr) -> Decision {
        let ip = canonical(addr.ip());
        if ip == IpAddr::V4(HOST_ALIAS) {
            return match self.rules.iter().any(|r| r.names_host_alias(addr.port())) {
                true => Decision::Allow,
                false => Decision::Deny(DenyReason::Loopback),
            };
        }
        let range = sensitive_range(ip);
        if self.rules.iter().any(|r| r.allows_ip(ip, addr.port(), range.map(|(n, _)| n))) {
            return Decision::Allow;
        }
        Decision::Deny(range.map_or(DenyReason::NotAllowed, |(_, why)| why))
    }

    /// The decision for a connection to `addr` that the guest reached by resolving the host
    /// name `name`: a rule naming the host (or `*`) allows it unless the address lies in a
    /// sensitive range, which must still be named by IP or CIDR (so a name cannot be pointed at
    /// a private address to reach it); an IP rule for the address allows it too.
    pub fn decide_resolved(&self, name: &str, addr: SocketAddr) -> Decision {
        let ip = canonical(addr.ip());
        let by_name = self.rules.iter().any(|r| r.allows_name(name, addr.port()));
        match (by_name, sensitive_range(ip)) {
            (true, None) => Decision::Allow,
            _ => self.decide(addr),
        }
    }

    /// Whether a rule names the host `name` (or is `*`) for `port`: a resolver may look the
    /// name up; each address it yields is then judged by [`NetPolicy::decide_resolved`].
    pub fn allows_name(&self, name: &str, port: u16) -> bool {
        self.rules.iter().any(|r| r.allows_name(name, port))
    }

    /// Whether a guest may look `name` up for connecting to `port` (`None`: a lookup without a
    /// port, as `getaddrinfo` without a service): a rule names the host (or is `*`) for that
    /// port, or for any port.
    pub fn allows_lookup(&self, name: &str, port: Option<u16>) -> bool {
        match port {
            Some(p) => self.allows_name(name, p),
            None => self.rules.iter().any(|r| r.names(name)),
        }
    }

    /// The decision for handing the guest `ip` as an address of `name` (looked up for `port`,
    /// or without one): [`NetPolicy::decide_resolved`] for that port, or, without a port, for
    /// any port a rule naming the host allows.
    pub fn decide_lookup(&self, name: &str, ip: IpAddr, port: Option<u16>) -> Decision {
        if let Some(p) = port {
            return self.decide_resolved(name, SocketAddr::new(ip, p));
        }
        let mut decision = Decision::Deny(DenyReason::NotAllowed);
        for rule in self.rules.iter().filter(|r| r.names(name)) {
            decision = self.decide_resolved(name, SocketAddr::new(ip, rule.port.unwrap_or(0)));
            if decision == Decision::Allow {
                break;
            }
        }
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ip: &str, port: u16) -> SocketAddr {
        SocketAddr::new(ip.parse().unwrap(), port)
    }

    fn policy(rules: &[&str]) -> NetPolicy {
        NetPolicy::from_rules(rules).unwrap()
    }

    #[test]
    fn deny_by_default_with_the_range_as_reason() {
        let p = NetPolicy::deny_all();
        let cases = [
            ("93.184.216.34", DenyReason::NotAllowed),
            ("2606:2800:220:1::1", DenyReason::NotAllowed),
            ("10.1.2.3", DenyReason::Private),
            ("172.16.0.1", DenyReason::Private),
            ("172.31.255.255", DenyReason::Private),
            ("192.168.1.1", DenyReason::Private),
            ("100.64.0.1", DenyReason::Private),
            ("fc00::1", DenyReason::Private),
            ("fd12:3456::1", DenyReason::Private),
            ("169.254.1.1", DenyReason::LinkLocal),
            ("fe80::1", DenyReason::LinkLocal),
            ("169.254.169.254", DenyReason::Metadata),
            ("fd00:ec2::254", DenyReason::Metadata),
            ("127.0.0.1", DenyReason::Loopback),
            ("0.0.0.0", DenyReason::Loopback),
            ("::1", DenyReason::Loopback),
            ("::", DenyReason::Loopback),
        ];
        for (ip, why) in cases {
            assert_eq!(p.decide(at(ip, 443)), Decision::Deny(why), "{ip}");
        }
        assert_eq!(p.decide(at("172.32.0.1", 443)), Decision::Deny(DenyReason::NotAllowed));
    }

    #[test]
    fn broad_rules_never_reach_sensitive_ranges() {
        let p = policy(&["*:*", "0.0.0.0/0:*", "[::/0]:*"]);
        assert_eq!(p.decide(at("93.184.216.34", 443)), Decision::Allow);
        assert_eq!(p.decide(at("2606:2800:220:1::1", 80)), Decision::Allow);
        for ip in ["10.0.0.1", "172.20.0.1", "192.168.0.1", "fc00::1", "169.254.0.1", "fe80::1", "127.0.0.1", "::1"] {
            assert!(matches!(p.decide(at(ip, 80)), Decision::Deny(_)), "{ip}");
        }
        assert_eq!(p.decide(at("169.254.169.254", 80)), Decision::Deny(DenyReason::Metadata));
        assert_eq!(p.decide(at("fd00:ec2::254", 80)), Decision::Deny(DenyReason::Metadata));
    }

    #[test]
    fn mapped_and_nat64_spellings_are_judged_as_ipv4() {
        let p = policy(&["*:*"]);
        assert_eq!(p.decide(at("::ffff:10.0.0.1", 80)), Decision::Deny(DenyReason::Private));
        assert_eq!(p.decide(at("::ffff:169.254.169.254", 80)), Decision::Deny(DenyReason::Metadata));
        assert_eq!(p.decide(at("64:ff9b::a9fe:a9fe", 80)), Decision::Deny(DenyReason::Metadata));
        assert_eq!(p.decide(at("::ffff:93.184.216.34", 80)), Decision::Allow);
    }

    #[test]
    fn explicit_ips_and_cidrs_unlock_exactly_their_range() {
        let p = policy(&["10.1.2.3:5432", "192.168.0.0/16:*", "169.254.0.0/16:80", "[fe80::/10]:*"]);
        assert_eq!(p.decide(at("10.1.2.3", 5432)), Decision::Allow);
        assert_eq!(p.decide(at("10.1.2.3", 5433)), Decision::Deny(DenyReason::Private));
        assert_eq!(p.decide(at("10.1.2.4", 5432)), Decision::Deny(DenyReason::Private));
        assert_eq!(p.decide(at("192.168.7.7", 1)), Decision::Allow);
        assert_eq!(p.decide(at("169.254.3.3", 80)), Decision::Allow);
        // Link-local's rule does not name the metadata address inside it.
        assert_eq!(p.decide(at("169.254.169.254", 80)), Decision::Deny(DenyReason::Metadata));
        assert_eq!(p.decide(at("fe80::1", 22)), Decision::Allow);
        // A CIDR wider than a private range does not unlock it.
        let wide = policy(&["10.0.0.0/7:*", "172.0.0.0/8:*"]);
        assert_eq!(wide.decide(at("10.0.0.1", 80)), Decision::Deny(DenyReason::Private));
        assert_eq!(wide.decide(at("11.0.0.1", 80)), Decision::Allow);
        assert_eq!(wide.decide(at("172.16.0.1", 80)), Decision::Deny(DenyReason::Private));
        assert_eq!(wide.decide(at("172.15.0.1", 80)), Decision::Allow);
        let meta = policy(&["169.254.169.254:80", "[fd00:ec2::254]:80"]);
        assert_eq!(meta.decide(at("169.254.169.254", 80)), Decision::Allow);
        assert_eq!(meta.decide(at("fd00:ec2::254", 80)), Decision::Allow);
        assert_eq!(meta.decide(at("169.254.1.1", 80)), Decision::Deny(DenyReason::LinkLocal));
    }

    #[test]
    fn host_names_allow_public_addresses_they_resolve_to_only() {
        let p = policy(&["API.example.com:443"]);
        assert!(p.allows_name("api.example.com.", 443));
        assert!(!p.allows_name("api.example.com", 80));
        assert!(!p.allows_name("example.com", 443));
        assert_eq!(p.decide_resolved("api.example.com", at("93.184.216.34", 443)), Decision::Allow);
        assert_eq!(p.decide(at("93.184.216.34", 443)), Decision::Deny(DenyReason::NotAllowed));
        // A name pointed at a private or metadata address (DNS rebinding) stays denied.
        assert_eq!(p.decide_resolved("api.example.com", at("10.0.0.5", 443)), Decision::Deny(DenyReason::Private));
        assert_eq!(
            p.decide_resolved("api.example.com", at("169.254.169.254", 443)),
            Decision::Deny(DenyReason::Metadata)
        );
        assert_eq!(
            p.decide_resolved("other.example.com", at("93.184.216.34", 443)),
            Decision::Deny(DenyReason::NotAllowed)
        );
    }

    #[test]
    fn the_host_alias_needs_a_rule_naming_it() {
        let alias = |port| SocketAddr::new(IpAddr::V4(HOST_ALIAS), port);
        for broad in [&["*:*"][..], &["10.0.0.0/8:*"], &["10.0.2.0/24:8080"], &["[::ffff:10.0.2.0/120]:*"]] {
            assert_eq!(policy(broad).decide(alias(8080)), Decision::Deny(DenyReason::Loopback), "{broad:?}");
        }
        assert_eq!(NetPolicy::deny_all().decide(alias(8080)), Decision::Deny(DenyReason::Loopback));
        for exact in [
            &["10.0.2.2:8080"][..],
            &["10.0.2.2/32:8080"],
            &["host.burrow.internal:8080"],
            &["HOST.burrow.internal.:*"],
        ] {
            let p = policy(exact);
            assert_eq!(p.decide(alias(8080)), Decision::Allow, "{exact:?}");
            assert_eq!(p.decide(at("::ffff:10.0.2.2", 8080)), Decision::Allow, "{exact:?}");
            assert_eq!(p.decide_resolved(HOST_ALIAS_NAME, alias(8080)), Decision::Allow, "{exact:?}");
        }
        let p = policy(&["host.burrow.internal:8080"]);
        assert_eq!(p.decide(alias(8081)), Decision::Deny(DenyReason::Loopback));
        // The rest of 10/8 is not the alias: a rule naming the alias does not unlock it.
        assert_eq!(p.decide(at("10.0.2.3", 8080)), Decision::Deny(DenyReason::Private));
    }

    #[test]
    fn lookups_need_a_rule_naming_the_host() {
        let p = policy(&["api.example.com:443", "93.184.216.34:22"]);
        assert!(p.allows_lookup("api.example.com", Some(443)));
        assert!(p.allows_lookup("API.example.com.", None));
        assert!(!p.allows_lookup("api.example.com", Some(80)));
        assert!(!p.allows_lookup("example.com", None));
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(p.decide_lookup("api.example.com", ip("93.184.216.34"), None), Decision::Allow);
        assert_eq!(p.decide_lookup("api.example.com", ip("93.184.216.34"), Some(443)), Decision::Allow);
        assert_eq!(p.decide_lookup("api.example.com", ip("10.0.0.7"), None), Decision::Deny(DenyReason::Private));
        assert_eq!(
            p.decide_lookup("api.example.com", ip("169.254.169.254"), Some(443)),
            Decision::Deny(DenyReason::Metadata)
        );
        let any = policy(&["*:*"]);
        assert!(any.allows_lookup("anything.example", None));
        assert_eq!(any.decide_lookup("anything.example", ip("93.184.216.34"), None), Decision::Allow);
        assert_eq!(any.decide_lookup("anything.example", ip("127.0.0.1"), None), Decision::Deny(DenyReason::Loopback));
    }

    #[test]
    fn rules_parse_or_explain() {
        assert_eq!(
            "[2001:db8::/32]:443".parse::<Rule>().unwrap(),
            Rule { host: HostPattern::Net(IpNet::new("2001:db8::".parse().unwrap(), 32).unwrap()), port: Some(443) }
        );
        assert_eq!("*:*".parse::<Rule>().unwrap(), Rule { host: HostPattern::Any, port: None });
        assert_eq!(
            "10.9.8.7/8:22".parse::<Rule>().unwrap().host,
            HostPattern::Net(IpNet::new("10.0.0.0".parse().unwrap(), 8).unwrap())
        );
        for bad in ["example.com", "example.com:http", "10.0.0.0/33:1", "[::1:80", "bad host:1", ":80"] {
            let e = bad.parse::<Rule>().unwrap_err();
            assert!(e.to_string().contains(bad), "{e}");
        }
    }
}
