//! `tar` like GNU tar 1.34 for the common cases: create (`c`), extract (`x`) and list (`t`), `-a`,
//! `-z` (and gzip detected on reading), `-f FILE` (`-` or no `-f`: standard input/output), `-C
//! DIR`, `-v` (`tv`: GNU's long format), `-O`, `-k`, `--exclude`, `--strip-components`, old-style
//! bundles (`czf`) and `-` bundles (`-xzf`). Archives are GNU format (long names as
//! `././@LongLink` entries), padded to 10240-byte records like GNU's; reading goes through the
//! `tar` crate, so GNU, ustar and pax archives are understood.
//!
//! Modes, owners and modification times are stored; extraction restores times and modes (less
//! the umask, as GNU tar does for a user that is not root; directories' once their contents are
//! in), not owners. Modes and owners come from Burrow's `stat`, since WASI preview1's filestat
//! has neither; on a kernel without it, members get 0644 (0755 for directories and for files
//! starting with `#!` or the wasm magic, 0777 for symbolic links), owned by uid and gid 1000.
//!
//! Differences from GNU: directories are walked in sorted order (GNU's default is readdir order;
//! this is its `--sort=name`); hard links are stored as separate files; `-r`, `-u`, `-A`,
//! `--delete`, `-j` and `-J` are not supported.
//!
//! Member names lose a leading `/` and anything up to a `..` component, with GNU's message, so
//! extraction stays below the target directory; a member below a symbolic link extracted from
//! the same archive is refused.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};

use burrow_toolkit::common::{self, is_broken_pipe, strerror};
use burrow_toolkit::glob::fnmatch;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use tar::{Archive, EntryType, Header};

use crate::util::{epoch_secs, format_minute, from_epoch};

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Create,
    Extract,
    List,
}

/// An operand in command-line order: `-C` applies to the paths after it.
enum Operand {
    Chdir(String),
    Path(String),
}

struct Opts {
    op: Option<Op>,
    gzip: bool,
    file: Option<String>,
    verbose: u32,
    to_stdout: bool,
    keep_old: bool,
    excludes: Vec<String>,
    strip: usize,
    dereference: bool,
    no_mtime: bool,
    /// `-a`: choose gzip from the archive's suffix when creating.
    auto_compress: bool,
    operands: Vec<Operand>,
}

const HELP: &str = "Usage: tar [OPTION...] [FILE]...
GNU 'tar' saves many files together into a single tape or disk archive, and can
restore individual files from the archive.

Examples:
  tar -cf archive.tar foo bar  # Create archive.tar from files foo and bar.
  tar -tvf archive.tar         # List all files in archive.tar verbosely.
  tar -xf archive.tar          # Extract all files from archive.tar.

  -c, --create               create a new archive
  -t, --list                 list the contents of an archive
  -x, --extract, --get       extract files from an archive
  -C, --directory=DIR        change to directory DIR
  -f, --file=ARCHIVE         use archive file or device ARCHIVE
  -k, --keep-old-files       don't replace existing files when extracting
  -m, --touch                don't extract file modified time
  -O, --to-stdout            extract files to standard output
  -v, --verbose              verbosely list files processed
  -z, --gzip, --gunzip       filter the archive through gzip
  -a, --auto-compress        use the archive suffix to decide on gzip (.tgz, .tar.gz)
  -h, --dereference          follow symlinks; archive the files they point to
      --exclude=PATTERN      exclude files, given as a PATTERN
      --strip-components=NUMBER   strip NUMBER leading components from file
                             names on extraction
";

fn usage_hint() {
    eprintln!("Try 'tar --help' or 'tar --usage' for more information.");
}

fn set_op(o: &mut Opts, op: Op) -> Result<(), i32> {
    if o.op.is_some() && o.op != Some(op) {
        eprintln!("tar: You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option");
        usage_hint();
        return Err(2);
    }
    o.op = Some(op);
    Ok(())
}

