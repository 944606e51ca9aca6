//! Small helpers over tree-sitter-go syntax trees, shared by every transform:
//! node text, the statement lists of blocks and cases, scopes and the
//! identifiers they bind. Keeping them here lets the transforms read in the
//! vocabulary of Go (statements, blocks, closures) rather than of tree nodes.

use tree_sitter::{Node, Parser, Tree};

pub fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_go::LANGUAGE.into())
        .expect("tree-sitter-go is compatible with tree-sitter");
    parser
}

pub fn parse(parser: &mut Parser, source: &str) -> Option<Tree> {
    parser.parse(source, None)
}

pub fn text<'s>(node: Node, source: &'s str) -> &'s str {
    &source[node.byte_range()]
}

/// Named children, without comments.
pub fn children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
}

/// The statements of a `block`, a case clause or a `statement_list`.
pub fn statements(node: Node) -> Vec<Node> {
    match node.kind() {
        "statement_list" => children(node),
        "block" | "communication_case" | "expression_case" | "default_case" | "type_case" => children(node)
            .into_iter()
            .find(|c| c.kind() == "statement_list")
            .map(children)
            .unwrap_or_default(),
        _ => vec![node],
    }
}

/// Whether `inner` lies within `outer` (or is it).
pub fn contains(outer: Node, inner: Node) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

/// The ancestors of `node`, from the root down, without `node`. Found
/// from the root down, because tree-sitter keeps no parent links: each
/// `parent()` call descends from the root, so climbing to an ancestor `d`
/// levels up one `parent()` at a time would cost `d` times the depth.
pub fn ancestors(node: Node) -> Vec<Node> {
    let mut path = Vec::new();
    let mut cur = root(node);
    while cur.id() != node.id() {
        path.push(cur);
        match cur.child_with_descendant(node) {
            Some(next) => cur = next,
            None => break,
        }
    }
    path
}

/// The root of the tree `node` belongs to.
pub fn root(node: Node) -> Node {
    let raw = node.into_raw();
    // SAFETY: `raw.tree` is the tree `node` borrows, alive for `node`'s
    // lifetime; its root node borrows the same tree.
    unsafe { Node::from_raw(tree_sitter::ffi::ts_tree_root_node(raw.tree)) }
}

/// The nearest ancestor (or the node itself) of one of `kinds`.
pub fn enclosing<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    if kinds.contains(&node.kind()) {
        return Some(node);
    }
    ancestors(node).into_iter().rev().find(|n| kinds.contains(&n.kind()))
}

pub const FUNCTION_KINDS: &[&str] = &["function_declaration", "method_declaration", "func_literal"];

/// The innermost function (declaration, method or literal) containing `node`.
pub fn enclosing_function(node: Node) -> Option<Node> {
    ancestors(node).into_iter().rev().find(|n| FUNCTION_KINDS.contains(&n.kind()))
}

/// The outermost function declaration containing `node`: the unit whose
/// syntax must be error-free before anything inside it is fixed.
pub fn top_function(node: Node) -> Option<Node> {
    let mut path = ancestors(node);
    path.push(node);
    path.into_iter().find(|n| FUNCTION_KINDS.contains(&n.kind()))
}

/// Every descendant (including `node`), depth first, in source order.
pub fn descendants(node: Node) -> Vec<Node> {
    descendants_while(node, |_| true)
}

/// Every descendant (including `node`) in source order, without looking
/// inside function literals below `node`: the code that runs when `node` runs.
pub fn descendants_outside_closures(node: Node) -> Vec<Node> {
    descendants_while(node, |n| n.kind() != "func_literal" || n.id() == node.id())
}

/// Every descendant (including `node`) whose text holds `word`, in source
/// order: the only nodes that can be, or hold, a mention of it.
pub fn descendants_containing<'t>(node: Node<'t>, source: &str, word: &str) -> Vec<Node<'t>> {
    let finder = memchr::memmem::Finder::new(word.as_bytes());
    let mut out = Vec::new();
    preorder(node, |n| match finder.find(&source.as_bytes()[n.byte_range()]) {
        Some(_) => {
            out.push(n);
            Visit::Enter
        }
        None => Visit::Skip,
    });
    out
}

