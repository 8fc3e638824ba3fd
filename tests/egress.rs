//! Egress on every backend: guests reach listeners on the host's 127.0.0.1 through the host alias
//! (`10.0.2.2`, `host.burrow.internal`) when the VM's policy names it, over real host sockets
//! bridged by the runtime's tokio network: a wasm guest (`egress_client`), `node` (net, http,
//! fetch, dns), and the userland's HTTP-only `curl` and `wget` (bodies of every framing, redirects,
//! exact requests, curl's and wget's errors and exit statuses). Without a rule they get EACCES
//! (Node's errors), names no rule names are never looked up, and names a rule names resolve through
//! a fake resolver installed as the kernel's host network (no real name is ever resolved, no
//! traffic leaves loopback). The bridge's stream semantics (half-close, resets both ways with real
//! RSTs, backpressure, non-blocking connect failures) are checked through the kernel's calls, and
//! the CLI's `--net-allow`.

#[macro_use]
mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Shutdown as NetShutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use burrow::kernel::fd::OpenFlags;
use burrow::kernel::net::{Domain, EgressConn, HostNet, MsgFlags, Shutdown, SockAddr, SockOpt, SockType};
use burrow::kernel::poll::Readiness;
use burrow::kernel::syscall::PollFd;
use burrow::kernel::{Errno, Task};
use burrow::{BackendKind, NetPolicy, Runtime, Vm};
use common::{guest, text};
use parking_lot::Mutex;

/// A runtime with `egress_client` in `/bin` (and the userland, for `node`).
fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        Runtime::builder()
            .cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache")))
            .file("/bin/egress_client", guest("egress_client"), 0o755)
            .build()
            .expect("runtime")
    })
    .clone()
}

#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    fn vm(self, rules: &[String]) -> Vm {
        let policy = NetPolicy::from_rules(rules).expect("rules");
        Vm::builder().runtime(&runtime()).backend(self.0).net_policy(policy).build().expect("vm")
    }
}

every_backend!(
    wasm_guest_reaches_the_host_through_the_alias,
    wasm_guest_without_a_rule_is_denied,
    node_net_http_and_fetch_reach_the_host,
    node_without_a_rule_gets_nodes_errors,
    allowed_names_resolve_through_the_hosts_resolver,
    curl_talks_http_to_the_host,
    wget_fetches_from_the_host,
);

/// A host listener on 127.0.0.1 that answers `count` connections: each is read to its end and
/// answered with what it sent, uppercased, then closed. Returns the port and what each sent.
fn upper_server(count: usize) -> (u16, JoinHandle<Vec<Vec<u8>>>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let h = thread::spawn(move || {
        (0..count)
            .map(|_| {
                let (mut s, _) = l.accept().unwrap();
                let mut got = Vec::new();
                s.read_to_end(&mut got).unwrap();
                s.write_all(&got.to_ascii_uppercase()).unwrap();
                got
            })
            .collect()
    });
    (port, h)
}

