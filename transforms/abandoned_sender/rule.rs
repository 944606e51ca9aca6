//! `abandoned-sender`: a goroutine sends once on an unbuffered local channel
//! while the receiver can leave (a select case wins, it returns, panics or
//! breaks out) without receiving. The sender then blocks forever. The fix
//! gives the channel capacity for every send that may go unreceived, so no
//! sender can block; `defer close(ch)` would not help (a send on a closed
//! channel panics).
//!
//! The analysis, in order: the channel is declared locally and escapes
//! only into the launches below; every send is made by a `go func(){...}()`
//! closure launched from the declaring function, or by a goroutine it
//! starts by name or through a helper (`launched.rs`); each such sender
//! sends at most once per run (counted over its paths); the declaring
//! function is the only receiver, and on some path it receives fewer
//! values than can be sent. A channel returned to a caller of the
//! package, or handed to a receiving helper, is followed there
//! (`returned.rs`). Anything else is left alone. A finding whose
//! fix might change behaviour beyond releasing the sender (it keeps
//! working after the send, like a handshake) is reported without a fix.
//! A channel the author buffered too little for its senders (`make(chan
//! error, 1)` with two senders) gets the capacity it needs.

use crate::channel::{self, ChannelDecl, Runner, Use, UseKind};
use crate::events::{self, Receives, Sends};
use crate::exits;
use crate::finding::{Finding, Fix, line_col};
use crate::flow::{ALL, Events, Mode, Path, Walker};
use crate::go::{self, children, text};
use crate::loops;
use crate::names;
use crate::rules::{Context, Rule};
use tree_sitter::Node;

use crate::bound;

mod launched;
mod returned;

pub const RULE: Rule = Rule {
    id: "abandoned-sender",
    summary: "a goroutine sends once on an unbuffered channel the receiver may stop reading; give it capacity",
    doc: include_str!("README.md"),
    query: include_str!("query.scm"),
    prefilter: |src| crate::prefilter::makes_channel(src) && crate::prefilter::launches_goroutine(src),
    check,
};

fn check(ctx: &Context, make_call: Node) -> Vec<Finding> {
    let Some(decl) = channel::declaration(make_call, ctx.source) else { return vec![] };
    analyse(ctx, &decl).into_iter().collect()
}

/// The sender goroutines of one channel, as far as the analysis needs them.
struct Senders<'t> {
    /// The sends that can block, in source order.
    blocking: Vec<Node<'t>>,
    /// The go statements of the literal senders, in source order.
    launches: Vec<Node<'t>>,
    /// The first sender started by name, when no literal sender blocks:
    /// the callee as written and where it is started.
    named: Option<(&'t str, Node<'t>)>,
    /// The go statements whose goroutines make a blocking send, with how
    /// many goroutines each launches.
    counted: Vec<(Node<'t>, bound::Count)>,
    /// How many sends can happen in all: a constant and at most one loop bound.
    count: bound::Count,
    /// Why buffering might change more than the leak, if it might.
    handshake: Option<String>,
    /// Whether senders are launched in a loop.
    in_loop: bool,
    /// Every sender goroutine, literal or started by name.
    all: Vec<launched::Sender<'t>>,
}

fn analyse<'t>(ctx: &Context<'t>, decl: &ChannelDecl<'t>) -> Option<Finding> {
    let source = ctx.source;
    let capacity = decl.literal_capacity(source)?;
    let uses = decl.uses(source)?;
    // Every escape must be a goroutine started by name (or by a helper),
    // or the channel is returned or handed to its receiver (`returned.rs`).
    let Some(named) = launched::launched(ctx, decl, &uses) else {
        return returned::analyse(ctx, decl, &uses, capacity);
    };
    if closed_on_every_way_out(decl, source) {
        return None; // an abandoned sender panics rather than blocks: close-while-sending's finding
    }
    let senders = senders(ctx, decl, &uses, named)?;
    if capacity > 0 && senders.count.looped() {
        return None; // sized by the author for senders we cannot count: not second-guessed
    }
    let leave = receiver_leaves_early(ctx, decl, &uses, &senders, capacity)?;
    if launched::paced_by_receiver(ctx, decl, &senders.all, leave.path.way_out().unwrap_or(leave.end)) {
        return None; // the sender is stuck on the receiver's protocol, not on its send
    }
    let measured = uses.iter().find(|u| u.kind == UseKind::Inspect && u.node.kind() == "call_expression");
    let measured = measured.map(|u| {
        let (line, _) = line_col(source, u.node.start_byte());
        format!("the code reads the channel's length or capacity (line {line}), which a buffer changes")
    });

    Some(report(ctx, decl, &senders, leave, measured))
}

