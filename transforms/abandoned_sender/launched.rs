//! `abandoned-sender` through goroutines started by name: the channel is
//! handed to `go serve(l, ch)`, `go s.serve(l, ch)` or a function value
//! stored in a local (`f := s.serve; go f(ch)`), or to a helper called
//! without `go` that starts `go func() { ... ch <- v ... }()` itself.
//!
//! The callee must be a function of the package, or the only method of
//! that name in the package called on a variable whose type, where the
//! source shows it, is that method's receiver; a method name another type
//! (or, for an operand of unknown type, an interface) might also answer
//! to is not followed. Inside the callee, the parameter the channel lands
//! in may only be sent on (in the callee's own body or in closures it
//! defers), closed, or measured; anything else (a receive, a reassignment,
//! passing it on, a variadic parameter, a send in a goroutine the callee
//! starts) leaves the channel escaping, and the rule silent. A helper is
//! followed as the producer rule follows it (`helpers::helper_producer`):
//! it starts one goroutine, outside any loop, that is the parameter's only
//! user, takes no parameters and captures no other parameter of the helper.
//!
//! What the sender does with the channel is then judged as for a
//! `go func(){...}()` literal; the fix stays capacity at the `make` in the
//! checked file, and the callee is not edited. For every sender, literal
//! or named, [`paced_by_receiver`] refuses the shape where it first waits
//! on a channel the receiver releases only after its way out: it is stuck
//! there, not on its send.

use crate::channel::{self, ChannelDecl, Runner, Use, UseKind};
use crate::go::{self, children, text};
use crate::loops;
use crate::rules::Context;
use crate::rules::abandoned_producer::{self as producer, helpers};
use tree_sitter::Node;

/// One goroutine that sends on the channel, as the counting sees it.
pub(super) struct Sender<'t> {
    /// The `go` statement in the declaring function; for a helper, the
    /// statement calling it (the goroutine starts there, as far as the
    /// receiver can tell).
    pub launch: Node<'t>,
    /// The text of the file holding the goroutine's code.
    pub source: &'t str,
    /// The body the goroutine runs.
    pub body: Node<'t>,
    /// Its sends on the channel, under whatever name it has there.
    pub sends: Vec<Node<'t>>,
    /// For a goroutine started by name: the callee as written at the call
    /// (`s.serve`, `startWorker`).
    pub callee: Option<&'t str>,
    /// Its parameters that the launch hands an argument, with that
    /// argument's text in the declaring function.
    pub renames: Vec<(&'t str, &'t str)>,
}

impl<'t> Sender<'t> {
    /// A `go func(...){...}(...)` (or `.Go(func(){...})`) literal sender.
    pub fn literal(ctx: &Context<'t>, launch: Node<'t>, sends: Vec<Node<'t>>) -> Option<Sender<'t>> {
        let literal = channel::launched_literal(launch)?;
        let call = children(launch).into_iter().next().filter(|c| c.kind() == "call_expression");
        let renames = call.map(|c| renames(ctx, ctx.source, literal, c)).unwrap_or_default();
        let body = literal.child_by_field_name("body")?;
        Some(Sender { launch, source: ctx.source, body, sends, callee: None, renames })
    }
}

/// The senders that the channel's escapes start, when every escape is a
/// launch this module can follow; `None` when one is anything else.
pub(super) fn launched<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    uses: &[Use<'t>],
) -> Option<Vec<Sender<'t>>> {
    let mut out: Vec<Sender> = Vec::new();
    for u in uses.iter().filter(|u| u.kind == UseKind::Escape) {
        let sender = named(ctx, decl, u.ident).or_else(|| through_helper(ctx, decl, u.ident))?;
        if out.iter().any(|s| s.launch.id() == sender.launch.id()) {
            return None; // the channel handed over twice in one call
        }
        out.push(sender);
    }
    Some(out)
}

/// `go f(..., ch, ...)` or `go v.m(..., ch, ...)` in the declaring function.
fn named<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>, ident: Node<'t>) -> Option<Sender<'t>> {
    let (call, index) = argument_of(ident)?;
    let go_stmt = call.parent().filter(|g| g.kind() == "go_statement")?;
    if go::enclosing_function(go_stmt).is_none_or(|f| f.id() != decl.function.id()) {
        return None;
    }
    let (source, function) = resolve(ctx, call)?;
    let body = function.child_by_field_name("body")?;
    let param = parameter_named(function, index, source)?;
    let mut sends = Vec::new();
    for u in channel::uses_under(body, param, source)? {
        match (u.kind, channel::runner(u.node, function, source)) {
            (UseKind::Send, Runner::Maker) => sends.push(u.node),
            (UseKind::Close | UseKind::Inspect, Runner::Maker) => {}
            _ => return None,
        }
    }
    let callee = call.child_by_field_name("function").map(|f| text(f, ctx.source));
    let renames = renames(ctx, source, function, call);
    Some(Sender { launch: go_stmt, source, body, sends, callee, renames })
}

