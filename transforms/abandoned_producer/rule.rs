//! `abandoned-producer`: a goroutine sends many values on a local channel
//! (in a loop, or more times than the channel's capacity) while its
//! consumer can stop receiving before the channel is drained. Once the
//! buffer is full the producer blocks forever. The fix follows the article:
//! `stopCh := make(chan struct{})` next to the channel, every send of the
//! producer becomes `select { case <-stopCh: return; case ch <- v: }`, and
//! the consumer closes `stopCh` on every way out. When the producers make a
//! small fixed number of sends at their end, capacity for all of them is the
//! smaller fix and wins.
//!
//! The analysis, in order: the channel is declared locally; its only escapes
//! are a `go produce(ch, ...)` call of a function of this file (a named
//! producer, followed into its body) or being returned from a generator
//! (reported without fix, and only when a caller in the file stops reading
//! early); every send is made by a producer goroutine launched from the
//! declaring function; some producer can send more than once (a send
//! followed by `return` or `break` counts once); there is exactly one
//! consumer (the declaring function or one goroutine it launches once); and
//! on some path the consumer receives fewer values than the producers can
//! send beyond the capacity. A consumer paced by the producer's protocol (a
//! channel it sends on or closes, a lock or reader they share, a `wg.Wait()`
//! on its way out, the producer's last send) abandons nothing. Anything else
//! is left alone. Findings whose fix could change more than releasing the
//! producer are reported without a fix.

use crate::bound;
use crate::channel::{self, ChannelDecl, Runner, Use, UseKind};
use crate::events::{self, Receives, Sends};
use crate::exits;
use crate::finding::{Finding, line_col};
use crate::flow::{ALL, Events, Mode, PER_BOUND, Path, Walker};
use crate::go::{self, children, text};
use crate::loops;
use crate::names;
use crate::rules::{Context, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

mod cancel;
mod fields;
mod fix;
pub(crate) mod helpers;
mod signal;

pub const RULE: Rule = Rule {
    id: "abandoned-producer",
    summary: "a goroutine sends in a loop on a channel the consumer may stop reading; give it a stop channel",
    doc: include_str!("README.md"),
    query: include_str!("query.scm"),
    // No `go` needed in the file: the goroutine may be started by a helper
    // or, for a struct field, in another file of the package. A file
    // without `<-` may still hold the consumer, ranging over a channel
    // whose producer sends in another file of the package.
    prefilter: |src| {
        crate::prefilter::makes_channel(src) && (crate::prefilter::has_arrow(src) || src.contains("range"))
    },
    check,
};

fn check(ctx: &Context, make_call: Node) -> Vec<Finding> {
    let Some(decl) = channel::declaration(make_call, ctx.source) else {
        return fields::check(ctx, make_call).into_iter().collect();
    };
    if super::double_send::fixes_missing_return(ctx, &decl) {
        return vec![]; // a missing `return` between two sends: double-send's fix
    }
    analyse(ctx, &decl).or_else(|| cancel::check(ctx, &decl)).into_iter().collect()
}

/// One producer goroutine: a launched function literal, or a named function
/// of this file launched with `go produce(ch, ...)`.
struct Producer<'t> {
    go_stmt: Node<'t>,
    /// The text of the file holding the producer's function (a named
    /// producer may live in another file of the package).
    source: &'t str,
    /// The function whose body the goroutine runs.
    function: Node<'t>,
    /// For a named producer: the call's argument list.
    named_call: Option<Node<'t>>,
    /// Every send on the channel it makes, in source order.
    sends: Vec<Node<'t>>,
    /// The most blocking sends on one run.
    count: u64,
    /// When its blocking sends all sit in one loop, at most one per
    /// iteration: the loop's bound (`xs` for `range xs`, `n` for `i < n`).
    key: Option<String>,
}

/// Who receives from the channel.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Consumer<'t> {
    Maker,
    Goroutine(Node<'t>),
}

