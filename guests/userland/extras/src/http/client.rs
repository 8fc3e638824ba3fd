//! One HTTP/1.1 exchange over a TCP connection: resolve and connect (through the VM's policy,
//! with curl's errors), write the request, read the response head (skipping `1xx` interim
//! responses) and its body, delimited by `Content-Length`, `Transfer-Encoding: chunked` or the
//! end of the connection. One request per connection. Every server reply, however malformed,
//! ends in an [`Error`] carrying curl's status and message, never a panic.

use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use super::url::Url;

/// The most a response head may take (curl's `CURL_MAX_HTTP_HEADER`).
pub const MAX_HEAD: usize = 100 * 1024;

/// A failed transfer: curl's exit status and message (`curl: (CODE) MSG`).
#[derive(Debug, PartialEq, Eq)]
pub struct Error {
    /// curl's status.
    pub code: i32,
    /// curl's message.
    pub msg: String,
}

impl Error {
    /// An error with status `code`.
    pub fn new(code: i32, msg: impl Into<String>) -> Error {
        Error { code, msg: msg.into() }
    }
}

/// The time limits of one transfer (`--max-time`, `--connect-timeout`) and its start.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    /// When the transfer began.
    pub start: Instant,
    /// The whole transfer's limit.
    pub max_time: Option<Duration>,
    /// The connection phase's limit.
    pub connect_timeout: Option<Duration>,
}

impl Timing {
    /// Milliseconds since the start.
    pub fn elapsed_ms(&self) -> u128 {
        self.start.elapsed().as_millis()
    }

    fn deadline(&self) -> Option<Instant> {
        self.max_time.map(|d| self.start + d)
    }

    fn connect_deadline(&self) -> Option<Instant> {
        let c = self.connect_timeout.map(|d| self.start + d);
        match (c, self.deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn timed_out() -> io::Error {
    io::ErrorKind::TimedOut.into()
}

/// The socket layer on Burrow: `burrow_guest::net`, non-blocking, waiting in `poll` so that
/// deadlines hold.
#[cfg(target_os = "wasi")]
mod sock {
    use std::io::{self, Read};
    use std::net::{IpAddr, SocketAddr};
    use std::time::Instant;

    use burrow_guest::errno;
    use burrow_guest::net::{self, Interest, SockAddr, Socket, AF_INET, AF_INET6, MSG_NOSIGNAL, NONBLOCK, SOCK_STREAM};

    use super::timed_out;

    /// The addresses of `host` (the VM's policy decides which names resolve).
    pub fn resolve(host: &str, port: u16) -> io::Result<Vec<IpAddr>> {
        net::resolve(host, Some(port))
    }

    /// A connected TCP socket whose reads and writes give up at `deadline`.
    pub struct Conn {
        sock: Socket,
        /// When reads and writes time out.
        pub deadline: Option<Instant>,
    }

    fn again(e: &io::Error) -> bool {
        e.raw_os_error() == Some(errno::EAGAIN)
    }

    fn wait(sock: &Socket, interest: Interest, deadline: Option<Instant>) -> io::Result<()> {
        let timeout = match deadline {
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    return Err(timed_out());
                }
                Some(d - now)
            }
            None => None,
        };
        if net::poll(&[(sock.as_raw_fd(), interest)], timeout)?.is_empty() {
            return Err(timed_out());
        }
        Ok(())
    }

    impl Conn {
        /// Connects to `addr`, giving up at `deadline`.
        pub fn connect(addr: SocketAddr, deadline: Option<Instant>) -> io::Result<Conn> {
            let family = if addr.is_ipv4() { AF_INET } else { AF_INET6 };
            let sock = Socket::new(family, SOCK_STREAM, NONBLOCK)?;
            match sock.connect(&SockAddr::Inet(addr)) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(errno::EINPROGRESS) || again(&e) => {
                    wait(&sock, Interest::Write, deadline)?;
                    if let Some(e) = sock.take_error()? {
                        return Err(e);
                    }
                }
                Err(e) => return Err(e),
            }
            Ok(Conn { sock, deadline: None })
        }

        /// Writes all of `data`.
        pub fn send_all(&mut self, mut data: &[u8]) -> io::Result<()> {
            while !data.is_empty() {
                match self.sock.send_to(data, MSG_NOSIGNAL, None) {
                    Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                    Ok(n) => data = &data[n..],
                    Err(e) if again(&e) => wait(&self.sock, Interest::Write, self.deadline)?,
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        }
    }

    impl Read for Conn {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            loop {
                match self.sock.sock_recv(buf, 0) {
                    Ok(r) => return Ok(r.len),
                    Err(e) if again(&e) => wait(&self.sock, Interest::Read, self.deadline)?,
                    Err(e) => return Err(e),
                }
            }
        }
    }
}

/// The socket layer elsewhere (native unit tests): `std::net`.
#[cfg(not(target_os = "wasi"))]
mod sock {
    use std::io::{self, Read, Write};
    use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
    use std::time::Instant;

