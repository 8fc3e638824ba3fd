//! The archive tools and jq of every VM (`guests/userland/archive`: tar, gzip, gunzip, zcat;
//! `guests/userland/jq`): real invocations with exact outputs and exit statuses, on every
//! backend. Expected texts were taken from GNU tar 1.34, GNU gzip 1.12 and jq 1.6 with
//! `LC_ALL=C TZ=UTC`; the fixture archives below were made by GNU tar and gzip, and
//! [`interoperates_with_host_gnu_tar_and_gzip`] also runs the host's GNU tar and gzip (when
//! installed) on archives the VM made, and the other way round, through a mounted directory.

#[macro_use]
mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use burrow::{BackendKind, MountSpec, Output, Runtime, Stdio, Vm};
use common::text;

/// The fixture files, installed under `/data` in the base image.
const FILES: &[(&str, &[u8])] = &[
    ("hello.txt", b"hello world\n"),
    ("tree/top.txt", b"top\n"),
    ("tree/sub/b.txt", b"bee\n"),
    ("tree/sub/deeper/c.txt", b"sea\n"),
    ("tree/sub/skip.log", b"log\n"),
    ("people.json", b"[{\"name\":\"ann\",\"age\":31,\"team\":\"x\"},{\"name\":\"bob\",\"age\":25,\"team\":\"y\"},{\"name\":\"cy\",\"age\":40,\"team\":\"x\"}]\n"),
    ("config.json", b"{\"server\":{\"host\":\"localhost\",\"ports\":[80,443]},\"debug\":false,\"name\":\"burrow\",\"ratio\":0.25,\"tags\":[],\"meta\":{}}\n"),
];

/// `printf 'hello world\n' | gzip -9n` (GNU gzip 1.12).
const HELLO_GZ: &str = "1f8b0800000000000203cb48cdc9c95728cf2fca49e102002d3b08af0c000000";

/// GNU tar 1.34 (`--sort=name --owner=alice:1001 --group=staff:50 --mtime='2024-05-06 07:08:09'`,
/// then `gzip -9n`) of `d/`: `a.txt` (0644, "alpha\n"), `ln -> a.txt`, `sub/` with a file whose
/// name makes the path 117 bytes long (a GNU long-name entry), `x.sh` (0755).
const GNU_TGZ: &[&str] = &[
    "1f8b0800000000000203edd84b6ec2301405d0376615ae98c79ff833ed02b209430047b5928a0489e5d7c0082a0531b0ab92",
    "7b265614cf6e7cfd949653762271c65c56e98cbc3e0bab6eeb0d496da595695f9dde4ba16a4bcc5001a771f247c6c8c76ebb",
    "9bd997b6edf7f4765aeeabe93c65cfdf6a3d93bf7dc85f2a591313c83f3b1fbf835f112c54cb635fa4ff9d7ba1ffa5318298",
    "ca5f4de87f3e9e36bc40fe2fddff690070b8ff4ba878c53f9ba13f345dff95fffebf66fdb00a69cdddb790f2b7c2106b4ae6",
    "7f1c86d9aa79f6fe5f9fff58146edd65e5ff7cfe37f7fd5f6beb34e6ff1262aa7e8cff4b3effe76a0c7f3cff29f56bfebbfc",
    "ffc1f9cf6ffdc1375dcfc7b0da6dc3c0428732000000000000000000781b3fa2dc2ab000280000",
];

/// A hostile archive (Python's tarfile, GNU format, gzipped): `../up.txt`, `a/../../up2.txt`,
/// `/abs.txt`, `ok/x.txt`, a symlink `lnk -> /etc` and then `lnk/passwd`.
const EVIL_TGZ: &[&str] = &[
    "1f8b0800000000000203edd54b0e82301440d12ea52be84fa0eb29ca48a3c496c8f205478689d1a4d5d87b4242c3f4715f95",
    "d2d3a8d29c443e66d135cde3bdd8be17eee9bc7ef7ceb7421a51c01453b84a292a3558818a05add4fa4ca3cbb605deeedf1a",
    "631dfd17e9dfd140cd74e863e6ebffa3fbbfa3ff32fbbfa7819a5d8e7afec1fe77b6a3ff32f3a7819a9dcef97f80d7fd6fcf",
    "deb65e48a787b4a7ffdcf3d76388f176f8e6fced76fede34ecff12665620000000000000f0b7eecdebc33400280000",
];

fn unhex(parts: &[&str]) -> Vec<u8> {
    let s: String = parts.concat();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

/// `bin.dat`: every byte value, three times, then a run of zeros (a binary file).
fn bin_dat() -> Vec<u8> {
    let mut v: Vec<u8> = (0..3).flat_map(|_| 0..=255u8).collect();
    v.extend(std::iter::repeat_n(0u8, 3000));
    v
}

/// A runtime with the userland (`$BURROW_USERLAND_DIR` or `target/guests`) and the fixture under
/// `/data`.
fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        let mut b = Runtime::builder()
            .cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache")));
        for (name, content) in FILES {
            b = b.file(format!("/data/{name}"), content.to_vec(), 0o644);
        }
        b = b.file("/data/tree/bin.dat", bin_dat(), 0o644);
        b = b.file("/data/modes/run.sh", b"#!/bin/sh\necho run\n".to_vec(), 0o750);
        b = b.file("/data/modes/secret.txt", b"s\n".to_vec(), 0o400);
        b = b.file("/data/modes/shared.txt", b"x\n".to_vec(), 0o664);
        b = b.file("/data/hello.gz", unhex(&[HELLO_GZ]), 0o644);
        b = b.file("/data/gnu.tgz", unhex(GNU_TGZ), 0o644);
        b = b.file("/data/evil.tgz", unhex(EVIL_TGZ), 0o644);
        let rt = b.build().expect("runtime");
        let vm = Vm::builder().runtime(&rt).build().expect("vm");
        assert!(
            vm.run(&["/bin/archive", "tar", "--version"]).is_ok_and(|o| o.code() == 0),
            "no /bin/archive: build the userland with `cargo xtask guests` (or set BURROW_USERLAND_DIR)"
        );
        rt
    })
    .clone()
}

#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    fn vm(self) -> Vm {
        Vm::builder().runtime(&runtime()).backend(self.0).cwd("/data").build().expect("vm")
    }

    fn vm_with_mount(self, host: &std::path::Path) -> Vm {
        let spec: MountSpec = format!("{}:/m", host.display()).parse().expect("mount spec");
        Vm::builder().runtime(&runtime()).backend(self.0).cwd("/data").mount(spec).build().expect("vm")
    }
}

