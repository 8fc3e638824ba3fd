//! `dirs DIR`: directory operations inside DIR (which must exist): nested create (`mkdir -p`),
//! sorted listing, EEXIST/ENOENT/ENOTEMPTY/ENOTDIR/EISDIR cases, rmdir, directory rename,
//! recursive removal. Prints one line per check, listings as `list PATH: a b/ c`, and a summary;
//! exits 0 only if every check passed.
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use burrow_guest::errno::{EEXIST, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY};
use burrow_test_guests::{arg, Checks};

/// Sorted names, directories with a trailing `/`.
fn listing(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for e in fs::read_dir(dir)? {
        let e = e?;
        let mut name = e.file_name().to_string_lossy().into_owned();
        if e.file_type()?.is_dir() {
            name.push('/');
        }
        names.push(name);
    }
    names.sort();
    Ok(names)
}

fn main() {
    let root = PathBuf::from(arg(1, "DIR"));
    let mut c = Checks::new("dirs");
    let d = root.join("d");

    c.ok("create_dir_all d/a/b/c", fs::create_dir_all(d.join("a/b/c")));
    c.ok("create_dir_all again", fs::create_dir_all(d.join("a/b/c")));
    c.eq("is dir", fs::metadata(d.join("a/b/c")).map(|m| m.is_dir()).ok(), Some(true));
    c.errno("create_dir existing", fs::create_dir(d.join("a")), EEXIST);
    c.errno("create_dir missing parent", fs::create_dir(d.join("x/y")), ENOENT);
    c.ok("write f1", fs::write(d.join("a/f1"), b"1"));
    c.ok("write f2", fs::write(d.join("a/f2"), b"22"));
    c.errno("create_dir under file", fs::create_dir(d.join("a/f1/x")), ENOTDIR);

    let l = listing(&d.join("a"));
    println!("list d/a: {}", l.as_ref().map(|v| v.join(" ")).unwrap_or_else(|e| e.to_string()));
    c.eq("listing d/a", l.ok(), Some(vec!["b/".to_string(), "f1".into(), "f2".into()]));
    c.eq("listing empty", listing(&d.join("a/b/c")).ok(), Some(vec![]));
    c.errno("read_dir missing", fs::read_dir(d.join("missing")).map(|_| ()), ENOENT);
    c.errno("read_dir of file", fs::read_dir(d.join("a/f1")).map(|_| ()), ENOTDIR);

    c.errno("remove_dir non-empty", fs::remove_dir(d.join("a")), ENOTEMPTY);
    c.errno("remove_dir of file", fs::remove_dir(d.join("a/f1")), ENOTDIR);
    c.errno("remove_file of dir", fs::remove_file(d.join("a/b")), EISDIR);
    c.ok("remove_dir empty", fs::remove_dir(d.join("a/b/c")));
    c.errno("removed is gone", fs::metadata(d.join("a/b/c")), ENOENT);

    c.ok("rename dir", fs::rename(d.join("a/b"), d.join("a/b2")));
    c.ok("rename dir with contents", fs::rename(d.join("a"), d.join("a2")));
    let l = listing(&d.join("a2"));
    println!("list d/a2: {}", l.as_ref().map(|v| v.join(" ")).unwrap_or_else(|e| e.to_string()));
    c.eq("listing after renames", l.ok(), Some(vec!["b2/".to_string(), "f1".into(), "f2".into()]));
    c.eq("content follows rename", fs::read(d.join("a2/f2")).ok(), Some(b"22".to_vec()));
    c.errno("old name gone", fs::metadata(d.join("a")), ENOENT);

    c.ok("remove_dir_all", fs::remove_dir_all(&d));
    c.errno("tree gone", fs::metadata(&d), ENOENT);
    c.finish()
}
