//! The command line: what chanfix can do, one function per mode. `run`
//! parses the arguments, scans the named paths (walk → read → pipeline, in
//! parallel, each thread with its own parser) and hands the sorted results
//! to the mode, which prints and, for `fix`, writes. Exit codes: 0 nothing
//! to report, 1 findings or pending changes, 2 errors.

use crate::finding::line_col;
use crate::go;
use crate::pipeline::{self, Outcome};
use crate::rules::{self, Compiled};
use crate::walk::{self, Target};
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The command's I/O, injectable so tests drive the CLI in-process.
pub struct Io {
    pub stdin: Box<dyn Read>,
    pub stdout: Box<dyn Write>,
    pub stderr: Box<dyn Write>,
    pub cwd: PathBuf,
}

#[derive(Parser)]
#[command(name = "chanfix", version, about = "Find and fix goroutine leaks on Go channels")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report each leak as `path:line:col: rule: message`.
    Check(Scan),
    /// Print the fixes as a unified diff; write nothing.
    Diff(Scan),
    /// Apply the fixes in place.
    Fix(Scan),
    /// List the rules.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// The rule id, as `chanfix rules` lists it.
        rule: String,
    },
}

#[derive(Args, Clone)]
struct Scan {
    /// Files or directories (`dir/...` accepted); `-` reads Go source on stdin.
    #[arg(default_value = ".")]
    paths: Vec<String>,
    /// Number of threads (default: all cores).
    #[arg(short = 'j', long)]
    jobs: Option<usize>,
    /// Also process generated files (`// Code generated ... DO NOT EDIT.`).
    #[arg(long)]
    include_generated: bool,
    /// Print no summary line.
    #[arg(short, long)]
    quiet: bool,
}

/// Files larger than this are reported, not read: no Go source file is this big.
const MAX_FILE_BYTES: u64 = 32 << 20;

pub fn run<I, T>(args: I, io: &mut Io) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let out = if e.use_stderr() { &mut io.stderr } else { &mut io.stdout };
            let _ = write!(out, "{}", e.render());
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Rules => list_rules(io),
        Command::Explain { rule } => explain(&rule, io),
        Command::Check(scan) => with_scan(&scan, io, Mode::Check),
        Command::Diff(scan) => with_scan(&scan, io, Mode::Diff),
        Command::Fix(scan) => with_scan(&scan, io, Mode::Fix),
    };
    let _ = io.stdout.flush();
    let _ = io.stderr.flush();
    ExitCode::from(code)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Check,
    Diff,
    Fix,
}

fn list_rules(io: &mut Io) -> u8 {
    for rule in rules::RULES {
        let _ = writeln!(io.stdout, "{:<20} {}", rule.id, rule.summary);
    }
    0
}

fn explain(id: &str, io: &mut Io) -> u8 {
    match rules::find(id) {
        Some(rule) => {
            let _ = write!(io.stdout, "{}", rule.doc);
            0
        }
        None => {
            let known: Vec<&str> = rules::RULES.iter().map(|r| r.id).collect();
            let _ = writeln!(io.stderr, "chanfix: unknown rule {id:?} (rules: {})", known.join(", "));
            2
        }
    }
}

/// One file's result, as the modes see it.
pub struct FileResult {
    pub display: String,
    /// Where to write a fix; `None` for standard input.
    pub path: Option<PathBuf>,
    pub original: String,
    pub outcome: Outcome,
}

/// Everything a scan found, sorted by path.
pub struct Report {
    pub files: Vec<FileResult>,
    pub scanned: usize,
    pub errors: Vec<(String, String)>,
}