/// A host HTTP server on 127.0.0.1 answering `count` requests (one per connection) with
/// `200`, an `X-Host` header echoing the request's `Host`, and `path=PATH` as the body.
fn http_server(count: usize) -> (u16, JoinHandle<()>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let h = thread::spawn(move || {
        for _ in 0..count {
            let (mut s, _) = l.accept().unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if s.read(&mut byte).unwrap() == 0 {
                    break;
                }
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            let path = head.split(' ').nth(1).unwrap_or("").to_string();
            let host = head
                .lines()
                .find_map(|l| l.strip_prefix("Host: ").or_else(|| l.strip_prefix("host: ")))
                .unwrap_or("")
                .to_string();
            let body = format!("path={path}");
            let reply = format!(
                "HTTP/1.1 200 OK\r\nX-Host: {host}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            s.write_all(reply.as_bytes()).unwrap();
        }
    });
    (port, h)
}

fn wasm_guest_reaches_the_host_through_the_alias(b: Backend) {
    let (port, server) = upper_server(2);
    let vm = b.vm(&[format!("10.0.2.2:{port}")]);
    let out = vm.run(&["/bin/egress_client", "10.0.2.2", &port.to_string(), "hello", "20000"]).unwrap();
    assert_eq!(
        text(&out.stdout),
        format!("connected to 10.0.2.2:{port} from 10.0.2.15\nreply: 100000 bytes: {}\n", "HELLO".repeat(8)),
        "stderr: {}",
        text(&out.stderr)
    );
    assert!(out.status.success());
    // By name: a rule naming `host.burrow.internal` unlocks the same address.
    let vm = b.vm(&[format!("host.burrow.internal:{port}")]);
    let out = vm.run(&["/bin/egress_client", "host.burrow.internal", &port.to_string(), "by name"]).unwrap();
    assert_eq!(text(&out.stdout), format!("connected to 10.0.2.2:{port} from 10.0.2.15\nreply: 7 bytes: BY NAME\n"));
    let got = server.join().unwrap();
    assert_eq!(got[0], "hello".repeat(20000).into_bytes());
    assert_eq!(got[1], b"by name");
    assert_eq!(vm.kernel().sockets().ports(true), Vec::<u16>::new(), "the VM's ports are released");
}

fn wasm_guest_without_a_rule_is_denied(b: Backend) {
    let host = TcpListener::bind("127.0.0.1:0").unwrap();
    host.set_nonblocking(true).unwrap();
    let port = host.local_addr().unwrap().port();
    // No rule, or rules that do not name the alias: denied, nothing dialed.
    for rules in [vec![], vec!["*:*".to_string(), "10.0.0.0/8:*".to_string()], vec![format!("10.0.2.2:{}", port ^ 1)]] {
        let vm = b.vm(&rules);
        let out = vm.run(&["/bin/egress_client", "10.0.2.2", &port.to_string()]).unwrap();
        assert_eq!(text(&out.stdout), "egress_client: EACCES (connect)\n", "{rules:?}");
        assert_eq!(out.code(), 1);
    }
    assert_eq!(host.accept().map(|_| ()).unwrap_err().kind(), ErrorKind::WouldBlock);
    // Names: the alias and localhost answer in the VM; others need a rule.
    let vm = b.vm(&[]);
    let resolve = |name: &str| text(&vm.run(&["/bin/egress_client", "resolve", name, "443"]).unwrap().stdout);
    assert_eq!(resolve("host.burrow.internal"), "host.burrow.internal: 10.0.2.2\n");
    assert_eq!(resolve("localhost"), "localhost: 127.0.0.1 ::1\n");
    assert_eq!(resolve("api.example.com"), "api.example.com: EACCES\n");
    // Allowed, but nothing listens there: the host's refusal.
    drop(host);
    let vm = b.vm(&[format!("10.0.2.2:{port}")]);
    let out = vm.run(&["/bin/egress_client", "10.0.2.2", &port.to_string()]).unwrap();
    assert_eq!(text(&out.stdout), "egress_client: ECONNREFUSED (connect)\n");
}

/// The lines of `out`, sorted (callbacks of independent requests come in any order).
fn sorted_lines(out: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = text(out).lines().map(String::from).collect();
    lines.sort();
    lines
}

fn node(vm: &Vm, script: &str) -> burrow::Output {
    vm.command("node").args(["-e", script]).output().expect("node")
}

fn node_net_http_and_fetch_reach_the_host(b: Backend) {
    let (net_port, net_server) = upper_server(1);
    let (http_port, http_server) = http_server(2);
    let vm = b.vm(&[format!("host.burrow.internal:{net_port}"), format!("10.0.2.2:{http_port}")]);
    let script = format!(
        "const net = require('net'); const http = require('http');
        const s = net.connect({net_port}, 'host.burrow.internal', () => {{
          console.log('connected', s.remoteAddress, s.remotePort, s.localAddress);
          s.end('ping from node');
        }});
        let got = '';
        s.on('data', (d) => {{ got += d; }});
        s.on('error', (e) => console.log('net error', e.code, e.message));
        s.on('end', () => {{
          console.log('net reply:', got);
          http.get('http://host.burrow.internal:{http_port}/hello?x=1', (res) => {{
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c) => {{ body += c; }});
            res.on('end', () => {{
              console.log('http', res.statusCode, res.headers['x-host'], body);
              fetch('http://10.0.2.2:{http_port}/fetched').then((r) => r.text().then((t) => console.log('fetch', r.status, t)),
                (e) => console.log('fetch error', e.message, e.cause && e.cause.code));
            }});
          }}).on('error', (e) => console.log('http error', e.code, e.message));
        }});"
    );
    let out = node(&vm, &script);
    assert_eq!(
        text(&out.stdout),
        format!(
            "connected 10.0.2.2 {net_port} 10.0.2.15\nnet reply: PING FROM NODE\n\
             http 200 host.burrow.internal:{http_port} path=/hello?x=1\nfetch 200 path=/fetched\n"
        ),
        "stderr: {}",
        text(&out.stderr)
    );
    assert_eq!(out.code(), 0);
    assert_eq!(net_server.join().unwrap(), vec![b"ping from node".to_vec()]);
    http_server.join().unwrap();
}