every_backend!(
    gzip_compresses_files_and_streams_like_gnu,
    gzip_errors_and_warnings_like_gnu,
    tar_round_trip_keeps_bytes_links_and_times,
    tar_keeps_modes,
    tar_reads_gnu_archives,
    tar_option_forms_and_selection,
    tar_strips_dangerous_member_names,
    tar_errors_like_gnu,
    interoperates_with_host_gnu_tar_and_gzip,
    jq_outputs_like_jq,
    jq_options_and_exit_codes,
);

/// Runs `argv` in `vm` (cwd `/data`) with `stdin`.
fn run(vm: &Vm, argv: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = vm.command(argv[0]).args(argv[1..].iter().copied()).cwd("/data");
    if let Some(input) = stdin {
        cmd = cmd.stdin(Stdio::Bytes(input.to_vec()));
    }
    cmd.output().unwrap_or_else(|e| panic!("{argv:?}: {e}"))
}

/// Asserts stdout and exit status of `argv`.
fn expect(vm: &Vm, argv: &[&str], stdin: Option<&[u8]>, stdout: &str, status: i32) {
    let out = run(vm, argv, stdin);
    assert_eq!(
        (text(&out.stdout).as_str(), out.code()),
        (stdout, status),
        "{argv:?}\nstderr: {}",
        text(&out.stderr)
    );
}

/// Asserts stdout, stderr and exit status of `argv`.
fn expect_all(vm: &Vm, argv: &[&str], stdin: Option<&[u8]>, stdout: &str, stderr: &str, status: i32) {
    let out = run(vm, argv, stdin);
    assert_eq!((text(&out.stdout).as_str(), text(&out.stderr).as_str(), out.code()), (stdout, stderr, status), "{argv:?}");
}

/// Runs `argv`, which must succeed, and returns its stdout bytes.
fn ok(vm: &Vm, argv: &[&str], stdin: Option<&[u8]>) -> Vec<u8> {
    let out = run(vm, argv, stdin);
    assert_eq!(out.code(), 0, "{argv:?}\nstderr: {}", text(&out.stderr));
    out.stdout
}

fn gzip_compresses_files_and_streams_like_gnu(b: Backend) {
    let vm = b.vm();
    ok(&vm, &["cp", "hello.txt", "/tmp/h.txt"], None);
    ok(&vm, &["touch", "-d", "2021-02-03 04:05:06", "/tmp/h.txt"], None);
    // FILE -> FILE.gz, the original gone, the time kept.
    expect(&vm, &["gzip", "/tmp/h.txt"], None, "", 0);
    expect(&vm, &["ls", "/tmp"], None, "h.txt.gz\n", 0);
    expect(&vm, &["stat", "-c", "%Y", "/tmp/h.txt.gz"], None, "1612325106\n", 0);
    expect(&vm, &["zcat", "/tmp/h.txt.gz"], None, "hello world\n", 0);
    expect(&vm, &["gzip", "-dc", "/tmp/h.txt.gz"], None, "hello world\n", 0);
    // The header holds the name and time, like GNU's (bytes 4..8: mtime; 10..: the name).
    let gz = ok(&vm, &["cat", "/tmp/h.txt.gz"], None);
    assert_eq!(&gz[..4], &[0x1f, 0x8b, 8, 8]);
    assert_eq!(u32::from_le_bytes([gz[4], gz[5], gz[6], gz[7]]), 1612325106);
    assert_eq!(&gz[10..16], b"h.txt\0");
    expect(&vm, &["gunzip", "/tmp/h.txt.gz"], None, "", 0);
    expect(&vm, &["ls", "/tmp"], None, "h.txt\n", 0);
    expect(&vm, &["cat", "/tmp/h.txt"], None, "hello world\n", 0);
    expect(&vm, &["stat", "-c", "%Y", "/tmp/h.txt"], None, "1612325106\n", 0);
    // -k keeps the input; gunzip finds FILE.gz given FILE; -f overwrites.
    expect(&vm, &["gzip", "-k", "-9", "/tmp/h.txt"], None, "", 0);
    expect(&vm, &["ls", "/tmp"], None, "h.txt\nh.txt.gz\n", 0);
    ok(&vm, &["rm", "/tmp/h.txt"], None);
    expect(&vm, &["gzip", "-d", "/tmp/h.txt"], None, "", 0);
    expect(&vm, &["ls", "/tmp"], None, "h.txt\n", 0);
    expect(&vm, &["gzip", "-k", "/tmp/h.txt"], None, "", 0);
    expect(&vm, &["gzip", "-f", "/tmp/h.txt"], None, "", 0);
    expect(&vm, &["ls", "/tmp"], None, "h.txt.gz\n", 0);
    // A file made by GNU gzip.
    expect(&vm, &["zcat", "hello.gz"], None, "hello world\n", 0);
    expect(&vm, &["gzip", "-t", "hello.gz"], None, "", 0);
    // Streams: stdin -> stdout, binary data, concatenated members, levels.
    let bin = bin_dat();
    for level in ["-1", "-6", "-9"] {
        let z = ok(&vm, &["gzip", level], Some(&bin));
        assert_eq!(&z[..3], &[0x1f, 0x8b, 8], "gzip {level} writes a gzip stream");
        assert!(z.len() < bin.len() / 2, "gzip {level} compresses");
        assert_eq!(ok(&vm, &["gunzip"], Some(&z)), bin, "gunzip of gzip {level}");
        assert_eq!(ok(&vm, &["zcat", "-"], Some(&z)), bin, "zcat - of gzip {level}");
    }
    let mut two = ok(&vm, &["gzip", "-c"], Some(b"one\n"));
    two.extend(ok(&vm, &["gzip", "-c"], Some(b"two\n")));
    expect(&vm, &["zcat"], Some(&two), "one\ntwo\n", 0);
    // The multicall module answers to its own name too.
    expect(&vm, &["archive", "zcat", "hello.gz"], None, "hello world\n", 0);
}

