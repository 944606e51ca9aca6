//! `chanfix fix --verify` against the real Go toolchain, through the built
//! binary (the test-only hook `CHANFIX_TEST_BREAK_FIX` is an environment
//! variable, so each case runs in its own process): a fix that builds is
//! kept, a fix that breaks the build is rolled back byte for byte and
//! reported, a package that did not build before keeps its fix, and a
//! missing `go` is a clear error that writes nothing.
//!
//! Without `go` on PATH the Go-dependent tests print a notice and pass,
//! unless `CI` is set, in which case they fail.

#[path = "support/article.rs"]
mod article;
#[path = "support/go.rs"]
mod go;

use article::LEAKY_MAIN as LEAKY;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXED_MAKE: &str = "errCh := make(chan error, 1)";

/// True when `go` is on PATH; otherwise a notice (or a panic under CI).
fn go_available(test: &str) -> bool {
    go::have_tools(test, &["go"])
}

/// A Go module `m` in a temporary directory, with `files` in it.
fn module(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("go.mod"), "module m\n\ngo 1.26\n").unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn chanfix(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chanfix"));
    cmd.current_dir(cwd).args(args).env("GOTOOLCHAIN", "local").env_remove("CHANFIX_TEST_BREAK_FIX");
    for (k, v) in env {
        cmd.env(k, v);
    }
    go::output_logged(&mut cmd, &format!("chanfix {args:?}"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn go_builds(dir: &Path) -> bool {
    Command::new("go")
        .current_dir(dir)
        .args(["build", "-o", "/dev/null", "./..."])
        .env("GOTOOLCHAIN", "local")
        .status()
        .unwrap()
        .success()
}

/// Every file under `dir`, for checking that nothing else was left behind.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path.strip_prefix(dir).unwrap().to_path_buf());
        }
    }
    out.sort();
    out
}

