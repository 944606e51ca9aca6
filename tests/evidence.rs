//! Executable evidence: every fixture is compiled with the leak harness
//! (`testdata/harness/harness.go`) and run under Go's runtime goroutine leak
//! detector.
//!
//! - a positive fixture (one with `<name>.go.golden`) must leak in every run,
//!   and its golden must leak in no run, be `go vet`- and `gofmt`-clean, and be
//!   left unchanged by `chanfix diff -` (the fix is idempotent);
//! - a negative fixture (no golden) must leak in no run, unless it is a
//!   finding chanfix reports without fixing and says what really happens with
//!   an `// evidence: leaks` line (it must leak in every run) or an
//!   `// evidence: panics "regexp"` line (every run must die of a panic whose
//!   message matches): report-only findings are shown to be real;
//! - every input is `go vet`- and `gofmt`-clean.
//!
//! A package fixture (a directory `testdata/<case>/` of `.go` files, with a
//! `.go.golden` beside each file that gets a fix) is built as one program
//! from all its files; its fixed variant takes each golden in place of its
//! file, and `chanfix diff` over that directory must print nothing.
//!
//! The fixture root defaults to `transforms/` in this repository; set
//! `CHANFIX_FIXTURES_DIR` to point the test at another tree with the same
//! layout (`<rule>/testdata/<name>.go[.golden]`).

#[path = "support/go.rs"]
mod go;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

const TEST: &str = "evidence";
/// Runs of each built binary; the leak verdict must be the same in all of them.
const RUNS: usize = 3;
const HARNESS: &str = include_str!("../testdata/harness/harness.go");
const GO_MOD: &str = "module fixture\n\ngo 1.26\n";
const BUILD_TIMEOUT: Duration = Duration::from_secs(300);
/// The harness itself gives up waiting after 5 s; this only catches a `run`
/// that never returns.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

struct Fixture {
    /// `<rule>/testdata/<name>.go` (or `<name>/` for a package), relative to the fixture root.
    label: String,
    /// The fixture's file, or its directory for a package fixture.
    input: PathBuf,
    /// The golden file; for a package fixture, its directory when some file has a golden.
    golden: Option<PathBuf>,
}

impl Fixture {
    /// The program's files, by the name they get in the build directory:
    /// the input's, or for `golden`, each golden in place of its file.
    fn files(&self, what: &str) -> std::io::Result<Vec<(String, Vec<u8>)>> {
        if !self.input.is_dir() {
            let path =
                if what == "golden" { self.golden.as_ref().unwrap_or(&self.input) } else { &self.input };
            return Ok(vec![("case.go".to_string(), fs::read(path)?)]);
        }
        let mut names: Vec<String> = fs::read_dir(&self.input)?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".go"))
            .collect();
        names.sort();
        let mut files = Vec::new();
        for name in names {
            let golden = self.input.join(format!("{name}.golden"));
            let path = if what == "golden" && golden.is_file() { golden } else { self.input.join(&name) };
            files.push((name, fs::read(path)?));
        }
        Ok(files)
    }
}

/// Whether a package fixture directory has a golden for some file.
fn has_golden(dir: &Path) -> bool {
    fs::read_dir(dir)
        .is_ok_and(|d| d.flatten().any(|e| e.file_name().to_string_lossy().ends_with(".go.golden")))
}

/// What a program must do under the harness.
#[derive(Clone, Debug)]
enum Expect {
    Clean,
    Leak,
    /// Die of a panic whose message matches the regexp.
    Panic(String),
}

/// One Go program (a fixture input or golden, plus the harness) that built.
struct Built {
    fixture: usize,
    what: &'static str,
    expect: Expect,
    bin: PathBuf,
    _dir: TempDir,
}

