//! GNU-compatible `diff`: normal, unified (-u/-U) and context (-c/-C) output, -r, -N, -q, -s,
//! -i, -w, -b, -B, -a, --label, on the `similar` crate's Myers diff.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::time::{SystemTime, UNIX_EPOCH};

use burrow_toolkit::time::Utc;
use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::common::{self, bytes_path, os_bytes, strerror, Out};

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Normal,
    Unified,
    Context,
}

struct Opt {
    format: Format,
    context: usize,
    recursive: bool,
    new_file: bool,
    brief: bool,
    report_same: bool,
    icase: bool,
    ignore_all_space: bool,
    ignore_space_change: bool,
    ignore_blank_lines: bool,
    ignore_trailing_cr: bool,
    text: bool,
    labels: Vec<Vec<u8>>,
    /// The options as given, for the `diff -r ...` lines between files.
    switches: Vec<Vec<u8>>,
    excludes: Vec<Vec<u8>>,
}

const USAGE: &str = "Usage: diff [OPTION]... FILES\nTry 'diff --help' for more information.";

fn usage_error(msg: &str) -> i32 {
    common::error("diff", msg);
    eprintln!("{USAGE}");
    2
}

pub fn main(args: Vec<OsString>) -> i32 {
    let argv: Vec<Vec<u8>> = args.iter().skip(1).map(|a| os_bytes(a).to_vec()).collect();
    let mut o = Opt {
        format: Format::Normal,
        context: 3,
        recursive: false,
        new_file: false,
        brief: false,
        report_same: false,
        icase: false,
        ignore_all_space: false,
        ignore_space_change: false,
        ignore_blank_lines: false,
        ignore_trailing_cr: false,
        text: false,
        labels: Vec::new(),
        switches: Vec::new(),
        excludes: Vec::new(),
    };
    let mut files = Vec::new();
    let mut i = 0;
    let mut only_files = false;
    while i < argv.len() {
        let a = argv[i].clone();
        i += 1;
        if only_files || a.len() < 2 || a[0] != b'-' {
            files.push(a);
            continue;
        }
        if a == b"--" {
            only_files = true;
            continue;
        }
        if let Some(long) = a.strip_prefix(b"--") {
            let (name, val) = match long.iter().position(|&b| b == b'=') {
                Some(p) => (String::from_utf8_lossy(&long[..p]).into_owned(), Some(long[p + 1..].to_vec())),
                None => (String::from_utf8_lossy(long).into_owned(), None),
            };
            let take = |i: &mut usize| -> Option<Vec<u8>> {
                if val.is_some() {
                    return val.clone();
                }
                let v = argv.get(*i).cloned();
                *i += 1;
                v
            };
            match name.as_str() {
                "unified" => {
                    o.format = Format::Unified;
                    if let Some(v) = &val {
                        o.context = common::parse_num(&String::from_utf8_lossy(v)).unwrap_or(3) as usize;
                    }
                }
                "context" => {
                    o.format = Format::Context;
                    if let Some(v) = &val {
                        o.context = common::parse_num(&String::from_utf8_lossy(v)).unwrap_or(3) as usize;
                    }
                }
                "normal" => o.format = Format::Normal,
                "recursive" => o.recursive = true,
                "new-file" => o.new_file = true,
                "brief" => o.brief = true,
                "report-identical-files" => o.report_same = true,
                "ignore-case" => o.icase = true,
                "ignore-all-space" => o.ignore_all_space = true,
                "ignore-space-change" => o.ignore_space_change = true,
                "ignore-blank-lines" => o.ignore_blank_lines = true,
                "strip-trailing-cr" => o.ignore_trailing_cr = true,
                "text" => o.text = true,
                "label" => match take(&mut i) {
                    Some(v) => o.labels.push(v),
                    None => return usage_error("option '--label' requires an argument"),
                },
                "exclude" => match take(&mut i) {
                    Some(v) => o.excludes.push(v),
                    None => return usage_error("option '--exclude' requires an argument"),
                },
                "color" | "no-dereference" | "minimal" | "speed-large-files" => {}
                "help" => {
                    println!("{USAGE}");
                    return 0;
                }
                "version" => {
                    println!("diff (GNU diffutils compatible, Burrow textutils) 3.8");
                    return 0;
                }
                _ => return usage_error(&format!("unrecognized option '--{name}'")),
            }
            o.switches.push(a.clone());
            continue;
        }
        o.switches.push(a.clone());
        let mut j = 1;
        while j < a.len() {
            let c = a[j];
            j += 1;
            match c {
                b'u' => o.format = Format::Unified,
                b'c' => o.format = Format::Context,
                b'U' | b'C' => {
                    let v = if j < a.len() {
                        let v = a[j..].to_vec();
                        j = a.len();
                        v
                    } else {
                        match argv.get(i) {
                            Some(v) => {
                                i += 1;
                                o.switches.push(v.clone());
                                v.clone()
                            }
                            None => return usage_error(&format!("option requires an argument -- '{}'", c as char)),
                        }
                    };
                    match common::parse_num(&String::from_utf8_lossy(&v)) {
                        Some(n) => o.context = n as usize,
                        None => {
                            common::error("diff", format!("invalid context length '{}'", String::from_utf8_lossy(&v)));
                            eprintln!("{USAGE}");
                            return 2;
                        }
                    }
                    o.format = if c == b'U' { Format::Unified } else { Format::Context };
                }
                b'0'..=b'9' => {
                    let mut k = j - 1;
                    while k < a.len() && a[k].is_ascii_digit() {
                        k += 1;
                    }
                    o.context = String::from_utf8_lossy(&a[j - 1..k]).parse().unwrap_or(3);
                    j = k;
                }
                b'r' => o.recursive = true,
                b'N' => o.new_file = true,
                b'q' => o.brief = true,
                b's' => o.report_same = true,
                b'i' => o.icase = true,
                b'w' => o.ignore_all_space = true,
                b'b' => o.ignore_space_change = true,
                b'B' => o.ignore_blank_lines = true,
                b'a' => o.text = true,
                b'd' | b'p' | b't' | b'T' | b'H' => {}
                b'x' => {
                    match argv.get(i) {
                        Some(v) => o.excludes.push(v.clone()),
                        None => return usage_error("option requires an argument -- 'x'"),
                    }
                    i += 1;
                }
                _ => return usage_error(&format!("invalid option -- '{}'", c as char)),
            }
        }
    }
    if files.len() < 2 {
        let msg = match files.last() {
            None => "missing operand after 'diff'".to_string(),
            Some(f) => format!("missing operand after '{}'", String::from_utf8_lossy(f)),
        };
        return usage_error(&msg);
    }
    if files.len() > 2 {
        return usage_error(&format!("extra operand '{}'", String::from_utf8_lossy(&files[2])));
    }
    let mut d = Differ { o, out: Out::new(), trouble: false, differ: false };
    let (a, b) = (files[0].clone(), files[1].clone());
    let a_dir = a != b"-" && fs::metadata(bytes_path(&a)).map(|m| m.is_dir()).unwrap_or(false);
    let b_dir = b != b"-" && fs::metadata(bytes_path(&b)).map(|m| m.is_dir()).unwrap_or(false);
    match (a_dir, b_dir) {
        (true, true) => d.dirs(&a, &b, true),
        (true, false) => {
            let joined = join(&a, last(&b));
            d.files(&joined, &b, false);
        }
        (false, true) => {
            let joined = join(&b, last(&a));
            d.files(&a, &joined, false);
        }
        (false, false) => {
            // -N: a missing operand is an empty file (when the other one exists).
            let missing = |f: &[u8]| f != b"-" && fs::symlink_metadata(bytes_path(f)).is_err();
            let (a_missing, b_missing) = (d.o.new_file && missing(&a), d.o.new_file && missing(&b));
            if a_missing && b_missing {
                d.files(&a, &b, false);
            } else {
                d.files_with(&a, &b, false, a_missing, b_missing);
            }
        }
    }
    d.out.flush_out();
    if d.trouble {
        2
    } else {
        i32::from(d.differ)
    }
}

