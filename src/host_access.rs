//! Host access to servers in a VM: [`Vm::connect`] opens a stream to a port a guest listens
//! on (through the VM's own socket table: the host's network is not involved),
//! [`Vm::wait_for_listener`] waits for a guest to start listening, and [`Vm::http_request`] /
//! [`HttpClient`] speak HTTP/1.1 over such streams.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! let vm = burrow::Vm::builder().build()?;
//! let server = "const s = require('http').createServer((q, r) => { r.end('hi'); s.close(); }); s.listen(3000);";
//! std::thread::scope(|scope| {
//!     let node = scope.spawn(|| vm.run(&["node", "-e", server]));
//!     vm.wait_for_listener(3000, Duration::from_secs(10))?;
//!     let res = vm.http_request("GET", 3000, "/", &[], b"")?;
//!     assert_eq!((res.status, res.text().as_str()), (200, "hi"));
//!     node.join().expect("node thread")?;
//!     Ok::<(), burrow::Error>(())
//! })?;
//! # Ok::<(), burrow::Error>(())
//! ```

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr};
use std::time::Duration;

use burrow_kernel::net::{self, HostStream};
use burrow_kernel::poll::Readiness;
use burrow_kernel::Errno;

use crate::error::{Error, Result};
use crate::vm::Vm;

/// How long [`Vm::http_request`] and a new [`HttpClient`] wait for each read or write.
pub const DEFAULT_HTTP_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest response body [`HttpClient`] accepts by default.
pub const DEFAULT_HTTP_BODY_LIMIT: usize = 64 << 20;
/// The most bytes a response's status line and headers may take.
const HEAD_LIMIT: usize = 64 << 10;

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

impl Vm {
    /// Connects from the host to `127.0.0.1:port` in the VM, as a guest's `connect` would:
    /// the connection waits in the listener's backlog until the guest accepts it (writes are
    /// buffered meanwhile). [`Error::ConnectionRefused`] when nothing listens there.
    pub fn connect(&self, port: u16) -> Result<VmStream> {
        match self.kernel().connect_from_host(loopback(port)) {
            Ok(inner) => Ok(VmStream { inner }),
            Err(e) if e == Errno::ECONNREFUSED => Err(Error::ConnectionRefused { port }),
            Err(e) => Err(Error::kernel(format!("connect to port {port} in the VM"), e)),
        }
    }

    /// Waits until something in the VM listens on TCP `127.0.0.1:port` (or a wildcard
    /// address); [`Error::Timeout`] after `timeout`. The guest's `listen` wakes the caller.
    pub fn wait_for_listener(&self, port: u16, timeout: Duration) -> Result<()> {
        match self.kernel().wait_for_listener(loopback(port), timeout) {
            Ok(()) => Ok(()),
            Err(e) if e == Errno::ETIMEDOUT => {
                Err(Error::Timeout { what: format!("a listener on port {port}"), timeout })
            }
            Err(e) => Err(Error::kernel(format!("wait for a listener on port {port}"), e)),
        }
    }

    /// Sends one HTTP/1.1 request to `127.0.0.1:port` in the VM on a new connection
    /// (`Connection: close` unless `headers` say otherwise) and returns the response. `Host`
    /// and `Content-Length` are added unless given; each read and write waits at most
    /// [`DEFAULT_HTTP_TIMEOUT`]. For several requests on one connection, use
    /// [`Vm::http_client`].
    pub fn http_request(
        &self,
        method: &str,
        port: u16,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<HttpResponse> {
        let close = !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("connection"));
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        if close {
            all.push(("Connection", "close"));
        }
        // A malformed request fails before anything is connected.
        request_head(method, path, &all, body, port)?;
        self.http_client(port)?.request(method, path, &all, body)
    }

    /// An HTTP/1.1 client on one new connection to `127.0.0.1:port` in the VM, for requests
    /// that reuse it (keep-alive).
    pub fn http_client(&self, port: u16) -> Result<HttpClient> {
        Ok(HttpClient::new(self.connect(port)?, port))
    }
}

/// A stream connection from the host to a server in a VM (see [`Vm::connect`]), used like a
/// `std::net::TcpStream`: `Read`, `Write` (also through `&VmStream`, so one thread can read
/// while another writes), shutdown and timeouts. Dropping it closes the connection.
#[derive(Debug)]
pub struct VmStream {
    inner: HostStream,
}

