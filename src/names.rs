//! Which declaration a name means at a point of a Go file, as far as a fix
//! needs to know: whether `len`, `close`, `make` (or any other predeclared
//! name) still resolves to Go's universe scope there. A fix that calls
//! `close(stopCh)` where the code declared its own `close` would not
//! compile, or would call the user's function; so before emitting a call of
//! a builtin, a rule asks [`fix_uses_builtins_safely`].
//!
//! Go resolves an identifier through nested scopes: blocks (declarations
//! before the point), the statement headers that open a scope (`if`/`for`/
//! `switch` initializers, range `:=`, type-switch bindings, `select` case
//! receives), function parameters, results, receivers and type parameters,
//! then the file's imports, then the package's top-level declarations (in
//! every file of the package), and only then the universe. A dot import
//! (`import . "x"`) puts another package's names in the file's scope; we do
//! not read that package, so the name is not provably the builtin and no
//! fix is offered (precision before recall).

use crate::finding::{Fix, line_col};
use crate::go::{self, children, text};
use crate::package::Package;
use crate::rules::Context;
use tree_sitter::{Node, Tree};

/// Go's predeclared identifiers: the names a fix may rely on meaning the builtin.
pub const UNIVERSE: &[&str] = &[
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "clear",
    "close",
    "comparable",
    "complex",
    "complex128",
    "complex64",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int16",
    "int32",
    "int64",
    "int8",
    "iota",
    "len",
    "make",
    "max",
    "min",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint16",
    "uint32",
    "uint64",
    "uint8",
    "uintptr",
];

/// Why a name at a point is not (provably) the predeclared one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shadow {
    /// Declared again at `place` (`file:line`).
    Redeclared { place: String },
    /// The file dot-imports a package (`import . "path"`), at `place`.
    DotImport { place: String },
}

impl Shadow {
    /// The reason a fix calling `name` was not offered.
    pub fn reason(&self, name: &str) -> String {
        match self {
            Shadow::Redeclared { place } => format!(
                "`{name}` is redeclared at {place}; the fix would use it instead of the builtin `{name}`"
            ),
            Shadow::DotImport { place } => format!(
                "the file dot-imports a package at {place}, so `{name}` may not be the builtin; the fix would rely on it"
            ),
        }
    }
}

/// `Ok` when every predeclared name the fix's replacements mention means
/// the builtin at its edit's position; otherwise why not.
/// An edit landing in another file of the package is resolved in that file.
pub fn fix_uses_builtins_safely(ctx: &Context, fix: &Fix) -> Result<(), String> {
    for edit in &fix.edits {
        let names = predeclared_mentions(&edit.replacement);
        if names.is_empty() {
            continue;
        }
        let other;
        let theirs;
        let (package, path, tree, source) = match &edit.file {
            None => (ctx.package, ctx.path, ctx.tree, ctx.source),
            Some(name) => {
                let file = ctx
                    .package
                    .sibling(name)
                    .ok_or_else(|| format!("the fix edits {name}, which could not be read"))?;
                other = file.path.to_string_lossy();
                theirs = Package::of_file(&other, &file.text);
                let tree = file.tree().ok_or_else(|| format!("{name} does not parse"))?;
                (&theirs, other.as_ref(), tree, file.text.as_str())
            }
        };
        for name in names {
            if let Some(shadow) = resolve_builtin(package, path, tree, source, edit.start, name) {
                return Err(shadow.reason(name));
            }
        }
    }
    Ok(())
}

