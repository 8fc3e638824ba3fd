//! `rename DIR`: renames inside DIR (which must exist): a file, a file replacing another, across
//! directories, a directory with contents, a directory onto an empty one, and the error cases
//! (ENOTEMPTY/EEXIST for a non-empty target directory, EISDIR, ENOTDIR, ENOENT, EINVAL for a
//! directory into itself). Prints one line per check, the final tree as `tree: ...`, and a
//! summary; exits 0 only if every check passed.
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use burrow_guest::errno::{EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY};
use burrow_test_guests::{arg, Checks};

/// Every path under `dir`, relative, sorted; directories end in `/`.
fn tree(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.file_type()?.is_dir() {
            out.push(format!("{name}/"));
            tree(&e.path(), &format!("{name}/"), out)?;
        } else {
            out.push(name);
        }
    }
    Ok(())
}

fn main() {
    let root = PathBuf::from(arg(1, "DIR"));
    let mut c = Checks::new("rename");
    let d = root.join("r");
    let p = |s: &str| d.join(s);
    c.ok("setup", fs::create_dir(&d));

    c.ok("write a", fs::write(p("a"), b"A"));
    c.ok("rename file", fs::rename(p("a"), p("b")));
    c.errno("old name gone", fs::metadata(p("a")), ENOENT);
    c.eq("new name has content", fs::read(p("b")).ok(), Some(b"A".to_vec()));

    c.ok("write c", fs::write(p("c"), b"C"));
    c.ok("rename replaces file", fs::rename(p("b"), p("c")));
    c.eq("replaced content", fs::read(p("c")).ok(), Some(b"A".to_vec()));
    c.errno("source gone after replace", fs::metadata(p("b")), ENOENT);

    c.ok("mkdir d1 d2", fs::create_dir(p("d1")).and_then(|_| fs::create_dir(p("d2"))));
    c.ok("write d1/f", fs::write(p("d1/f"), b"F"));
    c.ok("rename across dirs", fs::rename(p("d1/f"), p("d2/g")));
    c.eq("moved content", fs::read(p("d2/g")).ok(), Some(b"F".to_vec()));
    c.errno("moved source gone", fs::metadata(p("d1/f")), ENOENT);

    c.ok("rename dir with contents", fs::rename(p("d2"), p("d3")));
    c.eq("contents follow", fs::read(p("d3/g")).ok(), Some(b"F".to_vec()));
    c.ok("rename dir onto empty dir", fs::rename(p("d3"), p("d1")));
    c.eq("contents after replace", fs::read(p("d1/g")).ok(), Some(b"F".to_vec()));

    c.ok("mkdir e", fs::create_dir(p("e")));
    let r = fs::rename(p("e"), p("d1"));
    let ok = matches!(&r, Err(e) if e.raw_os_error() == Some(ENOTEMPTY) || e.raw_os_error() == Some(EEXIST));
    c.check("dir onto non-empty dir", ok, || {
        format!("got {}, want ENOTEMPTY or EEXIST", burrow_test_guests::outcome(&r))
    });
    c.errno("file onto dir", fs::rename(p("c"), p("e")), EISDIR);
    c.errno("dir onto file", fs::rename(p("e"), p("c")), ENOTDIR);
    c.errno("missing source", fs::rename(p("missing"), p("z")), ENOENT);
    c.errno("missing target dir", fs::rename(p("c"), p("missing/z")), ENOENT);
    c.errno("dir into itself", fs::rename(p("d1"), p("d1/sub")), EINVAL);
    c.ok("rename onto itself", fs::rename(p("c"), p("c")));
    c.eq("still there", fs::read(p("c")).ok(), Some(b"A".to_vec()));

    let mut t = Vec::new();
    let r = tree(&d, "", &mut t);
    t.sort();
    println!("tree: {}", t.join(" "));
    c.eq("final tree", r.ok().map(|_| t), Some(vec!["c".into(), "d1/".into(), "d1/g".into(), "e/".into()]));
    c.ok("cleanup", fs::remove_dir_all(&d));
    c.finish()
}