    use super::timed_out;

    /// The addresses of `host`.
    pub fn resolve(host: &str, port: u16) -> io::Result<Vec<IpAddr>> {
        Ok((host, port).to_socket_addrs()?.map(|a| a.ip()).collect())
    }

    /// A connected TCP socket whose reads and writes give up at `deadline`.
    pub struct Conn {
        sock: TcpStream,
        /// When reads and writes time out.
        pub deadline: Option<Instant>,
    }

    fn left(deadline: Option<Instant>) -> io::Result<Option<std::time::Duration>> {
        match deadline {
            Some(d) if Instant::now() >= d => Err(timed_out()),
            Some(d) => Ok(Some(d - Instant::now())),
            None => Ok(None),
        }
    }

    fn map(e: io::Error) -> io::Error {
        if e.kind() == io::ErrorKind::WouldBlock {
            timed_out()
        } else {
            e
        }
    }

    impl Conn {
        /// Connects to `addr`, giving up at `deadline`.
        pub fn connect(addr: SocketAddr, deadline: Option<Instant>) -> io::Result<Conn> {
            let sock = match left(deadline)? {
                Some(t) => TcpStream::connect_timeout(&addr, t)?,
                None => TcpStream::connect(addr)?,
            };
            Ok(Conn { sock, deadline: None })
        }

        /// Writes all of `data`.
        pub fn send_all(&mut self, data: &[u8]) -> io::Result<()> {
            self.sock.set_write_timeout(left(self.deadline)?)?;
            self.sock.write_all(data).map_err(map)
        }
    }

    impl Read for Conn {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.sock.set_read_timeout(left(self.deadline)?)?;
            self.sock.read(buf).map_err(map)
        }
    }
}

pub use sock::Conn;

/// `IP:PORT` as curl writes it (IPv6 bracketed).
fn ip_port(ip: IpAddr, port: u16) -> String {
    SocketAddr::new(ip, port).to_string()
}

/// Resolves and connects to `url`'s host, reporting progress (`*   Trying ...`) through
/// `trace`. curl's errors: 6 for a name that does not resolve, 7 for a failed connect
/// (including the VM policy's `EACCES`), 28 for a timeout.
pub fn connect(url: &Url, t: &Timing, trace: &mut dyn FnMut(String)) -> Result<Conn, Error> {
    let ips = match sock::resolve(&url.host, url.port) {
        Ok(v) if !v.is_empty() => v,
        _ => return Err(Error::new(6, format!("Could not resolve host: {}", url.host))),
    };
    let mut last = io::Error::from(io::ErrorKind::ConnectionRefused);
    for ip in ips {
        trace(format!("  Trying {}...", ip_port(ip, url.port)));
        match Conn::connect(SocketAddr::new(ip, url.port), t.connect_deadline()) {
            Ok(mut c) => {
                trace(format!("Connected to {} ({ip}) port {} (#0)", url.host, url.port));
                c.deadline = t.deadline();
                return Ok(c);
            }
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                return Err(Error::new(28, format!("Connection timed out after {} milliseconds", t.elapsed_ms())));
            }
            Err(e) => last = e,
        }
    }
    let why = if last.kind() == io::ErrorKind::ConnectionRefused {
        "Couldn't connect to server".to_string()
    } else {
        crate::common::strerror(&last)
    };
    Err(Error::new(
        7,
        format!("Failed to connect to {} port {} after {} ms: {why}", url.host, url.port, t.elapsed_ms()),
    ))
}

