//! The Node conformance lane is wired: enough ports per module, each naming the Node test it
//! ports, each run by the set; and, where a host Node.js 20 or newer is installed, every port
//! passes on it (which shows the test itself is right; Burrow's gaps are in expectations.txt).

use std::collections::BTreeMap;
use std::process::Command;

use burrow_conformance::cases::{node_cases, node_dir, node_files};
use burrow_conformance::{all_cases, Expectations};

/// Test name prefixes (after `test-`) of each module; Node names a few stream tests
/// `test-readable-*`.
const MODULES: [(&str, &[&str]); 6] = [
    ("fs", &["fs"]),
    ("path", &["path"]),
    ("buffer", &["buffer"]),
    ("events", &["event", "events"]),
    ("stream", &["stream", "readable"]),
    ("child_process", &["child-process"]),
];

#[test]
fn the_node_lane_has_enough_ports_with_their_headers() {
    let dir = node_dir();
    let cases = node_cases(&dir).unwrap();
    assert!(cases.len() >= 60, "the node lane has only {} tests", cases.len());

    let mut per_module: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        let name = case.name.strip_prefix("node/").unwrap();
        let (module, _) = MODULES
            .iter()
            .find(|(_, prefixes)| {
                prefixes.iter().any(|p| name == format!("test-{p}") || name.starts_with(&format!("test-{p}-")))
            })
            .unwrap_or_else(|| panic!("{name}: not a test of fs, path, buffer, events, stream or child_process"));
        *per_module.entry(module).or_default() += 1;

        // The Node test it ports, by name: most are in test/parallel, a few in test/sequential.
        let source = std::fs::read_to_string(dir.join(format!("{name}.js"))).unwrap();
        let header_ok = ["parallel", "sequential"]
            .iter()
            .any(|d| source.starts_with(&format!("// Port of Node's test/{d}/{name}.js")));
        assert!(header_ok, "{name}.js must start with `// Port of Node's test/parallel/{name}.js: what it covers.`");
        assert!(source.contains("require('./common')"), "{name}.js must load ./common");
    }
    for (module, _) in MODULES {
        let n = per_module.get(module).copied().unwrap_or(0);
        assert!(n >= 8, "only {n} tests for {module}");
    }

    // The set runs them, and every expected failure of the lane names one of them.
    let all = all_cases().unwrap();
    assert_eq!(all.iter().filter(|c| c.name.starts_with("node/")).count(), cases.len());
    assert!(node_files(&dir).unwrap().contains(&"common.js".to_string()));
    for (_, case) in Expectations::load().unwrap().listed() {
        if case.starts_with("node/") {
            assert!(cases.iter().any(|c| c.name == case), "expectations.txt lists {case}, which is not a test");
        }
    }
}

#[test]
fn every_port_passes_on_host_node() {
    let version = Command::new("node").arg("--version").output();
    let major = version.ok().filter(|o| o.status.success()).and_then(|o| {
        String::from_utf8_lossy(&o.stdout).trim().trim_start_matches('v').split('.').next()?.parse::<u32>().ok()
    });
    let Some(major) = major.filter(|&m| m >= 20) else {
        eprintln!("no host Node.js 20+: skipping the host run of the node lane");
        return;
    };
    let dir = node_dir();
    let mut failures = Vec::new();
    for case in node_cases(&dir).unwrap() {
        let file = format!("{}.js", case.name.strip_prefix("node/").unwrap());
        let out = Command::new("node").arg(&file).current_dir(&dir).output().unwrap();
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            failures.push(format!(
                "{file} ({:?}): {}",
                out.status.code(),
                stderr.lines().take(30).collect::<Vec<_>>().join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "on host Node {major}:\n{}", failures.join("\n\n"));
}
