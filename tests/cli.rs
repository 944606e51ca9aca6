//! The command line driven in-process: the printed diff, the summary, every
//! exit code, and bad input (syntax errors, non-UTF-8, symlinks, stdin).

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;
use std::path::{Path, PathBuf};

fn cli_testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cli")
}

/// A temporary directory holding copies of the named files of testdata/cli.
fn workspace(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::copy(cli_testdata().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn diff_prints_the_article_fix_and_exits_1() {
    let run = chanfix_in(&cli_testdata(), &["diff", "timeout.go"], "");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, read(cli_testdata().join("timeout.go.diff")));
    assert_eq!(
        run.stderr,
        "chanfix: 1 file checked, 1 finding (0 without a safe fix), 1 file would change\n"
    );
}

#[test]
fn fix_then_diff_is_clean_and_second_fix_changes_nothing() {
    let ws = workspace(&["timeout.go", "clean.go"]);
    let run = chanfix_in(ws.path(), &["fix"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(ws.path().join("timeout.go")).contains("errCh := make(chan error, 1)"));
    assert_eq!(read(ws.path().join("clean.go")), read(cli_testdata().join("clean.go")));
    let again = chanfix_in(ws.path(), &["diff", "./..."], "");
    assert_eq!((again.code, again.stdout.as_str()), (0, ""));
    let before = read(ws.path().join("timeout.go"));
    assert_eq!(chanfix_in(ws.path(), &["fix", "."], "").code, 0);
    assert_eq!(read(ws.path().join("timeout.go")), before);
}

#[test]
fn check_prints_one_line_per_finding_with_position() {
    let run = chanfix_in(&cli_testdata(), &["check", "timeout.go", "clean.go"], "");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "timeout.go:15:3: abandoned-sender: goroutine can block forever sending on errCh: \
         the receiver may take the select case `case <-time.After(time.Second)` (line 20) and leave by `return` at line 21 without receiving\n"
    );
    let clean = chanfix_in(&cli_testdata(), &["check", "clean.go"], "");
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
}

#[test]
fn syntax_errors_get_a_report_and_no_fix() {
    let ws = workspace(&["broken.go"]);
    let run = chanfix_in(ws.path(), &["fix", "broken.go"], "");
    assert_eq!(run.code, 1, "a finding without a fix remains");
    assert_eq!(read(ws.path().join("broken.go")), read(cli_testdata().join("broken.go")));
    let check = chanfix_in(ws.path(), &["check", "broken.go"], "");
    assert!(check.stdout.contains("broken.go:8:3: abandoned-sender:"), "{}", check.stdout);
    assert!(check.stdout.contains("no fix: the enclosing function has syntax errors"), "{}", check.stdout);
}

#[test]
fn crlf_and_comments_outside_the_edit_stay_byte_identical() {
    let ws = tempfile::tempdir().unwrap();
    let crlf = read(cli_testdata().join("timeout.go")).replace('\n', "\r\n");
    std::fs::write(ws.path().join("timeout.go"), &crlf).unwrap();
    assert_eq!(chanfix_in(ws.path(), &["fix"], "").code, 0);
    let fixed = read(ws.path().join("timeout.go"));
    assert_eq!(fixed, crlf.replace("make(chan error)", "make(chan error, 1)"));
}

#[test]
fn fix_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let ws = workspace(&["timeout.go"]);
    let path = ws.path().join("timeout.go");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(chanfix_in(ws.path(), &["fix"], "").code, 0);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn stdin_fix_prints_the_fixed_source_and_diff_prints_the_diff() {
    let source = read(cli_testdata().join("timeout.go"));
    let fix = chanfix_in(&cli_testdata(), &["fix", "-"], &source);
    assert_eq!(fix.code, 0);
    assert_eq!(fix.stdout, source.replace("make(chan error)", "make(chan error, 1)"));
    let diff = chanfix_in(&cli_testdata(), &["diff", "-"], &source);
    assert_eq!(diff.code, 1);
    assert!(diff.stdout.contains("+\terrCh := make(chan error, 1)\n"), "{}", diff.stdout);
    let clean = chanfix_in(&cli_testdata(), &["fix", "-"], &read(cli_testdata().join("clean.go")));
    assert_eq!((clean.code, clean.stdout), (0, read(cli_testdata().join("clean.go"))));
}

#[test]
fn bad_files_get_a_message_and_exit_2_after_the_rest() {
    let ws = workspace(&["timeout.go"]);
    std::fs::write(ws.path().join("latin1.go"), b"package p\n// caf\xe9\n").unwrap();
    let run = chanfix_in(ws.path(), &["diff", ".", "missing.go"], "");
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("make(chan error, 1)"), "other files are still processed");
    assert!(run.stderr.contains("chanfix: latin1.go: not valid UTF-8"), "{}", run.stderr);
    assert!(run.stderr.contains("chanfix: missing.go: no such file or directory"), "{}", run.stderr);
}

#[test]
fn walk_skips_vendor_testdata_hidden_underscore_and_generated() {
    let ws = tempfile::tempdir().unwrap();
    let leaky = read(cli_testdata().join("timeout.go"));
    for dir in ["vendor/x", "testdata", ".hidden", "_old", "pkg"] {
        std::fs::create_dir_all(ws.path().join(dir)).unwrap();
        std::fs::write(ws.path().join(dir).join("a.go"), &leaky).unwrap();
    }
    let generated = format!("// Code generated by hand. DO NOT EDIT.\n\n{leaky}");
    std::fs::write(ws.path().join("pkg/gen.go"), &generated).unwrap();
    let run = chanfix_in(ws.path(), &["check", "./..."], "");
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.starts_with("pkg/a.go:"), "{}", run.stdout);
    let named = chanfix_in(ws.path(), &["check", "vendor/x", "--include-generated", "pkg"], "");
    assert_eq!(named.stdout.lines().count(), 3, "explicit paths and generated files: {}", named.stdout);
}