fn senders<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    uses: &[Use<'t>],
    named: Vec<launched::Sender<'t>>,
) -> Option<Senders<'t>> {
    let mut launches: Vec<Node> = Vec::new();
    for u in uses {
        match (u.kind, channel::runner(u.node, decl.function, ctx.source)) {
            (UseKind::Send, Runner::Goroutine(g)) if launches.iter().any(|l| l.id() == g.id()) => {}
            (UseKind::Send, Runner::Goroutine(g)) => launches.push(g),
            (UseKind::Send, _) => return None,
            // A receive in a closure the receiver defers is not counted: stay silent.
            (UseKind::Receive | UseKind::Range, Runner::Maker)
                if channel::deferred(u.node, decl.function) =>
            {
                return None;
            }
            (UseKind::Receive | UseKind::Range, Runner::Maker) => {}
            (UseKind::Receive | UseKind::Range, _) => return None,
            _ => {}
        }
    }
    let mut all = Vec::new();
    for &go_stmt in &launches {
        let sends: Vec<Node> = uses
            .iter()
            .filter(|u| {
                u.kind == UseKind::Send
                    && channel::runner(u.node, decl.function, ctx.source) == Runner::Goroutine(go_stmt)
            })
            .map(|u| u.node)
            .collect();
        all.push(launched::Sender::literal(ctx, go_stmt, sends)?);
    }
    all.extend(named);
    all.sort_by_key(|s| s.launch.start_byte());
    let mut blocking = Vec::new();
    let mut count = bound::Count::default();
    let mut handshake = None;
    let mut in_loop = false;
    let mut counted = Vec::new();
    let mut named = None;
    for sender in &all {
        let (go_stmt, body, source) = (sender.launch, sender.body, sender.source);
        let sends: Vec<Node> = sender.sends.iter().copied().filter(|s| events::blocks(*s)).collect();
        if sends.is_empty() {
            continue;
        }
        let events = Sends { ids: sends.iter().map(|s| s.id()).collect() };
        let walker = Walker { source, mode: Mode::Most, events: &events, exits: ctx.exits };
        let most =
            walker.leaving(&walker.block(&go::statements(body))?)?.count + deferred_sends(&walker, body)?;
        if most != 1 {
            return None; // a multi-send producer: the other rule's business
        }
        let launched = bound::launches(ctx.source, go_stmt, decl)?;
        if launched.looped() || launched.fixed > 1 {
            // Many senders: only when each one surely sends can we say
            // how many values wait for the receiver.
            in_loop = true;
            let fewest = Walker { source, mode: Mode::Fewest, events: &events, exits: ctx.exits };
            let surely =
                fewest.leaving(&fewest.block(&go::statements(body))?)?.count + deferred_sends(&fewest, body)?;
            if surely == 0 {
                return None;
            }
        }
        counted.push((go_stmt, launched.clone()));
        count = count.plus(launched);
        if handshake.is_none() {
            handshake = sends.iter().find_map(|s| work_after_send(source, *s, body));
        }
        match sender.callee {
            Some(callee) => named = named.or(Some((callee, go_stmt))),
            None => blocking.extend(sends),
        }
    }
    if blocking.is_empty() && named.is_none() {
        return None;
    }
    blocking.sort_by_key(|s| s.start_byte());
    let named = named.filter(|_| blocking.is_empty());
    Some(Senders { blocking, launches, named, counted, count, handshake, in_loop, all })
}

/// Where the receiver can leave having received fewer values than the
/// senders can send: the offset where that path turned away, and the
/// offset of the end of the receiver's code (for a path that just ends).
struct Leave {
    path: Path,
    end: usize,
}

