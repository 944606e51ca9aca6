//! The prefilter and the masking of bodies that cannot matter
//! (`chanfix::mask`) are only fast paths: checking with them and without
//! them (every file parsed whole and analysed) gives the same findings and
//! fixes, on `$(go env GOROOT)/src`, on the same files broken (syntax
//! errors), and on the generated monorepo. Calls the library directly.

#[path = "support/go.rs"]
mod go;
#[path = "../benches/support/monorepo.rs"]
mod monorepo;

use chanfix::rules::{
    Compiled, RULES, Rule, abandoned_producer, abandoned_sender, close_while_sending, double_send,
    unclosed_range,
};
use chanfix::{mask, pipeline, walk};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The same rules with a prefilter that accepts every file.
static UNFILTERED: [Rule; 5] = [
    Rule { prefilter: |_| true, ..abandoned_sender::RULE },
    Rule { prefilter: |_| true, ..abandoned_producer::RULE },
    Rule { prefilter: |_| true, ..unclosed_range::RULE },
    Rule { prefilter: |_| true, ..close_while_sending::RULE },
    Rule { prefilter: |_| true, ..double_send::RULE },
];

/// What [`compare`] counted.
struct Counts {
    /// Files the prefilter let through.
    passed: usize,
    /// Of those, files parsed with some bodies blanked.
    masked: usize,
    findings: usize,
}

/// Every file's findings (Debug-printed, with fixes) and fixed text with
/// both rule sets (the unfiltered set also switches masking off).
fn compare(files: &[(String, String)]) -> Counts {
    assert_eq!(RULES.len(), UNFILTERED.len(), "every rule is compared");
    let (filtered, unfiltered) = (Compiled::new(), Compiled::only(&UNFILTERED));
    assert!(mask::applies_to(&filtered) && !mask::applies_to(&unfiltered));
    let masked = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let differences = Mutex::new(Vec::new());
    let (passed, findings) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|s| {
        for _ in 0..std::thread::available_parallelism().map_or(1, |n| n.get()) {
            s.spawn(|| {
                let mut parser = chanfix::go::new_parser();
                while let Some((path, text)) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let fast = pipeline::check_source(&filtered, &mut parser, path, text);
                    let slow = pipeline::check_source(&unfiltered, &mut parser, path, text);
                    passed.fetch_add(usize::from(fast.parsed), Ordering::Relaxed);
                    masked
                        .fetch_add(usize::from(fast.parsed && mask::mask(text).is_some()), Ordering::Relaxed);
                    findings.fetch_add(fast.findings.len(), Ordering::Relaxed);
                    let fast = format!("{:?}\n  fixed: {:?}", fast.findings, fast.fixed);
                    let slow = format!("{:?}\n  fixed: {:?}", slow.findings, slow.fixed);
                    if fast != slow {
                        differences
                            .lock()
                            .unwrap()
                            .push(format!("{path}:\n  with:    {fast}\n  without: {slow}"));
                    }
                }
            });
        }
    });
    let differences = differences.into_inner().unwrap();
    assert!(differences.is_empty(), "the fast paths change findings:\n{}", differences.join("\n"));
    Counts { passed: passed.into_inner(), masked: masked.into_inner(), findings: findings.into_inner() }
}

/// `text` broken at three places in three ways each.
fn broken(path: &str, text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = Vec::new();
    for at in [3, 5, 7].map(|k| lines.len() * k / 10) {
        let edit = |replace: &dyn Fn(&str) -> String| {
            let mut text: String = lines[..at].concat();
            text.push_str(&replace(lines.get(at).copied().unwrap_or("")));
            text.extend(lines.iter().skip(at + 1).copied());
            text
        };
        out.push((format!("{path} (line {} dropped)", at + 1), edit(&|_| String::new())));
        out.push((format!("{path} (`(` on line {})", at + 1), edit(&|l| format!("({l}"))));
        out.push((format!("{path} (`\"` on line {})", at + 1), edit(&|l| format!("\"{l}"))));
    }
    out
}

