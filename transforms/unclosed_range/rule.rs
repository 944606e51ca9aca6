//! `unclosed-range`: worker goroutines drain a local channel with
//! `for v := range ch`, and the one function that sends on it finishes its
//! sends and returns without `close(ch)`. A range loop only ends when the
//! channel is closed, so every worker waits forever. The fix closes the
//! channel after the last send, in the sender: `defer close(ch)` at the top
//! of a sender goroutine (or right after the declaration, when the declaring
//! function sends) when nothing follows its sends, otherwise `close(ch)`
//! right after the statement holding the last send.
//!
//! The analysis, in order: the channel is declared locally and never
//! escapes; it is only received by `range` loops in goroutines launched from
//! the declaring function; every send is made by one function, run once
//! (the declaring function, or one goroutine it launches outside any loop);
//! nobody else closes it; the workers have no other way out of their loops;
//! `close` is the builtin there. Shapes that need more than one `close`
//! (several senders) are reported with the join they need.

use crate::channel::{self, ChannelDecl, Runner, Use, UseKind};
use crate::events::Sends;
use crate::exits::{self, Exits};
use crate::finding::{Edit, Finding, Fix, line_col};
use crate::flow::{Mode, Walker};
use crate::go::{self, children, text};
use crate::loops;
use crate::rules::{Context, Rule};
use tree_sitter::Node;

mod builtin;

pub const RULE: Rule = Rule {
    id: "unclosed-range",
    summary: "workers range over a channel whose only sender returns without closing it; close it after the last send",
    doc: include_str!("README.md"),
    query: include_str!("query.scm"),
    prefilter: |src| {
        crate::prefilter::makes_channel(src)
            && crate::prefilter::launches_goroutine(src)
            && src.contains("range")
    },
    check,
};

fn check(ctx: &Context, make_call: Node) -> Vec<Finding> {
    let Some(decl) = channel::declaration(make_call, ctx.source) else { return vec![] };
    analyse(ctx, &decl).into_iter().collect()
}

/// The one function that sends: the declaring function or a goroutine.
struct Sender<'t> {
    runner: Runner<'t>,
    /// The statements the sends sit among: the goroutine's body, or the
    /// declaring function's statements after the declaration.
    stmts: Vec<Node<'t>>,
    /// The channel's name there.
    name: String,
    sends: Vec<Node<'t>>,
}

