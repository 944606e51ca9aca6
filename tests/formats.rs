//! The `--format`s and `--color`, driven in-process: the JSON and SARIF
//! documents are parsed back and checked field by field, the GitHub
//! workflow commands line by line, colour on and off, and the exit codes
//! are the same in every format.

#[path = "support/article.rs"]
mod article;
#[path = "support/inproc.rs"]
mod inproc;

use article::LEAKY;
use chanfix::output::Terminal;
use inproc::{Run, chanfix_in, chanfix_with};
use serde_json::Value;
use std::path::Path;

/// `chanfix ARGS` in `cwd`, empty stdin, not on a terminal.
fn chanfix(cwd: &Path, args: &[&str]) -> Run {
    chanfix_in(cwd, args, "")
}

/// A leak chanfix reports without a fix: the sender keeps working after its
/// send. The `é` before the send makes byte and character columns differ.
const UNFIXABLE: &str = r#"package main

import (
	"fmt"
	"time"
)

func work() {
	resCh := make(chan int)
	go func() {
		/* é */ resCh <- 1
		fmt.Println("more")
		time.Sleep(time.Millisecond)
		fmt.Println("still more")
	}()
	select {
	case <-time.After(time.Millisecond):
	case v := <-resCh:
		fmt.Println(v)
	}
}
"#;

const CLEAN: &str = "package main\n\nfunc main() {}\n";

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// 1-based (line, byte column) of byte `offset`, computed independently.
fn position(source: &str, offset: usize) -> (u64, u64) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let col = offset - before.rfind('\n').map_or(0, |p| p + 1) + 1;
    (line as u64, col as u64)
}

fn send_range(source: &str, send: &str) -> (usize, usize) {
    let start = source.find(send).expect("send statement");
    (start, start + send.len())
}

const SEND: &str = r#"errCh <- errors.New("chan error")"#;
const FIXED_MAKE: &str = "errCh := make(chan error, 1)";

