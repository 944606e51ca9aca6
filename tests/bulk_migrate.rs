//! Integration test of `scripts/bulk-migrate` against the real `chanfix`
//! binary: throwaway git repositories (a leaky Go module, a clean one, a
//! dirty one, one whose fix a fake `go` rejects under `--verify`) are migrated, and the branches,
//! commits and reports are checked.
//!
//! Needs `git`, `go`, `bash` and `python3`; without `git` or `go` the tests
//! print a notice and pass, unless `CI` is set, in which case they fail.

#[path = "support/article.rs"]
mod article;
#[path = "support/go.rs"]
mod go;

use article::LEAKY_MAIN as LEAKY_GO;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SUBJECT: &str = "chanfix: fix goroutine leaks on channels";
const BRANCH: &str = "chanfix/fix-channel-leaks";
const TABLE_HEADER: &str = "| repository | files changed | fixes | findings left | rolled back | error |";

const CLEAN_GO: &str = r#"package main

import "fmt"

func main() {
	done := make(chan struct{})
	go func() {
		fmt.Println("working")
		close(done)
	}()
	<-done
}
"#;

/// True when the tools are there; otherwise a notice (or a panic under CI).
fn have_tools(tools: &[&str]) -> bool {
    go::have_tools("bulk_migrate", tools)
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join("bulk-migrate")
}

/// PATH with the directory of the freshly built `chanfix` first.
fn path_with_chanfix() -> OsString {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_chanfix")).parent().unwrap().to_path_buf();
    let mut dirs = vec![bin_dir];
    if let Some(old) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&old));
    }
    std::env::join_paths(dirs).unwrap()
}

/// Keeps git away from the user's and the system's configuration.
fn hermetic(cmd: &mut Command) -> &mut Command {
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-mod=mod")
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = hermetic(&mut Command::new("git")).arg("-C").arg(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?} in {} failed: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim_end().to_string()
}

fn git_ok(dir: &Path, args: &[&str]) -> bool {
    hermetic(&mut Command::new("git")).arg("-C").arg(dir).args(args).output().unwrap().status.success()
}

/// A committed Go module `name` under `parent` with `main.go` = `source`.
fn make_repo(parent: &Path, name: &str, source: &str) -> PathBuf {
    let dir = parent.join(name);
    fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["config", "user.name", "Bulk Migrate Test"]);
    git(&dir, &["config", "user.email", "bulk-migrate@example.invalid"]);
    git(&dir, &["config", "commit.gpgsign", "false"]);
    fs::write(dir.join("go.mod"), format!("module example.com/{name}\n\ngo 1.21\n")).unwrap();
    fs::write(dir.join("main.go"), source).unwrap();
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "initial"]);
    dir
}

/// A directory with a fake `go` that fails `go build` on package
/// directories holding chanfix's fix of the article's leak (so `--verify`
/// must roll it back) and otherwise runs the real `go`.
fn fake_go_rejecting_the_fix() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let real =
        String::from_utf8(Command::new("sh").args(["-c", "command -v go"]).output().unwrap().stdout).unwrap();
    let script = format!(
        "#!/bin/sh\n\
         if [ \"$1\" = build ]; then\n\
         \tfor a in \"$@\"; do\n\
         \t\tif [ -d \"$a\" ] && grep -qs 'make(chan error, 1)' \"$a\"/*.go; then\n\
         \t\t\techo \"$a: fake go: the fix broke this package\" >&2; exit 1\n\
         \t\tfi\n\
         \tdone\n\
         fi\n\
         exec '{}' \"$@\"\n",
        real.trim()
    );
    let go = dir.path().join("go");
    fs::write(&go, script).unwrap();
    fs::set_permissions(&go, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    dir
}

/// PATH with the fake `go` of `dir` first, then the built `chanfix`.
fn path_with_fake_go(dir: &Path) -> OsString {
    let mut dirs = vec![dir.to_path_buf()];
    dirs.extend(std::env::split_paths(&path_with_chanfix()));
    std::env::join_paths(dirs).unwrap()
}

