//! Property: a fix is what gofmt prints even when its edits sit among
//! trailing comments, which gofmt aligns in columns. Every input chanfix
//! fixes (the transforms' fixtures, `testdata/align/*.go`, and the files of
//! `$(go env GOROOT)/src` chanfix changes) is turned into variants with
//! `// comments` added to the edited lines and the code lines around them,
//! made gofmt-clean by gofmt itself, fixed by the library, and the fixed
//! text must be gofmt-clean too. gofmt runs once per batch of files.

#[path = "support/go.rs"]
mod go;

use chanfix::pipeline::check_source;
use chanfix::rules::Compiled;
use similar::{DiffTag, TextDiff};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TEST: &str = "gofmt_property";
const BATCH: usize = 100;

/// Which of the chosen lines of one input get a comment, and which comment.
struct Plan {
    name: &'static str,
    edited: bool,
    around: bool,
    long_every: usize,
}

const PLANS: &[Plan] = &[
    Plan { name: "all-short", edited: true, around: true, long_every: 0 },
    Plan { name: "all-mixed", edited: true, around: true, long_every: 2 },
    Plan { name: "edited-long", edited: true, around: false, long_every: 1 },
    Plan { name: "around-only", edited: false, around: true, long_every: 3 },
];

#[test]
fn fixes_among_trailing_comments_are_gofmt_clean() {
    let started = Instant::now();
    let tc = match go::toolchain() {
        Ok(tc) => tc,
        Err(why) => return go::unavailable(TEST, &why),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = fixtures(&root.join("transforms"));
    inputs.extend(go_files_in(&root.join("testdata/align")));
    inputs.extend(fixed_goroot_files(&tc.goroot.join("src")));

    let scanned = started.elapsed();
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut variants: Vec<PathBuf> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let text = fs::read_to_string(input).unwrap();
        let Some(fixed) = fix(input, &text).fixed else { continue };
        let (edited, around) = commentable_lines(&text, &fixed);
        for (k, plan) in PLANS.iter().enumerate() {
            let dir = tmp.path().join(format!("in/{i}-{k}"));
            fs::create_dir_all(&dir).unwrap();
            let path = dir.join(input.file_name().unwrap());
            fs::write(&path, with_comments(&text, plan, &edited, &around)).unwrap();
            variants.push(path);
        }
    }
    assert!(variants.len() >= 100, "only {} variants; are the fixtures there?", variants.len());
    gofmt(&tc.gofmt, tmp.path(), "-w", &variants);

    let (mut fixed_count, mut refused, mut outputs) = (0, 0, Vec::new());
    for path in &variants {
        let text = fs::read_to_string(path).unwrap();
        let outcome = fix(path, &text);
        for f in outcome.findings.iter().filter(|f| f.no_fix_reason.as_deref().is_some_and(realign)) {
            refused += 1;
            let (line, _) = chanfix::finding::line_col(&text, f.range.start);
            eprintln!("  refused: {}:{line}: {}", path.display(), f.no_fix_reason.as_deref().unwrap_or(""));
        }
        let Some(fixed) = outcome.fixed else { continue };
        fixed_count += 1;
        let out = tmp.path().join("out").join(path.strip_prefix(tmp.path().join("in")).unwrap());
        fs::create_dir_all(out.parent().unwrap()).unwrap();
        fs::write(&out, fixed).unwrap();
        outputs.push(out);
    }
    let dirty = gofmt(&tc.gofmt, tmp.path(), "-l", &outputs);
    eprintln!(
        "{TEST}: {} inputs, {} variants, {fixed_count} fixed, {refused} fixes refused as not re-alignable, {} not gofmt-clean ({:.1}s, {:.1}s of it finding the GOROOT files to fix)",
        inputs.len(),
        variants.len(),
        dirty.len(),
        started.elapsed().as_secs_f64(),
        scanned.as_secs_f64()
    );
    if !dirty.is_empty() {
        let shown: Vec<PathBuf> = dirty.iter().take(3).cloned().collect();
        let diff =
            go::run(Command::new(&tc.gofmt).current_dir(tmp.path()).arg("-d").args(&shown), None, timeout())
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
        panic!("fixed text is not gofmt-clean in {} variants, e.g. {shown:?}:\n{diff}", dirty.len());
    }
    assert!(
        fixed_count * 4 >= variants.len() * 3,
        "too few variants fixed: {fixed_count} of {}",
        variants.len()
    );
}

fn realign(reason: &str) -> bool {
    reason.contains("cannot re-align")
}

fn timeout() -> Duration {
    Duration::from_secs(120)
}

fn fix(path: &Path, text: &str) -> chanfix::pipeline::Outcome {
    let name = path.to_string_lossy();
    check_source(&Compiled::new(), &mut chanfix::go::new_parser(), &name, text)
}

