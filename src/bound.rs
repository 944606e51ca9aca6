//! How many sender goroutines the `go` statements launch, as an expression
//! that means the same at the channel's `make` site: a constant, `len(xs)`
//! for one goroutine per element of a slice, array, map or string `xs`, or
//! `n` for a counted loop. The capacity is only written when this can be
//! shown from the source; otherwise the reason is kept for the report.

use crate::channel::ChannelDecl;
use crate::flow::PER_BOUND;
use crate::go::{self, children, text};
use crate::loops::{self, Form};
use tree_sitter::Node;

/// The number of sends that can go unreceived.
#[derive(Clone, Debug, Default)]
pub struct Count {
    pub fixed: u64,
    /// The bound of the loop launching senders, as loops are compared.
    pub key: Option<String>,
    /// That bound written as a capacity (`len(xs)`, `n`), when it can be.
    pub capacity: Option<String>,
    /// Why the count cannot be written as a capacity.
    pub unknown: Option<String>,
}

impl Count {
    fn unknown(reason: &str) -> Self {
        Count { unknown: Some(reason.to_string()), ..Count::default() }
    }

    pub fn plus(self, other: Count) -> Count {
        let unknown = self.unknown.or(other.unknown);
        match (self.key, other.key) {
            (Some(_), Some(_)) => Count {
                unknown: unknown.or(Some("senders are launched by more than one loop".into())),
                ..Count::default()
            },
            (a, b) => Count {
                fixed: self.fixed + other.fixed,
                key: a.or(b),
                capacity: self.capacity.or(other.capacity),
                unknown,
            },
        }
    }

    /// For comparing with the receives: a loop bound counts [`PER_BOUND`];
    /// an unknown number of senders more than any finite number of receives.
    pub fn total(&self) -> u64 {
        match (&self.key, &self.unknown) {
            (Some(_), _) => self.fixed + PER_BOUND,
            (None, Some(_)) => self.fixed + 2 * PER_BOUND,
            (None, None) => self.fixed,
        }
    }

    /// Whether the number of senders comes from a loop.
    pub fn looped(&self) -> bool {
        self.key.is_some() || self.unknown.is_some()
    }

    pub fn unfixable_reason(&self) -> Option<String> {
        match (&self.unknown, &self.capacity) {
            (Some(reason), _) => Some(reason.clone()),
            (None, Some(_)) if self.fixed > 0 => Some(
                "senders are launched both in a loop and outside it; the capacity is not a single expression"
                    .into(),
            ),
            _ => None,
        }
    }

    pub fn render(&self) -> String {
        self.capacity.clone().unwrap_or_else(|| self.fixed.to_string())
    }
}

/// How many goroutines `go_stmt` launches between the declaration and
/// the end of the declaration's scope.
pub fn launches(source: &str, go_stmt: Node, decl: &ChannelDecl) -> Option<Count> {
    let loops = loops::enclosing(go_stmt, decl.statement.parent()?);
    Some(match loops.as_slice() {
        [] => Count { fixed: 1, ..Count::default() },
        [one] => loop_count(source, *one, decl),
        _ => Count::unknown("senders are launched in nested loops"),
    })
}

