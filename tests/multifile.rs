//! Fixes that change two files of a package, through the in-process CLI:
//! `diff` shows both files, `check` counts the finding once, `fix` writes
//! both or neither, JSON and SARIF name each edit's file, and a file that
//! two fixes (or its own fixes) would change takes edits from one place
//! only, the rest reported with the reason. Standard input and the editor
//! get single-file fixes only.

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;
use std::fs;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms/abandoned_producer/testdata/producer_other_file")
}

fn read(path: impl AsRef<Path>) -> String {
    fs::read_to_string(path).unwrap()
}

/// A package directory holding the producer-in-another-file fixture.
fn package() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["consume.go", "produce.go"] {
        fs::copy(fixture().join(name), dir.path().join(name)).unwrap();
    }
    dir
}

#[test]
fn diff_shows_both_files_and_check_counts_the_finding_once() {
    let ws = package();
    let run = chanfix_in(ws.path(), &["diff", "."], "");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let consume = run.stdout.find("--- a/consume.go\n+++ b/consume.go\n").expect("consume.go's hunk");
    let produce = run.stdout.find("--- a/produce.go\n+++ b/produce.go\n").expect("produce.go's hunk");
    assert!(consume < produce, "{}", run.stdout);
    assert!(
        run.stdout.contains("+func produce(ch chan<- int, n int, stop <-chan struct{}) {"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.ends_with("1 finding (0 without a safe fix), 2 files would change\n"),
        "{}",
        run.stderr
    );

    // Only consume.go named: produce.go is still shown, as the fix changes it.
    let named = chanfix_in(ws.path(), &["diff", "consume.go"], "");
    assert_eq!(named.stdout, run.stdout);

    let check = chanfix_in(ws.path(), &["check", "."], "");
    assert_eq!(check.code, 1);
    assert_eq!(check.stdout.lines().count(), 1, "{}", check.stdout);
    assert!(check.stdout.starts_with("consume.go:9:8: abandoned-producer:"), "{}", check.stdout);
}

#[test]
fn fix_writes_both_files_and_a_second_run_changes_nothing() {
    let ws = package();
    let run = chanfix_in(ws.path(), &["fix", "consume.go"], "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for name in ["consume.go", "produce.go"] {
        assert_eq!(read(ws.path().join(name)), read(fixture().join(format!("{name}.golden"))), "{name}");
    }
    assert!(run.stderr.contains("2 files fixed"), "{}", run.stderr);
    let again = chanfix_in(ws.path(), &["diff", "."], "");
    assert_eq!((again.code, again.stdout.as_str()), (0, ""), "{}", again.stderr);
}

#[test]
#[cfg(unix)]
fn when_the_second_file_cannot_be_written_the_first_is_restored() {
    use std::os::unix::fs::PermissionsExt;
    let ws = package();
    let produce = ws.path().join("produce.go");
    fs::set_permissions(&produce, fs::Permissions::from_mode(0o444)).unwrap();
    let run = chanfix_in(ws.path(), &["fix", "--format", "json", "."], "");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(read(ws.path().join("consume.go")), read(fixture().join("consume.go")), "restored");
    assert_eq!(read(&produce), read(fixture().join("produce.go")));
    let doc = run.json();
    let finding = &doc["findings"][0];
    assert_eq!(finding["applied"], false, "{finding}");
    assert_eq!(finding["fix"], serde_json::Value::Null);
    let reason = finding["no_fix_reason"].as_str().unwrap();
    assert!(reason.contains("produce.go, which could not be written"), "{reason}");
    assert_eq!(doc["errors"][0]["path"], "produce.go");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("read-only"), "{doc}");
    assert_eq!(doc["summary"]["files_changed"], 0);
    let left: Vec<_> = fs::read_dir(ws.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 2, "no temporary left behind: {left:?}");
}

