//! Compiled modules, cached by what they are made of.
//!
//! Lookups go first by file identity: for a file of a frozen image, the image's stable id; for
//! any other file, (device, inode, size, mtime, ctime). Only on a miss are the bytes read and
//! hashed (BLAKE3, so a guest cannot forge a collision to swap in its own code), and the hash
//! is looked up before compiling.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;

use crate::{Backend, BackendError, CompiledModule};

/// A BLAKE3 hash of a module's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    /// Hashes `bytes`.
    pub fn of(bytes: &[u8]) -> ContentHash {
        ContentHash(*blake3::hash(bytes).as_bytes())
    }

    /// Lowercase hex, for file names.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What identifies a file's current content without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKey {
    /// A file that can never change.
    Immutable(u64, u64),
    /// Any other file, as of its last change.
    Versioned { dev: u64, ino: u64, size: u64, mtime_ns: u64, ctime_ns: u64 },
}

/// A compile the user will wait for (see [`ModuleCache::on_slow_compile`]).
#[derive(Clone, Copy, Debug)]
pub struct SlowCompile {
    /// The backend compiling.
    pub backend: &'static str,
    /// The module's size in bytes.
    pub bytes: usize,
}

/// Told of each slow compile before it starts.
pub type SlowCompileObserver = Arc<dyn Fn(SlowCompile) + Send + Sync>;

/// Compiled modules of one backend.
#[derive(Default)]
pub struct ModuleCache {
    by_file: RwLock<HashMap<FileKey, Arc<dyn CompiledModule>>>,
    by_hash: RwLock<HashMap<ContentHash, Arc<dyn CompiledModule>>>,
    on_slow_compile: RwLock<Option<SlowCompileObserver>>,
}

impl ModuleCache {
    /// An empty cache.
    pub fn new() -> ModuleCache {
        ModuleCache::default()
    }

    /// Calls `observer` before each compile the backend says is slow (a first run compiling
    /// the userland, say), so a command line can say why it waits.
    pub fn on_slow_compile(&self, observer: SlowCompileObserver) {
        *self.on_slow_compile.write() = Some(observer);
    }

    /// The module compiled from the file `key`, if cached.
    pub fn get_file(&self, key: &FileKey) -> Option<Arc<dyn CompiledModule>> {
        self.by_file.read().get(key).cloned()
    }

    /// The module for `bytes`, compiling it on a miss; remembers it under `file` too.
    pub fn get_or_compile(
        &self,
        backend: &dyn Backend,
        bytes: &[u8],
        file: Option<FileKey>,
    ) -> Result<Arc<dyn CompiledModule>, BackendError> {
        let hash = ContentHash::of(bytes);
        let cached = self.by_hash.read().get(&hash).cloned();
        let _span = tracing::debug_span!("module", cache_hit = cached.is_some()).entered();
        let module = match cached {
            Some(m) => m,
            None => {
                if let Some(observer) = self.on_slow_compile.read().clone() {
                    if backend.compile_is_slow(bytes.len(), &hash) {
                        observer(SlowCompile { backend: backend.name(), bytes: bytes.len() });
                    }
                }
                let compile = tracing::debug_span!("compile", bytes = bytes.len());
                let m = compile.in_scope(|| backend.compile(bytes, &hash))?;
                self.by_hash.write().entry(hash).or_insert(m).clone()
            }
        };
        if let Some(file) = file {
            self.by_file.write().insert(file, module.clone());
        }
        Ok(module)
    }

    /// How many distinct modules are cached.
    pub fn len(&self) -> usize {
        self.by_hash.read().len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
