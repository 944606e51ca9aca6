//! chanfix finds goroutines that block forever on Go channels nobody will
//! use again, and rewrites the source to release them. The library holds
//! everything; `main` only calls `cli::run_with`, so the command line is tested
//! in-process with injected I/O.

pub mod align;
pub mod bound;
pub mod channel;
pub mod cli;
pub mod config;
pub mod events;
pub mod exits;
pub mod finding;
pub mod flow;
pub mod go;
pub mod loops;
pub mod lsp;
pub mod mask;
pub mod multifile;
pub mod names;
pub mod newcode;
pub mod output;
pub mod package;
pub mod pipeline;
pub mod plan;
pub mod prefilter;
pub mod read;
pub mod report;
pub mod rules;
pub mod suppress;
pub mod verify;
pub mod walk;
pub mod write;

pub use cli::{Io, run};
