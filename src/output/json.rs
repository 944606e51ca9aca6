//! `--format json`: one object with every finding, every rollback, every
//! error and the summary. The schema is documented in
//! `docs/output-formats.md`; fields are only ever added.

use super::{Located, Summary, located};
use crate::report::{Mode, Report, Verdict};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Serialize)]
pub struct Document<'a> {
    pub findings: Vec<Finding<'a>>,
    pub rollbacks: Vec<Rollback<'a>>,
    pub errors: Vec<Error<'a>>,
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct Finding<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub rule: &'a str,
    pub message: &'a str,
    pub fix: Option<Fix<'a>>,
    pub no_fix_reason: Option<&'a str>,
    pub applied: bool,
    /// `fix --verify` wrote this fix and `go build` and `go vet` passed.
    pub verified: bool,
    /// Why `fix --verify` did not verify (and so did not keep) this file's fix.
    pub not_verified_reason: Option<&'a str>,
}

#[derive(Serialize)]
pub struct Fix<'a> {
    pub message: &'a str,
    pub edits: Vec<Edit<'a>>,
}

#[derive(Serialize)]
pub struct Edit<'a> {
    /// The file the edit lands in: the finding's, or another file of its
    /// package that the same fix changes.
    pub path: Cow<'a, str>,
    pub start: usize,
    pub end: usize,
    pub replacement: &'a str,
}

#[derive(Serialize)]
pub struct Rollback<'a> {
    pub package: &'a str,
    pub files: &'a [String],
    pub tool: &'a str,
    pub output: &'a str,
}

#[derive(Serialize)]
pub struct Error<'a> {
    pub path: &'a str,
    pub message: &'a str,
}

pub fn document(report: &Report, mode: Mode) -> Document<'_> {
    Document {
        findings: located(report, mode).iter().map(finding).collect(),
        rollbacks: report
            .rollbacks
            .iter()
            .map(|r| Rollback { package: &r.package, files: &r.files, tool: r.tool, output: &r.output })
            .collect(),
        errors: report.errors.iter().map(|(path, message)| Error { path, message }).collect(),
        summary: Summary::of(report, mode),
    }
}

fn finding<'a>(f: &Located<'a>) -> Finding<'a> {
    let path = f.file.display.as_str();
    Finding {
        path,
        line: f.start.0,
        column: f.start.1,
        end_line: f.end.0,
        end_column: f.end.1,
        rule: f.finding.rule,
        message: &f.finding.message,
        fix: f.finding.fix.as_ref().map(|fix| Fix {
            message: &fix.message,
            edits: fix
                .edits
                .iter()
                .map(|e| Edit {
                    path: e
                        .file
                        .as_deref()
                        .map_or(Cow::Borrowed(path), |name| Cow::Owned(f.file.display_of(name))),
                    start: e.start,
                    end: e.end,
                    replacement: &e.replacement,
                })
                .collect(),
        }),
        no_fix_reason: f.finding.no_fix_reason.as_deref(),
        applied: f.applied,
        verified: f.applied && f.file.verdict == Some(Verdict::Verified),
        not_verified_reason: match &f.file.verdict {
            Some(Verdict::NotVerified(reason)) => Some(reason),
            _ => None,
        },
    }
}

/// The document, pretty-printed, with a final newline.
pub fn render(report: &Report, mode: Mode) -> String {
    let mut text = serde_json::to_string_pretty(&document(report, mode)).expect("plain data serializes");
    text.push('\n');
    text
}
