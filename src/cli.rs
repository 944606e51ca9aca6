//! The command line: what chanfix can do, one function per mode. `run`
//! parses the arguments, scans the named paths (walk → read → pipeline, in
//! parallel, each thread with its own parser) and hands the sorted results
//! to the mode, which prints and, for `fix`, writes (and, with `--verify`,
//! checks the build). Rendering the `--format`s lives in [`crate::output`].
//! Each file's settings and new lines are planned up front ([`crate::plan`]).
//! `config` prints the settings, `lsp` serves editors ([`crate::lsp`]).
//! Exit codes: 0 nothing to report, 1 findings or pending changes, 2 errors.

use crate::config;
use crate::go;
use crate::newcode;
use crate::output::progress::{self, Progress};
use crate::output::{self, ColorChoice, Format, Summary, Terminal, color::Style};
use crate::pipeline;
use crate::plan::{FilePlan, Planner};
use crate::read;
use crate::report::{FileResult, Mode, Report};
use crate::rules::{self, Compiled};
use crate::verify;
use crate::walk::{self, Target};
use crate::write;
use clap::{Args, CommandFactory, Parser, Subcommand};
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
#[command(name = "chanfix", version = env!("CHANFIX_VERSION"), about = "Find and fix goroutine leaks on Go channels")]
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
    Fix(FixArgs),
    /// List the rules.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// The rule id, as `chanfix rules` lists it.
        rule: String,
    },
    /// Print the effective settings for a path (default: the current directory).
    Config(ConfigArgs),
    /// Serve editors: a language server on standard input and output.
    Lsp,
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args, Clone)]
struct Settings {
    /// Settings file to use instead of the `chanfix.toml` or `.chanfix.toml`
    /// found upward from each file.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    isolated: bool,
}

impl Settings {
    fn source(&self) -> config::Source {
        match (&self.config, self.isolated) {
            (Some(file), _) => config::Source::File(file.clone()),
            (None, true) => config::Source::Isolated,
            (None, false) => config::Source::Discover,
        }
    }
}

#[derive(Args, Clone)]
struct ConfigArgs {
    /// A file or directory.
    #[arg(default_value = ".")]
    path: String,
    #[command(flatten)]
    settings: Settings,
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
    /// Print no summary line and no progress.
    #[arg(short, long)]
    quiet: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Colour the text output (`auto`: when standard output is a terminal
    /// and `NO_COLOR` is not set).
    #[arg(long, value_enum, default_value_t, value_name = "WHEN")]
    color: ColorChoice,
    #[command(flatten)]
    settings: Settings,
    /// Only findings on lines added or changed since this git revision
    /// (working tree against REV; untracked files are new).
    #[arg(long, value_name = "REV", group = "new_code")]
    new_from_rev: Option<String>,
    /// Only findings on lines added or changed since the merge base of REV
    /// and HEAD (for pull requests: `origin/main`).
    #[arg(long, value_name = "REV", group = "new_code")]
    new_from_merge_base: Option<String>,
    /// Only findings on lines a unified diff (e.g. `git diff -U0`) adds.
    #[arg(long, value_name = "FILE", group = "new_code")]
    new_from_patch: Option<PathBuf>,
    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Also print how many findings each rule reported.
    #[arg(long)]
    statistics: bool,
    /// The path of the file read on standard input (`-`): shown in the
    /// output and used for directives, generated-file rules and settings.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,
}

impl Scan {
    fn since(&self) -> Option<newcode::Since> {
        let rev = self.new_from_rev.clone().map(newcode::Since::Rev);
        let base = self.new_from_merge_base.clone().map(newcode::Since::MergeBase);
        rev.or(base).or_else(|| self.new_from_patch.clone().map(newcode::Since::Patch))
    }
}

#[derive(Args, Clone)]
struct FixArgs {
    #[command(flatten)]
    scan: Scan,
    /// Run `go build` and `go vet` on each changed package before and after
    /// writing; undo the fixes of a package that no longer builds.
    #[arg(long)]
    verify: bool,
    /// Write a `//chanfix:ignore RULE -- REASON` directive above every
    /// finding left without a fix, so that `check` passes from now on.
    #[arg(long, value_name = "REASON", num_args = 0..=1, default_missing_value = "", require_equals = true)]
    add_ignore: Option<String>,
}

/// Files larger than this are reported, not read: no Go source file is this big.
const MAX_FILE_BYTES: u64 = 32 << 20;

/// Runs the command with injected streams, which are not terminals: no
/// colour unless `--color always`, no progress. The binary calls
/// [`run_with`] with [`Terminal::detect`].
pub fn run<I, T>(args: I, io: &mut Io) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_with(args, io, Terminal::default())
}

