//! Integration test of `scripts/bulk-migrate` against the real `chanfix`
//! binary: throwaway git repositories (leaky Go modules, a clean one, a dirty
//! one, one whose fix fails `--verify`, one with a finding chanfix cannot
//! fix), local bare repositories as remotes, and fake `gh`/`glab` scripts on
//! PATH that record their arguments and keep pull requests in a state file.
//!
//! Needs `git`, `go`, `bash` and `python3`; without them the tests print a
//! notice and pass, unless `CI` is set, in which case they fail. Most runs
//! pass `--no-verify` to stay quick; the first two tests exercise `--verify`.

#[path = "support/article.rs"]
mod article;
#[path = "support/go.rs"]
mod go;

use article::{LEAKY, LEAKY_MAIN as LEAKY_GO};
use serde_json::Value;
use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SUBJECT: &str = "chanfix: fix goroutine leaks on channels";
const BRANCH: &str = "chanfix/fix-channel-leaks";
const TABLE_HEADER: &str = "| repository | status | files changed | fixes | findings left | rolled back | verified | branch | pull request | error or note |";
const TOOLS: &[&str] = &["git", "go", "bash", "python3"];

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

/// A finding chanfix reports but does not fix: the sender keeps working
/// after its send. Same package as [`LEAKY_GO`], so the two can share a module.
const KEEPS_WORKING_GO: &str = r#"package main

import (
	"errors"
	"fmt"
	"os"
	"time"
)

func keepsWorking() {
	errCh := make(chan error)
	go func() {
		time.Sleep(20 * time.Millisecond)
		errCh <- errors.New("chan error")
		os.Remove("/nonexistent/chanfix-test")
	}()
	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timeout")
	case err := <-errCh:
		fmt.Println(err)
	}
}
"#;

/// Fake `gh` and `glab` (one script, told apart by its name): appends its
/// arguments as a JSON array to $FORGE_LOG and keeps the pull requests in
/// $FORGE_STATE, answering `pr list`/`mr list` and `pr view`/`mr view` from it.
const FAKE_FORGE: &str = r#"#!/usr/bin/env python3
import json, os, sys
tool = os.path.basename(sys.argv[0])
args = sys.argv[1:]
state_path = os.environ["FORGE_STATE"]
with open(os.environ["FORGE_LOG"], "a") as f:
    f.write(json.dumps([tool] + args) + "\n")
state = json.load(open(state_path)) if os.path.exists(state_path) else {"prs": []}
def opt(name, many=False):
    vals = [args[i + 1] for i, a in enumerate(args[:-1]) if a == name]
    return vals if many else (vals[-1] if vals else None)
def save():
    json.dump(state, open(state_path, "w"), indent=1)
def by_head(head, open_only=True):
    return [p for p in state["prs"] if p["head"] == head and (not open_only or p["state"] == "open")]
def body():
    return open(opt("--body-file")).read() if opt("--body-file") else opt("--description")
def as_json(p):
    if tool == "gh":
        return {"number": p["number"], "url": p["url"], "state": p["state"].upper(),
                "isDraft": p["draft"], "statusCheckRollup": p.get("checks", [])}
    return {"iid": p["number"], "web_url": p["url"],
            "state": "opened" if p["state"] == "open" else p["state"],
            "draft": p["draft"], "head_pipeline": p.get("pipeline")}
verb = args[1]
if verb == "list":
    print(json.dumps([as_json(p) for p in by_head(opt("--head") or opt("--source-branch"))]))
elif verb == "view":
    found = by_head(args[2], open_only=False)
    if not found:
        sys.exit("no pull requests found for branch " + args[2])
    print(json.dumps(as_json(found[-1])))
elif verb == "create":
    n = len(state["prs"]) + 1
    p = {"number": n, "url": f"https://forge.example/{tool}/{n}", "state": "open",
         "head": opt("--head") or opt("--source-branch"), "base": opt("--base") or opt("--target-branch"),
         "title": opt("--title"), "body": body(), "draft": "--draft" in args,
         "labels": opt("--label", True), "reviewers": opt("--reviewer", True)}
    state["prs"].append(p)
    save()
    print(p["url"])
elif verb in ("edit", "update"):
    p = [p for p in state["prs"] if str(p["number"]) == args[2]][0]
    p["title"], p["body"] = opt("--title"), body()
    p["labels"] += opt("--add-label", True) + (opt("--label", True) if tool == "glab" else [])
    p["reviewers"] += opt("--add-reviewer", True) + (opt("--reviewer", True) if tool == "glab" else [])
    save()
else:
    sys.exit(f"fake {tool}: unsupported {args}")
"#;

/// True when the tools are there; otherwise a notice (or a panic under CI).
fn have_tools(tools: &[&str]) -> bool {
    go::have_tools("bulk_migrate", tools)
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join("bulk-migrate")
}

