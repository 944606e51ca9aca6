//! The command line driven in-process, with an injected [`Io`]: stdin from a
//! string, stdout and stderr captured. Shared by `tests/cli.rs` and
//! `tests/formats.rs`. Included with `#[path = "support/inproc.rs"] mod inproc;`.
#![allow(dead_code)]

use chanfix::Io;
use chanfix::output::Terminal;
use serde_json::Value;
use std::cell::RefCell;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

/// A writer whose clones share one buffer, so the bytes can be read back
/// after `Io` (which owns a clone) is dropped.
#[derive(Clone, Default)]
pub struct Buf(Rc<RefCell<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buf {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.borrow().clone()).unwrap()
    }
}

/// What one in-process run of `chanfix` produced.
pub struct Run {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output parsed as JSON (panics with the text if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs `chanfix ARGS` in `cwd` with `stdin` as standard input, `terminal`
/// saying whether stdout and stderr count as terminals.
pub fn chanfix_with(cwd: &Path, args: &[&str], stdin: &str, terminal: Terminal) -> Run {
    let (out, err) = (Buf::default(), Buf::default());
    let mut io = Io {
        stdin: Box::new(std::io::Cursor::new(stdin.as_bytes().to_vec())),
        stdout: Box::new(out.clone()),
        stderr: Box::new(err.clone()),
        cwd: cwd.to_path_buf(),
    };
    let mut argv = vec!["chanfix"];
    argv.extend_from_slice(args);
    let code = chanfix::cli::run_with(argv, &mut io, terminal);
    drop(io);
    // ExitCode has no accessor; compare against the three codes we use.
    let code = [0u8, 1, 2]
        .into_iter()
        .find(|c| std::process::ExitCode::from(*c) == code)
        .expect("exit code 0, 1 or 2");
    Run { code, stdout: out.text(), stderr: err.text() }
}

/// [`chanfix_with`] with neither stream a terminal (what `chanfix::run` does).
pub fn chanfix_in(cwd: &Path, args: &[&str], stdin: &str) -> Run {
    chanfix_with(cwd, args, stdin, Terminal::default())
}
