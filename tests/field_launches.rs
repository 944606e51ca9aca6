//! A struct field's producer started by name (`go w.poll()`) is followed
//! only when that `go` statement is the method's only use in the package.
//! The other files are parsed without the bodies that do not touch the
//! field, so a synchronous call hidden in such a body, or in a file that
//! never names the field, must still be seen as another use.

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;
use std::fs;
use std::path::Path;

/// The package fixture whose `poll` producer is launched by the constructor.
fn package(extra: Option<&str>) -> tempfile::TempDir {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms/abandoned_producer/testdata/field_stop_done");
    let dir = tempfile::tempdir().unwrap();
    for name in ["loop.go", "watcher.go"] {
        fs::copy(fixture.join(name), dir.path().join(name)).unwrap();
    }
    if let Some(code) = extra {
        fs::write(dir.path().join("replay.go"), code).unwrap();
    }
    dir
}

fn findings(dir: &Path) -> usize {
    let run = chanfix_in(dir, &["check", "."], "");
    run.stdout.lines().filter(|l| l.contains(": abandoned-producer:")).count()
}

#[test]
fn a_producer_launched_once_is_followed() {
    assert_eq!(findings(package(None).path()), 1);
    let comment = "package main\n\n// replay would call w.poll() again; it does not.\nfunc replay() {}\n";
    assert_eq!(findings(package(Some(comment)).path()), 1, "a comment is not a use");
}

#[test]
fn a_synchronous_call_in_a_file_that_never_names_the_field_is_another_use() {
    let sync = "package main\n\nfunc (w *watcher) replay() {\n\tw.poll()\n}\n";
    assert_eq!(findings(package(Some(sync)).path()), 0);
}

#[test]
fn a_synchronous_call_in_a_skipped_body_is_another_use() {
    // The file names the field, so it is parsed, but this body has no
    // channel operation and does not touch the field: the parse skips it.
    let sync = "package main\n\nfunc (w *watcher) count() int {\n\treturn len(w.events)\n}\n\nfunc (w *watcher) replay() {\n\tw.poll()\n}\n";
    assert_eq!(findings(package(Some(sync)).path()), 0);
}
