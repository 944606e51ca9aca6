//! What `fix` does to the file system, and what reading and printing do
//! when the world is not as expected: temporaries that cannot be hijacked,
//! mode and owner kept, read-only and multiply-linked files refused, a file
//! saved meanwhile refused, stale temporaries cleaned, SIGTERM leaving no
//! temporary, FIFOs and devices not read, the size limit, an empty path,
//! deep stdin, and standard output that fails or closes.

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const FIXED: &str = "errCh := make(chan error, 1)";

fn leaky() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cli/timeout.go")).unwrap()
}

/// A temporary directory with `timeout.go`, a leak chanfix fixes.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("timeout.go");
    fs::write(&path, leaky()).unwrap();
    (dir, path)
}

/// The names in `dir` that look like chanfix temporaries.
fn temporaries(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            found.extend(temporaries(&entry.path()));
        } else if name.contains(".chanfix-") {
            found.push(name);
        }
    }
    found
}

/// Runs the built binary, killing it after `limit` (a read that blocks).
fn binary(cwd: &Path, args: &[&str], stdin: &[u8], limit: Duration) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_chanfix"))
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!("chanfix {args:?} still ran after {limit:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    feeder.join().unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_planted_symlink_at_a_temporary_name_is_not_followed() {
    // The name the old predictable scheme used for this process and file.
    let (ws, path) = workspace();
    let victim = ws.path().join("victim.txt");
    fs::write(&victim, "precious\n").unwrap();
    let planted = ws.path().join(format!(".timeout.go.chanfix-{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let run = chanfix_in(ws.path(), &["fix", "timeout.go"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n", "the link's target is untouched");
    assert!(fs::symlink_metadata(&path).unwrap().file_type().is_file(), "the file is a file, not the link");
    assert!(fs::read_to_string(&path).unwrap().contains(FIXED));
    assert!(fs::symlink_metadata(&planted).unwrap().file_type().is_symlink(), "not ours: left alone");
}

#[test]
fn fix_keeps_mode_owner_and_group() {
    let (ws, path) = workspace();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    if let Err(e) = std::os::unix::fs::chown(&path, Some(4242), Some(4343)) {
        eprintln!("fix_keeps_mode_owner_and_group: owner part skipped (needs root): {e}");
    }
    let before = fs::metadata(&path).unwrap();
    let run = chanfix_in(ws.path(), &["fix"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = fs::metadata(&path).unwrap();
    assert!(fs::read_to_string(&path).unwrap().contains(FIXED));
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_ne!(after.ino(), before.ino(), "replaced by a rename, not written in place");
}

#[test]
fn a_read_only_file_is_refused_not_rewritten() {
    let (ws, path) = workspace();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let run = chanfix_in(ws.path(), &["fix"], "");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("chanfix: timeout.go: file is read-only (mode 0444); not written"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), leaky());
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o444);
    assert!(temporaries(ws.path()).is_empty());
}

#[test]
fn a_file_with_several_hard_links_is_refused_not_split() {
    let (ws, path) = workspace();
    let other = ws.path().join("other-name.txt");
    fs::hard_link(&path, &other).unwrap();
    let run = chanfix_in(ws.path(), &["fix", "timeout.go"], "");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("chanfix: timeout.go: file has 2 hard links"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), leaky());
    assert_eq!(fs::metadata(&path).unwrap().ino(), fs::metadata(&other).unwrap().ino(), "still one file");
}

#[test]
fn a_file_saved_again_since_it_was_read_is_refused_even_with_the_same_text() {
    let (ws, path) = workspace();
    let stamp = chanfix::write::Stamp::of(&fs::metadata(&path).unwrap());
    // An editor saves the same text: only the modification time moves.
    let file = fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5)).unwrap();
    let err = chanfix::write::write_atomically(&path, &leaky(), stamp, "new text").unwrap_err();
    assert!(err.contains("changed on disk since chanfix read it"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), leaky());
    // Other text with the same stamp is refused too.
    let stamp = chanfix::write::Stamp::of(&fs::metadata(&path).unwrap());
    let err = chanfix::write::write_atomically(&path, "what was read earlier", stamp, "new").unwrap_err();
    assert!(err.contains("changed on disk"), "{err}");
    assert!(temporaries(ws.path()).is_empty(), "no temporary is left behind");
}

