//! `column` (util-linux 2.38): fill mode (entries down the columns, `-x` across the rows, padded
//! with tabs to multiples of the widest entry rounded up to 8, in `-c WIDTH`, `$COLUMNS` or 80
//! characters) and table mode (`-t`: cells split at any of `-s SEPS`' characters, or at runs of
//! blanks; joined with `-o SEP`, two spaces by default; the last column not padded; `-N NAMES`
//! header, `-d` no header, `-R COLS` right-aligned, `-H COLS` hidden). Empty lines are skipped
//! unless `-L`. Widths are in characters.

use std::ffi::OsString;

use crate::common::{error, getopt, read_input, strerror, usage_error, Out};

const HELP: &str = "
Usage:
 column [options] [<file>...]

Columnate lists.

Options:
 -t, --table                      create a table
 -N, --table-columns <names>      comma separated columns names
 -d, --table-noheadings           don't print header
 -H, --table-hide <columns>       don't print the columns
 -R, --table-right <columns>      right align text in these columns
 -L, --keep-empty-lines           don't ignore empty lines

 -c, --output-width <width>       width of output in number of characters
 -o, --output-separator <string>  columns separator for table output (default is two spaces)
 -s, --separator <string>         possible table delimiters
 -x, --fillrows                   fill rows before columns

 -h, --help                       display this help
 -V, --version                    display version

For more details see column(1).
";

const LONG: &[(&str, u8, char)] = &[
    ("table", 0, 't'),
    ("table-columns", 1, 'N'),
    ("table-noheadings", 0, 'd'),
    ("table-hide", 1, 'H'),
    ("table-right", 1, 'R'),
    ("table-name", 1, 'n'),
    ("table-order", 1, 'O'),
    ("table-columns-limit", 1, 'l'),
    ("table-noextreme", 1, 'E'),
    ("table-header-repeat", 0, 'e'),
    ("table-truncate", 1, 'T'),
    ("table-wrap", 1, 'W'),
    ("keep-empty-lines", 0, 'L'),
    ("json", 0, 'J'),
    ("output-width", 1, 'c'),
    ("columns", 1, 'c'),
    ("output-separator", 1, 'o'),
    ("separator", 1, 's'),
    ("fillrows", 0, 'x'),
    ("help", 0, 'h'),
    ("version", 0, 'V'),
];

fn width(s: &str) -> usize {
    s.chars().count()
}

struct Table {
    sep: Option<Vec<char>>,
    out_sep: String,
    names: Vec<String>,
    header: bool,
    right: Vec<String>,
    hide: Vec<String>,
    limit: usize,
}

/// Whether column `i` (0-based) is named by the list (`1,3` or header names).
fn listed(list: &[String], names: &[String], i: usize) -> bool {
    list.iter().any(|c| c == "0" || c.parse::<usize>().ok() == Some(i + 1) || names.get(i) == Some(c))
}

fn split_cells(line: &str, t: &Table) -> Vec<String> {
    let mut cells: Vec<String> = match &t.sep {
        None => line.split([' ', '\t']).filter(|c| !c.is_empty()).map(str::to_string).collect(),
        Some(seps) => line.split(|c| seps.contains(&c)).map(str::to_string).collect(),
    };
    if t.limit > 0 && cells.len() > t.limit {
        let sep = t.sep.as_ref().and_then(|s| s.first().copied()).unwrap_or(' ');
        let rest = cells.split_off(t.limit - 1).join(&sep.to_string());
        cells.push(rest);
    }
    cells
}

fn table(lines: &[String], t: &Table, out: &mut Out) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    if t.header && !t.names.is_empty() {
        rows.push(t.names.clone());
    }
    for l in lines {
        rows.push(if l.is_empty() { Vec::new() } else { split_cells(l, t) });
    }
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0).max(t.names.len());
    let shown: Vec<usize> = (0..ncols).filter(|&i| !listed(&t.hide, &t.names, i)).collect();
    let mut widths = vec![0; ncols];
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    for r in &rows {
        let mut line = String::new();
        for (k, &i) in shown.iter().enumerate() {
            let cell = r.get(i).map_or("", String::as_str);
            let pad = widths[i] - width(cell);
            let last = k + 1 == shown.len();
            if k > 0 {
                line.push_str(&t.out_sep);
            }
            if listed(&t.right, &t.names, i) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if !last {
                    line.push_str(&" ".repeat(pad));
                }
            }
        }
        line.push('\n');
        out.bytes(line.as_bytes());
    }
}

/// Pads with tabs from `chcnt` to `endcol`, returning the new count.
fn tabs_to(out: &mut String, mut chcnt: usize, endcol: usize) -> usize {
    while chcnt < endcol {
        out.push('\t');
        chcnt = (chcnt + 8) & !7;
    }
    chcnt
}

