//! `tree` (Steve Baker's, as in a UTF-8 locale): directories listed recursively with `├── `,
//! `└── ` and `│   ` (with tree's no-break spaces), names sorted by bytes (the C locale's
//! order), hidden names skipped unless `-a`, symlinks shown as `name -> target` and not
//! followed, then the `N directories, M files` report (`-d`: `N directories`; counts are
//! singular for one). `-d`, `-L LEVEL`, `-I PATTERN` / `-P PATTERN` (`fnmatch`, `|` separating
//! alternatives; `-P` filters files only), `--noreport`, `-f` full paths, `-F` classify, `-i` no
//! indentation lines, `-r` reverse, `--dirsfirst`, `--charset=ascii` (`|-- ` lines).

use std::ffi::OsString;

use crate::common::{usage_error, Out};
use crate::glob::fnmatch;

const HELP: &str = "usage: tree [-adfFiIrP] [-L level] [-P pattern] [-I pattern] [--noreport]
\t[--dirsfirst] [--charset=X] [--] [directory ...]
  ------- Listing options -------
  -a            All files are listed.
  -d            List directories only.
  -f            Print the full path prefix for each file.
  -L level      Descend only level directories deep.
  -P pattern    List only those files that match the pattern given.
  -I pattern    Do not list files that match the given pattern.
  --noreport    Turn off file/directory count at end of tree listing.
  ------- Graphics options -------
  -i            Don't print indentation lines.
  --charset X   Use charset X for line graphics (utf-8 or ascii).
  ------- File options -------
  -F            Appends '/', '=', '*', '@', '|' or '>' as per ls -F.
  ------- Sorting options -------
  -r            Reverse the order of the sort.
  --dirsfirst   List directories before files.
  ------- Miscellaneous options -------
  --help        Print usage and this help message and exit.
  --version     Print version and exit.
";

struct Opts {
    all: bool,
    dirs_only: bool,
    full: bool,
    level: Option<usize>,
    include: Option<String>,
    exclude: Option<String>,
    noreport: bool,
    classify: bool,
    no_indent: bool,
    reverse: bool,
    dirsfirst: bool,
    ascii: bool,
}

struct Counts {
    dirs: usize,
    files: usize,
}

fn matches(pattern: &str, name: &[u8]) -> bool {
    pattern.split('|').any(|p| fnmatch(p.as_bytes(), name, false))
}

struct Entry {
    name: Vec<u8>,
    is_dir: bool,
    is_link: bool,
    target: Option<Vec<u8>>,
    exec: bool,
}

fn entries(dir: &std::path::Path, o: &Opts) -> std::io::Result<Vec<Entry>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().as_encoded_bytes().to_vec();
        if !o.all && name.starts_with(b".") {
            continue;
        }
        let path = e.path();
        let lmeta = std::fs::symlink_metadata(&path);
        let is_link = lmeta.as_ref().is_ok_and(|m| m.file_type().is_symlink());
        let meta = std::fs::metadata(&path);
        let is_dir = meta.as_ref().is_ok_and(|m| m.is_dir());
        let exec = o.classify
            && meta.as_ref().is_ok_and(|m| m.is_file())
            && crate::common::mode_of(&path, true).is_some_and(|(m, _)| m & 0o111 != 0);
        let target = if is_link {
            std::fs::read_link(&path).ok().map(|t| t.as_os_str().as_encoded_bytes().to_vec())
        } else {
            None
        };
        if let Some(x) = &o.exclude {
            if matches(x, &name) {
                continue;
            }
        }
        if o.dirs_only && !is_dir {
            continue;
        }
        if let Some(p) = &o.include {
            if !is_dir && !matches(p, &name) {
                continue;
            }
        }
        v.push(Entry { name, is_dir, is_link, target, exec });
    }
    v.sort_by(|a, b| a.name.cmp(&b.name));
    if o.reverse {
        v.reverse();
    }
    if o.dirsfirst {
        v.sort_by_key(|e| !e.is_dir);
    }
    Ok(v)
}

