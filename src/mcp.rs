//! `burrow mcp`: a Model Context Protocol server over stdio (newline-delimited JSON-RPC 2.0),
//! so agent clients can use one persistent VM through four tools: `exec` (a shell command
//! line), `read_file`, `write_file` and `list_dir`.
//!
//! Requests are answered in order, one line each; notifications get no answer. A malformed
//! line is a JSON-RPC parse error, an unknown method `-32601`, bad tool arguments `-32602`; a
//! tool that runs but fails (a command's non-zero exit, a missing file) answers with
//! `isError: true` and the reason as text, as the protocol asks, so the client's model sees it.

use std::io::{BufRead, Write};

use serde_json::{json, Value};

use burrow::{Stdio, Vm};

/// The protocol revision this server speaks (the client's is echoed when it asks for an older
/// one we also accept).
const PROTOCOL_VERSION: &str = "2025-06-18";
const ACCEPTED_VERSIONS: &[&str] = &["2024-11-05", "2025-03-26", "2025-06-18"];

/// Bytes of a command's stdout or stderr returned to the client; the rest is cut with a marker.
const OUTPUT_LIMIT: usize = 256 * 1024;

/// Serves `input` line by line on `vm`, answering on `output`, until `input` ends.
pub fn serve(vm: &Vm, input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        if let Some(reply) = handle_line(vm, &line) {
            serde_json::to_writer(&mut output, &reply)?;
            output.write_all(b"\n")?;
            output.flush()?;
        }
    }
    Ok(())
}

/// The answer to one message, or none for a notification.
fn handle_line(vm: &Vm, line: &str) -> Option<Value> {
    let msg: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return Some(error_reply(Value::Null, -32700, &format!("parse error: {e}"))),
    };
    let Some(method) = msg.get("method").and_then(Value::as_str) else {
        // A response from the client (we send no requests) or garbage: nothing to answer,
        // unless it carries an id.
        return msg.get("id").map(|id| error_reply(id.clone(), -32600, "invalid request: no method"));
    };
    let id = msg.get("id").cloned()?;
    let params = msg.get("params").cloned().unwrap_or(Value::Null);
    Some(match method {
        "initialize" => {
            let asked = params.get("protocolVersion").and_then(Value::as_str).unwrap_or(PROTOCOL_VERSION);
            let version = if ACCEPTED_VERSIONS.contains(&asked) { asked } else { PROTOCOL_VERSION };
            ok_reply(
                id,
                json!({
                    "protocolVersion": version,
                    "capabilities": { "tools": { "listChanged": false } },
                    "serverInfo": { "name": "burrow", "version": env!("CARGO_PKG_VERSION") },
                    "instructions": "A persistent, isolated Burrow VM: a POSIX shell with coreutils, grep, sed, awk, find, jq, tar and node. Files persist between calls; the host's files and network are not reachable unless configured.",
                }),
            )
        }
        "ping" => ok_reply(id, json!({})),
        "tools/list" => ok_reply(id, json!({ "tools": tools() })),
        "tools/call" => match call_tool(vm, &params) {
            Ok(result) => ok_reply(id, result),
            Err(message) => error_reply(id, -32602, &message),
        },
        _ => error_reply(id, -32601, &format!("method not found: {method}")),
    })
}

fn ok_reply(id: Value, result: Value) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "result": result })
}

fn error_reply(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

/// The tool descriptions `tools/list` returns.
fn tools() -> Value {
    json!([
        {
            "name": "exec",
            "description": "Run a shell command line (POSIX sh, bash-compatible where agents need it) in the VM. Returns stdout, stderr and the exit code.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "command": { "type": "string", "description": "The command line, run as `sh -c COMMAND`." },
                    "cwd": { "type": "string", "description": "Working directory in the VM (default: the VM's)." },
                    "stdin": { "type": "string", "description": "Text given to the command on standard input." }
                },
                "required": ["command"]
            }
        },
        {
            "name": "read_file",
            "description": "Read a text file of the VM.",
            "inputSchema": {
                "type": "object",
                "properties": { "path": { "type": "string", "description": "Path in the VM." } },
                "required": ["path"]
            }
        },
        {
            "name": "write_file",
            "description": "Write a text file in the VM (created or replaced; parent directories are created).",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "path": { "type": "string", "description": "Path in the VM." },
                    "content": { "type": "string", "description": "The file's new content." }
                },
                "required": ["path", "content"]
            }
        },
        {
            "name": "list_dir",
            "description": "List a directory of the VM: one entry per line, directories with a trailing slash.",
            "inputSchema": {
                "type": "object",
                "properties": { "path": { "type": "string", "description": "Path in the VM." } },
                "required": ["path"]
            }
        }
    ])
}

