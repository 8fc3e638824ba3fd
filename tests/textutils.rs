//! The text tools of every VM (`guests/userland/textutils`, one multicall module): grep (egrep,
//! fgrep), sed, find, xargs, diff, which and awk give GNU's output, byte for byte, and GNU's exit
//! status. Expected outputs were taken from the host's GNU tools with `LC_ALL=C TZ=UTC` (GNU grep
//! 3.8, GNU sed 4.9, GNU findutils 4.9.0, GNU diffutils 3.8, Debian's which with the VM's PATH)
//! on the same files; awk's from POSIX/gawk 5 behaviour (the host has only mawk), see
//! [`AWK_CASES`]. [`same_output_as_the_host_gnu_tools`] reruns the GNU cases on the host's GNU
//! tools when present.
//!
//! Every table runs on every backend. Deliberately left out (not supported): `sed --debug`,
//! `diff -y`, locale-dependent behaviour (the VM is UTF-8: awk's `length` and
//! `tolower` work on characters), and POSIX leftmost-longest matching for patterns with
//! back-references (those run on a backtracking engine: the first alternative that matches wins).

#[macro_use]
mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use burrow::{BackendKind, Output, Runtime, Stdio, Vm};
use common::text;

/// The fixture, installed under `/data` in the base image (the host comparison writes the same).
fn files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("words.txt", b"apple\nBanana\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\n".to_vec()),
        ("lines.txt", b"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n".to_vec()),
        ("nums.txt", b"10 apples 3.5\n2 bananas 0.25\n33 cherries 12\n4 dates 1e3\n".to_vec()),
        ("people.csv", b"name,age,city\nalice,30,Paris\nbob,25,Berlin\ncarol,35,Rome\n".to_vec()),
        (
            "passwd",
            b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nuser:x:1000:1000:User Name:/home/user:/bin/sh\n"
                .to_vec(),
        ),
        ("old.txt", b"a\nb\nc\nd\ne\n".to_vec()),
        ("new.txt", b"a\nB\nc\nd\ne\nf\n".to_vec()),
        ("same.txt", b"a\nb\nc\nd\ne\n".to_vec()),
        ("empty.txt", Vec::new()),
        ("src/main.c", b"int main(void) {\n\treturn foo(1);\n}\n".to_vec()),
        ("src/util.c", b"#include \"util.h\"\nint foo(int x) { return x + 1; }\n".to_vec()),
        ("src/util.h", b"int foo(int x);\n".to_vec()),
        ("src/README.md", b"# Project\nTODO: write docs\n".to_vec()),
        ("src/sub/deep.c", b"TODO: deep\nfoo bar\n".to_vec()),
        ("src/sub/notes.txt", b"notes about FOO\n".to_vec()),
        ("src/lib/tiny.bin", b"x".to_vec()),
        ("src/lib/big.dat", vec![b'z'; 3000]),
    ]
}

/// `old.txt` and `new.txt` get these mtimes (UTC) before the cases run.
const TIMES: &[(&str, &str)] = &[("old.txt", "2024-01-02 03:04:05"), ("new.txt", "2024-03-04 05:06:07")];

/// A runtime with the userland (`$BURROW_USERLAND_DIR` or `target/guests`) and the fixture.
fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        let mut b = Runtime::builder()
            .cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache")));
        for (name, content) in files() {
            b = b.file(format!("/data/{name}"), content, 0o644);
        }
        b.build().expect("runtime")
    })
    .clone()
}

#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    /// A fresh VM with a copy of the fixture in [`WORK`] (the VM's own files, so their times
    /// can be set), `old.txt` and `new.txt` with fixed mtimes.
    fn vm(self) -> Vm {
        let vm = Vm::builder().runtime(&runtime()).backend(self.0).cwd("/").env("TZ", "UTC").build().expect("vm");
        let out = vm.command("cp").args(["-r", "/data", WORK]).cwd("/").output().expect("cp");
        assert_eq!(out.code(), 0, "cp -r /data {WORK}: {}", text(&out.stderr));
        for (name, time) in TIMES {
            let out = run(&vm, &["touch", "-d", time, name], None);
            assert_eq!(out.code(), 0, "touch {name}: {}", text(&out.stderr));
        }
        vm
    }
}

every_backend!(grep_like_gnu, grep_over_big_input, sed_like_gnu, find_like_gnu, xargs_diff_which_like_gnu, awk_like_posix, tools_that_write_files);

/// The working directory of every case: a copy of `/data`.
const WORK: &str = "/tmp/data";

/// Runs `argv` in `vm` (cwd [`WORK`]) with `stdin`.
fn run(vm: &Vm, argv: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = vm.command(argv[0]).args(argv[1..].iter().copied()).cwd(WORK);
    if let Some(input) = stdin {
        cmd = cmd.stdin(Stdio::Bytes(input.to_vec()));
    }
    cmd.output().unwrap_or_else(|e| panic!("{argv:?}: {e}"))
}

/// Asserts stdout and exit status of `argv`.
fn expect(vm: &Vm, argv: &[&str], stdin: Option<&[u8]>, stdout: &str, status: i32) {
    let out = run(vm, argv, stdin);
    assert_eq!((text(&out.stdout).as_str(), out.code()), (stdout, status), "{argv:?}\nstderr: {}", text(&out.stderr));
}

/// One invocation: `(argv, stdin, stdout, status)`.
type Case = (&'static [&'static str], Option<&'static [u8]>, &'static str, i32);

const fn case(argv: &'static [&'static str], stdin: Option<&'static [u8]>, stdout: &'static str, status: i32) -> Case {
    (argv, stdin, stdout, status)
}

