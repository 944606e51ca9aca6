//! Where a locally made channel is declared and how each mention of it is
//! used: sent on, received from, ranged over, closed, handed to a goroutine
//! closure, or something the analysis does not follow (an escape). Both
//! transforms start here; neither reasons about a channel that escapes.

use crate::finding::Edit;
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
        // `var ch = make(...)` and `var ( ch = make(...); ... )`
        "var_spec" => {
            let parent = holder.parent()?;
            let parent = if parent.kind() == "var_spec_list" { parent.parent()? } else { parent };
            (Some(parent).filter(|p| p.kind() == "var_declaration")?, holder)
        }
        // `var ch chan T` earlier, then `ch = make(...)`
        "assignment_statement" if assigns_declared_var(holder, index, source) => {
            (holder, holder.child_by_field_name("left")?)
        }
        _ => return None,
    };
    if statement.parent().map(|p| p.kind()) != Some("statement_list") {
        return None;
    }
    let names: Vec<Node> = children(names).into_iter().filter(|n| n.kind() == "identifier").collect();
    let name = *names.get(index)?;
    if text(name, source) == "_" || names.len() != children(list).len() {
        return None;
    }
    let function = go::enclosing_function(statement)?;
    Some(ChannelDecl { make_call, elem_type, capacity, statement, name, function })
}

/// Whether `assign` (`a, ch = x, make(chan T)`) gives its `index`th name
/// to a variable declared without a value (`var ch chan T`) earlier in the
/// same statement list: then the assignment makes the channel, as a `:=`
/// would, and nothing can have used it before but as a nil channel.
fn assigns_declared_var(assign: Node, index: usize, source: &str) -> bool {
    let plain = assign.child_by_field_name("operator").is_some_and(|o| text(o, source) == "=");
    let Some(left) = assign.child_by_field_name("left") else { return false };
    let Some(name) = children(left).get(index).filter(|n| n.kind() == "identifier").map(|n| text(*n, source))
    else {
        return false;
    };
    let Some(list) = assign.parent().filter(|p| p.kind() == "statement_list") else { return false };
    plain
        && children(list).into_iter().take_while(|s| s.id() != assign.id()).any(|s| {
            s.kind() == "var_declaration"
                && go::descendants(s).into_iter().any(|spec| {
                    spec.kind() == "var_spec"
                        && spec.child_by_field_name("value").is_none()
                        && spec.child_by_field_name("type").is_some_and(|t| t.kind() == "channel_type")
                        && go::identifiers(spec, source, name).into_iter().any(|i| go::declares(i, source))
                })
        })
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

    /// The edit giving the channel `capacity`: replacing the one written, or
    /// adding it after the channel type.
    pub fn capacity_edit(&self, capacity: &str) -> Edit {
        match self.capacity {
            Some(written) => Edit::new(written.byte_range(), capacity),
            None => {
                let args = self.make_call.child_by_field_name("arguments").expect("make has arguments");
                Edit::insert(children(args)[0].end_byte(), format!(", {capacity}"))
            }
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
        // `ch = nil` once a merge loop saw it closed: the channel is dropped, not shared.
        "expression_list" if assigned_nil(parent, ident, source) => use_of(UseKind::Inspect, parent),
        // `return ch` from a goroutine's function literal: the value is dropped.
        "expression_list" if returned_from_goroutine(parent) => use_of(UseKind::Inspect, parent),
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

/// Whether `ident` is set to `nil` by the assignment whose left side is `list`.
fn assigned_nil(list: Node, ident: Node, source: &str) -> bool {
    let Some(assign) = list.parent().filter(|a| a.kind() == "assignment_statement") else { return false };
    let on_left = assign.child_by_field_name("left").is_some_and(|l| l.id() == list.id());
    let index = children(list).iter().position(|n| n.id() == ident.id());
    let values = assign.child_by_field_name("right").map(children).unwrap_or_default();
    on_left && index.and_then(|i| values.get(i)).is_some_and(|v| text(*v, source) == "nil")
}

/// Whether `list` is the result list of a `return` in a function literal
/// that a `go` statement launches, whose results nobody sees.
fn returned_from_goroutine(list: Node) -> bool {
    let Some(ret) = list.parent().filter(|r| r.kind() == "return_statement") else { return false };
    go::enclosing_function(ret).is_some_and(|f| {
        f.kind() == "func_literal"
            && f.parent().is_some_and(|call| {
                call.kind() == "call_expression" && call.parent().is_some_and(|g| g.kind() == "go_statement")
            })
    })
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

pub fn runner<'t>(node: Node<'t>, maker: Node<'t>, source: &str) -> Runner<'t> {
    let Some(mut literal) = go::enclosing_function(node) else { return Runner::Opaque };
    // A deferred closure runs in the goroutine that defers it.
    while let Some(outer) = deferred_in(literal) {
        literal = outer;
    }
    if literal.id() == maker.id() {
        return Runner::Maker;
    }
    match launch_of(literal, source) {
        Some(launch) if go::enclosing_function(launch).is_some_and(|f| f.id() == maker.id()) => {
            Runner::Goroutine(launch)
        }
        _ => Runner::Opaque,
    }
}

/// Whether `node` runs in a closure that `function` defers (directly or
/// through nested deferred closures) rather than in `function` itself.
pub fn deferred(node: Node, function: Node) -> bool {
    go::enclosing_function(node).is_some_and(|f| f.id() != function.id() && deferred_in(f).is_some())
}

/// For `defer func() { ... }()`: the function that defers the literal.
fn deferred_in(literal: Node) -> Option<Node> {
    let call = literal.parent().filter(|c| c.kind() == "call_expression")?;
    let defer = call.parent().filter(|d| d.kind() == "defer_statement")?;
    go::enclosing_function(defer)
}

/// What starts a function literal as a goroutine: `go func(){...}()`, or
/// `wg.Go(func(){...})` (sync.WaitGroup.Go, errgroup.Group.Go): the `go`
/// statement or the `.Go` call.
fn launch_of<'t>(literal: Node<'t>, source: &str) -> Option<Node<'t>> {
    let parent = literal.parent()?;
    match parent.kind() {
        "call_expression" => parent.parent().filter(|g| g.kind() == "go_statement"),
        "argument_list" if children(parent).len() == 1 => {
            let call = parent.parent()?;
            let function = call.child_by_field_name("function")?;
            let is_go = function.kind() == "selector_expression"
                && function.child_by_field_name("field").is_some_and(|f| text(f, source) == "Go")
                && call.parent().is_some_and(|s| s.kind() == "expression_statement");
            is_go.then_some(call)
        }
        _ => None,
    }
}

/// The `func_literal` a `go` statement launches.
/// For a `.Go(func(){...})` launch, the literal is its argument.
pub fn launched_literal(go_stmt: Node) -> Option<Node> {
    if go_stmt.kind() == "call_expression" {
        let args = go_stmt.child_by_field_name("arguments")?;
        return children(args).into_iter().next().filter(|f| f.kind() == "func_literal");
    }
    let call = children(go_stmt).into_iter().next()?;
    call.child_by_field_name("function").filter(|f| f.kind() == "func_literal")
}
