//! The extra tools of every VM (`guests/userland/extras`, one multicall module): rev, column,
//! xxd, hexdump, strings, less, more, patch, file, tree and bc give the output, byte for byte, and
//! the exit status of the tools an agent knows. Expected outputs were taken from the host's tools
//! with `LC_ALL=C.UTF-8 TZ=UTC` on the same files: util-linux 2.38.1 (rev, column, hexdump,
//! more), vim's xxd 2022-01-14, GNU strings 2.40, less 590, GNU patch 2.7.6, file 5.44 and GNU
//! bc 1.07.1. The host has no `tree`: its cases follow tree 2.x's documented output in a UTF-8
//! locale (the `│` line with two no-break spaces, names in byte order, `N directories, M files`,
//! `NAME  [error opening dir]` and status 2 for a missing directory).
//! [`same_output_as_the_host_tools`] reruns every case on the host's tools when present.
//!
//! Every table runs on every backend. Left out: hexdump's floating-point conversions, file's
//! finer details (ELF notes, Exif), a pager's screen (the VM has no terminal: less and
//! more copy, and `more FILE` does not read a non-terminal stdin first as util-linux's does),
//! patch's context and ed diffs.

#[macro_use]
mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use burrow::{BackendKind, Output, Runtime, Stdio, Vm};
use common::text;

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
    /// A fresh VM with a copy of the fixture in [`WORK`].
    fn vm(self) -> Vm {
        let vm = Vm::builder().runtime(&runtime()).backend(self.0).cwd("/").env("TZ", "UTC").build().expect("vm");
        let out = vm.command("cp").args(["-r", "/data", WORK]).cwd("/").output().expect("cp");
        assert_eq!(out.code(), 0, "cp -r /data {WORK}: {}", text(&out.stderr));
        vm
    }
}

every_backend!(
    rev_like_util_linux,
    column_like_util_linux,
    xxd_and_hexdump,
    strings_like_gnu,
    pagers_copy,
    file_like_file,
    patch_like_gnu,
    tree_listing,
    bc_like_gnu,
    tools_in_a_pipeline
);

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