fn analyse<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>) -> Option<Finding> {
    let source = ctx.source;
    let uses = decl.uses(source)?;
    let mut generator = false;
    let mut named_calls: Vec<(Node, Node, usize)> = Vec::new(); // (go_stmt, call, argument index)
    let mut helper_calls: Vec<(Node, Node, usize)> = Vec::new(); // (call statement, call, argument index)
    let mut literal_launches: Vec<Node> = Vec::new();
    let mut consumer: Option<Consumer> = None;
    let mut receives: Vec<Use> = Vec::new();
    for u in &uses {
        match u.kind {
            UseKind::Send => match channel::runner(u.node, decl.function, ctx.source) {
                Runner::Goroutine(g) => {
                    if !literal_launches.iter().any(|l| l.id() == g.id()) {
                        literal_launches.push(g);
                    }
                }
                _ => return None,
            },
            UseKind::Receive | UseKind::Range => {
                let this = match channel::runner(u.node, decl.function, ctx.source) {
                    Runner::Maker if channel::deferred(u.node, decl.function) => return None,
                    Runner::Maker => Consumer::Maker,
                    Runner::Goroutine(g) => Consumer::Goroutine(g),
                    Runner::Opaque => return None,
                };
                if consumer.is_some_and(|c| c != this) {
                    return None; // several consumers: not followed
                }
                consumer = Some(this);
                receives.push(*u);
            }
            UseKind::Close | UseKind::Inspect => {}
            UseKind::Escape => {
                if let Some(call) = named_go_call(u.ident, decl) {
                    named_calls.push(call);
                } else if let Some(call) = helpers::helper_call(u.ident, decl) {
                    helper_calls.push(call);
                } else if returned_from_generator(u.ident, decl) {
                    generator = true;
                } else {
                    return None;
                }
            }
        }
    }
    if let Some(Consumer::Goroutine(g)) = consumer
        && literal_launches.iter().any(|l| l.id() == g.id())
    {
        return None; // one goroutine both sends and receives
    }
    let mut producers = Vec::new();
    for &go_stmt in &literal_launches {
        producers.push(literal_producer(ctx, decl, &uses, go_stmt)?);
    }
    for &(go_stmt, call, index) in &named_calls {
        producers.push(named_producer(ctx, go_stmt, call, index)?);
    }
    for &(stmt, call, index) in &helper_calls {
        producers.push(helpers::helper_producer(ctx, stmt, call, index)?);
    }
    if producers.iter().all(|p| p.count < 2) {
        return None; // single sends are abandoned-sender's business
    }
    if producers.iter().any(dispatches) {
        return None; // how many values each channel gets is the peer's protocol
    }
    let total = total_sends(ctx, decl, &producers);
    let key = match producers.as_slice() {
        [only] if launched_once(only.go_stmt, decl) => only.key.clone(),
        _ => None,
    };
    let capacity = match decl.capacity {
        None => 0,
        Some(c) if c.kind() == "int_literal" => text(c, source).replace('_', "").parse().ok()?,
        // A computed capacity (often `len(xs)` for a producer ranging over
        // `xs`, which can never block) is not second-guessed.
        Some(_) => return None,
    };
    if total <= capacity {
        return None;
    }
    if generator {
        if consumer.is_some() {
            return None;
        }
        let caller = early_stopping_caller(ctx, decl, total)?;
        return Some(report_generator(ctx, decl, &caller));
    }
    let consumer = consumer?;
    let region = consumer_region(decl, consumer, &producers)?;
    let mut events = Receives::new(
        source,
        receives.iter().filter(|u| u.kind == UseKind::Receive).map(|u| u.node).collect(),
        receives.iter().filter(|u| u.kind == UseKind::Range).map(|u| u.node.id()).collect(),
        key,
    );
    events.last_sends = last_sends(source, &producers, decl.name(source));
    let bodies: Vec<Node> = producers
        .iter()
        .filter(|p| p.named_call.is_none())
        .filter_map(|p| p.function.child_by_field_name("body"))
        .collect();
    for body in &bodies {
        events.finished_flags.extend(events::set_before_return(*body, source));
    }
    events.finished_when_closed(&region, &bodies);
    events.breaks_out_of_ranges(decl.function);
    let walker = Walker { source, mode: Mode::Fewest, events: &events, exits: ctx.exits };
    let mut flow = walker.block(&region)?;
    if region.first().and_then(|s| s.parent()).is_some_and(|b| exits::is_main_body(b, source)) {
        flow.fall = None; // running off the end of `main` ends the process
    }
    // The consumer leaves early on a path that returns (or panics, or jumps
    // out) having received too few values; a path that just runs to the end
    // of its code counts only when something on it turned away (a break, a
    // select case): a fixed number of receives alone may be a protocol.
    let short = |p: Option<Path>| p.filter(|p| capacity.saturating_add(p.count) < total);
    let mut jumps = flow.clone();
    jumps.fall = None;
    jumps.exit = None;
    let early = short(flow.exit)
        .or_else(|| short(walker.leaving(&jumps)))
        .or_else(|| short(flow.fall).filter(|p| p.way_out().is_some()))?;
    if paced_by_consumer(source, &producers, &region)
        || paced_by_shared_object(source, &producers, &region)
        || waits_on_way_out(source, &producers, &region, &early)
    {
        return None;
    }
    let leave = events::describe_leave(source, &early, region.last().map_or(0, |s| s.end_byte()));
    Some(report(ctx, decl, consumer, &receives, &producers, &leave, total))
}

