//! `double-send`: a sender goroutine can send twice on a local channel
//! whose receiver takes one value. Typically an error branch sends the
//! error and falls through to the normal send — a missing `return`. The
//! receiver has gone after the first value, so the second send blocks
//! forever. When the first send is the last statement of an `if` block
//! and the fall-through only reaches the second send, the fix inserts the
//! missing `return` right after the first send; otherwise it reports.
//!
//! The analysis: the channel is declared locally and never escapes; one
//! goroutine, launched once, makes every send; the declaring function is
//! the only receiver and takes at most one value on any path (no loops, no
//! `range`); the sender can send more values than that plus the capacity.

use crate::channel::{self, ChannelDecl, Runner, Use, UseKind};
use crate::events::{Receives, count_nodes};
use crate::exits::Exits;
use crate::finding::{Edit, Finding, Fix, line_col};
use crate::flow::{Events, Mode, PER_BOUND, Walker};
use crate::go::{self, children, text};
use crate::loops;
use crate::rules::{Context, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

pub const RULE: Rule = Rule {
    id: "double-send",
    summary: "a goroutine may send twice on a channel received once (a missing return); return after the first send",
    doc: include_str!("README.md"),
    query: include_str!("query.scm"),
    prefilter: |src| {
        crate::prefilter::makes_channel(src)
            && crate::prefilter::launches_goroutine(src)
            && crate::prefilter::has_arrow(src)
    },
    check,
};

fn check(ctx: &Context, make_call: Node) -> Vec<Finding> {
    let Some(decl) = channel::declaration(make_call, ctx.source) else { return vec![] };
    analyse(ctx, &decl).into_iter().collect()
}

/// Whether this rule fixes `decl`'s channel with the missing `return`:
/// then `abandoned-producer` leaves the channel to it (one fix, not two).
pub fn fixes_missing_return<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>) -> bool {
    analyse(ctx, decl).is_some_and(|f| f.fix.is_some())
}

/// Every send on the channel, select cases included.
struct AllSends {
    ids: HashSet<usize>,
}

impl Events for AllSends {
    fn count(&self, node: Node) -> u64 {
        count_nodes(node, &self.ids)
    }
}

fn analyse<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>) -> Option<Finding> {
    let source = ctx.source;
    let capacity = decl.literal_capacity(source)?;
    let uses = decl.uses(source)?;
    if uses.iter().any(|u| matches!(u.kind, UseKind::Escape | UseKind::Range | UseKind::Close)) {
        return None;
    }
    let go_stmt = only_sender(decl, &uses, source)?;
    if uses.iter().any(|u| {
        u.kind == UseKind::Receive && channel::runner(u.node, decl.function, source) != Runner::Maker
    }) {
        return None;
    }
    let receives = uses.iter().filter(|u| u.kind == UseKind::Receive).map(|u| u.node).collect();
    let events = Receives::new(source, receives, HashSet::new(), None);
    let walker = Walker { source, mode: Mode::Most, events: &events, exits: ctx.exits };
    let taken = walker.leaving(&walker.block(&decl.scope())?)?.count;
    if taken == 0 || taken > 1 {
        return None; // nobody receives (abandoned-sender), or more than once
    }
    let literal = channel::launched_literal(go_stmt)?;
    let body = literal.child_by_field_name("body")?;
    let sends: Vec<Node> = uses.iter().filter(|u| u.kind == UseKind::Send).map(|u| u.node).collect();
    let events = AllSends { ids: sends.iter().map(|s| s.id()).collect() };
    let walker = Walker { source, mode: Mode::Most, events: &events, exits: ctx.exits };
    let most = walker.leaving(&walker.block(&go::statements(body))?)?.count;
    if most >= PER_BOUND || most <= taken + capacity || sends.len() < 2 {
        return None;
    }
    Some(report(ctx, decl, literal, &sends, taken + capacity))
}

