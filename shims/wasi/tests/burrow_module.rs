//! The `burrow` import module: spawn (decoding, launching, waiting), pipes, descriptor
//! duplication, working directory, process groups, signals, umask.

mod common;

use std::sync::{Arc, Mutex};

use burrow_bridge::spawn::SpawnRequest;
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::process::{Launcher, Program};
use burrow_kernel::{ExitStatus, Signal, Task, AT_FDCWD};
use burrow_wasi::types::Errno;
use common::*;

/// What a launched child saw: argv, open descriptors, working directory, process group.
type Seen = (Vec<Vec<u8>>, Vec<u32>, Vec<u8>, u32);

/// Runs nothing: records what the child got and exits it at once with `argv.len()`.
struct RecordingLauncher(Mutex<Vec<Seen>>);

impl Launcher for RecordingLauncher {
    fn launch(&self, task: Task, program: Program) -> burrow_kernel::Result<()> {
        let pgid = task.getpgid(0).unwrap();
        self.0.lock().unwrap().push((program.argv.clone(), task.fds(), task.getcwd().unwrap(), pgid));
        task.exit(ExitStatus::code(program.argv.len() as i32));
        Ok(())
    }
}

fn with_launcher() -> (Guest, Arc<RecordingLauncher>) {
    let g = Guest::new();
    let launcher = Arc::new(RecordingLauncher(Mutex::new(Vec::new())));
    g.kernel.set_launcher(launcher.clone());
    let t = g.task();
    let fd = t.open(AT_FDCWD, b"/prog", OpenFlags::CREAT | OpenFlags::WRONLY, 0o755).unwrap();
    t.write(fd, b"\0asm").unwrap();
    t.close(fd).unwrap();
    t.mkdir(AT_FDCWD, b"/work", 0o755).unwrap();
    (g, launcher)
}

fn spawn(g: &mut Guest, req: &SpawnRequest) -> Result<u32, i32> {
    let bytes = req.encode();
    let p = g.put(&bytes);
    match bw!(g, spawn, p, bytes.len() as i32, OUT) {
        0 => Ok(g.u32_at(OUT)),
        e => Err(e),
    }
}

fn wait(g: &mut Guest, pid: i32, flags: i32) -> Result<(u32, i32), i32> {
    match bw!(g, wait, pid, flags, OUT) {
        0 => Ok((g.u32_at(OUT), g.u32_at(OUT + 4) as i32)),
        e => Err(e),
    }
}

#[test]
fn spawn_decodes_launches_and_waits() {
    let (mut g, launcher) = with_launcher();
    let req = SpawnRequest {
        path: b"/prog".to_vec(),
        argv: vec![b"prog".to_vec(), b"a".to_vec(), b"b".to_vec()],
        env: vec![b"X=1".to_vec()],
        cwd: b"/work".to_vec(),
        fds: vec![(7, 3)],
        pgid: Some(0),
    };
    let pid = spawn(&mut g, &req).unwrap();
    assert!(pid > 1);
    assert_eq!(wait(&mut g, pid as i32, 0), Ok((pid, 3 << 8)));
    let seen = launcher.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let (argv, fds, cwd, pgid) = &seen[0];
    assert_eq!(argv, &req.argv);
    assert!(fds.contains(&7) && fds.contains(&3), "{fds:?}");
    assert_eq!(cwd, b"/work");
    assert_eq!(*pgid, pid);
    // No more children.
    assert_eq!(wait(&mut g, -1, 0), Err(Errno::CHILD.raw()));
    assert_eq!(wait(&mut g, -1, 1), Err(Errno::CHILD.raw()));

    // Empty cwd: the parent's; pgid -1: the parent's group.
    let req =
        SpawnRequest { path: b"/prog".to_vec(), argv: vec![b"p".to_vec()], pgid: None, ..SpawnRequest::default() };
    let pid = spawn(&mut g, &req).unwrap();
    assert_eq!(wait(&mut g, -1, 0), Ok((pid, 1 << 8)));
    let seen = launcher.0.lock().unwrap().clone();
    assert_eq!(seen[1].2, b"/");
    assert_eq!(seen[1].3, g.task().getpgid(0).unwrap());

    // Program errors.
    let missing = SpawnRequest { path: b"/nope".to_vec(), ..SpawnRequest::default() };
    assert_eq!(spawn(&mut g, &missing), Err(Errno::NOENT.raw()));
    let not_exec = SpawnRequest { path: b"/work".to_vec(), ..SpawnRequest::default() };
    assert_eq!(spawn(&mut g, &not_exec), Err(Errno::ACCES.raw()));
    let bad_fd = SpawnRequest { path: b"/prog".to_vec(), fds: vec![(0, 99)], ..SpawnRequest::default() };
    assert_eq!(spawn(&mut g, &bad_fd), Err(Errno::BADF.raw()));
}

