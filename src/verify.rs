//! `chanfix fix --verify`: a fix is written only where the Go toolchain
//! can prove that the rewritten code still builds, and undone where it
//! does not. `--verify` means verified or rolled back, never "written and
//! hoped for".
//!
//! Before anything is written, the packages that fixes are about to change
//! are grouped by module (the nearest `go.mod`). Per module, `go list`
//! says which files the build compiles; a fix in a file it does not
//! compile (excluded by build constraints on this platform, outside any
//! package) is not written, and neither is one in a file without a
//! `go.mod` above it, or when `go` cannot run. Then one `go build` and one
//! `go vet` run over all those packages (the go command parallelises);
//! only when one fails do per-package runs find the packages that already
//! fail, whose fixes are not written either: nothing could be proved there.
//! After the writes the same two runs check the written packages; a
//! package that now fails gets its original files back (written
//! atomically, like the fix) and is reported as rolled back with the
//! tool's output.

use crate::report::{FileResult, Report, Rollback, Verdict};
use crate::write;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The tools run on the packages, in order.
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

    /// Runs `go ARGS` in `dir`: its standard output, or what it printed
    /// when it failed.
    fn run(&self, dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
        let out = Command::new(&self.program)
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.program.display()))?;
        if out.status.success() {
            return Ok(out.stdout);
        }
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        let mut text = text.trim_end().to_string();
        if text.is_empty() {
            text = format!("go {} exited with {}", args[0], out.status);
        }
        Err(cut(text))
    }

    /// Runs `tool` (one of [`TOOLS`]) over `patterns` in module `root`.
    fn tool(&self, tool: &str, root: &Path, patterns: &[&str]) -> Result<(), String> {
        let null = if cfg!(windows) { "NUL" } else { "/dev/null" };
        let mut args = match tool {
            "go build" => vec!["build", "-o", null],
            _ => vec!["vet"],
        };
        args.extend_from_slice(patterns);
        self.run(root, &args).map(|_| ())
    }

    /// The packages among `packages` (of module `root`) where a tool fails,
    /// with the tool and its output: one run of each tool over all, and
    /// per-package runs only to find the culprits when that fails.
    fn failing(&self, root: &Path, packages: &[Package]) -> BTreeMap<usize, (&'static str, String)> {
        let mut failing = BTreeMap::new();
        for tool in TOOLS {
            let left: Vec<usize> = (0..packages.len()).filter(|i| !failing.contains_key(i)).collect();
            let patterns: Vec<&str> = left.iter().map(|&i| packages[i].pattern.as_str()).collect();
            if patterns.is_empty() {
                break;
            }
            let Err(together) = self.tool(tool, root, &patterns) else { continue };
            let before = failing.len();
            for &i in &left {
                if let Err(output) = self.tool(tool, root, &[&packages[i].pattern]) {
                    failing.insert(i, (tool, output));
                }
            }
            if failing.len() == before {
                // Fails together but in no package alone: blame them all.
                failing.extend(left.into_iter().map(|i| (i, (tool, together.clone()))));
            }
        }
        failing
    }
}

fn cut(mut text: String) -> String {
    if text.len() > MAX_OUTPUT {
        let mut end = MAX_OUTPUT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("\n[... output cut]");
    }
    text
}

/// One package directory about to change.
struct Package {
    /// Its real directory.
    dir: PathBuf,
    display: String,
    /// How the go command names it from the module root (`./x`, `.`).
    pattern: String,
    /// Indexes into the report's files.
    files: Vec<usize>,
}

/// The packages about to change under one `go.mod`.
struct Module {
    root: PathBuf,
    packages: Vec<Package>,
}

/// The packages whose fixes can be verified, to check again after the writes.
pub struct Plan {
    go: Go,
    modules: Vec<Module>,
}

impl Plan {
    /// Decides which fixes can be verified, and holds back the others (not
    /// written, `verified: false` with the reason). `None`: nothing to verify.
    pub fn before(report: &mut Report, stderr: &mut dyn Write, quiet: bool) -> Option<Plan> {
        let go = match Go::find() {
            Ok(go) => go,
            Err(message) => {
                for file in report.files.iter_mut().filter(|f| f.path.is_some()) {
                    hold(file, "`go` was not found on PATH");
                }
                report.errors.push(("--verify".into(), message));
                return None;
            }
        };
        let (modules, outside) = modules(&report.files);
        for (package, reason) in outside {
            hold_package(report, &package, &reason, stderr);
        }
        let mut plan = Plan { go, modules: Vec::new() };
        for module in modules {
            if let Some(module) = plan.check_before(module, report, stderr, quiet) {
                plan.modules.push(module);
            }
        }
        Some(plan)
    }