/// The one goroutine (launched once) that makes every send.
fn only_sender<'t>(decl: &ChannelDecl<'t>, uses: &[Use<'t>], source: &str) -> Option<Node<'t>> {
    let mut sender = None;
    for u in uses.iter().filter(|u| u.kind == UseKind::Send) {
        match channel::runner(u.node, decl.function, source) {
            Runner::Goroutine(g) if sender.is_none_or(|s: Node| s.id() == g.id()) => sender = Some(g),
            _ => return None,
        }
    }
    let go_stmt = sender?;
    loops::enclosing(go_stmt, decl.function).is_empty().then_some(go_stmt)
}

fn report<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    literal: Node<'t>,
    sends: &[Node<'t>],
    room: u64,
) -> Finding {
    let source = ctx.source;
    let name = decl.name(source);
    let candidate = sends.iter().find_map(|s| missing_return(source, *s).map(|fix| (*s, fix)));
    let blocked = candidate.as_ref().and_then(|(_, fix)| fix.as_ref().err().cloned());
    let candidate = candidate.and_then(|(s, fix)| fix.ok().map(|edit| (s, edit)));
    let first = candidate.as_ref().map_or(sends[0], |(s, _)| *s);
    let second = sends.iter().find(|s| s.start_byte() > first.end_byte()).unwrap_or(&sends[1]);
    let (first_line, _) = line_col(source, first.start_byte());
    let (second_line, _) = line_col(source, second.start_byte());
    let takes = if room == 1 { "one value is".to_string() } else { format!("{room} values are") };
    let message = format!(
        "goroutine can send on {name} at line {first_line} and again at line {second_line}, but only {takes} taken (received or buffered): the extra send blocks forever"
    );
    // Reported at the declaration, ahead of the other rules' findings on
    // this channel, so that the missing `return` wins over their fixes.
    let range = decl.name.byte_range();
    let unfixed = |reason: String| Finding::unfixed(RULE.id, range.clone(), message.clone(), reason);
    if go::top_function(decl.statement).is_some_and(|f| f.has_error()) {
        return unfixed(
            "the enclosing function has syntax errors, or syntax tree-sitter-go cannot read".into(),
        );
    }
    if literal.child_by_field_name("result").is_some() {
        return unfixed("the goroutine's function returns values, so a bare `return` does not fit".into());
    }
    if let Some(reason) = blocked {
        return unfixed(reason);
    }
    let Some((send, edit)) = candidate else {
        return unfixed(format!(
            "no send on {name} is the last statement of an `if` block that falls through to another send; make every path send once (a missing return?), or give {name} capacity"
        ));
    };
    match fix_is_enough(source, literal, send, &edit, room) {
        Ok(()) => {
            let (line, _) = line_col(source, send.start_byte());
            let fix = Fix { message: format!("return after the send at line {line}"), edits: vec![edit] };
            Finding::fixed(RULE.id, range, message, fix)
        }
        Err(reason) => unfixed(reason),
    }
}

/// The `return` edit after `send` when it is the last statement of an `if`
/// block without `else` and what follows the `if` in its block leads to
/// another send; an error when the `return` would skip something others may
/// wait for. `None` when `send` is not in that shape.
fn missing_return(source: &str, send: Node) -> Option<Result<Edit, String>> {
    let list = send.parent().filter(|p| p.kind() == "statement_list")?;
    let block = list.parent().filter(|b| b.kind() == "block")?;
    let if_stmt = block.parent().filter(|i| i.kind() == "if_statement")?;
    let is_consequence = if_stmt.child_by_field_name("consequence").is_some_and(|c| c.id() == block.id());
    let last = children(list).last().is_some_and(|l| l.id() == send.id());
    if !is_consequence || !last || if_stmt.child_by_field_name("alternative").is_some() {
        return None;
    }
    let outer = if_stmt.parent().filter(|p| p.kind() == "statement_list")?;
    let skipped: Vec<Node> =
        children(outer).into_iter().filter(|s| s.start_byte() > if_stmt.end_byte()).collect();
    let channel = send.child_by_field_name("channel").map(|c| text(c, source))?;
    let next_send = skipped.iter().position(|s| {
        s.kind() == "send_statement"
            && s.child_by_field_name("channel").is_some_and(|c| text(c, source) == channel)
    })?;
    if let Some(skip) = skipped[..next_send].iter().find(|s| others_may_wait_for(source, **s)) {
        let (line, _) = line_col(source, skip.start_byte());
        return Some(Err(format!(
            "a return after the first send would skip line {line}, which others may wait for (a channel operation, a goroutine, an unlock or a signal)"
        )));
    }
    if !go::starts_line(source, send.start_byte()) {
        return Some(Err("the first send does not stand on a line of its own".into()));
    }
    // One edit from the send to the end of its line: a rule that rewrites
    // the send itself (abandoned-producer's stop channel) then overlaps it
    // and only one of the two fixes is applied.
    let Some(at) = go::after_line_end(source, send.end_byte()) else {
        return Some(Err("code follows the first send on its line".into()));
    };
    let line = format!("{}return{}", go::indentation(source, send.start_byte()), go::newline(source));
    Some(Ok(Edit::new(send.start_byte()..at, format!("{}{line}", &source[send.start_byte()..at]))))
}

/// Whether skipping `stmt` could leave someone waiting or something
/// unreleased: channel operations, goroutines, defers, and calls that
/// signal, unlock or close.
fn others_may_wait_for(source: &str, stmt: Node) -> bool {
    go::descendants(stmt).into_iter().any(|n| match n.kind() {
        "send_statement" | "go_statement" | "defer_statement" | "func_literal" => true,
        "unary_expression" => text(n, source).starts_with("<-"),
        "call_expression" => {
            let function = n.child_by_field_name("function").map_or("", |f| text(f, source));
            let method = function.rsplit('.').next().unwrap_or(function);
            matches!(
                method,
                "close"
                    | "cancel"
                    | "Done"
                    | "Unlock"
                    | "RUnlock"
                    | "Close"
                    | "Signal"
                    | "Broadcast"
                    | "Release"
                    | "Wait"
                    | "Add"
            )
        }
        _ => false,
    })
}

/// Re-counts the sender's sends with the `return` in place: the fix must
/// bring every path within what is taken.
fn fix_is_enough(source: &str, literal: Node, send: Node, edit: &Edit, room: u64) -> Result<(), String> {
    let start = literal.start_byte();
    let fixed = format!(
        "package p\nvar _ = {}{}{}\n",
        &source[start..edit.start],
        edit.replacement,
        &source[edit.end..literal.end_byte()]
    );
    let offset = "package p\nvar _ = ".len();
    let tree = go::parse(&mut go::new_parser(), &fixed).ok_or("the fixed sender does not parse")?;
    let channel = send.child_by_field_name("channel").map_or("", |c| text(c, source));
    let fixed_literal = go::descendants(tree.root_node())
        .into_iter()
        .find(|n| n.kind() == "func_literal" && n.start_byte() == offset)
        .ok_or("the fixed sender does not parse")?;
    let sends: HashSet<usize> = go::descendants(fixed_literal)
        .into_iter()
        .filter(|n| n.kind() == "send_statement")
        .filter(|n| n.child_by_field_name("channel").is_some_and(|c| text(c, &fixed) == channel))
        .map(|n| n.id())
        .collect();
    let events = AllSends { ids: sends };
    let exits = Exits::none();
    let walker = Walker { source: &fixed, mode: Mode::Most, events: &events, exits: &exits };
    let body = fixed_literal.child_by_field_name("body").ok_or("the fixed sender does not parse")?;
    let most = walker.block(&go::statements(body)).and_then(|f| walker.leaving(&f)).map(|p| p.count);
    match most {
        Some(n) if n <= room => Ok(()),
        _ => Err(
            "a return after the first send still leaves a path that sends twice; make every path send once"
                .into(),
        ),
    }
}
