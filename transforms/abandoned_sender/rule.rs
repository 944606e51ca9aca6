//! `abandoned-sender`: a goroutine sends once on an unbuffered local channel
//! while the receiver can leave (a select case wins, it returns, panics or
//! breaks out) without receiving. The sender then blocks forever. The fix
//! gives the channel capacity for every send that may go unreceived, so no
//! sender can block; `defer close(ch)` would not help (a send on a closed
//! channel panics).
//!
//! The analysis, in order: the channel is declared locally and never escapes;
//! every send is made by a `go func(){...}()` closure launched from the
//! declaring function; each such sender sends at most once per run (counted
//! over its paths); the declaring function is the only receiver, and on some
//! path it receives fewer values than can be sent. Anything else is left
//! alone. A finding whose fix might change behaviour beyond releasing the
//! sender (it keeps working after the send, like a handshake) is reported
//! without a fix.

use crate::channel::{self, ChannelDecl, Runner, Use, UseKind};
use crate::events::{self, Receives, Sends};
use crate::finding::{Edit, Finding, Fix, line_col};
use crate::flow::{Mode, Walker};
use crate::go::{self, children, text};
use crate::loops;
use crate::rules::{Context, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

mod bound;

pub const RULE: Rule = Rule {
    id: "abandoned-sender",
    summary: "a goroutine sends once on an unbuffered channel the receiver may stop reading; give it capacity",
    doc: include_str!("README.md"),
    query: include_str!("query.scm"),
    prefilter: |src| crate::prefilter::makes_channel(src) && crate::prefilter::launches_goroutine(src),
    check,
};

fn check(ctx: &Context, make_call: Node) -> Vec<Finding> {
    let Some(decl) = channel::declaration(make_call, ctx.source) else { return vec![] };
    analyse(ctx, &decl).into_iter().collect()
}

/// The sender goroutines of one channel, as far as the analysis needs them.
struct Senders<'t> {
    /// The sends that can block, in source order.
    blocking: Vec<Node<'t>>,
    /// The go statements, in source order.
    launches: Vec<Node<'t>>,
    /// How many sends can happen in all: a constant and at most one loop bound.
    count: bound::Count,
    /// Why buffering might change more than the leak, if it might.
    handshake: Option<String>,
    /// Whether senders are launched in a loop.
    in_loop: bool,
}

fn analyse<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>) -> Option<Finding> {
    let source = ctx.source;
    let capacity = decl.literal_capacity(source)?;
    let uses = decl.uses(source)?;
    if uses.iter().any(|u| u.kind == UseKind::Escape) {
        return None;
    }
    if capacity > 0 {
        return None; // buffered by the author: not our call to resize it
    }
    let senders = senders(ctx, decl, &uses)?;
    let leave = receiver_leaves_early(ctx, decl, &uses, &senders)?;
    let measured = uses.iter().find(|u| u.kind == UseKind::Inspect && u.node.kind() == "call_expression");
    let measured = measured.map(|u| {
        let (line, _) = line_col(source, u.node.start_byte());
        format!("the code reads the channel's length or capacity (line {line}), which a buffer changes")
    });
    Some(report(ctx, decl, &senders, leave, measured))
}

