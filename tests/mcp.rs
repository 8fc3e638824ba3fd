//! `burrow mcp`: a client session with the real CLI over stdio (newline-delimited JSON-RPC):
//! initialize, tools/list, and each tool called on the one persistent VM, errors included.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{json, Value};

struct Session {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_burrow"))
            .arg("mcp")
            .args(args)
            .env("BURROW_CACHE_DIR", std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("burrow mcp");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Session { child, stdin, stdout, next_id: 1 }
    }

    fn send(&mut self, msg: &Value) {
        writeln!(self.stdin, "{msg}").unwrap();
        self.stdin.flush().unwrap();
    }

    fn read(&mut self) -> Value {
        let mut line = String::new();
        assert!(self.stdout.read_line(&mut line).unwrap() > 0, "the server closed its output");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    }

    /// A request; its response (checked to answer this id).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let reply = self.read();
        assert_eq!(reply["jsonrpc"], "2.0");
        assert_eq!(reply["id"], id, "{reply}");
        reply
    }

    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let reply = self.request("tools/call", json!({ "name": tool, "arguments": arguments }));
        assert!(reply.get("error").is_none(), "{reply}");
        reply["result"].clone()
    }

    fn finish(mut self) {
        drop(self.stdin);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "burrow mcp exited {status}");
    }
}

fn text(result: &Value) -> &str {
    result["content"][0]["text"].as_str().unwrap_or_else(|| panic!("no text content: {result}"))
}

#[test]
fn a_client_session_uses_every_tool_on_one_vm() {
    let mut s = Session::start(&[]);
    let init = s.request(
        "initialize",
        json!({ "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": { "name": "test", "version": "1" } }),
    );
    assert_eq!(init["result"]["protocolVersion"], "2025-06-18");
    assert_eq!(init["result"]["serverInfo"]["name"], "burrow");
    assert!(init["result"]["capabilities"]["tools"].is_object(), "{init}");
    s.send(&json!({ "jsonrpc": "2.0", "method": "notifications/initialized" }));

    let list = s.request("tools/list", json!({}));
    let mut names: Vec<&str> = list["result"]["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["exec", "list_dir", "read_file", "write_file"]);
    for tool in list["result"]["tools"].as_array().unwrap() {
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
    }

    // Files written by one tool are seen by the others and by commands: one VM throughout.
    let r = s.call("write_file", json!({ "path": "/work/notes/todo.txt", "content": "b\na\nc\n" }));
    assert_eq!(r["isError"], false, "{r}");
    let r = s.call("exec", json!({ "command": "sort /work/notes/todo.txt > /work/sorted.txt && wc -l < /work/sorted.txt" }));
    assert_eq!((text(&r), &r["isError"]), ("3\n", &json!(false)), "{r}");
    assert_eq!(r["structuredContent"]["exitCode"], 0);
    let r = s.call("read_file", json!({ "path": "/work/sorted.txt" }));
    assert_eq!(text(&r), "a\nb\nc\n");
    let r = s.call("list_dir", json!({ "path": "/work" }));
    assert_eq!(text(&r), "notes/\nsorted.txt");
    let r = s.call("exec", json!({ "command": "cat; pwd", "cwd": "/work/notes", "stdin": "from stdin\n" }));
    assert_eq!(text(&r), "from stdin\n/work/notes\n");
    let r = s.call("exec", json!({ "command": "node -p '6 * 7'" }));
    assert_eq!(text(&r), "42\n");

    // A failing command and a missing file are tool errors the model sees, not protocol errors.
    let r = s.call("exec", json!({ "command": "echo partial; echo oops >&2; exit 3" }));
    assert_eq!(r["isError"], true);
    assert_eq!(text(&r), "partial\n[stderr]\noops\n[exit code 3]");
    assert_eq!(r["structuredContent"], json!({ "stdout": "partial\n", "stderr": "oops\n", "exitCode": 3 }));
    let r = s.call("read_file", json!({ "path": "/nope" }));
    assert_eq!(r["isError"], true);
    assert!(text(&r).contains("/nope"), "{r}");

    // Protocol errors: bad arguments, an unknown tool or method, a malformed line.
    let r = s.request("tools/call", json!({ "name": "exec", "arguments": {} }));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = s.request("tools/call", json!({ "name": "rm_rf", "arguments": {} }));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = s.request("resources/list", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    writeln!(s.stdin, "{{not json").unwrap();
    let r = s.read();
    assert_eq!((r["id"].clone(), r["error"]["code"].clone()), (Value::Null, json!(-32700)), "{r}");
    let r = s.request("ping", json!({}));
    assert_eq!(r["result"], json!({}));
    s.finish();
}

#[test]
fn the_vm_takes_the_run_options() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.txt"), "host data\n").unwrap();
    let mount = format!("{}:/data:ro", dir.path().display());
    let mut s = Session::start(&["--mount", &mount, "--env", "GREETING=hi", "--limit", "cpu_time_ms=2000"]);
    s.request("initialize", json!({ "protocolVersion": "2024-11-05", "capabilities": {}, "clientInfo": { "name": "t", "version": "1" } }));
    let r = s.call("exec", json!({ "command": "cat /data/data.txt; echo $GREETING" }));
    assert_eq!(text(&r), "host data\nhi\n");
    let r = s.call("write_file", json!({ "path": "/data/x", "content": "no" }));
    assert_eq!(r["isError"], true, "{r}");
    assert!(!dir.path().join("x").exists(), "the read-only mount was written");
    let r = s.call("exec", json!({ "command": "while :; do :; done" }));
    assert_eq!(r["isError"], true);
    assert_eq!(r["structuredContent"]["exitCode"], 152, "{r}");
    s.finish();
}
