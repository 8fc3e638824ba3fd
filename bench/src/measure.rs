//! Measuring one row on one backend, and the same work on the host.

use std::path::Path;
use std::time::{Duration, Instant};

use burrow::{BackendKind, Runtime, Vm};

use crate::fixture::{self, Fixture, VM_DIR};
use crate::rows::{Check, Row, Work};

/// How many runs to make.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub warmup: usize,
    pub samples: usize,
}

/// p50 and p90 of a row's samples, in the row's unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stats {
    pub p50: f64,
    pub p90: f64,
}

impl Stats {
    fn of(mut v: Vec<f64>) -> Stats {
        v.sort_by(|a, b| a.total_cmp(b));
        let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        Stats { p50: at(0.5), p90: at(0.9) }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Verifies output against a row's check.
pub fn check(check: &Check, code: i32, stdout: &[u8], stderr: &[u8]) -> Result<(), String> {
    let err = || String::from_utf8_lossy(stderr).chars().take(300).collect::<String>();
    if code != 0 {
        return Err(format!("exit {code}; stderr: {}", err()));
    }
    let ok = match check {
        Check::Success => true,
        Check::Stdout(want) => stdout == want.as_bytes(),
        Check::Bytes(n) => stdout.len() == *n,
        Check::Lines(n) => stdout.iter().filter(|&&b| b == b'\n').count() == *n,
        Check::Contains(s) => String::from_utf8_lossy(stdout).contains(s),
    };
    if ok {
        Ok(())
    } else {
        let shown: String = String::from_utf8_lossy(stdout).chars().take(200).collect();
        Err(format!("wrong output for {check:?}: {} bytes {shown:?}; stderr: {}", stdout.len(), err()))
    }
}

/// A VM on `rt` with `fixture` under the working directory and room for big outputs.
fn vm(rt: &Runtime, backend: BackendKind, fixture: Fixture) -> Result<Vm, String> {
    let vm = Vm::builder()
        .runtime(rt)
        .backend(backend)
        .capture_limit(256 << 20)
        .build()
        .map_err(|e| e.to_string())?;
    fixture::create_in_vm(fixture, &vm.kernel().init()).map_err(|e| e.to_string())?;
    Ok(vm)
}

fn run_in_vm(vm: &Vm, argv: &[String], c: &Check) -> Result<Duration, String> {
    let start = Instant::now();
    let out = vm.command(argv[0].as_str()).args(argv[1..].iter().map(|a| a.as_bytes().to_vec())).cwd(VM_DIR).output();
    let elapsed = start.elapsed();
    let out = out.map_err(|e| e.to_string())?;
    check(c, out.code(), &out.stdout, &out.stderr)?;
    Ok(elapsed)
}

fn repeat(plan: Plan, mut f: impl FnMut() -> Result<f64, String>) -> Result<Stats, String> {
    for _ in 0..plan.warmup {
        f()?;
    }
    let samples = (0..plan.samples).map(|_| f()).collect::<Result<Vec<_>, _>>()?;
    Ok(Stats::of(samples))
}

fn rss_kib() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0.0);
    pages * 4.0
}

