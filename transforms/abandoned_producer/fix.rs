//! The stop-channel fix for `abandoned-producer`: declare a stop channel
//! after the data channel, turn each producer send into a `select` that
//! returns once the stop channel is closed, and close it on every way out
//! of the consumer — or say why that cannot be done safely.

use super::{Consumer, Producer};
use crate::channel::{self, ChannelDecl, Use, UseKind};
use crate::events;
use crate::exits;
use crate::finding::{Edit, Fix, line_col};
use crate::go::{self, children, text};
use crate::loops;
use crate::rules::Context;
use std::collections::HashSet;
use tree_sitter::Node;

/// The fix, or why there is none.
pub(super) fn plan_fix<'t>(
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
        return Err("the enclosing function has syntax errors, or syntax tree-sitter-go cannot read".into());
    }
    let stop = stop_name(source, top, decl);
    let mut edits = Vec::new();

    // Where the consumer closes the stop channel.
    let mut close_at_decl = false;
    match consumer {
        Consumer::Maker => match close_after_loop(source, ctx.exits, decl, receives) {
            Some(after) => {
                let at =
                    go::after_line_end(source, after.end_byte()).ok_or("the consumer loop's line goes on")?;
                // The loop sits in the declaration's block: take that block's
                // indentation (a label line `recv:` is outdented by gofmt).
                let indent = go::indentation(source, decl.statement.start_byte());
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
        let file = producer_file(ctx, p)?;
        let file = file.as_deref();
        let stop_here = match p.named_call {
            None => stop.clone(),
            Some(args) => {
                let (param, call_edit, param_edit) = named_fix(ctx, p, args, &stop)?;
                let param_edit = param_edit.in_file(file);
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
            return Err("the producer has syntax errors, or syntax tree-sitter-go cannot read".into());
        }
        let body = p.function.child_by_field_name("body").ok_or("no producer body")?;
        if let Some(why) = skipped_work(p.source, body, &p.sends) {
            return Err(why);
        }
        for &send in &p.sends {
            if let Some(edit) =
                send_edit(p.source, send, &stop_here, go::newline(p.source), &mut selects_done)?
            {
                edits.push(edit.in_file(file));
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

/// The file the producer's edits land in: `None` for the checked file, or
/// the name of the other file of the package declaring it.
pub(super) fn producer_file(ctx: &Context, p: &Producer) -> Result<Option<String>, String> {
    if std::ptr::eq(p.source, ctx.source) {
        return Ok(None);
    }
    match ctx.package.holding(p.source) {
        Some(file) if file.tree().is_some_and(|t| !t.root_node().has_error()) => Ok(Some(file.name())),
        _ => {
            let name = p.function.child_by_field_name("name").map_or("", |n| text(n, p.source));
            Err(format!(
                "the producer {name} is declared in another file of the package that chanfix cannot edit safely"
            ))
        }
    }
}

/// The most sends a capacity fix is written for; more call for a stop channel.
const SMALL: u64 = 16;

/// A capacity fix, when it suffices and changes nothing else: the producers
/// make a fixed, small number of sends, none in a loop, and do nothing after
/// a send but more sends, logging and returning (work after a send would no
/// longer wait for the consumer, which a handshake relies on).
pub(super) fn capacity_fix(
    ctx: &Context,
    decl: &ChannelDecl,
    producers: &[Producer],
    total: u64,
) -> Option<Fix> {
    let source = ctx.source;
    if total > SMALL || decl.literal_capacity(source).is_none_or(|c| c >= total) {
        return None;
    }
    if go::top_function(decl.statement).is_none_or(|f| f.has_error()) || !capacity_suffices(producers) {
        return None;
    }
    let name = decl.name(source);
    Some(Fix {
        message: format!("give {name} capacity {total} so none of its {total} sends can block"),
        edits: vec![decl.capacity_edit(&total.to_string())],
    })
}

/// Whether the producers' sends, once buffered, change nothing else: none
/// in a loop, none followed by work that waited for the consumer, and no
/// deferred call but closing the channel or `wg.Done()`.
pub(super) fn capacity_suffices<'a, 't: 'a>(producers: impl IntoIterator<Item = &'a Producer<'t>>) -> bool {
    for p in producers {
        let source = p.source;
        let Some(body) = p.function.child_by_field_name("body") else { return false };
        let own: HashSet<&str> = p
            .sends
            .iter()
            .filter_map(|s| s.child_by_field_name("channel"))
            .map(|c| text(c, source))
            .collect();
        for &send in &p.sends {
            if !loops::enclosing(send, body).is_empty() || !events::blocks(send) {
                return false;
            }
            // What runs after the send, in order: up to a `return` (the
            // send is in no loop, so nothing after that runs once it sent).
            for n in go::following_statements(send, body) {
                if !finishing(n, source, &own) {
                    return false;
                }
                if n.kind() == "return_statement" {
                    break;
                }
            }
        }
        if go::statements(body)
            .iter()
            .any(|s| s.kind() == "defer_statement" && !inert_defer(*s, source, &own))
        {
            return false;
        }
    }
    true
}

/// A deferred call that may run before the values are received without
/// anyone noticing: closing the producer's own channel, `wg.Done()`.
fn inert_defer(stmt: Node, source: &str, own: &HashSet<&str>) -> bool {
    let call = text(stmt, source).trim_start_matches("defer").trim();
    let closes_own =
        call.strip_prefix("close(").and_then(|r| r.strip_suffix(')')).is_some_and(|c| own.contains(c));
    closes_own || call.ends_with(".Done()")
}

/// `stopCh`, or `stopCh2`, `stopCh3`... the first name not used anywhere in `scope`.
/// The stop channel's name for `decl`. Fixes of several channels of one
/// function are computed on the same original text, so each earlier channel
/// of the function that is sent on (and so might get its own stop channel)
/// reserves the next free name first: two fixes never declare the same name.
fn stop_name(source: &str, top: Node, decl: &ChannelDecl) -> String {
    // Channels that may get a stop channel of their own: sent on in a loop,
    // or handed to a named function launched with `go`.
    let nodes = go::descendants(top);
    let in_loop_sends = nodes
        .iter()
        .filter(|n| n.kind() == "send_statement" && !loops::enclosing(**n, top).is_empty())
        .filter_map(|n| n.child_by_field_name("channel"));
    let handed = nodes
        .iter()
        .filter(|n| n.kind() == "go_statement")
        .filter_map(|g| children(*g).into_iter().next()?.child_by_field_name("arguments"))
        .flat_map(children);
    let sent_on: HashSet<&str> = in_loop_sends.chain(handed).map(|c| text(c, source)).collect();
    let mut reserved: Vec<String> = Vec::new();
    for make in nodes.into_iter().filter(|n| n.start_byte() < decl.make_call.start_byte()) {
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
fn close_after_loop<'t>(
    source: &str,
    exits: &exits::Exits,
    decl: &ChannelDecl<'t>,
    receives: &[Use<'t>],
) -> Option<Node<'t>> {
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
            // A helper that always fails (of this package) leaves too.
            "call_expression" if exits.call(n, source).is_some() => return None,
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
            ) || (n.kind() == "call_expression" && exits.call(n, source).is_some())
        });
        if leaves {
            return None;
        }
    }
    Some(holder)
}

/// Work the producer must still do after its sends, which an early return
/// at a send would skip: any statement after the send loop (or after a
/// send outside loops) other than logging, returning, or more sends on and
/// the close of its own channel; and, in a loop that sends, cleanup done
/// each round (`Done()`, `Unlock()`, `Release()`, `Close()`...) or sends on
/// and closes of other channels. Deferred calls still run and do not count.
pub(super) fn skipped_work(source: &str, body: Node, sends: &[Node]) -> Option<String> {
    let own: HashSet<&str> =
        sends.iter().filter_map(|s| s.child_by_field_name("channel")).map(|c| text(c, source)).collect();
    let say = |n: Node, work: String| {
        let (line, _) = line_col(source, n.start_byte());
        Some(format!(
            "the producer must still {work} (line {line}) after its sends; returning when the consumer leaves would skip it"
        ))
    };
    // Statements between sends only make the next value; what follows the
    // last send (or the last loop that sends) is what a return would skip.
    let anchors: Vec<Node> =
        sends.iter().map(|s| loops::enclosing(*s, body).last().copied().unwrap_or(*s)).collect();
    let last_end = anchors.iter().map(|a| a.end_byte()).max()?;
    for &anchor in &anchors {
        for next in go::following_statements(anchor, body) {
            if next.end_byte() <= last_end {
                continue;
            }
            if !finishing(next, source, &own) {
                let what = text(next, source).lines().next().unwrap_or("").trim();
                return say(next, format!("run `{what}`"));
            }
        }
    }
    let first = sends.iter().map(|s| s.start_byte()).min()?;
    let loops_with_sends: Vec<Node> = go::descendants_outside_closures(body)
        .into_iter()
        .filter(|n| n.kind() == "for_statement" && sends.iter().any(|s| go::contains(*n, *s)))
        .collect();
    for n in go::descendants_outside_closures(body) {
        if go::enclosing(n, &["defer_statement", "func_literal"])
            .is_some_and(|d| d.kind() == "defer_statement")
        {
            continue;
        }
        let after = n.start_byte() > first || loops_with_sends.iter().any(|l| go::contains(*l, n));
        if !after {
            continue;
        }
        let work = match n.kind() {
            "expression_statement" => per_round_cleanup(n, source, &own),
            "send_statement" => n
                .child_by_field_name("channel")
                .map(|c| text(c, source))
                .filter(|c| !own.contains(c))
                .map(|c| format!("send on {c}")),
            _ => None,
        };
        if let Some(work) = work {
            return say(n, work);
        }
    }
    None
}

/// Cleanup a loop round must not skip: a statement-level call of a method
/// that releases something, or the close of another channel.
fn per_round_cleanup(stmt: Node, source: &str, own: &HashSet<&str>) -> Option<String> {
    let call = children(stmt).into_iter().next().filter(|c| c.kind() == "call_expression")?;
    let function = text(call.child_by_field_name("function")?, source);
    const RELEASES: &[&str] = &["Done", "Unlock", "RUnlock", "Release", "Close", "Stop", "Flush", "Put"];
    match function.rsplit_once('.') {
        Some((_, method)) if RELEASES.contains(&method) => Some(format!("call {function}()")),
        _ => go::closed_channel(call, source).filter(|c| !own.contains(c)).map(|c| format!("close {c}")),
    }
}

/// Statements that may be skipped when the producer returns early: logging,
/// returning, loop control, more sends on its own channels, closing them,
/// and `if`s made only of these.
fn finishing(stmt: Node, source: &str, own: &HashSet<&str>) -> bool {
    match stmt.kind() {
        "return_statement" => children(stmt).is_empty(),
        "empty_statement" | "break_statement" | "continue_statement" => true,
        "send_statement" => {
            stmt.child_by_field_name("channel").is_some_and(|c| own.contains(text(c, source)))
        }
        "expression_statement" => {
            let call = children(stmt).into_iter().next().filter(|c| c.kind() == "call_expression");
            let Some(call) = call else { return false };
            go::is_logging_call(call, source)
                || go::closed_channel(call, source).is_some_and(|c| own.contains(c))
        }
        "block" => go::statements(stmt).into_iter().all(|s| finishing(s, source, own)),
        "if_statement" => {
            let branches = [stmt.child_by_field_name("consequence"), stmt.child_by_field_name("alternative")];
            stmt.child_by_field_name("initializer").is_none()
                && branches.into_iter().flatten().all(|b| finishing(b, source, own))
        }
        _ => false,
    }
}

/// The edit turning one send into a select that also waits for `stop`.
pub(super) fn send_edit(
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
/// the edit passing `stop` at the call, and the edit adding the parameter
/// (in the producer's own file, which may be another file of the package) —
/// when the function is unexported and this call is its only use in the
/// whole package, so that the fix updates every call of it.
fn named_fix(ctx: &Context, p: &Producer, args: Node, stop: &str) -> Result<(String, Edit, Edit), String> {
    let source = ctx.source;
    let name_node = p.function.child_by_field_name("name").ok_or("no name")?;
    let name = text(name_node, p.source);
    if p.function.kind() == "method_declaration" {
        return Err(format!(
            "the producer {name} is a method; a stop parameter would change its signature for every caller and interface"
        ));
    }
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
    let home = ctx.package.holding(p.source);
    if let Some(home) = home {
        let tree = home.tree().ok_or("the producer's file does not parse")?;
        let there = go::identifiers(tree.root_node(), p.source, name).len();
        if there != 1 {
            return Err(format!(
                "{name} is used {} times in {}, where it is declared; every call would need the stop channel",
                there - 1,
                home.name()
            ));
        }
    }
    let elsewhere = ctx
        .package
        .siblings()
        .into_iter()
        .find(|f| home.is_none_or(|h| !std::ptr::eq(*f, h)) && f.mentions(name));
    if let Some(other) = elsewhere {
        return Err(format!(
            "{name} is also used in {}; every call would need the stop channel",
            other.name()
        ));
    }
    if !ctx.package.knows_siblings() {
        return Err(format!(
            "{name} may be used in other files of the package (the source came from stdin); every call would need the stop channel"
        ));
    }
    let params = p.function.child_by_field_name("parameters").ok_or("no parameters")?;
    let list = children(params);
    if text(params, p.source).contains('\n')
        || list.last().is_some_and(|l| l.kind() != "parameter_declaration")
    {
        return Err(format!("the parameter list of {name} is variadic or spans lines"));
    }
    let arg_list = children(args);
    if text(args, source).contains('\n') || arg_list.last().is_some_and(|a| a.kind() == "variadic_argument") {
        return Err(format!("the call of {name} spreads a slice or spans lines"));
    }
    let param = fresh_name(p.source, p.function, "stop");
    let param_edit = Edit::insert(params.end_byte() - 1, format!(", {param} <-chan struct{{}}"));
    let call_edit = Edit::insert(args.end_byte() - 1, format!(", {stop}"));
    Ok((param, call_edit, param_edit))
}
