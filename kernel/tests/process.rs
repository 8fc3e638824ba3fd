//! Process lifecycle and signals: spawn through a launcher, wait, zombies, orphans, kill with
//! default actions, process groups, interruption of blocked calls, SIGPIPE.
//!
//! The kernel never runs guest code; these tests register a launcher that runs small Rust
//! programs on threads, named by the content of their executable files, which is exactly the
//! contract a wasm or V8 backend implements.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::process::{Disposition, Launcher, ProcessDriver, Program, WaitFor};
use burrow_kernel::syscall::{ChildOptions, SpawnRequest};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, ExitStatus, Kernel, Limit, Signal, Task, AT_FDCWD};

type Main = Arc<dyn Fn(&Task) -> i32 + Send + Sync>;

struct TestLauncher {
    programs: HashMap<Vec<u8>, Main>,
}

struct Flag(Arc<AtomicUsize>);

impl ProcessDriver for Flag {
    fn terminate(&self, _sig: Signal) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl Launcher for TestLauncher {
    fn launch(&self, task: Task, program: Program) -> burrow_kernel::Result<()> {
        let mut head = [0u8; 64];
        let n = program.location.node.read_at(0, &mut head)?;
        let name = head[..n].strip_prefix(b"TEST:").ok_or(Errno::ENOEXEC)?;
        let main = self.programs.get(name).cloned().ok_or(Errno::ENOEXEC)?;
        thread::spawn(move || {
            let code = main(&task);
            task.exit(ExitStatus::code(code));
        });
        Ok(())
    }
}

fn vm(programs: Vec<(&str, Main)>) -> Kernel {
    let limits = Limits::default();
    let k = Kernel::new(MemFs::new(Arc::new(FsQuota::new(&limits))), limits);
    let t = k.init();
    t.mkdir(AT_FDCWD, b"/bin", 0o755).unwrap();
    let mut map = HashMap::new();
    for (name, main) in programs {
        let path = format!("/bin/{name}");
        let fd = t.open(AT_FDCWD, path.as_bytes(), OpenFlags::CREAT | OpenFlags::WRONLY, 0o755).unwrap();
        t.write(fd, format!("TEST:{name}").as_bytes()).unwrap();
        t.close(fd).unwrap();
        map.insert(name.as_bytes().to_vec(), main);
    }
    k.set_launcher(Arc::new(TestLauncher { programs: map }));
    k
}

fn spawn(t: &Task, name: &str, fds: Vec<(u32, u32)>) -> u32 {
    t.spawn(SpawnRequest {
        path: name.as_bytes().to_vec(),
        options: ChildOptions {
            argv: vec![name.as_bytes().to_vec()],
            env: vec![b"PATH=/bin".to_vec()],
            fds,
            ..Default::default()
        },
    })
    .unwrap()
}

fn read_all(t: &Task, fd: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = t.read(fd, &mut buf).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&buf[..n]);
    }
}

#[test]
fn spawn_wait_and_exit_codes() {
    let k = vm(vec![("seven", Arc::new(|_| 7)), ("zero", Arc::new(|_| 0))]);
    let t = k.init();
    let a = spawn(&t, "seven", vec![]);
    let b = spawn(&t, "zero", vec![]);
    let mut got = vec![t.wait(WaitFor::Any, false).unwrap().unwrap(), t.wait(WaitFor::Any, false).unwrap().unwrap()];
    got.sort_by_key(|(pid, _)| *pid);
    assert_eq!(got, vec![(a, ExitStatus::Code(7)), (b, ExitStatus::Code(0))]);
    assert_eq!(t.wait(WaitFor::Any, false).unwrap_err().errno(), Errno::ECHILD);
    assert_eq!(ExitStatus::Code(7).wait_status(), 7 << 8);
}

#[test]
fn spawn_errors_for_missing_and_non_executable_programs() {
    let k = vm(vec![]);
    let t = k.init();
    let req = |path: &[u8]| SpawnRequest { path: path.to_vec(), options: ChildOptions::default() };
    assert_eq!(t.spawn(req(b"/bin/none")).unwrap_err().errno(), Errno::ENOENT);
    let fd = t.open(AT_FDCWD, b"/bin/data", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).unwrap();
    t.close(fd).unwrap();
    assert_eq!(t.spawn(req(b"/bin/data")).unwrap_err().errno(), Errno::EACCES);
    let fd = t.open(AT_FDCWD, b"/bin/junk", OpenFlags::CREAT | OpenFlags::WRONLY, 0o755).unwrap();
    t.write(fd, b"not a program").unwrap();
    t.close(fd).unwrap();
    assert_eq!(t.spawn(req(b"/bin/junk")).unwrap_err().errno(), Errno::ENOEXEC);
    // A failed launch leaves no process behind.
    assert_eq!(k.processes().pids(), vec![1]);
}

