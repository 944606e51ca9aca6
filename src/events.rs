//! The events both rules count with [`crate::flow`]: the blocking sends of a
//! sender or producer, and the receives of a receiver or consumer, including
//! loops that receive once per iteration of the senders' loop.

use crate::finding::line_col;
use crate::flow::{Events, PER_BOUND, Path};
use crate::go::{self, Visit, children, text};
use crate::loops;
use std::collections::HashSet;
use tree_sitter::Node;

/// How many of `ids` lie under `node`, not counting inside closures.
pub fn count_nodes(node: Node, ids: &HashSet<usize>) -> u64 {
    let mut count = 0;
    go::preorder(node, |n| {
        if ids.contains(&n.id()) {
            count += 1;
            Visit::Skip
        } else if n.kind() == "func_literal" {
            Visit::Skip
        } else {
            Visit::Enter
        }
    });
    count
}

/// A send blocks unless it is a case of a select with another way out.
pub fn blocks(send: Node) -> bool {
    match send.parent() {
        Some(case) if case.kind() == "communication_case" => {
            case.parent().is_some_and(|select| children(select).len() == 1)
        }
        _ => true,
    }
}

/// The blocking sends of one goroutine.
pub struct Sends {
    pub ids: HashSet<usize>,
}

impl Events for Sends {
    fn count(&self, node: Node) -> u64 {
        count_nodes(node, &self.ids)
    }
    fn counts_in_select(&self, select: Node) -> bool {
        children(select).len() == 1
    }
}

/// The receives of the receiving side.
pub struct Receives<'a> {
    pub source: &'a str,
    /// `<-ch` expressions.
    pub receives: HashSet<usize>,
    /// `for v := range ch` statements.
    pub ranges: HashSet<usize>,
    /// The bound of the loop that launches the senders, if one does.
    pub key: Option<String>,
    /// Names bound to the `ok` of a receive from the channel (`v, ok := <-ch`).
    pub oks: HashSet<String>,
    /// The names the channel is received under.
    names: HashSet<String>,
    /// Channels the senders send on only as their last act (the send is
    /// followed by `return`): receiving from one means they are done.
    pub last_sends: HashSet<String>,
    /// Channels the senders close only when they are done sending: a range
    /// over one that runs to its end has waited for them.
    closed_when_done: HashSet<String>,
    /// Variables the senders set only right before they return
    /// (`decodeErr = err; return`): `if decodeErr != nil` means they are done.
    pub finished_flags: HashSet<String>,
    /// Names bound to a value received from a channel the senders close
    /// when done and never send a literal `nil` on: `v == nil` means closed.
    nil_when_closed: HashSet<String>,
    /// Variables the receiver sets, to a value known not to be nil, only
    /// right before it breaks out of a range over the channel, with that
    /// range statement: after it, the flag is unset only if the range ran
    /// to its end.
    break_flags: Vec<(String, Node<'a>)>,
}

impl<'a> Receives<'a> {
    /// The receive events of one channel: its `<-ch` expressions and its range loops.
    pub fn new(source: &'a str, receives: Vec<Node>, ranges: HashSet<usize>, key: Option<String>) -> Self {
        let oks = receives.iter().filter_map(|r| ok_name(*r, source)).map(String::from).collect();
        let names = receives
            .iter()
            .filter_map(|r| r.child_by_field_name("operand"))
            .map(|o| text(o, source).to_string())
            .collect();
        Receives {
            source,
            receives: receives.iter().map(|r| r.id()).collect(),
            ranges,
            key,
            oks,
            names,
            last_sends: HashSet::new(),
            closed_when_done: HashSet::new(),
            finished_flags: HashSet::new(),
            nil_when_closed: HashSet::new(),
            break_flags: Vec::new(),
        }
    }

    /// `for v := range done` over a channel the senders close when they are
    /// done: the loop runs to its end only after they finished.
    fn waits_for_senders(&self, for_stmt: Node) -> bool {
        children(for_stmt)
            .into_iter()
            .find(|c| c.kind() == "range_clause")
            .and_then(|r| r.child_by_field_name("right"))
            .is_some_and(|ch| self.closed_when_done.contains(text(ch, self.source)))
    }

    /// The nil-channel merge idiom: `for a != nil || b != nil { select {
    /// case v, ok := <-a: if !ok { a = nil; continue } ... } }` runs until
    /// the channel is set to nil, which it is once closed and drained.
    fn merges_until_nil(&self, for_stmt: Node) -> bool {
        let Some(cond) = children(for_stmt).into_iter().find(|c| c.kind() != "block") else { return false };
        if !cond.kind().ends_with("expression") || cond.kind() == "parenthesized_expression" {
            return false;
        }
        let cond = text(cond, self.source);
        !cond.contains("&&")
            && cond
                .split("||")
                .map(str::trim)
                .any(|part| part.strip_suffix("!= nil").is_some_and(|name| self.names.contains(name.trim())))
    }

