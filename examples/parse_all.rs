//! The baselines of `scripts/bench`: walk the Go files chanfix would check
//! (same walk, same skips), read them and parse them with tree-sitter-go,
//! nothing more, on as many threads as chanfix uses. Prints the file and
//! byte counts. Modes:
//!   (none)         parse every file: the cost chanfix is measured against
//!   --read-only    walk and read, no parsing: the floor under everything
//!   --prefiltered  parse only the files chanfix's prefilter lets through:
//!                  chanfix's parsing cost without masking
//!   --masked       the same files, parsed as chanfix parses them (bodies
//!                  that cannot matter blanked, `chanfix::mask`): chanfix's
//!                  own parsing cost, to set its analysis apart
//!   --list         print the files' paths, NUL-separated (for `gofmt -l`)
//! Run: `cargo run --release --example parse_all -- [MODE] DIR`.

use chanfix::rules::Compiled;
use chanfix::{go, mask, walk};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Parse,
    ReadOnly,
    Prefiltered,
    Masked,
    List,
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("--read-only") => Mode::ReadOnly,
        Some("--prefiltered") => Mode::Prefiltered,
        Some("--masked") => Mode::Masked,
        Some("--list") => Mode::List,
        _ => Mode::Parse,
    };
    if mode != Mode::Parse {
        args.remove(0);
    }
    let dir = PathBuf::from(args.first().map_or(".", String::as_str));
    let (targets, _) = walk::collect(&dir, &[".".to_string()]);
    if mode == Mode::List {
        let mut out = std::io::BufWriter::new(std::io::stdout());
        for t in &targets {
            out.write_all(t.path.as_os_str().as_encoded_bytes()).and_then(|()| out.write_all(b"\0")).unwrap();
        }
        return;
    }
    let rules = Compiled::new();
    let next = AtomicUsize::new(0);
    let (bytes, parsed, errors) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
    let (parsed_bytes, blanked) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut parser = go::new_parser();
                while let Some(t) = targets.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let Ok(source) = std::fs::read_to_string(&t.path) else { continue };
                    bytes.fetch_add(source.len(), Ordering::Relaxed);
                    let skip = match mode {
                        Mode::ReadOnly => true,
                        Mode::Prefiltered | Mode::Masked => !rules.may_match(&source),
                        _ => false,
                    };
                    if skip {
                        continue;
                    }
                    parsed_bytes.fetch_add(source.len(), Ordering::Relaxed);
                    let tree = match mode {
                        Mode::Masked => mask::parse(&rules, &mut parser, &source).map(|p| {
                            if !p.skipped.is_empty() {
                                let masked = mask::mask(&source).unwrap_or_default();
                                let blank =
                                    source.bytes().zip(masked.bytes()).filter(|(a, b)| a != b).count();
                                blanked.fetch_add(blank, Ordering::Relaxed);
                            }
                            p.tree
                        }),
                        _ => go::parse(&mut parser, &source),
                    };
                    parsed.fetch_add(1, Ordering::Relaxed);
                    errors.fetch_add(
                        usize::from(tree.is_none_or(|t| t.root_node().has_error())),
                        Ordering::Relaxed,
                    );
                }
            });
        }
    });
    println!(
        "parse_all: {} files, {} bytes, {} parsed, {} with syntax errors, {} bytes parsed, {} blanked",
        targets.len(),
        bytes.load(Ordering::Relaxed),
        parsed.load(Ordering::Relaxed),
        errors.load(Ordering::Relaxed),
        parsed_bytes.load(Ordering::Relaxed),
        blanked.load(Ordering::Relaxed)
    );
}