/// Applies the short option `c`; `arg` supplies its argument when it takes one.
fn short(o: &mut Opts, c: char, arg: &mut dyn FnMut() -> Option<String>) -> Result<(), i32> {
    let need = |arg: &mut dyn FnMut() -> Option<String>| {
        arg().ok_or_else(|| {
            eprintln!("tar: option requires an argument -- '{c}'");
            usage_hint();
            64
        })
    };
    match c {
        'c' => set_op(o, Op::Create)?,
        'x' => set_op(o, Op::Extract)?,
        't' => set_op(o, Op::List)?,
        'z' => o.gzip = true,
        'v' => o.verbose += 1,
        'O' => o.to_stdout = true,
        'k' => o.keep_old = true,
        'h' => o.dereference = true,
        'm' => o.no_mtime = true,
        'a' => o.auto_compress = true,
        'p' | 'o' | 's' | 'P' => {}
        'f' => o.file = Some(need(arg)?),
        'C' => {
            let d = need(arg)?;
            o.operands.push(Operand::Chdir(d));
        }
        'j' | 'J' | 'Z' | 'r' | 'u' | 'A' | 'd' => {
            eprintln!("tar: option -{c} is not supported by this tar (Burrow archive: c x t with -z)");
            return Err(2);
        }
        _ => {
            eprintln!("tar: invalid option -- '{c}'");
            usage_hint();
            return Err(64);
        }
    }
    Ok(())
}

fn parse(args: Vec<String>) -> Result<Opts, i32> {
    let mut o = Opts {
        op: None,
        gzip: false,
        file: None,
        verbose: 0,
        to_stdout: false,
        keep_old: false,
        excludes: Vec::new(),
        strip: 0,
        dereference: false,
        no_mtime: false,
        auto_compress: false,
        operands: Vec::new(),
    };
    let mut rest = args.into_iter().peekable();
    // Old style: the first argument is a bundle of letters without `-`; the letters that take an
    // argument take the next arguments in order.
    if let Some(first) = rest.peek().cloned() {
        if !first.starts_with('-') && !first.is_empty() {
            rest.next();
            for c in first.chars() {
                let mut take = || rest.next();
                short(&mut o, c, &mut take)?;
            }
        }
    }
    let mut opts_done = false;
    while let Some(a) = rest.next() {
        if opts_done || !a.starts_with('-') || a == "-" {
            o.operands.push(Operand::Path(a));
            continue;
        }
        if a == "--" {
            opts_done = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let value = |rest: &mut std::iter::Peekable<std::vec::IntoIter<String>>| -> Result<String, i32> {
                inline.clone().or_else(|| rest.next()).ok_or_else(|| {
                    eprintln!("tar: option '--{name}' requires an argument");
                    usage_hint();
                    64
                })
            };
            match name {
                "create" => set_op(&mut o, Op::Create)?,
                "extract" | "get" => set_op(&mut o, Op::Extract)?,
                "list" => set_op(&mut o, Op::List)?,
                "gzip" | "gunzip" | "ungzip" => o.gzip = true,
                "auto-compress" => o.auto_compress = true,
                "verbose" => o.verbose += 1,
                "to-stdout" => o.to_stdout = true,
                "keep-old-files" | "skip-old-files" => o.keep_old = true,
                "dereference" => o.dereference = true,
                "touch" => o.no_mtime = true,
                "file" => o.file = Some(value(&mut rest)?),
                "directory" => {
                    let d = value(&mut rest)?;
                    o.operands.push(Operand::Chdir(d));
                }
                "exclude" => {
                    let p = value(&mut rest)?;
                    o.excludes.push(p);
                }
                "strip-components" => {
                    let v = value(&mut rest)?;
                    o.strip = match v.parse() {
                        Ok(n) => n,
                        Err(_) => {
                            eprintln!("tar: {v}: Invalid number of elements");
                            usage_hint();
                            return Err(2);
                        }
                    };
                }
                "overwrite" | "no-same-owner" | "same-owner" | "no-same-permissions" | "same-permissions"
                | "preserve-permissions" | "numeric-owner" | "wildcards" | "no-wildcards"
                | "recursion" | "absolute-names" | "warning" | "owner" | "group" | "mode" | "sort" | "format"
                | "no-overwrite-dir" | "overwrite-dir" | "delay-directory-restore" => {
                    if matches!(name, "owner" | "group" | "mode" | "sort" | "format" | "warning") && inline.is_none() {
                        value(&mut rest)?;
                    }
                }
                "help" => {
                    print!("{HELP}");
                    return Err(0);
                }
                "version" => {
                    println!("tar (GNU tar) 1.34\n(Burrow archive: the tar and flate2 crates)");
                    return Err(0);
                }
                _ => {
                    eprintln!("tar: unrecognized option '{a}'");
                    usage_hint();
                    return Err(64);
                }
            }
            continue;
        }
        let letters: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < letters.len() {
            let c = letters[k];
            k += 1;
            // An option with an argument takes the rest of the bundle, or else the next argument.
            let tail: String = letters[k..].iter().collect();
            let mut used_tail = false;
            let mut take = || {
                if !tail.is_empty() {
                    used_tail = true;
                    Some(tail.clone())
                } else {
                    rest.next()
                }
            };
            short(&mut o, c, &mut take)?;
            if used_tail {
                break;
            }
        }
    }
    Ok(o)
}

