//! `abandoned-producer` through helpers that start the goroutine
//! themselves, and through function values stored in a local.
//!
//! `startWorker(ch)` (no `go`) where `startWorker`, a function of the
//! package, launches `go func() { ... ch <- v ... }()` once: the launched
//! literal is the producer, and the call statement stands where a `go`
//! statement would (it is what the consumer's region and the launch count
//! are measured from). The helper's parameter must be used only by that
//! goroutine (its sends, a close, `len`/`cap`), and the literal must take
//! no parameters and capture no other parameter of the helper, so that
//! its code reads the same from the caller's side.
//!
//! `f := s.run; go f(ch)` and `f := func(c chan<- T) {...}; go f(ch)`: the
//! stored method or literal is followed as if it were named at the `go`
//! statement, when the local is bound once and called once.
//!
//! Both are reported; the only fix offered is capacity at the `make` (the
//! producer's code is not the consumer's to edit: a stop channel would
//! have to pass through the helper's signature).

use super::Producer;
use crate::channel::{self, ChannelDecl, Runner, UseKind};
use crate::go::{self, children, text};
use crate::loops;
use crate::rules::Context;
use tree_sitter::Node;

/// `helper(..., ch, ...)` as a statement of the declaring function:
/// (the statement, the call, the argument's index).
pub(crate) fn helper_call<'t>(
    ident: Node<'t>,
    decl: &ChannelDecl<'t>,
) -> Option<(Node<'t>, Node<'t>, usize)> {
    let args = ident.parent().filter(|p| p.kind() == "argument_list")?;
    let call = args.parent().filter(|c| c.kind() == "call_expression")?;
    let stmt = call.parent().filter(|s| s.kind() == "expression_statement")?;
    if go::enclosing_function(stmt).is_none_or(|f| f.id() != decl.function.id()) {
        return None;
    }
    let function = call.child_by_field_name("function")?;
    let plain = function.kind() == "identifier"
        || (function.kind() == "selector_expression"
            && function.child_by_field_name("operand").is_some_and(|o| o.kind() == "identifier"));
    if !plain {
        return None;
    }
    let index = children(args).iter().position(|a| a.id() == ident.id())?;
    Some((stmt, call, index))
}

/// The goroutine the helper called by `call` starts with the channel.
pub(super) fn helper_producer<'t>(
    ctx: &Context<'t>,
    stmt: Node<'t>,
    call: Node<'t>,
    index: usize,
) -> Option<Producer<'t>> {
    if !may_launch(ctx, call) {
        return None;
    }
    let (source, helper) = super::callee(ctx, call)?;
    let param = channel::parameter(helper, index)?;
    let name = text(param, source);
    let body = helper.child_by_field_name("body")?;
    let mut launch: Option<Node> = None;
    let mut sends = Vec::new();
    for u in channel::uses_under(body, name, source)? {
        let runner = channel::runner(u.node, helper, source);
        match (u.kind, runner) {
            (UseKind::Send, Runner::Goroutine(g)) if launch.is_none_or(|l| l.id() == g.id()) => {
                launch = Some(g);
                sends.push(u.node);
            }
            (UseKind::Close | UseKind::Inspect, Runner::Goroutine(g))
                if launch.is_none_or(|l| l.id() == g.id()) =>
            {
                launch = Some(g);
            }
            _ => return None,
        }
    }
    let launch = launch.filter(|g| g.kind() == "go_statement" && loops::enclosing(*g, body).is_empty())?;
    let literal = channel::launched_literal(launch)?;
    let takes_parameters = literal.child_by_field_name("parameters").is_some_and(|p| !children(p).is_empty());
    if takes_parameters || captures_other_parameter(source, helper, literal, name) {
        return None;
    }
    let args = call.child_by_field_name("arguments");
    super::producer(source, ctx.exits, stmt, literal, args, sends)
}

/// Whether `literal` mentions a parameter of `helper` other than `channel`.
pub(crate) fn captures_other_parameter(source: &str, helper: Node, literal: Node, channel: &str) -> bool {
    let Some(params) = helper.child_by_field_name("parameters") else { return true };
    go::descendants(params)
        .into_iter()
        .filter(|n| n.kind() == "identifier" && text(*n, source) != channel)
        .any(|p| !go::identifiers(literal, source, text(p, source)).is_empty())
}