/// Measures `row` in VMs on `backend`.
pub fn vm_row(row: &Row, rt: &Runtime, backend: BackendKind, plan: Plan) -> Result<Stats, String> {
    match &row.work {
        Work::Shell { script, fixture, check, .. } => {
            let vm = vm(rt, backend, *fixture)?;
            let argv = vec!["sh".to_string(), "-c".to_string(), script.clone()];
            repeat(plan, || run_in_vm(&vm, &argv, check).map(ms))
        }
        Work::Exec { argv, fixture, check, .. } => {
            let vm = vm(rt, backend, *fixture)?;
            repeat(plan, || run_in_vm(&vm, argv, check).map(ms))
        }
        Work::Fs { op, check } => {
            let vm = vm(rt, backend, Fixture::Empty)?;
            let setup = ["fsbench".to_string(), "setup".into(), VM_DIR.into()];
            run_in_vm(&vm, &setup, &Check::Success)?;
            let argv = ["fsbench".to_string(), op.to_string(), VM_DIR.into()];
            repeat(plan, || {
                let out = vm.command("fsbench").args(argv[1..].iter().map(|a| a.as_bytes().to_vec())).output().map_err(|e| e.to_string())?;
                let text = String::from_utf8_lossy(&out.stdout);
                let mut it = text.split_whitespace();
                let ns: f64 = it.next().and_then(|n| n.parse().ok()).ok_or(format!("fsbench printed {text:?}"))?;
                let value: u64 = it.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                if out.code() != 0 || value != *check {
                    return Err(format!("fsbench {op}: exit {}, value {value} (expected {check})", out.code()));
                }
                Ok(ns / 1e6)
            })
        }
        Work::Net { op, n } => {
            let vm = vm(rt, backend, Fixture::Empty)?;
            let expect = net_check(op, *n);
            repeat(plan, || {
                let args = [op.as_bytes().to_vec(), n.to_string().into_bytes()];
                let out = vm.command("netbench").args(args).output().map_err(|e| e.to_string())?;
                let text = String::from_utf8_lossy(&out.stdout);
                let mut it = text.split_whitespace();
                let ns: f64 = it.next().and_then(|v| v.parse().ok()).ok_or(format!("netbench printed {text:?}, {}", String::from_utf8_lossy(&out.stderr)))?;
                let value: u64 = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
                if out.code() != 0 || value != expect {
                    return Err(format!("netbench {op}: exit {}, value {value} (expected {expect})", out.code()));
                }
                Ok(net_unit(op, ns))
            })
        }
        Work::NodeTimed { script, fresh, micros } => {
            let vm = vm(rt, backend, Fixture::Node)?;
            node_timed(row.name, *fresh, *micros, plan, |args| {
                let argv = [b"-e".to_vec(), script.as_bytes().to_vec()].into_iter().chain(args.iter().map(|a| a.as_bytes().to_vec()));
                let out = vm.command("node").args(argv).cwd(VM_DIR).output().map_err(|e| e.to_string())?;
                Ok((out.code(), out.stdout, out.stderr))
            })
        }
        Work::Lifecycle { cold } => repeat(Plan { warmup: plan.warmup.min(1), samples: if *cold { plan.samples.min(5) } else { plan.samples } }, || {
            let start = Instant::now();
            let fresh;
            let rt = if *cold {
                // A new runtime, as in a new host process: engines, base image and module caches
                // built again, compiled modules loaded from the on-disk cache (the default
                // directory, which the warm-up run fills).
                fresh = Runtime::builder().build().map_err(|e| e.to_string())?;
                &fresh
            } else {
                rt
            };
            let vm = Vm::builder().runtime(rt).backend(backend).build().map_err(|e| e.to_string())?;
            let out = vm.run(&["true"]).map_err(|e| e.to_string())?;
            check(&Check::Success, out.code(), &out.stdout, &out.stderr)?;
            drop(vm);
            Ok(ms(start.elapsed()))
        }),
        Work::VmsPerSec => repeat(Plan { warmup: 1, samples: plan.samples.min(10) }, || vms_per_sec(rt, backend)),
        Work::IdleVmMemory | Work::VmsPerGib => {
            let per_vm = idle_vm_kib(rt, backend)?;
            let v = if matches!(row.work, Work::VmsPerGib) { (1 << 20) as f64 / per_vm } else { per_vm };
            Ok(Stats { p50: v, p90: v })
        }
        Work::ProcessMemory => {
            let v = process_kib(rt, backend)?;
            Ok(Stats { p50: v, p90: v })
        }
        Work::PipeThroughput { bytes } => {
            let vm = vm(rt, backend, Fixture::Empty)?;
            let argv = vec!["sh".into(), "-c".into(), format!("head -c {bytes} /dev/zero | wc -c")];
            let c = Check::Stdout(format!("{bytes}\n"));
            repeat(Plan { warmup: 1, samples: plan.samples.min(10) }, || {
                run_in_vm(&vm, &argv, &c).map(|d| *bytes as f64 / 1e6 / d.as_secs_f64())
            })
        }
        Work::StdoutThroughput { bytes } => {
            let vm = vm(rt, backend, Fixture::Empty)?;
            let argv = vec!["head".into(), "-c".into(), bytes.to_string(), "/dev/zero".into()];
            repeat(Plan { warmup: 1, samples: plan.samples.min(10) }, || {
                run_in_vm(&vm, &argv, &Check::Bytes(*bytes)).map(|d| *bytes as f64 / 1e6 / d.as_secs_f64())
            })
        }
    }
}

