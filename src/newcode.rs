//! Only new code: `--new-from-rev REV`, `--new-from-merge-base REV` and
//! `--new-from-patch FILE` limit a run to findings on lines added or changed
//! since then, so a codebase can adopt chanfix without first fixing
//! everything (as golangci-lint's `new-from-rev`). The lines come from the
//! hunks of a unified diff with no context (`git diff -U0`); files git does
//! not track yet are new as a whole.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What "new" is measured against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// The working tree against a revision.
    Rev(String),
    /// The working tree against the merge base of a revision and `HEAD`.
    MergeBase(String),
    /// The `+` side of a patch file (paths relative to the repository
    /// top, or to the working directory outside a repository).
    Patch(PathBuf),
}

/// The new lines of every changed file, by canonical path.
#[derive(Debug, Default)]
pub struct NewLines {
    changed: HashMap<PathBuf, BTreeSet<usize>>,
    /// Files that are new as a whole (untracked).
    whole: HashSet<PathBuf>,
}

/// A file without new lines.
static NONE: BTreeSet<usize> = BTreeSet::new();

impl NewLines {
    /// Asks git (or reads the patch) from the working directory `cwd`.
    pub fn find(since: &Since, cwd: &Path) -> Result<NewLines, String> {
        let top = git(cwd, &["rev-parse", "--show-toplevel"]).map(|t| PathBuf::from(t.trim()));
        let (diff, base) = match since {
            Since::Rev(rev) => (diff_against(cwd, rev)?, top?),
            Since::MergeBase(rev) => {
                let base = git(cwd, &["merge-base", rev, "HEAD"])?;
                (diff_against(cwd, base.trim())?, top?)
            }
            Since::Patch(file) => {
                let path = cwd.join(file);
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                (text, top.unwrap_or_else(|_| cwd.to_path_buf()))
            }
        };
        let mut lines = NewLines::default();
        for (path, set) in parse_diff(&diff) {
            lines.changed.entry(canonical(&base.join(path))).or_default().extend(set);
        }
        if !matches!(since, Since::Patch(_)) {
            let untracked = git(cwd, &["ls-files", "--others", "--exclude-standard", "--full-name", "-z"])?;
            let top = canonical(&base);
            lines
                .whole
                .extend(untracked.split('\0').filter(|p| !p.is_empty()).map(|p| canonical(&top.join(p))));
        }
        Ok(lines)
    }

    /// The new lines of `file`; `None`: every line is new.
    pub fn of(&self, file: &Path) -> Option<&BTreeSet<usize>> {
        let file = canonical(file);
        if self.whole.contains(&file) {
            return None;
        }
        Some(self.changed.get(&file).unwrap_or(&NONE))
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn diff_against(cwd: &Path, rev: &str) -> Result<String, String> {
    git(cwd, &["diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames", rev, "--"])
}

/// Runs git in `cwd`; its standard output, or a message with its error.
fn git(cwd: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("cannot run git (needed for --new-from-*): {e}"))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(format!("git {}: {}", args.join(" "), err.trim()));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("git {}: output is not UTF-8", args.join(" ")))
}

/// The added lines of each file of a unified diff, by the path on its `+++`
/// line (without the `b/` prefix). Deleted files have none.
pub fn parse_diff(diff: &str) -> Vec<(String, BTreeSet<usize>)> {
    let mut files: Vec<(String, BTreeSet<usize>)> = Vec::new();
    let mut current: Option<usize> = None;
    for line in diff.lines() {
        if let Some(target) = line.strip_prefix("+++ ") {
            let target = target.split('\t').next().unwrap_or(target);
            current = (target != "/dev/null").then(|| {
                files.push((target.strip_prefix("b/").unwrap_or(target).to_string(), BTreeSet::new()));
                files.len() - 1
            });
        } else if let (Some(i), Some(hunk)) = (current, line.strip_prefix("@@ ")) {
            files[i].1.extend(added_lines(hunk));
        }
    }
    files
}

/// The new-side lines of a hunk header `-a,b +c,d @@ ...`.
fn added_lines(hunk: &str) -> std::ops::Range<usize> {
    let Some(plus) = hunk.split(' ').find_map(|part| part.strip_prefix('+')) else { return 0..0 };
    let (start, count) = match plus.split_once(',') {
        Some((s, c)) => (s.parse().unwrap_or(0), c.parse().unwrap_or(0)),
        None => (plus.parse().unwrap_or(0), 1),
    };
    start..start + count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_give_the_added_lines() {
        let diff = "diff --git a/x.go b/x.go\n--- a/x.go\n+++ b/x.go\n@@ -3 +3,2 @@ func f() {\n-a\n+b\n+c\n\
                    @@ -10,2 +11,0 @@\n-d\n-e\n@@ -20,0 +20 @@\n+f\n\
                    diff --git a/gone.go b/gone.go\n--- a/gone.go\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        let files = parse_diff(diff);
        assert_eq!(files, vec![("x.go".to_string(), BTreeSet::from([3, 4, 20]))]);
    }
}