fn last(p: &[u8]) -> &[u8] {
    let t = if p.len() > 1 { p.strip_suffix(b"/").unwrap_or(p) } else { p };
    match t.iter().rposition(|&c| c == b'/') {
        Some(i) => &t[i + 1..],
        None => t,
    }
}

fn join(dir: &[u8], name: &[u8]) -> Vec<u8> {
    let mut v = dir.to_vec();
    if !v.ends_with(b"/") {
        v.push(b'/');
    }
    v.extend_from_slice(name);
    v
}

struct Differ {
    o: Opt,
    out: Out,
    trouble: bool,
    differ: bool,
}

enum Content {
    Data(Vec<u8>),
    Missing,
}

impl Differ {
    fn warn(&mut self, name: &[u8], e: &io::Error) {
        self.trouble = true;
        self.out.flush_out();
        common::error("diff", format!("{}: {}", String::from_utf8_lossy(name), strerror(e)));
    }

    fn read(&mut self, name: &[u8]) -> Option<Vec<u8>> {
        let r = if name == b"-" {
            let mut v = Vec::new();
            io::stdin().read_to_end(&mut v).map(|_| v)
        } else {
            fs::read(bytes_path(name))
        };
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.warn(name, &e);
                None
            }
        }
    }

    fn dirs(&mut self, a: &[u8], b: &[u8], top: bool) {
        let list = |d: &[u8]| -> io::Result<Vec<Vec<u8>>> {
            let mut v: Vec<Vec<u8>> =
                fs::read_dir(bytes_path(d))?.filter_map(|e| e.ok()).map(|e| os_bytes(&e.file_name()).to_vec()).collect();
            v.sort();
            Ok(v)
        };
        let la = match list(a) {
            Ok(v) => v,
            Err(e) => return self.warn(a, &e),
        };
        let lb = match list(b) {
            Ok(v) => v,
            Err(e) => return self.warn(b, &e),
        };
        let _ = top;
        let mut names: Vec<Vec<u8>> = la.iter().chain(lb.iter()).cloned().collect();
        names.sort();
        names.dedup();
        for n in names {
            if self.o.excludes.iter().any(|x| crate::glob::fnmatch(x, &n, false)) {
                continue;
            }
            let pa = join(a, &n);
            let pb = join(b, &n);
            let ma = fs::metadata(bytes_path(&pa)).ok();
            let mb = fs::metadata(bytes_path(&pb)).ok();
            match (ma, mb) {
                (Some(ma), Some(mb)) => {
                    if ma.is_dir() && mb.is_dir() {
                        if self.o.recursive {
                            self.dirs(&pa, &pb, false);
                        } else {
                            self.line(format!(
                                "Common subdirectories: {} and {}\n",
                                String::from_utf8_lossy(&pa),
                                String::from_utf8_lossy(&pb)
                            ));
                        }
                    } else if ma.is_dir() != mb.is_dir() {
                        let (fa, fb) = if ma.is_dir() { ("directory", "regular file") } else { ("regular file", "directory") };
                        self.differ = true;
                        self.line(format!(
                            "File {} is a {fa} while file {} is a {fb}\n",
                            String::from_utf8_lossy(&pa),
                            String::from_utf8_lossy(&pb)
                        ));
                    } else {
                        self.files(&pa, &pb, true);
                    }
                }
                (Some(m), None) | (None, Some(m)) => {
                    let a_has = fs::metadata(bytes_path(&pa)).is_ok();
                    if self.o.new_file && !m.is_dir() {
                        self.files_with(&pa, &pb, true, !a_has, a_has);
                    } else if self.o.new_file && self.o.recursive && m.is_dir() {
                        self.differ = true;
                        // Compare against an empty tree.
                        self.new_dir(&pa, &pb, a_has);
                    } else {
                        self.differ = true;
                        let (dir, name) = if a_has { (a, &n) } else { (b, &n) };
                        self.line(format!(
                            "Only in {}: {}\n",
                            String::from_utf8_lossy(dir),
                            String::from_utf8_lossy(name)
                        ));
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn new_dir(&mut self, pa: &[u8], pb: &[u8], a_has: bool) {
        let existing = if a_has { pa } else { pb };
        let Ok(rd) = fs::read_dir(bytes_path(existing)) else { return };
        let mut names: Vec<Vec<u8>> = rd.filter_map(|e| e.ok()).map(|e| os_bytes(&e.file_name()).to_vec()).collect();
        names.sort();
        for n in names {
            let (ca, cb) = (join(pa, &n), join(pb, &n));
            let is_dir = fs::metadata(bytes_path(if a_has { &ca } else { &cb })).map(|m| m.is_dir()).unwrap_or(false);
            if is_dir {
                self.new_dir(&ca, &cb, a_has);
            } else {
                self.files_with(&ca, &cb, true, !a_has, a_has);
            }
        }
    }

    fn line(&mut self, s: String) {
        self.out.bytes(s.as_bytes());
    }

    fn files(&mut self, a: &[u8], b: &[u8], in_dir: bool) {
        self.files_with(a, b, in_dir, false, false)
    }

    fn files_with(&mut self, a: &[u8], b: &[u8], in_dir: bool, a_missing: bool, b_missing: bool) {
        let ca = if a_missing {
            Content::Missing
        } else {
            match self.read(a) {
                Some(v) => Content::Data(v),
                None => return,
            }
        };
        let cb = if b_missing {
            Content::Missing
        } else {
            match self.read(b) {
                Some(v) => Content::Data(v),
                None => return,
            }
        };
        let da = match &ca {
            Content::Data(v) => &v[..],
            Content::Missing => &[][..],
        };
        let db = match &cb {
            Content::Data(v) => &v[..],
            Content::Missing => &[][..],
        };
        let (sa, sb) = (String::from_utf8_lossy(a).into_owned(), String::from_utf8_lossy(b).into_owned());
        if da == db {
            if self.o.report_same {
                self.line(format!("Files {sa} and {sb} are identical\n"));
            }
            return;
        }
        let binary = !self.o.text && (da.contains(&0) || db.contains(&0));
        if binary || self.o.brief {
            // With -q, files that differ only in ignored ways still count as different only if
            // the comparison says so.
            if !binary {
                let hunks = self.hunks(da, db);
                if hunks.is_empty() {
                    if self.o.report_same {
                        self.line(format!("Files {sa} and {sb} are identical\n"));
                    }
                    return;
                }
            }
            self.differ = true;
            if in_dir && !self.o.brief && !binary {
                self.header_line(a, b);
            }
            self.line(format!("{} {sa} and {sb} differ\n", if binary && !self.o.brief { "Binary files" } else { "Files" }));
            return;
        }
        let la = split_lines(da);
        let lb = split_lines(db);
        let hunks = self.hunks(da, db);
        if hunks.is_empty() {
            if self.o.report_same {
                self.line(format!("Files {sa} and {sb} are identical\n"));
            }
            return;
        }
        self.differ = true;
        if in_dir {
            self.header_line(a, b);
        }
        match self.o.format {
            Format::Normal => self.normal(&la, &lb, &hunks),
            Format::Unified | Format::Context => {
                let ctime = self.o.format == Format::Context;
                let label_a = self.o.labels.first().cloned().unwrap_or_else(|| with_time(a, a_missing, ctime));
                let label_b = self.o.labels.get(1).cloned().unwrap_or_else(|| with_time(b, b_missing, ctime));
                let (pa, pb) = if self.o.format == Format::Unified { ("---", "+++") } else { ("***", "---") };
                self.out.bytes(pa.as_bytes());
                self.out.bytes(b" ");
                self.out.bytes(&label_a);
                self.out.bytes(b"\n");
                self.out.bytes(pb.as_bytes());
                self.out.bytes(b" ");
                self.out.bytes(&label_b);
                self.out.bytes(b"\n");
                let groups = group(&hunks, self.o.context, la.len(), lb.len());
                for g in groups {
                    if self.o.format == Format::Unified {
                        self.unified(&la, &lb, &g);
                    } else {
                        self.context(&la, &lb, &g);
                    }
                }
            }
        }
    }

    fn header_line(&mut self, a: &[u8], b: &[u8]) {
        let mut l = b"diff".to_vec();
        for s in &self.o.switches {
            l.push(b' ');
            l.extend_from_slice(s);
        }
        l.push(b' ');
        l.extend_from_slice(a);
        l.push(b' ');
        l.extend_from_slice(b);
        l.push(b'\n');
        self.out.bytes(&l);
    }

    fn key(&self, line: &[u8]) -> Vec<u8> {
        // A last line without a newline differs from the same line with one.
        let mut l = vec![u8::from(line.ends_with(b"\n"))];
        l.extend_from_slice(line.strip_suffix(b"\n").unwrap_or(line));
        if self.o.ignore_trailing_cr && l.ends_with(b"\r") {
            l.pop();
        }
        if self.o.ignore_all_space {
            l.retain(|c| !c.is_ascii_whitespace());
        } else if self.o.ignore_space_change {
            let mut out = Vec::with_capacity(l.len());
            let mut space = false;
            for &c in &l {
                if c.is_ascii_whitespace() {
                    space = true;
                } else {
                    if space && !out.is_empty() {
                        out.push(b' ');
                    }
                    space = false;
                    out.push(c);
                }
            }
            l = out;
        }
        if self.o.icase {
            l.make_ascii_lowercase();
        }
        l
    }

    /// Change hunks: (old start, old len, new start, new len), 0-based.
    fn hunks(&self, da: &[u8], db: &[u8]) -> Vec<(usize, usize, usize, usize)> {
        let la = split_lines(da);
        let lb = split_lines(db);
        let ka: Vec<Vec<u8>> = la.iter().map(|l| self.key(l)).collect();
        let kb: Vec<Vec<u8>> = lb.iter().map(|l| self.key(l)).collect();
        let ops = capture_diff_slices(Algorithm::Myers, &ka, &kb);
        let mut hunks: Vec<(usize, usize, usize, usize)> = Vec::new();
        for op in ops {
            let (os, ol, ns, nl) = match op {
                DiffOp::Equal { .. } => continue,
                DiffOp::Delete { old_index, old_len, new_index } => (old_index, old_len, new_index, 0),
                DiffOp::Insert { old_index, new_index, new_len } => (old_index, 0, new_index, new_len),
                DiffOp::Replace { old_index, old_len, new_index, new_len } => (old_index, old_len, new_index, new_len),
            };
            if let Some(last) = hunks.last_mut() {
                if last.0 + last.1 == os && last.2 + last.3 == ns {
                    last.1 += ol;
                    last.3 += nl;
                    continue;
                }
            }
            hunks.push((os, ol, ns, nl));
        }
        if self.o.ignore_blank_lines {
            hunks.retain(|&(os, ol, ns, nl)| {
                !(la[os..os + ol].iter().all(|l| is_blank(l)) && lb[ns..ns + nl].iter().all(|l| is_blank(l)))
            });
        }
        hunks
    }

    fn emit(&mut self, prefix: &[u8], line: &[u8]) {
        self.out.bytes(prefix);
        self.out.bytes(line);
        if !line.ends_with(b"\n") {
            self.out.bytes(b"\n\\ No newline at end of file\n");
        }
    }

    fn normal(&mut self, la: &[&[u8]], lb: &[&[u8]], hunks: &[(usize, usize, usize, usize)]) {
        for &(os, ol, ns, nl) in hunks {
            let range = |s: usize, l: usize| if l <= 1 { format!("{}", s + 1) } else { format!("{},{}", s + 1, s + l) };
            let head = if ol == 0 {
                format!("{}a{}\n", os, range(ns, nl))
            } else if nl == 0 {
                format!("{}d{}\n", range(os, ol), ns)
            } else {
                format!("{}c{}\n", range(os, ol), range(ns, nl))
            };
            self.line(head);
            for l in &la[os..os + ol] {
                self.emit(b"< ", l);
            }
            if ol > 0 && nl > 0 {
                self.out.bytes(b"---\n");
            }
            for l in &lb[ns..ns + nl] {
                self.emit(b"> ", l);
            }
        }
    }

    fn unified(&mut self, la: &[&[u8]], lb: &[&[u8]], g: &Group) {
        let range = |s: usize, l: usize| match l {
            0 => format!("{s},0"),
            1 => format!("{}", s + 1),
            _ => format!("{},{}", s + 1, l),
        };
        self.line(format!("@@ -{} +{} @@\n", range(g.os, g.oe - g.os), range(g.ns, g.ne - g.ns)));
        let mut i = g.os;
        for &(os, ol, ns, nl) in &g.hunks {
            while i < os {
                self.emit(b" ", la[i]);
                i += 1;
            }
            for l in &la[os..os + ol] {
                self.emit(b"-", l);
            }
            for l in &lb[ns..ns + nl] {
                self.emit(b"+", l);
            }
            i = os + ol;
        }
        while i < g.oe {
            self.emit(b" ", la[i]);
            i += 1;
        }
    }

    fn context(&mut self, la: &[&[u8]], lb: &[&[u8]], g: &Group) {
        let range = |s: usize, e: usize| {
            if e == s {
                format!("{s}")
            } else if e - s == 1 {
                format!("{}", s + 1)
            } else {
                format!("{},{}", s + 1, e)
            }
        };
        self.out.bytes(b"***************\n");
        self.line(format!("*** {} ****\n", range(g.os, g.oe)));
        let any_old = g.hunks.iter().any(|h| h.1 > 0);
        let any_new = g.hunks.iter().any(|h| h.3 > 0);
        if any_old {
            let mut i = g.os;
            for &(os, ol, _, nl) in &g.hunks {
                while i < os {
                    self.emit(b"  ", la[i]);
                    i += 1;
                }
                let mark: &[u8] = if nl > 0 { b"! " } else { b"- " };
                for l in &la[os..os + ol] {
                    self.emit(mark, l);
                }
                i = os + ol;
            }
            while i < g.oe {
                self.emit(b"  ", la[i]);
                i += 1;
            }
        }
        self.line(format!("--- {} ----\n", range(g.ns, g.ne)));
        if any_new {
            let mut j = g.ns;
            for &(_, ol, ns, nl) in &g.hunks {
                while j < ns {
                    self.emit(b"  ", lb[j]);
                    j += 1;
                }
                let mark: &[u8] = if ol > 0 { b"! " } else { b"+ " };
                for l in &lb[ns..ns + nl] {
                    self.emit(mark, l);
                }
                j = ns + nl;
            }
            while j < g.ne {
                self.emit(b"  ", lb[j]);
                j += 1;
            }
        }
    }
}

fn is_blank(l: &[u8]) -> bool {
    l.iter().all(|c| c.is_ascii_whitespace())
}

struct Group {
    os: usize,
    oe: usize,
    ns: usize,
    ne: usize,
    hunks: Vec<(usize, usize, usize, usize)>,
}

/// Merges hunks closer than 2*context lines and adds the context around them.
fn group(hunks: &[(usize, usize, usize, usize)], ctx: usize, na: usize, nb: usize) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for &h in hunks {
        let (os, ol, ns, nl) = h;
        if let Some(g) = out.last_mut() {
            let last = g.hunks.last().copied().unwrap_or(h);
            let gap = os - (last.0 + last.1);
            if gap <= 2 * ctx {
                g.hunks.push(h);
                g.oe = (os + ol + ctx).min(na);
                g.ne = (ns + nl + ctx).min(nb);
                continue;
            }
        }
        let before = ctx.min(os).min(ns);
        out.push(Group {
            os: os - before,
            oe: (os + ol + ctx).min(na),
            ns: ns - before,
            ne: (ns + nl + ctx).min(nb),
            hunks: vec![h],
        });
    }
    out
}

fn split_lines(d: &[u8]) -> Vec<&[u8]> {
    let mut v = Vec::new();
    let mut start = 0;
    for (i, &c) in d.iter().enumerate() {
        if c == b'\n' {
            v.push(&d[start..=i]);
            start = i + 1;
        }
    }
    if start < d.len() {
        v.push(&d[start..]);
    }
    v
}

/// `name<TAB>YYYY-MM-DD HH:MM:SS.NNNNNNNNN +0000` (UTC: the VM has no time zone database), or
/// with `ctime` (context format) `name<TAB>Www Mmm DD HH:MM:SS YYYY`.
fn with_time(name: &[u8], missing: bool, ctime: bool) -> Vec<u8> {
    let t = if missing || name == b"-" {
        if missing {
            UNIX_EPOCH
        } else {
            SystemTime::now()
        }
    } else {
        fs::metadata(bytes_path(name)).and_then(|m| m.modified()).unwrap_or_else(|_| SystemTime::now())
    };
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let t = Utc::from_epoch(d.as_secs() as i64);
    let (y, m, dd, hh, mm, ss) = (t.year, t.month, t.day, t.hour, t.minute, t.second);
    let mut v = name.to_vec();
    if ctime {
        let (wd, mon) = (t.weekday_name(), t.month_name());
        v.extend_from_slice(format!("\t{wd} {mon} {dd:2} {hh:02}:{mm:02}:{ss:02} {y}").as_bytes());
        return v;
    }
    v.extend_from_slice(format!("\t{y}-{m:02}-{dd:02} {hh:02}:{mm:02}:{ss:02}.{:09} +0000", d.subsec_nanos()).as_bytes());
    v
}