fn senders<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>, uses: &[Use<'t>]) -> Option<Senders<'t>> {
    let mut launches: Vec<Node> = Vec::new();
    for u in uses {
        match (u.kind, channel::runner(u.node, decl.function)) {
            (UseKind::Send, Runner::Goroutine(g)) if launches.iter().any(|l| l.id() == g.id()) => {}
            (UseKind::Send, Runner::Goroutine(g)) => launches.push(g),
            (UseKind::Send, _) => return None,
            (UseKind::Receive | UseKind::Range, Runner::Maker) => {}
            (UseKind::Receive | UseKind::Range, _) => return None,
            _ => {}
        }
    }
    let mut blocking = Vec::new();
    let mut count = bound::Count::default();
    let mut handshake = None;
    let mut in_loop = false;
    for &go_stmt in &launches {
        let sends: Vec<Node> = uses
            .iter()
            .filter(|u| {
                u.kind == UseKind::Send
                    && channel::runner(u.node, decl.function) == Runner::Goroutine(go_stmt)
            })
            .map(|u| u.node)
            .filter(|s| events::blocks(*s))
            .collect();
        if sends.is_empty() {
            continue;
        }
        let body = channel::launched_literal(go_stmt)?.child_by_field_name("body")?;
        let events = Sends { ids: sends.iter().map(|s| s.id()).collect() };
        let walker = Walker { source: ctx.source, mode: Mode::Most, events: &events };
        let most = walker.leaving(&walker.block(&go::statements(body))?)?.count;
        if most != 1 {
            return None; // a multi-send producer: the other rule's business
        }
        let launched = bound::launches(ctx.source, go_stmt, decl)?;
        if launched.looped() || launched.fixed > 1 {
            // Many senders: only when each one surely sends can we say
            // how many values wait for the receiver.
            in_loop = true;
            let fewest = Walker { source: ctx.source, mode: Mode::Fewest, events: &events };
            if fewest.leaving(&fewest.block(&go::statements(body))?)?.count == 0 {
                return None;
            }
        }
        count = count.plus(launched);
        if handshake.is_none() {
            handshake = sends.iter().find_map(|s| work_after_send(ctx.source, *s, body));
        }
        blocking.extend(sends);
    }
    if blocking.is_empty() {
        return None;
    }
    blocking.sort_by_key(|s| s.start_byte());
    Some(Senders { blocking, launches, count, handshake, in_loop })
}

/// Where the receiver can leave having received fewer values than the
/// senders can send: the offset where that path turned away, and the
/// offset of the end of the receiver's code (for a path that just ends).
struct Leave {
    turn: Option<usize>,
    end: usize,
}

fn receiver_leaves_early<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    uses: &[Use<'t>],
    senders: &Senders<'t>,
) -> Option<Leave> {
    let ids = |kind| uses.iter().filter(|u| u.kind == kind).map(|u| u.node.id()).collect::<HashSet<_>>();
    let events = Receives {
        source: ctx.source,
        receives: ids(UseKind::Receive),
        ranges: ids(UseKind::Range),
        key: senders.count.key.clone(),
    };
    let first_launch = senders.launches.iter().map(|l| l.start_byte()).min()?;
    let region: Vec<Node> = decl.scope().into_iter().filter(|s| s.end_byte() > first_launch).collect();
    let walker = Walker { source: ctx.source, mode: Mode::Fewest, events: &events };
    let fewest = walker.leaving(&walker.block(&region)?)?;
    if fewest.count >= senders.count.total() {
        return None;
    }
    if senders.in_loop && uses.iter().any(|u| u.kind == UseKind::Receive && in_loop_below(u.node, decl)) {
        // Many senders and receives in a loop we could not count: it may
        // well receive them all; stay silent rather than guess.
        return None;
    }
    let end = decl.statement.parent()?.end_byte();
    Some(Leave { turn: fewest.turn, end })
}

/// Whether `node` sits in a loop inside the channel's scope.
fn in_loop_below(node: Node, decl: &ChannelDecl) -> bool {
    decl.statement.parent().is_some_and(|scope| !loops::enclosing(node, scope).is_empty())
}

/// Statements a sender may run after its send without anyone noticing that
/// the send no longer waits for the receiver: logging, returning.
fn inert(stmt: Node, source: &str) -> bool {
    match stmt.kind() {
        "empty_statement" => true,
        "expression_statement" => {
            let call = text(stmt, source);
            ["fmt.Print", "log.Print", "println(", "print("].iter().any(|p| call.starts_with(p))
        }
        _ => false,
    }
}

/// Deferred calls that run after the send and do not depend on it being received.
fn inert_defer(stmt: Node, source: &str) -> bool {
    let call = text(stmt, source).trim_start_matches("defer").trim();
    call.starts_with("close(")
        || call.starts_with("cancel(")
        || [".Done()", ".Unlock()", ".RUnlock()"].iter().any(|s| call.ends_with(s))
}

/// If the sender does work after `send` (on the path where the send is
/// made), says what; buffering would let that work run before the value is
/// received, which a handshake relies on not happening.
fn work_after_send(source: &str, send: Node, body: Node) -> Option<String> {
    let mut current = send;
    while current.id() != body.id() {
        let parent = current.parent()?;
        if parent.kind() == "statement_list" {
            for next in go::children(parent).into_iter().filter(|s| s.start_byte() > current.end_byte()) {
                if next.kind() == "return_statement" || go::terminates(next, source) {
                    return deferred_work(source, body);
                }
                if !inert(next, source) {
                    let (line, _) = line_col(source, next.start_byte());
                    return Some(format!(
                        "the sender keeps working after the send (line {line}); with a buffer that work would no longer wait for the receiver"
                    ));
                }
            }
        }
        if parent.kind() == "for_statement" {
            return Some("the send is inside a loop of the sender".to_string());
        }
        current = parent;
    }
    deferred_work(source, body)
}

fn deferred_work(source: &str, body: Node) -> Option<String> {
    let defer = go::statements(body)
        .into_iter()
        .find(|s| s.kind() == "defer_statement" && !inert_defer(*s, source))?;
    let (line, _) = line_col(source, defer.start_byte());
    Some(format!("the sender defers work (line {line}) that would no longer wait for the receiver"))
}

fn report<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    senders: &Senders<'t>,
    leave: Leave,
    measured: Option<String>,
) -> Finding {
    let source = ctx.source;
    let name = decl.name(source);
    let send = senders.blocking[0];
    let message = format!(
        "goroutine can block forever sending on {name}: the receiver may {} without receiving",
        events::describe_leave(source, leave.turn, leave.end)
    );
    let range = send.byte_range();
    let has_errors = go::top_function(decl.statement).is_some_and(|f| f.has_error());
    let reason = if has_errors {
        Some("the enclosing function has syntax errors, or syntax tree-sitter-go cannot read".to_string())
    } else {
        senders.handshake.clone().or(measured).or_else(|| senders.count.unfixable_reason())
    };
    if let Some(reason) = reason {
        return Finding::unfixed(RULE.id, range, message, reason);
    }
    let capacity = senders.count.render();
    let edit = match decl.capacity {
        Some(zero) => Edit::new(zero.byte_range(), capacity.clone()),
        None => {
            let chan_type =
                children(decl.make_call.child_by_field_name("arguments").expect("make has arguments"))[0];
            Edit::insert(chan_type.end_byte(), format!(", {capacity}"))
        }
    };
    let fix =
        Fix { message: format!("give {name} capacity {capacity} so no sender can block"), edits: vec![edit] };
    Finding::fixed(RULE.id, range, message, fix)
}