#[test]
fn json_check_reports_every_field() {
    let ws = workspace(&[("main.go", LEAKY)]);
    let run = chanfix(ws.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "findings: exit 1 as in text mode; stderr: {}", run.stderr);
    let doc = run.json();
    let keys: Vec<&str> = doc.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
    for key in ["findings", "rollbacks", "errors", "summary"] {
        assert!(doc.get(key).is_some(), "no {key}");
    }
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    let (start, end) = send_range(LEAKY, SEND);
    let (line, col) = position(LEAKY, start);
    let (end_line, end_col) = position(LEAKY, end);
    assert_eq!(f["path"], "main.go");
    assert_eq!(f["line"].as_u64(), Some(line));
    assert_eq!(f["column"].as_u64(), Some(col));
    assert_eq!(f["end_line"].as_u64(), Some(end_line));
    assert_eq!(f["end_column"].as_u64(), Some(end_col));
    assert_eq!((line, col), (13, 3));
    assert_eq!(f["rule"], "abandoned-sender");
    assert!(f["message"].as_str().unwrap().contains("errCh"), "{f}");
    assert_eq!(f["no_fix_reason"], Value::Null);
    assert_eq!(f["applied"], false);
    let fix = &f["fix"];
    assert!(fix["message"].as_str().unwrap().contains("errCh"), "{fix}");
    let edits = fix["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let e = &edits[0];
    assert_eq!(e["path"], "main.go");
    let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
    let fixed = format!("{}{}{}", &LEAKY[..s], e["replacement"].as_str().unwrap(), &LEAKY[t..]);
    assert!(fixed.contains(FIXED_MAKE), "applying the edit gives:\n{fixed}");
    assert_eq!(fixed.len() - LEAKY.len(), ", 1".len());
    assert_eq!(doc["rollbacks"], serde_json::json!([]));
    assert_eq!(doc["errors"], serde_json::json!([]));
    assert_eq!(
        doc["summary"],
        serde_json::json!({
            "files_scanned": 1, "findings": 1, "fixes_applied": 0,
            "files_changed": 1, "rolled_back": 0, "errors": 0
        })
    );
    // The summary line still goes to standard error; stdout is JSON only.
    assert!(run.stderr.contains("1 finding"), "{}", run.stderr);
}

#[test]
fn json_fix_marks_applied_and_diff_prints_json_only() {
    let ws = workspace(&[("main.go", LEAKY), ("clean.go", CLEAN)]);
    let diff = chanfix(ws.path(), &["diff", "--format", "json"]);
    assert_eq!(diff.code, 1);
    assert!(!diff.stdout.contains("--- a/"), "no diff text in JSON mode:\n{}", diff.stdout);
    assert_eq!(diff.json()["findings"][0]["applied"], false);
    assert_eq!(diff.json()["summary"]["files_changed"], 1);

    let fix = chanfix(ws.path(), &["fix", "--format", "json"]);
    assert_eq!(fix.code, 0, "{}", fix.stderr);
    let doc = fix.json();
    assert_eq!(doc["findings"][0]["applied"], true);
    assert!(doc["findings"][0]["fix"].is_object());
    assert_eq!(doc["summary"]["files_scanned"], 2);
    assert_eq!(doc["summary"]["fixes_applied"], 1);
    assert_eq!(doc["summary"]["files_changed"], 1);
    assert!(std::fs::read_to_string(ws.path().join("main.go")).unwrap().contains(FIXED_MAKE));

    let again = chanfix(ws.path(), &["fix", "--format", "json"]);
    assert_eq!(again.code, 0);
    assert_eq!(again.json()["findings"], serde_json::json!([]));
    assert_eq!(again.json()["summary"]["fixes_applied"], 0);
}

#[test]
fn json_reports_findings_without_fix_and_errors() {
    let ws = workspace(&[("a.go", UNFIXABLE)]);
    std::fs::write(ws.path().join("bad.go"), b"package main\n// \xff\n").unwrap();
    let run = chanfix(ws.path(), &["fix", "--format", "json"]);
    assert_eq!(run.code, 2, "an error wins, as in text mode");
    let doc = run.json();
    let f = &doc["findings"][0];
    assert_eq!(f["path"], "a.go");
    assert_eq!(f["fix"], Value::Null);
    assert!(f["no_fix_reason"].as_str().unwrap().contains("keeps working"), "{f}");
    assert_eq!(f["applied"], false);
    // Columns count bytes: `/* é */ ` is 9 bytes, 8 characters.
    let start = UNFIXABLE.find("resCh <- 1").unwrap();
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(11), Some(position(UNFIXABLE, start).1)));
    assert_eq!(f["column"], 12);
    assert_eq!(doc["errors"].as_array().unwrap().len(), 1);
    assert_eq!(doc["errors"][0]["path"], "bad.go");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["fixes_applied"], 0);

    std::fs::remove_file(ws.path().join("bad.go")).unwrap();
    let run = chanfix(ws.path(), &["fix", "--format", "json"]);
    assert_eq!(run.code, 1, "a finding left without a fix: exit 1");
}

