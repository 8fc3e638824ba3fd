//! File descriptors: the per-process table, open file descriptions and their flags.

pub mod file;
pub mod flags;
pub mod table;

pub use file::{File, FileRef, NodeFile, PipeFile};
pub use flags::{Access, OpenFlags, StatusFlags};
pub use table::FdTable;