fn receiver_leaves_early<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    uses: &[Use<'t>],
    senders: &Senders<'t>,
    capacity: u64,
) -> Option<Leave> {
    let receives = uses.iter().filter(|u| u.kind == UseKind::Receive).map(|u| u.node).collect();
    let ranges = uses.iter().filter(|u| u.kind == UseKind::Range).map(|u| u.node.id()).collect();
    let mut events = Receives::new(ctx.source, receives, ranges, senders.count.key.clone());
    let bodies: Vec<Node> = senders
        .launches
        .iter()
        .filter_map(|l| channel::launched_literal(*l)?.child_by_field_name("body"))
        .collect();
    events.finished_when_closed(&decl.scope(), &bodies);
    let walker = Walker { source: ctx.source, mode: Mode::Fewest, events: &events, exits: ctx.exits };
    let fewest = first_stranding_exit(decl, senders, &walker, capacity)?;
    let uncounted =
        |u: &&Use| in_loop_below(u.node, decl) && !counted_like_senders(ctx.source, u.node, decl, senders);
    if senders.in_loop && uses.iter().filter(|u| u.kind == UseKind::Receive).any(|u| uncounted(&u)) {
        // Many senders and receives in a loop we could not count: it may
        // well receive them all; stay silent rather than guess.
        return None;
    }
    let end = decl.statement.parent()?.end_byte();
    Some(Leave { path: fewest, end })
}

/// The first way out of the receiver that leaves more sends unreceived
/// than the buffer holds. Senders launched one after another (`go a();
/// <-ch; go b(); <-ch`) are counted window by window: a way out between two
/// launches strands only the senders launched before it, less what was
/// received on the way there.
fn first_stranding_exit<'t, E: Events>(
    decl: &ChannelDecl<'t>,
    senders: &Senders<'t>,
    walker: &Walker<E>,
    capacity: u64,
) -> Option<Path> {
    let scope = decl.scope();
    let top_index = |launch: Node| scope.iter().position(|s| go::contains(*s, launch));
    let mut windows: Vec<(usize, bound::Count)> = Vec::new(); // (statement index, senders launched there)
    for (launch, count) in &senders.counted {
        let index = top_index(*launch)?;
        let count = count.clone();
        match windows.iter_mut().find(|(i, _)| *i == index) {
            Some((_, c)) => *c = std::mem::take(c).plus(count),
            None => windows.push((index, count)),
        }
    }
    windows.sort_by_key(|(i, _)| *i);
    let mut launched = bound::Count::default();
    for (k, (start, count)) in windows.iter().enumerate() {
        launched = launched.plus(count.clone());
        let before = walker.block(&scope[windows[0].0..*start])?.fall?;
        let last = k + 1 == windows.len();
        let end = if last { scope.len() } else { windows[k + 1].0 };
        let mut flow = walker.block(&scope[*start..end])?;
        if !last {
            flow.fall = None; // it goes on to the next launch: not a way out
        } else if decl.statement.parent().is_some_and(|b| exits::is_main_body(b, walker.source)) {
            flow.fall = None; // running off the end of `main` ends the process
        }
        let Some(exit) = walker.leaving(&flow) else { continue };
        let received = before.count.saturating_add(exit.count);
        if received.saturating_add(capacity) < launched.total() {
            return Some(Path { count: received, ..exit });
        }
    }
    None
}

/// Whether the receive sits in exactly one loop below the channel's scope,
/// bounded like the loop that launches the senders (`for range xs` for
/// one sender per element of `xs`): the flow walk counts such a loop.
fn counted_like_senders(source: &str, receive: Node, decl: &ChannelDecl, senders: &Senders) -> bool {
    let Some(scope) = decl.statement.parent() else { return false };
    match loops::enclosing(receive, scope).as_slice() {
        [one] => loops::bound(source, *one).is_some_and(|b| Some(&b.key) == senders.count.key.as_ref()),
        _ => false,
    }
}

/// Whether `node` sits in a loop inside the channel's scope.
fn in_loop_below(node: Node, decl: &ChannelDecl) -> bool {
    decl.statement.parent().is_some_and(|scope| !loops::enclosing(node, scope).is_empty())
}

/// Why no fix when a receiver closes the channel while a sender may still
/// send on it (the `close-while-sending` finding): a buffer would not stop
/// that send from panicking.
/// Whether the receiver defers `close(ch)` in the channel's own scope,
/// where it runs however the function is left: a sender it abandons then
/// panics on the closed channel instead of blocking.
fn closed_on_every_way_out(decl: &ChannelDecl, source: &str) -> bool {
    let name = decl.name(source);
    let function_body = decl.function.child_by_field_name("body");
    let top_level = decl
        .statement
        .parent()
        .and_then(|l| l.parent())
        .zip(function_body)
        .is_some_and(|(a, b)| a.id() == b.id());
    top_level
        && decl.scope().into_iter().any(|s| {
            s.kind() == "defer_statement"
                && go::descendants(s).into_iter().find(|n| n.kind() == "call_expression").is_some_and(
                    |call| {
                        go::closed_channel(call, source) == Some(name)
                            && call.parent().is_some_and(|p| p.id() == s.id())
                    },
                )
        })
}