#[test]
fn json_and_sarif_name_the_file_of_each_edit() {
    let ws = package();
    let doc = chanfix_in(ws.path(), &["check", "--format", "json", "."], "").json();
    let edits = doc["findings"][0]["fix"]["edits"].as_array().unwrap();
    let paths: Vec<&str> = edits.iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["consume.go", "consume.go", "produce.go", "produce.go"]);
    // The edits of each file, applied from the last, give the goldens.
    for name in ["consume.go", "produce.go"] {
        let mut text = read(fixture().join(name));
        let mut mine: Vec<_> = edits.iter().filter(|e| e["path"] == name).collect();
        mine.sort_by_key(|e| std::cmp::Reverse(e["start"].as_u64().unwrap()));
        for e in mine {
            let (start, end) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
            text.replace_range(start..end, e["replacement"].as_str().unwrap());
        }
        assert_eq!(text, read(fixture().join(format!("{name}.golden"))), "{name}");
    }

    let sarif = chanfix_in(ws.path(), &["check", "--format", "sarif", "."], "").json();
    let changes = sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"].as_array().unwrap();
    let uris: Vec<&str> = changes.iter().map(|c| c["artifactLocation"]["uri"].as_str().unwrap()).collect();
    assert_eq!(uris, ["consume.go", "produce.go"]);
    assert!(changes.iter().all(|c| c["replacements"].as_array().unwrap().len() == 2));
}

#[test]
fn standard_input_gets_single_file_fixes_only() {
    let ws = package();
    let source = read(ws.path().join("consume.go"));
    let args = ["check", "--format", "json", "--stdin-filename", "consume.go", "-"];
    let doc = chanfix_in(ws.path(), &args, &source).json();
    let finding = &doc["findings"][0];
    assert_eq!(finding["fix"], serde_json::Value::Null, "{finding}");
    let reason = finding["no_fix_reason"].as_str().unwrap();
    assert!(
        reason.contains("also edits produce.go, another file of the package; standard input"),
        "{reason}"
    );
    let fixed = chanfix_in(ws.path(), &["fix", "--stdin-filename", "consume.go", "-"], &source);
    assert_eq!(fixed.stdout, source, "nothing half-applied");
}

/// Two consumers in two files whose producers are both in `produce.go`.
fn two_claimants() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let consumer = |n: &str| {
        format!(
            "package main\n\nfunc sum{n}(limit int) int {{\n\tch := make(chan int)\n\tgo produce{n}(ch, 1000)\n\tsum := 0\n\tfor v := range ch {{\n\t\tif sum+v > limit {{\n\t\t\treturn sum\n\t\t}}\n\t\tsum += v\n\t}}\n\treturn sum\n}}\n"
        )
    };
    fs::write(dir.path().join("a.go"), consumer("A")).unwrap();
    fs::write(dir.path().join("b.go"), consumer("B")).unwrap();
    let producer = |n: &str| {
        format!(
            "func produce{n}(ch chan<- int, n int) {{\n\tdefer close(ch)\n\tfor i := 0; i < n; i++ {{\n\t\tch <- i\n\t}}\n}}\n"
        )
    };
    fs::write(dir.path().join("produce.go"), format!("package main\n\n{}\n{}", producer("A"), producer("B")))
        .unwrap();
    dir
}