fn node_without_a_rule_gets_nodes_errors(b: Backend) {
    let host = TcpListener::bind("127.0.0.1:0").unwrap();
    host.set_nonblocking(true).unwrap();
    let port = host.local_addr().unwrap().port();
    // A rule for a private network, which names no host (so no name is looked up on the host)
    // and does not unlock the alias either.
    let vm = b.vm(&["10.0.0.0/8:*".to_string()]);
    let script = format!(
        "const net = require('net'); const dns = require('dns');
        const s = net.connect({port}, 'host.burrow.internal');
        s.on('connect', () => console.log('connected?!'));
        s.on('error', (e) => {{
          console.log('net', e.code, e.syscall, e.address, e.port);
          dns.lookup('api.example.com', {{ family: 4 }}, (err) => {{
            console.log('lookup', err.code, err.syscall, err.hostname, err.message);
          }});
        }});
        dns.lookup('host.burrow.internal', (err, address, family) => console.log('alias', err, address, family));
        dns.promises.lookup('localhost', {{ all: true }}).then((all) => console.log('localhost', JSON.stringify(all)));
        require('dns/promises').lookup('::1').then((a) => console.log('literal', a.address, a.family));"
    );
    let out = node(&vm, &script);
    assert_eq!(
        sorted_lines(&out.stdout),
        sorted_lines(
            format!(
                "alias null 10.0.2.2 4\nlocalhost [{{\"address\":\"127.0.0.1\",\"family\":4}},{{\"address\":\"::1\",\"family\":6}}]\n\
                 literal ::1 6\nnet EACCES connect 10.0.2.2 {port}\n\
                 lookup ENOTFOUND getaddrinfo api.example.com getaddrinfo ENOTFOUND api.example.com (the VM's network policy has no rule for this host)\n"
            )
            .as_bytes()
        ),
        "stderr: {}",
        text(&out.stderr)
    );
    // http to a name no rule names: Node's lookup error, and nothing dialed.
    let out = node(
        &vm,
        "require('http').get('http://api.example.com/').on('error', (e) => console.log('http', e.code, e.syscall))",
    );
    assert_eq!(text(&out.stdout), "http ENOTFOUND getaddrinfo\n", "stderr: {}", text(&out.stderr));
    assert_eq!(host.accept().map(|_| ()).unwrap_err().kind(), ErrorKind::WouldBlock);
}

