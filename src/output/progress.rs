//! `files done / total` on a terminal's standard error while a long scan
//! runs, rewritten in place with a carriage return and erased at the end.

use std::io::Write;
use std::time::{Duration, Instant};

/// Runs shorter than this show nothing.
pub const DELAY: Duration = Duration::from_millis(300);

pub struct Progress {
    started: Instant,
    delay: Duration,
    shown: bool,
}

impl Progress {
    /// Shows nothing until `delay` has passed.
    pub fn new(delay: Duration) -> Self {
        Progress { started: Instant::now(), delay, shown: false }
    }

    pub fn update(&mut self, out: &mut dyn Write, done: usize, total: usize) {
        if self.started.elapsed() >= self.delay {
            let _ = write!(out, "\rchanfix: {done} / {total} files");
            let _ = out.flush();
            self.shown = true;
        }
    }

    pub fn clear(&mut self, out: &mut dyn Write) {
        if self.shown {
            let _ = write!(out, "\r\x1b[2K");
            let _ = out.flush();
            self.shown = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_in_place_and_clears() {
        let mut out = Vec::new();
        let mut p = Progress::new(Duration::ZERO);
        p.update(&mut out, 1, 3);
        p.update(&mut out, 3, 3);
        p.clear(&mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "\rchanfix: 1 / 3 files\rchanfix: 3 / 3 files\r\x1b[2K");
    }

    #[test]
    fn short_runs_show_nothing() {
        let mut out = Vec::new();
        let mut p = Progress::new(Duration::from_secs(3600));
        p.update(&mut out, 1, 3);
        p.clear(&mut out);
        assert!(out.is_empty());
    }
}