#[test]
fn a_fix_that_builds_is_kept() {
    if !go_available("a_fix_that_builds_is_kept") {
        return;
    }
    let m = module(&[("main.go", LEAKY)]);
    let out = chanfix(m.path(), &["fix", "--verify"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let fixed = fs::read_to_string(m.path().join("main.go")).unwrap();
    assert!(fixed.contains(FIXED_MAKE), "{fixed}");
    assert!(!stderr(&out).contains("rolled back"));
    assert!(stderr(&out).contains("1 file fixed"), "{}", stderr(&out));
    assert!(go_builds(m.path()));
    assert_eq!(files(m.path()), [PathBuf::from("go.mod"), PathBuf::from("main.go")], "no build output left");

    // JSON: applied, nothing rolled back.
    let m = module(&[("main.go", LEAKY)]);
    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(doc["findings"][0]["applied"], true);
    assert_eq!(doc["rollbacks"], serde_json::json!([]));
    assert_eq!(doc["summary"]["fixes_applied"], 1);
    assert_eq!(doc["summary"]["rolled_back"], 0);
}

#[test]
fn a_fix_that_breaks_the_build_is_rolled_back() {
    if !go_available("a_fix_that_breaks_the_build_is_rolled_back") {
        return;
    }
    let m = module(&[("main.go", LEAKY)]);
    let before = fs::read(m.path().join("main.go")).unwrap();
    let out = chanfix(m.path(), &["fix", "--verify"], &[("CHANFIX_TEST_BREAK_FIX", "1")]);
    assert_eq!(out.status.code(), Some(1), "a rolled-back fix is a finding without fix");
    assert_eq!(fs::read(m.path().join("main.go")).unwrap(), before, "original restored byte for byte");
    let err = stderr(&out);
    assert!(err.contains("chanfix: .: fix rolled back: go build failed:"), "{err}");
    assert!(err.contains("deliberately broken"), "the compiler's message is shown: {err}");
    assert!(err.contains("1 fix rolled back"), "{err}");
    assert_eq!(files(m.path()), [PathBuf::from("go.mod"), PathBuf::from("main.go")], "no temp file left");

    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[("CHANFIX_TEST_BREAK_FIX", "1")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fs::read(m.path().join("main.go")).unwrap(), before);
    let doc = json(&out);
    let f = &doc["findings"][0];
    assert_eq!(f["applied"], false);
    assert_eq!(f["fix"], Value::Null);
    assert!(f["no_fix_reason"].as_str().unwrap().contains("rolled back"), "{f}");
    let rollbacks = doc["rollbacks"].as_array().unwrap();
    assert_eq!(rollbacks.len(), 1);
    assert_eq!(rollbacks[0]["package"], ".");
    assert_eq!(rollbacks[0]["files"], serde_json::json!(["main.go"]));
    assert_eq!(rollbacks[0]["tool"], "go build");
    assert!(rollbacks[0]["output"].as_str().unwrap().contains("deliberately broken"));
    assert_eq!(doc["summary"]["rolled_back"], 1);
    assert_eq!(doc["summary"]["fixes_applied"], 0);
    assert_eq!(doc["summary"]["files_changed"], 0);

    // Without --verify the hook's breakage is written: it is what --verify caught.
    let out = chanfix(m.path(), &["fix"], &[("CHANFIX_TEST_BREAK_FIX", "1")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(fs::read_to_string(m.path().join("main.go")).unwrap().contains("deliberately broken"));
    assert!(!go_builds(m.path()));
}

#[test]
fn only_the_broken_package_is_rolled_back_and_an_already_broken_one_keeps_its_fix() {
    if !go_available("only_the_broken_package_is_rolled_back") {
        return;
    }
    // `old` does not build even before the fix: --verify proves nothing
    // there, so the fix is kept with a note. `ok` builds before and after.
    let m = module(&[
        ("ok/main.go", LEAKY),
        ("old/main.go", LEAKY),
        ("old/broken.go", "package main\n\nvar _ int = \"already broken\"\n"),
    ]);
    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json", "./..."], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::read_to_string(m.path().join("ok/main.go")).unwrap().contains(FIXED_MAKE));
    assert!(fs::read_to_string(m.path().join("old/main.go")).unwrap().contains(FIXED_MAKE));
    assert!(stderr(&out).contains("chanfix: old: not fully verified: go build and go vet already failed"));
    let doc = json(&out);
    assert_eq!(doc["summary"]["fixes_applied"], 2);
    assert_eq!(doc["rollbacks"], serde_json::json!([]));

    // With the hook, `ok` now fails where it passed: rolled back; `old` failed
    // before too, so its (broken) fix stays.
    let m = module(&[
        ("ok/main.go", LEAKY),
        ("old/main.go", LEAKY),
        ("old/broken.go", "package main\n\nvar _ int = \"already broken\"\n"),
    ]);
    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[("CHANFIX_TEST_BREAK_FIX", "1")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fs::read_to_string(m.path().join("ok/main.go")).unwrap(), LEAKY);
    assert_ne!(fs::read_to_string(m.path().join("old/main.go")).unwrap(), LEAKY);
    let doc = json(&out);
    assert_eq!(doc["rollbacks"].as_array().unwrap().len(), 1);
    assert_eq!(doc["rollbacks"][0]["package"], "ok");
    assert_eq!(doc["rollbacks"][0]["files"], serde_json::json!(["ok/main.go"]));
    let applied: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["applied"] == true)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(applied, ["old/main.go"]);
}

#[test]
fn missing_go_is_a_clear_error_and_nothing_is_written() {
    let m = module(&[("main.go", LEAKY)]);
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    let out = chanfix(m.path(), &["fix", "--verify"], &[("PATH", path)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`go` was not found on PATH"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(fs::read_to_string(m.path().join("main.go")).unwrap(), LEAKY);

    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[("PATH", path)]);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["errors"][0]["path"], "--verify");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("`go` was not found"));
    assert_eq!(doc["findings"][0]["applied"], false);
    assert_eq!(fs::read_to_string(m.path().join("main.go")).unwrap(), LEAKY);

    // Nothing to write: no need for Go, no error.
    let clean = module(&[("main.go", "package main\n\nfunc main() {}\n")]);
    let out = chanfix(clean.path(), &["fix", "--verify"], &[("PATH", path)]);
    assert_eq!(out.status.code(), Some(0));
}
