//! How many sender goroutines the `go` statements launch, as an expression
//! that means the same at the channel's `make` site: a constant, `len(xs)`
//! for one goroutine per element of a slice, array, map or string `xs`, or
//! `n` for a counted loop. The capacity is only written when this can be
//! shown from the source; otherwise the reason is kept for the report.

use crate::channel::ChannelDecl;
use crate::flow::PER_BOUND;
use crate::go::{self, children, text};
use tree_sitter::Node;

/// The number of sends that can go unreceived.
#[derive(Clone, Debug, Default)]
pub struct Count {
    pub fixed: u64,
    /// A loop bound, as written in the capacity (`len(xs)`, `n`).
    pub bound: Option<String>,
    /// Why the count cannot be written as a capacity.
    pub unknown: Option<String>,
}

impl Count {
    fn one_bound(bound: String) -> Self {
        Count { bound: Some(bound), ..Count::default() }
    }

    fn unknown(reason: &str) -> Self {
        Count { unknown: Some(reason.to_string()), ..Count::default() }
    }

    pub fn plus(self, other: Count) -> Count {
        let unknown = self.unknown.or(other.unknown);
        match (self.bound, other.bound) {
            (Some(_), Some(_)) => Count {
                unknown: unknown.or(Some("senders are launched by more than one loop".into())),
                ..Count::default()
            },
            (a, b) => Count { fixed: self.fixed + other.fixed, bound: a.or(b), unknown },
        }
    }

    /// For comparing with the receives: a bound counts [`PER_BOUND`]; an
    /// unknown number of senders more than any finite number of receives.
    pub fn total(&self) -> u64 {
        match (&self.bound, &self.unknown) {
            (Some(_), _) => self.fixed + PER_BOUND,
            (None, Some(_)) => self.fixed + 2 * PER_BOUND,
            (None, None) => self.fixed,
        }
    }

    /// Whether the number of senders comes from a loop.
    pub fn looped(&self) -> bool {
        self.bound.is_some() || self.unknown.is_some()
    }

    pub fn unfixable_reason(&self) -> Option<String> {
        match (&self.unknown, &self.bound) {
            (Some(reason), _) => Some(reason.clone()),
            (None, Some(_)) if self.fixed > 0 => Some(
                "senders are launched both in a loop and outside it; the capacity is not a single expression"
                    .into(),
            ),
            _ => None,
        }
    }

    pub fn render(&self) -> String {
        self.bound.clone().unwrap_or_else(|| self.fixed.to_string())
    }
}

/// How many goroutines `go_stmt` launches between the declaration and
/// the end of the declaration's scope.
pub fn launches(source: &str, go_stmt: Node, decl: &ChannelDecl) -> Option<Count> {
    let scope = decl.statement.parent()?;
    let mut loops = Vec::new();
    let mut cur = go_stmt.parent();
    while let Some(n) = cur {
        if n.id() == scope.id() {
            break;
        }
        if n.kind() == "for_statement" {
            loops.push(n);
        }
        cur = n.parent();
    }
    Some(match loops.as_slice() {
        [] => Count { fixed: 1, ..Count::default() },
        [one] => loop_count(source, *one, decl),
        _ => Count::unknown("senders are launched in nested loops"),
    })
}

fn loop_count(source: &str, for_stmt: Node, decl: &ChannelDecl) -> Count {
    let Some(key) = loop_key(source, for_stmt) else {
        return Count::unknown("senders are launched in a loop whose number of iterations is not known");
    };
    if let Ok(n) = key.parse::<u64>() {
        return Count { fixed: n, ..Count::default() };
    }
    let operand = key.strip_prefix("len(").and_then(|k| k.strip_suffix(')')).unwrap_or(&key);
    let simple = operand.chars().all(|c| c.is_alphanumeric() || c == '_');
    let problem =
        if simple { stable_at(source, operand, decl).err() } else { Some("it is not a single variable") };
    match problem {
        None => Count::one_bound(key),
        Some(why) => Count {
            bound: Some(key.clone()),
            unknown: Some(format!("senders are launched once per iteration up to `{key}`, but {why}")),
            ..Count::default()
        },
    }
}

/// What a loop's iteration count is, as an expression: `len(xs)` for a
/// range over a slice, array, map or string, `n` for a range over an
/// integer or `for i := 0; i < n; i++`, a literal for a constant count.
pub fn loop_key(source: &str, for_stmt: Node) -> Option<String> {
    let header = children(for_stmt).into_iter().find(|c| c.kind() != "block")?;
    match header.kind() {
        "range_clause" => {
            let right = header.child_by_field_name("right")?;
            range_key(source, right, for_stmt)
        }
        "for_clause" => counted_key(source, header, for_stmt),
        _ => None,
    }
}

fn range_key(source: &str, right: Node, at: Node) -> Option<String> {
    let name = text(right, source);
    match right.kind() {
        "int_literal" => Some(name.to_string()),
        "identifier" => match kind_of(source, name, at)? {
            Shape::Sized => Some(format!("len({name})")),
            Shape::Integer => Some(name.to_string()),
        },
        _ => None,
    }
}