/// Runs the command, `terminal` saying whether `io`'s standard output and
/// error are terminals (for `--color auto` and the progress line).
pub fn run_with<I, T>(args: I, io: &mut Io, terminal: Terminal) -> ExitCode
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
        Command::Config(args) => show_config(&args, io),
        Command::Completions { shell } => completions(shell, io),
        Command::Lsp => serve_lsp(io),
        Command::Check(scan) => with_scan(&scan, io, Mode::Check, None, terminal),
        Command::Diff(scan) => with_scan(&scan, io, Mode::Diff, None, terminal),
        Command::Fix(FixArgs { scan, verify, add_ignore }) => {
            with_scan(&scan, io, Mode::Fix { verify }, add_ignore.as_deref(), terminal)
        }
    };
    let flushed = io.stdout.flush();
    let code = after_stdout(flushed, code, io);
    let _ = io.stderr.flush();
    ExitCode::from(code)
}

/// A failed write to standard output is an error (exit 2), said on
/// standard error; a reader that went away (`| head`) is not.
fn after_stdout(result: std::io::Result<()>, code: u8, io: &mut Io) -> u8 {
    match result {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            let _ = writeln!(io.stderr, "chanfix: cannot write to standard output: {e}");
            2
        }
    }
}

fn show_config(args: &ConfigArgs, io: &mut Io) -> u8 {
    let path = io.cwd.join(&args.path);
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    let probe = if path.is_dir() { path.join("_") } else { path };
    match config::Lookup::new(args.settings.source(), &io.cwd).and_then(|mut l| l.for_file(&probe)) {
        Ok(config) => {
            let _ = write!(io.stdout, "{}", config.describe());
            0
        }
        Err(message) => {
            let _ = writeln!(io.stderr, "chanfix: {message}");
            2
        }
    }
}

/// The language server talks on the process's own standard streams
/// (it is tested in-process through [`crate::lsp::serve`]).
fn serve_lsp(io: &mut Io) -> u8 {
    match crate::lsp::run_stdio(&io.cwd) {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(io.stderr, "chanfix lsp: {message}");
            2
        }
    }
}

fn completions(shell: clap_complete::Shell, io: &mut Io) -> u8 {
    clap_complete::generate(shell, &mut Cli::command(), "chanfix", &mut io.stdout);
    0
}

fn list_rules(io: &mut Io) -> u8 {
    for rule in rules::RULES {
        let _ = writeln!(io.stdout, "{:<20} {}", rule.id, rule.summary);
    }
    let unused = "a //chanfix:ignore directive that silences nothing or names an unknown rule";
    let _ = writeln!(io.stdout, "{:<20} {unused}", crate::suppress::UNUSED_IGNORE);
    0
}

fn explain(id: &str, io: &mut Io) -> u8 {
    match rules::find(id) {
        Some(rule) => {
            let _ = write!(io.stdout, "{}", rule.doc);
            0
        }
        None if id == crate::suppress::UNUSED_IGNORE => {
            let _ = write!(io.stdout, "{}", crate::suppress::EXPLAIN_UNUSED_IGNORE);
            0
        }
        None => {
            let known: Vec<&str> = rules::RULES.iter().map(|r| r.id).collect();
            let _ = writeln!(io.stderr, "chanfix: unknown rule {id:?} (rules: {})", known.join(", "));
            2
        }
    }
}