fn fill(entries: &[String], termwidth: usize, rows_first: bool, out: &mut Out) {
    if entries.is_empty() {
        return;
    }
    let maxlength = (entries.iter().map(|e| width(e)).max().unwrap_or(0) + 8) & !7;
    let numcols = (termwidth / maxlength).max(1);
    let mut s = String::new();
    if rows_first {
        let (mut chcnt, mut col, mut endcol) = (0, 0, maxlength);
        for (k, e) in entries.iter().enumerate() {
            s.push_str(e);
            chcnt += width(e);
            if k + 1 == entries.len() {
                break;
            }
            col += 1;
            if col == numcols {
                chcnt = 0;
                col = 0;
                endcol = maxlength;
                s.push('\n');
            } else {
                chcnt = tabs_to(&mut s, chcnt, endcol);
                endcol += maxlength;
            }
        }
        if chcnt > 0 || !s.ends_with('\n') {
            s.push('\n');
        }
    } else {
        let n = entries.len();
        let numrows = n.div_ceil(numcols);
        for row in 0..numrows {
            let mut endcol = maxlength;
            let (mut base, mut chcnt) = (row, 0);
            for _ in 0..numcols {
                s.push_str(&entries[base]);
                chcnt += width(&entries[base]);
                base += numrows;
                if base >= n {
                    break;
                }
                chcnt = tabs_to(&mut s, chcnt, endcol);
                endcol += maxlength;
            }
            s.push('\n');
        }
    }
    out.bytes(s.as_bytes());
}

pub fn main(args: Vec<OsString>) -> i32 {
    let (opts, files) = match getopt(&args, "tN:dH:R:n:O:l:E:eT:W:LJc:o:s:xhVr:i:p:", LONG, false) {
        Ok(x) => x,
        Err(m) => {
            usage_error("column", &m);
            return 1;
        }
    };
    let mut t = Table {
        sep: None,
        out_sep: "  ".into(),
        names: Vec::new(),
        header: true,
        right: Vec::new(),
        hide: Vec::new(),
        limit: 0,
    };
    let (mut is_table, mut keep_empty, mut rows_first) = (false, false, false);
    let mut termwidth =
        std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok()).filter(|&c| c > 0).unwrap_or(80);
    let list = |v: &str| v.split(',').map(str::to_string).collect::<Vec<_>>();
    for (c, v) in opts {
        let v = v.unwrap_or_default();
        match c {
            't' => is_table = true,
            'N' => t.names = list(&v),
            'd' => t.header = false,
            'R' => t.right.extend(list(&v)),
            'H' => t.hide.extend(list(&v)),
            'l' => match v.parse::<usize>() {
                Ok(n) => t.limit = n,
                Err(_) => {
                    error("column", format!("invalid columns limit argument: '{v}'"));
                    return 1;
                }
            },
            'L' => keep_empty = true,
            'c' => match v.parse::<usize>() {
                Ok(n) => termwidth = n,
                Err(_) => {
                    error("column", format!("invalid columns argument: '{v}'"));
                    return 1;
                }
            },
            'o' => t.out_sep = v,
            's' => t.sep = Some(v.chars().collect()),
            'x' => rows_first = true,
            'h' => {
                print!("{}", &HELP[1..]);
                return 0;
            }
            'V' => {
                println!("column from util-linux 2.38.1");
                return 0;
            }
            _ => {} // accepted, not implemented (JSON, trees, wrapping)
        }
    }
    let mut status = 0;
    let mut text = Vec::new();
    let inputs: Vec<Option<&OsString>> = if files.is_empty() { vec![None] } else { files.iter().map(Some).collect() };
    for f in inputs {
        match read_input(f.map(|s| s.as_os_str())) {
            Ok(d) => {
                text.extend_from_slice(&d);
                if !text.is_empty() && !text.ends_with(b"\n") {
                    text.push(b'\n');
                }
            }
            Err(e) => {
                error("column", format!("{}: {}", f.unwrap().to_string_lossy(), strerror(&e)));
                status = 1;
            }
        }
    }
    let text = String::from_utf8_lossy(&text);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim_end_matches(['\r']).to_string())
        .filter(|l| keep_empty || !l.trim_matches([' ', '\t']).is_empty())
        .collect();
    let mut out = Out::new();
    if is_table {
        table(&lines, &t, &mut out);
    } else {
        fill(&lines, termwidth, rows_first, &mut out);
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(sep: Option<&str>) -> Table {
        Table {
            sep: sep.map(|s| s.chars().collect()),
            out_sep: "  ".into(),
            names: vec![],
            header: true,
            right: vec![],
            hide: vec![],
            limit: 0,
        }
    }

    #[test]
    fn splits_like_util_linux() {
        assert_eq!(split_cells("  a b\t\tc", &t(None)), ["a", "b", "c"]);
        assert_eq!(split_cells("a,,b", &t(Some(","))), ["a", "", "b"]);
    }

    #[test]
    fn tab_stops() {
        let mut s = String::new();
        assert_eq!(tabs_to(&mut s, 5, 16), 16);
        assert_eq!(s, "\t\t");
    }
}