#[test]
fn leak_evidence() {
    let start = Instant::now();
    let root = std::env::var_os("CHANFIX_FIXTURES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms"));
    let (fixtures, orphans) = discover(&root);
    assert!(!fixtures.is_empty(), "no fixtures found under {}/*/testdata/*.go", root.display());

    let tc = match go::toolchain() {
        Ok(tc) => tc,
        Err(why) => return go::unavailable(TEST, &why),
    };
    if let Err(why) = probe() {
        return go::unavailable(TEST, &why);
    }

    let failures: Mutex<BTreeMap<usize, Vec<String>>> = Mutex::new(BTreeMap::new());
    let fail = |i: usize, msg: String| failures.lock().unwrap().entry(i).or_default().push(msg);

    // Phase 1, in parallel: static checks and builds (CPU-bound, share GOCACHE).
    let built: Mutex<Vec<Built>> = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    let threads = thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 4);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(f) = fixtures.get(i) else { break };
                    let mut variants = vec![("input", &f.input)];
                    if let Some(golden) = &f.golden {
                        variants.push(("golden", golden));
                    }
                    for (what, path) in variants {
                        let (program, expect, problems) = prepare(&tc, f, what, path);
                        problems.into_iter().for_each(|m| fail(i, m));
                        if let Some((dir, bin)) = program {
                            built.lock().unwrap().push(Built { fixture: i, what, expect, bin, _dir: dir });
                        }
                    }
                }
            });
        }
    });
    let build_time = start.elapsed();

    // Phase 2, serial: run each binary on an otherwise quiet machine, so that
    // the fixtures' short timeouts are not at the mercy of parallel builds.
    let mut built = built.into_inner().unwrap();
    built.sort_by_key(|b| (b.fixture, b.what));
    for b in &built {
        for run in 1..=RUNS {
            if let Err(msg) = run_once(b) {
                fail(b.fixture, format!("{} run {run}/{RUNS}: {msg}", b.what));
            }
        }
    }

    let failures = failures.into_inner().unwrap();
    let positive =
        fixtures.iter().enumerate().filter(|(i, f)| f.golden.is_some() && !failures.contains_key(i));
    let reported = |f: &Fixture| {
        f.files("input").is_ok_and(|files| {
            files.iter().any(|(_, t)| String::from_utf8_lossy(t).contains("\n// evidence: "))
        })
    };
    let (shown, negative): (Vec<_>, Vec<_>) = fixtures
        .iter()
        .enumerate()
        .filter(|(i, f)| f.golden.is_none() && !failures.contains_key(i))
        .partition(|(_, f)| reported(f));
    // Straight to stderr: libtest captures `println!`, and this summary is
    // meant to show in a plain `cargo test`.
    let mut stderr = std::io::stderr();
    let _ = writeln!(
        stderr,
        "leak evidence: {} positive fixed, {} negative clean, {} reported without fix shown to leak or panic",
        positive.count(),
        negative.len(),
        shown.len()
    );
    let _ = writeln!(
        stderr,
        "  ({} fixtures, {} programs x {RUNS} runs, {}; builds {:.1}s, total {:.1}s on {threads} threads)",
        fixtures.len(),
        built.len(),
        tc.version,
        build_time.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );

    let mut report = String::new();
    for orphan in &orphans {
        report.push_str(&format!("\n{orphan}: golden without a fixture\n"));
    }
    for (i, msgs) in &failures {
        report.push_str(&format!("\n{}:\n", fixtures[*i].label));
        for m in msgs {
            report.push_str(&format!("  - {m}\n"));
        }
    }
    if !report.is_empty() {
        panic!(
            "leak evidence failed for {} of {} fixtures (+{} orphan goldens):\n{report}",
            failures.len(),
            fixtures.len(),
            orphans.len()
        );
    }
}

