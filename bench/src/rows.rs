//! The rows of the suite: what runs in the VM, what runs on the host for comparison, how the
//! output is checked, and the reference system's published figure.

use crate::fixture::Fixture;

/// How a row's output is verified (in the VM and on the host alike).
#[derive(Clone, Debug)]
pub enum Check {
    /// Exit status 0 only.
    Success,
    /// Exact standard output.
    Stdout(String),
    /// Standard output of exactly this many bytes.
    Bytes(usize),
    /// Standard output of exactly this many lines.
    Lines(usize),
    /// Standard output containing this text.
    Contains(&'static str),
}

/// What a row measures.
#[derive(Clone, Debug)]
pub enum Work {
    /// `sh -c SCRIPT` in the VM (cwd: the fixture) against `bash -c HOST` on the host.
    Shell { script: String, host: Option<String>, fixture: Fixture, check: Check },
    /// A program run directly in the VM against the same argv on the host.
    Exec { argv: Vec<String>, host: bool, fixture: Fixture, check: Check },
    /// The `fsbench` guest's self-timed batch against the same batch in this process.
    Fs { op: &'static str, check: u64 },
    /// The `netbench` guest's self-timed socket traffic between two of its processes (`op`:
    /// `tcp-echo`, `unix-echo`, `udp-echo`: 1-byte round trips; `tcp-1m`: 1 MiB transfers),
    /// `n` operations a sample, against the same traffic between two threads of this process
    /// over the host's loopback.
    Net { op: &'static str, n: usize },
    /// Create a VM, run its first program, dispose it (`cold`: in a new runtime, as a new host
    /// process would, loading compiled modules from the on-disk cache).
    Lifecycle { cold: bool },
    /// Resident memory per idle VM, in KiB.
    IdleVmMemory,
    /// Resident memory per running process (`sleep` under `sh`), in KiB.
    ProcessMemory,
    /// How many idle VMs fit in 1 GiB (from the idle-VM memory).
    VmsPerGib,
    /// VMs created, run (`true`) and disposed per second, on one thread per core.
    VmsPerSec,
    /// MB/s of `bytes` through a shell pipe (`head -c N /dev/zero | wc -c`).
    PipeThroughput { bytes: usize },
    /// MB/s of `bytes` written to captured stdout.
    StdoutThroughput { bytes: usize },
    /// A self-timed node script (`bench/node/`, after `prelude.js`), run as `node -e SCRIPT ARGS`
    /// in the VM and on the host in [`Fixture::Node`]: it times its own operation with
    /// `process.hrtime.bigint()`, checks its result (exits 1 if wrong) and prints one sample per
    /// line in ms per operation; those are the row's samples, not the harness's wall clock (which
    /// would be the process's exec). `fresh`: one process per sample (ARGS: the run's index, the
    /// script prints one line); else one process (ARGS: warm-up and sample counts). `micros`: the
    /// row's unit is us (per-call rows).
    NodeTimed { script: &'static str, fresh: bool, micros: bool },
}

/// One row of the table.
#[derive(Clone, Debug)]
pub struct Row {
    pub name: &'static str,
    pub group: &'static str,
    pub work: Work,
    /// The reference system's figure (ms unless the row's unit says otherwise).
    pub reference: Option<f64>,
    /// Burrow's target from the issues, same unit.
    pub target: Option<f64>,
}

impl Row {
    /// The unit of the row's samples.
    pub fn unit(&self) -> &'static str {
        match self.work {
            Work::IdleVmMemory | Work::ProcessMemory => "KiB",
            Work::VmsPerGib => "VMs",
            Work::VmsPerSec => "VMs/s",
            Work::PipeThroughput { .. } | Work::StdoutThroughput { .. } => "MB/s",
            Work::NodeTimed { micros: true, .. } => "us",
            Work::Net { op, .. } if op.ends_with("-echo") => "us",
            _ => "ms",
        }
    }

    /// Whether larger is better (throughput, capacity).
    pub fn higher_is_better(&self) -> bool {
        matches!(self.work, Work::VmsPerGib | Work::VmsPerSec | Work::PipeThroughput { .. } | Work::StdoutThroughput { .. })
    }
}

fn shell(name: &'static str, group: &'static str, script: &str, fixture: Fixture, check: Check) -> Row {
    Row {
        name,
        group,
        work: Work::Shell { script: script.into(), host: Some(script.into()), fixture, check },
        reference: None,
        target: None,
    }
}

fn exec(name: &'static str, argv: &[&str], fixture: Fixture, check: Check) -> Row {
    Row {
        name,
        group: "exec floor",
        work: Work::Exec { argv: argv.iter().map(|s| s.to_string()).collect(), host: true, fixture, check },
        reference: None,
        target: None,
    }
}

/// A self-timed node row (see [`Work::NodeTimed`]) in the "node" group.
fn node_timed(name: &'static str, script: &'static str, fresh: bool, micros: bool) -> Row {
    Row { name, group: "node", work: Work::NodeTimed { script, fresh, micros }, reference: None, target: None }
}

/// A socket row (see [`Work::Net`]) in the "sockets" group.
fn net(name: &'static str, op: &'static str, n: usize) -> Row {
    Row { name, group: "sockets", work: Work::Net { op, n }, reference: None, target: None }
}

macro_rules! node_script {
    ($file:literal) => {
        concat!(include_str!("../node/prelude.js"), include_str!(concat!("../node/", $file)))
    };
}

fn with(mut row: Row, reference: Option<f64>, target: Option<f64>) -> Row {
    row.reference = reference;
    row.target = target;
    row
}

/// Needle lines in `small.txt` (every tenth of 60) and `big.txt`.
fn needles_in_big() -> usize {
    let big = &crate::fixture::files(Fixture::Text)[1].1;
    big.split(|&b| b == b'\n').filter(|l| l.ends_with(b"needle")).count()
}

fn text_len(name: &str) -> usize {
    crate::fixture::files(Fixture::Text).into_iter().find(|(n, _)| n == name).map_or(0, |(_, c)| c.len())
}

/// Every row, in table order.
pub fn all() -> Vec<Row> {
    let small = text_len("small.txt");
    let big = text_len("big.txt");
    vec![
        with(exec("exec_true", &["true"], Fixture::Empty, Check::Stdout(String::new())), Some(19.7), Some(0.1)),
        with(shell("echo_hello", "exec floor", "echo hello", Fixture::Empty, Check::Stdout("hello\n".into())), Some(24.0), Some(0.5)),
        with(exec("pwd", &["pwd"], Fixture::Empty, Check::Lines(1)), Some(29.3), None),
        with(exec("ls_empty", &["ls"], Fixture::Empty, Check::Stdout(String::new())), Some(39.0), None),
        with(exec("date_version", &["date", "--version"], Fixture::Empty, Check::Contains("date")), Some(30.4), None),
        with(shell("printf_64k", "exec floor", "printf '%65535s\\n' x", Fixture::Empty, Check::Bytes(65536)), Some(136.0), None),
        shell("spawn_capture", "process", "out=$(cat small.txt); echo ${#out}", Fixture::Text, Check::Stdout(format!("{}\n", small - 1))),
        shell("pipe_chain_3", "process", "cat small.txt | grep needle | wc -l", Fixture::Text, Check::Stdout("6\n".into())),
        shell("fan_out_8", "process", "for i in 1 2 3 4 5 6 7 8; do /bin/true & done; wait; echo done", Fixture::Empty, Check::Stdout("done\n".into())),
        shell(
            "reap_storm_100",
            "process",
            "i=0; while [ $i -lt 100 ]; do /bin/true & i=$((i+1)); done; wait; echo $i",
            Fixture::Empty,
            Check::Stdout("100\n".into()),
        ),
        with(Row { name: "fs_stat_x32", group: "fs (WASI)", work: Work::Fs { op: "stat32", check: 32 * 4096 }, reference: Some(1.51), target: None }, Some(1.51), None),
        Row { name: "fs_open_close_x32", group: "fs (WASI)", work: Work::Fs { op: "openclose", check: 32 }, reference: None, target: None },
        with(Row { name: "fs_readdir_10", group: "fs (WASI)", work: Work::Fs { op: "readdir10", check: 10 }, reference: None, target: None }, Some(0.09), Some(0.015)),
        Row { name: "fs_readdir_1000", group: "fs (WASI)", work: Work::Fs { op: "readdir1000", check: 1000 }, reference: None, target: None },
        Row { name: "fs_write_4k", group: "fs (WASI)", work: Work::Fs { op: "write4k", check: 4096 }, reference: None, target: None },
        Row { name: "fs_read_4k", group: "fs (WASI)", work: Work::Fs { op: "read4k", check: 4096 }, reference: None, target: None },
        Row { name: "fs_write_1m", group: "fs (WASI)", work: Work::Fs { op: "write1m", check: 1 << 20 }, reference: None, target: None },
        with(Row { name: "fs_read_1m", group: "fs (WASI)", work: Work::Fs { op: "read1m", check: 1 << 20 }, reference: None, target: None }, Some(4.3), None),
        with(shell("ls_100", "ecosystem", "ls", Fixture::Files100, Check::Lines(100)), Some(302.0), None),
        with(
            shell("sh_pipeline", "ecosystem", "cat small.txt | tr a-z A-Z | grep NEEDLE | sort -r | head -n 3 | wc -l", Fixture::Text, Check::Stdout("3\n".into())),
            Some(645.0),
            None,
        ),
        with(shell("cat_small", "ecosystem", "cat small.txt", Fixture::Text, Check::Bytes(small)), Some(56.0), None),
        with(shell("cat_big", "ecosystem", "cat big.txt", Fixture::Text, Check::Bytes(big)), Some(112.0), None),
        with(shell("grep_small", "ecosystem", "grep -c needle small.txt", Fixture::Text, Check::Stdout("6\n".into())), Some(276.0), None),
        with(
            shell("grep_big", "ecosystem", "grep -c needle big.txt", Fixture::Text, Check::Stdout(format!("{}\n", needles_in_big()))),
            Some(7193.0),
            None,
        ),
        with(shell("sed_substitution", "ecosystem", "sed 's/fox/cat/g' small.txt", Fixture::Text, Check::Bytes(small)), Some(73.0), None),
        with(shell("find_1000", "ecosystem", "find . -name '*.rs' | wc -l", Fixture::Tree1000, Check::Stdout("250\n".into())), Some(4956.0), None),
        with(
            shell("tar_small", "ecosystem", "tar czf ../small.tgz . && tar tzf ../small.tgz | grep -c txt", Fixture::Files100, Check::Stdout("100\n".into())),
            Some(1328.0),
            None,
        ),
        with(
            shell(
                "tar_big",
                "ecosystem",
                "mkdir -p ../out && tar czf ../big.tgz big.txt && tar xzf ../big.tgz -C ../out && wc -c < ../out/big.txt",
                Fixture::Text,
                Check::Stdout(format!("{big}\n")),
            ),
            Some(4750.0),
            None,
        ),
        shell(
            "tar_gzip_1000",
            "ecosystem",
            "tar czf ../tree.tgz . && tar tzf ../tree.tgz | grep -c '[.]rs$'",
            Fixture::Tree1000,
            Check::Stdout("250\n".into()),
        ),
        with(shell("gzip_small", "ecosystem", "gzip -c small.txt | gzip -dc | wc -c", Fixture::Text, Check::Stdout(format!("{small}\n"))), Some(546.0), None),
        with(shell("gzip_big", "ecosystem", "gzip -c big.txt | gzip -dc | wc -c", Fixture::Text, Check::Stdout(format!("{big}\n"))), Some(595.0), None),
        with(
            shell("jq_extract", "ecosystem", "jq -r '.items[] | select(.price > 40) | .name' data.json | wc -l", Fixture::Text, Check::Stdout("40\n".into())),
            Some(144.0),
            None,
        ),
        with(
            Row {
                name: "node_eval_empty",
                group: "node",
                work: Work::Exec { argv: vec!["node".into(), "-e".into(), String::new()], host: true, fixture: Fixture::Empty, check: Check::Stdout(String::new()) },
                reference: None,
                target: None,
            },
            Some(14.4),
            Some(2.0),
        ),
        Row {
            name: "node_console_log",
            group: "node",
            work: Work::Exec {
                argv: vec!["node".into(), "-e".into(), "console.log('hello')".into()],
                host: true,
                fixture: Fixture::Empty,
                check: Check::Stdout("hello\n".into()),
            },
            reference: None,
            target: None,
        },
        // Per call after warm-up, 2000 calls a sample (the reference measured none).
        with(node_timed("node_stat_sync", node_script!("stat.js"), false, true), None, Some(3.0)),
        // Per call after warm-up, 500 calls a sample.
        with(node_timed("node_readdir_10", node_script!("readdir.js"), false, true), Some(90.0), Some(15.0)),
        // One 1 MiB createReadStream().pipe(createWriteStream()) until 'finish' a sample.
        with(node_timed("node_stream_copy_1m", node_script!("copy.js"), false, false), Some(4.3), Some(1.0)),
        // 100 requires in a fresh process a sample, of files no earlier run loaded.
        with(node_timed("node_require_100", node_script!("require.js"), true, false), Some(12.2), Some(5.0)),
        // A loopback GET between a node http server and client in one process, keep-alive, 50
        // requests a sample (ms per request).
        with(node_timed("node_http_get", node_script!("http_get.js"), false, false), Some(0.95), Some(0.3)),
        // Round trips of one byte between two guest processes of one VM (2000 a sample), and
        // 1 MiB transfers (10 a sample), against two threads over the host's loopback.
        with(net("tcp_echo_1b", "tcp-echo", 2000), Some(2900.0), Some(10.0)),
        net("unix_echo_1b", "unix-echo", 2000),
        net("udp_echo_1b", "udp-echo", 2000),
        net("tcp_transfer_1m", "tcp-1m", 10),
        with(Row { name: "vm_lifecycle_warm", group: "VM lifecycle", work: Work::Lifecycle { cold: false }, reference: None, target: None }, None, Some(1.0)),
        with(Row { name: "vm_lifecycle_cold", group: "VM lifecycle", work: Work::Lifecycle { cold: true }, reference: None, target: None }, Some(772.0), None),
        with(Row { name: "idle_vm_memory", group: "VM lifecycle", work: Work::IdleVmMemory, reference: None, target: None }, None, Some(256.0)),
        Row { name: "process_memory", group: "VM lifecycle", work: Work::ProcessMemory, reference: None, target: None },
        Row { name: "idle_vms_per_gib", group: "VM lifecycle", work: Work::VmsPerGib, reference: None, target: None },
        Row { name: "vms_per_sec", group: "VM lifecycle", work: Work::VmsPerSec, reference: None, target: None },
        Row { name: "pipe_throughput", group: "throughput", work: Work::PipeThroughput { bytes: 64 << 20 }, reference: None, target: None },
        with(
            Row { name: "stdout_throughput", group: "throughput", work: Work::StdoutThroughput { bytes: 64 << 20 }, reference: None, target: None },
            Some(699.0),
            None,
        ),
    ]
}
