//! `--format sarif`: a SARIF 2.1.0 log built from `serde-sarif`'s typed
//! structures. One run; `tool.driver` lists every rule with its `explain`
//! text as help; each finding is a result with its location and, when it
//! has one, its fix as byte-offset replacements.

use super::{Located, located};
use crate::report::{Mode, Report};
use crate::rules::RULES;
use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix, Invocation, Location, Message,
    MultiformatMessageString, Notification, PhysicalLocation, PropertyBag, Region, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent, Version,
};
use std::collections::BTreeMap;

/// The SARIF 2.1.0 JSON schema, as code-scanning services expect it.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn log(report: &Report, mode: Mode) -> Sarif {
    let rules: Vec<ReportingDescriptor> = RULES
        .iter()
        .map(|rule| {
            ReportingDescriptor::builder()
                .id(rule.id)
                .name(rule.id)
                .short_description(MultiformatMessageString::builder().text(rule.summary).build())
                .help(MultiformatMessageString::builder().text(rule.doc).markdown(rule.doc).build())
                .build()
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("chanfix")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let results: Vec<SarifResult> = located(report, mode).iter().map(result).collect();
    let mut notifications: Vec<Notification> = report
        .errors
        .iter()
        .map(|(path, message)| {
            Notification::builder()
                .message(Message::builder().text(format!("{path}: {message}")).build())
                .level(json("error"))
                .build()
        })
        .collect();
    notifications.extend(report.rollbacks.iter().map(|r| {
        Notification::builder()
            .message(
                Message::builder()
                    .text(format!("{}: fix rolled back: {} failed:\n{}", r.package, r.tool, r.output))
                    .build(),
            )
            .level(json("warning"))
            .build()
    }));
    let invocation = Invocation::builder()
        .execution_successful(report.errors.is_empty())
        .tool_execution_notifications(notifications)
        .build();
    let run = Run::builder()
        .tool(Tool::from(driver))
        .column_kind(json("unicodeCodePoints"))
        .results(results)
        .invocations(vec![invocation])
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::to_value(Version::V2_1_0).expect("an enum serializes"))
        .runs(vec![run])
        .build()
}

fn json(s: &str) -> serde_json::Value {
    serde_json::Value::String(s.to_string())
}

fn result(f: &Located) -> SarifResult {
    let source = &f.file.original;
    let uri = super::file_name_bytes(f.file).map_or_else(|| uri(&f.file.display), |name| uri_of(&name));
    let region = Region::builder()
        .start_line(f.start.0 as i64)
        .start_column(char_column(source, f.finding.range.start))
        .end_line(f.end.0 as i64)
        .end_column(char_column(source, f.finding.range.end))
        .byte_offset(f.finding.range.start as i64)
        .byte_length(f.finding.range.len() as i64)
        .build();
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(uri.clone()).build())
                .region(region)
                .build(),
        )
        .build();
    let index = RULES.iter().position(|r| r.id == f.finding.rule);
    let mut message = f.finding.message.clone();
    if let Some(reason) = &f.finding.no_fix_reason {
        message.push_str(&format!(" (no fix: {reason})"));
    }
    let mut properties = BTreeMap::new();
    properties.insert("applied".to_string(), serde_json::Value::Bool(f.applied));
    let builder = SarifResult::builder()
        .rule_id(f.finding.rule)
        .level(ResultLevel::Warning)
        .message(Message::builder().text(message).build())
        .locations(vec![location])
        .properties(PropertyBag::builder().additional_properties(properties).build());
    let fixes: Vec<Fix> = f
        .finding
        .fix
        .iter()
        .map(|fix| {
            // One artifact change per file the fix edits, the finding's first.
            let mut files: Vec<Option<&str>> = vec![None];
            files.extend(fix.other_files().into_iter().map(Some));
            let changes = files
                .into_iter()
                .filter_map(|file| {
                    let edits: Vec<&crate::finding::Edit> =
                        fix.edits.iter().filter(|e| e.file.as_deref() == file).collect();
                    if edits.is_empty() {
                        return None;
                    }
                    let uri = file.map_or_else(|| uri.clone(), |name| self::uri(&f.file.display_of(name)));
                    Some(
                        ArtifactChange::builder()
                            .artifact_location(ArtifactLocation::builder().uri(uri).build())
                            .replacements(edits.into_iter().map(replacement).collect::<Vec<_>>())
                            .build(),
                    )
                })
                .collect::<Vec<_>>();
            Fix::builder()
                .description(Message::builder().text(fix.message.clone()).build())
                .artifact_changes(changes)
                .build()
        })
        .collect();
    match index {
        Some(i) => builder.rule_index(i as i64).fixes(fixes).build(),
        None => builder.fixes(fixes).build(),
    }
}

/// One edit as a SARIF replacement (byte offsets into the file as read).
fn replacement(e: &crate::finding::Edit) -> serde_sarif::sarif::Replacement {
    serde_sarif::sarif::Replacement::builder()
        .deleted_region(
            Region::builder().byte_offset(e.start as i64).byte_length((e.end - e.start) as i64).build(),
        )
        .inserted_content(ArtifactContent::builder().text(e.replacement.clone()).build())
        .build()
}

/// 1-based column of `offset` in Unicode code points (the run's `columnKind`).
fn char_column(source: &str, offset: usize) -> i64 {
    let offset = offset.min(source.len());
    let line_start = source[..offset].rfind('\n').map_or(0, |p| p + 1);
    source.get(line_start..offset).map_or(1, |s| s.chars().count() + 1) as i64
}

/// A relative URI reference for a path shown relative to the working
/// directory (`file://` for an absolute one), percent-encoding (RFC 3986)
/// every byte a path segment cannot hold as is. Only real path separators
/// become `/`: on Unix a `\\` is part of a file name and is encoded.
pub fn uri(display: &str) -> String {
    uri_of(display.as_bytes())
}

/// [`uri`] of a name's raw bytes (a name that is not UTF-8 keeps its bytes).
pub fn uri_of(name: &[u8]) -> String {
    let separator = |b: u8| b == b'/' || (std::path::MAIN_SEPARATOR == '\\' && b == b'\\');
    let mut out = String::with_capacity(name.len());
    if name.first().is_some_and(|&b| separator(b)) {
        out.push_str("file://");
    }
    for &b in name {
        if separator(b) {
            out.push('/');
        } else if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn render(report: &Report, mode: Mode) -> String {
    let mut text = serde_json::to_string_pretty(&log(report, mode)).expect("SARIF serializes");
    text.push('\n');
    text
}
