//! Model-based property test of Burrow's process table: creation under the process limit,
//! exits, orphans, zombies, `wait`, `kill` targets and process groups.
//!
//! # The model ([`Model`])
//!
//! A map from pid to an entry: parent, process group, and the exit status once it has exited
//! (a zombie). Its rules, after Linux where Burrow follows it:
//!
//! * A new child takes its parent's group, or a group of its own; it is refused with `EAGAIN`
//!   when the table (zombies included) holds the process limit. Pids are the kernel's (a new
//!   one must not be in use), not predicted.
//! * An exit makes a zombie for its parent. Its children go to init, which reaps them as they
//!   end (a zombie among them at once); init's own children stay zombies until it waits.
//! * `wait(pid or any, WNOHANG)`: a zombie child matching is reaped (any one of them, if
//!   several); `None` if children match but none has exited; `ECHILD` if none matches.
//! * `kill(pid, sig)`: `pid > 0` a process (`ESRCH` if there is none; a zombie is found, and
//!   ignores signals), `0` the caller's group, `-1` every live process but init and the caller,
//!   `< -1` the group `-pid`; `ESRCH` when a group target holds no live process. `SIGKILL`
//!   ends its targets (the test then exits them, as a backend's driver would).
//! * `setpgid(pid, pgid)`: the caller or a child of it (else `ESRCH`), into its own group
//!   (`pgid` 0 or its pid) or a group with a live member (else `EPERM`).
//!
//! Every step's result is compared; after every step the table's size, and each live
//! process's parent and group, must be the model's. At the end every process exits, init
//! reaps what is left, and the process counter must be back to init alone.
//!
//! A regression test for a bug found by the fuzz targets (`kill` of group `i64::MIN`
//! overflowed) is at the end. 256 cases by default (`PROPTEST_CASES` overrides).

use std::collections::BTreeMap;
use std::sync::Arc;

use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::process::WaitFor;
use burrow_kernel::syscall::ChildOptions;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, ExitStatus, Kernel, Pid, Signal, Task};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// The process limit of the tested VM (init included).
const LIMIT: u64 = 6;

/// `default`, unless the `PROPTEST_CASES` environment variable says otherwise.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A process of the model.
#[derive(Clone, Debug)]
struct Entry {
    ppid: Pid,
    pgid: Pid,
    exit: Option<ExitStatus>,
    /// Adopted by init: reaped as soon as it exits.
    auto_reap: bool,
}

#[derive(Debug)]
struct Model {
    procs: BTreeMap<Pid, Entry>,
}

impl Model {
    fn new() -> Model {
        Model { procs: BTreeMap::from([(1, Entry { ppid: 0, pgid: 1, exit: None, auto_reap: false })]) }
    }

    fn live(&self, pid: Pid) -> bool {
        self.procs.get(&pid).is_some_and(|e| e.exit.is_none())
    }

    fn exit(&mut self, pid: Pid, status: ExitStatus) {
        let e = self.procs.get_mut(&pid).expect("a live process");
        e.exit = Some(status);
        let auto_reap = e.auto_reap;
        let children: Vec<Pid> = self.procs.iter().filter(|(_, c)| c.ppid == pid).map(|(&p, _)| p).collect();
        for c in children {
            let child = self.procs.get_mut(&c).expect("a child");
            child.ppid = 1;
            child.auto_reap = true;
            if child.exit.is_some() {
                self.procs.remove(&c);
            }
        }
        if auto_reap {
            self.procs.remove(&pid);
        }
    }

    /// The live targets of `kill(pid)` by `caller`, or `ESRCH`.
    fn targets(&self, caller: Pid, pid: i64) -> Result<Vec<Pid>, Errno> {
        if pid > 0 {
            let p = Pid::try_from(pid).map_err(|_| Errno::ESRCH)?;
            let e = self.procs.get(&p).ok_or(Errno::ESRCH)?;
            return Ok(if e.exit.is_none() { vec![p] } else { Vec::new() });
        }
        let group = match pid {
            0 => Some(self.procs[&caller].pgid),
            -1 => None,
            g => Some(g.checked_neg().and_then(|g| Pid::try_from(g).ok()).ok_or(Errno::ESRCH)?),
        };
        let found: Vec<Pid> = self
            .procs
            .iter()
            .filter(|(_, e)| e.exit.is_none())
            .filter(|(&p, e)| match group {
                Some(g) => e.pgid == g,
                None => p != 1 && p != caller,
            })
            .map(|(&p, _)| p)
            .collect();
        if found.is_empty() {
            return Err(Errno::ESRCH);
        }
        Ok(found)
    }
}

/// Which process a step names: an index into the pids seen so far (live or not), or a raw
/// number.
#[derive(Clone, Copy, Debug)]
enum Who {
    Seen(prop::sample::Index),
    Raw(i64),
}

