//! `abandoned-sender` when the receiver is another function of the package.
//!
//! Two shapes are common in real code and invisible to the one-function
//! analysis, because the channel leaves the function that made it:
//!
//! - a **future**: the function makes the channel, starts the sender and
//!   returns the channel (`func start() <-chan error`, or a tuple with an
//!   error); a caller in the package receives from it in a `select` that can
//!   also take `<-ctx.Done()`, or returns before receiving;
//! - a **receiving helper**: the function hands the channel to a function
//!   or method of the package (`return waitFor(ctx, errCh)`) that receives
//!   from it but can leave first.
//!
//! The senders are counted exactly as the one-function rule counts them,
//! and the receiving side is walked with the same path counting, in the
//! file that holds it. One caller (or the helper) that can leave without
//! receiving proves the leak; callers whose use of the channel we cannot
//! follow (stored, returned again, handed on) prove nothing and are
//! skipped. A sender that waits on any channel before its send is not
//! followed: the receiver may release that channel only after its way out
//! (a go-signal), and the sender is stuck there; nor is one that sends from
//! inside a loop (an event loop that sends on some event and returns: when
//! it sends, only the events tell); nor a helper that is also handed
//! another channel the caller made and no sender touches. A future is reported even
//! when exported: the abandoning caller is in the package.
//!
//! The fix is the same capacity at the `make`, in the generator's file.
//! A buffer only changes when the sender's send completes: whoever receives
//! later still gets the value, and the existing checks refuse a sender that
//! does something after its send (a handshake) or code that reads `len` or
//! `cap` of the channel, here in every caller we follow.

use super::{Senders, finding, senders};
use crate::channel::{self, ChannelDecl, Runner, Use, UseKind};
use crate::events::{self, Receives, Sends};
use crate::exits::{self, Exits};
use crate::finding::Finding;
use crate::flow::{Mode, Path, Walker};
use crate::go::{self, children, text};
use crate::loops;
use crate::package::{Package, SourceFile};
use crate::rules::Context;
use crate::rules::abandoned_producer::{self as producer, PackageCall};
use std::collections::HashSet;
use tree_sitter::Node;

/// The channel escapes the function that made it: when the escape is
/// returning it (a future) or handing it to one receiving helper, and a
/// receiver there can leave without receiving, the finding.
pub(super) fn analyse<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    uses: &[Use<'t>],
    capacity: u64,
) -> Option<Finding> {
    let maker_reads = |u: &Use| {
        matches!(u.kind, UseKind::Receive | UseKind::Range | UseKind::Close)
            && channel::runner(u.node, decl.function, ctx.source) == Runner::Maker
    };
    if uses.iter().any(maker_reads) {
        return None; // the receiver is here after all, or the channel is closed under the senders
    }
    let escapes: Vec<Node> = uses.iter().filter(|u| u.kind == UseKind::Escape).map(|u| u.ident).collect();
    let mut senders = senders(ctx, decl, uses, Vec::new())?;
    if senders.in_loop || senders.count.looped() {
        return None; // many senders: how many values wait is not known on the receiving side
    }
    senders.count.fixed = senders.count.fixed.min(launched_at_most(ctx, decl, &senders)?);
    // A sender that first waits on a channel may be stuck there, not on its
    // send, when the receiver leaves: the receiver, in another function,
    // may release that channel only after its way out (a go-signal).
    if senders.all.iter().any(super::launched::waits_before_sending) {
        return None;
    }
    // A future computes its value and sends it; a send from inside a loop
    // (an event loop that sends on some event, then returns) happens when
    // the events say so, which nothing on the receiving side shows.
    if senders.all.iter().any(|s| s.sends.iter().any(|send| !loops::enclosing(*send, s.body).is_empty())) {
        return None;
    }
    let measured_here = uses
        .iter()
        .any(|u| u.kind == UseKind::Inspect && u.node.kind() == "call_expression")
        .then(|| "the code reads the channel's length or capacity, which a buffer changes".to_string());
    let abandoned = match returned_at(decl, &escapes) {
        Some(result) => future(ctx, decl, &senders, result, capacity)?,
        None => match escapes.as_slice() {
            [argument] => helper(ctx, decl, *argument, &senders, capacity)?,
            _ => return None,
        },
    };
    let name = decl.name(ctx.source);
    let message = format!("goroutine can block forever sending on {name}: {}", abandoned.how);
    let range = senders.blocking.first()?.byte_range();
    Some(finding(ctx, decl, &senders, range, message, measured_here.or(abandoned.measured)))
}

