//! Model-based property tests of Burrow's descriptor table and open file descriptions.
//!
//! # The model ([`FdModel`])
//!
//! Three regular files (their contents as `Vec<u8>`), a list of *open file descriptions*
//! (which file, offset, access mode, `O_APPEND`, `O_NONBLOCK`), and a descriptor table mapping
//! numbers to (description, close-on-exec). `open` makes a new description; `dup`, `dup2`,
//! `dup3` and `F_DUPFD` make a new number for the same one, so offset and status flags are
//! shared after a `dup` and separate after a second `open`, while close-on-exec belongs to the
//! number. New numbers are the lowest free ones (`>= min` for `F_DUPFD`), up to the table
//! limit (`EMFILE`). The rest follows Linux: `pread`/`pwrite` leave the offset alone, `O_APPEND`
//! writes (and, on Linux, `pwrite`s) go to the end, a zero-length write changes nothing, seeks
//! to a negative offset fail with `EINVAL`, reading a write-only or writing a read-only
//! description fails with `EBADF`, `dup3(fd, fd)` is `EINVAL` while `dup2(fd, fd)` is a no-op,
//! and an `open` that finds the table full fails before it creates or truncates anything.
//!
//! # The oracles
//!
//! * **Burrow**, through init's [`Task`]: every result must equal the model's, descriptor
//!   numbers included.
//! * **Linux**: the same steps on real descriptors of real files in a `tempfile::tempdir()`.
//!   Host descriptor numbers are not the model's (the test process has its own open files),
//!   so model descriptor `n` is kept at host descriptor `BASE + n`: whatever `open`/`dup`/
//!   `F_DUPFD` return on the host is moved there with `dup3`. Lowest-free allocation is
//!   therefore checked against the model only; everything else (errnos, offsets, shared
//!   versus separate offsets and flags, bytes read, sizes, `F_GETFL`, `F_GETFD`,
//!   `dup2`/`dup3` onto open or identical descriptors) is compared with Linux.
//!
//! A second property runs Burrow against the model with a table limit of 6 descriptors, to
//! exercise `EMFILE`, `dup2` past the limit (`EBADF`) and `F_DUPFD` past it (`EINVAL`); the
//! host's limit cannot be lowered for one test, so Linux is not consulted there.
//!
//! Kernel bugs these properties found (dup3 onto itself, EMFILE after side effects, empty
//! O_APPEND writes moving the offset) are fixed and kept as regression tests at the end. 256
//! cases per property by default (`PROPTEST_CASES` overrides).

use std::collections::BTreeMap;
use std::ffi::CString;
use std::fmt;
use std::io::SeekFrom;
use std::sync::Arc;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Errno, Kernel, Task, AT_FDCWD};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Files the sequences work on, with their initial contents' lengths.
const FILES: [(&str, usize); 3] = [("f0", 0), ("f1", 100), ("f2", 5000)];

/// Host descriptor of model descriptor 0 in the Linux oracle.
const BASE: i32 = 600;
/// Host descriptors `BASE..BASE + SLOTS` are reserved for the oracle.
const SLOTS: i32 = 64;

fn initial(file: usize) -> Vec<u8> {
    (0..FILES[file].1).map(|i| ((i + file * 50) % 199) as u8 + 1).collect()
}

fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| ((i as u32 * 13 + seed as u32) % 241 + 1) as u8).collect()
}

/// `default`, unless the `PROPTEST_CASES` environment variable says otherwise.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

// ---------------------------------------------------------------------------------------------
// Operations and results
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Whence {
    Set,
    Cur,
    End,
}

