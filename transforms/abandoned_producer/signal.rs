//! The smaller fix for `abandoned-producer` when the stop signal is already
//! there: the consumer made `ctx, cancel := context.WithCancel(...)` and
//! defers `cancel()`, so the context is cancelled on every way out of the
//! consumer; the producer sees that context (captured, or handed to a named
//! producer as an argument). Each send then also waits for `ctx.Done()`,
//! and nothing else is added: no new channel, no new parameter.
//!
//! The context must not be cancelled earlier than the consumer's return in
//! a way the producer did not already obey: either its parent is
//! `context.Background()` or `context.TODO()` and `cancel` is called only by
//! that defer (then `Done` closes exactly when the consumer is gone), or the
//! producer already returns on that context's `Done` between its sends (so
//! stopping at a send too changes nothing it could not already do).

use super::{Consumer, Producer};
use crate::channel::ChannelDecl;
use crate::finding::{Edit, Fix};
use crate::go::{self, children, text};
use crate::rules::Context;
use std::collections::HashSet;
use tree_sitter::Node;

/// The context the consumer cancels on every way out.
struct Cancelled<'t> {
    /// The context variable's name.
    name: &'t str,
    /// Whether only the consumer's return can make it done.
    only_by_return: bool,
}

/// The fix wrapping each producer send with the consumer's context, when
/// the analysis can show it releases the producer and nothing else.
pub(super) fn reuse_context<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    consumer: Consumer<'t>,
    producers: &[Producer<'t>],
) -> Option<Result<Fix, String>> {
    if consumer != Consumer::Maker {
        return None;
    }
    let first_launch = producers.iter().map(|p| p.go_stmt.start_byte()).min()?;
    let cancelled = cancelled_context(ctx.source, decl.function, first_launch)?;
    let mut signals = Vec::new();
    for p in producers {
        let seen = seen_as(ctx, p, cancelled.name)?;
        let obeys = already_stops_on(p, seen);
        if !cancelled.only_by_return && !obeys {
            return None;
        }
        if p.named_call.is_some() && !obeys && !called_once(ctx, p) {
            return None; // another caller's context may be cancelled while it still reads
        }
        if p.function.child_by_field_name("result").is_some() {
            return None;
        }
        signals.push(format!("{seen}.Done()"));
    }
    let mut edits = Vec::new();
    let mut selects_done = HashSet::new();
    for (p, signal) in producers.iter().zip(&signals) {
        let body = p.function.child_by_field_name("body")?;
        if let Some(why) = super::fix::skipped_work(p.source, body, &p.sends) {
            return Some(Err(why));
        }
        // The producer may be declared in another file of the package.
        let file = match super::fix::producer_file(ctx, p) {
            Ok(file) => file,
            Err(why) => return Some(Err(why)),
        };
        let nl = go::newline(p.source);
        for &send in &p.sends {
            match super::fix::send_edit(p.source, send, signal, nl, &mut selects_done) {
                Ok(Some(edit)) => edits.push(edit.in_file(file.as_deref())),
                Ok(None) => {}
                Err(why) => return Some(Err(why)),
            }
        }
    }
    let name = decl.name(ctx.source);
    Some(Ok(Fix {
        message: format!(
            "stop the producer of {name} when {} is cancelled, which the consumer's deferred cancel does on every way out",
            cancelled.name
        ),
        edits: dedup(edits),
    }))
}

fn dedup(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.dedup();
    edits
}

/// `ctx, cancel := context.WithCancel(parent)` (or `WithTimeout`,
/// `WithDeadline`) in the body of `function`, followed there by `defer
/// cancel()`, both before `before`; the context is never assigned again.
fn cancelled_context<'t>(source: &'t str, function: Node<'t>, before: usize) -> Option<Cancelled<'t>> {
    let body = function.child_by_field_name("body")?;
    let top = go::statements(body);
    for (i, stmt) in top.iter().enumerate().take_while(|(_, s)| s.end_byte() <= before) {
        let Some((name, cancel, kind, parent)) = with_cancel(*stmt, source) else { continue };
        let deferred = top[i + 1..]
            .iter()
            .take_while(|s| s.end_byte() <= before)
            .any(|s| s.kind() == "defer_statement" && text(*s, source) == format!("defer {cancel}()"));
        if !deferred
            || reassigned(body, source, name, stmt.id())
            || reassigned(body, source, cancel, stmt.id())
        {
            return None;
        }
        let mentions = go::identifiers(body, source, cancel).len();
        let background = matches!(parent, "context.Background()" | "context.TODO()");
        let only_by_return = kind == "WithCancel" && background && mentions == 2;
        return Some(Cancelled { name, only_by_return });
    }
    None
}

