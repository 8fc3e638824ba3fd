//! `files DIR`: file operations inside DIR (which must exist): create, write, append, read back,
//! seek, overwrite in place, truncate and extend, stat sizes, exclusive create, copy, a 1 MiB
//! round trip, remove. Prints one `ok NAME` / `FAIL NAME: ...` line per check and a summary; exits
//! 0 only if every check passed. Leaves DIR as it found it when all checks pass.
use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use burrow_guest::errno::{EEXIST, ENOENT};
use burrow_test_guests::{arg, Checks};

fn main() {
    let dir = PathBuf::from(arg(1, "DIR"));
    let mut c = Checks::new("files");
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");

    c.ok("create", fs::write(&a, b"hello"));
    c.eq("size after create", fs::metadata(&a).map(|m| m.len()).ok(), Some(5));
    c.ok("append", OpenOptions::new().append(true).open(&a).and_then(|mut f| f.write_all(b" world")));
    c.eq("read back", fs::read(&a).ok(), Some(b"hello world".to_vec()));
    c.eq("size after append", fs::metadata(&a).map(|m| m.len()).ok(), Some(11));

    if let Some(mut f) = c.ok("open for read", fs::File::open(&a)) {
        let mut word = [0u8; 5];
        c.eq("seek start", f.seek(SeekFrom::Start(6)).ok(), Some(6));
        c.eq("read at 6", f.read_exact(&mut word).ok().map(|_| word), Some(*b"world"));
        c.eq("seek end", f.seek(SeekFrom::End(-11)).ok(), Some(0));
        c.eq("seek current", f.seek(SeekFrom::Current(2)).ok(), Some(2));
        let mut rest = String::new();
        c.eq("read rest", f.read_to_string(&mut rest).ok().map(|_| rest), Some("llo world".into()));
        c.eq("read at eof", f.read(&mut word).ok(), Some(0));
    }

    if let Some(mut f) = c.ok("open for write", OpenOptions::new().read(true).write(true).open(&a)) {
        c.ok("overwrite", f.seek(SeekFrom::Start(0)).and_then(|_| f.write_all(b"J")));
        c.eq("position after overwrite", f.stream_position().ok(), Some(1));
        c.ok("truncate", f.set_len(5));
        c.eq("size after truncate", f.metadata().map(|m| m.len()).ok(), Some(5));
        c.ok("extend", f.set_len(8));
        c.ok("sync", f.sync_all());
    }
    c.eq("content after truncate+extend", fs::read(&a).ok(), Some(b"Jello\0\0\0".to_vec()));
    c.eq("metadata is file", fs::metadata(&a).map(|m| (m.is_file(), m.is_dir())).ok(), Some((true, false)));

    c.errno("create_new on existing", OpenOptions::new().write(true).create_new(true).open(&a), EEXIST);
    c.errno("open missing", fs::File::open(dir.join("missing")), ENOENT);

    c.eq("copy", fs::copy(&a, &b).ok(), Some(8));
    c.eq("copy content", fs::read(&b).ok(), Some(b"Jello\0\0\0".to_vec()));
    c.ok("write truncates", fs::write(&b, b"x"));
    c.eq("size after rewrite", fs::metadata(&b).map(|m| m.len()).ok(), Some(1));

    let big: Vec<u8> = (0..1u32 << 20).map(|i| (i % 251) as u8).collect();
    c.ok("write 1 MiB", fs::write(&b, &big));
    c.eq("size 1 MiB", fs::metadata(&b).map(|m| m.len()).ok(), Some(1 << 20));
    c.check("read 1 MiB", fs::read(&b).ok().as_ref() == Some(&big), || "content differs".into());

    c.ok("remove a", fs::remove_file(&a));
    c.ok("remove b", fs::remove_file(&b));
    c.errno("stat removed", fs::metadata(&a), ENOENT);
    c.errno("remove again", fs::remove_file(&a), ENOENT);
    c.finish()
}
