//! How many times a `for` loop runs, as far as the source shows it: over
//! `range xs` / `range n`, or `for i := 0; i < n; i++` (also `i < len(xs)`).
//! Both rules compare loops by this bound — a sender launched once per
//! iteration of one loop is drained by a receive loop with the same bound —
//! and abandoned-sender turns it into a channel capacity.

use crate::exits::Exits;
use crate::flow::{Events, Mode, Walker};
use crate::go::{self, Visit, children, text};
use tree_sitter::Node;

/// The bound of a loop: `key` is what two loops are compared by (`xs` for
/// both `range xs` and `i < len(xs)`, `n`, `b.N`, a literal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    pub key: String,
    pub form: Form,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `for ... range key`: a slice, map, string, array or integer.
    Range,
    /// `for i := 0; i < key; i++`
    CountTo,
    /// `for i := 0; i < len(key); i++`
    CountToLen,
}

pub fn bound(source: &str, for_stmt: Node) -> Option<Bound> {
    let header = children(for_stmt).into_iter().find(|c| c.kind() != "block")?;
    match header.kind() {
        "range_clause" => {
            let key = operand_key(header.child_by_field_name("right")?, source)?;
            Some(Bound { key: key.0, form: Form::Range })
        }
        "for_clause" => counted(source, header, for_stmt),
        _ => None,
    }
}

fn counted(source: &str, clause: Node, for_stmt: Node) -> Option<Bound> {
    let init = clause.child_by_field_name("initializer")?;
    let cond = clause.child_by_field_name("condition")?;
    let update = clause.child_by_field_name("update")?;
    let var = init.child_by_field_name("left").and_then(|l| children(l).into_iter().next())?;
    let var_name = text(var, source);
    let from_zero = init.kind() == "short_var_declaration"
        && init.child_by_field_name("right").is_some_and(|r| text(r, source) == "0");
    let increments = update.kind() == "inc_statement" && text(update, source) == format!("{var_name}++");
    let left = cond.child_by_field_name("left").map(|l| text(l, source));
    let op = cond.child_by_field_name("operator").map(|o| text(o, source));
    if !from_zero || !increments || left != Some(var_name) || op != Some("<") {
        return None;
    }
    if assigned_in(source, var_name, for_stmt.child_by_field_name("body")?) {
        return None;
    }
    let (key, is_len) = operand_key(cond.child_by_field_name("right")?, source)?;
    Some(Bound { key, form: if is_len { Form::CountToLen } else { Form::CountTo } })
}

/// At most how many times a loop with a literal bound and no update
/// statement runs: `for i := 1; i < 100_000; {` whose body, on every path
/// that goes round again, runs `i++` (and never moves `i` otherwise). A
/// counter only ever incremented, at least once per round, ends the loop
/// within `100_000 - 1` rounds.
pub fn iterations_at_most(source: &str, for_stmt: Node) -> Option<u64> {
    let clause = children(for_stmt).into_iter().find(|c| c.kind() == "for_clause")?;
    if clause.child_by_field_name("update").is_some() {
        return None;
    }
    let init = clause.child_by_field_name("initializer")?;
    let cond = clause.child_by_field_name("condition")?;
    let var = init.child_by_field_name("left").and_then(|l| children(l).into_iter().next())?;
    let name = text(var, source);
    let literal = |n: Option<Node>| {
        n.filter(|n| n.kind() == "int_literal")
            .and_then(|n| text(n, source).replace('_', "").parse::<u64>().ok())
    };
    let start = literal(init.child_by_field_name("right").and_then(|r| children(r).into_iter().next()))?;
    let end = literal(cond.child_by_field_name("right"))?;
    let inclusive = match cond.child_by_field_name("operator").map(|o| text(o, source)) {
        Some("<") => false,
        Some("<=") => true,
        _ => return None,
    };
    let body = for_stmt.child_by_field_name("body")?;
    if init.kind() != "short_var_declaration"
        || cond.child_by_field_name("left").map(|l| text(l, source)) != Some(name)
        || moved_other_than_incremented(source, name, body)
    {
        return None;
    }
    let increments = Increments { source, name };
    let exits = Exits::none();
    let walker = Walker { source, mode: Mode::Fewest, events: &increments, exits: &exits };
    if walker.round(for_stmt)?.count == 0 {
        return None;
    }
    Some(end.saturating_sub(start) + u64::from(inclusive))
}

