//! What each file is checked with: the settings that apply to it (found by
//! [`crate::config`]) and, for only-new-code runs, its new lines (from
//! [`crate::newcode`]). Worked out on the main thread before the workers
//! start, so that a broken settings file stops the run once, up front.

use crate::config::{self, Lookup};
use crate::newcode::{NewLines, Since};
use crate::pipeline::Options;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How one file is to be checked.
#[derive(Debug, Clone, Default)]
pub struct FilePlan {
    /// Rules switched off for it.
    pub disabled: Vec<String>,
    pub include_generated: bool,
    /// It matches an `exclude` glob.
    pub excluded: bool,
    /// Its new lines; `None`: all of them count.
    pub lines: Option<BTreeSet<usize>>,
}

impl FilePlan {
    /// The pipeline options for this file.
    pub fn options<'a>(&'a self, add_ignore: Option<&'a str>) -> Options<'a> {
        Options { disabled: &self.disabled, lines: self.lines.as_ref(), add_ignore, ..Options::default() }
    }
}

/// The run-wide inputs every file's plan is drawn from.
pub struct Planner {
    lookup: Lookup,
    new_lines: Option<NewLines>,
    /// `--include-generated` on the command line.
    include_generated: bool,
}

impl Planner {
    pub fn new(
        source: config::Source,
        since: Option<Since>,
        include_generated: bool,
        cwd: &Path,
    ) -> Result<Planner, String> {
        let lookup = Lookup::new(source, cwd)?;
        let new_lines = since.map(|s| NewLines::find(&s, cwd)).transpose()?;
        Ok(Planner { lookup, new_lines, include_generated })
    }

    /// The plan of the file at `path`.
    pub fn plan(&mut self, path: &Path) -> Result<FilePlan, String> {
        let path = canonical(path);
        let config = self.lookup.for_file(&path)?;
        Ok(FilePlan {
            disabled: config.disabled(&path),
            include_generated: self.include_generated || config.settings.include_generated,
            excluded: config.excluded(&path),
            lines: self.new_lines.as_ref().and_then(|n| n.of(&path).cloned()),
        })
    }

    /// Whether the settings of the directory `dir` say findings alone
    /// never fail the run.
    pub fn exit_zero(&mut self, dir: &Path) -> Result<bool, String> {
        Ok(self.lookup.for_file(&canonical(dir).join("_"))?.settings.exit_zero)
    }
}

/// The path with links and `..` resolved, when it exists (an unsaved
/// editor buffer may not).
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent().and_then(|d| std::fs::canonicalize(d).ok()), path.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}
