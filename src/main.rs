use std::process::ExitCode;

fn main() -> ExitCode {
    // A fix interrupted by SIGINT/SIGTERM leaves no temporary file behind.
    if let Err(e) = chanfix::write::remove_temporaries_on_signals() {
        eprintln!("chanfix: cannot watch for signals: {e}");
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let mut io = chanfix::Io {
        stdin: Box::new(std::io::stdin()),
        stdout: Box::new(std::io::BufWriter::new(std::io::stdout())),
        stderr: Box::new(std::io::stderr()),
        cwd,
    };
    chanfix::cli::run_with(std::env::args_os(), &mut io, chanfix::output::Terminal::detect())
}
