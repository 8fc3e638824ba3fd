//! `jq` on the jaq libraries (jaq-core, jaq-std, jaq-json through jaq-all): jq's command line,
//! output formatting, error messages and exit codes.

use burrow_guest as _; // links the crate: its constructor adopts $PWD as the working directory

use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::ExitCode;

use jaq_all::data::{self, Runner};
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

/// jq 1.6 filters that jaq lacks or defines differently, written in jq: `@csv` and `@tsv` (with
/// jq's messages), `leaf_paths`, `IN`, `tostream`, and `del`/`delpaths` that delete several paths
/// at once (last first, as jq does, so indices stay valid).
const JQ_DEFS: &str = r#"
def @csv: if type == "array" then map(
    if type == "string" then "\"" + gsub("\""; "\"\"") + "\""
    elif type == "number" or type == "boolean" then tostring
    elif type == "null" then ""
    else error("\(type) (\(tojson)) is not valid in a csv row") end) | join(",")
  else error("\(type) (\(tojson)) cannot be csv-formatted, only array") end;
def @tsv: if type == "array" then map(
    if type == "string" then gsub("\\\\"; "\\\\") | gsub("\t"; "\\t") | gsub("\n"; "\\n") | gsub("\r"; "\\r")
    elif type == "number" or type == "boolean" then tostring
    elif type == "null" then ""
    else error("\(type) (\(tojson)) is not valid in a tsv row") end) | join("\t")
  else error("\(type) (\(tojson)) cannot be tsv-formatted, only array") end;
def leaf_paths: paths(scalars);
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def tostream: path(def r: (.[]?|r), .; r) as $p | getpath($p) | reduce path(.[]?) as $q ([$p, .]; [$p+$q]);
def delpaths($ps): reduce ($ps | unique | reverse)[] as $p (.; getpath($p) |= empty);
def del(f): delpaths([path(f)]);
"#;

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
                        Err(_) => return usage_error("Invalid JSON text passed to --jsonargs"),
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
                        Err(_) => return usage_error("Invalid JSON text passed to --argjson"),
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
    // Without a filter (and with no terminal, which a VM never has), jq 1.6 runs `.`.
    let filter_text = o.filter.clone().unwrap_or_else(|| ".".into());
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
                    // Like jq, a carriage return before the newline stays in the string.
                    l.map(|l| Val::from(String::from_utf8_lossy(&l).into_owned()))
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
    // Variables: each --arg, then $ARGS and $ENV.
    let mut var_names: Vec<String> = o.named.iter().map(|(k, _)| k.clone()).collect();
    var_names.push("ARGS".into());
    var_names.push("ENV".into());
    let code = format!("{JQ_DEFS}{filter_text}");
    let filter = match jaq_all::compile_with(&code, jaq_all::defs(), data::base_funs(), &var_names) {
        Ok(f) => f,
        Err(reports) => {
            let line = filter_text.lines().count().max(1);
            for fr in &reports {
                let text = jaq_all::load::FileReportsDisp::new(fr).to_string();
                let first = text.lines().next().unwrap_or("syntax error").trim_start_matches("Error: ");
                err(format!("{first} at <top-level>, line {line}:"));
                let _ = writeln!(io::stderr(), "{filter_text}");
            }
            let _ = writeln!(io::stderr(), "jq: {} compile error{}", reports.len(), if reports.len() == 1 { "" } else { "s" });
            return ExitCode::from(3);
        }
    };
    let mut values: Vec<Val> = o.named.iter().map(|(_, v)| v.clone()).collect();
    values.push(args_val(&o));
    let env = std::env::vars_os().map(|(k, v)| (Val::from(k.to_string_lossy().into_owned()), Val::from(v.to_string_lossy().into_owned())));
    values.push(Val::obj(env.collect()));
    let vars = Vars::new(values);

    let pp = Pp {
        indent: if o.compact { None } else { Some(o.indent.clone()) },
        sort_keys: o.sort_keys,
        sep_space: !o.compact,
        ..Pp::default()
    };
    let runner = Runner { null_input: o.null_input, color_err: false };
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
            // jq prints a string error as it is, any other value as JSON with a remark.
            Err(e) => {
                return Err((
                    match e.into_val() {
                        Val::TStr(s) | Val::BStr(s) => format!("jq: error (at <unknown>): {}", String::from_utf8_lossy(&s)),
                        v => format!("jq: error (at <unknown>) (not a string): {v}"),
                    },
                    5,
                ))
            }
        };
        let mut buf = Vec::new();
        let raw_str = match &v {
            Val::TStr(s) | Val::BStr(s) if o.raw_output => Some(s.to_vec()),
            _ => None,
        };
        match raw_str {
            Some(s) => buf.extend_from_slice(&s),
            None => {
                let _ = jaq_all::json::write::write(&mut buf, &pp, 0, &jq16_numbers(v.clone()));
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

/// `x` the way jq 1.6 prints a number: the shortest digits that read back as `x` (17 at most),
/// plain up to 1e17 and from 1e-4, else `1e+17`-style with a two-digit exponent; NaN as `null`
/// and infinities as the largest finite double.
fn jq16_number(x: f64) -> String {
    if x.is_nan() {
        return "null".into();
    }
    let x = x.clamp(f64::MIN, f64::MAX);
    let sci = format!("{:e}", x.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let decpt = exp.parse::<i32>().unwrap_or(0) + 1;
    let n = digits.len() as i32;
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    if decpt <= -4 || decpt > n + 15 {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = decpt - 1;
        out.push_str(&format!("e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-decpt) as usize));
        out.push_str(&digits);
    } else if decpt >= n {
        out.push_str(&digits);
        out.push_str(&"0".repeat((decpt - n) as usize));
    } else {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    }
    out
}

/// `v` with every number replaced by its jq 1.6 text (jq 1.6 keeps numbers as doubles).
fn jq16_numbers(v: Val) -> Val {
    use jaq_all::json::Num;
    match v {
        Val::Num(Num::Int(i)) if (i as i128).abs() < 100_000_000_000_000_000 => Val::Num(Num::Int(i)),
        Val::Num(n) => {
            let x = match &n {
                Num::Int(i) => *i as f64,
                Num::Float(f) => *f,
                other => other.to_string().parse::<f64>().unwrap_or(f64::NAN),
            };
            Val::Num(Num::Dec(jq16_number(x).into()))
        }
        Val::Arr(a) => a.iter().cloned().map(jq16_numbers).collect(),
        Val::Obj(o) => Val::obj(o.iter().map(|(k, v)| (k.clone(), jq16_numbers(v.clone()))).collect()),
        other => other,
    }
}