/// The predeclared names `code` mentions as identifiers (not after `.`,
/// not inside string literals or comments), each once.
pub fn predeclared_mentions(code: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' || b == b'`' || b == b'\'' {
            let close = code[i + 1..].find(b as char).map_or(bytes.len(), |p| i + 1 + p + 1);
            i = close;
        } else if code[i..].starts_with("//") {
            i = code[i..].find('\n').map_or(bytes.len(), |p| i + p);
        } else if b.is_ascii_alphabetic() || b == b'_' {
            let end =
                code[i..].find(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(code.len(), |p| i + p);
            let after_dot = code[..i].trim_end().ends_with('.');
            if let Some(u) = UNIVERSE.iter().find(|u| **u == &code[i..end])
                && !after_dot
                && !found.contains(u)
            {
                found.push(u);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// Whether `name`, written at byte `at` of the file at `path` (its text
/// `source`, parsed as `tree`), would mean something other than the
/// predeclared `name`: `None` when it is surely the builtin.
pub fn resolve_builtin(
    package: &Package,
    path: &str,
    tree: &Tree,
    source: &str,
    at: usize,
    name: &str,
) -> Option<Shadow> {
    let place = |node: Node| format!("{}:{}", path, line_col(source, node.start_byte()).0);
    if let Some(decl) = local_declaration(tree, source, at, name) {
        return Some(Shadow::Redeclared { place: place(decl) });
    }
    let root = tree.root_node();
    if let Some(import) = dot_import(root) {
        return Some(Shadow::DotImport { place: place(import) });
    }
    if let Some(decl) = file_declarations(root, source).into_iter().find(|n| text(*n, source) == name) {
        return Some(Shadow::Redeclared { place: place(decl) });
    }
    sibling_declaration(package, name).map(|place| Shadow::Redeclared { place })
}

/// The nearest declaration of `name` in a scope enclosing `at` inside the
/// file's functions (not the file's top level), visible at `at`.
pub fn local_declaration<'t>(tree: &'t Tree, source: &str, at: usize, name: &str) -> Option<Node<'t>> {
    declaration_in(tree.root_node(), source, at, name)
}

/// [`local_declaration`] under the root node of a file's tree.
pub fn declaration_in<'t>(root: Node<'t>, source: &str, at: usize, name: &str) -> Option<Node<'t>> {
    let mut node = root.descendant_for_byte_range(at, at)?;
    loop {
        if let Some(decl) = declared_here(node, source, at).into_iter().find(|n| text(*n, source) == name) {
            return Some(decl);
        }
        node = node.parent()?;
        if node.kind() == "source_file" {
            return None;
        }
    }
}

/// The names `scope` declares that are visible at `at`, which lies inside it.
fn declared_here<'t>(scope: Node<'t>, source: &str, at: usize) -> Vec<Node<'t>> {
    let before = |n: &Node| n.end_byte() <= at;
    let field = |f: &str| scope.child_by_field_name(f);
    match scope.kind() {
        "statement_list" => {
            children(scope).into_iter().filter(before).flat_map(|s| bound_names(s, source)).collect()
        }
        "function_declaration" | "method_declaration" | "func_literal" => {
            ["receiver", "type_parameters", "parameters", "result"]
                .into_iter()
                .filter_map(field)
                .flat_map(|n| bound_names(n, source))
                .collect()
        }
        "if_statement" | "expression_switch_statement" | "type_switch_statement" => {
            let mut names: Vec<Node> =
                field("initializer").filter(before).map(|n| bound_names(n, source)).unwrap_or_default();
            if scope.kind() == "type_switch_statement"
                && let Some(alias) = field("alias").filter(before)
            {
                names.extend(children(alias).into_iter().filter(|n| n.kind() == "identifier"));
            }
            names
        }
        "for_statement" => children(scope)
            .into_iter()
            .filter(|c| matches!(c.kind(), "for_clause" | "range_clause"))
            .flat_map(|c| match c.kind() {
                "for_clause" => c.child_by_field_name("initializer").filter(before).into_iter().collect(),
                _ => vec![c].into_iter().filter(before).collect::<Vec<_>>(),
            })
            .flat_map(|n| bound_names(n, source))
            .collect(),
        "communication_case" => {
            let mut names: Vec<Node> =
                field("communication").filter(before).map(|n| bound_names(n, source)).unwrap_or_default();
            names.extend(statement_list_of(scope).flat_map(|l| declared_here(l, source, at)));
            names
        }
        // A point past the last statement (a blank line before `}`) is in the
        // block but not in its statement list.
        "block" | "expression_case" | "default_case" | "type_case" => {
            statement_list_of(scope).flat_map(|l| declared_here(l, source, at)).collect()
        }
        _ => Vec::new(),
    }
}

fn statement_list_of(node: Node) -> impl Iterator<Item = Node> {
    children(node).into_iter().filter(|c| c.kind() == "statement_list")
}

/// The identifiers a declaration or binding node introduces.
fn bound_names<'t>(node: Node<'t>, source: &str) -> Vec<Node<'t>> {
    let named = |n: Node<'t>| -> Vec<Node<'t>> {
        let mut cursor = n.walk();
        n.children_by_field_name("name", &mut cursor).filter(|c| c.kind() != ",").collect()
    };
    let left_if_defined = |n: Node<'t>| -> Vec<Node<'t>> {
        let defines = n.child_by_field_name("left").is_some_and(|l| {
            n.child_by_field_name("right")
                .is_some_and(|r| source[l.end_byte()..r.start_byte()].contains(":="))
        });
        match n.child_by_field_name("left") {
            Some(l) if defines => children(l).into_iter().filter(|c| c.kind() == "identifier").collect(),
            _ => Vec::new(),
        }
    };
    match node.kind() {
        "short_var_declaration" => node
            .child_by_field_name("left")
            .map(|l| children(l).into_iter().filter(|c| c.kind() == "identifier").collect())
            .unwrap_or_default(),
        "range_clause" | "receive_statement" => left_if_defined(node),
        "var_spec"
        | "const_spec"
        | "type_spec"
        | "type_alias"
        | "parameter_declaration"
        | "variadic_parameter_declaration"
        | "type_parameter_declaration" => named(node),
        "var_declaration"
        | "const_declaration"
        | "type_declaration"
        | "var_spec_list"
        | "parameter_list"
        | "type_parameter_list" => children(node).into_iter().flat_map(|c| bound_names(c, source)).collect(),
        "labeled_statement" => children(node).into_iter().flat_map(|c| bound_names(c, source)).collect(),
        "function_declaration" => node.child_by_field_name("name").into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The names the file declares at its top level (functions, not methods;
/// vars, consts, types) and the package names its imports bind.
fn file_declarations<'t>(root: Node<'t>, source: &str) -> Vec<Node<'t>> {
    let mut names = Vec::new();
    for top in children(root) {
        match top.kind() {
            "import_declaration" => {
                names.extend(import_specs(top).into_iter().filter_map(|s| {
                    s.child_by_field_name("name").filter(|n| n.kind() == "package_identifier")
                }))
            }
            _ => names.extend(bound_names(top, source)),
        }
    }
    names
}

fn import_specs(declaration: Node) -> Vec<Node> {
    go::descendants(declaration).into_iter().filter(|n| n.kind() == "import_spec").collect()
}

/// The first `import . "path"` of the file.
fn dot_import(root: Node) -> Option<Node> {
    children(root)
        .into_iter()
        .filter(|n| n.kind() == "import_declaration")
        .flat_map(import_specs)
        .find(|s| s.child_by_field_name("name").is_some_and(|n| n.kind() == "dot"))
}

/// Where another file of `package` declares `name` at its top level
/// (`file:line`). Standard input has no other files; nor has a directory
/// that cannot be read. Only files that mention `name` outside their
/// function bodies are parsed, and without those bodies
/// ([`crate::mask::parse_skipping`]): top-level names are all it needs.
pub fn sibling_declaration(package: &Package, name: &str) -> Option<String> {
    let mut parser = go::new_parser();
    package.siblings().into_iter().find_map(|file| {
        let source = file.text.as_str();
        let bodies = crate::mask::bodies_not_kept(source, |_| false);
        let outside =
            crate::mask::gaps(source.len(), &bodies).any(|r| crate::package::mentions_word(&source[r], name));
        if !outside {
            return None;
        }
        let tree = crate::mask::parse_skipping(&mut parser, source, &bodies)?;
        let root = tree.root_node();
        let decl = children(root)
            .into_iter()
            .filter(|n| n.kind() != "import_declaration")
            .flat_map(|n| bound_names(n, source))
            .find(|n| text(*n, source) == name)?;
        Some(format!("{}:{}", file.path.display(), line_col(source, decl.start_byte()).0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `name` at the first `@` of `code` (removed) is the builtin.
    fn builtin_at(code: &str, name: &str) -> bool {
        let at = code.find('@').expect("a marker");
        let source = code.replacen('@', "", 1);
        let tree = go::parse(&mut go::new_parser(), &source).unwrap();
        resolve_builtin(&Package::of_file("<stdin>", &source), "<stdin>", &tree, &source, at, name).is_none()
    }

    #[test]
    fn block_declarations_count_only_before_the_point() {
        let code = "package p\n\nfunc f() {\n\tx := 1\n\t@\n\tlen := 2\n\t_, _ = x, len\n}\n";
        assert!(builtin_at(code, "len"));
        let code = "package p\n\nfunc f() {\n\tlen := 2\n\t_ = len\n\t@\n}\n";
        assert!(!builtin_at(code, "len"));
        let code = "package p\n\nfunc f() {\n\tvar (\n\t\ta    = 1\n\t\tmake = 2\n\t)\n\t@_ = a\n}\n";
        assert!(!builtin_at(code, "make"));
        let code = "package p\n\nfunc f() {\n\ttype cap int\n\t@\n}\n";
        assert!(!builtin_at(code, "cap"));
    }

    #[test]
    fn inner_blocks_do_not_leak_out() {
        let code = "package p\n\nfunc f() {\n\t{\n\t\tlen := 1\n\t\t_ = len\n\t}\n\t@\n}\n";
        assert!(builtin_at(code, "len"));
        let code = "package p\n\nfunc f() {\n\t{\n\t\tlen := 1\n\t\t_ = len\n\t\t{\n\t\t\t@\n\t\t}\n\t}\n}\n";
        assert!(!builtin_at(code, "len"));
    }

    #[test]
    fn function_headers_bind_their_names() {
        assert!(!builtin_at("package p\n\nfunc f(close func()) {\n\t@\n}\n", "close"));
        assert!(!builtin_at("package p\n\nfunc f() (len int) {\n\t@\n\treturn\n}\n", "len"));
        assert!(!builtin_at("package p\n\ntype T struct{}\n\nfunc (make T) m() {\n\t@\n}\n", "make"));
        assert!(!builtin_at("package p\n\nfunc f[len any]() {\n\t@\n}\n", "len"));
        assert!(!builtin_at("package p\n\nvar g = func(close int) {\n\t@\n}\n", "close"));
        assert!(builtin_at("package p\n\nfunc f(close func()) {}\n\nfunc g() {\n\t@\n}\n", "close"));
    }

    #[test]
    fn statement_headers_bind_their_names() {
        let code =
            "package p\n\nfunc f(xs []int) {\n\tfor _, len := range xs {\n\t\t@\n\t\t_ = len\n\t}\n}\n";
        assert!(!builtin_at(code, "len"));
        let code = "package p\n\nfunc f() {\n\tfor len := 0; len < 3; len++ {\n\t\t@\n\t}\n}\n";
        assert!(!builtin_at(code, "len"));
        let code = "package p\n\nfunc f() {\n\tif close := 1; close > 0 {\n\t\t@\n\t}\n}\n";
        assert!(!builtin_at(code, "close"));
        let code =
            "package p\n\nfunc f(v any) {\n\tswitch len := v.(type) {\n\tcase int:\n\t\t@_ = len\n\t}\n}\n";
        assert!(!builtin_at(code, "len"));
        let code =
            "package p\n\nfunc f(c chan int) {\n\tselect {\n\tcase len := <-c:\n\t\t@_ = len\n\t}\n}\n";
        assert!(!builtin_at(code, "len"));
        let code = "package p\n\nfunc f(c chan int) {\n\tselect {\n\tcase len := <-c:\n\t\t_ = len\n\tdefault:\n\t\t@\n\t}\n}\n";
        assert!(builtin_at(code, "len"));
    }

    #[test]
    fn file_scope_counts_wherever_it_is_declared() {
        assert!(!builtin_at("package p\n\nfunc f() {\n\t@\n}\n\nfunc make() {}\n", "make"));
        assert!(!builtin_at("package p\n\nvar len = 3\n\nfunc f() {\n\t@\n}\n", "len"));
        assert!(!builtin_at("package p\n\nimport close \"fmt\"\n\nfunc f() {\n\t@\n}\n", "close"));
        assert!(builtin_at(
            "package p\n\ntype T struct{}\n\nfunc (T) close() {}\n\nfunc f() {\n\t@\n}\n",
            "close"
        ));
        assert!(!builtin_at("package p\n\nimport . \"strings\"\n\nfunc f() {\n\t@\n}\n", "len"));
    }

    #[test]
    fn mentions_skip_selectors_strings_and_fresh_names() {
        assert_eq!(predeclared_mentions("stopCh := make(chan struct{})\n"), vec!["make"]);
        assert_eq!(predeclared_mentions("defer close(stop) // len(x)\n"), vec!["close"]);
        assert_eq!(predeclared_mentions("x.len(\"close\") + lenient"), Vec::<&str>::new());
        assert_eq!(predeclared_mentions(", len(items)"), vec!["len"]);
    }

    #[test]
    fn siblings_of_the_same_package_count() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.go"), "package p\n\nfunc f() {}\n").unwrap();
        std::fs::write(dir.path().join("b.go"), "package p\n\nfunc close() {}\n").unwrap();
        std::fs::write(dir.path().join("c_test.go"), "package p_test\n\nvar len = 1\n").unwrap();
        let a = dir.path().join("a.go").to_string_lossy().into_owned();
        let package = || Package::of_file(&a, "package p\n\nfunc f() {}\n");
        assert!(sibling_declaration(&package(), "close").is_some_and(|p| p.ends_with("b.go:3")));
        assert_eq!(sibling_declaration(&package(), "len"), None, "another package");
        std::fs::write(dir.path().join("b.go"), "package p\n\nfunc closed() {}\n").unwrap();
        assert_eq!(sibling_declaration(&package(), "close"), None, "the cache sees the change");
        std::fs::write(dir.path().join("b.go"), "package p\n\nfunc f() { close := 1 }\n").unwrap();
        assert_eq!(sibling_declaration(&package(), "close"), None, "a body is not the top level");
        assert_eq!(sibling_declaration(&Package::of_file("<stdin>", "package p\n"), "close"), None);
    }
}
