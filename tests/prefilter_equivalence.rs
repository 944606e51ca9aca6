//! The prefilter is only a fast path: checking with it and without it (every
//! file parsed and analysed) gives the same findings, on `$(go env
//! GOROOT)/src` and on the generated monorepo. Calls the library directly.

#[path = "support/go.rs"]
mod go;
#[path = "../benches/support/monorepo.rs"]
mod monorepo;

use chanfix::rules::{
    Compiled, RULES, Rule, abandoned_producer, abandoned_sender, close_while_sending, double_send,
    unclosed_range,
};
use chanfix::{pipeline, walk};
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

/// Every file's findings (Debug-printed, with fixes) with both rule sets,
/// and how many files the prefilter let through.
fn compare(files: &[(String, String)]) -> (usize, usize) {
    assert_eq!(RULES.len(), UNFILTERED.len(), "every rule is compared");
    let (filtered, unfiltered) = (Compiled::new(), Compiled::only(&UNFILTERED));
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
                    findings.fetch_add(fast.findings.len(), Ordering::Relaxed);
                    let (fast, slow) = (format!("{:?}", fast.findings), format!("{:?}", slow.findings));
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
    assert!(differences.is_empty(), "the prefilter changes findings:\n{}", differences.join("\n"));
    (passed.into_inner(), findings.into_inner())
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
    let (passed, findings) = compare(&files);
    eprintln!(
        "prefilter_equivalence: GOROOT/src: {} files, {passed} past the prefilter, {findings} findings",
        files.len()
    );
}

#[test]
fn same_findings_on_the_generated_monorepo() {
    let repo = monorepo::generate(600, monorepo::SEED);
    let (passed, findings) = compare(&repo.files);
    assert_eq!(findings, repo.planted.len());
    eprintln!("prefilter_equivalence: monorepo: {} files, {passed} past the prefilter", repo.files.len());
}