fn analyse<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>) -> Option<Finding> {
    let source = ctx.source;
    let uses = decl.uses(source)?;
    let of = |kind| uses.iter().filter(move |u: &&Use| u.kind == kind);
    if of(UseKind::Escape).next().is_some() || of(UseKind::Receive).next().is_some() {
        return None;
    }
    let ranges: Vec<Node> = of(UseKind::Range).map(|u| u.node).collect();
    let first_range = *ranges.first()?;
    if ranges.iter().any(|r| !matches!(channel::runner(*r, decl.function, ctx.source), Runner::Goroutine(_)))
    {
        return None;
    }
    let mut runners: Vec<Runner> = Vec::new();
    for send in of(UseKind::Send) {
        match channel::runner(send.node, decl.function, ctx.source) {
            Runner::Opaque => return None,
            r if !runners.contains(&r) => runners.push(r),
            _ => {}
        }
    }
    if runners.is_empty()
        || ranges.iter().any(|r| runners.contains(&channel::runner(*r, decl.function, ctx.source)))
    {
        return None;
    }
    let workers: Vec<Runner> =
        ranges.iter().map(|r| channel::runner(*r, decl.function, ctx.source)).collect();
    let closes: Vec<Node> = of(UseKind::Close).map(|u| u.node).collect();
    if closes.iter().any(|c| !workers.contains(&channel::runner(*c, decl.function, ctx.source))) {
        return None; // a sender, or a goroutine joining them, closes it: not this shape
    }
    let name = decl.name(source);
    let (line, _) = line_col(source, first_range.start_byte());
    let message = format!(
        "the workers ranging over {name} (line {line}) may wait forever: nothing closes {name} after the last send"
    );
    let at = decl.name.byte_range();
    let refuse = |reason: String| Some(Finding::unfixed(RULE.id, at.clone(), message.clone(), reason));
    if go::top_function(decl.statement).is_some_and(|f| f.has_error()) {
        return refuse(
            "the enclosing function has syntax errors, or syntax tree-sitter-go cannot read".into(),
        );
    }
    if let Some(close) = closes.first() {
        let (line, _) = line_col(source, close.start_byte());
        return refuse(format!(
            "a worker already closes {name} (line {line}); a second close would panic, and so may the sender: close it only in the sender, after the last send"
        ));
    }
    if runners.len() > 1 {
        return refuse(several_senders(source, decl, &uses));
    }
    if let Runner::Goroutine(go_stmt) = runners[0]
        && !loops::enclosing(go_stmt, decl.function).is_empty()
    {
        let (line, _) = line_col(source, go_stmt.start_byte());
        return refuse(format!(
            "the sender goroutine is launched in a loop (line {line}): each copy sends, so closing needs them joined: a sync.WaitGroup, then wg.Wait() and close({name}) once"
        ));
    }
    if let Runner::Goroutine(go_stmt) = runners[0]
        && go::descendants_outside_closures(decl.function).iter().any(|n| n.kind() == "goto_statement")
    {
        let (line, _) = line_col(source, go_stmt.start_byte());
        return refuse(format!(
            "the function that launches the sender (line {line}) uses goto, which chanfix does not follow: the sender might be launched more than once"
        ));
    }
    if let Some(exit) = ranges.iter().find_map(|r| other_way_out(source, *r)) {
        let (line, _) = line_col(source, exit);
        return refuse(format!(
            "the workers also stop on another signal (line {line}); once they stop the sender may block, which closing does not cure"
        ));
    }
    if let Some(at) = builtin::shadowed_at("close", go::top_function(decl.statement)?, source) {
        let (line, _) = line_col(source, at);
        return refuse(format!(
            "`close` is declared here (line {line}), so close(ch) would not call the builtin"
        ));
    }
    let sender = sender(decl, runners[0], &uses, source)?;
    match placement(source, decl, &sender) {
        Ok(Some(edit)) => {
            let fix = Fix { message: format!("close {name} after its last send"), edits: vec![edit] };
            Some(Finding::fixed(RULE.id, at, message, fix))
        }
        Ok(None) => None, // the sender never finishes: the workers are not abandoned
        Err(reason) => refuse(reason),
    }
}

fn several_senders(source: &str, decl: &ChannelDecl, uses: &[Use]) -> String {
    let mut lines: Vec<usize> = uses
        .iter()
        .filter(|u| u.kind == UseKind::Send)
        .map(|u| match channel::runner(u.node, decl.function, source) {
            Runner::Goroutine(g) => line_col(source, g.start_byte()).0,
            _ => line_col(source, u.node.start_byte()).0,
        })
        .collect();
    lines.dedup();
    let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let name = decl.name(source);
    format!(
        "{name} is sent on by several goroutines (lines {}); closing it needs them joined: a sync.WaitGroup, wg.Done() in each sender, then wg.Wait() and close({name}) in one place",
        lines.join(", ")
    )
}

/// Where a worker's range loop can end other than by the channel closing:
/// a `return`, a `break` out of it, a jump to an outer label, a panic.
fn other_way_out(source: &str, range_loop: Node) -> Option<usize> {
    let body = range_loop.child_by_field_name("body")?;
    go::descendants_outside_closures(body).into_iter().find_map(|n| {
        let leaves = match n.kind() {
            "return_statement" | "goto_statement" => true,
            "expression_statement" => exits::terminates(n, source),
            "break_statement" | "continue_statement" => match children(n).first() {
                Some(label) => !labelled_inside(source, text(*label, source), body),
                None => n.kind() == "break_statement" && breaks_out_of(n) == Some(range_loop.id()),
            },
            _ => false,
        };
        leaves.then(|| n.start_byte())
    })
}

