//! Model-based property test of Burrow's socket table: the names sockets hold (TCP and UDP
//! ports, unix abstract names) through bind, listen, connect, accept and close.
//!
//! # The model ([`Model`])
//!
//! Each socket: its kind (TCP, UDP, unix stream), its local name once it has one, whether it
//! listens, is connected, or waits in a listener's backlog. The names in use are derived
//! from the sockets, after Linux:
//!
//! * `bind` of a socket that has a name, or is connected: `EINVAL` (Linux names a connected
//!   unix socket that has none; Burrow refuses it as it does a connected TCP socket). An inet port is taken (`EADDRINUSE`) when
//!   another socket of the same protocol holds it at an overlapping address (`0.0.0.0`
//!   overlaps everything), unless both set `SO_REUSEADDR` and the holder is not listening;
//!   port 0 picks an ephemeral port (32768..=60999) not in use. A unix abstract name is taken
//!   while any socket holds it.
//! * `listen`: UDP `EOPNOTSUPP`; an unbound TCP socket first takes an ephemeral port on
//!   `0.0.0.0`; `EADDRINUSE` if another socket is bound (not connected) at an overlapping
//!   address.
//! * `connect` (TCP to `127.0.0.1`, unix to an abstract name): to a listener, the client
//!   (taking an ephemeral port if unbound) and a server end in the listener's backlog (holding
//!   the listener's port) are made; `ECONNREFUSED` with no listener; `EISCONN` once
//!   connected. UDP: the socket takes an ephemeral port if unbound.
//! * `accept`: the next server end of the backlog becomes a descriptor; `EAGAIN` when empty
//!   (non-blocking); `EINVAL` when not listening.
//! * `close` releases the socket's name; closing a listener drops its backlog.
//!
//! After every step the table's TCP and UDP ports in use must be exactly the model's, and
//! `getsockname` must give each named inet socket its port. At the end every socket is
//! closed: no port may remain in use, no socket buffer charged, and every abstract name must
//! be free again. 256 cases by default (`PROPTEST_CASES` overrides).

