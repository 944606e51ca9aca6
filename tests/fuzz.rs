//! Time-bounded fuzzing of check + fix with `proptest`. Inputs come from a
//! structure-aware generator of Go programs built around the leak shapes
//! (channels with and without capacity, goroutines that send once or in a
//! loop, selects on `time.After` or `ctx.Done()`, early returns, ranges,
//! closes, nested blocks, line-end comments, names that shadow `len`,
//! `close` and `make`, CRLF), from mutations of the rules' fixtures, and
//! from the seed corpus in `testdata/fuzz/`.
//!
//! Properties, in process: chanfix never panics; the edits of the applied
//! fixes stay inside the text and never overlap; a cleanly parsing input
//! gives a cleanly parsing output; a second pass changes nothing. With Go
//! on PATH, batched: a gofmt-clean input gives a gofmt-clean output, and
//! an output whose input type-checks passes `go vet` (one `gofmt -l` and
//! one `go vet` per batch, every case its own package).
//!
//! `CHANFIX_FUZZ_CASES` sets the number of cases (default 256, for CI);
//! `CHANFIX_FUZZ_SEED` picks another sequence. Inputs recorded in
//! `testdata/fuzz/found/` are known bugs of the transforms and are skipped.

#[path = "support/go.rs"]
mod go;

