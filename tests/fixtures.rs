//! Golden tests for every transform, in the go/analysis style: each
//! `transforms/<rule>/testdata/<case>.go` marks the lines where a finding is
//! expected with `// want "regexp"`; `<case>.go.golden` holds the fixed
//! file. A fixture without a golden must get no fix. Any missing or
//! unexpected finding or edit fails the test.
//!
//! A fixture may also be a package: a directory `testdata/<case>/` whose
//! `.go` files (one package) are checked each by its own path, so the
//! analysis sees the other files; each file has its own markers and, when
//! it gets a fix, its own `.go.golden`.

use chanfix::go;
use chanfix::pipeline::check_source;
use chanfix::rules::{Compiled, RULES};
use regex::Regex;
use std::path::{Path, PathBuf};

fn fixtures(rule_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(rule_dir.join("testdata"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "go") || p.is_dir());
    files.sort();
    files
}

/// The `.go` files of a package fixture, sorted.
fn package_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "go"));
    files.sort();
    assert!(files.len() > 1, "package fixture {} has fewer than two .go files", dir.display());
    files
}

/// `(line, regexp)` for every `// want "..."` marker.
fn wants(source: &str) -> Vec<(usize, Regex)> {
    let marker = Regex::new(r#"// want "((?:[^"\\]|\\.)*)""#).unwrap();
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        for cap in marker.captures_iter(line) {
            out.push((i + 1, Regex::new(&cap[1]).expect("want pattern is a regexp")));
        }
    }
    out
}

/// Checks a single-file fixture by its bare name (no siblings), and each
/// file of a package fixture by its path (its siblings are the package).
fn check_fixture(rule: &'static [chanfix::rules::Rule], path: &Path) -> Vec<String> {
    if path.is_dir() {
        return package_files(path).iter().flat_map(|file| check_file(rule, file, true)).collect();
    }
    check_file(rule, path, false)
}

fn check_file(rule: &'static [chanfix::rules::Rule], path: &Path, in_package: bool) -> Vec<String> {
    let source = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let checked = if in_package { path.to_string_lossy().to_string() } else { name.clone() };
    let outcome = check_source(&Compiled::only(rule), &mut go::new_parser(), &checked, &source);
    let mut problems = Vec::new();
    let mut wanted = wants(&source);
    for f in &outcome.findings {
        let (line, col) = chanfix::finding::line_col(&source, f.range.start);
        match wanted.iter().position(|(l, re)| *l == line && re.is_match(&f.message)) {
            Some(i) => {
                wanted.remove(i);
            }
            None => problems.push(format!("{name}:{line}:{col}: unexpected finding: {}", f.message)),
        }
    }
    for (line, re) in wanted {
        problems.push(format!("{name}:{line}: missing finding matching {re}"));
    }
    let golden = path.with_extension("go.golden");
    match (std::fs::read_to_string(&golden).ok(), &outcome.fixed) {
        (Some(want), Some(got)) if want != *got => problems.push(format!(
            "{name}: fixed text differs from golden:\n{}",
            chanfix::output::text::unified_diff(&name, &want, got)
        )),
        (Some(_), None) => problems.push(format!(
            "{name}: expected a fix (golden exists), got none: {:?}",
            outcome.findings.iter().map(|f| f.no_fix_reason.clone()).collect::<Vec<_>>()
        )),
        (None, Some(got)) => problems.push(format!(
            "{name}: unexpected fix:\n{}",
            chanfix::output::text::unified_diff(&name, &source, got)
        )),
        _ => {}
    }
    problems
}

#[test]
fn every_fixture_gets_exactly_its_findings_and_fixes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms");
    let mut problems = Vec::new();
    let mut total = 0;
    for (i, rule) in RULES.iter().enumerate() {
        let dir = root.join(rule.id.replace('-', "_"));
        let files = fixtures(&dir);
        assert!(!files.is_empty(), "rule {} has no fixtures in {}", rule.id, dir.display());
        total += files.len();
        for path in files {
            problems.extend(check_fixture(&RULES[i..=i], &path));
        }
    }
    eprintln!("fixtures: {total} checked, {} problems", problems.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
