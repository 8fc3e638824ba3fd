//! Deterministic input files, created identically in a VM and in a host directory, so a row's
//! VM command and host command work on the same data.

use std::path::Path;

use burrow::kernel::fd::OpenFlags;
use burrow::kernel::{Task, AT_FDCWD};

/// Where fixtures live in the VM (the rows' working directory).
pub const VM_DIR: &str = "/home/user/work";

/// A set of files a row needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixture {
    /// An empty working directory.
    Empty,
    /// 100 small files.
    Files100,
    /// A small and a big text file (`small.txt` 4 KiB, `big.txt` 10 MiB), and `data.json`.
    Text,
    /// A tree of 1000 files in 10 directories.
    Tree1000,
    /// The self-timed node rows' files: `stat.txt` (4 KiB), `d10/` (10 files), `src.bin` (1 MiB),
    /// and [`REQUIRE_RUNS`] directories `req/sNN/` of 100 modules `mNN.js` (`module.exports =
    /// NN*100+i;`), one per run of `node_require_100`.
    Node,
}

/// How many runs (warm-up and samples) `node_require_100` can make, each on its own modules.
pub const REQUIRE_RUNS: usize = 64;

/// The files of `fixture`: relative path and content (directories are implied).
pub fn files(fixture: Fixture) -> Vec<(String, Vec<u8>)> {
    match fixture {
        Fixture::Empty => Vec::new(),
        Fixture::Files100 => (0..100).map(|i| (format!("file{i:03}.txt"), format!("line {i}\n").into_bytes())).collect(),
        Fixture::Text => {
            let line = |i: usize| format!("{i:07} the quick brown fox jumps over the lazy dog {}\n", if i % 10 == 0 { "needle" } else { "hay" });
            let small: String = (0..60).map(line).collect();
            let mut big = String::with_capacity(10 << 20);
            let mut i = 0;
            while big.len() < 10 << 20 {
                big.push_str(&line(i));
                i += 1;
            }
            let items: Vec<String> = (0..200).map(|i| format!(r#"{{"id":{i},"name":"item{i}","tags":["a","b"],"price":{}.5}}"#, i % 50)).collect();
            let json = format!(r#"{{"version":3,"items":[{}]}}"#, items.join(","));
            vec![("small.txt".into(), small.into_bytes()), ("big.txt".into(), big.into_bytes()), ("data.json".into(), json.into_bytes())]
        }
        Fixture::Tree1000 => (0..1000)
            .map(|i| (format!("dir{}/sub{}/f{i:04}.{}", i % 10, i % 3, if i % 4 == 0 { "rs" } else { "txt" }), format!("{i}\n").into_bytes()))
            .collect(),
        Fixture::Node => {
            let mut files = vec![("stat.txt".to_string(), vec![b'x'; 4096])];
            files.extend((0..10).map(|i| (format!("d10/f{i}"), format!("{i}\n").into_bytes())));
            files.push(("src.bin".into(), (0..1u32 << 20).map(|i| (i % 251) as u8 ^ (i >> 12) as u8).collect()));
            for run in 0..REQUIRE_RUNS {
                files.extend((0..100).map(|i| (format!("req/s{run:02}/m{i:02}.js"), format!("module.exports = {};\n", run * 100 + i).into_bytes())));
            }
            files
        }
    }
}

/// Creates the fixture in a host directory.
pub fn create_on_host(fixture: Fixture, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (path, content) in files(fixture) {
        let p = dir.join(&path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, content)?;
    }
    Ok(())
}

/// Creates the fixture in a VM under [`VM_DIR`], owned by the VM's user.
pub fn create_in_vm(fixture: Fixture, init: &Task) -> burrow::kernel::Result<()> {
    mkdir_p(init, VM_DIR)?;
    for (path, content) in files(fixture) {
        let full = format!("{VM_DIR}/{path}");
        if let Some((parent, _)) = full.rsplit_once('/') {
            mkdir_p(init, parent)?;
        }
        let fd = init.open(AT_FDCWD, full.as_bytes(), OpenFlags::CREAT | OpenFlags::WRONLY | OpenFlags::TRUNC, 0o644)?;
        let mut done = 0;
        while done < content.len() {
            done += init.write(fd, &content[done..])?;
        }
        init.close(fd)?;
        init.chown(AT_FDCWD, full.as_bytes(), Some(1000), Some(1000), false)?;
    }
    Ok(())
}

fn mkdir_p(init: &Task, path: &str) -> burrow::kernel::Result<()> {
    let mut cur = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        cur.push('/');
        cur.push_str(part);
        match init.mkdir(AT_FDCWD, cur.as_bytes(), 0o755) {
            Ok(()) => init.chown(AT_FDCWD, cur.as_bytes(), Some(1000), Some(1000), false)?,
            Err(e) if e.errno() == burrow::kernel::Errno::EEXIST => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
