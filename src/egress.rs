//! The host network VMs reach the outside through: the kernel's
//! [`HostNet`] on tokio, one runtime shared by every VM of a [`Runtime`](crate::Runtime).
//!
//! The kernel decides (the VM's [`NetPolicy`](burrow_kernel::net::policy::NetPolicy)); this
//! module only dials what it was handed and moves bytes. Each allowed connection is one tokio
//! task: it dials the host address (the host alias `10.0.2.2:PORT` already mapped to
//! `127.0.0.1:PORT` by the kernel) within [`CONNECT_TIMEOUT`] (`ETIMEDOUT` past it, the host's
//! errno otherwise: `ECONNREFUSED`, `EHOSTUNREACH`...), reports the outcome, then pumps both
//! directions at once:
//!
//! * guest to host: what the guest sent, written to the host socket; the guest's end of file
//!   (shutdown or close) becomes the host socket's `FIN`;
//! * host to guest: what the host socket delivers, into the guest's receive buffer, waiting
//!   while it is full (the host socket is not read meanwhile, so TCP's window closes: nothing
//!   is dropped); the host's `FIN` becomes the guest's end of file;
//! * a reset of the host connection (or a failed write to it) resets the guest's connection
//!   (`ECONNRESET` after what it already has); a guest that resets (closes with unread bytes),
//!   or overflows the VM's socket buffers, resets the host connection (`SO_LINGER` 0, `RST`).
//!
//! The task sleeps on the guest connection's wait queue through its waker: the kernel
//! announces readiness edges, so nothing polls on a timer. The tokio runtime starts on the
//! first connection or lookup, with at most two worker threads.
//!
//! Name lookups ([`HostNet::resolve`]) run the system resolver on tokio's blocking pool,
//! within [`RESOLVE_TIMEOUT`] (`EAGAIN` past it; `ENOENT` when the name does not resolve);
//! the kernel calls it only for names a rule of the VM's policy names.

use std::future::poll_fn;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;
use std::time::Duration;

use burrow_kernel::net::{EgressConn, HostNet};
use burrow_kernel::Errno;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tracing::Instrument;

/// How long dialing a host connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a name lookup may take.
pub const RESOLVE_TIMEOUT: Duration = Duration::from_secs(10);

/// Bytes moved per read, each way.
const CHUNK: usize = 16 * 1024;

/// The most worker threads the network runtime runs.
const MAX_WORKERS: usize = 2;

/// The host network of a [`Runtime`](crate::Runtime): a tokio runtime started on first use.
#[derive(Default)]
pub(crate) struct HostNetwork {
    runtime: OnceLock<Option<tokio::runtime::Runtime>>,
}

impl HostNetwork {
    /// The runtime's handle, starting it on first use; `ENETDOWN` if it cannot start.
    fn handle(&self) -> Result<tokio::runtime::Handle, Errno> {
        let rt = self.runtime.get_or_init(|| {
            let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_WORKERS);
            let built = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(workers)
                .max_blocking_threads(4)
                .thread_name("burrow-net")
                .enable_io()
                .enable_time()
                .build();
            match built {
                Ok(rt) => Some(rt),
                Err(e) => {
                    tracing::error!(error = %e, "the network runtime did not start");
                    None
                }
            }
        });
        rt.as_ref().map(|rt| rt.handle().clone()).ok_or(Errno::ENETDOWN)
    }
}