/// The most senders launched on one path through the declaring function:
/// launches in exclusive branches (`switch { case a: go ...; case b: go
/// ... }`) start one sender, not two.
fn launched_at_most(ctx: &Context, decl: &ChannelDecl, senders: &Senders) -> Option<u64> {
    let events = Sends { ids: senders.launches.iter().map(|l| l.id()).collect() };
    let walker = Walker { source: ctx.source, mode: Mode::Most, events: &events, exits: ctx.exits };
    Some(walker.leaving(&walker.block(&decl.scope())?)?.count)
}

/// A receiver elsewhere that can leave without receiving.
struct Abandoned {
    /// Who receives and how it leaves, for the message.
    how: String,
    /// Why no fix: that receiver reads the channel's length or capacity.
    measured: Option<String>,
}

/// Where the channel is among the generator's results.
#[derive(Clone, Copy)]
struct Returned {
    /// Its index in the result list.
    position: usize,
    /// How many results the generator has.
    results: usize,
}

/// Whether every escape is `return ..., ch, ...` of the declaring function
/// (a named function or method), at the same place in its results.
fn returned_at(decl: &ChannelDecl, escapes: &[Node]) -> Option<Returned> {
    if !matches!(decl.function.kind(), "function_declaration" | "method_declaration") {
        return None;
    }
    let types = result_types(decl.function)?;
    let mut position = None;
    for ident in escapes {
        let list = ident.parent().filter(|l| l.kind() == "expression_list")?;
        let ret = list.parent().filter(|r| r.kind() == "return_statement")?;
        if go::enclosing_function(ret).is_none_or(|f| f.id() != decl.function.id()) {
            return None;
        }
        let index = children(list).iter().position(|n| n.id() == ident.id())?;
        if *position.get_or_insert(index) != index || children(list).len() != types.len() {
            return None;
        }
    }
    let position = position?;
    (types.get(position)?.kind() == "channel_type").then_some(Returned { position, results: types.len() })
}

/// The types of a function's results, one per result.
fn result_types(function: Node) -> Option<Vec<Node>> {
    let result = function.child_by_field_name("result")?;
    if result.kind() != "parameter_list" {
        return Some(vec![result]);
    }
    let mut types = Vec::new();
    for declaration in children(result) {
        let ty = declaration.child_by_field_name("type")?;
        let mut cursor = declaration.walk();
        let names = declaration.children_by_field_name("name", &mut cursor).count();
        types.extend(std::iter::repeat_n(ty, names.max(1)));
    }
    Some(types)
}

/// A future: some call of the generator in the package can leave without
/// receiving from the channel it gets.
fn future<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    senders: &Senders<'t>,
    result: Returned,
    capacity: u64,
) -> Option<Abandoned> {
    let guard = error_guard(ctx.source, decl, senders, result)?;
    let generator = text(decl.function.child_by_field_name("name")?, ctx.source);
    let method = decl.function.kind() == "method_declaration";
    if method && producer::method_named(ctx, generator).is_none_or(|(_, m)| m.id() != decl.function.id()) {
        return None; // another type has a method of that name: its calls are not told apart
    }
    let count = senders.count.total();
    let finishing = finishing_results(ctx.source, decl, senders, result);
    producer::package_calls(ctx, generator, method)
        .filter(|c| !method || local_operand(c.source, c.call))
        .find_map(|c| {
            let receiver = caller(&c, result, guard, &finishing)?;
            let exits = exits_of(c.file);
            let path = receiver.strands(exits.as_ref().unwrap_or(ctx.exits), count, capacity)?;
            let place = c.file.map_or(String::new(), |f| format!(" in {}", f.name()));
            let leave = events::describe_leave(c.source, &path, receiver.end());
            Some(Abandoned {
                how: format!("{generator} returns it to a caller{place} that may {leave} without receiving"),
                measured: receiver.measured.then(|| {
                    format!("a caller{place} reads the channel's length or capacity, which a buffer changes")
                }),
            })
        })
}

