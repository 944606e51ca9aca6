//! `abandoned-producer` when the producer already obeys a context and only
//! the consumer's side is missing: the consumer made `ctx, cancel :=
//! context.WithCancel(...)` (or `WithTimeout`, `WithDeadline`), each of the
//! producer's sends is `select { case ch <- v: case <-ctx.Done(): return }`,
//! but some way out of the consumer leaves without calling `cancel`. The
//! producer then waits until the context's parent (or deadline) ends it,
//! forever with `context.Background()`. The fix is `defer cancel()` right
//! after the `ctx, cancel :=` line; calling `cancel` twice is harmless.
//!
//! The edit is proposed only when it cannot cancel anything early: the
//! consumer is the function that made the context, the context is used
//! nowhere but by the producers and by calls the consumer makes itself (not
//! returned, stored, or handed to another goroutine), and `cancel` is only
//! called, directly or through a local closure (`stop := func() {
//! cancel() }`), never deferred, stored, returned or passed on.

use super::{Producer, named_go_call};
use crate::channel::{self, ChannelDecl, Runner, UseKind};
use crate::finding::{Edit, Finding, Fix, line_col};
use crate::go::{self, children, text};
use crate::rules::Context;
use tree_sitter::Node;

pub(super) fn check<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>) -> Option<Finding> {
    let source = ctx.source;
    let body = decl.function.child_by_field_name("body")?;
    let top = go::statements(body);
    let made = top.iter().position(|s| s.id() == decl.statement.id() || go::contains(*s, decl.statement))?;
    let (stmt, (context, cancel)) = top[..made].iter().find_map(|s| Some((*s, with_cancel(*s, source)?)))?;
    let uses = decl.uses(source)?;
    let mut producers: Vec<Producer> = Vec::new();
    let mut receives = Vec::new();
    for u in &uses {
        match u.kind {
            UseKind::Send => {
                let Runner::Goroutine(g) = channel::runner(u.node, decl.function, source) else {
                    return None;
                };
                if !producers.iter().any(|p| p.go_stmt.id() == g.id()) {
                    producers.push(super::literal_producer(ctx, decl, &uses, g)?);
                }
            }
            UseKind::Receive | UseKind::Range => {
                if channel::runner(u.node, decl.function, source) != Runner::Maker
                    || channel::deferred(u.node, decl.function)
                {
                    return None;
                }
                receives.push(*u);
            }
            UseKind::Close | UseKind::Inspect => {}
            UseKind::Escape => {
                let (go_stmt, call, index) = named_go_call(u.ident, decl)?;
                producers.push(super::named_producer(ctx, go_stmt, call, index)?);
            }
        }
    }
    if producers.is_empty() || receives.is_empty() {
        return None;
    }
    for p in &producers {
        let seen = super::signal::seen_as(ctx, p, context)?;
        if p.sends.is_empty() || !p.sends.iter().all(|s| waits_only_for_done(p.source, *s, seen)) {
            return None;
        }
    }
    let wrappers = cancel_wrappers(source, body, cancel)?;
    if !context_stays_here(source, body, stmt, context, &producers) {
        return None;
    }
    if go::descendants(body)
        .into_iter()
        .any(|n| n.kind() == "defer_statement" && mentions(n, source, cancel, &wrappers))
    {
        return None;
    }
    let first_launch = producers.iter().map(|p| p.go_stmt.start_byte()).min()?;
    let leave = receives
        .iter()
        .find_map(|r| uncancelled_return(source, body, r.node, first_launch, cancel, &wrappers))?;
    let (line, _) = line_col(source, leave.start_byte());
    let name = decl.name(source);
    let message = format!(
        "producer goroutine can block forever sending on {name}: it waits for {context}.Done(), but the consumer may leave by `return` at line {line} without calling {cancel}"
    );
    let indent = go::indentation(source, stmt.start_byte());
    let nl = go::newline(source);
    let at = go::after_line_end(source, stmt.end_byte())?;
    let fix = Fix {
        message: format!(
            "defer {cancel}() right after {context} is made, so every way out of the consumer cancels it"
        ),
        edits: vec![Edit::insert(at, format!("{indent}defer {cancel}(){nl}"))],
    };
    Some(Finding::fixed(super::RULE.id, decl.make_call.byte_range(), message, fix))
}

/// `(ctx, cancel)` of `ctx, cancel := context.WithCancel(...)` and its kin.
fn with_cancel<'t>(stmt: Node<'t>, source: &'t str) -> Option<(&'t str, &'t str)> {
    if stmt.kind() != "short_var_declaration" {
        return None;
    }
    let left = children(stmt.child_by_field_name("left")?);
    let right = children(stmt.child_by_field_name("right")?);
    let ([context, cancel], [call]) = (left.as_slice(), right.as_slice()) else { return None };
    let function = text(call.child_by_field_name("function")?, source);
    matches!(function, "context.WithCancel" | "context.WithTimeout" | "context.WithDeadline")
        .then(|| (text(*context, source), text(*cancel, source)))
        .filter(|(c, k)| *c != "_" && *k != "_")
}

