//! The coreutils of every VM (`guests/userland/coreutils`, one multicall module over uutils):
//! each tool the userland lists exists in `/bin`, and each required tool gives GNU's output, byte
//! for byte, for real invocations. Expected outputs were taken from GNU coreutils 9.1 with
//! `LC_ALL=C TZ=UTC`; [`same_output_as_the_host_gnu_tools`] also runs the host's GNU tools on the
//! same files when they are installed and compares.
//!
//! Every scenario runs on every backend (the module is ~10 MB: each backend compiles it once per
//! test binary, then every run is a warm exec). What the VM cannot know under WASI (modes,
//! owners) has its own checks: see `guests/userland/coreutils/src/own/mod.rs`.

#[macro_use]
mod common;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use burrow::kernel::limits::Limits;
use burrow::{BackendKind, Output, Runtime, Stdio, Vm};
use common::text;

/// The fixture files, installed under `/data` in the base image.
const FILES: &[(&str, &[u8])] = &[
    ("abc.txt", b"a b c\nd e f\n1 2 3\n"),
    ("c1.txt", b"apple\nbanana\ncarrot\n"),
    ("c2.txt", b"banana\ncarrot\ndate\n"),
    ("fruits.txt", b"banana\napple\ncherry\napple\n10\n9\n-1\nBanana\n"),
    ("hello.txt", b"hello world\n"),
    ("j1.txt", b"1 alice\n2 bob\n3 carol\n"),
    ("j2.txt", b"1 red\n2 green\n4 blue\n"),
    ("lines.txt", b"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n"),
    ("long.txt", b"long line with some words in it that goes on and on to be folded at some point here\n"),
    ("tabs.txt", b"x\ty\tz\n1\t2\t3\n"),
    ("d/f1", b"x\n"),
    ("d/sub/f2", b"yy\n"),
];

/// `bin.dat`: every byte value, three times.
fn bin_dat() -> Vec<u8> {
    (0..3).flat_map(|_| 0..=255u8).collect()
}

/// A runtime with the userland (`$BURROW_USERLAND_DIR` or `target/guests`, where `cargo xtask
/// guests` puts `coreutils.wasm`) and the fixture under `/data`.
fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        let mut b = Runtime::builder()
            .cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache")));
        for (name, content) in FILES {
            b = b.file(format!("/data/{name}"), content.to_vec(), 0o644);
        }
        b = b.file("/data/bin.dat", bin_dat(), 0o644);
        let rt = b.build().expect("runtime");
        let vm = Vm::builder().runtime(&rt).build().expect("vm");
        assert!(
            vm.run(&["/bin/coreutils", "--list"]).is_ok(),
            "no /bin/coreutils: build the userland with `cargo xtask guests` (or set BURROW_USERLAND_DIR)"
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
}

every_backend!(
    every_listed_tool_is_installed_and_dispatches,
    gnu_outputs_byte_for_byte,
    files_and_directories,
    ls_shows_what_wasi_knows,
    identity_and_system,
    stat_du_df_and_chmod,
    programs_run_by_env_and_nice,
    time_randomness_and_endless_output,
    sizes_past_4_gib,
    timeout_limits_a_program,
    devices_and_descriptors_as_paths,
    cp_and_mkdir_set_modes_as_gnu_does,
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
fn expect_all(vm: &Vm, argv: &[&str], stdout: &str, stderr: &str, status: i32) {
    let out = run(vm, argv, None);
    assert_eq!((text(&out.stdout).as_str(), text(&out.stderr).as_str(), out.code()), (stdout, stderr, status), "{argv:?}");
}

/// One invocation with GNU's output: `(argv, stdin, stdout, status)`.
type Case = (&'static [&'static str], Option<&'static [u8]>, &'static str, i32);

const fn case(argv: &'static [&'static str], stdin: Option<&'static [u8]>, stdout: &'static str, status: i32) -> Case {
    (argv, stdin, stdout, status)
}