/// A host HTTP server on 127.0.0.1 for the guests' `curl` and `wget`, answering every
/// connection by the request's path: `/cl` a `Content-Length` body, `/chunked` a chunked one,
/// `/close` one delimited by closing, `/missing` a 404, `/old` a 301 to `/cl`, `/echo` the
/// request as received (head and `Content-Length` body), `/empty` nothing (it just closes).
fn web_server() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            let mut req = Vec::new();
            let mut byte = [0u8; 1];
            while !req.ends_with(b"\r\n\r\n") && s.read(&mut byte).map_or(false, |n| n == 1) {
                req.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&req).into_owned();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let mut body = vec![0u8; len];
            let _ = s.read_exact(&mut body);
            req.extend_from_slice(&body);
            let path = head.split(' ').nth(1).unwrap_or("").to_string();
            let reply: Vec<u8> = match path.split('?').next().unwrap_or("") {
                "/cl" => b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n".to_vec(),
                "/chunked" => {
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n world\n\r\n0\r\n\r\n"
                        .to_vec()
                }
                "/close" => b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil close\n".to_vec(),
                "/missing" => b"HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope\n".to_vec(),
                "/old" => b"HTTP/1.1 301 Moved Permanently\r\nLocation: /cl\r\nContent-Length: 0\r\n\r\n".to_vec(),
                "/echo" => {
                    [format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", req.len()).into_bytes(), req].concat()
                }
                _ => Vec::new(),
            };
            let _ = s.write_all(&reply);
        }
    });
    port
}

/// Runs `argv` in `vm` (in `/tmp`): stdout, stderr and the exit status.
fn tool(vm: &Vm, argv: &[&str]) -> (String, String, i32) {
    let out = vm.command(argv[0]).args(argv[1..].iter().copied()).cwd("/tmp").output().expect(argv[0]);
    (text(&out.stdout), text(&out.stderr), out.code())
}

fn curl_talks_http_to_the_host(b: Backend) {
    let port = web_server();
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let vm = b.vm(&[format!("10.0.2.2:{port}")]);
    let base = format!("http://10.0.2.2:{port}");
    let ok = |out: String| (out, String::new(), 0);
    let run = |args: &[&str]| tool(&vm, &[&["curl"], args].concat());
    // Bodies of every framing.
    assert_eq!(run(&["-s", &format!("{base}/cl")]), ok("hello\n".into()));
    assert_eq!(run(&[&format!("{base}/chunked"), "-s"]), ok("hello world\n".into()));
    assert_eq!(run(&["-sS", &format!("10.0.2.2:{port}/close")]), ok("until close\n".into()));
    assert_eq!(run(&["-s", &format!("http://host.burrow.internal:{port}/cl#frag")]), ok("hello\n".into()));
    // Heads, errors, redirects.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\n";
    assert_eq!(run(&["-si", &format!("{base}/cl")]), ok(format!("{head}hello\n")));
    assert_eq!(run(&["-sI", &format!("{base}/cl")]), ok(head.into()));
    assert_eq!(run(&["-s", &format!("{base}/missing")]), ok("nope\n".into()));
    let failed = (String::new(), "curl: (22) The requested URL returned error: 404\n".to_string(), 22);
    assert_eq!(run(&["-sSf", &format!("{base}/missing")]), failed);
    assert_eq!(run(&["-sf", &format!("{base}/missing")]), (String::new(), String::new(), 22));
    assert_eq!(
        run(&["-s", "-w", "%{http_code} %{redirect_url}", &format!("{base}/old")]),
        ok(format!("301 {base}/cl"))
    );
    let wo = "%{http_code} %{response_code} %{num_redirects} %{url_effective} %{content_type} %{size_download} %{method}\\n%%";
    assert_eq!(
        run(&["-sL", "-d", "x", "-w", wo, &format!("{base}/old")]),
        ok(format!("hello\n200 200 1 {base}/cl text/plain 6 GET\n%"))
    );
    assert_eq!(
        run(&["-sSL", "--max-redirs", "0", &format!("{base}/old")]),
        (String::new(), "curl: (47) Maximum (0) redirects followed\n".into(), 47)
    );
    // The request, exactly.
    let host = format!("Host: 10.0.2.2:{port}");
    let echo = format!("{base}/echo");
    assert_eq!(
        run(&["-s", "-X", "PUT", "-d", "a=1", "-d", "b=2", "-H", "X-A: 1", "-A", "agent", "-u", "u:p", &echo]),
        ok(format!(
            "PUT /echo HTTP/1.1\r\n{host}\r\nAuthorization: Basic dTpw\r\nUser-Agent: agent\r\nAccept: */*\r\n\
             X-A: 1\r\nContent-Length: 7\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\na=1&b=2"
        ))
    );
    assert_eq!(
        run(&["-s", "--json", "{\"a\":1}", &echo]),
        ok(format!(
            "POST /echo HTTP/1.1\r\n{host}\r\nUser-Agent: curl/7.88.1\r\nContent-Type: application/json\r\n\
             Accept: application/json\r\nContent-Length: 7\r\n\r\n{{\"a\":1}}"
        ))
    );
    assert_eq!(
        run(&["-sG", "-d", "x=1", "--data-urlencode", "y=a b", &format!("{echo}?q=0"), "-H", "Accept:"]),
        ok(format!("GET /echo?q=0&x=1&y=a+b HTTP/1.1\r\n{host}\r\nUser-Agent: curl/7.88.1\r\n\r\n"))
    );
    // Output to a file.
    assert_eq!(run(&["-s", "-o", "/tmp/got", &format!("{base}/chunked")]), ok(String::new()));
    assert_eq!(tool(&vm, &["cat", "/tmp/got"]), ok("hello world\n".into()));
    // curl's failures.
    let err = |code: i32, msg: String| (String::new(), format!("curl: ({code}) {msg}\n"), code);
    assert_eq!(run(&["-sS", &format!("{base}/empty")]), err(52, "Empty reply from server".into()));
    assert_eq!(run(&["-s", &format!("{base}/empty")]), (String::new(), String::new(), 52));
    assert_eq!(
        run(&["-sS", &format!("https://10.0.2.2:{port}/")]),
        err(1, "Protocol \"https\" not supported or disabled in libcurl".into())
    );
    assert_eq!(run(&["-sS", &format!("{base}/a b")]), err(3, "URL using bad/illegal format or missing URL".into()));
    assert_eq!(
        run(&["-sS", "http://nowhere.example.com/"]),
        err(6, "Could not resolve host: nowhere.example.com".into())
    );
    let (out, stderr, code) = run(&["-sS", &format!("http://10.0.2.2:{closed}/")]);
    assert_eq!((out.as_str(), code), ("", 7), "{stderr}");
    assert!(stderr.starts_with(&format!("curl: (7) Failed to connect to 10.0.2.2 port {closed} after ")), "{stderr}");
    assert!(stderr.ends_with(" ms: Permission denied\n"), "{stderr}");
}

