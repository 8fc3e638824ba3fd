//! Host access to servers in a VM, on every backend: a wasm echo server reached with
//! `Vm::connect` (bytes both ways, half-close), a Node http server reached with
//! `Vm::http_request` and a keep-alive `HttpClient` (status, headers, Content-Length and chunked
//! bodies), Node and wasm servers and clients talking inside one VM, the typed errors
//! (connection refused, timeout), and `burrow run --publish` forwarding a host port.

#[macro_use]
mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use burrow::{BackendKind, Error, Runtime, Vm};
use common::text;

/// An http server for the host's requests: `/plain` (Content-Length), `/chunked`, `POST /echo`,
/// 404 otherwise; each response names its connection (`X-Conn`, counted from 1). It closes
/// after `argv[3]` requests and prints how many it served on how many connections.
const HTTP_SERVER: &str = r#"const http = require('http');
const [port, total] = [Number(process.argv[2]), Number(process.argv[3])];
let conns = 0;
let served = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    res.setHeader('X-Conn', String(req.socket.connNo));
    if (req.url === '/plain') {
      res.setHeader('Content-Type', 'text/plain');
      res.end('hello');
    } else if (req.url === '/chunked') {
      res.write('part1-');
      res.write('part2-');
      res.end('end');
    } else if (req.url === '/echo' && req.method === 'POST') {
      res.setHeader('Content-Type', 'application/json');
      const body = Buffer.concat(chunks).toString();
      res.end(JSON.stringify({ method: req.method, body, custom: req.headers['x-custom'] }));
    } else {
      res.statusCode = 404;
      res.end(`no ${req.url}`);
    }
    if (++served === total) server.close(() => console.log(`served ${served} on ${conns} connections`));
  });
});
server.on('connection', (sock) => { sock.connNo = ++conns; });
server.listen(port, '127.0.0.1');
"#;

/// Answers one request with its method and path, then closes.
const HELLO_SERVER: &str = r#"const http = require('http');
const server = http.createServer((req, res) => {
  res.end(`node answered ${req.method} ${req.url}`);
  server.close(() => console.log('node server: done'));
});
server.listen(Number(process.argv[2]), '127.0.0.1');
"#;

/// Sends `argv[3]` to `argv[2]` (retrying while refused), half-closes and prints the echo.
const ECHO_CLIENT: &str = r#"const net = require('net');
const [port, message] = [Number(process.argv[2]), process.argv[3]];
function attempt(tries) {
  const sock = net.connect(port, '127.0.0.1', () => sock.end(message));
  let echoed = '';
  sock.setEncoding('utf8');
  sock.on('data', (d) => { echoed += d; });
  sock.on('end', () => console.log(`node client: echo ${echoed}`));
  sock.on('error', (e) => {
    if (e.code === 'ECONNREFUSED' && tries < 1000) {
      setTimeout(() => attempt(tries + 1), 10);
    } else {
      console.log('node client:', e.code);
      process.exitCode = 1;
    }
  });
}
attempt(0);
"#;

/// The test runtime: every test guest and `http_get` in `/bin`, the scripts in `/srv/host`.
fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        let mut b = Runtime::builder()
            .cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache")));
        for name in common::GUESTS.iter().chain(&["http_get"]) {
            b = b.file(format!("/bin/{name}"), common::guest(name), 0o755);
        }
        for (name, source) in
            [("http_server.js", HTTP_SERVER), ("hello_server.js", HELLO_SERVER), ("echo_client.js", ECHO_CLIENT)]
        {
            b = b.file(format!("/srv/host/{name}"), source.as_bytes().to_vec(), 0o644);
        }
        b.build().expect("runtime")
    })
    .clone()
}

#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    fn vm(self) -> Vm {
        Vm::builder().runtime(&runtime()).backend(self.0).build().expect("vm")
    }
}

const WAIT: Duration = Duration::from_secs(60);

every_backend!(
    wasm_echo_server_reached_with_connect,
    node_http_server_reached_with_http_requests,
    node_and_wasm_servers_and_clients_in_one_vm,
);