/// GNU coreutils 9.1's output for each invocation (cwd: the fixture), `LC_ALL=C TZ=UTC`.
const GNU_CASES: &[Case] = &[
    case(&["cat", "-n", "hello.txt", "abc.txt"], None, "     1\thello world\n     2\ta b c\n     3\td e f\n     4\t1 2 3\n", 0),
    case(&["cat", "-A", "tabs.txt"], None, "x^Iy^Iz$\n1^I2^I3$\n", 0),
    case(&["cat", "-", "hello.txt"], Some(b"from stdin\n"), "from stdin\nhello world\n", 0),
    case(&["echo", "hello", "world"], None, "hello world\n", 0),
    case(&["echo", "-n", "no newline"], None, "no newline", 0),
    case(&["echo", "-e", "a\\tb\\nc"], None, "a\tb\nc\n", 0),
    case(&["head", "-n", "3", "lines.txt"], None, "one\ntwo\nthree\n", 0),
    case(&["head", "-c", "5", "hello.txt"], None, "hello", 0),
    case(&["head", "-n", "-10", "lines.txt"], None, "one\ntwo\n", 0),
    case(&["head", "-n", "1", "lines.txt", "abc.txt"], None, "==> lines.txt <==\none\n\n==> abc.txt <==\na b c\n", 0),
    case(&["tail", "-n", "3", "lines.txt"], None, "ten\neleven\ntwelve\n", 0),
    case(&["tail", "-n", "+11", "lines.txt"], None, "eleven\ntwelve\n", 0),
    case(&["tail", "-c", "6", "hello.txt"], None, "world\n", 0),
    case(&["wc", "lines.txt", "abc.txt"], None, "12 12 63 lines.txt\n 3  9 18 abc.txt\n15 21 81 total\n", 0),
    case(&["wc", "-c", "bin.dat"], None, "768 bin.dat\n", 0),
    case(&["wc", "-l"], Some(b"a\nb\nc\n"), "3\n", 0),
    case(&["wc", "-w", "-c", "long.txt"], None, "19 84 long.txt\n", 0),
    case(&["sort", "fruits.txt"], None, "-1\n10\n9\nBanana\napple\napple\nbanana\ncherry\n", 0),
    case(&["sort", "-n", "fruits.txt"], None, "-1\nBanana\napple\napple\nbanana\ncherry\n9\n10\n", 0),
    case(&["sort", "-r", "-u", "fruits.txt"], None, "cherry\nbanana\napple\nBanana\n9\n10\n-1\n", 0),
    case(&["sort", "-f", "fruits.txt"], None, "-1\n10\n9\napple\napple\nBanana\nbanana\ncherry\n", 0),
    case(&["sort", "-k", "2", "-t", " ", "j2.txt"], None, "4 blue\n2 green\n1 red\n", 0),
    case(&["sort", "-c", "c1.txt"], None, "", 0),
    case(&["sort", "-c", "fruits.txt"], None, "", 1),
    case(&["sort", "-m", "c1.txt", "c2.txt"], None, "apple\nbanana\nbanana\ncarrot\ncarrot\ndate\n", 0),
    case(&["uniq", "-c"], Some(b"a\na\nb\na\n"), "      2 a\n      1 b\n      1 a\n", 0),
    case(&["uniq", "-d", "c1.txt"], None, "", 0),
    case(&["cut", "-d", " ", "-f", "2,3", "abc.txt"], None, "b c\ne f\n2 3\n", 0),
    case(&["cut", "-c", "1-3", "lines.txt"], None, "one\ntwo\nthr\nfou\nfiv\nsix\nsev\neig\nnin\nten\nele\ntwe\n", 0),
    case(&["cut", "-f", "2", "tabs.txt"], None, "y\n2\n", 0),
    case(&["tr", "a-z", "A-Z"], Some(b"hello, World\n"), "HELLO, WORLD\n", 0),
    case(&["tr", "-d", "lo"], Some(b"hello world\n"), "he wrd\n", 0),
    case(&["tr", "-s", " "], Some(b"a   b  c\n"), "a b c\n", 0),
    case(&["printf", "%s-%d-%05.2f|%x|%o|%c\\n", "a", "42", "3.14159", "255", "8", "xyz"], None, "a-42-03.14|ff|10|x\n", 0),
    case(&["printf", "%-6s|%6s|\\n", "ab", "cd"], None, "ab    |    cd|\n", 0),
    case(&["printf", "%b", "a\\nb\\x41\\n"], None, "a\nbA\n", 0),
    case(&["seq", "5"], None, "1\n2\n3\n4\n5\n", 0),
    case(&["seq", "2", "3", "11"], None, "2\n5\n8\n11\n", 0),
    case(&["seq", "-w", "8", "11"], None, "08\n09\n10\n11\n", 0),
    case(&["seq", "-s", ",", "1", "5"], None, "1,2,3,4,5\n", 0),
    case(&["seq", "0.5", "0.25", "1.5"], None, "0.50\n0.75\n1.00\n1.25\n1.50\n", 0),
    case(&["basename", "/a/b/c.txt", ".txt"], None, "c\n", 0),
    case(&["basename", "-a", "/x/y/", "z"], None, "y\nz\n", 0),
    case(&["dirname", "/a/b/c.txt", "a", "/"], None, "/a/b\n.\n/\n", 0),
    case(&["test", "-f", "hello.txt"], None, "", 0),
    case(&["test", "-d", "hello.txt"], None, "", 1),
    case(&["test", "abc", "=", "abc", "-a", "3", "-lt", "10"], None, "", 0),
    case(&["test", "-z", "x"], None, "", 1),
    case(&["[", "-e", "nope", "]"], None, "", 1),
    case(&["[", "-s", "hello.txt", "]"], None, "", 0),
    case(&["true"], None, "", 0),
    case(&["false"], None, "", 1),
    case(&["nl", "lines.txt"], None, "     1\tone\n     2\ttwo\n     3\tthree\n     4\tfour\n     5\tfive\n     6\tsix\n     7\tseven\n     8\teight\n     9\tnine\n    10\tten\n    11\televen\n    12\ttwelve\n", 0),
    case(&["nl", "-ba", "-w3", "-s", ": ", "abc.txt"], None, "  1: a b c\n  2: d e f\n  3: 1 2 3\n", 0),
    case(&["od", "-c", "hello.txt"], None, "0000000   h   e   l   l   o       w   o   r   l   d  \\n\n0000014\n", 0),
    case(&["od", "-An", "-tx1", "hello.txt"], None, " 68 65 6c 6c 6f 20 77 6f 72 6c 64 0a\n", 0),
    case(&["od", "bin.dat"], None, "0000000 000400 001402 002404 003406 004410 005412 006414 007416\n0000020 010420 011422 012424 013426 014430 015432 016434 017436\n0000040 020440 021442 022444 023446 024450 025452 026454 027456\n0000060 030460 031462 032464 033466 034470 035472 036474 037476\n0000100 040500 041502 042504 043506 044510 045512 046514 047516\n0000120 050520 051522 052524 053526 054530 055532 056534 057536\n0000140 060540 061542 062544 063546 064550 065552 066554 067556\n0000160 070560 071562 072564 073566 074570 075572 076574 077576\n0000200 100600 101602 102604 103606 104610 105612 106614 107616\n0000220 110620 111622 112624 113626 114630 115632 116634 117636\n0000240 120640 121642 122644 123646 124650 125652 126654 127656\n0000260 130660 131662 132664 133666 134670 135672 136674 137676\n0000300 140700 141702 142704 143706 144710 145712 146714 147716\n0000320 150720 151722 152724 153726 154730 155732 156734 157736\n0000340 160740 161742 162744 163746 164750 165752 166754 167756\n0000360 170760 171762 172764 173766 174770 175772 176774 177776\n0000400 000400 001402 002404 003406 004410 005412 006414 007416\n0000420 010420 011422 012424 013426 014430 015432 016434 017436\n0000440 020440 021442 022444 023446 024450 025452 026454 027456\n0000460 030460 031462 032464 033466 034470 035472 036474 037476\n0000500 040500 041502 042504 043506 044510 045512 046514 047516\n0000520 050520 051522 052524 053526 054530 055532 056534 057536\n0000540 060540 061542 062544 063546 064550 065552 066554 067556\n0000560 070560 071562 072564 073566 074570 075572 076574 077576\n0000600 100600 101602 102604 103606 104610 105612 106614 107616\n0000620 110620 111622 112624 113626 114630 115632 116634 117636\n0000640 120640 121642 122644 123646 124650 125652 126654 127656\n0000660 130660 131662 132664 133666 134670 135672 136674 137676\n0000700 140700 141702 142704 143706 144710 145712 146714 147716\n0000720 150720 151722 152724 153726 154730 155732 156734 157736\n0000740 160740 161742 162744 163746 164750 165752 166754 167756\n0000760 170760 171762 172764 173766 174770 175772 176774 177776\n0001000 000400 001402 002404 003406 004410 005412 006414 007416\n0001020 010420 011422 012424 013426 014430 015432 016434 017436\n0001040 020440 021442 022444 023446 024450 025452 026454 027456\n0001060 030460 031462 032464 033466 034470 035472 036474 037476\n0001100 040500 041502 042504 043506 044510 045512 046514 047516\n0001120 050520 051522 052524 053526 054530 055532 056534 057536\n0001140 060540 061542 062544 063546 064550 065552 066554 067556\n0001160 070560 071562 072564 073566 074570 075572 076574 077576\n0001200 100600 101602 102604 103606 104610 105612 106614 107616\n0001220 110620 111622 112624 113626 114630 115632 116634 117636\n0001240 120640 121642 122644 123646 124650 125652 126654 127656\n0001260 130660 131662 132664 133666 134670 135672 136674 137676\n0001300 140700 141702 142704 143706 144710 145712 146714 147716\n0001320 150720 151722 152724 153726 154730 155732 156734 157736\n0001340 160740 161742 162744 163746 164750 165752 166754 167756\n0001360 170760 171762 172764 173766 174770 175772 176774 177776\n0001400\n", 0),
    case(&["od", "-A", "x", "-t", "x1z", "hello.txt"], None, "000000 68 65 6c 6c 6f 20 77 6f 72 6c 64 0a              >hello world.<\n00000c\n", 0),
    case(&["base64", "hello.txt"], None, "aGVsbG8gd29ybGQK\n", 0),
    case(&["base64", "bin.dat"], None, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\nOTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3Bx\ncnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmq\nq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj\n5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhsc\nHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTU5PUFFSU1RV\nVldYWVpbXF1eX2BhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4SFhoeIiYqLjI2O\nj5CRkpOUlZaXmJmam5ydnp+goaKjpKWmp6ipqqusra6vsLGys7S1tre4ubq7vL2+v8DBwsPExcbH\nyMnKy8zNzs/Q0dLT1NXW19jZ2tvc3d7f4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3+Pn6+/z9/v8A\nAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5\nOjs8PT4/QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFy\nc3R1dnd4eXp7fH1+f4CBgoOEhYaHiImKi4yNjo+QkZKTlJWWl5iZmpucnZ6foKGio6Slpqeoqaqr\nrK2ur7CxsrO0tba3uLm6u7y9vr/AwcLDxMXGx8jJysvMzc7P0NHS09TV1tfY2drb3N3e3+Dh4uPk\n5ebn6Onq6+zt7u/w8fLz9PX29/j5+vv8/f7/\n", 0),
    case(&["base64", "-d"], Some(b"aGVsbG8gd29ybGQK\n"), "hello world\n", 0),
    case(&["base64", "-w", "16", "hello.txt"], None, "aGVsbG8gd29ybGQK\n", 0),
    case(&["md5sum", "hello.txt", "bin.dat"], None, "6f5902ac237024bdd0c176cb93063dc4  hello.txt\ne6899eaaf06fd702f3ed3f988eb19362  bin.dat\n", 0),
    case(&["md5sum"], Some(b"abc"), "900150983cd24fb0d6963f7d28e17f72  -\n", 0),
    case(&["sha256sum", "hello.txt", "bin.dat"], None, "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447  hello.txt\nf3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363  bin.dat\n", 0),
    case(&["sha256sum", "--tag", "hello.txt"], None, "SHA256 (hello.txt) = a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447\n", 0),
    case(&["comm", "c1.txt", "c2.txt"], None, "apple\n\t\tbanana\n\t\tcarrot\n\tdate\n", 0),
    case(&["comm", "-12", "c1.txt", "c2.txt"], None, "banana\ncarrot\n", 0),
    case(&["join", "j1.txt", "j2.txt"], None, "1 alice red\n2 bob green\n", 0),
    case(&["join", "-a", "1", "-e", "X", "-o", "0,1.2,2.2", "j1.txt", "j2.txt"], None, "1 alice red\n2 bob green\n3 carol X\n", 0),
    case(&["paste", "c1.txt", "c2.txt"], None, "apple\tbanana\nbanana\tcarrot\ncarrot\tdate\n", 0),
    case(&["paste", "-s", "-d", ",", "c1.txt"], None, "apple,banana,carrot\n", 0),
    case(&["fold", "-w", "20", "long.txt"], None, "long line with some \nwords in it that goe\ns on and on to be fo\nlded at some point h\nere\n", 0),
    case(&["fold", "-s", "-w", "20", "long.txt"], None, "long line with some \nwords in it that \ngoes on and on to \nbe folded at some \npoint here\n", 0),
    case(&["expand", "tabs.txt"], None, "x       y       z\n1       2       3\n", 0),
    case(&["expand", "-t", "4", "tabs.txt"], None, "x   y   z\n1   2   3\n", 0),
    case(&["tac", "c1.txt"], None, "carrot\nbanana\napple\n", 0),
    case(&["tac", "hello.txt", "c2.txt"], None, "hello world\ndate\ncarrot\nbanana\n", 0),
    case(&["sha1sum", "hello.txt"], None, "22596363b3de40b06f981fb85d82312e8c0ed511  hello.txt\n", 0),
    case(&["sha512sum", "hello.txt"], None, "db3974a97f2407b7cae1ae637c0030687a11913274d578492558e39c16c017de84eacdc8c62fe34ee4e12b4b1428817f09b6a2760c3f8a664ceae94d2434a593  hello.txt\n", 0),
    case(&["b2sum", "hello.txt"], None, "fec91c70284c72d0d4e3684788a90de9338a5b2f47f01fedbe203cafd68708718ae5672d10eca804a8121904047d40d1d6cf11e7a76419357a9469af41f22d01  hello.txt\n", 0),
    case(&["cksum", "hello.txt", "bin.dat"], None, "3733384285 12 hello.txt\n794916923 768 bin.dat\n", 0),
    case(&["sum", "bin.dat"], None, "01536     1 bin.dat\n", 0),
    case(&["base32", "hello.txt"], None, "NBSWY3DPEB3W64TMMQFA====\n", 0),
    case(&["unexpand", "-a"], Some(b"a       b       c\n"), "a\tb\tc\n", 0),
    case(&["numfmt", "--to=iec", "1048576", "2000"], None, "1.0M\n2.0K\n", 0),
    case(&["factor", "12", "97", "1001"], None, "12: 2 2 3\n97: 97\n1001: 7 11 13\n", 0),
    case(&["tsort"], Some(b"a b\nb c\n"), "a\nb\nc\n", 0),
    case(&["expr", "2", "+", "3", "*", "4"], None, "14\n", 0),
    case(&["fmt", "-w", "30", "long.txt"], None, "long line with some words in\nit that goes on and on to be\nfolded at some point here\n", 0),
    case(&["date", "-u", "-d", "@0"], None, "Thu Jan  1 00:00:00 UTC 1970\n", 0),
    case(&["date", "-u", "-d", "2024-03-04 05:06:07", "+%Y-%m-%d %H:%M:%S %j %a %b %s"], None, "2024-03-04 05:06:07 064 Mon Mar 1709528767\n", 0),
    case(&["date", "-u", "-d", "@1700000000", "-R"], None, "Tue, 14 Nov 2023 22:13:20 +0000\n", 0),
    case(&["date", "-u", "-d", "@1700000000", "-I"], None, "2023-11-14\n", 0),
    case(&["readlink", "nope"], None, "", 1),
    case(&["dd", "if=lines.txt", "bs=5", "count=2", "skip=1", "status=none"], None, "wo\nthree\nf", 0),
    case(&["truncate", "-s", "0", "nope/x"], None, "", 1),
    case(&["pathchk", "a/b"], None, "", 0),
    case(&["printenv", "NOPE"], None, "", 1),
    case(&["csplit", "-s", "-f", "/tmp/cs", "c1.txt", "2"], None, "", 0),
];

/// The tools `guests/userland.txt` gives the coreutils module.
fn listed_tools() -> Vec<&'static str> {
    burrow::userland_manifest()
        .into_iter()
        .find(|(module, _)| *module == "coreutils")
        .map(|(_, tools)| tools)
        .expect("a coreutils line in guests/userland.txt")
}