/// `go produce(..., ch, ...)` where `produce` is a function declared in this file.
fn named_go_call<'t>(ident: Node<'t>, decl: &ChannelDecl<'t>) -> Option<(Node<'t>, Node<'t>, usize)> {
    let args = ident.parent().filter(|p| p.kind() == "argument_list")?;
    let call = args.parent().filter(|c| c.kind() == "call_expression")?;
    let go_stmt = call.parent().filter(|g| g.kind() == "go_statement")?;
    if go::enclosing_function(go_stmt).is_none_or(|f| f.id() != decl.function.id()) {
        return None;
    }
    // `go produce(ch)` or `go w.produce(ch)` (a method of a variable).
    let function = call.child_by_field_name("function")?;
    let is_method = function.kind() == "selector_expression"
        && function.child_by_field_name("operand").is_some_and(|o| o.kind() == "identifier");
    if function.kind() != "identifier" && !is_method {
        return None;
    }
    let index = children(args).iter().position(|a| a.id() == ident.id())?;
    Some((go_stmt, call, index))
}

/// `return ch` from the declaring function, whose result is a channel type.
fn returned_from_generator(ident: Node, decl: &ChannelDecl) -> bool {
    let Some(ret) = ident.parent().filter(|p| p.kind() == "expression_list").and_then(|l| l.parent()) else {
        return false;
    };
    ret.kind() == "return_statement"
        && go::enclosing_function(ret).is_some_and(|f| f.id() == decl.function.id())
        && decl.function.child_by_field_name("result").is_some_and(|r| r.kind() == "channel_type")
}

/// The function declaration `name` at the top level of the file, if unique.
fn function_named<'t>(root: Node<'t>, name: &str, source: &str) -> Option<Node<'t>> {
    let mut found = children(root).into_iter().filter(|d| {
        d.kind() == "function_declaration"
            && d.child_by_field_name("name").is_some_and(|n| text(n, source) == name)
    });
    let only = found.next()?;
    found.next().is_none().then_some(only)
}

/// The only method called `name` in the package (of whatever receiver
/// type): in this file, or in exactly one other file. Two types with a
/// method of that name: not followed (the receiver's type is not known).
pub(crate) fn method_named<'t>(ctx: &Context<'t>, name: &str) -> Option<(&'t str, Node<'t>)> {
    let here: Vec<Node> = children(ctx.tree.root_node())
        .into_iter()
        .filter(|d| {
            d.kind() == "method_declaration"
                && d.child_by_field_name("name").is_some_and(|n| text(n, ctx.source) == name)
        })
        .collect();
    let elsewhere: Vec<&crate::package::SourceFile> = ctx
        .package
        .siblings()
        .into_iter()
        .filter(|f| f.decls.iter().any(|d| d.kind == crate::package::DeclKind::Method && d.name == name))
        .collect();
    match (here.as_slice(), elsewhere.as_slice()) {
        ([only], []) => Some((ctx.source, *only)),
        ([], [file]) => {
            let receivers: Vec<&str> = file
                .decls
                .iter()
                .filter(|d| d.kind == crate::package::DeclKind::Method && d.name == name)
                .filter_map(|d| d.receiver.as_deref())
                .collect();
            let [receiver] = receivers.as_slice() else { return None };
            Some((file.text.as_str(), file.function(name, Some(receiver))?))
        }
        _ => None,
    }
}

fn literal_producer<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    uses: &[Use<'t>],
    go_stmt: Node<'t>,
) -> Option<Producer<'t>> {
    let function = channel::launched_literal(go_stmt)?;
    let mine =
        |u: &&Use<'t>| channel::runner(u.node, decl.function, ctx.source) == Runner::Goroutine(go_stmt);
    if uses.iter().filter(mine).any(|u| matches!(u.kind, UseKind::Receive | UseKind::Range)) {
        return None;
    }
    let sends: Vec<Node> =
        uses.iter().filter(mine).filter(|u| u.kind == UseKind::Send).map(|u| u.node).collect();
    producer(ctx.source, ctx.exits, go_stmt, function, None, sends)
}

/// The function a call runs: a function or the only method of that name in
/// the package, or a function value stored in a local (`f := s.run`,
/// `f := func(...) {...}`).
pub(crate) fn callee<'t>(ctx: &Context<'t>, call: Node<'t>) -> Option<(&'t str, Node<'t>)> {
    let callee = call.child_by_field_name("function")?;
    if let Some(method) = callee.child_by_field_name("field") {
        return method_named(ctx, text(method, ctx.source));
    }
    let name = text(callee, ctx.source);
    if let Some(value) = helpers::local_function_value(ctx, call, name) {
        return value;
    }
    match function_named(ctx.tree.root_node(), name, ctx.source) {
        Some(function) => Some((ctx.source, function)),
        None => ctx.package.function(name).map(|(file, f)| (file.text.as_str(), f)),
    }
}

