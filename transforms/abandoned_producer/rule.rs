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
use crate::finding::{Edit, Finding, Fix, line_col};
use crate::flow::{ALL, Events, Mode, PER_BOUND, Path, Walker};
use crate::go::{self, children, text};
use crate::loops;
use crate::rules::{Context, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

pub const RULE: Rule = Rule {
    id: "abandoned-producer",
    summary: "a goroutine sends in a loop on a channel the consumer may stop reading; give it a stop channel",
    doc: include_str!("README.md"),
    query: include_str!("query.scm"),
    prefilter: |src| src.contains("make(chan") && src.contains("go ") && src.contains("<-"),
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

/// The name of parameter `index` of a function, unless it is variadic or unnamed.
fn parameter_name<'t>(function: Node<'t>, index: usize) -> Option<Node<'t>> {
    let params = function.child_by_field_name("parameters")?;
    let mut names = Vec::new();
    for decl in children(params) {
        if decl.kind() != "parameter_declaration" {
            return None;
        }
        let mut cursor = decl.walk();
        let declared: Vec<Node> = decl.children_by_field_name("name", &mut cursor).collect();
        if declared.is_empty() {
            return None;
        }
        names.extend(declared);
    }
    names.get(index).copied()
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
    let param = parameter_name(function, index)?;
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
        let outer = outermost_loop(*send, body)?;
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

/// The outermost for loop around `node` inside `body`, if any.
fn outermost_loop<'t>(node: Node<'t>, body: Node<'t>) -> Option<Node<'t>> {
    let mut found = None;
    let mut cur = node.parent();
    while let Some(n) = cur {
        if n.id() == body.id() {
            break;
        }
        if n.kind() == "for_statement" {
            found = Some(n);
        }
        cur = n.parent();
    }
    found
}

/// Whether the go statement runs once per run of the declaring function's
/// scope (not inside a loop after the declaration).
fn launched_once(go_stmt: Node, decl: &ChannelDecl) -> bool {
    let Some(scope) = decl.statement.parent() else { return false };
    let mut cur = go_stmt.parent();
    while let Some(n) = cur {
        if n.id() == scope.id() {
            return true;
        }
        if n.kind() == "for_statement" {
            return false;
        }
        cur = n.parent();
    }
    false
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
    match plan_fix(ctx, decl, consumer, receives, producers) {
        Ok(fix) => Finding::fixed(RULE.id, range, message, fix),
        Err(reason) => Finding::unfixed(RULE.id, range, message, format!("{reason}; {WARNING}")),
    }
}

/// The fix, or why there is none.
fn plan_fix<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    consumer: Consumer<'t>,
    receives: &[Use<'t>],
    producers: &[Producer<'t>],
) -> Result<Fix, String> {
    let source = ctx.source;
    let nl = go::newline(source);
    let name = decl.name(source);
    let top = go::top_function(decl.statement).ok_or("no enclosing function")?;
    if top.has_error() {
        return Err("the enclosing function has syntax errors (or syntax tree-sitter-go cannot read)".into());
    }
    let stop = stop_name(source, top, decl);
    let mut edits = Vec::new();

    // Where the consumer closes the stop channel.
    let mut close_at_decl = false;
    match consumer {
        Consumer::Maker => match close_after_loop(source, decl, receives) {
            Some(after) => {
                let at =
                    go::after_line_end(source, after.end_byte()).ok_or("the consumer loop's line goes on")?;
                let indent = go::indentation(source, after.start_byte());
                edits.push(Edit::insert(at, format!("{indent}close({stop}){nl}")));
            }
            None => {
                if go::enclosing(
                    decl.statement,
                    &["for_statement", "func_literal", "function_declaration", "method_declaration"],
                )
                .is_some_and(|n| n.kind() == "for_statement")
                {
                    return Err(format!(
                        "{name} is made inside a loop and the consumer can leave the iteration early; a deferred close would only run when the function returns"
                    ));
                }
                close_at_decl = true;
            }
        },
        Consumer::Goroutine(g) => {
            let body =
                channel::launched_literal(g).and_then(|l| l.child_by_field_name("body")).ok_or("no body")?;
            let first = go::statements(body).into_iter().next().ok_or("the consumer goroutine is empty")?;
            let at = go::after_line_end(source, body.start_byte() + 1)
                .ok_or("the consumer's body starts on its own line")?;
            if at > first.start_byte() {
                return Err("the consumer goroutine's body is on one line".into());
            }
            let indent = go::indentation(source, first.start_byte());
            edits.push(Edit::insert(at, format!("{indent}defer close({stop}){nl}")));
        }
    }

    // The stop channel, right after the data channel.
    let at = go::after_line_end(source, decl.statement.end_byte())
        .ok_or_else(|| format!("something follows the declaration of {name} on its line"))?;
    let indent = go::indentation(source, decl.statement.start_byte());
    let mut declare = format!("{indent}{stop} := make(chan struct{{}}){nl}");
    if close_at_decl {
        declare.push_str(&format!("{indent}defer close({stop}){nl}"));
    }
    edits.push(Edit::insert(at, declare));

    // Every producer returns when the stop channel is closed.
    let mut selects_done = HashSet::new();
    for p in producers {
        let stop_here = match p.named_call {
            None => stop.clone(),
            Some(args) => {
                let (param, call_edit, param_edit) = named_fix(ctx, p, args, &stop)?;
                if !edits.contains(&param_edit) {
                    edits.push(param_edit);
                }
                edits.push(call_edit);
                param
            }
        };
        if p.function.child_by_field_name("result").is_some() {
            return Err("the producer function returns values; a bare return would not compile".into());
        }
        if go::top_function(p.function).is_some_and(|f| f.has_error()) {
            return Err("the producer has syntax errors (or syntax tree-sitter-go cannot read)".into());
        }
        let body = p.function.child_by_field_name("body").ok_or("no producer body")?;
        if let Some(why) = skipped_work(source, body, &p.sends) {
            return Err(why);
        }
        for &send in &p.sends {
            if let Some(edit) = send_edit(source, send, &stop_here, nl, &mut selects_done)? {
                edits.push(edit);
            }
        }
    }
    Ok(Fix {
        message: format!(
            "stop the producer of {name} with {stop}, closed by the consumer on every way out (not by closing {name}: a send on a closed channel panics)"
        ),
        edits,
    })
}

/// `stopCh`, or `stopCh2`, `stopCh3`... the first name not used anywhere in `scope`.
/// The stop channel's name for `decl`. Fixes of several channels of one
/// function are computed on the same original text, so each earlier channel
/// of the function that is sent on (and so might get its own stop channel)
/// reserves the next free name first: two fixes never declare the same name.
fn stop_name(source: &str, top: Node, decl: &ChannelDecl) -> String {
    let sent_on: HashSet<&str> = go::descendants(top)
        .into_iter()
        .filter(|n| n.kind() == "send_statement")
        .filter_map(|n| n.child_by_field_name("channel"))
        .map(|c| text(c, source))
        .collect();
    let mut reserved: Vec<String> = Vec::new();
    for make in go::descendants(top).into_iter().filter(|n| n.start_byte() < decl.make_call.start_byte()) {
        if make.kind() != "call_expression" || !text(make, source).starts_with("make(chan") {
            continue;
        }
        if channel::declaration(make, source).is_some_and(|d| sent_on.contains(d.name(source))) {
            reserved.push(fresh_name_except(source, top, "stopCh", &reserved));
        }
    }
    fresh_name_except(source, top, "stopCh", &reserved)
}

fn fresh_name_except(source: &str, scope: Node, base: &str, reserved: &[String]) -> String {
    let taken = |n: &str| reserved.iter().any(|r| r == n) || !go::identifiers(scope, source, n).is_empty();
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|i| format!("{base}{i}")).find(|n| !taken(n)).expect("some name is free")
}

fn fresh_name(source: &str, scope: Node, base: &str) -> String {
    let taken = |n: &str| !go::identifiers(scope, source, n).is_empty();
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|i| format!("{base}{i}")).find(|n| !taken(n)).expect("some name is free")
}

