//! Whether a builtin name really names the builtin where a fix would call
//! it. go/types resolves a name through the enclosing scopes and reaches the
//! universe scope (where `close` lives) only when nothing closer declares it;
//! here, any declaration of the name in the function that would hold the
//! call, or at package level, counts as shadowing, so the fix is refused
//! rather than emitting a call to someone's `close` variable.

use crate::go::{self, text};
use tree_sitter::Node;

/// Where `name` is declared in `function` (the outermost function holding
/// the edit) or at package level: the offset of the first declaration.
pub fn shadowed_at(name: &str, function: Node, source: &str) -> Option<usize> {
    let root = {
        let mut top = function;
        while let Some(parent) = top.parent() {
            top = parent;
        }
        top
    };
    let in_scope = |n: Node| go::contains(function, n) || go::enclosing_function(n).is_none();
    go::descendants(root)
        .into_iter()
        .filter(|n| matches!(n.kind(), "identifier" | "type_identifier" | "package_identifier"))
        .filter(|n| text(*n, source) == name && in_scope(*n))
        .find(|n| declares_name(*n, source))
        .map(|n| n.start_byte())
}

fn declares_name(ident: Node, source: &str) -> bool {
    let is_name_of = |parent: Node| parent.child_by_field_name("name").is_some_and(|n| n.id() == ident.id());
    go::declares(ident, source)
        || ident.parent().is_some_and(|p| {
            matches!(p.kind(), "function_declaration" | "type_spec" | "type_alias" | "import_spec")
                && is_name_of(p)
        })
}