/// The tools the issue requires.
const REQUIRED: &[&str] = &[
    "ls", "cat", "echo", "cp", "mv", "rm", "mkdir", "rmdir", "touch", "head", "tail", "wc", "sort", "uniq", "cut",
    "tr", "tee", "date", "env", "printf", "seq", "basename", "dirname", "ln", "readlink", "realpath", "stat", "chmod",
    "du", "df", "test", "true", "false", "pwd", "sleep", "yes", "nl", "od", "base64", "md5sum", "sha256sum", "mktemp",
    "whoami", "uname", "id", "comm", "join", "paste", "fold", "expand", "tac", "split", "shuf",
];

fn every_listed_tool_is_installed_and_dispatches(b: Backend) {
    let vm = b.vm();
    let tools = listed_tools();
    for t in REQUIRED {
        assert!(tools.contains(t), "{t} is required but not in guests/userland.txt");
    }
    // `coreutils --list` names exactly the listed tools.
    let out = run(&vm, &["coreutils", "--list"], None);
    let mut listed: Vec<&str> = tools.clone();
    listed.sort_unstable();
    assert_eq!(text(&out.stdout).lines().collect::<Vec<_>>(), listed);
    // Every tool is a symlink to the module, answers --version, and `coreutils TOOL` works too.
    for t in &tools {
        expect(&vm, &["readlink", &format!("/bin/{t}")], None, "coreutils\n", 0);
        if *t == "[" || *t == "test" || *t == "true" || *t == "false" || *t == "echo" || *t == "printf" {
            continue; // these treat --version as an operand or ignore it, as GNU's do
        }
        let out = run(&vm, &[t, "--version"], None);
        assert_eq!(out.code(), 0, "{t} --version: {}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with(&format!("{t} ")), "{t} --version: {}", text(&out.stdout));
    }
    expect(&vm, &["coreutils", "echo", "via", "coreutils"], None, "via coreutils\n", 0);
    expect(&vm, &["/bin/coreutils", "seq", "2"], None, "1\n2\n", 0);
    let out = run(&vm, &["coreutils", "nosuch"], None);
    assert_eq!((out.code(), text(&out.stderr).as_str()), (1, "coreutils: unknown program 'nosuch'\n"));
}

fn gnu_outputs_byte_for_byte(b: Backend) {
    let vm = b.vm();
    let mut failures = Vec::new();
    for &(argv, stdin, stdout, status) in GNU_CASES {
        let out = run(&vm, argv, stdin);
        if (text(&out.stdout).as_str(), out.code()) != (stdout, status) {
            failures.push(format!(
                "{argv:?}: got ({:?}, {}), GNU gives ({stdout:?}, {status}); stderr {:?}",
                text(&out.stdout),
                out.code(),
                text(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), GNU_CASES.len(), failures.join("\n"));
}

/// Runs GNU's own tools on the host (when installed) on the same files, and compares.
#[test]
fn same_output_as_the_host_gnu_tools() {
    let dir = std::env::temp_dir().join(format!("burrow-coreutils-{}", std::process::id()));
    for (name, content) in FILES {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    std::fs::write(dir.join("bin.dat"), bin_dat()).unwrap();
    let vm = Backend(BackendKind::Wasmtime).vm();
    let mut compared = 0;
    for &(argv, stdin, _, _) in GNU_CASES {
        let tool = if argv[0] == "[" { "test" } else { argv[0] };
        // Only GNU's: the host may lack a tool or have another implementation.
        let gnu = std::process::Command::new(tool)
            .arg("--version")
            .env("LC_ALL", "C")
            .output()
            .is_ok_and(|o| text(&o.stdout).contains("GNU coreutils"));
        if !gnu || argv.iter().any(|a| a.starts_with("/tmp")) {
            continue;
        }
        let mut host = std::process::Command::new(argv[0]);
        host.args(&argv[1..]).current_dir(&dir).env_clear().env("LC_ALL", "C").env("TZ", "UTC");
        host.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
        host.stderr(std::process::Stdio::null());
        let mut child = host.spawn().unwrap();
        {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            input.write_all(stdin.unwrap_or_default()).unwrap();
        }
        let host = child.wait_with_output().unwrap();
        let ours = run(&vm, argv, stdin);
        assert_eq!(
            (text(&ours.stdout), ours.code()),
            (text(&host.stdout), host.status.code().unwrap_or(-1)),
            "{argv:?} differs from the host's GNU tool"
        );
        compared += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("compared {compared} invocations with the host's GNU coreutils");
}

fn files_and_directories(b: Backend) {
    let vm = b.vm();
    let ok = |argv: &[&str]| expect(&vm, argv, None, "", 0);
    // mkdir, touch, cp, mv, ln, rm, rmdir on the VM's own files.
    ok(&["mkdir", "-p", "/tmp/w/a/b"]);
    expect(&vm, &["mkdir", "-v", "/tmp/w/c"], None, "mkdir: created directory '/tmp/w/c'\n", 0);
    expect(&vm, &["mkdir", "/tmp/w/c"], None, "", 1);
    ok(&["touch", "/tmp/w/empty"]);
    ok(&["touch", "-d", "2024-01-02 03:04:05", "/tmp/w/empty"]);
    expect(&vm, &["date", "-r", "/tmp/w/empty", "+%F %T"], None, "2024-01-02 03:04:05\n", 0);
    ok(&["cp", "hello.txt", "/tmp/w/copy"]);
    expect(&vm, &["cat", "/tmp/w/copy"], None, "hello world\n", 0);
    expect(&vm, &["cp", "-v", "abc.txt", "/tmp/w/a"], None, "'abc.txt' -> '/tmp/w/a/abc.txt'\n", 0);
    ok(&["cp", "-r", "d", "/tmp/w/d"]);
    expect(&vm, &["cat", "/tmp/w/d/sub/f2"], None, "yy\n", 0);
    // -a and -p copy data, links and times (WASI has no modes or owners to keep).
    ok(&["mkdir", "/tmp/w/b"]);
    ok(&["cp", "-a", "/tmp/w/empty", "/tmp/w/d", "/tmp/w/b"]);
    expect(&vm, &["date", "-r", "/tmp/w/b/empty", "+%F %T"], None, "2024-01-02 03:04:05\n", 0);
    expect(&vm, &["cat", "/tmp/w/b/d/f1"], None, "x\n", 0);
    ok(&["mv", "/tmp/w/copy", "/tmp/w/moved"]);
    expect(&vm, &["test", "-e", "/tmp/w/copy"], None, "", 1);
    expect(&vm, &["cat", "/tmp/w/moved"], None, "hello world\n", 0);
    expect(&vm, &["mv", "-v", "/tmp/w/moved", "/tmp/w/c"], None, "renamed '/tmp/w/moved' -> '/tmp/w/c/moved'\n", 0);
    ok(&["ln", "-s", "../c/moved", "/tmp/w/a/link"]);
    ok(&["ln", "/tmp/w/c/moved", "/tmp/w/hard"]);
    expect(&vm, &["readlink", "/tmp/w/a/link"], None, "../c/moved\n", 0);
    expect(&vm, &["readlink", "-f", "/tmp/w/a/link"], None, "/tmp/w/c/moved\n", 0);
    expect(&vm, &["realpath", "/tmp/w/a/../a/link"], None, "/tmp/w/c/moved\n", 0);
    expect(&vm, &["realpath", "-s", "/tmp/w/a/../a/link"], None, "/tmp/w/a/link\n", 0);
    expect(&vm, &["stat", "-c", "%h %s", "/tmp/w/hard"], None, "2 12\n", 0);
    expect(&vm, &["cat", "/tmp/w/a/link"], None, "hello world\n", 0);
    expect(&vm, &["rm", "-v", "/tmp/w/hard"], None, "removed '/tmp/w/hard'\n", 0);
    expect(&vm, &["rmdir", "/tmp/w/a"], None, "", 1);
    ok(&["rm", "-r", "/tmp/w/a", "/tmp/w/d"]);
    expect(&vm, &["rmdir", "/tmp/w/b/d/sub"], None, "", 1);
    ok(&["rm", "/tmp/w/b/d/sub/f2"]);
    ok(&["rmdir", "/tmp/w/b/d/sub"]);
    expect(&vm, &["ls", "/tmp/w"], None, "b\nc\nempty\n", 0);
    expect_all(
        &vm,
        &["rm", "/tmp/w/nope"],
        "",
        "rm: cannot remove '/tmp/w/nope': No such file or directory\n",
        1,
    );
    // Moving out of the read-only... base image is copy-up: the fixture stays for other VMs.
    ok(&["mv", "/data/hello.txt", "/tmp/w/h"]);
    expect(&vm, &["cat", "/tmp/w/h"], None, "hello world\n", 0);
    // tee copies stdin to files and stdout; pwd; mktemp; split.
    expect(&vm, &["tee", "/tmp/w/t1", "/tmp/w/t2"], Some(b"tee me\n"), "tee me\n", 0);
    expect(&vm, &["cat", "/tmp/w/t1", "/tmp/w/t2"], None, "tee me\ntee me\n", 0);
    expect(&vm, &["tee", "-a", "/tmp/w/t1"], Some(b"again\n"), "again\n", 0);
    expect(&vm, &["cat", "/tmp/w/t1"], None, "tee me\nagain\n", 0);
    expect(&vm, &["pwd"], None, "/data\n", 0);
    let out = vm.command("pwd").cwd("/tmp/w/c").output().unwrap();
    assert_eq!(text(&out.stdout), "/tmp/w/c\n");
    let out = run(&vm, &["mktemp"], None);
    let name = text(&out.stdout).trim_end().to_string();
    assert!(name.starts_with("/tmp/tmp.") && name.len() == "/tmp/tmp.XXXXXXXXXX".len(), "mktemp: {name:?}");
    expect(&vm, &["test", "-f", &name], None, "", 0);
    let out = run(&vm, &["mktemp", "-d", "/tmp/w/dirXXXX"], None);
    let dir = text(&out.stdout).trim_end().to_string();
    expect(&vm, &["test", "-d", &dir], None, "", 0);
    ok(&["split", "-l", "5", "lines.txt", "/tmp/w/part."]);
    expect(&vm, &["ls", "/tmp/w"], None, &format!("b\nc\n{}\nempty\nh\npart.aa\npart.ab\npart.ac\nt1\nt2\n", &dir[7..]), 0);
    expect(&vm, &["cat", "/tmp/w/part.ac"], None, "eleven\ntwelve\n", 0);
    ok(&["split", "-b", "4", "-d", "/tmp/w/h", "/tmp/w/b/x"]);
    expect(&vm, &["ls", "/tmp/w/b"], None, "d\nempty\nx00\nx01\nx02\n", 0);
    expect(&vm, &["cat", "/tmp/w/b/x02"], None, "rld\n", 0);
    // dd, truncate.
    ok(&["dd", "if=lines.txt", "of=/tmp/w/dd", "bs=4", "count=2", "status=none"]);
    expect(&vm, &["cat", "/tmp/w/dd"], None, "one\ntwo\n", 0);
    ok(&["truncate", "-s", "3", "/tmp/w/dd"]);
    expect(&vm, &["cat", "/tmp/w/dd"], None, "one", 0);
    // Other VMs still see the untouched base image.
    let other = b.vm();
    expect(&other, &["cat", "hello.txt"], None, "hello world\n", 0);
}

fn ls_shows_what_wasi_knows(b: Backend) {
    let vm = b.vm();
    expect(&vm, &["ls"], None, "abc.txt\nbin.dat\nc1.txt\nc2.txt\nd\nfruits.txt\nhello.txt\nj1.txt\nj2.txt\nlines.txt\nlong.txt\ntabs.txt\n", 0);
    expect(&vm, &["ls", "-a", "d"], None, ".\n..\nf1\nsub\n", 0);
    expect(&vm, &["ls", "-R", "d"], None, "d:\nf1\nsub\n\nd/sub:\nf2\n", 0);
    expect(&vm, &["ls", "-m", "d"], None, "f1, sub\n", 0);
    expect(&vm, &["ls", "-F", "d"], None, "f1\nsub/\n", 0);
    expect(&vm, &["ls", "-r", "c1.txt", "c2.txt"], None, "c2.txt\nc1.txt\n", 0);
    expect(&vm, &["ls", "-S", "hello.txt", "long.txt", "c1.txt"], None, "long.txt\nc1.txt\nhello.txt\n", 0);
    expect(&vm, &["ls", "-d", "d", "d/sub"], None, "d\nd/sub\n", 0);
    expect_all(&vm, &["ls", "nope"], "", "ls: cannot access 'nope': No such file or directory\n", 2);
    // Long format: modes, owners, sizes, times, link counts and types are the kernel's (through
    // `burrow.stat`: preview1's filestat has no modes or owners).
    let vm = b.vm();
    expect(&vm, &["mkdir", "/tmp/l"], None, "", 0);
    expect(&vm, &["cp", "hello.txt", "/tmp/l/f"], None, "", 0);
    expect(&vm, &["ln", "-s", "f", "/tmp/l/s"], None, "", 0);
    expect(&vm, &["ln", "/tmp/l/f", "/tmp/l/h"], None, "", 0);
    expect(&vm, &["touch", "-h", "-d", "2024-01-02 03:04:05", "/tmp/l/f", "/tmp/l/s"], None, "", 0);
    expect(
        &vm,
        &["ls", "-l", "/tmp/l"],
        None,
        "total 8\n\
         -rw-r--r-- 2 user user 12 Jan  2  2024 f\n\
         -rw-r--r-- 2 user user 12 Jan  2  2024 h\n\
         lrwxrwxrwx 1 user user  1 Jan  2  2024 s -> f\n",
        0,
    );
    let out = run(&vm, &["ls", "-l", "/dev/null"], None);
    assert!(text(&out.stdout).starts_with("crw-rw-rw- 1 root root 0 "), "{}", text(&out.stdout));
    expect(&vm, &["chmod", "750", "/tmp/l/f"], None, "", 0);
    expect(&vm, &["ls", "-lnF", "/tmp/l/f"], None, "-rwxr-x--- 2 1000 1000 12 Jan  2  2024 /tmp/l/f*\n", 0);
    expect(&vm, &["ls", "-i", "/tmp/l/f", "/tmp/l/h"], None, &{
        let ino = text(&run(&vm, &["stat", "-c", "%i", "/tmp/l/f"], None).stdout).trim_end().to_string();
        format!("{ino} /tmp/l/f\n{ino} /tmp/l/h\n")
    }, 0);
    let out = run(&vm, &["vdir", "/tmp/l/f"], None);
    assert_eq!(text(&out.stdout), "-rwxr-x--- 2 user user 12 Jan  2  2024 /tmp/l/f\n");
}

fn identity_and_system(b: Backend) {
    // Burrow runs every VM process as uid 1000 (`user`), gid 1000.
    let vm = b.vm();
    expect(&vm, &["whoami"], None, "user\n", 0);
    expect(&vm, &["id"], None, "uid=1000(user) gid=1000(user) groups=1000(user)\n", 0);
    expect(&vm, &["id", "-u"], None, "1000\n", 0);
    expect(&vm, &["id", "-un"], None, "user\n", 0);
    expect(&vm, &["id", "-g"], None, "1000\n", 0);
    expect(&vm, &["id", "-Gn"], None, "user\n", 0);
    expect(&vm, &["id", "root"], None, "uid=0(root) gid=0(root) groups=0(root)\n", 0);
    expect_all(&vm, &["id", "nobody"], "", "id: 'nobody': no such user\n", 1);
    expect_all(&vm, &["id", "-u", "-g"], "", "id: cannot print \"only\" of more than one choice\n", 1);
    expect(&vm, &["groups"], None, "user\n", 0);
    expect(&vm, &["groups", "root", "user"], None, "root : root\nuser : user\n", 0);
    expect(&vm, &["logname"], None, "user\n", 0);
    expect_all(&vm, &["whoami", "x"], "", "whoami: extra operand 'x'\nTry 'whoami --help' for more information.\n", 1);
    // uname: a WASI machine named by /etc/hostname.
    expect(&vm, &["uname"], None, "Burrow\n", 0);
    expect(&vm, &["uname", "-n"], None, "burrow\n", 0);
    expect(&vm, &["uname", "-m"], None, "wasm32\n", 0);
    expect(&vm, &["uname", "-sm"], None, "Burrow wasm32\n", 0);
    let out = run(&vm, &["uname", "-a"], None);
    let all = text(&out.stdout);
    assert!(all.starts_with("Burrow burrow ") && all.ends_with(" #1 wasm32 WASI\n"), "{all}");
    expect(&vm, &["hostname"], None, "burrow\n", 0);
    expect(&vm, &["nproc"], None, "1\n", 0);
    expect(&vm, &["printenv", "HOME"], None, "/home/user\n", 0);
    expect(&vm, &["tty"], None, "not a tty\n", 1);
}

fn stat_du_df_and_chmod(b: Backend) {
    let vm = b.vm();
    // stat: the kernel's full status (`burrow.stat`).
    // Files the embedder seeds (and the directories made for them) are the VM user's.
    expect(&vm, &["stat", "-c", "%n %s %F %h %a %U:%G %u", "hello.txt", "d", "bin.dat", "/etc/passwd"], None,
        "hello.txt 12 regular file 1 644 user:user 1000\nd 4096 directory 3 755 user:user 1000\n\
         bin.dat 768 regular file 1 644 user:user 1000\n/etc/passwd 71 regular file 1 644 root:root 0\n", 0);
    expect(&vm, &["touch", "-d", "2024-01-02 03:04:05.5", "/tmp/t"], None, "", 0);
    expect(&vm, &["stat", "-c", "%y|%Y|%.3Y|%F|%A|%a|%U|%w", "/tmp/t"], None,
        "2024-01-02 03:04:05.500000000 +0000|1704164645|1704164645.500|regular empty file|-rw-r--r--|644|user|-\n", 0);
    expect(&vm, &["stat", "--printf", "%s\\t%N\\n", "hello.txt"], None, "12\t'hello.txt'\n", 0);
    let out = run(&vm, &["stat", "/tmp/t"], None);
    let lines: Vec<String> = text(&out.stdout).lines().map(String::from).collect();
    assert_eq!(lines[0], "  File: /tmp/t");
    assert_eq!(lines[1], "  Size: 0         \tBlocks: 0          IO Block: 4096   regular empty file");
    assert!(lines[2].starts_with("Device: ") && lines[2].ends_with("Links: 1"), "{}", lines[2]);
    assert_eq!(lines[3], "Access: (0644/-rw-r--r--)  Uid: ( 1000/    user)   Gid: ( 1000/    user)");
    assert_eq!(lines[5], "Modify: 2024-01-02 03:04:05.500000000 +0000");
    assert_eq!(lines[7], " Birth: -");
    expect_all(&vm, &["stat", "nope"], "", "stat: cannot statx 'nope': No such file or directory\n", 1);
    // du: apparent sizes are exact; usage is the kernel's block count: whole 4 KiB blocks, as a
    // small file or a directory takes on ext4.
    expect(&vm, &["du", "-ab", "d/f1", "d/sub/f2"], None, "2\td/f1\n3\td/sub/f2\n", 0);
    expect(&vm, &["du", "-a", "d/f1"], None, "4\td/f1\n", 0);
    expect(&vm, &["du", "-h", "bin.dat"], None, "4.0K\tbin.dat\n", 0);
    expect(&vm, &["du", "-s", "--apparent-size", "-B1", "d/sub"], None, "4099\td/sub\n", 0);
    expect(&vm, &["du", "-c", "-b", "d/f1", "hello.txt"], None, "2\td/f1\n12\thello.txt\n14\ttotal\n", 0);
    expect(&vm, &["mkdir", "-p", "/tmp/du/a/b"], None, "", 0);
    expect(&vm, &["du", "/tmp/du"], None, "4\t/tmp/du/a/b\n8\t/tmp/du/a\n12\t/tmp/du\n", 0);
    expect(&vm, &["du", "-d", "0", "/tmp/du"], None, "12\t/tmp/du\n", 0);
    expect_all(&vm, &["du", "nope"], "", "du: cannot access 'nope': No such file or directory\n", 1);
    // df: no sizes through WASI.
    expect(&vm, &["df", "/data"], None,
        "Filesystem     1K-blocks Used Available Use% Mounted on\nburrow                 -    -         -    - /\n", 0);
    expect_all(&vm, &["df", "nope"], "", "df: nope: No such file or directory\n", 1);
    // chmod: GNU's modes through `burrow.chmod`; system files are root's.
    expect_all(&vm, &["chmod", "+x", "/etc/passwd"], "",
        "chmod: changing permissions of '/etc/passwd': Operation not permitted\n", 1);
    expect(&vm, &["cp", "hello.txt", "/tmp/m"], None, "", 0);
    for (mode, want) in [("+x", "755"), ("go-rx", "700"), ("u=rw,g=r", "640"), ("a+X", "640"), ("o+w,g+x", "652"),
        ("u+s", "4652"), ("=", "0"), ("0644", "644"), ("g=u", "664"), ("a-w", "444")] {
        expect(&vm, &["chmod", mode, "/tmp/m"], None, "", 0);
        expect(&vm, &["stat", "-c", "%a", "/tmp/m"], None, &format!("{want}\n"), 0);
    }
    expect(&vm, &["chmod", "-v", "u+w", "/tmp/m"], None, "mode of '/tmp/m' changed from 0444 (r--r--r--) to 0644 (rw-r--r--)\n", 0);
    expect(&vm, &["mkdir", "-p", "/tmp/r/s"], None, "", 0);
    expect(&vm, &["touch", "/tmp/r/s/f"], None, "", 0);
    expect(&vm, &["chmod", "-R", "go=", "/tmp/r"], None, "", 0);
    expect(&vm, &["stat", "-c", "%a %n", "/tmp/r", "/tmp/r/s", "/tmp/r/s/f"], None, "700 /tmp/r\n700 /tmp/r/s\n600 /tmp/r/s/f\n", 0);
    expect_all(&vm, &["chmod", "u=rwx,go=", "nope"], "",
        "chmod: cannot access 'nope': No such file or directory\n", 1);
    expect_all(&vm, &["chmod", "bad", "hello.txt"], "",
        "chmod: invalid mode: 'bad'\nTry 'chmod --help' for more information.\n", 1);
    expect_all(&vm, &["chmod", "755"], "",
        "chmod: missing operand after '755'\nTry 'chmod --help' for more information.\n", 1);
}

fn sizes_past_4_gib(b: Backend) {
    // A sparse host file of 4 GiB and 3 bytes, mounted read-only. Guests are 32-bit: a size
    // kept in a usize wraps to 3 (uu_wc 0.12 did; vendor/uu_wc counts in u64).
    let dir = tempfile::tempdir().unwrap();
    let size: u64 = (4 << 30) + 3;
    std::fs::File::create(dir.path().join("big")).unwrap().set_len(size).unwrap();
    let vm = Vm::builder()
        .runtime(&runtime())
        .backend(b.0)
        .mount(burrow::MountSpec { host: dir.path().to_path_buf(), guest: "/big".into(), read_only: true })
        .build()
        .expect("vm");
    expect(&vm, &["stat", "-c", "%s", "/big/big"], None, &format!("{size}\n"), 0);
    expect(&vm, &["du", "-b", "/big/big"], None, &format!("{size}\t/big/big\n"), 0);
    expect(&vm, &["wc", "-c", "/big/big"], None, &format!("{size} /big/big\n"), 0);
    expect(&vm, &["sh", "-c", "wc -c < /big/big"], None, &format!("{size}\n"), 0);
    expect(&vm, &["sh", "-c", "tail -c 2 /big/big | od -An -c"], None, "  \\0  \\0\n", 0);
}

fn timeout_limits_a_program(b: Backend) {
    let vm = b.vm();
    // GNU's statuses: 124 on timeout, the signal's 128+N with --preserve-status or KILL, the
    // program's own status otherwise; 125/126/127 for timeout's own failures.
    expect_all(&vm, &["timeout", "0.2", "sleep", "30"], "", "", 124);
    expect_all(&vm, &["timeout", "5", "sh", "-c", "echo ran; exit 3"], "ran\n", "", 3);
    expect_all(&vm, &["timeout", "0", "sh", "-c", "exit 4"], "", "", 4);
    expect_all(&vm, &["timeout", "-s", "KILL", "0.1", "sleep", "30"], "", "", 137);
    expect_all(&vm, &["timeout", "--preserve-status", "0.1", "sleep", "30"], "", "", 143);
    expect_all(&vm, &["timeout", "-v", "0.1", "sleep", "30"], "", "timeout: sending signal TERM to command 'sleep'\n", 124);
    expect_all(&vm, &["timeout", "--signal=INT", "-v", "0.1s", "sleep", "30"], "", "timeout: sending signal INT to command 'sleep'\n", 124);
    // A program that ignores the signal is killed after -k.
    expect_all(&vm, &["timeout", "-k", "0.2", "0.1", "sh", "-c", "trap '' TERM; while :; do :; done"], "", "", 137);
    // The signal reaches what the program started: the pipe's writers are gone, cat ends.
    expect(&vm, &["sh", "-c", "timeout 0.2 sh -c 'sleep 30; echo late' | cat; echo \"${PIPESTATUS[0]}\""], None, "124\n", 0);
    // A program killed by another signal: timeout dies of it too.
    expect(&vm, &["sh", "-c", "timeout 5 sh -c 'kill -USR1 $$'; echo $?"], None, "138\n", 0);
    let hint = "Try 'timeout --help' for more information.\n";
    expect_all(&vm, &["timeout"], "", hint, 125);
    expect_all(&vm, &["timeout", "1"], "", hint, 125);
    expect_all(&vm, &["timeout", "x", "true"], "", &format!("timeout: invalid time interval 'x'\n{hint}"), 125);
    expect_all(&vm, &["timeout", "-s", "FOO", "1", "true"], "", &format!("timeout: 'FOO': invalid signal\n{hint}"), 125);
    expect_all(&vm, &["timeout", "--bogus", "1", "true"], "", &format!("timeout: unrecognized option '--bogus'\n{hint}"), 125);
    expect_all(&vm, &["timeout", "1", "nosuch"], "", "timeout: failed to run command 'nosuch': No such file or directory\n", 127);
}

fn devices_and_descriptors_as_paths(b: Backend) {
    let vm = b.vm();
    // cat reads devices (uu_cat refused them under WASI: vendor/uu_cat).
    expect_all(&vm, &["sh", "-c", "echo old > /tmp/f; cat /dev/null > /tmp/f; wc -c < /tmp/f"], "0\n", "", 0);
    expect_all(&vm, &["cat", "/dev/stdin"], "", "", 0);
    let out = run(&vm, &["cat", "/dev/stdin", "-"], Some(b"piped\n"));
    assert_eq!((text(&out.stdout).as_str(), out.code()), ("piped\n", 0), "{}", text(&out.stderr));
    expect(&vm, &["sh", "-c", "head -c 5 /dev/zero | od -An -tx1"], None, " 00 00 00 00 00\n", 0);
    // /dev/fd/N is the process's descriptor N (3 is WASI's preopened root in every process).
    expect(&vm, &["sh", "-c", "exec 5< hello.txt; cat /dev/fd/5; wc -c < /dev/fd/0 < abc.txt"], None, "hello world\n18\n", 0);
    expect_all(&vm, &["cat", "/dev/fd/9"], "", "cat: /dev/fd/9: No such file or directory\n", 1);
}

fn cp_and_mkdir_set_modes_as_gnu_does(b: Backend) {
    let vm = b.vm();
    // A new file gets the source's permission bits less the set-ID bits and the umask, `-p` and
    // new directories keep them, an existing file keeps its own; `cp /dev/null f` copies the
    // device's (empty) contents. Under WASI std can neither (vendor/uu_cp). GNU cp 9.1's
    // output.
    let script = "cd /tmp; umask 022; echo 'echo hi' > s; chmod 4755 s; cp s t; ./t; cp /dev/null n; \
                  mkdir -m 700 d; cp -r d d2; chmod 640 s; cp -p s p; cp --no-preserve=mode s q; \
                  echo x > e; chmod 600 e; cp s e; cat e; stat -c '%a %n' t n d2 p q e; echo old > n; cp /dev/null n; wc -c < n";
    expect(&vm, &["sh", "-c", script], None, "hi\necho hi\n755 t\n644 n\n700 d2\n640 p\n644 q\n600 e\n0\n", 0);
    // `mkdir -m` sets exactly the mode asked for, not parents made by -p (vendor/uu_mkdir).
    let script = "cd /tmp; umask 022; mkdir -m 700 m1; mkdir -p -m 711 m2/q/r; mkdir -m u=rwx,g=rx m3; \
                  stat -c '%a %n' m1 m2 m2/q m2/q/r m3";
    expect(&vm, &["sh", "-c", script], None, "700 m1\n755 m2\n755 m2/q\n711 m2/q/r\n757 m3\n", 0);
    // An existing directory in GNU mkdir 9.1's words (LC_ALL=C), not uutils' "m1: File exists".
    expect_all(&vm, &["mkdir", "/tmp/m1"], "", "mkdir: cannot create directory '/tmp/m1': File exists\n", 1);
}

fn programs_run_by_env_and_nice(b: Backend) {
    let vm = b.vm();
    expect(&vm, &["env", "-i", "A=1", "B=x y"], None, "A=1\nB=x y\n", 0);
    expect(&vm, &["env", "-i", "A=1", "printenv", "A"], None, "1\n", 0);
    expect(&vm, &["env", "-u", "HOME", "printenv", "HOME"], None, "", 1);
    expect(&vm, &["env", "GREETING=hi", "sh-less", "x"], None, "", 127);
    expect(&vm, &["env", "-C", "/tmp", "pwd"], None, "/tmp\n", 0);
    expect(&vm, &["env", "-S", "echo  a 'b  c'", "d"], None, "a b  c d\n", 0);
    expect(&vm, &["env", "false"], None, "", 1);
    expect_all(&vm, &["env", "nosuch"], "", "env: 'nosuch': No such file or directory\n", 127);
    expect(&vm, &["env", "/etc/passwd"], None, "", 126);
    expect(&vm, &["nice"], None, "0\n", 0);
    expect(&vm, &["nice", "-n", "5", "echo", "hi"], None, "hi\n", 0);
    expect(&vm, &["nice", "seq", "2"], None, "1\n2\n", 0);
}

fn time_randomness_and_endless_output(b: Backend) {
    let vm = b.vm();
    // date: UTC (the VM has no time zone), GNU's formats.
    expect(&vm, &["date", "-d", "@0"], None, "Thu Jan  1 00:00:00 UTC 1970\n", 0);
    let out = run(&vm, &["date", "+%s"], None);
    let now: u64 = text(&out.stdout).trim().parse().unwrap();
    let host = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!(now.abs_diff(host) < 60, "date +%s: {now}, host {host}");
    // sleep sleeps.
    let start = Instant::now();
    expect(&vm, &["sleep", "0.2"], None, "", 0);
    assert!(start.elapsed() >= Duration::from_millis(200));
    expect(&vm, &["sleep", "x"], None, "", 1);
    // shuf: a permutation.
    let out = run(&vm, &["shuf", "-i", "1-20"], None);
    let mut got: Vec<u32> = text(&out.stdout).lines().map(|l| l.parse().unwrap()).collect();
    got.sort_unstable();
    assert_eq!(got, (1..=20).collect::<Vec<_>>());
    let out = run(&vm, &["shuf", "c1.txt"], None);
    let mut lines: Vec<String> = text(&out.stdout).lines().map(String::from).collect();
    lines.sort();
    assert_eq!(lines, ["apple", "banana", "carrot"]);
    expect(&vm, &["shuf", "-n", "1", "-e", "only"], None, "only\n", 0);
    expect(&vm, &["shuf", "-n", "0", "c1.txt"], None, "", 0);
    // yes writes until it is stopped (here by a wall-clock limit).
    let limited = Vm::builder()
        .runtime(&runtime())
        .backend(b.0)
        .capture_limit(64)
        .limits(Limits { wall_time_ms: 300, ..Limits::default() })
        .build()
        .unwrap();
    let out = limited.run(&["yes", "ab"]).unwrap();
    assert!(text(&out.stdout).starts_with("ab\nab\nab\n"), "{}", text(&out.stdout));
    assert_eq!(out.code(), 137);
}

/// Start-up of the 10 MB module on each exec: `true` and `echo hello` through the API, warm
/// (compiled module cached, one VM). Prints the mean; fails only when absurdly slow.
#[test]
fn warm_exec_is_cheap() {
    for kind in [BackendKind::Wasmtime, BackendKind::Wasmi, BackendKind::V8] {
        let vm = Backend(kind).vm();
        for argv in [&["true"][..], &["echo", "hello"][..]] {
            for _ in 0..3 {
                vm.run(argv).unwrap();
            }
            let n = 30;
            let start = Instant::now();
            for _ in 0..n {
                let out = vm.run(argv).unwrap();
                assert_eq!(out.code(), 0);
            }
            let mean = start.elapsed() / n;
            eprintln!("{kind:?}: {argv:?} warm exec {mean:?}");
            assert!(mean < Duration::from_millis(500), "{kind:?} {argv:?}: {mean:?} per exec");
        }
    }
}