/// Keeps git away from the user's and the system's configuration.
fn hermetic(cmd: &mut Command) -> &mut Command {
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-mod=mod")
        .env_remove("GH_REPO")
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

fn configure_identity(dir: &Path, name: &str) {
    git(dir, &["config", "user.name", name]);
    git(dir, &["config", "user.email", "bulk-migrate@example.invalid"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
}

/// A committed Go module `name` under `parent` with the given files.
fn make_repo_with(parent: &Path, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = parent.join(name);
    fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    configure_identity(&dir, "Bulk Migrate Test");
    fs::write(dir.join("go.mod"), format!("module example.com/{name}\n\ngo 1.21\n")).unwrap();
    for (path, text) in files {
        let file = dir.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
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

/// A committed Go module `name` under `parent` with `main.go` = `source`.
fn make_repo(parent: &Path, name: &str, source: &str) -> PathBuf {
    make_repo_with(parent, name, &[("main.go", source)])
}

/// Commits `path` = `text` on the checked-out branch of `repo` (the base moves).
fn commit_file(repo: &Path, path: &str, text: &str, message: &str) -> String {
    let file = repo.join(path);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(file, text).unwrap();
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
    git(repo, &["rev-parse", "HEAD"])
}

/// A second leak, in its own package, to add on a base that moved.
fn sub_leak() -> String {
    LEAKY.replacen("package main", "package sub", 1)
}

/// A bare repository at `path` (default branch `main`) holding `repo`'s main.
fn make_bare_remote(repo: &Path, path: &Path) {
    fs::create_dir_all(path).unwrap();
    git(path, &["init", "-q", "--bare", "-b", "main"]);
    git(repo, &["remote", "add", "origin", path.to_str().unwrap()]);
    git(repo, &["push", "-q", "origin", "main"]);
}

/// The temporary world of one test: repositories under `root`, fake
/// forge tools in `root/bin`, XDG directories under `root/xdg`.
struct Fleet {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Fleet {
    fn new() -> Fleet {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        Fleet { _tmp: tmp, root }
    }

    /// Installs the fake `gh` and `glab` in `root/bin` (on PATH for `run`).
    fn install_fake_forge(&self) {
        let bin = self.root.join("bin");
        fs::create_dir_all(&bin).unwrap();
        for tool in ["gh", "glab"] {
            let path = bin.join(tool);
            fs::write(&path, FAKE_FORGE).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    fn path(&self) -> OsString {
        let chanfix_dir = Path::new(env!("CARGO_BIN_EXE_chanfix")).parent().unwrap().to_path_buf();
        let mut dirs = vec![self.root.join("bin"), chanfix_dir];
        if let Some(old) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&old));
        }
        std::env::join_paths(dirs).unwrap()
    }

    fn run(&self, cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(script());
        hermetic(&mut cmd)
            .current_dir(cwd)
            .args(args)
            .env("PATH", self.path())
            .env("XDG_CACHE_HOME", self.root.join("xdg/cache"))
            .env("XDG_STATE_HOME", self.root.join("xdg/state"))
            .env("FORGE_STATE", self.root.join("forge-state.json"))
            .env("FORGE_LOG", self.root.join("forge.log"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        go::output_logged(&mut cmd, &format!("bulk-migrate {args:?}"))
    }

    fn forge_calls(&self) -> Vec<Vec<String>> {
        let log = fs::read_to_string(self.root.join("forge.log")).unwrap_or_default();
        log.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    fn forge_state(&self) -> Value {
        serde_json::from_str(&fs::read_to_string(self.root.join("forge-state.json")).unwrap()).unwrap()
    }

    fn read(&self, path: &str) -> String {
        fs::read_to_string(self.root.join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
    }
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

/// The cells of `repo`'s row, trimmed.
fn md_cells(md: &str, repo: &str) -> Vec<String> {
    let row = md_row(md, repo);
    row.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect()
}

fn records(jsonl: &str) -> Vec<Value> {
    jsonl.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

/// The JSON-lines record of `repo`.
fn record(jsonl: &str, repo: &str) -> Value {
    records(jsonl)
        .into_iter()
        .find(|r| r["repo"] == repo)
        .unwrap_or_else(|| panic!("no record for {repo} in:\n{jsonl}"))
}

fn worktree_count(repo: &Path) -> usize {
    git(repo, &["worktree", "list", "--porcelain"]).lines().filter(|l| l.starts_with("worktree ")).count()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn migrates_leaky_repo_skips_clean_refuses_dirty_and_reruns_idempotently() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    let leaky = make_repo(root, "leaky", LEAKY_GO);
    let clean = make_repo(root, "clean", CLEAN_GO);
    let dirty = make_repo(root, "dirty", LEAKY_GO);
    fs::write(dirty.join("main.go"), format!("{LEAKY_GO}\n// local edit\n")).unwrap();
    let main_before = git(&leaky, &["rev-parse", "main"]);

    let out = fleet.run(root, &["--report", "out/report.md", "leaky", "clean", "dirty"], &[]);
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
    assert!(message.lines().any(|l| l == format!("Chanfix-Base: {main_before}")), "message:\n{message}");
    let patch_id = message.lines().find_map(|l| l.strip_prefix("Chanfix-Patch-Id: ")).expect("no patch id");
    assert_eq!(patch_id.len(), 40, "message:\n{message}");
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
    assert!(stderr(&out).contains("dirty"));

    // Reports. `verified` is unknown until chanfix says (a `verified` field),
    // then yes; never "no" after a --verify run that kept the fix.
    let md = fleet.read("out/report.md");
    assert!(md.contains(TABLE_HEADER), "report:\n{md}");
    let cells = md_cells(&md, "leaky");
    assert_eq!(cells[..7], ["leaky", "fixed", "1", "1", "0", "0", cells[6].as_str()], "report:\n{md}");
    assert!(cells[6] == "unknown" || cells[6] == "yes", "verified cell: {}", cells[6]);
    assert_eq!(cells[7], BRANCH);
    assert_eq!(md_cells(&md, "clean")[..6], ["clean", "clean", "0", "0", "0", "0"], "report:\n{md}");
    assert!(md_row(&md, "dirty").contains("| failed |") && md_row(&md, "dirty").contains("dirty work tree"));
    let jsonl = fleet.read("out/report.jsonl");
    assert_eq!(records(&jsonl).len(), 3, "jsonl:\n{jsonl}");
    let r = record(&jsonl, "leaky");
    assert_eq!(r["status"], "fixed");
    assert_eq!(r["files_changed"], 1);
    assert_eq!(r["fixes"], 1);
    assert_eq!(r["findings_left"], 0);
    assert_eq!(r["rolled_back"], 0);
    assert!(r["verified"].is_null() || r["verified"] == true, "{r}");
    assert_eq!(r["error"], Value::Null);
    assert_eq!(r["branch"], BRANCH);
    assert_eq!(r["branch_action"], "created");
    assert_eq!(r["commit"], commit.as_str());
    assert_eq!(r["fixed"][0]["path"], "main.go");
    assert_eq!(r["fixed"][0]["line"], send_line);
    let r = record(&jsonl, "clean");
    assert_eq!(
        (&r["status"], &r["fixes"], &r["branch"], &r["commit"]),
        (&"clean".into(), &0.into(), &Value::Null, &Value::Null)
    );
    let r = record(&jsonl, "dirty");
    assert_eq!(r["status"], "failed");
    assert!(r["error"].as_str().unwrap().starts_with("dirty work tree"), "{r}");
    assert_eq!((&r["branch"], &r["commit"]), (&Value::Null, &Value::Null));

    // Re-run on the migrated (and the clean) repository: no new commit, success.
    let out = fleet.run(root, &["--report", "again.md", "leaky", "clean"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(git(&leaky, &["rev-parse", BRANCH]), commit, "re-run added a commit");
    assert_eq!(git(&leaky, &["rev-parse", "main"]), main_before);
    assert_eq!(branches(&clean), vec!["main".to_string()]);
    assert_eq!(worktree_count(&leaky), 1);
    let r = record(&fleet.read("again.jsonl"), "leaky");
    assert_eq!(
        (&r["status"], &r["branch_action"], &r["commit"]),
        (&"fixed".into(), &"unchanged".into(), &Value::Null)
    );
    assert_eq!(r["branch"], BRANCH);
}

#[test]
fn fix_rolled_back_by_verify_is_reported_and_not_committed() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    let broken = make_repo(root, "broken", LEAKY_GO);
    let head = git(&broken, &["rev-parse", "HEAD"]);

    // A fake `go` first on PATH fails the build of the fixed package.
    let fake = fake_go_rejecting_the_fix();
    let mut dirs = vec![fake.path().to_path_buf()];
    dirs.extend(std::env::split_paths(&fleet.path()));
    let path = std::env::join_paths(dirs).unwrap();
    let path = path.to_str().unwrap();
    let out = fleet.run(root, &["--branch", "leakfix", "broken"], &[("PATH", path)]);
    // A finding left without a fix (here: rolled back) is not a failure.
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(branches(&broken), vec!["main".to_string()], "nothing applied, so no branch");
    assert!(!git_ok(&broken, &["rev-parse", "--verify", "--quiet", "refs/heads/leakfix"]));
    assert_eq!(git(&broken, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(&broken, &["status", "--porcelain"]), "");
    assert_eq!(worktree_count(&broken), 1);

    // Default report location: chanfix-report.md in the cwd (outside every repository).
    let md = fleet.read("chanfix-report.md");
    assert_eq!(
        md_cells(&md, "broken")[..7],
        ["broken", "findings-left", "0", "0", "1 (abandoned-sender: 1)", "1", "-"]
    );
    assert!(md.contains("## Findings left without a fix"), "report:\n{md}");
    assert!(md.contains("its fix was rolled back"), "the reason is in the report:\n{md}");
    let r = record(&fleet.read("chanfix-report.jsonl"), "broken");
    assert_eq!((&r["fixes"], &r["findings_left"], &r["rolled_back"]), (&0.into(), &1.into(), &1.into()));
    assert_eq!(
        (&r["error"], &r["branch"], &r["status"]),
        (&Value::Null, &Value::Null, &"findings-left".into())
    );
    assert_eq!(r["left_by_rule"]["abandoned-sender"], 1);

    // Without --verify the broken fix is committed as is (on --branch), and
    // the report says it was not verified.
    let out = fleet.run(
        root,
        &["--no-verify", "--branch", "leakfix", "--report", "nv.md", "broken"],
        &[("PATH", path)],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(git(&broken, &["rev-list", "--count", "main..leakfix"]), "1");
    assert_eq!(git(&broken, &["rev-parse", "main"]), head);
    assert_eq!(record(&fleet.read("nv.jsonl"), "broken")["verified"], false);
    assert_eq!(md_cells(&fleet.read("nv.md"), "broken")[6], "no");
}

#[test]
fn findings_left_are_reported_by_rule_with_reasons_and_never_clean() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    make_repo_with(root, "mixed", &[("main.go", LEAKY_GO), ("keep.go", KEEPS_WORKING_GO)]);
    make_repo_with(
        root,
        "unfixable",
        &[("main.go", &format!("{KEEPS_WORKING_GO}\nfunc main() {{ keepsWorking() }}\n"))],
    );
    let left_line = line_of(KEEPS_WORKING_GO, "errCh <- errors.New");

    // Dry run: previously a repository whose findings had no fix was "clean".
    let out = fleet.run(
        root,
        &["--no-verify", "--dry-run", "patches", "--report", "dry.md", "mixed", "unfixable"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let jsonl = fleet.read("dry.jsonl");
    let r = record(&jsonl, "unfixable");
    assert_eq!(
        (&r["status"], &r["fixes"], &r["findings_left"]),
        (&"findings-left".into(), &0.into(), &1.into())
    );
    let r = record(&jsonl, "mixed");
    assert_eq!(
        (&r["status"], &r["fixes"], &r["findings_left"]),
        (&"would-partly-fix".into(), &1.into(), &1.into())
    );
    assert_eq!(fleet.read("patches/unfixable.patch"), "");
    assert!(fleet.read("patches/mixed.patch").contains("+++ b/main.go"));

    // Real run: fixed what can be fixed, the rest listed by rule with its reason.
    let out = fleet.run(root, &["--no-verify", "--report", "run.md", "mixed", "unfixable"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let r = record(&fleet.read("run.jsonl"), "mixed");
    assert_eq!(r["status"], "partly-fixed");
    assert_eq!(r["left_by_rule"], serde_json::json!({"abandoned-sender": 1}));
    assert_eq!(r["left"][0]["path"], "keep.go");
    assert_eq!(r["left"][0]["line"], left_line);
    assert!(r["left"][0]["reason"].as_str().unwrap().contains("keeps working after the send"), "{r}");
    assert_eq!(r["branch"], BRANCH);
    let md = fleet.read("run.md");
    assert_eq!(md_cells(&md, "mixed")[1..5], ["partly-fixed", "1", "1", "1 (abandoned-sender: 1)"]);
    assert_eq!(md_cells(&md, "unfixable")[1], "findings-left");
    assert!(!md.contains("| clean |"), "report:\n{md}");
    let item = format!("- `keep.go:{left_line}` abandoned-sender: the sender keeps working after the send");
    assert!(md.contains(&item), "no `{item}` in report:\n{md}");
}

#[test]
fn report_is_kept_out_of_the_repositories_it_migrates() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let repo = make_repo(&fleet.root, "svc", LEAKY_GO);
    fs::create_dir_all(repo.join("docs")).unwrap();

    // An explicit report path inside a repository being migrated is refused.
    for report in ["report.md", "docs/report.md", "../svc/report.md"] {
        let out = fleet.run(&repo, &["--no-verify", "--report", report, "."], &[]);
        assert_eq!(out.status.code(), Some(2), "--report {report}");
        assert!(stderr(&out).contains("inside"), "{}", stderr(&out));
    }
    let out = fleet.run(&fleet.root, &["--no-verify", "--dry-run", "svc/patches", "svc"], &[]);
    assert_eq!(out.status.code(), Some(2), "patches inside the repository");
    assert_eq!(branches(&repo), vec!["main".to_string()], "a refused run did something");

    // By default, run from inside the repository, the report goes to
    // $XDG_STATE_HOME, and the repository stays clean, so a second run works.
    for _ in 0..2 {
        let out = fleet.run(&repo.join("docs"), &["--no-verify", ".."], &[]);
        assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
        assert_eq!(git(&repo, &["status", "--porcelain", "--ignored"]), "", "the run dirtied the repository");
    }
    let report = fleet.read("xdg/state/chanfix/bulk-migrate/chanfix-report.md");
    assert_eq!(md_cells(&report, "..")[1], "fixed");
    assert!(fleet.root.join("xdg/state/chanfix/bulk-migrate/chanfix-report.jsonl").is_file());
}

#[test]
fn stale_branch_is_rebuilt_from_the_moved_base_or_skipped_on_request() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    let repo = make_repo(root, "svc", LEAKY_GO);
    assert_eq!(fleet.run(root, &["--no-verify", "svc"], &[]).status.code(), Some(0));
    let first = git(&repo, &["rev-parse", BRANCH]);

    // The base moves, with a new leak.
    let base = commit_file(&repo, "sub/sub.go", &sub_leak(), "add sub");

    // skip: the branch stays, reported stale.
    let out =
        fleet.run(root, &["--no-verify", "--conflict-strategy", "skip", "--report", "skip.md", "svc"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(git(&repo, &["rev-parse", BRANCH]), first);
    let r = record(&fleet.read("skip.jsonl"), "svc");
    assert_eq!(r["status"], "stale");
    assert!(r["note"].as_str().unwrap().contains("base moved"), "{r}");

    // replace (the default): one commit on the new base, fixing both leaks.
    let out = fleet.run(root, &["--no-verify", "--report", "replace.md", "svc"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let rebuilt = git(&repo, &["rev-parse", BRANCH]);
    assert_ne!(rebuilt, first);
    assert_eq!(git(&repo, &["rev-parse", &format!("{BRANCH}^")]), base);
    assert_eq!(git(&repo, &["diff", "--name-only", "main", BRANCH]), "main.go\nsub/sub.go");
    assert!(git(&repo, &["show", &format!("{BRANCH}:sub/sub.go")]).contains("make(chan error, 1)"));
    let r = record(&fleet.read("replace.jsonl"), "svc");
    assert_eq!(
        (&r["status"], &r["branch_action"], &r["fixes"]),
        (&"fixed".into(), &"rebuilt".into(), &2.into())
    );
    assert_eq!(r["commit"], rebuilt.as_str());
    assert_eq!(worktree_count(&repo), 1);

    // Up to date now: a third run keeps the commit.
    assert_eq!(fleet.run(root, &["--no-verify", "svc"], &[]).status.code(), Some(0));
    assert_eq!(git(&repo, &["rev-parse", BRANCH]), rebuilt);

    // Someone fixes the leaks on the base by hand: the branch is obsolete,
    // which is for a human to see and close; it is left as it is.
    git(&repo, &["checkout", "-q", BRANCH, "--", "main.go", "sub/sub.go"]);
    git(&repo, &["commit", "-q", "-m", "fix the leaks by hand"]);
    let out = fleet.run(root, &["--no-verify", "--report", "obsolete.md", "svc"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(git(&repo, &["rev-parse", BRANCH]), rebuilt);
    let r = record(&fleet.read("obsolete.jsonl"), "svc");
    assert_eq!((&r["status"], &r["fixes"], &r["branch"]), (&"clean".into(), &0.into(), &BRANCH.into()));
    assert!(r["note"].as_str().unwrap().contains("nothing to fix on the current base"), "{r}");
}

#[test]
fn branch_with_a_human_commit_is_left_alone_unless_forced() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    let repo = make_repo(root, "svc", LEAKY_GO);
    assert_eq!(fleet.run(root, &["--no-verify", "svc"], &[]).status.code(), Some(0));

    // A human adds a commit to the branch; then the base moves.
    git(&repo, &["checkout", "-q", BRANCH]);
    let human = commit_file(&repo, "NOTES", "reviewed\n", "review notes");
    git(&repo, &["checkout", "-q", "main"]);
    commit_file(&repo, "sub/sub.go", &sub_leak(), "add sub");

    let out = fleet.run(root, &["--no-verify", "--report", "alone.md", "svc"], &[]);
    assert_eq!(out.status.code(), Some(0), "a branch left alone is not a failure");
    assert_eq!(git(&repo, &["rev-parse", BRANCH]), human, "the human commit was lost");
    let r = record(&fleet.read("alone.jsonl"), "svc");
    assert_eq!(r["status"], "left-alone");
    assert!(r["note"].as_str().unwrap().contains(&human), "{r}");
    assert!(md_row(&fleet.read("alone.md"), "svc").contains("--force"));

    // --force rebuilds it and keeps the old tip under refs/bulk-migrate/backup/.
    let out = fleet.run(root, &["--no-verify", "--force", "svc"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(git(&repo, &["rev-parse", &format!("{BRANCH}^")]), git(&repo, &["rev-parse", "main"]));
    assert_eq!(git(&repo, &["rev-parse", &format!("refs/bulk-migrate/backup/{BRANCH}")]), human);

    // A human amends the script's own commit (same subject and trailers):
    // its patch id no longer matches, so it is theirs now.
    git(&repo, &["checkout", "-q", BRANCH]);
    fs::write(repo.join("main.go"), git(&repo, &["show", "HEAD:main.go"]) + "\n// reviewed\n").unwrap();
    git(&repo, &["commit", "-q", "-a", "--amend", "--no-edit"]);
    let amended = git(&repo, &["rev-parse", "HEAD"]);
    git(&repo, &["checkout", "-q", "main"]);
    let out = fleet.run(root, &["--no-verify", "--report", "amended.md", "svc"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(git(&repo, &["rev-parse", BRANCH]), amended, "the amended commit was replaced");
    assert_eq!(record(&fleet.read("amended.jsonl"), "svc")["status"], "left-alone");
}

#[test]
fn failing_post_checkout_hook_is_reported_and_leaves_no_worktree() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    let repo = make_repo(root, "hooked", LEAKY_GO);
    let hook = repo.join(".git/hooks/post-checkout");
    fs::write(&hook, "#!/bin/sh\necho 'post-checkout: git-lfs is not installed'\nexit 1\n").unwrap();
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();

    let out = fleet.run(root, &["--no-verify", "hooked"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let r = record(&fleet.read("chanfix-report.jsonl"), "hooked");
    assert_eq!(r["status"], "failed");
    assert!(r["error"].as_str().unwrap().contains("post-checkout: git-lfs is not installed"), "{r}");
    assert_eq!(worktree_count(&repo), 1, "a stale worktree stays registered");
    assert_eq!(branches(&repo), vec!["main".to_string()]);

    // Once the hook is fixed, the next run works.
    fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
    assert_eq!(fleet.run(root, &["--no-verify", "hooked"], &[]).status.code(), Some(0));
    assert_eq!(worktree_count(&repo), 1);
    assert_eq!(branches(&repo), vec![BRANCH.to_string(), "main".to_string()]);
}

#[test]
fn pushes_opens_a_draft_pr_through_gh_then_updates_it_and_reports_status() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    fleet.install_fake_forge();
    let root = &fleet.root;
    let repo = make_repo_with(root, "svc", &[("main.go", LEAKY_GO), ("keep.go", KEEPS_WORKING_GO)]);
    // "github" in the remote's URL selects gh.
    let remote = root.join("github.example/team/svc.git");
    make_bare_remote(&repo, &remote);

    let pr_args = ["--no-verify", "--open-pr", "--label", "goroutine-leak", "--reviewer", "alice", "svc"];
    let out = fleet.run(root, &pr_args, &[]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let tip = git(&repo, &["rev-parse", BRANCH]);
    assert_eq!(git(&remote, &["rev-parse", BRANCH]), tip, "branch not pushed");

    let state = fleet.forge_state();
    let prs = state["prs"].as_array().unwrap();
    assert_eq!(prs.len(), 1);
    let pr = &prs[0];
    assert_eq!((&pr["head"], &pr["base"], &pr["draft"]), (&BRANCH.into(), &"main".into(), &true.into()));
    assert_eq!(pr["title"], SUBJECT);
    assert_eq!(
        (&pr["labels"], &pr["reviewers"]),
        (&serde_json::json!(["goroutine-leak"]), &serde_json::json!(["alice"]))
    );
    let body = pr["body"].as_str().unwrap();
    let send_line = line_of(LEAKY_GO, "errCh <- errors.New");
    assert!(body.contains(&format!("- `main.go:{send_line}` `abandoned-sender`")), "body:\n{body}");
    assert!(body.contains("## Findings left without a fix (1)"), "body:\n{body}");
    assert!(body.contains("keeps working after the send"), "body:\n{body}");
    assert!(body.contains("chanfix explain abandoned-sender"), "body:\n{body}");
    assert!(body.contains("**The fix.**"), "the rule's explanation is in the body:\n{body}");
    let r = record(&fleet.read("chanfix-report.jsonl"), "svc");
    assert_eq!((&r["pushed"], &r["pr_action"]), (&"created".into(), &"opened".into()));
    assert_eq!(r["pr_url"], "https://forge.example/gh/1");

    // The base moves: the second run rebuilds, force-pushes over our own
    // commit, and edits the open PR instead of opening another.
    commit_file(&repo, "sub/sub.go", &sub_leak(), "add sub");
    git(&repo, &["push", "-q", "origin", "main"]);
    let out = fleet.run(root, &pr_args, &[]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let tip = git(&repo, &["rev-parse", BRANCH]);
    assert_eq!(git(&remote, &["rev-parse", BRANCH]), tip, "rebuilt branch not pushed");
    let state = fleet.forge_state();
    assert_eq!(state["prs"].as_array().unwrap().len(), 1, "a second PR was opened");
    assert!(state["prs"][0]["body"].as_str().unwrap().contains("`sub/sub.go:"), "PR body not updated");
    let creates = fleet.forge_calls().iter().filter(|c| c[1] == "pr" && c[2] == "create").count();
    assert_eq!(creates, 1);
    let edit = fleet.forge_calls().into_iter().find(|c| c[2] == "edit").expect("no gh pr edit");
    assert_eq!(edit[3], "1");
    assert!(edit.windows(2).any(|w| w[0] == "--add-label" && w[1] == "goroutine-leak"), "{edit:?}");
    let r = record(&fleet.read("chanfix-report.jsonl"), "svc");
    assert_eq!(
        (&r["pushed"], &r["pr_action"], &r["branch_action"]),
        (&"updated".into(), &"updated".into(), &"rebuilt".into())
    );

    // Status, with checks reported by the forge.
    let mut state = fleet.forge_state();
    state["prs"][0]["checks"] = serde_json::json!([{"conclusion": "SUCCESS"}, {"conclusion": "FAILURE"}]);
    fs::write(root.join("forge-state.json"), state.to_string()).unwrap();
    let out = fleet.run(root, &["status", "--json", "svc"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let status = record(&String::from_utf8(out.stdout).unwrap(), "svc");
    assert_eq!((&status["pushed"], &status["up_to_date"]), (&"yes".into(), &"yes".into()));
    assert_eq!((&status["pr_state"], &status["checks"]), (&"draft".into(), &"1 failed, 1 passed".into()));
    assert_eq!(status["pr_url"], "https://forge.example/gh/1");

    // The base moves again, and a local commit is not pushed: the table says so.
    commit_file(&repo, "README", "svc\n", "readme");
    git(
        &repo,
        &[
            "update-ref",
            &format!("refs/heads/{BRANCH}"),
            &git(&repo, &["commit-tree", "-p", &tip, "-m", SUBJECT, &format!("{tip}^{{tree}}")]),
        ],
    );
    let out = fleet.run(root, &["status", "svc"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("REPOSITORY") && header.contains("PUSHED") && header.contains("CHECKS"),
        "{table}"
    );
    let row: Vec<&str> =
        table.lines().nth(1).unwrap().split("  ").filter(|c| !c.is_empty()).map(str::trim).collect();
    assert_eq!(row[..3], ["svc", BRANCH, "differs"], "{table}");
    assert!(row[3].starts_with("no ("), "{table}");
}

#[test]
fn a_human_commit_pushed_to_the_pr_branch_is_never_overwritten() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    let repo = make_repo(root, "svc", LEAKY_GO);
    let remote = root.join("remote/svc.git");
    make_bare_remote(&repo, &remote);
    assert_eq!(fleet.run(root, &["--no-verify", "--push", "svc"], &[]).status.code(), Some(0));

    // A reviewer pushes a commit to the branch on the remote.
    let reviewer = root.join("reviewer");
    git(root, &["clone", "-q", "--branch", BRANCH, remote.to_str().unwrap(), reviewer.to_str().unwrap()]);
    configure_identity(&reviewer, "Reviewer");
    let theirs = commit_file(&reviewer, "NOTES", "looks good\n", "review");
    git(&reviewer, &["push", "-q", "origin", BRANCH]);
    commit_file(&repo, "sub/sub.go", &sub_leak(), "add sub");

    let out = fleet.run(root, &["--no-verify", "--push", "svc"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(git(&remote, &["rev-parse", BRANCH]), theirs, "the reviewer's commit was overwritten");
    assert_eq!(record(&fleet.read("chanfix-report.jsonl"), "svc")["status"], "left-alone");
}

#[test]
fn gitlab_remote_goes_through_glab() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    fleet.install_fake_forge();
    let root = &fleet.root;
    let repo = make_repo(root, "svc", LEAKY_GO);
    make_bare_remote(&repo, &root.join("gitlab.example/team/svc.git"));

    for _ in 0..2 {
        let args = [
            "--no-verify",
            "--open-pr",
            "--ready",
            "--label",
            "leaks",
            "--docs-url",
            "https://docs.example/{rule}",
            "svc",
        ];
        let out = fleet.run(root, &args, &[]);
        assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    }
    let calls = fleet.forge_calls();
    assert!(calls.iter().all(|c| c[0] == "glab" && c[1] == "mr"), "{calls:?}");
    let create = calls.iter().find(|c| c[2] == "create").expect("no glab mr create");
    assert!(create.windows(2).any(|w| w[0] == "--source-branch" && w[1] == BRANCH), "{create:?}");
    assert!(create.windows(2).any(|w| w[0] == "--target-branch" && w[1] == "main"), "{create:?}");
    assert!(!create.contains(&"--draft".to_string()), "--ready opens a ready MR: {create:?}");
    assert!(calls.iter().any(|c| c[2] == "update" && c[3] == "1"), "{calls:?}");
    let mut state = fleet.forge_state();
    assert_eq!(state["prs"].as_array().unwrap().len(), 1);
    let body = state["prs"][0]["body"].as_str().unwrap();
    assert!(body.contains("[`abandoned-sender`](https://docs.example/abandoned-sender)"), "body:\n{body}");

    state["prs"][0]["pipeline"] = serde_json::json!({"status": "running"});
    fs::write(root.join("forge-state.json"), state.to_string()).unwrap();
    let out = fleet.run(root, &["status", "--json", "svc"], &[]);
    let status = record(&String::from_utf8(out.stdout).unwrap(), "svc");
    assert_eq!((&status["pr_state"], &status["pushed"]), (&"open".into(), &"yes".into()));
    assert_eq!(status["checks"], "pipeline running");
}

#[test]
fn clone_urls_are_cached_fetched_again_and_run_in_parallel() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    let alpha = make_repo(root, "alpha", LEAKY_GO);
    let beta = make_repo(root, "beta", LEAKY_GO);
    let alpha_remote = root.join("remotes/alpha.git");
    let beta_remote = root.join("remotes/beta.git");
    make_bare_remote(&alpha, &alpha_remote);
    make_bare_remote(&beta, &beta_remote);
    let alpha_url = format!("file://{}", alpha_remote.display());
    let beta_path = beta_remote.to_str().unwrap();
    fs::write(root.join("fleet.txt"), format!("{alpha_url}\n{beta_path}\n")).unwrap();

    let out = fleet.run(root, &["--no-verify", "--push", "--repos", "fleet.txt", "-j", "2"], &[]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("[1/2] ") && stderr(&out).contains("[2/2] "),
        "no progress:\n{}",
        stderr(&out)
    );
    for remote in [&alpha_remote, &beta_remote] {
        let msg = git(remote, &["log", "-1", "--format=%B", BRANCH]);
        assert_eq!(msg.lines().next(), Some(SUBJECT));
    }
    let jsonl = fleet.read("chanfix-report.jsonl");
    let cache = PathBuf::from(record(&jsonl, &alpha_url)["cache"].as_str().unwrap().to_string());
    assert!(cache.starts_with(root.join("xdg/cache/chanfix/bulk-migrate")), "{}", cache.display());
    assert_eq!(git(&cache, &["rev-parse", "--is-shallow-repository"]), "true");
    assert_eq!(record(&jsonl, beta_path)["status"], "fixed");

    // The remote's base moves; the next run fetches into the same cache and rebuilds.
    commit_file(&alpha, "sub/sub.go", &sub_leak(), "add sub");
    git(&alpha, &["push", "-q", "origin", "main"]);
    let out = fleet.run(
        root,
        &["--no-verify", "--push", "--repos", "fleet.txt", "-j", "2", "--report", "two.md"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let r = record(&fleet.read("two.jsonl"), &alpha_url);
    assert_eq!(
        (&r["cache"], &r["branch_action"], &r["fixes"]),
        (&cache.to_str().unwrap().into(), &"rebuilt".into(), &2.into())
    );
    assert_eq!(
        git(&alpha_remote, &["rev-parse", &format!("{BRANCH}^")]),
        git(&alpha_remote, &["rev-parse", "main"])
    );
    assert_eq!(record(&fleet.read("two.jsonl"), beta_path)["branch_action"], "unchanged");

    // --cache DIR puts the clones elsewhere.
    let out =
        fleet.run(root, &["--no-verify", "--cache", "elsewhere", "--dry-run", "patches", &alpha_url], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(fs::read_dir(root.join("elsewhere")).unwrap().count(), 1);
    assert!(fleet.read("patches/alpha.patch").contains("+++ b/sub/sub.go"));
}

#[test]
fn dry_run_writes_patches_and_shard_selects_by_position() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    let repos = [
        make_repo(root, "alpha", LEAKY_GO), // position 0
        make_repo(root, "beta", CLEAN_GO),  // position 1
        make_repo(root, "gamma", LEAKY_GO), // position 2
    ];
    fs::write(root.join("fleet.txt"), "# the fleet\nalpha\n\n  beta\n# not this one\ngamma\n").unwrap();

    let args = [
        "--no-verify",
        "--repos",
        "fleet.txt",
        "--dry-run",
        "patches",
        "--shard",
        "0/2",
        "--report",
        "dry.md",
    ];
    let out = fleet.run(root, &args, &[]);
    assert_eq!(out.status.code(), Some(0));
    let patch = fleet.read("patches/alpha.patch");
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
    let md = fleet.read("dry.md");
    assert!(md.contains(TABLE_HEADER));
    assert_eq!(md_cells(&md, "alpha")[..4], ["alpha", "would-fix", "1", "1"], "report:\n{md}");
    assert!(!md.contains("| beta |"), "report:\n{md}");
    assert_eq!(records(&fleet.read("dry.jsonl")).len(), 2);

    // The patch applies to the repository it was made for.
    git(&repos[0], &["apply", "--check", root.join("patches/alpha.patch").to_str().unwrap()]);

    // Shard 1/2 is exactly beta; a real run of it creates nothing (clean).
    let out =
        fleet.run(root, &["--no-verify", "--repos", "fleet.txt", "--shard", "1/2", "--report", "s1.md"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let jsonl = fleet.read("s1.jsonl");
    assert_eq!(records(&jsonl).len(), 1, "jsonl:\n{jsonl}");
    assert_eq!(record(&jsonl, "beta")["status"], "clean");
    assert_eq!(branches(&repos[0]), vec!["main".to_string()], "alpha is not in shard 1/2");
    assert_eq!(branches(&repos[1]), vec!["main".to_string()]);
}

#[test]
fn merge_reports_joins_real_shard_runs_into_one_markdown_report() {
    if !have_tools(TOOLS) {
        return;
    }
    let fleet = Fleet::new();
    let root = &fleet.root;
    make_repo(root, "alpha", LEAKY_GO);
    make_repo(root, "beta", CLEAN_GO);
    make_repo_with(root, "gamma", &[("main.go", LEAKY_GO), ("keep.go", KEEPS_WORKING_GO)]);
    fs::write(root.join("fleet.txt"), "alpha\nbeta\ngamma\nmissing\n").unwrap();
    for i in 0..2 {
        let shard = format!("{i}/2");
        let report = format!("reports/shard-{i}.md");
        let out = fleet.run(
            root,
            &["--no-verify", "--repos", "fleet.txt", "--shard", &shard, "--report", &report],
            &[],
        );
        assert_eq!(out.status.code(), Some(i32::from(i == 1)), "shard {shard}: `missing` fails in shard 1");
    }
    let out = fleet.run(
        root,
        &["merge-reports", "--report", "fleet.md", "reports/shard-0.jsonl", "reports/shard-1.jsonl"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let md = fleet.read("fleet.md");
    assert!(md.contains(TABLE_HEADER), "merged:\n{md}");
    assert!(md.contains("Repositories: 4 ("), "merged:\n{md}");
    assert!(md.contains("merged from 2 report(s)"), "merged:\n{md}");
    assert_eq!(md_cells(&md, "alpha")[1], "fixed");
    assert_eq!(md_cells(&md, "beta")[1], "clean");
    assert_eq!(md_cells(&md, "gamma")[1..5], ["partly-fixed", "1", "1", "1 (abandoned-sender: 1)"]);
    assert!(md_row(&md, "missing").contains("not a directory"), "merged:\n{md}");
    assert!(md.contains("### gamma"), "findings left section:\n{md}");
    let merged = records(&fleet.read("fleet.jsonl"));
    let names: Vec<&str> = merged.iter().map(|r| r["repo"].as_str().unwrap()).collect();
    assert_eq!(names, ["alpha", "gamma", "beta", "missing"]);

    // The same shard twice is an overlap, not a bigger fleet.
    let out = fleet.run(
        root,
        &["merge-reports", "--report", "bad.md", "reports/shard-0.jsonl", "reports/shard-0.jsonl"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("overlapping"), "{}", stderr(&out));
    assert!(!root.join("bad.md").exists());
}

#[test]
fn usage_errors_exit_2() {
    if !have_tools(&["bash", "python3", "git"]) {
        return;
    }
    let fleet = Fleet::new();
    for args in [
        &[][..],
        &["--shard", "2/2", "x"][..],
        &["--shard", "1", "x"][..],
        &["--shard", "0/0", "x"][..],
        &["--frobnicate", "x"][..],
        &["--report"][..],
        &["--repos", "does-not-exist.txt"][..],
        &["--conflict-strategy", "merge", "x"][..],
        &["-j", "0", "x"][..],
        &["--forge", "bitbucket", "x"][..],
        &["--dry-run", "p", "--push", "x"][..],
        &["merge-reports"][..],
        &["merge-reports", "nope.jsonl"][..],
    ] {
        let out = fleet.run(&fleet.root, args, &[]);
        assert_eq!(out.status.code(), Some(2), "args {args:?}");
    }
    let out = fleet.run(&fleet.root, &["--help"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for option in
        ["--dry-run DIR", "--conflict-strategy", "--open-pr", "merge-reports", "--json", "--cache DIR"]
    {
        assert!(help.contains(option), "--help lacks {option}");
    }
    assert!(!fleet.root.join("chanfix-report.md").exists(), "usage error wrote a report");
}

/// Every `--option` that the documentation and the workflow pass to
/// `scripts/bulk-migrate` is one that `--help` documents.
#[test]
fn docs_and_workflow_use_only_documented_options() {
    if !have_tools(&["bash", "python3"]) {
        return;
    }
    let help = Command::new(script()).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let option = regex::Regex::new(r"(?:^|\s)(--[a-z][a-z-]*)").unwrap();
    let mut checked = 0;
    for file in ["docs/bulk-migrate.md", ".github/workflows/bulk-migrate.yml", "README.md"] {
        let text = fs::read_to_string(manifest.join(file)).unwrap();
        // Invocations, with their continuation lines.
        let mut continued = false;
        for line in text.lines() {
            if !(continued || line.contains("scripts/bulk-migrate")) {
                continue;
            }
            for cap in option.captures_iter(line) {
                let opt = &cap[1];
                assert!(help.contains(opt), "{file}: `{opt}` is not in --help:\n{line}");
                checked += 1;
            }
            continued = line.trim_end().ends_with('\\');
        }
    }
    assert!(checked > 20, "only {checked} options found: is the pattern still right?");
    let workflow = fs::read_to_string(manifest.join(".github/workflows/bulk-migrate.yml")).unwrap();
    for needle in [
        "matrix:",
        "--shard \"${{ matrix.shard }}/",
        "actions/upload-artifact",
        "needs: migrate",
        "merge-reports",
    ] {
        assert!(workflow.contains(needle), "workflow lacks `{needle}`");
    }
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