pub(crate) fn closed_while_sending(ctx: &Context, decl: &ChannelDecl) -> Option<String> {
    let at = crate::rules::close_while_sending::unsafe_close(ctx, decl)?;
    let (line, _) = line_col(ctx.source, at);
    Some(format!(
        "{} is closed by a receiver while a sender may still send on it (line {line}), which panics; remove that close first",
        decl.name(ctx.source)
    ))
}

/// The sends made by closures that `body` defers, which run as it returns:
/// the most of them, or (for [`Mode::Fewest`]) those surely made.
fn deferred_sends<E: Events>(walker: &Walker<E>, body: Node) -> Option<u64> {
    let mut total = 0u64;
    for defer in go::descendants_outside_closures(body).into_iter().filter(|n| n.kind() == "defer_statement")
    {
        let Some(literal) = deferred_literal(defer) else { continue };
        let inner =
            walker.leaving(&walker.block(&go::statements(literal.child_by_field_name("body")?))?)?.count;
        let unconditional = defer.parent().and_then(|l| l.parent()).is_some_and(|b| b.id() == body.id());
        let repeated = !loops::enclosing(defer, body).is_empty();
        total = total.saturating_add(match walker.mode {
            Mode::Most if repeated && inner > 0 => ALL,
            Mode::Most => inner,
            Mode::Fewest if unconditional => inner,
            Mode::Fewest => 0,
        });
    }
    Some(total)
}

/// The function literal of `defer func() { ... }()`.
fn deferred_literal(defer: Node) -> Option<Node> {
    let call = children(defer).into_iter().next().filter(|c| c.kind() == "call_expression")?;
    call.child_by_field_name("function").filter(|f| f.kind() == "func_literal")
}

/// Statements a sender may run after its send without anyone noticing that
/// the send no longer waits for the receiver: logging, returning.
fn inert(stmt: Node, source: &str) -> bool {
    match stmt.kind() {
        "empty_statement" => true,
        "expression_statement" => children(stmt).first().is_some_and(|c| go::is_logging_call(*c, source)),
        _ => false,
    }
}

/// Deferred calls that run after the send and do not depend on it being
/// received: closing, cancelling, `wg.Done()`, unlocking, and a deferred
/// closure that only recovers from a panic (and logs it).
fn inert_defer(stmt: Node, source: &str) -> bool {
    let call = text(stmt, source).trim_start_matches("defer").trim();
    call.starts_with("close(")
        || call.starts_with("cancel(")
        || [".Done()", ".Unlock()", ".RUnlock()"].iter().any(|s| call.ends_with(s))
        || deferred_literal(stmt).is_some_and(|l| only_recovers(l, source))
}

/// `defer resp.Body.Close()` on a value the sender declared itself: the
/// receiver cannot see it, so running it before the value is received
/// changes nothing the receiver can observe.
fn local_cleanup(stmt: Node, body: Node, source: &str) -> bool {
    let Some(call) = children(stmt).into_iter().find(|c| c.kind() == "call_expression") else { return false };
    let Some(function) = call.child_by_field_name("function").filter(|f| f.kind() == "selector_expression")
    else {
        return false;
    };
    let mut root = function;
    while let Some(operand) = root.child_by_field_name("operand") {
        root = operand;
    }
    let arguments = call.child_by_field_name("arguments").map(children).unwrap_or_default();
    root.kind() == "identifier"
        && arguments.is_empty()
        && go::identifiers(body, source, text(root, source)).into_iter().any(|i| go::declares(i, source))
}

/// `func() { recover() }` or `func() { if r := recover(); r != nil { log... } }`.
fn only_recovers(literal: Node, source: &str) -> bool {
    let Some(body) = literal.child_by_field_name("body") else { return false };
    let statements = go::statements(body);
    !statements.is_empty()
        && statements.into_iter().all(|s| match s.kind() {
            "expression_statement" => text(s, source) == "recover()" || inert(s, source),
            "if_statement" => {
                s.child_by_field_name("initializer").is_some_and(|i| text(i, source).contains("recover()"))
                    && s.child_by_field_name("alternative").is_none()
                    && s.child_by_field_name("consequence")
                        .is_some_and(|c| go::statements(c).into_iter().all(|t| inert(t, source)))
            }
            _ => false,
        })
}