/// `(ctx, cancel, constructor, parent)` of `ctx, cancel := context.WithX(parent, ...)`.
fn with_cancel<'t>(stmt: Node<'t>, source: &'t str) -> Option<(&'t str, &'t str, &'t str, &'t str)> {
    if stmt.kind() != "short_var_declaration" {
        return None;
    }
    let left = children(stmt.child_by_field_name("left")?);
    let right = children(stmt.child_by_field_name("right")?);
    let ([ctx, cancel], [call]) = (left.as_slice(), right.as_slice()) else { return None };
    let function = text(call.child_by_field_name("function")?, source);
    let kind = function.strip_prefix("context.")?;
    if !matches!(kind, "WithCancel" | "WithTimeout" | "WithDeadline") {
        return None;
    }
    let args = children(call.child_by_field_name("arguments")?);
    let parent = text(*args.first()?, source);
    Some((text(*ctx, source), text(*cancel, source), kind, parent))
}

/// Whether `name` is declared or assigned anywhere under `body` other than
/// by the statement `first`.
fn reassigned(body: Node, source: &str, name: &str, first: usize) -> bool {
    go::identifiers(body, source, name).into_iter().any(|i| {
        let by_first = go::ancestors(i).iter().any(|a| a.id() == first);
        let assigned = i.parent().filter(|l| l.kind() == "expression_list").and_then(|l| {
            let assign = l.parent().filter(|a| a.kind() == "assignment_statement")?;
            assign.child_by_field_name("left").filter(|left| left.id() == l.id())
        });
        !by_first && (go::declares(i, source) || assigned.is_some())
    })
}

/// The name under which producer `p` sees the consumer's context `name`:
/// the same name in a launched literal that does not rebind it, or the
/// parameter a named producer receives it in.
pub(super) fn seen_as<'t>(ctx: &Context<'t>, p: &Producer<'t>, name: &'t str) -> Option<&'t str> {
    let body = p.function.child_by_field_name("body")?;
    let seen = match p.named_call {
        None => {
            let params = p.function.child_by_field_name("parameters")?;
            if !go::identifiers(params, ctx.source, name).is_empty() {
                return None;
            }
            name
        }
        Some(args) => {
            let index = children(args).iter().position(|a| text(*a, ctx.source) == name)?;
            text(crate::channel::parameter(p.function, index)?, p.source)
        }
    };
    let rebound = go::identifiers(body, p.source, seen).into_iter().any(|i| {
        go::declares(i, p.source)
            || i.parent().is_some_and(|l| {
                l.kind() == "expression_list"
                    && l.parent().is_some_and(|a| {
                        a.kind() == "assignment_statement"
                            && a.child_by_field_name("left").is_some_and(|left| left.id() == l.id())
                    })
            })
    });
    (!rebound && seen != "_").then_some(seen)
}

/// Whether the producer already returns once `ctx.Done()` is closed: a
/// select case `<-ctx.Done()` whose body returns.
fn already_stops_on(p: &Producer, ctx: &str) -> bool {
    let Some(body) = p.function.child_by_field_name("body") else { return false };
    let done = format!("<-{ctx}.Done()");
    go::descendants(body).into_iter().any(|case| {
        case.kind() == "communication_case"
            && case.child_by_field_name("communication").is_some_and(|c| text(c, p.source) == done)
            && go::statements(case).first().is_some_and(|s| s.kind() == "return_statement")
    })
}

/// Whether a named producer is called by this `go` statement only, in the
/// whole package, and is unexported. It may be declared in another file.
fn called_once(ctx: &Context, p: &Producer) -> bool {
    let Some(name_node) = p.function.child_by_field_name("name") else { return false };
    let name = text(name_node, p.source);
    let exported = name.chars().next().is_some_and(char::is_uppercase);
    // A method's name is a field identifier, at its declaration and its calls.
    let count = |root: Node, source: &str| {
        go::descendants(root)
            .into_iter()
            .filter(|n| matches!(n.kind(), "identifier" | "field_identifier") && text(*n, source) == name)
            .count()
    };
    let here = count(ctx.tree.root_node(), ctx.source);
    let Some(home) = ctx.package.holding(p.source) else {
        return !exported && here == 2 && !ctx.package.mentioned_elsewhere(name);
    };
    let there = home.tree().map_or(0, |t| count(t.root_node(), p.source));
    let third = ctx.package.siblings().into_iter().any(|f| !std::ptr::eq(f, home) && f.mentions(name));
    !exported && here == 1 && there == 1 && !third
}