fn with_scan(scan: &Scan, io: &mut Io, mode: Mode) -> u8 {
    let report = if scan.paths.iter().any(|p| p == "-") {
        if scan.paths.len() > 1 {
            let _ = writeln!(io.stderr, "chanfix: `-` (standard input) cannot be mixed with other paths");
            return 2;
        }
        scan_stdin(io)
    } else {
        scan_paths(scan, &io.cwd)
    };
    let mut report = report;
    match mode {
        Mode::Check => print_check(&report, io),
        Mode::Diff => print_diff(&report, io),
        Mode::Fix => apply(&mut report, io),
    }
    for (display, message) in &report.errors {
        let _ = writeln!(io.stderr, "chanfix: {display}: {message}");
    }
    if !scan.quiet {
        let _ = writeln!(io.stderr, "{}", summary(&report, mode));
    }
    exit_code(&report, mode)
}

fn scan_stdin(io: &mut Io) -> Report {
    let mut bytes = Vec::new();
    let mut report = Report { files: Vec::new(), scanned: 1, errors: Vec::new() };
    let display = "<stdin>".to_string();
    if let Err(e) = io.stdin.read_to_end(&mut bytes) {
        report.errors.push((display, e.to_string()));
        return report;
    }
    match String::from_utf8(bytes) {
        Ok(source) => {
            let outcome = pipeline::check_source(&Compiled::new(), &mut go::new_parser(), &display, &source);
            report.files.push(FileResult { display, path: None, original: source, outcome });
        }
        Err(_) => report.errors.push((display, "not valid UTF-8; Go source must be UTF-8".into())),
    }
    report
}