/// One invocation: `(tool under test, argv, stdin, stdout, status)`.
type Case = (&'static str, &'static [&'static str], Option<&'static [u8]>, &'static str, i32);

const fn case(
    tool: &'static str,
    argv: &'static [&'static str],
    stdin: Option<&'static [u8]>,
    stdout: &'static str,
    status: i32,
) -> Case {
    (tool, argv, stdin, stdout, status)
}

/// Runs every case of `table` on a fresh VM and reports all differences at once.
fn check_table(b: Backend, table: &[Case]) {
    let vm = b.vm();
    let mut failures = Vec::new();
    for &(_, argv, stdin, stdout, status) in table {
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

fn rev_like_util_linux(b: Backend) {
    check_table(b, REV_CASES);
}

fn column_like_util_linux(b: Backend) {
    check_table(b, COLUMN_CASES);
}

fn xxd_and_hexdump(b: Backend) {
    check_table(b, HEX_CASES);
}

fn strings_like_gnu(b: Backend) {
    check_table(b, STRINGS_CASES);
}

fn pagers_copy(b: Backend) {
    check_table(b, PAGER_CASES);
}

fn file_like_file(b: Backend) {
    check_table(b, FILE_CASES);
}

fn patch_like_gnu(b: Backend) {
    check_table(b, PATCH_CASES);
}

fn tree_listing(b: Backend) {
    check_table(b, TREE_CASES);
}

fn bc_like_gnu(b: Backend) {
    check_table(b, BC_CASES);
}

/// Every tool answers `--help` with status 0, names a bad option on stderr, and a script that
/// pipes into a pager ends (the pager copies instead of waiting for a terminal).
fn tools_in_a_pipeline(b: Backend) {
    let vm = b.vm();
    for tool in ["rev", "column", "xxd", "hexdump", "strings", "tree", "less", "more", "patch", "file", "bc"] {
        let out = run(&vm, &[tool, "--help"], None);
        assert_eq!(out.code(), 0, "{tool} --help: {}", text(&out.stderr));
        assert!(!out.stdout.is_empty(), "{tool} --help printed nothing");
        // xxd takes any option by its first letter (--bogus is -b): -q is none of its.
        let bad = if tool == "xxd" { "-q" } else { "--no-such-option" };
        let out = run(&vm, &[tool, bad], None);
        assert_ne!(out.code(), 0, "{tool} {bad} succeeded");
        assert!(!out.stderr.is_empty(), "{tool} {bad}: no message");
    }
    let out = run(
        &vm,
        &[
            "sh",
            "-c",
            "git_log() { printf 'c3\\nc2\\nc1\\n'; }; git_log | less | head -n 2 | more | rev | xxd -p | xxd -r -p",
        ],
        None,
    );
    assert_eq!((text(&out.stdout).as_str(), out.code()), ("3c\n2c\n", 0), "stderr {}", text(&out.stderr));
}

/// The tables rerun on the host's tools, when installed (GNU patch only), in a directory holding
/// the same fixture.
#[test]
fn same_output_as_the_host_tools() {
    let dir = std::env::temp_dir().join(format!("burrow-extras-{}", std::process::id()));
    let mut compared = 0;
    let mut failures = Vec::new();
    for table in [REV_CASES, COLUMN_CASES, HEX_CASES, STRINGS_CASES, PAGER_CASES, FILE_CASES, PATCH_CASES, TREE_CASES, BC_CASES] {
        for &(tool, argv, stdin, stdout, status) in table {
            let present = std::process::Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .env("PATH", "/usr/bin:/bin")
                .output()
                .is_ok_and(|o| o.status.success());
            let gnu_patch = tool != "patch"
                || std::process::Command::new("patch")
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| text(&o.stdout).contains("GNU patch"));
            if !present || !gnu_patch {
                continue;
            }
            let _ = std::fs::remove_dir_all(&dir);
            for (name, content) in files() {
                let path = dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, content).unwrap();
            }
            let mut host = std::process::Command::new(argv[0]);
            host.args(&argv[1..])
                .current_dir(&dir)
                .env_clear()
                .env("LC_ALL", "C.UTF-8")
                .env("TZ", "UTC")
                .env("PATH", "/usr/bin:/bin");
            host.stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null());
            let Ok(mut child) = host.spawn() else {
                continue;
            };
            {
                use std::io::Write;
                let mut input = child.stdin.take().unwrap();
                let _ = input.write_all(stdin.unwrap_or_default());
            }
            let host = child.wait_with_output().unwrap();
            compared += 1;
            if (text(&host.stdout).as_str(), host.status.code().unwrap_or(-1)) != (stdout, status) {
                failures.push(format!(
                    "{argv:?}: host gives ({:?}, {:?}), the table ({stdout:?}, {status})",
                    text(&host.stdout),
                    host.status.code()
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{} of {compared} differ from the host:\n{}", failures.len(), failures.join("\n"));
}

/// The fixture, installed under `/data` (the host comparison writes the same).
fn files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("words.txt", b"hello world\nfoo bar baz\nlast line\n".to_vec()),
        ("utf8.txt", b"h\xc3\xa9llo w\xc3\xb6rld\nabc \xc3\xbcber\n".to_vec()),
        ("nonl.txt", b"no newline".to_vec()),
        ("crlf.txt", b"one\r\ntwo\r\n".to_vec()),
        ("table.txt", b"name age city\nalice 30 Paris\nbob 25 Berlin\n\ncarol 35 Rome\n".to_vec()),
        ("colon.txt", b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n".to_vec()),
        ("list.txt", b"item1\nitem2\nitem3\nitem4\nitem5\nitem6\nitem7\nitem8\nitem9\nitem10\nitem11\nitem12\nitem13\nitem14\nitem15\nitem16\nitem17\nitem18\nitem19\nitem20\nitem21\nitem22\nitem23\nitem24\nitem25\n".to_vec()),
        ("bin.dat", b"\x00\x01hello world\x02\x03abc\x00longer string here\xff\xfe\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00tail text\n".to_vec()),
        ("empty", b"".to_vec()),
        ("script.sh", b"#!/bin/sh\necho hi\n".to_vec()),
        ("script.py", b"#!/usr/bin/env python3\nprint(1)\n".to_vec()),
        ("tool.js", b"#!/usr/bin/env node\nconsole.log(1)\n".to_vec()),
        ("data.json", b"{\"a\": [1, 2, {\"b\": null}], \"c\": \"d\"}\n".to_vec()),
        ("notjson.txt", b"[1, 2\n".to_vec()),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x03\x00\x00\x00\x02\x08\x06\x00\x00\x00\x9dtf\x1a\x00\x00\x00\x00IEND\xaeB`\x82".to_vec()),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb\x00C\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xc0\x00\x11\x08\x00\x02\x00\x03\x03\x01\x11\x00\x02\x11\x00\x03\x11\x00\xff\xd9".to_vec()),
        ("scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x02\x01\x00H\x00H\x00\x00\xff\xdb\x00C\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xc2\x00\x0b\x08\x01\xe0\x02\x80\x01\x01\x11\x00\xff\xd9".to_vec()),
        ("image.gif", b"GIF89a\x03\x00\x02\x00\x00\x00\x00;".to_vec()),
        ("doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec()),
        ("x.txt.gz", b"\x1f\x8b\x08\x08%}\x93e\x00\x03x.txt\x00\xab\xe0\x02\x00\x1f\x08\xeaF\x02\x00\x00\x00".to_vec()),
        ("mod.wasm", b"\x00asm\x01\x00\x00\x00".to_vec()),
        ("page.html", b"<!DOCTYPE html>\n<html><body>hi</body></html>\n".to_vec()),
        ("proj/README.md", b"# proj\n".to_vec()),
        ("proj/Makefile", b"all:\n".to_vec()),
        ("proj/src/main.c", b"int main(void) { return 0; }\n".to_vec()),
        ("proj/src/util.c", b"int util;\n".to_vec()),
        ("proj/src/include/util.h", b"int util;\n".to_vec()),
        ("proj/docs/guide.md", b"guide\n".to_vec()),
        ("proj/build/out.o", b"\x00".to_vec()),
        ("proj/.config", b"x=1\n".to_vec()),
        ("proj/.hidden/secret", b"s\n".to_vec()),
        ("f.txt", b"a\nb\nc\nd\ne\n".to_vec()),
        ("n.txt", b"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n".to_vec()),
        ("m.txt", b"one\ntwo\nthree\n".to_vec()),
        ("gone.txt", b"x\ny\n".to_vec()),
        ("p_simple.diff", b"--- f.txt\n+++ f.txt\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n".to_vec()),
        ("p_git.diff", b"diff --git a/m.txt b/m.txt\nindex 1111111..2222222 100644\n--- a/m.txt\n+++ b/m.txt\n@@ -1,3 +1,4 @@\n one\n two\n+two and a half\n three\ndiff --git a/newdir/new.txt b/newdir/new.txt\nnew file mode 100644\nindex 0000000..3333333\n--- /dev/null\n+++ b/newdir/new.txt\n@@ -0,0 +1,2 @@\n+hello\n+world\ndiff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\nindex 4444444..0000000\n--- a/gone.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-x\n-y\n".to_vec()),
        ("p_offset.diff", b"--- n.txt.orig\n+++ n.txt\n@@ -2,3 +2,3 @@\n 5\n-6\n+six\n 7\n@@ -17,3 +17,4 @@\n 20\n 21\n+21.5\n 22\n".to_vec()),
        ("p_fail.diff", b"--- n.txt\n+++ n.txt\n@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3\n@@ -10,3 +10,3 @@\n 10\n-XX\n+eleven\n 12\n@@ -20,3 +20,3 @@\n 20\n-21\n+twentyone\n 22\n".to_vec()),
        ("p_dn.diff", b"diff -ruN a/src/new.txt b/src/new.txt\n--- a/src/new.txt\t1970-01-01 00:00:00.000000000 +0000\n+++ b/src/new.txt\t2024-01-02 03:04:05.000000000 +0000\n@@ -0,0 +1 @@\n+hello\ndiff -ruN a/f.txt b/f.txt\n--- a/f.txt\t2024-01-02 03:04:05.000000000 +0000\n+++ b/f.txt\t2024-01-02 03:04:05.000000000 +0000\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n".to_vec()),
        ("p_crlf.diff", b"--- f.txt\r\n+++ f.txt\r\n@@ -1,5 +1,5 @@\r\n a\r\n-b\r\n+B\r\n c\r\n d\r\n e\r\n".to_vec()),
        ("p_nonl.diff", b"--- nonl.txt\n+++ nonl.txt\n@@ -1 +1,2 @@\n-no newline\n\\ No newline at end of file\n+no newline\n+now two lines\n".to_vec()),
    ]
}

const REV_CASES: &[Case] = &[
    case("rev", &["rev", "words.txt"], None, "dlrow olleh\nzab rab oof\nenil tsal\n", 0),
    case("rev", &["rev", "utf8.txt", "nonl.txt"], None, "dlröw olléh\nrebü cba\nenilwen on", 0),
    case("rev", &["rev"], Some(b"abc\ndef"), "cba\nfed", 0),
    case("rev", &["rev", "nosuch", "words.txt"], None, "dlrow olleh\nzab rab oof\nenil tsal\n", 1),
    case("rev", &["rev", "-z"], None, "", 1),
    case("rev", &["rev", "-"], Some(b"stressed\n\xc3\xa9t\xc3\xa9\n"), "", 1),
];

const COLUMN_CASES: &[Case] = &[
    case("column", &["column", "list.txt"], None, "item1\titem4\titem7\titem10\titem13\titem16\titem19\titem22\titem25\nitem2\titem5\titem8\titem11\titem14\titem17\titem20\titem23\nitem3\titem6\titem9\titem12\titem15\titem18\titem21\titem24\n", 0),
    case("column", &["column", "-x", "list.txt"], None, "item1\titem2\titem3\titem4\titem5\titem6\titem7\titem8\titem9\titem10\nitem11\titem12\titem13\titem14\titem15\titem16\titem17\titem18\titem19\titem20\nitem21\titem22\titem23\titem24\titem25\n", 0),
    case("column", &["column", "-c", "30", "list.txt"], None, "item1\titem10\titem19\nitem2\titem11\titem20\nitem3\titem12\titem21\nitem4\titem13\titem22\nitem5\titem14\titem23\nitem6\titem15\titem24\nitem7\titem16\titem25\nitem8\titem17\nitem9\titem18\n", 0),
    case("column", &["column"], Some(b"alpha\nbeta\n\ngamma delta\n  lead\n"), "alpha\t\tbeta\t\tgamma delta\t  lead\n", 0),
    case("column", &["column", "-t", "table.txt"], None, "name   age  city\nalice  30   Paris\nbob    25   Berlin\ncarol  35   Rome\n", 0),
    case("column", &["column", "-t", "-s", ":", "colon.txt"], None, "root    x  0  0  root    /root      /bin/bash\ndaemon  x  1  1  daemon  /usr/sbin  /usr/sbin/nologin\n", 0),
    case("column", &["column", "-t", "-s", ":", "-o", " | ", "colon.txt"], None, "root   | x | 0 | 0 | root   | /root     | /bin/bash\ndaemon | x | 1 | 1 | daemon | /usr/sbin | /usr/sbin/nologin\n", 0),
    case("column", &["column", "-t", "-s", ","], Some(b"a,,b\nccc,d,e\n\nxx,y\n"), "a       b\nccc  d  e\nxx   y  \n", 0),
    case("column", &["column", "-t", "-N", "NAME,AGE,CITY", "-R", "2"], Some(b"alice 30 Paris\nbob 5 Rome\n"), "NAME   AGE  CITY\nalice   30  Paris\nbob      5  Rome\n", 0),
    case("column", &["column", "-t", "-L", "table.txt"], None, "name   age  city\nalice  30   Paris\nbob    25   Berlin\n            \ncarol  35   Rome\n", 0),
    case("column", &["column", "-t", "utf8.txt"], None, "héllo  wörld\nabc    über\n", 0),
    case("column", &["column", "nosuch"], None, "", 1),
    case("column", &["column", "-z"], None, "", 1),
];

const HEX_CASES: &[Case] = &[
    case("xxd", &["xxd", "bin.dat"], None, "00000000: 0001 6865 6c6c 6f20 776f 726c 6402 0361  ..hello world..a\n00000010: 6263 006c 6f6e 6765 7220 7374 7269 6e67  bc.longer string\n00000020: 2068 6572 65ff fe00 0102 0304 0506 0708   here...........\n00000030: 090a 0b0c 0d0e 0f10 1112 1314 1516 1718  ................\n00000040: 191a 1b1c 1d1e 1f20 2122 2324 2526 2728  ....... !\"#$%&'(\n00000050: 292a 2b2c 2d2e 2f30 3132 3334 3536 3738  )*+,-./012345678\n00000060: 393a 3b3c 3d3e 3f40 4142 4344 4546 4748  9:;<=>?@ABCDEFGH\n00000070: 494a 4b4c 4d4e 4f50 5152 5354 5556 5758  IJKLMNOPQRSTUVWX\n00000080: 595a 5b5c 5d5e 5f60 6162 6364 6566 6768  YZ[\\]^_`abcdefgh\n00000090: 696a 6b6c 6d6e 6f70 7172 7374 7576 7778  ijklmnopqrstuvwx\n000000a0: 797a 7b7c 7d7e 7f80 8182 8384 8586 8788  yz{|}~..........\n000000b0: 898a 8b8c 8d8e 8f90 9192 9394 9596 9798  ................\n000000c0: 999a 9b9c 9d9e 9fa0 a1a2 a3a4 a5a6 a7a8  ................\n000000d0: a9aa abac adae afb0 b1b2 b3b4 b5b6 b7b8  ................\n000000e0: b9ba bbbc bdbe bfc0 c1c2 c3c4 c5c6 c7c8  ................\n000000f0: c9ca cbcc cdce cfd0 d1d2 d3d4 d5d6 d7d8  ................\n00000100: d9da dbdc ddde dfe0 e1e2 e3e4 e5e6 e7e8  ................\n00000110: e9ea ebec edee eff0 f1f2 f3f4 f5f6 f7f8  ................\n00000120: f9fa fbfc fdfe ff00 0000 0000 0000 0000  ................\n00000130: 0000 0000 0000 0000 0000 0000 0000 0000  ................\n00000140: 0000 0000 0000 0000 0000 0000 0000 0000  ................\n00000150: 0000 0000 0000 0000 0000 0000 0000 0000  ................\n00000160: 0000 0000 0000 0074 6169 6c20 7465 7874  .......tail text\n00000170: 0a                                       .\n", 0),
    case("xxd", &["xxd", "words.txt"], None, "00000000: 6865 6c6c 6f20 776f 726c 640a 666f 6f20  hello world.foo \n00000010: 6261 7220 6261 7a0a 6c61 7374 206c 696e  bar baz.last lin\n00000020: 650a                                     e.\n", 0),
    case("xxd", &["xxd", "-p", "bin.dat"], None, "000168656c6c6f20776f726c640203616263006c6f6e6765722073747269\n6e672068657265fffe000102030405060708090a0b0c0d0e0f1011121314\n15161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132\n333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50\n5152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e\n6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c\n8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aa\nabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8\nc9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6\ne7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff0000000000\n000000000000000000000000000000000000000000000000000000000000\n000000000000000000000000000000000000000000000000000000000074\n61696c20746578740a\n", 0),
    case("xxd", &["xxd", "-c", "8", "-g", "4", "words.txt"], None, "00000000: 68656c6c 6f20776f  hello wo\n00000008: 726c640a 666f6f20  rld.foo \n00000010: 62617220 62617a0a  bar baz.\n00000018: 6c617374 206c696e  last lin\n00000020: 650a               e.\n", 0),
    case("xxd", &["xxd", "-g", "3", "-c", "10", "words.txt"], None, "00000000: 68656c 6c6f20 776f72 6c  hello worl\n0000000a: 640a66 6f6f20 626172 20  d.foo bar \n00000014: 62617a 0a6c61 737420 6c  baz.last l\n0000001e: 696e65 0a                ine.\n", 0),
    case("xxd", &["xxd", "-g0", "-u", "words.txt"], None, "00000000: 68656C6C6F20776F726C640A666F6F20  hello world.foo \n00000010: 6261722062617A0A6C617374206C696E  bar baz.last lin\n00000020: 650A                              e.\n", 0),
    case("xxd", &["xxd", "-s", "5", "-l", "12", "words.txt"], None, "00000005: 2077 6f72 6c64 0a66 6f6f 2062             world.foo b\n", 0),
    case("xxd", &["xxd", "-s", "-6", "words.txt"], None, "0000001c: 206c 696e 650a                            line.\n", 0),
    case("xxd", &["xxd", "-a", "bin.dat"], None, "00000000: 0001 6865 6c6c 6f20 776f 726c 6402 0361  ..hello world..a\n00000010: 6263 006c 6f6e 6765 7220 7374 7269 6e67  bc.longer string\n00000020: 2068 6572 65ff fe00 0102 0304 0506 0708   here...........\n00000030: 090a 0b0c 0d0e 0f10 1112 1314 1516 1718  ................\n00000040: 191a 1b1c 1d1e 1f20 2122 2324 2526 2728  ....... !\"#$%&'(\n00000050: 292a 2b2c 2d2e 2f30 3132 3334 3536 3738  )*+,-./012345678\n00000060: 393a 3b3c 3d3e 3f40 4142 4344 4546 4748  9:;<=>?@ABCDEFGH\n00000070: 494a 4b4c 4d4e 4f50 5152 5354 5556 5758  IJKLMNOPQRSTUVWX\n00000080: 595a 5b5c 5d5e 5f60 6162 6364 6566 6768  YZ[\\]^_`abcdefgh\n00000090: 696a 6b6c 6d6e 6f70 7172 7374 7576 7778  ijklmnopqrstuvwx\n000000a0: 797a 7b7c 7d7e 7f80 8182 8384 8586 8788  yz{|}~..........\n000000b0: 898a 8b8c 8d8e 8f90 9192 9394 9596 9798  ................\n000000c0: 999a 9b9c 9d9e 9fa0 a1a2 a3a4 a5a6 a7a8  ................\n000000d0: a9aa abac adae afb0 b1b2 b3b4 b5b6 b7b8  ................\n000000e0: b9ba bbbc bdbe bfc0 c1c2 c3c4 c5c6 c7c8  ................\n000000f0: c9ca cbcc cdce cfd0 d1d2 d3d4 d5d6 d7d8  ................\n00000100: d9da dbdc ddde dfe0 e1e2 e3e4 e5e6 e7e8  ................\n00000110: e9ea ebec edee eff0 f1f2 f3f4 f5f6 f7f8  ................\n00000120: f9fa fbfc fdfe ff00 0000 0000 0000 0000  ................\n00000130: 0000 0000 0000 0000 0000 0000 0000 0000  ................\n*\n00000160: 0000 0000 0000 0074 6169 6c20 7465 7874  .......tail text\n00000170: 0a                                       .\n", 0),
    case("xxd", &["xxd", "-b", "-c", "4", "-l", "8", "words.txt"], None, "00000000: 01101000 01100101 01101100 01101100  hell\n00000004: 01101111 00100000 01110111 01101111  o wo\n", 0),
    case("xxd", &["xxd", "-d", "-l", "20", "words.txt"], None, "00000000: 6865 6c6c 6f20 776f 726c 640a 666f 6f20  hello world.foo \n00000016: 6261 7220                                bar \n", 0),
    case("xxd", &["xxd", "-i", "words.txt"], None, "unsigned char words_txt[] = {\n  0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64, 0x0a,\n  0x66, 0x6f, 0x6f, 0x20, 0x62, 0x61, 0x72, 0x20, 0x62, 0x61, 0x7a, 0x0a,\n  0x6c, 0x61, 0x73, 0x74, 0x20, 0x6c, 0x69, 0x6e, 0x65, 0x0a\n};\nunsigned int words_txt_len = 34;\n", 0),
    case("xxd", &["xxd", "-i", "-n", "blob", "-c", "4", "nonl.txt"], None, "unsigned char blob[] = {\n  0x6e, 0x6f, 0x20, 0x6e,\n  0x65, 0x77, 0x6c, 0x69,\n  0x6e, 0x65\n};\nunsigned int blob_len = 10;\n", 0),
    case("xxd", &["xxd", "-i"], Some(b"hi\n"), "  0x68, 0x69, 0x0a\n", 0),
    case("xxd", &["xxd", "-i", "empty"], None, "unsigned char empty[] = {\n};\nunsigned int empty_len = 0;\n", 0),
    case("xxd", &["xxd"], Some(b""), "", 0),
    case("xxd", &["sh", "-c", "xxd bin.dat | xxd -r | cmp - bin.dat && echo same"], None, "same\n", 0),
    case("xxd", &["sh", "-c", "xxd -p bin.dat | xxd -r -p | cmp - bin.dat && echo same"], None, "same\n", 0),
    case("xxd", &["sh", "-c", "printf '4865 6c\\n6c6f0a\\n' | xxd -r -p"], None, "Hello\n", 0),
    case("xxd", &["sh", "-c", "printf '00000004: 4142  AB\\n' | xxd -r | xxd -p"], None, "000000004142\n", 0),
    case("xxd", &["xxd", "nosuch"], None, "", 2),
    case("xxd", &["xxd", "-z"], None, "", 1),
    case("hexdump", &["hexdump", "words.txt"], None, "0000000 6568 6c6c 206f 6f77 6c72 0a64 6f66 206f\n0000010 6162 2072 6162 0a7a 616c 7473 6c20 6e69\n0000020 0a65                                   \n0000022\n", 0),
    case("hexdump", &["hexdump", "-C", "words.txt"], None, "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 66 6f 6f 20  |hello world.foo |\n00000010  62 61 72 20 62 61 7a 0a  6c 61 73 74 20 6c 69 6e  |bar baz.last lin|\n00000020  65 0a                                             |e.|\n00000022\n", 0),
    case("hexdump", &["hexdump", "-C", "bin.dat"], None, "00000000  00 01 68 65 6c 6c 6f 20  77 6f 72 6c 64 02 03 61  |..hello world..a|\n00000010  62 63 00 6c 6f 6e 67 65  72 20 73 74 72 69 6e 67  |bc.longer string|\n00000020  20 68 65 72 65 ff fe 00  01 02 03 04 05 06 07 08  | here...........|\n00000030  09 0a 0b 0c 0d 0e 0f 10  11 12 13 14 15 16 17 18  |................|\n00000040  19 1a 1b 1c 1d 1e 1f 20  21 22 23 24 25 26 27 28  |....... !\"#$%&'(|\n00000050  29 2a 2b 2c 2d 2e 2f 30  31 32 33 34 35 36 37 38  |)*+,-./012345678|\n00000060  39 3a 3b 3c 3d 3e 3f 40  41 42 43 44 45 46 47 48  |9:;<=>?@ABCDEFGH|\n00000070  49 4a 4b 4c 4d 4e 4f 50  51 52 53 54 55 56 57 58  |IJKLMNOPQRSTUVWX|\n00000080  59 5a 5b 5c 5d 5e 5f 60  61 62 63 64 65 66 67 68  |YZ[\\]^_`abcdefgh|\n00000090  69 6a 6b 6c 6d 6e 6f 70  71 72 73 74 75 76 77 78  |ijklmnopqrstuvwx|\n000000a0  79 7a 7b 7c 7d 7e 7f 80  81 82 83 84 85 86 87 88  |yz{|}~..........|\n000000b0  89 8a 8b 8c 8d 8e 8f 90  91 92 93 94 95 96 97 98  |................|\n000000c0  99 9a 9b 9c 9d 9e 9f a0  a1 a2 a3 a4 a5 a6 a7 a8  |................|\n000000d0  a9 aa ab ac ad ae af b0  b1 b2 b3 b4 b5 b6 b7 b8  |................|\n000000e0  b9 ba bb bc bd be bf c0  c1 c2 c3 c4 c5 c6 c7 c8  |................|\n000000f0  c9 ca cb cc cd ce cf d0  d1 d2 d3 d4 d5 d6 d7 d8  |................|\n00000100  d9 da db dc dd de df e0  e1 e2 e3 e4 e5 e6 e7 e8  |................|\n00000110  e9 ea eb ec ed ee ef f0  f1 f2 f3 f4 f5 f6 f7 f8  |................|\n00000120  f9 fa fb fc fd fe ff 00  00 00 00 00 00 00 00 00  |................|\n00000130  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000160  00 00 00 00 00 00 00 74  61 69 6c 20 74 65 78 74  |.......tail text|\n00000170  0a                                                |.|\n00000171\n", 0),
    case("hexdump", &["hexdump", "bin.dat"], None, "0000000 0100 6568 6c6c 206f 6f77 6c72 0264 6103\n0000010 6362 6c00 6e6f 6567 2072 7473 6972 676e\n0000020 6820 7265 ff65 00fe 0201 0403 0605 0807\n0000030 0a09 0c0b 0e0d 100f 1211 1413 1615 1817\n0000040 1a19 1c1b 1e1d 201f 2221 2423 2625 2827\n0000050 2a29 2c2b 2e2d 302f 3231 3433 3635 3837\n0000060 3a39 3c3b 3e3d 403f 4241 4443 4645 4847\n0000070 4a49 4c4b 4e4d 504f 5251 5453 5655 5857\n0000080 5a59 5c5b 5e5d 605f 6261 6463 6665 6867\n0000090 6a69 6c6b 6e6d 706f 7271 7473 7675 7877\n00000a0 7a79 7c7b 7e7d 807f 8281 8483 8685 8887\n00000b0 8a89 8c8b 8e8d 908f 9291 9493 9695 9897\n00000c0 9a99 9c9b 9e9d a09f a2a1 a4a3 a6a5 a8a7\n00000d0 aaa9 acab aead b0af b2b1 b4b3 b6b5 b8b7\n00000e0 bab9 bcbb bebd c0bf c2c1 c4c3 c6c5 c8c7\n00000f0 cac9 cccb cecd d0cf d2d1 d4d3 d6d5 d8d7\n0000100 dad9 dcdb dedd e0df e2e1 e4e3 e6e5 e8e7\n0000110 eae9 eceb eeed f0ef f2f1 f4f3 f6f5 f8f7\n0000120 faf9 fcfb fefd 00ff 0000 0000 0000 0000\n0000130 0000 0000 0000 0000 0000 0000 0000 0000\n*\n0000160 0000 0000 0000 7400 6961 206c 6574 7478\n0000170 000a                                   \n0000171\n", 0),
    case("hexdump", &["hexdump", "-v", "-C", "-s", "300", "bin.dat"], None, "0000012c  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n0000013c  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n0000014c  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n0000015c  00 00 00 00 00 00 00 00  00 00 00 74 61 69 6c 20  |...........tail |\n0000016c  74 65 78 74 0a                                    |text.|\n00000171\n", 0),
    case("hexdump", &["hexdump", "-C", "-n", "5", "-s", "2", "words.txt"], None, "00000002  6c 6c 6f 20 77                                    |llo w|\n00000007\n", 0),
    case("hexdump", &["hexdump", "-b", "nonl.txt"], None, "0000000 156 157 040 156 145 167 154 151 156 145                        \n000000a\n", 0),
    case("hexdump", &["hexdump", "-c", "crlf.txt"], None, "0000000   o   n   e  \\r  \\n   t   w   o  \\r  \\n                        \n000000a\n", 0),
    case("hexdump", &["hexdump", "-d", "nonl.txt"], None, "0000000   28526   28192   30565   26988   25966                        \n000000a\n", 0),
    case("hexdump", &["hexdump", "-o", "nonl.txt"], None, "0000000  067556  067040  073545  064554  062556                        \n000000a\n", 0),
    case("hexdump", &["hexdump", "-x", "nonl.txt"], None, "0000000    6f6e    6e20    7765    696c    656e                        \n000000a\n", 0),
    case("hexdump", &["hexdump", "-C"], Some(b"abc"), "00000000  61 62 63                                          |abc|\n00000003\n", 0),
    case("hexdump", &["hexdump"], Some(b""), "", 0),
    case("hexdump", &["hexdump", "nosuch"], None, "", 1),
    case("hexdump", &["hexdump", "nosuch", "nonl.txt"], None, "0000000 6f6e 6e20 7765 696c 656e               \n000000a\n", 1),
    case("hexdump", &["hexdump", "-z"], None, "", 1),
    case("hexdump", &["hexdump", "-e", "16/1 \"%02x \" \"\n\"", "nonl.txt"], None, "6e 6f 20 6e 65 77 6c 69 6e 65                  \n", 0),
    case("hexdump", &["hexdump", "-v", "-e", "/1 \"%02x\"", "words.txt"], None, "68656c6c6f20776f726c640a666f6f206261722062617a0a6c617374206c696e650a", 0),
    case("hexdump", &["hexdump", "-n", "16", "-e", "4/4 \"%08X\" 1 \"\n\"", "bin.dat"], None, "65680100206F6C6C6C726F7761030264\n", 0),
    case("hexdump", &["hexdump", "-e", "\"%07.7_ax \" 8/1 \"%02x \" \"  |\" 8/1 \"%_p\" \"|\n\"", "words.txt"], None, "0000000 68 65 6c 6c 6f 20 77 6f  |rld.foo |\n0000010 62 61 72 20 62 61 7a 0a  |last lin|\n0000020 65 0a                    ||\n", 0),
    case("hexdump", &["hexdump", "-e", "\"%_Ax\n\"", "-e", "\"%_ad: \" 2/1 \"%3d\" \"\n\"", "nonl.txt"], None, "0: 110111\n2:  32110\n4: 101119\n6: 108105\n8: 110101\na\n", 0),
    case("hexdump", &["hexdump", "-e", "1/1 \"%_c\" \",\"", "crlf.txt"], None, "o,n,e,\\r,\\n,t,w,o,\\r,\\n,", 0),
    case("hexdump", &["hexdump", "-e", "16/1 \"%02x\" \"\n\"", "bin.dat"], None, "000168656c6c6f20776f726c64020361\n6263006c6f6e67657220737472696e67\n2068657265fffe000102030405060708\n090a0b0c0d0e0f101112131415161718\n191a1b1c1d1e1f202122232425262728\n292a2b2c2d2e2f303132333435363738\n393a3b3c3d3e3f404142434445464748\n494a4b4c4d4e4f505152535455565758\n595a5b5c5d5e5f606162636465666768\n696a6b6c6d6e6f707172737475767778\n797a7b7c7d7e7f808182838485868788\n898a8b8c8d8e8f909192939495969798\n999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8\na9aaabacadaeafb0b1b2b3b4b5b6b7b8\nb9babbbcbdbebfc0c1c2c3c4c5c6c7c8\nc9cacbcccdcecfd0d1d2d3d4d5d6d7d8\nd9dadbdcdddedfe0e1e2e3e4e5e6e7e8\ne9eaebecedeeeff0f1f2f3f4f5f6f7f8\nf9fafbfcfdfeff000000000000000000\n00000000000000000000000000000000\n*\n000000000000007461696c2074657874\n0a                              \n", 0),
    case("hexdump", &["hexdump", "-e", "4/1 \"%_u \" \"\n\"", "-n", "40", "bin.dat"], None, "nul soh h e\nl l o  \nw o r l\nd stx etx a\nb c nul l\no n g e\nr   s t\nr i n g\n  h e r\ne ff fe nul\n", 0),
    case("hexdump", &["hexdump", "-e", "\"%s\n\"", "words.txt"], None, "", 1),
    case("hexdump", &["hexdump", "-C", "-s", "100", "words.txt"], None, "00000022\n", 0),
    case("hexdump", &["hexdump", "-n", "0", "-s", "2", "words.txt"], None, "", 0),
];

const STRINGS_CASES: &[Case] = &[
    case("strings", &["strings", "bin.dat"], None, "hello world\nlonger string here\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\ntail text\n", 0),
    case("strings", &["strings", "-n", "3", "bin.dat"], None, "hello world\nabc\nlonger string here\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\ntail text\n", 0),
    case("strings", &["strings", "-5", "bin.dat"], None, "hello world\nlonger string here\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\ntail text\n", 0),
    case("strings", &["strings", "-t", "d", "bin.dat"], None, "      2 hello world\n     19 longer string here\n     71  !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\n    359 tail text\n", 0),
    case("strings", &["strings", "-t", "x", "bin.dat"], None, "      2 hello world\n     13 longer string here\n     47  !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\n    167 tail text\n", 0),
    case("strings", &["strings", "-t", "o", "-n", "10", "bin.dat"], None, "      2 hello world\n     23 longer string here\n    107  !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\n", 0),
    case("strings", &["strings", "-f", "bin.dat", "words.txt"], None, "bin.dat: hello world\nbin.dat: longer string here\nbin.dat:  !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\nbin.dat: tail text\nwords.txt: hello world\nwords.txt: foo bar baz\nwords.txt: last line\n", 0),
    case("strings", &["strings"], Some(b"\x00\x00abcd\x01efghij\x02xy"), "abcd\nefghij\n", 0),
    case("strings", &["strings", "nosuch"], None, "", 1),
    case("strings", &["strings", "-n", "0", "bin.dat"], None, "", 1),
    case("strings", &["strings", "-z"], None, "", 1),
];

const PAGER_CASES: &[Case] = &[
    case("less", &["less", "words.txt"], None, "hello world\nfoo bar baz\nlast line\n", 0),
    case("less", &["less", "-R", "-N", "words.txt", "nonl.txt"], None, "hello world\nfoo bar baz\nlast line\nno newline", 0),
    case("less", &["less"], Some(b"piped\ninto less\n"), "piped\ninto less\n", 0),
    case("less", &["less", "-F", "-X", "-"], Some(b"dash\n"), "dash\n", 0),
    case("less", &["less", "nosuch"], None, "nosuch: No such file or directory\n", 0),
    case("more", &["more", "words.txt"], None, "::::::::::::::\nwords.txt\n::::::::::::::\nhello world\nfoo bar baz\nlast line\n", 0),
    case("more", &["more", "words.txt", "nonl.txt"], None, "::::::::::::::\nwords.txt\n::::::::::::::\nhello world\nfoo bar baz\nlast line\n::::::::::::::\nnonl.txt\n::::::::::::::\nno newline", 0),
    case("more", &["more"], Some(b"piped\ninto more\n"), "piped\ninto more\n", 0),
    case("more", &["more", "nosuch", "words.txt"], None, "::::::::::::::\nwords.txt\n::::::::::::::\nhello world\nfoo bar baz\nlast line\n", 0),
    case("more", &["more", "-z"], None, "", 1),
];

const FILE_CASES: &[Case] = &[
    case("file", &["file", "words.txt", "utf8.txt", "nonl.txt", "crlf.txt", "empty", "script.sh", "script.py", "tool.js", "data.json", "notjson.txt", "image.png", "photo.jpg", "scan.jpg", "image.gif", "doc.pdf", "x.txt.gz", "mod.wasm", "page.html", "proj", "bin.dat", "nosuch"], None, "words.txt:   ASCII text\nutf8.txt:    Unicode text, UTF-8 text\nnonl.txt:    ASCII text, with no line terminators\ncrlf.txt:    ASCII text, with CRLF line terminators\nempty:       empty\nscript.sh:   POSIX shell script, ASCII text executable\nscript.py:   Python script, ASCII text executable\ntool.js:     Node.js script executable, ASCII text\ndata.json:   JSON text data\nnotjson.txt: ASCII text\nimage.png:   PNG image data, 3 x 2, 8-bit/color RGBA, non-interlaced\nphoto.jpg:   JPEG image data, JFIF standard 1.01, aspect ratio, density 1x1, segment length 16, baseline, precision 8, 3x2, components 3\nscan.jpg:    JPEG image data, JFIF standard 1.02, resolution (DPI), density 72x72, segment length 16, progressive, precision 8, 640x480, components 1\nimage.gif:   GIF image data, version 89a, 3 x 2\ndoc.pdf:     PDF document, version 1.4\nx.txt.gz:    gzip compressed data, was \"x.txt\", last modified: Tue Jan  2 03:04:05 2024, from Unix, original size modulo 2^32 2\nmod.wasm:    WebAssembly (wasm) binary module version 0x1 (MVP)\npage.html:   HTML document, ASCII text\nproj:        directory\nbin.dat:     data\nnosuch:      cannot open `nosuch' (No such file or directory)\n", 0),
    case("file", &["file", "-b", "words.txt", "data.json"], None, "ASCII text\nJSON text data\n", 0),
    case("file", &["file", "-N", "words.txt", "proj"], None, "words.txt: ASCII text\nproj: directory\n", 0),
    case("file", &["file", "--mime-type", "words.txt", "data.json", "script.sh", "bin.dat"], None, "words.txt: text/plain\ndata.json: application/json\nscript.sh: text/x-shellscript\nbin.dat:   application/octet-stream\n", 0),
    case("file", &["file", "-i", "words.txt", "image.png"], None, "words.txt: text/plain; charset=us-ascii\nimage.png: image/png; charset=binary\n", 0),
    case("file", &["file", "-"], Some(b"#!/bin/bash\necho\n"), "/dev/stdin: Bourne-Again shell script, ASCII text executable\n", 0),
    case("file", &["sh", "-c", "ln -s words.txt lnk && ln -s nowhere dangling && file lnk dangling && file -L lnk"], None, "lnk:      symbolic link to words.txt\ndangling: broken symbolic link to nowhere\nlnk: ASCII text\n", 0),
    case("file", &["file"], None, "", 1),
    case("file", &["file", "-y"], None, "", 1),
];

const PATCH_CASES: &[Case] = &[
    case("patch", &["sh", "-c", "mkdir w1 && cp f.txt p_simple.diff w1/ && cd w1 && { patch < p_simple.diff; }; echo status $?; for f in f.txt; do echo \"== $f\"; cat $f; done"], None, "patching file f.txt\nstatus 0\n== f.txt\na\nB\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w2 && cp f.txt p_simple.diff w2/ && cd w2 && { patch -p0 -i p_simple.diff && patch -R -i p_simple.diff; }; echo status $?; for f in f.txt; do echo \"== $f\"; cat $f; done"], None, "patching file f.txt\npatching file f.txt\nstatus 0\n== f.txt\na\nb\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w3 && cp f.txt p_simple.diff w3/ && cd w3 && { patch --dry-run < p_simple.diff; }; echo status $?; for f in f.txt; do echo \"== $f\"; cat $f; done"], None, "checking file f.txt\nstatus 0\n== f.txt\na\nb\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w4 && cp f.txt p_simple.diff w4/ && cd w4 && { patch -o out.txt < p_simple.diff; }; echo status $?; for f in f.txt out.txt; do echo \"== $f\"; cat $f; done"], None, "patching file out.txt (read from f.txt)\nstatus 0\n== f.txt\na\nb\nc\nd\ne\n== out.txt\na\nB\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w5 && cp f.txt p_simple.diff w5/ && cd w5 && { patch < p_simple.diff; patch < p_simple.diff; }; echo status $?; for f in f.txt f.txt.rej; do echo \"== $f\"; cat $f; done"], None, "patching file f.txt\npatching file f.txt\nReversed (or previously applied) patch detected!  Assume -R? [n] \nApply anyway? [n] \nSkipping patch.\n1 out of 1 hunk ignored -- saving rejects to file f.txt.rej\nstatus 1\n== f.txt\na\nB\nc\nd\ne\n== f.txt.rej\n--- f.txt\n+++ f.txt\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n", 0),
    case("patch", &["sh", "-c", "mkdir w6 && cp f.txt p_simple.diff w6/ && cd w6 && { patch < p_simple.diff; patch -N < p_simple.diff; }; echo status $?; for f in f.txt f.txt.rej; do echo \"== $f\"; cat $f; done"], None, "patching file f.txt\npatching file f.txt\nReversed (or previously applied) patch detected!  Skipping patch.\n1 out of 1 hunk ignored -- saving rejects to file f.txt.rej\nstatus 1\n== f.txt\na\nB\nc\nd\ne\n== f.txt.rej\n--- f.txt\n+++ f.txt\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n", 0),
    case("patch", &["sh", "-c", "mkdir w7 && cp f.txt p_simple.diff w7/ && cd w7 && { patch < p_simple.diff; patch -t < p_simple.diff; }; echo status $?; for f in f.txt f.txt.orig; do echo \"== $f\"; cat $f; done"], None, "patching file f.txt\npatching file f.txt\nReversed (or previously applied) patch detected!  Assuming -R.\nstatus 0\n== f.txt\na\nb\nc\nd\ne\n== f.txt.orig\na\nB\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w8 && cp f.txt p_simple.diff w8/ && cd w8 && { patch -R < p_simple.diff; }; echo status $?; for f in f.txt f.txt.rej; do echo \"== $f\"; cat $f; done"], None, "patching file f.txt\nUnreversed patch detected!  Ignore -R? [n] \nApply anyway? [n] \nSkipping patch.\n1 out of 1 hunk ignored -- saving rejects to file f.txt.rej\nstatus 1\n== f.txt\na\nb\nc\nd\ne\n== f.txt.rej\n--- f.txt\n+++ f.txt\n@@ -1,5 +1,5 @@\n a\n-B\n+b\n c\n d\n e\n", 0),
    case("patch", &["sh", "-c", "mkdir w9 && cp m.txt gone.txt p_git.diff w9/ && cd w9 && { patch -p1 < p_git.diff; }; echo status $?; for f in m.txt newdir/new.txt; do echo \"== $f\"; cat $f; done; ls"], None, "patching file m.txt\npatching file newdir/new.txt\npatching file gone.txt\nstatus 0\n== m.txt\none\ntwo\ntwo and a half\nthree\n== newdir/new.txt\nhello\nworld\nm.txt\nnewdir\np_git.diff\n", 0),
    case("patch", &["sh", "-c", "mkdir w10 && cp m.txt gone.txt p_git.diff w10/ && cd w10 && { patch -p1 < p_git.diff && patch -p1 -R < p_git.diff; }; echo status $?; for f in m.txt gone.txt; do echo \"== $f\"; cat $f; done; ls"], None, "patching file m.txt\npatching file newdir/new.txt\npatching file gone.txt\npatching file m.txt\npatching file newdir/new.txt\npatching file gone.txt\nstatus 0\n== m.txt\none\ntwo\nthree\n== gone.txt\nx\ny\ngone.txt\nm.txt\np_git.diff\n", 0),
    case("patch", &["sh", "-c", "mkdir w11 && cp m.txt gone.txt p_git.diff w11/ && cd w11 && { patch -p1 --dry-run < p_git.diff; }; echo status $?; for f in m.txt; do echo \"== $f\"; cat $f; done; ls"], None, "checking file m.txt\nchecking file newdir/new.txt\nchecking file gone.txt\nstatus 0\n== m.txt\none\ntwo\nthree\ngone.txt\nm.txt\np_git.diff\n", 0),
    case("patch", &["sh", "-c", "mkdir w12 && cp m.txt gone.txt p_git.diff w12/ && cd w12 && { patch < p_git.diff; }; echo status $?; for f in m.txt; do echo \"== $f\"; cat $f; done; ls"], None, "patching file m.txt\npatching file new.txt\npatching file gone.txt\nstatus 0\n== m.txt\none\ntwo\ntwo and a half\nthree\nm.txt\nnew.txt\np_git.diff\n", 0),
    case("patch", &["sh", "-c", "mkdir w13 && cp n.txt p_offset.diff w13/ && cd w13 && { sed 1,3d n.txt > t && mv t n.txt && patch < p_offset.diff; }; echo status $?; for f in n.txt n.txt.orig; do echo \"== $f\"; cat $f; done"], None, "patching file n.txt\nHunk #2 succeeded at 17 with fuzz 1.\nstatus 0\n== n.txt\n4\n5\nsix\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21\n21.5\n22\n23\n24\n25\n26\n27\n28\n29\n30\n== n.txt.orig\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n", 0),
    case("patch", &["sh", "-c", "mkdir w14 && cp n.txt p_fail.diff w14/ && cd w14 && { patch < p_fail.diff; }; echo status $?; for f in n.txt n.txt.rej; do echo \"== $f\"; cat $f; done"], None, "patching file n.txt\nHunk #2 FAILED at 10.\n1 out of 3 hunks FAILED -- saving rejects to file n.txt.rej\nstatus 1\n== n.txt\n1\ntwo\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\ntwentyone\n22\n23\n24\n25\n26\n27\n28\n29\n30\n== n.txt.rej\n--- n.txt\n+++ n.txt\n@@ -10,3 +10,3 @@\n 10\n-XX\n+eleven\n 12\n", 0),
    case("patch", &["sh", "-c", "mkdir w15 && cp n.txt p_fail.diff w15/ && cd w15 && { seq 0 30 > n.txt && patch -s < p_fail.diff; }; echo status $?; for f in n.txt.rej; do echo \"== $f\"; cat $f; done"], None, "1 out of 3 hunks FAILED -- saving rejects to file n.txt.rej\nstatus 1\n== n.txt.rej\n--- n.txt\n+++ n.txt\n@@ -10,3 +10,3 @@\n 10\n-XX\n+eleven\n 12\n", 0),
    case("patch", &["sh", "-c", "mkdir w16 && cp nonl.txt p_nonl.diff w16/ && cd w16 && { patch < p_nonl.diff && patch -R < p_nonl.diff && od -c nonl.txt; }; echo status $?; for f in nonl.txt; do echo \"== $f\"; cat $f; done"], None, "patching file nonl.txt\npatching file nonl.txt\n0000000   n   o       n   e   w   l   i   n   e\n0000012\nstatus 0\n== nonl.txt\nno newline", 0),
    case("patch", &["sh", "-c", "mkdir w17 && cp f.txt p_simple.diff w17/ && cd w17 && { sed 's/^ c$/ C/' p_simple.diff | patch; }; echo status $?; for f in f.txt; do echo \"== $f\"; cat $f; done"], None, "patching file f.txt\nHunk #1 FAILED at 1.\n1 out of 1 hunk FAILED -- saving rejects to file f.txt.rej\nstatus 1\n== f.txt\na\nb\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w18 && cp f.txt w18/ && cd w18 && { patch -i nosuch; }; echo status $?; for f in f.txt; do echo \"== $f\"; cat $f; done"], None, "status 2\n== f.txt\na\nb\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w19 && cp f.txt w19/ && cd w19 && { echo garbage | patch; }; echo status $?; for f in f.txt; do echo \"== $f\"; cat $f; done"], None, "status 2\n== f.txt\na\nb\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w20 && cp f.txt w20/ && cd w20 && { patch -z; }; echo status $?; for f in f.txt; do echo \"== $f\"; cat $f; done"], None, "status 2\n== f.txt\na\nb\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w22 && cp f.txt p_dn.diff w22/ && cd w22 && { patch -p1 < p_dn.diff; patch -p1 -N < p_dn.diff; }; echo status $?; for f in f.txt src/new.txt f.txt.rej; do echo \"== $f\"; cat $f; done"], None, "patching file src/new.txt\npatching file f.txt\nThe next patch would create the file src/new.txt,\nwhich already exists!  Skipping patch.\n1 out of 1 hunk ignored\npatching file f.txt\nReversed (or previously applied) patch detected!  Skipping patch.\n1 out of 1 hunk ignored -- saving rejects to file f.txt.rej\nstatus 1\n== f.txt\na\nb\nC\nd\ne\n== src/new.txt\nhello\n== f.txt.rej\n--- f.txt\t2024-01-02 03:04:05.000000000 +0000\n+++ f.txt\t2024-01-02 03:04:05.000000000 +0000\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n", 0),
    case("patch", &["sh", "-c", "mkdir w23 && cp f.txt p_crlf.diff w23/ && cd w23 && { patch < p_crlf.diff; }; echo status $?; for f in f.txt; do echo \"== $f\"; cat $f; done"], None, "(Stripping trailing CRs from patch; use --binary to disable.)\npatching file f.txt\nstatus 0\n== f.txt\na\nB\nc\nd\ne\n", 0),
    case("patch", &["sh", "-c", "mkdir w21 && cp f.txt p_simple.diff w21/ && cd w21 && { mkdir d && mv f.txt d/ && patch -d d < p_simple.diff; }; echo status $?; for f in d/f.txt; do echo \"== $f\"; cat $f; done"], None, "patching file f.txt\nstatus 0\n== d/f.txt\na\nB\nc\nd\ne\n", 0),
];

