//! `chanfix fix --verify` against the real Go toolchain, through the built
//! binary (each case sets PATH, so each runs in its own process): a fix
//! that builds is kept and marked verified; a fix the build rejects is
//! rolled back byte for byte and reported (the rejection comes from a fake
//! `go` on PATH that wraps the real one and fails `go build` on packages
//! marked for it once they hold the fix); a fix that cannot be verified (a
//! package that already failed, a file excluded by build constraints, no
//! go.mod, a `go` that cannot run, no `go` at all) is not written; and one
//! `go build` and one `go vet` run per module when all is well.
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
    cmd.current_dir(cwd).args(args).env("GOTOOLCHAIN", "local");
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

/// Marks a package whose build the fake `go` fails once it holds the fix.
const BREAKS: (&str, &str) =
    ("breaks.go", "package main\n\n// chanfix-test: the fake go fails this package once fixed\n");

/// A directory with a fake `go` that logs each call to `go.log` beside it,
/// fails `go build` on the named package directories that hold the fix and
/// a file with the marker of [`BREAKS`], and otherwise runs the real `go`.
fn fake_go() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let real =
        String::from_utf8(Command::new("sh").args(["-c", "command -v go"]).output().unwrap().stdout).unwrap();
    let log = dir.path().join("go.log");
    let script = format!(
        "#!/bin/sh\n\
         echo \"$*\" >> '{log}'\n\
         if [ \"$1\" = build ]; then\n\
         \tfor a in \"$@\"; do\n\
         \t\tif [ -d \"$a\" ] && grep -qs 'chanfix-test: the fake go fails' \"$a\"/*.go && grep -qs '{FIXED_MAKE}' \"$a\"/*.go; then\n\
         \t\t\techo \"$a: fake go: the fix broke this package\" >&2; exit 1\n\
         \t\tfi\n\
         \tdone\n\
         fi\n\
         exec '{}' \"$@\"\n",
        real.trim(),
        log = log.display()
    );
    let go = dir.path().join("go");
    fs::write(&go, script).unwrap();
    fs::set_permissions(&go, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    dir
}

/// PATH with `dir` first.
fn path_with(dir: &Path) -> String {
    format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default())
}

/// The go commands the fake `go` in `dir` saw, by subcommand.
fn go_calls(dir: &Path, subcommand: &str) -> usize {
    let log = fs::read_to_string(dir.join("go.log")).unwrap_or_default();
    log.lines().filter(|l| l.split(' ').next() == Some(subcommand)).count()
}