fn run_script(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(script());
    hermetic(&mut cmd).current_dir(cwd).args(args).env("PATH", path_with_chanfix());
    for (k, v) in env {
        cmd.env(k, v);
    }
    go::output_logged(&mut cmd, &format!("bulk-migrate {args:?}"))
}

fn branches(repo: &Path) -> Vec<String> {
    git(repo, &["for-each-ref", "--format=%(refname:short)", "refs/heads/"])
        .lines()
        .map(str::to_string)
        .collect()
}

/// 1-based line of the first line of `source` containing `needle`.
fn line_of(source: &str, needle: &str) -> usize {
    source.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

/// The Markdown table row of `repo`.
fn md_row<'a>(md: &'a str, repo: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(&format!("| {repo} |")))
        .unwrap_or_else(|| panic!("no row for {repo} in report:\n{md}"))
}

/// The JSON-lines record of `repo` (the script writes Python's `json.dumps`
/// layout: `"key": value` separated by `, `).
fn jsonl_record<'a>(jsonl: &'a str, repo: &str) -> &'a str {
    jsonl
        .lines()
        .find(|l| l.contains(&format!("\"repo\": \"{repo}\"")))
        .unwrap_or_else(|| panic!("no record for {repo} in:\n{jsonl}"))
}

fn assert_fields(record: &str, fields: &[(&str, &str)]) {
    for (key, value) in fields {
        let want = format!("\"{key}\": {value}");
        assert!(record.contains(&want), "record lacks {want}: {record}");
    }
}

fn worktree_count(repo: &Path) -> usize {
    git(repo, &["worktree", "list", "--porcelain"]).lines().filter(|l| l.starts_with("worktree ")).count()
}