#[test]
fn malformed_spawn_requests_are_inval() {
    let (mut g, launcher) = with_launcher();
    let good = SpawnRequest { path: b"/prog".to_vec(), ..SpawnRequest::default() }.encode();
    for bad in [vec![], vec![1, 2, 3], good[..good.len() - 1].to_vec(), [good.clone(), vec![0]].concat()] {
        let p = g.put(&bad);
        assert_eq!(bw!(g, spawn, p, bad.len() as i32, OUT), Errno::INVAL.raw());
    }
    // pgid < -1 is malformed too.
    let mut neg = good.clone();
    let n = neg.len();
    neg[n - 4..].copy_from_slice(&(-5i32).to_le_bytes());
    let p = g.put(&neg);
    assert_eq!(bw!(g, spawn, p, neg.len() as i32, OUT), Errno::INVAL.raw());
    // Request or out-pointer outside memory.
    assert_eq!(bw!(g, spawn, MEM_SIZE as i32 - 2, 10, OUT), Errno::FAULT.raw());
    let p = g.put(&good);
    assert_eq!(bw!(g, spawn, p, good.len() as i32, -4), Errno::FAULT.raw());
    assert!(launcher.0.lock().unwrap().is_empty());
}

#[test]
fn spawn_without_a_backend_is_nosys() {
    let mut g = Guest::new();
    let req = SpawnRequest { path: b"/prog".to_vec(), ..SpawnRequest::default() };
    assert_eq!(spawn(&mut g, &req), Err(Errno::NOSYS.raw()));
}

#[test]
fn wait_flavours() {
    let mut g = Guest::new();
    assert_eq!(wait(&mut g, -1, 1), Err(Errno::CHILD.raw()));
    assert_eq!(wait(&mut g, 0, 1), Err(Errno::CHILD.raw()));
    assert_eq!(wait(&mut g, 5, 1), Err(Errno::CHILD.raw()));
    assert_eq!(wait(&mut g, -1, 2), Err(Errno::INVAL.raw()));
    let child = g.task().new_child(Default::default()).unwrap();
    let other =
        g.task().new_child(burrow_kernel::syscall::ChildOptions { pgid: Some(0), ..Default::default() }).unwrap();
    // Running: WNOHANG gives pid 0.
    assert_eq!(wait(&mut g, -1, 1), Ok((0, 0)));
    assert_eq!(wait(&mut g, child.pid() as i32, 1), Ok((0, 0)));
    other.exit(ExitStatus::Signaled(Signal::SIGTERM));
    // Same group (0) does not see `other`, its own group (-pgid) does.
    assert_eq!(wait(&mut g, 0, 1), Ok((0, 0)));
    assert_eq!(wait(&mut g, -(other.pid() as i32), 1), Ok((other.pid(), 15)));
    child.exit(ExitStatus::code(300));
    assert_eq!(wait(&mut g, 0, 0), Ok((child.pid(), (300 & 0xff) << 8)));
    assert_eq!(bw!(g, wait, -1, 0, MEM_SIZE as i32 - 4), Errno::FAULT.raw());
}