#[test]
fn shebang_scripts_run_their_interpreter_with_the_script_path() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let k = vm(vec![("interp", Arc::new(move |t: &Task| {
        s.lock().unwrap().extend(t.process().argv().to_vec());
        0
    }))]);
    let t = k.init();
    let fd = t.open(AT_FDCWD, b"/bin/script", OpenFlags::CREAT | OpenFlags::WRONLY, 0o755).unwrap();
    t.write(fd, b"#!/bin/interp -e\nbody\n").unwrap();
    t.close(fd).unwrap();
    let pid = t
        .spawn(SpawnRequest {
            path: b"/bin/script".to_vec(),
            options: ChildOptions { argv: vec![b"script".to_vec(), b"arg1".to_vec()], ..Default::default() },
        })
        .unwrap();
    assert_eq!(t.wait(WaitFor::Pid(pid), false).unwrap(), Some((pid, ExitStatus::Code(0))));
    let argv = seen.lock().unwrap().clone();
    assert_eq!(argv, vec![b"/bin/interp".to_vec(), b"-e".to_vec(), b"/bin/script".to_vec(), b"arg1".to_vec()]);
}

#[test]
fn pipes_between_spawned_processes_reach_eof_when_writers_exit() {
    let k = vm(vec![
        ("producer", Arc::new(|t: &Task| {
            for i in 0..100 {
                t.write(1, format!("line {i}\n").as_bytes()).unwrap();
            }
            0
        })),
        ("upper", Arc::new(|t: &Task| {
            let data = read_all(t, 0);
            t.write(1, &data.to_ascii_uppercase()).unwrap();
            0
        })),
    ]);
    let t = k.init();
    let (r1, w1) = t.pipe(OpenFlags::CLOEXEC).unwrap();
    let (r2, w2) = t.pipe(OpenFlags::CLOEXEC).unwrap();
    let p1 = spawn(&t, "producer", vec![(1, w1)]);
    let p2 = spawn(&t, "upper", vec![(0, r1), (1, w2)]);
    t.close(w1).unwrap();
    t.close(r1).unwrap();
    t.close(w2).unwrap();
    let out = read_all(&t, r2);
    let expected: String = (0..100).map(|i| format!("LINE {i}\n")).collect();
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    for pid in [p1, p2] {
        assert_eq!(t.wait(WaitFor::Pid(pid), false).unwrap(), Some((pid, ExitStatus::Code(0))));
    }
}

#[test]
fn children_inherit_fds_except_cloexec_and_get_mapped_ones() {
    let k = vm(vec![]);
    let t = k.init();
    let fd = t.open(AT_FDCWD, b"/f", OpenFlags::CREAT | OpenFlags::RDWR, 0o644).unwrap();
    let hidden = t.open(AT_FDCWD, b"/f", OpenFlags::RDONLY | OpenFlags::CLOEXEC, 0).unwrap();
    let child = t.new_child(ChildOptions { fds: vec![(9, fd)], ..Default::default() }).unwrap();
    assert_eq!(child.fds(), vec![fd, 9]);
    assert!(!child.fds().contains(&hidden));
    // The description is shared: offsets move together.
    t.write(fd, b"hello").unwrap();
    assert_eq!(child.lseek(9, std::io::SeekFrom::Current(0)).unwrap(), 5);
    child.exit(ExitStatus::Code(0));
}

#[test]
fn zombies_stay_until_reaped_and_wnohang_does_not_block() {
    let k = vm(vec![]);
    let t = k.init();
    let child = t.new_child(ChildOptions::default()).unwrap();
    let pid = child.pid();
    assert_eq!(t.wait(WaitFor::Pid(pid), true).unwrap(), None);
    child.exit(ExitStatus::Code(3));
    assert!(k.task(pid).is_none(), "a zombie is not a live task");
    assert_eq!(k.processes().len(), 2, "the zombie still holds its slot");
    assert_eq!(t.kill(pid as i64, Some(Signal::SIGTERM)), Ok(()), "signalling a zombie succeeds");
    assert_eq!(t.wait(WaitFor::Pid(pid), true).unwrap(), Some((pid, ExitStatus::Code(3))));
    assert_eq!(k.processes().len(), 1);
}

