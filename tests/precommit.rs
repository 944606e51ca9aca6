//! The pre-commit hooks (.pre-commit-hooks.yaml) run by pre-commit itself
//! through `pre-commit try-repo` on a throwaway repository: `chanfix`
//! fails on a leak, `chanfix-fix` fixes it, then `chanfix` passes. Skipped
//! with a notice when pre-commit is not installed (`pip install pre-commit`)
//! or `CHANFIX_TEST_PRE_COMMIT=1` is not set: pre-commit builds chanfix in
//! release mode for every try-repo (dependencies are shared in
//! target/pre-commit), which takes minutes even on an idle machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const LEAK: &str = include_str!("../testdata/cli/timeout.go");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// How to start pre-commit, if it is installed.
fn pre_commit() -> Option<Vec<String>> {
    let candidates =
        [vec!["pre-commit".to_string()], vec!["python3".into(), "-m".into(), "pre_commit".into()]];
    candidates.into_iter().find(|c| {
        Command::new(&c[0]).args(&c[1..]).arg("--version").output().is_ok_and(|o| o.status.success())
    })
}

fn try_repo(program: &[String], repo: &Path, hook: &str) -> Output {
    let target: PathBuf = root().join("target/pre-commit");
    Command::new(&program[0])
        .args(&program[1..])
        .args(["try-repo", root().to_str().unwrap(), hook, "--files", "leak.go"])
        .current_dir(repo)
        .env("CARGO_TARGET_DIR", &target)
        .env("PRE_COMMIT_HOME", target.join("home"))
        .env("PRE_COMMIT_COLOR", "never")
        .output()
        .unwrap()
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn check_hook_fails_fix_hook_fixes_then_check_passes() {
    if std::env::var_os("CHANFIX_TEST_PRE_COMMIT").is_none_or(|v| v != "1") {
        eprintln!(
            "NOTICE: pre-commit hooks not tested; set CHANFIX_TEST_PRE_COMMIT=1 (builds chanfix in release mode)"
        );
        return;
    }
    let Some(program) = pre_commit() else {
        eprintln!("NOTICE: pre-commit is not installed (pip install pre-commit); hooks not tested");
        return;
    };
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    std::fs::write(repo.path().join("leak.go"), LEAK).unwrap();
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "leak"]);

    let check = try_repo(&program, repo.path(), "chanfix");
    let shown =
        |o: &Output| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(!check.status.success(), "{}", shown(&check));
    assert!(shown(&check).contains("leak.go:15:3: abandoned-sender"), "{}", shown(&check));

    let fix = try_repo(&program, repo.path(), "chanfix-fix");
    assert!(!fix.status.success(), "a hook that changed files fails: {}", shown(&fix));
    let fixed = std::fs::read_to_string(repo.path().join("leak.go")).unwrap();
    assert!(fixed.contains("make(chan error, 1)"), "{fixed}");

    let again = try_repo(&program, repo.path(), "chanfix");
    assert!(again.status.success(), "{}", shown(&again));
}