#[test]
fn pipes_and_duplication() {
    let mut g = Guest::new();
    assert_eq!(bw!(g, pipe, 0, OUT), 0);
    let (r, w) = (g.u32_at(OUT), g.u32_at(OUT + 4));
    assert_eq!((r, w), (0, 1));
    assert_eq!(g.task().cloexec(r), Ok(false));
    assert_eq!(bw!(g, pipe, 3, OUT), 0);
    let (r2, w2) = (g.u32_at(OUT), g.u32_at(OUT + 4));
    assert_eq!(g.task().cloexec(r2), Ok(true));
    assert_eq!(g.task().cloexec(w2), Ok(true));
    assert_eq!(g.read(r2 as i32, &[1]), Err(Errno::AGAIN.raw()));
    assert_eq!(bw!(g, pipe, 4, OUT), Errno::INVAL.raw());
    assert_eq!(bw!(g, pipe, 0, MEM_SIZE as i32 - 7), Errno::FAULT.raw());
    let before = g.task().fds();
    assert_eq!(bw!(g, pipe, 0, -1), Errno::FAULT.raw());
    assert_eq!(g.task().fds(), before, "a faulting pipe call opened descriptors");

    // dup: lowest free; shares the description.
    assert_eq!(bw!(g, dup, w as i32, OUT), 0);
    let w3 = g.u32_at(OUT) as i32;
    assert_eq!(g.write(w3, &[b"via dup"]), Ok(7));
    assert_eq!(g.read(r as i32, &[100]).unwrap(), b"via dup");
    assert_eq!(bw!(g, dup, 99, OUT), Errno::BADF.raw());
    // dup2 with close-on-spawn.
    assert_eq!(bw!(g, dup2, w as i32, 40, 2), 0);
    assert_eq!(g.task().cloexec(40), Ok(true));
    assert_eq!(bw!(g, dup2, w as i32, 41, 0), 0);
    assert_eq!(g.task().cloexec(41), Ok(false));
    assert_eq!(g.write(41, &[b"x"]), Ok(1));
    assert_eq!(bw!(g, dup2, w as i32, 42, 1), Errno::INVAL.raw());
    assert_eq!(bw!(g, dup2, 99, 42, 0), Errno::BADF.raw());
    assert_eq!(bw!(g, dup2, w as i32, 100_000, 0), Errno::BADF.raw());
    assert_eq!(bw!(g, set_cloexec, 41, 1), 0);
    assert_eq!(g.task().cloexec(41), Ok(true));
    assert_eq!(bw!(g, set_cloexec, 41, 0), 0);
    assert_eq!(g.task().cloexec(41), Ok(false));
    assert_eq!(bw!(g, set_cloexec, 99, 0), Errno::BADF.raw());
}

#[test]
fn working_directory() {
    let mut g = Guest::new();
    let buf = g.alloc(64);
    assert_eq!(bw!(g, getcwd, buf, 64, OUT), 0);
    assert_eq!(g.u32_at(OUT), 1);
    assert_eq!(g.bytes(buf, 1), b"/");
    g.task().mkdir(AT_FDCWD, b"/some", 0o755).unwrap();
    g.task().mkdir(AT_FDCWD, b"/some/where", 0o755).unwrap();
    let p = g.put(b"/some/where");
    assert_eq!(bw!(g, chdir, p, 11), 0);
    assert_eq!(bw!(g, getcwd, buf, 64, OUT), 0);
    assert_eq!(g.bytes(buf, 11), b"/some/where");
    assert_eq!(g.u32_at(OUT), 11);
    // Too small: range, with the needed length.
    g.set_u32(OUT, 0);
    assert_eq!(bw!(g, getcwd, buf, 5, OUT), Errno::RANGE.raw());
    assert_eq!(g.u32_at(OUT), 11);
    assert_eq!(bw!(g, getcwd, buf, 11, OUT), 0);
    // Relative chdir, and errors.
    let p = g.put(b"..");
    assert_eq!(bw!(g, chdir, p, 2), 0);
    assert_eq!(g.task().getcwd().unwrap(), b"/some");
    let p = g.put(b"missing");
    assert_eq!(bw!(g, chdir, p, 7), Errno::NOENT.raw());
    let p = g.put(b"wh\0ere");
    assert_eq!(bw!(g, chdir, p, 6), Errno::INVAL.raw());
    g.task().open(AT_FDCWD, b"/some/file", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).unwrap();
    let p = g.put(b"file");
    assert_eq!(bw!(g, chdir, p, 4), Errno::NOTDIR.raw());
    assert_eq!(bw!(g, getcwd, MEM_SIZE as i32 - 2, 64, OUT), Errno::FAULT.raw());
    assert_eq!(bw!(g, chdir, MEM_SIZE as i32 - 2, 64), Errno::FAULT.raw());
}