/// The samples of a [`Work::NodeTimed`] row, from `node(args)` (exit code, stdout, stderr): one
/// process printing `plan.samples` lines after `plan.warmup` unprinted samples, or (`fresh`) one
/// process per run, the first `plan.warmup` runs discarded.
fn node_timed(
    name: &str,
    fresh: bool,
    micros: bool,
    plan: Plan,
    mut node: impl FnMut(&[String]) -> Result<(i32, Vec<u8>, Vec<u8>), String>,
) -> Result<Stats, String> {
    let mut run = |args: &[String], lines: usize| -> Result<Vec<f64>, String> {
        let (code, stdout, stderr) = node(args)?;
        check(&Check::Lines(lines), code, &stdout, &stderr)?;
        String::from_utf8_lossy(&stdout)
            .lines()
            .map(|l| match l.trim().parse::<f64>() {
                Ok(ms) if ms.is_finite() && ms > 0.0 => Ok(if micros { ms * 1e3 } else { ms }),
                _ => Err(format!("{name}: printed {l:?}, not a sample")),
            })
            .collect()
    };
    let samples = if fresh {
        if plan.warmup + plan.samples > fixture::REQUIRE_RUNS {
            return Err(format!("{name}: {} runs, the fixture has modules for {}", plan.warmup + plan.samples, fixture::REQUIRE_RUNS));
        }
        let mut all = Vec::new();
        for i in 0..plan.warmup + plan.samples {
            let s = run(&[i.to_string()], 1)?;
            if i >= plan.warmup {
                all.extend(s);
            }
        }
        all
    } else {
        run(&[plan.warmup.to_string(), plan.samples.to_string()], plan.samples)?
    };
    Ok(Stats::of(samples))
}

/// Heap bytes one idle VM holds (its kernel, overlay upper layer, process table...), from the
/// counting allocator: the resident set would hide them in the allocator's free lists.
fn idle_vm_kib(rt: &Runtime, backend: BackendKind) -> Result<f64, String> {
    let warm = Vm::builder().runtime(rt).backend(backend).build().map_err(|e| e.to_string())?;
    warm.run(&["true"]).map_err(|e| e.to_string())?;
    const N: usize = 200;
    let before = crate::heap::live_bytes();
    let vms: Vec<Vm> = (0..N).map(|_| Vm::builder().runtime(rt).backend(backend).build()).collect::<Result<_, _>>().map_err(|e| e.to_string())?;
    let after = crate::heap::live_bytes();
    drop(vms);
    let per_vm = (after - before) as f64 / N as f64 / 1024.0;
    if per_vm <= 0.0 {
        return Err(format!("{N} idle VMs measured {} bytes in all", after - before));
    }
    Ok(per_vm)
}

