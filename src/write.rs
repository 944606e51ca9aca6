//! Writing a fixed file without ever leaving it half-written, with other
//! permissions, split from its hard links, or over an editor's save.
//!
//! The new text goes to a temporary file created exclusively (random name,
//! `O_CREAT|O_EXCL`) in the file's own directory, gets the file's mode,
//! owner and group, and is renamed over the file only after its size,
//! modification time and content are checked once more against what
//! chanfix read. Read-only files and files with several hard links are
//! refused. Temporaries being written are registered, so that SIGINT and
//! SIGTERM remove them before the process dies; those of a run that was
//! killed harder are removed by the next run that writes to the directory.

use crate::walk::describe;
use std::fs::{File, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

/// What a file looked like when chanfix read it (or last wrote it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Stamp {
        Stamp { len: meta.len(), modified: meta.modified().ok() }
    }
}

/// The temporaries being written right now, removed on SIGINT/SIGTERM.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The tag in every temporary's name: `.NAME.chanfix-PID-RANDOM.tmp`.
const TAG: &str = ".chanfix-";
const SUFFIX: &str = ".tmp";
const RANDOM_CHARS: usize = 8;

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes `fixed` over `path`, which chanfix read as `original` with
/// `stamp`, through a temporary in the same directory and a rename. A
/// symbolic link is kept: its target is written. Returns the new stamp.
pub fn write_atomically(path: &Path, original: &str, stamp: Stamp, fixed: &str) -> Result<Stamp, String> {
    let path = std::fs::canonicalize(path).map_err(|e| describe(&e))?;
    let meta = std::fs::metadata(&path).map_err(|e| describe(&e))?;
    refuse_unsafe(&meta)?;
    check_unchanged(&path, original, stamp)?;
    let dir = path.parent().ok_or("no parent directory")?;
    let name = path.file_name().ok_or("no file name")?.to_string_lossy();
    let mut temp = create_temporary(dir, &name).map_err(|e| format!("cannot write: {}", describe(&e)))?;
    let temp_path = temp.path().to_path_buf();
    let result = fill(temp.as_file_mut(), fixed, &meta)
        .and_then(|()| temp.as_file().metadata())
        .map_err(|e| format!("cannot write: {}", describe(&e)))
        .and_then(|new| {
            check_unchanged(&path, original, stamp)?;
            let mut registry = in_flight();
            let renamed = temp.persist(&path);
            registry.retain(|p| *p != temp_path);
            renamed.map(|_| Stamp::of(&new)).map_err(|e| format!("cannot replace: {}", describe(&e.error)))
        });
    // On an error the temporary was dropped, which removed it.
    in_flight().retain(|p| *p != temp_path);
    result
}

/// Files chanfix must not replace by a rename.
fn refuse_unsafe(meta: &Metadata) -> Result<(), String> {
    if !meta.is_file() {
        return Err("not a regular file; not written".into());
    }
    #[cfg(not(unix))]
    {
        if meta.permissions().readonly() {
            return Err(format!("file is read-only{}; not written", mode_note(meta)));
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.mode() & 0o200 == 0 {
            return Err(format!("file is read-only{}; not written", mode_note(meta)));
        }
        if meta.nlink() > 1 {
            return Err(format!(
                "file has {} hard links, and replacing it would split them; not written",
                meta.nlink()
            ));
        }
    }
    Ok(())
}

fn mode_note(meta: &Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        format!(" (mode {:04o})", meta.mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        String::new()
    }
}

/// The file must still be what chanfix read: same size, same modification
/// time, same bytes.
fn check_unchanged(path: &Path, original: &str, stamp: Stamp) -> Result<(), String> {
    const CHANGED: &str = "changed on disk since chanfix read it; not written";
    let meta = std::fs::metadata(path).map_err(|e| describe(&e))?;
    if Stamp::of(&meta) != stamp {
        return Err(CHANGED.into());
    }
    let now = std::fs::read(path).map_err(|e| describe(&e))?;
    if now != original.as_bytes() {
        return Err(CHANGED.into());
    }
    Ok(())
}

/// Creates `.NAME.chanfix-PID-RANDOM.tmp` in `dir` exclusively and
/// registers it for removal on a signal. The temporary is removed when
/// dropped, unless persisted.
fn create_temporary(dir: &Path, name: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let mut registry = in_flight();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}{TAG}{}-", std::process::id()))
        .suffix(SUFFIX)
        .rand_bytes(RANDOM_CHARS)
        .tempfile_in(dir)?;
    registry.push(temp.path().to_path_buf());
    Ok(temp)
}

/// Writes the text to the temporary and gives it the original's mode,
/// owner and group.
fn fill(file: &mut File, text: &str, original: &Metadata) -> std::io::Result<()> {
    file.write_all(text.as_bytes())?;
    file.set_permissions(original.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::os::unix::fs::fchown(&*file, Some(original.uid()), Some(original.gid()))?;
    }
    file.sync_all()
}

/// On SIGINT or SIGTERM, removes the temporaries being written, then dies
/// of the signal as it would have. The binary calls this once at start.
#[cfg(unix)]
pub fn remove_temporaries_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Holding the registry: no write can start or finish meanwhile.
            let mut registry = in_flight();
            for path in registry.drain(..) {
                let _ = std::fs::remove_file(path);
            }
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn remove_temporaries_on_signals() -> std::io::Result<()> {
    Ok(())
}

/// Removes the temporaries that earlier chanfix runs left in `dir` when
/// they were killed (a process that is gone cannot finish its rename).
/// Only names of exactly chanfix's pattern, of regular files, are touched.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else { continue };
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a name `.NAME.chanfix-PID-RANDOM.tmp`, when the name
/// is exactly of that form.
pub fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(SUFFIX)?;
    let (file, tail) = rest.rsplit_once(TAG)?;
    let (pid, random) = tail.split_once('-')?;
    let valid = !file.is_empty()
        && random.len() == RANDOM_CHARS
        && random.bytes().all(|b| b.is_ascii_alphanumeric())
        && !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| pid.parse().ok()).flatten()
}

/// Whether process `pid` still runs. Where that cannot be told (no
/// `/proc`), it is assumed to run: its temporary is left alone.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::temporary_pid;

    #[test]
    fn only_chanfix_temporaries_match() {
        assert_eq!(temporary_pid(".main.go.chanfix-42-aB3dE6gH.tmp"), Some(42));
        assert_eq!(temporary_pid(".a.chanfix-b.go.chanfix-7-aB3dE6gH.tmp"), Some(7));
        assert_eq!(temporary_pid(".main.go.chanfix-42.tmp"), None, "no random part");
        assert_eq!(temporary_pid(".main.go.chanfix-42-aB3dE6g.tmp"), None, "7 random chars");
        assert_eq!(temporary_pid(".main.go.chanfix-4x-aB3dE6gH.tmp"), None);
        assert_eq!(temporary_pid("main.go.chanfix-42-aB3dE6gH.tmp"), None, "no leading dot");
        assert_eq!(temporary_pid(".chanfix-42-aB3dE6gH.tmp"), None, "no file name");
        assert_eq!(temporary_pid(".main.go.chanfix-42-aB3dE6gH.tmp.go"), None);
    }
}