/// A kernel error as the `std::io::Error` a `Read` or `Write` caller expects.
pub(crate) fn io_error(e: burrow_kernel::Error) -> io::Error {
    let burrow_kernel::Error::Errno(errno) = e else { return io::Error::other(e) };
    let kind = match errno {
        Errno::EAGAIN => io::ErrorKind::WouldBlock,
        Errno::ETIMEDOUT => io::ErrorKind::TimedOut,
        Errno::ECONNRESET => io::ErrorKind::ConnectionReset,
        Errno::ECONNREFUSED => io::ErrorKind::ConnectionRefused,
        Errno::EPIPE => io::ErrorKind::BrokenPipe,
        Errno::ENOTCONN => io::ErrorKind::NotConnected,
        Errno::EINTR => io::ErrorKind::Interrupted,
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, errno)
}

impl VmStream {
    /// Shuts down reading, writing or both. After `Write` the guest reads end of file (once it
    /// has read what was sent) and can still answer; after `Read`, reads return 0 (a read
    /// blocked in another thread returns at once).
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        let how = match how {
            Shutdown::Read => net::Shutdown::Read,
            Shutdown::Write => net::Shutdown::Write,
            Shutdown::Both => net::Shutdown::Both,
        };
        self.inner.shutdown(how).map_err(io_error)
    }

    /// How long a read may wait (`None`, the default: no limit); past it, reads fail with
    /// `ErrorKind::TimedOut`.
    pub fn set_read_timeout(&self, timeout: Option<Duration>) {
        self.inner.set_read_timeout(timeout);
    }

    /// How long a write may wait for room in the connection's buffer (`None`: no limit).
    pub fn set_write_timeout(&self, timeout: Option<Duration>) {
        self.inner.set_write_timeout(timeout);
    }

    /// Another handle to the same connection (sharing its timeouts); the connection closes
    /// when the last handle is dropped.
    pub fn try_clone(&self) -> io::Result<VmStream> {
        Ok(VmStream { inner: self.inner.clone() })
    }

    /// The host end's address inside the VM: what the guest's `accept` reports as the peer.
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local_addr()
    }

    /// The address in the VM this stream is connected to.
    pub fn peer_addr(&self) -> SocketAddr {
        self.inner.peer_addr()
    }

    /// What the stream can do now (readable, writable, hang-up, error).
    pub fn readiness(&self) -> Readiness {
        self.inner.readiness()
    }

    /// The kernel's handle, for readiness waits and wait-queue subscriptions.
    pub fn host_stream(&self) -> &HostStream {
        &self.inner
    }
}

impl Read for &VmStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(io_error)
    }
}

impl Read for VmStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        (&*self).read(buf)
    }
}

impl Write for &VmStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(io_error)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Write for VmStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&*self).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// An HTTP response read by [`HttpClient`] or [`Vm::http_request`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code, e.g. 200.
    pub status: u16,
    /// The reason phrase, e.g. `OK`.
    pub reason: String,
    /// The header fields in the order received, names as the server spelled them.
    pub headers: Vec<(String, String)>,
    /// The body, with chunked transfer coding removed.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// An HTTP/1.1 client on one connection into a VM (see [`Vm::http_client`]): requests go one
/// after another on the same connection while the server keeps it open. Responses are
/// delimited by `Content-Length`, chunked transfer coding, or the end of the connection.
pub struct HttpClient {
    reader: BufReader<VmStream>,
    port: u16,
    timeout: Option<Duration>,
    body_limit: usize,
    /// The server closed the connection (or said it would).
    closed: bool,
}

/// A response's status line and headers.
struct Head {
    version: String,
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
}

/// How a response's body is delimited.
enum Framing {
    None,
    Length(u64),
    Chunked,
    UntilClose,
}

impl HttpClient {
    fn new(stream: VmStream, port: u16) -> HttpClient {
        let mut client = HttpClient {
            reader: BufReader::new(stream),
            port,
            timeout: None,
            body_limit: DEFAULT_HTTP_BODY_LIMIT,
            closed: false,
        };
        client.set_timeout(Some(DEFAULT_HTTP_TIMEOUT));
        client
    }