fn process_kib(rt: &Runtime, backend: BackendKind) -> Result<f64, String> {
    const N: usize = 20;
    let vm = Vm::builder().runtime(rt).backend(backend).build().map_err(|e| e.to_string())?;
    vm.run(&["sh", "-c", "sleep 0"]).map_err(|e| e.to_string())?;
    let before = rss_kib();
    let kernel = vm.kernel().clone();
    let script = format!("i=0; while [ $i -lt {N} ]; do sleep 3 & i=$((i+1)); done; wait");
    let handle = std::thread::spawn(move || vm.run(&["sh", "-c", &script]).map(|o| o.code()));
    let deadline = Instant::now() + Duration::from_secs(10);
    while kernel.processes().len() < N + 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let procs = kernel.processes().len().saturating_sub(1).max(1);
    let after = rss_kib();
    let code = handle.join().map_err(|_| "the sh run panicked".to_string())?.map_err(|e| e.to_string())?;
    if code != 0 {
        return Err(format!("sh exited {code}"));
    }
    Ok(((after - before) / procs as f64).max(0.0))
}

/// Measures the host's version of `row`, in `dir` (a scratch directory).
pub fn host_row(row: &Row, dir: &Path, plan: Plan) -> Option<Result<Stats, String>> {
    let run = |argv: &[String], c: &Check, fixture: Fixture| -> Result<Stats, String> {
        let work = dir.join("work");
        let _ = std::fs::remove_dir_all(dir);
        fixture::create_on_host(fixture, &work).map_err(|e| e.to_string())?;
        repeat(plan, || {
            let start = Instant::now();
            let out = std::process::Command::new(&argv[0]).args(&argv[1..]).current_dir(&work).output().map_err(|e| format!("{}: {e}", argv[0]))?;
            let elapsed = start.elapsed();
            check(c, out.status.code().unwrap_or(-1), &out.stdout, &out.stderr)?;
            Ok(ms(elapsed))
        })
    };
    match &row.work {
        Work::Shell { host: Some(script), fixture, check, .. } => {
            Some(run(&["bash".into(), "-c".into(), script.clone()], check, *fixture))
        }
        Work::Exec { argv, host: true, fixture, check } => Some(run(argv, check, *fixture)),
        Work::Fs { op, check } => Some(host_fs(op, *check, dir, plan)),
        Work::Net { op, n } => Some(host_net(op, *n, dir, plan)),
        Work::NodeTimed { script, fresh, micros } => Some((|| {
            let work = dir.join("work");
            let _ = std::fs::remove_dir_all(dir);
            fixture::create_on_host(Fixture::Node, &work).map_err(|e| e.to_string())?;
            node_timed(row.name, *fresh, *micros, plan, |args| {
                let out = std::process::Command::new("node").arg("-e").arg(script).args(args).current_dir(&work).output().map_err(|e| format!("node: {e}"))?;
                Ok((out.status.code().unwrap_or(-1), out.stdout, out.stderr))
            })
        })()),
        Work::PipeThroughput { bytes } => {
            let argv = vec!["bash".into(), "-c".into(), format!("head -c {bytes} /dev/zero | wc -c")];
            Some(run(&argv, &Check::Stdout(format!("{bytes}\n")), Fixture::Empty).map(|s| Stats {
                p50: *bytes as f64 / 1e3 / s.p50,
                p90: *bytes as f64 / 1e3 / s.p90,
            }))
        }
        _ => None,
    }
}

/// What `netbench OP N` prints as its check value: the echoed bytes' sum, or the bytes of one
/// transfer.
fn net_check(op: &str, n: usize) -> u64 {
    if op == "tcp-1m" {
        1 << 20
    } else {
        (0..n).map(|i| (i % 251) as u64).sum()
    }
}

/// A socket row's sample from nanoseconds per operation: us for round trips, ms for transfers.
fn net_unit(op: &str, ns: f64) -> f64 {
    if op == "tcp-1m" {
        ns / 1e6
    } else {
        ns / 1e3
    }
}

