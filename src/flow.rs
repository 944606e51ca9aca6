//! Path counting over Go statements. Both transforms ask the same question
//! of a function body: "on the paths through this code, how many times does
//! an event happen?" — the most sends a sender goroutine can make in one run,
//! or the fewest receives a receiver makes before it leaves. This module
//! walks the statement structure (sequence, if, switch, select, loops,
//! labelled break/continue, return, panic) and answers with a [`Flow`]:
//! the best count on paths that fall through, that leave the function, and
//! that jump to an enclosing loop. Anything it cannot follow (goto,
//! fallthrough) makes the whole answer `None`: callers then do not fix.
//!
//! Counts are plain integers. A loop that runs once per element of a known
//! bound (the senders' loop) is counted as [`PER_BOUND`] per event so that
//! "len(xs) senders" and "len(xs) receives" compare as equal, and a receive
//! loop that drains a channel until it is closed counts as [`ALL`].

use crate::exits::{Exit, Exits};
use crate::go::{children, statements, text};
use tree_sitter::Node;

/// The count of one event per iteration of the senders' loop.
pub const PER_BOUND: u64 = 1 << 20;
/// "Every value ever sent": a range loop over the channel with no early exit.
pub const ALL: u64 = 1 << 40;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// The most events on any path (sends of a sender).
    Most,
    /// The fewest events on any path (receives of a receiver).
    Fewest,
}

/// One path class: how many events, and where the path first turned away
/// from the events (a select case with no event) and where it first left
/// (a return, a break or continue, a failing call), for messages.
#[derive(Clone, Copy, Debug)]
pub struct Path {
    pub count: u64,
    pub turn: Option<usize>,
    pub leave: Option<usize>,
}

#[derive(Clone, Debug)]
struct Jump {
    is_break: bool,
    label: Option<String>,
    path: Path,
}

#[derive(Clone, Debug, Default)]
pub struct Flow {
    pub fall: Option<Path>,
    pub exit: Option<Path>,
    jumps: Vec<Jump>,
}

/// What the walker asks of its caller.
pub trait Events {
    /// How many events happen when `node` (a simple statement or expression) runs.
    fn count(&self, node: Node) -> u64;
    /// The events of a whole loop when it is known to run once per element
    /// of the senders' bound, given the fewest events of one iteration.
    fn loop_count(&self, _for_stmt: Node, _per_iteration: u64) -> Option<u64> {
        None
    }
    /// Range over the channel itself (drains until closed).
    fn ranges_over_channel(&self, _for_stmt: Node) -> bool {
        false
    }
    /// A send that is a case of a select with other ways out does not count.
    fn counts_in_select(&self, _select: Node) -> bool {
        true
    }
    /// Whether a select case receives what the other side sends last (a
    /// send followed by `return`): once it is taken, nothing is left to send.
    fn receives_last_send(&self, _communication: Node) -> bool {
        false
    }
    /// Whether a loop only ends after a receive: `for !done { select { case
    /// <-ch: done = true; default: } }` (polling until the value arrives).
    fn ends_after_receive(&self, _for_stmt: Node) -> bool {
        false
    }
    /// Whether an `if` condition fails only once the channel is closed and
    /// drained (a flag set only before breaking out of a range over it).
    fn drained_unless(&self, _condition: Node) -> bool {
        false
    }
    /// Whether an `if` condition holds only once the channel is closed and
    /// drained (`!ok` after `v, ok := <-ch`): its branch has received all.
    fn means_closed(&self, _condition: Node) -> bool {
        false
    }
}

pub struct Walker<'a, E: Events> {
    pub source: &'a str,
    pub mode: Mode,
    pub events: &'a E,
    pub exits: &'a Exits,
}

