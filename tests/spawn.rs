//! `Vm::spawn` / `Command::spawn`: streaming a spawned program's stdin and stdout from async
//! tasks and from threads (large volumes byte for byte, backpressure, interactive use), waiting,
//! signals and kills, and many spawned VMs at once on a multi-thread tokio runtime.

#[macro_use]
mod common;

use std::time::{Duration, Instant};

use burrow::kernel::limits::Limits;
use burrow::kernel::Signal;
use burrow::{BackendKind, Child, ExitStatus, Stdio, Vm};
use common::{runtime, text};

#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    fn vm(self) -> Vm {
        Vm::builder().runtime(&runtime()).backend(self.0).build().expect("vm")
    }
}

/// A multi-thread tokio runtime with two workers (this kind of host has two cores).
fn tokio_rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime")
}

/// A deterministic byte stream (xorshift), to check a copy position by position.
struct Pattern(u64);

impl Pattern {
    fn new() -> Pattern {
        Pattern(0x9e37_79b9_7f4a_7c15)
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for b in buf {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            *b = self.0 as u8;
        }
    }
}

/// FNV-1a over everything fed to it.
struct Checksum(u64);

impl Checksum {
    fn new() -> Checksum {
        Checksum(0xcbf2_9ce4_8422_2325)
    }