/// The host's version of a [`Work::Net`] row: the same traffic between two threads over the
/// host's loopback (TCP and UDP on 127.0.0.1, a unix socket in `dir`).
fn host_net(op: &str, n: usize, dir: &Path, plan: Plan) -> Result<Stats, String> {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream, UdpSocket};
    use std::os::unix::net::{UnixListener, UnixStream};
    const MIB: usize = 1 << 20;
    fn echo<S: Read + Write>(mut s: S) {
        let mut buf = [0u8; 4096];
        while let Ok(k) = s.read(&mut buf) {
            if k == 0 || s.write_all(&buf[..k]).is_err() {
                return;
            }
        }
    }
    fn trips<S: Read + Write>(s: &mut S, n: usize) -> std::io::Result<u64> {
        let mut sum = 0;
        for i in 0..n {
            s.write_all(&[(i % 251) as u8])?;
            let mut b = [0u8; 1];
            s.read_exact(&mut b)?;
            sum += u64::from(b[0]);
        }
        Ok(sum)
    }
    /// 100 warm-up and `n` timed round trips over `s` to the echoing `peer` thread, which
    /// ends once `s` is closed: (ns per trip, the echoed bytes' sum).
    fn timed_trips<S: Read + Write>(mut s: S, n: usize, peer: std::thread::JoinHandle<()>) -> Result<(f64, u64), String> {
        let io = |e: std::io::Error| e.to_string();
        trips(&mut s, 100).map_err(io)?;
        let start = Instant::now();
        let v = trips(&mut s, n).map_err(io)?;
        let ns = start.elapsed().as_nanos() as f64 / n as f64;
        drop(s);
        peer.join().map_err(|_| "the echo thread panicked".to_string())?;
        Ok((ns, v))
    }
    let expect = net_check(op, n);
    let _ = std::fs::create_dir_all(dir);
    repeat(plan, || {
        let io = |e: std::io::Error| e.to_string();
        let (ns, value) = match op {
            "tcp-echo" => {
                let l = TcpListener::bind("127.0.0.1:0").map_err(io)?;
                let addr = l.local_addr().map_err(io)?;
                let peer = std::thread::spawn(move || {
                    let s = TcpStream::connect(addr).unwrap();
                    s.set_nodelay(true).unwrap();
                    echo(s)
                });
                let (s, _) = l.accept().map_err(io)?;
                s.set_nodelay(true).map_err(io)?;
                timed_trips(s, n, peer)?
            }
            "unix-echo" => {
                let path = dir.join("netbench.sock");
                let _ = std::fs::remove_file(&path);
                let l = UnixListener::bind(&path).map_err(io)?;
                let p = path.clone();
                let peer = std::thread::spawn(move || echo(UnixStream::connect(p).unwrap()));
                let (s, _) = l.accept().map_err(io)?;
                let r = timed_trips(s, n, peer)?;
                let _ = std::fs::remove_file(&path);
                r
            }
            "udp-echo" => {
                let a = UdpSocket::bind("127.0.0.1:0").map_err(io)?;
                let b = UdpSocket::bind("127.0.0.1:0").map_err(io)?;
                a.connect(b.local_addr().map_err(io)?).map_err(io)?;
                b.connect(a.local_addr().map_err(io)?).map_err(io)?;
                let peer = std::thread::spawn(move || {
                    let mut buf = [0u8; 64];
                    while let Ok(k) = b.recv(&mut buf) {
                        if k == 0 || b.send(&buf[..k]).is_err() {
                            return;
                        }
                    }
                });
                let trip = |i: usize| -> std::io::Result<u64> {
                    a.send(&[(i % 251) as u8])?;
                    let mut back = [0u8; 4];
                    a.recv(&mut back)?;
                    Ok(u64::from(back[0]))
                };
                for i in 0..100 {
                    trip(i).map_err(io)?;
                }
                let start = Instant::now();
                let mut v = 0;
                for i in 0..n {
                    v += trip(i).map_err(io)?;
                }
                let ns = start.elapsed().as_nanos() as f64 / n as f64;
                a.send(&[]).map_err(io)?;
                peer.join().map_err(|_| "the echo thread panicked".to_string())?;
                (ns, v)
            }
            _ => {
                let l = TcpListener::bind("127.0.0.1:0").map_err(io)?;
                let addr = l.local_addr().map_err(io)?;
                let peer = std::thread::spawn(move || {
                    let mut s = TcpStream::connect(addr).unwrap();
                    let chunk = vec![0x5au8; MIB];
                    let mut ack = [0u8; 1];
                    for _ in 0..n + 1 {
                        s.write_all(&chunk).unwrap();
                        s.read_exact(&mut ack).unwrap();
                    }
                });
                let (mut s, _) = l.accept().map_err(io)?;
                let mut buf = vec![0u8; 256 * 1024];
                let mut transfer = |s: &mut TcpStream| -> std::io::Result<usize> {
                    let mut got = 0;
                    while got < MIB {
                        let k = s.read(&mut buf)?;
                        if k == 0 {
                            break;
                        }
                        got += k;
                    }
                    s.write_all(b"k")?;
                    Ok(got)
                };
                transfer(&mut s).map_err(io)?;
                let start = Instant::now();
                let mut per = MIB;
                for _ in 0..n {
                    per = per.min(transfer(&mut s).map_err(io)?);
                }
                let ns = start.elapsed().as_nanos() as f64 / n as f64;
                peer.join().map_err(|_| "the sending thread panicked".to_string())?;
                (ns, per as u64)
            }
        };
        if value != expect {
            return Err(format!("host {op}: {value} (expected {expect})"));
        }
        Ok(net_unit(op, ns))
    })
}

