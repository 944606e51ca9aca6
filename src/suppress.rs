//! `//chanfix:ignore [RULE...] [-- reason]` directives: a team's way to say
//! "we looked at this one". A directive is a Go comment (read from the
//! syntax tree, so a `//` inside a string such as a URL is never one) and
//! silences the findings on its own line and on the line below, of the
//! rules it names (all rules when it names none). A directive that names an
//! unknown rule or silences nothing is itself reported, as `unused-ignore`,
//! with a fix that removes it, so directives do not outlive their reason.
//! `fix --add-ignore` writes one above every finding left without a fix.

use crate::finding::{Edit, Finding, Fix, line_col};
use crate::go;
use crate::rules;
use std::ops::Range;
use tree_sitter::Tree;

/// The rule id of directives that silence nothing or name unknown rules.
pub const UNUSED_IGNORE: &str = "unused-ignore";

/// What `chanfix explain unused-ignore` prints.
pub const EXPLAIN_UNUSED_IGNORE: &str = "\
# unused-ignore

A `//chanfix:ignore [RULE...] [-- reason]` comment silences the findings on
its own line and on the line below, of the rules it names (every rule when
it names none).

## What it reports

- a directive that silences no finding (the code changed, or the rule no
  longer reports it): the directive only hides future findings;
- a directive naming a rule chanfix does not know (a typo silences nothing).

## Fix

`chanfix fix` removes a directive that silences nothing (its whole line when
it stands alone), and drops unknown names from one that still silences a
finding. Switch the check off with `ignore = [\"unused-ignore\"]` in
`chanfix.toml`.
";

/// The message of the fix `fix --add-ignore` gives a finding.
pub const ADD_IGNORE: &str = "silence with //chanfix:ignore";

/// What introduces a directive inside a `//` comment.
const MARKER: &str = "chanfix:ignore";

/// One `//chanfix:ignore` comment.
#[derive(Debug)]
pub struct Directive {
    /// Byte range of the comment.
    pub range: Range<usize>,
    /// 1-based line of the comment.
    pub line: usize,
    /// The rules named; empty: every rule.
    pub rules: Vec<String>,
    /// Whether it silenced at least one finding.
    pub used: bool,
}

impl Directive {
    fn silences(&self, rule: &str, line: usize) -> bool {
        (line == self.line || line == self.line + 1)
            && (self.rules.is_empty() || self.rules.iter().any(|r| r == rule))
    }

    fn unknown_rules(&self) -> Vec<&str> {
        self.rules.iter().map(String::as_str).filter(|r| !is_rule(r)).collect()
    }
}

/// Whether `id` names a rule chanfix can report.
pub fn is_rule(id: &str) -> bool {
    id == UNUSED_IGNORE || rules::find(id).is_some()
}

/// Cheap test before walking the tree for directives.
pub fn may_hold_directives(source: &str) -> bool {
    source.contains(MARKER)
}

/// Every directive in the file, from its comment nodes.
pub fn directives(tree: &Tree, source: &str) -> Vec<Directive> {
    if !may_hold_directives(source) {
        return Vec::new();
    }
    go::descendants(tree.root_node())
        .into_iter()
        .filter(|n| n.kind() == "comment")
        .filter_map(|n| parse(&source[n.byte_range()]).map(|rules| (n.byte_range(), rules)))
        .map(|(range, rules)| Directive { line: line_col(source, range.start).0, range, rules, used: false })
        .collect()
}

/// The rules a `//` comment's directive names, or `None` if it is no directive.
fn parse(comment: &str) -> Option<Vec<String>> {
    let body = comment.strip_prefix("//")?.trim_start();
    let rest = body.strip_prefix(MARKER)?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let names = rest.split("--").next().unwrap_or("");
    Some(names.split([' ', ',', '\t', '\r']).filter(|r| !r.is_empty()).map(String::from).collect())
}

/// Drops the findings a directive silences, marking those directives used.
pub fn apply(directives: &mut [Directive], findings: &mut Vec<Finding>, source: &str) {
    findings.retain(|f| {
        let line = line_col(source, f.range.start).0;
        let by = directives.iter_mut().filter(|d| d.silences(f.rule, line));
        let mut silenced = false;
        for d in by {
            d.used = true;
            silenced = true;
        }
        !silenced
    });
}

/// Findings about the directives themselves: unknown rule names, and
/// directives that silenced nothing. A directive naming a rule that is
/// switched off (`enabled` false) proves nothing either way and is left alone.
pub fn findings(directives: &[Directive], source: &str, enabled: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    if !enabled(UNUSED_IGNORE) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for d in directives {
        let unknown = d.unknown_rules();
        if !d.used && d.rules.iter().all(|r| enabled(r) || !is_rule(r)) {
            let message = match unknown.as_slice() {
                [] => "this chanfix:ignore directive silences no finding".to_string(),
                names => format!("this chanfix:ignore directive names unknown rules ({})", names.join(", ")),
            };
            let fix = Fix { message: "remove the directive".into(), edits: vec![removal(source, &d.range)] };
            out.push(Finding::fixed(UNUSED_IGNORE, d.range.clone(), message, fix));
        } else if d.used && !unknown.is_empty() {
            let message = format!("unknown rule names in chanfix:ignore: {}", unknown.join(", "));
            let kept = d.rules.iter().filter(|r| is_rule(r)).cloned().collect::<Vec<_>>();
            let edit = Edit::new(d.range.clone(), rewritten(&source[d.range.clone()], &kept));
            let fix = Fix { message: "drop the unknown rule names".into(), edits: vec![edit] };
            out.push(Finding::fixed(UNUSED_IGNORE, d.range.clone(), message, fix));
        }
    }
    out
}

