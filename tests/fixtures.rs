//! Golden tests for every transform, in the go/analysis style: each
//! `transforms/<rule>/testdata/<case>.go` marks the lines where a finding is
//! expected with `// want "regexp"`; `<case>.go.golden` holds the fixed
//! file. A fixture without a golden must get no fix. Any missing or
//! unexpected finding or edit fails the test.
//!
//! A fixture may also be a package: a directory `testdata/<case>/` whose
//! `.go` files (one package) are checked each by its own path, so the
//! analysis sees the other files; each file has its own markers and, when
//! it gets a fix, its own `.go.golden`. A fix found in one file may also
//! edit another file of the package: that file's golden holds those edits,
//! and no two files' fixes may change the same file.

use chanfix::go;
use chanfix::pipeline::check_source;
use chanfix::rules::{Compiled, RULES};
use regex::Regex;
use std::collections::BTreeMap;
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
    if !path.is_dir() {
        let (mut problems, fixed) = check_file(rule, path, false);
        problems.extend(compare_golden(path, fixed.get(&file_name(path))));
        return problems;
    }
    let mut problems = Vec::new();
    let mut fixed: BTreeMap<String, (String, String)> = BTreeMap::new();
    let files = package_files(path);
    for file in &files {
        let (found, changed) = check_file(rule, file, true);
        problems.extend(found);
        for (name, text) in changed {
            if let Some((by, _)) = fixed.get(&name) {
                problems.push(format!("{name}: changed by the fixes of both {by} and {}", file_name(file)));
            }
            fixed.insert(name, (file_name(file), text));
        }
    }
    for file in &files {
        problems.extend(compare_golden(file, fixed.get(&file_name(file)).map(|(_, t)| t)));
    }
    problems
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().to_string()
}

/// The problems with one file's findings, and the fixed text of every file
/// its fixes change (itself and other files of its package), by file name.
fn check_file(
    rule: &'static [chanfix::rules::Rule],
    path: &Path,
    in_package: bool,
) -> (Vec<String>, BTreeMap<String, String>) {
    let source = std::fs::read_to_string(path).unwrap();
    let name = file_name(path);
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
    let mut changed: BTreeMap<String, String> = BTreeMap::new();
    if let Some(fixed) = outcome.fixed {
        changed.insert(name, fixed);
    }
    for other in outcome.others {
        changed.insert(other.name, other.fixed);
    }
    if changed.is_empty() && outcome.findings.iter().any(|f| f.fix.is_some()) {
        problems.push(format!("{}: a fix that changes nothing", file_name(path)));
    }
    (problems, changed)
}

/// Whether the fixed text of `path` (if any fix changed it) is its golden.
fn compare_golden(path: &Path, fixed: Option<&String>) -> Option<String> {
    let name = file_name(path);
    let source = std::fs::read_to_string(path).unwrap();
    let golden = path.with_extension("go.golden");
    match (std::fs::read_to_string(&golden).ok(), fixed) {
        (Some(want), Some(got)) if want != *got => Some(format!(
            "{name}: fixed text differs from golden:\n{}",
            chanfix::output::text::unified_diff(&name, &want, got)
        )),
        (Some(_), None) => Some(format!("{name}: expected a fix (golden exists), got none")),
        (None, Some(got)) => Some(format!(
            "{name}: unexpected fix:\n{}",
            chanfix::output::text::unified_diff(&name, &source, got)
        )),
        _ => None,
    }
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