    /// Keeps the packages of `module` whose files the build compiles and
    /// which build and vet cleanly now; holds back the rest.
    fn check_before(
        &self,
        mut module: Module,
        report: &mut Report,
        stderr: &mut dyn Write,
        quiet: bool,
    ) -> Option<Module> {
        if !quiet {
            let _ = writeln!(
                stderr,
                "chanfix: verify: checking {} package(s) under {} before writing",
                module.packages.len(),
                module.root.display()
            );
        }
        let patterns: Vec<&str> = module.packages.iter().map(|p| p.pattern.as_str()).collect();
        let listed = match self.list(&module.root, &patterns) {
            Ok(listed) => listed,
            Err(reason) => {
                for package in &module.packages {
                    hold_package(report, package, &reason, stderr);
                }
                return None;
            }
        };
        for package in &mut module.packages {
            let listed = listed.get(&package.dir);
            let (compiled, held): (Vec<usize>, Vec<usize>) =
                package.files.iter().partition(|&&i| not_compiled(listed, &report.files[i]).is_none());
            for &i in &held {
                let reason = not_compiled(listed, &report.files[i]).unwrap_or_default();
                let _ = writeln!(
                    stderr,
                    "chanfix: {}: not verified: {reason}; fix not written",
                    report.files[i].display
                );
                hold(&mut report.files[i], &reason);
            }
            package.files = compiled;
        }
        module.packages.retain(|p| !p.files.is_empty());
        for (i, (tool, output)) in self.go.failing(&module.root, &module.packages).into_iter().rev() {
            let package = module.packages.remove(i);
            let reason = format!("{tool} already fails on the original code, so the fix cannot be verified");
            hold_package(report, &package, &reason, stderr);
            for line in output.lines() {
                let _ = writeln!(stderr, "    {line}");
            }
        }
        (!module.packages.is_empty()).then_some(module)
    }

    /// Which files `go list` says the build (and vet, with tests) compiles,
    /// by real package directory.
    fn list(&self, root: &Path, patterns: &[&str]) -> Result<BTreeMap<PathBuf, Listed>, String> {
        let mut args =
            vec!["list", "-e", "-json=Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,IgnoredGoFiles,Error"];
        args.extend_from_slice(patterns);
        let out = self
            .go
            .run(root, &args)
            .map_err(|e| format!("`go list` failed, so nothing can be verified: {e}"))?;
        let mut listed = BTreeMap::new();
        for package in serde_json::Deserializer::from_slice(&out).into_iter::<Listed>() {
            let package = package.map_err(|e| format!("cannot read the output of `go list`: {e}"))?;
            let dir = std::fs::canonicalize(&package.dir).unwrap_or_else(|_| package.dir.clone());
            listed.insert(dir, package);
        }
        Ok(listed)
    }

    /// Checks the written packages again, rolls back those that now fail,
    /// marks the files of the others verified, and says how it went.
    pub fn after(self, report: &mut Report, stderr: &mut dyn Write, quiet: bool) {
        let (mut checked, mut rolled_back) = (0, 0);
        for mut module in self.modules {
            module.packages.retain(|p| p.files.iter().any(|&i| report.files[i].written));
            let failing = self.go.failing(&module.root, &module.packages);
            for (i, package) in module.packages.iter().enumerate() {
                checked += 1;
                match failing.get(&i) {
                    Some((tool, output)) => {
                        rolled_back += 1;
                        roll_back(report, package, tool, output.clone(), stderr);
                    }
                    None => {
                        for &f in &package.files {
                            let file = &mut report.files[f];
                            if file.written {
                                file.verdict = Some(Verdict::Verified);
                            }
                        }
                        if !quiet {
                            let _ = writeln!(
                                stderr,
                                "chanfix: verify: {}: go build and go vet pass",
                                package.display
                            );
                        }
                    }
                }
            }
        }
        if !quiet {
            let _ = writeln!(stderr, "chanfix: verified {checked} packages ({rolled_back} rolled back)");
        }
    }
}

