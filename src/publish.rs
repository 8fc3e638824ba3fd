//! `burrow run --publish HOST_PORT:GUEST_PORT`: the host's `127.0.0.1:HOST_PORT` forwarded to a
//! port a guest listens on, through [`Vm::connect`].
//!
//! The host port is bound before the program starts (so a bad spec or a taken port fails
//! first); each accepted connection waits for the guest's listener, then is copied both ways by
//! two threads, each direction's end of file passed on as a shutdown of writing. When the
//! program ends, [`Published::drain`] lets what the guest already sent reach the host before
//! the CLI exits.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use burrow::{Error, Vm, VmStream};

/// How long an accepted connection waits for the guest to listen.
const LISTEN_WAIT: Duration = Duration::from_secs(30);

/// A `--publish` mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublishSpec {
    /// The port on the host's `127.0.0.1`.
    pub host: u16,
    /// The port on the VM's `127.0.0.1`.
    pub guest: u16,
}

impl std::str::FromStr for PublishSpec {
    type Err = Error;

    /// Parses `HOST_PORT:GUEST_PORT` (both 1..=65535).
    fn from_str(s: &str) -> Result<PublishSpec, Error> {
        let bad = || Error::InvalidSetting(format!("--publish `{s}`: expected HOST_PORT:GUEST_PORT (ports 1-65535)"));
        let (host, guest) = s.split_once(':').ok_or_else(bad)?;
        let port = |p: &str| p.parse::<u16>().ok().filter(|&p| p != 0).ok_or_else(bad);
        Ok(PublishSpec { host: port(host)?, guest: port(guest)? })
    }
}

/// Binds the host side of each mapping; a taken port (or any other bind failure) is an error
/// naming it.
pub fn bind(specs: &[PublishSpec]) -> Result<Vec<(PublishSpec, TcpListener)>, Error> {
    specs
        .iter()
        .map(|&spec| {
            let listener = TcpListener::bind(("127.0.0.1", spec.host)).map_err(|e| {
                let message = match e.kind() {
                    std::io::ErrorKind::AddrInUse => "already in use".to_string(),
                    _ => e.to_string(),
                };
                Error::HostPort { port: spec.host, message }
            })?;
            Ok((spec, listener))
        })
        .collect()
}

/// The forwarded connections whose guest-to-host direction is still being copied.
#[derive(Default)]
pub struct Published {
    active: Mutex<usize>,
    idle: Condvar,
}

/// Counts one connection as active until dropped.
struct Active<'a>(&'a Published);

impl<'a> Active<'a> {
    fn new(published: &'a Published) -> Active<'a> {
        *published.active.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        Active(published)
    }
}

impl Drop for Active<'_> {
    fn drop(&mut self) {
        *self.0.active.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        self.0.idle.notify_all();
    }
}

impl Published {
    /// Waits until every connection has copied what the guest sent to the host, up to its end
    /// (the guest's ends close with its processes), or until `timeout`.
    pub fn drain(&self, timeout: Duration) {
        let until = Instant::now() + timeout;
        let mut active = self.active.lock().unwrap_or_else(|e| e.into_inner());
        while *active > 0 {
            let Some(left) = until.checked_duration_since(Instant::now()) else { return };
            active = self.idle.wait_timeout(active, left).unwrap_or_else(|e| e.into_inner()).0;
        }
    }
}

/// Forwards every connection accepted on each listener to its guest port, on background
/// threads that live as long as the process.
pub fn start(vm: &Arc<Vm>, listeners: Vec<(PublishSpec, TcpListener)>) -> Arc<Published> {
    let published = Arc::new(Published::default());
    for (spec, listener) in listeners {
        let vm = vm.clone();
        let published = published.clone();
        std::thread::spawn(move || {
            for host in listener.incoming().flatten() {
                let vm = vm.clone();
                let published = published.clone();
                std::thread::spawn(move || forward(&vm, &published, host, spec.guest));
            }
        });
    }
    published
}

/// One connection: waits for the guest's listener, connects, and copies both ways until each
/// side has finished writing. A connection the guest refuses is closed.
fn forward(vm: &Vm, published: &Published, host: TcpStream, guest_port: u16) {
    let guest = match vm.wait_for_listener(guest_port, LISTEN_WAIT).and_then(|()| vm.connect(guest_port)) {
        Ok(g) => g,
        Err(_) => return,
    };
    let active = Active::new(published);
    let _ = host.set_nodelay(true);
    let (Ok(host_in), Ok(guest_out)) = (host.try_clone(), guest.try_clone()) else { return };
    let upstream = std::thread::spawn(move || {
        let done = copy(&host_in, &guest_out);
        if done.is_err() {
            let _ = host_in.shutdown(Shutdown::Both);
            let _ = guest_out.shutdown(Shutdown::Both);
        }
    });
    if copy(&guest, &host).is_err() {
        let _ = host.shutdown(Shutdown::Both);
        let _ = guest.shutdown(Shutdown::Both);
    }
    drop(active);
    let _ = upstream.join();
}

/// Copies `from` to `to` until end of file, then shuts down `to`'s writing.
fn copy<R, W>(mut from: R, mut to: W) -> std::io::Result<()>
where
    R: Read,
    W: Write + HalfClose,
{
    let mut buf = vec![0u8; 32 * 1024];
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            return to.shutdown_write();
        }
        to.write_all(&buf[..n])?;
    }
}

/// Shutting down the write half of either kind of stream.
trait HalfClose {
    fn shutdown_write(&mut self) -> std::io::Result<()>;
}

impl HalfClose for &TcpStream {
    fn shutdown_write(&mut self) -> std::io::Result<()> {
        self.shutdown(Shutdown::Write)
    }
}

impl HalfClose for &VmStream {
    fn shutdown_write(&mut self) -> std::io::Result<()> {
        self.shutdown(Shutdown::Write)
    }
}

#[cfg(test)]
mod tests {
    use super::PublishSpec;

    #[test]
    fn parses_host_and_guest_ports() {
        assert_eq!("8080:3000".parse::<PublishSpec>().unwrap(), PublishSpec { host: 8080, guest: 3000 });
        for bad in ["8080", "0:80", "80:0", "x:80", "80:", "70000:80", "1:2:3", ""] {
            let e = bad.parse::<PublishSpec>().unwrap_err().to_string();
            assert!(e.contains("expected HOST_PORT:GUEST_PORT"), "{bad}: {e}");
        }
    }
}