use chanfix::finding::{Edit, fix_edits};
use chanfix::pipeline::check_source;
use chanfix::rules::Compiled;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn cases() -> u32 {
    std::env::var("CHANFIX_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

fn seed() -> u64 {
    std::env::var("CHANFIX_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x00c4_a2f1)
}

fn config() -> Config {
    Config {
        cases: cases(),
        rng_seed: RngSeed::Fixed(seed()),
        failure_persistence: None,
        ..Config::default()
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.go` files of `dir`, sorted, with their text.
fn go_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "go")).collect())
        .unwrap_or_default();
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect()
}

fn fixtures() -> Vec<String> {
    let mut out = Vec::new();
    for rule in chanfix::rules::RULES {
        let dir = root().join("transforms").join(rule.id.replace('-', "_")).join("testdata");
        out.extend(go_files(&dir).into_iter().map(|(_, text)| text));
    }
    out
}

fn corpus() -> Vec<String> {
    go_files(&root().join("testdata/fuzz")).into_iter().map(|(_, text)| text).collect()
}

/// Known bugs: inputs the properties are not checked on (each file holds
/// the input after a first comment line saying what goes wrong).
fn found() -> Vec<String> {
    go_files(&root().join("testdata/fuzz/found"))
        .into_iter()
        .map(|(_, text)| text.split_once('\n').map_or(String::new(), |(_, rest)| rest.to_string()))
        .collect()
}

// ---------------------------------------------------------------- generator

/// Bodies of the sending goroutine, on channel `ch` (one tab per level).
const SENDERS: &[&str] = &[
    "ch <- 1",
    "for i := 0; i < 10; i++ {\n\tch <- i\n}",
    "defer close(ch)\nfor _, it := range items {\n\tch <- it\n}",
    "select {\ncase ch <- 1:\ncase <-ctx.Done():\n}",
    "time.Sleep(time.Millisecond)\nch <- 2",
    "for i := 0; i < 10; i++ {\n\tselect {\n\tcase ch <- i:\n\tcase <-ctx.Done():\n\t\treturn\n\t}\n}",
    "if len(items) == 0 {\n\treturn\n}\nch <- len(items)",
    "ch <- 1\nfmt.Println(\"sent\")",
    "defer close(ch)\nfor i := range 5 {\n\tch <- i\n}",
];

/// The receiving code of the function that made `ch` (it returns an int).
const RECEIVERS: &[&str] = &[
    "select {\ncase v := <-ch:\n\treturn v\ncase <-time.After(time.Second):\n}",
    "select {\ncase <-ch:\ncase <-ctx.Done():\n\treturn 1\n}",
    "for v := range ch {\n\tif v > 3 {\n\t\tbreak\n\t}\n}",
    "for v := range ch {\n\tif v > 3 {\n\t\treturn v\n\t}\n}",
    "for i := 0; i < 3; i++ {\n\t<-ch\n}",
    "if len(items) > 2 {\n\treturn 0\n}\n<-ch",
    "v := <-ch\nfmt.Println(v)",
    "sum := 0\nfor v := range ch {\n\tsum += v\n}\nfmt.Println(sum)",
    "select {\ncase v := <-ch:\n\tfmt.Println(v)\ncase <-ctx.Done():\n\treturn -1\n}",
    "for {\n\tselect {\n\tcase v, ok := <-ch:\n\t\tif !ok || v > 2 {\n\t\t\treturn v\n\t\t}\n\tcase <-time.After(time.Millisecond):\n\t\treturn 0\n\t}\n}",
];

const DECLS: &[&str] = &[
    "ch := make(chan int)",
    "var ch = make(chan int)",
    "ch := make(chan int, 0)",
    "ch := make(chan int, 1)",
    "ch := make(chan int, 100)",
];

/// One leaky (or not) function of a generated program.
#[derive(Debug, Clone)]
struct Shape {
    decl: usize,
    sender: usize,
    /// 0: one `go func`, 1: one per item, 2: a named producer function.
    launch: usize,
    receiver: usize,
    /// The receiver sits in an extra block.
    nested: bool,
    /// 0: none, 1: a local `len`, 2: a parameter `close`, 3: a local
    /// `make` after the channel, 4: a package-level `func close`.
    shadow: usize,
}

#[derive(Debug, Clone)]
struct Program {
    shapes: Vec<Shape>,
    /// Indices (modulo the line count) of lines that get a `// note`.
    comments: Vec<usize>,
    crlf: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (0..DECLS.len(), 0..SENDERS.len(), 0..3usize, 0..RECEIVERS.len(), any::<bool>(), 0..8usize).prop_map(
        |(decl, sender, launch, receiver, nested, shadow)| Shape {
            decl,
            sender,
            launch,
            receiver,
            nested,
            shadow: if shadow > 4 { 0 } else { shadow },
        },
    )
}

fn program() -> impl Strategy<Value = Program> {
    (
        prop::collection::vec(shape(), 1..=3),
        prop::collection::vec(any::<usize>(), 0..3),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(shapes, comments, crlf)| Program { shapes, comments, crlf })
}

/// `text` (tab-indented relative lines) indented by `depth` tabs.
fn indent(text: &str, depth: usize) -> String {
    text.lines().map(|l| format!("{}{l}\n", "\t".repeat(depth))).collect()
}

fn render_function(i: usize, s: &Shape, out: &mut String) {
    let close_param = if s.shadow == 2 { ", close func(chan int)" } else { "" };
    out.push_str(&format!("\nfunc f{i}(ctx context.Context, items []int{close_param}) int {{\n"));
    if s.shadow == 1 {
        out.push_str("\tlen := len(items)\n\t_ = len\n");
    }
    if s.shadow == 2 {
        out.push_str("\t_ = close\n");
    }
    out.push_str(&indent(DECLS[s.decl], 1));
    if s.shadow == 3 {
        out.push_str("\tmake := 0\n\t_ = make\n");
    }
    match s.launch {
        0 => out.push_str(&format!("\tgo func() {{\n{}\t}}()\n", indent(SENDERS[s.sender], 2))),
        1 => out.push_str(&format!(
            "\tfor range items {{\n\t\tgo func() {{\n{}\t\t}}()\n\t}}\n",
            indent(SENDERS[s.sender], 3)
        )),
        _ => out.push_str(&format!("\tgo produce{i}(ctx, items, ch)\n")),
    }
    if s.nested {
        out.push_str(&format!("\t{{\n{}\t}}\n", indent(RECEIVERS[s.receiver], 2)));
    } else {
        out.push_str(&indent(RECEIVERS[s.receiver], 1));
    }
    // After an endless loop a `return` would be unreachable code (go vet).
    if !RECEIVERS[s.receiver].starts_with("for {") {
        out.push_str("\treturn 0\n");
    }
    out.push_str("}\n");
    if s.launch == 2 {
        out.push_str(&format!(
            "\nfunc produce{i}(ctx context.Context, items []int, ch chan int) {{\n{}}}\n",
            indent(SENDERS[s.sender], 1)
        ));
    }
}

const HEADER: &str = "package p\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"time\"\n)\n\nvar (\n\t_ = context.Background\n\t_ = fmt.Sprint\n\t_ = time.Second\n)\n";

fn render(p: &Program) -> String {
    let mut out = HEADER.to_string();
    for (i, s) in p.shapes.iter().enumerate() {
        render_function(i, s, &mut out);
    }
    if p.shapes.iter().any(|s| s.shadow == 4) {
        out.push_str("\nfunc close(c chan int) { _ = c }\n");
    }
    let mut lines: Vec<String> = out.lines().map(String::from).collect();
    for c in &p.comments {
        let i = c % lines.len();
        if !lines[i].is_empty() && i > 0 {
            lines[i].push_str(" // note");
        }
    }
    let nl = if p.crlf { "\r\n" } else { "\n" };
    lines.iter().map(|l| format!("{l}{nl}")).collect()
}

/// How a fixture is mutated.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Comment(usize),
    /// Rename the n-th identifier-like word to `len`, `close` or `make`.
    Rename(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        any::<usize>().prop_map(Mutation::Comment),
        (any::<usize>(), 0..3usize).prop_map(|(a, b)| Mutation::Rename(a, b)),
    ]
}

const GO_KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *m {
            Mutation::Delete(i) => drop(lines.remove(i % n)),
            Mutation::Duplicate(i) => lines.insert(i % n, lines[i % n].clone()),
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Comment(i) => lines.insert(i % n, "// inserted".into()),
            Mutation::Rename(i, b) => {
                let joined = lines.join("\n");
                let words = identifiers(&joined);
                if let Some(word) = words.get(i % words.len().max(1)) {
                    let renamed = rename(&joined, word, ["len", "close", "make"][b]);
                    lines = renamed.lines().map(String::from).collect();
                }
            }
        }
    }
    lines.iter().map(|l| format!("{l}{nl}")).collect()
}

/// Distinct lower-case identifier-like words of `text` that are not keywords.
fn identifiers(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_lowercase()) && !GO_KEYWORDS.contains(w))
        .map(String::from)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// `text` with every whole word `from` replaced by `to`.