fn with_scan(scan: &Scan, io: &mut Io, mode: Mode, add_ignore: Option<&str>, terminal: Terminal) -> u8 {
    if scan.paths.iter().any(String::is_empty) {
        let _ =
            writeln!(io.stderr, "chanfix: an empty path was given; name a file or directory (`.` for here)");
        return 2;
    }
    let planned = Planner::new(scan.settings.source(), scan.since(), scan.include_generated, &io.cwd)
        .and_then(|mut planner| Ok((planner.exit_zero(&io.cwd)?, planner)));
    let (exit_zero, mut planner) = match planned {
        Ok(planned) => planned,
        Err(message) => {
            let _ = writeln!(io.stderr, "chanfix: {message}");
            return 2;
        }
    };
    let scanned = if scan.paths.iter().any(|p| p == "-") {
        if scan.paths.len() > 1 {
            let _ = writeln!(io.stderr, "chanfix: `-` (standard input) cannot be mixed with other paths");
            return 2;
        }
        if let Some(problem) = stdin_conflict(scan.format, mode) {
            let _ = writeln!(io.stderr, "chanfix: `fix -` {problem}");
            return 2;
        }
        scan_stdin(scan, io, &mut planner, add_ignore)
    } else {
        let show_progress = terminal.stderr && !scan.quiet;
        scan_paths(scan, &io.cwd, &mut planner, add_ignore, show_progress.then_some(&mut *io.stderr))
    };
    let mut report = match scanned {
        Ok(report) => report,
        Err(message) => {
            let _ = writeln!(io.stderr, "chanfix: {message}");
            return 2;
        }
    };
    output::refuse_unnamable(&mut report, scan.format, mode);
    let mut printed = Ok(());
    if let Mode::Fix { verify } = mode {
        printed = apply(&mut report, io, verify, scan.quiet);
    }
    let style = Style::new(scan.color, terminal);
    let out = output::render(scan.format, &report, mode, style);
    let printed = printed.and_then(|()| io.stdout.write_all(out.as_bytes()));
    print_unfixed(scan, &report, mode, style, io);
    if scan.statistics {
        let _ = write!(io.stdout, "{}", output::text::statistics(&report.rule_counts()));
    }
    let printed = printed.and_then(|()| io.stdout.flush());
    for (display, message) in &report.errors {
        let _ = writeln!(io.stderr, "chanfix: {}: {message}", output::escape_controls(display));
    }
    let summary = Summary::of(&report, mode);
    if !scan.quiet {
        let _ = writeln!(io.stderr, "{}", output::text::summary(&summary, mode));
    }
    after_stdout(printed, exit_code(&summary, mode, exit_zero || scan.exit_zero), io)
}

/// `diff` and `fix` in the text format also list what they could not fix,
/// with the reason: on standard output for `fix` on files, on standard
/// error when standard output carries a diff or the fixed source.
fn print_unfixed(scan: &Scan, report: &Report, mode: Mode, style: Style, io: &mut Io) {
    if scan.format != Format::Text || mode == Mode::Check {
        return;
    }
    let list = output::text::unfixed(report, mode, style);
    let to_stdout = mode.is_fix() && !scan.paths.iter().any(|p| p == "-");
    let out = if to_stdout { &mut io.stdout } else { &mut io.stderr };
    let _ = write!(out, "{list}");
}

/// Why `fix -` (fixed source on standard output) cannot take these options.
fn stdin_conflict(format: Format, mode: Mode) -> Option<&'static str> {
    match mode {
        Mode::Fix { verify: true } => {
            Some("cannot be verified (there is no package to build); drop --verify")
        }
        Mode::Fix { .. } if format != Format::Text => {
            Some("prints the fixed source; use `check -` or `diff -` for --format json, sarif or github")
        }
        _ => None,
    }
}