/// Descendants in source order, entering only nodes for which `enter` holds.
fn descendants_while<'t>(node: Node<'t>, enter: impl Fn(Node) -> bool) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    preorder(node, |n| {
        out.push(n);
        if enter(n) { Visit::Enter } else { Visit::Skip }
    });
    out
}

/// What [`preorder`] does after visiting a node.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    /// Go on into the node's children.
    Enter,
    /// Go on, but not into the node's children.
    Skip,
    /// End the walk.
    Stop,
}

/// Visits `node` and its named descendants in source order, with a tree
/// cursor and no recursion: a 200,000-term expression is as deep as it is
/// long, and must not exhaust the stack. Returns whether a visit said Stop.
pub fn preorder<'t>(node: Node<'t>, mut visit: impl FnMut(Node<'t>) -> Visit) -> bool {
    let mut cursor = node.walk();
    let mut depth = 0usize; // counted here: `TreeCursor::depth` costs the depth
    loop {
        let current = cursor.node();
        let next = if current.is_named() { visit(current) } else { Visit::Skip };
        match next {
            Visit::Stop => return true,
            Visit::Enter if cursor.goto_first_child() => {
                depth += 1;
                continue;
            }
            _ => {}
        }
        loop {
            if depth == 0 {
                return false;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            cursor.goto_parent();
            depth -= 1;
        }
    }
}

/// The statements that run after `node` in the lists around it, up to
/// (not including) `root`: its later siblings, then those of each
/// enclosing statement, innermost first.
pub fn following_statements<'t>(node: Node<'t>, root: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut current = node;
    while current.id() != root.id() {
        let Some(parent) = current.parent() else { break };
        if parent.kind() == "statement_list" {
            out.extend(children(parent).into_iter().filter(|s| s.start_byte() >= current.end_byte()));
        }
        if FUNCTION_KINDS.contains(&parent.kind()) {
            break;
        }
        current = parent;
    }
    out
}

/// The channel text `x` of a receive `<-x`, if `node` is one.
pub fn received_from<'s>(node: Node, source: &'s str) -> Option<&'s str> {
    let operand = node.child_by_field_name("operand").filter(|_| node.kind() == "unary_expression")?;
    text(node, source).starts_with("<-").then(|| text(operand, source))
}

/// The channel text `x` of a call `close(x)`, if `node` is one.
pub fn closed_channel<'s>(node: Node, source: &'s str) -> Option<&'s str> {
    if node.kind() != "call_expression"
        || node.child_by_field_name("function").map(|f| text(f, source)) != Some("close")
    {
        return None;
    }
    let arg = children(node.child_by_field_name("arguments")?).into_iter().next()?;
    Some(text(arg, source))
}

/// Whether a call only logs: `fmt.Print*`, `log.Print*`, `println`,
/// a test's `Log`/`Logf`, or a logger's debug, info or warning methods.
pub fn is_logging_call(call: Node, source: &str) -> bool {
    let Some(function) = call.child_by_field_name("function") else { return false };
    let name = text(function, source);
    let Some((receiver, method)) = name.rsplit_once('.') else {
        return matches!(name, "println" | "print");
    };
    let logger = receiver.to_lowercase().contains("log");
    match receiver {
        "fmt" => method.starts_with("Print"),
        "log" => method.starts_with("Print"),
        _ => {
            matches!(method, "Log" | "Logf")
                || (logger
                    && ["Debug", "Info", "Warn", "Print", "Trace", "V"].iter().any(|p| method.starts_with(p)))
        }
    }
}

/// Whether only spaces and tabs precede `offset` on its line.
pub fn starts_line(source: &str, offset: usize) -> bool {
    let line_start = source[..offset].rfind('\n').map_or(0, |p| p + 1);
    source[line_start..offset].bytes().all(|b| b == b' ' || b == b'\t')
}

