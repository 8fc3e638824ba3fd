//! Debian's libnode (Node 18, V8 10.2) for the V8 backend (`backends/v8`), fetched and unpacked
//! into `<root>/third_party/libnode` without root and without installing anything system-wide.
//!
//! `apt-get download` fetches the packages' `.deb` files (the versions the machine's apt lists
//! name) into a scratch directory, `dpkg-deb -x` unpacks them next to it, and the scratch tree is
//! renamed into place once complete, with a marker file naming what it holds. A tree with the
//! marker is reused as is, so calling [`ensure`] again costs one file read.
//!
//! The packages:
//! - `libnode108`: `usr/lib/<multiarch>/libnode.so.108`, exporting V8 and node's platform;
//! - `libnode-dev`: the matching headers, `usr/include/node/{v8.h,node.h,...}` (Node 18's; never
//!   the system's `/usr/include/node`, which belong to the preinstalled Node 20);
//! - `libuv1` and `libc-ares2`: libnode's run-time dependencies missing from the base system.
//!
//! This file is self-contained (std only): the V8 backend's build script includes it with
//! `#[path]`, so `cargo build` on a fresh clone fetches the same tree.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Debian packages unpacked into the tree.
pub const PACKAGES: &[&str] = &["libnode108", "libnode-dev", "libuv1", "libc-ares2"];

/// The shared library the backend loads (its soname).
pub const LIBNODE: &str = "libnode.so.108";

/// The file whose presence says the tree is complete; it lists the unpacked `.deb` files.
pub const MARKER: &str = ".burrow-libnode-complete";

/// The workspace root: the nearest directory above this crate whose `Cargo.toml` declares the
/// workspace (this file is compiled into xtask and into `backends/v8`'s build script).
pub fn workspace_root() -> PathBuf {
    let start = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut dir = start.as_path();
    loop {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        if manifest.lines().any(|l| l.trim() == "[workspace]") {
            return dir.to_path_buf();
        }
        match dir.parent() {
            Some(p) => dir = p,
            None => return start,
        }
    }
}

/// The default location of the tree: `<root>/third_party/libnode`.
pub fn default_dir() -> PathBuf {
    workspace_root().join("third_party").join("libnode")
}

/// Makes sure the tree is at its default location and returns it (fetching it if needed).
pub fn ensure() -> Result<PathBuf, String> {
    let dir = default_dir();
    ensure_at(&dir)?;
    Ok(dir)
}

/// Whether `dir` holds a complete tree.
pub fn is_complete(dir: &Path) -> bool {
    dir.join(MARKER).is_file() && lib_dir(dir).is_some() && dir.join("usr/include/node/v8.h").is_file()
}

/// The directory of the tree's headers (`v8.h`, `node.h`, `libplatform/`...).
pub fn include_dir(dir: &Path) -> PathBuf {
    dir.join("usr").join("include").join("node")
}

/// The directory holding `libnode.so.108` and its unpacked dependencies.
pub fn lib_dir(dir: &Path) -> Option<PathBuf> {
    let lib = dir.join("usr").join("lib");
    if lib.join(LIBNODE).is_file() {
        return Some(lib);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(&lib)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(LIBNODE).is_file())
        .collect();
    found.sort();
    found.into_iter().next()
}

/// Fetches and unpacks the packages into `dir` unless it already holds a complete tree.
pub fn ensure_at(dir: &Path) -> Result<(), String> {
    if is_complete(dir) {
        return Ok(());
    }
    let parent = dir.parent().ok_or_else(|| format!("{}: no parent directory", dir.display()))?;
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("libnode");
    let scratch = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let result = fetch_into(&scratch).and_then(|()| {
        // An incomplete tree left by an interrupted run is replaced; a complete one that
        // another build finished meanwhile wins.
        if dir.exists() && !is_complete(dir) {
            std::fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
        }
        match std::fs::rename(&scratch, dir) {
            Ok(()) => Ok(()),
            Err(_) if is_complete(dir) => Ok(()),
            Err(e) => Err(format!("cannot move {} to {}: {e}", scratch.display(), dir.display())),
        }
    });
    let _ = std::fs::remove_dir_all(&scratch);
    result?;
    if is_complete(dir) {
        Ok(())
    } else {
        Err(format!("{}: unpacked, but {LIBNODE} or usr/include/node/v8.h is missing", dir.display()))
    }
}

/// Downloads the packages into `scratch/debs` and unpacks them into `scratch`.
fn fetch_into(scratch: &Path) -> Result<(), String> {
    let debs = scratch.join(".debs");
    std::fs::create_dir_all(&debs).map_err(|e| format!("cannot create {}: {e}", debs.display()))?;
    let download = || {
        Command::new("apt-get")
            .arg("download")
            .args(PACKAGES)
            .current_dir(&debs)
            .output()
            .map_err(|e| format!("cannot run apt-get (a Debian system is needed): {e}"))
    };
    let mut out = download()?;
    if !out.status.success() {
        // A fresh machine may have no package lists yet; refresh them once (as root) and retry.
        let refreshed = Command::new("apt-get").args(["update", "-qq"]).status().is_ok_and(|s| s.success());
        if refreshed {
            out = download()?;
        }
    }
    if !out.status.success() {
        return Err(format!(
            "`apt-get download {}` failed with {}: {}",
            PACKAGES.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&debs)
        .map_err(|e| format!("cannot list {}: {e}", debs.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    files.sort();
    for package in PACKAGES {
        let prefix = format!("{package}_");
        if !files.iter().any(|f| f.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix))) {
            return Err(format!("apt-get download did not produce {package}_*.deb"));
        }
    }
    let mut marker = String::new();
    for deb in &files {
        let status = Command::new("dpkg-deb")
            .arg("-x")
            .arg(deb)
            .arg(scratch)
            .status()
            .map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
        if !status.success() {
            return Err(format!("`dpkg-deb -x {}` failed with {status}", deb.display()));
        }
        marker.push_str(&deb.file_name().unwrap_or_default().to_string_lossy());
        marker.push('\n');
    }
    std::fs::remove_dir_all(&debs).map_err(|e| format!("cannot remove {}: {e}", debs.display()))?;
    if lib_dir(scratch).is_none() {
        return Err(format!("the packages hold no {LIBNODE}"));
    }
    std::fs::write(scratch.join(MARKER), marker).map_err(|e| format!("cannot write the marker file: {e}"))
}