fn scan_stdin(
    scan: &Scan,
    io: &mut Io,
    planner: &mut Planner,
    add_ignore: Option<&str>,
) -> Result<Report, String> {
    let mut report = Report { files: Vec::new(), scanned: 1, errors: Vec::new(), rollbacks: Vec::new() };
    let display = scan.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string());
    let plan = match &scan.stdin_filename {
        Some(name) => planner.plan(&io.cwd.join(name))?,
        None => planner.plan(&io.cwd.join("<stdin>"))?,
    };
    let mut bytes = Vec::new();
    if let Err(message) = read::limited(&mut io.stdin, MAX_FILE_BYTES, &mut bytes) {
        report.errors.push((display, message));
        return Ok(report);
    }
    let Ok(source) = String::from_utf8(bytes) else {
        report.errors.push((display, "not valid UTF-8; Go source must be UTF-8".into()));
        return Ok(report);
    };
    let skipped = plan.excluded || (!plan.include_generated && go::is_generated(&source));
    let options = plan.options(add_ignore);
    let compiled = Compiled::new();
    let check = || {
        if skipped {
            return pipeline::Outcome::default();
        }
        pipeline::check_source_with(&compiled, &mut go::new_parser(), &display, &source, &options)
    };
    // Like the files of a walk: on a worker's stack, a bug reported, not a crash.
    let checked = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn_scoped(s, check)
            .expect("the system can start a worker thread")
            .join()
    });
    match checked {
        Ok(outcome) => report.files.push(FileResult {
            display,
            path: None,
            original: source,
            outcome,
            written: false,
            stamp: None,
            verdict: None,
        }),
        Err(_) => report.errors.push((display, INTERNAL_ERROR.into())),
    }
    Ok(report)
}

/// A file to check and how.
type Planned = (Target, FilePlan);

/// The targets under `paths` with their plans, without the excluded ones
/// (a file named on the command line is always checked).
fn planned_targets(
    cwd: &Path,
    paths: &[String],
    planner: &mut Planner,
) -> Result<(Vec<Planned>, Vec<walk::WalkError>), String> {
    let (targets, errors) = walk::collect(cwd, paths);
    let mut planned = Vec::with_capacity(targets.len());
    for target in targets {
        let plan = planner.plan(&target.path)?;
        if !plan.excluded || paths.contains(&target.display) {
            planned.push((target, plan));
        }
    }
    Ok((planned, errors))
}

/// Scans the files under `scan.paths`; with `progress`, shows how far it
/// got there (a terminal's standard error).
fn scan_paths(
    scan: &Scan,
    cwd: &Path,
    planner: &mut Planner,
    add_ignore: Option<&str>,
    progress: Option<&mut dyn Write>,
) -> Result<Report, String> {
    let (targets, walk_errors) = planned_targets(cwd, &scan.paths, planner)?;
    let mut errors: Vec<(String, String)> = walk_errors.into_iter().map(|e| (e.display, e.message)).collect();
    let compiled = Compiled::new();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Processed)>> = Mutex::new(Vec::new());
    let jobs =
        scan.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    std::thread::scope(|s| {
        for _ in 0..jobs.min(targets.len().max(1)) {
            let worker = || {
                let mut parser = go::new_parser();
                let mut buf = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(target) = targets.get(i) else { break };
                    let result = process_guarded(&compiled, &mut parser, &mut buf, target, add_ignore);
                    // Most files have nothing to say: keep only what does (memory on large trees).
                    if !matches!(result, Ok(None)) {
                        results.lock().expect("no thread panics holding the lock").push((i, result));
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            };
            // Deeply nested code recurses deeply: give workers room.
            std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(s, worker)
                .expect("the system can start a worker thread");
        }
        if let Some(out) = progress {
            let mut bar = Progress::new(progress::DELAY);
            while done.load(Ordering::Relaxed) < targets.len() {
                std::thread::sleep(std::time::Duration::from_millis(50));
                bar.update(out, done.load(Ordering::Relaxed), targets.len());
            }
            bar.clear(out);
        }
    });
    let mut results = results.into_inner().expect("threads are done");
    results.sort_by_key(|(i, _)| *i);
    let mut files = Vec::new();
    for (i, result) in results {
        match result {
            Ok(Some(file)) => files.push(file),
            Ok(None) => {}
            Err(message) => errors.push((targets[i].0.display.clone(), message)),
        }
    }
    Ok(Report { files, scanned: targets.len(), errors, rollbacks: Vec::new() })
}

/// A file's result, or the message saying why it could not be checked.
type Processed = Result<Option<FileResult>, String>;

/// Stack size of each worker thread.
const WORKER_STACK: usize = 64 << 20;

