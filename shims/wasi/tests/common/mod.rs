//! A guest without an engine: a real kernel, a task with its preopen, a `WasiCtx`, and a
//! `Vec<u8>` as linear memory with a bump allocator. Shim functions are called directly.
#![allow(dead_code)]

use std::sync::Arc;

use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::syscall::ChildOptions;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Kernel, Task};
use burrow_wasi::types::{oflags, rights};
use burrow_wasi::WasiCtx;

/// Size of guest memory.
pub const MEM_SIZE: usize = 64 * 1024;
/// Where the bump allocator starts (below it: scratch for out-pointers).
const HEAP: u32 = 1024;

/// Out-pointer scratch slots.
pub const OUT: i32 = 16;
pub const OUT2: i32 = 32;

pub const PREOPEN: i32 = 3;

/// Calls a `wasi_snapshot_preview1` function on `$g` and unwraps the `HostResult`.
#[macro_export]
macro_rules! p1 {
    ($g:expr, $f:ident $(, $a:expr)* $(,)?) => {
        burrow_wasi::wasi_snapshot_preview1::$f(&mut $g.cx, burrow_wasi::Mem::new(&mut $g.mem) $(, $a)*)
            .expect(concat!(stringify!($f), " stopped the guest"))
    };
}

/// Calls a `burrow` module function on `$g` and unwraps the `HostResult`.
#[macro_export]
macro_rules! bw {
    ($g:expr, $f:ident $(, $a:expr)* $(,)?) => {
        burrow_wasi::burrow::$f(&mut $g.cx, burrow_wasi::Mem::new(&mut $g.mem) $(, $a)*)
            .expect(concat!(stringify!($f), " stopped the guest"))
    };
}

pub struct Guest {
    pub kernel: Kernel,
    pub cx: WasiCtx,
    pub mem: Vec<u8>,
    brk: u32,
}

/// A kernel with an empty memfs root.
pub fn kernel() -> Kernel {
    let fs = MemFs::new(Arc::new(FsQuota::unlimited()));
    Kernel::new(fs, Limits::default())
}

impl Guest {
    /// Init (pid 1) as the guest, with `argv = ["prog", "arg1"]`, some environment and the
    /// preopen at 3.
    pub fn new() -> Guest {
        let kernel = kernel();
        let task = kernel.init();
        Guest::with_task(kernel, task)
    }

    /// A fresh child of init (in its own process group) as the guest.
    pub fn child() -> Guest {
        let kernel = kernel();
        let init = kernel.init();
        let task = init.new_child(ChildOptions { pgid: Some(0), ..ChildOptions::default() }).unwrap();
        Guest::with_task(kernel, task)
    }

    pub fn with_task(kernel: Kernel, task: Task) -> Guest {
        burrow_wasi::prepare_stdio_and_preopen(&task).unwrap();
        let args = vec![b"prog".to_vec(), b"arg1".to_vec()];
        let env = vec![b"HOME=/home".to_vec(), b"PWD=/stale".to_vec(), b"EMPTY=".to_vec()];
        let cx = WasiCtx::new(task, args, env);
        Guest { kernel, cx, mem: vec![0; MEM_SIZE], brk: HEAP }
    }

    pub fn task(&self) -> &Task {
        &self.cx.task
    }

    /// Forgets every allocation.
    pub fn reset(&mut self) {
        self.brk = HEAP;
    }

    /// `n` zeroed bytes, 8-aligned.
    pub fn alloc(&mut self, n: u32) -> i32 {
        let at = self.brk;
        let end = at as usize + n as usize;
        assert!(end <= self.mem.len(), "test guest out of memory");
        self.mem[at as usize..end].fill(0);
        self.brk = (end as u32 + 7) & !7;
        at as i32
    }

    /// A copy of `b` in guest memory.
    pub fn put(&mut self, b: &[u8]) -> i32 {
        let at = self.alloc(b.len() as u32);
        self.mem[at as usize..at as usize + b.len()].copy_from_slice(b);
        at
    }

    /// An iovec array over fresh buffers holding `bufs`; returns (array, buffer pointers).
    pub fn iovs(&mut self, bufs: &[&[u8]]) -> (i32, Vec<i32>) {
        let ptrs: Vec<i32> = bufs.iter().map(|b| self.put(b)).collect();
        let arr = self.alloc(8 * bufs.len() as u32);
        for (i, (p, b)) in ptrs.iter().zip(bufs).enumerate() {
            self.set_u32(arr + 8 * i as i32, *p as u32);
            self.set_u32(arr + 8 * i as i32 + 4, b.len() as u32);
        }
        (arr, ptrs)
    }

    pub fn bytes(&self, at: i32, n: usize) -> &[u8] {
        &self.mem[at as usize..at as usize + n]
    }

    pub fn u16_at(&self, at: i32) -> u16 {
        u16::from_le_bytes(self.bytes(at, 2).try_into().unwrap())
    }