#[test]
fn a_file_two_fixes_would_change_takes_the_first_and_the_second_waits_for_a_rerun() {
    let ws = two_claimants();
    let doc = chanfix_in(ws.path(), &["check", "--format", "json", "."], "").json();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{doc}");
    assert_eq!((&findings[0]["path"], findings[0]["fix"].is_object()), (&"a.go".into(), true), "{doc}");
    assert_eq!(findings[1]["fix"], serde_json::Value::Null);
    let reason = findings[1]["no_fix_reason"].as_str().unwrap();
    assert!(
        reason.contains(
            "also edits produce.go, which the fix of another file in this run changes; run chanfix again"
        ),
        "{reason}"
    );

    let first = chanfix_in(ws.path(), &["fix", "."], "");
    assert_eq!(first.code, 1, "one finding is left for the next run: {}", first.stderr);
    assert!(read(ws.path().join("a.go")).contains("go produceA(ch, 1000, stopCh)"));
    assert!(!read(ws.path().join("b.go")).contains("stopCh"));
    let second = chanfix_in(ws.path(), &["fix", "."], "");
    assert_eq!(second.code, 0, "{}", second.stderr);
    let produce = read(ws.path().join("produce.go"));
    assert!(produce.contains("func produceA(ch chan<- int, n int, stop <-chan struct{}) {"), "{produce}");
    assert!(produce.contains("func produceB(ch chan<- int, n int, stop <-chan struct{}) {"), "{produce}");
    assert_eq!(chanfix_in(ws.path(), &["diff", "."], "").stdout, "");
}

#[test]
fn a_file_with_fixes_of_its_own_keeps_them_and_the_other_fix_waits() {
    let ws = package();
    // produce.go gets a leak of its own, fixed in produce.go.
    let own = "\nfunc first(xs []int) int {\n\tout := make(chan int)\n\tgo func() {\n\t\tout <- xs[0]\n\t}()\n\tselect {\n\tcase v := <-out:\n\t\treturn v\n\tdefault:\n\t\treturn 0\n\t}\n}\n";
    fs::write(ws.path().join("produce.go"), read(fixture().join("produce.go")) + own).unwrap();
    let doc = chanfix_in(ws.path(), &["check", "--format", "json", "."], "").json();
    let findings = doc["findings"].as_array().unwrap();
    let by = |path: &str| findings.iter().find(|f| f["path"] == path).unwrap_or_else(|| panic!("{doc}"));
    assert!(by("produce.go")["fix"].is_object(), "{doc}");
    let reason = by("consume.go")["no_fix_reason"].as_str().unwrap();
    assert!(reason.contains("also edits produce.go, which has fixes of its own in this run"), "{reason}");
}

#[test]
fn an_excluded_file_is_not_edited_by_another_file_s_fix() {
    let ws = package();
    fs::write(ws.path().join("chanfix.toml"), "exclude = [\"produce.go\"]\n").unwrap();
    let doc = chanfix_in(ws.path(), &["check", "--format", "json", "consume.go"], "").json();
    let reason = doc["findings"][0]["no_fix_reason"].as_str().unwrap_or_else(|| panic!("{doc}"));
    assert!(reason.contains("also edits produce.go, which the settings exclude"), "{reason}");
}

#[test]
fn a_file_with_findings_but_no_fixes_of_its_own_takes_the_other_file_s_edits() {
    let ws = package();
    // produce.go gets a leak of its own that chanfix reports without a fix.
    let own = "\nfunc wait(d time.Duration) {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tdone <- true\n\t}()\n\tif len(done) > 0 {\n\t\treturn\n\t}\n\tselect {\n\tcase <-time.After(d):\n\tcase <-done:\n\t}\n}\n";
    let produce =
        read(fixture().join("produce.go")).replace("package main\n", "package main\n\nimport \"time\"\n");
    fs::write(ws.path().join("produce.go"), produce.clone() + own).unwrap();
    let run = chanfix_in(ws.path(), &["fix", "--format", "json", "."], "");
    assert_eq!(run.code, 1, "produce.go's own finding is left: {}", run.stderr);
    let doc = run.json();
    let findings = doc["findings"].as_array().unwrap();
    let by = |path: &str| findings.iter().find(|f| f["path"] == path).unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(by("consume.go")["applied"], true, "{doc}");
    assert_eq!(by("produce.go")["fix"], serde_json::Value::Null, "{doc}");
    let written = read(ws.path().join("produce.go"));
    assert!(written.contains("func produce(ch chan<- int, n int, stop <-chan struct{}) {"), "{written}");
    assert!(written.ends_with(own), "its own code is untouched: {written}");
    assert_eq!(doc["summary"]["files_changed"], 2);
}
