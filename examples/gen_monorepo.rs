//! Writes the generated Go monorepo of the benchmarks to a directory, and
//! the planted leaks (path:line: rule) to its `PLANTED` file.
//! Run: `cargo run --release --example gen_monorepo -- DIR FILES [SEED]`.

#[path = "../benches/support/monorepo.rs"]
mod monorepo;

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(Ok(files))) = (args.first(), args.get(1).map(|n| n.parse::<usize>())) else {
        eprintln!("usage: gen_monorepo DIR FILES [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(monorepo::SEED);
    let dir = PathBuf::from(dir);
    let repo = monorepo::generate(files, seed);
    let mut planted = String::new();
    for p in &repo.planted {
        writeln!(planted, "{}:{}: {}", p.path, p.line, p.rule).unwrap();
    }
    let written = repo.write(&dir).and_then(|()| std::fs::write(dir.join("PLANTED"), planted));
    if let Err(e) = written {
        eprintln!("gen_monorepo: {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "gen_monorepo: {} files, {:.1} MiB, {} planted leaks in {}",
        repo.files.len(),
        repo.bytes() as f64 / (1 << 20) as f64,
        repo.planted.len(),
        dir.display()
    );
    ExitCode::SUCCESS
}