/// Sends `data` (a whole request) on `conn`.
pub fn send(conn: &mut Conn, data: &[u8], t: &Timing) -> Result<(), Error> {
    conn.send_all(data).map_err(|e| {
        if e.kind() == io::ErrorKind::TimedOut {
            Error::new(28, format!("Operation timed out after {} milliseconds with 0 bytes received", t.elapsed_ms()))
        } else {
            Error::new(55, format!("Send failure: {}", crate::common::strerror(&e)))
        }
    })
}

/// A buffered reader over the connection that turns read failures into curl's errors.
pub struct Reader<R> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    start: Instant,
    /// Body bytes delivered so far (for the timeout message and `size_download`).
    pub body_bytes: u64,
}

impl<R: Read> Reader<R> {
    /// A reader over `src`; `start` dates timeout messages.
    pub fn new(src: R, start: Instant) -> Reader<R> {
        Reader { src, buf: Vec::new(), pos: 0, eof: false, start, body_bytes: 0 }
    }

    fn error(&self, e: io::Error) -> Error {
        if e.kind() == io::ErrorKind::TimedOut {
            Error::new(
                28,
                format!(
                    "Operation timed out after {} milliseconds with {} bytes received",
                    self.start.elapsed().as_millis(),
                    self.body_bytes
                ),
            )
        } else {
            Error::new(56, format!("Recv failure: {}", crate::common::strerror(&e)))
        }
    }

    /// Reads more into the buffer; `false` at the end of the stream.
    fn fill(&mut self) -> Result<bool, Error> {
        if self.eof {
            return Ok(false);
        }
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.src.read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.error(e)),
            }
        }
    }

    fn buffered(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// The next line with its `\n` (the rest of the stream at its end; empty when nothing is
    /// left); `Err(None)` when it would be longer than `limit`.
    fn line(&mut self, limit: usize) -> Result<Vec<u8>, Option<Error>> {
        loop {
            if let Some(i) = self.buffered().iter().position(|&b| b == b'\n') {
                if i + 1 > limit {
                    return Err(None);
                }
                let line = self.buffered()[..=i].to_vec();
                self.pos += i + 1;
                return Ok(line);
            }
            if self.buffered().len() > limit {
                return Err(None);
            }
            if !self.fill().map_err(Some)? {
                let line = self.buffered().to_vec();
                self.pos = self.buf.len();
                return Ok(line);
            }
        }
    }

    /// Takes up to `max` bytes, reading if nothing is buffered; empty at the end.
    fn take(&mut self, max: usize) -> Result<Vec<u8>, Error> {
        if self.buffered().is_empty() && !self.fill()? {
            return Ok(Vec::new());
        }
        let n = self.buffered().len().min(max);
        let v = self.buffered()[..n].to_vec();
        self.pos += n;
        Ok(v)
    }
}

/// A response head.
#[derive(Clone, Debug, Default)]
pub struct Head {
    /// The head as received (status line, header lines, blank line).
    pub raw: Vec<u8>,
    /// `HTTP/1.1`, ...
    pub version: String,
    /// The status code.
    pub code: u16,
    /// The reason phrase.
    pub reason: String,
    /// The header fields in order, names as received.
    pub headers: Vec<(String, String)>,
}