    /// Finds the receiver's break flags in `function`: `failed = err; break
    /// Outer` under `if err != nil`, where `Outer` ranges over the channel
    /// and `failed` is declared without a value and set nowhere else.
    pub fn breaks_out_of_ranges(&mut self, function: Node<'a>) {
        let mut sets: Vec<(String, Option<Node<'a>>)> = Vec::new();
        for n in go::descendants(function).into_iter().filter(|n| n.kind() == "assignment_statement") {
            let Some(left) = n.child_by_field_name("left").map(children) else { continue };
            let range = self.broken_range(n);
            for l in left.iter().filter(|l| l.kind() == "identifier") {
                sets.push((text(*l, self.source).to_string(), range));
            }
        }
        let mut flags: Vec<(String, Node<'a>)> = Vec::new();
        for (name, range) in &sets {
            let Some(range) = range else { continue };
            let everywhere = sets.iter().filter(|(n, _)| n == name).all(|(_, r)| *r == Some(*range));
            if everywhere && declared_unset(function, name, self.source) {
                flags.push((name.clone(), *range));
            }
        }
        self.break_flags = flags;
    }

    /// The statement of the range over the channel that `assignment` is
    /// the last act before breaking out of, when it assigns `x = v` under
    /// `if v != nil` (or `x = true`).
    fn broken_range(&self, assignment: Node<'a>) -> Option<Node<'a>> {
        let right = children(assignment.child_by_field_name("right")?);
        let [value] = right.as_slice() else { return None };
        let value = text(*value, self.source);
        let brk = assignment.next_named_sibling().filter(|b| b.kind() == "break_statement")?;
        let guarded = value == "true"
            || go::enclosing(assignment, &["if_statement", "func_literal"])
                .filter(|i| i.kind() == "if_statement")
                .and_then(|i| i.child_by_field_name("condition"))
                .is_some_and(|c| text(c, self.source) == format!("{value} != nil"));
        if !guarded {
            return None;
        }
        let label = children(brk).first().map(|l| text(*l, self.source).to_string());
        let target = go::ancestors(brk).into_iter().rev().skip(1).find(|a| match &label {
            Some(label) => {
                a.kind() == "labeled_statement"
                    && a.child_by_field_name("label").is_some_and(|l| text(l, self.source) == label)
            }
            None => matches!(
                a.kind(),
                "for_statement"
                    | "select_statement"
                    | "expression_switch_statement"
                    | "type_switch_statement"
                    | "func_literal"
            ),
        })?;
        let the_loop = match target.kind() {
            "labeled_statement" => children(target).into_iter().find(|c| c.kind() == "for_statement")?,
            _ => target,
        };
        self.ranges.contains(&the_loop.id()).then_some(target)
    }

    /// Also read `!ok` after a receive in `region` from a channel that one
    /// of the sender `bodies` closes only when done sending (and a range
    /// over it that runs to its end) as "the senders are done": on that
    /// branch nothing more can be sent.
    pub fn finished_when_closed(&mut self, region: &[Node], bodies: &[Node]) {
        let channels: HashSet<String> =
            bodies.iter().flat_map(|b| closed_when_done(*b, self.source)).collect();
        self.closed_when_done.extend(channels.iter().cloned());
        let sends_nil = |channel: &str| {
            bodies.iter().flat_map(|b| go::descendants(*b)).any(|n| {
                n.kind() == "send_statement"
                    && n.child_by_field_name("channel").is_some_and(|c| text(c, self.source) == channel)
                    && n.child_by_field_name("value").is_some_and(|v| text(v, self.source) == "nil")
            })
        };
        for stmt in region {
            for n in go::descendants_outside_closures(*stmt) {
                let Some(channel) = go::received_from(n, self.source).filter(|c| channels.contains(*c))
                else {
                    continue;
                };
                if let Some(ok) = ok_name(n, self.source) {
                    self.oks.insert(ok.to_string());
                }
                if let Some(value) = value_name(n, self.source).filter(|_| !sends_nil(channel)) {
                    self.nil_when_closed.insert(value.to_string());
                }
            }
        }
    }
}

/// Variables a goroutine body assigns only in the statement right before
/// a `return` (`decodeErr = err; return`): set means it is done.
pub fn set_before_return(body: Node, source: &str) -> HashSet<String> {
    let mut before_return = HashSet::new();
    let mut elsewhere = HashSet::new();
    for n in go::descendants_outside_closures(body).into_iter().filter(|n| n.kind() == "assignment_statement")
    {
        let Some(left) = n.child_by_field_name("left").map(children) else { continue };
        let returns = n.next_named_sibling().is_some_and(|r| r.kind() == "return_statement");
        for name in left.iter().filter(|l| l.kind() == "identifier").map(|l| text(*l, source).to_string()) {
            if returns { &mut before_return } else { &mut elsewhere }.insert(name);
        }
    }
    // Only variables shared with the receiver: not declared in the body.
    let declared =
        |name: &str| go::identifiers(body, source, name).into_iter().any(|i| go::declares(i, source));
    before_return.retain(|n| !elsewhere.contains(n) && n != "_" && !declared(n));
    before_return
}

/// Whether `name` is declared in `function` by `var name T` (possibly
/// with others, possibly grouped) with no value: it starts as the zero value.
fn declared_unset(function: Node, name: &str, source: &str) -> bool {
    let mut declarations =
        go::identifiers(function, source, name).into_iter().filter(|i| go::declares(*i, source));
    let Some(only) = declarations.next() else { return false };
    declarations.next().is_none()
        && only
            .parent()
            .is_some_and(|spec| spec.kind() == "var_spec" && spec.child_by_field_name("value").is_none())
}

/// The channels a goroutine body closes when it is done sending: a
/// deferred `close(x)`, or `close(x)` as its last statement.
fn closed_when_done(body: Node, source: &str) -> HashSet<String> {
    let closed = |stmt: Node| {
        let call = go::descendants(stmt).into_iter().find(|n| n.kind() == "call_expression")?;
        go::closed_channel(call, source).map(String::from)
    };
    let statements = go::statements(body);
    let deferred = statements.iter().filter(|s| s.kind() == "defer_statement").filter_map(|s| closed(*s));
    let last = statements.last().filter(|s| s.kind() == "expression_statement").and_then(|s| closed(*s));
    // `close(ch); return` anywhere in the body: closed as its last act.
    let before_return = go::descendants_outside_closures(body).into_iter().filter_map(|s| {
        let returns = s.next_named_sibling().is_some_and(|r| r.kind() == "return_statement");
        (s.kind() == "expression_statement" && returns).then(|| closed(s)).flatten()
    });
    deferred.chain(last).chain(before_return.collect::<Vec<_>>()).collect()
}

/// `v` in `v := <-ch`, `v = <-ch`, `case v := <-ch:` (or with `, ok`).
fn value_name<'s>(receive: Node, source: &'s str) -> Option<&'s str> {
    let (holder, left) = assigned_from(receive)?;
    if !matches!(holder.kind(), "short_var_declaration" | "assignment_statement" | "receive_statement") {
        return None;
    }
    let value = left.first().filter(|v| v.kind() == "identifier").map(|v| text(*v, source))?;
    (value != "_").then_some(value)
}

/// `ok` in `v, ok := <-ch`, `v, ok = <-ch` or `case v, ok := <-ch:`.
fn ok_name<'s>(receive: Node, source: &'s str) -> Option<&'s str> {
    let (_, left) = assigned_from(receive)?;
    match left.as_slice() {
        [_, ok] if ok.kind() == "identifier" && text(*ok, source) != "_" => Some(text(*ok, source)),
        _ => None,
    }
}