use std::collections::{BTreeSet, VecDeque};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::net::{Domain, SockAddr, SockOpt, SockType, UnixAddr, EPHEMERAL_FIRST, EPHEMERAL_LAST};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, Kernel, Task};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// `default`, unless the `PROPTEST_CASES` environment variable says otherwise.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Tcp,
    Udp,
    Unix,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Name {
    Inet(IpAddr, u16),
    Abstract(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Fresh,
    Listening,
    Connected,
}

#[derive(Clone, Debug)]
struct Sock {
    fd: u32,
    kind: Kind,
    name: Option<Name>,
    state: State,
    reuse: bool,
    /// Server ends waiting to be accepted (their names), for a listener.
    backlog: VecDeque<Option<Name>>,
}

#[derive(Default, Debug)]
struct Model {
    socks: Vec<Option<Sock>>,
}

fn overlaps(a: IpAddr, b: IpAddr) -> bool {
    a == b || a.is_unspecified() || b.is_unspecified()
}

impl Model {
    fn live(&self) -> impl Iterator<Item = &Sock> {
        self.socks.iter().flatten()
    }

    /// Every name held (backlogs included), with whether its holder is bound but not
    /// connected, listening, and sets `SO_REUSEADDR`.
    fn holders(&self) -> Vec<(Kind, Name, State, bool)> {
        let mut out = Vec::new();
        for s in self.live() {
            if let Some(n) = &s.name {
                out.push((s.kind, n.clone(), s.state, s.reuse));
            }
            for n in s.backlog.iter().flatten() {
                out.push((s.kind, n.clone(), State::Connected, false));
            }
        }
        out
    }

    fn ports(&self, kind: Kind) -> BTreeSet<u16> {
        self.holders()
            .into_iter()
            .filter(|(k, ..)| *k == kind)
            .filter_map(|(_, n, ..)| match n {
                Name::Inet(_, p) => Some(p),
                Name::Abstract(_) => None,
            })
            .collect()
    }

    fn port_taken(&self, kind: Kind, ip: IpAddr, port: u16, reuse: bool) -> bool {
        self.holders().iter().any(|(k, n, state, r)| {
            *k == kind
                && matches!(n, Name::Inet(i, p) if *p == port && overlaps(*i, ip))
                && !(reuse && *r && *state != State::Listening)
        })
    }

    fn abstract_taken(&self, a: u8) -> bool {
        self.holders().iter().any(|(_, n, ..)| *n == Name::Abstract(a))
    }

    fn listener(&self, kind: Kind, to: &Name) -> Option<usize> {
        self.socks.iter().position(|s| {
            s.as_ref().is_some_and(|s| {
                s.kind == kind
                    && s.state == State::Listening
                    && match (&s.name, to) {
                        (Some(Name::Inet(ip, p)), Name::Inet(dest, q)) => p == q && (ip == dest || ip.is_unspecified()),
                        (Some(a), b) => a == b,
                        (None, _) => false,
                    }
            })
        })
    }
}

#[derive(Clone, Debug)]
enum Step {
    New(Kind),
    Close(prop::sample::Index),
    Reuse(prop::sample::Index),
    Bind(prop::sample::Index, bool, u8),
    Listen(prop::sample::Index),
    Connect(prop::sample::Index, u8),
    Accept(prop::sample::Index),
}

fn step() -> impl Strategy<Value = Step> {
    let i = any::<prop::sample::Index>();
    prop_oneof![
        3 => prop_oneof![Just(Kind::Tcp), Just(Kind::Udp), Just(Kind::Unix)].prop_map(Step::New),
        2 => i.clone().prop_map(Step::Close),
        1 => i.clone().prop_map(Step::Reuse),
        3 => (i.clone(), any::<bool>(), 0u8..3).prop_map(|(s, any_ip, p)| Step::Bind(s, any_ip, p)),
        2 => i.clone().prop_map(Step::Listen),
        3 => (i.clone(), 0u8..3).prop_map(|(s, p)| Step::Connect(s, p)),
        2 => i.prop_map(Step::Accept),
    ]
}

/// The port of choice `p` (0: ephemeral).
fn port(p: u8) -> u16 {
    [0, 8000, 8001][p as usize % 3]
}

struct Run {
    kernel: Kernel,
    task: Task,
    model: Model,
}

fn errno<T>(r: burrow_kernel::Result<T>) -> Result<T, Errno> {
    r.map_err(|e| e.errno())
}

fn ephemeral(p: u16) -> bool {
    (EPHEMERAL_FIRST..=EPHEMERAL_LAST).contains(&p)
}

impl Run {
    fn new() -> Run {
        let kernel = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default());
        let task = kernel.init();
        Run { kernel, task, model: Model::default() }
    }

    /// The index of a live socket, if any.
    fn pick(&self, i: &prop::sample::Index) -> Option<usize> {
        let live: Vec<usize> = (0..self.model.socks.len()).filter(|&k| self.model.socks[k].is_some()).collect();
        (!live.is_empty()).then(|| live[i.index(live.len())])
    }

    fn local_port(&self, fd: u32) -> Result<u16, TestCaseError> {
        match errno(self.task.getsockname(fd)) {
            Ok(SockAddr::Inet(a)) => Ok(a.port()),
            other => Err(TestCaseError::fail(format!("getsockname({fd}): {other:?}"))),
        }
    }

    fn step(&mut self, step: &Step) -> Result<(), TestCaseError> {
        let t = self.task.clone();
        match step {
            Step::New(kind) => {
                let (domain, ty) = match kind {
                    Kind::Tcp => (Domain::Inet, SockType::Stream),
                    Kind::Udp => (Domain::Inet, SockType::Datagram),
                    Kind::Unix => (Domain::Unix, SockType::Stream),
                };
                let fd = errno(t.socket(domain, ty, OpenFlags::NONBLOCK))
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                self.model.socks.push(Some(Sock {
                    fd,
                    kind: *kind,
                    name: None,
                    state: State::Fresh,
                    reuse: false,
                    backlog: VecDeque::new(),
                }));
            }
            Step::Close(i) => {
                let Some(k) = self.pick(i) else { return Ok(()) };
                let s = self.model.socks[k].take().expect("live");
                prop_assert_eq!(errno(t.close(s.fd)), Ok(()));
            }
            Step::Reuse(i) => {
                let Some(k) = self.pick(i) else { return Ok(()) };
                let s = self.model.socks[k].as_mut().expect("live");
                prop_assert_eq!(errno(t.setsockopt(s.fd, SockOpt::ReuseAddr, 1)), Ok(()));
                s.reuse = true;
            }
            Step::Bind(i, any_ip, p) => {
                let Some(k) = self.pick(i) else { return Ok(()) };
                let s = self.model.socks[k].clone().expect("live");
                let (addr, want) = match s.kind {
                    Kind::Unix => {
                        // Linux would name a connected unix socket; Burrow refuses, as for TCP.
                        let want = if s.name.is_some() || s.state == State::Connected {
                            Err(Errno::EINVAL)
                        } else if self.model.abstract_taken(*p) {
                            Err(Errno::EADDRINUSE)
                        } else {
                            Ok(())
                        };
                        (SockAddr::Unix(UnixAddr::Abstract(vec![b'a' + p])), want)
                    }
                    _ => {
                        let ip = if *any_ip { Ipv4Addr::UNSPECIFIED } else { Ipv4Addr::LOCALHOST };
                        let want = if s.name.is_some() {
                            Err(Errno::EINVAL)
                        } else if port(*p) != 0 && self.model.port_taken(s.kind, ip.into(), port(*p), s.reuse) {
                            Err(Errno::EADDRINUSE)
                        } else {
                            Ok(())
                        };
                        (SockAddr::Inet(SocketAddr::new(ip.into(), port(*p))), want)
                    }
                };
                let got = errno(t.bind(s.fd, &addr));
                prop_assert_eq!(got, want, "bind({:?}) of {:?}", addr, s);
                if got.is_ok() {
                    let name = match addr {
                        SockAddr::Inet(a) => {
                            let p = self.local_port(s.fd)?;
                            prop_assert!(a.port() == p || (a.port() == 0 && ephemeral(p)), "bound to {}", p);
                            Name::Inet(a.ip(), p)
                        }
                        SockAddr::Unix(_) => Name::Abstract(*p),
                    };
                    self.model.socks[k].as_mut().expect("live").name = Some(name);
                }
            }
            Step::Listen(i) => {
                let Some(k) = self.pick(i) else { return Ok(()) };
                let s = self.model.socks[k].clone().expect("live");
                if s.kind == Kind::Unix && s.name.is_none() {
                    // Linux would autobind an abstract name; not modelled.
                    return Ok(());
                }
                let want = match (s.kind, &s.name, s.state) {
                    (Kind::Udp, ..) => Err(Errno::EOPNOTSUPP),
                    (_, _, State::Connected) => Err(Errno::EINVAL),
                    (_, _, State::Listening) => Ok(()),
                    (Kind::Tcp, Some(Name::Inet(ip, p)), _) => {
                        let others_bound = self.model.live().any(|o| {
                            o.fd != s.fd
                                && o.kind == Kind::Tcp
                                && o.state != State::Connected
                                && matches!(o.name, Some(Name::Inet(oip, op)) if op == *p && overlaps(oip, *ip))
                        });
                        if others_bound {
                            Err(Errno::EADDRINUSE)
                        } else {
                            Ok(())
                        }
                    }
                    _ => Ok(()),
                };
                let got = errno(t.listen(s.fd, 16));
                prop_assert_eq!(got, want, "listen of {:?}", s);
                if got.is_ok() {
                    let name = match s.name {
                        Some(n) => n,
                        None => {
                            let p = self.local_port(s.fd)?;
                            prop_assert!(ephemeral(p), "listen autobound {}", p);
                            Name::Inet(Ipv4Addr::UNSPECIFIED.into(), p)
                        }
                    };
                    let m = self.model.socks[k].as_mut().expect("live");
                    m.name = Some(name);
                    m.state = State::Listening;
                }
            }
            Step::Connect(i, p) => {
                let Some(k) = self.pick(i) else { return Ok(()) };
                let s = self.model.socks[k].clone().expect("live");
                if s.state == State::Listening {
                    return Ok(());
                }
                let (addr, to) = match s.kind {
                    Kind::Unix => (SockAddr::Unix(UnixAddr::Abstract(vec![b'a' + p])), Name::Abstract(*p)),
                    _ => {
                        let port = [8000, 8001, 8002][*p as usize % 3];
                        (
                            SockAddr::Inet(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port)),
                            Name::Inet(Ipv4Addr::LOCALHOST.into(), port),
                        )
                    }
                };
                let got = errno(t.connect(s.fd, &addr));
                if s.kind == Kind::Udp {
                    prop_assert_eq!(got, Ok(()));
                    if s.name.is_none() {
                        let p = self.local_port(s.fd)?;
                        prop_assert!(ephemeral(p));
                        self.model.socks[k].as_mut().expect("live").name =
                            Some(Name::Inet(Ipv4Addr::LOCALHOST.into(), p));
                    }
                    return Ok(());
                }
                if s.state == State::Connected {
                    prop_assert_eq!(got, Err(Errno::EISCONN));
                    return Ok(());
                }
                let Some(l) = self.model.listener(s.kind, &to) else {
                    prop_assert_eq!(got, Err(Errno::ECONNREFUSED), "connect of {:?} to {:?}", s, to);
                    return Ok(());
                };
                prop_assert!(got.is_ok() || got == Err(Errno::EINPROGRESS), "connect to a listener: {:?}", got);
                let server_name = match &to {
                    Name::Inet(ip, port) => Some(Name::Inet(*ip, *port)),
                    Name::Abstract(_) => None,
                };
                if s.kind == Kind::Tcp && s.name.is_none() {
                    let p = self.local_port(s.fd)?;
                    prop_assert!(ephemeral(p));
                    self.model.socks[k].as_mut().expect("live").name = Some(Name::Inet(Ipv4Addr::LOCALHOST.into(), p));
                }
                self.model.socks[k].as_mut().expect("live").state = State::Connected;
                self.model.socks[l].as_mut().expect("live").backlog.push_back(server_name);
            }
            Step::Accept(i) => {
                let Some(k) = self.pick(i) else { return Ok(()) };
                let s = self.model.socks[k].clone().expect("live");
                let got = errno(t.accept(s.fd, OpenFlags::NONBLOCK));
                if s.state != State::Listening {
                    prop_assert_eq!(got.err(), Some(Errno::EINVAL), "accept on {:?}", s);
                    return Ok(());
                }
                let Some(name) = self.model.socks[k].as_mut().expect("live").backlog.pop_front() else {
                    prop_assert_eq!(got.err(), Some(Errno::EAGAIN));
                    return Ok(());
                };
                let (fd, _) = got.map_err(|e| TestCaseError::fail(format!("accept: {e:?}")))?;
                self.model.socks.push(Some(Sock {
                    fd,
                    kind: s.kind,
                    name,
                    state: State::Connected,
                    reuse: false,
                    backlog: VecDeque::new(),
                }));
            }
        }
        self.check()
    }

    fn check(&self) -> Result<(), TestCaseError> {
        let tables = self.kernel.sockets();
        let tcp: BTreeSet<u16> = tables.ports(true).into_iter().collect();
        let udp: BTreeSet<u16> = tables.ports(false).into_iter().collect();
        prop_assert_eq!(tcp, self.model.ports(Kind::Tcp), "TCP ports; model {:?}", self.model);
        prop_assert_eq!(udp, self.model.ports(Kind::Udp), "UDP ports");
        for s in self.model.live() {
            if let Some(Name::Inet(_, p)) = s.name {
                prop_assert_eq!(self.local_port(s.fd)?, p, "getsockname of {:?}", s);
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<(), TestCaseError> {
        for s in self.model.live() {
            prop_assert_eq!(errno(self.task.close(s.fd)), Ok(()));
        }
        prop_assert!(
            self.kernel.sockets().ports(true).is_empty(),
            "TCP ports left: {:?}",
            self.kernel.sockets().ports(true)
        );
        prop_assert!(self.kernel.sockets().ports(false).is_empty());
        prop_assert_eq!(self.kernel.sockets().buffered(), 0);
        for a in 0..3u8 {
            let fd = errno(self.task.socket(Domain::Unix, SockType::Stream, OpenFlags::NONBLOCK)).expect("a socket");
            prop_assert_eq!(errno(self.task.bind(fd, &SockAddr::Unix(UnixAddr::Abstract(vec![b'a' + a])))), Ok(()));
            self.task.close(fd).expect("closing");
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(Config { cases: cases(256), failure_persistence: None, ..Config::default() })]

    #[test]
    fn the_socket_table_follows_the_model(steps in prop::collection::vec(step(), 1..40)) {
        let mut run = Run::new();
        for s in &steps {
            run.step(s)?;
        }
        run.finish()?;
    }
}
