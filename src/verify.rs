//! `chanfix fix --verify`: prove that the rewritten code still builds.
//!
//! Before anything is written, `go build` and `go vet` run in every package
//! directory that a fix is about to change (cwd = that directory, so the
//! module's own `go.mod` and settings apply; the build output is thrown
//! away). After the writes they run again. A package where a tool passed
//! before and fails after gets its original files back (written
//! atomically, like the fix itself) and is reported as rolled back with the
//! tool's output. A tool that already failed on the original code proves
//! nothing, so the fix is then kept with a note.

use crate::cli::write_atomically;
use crate::report::{FileResult, Report, Rollback};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The tools run on each package, in order.
const TOOLS: [&str; 2] = ["go build", "go vet"];

/// Output longer than this is cut (a broken package can print a lot).
const MAX_OUTPUT: usize = 16 << 10;

/// The Go toolchain found on PATH.
pub struct Go {
    program: PathBuf,
}

impl Go {
    /// Finds `go` on PATH, or says clearly that it is not there.
    pub fn find() -> Result<Go, String> {
        let names: &[&str] = if cfg!(windows) { &["go.exe", "go"] } else { &["go"] };
        std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .find(|p| p.is_file())
            .map(|program| Go { program })
            .ok_or_else(|| {
                "the Go toolchain is needed to verify fixes, but `go` was not found on PATH \
                 (install Go or add it to PATH, or run without --verify); nothing was written"
                    .to_string()
            })
    }

    /// Runs `tool` (one of [`TOOLS`]) in `dir`: `Err(output)` when it fails.
    fn run(&self, tool: &str, dir: &Path) -> Result<(), String> {
        let null = if cfg!(windows) { "NUL" } else { "/dev/null" };
        let mut cmd = Command::new(&self.program);
        match tool {
            "go build" => cmd.args(["build", "-o", null, "."]),
            _ => cmd.args(["vet", "."]),
        };
        let out = cmd.current_dir(dir).output().map_err(|e| format!("cannot run {tool}: {e}"))?;
        if out.status.success() {
            return Ok(());
        }
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        let mut text = text.trim_end().to_string();
        if text.is_empty() {
            text = format!("{tool} exited with {}", out.status);
        }
        if text.len() > MAX_OUTPUT {
            let mut end = MAX_OUTPUT;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            text.push_str("\n[... output cut]");
        }
        Err(text)
    }
}

/// One package directory about to change.
struct Package {
    dir: PathBuf,
    display: String,
    /// Indexes into the report's files.
    files: Vec<usize>,
    /// Whether each of [`TOOLS`] passed on the original code.
    passed_before: [bool; 2],
}

/// The checks of the original code, to compare with after the writes.
pub struct Plan {
    go: Go,
    packages: Vec<Package>,
}

impl Plan {
    /// Runs the tools on the original code of every package that `fix` is
    /// about to change (the files with a path and a fixed text).
    pub fn before(go: Go, files: &[FileResult]) -> Plan {
        let mut by_dir: BTreeMap<PathBuf, (String, Vec<usize>)> = BTreeMap::new();
        for (i, file) in files.iter().enumerate() {
            let (Some(path), Some(_)) = (&file.path, &file.outcome.fixed) else { continue };
            // A symbolic link is written through: its target's directory changes.
            let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let dir = real.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            let display = match Path::new(&file.display).parent().map(|p| p.to_string_lossy()) {
                Some(p) if !p.is_empty() => p.into_owned(),
                _ => ".".to_string(),
            };
            by_dir.entry(dir).or_insert_with(|| (display, Vec::new())).1.push(i);
        }
        let packages = by_dir
            .into_iter()
            .map(|(dir, (display, files))| {
                let passed_before = TOOLS.map(|tool| go.run(tool, &dir).is_ok());
                Package { dir, display, files, passed_before }
            })
            .collect();
        Plan { go, packages }
    }

    /// Runs the tools again on every package that was written, and undoes
    /// the fixes of a package that now fails where it passed before.
    pub fn after(self, report: &mut Report, stderr: &mut dyn Write) {
        for package in self.packages {
            if !package.files.iter().any(|&i| report.files[i].written) {
                continue;
            }
            let failed = TOOLS
                .iter()
                .zip(package.passed_before)
                .filter(|(_, before)| *before)
                .find_map(|(tool, _)| self.go.run(tool, &package.dir).err().map(|out| (*tool, out)));
            match failed {
                Some((tool, output)) => roll_back(report, &package, tool, output, stderr),
                None if package.passed_before.contains(&false) => {
                    let failing: Vec<&str> = TOOLS
                        .iter()
                        .zip(package.passed_before)
                        .filter(|(_, ok)| !ok)
                        .map(|(t, _)| *t)
                        .collect();
                    let _ = writeln!(
                        stderr,
                        "chanfix: {}: not fully verified: {} already failed before the fix; fix kept",
                        package.display,
                        failing.join(" and ")
                    );
                }
                None => {}
            }
        }
    }
}

fn roll_back(
    report: &mut Report,
    package: &Package,
    tool: &'static str,
    output: String,
    stderr: &mut dyn Write,
) {
    let _ = writeln!(stderr, "chanfix: {}: fix rolled back: {tool} failed:", package.display);
    for line in output.lines() {
        let _ = writeln!(stderr, "    {line}");
    }
    let mut rollback =
        Rollback { package: package.display.clone(), files: Vec::new(), tool, output, fixes: 0 };
    for &i in &package.files {
        let file = &mut report.files[i];
        let (Some(path), Some(fixed), true) = (&file.path, &file.outcome.fixed, file.written) else {
            continue;
        };
        if let Err(message) = write_atomically(path, fixed, &file.original) {
            report.errors.push((
                file.display.clone(),
                format!("{tool} failed after the fix, and the original could not be restored: {message}"),
            ));
            continue;
        }
        file.written = false;
        file.outcome.fixed = None;
        for f in file.outcome.findings.iter_mut().filter(|f| f.fix.is_some()) {
            f.fix = None;
            f.no_fix_reason =
                Some(format!("its fix was rolled back: {tool} failed after it (see the rollbacks)"));
            rollback.fixes += 1;
        }
        rollback.files.push(file.display.clone());
    }
    if !rollback.files.is_empty() {
        report.rollbacks.push(rollback);
    }
}