/// Whether `send` is one case of a select whose only other case receives
/// `<-ctx.Done()` and returns.
fn waits_only_for_done(source: &str, send: Node, ctx: &str) -> bool {
    let Some(case) = send.parent().filter(|p| p.kind() == "communication_case") else { return false };
    let Some(select) = case.parent() else { return false };
    let cases = children(select);
    let done = format!("<-{ctx}.Done()");
    cases.len() == 2
        && cases.iter().any(|c| {
            c.kind() == "communication_case"
                && c.child_by_field_name("communication").is_some_and(|m| text(m, source) == done)
                && go::statements(*c).first().is_some_and(|s| s.kind() == "return_statement")
        })
}

/// The local closures that call `cancel` (`stop := func() { cancel() }`),
/// when every mention of `cancel` is its declaration, a call statement
/// `cancel()`, or inside such a closure. `None` when it is used otherwise.
fn cancel_wrappers<'s>(source: &'s str, body: Node, cancel: &str) -> Option<Vec<&'s str>> {
    let mut wrappers = Vec::new();
    for ident in go::identifiers(body, source, cancel) {
        if go::declares(ident, source) {
            if ident.parent().and_then(|l| l.parent()).is_some_and(|d| with_cancel(d, source).is_some()) {
                continue;
            }
            return None; // shadowed
        }
        let call = ident.parent().filter(|c| c.kind() == "call_expression");
        call.and_then(|c| c.parent()).filter(|s| s.kind() == "expression_statement")?;
        let literal = go::enclosing(ident, &["func_literal"]).filter(|l| go::contains(body, *l));
        if let Some(literal) = literal {
            let list = literal.parent().filter(|l| l.kind() == "expression_list")?;
            let decl = list.parent().filter(|d| d.kind() == "short_var_declaration")?;
            let [name] = children(decl.child_by_field_name("left")?)[..] else { return None };
            wrappers.push(text(name, source));
        }
    }
    for wrapper in &wrappers {
        // A wrapper that is passed on or stored may run anywhere.
        for ident in go::identifiers(body, source, wrapper) {
            let called = ident.parent().is_some_and(|c| c.kind() == "call_expression")
                && ident
                    .parent()
                    .and_then(|c| c.parent())
                    .is_some_and(|s| s.kind() == "expression_statement");
            if !called && !go::declares(ident, source) {
                return None;
            }
        }
    }
    Some(wrappers)
}

fn mentions(node: Node, source: &str, cancel: &str, wrappers: &[&str]) -> bool {
    std::iter::once(cancel)
        .chain(wrappers.iter().copied())
        .any(|n| !go::identifiers(node, source, n).is_empty())
}

/// Whether the context is used only by the producers' launches and by
/// calls the consumer makes itself: not returned, stored, assigned or
/// captured by another goroutine or closure.
fn context_stays_here(source: &str, body: Node, made: Node, context: &str, producers: &[Producer]) -> bool {
    go::identifiers(body, source, context).into_iter().all(|ident| {
        if go::contains(made, ident) {
            return true;
        }
        if producers.iter().any(|p| go::contains(p.go_stmt, ident)) {
            return true;
        }
        if go::declares(ident, source)
            || go::enclosing(ident, &["func_literal"]).is_some_and(|l| go::contains(body, l))
        {
            return false;
        }
        let Some(parent) = ident.parent() else { return false };
        match parent.kind() {
            // ctx.Err(), ctx.Done(), ctx.Value(k)
            "selector_expression" => true,
            // an argument of a call made right here
            "argument_list" => {
                let statement = go::ancestors(parent)
                    .into_iter()
                    .rev()
                    .find(|a| a.parent().is_some_and(|p| p.kind() == "statement_list"));
                statement.is_some_and(|s| {
                    matches!(
                        s.kind(),
                        "expression_statement"
                            | "short_var_declaration"
                            | "assignment_statement"
                            | "if_statement"
                    )
                })
            }
            _ => false,
        }
    })
}

/// A `return` of the consumer that can leave while the producer still
/// waits: inside the loop around `receive` (or in a select case beside
/// it), after the producers are launched, with no call of `cancel` (or of
/// a closure calling it) before it in any enclosing block.
fn uncancelled_return<'t>(
    source: &str,
    body: Node<'t>,
    receive: Node<'t>,
    after: usize,
    cancel: &str,
    wrappers: &[&str],
) -> Option<Node<'t>> {
    let own =
        |n: Node| go::enclosing_function(n).is_some_and(|f| f.child_by_field_name("body") == Some(body));
    let area = go::enclosing(receive, &["for_statement"])
        .or_else(|| go::enclosing(receive, &["select_statement"]))
        .filter(|a| own(*a))?;
    go::descendants_outside_closures(area).into_iter().find(|n| {
        n.kind() == "return_statement"
            && n.start_byte() > after
            && !after_closed(source, *n)
            && !go::ancestors(*n).into_iter().filter(|a| go::contains(body, *a)).any(|block| {
                go::statements(block)
                    .into_iter()
                    .filter(|s| s.end_byte() <= n.start_byte())
                    .any(|s| s.kind() == "expression_statement" && mentions(s, source, cancel, wrappers))
            })
    })
}

/// Whether `ret` runs only once the channel is closed: under `if !ok`
/// after `v, ok := <-ch` (the producer is done).
fn after_closed(source: &str, ret: Node) -> bool {
    go::ancestors(ret).into_iter().any(|a| {
        a.kind() == "if_statement"
            && a.child_by_field_name("condition").is_some_and(|c| {
                let c = text(c, source);
                c.starts_with('!') && c.ends_with("ok")
            })
    })
}
