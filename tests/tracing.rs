//! Tracing spans of the VM lifecycle and a program's phases, seen by a subscriber: building
//! and disposing of the VM, and per program the lookup, the module (cache hit or compile),
//! instantiation, the run and the teardown.

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use burrow::{BackendKind, Vm};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records the name of every span created, on any thread.
struct Names {
    seen: Arc<Mutex<BTreeSet<&'static str>>>,
    next: AtomicU64,
}

impl Subscriber for Names {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.seen.lock().unwrap().insert(span.metadata().name());
        Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn lifecycle_and_exec_phases_have_spans() {
    let seen = Arc::new(Mutex::new(BTreeSet::new()));
    tracing::subscriber::set_global_default(Names { seen: seen.clone(), next: AtomicU64::new(0) })
        .expect("the only subscriber of this test binary");
    let vm = Vm::builder().runtime(&common::runtime()).backend(BackendKind::Wasmtime).build().expect("vm");
    let out = vm.run(&["sh", "-c", "echo hi | cat"]).expect("run");
    assert_eq!(out.stdout, b"hi\n");
    let mut child = vm.spawn(&["true"]).expect("spawn");
    child.wait_blocking().expect("wait");
    drop(vm);
    let seen = seen.lock().unwrap();
    for name in
        ["vm_build", "spawn", "lookup", "load", "module", "process", "instantiate", "run", "teardown", "vm_dispose"]
    {
        assert!(seen.contains(name), "no `{name}` span among {seen:?}");
    }
}