fn gzip_errors_and_warnings_like_gnu(b: Backend) {
    let vm = b.vm();
    expect_all(&vm, &["gzip", "nofile"], None, "", "gzip: nofile: No such file or directory\n", 1);
    expect_all(&vm, &["zcat", "nofile"], None, "", "gzip: nofile.gz: No such file or directory\n", 1);
    expect_all(&vm, &["gunzip", "hello.txt"], None, "", "gzip: hello.txt: unknown suffix -- ignored\n", 2);
    expect_all(&vm, &["zcat", "hello.txt"], None, "", "gzip: hello.txt: not in gzip format\n", 1);
    expect_all(&vm, &["gzip", "tree"], None, "", "gzip: tree is a directory -- ignored\n", 2);
    expect_all(&vm, &["gzip", "hello.gz"], None, "", "gzip: hello.gz already has .gz suffix -- unchanged\n", 0);
    expect_all(&vm, &["gzip", "-d"], Some(b""), "", "\ngzip: stdin: unexpected end of file\n", 1);
    expect_all(&vm, &["gzip", "-x"], None, "", "gzip: invalid option -- 'x'\nTry `gzip --help' for more information.\n", 1);
    ok(&vm, &["cp", "hello.txt", "/tmp/a"], None);
    ok(&vm, &["cp", "hello.txt", "/tmp/a.gz"], None);
    expect_all(&vm, &["gzip", "/tmp/a"], None, "", "gzip: /tmp/a.gz already exists;\tnot overwritten\n", 2);
    expect(&vm, &["cat", "/tmp/a"], None, "hello world\n", 0);
    // A truncated stream, and trailing garbage after a good one.
    let z = ok(&vm, &["gzip", "-c", "hello.txt"], None);
    expect_all(&vm, &["zcat"], Some(&z[..z.len() - 6]), "hello world\n", "\ngzip: stdin: unexpected end of file\n", 1);
    let mut junk = z.clone();
    junk.extend_from_slice(b"junk");
    expect_all(&vm, &["zcat"], Some(&junk), "hello world\n", "\ngzip: stdin: decompression OK, trailing garbage ignored\n", 2);
}

/// What `tar czf` makes of `/data/tree` plus a symlink, listed.
const TREE_LIST: &str = "tree/\ntree/bin.dat\ntree/link\ntree/sub/\ntree/sub/b.txt\ntree/sub/deeper/\ntree/sub/deeper/c.txt\ntree/sub/skip.log\ntree/top.txt\n";

fn tar_round_trip_keeps_bytes_links_and_times(b: Backend) {
    let vm = b.vm();
    // The base image's /data is not the VM user's to write: work on a copy.
    ok(&vm, &["mkdir", "/tmp/w"], None);
    ok(&vm, &["cp", "-r", "tree", "/tmp/w/tree"], None);
    ok(&vm, &["ln", "-s", "sub/deeper/c.txt", "/tmp/w/tree/link"], None);
    ok(&vm, &["touch", "-d", "2020-01-02 03:04:05", "/tmp/w/tree/sub/b.txt"], None);
    expect(&vm, &["tar", "czf", "/tmp/t.tgz", "-C", "/tmp/w", "tree"], None, "", 0);
    let tgz = ok(&vm, &["cat", "/tmp/t.tgz"], None);
    assert_eq!(&tgz[..2], &[0x1f, 0x8b], "czf writes gzip");
    expect(&vm, &["tar", "tzf", "/tmp/t.tgz"], None, TREE_LIST, 0);
    // gzip is detected on reading, as GNU tar does.
    expect(&vm, &["tar", "tf", "/tmp/t.tgz"], None, TREE_LIST, 0);
    ok(&vm, &["mkdir", "/tmp/out"], None);
    expect(&vm, &["tar", "xzf", "/tmp/t.tgz", "-C", "/tmp/out"], None, "", 0);
    for f in ["top.txt", "sub/b.txt", "sub/deeper/c.txt", "sub/skip.log", "bin.dat"] {
        let orig = ok(&vm, &["cat", &format!("/tmp/w/tree/{f}")], None);
        let back = ok(&vm, &["cat", &format!("/tmp/out/tree/{f}")], None);
        assert_eq!(back, orig, "{f} byte for byte");
    }
    assert_eq!(ok(&vm, &["cat", "/tmp/out/tree/bin.dat"], None), bin_dat());
    expect(&vm, &["readlink", "/tmp/out/tree/link"], None, "sub/deeper/c.txt\n", 0);
    expect(&vm, &["cat", "/tmp/out/tree/link"], None, "sea\n", 0);
    expect(&vm, &["stat", "-c", "%Y", "/tmp/out/tree/sub/b.txt"], None, "1577934245\n", 0);
    let orig_times = ok(&vm, &["stat", "-c", "%Y %n", "/tmp/w/tree/top.txt", "/tmp/w/tree/sub/deeper"], None);
    let back_times = ok(&vm, &["stat", "-c", "%Y %n", "/tmp/out/tree/top.txt", "/tmp/out/tree/sub/deeper"], None);
    assert_eq!(text(&back_times).replace("/tmp/out/", "/tmp/w/"), text(&orig_times), "mtimes kept");
    // The long listing: modes as recorded (WASI has none: 0644, 0755, 0777), the VM's user.
    let long = text(&ok(&vm, &["tar", "tvzf", "/tmp/t.tgz", "tree/sub/b.txt", "tree/link"], None));
    assert_eq!(
        long.lines().map(without_time).collect::<Vec<_>>(),
        ["lrwxrwxrwx user/user 0 tree/link -> sub/deeper/c.txt", "-rw-r--r-- user/user 4 tree/sub/b.txt"]
    );
    assert!(long.contains(" 2020-01-02 03:04 tree/sub/b.txt\n"), "{long}");
    // Through pipes: -f - both ways, bundled dash options.
    let plain = ok(&vm, &["tar", "-cf", "-", "tree/sub"], None);
    expect(&vm, &["tar", "-tf", "-", "tree/link"], Some(&plain), "", 2);
    assert_eq!(plain.len() % 10240, 0, "padded to GNU's record size");
    expect(&vm, &["tar", "-tf", "-"], Some(&plain), "tree/sub/\ntree/sub/b.txt\ntree/sub/deeper/\ntree/sub/deeper/c.txt\ntree/sub/skip.log\n", 0);
    expect(&vm, &["tar", "-xOf", "-", "tree/sub/deeper/c.txt"], Some(&plain), "sea\n", 0);
}

/// The `tar -tv` lines of `names` in the archive `tar` (mode and owner, size and name).
fn modes_of(vm: &Vm, tar: &str, names: &[&str]) -> Vec<String> {
    let mut argv = vec!["tar", "tvf", tar];
    argv.extend_from_slice(names);
    text(&ok(vm, &argv, None)).lines().map(without_time).collect()
}