fn wasm_echo_server_reached_with_connect(b: Backend) {
    let vm = b.vm();
    std::thread::scope(|s| {
        let server = s.spawn(|| vm.run(&["/bin/echo_server", "9000", "1"]).unwrap());
        vm.wait_for_listener(9000, WAIT).unwrap();
        let mut conn = vm.connect(9000).unwrap();
        assert_eq!(conn.peer_addr(), "127.0.0.1:9000".parse().unwrap());
        conn.set_read_timeout(Some(WAIT));

        conn.write_all(b"ping").unwrap();
        let mut buf = [0u8; 4];
        conn.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"ping");

        // More than the connection buffers hold, written by one thread while this one reads,
        // then a half-close: the server sees end of file and the echo still arrives in full.
        let big: Vec<u8> = (0..300 * 1024).map(|i| (i % 251) as u8).collect();
        let writer = conn.try_clone().unwrap();
        let sent = big.clone();
        let w = s.spawn(move || {
            (&writer).write_all(&sent).unwrap();
            writer.shutdown(Shutdown::Write).unwrap();
            writer
        });
        let mut echoed = Vec::new();
        conn.read_to_end(&mut echoed).unwrap();
        assert!(echoed == big, "echo differs ({} of {} bytes)", echoed.len(), big.len());
        let writer = w.join().unwrap();
        assert_eq!((&writer).write(b"x").unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
        assert_eq!(conn.read(&mut buf).unwrap(), 0);

        let out = server.join().unwrap();
        assert_eq!(text(&out.stdout), format!("server: 1 connections, {} bytes echoed\n", 4 + big.len()));
        assert!(out.status.success());
    });
    assert_eq!(vm.kernel().sockets().ports(true), Vec::<u16>::new());
    assert_eq!(vm.kernel().sockets().buffered(), 0);
}

fn node_http_server_reached_with_http_requests(b: Backend) {
    let vm = b.vm();
    std::thread::scope(|s| {
        let server = s.spawn(|| vm.run(&["node", "/srv/host/http_server.js", "8080", "5"]).unwrap());
        vm.wait_for_listener(8080, WAIT).unwrap();

        let res = vm.http_request("GET", 8080, "/plain", &[], b"").unwrap();
        assert_eq!((res.status, res.reason.as_str(), res.text().as_str()), (200, "OK", "hello"));
        assert_eq!(res.header("content-type"), Some("text/plain"));
        assert_eq!(res.header("Content-Length"), Some("5"));
        assert_eq!(res.header("x-conn"), Some("1"));

        let res = vm.http_request("GET", 8080, "/chunked", &[], b"").unwrap();
        assert_eq!(res.status, 200);
        assert_eq!(res.header("transfer-encoding"), Some("chunked"));
        assert_eq!(res.header("content-length"), None);
        assert_eq!(res.text(), "part1-part2-end");
        assert_eq!(res.header("x-conn"), Some("2"));

        // Two requests on one keep-alive connection.
        let mut client = vm.http_client(8080).unwrap();
        let first = client.request("GET", "/plain", &[], b"").unwrap();
        assert_eq!((first.status, first.text().as_str()), (200, "hello"));
        assert_eq!(first.header("connection"), Some("keep-alive"));
        let second = client.request("POST", "/echo", &[("X-Custom", "yes")], b"a body").unwrap();
        assert_eq!(second.status, 200);
        assert_eq!(second.header("content-type"), Some("application/json"));
        assert_eq!(second.text(), r#"{"method":"POST","body":"a body","custom":"yes"}"#);
        assert_eq!((first.header("x-conn"), second.header("x-conn")), (Some("3"), Some("3")));
        drop(client);

        let res = vm.http_request("GET", 8080, "/missing", &[], b"").unwrap();
        assert_eq!((res.status, res.reason.as_str(), res.text().as_str()), (404, "Not Found", "no /missing"));

        let out = server.join().unwrap();
        assert_eq!(text(&out.stdout), "served 5 on 4 connections\n", "stderr: {}", text(&out.stderr));
        assert!(out.status.success());
    });
}

fn node_and_wasm_servers_and_clients_in_one_vm(b: Backend) {
    // A Node http server answers a wasm client; a wasm echo server answers a Node client.
    let out = b
        .vm()
        .run(&[
            "/bin/sh",
            "-c",
            "mkdir -p /tmp; echo_server 8001 1 > /tmp/echo.out & node /srv/host/hello_server.js 8000 > /tmp/node.out & \
             http_get 8000 /from-wasm; node /srv/host/echo_client.js 8001 'from node'; wait; cat /tmp/node.out /tmp/echo.out",
        ])
        .unwrap();
    assert_eq!(
        text(&out.stdout),
        "status: HTTP/1.1 200 OK\n\
         body: node answered GET /from-wasm\n\
         node client: echo from node\n\
         node server: done\n\
         server: 1 connections, 9 bytes echoed\n",
        "stderr: {}",
        text(&out.stderr)
    );
    assert!(out.status.success());
}

#[test]
fn connect_with_no_listener_is_refused() {
    let vm = Backend(BackendKind::Wasmtime).vm();
    let err = vm.connect(4444).unwrap_err();
    assert!(matches!(err, Error::ConnectionRefused { port: 4444 }), "{err:?}");
    assert_eq!(err.to_string(), "connection refused: nothing listens on port 4444 in the VM");
    let err = vm.http_request("GET", 4444, "/", &[], b"").unwrap_err();
    assert!(matches!(err, Error::ConnectionRefused { port: 4444 }), "{err:?}");
}

#[test]
fn wait_for_listener_times_out() {
    let vm = Backend(BackendKind::Wasmtime).vm();
    let start = Instant::now();
    let err = vm.wait_for_listener(4444, Duration::from_millis(50)).unwrap_err();
    assert!(start.elapsed() >= Duration::from_millis(50));
    match err {
        Error::Timeout { timeout, .. } => assert_eq!(timeout, Duration::from_millis(50)),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[test]
fn http_requests_are_checked_before_sending() {
    let vm = Backend(BackendKind::Wasmtime).vm();
    for (method, path, header) in
        [("GE T", "/", ("a", "b")), ("GET", "/a b", ("a", "b")), ("GET", "/", ("a", "b\r\nc: d"))]
    {
        let err = vm.http_request(method, 1, path, &[header], b"").unwrap_err();
        assert!(matches!(err, Error::InvalidSetting(_)), "{err:?}");
    }
}

#[test]
fn http_errors_are_typed() {
    let vm = Backend(BackendKind::Wasmtime).vm();
    std::thread::scope(|s| {
        // The echo server serves one connection at a time: while `busy` holds it, an HTTP
        // request waits in the backlog unanswered.
        let server = s.spawn(|| vm.run(&["/bin/echo_server", "9300", "1"]).unwrap());
        vm.wait_for_listener(9300, WAIT).unwrap();
        let busy = vm.connect(9300).unwrap();
        let mut client = vm.http_client(9300).unwrap();
        client.set_timeout(Some(Duration::from_millis(100)));
        let err = client.request("GET", "/", &[], b"").unwrap_err();
        assert!(matches!(err, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(100)), "{err:?}");
        let err = client.request("GET", "/", &[], b"").unwrap_err();
        assert!(matches!(err, Error::Http(_)), "a failed exchange closes the client: {err:?}");
        busy.shutdown(Shutdown::Write).unwrap();
        assert!(server.join().unwrap().status.success());
        // What comes back from an echo server is the request itself: not a response.
        let server = s.spawn(|| vm.run(&["/bin/echo_server", "9301", "1"]).unwrap());
        vm.wait_for_listener(9301, WAIT).unwrap();
        let err = vm.http_request("GET", 9301, "/", &[], b"").unwrap_err();
        assert_eq!(err.to_string(), "HTTP: port 9301: malformed response: status line `GET / HTTP/1.1`");
        server.join().unwrap();
    });
}

fn burrow() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_burrow"));
    c.env("BURROW_CACHE_DIR", PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache"));
    c
}

/// A port free on the host's loopback now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Connects to the host's `127.0.0.1:port`, retrying while the CLI starts.
fn connect_host(port: u16) -> TcpStream {
    let start = Instant::now();
    loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => return s,
            Err(e) if start.elapsed() < WAIT => {
                assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused, "{e}");
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("127.0.0.1:{port}: {e}"),
        }
    }
}

#[test]
fn cli_publish_forwards_a_host_port_to_a_wasm_server() {
    let port = free_port();
    let wasm = common::guests_dir().join("echo_server.wasm");
    let child = burrow()
        .args(["run", "--publish", &format!("{port}:9100"), &wasm.display().to_string(), "9100", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut host = connect_host(port);
    host.set_read_timeout(Some(WAIT)).unwrap();
    host.write_all(b"through the host").unwrap();
    let mut buf = [0u8; 16];
    host.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"through the host");
    host.write_all(b", half-closed").unwrap();
    host.shutdown(Shutdown::Write).unwrap();
    let mut rest = String::new();
    host.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, ", half-closed");
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        (text(&out.stdout).as_str(), out.status.code()),
        ("server: 1 connections, 29 bytes echoed\n", Some(0)),
        "stderr: {}",
        text(&out.stderr)
    );
}