/// For `go f(ch)` where `f` is a local of the calling function: `Some` of
/// what it holds when it is bound once by `f := s.method` or `f :=
/// func(...) {...}` and called once (`Some(None)` when it is a local
/// that cannot be followed); `None` when no local is called `f`.
pub(super) fn local_function_value<'t>(
    ctx: &Context<'t>,
    call: Node<'t>,
    name: &str,
) -> Option<Option<(&'t str, Node<'t>)>> {
    let source = ctx.source;
    let function = go::top_function(call)?;
    let mentions = go::identifiers(function, source, name);
    let declarations: Vec<Node> = mentions.iter().copied().filter(|i| go::declares(*i, source)).collect();
    if declarations.is_empty() {
        return None;
    }
    Some(bound_value(ctx, &mentions, &declarations))
}

fn bound_value<'t>(
    ctx: &Context<'t>,
    mentions: &[Node<'t>],
    declarations: &[Node<'t>],
) -> Option<(&'t str, Node<'t>)> {
    let source = ctx.source;
    let [declared] = declarations else { return None };
    let list = declared.parent().filter(|l| l.kind() == "expression_list")?;
    let decl = list.parent().filter(|d| d.kind() == "short_var_declaration")?;
    let [value] = children(decl.child_by_field_name("right")?)[..] else { return None };
    if children(list).len() != 1 {
        return None;
    }
    let only_called = mentions.iter().filter(|m| m.id() != declared.id()).all(|m| {
        m.parent().is_some_and(|c| {
            c.kind() == "call_expression"
                && c.child_by_field_name("function").is_some_and(|f| f.id() == m.id())
        })
    });
    // Called once: a second call could hand the producer another context
    // or channel, which a fix made for this call would then touch.
    if !only_called || mentions.len() != 2 {
        return None;
    }
    match value.kind() {
        "func_literal" => Some((source, value)),
        "selector_expression" => {
            value.child_by_field_name("operand").filter(|o| o.kind() == "identifier")?;
            super::method_named(ctx, text(value.child_by_field_name("field")?, source))
        }
        _ => None,
    }
}

/// Why the stop-signal fixes cannot reach producer `p`: it is started
/// inside a helper, or it is a function literal stored in a local.
pub(super) fn out_of_reach(ctx: &Context, p: &Producer) -> Option<String> {
    if p.go_stmt.kind() != "go_statement" {
        let call = children(p.go_stmt).into_iter().next();
        let helper = call.and_then(|c| c.child_by_field_name("function")).map_or("", |f| text(f, ctx.source));
        return Some(format!(
            "the producer goroutine is started inside {helper}; a stop signal would have to pass through its signature"
        ));
    }
    (p.named_call.is_some() && p.function.kind() == "func_literal").then(|| {
        "the producer is a function literal stored in a local; a stop signal would change its signature"
            .to_string()
    })
}

/// Whether the function `call` names may start a goroutine, by the text of
/// its declarations (in this file, or by the line scan of the other files),
/// before any other file is parsed for it.
pub(crate) fn may_launch(ctx: &Context, call: Node) -> bool {
    let Some(callee) = call.child_by_field_name("function") else { return false };
    let name = match callee.child_by_field_name("field") {
        Some(field) => text(field, ctx.source),
        None => text(callee, ctx.source),
    };
    if let Some(operand) = callee.child_by_field_name("operand") {
        // `pkg.F(ch)`: a call into another package, not a method of a local.
        let function = go::top_function(call);
        let local = function.is_some_and(|f| {
            go::identifiers(f, ctx.source, text(operand, ctx.source))
                .into_iter()
                .any(|i| go::declares(i, ctx.source))
        });
        if !local {
            return false;
        }
    }
    let launches = crate::prefilter::launches_goroutine;
    let declared_here: Vec<Node> = children(ctx.tree.root_node())
        .into_iter()
        .filter(|d| {
            matches!(d.kind(), "function_declaration" | "method_declaration")
                && d.child_by_field_name("name").is_some_and(|n| text(n, ctx.source) == name)
        })
        .collect();
    if !declared_here.is_empty() {
        return declared_here.iter().any(|d| launches(text(*d, ctx.source)));
    }
    ctx.package.siblings().iter().any(|f| {
        f.decls.iter().any(|d| {
            d.name == name
                && matches!(d.kind, crate::package::DeclKind::Function | crate::package::DeclKind::Method)
                && f.text.get(d.range.clone()).is_some_and(launches)
        })
    })
}