#[test]
fn process_ids_and_groups() {
    let mut g = Guest::child();
    let me = g.task().pid();
    assert_eq!(bw!(g, getpid, OUT), 0);
    assert_eq!(g.u32_at(OUT), me);
    assert_eq!(bw!(g, getppid, OUT), 0);
    assert_eq!(g.u32_at(OUT), 1);
    assert_eq!(bw!(g, getpgid, 0, OUT), 0);
    assert_eq!(g.u32_at(OUT), me);
    assert_eq!(bw!(g, getpgid, 1, OUT), 0);
    assert_eq!(g.u32_at(OUT), 1);
    assert_eq!(bw!(g, getpgid, 999, OUT), Errno::SRCH.raw());
    assert_eq!(bw!(g, setpgid, 0, 1), 0);
    assert_eq!(g.task().getpgid(0), Ok(1));
    assert_eq!(bw!(g, setpgid, 0, 0), 0);
    assert_eq!(g.task().getpgid(0), Ok(me));
    assert_eq!(bw!(g, setpgid, 999, 0), Errno::SRCH.raw());
    assert_eq!(bw!(g, getpid, MEM_SIZE as i32), Errno::FAULT.raw());
    assert_eq!(bw!(g, umask, 0o077, OUT), 0);
    assert_eq!(g.u32_at(OUT), 0o022);
    assert_eq!(bw!(g, umask, 0o022, OUT), 0);
    assert_eq!(g.u32_at(OUT), 0o077);
}

#[test]
fn signals() {
    let mut g = Guest::child();
    let me = g.task().pid() as i32;
    // sig 0 checks existence only.
    assert_eq!(bw!(g, kill, me, 0), 0);
    assert_eq!(bw!(g, kill, 999, 0), Errno::SRCH.raw());
    assert_eq!(bw!(g, kill, me, 65), Errno::INVAL.raw());
    assert_eq!(bw!(g, kill, me, -1), Errno::INVAL.raw());
    // Caught signals are collected by sigpending, and cleared.
    assert_eq!(bw!(g, sigaction, 10, 2), 0);
    assert_eq!(bw!(g, sigaction, 12, 2), 0);
    assert_eq!(bw!(g, kill, me, 10), 0);
    assert_eq!(bw!(g, kill, me, 12), 0);
    assert_eq!(bw!(g, sigpending, OUT), 0);
    assert_eq!(g.u64_at(OUT), (1 << 9) | (1 << 11));
    assert_eq!(bw!(g, sigpending, OUT), 0);
    assert_eq!(g.u64_at(OUT), 0);
    // Ignored ones vanish.
    assert_eq!(bw!(g, sigaction, 15, 1), 0);
    assert_eq!(bw!(g, kill, me, 15), 0);
    assert!(g.task().killed().is_none());
    // SIGKILL cannot be changed; unknown actions and signals are invalid.
    assert_eq!(bw!(g, sigaction, 9, 1), Errno::INVAL.raw());
    assert_eq!(bw!(g, sigaction, 10, 3), Errno::INVAL.raw());
    assert_eq!(bw!(g, sigaction, 0, 0), Errno::INVAL.raw());
    assert_eq!(bw!(g, sigpending, MEM_SIZE as i32 - 4), Errno::FAULT.raw());
    // Back to default: SIGTERM kills, and the call that sent it stops the guest.
    assert_eq!(bw!(g, sigaction, 15, 0), 0);
    let r = burrow_wasi::burrow::kill(&mut g.cx, burrow_wasi::Mem::new(&mut g.mem), me, 15);
    assert_eq!(r, Err(burrow_wasi::HostExit::Killed(Signal::SIGTERM)));
}