/// Runs tar with the arguments after the program name.
pub fn main(args: Vec<String>) -> i32 {
    let o = match parse(args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let Some(op) = o.op else {
        eprintln!("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
        usage_hint();
        return 2;
    };
    // Read the umask (setting it is the only way), then put it back.
    let umask = burrow_guest::umask(0o022).inspect(|old| {
        let _ = burrow_guest::umask(*old);
    });
    let mut t = Tar {
        o,
        failed: false,
        removed_prefixes: HashSet::new(),
        ugswidth: 19,
        umask: umask.unwrap_or(0o022),
        owners: Owners::default(),
    };
    let r = match op {
        Op::Create => t.create(),
        Op::Extract | Op::List => t.read(op),
    };
    match r {
        Err(Fatal(msg)) => {
            let _ = io::stdout().flush();
            if !msg.is_empty() {
                eprintln!("tar: {msg}");
            }
            eprintln!("tar: Error is not recoverable: exiting now");
            2
        }
        Ok(()) if t.failed => {
            let _ = io::stdout().flush();
            eprintln!("tar: Exiting with failure status due to previous errors");
            2
        }
        Ok(()) => 0,
    }
}

/// An error that ends tar at once (GNU's "Error is not recoverable").
struct Fatal(String);

/// The archive being written: the file or standard output, maybe through gzip, counting bytes
/// so the end can be padded to a whole record.
struct Sink {
    inner: SinkKind,
    written: u64,
}

enum SinkKind {
    Plain(Box<dyn Write>),
    Gzip(GzEncoder<Box<dyn Write>>),
}

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        let n = match &mut self.inner {
            SinkKind::Plain(w) => w.write(b)?,
            SinkKind::Gzip(w) => w.write(b)?,
        };
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            SinkKind::Plain(w) => w.flush(),
            SinkKind::Gzip(w) => w.flush(),
        }
    }
}

impl Sink {
    /// Pads to a 10240-byte record (GNU's default blocking factor 20) and finishes the stream.
    fn finish(mut self) -> io::Result<()> {
        let pad = (10240 - self.written % 10240) % 10240;
        self.write_all(&vec![0u8; pad as usize])?;
        match self.inner {
            SinkKind::Plain(mut w) => w.flush(),
            SinkKind::Gzip(w) => w.finish()?.flush(),
        }
    }
}

/// The lexically normalised absolute form of `p` (for recognising the archive itself).
fn absolute(p: &Path) -> PathBuf {
    let full = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    let mut out = PathBuf::from("/");
    for c in full.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    out
}

struct Tar {
    o: Opts,
    failed: bool,
    /// The prefixes already reported as removed from member names.
    removed_prefixes: HashSet<String>,
    /// GNU's running width of the `owner/group size` column in long listings.
    ugswidth: usize,
    /// The process's umask, applied to extracted modes.
    umask: u32,
    /// User and group names for the ids of archived files.
    owners: Owners,
}

/// Names of user and group ids, from `/etc/passwd` and `/etc/group` (read once).
#[derive(Default)]
struct Owners {
    users: Option<Vec<(u32, String)>>,
    groups: Option<Vec<(u32, String)>>,
}

impl Owners {
    fn load(path: &str) -> Vec<(u32, String)> {
        let text = fs::read_to_string(path).unwrap_or_default();
        text.lines()
            .filter_map(|l| {
                let mut f = l.split(':');
                let name = f.next()?;
                let id = f.nth(1)?.parse().ok()?;
                Some((id, name.to_string()))
            })
            .collect()
    }

    /// The name of user `uid` (empty if unknown: listings then show the number).
    fn user(&mut self, uid: u32) -> String {
        let users = self.users.get_or_insert_with(|| Self::load("/etc/passwd"));
        users.iter().find(|(id, _)| *id == uid).map(|(_, n)| n.clone()).unwrap_or_default()
    }

    /// The name of group `gid` (empty if unknown).
    fn group(&mut self, gid: u32) -> String {
        let groups = self.groups.get_or_insert_with(|| Self::load("/etc/group"));
        groups.iter().find(|(id, _)| *id == gid).map(|(_, n)| n.clone()).unwrap_or_default()
    }
}

impl Tar {
    fn error(&mut self, msg: String) {
        let _ = io::stdout().flush();
        eprintln!("tar: {msg}");
        self.failed = true;
    }