fn tar_keeps_modes(b: Backend) {
    let vm = b.vm();
    // Modes and owners come from Burrow's stat (WASI's filestat has neither).
    expect(&vm, &["tar", "cf", "/tmp/m.tar", "modes/run.sh", "modes/secret.txt", "modes/shared.txt"], None, "", 0);
    let want = ["-rwxr-x--- user/user 19 modes/run.sh", "-r-------- user/user 2 modes/secret.txt", "-rw-rw-r-- user/user 2 modes/shared.txt"];
    assert_eq!(modes_of(&vm, "/tmp/m.tar", &[]), want);
    // Extracted with the archive's modes less the umask (022), as GNU tar does for a user.
    ok(&vm, &["mkdir", "/tmp/mx"], None);
    expect(&vm, &["tar", "xf", "/tmp/m.tar", "-C", "/tmp/mx"], None, "", 0);
    expect(&vm, &["tar", "cf", "/tmp/m2.tar", "-C", "/tmp/mx", "modes"], None, "", 0);
    assert_eq!(
        modes_of(&vm, "/tmp/m2.tar", &["modes/run.sh", "modes/secret.txt", "modes/shared.txt"]),
        ["-rwxr-x--- user/user 19 modes/run.sh", "-r-------- user/user 2 modes/secret.txt", "-rw-r--r-- user/user 2 modes/shared.txt"]
    );
    expect(&vm, &["cat", "/tmp/mx/modes/secret.txt"], None, "s\n", 0);
    // GNU's archive: its 0755 script stays executable, its directories 0755.
    ok(&vm, &["mkdir", "/tmp/gx"], None);
    expect(&vm, &["tar", "xzf", "gnu.tgz", "-C", "/tmp/gx"], None, "", 0);
    expect(&vm, &["tar", "cf", "/tmp/g.tar", "-C", "/tmp/gx", "d/x.sh", "d/a.txt", "d/sub"], None, "", 0);
    assert_eq!(
        modes_of(&vm, "/tmp/g.tar", &[])[..3],
        ["-rwxr-xr-x user/user 18 d/x.sh", "-rw-r--r-- user/user 6 d/a.txt", "drwxr-xr-x user/user 0 d/sub/"]
    );
}

fn tar_reads_gnu_archives(b: Backend) {
    let vm = b.vm();
    let long = "l".repeat(110);
    let listing = format!(
        "drwxr-xr-x alice/staff       0 2024-05-06 07:08 d/\n\
         -rw-r--r-- alice/staff       6 2024-05-06 07:08 d/a.txt\n\
         lrwxrwxrwx alice/staff       0 2024-05-06 07:08 d/ln -> a.txt\n\
         drwxr-xr-x alice/staff       0 2024-05-06 07:08 d/sub/\n\
         -rw-r--r-- alice/staff       5 2024-05-06 07:08 d/sub/{long}\n\
         -rwxr-xr-x alice/staff      18 2024-05-06 07:08 d/x.sh\n"
    );
    expect(&vm, &["tar", "tvzf", "gnu.tgz"], None, &listing, 0);
    expect(&vm, &["tar", "-tvzf", "gnu.tgz"], None, &listing, 0);
    expect(&vm, &["tar", "--list", "--verbose", "--gzip", "--file=gnu.tgz"], None, &listing, 0);
    expect(&vm, &["tar", "tzf", "gnu.tgz"], None, &format!("d/\nd/a.txt\nd/ln\nd/sub/\nd/sub/{long}\nd/x.sh\n"), 0);
    expect(&vm, &["tar", "xvzf", "gnu.tgz", "-C", "/tmp"], None, &format!("d/\nd/a.txt\nd/ln\nd/sub/\nd/sub/{long}\nd/x.sh\n"), 0);
    expect(&vm, &["cat", "/tmp/d/a.txt", "/tmp/d/ln", &format!("/tmp/d/sub/{long}"), "/tmp/d/x.sh"], None, "alpha\nalpha\nlong\n#!/bin/sh\necho hi\n", 0);
    expect(&vm, &["readlink", "/tmp/d/ln"], None, "a.txt\n", 0);
    expect(&vm, &["stat", "-c", "%Y", "/tmp/d/a.txt", "/tmp/d/sub", "/tmp/d"], None, "1714979289\n1714979289\n1714979289\n", 0);
    // -O, a member selection, and the same archive through standard input.
    expect(&vm, &["tar", "xzOf", "gnu.tgz", "d/x.sh", "d/a.txt"], None, "alpha\n#!/bin/sh\necho hi\n", 0);
    let tgz = unhex(GNU_TGZ);
    expect(&vm, &["tar", "tz"], Some(&tgz), &format!("d/\nd/a.txt\nd/ln\nd/sub/\nd/sub/{long}\nd/x.sh\n"), 0);
    expect(&vm, &["tar", "tzf", "-", "d/sub"], Some(&tgz), &format!("d/sub/\nd/sub/{long}\n"), 0);
}

fn tar_option_forms_and_selection(b: Backend) {
    let vm = b.vm();
    // Verbose create lists names on stdout; -C applies to the paths after it.
    expect(&vm, &["tar", "cvf", "/tmp/a.tar", "-C", "tree", "sub/deeper", "top.txt"], None, "sub/deeper/\nsub/deeper/c.txt\ntop.txt\n", 0);
    expect(&vm, &["tar", "-tf", "/tmp/a.tar"], None, "sub/deeper/\nsub/deeper/c.txt\ntop.txt\n", 0);
    // --exclude, both spellings, unanchored like GNU's.
    expect(&vm, &["tar", "-czf", "/tmp/b.tgz", "--exclude=*.log", "--exclude", "deeper", "tree"], None, "", 0);
    expect(&vm, &["tar", "-tzf", "/tmp/b.tgz"], None, "tree/\ntree/bin.dat\ntree/sub/\ntree/sub/b.txt\ntree/top.txt\n", 0);
    // -a: gzip chosen by the suffix.
    expect(&vm, &["tar", "caf", "/tmp/auto.tar.gz", "tree/top.txt"], None, "", 0);
    expect(&vm, &["gzip", "-t", "/tmp/auto.tar.gz"], None, "", 0);
    expect(&vm, &["tar", "tf", "/tmp/auto.tar.gz"], None, "tree/top.txt\n", 0);
    // A `.` operand: GNU's `./` names; the archive is skipped with GNU's warning.
    ok(&vm, &["cp", "-r", "tree", "/tmp/tree"], None);
    let out = run(&vm, &["tar", "-C", "/tmp/tree", "-czf", "/tmp/tree/self.tgz", "."], None);
    assert_eq!((text(&out.stderr).as_str(), out.code()), ("tar: ./self.tgz: file is the archive; not dumped\n", 0));
    expect(&vm, &["tar", "tzf", "/tmp/tree/self.tgz"], None, "./\n./bin.dat\n./sub/\n./sub/b.txt\n./sub/deeper/\n./sub/deeper/c.txt\n./sub/skip.log\n./top.txt\n", 0);
    // Extraction: --strip-components, -k, existing files replaced.
    ok(&vm, &["mkdir", "/tmp/s"], None);
    expect(&vm, &["tar", "xzf", "/tmp/tree/self.tgz", "-C", "/tmp/s", "--strip-components=2"], None, "", 0);
    expect(&vm, &["find", "/tmp/s"], None, "/tmp/s\n/tmp/s/b.txt\n/tmp/s/deeper\n/tmp/s/deeper/c.txt\n/tmp/s/skip.log\n", 0);
    ok(&vm, &["mkdir", "/tmp/k"], None);
    expect(&vm, &["tar", "xf", "/tmp/a.tar", "-C", "/tmp/k"], None, "", 0);
    ok(&vm, &["cp", "hello.txt", "/tmp/k/top.txt"], None);
    expect_all(&vm, &["tar", "-xkf", "/tmp/a.tar", "-C", "/tmp/k", "top.txt"], None, "", "tar: top.txt: Cannot open: File exists\ntar: Exiting with failure status due to previous errors\n", 2);
    expect(&vm, &["cat", "/tmp/k/top.txt"], None, "hello world\n", 0);
    expect(&vm, &["tar", "-x", "-f", "/tmp/a.tar", "--directory", "/tmp/k", "top.txt"], None, "", 0);
    expect(&vm, &["cat", "/tmp/k/top.txt"], None, "top\n", 0);
    // Absolute paths lose their leading `/` with GNU's message.
    expect_all(&vm, &["tar", "cf", "/tmp/abs.tar", "/data/tree/sub/deeper"], None, "", "tar: Removing leading `/' from member names\n", 0);
    expect(&vm, &["tar", "tf", "/tmp/abs.tar"], None, "data/tree/sub/deeper/\ndata/tree/sub/deeper/c.txt\n", 0);
}