/// The offset just past the newline ending the line that holds `offset`,
/// when nothing but blanks or a `//` comment follows `offset` on that line:
/// where a new line can be inserted after the code ending at `offset`.
pub fn after_line_end(source: &str, offset: usize) -> Option<usize> {
    let newline = offset + source[offset..].find('\n')?;
    let rest = source[offset..newline].trim_end_matches('\r').trim_start_matches([' ', '\t']);
    (rest.is_empty() || rest.starts_with("//")).then_some(newline + 1)
}

/// Identifiers named `name` under `node`, in source order.
pub fn identifiers<'t>(node: Node<'t>, source: &str, name: &str) -> Vec<Node<'t>> {
    // Only subtrees whose text holds the name can hold such an identifier:
    // the walk goes down the paths to its occurrences, not over every node.
    let finder = memchr::memmem::Finder::new(name.as_bytes());
    let mut out = Vec::new();
    preorder(node, |n| {
        let bytes = &source.as_bytes()[n.byte_range()];
        if n.kind() == "identifier" {
            if bytes == name.as_bytes() {
                out.push(n);
            }
            Visit::Skip
        } else if finder.find(bytes).is_some() {
            Visit::Enter
        } else {
            Visit::Skip
        }
    });
    out
}

/// Whether the identifier node is a declaration of a new variable (a short
/// variable declaration's left side, a var/const spec name, a parameter, a
/// range clause's `:=` left side), i.e. it may shadow an outer name.
pub fn declares(ident: Node, source: &str) -> bool {
    let Some(parent) = ident.parent() else { return false };
    match parent.kind() {
        "var_spec" | "const_spec" | "parameter_declaration" | "variadic_parameter_declaration" => {
            parent.child_by_field_name("name").is_some_and(|_| {
                let mut c = parent.walk();
                parent.children_by_field_name("name", &mut c).any(|n| n.id() == ident.id())
            })
        }
        "expression_list" => {
            let Some(decl) = parent.parent() else { return false };
            let on_left = decl.child_by_field_name("left").is_some_and(|l| l.id() == parent.id());
            on_left
                && (decl.kind() == "short_var_declaration"
                    || (decl.kind() == "range_clause" && text(decl, source).contains(":=")))
        }
        "type_switch_statement" => true,
        _ => false,
    }
}

/// A trimmed line prefix: the whitespace indentation of the line holding `offset`.
pub fn indentation(source: &str, offset: usize) -> &str {
    let line_start = source[..offset].rfind('\n').map_or(0, |p| p + 1);
    let rest = &source[line_start..];
    let width = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..width]
}

/// The line ending the file uses (`\r\n` if its first line ends so).
pub fn newline(source: &str) -> &'static str {
    match source.find('\n') {
        Some(p) if p > 0 && source.as_bytes()[p - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Whether a generated-code marker (`// Code generated ... DO NOT EDIT.`)
/// appears before the package clause (a leading byte order mark is not
/// part of the first line).
pub fn is_generated(source: &str) -> bool {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    for line in source.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("package ") {
            return false;
        }
        if line.starts_with("// Code generated ") && line.ends_with(" DO NOT EDIT.") {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_marker_only_before_package() {
        assert!(is_generated("// Code generated by x. DO NOT EDIT.\n\npackage p\n"));
        assert!(!is_generated("package p\n// Code generated by x. DO NOT EDIT.\n"));
    }

    #[test]
    fn generated_marker_after_a_byte_order_mark() {
        assert!(is_generated("\u{feff}// Code generated by x. DO NOT EDIT.\n\npackage p\n"));
        assert!(is_generated("\u{feff}// Code generated by x. DO NOT EDIT.\r\n\r\npackage p\r\n"));
        assert!(!is_generated("\u{feff}package p\n// Code generated by x. DO NOT EDIT.\n"));
    }

    #[test]
    fn newline_follows_the_file() {
        assert_eq!(newline("package p\r\n"), "\r\n");
        assert_eq!(newline("package p\n"), "\n");
    }

    #[test]
    fn indentation_of_line() {
        let src = "a\n\t\tb := 1\n";
        assert_eq!(indentation(src, src.find('b').unwrap()), "\t\t");
    }
}
