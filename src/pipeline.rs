//! One file through the whole pipeline: prefilter → parse → find → resolve
//! overlaps → re-align comments → splice edits → re-parse. Pure: text in,
//! findings and fixed text out; reading and writing files is the CLI's
//! business.
//!
//! A fix may also edit other files of the package (a producer declared in
//! another file): those edits are spliced into the other file's text as the
//! package model read it, re-parsed like the file's own, and handed out in
//! [`Outcome::others`]; the CLI writes them together with the file.

use crate::align;
use crate::exits::Exits;
use crate::finding::{self, Finding};
use crate::go;
use crate::mask;
use crate::package::Package;
use crate::rules::{Compiled, Context};
use crate::suppress;
use std::borrow::Cow;
use std::collections::BTreeSet;
use tree_sitter::Parser;

/// What chanfix concluded about one source text.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// The fixed text, when some fix applies and changes the text.
    pub fixed: Option<String>,
    /// Whether the prefilter let the file through to the parser.
    pub parsed: bool,
    /// The other files of the package that the fixes also change.
    pub others: Vec<OtherFile>,
}

/// Another file of the package, changed by fixes of the checked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherFile {
    /// Its name, in the checked file's directory.
    pub name: String,
    /// Its text as read from disk.
    pub original: String,
    /// Its text with the fixes' edits spliced in.
    pub fixed: String,
}

const BOM: &str = "\u{feff}";

/// What the run asks of one file beyond the defaults.
#[derive(Default)]
pub struct Options<'a> {
    /// Rules switched off for this file (configuration).
    pub disabled: &'a [String],
    /// Report (and fix) only findings starting on these 1-based lines
    /// (only new code); `None`: every line.
    pub lines: Option<&'a BTreeSet<usize>>,
    /// `fix --add-ignore[=REASON]`: silence every finding left without a
    /// fix with a directive giving this reason (may be empty).
    pub add_ignore: Option<&'a str>,
    /// Where the file really is, when the path it is shown by is not
    /// relative to the process's working directory: its package is read there.
    pub location: Option<&'a std::path::Path>,
    /// Other files of the package that fixes of this file must not edit,
    /// each with the reason (e.g. fixes of another file of the run change it).
    pub refused_files: &'a [(String, String)],
    /// Why fixes must not edit any other file of the package at all
    /// (standard input, an editor's buffer), when they must not.
    pub own_file_only: Option<&'a str>,
}

impl Options<'_> {
    fn enabled(&self, rule: &str) -> bool {
        !self.disabled.iter().any(|d| d == rule)
    }

    fn on_new_line(&self, source: &str, f: &Finding) -> bool {
        self.lines.is_none_or(|lines| lines.contains(&finding::line_col(source, f.range.start).0))
    }
}

/// [`check_source_with`] with the default options.
pub fn check_source(rules: &Compiled, parser: &mut Parser, path: &str, source: &str) -> Outcome {
    check_source_with(rules, parser, path, source, &Options::default())
}