fn named_producer<'t>(
    ctx: &Context<'t>,
    go_stmt: Node<'t>,
    call: Node<'t>,
    index: usize,
) -> Option<Producer<'t>> {
    let (source, function) = callee(ctx, call)?;
    let param = channel::parameter(function, index)?;
    let param_name = text(param, source);
    if param_name == "_" {
        return None;
    }
    let body = function.child_by_field_name("body")?;
    let uses = channel::uses_under(body, param_name, source)?;
    let mut sends = Vec::new();
    for u in uses {
        match u.kind {
            UseKind::Send if go::enclosing_function(u.node).is_some_and(|f| f.id() == function.id()) => {
                sends.push(u.node)
            }
            UseKind::Close | UseKind::Inspect => {}
            _ => return None,
        }
    }
    producer(source, ctx.exits, go_stmt, function, call.child_by_field_name("arguments"), sends)
}

fn producer<'t>(
    source: &'t str,
    exits: &crate::exits::Exits,
    go_stmt: Node<'t>,
    function: Node<'t>,
    named_call: Option<Node<'t>>,
    sends: Vec<Node<'t>>,
) -> Option<Producer<'t>> {
    let body = function.child_by_field_name("body")?;
    let blocking: HashSet<usize> = sends.iter().filter(|s| events::blocks(**s)).map(|s| s.id()).collect();
    // A send under `if i == n` in the loop over `i` happens once a run.
    let once: HashSet<usize> = sends
        .iter()
        .filter(|s| blocking.contains(&s.id()) && once_per_run(source, **s, body))
        .map(|s| s.id())
        .collect();
    let events = Sends { ids: blocking.difference(&once).copied().collect() };
    let walker = Walker { source, mode: Mode::Most, events: &events, exits };
    let once_count = u64::try_from(once.len()).unwrap_or(ALL);
    let mut count = walker.leaving(&walker.block(&go::statements(body))?)?.count.saturating_add(once_count);
    let mut key = None;
    // Only sends that go round a loop are bounded by it: a send followed by
    // `return` or `break` happens at most once however long the loop runs.
    let repeats = count >= ALL;
    if let Some((bound, per_iteration)) =
        send_loop(source, body, &sends, &blocking, &walker).filter(|_| repeats)
    {
        match bound.parse::<u64>() {
            Ok(n) => count = n.saturating_mul(per_iteration),
            Err(_) if per_iteration == 1 => {
                count = PER_BOUND;
                key = Some(bound);
            }
            Err(_) => {}
        }
    }
    Some(Producer { go_stmt, source, function, named_call, sends, count, key })
}

/// Whether `send` sits in a single loop of the producer's `body` and runs
/// at most once in it ([`loops::once_per_loop`]).
fn once_per_run(source: &str, send: Node, body: Node) -> bool {
    let integer = |ident: Node| {
        let name = text(ident, source);
        names::declaration_in(go::root(ident), source, ident.start_byte(), name)
            .and_then(|d| d.parent())
            .and_then(|p| if p.kind() == "expression_list" { p.parent() } else { Some(p) })
            .filter(|spec| matches!(spec.kind(), "short_var_declaration" | "var_spec" | "const_spec"))
            .and_then(|spec| spec.child_by_field_name("right").or_else(|| spec.child_by_field_name("value")))
            .is_some_and(|values| children(values).iter().all(|v| v.kind() == "int_literal"))
    };
    match loops::enclosing(send, body).as_slice() {
        [only] => loops::once_per_loop(source, send, *only, &integer),
        _ => false,
    }
}

/// Whether the producer is a dispatcher: in the loop around its sends, a
/// branch (if/else, switch case) sends on this channel and another branch
/// on another channel, by the kind of each value it reads. How many values
/// each channel gets, and whether any is still to come when the consumer
/// leaves, is then the peer's protocol, which the source does not show.
fn dispatches(producer: &Producer) -> bool {
    let source = producer.source;
    let Some(body) = producer.function.child_by_field_name("body") else { return false };
    let Some(own) = producer.sends.first() else { return false };
    let Some(the_loop) = loops::enclosing(*own, body).first().copied() else { return false };
    let own_channel = own.child_by_field_name("channel").map(|c| text(c, source));
    let others = go::descendants_outside_closures(the_loop).into_iter().filter(|n| {
        n.kind() == "send_statement"
            && events::blocks(*n)
            && n.child_by_field_name("channel").map(|c| text(c, source)) != own_channel
            && !n
                .next_named_sibling()
                .is_some_and(|x| matches!(x.kind(), "return_statement" | "break_statement"))
    });
    others.into_iter().any(|other| producer.sends.iter().any(|send| exclusive_branches(*send, other)))
}