/// Whether a statement labelled `label` lies under `body`.
fn labelled_inside(source: &str, label: &str, body: Node) -> bool {
    go::descendants_outside_closures(body).into_iter().any(|n| {
        n.kind() == "labeled_statement"
            && n.child_by_field_name("label").is_some_and(|l| text(l, source) == label)
    })
}

/// The statement an unlabelled `break` leaves.
fn breaks_out_of(brk: Node) -> Option<usize> {
    let kinds = ["for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"];
    go::enclosing(brk, &kinds).map(|n| n.id())
}

fn sender<'t>(
    decl: &ChannelDecl<'t>,
    runner: Runner<'t>,
    uses: &[Use<'t>],
    source: &str,
) -> Option<Sender<'t>> {
    let sends: Vec<&Use> = uses
        .iter()
        .filter(|u| u.kind == UseKind::Send && channel::runner(u.node, decl.function, source) == runner)
        .collect();
    let name = text(sends.first()?.ident, source).to_string();
    if sends.iter().any(|u| text(u.ident, source) != name) {
        return None;
    }
    let stmts = match runner {
        Runner::Goroutine(g) => go::statements(channel::launched_literal(g)?.child_by_field_name("body")?),
        _ => decl.scope(),
    };
    Some(Sender { runner, stmts, name, sends: sends.iter().map(|u| u.node).collect() })
}

/// The edit that closes the channel after the sender's last send; `Ok(None)`
/// when the sender never gets past its sends.
fn placement(source: &str, decl: &ChannelDecl, sender: &Sender) -> Result<Option<Edit>, String> {
    let Some(last) =
        sender.stmts.iter().rposition(|s| sender.sends.iter().any(|send| go::contains(*s, *send)))
    else {
        return Err("the sends are not statements of the sender".into());
    };
    let events = Sends { ids: sender.sends.iter().map(|s| s.id()).collect() };
    let exits = Exits::none();
    let walker = Walker { source, mode: Mode::Most, events: &events, exits: &exits };
    let Some(through) = walker.block(&sender.stmts[..=last]) else {
        return Err("the sender uses goto or fallthrough, which chanfix does not follow".into());
    };
    if walker.block(&sender.stmts).is_none() {
        return Err("the sender uses goto or fallthrough, which chanfix does not follow".into());
    }
    if through.fall.is_none() {
        return Ok(None);
    }
    let nl = go::newline(source);
    let finishes = sender.stmts[last + 1..].iter().all(|s| is_bare_return(*s, source));
    let top_of_function = decl.statement.parent().and_then(|l| l.parent()).is_some_and(|b| {
        b.kind() == "block" && b.parent().is_some_and(|f| go::FUNCTION_KINDS.contains(&f.kind()))
    });
    let (anchor, keyword) = match sender.runner {
        Runner::Goroutine(_) if finishes => (None, "defer "),
        Runner::Maker if finishes && top_of_function => (Some(decl.statement), "defer "),
        _ => (Some(sender.stmts[last]), ""),
    };
    let line = |indent: &str| format!("{indent}{keyword}close({}){nl}", sender.name);
    match anchor {
        Some(stmt) => {
            let at = go::after_line_end(source, stmt.end_byte())
                .filter(|_| go::starts_line(source, stmt.start_byte()))
                .ok_or("the statement before the close does not stand on lines of its own")?;
            Ok(Some(Edit::insert(at, line(go::indentation(source, stmt.start_byte())))))
        }
        None => {
            let first = sender.stmts[0];
            let block = first.parent().and_then(|list| list.parent()).filter(|b| b.kind() == "block");
            let at = block
                .and_then(|b| go::after_line_end(source, b.start_byte() + 1))
                .filter(|at| *at <= first.start_byte() && go::starts_line(source, first.start_byte()))
                .ok_or("the sender's body does not start on a line of its own")?;
            Ok(Some(Edit::insert(at, line(go::indentation(source, first.start_byte())))))
        }
    }
}

fn is_bare_return(stmt: Node, source: &str) -> bool {
    stmt.kind() == "return_statement" && text(stmt, source).trim() == "return"
}