#[test]
fn migrates_leaky_repo_skips_clean_refuses_dirty_and_reruns_idempotently() {
    if !have_tools(&["git", "go", "bash", "python3"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let leaky = make_repo(root, "leaky", LEAKY_GO);
    let clean = make_repo(root, "clean", CLEAN_GO);
    let dirty = make_repo(root, "dirty", LEAKY_GO);
    fs::write(dirty.join("main.go"), format!("{LEAKY_GO}\n// local edit\n")).unwrap();
    let main_before = git(&leaky, &["rev-parse", "main"]);

    let out = run_script(root, &["--report", "out/report.md", "leaky", "clean", "dirty"], &[]);
    assert_eq!(out.status.code(), Some(1), "a dirty repository must make the run fail");

    // Leaky: one commit on the new branch, listing the fix; checkout untouched.
    assert_eq!(branches(&leaky), vec![BRANCH.to_string(), "main".to_string()]);
    assert_eq!(git(&leaky, &["rev-list", "--count", &format!("main..{BRANCH}")]), "1");
    assert_eq!(git(&leaky, &["rev-parse", &format!("{BRANCH}^")]), main_before);
    let message = git(&leaky, &["log", "-1", "--format=%B", BRANCH]);
    assert_eq!(message.lines().next(), Some(SUBJECT), "message:\n{message}");
    let send_line = line_of(LEAKY_GO, "errCh <- errors.New");
    let fix_line = format!("main.go:{send_line} abandoned-sender");
    assert!(message.lines().any(|l| l == fix_line), "no `{fix_line}` in message:\n{message}");
    let fixed = git(&leaky, &["show", &format!("{BRANCH}:main.go")]);
    assert!(fixed.contains("errCh := make(chan error, 1)"), "fixed main.go:\n{fixed}");
    assert_eq!(git(&leaky, &["diff", "--name-only", "main", BRANCH]), "main.go");
    assert_eq!(git(&leaky, &["rev-parse", "main"]), main_before, "original branch moved");
    assert_eq!(git(&leaky, &["symbolic-ref", "--short", "HEAD"]), "main");
    assert_eq!(git(&leaky, &["status", "--porcelain"]), "", "checkout touched");
    assert_eq!(fs::read_to_string(leaky.join("main.go")).unwrap(), LEAKY_GO);
    assert_eq!(worktree_count(&leaky), 1, "temporary worktree left behind");
    let commit = git(&leaky, &["rev-parse", BRANCH]);

    // Clean: nothing to fix, no branch. Dirty: refused, untouched.
    assert_eq!(branches(&clean), vec!["main".to_string()]);
    assert_eq!(branches(&dirty), vec!["main".to_string()]);
    assert!(git(&dirty, &["status", "--porcelain"]).contains("main.go"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dirty"));

    // Reports.
    let md = fs::read_to_string(root.join("out/report.md")).unwrap();
    assert!(md.contains(TABLE_HEADER), "report:\n{md}");
    assert_eq!(md_row(&md, "leaky"), "| leaky | 1 | 1 | 0 | 0 | - |");
    assert_eq!(md_row(&md, "clean"), "| clean | 0 | 0 | 0 | 0 | - |");
    assert!(md_row(&md, "dirty").contains("dirty work tree"), "report:\n{md}");
    let jsonl = fs::read_to_string(root.join("out/report.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 3, "jsonl:\n{jsonl}");
    assert_fields(
        jsonl_record(&jsonl, "leaky"),
        &[
            ("files_changed", "1"),
            ("fixes", "1"),
            ("findings_left", "0"),
            ("rolled_back", "0"),
            ("error", "null"),
            ("branch", &format!("\"{BRANCH}\"")),
            ("commit", &format!("\"{commit}\"")),
        ],
    );
    assert_fields(
        jsonl_record(&jsonl, "clean"),
        &[("files_changed", "0"), ("fixes", "0"), ("error", "null"), ("branch", "null"), ("commit", "null")],
    );
    let dirty_record = jsonl_record(&jsonl, "dirty");
    assert!(dirty_record.contains("\"error\": \"dirty work tree"), "{dirty_record}");
    assert_fields(dirty_record, &[("branch", "null"), ("commit", "null")]);

    // Re-run on the migrated (and the clean) repository: no new commit, success.
    let out = run_script(root, &["--report", "again.md", "leaky", "clean"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(git(&leaky, &["rev-parse", BRANCH]), commit, "re-run added a commit");
    assert_eq!(git(&leaky, &["rev-parse", "main"]), main_before);
    assert_eq!(branches(&clean), vec!["main".to_string()]);
    assert_eq!(worktree_count(&leaky), 1);
    let md = fs::read_to_string(root.join("again.md")).unwrap();
    assert_eq!(md_row(&md, "leaky"), "| leaky | 0 | 0 | 0 | 0 | - |");
    let jsonl = fs::read_to_string(root.join("again.jsonl")).unwrap();
    assert_fields(jsonl_record(&jsonl, "leaky"), &[("branch", &format!("\"{BRANCH}\"")), ("commit", "null")]);
}

#[test]
fn fix_rolled_back_by_verify_is_reported_and_not_committed() {
    if !have_tools(&["git", "go", "bash", "python3"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let broken = make_repo(root, "broken", LEAKY_GO);
    let head = git(&broken, &["rev-parse", "HEAD"]);

    let fake = fake_go_rejecting_the_fix();
    let path = path_with_fake_go(fake.path());
    let path = path.to_str().unwrap();
    let out = run_script(root, &["--branch", "leakfix", "broken"], &[("PATH", path)]);
    // A finding left without a fix (here: rolled back) is not a failure.
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(branches(&broken), vec!["main".to_string()], "nothing applied, so no branch");
    assert!(!git_ok(&broken, &["rev-parse", "--verify", "--quiet", "refs/heads/leakfix"]));
    assert_eq!(git(&broken, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(&broken, &["status", "--porcelain"]), "");
    assert_eq!(worktree_count(&broken), 1);

    // Default report location: chanfix-report.md in the cwd.
    let md = fs::read_to_string(root.join("chanfix-report.md")).unwrap();
    assert_eq!(md_row(&md, "broken"), "| broken | 0 | 0 | 1 | 1 | - |", "report:\n{md}");
    let jsonl = fs::read_to_string(root.join("chanfix-report.jsonl")).unwrap();
    assert_fields(
        jsonl_record(&jsonl, "broken"),
        &[
            ("fixes", "0"),
            ("findings_left", "1"),
            ("rolled_back", "1"),
            ("error", "null"),
            ("branch", "null"),
        ],
    );

    // Without --verify the broken fix is committed as is (on --branch).
    let out = run_script(root, &["--no-verify", "--branch", "leakfix", "broken"], &[("PATH", path)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(git(&broken, &["rev-list", "--count", "main..leakfix"]), "1");
    assert_eq!(git(&broken, &["rev-parse", "main"]), head);
}

#[test]
fn dry_run_writes_patches_and_shard_selects_by_position() {
    if !have_tools(&["git", "go", "bash", "python3"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let repos = [
        make_repo(root, "alpha", LEAKY_GO), // position 0
        make_repo(root, "beta", CLEAN_GO),  // position 1
        make_repo(root, "gamma", LEAKY_GO), // position 2
    ];
    fs::write(root.join("fleet.txt"), "# the fleet\nalpha\n\n  beta\n# not this one\ngamma\n").unwrap();

    let out = run_script(
        root,
        &["--repos", "fleet.txt", "--dry-run", "patches", "--shard", "0/2", "--report", "dry.md"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let patch = fs::read_to_string(root.join("patches/alpha.patch")).unwrap();
    assert!(patch.contains("--- a/main.go") && patch.contains("+++ b/main.go"), "patch:\n{patch}");
    assert!(patch.contains("-\terrCh := make(chan error)\n"), "patch:\n{patch}");
    assert!(patch.contains("+\terrCh := make(chan error, 1)\n"), "patch:\n{patch}");
    assert!(root.join("patches/gamma.patch").is_file());
    assert!(!root.join("patches/beta.patch").exists(), "beta is in shard 1/2, not 0/2");
    for repo in &repos {
        assert_eq!(branches(repo), vec!["main".to_string()], "dry run created a branch");
        assert_eq!(git(repo, &["rev-list", "--count", "--all"]), "1", "dry run committed");
        assert_eq!(git(repo, &["status", "--porcelain"]), "");
        assert_eq!(worktree_count(repo), 1);
    }
    let md = fs::read_to_string(root.join("dry.md")).unwrap();
    assert!(md.contains(TABLE_HEADER));
    assert!(md_row(&md, "alpha").starts_with("| alpha | 1 |"), "report:\n{md}");
    assert!(!md.contains("| beta |"), "report:\n{md}");
    assert_eq!(fs::read_to_string(root.join("dry.jsonl")).unwrap().lines().count(), 2);

    // The patch applies to the repository it was made for.
    git(&repos[0], &["apply", "--check", root.join("patches/alpha.patch").to_str().unwrap()]);

    // Shard 1/2 is exactly beta; a real run of it creates nothing (clean).
    let out = run_script(root, &["--repos", "fleet.txt", "--shard", "1/2", "--report", "s1.md"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let jsonl = fs::read_to_string(root.join("s1.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 1, "jsonl:\n{jsonl}");
    jsonl_record(&jsonl, "beta");
    assert_eq!(branches(&repos[0]), vec!["main".to_string()], "alpha is not in shard 1/2");
    assert_eq!(branches(&repos[1]), vec!["main".to_string()]);
}

#[test]
fn usage_errors_exit_2() {
    if !have_tools(&["bash", "python3"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &[][..],
        &["--shard", "2/2", "x"][..],
        &["--shard", "1", "x"][..],
        &["--shard", "0/0", "x"][..],
        &["--frobnicate", "x"][..],
        &["--report"][..],
        &["--repos", "does-not-exist.txt"][..],
    ] {
        let out = run_script(tmp.path(), args, &[]);
        assert_eq!(out.status.code(), Some(2), "args {args:?}");
    }
    let out = run_script(tmp.path(), &["--help"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--dry-run DIR"));
    assert!(!tmp.path().join("chanfix-report.md").exists(), "usage error wrote a report");
}

#[test]
fn script_is_shellcheck_clean() {
    if !have_tools(&["shellcheck"]) {
        return;
    }
    let out = Command::new("shellcheck").arg(script()).output().unwrap();
    assert!(
        out.status.success(),
        "shellcheck scripts/bulk-migrate:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