fn tar_strips_dangerous_member_names(b: Backend) {
    let vm = b.vm();
    ok(&vm, &["mkdir", "-p", "/tmp/x/in"], None);
    let out = run(&vm, &["tar", "-C", "/tmp/x/in", "-xvzf", "/data/evil.tgz"], None);
    assert_eq!(
        (text(&out.stdout).as_str(), text(&out.stderr).as_str(), out.code()),
        (
            "../up.txt\na/../../up2.txt\n/abs.txt\nok/x.txt\nlnk\nlnk/passwd\n",
            "tar: Removing leading `../' from member names\n\
             tar: ../up.txt: Member name contains '..'\n\
             tar: Removing leading `a/../../' from member names\n\
             tar: a/../../up2.txt: Member name contains '..'\n\
             tar: Removing leading `/' from member names\n\
             tar: lnk/passwd: Cannot open: Not a directory\n\
             tar: Exiting with failure status due to previous errors\n",
            2
        )
    );
    expect(&vm, &["find", "/tmp/x"], None, "/tmp/x\n/tmp/x/in\n/tmp/x/in/abs.txt\n/tmp/x/in/lnk\n/tmp/x/in/ok\n/tmp/x/in/ok/x.txt\n", 0);
    expect(&vm, &["cat", "/tmp/x/in/abs.txt", "/tmp/x/in/ok/x.txt"], None, "abok", 0);
    expect(&vm, &["readlink", "/tmp/x/in/lnk"], None, "/etc\n", 0);
    expect(&vm, &["test", "-e", "/etc/passwd.x"], None, "", 1);
}

fn tar_errors_like_gnu(b: Backend) {
    let vm = b.vm();
    let usage = "Try 'tar --help' or 'tar --usage' for more information.\n";
    expect_all(&vm, &["tar", "cf", "/tmp/e.tar"], None, "", &format!("tar: Cowardly refusing to create an empty archive\n{usage}"), 2);
    expect_all(&vm, &["tar", "tf", "nope.tar"], None, "", "tar: nope.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n", 2);
    expect_all(&vm, &["tar", "cf", "/tmp/e.tar", "hello.txt", "nofile"], None, "", "tar: nofile: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n", 2);
    expect(&vm, &["tar", "tf", "/tmp/e.tar"], None, "hello.txt\n", 0);
    expect_all(&vm, &["tar", "tf", "/tmp/e.tar", "zz"], None, "", "tar: zz: Not found in archive\ntar: Exiting with failure status due to previous errors\n", 2);
    expect_all(&vm, &["tar", "tf", "hello.txt"], None, "", "tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n", 2);
    expect_all(&vm, &["tar", "xzf", "/tmp/e.tar"], None, "", "gzip: stdin: not in gzip format\ntar: Child returned status 1\ntar: Error is not recoverable: exiting now\n", 2);
    expect_all(&vm, &["tar", "q"], None, "", &format!("tar: invalid option -- 'q'\n{usage}"), 64);
    expect_all(&vm, &["tar", "-f", "x.tar"], None, "", &format!("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\n{usage}"), 2);
}

/// A `tar -tv` line without its date and time, single-spaced.
fn without_time(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    [&words[..3], &words[5..]].concat().join(" ")
}

/// The lines of `s`, sorted (GNU tar walks directories in readdir order, ours in name order).
fn sorted_lines(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s.lines().map(str::to_string).collect();
    v.sort();
    v
}

/// Whether the host has `tool` (GNU tar and gzip in the reference environment).
fn host_has(tool: &str) -> bool {
    std::process::Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn interoperates_with_host_gnu_tar_and_gzip(b: Backend) {
    if !host_has("tar") || !host_has("gzip") {
        eprintln!("skipped: no host tar/gzip");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let host = dir.path();
    // A tree the host makes: nested dirs, a binary file, a symlink, a long name, a fixed time.
    let src = host.join("h/src/a/b");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("bin"), bin_dat()).unwrap();
    std::fs::write(host.join("h/src/note.txt"), b"from the host\n").unwrap();
    std::fs::write(host.join("h/src/a").join("n".repeat(120)), b"long\n").unwrap();
    std::os::unix::fs::symlink("a/b/bin", host.join("h/src/link")).unwrap();
    let sh = |cmd: &str| {
        let out = std::process::Command::new("sh").arg("-c").arg(cmd).current_dir(host).env("TZ", "UTC").output().unwrap();
        assert!(out.status.success(), "{cmd}: {}", text(&out.stderr));
        out.stdout
    };
    sh("touch -h -d '2022-03-04 05:06:07' h/src/note.txt && tar -C h -czf host.tgz src && gzip -c h/src/note.txt > note.gz");

    let vm = b.vm_with_mount(host);
    // Host archive and gzip file, read in the VM.
    let host_list = text(&sh("tar tzf host.tgz"));
    expect(&vm, &["tar", "tzf", "/m/host.tgz"], None, &host_list, 0);
    expect(&vm, &["zcat", "/m/note.gz"], None, "from the host\n", 0);
    ok(&vm, &["mkdir", "/tmp/v"], None);
    expect(&vm, &["tar", "xzf", "/m/host.tgz", "-C", "/tmp/v"], None, "", 0);
    assert_eq!(ok(&vm, &["cat", "/tmp/v/src/a/b/bin"], None), bin_dat());
    assert_eq!(ok(&vm, &["cat", "/tmp/v/src/link"], None), bin_dat());
    expect(&vm, &["readlink", "/tmp/v/src/link"], None, "a/b/bin\n", 0);
    expect(&vm, &["stat", "-c", "%Y", "/tmp/v/src/note.txt"], None, "1646370367\n", 0);
    // The VM's archive and gzip file, read by the host.
    expect(&vm, &["tar", "czf", "/m/vm.tgz", "-C", "/tmp/v", "src"], None, "", 0);
    expect(&vm, &["gzip", "-k", "/tmp/v/src/note.txt"], None, "", 0);
    expect(&vm, &["cp", "/tmp/v/src/note.txt.gz", "/m/vm-note.gz"], None, "", 0);
    assert_eq!(sorted_lines(&text(&sh("tar tzf vm.tgz"))), sorted_lines(&host_list), "same members");
    sh("mkdir back && tar -C back -xzf vm.tgz && diff -r h/src back/src && cmp h/src/a/b/bin back/src/a/b/bin && test \"$(readlink back/src/link)\" = a/b/bin");
    assert_eq!(text(&sh("stat -c %Y back/src/note.txt")), "1646370367\n");
    assert_eq!(text(&sh("gzip -dc vm-note.gz")), "from the host\n");
}

/// One jq invocation with jq 1.6's output: `(argv after jq, stdin, stdout, status)`.
type JqCase = (&'static [&'static str], &'static str, &'static str, i32);

