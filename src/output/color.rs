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
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Self::decide(choice, terminal, no_color || dumb)
    }

    /// The decision, with the environment's veto (`NO_COLOR`, `TERM=dumb`) given.
    pub fn decide(choice: ColorChoice, terminal: Terminal, env_vetoes: bool) -> Self {
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal.stdout && !env_vetoes,
        };
        Style { enabled }
    }

    pub fn paint(self, escape: &str, text: &str) -> String {
        if self.enabled && !text.is_empty() { format!("{escape}{text}{RESET}") } else { text.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_needs_a_terminal_and_no_veto() {
        let tty = Terminal { stdout: true, stderr: false };
        assert!(Style::decide(ColorChoice::Auto, tty, false).enabled);
        assert!(!Style::decide(ColorChoice::Auto, tty, true).enabled, "NO_COLOR wins over auto");
        assert!(!Style::decide(ColorChoice::Auto, Terminal::default(), false).enabled);
        assert!(Style::decide(ColorChoice::Always, Terminal::default(), true).enabled, "always wins");
        assert!(!Style::decide(ColorChoice::Never, tty, false).enabled);
    }

    #[test]
    fn paints_only_when_enabled() {
        assert_eq!(Style { enabled: true }.paint(RED, "x"), "\x1b[31mx\x1b[0m");
        assert_eq!(Style { enabled: false }.paint(RED, "x"), "x");
    }
}
