//! `escape MODE ROOT`: tries to reach past a host directory mounted at ROOT, printing one
//! `WHAT: RESULT` line per attempt (`ok`, an errno name, or `LEAKED` when it read the secret),
//! then exits 0. The host side of the test (conformance's hostile suite) lays out the mount and
//! checks afterwards that nothing outside it changed. The fixture: `ROOT/inner.txt`, `ROOT/sub/`,
//! host-planted symlinks `host-abs` (the host's absolute path of `outside.txt`, a sibling of the
//! mounted directory), `host-rel` (`../outside.txt`), `host-dir-abs` (the outside directory),
//! `proc-self` (`/proc/self/root`), a hard link `hardlink` to `outside.txt`, special files
//! `dev-null`, `fifo` and `sock`, and `port` (a host TCP port that listens).
//!
//! Modes: `walk` (`..` from inside the mount and from a working directory in it), `symlinks`
//! (guest- and host-planted symlinks, loops), `toctou MS` (a child swaps symlinks and directories
//! in the mount for MS ms while this process reads and writes through them), `swap MS` (that
//! child), `hostrace MS` (the same reads and writes while the host swaps `hrace` and `hracedir`),
//! `hardlink`, `special` (device, FIFO, socket, `/proc`-style paths), `rofs` (every write path on
//! a read-only mount) and `host` (the host's environment, working directory, files and sockets).
//!
//! Links are made with `std::fs::soft_link` (deprecated on Unix, but the only stable way on WASI;
//! it is `path_symlink`).
#![allow(deprecated)]
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use burrow_guest::process::Command;
use burrow_test_guests::err_name;

/// The content every decoy file has; the outside file's content starts with `SECRET`.
const DECOY: &[u8] = b"decoy\n";

fn show<T>(what: &str, r: std::io::Result<T>) {
    match r {
        Ok(_) => println!("{what}: ok"),
        Err(e) => println!("{what}: {}", err_name(&e)),
    }
}

/// Reads `path`: `ok`, the errno, or `LEAKED` when the content is the outside file's.
fn read(path: impl AsRef<Path>) -> String {
    match fs::read(path) {
        Ok(b) if b.starts_with(b"SECRET") => "LEAKED".into(),
        Ok(_) => "ok".into(),
        Err(e) => err_name(&e),
    }
}

fn show_read(what: &str, path: impl AsRef<Path>) {
    println!("{what}: {}", read(path));
}

fn write_existing(path: impl AsRef<Path>) -> std::io::Result<()> {
    OpenOptions::new().write(true).open(path)?.write_all(b"guest was here\n")
}

fn walk(root: &Path) {
    show_read("read inner.txt", root.join("inner.txt"));
    show_read("read ../outside.txt", root.join("../outside.txt"));
    show_read("read ../../outside.txt", root.join("../../outside.txt"));
    show_read("read sub/../../outside.txt", root.join("sub/../../outside.txt"));
    show_read("read ../../../../../../../outside.txt", root.join("../../../../../../../outside.txt"));
    show(
        "create ../planted.txt",
        fs::write(root.join("../planted.txt"), b"x").and_then(|()| fs::remove_file(root.join("../planted.txt"))),
    );
    let mut names: Vec<String> = match fs::read_dir(root.join("..")) {
        Ok(d) => d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(e) => vec![err_name(&e)],
    };
    names.sort();
    println!("list ..: {}", names.join(" "));
    show("chdir ROOT/sub", burrow_guest::chdir(root.join("sub")));
    show_read("read ../../outside.txt from sub", "../../outside.txt");
    show_read("read ../../../../../../outside.txt from sub", "../../../../../../outside.txt");
    show("chdir ../../..", burrow_guest::chdir("../../.."));
    println!("cwd: {}", burrow_guest::getcwd().map(|p| p.display().to_string()).unwrap_or_else(|e| err_name(&e)));
}

fn symlinks(root: &Path) {
    let host_abs = fs::read_link(root.join("host-abs"));
    println!("readlink host-abs: {}", if host_abs.is_ok() { "ok" } else { "failed" });
    let host_abs = host_abs.unwrap_or_else(|_| PathBuf::from("/outside.txt"));
    show_read("read host-abs", root.join("host-abs"));
    show_read("read host-rel", root.join("host-rel"));
    show_read("read host-dir-abs/secret.txt", root.join("host-dir-abs/secret.txt"));
    show("write through host-abs", fs::write(root.join("host-abs"), b"guest"));
    show("write through host-rel", fs::write(root.join("host-rel"), b"guest"));
    let planted: [(&str, PathBuf); 4] = [
        ("g-abs", PathBuf::from("/outside.txt")),
        ("g-up", PathBuf::from("../outside.txt")),
        ("g-deep", PathBuf::from("../../../../../../../../outside.txt")),
        ("g-host", host_abs),
    ];
    for (name, target) in &planted {
        let link = root.join(name);
        show(&format!("symlink {name}"), fs::soft_link(target, &link));
        show_read(&format!("read {name}"), &link);
        show(&format!("write through {name}"), write_existing(&link));
        show(&format!("remove {name}"), fs::remove_file(&link));
    }
    show("symlink loop1", fs::soft_link("loop2", root.join("loop1")));
    show("symlink loop2", fs::soft_link("loop1", root.join("loop2")));
    show_read("read loop1", root.join("loop1"));
    let _ = fs::remove_file(root.join("loop1"));
    let _ = fs::remove_file(root.join("loop2"));
}