    fn feed(&mut self, data: &[u8]) {
        for &b in data {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

const BIG: usize = 64 << 20;

/// 64 MiB of patterned bytes through `cat`: the host writes in uneven chunks from one task
/// and reads from another; every byte arrives, in order (position by position and by
/// checksum), and the VM's pipe buffers stay at the three stdio pipes throughout.
fn stream_64_mib_through_cat(b: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let vm = b.vm();
    tokio_rt().block_on(async {
        let mut child = vm.spawn(&["cat"]).expect("spawn cat");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut stdout = child.stdout.take().expect("stdout");
        let writer = tokio::spawn(async move {
            let mut pattern = Pattern::new();
            let mut sum = Checksum::new();
            let mut buf = vec![0u8; 100_003];
            let mut sent = 0;
            let mut i = 0;
            while sent < BIG {
                let n = [100_003, 4096, 1, 65_536, 7777][i % 5].min(BIG - sent);
                i += 1;
                pattern.fill(&mut buf[..n]);
                sum.feed(&buf[..n]);
                stdin.write_all(&buf[..n]).await.expect("write stdin");
                sent += n;
            }
            drop(stdin);
            sum.0
        });
        let mut expected = Pattern::new();
        let mut sum = Checksum::new();
        let mut buf = vec![0u8; 50_000];
        let mut want = vec![0u8; 50_000];
        let mut received = 0usize;
        let mut most_pipe_bytes = 0;
        loop {
            let n = stdout.read(&mut buf).await.expect("read stdout");
            if n == 0 {
                break;
            }
            expected.fill(&mut want[..n]);
            if buf[..n] != want[..n] {
                let at = (0..n).find(|&i| buf[i] != want[i]).unwrap_or(0);
                panic!("byte {} differs", received + at);
            }
            sum.feed(&buf[..n]);
            received += n;
            if received % (4 << 20) < n {
                most_pipe_bytes = most_pipe_bytes.max(vm.stats().pipe_buffer_bytes);
            }
        }
        let sent_sum = writer.await.expect("writer task");
        assert_eq!(received, BIG);
        assert_eq!(sum.0, sent_sum, "checksum");
        assert!(most_pipe_bytes <= 3 * 64 * 1024, "pipe buffers grew to {most_pipe_bytes}");
        assert_eq!(child.wait().await.expect("wait"), ExitStatus::Code(0));
    });
}

/// A pipeline inside the VM (`yes | head -c`) streams 64 MiB out to a host thread reading
/// with `std::io::Read`; the blocking `wait_blocking` reports success.
fn yes_head_64_mib_blocking(b: Backend) {
    use std::io::Read;
    let vm = b.vm();
    let mut child = vm
        .command("sh")
        .args(["-c", &format!("yes 0123456789abcde | head -c {BIG}")])
        .stdout(Stdio::Piped)
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let line = b"0123456789abcde\n";
    let mut buf = vec![0u8; 128 * 1024];
    let mut received = 0usize;
    loop {
        let n = stdout.read(&mut buf).expect("read");
        if n == 0 {
            break;
        }
        for (i, &byte) in buf[..n].iter().enumerate() {
            assert_eq!(byte, line[(received + i) % line.len()], "byte {}", received + i);
        }
        received += n;
    }
    assert_eq!(received, BIG);
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("stderr");
    assert!(child.wait_blocking().expect("wait").success(), "{stderr}");
}

/// A guest writing while the host does not read blocks in the kernel: the pipe holds at most
/// its 64 KiB and nothing else grows; reading later gets the stream from its start.
fn backpressure_bounds_a_flood(b: Backend) {
    use std::io::Read;
    let vm = b.vm();
    let mut child = vm.command("yes").stdout(Stdio::Piped).spawn().expect("spawn yes");
    std::thread::sleep(Duration::from_millis(300));
    let stats = vm.stats();
    assert_eq!(stats.pipe_buffer_bytes, 2 * 64 * 1024, "{stats:?}");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut head = [0u8; 8];
    stdout.read_exact(&mut head).expect("read");
    assert_eq!(&head, b"y\ny\ny\ny\n");
    assert_eq!(child.try_wait().expect("try_wait"), None, "yes is still blocked, not gone");
    child.kill().expect("kill");
    drop(stdout);
    assert_eq!(child.wait_blocking().expect("wait"), ExitStatus::Signaled(Signal::SIGKILL));
}

/// The host writing faster than the guest reads waits (an async write stays pending, nothing
/// piles up beyond the pipe); once the guest is gone, writes fail with `BrokenPipe`.
fn stdin_backpressure_and_broken_pipe(b: Backend) {
    use tokio::io::AsyncWriteExt;
    let vm = b.vm();
    tokio_rt().block_on(async {
        let mut child = vm.command("/bin/spin").stdin(Stdio::Piped).spawn().expect("spawn spin");
        let mut stdin = child.stdin.take().expect("stdin");
        let big = vec![b'x'; 1 << 20];
        let write = tokio::time::timeout(Duration::from_millis(300), stdin.write_all(&big)).await;
        assert!(write.is_err(), "1 MiB went into a pipe nobody reads");
        assert_eq!(vm.stats().pipe_buffer_bytes, 3 * 64 * 1024);
        child.kill().expect("kill");
        assert_eq!(child.wait().await.expect("wait"), ExitStatus::Signaled(Signal::SIGKILL));
        let err = stdin.write_all(b"more").await.expect_err("the reader is gone");
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe);
    });
}

/// `Stdio::Piped` given to `output()` is captured, as with `std::process`.
fn piped_output_is_captured(b: Backend) {
    let vm = b.vm();
    let out = vm
        .command("sh")
        .args(["-c", "cat; echo done >&2"])
        .stdin(Stdio::Piped)
        .stdout(Stdio::Piped)
        .stderr(Stdio::Piped)
        .output()
        .expect("output");
    assert_eq!((text(&out.stdout).as_str(), text(&out.stderr).as_str()), ("", "done\n"));
}

/// Interleaved writes and reads: `cat` echoes each line as it gets it, and `sh` runs each line
/// read from stdin before reading the next.
fn interactive_cat_and_sh(b: Backend) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let vm = b.vm();
    tokio_rt().block_on(async {
        let mut cat = vm.spawn(&["cat"]).expect("spawn cat");
        let mut stdin = cat.stdin.take().expect("stdin");
        let mut lines = BufReader::new(cat.stdout.take().expect("stdout")).lines();
        for i in 0..20 {
            let line = format!("line {i} {}", "x".repeat(i * 50));
            stdin.write_all(format!("{line}\n").as_bytes()).await.expect("write");
            assert_eq!(lines.next_line().await.expect("read").as_deref(), Some(line.as_str()));
        }
        drop(stdin);
        assert_eq!(lines.next_line().await.expect("read at end"), None);
        assert!(cat.wait().await.expect("wait").success());

        let mut sh = vm.spawn(&["sh"]).expect("spawn sh");
        let mut stdin = sh.stdin.take().expect("stdin");
        let mut lines = BufReader::new(sh.stdout.take().expect("stdout")).lines();
        stdin.write_all(b"x=41\n").await.expect("write");
        stdin.write_all(b"echo $((x + 1))\n").await.expect("write");
        assert_eq!(lines.next_line().await.expect("read").as_deref(), Some("42"));
        stdin.write_all(b"echo hi > /tmp/f; cat /tmp/f\n").await.expect("write");
        assert_eq!(lines.next_line().await.expect("read").as_deref(), Some("hi"));
        stdin.write_all(b"exit 7\n").await.expect("write");
        assert_eq!(sh.wait().await.expect("wait"), ExitStatus::Code(7));
    });
}

/// A JavaScript program streams the same way: `node` answers each line as it comes.
fn interactive_node(b: Backend) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let vm = b.vm();
    tokio_rt().block_on(async {
        let script = "process.stdin.on('data', d => process.stdout.write(d.toString().toUpperCase()))";
        let mut node = vm.spawn(&["node", "-e", script]).expect("spawn node");
        let mut stdin = node.stdin.take().expect("stdin");
        let mut lines = BufReader::new(node.stdout.take().expect("stdout")).lines();
        for i in 0..5 {
            stdin.write_all(format!("line {i}\n").as_bytes()).await.expect("write");
            assert_eq!(lines.next_line().await.expect("read"), Some(format!("LINE {i}")));
        }
        drop(stdin);
        assert!(node.wait().await.expect("wait").success());
    });
}