/// Findings (rules, then directives, then the only-new-code filter) and
/// the text with every remaining fix applied.
pub fn check_source_with(
    rules: &Compiled,
    parser: &mut Parser,
    path: &str,
    source: &str,
    options: &Options,
) -> Outcome {
    if !rules.may_match(source) && !suppress::may_hold_directives(source) {
        return Outcome::default();
    }
    let parsed_text = without_bom(source);
    let Some(mask::Parsed { tree, skipped }) = mask::parse(rules, parser, &parsed_text) else {
        return Outcome { parsed: true, ..Outcome::default() };
    };
    let location = options.location.map(|l| l.to_string_lossy());
    let package = Package::of_file(location.as_deref().unwrap_or(path), &parsed_text);
    let exits = Exits::of_package(tree.root_node(), &parsed_text, path, &package);
    let ctx = Context { path, source: &parsed_text, tree: &tree, exits: &exits, package: &package };
    let mut findings = finding::with_line_index(&parsed_text, || rules.check(&ctx));
    findings.retain(|f| options.enabled(f.rule));
    let mut directives = suppress::directives(&tree, &parsed_text);
    suppress::apply(&mut directives, &mut findings, source);
    findings.extend(suppress::findings(&directives, source, &|r| options.enabled(r)));
    findings.retain(|f| options.on_new_line(source, f));
    findings.sort_by_key(|f| (f.range.start, f.rule));
    refuse_edits_in(&mut findings, options);
    finding::resolve_overlaps(&mut findings);
    if let Some(reason) = options.add_ignore {
        suppress::add_ignores(&mut findings, &parsed_text, &tree, reason);
    }
    // Fixes among aligned comments come with the edits that re-align them.
    let texts = |file: Option<&str>| match file {
        None => Some(source),
        Some(name) => package.sibling(name).map(|f| f.text.as_str()),
    };
    let edits = align::aligned_edits(texts, &mut findings);
    if edits.is_empty() {
        return Outcome { findings, parsed: true, ..Outcome::default() };
    }
    let (own, elsewhere): (Vec<_>, Vec<_>) = edits.into_iter().partition(|e| e.file.is_none());
    let fixed = finding::apply_edits(source, &own);
    // A masked tree knows nothing of errors in the bodies it skipped.
    let had_errors = |parser: &mut Parser| match skipped.is_empty() {
        false => go::parse(parser, &parsed_text).is_none_or(|t| t.root_node().has_error()),
        true => tree.root_node().has_error(),
    };
    // The fixed text is parsed skipping the same bodies, when no edit touches them.
    let still_skipped = mask::skipped_after(&skipped, &own).unwrap_or_default();
    let mut reparsed = own.is_empty() || reparses_cleanly(parser, &fixed, &still_skipped, had_errors);
    let mut others = Vec::new();
    for (name, edits) in by_file(elsewhere) {
        let Some(file) = package.sibling(&name) else {
            reparsed = false;
            continue;
        };
        let had_errors = file.tree().is_none_or(|t| t.root_node().has_error());
        let text = finding::apply_edits(&file.text, &edits);
        reparsed &= reparses_cleanly(parser, &text, &[], |_| had_errors);
        let fixed = if file.bom { format!("{BOM}{}", &text[3..]) } else { text };
        others.push(OtherFile { name, original: file.original(), fixed });
    }
    if !reparsed {
        for f in findings.iter_mut().filter(|f| f.fix.is_some()) {
            f.fix = None;
            f.no_fix_reason =
                Some("the fixed text did not parse; chanfix left the file alone (please report this)".into());
        }
        return Outcome { findings, parsed: true, ..Outcome::default() };
    }
    others.retain(|o| o.fixed != o.original);
    Outcome { findings, fixed: (fixed != source).then_some(fixed), parsed: true, others }
}

/// Drops the fixes that would edit another file the options refuse,
/// saying why.
fn refuse_edits_in(findings: &mut [Finding], options: &Options) {
    for f in findings.iter_mut() {
        let Some(fix) = &f.fix else { continue };
        let refused = fix.other_files().into_iter().find_map(|name| {
            let listed = options.refused_files.iter().find(|(n, _)| n == name).map(|(_, why)| why.as_str());
            Some((name, listed.or(options.own_file_only)?))
        });
        if let Some((name, why)) = refused {
            f.no_fix_reason = Some(format!("its fix also edits {name}, {why}"));
            f.fix = None;
        }
    }
}

/// Edits grouped by the file they land in, by file name.
fn by_file(edits: Vec<finding::Edit>) -> std::collections::BTreeMap<String, Vec<finding::Edit>> {
    let mut files: std::collections::BTreeMap<String, Vec<finding::Edit>> = Default::default();
    for e in edits {
        files.entry(e.file.clone().unwrap_or_default()).or_default().push(e);
    }
    files
}

/// The text to parse: a byte order mark blanked out, so that offsets stay
/// those of `source`.
fn without_bom(source: &str) -> Cow<'_, str> {
    match source.strip_prefix(BOM) {
        Some(rest) => Cow::Owned(format!("   {rest}")),
        None => Cow::Borrowed(source),
    }
}