#[test]
fn a_fix_that_builds_is_kept_and_marked_verified() {
    if !go_available("a_fix_that_builds_is_kept_and_marked_verified") {
        return;
    }
    let m = module(&[("main.go", LEAKY)]);
    let out = chanfix(m.path(), &["fix", "--verify"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = fs::read_to_string(m.path().join("main.go")).unwrap();
    assert!(fixed.contains(FIXED_MAKE), "{fixed}");
    let err = stderr(&out);
    assert!(!err.contains("rolled back:"), "{err}");
    assert!(err.contains("chanfix: verify: .: go build and go vet pass\n"), "a line per package: {err}");
    assert!(err.contains("chanfix: verified 1 packages (0 rolled back)\n"), "{err}");
    assert!(err.contains("1 file fixed"), "{err}");
    assert!(go_builds(m.path()));
    assert_eq!(files(m.path()), [PathBuf::from("go.mod"), PathBuf::from("main.go")], "no build output left");

    // JSON: applied and verified, nothing rolled back.
    let m = module(&[("main.go", LEAKY)]);
    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(doc["findings"][0]["applied"], true);
    assert_eq!(doc["findings"][0]["verified"], true);
    assert_eq!(doc["findings"][0]["not_verified_reason"], Value::Null);
    assert_eq!(doc["rollbacks"], serde_json::json!([]));
    assert_eq!(doc["summary"]["fixes_applied"], 1);
    assert_eq!(doc["summary"]["rolled_back"], 0);

    // Without --verify, a fix is written but not verified.
    let m = module(&[("main.go", LEAKY)]);
    let doc = json(&chanfix(m.path(), &["fix", "--format", "json"], &[]));
    assert_eq!(
        (&doc["findings"][0]["applied"], &doc["findings"][0]["verified"]),
        (&Value::Bool(true), &Value::Bool(false))
    );
}

#[test]
fn a_fix_that_breaks_the_build_is_rolled_back() {
    if !go_available("a_fix_that_breaks_the_build_is_rolled_back") {
        return;
    }
    let fake = fake_go();
    let path = path_with(fake.path());
    let m = module(&[("main.go", LEAKY), BREAKS]);
    let before = fs::read(m.path().join("main.go")).unwrap();
    let out = chanfix(m.path(), &["fix", "--verify"], &[("PATH", &path)]);
    assert_eq!(out.status.code(), Some(1), "a rolled-back fix is a finding without fix");
    assert_eq!(fs::read(m.path().join("main.go")).unwrap(), before, "original restored byte for byte");
    let err = stderr(&out);
    assert!(err.contains("chanfix: .: fix rolled back: go build failed:"), "{err}");
    assert!(err.contains("fake go: the fix broke this package"), "the tool's message is shown: {err}");
    assert!(err.contains("1 fix rolled back"), "{err}");
    assert!(err.contains("chanfix: verified 1 packages (1 rolled back)"), "{err}");
    let left = files(m.path());
    assert_eq!(
        left,
        [PathBuf::from("breaks.go"), PathBuf::from("go.mod"), PathBuf::from("main.go")],
        "no temp file"
    );

    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[("PATH", &path)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fs::read(m.path().join("main.go")).unwrap(), before);
    let doc = json(&out);
    let f = &doc["findings"][0];
    assert_eq!(f["applied"], false);
    assert_eq!(f["verified"], false);
    assert_eq!(f["fix"], Value::Null);
    assert!(f["no_fix_reason"].as_str().unwrap().contains("rolled back"), "{f}");
    assert!(f["not_verified_reason"].as_str().unwrap().contains("rolled back: go build failed"), "{f}");
    let rollbacks = doc["rollbacks"].as_array().unwrap();
    assert_eq!(rollbacks.len(), 1);
    assert_eq!(rollbacks[0]["package"], ".");
    assert_eq!(rollbacks[0]["files"], serde_json::json!(["main.go"]));
    assert_eq!(rollbacks[0]["tool"], "go build");
    assert!(rollbacks[0]["output"].as_str().unwrap().contains("fake go: the fix broke this package"));
    assert_eq!(doc["summary"]["rolled_back"], 1);
    assert_eq!(doc["summary"]["fixes_applied"], 0);
    assert_eq!(doc["summary"]["files_changed"], 0);

    // Without --verify the fix is written: it is what --verify caught.
    let out = chanfix(m.path(), &["fix"], &[("PATH", &path)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(fs::read_to_string(m.path().join("main.go")).unwrap().contains(FIXED_MAKE));
}

#[test]
fn only_the_broken_package_is_rolled_back_and_an_already_broken_one_is_not_written() {
    if !go_available("only_the_broken_package_is_rolled_back") {
        return;
    }
    // `old` does not build even before the fix: --verify can prove nothing
    // there, so its fix is not written. `ok` builds before and after;
    // `breaks` builds before, and the fake go fails it after.
    let fake = fake_go();
    let path = path_with(fake.path());
    let m = module(&[
        ("ok/main.go", LEAKY),
        ("breaks/main.go", LEAKY),
        ("breaks/breaks.go", BREAKS.1),
        ("old/main.go", LEAKY),
        ("old/broken.go", "package main\n\nvar _ int = \"already broken\"\n"),
    ]);
    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json", "./..."], &[("PATH", &path)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(fs::read_to_string(m.path().join("ok/main.go")).unwrap().contains(FIXED_MAKE));
    assert_eq!(fs::read_to_string(m.path().join("breaks/main.go")).unwrap(), LEAKY);
    assert_eq!(fs::read_to_string(m.path().join("old/main.go")).unwrap(), LEAKY);
    let err = stderr(&out);
    assert!(err.contains("chanfix: old: not verified: go build already fails on the original code"), "{err}");
    assert!(err.contains("chanfix: verified 2 packages (1 rolled back)"), "{err}");
    let doc = json(&out);
    assert_eq!(doc["summary"]["fixes_applied"], 1);
    assert_eq!(doc["rollbacks"].as_array().unwrap().len(), 1);
    assert_eq!(doc["rollbacks"][0]["package"], "breaks");
    assert_eq!(doc["rollbacks"][0]["files"], serde_json::json!(["breaks/main.go"]));
    let verdicts: Vec<(&str, bool, bool)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["applied"] == true, f["verified"] == true))
        .collect();
    assert_eq!(
        verdicts,
        [("breaks/main.go", false, false), ("ok/main.go", true, true), ("old/main.go", false, false)]
    );
    assert!(doc["findings"][2]["not_verified_reason"].as_str().unwrap().contains("already fails"));
}

#[test]
fn all_packages_of_a_module_are_built_and_vetted_in_one_go_when_all_is_well() {
    if !go_available("all_packages_of_a_module_are_built_and_vetted_in_one_go") {
        return;
    }
    let fake = fake_go();
    let m = module(&[("a/main.go", LEAKY), ("b/main.go", LEAKY), ("c/main.go", LEAKY)]);
    let out = chanfix(m.path(), &["fix", "--verify", "./..."], &[("PATH", &path_with(fake.path()))]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Before and after the writes: one build, one vet, one list.
    assert_eq!(go_calls(fake.path(), "build"), 2);
    assert_eq!(go_calls(fake.path(), "vet"), 2);
    assert_eq!(go_calls(fake.path(), "list"), 1);
    assert!(stderr(&out).contains("chanfix: verified 3 packages (0 rolled back)"), "{}", stderr(&out));
}

#[test]
fn a_file_the_build_does_not_compile_is_not_verified_and_not_written() {
    if !go_available("a_file_the_build_does_not_compile_is_not_verified") {
        return;
    }
    let other_os = if cfg!(windows) { "main_linux.go" } else { "main_windows.go" };
    let tagged = format!("//go:build chanfix_never\n\n{LEAKY}");
    let m = module(&[
        (other_os, LEAKY),
        ("tagged/main.go", &tagged),
        ("tagged/ok.go", "package main\n\nfunc main() {}\n"),
    ]);
    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json", "./..."], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(m.path().join(other_os)).unwrap(), LEAKY);
    assert_eq!(fs::read_to_string(m.path().join("tagged/main.go")).unwrap(), tagged);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("chanfix: {other_os}: not verified: the build does not compile this file")),
        "{err}"
    );
    let doc = json(&out);
    for f in doc["findings"].as_array().unwrap() {
        assert_eq!((f["applied"].as_bool(), f["verified"].as_bool()), (Some(false), Some(false)), "{f}");
        assert!(f["not_verified_reason"].as_str().unwrap().contains("excluded by build constraints"), "{f}");
    }
}

#[test]
fn without_a_go_mod_or_a_go_that_runs_nothing_is_written() {
    if !go_available("without_a_go_mod_or_a_go_that_runs_nothing_is_written") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("main.go"), LEAKY).unwrap();
    let out = chanfix(dir.path(), &["fix", "--verify", "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.path().join("main.go")).unwrap(), LEAKY);
    let f = &json(&out)["findings"][0];
    assert_eq!((f["applied"].as_bool(), f["verified"].as_bool()), (Some(false), Some(false)));
    assert!(f["not_verified_reason"].as_str().unwrap().contains("no go.mod"), "{f}");

    // A `go` that cannot run (a broken install).
    let broken = tempfile::tempdir().unwrap();
    let go = broken.path().join("go");
    fs::write(&go, "#!/bin/sh\necho 'go: cannot find GOROOT directory' >&2\nexit 2\n").unwrap();
    fs::set_permissions(&go, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let m = module(&[("main.go", LEAKY)]);
    let out =
        chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[("PATH", &path_with(broken.path()))]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(m.path().join("main.go")).unwrap(), LEAKY);
    let f = &json(&out)["findings"][0];
    assert_eq!(f["verified"], false);
    assert!(f["not_verified_reason"].as_str().unwrap().contains("cannot find GOROOT"), "{f}");
    assert!(stderr(&out).contains("chanfix: .: not verified: `go list` failed"), "{}", stderr(&out));
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
    assert_eq!(doc["findings"][0]["verified"], false);
    assert_eq!(fs::read_to_string(m.path().join("main.go")).unwrap(), LEAKY);

    // Nothing to write: no need for Go, no error.
    let clean = module(&[("main.go", "package main\n\nfunc main() {}\n")]);
    let out = chanfix(clean.path(), &["fix", "--verify"], &[("PATH", path)]);
    assert_eq!(out.status.code(), Some(0));
}

/// A package whose fix changes two files: the producer in `produce.go`,
/// its consumer in `consume.go` (the fixture of that name), and a `main`.
fn two_file_package(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("transforms/abandoned_producer/testdata/producer_other_file");
    let consume = fs::read_to_string(fixture.join("consume.go")).unwrap();
    let produce = fs::read_to_string(fixture.join("produce.go")).unwrap();
    let mut files = vec![("consume.go", consume.as_str()), ("produce.go", produce.as_str())];
    files.extend_from_slice(extra);
    module(&files)
}

#[test]
fn a_fix_across_two_files_is_verified_as_one() {
    if !go_available("a_fix_across_two_files_is_verified_as_one") {
        return;
    }
    let m = two_file_package(&[("main.go", "package main\n\nfunc main() {\n\trun()\n}\n")]);
    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(
        (&doc["findings"][0]["applied"], &doc["findings"][0]["verified"]),
        (&true.into(), &true.into())
    );
    assert_eq!(doc["summary"]["files_changed"], 2);
    assert!(fs::read_to_string(m.path().join("produce.go")).unwrap().contains("stop <-chan struct{}"));
    assert!(go_builds(m.path()));
}

#[test]
fn a_fix_across_two_files_is_rolled_back_from_both() {
    if !go_available("a_fix_across_two_files_is_rolled_back_from_both") {
        return;
    }
    // The fake go fails the package once main.go holds its own fix: every
    // file of the package goes back, both files of the two-file fix too.
    let fake = fake_go();
    let path = path_with(fake.path());
    let m = two_file_package(&[("main.go", LEAKY_MAIN_RUNS), BREAKS]);
    let before: Vec<Vec<u8>> =
        ["consume.go", "produce.go", "main.go"].iter().map(|f| fs::read(m.path().join(f)).unwrap()).collect();
    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[("PATH", &path)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let after: Vec<Vec<u8>> =
        ["consume.go", "produce.go", "main.go"].iter().map(|f| fs::read(m.path().join(f)).unwrap()).collect();
    assert!(before == after, "every file restored byte for byte");
    let doc = json(&out);
    let rollback = &doc["rollbacks"][0];
    assert_eq!(rollback["files"], serde_json::json!(["consume.go", "main.go", "produce.go"]), "{doc}");
    assert_eq!(rollback["fixes"].as_u64().or(doc["summary"]["rolled_back"].as_u64()), Some(2), "{doc}");
    let consume = doc["findings"].as_array().unwrap().iter().find(|f| f["path"] == "consume.go").unwrap();
    assert_eq!((&consume["applied"], &consume["fix"]), (&false.into(), &Value::Null), "{consume}");
    assert!(consume["no_fix_reason"].as_str().unwrap().contains("rolled back"), "{consume}");
}

/// The article's leak, as a program that also runs the fixture's `run`.
const LEAKY_MAIN_RUNS: &str = "package main\n\nimport (\n\t\"errors\"\n\t\"time\"\n)\n\nfunc leak() error {\n\terrCh := make(chan error)\n\tgo func() {\n\t\terrCh <- errors.New(\"late\")\n\t}()\n\tselect {\n\tcase <-time.After(time.Millisecond):\n\t\treturn nil\n\tcase err := <-errCh:\n\t\treturn err\n\t}\n}\n\nfunc main() {\n\trun()\n\t_ = leak()\n}\n";

#[test]
fn a_fix_that_only_edits_another_file_shares_that_file_s_verdict() {
    if !go_available("a_fix_that_only_edits_another_file_shares_that_file_s_verdict") {
        return;
    }
    // The consumer in search.go reuses its ctx: only walk.go changes.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("transforms/abandoned_producer/testdata/producer_ctx_other_file");
    let search = fs::read_to_string(fixture.join("search.go")).unwrap();
    let walk = fs::read_to_string(fixture.join("walk.go")).unwrap();
    let files = [("search.go", search.as_str()), ("walk.go", walk.as_str())];
    let finding_of = |doc: &Value| {
        doc["findings"].as_array().unwrap().iter().find(|f| f["path"] == "search.go").unwrap().clone()
    };

    let m = module(&[files[0], files[1], ("main.go", "package main\n\nfunc main() {\n\trun()\n}\n")]);
    let doc = json(&chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[]));
    let f = finding_of(&doc);
    assert_eq!((&f["applied"], &f["verified"]), (&true.into(), &true.into()), "{doc}");
    assert_eq!(fs::read_to_string(m.path().join("search.go")).unwrap(), search);
    assert_ne!(fs::read_to_string(m.path().join("walk.go")).unwrap(), walk);

    let fake = fake_go();
    let path = path_with(fake.path());
    let m = module(&[files[0], files[1], ("main.go", LEAKY_MAIN_RUNS), BREAKS]);
    let out = chanfix(m.path(), &["fix", "--verify", "--format", "json"], &[("PATH", &path)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(m.path().join("walk.go")).unwrap(), walk, "restored");
    let doc = json(&out);
    let f = finding_of(&doc);
    assert_eq!((&f["applied"], &f["fix"]), (&false.into(), &Value::Null), "{f}");
    assert!(f["no_fix_reason"].as_str().unwrap().contains("undone with walk.go"), "{f}");
    assert_eq!(doc["summary"]["rolled_back"], 2, "{doc}");
}