/// jq 1.6's outputs (cwd: the fixture), the common uses of jq by scripts and agents.
const JQ_CASES: &[JqCase] = &[
    (&[".", "config.json"], "", "{\n  \"server\": {\n    \"host\": \"localhost\",\n    \"ports\": [\n      80,\n      443\n    ]\n  },\n  \"debug\": false,\n  \"name\": \"burrow\",\n  \"ratio\": 0.25,\n  \"tags\": [],\n  \"meta\": {}\n}\n", 0),
    (&[".server.host", "config.json"], "", "\"localhost\"\n", 0),
    (&[".server.ports[]", "config.json"], "", "80\n443\n", 0),
    (&[".server.ports[0]", "config.json"], "", "80\n", 0),
    (&[".[0]", "people.json"], "", "{\n  \"name\": \"ann\",\n  \"age\": 31,\n  \"team\": \"x\"\n}\n", 0),
    (&["-c", "map(select(.age > 30))", "people.json"], "", "[{\"name\":\"ann\",\"age\":31,\"team\":\"x\"},{\"name\":\"cy\",\"age\":40,\"team\":\"x\"}]\n", 0),
    (&["map(.name)", "people.json"], "", "[\n  \"ann\",\n  \"bob\",\n  \"cy\"\n]\n", 0),
    (&["keys", "config.json"], "", "[\n  \"debug\",\n  \"meta\",\n  \"name\",\n  \"ratio\",\n  \"server\",\n  \"tags\"\n]\n", 0),
    (&["length", "people.json"], "", "3\n", 0),
    (&["-c", "to_entries"], "{\"a\":1,\"b\":[2]}", "[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":[2]}]\n", 0),
    (&["-r", ".[] | \"\\(.name) is \\(.age)\"", "people.json"], "", "ann is 31\nbob is 25\ncy is 40\n", 0),
    (&["-c", "sort_by(.age) | map(.name)", "people.json"], "", "[\"bob\",\"ann\",\"cy\"]\n", 0),
    (&["-c", "group_by(.team) | map({team: .[0].team, n: length})", "people.json"], "", "[{\"team\":\"x\",\"n\":2},{\"team\":\"y\",\"n\":1}]\n", 0),
    (&["map(.age) | add", "people.json"], "", "96\n", 0),
    (&["-r", ".[] | [.name, .age] | @tsv", "people.json"], "", "ann\t31\nbob\t25\ncy\t40\n", 0),
    (&["-r", ".[] | [.name, .age, null, true] | @csv", "people.json"], "", "\"ann\",31,,true\n\"bob\",25,,true\n\"cy\",40,,true\n", 0),
    (&["-s", "add"], "1 2 3", "6\n", 0),
    (&["-c", "-s", "."], "{\"a\":1}\n{\"b\":2}\n", "[{\"a\":1},{\"b\":2}]\n", 0),
    (&["-n", "--arg", "x", "v", "--argjson", "j", "{\"k\":[1,2]}", "{x: $x, j: $j}"], "", "{\n  \"x\": \"v\",\n  \"j\": {\n    \"k\": [\n      1,\n      2\n    ]\n  }\n}\n", 0),
    (&["-c", "."], "[1.0, 1e5, 1.25e-7, 100000000000000000000, 0.1, 1e17, 3.0, -0.5]", "[1,100000,1.25e-07,1e+20,0.1,1e+17,3,-0.5]\n", 0),
    (&["."], "\"h\\u00e9 \\\"q\\\" \\t\\u0001 \\/\"", "\"hé \\\"q\\\" \\t\\u0001 /\"\n", 0),
    (&["-c", ".[] | select(.team == \"x\") | {name}", "people.json"], "", "{\"name\":\"ann\"}\n{\"name\":\"cy\"}\n", 0),
    (&["-c", "del(.[0,2])"], "[1,2,3]", "[2]\n", 0),
    (&["-c", "[leaf_paths]"], "{\"a\":{\"b\":1},\"c\":[2]}", "[[\"a\",\"b\"],[\"c\",0]]\n", 0),
    (&["-c", "with_entries(.value += 1)"], "{\"a\":1,\"b\":2}", "{\"a\":2,\"b\":3}\n", 0),
    (&["--tab", "."], "{\"a\":[1,{\"b\":null}]}", "{\n\t\"a\": [\n\t\t1,\n\t\t{\n\t\t\t\"b\": null\n\t\t}\n\t]\n}\n", 0),
    (&["-S", "."], "{\"b\":1,\"a\":{\"d\":1,\"c\":2}}", "{\n  \"a\": {\n    \"c\": 2,\n    \"d\": 1\n  },\n  \"b\": 1\n}\n", 0),
    (&["--indent", "1", "."], "{\"a\":[1]}", "{\n \"a\": [\n  1\n ]\n}\n", 0),
    (&["-r", ".name, .tags, .ratio", "config.json"], "", "burrow\n[]\n0.25\n", 0),
    (&["-j", ".[] | .name", "people.json"], "", "annbobcy", 0),
    (&["-a", "-c", "."], "[\"é\", \"\\u2603\"]", "[\"\\u00e9\",\"\\u2603\"]\n", 0),
    (&["-c", "[.[] | tostring]"], "[1, \"a\", [1], {\"b\":2}, null]", "[\"1\",\"a\",\"[1]\",\"{\\\"b\\\":2}\",\"null\"]\n", 0),
    (&["-c", "paths"], "{\"a\":[1]}", "[\"a\"]\n[\"a\",0]\n", 0),
    (&["-R", "."], "line one\nline two\n", "\"line one\"\n\"line two\"\n", 0),
    (&["-Rs", "."], "a\nb\n", "\"a\\nb\\n\"\n", 0),
    (&["-n", "[range(5)] | .[1:3]", "-c"], "", "[1,2]\n", 0),
    (&["-c", "to_entries | map(select(.value > 1)) | from_entries"], "{\"a\":1,\"b\":2,\"c\":3}", "{\"b\":2,\"c\":3}\n", 0),
    (&["-c", "unique_by(.team) | map(.name)", "people.json"], "", "[\"ann\",\"bob\"]\n", 0),
    (&["-c", "[.[] | .age] | min, max", "people.json"], "", "25\n40\n", 0),
    (&["-c", "map(has(\"name\"))", "people.json"], "", "[true,true,true]\n", 0),
    (&["-r", ".[] | select(.name | test(\"^b\")) | .name", "people.json"], "", "bob\n", 0),
    (&["-c", "[.[] | .name | ascii_upcase]", "people.json"], "", "[\"ANN\",\"BOB\",\"CY\"]\n", 0),
    (&["-r", "map(.name) | join(\", \")", "people.json"], "", "ann, bob, cy\n", 0),
    (&["-c", ".a as $x | [$x, .b]"], "{\"a\":1,\"b\":2}", "[1,2]\n", 0),
    (&["-c", "reduce .[] as $p ({}; .[$p.team] += [$p.name])", "people.json"], "", "{\"x\":[\"ann\",\"cy\"],\"y\":[\"bob\"]}\n", 0),
    (&["-c", "[.[] | .age] | sort | reverse", "people.json"], "", "[40,31,25]\n", 0),
    (&["-c", "map(.age) | {sum: add, n: length, avg: (add / length)}", "people.json"], "", "{\"sum\":96,\"n\":3,\"avg\":32}\n", 0),
    (&["-c", "split(\",\") | map(tonumber)"], "\"1,2,3\"", "[1,2,3]\n", 0),
    (&["-c", "if .debug then \"on\" else \"off\" end", "config.json"], "", "\"off\"\n", 0),
    (&[".missing // \"default\"", "config.json"], "", "\"default\"\n", 0),
    (&["-c", "[.[] | numbers]"], "[1,\"a\",null,2.5]", "[1,2.5]\n", 0),
    (&["-c", "tostream"], "{\"a\":[1,2]}", "[[\"a\",0],1]\n[[\"a\",1],2]\n[[\"a\",1]]\n[[\"a\"]]\n", 0),
    (&["-c", "[.[] | IN(2, 3)]"], "[1,2,3]", "[false,true,true]\n", 0),
    (&["-r", "@base64"], "\"hello\"", "aGVsbG8=\n", 0),
    (&["-r", "@base64d"], "\"aGVsbG8=\"", "hello\n", 0),
    (&["-r", "@uri"], "\"a b&c\"", "a%20b%26c\n", 0),
    (&["-r", "@html"], "\"<a href=\\\"x\\\">&</a>\"", "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;\n", 0),
    (&["-r", "@sh"], "[\"it's\", 1]", "'it'\\''s' 1\n", 0),
    (&["-c", "[splits(\", *\")]"], "\"a, b,c\"", "[\"a\",\"b\",\"c\"]\n", 0),
    (&["-c", "sub(\"o\"; \"0\"), gsub(\"o\"; \"0\")"], "\"foo\"", "\"f0o\"\n\"f00\"\n", 0),
    (&["-c", "[match(\"a+\"; \"g\") | .string]"], "\"aa b aaa\"", "[\"aa\",\"aaa\"]\n", 0),
    (&["-c", "capture(\"(?<k>[a-z]+)=(?<v>[0-9]+)\")"], "\"x=12\"", "{\"k\":\"x\",\"v\":\"12\"}\n", 0),
    (&["-c", "walk(if type == \"number\" then . * 10 else . end)"], "[1,{\"a\":2}]", "[10,{\"a\":20}]\n", 0),
    (&["-c", "getpath([\"server\",\"ports\",1])", "config.json"], "", "443\n", 0),
    (&["-c", "[paths(type == \"number\")]", "config.json"], "", "[[\"server\",\"ports\",0],[\"server\",\"ports\",1],[\"ratio\"]]\n", 0),
    (&["-c", "map_values(. + 1)"], "{\"a\":1,\"b\":2}", "{\"a\":2,\"b\":3}\n", 0),
    (&["-c", "any(. > 2), all(. > 0)"], "[1,2,3]", "true\ntrue\n", 0),
    (&["-c", "flatten"], "[1,[2,[3]]]", "[1,2,3]\n", 0),
    (&["-c", "indices(1)"], "[1,2,1]", "[0,2]\n", 0),
    (&["-c", "limit(2; .[])"], "[5,6,7]", "5\n6\n", 0),
    (&["-c", "first(.[]), last"], "[5,6,7]", "5\n7\n", 0),
    (&["-c", "ltrimstr(\"a\") | rtrimstr(\"c\")"], "\"abc\"", "\"b\"\n", 0),
    (&["-c", "ascii_downcase | explode"], "\"AB\"", "[97,98]\n", 0),
    (&["-c", "todate"], "1425599507", "\"2015-03-05T23:51:47Z\"\n", 0),
    (&["-c", "fromdate"], "\"2015-03-05T23:51:47Z\"", "1425599507\n", 0),
    (&["-c", "tojson, (tojson | fromjson)"], "{\"a\":[1,\"x\"]}", "\"{\\\"a\\\":[1,\\\"x\\\"]}\"\n{\"a\":[1,\"x\"]}\n", 0),
    (&["-c", "try error(\"x\") catch ."], "null", "\"x\"\n", 0),
    (&["-c", "label $f | .[] | if . > 2 then ., break $f else . end"], "[1,2,3,4]", "1\n2\n3\n", 0),
    (&["-c", "[recurse | numbers]"], "{\"a\":[1,{\"b\":2}]}", "[1,2]\n", 0),
    (&["-c", "input"], "1 2 3 4", "2\n4\n", 0),
    (&["-c", "[., input]"], "1 2 3 4", "[1,2]\n[3,4]\n", 0),
    (&["-n", "-c", "[inputs]"], "1 2 3", "[1,2,3]\n", 0),
    (&["-c", "$ENV | type"], "null", "\"object\"\n", 0),
    (&["-c", "$ARGS"], "null", "{\"positional\":[],\"named\":{}}\n", 0),
    (&["-n", "-c", "$ARGS", "--args", "a", "b"], "", "{\"positional\":[\"a\",\"b\"],\"named\":{}}\n", 0),
    (&["-c", "{(.name): .age}", "people.json"], "", "", 5),
    (&["-c", ".[] | {name, age}", "people.json"], "", "{\"name\":\"ann\",\"age\":31}\n{\"name\":\"bob\",\"age\":25}\n{\"name\":\"cy\",\"age\":40}\n", 0),
    (&["-c", ".[1:] | map(.name)", "people.json"], "", "[\"bob\",\"cy\"]\n", 0),
    (&["-c", ".[-1].name", "people.json"], "", "\"cy\"\n", 0),
    (&["-c", "contains({server: {ports: [80]}})", "config.json"], "", "true\n", 0),
    (&["-c", "inside([1,2,3])"], "[1]", "true\n", 0),
    (&["-c", "splits(\"b\")"], "\"abc\"", "\"a\"\n\"c\"\n", 0),
    (&["-c", "ascii"], "65", "", 3),
    (&["-c", "@text, @json"], "[1,\"a\"]", "\"[1,\\\"a\\\"]\"\n\"[1,\\\"a\\\"]\"\n", 0),
    (&["-c", "combinations"], "[[1,2],[3,4]]", "[1,3]\n[1,4]\n[2,3]\n[2,4]\n", 0),
    (&["-c", "transpose"], "[[1,2],[3]]", "[[1,3],[2,null]]\n", 0),
    (&["-c", "tostring"], "1.5", "\"1.5\"\n", 0),
    (&["-c", "floor, sqrt"], "16.5", "16\n4.06201920231798\n", 0),
    (&["-c", ".a = 1"], "{}", "{\"a\":1}\n", 0),
    (&["-c", ".a.b = 1"], "{}", "{\"a\":{\"b\":1}}\n", 0),
    (&["-c", ".a += 1"], "{}", "{\"a\":1}\n", 0),
    (&["-c", ".[2] = 1"], "[]", "[null,null,1]\n", 0),
    (&["-n", "-c", ".a.b |= 3"], "", "{\"a\":{\"b\":3}}\n", 0),
    (&["-c", "setpath([\"a\",\"b\"]; 1)"], "null", "{\"a\":{\"b\":1}}\n", 0),
    (&["-c", ".x as [$a, $b] | {a: $a, b: $b}"], "{\"x\":[1,2]}", "{\"a\":1,\"b\":2}\n", 0),
    (&["-c", "to_entries[] | \"\\(.key)=\\(.value)\""], "{\"a\":1,\"b\":\"x\"}", "\"a=1\"\n\"b=x\"\n", 0),
    (&["."], "{\"a\":1}{\"b\":2}", "{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n", 0),
    (&["."], "", "", 0),
    (&["-c", ".[]"], "[]", "", 0),
];

