//! `--format github`: GitHub Actions workflow commands, which the Actions
//! runner turns into annotations on the pull request.
//!
//! A finding that is still there is a `::warning`; in `fix`, a finding whose
//! fix was written is a `::notice` saying so. Errors are `::error`s, and a
//! fix that `--verify` rolled back is a `::warning` carrying the build output.

use super::located;
use crate::report::{Mode, Report};

/// Escapes a command's message (after `::`): line breaks as the runner
/// expects them (`%0D`, `%0A`), every other control character as text
/// (`\\x1b`), so that source text cannot drive the log's terminal.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => out.push_str(&super::control_escape(c)),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value (`file=`, `title=`, ...).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report, mode: Mode) -> String {
    let mut out = String::new();
    for f in located(report, mode) {
        let (line, col) = f.start;
        let (command, title) = if f.applied {
            ("notice", format!("{} (fixed)", f.finding.rule))
        } else {
            ("warning", f.finding.rule.to_string())
        };
        let mut message = f.finding.message.clone();
        if let Some(reason) = &f.finding.no_fix_reason {
            message.push_str(&format!(" (no fix: {reason})"));
        }
        out.push_str(&format!(
            "::{command} file={},line={line},col={col},title={}::{}\n",
            escape_property(&f.file.display),
            escape_property(&title),
            escape_data(&message)
        ));
    }
    for r in &report.rollbacks {
        out.push_str(&format!(
            "::warning title={}::{}\n",
            escape_property("chanfix --verify"),
            escape_data(&format!("{}: fix rolled back: {} failed:\n{}", r.package, r.tool, r.output))
        ));
    }
    for (path, message) in &report.errors {
        // Not every error is about a file (`<stdin>`, `--verify`).
        let file = if path.starts_with(['<', '-']) {
            String::new()
        } else {
            format!("file={},", escape_property(path))
        };
        out.push_str(&format!(
            "::error {file}title=chanfix::{}\n",
            escape_data(&format!("{path}: {message}"))
        ));
    }
    out
}
