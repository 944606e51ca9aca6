//! `//chanfix:ignore` end to end: `fix --add-ignore` adopts chanfix in one
//! commit; unused directives are reported and removed by `fix`; `fix` and
//! `diff` list what they could not fix; `--statistics`.

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;

const LEAK: &str = include_str!("../testdata/cli/timeout.go");
/// Reported without a fix: the receiver reads len(done).
const UNFIXABLE: &str = include_str!("../transforms/abandoned_sender/testdata/neg_len_observed.go");

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fixable.go"), LEAK).unwrap();
    std::fs::write(dir.path().join("unfixable.go"), UNFIXABLE).unwrap();
    dir
}

#[test]
fn add_ignore_then_check_is_clean() {
    let dir = tree();
    assert_eq!(chanfix_in(dir.path(), &["check"], "").code, 1);
    let run = chanfix_in(dir.path(), &["fix", "--add-ignore=adopted in one commit"], "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let silenced = std::fs::read_to_string(dir.path().join("unfixable.go")).unwrap();
    assert!(
        silenced.contains(
            "\t\t//chanfix:ignore abandoned-sender -- adopted in one commit\n\t\tdone <- \"finished\""
        ),
        "{silenced}"
    );
    let fixed = std::fs::read_to_string(dir.path().join("fixable.go")).unwrap();
    assert!(fixed.contains("make(chan error, 1)") && !fixed.contains("chanfix:ignore"), "{fixed}");
    let check = chanfix_in(dir.path(), &["check"], "");
    assert_eq!((check.code, check.stdout.as_str()), (0, ""), "{}", check.stderr);
}

#[test]
fn add_ignore_without_reason() {
    let dir = tree();
    assert_eq!(chanfix_in(dir.path(), &["fix", "--add-ignore", "unfixable.go"], "").code, 0);
    let silenced = std::fs::read_to_string(dir.path().join("unfixable.go")).unwrap();
    assert!(silenced.contains("\t\t//chanfix:ignore abandoned-sender\n"), "{silenced}");
}

#[test]
fn an_unused_directive_is_reported_and_fix_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = LEAK.replace(
        "func fetchWithTimeout",
        "// chanfix:ignore abandoned-producer -- stale\nfunc fetchWithTimeout",
    );
    std::fs::write(dir.path().join("a.go"), &source).unwrap();
    let run = chanfix_in(dir.path(), &["check"], "");
    assert!(
        run.stdout.contains("a.go:11:1: unused-ignore: this chanfix:ignore directive silences no finding"),
        "{}",
        run.stdout
    );
    assert_eq!(chanfix_in(dir.path(), &["fix"], "").code, 0);
    let fixed = std::fs::read_to_string(dir.path().join("a.go")).unwrap();
    assert_eq!(fixed, LEAK.replace("make(chan error)", "make(chan error, 1)"));
}

#[test]
fn fix_and_diff_list_what_they_could_not_fix_and_the_summary_comes_last() {
    let dir = tree();
    let diff = chanfix_in(dir.path(), &["diff"], "");
    assert!(diff.stdout.starts_with("--- a/fixable.go"), "the diff stays a clean patch: {}", diff.stdout);
    let lines: Vec<&str> = diff.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", diff.stderr);
    assert!(
        lines[0].starts_with("unfixable.go:15:3: abandoned-sender: not fixed: ") && lines[0].contains("len"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("chanfix: 2 files checked"), "{}", lines[1]);
    let fix = chanfix_in(dir.path(), &["fix"], "");
    assert_eq!(fix.code, 1);
    assert_eq!(fix.stdout, format!("{}\n", lines[0]));
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = tree();
    let run = chanfix_in(dir.path(), &["check", "--statistics"], "");
    assert!(run.stdout.ends_with("     2  abandoned-sender     (1 fixable)\n"), "{}", run.stdout);
}
