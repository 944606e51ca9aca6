//! Where a locally made channel is declared and how each mention of it is
//! used: sent on, received from, ranged over, closed, handed to a goroutine
//! closure, or something the analysis does not follow (an escape). Both
//! transforms start here; neither reasons about a channel that escapes.

use crate::go::{self, children, text};
use tree_sitter::Node;

/// A channel made with `make(chan T[, cap])` and bound to a local name.
#[derive(Clone, Copy, Debug)]
pub struct ChannelDecl<'t> {
    pub make_call: Node<'t>,
    pub elem_type: Node<'t>,
    pub capacity: Option<Node<'t>>,
    /// The short variable declaration or `var` declaration statement.
    pub statement: Node<'t>,
    /// The identifier bound to the channel.
    pub name: Node<'t>,
    /// The function (declaration, method or literal) the channel is made in.
    pub function: Node<'t>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UseKind {
    Send,
    Receive,
    /// `for v := range ch`
    Range,
    Close,
    /// `len(ch)`, `cap(ch)`, `ch == nil`: harmless reads.
    Inspect,
    /// Anything else: returned, stored, passed on, sent, assigned.
    Escape,
}

/// One mention of the channel (possibly under another name, inside a
/// `go func(c chan T) {...}(ch)` closure it was handed to).
#[derive(Clone, Copy, Debug)]
pub struct Use<'t> {
    pub kind: UseKind,
    /// The identifier node.
    pub ident: Node<'t>,
    /// The send statement, the `<-` expression, the for statement or the close call.
    pub node: Node<'t>,
}

/// Reads `make_call` as a channel declaration, if it is one we can follow.
pub fn declaration<'t>(make_call: Node<'t>, source: &str) -> Option<ChannelDecl<'t>> {
    let args = make_call.child_by_field_name("arguments")?;
    let arg_nodes = children(args);
    let chan_type = *arg_nodes.first().filter(|t| t.kind() == "channel_type")?;
    if text(chan_type, source).starts_with("<-") || text(chan_type, source).starts_with("chan<-") {
        return None;
    }
    let elem_type = chan_type.child_by_field_name("value")?;
    let capacity = arg_nodes.get(1).copied();
    let list = make_call.parent().filter(|p| p.kind() == "expression_list")?;
    let index = children(list).iter().position(|n| n.id() == make_call.id())?;
    let holder = list.parent()?;
    let (statement, names) = match holder.kind() {
        "short_var_declaration" => (holder, holder.child_by_field_name("left")?),
        "var_spec" => (holder.parent().filter(|p| p.kind() == "var_declaration")?, holder),
        _ => return None,
    };
    if statement.parent().map(|p| p.kind()) != Some("statement_list") {
        return None;
    }
    let names: Vec<Node> = children(names).into_iter().filter(|n| n.kind() == "identifier").collect();
    let name = *names.get(index)?;
    if text(name, source) == "_" {
        return None;
    }
    let function = go::enclosing_function(statement)?;
    Some(ChannelDecl { make_call, elem_type, capacity, statement, name, function })
}

impl<'t> ChannelDecl<'t> {
    pub fn name<'s>(&self, source: &'s str) -> &'s str {
        text(self.name, source)
    }

    /// The statements after the declaration in its block: where the name is in scope.
    pub fn scope(&self) -> Vec<Node<'t>> {
        let list = self.statement.parent().expect("declaration sits in a statement list");
        go::children(list).into_iter().filter(|s| s.start_byte() > self.statement.start_byte()).collect()
    }

    /// The capacity literal, 0 when absent; `None` when not a literal.
    pub fn literal_capacity(&self, source: &str) -> Option<u64> {
        match self.capacity {
            None => Some(0),
            Some(c) if c.kind() == "int_literal" => text(c, source).replace('_', "").parse().ok(),
            Some(_) => None,
        }
    }

    /// Every use of the channel in its scope, following it into goroutine
    /// closures it is passed to. `None` when a nested scope re-declares the
    /// name (shadowing), which this analysis does not untangle.
    pub fn uses(&self, source: &str) -> Option<Vec<Use<'t>>> {
        let mut out = Vec::new();
        for stmt in self.scope() {
            collect_uses(stmt, self.name(source), source, &mut out, 0)?;
        }
        Some(out)
    }
}

