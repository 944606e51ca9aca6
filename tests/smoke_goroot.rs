//! Smoke test on real code: `chanfix fix` over a copy of the Go standard
//! library and toolchain sources (`$(go env GOROOT)/src`, without `testdata`
//! directories). It must not crash (exit 0 or 1), every file it rewrites must
//! still parse and be gofmt-clean, it must leave no stray files behind, and a
//! second run must change nothing (the fix is idempotent). The rewritten files
//! are also type-checked in place: `go vet -overlay` on their packages in the
//! real GOROOT, with the rewritten files overlaid on the originals.

#[path = "support/go.rs"]
mod go;

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TEST: &str = "smoke_goroot";
const FIX_TIMEOUT: Duration = Duration::from_secs(600);

#[test]
fn fix_goroot_sources() {
    let start = Instant::now();
    let tc = match go::toolchain() {
        Ok(tc) => tc,
        Err(why) => return go::unavailable(TEST, &why),
    };
    let src = tc.goroot.join("src");
    if !src.is_dir() {
        return go::unavailable(TEST, &format!("{} is not a directory", src.display()));
    }

    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("src");
    let copied = copy_go_files(&src, &root).expect("copy GOROOT/src");
    let before = snapshot(&root);
    assert_eq!(before.len(), copied);
    assert!(copied > 1000, "only {copied} .go files under {}; not a Go source tree?", src.display());
    let copy_time = start.elapsed();

    let (first, first_time) = timed(|| fix(&root));
    let after = snapshot(&root);
    let changed = changed_since(&before, &after);
    let stray: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    let lost: Vec<&PathBuf> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    assert!(stray.is_empty() && lost.is_empty(), "files appeared {stray:?} or vanished {lost:?}");

    if !changed.is_empty() {
        let rel: Vec<PathBuf> =
            changed.iter().map(|p| p.strip_prefix(&root).unwrap().to_path_buf()).collect();
        if let Err(e) = go::gofmt_check(&tc.gofmt, &root, &rel) {
            panic!("files rewritten by chanfix fix are not gofmt-clean or do not parse: {e}");
        }
    }

    let (vet, vet_time) = timed(|| vet_changed(&tc, &root, &changed));

    let (second, second_time) = timed(|| fix(&root));
    let again = snapshot(&root);
    let rechanged = changed_since(&after, &again);

    // The summary goes straight to stderr: libtest captures `eprintln!` (the
    // list of changed files stays captured), and this should show in a plain
    // `cargo test`.
    let mut stderr = std::io::stderr();
    let _ = writeln!(
        stderr,
        "smoke_goroot: {} ({}): {copied} .go files scanned, {} changed by the first fix, {} by the second",
        src.display(),
        tc.version,
        changed.len(),
        rechanged.len()
    );
    for p in &changed {
        eprintln!("  changed: {}", p.strip_prefix(&root).unwrap().display());
    }
    let _ = writeln!(stderr, "  first run:  {}", summary(&first, first_time));
    let _ = writeln!(stderr, "  go vet -overlay: {:.1}s: {}", vet_time.as_secs_f64(), vet.summary);
    let _ = writeln!(stderr, "  second run: {}", summary(&second, second_time));
    let _ = writeln!(
        stderr,
        "  copy {:.1}s, total {:.1}s",
        copy_time.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );

    for (name, out) in [("first", &first), ("second", &second)] {
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{name} `chanfix fix` must exit 0 or 1: {}",
            out.describe()
        );
    }
    assert!(vet.errors.is_empty(), "rewritten files do not type-check or vet:\n{}", vet.errors);
    assert!(
        rechanged.is_empty(),
        "a second `chanfix fix` changed files again (not idempotent): {rechanged:?}"
    );
    assert_eq!(again.len(), after.len(), "the second run added or removed files");
}

struct Vet {
    /// Human summary for the log.
    summary: String,
    /// `go vet` diagnostics that point into rewritten files (empty if none).
    errors: String,
}