/// Whether the generator's callers can tell when no sender was started.
/// `Some(None)`: every `return` comes after the senders are launched.
/// `Some(Some(e))`: the returns before the launch give a non-`nil` result
/// `e` (an error) and those after it a literal `nil`, so a caller's
/// `if err != nil` branch runs only when nothing was launched. `None`: a
/// caller may get the channel with no sender behind it, unknowingly; or the
/// launches are not plain statements of the generator's body.
fn error_guard(
    source: &str,
    decl: &ChannelDecl,
    senders: &Senders,
    result: Returned,
) -> Option<Option<usize>> {
    let body = decl.function.child_by_field_name("body")?;
    let top = go::statements(body);
    let at_top = |node: Node| top.iter().any(|s| s.id() == node.id());
    let launched_at_top = |launch: &Node| {
        top.iter().any(|s| {
            s.id() == launch.id() || (s.kind() == "expression_statement" && go::contains(*s, *launch))
        })
    };
    if !at_top(decl.statement) || !senders.launches.iter().all(launched_at_top) {
        return None;
    }
    let first = senders.launches.iter().map(|l| l.start_byte()).min()?;
    let name = decl.name(source);
    let returns: Vec<Vec<Node>> = go::descendants_outside_closures(body)
        .into_iter()
        .filter(|n| n.kind() == "return_statement")
        .map(|r| children(r).into_iter().next().map(children).unwrap_or_default())
        .collect();
    let starts: Vec<usize> = go::descendants_outside_closures(body)
        .into_iter()
        .filter(|n| n.kind() == "return_statement")
        .map(|r| r.start_byte())
        .collect();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for (values, start) in returns.iter().zip(starts) {
        if values.len() != result.results {
            return None; // a bare return of named results: not followed
        }
        if start < first { before.push(values) } else { after.push(values) }
    }
    if after.iter().any(|v| text(v[result.position], source) != name) {
        return None;
    }
    if before.is_empty() {
        return Some(None);
    }
    let guards = |e: usize| {
        e != result.position
            && after.iter().all(|v| text(v[e], source) == "nil")
            && before.iter().all(|v| text(v[e], source) != "nil")
    };
    (0..result.results).find(|e| guards(*e)).map(Some)
}

/// The other results of the generator that are channels its one sender
/// sends on only as its last act (see [`finishes_sender`]): a caller that
/// receives from one of them (`return resc, errc`) knows that the sender
/// is done and will never send on the channel.
fn finishing_results(source: &str, decl: &ChannelDecl, senders: &Senders, result: Returned) -> Vec<usize> {
    let Some(body) = decl.function.child_by_field_name("body") else { return Vec::new() };
    let first = senders.launches.iter().map(|l| l.end_byte()).min().unwrap_or(0);
    let returned: Vec<Vec<Node>> = go::descendants_outside_closures(body)
        .into_iter()
        .filter(|n| n.kind() == "return_statement" && n.start_byte() > first)
        .map(|r| children(r).into_iter().next().map(children).unwrap_or_default())
        .collect();
    let name_at = |i: usize| {
        let names: HashSet<&str> =
            returned.iter().filter_map(|v| v.get(i)).map(|n| text(*n, source)).collect();
        let [name] = names.into_iter().collect::<Vec<_>>()[..] else { return None };
        Some(name)
    };
    let in_return = |ident: Node| {
        go::enclosing(ident, &["return_statement", "func_literal"])
            .is_some_and(|r| r.kind() == "return_statement")
    };
    (0..result.results)
        .filter(|i| *i != result.position)
        .filter(|i| {
            name_at(*i).is_some_and(|name| {
                name != decl.name(source) && finishes_sender(source, decl, senders, name, &in_return)
            })
        })
        .collect()
}