const TREE_CASES: &[Case] = &[
    case("tree", &["tree", "proj"], None, "proj\n├── Makefile\n├── README.md\n├── build\n│\u{a0}\u{a0} └── out.o\n├── docs\n│\u{a0}\u{a0} └── guide.md\n└── src\n    ├── include\n    │\u{a0}\u{a0} └── util.h\n    ├── main.c\n    └── util.c\n\n4 directories, 7 files\n", 0),
    case("tree", &["tree", "-a", "proj"], None, "proj\n├── .config\n├── .hidden\n│\u{a0}\u{a0} └── secret\n├── Makefile\n├── README.md\n├── build\n│\u{a0}\u{a0} └── out.o\n├── docs\n│\u{a0}\u{a0} └── guide.md\n└── src\n    ├── include\n    │\u{a0}\u{a0} └── util.h\n    ├── main.c\n    └── util.c\n\n5 directories, 9 files\n", 0),
    case("tree", &["tree", "-d", "proj"], None, "proj\n├── build\n├── docs\n└── src\n    └── include\n\n4 directories\n", 0),
    case("tree", &["tree", "-L", "1", "proj"], None, "proj\n├── Makefile\n├── README.md\n├── build\n├── docs\n└── src\n\n3 directories, 2 files\n", 0),
    case("tree", &["tree", "-I", "build|docs", "--noreport", "proj"], None, "proj\n├── Makefile\n├── README.md\n└── src\n    ├── include\n    │\u{a0}\u{a0} └── util.h\n    ├── main.c\n    └── util.c\n", 0),
    case("tree", &["tree", "-P", "*.c", "proj/src"], None, "proj/src\n├── include\n├── main.c\n└── util.c\n\n1 directory, 2 files\n", 0),
    case("tree", &["tree", "-f", "-F", "proj/src"], None, "proj/src\n├── proj/src/include/\n│\u{a0}\u{a0} └── proj/src/include/util.h\n├── proj/src/main.c\n└── proj/src/util.c\n\n1 directory, 3 files\n", 0),
    case("tree", &["tree", "--charset=ascii", "--dirsfirst", "proj"], None, "proj\n|-- build\n|   `-- out.o\n|-- docs\n|   `-- guide.md\n|-- src\n|   |-- include\n|   |   `-- util.h\n|   |-- main.c\n|   `-- util.c\n|-- Makefile\n`-- README.md\n\n4 directories, 7 files\n", 0),
    case("tree", &["sh", "-c", "cd proj/src && tree"], None, ".\n├── include\n│\u{a0}\u{a0} └── util.h\n├── main.c\n└── util.c\n\n1 directory, 3 files\n", 0),
    case("tree", &["sh", "-c", "mkdir -p t/a/b && touch t/a/b/f t/one && ln -s one t/lnk && tree t"], None, "t\n├── a\n│\u{a0}\u{a0} └── b\n│\u{a0}\u{a0}     └── f\n├── lnk -> one\n└── one\n\n2 directories, 3 files\n", 0),
    case("tree", &["tree", "nosuch"], None, "nosuch  [error opening dir]\n\n0 directories, 0 files\n", 2),
    case("tree", &["tree", "-L", "0", "proj"], None, "", 1),
    case("tree", &["tree", "-z"], None, "", 1),
];