/// `helper(..., ch, ...)` as a statement of the declaring function, where
/// the helper starts the one goroutine that uses its parameter.
fn through_helper<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>, ident: Node<'t>) -> Option<Sender<'t>> {
    let (stmt, call, index) = helpers::helper_call(ident, decl)?;
    if !helpers::may_launch(ctx, call) {
        return None;
    }
    let (source, helper) = resolve(ctx, call)?;
    let name = parameter_named(helper, index, source)?;
    let body = helper.child_by_field_name("body")?;
    let mut launch: Option<Node> = None;
    let mut sends = Vec::new();
    for u in channel::uses_under(body, name, source)? {
        let Runner::Goroutine(g) = channel::runner(u.node, helper, source) else { return None };
        if launch.is_some_and(|l| l.id() != g.id()) {
            return None;
        }
        launch = Some(g);
        match u.kind {
            UseKind::Send => sends.push(u.node),
            UseKind::Close | UseKind::Inspect => {}
            _ => return None,
        }
    }
    let launch = launch.filter(|g| g.kind() == "go_statement" && loops::enclosing(*g, body).is_empty())?;
    let literal = channel::launched_literal(launch)?;
    let takes_parameters = literal.child_by_field_name("parameters").is_some_and(|p| !children(p).is_empty());
    if takes_parameters || helpers::captures_other_parameter(source, helper, literal, name) {
        return None;
    }
    let callee = call.child_by_field_name("function").map(|f| text(f, ctx.source));
    let body = literal.child_by_field_name("body")?;
    Some(Sender { launch: stmt, source, body, sends, callee, renames: Vec::new() })
}

/// The call whose argument `ident` is, and its position.
fn argument_of(ident: Node) -> Option<(Node, usize)> {
    let args = ident.parent().filter(|p| p.kind() == "argument_list")?;
    let call = args.parent().filter(|c| c.kind() == "call_expression")?;
    let index = children(args).iter().position(|a| a.id() == ident.id())?;
    Some((call, index))
}

/// The name of parameter `index` of `function`, unless some parameter is
/// variadic or unnamed, or it is the blank `_`.
fn parameter_named<'t>(function: Node, index: usize, source: &'t str) -> Option<&'t str> {
    let name = text(channel::parameter(function, index)?, source);
    (name != "_").then_some(name)
}

/// The function `call` runs: `f(...)` a function of the package (or a
/// function value bound once in a local), `v.m(...)` the only method `m`
/// of the package when `v` is a local whose type may be that method's
/// receiver.
fn resolve<'t>(ctx: &Context<'t>, call: Node<'t>) -> Option<(&'t str, Node<'t>)> {
    let function = call.child_by_field_name("function")?;
    let (source, found) = producer::callee(ctx, call)?;
    if found.kind() != "method_declaration" {
        return Some((source, found));
    }
    // `v.m(...)`, or `f(...)` after `f := v.m`: check what `v` may be.
    let selector = match function.kind() {
        "selector_expression" => function,
        _ => bound_method(ctx, call, function)?,
    };
    let operand = selector.child_by_field_name("operand").filter(|o| o.kind() == "identifier")?;
    let method = text(selector.child_by_field_name("field")?, ctx.source);
    let receiver = crate::package::receiver_type(found, source)?;
    match operand_type(ctx, call, operand)? {
        Some(ty) if ty == receiver => Some((source, found)),
        Some(_) => None,
        None if only_concrete(ctx, method) => Some((source, found)),
        None => None,
    }
}

/// The `v.m` of `f := v.m`, the single declaration of the local `f` that
/// `call` calls.
fn bound_method<'t>(ctx: &Context<'t>, call: Node<'t>, name: Node<'t>) -> Option<Node<'t>> {
    let source = ctx.source;
    let top = go::top_function(call)?;
    let declared: Vec<Node> = go::identifiers(top, source, text(name, source))
        .into_iter()
        .filter(|i| go::declares(*i, source))
        .collect();
    let [ident] = declared.as_slice() else { return None };
    let list = ident.parent().filter(|l| l.kind() == "expression_list")?;
    let index = children(list).iter().position(|n| n.id() == ident.id())?;
    let decl = list.parent().filter(|d| d.kind() == "short_var_declaration")?;
    children(decl.child_by_field_name("right")?)
        .get(index)
        .copied()
        .filter(|v| v.kind() == "selector_expression")
}

/// The type of the local `operand` of a method call, where its single
/// declaration in the enclosing function shows it (a receiver, a typed
/// parameter or `var`, `v := T{...}` or `v := &T{...}`): `Some(Some(T))`;
/// `Some(None)` for a local of unknown type; `None` when it is not a local
/// (a package name, a package variable) or is declared more than once.
fn operand_type(ctx: &Context, call: Node, operand: Node) -> Option<Option<String>> {
    let source = ctx.source;
    let name = text(operand, source);
    let top = go::top_function(call)?;
    let declared: Vec<Node> =
        go::identifiers(top, source, name).into_iter().filter(|i| go::declares(*i, source)).collect();
    let [ident] = declared.as_slice() else { return None };
    let holder = ident.parent()?;
    let written = match holder.kind() {
        "parameter_declaration" | "var_spec" => holder.child_by_field_name("type"),
        "expression_list" => {
            let decl = holder.parent().filter(|d| d.kind() == "short_var_declaration")?;
            let index = children(holder).iter().position(|n| n.id() == ident.id())?;
            let value = children(decl.child_by_field_name("right")?).get(index).copied();
            value.and_then(composite_type)
        }
        _ => None,
    };
    Some(written.map(|t| crate::package::bare_type(text(t, source)).to_string()))
}