/// Whether the declaring function's channel `name` is sent on only by the
/// one sender, each time as its last act (followed by `return`, or ending
/// its body), and is otherwise only declared, closed by the sender or
/// mentioned where `handed` says (returned, passed to the receiver).
fn finishes_sender(
    source: &str,
    decl: &ChannelDecl,
    senders: &Senders,
    name: &str,
    handed: &dyn Fn(Node) -> bool,
) -> bool {
    let [launch] = senders.launches.as_slice() else { return false };
    let Some(sender) = channel::launched_literal(*launch).and_then(|l| l.child_by_field_name("body")) else {
        return false;
    };
    let Some(body) = decl.function.child_by_field_name("body") else { return false };
    let last_act = |send: Node| {
        let Some(list) = send.parent() else { return false };
        let next = children(list).into_iter().find(|n| n.start_byte() >= send.end_byte());
        next.is_some_and(|n| n.kind() == "return_statement")
            || (next.is_none() && list.parent().is_some_and(|b| b.id() == sender.id()))
    };
    let mut sends = 0;
    let all_known = go::identifiers(body, source, name).into_iter().all(|ident| {
        let parent = ident.parent();
        let send = parent.filter(|p| {
            p.kind() == "send_statement"
                && p.child_by_field_name("channel").is_some_and(|c| c.id() == ident.id())
        });
        let closed = parent
            .and_then(|p| p.parent())
            .is_some_and(|call| go::closed_channel(call, source) == Some(name));
        match send {
            Some(send) => {
                sends += 1;
                go::contains(sender, send) && last_act(send)
            }
            None if go::contains(sender, ident) => closed,
            None => go::declares(ident, source) || handed(ident),
        }
    });
    all_known && sends > 0
}

/// Whether a method call's receiver is a name declared in the calling
/// function (`c.start()`, `s.client.start()`), not an imported package.
fn local_operand(source: &str, call: Node) -> bool {
    let Some(mut root) = call.child_by_field_name("function").and_then(|f| f.child_by_field_name("operand"))
    else {
        return false;
    };
    while root.kind() == "selector_expression" {
        let Some(operand) = root.child_by_field_name("operand") else { return false };
        root = operand;
    }
    let name = text(root, source);
    root.kind() == "identifier"
        && go::top_function(call)
            .is_some_and(|f| go::identifiers(f, source, name).into_iter().any(|i| go::declares(i, source)))
}

/// The receiving side in one function: the statements it runs while it
/// holds the channel, and its receives among them.
struct Receiver<'t> {
    source: &'t str,
    region: Vec<Node<'t>>,
    receives: Vec<Node<'t>>,
    ranges: HashSet<usize>,
    /// It reads `len` or `cap` of the channel.
    measured: bool,
    /// Channels whose receive means the sender is done (see [`finishing_results`]).
    last_sends: HashSet<String>,
}

impl<'t> Receiver<'t> {
    /// The way out of the region that receives fewer values than `count`
    /// less `capacity`, if there is one.
    fn strands(&self, exits: &Exits, count: u64, capacity: u64) -> Option<Path> {
        let mut events = Receives::new(self.source, self.receives.clone(), self.ranges.clone(), None);
        events.last_sends = self.last_sends.clone();
        let walker = Walker { source: self.source, mode: Mode::Fewest, events: &events, exits };
        let mut flow = walker.block(&self.region)?;
        if self.ends_main() {
            flow.fall = None; // running off the end of `main` ends the process
        }
        let path = walker.leaving(&flow)?;
        (path.count.saturating_add(capacity) < count).then_some(path)
    }

    fn end(&self) -> usize {
        self.region.last().map_or(0, |s| s.end_byte())
    }

    fn ends_main(&self) -> bool {
        let Some(last) = self.region.last() else { return false };
        let list = last.parent();
        list.and_then(|l| l.parent()).is_some_and(|b| exits::is_main_body(b, self.source))
            && list.and_then(|l| children(l).last().copied()).is_some_and(|s| s.id() == last.id())
    }
}