#[derive(Clone, Copy, Debug)]
enum KillSig {
    Check,
    Kill,
}

#[derive(Clone, Debug)]
enum Step {
    Child { actor: prop::sample::Index, own_group: bool },
    Exit { actor: prop::sample::Index, code: u8 },
    Wait { actor: prop::sample::Index, which: Option<Who> },
    Kill { actor: prop::sample::Index, target: Who, group: bool, sig: KillSig },
    Setpgid { actor: prop::sample::Index, pid: Option<Who>, pgid: Option<Who> },
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        4 => any::<prop::sample::Index>().prop_map(Who::Seen),
        1 => prop_oneof![Just(0i64), Just(-1), Just(99), Just(i64::MIN), Just(i64::MAX), Just(-2)].prop_map(Who::Raw),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let idx = any::<prop::sample::Index>();
    prop_oneof![
        4 => (idx.clone(), any::<bool>()).prop_map(|(actor, own_group)| Step::Child { actor, own_group }),
        3 => (idx.clone(), any::<u8>()).prop_map(|(actor, code)| Step::Exit { actor, code }),
        3 => (idx.clone(), prop::option::of(who())).prop_map(|(actor, which)| Step::Wait { actor, which }),
        2 => (idx.clone(), who(), any::<bool>(), prop_oneof![3 => Just(KillSig::Check), 1 => Just(KillSig::Kill)])
            .prop_map(|(actor, target, group, sig)| Step::Kill { actor, target, group, sig }),
        2 => (idx, prop::option::of(who()), prop::option::of(who()))
            .prop_map(|(actor, pid, pgid)| Step::Setpgid { actor, pid, pgid }),
    ]
}

struct Run {
    kernel: Kernel,
    model: Model,
    /// Handles of the live (non-zombie) processes.
    tasks: BTreeMap<Pid, Task>,
    /// Every pid seen, for steps to name.
    seen: Vec<Pid>,
}

