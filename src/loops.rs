//! How many times a `for` loop runs, as far as the source shows it: over
//! `range xs` / `range n`, or `for i := 0; i < n; i++` (also `i < len(xs)`).
//! Both rules compare loops by this bound — a sender launched once per
//! iteration of one loop is drained by a receive loop with the same bound —
//! and abandoned-sender turns it into a channel capacity.

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

    #[test]
    fn loops_that_move_their_counter_have_no_bound() {
        assert_eq!(first_loop_bound("for i := 0; i < n; i++ { i++ }"), None);
        assert_eq!(first_loop_bound("for i := 1; i < n; i++ {}"), None);
        assert!(first_loop_bound("for i := 0; i < n; i++ { for i := 0; i < 3; i++ {} }").is_some());
    }
}
