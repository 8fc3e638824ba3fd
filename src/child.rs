//! [`Child`]: a program running in a VM whose stdio the host streams, and its stream handles.

use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use burrow_kernel::fd::FileRef;
use burrow_kernel::host_pipe::HostPipe;
use burrow_kernel::pipe::Side;
use burrow_kernel::process::{ChildWatch, Process, WaitFor};
use burrow_kernel::{Errno, ExitStatus, Limit, Pid, Signal, Task};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::error::{Error, Result};
use crate::host_access::io_error;
use crate::stdio::{self, Stdio};
use crate::vm::{Command, Output, Vm};

impl Vm {
    /// Starts `argv[0]` (a path in the VM, or a name searched in `PATH`) with its stdin,
    /// stdout and stderr piped to the returned [`Child`], without waiting for it.
    pub fn spawn<S: AsRef<[u8]>>(&self, argv: &[S]) -> Result<Child> {
        let (program, args) = argv.split_first().ok_or_else(|| Error::InvalidSetting("empty argv".into()))?;
        self.command(program.as_ref())
            .args(args.iter().map(|a| a.as_ref().to_vec()))
            .stdin(Stdio::Piped)
            .stdout(Stdio::Piped)
            .stderr(Stdio::Piped)
            .spawn()
    }
}

impl Vm {
    /// [`Vm::run`] for async code: the executor's thread never blocks on the program.
    pub async fn run_async<S: AsRef<[u8]>>(&self, argv: &[S]) -> Result<Output> {
        let (program, args) = argv.split_first().ok_or_else(|| Error::InvalidSetting("empty argv".into()))?;
        self.command(program.as_ref()).args(args.iter().map(|a| a.as_ref().to_vec())).output_async().await
    }

    /// [`Vm::exec`] for async code: runs `sh -c LINE` without blocking the executor's thread.
    pub async fn exec_async(&self, line: &str) -> Result<Output> {
        self.command("sh").args(["-c", line]).output_async().await
    }
}

/// Opens the descriptors a spawned program starts with: a host pipe for each
/// [`Stdio::Piped`] (and [`Stdio::Capture`], which a spawned program cannot be captured
/// into), the usual file for anything else.
fn open_stdio(vm: &Vm, stdio: &[Stdio; 3]) -> Result<(Vec<FileRef>, [Option<HostPipe>; 3])> {
    let mut pipes: [Option<HostPipe>; 3] = [None, None, None];
    let mut files = Vec::with_capacity(3);
    for (fd, s) in stdio.iter().enumerate() {
        let file = match s {
            Stdio::Piped | Stdio::Capture => {
                let host_side = if fd == 0 { Side::Write } else { Side::Read };
                let (host, file) = vm.kernel().host_pipe(host_side).map_err(|e| Error::kernel("stdio pipe", e))?;
                pipes[fd] = Some(host);
                file
            }
            other => stdio::open(other, fd as i32, 0).0,
        };
        files.push(file);
    }
    Ok((files, pipes))
}

impl Command<'_> {
    /// Starts the program without waiting for it. Streams set to [`Stdio::Piped`] (or left
    /// captured, the default for stdout and stderr) become the [`Child`]'s `stdin`, `stdout`
    /// and `stderr` handles; the default stdin is `/dev/null`.
    ///
    /// Returns once the program is started; starting loads its module on the calling thread,
    /// which the first time a backend sees it means compiling it (cached afterwards, also on
    /// disk). Async code that may start uncompiled programs can call it from
    /// `tokio::task::spawn_blocking`.
    pub fn spawn(self) -> Result<Child> {
        let _span = tracing::debug_span!("spawn").entered();
        let vm = self.vm;
        let init = vm.kernel().init();
        let (files, [stdin, stdout, stderr]) = open_stdio(vm, &self.stdio)?;
        let mut fds = Vec::with_capacity(3);
        for file in files {
            match init.install(file, true) {
                Ok(fd) => fds.push(fd),
                Err(e) => {
                    close_all(&init, &fds);
                    return Err(Error::kernel("stdio", e));
                }
            }
        }
        let started = self.start(&init, &fds);
        close_all(&init, &fds);
        let pid = started?;
        Ok(Child {
            pid,
            process: vm.kernel().processes().get_any(pid),
            watch: init.child_watch(),
            init,
            status: None,
            stdin: stdin.map(|p| ChildStdin { pipe: Some(p) }),
            stdout: stdout.map(|pipe| ChildStdout { pipe }),
            stderr: stderr.map(|pipe| ChildStderr { pipe }),
        })
    }
}