    /// Where verbose output goes: standard error when the archive is standard output.
    fn verbose_line(&self, line: &str) {
        if self.o.file.as_deref().unwrap_or("-") == "-" && self.o.op == Some(Op::Create) || self.o.to_stdout {
            let _ = io::stdout().flush();
            eprintln!("{line}");
        } else {
            let mut out = io::stdout().lock();
            let _ = writeln!(out, "{line}");
        }
    }

    /// GNU's `safer_name_suffix`: drops leading `/`s and everything up to the last `..`
    /// component, reporting each removed prefix once. `None` when nothing is left.
    fn safe_name(&mut self, name: &str) -> Option<String> {
        let mut cut = 0;
        let b = name.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let end = name[i..].find('/').map(|j| i + j).unwrap_or(b.len());
            if &name[i..end] == ".." {
                cut = (end + 1).min(b.len());
            }
            i = end + 1;
        }
        let mut rest = &name[cut..];
        let slashes = rest.len() - rest.trim_start_matches('/').len();
        rest = &rest[slashes..];
        let prefix = &name[..name.len() - rest.len()];
        if !prefix.is_empty() && self.removed_prefixes.insert(prefix.to_string()) {
            let _ = io::stdout().flush();
            eprintln!("tar: Removing leading `{prefix}' from member names");
        }
        if rest.is_empty() {
            None
        } else {
            Some(rest.to_string())
        }
    }

    fn excluded(&self, name: &str) -> bool {
        let name = name.trim_end_matches('/');
        self.o.excludes.iter().any(|p| {
            let p = p.trim_end_matches('/');
            // Unanchored, as GNU's default: the pattern may match after any `/`.
            let mut start = 0;
            loop {
                if fnmatch(p.as_bytes(), &name.as_bytes()[start..], false) {
                    return true;
                }
                match name[start..].find('/') {
                    Some(j) => start += j + 1,
                    None => return false,
                }
            }
        })
    }

    // ---- create ----

    fn create(&mut self) -> Result<(), Fatal> {
        let paths = self.o.operands.iter().filter(|op| matches!(op, Operand::Path(_))).count();
        if paths == 0 {
            eprintln!("tar: Cowardly refusing to create an empty archive");
            usage_hint();
            common::exit(2);
        }
        let file = self.o.file.clone().unwrap_or_else(|| "-".into());
        let (raw, archive_path): (Box<dyn Write>, Option<PathBuf>) = if file == "-" {
            (Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout())), None)
        } else {
            match File::create(&file) {
                Ok(f) => (Box::new(io::BufWriter::with_capacity(1 << 16, f)), Some(absolute(Path::new(&file)))),
                Err(e) => return Err(Fatal(format!("{file}: Cannot open: {}", strerror(&e)))),
            }
        };
        let by_suffix = [".tgz", ".taz", ".tar.gz", ".tar.z"].iter().any(|s| file.ends_with(s));
        let inner = if self.o.gzip || (self.o.auto_compress && by_suffix) { SinkKind::Gzip(GzEncoder::new(raw, Compression::default())) } else { SinkKind::Plain(raw) };
        let mut builder = tar::Builder::new(Sink { inner, written: 0 });
        let mut base = PathBuf::new();
        let operands = std::mem::take(&mut self.o.operands);
        for op in &operands {
            match op {
                Operand::Chdir(d) => base = base.join(d),
                Operand::Path(p) => {
                    let fs_path = base.join(p);
                    let trimmed = if p.len() > 1 { p.trim_end_matches('/') } else { p.as_str() };
                    let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
                    if let Err(e) = self.add(&mut builder, &fs_path, trimmed, archive_path.as_deref()) {
                        return Err(self.write_failure(e));
                    }
                }
            }
        }
        let sink = builder.into_inner().map_err(|e| self.write_failure(e))?;
        sink.finish().map_err(|e| self.write_failure(e))
    }

    fn write_failure(&self, e: io::Error) -> Fatal {
        if is_broken_pipe(&e) {
            common::exit(141);
        }
        Fatal(format!("{}: Cannot write: {}", self.o.file.as_deref().unwrap_or("-"), strerror(&e)))
    }

    /// Writes one member (its header, and a GNU long-name entry first if the name needs one).
    fn append(builder: &mut tar::Builder<Sink>, mut header: Header, name: &str, link: Option<&str>, data: impl Read) -> io::Result<()> {
        for (kind, value) in [(b'L', Some(name)), (b'K', link)] {
            let Some(v) = value else { continue };
            if v.len() > 100 {
                let mut long = Header::new_gnu();
                long.as_old_mut().name[..13].copy_from_slice(b"././@LongLink");
                long.set_mode(0o644);
                long.set_uid(0);
                long.set_gid(0);
                long.set_mtime(0);
                long.set_size(v.len() as u64 + 1);
                long.set_entry_type(EntryType::new(kind));
                long.set_cksum();
                let mut bytes = v.as_bytes().to_vec();
                bytes.push(0);
                builder.append(&long, &bytes[..])?;
            }
        }
        let n = name.len().min(100);
        header.as_old_mut().name = [0; 100];
        header.as_old_mut().name[..n].copy_from_slice(&name.as_bytes()[..n]);
        if let Some(l) = link {
            let n = l.len().min(100);
            header.as_old_mut().linkname = [0; 100];
            header.as_old_mut().linkname[..n].copy_from_slice(&l.as_bytes()[..n]);
        }
        header.set_cksum();
        builder.append(&header, data)
    }

    /// Adds `fs_path` as member `name`, recursing into directories in sorted order.
    fn add(&mut self, builder: &mut tar::Builder<Sink>, fs_path: &Path, name: &str, archive: Option<&Path>) -> io::Result<()> {
        let meta = if self.o.dereference { fs::metadata(fs_path) } else { fs::symlink_metadata(fs_path) };
        let meta = match meta {
            Ok(m) => m,
            Err(e) => {
                self.error(format!("{name}: Cannot stat: {}", strerror(&e)));
                return Ok(());
            }
        };
        let Some(member) = self.safe_name(name) else {
            // `/` or `..` itself: no member of its own, its contents go in with stripped names.
            if meta.is_dir() {
                return self.add_children(builder, fs_path, name, archive);
            }
            return Ok(());
        };
        if self.excluded(&member) {
            return Ok(());
        }
        if archive.is_some_and(|a| absolute(fs_path) == a) {
            let _ = io::stdout().flush();
            eprintln!("tar: {member}: file is the archive; not dumped");
            return Ok(());
        }
        let mut header = Header::new_gnu();
        // Mode bits and owners come from Burrow's `stat` (preview1's filestat has neither); a
        // kernel without it leaves the defaults: 0644/0755/0777, the VM user.
        let st = burrow_guest::stat(fs_path, self.o.dereference).ok();
        let (uid, gid) = st.as_ref().map(|s| (s.uid, s.gid)).unwrap_or((1000, 1000));
        header.set_uid(uid.into());
        header.set_gid(gid.into());
        header.set_username(&self.owners.user(uid))?;
        header.set_groupname(&self.owners.group(gid))?;
        let known_mode = st.as_ref().map(|s| s.mode & 0o7777);
        let mtime = meta.modified().map(epoch_secs).unwrap_or(0);
        header.set_mtime(mtime.max(0) as u64);
        let ft = meta.file_type();
        if ft.is_dir() {
            let dir_name = if member.ends_with('/') { member.clone() } else { format!("{member}/") };
            header.set_entry_type(EntryType::Directory);
            header.set_mode(known_mode.unwrap_or(0o755));
            header.set_size(0);
            Self::append(builder, header, &dir_name, None, io::empty())?;
            self.verbose_created(&dir_name);
            self.add_children(builder, fs_path, name, archive)
        } else if ft.is_symlink() {
            let target = match fs::read_link(fs_path) {
                Ok(t) => t.to_string_lossy().into_owned(),
                Err(e) => {
                    self.error(format!("{name}: Cannot readlink: {}", strerror(&e)));
                    return Ok(());
                }
            };
            header.set_entry_type(EntryType::Symlink);
            header.set_mode(known_mode.unwrap_or(0o777));
            header.set_size(0);
            Self::append(builder, header, &member, Some(&target), io::empty())?;
            self.verbose_created(&member);
            Ok(())
        } else if ft.is_file() {
            let mut f = match File::open(fs_path) {
                Ok(f) => f,
                Err(e) => {
                    self.error(format!("{name}: Cannot open: {}", strerror(&e)));
                    return Ok(());
                }
            };
            let size = meta.len();
            let mut head = [0u8; 4];
            let n = read_up_to(&mut f, &mut head)?;
            let exec = head[..n].starts_with(b"#!") || head[..n] == *b"\0asm";
            header.set_entry_type(EntryType::Regular);
            header.set_mode(known_mode.unwrap_or(if exec { 0o755 } else { 0o644 }));
            header.set_size(size);
            // Exactly the size recorded: a file that grows is cut, one that shrinks is padded
            // with zeros (GNU does the same and warns).
            let data = head[..n].chain(f).chain(io::repeat(0)).take(size);
            Self::append(builder, header, &member, None, data)?;
            self.verbose_created(&member);
            Ok(())
        } else {
            let _ = io::stdout().flush();
            eprintln!("tar: {name}: socket ignored");
            Ok(())
        }
    }

    fn add_children(&mut self, builder: &mut tar::Builder<Sink>, fs_path: &Path, name: &str, archive: Option<&Path>) -> io::Result<()> {
        let mut names: Vec<String> = match fs::read_dir(fs_path) {
            Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
            Err(e) => {
                self.error(format!("{name}: Cannot open: {}", strerror(&e)));
                return Ok(());
            }
        };
        names.sort();
        for child in names {
            let child_name = if name.ends_with('/') { format!("{name}{child}") } else { format!("{name}/{child}") };
            self.add(builder, &fs_path.join(&child), &child_name, archive)?;
        }
        Ok(())
    }

    fn verbose_created(&self, name: &str) {
        if self.o.verbose > 0 {
            self.verbose_line(name);
        }
    }

    // ---- extract and list ----

    fn read(&mut self, op: Op) -> Result<(), Fatal> {
        let file = self.o.file.clone().unwrap_or_else(|| "-".into());
        let raw: Box<dyn Read> = if file == "-" {
            Box::new(io::stdin())
        } else {
            match File::open(&file) {
                Ok(f) => Box::new(f),
                Err(e) => return Err(Fatal(format!("{file}: Cannot open: {}", strerror(&e)))),
            }
        };
        let mut buffered = BufReader::with_capacity(1 << 16, raw);
        let magic = buffered.fill_buf().map_err(|e| Fatal(format!("{file}: Cannot read: {}", strerror(&e))))?;
        let is_gzip = magic.len() >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        let empty = magic.is_empty();
        if self.o.gzip && !is_gzip {
            let _ = io::stdout().flush();
            eprintln!("{}", if empty { "gzip: stdin: unexpected end of file" } else { "gzip: stdin: not in gzip format" });
            eprintln!("tar: Child returned status 1");
            return Err(Fatal(String::new()));
        }
        let input: Box<dyn Read> = if is_gzip { Box::new(MultiGzDecoder::new(buffered)) } else { Box::new(buffered) };

        let mut base = PathBuf::new();
        let mut wanted: Vec<(String, bool)> = Vec::new();
        for operand in &self.o.operands {
            match operand {
                Operand::Chdir(d) => base = base.join(d),
                Operand::Path(p) => wanted.push((p.clone(), false)),
            }
        }
        if op == Op::Extract && !self.o.to_stdout && !base.as_os_str().is_empty() {
            if let Err(e) = fs::metadata(&base).and_then(|m| if m.is_dir() { Ok(()) } else { Err(io::Error::from(io::ErrorKind::NotADirectory)) }) {
                return Err(Fatal(format!("{}: Cannot open: {}", base.display(), strerror(&e))));
            }
        }
        if empty {
            self.error("This does not look like a tar archive".into());
            return Ok(());
        }
        let mut archive = Archive::new(input);
        let entries = archive.entries().map_err(|e| Fatal(format!("{file}: Cannot read: {}", strerror(&e))))?;
        let mut dirs: Vec<(PathBuf, i64, u32)> = Vec::new();
        let mut links: HashSet<PathBuf> = HashSet::new();
        let mut seen_any = false;
        for entry in entries {
            let mut entry = match entry {
                Ok(e) => e,
                Err(_) => {
                    if seen_any {
                        let _ = io::stdout().flush();
                        eprintln!("tar: Unexpected EOF in archive");
                        return Err(Fatal(String::new()));
                    }
                    self.error("This does not look like a tar archive".into());
                    break;
                }
            };
            seen_any = true;
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            if !wanted.is_empty() {
                let n = name.trim_end_matches('/');
                let hit = wanted.iter_mut().find(|(w, _)| {
                    let w = w.trim_end_matches('/');
                    n == w || (n.starts_with(w) && n.as_bytes().get(w.len()) == Some(&b'/'))
                });
                match hit {
                    Some(h) => h.1 = true,
                    None => continue,
                }
            }
            if self.excluded(&name) {
                continue;
            }
            if op == Op::List {
                self.list_entry(&entry, &name);
                continue;
            }
            if self.o.verbose > 0 {
                if self.o.verbose > 1 {
                    self.list_entry(&entry, &name);
                } else {
                    self.verbose_line(&name);
                }
            }
            if let Err(e) = self.extract_entry(&mut entry, &name, &base, &mut dirs, &mut links) {
                if is_broken_pipe(&e) {
                    common::exit(141);
                }
                if e.kind() == io::ErrorKind::UnexpectedEof {
                    let _ = io::stdout().flush();
                    eprintln!("tar: Unexpected EOF in archive");
                    return Err(Fatal(String::new()));
                }
                self.error(format!("{name}: Cannot write: {}", strerror(&e)));
            }
        }
        // Directories get their modes and times once their contents are in, as in GNU tar.
        for (dir, mtime, mode) in dirs.iter().rev() {
            let _ = burrow_guest::chmod(dir, *mode);
            if !self.o.no_mtime {
                if let Ok(f) = File::open(dir) {
                    let _ = f.set_modified(from_epoch(*mtime));
                }
            }
        }
        let _ = io::stdout().flush();
        for (w, found) in wanted {
            if !found {
                self.error(format!("{w}: Not found in archive"));
            }
        }
        Ok(())
    }

    /// Prints one member for `t` (`tv`: GNU's long format).
    fn list_entry<R: Read>(&mut self, entry: &tar::Entry<R>, name: &str) {
        let h = entry.header();
        let kind = h.entry_type();
        let link = entry.link_name_bytes().map(|l| String::from_utf8_lossy(&l).into_owned());
        if self.o.verbose == 0 || (self.o.op == Some(Op::Extract) && self.o.verbose < 2) {
            self.verbose_line(name);
            return;
        }
        let t = match kind {
            EntryType::Directory => 'd',
            EntryType::Symlink => 'l',
            EntryType::Link => 'h',
            EntryType::Char => 'c',
            EntryType::Block => 'b',
            EntryType::Fifo => 'p',
            _ => '-',
        };
        let mode = h.mode().unwrap_or(0);
        let mut m = String::with_capacity(10);
        m.push(t);
        for (shift, special, s_ch) in [(6, 0o4000, 's'), (3, 0o2000, 's'), (0, 0o1000, 't')] {
            let bits = (mode >> shift) & 7;
            m.push(if bits & 4 != 0 { 'r' } else { '-' });
            m.push(if bits & 2 != 0 { 'w' } else { '-' });
            let x = bits & 1 != 0;
            m.push(match (mode & special != 0, x) {
                (true, true) => s_ch,
                (true, false) => s_ch.to_ascii_uppercase(),
                (false, true) => 'x',
                (false, false) => '-',
            });
        }
        let user = match h.username() {
            Ok(Some(u)) if !u.is_empty() => u.to_string(),
            _ => h.uid().unwrap_or(0).to_string(),
        };
        let group = match h.groupname() {
            Ok(Some(g)) if !g.is_empty() => g.to_string(),
            _ => h.gid().unwrap_or(0).to_string(),
        };
        let size = match kind {
            EntryType::Char | EntryType::Block => {
                format!("{},{}", h.device_major().ok().flatten().unwrap_or(0), h.device_minor().ok().flatten().unwrap_or(0))
            }
            _ => entry.size().to_string(),
        };
        let pad = user.len() + 1 + group.len() + 1 + size.len();
        if pad > self.ugswidth {
            self.ugswidth = pad;
        }
        let width = self.ugswidth - pad + size.len();
        let time = format_minute(h.mtime().unwrap_or(0) as i64);
        let mut line = format!("{m} {user}/{group} {size:>width$} {time} {name}");
        match (kind, link) {
            (EntryType::Symlink, Some(l)) => line.push_str(&format!(" -> {l}")),
            (EntryType::Link, Some(l)) => line.push_str(&format!(" link to {l}")),
            _ => {}
        }
        self.verbose_line(&line);
    }

    fn extract_entry<R: Read>(
        &mut self,
        entry: &mut tar::Entry<R>,
        name: &str,
        base: &Path,
        dirs: &mut Vec<(PathBuf, i64, u32)>,
        links: &mut HashSet<PathBuf>,
    ) -> io::Result<()> {
        let kind = entry.header().entry_type();
        let mtime = entry.header().mtime().unwrap_or(0) as i64;
        // Not root: the archive's mode less the umask, like GNU tar's --no-same-permissions.
        let mode = entry.header().mode().unwrap_or(0o644) & 0o7777 & !self.umask;
        if self.o.to_stdout {
            if kind.is_file() || kind == EntryType::Continuous {
                let mut out = io::stdout().lock();
                io::copy(entry, &mut out)?;
            }
            return Ok(());
        }
        let Some(safe) = self.safe_name(name) else { return Ok(()) };
        if name.split('/').any(|c| c == "..") {
            self.error(format!("{name}: Member name contains '..'"));
            return Ok(());
        }
        // `.` counts as a component for --strip-components, as in GNU tar.
        let all: Vec<&str> = safe.split('/').filter(|c| !c.is_empty()).collect();
        let parts: Vec<&str> = all.iter().skip(self.o.strip).copied().filter(|c| *c != ".").collect();
        if parts.is_empty() {
            return Ok(());
        }
        let rel: PathBuf = parts.iter().collect();
        let target = base.join(&rel);
        // Refuse to write through a symbolic link this archive made.
        let mut ancestor = PathBuf::new();
        for p in &parts[..parts.len() - 1] {
            ancestor.push(p);
            if links.contains(&ancestor) {
                self.error(format!("{name}: Cannot open: Not a directory"));
                return Ok(());
            }
        }
        let existing = fs::symlink_metadata(&target).ok();
        if kind == EntryType::Directory {
            if existing.as_ref().is_some_and(|m| !m.is_dir()) {
                fs::remove_file(&target)?;
            }
            if let Err(e) = fs::create_dir_all(&target) {
                self.error(format!("{name}: Cannot mkdir: {}", strerror(&e)));
                return Ok(());
            }
            dirs.push((target, mtime, mode));
            return Ok(());
        }
        if let Some(parent) = target.parent() {
            if !parent.as_os_str().is_empty() {
                if let Err(e) = fs::create_dir_all(parent) {
                    self.error(format!("{name}: Cannot mkdir: {}", strerror(&e)));
                    return Ok(());
                }
            }
        }
        if let Some(m) = &existing {
            if self.o.keep_old {
                self.error(format!("{name}: Cannot open: File exists"));
                return Ok(());
            }
            if m.is_dir() {
                if kind.is_file() || kind == EntryType::Symlink || kind == EntryType::Link {
                    if let Err(e) = fs::remove_dir(&target) {
                        self.error(format!("{name}: Cannot open: {}", strerror(&e)));
                        return Ok(());
                    }
                }
            } else {
                let _ = fs::remove_file(&target);
            }
        }
        match kind {
            EntryType::Symlink => {
                let link = entry.link_name_bytes().map(|l| String::from_utf8_lossy(&l).into_owned()).unwrap_or_default();
                #[allow(deprecated)] // the only stable way to make a symbolic link on WASI
                let made = fs::soft_link(&link, &target);
                match made {
                    Ok(()) => {
                        links.insert(rel);
                    }
                    Err(e) => self.error(format!("{name}: Cannot create symlink to '{link}': {}", strerror(&e))),
                }
            }
            EntryType::Link => {
                let link = entry.link_name_bytes().map(|l| String::from_utf8_lossy(&l).into_owned()).unwrap_or_default();
                let Some(safe_link) = self.safe_name(&link) else { return Ok(()) };
                let lall: Vec<&str> = safe_link.split('/').filter(|c| !c.is_empty()).collect();
                let lparts: Vec<&str> = lall.iter().skip(self.o.strip).copied().filter(|c| *c != ".").collect();
                if lparts.is_empty() {
                    return Ok(());
                }
                let src = base.join(lparts.iter().collect::<PathBuf>());
                if fs::hard_link(&src, &target).is_err() {
                    if let Err(e) = fs::copy(&src, &target) {
                        self.error(format!("{name}: Cannot hard link to '{link}': {}", strerror(&e)));
                    }
                }
            }
            k if k.is_file() || k == EntryType::Continuous || k == EntryType::GNUSparse => {
                let f = match File::create(&target) {
                    Ok(f) => f,
                    Err(e) => {
                        self.error(format!("{name}: Cannot open: {}", strerror(&e)));
                        // The data still has to be skipped.
                        io::copy(entry, &mut io::sink())?;
                        return Ok(());
                    }
                };
                let mut w = io::BufWriter::with_capacity(1 << 16, f);
                io::copy(entry, &mut w)?;
                let f = w.into_inner().map_err(|e| e.into_error())?;
                if !self.o.no_mtime {
                    let _ = f.set_modified(from_epoch(mtime));
                }
                drop(f);
                let _ = burrow_guest::chmod(&target, mode);
            }
            _ => self.error(format!("{name}: Cannot mknod: Operation not permitted")),
        }
        Ok(())
    }
}

/// Reads until `buf` is full or the input ends; the count read.
fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
