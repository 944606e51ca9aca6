//! `close-while-sending`: a receiver closes a local channel (`close(ch)` or
//! `defer close(ch)`) while a sender goroutine may still be about to send on
//! it, or be blocked in the send. A send on a closed channel panics, so
//! this is the article's wrong fix for the abandoned sender: it turns a leak
//! into a crash. Report only: the right fix (capacity for every send, or a
//! stop channel the sender selects on) is `abandoned-sender`'s and
//! `abandoned-producer`'s business.
//!
//! The analysis: the channel is declared locally and never escapes; every
//! send is made by goroutines launched from the declaring function; the
//! closer is a receiver (it receives from or ranges over the channel) and
//! does not send; on some path it reaches the close having received fewer
//! values than the senders can send, and nothing on that path waits for the
//! senders (`wg.Wait()`, a receive from a channel a sender signals on).

use crate::channel::{self, ChannelDecl, Runner, Use, UseKind};
use crate::events::{Receives, count_nodes};
use crate::exits::Exits;
use crate::finding::{Finding, line_col};
use crate::flow::{ALL, Events, Mode, PER_BOUND, Walker};
use crate::go::{self, children, text};
use crate::loops;
use crate::rules::{Context, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

pub const RULE: Rule = Rule {
    id: "close-while-sending",
    summary: "a receiver closes a channel a goroutine may still send on; that send panics",
    doc: include_str!("README.md"),
    query: include_str!("query.scm"),
    prefilter: |src| {
        crate::prefilter::makes_channel(src)
            && crate::prefilter::launches_goroutine(src)
            && src.contains("close")
    },
    check,
};

fn check(ctx: &Context, make_call: Node) -> Vec<Finding> {
    let Some(decl) = channel::declaration(make_call, ctx.source) else { return vec![] };
    analyse(ctx, &decl).unwrap_or_default()
}

/// The first close of `decl`'s channel that may run while a sender still
/// sends, if any. For other rules: capacity or a stop channel does not make
/// such a close safe, so a fix of theirs that leaves it in place still panics.
pub fn unsafe_close<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>) -> Option<usize> {
    analyse(ctx, decl)?.first().map(|f| f.range.start)
}

/// Every send on the channel, select cases included: any of them panics
/// once the channel is closed.
struct AllSends {
    ids: HashSet<usize>,
}

impl Events for AllSends {
    fn count(&self, node: Node) -> u64 {
        count_nodes(node, &self.ids)
    }
}

/// The sender goroutines: their sends, and the most they send in all.
struct Senders<'t> {
    sends: Vec<Node<'t>>,
    most: u64,
    /// Channels the senders send on or close besides this one, and whether
    /// they call `Done()`: signals a closer may wait for.
    signals: HashSet<String>,
    signals_done: bool,
    /// Channels the senders receive from: a closer that sends on one of
    /// them paces the senders (request/reply), which this rule does not
    /// untangle.
    paced_by: HashSet<String>,
    /// The bound of the loop that launches one sender per iteration, if one does.
    key: Option<String>,
}

fn analyse<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>) -> Option<Vec<Finding>> {
    let source = ctx.source;
    let uses = decl.uses(source)?;
    if uses.iter().any(|u| u.kind == UseKind::Escape) {
        return None;
    }
    let senders = senders(ctx, decl, &uses)?;
    let mut findings = Vec::new();
    for close in uses.iter().filter(|u| u.kind == UseKind::Close) {
        let closer = channel::runner(close.node, decl.function, ctx.source);
        let receives_here = |u: &&Use| {
            matches!(u.kind, UseKind::Receive | UseKind::Range)
                && channel::runner(u.node, decl.function, ctx.source) == closer
        };
        if closer == Runner::Opaque || !uses.iter().any(|u| receives_here(&u)) {
            continue;
        }
        let events = Receives::new(
            source,
            uses.iter().filter(receives_here).map(|u| u.node).collect(),
            uses.iter().filter(|u| u.kind == UseKind::Range).map(|u| u.node.id()).collect(),
            senders.key.clone(),
        );
        let root = closer_root(decl, closer)?;
        if paces(ctx.source, root, &senders) {
            continue;
        }
        let Some(received) = received_before(source, close.node, root, &events, &senders) else { continue };
        // Sends in a loop count as unbounded; a closer that took a counted
        // number of values may well have taken them all: stay silent.
        let comparable = senders.most < ALL || received < 2;
        if comparable && received < senders.most {
            findings.push(report(ctx, decl, close.node, &senders));
        }
    }
    Some(findings)
}

