//! scripts/action.sh, the logic of the GitHub Action (action.yml), run
//! directly with a faked GitHub environment: the release binary for each
//! runner, the cargo fallback (fake `curl` and `cargo` on PATH), and a pull
//! request run that reports only the new finding.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const LEAK: &str = include_str!("../testdata/cli/timeout.go");

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action.sh")
}

/// Runs `action.sh COMMAND` in `cwd` with only `env` (and a PATH with
/// `path_first` before the system's).
fn action(cwd: &Path, command: &str, path_first: &[&Path], env: &[(&str, &str)]) -> Output {
    let mut path: Vec<PathBuf> = path_first.iter().map(|p| p.to_path_buf()).collect();
    path.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let vars: HashMap<&str, &str> = env.iter().copied().collect();
    Command::new("bash")
        .arg(script())
        .arg(command)
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::join_paths(path).unwrap())
        .env("HOME", cwd)
        .envs(vars)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write_exe(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/usr/bin/env bash\n{body}")).unwrap();
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(path, perms).unwrap();
}

#[test]
fn a_release_binary_for_every_runner() {
    let dir = tempfile::tempdir().unwrap();
    for (os, arch, triple) in [
        ("Linux", "X64", "x86_64-unknown-linux-gnu"),
        ("Linux", "ARM64", "aarch64-unknown-linux-gnu"),
        ("macOS", "X64", "x86_64-apple-darwin"),
        ("macOS", "ARM64", "aarch64-apple-darwin"),
        ("Windows", "X64", "x86_64-pc-windows-msvc"),
        ("Windows", "ARM64", "aarch64-pc-windows-msvc"),
    ] {
        let out = action(dir.path(), "target", &[], &[("RUNNER_OS", os), ("RUNNER_ARCH", arch)]);
        assert_eq!(text(&out.stdout), format!("{triple}\n"));
    }
    let out = action(dir.path(), "target", &[], &[("RUNNER_OS", "Linux"), ("RUNNER_ARCH", "ARM")]);
    assert!(!out.status.success());
}

/// A bin directory with a fake `curl` serving `archive` (or failing when
/// `None`) and a fake `cargo` that logs its arguments and installs a fake
/// chanfix into $CARGO_HOME/bin.
fn fake_tools(dir: &Path, archive: Option<&Path>) -> PathBuf {
    let bin = dir.join("fakebin");
    std::fs::create_dir_all(&bin).unwrap();
    let curl = match archive {
        Some(a) => format!(
            "out=''; url=''\nwhile [ $# -gt 0 ]; do case $1 in -o) out=$2; shift;; -*) ;; *) url=$1;; esac; shift; done\n\
             echo \"$url\" >>\"{log}\"\ncp \"{a}\" \"$out\"\n",
            log = dir.join("curl.log").display(),
            a = a.display()
        ),
        None => format!("echo \"$@\" >>\"{}\"\nexit 22\n", dir.join("curl.log").display()),
    };
    write_exe(&bin.join("curl"), &curl);
    let cargo = format!(
        "echo \"$@\" >>\"{log}\"\nmkdir -p \"$CARGO_HOME/bin\"\nprintf '#!/usr/bin/env bash\\necho chanfix from cargo\\n' >\"$CARGO_HOME/bin/chanfix\"\nchmod +x \"$CARGO_HOME/bin/chanfix\"\n",
        log = dir.join("cargo.log").display()
    );
    write_exe(&bin.join("cargo"), &cargo);
    bin
}

#[test]
fn install_downloads_the_release_of_the_actions_tag() {
    let dir = tempfile::tempdir().unwrap();
    let staging = dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    write_exe(&staging.join("chanfix"), "echo chanfix from the release\n");
    let archive = dir.path().join("release.tar.gz");
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(&staging)
        .arg("chanfix")
        .status()
        .unwrap();
    assert!(tar.success());
    let bin = fake_tools(dir.path(), Some(&archive));
    let github_path = dir.path().join("github_path");
    let temp = dir.path().join("runner_temp");
    let out = action(
        dir.path(),
        "install",
        &[&bin],
        &[
            ("GITHUB_ACTION_REPOSITORY", "someone/chanfix"),
            ("GITHUB_ACTION_REF", "v1.2.3"),
            ("RUNNER_OS", "Linux"),
            ("RUNNER_ARCH", "ARM64"),
            ("RUNNER_TEMP", temp.to_str().unwrap()),
            ("GITHUB_PATH", github_path.to_str().unwrap()),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("chanfix from the release"), "{}", text(&out.stderr));
    let url = std::fs::read_to_string(dir.path().join("curl.log")).unwrap();
    assert_eq!(
        url,
        "https://github.com/someone/chanfix/releases/download/v1.2.3/chanfix-aarch64-unknown-linux-gnu.tar.gz\n"
    );
    assert_eq!(std::fs::read_to_string(github_path).unwrap(), format!("{}/chanfix-bin\n", temp.display()));
    assert!(!dir.path().join("cargo.log").exists());
}

#[test]
fn install_falls_back_to_cargo_without_a_release() {
    let dir = tempfile::tempdir().unwrap();
    let bin = fake_tools(dir.path(), None);
    let cargo_home = dir.path().join("cargo_home");
    let out = action(
        dir.path(),
        "install",
        &[&bin],
        &[
            ("GITHUB_ACTION_REPOSITORY", "someone/chanfix"),
            ("GITHUB_ACTION_REF", "main"),
            ("CHANFIX_VERSION", "v0.0.1"),
            ("CARGO_HOME", cargo_home.to_str().unwrap()),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("chanfix from cargo"));
    let cargo = std::fs::read_to_string(dir.path().join("cargo.log")).unwrap();
    assert_eq!(cargo, "install --locked --git https://github.com/someone/chanfix --rev main chanfix\n");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

/// A repository on a pull request branch: main has one leak in old.go,
/// the branch adds new.go with another; origin/main is main.
fn pull_request() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(dir.path().join("old.go"), LEAK).unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "old"]);
    git(dir.path(), &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    std::fs::write(dir.path().join("new.go"), LEAK).unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "new"]);
    dir
}

fn chanfix_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_chanfix")).parent().unwrap().to_path_buf()
}

#[test]
fn on_a_pull_request_only_the_new_finding_is_annotated() {
    let repo = pull_request();
    let outputs = repo.path().join("github_output");
    let out = action(
        repo.path(),
        "run",
        &[&chanfix_dir()],
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_BASE_REF", "main"),
            ("GITHUB_OUTPUT", outputs.to_str().unwrap()),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("::warning file=new.go,line=15,"), "{stdout}");
    assert!(!stdout.contains("old.go"), "{stdout}");
    assert!(text(&out.stderr).contains("--new-from-merge-base origin/main"));
    assert_eq!(std::fs::read_to_string(outputs).unwrap(), "exit-code=1\n");
}

#[test]
fn sarif_on_a_push_covers_everything_and_can_pass() {
    let repo = pull_request();
    let outputs = repo.path().join("github_output");
    let out = action(
        repo.path(),
        "run",
        &[&chanfix_dir()],
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("CHANFIX_FORMAT", "sarif"),
            ("CHANFIX_FAIL", "false"),
            ("GITHUB_OUTPUT", outputs.to_str().unwrap()),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("chanfix.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
    assert_eq!(std::fs::read_to_string(outputs).unwrap(), "sarif-file=chanfix.sarif\nexit-code=1\n");
}