/// What `go list -json` says about a package.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct Listed {
    dir: PathBuf,
    go_files: Vec<String>,
    cgo_files: Vec<String>,
    test_go_files: Vec<String>,
    x_test_go_files: Vec<String>,
    ignored_go_files: Vec<String>,
    error: Option<ListError>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct ListError {
    err: String,
}

/// Why the build does not compile `file`, or `None` when it does.
fn not_compiled(listed: Option<&Listed>, file: &FileResult) -> Option<String> {
    let Some(listed) = listed else {
        return Some("`go list` does not see this directory as a package".into());
    };
    let path = file.path.as_ref()?;
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
    let name = real.file_name()?.to_string_lossy();
    let compiled = [&listed.go_files, &listed.cgo_files, &listed.test_go_files, &listed.x_test_go_files];
    if compiled.iter().any(|names| names.iter().any(|n| *n == name)) {
        return None;
    }
    if listed.ignored_go_files.iter().any(|n| *n == name) {
        return Some(
            "the build does not compile this file on this platform (excluded by build constraints)".into(),
        );
    }
    Some(match &listed.error {
        Some(e) => format!("the build does not compile this file: {}", e.err.trim()),
        None => "the build does not compile this file".into(),
    })
}

/// The packages about to change, grouped by module, and those outside any
/// module with the reason.
fn modules(files: &[FileResult]) -> (Vec<Module>, Vec<(Package, String)>) {
    let mut by_dir: BTreeMap<PathBuf, Package> = BTreeMap::new();
    for (i, file) in files.iter().enumerate() {
        let (Some(path), Some(_)) = (&file.path, &file.outcome.fixed) else { continue };
        // A symbolic link is written through: its target's directory changes.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let dir = real.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let display = match Path::new(&file.display).parent().map(|p| p.to_string_lossy()) {
            Some(p) if !p.is_empty() => p.into_owned(),
            _ => ".".to_string(),
        };
        by_dir
            .entry(dir.clone())
            .or_insert_with(|| Package { dir, display, pattern: String::new(), files: Vec::new() })
            .files
            .push(i);
    }
    let mut modules: BTreeMap<PathBuf, Vec<Package>> = BTreeMap::new();
    let mut outside = Vec::new();
    for (dir, mut package) in by_dir {
        match dir.ancestors().find(|d| d.join("go.mod").is_file()) {
            Some(root) => {
                package.pattern = pattern(root, &dir);
                modules.entry(root.to_path_buf()).or_default().push(package);
            }
            None => outside
                .push((package, "no go.mod in this directory or above it, so it cannot be built".into())),
        }
    }
    let modules = modules.into_iter().map(|(root, packages)| Module { root, packages }).collect();
    (modules, outside)
}

/// How the go command, run in `root`, names the package in `dir`.
fn pattern(root: &Path, dir: &Path) -> String {
    let rel = dir.strip_prefix(root).unwrap_or(Path::new(""));
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.is_empty() { ".".into() } else { format!("./{}", parts.join("/")) }
}

/// Holds back every file of `package`, saying so once.
fn hold_package(report: &mut Report, package: &Package, reason: &str, stderr: &mut dyn Write) {
    let _ = writeln!(stderr, "chanfix: {}: not verified: {reason}; fix not written", package.display);
    for &i in &package.files {
        hold(&mut report.files[i], reason);
    }
}

/// A fix that cannot be verified is not written.
fn hold(file: &mut FileResult, reason: &str) {
    if file.outcome.fixed.take().is_none() {
        return;
    }
    file.verdict = Some(Verdict::NotVerified(reason.to_string()));
    for f in file.outcome.findings.iter_mut().filter(|f| f.fix.is_some()) {
        f.fix = None;
        f.no_fix_reason = Some(format!("not written: --verify could not verify it: {reason}"));
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
        let (Some(path), Some(fixed), Some(stamp), true) =
            (&file.path, &file.outcome.fixed, file.stamp, file.written)
        else {
            continue;
        };
        if let Err(message) = write::write_atomically(path, fixed, stamp, &file.original) {
            report.errors.push((
                file.display.clone(),
                format!("{tool} failed after the fix, and the original could not be restored: {message}"),
            ));
            continue;
        }
        file.written = false;
        file.outcome.fixed = None;
        file.verdict = Some(Verdict::NotVerified(format!("rolled back: {tool} failed after the fix")));
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