/// The loop variable of `for_stmt` when it takes each value at most once
/// in a run of the loop: the counter of `for i := 0; i < n; i++` (not
/// moved in the body), or the index of `for i := range n` over an integer
/// or `for i, x := range xs`'s index over a slice, array, string or map.
/// `integer` tells whether a named range operand is a local integer (a
/// range over a function iterator may repeat its keys).
pub fn distinct_counter<'s>(
    source: &'s str,
    for_stmt: Node,
    integer: &dyn Fn(Node) -> bool,
) -> Option<&'s str> {
    let header = children(for_stmt).into_iter().find(|c| c.kind() != "block")?;
    fn first(n: Node) -> Option<Node> {
        children(n).into_iter().next().filter(|v| v.kind() == "identifier")
    }
    let var = match header.kind() {
        "for_clause" => {
            counted(source, header, for_stmt)?;
            first(header.child_by_field_name("initializer")?.child_by_field_name("left")?)?
        }
        "range_clause" => {
            let right = header.child_by_field_name("right")?;
            let ok = match right.kind() {
                "int_literal" => true,
                "call_expression" => operand_key(right, source).is_some_and(|(_, is_len)| is_len),
                "identifier" => integer(right),
                _ => false,
            };
            if !ok {
                return None;
            }
            let var = first(header.child_by_field_name("left")?)?;
            if assigned_in(source, text(var, source), for_stmt.child_by_field_name("body")?) {
                return None;
            }
            var
        }
        _ => return None,
    };
    Some(text(var, source)).filter(|v| *v != "_")
}

/// Whether `node` runs at most once in a run of `for_stmt`: it sits under
/// `if i == e` (or `e == i`, or a conjunction holding one) where `i` is
/// the loop's [`distinct_counter`] and `e` stays the same through the loop
/// (no call but `len`, nothing in it assigned in the body), with no other
/// loop in between.
pub fn once_per_loop(source: &str, node: Node, for_stmt: Node, integer: &dyn Fn(Node) -> bool) -> bool {
    let Some(counter) = distinct_counter(source, for_stmt, integer) else { return false };
    let Some(body) = for_stmt.child_by_field_name("body") else { return false };
    if go::identifiers(body, source, counter).into_iter().any(|i| go::declares(i, source)) {
        return false; // `i := i % 3` in the body: another `i`
    }
    let path = go::ancestors(node);
    let Some(below) = path.iter().rposition(|n| n.id() == body.id()) else { return false };
    let between = &path[below..];
    if between.iter().any(|n| matches!(n.kind(), "for_statement" | "func_literal")) {
        return false;
    }
    let fixed = |e: Node| {
        !go::descendants(e).into_iter().any(|n| {
            (n.kind() == "call_expression"
                && n.child_by_field_name("function").is_none_or(|f| text(f, source) != "len"))
                || (n.kind() == "identifier" && assigned_in(source, text(n, source), body))
        })
    };
    let pins = |cond: Node| {
        equalities(cond).into_iter().any(|eq| {
            let (Some(l), Some(r)) = (eq.child_by_field_name("left"), eq.child_by_field_name("right")) else {
                return false;
            };
            (text(l, source) == counter && fixed(r)) || (text(r, source) == counter && fixed(l))
        })
    };
    between.windows(2).any(|w| {
        w[0].kind() == "if_statement"
            && w[0].child_by_field_name("consequence").is_some_and(|c| c.id() == w[1].id())
            && w[0].child_by_field_name("condition").is_some_and(pins)
    })
}

/// The `a == b` terms of a condition joined by `&&` (each must hold).
fn equalities(cond: Node) -> Vec<Node> {
    match cond.kind() {
        "parenthesized_expression" => children(cond).into_iter().flat_map(equalities).collect(),
        "binary_expression" => match cond.child_by_field_name("operator").map(|o| o.kind()) {
            Some("&&") => children(cond).into_iter().flat_map(equalities).collect(),
            Some("==") => vec![cond],
            _ => vec![],
        },
        _ => vec![],
    }
}

/// `name++` statements, for the counter of [`iterations_at_most`].
struct Increments<'a> {
    source: &'a str,
    name: &'a str,
}

impl Events for Increments<'_> {
    fn count(&self, node: Node) -> u64 {
        let counter = node.child(0).map(|c| text(c, self.source));
        u64::from(node.kind() == "inc_statement" && counter == Some(self.name))
    }
}