#[test]
fn symlinked_file_keeps_its_link_and_the_target_is_fixed() {
    let ws = workspace(&["timeout.go"]);
    std::os::unix::fs::symlink(ws.path().join("timeout.go"), ws.path().join("link.go")).unwrap();
    assert_eq!(chanfix_in(ws.path(), &["fix", "link.go"], "").code, 0);
    assert!(std::fs::symlink_metadata(ws.path().join("link.go")).unwrap().file_type().is_symlink());
    assert!(read(ws.path().join("timeout.go")).contains("make(chan error, 1)"));
}

#[test]
fn rules_explain_and_usage_errors() {
    let rules = chanfix_in(&cli_testdata(), &["rules"], "");
    assert_eq!(rules.code, 0);
    assert!(rules.stdout.starts_with("abandoned-sender"));
    let explain = chanfix_in(&cli_testdata(), &["explain", "abandoned-sender"], "");
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.contains("defer close(ch)"));
    assert_eq!(chanfix_in(&cli_testdata(), &["explain", "nope"], "").code, 2);
    assert_eq!(chanfix_in(&cli_testdata(), &["check", "--no-such-flag"], "").code, 2);
}

#[test]
fn a_file_changed_since_it_was_read_is_not_written() {
    let ws = workspace(&["timeout.go"]);
    let path = ws.path().join("timeout.go");
    let stamp = chanfix::write::Stamp::of(&std::fs::metadata(&path).unwrap());
    let err =
        chanfix::write::write_atomically(&path, "what chanfix read earlier", stamp, "new text").unwrap_err();
    assert!(err.contains("changed on disk"), "{err}");
    assert_eq!(read(&path), read(cli_testdata().join("timeout.go")));
    let leftovers: Vec<_> = std::fs::read_dir(ws.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn byte_order_mark_is_kept_and_the_fix_still_applies() {
    let ws = tempfile::tempdir().unwrap();
    let with_bom = format!("\u{feff}{}", read(cli_testdata().join("timeout.go")));
    std::fs::write(ws.path().join("timeout.go"), &with_bom).unwrap();
    assert_eq!(chanfix_in(ws.path(), &["fix"], "").code, 0);
    assert_eq!(
        read(ws.path().join("timeout.go")),
        with_bom.replace("make(chan error)", "make(chan error, 1)")
    );
}

#[test]
fn huge_files_are_reported_not_read() {
    let ws = workspace(&["timeout.go"]);
    let huge = std::fs::File::create(ws.path().join("huge.go")).unwrap();
    huge.set_len(40 << 20).unwrap(); // sparse: costs no disk
    let run = chanfix_in(ws.path(), &["check"], "");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("chanfix: huge.go: file too large"), "{}", run.stderr);
    assert!(run.stdout.contains("timeout.go:15:3:"), "the other files are still checked");
}

#[test]
fn overlapping_paths_are_processed_once() {
    let run = chanfix_in(&cli_testdata(), &["check", "timeout.go", ".", "./..."], "");
    assert_eq!(run.stdout.lines().filter(|l| l.starts_with("timeout.go:")).count(), 1, "{}", run.stdout);
    let ws = workspace(&["timeout.go"]);
    std::fs::create_dir(ws.path().join("sub")).unwrap();
    let fix = chanfix_in(&ws.path().join("sub"), &["fix", "../timeout.go", ".."], "");
    assert_eq!(fix.code, 0, "one file named twice is fixed once: {}", fix.stderr);
    assert!(read(ws.path().join("timeout.go")).contains("make(chan error, 1)"));
}

#[test]
fn paths_are_shown_as_the_user_typed_them() {
    let testdata = cli_testdata().join("..");
    let run = chanfix_in(&testdata, &["check", "./cli/timeout.go"], "");
    assert!(run.stdout.starts_with("cli/timeout.go:15:3:"), "{}", run.stdout);
    let up = chanfix_in(&testdata.join("harness"), &["diff", "../cli/timeout.go"], "");
    assert!(up.stdout.starts_with("--- a/../cli/timeout.go\n+++ b/../cli/timeout.go\n"), "{}", up.stdout);
}

#[test]
fn go_syntax_tree_sitter_cannot_read_is_reported_not_fixed() {
    let ws = workspace(&["new_expr.go"]);
    let run = chanfix_in(ws.path(), &["fix"], "");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(read(ws.path().join("new_expr.go")), read(cli_testdata().join("new_expr.go")));
    let check = chanfix_in(ws.path(), &["check"], "");
    assert!(check.stdout.contains("new_expr.go:13:3: abandoned-sender:"), "{}", check.stdout);
    assert!(check.stdout.contains("syntax tree-sitter-go cannot read"), "{}", check.stdout);
}

#[test]
fn fix_exits_2_on_errors_after_fixing_the_rest() {
    let ws = workspace(&["timeout.go"]);
    std::fs::write(ws.path().join("latin1.go"), b"package p\n// caf\xe9\n").unwrap();
    let run = chanfix_in(ws.path(), &["fix"], "");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(read(ws.path().join("timeout.go")).contains("make(chan error, 1)"));
    assert!(
        run.stderr
            .ends_with("chanfix: 2 files checked, 1 finding (0 without a safe fix), 1 file fixed, 1 error\n"),
        "{}",
        run.stderr
    );
}
