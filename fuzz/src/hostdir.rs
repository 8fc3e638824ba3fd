//! The host side of a mount: a directory the VM mounts, and beside it things it must never
//! reach.
//!
//! Layout (one per fuzzing process, under a temporary directory):
//!
//! ```text
//! canary            a file holding a random secret
//! outside/file      a file holding the secret too
//! mnt/              what the VM mounts (emptied before every run), seeded with host
//!                   symlinks that point out: esc -> ../canary, up -> .., abs -> <tmp>/outside
//! ```
//!
//! [`HostDir::check_untouched`] fails if anything outside `mnt/` was created, removed or
//! modified; [`HostDir::leaks`] tells whether bytes a guest got hold of contain the secret.

use std::fs;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What [`HostDir::check_untouched`] compares: a path's kind, size, mtime and inode.
type Snapshot = Vec<(PathBuf, u32, u64, i64, i64, u64)>;

/// The host directory fixture (see the module documentation).
pub struct HostDir {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    mount: PathBuf,
    secret: Vec<u8>,
    before: Snapshot,
}

impl HostDir {
    /// The process's fixture, made on first use.
    pub fn get() -> &'static HostDir {
        static DIR: OnceLock<HostDir> = OnceLock::new();
        DIR.get_or_init(HostDir::new)
    }

    fn new() -> HostDir {
        // On tmpfs where there is one: the mount is emptied and reseeded before every run, and
        // disk filesystems make that slow.
        let base = Path::new("/dev/shm");
        let mut builder = tempfile::Builder::new();
        builder.prefix("burrow-fuzz");
        let tmp =
            if base.is_dir() { builder.tempdir_in(base) } else { builder.tempdir() }.expect("a temporary directory");
        let root = tmp.path().to_path_buf();
        let secret = random_secret();
        fs::write(root.join("canary"), &secret).expect("the canary");
        fs::create_dir(root.join("outside")).expect("outside/");
        fs::write(root.join("outside").join("file"), &secret).expect("outside/file");
        let mount = root.join("mnt");
        remove_at_exit(&root);
        let mut dir = HostDir { _tmp: tmp, root, mount, secret, before: Vec::new() };
        dir.reset();
        dir.before = dir.snapshot();
        dir
    }

    /// The host directory that is mounted.
    pub fn mount(&self) -> &Path {
        &self.mount
    }

    /// The temporary directory holding everything (a path a guest might try as a symlink
    /// target).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Empties the mounted directory and seeds it with its escape symlinks.
    pub fn reset(&self) {
        if self.mount.exists() {
            make_removable(&self.mount);
            fs::remove_dir_all(&self.mount).expect("emptying the mount directory");
        }
        fs::create_dir(&self.mount).expect("the mount directory");
        fs::create_dir(self.mount.join("d")).expect("mnt/d");
        fs::write(self.mount.join("d").join("f"), b"inside").expect("mnt/d/f");
        symlink("../canary", self.mount.join("esc")).expect("mnt/esc");
        symlink("..", self.mount.join("up")).expect("mnt/up");
        symlink(self.root.join("outside"), self.mount.join("abs")).expect("mnt/abs");
        symlink("../../outside/file", self.mount.join("d").join("deep")).expect("mnt/d/deep");
    }

    /// Panics if anything outside the mounted directory changed since the fixture was made.
    pub fn check_untouched(&self) {
        let now = self.snapshot();
        assert_eq!(now, self.before, "MOUNT ESCAPE: the host outside the mount changed");
        assert_eq!(fs::read(self.root.join("canary")).expect("the canary"), self.secret, "MOUNT ESCAPE: canary");
        no_set_id_bits(&self.mount, 0);
    }

    /// Whether `bytes` contain the secret (a guest read something outside its mount).
    ///
    /// Compared by rolling hash, never byte by byte: libFuzzer watches `memcmp` and would
    /// learn the secret from the comparison itself.
    pub fn leaks(&self, bytes: &[u8]) -> bool {
        let k = self.secret.len();
        if bytes.len() < k {
            return false;
        }
        let want = hash(&self.secret);
        let top = (0..k - 1).fold(1u64, |p, _| p.wrapping_mul(HASH_BASE));
        let mut h = hash(&bytes[..k]);
        for i in 0..=bytes.len() - k {
            if h == want {
                return true;
            }
            if i + k < bytes.len() {
                h = h
                    .wrapping_sub(u64::from(bytes[i]).wrapping_mul(top))
                    .wrapping_mul(HASH_BASE)
                    .wrapping_add(u64::from(bytes[i + k]));
            }
        }
        false
    }

    fn snapshot(&self) -> Snapshot {
        let mut out = Vec::new();
        let mut entries: Vec<PathBuf> =
            fs::read_dir(&self.root).expect("listing the fixture").map(|e| e.expect("an entry").path()).collect();
        entries.extend(
            fs::read_dir(self.root.join("outside")).expect("listing outside/").map(|e| e.expect("an entry").path()),
        );
        entries.push(self.root.clone());
        entries.sort();
        for p in entries {
            let md = fs::symlink_metadata(&p).expect("a fixture entry");
            let is_mount = p == self.mount;
            out.push((
                p,
                if is_mount { 0 } else { md.mode() },
                if is_mount || md.is_dir() { 0 } else { md.size() },
                if is_mount || md.is_dir() { 0 } else { md.mtime() },
                if is_mount || md.is_dir() { 0 } else { md.mtime_nsec() },
                if is_mount { 0 } else { md.ino() },
            ));
        }
        out
    }
}