/// Whether `name` is assigned, decremented or has its address taken under
/// `node` (increments are fine), closures and loops that redeclare it aside.
fn moved_other_than_incremented(source: &str, name: &str, node: Node) -> bool {
    go::preorder(node, |n| {
        if redeclares(source, name, n) {
            Visit::Skip
        } else if assigned(source, name, n) && n.parent().is_none_or(|p| p.kind() != "inc_statement") {
            Visit::Stop
        } else {
            Visit::Enter
        }
    })
}

/// `xs` for `xs` or `len(xs)` (with whether it was `len`), a literal for a
/// literal, `b.N` for a field read.
fn operand_key(node: Node, source: &str) -> Option<(String, bool)> {
    let plain = |n: Node| (n.kind() == "identifier").then(|| (text(n, source).to_string(), false));
    match node.kind() {
        "identifier" => Some((text(node, source).to_string(), false)),
        // `100_000` compares and parses as `100000`.
        "int_literal" => Some((text(node, source).replace('_', ""), false)),
        "selector_expression"
            if node.child_by_field_name("operand").is_some_and(|o| o.kind() == "identifier") =>
        {
            Some((text(node, source).to_string(), false))
        }
        "call_expression"
            if node.child_by_field_name("function").is_some_and(|f| text(f, source) == "len") =>
        {
            match children(node.child_by_field_name("arguments")?).as_slice() {
                [one] => plain(*one).map(|(k, _)| (k, true)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The `for` statements around `node`, innermost first, up to (not
/// including) `boundary` or the root.
pub fn enclosing<'t>(node: Node<'t>, boundary: Node) -> Vec<Node<'t>> {
    let path = go::ancestors(node);
    let below = path.iter().rposition(|n| n.id() == boundary.id()).map_or(0, |b| b + 1);
    path[below..].iter().rev().copied().filter(|n| n.kind() == "for_statement").collect()
}

/// Whether `name` is assigned, incremented or has its address taken under
/// `node`, not counting nested loops or closures that declare their own `name`.
pub fn assigned_in(source: &str, name: &str, node: Node) -> bool {
    go::preorder(node, |n| {
        if redeclares(source, name, n) {
            Visit::Skip
        } else if assigned(source, name, n) {
            Visit::Stop
        } else {
            Visit::Enter
        }
    })
}

/// Whether `node` is an identifier `name` that is assigned, incremented or
/// has its address taken right there.
fn assigned(source: &str, name: &str, node: Node) -> bool {
    node.kind() == "identifier"
        && text(node, source) == name
        && node.parent().is_some_and(|parent| match parent.kind() {
            "inc_statement" | "dec_statement" => true,
            "unary_expression" => text(parent, source).starts_with('&'),
            "expression_list" => parent.parent().is_some_and(|a| {
                a.kind() == "assignment_statement"
                    && a.child_by_field_name("left").is_some_and(|l| l.id() == parent.id())
            }),
            _ => false,
        })
}

/// Whether `node` is a loop or closure whose header declares `name` anew.
fn redeclares(source: &str, name: &str, node: Node) -> bool {
    let header = match node.kind() {
        "for_statement" => children(node).into_iter().find(|c| c.kind() != "block"),
        "func_literal" => node.child_by_field_name("parameters"),
        _ => None,
    };
    header.is_some_and(|h| go::identifiers(h, source, name).into_iter().any(|i| go::declares(i, source)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_loop_bound(body: &str) -> Option<Bound> {
        let source = format!("package p\nfunc f(xs []int, n int) {{\n{body}\n}}\n");
        let tree = go::parse(&mut go::new_parser(), &source).unwrap();
        let for_stmt = go::descendants(tree.root_node()).into_iter().find(|n| n.kind() == "for_statement")?;
        bound(&source, for_stmt)
    }

    #[test]
    fn range_and_counted_loops_share_keys() {
        let range = first_loop_bound("for _, x := range xs { _ = x }").unwrap();
        let counted = first_loop_bound("for i := 0; i < len(xs); i++ {}").unwrap();
        assert_eq!((range.key.as_str(), range.form), ("xs", Form::Range));
        assert_eq!((counted.key.as_str(), counted.form), ("xs", Form::CountToLen));
        assert_eq!(first_loop_bound("for i := 0; i < n; i++ {}").unwrap().key, "n");
    }

    fn first_loop_iterations(body: &str) -> Option<u64> {
        let source = format!("package p\nfunc f(ch chan int, done chan bool) {{\n{body}\n}}\n");
        let tree = go::parse(&mut go::new_parser(), &source).unwrap();
        let for_stmt = go::descendants(tree.root_node()).into_iter().find(|n| n.kind() == "for_statement")?;
        iterations_at_most(&source, for_stmt)
    }

    #[test]
    fn a_counter_advanced_on_every_round_bounds_the_loop() {
        let each_round = "for i := 1; i < 100_000; {\n\tselect {\n\tcase <-done:\n\t\treturn\n\tcase ch <- i:\n\t}\n\ti++\n}";
        assert_eq!(first_loop_iterations(each_round), Some(99_999));
        assert_eq!(first_loop_iterations(&each_round.replace("i < ", "i <= ")), Some(100_000));
        // A round that skips the increment, a counter moved otherwise, or a
        // computed bound: no bound.
        let skips = each_round.replace("case <-done:\n\t\treturn", "case <-done:\n\t\tcontinue");
        assert_eq!(first_loop_iterations(&skips), None);
        assert_eq!(first_loop_iterations(&each_round.replace("\ti++", "\ti++\n\ti--")), None);
        assert_eq!(first_loop_iterations(&each_round.replace("\ti++", "\ti += 2")), None);
        assert_eq!(first_loop_iterations(&each_round.replace("100_000", "len(ch)")), None);
        let conditional = each_round.replace("\ti++", "\tif len(ch) > 0 {\n\t\ti++\n\t}");
        assert_eq!(first_loop_iterations(&conditional), None);
        let both_branches =
            each_round.replace("\ti++", "\tif len(ch) > 0 {\n\t\ti++\n\t} else {\n\t\ti++\n\t}");
        assert_eq!(first_loop_iterations(&both_branches), Some(99_999));
    }

    /// Whether the first send of `body` runs once per run of the first loop.
    fn send_once(body: &str) -> bool {
        let source = format!("package p\nfunc f(ch chan int, n int, xs []int) {{\n{body}\n}}\n");
        let tree = go::parse(&mut go::new_parser(), &source).unwrap();
        let nodes = go::descendants(tree.root_node());
        let for_stmt = nodes.iter().find(|n| n.kind() == "for_statement").unwrap();
        let send = nodes.iter().find(|n| n.kind() == "send_statement").unwrap();
        let integer = |n: Node| text(n, &source) == "n";
        once_per_loop(&source, *send, *for_stmt, &integer)
    }

    #[test]
    fn a_send_pinned_to_one_value_of_the_counter_runs_once() {
        assert!(send_once("for i := 0; i < n; i++ {\n\tif i == n/2 {\n\t\tch <- i\n\t}\n}"));
        assert!(send_once("for i := range n {\n\tif n-1 == i && n > 2 {\n\t\tch <- i\n\t}\n}"));
        assert!(send_once("for i, x := range len(xs) {\n\tif i == 3 {\n\t\tch <- x\n\t}\n}"));
        // Not an equality, a moving target, a shadowed or moved counter, a
        // loop in between, a range over a channel: no.
        assert!(!send_once("for i := 0; i < n; i++ {\n\tif i >= n/2 {\n\t\tch <- i\n\t}\n}"));
        assert!(!send_once("for i := 0; i < n; i++ {\n\tif i == n {\n\t\tch <- i\n\t}\n\tn++\n}"));
        assert!(!send_once("for i := range n {\n\ti := i % 3\n\tif i == 1 {\n\t\tch <- i\n\t}\n}"));
        assert!(!send_once("for i := 0; i < n; i++ {\n\tif i == 1 {\n\t\tch <- i\n\t}\n\ti--\n}"));
        assert!(!send_once(
            "for i := range n {\n\tif i == 1 {\n\t\tfor range 2 {\n\t\t\tch <- i\n\t\t}\n\t}\n}"
        ));
        assert!(!send_once("for i := range ch {\n\tif i == 1 {\n\t\tch <- i\n\t}\n}"));
        assert!(!send_once("for i := 0; i < n; i++ {\n\tif i == f(n) {\n\t\tch <- i\n\t}\n}"));
    }

    #[test]
    fn loops_that_move_their_counter_have_no_bound() {
        assert_eq!(first_loop_bound("for i := 0; i < n; i++ { i++ }"), None);
        assert_eq!(first_loop_bound("for i := 1; i < n; i++ {}"), None);
        assert!(first_loop_bound("for i := 0; i < n; i++ { for i := 0; i < 3; i++ {} }").is_some());
    }
}