    /// How long each read or write may wait (default [`DEFAULT_HTTP_TIMEOUT`]; `None`: no
    /// limit). Past it a request fails with [`Error::Timeout`].
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
        self.reader.get_ref().set_read_timeout(timeout);
        self.reader.get_ref().set_write_timeout(timeout);
    }

    /// The largest body accepted (default [`DEFAULT_HTTP_BODY_LIMIT`]); a larger one fails
    /// the request with [`Error::Http`].
    pub fn set_body_limit(&mut self, bytes: usize) {
        self.body_limit = bytes;
    }

    /// The connection this client speaks on.
    pub fn stream(&self) -> &VmStream {
        self.reader.get_ref()
    }

    /// Sends a request and reads its response. `Host` is added unless given, and
    /// `Content-Length` unless `headers` have it or `Transfer-Encoding` (a body given with the
    /// latter must already be encoded). Interim `1xx` responses are skipped. After a failed
    /// exchange, or a response that ends the connection, later requests fail with
    /// [`Error::Http`].
    pub fn request(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<HttpResponse> {
        if self.closed {
            return Err(Error::Http(format!("port {}: the connection is closed", self.port)));
        }
        let head = request_head(method, path, headers, body, self.port)?;
        let exchanged = self.exchange(method, &head, body);
        if exchanged.is_err() {
            self.closed = true;
        }
        exchanged
    }

    fn exchange(&mut self, method: &str, head: &[u8], body: &[u8]) -> Result<HttpResponse> {
        let mut w = self.reader.get_ref();
        w.write_all(head).and_then(|()| w.write_all(body)).map_err(|e| self.io("send the request", e))?;
        loop {
            let Head { version, status, reason, headers } = self.read_head()?;
            if (100..200).contains(&status) && status != 101 {
                continue;
            }
            let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim());
            let close_token = header("connection").is_some_and(|v| has_token(v, "close"));
            let keep_alive = header("connection").is_some_and(|v| has_token(v, "keep-alive"));
            let framing = if method.eq_ignore_ascii_case("HEAD") || status < 200 || status == 204 || status == 304 {
                Framing::None
            } else if let Some(te) = header("transfer-encoding") {
                if te.rsplit(',').next().is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked")) {
                    Framing::Chunked
                } else {
                    Framing::UntilClose
                }
            } else if let Some(len) = header("content-length") {
                Framing::Length(len.parse().map_err(|_| self.malformed(format!("Content-Length `{len}`")))?)
            } else {
                Framing::UntilClose
            };
            let body = match framing {
                Framing::None => Vec::new(),
                Framing::Length(n) => self.read_body_len(n)?,
                Framing::Chunked => self.read_chunked()?,
                Framing::UntilClose => self.read_to_close()?,
            };
            let ends = close_token || (version == "HTTP/1.0" && !keep_alive) || status == 101;
            if ends || matches!(framing, Framing::UntilClose) {
                self.closed = true;
            }
            return Ok(HttpResponse { status, reason, headers, body });
        }
    }

    fn io(&self, what: &str, e: io::Error) -> Error {
        match (e.kind(), self.timeout) {
            (io::ErrorKind::TimedOut, Some(timeout)) => {
                Error::Timeout { what: format!("HTTP on port {} ({what})", self.port), timeout }
            }
            _ => Error::Io { context: format!("HTTP on port {} ({what})", self.port), source: e },
        }
    }

    fn malformed(&self, what: impl std::fmt::Display) -> Error {
        Error::Http(format!("port {}: malformed response: {what}", self.port))
    }

    /// One CRLF- (or LF-) terminated line without its terminator; `None` at end of file before
    /// any byte.
    fn read_line(&mut self, limit: usize) -> Result<Option<String>> {
        let mut line = Vec::new();
        let n = (&mut self.reader)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| self.io("read the response", e))?;
        if n == 0 {
            return Ok(None);
        }
        if line.last() != Some(&b'\n') {
            return Err(if n > limit {
                self.malformed("a line too long")
            } else {
                self.malformed("the connection ended mid-line")
            });
        }
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        String::from_utf8(line).map(Some).map_err(|_| self.malformed("a line that is not UTF-8"))
    }

    /// The status line and headers.
    fn read_head(&mut self) -> Result<Head> {
        let Some(status_line) = self.read_line(HEAD_LIMIT)? else {
            self.closed = true;
            return Err(Error::Http(format!("port {}: the connection closed before a response", self.port)));
        };
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or_default().to_string();
        if !version.starts_with("HTTP/1.") {
            return Err(self.malformed(format!("status line `{status_line}`")));
        }
        let status: u16 = parts
            .next()
            .and_then(|s| s.parse().ok())
            .filter(|s| (100..1000).contains(s))
            .ok_or_else(|| self.malformed(format!("status line `{status_line}`")))?;
        let reason = parts.next().unwrap_or_default().to_string();
        let mut headers = Vec::new();
        let mut size = status_line.len();
        loop {
            let line =
                self.read_line(HEAD_LIMIT)?.ok_or_else(|| self.malformed("the connection ended in the headers"))?;
            if line.is_empty() {
                return Ok(Head { version, status, reason, headers });
            }
            size += line.len();
            if size > HEAD_LIMIT {
                return Err(self.malformed("headers too large"));
            }
            let (name, value) = line.split_once(':').ok_or_else(|| self.malformed(format!("header line `{line}`")))?;
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }

    fn read_body_len(&mut self, n: u64) -> Result<Vec<u8>> {
        if n > self.body_limit as u64 {
            return Err(self.too_large());
        }
        let mut body = Vec::new();
        (&mut self.reader).take(n).read_to_end(&mut body).map_err(|e| self.io("read the body", e))?;
        if (body.len() as u64) < n {
            self.closed = true;
            return Err(self.malformed(format!("the body ended after {} of {n} bytes", body.len())));
        }
        Ok(body)
    }

    fn read_chunked(&mut self) -> Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let line = self.read_line(HEAD_LIMIT)?.ok_or_else(|| self.malformed("the connection ended in a chunk"))?;
            let size = line.split(';').next().unwrap_or_default().trim();
            let size = u64::from_str_radix(size, 16).map_err(|_| self.malformed(format!("chunk size `{line}`")))?;
            if size == 0 {
                // Trailer fields, up to the empty line.
                loop {
                    let line = self.read_line(HEAD_LIMIT)?;
                    match line.as_deref() {
                        Some("") => return Ok(body),
                        Some(_) => {}
                        None => return Err(self.malformed("the connection ended in the trailer")),
                    }
                }
            }
            if body.len() as u64 + size > self.body_limit as u64 {
                return Err(self.too_large());
            }
            body.extend(self.read_body_len(size)?);
            if self.read_line(2)?.is_none_or(|l| !l.is_empty()) {
                return Err(self.malformed("a chunk not followed by CRLF"));
            }
        }
    }

    fn read_to_close(&mut self) -> Result<Vec<u8>> {
        let mut body = Vec::new();
        let limit = self.body_limit as u64;
        (&mut self.reader).take(limit + 1).read_to_end(&mut body).map_err(|e| self.io("read the body", e))?;
        if body.len() as u64 > limit {
            return Err(self.too_large());
        }
        Ok(body)
    }

    fn too_large(&mut self) -> Error {
        self.closed = true;
        Error::Http(format!("port {}: the response body is larger than {} bytes", self.port, self.body_limit))
    }
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient").field("port", &self.port).field("closed", &self.closed).finish()
    }
}

/// Whether a comma-separated header value has `token` (case-insensitive).
fn has_token(value: &str, token: &str) -> bool {
    value.split(',').any(|t| t.trim().eq_ignore_ascii_case(token))
}

/// The request line and headers, checked for characters that would split them.
fn request_head(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8], port: u16) -> Result<Vec<u8>> {
    let bad =
        |what: &str, v: &str| Error::InvalidSetting(format!("HTTP request: invalid {what} `{}`", v.escape_debug()));
    let token =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
    if !token(method) {
        return Err(bad("method", method));
    }
    if !path.starts_with('/') && path != "*" || path.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(bad("path", path));
    }
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    let has = |name: &str| headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    if !has("host") {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        if !token(k) {
            return Err(bad("header name", k));
        }
        if v.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            return Err(bad("header value", v));
        }
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let needs_length = !body.is_empty() || ["POST", "PUT", "PATCH"].iter().any(|m| m.eq_ignore_ascii_case(method));
    if needs_length && !has("content-length") && !has("transfer-encoding") {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    Ok(head.into_bytes())
}