fn wget_fetches_from_the_host(b: Backend) {
    let port = web_server();
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let vm = b.vm(&[format!("10.0.2.2:{port}")]);
    let base = format!("http://10.0.2.2:{port}");
    let ok = |out: &str| (out.to_string(), String::new(), 0);
    let run = |args: &[&str]| tool(&vm, &[&["wget"], args].concat());
    assert_eq!(run(&["-qO-", &format!("{base}/cl")]), ok("hello\n"));
    assert_eq!(run(&["-q", "-O", "-", &format!("{base}/old")]), ok("hello\n"));
    assert_eq!(run(&["-q", "-O", "/tmp/w", &format!("{base}/chunked")]), ok(""));
    assert_eq!(tool(&vm, &["cat", "/tmp/w"]), ok("hello world\n"));
    // Saved under the URL's name, then `.1`, with a log on stderr.
    for name in ["close", "close.1"] {
        let (out, log, code) = run(&[&format!("{base}/close")]);
        assert_eq!((out.as_str(), code), ("", 0), "{log}");
        assert!(log.contains("200 OK") && log.contains(&format!("‘{name}’ saved [12]")), "{log}");
        assert_eq!(tool(&vm, &["cat", &format!("/tmp/{name}")]), ok("until close\n"));
    }
    assert_eq!(
        run(&["-qO-", "--post-data", "a=1", "--header", "X-A: b", "-U", "agent", &format!("{base}/echo")]),
        ok(&format!(
            "POST /echo HTTP/1.1\r\nHost: 10.0.2.2:{port}\r\nUser-Agent: agent\r\nAccept: */*\r\n\
             Accept-Encoding: identity\r\nConnection: Keep-Alive\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: 3\r\nX-A: b\r\n\r\na=1"
        ))
    );
    // Failures: a server error, a denied connect, an unsupported scheme.
    assert_eq!(run(&["-qO-", &format!("{base}/missing")]), (String::new(), String::new(), 8));
    let (_, log, code) = run(&["-O-", &format!("{base}/missing")]);
    assert!(code == 8 && log.contains("ERROR 404: Not Found."), "{log}");
    let (_, log, code) = run(&["-O-", &format!("http://10.0.2.2:{closed}/")]);
    assert!(code == 4 && log.contains("failed: Permission denied."), "{log}");
    assert_eq!(run(&["-qO-", &format!("http://10.0.2.2:{closed}/")]).2, 4);
    let (_, log, code) = run(&["-qO-", "https://10.0.2.2/"]);
    assert_eq!((log.as_str(), code), ("https://10.0.2.2/: HTTPS support not compiled in.\n", 1));
}