/// Fixtures under `root/*/testdata/`, sorted, plus goldens that have no input.
fn discover(root: &Path) -> (Vec<Fixture>, Vec<String>) {
    let mut fixtures = Vec::new();
    let mut orphans = Vec::new();
    let Ok(rules) = fs::read_dir(root) else { return (fixtures, orphans) };
    for rule in rules.flatten() {
        let testdata = rule.path().join("testdata");
        let Ok(entries) = fs::read_dir(&testdata) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let label = format!("{}/testdata/{name}", rule.file_name().to_string_lossy());
            if path.is_dir() {
                let golden = has_golden(&path).then(|| path.clone());
                fixtures.push(Fixture { label: format!("{label}/"), input: path, golden });
            } else if name.ends_with(".go") && path.is_file() {
                let golden = testdata.join(format!("{name}.golden"));
                fixtures.push(Fixture { label, input: path, golden: golden.is_file().then_some(golden) });
            } else if let Some(stem) = name.strip_suffix(".golden")
                && !testdata.join(stem).is_file()
            {
                orphans.push(label);
            }
        }
    }
    fixtures.sort_by(|a, b| a.label.cmp(&b.label));
    orphans.sort();
    (fixtures, orphans)
}

/// Builds and runs an empty `run` with the harness: proves the toolchain can
/// build the harness and that the leak detector is available (exit 3 if not).
fn probe() -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let bin = build_dir(dir.path(), b"package main\n\nfunc run() {}\n")
        .map_err(|e| format!("cannot build the leak harness: {e}"))?;
    let out = go::run(&mut Command::new(&bin), None, RUN_TIMEOUT)?;
    match out.status.code() {
        Some(0) if out.stdout == b"leaked: 0\n" => Ok(()),
        Some(3) => Err(format!("Go leak detector unavailable: {}", out.describe())),
        _ => Err(format!("leak harness self-test failed: {}", out.describe())),
    }
}

/// Writes `case.go` + harness + go.mod into `dir` and builds `dir/fixture.bin`.
fn build_dir(dir: &Path, case: &[u8]) -> Result<PathBuf, String> {
    build_files(dir, &[("case.go".to_string(), case.to_vec())])
}

/// Writes `files` + harness + go.mod into `dir` and builds `dir/fixture.bin`.
fn build_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<PathBuf, String> {
    for (name, text) in files {
        fs::write(dir.join(name), text).map_err(|e| e.to_string())?;
    }
    fs::write(dir.join("harness.go"), HARNESS).map_err(|e| e.to_string())?;
    fs::write(dir.join("go.mod"), GO_MOD).map_err(|e| e.to_string())?;
    let bin = dir.join("fixture.bin");
    let out = go::run(
        go::go_command("go").current_dir(dir).args(["build", "-o"]).arg(&bin).arg("."),
        None,
        BUILD_TIMEOUT,
    )?;
    if out.status.success() { Ok(bin) } else { Err(format!("go build failed: {}", out.describe())) }
}

/// What a variant must do: a positive input leaks, a golden is clean, a
/// negative is clean unless its `// evidence:` line says otherwise.
fn expectation(f: &Fixture, what: &str, text: &str) -> Result<Expect, String> {
    let marker = text.lines().find_map(|l| l.trim().strip_prefix("// evidence: "));
    match (what, f.golden.is_some(), marker) {
        ("golden", _, _) => Ok(Expect::Clean),
        (_, true, None) => Ok(Expect::Leak),
        (_, true, Some(_)) => Err("a fixed fixture must leak; its `// evidence:` line is redundant".into()),
        (_, false, None) => Ok(Expect::Clean),
        (_, false, Some(_)) if !text.contains("// want ") => {
            Err("`// evidence:` is for findings reported without a fix; this fixture wants none".into())
        }
        (_, false, Some("leaks")) => Ok(Expect::Leak),
        (_, false, Some(m)) => match m.strip_prefix("panics \"").and_then(|r| r.strip_suffix('"')) {
            Some(re) if regex::Regex::new(re).is_ok() => Ok(Expect::Panic(re.to_string())),
            _ => Err(format!("bad `// evidence: {m}` (want `leaks` or `panics \"regexp\"`)")),
        },
    }
}