/// The statement after which the consumer can close the stop channel: its
/// loop, when the declaring function receives only in one loop of the
/// declaration's block, every way out of that loop is its own end or a break
/// out of it, and nothing before it can leave the block.
fn close_after_loop<'t>(source: &str, decl: &ChannelDecl<'t>, receives: &[Use<'t>]) -> Option<Node<'t>> {
    let mut the_loop: Option<Node> = None;
    for u in receives {
        let l = match u.kind {
            UseKind::Range => u.node,
            _ => go::enclosing(u.node, &["for_statement", "func_literal"])
                .filter(|n| n.kind() == "for_statement")?,
        };
        if the_loop.is_some_and(|t| t.id() != l.id()) {
            return None;
        }
        the_loop = Some(l);
    }
    let the_loop = the_loop?;
    let (holder, label) = match the_loop.parent() {
        Some(p) if p.kind() == "labeled_statement" => {
            (p, p.child_by_field_name("label").map(|l| text(l, source)))
        }
        _ => (the_loop, None),
    };
    let scope = decl.statement.parent()?;
    if holder.parent()?.id() != scope.id() {
        return None;
    }
    for n in go::descendants_outside_closures(the_loop) {
        match n.kind() {
            "return_statement" | "goto_statement" => return None,
            "call_expression" if go::is_exit_call(n, source) => return None,
            "break_statement" | "continue_statement" => {
                if let Some(l) = children(n).first()
                    && Some(text(*l, source)) != label
                {
                    return None;
                }
            }
            _ => {}
        }
    }
    for stmt in decl.scope().into_iter().filter(|s| s.start_byte() < holder.start_byte()) {
        let leaves = go::descendants_outside_closures(stmt).into_iter().any(|n| {
            matches!(
                n.kind(),
                "return_statement" | "goto_statement" | "break_statement" | "continue_statement"
            ) || (n.kind() == "call_expression" && go::is_exit_call(n, source))
        });
        if leaves {
            return None;
        }
    }
    Some(holder)
}

/// Work the producer must still do after its sends, which an early return
/// at a send would skip: `.Done()`, `.Unlock()`, a send on or close of
/// another channel. Deferred calls still run and do not count.
fn skipped_work(source: &str, body: Node, sends: &[Node]) -> Option<String> {
    let first = sends.iter().map(|s| s.start_byte()).min()?;
    let own: HashSet<&str> =
        sends.iter().filter_map(|s| s.child_by_field_name("channel")).map(|c| text(c, source)).collect();
    let loops_with_sends: Vec<Node> = go::descendants_outside_closures(body)
        .into_iter()
        .filter(|n| n.kind() == "for_statement" && sends.iter().any(|s| go::contains(*n, *s)))
        .collect();
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if n.kind() == "defer_statement" || (n.kind() == "func_literal" && n.id() != body.id()) {
            continue;
        }
        stack.extend(children(n));
        let work = match n.kind() {
            "call_expression" => {
                let function = n.child_by_field_name("function").map_or("", |f| text(f, source));
                let args = n.child_by_field_name("arguments").map(children).unwrap_or_default();
                if [".Done", ".Unlock", ".RUnlock"].iter().any(|s| function.ends_with(s)) {
                    Some(format!("call {function}()"))
                } else if function == "close" && args.first().is_some_and(|a| !own.contains(text(*a, source)))
                {
                    Some(format!("close {}", text(args[0], source)))
                } else {
                    None
                }
            }
            "send_statement" => n
                .child_by_field_name("channel")
                .map(|c| text(c, source))
                .filter(|c| !own.contains(c))
                .map(|c| format!("send on {c}")),
            _ => None,
        };
        let Some(work) = work else { continue };
        let after = n.start_byte() > first || loops_with_sends.iter().any(|l| go::contains(*l, n));
        if after {
            let (line, _) = line_col(source, n.start_byte());
            return Some(format!(
                "the producer must still {work} (line {line}) after its sends; returning when the consumer leaves would skip it"
            ));
        }
    }
    None
}