/// The `.go` files directly in `dir`, sorted.
fn go_files_in(dir: &Path) -> Vec<PathBuf> {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "go")).collect();
    files.sort();
    files
}

/// Every transform's fixtures.
fn fixtures(transforms: &Path) -> Vec<PathBuf> {
    let mut rules: Vec<PathBuf> = fs::read_dir(transforms).unwrap().flatten().map(|e| e.path()).collect();
    rules.sort();
    rules
        .iter()
        .filter(|r| r.join("testdata").is_dir())
        .flat_map(|r| go_files_in(&r.join("testdata")))
        .collect()
}

/// The files of the Go source tree that chanfix changes, found with the
/// library in memory on two threads.
fn fixed_goroot_files(src: &Path) -> Vec<PathBuf> {
    if !src.is_dir() {
        go::unavailable(TEST, &format!("{} is not a directory; GOROOT files left out", src.display()));
        return Vec::new();
    }
    let (targets, _) = chanfix::walk::collect(src, &[".".to_string()]);
    let paths: Vec<PathBuf> = targets.into_iter().map(|t| t.path).collect();
    let (a, b) = paths.split_at(paths.len() / 2);
    let changed = |part: &[PathBuf]| -> Vec<PathBuf> {
        let rules = Compiled::new();
        let mut parser = chanfix::go::new_parser();
        part.iter()
            .filter(|p| {
                let Ok(text) = fs::read_to_string(p) else { return false };
                check_source(&rules, &mut parser, &p.to_string_lossy(), &text).fixed.is_some()
            })
            .cloned()
            .collect()
    };
    let mut files = std::thread::scope(|s| {
        let other = s.spawn(|| changed(b));
        let mut mine = changed(a);
        mine.extend(other.join().unwrap());
        mine
    });
    assert!(!files.is_empty() || paths.len() < 1000, "chanfix changes none of {} GOROOT files", paths.len());
    files.sort();
    files
}

/// Line indices that can take a trailing comment: those the fix changes, and
/// up to two on each side of every change (nearest first).
fn commentable_lines(text: &str, fixed: &str) -> (Vec<usize>, Vec<usize>) {
    let lines: Vec<&str> = text.lines().collect();
    let takes_comment = |i: usize| {
        let l = lines[i].trim();
        !l.is_empty() && !l.contains("//") && !l.contains("/*") && !l.contains('`')
    };
    let (mut edited, mut around) = (Vec::new(), Vec::new());
    for op in TextDiff::from_lines(text, fixed).ops() {
        if op.tag() == DiffTag::Equal {
            continue;
        }
        let old = op.old_range();
        edited.extend(old.clone().filter(|&i| takes_comment(i)));
        around.extend((0..old.start).rev().filter(|&i| takes_comment(i)).take(2));
        around.extend((old.end..lines.len()).filter(|&i| takes_comment(i)).take(2));
    }
    around.retain(|i| !edited.contains(i));
    (edited, around)
}

/// `text` with `// c<n>` (or a longer comment) ending the lines `plan` picks.
fn with_comments(text: &str, plan: &Plan, edited: &[usize], around: &[usize]) -> String {
    let mut picked: Vec<usize> = Vec::new();
    if plan.edited {
        picked.extend(edited);
    }
    if plan.around {
        picked.extend(around);
    }
    let mut out = String::with_capacity(text.len() + 32 * picked.len());
    let mut n = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if !picked.contains(&i) {
            out.push_str(line);
            continue;
        }
        n += 1;
        let body = line.trim_end_matches(['\n', '\r']);
        let comment = if plan.long_every > 0 && n % plan.long_every == 0 {
            format!("// a longer note {n} ({})", plan.name)
        } else {
            format!("// c{n}")
        };
        out.push_str(&format!("{body} {comment}{}", &line[body.len()..]));
    }
    out
}

/// Runs `gofmt <flag>` on `files` (paths below `dir`) in batches; returns
/// the files it lists. Any error (a variant that does not parse) fails.
fn gofmt(gofmt: &Path, dir: &Path, flag: &str, files: &[PathBuf]) -> Vec<PathBuf> {
    let mut listed = Vec::new();
    for batch in files.chunks(BATCH) {
        let rel: Vec<&Path> = batch.iter().map(|p| p.strip_prefix(dir).unwrap()).collect();
        let mut cmd = Command::new(gofmt);
        cmd.current_dir(dir).arg(flag).args(&rel);
        let out = go::run(&mut cmd, None, timeout()).unwrap_or_else(|e| panic!("gofmt {flag}: {e}"));
        assert!(out.status.success() && out.stderr.is_empty(), "gofmt {flag} failed: {}", out.describe());
        listed.extend(String::from_utf8_lossy(&out.stdout).lines().map(PathBuf::from));
    }
    listed
}