#[derive(Clone, PartialEq, Eq)]
enum Op {
    Open {
        file: usize,
        acc: u8,
        append: bool,
        trunc: bool,
        cloexec: bool,
        nonblock: bool,
    },
    Close(u32),
    Dup(u32),
    Dup2(u32, u32),
    /// `dup3(old, new, O_CLOEXEC)`.
    Dup3(u32, u32),
    /// `fcntl(fd, F_DUPFD[_CLOEXEC], min)`.
    DupFd {
        fd: u32,
        min: u32,
        cloexec: bool,
    },
    Seek {
        fd: u32,
        whence: Whence,
        off: i64,
    },
    Read {
        fd: u32,
        len: usize,
    },
    Write {
        fd: u32,
        len: usize,
        seed: u8,
    },
    Pread {
        fd: u32,
        len: usize,
        off: u64,
    },
    Pwrite {
        fd: u32,
        len: usize,
        off: u64,
        seed: u8,
    },
    GetFl(u32),
    SetFl {
        fd: u32,
        append: bool,
        nonblock: bool,
    },
    GetFd(u32),
    SetFd(u32, bool),
    Fstat(u32),
}

impl fmt::Debug for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Open { file, acc, append, trunc, cloexec, nonblock } => {
                write!(f, "open(\"{}\", {}", FILES[*file].0, ["O_RDONLY", "O_WRONLY", "O_RDWR"][*acc as usize])?;
                for (on, name) in
                    [(append, "O_APPEND"), (trunc, "O_TRUNC"), (cloexec, "O_CLOEXEC"), (nonblock, "O_NONBLOCK")]
                {
                    if *on {
                        write!(f, "|{name}")?;
                    }
                }
                write!(f, ")")
            }
            Op::Close(fd) => write!(f, "close({fd})"),
            Op::Dup(fd) => write!(f, "dup({fd})"),
            Op::Dup2(a, b) => write!(f, "dup2({a}, {b})"),
            Op::Dup3(a, b) => write!(f, "dup3({a}, {b}, O_CLOEXEC)"),
            Op::DupFd { fd, min, cloexec } => {
                write!(f, "fcntl({fd}, {}, {min})", if *cloexec { "F_DUPFD_CLOEXEC" } else { "F_DUPFD" })
            }
            Op::Seek { fd, whence, off } => write!(f, "lseek({fd}, {off}, SEEK_{whence:?})"),
            Op::Read { fd, len } => write!(f, "read({fd}, {len})"),
            Op::Write { fd, len, seed } => write!(f, "write({fd}, {len} bytes from {seed})"),
            Op::Pread { fd, len, off } => write!(f, "pread({fd}, {len}, {off})"),
            Op::Pwrite { fd, len, off, seed } => write!(f, "pwrite({fd}, {len} bytes from {seed}, {off})"),
            Op::GetFl(fd) => write!(f, "fcntl({fd}, F_GETFL)"),
            Op::SetFl { fd, append, nonblock } => write!(
                f,
                "fcntl({fd}, F_SETFL, {}{})",
                if *append { "O_APPEND|" } else { "" },
                if *nonblock { "O_NONBLOCK" } else { "0" }
            ),
            Op::GetFd(fd) => write!(f, "fcntl({fd}, F_GETFD)"),
            Op::SetFd(fd, on) => write!(f, "fcntl({fd}, F_SETFD, {})", if *on { "FD_CLOEXEC" } else { "0" }),
            Op::Fstat(fd) => write!(f, "fstat({fd})"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Eno(i32);

impl fmt::Debug for Eno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Errno(self.0).name())
    }
}

const EBADF: Eno = Eno(libc::EBADF);
const EINVAL: Eno = Eno(libc::EINVAL);
const EMFILE: Eno = Eno(libc::EMFILE);

#[derive(Clone, PartialEq, Eq, Debug)]
enum Out {
    Fd(u32),
    Done,
    /// A byte count or an offset.
    N(u64),
    Bytes(Vec<u8>),
    /// `F_GETFL`: access mode (0, 1, 2), `O_APPEND`, `O_NONBLOCK`.
    Flags(u8, bool, bool),
    Cloexec(bool),
    Size(u64),
}

type Res = Result<Out, Eno>;

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

/// An open file description.
#[derive(Clone, Debug)]
struct Desc {
    file: usize,
    offset: u64,
    acc: u8,
    append: bool,
    nonblock: bool,
}

impl Desc {
    fn readable(&self) -> bool {
        self.acc != 1
    }

    fn writable(&self) -> bool {
        self.acc != 0
    }
}

