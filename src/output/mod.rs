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

use crate::finding::{Finding, LineIndex};
use crate::report::{FileResult, Mode, Report};
use clap::ValueEnum;
use std::borrow::Cow;

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

/// The exact bytes of the name of `file` as shown (relative to where the
/// user ran chanfix). `display` is lossy for a name that is not UTF-8; the
/// bytes are then taken from the same trailing components of the real
/// path. `None` when they cannot be recovered.
pub fn file_name_bytes(file: &FileResult) -> Option<Vec<u8>> {
    let display = file.display.as_str();
    if !display.contains(char::REPLACEMENT_CHARACTER) {
        return Some(display.as_bytes().to_vec());
    }
    let path = file.path.as_deref()?;
    let shown = std::path::Path::new(display).components().count();
    let all: Vec<_> = path.components().collect();
    let tail = all.get(all.len().checked_sub(shown)?..)?;
    let joined: std::path::PathBuf = tail.iter().collect();
    let bytes = os_bytes(joined.as_os_str())?;
    (String::from_utf8_lossy(&bytes) == display).then_some(bytes)
}

#[cfg(unix)]
fn os_bytes(name: &std::ffi::OsStr) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    Some(name.as_bytes().to_vec())
}

#[cfg(not(unix))]
fn os_bytes(name: &std::ffi::OsStr) -> Option<Vec<u8>> {
    name.to_str().map(|s| s.as_bytes().to_vec())
}

/// For a text `diff`: a file whose name cannot be written in a diff
/// header (its bytes are lost) gets an error instead of a diff that would
/// not apply, and counts as not changed.
pub fn refuse_unnamable(report: &mut Report, format: Format, mode: Mode) {
    if (format, mode) != (Format::Text, Mode::Diff) {
        return;
    }
    for file in &mut report.files {
        if file.outcome.fixed.is_some() && file_name_bytes(file).is_none() {
            file.outcome.fixed = None;
            report.errors.push((
                file.display.clone(),
                "the file name cannot be written in a diff header (not UTF-8 and not recoverable); no diff printed"
                    .into(),
            ));
        }
    }
}

/// Text for a terminal or a log, with every control character (ESC, BEL,
/// newline, tab, C1 controls...) written as an escape: `\\x1b`, `\\n`,
/// `\\t`, `\\u{9b}`. Source text quoted in a message must not drive the
/// terminal (colours, titles, clearing the screen) or break the line format.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    s.chars().map(|c| if c.is_control() { control_escape(c) } else { c.to_string() }).collect()
}

/// How [`escape_controls`] writes one control character.
pub fn control_escape(c: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\t' => "\\t".into(),
        '\r' => "\\r".into(),
        c if (c as u32) < 0x80 => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
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