fn walk(dir: &std::path::Path, shown: &[u8], prefix: &mut Vec<bool>, o: &Opts, c: &mut Counts, out: &mut Out) {
    let list = match entries(dir, o) {
        Ok(l) => l,
        Err(_) => return,
    };
    let (vert, tee, ell) = if o.ascii {
        ("|   ", "|-- ", "`-- ")
    } else {
        ("\u{2502}\u{a0}\u{a0} ", "\u{251c}\u{2500}\u{2500} ", "\u{2514}\u{2500}\u{2500} ")
    };
    for (k, e) in list.iter().enumerate() {
        let last = k + 1 == list.len();
        let mut line = Vec::new();
        if !o.no_indent {
            for &ancestor_last in prefix.iter() {
                line.extend_from_slice(if ancestor_last { b"    " } else { vert.as_bytes() });
            }
            line.extend_from_slice(if last { ell.as_bytes() } else { tee.as_bytes() });
        }
        let mut path = shown.to_vec();
        if !path.ends_with(b"/") {
            path.push(b'/');
        }
        path.extend_from_slice(&e.name);
        line.extend_from_slice(if o.full { &path } else { &e.name });
        if o.classify && !e.is_link {
            if e.is_dir {
                line.push(b'/');
            } else if e.exec {
                line.push(b'*');
            }
        }
        if let Some(t) = &e.target {
            if o.classify {
                line.push(b'@');
            }
            line.extend_from_slice(b" -> ");
            line.extend_from_slice(t);
            if o.classify && e.is_dir {
                line.push(b'/');
            }
        }
        let full = dir.join(crate::common::bytes_os(&e.name));
        let descend = e.is_dir && !e.is_link && o.level.is_none_or(|l| prefix.len() + 1 < l);
        if descend && std::fs::read_dir(&full).is_err() {
            line.extend_from_slice(b"  [error opening dir]");
        }
        line.push(b'\n');
        out.bytes(&line);
        if e.is_dir {
            c.dirs += 1;
            if descend {
                prefix.push(last);
                walk(&full, &path, prefix, o, c, out);
                prefix.pop();
            }
        } else {
            c.files += 1;
        }
    }
}

pub fn main(args: Vec<OsString>) -> i32 {
    let mut o = Opts {
        all: false,
        dirs_only: false,
        full: false,
        level: None,
        include: None,
        exclude: None,
        noreport: false,
        classify: false,
        no_indent: false,
        reverse: false,
        dirsfirst: false,
        ascii: false,
    };
    let mut roots: Vec<OsString> = Vec::new();
    let mut i = 1;
    let mut done = false;
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        i += 1;
        if done || !a.starts_with('-') || a == "-" {
            roots.push(args[i - 1].clone());
            continue;
        }
        let mut value = |opt: &str| -> Option<String> {
            let v = args.get(i).map(|v| v.to_string_lossy().into_owned());
            if v.is_none() {
                crate::common::error("tree", format!("Missing argument to {opt} option."));
            }
            i += 1;
            v
        };
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            match name {
                "" => done = true,
                "noreport" => o.noreport = true,
                "dirsfirst" => o.dirsfirst = true,
                "charset" => {
                    let Some(v) = inline.or_else(|| value("--charset")) else { return 1 };
                    o.ascii = !v.eq_ignore_ascii_case("utf-8") && !v.eq_ignore_ascii_case("utf8");
                }
                "help" => {
                    print!("{HELP}");
                    return 0;
                }
                "version" => {
                    println!("tree v2.1.0 (c) 1996 - 2022 by Steve Baker, Thomas Moore, Francesc Rocher, Florian Sesser, Kyosuke Tokoro");
                    return 0;
                }
                _ => {
                    crate::common::error("tree", format!("Invalid argument `{a}'."));
                    eprint!("{HELP}");
                    return 1;
                }
            }
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        for c in chars {
            match c {
                'a' => o.all = true,
                'd' => o.dirs_only = true,
                'f' => o.full = true,
                'F' => o.classify = true,
                'i' => o.no_indent = true,
                'r' => o.reverse = true,
                'n' | 'C' | 'N' | 'l' | 'x' => {}
                'L' => {
                    let Some(v) = value("-L") else { return 1 };
                    match v.parse::<usize>() {
                        Ok(n) if n > 0 => o.level = Some(n),
                        _ => {
                            crate::common::error("tree", "Invalid level, must be greater than 0.");
                            return 1;
                        }
                    }
                }
                'I' => {
                    let Some(v) = value("-I") else { return 1 };
                    o.exclude = Some(match o.exclude.take() {
                        Some(p) => format!("{p}|{v}"),
                        None => v,
                    });
                }
                'P' => {
                    let Some(v) = value("-P") else { return 1 };
                    o.include = Some(v);
                }
                _ => {
                    usage_error("tree", &format!("invalid option -- '{c}'"));
                    return 1;
                }
            }
        }
    }
    if roots.is_empty() {
        roots.push(".".into());
    }
    let mut out = Out::new();
    let mut c = Counts { dirs: 0, files: 0 };
    let mut status = 0;
    for root in &roots {
        let shown = root.as_encoded_bytes();
        out.bytes(shown);
        if !std::fs::metadata(root).is_ok_and(|m| m.is_dir()) {
            out.bytes(b"  [error opening dir]\n");
            status = 2;
            continue;
        }
        out.bytes(b"\n");
        walk(std::path::Path::new(root), shown, &mut Vec::new(), &o, &mut c, &mut out);
    }
    if !o.noreport {
        let d = if c.dirs == 1 { "directory" } else { "directories" };
        if o.dirs_only {
            out.bytes(format!("\n{} {d}\n", c.dirs).as_bytes());
        } else {
            let f = if c.files == 1 { "file" } else { "files" };
            out.bytes(format!("\n{} {d}, {} {f}\n", c.dirs, c.files).as_bytes());
        }
    }
    status
}
