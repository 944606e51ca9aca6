//! Turns the paths on the command line into the list of Go files to
//! process, the way Go developers expect: `./...` and `dir/...` mean the
//! directory tree; .gitignore/.ignore are honoured; `vendor/`, `testdata/`
//! and directories starting with `.` or `_` are skipped unless named
//! explicitly; files named explicitly are always processed. The list is
//! sorted so that output is deterministic.

use ignore::WalkBuilder;
use std::path::{Path, PathBuf};

/// A file to process: where it is, and how to show it to the user.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub display: String,
    pub path: PathBuf,
}

/// A path that could not be walked, with the reason.
#[derive(Debug)]
pub struct WalkError {
    pub display: String,
    pub message: String,
}

pub fn collect(cwd: &Path, args: &[String]) -> (Vec<Target>, Vec<WalkError>) {
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        let trimmed = arg.strip_suffix("/...").or_else(|| (arg == "...").then_some(".")).unwrap_or(arg);
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        let path = cwd.join(trimmed);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk_dir(cwd, &path, &mut targets, &mut errors),
            Ok(_) => targets.push(Target { display: display(cwd, &path), path }),
            Err(e) => errors.push(WalkError { display: trimmed.to_string(), message: describe(&e) }),
        }
    }
    targets.sort();
    targets.dedup();
    (targets, errors)
}

fn walk_dir(cwd: &Path, root: &Path, targets: &mut Vec<Target>, errors: &mut Vec<WalkError>) {
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.depth() == 0 || !skipped_dir(entry))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && entry.path().extension().is_some_and(|e| e == "go") {
                    targets.push(Target {
                        display: display(cwd, entry.path()),
                        path: entry.path().to_path_buf(),
                    });
                }
            }
            Err(e) => errors.push(WalkError { display: display(cwd, root), message: e.to_string() }),
        }
    }
}

fn skipped_dir(entry: &ignore::DirEntry) -> bool {
    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
    let name = entry.file_name().to_string_lossy();
    is_dir && (name.starts_with('.') || name.starts_with('_') || name == "vendor" || name == "testdata")
}

/// The path relative to the working directory when it lies below it.
pub fn display(cwd: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let text = shown.to_string_lossy();
    let text = text.strip_prefix("./").unwrap_or(&text);
    if text.is_empty() { ".".to_string() } else { text.replace("/./", "/") }
}

pub fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
