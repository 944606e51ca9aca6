//! The generated monorepo (`benches/support/monorepo.rs`): every planted
//! leak is reported, by its rule and on its line, and nothing else is. 300
//! files by default; `CHANFIX_MONOREPO_FILES=50000` for the full size.

#[path = "support/inproc.rs"]
mod inproc;
#[path = "../benches/support/monorepo.rs"]
mod monorepo;

use inproc::chanfix_in;

fn size() -> usize {
    std::env::var("CHANFIX_MONOREPO_FILES").ok().and_then(|n| n.parse().ok()).unwrap_or(300)
}

#[test]
fn every_planted_leak_is_found_and_nothing_else() {
    let repo = monorepo::generate(size(), monorepo::SEED);
    assert!(repo.planted.iter().any(|p| p.rule == "abandoned-sender"), "the generator plants sender leaks");
    assert!(
        repo.planted.iter().any(|p| p.rule == "abandoned-producer"),
        "the generator plants producer leaks"
    );
    let dir = tempfile::tempdir().unwrap();
    repo.write(dir.path()).unwrap();
    let run = chanfix_in(dir.path(), &["check", "."], "");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut found: Vec<monorepo::Planted> = run
        .stdout
        .lines()
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let (path, line) = (parts.next().unwrap(), parts.next().unwrap());
            let rule = match parts.nth(1).unwrap().trim().split(':').next() {
                Some("abandoned-sender") => "abandoned-sender",
                Some("abandoned-producer") => "abandoned-producer",
                _ => panic!("not a finding: {l}"),
            };
            monorepo::Planted {
                path: path.trim_start_matches("./").to_string(),
                line: line.parse().unwrap(),
                rule,
            }
        })
        .collect();
    found.sort();
    let mut planted = repo.planted.clone();
    planted.sort();
    assert_eq!(found, planted, "findings (left) differ from the planted leaks (right)");
    eprintln!("generated_monorepo: {} files, {} planted leaks, all found", repo.files.len(), planted.len());
}

#[test]
fn the_same_seed_gives_the_same_repository() {
    let (a, b) = (monorepo::generate(40, 7), monorepo::generate(40, 7));
    assert_eq!(a.files, b.files);
    assert_ne!(a.files, monorepo::generate(40, 8).files);
}
