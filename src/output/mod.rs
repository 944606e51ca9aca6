//! How a scan's results are shown: the four `--format`s, colour and the
//! progress line. The CLI decides what to do; this module only renders a
//! [`Report`] (and writes nothing but what it is handed).
//!
//! - `text` ([`text`]): `path:line:col: rule: message` lines, unified diffs,
//!   the one-line summary; coloured when asked.
//! - `json` ([`json`]): one object, schema in `docs/output-formats.md`.
//! - `sarif` ([`sarif`]): SARIF 2.1.0 from `serde-sarif`'s typed structures.
//! - `github` ([`github`]): GitHub Actions workflow commands.

pub mod color;
pub mod github;
pub mod json;
pub mod progress;
pub mod sarif;
pub mod text;

use crate::cli::{FileResult, Mode, Report};
use crate::finding::{Finding, LineIndex};
use clap::ValueEnum;

/// The `--format` of `check`, `diff` and `fix`.
#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Human-readable lines (and diffs for `diff`).
    #[default]
    Text,
    /// One JSON object (see docs/output-formats.md).
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=...`).
    Github,
}

/// The `--color` choice.
#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour (even with `NO_COLOR`).
    Always,
    /// Never colour.
    Never,
}

/// Whether the command's standard output and error are terminals. The
/// binary detects it; tests that inject their own streams say "no".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Terminal {
    pub stdout: bool,
    pub stderr: bool,
}

impl Terminal {
    /// The process's own standard streams.
    pub fn detect() -> Self {
        use std::io::IsTerminal;
        Terminal { stdout: std::io::stdout().is_terminal(), stderr: std::io::stderr().is_terminal() }
    }
}

/// What goes to standard output for `format` (text `fix`: nothing, the
/// files were rewritten).
pub fn render(format: Format, report: &Report, mode: Mode, style: color::Style) -> String {
    match (format, mode) {
        (Format::Text, Mode::Check) => text::findings(report, mode, style),
        (Format::Text, Mode::Diff) => text::diffs(report, style),
        (Format::Text, Mode::Fix { .. }) => String::new(),
        (Format::Json, _) => json::render(report, mode),
        (Format::Sarif, _) => sarif::render(report, mode),
        (Format::Github, _) => github::render(report, mode),
    }
}

/// The counts every format reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files_scanned: usize,
    pub findings: usize,
    /// Fixes written by `fix` and kept (0 for `check` and `diff`).
    pub fixes_applied: usize,
    /// Files `fix` changed; for `check` and `diff`, files `fix` would change.
    pub files_changed: usize,
    /// Fixes `fix --verify` wrote and then undid because the build broke.
    pub rolled_back: usize,
    pub errors: usize,
    /// Findings without a fix (not serialized: derived, used for the exit code).
    #[serde(skip)]
    pub unfixed: usize,
}

impl Summary {
    pub fn of(report: &Report, mode: Mode) -> Self {
        let findings = located(report, mode);
        Summary {
            files_scanned: report.scanned,
            findings: findings.len(),
            fixes_applied: findings.iter().filter(|f| f.applied).count(),
            files_changed: report.files.iter().filter(|f| f.outcome.fixed.is_some()).count(),
            rolled_back: report.rollbacks.iter().map(|r| r.fixes).sum(),
            errors: report.errors.len(),
            unfixed: findings.iter().filter(|f| f.finding.fix.is_none()).count(),
        }
    }
}

/// A finding with its file and its 1-based positions resolved.
pub struct Located<'a> {
    pub file: &'a FileResult,
    pub finding: &'a Finding,
    /// Start line and byte column, 1-based.
    pub start: (usize, usize),
    /// Line and byte column just past the end, 1-based.
    pub end: (usize, usize),
    /// `fix` wrote this finding's fix to disk and kept it.
    pub applied: bool,
}

/// Every finding of the report, in path then position order.
pub fn located(report: &Report, mode: Mode) -> Vec<Located<'_>> {
    report
        .files
        .iter()
        .flat_map(|file| {
            let lines = LineIndex::new(if file.outcome.findings.is_empty() { "" } else { &file.original });
            file.outcome.findings.iter().map(move |finding| Located {
                file,
                finding,
                start: lines.line_col(finding.range.start),
                end: lines.line_col(finding.range.end),
                applied: mode.is_fix() && file.written && finding.fix.is_some(),
            })
        })
        .collect()
}
