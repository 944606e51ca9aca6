//! The events both rules count with [`crate::flow`]: the blocking sends of a
//! sender or producer, and the receives of a receiver or consumer, including
//! loops that receive once per iteration of the senders' loop.

use crate::finding::line_col;
use crate::flow::{Events, PER_BOUND};
use crate::go::{self, Visit, children};
use crate::loops;
use std::collections::HashSet;
use tree_sitter::Node;

/// How many of `ids` lie under `node`, not counting inside closures.
pub fn count_nodes(node: Node, ids: &HashSet<usize>) -> u64 {
    let mut count = 0;
    go::preorder(node, |n| {
        if ids.contains(&n.id()) {
            count += 1;
            Visit::Skip
        } else if n.kind() == "func_literal" {
            Visit::Skip
        } else {
            Visit::Enter
        }
    });
    count
}

/// A send blocks unless it is a case of a select with another way out.
pub fn blocks(send: Node) -> bool {
    match send.parent() {
        Some(case) if case.kind() == "communication_case" => {
            case.parent().is_some_and(|select| children(select).len() == 1)
        }
        _ => true,
    }
}

/// The blocking sends of one goroutine.
pub struct Sends {
    pub ids: HashSet<usize>,
}

impl Events for Sends {
    fn count(&self, node: Node) -> u64 {
        count_nodes(node, &self.ids)
    }
    fn counts_in_select(&self, select: Node) -> bool {
        children(select).len() == 1
    }
}

/// The receives of the receiving side.
pub struct Receives<'a> {
    pub source: &'a str,
    /// `<-ch` expressions.
    pub receives: HashSet<usize>,
    /// `for v := range ch` statements.
    pub ranges: HashSet<usize>,
    /// The bound of the loop that launches the senders, if one does.
    pub key: Option<String>,
}

impl Events for Receives<'_> {
    fn count(&self, node: Node) -> u64 {
        count_nodes(node, &self.receives)
    }
    fn ranges_over_channel(&self, for_stmt: Node) -> bool {
        self.ranges.contains(&for_stmt.id())
    }
    fn loop_count(&self, for_stmt: Node, per_iteration: u64) -> Option<u64> {
        let key = loops::bound(self.source, for_stmt)?.key;
        let iterations = match key.parse::<u64>() {
            Ok(n) => n,
            Err(_) if Some(&key) == self.key.as_ref() => PER_BOUND,
            Err(_) => return None,
        };
        Some(per_iteration.saturating_mul(iterations))
    }
}

/// How the receiving side leaves, for messages: the path's turn (a select
/// case, a return, a break) or, when it just runs out, the end of its code.
pub fn describe_leave(source: &str, turn: Option<usize>, end: usize) -> String {
    let Some(at) = turn else {
        let (line, _) = line_col(source, end.saturating_sub(1));
        return format!("reach the end of its code at line {line}");
    };
    let (line, _) = line_col(source, at);
    let rest = &source[at..];
    let first_line = rest.lines().next().unwrap_or("").trim_end();
    if rest.starts_with("case") || rest.starts_with("default") {
        format!("take the select case `{}` (line {line})", first_line.trim_end_matches(':'))
    } else {
        let word = rest.split(|c: char| !c.is_alphanumeric() && c != '.').next().unwrap_or("");
        format!("leave by `{word}` at line {line}")
    }
}