impl Drop for HostNetwork {
    fn drop(&mut self) {
        // Never block (or panic, from inside another runtime) waiting for pumps to finish.
        if let Some(Some(rt)) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

impl HostNet for HostNetwork {
    fn connect(&self, addr: SocketAddr, conn: EgressConn) {
        let span = tracing::info_span!("egress_connect", %addr, guest_dest = %conn.guest_dest());
        match self.handle() {
            Ok(handle) => {
                handle.spawn(bridge(addr, conn).instrument(span));
            }
            Err(e) => conn.fail(e),
        }
    }

    fn resolve(&self, name: &str) -> Result<Vec<IpAddr>, Errno> {
        let _span = tracing::debug_span!("egress_resolve", name).entered();
        let handle = self.handle()?;
        let (tx, rx) = std::sync::mpsc::channel();
        let host = name.to_string();
        handle.spawn(async move {
            let found = tokio::time::timeout(RESOLVE_TIMEOUT, tokio::net::lookup_host((host, 0))).await;
            let _ = tx.send(found);
        });
        match rx.recv() {
            Ok(Ok(Ok(addrs))) => {
                let mut ips: Vec<IpAddr> = Vec::new();
                for a in addrs {
                    if !ips.contains(&a.ip()) {
                        ips.push(a.ip());
                    }
                }
                tracing::debug!(?ips, "resolved");
                Ok(ips)
            }
            Ok(Ok(Err(e))) => {
                tracing::debug!(error = %e, "not resolved");
                Err(Errno::ENOENT)
            }
            Ok(Err(_)) | Err(_) => {
                tracing::debug!("lookup timed out");
                Err(Errno::EAGAIN)
            }
        }
    }
}

/// The kernel errno for a failed host socket call (Linux numbers pass through).
fn errno_of(e: &io::Error) -> Errno {
    if let Some(n) = e.raw_os_error() {
        return Errno::from_host(n);
    }
    match e.kind() {
        io::ErrorKind::ConnectionRefused => Errno::ECONNREFUSED,
        io::ErrorKind::ConnectionReset => Errno::ECONNRESET,
        io::ErrorKind::TimedOut => Errno::ETIMEDOUT,
        io::ErrorKind::AddrNotAvailable => Errno::EADDRNOTAVAIL,
        _ => Errno::EHOSTUNREACH,
    }
}

/// Dials `addr` for `conn`, reports the outcome, then pumps until both directions are done.
async fn bridge(addr: SocketAddr, conn: EgressConn) {
    if conn.is_closed() {
        tracing::debug!("the guest closed before dialing");
        conn.fail(Errno::ECONNABORTED);
        return;
    }
    let mut stream = match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)).await {
        Err(_) => {
            tracing::debug!("connect timed out");
            conn.fail(Errno::ETIMEDOUT);
            return;
        }
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "connect failed");
            conn.fail(errno_of(&e));
            return;
        }
        Ok(Ok(stream)) => stream,
    };
    let _ = stream.set_nodelay(true);
    conn.established();
    tracing::debug!(local = ?stream.local_addr().ok(), "established");
    match pump(&mut stream, &conn).await {
        Ok(()) => tracing::debug!("closed"),
        Err(Failed::Host(e)) => {
            tracing::debug!(error = %e, "host connection failed: resetting the guest's");
            conn.reset();
        }
        Err(Failed::Guest(e)) => {
            tracing::debug!(errno = ?e, "guest connection failed: resetting the host's");
            let _ = stream.set_zero_linger();
        }
    }
}

/// Which side of a pump failed.
enum Failed {
    Host(io::Error),
    Guest(Errno),
}

/// Moves bytes both ways between the host socket and the guest connection.
async fn pump(stream: &mut TcpStream, conn: &EgressConn) -> Result<(), Failed> {
    let (mut rd, mut wr) = stream.split();
    let up = async {
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = poll_fn(|cx| conn.poll_read(cx, &mut buf)).await.map_err(|e| Failed::Guest(e.errno()))?;
            if n == 0 {
                wr.shutdown().await.map_err(Failed::Host)?;
                return Ok(());
            }
            wr.write_all(&buf[..n]).await.map_err(Failed::Host)?;
        }
    };
    let down = async {
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = tokio::select! {
                read = rd.read(&mut buf) => read.map_err(Failed::Host)?,
                // The guest closed: nothing it could still receive is worth reading.
                () = poll_fn(|cx| conn.poll_closed(cx)) => return Ok(()),
            };
            if n == 0 {
                conn.shutdown_write();
                return Ok(());
            }
            let mut done = 0;
            while done < n {
                done += poll_fn(|cx| conn.poll_write(cx, &buf[done..n])).await.map_err(|e| Failed::Guest(e.errno()))?;
            }
        }
    };
    tokio::try_join!(up, down).map(|_| ())
}