/// Whether `a` and `b` lie in different branches of the same `if` or
/// `switch` (the one nearest to both).
fn exclusive_branches(a: Node, b: Node) -> bool {
    let (up_a, up_b) = (go::ancestors(a), go::ancestors(b));
    let common = up_a.iter().zip(&up_b).take_while(|(x, y)| x.id() == y.id()).count();
    let (Some(join), Some(branch_a), Some(branch_b)) =
        (up_a.get(common.wrapping_sub(1)), up_a.get(common), up_b.get(common))
    else {
        return false;
    };
    let branches = |n: &Node| match join.kind() {
        "if_statement" => ["consequence", "alternative"]
            .iter()
            .any(|f| join.child_by_field_name(f).is_some_and(|c| c.id() == n.id())),
        "expression_switch_statement" | "type_switch_statement" => {
            matches!(n.kind(), "expression_case" | "type_case" | "default_case")
        }
        _ => false,
    };
    common > 0 && branch_a.id() != branch_b.id() && branches(branch_a) && branches(branch_b)
}

/// Whether the go statement runs once per run of the declaring function's
/// scope (not inside a loop after the declaration).
fn launched_once(go_stmt: Node, decl: &ChannelDecl) -> bool {
    decl.statement.parent().is_some_and(|scope| loops::enclosing(go_stmt, scope).is_empty())
}

/// When every blocking send lies in one loop of the producer that runs at
/// most once, with a known bound: the bound and the most sends per iteration.
fn send_loop<E: Events>(
    source: &str,
    body: Node,
    sends: &[Node],
    blocking: &HashSet<usize>,
    walker: &Walker<E>,
) -> Option<(String, u64)> {
    let mut the_loop: Option<Node> = None;
    for send in sends.iter().filter(|s| blocking.contains(&s.id())) {
        let outer = *loops::enclosing(*send, body).last()?;
        if the_loop.is_some_and(|l| l.id() != outer.id()) {
            return None;
        }
        the_loop = Some(outer);
    }
    let the_loop = the_loop?;
    let bound = match loops::bound(source, the_loop) {
        Some(bound) => bound.key,
        None => loops::iterations_at_most(source, the_loop)?.to_string(),
    };
    let flow = walker.block(&go::statements(the_loop.child_by_field_name("body")?))?;
    let per_iteration = walker.leaving(&flow)?.count;
    (per_iteration <= 1).then_some((bound, per_iteration))
}

/// All the blocking sends the producers can make together: each producer's
/// sends times the goroutines its `go` statement launches, when that is a
/// constant (`for i := 0; i < 4; i++ { go ... }`); otherwise unbounded.
fn total_sends(ctx: &Context, decl: &ChannelDecl, producers: &[Producer]) -> u64 {
    producers
        .iter()
        .map(|p| match bound::launches(ctx.source, p.go_stmt, decl) {
            _ if p.count == 0 => 0,
            Some(n) if !n.looped() && n.fixed == 1 => p.count,
            Some(n) if !n.looped() && p.count < PER_BOUND => p.count.saturating_mul(n.fixed),
            _ => ALL,
        })
        .fold(0u64, |a, b| a.saturating_add(b))
        .min(ALL)
}

/// Whether a producer waits for a channel that the consumer sends on (a
/// ping-pong or request/response protocol): then the consumer paces the
/// producer, which blocks on that receive rather than on its sends once the
/// consumer is gone, and a stop channel on the sends would not release it.
fn paced_by_consumer(source: &str, producers: &[Producer], region: &[Node]) -> bool {
    let consumer_code: Vec<Node> = region.iter().flat_map(|s| go::descendants_outside_closures(*s)).collect();
    // Channels the consumer sends on: the go-ahead for the producer's next send.
    let sent: HashSet<&str> = consumer_code
        .iter()
        .filter(|n| n.kind() == "send_statement")
        .filter_map(|n| n.child_by_field_name("channel"))
        .map(|c| text(c, source))
        .collect();
    // Channels the consumer closes: a go-ahead (or a stop) only for a
    // producer that waits on them between its sends.
    let closed: HashSet<&str> = consumer_code.iter().filter_map(|n| go::closed_channel(*n, source)).collect();
    producers.iter().any(|p| {
        let renames = parameter_arguments(source, p);
        let source = p.source;
        let Some(body) = p.function.child_by_field_name("body") else { return true };
        let send_loops: Vec<Node> =
            p.sends.iter().filter_map(|s| loops::enclosing(*s, body).last().copied()).collect();
        go::descendants_outside_closures(body).into_iter().any(|n| {
            let waited_on = match n.kind() {
                "range_clause" => n.child_by_field_name("right").map(|r| text(r, source)),
                _ => go::received_from(n, source),
            };
            waited_on.is_some_and(|name| {
                let outer = as_launched(&renames, name);
                let between_sends = send_loops.iter().any(|l| go::contains(*l, n));
                sent.contains(outer) || (between_sends && closed.contains(outer))
            })
        })
    })
}