impl Run {
    fn new() -> Run {
        let limits = Limits { processes: LIMIT, ..Limits::default() };
        let kernel = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), limits);
        let init = kernel.init();
        Run { kernel, model: Model::new(), tasks: BTreeMap::from([(1, init)]), seen: vec![1] }
    }

    fn actor(&self, i: &prop::sample::Index) -> Task {
        let live: Vec<&Task> = self.tasks.values().collect();
        live[i.index(live.len())].clone()
    }

    fn pid_of(&self, w: Who) -> i64 {
        match w {
            Who::Seen(i) => i64::from(self.seen[i.index(self.seen.len())]),
            Who::Raw(p) => p,
        }
    }

    fn step(&mut self, step: &Step) -> Result<(), TestCaseError> {
        match step {
            Step::Child { actor, own_group } => {
                let t = self.actor(actor);
                let options = ChildOptions { pgid: own_group.then_some(0), ..ChildOptions::default() };
                let got = t.new_child(options);
                if self.model.procs.len() as u64 >= LIMIT {
                    prop_assert_eq!(got.err().map(|e| e.errno()), Some(Errno::EAGAIN));
                    return Ok(());
                }
                let child = got.map_err(|e| TestCaseError::fail(format!("new_child: {e}")))?;
                let pid = child.pid();
                prop_assert!(!self.model.procs.contains_key(&pid), "pid {} reused while in the table", pid);
                let pgid = if *own_group { pid } else { self.model.procs[&t.pid()].pgid };
                self.model.procs.insert(pid, Entry { ppid: t.pid(), pgid, exit: None, auto_reap: false });
                self.tasks.insert(pid, child);
                self.seen.push(pid);
            }
            Step::Exit { actor, code } => {
                let t = self.actor(actor);
                if t.pid() != 1 {
                    t.exit(ExitStatus::code(i32::from(*code)));
                    self.tasks.remove(&t.pid());
                    self.model.exit(t.pid(), ExitStatus::code(i32::from(*code)));
                }
            }
            Step::Wait { actor, which } => {
                let t = self.actor(actor);
                let which = match which {
                    None => WaitFor::Any,
                    Some(w) => match Pid::try_from(self.pid_of(*w)) {
                        Ok(p) if p > 0 => WaitFor::Pid(p),
                        _ => WaitFor::Any,
                    },
                };
                let got = t.wait(which, true).map_err(|e| e.errno());
                let me = t.pid();
                let matching: Vec<(Pid, Option<ExitStatus>)> = self
                    .model
                    .procs
                    .iter()
                    .filter(|(&p, e)| e.ppid == me && (which == WaitFor::Any || which == WaitFor::Pid(p)))
                    .map(|(&p, e)| (p, e.exit))
                    .collect();
                match got {
                    Ok(Some((pid, status))) => {
                        prop_assert!(
                            matching.contains(&(pid, Some(status))),
                            "wait reaped {} ({:?}), not a matching zombie of {:?}",
                            pid,
                            status,
                            matching
                        );
                        self.model.procs.remove(&pid);
                    }
                    Ok(None) => {
                        prop_assert!(
                            !matching.is_empty() && matching.iter().all(|(_, e)| e.is_none()),
                            "{:?}",
                            matching
                        )
                    }
                    Err(e) => {
                        prop_assert_eq!(e, Errno::ECHILD);
                        prop_assert!(matching.is_empty(), "ECHILD with children {:?}", matching);
                    }
                }
            }
            Step::Kill { actor, target, group, sig } => {
                let t = self.actor(actor);
                let mut pid = self.pid_of(*target);
                if *group && pid > 0 {
                    pid = -pid;
                }
                let signal = match sig {
                    KillSig::Check => None,
                    KillSig::Kill => Some(Signal::SIGKILL),
                };
                let got = t.kill(pid, signal).map_err(|e| e.errno());
                let want = self.model.targets(t.pid(), pid);
                prop_assert_eq!(got.err(), want.as_ref().err().copied(), "kill({}) by {}", pid, t.pid());
                if let (Some(sig), Ok(targets)) = (signal, want) {
                    for p in targets {
                        // Init ignores signals it has no handler for.
                        if p == 1 {
                            continue;
                        }
                        let task = self.tasks.remove(&p).expect("a live target");
                        prop_assert_eq!(task.killed(), Some(sig));
                        task.exit(ExitStatus::Signaled(sig));
                        self.model.exit(p, ExitStatus::Signaled(sig));
                    }
                }
            }
            Step::Setpgid { actor, pid, pgid } => {
                let t = self.actor(actor);
                let raw = |w: &Option<Who>| w.map_or(0, |w| Pid::try_from(self.pid_of(w)).unwrap_or(0));
                let (pid, pgid) = (raw(pid), raw(pgid));
                let got = t.setpgid(pid, pgid).map_err(|e| e.errno());
                let target = if pid == 0 { t.pid() } else { pid };
                let group = if pgid == 0 { target } else { pgid };
                let want = match self.model.procs.get(&target) {
                    None => Err(Errno::ESRCH),
                    Some(e) if target != t.pid() && e.ppid != t.pid() => Err(Errno::ESRCH),
                    Some(_)
                        if group != target
                            && !self.model.procs.values().any(|o| o.pgid == group && o.exit.is_none()) =>
                    {
                        Err(Errno::EPERM)
                    }
                    Some(_) => Ok(()),
                };
                prop_assert_eq!(got, want, "setpgid({}, {}) by {}", pid, pgid, t.pid());
                if want.is_ok() {
                    self.model.procs.get_mut(&target).expect("the target").pgid = group;
                }
            }
        }
        self.check()
    }

    fn check(&self) -> Result<(), TestCaseError> {
        prop_assert_eq!(
            self.kernel.processes().len(),
            self.model.procs.len(),
            "table size; model {:?}",
            self.model.procs
        );
        for (&pid, task) in &self.tasks {
            prop_assert!(self.model.live(pid));
            let e = &self.model.procs[&pid];
            prop_assert_eq!(task.getppid(), e.ppid, "parent of {}", pid);
            prop_assert_eq!(task.getpgid(0).map_err(|e| e.errno()), Ok(e.pgid), "group of {}", pid);
        }
        Ok(())
    }

    /// Ends everything; the table must be back to init alone.
    fn finish(mut self) -> Result<(), TestCaseError> {
        for (pid, task) in std::mem::take(&mut self.tasks) {
            if pid != 1 {
                task.exit(ExitStatus::code(0));
            }
        }
        let init = self.kernel.init();
        while let Ok(Some(_)) = init.wait(WaitFor::Any, true) {}
        prop_assert_eq!(self.kernel.processes().len(), 1);
        Ok(())
    }
}

proptest! {
    #![proptest_config(Config { cases: cases(256), failure_persistence: None, ..Config::default() })]

    #[test]
    fn the_process_table_follows_the_model(steps in prop::collection::vec(step(), 1..40)) {
        let mut run = Run::new();
        for s in &steps {
            run.step(s)?;
        }
        run.finish()?;
    }
}

#[test]
fn kill_of_the_most_negative_group_is_esrch() {
    // Found by the node_ops fuzz target: `-pid` overflowed for `i64::MIN`.
    let kernel = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), Limits::default());
    let init = kernel.init();
    assert_eq!(init.kill(i64::MIN, None).map_err(|e| e.errno()), Err(Errno::ESRCH));
    assert_eq!(init.kill(i64::MIN + 1, None).map_err(|e| e.errno()), Err(Errno::ESRCH));
}
