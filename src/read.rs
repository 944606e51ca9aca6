//! Reading a file to check, safely: only regular files are read (a FIFO
//! or a device named on the command line gets a message, it does not
//! block the run or feed it endless bytes), and the size limit holds while
//! reading, whatever the metadata said.

use crate::walk::describe;
use crate::write::Stamp;
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

/// Reads the regular file at `path` into `buf` (cleared first, reused
/// across files), refusing more than `limit` bytes. Returns the file's
/// stamp as it was opened, for [`crate::write::write_atomically`].
pub fn regular_file(path: &Path, limit: u64, buf: &mut Vec<u8>) -> Result<Stamp, String> {
    buf.clear();
    let file = open_without_blocking(path).map_err(|e| describe(&e))?;
    let meta = file.metadata().map_err(|e| describe(&e))?;
    if !meta.is_file() {
        return Err("not a regular file; only regular files are read".into());
    }
    if meta.len() > limit {
        return Err(format!("file too large ({} bytes; the limit is {limit})", meta.len()));
    }
    limited(file, limit, buf)?;
    Ok(Stamp::of(&meta))
}

/// Reads at most `limit` bytes of `source` into `buf`: more is an error.
pub fn limited(source: impl Read, limit: u64, buf: &mut Vec<u8>) -> Result<(), String> {
    source.take(limit.saturating_add(1)).read_to_end(buf).map_err(|e| describe(&e))?;
    if buf.len() as u64 > limit {
        return Err(format!("file too large (more than {limit} bytes, the limit)"));
    }
    Ok(())
}

/// Opening a FIFO for reading blocks until a writer comes: open it
/// non-blocking, so that the check for a regular file can refuse it.
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::limited;

    #[test]
    fn the_limit_holds_while_reading() {
        let mut buf = Vec::new();
        assert!(limited(&b"12345"[..], 5, &mut buf).is_ok());
        assert_eq!(buf, b"12345");
        buf.clear();
        let err = limited(std::io::repeat(0), 5, &mut buf).unwrap_err();
        assert!(err.starts_with("file too large"), "{err}");
        assert_eq!(buf.len(), 6, "reads one byte past the limit, no more");
    }
}