    pub fn u32_at(&self, at: i32) -> u32 {
        u32::from_le_bytes(self.bytes(at, 4).try_into().unwrap())
    }

    pub fn u64_at(&self, at: i32) -> u64 {
        u64::from_le_bytes(self.bytes(at, 8).try_into().unwrap())
    }

    pub fn set_u32(&mut self, at: i32, v: u32) {
        self.mem[at as usize..at as usize + 4].copy_from_slice(&v.to_le_bytes());
    }

    pub fn set_u64(&mut self, at: i32, v: u64) {
        self.mem[at as usize..at as usize + 8].copy_from_slice(&v.to_le_bytes());
    }

    /// `path_open`; the new fd or the errno.
    pub fn open(
        &mut self,
        dir: i32,
        path: &[u8],
        oflags: u16,
        rights: u64,
        fdflags: u16,
        dirflags: i32,
    ) -> Result<i32, i32> {
        let p = self.put(path);
        let e = p1!(
            self,
            path_open,
            dir,
            dirflags,
            p,
            path.len() as i32,
            oflags as i32,
            rights as i64,
            0,
            fdflags as i32,
            OUT
        );
        if e == 0 {
            Ok(self.u32_at(OUT) as i32)
        } else {
            Err(e)
        }
    }

    /// Creates (or opens) `path` under the preopen for reading and writing.
    pub fn create(&mut self, path: &[u8]) -> i32 {
        self.open(PREOPEN, path, oflags::CREAT, rights::FD_READ | rights::FD_WRITE, 0, 0).unwrap()
    }

    /// `fd_write` of `bufs` as one iovec list.
    pub fn write(&mut self, fd: i32, bufs: &[&[u8]]) -> Result<u32, i32> {
        let (arr, _) = self.iovs(bufs);
        match p1!(self, fd_write, fd, arr, bufs.len() as i32, OUT) {
            0 => Ok(self.u32_at(OUT)),
            e => Err(e),
        }
    }

    /// `fd_read` into iovecs of the given lengths; the bytes read.
    pub fn read(&mut self, fd: i32, lens: &[u32]) -> Result<Vec<u8>, i32> {
        let bufs: Vec<Vec<u8>> = lens.iter().map(|&l| vec![0; l as usize]).collect();
        let refs: Vec<&[u8]> = bufs.iter().map(|b| b.as_slice()).collect();
        let (arr, ptrs) = self.iovs(&refs);
        match p1!(self, fd_read, fd, arr, lens.len() as i32, OUT) {
            0 => {
                let mut n = self.u32_at(OUT) as usize;
                let mut out = Vec::new();
                for (p, &l) in ptrs.iter().zip(lens) {
                    let take = n.min(l as usize);
                    out.extend_from_slice(self.bytes(*p, take));
                    n -= take;
                }
                Ok(out)
            }
            e => Err(e),
        }
    }

    /// `fd_filestat_get`: (filetype, size, atim, mtim, ino, nlink).
    pub fn fstat(&mut self, fd: i32) -> Result<Filestat, i32> {
        let out = self.alloc(64);
        match p1!(self, fd_filestat_get, fd, out) {
            0 => Ok(Filestat::decode(self.bytes(out, 64))),
            e => Err(e),
        }
    }

    /// `path_filestat_get` relative to the preopen.
    pub fn stat(&mut self, path: &[u8], follow: bool) -> Result<Filestat, i32> {
        let p = self.put(path);
        let out = self.alloc(64);
        match p1!(self, path_filestat_get, PREOPEN, follow as i32, p, path.len() as i32, out) {
            0 => Ok(Filestat::decode(self.bytes(out, 64))),
            e => Err(e),
        }
    }

    /// `fd_fdstat_get`: (filetype, flags, base, inheriting).
    pub fn fdstat(&mut self, fd: i32) -> Result<(u8, u16, u64, u64), i32> {
        let out = self.alloc(24);
        match p1!(self, fd_fdstat_get, fd, out) {
            0 => Ok((self.bytes(out, 1)[0], self.u16_at(out + 2), self.u64_at(out + 8), self.u64_at(out + 16))),
            e => Err(e),
        }
    }

    /// Calls a one-path function relative to the preopen.
    pub fn path_call(&mut self, f: PathFn, path: &[u8]) -> i32 {
        let p = self.put(path);
        f(&mut self.cx, burrow_wasi::Mem::new(&mut self.mem), PREOPEN, p, path.len() as i32).unwrap()
    }
}

pub type PathFn = fn(&mut WasiCtx, burrow_wasi::Mem<'_>, i32, i32, i32) -> burrow_wasi::HostResult<i32>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

impl Filestat {
    pub fn decode(b: &[u8]) -> Filestat {
        let u = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
        Filestat {
            dev: u(0),
            ino: u(8),
            filetype: b[16],
            nlink: u(24),
            size: u(32),
            atim: u(40),
            mtim: u(48),
            ctim: u(56),
        }
    }
}