/// The type of `T{...}` or `&T{...}`.
fn composite_type(value: Node) -> Option<Node> {
    let literal = match value.kind() {
        "unary_expression" => value.child_by_field_name("operand")?,
        _ => value,
    };
    literal.kind().eq("composite_literal").then(|| literal.child_by_field_name("type"))?
}

/// Whether a call of method `name` on a value of unknown type can only
/// run the package's own method of that name: the name is unexported (no
/// other package's type can have it) and no line of the package starts
/// with `name(`, as a method of an interface type would be declared.
fn only_concrete(ctx: &Context, name: &str) -> bool {
    let unexported = name.starts_with(|c: char| c.is_lowercase() || c == '_');
    let spec = format!("{name}(");
    let declares_spec = |text: &str| text.lines().any(|l| l.trim_start().starts_with(&spec));
    unexported && !declares_spec(ctx.source) && ctx.package.siblings().iter().all(|f| !declares_spec(&f.text))
}

/// `(parameter, argument)` text pairs of `function` (whose text is
/// `source`) called by `call` in the checked file.
fn renames<'t>(
    ctx: &Context<'t>,
    source: &'t str,
    function: Node<'t>,
    call: Node<'t>,
) -> Vec<(&'t str, &'t str)> {
    let Some(params) = function.child_by_field_name("parameters") else { return vec![] };
    let args = call.child_by_field_name("arguments").map(children).unwrap_or_default();
    let mut names = Vec::new();
    for decl in children(params) {
        let mut cursor = decl.walk();
        names.extend(decl.children_by_field_name("name", &mut cursor).map(|n| text(n, source)));
    }
    names.into_iter().zip(args.into_iter().map(|a| text(a, ctx.source))).collect()
}

/// Whether some sender, before it can send, waits on another channel (a
/// range over it, or a receive that is not one case of several) that the
/// receiver closes or sends on only after its way out at `leave`, and never
/// in a deferred call: on that way out the sender is stuck on the wait, not
/// on its send, and a buffer would release nothing.
pub(super) fn paced_by_receiver(ctx: &Context, decl: &ChannelDecl, senders: &[Sender], leave: usize) -> bool {
    let source = ctx.source;
    let scope = decl.scope();
    let receiver_code: Vec<Node> = scope.iter().flat_map(|s| go::descendants_outside_closures(*s)).collect();
    let deferred = |n: &Node| go::enclosing(*n, &["defer_statement"]).is_some();
    let released_after = |channel: &str| {
        let released = |n: &Node| {
            go::closed_channel(*n, source) == Some(channel)
                || (n.kind() == "send_statement"
                    && n.child_by_field_name("channel").is_some_and(|c| text(c, source) == channel))
        };
        let mut all = receiver_code.iter().filter(|n| released(n));
        let after = all.clone().any(|n| n.start_byte() > leave && !deferred(n));
        after && !all.any(deferred)
    };
    senders.iter().any(|sender| {
        let first_send = first_send(sender);
        waits(sender).into_iter().any(|(at, inner)| {
            let outer = sender.renames.iter().find(|(p, _)| *p == inner).map_or(inner, |(_, a)| *a);
            at < first_send && released_after(outer)
        })
    })
}

/// Where the sender's first send is (a send in a closure the sender
/// defers happens as its body ends).
fn first_send(sender: &Sender) -> usize {
    let own = |send: &Node| go::enclosing_function(*send).is_some_and(|f| go::contains(f, sender.body));
    let at = |send: &Node| if own(send) { send.start_byte() } else { sender.body.end_byte() };
    sender.sends.iter().map(at).min().unwrap_or(usize::MAX)
}

/// Whether the sender waits on some channel before its first send.
pub(super) fn waits_before_sending(sender: &Sender) -> bool {
    let first = first_send(sender);
    waits(sender).into_iter().any(|(at, _)| at < first)
}

/// Where a sender's own code waits on a channel, and its name there.
fn waits<'t>(sender: &Sender<'t>) -> Vec<(usize, &'t str)> {
    let source = sender.source;
    // A receive that is one case of a select with others may not be waited on.
    let alone = |n: Node| match go::enclosing(n, &["communication_case"]) {
        Some(case) if case.child_by_field_name("communication").is_some_and(|c| go::contains(c, n)) => {
            case.parent().is_some_and(|select| children(select).len() == 1)
        }
        _ => true,
    };
    go::descendants_outside_closures(sender.body)
        .into_iter()
        .filter_map(|n| match n.kind() {
            "range_clause" => Some((n.start_byte(), text(n.child_by_field_name("right")?, source))),
            _ => go::received_from(n, source).filter(|_| alone(n)).map(|c| (n.start_byte(), c)),
        })
        .collect()
}