#[test]
fn orphans_go_to_init_and_are_reaped_by_it() {
    let k = vm(vec![]);
    let init = k.init();
    let parent = init.new_child(ChildOptions::default()).unwrap();
    let orphan = parent.new_child(ChildOptions::default()).unwrap();
    let zombie_orphan = parent.new_child(ChildOptions::default()).unwrap();
    zombie_orphan.exit(ExitStatus::Code(0));
    parent.exit(ExitStatus::Code(0));
    assert_eq!(orphan.getppid(), 1);
    init.wait(WaitFor::Pid(parent.pid()), false).unwrap();
    orphan.exit(ExitStatus::Code(0));
    assert_eq!(k.processes().len(), 1, "init reaped both orphans by itself");
}

#[test]
fn default_signal_actions_terminate_or_ignore() {
    let k = vm(vec![]);
    let t = k.init();
    for (sig, dies) in [
        (Signal::SIGTERM, true),
        (Signal::SIGKILL, true),
        (Signal::SIGINT, true),
        (Signal::SIGHUP, true),
        (Signal::SIGPIPE, true),
        (Signal::SIGCHLD, false),
    ] {
        let child = t.new_child(ChildOptions::default()).unwrap();
        let hits = Arc::new(AtomicUsize::new(0));
        child.process().set_driver(Arc::new(Flag(hits.clone())));
        t.kill(child.pid() as i64, Some(sig)).unwrap();
        assert_eq!(child.killed().is_some(), dies, "{sig}");
        assert_eq!(hits.load(Ordering::SeqCst), dies as usize, "{sig}: driver told to stop");
        child.exit(ExitStatus::Code(0));
        let (_, status) = t.wait(WaitFor::Pid(child.pid()), false).unwrap().unwrap();
        let expected = if dies { ExitStatus::Signaled(sig) } else { ExitStatus::Code(0) };
        assert_eq!(status, expected);
        assert_eq!(status.shell_code(), if dies { 128 + sig.number() as i32 } else { 0 });
    }
}

#[test]
fn ignored_and_caught_signals() {
    let k = vm(vec![]);
    let t = k.init();
    let child = t.new_child(ChildOptions::default()).unwrap();
    child.set_signal_disposition(Signal::SIGTERM, Disposition::Ignore).unwrap();
    child.set_signal_disposition(Signal::SIGINT, Disposition::Catch).unwrap();
    t.kill(child.pid() as i64, Some(Signal::SIGTERM)).unwrap();
    t.kill(child.pid() as i64, Some(Signal::SIGINT)).unwrap();
    assert_eq!(child.killed(), None);
    assert_eq!(child.take_signals(), 1 << (Signal::SIGINT.number() - 1));
    assert_eq!(child.take_signals(), 0);
    assert_eq!(child.set_signal_disposition(Signal::SIGKILL, Disposition::Ignore).unwrap_err().errno(), Errno::EINVAL);
    t.kill(child.pid() as i64, Some(Signal::SIGKILL)).unwrap();
    assert_eq!(child.killed(), Some(Signal::SIGKILL));
    child.exit(ExitStatus::Code(0));
}

#[test]
fn a_signal_interrupts_a_blocked_read_with_eintr() {
    let k = vm(vec![]);
    let t = k.init();
    let (r, _w) = t.pipe(OpenFlags::default()).unwrap();
    let child = t.new_child(ChildOptions::default()).unwrap();
    child.set_signal_disposition(Signal::SIGUSR1, Disposition::Catch).unwrap();
    let c = child.clone();
    let reader = thread::spawn(move || c.read(r, &mut [0u8; 8]).unwrap_err().errno());
    thread::sleep(Duration::from_millis(50));
    t.kill(child.pid() as i64, Some(Signal::SIGUSR1)).unwrap();
    assert_eq!(reader.join().unwrap(), Errno::EINTR);
    // A fatal signal interrupts too, and the status records it.
    let c = child.clone();
    let reader = thread::spawn(move || c.read(r, &mut [0u8; 8]).unwrap_err().errno());
    thread::sleep(Duration::from_millis(50));
    t.kill(child.pid() as i64, Some(Signal::SIGTERM)).unwrap();
    assert_eq!(reader.join().unwrap(), Errno::EINTR);
    child.exit(ExitStatus::Code(0));
    assert_eq!(t.wait(WaitFor::Pid(child.pid()), false).unwrap().unwrap().1, ExitStatus::Signaled(Signal::SIGTERM));
}