/// [`process`], turning a bug in chanfix into a message about that file
/// rather than a crash of the whole run. The parser is replaced afterwards,
/// as it may have been interrupted mid-parse.
fn process_guarded(
    compiled: &Compiled,
    parser: &mut tree_sitter::Parser,
    buf: &mut Vec<u8>,
    target: &Planned,
    add_ignore: Option<&str>,
) -> Processed {
    let run = std::panic::AssertUnwindSafe(|| process(compiled, parser, buf, target, add_ignore));
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        *parser = go::new_parser();
        Err(INTERNAL_ERROR.into())
    })
}

const INTERNAL_ERROR: &str =
    "internal error while checking this file; it was left unchanged (please report it)";

/// Read and check one file, into the thread's reused `buf`. `Ok(None)`:
/// nothing to say about it (and nothing copied out of `buf`).
fn process(
    compiled: &Compiled,
    parser: &mut tree_sitter::Parser,
    buf: &mut Vec<u8>,
    (target, plan): &Planned,
    add_ignore: Option<&str>,
) -> Result<Option<FileResult>, String> {
    let stamp = read::regular_file(&target.path, MAX_FILE_BYTES, buf)?;
    let source =
        std::str::from_utf8(buf).map_err(|_| "not valid UTF-8; Go source must be UTF-8".to_string())?;
    if !plan.include_generated && go::is_generated(source) {
        return Ok(None);
    }
    let options = plan.options(add_ignore);
    let outcome = pipeline::check_source_with(compiled, parser, &target.display, source, &options);
    if outcome.findings.is_empty() {
        return Ok(None);
    }
    Ok(Some(FileResult {
        display: target.display.clone(),
        path: Some(target.path.clone()),
        original: source.to_owned(),
        outcome,
        written: false,
        stamp: Some(stamp),
        verdict: None,
    }))
}

/// Writes the fixes (standard input: prints the fixed source). With
/// `verify`, the build is checked before and after, see [`verify`]. The
/// result is that of printing to standard output.
fn apply(report: &mut Report, io: &mut Io, verify: bool, quiet: bool) -> std::io::Result<()> {
    let mut printed = Ok(());
    for file in report.files.iter().filter(|f| f.path.is_none()) {
        let text = file.outcome.fixed.as_deref().unwrap_or(&file.original);
        printed = printed.and_then(|()| io.stdout.write_all(text.as_bytes()));
    }
    let writes = report.files.iter().any(|f| f.path.is_some() && f.outcome.fixed.is_some());
    let plan = if verify && writes { verify::Plan::before(report, &mut *io.stderr, quiet) } else { None };
    for dir in directories_to_write(&report.files) {
        write::remove_stale_temporaries(&dir);
    }
    for file in report.files.iter_mut().filter(|f| f.path.is_some() && f.outcome.fixed.is_some()) {
        if let Err(message) = write_fix(file) {
            report.errors.push((file.display.clone(), message));
            for f in &mut file.outcome.findings {
                f.fix = None;
                f.no_fix_reason = Some("the file could not be written".into());
            }
            file.outcome.fixed = None;
        }
    }
    if let Some(plan) = plan {
        plan.after(report, &mut *io.stderr, quiet);
    }
    printed
}

/// The real directories of the files about to be written.
fn directories_to_write(files: &[FileResult]) -> std::collections::BTreeSet<PathBuf> {
    files
        .iter()
        .filter(|f| f.outcome.fixed.is_some())
        .filter_map(|f| std::fs::canonicalize(f.path.as_ref()?).ok()?.parent().map(Path::to_path_buf))
        .collect()
}

/// Writes one file's fix over it (see [`write::write_atomically`]).
fn write_fix(file: &mut FileResult) -> Result<(), String> {
    let (Some(path), Some(fixed), Some(stamp)) = (&file.path, &file.outcome.fixed, file.stamp) else {
        return Ok(());
    };
    file.stamp = Some(write::write_atomically(path, &file.original, stamp, fixed)?);
    file.written = true;
    Ok(())
}

fn exit_code(summary: &Summary, mode: Mode, exit_zero: bool) -> u8 {
    let pending = match mode {
        Mode::Check => summary.findings > 0,
        Mode::Diff => summary.files_changed > 0,
        Mode::Fix { .. } => summary.unfixed > 0,
    };
    if summary.errors > 0 {
        2
    } else if pending && !exit_zero {
        1
    } else {
        0
    }
}
