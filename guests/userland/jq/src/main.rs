//! `jq` on the jaq libraries (jaq-core, jaq-std, jaq-json through jaq-all): jq's command line,
//! output formatting, error messages and exit codes.

use burrow_guest as _; // links the crate: its constructor adopts $PWD as the working directory

use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::ExitCode;

use jaq_all::data::{self, Runner};
use jaq_all::fmts::write::Writer;
use jaq_all::jaq_core::{unwrap_valr, Vars};
use jaq_all::json::write::Pp;
use jaq_all::json::{read as json_read, Val};

const USAGE: &str = "Usage:\tjq [OPTIONS] FILTER [FILES...]
\tjq [OPTIONS] --args FILTER [ARGUMENTS...]
\tjq [OPTIONS] --jsonargs FILTER [JSON_VALUES...]

Options:
  -n, --null-input          use `null` as the single input value;
  -R, --raw-input           read each line as string instead of JSON;
  -s, --slurp               read all inputs into an array and use it as
                            the single input value;
  -c, --compact-output      compact instead of pretty-printed output;
  -r, --raw-output          output strings without escapes and quotes;
  -j, --join-output         implies -r and output without newline after
                            each output;
  -a, --ascii-output        output strings by only ASCII characters
                            using escape sequences;
  -S, --sort-keys           sort keys of each object on output;
      --tab                 use tabs for indentation;
      --indent n            use n spaces for indentation (max 7 spaces);
  -M, --monochrome-output   disable colors (the default);
  -f, --from-file file      load filter from the file;
      --arg name value      set $name to the string value;
      --argjson name value  set $name to the JSON value;
      --slurpfile name file set $name to an array of JSON values read
                            from the file;
      --rawfile name file   set $name to string contents of file;
      --args                consume remaining arguments as positional
                            string values;
      --jsonargs            consume remaining arguments as positional
                            JSON values;
  -e, --exit-status         set exit status code based on the output;
  -h, --help                show the help;
  --                        terminates argument processing;
";

struct Opts {
    null_input: bool,
    raw_input: bool,
    slurp: bool,
    compact: bool,
    raw_output: bool,
    join: bool,
    ascii: bool,
    sort_keys: bool,
    indent: String,
    exit_status: bool,
    filter: Option<String>,
    files: Vec<String>,
    named: Vec<(String, Val)>,
    positional: Vec<Val>,
}

fn err(msg: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "jq: error: {msg}");
}

fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    let _ = writeln!(io::stderr(), "jq: error: {msg}\nUse jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://jqlang.github.io/jq");
    ExitCode::from(2)
}

fn parse_json(text: &[u8]) -> Result<Val, String> {
    json_read::parse_single(text).map_err(|e| e.to_string())
}

