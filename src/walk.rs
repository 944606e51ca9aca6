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
        let trimmed = if trimmed.len() > 1 { trimmed.trim_end_matches('/') } else { trimmed };
        let path = cwd.join(trimmed);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk_dir(trimmed, &path, &mut targets, &mut errors),
            Ok(_) => targets.push(Target { display: shown(trimmed, Path::new("")), path }),
            Err(e) => errors.push(WalkError { display: trimmed.to_string(), message: describe(&e) }),
        }
    }
    if args.len() > 1 {
        // Two arguments may name the same file by different paths.
        let mut seen = std::collections::HashSet::new();
        targets.retain(|t| seen.insert(std::fs::canonicalize(&t.path).unwrap_or_else(|_| t.path.clone())));
    }
    targets.sort();
    (targets, errors)
}

fn walk_dir(typed: &str, root: &Path, targets: &mut Vec<Target>, errors: &mut Vec<WalkError>) {
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
                    let below = entry.path().strip_prefix(root).unwrap_or(entry.path());
                    targets.push(Target { display: shown(typed, below), path: entry.path().to_path_buf() });
                }
            }
            Err(e) => errors.push(walk_error(typed, root, &e)),
        }
    }
}

/// An error of the walk, shown at the path it is about (the walk's root
/// when it names none).
fn walk_error(typed: &str, root: &Path, e: &ignore::Error) -> WalkError {
    match e {
        ignore::Error::WithDepth { err, .. } => walk_error(typed, root, err),
        ignore::Error::WithPath { path, err } => {
            let below = path.strip_prefix(root).unwrap_or(path);
            let message = err.io_error().map_or_else(|| err.to_string(), describe);
            WalkError { display: shown(typed, below), message }
        }
        _ => WalkError { display: shown(typed, Path::new("")), message: e.to_string() },
    }
}

fn skipped_dir(entry: &ignore::DirEntry) -> bool {
    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
    let name = entry.file_name().to_string_lossy();
    is_dir && (name.starts_with('.') || name.starts_with('_') || name == "vendor" || name == "testdata")
}

/// How to show a file to the user: the path as they typed it, then the
/// part below it that the walk added (`./x/a.go` → `x/a.go`, `.` → `a.go`).
fn shown(typed: &str, below: &Path) -> String {
    let typed = typed.trim_start_matches("./");
    let typed = if typed == "." { "" } else { typed.trim_end_matches('/') };
    let below = below.to_string_lossy();
    match (typed.is_empty(), below.is_empty()) {
        (true, true) => ".".to_string(),
        (true, false) => below.into_owned(),
        (false, true) => typed.to_string(),
        (false, false) => format!("{typed}/{below}"),
    }
}

pub fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{shown, walk_error};
    use std::path::Path;

    #[test]
    fn paths_are_shown_as_typed() {
        assert_eq!(shown(".", Path::new("a/b.go")), "a/b.go");
        assert_eq!(shown("./pkg", Path::new("b.go")), "pkg/b.go");
        assert_eq!(shown("../other", Path::new("b.go")), "../other/b.go");
        assert_eq!(shown("/abs/dir", Path::new("b.go")), "/abs/dir/b.go");
        assert_eq!(shown("./x.go", Path::new("")), "x.go");
        assert_eq!(shown(".", Path::new("")), ".", "the root itself is never an empty name");
        assert_eq!(shown("./", Path::new("")), ".");
    }

    #[test]
    fn walk_errors_name_the_path_they_are_about() {
        let root = Path::new("/work/here");
        let denied = || Box::new(ignore::Error::Io(std::io::ErrorKind::PermissionDenied.into()));
        let below = ignore::Error::WithDepth {
            depth: 1,
            err: Box::new(ignore::Error::WithPath { path: root.join("sub"), err: denied() }),
        };
        let e = walk_error(".", root, &below);
        assert_eq!((e.display.as_str(), e.message.as_str()), ("sub", "permission denied"));
        let at_root = ignore::Error::WithPath { path: root.to_path_buf(), err: denied() };
        assert_eq!(walk_error(".", root, &at_root).display, ".");
        assert_eq!(walk_error("./pkg", root, &at_root).display, "pkg");
        let bare = ignore::Error::Io(std::io::ErrorKind::Other.into());
        assert_eq!(walk_error(".", root, &bare).display, ".");
    }
}