struct FdModel {
    files: Vec<Vec<u8>>,
    /// Every description ever made (never freed: unreachable ones are simply unused).
    descs: Vec<Desc>,
    /// Descriptor number -> (description index, close-on-exec).
    table: BTreeMap<u32, (usize, bool)>,
    limit: u32,
}

impl FdModel {
    fn new(limit: u32) -> FdModel {
        FdModel { files: (0..FILES.len()).map(initial).collect(), descs: Vec::new(), table: BTreeMap::new(), limit }
    }

    fn desc(&self, fd: u32) -> Result<usize, Eno> {
        self.table.get(&fd).map(|&(d, _)| d).ok_or(EBADF)
    }

    /// Installs description `d` at the lowest free number `>= min`.
    fn install_lowest(&mut self, min: u32, d: usize, cloexec: bool) -> Res {
        let fd = (min..).find(|n| !self.table.contains_key(n)).unwrap();
        if fd >= self.limit {
            return Err(EMFILE);
        }
        self.table.insert(fd, (d, cloexec));
        Ok(Out::Fd(fd))
    }

    fn write_at(&mut self, file: usize, at: u64, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        let f = &mut self.files[file];
        let end = at as usize + data.len();
        if f.len() < end {
            f.resize(end, 0);
        }
        f[at as usize..end].copy_from_slice(data);
    }

    fn read_at(&self, file: usize, at: u64, len: usize) -> Vec<u8> {
        let f = &self.files[file];
        let start = (at as usize).min(f.len());
        f[start..(start + len).min(f.len())].to_vec()
    }