fn scan_paths(scan: &Scan, cwd: &Path) -> Report {
    let (targets, walk_errors) = walk::collect(cwd, &scan.paths);
    let mut errors: Vec<(String, String)> = walk_errors.into_iter().map(|e| (e.display, e.message)).collect();
    let compiled = Compiled::new();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Processed)>> = Mutex::new(Vec::new());
    let jobs =
        scan.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    std::thread::scope(|s| {
        for _ in 0..jobs.min(targets.len().max(1)) {
            s.spawn(|| {
                let mut parser = go::new_parser();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(target) = targets.get(i) else { break };
                    let result = process(&compiled, &mut parser, target, scan.include_generated);
                    results.lock().expect("no thread panics holding the lock").push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("threads are done");
    results.sort_by_key(|(i, _)| *i);
    let mut files = Vec::new();
    for (i, result) in results {
        match result {
            Ok(Some(file)) => files.push(file),
            Ok(None) => {}
            Err(message) => errors.push((targets[i].display.clone(), message)),
        }
    }
    Report { files, scanned: targets.len(), errors }
}

/// A file's result, or the message saying why it could not be checked.
type Processed = Result<Option<FileResult>, String>;

/// Read and check one file. `Ok(None)`: nothing to say about it.
fn process(
    compiled: &Compiled,
    parser: &mut tree_sitter::Parser,
    target: &Target,
    include_generated: bool,
) -> Result<Option<FileResult>, String> {
    let meta = std::fs::metadata(&target.path).map_err(|e| walk::describe(&e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("file too large ({} bytes; the limit is {MAX_FILE_BYTES})", meta.len()));
    }
    let bytes = std::fs::read(&target.path).map_err(|e| walk::describe(&e))?;
    let source =
        String::from_utf8(bytes).map_err(|_| "not valid UTF-8; Go source must be UTF-8".to_string())?;
    if !include_generated && go::is_generated(&source) {
        return Ok(None);
    }
    let outcome = pipeline::check_source(compiled, parser, &target.display, &source);
    if outcome.findings.is_empty() {
        return Ok(None);
    }
    Ok(Some(FileResult {
        display: target.display.clone(),
        path: Some(target.path.clone()),
        original: source,
        outcome,
    }))
}

fn print_check(report: &Report, io: &mut Io) {
    for file in &report.files {
        for f in &file.outcome.findings {
            let (line, col) = line_col(&file.original, f.range.start);
            let mut text = format!("{}:{line}:{col}: {}: {}", file.display, f.rule, f.message);
            if let Some(reason) = &f.no_fix_reason {
                text.push_str(&format!(" (no fix: {reason})"));
            }
            let _ = writeln!(io.stdout, "{text}");
        }
    }
}

fn print_diff(report: &Report, io: &mut Io) {
    for file in &report.files {
        if let Some(fixed) = &file.outcome.fixed {
            let _ = write!(io.stdout, "{}", unified_diff(&file.display, &file.original, fixed));
        }
    }
}

pub fn unified_diff(display: &str, original: &str, fixed: &str) -> String {
    similar::TextDiff::from_lines(original, fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

fn apply(report: &mut Report, io: &mut Io) {
    for file in &mut report.files {
        let Some(fixed) = &file.outcome.fixed else {
            if file.path.is_none() {
                let _ = write!(io.stdout, "{}", file.original);
            }
            continue;
        };
        let Some(path) = &file.path else {
            let _ = write!(io.stdout, "{fixed}");
            continue;
        };
        if let Err(message) = write_atomically(path, &file.original, fixed) {
            report.errors.push((file.display.clone(), message));
            for f in &mut file.outcome.findings {
                f.fix = None;
                f.no_fix_reason = Some("the file could not be written".into());
            }
            file.outcome.fixed = None;
        }
    }
}

/// Writes `fixed` over `path` through a temporary file in the same
/// directory and a rename, keeping the permissions, and only if the file
/// still holds `original`. A symbolic link is kept: its target is written.
pub fn write_atomically(path: &Path, original: &str, fixed: &str) -> Result<(), String> {
    let path = std::fs::canonicalize(path).map_err(|e| walk::describe(&e))?;
    let dir = path.parent().ok_or("no parent directory")?;
    let name = path.file_name().ok_or("no file name")?.to_string_lossy();
    let perms = std::fs::metadata(&path).map_err(|e| walk::describe(&e))?.permissions();
    let temp = dir.join(format!(".{name}.chanfix-{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(fixed.as_bytes())?;
        f.sync_all()?;
        std::fs::set_permissions(&temp, perms)
    })();
    let result = written.map_err(|e| format!("cannot write: {}", walk::describe(&e))).and_then(|()| {
        let now = std::fs::read(&path).map_err(|e| walk::describe(&e))?;
        if now != original.as_bytes() {
            return Err("changed on disk since chanfix read it; not written".into());
        }
        std::fs::rename(&temp, &path).map_err(|e| format!("cannot replace: {}", walk::describe(&e)))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn counts(report: &Report) -> (usize, usize, usize) {
    let findings = report.files.iter().map(|f| f.outcome.findings.len()).sum();
    let unfixed = report.files.iter().flat_map(|f| &f.outcome.findings).filter(|f| f.fix.is_none()).count();
    let changed = report.files.iter().filter(|f| f.outcome.fixed.is_some()).count();
    (findings, unfixed, changed)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

fn summary(report: &Report, mode: Mode) -> String {
    let (findings, unfixed, changed) = counts(report);
    let what = match mode {
        Mode::Check => String::new(),
        Mode::Diff => format!(", {} would change", plural(changed, "file")),
        Mode::Fix => format!(", {} fixed", plural(changed, "file")),
    };
    let errors = if report.errors.is_empty() {
        String::new()
    } else {
        format!(", {}", plural(report.errors.len(), "error"))
    };
    format!(
        "chanfix: {} checked, {} ({unfixed} without a safe fix){what}{errors}",
        plural(report.scanned, "file"),
        plural(findings, "finding")
    )
}

fn exit_code(report: &Report, mode: Mode) -> u8 {
    let (findings, unfixed, changed) = counts(report);
    let pending = match mode {
        Mode::Check => findings > 0,
        Mode::Diff => changed > 0,
        Mode::Fix => unfixed > 0,
    };
    if !report.errors.is_empty() {
        2
    } else if pending {
        1
    } else {
        0
    }
}