fn jq_outputs_like_jq(b: Backend) {
    let vm = b.vm();
    let mut failed = Vec::new();
    for (args, stdin, stdout, status) in JQ_CASES {
        let argv: Vec<&str> = std::iter::once("jq").chain(args.iter().copied()).collect();
        let out = run(&vm, &argv, Some(stdin.as_bytes()));
        if (text(&out.stdout).as_str(), out.code()) != (*stdout, *status) {
            failed.push(format!("{argv:?} <<< {stdin:?}\n  want {status} {stdout:?}\n  got  {} {:?} {:?}", out.code(), text(&out.stdout), text(&out.stderr)));
        }
    }
    assert!(failed.is_empty(), "{} of {} jq cases differ from jq 1.6:\n{}", failed.len(), JQ_CASES.len(), failed.join("\n"));
}

fn jq_options_and_exit_codes(b: Backend) {
    let vm = b.vm();
    // A filter that does not compile: status 3, jq's summary line.
    let out = run(&vm, &["jq", ".a."], Some(b"{}"));
    let err = text(&out.stderr);
    assert_eq!((text(&out.stdout).as_str(), out.code()), ("", 3), "{err}");
    assert!(err.starts_with("jq: error: ") && err.ends_with(".a.\njq: 1 compile error\n"), "{err}");
    // Input that is not JSON: what came before is printed, then status 2.
    let out = run(&vm, &["jq", "."], Some(b"{\"a\":1} xx"));
    assert_eq!((text(&out.stdout).as_str(), out.code()), ("{\n  \"a\": 1\n}\n", 2), "{}", text(&out.stderr));
    assert!(!out.stderr.is_empty());
    expect(&vm, &["jq", "-c", "."], Some(b"[1,2"), "", 2);
    expect_all(&vm, &["jq", ".", "nofile"], None, "", "jq: error: Could not open nofile: No such file or directory\n", 2);
    expect(&vm, &["jq", "--no-such-option", "."], Some(b"1"), "", 2);
    expect(&vm, &["jq", "--arg", "x"], Some(b"1"), "", 2);
    expect(&vm, &["jq", "-n", "$x", "--argjson", "x", "{bad"], None, "", 2);
    // Errors raised by the filter: status 5; a string error is printed as it is.
    expect_all(&vm, &["jq", "error(\"boom\")"], Some(b"1"), "", "jq: error (at <unknown>): boom\n", 5);
    expect(&vm, &["jq", ".a + 1"], Some(b"{\"a\":\"x\"}"), "", 5);
    expect(&vm, &["jq", "-c", ".[] | (1 / .)?"], Some(b"[1, \"a\", 2]"), "1\n0.5\n", 0);
    // -e: the last output decides (null/false: 1, none: 4).
    expect(&vm, &["jq", "-e", ".debug"], Some(FILES[6].1), "false\n", 1);
    expect(&vm, &["jq", "-e", ".missing"], Some(FILES[6].1), "null\n", 1);
    expect(&vm, &["jq", "-e", ".name"], Some(FILES[6].1), "\"burrow\"\n", 0);
    expect(&vm, &["jq", "-e", ".tags[]"], Some(FILES[6].1), "", 4);
    // No filter: `.`, as jq does without a terminal.
    expect(&vm, &["jq"], Some(b"{\"a\":[1]}"), "{\n  \"a\": [\n    1\n  ]\n}\n", 0);
    // Filters and values from files.
    expect(&vm, &["jq", "-n", "-r", "--rawfile", "t", "hello.txt", "$t"], None, "hello world\n\n", 0);
    expect(&vm, &["jq", "-n", "--slurpfile", "p", "people.json", "$p[0] | length"], None, "3\n", 0);
    expect(&vm, &["jq", "-n", "-c", "--jsonargs", "$ARGS.positional", "1", "{\"a\":2}"], None, "[1,{\"a\":2}]\n", 0);
    // A pipeline of two jq runs, as scripts do.
    let lines = ok(&vm, &["jq", "-c", ".[]", "people.json"], None);
    expect(&vm, &["jq", "-r", "select(.age < 35) | .name"], Some(&lines), "ann\nbob\n", 0);
}