#[test]
fn cli_publish_forwards_a_host_port_to_a_node_server() {
    let port = free_port();
    let script = "const s = require('http').createServer((q, r) => { r.end('node via ' + q.url); s.close(); }); \
                  s.listen(3000, '127.0.0.1');";
    let child = burrow()
        .args(["run", "--publish", &format!("{port}:3000"), "--", "node", "-e", script])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut host = connect_host(port);
    host.set_read_timeout(Some(WAIT)).unwrap();
    host.write_all(b"GET /published HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    host.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.ends_with("\r\n\r\nnode via /published"), "{response}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
}

#[test]
fn cli_publish_errors_are_one_clear_line() {
    let out = burrow().args(["run", "--publish", "8080", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert_eq!(
        text(&out.stderr),
        "burrow: invalid setting: --publish `8080`: expected HOST_PORT:GUEST_PORT (ports 1-65535)\n"
    );
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = burrow().args(["run", "--publish", &format!("{port}:80"), "/bin/true"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert_eq!(text(&out.stderr), format!("burrow: host port {port}: already in use\n"));
    let help = burrow().arg("--help").output().unwrap();
    let help = text(&help.stdout);
    assert!(help.contains("--publish HOST_PORT:GUEST_PORT"), "{help}");
    assert!(help.contains("burrow run --publish 8080:3000"), "{help}");
}
