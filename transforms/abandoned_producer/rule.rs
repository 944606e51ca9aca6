//! `abandoned-producer`: a goroutine sends many values on a local channel
//! (in a loop, or more times than the channel's capacity) while its
//! consumer can stop receiving before the channel is drained. Once the
//! buffer is full the producer blocks forever. Capacity cannot fix this; the
//! producer must learn that nobody listens any more. The fix follows the
//! article: `stopCh := make(chan struct{})` next to the channel, every send
//! of the producer becomes `select { case <-stopCh: return; case ch <- v: }`,
//! and the consumer closes `stopCh` on every way out.
//!
//! The analysis, in order: the channel is declared locally; its only escapes
//! are a `go produce(ch, ...)` call of a function of this file (a named
//! producer, followed into its body) or being returned from a generator
//! (reported without fix); every send is made by a producer goroutine
//! launched from the declaring function; some producer can send more than
//! once; there is exactly one consumer (the declaring function or one
//! goroutine it launches once); and on some path the consumer receives fewer
//! values than the producers can send beyond the capacity. Anything else is
//! left alone. Findings whose fix could change more than releasing the
//! producer are reported without a fix.

use crate::channel::{self, ChannelDecl, Runner, Use, UseKind};
use crate::events::{self, Receives, Sends};
use crate::finding::Finding;
use crate::flow::{ALL, Events, Mode, PER_BOUND, Path, Walker};
use crate::go::{self, children, text};
use crate::loops;
use crate::rules::{Context, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

mod fix;

pub const RULE: Rule = Rule {
    id: "abandoned-producer",
    summary: "a goroutine sends in a loop on a channel the consumer may stop reading; give it a stop channel",
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

/// One producer goroutine: a launched function literal, or a named function
/// of this file launched with `go produce(ch, ...)`.
struct Producer<'t> {
    go_stmt: Node<'t>,
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
    let mut literal_launches: Vec<Node> = Vec::new();
    let mut consumer: Option<Consumer> = None;
    let mut receives: Vec<Use> = Vec::new();
    for u in &uses {
        match u.kind {
            UseKind::Send => match channel::runner(u.node, decl.function) {
                Runner::Goroutine(g) => {
                    if !literal_launches.iter().any(|l| l.id() == g.id()) {
                        literal_launches.push(g);
                    }
                }
                _ => return None,
            },
            UseKind::Receive | UseKind::Range => {
                let this = match channel::runner(u.node, decl.function) {
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
    if producers.iter().all(|p| p.count < 2) {
        return None; // single sends are abandoned-sender's business
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
        return Some(report_generator(ctx, decl));
    }
    let consumer = consumer?;
    let region = consumer_region(decl, consumer, &producers)?;
    let events = Receives {
        source,
        receives: receives.iter().filter(|u| u.kind == UseKind::Receive).map(|u| u.node.id()).collect(),
        ranges: receives.iter().filter(|u| u.kind == UseKind::Range).map(|u| u.node.id()).collect(),
        key,
    };
    let walker = Walker { source, mode: Mode::Fewest, events: &events };
    let flow = walker.block(&region)?;
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
        .or_else(|| short(flow.fall).filter(|p| p.turn.is_some()))?;
    if paced_by_consumer(source, &producers, &region) {
        return None;
    }
    let leave = events::describe_leave(source, early.turn, region.last().map_or(0, |s| s.end_byte()));
    Some(report(ctx, decl, consumer, &receives, &producers, &leave))
}

/// `go produce(..., ch, ...)` where `produce` is a function declared in this file.
fn named_go_call<'t>(ident: Node<'t>, decl: &ChannelDecl<'t>) -> Option<(Node<'t>, Node<'t>, usize)> {
    let args = ident.parent().filter(|p| p.kind() == "argument_list")?;
    let call = args.parent().filter(|c| c.kind() == "call_expression")?;
    let go_stmt = call.parent().filter(|g| g.kind() == "go_statement")?;
    if go::enclosing_function(go_stmt).is_none_or(|f| f.id() != decl.function.id()) {
        return None;
    }
    call.child_by_field_name("function").filter(|f| f.kind() == "identifier")?;
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

fn literal_producer<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    uses: &[Use<'t>],
    go_stmt: Node<'t>,
) -> Option<Producer<'t>> {
    let function = channel::launched_literal(go_stmt)?;
    let mine = |u: &&Use<'t>| channel::runner(u.node, decl.function) == Runner::Goroutine(go_stmt);
    if uses.iter().filter(mine).any(|u| matches!(u.kind, UseKind::Receive | UseKind::Range)) {
        return None;
    }
    let sends: Vec<Node> =
        uses.iter().filter(mine).filter(|u| u.kind == UseKind::Send).map(|u| u.node).collect();
    producer(ctx, go_stmt, function, None, sends)
}

fn named_producer<'t>(
    ctx: &Context<'t>,
    go_stmt: Node<'t>,
    call: Node<'t>,
    index: usize,
) -> Option<Producer<'t>> {
    let source = ctx.source;
    let name = text(call.child_by_field_name("function")?, source);
    let function = function_named(ctx.tree.root_node(), name, source)?;
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
    producer(ctx, go_stmt, function, call.child_by_field_name("arguments"), sends)
}

fn producer<'t>(
    ctx: &Context<'t>,
    go_stmt: Node<'t>,
    function: Node<'t>,
    named_call: Option<Node<'t>>,
    sends: Vec<Node<'t>>,
) -> Option<Producer<'t>> {
    let body = function.child_by_field_name("body")?;
    let blocking: HashSet<usize> = sends.iter().filter(|s| events::blocks(**s)).map(|s| s.id()).collect();
    let events = Sends { ids: blocking.clone() };
    let walker = Walker { source: ctx.source, mode: Mode::Most, events: &events };
    let mut count = walker.leaving(&walker.block(&go::statements(body))?)?.count;
    let mut key = None;
    if let Some((bound, per_iteration)) = send_loop(ctx.source, body, &sends, &blocking, &walker) {
        match bound.parse::<u64>() {
            Ok(n) => count = n.saturating_mul(per_iteration),
            Err(_) if per_iteration == 1 => {
                count = PER_BOUND;
                key = Some(bound);
            }
            Err(_) => {}
        }
    }
    Some(Producer { go_stmt, function, named_call, sends, count, key })
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
    let bound = loops::bound(source, the_loop)?.key;
    let flow = walker.block(&go::statements(the_loop.child_by_field_name("body")?))?;
    let per_iteration = walker.leaving(&flow)?.count;
    (per_iteration <= 1).then_some((bound, per_iteration))
}