/// A host network that answers lookups from a table and sends connections to its one "public"
/// address to a local listener (through the runtime's real network); anything else outside
/// loopback fails, so no test traffic leaves the host.
struct FakeDns {
    inner: Arc<dyn HostNet>,
    public: SocketAddr,
    local: SocketAddr,
    looked_up: Mutex<Vec<String>>,
}

impl HostNet for FakeDns {
    fn connect(&self, addr: SocketAddr, conn: EgressConn) {
        if addr == self.public {
            self.inner.connect(self.local, conn);
        } else if addr.ip().is_loopback() {
            self.inner.connect(addr, conn);
        } else {
            conn.fail(Errno::ENETUNREACH);
        }
    }

    fn resolve(&self, name: &str) -> Result<Vec<IpAddr>, Errno> {
        self.looked_up.lock().push(name.to_string());
        match name {
            "api.example.com" => Ok(vec![self.public.ip(), "10.9.9.9".parse().unwrap()]),
            _ => Err(Errno::ENOENT),
        }
    }
}

fn allowed_names_resolve_through_the_hosts_resolver(b: Backend) {
    let (port, server) = upper_server(2);
    let vm = b.vm(&["api.example.com:443".to_string()]);
    let public: SocketAddr = "203.0.113.7:443".parse().unwrap();
    let fake = Arc::new(FakeDns {
        inner: runtime().host_net(),
        public,
        local: SocketAddr::from(([127, 0, 0, 1], port)),
        looked_up: Mutex::new(Vec::new()),
    });
    vm.kernel().set_host_net(fake.clone());
    let run = |args: &[&str]| {
        let out = vm.run(args).unwrap();
        format!("{}{}", text(&out.stdout), text(&out.stderr))
    };
    // The private answer (DNS rebinding) is dropped; names no rule names are never looked up.
    assert_eq!(run(&["/bin/egress_client", "resolve", "api.example.com"]), "api.example.com: 203.0.113.7\n");
    assert_eq!(run(&["/bin/egress_client", "resolve", "other.example.com"]), "other.example.com: EACCES\n");
    assert_eq!(run(&["/bin/egress_client", "resolve", "api.example.com", "80"]), "api.example.com: EACCES\n");
    assert_eq!(
        run(&["/bin/egress_client", "api.example.com", "443", "wasm"]),
        "connected to 203.0.113.7:443 from 10.0.2.15\nreply: 4 bytes: WASM\n"
    );
    // The looked-up address is allowed on the name's port only.
    assert_eq!(run(&["/bin/egress_client", "203.0.113.7", "80"]), "egress_client: EACCES (connect)\n");
    let script = "const s = require('net').connect(443, 'api.example.com', () => { console.log(s.remoteAddress); s.end('node'); });
        let got = ''; s.on('data', (d) => { got += d; }); s.on('end', () => console.log(got));
        s.on('error', (e) => console.log('error', e.code));
        require('dns').lookup('nowhere.example.com', (e) => console.log(e.code));";
    let out = node(&vm, script);
    assert_eq!(sorted_lines(&out.stdout), ["203.0.113.7", "ENOTFOUND", "NODE"], "stderr: {}", text(&out.stderr));
    assert_eq!(server.join().unwrap(), vec![b"wasm".to_vec(), b"node".to_vec()]);
    let looked_up = fake.looked_up.lock().clone();
    assert!(looked_up.iter().all(|n| n == "api.example.com"), "{looked_up:?}");
}