#[test]
fn sarif_reads_back_with_rules_locations_and_fixes() {
    let ws = workspace(&[("main.go", LEAKY), ("sub/a.go", UNFIXABLE)]);
    let run = chanfix(ws.path(), &["check", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log = run.json();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "chanfix");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), chanfix::rules::RULES.len());
    for (rule, want) in rules.iter().zip(chanfix::rules::RULES) {
        assert_eq!(rule["id"], want.id);
        assert_eq!(rule["shortDescription"]["text"], want.summary);
        assert_eq!(rule["help"]["text"], want.doc, "help is the `explain` text");
    }
    assert_eq!(runs[0]["columnKind"], "unicodeCodePoints");
    assert_eq!(runs[0]["invocations"][0]["executionSuccessful"], true);

    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let r = &results[0];
    assert_eq!(r["ruleId"], "abandoned-sender");
    let index = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "abandoned-sender");
    assert_eq!(r["level"], "warning");
    assert!(r["message"]["text"].as_str().unwrap().contains("errCh"));
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "main.go");
    let (start, end) = send_range(LEAKY, SEND);
    let region = &loc["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(13), Some(3)));
    let (end_line, end_col) = position(LEAKY, end);
    assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (Some(end_line), Some(end_col)));
    assert_eq!(region["byteOffset"].as_u64(), Some(start as u64));
    assert_eq!(region["byteLength"].as_u64(), Some((end - start) as u64));

    let fixes = r["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 1);
    assert!(fixes[0]["description"]["text"].as_str().unwrap().contains("errCh"));
    let change = &fixes[0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "main.go");
    let mut fixed = LEAKY.to_string();
    let mut replacements = change["replacements"].as_array().unwrap().clone();
    replacements.sort_by_key(|r| std::cmp::Reverse(r["deletedRegion"]["byteOffset"].as_u64()));
    for rep in replacements {
        let at = rep["deletedRegion"]["byteOffset"].as_u64().unwrap() as usize;
        let len = rep["deletedRegion"]["byteLength"].as_u64().unwrap() as usize;
        fixed.replace_range(at..at + len, rep["insertedContent"]["text"].as_str().unwrap());
    }
    // The replacements are exactly what `fix` writes.
    assert_eq!(chanfix(ws.path(), &["fix", "-q", "main.go"]).code, 0);
    assert_eq!(fixed, std::fs::read_to_string(ws.path().join("main.go")).unwrap());

    // The unfixable one: no fixes, the reason in the message, columns in
    // characters (the `é` is two bytes, one character).
    let u = &results[1];
    assert_eq!(u["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "sub/a.go");
    assert!(u.get("fixes").is_none_or(|f| f.as_array().is_some_and(Vec::is_empty)), "{u}");
    assert!(u["message"]["text"].as_str().unwrap().contains("no fix:"));
    let region = &u["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(11), Some(11)));
}

#[test]
fn sarif_fix_reports_applied_and_errors_as_notifications() {
    let ws = workspace(&[("main.go", LEAKY)]);
    std::fs::write(ws.path().join("bad.go"), b"package main\n// \xff\n").unwrap();
    let run = chanfix(ws.path(), &["fix", "--format", "sarif"]);
    assert_eq!(run.code, 2);
    let log = run.json();
    let r = &log["runs"][0];
    assert_eq!(r["results"][0]["properties"]["applied"], true);
    assert_eq!(r["invocations"][0]["executionSuccessful"], false);
    let note = &r["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(note["message"]["text"].as_str().unwrap().starts_with("bad.go: "));
}

#[test]
fn sarif_uri_encodes_what_a_uri_cannot_hold() {
    use chanfix::output::sarif::uri;
    assert_eq!(uri("pkg/main.go"), "pkg/main.go");
    assert_eq!(uri("my dir/a#1.go"), "my%20dir/a%231.go");
    assert_eq!(uri("a:b.go"), "a%3Ab.go");
    assert_eq!(uri("/abs/x.go"), "file:///abs/x.go");
    assert_eq!(uri("é.go"), "%C3%A9.go");
    #[cfg(unix)]
    assert_eq!(uri("back\\slash.go"), "back%5Cslash.go", "a backslash is no separator on Unix");
    assert_eq!(chanfix::output::sarif::uri_of(b"caf\xe9.go"), "caf%E9.go");
}

#[cfg(unix)]
#[test]
fn sarif_uris_keep_distinct_files_distinct() {
    let ws = workspace(&[("back\\slash.go", LEAKY), ("back/slash.go", LEAKY)]);
    std::fs::write(ws.path().join(os_name(b"caf\xe9.go")), LEAKY).unwrap();
    let run = chanfix(ws.path(), &["check", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log = run.json();
    let mut uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    uris.sort();
    assert_eq!(uris, ["back%5Cslash.go", "back/slash.go", "caf%E9.go"]);
}

/// [`LEAKY`] with terminal control sequences in a comment on the select
/// case line, which the finding's message quotes.
fn leaky_with_controls() -> String {
    let case = "case <-time.After(10 * time.Millisecond):";
    LEAKY.replace(case, &format!("{case} /* \x1b[2J\x1b]0;owned\x07\u{9b}31m */"))
}

#[test]
fn text_and_github_escape_control_characters_from_the_source() {
    let ws = workspace(&[("main.go", &leaky_with_controls())]);
    for format in ["text", "github"] {
        let run = chanfix(ws.path(), &["check", "--color", "never", "--format", format]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(!run.stdout.chars().any(|c| c.is_control() && c != '\n'), "{format}: {:?}", run.stdout);
        assert!(run.stdout.contains(r"/* \x1b[2J\x1b]0;owned\x07\u{9b}31m */"), "{format}: {}", run.stdout);
    }
    assert_eq!(chanfix::output::escape_controls("a\tb\nc"), r"a\tb\nc");
    assert_eq!(chanfix::output::github::escape_data("x\x1by\n"), r"x\x1by%0A");
}

#[test]
fn github_prints_one_workflow_command_per_finding() {
    let ws = workspace(&[("main.go", LEAKY), ("sub/a.go", UNFIXABLE)]);
    let run = chanfix(ws.path(), &["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let first = lines[0];
    assert!(
        first.starts_with("::warning file=main.go,line=13,col=3,title=abandoned-sender::goroutine can block"),
        "{first}"
    );
    assert!(first.contains("errCh"));
    assert!(
        lines[1].starts_with("::warning file=sub/a.go,line=11,col=12,title=abandoned-sender::"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("(no fix: "));

    // In `fix`, what was fixed is a notice; what is left stays a warning.
    let run = chanfix(ws.path(), &["fix", "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("::notice file=main.go,line=13,col=3,title=abandoned-sender (fixed)::"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("::warning file=sub/a.go,"), "{}", lines[1]);
}

#[test]
fn github_escapes_data_and_properties() {
    use chanfix::output::github::{escape_data, escape_property};
    assert_eq!(escape_data("100%\r\nnext: a,b"), "100%25%0D%0Anext: a,b");
    assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");

    let ws = workspace(&[("we,ird:name.go", LEAKY)]);
    let run = chanfix(ws.path(), &["check", "--format", "github"]);
    assert!(run.stdout.starts_with("::warning file=we%2Cird%3Aname.go,line=13,col=3,"), "{}", run.stdout);
    std::fs::write(ws.path().join("bad.go"), b"package main\n// \xff\n").unwrap();
    let run = chanfix(ws.path(), &["check", "--format", "github"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::error file=bad.go,title=chanfix::bad.go: not valid UTF-8")),
        "{}",
        run.stdout
    );
}

#[test]
fn color_always_never_and_auto() {
    let ws = workspace(&[("main.go", LEAKY)]);
    let check = chanfix(ws.path(), &["check", "--color", "always"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.starts_with("\x1b[1mmain.go:13:3:\x1b[0m \x1b[33mabandoned-sender:\x1b[0m "),
        "{:?}",
        check.stdout
    );
    let diff = chanfix(ws.path(), &["diff", "--color", "always"]);
    assert_eq!(diff.code, 1);
    for want in [
        "\x1b[1m--- a/main.go\x1b[0m\n",
        "\x1b[1m+++ b/main.go\x1b[0m\n",
        "\x1b[36m@@ -7,7 +7,7 @@\x1b[0m\n",
        "\x1b[31m-\terrCh := make(chan error)\x1b[0m\n",
        "\x1b[32m+\terrCh := make(chan error, 1)\x1b[0m\n",
    ] {
        assert!(diff.stdout.contains(want), "no {want:?} in {:?}", diff.stdout);
    }
    // Context lines are not painted.
    assert!(diff.stdout.contains("\n \tgo func() {\n"), "{:?}", diff.stdout);

    for args in [&["check", "--color", "never"][..], &["diff", "--color", "never"], &["check"], &["diff"]] {
        let run = chanfix(ws.path(), args);
        assert!(!run.stdout.contains('\x1b') && !run.stderr.contains('\x1b'), "{args:?}: {:?}", run.stdout);
    }
    // auto on a terminal: coloured, unless NO_COLOR (see output::color's unit test).
    let tty = Terminal { stdout: true, stderr: false };
    let auto = chanfix_with(ws.path(), &["check"], "", tty);
    let vetoed = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    assert_eq!(auto.stdout.contains('\x1b'), !vetoed, "{:?}", auto.stdout);
    // Machine formats are never coloured.
    for format in ["json", "sarif", "github"] {
        let run = chanfix_with(ws.path(), &["check", "--color", "always", "--format", format], "", tty);
        assert!(!run.stdout.contains('\x1b'), "{format}");
    }
    // Bad values are usage errors.
    assert_eq!(chanfix(ws.path(), &["check", "--color", "sometimes"]).code, 2);
    assert_eq!(chanfix(ws.path(), &["check", "--format", "xml"]).code, 2);
}

#[test]
fn no_progress_without_a_terminal_or_with_quiet() {
    let ws = workspace(&[("main.go", LEAKY), ("clean.go", CLEAN)]);
    let run = chanfix(ws.path(), &["check"]);
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
    let tty = Terminal { stdout: false, stderr: true };
    let quiet = chanfix_with(ws.path(), &["check", "-q"], "", tty);
    assert_eq!(quiet.stderr, "", "-q: no summary, no progress");
    // A short run on a terminal ends with no progress line left behind.
    let run = chanfix_with(ws.path(), &["check"], "", tty);
    assert!(run.stderr.ends_with("(0 without a safe fix)\n"), "{:?}", run.stderr);
}

#[test]
fn exit_codes_are_the_same_in_every_format() {
    let leaky = workspace(&[("main.go", LEAKY)]);
    let clean = workspace(&[("main.go", CLEAN)]);
    for format in ["text", "json", "sarif", "github"] {
        assert_eq!(chanfix(leaky.path(), &["check", "--format", format]).code, 1, "{format}");
        assert_eq!(chanfix(leaky.path(), &["diff", "--format", format]).code, 1, "{format}");
        assert_eq!(chanfix(clean.path(), &["check", "--format", format]).code, 0, "{format}");
        assert_eq!(chanfix(clean.path(), &["diff", "--format", format]).code, 0, "{format}");
        assert_eq!(chanfix(clean.path(), &["fix", "--format", format]).code, 0, "{format}");
        assert_eq!(chanfix(leaky.path(), &["check", "--format", format, "missing.go"]).code, 2, "{format}");
        let ws = workspace(&[("main.go", LEAKY)]);
        assert_eq!(chanfix(ws.path(), &["fix", "--format", format]).code, 0, "{format}");
    }
}

#[test]
fn stdin_works_with_check_and_diff_formats_but_not_fix() {
    let dir = tempfile::tempdir().unwrap();
    let run = chanfix_with(dir.path(), &["check", "--format", "json", "-"], LEAKY, Terminal::default());
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["findings"][0]["path"], "<stdin>");
    let run = chanfix_with(dir.path(), &["fix", "--format", "json", "-"], LEAKY, Terminal::default());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`fix -` prints the fixed source"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let run = chanfix_with(dir.path(), &["fix", "--verify", "-"], LEAKY, Terminal::default());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be verified"), "{}", run.stderr);
    // Plain `fix -` is unchanged.
    let run = chanfix_with(dir.path(), &["fix", "-"], LEAKY, Terminal::default());
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(FIXED_MAKE));
}

/// File names that need care in a diff header: git quotes all but the
/// plain ones and the one with a space (which gets a trailing tab).
#[cfg(unix)]
fn awkward_names() -> Vec<Vec<u8>> {
    let names: [&[u8]; 8] = [
        b"plain.go",
        b"sp ace.go",
        b"x\ty.go",
        b"new\nline.go",
        b"quo\"te.go",
        b"back\\slash.go",
        "\u{e9}t\u{e9}.go".as_bytes(),
        b"caf\xe9.go",
    ];
    names.iter().map(|n| n.to_vec()).collect()
}

#[cfg(unix)]
fn os_name(name: &[u8]) -> &std::ffi::OsStr {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(name)
}

#[cfg(unix)]
fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .args(["-c", "core.quotePath=true", "-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git is on PATH")
}

/// The `---`/`+++` lines of a patch.
fn header_lines(patch: &str) -> Vec<String> {
    let mut lines: Vec<String> =
        patch.lines().filter(|l| l.starts_with("--- ") || l.starts_with("+++ ")).map(String::from).collect();
    lines.sort();
    lines
}

#[cfg(unix)]
#[test]
fn diff_headers_quote_names_as_git_does_and_the_patch_applies() {
    let names = awkward_names();
    let ws = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    for name in &names {
        std::fs::write(ws.path().join(os_name(name)), LEAKY).unwrap();
        std::fs::write(repo.path().join(os_name(name)), LEAKY).unwrap();
    }
    let run = chanfix(ws.path(), &["diff", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout.matches("@@ -").count(), names.len(), "{}", run.stdout);

    assert!(git(repo.path(), &["init", "-q"]).status.success());
    assert!(git(repo.path(), &["add", "-A"]).status.success());
    assert!(git(repo.path(), &["commit", "-qm", "leaky"]).status.success());
    let patch = repo.path().join("fix.patch");
    std::fs::write(&patch, &run.stdout).unwrap();
    let patch = patch.to_string_lossy().into_owned();
    let check = git(repo.path(), &["apply", "--check", &patch]);
    assert!(check.status.success(), "{}\n{}", String::from_utf8_lossy(&check.stderr), run.stdout);
    let apply = git(repo.path(), &["apply", &patch]);
    assert!(apply.status.success(), "{}", String::from_utf8_lossy(&apply.stderr));
    for name in &names {
        let fixed = std::fs::read_to_string(repo.path().join(os_name(name))).unwrap();
        assert!(fixed.contains("make(chan error, 1)"), "{}", String::from_utf8_lossy(name));
    }
    // git's own diff of the same change names the files exactly as chanfix did.
    let ours = run.stdout.clone();
    let theirs = git(repo.path(), &["diff"]);
    assert_eq!(header_lines(&String::from_utf8(theirs.stdout).unwrap()), header_lines(&ours));
}

#[test]
fn header_names_follow_gits_quoting() {
    use chanfix::output::text::header_name;
    assert_eq!(header_name("a/", b"pkg/main.go"), "a/pkg/main.go");
    assert_eq!(header_name("a/", b"x y.go"), "a/x y.go\t");
    assert_eq!(header_name("b/", b"x\ty.go"), "\"b/x\\ty.go\"");
    assert_eq!(header_name("a/", b"a\"b\\c\x07\x7f.go"), "\"a/a\\\"b\\\\c\\a\\177.go\"");
    assert_eq!(header_name("a/", "é.go".as_bytes()), "\"a/\\303\\251.go\"");
    assert_eq!(header_name("a/", b"caf\xe9.go"), "\"a/caf\\351.go\"");
}

#[test]
fn a_name_whose_bytes_are_lost_gets_an_error_not_a_diff() {
    use chanfix::output::{Format, refuse_unnamable};
    use chanfix::pipeline::Outcome;
    use chanfix::report::{FileResult, Mode, Report};
    let file = |display: &str| FileResult {
        display: display.to_string(),
        path: None,
        original: "a\n".into(),
        outcome: Outcome {
            findings: Vec::new(),
            fixed: Some("b\n".into()),
            parsed: true,
            others: Vec::new(),
        },
        written: false,
        stamp: None,
        verdict: None,
        together: Vec::new(),
    };
    let mut report = Report {
        files: vec![file("caf\u{fffd}.go"), file("ok.go")],
        scanned: 2,
        errors: Vec::new(),
        rollbacks: Vec::new(),
    };
    refuse_unnamable(&mut report, Format::Text, Mode::Diff);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].0, "caf\u{fffd}.go");
    assert!(report.files[0].outcome.fixed.is_none());
    assert!(report.files[1].outcome.fixed.is_some());
    let diff = chanfix::output::text::diffs(&report, chanfix::output::color::Style { enabled: false });
    assert!(diff.starts_with("--- a/ok.go\n"), "{diff}");
}