/// All the blocking sends the producers can make together.
fn total_sends(_ctx: &Context, decl: &ChannelDecl, producers: &[Producer]) -> u64 {
    producers
        .iter()
        .map(|p| if launched_once(p.go_stmt, decl) || p.count == 0 { p.count } else { ALL })
        .fold(0u64, |a, b| a.saturating_add(b))
        .min(ALL)
}

/// Whether a producer waits for a channel that the consumer sends on (a
/// ping-pong or request/response protocol): then the consumer paces the
/// producer, which blocks on that receive rather than on its sends once the
/// consumer is gone, and a stop channel on the sends would not release it.
fn paced_by_consumer(source: &str, producers: &[Producer], region: &[Node]) -> bool {
    let consumer_sends: HashSet<&str> = region
        .iter()
        .flat_map(|s| go::descendants_outside_closures(*s))
        .filter(|n| n.kind() == "send_statement")
        .filter_map(|n| n.child_by_field_name("channel"))
        .map(|c| text(c, source))
        .collect();
    producers.iter().any(|p| {
        let renames = parameter_arguments(source, p);
        let Some(body) = p.function.child_by_field_name("body") else { return true };
        go::descendants_outside_closures(body).into_iter().any(|n| {
            let operand = match n.kind() {
                "unary_expression" if text(n, source).starts_with("<-") => n.child_by_field_name("operand"),
                "range_clause" => n.child_by_field_name("right"),
                _ => None,
            };
            operand.is_some_and(|o| {
                let name = text(o, source);
                let outer = renames.iter().find(|(param, _)| *param == name).map_or(name, |(_, arg)| *arg);
                consumer_sends.contains(outer)
            })
        })
    })
}

/// `(parameter, argument)` text pairs of the call a producer was launched with.
fn parameter_arguments<'s>(source: &'s str, p: &Producer) -> Vec<(&'s str, &'s str)> {
    let Some(call) = children(p.go_stmt).into_iter().next() else { return vec![] };
    let args = call.child_by_field_name("arguments").map(children).unwrap_or_default();
    let Some(params) = p.function.child_by_field_name("parameters") else { return vec![] };
    let mut names = Vec::new();
    for decl in children(params) {
        let mut cursor = decl.walk();
        names.extend(decl.children_by_field_name("name", &mut cursor).map(|n| text(n, source)));
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

fn report_generator(ctx: &Context, decl: &ChannelDecl) -> Finding {
    let name = decl.name(ctx.source);
    let message = format!(
        "producer goroutine can block forever sending on {name}: {name} is returned to callers that may stop receiving before it is drained"
    );
    let reason = format!(
        "{name} escapes through the return value; the function needs a cancellation parameter (a context or a done channel) that callers close when they stop reading"
    );
    Finding::unfixed(RULE.id, decl.make_call.byte_range(), message, reason)
}

fn report<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    consumer: Consumer<'t>,
    receives: &[Use<'t>],
    producers: &[Producer<'t>],
    leave: &str,
) -> Finding {
    let name = decl.name(ctx.source);
    let message = format!(
        "producer goroutine can block forever sending on {name}: the consumer may {leave} before {name} is drained"
    );
    let range = decl.make_call.byte_range();
    match fix::plan_fix(ctx, decl, consumer, receives, producers) {
        Ok(fix) => Finding::fixed(RULE.id, range, message, fix),
        Err(reason) => Finding::unfixed(RULE.id, range, message, format!("{reason}; {WARNING}")),
    }
}
