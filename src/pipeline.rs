//! One file through the whole pipeline: prefilter → parse → find → resolve
//! overlaps → splice edits → re-parse. Pure: text in, findings and fixed
//! text out; reading and writing files is the CLI's business.

use crate::finding::{self, Finding};
use crate::go;
use crate::rules::{Compiled, Context};
use std::borrow::Cow;
use tree_sitter::Parser;

/// What chanfix concluded about one source text.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// The fixed text, when some fix applies and changes the text.
    pub fixed: Option<String>,
    /// Whether the prefilter let the file through to the parser.
    pub parsed: bool,
}

const BOM: &str = "\u{feff}";

pub fn check_source(rules: &Compiled, parser: &mut Parser, path: &str, source: &str) -> Outcome {
    if !rules.may_match(source) {
        return Outcome::default();
    }
    let parsed_text = without_bom(source);
    let Some(tree) = go::parse(parser, &parsed_text) else {
        return Outcome { parsed: true, ..Outcome::default() };
    };
    let ctx = Context { path, source: &parsed_text, tree: &tree };
    let mut findings = finding::with_line_index(&parsed_text, || rules.check(&ctx));
    findings.retain(|f| !suppressed(source, f));
    finding::resolve_overlaps(&mut findings);
    let edits = finding::fix_edits(&findings);
    if edits.is_empty() {
        return Outcome { findings, fixed: None, parsed: true };
    }
    let fixed = finding::apply_edits(source, &edits);
    if !reparses_cleanly(parser, &fixed, tree.root_node().has_error()) {
        for f in findings.iter_mut().filter(|f| f.fix.is_some()) {
            f.fix = None;
            f.no_fix_reason =
                Some("the fixed text did not parse; chanfix left the file alone (please report this)".into());
        }
        return Outcome { findings, fixed: None, parsed: true };
    }
    Outcome { findings, fixed: (fixed != source).then_some(fixed), parsed: true }
}

/// Whether a `//chanfix:ignore [RULE...] [-- reason]` comment on the finding's line or
/// the line above it silences the finding (all rules when none is named).
fn suppressed(source: &str, f: &Finding) -> bool {
    let line_start = source[..f.range.start].rfind('\n').map_or(0, |p| p + 1);
    let previous_start = source[..line_start.saturating_sub(1)].rfind('\n').map_or(0, |p| p + 1);
    let line_end = source[f.range.start..].find('\n').map_or(source.len(), |p| f.range.start + p);
    source[previous_start..line_end].lines().any(|line| {
        let Some((_, directive)) = line.split_once("//") else { return false };
        let Some(rules) = directive.trim_start().strip_prefix("chanfix:ignore") else { return false };
        let rules = rules.split("--").next().unwrap_or(""); // `-- reason` may follow
        let named: Vec<&str> = rules.split([' ', ',', '\t', '\r']).filter(|r| !r.is_empty()).collect();
        named.is_empty() || named.contains(&f.rule)
    })
}

/// The text to parse: a byte order mark blanked out, so that offsets stay
/// those of `source`.
fn without_bom(source: &str) -> Cow<'_, str> {
    match source.strip_prefix(BOM) {
        Some(rest) => Cow::Owned(format!("   {rest}")),
        None => Cow::Borrowed(source),
    }
}

/// The fixed text must parse at least as well as the original did.
fn reparses_cleanly(parser: &mut Parser, fixed: &str, had_errors: bool) -> bool {
    go::parse(parser, &without_bom(fixed)).is_some_and(|t| had_errors || !t.root_node().has_error())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go;

    const LEAK: &str = "package p\n\nimport \"time\"\n\nfunc f() {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tdone <- true MARK\n\t}()\n\tselect {\n\tcase <-time.After(time.Second):\n\tcase <-done:\n\t}\n}\n";

    fn findings(mark: &str) -> usize {
        let source = LEAK.replace("MARK", mark);
        check_source(&Compiled::new(), &mut go::new_parser(), "x.go", &source).findings.len()
    }

    #[test]
    fn ignore_directive_silences_its_rule_only() {
        assert_eq!(findings(""), 1);
        assert_eq!(findings("// chanfix:ignore"), 0);
        assert_eq!(findings("//chanfix:ignore abandoned-sender"), 0);
        assert_eq!(findings("// chanfix:ignore abandoned-producer"), 1);
        assert_eq!(findings("// a note about chanfix:ignore"), 1);
        assert_eq!(findings("// chanfix:ignore abandoned-producer -- reviewed"), 1);
        assert_eq!(findings("// chanfix:ignore -- the process exits right after"), 0);
    }
}