/// The receiving side around one call of the generator: `<-gen()` (in a
/// select case or anywhere in a statement), or `ch := gen()` /
/// `ch, err := gen()` followed by code that only receives from `ch`.
fn caller<'t>(
    c: &PackageCall<'t>,
    result: Returned,
    guard: Option<usize>,
    finishing: &[usize],
) -> Option<Receiver<'t>> {
    let source = c.source;
    let parent = c.call.parent()?;
    if parent.kind() == "unary_expression" && text(parent, source).starts_with("<-") {
        let stmt = go::ancestors(parent)
            .into_iter()
            .rev()
            .find(|a| a.parent().is_some_and(|p| p.kind() == "statement_list"))?;
        let nested = go::enclosing(parent, &["func_literal"]).is_some_and(|f| go::contains(stmt, f));
        if nested {
            return None;
        }
        let receives = vec![parent];
        return Some(Receiver {
            source,
            region: vec![stmt],
            receives,
            ranges: HashSet::new(),
            measured: false,
            last_sends: HashSet::new(),
        });
    }
    let list = Some(parent).filter(|p| p.kind() == "expression_list" && children(*p).len() == 1)?;
    let binding = list.parent().filter(|d| d.kind() == "short_var_declaration")?;
    if binding.child_by_field_name("right").is_none_or(|r| r.id() != list.id()) {
        return None;
    }
    let left = children(binding.child_by_field_name("left")?);
    if left.len() != result.results {
        return None;
    }
    let name = text(left[result.position], source);
    let block = binding.parent().filter(|b| b.kind() == "statement_list")?;
    let mut region: Vec<Node> =
        children(block).into_iter().filter(|s| s.start_byte() > binding.end_byte()).collect();
    if let Some(e) = guard {
        let error = text(left[e], source);
        if region.first().is_some_and(|s| is_error_guard(source, *s, error)) {
            region.remove(0);
        }
        // The walk does not know that `err` is nil: a later test of it may
        // exclude the way out it finds.
        if error != "_" && region.iter().any(|s| !go::identifiers(*s, source, error).is_empty()) {
            return None;
        }
    }
    let function = go::enclosing_function(binding)?;
    let mut receiver = receives_only(source, function, region, name)?;
    receiver.last_sends = finishing.iter().map(|i| text(left[*i], source).to_string()).collect();
    Some(receiver)
}

/// `if err != nil { ... }` with no initializer and no else.
fn is_error_guard(source: &str, stmt: Node, error: &str) -> bool {
    stmt.kind() == "if_statement"
        && stmt.child_by_field_name("initializer").is_none()
        && stmt.child_by_field_name("alternative").is_none()
        && stmt.child_by_field_name("condition").is_some_and(|c| text(c, source) == format!("{error} != nil"))
}

/// The receives of `name` in `region` (statements of `function`), when
/// receiving, ranging and comparing with nil is all `function` itself does
/// with it: anything else (stored, handed on, received in a closure) is
/// not followed.
fn receives_only<'t>(
    source: &'t str,
    function: Node<'t>,
    region: Vec<Node<'t>>,
    name: &str,
) -> Option<Receiver<'t>> {
    if name == "_" {
        return None;
    }
    let mut uses = Vec::new();
    for stmt in &region {
        uses.extend(channel::uses_under(*stmt, name, source)?);
    }
    let mut receiver = Receiver {
        source,
        region,
        receives: Vec::new(),
        ranges: HashSet::new(),
        measured: false,
        last_sends: HashSet::new(),
    };
    for u in uses {
        let here = channel::runner(u.node, function, source) == Runner::Maker
            && !channel::deferred(u.node, function);
        match u.kind {
            UseKind::Receive if here => receiver.receives.push(u.node),
            UseKind::Range if here => {
                receiver.ranges.insert(u.node.id());
            }
            UseKind::Inspect => receiver.measured |= u.node.kind() == "call_expression",
            _ => return None,
        }
    }
    (!receiver.receives.is_empty() || !receiver.ranges.is_empty()).then_some(receiver)
}