impl Head {
    /// The first header field named `name` (any case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The lines of the raw head without their line ends.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.raw.split_inclusive(|&b| b == b'\n').map(|l| {
            let l = l.strip_suffix(b"\n").unwrap_or(l);
            String::from_utf8_lossy(l.strip_suffix(b"\r").unwrap_or(l)).into_owned()
        })
    }
}

fn too_large() -> Error {
    Error::new(27, "Out of memory")
}

fn parse_status(line: &str) -> Option<(String, u16, String)> {
    let (version, rest) = line.split_once(' ')?;
    if !matches!(version, "HTTP/1.0" | "HTTP/1.1" | "HTTP/2" | "HTTP/2.0") {
        return None;
    }
    let rest = rest.trim_start_matches(' ');
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((version.to_string(), code.parse().ok()?, reason.trim().to_string()))
}

/// Reads one response head (interim `1xx` ones included: the caller skips them).
pub fn read_head<R: Read>(r: &mut Reader<R>) -> Result<Head, Error> {
    let mut head = Head::default();
    let first = r.line(MAX_HEAD).map_err(|e| e.unwrap_or_else(too_large))?;
    if first.is_empty() {
        return Err(Error::new(52, "Empty reply from server"));
    }
    if !first.starts_with(b"HTTP/") {
        return Err(Error::new(1, "Received HTTP/0.9 when not allowed"));
    }
    head.raw.extend_from_slice(&first);
    let status = String::from_utf8_lossy(&first).trim_end().to_string();
    let (version, code, reason) =
        parse_status(&status).ok_or_else(|| Error::new(1, "Unsupported HTTP version in response"))?;
    (head.version, head.code, head.reason) = (version, code, reason);
    loop {
        let left = MAX_HEAD.saturating_sub(head.raw.len());
        let line = r.line(left).map_err(|e| e.unwrap_or_else(too_large))?;
        if line.is_empty() || !line.ends_with(b"\n") {
            return Err(Error::new(52, "Empty reply from server"));
        }
        head.raw.extend_from_slice(&line);
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(head);
        }
        if text.starts_with([' ', '\t']) {
            if let Some(last) = head.headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            head.headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
}

/// How a response body is delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// No body (`HEAD`, `1xx`, `204`, `304`).
    None,
    /// `Content-Length` bytes.
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Until the server closes.
    Close,
}

/// The framing of `head`'s body for a request with `method`.
pub fn framing(head: &Head, method: &str) -> Result<Framing, Error> {
    if method.eq_ignore_ascii_case("HEAD") || head.code < 200 || head.code == 204 || head.code == 304 {
        return Ok(Framing::None);
    }
    if head.get("Transfer-Encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        return Ok(Framing::Chunked);
    }
    match head.get("Content-Length") {
        Some(v) => {
            v.trim().parse::<u64>().map(Framing::Length).map_err(|_| Error::new(8, "Invalid Content-Length: value"))
        }
        None => Ok(Framing::Close),
    }
}

fn bad_chunk() -> Error {
    Error::new(56, "Illegal or missing hexadecimal sequence in chunked-encoding")
}