/// Type-checks and vets the packages of the `changed` files (under `root`, a
/// copy of `GOROOT/src`) by overlaying them on the real GOROOT. Diagnostics
/// are blamed on chanfix only when they point into a rewritten file; other
/// vet complaints about the standard library are shown but not fatal.
fn vet_changed(tc: &go::Toolchain, root: &Path, changed: &[&PathBuf]) -> Vet {
    if changed.is_empty() {
        return Vet { summary: "nothing to check".into(), errors: String::new() };
    }
    let src = tc.goroot.join("src");
    let mut replace = Vec::new();
    let mut packages = std::collections::BTreeSet::new();
    for p in changed {
        let rel = p.strip_prefix(root).unwrap();
        replace.push(format!("{}:{}", json_string(&src.join(rel)), json_string(p)));
        let dir = rel.parent().unwrap().to_string_lossy().replace('\\', "/");
        packages.insert(dir);
    }
    let overlay = root.parent().unwrap().join("overlay.json");
    fs::write(&overlay, format!("{{\"Replace\":{{{}}}}}", replace.join(","))).expect("write overlay");
    let overlay_flag = format!("-overlay={}", overlay.display());

    // Which rewritten files the host build configuration compiles at all
    // (a `_darwin_test.go` file is not type-checked on Linux).
    let mut list = go::go_command("go");
    list.current_dir(root.parent().unwrap()).args(["list", "-e", &overlay_flag, "-f"])
        .arg("{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}\n{{end}}{{range .CgoFiles}}{{$d}}/{{.}}\n{{end}}{{range .TestGoFiles}}{{$d}}/{{.}}\n{{end}}{{range .XTestGoFiles}}{{$d}}/{{.}}\n{{end}}")
        .args(&packages);
    let listed = go::run(&mut list, None, FIX_TIMEOUT).unwrap_or_else(|e| panic!("go list: {e}"));
    let compiled: std::collections::BTreeSet<PathBuf> =
        String::from_utf8_lossy(&listed.stdout).lines().map(PathBuf::from).collect();
    let checked =
        changed.iter().filter(|p| compiled.contains(&src.join(p.strip_prefix(root).unwrap()))).count();

    let vet = |overlay: Option<&str>| {
        let mut cmd = go::go_command("go");
        cmd.current_dir(root.parent().unwrap()).arg("vet").args(overlay).args(&packages);
        go::run(&mut cmd, None, FIX_TIMEOUT).unwrap_or_else(|e| panic!("go vet: {e}"))
    };
    let out = vet(Some(&overlay_flag));
    let summary = format!(
        "{} package(s), {checked} of {} rewritten file(s) compiled for this GOOS/GOARCH",
        packages.len(),
        changed.len()
    );
    if out.status.success() {
        return Vet { summary: format!("{summary}, clean"), errors: String::new() };
    }
    // Blame the rewrite only if the untouched packages vet clean; otherwise
    // only diagnostics that point into a rewritten file count.
    let baseline = vet(None);
    if baseline.status.success() {
        return Vet { summary: format!("{summary}, FAILED"), errors: out.describe() };
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let root_text = root.to_string_lossy();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(root_text.as_ref())).collect();
    Vet {
        summary: format!("{summary}; vet fails on the original sources too: {}", baseline.describe()),
        errors: errors.join("\n"),
    }
}

fn json_string(p: &Path) -> String {
    let mut s = String::from("\"");
    for c in p.to_string_lossy().chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            c if (c as u32) < 0x20 => s.push_str(&format!("\\u{:04x}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Runs `chanfix fix <dir>` from inside `dir`.
fn fix(dir: &Path) -> go::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chanfix"));
    cmd.current_dir(dir).args(["fix", "."]);
    go::run(&mut cmd, None, FIX_TIMEOUT).unwrap_or_else(|e| panic!("chanfix fix: {e}"))
}

/// Exit code, time taken and the last line chanfix printed on stderr (its
/// summary).
fn summary(out: &go::Output, time: Duration) -> String {
    let text = String::from_utf8_lossy(&out.stderr);
    let last = text.lines().last().unwrap_or("");
    format!("exit {:?}, {:.1}s: {last}", out.status.code(), time.as_secs_f64())
}

/// Copies every `.go` file under `from` to `to`, skipping `testdata`
/// directories; returns the number of files copied.
fn copy_go_files(from: &Path, to: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            if name != "testdata" {
                n += copy_go_files(&entry.path(), &to.join(&name))?;
            }
        } else if ty.is_file() && name.to_string_lossy().ends_with(".go") {
            fs::copy(entry.path(), to.join(&name))?;
            n += 1;
        }
    }
    Ok(n)
}

/// `f()` and how long it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let value = f();
    (value, t.elapsed())
}

/// The files of `after` that are new or differ from `before`.
fn changed_since<'a>(before: &Snapshot, after: &'a Snapshot) -> Vec<&'a PathBuf> {
    after.iter().filter(|(p, h)| before.get(*p) != Some(h)).map(|(p, _)| p).collect()
}

/// Path to (hash, length) of every file under a directory.
type Snapshot = BTreeMap<PathBuf, (u64, usize)>;

/// Every regular file under `root` with a hash of its contents.
fn snapshot(root: &Path) -> Snapshot {
    let mut map = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read_dir").map(|e| e.expect("dir entry")) {
            let ty = entry.file_type().expect("file type");
            if ty.is_dir() {
                stack.push(entry.path());
            } else {
                let bytes = fs::read(entry.path()).expect("read file");
                let mut h = DefaultHasher::new();
                h.write(&bytes);
                map.insert(entry.path(), (h.finish(), bytes.len()));
            }
        }
    }
    map
}