/// The statement whose only right-hand side is `receive`, and the
/// expressions on its left (`v, ok` in `v, ok := <-ch`).
fn assigned_from(receive: Node) -> Option<(Node, Vec<Node>)> {
    let parent = receive.parent()?;
    let (holder, right) = match parent.kind() {
        "receive_statement" => (parent, receive),
        "expression_list" if children(parent).len() == 1 => (parent.parent()?, parent),
        _ => return None,
    };
    if holder.child_by_field_name("right").is_none_or(|r| r.id() != right.id()) {
        return None;
    }
    Some((holder, children(holder.child_by_field_name("left")?)))
}

impl Events for Receives<'_> {
    fn count(&self, node: Node) -> u64 {
        count_nodes(node, &self.receives)
    }
    fn ranges_over_channel(&self, for_stmt: Node) -> bool {
        self.ranges.contains(&for_stmt.id())
            || self.merges_until_nil(for_stmt)
            || self.waits_for_senders(for_stmt)
    }
    fn receives_last_send(&self, communication: Node) -> bool {
        go::descendants(communication)
            .into_iter()
            .any(|n| go::received_from(n, self.source).is_some_and(|c| self.last_sends.contains(c)))
    }
    fn ends_after_receive(&self, for_stmt: Node) -> bool {
        let Some(cond) = children(for_stmt).into_iter().find(|c| c.kind() == "unary_expression") else {
            return false;
        };
        let Some(flag) = cond.child_by_field_name("operand").filter(|o| o.kind() == "identifier") else {
            return false;
        };
        if !text(cond, self.source).starts_with('!') {
            return false;
        }
        let flag = text(flag, self.source);
        let Some(body) = for_stmt.child_by_field_name("body") else { return false };
        let mut setters = go::descendants(body).into_iter().filter(|n| {
            n.kind() == "assignment_statement"
                && n.child_by_field_name("left").is_some_and(|l| text(l, self.source) == flag)
        });
        let after_receive = |set: Node| {
            go::enclosing(set, &["communication_case", "func_literal"])
                .filter(|c| c.kind() == "communication_case")
                .and_then(|c| c.child_by_field_name("communication"))
                .is_some_and(|comm| count_nodes(comm, &self.receives) > 0)
        };
        let mut any = false;
        setters.all(|set| {
            any = true;
            after_receive(set)
        }) && any
    }
    fn means_closed(&self, condition: Node) -> bool {
        let mut c = condition;
        while c.kind() == "parenthesized_expression" {
            let Some(inner) = children(c).into_iter().next() else { return false };
            c = inner;
        }
        let negated = match c.kind() {
            "unary_expression" if text(c, self.source).starts_with('!') => c.child_by_field_name("operand"),
            "binary_expression"
                if c.child_by_field_name("right").is_some_and(|r| text(r, self.source) == "false") =>
            {
                c.child_by_field_name("left").filter(|_| text(c, self.source).contains("=="))
            }
            _ => None,
        };
        let flag = match c.kind() {
            "binary_expression" if text(c, self.source).contains("!= nil") => c.child_by_field_name("left"),
            "identifier" => Some(c),
            _ => None,
        };
        let nil_value = match c.kind() {
            "binary_expression" if c.child_by_field_name("operator").is_some_and(|o| o.kind() == "==") => {
                let (l, r) = (c.child_by_field_name("left"), c.child_by_field_name("right"));
                match (l.map(|l| text(l, self.source)), r.map(|r| text(r, self.source))) {
                    (Some(v), Some("nil")) | (Some("nil"), Some(v)) => Some(v),
                    _ => None,
                }
            }
            _ => None,
        };
        nil_value.is_some_and(|v| self.nil_when_closed.contains(v))
            || negated.is_some_and(|n| n.kind() == "identifier" && self.oks.contains(text(n, self.source)))
            || flag.is_some_and(|f| {
                f.kind() == "identifier" && self.finished_flags.contains(text(f, self.source))
            })
    }
    fn drained_unless(&self, condition: Node) -> bool {
        let flag = match condition.kind() {
            "binary_expression" if text(condition, self.source).ends_with("!= nil") => {
                condition.child_by_field_name("left")
            }
            "identifier" => Some(condition),
            _ => None,
        };
        let Some(flag) = flag.filter(|f| f.kind() == "identifier").map(|f| text(f, self.source)) else {
            return false;
        };
        let Some(if_stmt) = condition.parent() else { return false };
        self.break_flags.iter().any(|(name, range)| {
            name == flag
                && range.parent().is_some_and(|b| if_stmt.parent().is_some_and(|p| p.id() == b.id()))
                && range.end_byte() <= if_stmt.start_byte()
        })
    }
    fn loop_count(&self, for_stmt: Node, per_iteration: u64) -> Option<u64> {
        let key = loops::bound(self.source, for_stmt)?.key;
        let iterations = match key.parse::<u64>() {
            Ok(n) => n,
            Err(_) if Some(&key) == self.key.as_ref() => PER_BOUND,
            Err(_) => return None,
        };
        Some(per_iteration.saturating_mul(iterations))
    }
}

/// How the receiving side leaves, for messages: the select case it turns
/// away at and the statement it leaves by (a return, a break, a failing
/// call), or, when it just runs out, the end of its code.
pub fn describe_leave(source: &str, path: &Path, end: usize) -> String {
    let describe = |at: usize| {
        let (line, _) = line_col(source, at);
        let rest = &source[at..];
        let first_line = rest.lines().next().unwrap_or("").trim_end();
        if rest.starts_with("case") || rest.starts_with("default") {
            format!("take the select case `{}` (line {line})", first_line.trim_end_matches(':'))
        } else {
            let word =
                rest.split(|c: char| !c.is_alphanumeric() && c != '.' && c != '_').next().unwrap_or("");
            format!("leave by `{word}` at line {line}")
        }
    };
    match (path.turn, path.leave) {
        (Some(turn), Some(leave)) if turn < leave => format!("{} and {}", describe(turn), describe(leave)),
        (_, Some(at)) | (Some(at), None) => describe(at),
        (None, None) => {
            let (line, _) = line_col(source, end.saturating_sub(1));
            format!("reach the end of its code at line {line}")
        }
    }
}