/// The edit turning one send into a select that also waits for `stop`.
fn send_edit(
    source: &str,
    send: Node,
    stop: &str,
    nl: &str,
    selects_done: &mut HashSet<usize>,
) -> Result<Option<Edit>, String> {
    let (line, _) = line_col(source, send.start_byte());
    if let Some(case) = send.parent().filter(|p| p.kind() == "communication_case") {
        let select = case.parent().ok_or("no select")?;
        let cases = children(select);
        if cases.iter().any(|c| c.kind() == "default_case") || !selects_done.insert(select.id()) {
            return Ok(None);
        }
        let first = cases[0];
        if !go::starts_line(source, first.start_byte()) {
            return Err(format!("the select at line {line} is not laid out one case per line"));
        }
        let indent = go::indentation(source, first.start_byte());
        let line_start = first.start_byte() - indent.len();
        return Ok(Some(Edit::insert(line_start, format!("{indent}case <-{stop}:{nl}{indent}\treturn{nl}"))));
    }
    let send_text = text(send, source);
    let own_line = send.parent().is_some_and(|p| p.kind() == "statement_list")
        && go::starts_line(source, send.start_byte())
        && go::after_line_end(source, send.end_byte()).is_some()
        && !send_text.contains('\n');
    if !own_line {
        return Err(format!("the send at line {line} does not stand on a line of its own"));
    }
    let indent = go::indentation(source, send.start_byte());
    // A trailing `// comment` stays with the send, on its case line.
    let line_end = send.end_byte() + source[send.end_byte()..].find('\n').unwrap_or(0);
    let rest = source[send.end_byte()..line_end].trim_end_matches('\r');
    let (end, comment) = match rest.trim_start() {
        "" => (send.end_byte(), String::new()),
        c => (send.end_byte() + rest.len(), format!(" {c}")),
    };
    Ok(Some(Edit::new(
        send.start_byte()..end,
        format!(
            "select {{{nl}{indent}case <-{stop}:{nl}{indent}\treturn{nl}{indent}case {send_text}:{comment}{nl}{indent}}}"
        ),
    )))
}

