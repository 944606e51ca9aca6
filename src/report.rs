//! The run's data model, shared by every front end (the command line, the
//! language server) and every back end (the output formats, `--verify`):
//! what the scan was for ([`Mode`]), each file's result ([`FileResult`]) and
//! the whole run ([`Report`]). It sits below all of them so that no two of
//! those modules import each other.

use crate::pipeline::Outcome;
use crate::write::Stamp;
use std::path::PathBuf;

/// What the scan is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Check,
    Diff,
    Fix { verify: bool },
}

impl Mode {
    pub fn is_fix(self) -> bool {
        matches!(self, Mode::Fix { .. })
    }
}

/// One file's result, as the modes see it.
pub struct FileResult {
    pub display: String,
    /// Where to write a fix; `None` for standard input.
    pub path: Option<PathBuf>,
    pub original: String,
    pub outcome: Outcome,
    /// `fix` wrote `outcome.fixed` to `path` (and `--verify` kept it).
    pub written: bool,
    /// Size and modification time when the file was read: a file that
    /// changed on disk since is not written.
    pub stamp: Option<Stamp>,
    /// What `fix --verify` concluded, for a file with a fix.
    pub verdict: Option<Verdict>,
    /// The other files of the run (by display) that fixes change together
    /// with this one: a fix in one file that also edits another file of
    /// its package. They are written, kept or undone all together.
    pub together: Vec<String>,
}

impl FileResult {
    /// Whether `fix` changes this file, or writes fixes of it into other
    /// files (a fix whose edits all land in another file of the package).
    pub fn changes(&self) -> bool {
        self.outcome.fixed.is_some() || (!self.together.is_empty() && !self.outcome.others.is_empty())
    }

    /// How the file `name` of this file's directory is shown.
    pub fn display_of(&self, name: &str) -> String {
        match std::path::Path::new(&self.display).parent().map(|p| p.to_string_lossy()) {
            Some(dir) if !dir.is_empty() => format!("{}/{name}", dir.trim_end_matches('/')),
            _ => name.to_string(),
        }
    }
}

/// What `fix --verify` concluded about a file with a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Written, and `go build` and `go vet` passed before and after.
    Verified,
    /// Not written (or rolled back), with the reason.
    NotVerified(String),
}

/// Everything a scan found, sorted by path.
pub struct Report {
    pub files: Vec<FileResult>,
    pub scanned: usize,
    pub errors: Vec<(String, String)>,
    /// Packages whose fixes `fix --verify` undid.
    pub rollbacks: Vec<Rollback>,
}

/// A package whose fix `fix --verify` undid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollback {
    /// The package directory, as shown to the user (relative to the cwd).
    pub package: String,
    /// The files restored, as shown to the user.
    pub files: Vec<String>,
    /// `go build` or `go vet`: the tool that failed.
    pub tool: &'static str,
    /// What the tool printed (standard output, then standard error).
    pub output: String,
    /// How many fixes were undone.
    pub fixes: usize,
}

impl Report {
    /// The files written together with file `i` (see [`FileResult::together`]),
    /// `i` included, as indexes.
    pub fn group_of(&self, i: usize) -> Vec<usize> {
        let mut group = vec![i];
        let mut k = 0;
        while k < group.len() {
            let partners = self.files[group[k]].together.clone();
            for display in partners {
                if let Some(j) = self.files.iter().position(|f| f.display == display)
                    && !group.contains(&j)
                {
                    group.push(j);
                }
            }
            k += 1;
        }
        group.sort_unstable();
        group
    }

    /// How many findings each rule reported, and how many of them have a
    /// fix, by rule id.
    pub fn rule_counts(&self) -> std::collections::BTreeMap<&'static str, (usize, usize)> {
        let mut counts = std::collections::BTreeMap::new();
        for f in self.files.iter().flat_map(|f| &f.outcome.findings) {
            let (all, fixable) = counts.entry(f.rule).or_insert((0, 0));
            *all += 1;
            *fixable += usize::from(f.fix.is_some());
        }
        counts
    }
}