fn senders<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>, uses: &[Use<'t>]) -> Option<Senders<'t>> {
    let mut launches: Vec<Node> = Vec::new();
    let mut sends = Vec::new();
    for u in uses.iter().filter(|u| u.kind == UseKind::Send) {
        match channel::runner(u.node, decl.function, ctx.source) {
            Runner::Goroutine(g) => {
                if !launches.iter().any(|l| l.id() == g.id()) {
                    launches.push(g);
                }
                sends.push(u.node);
            }
            _ => return None, // the declaring function sends: its own close is its business
        }
    }
    if sends.is_empty() {
        return None;
    }
    let events = AllSends { ids: sends.iter().map(|s| s.id()).collect() };
    let walker = Walker { source: ctx.source, mode: Mode::Most, events: &events, exits: ctx.exits };
    let mut most: u64 = 0;
    let mut key: Option<Option<String>> = None; // the one loop bound of looped launches
    let scope = decl.statement.parent()?;
    let mut signals = HashSet::new();
    let mut signals_done = false;
    let mut paced_by = HashSet::new();
    for go_stmt in launches {
        let body = channel::launched_literal(go_stmt)?.child_by_field_name("body")?;
        let count = walker.leaving(&walker.block(&go::statements(body))?)?.count;
        // One goroutine per iteration of a bounded loop sends PER_BOUND
        // values in all, as a receive loop with the same bound takes.
        // A literal bound counts as itself, as receive loops count it.
        let per_bound = |k: &str| k.parse::<u64>().unwrap_or(PER_BOUND);
        let copies = match loops::enclosing(go_stmt, scope).as_slice() {
            [] => 1,
            [one] if count <= 1 => match (loops::bound(ctx.source, *one), &key) {
                (Some(b), None) => {
                    let copies = per_bound(&b.key);
                    key = Some(Some(b.key));
                    copies
                }
                (Some(b), Some(Some(k))) if *k == b.key => per_bound(k),
                _ => {
                    key = Some(None);
                    ALL
                }
            },
            _ => ALL,
        };
        most = most.saturating_add(count.saturating_mul(copies));
        for n in go::descendants(body) {
            match n.kind() {
                "unary_expression" if text(n, ctx.source).starts_with("<-") => {
                    paced_by
                        .extend(n.child_by_field_name("operand").map(|o| text(o, ctx.source).to_string()));
                }
                "range_clause" => {
                    paced_by.extend(n.child_by_field_name("right").map(|r| text(r, ctx.source).to_string()));
                }
                "send_statement" if !events.ids.contains(&n.id()) => {
                    signals.extend(n.child_by_field_name("channel").map(|c| text(c, ctx.source).to_string()));
                }
                "call_expression" => {
                    let function = n.child_by_field_name("function").map_or("", |f| text(f, ctx.source));
                    signals_done |= function.ends_with(".Done");
                    if function == "close" {
                        let args = n.child_by_field_name("arguments").map(children).unwrap_or_default();
                        signals.extend(args.first().map(|a| text(*a, ctx.source).to_string()));
                    }
                }
                _ => {}
            }
        }
    }
    sends.sort_by_key(|s| s.start_byte());
    let key = key.flatten().filter(|_| most < ALL);
    Some(Senders { sends, most, key, signals, signals_done, paced_by })
}

/// The code the closer runs: the declaring function's body, or the body of
/// the receiver goroutine.
fn closer_root<'t>(decl: &ChannelDecl<'t>, closer: Runner<'t>) -> Option<Node<'t>> {
    match closer {
        Runner::Goroutine(g) => channel::launched_literal(g)?.child_by_field_name("body"),
        _ => decl.function.child_by_field_name("body"),
    }
}

/// Whether the closer sends on a channel the senders receive from: they
/// answer its requests, and their sends follow its own.
fn paces(source: &str, root: Node, senders: &Senders) -> bool {
    go::descendants_outside_closures(root).into_iter().any(|n| {
        n.kind() == "send_statement"
            && n.child_by_field_name("channel").is_some_and(|c| senders.paced_by.contains(text(c, source)))
    })
}

/// The fewest values the closer has received when its close runs: along the
/// statements that lead to the close for `close(ch)`, on every way out for
/// `defer close(ch)`. `None` when the close cannot be reached or something
/// on the way waits for the senders.
fn received_before(
    source: &str,
    close: Node,
    root: Node,
    events: &Receives,
    senders: &Senders,
) -> Option<u64> {
    let exits = Exits::none();
    let walker = Walker { source, mode: Mode::Fewest, events, exits: &exits };
    let statement =
        close.parent().filter(|p| matches!(p.kind(), "expression_statement" | "defer_statement"))?;
    let mut path: Vec<Node> = Vec::new();
    let received = if statement.kind() == "defer_statement" {
        path = go::statements(root);
        walker.leaving(&walker.block(&path)?)?.count
    } else {
        let mut total: u64 = 0;
        let mut cur = statement;
        while cur.id() != root.id() {
            let parent = cur.parent()?;
            match parent.kind() {
                "statement_list" => {
                    let before: Vec<Node> =
                        children(parent).into_iter().filter(|s| s.end_byte() <= cur.start_byte()).collect();
                    total = total.saturating_add(walker.block(&before)?.fall?.count);
                    path.extend(before);
                }
                "communication_case" => {
                    total += parent.child_by_field_name("communication").map_or(0, |c| events.count(c));
                    path.extend(parent.child_by_field_name("communication"));
                }
                "if_statement" => {
                    for field in ["initializer", "condition"] {
                        total += parent.child_by_field_name(field).map_or(0, |n| events.count(n));
                    }
                }
                "for_statement" if events.ranges_over_channel(parent) => total += 1,
                _ => {}
            }
            cur = parent;
        }
        total
    };
    (!waits_for_senders(source, &path, senders)).then_some(received)
}

/// Whether any of `stmts` waits on something the senders signal: a
/// `.Wait()` (their `wg.Done()`), or a receive from a channel they send on
/// or close.
fn waits_for_senders(source: &str, stmts: &[Node], senders: &Senders) -> bool {
    stmts.iter().flat_map(|s| go::descendants_outside_closures(*s)).any(|n| match n.kind() {
        "call_expression" => {
            let function = n.child_by_field_name("function").map_or("", |f| text(f, source));
            function.ends_with(".Wait") || (senders.signals_done && function.ends_with(".Done"))
        }
        "unary_expression" if text(n, source).starts_with("<-") => {
            n.child_by_field_name("operand").is_some_and(|o| senders.signals.contains(text(o, source)))
        }
        _ => false,
    })
}

fn report(ctx: &Context, decl: &ChannelDecl, close: Node, senders: &Senders) -> Finding {
    let source = ctx.source;
    let name = decl.name(source);
    let send = senders.sends[0];
    let (line, col) = line_col(source, send.start_byte());
    let send_text = text(send, source).lines().next().unwrap_or("").trim();
    let message = format!(
        "close({name}) may run while a goroutine still sends on it: `{send_text}` at {}:{line}:{col} would panic (send on closed channel)",
        ctx.path
    );
    let reason = format!(
        "only a sender may close {name}; to release a sender the receiver abandons, give {name} capacity for every send, or give the sender a stop channel to select on and close that instead"
    );
    Finding::unfixed(RULE.id, close.byte_range(), message, reason)
}
