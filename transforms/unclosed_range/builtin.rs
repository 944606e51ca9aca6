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
    let package_level = |n: Node| match go::enclosing_function(n) {
        None => true,
        Some(f) => {
            f.kind() == "function_declaration"
                && f.child_by_field_name("name").is_some_and(|m| m.id() == n.id())
        }
    };
    let in_scope = |n: Node| go::contains(function, n) || package_level(n);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `close` is shadowed where function `f` would call it.
    fn shadowed_in_f(source: &str) -> bool {
        let tree = go::parse(&mut go::new_parser(), source).unwrap();
        let f = go::descendants(tree.root_node())
            .into_iter()
            .find(|n| {
                n.kind() == "function_declaration"
                    && n.child_by_field_name("name").is_some_and(|m| text(m, source) == "f")
            })
            .unwrap();
        shadowed_at("close", f, source).is_some()
    }

    #[test]
    fn declarations_in_the_function_or_package_shadow() {
        assert!(!shadowed_in_f("package p\nfunc f(ch chan int) { _ = ch }\n"));
        assert!(shadowed_in_f("package p\nfunc f(close func()) { close() }\n"));
        assert!(shadowed_in_f("package p\nfunc f() { close := 1; _ = close }\n"));
        assert!(shadowed_in_f("package p\nfunc f() { go func() { var close int; _ = close }() }\n"));
        assert!(shadowed_in_f("package p\nfunc close() {}\nfunc f() {}\n"));
        assert!(shadowed_in_f("package p\nvar close = 3\nfunc f() {}\n"));
    }

    #[test]
    fn declarations_in_other_functions_do_not() {
        assert!(!shadowed_in_f("package p\nfunc g() { close := 1; _ = close }\nfunc f() {}\n"));
        assert!(!shadowed_in_f("package p\nfunc f() { x.close = 1 }\n"));
    }
}