/// Reads a body framed by `framing`, handing each piece to `sink`; the body's length.
pub fn read_body<R: Read>(
    r: &mut Reader<R>,
    framing: Framing,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
) -> Result<u64, Error> {
    let mut deliver = |r: &mut Reader<R>, data: Vec<u8>| -> Result<(), Error> {
        r.body_bytes += data.len() as u64;
        sink(&data)
    };
    match framing {
        Framing::None => {}
        Framing::Length(n) => {
            let mut left = n;
            while left > 0 {
                let data = r.take(left.min(1 << 16) as usize)?;
                if data.is_empty() {
                    return Err(Error::new(18, format!("transfer closed with {left} bytes remaining to read")));
                }
                left -= data.len() as u64;
                deliver(r, data)?;
            }
        }
        Framing::Close => loop {
            let data = r.take(1 << 16)?;
            if data.is_empty() {
                break;
            }
            deliver(r, data)?;
        },
        Framing::Chunked => {
            let closed = || Error::new(18, "transfer closed with outstanding read data remaining");
            loop {
                let line = r.line(4096).map_err(|e| e.unwrap_or_else(bad_chunk))?;
                if line.is_empty() {
                    return Err(closed());
                }
                let text = String::from_utf8_lossy(&line);
                let size = text.split(';').next().unwrap_or("").trim();
                if size.is_empty() || size.len() > 16 || !size.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(bad_chunk());
                }
                let mut left = u64::from_str_radix(size, 16).map_err(|_| bad_chunk())?;
                if left == 0 {
                    // Trailer fields, up to the blank line (or the end of the stream).
                    loop {
                        let l = r.line(MAX_HEAD).map_err(|e| e.unwrap_or_else(too_large))?;
                        if l.is_empty() || l == b"\r\n" || l == b"\n" {
                            break;
                        }
                    }
                    break;
                }
                while left > 0 {
                    let data = r.take(left.min(1 << 16) as usize)?;
                    if data.is_empty() {
                        return Err(closed());
                    }
                    left -= data.len() as u64;
                    deliver(r, data)?;
                }
                let end = r.line(2).map_err(|e| e.unwrap_or_else(bad_end))?;
                if end.is_empty() {
                    return Err(closed());
                }
                if end != b"\r\n" && end != b"\n" {
                    return Err(bad_end());
                }
            }
        }
    }
    Ok(r.body_bytes)
}

fn bad_end() -> Error {
    Error::new(56, "Malformed encoding found in chunked-encoding")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(data: &[u8]) -> Reader<&[u8]> {
        Reader::new(data, Instant::now())
    }

    fn body(data: &[u8], method: &str) -> Result<(Head, Vec<u8>), Error> {
        let mut r = reader(data);
        let head = read_head(&mut r)?;
        let f = framing(&head, method)?;
        let mut out = Vec::new();
        read_body(&mut r, f, &mut |d| {
            out.extend_from_slice(d);
            Ok(())
        })?;
        Ok((head, out))
    }

    #[test]
    fn reads_every_framing() {
        let (h, b) =
            body(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhelloextra", "GET").unwrap();
        assert_eq!((h.code, h.reason.as_str(), h.get("content-type")), (200, "OK", Some("text/plain")));
        assert_eq!(b, b"hello");
        let (_, b) =
            body(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\nA\r\n0123456789\r\n0\r\nT: 1\r\n\r\n", "GET")
                .unwrap();
        assert_eq!(b, b"hello0123456789");
        let (_, b) = body(b"HTTP/1.0 200 OK\n\nuntil\nclose", "GET").unwrap();
        assert_eq!(b, b"until\nclose");
        let (h, b) = body(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD").unwrap();
        assert_eq!((h.code, b.len()), (200, 0));
        let (h, b) = body(b"HTTP/1.1 204 No Content\r\n\r\nxx", "GET").unwrap();
        assert_eq!((h.code, b.len()), (204, 0));
    }

    #[test]
    fn gives_curls_errors() {
        let code = |data: &[u8]| body(data, "GET").unwrap_err().code;
        assert_eq!(code(b""), 52);
        assert_eq!(code(b"garbage\r\n\r\n"), 1);
        assert_eq!(code(b"HTTP/1.1 abc OK\r\n\r\n"), 1);
        assert_eq!(code(b"HTTP/1.1 200 OK\r\nContent-Le"), 52);
        assert_eq!(code(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), 18);
        assert_eq!(code(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\nabc"), 8);
        assert_eq!(code(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"), 56);
        assert_eq!(code(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n"), 56);
        assert_eq!(code(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n"), 56);
        assert_eq!(code(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"), 18);
        assert_eq!(code(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), 18);
        let mut big = b"HTTP/1.1 200 OK\r\nX: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', MAX_HEAD + 10));
        assert_eq!(code(&big), 27);
        let e = body(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "GET").unwrap_err();
        assert_eq!(e.msg, "transfer closed with 7 bytes remaining to read");
    }
}