fn parse_json_many(text: &[u8]) -> Result<Vec<Val>, String> {
    json_read::parse_many(text).map(|r| r.map_err(|e| e.to_string())).collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let mut o = Opts {
        null_input: false,
        raw_input: false,
        slurp: false,
        compact: false,
        raw_output: false,
        join: false,
        ascii: false,
        sort_keys: false,
        indent: "  ".into(),
        exit_status: false,
        filter: None,
        files: Vec::new(),
        named: Vec::new(),
        positional: Vec::new(),
    };
    let mut filter_file: Option<String> = None;
    let mut rest_mode: Option<bool> = None; // Some(false): --args, Some(true): --jsonargs
    let mut i = 0;
    let mut opts_done = false;
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        if opts_done || !a.starts_with('-') || a == "-" {
            if o.filter.is_none() && filter_file.is_none() {
                o.filter = Some(a);
            } else if let Some(json) = rest_mode {
                if json {
                    match parse_json(a.as_bytes()) {
                        Ok(v) => o.positional.push(v),
                        Err(_) => return usage_error(format!("Invalid JSON text passed to --jsonargs")),
                    }
                } else {
                    o.positional.push(Val::from(a));
                }
            } else {
                o.files.push(a);
            }
            continue;
        }
        if a == "--" {
            opts_done = true;
            continue;
        }
        let need = |n: usize, i: &mut usize| -> Option<Vec<String>> {
            if *i + n > args.len() {
                return None;
            }
            let v = args[*i..*i + n].to_vec();
            *i += n;
            Some(v)
        };
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "null-input" => o.null_input = true,
                "raw-input" => o.raw_input = true,
                "slurp" => o.slurp = true,
                "compact-output" => o.compact = true,
                "raw-output" => o.raw_output = true,
                "join-output" => {
                    o.raw_output = true;
                    o.join = true
                }
                "ascii-output" => o.ascii = true,
                "sort-keys" => o.sort_keys = true,
                "tab" => o.indent = "\t".into(),
                "indent" => match need(1, &mut i) {
                    Some(v) => match v[0].parse::<usize>() {
                        Ok(n) if n <= 7 => {
                            if n == 0 {
                                o.compact = true;
                            }
                            o.indent = " ".repeat(n)
                        }
                        _ => return usage_error("Cannot indent more than 7 characters"),
                    },
                    None => return usage_error("--indent takes one parameter"),
                },
                "exit-status" => o.exit_status = true,
                "monochrome-output" | "color-output" | "unbuffered" | "seq" | "stream-errors" => {}
                "from-file" => match need(1, &mut i) {
                    Some(v) => filter_file = Some(v[0].clone()),
                    None => return usage_error("-f takes a parameter"),
                },
                "arg" => match need(2, &mut i) {
                    Some(v) => o.named.push((v[0].clone(), Val::from(v[1].clone()))),
                    None => return usage_error("--arg takes two parameters (e.g. --arg varname value)"),
                },
                "argjson" => match need(2, &mut i) {
                    Some(v) => match parse_json(v[1].as_bytes()) {
                        Ok(j) => o.named.push((v[0].clone(), j)),
                        Err(_) => return usage_error(format!("Invalid JSON text passed to --argjson")),
                    },
                    None => return usage_error("--argjson takes two parameters (e.g. --argjson varname text)"),
                },
                "slurpfile" | "rawfile" => match need(2, &mut i) {
                    Some(v) => {
                        let data = match std::fs::read(&v[1]) {
                            Ok(d) => d,
                            Err(e) => {
                                return usage_error(format!("Could not open {}: {}", v[1], strerror(&e)));
                            }
                        };
                        let val = if long == "rawfile" {
                            Val::from(String::from_utf8_lossy(&data).into_owned())
                        } else {
                            match parse_json_many(&data) {
                                Ok(vs) => vs.into_iter().collect(),
                                Err(e) => return usage_error(format!("Invalid JSON in --slurpfile {}: {e}", v[1])),
                            }
                        };
                        o.named.push((v[0].clone(), val));
                    }
                    None => return usage_error(format!("--{long} takes two parameters (e.g. --{long} varname filename)")),
                },
                "args" => rest_mode = Some(false),
                "jsonargs" => rest_mode = Some(true),
                "help" => {
                    print!("{USAGE}");
                    return ExitCode::SUCCESS;
                }
                "version" => {
                    println!("jq-1.7.1");
                    return ExitCode::SUCCESS;
                }
                _ => return usage_error(format!("Unknown option: {a}")),
            }
            continue;
        }
        // Short options, possibly combined (-rc).
        for c in a[1..].chars() {
            match c {
                'n' => o.null_input = true,
                'R' => o.raw_input = true,
                's' => o.slurp = true,
                'c' => o.compact = true,
                'r' => o.raw_output = true,
                'j' => {
                    o.raw_output = true;
                    o.join = true
                }
                'a' => o.ascii = true,
                'S' => o.sort_keys = true,
                'e' => o.exit_status = true,
                'M' | 'C' => {}
                'f' => match need(1, &mut i) {
                    Some(v) => filter_file = Some(v[0].clone()),
                    None => return usage_error("-f takes a parameter"),
                },
                'h' => {
                    print!("{USAGE}");
                    return ExitCode::SUCCESS;
                }
                _ => return usage_error(format!("Unknown option: {a}")),
            }
        }
    }
    if let Some(f) = &filter_file {
        match std::fs::read_to_string(f) {
            Ok(text) => {
                // With -f, the first positional argument is an input file, not the filter.
                if let Some(first) = o.filter.take() {
                    o.files.insert(0, first);
                }
                o.filter = Some(text);
            }
            Err(e) => return usage_error(format!("Could not open {f}: {}", strerror(&e))),
        }
    }
    let Some(filter_text) = o.filter.clone() else {
        let _ = write!(io::stderr(), "{USAGE}");
        return ExitCode::from(2);
    };
    run(o, &filter_text)
}

