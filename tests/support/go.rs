//! Helpers shared by the integration tests that shell out to the Go toolchain
//! (`tests/evidence.rs`, `tests/smoke_goroot.rs`, `tests/verify.rs`,
//! `tests/bulk_migrate.rs`). Included with `#[path = "support/go.rs"] mod go;`.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Oldest Go with the runtime goroutine leak detector.
pub const MIN_MINOR: u32 = 26;
const LEAK_EXPERIMENT: &str = "goroutineleakprofile";

/// True when running on CI, where a missing toolchain is an error, not a skip.
pub fn on_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// The Go-missing policy: panic on CI, otherwise say why on stderr so the
/// caller can return early.
pub fn unavailable(test: &str, why: &str) {
    skip_unless_ci(test, "Go toolchain unusable", why);
}

fn skip_unless_ci(test: &str, what: &str, why: &str) {
    if on_ci() {
        panic!("{test}: {what} and CI is set: {why}");
    }
    eprintln!("{test}: skipped: {why}");
}

/// True when `tool` is a file in one of the directories on PATH.
pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// For tests that only need `tools` present on PATH (no version check): true
/// when they all are, else the same policy as [`unavailable`] and false.
pub fn have_tools(test: &str, tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !on_path(t)).collect();
    if missing.is_empty() {
        return true;
    }
    skip_unless_ci(test, "required tool missing", &format!("{} not found on PATH", missing.join(", ")));
    false
}

/// What the tests need to know about the Go installation.
pub struct Toolchain {
    pub version: String,
    pub goroot: PathBuf,
    pub gofmt: PathBuf,
}

/// Finds a usable Go (>= 1.26) on PATH, or says why there is none.
pub fn toolchain() -> Result<Toolchain, String> {
    let (version, goroot) = go_env()?;
    match minor_of(&version) {
        Some(minor) if minor >= MIN_MINOR => {}
        _ => {
            return Err(format!(
                "{version:?} is not Go >= 1.{MIN_MINOR} (needed for the goroutine leak detector)"
            ));
        }
    }
    // Prefer the gofmt on PATH (what a user runs), else the toolchain's own.
    let gofmt = if Command::new("gofmt").arg("-l").stdin(Stdio::null()).output().is_ok() {
        PathBuf::from("gofmt")
    } else {
        let p = goroot.join("bin").join("gofmt");
        if !p.exists() {
            return Err(format!("gofmt is neither on PATH nor at {}", p.display()));
        }
        p
    };
    Ok(Toolchain { version, goroot, gofmt })
}

/// `go env GOVERSION GOROOT`, asked without any GOEXPERIMENT: a value the
/// toolchain does not know (the leak experiment on Go 1.27) is an error.
fn go_env() -> Result<(String, PathBuf), String> {
    let mut cmd = Command::new("go");
    cmd.env_remove("GOEXPERIMENT").env("GOTOOLCHAIN", "local").args(["env", "GOVERSION", "GOROOT"]);
    let out = run(&mut cmd, None, Duration::from_secs(60))
        .map_err(|e| format!("`go env` failed ({e}); is Go installed and on PATH?"))?;
    if !out.status.success() {
        return Err(format!("`go env` failed: {}", out.describe()));
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = text.lines();
    let version = lines.next().unwrap_or("").trim().to_string();
    Ok((version, PathBuf::from(lines.next().unwrap_or("").trim())))
}

/// `26` for `go1.26.8`.
fn minor_of(version: &str) -> Option<u32> {
    let rest = &version[version.find("go1.")? + 4..];
    rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
}

/// The minor version of the `go` on PATH, asked once per test process.
fn go_minor() -> Option<u32> {
    static MINOR: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
    *MINOR.get_or_init(|| go_env().ok().and_then(|(v, _)| minor_of(&v)))
}

/// A command for a Go tool with a hermetic environment: the leak detector
/// on, no toolchain downloads, no go.work from outside, no GOFLAGS.
pub fn go_command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("GOTOOLCHAIN", "local").env("GOWORK", "off").env("GOFLAGS", "");
    match goexperiment(std::env::var("GOEXPERIMENT").ok(), go_minor()) {
        Some(v) => cmd.env("GOEXPERIMENT", v),
        None => cmd.env_remove("GOEXPERIMENT"),
    };
    cmd
}