/// Static checks and build for one variant (`input` or `golden`) of a fixture.
/// Returns the built program (if it built), what it must do, and every
/// problem found; a program is run even when a static check failed, so a
/// report shows everything.
fn prepare(
    tc: &go::Toolchain,
    f: &Fixture,
    what: &'static str,
    path: &Path,
) -> (Option<(TempDir, PathBuf)>, Expect, Vec<String>) {
    let mut problems = Vec::new();
    let files = match f.files(what) {
        Ok(files) => files,
        Err(e) => return (None, Expect::Clean, vec![format!("{what}: cannot read {}: {e}", path.display())]),
    };
    let source: Vec<u8> = files.iter().flat_map(|(_, t)| t.iter().copied()).collect();
    let text = String::from_utf8_lossy(&source);
    let expect = expectation(f, what, &text).unwrap_or_else(|e| {
        problems.push(format!("{what}: {e}"));
        Expect::Clean
    });

    if what == "input" && f.golden.is_some() && !text.contains("// want ") {
        problems.push(format!("{what}: positive fixture has no `// want \"...\"` comment"));
    }
    if text.lines().any(|l| l.trim_start().starts_with("func main()")) {
        problems.push(format!("{what}: defines func main (the harness provides it)"));
    }

    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => return (None, expect, vec![format!("{what}: cannot create a temp dir: {e}")]),
    };
    let bin = match build_files(dir.path(), &files) {
        Ok(bin) => Some(bin),
        Err(e) => {
            problems.push(format!("{what}: {e}"));
            None
        }
    };
    let names: Vec<PathBuf> = files.iter().map(|(n, _)| PathBuf::from(n)).collect();
    if let Err(e) = go::gofmt_check(&tc.gofmt, dir.path(), &names) {
        problems.push(format!("{what}: {e}"));
    }
    if bin.is_some() {
        match go::run(go::go_command("go").current_dir(dir.path()).args(["vet", "."]), None, BUILD_TIMEOUT) {
            Ok(out) if out.status.success() => {}
            Ok(out) => problems.push(format!("{what}: go vet failed: {}", out.describe())),
            Err(e) => problems.push(format!("{what}: go vet: {e}")),
        }
    }
    if what == "golden" {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chanfix"));
        let stdin = if f.input.is_dir() {
            cmd.arg("diff").arg(dir.path());
            None
        } else {
            cmd.args(["diff", "-"]);
            Some(source.as_slice())
        };
        match go::run(&mut cmd, stdin, Duration::from_secs(30)) {
            Ok(out) if out.status.code() == Some(0) && out.stdout.is_empty() => {}
            Ok(out) => problems.push(format!(
                "golden: `chanfix diff -` must print nothing and exit 0 on a fixed file (idempotence): {}",
                out.describe()
            )),
            Err(e) => problems.push(format!("golden: chanfix diff -: {e}")),
        }
    }
    (bin.map(|bin| (dir, bin)), expect, problems)
}

/// One run of a built program: Ok if its leak verdict is the expected one.
fn run_once(b: &Built) -> Result<(), String> {
    let out = go::run(&mut Command::new(&b.bin), None, RUN_TIMEOUT)?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let leaked =
        stdout.lines().find_map(|l| l.strip_prefix("leaked: ")).and_then(|n| n.trim().parse::<u64>().ok());
    let stderr = String::from_utf8_lossy(&out.stderr);
    if let Expect::Panic(re) = &b.expect {
        let re = regex::Regex::new(&format!("(?m)^panic: {re}")).expect("checked in expectation");
        return match out.status.success() {
            false if re.is_match(&stderr) => Ok(()),
            _ => Err(format!("expected a panic matching {re}: {}", out.describe())),
        };
    }
    let expect_leak = matches!(b.expect, Expect::Leak);
    match leaked {
        _ if !out.status.success() => Err(format!("harness failed: {}", out.describe())),
        None => Err(format!("no `leaked: N` line: {}", out.describe())),
        _ if stderr.contains("harness: not settled") => Err(format!(
            "goroutines were still running 5s after run() returned, so the verdict is not final: {}",
            out.describe()
        )),
        Some(0) if expect_leak => Err("no goroutine leaked (expected > 0)".to_string()),
        Some(n) if n > 0 && !expect_leak => {
            Err(format!("{n} goroutine(s) leaked (expected 0): {}", out.describe()))
        }
        Some(_) => Ok(()),
    }
}