/// A VM on the real host network allowing the alias, and its init task for kernel calls.
fn bridged() -> (Vm, Task) {
    let vm = Vm::builder()
        .runtime(&runtime())
        .net_policy(NetPolicy::from_rules(["10.0.2.2:*"]).unwrap())
        .build()
        .expect("vm");
    let t = vm.kernel().init();
    (vm, t)
}

fn alias(port: u16) -> SockAddr {
    SockAddr::Inet(SocketAddr::from(([10, 0, 2, 2], port)))
}

fn connected(t: &Task) -> (u32, TcpStream) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let fd = t.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap();
    t.connect(fd, &alias(l.local_addr().unwrap().port())).unwrap();
    let (host, _) = l.accept().unwrap();
    (fd, host)
}

fn recv_all(t: &Task, fd: u32) -> Result<Vec<u8>, Errno> {
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match t.recv(fd, &mut buf, MsgFlags::default()) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => return Err(e.errno()),
        }
    }
}

fn ready(t: &Task, fd: u32, timeout: Duration) -> Readiness {
    let mut p = [PollFd::new(fd, Readiness::READABLE | Readiness::WRITABLE)];
    t.poll(&mut p, Some(timeout)).unwrap();
    p[0].revents.unwrap()
}

#[test]
fn the_bridge_half_closes_both_ways() {
    let (_vm, t) = bridged();
    let (fd, mut host) = connected(&t);
    t.send(fd, b"question", MsgFlags::default()).unwrap();
    t.shutdown(fd, Shutdown::Write).unwrap();
    let mut got = Vec::new();
    host.read_to_end(&mut got).unwrap();
    assert_eq!(got, b"question");
    host.write_all(b"answer").unwrap();
    host.shutdown(NetShutdown::Write).unwrap();
    assert_eq!(recv_all(&t, fd).unwrap(), b"answer");
}

#[test]
fn the_bridge_resets_both_ways() {
    let (_vm, t) = bridged();
    // The guest closes with unread bytes: the host connection is reset (SO_LINGER 0).
    let (fd, mut host) = connected(&t);
    host.write_all(b"unread").unwrap();
    let start = Instant::now();
    while !ready(&t, fd, Duration::from_millis(100)).intersects(Readiness::READABLE) {
        assert!(start.elapsed() < Duration::from_secs(10));
    }
    t.close(fd).unwrap();
    host.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 16];
    let r = host.read(&mut buf);
    assert_eq!(r.map_err(|e| e.kind()), Err(ErrorKind::ConnectionReset));
    // The host's connection is reset (it closes with unread bytes): the guest gets ECONNRESET
    // after what it already had.
    let (fd, mut host) = connected(&t);
    host.write_all(b"bye").unwrap();
    let mut got = [0u8; 3];
    let mut n = 0;
    while n < 3 {
        n += t.recv(fd, &mut got[n..], MsgFlags::default()).unwrap();
    }
    t.send(fd, b"never read", MsgFlags::default()).unwrap();
    // Once the bytes are in the host socket's buffer, unread, closing it sends a reset.
    let mut peek = [0u8; 1];
    assert_eq!(host.peek(&mut peek).unwrap(), 1);
    drop(host);
    assert_eq!(recv_all(&t, fd), Err(Errno::ECONNRESET));
    assert_eq!(err_of(t.send(fd, b"x", MsgFlags::NOSIGNAL)), Errno::EPIPE);
}

fn err_of<T: std::fmt::Debug>(r: burrow::kernel::Result<T>) -> Errno {
    r.unwrap_err().errno()
}