impl Command<'_> {
    /// [`Command::output`] for async code: the program's captured stdout and stderr are read as
    /// it writes them (each kept up to the VM's capture limit, then cut with
    /// [`stdio::TRUNCATION_MARKER`], as `output` does) and its end is awaited, without blocking
    /// the executor's thread (but see [`Command::spawn`] on a first compile).
    pub async fn output_async(mut self) -> Result<Output> {
        let limit = self.vm.capture_limit;
        if matches!(self.stdio[0], Stdio::Capture) {
            self.stdio[0] = Stdio::Null;
        }
        let mut child = self.spawn()?;
        let (out, err) = tokio::join!(drain_capped(child.stdout.take(), limit), drain_capped(child.stderr.take(), limit));
        let status = child.wait().await?;
        Ok(Output { status, stdout: out?, stderr: err?, limit_exceeded: child.limit_exceeded(), limits_hit: child.limits_hit() })
    }
}

/// Reads `stream` to its end, keeping its first `limit` bytes (and the truncation marker if
/// there were more): the reader never stops, so the program never blocks on a full pipe.
async fn drain_capped<R: AsyncRead + Unpin>(stream: Option<R>, limit: usize) -> Result<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut kept = Vec::new();
    let Some(mut stream) = stream else { return Ok(kept) };
    let mut buf = vec![0u8; 64 << 10];
    let mut truncated = false;
    loop {
        let n = stream.read(&mut buf).await.map_err(|source| Error::Io { context: "reading the program's output".into(), source })?;
        if n == 0 {
            break;
        }
        let room = limit.saturating_sub(kept.len());
        kept.extend_from_slice(&buf[..n.min(room)]);
        truncated |= n > room;
    }
    if truncated {
        kept.extend_from_slice(stdio::TRUNCATION_MARKER);
    }
    Ok(kept)
}

fn close_all(init: &Task, fds: &[u32]) {
    for fd in fds {
        let _ = init.close(*fd);
    }
}

/// A program started with [`Command::spawn`] or [`Vm::spawn`], running while the host
/// streams its standard input and output and waits for it, from async tasks (tokio's
/// `AsyncRead`/`AsyncWrite`, an async [`Child::wait`]) or from threads (`std::io` and
/// [`Child::wait_blocking`]).
///
/// Each piped stream is a kernel pipe (64 KiB, charged to the VM's pipe buffers): a guest that
/// writes faster than the host reads blocks in the kernel, nothing piles up in memory. Async
/// forms never block an executor thread: they are woken through the pipe's and the process
/// table's wait queues. The handles implement both tokio's traits and `std::io`'s (which
/// block the calling thread); a scope that imports both calls one through its trait
/// (`std::io::Read::read(&mut stdout, buf)`).
///
/// ```
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
///
/// let vm = burrow::Vm::builder().build()?;
/// tokio::runtime::Runtime::new()?.block_on(async {
///     let mut child = vm.spawn(&["cat"])?;
///     let mut stdin = child.stdin.take().expect("piped");
///     stdin.write_all(b"hello\n").await?;
///     drop(stdin);
///     let mut out = String::new();
///     child.stdout.take().expect("piped").read_to_string(&mut out).await?;
///     assert_eq!(out, "hello\n");
///     assert!(child.wait().await?.success());
///     Ok::<(), Box<dyn std::error::Error>>(())
/// })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Dropping it neither kills nor waits for the program: it runs on (until it ends or its VM is
/// dropped) and is reaped when it ends.
pub struct Child {
    pid: Pid,
    process: Option<Arc<Process>>,
    watch: ChildWatch,
    init: Task,
    status: Option<ExitStatus>,
    /// The program's standard input, if it was [`Stdio::Piped`].
    pub stdin: Option<ChildStdin>,
    /// The program's standard output, if it was piped.
    pub stdout: Option<ChildStdout>,
    /// The program's standard error, if it was piped.
    pub stderr: Option<ChildStderr>,
}

impl Child {
    /// The program's process id in its VM.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Waits for the program to end, without blocking the executor's thread. Closes the
    /// program's stdin first (as `std` and tokio do), so a program reading it to the end is
    /// not left waiting. Cancel-safe; returns the same status when called again.
    pub async fn wait(&mut self) -> Result<ExitStatus> {
        drop(self.stdin.take());
        if let Some(status) = self.status {
            return Ok(status);
        }
        let (pid, watch) = (self.pid, &self.watch);
        let (_, status) =
            poll_fn(|cx| watch.poll_wait(cx, WaitFor::Pid(pid))).await.map_err(|e| Error::kernel("wait", e))?;
        self.status = Some(status);
        Ok(status)
    }

    /// [`Child::wait`] for threads: blocks the calling thread (never call it on an async
    /// executor's thread).
    pub fn wait_blocking(&mut self) -> Result<ExitStatus> {
        drop(self.stdin.take());
        if let Some(status) = self.status {
            return Ok(status);
        }
        let status = loop {
            match self.init.wait(WaitFor::Pid(self.pid), false) {
                Ok(Some((_, status))) => break status,
                Ok(None) => continue,
                Err(e) if e == Errno::EINTR => continue,
                Err(e) => return Err(Error::kernel("wait", e)),
            }
        };
        self.status = Some(status);
        Ok(status)
    }