fn host_fs(op: &str, expect: u64, dir: &Path, plan: Plan) -> Result<Stats, String> {
    use std::io::{Read, Write};
    let _ = std::fs::remove_dir_all(dir);
    for (sub, n) in [("d10", 10), ("d1000", 1000)] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|e| e.to_string())?;
        for i in 0..n {
            std::fs::write(dir.join(sub).join(format!("f{i:04}")), b"x").map_err(|e| e.to_string())?;
        }
    }
    std::fs::write(dir.join("r4k"), vec![7u8; 4096]).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("r1m"), vec![7u8; 1 << 20]).map_err(|e| e.to_string())?;
    repeat(plan, || {
        let start = Instant::now();
        let value: u64 = (|| -> std::io::Result<u64> {
            Ok(match op {
                "stat32" => (0..32).map(|_| std::fs::metadata(dir.join("r4k")).map(|m| m.len())).sum::<std::io::Result<u64>>()?,
                "openclose" => {
                    for _ in 0..32 {
                        drop(std::fs::File::open(dir.join("r4k"))?);
                    }
                    32
                }
                "readdir10" => std::fs::read_dir(dir.join("d10"))?.count() as u64,
                "readdir1000" => std::fs::read_dir(dir.join("d1000"))?.count() as u64,
                "write4k" | "write1m" => {
                    let n = if op == "write4k" { 4096 } else { 1 << 20 };
                    std::fs::File::create(dir.join(op))?.write_all(&vec![1u8; n])?;
                    n as u64
                }
                _ => {
                    let mut buf = Vec::new();
                    std::fs::File::open(dir.join(if op == "read4k" { "r4k" } else { "r1m" }))?.read_to_end(&mut buf)?;
                    buf.len() as u64
                }
            })
        })()
        .map_err(|e| e.to_string())?;
        let elapsed = start.elapsed();
        if value != expect {
            return Err(format!("host {op}: {value} (expected {expect})"));
        }
        Ok(ms(elapsed))
    })
}

/// One sample of [`Work::VmsPerSec`]: 200 VMs (create, run `true`, dispose) on one thread per
/// core, as VMs per second of wall-clock time.
fn vms_per_sec(rt: &Runtime, backend: BackendKind) -> Result<f64, String> {
    const VMS: usize = 200;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<(), String> {
                    while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < VMS {
                        let vm = Vm::builder().runtime(rt).backend(backend).build().map_err(|e| e.to_string())?;
                        let out = vm.run(&["true"]).map_err(|e| e.to_string())?;
                        check(&Check::Success, out.code(), &out.stdout, &out.stderr)?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| w.join().map_err(|_| "a worker panicked".to_string())?)
    })?;
    Ok(VMS as f64 / start.elapsed().as_secs_f64())
}