/// `kill` stops a guest in a busy loop (the status names the signal), `signal` delivers
/// others; signalling a program that ended is not an error.
fn kill_and_signal_a_looping_guest(b: Backend) {
    let vm = b.vm();
    tokio_rt().block_on(async {
        let mut spin = vm.command("/bin/spin").spawn().expect("spawn spin");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(spin.try_wait().expect("try_wait"), None);
        let started = Instant::now();
        spin.kill().expect("kill");
        assert_eq!(spin.wait().await.expect("wait"), ExitStatus::Signaled(Signal::SIGKILL));
        assert!(started.elapsed() < Duration::from_secs(5));
        spin.kill().expect("a second kill");

        let mut spin = vm.command("/bin/spin").spawn().expect("spawn spin");
        spin.signal(Signal::SIGTERM).expect("SIGTERM");
        assert_eq!(spin.wait().await.expect("wait"), ExitStatus::Signaled(Signal::SIGTERM));
    });
}

/// `wait_with_output` gathers both streams; a child dropped without waiting is reaped when it
/// ends (its process slot comes back).
fn output_and_dropped_children(b: Backend) {
    let vm = b.vm();
    tokio_rt().block_on(async {
        let child = vm.command("sh").args(["-c", "echo out; echo err >&2; exit 3"]).spawn().expect("spawn");
        let out = child.wait_with_output().await.expect("output");
        assert_eq!((text(&out.stdout).as_str(), text(&out.stderr).as_str(), out.code()), ("out\n", "err\n", 3));
    });
    for _ in 0..5 {
        drop(vm.command("/bin/true").spawn().expect("spawn"));
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while vm.stats().processes > 1 {
        assert!(Instant::now() < deadline, "dropped children linger: {:?}", vm.stats());
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Streams through `std::io` handles on plain threads: a writer thread and a reader thread.
fn blocking_streams_on_threads(b: Backend) {
    use std::io::{Read, Write};
    let vm = b.vm();
    let mut child = vm.spawn(&["cat"]).expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let total = 4 << 20;
    let writer = std::thread::spawn(move || {
        let mut pattern = Pattern::new();
        let mut buf = vec![0u8; 30_000];
        let mut sent = 0;
        while sent < total {
            let n = buf.len().min(total - sent);
            pattern.fill(&mut buf[..n]);
            stdin.write_all(&buf[..n]).expect("write");
            sent += n;
        }
    });
    let mut got = Vec::new();
    stdout.read_to_end(&mut got).expect("read");
    writer.join().expect("writer");
    let mut want = vec![0u8; total];
    Pattern::new().fill(&mut want);
    assert!(got == want, "{} bytes back, content differs", got.len());
    assert!(child.wait_blocking().expect("wait").success());
}

/// `exec` runs a shell line; the async forms give what the sync ones do, with the capture
/// limit, limits and exit status, on a tokio runtime.
fn exec_and_async_output(b: Backend) {
    let limits = Limits { fs_bytes: 1 << 20, ..Limits::default() };
    let vm = Vm::builder().runtime(&runtime()).backend(b.0).limits(limits).capture_limit(1000).build().expect("vm");
    let line = "echo out; echo err >&2; head -c 2000000 /dev/zero > /tmp/big; exit 3";
    let sync = vm.exec(line).expect("exec");
    assert_eq!((text(&sync.stdout).as_str(), sync.code()), ("out\n", 3));
    assert!(text(&sync.stderr).starts_with("err\n"), "{}", text(&sync.stderr));
    assert_eq!(sync.limits_hit, [burrow::kernel::Limit::FsBytes]);
    let rt = tokio_rt();
    let asynchronous = rt.block_on(vm.exec_async(line)).expect("exec_async");
    assert_eq!(asynchronous, sync);
    let flood = rt.block_on(vm.run_async(&["sh", "-c", "yes | head -c 100000"])).expect("run_async");
    assert!(flood.status.success());
    assert_eq!(flood.stdout.len(), 1000 + burrow::stdio::TRUNCATION_MARKER.len());
    assert_eq!(flood, vm.run(&["sh", "-c", "yes | head -c 100000"]).expect("run"));
    // `check` turns a failed program into an error a caller can match on.
    assert!(vm.exec("true").expect("exec").check().is_ok());
    let spinner = Vm::builder().runtime(&runtime()).backend(b.0).limits(Limits { cpu_time_ms: 100, ..Limits::default() }).build().expect("vm");
    match spinner.run(&["/bin/spin"]).expect("run").check() {
        Err(burrow::Error::Exited { status: ExitStatus::Signaled(Signal::SIGXCPU), limit: Some(burrow::kernel::Limit::CpuTime), .. }) => {}
        other => panic!("a CPU limit kill checked as {other:?}"),
    }
}

every_backend!(
    exec_and_async_output,
    stream_64_mib_through_cat,
    yes_head_64_mib_blocking,
    backpressure_bounds_a_flood,
    stdin_backpressure_and_broken_pipe,
    piped_output_is_captured,
    interactive_cat_and_sh,
    interactive_node,
    kill_and_signal_a_looping_guest,
    output_and_dropped_children,
    blocking_streams_on_threads,
);

/// Many VMs at once, each with a spawned `cat` streaming 1 MiB, as tasks on a two-worker
/// tokio runtime: no task blocks a worker, so all of them finish.
#[test]
fn many_concurrent_spawned_vms() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rt = tokio_rt();
    rt.block_on(async {
        let mut tasks = Vec::new();
        for i in 0..24u64 {
            tasks.push(tokio::spawn(async move {
                let backend = [BackendKind::Wasmtime, BackendKind::Wasmi, BackendKind::V8][i as usize % 3];
                let limits = Limits { processes: 8, ..Limits::default() };
                let vm = Vm::builder().runtime(&runtime()).backend(backend).limits(limits).build().expect("vm");
                let mut child = vm.spawn(&["cat"]).expect("spawn");
                let mut stdin = child.stdin.take().expect("stdin");
                let mut stdout = child.stdout.take().expect("stdout");
                let mut data = vec![0u8; 1 << 20];
                Pattern(i + 1).fill(&mut data);
                let expected = data.clone();
                let writer = tokio::spawn(async move {
                    stdin.write_all(&data).await.expect("write");
                });
                let mut got = Vec::new();
                stdout.read_to_end(&mut got).await.expect("read");
                writer.await.expect("writer");
                assert!(got == expected, "VM {i}: {} bytes back, content differs", got.len());
                assert!(child.wait().await.expect("wait").success());
                drop(vm);
            }));
        }
        for t in tasks {
            t.await.expect("task");
        }
    });
}

/// `Child` and its streams can move into tokio tasks.
#[test]
fn child_is_send() {
    fn send<T: Send + 'static>() {}
    send::<Child>();
    send::<burrow::ChildStdin>();
    send::<burrow::ChildStdout>();
    send::<burrow::ChildStderr>();
}