fn counted_key(source: &str, clause: Node, for_stmt: Node) -> Option<String> {
    let init = clause.child_by_field_name("initializer")?;
    let cond = clause.child_by_field_name("condition")?;
    let update = clause.child_by_field_name("update")?;
    let var = init.child_by_field_name("left").and_then(|l| children(l).into_iter().next())?;
    let var_name = text(var, source);
    let starts_at_zero = init.kind() == "short_var_declaration"
        && init.child_by_field_name("right").is_some_and(|r| text(r, source) == "0");
    let increments = update.kind() == "inc_statement" && text(update, source) == format!("{var_name}++");
    let cond_left = cond.child_by_field_name("left").map(|l| text(l, source));
    let cond_op = cond.child_by_field_name("operator").map(|o| text(o, source));
    if !starts_at_zero || !increments || cond_left != Some(var_name) || cond_op != Some("<") {
        return None;
    }
    let body = for_stmt.child_by_field_name("body")?;
    if assigned_in(source, var_name, body) {
        return None;
    }
    let limit = cond.child_by_field_name("right")?;
    Some(text(limit, source).to_string())
}

enum Shape {
    /// Has a length: slice, array, map, string.
    Sized,
    Integer,
}

/// The single declaration of `name` visible from `at` in the enclosing
/// functions, if there is exactly one and its type shows in the source.
fn kind_of(source: &str, name: &str, at: Node) -> Option<Shape> {
    let decl = single_declaration(source, name, at)?;
    let parent = decl.parent()?;
    match parent.kind() {
        "variadic_parameter_declaration" => Some(Shape::Sized),
        "parameter_declaration" | "var_spec" => {
            if let Some(t) = parent.child_by_field_name("type") {
                return shape_of_type(t, source);
            }
            let value = parent.child_by_field_name("value").and_then(|v| children(v).into_iter().next())?;
            shape_of_value(value, source)
        }
        "expression_list" => {
            let holder = parent.parent()?;
            let lefts = children(parent);
            let index = lefts.iter().position(|n| n.id() == decl.id())?;
            let values = children(holder.child_by_field_name("right")?);
            if holder.kind() != "short_var_declaration" || values.len() != lefts.len() {
                return None;
            }
            shape_of_value(values[index], source)
        }
        _ => None,
    }
}

fn shape_of_type(t: Node, source: &str) -> Option<Shape> {
    match t.kind() {
        "slice_type" | "array_type" | "map_type" => Some(Shape::Sized),
        "type_identifier" => match text(t, source) {
            "string" => Some(Shape::Sized),
            "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16" | "uint32"
            | "uint64" => Some(Shape::Integer),
            _ => None,
        },
        _ => None,
    }
}

fn shape_of_value(value: Node, source: &str) -> Option<Shape> {
    match value.kind() {
        "composite_literal" => shape_of_type(value.child_by_field_name("type")?, source),
        "interpreted_string_literal" | "raw_string_literal" => Some(Shape::Sized),
        "int_literal" => Some(Shape::Integer),
        "call_expression" => {
            let function = text(value.child_by_field_name("function")?, source);
            let first = children(value.child_by_field_name("arguments")?).into_iter().next();
            match function {
                "len" | "cap" => Some(Shape::Integer),
                "make" => shape_of_type(first?, source),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The identifier declaring `name`, when exactly one declaration of it
/// exists in the outermost function around `at` and none at all shadows it.
fn single_declaration<'t>(source: &str, name: &str, at: Node<'t>) -> Option<Node<'t>> {
    let top = go::top_function(at)?;
    let mut decls = go::identifiers(top, source, name).into_iter().filter(|i| go::declares(*i, source));
    let only = decls.next()?;
    decls.next().is_none().then_some(only)
}

/// Whether the value of `operand` at the `make` is the value the loop
/// sees: declared once, before the make, in a scope around it, never assigned.
fn stable_at(source: &str, operand: &str, decl: &ChannelDecl) -> Result<(), &'static str> {
    let declared = single_declaration(source, operand, decl.statement)
        .ok_or("its declaration is not in this function or is not unique")?;
    if declared.start_byte() > decl.make_call.start_byte() {
        return Err("it is declared after the channel");
    }
    let scope_ok = declared.parent().is_some_and(|p| p.kind().contains("parameter"))
        || go::enclosing(declared, &["statement_list"])
            .is_some_and(|list| go::contains(list, decl.statement));
    if !scope_ok {
        return Err("its declaration is not visible at the channel's make");
    }
    if assigned_in(source, operand, go::top_function(decl.statement).ok_or("no function")?) {
        return Err("it is assigned in this function");
    }
    Ok(())
}

/// Whether `name` is assigned, incremented or has its address taken under
/// `node`, not counting nested scopes that declare their own `name`.
fn assigned_in(source: &str, name: &str, node: Node) -> bool {
    if redeclares(source, name, node) {
        return false;
    }
    let assigned = node.kind() == "identifier"
        && text(node, source) == name
        && node.parent().is_some_and(|parent| match parent.kind() {
            "inc_statement" | "dec_statement" => true,
            "unary_expression" => text(parent, source).starts_with('&'),
            "expression_list" => parent.parent().is_some_and(|a| {
                a.kind() == "assignment_statement"
                    && a.child_by_field_name("left").is_some_and(|l| l.id() == parent.id())
            }),
            _ => false,
        });
    assigned || children(node).into_iter().any(|c| assigned_in(source, name, c))
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