/// A receiving helper: `helper(..., ch, ...)` called once by the declaring
/// function, where `helper` is a function or the only method of that name
/// in the package and only receives from its parameter.
/// Whether the helper call also hands over another channel the declaring
/// function made, which no sender touches: a channel between the caller
/// and the helper alone (a done or go signal), whose protocol with the
/// helper's ways out we do not read (a case on it may never fire, or be
/// what releases the sender first).
fn hands_own_channel(
    ctx: &Context,
    decl: &ChannelDecl,
    args: Node,
    argument: Node,
    senders: &Senders,
) -> bool {
    let source = ctx.source;
    children(args).into_iter().filter(|a| a.id() != argument.id() && a.kind() == "identifier").any(|a| {
        let name = text(a, source);
        let made_here = crate::names::declaration_in(decl.function, source, a.start_byte(), name)
            .and_then(|d| go::enclosing(d, &["short_var_declaration", "var_spec", "assignment_statement"]))
            .is_some_and(|stmt| text(stmt, source).contains("make(chan"));
        made_here && senders.all.iter().all(|s| go::identifiers(s.body, s.source, name).is_empty())
    })
}

fn helper<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    argument: Node<'t>,
    senders: &Senders<'t>,
    capacity: u64,
) -> Option<Abandoned> {
    let args = argument.parent().filter(|p| p.kind() == "argument_list")?;
    let call = args.parent().filter(|c| c.kind() == "call_expression")?;
    let launched = call.parent().is_some_and(|p| matches!(p.kind(), "go_statement" | "defer_statement"));
    let repeated = !loops::enclosing(call, decl.statement.parent()?).is_empty();
    let elsewhere = channel::runner(call, decl.function, ctx.source) != Runner::Maker
        || channel::deferred(call, decl.function);
    if launched || repeated || elsewhere {
        return None;
    }
    let function = call.child_by_field_name("function")?;
    let plain = function.kind() == "identifier"
        || (function.kind() == "selector_expression" && local_operand(ctx.source, call));
    if !plain {
        return None;
    }
    let index = children(args).iter().position(|a| a.id() == argument.id())?;
    if hands_own_channel(ctx, decl, args, argument, senders) {
        return None;
    }
    let (source, callee) = producer::callee(ctx, call)?;
    let param = channel::parameter(callee, index)?;
    if param.parent().and_then(|d| d.child_by_field_name("type")).is_none_or(|t| t.kind() != "channel_type") {
        return None;
    }
    let region = go::statements(callee.child_by_field_name("body")?);
    let mut receiver = receives_only(source, callee, region, text(param, source))?;
    receiver.last_sends = finishing_parameters(ctx.source, decl, senders, args, callee, source);
    let file = ctx.package.holding(source);
    let exits = exits_of(file);
    let path = receiver.strands(exits.as_ref().unwrap_or(ctx.exits), senders.count.total(), capacity)?;
    let place = file.map_or(String::new(), |f| format!(" (in {})", f.name()));
    let helper = text(function, ctx.source);
    Some(Abandoned {
        how: format!(
            "it is handed to {helper}{place}, which may {} without receiving",
            events::describe_leave(source, &path, receiver.end())
        ),
        measured: receiver
            .measured
            .then(|| format!("{helper} reads the channel's length or capacity, which a buffer changes")),
    })
}

/// The helper's parameters that receive, from the call's `args`, a
/// channel the one sender sends on only as its last act (see
/// [`finishes_sender`]): receiving from one means the sender is done.
fn finishing_parameters(
    source: &str,
    decl: &ChannelDecl,
    senders: &Senders,
    args: Node,
    callee: Node,
    callee_source: &str,
) -> HashSet<String> {
    let mut names = HashSet::new();
    for (index, arg) in children(args).into_iter().enumerate() {
        let name = text(arg, source);
        let other = arg.kind() == "identifier" && name != decl.name(source);
        if other
            && finishes_sender(source, decl, senders, name, &|ident| ident.id() == arg.id())
            && let Some(param) = channel::parameter(callee, index)
        {
            names.insert(text(param, callee_source).to_string());
        }
    }
    names
}

/// The exiting calls of another file of the package holding a receiver,
/// read for it; `None` for the checked file, whose are at hand.
fn exits_of(file: Option<&SourceFile>) -> Option<Exits> {
    let file = file?;
    let path = file.path.to_string_lossy();
    Some(match file.tree() {
        Some(tree) => {
            Exits::of_package(tree.root_node(), &file.text, &path, &Package::of_file(&path, &file.text))
        }
        None => Exits::none(),
    })
}