/// Channels other than `own` that the producers send on only as their last
/// act (every such send is followed by `return`), under the consumer's names.
fn last_sends(source: &str, producers: &[Producer], own: &str) -> HashSet<String> {
    let mut last: HashSet<String> = HashSet::new();
    let mut not_last: HashSet<String> = HashSet::new();
    for p in producers {
        let renames = parameter_arguments(source, p);
        let source = p.source;
        let Some(body) = p.function.child_by_field_name("body") else { continue };
        for send in
            go::descendants_outside_closures(body).into_iter().filter(|n| n.kind() == "send_statement")
        {
            let Some(channel) = send.child_by_field_name("channel").map(|c| text(c, source)) else {
                continue;
            };
            let outer = as_launched(&renames, channel);
            let returns = send.next_named_sibling().is_some_and(|n| n.kind() == "return_statement");
            if returns { &mut last } else { &mut not_last }.insert(outer.to_string());
        }
    }
    last.retain(|c| c != own && !not_last.contains(c));
    last
}

/// Whether the producers block between their sends on something the
/// consumer shares with them (`mu.Lock()` against the consumer's
/// `Unlock()`, a read of data the consumer writes, a queue it pushes to):
/// that paces the producer, which is then not stuck on a send when the
/// consumer goes.
fn paced_by_shared_object(source: &str, producers: &[Producer], region: &[Node]) -> bool {
    const BLOCKING: &[&str] = &[
        "Lock",
        "RLock",
        "Wait",
        "Acquire",
        "Read",
        "ReadFrom",
        "ReadFromUDP",
        "ReadMsgUDP",
        "Recv",
        "RecvMsg",
        "Accept",
        "Pop",
        "pop",
        "Take",
    ];
    const NOT_SHARED: &[&str] = &["t", "b", "tb", "f", "c", "ctx", "fmt", "log", "time", "errors"];
    let mut touched: HashSet<&str> = HashSet::new();
    for call in consumer_calls(region) {
        if let Some((object, _)) =
            call.child_by_field_name("function").and_then(|f| text(f, source).rsplit_once('.'))
        {
            touched.insert(object);
        }
        for arg in call.child_by_field_name("arguments").map(children).unwrap_or_default() {
            touched.insert(text(arg, source));
        }
    }
    let shared = |name: String| !NOT_SHARED.contains(&name.as_str()) && touched.contains(name.as_str());
    producer_calls(source, producers).into_iter().any(|(function, args)| match function.rsplit_once('.') {
        Some((object, method)) if BLOCKING.contains(&method) => shared(object.to_string()),
        _ if function.contains("Wait") => args.into_iter().any(shared),
        _ => false,
    })
}

/// Whether the consumer, on its way out by `early`, waits for the producers
/// to finish (`wg.Wait()` deferred, or after the loop it breaks out of, on a
/// WaitGroup they call `Done()` on): it does not abandon them.
fn waits_on_way_out(source: &str, producers: &[Producer], region: &[Node], early: &Path) -> bool {
    let Some(out) = early.leave else { return false };
    let waits: HashSet<&str> = region
        .iter()
        .filter(|s| match s.kind() {
            "defer_statement" => true,
            "expression_statement" => s.start_byte() > out,
            _ => false,
        })
        .filter_map(|s| {
            let call = go::descendants(*s).into_iter().find(|n| n.kind() == "call_expression")?;
            let (object, method) = text(call.child_by_field_name("function")?, source).rsplit_once('.')?;
            (method == "Wait").then_some(object)
        })
        .collect();
    let breaks_out = source[out..].starts_with("break");
    producer_calls(source, producers).into_iter().any(|(function, _)| {
        function.rsplit_once('.').is_some_and(|(object, method)| {
            method == "Done"
                && waits.contains(object)
                && (breaks_out || region_defers_wait(source, region, object))
        })
    })
}

fn region_defers_wait(source: &str, region: &[Node], object: &str) -> bool {
    region
        .iter()
        .any(|s| s.kind() == "defer_statement" && text(*s, source).contains(&format!("{object}.Wait()")))
}

/// Every call the consumer's code makes.
fn consumer_calls<'t>(region: &[Node<'t>]) -> Vec<Node<'t>> {
    region
        .iter()
        .flat_map(|s| go::descendants_outside_closures(*s))
        .filter(|n| n.kind() == "call_expression")
        .collect()
}

