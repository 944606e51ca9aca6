//! Only new code (`--new-from-rev`, `--new-from-merge-base`,
//! `--new-from-patch`) on throwaway git repositories.

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;
use std::path::Path;
use std::process::Command;

const LEAK: &str = include_str!("../testdata/cli/timeout.go");

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git is on PATH");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The same leak twice, as a second function under another name.
fn second_leak() -> String {
    let body = &LEAK[LEAK.find("// fetchWithTimeout").unwrap()..];
    format!("{LEAK}\n{}", body.replace("fetchWithTimeout", "fetchAgain"))
}

/// A repository whose first commit holds one leak in old.go and one in a.go.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(dir.path().join("old.go"), LEAK).unwrap();
    std::fs::write(dir.path().join("a.go"), LEAK).unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "old"]);
    dir
}

fn lines(stdout: &str) -> Vec<String> {
    stdout.lines().map(|l| l.splitn(3, ':').take(2).collect::<Vec<_>>().join(":")).collect()
}

#[test]
fn only_findings_on_changed_and_untracked_lines() {
    let dir = repo();
    std::fs::write(dir.path().join("a.go"), second_leak()).unwrap();
    std::fs::write(dir.path().join("untracked.go"), LEAK).unwrap();
    let all = chanfix_in(dir.path(), &["check"], "");
    assert_eq!(lines(&all.stdout), ["a.go:15", "a.go:33", "old.go:15", "untracked.go:15"]);
    let new = chanfix_in(dir.path(), &["check", "--new-from-rev", "HEAD"], "");
    assert_eq!(lines(&new.stdout), ["a.go:33", "untracked.go:15"], "{}", new.stderr);
    assert_eq!(new.code, 1);
}

#[test]
fn fix_only_touches_new_code() {
    let dir = repo();
    std::fs::write(dir.path().join("a.go"), second_leak()).unwrap();
    let run = chanfix_in(dir.path(), &["fix", "--new-from-rev", "HEAD"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read_to_string(dir.path().join("a.go")).unwrap();
    assert_eq!(fixed.matches("make(chan error, 1)").count(), 1, "{fixed}");
    assert_eq!(std::fs::read_to_string(dir.path().join("old.go")).unwrap(), LEAK);
}

#[test]
fn merge_base_of_a_branch() {
    let dir = repo();
    git(dir.path(), &["checkout", "-qb", "feature"]);
    std::fs::write(dir.path().join("a.go"), second_leak()).unwrap();
    git(dir.path(), &["commit", "-qam", "feature"]);
    git(dir.path(), &["checkout", "-q", "main"]);
    std::fs::write(dir.path().join("main.go"), LEAK).unwrap();
    git(dir.path(), &["add", "main.go"]);
    git(dir.path(), &["commit", "-qm", "main moves on"]);
    git(dir.path(), &["checkout", "-q", "feature"]);
    let run = chanfix_in(dir.path(), &["check", "--new-from-merge-base", "main"], "");
    assert_eq!(lines(&run.stdout), ["a.go:33"], "{}", run.stderr);
    // Against main itself, main.go's absence is no new code either.
    let run = chanfix_in(dir.path(), &["check", "--new-from-rev", "main"], "");
    assert_eq!(lines(&run.stdout), ["a.go:33"], "{}", run.stderr);
}

#[test]
fn from_a_patch_file_in_a_subdirectory() {
    let dir = repo();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.go"), LEAK).unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "sub"]);
    std::fs::write(dir.path().join("sub/b.go"), second_leak()).unwrap();
    let patch = git(dir.path(), &["diff", "-U0"]);
    std::fs::write(dir.path().join("sub/changes.patch"), patch).unwrap();
    let run = chanfix_in(&dir.path().join("sub"), &["check", "--new-from-patch", "changes.patch"], "");
    assert_eq!(lines(&run.stdout), ["b.go:33"], "{}", run.stderr);
}

#[test]
fn not_a_repository_or_a_bad_revision_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.go"), LEAK).unwrap();
    let run = chanfix_in(dir.path(), &["check", "--new-from-rev", "HEAD"], "");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("git"), "{}", run.stderr);
    let dir = repo();
    let run = chanfix_in(dir.path(), &["check", "--new-from-rev", "no-such-rev"], "");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-rev"), "{}", run.stderr);
}

#[test]
fn exit_zero_reports_but_passes() {
    let dir = repo();
    std::fs::write(dir.path().join("a.go"), second_leak()).unwrap();
    let run = chanfix_in(dir.path(), &["check", "--new-from-rev", "HEAD", "--exit-zero"], "");
    assert_eq!((run.code, lines(&run.stdout)), (0, vec!["a.go:33".to_string()]));
}
