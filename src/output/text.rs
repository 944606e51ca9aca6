//! The human format: finding lines, coloured diffs, the summary line.

use super::color::{BOLD, CYAN, GREEN, RED, Style, YELLOW};
use super::{Summary, escape_controls, located};
use crate::report::{Mode, Report};

/// `path:line:col: rule: message` per finding (location bold, rule yellow).
pub fn findings(report: &Report, mode: Mode, style: Style) -> String {
    let mut out = String::new();
    for f in located(report, mode) {
        let (line, col) = f.start;
        let at = style.paint(BOLD, &format!("{}:{line}:{col}:", escape_controls(&f.file.display)));
        let rule = style.paint(YELLOW, &format!("{}:", f.finding.rule));
        out.push_str(&format!("{at} {rule} {}", escape_controls(&f.finding.message)));
        if let Some(reason) = &f.finding.no_fix_reason {
            out.push_str(&format!(" (no fix: {})", escape_controls(reason)));
        }
        out.push('\n');
    }
    out
}

/// The unified diff of every file a fix changes (files whose name cannot
/// be written in a header were taken out by [`super::refuse_unnamable`]).
pub fn diffs(report: &Report, style: Style) -> String {
    let mut out = String::new();
    for file in &report.files {
        if let (Some(fixed), Some(name)) = (&file.outcome.fixed, super::file_name_bytes(file)) {
            out.push_str(&color_diff(&unified_diff_of(&name, &file.original, fixed), style));
        }
    }
    out
}

/// The unified diff turning `original` into `fixed`, with `a/` and `b/`
/// headers naming `display` the way git does.
pub fn unified_diff(display: &str, original: &str, fixed: &str) -> String {
    unified_diff_of(display.as_bytes(), original, fixed)
}

fn unified_diff_of(name: &[u8], original: &str, fixed: &str) -> String {
    similar::TextDiff::from_lines(original, fixed)
        .unified_diff()
        .context_radius(3)
        .header(&header_name("a/", name), &header_name("b/", name))
        .to_string()
}

/// A file name on a `---`/`+++` line, as `git diff` writes it (so that
/// `git apply` and `patch` read it back): quoted in C style when it holds
/// a control character, `"`, `\\` or a non-ASCII byte (octal escapes, per
/// git's `quote_c_style` with `core.quotePath` on), and followed by a tab
/// when it holds a space, so the name's end is unambiguous.
pub fn header_name(prefix: &str, name: &[u8]) -> String {
    let needs_quotes = name.iter().any(|&b| b < 0x20 || b == 0x7f || b == b'"' || b == b'\\' || b >= 0x80);
    if !needs_quotes {
        let name = String::from_utf8_lossy(name); // ASCII: lossless
        let tab = if name.contains(' ') { "\t" } else { "" };
        return format!("{prefix}{name}{tab}");
    }
    let mut out = format!("\"{prefix}");
    for &b in name {
        match b {
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            0x0b => out.push_str("\\v"),
            0x0c => out.push_str("\\f"),
            b'\r' => out.push_str("\\r"),
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b if !(0x20..0x7f).contains(&b) => out.push_str(&format!("\\{b:03o}")),
            b => out.push(b as char),
        }
    }
    out.push('"');
    out
}

/// Colours one file's diff: the two header lines bold, hunk headers cyan,
/// removed lines red, added lines green.
fn color_diff(diff: &str, style: Style) -> String {
    if !style.enabled {
        return diff.to_string();
    }
    let mut out = String::with_capacity(diff.len() + 256);
    for (i, line) in diff.split_inclusive('\n').enumerate() {
        let (body, newline) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        let escape = match body.as_bytes().first() {
            _ if i < 2 => BOLD,
            Some(b'@') => CYAN,
            Some(b'-') => RED,
            Some(b'+') => GREEN,
            _ => "",
        };
        out.push_str(&if escape.is_empty() { body.to_string() } else { style.paint(escape, body) });
        out.push_str(newline);
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// The one-line summary printed on standard error.
pub fn summary(s: &Summary, mode: Mode) -> String {
    let what = match mode {
        Mode::Check => String::new(),
        Mode::Diff => format!(", {} would change", plural(s.files_changed, "file")),
        Mode::Fix { .. } => format!(", {} fixed", plural(s.files_changed, "file")),
    };
    let rolled = if s.rolled_back == 0 {
        String::new()
    } else {
        let fixes = if s.rolled_back == 1 { "fix" } else { "fixes" };
        format!(", {} {fixes} rolled back", s.rolled_back)
    };
    let errors = if s.errors == 0 { String::new() } else { format!(", {}", plural(s.errors, "error")) };
    format!(
        "chanfix: {} checked, {} ({} without a safe fix){what}{rolled}{errors}",
        plural(s.files_scanned, "file"),
        plural(s.findings, "finding"),
        s.unfixed
    )
}

/// The findings `diff` or `fix` left without a fix, with the reason.
pub fn unfixed(report: &Report, mode: Mode, style: Style) -> String {
    let mut out = String::new();
    for f in located(report, mode).into_iter().filter(|f| f.finding.fix.is_none()) {
        let (line, col) = f.start;
        let at = style.paint(BOLD, &format!("{}:{line}:{col}:", f.file.display));
        let rule = style.paint(YELLOW, &format!("{}:", f.finding.rule));
        let reason = f.finding.no_fix_reason.as_deref().unwrap_or("no safe fix is known");
        out.push_str(&format!("{at} {rule} not fixed: {} ({reason})\n", f.finding.message));
    }
    out
}

/// `--statistics`: findings per rule, and how many of them have a fix.
pub fn statistics(counts: &std::collections::BTreeMap<&'static str, (usize, usize)>) -> String {
    let mut out = String::new();
    for (rule, (all, fixable)) in counts {
        out.push_str(&format!("{all:>6}  {rule:<20} ({fixable} fixable)\n"));
    }
    out
}