/// GNU bc 1.07.1: arithmetic and result scales, wrapping at 70 columns, bases, the math
/// library at scales 20 and 50, functions, control flow, errors (reported on stderr, bc goes
/// on with the next line), files, `quit` and `halt`.
const BC_CASES: &[Case] = &[
    case("bc", &["bc"], Some(b"scale=2; 10/3\n"), "3.33\n", 0),
    case("bc", &["bc"], Some(b"1+2*3-4\n7/2\n-7/2\n(1+2)*3\n"), "3\n3\n-3\n9\n", 0),
    case("bc", &["bc"], Some(b"scale=3; 1/4; -1/4; 1/3*3\n.5 + 0; -.5 * 1; 0.000\n"), ".250\n-.250\n.999\n.5\n-.5\n0\n", 0),
    case("bc", &["bc"], Some(b"2^100\n2^300\n"), "1267650600228229401496703205376\n20370359763344860862684456884093781610514683936659362506361404493543\\\n81299763336706183397376\n", 0),
    case("bc", &["bc"], Some(b"123456789012345678901234567890 * 987654321098765432109876543210\n"), "121932631137021795226185032733622923332237463801111263526900\n", 0),
    case("bc", &["bc"], Some(b"-5 + 3; -5 * -3.5; 10 - 20\n"), "-2\n17.5\n-10\n", 0),
    case("bc", &["bc"], Some(b"5 % 3; -5 % 3; 5 % -3; 5.5 % 2\nscale=2; 5 % 3; 10.25 % 3.1\n"), "2\n-2\n2\n1.5\n.02\n.020\n", 0),
    case("bc", &["bc"], Some(b"2^-1; scale=5; 2^-3; 3^-2; 1.5^3\n(-2)^3; -2^2; 2^3^2\n"), "0\n.12500\n.11111\n3.375\n-8\n4\n512\n", 0),
    case("bc", &["bc"], Some(b"obase=16; 255; 4096; 3.75\nobase=2; 10; -5\nobase=20; 255; 255.5; 12345678\n"), "FF\n1000\n3.C0\n1010\n-101\n 12 15\n 12 15.10\n 03 17 03 04 03 18\n", 0),
    case("bc", &["bc"], Some(b"ibase=16; FF; 1A; A\nibase=2; 1010; 1111.1\n"), "255\n26\n10\n10\n15.5\n", 0),
    case("bc", &["bc"], Some(b"obase=16; ibase=16; FF * 2\n"), "1FE\n", 0),
    case("bc", &["bc"], Some(b"scale=10; sqrt(2); sqrt(16); sqrt(0.25)\nsqrt(99); length(123.45); scale(1.230)\n"), "1.4142135623\n4.0000000000\n.5000000000\n9.9498743710\n5\n3\n", 0),
    case("bc", &["bc", "-l"], Some(b"s(1); c(1); a(1); 4*a(1); l(2); e(1); e(-1); l(0.5); sqrt(2); j(0,1)\n"), ".84147098480789650665\n.54030230586813971740\n.78539816339744830961\n3.14159265358979323844\n.69314718055994530941\n2.71828182845904523536\n.36787944117144232159\n-.69314718055994530941\n1.41421356237309504880\n.76519768655796655144\n", 0),
    case("bc", &["bc", "-l"], Some(b"scale=50; s(1); c(1); a(1); 4*a(1); l(2); e(1); e(-1); l(0.5); sqrt(2); j(0,1)\n"), ".84147098480789650665250232163029899962256306079837\n.54030230586813971740093660744297660373231042061792\n.78539816339744830961566084581987572104929234984377\n3.14159265358979323846264338327950288419716939937508\n.69314718055994530941723212145817656807550013436025\n2.71828182845904523536028747135266249775724709369995\n.36787944117144232159552377016146086744581113103176\n-.69314718055994530941723212145817656807550013436025\n1.41421356237309504880168872420969807856967187537694\n.76519768655796655144971752610266322090927428975532\n", 0),
    case("bc", &["bc", "--mathlib"], Some(b"scale=5; e(10); l(1000); a(-0.5); s(-2)\n"), "22026.46579\n6.90775\n-.46364\n-.90929\n", 0),
    case("bc", &["bc"], Some(b"define f(n) {\n  if (n <= 1) return 1\n  return n * f(n - 1)\n}\nf(10); f(30)\n"), "3628800\n265252859812191058636308480000000\n", 0),
    case("bc", &["bc"], Some(b"define fib(n) { if (n < 2) return n; return fib(n-1) + fib(n-2) }\nfib(15)\n"), "610\n", 0),
    case("bc", &["bc"], Some(b"define sum(a[], n) { auto i, t; for (i = 0; i < n; i++) t += a[i]; return t }\nfor (i = 0; i < 10; i++) b[i] = i * i\nsum(b[], 10); b[3]\n"), "285\n9\n", 0),
    case("bc", &["bc"], Some(b"define g(x) { auto y; y = x * 2; return (y) }\ny = 5; g(21); y\n"), "42\n5\n", 0),
    case("bc", &["bc"], Some(b"i = 0; while (i < 3) { i; i += 1 }\nfor (i = 0; i < 3; i++) print i, \" \"; print \"\\n\"\nfor (;;) { if (++j > 4) break }; j\n"), "0\n1\n2\n0 1 2 \n5\n", 0),
    case("bc", &["bc"], Some(b"if (1 < 2) print \"yes\\n\" else print \"no\\n\"\nif (2 < 1) 1 else 2\n1 == 1; 1 != 1; !0; 1 && 0; 0 || 3\n"), "yes\n2\n1\n0\n1\n0\n1\n", 0),
    case("bc", &["bc"], Some(b"\"hello, \"\nprint \"world\\n\", 1/2, \"\\t\\q\\\\\\n\"\n"), "hello, world\n0\t\"\\\n", 0),
    case("bc", &["bc"], Some(b"x = 5; x; x++; x; ++x; x--; --x\n(y = 3)\n"), "5\n5\n6\n7\n7\n5\n3\n", 0),
    case("bc", &["bc"], Some(b"7 * 6\nlast + 1\n. * 2\n"), "42\n43\n86\n", 0),
    case("bc", &["bc"], Some(b"1/0\n5\n1 % 0; 6\n7\n"), "5\n7\n", 0),
    case("bc", &["bc"], Some(b"1 +\n2\n3 3\n4\nx = (1\n)\nx\n"), "2\n4\n0\n", 0),
    case("bc", &["bc"], Some(b"5\nquit\n6\n"), "5\n", 0),
    case("bc", &["bc"], Some(b"5; halt; 6\n7\n"), "5\n", 0),
    case("bc", &["bc"], Some(b"1+2"), "", 0),
    case("bc", &["sh", "-c", "printf 'define sq(x) { return x * x }\\nsq(12)\\n' > sq.bc && echo 'sq(3)' | bc sq.bc"], None, "144\n9\n", 0),
    case("bc", &["sh", "-c", "printf '1\\nquit\\n' > q.bc && echo 2 | bc q.bc"], None, "1\n", 0),
    case("bc", &["bc", "nosuch.bc"], None, "", 1),
    case("bc", &["sh", "-c", "echo '2^100' | BC_LINE_LENGTH=20 bc; echo '2^300' | BC_LINE_LENGTH=0 bc"], None, "126765060022822940\\\n1496703205376\n2037035976334486086268445688409378161051468393665936250636140449354381299763336706183397376\n", 0),
    case("bc", &["bash", "-c", "bc <<< '2^64'; echo 'obase=16; 255' | bc -q"], None, "18446744073709551616\nFF\n", 0),
];
