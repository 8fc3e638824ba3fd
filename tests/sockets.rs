//! Sockets from wasm guests on every backend: a wasm echo server with wasm clients (through the
//! shell and through the API), UDP echo between two guests, the guest-side checks of
//! `netcheck` (errnos, options, names, preview1 `sock_*`, UDP boundaries and truncation, unix
//! sockets, `poll_oneoff` waking on readiness, hostile arguments), and the VM's loopback being
//! its own: a guest reaches neither the host's loopback nor, unless the policy allows it, any
//! other address.

#[macro_use]
mod common;

use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use burrow::{BackendKind, ExitStatus, Vm};
use common::{runtime, text};

#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    fn vm(self) -> Vm {
        Vm::builder().runtime(&runtime()).backend(self.0).build().expect("vm")
    }
}

every_backend!(
    wasm_echo_server_answers_wasm_clients,
    echo_server_and_client_started_through_the_api,
    udp_echo_between_two_guests,
    guest_socket_checks_pass,
    loopback_is_the_vms_own_and_egress_is_denied,
    vms_do_not_share_ports,
);

fn sh(b: Backend, script: &str) -> burrow::Output {
    b.vm().run(&["/bin/sh", "-c", script]).expect("run sh")
}

fn wasm_echo_server_answers_wasm_clients(b: Backend) {
    // The server's line is printed after `wait`: it may finish before the last client prints.
    let out = sh(
        b,
        "mkdir -p /tmp; echo_server 8080 2 > /tmp/server.out & echo_client 8080 hello; echo_client 8080 world 1000; \
         wait; cat /tmp/server.out",
    );
    assert_eq!(
        text(&out.stdout),
        "client: sent 5 bytes, echo matches: hello\n\
         client: sent 5000 bytes, echo matches: world\n\
         server: 2 connections, 5005 bytes echoed\n",
        "stderr: {}",
        text(&out.stderr)
    );
    assert_eq!(out.status, ExitStatus::Code(0));
}

/// Waits until something in `vm` listens on `127.0.0.1:port`.
fn wait_for_listener(vm: &Vm, port: u16) {
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let start = Instant::now();
    while !vm.kernel().sockets().is_listening(addr) {
        assert!(start.elapsed() < Duration::from_secs(30), "nothing listens on {addr}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn echo_server_and_client_started_through_the_api(b: Backend) {
    let vm = b.vm();
    std::thread::scope(|s| {
        let server = s.spawn(|| vm.run(&["/bin/echo_server", "9000", "3"]).unwrap());
        wait_for_listener(&vm, 9000);
        let clients: Vec<_> = (0..3)
            .map(|i| {
                let vm = &vm;
                s.spawn(move || vm.run(&["/bin/echo_client", "9000", &format!("msg{i}-"), "300"]).unwrap())
            })
            .collect();
        for (i, c) in clients.into_iter().enumerate() {
            let out = c.join().unwrap();
            assert_eq!(text(&out.stdout), format!("client: sent 1500 bytes, echo matches: msg{i}-\n"));
            assert!(out.status.success());
        }
        let out = server.join().unwrap();
        assert_eq!(text(&out.stdout), "server: 3 connections, 4500 bytes echoed\n");
        assert!(out.status.success());
    });
    // Everything was released: no port in use, no bytes buffered.
    assert_eq!(vm.kernel().sockets().ports(true), Vec::<u16>::new());
    assert_eq!(vm.kernel().sockets().buffered(), 0);
}

fn udp_echo_between_two_guests(b: Backend) {
    let out = sh(
        b,
        "mkdir -p /tmp; udp_echo server 5353 3 > /tmp/server.out & udp_echo client 5353 one two 'three four'; \
         wait; cat /tmp/server.out",
    );
    assert_eq!(
        text(&out.stdout),
        "udp client: one -> one\n\
         udp client: two -> two\n\
         udp client: three four -> three four\n\
         udp server: 3 datagrams, 16 bytes\n",
        "stderr: {}",
        text(&out.stderr)
    );
    assert_eq!(out.status, ExitStatus::Code(0));
}

fn guest_socket_checks_pass(b: Backend) {
    let out = b.vm().run(&["/bin/netcheck"]).unwrap();
    let stdout = text(&out.stdout);
    assert!(
        out.status.success() && stdout.lines().last().is_some_and(|l| l.starts_with("netcheck: all ")),
        "{stdout}\nstderr: {}",
        text(&out.stderr)
    );
    for line in [
        "ok connect with no listener is ECONNREFUSED",
        "ok second bind of a port is EADDRINUSE",
        "ok egress to 93.184.216.34:80 is denied (EACCES)",
        "ok sock_recv truncates with RECV_DATA_TRUNCATED",
        "ok datagram boundaries are kept (including an empty one)",
        "ok poll wakes when another process connects",
        "ok poll wakes on the peer's close, with hangup",
        "ok bind with a huge length: EINVAL",
        "ok sock_recv with a huge iovec count: EFAULT",
    ] {
        assert!(stdout.lines().any(|l| l == line), "missing {line:?} in:\n{stdout}");
    }
}

fn loopback_is_the_vms_own_and_egress_is_denied(b: Backend) {
    // A real listener on the host's loopback: the guest's 127.0.0.1 is the VM's, so it finds
    // nothing there, and the host listener sees no connection.
    let host = TcpListener::bind("127.0.0.1:0").unwrap();
    host.set_nonblocking(true).unwrap();
    let port = host.local_addr().unwrap().port();
    let vm = b.vm();
    let out = vm.run(&["/bin/netcheck", "try", &format!("127.0.0.1:{port}")]).unwrap();
    assert_eq!(text(&out.stdout), format!("connect 127.0.0.1:{port}: ECONNREFUSED\n"));
    // Addresses outside the VM: the kernel asks the policy (deny by default) and opens nothing.
    for addr in ["10.0.0.1:80", "169.254.169.254:80", "8.8.8.8:53", "[2001:db8::1]:443"] {
        let out = vm.run(&["/bin/netcheck", "try", addr]).unwrap();
        assert_eq!(text(&out.stdout), format!("connect {addr}: EACCES\n"));
    }
    assert_eq!(host.accept().map(|_| ()).unwrap_err().kind(), std::io::ErrorKind::WouldBlock);
}

fn vms_do_not_share_ports(b: Backend) {
    let a = b.vm();
    let other = b.vm();
    std::thread::scope(|s| {
        let server = s.spawn(|| a.run(&["/bin/echo_server", "7000", "1"]).unwrap());
        wait_for_listener(&a, 7000);
        let out = other.run(&["/bin/netcheck", "try", "127.0.0.1:7000"]).unwrap();
        assert_eq!(text(&out.stdout), "connect 127.0.0.1:7000: ECONNREFUSED\n");
        // The same port is free in the other VM.
        let out = other.run(&["/bin/sh", "-c", "echo_server 7000 1 & echo_client 7000 b; wait"]).unwrap();
        assert!(text(&out.stdout).contains("echo matches: b"), "{}", text(&out.stdout));
        let out = a.run(&["/bin/echo_client", "7000", "a"]).unwrap();
        assert_eq!(text(&out.stdout), "client: sent 1 bytes, echo matches: a\n");
        assert!(server.join().unwrap().status.success());
    });
}