    fn apply(&mut self, op: &Op) -> Res {
        match *op {
            Op::Open { file, acc, append, trunc, cloexec, nonblock } => {
                // The number is reserved before the file is touched: a full table leaves the
                // file untruncated.
                if (0..).find(|n| !self.table.contains_key(n)).unwrap() >= self.limit {
                    return Err(EMFILE);
                }
                if trunc {
                    self.files[file].clear();
                }
                self.descs.push(Desc { file, offset: 0, acc, append, nonblock });
                self.install_lowest(0, self.descs.len() - 1, cloexec)
            }
            Op::Close(fd) => {
                self.table.remove(&fd).ok_or(EBADF)?;
                Ok(Out::Done)
            }
            Op::Dup(fd) => {
                let d = self.desc(fd)?;
                self.install_lowest(0, d, false)
            }
            Op::Dup2(old, new) => {
                let d = self.desc(old)?;
                if new >= self.limit {
                    return Err(EBADF);
                }
                if old != new {
                    self.table.insert(new, (d, false));
                }
                Ok(Out::Fd(new))
            }
            Op::Dup3(old, new) => {
                if old == new {
                    return Err(EINVAL);
                }
                let d = self.desc(old)?;
                if new >= self.limit {
                    return Err(EBADF);
                }
                self.table.insert(new, (d, true));
                Ok(Out::Fd(new))
            }
            Op::DupFd { fd, min, cloexec } => {
                let d = self.desc(fd)?;
                if min >= self.limit {
                    return Err(EINVAL);
                }
                self.install_lowest(min, d, cloexec)
            }
            Op::Seek { fd, whence, off } => {
                let d = self.desc(fd)?;
                let base = match whence {
                    Whence::Set => 0,
                    Whence::Cur => self.descs[d].offset as i64,
                    Whence::End => self.files[self.descs[d].file].len() as i64,
                };
                let new = base + off;
                if new < 0 {
                    return Err(EINVAL);
                }
                self.descs[d].offset = new as u64;
                Ok(Out::N(new as u64))
            }
            Op::Read { fd, len } => {
                let d = self.desc(fd)?;
                if !self.descs[d].readable() {
                    return Err(EBADF);
                }
                let data = self.read_at(self.descs[d].file, self.descs[d].offset, len);
                self.descs[d].offset += data.len() as u64;
                Ok(Out::Bytes(data))
            }
            Op::Write { fd, len, seed } => {
                let d = self.desc(fd)?;
                if !self.descs[d].writable() {
                    return Err(EBADF);
                }
                if len == 0 {
                    // Nothing is written, and even with O_APPEND the offset stays.
                    return Ok(Out::N(0));
                }
                let desc = &self.descs[d];
                let at = if desc.append { self.files[desc.file].len() as u64 } else { desc.offset };
                self.write_at(desc.file, at, &pattern(len, seed));
                self.descs[d].offset = at + len as u64;
                Ok(Out::N(len as u64))
            }
            Op::Pread { fd, len, off } => {
                let d = self.desc(fd)?;
                if !self.descs[d].readable() {
                    return Err(EBADF);
                }
                Ok(Out::Bytes(self.read_at(self.descs[d].file, off, len)))
            }
            Op::Pwrite { fd, len, off, seed } => {
                let d = self.desc(fd)?;
                if !self.descs[d].writable() {
                    return Err(EBADF);
                }
                let desc = &self.descs[d];
                // Linux: with O_APPEND, pwrite appends whatever the offset (pwrite(2), BUGS).
                let at = if desc.append { self.files[desc.file].len() as u64 } else { off };
                self.write_at(desc.file, at, &pattern(len, seed));
                Ok(Out::N(len as u64))
            }
            Op::GetFl(fd) => {
                let d = &self.descs[self.desc(fd)?];
                Ok(Out::Flags(d.acc, d.append, d.nonblock))
            }
            Op::SetFl { fd, append, nonblock } => {
                let d = self.desc(fd)?;
                self.descs[d].append = append;
                self.descs[d].nonblock = nonblock;
                Ok(Out::Done)
            }
            Op::GetFd(fd) => Ok(Out::Cloexec(self.table.get(&fd).ok_or(EBADF)?.1)),
            Op::SetFd(fd, on) => {
                self.table.get_mut(&fd).ok_or(EBADF)?.1 = on;
                Ok(Out::Done)
            }
            Op::Fstat(fd) => {
                let d = self.desc(fd)?;
                Ok(Out::Size(self.files[self.descs[d].file].len() as u64))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Burrow
// ---------------------------------------------------------------------------------------------

fn burrow(limit: u64) -> (Kernel, Task) {
    let limits = Limits { open_files: limit, ..Limits::default() };
    let k = Kernel::new(MemFs::new(Arc::new(FsQuota::unlimited())), limits);
    let t = k.init();
    for (i, (name, _)) in FILES.iter().enumerate() {
        let path = format!("/{name}");
        let fd = t.open(AT_FDCWD, path.as_bytes(), OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).unwrap();
        assert_eq!(t.write(fd, &initial(i)).unwrap(), FILES[i].1);
        t.close(fd).unwrap();
    }
    (k, t)
}

fn be(e: burrow_kernel::Error) -> Eno {
    Eno(e.errno().0)
}

fn burrow_apply(t: &Task, op: &Op) -> Res {
    match *op {
        Op::Open { file, acc, append, trunc, cloexec, nonblock } => {
            let mut f = OpenFlags([0, 1, 2][acc as usize]);
            for (on, bit) in [
                (append, OpenFlags::APPEND),
                (trunc, OpenFlags::TRUNC),
                (cloexec, OpenFlags::CLOEXEC),
                (nonblock, OpenFlags::NONBLOCK),
            ] {
                if on {
                    f = f | bit;
                }
            }
            t.open(AT_FDCWD, format!("/{}", FILES[file].0).as_bytes(), f, 0).map(Out::Fd).map_err(be)
        }
        Op::Close(fd) => t.close(fd).map(|_| Out::Done).map_err(be),
        Op::Dup(fd) => t.dup(fd).map(Out::Fd).map_err(be),
        Op::Dup2(old, new) => t.dup2(old, new).map(Out::Fd).map_err(be),
        Op::Dup3(old, new) => t.dup3(old, new, true).map(Out::Fd).map_err(be),
        Op::DupFd { fd, min, cloexec } => t.dup_from(fd, min, cloexec).map(Out::Fd).map_err(be),
        Op::Seek { fd, whence, off } => {
            let pos = match whence {
                // A negative SEEK_SET offset reaches the kernel as a huge one, as through a
                // syscall ABI's unsigned reinterpretation.
                Whence::Set => SeekFrom::Start(off as u64),
                Whence::Cur => SeekFrom::Current(off),
                Whence::End => SeekFrom::End(off),
            };
            t.lseek(fd, pos).map(Out::N).map_err(be)
        }
        Op::Read { fd, len } => {
            let mut buf = vec![0u8; len];
            let n = t.read(fd, &mut buf).map_err(be)?;
            buf.truncate(n);
            Ok(Out::Bytes(buf))
        }
        Op::Write { fd, len, seed } => t.write(fd, &pattern(len, seed)).map(|n| Out::N(n as u64)).map_err(be),
        Op::Pread { fd, len, off } => {
            let mut buf = vec![0u8; len];
            let n = t.pread(fd, &mut buf, off).map_err(be)?;
            buf.truncate(n);
            Ok(Out::Bytes(buf))
        }
        Op::Pwrite { fd, len, off, seed } => {
            t.pwrite(fd, &pattern(len, seed), off).map(|n| Out::N(n as u64)).map_err(be)
        }
        Op::GetFl(fd) => {
            let f = t.status_flags(fd).map_err(be)?;
            Ok(Out::Flags((f.0 & 3) as u8, f.contains(OpenFlags::APPEND), f.contains(OpenFlags::NONBLOCK)))
        }
        Op::SetFl { fd, append, nonblock } => {
            let mut f = 0;
            if append {
                f |= OpenFlags::APPEND.0;
            }
            if nonblock {
                f |= OpenFlags::NONBLOCK.0;
            }
            t.set_status_flags(fd, OpenFlags(f)).map(|_| Out::Done).map_err(be)
        }
        Op::GetFd(fd) => t.cloexec(fd).map(Out::Cloexec).map_err(be),
        Op::SetFd(fd, on) => t.set_cloexec(fd, on).map(|_| Out::Done).map_err(be),
        Op::Fstat(fd) => t.fstat(fd).map(|s| Out::Size(s.size)).map_err(be),
    }
}

// ---------------------------------------------------------------------------------------------
// Linux
// ---------------------------------------------------------------------------------------------

/// The host side: real files, model descriptor `n` kept at host descriptor `BASE + n`.
struct Host {
    dir: tempfile::TempDir,
}

fn le() -> Eno {
    Eno(std::io::Error::last_os_error().raw_os_error().unwrap())
}

fn lchk(r: i64) -> Result<i64, Eno> {
    if r < 0 {
        Err(le())
    } else {
        Ok(r)
    }
}

impl Host {
    fn new() -> Host {
        for fd in BASE..BASE + SLOTS {
            assert_eq!(
                unsafe { libc::fcntl(fd, libc::F_GETFD) },
                -1,
                "host descriptor {fd} must be free for the oracle"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        for (i, (name, _)) in FILES.iter().enumerate() {
            std::fs::write(dir.path().join(name), initial(i)).unwrap();
        }
        Host { dir }
    }

    /// Moves a freshly returned host descriptor `h` to the model's number `want` (taken from
    /// the model's own result; a disagreement about success shows up in the comparison).
    fn place(&self, h: i32, want: &Res, cloexec: bool) -> Res {
        let Ok(Out::Fd(n)) = want else {
            unsafe { libc::close(h) };
            // Report the raw host number: the comparison will fail and show both.
            return Ok(Out::Fd((h + 10_000) as u32));
        };
        let target = BASE + *n as i32;
        assert!(target < BASE + SLOTS, "model descriptor {n} is past the oracle's reserved range");
        if h == target {
            // F_DUPFD found the very slot (the host's lowest free one >= BASE + min).
            let flags = if cloexec { libc::FD_CLOEXEC } else { 0 };
            assert_eq!(unsafe { libc::fcntl(h, libc::F_SETFD, flags) }, 0);
        } else {
            let flags = if cloexec { libc::O_CLOEXEC } else { 0 };
            assert_eq!(unsafe { libc::dup3(h, target, flags) }, target);
            unsafe { libc::close(h) };
        }
        Ok(Out::Fd(*n))
    }

    fn apply(&self, op: &Op, want: &Res) -> Res {
        let h = |fd: u32| BASE + fd as i32;
        unsafe {
            match *op {
                Op::Open { file, acc, append, trunc, cloexec, nonblock } => {
                    let mut flags = [libc::O_RDONLY, libc::O_WRONLY, libc::O_RDWR][acc as usize] | libc::O_CLOEXEC;
                    for (on, bit) in [(append, libc::O_APPEND), (trunc, libc::O_TRUNC), (nonblock, libc::O_NONBLOCK)] {
                        if on {
                            flags |= bit;
                        }
                    }
                    let path = CString::new(self.dir.path().join(FILES[file].0).to_str().unwrap()).unwrap();
                    let fd = lchk(libc::open(path.as_ptr(), flags) as i64)? as i32;
                    self.place(fd, want, cloexec)
                }
                Op::Close(fd) => lchk(libc::close(h(fd)) as i64).map(|_| Out::Done),
                Op::Dup(fd) => {
                    let d = lchk(libc::dup(h(fd)) as i64)? as i32;
                    self.place(d, want, false)
                }
                Op::Dup2(old, new) => {
                    lchk(libc::dup2(h(old), h(new)) as i64).map(|r| Out::Fd((r as i32 - BASE) as u32))
                }
                Op::Dup3(old, new) => {
                    lchk(libc::dup3(h(old), h(new), libc::O_CLOEXEC) as i64).map(|r| Out::Fd((r as i32 - BASE) as u32))
                }
                Op::DupFd { fd, min, cloexec } => {
                    let cmd = if cloexec { libc::F_DUPFD_CLOEXEC } else { libc::F_DUPFD };
                    let d = lchk(libc::fcntl(h(fd), cmd, h(min)) as i64)? as i32;
                    self.place(d, want, cloexec)
                }
                Op::Seek { fd, whence, off } => {
                    let w = match whence {
                        Whence::Set => libc::SEEK_SET,
                        Whence::Cur => libc::SEEK_CUR,
                        Whence::End => libc::SEEK_END,
                    };
                    lchk(libc::lseek(h(fd), off, w)).map(|n| Out::N(n as u64))
                }
                Op::Read { fd, len } => {
                    let mut buf = vec![0u8; len];
                    let n = lchk(libc::read(h(fd), buf.as_mut_ptr().cast(), len) as i64)?;
                    buf.truncate(n as usize);
                    Ok(Out::Bytes(buf))
                }
                Op::Write { fd, len, seed } => {
                    let data = pattern(len, seed);
                    lchk(libc::write(h(fd), data.as_ptr().cast(), len) as i64).map(|n| Out::N(n as u64))
                }
                Op::Pread { fd, len, off } => {
                    let mut buf = vec![0u8; len];
                    let n = lchk(libc::pread(h(fd), buf.as_mut_ptr().cast(), len, off as i64) as i64)?;
                    buf.truncate(n as usize);
                    Ok(Out::Bytes(buf))
                }
                Op::Pwrite { fd, len, off, seed } => {
                    let data = pattern(len, seed);
                    lchk(libc::pwrite(h(fd), data.as_ptr().cast(), len, off as i64) as i64).map(|n| Out::N(n as u64))
                }
                Op::GetFl(fd) => {
                    let f = lchk(libc::fcntl(h(fd), libc::F_GETFL) as i64)? as i32;
                    Ok(Out::Flags((f & libc::O_ACCMODE) as u8, f & libc::O_APPEND != 0, f & libc::O_NONBLOCK != 0))
                }
                Op::SetFl { fd, append, nonblock } => {
                    let mut f = 0;
                    if append {
                        f |= libc::O_APPEND;
                    }
                    if nonblock {
                        f |= libc::O_NONBLOCK;
                    }
                    lchk(libc::fcntl(h(fd), libc::F_SETFL, f) as i64).map(|_| Out::Done)
                }
                Op::GetFd(fd) => {
                    let f = lchk(libc::fcntl(h(fd), libc::F_GETFD) as i64)? as i32;
                    Ok(Out::Cloexec(f & libc::FD_CLOEXEC != 0))
                }
                Op::SetFd(fd, on) => {
                    lchk(libc::fcntl(h(fd), libc::F_SETFD, if on { libc::FD_CLOEXEC } else { 0 }) as i64)
                        .map(|_| Out::Done)
                }
                Op::Fstat(fd) => {
                    let mut st: libc::stat = std::mem::zeroed();
                    lchk(libc::fstat(h(fd), &mut st) as i64)?;
                    Ok(Out::Size(st.st_size as u64))
                }
            }
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        for fd in BASE..BASE + SLOTS {
            unsafe { libc::close(fd) };
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

fn report(ops: &[Op], i: usize, why: &str, rows: &[(&str, &Res)]) -> String {
    let mut s = format!("step {i} diverged ({why})\n  steps so far:\n");
    for (j, op) in ops[..=i].iter().enumerate() {
        s += &format!("    {j:2}: {op:?}\n");
    }
    for (who, r) in rows {
        s += &format!("  {who:>6}: {r:?}\n");
    }
    s
}

/// Runs `ops` on the model, Burrow and (if `with_linux`) Linux, comparing every step.
fn check(ops: &[Op], limit: u32, with_linux: bool) -> Result<(), String> {
    let mut model = FdModel::new(limit);
    let (_k, t) = burrow(limit as u64);
    let host = with_linux.then(Host::new);
    for (i, op) in ops.iter().enumerate() {
        let m = model.apply(op);
        let b = burrow_apply(&t, op);
        if let Some(host) = &host {
            let l = host.apply(op, &m);
            if l != m {
                return Err(report(ops, i, "model vs Linux", &[("model", &m), ("linux", &l), ("burrow", &b)]));
            }
        }
        if b != m {
            return Err(report(ops, i, "model vs Burrow", &[("model", &m), ("burrow", &b)]));
        }
    }
    // The tables agree at the end, descriptor by descriptor.
    let open: Vec<u32> = model.table.keys().copied().collect();
    if t.fds() != open {
        return Err(format!("open descriptors: Burrow {:?}, model {:?}", t.fds(), open));
    }
    for (fd, &(_, cloexec)) in &model.table {
        if t.cloexec(*fd) != Ok(cloexec) {
            return Err(format!("close-on-exec of {fd}: Burrow {:?}, model {cloexec}", t.cloexec(*fd)));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Descriptor numbers: mostly ones likely to be open, sometimes past the limit.
fn fd(max: u32) -> impl Strategy<Value = u32> {
    prop_oneof![6 => 0u32..4, 2 => 0u32..max]
}

fn len() -> impl Strategy<Value = usize> {
    prop_oneof![1 => Just(0usize), 6 => 1usize..40, 1 => 40usize..300]
}

fn off() -> impl Strategy<Value = u64> {
    prop_oneof![4 => 0u64..120, 1 => 4990u64..5010, 1 => 5000u64..9000]
}

fn op(max_fd: u32) -> impl Strategy<Value = Op> {
    use prop::bool::weighted;
    prop_oneof![
        5 => (0usize..FILES.len(), 0u8..3, weighted(0.3), weighted(0.15), weighted(0.3), weighted(0.2))
            .prop_map(|(file, acc, append, trunc, cloexec, nonblock)| Op::Open { file, acc, append, trunc, cloexec, nonblock }),
        2 => fd(max_fd).prop_map(Op::Close),
        2 => fd(max_fd).prop_map(Op::Dup),
        2 => (fd(max_fd), fd(max_fd)).prop_map(|(a, b)| Op::Dup2(a, b)),
        1 => (fd(max_fd), fd(max_fd)).prop_map(|(a, b)| Op::Dup3(a, b)),
        1 => (fd(max_fd), 0u32..max_fd, any::<bool>()).prop_map(|(fd, min, cloexec)| Op::DupFd { fd, min, cloexec }),
        3 => (fd(max_fd), prop_oneof![Just(Whence::Set), Just(Whence::Cur), Just(Whence::End)], -120i64..120)
            .prop_map(|(fd, whence, off)| Op::Seek { fd, whence, off }),
        3 => (fd(max_fd), len()).prop_map(|(fd, len)| Op::Read { fd, len }),
        3 => (fd(max_fd), len(), any::<u8>()).prop_map(|(fd, len, seed)| Op::Write { fd, len, seed }),
        2 => (fd(max_fd), len(), off()).prop_map(|(fd, len, off)| Op::Pread { fd, len, off }),
        2 => (fd(max_fd), len(), off(), any::<u8>()).prop_map(|(fd, len, off, seed)| Op::Pwrite { fd, len, off, seed }),
        1 => fd(max_fd).prop_map(Op::GetFl),
        2 => (fd(max_fd), weighted(0.5), weighted(0.3)).prop_map(|(fd, append, nonblock)| Op::SetFl { fd, append, nonblock }),
        1 => fd(max_fd).prop_map(Op::GetFd),
        1 => (fd(max_fd), any::<bool>()).prop_map(|(fd, on)| Op::SetFd(fd, on)),
        1 => fd(max_fd).prop_map(Op::Fstat),
    ]
}

proptest! {
    // 256 cases by default (PROPTEST_CASES overrides); no regression files are written.
    #![proptest_config(Config { cases: cases(256), failure_persistence: None, ..Config::default() })]

    /// Burrow and Linux both behave like the model (Linux: all but descriptor numbering).
    #[test]
    fn fd_ops_match_model_and_linux(ops in prop::collection::vec(op(10), 1..=50)) {
        if let Err(msg) = check(&ops, 256, true) {
            return Err(TestCaseError::fail(msg));
        }
    }

    /// With a table of 6 descriptors, Burrow still behaves like the model (EMFILE, EBADF and
    /// EINVAL at the limit, nothing truncated by an open that fails for lack of a number).
    #[test]
    fn fd_ops_at_a_small_limit_match_model(ops in prop::collection::vec(op(9), 1..=50)) {
        if let Err(msg) = check(&ops, 6, false) {
            return Err(TestCaseError::fail(msg));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regression tests for kernel bugs these properties found (each asserts what Linux does).
// ---------------------------------------------------------------------------------------------

#[test]
fn bug10_dup3_onto_itself_is_einval() {
    let (_k, t) = burrow(256);
    let fd = t.open(AT_FDCWD, b"/f1", OpenFlags::RDONLY, 0).unwrap();
    assert_eq!(t.dup3(fd, fd, true).map_err(be), Err(EINVAL));
    assert_eq!(t.dup3(fd + 1, fd + 1, true).map_err(be), Err(EINVAL));
}

#[test]
fn bug11_open_with_a_full_table_touches_nothing() {
    let (_k, t) = burrow(3);
    for _ in 0..3 {
        t.open(AT_FDCWD, b"/f0", OpenFlags::RDONLY, 0).unwrap();
    }
    assert_eq!(t.open(AT_FDCWD, b"/f1", OpenFlags::RDONLY | OpenFlags::TRUNC, 0).map_err(be), Err(EMFILE));
    assert_eq!(t.stat(AT_FDCWD, b"/f1", true).unwrap().size, FILES[1].1 as u64, "O_TRUNC must not have happened");
    assert_eq!(t.open(AT_FDCWD, b"/new", OpenFlags::WRONLY | OpenFlags::CREAT, 0o644).map_err(be), Err(EMFILE));
    assert!(t.stat(AT_FDCWD, b"/new", true).is_err(), "O_CREAT must not have created the file");
}

#[test]
fn bug12_empty_append_write_leaves_the_offset() {
    let (_k, t) = burrow(256);
    let fd = t.open(AT_FDCWD, b"/f1", OpenFlags::RDWR | OpenFlags::APPEND, 0).unwrap();
    assert_eq!(t.write(fd, b"").unwrap(), 0);
    assert_eq!(t.lseek(fd, SeekFrom::Current(0)).unwrap(), 0);
}