#[test]
fn a_signal_interrupts_a_blocked_wait() {
    let k = vm(vec![]);
    let t = k.init();
    let parent = t.new_child(ChildOptions::default()).unwrap();
    let _busy = parent.new_child(ChildOptions::default()).unwrap();
    let p = parent.clone();
    let waiter = thread::spawn(move || p.wait(WaitFor::Any, false).unwrap_err().errno());
    thread::sleep(Duration::from_millis(50));
    t.kill(parent.pid() as i64, Some(Signal::SIGKILL)).unwrap();
    assert_eq!(waiter.join().unwrap(), Errno::EINTR);
}

#[test]
fn process_groups_receive_kill_of_negative_pgid() {
    let k = vm(vec![]);
    let t = k.init();
    let leader = t.new_child(ChildOptions { pgid: Some(0), ..Default::default() }).unwrap();
    let member = leader.new_child(ChildOptions::default()).unwrap();
    let outsider = t.new_child(ChildOptions::default()).unwrap();
    assert_eq!(member.getpgid(0).unwrap(), leader.pid());
    assert_eq!(outsider.getpgid(0).unwrap(), 1);
    t.kill(-(leader.pid() as i64), Some(Signal::SIGTERM)).unwrap();
    assert_eq!(leader.killed(), Some(Signal::SIGTERM));
    assert_eq!(member.killed(), Some(Signal::SIGTERM));
    assert_eq!(outsider.killed(), None);
    outsider.setpgid(0, 0).unwrap();
    assert_eq!(outsider.getpgid(0).unwrap(), outsider.pid());
    assert_eq!(t.kill(-999, Some(Signal::SIGTERM)).unwrap_err().errno(), Errno::ESRCH);
    assert_eq!(t.kill(999, None).unwrap_err().errno(), Errno::ESRCH);
}

#[test]
fn writing_to_a_pipe_without_readers_gives_epipe_and_sigpipe() {
    let k = vm(vec![]);
    let t = k.init();
    let child = t.new_child(ChildOptions::default()).unwrap();
    let (r, w) = child.pipe(OpenFlags::default()).unwrap();
    child.close(r).unwrap();
    assert_eq!(child.write(w, b"x").unwrap_err().errno(), Errno::EPIPE);
    assert_eq!(child.killed(), Some(Signal::SIGPIPE));
    // With SIGPIPE ignored only the errno remains.
    let other = t.new_child(ChildOptions::default()).unwrap();
    other.set_signal_disposition(Signal::SIGPIPE, Disposition::Ignore).unwrap();
    let (r, w) = other.pipe(OpenFlags::default()).unwrap();
    other.close(r).unwrap();
    assert_eq!(other.write(w, b"x").unwrap_err().errno(), Errno::EPIPE);
    assert_eq!(other.killed(), None);
}

#[test]
fn a_blocked_process_blocks_nobody_else() {
    let k = vm(vec![]);
    let t = k.init();
    let (r, w) = t.pipe(OpenFlags::default()).unwrap();
    let blocked = t.new_child(ChildOptions::default()).unwrap();
    let b = blocked.clone();
    let h = thread::spawn(move || b.read(r, &mut [0u8; 1]).unwrap());
    thread::sleep(Duration::from_millis(20));
    // Others keep working while one reader is parked.
    let worker = t.new_child(ChildOptions::default()).unwrap();
    for i in 0..100 {
        let name = format!("/w{i}");
        let fd = worker.open(AT_FDCWD, name.as_bytes(), OpenFlags::CREAT | OpenFlags::RDWR, 0o644).unwrap();
        worker.write(fd, b"data").unwrap();
        assert_eq!(worker.stat(AT_FDCWD, name.as_bytes(), true).unwrap().size, 4);
        worker.close(fd).unwrap();
    }
    t.write(w, b"!").unwrap();
    assert_eq!(h.join().unwrap(), 1);
}