fn loop_count(source: &str, for_stmt: Node, decl: &ChannelDecl) -> Count {
    let Some(bound) = loops::bound(source, for_stmt) else {
        return Count::unknown("senders are launched in a loop whose number of iterations is not known");
    };
    let key = bound.key;
    if let Ok(n) = key.parse::<u64>() {
        return Count { fixed: n, ..Count::default() };
    }
    let capacity = match (bound.form, kind_of(source, &key, for_stmt)) {
        (Form::CountToLen, _) | (Form::Range, Some(Shape::Sized)) => Ok(format!("len({key})")),
        (Form::CountTo | Form::Range, Some(Shape::Count)) => Ok(key.clone()),
        (Form::CountTo | Form::Range, Some(Shape::Integer)) => {
            Err("it may be negative, where the loop runs zero times but make would panic")
        }
        (Form::CountTo, Some(Shape::Sized)) => Err("it is not an integer"),
        (_, None) => Err("its type does not show in this function"),
    };
    let simple = key.chars().all(|c| c.is_alphanumeric() || c == '_');
    let problem = match capacity {
        Err(why) => Some(why),
        Ok(_) if !simple => Some("it is not a local variable"),
        Ok(_) => stable_at(source, &key, decl).err(),
    };
    let unknown =
        problem.map(|why| format!("senders are launched once per iteration over `{key}`, but {why}"));
    Count { fixed: 0, capacity: capacity.ok().filter(|_| unknown.is_none()), key: Some(key), unknown }
}

enum Shape {
    /// Has a length: slice, array, map, string.
    Sized,
    /// An integer that cannot be negative: unsigned, a literal, a length.
    Count,
    /// A signed integer: may be negative.
    Integer,
}

/// The single declaration of `name` visible from `at` in the enclosing
/// functions, if there is exactly one and its type shows in the source.
fn kind_of(source: &str, name: &str, at: Node) -> Option<Shape> {
    if package_constant(source, name, at).is_some() {
        return Some(Shape::Count);
    }
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
            "uint" | "uint8" | "uint16" | "uint32" | "uint64" | "uintptr" | "byte" => Some(Shape::Count),
            "int" | "int8" | "int16" | "int32" | "int64" | "rune" => Some(Shape::Integer),
            _ => None,
        },
        _ => None,
    }
}

fn shape_of_value(value: Node, source: &str) -> Option<Shape> {
    match value.kind() {
        "composite_literal" => shape_of_type(value.child_by_field_name("type")?, source),
        "interpreted_string_literal" | "raw_string_literal" => Some(Shape::Sized),
        "int_literal" => Some(Shape::Count),
        "call_expression" => {
            let function = text(value.child_by_field_name("function")?, source);
            let first = children(value.child_by_field_name("arguments")?).into_iter().next();
            match function {
                "len" | "cap" => Some(Shape::Count),
                "make" => shape_of_type(first?, source),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A constant of the file declared at package level as a non-negative
/// integer literal, untyped or of an integer type (`const workers = 4`,
/// `const maxConns uint16 = 8`), that no declaration in the function
/// around `at` shadows: a bound that can be written at the `make` as is.
fn package_constant<'t>(source: &str, name: &str, at: Node<'t>) -> Option<Node<'t>> {
    let top = go::top_function(at)?;
    if go::identifiers(top, source, name).into_iter().any(|i| go::declares(i, source)) {
        return None;
    }
    let root = top.parent()?;
    let mut specs = children(root)
        .into_iter()
        .filter(|d| d.kind() == "const_declaration")
        .flat_map(go::descendants)
        .filter(|n| n.kind() == "const_spec")
        .filter(|spec| go::identifiers(*spec, source, name).into_iter().any(|i| go::declares(i, source)));
    let spec = specs.next()?;
    if specs.next().is_some() {
        return None;
    }
    let names: Vec<Node> = {
        let mut cursor = spec.walk();
        spec.children_by_field_name("name", &mut cursor).collect()
    };
    let index = names.iter().position(|n| text(*n, source) == name)?;
    let value = children(spec.child_by_field_name("value")?).get(index).copied()?;
    let integer_type = spec
        .child_by_field_name("type")
        .is_none_or(|t| matches!(shape_of_type(t, source), Some(Shape::Count | Shape::Integer)));
    (value.kind() == "int_literal" && integer_type).then_some(spec)
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
    if package_constant(source, operand, decl.statement).is_some() {
        return Ok(());
    }
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
    if loops::assigned_in(source, operand, go::top_function(decl.statement).ok_or("no function")?) {
        return Err("it is assigned in this function");
    }
    Ok(())
}
