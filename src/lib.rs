//! chanfix finds goroutines that block forever on Go channels nobody will
//! use again, and rewrites the source to release them. The library holds
//! everything; `main` only calls `cli::run_with`, so the command line is tested
//! in-process with injected I/O.

pub mod channel;
pub mod cli;
pub mod events;
pub mod finding;
pub mod flow;
pub mod go;
pub mod loops;
pub mod output;
pub mod pipeline;
pub mod prefilter;
pub mod rules;
pub mod verify;
pub mod walk;

pub use cli::{Io, run};