/// A tool's result: text content, an error flag, and structured content when there is some.
fn tool_result(text: String, is_error: bool, structured: Option<Value>) -> Value {
    let mut r = json!({ "content": [ { "type": "text", "text": text } ], "isError": is_error });
    if let Some(s) = structured {
        r["structuredContent"] = s;
    }
    r
}

fn string_arg<'a>(args: &'a Value, name: &str) -> Result<&'a str, String> {
    args.get(name).and_then(Value::as_str).ok_or_else(|| format!("argument `{name}` (a string) is required"))
}

fn call_tool(vm: &Vm, params: &Value) -> Result<Value, String> {
    let name = params.get("name").and_then(Value::as_str).ok_or("`name` (a string) is required")?;
    let args = params.get("arguments").cloned().unwrap_or_else(|| json!({}));
    let fs = vm.fs();
    Ok(match name {
        "exec" => {
            let command = string_arg(&args, "command")?;
            let mut cmd = vm.command("sh").arg("-c").arg(command);
            if let Some(cwd) = args.get("cwd").and_then(Value::as_str) {
                cmd = cmd.cwd(cwd);
            }
            let stdin = args.get("stdin").and_then(Value::as_str).map(|s| s.as_bytes().to_vec());
            cmd = cmd.stdin(stdin.map_or(Stdio::Null, Stdio::Bytes));
            match cmd.output() {
                Ok(out) => {
                    let stdout = clip(&out.stdout);
                    let stderr = clip(&out.stderr);
                    let code = out.code();
                    let mut text = stdout.clone();
                    if !stderr.is_empty() {
                        if !text.is_empty() && !text.ends_with('\n') {
                            text.push('\n');
                        }
                        text.push_str("[stderr]\n");
                        text.push_str(&stderr);
                    }
                    if code != 0 {
                        if !text.is_empty() && !text.ends_with('\n') {
                            text.push('\n');
                        }
                        text.push_str(&format!("[exit code {code}]"));
                    }
                    let structured = json!({ "stdout": stdout, "stderr": stderr, "exitCode": code });
                    tool_result(text, code != 0, Some(structured))
                }
                Err(e) => tool_result(e.to_string(), true, None),
            }
        }
        "read_file" => {
            let path = string_arg(&args, "path")?;
            match fs.read(path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => tool_result(text, false, None),
                    Err(e) => tool_result(format!("{path}: not UTF-8 text ({} bytes)", e.as_bytes().len()), true, None),
                },
                Err(e) => tool_result(e.to_string(), true, None),
            }
        }
        "write_file" => {
            let path = string_arg(&args, "path")?;
            let content = string_arg(&args, "content")?;
            let parent = match path.rfind('/') {
                Some(0) | None => None,
                Some(i) => Some(&path[..i]),
            };
            let r = parent.map_or(Ok(()), |dir| fs.create_dir_all(dir)).and_then(|()| fs.write(path, content));
            match r {
                Ok(()) => tool_result(format!("wrote {} bytes to {path}", content.len()), false, None),
                Err(e) => tool_result(e.to_string(), true, None),
            }
        }
        "list_dir" => {
            let path = string_arg(&args, "path")?;
            match fs.read_dir(path) {
                Ok(mut entries) => {
                    entries.sort_by(|a, b| a.name.cmp(&b.name));
                    let lines: Vec<String> = entries
                        .iter()
                        .map(|e| {
                            let slash = if e.file_type == burrow::kernel::vfs::FileType::Directory { "/" } else { "" };
                            format!("{}{slash}", e.name_lossy())
                        })
                        .collect();
                    tool_result(lines.join("\n"), false, None)
                }
                Err(e) => tool_result(e.to_string(), true, None),
            }
        }
        other => return Err(format!("unknown tool `{other}`")),
    })
}

/// Output as text, cut at OUTPUT_LIMIT bytes with a marker saying how much was left out.
fn clip(bytes: &[u8]) -> String {
    if bytes.len() <= OUTPUT_LIMIT {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut text = String::from_utf8_lossy(&bytes[..OUTPUT_LIMIT]).into_owned();
    text.push_str(&format!("\n[... {} more bytes cut]", bytes.len() - OUTPUT_LIMIT));
    text
}