#[test]
fn getcwd_follows_chdir_renames_and_mounts() {
    let k = vm(vec![]);
    let t = k.init();
    t.mkdir(AT_FDCWD, b"/a", 0o755).unwrap();
    t.mkdir(AT_FDCWD, b"/a/b", 0o755).unwrap();
    t.chdir(b"/a/b").unwrap();
    assert_eq!(t.getcwd().unwrap(), b"/a/b");
    t.rename(AT_FDCWD, b"/a", AT_FDCWD, b"/z", Default::default()).unwrap();
    assert_eq!(t.getcwd().unwrap(), b"/z/b");
    t.chdir(b"..").unwrap();
    assert_eq!(t.getcwd().unwrap(), b"/z");
    k.mount(b"/z/b", MemFs::new(Arc::new(FsQuota::unlimited())), false).unwrap();
    t.chdir(b"b").unwrap();
    t.mkdir(AT_FDCWD, b"inner", 0o755).unwrap();
    t.chdir(b"inner").unwrap();
    assert_eq!(t.getcwd().unwrap(), b"/z/b/inner");
    t.chdir(b"../..").unwrap();
    assert_eq!(t.getcwd().unwrap(), b"/z");
    t.mkdir(AT_FDCWD, b"gone", 0o755).unwrap();
    t.chdir(b"gone").unwrap();
    t.rmdir(AT_FDCWD, b"/z/gone").unwrap();
    assert_eq!(t.getcwd().unwrap_err().errno(), Errno::ENOENT);
    assert_eq!(t.open(AT_FDCWD, b"x", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).unwrap_err().errno(), Errno::ENOENT);
}

#[test]
fn limits_a_process_runs_into_are_recorded_and_passed_to_its_parent() {
    let greedy: Main = Arc::new(|t: &Task| {
        let _hits = t.attribute_limit_hits();
        let mut fds = Vec::new();
        let err = loop {
            match t.open(AT_FDCWD, b"/bin", OpenFlags::RDONLY | OpenFlags::DIRECTORY, 0) {
                Ok(fd) => fds.push(fd),
                Err(e) => break e,
            }
        };
        if err.errno() == Errno::EMFILE {
            0
        } else {
            1
        }
    });
    let parent: Main = Arc::new(|t: &Task| {
        let _hits = t.attribute_limit_hits();
        let pid = spawn(t, "greedy", vec![]);
        match t.wait(WaitFor::Pid(pid), false) {
            Ok(Some((_, ExitStatus::Code(0)))) => 0,
            _ => 1,
        }
    });
    let k = vm(vec![("greedy", greedy), ("parent", parent)]);
    let t = k.init();
    let pid = spawn(&t, "parent", vec![]);
    let child = k.processes().get_any(pid).unwrap();
    assert_eq!(t.wait(WaitFor::Pid(pid), false).unwrap(), Some((pid, ExitStatus::Code(0))));
    assert_eq!(child.limits_hit(), vec![Limit::OpenFiles]);
    // Nothing is recorded on a thread that runs no process: init's own refusals reach the host
    // as errors.
    let err = t
        .spawn(SpawnRequest {
            path: b"/bin/greedy".to_vec(),
            options: ChildOptions { argv: vec![vec![b'x'; 3 << 20]], ..Default::default() },
        })
        .unwrap_err();
    assert_eq!(err, burrow_kernel::Error::LimitExceeded { limit: Limit::ArgBytes, max: Limits::default().arg_bytes });
    assert_eq!(err.errno(), Errno::E2BIG);
}

#[test]
fn shutting_a_kernel_down_kills_every_process_and_refuses_new_ones() {
    let sleeper: Main = Arc::new(|t: &Task| {
        while t.killed().is_none() {
            thread::sleep(Duration::from_millis(5));
        }
        0
    });
    let k = vm(vec![("sleeper", sleeper)]);
    let t = k.init();
    let pids: Vec<u32> = (0..4).map(|_| spawn(&t, "sleeper", vec![])).collect();
    k.shut_down();
    for pid in pids {
        assert_eq!(t.wait(WaitFor::Pid(pid), false).unwrap(), Some((pid, ExitStatus::Signaled(Signal::SIGKILL))));
    }
    let err = t.spawn(SpawnRequest { path: b"/bin/sleeper".to_vec(), options: ChildOptions::default() }).unwrap_err();
    assert_eq!(err.errno(), Errno::EAGAIN);
    assert_eq!(k.processes().pids(), vec![1]);
}