/// For a named producer: the parameter name it gets for the stop channel,
/// the edit passing `stop` at the call, and the edit adding the parameter —
/// when every use of the function is this one call, in this file.
fn named_fix(ctx: &Context, p: &Producer, args: Node, stop: &str) -> Result<(String, Edit, Edit), String> {
    let source = ctx.source;
    let name_node = p.function.child_by_field_name("name").ok_or("no name")?;
    let name = text(name_node, source);
    if name.chars().next().is_some_and(|c| c.is_uppercase()) {
        return Err(format!("the producer {name} is exported; adding a stop parameter changes its API"));
    }
    let mentions = go::identifiers(ctx.tree.root_node(), source, name)
        .into_iter()
        .filter(|i| i.id() != name_node.id())
        .count();
    if mentions != 1 {
        return Err(format!(
            "{name} is used {mentions} times in this file; every call would need the stop channel"
        ));
    }
    if mentioned_in_siblings(ctx.path, name) {
        return Err(format!(
            "{name} may be used in other files of the package (or the source came from stdin); every call would need the stop channel"
        ));
    }
    let params = p.function.child_by_field_name("parameters").ok_or("no parameters")?;
    let list = children(params);
    if text(params, source).contains('\n') || list.last().is_some_and(|l| l.kind() != "parameter_declaration")
    {
        return Err(format!("the parameter list of {name} is variadic or spans lines"));
    }
    let arg_list = children(args);
    if text(args, source).contains('\n') || arg_list.last().is_some_and(|a| a.kind() == "variadic_argument") {
        return Err(format!("the call of {name} spreads a slice or spans lines"));
    }
    let param = fresh_name(source, p.function, "stop");
    let param_edit = Edit::insert(params.end_byte() - 1, format!(", {param} <-chan struct{{}}"));
    let call_edit = Edit::insert(args.end_byte() - 1, format!(", {stop}"));
    Ok((param, call_edit, param_edit))
}

/// Whether another `.go` file next to `path` mentions `name` as a word, or
/// the directory cannot be read (or the source came from stdin).
fn mentioned_in_siblings(path: &str, name: &str) -> bool {
    if path == "<stdin>" || path == "-" {
        return true;
    }
    let path = std::path::Path::new(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else { return true };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "go") || p.file_name() == path.file_name() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else { return true };
        if mentions_word(&text, name) {
            return true;
        }
    }
    false
}

fn mentions_word(haystack: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}