#[test]
fn the_bridge_keeps_every_byte_under_backpressure() {
    let (vm, t) = bridged();
    let (fd, host) = connected(&t);
    let total = 16 << 20;
    let data: Vec<u8> = (0..total).map(|i| (i * 13 + i / 4093) as u8).collect();
    // Host to guest while the guest does not read: the host's writer is held back and the VM
    // holds no more than the connection's bounds.
    let to_send = data.clone();
    let mut writer_host = host.try_clone().unwrap();
    let writer = thread::spawn(move || writer_host.write_all(&to_send).map(|()| writer_host));
    let start = Instant::now();
    while vm.kernel().sockets().buffered() == 0 {
        assert!(start.elapsed() < Duration::from_secs(10), "nothing arrived");
        thread::sleep(Duration::from_millis(5));
    }
    thread::sleep(Duration::from_millis(300));
    assert!(!writer.is_finished(), "the host writer is held back");
    let held = vm.kernel().sockets().buffered();
    assert!(held <= 2 * 128 * 1024, "buffered {held}");
    let mut got = vec![0u8; total];
    let mut n = 0;
    while n < total {
        let k = t.recv(fd, &mut got[n..], MsgFlags::default()).unwrap();
        assert_ne!(k, 0);
        n += k;
    }
    assert!(got == data, "every byte arrives in order");
    let mut host = writer.join().unwrap().unwrap();
    // Guest to host while the host reads slowly.
    let t2 = t.clone();
    let to_send = data.clone();
    let sender = thread::spawn(move || {
        let mut sent = 0;
        while sent < to_send.len() {
            sent += t2.send(fd, &to_send[sent..], MsgFlags::default()).unwrap();
        }
        t2.shutdown(fd, Shutdown::Write).unwrap();
    });
    let mut got = Vec::with_capacity(total);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let k = host.read(&mut buf).unwrap();
        if k == 0 {
            break;
        }
        got.extend_from_slice(&buf[..k]);
        if got.len() < 1 << 20 {
            thread::sleep(Duration::from_millis(1));
        }
    }
    sender.join().unwrap();
    assert!(got == data, "every byte arrives in order");
}

#[test]
fn nonblocking_connect_reports_refusal_through_so_error() {
    let (vm, t) = bridged();
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let fd = t.socket(Domain::Inet, SockType::Stream, OpenFlags::NONBLOCK).unwrap();
    match t.connect(fd, &alias(closed)) {
        Err(e) if e.errno() == Errno::EINPROGRESS => {
            let start = Instant::now();
            let mut r = Readiness::NONE;
            while r.is_empty() {
                assert!(start.elapsed() < Duration::from_secs(10));
                r = ready(&t, fd, Duration::from_millis(100));
            }
            assert!(r.intersects(Readiness::ERROR) && r.intersects(Readiness::WRITABLE), "{r:?}");
            assert_eq!(t.getsockopt(fd, SockOpt::Error).unwrap(), Errno::ECONNREFUSED.0);
        }
        other => assert_eq!(err_of(other), Errno::ECONNREFUSED),
    }
    t.close(fd).unwrap();
    let blocking = t.socket(Domain::Inet, SockType::Stream, OpenFlags::default()).unwrap();
    assert_eq!(err_of(t.connect(blocking, &alias(closed))), Errno::ECONNREFUSED);
    assert!(vm.kernel().sockets().ports(true).is_empty(), "the failed connect's port is released");
}

#[test]
fn cli_net_allow() {
    let burrow = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_burrow"));
        c.env("BURROW_CACHE_DIR", PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache"));
        c
    };
    let help = burrow().arg("--help").output().unwrap();
    assert!(text(&help.stdout).contains("--net-allow HOST:PORT"), "{}", text(&help.stdout));
    let module = common::guests_dir().join("egress_client.wasm").display().to_string();
    let (port, server) = upper_server(1);
    let out = burrow()
        .args(["run", "--net-allow", &format!("host.burrow.internal:{port}"), "--", &module])
        .args(["host.burrow.internal", &port.to_string(), "cli"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), format!("connected to 10.0.2.2:{port} from 10.0.2.15\nreply: 3 bytes: CLI\n"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(server.join().unwrap(), vec![b"cli".to_vec()]);
    let out = burrow().args(["run", "--", &module, "10.0.2.2", &port.to_string()]).output().unwrap();
    assert_eq!(text(&out.stdout), "egress_client: EACCES (connect)\n");
    let out = burrow().args(["run", "--net-allow", "example.com", "--", &module, "x", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(text(&out.stderr).contains("--net-allow: invalid network rule `example.com`"), "{}", text(&out.stderr));
}