    /// The exit status if the program has ended, without waiting.
    pub fn try_wait(&mut self) -> Result<Option<ExitStatus>> {
        if self.status.is_none() {
            match self.init.wait(WaitFor::Pid(self.pid), true) {
                Ok(done) => self.status = done.map(|(_, status)| status),
                Err(e) => return Err(Error::kernel("wait", e)),
            }
        }
        Ok(self.status)
    }

    /// Sends `sig` to the program (its handler runs if it caught it; most signals end it).
    /// Does nothing once it has ended.
    pub fn signal(&self, sig: Signal) -> Result<()> {
        if self.status.is_some() {
            return Ok(());
        }
        match self.init.kill(i64::from(self.pid), Some(sig)) {
            Err(e) if e == Errno::ESRCH => Ok(()),
            done => done.map_err(|e| Error::kernel("kill", e)),
        }
    }

    /// Kills the program with `SIGKILL`; [`Child::wait`] then reports the signal.
    pub fn kill(&self) -> Result<()> {
        self.signal(Signal::SIGKILL)
    }

    /// The limit the program was stopped for, if that is how it ended.
    pub fn limit_exceeded(&self) -> Option<Limit> {
        self.process.as_ref().and_then(|p| p.signals().fatal_limit())
    }

    /// Every limit the program (and its children that ended) ran into so far, in
    /// [`Limit::ALL`] order (see [`Output::limits_hit`]).
    pub fn limits_hit(&self) -> Vec<Limit> {
        self.process.as_ref().map(|p| p.limits_hit()).unwrap_or_default()
    }

    /// Closes stdin, reads stdout and stderr to their ends (concurrently, so neither pipe
    /// fills while the other is read) and waits for the program: everything it wrote, with
    /// no capture limit.
    pub async fn wait_with_output(mut self) -> Result<Output> {
        use tokio::io::AsyncReadExt;
        drop(self.stdin.take());
        async fn drain<R: AsyncRead + Unpin>(stream: Option<R>) -> io::Result<Vec<u8>> {
            let mut buf = Vec::new();
            if let Some(mut s) = stream {
                s.read_to_end(&mut buf).await?;
            }
            Ok(buf)
        }
        let (out, err) = tokio::join!(drain(self.stdout.take()), drain(self.stderr.take()));
        let io = |source| Error::Io { context: "reading the program's output".into(), source };
        let (stdout, stderr) = (out.map_err(io)?, err.map_err(io)?);
        let status = self.wait().await?;
        Ok(Output { status, stdout, stderr, limit_exceeded: self.limit_exceeded(), limits_hit: self.limits_hit() })
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        if self.status.is_none() {
            self.init.detach_child(self.pid);
        }
    }
}

impl std::fmt::Debug for Child {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Child").field("pid", &self.pid).field("status", &self.status).finish()
    }
}

fn poll_read_into(pipe: &HostPipe, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
    match pipe.poll_read(cx, buf.initialize_unfilled()) {
        Poll::Ready(Ok(n)) => {
            buf.advance(n);
            Poll::Ready(Ok(()))
        }
        Poll::Ready(Err(e)) => Poll::Ready(Err(io_error(e))),
        Poll::Pending => Poll::Pending,
    }
}

/// Writes to a spawned program's standard input (tokio `AsyncWrite`, or `std::io::Write`
/// blocking the calling thread). Dropping it, or shutting it down, closes the pipe: the
/// program reads end of file.
#[derive(Debug)]
pub struct ChildStdin {
    pipe: Option<HostPipe>,
}

impl ChildStdin {
    fn pipe(&self) -> io::Result<&HostPipe> {
        self.pipe.as_ref().ok_or_else(|| io::Error::new(io::ErrorKind::BrokenPipe, "stdin was shut down"))
    }
}

impl AsyncWrite for ChildStdin {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.pipe()?.poll_write(cx, buf).map_err(io_error)
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.pipe = None;
        Poll::Ready(Ok(()))
    }
}

impl io::Write for ChildStdin {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pipe()?.write(buf).map_err(io_error)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Reads a spawned program's standard output (tokio `AsyncRead`, or `std::io::Read` blocking
/// the calling thread); end of file once the program (and every process it handed the
/// stream to) has closed it.
#[derive(Debug)]
pub struct ChildStdout {
    pipe: HostPipe,
}

impl AsyncRead for ChildStdout {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        poll_read_into(&self.pipe, cx, buf)
    }
}

impl io::Read for ChildStdout {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.pipe.read(buf).map_err(io_error)
    }
}

/// Reads a spawned program's standard error; see [`ChildStdout`].
#[derive(Debug)]
pub struct ChildStderr {
    pipe: HostPipe,
}

impl AsyncRead for ChildStderr {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        poll_read_into(&self.pipe, cx, buf)
    }
}

impl io::Read for ChildStderr {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.pipe.read(buf).map_err(io_error)
    }
}
