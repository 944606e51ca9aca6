//! How fast chanfix checks a large tree, against the cost of simply parsing
//! every file. Prints numbers; asserts nothing. Corpus: `$CHANFIX_BENCH_DIR`,
//! else `$(go env GOROOT)/src`. Run: `cargo bench --bench scan`.

use chanfix::rules::Compiled;
use chanfix::{go, pipeline, walk};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn corpus() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("CHANFIX_BENCH_DIR") {
        return Some(dir.into());
    }
    let out = std::process::Command::new("go").args(["env", "GOROOT"]).output().ok()?;
    let root = String::from_utf8(out.stdout).ok()?;
    Some(PathBuf::from(root.trim()).join("src"))
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = None;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(f());
        let took = start.elapsed();
        best = Some(best.map_or(took, |b: Duration| b.min(took)));
    }
    (best.unwrap(), last.unwrap())
}

fn main() {
    let Some(dir) = corpus() else {
        eprintln!("bench scan: skipped: no corpus (set CHANFIX_BENCH_DIR or install Go)");
        return;
    };
    let (targets, _) = walk::collect(&dir, &[".".to_string()]);
    let sources: Vec<String> = targets.iter().filter_map(|t| std::fs::read_to_string(&t.path).ok()).collect();
    let bytes: usize = sources.iter().map(|s| s.len()).sum();
    println!(
        "corpus: {} ({} Go files, {:.1} MiB)",
        dir.display(),
        sources.len(),
        bytes as f64 / (1 << 20) as f64
    );

    let mut parser = go::new_parser();
    let (parse_all, _) =
        best_of(3, || sources.iter().filter(|s| go::parse(&mut parser, s).is_some()).count());
    let rules = Compiled::new();
    let (check, (parsed, findings)) = best_of(3, || {
        let mut parsed = 0;
        let mut findings = 0;
        for (t, s) in targets.iter().zip(&sources) {
            let outcome = pipeline::check_source(&rules, &mut parser, &t.display, s);
            parsed += usize::from(outcome.parsed);
            findings += outcome.findings.len();
        }
        (parsed, findings)
    });
    let candidates: Vec<&String> = sources.iter().filter(|s| rules.may_match(s)).collect();
    let (parse_candidates, _) =
        best_of(3, || candidates.iter().filter(|s| go::parse(&mut parser, s).is_some()).count());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("parse only the prefiltered files:  {:8.1} ms", ms(parse_candidates));
    println!("parse every file (1 thread):      {:8.1} ms", ms(parse_all));
    println!(
        "chanfix pipeline (1 thread):      {:8.1} ms  = {:.1}% of parsing all; {parsed} files parsed after the prefilter, {findings} findings",
        ms(check),
        100.0 * check.as_secs_f64() / parse_all.as_secs_f64()
    );
    let per_file = check.as_secs_f64() / sources.len() as f64;
    println!("projected for 50,000 files (1 thread, cached reads): {:.2} s", per_file * 50_000.0);
}
