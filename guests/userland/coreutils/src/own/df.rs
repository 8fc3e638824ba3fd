//! `df`: WASI has no `statfs` and no mount table. A file system is recognised by its device
//! number (a mount point is a directory whose device differs from its parent's); its size, use
//! and free space are unknown and print as `-`, as GNU does for file systems that report none.
//! Without operands it lists `/` and the mounts found one level below `/`, `/mnt` and `/home`.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::{opt, parse, strerror, Parse, Stat};

pub fn main(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: df [OPTION]... [FILE]...\n\
        Show information about the file system on which each FILE resides,\n\
        or all file systems by default.\n\n\
        \x20 -a, --all             include pseudo, duplicate, inaccessible file systems\n\
        \x20 -B, --block-size=SIZE  scale sizes by SIZE before printing them\n\
        \x20 -h, --human-readable  print sizes in powers of 1024 (e.g., 1023M)\n\
        \x20 -H, --si              print sizes in powers of 1000 (e.g., 1.1G)\n\
        \x20 -i, --inodes          list inode information instead of block usage\n\
        \x20 -k                    like --block-size=1K\n\
        \x20 -l, --local           limit listing to local file systems\n\
        \x20 -P, --portability     use the POSIX output format\n\
        \x20     --total           elide all entries insignificant to available space,\n\
        \x20                         and produce a grand total\n\
        \x20 -T, --print-type      print file system type\n\
        \x20     --help        display this help and exit\n\
        \x20     --version     output version information and exit\n\n\
        WASI reports no file system sizes: they print as '-'.\n";
    let opts = [
        opt(Some('a'), Some("all"), false, "all"),
        opt(Some('B'), Some("block-size"), true, "block-size"),
        opt(Some('h'), Some("human-readable"), false, "human"),
        opt(Some('H'), Some("si"), false, "si"),
        opt(Some('i'), Some("inodes"), false, "inodes"),
        opt(Some('k'), None, false, "k"),
        opt(Some('l'), Some("local"), false, "local"),
        opt(Some('P'), Some("portability"), false, "portability"),
        opt(None, Some("total"), false, "total"),
        opt(Some('T'), Some("print-type"), false, "type"),
        opt(Some('t'), Some("type"), true, "only-type"),
        opt(Some('x'), Some("exclude-type"), true, "exclude-type"),
        opt(None, Some("sync"), false, "sync"),
        opt(None, Some("no-sync"), false, "no-sync"),
    ];
    let p = match parse(args, &opts, HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };
    let mut status = 0;
    let mut mounts: Vec<PathBuf> = Vec::new();
    if p.operands.is_empty() {
        mounts.push(PathBuf::from("/"));
        let root_dev = Stat::of("/".as_ref(), true).map(|s| s.dev).ok();
        for parent in ["/", "/mnt", "/home"] {
            let Ok(entries) = std::fs::read_dir(parent) else { continue };
            let parent_dev = Stat::of(parent.as_ref(), true).map(|s| s.dev).ok();
            let mut found: Vec<PathBuf> = entries
                .flatten()
                .map(|e| Path::new(parent).join(e.file_name()))
                .filter(|path| {
                    let dev = Stat::of(path.as_os_str(), false).ok().filter(|s| s.kind == super::Kind::Directory);
                    dev.is_some_and(|s| Some(s.dev) != parent_dev && Some(s.dev) != root_dev)
                })
                .collect();
            found.sort();
            mounts.extend(found);
        }
    } else {
        for op in &p.operands {
            match Stat::of(op, true) {
                Ok(_) => {
                    let point = mount_point(Path::new(op));
                    mounts.push(point);
                }
                Err(e) => {
                    use uucore::display::Quotable;
                    super::error(format!("{}: {}", op.maybe_quote(), strerror(&e)));
                    status = 1;
                }
            }
        }
    }
    if mounts.is_empty() {
        if status == 0 {
            super::error("no file systems processed");
        }
        return 1;
    }

    let inodes = p.has("inodes");
    let human = p.has("human") || p.has("si");
    let posix = p.has("portability");
    let mut header: Vec<String> = vec!["Filesystem".into()];
    if p.has("type") {
        header.push("Type".into());
    }
    if inodes {
        header.extend(["Inodes", "IUsed", "IFree", "IUse%"].map(String::from));
    } else {
        let size = if human {
            "Size".to_string()
        } else {
            let block = p.value("block-size").map(|b| b.to_string_lossy().into_owned());
            match block {
                Some(b) => format!("{b}-blocks"),
                None if posix => "1024-blocks".into(),
                None => "1K-blocks".into(),
            }
        };
        header.push(size);
        header.extend(["Used", if human { "Avail" } else { "Available" }].map(String::from));
        header.push(if posix { "Capacity".into() } else { "Use%".into() });
    }
    header.push("Mounted on".into());

    let mut rows: Vec<Vec<String>> = vec![header];
    let numbers = rows[0].len() - 2 - usize::from(p.has("type"));
    for m in &mounts {
        let mut row = vec!["burrow".to_string()];
        if p.has("type") {
            row.push("-".into());
        }
        row.extend(std::iter::repeat_n("-".to_string(), numbers));
        row.push(m.display().to_string());
        rows.push(row);
    }
    if p.has("total") {
        let mut row = vec!["total".to_string()];
        if p.has("type") {
            row.push("-".into());
        }
        row.extend(std::iter::repeat_n("-".to_string(), numbers));
        row.push("-".into());
        rows.push(row);
    }

    // Columns as GNU aligns them: the name left-aligned (at least 14 wide), numbers right-aligned,
    // the mount point last and unpadded.
    let cols = rows[0].len();
    let width: Vec<usize> = (0..cols).map(|c| rows.iter().map(|r| r[c].len()).max().unwrap_or(0)).collect();
    let mut out = std::io::stdout().lock();
    for row in &rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let left = c == 0 || (p.has("type") && c == 1);
            if c == cols - 1 {
                line.push_str(cell);
            } else if left {
                let w = if c == 0 { width[0].max(14) } else { width[c] };
                line.push_str(&format!("{cell:<w$} "));
            } else {
                line.push_str(&format!("{cell:>w$} ", w = width[c]));
            }
        }
        let _ = writeln!(out, "{line}");
    }
    status
}

/// The mount point of the file system holding `path`: its topmost ancestor on the same device.
fn mount_point(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")).join(path)
    };
    let mut clean = PathBuf::from("/");
    for c in abs.components() {
        match c {
            Component::Normal(n) => clean.push(n),
            Component::ParentDir => {
                clean.pop();
            }
            _ => {}
        }
    }
    let Ok(st) = Stat::of(clean.as_os_str(), true) else { return clean };
    let mut point = clean.clone();
    let mut cur = clean;
    while let Some(parent) = cur.parent().map(Path::to_path_buf) {
        match Stat::of(parent.as_os_str(), true) {
            Ok(pst) if pst.dev == st.dev => point = parent.clone(),
            _ => break,
        }
        cur = parent;
    }
    point
}