/// Alternates `ROOT/race` between a decoy file and symlinks out, and `ROOT/racedir` between a
/// directory and a symlink to the outside directory, for `ms` milliseconds.
fn swap(root: &Path, ms: u64) {
    let host_abs = fs::read_link(root.join("host-abs")).unwrap_or_else(|_| PathBuf::from("/outside.txt"));
    let host_dir = fs::read_link(root.join("host-dir-abs")).unwrap_or_else(|_| PathBuf::from("/outside"));
    let targets = [host_abs, PathBuf::from("../outside.txt"), PathBuf::from("/outside.txt")];
    let race = root.join("race");
    let dir = root.join("racedir");
    let parked = root.join("racedir.d");
    let _ = fs::create_dir(&parked);
    let _ = fs::write(parked.join("secret.txt"), DECOY);
    let end = Instant::now() + Duration::from_millis(ms);
    let mut i = 0;
    while Instant::now() < end {
        let target = &targets[i % targets.len()];
        i += 1;
        let _ = fs::soft_link(target, root.join("race.l"));
        let _ = fs::rename(root.join("race.l"), &race);
        let _ = fs::write(root.join("race.f"), DECOY);
        let _ = fs::rename(root.join("race.f"), &race);
        let _ = fs::remove_file(&dir);
        let _ = fs::rename(&parked, &dir);
        let _ = fs::rename(&dir, &parked);
        let _ = fs::soft_link(&host_dir, &dir);
    }
}

/// Reads, writes, chmods and lists through `file` and `dir/secret.txt` for `ms` milliseconds;
/// prints whether the secret was ever read.
fn hammer(what: &str, file: &Path, dir: &Path, ms: u64) {
    let end = Instant::now() + Duration::from_millis(ms);
    let mut leaked = 0;
    while Instant::now() < end {
        for path in [file.to_path_buf(), dir.join("secret.txt")] {
            if read(&path) == "LEAKED" {
                leaked += 1;
            }
            if let Ok(mut f) = File::open(&path) {
                let mut b = Vec::new();
                if f.read_to_end(&mut b).is_ok() && b.starts_with(b"SECRET") {
                    leaked += 1;
                }
            }
            let _ = write_existing(&path);
            let _ = burrow_guest::chmod(&path, 0o777);
        }
        let _ = fs::read_dir(dir).map(|d| d.count());
    }
    if leaked == 0 {
        println!("{what}: secret never read");
    } else {
        println!("{what}: LEAKED {leaked} times");
    }
}

fn hardlink(root: &Path) {
    let link = root.join("hardlink");
    println!("read hardlink: {}", if fs::read(&link).is_ok() { "readable" } else { "unreadable" });
    show("write hardlink", write_existing(&link));
    show("append hardlink", OpenOptions::new().append(true).open(&link).and_then(|mut f| f.write_all(b"guest")));
    show("truncate hardlink", OpenOptions::new().write(true).truncate(true).open(&link));
    show("chmod hardlink", burrow_guest::chmod(&link, 0o777));
    show(
        "utimes hardlink",
        File::open(&link).and_then(|f| f.set_times(fs::FileTimes::new().set_modified(std::time::UNIX_EPOCH))),
    );
    show("link inner.txt to /tmp", fs::hard_link(root.join("inner.txt"), "/tmp/inner-link"));
    show("link /etc/hostname into the mount", fs::hard_link("/etc/hostname", root.join("hostname-link")));
    show("rename inner.txt to /tmp", fs::rename(root.join("inner.txt"), "/tmp/inner.txt"));
    show(
        "rename hardlink inside the mount",
        fs::rename(&link, root.join("hardlink2")).and_then(|()| fs::rename(root.join("hardlink2"), &link)),
    );
}