/// The base of [`hash`].
const HASH_BASE: u64 = 1_000_003;

/// A polynomial hash of `bytes` (what [`HostDir::leaks`] rolls over a buffer).
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |h, &b| h.wrapping_mul(HASH_BASE).wrapping_add(u64::from(b)))
}

/// The fixture's directory, for `remove_at_exit`.
static FIXTURE: OnceLock<PathBuf> = OnceLock::new();

/// Removes the fixture when the process exits: it lives in a static, which is never dropped,
/// and libFuzzer ends the process with `exit`.
fn remove_at_exit(root: &Path) {
    extern "C" fn remove_fixture() {
        if let Some(root) = FIXTURE.get() {
            make_removable(root);
            let _ = fs::remove_dir_all(root);
        }
    }
    if FIXTURE.set(root.to_path_buf()).is_ok() {
        // SAFETY: `remove_fixture` is a plain `extern "C"` function that stays valid for the
        // whole process; `atexit` only records it.
        unsafe { libc::atexit(remove_fixture) };
    }
}

/// Panics if a guest left a set-user-ID file, or a set-group-ID non-directory, on the host.
fn no_set_id_bits(path: &Path, depth: usize) {
    let Ok(md) = fs::symlink_metadata(path) else { return };
    let mode = md.mode();
    assert_eq!(mode & 0o4000, 0, "a set-user-ID file on the host: {}", path.display());
    if md.is_dir() {
        if depth < 16 {
            for e in fs::read_dir(path).into_iter().flatten().flatten() {
                no_set_id_bits(&e.path(), depth + 1);
            }
        }
    } else {
        assert_eq!(mode & 0o2000, 0, "a set-group-ID file on the host: {}", path.display());
    }
}

/// Gives every directory under `dir` owner rwx, so a guest's `chmod 0` cannot stop the reset.
fn make_removable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(md) = fs::symlink_metadata(dir) else { return };
    if md.is_dir() {
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(md.mode() | 0o700));
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                make_removable(&e.path());
            }
        }
    }
}

/// 32 hex characters from the host's random source.
fn random_secret() -> Vec<u8> {
    let mut raw = [0u8; 16];
    let mut f = fs::File::open("/dev/urandom").expect("/dev/urandom");
    std::io::Read::read_exact(&mut f, &mut raw).expect("random bytes");
    let mut out = b"SECRET-".to_vec();
    for b in raw {
        out.extend_from_slice(format!("{b:02x}").as_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::HostDir;

    #[test]
    fn leaks_finds_the_secret_anywhere_and_nothing_else() {
        let dir = HostDir::get();
        let secret = dir.secret.clone();
        assert!(dir.leaks(&secret));
        assert!(dir.leaks(&[b"xx".as_slice(), &secret].concat()));
        assert!(dir.leaks(&[b"xx".as_slice(), &secret, b"yyy"].concat()));
        assert!(!dir.leaks(&secret[1..]));
        let mut near = secret.clone();
        near[5] ^= 1;
        assert!(!dir.leaks(&[b"xx".as_slice(), &near, b"yyy"].concat()));
        assert!(!dir.leaks(b""));
    }
}