/// Runs every case of `table` on a fresh VM and reports all differences at once.
fn check_table(b: Backend, table: &[Case]) {
    let vm = b.vm();
    let mut failures = Vec::new();
    for &(argv, stdin, stdout, status) in table {
        let out = run(&vm, argv, stdin);
        if (text(&out.stdout).as_str(), out.code()) != (stdout, status) {
            failures.push(format!(
                "{argv:?}: got ({:?}, {}), expected ({stdout:?}, {status}); stderr {:?}",
                text(&out.stdout),
                out.code(),
                text(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), table.len(), failures.join("\n"));
}

fn grep_like_gnu(b: Backend) {
    check_table(b, GREP_CASES);
}

fn sed_like_gnu(b: Backend) {
    check_table(b, SED_CASES);
}

fn find_like_gnu(b: Backend) {
    check_table(b, FIND_CASES);
}

fn xargs_diff_which_like_gnu(b: Backend) {
    check_table(b, XARGS_DIFF_WHICH_CASES);
}

fn awk_like_posix(b: Backend) {
    check_table(b, AWK_CASES);
}

/// sed -i (with and without a backup suffix), sed's `w`, find -delete and awk's `>` change files;
/// each step's effect is read back.
fn tools_that_write_files(b: Backend) {
    let vm = b.vm();
    let ok = |argv: &[&str]| expect(&vm, argv, None, "", 0);
    ok(&["mkdir", "/tmp/w"]);
    expect(&vm, &["pwd"], None, "/tmp/data\n", 0);
    ok(&["cp", "words.txt", "lines.txt", "/tmp/w/"]);
    ok(&["sed", "-i", "s/a/X/;3q", "/tmp/w/words.txt"]);
    expect(&vm, &["cat", "/tmp/w/words.txt"], None, "Xpple\nBXnana\ncherry pie\n", 0);
    ok(&["sed", "-i.bak", "-e", "1d", "/tmp/w/words.txt", "/tmp/w/lines.txt"]);
    expect(&vm, &["cat", "/tmp/w/words.txt"], None, "BXnana\ncherry pie\n", 0);
    expect(&vm, &["head", "-n", "2", "/tmp/w/lines.txt"], None, "two\nthree\n", 0);
    expect(&vm, &["cat", "/tmp/w/words.txt.bak"], None, "Xpple\nBXnana\ncherry pie\n", 0);
    expect(&vm, &["head", "-n", "1", "/tmp/w/lines.txt.bak"], None, "one\n", 0);
    expect(&vm, &["sed", "-n", "s/e/E/w /tmp/w/changed", "lines.txt"], None, "", 0);
    expect(&vm, &["cat", "/tmp/w/changed"], None, "onE\nthrEe\nfivE\nsEven\nEight\nninE\ntEn\nEleven\ntwElve\n", 0);
    expect(&vm, &["sed", "-i", "p", "/tmp/w/nosuch"], None, "", 2);
    ok(&["awk", "{ print $1 > \"/tmp/w/firsts\" } END { close(\"/tmp/w/firsts\") }", "nums.txt"]);
    expect(&vm, &["cat", "/tmp/w/firsts"], None, "10\n2\n33\n4\n", 0);
    expect(&vm, &["find", "/tmp/w", "-name", "*.bak", "-delete", "-print"], None, "/tmp/w/lines.txt.bak\n/tmp/w/words.txt.bak\n", 0);
    expect(&vm, &["find", "/tmp/w", "-type", "f"], None, "/tmp/w/changed\n/tmp/w/firsts\n/tmp/w/lines.txt\n/tmp/w/words.txt\n", 0);
    ok(&["cp", "-r", "src", "/tmp/w/src"]);
    expect(&vm, &["find", "/tmp/w/src", "-delete"], None, "", 0);
    expect(&vm, &["find", "/tmp/w", "-name", "src"], None, "", 0);
}

/// A file of some hundred KiB: many buffers' worth of lines of varied length, one line longer
/// than grep's 64 KiB buffer, a NUL-free mix where one line in seven holds `needle`, and pairs
/// of lines that a pattern could match only across the line break.
fn big_input() -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..12_000u32 {
        let pad = "x".repeat((i as usize * 37) % 90);
        match i % 7 {
            0 => v.extend(format!("{i} {pad} needle {pad}\n").as_bytes()),
            3 => v.extend(format!("{i} ends with nee\ndle starts {i}\n").as_bytes()),
            _ => v.extend(format!("{i} {pad} hay\n").as_bytes()),
        }
        if i == 6000 {
            v.extend("y".repeat(70_000).as_bytes());
            v.extend(b" needle\n");
        }
    }
    v.extend(b"last needle without newline");
    v
}

/// The expected output of grep over [`big_input`], computed here line by line: `(line number,
/// byte offset, line)` of every line holding `needle`.
fn needle_lines(input: &[u8]) -> Vec<(usize, usize, &[u8])> {
    let mut offset = 0;
    let mut found = Vec::new();
    for (i, line) in input.split(|&b| b == b'\n').enumerate() {
        if line.windows(6).any(|w| w == b"needle") {
            found.push((i + 1, offset, line));
        }
        offset += line.len() + 1;
    }
    found
}

/// grep passes over lines that cannot match many at a time: the counts, line numbers, byte
/// offsets and lines it prints over a big input are those of a line-by-line search, and
/// patterns that would match across a line break (`-x`, `$`, `\s`) select no line.
fn grep_over_big_input(b: Backend) {
    let vm = b.vm();
    let input = big_input();
    let found = needle_lines(&input);
    let out = run(&vm, &["tee", "big.txt"], Some(&input));
    assert_eq!(out.code(), 0, "tee: {}", text(&out.stderr));
    expect(&vm, &["grep", "-c", "needle", "big.txt"], None, &format!("{}\n", found.len()), 0);
    let numbered: String = found.iter().map(|(n, _, l)| format!("{n}:{}\n", String::from_utf8_lossy(l))).collect();
    expect(&vm, &["grep", "-n", "needle", "big.txt"], None, &numbered, 0);
    let offsets: String = found.iter().map(|(_, o, _)| format!("{o}\n")).collect();
    let out = run(&vm, &["sh", "-c", "grep -b needle big.txt | cut -d: -f1"], None);
    assert_eq!(text(&out.stdout), offsets);
    let from_stdin = run(&vm, &["grep", "-c", "needle"], Some(&input));
    assert_eq!(text(&from_stdin.stdout), format!("{}\n", found.len()));
    expect(&vm, &["grep", "-c", "nee.dle", "big.txt"], None, "0\n", 1);
    expect(&vm, &["grep", "-c", "-E", "nee\\s+dle", "big.txt"], None, "0\n", 1);
    expect(&vm, &["grep", "-c", "-x", "dle starts 3", "big.txt"], None, "1\n", 0);
    expect(&vm, &["grep", "-c", "nee$", "big.txt"], None, &format!("{}\n", input.split(|&b| b == b'\n').filter(|l| l.ends_with(b"nee")).count()), 0);
    expect(&vm, &["grep", "-n", "-m", "2", "needle", "big.txt"], None, &numbered.lines().take(2).map(|l| format!("{l}\n")).collect::<String>(), 0);
    let tail = format!("{}\n", found.last().map_or(String::new(), |(_, _, l)| String::from_utf8_lossy(l).into_owned()));
    expect(&vm, &["sh", "-c", "grep -A1 -n 'without newline' big.txt | wc -l"], None, "1\n", 0);
    expect(&vm, &["sh", "-c", "grep needle big.txt | tail -n 1"], None, &tail, 0);
    let before = run(&vm, &["grep", "-B2", "-c", "needle", "big.txt"], None);
    assert_eq!(text(&before.stdout), format!("{}\n", found.len()));
}

/// Runs the GNU tables on the host's GNU tools (when installed) on the same files, and compares
/// (sorted lines for directory walks: GNU walks in directory order).
#[test]
fn same_output_as_the_host_gnu_tools() {
    let dir = std::env::temp_dir().join(format!("burrow-textutils-{}", std::process::id()));
    for (name, content) in files() {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    for (name, time) in TIMES {
        let touched = std::process::Command::new("touch").arg("-d").arg(time).arg(dir.join(name)).env("TZ", "UTC").status();
        if !touched.is_ok_and(|s| s.success()) {
            return;
        }
    }
    let mut compared = 0;
    for table in [GREP_CASES, SED_CASES, FIND_CASES, XARGS_DIFF_WHICH_CASES] {
        for &(argv, stdin, stdout, status) in table {
            let tool = if argv[0] == "egrep" || argv[0] == "fgrep" { "grep" } else { argv[0] };
            let gnu = std::process::Command::new(tool)
                .arg("--version")
                .env("LC_ALL", "C")
                .output()
                .is_ok_and(|o| text(&o.stdout).contains("GNU"));
            if !gnu {
                continue;
            }
            let mut host = std::process::Command::new(argv[0]);
            host.args(&argv[1..]).current_dir(&dir).env_clear().env("LC_ALL", "C").env("TZ", "UTC").env("PATH", "/usr/bin:/bin");
            host.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
            host.stderr(std::process::Stdio::null());
            let Ok(mut child) = host.spawn() else { continue };
            {
                use std::io::Write;
                let mut input = child.stdin.take().unwrap();
                let _ = input.write_all(stdin.unwrap_or_default());
            }
            let host = child.wait_with_output().unwrap();
            let walk = argv[0] == "find" || argv.iter().any(|a| a.starts_with("-r") || a.starts_with("-R"));
            let norm = |s: &str| {
                let mut words: Vec<String> = if walk {
                    s.split(['\n', ' ']).map(str::to_string).collect()
                } else {
                    vec![s.to_string()]
                };
                words.sort();
                words
            };
            assert_eq!(
                (norm(stdout), status),
                (norm(&text(&host.stdout)), host.status.code().unwrap_or(-1)),
                "{argv:?}: the table differs from the host's tool"
            );
            compared += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("compared {compared} invocations with the host's GNU tools");
}

/// GNU grep 3.8 (`LC_ALL=C`); recursive cases list files in the VM's order (names sorted; GNU walks in directory order, same lines).
const GREP_CASES: &[Case] = &[
    case(&["grep", "apple", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["grep", "-i", "apple", "words.txt"], None, "apple\napple tart\nAPPLE\n", 0),
    case(&["grep", "-v", "apple", "words.txt"], None, "Banana\ncherry pie\ndate\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["grep", "-c", "apple", "words.txt"], None, "2\n", 0),
    case(&["grep", "-ci", "apple", "words.txt"], None, "3\n", 0),
    case(&["grep", "-n", "an", "words.txt"], None, "2:Banana\n8:banana split\n", 0),
    case(&["grep", "-l", "apple", "words.txt", "lines.txt", "nums.txt"], None, "words.txt\nnums.txt\n", 0),
    case(&["grep", "-L", "apple", "words.txt", "lines.txt", "nums.txt"], None, "lines.txt\n", 0),
    case(&["grep", "-E", "ap+le|ban", "words.txt"], None, "apple\napple tart\nbanana split\n", 0),
    case(&["grep", "ap\\+le\\|ban", "words.txt"], None, "apple\napple tart\nbanana split\n", 0),
    case(&["grep", "-F", "a.p", "words.txt"], None, "", 1),
    case(&["grep", "-F", "-e", "date", "-e", "pie", "words.txt"], None, "cherry pie\ndate\n", 0),
    case(&["grep", "-o", "an", "words.txt"], None, "an\nan\nan\nan\n", 0),
    case(&["grep", "-on", "a[np]", "words.txt"], None, "1:ap\n2:an\n2:an\n5:ap\n6:ap\n8:an\n8:an\n", 0),
    case(&["grep", "-w", "apple", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["grep", "-x", "apple", "words.txt"], None, "apple\n", 0),
    case(&["grep", "-q", "apple", "words.txt"], None, "", 0),
    case(&["grep", "-q", "zzz", "words.txt"], None, "", 1),
    case(&["grep", "zzz", "words.txt"], None, "", 1),
    case(&["grep", "apple", "nosuch.txt"], None, "", 2),
    case(&["grep", "-s", "apple", "nosuch.txt", "words.txt"], None, "words.txt:apple\nwords.txt:apple tart\n", 2),
    case(&["grep", "-A1", "four", "lines.txt"], None, "four\nfive\n", 0),
    case(&["grep", "-B2", "four", "lines.txt"], None, "two\nthree\nfour\n", 0),
    case(&["grep", "-C1", "-e", "four", "-e", "eight", "lines.txt"], None, "three\nfour\nfive\n--\nseven\neight\nnine\n", 0),
    case(&["grep", "-A1", "-e", "four", "-e", "six", "lines.txt"], None, "four\nfive\nsix\nseven\n", 0),
    case(&["grep", "-A1", "-e", "four", "-e", "five", "lines.txt"], None, "four\nfive\nsix\n", 0),
    case(&["grep", "-n", "-C1", "t", "lines.txt"], None, "1-one\n2:two\n3:three\n4-four\n--\n7-seven\n8:eight\n9-nine\n10:ten\n11-eleven\n12:twelve\n", 0),
    case(&["grep", "-c", "-v", "e", "lines.txt"], None, "3\n", 0),
    case(&["grep", "apple", "words.txt", "lines.txt"], None, "words.txt:apple\nwords.txt:apple tart\n", 0),
    case(&["grep", "-h", "apple", "words.txt", "lines.txt"], None, "apple\napple tart\n", 0),
    case(&["grep", "-H", "apple", "words.txt"], None, "words.txt:apple\nwords.txt:apple tart\n", 0),
    case(&["grep", "-r", "TODO", "."], None, "./src/README.md:TODO: write docs\n./src/sub/deep.c:TODO: deep\n", 0),
    case(&["grep", "-r", "TODO", "src"], None, "src/README.md:TODO: write docs\nsrc/sub/deep.c:TODO: deep\n", 0),
    case(&["grep", "-rn", "foo", "src"], None, "src/main.c:2:\treturn foo(1);\nsrc/sub/deep.c:2:foo bar\nsrc/util.c:2:int foo(int x) { return x + 1; }\nsrc/util.h:1:int foo(int x);\n", 0),
    case(&["grep", "-R", "-i", "foo", "src"], None, "src/main.c:\treturn foo(1);\nsrc/sub/deep.c:foo bar\nsrc/sub/notes.txt:notes about FOO\nsrc/util.c:int foo(int x) { return x + 1; }\nsrc/util.h:int foo(int x);\n", 0),
    case(&["grep", "-r", "--include=*.c", "foo", "src"], None, "src/main.c:\treturn foo(1);\nsrc/sub/deep.c:foo bar\nsrc/util.c:int foo(int x) { return x + 1; }\n", 0),
    case(&["grep", "-r", "--include=*.c", "--include=*.h", "foo", "."], None, "./src/main.c:\treturn foo(1);\n./src/sub/deep.c:foo bar\n./src/util.c:int foo(int x) { return x + 1; }\n./src/util.h:int foo(int x);\n", 0),
    case(&["grep", "-r", "--exclude=*.c", "foo", "src"], None, "src/util.h:int foo(int x);\n", 0),
    case(&["grep", "-rl", "foo", "src"], None, "src/main.c\nsrc/sub/deep.c\nsrc/util.c\nsrc/util.h\n", 0),
    case(&["grep", "-rL", "foo", "src"], None, "src/README.md\nsrc/lib/big.dat\nsrc/lib/tiny.bin\nsrc/sub/notes.txt\n", 0),
    case(&["grep", "-rc", "foo", "src"], None, "src/README.md:0\nsrc/lib/big.dat:0\nsrc/lib/tiny.bin:0\nsrc/main.c:1\nsrc/sub/deep.c:1\nsrc/sub/notes.txt:0\nsrc/util.c:1\nsrc/util.h:1\n", 0),
    case(&["grep", "--color=never", "apple", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["grep", "-e", "apple", "-e", "date", "words.txt"], None, "apple\ndate\napple tart\n", 0),
    case(&["grep", "foo"], Some(b"x\nfoo\nbar foo\n"), "foo\nbar foo\n", 0),
    case(&["grep", "-n", "foo", "-"], Some(b"x\nfoo\nbar foo\n"), "2:foo\n3:bar foo\n", 0),
    case(&["grep", "-H", "foo"], Some(b"x\nfoo\nbar foo\n"), "(standard input):foo\n(standard input):bar foo\n", 0),
    case(&["grep", "-E", "(a|b)an", "words.txt"], None, "banana split\n", 0),
    case(&["grep", "\\(an\\)\\1", "words.txt"], None, "Banana\nbanana split\n", 0),
    case(&["grep", "-E", "(an)\\1", "words.txt"], None, "Banana\nbanana split\n", 0),
    case(&["grep", "^[[:upper:]]", "words.txt"], None, "Banana\nAPPLE\n", 0),
    case(&["grep", "-E", "[0-9]{2}", "nums.txt"], None, "10 apples 3.5\n2 bananas 0.25\n33 cherries 12\n", 0),
    case(&["grep", "[0-9]\\{2\\}", "nums.txt"], None, "10 apples 3.5\n2 bananas 0.25\n33 cherries 12\n", 0),
    case(&["grep", "a*", "empty.txt"], None, "", 1),
    case(&["grep", "-c", "x", "empty.txt"], None, "0\n", 1),
    case(&["grep", "-E", "a{,2}p", "words.txt"], None, "apple\ncherry pie\napple tart\ngrape fruit\nbanana split\n", 0),
    case(&["grep", "-o", "-i", "APP", "words.txt"], None, "app\napp\nAPP\n", 0),
    case(&["grep", "-ow", "apple", "words.txt"], None, "apple\napple\n", 0),
    case(&["grep", "-vn", "a", "words.txt"], None, "3:cherry pie\n7:APPLE\n", 0),
    case(&["grep", "-m1", "apple", "words.txt"], None, "apple\n", 0),
    case(&["grep", "-m2", "-c", "apple", "words.txt"], None, "2\n", 0),
    case(&["grep", "--", "-x", "words.txt"], None, "", 1),
    case(&["grep", "-E", "a|", "words.txt"], None, "apple\nBanana\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["grep", "", "empty.txt", "words.txt"], None, "words.txt:apple\nwords.txt:Banana\nwords.txt:cherry pie\nwords.txt:date\nwords.txt:apple tart\nwords.txt:grape fruit\nwords.txt:APPLE\nwords.txt:banana split\n", 0),
    case(&["grep", "-x", "-F", "apple", "words.txt"], None, "apple\n", 0),
    case(&["grep", "-w", "-F", "app", "words.txt"], None, "", 1),
    case(&["grep", "-l", "apple", "words.txt", "words.txt"], None, "words.txt\nwords.txt\n", 0),
    case(&["grep", "-c", "apple", "words.txt", "nosuch"], None, "words.txt:2\n", 2),
    case(&["grep", "-E", "(", "words.txt"], None, "", 2),
    case(&["grep", "\\(", "words.txt"], None, "", 2),
    case(&["grep", "a\\{1", "words.txt"], None, "", 2),
    case(&["grep", "-A", "1", "-B", "1", "-n", "-e", "three", "-e", "ten", "lines.txt"], None, "2-two\n3:three\n4-four\n--\n9-nine\n10:ten\n11-eleven\n", 0),
    case(&["grep", "-b", "apple", "words.txt"], None, "0:apple\n29:apple tart\n", 0),
    case(&["grep", "-ob", "an", "words.txt"], None, "7:an\n9:an\n59:an\n61:an\n", 0),
    case(&["grep", "-z", "-c", "a", "words.txt"], None, "1\n", 0),
    case(&["grep", "-E", "^$", "words.txt"], None, "", 1),
    case(&["grep", "-n", ".", "empty.txt"], None, "", 1),
    case(&["grep", "-r", "apple", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["grep", "apple", "src"], None, "", 2),
    case(&["grep", "-ri", "todo", "src/README.md", "src/sub"], None, "src/README.md:TODO: write docs\nsrc/sub/deep.c:TODO: deep\n", 0),
    case(&["grep", "-x", "-e", "", "-e", "apple", "words.txt"], None, "apple\n", 0),
    case(&["grep", "-e", "a\\|b", "-F", "words.txt"], None, "", 1),
    case(&["grep", "*a", "words.txt"], None, "", 1),
    case(&["grep", "-E", "+a", "words.txt"], None, "apple\nBanana\ndate\napple tart\ngrape fruit\nbanana split\n", 0),
    case(&["grep", "x\\?", "lines.txt", "-c"], None, "12\n", 0),
    case(&["egrep", "ap+", "words.txt"], None, "apple\napple tart\ngrape fruit\n", 0),
    case(&["fgrep", "a+", "words.txt"], None, "", 1),
    case(&["grep", "-wo", "a[a-z]*", "words.txt"], None, "apple\napple\n", 0),
    case(&["grep", "-i", "ñ", "words.txt"], None, "", 1),
    case(&["grep", "[[:digit:]]\\+", "-o", "nums.txt"], None, "10\n3\n5\n2\n0\n25\n33\n12\n4\n1\n3\n", 0),
    case(&["grep", "-E", "\\<a", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["grep", "\\bap", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["grep", "e\\>", "words.txt"], None, "apple\ncherry pie\ndate\napple tart\ngrape fruit\n", 0),
    case(&["grep", "-c", "\\w\\W\\w", "words.txt"], None, "4\n", 0),
    case(&["grep", "-E", "a.{3}e", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["grep", "[]a]", "words.txt"], None, "apple\nBanana\ndate\napple tart\ngrape fruit\nbanana split\n", 0),
    case(&["grep", "[^a-z]", "words.txt"], None, "Banana\ncherry pie\napple tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["grep", "-y", "apple", "words.txt"], None, "apple\napple tart\nAPPLE\n", 0),
    case(&["grep", "--count", "apple", "words.txt"], None, "2\n", 0),
    case(&["grep", "--max-count=1", "-n", "an", "words.txt"], None, "2:Banana\n", 0),
    case(&["grep", "--files-with-matches", "an", "words.txt", "lines.txt"], None, "words.txt\n", 0),
    case(&["grep", "--context=1", "five", "lines.txt"], None, "four\nfive\nsix\n", 0),
    case(&["grep", "-nA1", "--no-group-separator", "-e", "two", "-e", "six", "lines.txt"], None, "2:two\n3-three\n6:six\n7-seven\n", 0),
    case(&["grep", "--group-separator=XX", "-A0", "-e", "two", "-e", "six", "lines.txt"], None, "two\nXX\nsix\n", 0),
    case(&["grep", "-A0", "-e", "two", "-e", "six", "lines.txt"], None, "two\n--\nsix\n", 0),
    case(&["grep", "-oE", "a|ap|apple", "words.txt"], None, "apple\na\na\na\na\napple\na\nap\na\na\na\n", 0),
    case(&["grep", "-o", "ch\\|cherry", "words.txt"], None, "cherry\n", 0),
    case(&["egrep", "-c", "an|ap", "words.txt"], None, "5\n", 0),
    case(&["fgrep", "-x", "-f", "old.txt", "new.txt"], None, "a\nc\nd\ne\n", 0),
    case(&["grep", "-f", "old.txt", "-c", "new.txt"], None, "4\n", 0),
    case(&["grep", "-E", "-w", "a|apple|tart", "-o", "words.txt"], None, "apple\napple\ntart\n", 0),
    case(&["grep", "-n", "-v", "-e", "a", "-e", "e", "lines.txt"], None, "2:two\n4:four\n6:six\n", 0),
    case(&["grep", "-h", "-c", "e", "lines.txt", "words.txt"], None, "9\n5\n", 0),
    case(&["grep", "-L", "zzz", "words.txt", "lines.txt"], None, "words.txt\nlines.txt\n", 1),
    case(&["grep", "-q", "-r", "TODO", "src"], None, "", 0),
    case(&["grep", "-rh", "TODO", "src/sub"], None, "TODO: deep\n", 0),
    case(&["grep", "-r", "--include", "*.md", "-n", "TODO", "."], None, "./src/README.md:2:TODO: write docs\n", 0),
    case(&["grep", "-r", "--exclude-dir=sub", "TODO", "src"], None, "src/README.md:TODO: write docs\n", 0),
    case(&["grep", "-ciw", "apple", "words.txt"], None, "3\n", 0),
    case(&["grep", "-E", "a{1,2", "words.txt"], None, "", 1),
    case(&["grep", "-P", "a", "words.txt"], None, "apple\nBanana\ndate\napple tart\ngrape fruit\nbanana split\n", 0),
    case(&["grep", "--badopt", "words.txt"], None, "", 2),
    case(&["grep", "-A", "x", "a", "words.txt"], None, "", 2),
    case(&["grep", "-c", "", "empty.txt", "lines.txt"], None, "empty.txt:0\nlines.txt:12\n", 0),
    case(&["grep", "-o", "", "words.txt"], None, "", 0),
    case(&["grep", "-w", "", "words.txt"], None, "", 1),
    case(&["grep", "-x", "", "empty.txt", "words.txt"], None, "", 1),
    case(&["grep", "-E", "^(one|two|three)$", "lines.txt"], None, "one\ntwo\nthree\n", 0),
    case(&["grep", "-ow", "e[a-z]*", "lines.txt"], None, "eight\neleven\n", 0),
    case(&["grep", "-c", "^$", "lines.txt"], None, "0\n", 1),
];

/// GNU sed 4.9 (`LC_ALL=C`).
const SED_CASES: &[Case] = &[
    case(&["sed", "s/a/X/", "words.txt"], None, "Xpple\nBXnana\ncherry pie\ndXte\nXpple tart\ngrXpe fruit\nAPPLE\nbXnana split\n", 0),
    case(&["sed", "s/a/X/g", "words.txt"], None, "Xpple\nBXnXnX\ncherry pie\ndXte\nXpple tXrt\ngrXpe fruit\nAPPLE\nbXnXnX split\n", 0),
    case(&["sed", "s/a/X/2", "words.txt"], None, "apple\nBanXna\ncherry pie\ndate\napple tXrt\ngrape fruit\nAPPLE\nbanXna split\n", 0),
    case(&["sed", "-n", "s/apple/APPLE/p", "words.txt"], None, "APPLE\nAPPLE tart\n", 0),
    case(&["sed", "s/APPLE/x/I", "words.txt"], None, "x\nBanana\ncherry pie\ndate\nx tart\ngrape fruit\nx\nbanana split\n", 0),
    case(&["sed", "s/apple/x/gI", "words.txt"], None, "x\nBanana\ncherry pie\ndate\nx tart\ngrape fruit\nx\nbanana split\n", 0),
    case(&["sed", "-n", "3p", "lines.txt"], None, "three\n", 0),
    case(&["sed", "-n", "$p", "lines.txt"], None, "twelve\n", 0),
    case(&["sed", "-n", "3,5p", "lines.txt"], None, "three\nfour\nfive\n", 0),
    case(&["sed", "-n", "/four/,/six/p", "lines.txt"], None, "four\nfive\nsix\n", 0),
    case(&["sed", "-n", "/ten/,$p", "lines.txt"], None, "ten\neleven\ntwelve\n", 0),
    case(&["sed", "2,11d", "lines.txt"], None, "one\ntwelve\n", 0),
    case(&["sed", "/e/d", "lines.txt"], None, "two\nfour\nsix\n", 0),
    case(&["sed", "/e/!d", "lines.txt"], None, "one\nthree\nfive\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "3q", "lines.txt"], None, "one\ntwo\nthree\n", 0),
    case(&["sed", "3a\\\nafter", "lines.txt"], None, "one\ntwo\nthree\nafter\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "3a after three", "lines.txt"], None, "one\ntwo\nthree\nafter three\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "3i before three", "lines.txt"], None, "one\ntwo\nbefore three\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "2,4c changed", "lines.txt"], None, "one\nchanged\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "$a the end", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\nthe end\n", 0),
    case(&["sed", "y/abc/xyz/", "words.txt"], None, "xpple\nBxnxnx\nzherry pie\ndxte\nxpple txrt\ngrxpe fruit\nAPPLE\nyxnxnx split\n", 0),
    case(&["sed", "-e", "s/a/1/", "-e", "s/b/2/", "words.txt"], None, "1pple\nB1nana\ncherry pie\nd1te\n1pple tart\ngr1pe fruit\nAPPLE\n21nana split\n", 0),
    case(&["sed", "-E", "s/(a+)(p+)/<\\2\\1>/", "words.txt"], None, "<ppa>le\nBanana\ncherry pie\ndate\n<ppa>le tart\ngr<pa>e fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "s/\\(a\\)\\(p*\\)/<\\2\\1>/", "words.txt"], None, "<ppa>le\nB<a>nana\ncherry pie\nd<a>te\n<ppa>le tart\ngr<pa>e fruit\nAPPLE\nb<a>nana split\n", 0),
    case(&["sed", "s/p/[&]/g", "words.txt"], None, "a[p][p]le\nBanana\ncherry [p]ie\ndate\na[p][p]le tart\ngra[p]e fruit\nAPPLE\nbanana s[p]lit\n", 0),
    case(&["sed", "-n", "/apple/p", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["sed", "-n", "/apple/=", "words.txt"], None, "1\n5\n", 0),
    case(&["sed", "=", "lines.txt"], None, "1\none\n2\ntwo\n3\nthree\n4\nfour\n5\nfive\n6\nsix\n7\nseven\n8\neight\n9\nnine\n10\nten\n11\neleven\n12\ntwelve\n", 0),
    case(&["sed", "-n", "2{p;p}", "lines.txt"], None, "two\ntwo\n", 0),
    case(&["sed", "1~3d", "lines.txt"], None, "two\nthree\nfive\nsix\neight\nnine\neleven\ntwelve\n", 0),
    case(&["sed", "0~4d", "lines.txt"], None, "one\ntwo\nthree\nfive\nsix\nseven\nnine\nten\neleven\n", 0),
    case(&["sed", "N;s/\\n/-/", "lines.txt"], None, "one-two\nthree-four\nfive-six\nseven-eight\nnine-ten\neleven-twelve\n", 0),
    case(&["sed", "$!N;s/\\n/ /", "lines.txt"], None, "one two\nthree four\nfive six\nseven eight\nnine ten\neleven twelve\n", 0),
    case(&["sed", "-n", "$=", "lines.txt"], None, "12\n", 0),
    case(&["sed", "s/e/E/3g", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\nelevEn\ntwelve\n", 0),
    case(&["sed", "s|/|:|g", "passwd"], None, "root:x:0:0:root::root::bin:bash\ndaemon:x:1:1:daemon::usr:sbin::usr:sbin:nologin\nuser:x:1000:1000:User Name::home:user::bin:sh\n", 0),
    case(&["sed", "-s", "-n", "$p", "words.txt", "lines.txt"], None, "banana split\ntwelve\n", 0),
    case(&["sed", "-n", "$p", "words.txt", "lines.txt"], None, "twelve\n", 0),
    case(&["sed", "5q", "nosuch.txt"], None, "", 2),
    case(&["sed", "s/a/b", "words.txt"], None, "", 1),
    case(&["sed", "-n", "l", "words.txt"], None, "apple$\nBanana$\ncherry pie$\ndate$\napple tart$\ngrape fruit$\nAPPLE$\nbanana split$\n", 0),
    case(&["sed", "G", "words.txt"], None, "apple\n\nBanana\n\ncherry pie\n\ndate\n\napple tart\n\ngrape fruit\n\nAPPLE\n\nbanana split\n\n", 0),
    case(&["sed", "-n", "h;n;G;p", "lines.txt"], None, "two\none\nfour\nthree\nsix\nfive\neight\nseven\nten\nnine\ntwelve\neleven\n", 0),
    case(&["sed", "1!G;h;$!d", "lines.txt"], None, "twelve\neleven\nten\nnine\neight\nseven\nsix\nfive\nfour\nthree\ntwo\none\n", 0),
    case(&["sed", "s/[[:upper:]]/(&)/g", "words.txt"], None, "apple\n(B)anana\ncherry pie\ndate\napple tart\ngrape fruit\n(A)(P)(P)(L)(E)\nbanana split\n", 0),
    case(&["sed", "s/a*/X/g", "words.txt"], None, "XpXpXlXeX\nXBXnXnX\nXcXhXeXrXrXyX XpXiXeX\nXdXtXeX\nXpXpXlXeX XtXrXtX\nXgXrXpXeX XfXrXuXiXtX\nXAXPXPXLXEX\nXbXnXnX XsXpXlXiXtX\n", 0),
    case(&["sed", "s/x*/-/g", "words.txt"], None, "-a-p-p-l-e-\n-B-a-n-a-n-a-\n-c-h-e-r-r-y- -p-i-e-\n-d-a-t-e-\n-a-p-p-l-e- -t-a-r-t-\n-g-r-a-p-e- -f-r-u-i-t-\n-A-P-P-L-E-\n-b-a-n-a-n-a- -s-p-l-i-t-\n", 0),
    case(&["sed", "-E", "s/a|ap/X/", "words.txt"], None, "Xple\nBXnana\ncherry pie\ndXte\nXple tart\ngrXe fruit\nAPPLE\nbXnana split\n", 0),
    case(&["sed", "s/\\<a/X/g", "words.txt"], None, "Xpple\nBanana\ncherry pie\ndate\nXpple tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "s/\\bp/X/g", "words.txt"], None, "apple\nBanana\ncherry Xie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "/apple/,+1d", "words.txt"], None, "cherry pie\ndate\nAPPLE\nbanana split\n", 0),
    case(&["sed", "2,/e/d", "lines.txt"], None, "one\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "0,/e/d", "lines.txt"], None, "two\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "-n", "/two/,4{=;p}", "lines.txt"], None, "2\ntwo\n3\nthree\n4\nfour\n", 0),
    case(&["sed", "s/.*/\\U&/", "words.txt"], None, "APPLE\nBANANA\nCHERRY PIE\nDATE\nAPPLE TART\nGRAPE FRUIT\nAPPLE\nBANANA SPLIT\n", 0),
    case(&["sed", "s/\\(.\\)\\(.*\\)/\\u\\1\\2/", "words.txt"], None, "Apple\nBanana\nCherry pie\nDate\nApple tart\nGrape fruit\nAPPLE\nBanana split\n", 0),
    case(&["sed", "q5", "lines.txt"], None, "one\n", 5),
    case(&["sed", "2Q", "lines.txt"], None, "one\n", 0),
    case(&["sed", "-z", "s/\\n/,/g", "lines.txt"], None, "one,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve,", 0),
    case(&["sed", "s/e/\\n/", "lines.txt"], None, "on\n\ntwo\nthr\ne\nfour\nfiv\n\nsix\ns\nven\n\night\nnin\n\nt\nn\n\nleven\ntw\nlve\n", 0),
    case(&["sed", "s/e/\\t/", "lines.txt"], None, "on\t\ntwo\nthr\te\nfour\nfiv\t\nsix\ns\tven\n\tight\nnin\t\nt\tn\n\tleven\ntw\tlve\n", 0),
    case(&["sed", "a\\", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "2r words.txt", "lines.txt"], None, "one\ntwo\napple\nBanana\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "-n", "2w /dev/stdout", "lines.txt"], None, "two\n", 0),
    case(&["sed", "s/ /_/"], Some(b"a b\nc d\n"), "a_b\nc_d\n", 0),
    case(&["sed", "s/ /_/"], Some(b"a b\nc d"), "a_b\nc_d", 0),
    case(&["sed", "$a x"], Some(b"a b\nc d"), "a b\nc d\nx\n", 0),
    case(&["sed", "-n", "/[0-9]\\{2\\}/p", "nums.txt"], None, "10 apples 3.5\n2 bananas 0.25\n33 cherries 12\n", 0),
    case(&["sed", "-E", "-n", "/[0-9]{2}/p", "nums.txt"], None, "10 apples 3.5\n2 bananas 0.25\n33 cherries 12\n", 0),
    case(&["sed", "--expression=s/a/b/", "words.txt"], None, "bpple\nBbnana\ncherry pie\ndbte\nbpple tart\ngrbpe fruit\nAPPLE\nbbnana split\n", 0),
    case(&["sed", "-n", "-e", "2p", "-e", "4p", "lines.txt"], None, "two\nfour\n", 0),
    case(&["sed", "2,4!d", "lines.txt"], None, "two\nthree\nfour\n", 0),
    case(&["sed", "/two/,/four/s/^/> /", "lines.txt"], None, "one\n> two\n> three\n> four\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "3,1p", "lines.txt", "-n"], None, "three\n", 0),
    case(&["sed", "/x/,/y/d", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\n", 0),
    case(&["sed", "y/abc/xy/", "words.txt"], None, "", 1),
    case(&["sed", "s/a/X/;T;s/$/ !/", "words.txt"], None, "Xpple !\nBXnana !\ncherry pie\ndXte !\nXpple tart !\ngrXpe fruit !\nAPPLE\nbXnana split !\n", 0),
    case(&["sed", ":a;s/p//;ta", "words.txt"], None, "ale\nBanana\ncherry ie\ndate\nale tart\ngrae fruit\nAPPLE\nbanana slit\n", 0),
    case(&["sed", "-n", "/^a/{s/a/A/;p}", "words.txt"], None, "Apple\nApple tart\n", 0),
    case(&["sed", "c\\\nX", "empty.txt"], None, "", 0),
    case(&["sed", "p", "empty.txt"], None, "", 0),
    case(&["sed", "1i\\\nmulti\\\nline", "words.txt"], None, "multi\nline\napple\nBanana\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "--posix", "s/a/b/", "words.txt"], None, "bpple\nBbnana\ncherry pie\ndbte\nbpple tart\ngrbpe fruit\nAPPLE\nbbnana split\n", 0),
    case(&["sed", "-E", "s/(.)\\1/<&>/g", "words.txt"], None, "a<pp>le\nBanana\nche<rr>y pie\ndate\na<pp>le tart\ngrape fruit\nA<PP>LE\nbanana split\n", 0),
    case(&["sed", "s/p\\{2\\}/PP/", "words.txt"], None, "aPPle\nBanana\ncherry pie\ndate\naPPle tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "s/p\\+/P/", "words.txt"], None, "aPle\nBanana\ncherry Pie\ndate\naPle tart\ngraPe fruit\nAPPLE\nbanana sPlit\n", 0),
    case(&["sed", "s/an\\?a/X/", "words.txt"], None, "apple\nBXna\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbXna split\n", 0),
    case(&["sed", "-E", "s/^(\\w+) (\\w+)$/\\2 \\1/", "words.txt"], None, "apple\nBanana\npie cherry\ndate\ntart apple\nfruit grape\nAPPLE\nsplit banana\n", 0),
    case(&["sed", "-e", "i\\", "-e", "hi", "lines.txt"], None, "hi\none\nhi\ntwo\nhi\nthree\nhi\nfour\nhi\nfive\nhi\nsix\nhi\nseven\nhi\neight\nhi\nnine\nhi\nten\nhi\neleven\nhi\ntwelve\n", 0),
    case(&["sed", "1d;$d", "lines.txt"], None, "two\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n", 0),
    case(&["sed", "-n", "2,+2p", "lines.txt"], None, "two\nthree\nfour\n", 0),
    case(&["sed", "-n", "3,~4p", "lines.txt"], None, "three\nfour\n", 0),
    case(&["sed", "n;d", "lines.txt"], None, "one\nthree\nfive\nseven\nnine\neleven\n", 0),
    case(&["sed", "$!d", "lines.txt"], None, "twelve\n", 0),
    case(&["sed", "-n", "x;p", "lines.txt"], None, "\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n", 0),
    case(&["sed", "D", "lines.txt"], None, "", 0),
    case(&["sed", "P;D", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "s/e/&&/2", "lines.txt"], None, "one\ntwo\nthreee\nfour\nfive\nsix\nseveen\neight\nnine\nten\neleeven\ntwelvee\n", 0),
    case(&["sed", "s/\\./!/g", "nums.txt"], None, "10 apples 3!5\n2 bananas 0!25\n33 cherries 12\n4 dates 1e3\n", 0),
    case(&["sed", "s/[.]/!/g", "nums.txt"], None, "10 apples 3!5\n2 bananas 0!25\n33 cherries 12\n4 dates 1e3\n", 0),
    case(&["sed", "s,a,\\,,", "words.txt"], None, ",pple\nB,nana\ncherry pie\nd,te\n,pple tart\ngr,pe fruit\nAPPLE\nb,nana split\n", 0),
    case(&["sed", "y/a\\/b/123/", "words.txt"], None, "1pple\nB1n1n1\ncherry pie\nd1te\n1pple t1rt\ngr1pe fruit\nAPPLE\n31n1n1 split\n", 0),
    case(&["sed", "s/a/\\//", "words.txt"], None, "/pple\nB/nana\ncherry pie\nd/te\n/pple tart\ngr/pe fruit\nAPPLE\nb/nana split\n", 0),
    case(&["sed", "-n", "/apple/I p", "words.txt"], None, "apple\napple tart\nAPPLE\n", 0),
    case(&["sed", "-n", "/APPLE/Ip", "words.txt"], None, "apple\napple tart\nAPPLE\n", 0),
    case(&["sed", "-n", "\\,apple,p", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["sed", "5d", "nosuch.txt", "words.txt"], None, "apple\nBanana\ncherry pie\ndate\ngrape fruit\nAPPLE\nbanana split\n", 2),
    case(&["sed", "-E", "s/a|ap/X/", "words.txt"], None, "Xple\nBXnana\ncherry pie\ndXte\nXple tart\ngrXe fruit\nAPPLE\nbXnana split\n", 0),
    case(&["sed", "-E", "s/(ab)?(abcd)?/[\\1,\\2]/"], Some(b"abcd\n"), "[,abcd]\n", 0),
    case(&["sed", "-E", "s/(a|ab)(c|bcd)(d*)/[\\1,\\2,\\3]/"], Some(b"xyz abcabc\n"), "xyz [ab,c,]abc\n", 0),
    case(&["sed", "s/p\\|pp/<&>/g", "words.txt"], None, "a<pp>le\nBanana\ncherry <p>ie\ndate\na<pp>le tart\ngra<p>e fruit\nAPPLE\nbanana s<p>lit\n", 0),
    case(&["sed", "-n", "/apple/,/date/{=;p}", "words.txt"], None, "1\napple\n2\nBanana\n3\ncherry pie\n4\ndate\n5\napple tart\n6\ngrape fruit\n7\nAPPLE\n8\nbanana split\n", 0),
    case(&["sed", "2q3", "lines.txt"], None, "one\ntwo\n", 3),
    case(&["sed", "-n", "/^$/p", "empty.txt"], None, "", 0),
    case(&["sed", "-E", "s/([^,]*),([^,]*)/\\2,\\1/", "people.csv"], None, "age,name,city\n30,alice,Paris\n25,bob,Berlin\n35,carol,Rome\n", 0),
    case(&["sed", "s/,/\\t/g", "people.csv"], None, "name\tage\tcity\nalice\t30\tParis\nbob\t25\tBerlin\ncarol\t35\tRome\n", 0),
    case(&["sed", "-e", "/name/d", "-e", "s/,.*//", "people.csv"], None, "alice\nbob\ncarol\n", 0),
    case(&["sed", "-n", "-E", "/^(alice|bob)/p", "people.csv"], None, "alice,30,Paris\nbob,25,Berlin\n", 0),
    case(&["sed", "1~2s/$/ odd/", "lines.txt"], None, "one odd\ntwo\nthree odd\nfour\nfive odd\nsix\nseven odd\neight\nnine odd\nten\neleven odd\ntwelve\n", 0),
    case(&["sed", "-n", "2~3p", "lines.txt"], None, "two\nfive\neight\neleven\n", 0),
    case(&["sed", "/four/i\\\n--- before four", "lines.txt"], None, "one\ntwo\nthree\n--- before four\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "$c\\\nlast", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\nlast\n", 0),
    case(&["sed", "-E", "s/[0-9]+/(&)/2", "nums.txt"], None, "10 apples (3).5\n2 bananas (0).25\n33 cherries (12)\n4 dates (1)e3\n", 0),
    case(&["sed", "y/abcdefghijklmnopqrstuvwxyz/ABCDEFGHIJKLMNOPQRSTUVWXYZ/", "words.txt"], None, "APPLE\nBANANA\nCHERRY PIE\nDATE\nAPPLE TART\nGRAPE FRUIT\nAPPLE\nBANANA SPLIT\n", 0),
    case(&["sed", "-n", "/a/w /dev/stdout", "words.txt"], None, "apple\nBanana\ndate\napple tart\ngrape fruit\nbanana split\n", 0),
    case(&["sed"], None, "", 1),
    case(&["sed", "-n", "$!{$!p}", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n", 0),
    case(&["sed", "-n", "/one/{n;p}", "lines.txt"], None, "two\n", 0),
    case(&["sed", "/twelve/{N;s/\\n/+/}", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "-n", "/eleven/{N;p}", "lines.txt"], None, "eleven\ntwelve\n", 0),
    case(&["sed", "$!N;$!D", "lines.txt"], None, "eleven\ntwelve\n", 0),
    case(&["sed", "-e", ":a", "-e", "$q;N;4,$D;ba", "lines.txt"], None, "ten\neleven\ntwelve\n", 0),
    case(&["sed", "1!G;h;$!d", "words.txt"], None, "banana split\nAPPLE\ngrape fruit\napple tart\ndate\ncherry pie\nBanana\napple\n", 0),
    case(&["sed", "-n", "2{s/two/2/p;s/2/II/p}", "lines.txt"], None, "2\nII\n", 0),
    case(&["sed", "s/o/0/;tx;s/$/ -/;:x", "lines.txt"], None, "0ne\ntw0\nthree -\nf0ur\nfive -\nsix -\nseven -\neight -\nnine -\nten -\neleven -\ntwelve -\n", 0),
    case(&["sed", "bend;s/^/X/;:end", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "b nolabel", "lines.txt"], None, "", 4),
    case(&["sed", "}", "lines.txt"], None, "", 1),
    case(&["sed", "{p", "lines.txt"], None, "", 1),
    case(&["sed", "s/\\(a/x/", "words.txt"], None, "", 1),
    case(&["sed", "-E", "s/(/x/", "words.txt"], None, "", 1),
    case(&["sed", "s/a/b/gg", "words.txt"], None, "", 1),
    case(&["sed", "k", "words.txt"], None, "", 1),
    case(&["sed", "#n\n/apple/p", "words.txt"], None, "apple\napple tart\n", 0),
    case(&["sed", "-n", "/apple/{p;d}; $=", "words.txt"], None, "apple\napple tart\n8\n", 0),
    case(&["sed", "2{h;d};4{G}", "lines.txt"], None, "one\nthree\nfour\ntwo\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "-n", "/^t/{/o$/p}", "lines.txt"], None, "two\n", 0),
    case(&["sed", "-E", "s/(a|e)+$//", "lines.txt"], None, "on\ntwo\nthr\nfour\nfiv\nsix\nseven\neight\nnin\nten\neleven\ntwelv\n", 0),
    case(&["sed", "s/[[:digit:]][[:digit:]]*/<&>/g", "nums.txt"], None, "<10> apples <3>.<5>\n<2> bananas <0>.<25>\n<33> cherries <12>\n<4> dates <1>e<3>\n", 0),
    case(&["sed", "#nope", "words.txt"], None, "", 0),
    case(&["sed", "# n", "old.txt"], None, "a\nb\nc\nd\ne\n", 0),
    case(&["sed", "-e", "p", "-e", "#n", "old.txt"], None, "a\na\nb\nb\nc\nc\nd\nd\ne\ne\n", 0),
    case(&["sed", "-e", "#n", "-e", "p", "old.txt"], None, "a\nb\nc\nd\ne\n", 0),
    case(&["sed", "3a\\\nafter", "lines.txt"], None, "one\ntwo\nthree\nafter\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "1i\\\nmulti\\\nline", "words.txt"], None, "multi\nline\napple\nBanana\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "2c\\\nX", "lines.txt"], None, "one\nX\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "/apple/{\ns/a/A/\np\n}", "words.txt"], None, "Apple\nApple\nBanana\ncherry pie\ndate\nApple tart\nApple tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "-n", "/two/{\n=\np\n}", "lines.txt"], None, "2\ntwo\n", 0),
    case(&["sed", "-s", "1d", "words.txt", "lines.txt"], None, "Banana\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "1d", "words.txt", "lines.txt"], None, "Banana\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "# comment\ns/a/b/ # trailing\n", "words.txt"], None, "bpple\nBbnana\ncherry pie\ndbte\nbpple tart\ngrbpe fruit\nAPPLE\nbbnana split\n", 0),
    case(&["sed", "s/a/b/ ; s/b/c/", "words.txt"], None, "cpple\nBcnana\ncherry pie\ndcte\ncpple tart\ngrcpe fruit\nAPPLE\ncbnana split\n", 0),
    case(&["sed", "-e", "a\\", "-e", "appended", "words.txt"], None, "apple\nappended\nBanana\nappended\ncherry pie\nappended\ndate\nappended\napple tart\nappended\ngrape fruit\nappended\nAPPLE\nappended\nbanana split\nappended\n", 0),
    case(&["sed", "/apple/c\\changed", "words.txt"], None, "changed\nBanana\ncherry pie\ndate\nchanged\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "/apple/a\\  indented", "words.txt"], None, "apple\n  indented\nBanana\ncherry pie\ndate\napple tart\n  indented\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "a   spaced", "empty.txt"], None, "", 0),
    case(&["sed", "q;p", "lines.txt"], None, "one\n", 0),
    case(&["sed", "-n", "/four/{p;q}", "lines.txt"], None, "four\n", 0),
    case(&["sed", "$!{h;d};x;G", "lines.txt"], None, "eleven\ntwelve\n", 0),
    case(&["sed", "s/[aeiou]//2g", "words.txt"], None, "appl\nBann\ncherry p\ndat\nappl trt\ngrap frt\nAPPLE\nbann splt\n", 0),
    case(&["sed", "s/a/X/gp", "words.txt"], None, "Xpple\nXpple\nBXnXnX\nBXnXnX\ncherry pie\ndXte\ndXte\nXpple tXrt\nXpple tXrt\ngrXpe fruit\ngrXpe fruit\nAPPLE\nbXnXnX split\nbXnXnX split\n", 0),
    case(&["sed", "-n", "s/a/X/2p", "words.txt"], None, "BanXna\napple tXrt\nbanXna split\n", 0),
    case(&["sed", "s/A/x/Ig", "words.txt"], None, "xpple\nBxnxnx\ncherry pie\ndxte\nxpple txrt\ngrxpe fruit\nxPPLE\nbxnxnx split\n", 0),
    case(&["sed", "unknown", "words.txt"], None, "", 1),
    case(&["sed", "-n", "/a/,/e/{/e/!p}", "lines.txt"], None, "", 0),
    case(&["sed", "2!s/^/#/", "lines.txt"], None, "#one\ntwo\n#three\n#four\n#five\n#six\n#seven\n#eight\n#nine\n#ten\n#eleven\n#twelve\n", 0),
    case(&["sed", "-n", "4,2p", "lines.txt"], None, "four\n", 0),
    case(&["sed", "-n", "/one/,2p", "lines.txt"], None, "one\ntwo\n", 0),
    case(&["sed", "-n", "/t/,3p", "lines.txt"], None, "two\nthree\neight\nten\ntwelve\n", 0),
    case(&["sed", "0,/e/s//E/", "lines.txt"], None, "onE\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "1,/e/s//E/", "lines.txt"], None, "", 1),
    case(&["sed", "y/abc/", "words.txt"], None, "", 1),
    case(&["sed", "s/\\(a\\|b\\)\\+/[&]/g", "words.txt"], None, "[a]pple\nB[a]n[a]n[a]\ncherry pie\nd[a]te\n[a]pple t[a]rt\ngr[a]pe fruit\nAPPLE\n[ba]n[a]n[a] split\n", 0),
    case(&["sed", "-E", "s/(an)+/[&]/", "words.txt"], None, "apple\nB[anan]a\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nb[anan]a split\n", 0),
    case(&["sed", "s/.*/\"&\"/", "nums.txt"], None, "\"10 apples 3.5\"\n\"2 bananas 0.25\"\n\"33 cherries 12\"\n\"4 dates 1e3\"\n", 0),
    case(&["sed", "s/[^ ]*/(&)/2", "nums.txt"], None, "10 (apples) 3.5\n2 (bananas) 0.25\n33 (cherries) 12\n4 (dates) 1e3\n", 0),
    case(&["sed", "-n", "$=", "words.txt", "lines.txt"], None, "20\n", 0),
    case(&["sed", "-n", "1p;$p", "empty.txt", "words.txt"], None, "apple\nbanana split\n", 0),
    case(&["sed", "s/^/> /", "-"], None, "", 0),
    case(&["sed", "=", "-"], Some(b"x\ny\n"), "1\nx\n2\ny\n", 0),
    case(&["sed", "-n", "$p", "-", "words.txt"], Some(b"x\ny\n"), "banana split\n", 0),
    case(&["sed", "N;N;s/\\n/+/g", "lines.txt"], None, "one+two+three\nfour+five+six\nseven+eight+nine\nten+eleven+twelve\n", 0),
    case(&["sed", "N;P;D", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "$!N;/^\\(.*\\)\\n\\1$/!P;D", "words.txt"], None, "apple\nBanana\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["sed", "-E", "s/([a-z]+) ([a-z]+)/\\2 \\1/", "words.txt"], None, "apple\nBanana\npie cherry\ndate\ntart apple\nfruit grape\nAPPLE\nsplit banana\n", 0),
    case(&["sed", "s/\\n//", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "y/\\n/x/", "lines.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["sed", "s/e/\\\n/g", "lines.txt"], None, "on\n\ntwo\nthr\n\n\nfour\nfiv\n\nsix\ns\nv\nn\n\night\nnin\n\nt\nn\n\nl\nv\nn\ntw\nlv\n\n", 0),
    case(&["sed", "-n", "l 5", "words.txt"], None, "appl\\\ne$\nBana\\\nna$\ncher\\\nry p\\\nie$\ndate$\nappl\\\ne ta\\\nrt$\ngrap\\\ne fr\\\nuit$\nAPPL\\\nE$\nbana\\\nna s\\\nplit$\n", 0),
    case(&["sed", "-n", "l", "passwd"], None, "root:x:0:0:root:/root:/bin/bash$\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin$\nuser:x:1000:1000:User Name:/home/user:/bin/sh$\n", 0),
    case(&["sed", "s/\\s/_/g", "words.txt"], None, "apple\nBanana\ncherry_pie\ndate\napple_tart\ngrape_fruit\nAPPLE\nbanana_split\n", 0),
    case(&["sed", "s/\\w\\+/W/g", "words.txt"], None, "W\nW\nW W\nW\nW W\nW W\nW\nW W\n", 0),
    case(&["sed", "-E", "s/\\W+/_/g", "passwd"], None, "root_x_0_0_root_root_bin_bash\ndaemon_x_1_1_daemon_usr_sbin_usr_sbin_nologin\nuser_x_1000_1000_User_Name_home_user_bin_sh\n", 0),
    case(&["sed", "s/\\//|/g", "passwd"], None, "root:x:0:0:root:|root:|bin|bash\ndaemon:x:1:1:daemon:|usr|sbin:|usr|sbin|nologin\nuser:x:1000:1000:User Name:|home|user:|bin|sh\n", 0),
    case(&["sed", "s/a/&&/3", "words.txt"], None, "apple\nBananaa\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbananaa split\n", 0),
    case(&["sed", "=", "empty.txt"], None, "", 0),
    case(&["sed", "-n", "/[[:space:]]/p", "words.txt"], None, "cherry pie\napple tart\ngrape fruit\nbanana split\n", 0),
    case(&["sed", "-n", "/^.\\{5\\}$/p", "words.txt"], None, "apple\nAPPLE\n", 0),
    case(&["sed", "s/^[[:alpha:]]*$/<&>/", "words.txt"], None, "<apple>\n<Banana>\ncherry pie\n<date>\napple tart\ngrape fruit\n<APPLE>\nbanana split\n", 0),
    case(&["sed", "10q", "lines.txt", "words.txt"], None, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n", 0),
];

/// GNU findutils 4.9.0; the VM walks directories in name order (GNU: directory order, same entries).
const FIND_CASES: &[Case] = &[
    case(&["find", "."], None, ".\n./empty.txt\n./lines.txt\n./new.txt\n./nums.txt\n./old.txt\n./passwd\n./people.csv\n./same.txt\n./src\n./src/README.md\n./src/lib\n./src/lib/big.dat\n./src/lib/tiny.bin\n./src/main.c\n./src/sub\n./src/sub/deep.c\n./src/sub/notes.txt\n./src/util.c\n./src/util.h\n./words.txt\n", 0),
    case(&["find", "src", "-name", "*.c"], None, "src/main.c\nsrc/sub/deep.c\nsrc/util.c\n", 0),
    case(&["find", ".", "-iname", "readme*"], None, "./src/README.md\n", 0),
    case(&["find", ".", "-path", "*sub*"], None, "./src/sub\n./src/sub/deep.c\n./src/sub/notes.txt\n", 0),
    case(&["find", ".", "-type", "d"], None, ".\n./src\n./src/lib\n./src/sub\n", 0),
    case(&["find", ".", "-type", "f", "-name", "*.txt"], None, "./empty.txt\n./lines.txt\n./new.txt\n./nums.txt\n./old.txt\n./same.txt\n./src/sub/notes.txt\n./words.txt\n", 0),
    case(&["find", ".", "-maxdepth", "1", "-type", "f"], None, "./empty.txt\n./lines.txt\n./new.txt\n./nums.txt\n./old.txt\n./passwd\n./people.csv\n./same.txt\n./words.txt\n", 0),
    case(&["find", ".", "-mindepth", "2"], None, "./src/README.md\n./src/lib\n./src/lib/big.dat\n./src/lib/tiny.bin\n./src/main.c\n./src/sub\n./src/sub/deep.c\n./src/sub/notes.txt\n./src/util.c\n./src/util.h\n", 0),
    case(&["find", "src", "-mindepth", "1", "-maxdepth", "1"], None, "src/README.md\nsrc/lib\nsrc/main.c\nsrc/sub\nsrc/util.c\nsrc/util.h\n", 0),
    case(&["find", ".", "-size", "+2k"], None, ".\n./src\n./src/lib\n./src/lib/big.dat\n./src/sub\n", 0),
    case(&["find", ".", "-size", "-2", "-type", "f"], None, "./empty.txt\n./lines.txt\n./new.txt\n./nums.txt\n./old.txt\n./passwd\n./people.csv\n./same.txt\n./src/README.md\n./src/lib/tiny.bin\n./src/main.c\n./src/sub/deep.c\n./src/sub/notes.txt\n./src/util.c\n./src/util.h\n./words.txt\n", 0),
    case(&["find", ".", "-size", "1c"], None, "./src/lib/tiny.bin\n", 0),
    case(&["find", ".", "-empty"], None, "./empty.txt\n", 0),
    case(&["find", ".", "-newer", "old.txt", "-name", "*.txt"], None, "./empty.txt\n./lines.txt\n./new.txt\n./nums.txt\n./same.txt\n./src/sub/notes.txt\n./words.txt\n", 0),
    case(&["find", ".", "-mtime", "+30"], None, "./new.txt\n./old.txt\n", 0),
    case(&["find", ".", "-mtime", "-1", "-type", "f"], None, "./empty.txt\n./lines.txt\n./nums.txt\n./passwd\n./people.csv\n./same.txt\n./src/README.md\n./src/lib/big.dat\n./src/lib/tiny.bin\n./src/main.c\n./src/sub/deep.c\n./src/sub/notes.txt\n./src/util.c\n./src/util.h\n./words.txt\n", 0),
    case(&["find", "src", "-name", "*.c", "-exec", "wc", "-l", "{}", ";"], None, "3 src/main.c\n2 src/sub/deep.c\n2 src/util.c\n", 0),
    case(&["find", "src", "-name", "*.c", "-exec", "echo", "{}", "+"], None, "src/main.c src/sub/deep.c src/util.c\n", 0),
    case(&["find", "src/main.c", "-print0"], None, "src/main.c\0", 0),
    case(&["find", ".", "!", "-name", "*.txt", "-type", "f"], None, "./passwd\n./people.csv\n./src/README.md\n./src/lib/big.dat\n./src/lib/tiny.bin\n./src/main.c\n./src/sub/deep.c\n./src/util.c\n./src/util.h\n", 0),
    case(&["find", ".", "-name", "*.c", "-o", "-name", "*.h"], None, "./src/main.c\n./src/sub/deep.c\n./src/util.c\n./src/util.h\n", 0),
    case(&["find", ".", "(", "-name", "*.c", "-o", "-name", "*.h", ")", "-a", "-path", "*sub*"], None, "./src/sub/deep.c\n", 0),
    case(&["find", ".", "-not", "-type", "d", "-name", "u*"], None, "./src/util.c\n./src/util.h\n", 0),
    case(&["find", "src", "-type", "f", "-name", "*.c", "-print"], None, "src/main.c\nsrc/sub/deep.c\nsrc/util.c\n", 0),
    case(&["find", ".", "-name", "*.md", "-print", "-name", "x"], None, "./src/README.md\n", 0),
    case(&["find", "nosuch"], None, "", 1),
    case(&["find", ".", "-name"], None, "", 1),
    case(&["find", "src", "-maxdepth", "0"], None, "src\n", 0),
    case(&["find", "src/", "-name", "main.c"], None, "src/main.c\n", 0),
    case(&["find", "src", "-type", "f", "-exec", "grep", "-l", "foo", "{}", "+"], None, "src/main.c\nsrc/sub/deep.c\nsrc/util.c\nsrc/util.h\n", 0),
    case(&["find", "src", "-name", "*.h", "-exec", "cat", "{}", ";"], None, "int foo(int x);\n", 0),
    case(&["find", ".", "-name", "[a-n]*.txt"], None, "./empty.txt\n./lines.txt\n./new.txt\n./nums.txt\n./src/sub/notes.txt\n", 0),
    case(&["find", ".", "-regex", ".*\\.c"], None, "./src/main.c\n./src/sub/deep.c\n./src/util.c\n", 0),
    case(&["find", ".", "-size", "+0", "-size", "-3k", "-name", "*.dat"], None, "", 0),
    case(&["find", "src", "-depth"], None, "src/README.md\nsrc/lib/big.dat\nsrc/lib/tiny.bin\nsrc/lib\nsrc/main.c\nsrc/sub/deep.c\nsrc/sub/notes.txt\nsrc/sub\nsrc/util.c\nsrc/util.h\nsrc\n", 0),
    case(&["find", ".", "-type", "f", "-newer", "new.txt"], None, "./empty.txt\n./lines.txt\n./nums.txt\n./passwd\n./people.csv\n./same.txt\n./src/README.md\n./src/lib/big.dat\n./src/lib/tiny.bin\n./src/main.c\n./src/sub/deep.c\n./src/sub/notes.txt\n./src/util.c\n./src/util.h\n./words.txt\n", 0),
    case(&["find", ".", "-name", "old.txt", "-newer", "new.txt"], None, "", 0),
    case(&["find", ".", "-prune"], None, ".\n", 0),
    case(&["find", "src", "-name", "sub", "-prune", "-o", "-print"], None, "src\nsrc/README.md\nsrc/lib\nsrc/lib/big.dat\nsrc/lib/tiny.bin\nsrc/main.c\nsrc/util.c\nsrc/util.h\n", 0),
    case(&["find", ".", "-name", "*.txt", "-printf", "%f %s\\n"], None, "empty.txt 0\nlines.txt 63\nnew.txt 12\nnums.txt 56\nold.txt 10\nsame.txt 10\nnotes.txt 16\nwords.txt 71\n", 0),
    case(&["find", ".", "-type", "l"], None, "", 0),
    case(&["find", "-name", "*.h"], None, "./src/util.h\n", 0),
    case(&["find", ".", "-false"], None, "", 0),
    case(&["find", ".", "-true", "-name", "nums.txt"], None, "./nums.txt\n", 0),
    case(&["find", ".", "-name", "nums.txt", "-quit"], None, "", 0),
    case(&["find", ".", "-name", "*.c", "-exec", "echo", "a{}b", ";"], None, "a./src/main.cb\na./src/sub/deep.cb\na./src/util.cb\n", 0),
    case(&["find", ".", "-name", "*.txt", "-newer", "old.txt", "!", "-newer", "new.txt"], None, "./new.txt\n", 0),
    case(&["find", "src", "-type", "f", "-size", "-1k", "-name", "*.h"], None, "", 0),
    case(&["find", ".", "-maxdepth", "1", "-name", "*.csv", "-exec", "cat", "{}", ";"], None, "name,age,city\nalice,30,Paris\nbob,25,Berlin\ncarol,35,Rome\n", 0),
    case(&["find", "src", "-type", "f", "-iname", "*.C", "-o", "-iname", "*.MD"], None, "src/README.md\nsrc/main.c\nsrc/sub/deep.c\nsrc/util.c\n", 0),
    case(&["find", ".", "-path", "./src/*", "-name", "*.c", "-print"], None, "./src/main.c\n./src/sub/deep.c\n./src/util.c\n", 0),
    case(&["find", ".", "-mindepth", "1", "-maxdepth", "1", "-type", "d"], None, "./src\n", 0),
    case(&["find", "nosuch", "src/util.h"], None, "src/util.h\n", 1),
    case(&["find", "src", "-name", "*.h", "-exec", "false", ";"], None, "", 0),
    case(&["find", "src", "-name", "*.h", "-exec", "false", "{}", "+"], None, "", 1),
    case(&["find", "src", "-name", "*.h", "-exec", "nosuchcmd", "{}", ";"], None, "", 0),
    case(&["find", ".", "-badopt"], None, "", 1),
    case(&["find", "src", "-maxdepth"], None, "", 1),
    case(&["find", ".", "-name", "*.txt", "-size", "-1"], None, "./empty.txt\n", 0),
    case(&["find", "src", "(", "-name", "*.c", "-o", "-name", "*.h", ")", "-exec", "grep", "-H", "foo", "{}", ";"], None, "src/main.c:\treturn foo(1);\nsrc/sub/deep.c:foo bar\nsrc/util.c:int foo(int x) { return x + 1; }\nsrc/util.h:int foo(int x);\n", 0),
];

/// GNU findutils 4.9.0 (xargs), GNU diffutils 3.8 (diff), GNU which 2.21 (`old.txt` and `new.txt` touched to fixed times).
const XARGS_DIFF_WHICH_CASES: &[Case] = &[
    case(&["xargs"], Some(b"a b c\nd e\n"), "a b c d e\n", 0),
    case(&["xargs", "-n", "2"], Some(b"a b c\nd e\n"), "a b\nc d\ne\n", 0),
    case(&["xargs", "-n2", "echo", "x"], Some(b"a b c\nd e\n"), "x a b\nx c d\nx e\n", 0),
    case(&["xargs", "-I{}", "echo", "[{}]"], Some(b"a\nb c\n"), "[a]\n[b c]\n", 0),
    case(&["xargs", "-I", "%", "echo", "%", "%"], Some(b"a\nb c\n"), "a a\nb c b c\n", 0),
    case(&["xargs", "-0", "-n1", "echo"], Some(b"a b"), "a b\n", 0),
    case(&["xargs", "-0"], Some(b"a b"), "a b\n", 0),
    case(&["xargs", "grep", "-c", "a"], Some(b"words.txt\nlines.txt\n"), "words.txt:6\nlines.txt:0\n", 0),
    case(&["xargs", "grep", "-c", "a"], Some(b"words.txt\nnosuch\n"), "words.txt:6\n", 123),
    case(&["xargs", "echo", "hi"], Some(b""), "hi\n", 0),
    case(&["xargs", "-r", "echo", "hi"], Some(b""), "", 0),
    case(&["xargs", "-n1"], Some(b"\"a b\" c\n"), "a b\nc\n", 0),
    case(&["xargs", "-n1"], Some(b"a\\ b c\n"), "a b\nc\n", 0),
    case(&["xargs", "false"], Some(b"x\n"), "", 123),
    case(&["xargs", "nosuchcmd"], Some(b"x\n"), "", 127),
    case(&["xargs", "-L1", "echo"], Some(b"1 2 3 4 5\n"), "1 2 3 4 5\n", 0),
    case(&["xargs", "-L2", "echo"], Some(b"1 2\n3\n4 5\n"), "1 2 3\n4 5\n", 0),
    case(&["xargs", "-n", "3", "-t", "echo"], Some(b"a b c d\n"), "a b c\nd\n", 0),
    case(&["xargs", "-d,", "-n1"], Some(b"a,b,c"), "a\nb\nc\n", 0),
    case(&["xargs", "-s", "8", "echo"], Some(b"a b c"), "a\nb\nc\n", 0),
    case(&["xargs"], Some(b"a'b\\n"), "", 1),
    case(&["diff", "old.txt", "new.txt"], None, "2c2\n< b\n---\n> B\n5a6\n> f\n", 1),
    case(&["diff", "old.txt", "same.txt"], None, "", 0),
    case(&["diff", "-u", "old.txt", "new.txt"], None, "--- old.txt\t2024-01-02 03:04:05.000000000 +0000\n+++ new.txt\t2024-03-04 05:06:07.000000000 +0000\n@@ -1,5 +1,6 @@\n a\n-b\n+B\n c\n d\n e\n+f\n", 1),
    case(&["diff", "-u", "old.txt", "same.txt"], None, "", 0),
    case(&["diff", "old.txt", "nosuch"], None, "", 2),
    case(&["diff", "-U1", "old.txt", "new.txt"], None, "--- old.txt\t2024-01-02 03:04:05.000000000 +0000\n+++ new.txt\t2024-03-04 05:06:07.000000000 +0000\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n@@ -5 +5,2 @@\n e\n+f\n", 1),
    case(&["diff", "-c", "old.txt", "new.txt"], None, "*** old.txt\tTue Jan  2 03:04:05 2024\n--- new.txt\tMon Mar  4 05:06:07 2024\n***************\n*** 1,5 ****\n  a\n! b\n  c\n  d\n  e\n--- 1,6 ----\n  a\n! B\n  c\n  d\n  e\n+ f\n", 1),
    case(&["diff", "-q", "old.txt", "new.txt"], None, "Files old.txt and new.txt differ\n", 1),
    case(&["diff", "-s", "old.txt", "same.txt"], None, "Files old.txt and same.txt are identical\n", 0),
    case(&["diff", "lines.txt", "words.txt"], None, "1,12c1,8\n< one\n< two\n< three\n< four\n< five\n< six\n< seven\n< eight\n< nine\n< ten\n< eleven\n< twelve\n---\n> apple\n> Banana\n> cherry pie\n> date\n> apple tart\n> grape fruit\n> APPLE\n> banana split\n", 1),
    case(&["diff", "empty.txt", "old.txt"], None, "0a1,5\n> a\n> b\n> c\n> d\n> e\n", 1),
    case(&["diff", "-i", "words.txt", "words.txt"], None, "", 0),
    case(&["diff", "-r", "src", "src"], None, "", 0),
    case(&["diff", "-", "old.txt"], Some(b"a\nb"), "2c2,5\n< b\n\\ No newline at end of file\n---\n> b\n> c\n> d\n> e\n", 1),
    case(&["diff", "-w", "old.txt", "new.txt"], None, "2c2\n< b\n---\n> B\n5a6\n> f\n", 1),
    case(&["diff", "-b", "old.txt", "new.txt"], None, "2c2\n< b\n---\n> B\n5a6\n> f\n", 1),
    case(&["diff", "--label", "A", "--label", "B", "-u", "old.txt", "new.txt"], None, "--- A\n+++ B\n@@ -1,5 +1,6 @@\n a\n-b\n+B\n c\n d\n e\n+f\n", 1),
    case(&["diff", "src/util.c", "src/util.h"], None, "1,2c1\n< #include \"util.h\"\n< int foo(int x) { return x + 1; }\n---\n> int foo(int x);\n", 1),
    case(&["diff", "-u0", "old.txt", "new.txt"], None, "--- old.txt\t2024-01-02 03:04:05.000000000 +0000\n+++ new.txt\t2024-03-04 05:06:07.000000000 +0000\n@@ -2 +2 @@\n-b\n+B\n@@ -5,0 +6 @@\n+f\n", 1),
    case(&["which", "grep"], None, "/usr/bin/grep\n", 0),
    case(&["which", "nosuch"], None, "", 1),
    case(&["which", "-a", "sh"], None, "/usr/bin/sh\n/bin/sh\n", 0),
    case(&["which", "grep", "sed", "nosuch"], None, "/usr/bin/grep\n/usr/bin/sed\n", 1),
    case(&["xargs", "-0", "cat"], Some(b"src/util.h"), "int foo(int x);\n", 0),
    case(&["xargs", "-n1", "wc", "-l"], Some(b"src/util.h src/main.c\n"), "1 src/util.h\n3 src/main.c\n", 0),
    case(&["xargs", "-n", "1", "-I", "{}", "echo", "{}"], Some(b"a b\n"), "a b\n", 0),
    case(&["diff", "-u", "old.txt", "new.txt"], None, "--- old.txt\t2024-01-02 03:04:05.000000000 +0000\n+++ new.txt\t2024-03-04 05:06:07.000000000 +0000\n@@ -1,5 +1,6 @@\n a\n-b\n+B\n c\n d\n e\n+f\n", 1),
    case(&["diff", "-U0", "old.txt", "new.txt"], None, "--- old.txt\t2024-01-02 03:04:05.000000000 +0000\n+++ new.txt\t2024-03-04 05:06:07.000000000 +0000\n@@ -2 +2 @@\n-b\n+B\n@@ -5,0 +6 @@\n+f\n", 1),
    case(&["diff", "-q", "old.txt", "same.txt"], None, "", 0),
    case(&["cmp", "old.txt", "new.txt"], None, "old.txt new.txt differ: char 3, line 2\n", 1),
    case(&["cmp", "old.txt", "same.txt"], None, "", 0),
    case(&["cmp", "-s", "old.txt", "new.txt"], None, "", 1),
    case(&["cmp", "-l", "old.txt", "new.txt"], None, " 3 142 102\n", 1),
    case(&["cmp", "-b", "old.txt", "new.txt"], None, "old.txt new.txt differ: byte 3, line 2 is 142 b 102 B\n", 1),
    case(&["cmp", "-", "same.txt"], Some(b"a\nb\nc\nd\ne\n"), "", 0),
    case(&["cmp", "same.txt", "nope"], None, "", 2),
    case(&["diff", "--label", "old", "--label", "new", "-u", "lines.txt", "words.txt"], None, "--- old\n+++ new\n@@ -1,12 +1,8 @@\n-one\n-two\n-three\n-four\n-five\n-six\n-seven\n-eight\n-nine\n-ten\n-eleven\n-twelve\n+apple\n+Banana\n+cherry pie\n+date\n+apple tart\n+grape fruit\n+APPLE\n+banana split\n", 1),
    case(&["diff", "-c", "old.txt", "new.txt"], None, "*** old.txt\tTue Jan  2 03:04:05 2024\n--- new.txt\tMon Mar  4 05:06:07 2024\n***************\n*** 1,5 ****\n  a\n! b\n  c\n  d\n  e\n--- 1,6 ----\n  a\n! B\n  c\n  d\n  e\n+ f\n", 1),
    case(&["diff", "same.txt", "old.txt"], None, "", 0),
    case(&["diff", "src", "nosuch"], None, "", 2),
    case(&["diff", "old.txt", "new.txt", "same.txt"], None, "", 2),
    case(&["diff"], None, "", 2),
    case(&["xargs", "-n"], Some(b"a\n"), "", 1),
    case(&["which"], None, "", 1),
    case(&["diff", "-N", "-u", "old.txt", "nosuch"], None, "--- old.txt\t2024-01-02 03:04:05.000000000 +0000\n+++ nosuch\t1970-01-01 00:00:00.000000000 +0000\n@@ -1,5 +0,0 @@\n-a\n-b\n-c\n-d\n-e\n", 1),
    case(&["diff", "-N", "nosuch", "old.txt"], None, "0a1,5\n> a\n> b\n> c\n> d\n> e\n", 1),
    case(&["diff", "-N", "nosuch", "nosuch2"], None, "", 2),
    case(&["diff", "-N", "-c", "nosuch", "old.txt"], None, "*** nosuch\tThu Jan  1 00:00:00 1970\n--- old.txt\tTue Jan  2 03:04:05 2024\n***************\n*** 0 ****\n--- 1,5 ----\n+ a\n+ b\n+ c\n+ d\n+ e\n", 1),
    case(&["diff", "--new-file", "old.txt", "nosuch"], None, "1,5d0\n< a\n< b\n< c\n< d\n< e\n", 1),
];

/// POSIX awk as gawk 5 does it (the host has mawk only: each output was checked by hand against gawk's documented behaviour and, where they agree, mawk 1.3.4).
const AWK_CASES: &[Case] = &[
    case(&["awk", "{print $1}", "nums.txt"], None, "10\n2\n33\n4\n", 0),
    case(&["awk", "{print $2, $1}", "nums.txt"], None, "apples 10\nbananas 2\ncherries 33\ndates 4\n", 0),
    case(&["awk", "-F,", "{print $2}", "people.csv"], None, "age\n30\n25\n35\n", 0),
    case(&["awk", "-F:", "-v", "OFS=-", "{print $1,$3}", "passwd"], None, "root-0\ndaemon-1\nuser-1000\n", 0),
    case(&["awk", "NR==2", "lines.txt"], None, "two\n", 0),
    case(&["awk", "NR%3==0{print NR\": \"$0}", "lines.txt"], None, "3: three\n6: six\n9: nine\n12: twelve\n", 0),
    case(&["awk", "/^t/", "lines.txt"], None, "two\nthree\nten\ntwelve\n", 0),
    case(&["awk", "/two/,/four/", "lines.txt"], None, "two\nthree\nfour\n", 0),
    case(&["awk", "BEGIN{print \"start\"} END{print NR}", "lines.txt"], None, "start\n12\n", 0),
    case(&["awk", "{s+=$1} END{print s, s/NR}", "nums.txt"], None, "49 12.25\n", 0),
    case(&["awk", "{printf \"%-10s|%5.2f|%d\\n\", $2, $3, $1}", "nums.txt"], None, "apples    | 3.50|10\nbananas   | 0.25|2\ncherries  |12.00|33\ndates     |1000.00|4\n", 0),
    case(&["awk", "{print NF}", "words.txt"], None, "1\n1\n2\n1\n2\n2\n1\n2\n", 0),
    case(&["awk", "{print $NF}", "words.txt"], None, "apple\nBanana\npie\ndate\ntart\nfruit\nAPPLE\nsplit\n", 0),
    case(&["awk", "{$2=\"X\"; print}", "nums.txt"], None, "10 X 3.5\n2 X 0.25\n33 X 12\n4 X 1e3\n", 0),
    case(&["awk", "{$5=\"E\"; print; print NF}", "nums.txt"], None, "10 apples 3.5  E\n5\n2 bananas 0.25  E\n5\n33 cherries 12  E\n5\n4 dates 1e3  E\n5\n", 0),
    case(&["awk", "{n[$1]++} END{for(k in n) c++; print c}", "words.txt"], None, "7\n", 0),
    case(&["awk", "function f(x){return x*2} {print f($1)}", "nums.txt"], None, "20\n4\n66\n8\n", 0),
    case(&["awk", "BEGIN{while((getline l < \"lines.txt\")>0) n++; print n}"], None, "12\n", 0),
    case(&["awk", "BEGIN{n=split(\"a:b:c\",a,\":\"); print n, a[1], a[3]}"], None, "3 a c\n", 0),
    case(&["awk", "{gsub(/a/,\"A\"); print}", "words.txt"], None, "Apple\nBAnAnA\ncherry pie\ndAte\nApple tArt\ngrApe fruit\nAPPLE\nbAnAnA split\n", 0),
    case(&["awk", "{n=sub(/p+/,\"[&]\"); print n, $0}", "words.txt"], None, "1 a[pp]le\n0 Banana\n1 cherry [p]ie\n0 date\n1 a[pp]le tart\n1 gra[p]e fruit\n0 APPLE\n1 banana s[p]lit\n", 0),
    case(&["awk", "{print match($0,/an+/), RSTART, RLENGTH}", "words.txt"], None, "0 0 -1\n2 2 2\n0 0 -1\n0 0 -1\n0 0 -1\n0 0 -1\n0 0 -1\n2 2 2\n", 0),
    case(&["awk", "{print substr($0,2,3), index($0,\"e\"), length($0), length}", "words.txt"], None, "ppl 5 5 5\nana 0 6 6\nher 3 10 10\nate 4 4 4\nppl 5 10 10\nrap 5 11 11\nPPL 0 5 5\nana 0 12 12\n", 0),
    case(&["awk", "{print toupper($1), tolower($0)}", "words.txt"], None, "APPLE apple\nBANANA banana\nCHERRY cherry pie\nDATE date\nAPPLE apple tart\nGRAPE grape fruit\nAPPLE apple\nBANANA banana split\n", 0),
    case(&["awk", "BEGIN{x=sprintf(\"%05.1f|%x|%o|%e|%c|%c\", 3.14159, 255, 8, 12345.678, 65, \"hello\"); print x}"], None, "003.1|ff|10|1.234568e+04|A|h\n", 0),
    case(&["awk", "BEGIN{print x+0, x\"\", length(x), (x==0), (x==\"\")}"], None, "0  0 1 1\n", 0),
    case(&["awk", "BEGIN{OFMT=\"%.2f\"; x=3.14159; print x, x \"\"}"], None, "3.14 3.14159\n", 0),
    case(&["awk", "BEGIN{CONVFMT=\"%.2f\"; x=3.14159; y=x \"\"; print y}"], None, "3.14\n", 0),
    case(&["awk", "{print ($1 < $3)}", "nums.txt"], None, "0\n0\n0\n1\n", 0),
    case(&["awk", "BEGIN{print (\"10\" < \"9\"), (10 < 9), (\"abc\" < \"abd\")}"], None, "1 0 1\n", 0),
    case(&["awk", "{print ($1 < 5)}", "nums.txt"], None, "0\n1\n0\n1\n", 0),
    case(&["awk", "{print ($1 < $2)}"], Some(b"10 9\n2 10\nabc 1\n"), "0\n1\n0\n", 0),
    case(&["awk", "-v", "n=3", "NR<=n", "lines.txt"], None, "one\ntwo\nthree\n", 0),
    case(&["awk", "BEGIN{a[\"x\"]=1; delete a[\"x\"]; print length(a); if (\"x\" in a) print \"yes\"; else print \"no\"}"], None, "0\nno\n", 0),
    case(&["awk", "BEGIN{for(i=0;i<3;i++) printf \"%d \", i; print \"\"}"], None, "0 1 2 \n", 0),
    case(&["awk", "BEGIN{i=5; do { i-- } while (i>0); print i}"], None, "0\n", 0),
    case(&["awk", "{if ($1 > 5) print \"big\", $1; else print \"small\", $1}", "nums.txt"], None, "big 10\nsmall 2\nbig 33\nsmall 4\n", 0),
    case(&["awk", "NR==1{next} {print}", "lines.txt"], None, "two\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n", 0),
    case(&["awk", "NR==3{exit} {print}", "lines.txt"], None, "one\ntwo\n", 0),
    case(&["awk", "BEGIN{exit 3}"], None, "", 3),
    case(&["awk", "{print > \"/dev/stderr\"}", "empty.txt"], None, "", 0),
    case(&["awk", "{print $0 | \"cat\"}", "words.txt"], None, "apple\nBanana\ncherry pie\ndate\napple tart\ngrape fruit\nAPPLE\nbanana split\n", 0),
    case(&["awk", "BEGIN{\"echo hi\" | getline x; print x}"], None, "hi\n", 0),
    case(&["awk", "{getline; print}", "lines.txt"], None, "two\nfour\nsix\neight\nten\ntwelve\n", 0),
    case(&["awk", "BEGIN{printf \"%s %s %s\\n\", \"a\", \"b\", \"c\"}"], None, "a b c\n", 0),
    case(&["awk", "BEGIN{printf \"%5s|%-5s|%.2s\\n\", \"ab\", \"ab\", \"abcdef\"}"], None, "   ab|ab   |ab\n", 0),
    case(&["awk", "BEGIN{printf \"%d %i %d\\n\", \"12abc\", -3.9, 1e3}"], None, "12 -3 1000\n", 0),
    case(&["awk", "BEGIN{print substr(\"hello\", 0, 2), substr(\"hello\", -1), substr(\"hello\", 4, 100)}"], None, "he hello lo\n", 0),
    case(&["awk", "BEGIN{print index(\"foobar\", \"bar\"), 7%3, -7%3, int(-3.7), int(\"4x\")}"], None, "4 1 -1 -3 4\n", 0),
    case(&["awk", "BEGIN { $0 = \"a b c\"; print NF; $0 = \"x\"; print $1 }"], None, "3\nx\n", 0),
    case(&["awk", "{ $3 = \"\"; print; print NF }", "nums.txt"], None, "10 apples \n3\n2 bananas \n3\n33 cherries \n3\n4 dates \n3\n", 0),
    case(&["awk", "BEGIN{NF=3}{NF=2; print}", "nums.txt"], None, "10 apples\n2 bananas\n33 cherries\n4 dates\n", 0),
    case(&["awk", "BEGIN{FS=\",\"} {print $1}", "people.csv"], None, "name\nalice\nbob\ncarol\n", 0),
    case(&["awk", "-F[:,]", "{print $2}", "passwd"], None, "x\nx\nx\n", 0),
    case(&["awk", "-F", "\\t", "{print $1}", "nums.txt"], None, "10 apples 3.5\n2 bananas 0.25\n33 cherries 12\n4 dates 1e3\n", 0),
    case(&["awk", "BEGIN{RS=\"\"}{print NR\": \"$1}", "lines.txt"], None, "1: one\n", 0),
    case(&["awk", "END{print $0}", "lines.txt"], None, "twelve\n", 0),
    case(&["awk", "$1 ~ /^[0-9]+$/ {print $2}", "nums.txt"], None, "apples\nbananas\ncherries\ndates\n", 0),
    case(&["awk", "$2 !~ /a/", "nums.txt"], None, "33 cherries 12\n", 0),
    case(&["awk", "BEGIN{s=\"aaa\"; n=gsub(/a/,\"b&b\",s); print n, s}"], None, "3 babbabbab\n", 0),
    case(&["awk", "BEGIN{s=\"hello\"; gsub(/l/,\"\\\\&\",s); print s}"], None, "he&&o\n", 0),
    case(&["awk", "BEGIN{s=\"abc\"; gsub(//,\"-\",s); print s}"], None, "-a-b-c-\n", 0),
    case(&["awk", "BEGIN{s=\"abc\"; gsub(/x*/,\"-\",s); print s}"], None, "-a-b-c-\n", 0),
    case(&["awk", "BEGIN{printf \"%s\\n\"}"], None, "", 2),
    case(&["awk", "BEGIN{print 1==1.0, \"1\"==1, \"a\" > \"B\"}"], None, "", 0),
    case(&["awk", "BEGIN{x[\"a\"]; if (\"a\" in x) print \"in\"}"], None, "in\n", 0),
    case(&["awk", "BEGIN{print 017, 0x11}"], None, "17 17\n", 0),
    case(&["awk", "BEGIN{print substr(\"hello\",2)}"], None, "ello\n", 0),
    case(&["awk", "BEGIN{a=\"x\"; a = a a a; print a}"], None, "xxx\n", 0),
    case(&["awk", "BEGIN{print 1 \" \" 2, 1+2 \"3\"}"], None, "1 2 33\n", 0),
    case(&["awk", "BEGIN{print 2^3^2, -2^2, !0, !\"\", !\"a\"}"], None, "512 -4 1 1 0\n", 0),
    case(&["awk", "BEGIN{x = 5; x += 2; x *= 3; x -= 1; x /= 4; x %= 3; print x; print x++ + ++x}"], None, "2\n6\n", 0),
    case(&["awk", "BEGIN{print length()}"], None, "0\n", 0),
    case(&["awk", "{ print length() }", "words.txt"], None, "5\n6\n10\n4\n10\n11\n5\n12\n", 0),
    case(&["awk", "BEGIN{getline; print \"got\", $0}", "lines.txt"], None, "got one\n", 0),
    case(&["awk", "BEGIN{while ((getline line) > 0) n++; print n}", "lines.txt"], None, "12\n", 0),
    case(&["awk", "{ print NR, FNR, FILENAME }", "words.txt", "nums.txt"], None, "1 1 words.txt\n2 2 words.txt\n3 3 words.txt\n4 4 words.txt\n5 5 words.txt\n6 6 words.txt\n7 7 words.txt\n8 8 words.txt\n9 1 nums.txt\n10 2 nums.txt\n11 3 nums.txt\n12 4 nums.txt\n", 0),
    case(&["awk", "FNR==1{print FILENAME}", "words.txt", "nums.txt"], None, "words.txt\nnums.txt\n", 0),
    case(&["awk", "{print}", "nosuch.txt"], None, "", 2),
    case(&["awk", "BEGIN { printf \"%.3d|%+d|% d|%5.1e|%G\\n\", 5, 5, 5, 0.000123, 1e-10 }"], None, "005|+5| 5|1.2e-04|1E-10\n", 0),
    case(&["awk", "BEGIN { x = 1e16; print x; y = 123456789012; print y }"], None, "10000000000000000\n123456789012\n", 0),
    case(&["awk", "BEGIN { print 100000 * 100000, 0.000001, 123456.7 }"], None, "10000000000 1e-06 123457\n", 0),
    case(&["awk", "BEGIN { print substr(\"abc\", 1.5, 1) }"], None, "a\n", 0),
    case(&["awk", "BEGIN{split(\"a b  c\", a); print a[3]; n = split(\"\", b); print n}"], None, "c\n0\n", 0),
    case(&["awk", "BEGIN{n=split(\"abc\", a, \"\"); print n, a[2]}"], None, "3 b\n", 0),
    case(&["awk", "BEGIN{print toupper(substr(\"xyz\", 2))}"], None, "YZ\n", 0),
    case(&["awk", "{ sum[$2] += $1 } END { n = 0; for (k in sum) n += sum[k]; print n }", "nums.txt"], None, "49\n", 0),
    case(&["awk", "function fact(n) { return n <= 1 ? 1 : n * fact(n-1) } BEGIN { print fact(10) }"], None, "3628800\n", 0),
    case(&["awk", "function fill(a, n) { a[n] = n } BEGIN { fill(arr, 3); print arr[3] }"], None, "3\n", 0),
    case(&["awk", "function loc(x,  y) { y = x * 2; return y } BEGIN { print loc(4), y \"\" }"], None, "8 \n", 0),
    case(&["awk", "BEGIN { printf(\"%s-%s\\n\", \"a\", \"b\") }"], None, "a-b\n", 0),
    case(&["awk", "BEGIN { print length(12345), length(1/4) }"], None, "5 4\n", 0),
    case(&["awk", "{ $0 = toupper($0) } 1", "words.txt"], None, "APPLE\nBANANA\nCHERRY PIE\nDATE\nAPPLE TART\nGRAPE FRUIT\nAPPLE\nBANANA SPLIT\n", 0),
    case(&["awk", "NR==1, NR==3 { print NR }", "lines.txt"], None, "1\n2\n3\n", 0),
    case(&["awk", "-f", "nosuch.awk"], None, "", 2),
    case(&["awk", "BEGIN { print substr(\"hello\", 2, -1) \"|\" }"], None, "|\n", 0),
    case(&["awk", "BEGIN { OFS=\"-\" } { $1 = $1; print }", "nums.txt"], None, "10-apples-3.5\n2-bananas-0.25\n33-cherries-12\n4-dates-1e3\n", 0),
    case(&["awk", "BEGIN { ORS=\"|\" } { print $1 }", "nums.txt"], None, "10|2|33|4|", 0),
    case(&["awk", "{ print; print \"---\" > \"/dev/stdout\" }", "empty.txt"], None, "", 0),
    case(&["awk", "BEGIN { system(\"echo sys\"); print \"after\" }"], None, "sys\nafter\n", 0),
    case(&["awk", "{ a[NR] = $0 } END { for (i = NR; i > 0; i--) print a[i] }", "words.txt"], None, "banana split\nAPPLE\ngrape fruit\napple tart\ndate\ncherry pie\nBanana\napple\n", 0),
    case(&["awk", "BEGIN { x = \"3.0\"; y = 3; print (x == y) }"], None, "0\n", 0),
    case(&["awk", "{ print ($1 == $2) }"], Some(b"3.0 3\n"), "1\n", 0),
    case(&["awk", "{ print ($1 == 0), ($1 > 5) }"], Some(b"abc\n"), "0 1\n", 0),
    case(&["awk", "{ print ($1 == 100) }"], Some(b" 1e2 \n"), "1\n", 0),
    case(&["awk", "BEGIN { print index(\"abc\", \"\") }"], None, "1\n", 0),
    case(&["awk", "BEGIN { x[\"a\"] = 1; x[\"b\"] = 2; n = asort; print n }"], None, "\n", 0),
    case(&["awk", "BEGIN { printf \"%d%%\\n\", 50 }"], None, "50%\n", 0),
    case(&["awk", "BEGIN { print 1,2 > \"/dev/stdout\" }"], None, "1 2\n", 0),
    case(&["awk", "BEGIN { a = 1; b = \"1\"; if (a == b) print \"eq\" }"], None, "eq\n", 0),
    case(&["awk", "{ print $(1+1) }", "nums.txt"], None, "apples\nbananas\ncherries\ndates\n", 0),
    case(&["awk", "{ print $-1 }", "nums.txt"], None, "", 2),
    case(&["awk", "BEGIN { SUBSEP=\":\"; a[1,2]=3; for (k in a) print k; if ((1,2) in a) print \"y\" }"], None, "1:2\ny\n", 0),
    case(&["awk", "BEGIN { printf \"[%*d]\\n\", 5, 42 }"], None, "[   42]\n", 0),
    case(&["awk", "BEGIN { print substr(\"hello\", 2, 1.5) }"], None, "e\n", 0),
    case(&["awk", "BEGIN { print 10 % 3.5, -10 % 3 }"], None, "3 -1\n", 0),
    case(&["awk", "BEGIN { print 1e-5, 123e-2, 0.1 }"], None, "1e-05 1.23 0.1\n", 0),
    case(&["awk", "/apple/ { c++ } END { print c+0 }", "words.txt"], None, "2\n", 0),
    case(&["awk", "BEGIN { getline x < \"nosuch\"; print (getline x < \"nosuch\") }"], None, "-1\n", 0),
    case(&["awk", "-v", "s=a\\tb", "BEGIN{print s}"], None, "a\tb\n", 0),
    case(&["awk", "NR==FNR{a[$1]=1; next} ($1 in a)", "lines.txt", "words.txt"], None, "", 0),
    case(&["awk", "NR==FNR{n++; next} END{print n, NR}", "lines.txt", "words.txt"], None, "12 20\n", 0),
    case(&["awk", "BEGIN{a[1];a[2]; delete a; print length(a)}"], None, "0\n", 0),
    case(&["awk", "BEGIN{n=split(\"a1b22c\", p, /[0-9]+/); print n, p[1], p[2], p[3]}"], None, "3 a b c\n", 0),
    case(&["awk", "{ while ((getline line < \"old.txt\") > 0) c++ } END { print c }", "words.txt"], None, "5\n", 0),
    case(&["awk", "BEGIN { printf \"%c%c\\n\", \"hello\", 66 }"], None, "hB\n", 0),
    case(&["awk", "BEGIN { printf \"%5.2f%%|%-6d|%06.2f\\n\", 12.345, 42, 3.14159 }"], None, "12.35%|42    |003.14\n", 0),
    case(&["awk", "BEGIN { print substr(\"hello\", 2, 3) substr(\"x\", 5) \"|\" }"], None, "ell|\n", 0),
    case(&["awk", "{ print $1 * 2, $3 + 0 }", "nums.txt"], None, "20 3.5\n4 0.25\n66 12\n8 1000\n", 0),
    case(&["awk", "$3 > 5", "nums.txt"], None, "33 cherries 12\n4 dates 1e3\n", 0),
    case(&["awk", "$1 == \"10\"", "nums.txt"], None, "10 apples 3.5\n", 0),
    case(&["awk", "{ print ($3 == 12) ($3 == \"12\") }", "nums.txt"], None, "00\n00\n11\n00\n", 0),
    case(&["awk", "BEGIN { if (!(3 in a)) print \"no\"; if (length(a) == 0) print \"empty\" }"], None, "no\nempty\n", 0),
    case(&["awk", "-F:", "$3 >= 1000 { print $1 }", "passwd"], None, "user\n", 0),
    case(&["awk", "-F:", "BEGIN { OFS = \":\" } { $2 = \"\"; print }", "passwd"], None, "root::0:0:root:/root:/bin/bash\ndaemon::1:1:daemon:/usr/sbin:/usr/sbin/nologin\nuser::1000:1000:User Name:/home/user:/bin/sh\n", 0),
    case(&["awk", "{ n = gsub(/[aeiou]/, \"\"); t += n } END { print t }", "words.txt"], None, "21\n", 0),
    case(&["awk", "BEGIN { s = \"foo.bar.baz\"; gsub(/\\./, \"/\", s); print s }"], None, "foo/bar/baz\n", 0),
    case(&["awk", "BEGIN { s = \"aaa\"; sub(/a+$/, \"[&]\", s); print s }"], None, "[aaa]\n", 0),
    case(&["awk", "BEGIN { print match(\"xxabcabc\", /(abc)+/), RSTART, RLENGTH }"], None, "3 3 6\n", 0),
    case(&["awk", "BEGIN { print match(\"xyz\", /a/), RSTART, RLENGTH }"], None, "0 0 -1\n", 0),
    case(&["awk", "BEGIN { x = 0.1; y = x * 3; print y, (y == 0.3) }"], None, "0.3 0\n", 0),
    case(&["awk", "BEGIN { print 1e6 \"\", 1e16 \"\", 0.1 + 0.2 \"\" }"], None, "1000000 10000000000000000 0.3\n", 0),
    case(&["awk", "BEGIN { CONVFMT = \"%d\"; a[1.5] = 1; for (k in a) print k }"], None, "1\n", 0),
    case(&["awk", "BEGIN { OFMT = \"%.2g\"; print 3.14159, 42, 1234.5 }"], None, "3.1 42 1.2e+03\n", 0),
    case(&["awk", "BEGIN { printf \"%s %d %.3f\\n\", 1/3, 1/3, 1/3 }"], None, "0.333333 0 0.333\n", 0),
    case(&["awk", "{ sum = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.e]+$/) sum += $i; print sum }", "nums.txt"], None, "13.5\n2.25\n45\n1004\n", 0),
    case(&["awk", "BEGIN { while ((\"cat lines.txt\" | getline l) > 0) n++; close(\"cat lines.txt\"); print n }"], None, "12\n", 0),
    case(&["awk", "BEGIN { printf \"a\\n\" > \"/dev/stderr\"; print \"b\" }"], None, "b\n", 0),
    case(&["awk", "END { print NF, $2 }", "nums.txt"], None, "3 dates\n", 0),
    case(&["awk", "{ last = $0 } END { print last }", "words.txt"], None, "banana split\n", 0),
    case(&["awk", "BEGIN { n = 3; while (n --> 0) print n }"], None, "2\n1\n0\n", 0),
    case(&["awk", "BEGIN { for (;;) { if (++i > 3) break; if (i == 2) continue; print i } }"], None, "1\n3\n", 0),
    case(&["awk", "function g(a) { a[\"k\"] = \"v\" } BEGIN { g(arr); print arr[\"k\"] }"], None, "v\n", 0),
    case(&["awk", "function r(n) { if (n == 0) return; print n; r(n - 1) } BEGIN { r(3) }"], None, "3\n2\n1\n", 0),
    case(&["awk", "BEGIN { x = \"A\"; y = x++; print x, y }"], None, "1 0\n", 0),
    case(&["awk", "BEGIN { print \"a\" > \"/dev/stdout\"; print \"b\" }"], None, "a\nb\n", 0),
    case(&["awk", "/^a/ && !/tart/", "words.txt"], None, "apple\n", 0),
    case(&["awk", "/a/ || /e/ { c++ } END { print c }", "lines.txt"], None, "9\n", 0),
    case(&["awk", "BEGIN { print (1, 2) in a }"], None, "0\n", 0),
    case(&["awk", "{ print NR \": \" $0 }", "empty.txt"], None, "", 0),
    case(&["awk", "BEGIN { getline line < \"lines.txt\"; print line; getline line < \"lines.txt\"; print line }"], None, "one\ntwo\n", 0),
    case(&["awk", "BEGIN { RS = \",\" } { print NR, $0 }", "people.csv"], None, "1 name\n2 age\n3 city\nalice\n4 30\n5 Paris\nbob\n6 25\n7 Berlin\ncarol\n8 35\n9 Rome\n\n", 0),
    case(&["awk", "BEGIN { FS = \"\" } { print $1, NF; exit }", "words.txt"], None, "a 5\n", 0),
    case(&["awk", "{ $0 = $2; print $1 }", "nums.txt"], None, "apples\nbananas\ncherries\ndates\n", 0),
    case(&["awk", "-F,", "-v", "OFS=;", "{ NF = 2; print }", "people.csv"], None, "name;age\nalice;30\nbob;25\ncarol;35\n", 0),
    case(&["awk", "BEGIN { printf \"%i|%5s|%-5s|%.1e\\n\", 3.99, \"x\", \"y\", 12345 }"], None, "3|    x|y    |1.2e+04\n", 0),
    case(&["awk", "BEGIN { print -3 % 2, 2 ^ 0.5, int(2.9), int(-2.9) }"], None, "-1 1.41421 2 -2\n", 0),
    case(&["awk", "BEGIN { print sin(0), cos(0), exp(0), log(1), sqrt(16), atan2(0, 1) }"], None, "0 1 1 0 4 0\n", 0),
    case(&["awk", "BEGIN { a = \"10\"; b = \"9\"; print (a < b), (a + 0 < b + 0) }"], None, "1 0\n", 0),
    case(&["awk", "NR == 1 { a = $1 } NR == 2 { print (a < $1) }"], Some(b"10\n9\n"), "0\n", 0),
    case(&["awk", "BEGIN { s = sprintf(\"%3d:%-3d|\", 1, 2); print s }"], None, "  1:2  |\n", 0),
    case(&["awk", "{ printf \"%s%s\", sep, $1; sep = \",\" } END { print \"\" }", "words.txt"], None, "apple,Banana,cherry,date,apple,grape,APPLE,banana\n", 0),
    case(&["awk", "BEGIN { print index(\"\", \"a\"), length(\"\"), substr(\"\", 1) \"|\" }"], None, "0 0 |\n", 0),
    case(&["awk", "BEGIN { \"pwd\" | getline d; print (d != \"\") }"], None, "1\n", 0),
    case(&["awk", "BEGIN { printf \"%d\\n\", \"0x1A\" }"], None, "0\n", 0),
    case(&["awk", "{ print toupper(substr($0, 1, 1)) substr($0, 2) }", "words.txt"], None, "Apple\nBanana\nCherry pie\nDate\nApple tart\nGrape fruit\nAPPLE\nBanana split\n", 0),
    case(&["awk", "BEGIN { x; print (x == 0) (x == \"\") length(x) }"], None, "110\n", 0),
    case(&["awk", "{ print $1 }", "nosuch.txt", "words.txt"], None, "", 2),
    case(&["awk", "{ print | \"sort\" }"], Some(b"b\na\nc\n"), "a\nb\nc\n", 0),
    case(&["awk", "-F,", "NR > 1 { s += $2 } END { printf \"%.2f\\n\", s / (NR - 1) }", "people.csv"], None, "30.00\n", 0),
];