fn special(root: &Path) {
    for name in ["dev-null", "fifo", "sock"] {
        show_read(&format!("read {name}"), root.join(name));
        show(&format!("write {name}"), write_existing(root.join(name)));
    }
    show("unix connect sock", burrow_guest::net::UnixStream::connect(root.join("sock")));
    let mut devs: Vec<String> = match fs::read_dir("/dev") {
        Ok(d) => d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(e) => vec![err_name(&e)],
    };
    devs.sort();
    println!("list /dev: {}", devs.join(" "));
    for path in [
        "/dev/sda",
        "/dev/vda",
        "/dev/mem",
        "/dev/kmsg",
        "/dev/tty",
        "/proc/self/root",
        "/proc/1/environ",
        "/proc/self/mem",
        "/sys/kernel",
    ] {
        show(&format!("stat {path}"), fs::symlink_metadata(path));
    }
    show("list proc-self", fs::read_dir(root.join("proc-self")));
    show_read("read proc-self/etc/hostname", root.join("proc-self/etc/hostname"));
}

fn rofs(root: &Path) {
    let inner = root.join("inner.txt");
    show_read("read inner.txt", &inner);
    show("open write", OpenOptions::new().write(true).open(&inner));
    show("open read-write", OpenOptions::new().read(true).write(true).open(&inner));
    show("open append", OpenOptions::new().append(true).open(&inner));
    show("open truncate", OpenOptions::new().write(true).truncate(true).open(&inner));
    show("create", OpenOptions::new().write(true).create(true).truncate(false).open(root.join("new.txt")));
    show("create_new", OpenOptions::new().write(true).create_new(true).open(root.join("new.txt")));
    show("rename", fs::rename(&inner, root.join("renamed.txt")));
    show("unlink", fs::remove_file(&inner));
    show("rmdir", fs::remove_dir(root.join("sub")));
    show("mkdir", fs::create_dir(root.join("newdir")));
    show("symlink", fs::soft_link("inner.txt", root.join("new-link")));
    show("link", fs::hard_link(&inner, root.join("new-hard")));
    show("chmod", burrow_guest::chmod(&inner, 0o777));
    show(
        "utimes",
        File::open(&inner).and_then(|f| f.set_times(fs::FileTimes::new().set_modified(std::time::UNIX_EPOCH))),
    );
    show("ftruncate read-only fd", File::open(&inner).and_then(|f| f.set_len(0)));
    show_read("read inner.txt again", &inner);
}

fn host(root: &Path) {
    let mut keys: Vec<String> = std::env::vars_os().map(|(k, _)| k.to_string_lossy().into_owned()).collect();
    keys.sort();
    println!("env: {}", keys.join(" "));
    println!("cwd: {}", burrow_guest::getcwd().map(|p| p.display().to_string()).unwrap_or_else(|e| err_name(&e)));
    for path in
        ["/proc", "/sys", "/work", "/etc/shadow", "/var", "/run", "/root/.ssh", "/home/user/.ssh", "/usr/bin/cargo"]
    {
        show(&format!("stat {path}"), fs::symlink_metadata(path));
    }
    println!("hostname: {}", fs::read_to_string("/etc/hostname").unwrap_or_default().trim());
    let port: u16 = fs::read_to_string(root.join("port")).ok().and_then(|p| p.trim().parse().ok()).unwrap_or(1);
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    show("connect 127.0.0.1:PORT (host listens)", burrow_guest::net::TcpStream::connect(loopback));
    let host = std::net::SocketAddr::from(([10, 0, 2, 2], port));
    show("connect 10.0.2.2:PORT (the host, not allowed)", burrow_guest::net::TcpStream::connect(host));
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let root = PathBuf::from(burrow_test_guests::arg(2, "MODE ROOT [MS]"));
    let ms: u64 = burrow_test_guests::num_arg(3, "MODE ROOT [MS]").unwrap_or(500);
    match mode.as_str() {
        "walk" => walk(&root),
        "symlinks" => symlinks(&root),
        "swap" => swap(&root, ms),
        "toctou" => {
            let me = std::env::args_os().next().unwrap_or_else(|| "/bin/escape".into());
            let child = Command::new(&me).arg("swap").arg(&root).arg(ms.to_string()).spawn();
            hammer("toctou", &root.join("race"), &root.join("racedir"), ms);
            match child {
                Ok(mut c) => show("swapper", c.wait()),
                Err(e) => println!("swapper: {}", err_name(&e)),
            }
        }
        "hostrace" => hammer("hostrace", &root.join("hrace"), &root.join("hracedir"), ms),
        "hardlink" => hardlink(&root),
        "special" => special(&root),
        "rofs" => rofs(&root),
        "host" => host(&root),
        _ => burrow_test_guests::usage("walk|symlinks|toctou|swap|hostrace|hardlink|special|rofs|host ROOT [MS]"),
    }
}