fn strerror(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// `$ARGS`: `{"positional": [...], "named": {...}}`.
fn args_val(o: &Opts) -> Val {
    let mut named = jaq_all::json::Map::default();
    for (k, v) in &o.named {
        named.insert(Val::from(k.clone()), v.clone());
    }
    let mut m = jaq_all::json::Map::default();
    m.insert(Val::from("positional".to_string()), o.positional.iter().cloned().collect());
    m.insert(Val::from("named".to_string()), Val::obj(named));
    Val::obj(m)
}

type Inputs = Box<dyn Iterator<Item = Result<Val, String>>>;

fn open(name: &str) -> io::Result<Box<dyn BufRead>> {
    if name == "-" {
        Ok(Box::new(BufReader::new(io::stdin())))
    } else {
        Ok(Box::new(BufReader::new(std::fs::File::open(name)?)))
    }
}

/// The input values: JSON (streamed) or raw lines, from the files or standard input.
fn inputs(o: &Opts, failed: std::rc::Rc<std::cell::Cell<bool>>) -> Inputs {
    let names: Vec<String> = if o.files.is_empty() { vec!["-".into()] } else { o.files.clone() };
    if o.raw_input {
        if o.slurp {
            let mut all = Vec::new();
            for n in &names {
                match open(n) {
                    Ok(mut r) => {
                        let _ = r.read_to_end(&mut all);
                    }
                    Err(e) => {
                        let _ = writeln!(io::stderr(), "jq: error: Could not open {n}: {}", strerror(&e));
                        failed.set(true);
                    }
                }
            }
            return Box::new(std::iter::once(Ok(Val::from(String::from_utf8_lossy(&all).into_owned()))));
        }
        let it = names.into_iter().flat_map(move |n| -> Box<dyn Iterator<Item = Result<Val, String>>> {
            match open(&n) {
                Ok(r) => Box::new(r.split(b'\n').map(|l| {
                    l.map(|mut l| {
                        if l.last() == Some(&b'\r') && false {
                            l.pop();
                        }
                        Val::from(String::from_utf8_lossy(&l).into_owned())
                    })
                    .map_err(|e| strerror(&e))
                })),
                Err(e) => {
                    let _ = writeln!(io::stderr(), "jq: error: Could not open {n}: {}", strerror(&e));
                    failed.set(true);
                    Box::new(std::iter::empty())
                }
            }
        });
        return Box::new(it);
    }
    let it = names.into_iter().flat_map(move |n| -> Box<dyn Iterator<Item = Result<Val, String>>> {
        match open(&n) {
            Ok(r) => Box::new(json_read::read_many(r).map(|r| r.map_err(|e| strerror(&e)))),
            Err(e) => {
                let _ = writeln!(io::stderr(), "jq: error: Could not open {n}: {}", strerror(&e));
                failed.set(true);
                Box::new(std::iter::empty())
            }
        }
    });
    if o.slurp {
        let all: Result<Vec<Val>, String> = it.collect();
        return Box::new(std::iter::once(all.map(|v| v.into_iter().collect())));
    }
    Box::new(it)
}

/// Escapes non-ASCII characters of JSON text as `\uXXXX` (for -a).
fn ascii_escape(s: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(s);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out.into_bytes()
}

fn run(o: Opts, filter_text: &str) -> ExitCode {
    // Variables: $ENV, $__loc__ are jaq built-ins; ours: each --arg, then $ARGS.
    let mut var_names: Vec<String> = o.named.iter().map(|(k, _)| k.clone()).collect();
    var_names.push("ARGS".into());
    let filter = match jaq_all::compile_with(filter_text, jaq_all::defs(), data::base_funs(), &var_names) {
        Ok(f) => f,
        Err(reports) => {
            for fr in &reports {
                let text = jaq_all::load::FileReportsDisp::new(fr).to_string();
                let first = text.lines().next().unwrap_or("syntax error").trim_start_matches("Error: ");
                err(format!("{first} at <top-level>:"));
                let _ = write!(io::stderr(), "{filter_text}\n");
            }
            let _ = writeln!(io::stderr(), "jq: {} compile error{}", reports.len(), if reports.len() == 1 { "" } else { "s" });
            return ExitCode::from(3);
        }
    };
    let mut values: Vec<Val> = o.named.iter().map(|(_, v)| v.clone()).collect();
    values.push(args_val(&o));
    let vars = Vars::new(values);

    let pp = Pp {
        indent: if o.compact { None } else { Some(o.indent.clone()) },
        sort_keys: o.sort_keys,
        sep_space: !o.compact,
        ..Pp::default()
    };
    let runner = Runner { null_input: o.null_input, color_err: false, writer: Writer { pp: pp.clone(), ..Writer::default() } };
    let failed = std::rc::Rc::new(std::cell::Cell::new(false));
    let input_filename: Val = match o.files.first() {
        Some(f) if o.files.len() == 1 => Val::from(f.clone()),
        _ => Val::Null,
    };
    let ins = inputs(&o, failed.clone());
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut last: Option<Val> = None;
    // Errors: (message, exit code).
    let fi = |e: String| (format!("jq: error (at <stdin>:0): Cannot parse input: {e}"), 2u8);
    let result = data::run(&runner, &filter, vars, (&input_filename, ins), fi, |v| {
        let v = match unwrap_valr(v) {
            Ok(v) => v,
            Err(e) => return Err((format!("jq: error (at <unknown>): {e}"), 5)),
        };
        let mut buf = Vec::new();
        let raw_str = match &v {
            Val::TStr(s) | Val::BStr(s) if o.raw_output => Some(s.to_vec()),
            _ => None,
        };
        match raw_str {
            Some(s) => buf.extend_from_slice(&s),
            None => {
                let _ = jaq_all::json::write::write(&mut buf, &pp, 0, &v);
            }
        }
        if o.ascii {
            buf = ascii_escape(&buf);
        }
        if !o.join {
            buf.push(b'\n');
        }
        if let Err(e) = out.write_all(&buf) {
            if e.kind() == io::ErrorKind::BrokenPipe || e.raw_os_error() == Some(64) {
                return Err((String::new(), 0));
            }
            return Err((format!("jq: error: writing output failed: {}", strerror(&e)), 2));
        }
        last = Some(v);
        Ok(())
    });
    let flushed = out.flush();
    drop(out);
    let mut code: u8 = 0;
    if let Err((msg, c)) = result {
        if !msg.is_empty() {
            let _ = writeln!(io::stderr(), "{msg}");
        }
        code = c;
    } else if let Err(e) = flushed {
        if !(e.kind() == io::ErrorKind::BrokenPipe || e.raw_os_error() == Some(64)) {
            err(format!("writing output failed: {}", strerror(&e)));
            code = 2;
        }
    }
    if code == 0 && failed.get() {
        code = 2;
    }
    if code == 0 && o.exit_status {
        code = match &last {
            None => 4,
            Some(Val::Null) | Some(Val::Bool(false)) => 1,
            Some(_) => 0,
        };
    }
    ExitCode::from(code)
}