impl Path {
    fn new(count: u64) -> Self {
        Path { count, turn: None, leave: None }
    }
    fn leaving_at(count: u64, at: usize) -> Self {
        Path { count, turn: None, leave: Some(at) }
    }
    fn then(self, next: Path) -> Path {
        Path {
            count: self.count.saturating_add(next.count),
            turn: self.turn.or(next.turn),
            leave: self.leave.or(next.leave),
        }
    }
    /// Where the path left, or else where it turned away: what a message names.
    pub fn way_out(&self) -> Option<usize> {
        self.leave.or(self.turn)
    }
}

impl<E: Events> Walker<'_, E> {
    fn best(&self, a: Option<Path>, b: Option<Path>) -> Option<Path> {
        match (a, b) {
            (Some(x), Some(y)) => Some(match self.mode {
                Mode::Most if y.count > x.count => y,
                Mode::Fewest if y.count < x.count => y,
                _ => x,
            }),
            (x, None) => x,
            (None, y) => y,
        }
    }

    fn simple(count: u64) -> Flow {
        Flow { fall: Some(Path::new(count)), ..Flow::default() }
    }

    fn seq(&self, a: Flow, b: Flow) -> Flow {
        let Some(prefix) = a.fall else { return a };
        let shift = |p: Path| prefix.then(p);
        let mut jumps = a.jumps;
        jumps.extend(b.jumps.into_iter().map(|j| Jump { path: shift(j.path), ..j }));
        Flow { fall: b.fall.map(shift), exit: self.best(a.exit, b.exit.map(shift)), jumps }
    }

    fn alt(&self, a: Flow, b: Flow) -> Flow {
        let mut jumps = a.jumps;
        jumps.extend(b.jumps);
        Flow { fall: self.best(a.fall, b.fall), exit: self.best(a.exit, b.exit), jumps }
    }

    /// The flow of a statement list.
    pub fn block(&self, stmts: &[Node]) -> Option<Flow> {
        let mut flow = Self::simple(0);
        for stmt in stmts {
            flow = self.seq(flow, self.stmt(*stmt, None)?);
            if flow.fall.is_none() {
                break;
            }
        }
        Some(flow)
    }

    /// Paths leaving the analysed code: falling off its end, returning, or
    /// jumping to a loop outside it.
    pub fn leaving(&self, flow: &Flow) -> Option<Path> {
        let jumps = flow.jumps.iter().map(|j| Some(j.path)).fold(None, |a, b| self.best(a, b));
        self.best(self.best(flow.fall, flow.exit), jumps)
    }

    /// The path through one iteration of `for_stmt`'s body that goes round
    /// again (falls off the body's end or continues this loop), with the
    /// best count for the mode; a count of [`ALL`] when no path goes round,
    /// `None` when the body cannot be followed.
    pub fn round(&self, for_stmt: Node) -> Option<Path> {
        let label = for_stmt
            .parent()
            .filter(|p| p.kind() == "labeled_statement")
            .and_then(|p| p.child_by_field_name("label"))
            .map(|l| text(l, self.source));
        let mut body = self.stmt(for_stmt.child_by_field_name("body")?, None)?;
        let (_, continues) = self.take_jumps(&mut body, label, true);
        Some(self.best(body.fall, continues).unwrap_or(Path::new(ALL)))
    }

    fn stmt(&self, stmt: Node, label: Option<&str>) -> Option<Flow> {
        let _nesting = Nesting::enter()?;
        let s = self.source;
        Some(match stmt.kind() {
            "block" | "statement_list" => self.block(&statements(stmt))?,
            "labeled_statement" => {
                let name = stmt.child_by_field_name("label").map(|l| text(l, s));
                let inner = children(stmt).into_iter().find(|c| c.kind() != "label_name");
                match inner {
                    Some(inner) => self.stmt(inner, name)?,
                    None => Self::simple(0),
                }
            }
            "if_statement" => self.if_stmt(stmt)?,
            "for_statement" => self.for_stmt(stmt, label)?,
            "select_statement" => self.select_stmt(stmt, label)?,
            "expression_switch_statement" | "type_switch_statement" => self.switch_stmt(stmt, label)?,
            // Returning from `main` ends the process: nothing is left to leak.
            "return_statement" if crate::exits::returns_from_main(stmt, s) => Flow::default(),
            "return_statement" => {
                let path = Path::leaving_at(self.events.count(stmt), stmt.start_byte());
                Flow { exit: Some(path), ..Flow::default() }
            }
            "break_statement" | "continue_statement" => {
                let label = children(stmt).first().map(|l| text(*l, s).to_string());
                let path = Path::leaving_at(0, stmt.start_byte());
                Flow {
                    jumps: vec![Jump { is_break: stmt.kind() == "break_statement", label, path }],
                    ..Flow::default()
                }
            }
            "goto_statement" | "fallthrough_statement" => return None,
            "expression_statement" => {
                let count = self.events.count(stmt);
                let leave = Path::leaving_at(count, stmt.start_byte());
                match self.exits.statement(stmt, s) {
                    None => Self::simple(count),
                    Some(Exit::Goroutine) => Flow { exit: Some(leave), ..Flow::default() },
                    // The process ends: nothing is left to leak on this path.
                    Some(Exit::Process) => Flow::default(),
                    Some(Exit::Maybe) => {
                        Flow { fall: Some(Path::new(count)), exit: Some(leave), ..Flow::default() }
                    }
                }
            }
            _ => Self::simple(self.events.count(stmt)),
        })
    }

    fn if_stmt(&self, stmt: Node) -> Option<Flow> {
        let mut head = 0;
        for field in ["initializer", "condition"] {
            if let Some(n) = stmt.child_by_field_name(field) {
                head += self.events.count(n);
            }
        }
        let mut then = self.stmt(stmt.child_by_field_name("consequence")?, None)?;
        if self.mode == Mode::Fewest
            && stmt.child_by_field_name("condition").is_some_and(|c| self.events.means_closed(c))
        {
            then = self.seq(Self::simple(ALL), then);
        }
        let mut other = match stmt.child_by_field_name("alternative") {
            Some(alt) => self.stmt(alt, None)?,
            None => Self::simple(0),
        };
        if self.mode == Mode::Fewest
            && stmt.child_by_field_name("condition").is_some_and(|c| self.events.drained_unless(c))
        {
            other = self.seq(Self::simple(ALL), other);
        }
        Some(self.seq(Self::simple(head), self.alt(then, other)))
    }

    /// Consumes the jumps that target this statement: `break` (unlabelled or
    /// with its label) becomes a fall-through; for loops, `continue` goes
    /// round again and is returned separately.
    fn take_jumps(
        &self,
        flow: &mut Flow,
        label: Option<&str>,
        is_loop: bool,
    ) -> (Option<Path>, Option<Path>) {
        let mut breaks = None;
        let mut continues = None;
        let mut rest = Vec::new();
        for jump in flow.jumps.drain(..) {
            let ours = match &jump.label {
                None => jump.is_break || is_loop,
                Some(l) => Some(l.as_str()) == label && (jump.is_break || is_loop),
            };
            match (ours, jump.is_break) {
                (true, true) => breaks = self.best(breaks, Some(jump.path)),
                (true, false) => continues = self.best(continues, Some(jump.path)),
                (false, _) => rest.push(jump),
            }
        }
        flow.jumps = rest;
        (breaks, continues)
    }

    fn for_stmt(&self, stmt: Node, label: Option<&str>) -> Option<Flow> {
        let body_node = stmt.child_by_field_name("body")?;
        let mut body = self.stmt(body_node, None)?;
        let (breaks, continues) = self.take_jumps(&mut body, label, true);
        let header = children(stmt).into_iter().find(|c| c.kind() != "block");
        let head = header.map_or(0, |h| if h.kind() == "for_clause" { 0 } else { self.events.count(h) });
        let infinite = header.is_none()
            || header
                .is_some_and(|h| h.kind() == "for_clause" && h.child_by_field_name("condition").is_none());
        let round = self.best(body.fall, continues);
        let fall = match self.mode {
            Mode::Fewest if self.events.ranges_over_channel(stmt) => self.best(Some(Path::new(ALL)), breaks),
            // A loop counted like the senders' (`for range xs` against one
            // sender per element): finishing it receives them all; its
            // early ways out (a return, a break) are paths of their own.
            Mode::Fewest => match round.and_then(|r| self.events.loop_count(stmt, r.count)) {
                Some(n) if body.jumps.is_empty() => self.best(Some(Path::new(n)), breaks),
                _ if self.events.ends_after_receive(stmt) => self.best(Some(Path::new(1)), breaks),
                _ => self.best(if infinite { None } else { Some(Path::new(0)) }, breaks),
            },
            Mode::Most => {
                if round.is_some_and(|p| p.count > 0) {
                    // Events on a path that goes round again: unbounded.
                    return Some(Flow { fall: Some(Path::new(ALL)), ..Flow::default() });
                }
                self.best(if infinite { None } else { Some(Path::new(0)) }, breaks)
            }
        };
        let exit = body.exit;
        Some(self.seq(Self::simple(head), Flow { fall, exit, jumps: body.jumps }))
    }

    fn select_stmt(&self, stmt: Node, label: Option<&str>) -> Option<Flow> {
        let cases: Vec<Node> = children(stmt);
        let counted = self.events.counts_in_select(stmt);
        let mut flow: Option<Flow> = None;
        for case in &cases {
            let comm = case.child_by_field_name("communication");
            let hits = match comm {
                Some(c) if self.mode == Mode::Fewest && self.events.receives_last_send(c) => ALL,
                Some(c) if counted => self.events.count(c),
                _ => 0,
            };
            let turn = (self.mode == Mode::Fewest && hits == 0).then(|| case.start_byte());
            let head = Flow { fall: Some(Path { count: hits, turn, leave: None }), ..Flow::default() };
            let body = self.seq(head, self.block(&statements(*case))?);
            flow = Some(match flow {
                Some(f) => self.alt(f, body),
                None => body,
            });
        }
        let mut flow = flow.unwrap_or_default(); // `select {}` blocks forever
        let (breaks, _) = self.take_jumps(&mut flow, label, false);
        flow.fall = self.best(flow.fall, breaks);
        Some(flow)
    }

    fn switch_stmt(&self, stmt: Node, label: Option<&str>) -> Option<Flow> {
        let mut head = 0;
        for field in ["initializer", "value"] {
            if let Some(n) = stmt.child_by_field_name(field) {
                head += self.events.count(n);
            }
        }
        let cases: Vec<Node> = children(stmt)
            .into_iter()
            .filter(|c| matches!(c.kind(), "expression_case" | "type_case" | "default_case"))
            .collect();
        let mut flow =
            if cases.iter().any(|c| c.kind() == "default_case") { None } else { Some(Self::simple(0)) };
        for case in cases {
            let value = case.child_by_field_name("value").map_or(0, |v| self.events.count(v));
            let body = self.seq(Self::simple(value), self.block(&statements(case))?);
            flow = Some(match flow {
                Some(f) => self.alt(f, body),
                None => body,
            });
        }
        let mut flow = flow.unwrap_or_else(|| Self::simple(0));
        let (breaks, _) = self.take_jumps(&mut flow, label, false);
        flow.fall = self.best(flow.fall, breaks);
        Some(self.seq(Self::simple(head), flow))
    }
}

/// How deeply statements may nest before the walker gives up on the code
/// (no answer, so no finding): it recurses once per level, and must not
/// exhaust the stack on generated code with thousands of nested blocks.
pub const MAX_NESTING: usize = 1_000;

thread_local! {
    static NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of statement nesting being walked on this thread.
struct Nesting;

impl Nesting {
    fn enter() -> Option<Nesting> {
        let depth = NESTING.with(|n| n.get());
        if depth >= MAX_NESTING {
            return None;
        }
        NESTING.with(|n| n.set(depth + 1));
        Some(Nesting)
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        NESTING.with(|n| n.set(n.get() - 1));
    }
}