/// The edit removing a directive: its whole line when it stands alone,
/// else the comment and the blanks before it.
fn removal(source: &str, comment: &Range<usize>) -> Edit {
    let line_start = source[..comment.start].rfind('\n').map_or(0, |p| p + 1);
    if go::starts_line(source, comment.start) {
        let end = source[comment.end..].find('\n').map_or(source.len(), |p| comment.end + p + 1);
        return Edit::new(line_start..end, "");
    }
    let code_end = source[..comment.start].trim_end_matches([' ', '\t']).len();
    Edit::new(code_end..comment.end, "")
}

/// `comment` naming only `rules` (at least one), its reason kept.
fn rewritten(comment: &str, rules: &[String]) -> String {
    let at = comment.find(MARKER).map_or(0, |p| p + MARKER.len());
    let reason = comment[at..].find("--").map(|p| format!(" {}", &comment[at + p..])).unwrap_or_default();
    format!("{}{} {}{reason}", &comment[..at - MARKER.len()], MARKER, rules.join(" "))
}

/// `fix --add-ignore`: gives every finding still without a fix a fix that
/// writes a directive above its line (one per line, naming the line's
/// rules), unless the line does not start with a token (inside a raw
/// string, say) or a fix already edits there.
pub fn add_ignores(findings: &mut [Finding], source: &str, tree: &Tree, reason: &str) {
    let taken: Vec<Edit> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|f| f.edits.iter().filter(|e| e.file.is_none()).cloned())
        .collect();
    let mut lines: Vec<(usize, Vec<&'static str>)> = Vec::new();
    for f in findings.iter().filter(|f| f.fix.is_none()) {
        let start = source[..f.range.start].rfind('\n').map_or(0, |p| p + 1);
        match lines.iter_mut().find(|(s, _)| *s == start) {
            Some((_, rules)) if !rules.contains(&f.rule) => rules.push(f.rule),
            Some(_) => {}
            None => lines.push((start, vec![f.rule])),
        }
    }
    for (start, rules) in lines {
        let token = start + go::indentation(source, start).len();
        let node = tree.root_node().descendant_for_byte_range(token, token);
        let starts_token = node.is_some_and(|n| n.start_byte() == token);
        let clash =
            taken.iter().any(|e| e.start < start && start < e.end || e.start == start && e.end == start);
        if !starts_token || clash {
            continue;
        }
        let reason = if reason.is_empty() { String::new() } else { format!(" -- {reason}") };
        let text = format!(
            "{}//{MARKER} {}{reason}{}",
            go::indentation(source, start),
            rules.join(" "),
            go::newline(source)
        );
        let fix = Fix { message: ADD_IGNORE.into(), edits: vec![Edit::insert(start, text)] };
        for f in findings.iter_mut().filter(|f| f.fix.is_none() && rules.contains(&f.rule)) {
            if source[..f.range.start].rfind('\n').map_or(0, |p| p + 1) == start {
                f.fix = Some(fix.clone());
                f.no_fix_reason = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_reason() {
        assert_eq!(parse("//chanfix:ignore a b -- why"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(parse("// chanfix:ignore a,b"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(parse("// chanfix:ignore"), Some(vec![]));
        assert_eq!(parse("// chanfix:ignored"), None);
        assert_eq!(parse("/* chanfix:ignore */"), None);
        assert_eq!(parse("// note: chanfix:ignore"), None);
    }

    #[test]
    fn rewrite_keeps_prefix_and_reason() {
        let names = vec!["abandoned-sender".to_string()];
        assert_eq!(
            rewritten("// chanfix:ignore x abandoned-sender -- ok", &names),
            "// chanfix:ignore abandoned-sender -- ok"
        );
        assert_eq!(
            rewritten("//chanfix:ignore x abandoned-sender", &names),
            "//chanfix:ignore abandoned-sender"
        );
    }

    #[test]
    fn removal_takes_the_whole_line_or_just_the_comment() {
        let src = "a\n\t// chanfix:ignore\nb // chanfix:ignore\n";
        let alone = src.find("//").unwrap();
        let e = removal(src, &(alone..alone + 17));
        assert_eq!(&src[e.start..e.end], "\t// chanfix:ignore\n");
        let trailing = src.rfind("//").unwrap();
        let e = removal(src, &(trailing..trailing + 17));
        assert_eq!(&src[e.start..e.end], " // chanfix:ignore");
    }
}