fn rename(text: &str, from: &str, to: &str) -> String {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in text.match_indices(from) {
        let before = text[..i].chars().next_back();
        let after = text[i + from.len()..].chars().next();
        if i >= last && !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            out.push_str(&text[last..i]);
            out.push_str(to);
            last = i + from.len();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A fuzz input: generated, a mutated fixture, or from the seed corpus.
fn input() -> impl Strategy<Value = String> {
    let fixtures = fixtures();
    let corpus = corpus();
    prop_oneof![
        5 => program().prop_map(|p| render(&p)),
        4 => (0..fixtures.len(), prop::collection::vec(mutation(), 1..4))
            .prop_map(move |(i, ms)| mutate(&fixtures[i], &ms)),
        1 => (0..corpus.len().max(1)).prop_map(move |i| corpus.get(i).cloned().unwrap_or_default()),
    ]
}

// --------------------------------------------------------------- properties

/// One pass of check + fix, with the in-process properties checked; the
/// fixed text (if any).
fn check_in_process(source: &str) -> Result<Option<String>, String> {
    let rules = Compiled::new();
    let mut parser = chanfix::go::new_parser();
    let outcome = check_source(&rules, &mut parser, "fuzz.go", source);
    edits_are_sound(source, &fix_edits(&outcome.findings))?;
    let Some(fixed) = outcome.fixed else { return Ok(None) };
    if parses_cleanly(&mut parser, source) && !parses_cleanly(&mut parser, &fixed) {
        return Err(format!("the input parses cleanly but the output does not:\n{fixed}"));
    }
    let again = check_source(&rules, &mut parser, "fuzz.go", &fixed);
    if let Some(twice) = again.fixed {
        return Err(format!(
            "a second pass changes the fixed text:\n{}",
            chanfix::output::text::unified_diff("fuzz.go", &fixed, &twice)
        ));
    }
    Ok(Some(fixed))
}

fn parses_cleanly(parser: &mut tree_sitter::Parser, text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    chanfix::go::parse(parser, text).is_some_and(|t| !t.root_node().has_error())
}

fn edits_are_sound(source: &str, edits: &[Edit]) -> Result<(), String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    for e in &sorted {
        if e.start > e.end || e.end > source.len() {
            return Err(format!("edit {}..{} leaves the text ({} bytes)", e.start, e.end, source.len()));
        }
        if !source.is_char_boundary(e.start) || !source.is_char_boundary(e.end) {
            return Err(format!("edit {}..{} splits a character", e.start, e.end));
        }
    }
    for pair in sorted.windows(2) {
        if pair[0].end > pair[1].start {
            return Err(format!(
                "edits {}..{} and {}..{} overlap",
                pair[0].start, pair[0].end, pair[1].start, pair[1].end
            ));
        }
    }
    Ok(())
}

#[test]
fn check_and_fix_hold_their_properties_in_process() {
    let known = found();
    let mut runner = TestRunner::new(config());
    let result = runner.run(&input(), |source| {
        if known.contains(&source) {
            return Ok(());
        }
        check_in_process(&source).map(|_| ()).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!(
            "fuzzing found a failing input (record it under testdata/fuzz/found/ if it is a transform bug):\n{e}"
        );
    }
}

#[test]
fn the_seed_corpus_and_recorded_bugs_are_go_files() {
    assert!(corpus().len() >= 5, "the seed corpus in testdata/fuzz/ is missing");
    for (path, text) in go_files(&root().join("testdata/fuzz/found")) {
        assert!(text.starts_with("// "), "{}: the first line must say what goes wrong", path.display());
    }
}

// ------------------------------------------------------ gofmt and go vet

/// The same inputs as the in-process test draws (same seed), plus the
/// whole corpus: the cases that get a fix, with their output.
fn fixed_cases() -> Vec<(String, String)> {
    let known = found();
    let mut runner = TestRunner::new(config());
    let strategy = input();
    let mut inputs: Vec<String> = corpus();
    for _ in 0..cases() {
        inputs.push(strategy.new_tree(&mut runner).expect("the generator never rejects").current());
    }
    let mut out = Vec::new();
    for source in inputs {
        if known.contains(&source) {
            continue;
        }
        if let Ok(Some(fixed)) = check_in_process(&source) {
            out.push((source, fixed));
        }
    }
    out
}

/// Writes each case as its own package, `in<i>/x.go` and `out<i>/x.go`,
/// in a module in `dir`.
fn write_packages(dir: &Path, cases: &[(String, String)]) {
    std::fs::write(dir.join("go.mod"), "module fuzz\n\ngo 1.24\n").unwrap();
    for (i, (input, output)) in cases.iter().enumerate() {
        for (side, text) in [("in", input), ("out", output)] {
            let pkg = dir.join(format!("{side}{i}"));
            std::fs::create_dir_all(&pkg).unwrap();
            std::fs::write(pkg.join("x.go"), text).unwrap();
        }
    }
}

/// The package directories (`in3`, `out3`) a tool's output names.
fn packages_named(output: &str) -> HashSet<String> {
    output
        .lines()
        .filter_map(|l| {
            let l = l.trim_start_matches("# fuzz/").trim_start_matches("./");
            let name = l.split(['/', ':', ' ']).next()?;
            let digits = name.trim_start_matches("in").trim_start_matches("out");
            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| name.to_string())
        })
        .collect()
}

/// The packages under `dir` that `go vet ./...` rejects, and what it said.
/// A package that does not even load stops vet before type-checking the
/// others, so such packages are removed and vet runs again.
fn vet_failures(dir: &Path) -> (HashSet<String>, String) {
    let mut failing = HashSet::new();
    let mut said = String::new();
    for _ in 0..6 {
        let mut cmd = go::go_command("go");
        cmd.args(["vet", "./..."]).current_dir(dir);
        let vet = go::run(&mut cmd, None, Duration::from_secs(600)).unwrap_or_else(|e| panic!("go vet: {e}"));
        let text = String::from_utf8_lossy(&vet.stderr).into_owned();
        let named = packages_named(&text);
        let new: Vec<String> = named.difference(&failing).cloned().collect();
        said.push_str(&text);
        if vet.status.success() {
            break;
        }
        assert!(!new.is_empty(), "go vet failed without naming a new package:\n{text}");
        for package in &new {
            std::fs::remove_dir_all(dir.join(package)).unwrap();
        }
        failing.extend(new);
    }
    (failing, said)
}

#[test]
fn fixed_outputs_stay_gofmt_clean_and_pass_go_vet() {
    let tc = match go::toolchain() {
        Ok(tc) => tc,
        Err(why) => return go::unavailable("fuzz gofmt/vet", &why),
    };
    let cases = fixed_cases();
    assert!(!cases.is_empty(), "the fuzz inputs got no fix at all: the generator is broken");
    let dir = tempfile::tempdir().unwrap();
    write_packages(dir.path(), &cases);
    let show = |i: usize| format!("input:\n{}\noutput:\n{}", cases[i].0, cases[i].1);

    let gofmt = go::run(
        go::go_command(&tc.gofmt).arg("-l").arg(".").current_dir(dir.path()),
        None,
        Duration::from_secs(300),
    )
    .unwrap_or_else(|e| panic!("gofmt: {e}"));
    let unformatted = packages_named(&String::from_utf8_lossy(&gofmt.stdout));
    let mut problems = Vec::new();
    for i in 0..cases.len() {
        if !unformatted.contains(&format!("in{i}")) && unformatted.contains(&format!("out{i}")) {
            problems.push(format!("case {i}: gofmt-clean input, output not gofmt-clean\n{}", show(i)));
        }
    }

    let (failing, vet_out) = vet_failures(dir.path());
    if std::env::var_os("CHANFIX_FUZZ_SHOW_VET").is_some() {
        eprintln!("{vet_out}");
    }
    let vetted = (0..cases.len()).filter(|i| !failing.contains(&format!("in{i}"))).count();
    for i in 0..cases.len() {
        if !failing.contains(&format!("in{i}")) && failing.contains(&format!("out{i}")) {
            problems.push(format!("case {i}: the input passes go vet, the output does not\n{}", show(i)));
        }
    }
    eprintln!(
        "fuzz: {} fixed cases, {} gofmt-clean inputs, {vetted} inputs that pass go vet; {} problems",
        cases.len(),
        (0..cases.len()).filter(|i| !unformatted.contains(&format!("in{i}"))).count(),
        problems.len()
    );
    if !problems.is_empty() {
        panic!("{}\n\ngo vet said:\n{vet_out}", problems.join("\n\n"));
    }
}

#[test]
fn the_checks_can_fail() {
    let edit = |start, end| Edit::new(start..end, "");
    assert!(edits_are_sound("abcdef", &[edit(0, 2), edit(2, 4)]).is_ok());
    assert!(edits_are_sound("abcdef", &[edit(3, 5), edit(0, 4)]).is_err(), "overlap");
    assert!(edits_are_sound("abc", &[edit(2, 9)]).is_err(), "past the end");
    assert!(edits_are_sound("é", &[edit(1, 1)]).is_err(), "inside a character");
    let vet = "# fuzz/in3\nvet: in3/x.go:4:2: declared and not used: x\nout7/x.go:9:2: unreachable code\n";
    let named = packages_named(vet);
    assert_eq!(named, HashSet::from(["in3".to_string(), "out7".to_string()]));
    assert_eq!(rename("len lenient xlen len", "len", "close"), "close lenient xlen close");
}
