//! ANSI colour, on or off. Five escapes do not need a crate.

use super::{ColorChoice, Terminal};

const RESET: &str = "\x1b[0m";
pub const BOLD: &str = "\x1b[1m";
pub const RED: &str = "\x1b[31m";
pub const GREEN: &str = "\x1b[32m";
pub const YELLOW: &str = "\x1b[33m";
pub const CYAN: &str = "\x1b[36m";

/// Paints text when colour is on; a no-op otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub enabled: bool,
}

impl Style {
    /// `always` and `never` mean what they say; `auto` colours a terminal
    /// unless `NO_COLOR` is set (to anything non-empty) or `TERM=dumb`.
    pub fn new(choice: ColorChoice, terminal: Terminal) -> Self {
        let env_allows = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal.stdout && env_allows,
        };
        Style { enabled }
    }

    pub fn paint(self, escape: &str, text: &str) -> String {
        if self.enabled && !text.is_empty() { format!("{escape}{text}{RESET}") } else { text.to_string() }
    }
}