/// Every call the producers make, as (function text, argument texts), with
/// a named producer's parameters read as the arguments it was launched with.
fn producer_calls(source: &str, producers: &[Producer]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for p in producers {
        let renames = parameter_arguments(source, p);
        let source = p.source;
        let outer = |name: &str| {
            let (head, rest) = name.split_once('.').map_or((name, ""), |(h, r)| (h, r));
            let head = as_launched(&renames, head);
            if rest.is_empty() { head.to_string() } else { format!("{head}.{rest}") }
        };
        let Some(body) = p.function.child_by_field_name("body") else { continue };
        for call in go::descendants(body).into_iter().filter(|n| n.kind() == "call_expression") {
            let Some(function) = call.child_by_field_name("function") else { continue };
            let args = call.child_by_field_name("arguments").map(children).unwrap_or_default();
            out.push((outer(text(function, source)), args.iter().map(|a| outer(text(*a, source))).collect()));
        }
    }
    out
}

/// `name` as the launching function sees it: a parameter of a named
/// producer is read as the argument it was launched with.
fn as_launched<'s>(renames: &[(&'s str, &'s str)], name: &'s str) -> &'s str {
    renames.iter().find(|(param, _)| *param == name).map_or(name, |(_, arg)| *arg)
}

/// `(parameter, argument)` text pairs of the call a producer was launched with.
fn parameter_arguments<'s>(source: &'s str, p: &Producer<'s>) -> Vec<(&'s str, &'s str)> {
    let Some(call) = children(p.go_stmt).into_iter().next() else { return vec![] };
    let args = call.child_by_field_name("arguments").map(children).unwrap_or_default();
    let Some(params) = p.function.child_by_field_name("parameters") else { return vec![] };
    let mut names = Vec::new();
    for decl in children(params) {
        let mut cursor = decl.walk();
        names.extend(decl.children_by_field_name("name", &mut cursor).map(|n| text(n, p.source)));
    }
    names.into_iter().zip(args.iter().map(|a| text(*a, source))).collect()
}

/// The statements the consumer runs while the producers send.
fn consumer_region<'t>(
    decl: &ChannelDecl<'t>,
    consumer: Consumer<'t>,
    producers: &[Producer<'t>],
) -> Option<Vec<Node<'t>>> {
    match consumer {
        Consumer::Maker => {
            let first = producers.iter().map(|p| p.go_stmt.start_byte()).min()?;
            Some(decl.scope().into_iter().filter(|s| s.end_byte() > first).collect())
        }
        Consumer::Goroutine(g) => {
            if !launched_once(g, decl) {
                return None;
            }
            let body = channel::launched_literal(g)?.child_by_field_name("body")?;
            Some(go::statements(body))
        }
    }
}

const WARNING: &str =
    "closing the data channel from the consumer is not a fix: the producer's next send would panic";

fn report_generator(ctx: &Context, decl: &ChannelDecl, caller: &str) -> Finding {
    let name = decl.name(ctx.source);
    let message = format!(
        "producer goroutine can block forever sending on {name}: {name} is returned to a caller that stops receiving before it is drained ({caller})"
    );
    let reason = format!(
        "{name} escapes through the return value; the function needs a cancellation parameter (a context or a done channel) that callers close when they stop reading"
    );
    Finding::unfixed(RULE.id, decl.make_call.byte_range(), message, reason)
}

/// A call of the generator, in this file or another file of the package,
/// whose caller stops receiving before the channel is drained: a range
/// over the result that can break or return, or a receive outside any
/// loop. Where it is: `line N` in this file, `file.go:N` in another.
/// Callers out of view (other packages) are not guessed at: no call seen,
/// no finding.
fn early_stopping_caller(ctx: &Context, decl: &ChannelDecl, sends: u64) -> Option<String> {
    let name = text(decl.function.child_by_field_name("name")?, ctx.source);
    let method = decl.function.kind() == "method_declaration";
    package_calls(ctx, name, method).find_map(|c| {
        let stop = stops_early(c.source, c.call, sends)?;
        let line = line_col(c.source, stop.start_byte()).0;
        Some(match c.file {
            None => format!("line {line}"),
            Some(file) => format!("{}:{line}", file.name()),
        })
    })
}

/// A call of a function or method of the package, where it was found.
pub(crate) struct PackageCall<'t> {
    /// The text of the file holding the call.
    pub source: &'t str,
    /// That file, when it is not the checked one.
    pub file: Option<&'t crate::package::SourceFile>,
    pub call: Node<'t>,
}