/// Every `.go` file under `dir`, `testdata` included (the walk skips it).
fn go_files_under(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            go_files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "go") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn read_tree(dir: &Path) -> Vec<(String, String)> {
    let (targets, _) = walk::collect(dir, &[".".to_string()]);
    targets.into_iter().filter_map(|t| Some((t.display, std::fs::read_to_string(&t.path).ok()?))).collect()
}

#[test]
fn same_findings_on_goroot() {
    let toolchain = match go::toolchain() {
        Ok(tc) => tc,
        Err(why) => return go::unavailable("same_findings_on_goroot", &why),
    };
    let files = read_tree(&toolchain.goroot.join("src"));
    assert!(files.len() > 1000, "GOROOT/src holds the Go sources");
    let counts = compare(&files);
    assert!(counts.masked * 2 > counts.passed, "most files that are parsed are masked");
    eprintln!(
        "prefilter_equivalence: GOROOT/src: {} files, {} past the prefilter, {} of them masked, {} findings",
        files.len(),
        counts.passed,
        counts.masked,
        counts.findings
    );
}

/// Syntax errors in the bodies masking blanks, or next to the kept ones:
/// each file that passes the prefilter, broken at a few places (a line
/// dropped, a bracket added, a string left open), checks the same both ways.
#[test]
fn same_findings_on_broken_goroot_files() {
    let toolchain = match go::toolchain() {
        Ok(tc) => tc,
        Err(why) => return go::unavailable("same_findings_on_broken_goroot_files", &why),
    };
    let rules = Compiled::new();
    let broken: Vec<(String, String)> = read_tree(&toolchain.goroot.join("src"))
        .into_iter()
        .filter(|(_, text)| rules.may_match(text))
        .flat_map(|(path, text)| broken(&path, &text))
        .collect();
    let counts = compare(&broken);
    eprintln!(
        "prefilter_equivalence: {} broken GOROOT/src files, {} masked, {} findings",
        broken.len(),
        counts.masked,
        counts.findings
    );
}

/// The transforms' fixtures hold the shapes the rules look for (helpers
/// that always fail, named producers, generators and their callers).
#[test]
fn same_findings_on_the_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    go_files_under(&root.join("transforms"), &mut files);
    go_files_under(&root.join("testdata"), &mut files);
    assert!(files.len() > 50, "the fixtures are found");
    let counts = compare(&files);
    assert!(counts.masked > 0 && counts.findings > 0);
    eprintln!("prefilter_equivalence: {} fixture files, {} masked", files.len(), counts.masked);
}

/// Channel makes the query finds that a text search could miss or count
/// twice: comments inside the call, a make in another's arguments.
#[test]
fn same_findings_on_odd_makes() {
    let leak = |make: &str| {
        format!(
            "package p\n\nimport \"time\"\n\nfunc f() {{\n\tdone := {make}\n\tgo func() {{\n\t\tdone <- true\n\t}}()\n\tselect {{\n\tcase <-time.After(time.Second):\n\tcase <-done:\n\t}}\n}}\n\nfunc g() {{\n\tx()\n}}\n"
        )
    };
    let files: Vec<(String, String)> = [
        "make(chan bool)",
        "make /* c */ (chan bool)",
        "make(\n\t\t// c\n\t\tchan bool)",
        "make(chan bool, cap(make(chan int, 2)))",
        "make(chan bool, len([]chan int{make(chan int), make(chan int)}))",
    ]
    .iter()
    .map(|make| (format!("{make}.go"), leak(make)))
    .collect();
    let counts = compare(&files);
    assert!(counts.findings > 0, "the plain make leaks");
}

#[test]
fn same_findings_on_the_generated_monorepo() {
    let repo = monorepo::generate(600, monorepo::SEED);
    let counts = compare(&repo.files);
    assert_eq!(counts.findings, repo.planted.len());
    assert!(counts.masked > 0, "some files of the monorepo are masked");
    eprintln!(
        "prefilter_equivalence: monorepo: {} files, {} past the prefilter, {} masked",
        repo.files.len(),
        counts.passed,
        counts.masked
    );
}