/// The fixed text must parse at least as well as the original did
/// (`had_errors` parses the original only when the fixed text has errors);
/// the bodies in `skipped` are not parsed (no edit touched them).
fn reparses_cleanly(
    parser: &mut Parser,
    fixed: &str,
    skipped: &[std::ops::Range<usize>],
    had_errors: impl FnOnce(&mut Parser) -> bool,
) -> bool {
    match mask::parse_skipping(parser, &without_bom(fixed), skipped) {
        Some(t) if t.root_node().has_error() => had_errors(parser),
        Some(_) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go;

    const LEAK: &str = "package p\n\nimport \"time\"\n\nfunc f() {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tdone <- true MARK\n\t}()\n\tselect {\n\tcase <-time.After(time.Second):\n\tcase <-done:\n\t}\n}\n";

    fn outcome(mark: &str) -> Outcome {
        let source = LEAK.replace("MARK", mark);
        check_source(&Compiled::new(), &mut go::new_parser(), "x.go", &source)
    }

    /// Findings of the leak rules (not about directives).
    fn findings(mark: &str) -> usize {
        outcome(mark).findings.iter().filter(|f| f.rule != suppress::UNUSED_IGNORE).count()
    }

    fn unused(mark: &str) -> Vec<String> {
        let o = outcome(mark);
        o.findings.iter().filter(|f| f.rule == suppress::UNUSED_IGNORE).map(|f| f.message.clone()).collect()
    }

    /// testify's `require.*` may stop the test goroutine: a way out for the
    /// receiver (it cannot be a fixture: fixtures build without modules).
    #[test]
    fn a_require_check_is_a_way_out() {
        let source = "package p\n\nimport (\n\t\"testing\"\n\n\t\"github.com/stretchr/testify/require\"\n)\n\nfunc TestX(t *testing.T) {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tdone <- true\n\t}()\n\trequire.NoError(t, setup())\n\t<-done\n}\n";
        let outcome = check_source(&Compiled::new(), &mut go::new_parser(), "x_test.go", source);
        let messages: Vec<&str> = outcome.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("leave by `require.NoError` at line 14"), "{messages:?}");
        let without_import = source.replace("\t\"github.com/stretchr/testify/require\"\n", "");
        let outcome = check_source(&Compiled::new(), &mut go::new_parser(), "x_test.go", &without_import);
        assert!(outcome.findings.is_empty());
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
        assert_eq!(findings("// chanfix:ignore abandoned-producer abandoned-sender"), 0);
    }

    #[test]
    fn a_url_before_the_directive_does_not_hide_it() {
        assert_eq!(findings("; _ = \"http://example.com\" // chanfix:ignore"), 0);
    }

    #[test]
    fn a_directive_inside_a_string_is_no_directive() {
        assert_eq!(findings("; _ = \"// chanfix:ignore\""), 1);
        assert_eq!(unused("; _ = \"// chanfix:ignore\""), Vec::<String>::new());
    }

    #[test]
    fn directives_that_silence_nothing_or_name_unknown_rules_are_reported() {
        assert_eq!(unused("// chanfix:ignore abandoned-sender"), Vec::<String>::new());
        assert_eq!(
            unused("// chanfix:ignore abandoned-producer"),
            ["this chanfix:ignore directive silences no finding"]
        );
        assert_eq!(
            unused("// chanfix:ignore abandoned-sendr"),
            ["this chanfix:ignore directive names unknown rules (abandoned-sendr)"]
        );
        assert_eq!(
            unused("// chanfix:ignore typo abandoned-sender"),
            ["unknown rule names in chanfix:ignore: typo"]
        );
    }

    #[test]
    fn fixing_an_unused_directive_removes_it() {
        let o = outcome("// chanfix:ignore abandoned-producer -- old");
        let fixed = o.fixed.unwrap();
        assert!(!fixed.contains("chanfix:ignore"), "{fixed}");
        assert!(fixed.contains("done <- true\n"), "{fixed}");
        let o = outcome("// chanfix:ignore typo abandoned-sender -- ok");
        assert!(o.fixed.unwrap().contains("done <- true // chanfix:ignore abandoned-sender -- ok\n"));
    }

    #[test]
    fn add_ignore_silences_what_is_left() {
        let source = LEAK
            .replace("MARK", "")
            .replace("\tselect {", "\tif len(done) > 0 {\n\t\treturn\n\t}\n\tselect {");
        let plain = check_source(&Compiled::new(), &mut go::new_parser(), "x.go", &source);
        assert!(plain.findings[0].fix.is_none(), "the receiver reads len(done): no fix");
        let options = Options { add_ignore: Some("legacy"), ..Options::default() };
        let o = check_source_with(&Compiled::new(), &mut go::new_parser(), "x.go", &source, &options);
        assert!(o.findings.iter().all(|f| f.fix.is_some()));
        let fixed = o.fixed.expect("a fix");
        let again = check_source(&Compiled::new(), &mut go::new_parser(), "x.go", &fixed);
        assert!(again.findings.is_empty(), "{fixed}\n{:?}", again.findings);
        assert!(
            fixed.contains("\t\t//chanfix:ignore abandoned-sender -- legacy\n\t\tdone <- true"),
            "{fixed}"
        );
    }
}