/// The GOEXPERIMENT value for a toolchain of `minor`: the leak profile is an
/// experiment on Go 1.26 only; from Go 1.27 on it is on by default and the
/// experiment's name is an error, so it is taken out of the inherited value.
fn goexperiment(inherited: Option<String>, minor: Option<u32>) -> Option<String> {
    let mut parts: Vec<String> = inherited
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty() && *e != LEAK_EXPERIMENT)
        .map(String::from)
        .collect();
    if minor == Some(MIN_MINOR) {
        parts.push(LEAK_EXPERIMENT.to_string());
    }
    (!parts.is_empty()).then(|| parts.join(","))
}

#[test]
fn leak_experiment_only_for_go_1_26() {
    assert_eq!(goexperiment(None, Some(26)).as_deref(), Some(LEAK_EXPERIMENT));
    assert_eq!(goexperiment(Some(LEAK_EXPERIMENT.into()), Some(27)), None);
    assert_eq!(goexperiment(Some("arenas,goroutineleakprofile".into()), Some(27)).as_deref(), Some("arenas"));
    assert_eq!(goexperiment(Some("arenas".into()), Some(26)).as_deref(), Some("arenas,goroutineleakprofile"));
    assert_eq!(minor_of("go1.27.3"), Some(27));
    assert_eq!(minor_of("devel"), None);
}

/// Captured result of a finished process.
pub struct Output {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Output {
    /// Exit status plus (truncated) stdout and stderr, for failure messages.
    pub fn describe(&self) -> String {
        let mut s = format!("{}", self.status);
        for (name, bytes) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            let text = text.trim_end();
            if !text.is_empty() {
                s.push_str(&format!("\n      {name}: {}", indent(&truncate(text, 3000))));
            }
        }
        s
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n[... {} more bytes]", &s[..end], s.len() - end)
}

fn indent(s: &str) -> String {
    s.replace('\n', "\n        ")
}

/// Runs `cmd` to completion, feeding `stdin`, capturing stdout and stderr,
/// and killing it if it outlives `timeout` (which is then an error).
pub fn run(cmd: &mut Command, stdin: Option<&[u8]>, timeout: Duration) -> Result<Output, String> {
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child: Child = cmd.spawn().map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin piped");
        let bytes = bytes.to_vec();
        // A child that exits without reading gives EPIPE; its exit status tells the story.
        thread::spawn(move || drop(pipe.write_all(&bytes)))
    });
    let mut out_pipe = child.stdout.take().expect("stdout piped");
    let mut err_pipe = child.stderr.take().expect("stderr piped");
    let out_reader = thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_reader = thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| format!("wait failed: {e}"))? {
            Some(status) => break status,
            None if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{:?} timed out after {timeout:?} and was killed", cmd.get_program()));
            }
            None => thread::sleep(Duration::from_millis(2)),
        }
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Ok(Output { status, stdout, stderr })
}

/// `cmd.output()`, echoing the exit code, stdout and stderr under `label`
/// with `eprintln!` (libtest shows them when the test fails).
pub fn output_logged(cmd: &mut Command, label: &str) -> std::process::Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("run {label}: {e}"));
    eprintln!(
        "{label} -> {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `gofmt -l -e` on `files` (run in `dir`): Ok if every file is formatted and
/// parses, else a description of what is wrong.
pub fn gofmt_check(gofmt: &Path, dir: &Path, files: &[PathBuf]) -> Result<(), String> {
    let mut cmd = Command::new(gofmt);
    cmd.current_dir(dir).args(["-l", "-e"]).args(files);
    let out = run(&mut cmd, None, Duration::from_secs(120))?;
    if out.status.success() && out.stdout.is_empty() && out.stderr.is_empty() {
        Ok(())
    } else {
        Err(format!("gofmt -l -e reports problems: {}", out.describe()))
    }
}