/// Every use of `name` under `root`, classified as [`ChannelDecl::uses`]
/// does (following goroutine closures it is handed to). For a channel that
/// arrives as a parameter of a named function: `root` is that function's
/// body. `None` when a nested scope re-declares the name.
pub fn uses_under<'t>(root: Node<'t>, name: &str, source: &str) -> Option<Vec<Use<'t>>> {
    let mut out = Vec::new();
    collect_uses(root, name, source, &mut out, 0)?;
    Some(out)
}

/// How many goroutine closures deep a channel is followed, each handing it
/// to the next, before the analysis gives up on it (no recursion without bound).
const MAX_HANDOFFS: usize = 64;

fn collect_uses<'t>(
    root: Node<'t>,
    name: &str,
    source: &str,
    out: &mut Vec<Use<'t>>,
    handoffs: usize,
) -> Option<()> {
    if handoffs > MAX_HANDOFFS {
        return None;
    }
    for ident in go::identifiers(root, source, name) {
        if go::declares(ident, source) {
            return None;
        }
        match classify(ident, source) {
            Classified::Use(u) => out.push(u),
            Classified::Handed { literal, index } => {
                let param = parameter(literal, index)?;
                let body = literal.child_by_field_name("body")?;
                let inner = text(param, source).to_string();
                if inner != "_" {
                    collect_uses(body, &inner, source, out, handoffs + 1)?;
                }
            }
        }
    }
    Some(())
}

enum Classified<'t> {
    Use(Use<'t>),
    /// Passed as argument `index` of a `go func(...){...}(...)` call.
    Handed {
        literal: Node<'t>,
        index: usize,
    },
}

fn classify<'t>(ident: Node<'t>, source: &str) -> Classified<'t> {
    let use_of = |kind, node| Classified::Use(Use { kind, ident, node });
    let escape = use_of(UseKind::Escape, ident);
    let Some(parent) = ident.parent() else { return escape };
    let is = |field: &str| parent.child_by_field_name(field).is_some_and(|n| n.id() == ident.id());
    match parent.kind() {
        "send_statement" if is("channel") => use_of(UseKind::Send, parent),
        "unary_expression" if text(parent, source).starts_with("<-") => use_of(UseKind::Receive, parent),
        "range_clause" if is("right") => match parent.parent() {
            Some(f) => use_of(UseKind::Range, f),
            None => escape,
        },
        "binary_expression" if text(parent, source).ends_with("nil") => use_of(UseKind::Inspect, parent),
        "argument_list" => {
            let Some(call) = parent.parent() else { return escape };
            let function = call.child_by_field_name("function");
            match function.map(|f| (f.kind(), text(f, source))) {
                Some((_, "close")) => use_of(UseKind::Close, call),
                Some((_, "len" | "cap")) => use_of(UseKind::Inspect, call),
                Some(("func_literal", _)) if call.parent().is_some_and(|g| g.kind() == "go_statement") => {
                    let index = children(parent).iter().position(|a| a.id() == ident.id());
                    match (function, index) {
                        (Some(literal), Some(index)) => Classified::Handed { literal, index },
                        _ => escape,
                    }
                }
                _ => escape,
            }
        }
        _ => escape,
    }
}

/// The name of parameter `index` of a function (declaration or literal),
/// unless a parameter is variadic or unnamed.
pub fn parameter(function: Node, index: usize) -> Option<Node> {
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

/// The goroutine a node runs in, relative to the function that made the
/// channel: the function itself, a `go func(){...}()` launched from it, or
/// some other closure the analysis does not follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runner<'t> {
    Maker,
    /// The `go` statement that launched the closure.
    Goroutine(Node<'t>),
    Opaque,
}

pub fn runner<'t>(node: Node<'t>, maker: Node<'t>) -> Runner<'t> {
    let Some(literal) = go::enclosing_function(node) else { return Runner::Opaque };
    if literal.id() == maker.id() {
        return Runner::Maker;
    }
    let launched = literal.parent().and_then(|call| {
        let go_stmt = call.parent()?;
        (call.kind() == "call_expression" && go_stmt.kind() == "go_statement").then_some(go_stmt)
    });
    match launched {
        Some(go_stmt) if go::enclosing_function(go_stmt).is_some_and(|f| f.id() == maker.id()) => {
            Runner::Goroutine(go_stmt)
        }
        _ => Runner::Opaque,
    }
}

/// The `func_literal` a `go` statement launches.
pub fn launched_literal(go_stmt: Node) -> Option<Node> {
    let call = children(go_stmt).into_iter().next()?;
    call.child_by_field_name("function").filter(|f| f.kind() == "func_literal")
}