#[test]
fn stale_temporaries_of_dead_runs_are_removed_by_the_next_fix() {
    let (ws, _) = workspace();
    let dir = ws.path();
    // No process has this id (above Linux's pid_max); processes that run: init, us.
    let stale = ".timeout.go.chanfix-4000000000-aB3dE6gH.tmp";
    let live = [
        ".timeout.go.chanfix-1-aB3dE6gH.tmp".to_string(),
        format!(".x.go.chanfix-{}-aB3dE6gH.tmp", std::process::id()),
    ];
    let not_ours = [".timeout.go.chanfix-4000000000.tmp", "x.chanfix-4000000000-aB3dE6gH.tmp", "notes.txt"];
    for name in live.iter().map(String::as_str).chain([stale]).chain(not_ours) {
        fs::write(dir.join(name), "half-written").unwrap();
    }
    let run = chanfix_in(dir, &["fix"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.join(stale).exists(), "the dead run's temporary is removed");
    for name in &live {
        assert!(dir.join(name).exists(), "a running process's temporary is left alone");
    }
    for name in not_ours {
        assert!(dir.join(name).exists(), "{name} does not match the pattern exactly: kept");
    }
}

#[test]
fn sigint_or_sigterm_during_fix_leaves_no_temporary() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        interrupt_a_fix(signal);
    }
}

/// Sends `signal` to a `fix` of a big tree while it writes a temporary.
fn interrupt_a_fix(signal: i32) {
    use std::os::unix::process::ExitStatusExt;
    let ws = tempfile::tempdir().unwrap();
    let text = leaky();
    let files: Vec<PathBuf> =
        (0..300).map(|n| ws.path().join(format!("p{}/f{}.go", n / 50, n % 50))).collect();
    for file in &files {
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, &text).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_chanfix"))
        .current_dir(ws.path())
        .args(["fix", "-q", "-j1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until a temporary is being written.
    let start = Instant::now();
    while temporaries(ws.path()).is_empty() {
        assert!(child.try_wait().unwrap().is_none(), "the fix finished before it could be interrupted");
        assert!(start.elapsed() < Duration::from_secs(120), "no temporary seen");
    }
    unsafe { libc::kill(child.id() as i32, signal) };
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(signal), "dies of the signal, as without chanfix's handler");
    assert_eq!(temporaries(ws.path()), Vec::<String>::new(), "no temporary survives signal {signal}");
    let fixed = text.replace("make(chan error)", "make(chan error, 1)");
    for file in &files {
        let now = fs::read_to_string(file).unwrap();
        assert!(now == text || now == fixed, "{} is the original or fully fixed", file.display());
    }
}

#[test]
fn a_fifo_named_on_the_command_line_does_not_block_the_run() {
    let (ws, _) = workspace();
    let fifo = std::ffi::CString::new(ws.path().join("pipe.go").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let out = binary(ws.path(), &["check", "pipe.go", "timeout.go"], b"", Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("chanfix: pipe.go: not a regular file"), "{err}");
    assert!(text(&out.stdout).starts_with("timeout.go:15:3: abandoned-sender"), "the other file is checked");
}

#[test]
fn a_device_is_not_read_however_small_its_metadata_says_it_is() {
    let (ws, _) = workspace();
    let out = binary(ws.path(), &["check", "/dev/zero", "timeout.go"], b"", Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("chanfix: /dev/zero: not a regular file"), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("timeout.go:15:3:"));
}

#[test]
fn standard_input_is_cut_at_the_size_limit() {
    let (ws, _) = workspace();
    let huge = vec![b' '; (32 << 20) + 1];
    let out = binary(ws.path(), &["check", "-"], &huge, Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("chanfix: <stdin>: file too large"), "{}", text(&out.stderr));
}

#[test]
fn an_empty_path_is_an_error_not_the_root_directory() {
    let (ws, _) = workspace();
    for mode in ["check", "diff", "fix"] {
        let run = chanfix_in(ws.path(), &[mode, ""], "");
        assert_eq!(run.code, 2, "{mode}");
        assert!(run.stderr.contains("chanfix: an empty path was given"), "{}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    assert_eq!(fs::read_to_string(ws.path().join("timeout.go")).unwrap(), leaky());
}

#[test]
fn deep_source_on_stdin_gets_a_workers_stack() {
    let (ws, _) = workspace();
    // 30,000 terms in the goroutine: the analysis walks them deeply.
    let terms = vec!["x"; 30_000].join("+");
    let deep = format!("\t\tx := 1\n\t\t_ = {terms}");
    let source = leaky().replace("\t\ttime.Sleep(2 * time.Second)", &deep);
    assert!(source.len() > 60_000);
    let out = binary(ws.path(), &["check", "-"], source.as_bytes(), Duration::from_secs(120));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("abandoned-sender"), "{}", text(&out.stdout));
}

#[test]
fn a_failed_write_to_standard_output_is_an_error() {
    let (ws, _) = workspace();
    let out = Command::new(env!("CARGO_BIN_EXE_chanfix"))
        .current_dir(ws.path())
        .args(["diff", "timeout.go"])
        .stdout(fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("chanfix: cannot write to standard output:"), "{}", text(&out.stderr));
}

#[test]
fn a_closed_pipe_on_standard_output_is_quiet() {
    let (ws, _) = workspace();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chanfix"))
        .current_dir(ws.path())
        .args(["diff", "-q", "timeout.go"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `| head -1` that has what it wanted
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the diff's exit code: {}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "no panic, no error");
}