/// If the sender does work after `send` (on the path where the send is
/// made), says what; buffering would let that work run before the value is
/// received, which a handshake relies on not happening.
fn work_after_send(source: &str, send: Node, body: Node) -> Option<String> {
    let channel = send.child_by_field_name("channel").map(|c| text(c, source));
    // Closing the channel just sent on: buffered, the value still comes first.
    let closes_it = |stmt: Node| {
        stmt.kind() == "expression_statement"
            && children(stmt).first().is_some_and(|call| go::closed_channel(*call, source) == channel)
    };
    let mut current = send;
    while current.id() != body.id() {
        let parent = current.parent()?;
        if parent.kind() == "func_literal" {
            // A send in a deferred closure: what runs after it are the
            // closures deferred before this one.
            let defer = parent.parent().and_then(|call| call.parent())?;
            return deferred_work(source, body, Some(defer));
        }
        if parent.kind() == "statement_list" {
            for next in go::children(parent).into_iter().filter(|s| s.start_byte() > current.end_byte()) {
                if next.kind() == "return_statement" || exits::terminates(next, source) {
                    return deferred_work(source, body, None);
                }
                if !inert(next, source) && !closes_it(next) {
                    let (line, _) = line_col(source, next.start_byte());
                    return Some(format!(
                        "the sender keeps working after the send (line {line}); with a buffer that work would no longer wait for the receiver"
                    ));
                }
            }
        }
        if parent.kind() == "for_statement" {
            return Some("the send is inside a loop of the sender".to_string());
        }
        current = parent;
    }
    deferred_work(source, body, None)
}

/// A deferred call that does work after the send: for a send in a deferred
/// closure (`sending`), only those deferred before it run after it.
fn deferred_work(source: &str, body: Node, sending: Option<Node>) -> Option<String> {
    let defer = go::statements(body).into_iter().find(|s| {
        s.kind() == "defer_statement"
            && sending.is_none_or(|d| s.start_byte() < d.start_byte())
            && !inert_defer(*s, source)
            && !local_cleanup(*s, body, source)
    })?;
    let (line, _) = line_col(source, defer.start_byte());
    Some(format!("the sender defers work (line {line}) that would no longer wait for the receiver"))
}

fn report<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    senders: &Senders<'t>,
    leave: Leave,
    measured: Option<String>,
) -> Finding {
    let source = ctx.source;
    let name = decl.name(source);
    let leave = events::describe_leave(source, &leave.path, leave.end);
    let (range, message) = match senders.named {
        // A goroutine started by name sends elsewhere: reported at the `make`.
        Some((callee, launch)) => {
            let (line, _) = line_col(source, launch.start_byte());
            let goroutine = match launch.kind() {
                "go_statement" => format!("goroutine `{callee}` (started at line {line})"),
                _ => format!("goroutine started by `{callee}` (line {line})"),
            };
            let message = format!(
                "{goroutine} can block forever sending on {name}: the receiver may {leave} without receiving"
            );
            (decl.make_call.byte_range(), message)
        }
        None => {
            let message = format!(
                "goroutine can block forever sending on {name}: the receiver may {leave} without receiving"
            );
            (senders.blocking[0].byte_range(), message)
        }
    };
    finding(ctx, decl, senders, range, message, measured)
}

/// The finding at `range`, fixed with capacity at the `make` unless
/// something says a buffer could change more than the leak.
fn finding<'t>(
    ctx: &Context<'t>,
    decl: &ChannelDecl<'t>,
    senders: &Senders<'t>,
    range: std::ops::Range<usize>,
    message: String,
    measured: Option<String>,
) -> Finding {
    let name = decl.name(ctx.source);
    let has_errors = go::top_function(decl.statement).is_some_and(|f| f.has_error());
    let reason = if has_errors {
        Some("the enclosing function has syntax errors, or syntax tree-sitter-go cannot read".to_string())
    } else {
        closed_while_sending(ctx, decl)
            .or_else(|| senders.handshake.clone())
            .or(measured)
            .or_else(|| senders.count.unfixable_reason())
    };
    if let Some(reason) = reason {
        return Finding::unfixed(RULE.id, range, message, reason);
    }
    let capacity = senders.count.render();
    let fix = Fix {
        message: format!("give {name} capacity {capacity} so no sender can block"),
        edits: vec![decl.capacity_edit(&capacity)],
    };
    match names::fix_uses_builtins_safely(ctx, &fix) {
        Ok(()) => Finding::fixed(RULE.id, range, message, fix),
        Err(reason) => Finding::unfixed(RULE.id, range, message, reason),
    }
}