/// Every call of `name` (a method when `method`: `x.name(...)`; else a
/// plain `name(...)`), first in the checked file, then in the other files of
/// the package that mention it (each parsed only when reached).
pub(crate) fn package_calls<'t>(
    ctx: &Context<'t>,
    name: &str,
    method: bool,
) -> impl Iterator<Item = PackageCall<'t>> + 't {
    let source = ctx.source;
    let here = calls_named(ctx.tree.root_node(), source, name, method)
        .into_iter()
        .map(move |call| PackageCall { source, file: None, call });
    let name = name.to_string();
    let elsewhere = ctx.package.siblings().into_iter().filter(|f| f.mentions(&name)).collect::<Vec<_>>();
    let elsewhere = elsewhere.into_iter().flat_map(move |file| {
        let calls = file.tree().map(|t| calls_named(t.root_node(), &file.text, &name, method));
        calls.unwrap_or_default().into_iter().map(move |call| PackageCall {
            source: &file.text,
            file: Some(file),
            call,
        })
    });
    here.chain(elsewhere)
}

/// The calls of `name` under `root`.
fn calls_named<'t>(root: Node<'t>, source: &str, name: &str, method: bool) -> Vec<Node<'t>> {
    go::descendants(root)
        .into_iter()
        .filter(|call| {
            call.kind() == "call_expression"
                && call.child_by_field_name("function").is_some_and(|function| {
                    let callee = match function.kind() {
                        "identifier" if !method => Some(function),
                        "selector_expression" if method => function.child_by_field_name("field"),
                        _ => None,
                    };
                    callee.is_some_and(|c| text(c, source) == name)
                })
        })
        .collect()
}

/// Where the caller around `call` stops reading the channel it returns.
fn stops_early<'t>(source: &str, call: Node<'t>, sends: u64) -> Option<Node<'t>> {
    let parent = call.parent()?;
    if parent.kind() == "range_clause" {
        return loop_exit(source, parent.parent()?);
    }
    let list = Some(parent).filter(|p| p.kind() == "expression_list")?;
    let assign = list.parent().filter(|a| a.kind() == "short_var_declaration")?;
    let left = children(assign.child_by_field_name("left")?);
    let [var] = left.as_slice() else { return None };
    let scope = assign.parent()?;
    let mut uses = Vec::new();
    for stmt in children(scope).into_iter().filter(|s| s.start_byte() > assign.end_byte()) {
        uses.extend(channel::uses_under(stmt, text(*var, source), source)?);
    }
    let single = |u: &&Use| {
        u.kind == UseKind::Receive && go::enclosing(u.node, &["for_statement", "func_literal"]).is_none()
    };
    // A generator that sends a known number of values may be drained by as
    // many single receives: not read path by path here, so not reported.
    let enough = sends < PER_BOUND && uses.iter().filter(single).count() as u64 >= sends;
    let mut early = None;
    for u in &uses {
        match u.kind {
            UseKind::Range => early = early.or(loop_exit(source, u.node)),
            UseKind::Receive if single(&u) && !enough => early = early.or(Some(u.node)),
            UseKind::Receive | UseKind::Inspect => {}
            _ => return None, // handed on: out of view
        }
    }
    early
}

/// A `return`, `break` or failing call that leaves the loop early.
fn loop_exit<'t>(source: &str, for_stmt: Node<'t>) -> Option<Node<'t>> {
    let body = for_stmt.child_by_field_name("body")?;
    go::descendants_outside_closures(body).into_iter().find(|n| match n.kind() {
        "return_statement" | "goto_statement" => true,
        "break_statement" => {
            !children(*n).is_empty()
                || go::enclosing(
                    n.parent().unwrap_or(*n),
                    &[
                        "for_statement",
                        "select_statement",
                        "expression_switch_statement",
                        "type_switch_statement",
                    ],
                )
                .is_some_and(|b| b.id() == for_stmt.id())
        }
        "call_expression" => exits::is_exit_call(*n, source),
        _ => false,
    })
}

fn report<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    consumer: Consumer<'t>,
    receives: &[Use<'t>],
    producers: &[Producer<'t>],
    leave: &str,
    total: u64,
) -> Finding {
    let name = decl.name(ctx.source);
    let message = format!(
        "producer goroutine can block forever sending on {name}: the consumer may {leave} before {name} is drained"
    );
    let range = decl.make_call.byte_range();
    let planned = if let Some(why) = super::abandoned_sender::closed_while_sending(ctx, decl) {
        Err(why)
    } else if let Some(fix) = fix::capacity_fix(ctx, decl, producers, total) {
        Ok(fix)
    } else if let Some(why) = producers.iter().find_map(|p| helpers::out_of_reach(ctx, p)) {
        Err(why)
    } else if let Some(planned) = signal::reuse_context(ctx, decl, consumer, producers) {
        planned
    } else {
        fix::plan_fix(ctx, decl, consumer, receives, producers)
    };
    let planned = planned.and_then(|fix| crate::names::fix_uses_builtins_safely(ctx, &fix).map(|()| fix));
    match planned {
        Ok(fix) => Finding::fixed(RULE.id, range, message, fix),
        Err(reason) => Finding::unfixed(RULE.id, range, message, format!("{reason}; {WARNING}")),
    }
}
