//! Calls that end the code after them, and how: a goroutine that calls
//! `t.Fatal` or `panic` stops (the leak question is whether the goroutines
//! it leaves behind can finish), a process that calls `os.Exit` or
//! `log.Fatal` is gone (nothing leaks), and a check like testify's
//! `require.NoError` may stop the goroutine or go on. Both rules count paths
//! with these answers, so a receiver's way out through a helper of the same
//! package that always fails counts like the failing call itself. Helpers
//! of the other files of the package are read only when a walk meets a call
//! it does not know (most files never need them).

use crate::go::{children, statements, text};
use crate::package::Package;
use std::collections::HashSet;
use std::sync::OnceLock;
use tree_sitter::Node;

/// What a call does to the code after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The calling goroutine stops: `panic`, `runtime.Goexit`, `t.Fatal`,
    /// `t.FailNow`, `t.Skip`, or a helper that always ends in one of them.
    Goroutine,
    /// The whole process ends: `os.Exit`, `log.Fatal*` and other loggers'
    /// `Fatal` calls. Nothing is left to leak.
    Process,
    /// It may stop the goroutine or return normally: testify's `require.*`,
    /// gotest.tools' `assert.*`.
    Maybe,
}

/// The exiting calls of one file.
#[derive(Debug)]
pub struct Exits {
    /// Functions of the file whose body always ends in a goroutine exit.
    helpers: HashSet<String>,
    /// Functions of the file whose body always ends in a process exit.
    process_helpers: HashSet<String>,
    /// Packages whose every call may stop the goroutine (`require`, `assert`).
    fail_now_packages: Vec<&'static str>,
    /// What `panic` does: in a test, or in a file that recovers somewhere,
    /// it stops a goroutine that may be recovered; elsewhere it is a crash.
    panic: Exit,
    /// The file's package, to find helpers in its other files.
    package: Option<Package>,
    /// The helpers of the package's other files, found on first need.
    siblings: OnceLock<SiblingHelpers>,
}

/// Functions of other files of the package that always exit.
#[derive(Debug, Default)]
struct SiblingHelpers {
    goroutine: HashSet<String>,
    process: HashSet<String>,
}

/// Text that the last statement of an exiting helper must contain.
const EXIT_MARKERS: &[&str] = &["panic(", "Fatal", "Goexit", "Exit(", "FailNow", "Skip"];

/// Whether a function's text ends (before its closing brace) with a line
/// naming an exiting call.
fn ends_in_exit_marker(function: &str) -> bool {
    let mut lines = function.trim_end().lines().rev();
    let closing = lines.next().unwrap_or("");
    let last = if closing.trim() == "}" { lines.next().unwrap_or("") } else { closing };
    EXIT_MARKERS.iter().any(|m| last.contains(m))
}

/// Packages whose checks call `t.FailNow` when they fail, by import path.
const FAIL_NOW_IMPORTS: &[(&str, &str)] = &[
    ("\"github.com/stretchr/testify/require\"", "require"),
    ("\"gotest.tools/v3/assert\"", "assert"),
    ("\"gotest.tools/assert\"", "assert"),
];

impl Exits {
    /// What is known of exits without reading the file: the standard
    /// library's and testing's calls, panics that may be recovered.
    pub fn none() -> Exits {
        Exits {
            helpers: HashSet::new(),
            process_helpers: HashSet::new(),
            fail_now_packages: Vec::new(),
            panic: Exit::Goroutine,
            package: None,
            siblings: OnceLock::new(),
        }
    }

    /// [`Exits::of_file`], plus the helpers that the package's other files
    /// declare (a receiver may leave through a helper of another file).
    pub fn of_package(root: Node, source: &str, path: &str, package: &Package) -> Exits {
        let mut exits = Exits::of_file(root, source, path);
        exits.package = Some(package.clone());
        exits
    }

    /// The exiting helpers of the package's other files. Only functions
    /// whose last line before the closing brace names an exiting call are
    /// parsed, each file's together (not the whole file): an always-failing
    /// helper ends in one. (A helper of another file that only calls another
    /// such helper is not seen.)
    fn sibling_helpers(&self) -> &SiblingHelpers {
        self.siblings.get_or_init(|| {
            let mut found = SiblingHelpers::default();
            let Some(package) = &self.package else { return found };
            let mut parser = crate::go::new_parser();
            for file in package.siblings() {
                let candidates: Vec<&str> = file
                    .decls
                    .iter()
                    .filter(|d| d.kind == crate::package::DeclKind::Function)
                    .map(|d| &file.text[d.range.clone()])
                    .filter(|f| ends_in_exit_marker(f))
                    .collect();
                if candidates.is_empty() {
                    continue;
                }
                let snippet = format!("package p\n\n{}", candidates.join("\n"));
                let Some(tree) = crate::go::parse(&mut parser, &snippet) else { continue };
                let mut theirs = Exits::of_text(&file.text, &file.path.to_string_lossy());
                theirs.collect_helpers(tree.root_node(), &snippet);
                found.goroutine.extend(theirs.helpers);
                found.process.extend(theirs.process_helpers);
            }
            found
        })
    }

    /// The exits of the file at `path` (a `_test.go` file runs tests).
    pub fn of_file(root: Node, source: &str, path: &str) -> Exits {
        let mut exits = Exits::of_text(source, path);
        exits.collect_helpers(root, source);
        exits
    }

    /// What the file's imports and its recovering say, before its helpers.
    fn of_text(source: &str, path: &str) -> Exits {
        let fail_now_packages = FAIL_NOW_IMPORTS
            .iter()
            .filter(|(path, _)| source.contains(path))
            .map(|(_, name)| *name)
            .collect();
        // A panic in library code that nothing in the file recovers is a
        // crash (an unreachable `default: panic(...)`), not a way out.
        let recovered = path.ends_with("_test.go") || source.contains("recover()");
        let panic = if recovered { Exit::Goroutine } else { Exit::Process };
        Exits {
            fail_now_packages,
            panic,
            helpers: HashSet::new(),
            process_helpers: HashSet::new(),
            package: None,
            siblings: OnceLock::new(),
        }
    }

    /// Adds the functions declared under `root` that always exit.
    fn collect_helpers(&mut self, root: Node, source: &str) {
        let functions: Vec<Node> =
            children(root).into_iter().filter(|d| d.kind() == "function_declaration").collect();
        // Helpers may call helpers: repeat until nothing changes (a few rounds at most in practice).
        for _ in 0..4 {
            let mut changed = false;
            for f in &functions {
                let Some(name) = f.child_by_field_name("name").map(|n| text(n, source)) else { continue };
                if self.helpers.contains(name) || self.process_helpers.contains(name) {
                    continue;
                }
                let last = f.child_by_field_name("body").and_then(|b| statements(b).last().copied());
                match last.and_then(|s| self.statement(s, source)) {
                    Some(Exit::Goroutine) => changed |= self.helpers.insert(name.to_string()),
                    Some(Exit::Process) => changed |= self.process_helpers.insert(name.to_string()),
                    _ => {}
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// How an expression statement ends the code after it, if it does.
    pub fn statement(&self, stmt: Node, source: &str) -> Option<Exit> {
        if stmt.kind() != "expression_statement" {
            return None;
        }
        self.call(*children(stmt).first()?, source)
    }

    /// How a call ends the code after it, if it does.
    pub fn call(&self, expr: Node, source: &str) -> Option<Exit> {
        if expr.kind() != "call_expression" {
            return None;
        }
        let function = expr.child_by_field_name("function")?;
        let name = text(function, source);
        if function.kind() == "identifier" {
            return match name {
                "panic" => Some(self.panic),
                _ if self.helpers.contains(name) => Some(Exit::Goroutine),
                _ if self.process_helpers.contains(name) => Some(Exit::Process),
                _ if self.package.is_none() => None,
                _ if self.sibling_helpers().goroutine.contains(name) => Some(Exit::Goroutine),
                _ if self.sibling_helpers().process.contains(name) => Some(Exit::Process),
                _ => None,
            };
        }
        let (receiver, method) = name.rsplit_once('.')?;
        match (receiver, method) {
            ("os", "Exit") => Some(Exit::Process),
            ("runtime", "Goexit") => Some(Exit::Goroutine),
            (_, "FailNow" | "SkipNow" | "Skip" | "Skipf") => Some(Exit::Goroutine),
            (_, "Fatal" | "Fatalf" | "Fatalln") if is_logger(receiver) => Some(Exit::Process),
            (_, "Fatal" | "Fatalf" | "Fatalln") => Some(Exit::Goroutine),
            _ if self.fail_now_packages.contains(&receiver) => Some(Exit::Maybe),
            _ if receiver.ends_with(".Require()") => Some(Exit::Maybe), // testify suites
            _ => None,
        }
    }
}

/// Whether the statement list ends every path: its last statement is a
/// `return`, a `panic(..)`, a fatal test or log call, `os.Exit` or a `goto`.
pub fn terminates(stmt: Node, source: &str) -> bool {
    let mut stmt = stmt;
    loop {
        match stmt.kind() {
            "return_statement" | "goto_statement" => return true,
            "expression_statement" => {
                return children(stmt).first().is_some_and(|e| is_exit_call(*e, source));
            }
            "block" => match statements(stmt).last() {
                Some(last) => stmt = *last, // nested blocks: a loop, not a recursion
                None => return false,
            },
            _ => return false,
        }
    }
}

/// Calls after which the current goroutine surely does not go on, read
/// without the file's helpers: `panic`, `runtime.Goexit`, `os.Exit`, a
/// test's or logger's `Fatal`, `FailNow`, `Skip`.
pub fn is_exit_call(expr: Node, source: &str) -> bool {
    matches!(Exits::none().call(expr, source), Some(Exit::Goroutine | Exit::Process))
}

/// Whether `x` in `x.Fatal(...)` is a logger (whose Fatal ends the process)
/// rather than a test (whose Fatal ends the goroutine).
fn is_logger(receiver: &str) -> bool {
    let last = receiver.rsplit('.').next().unwrap_or(receiver);
    matches!(last, "log" | "klog" | "glog" | "logrus" | "zap" | "slog") || last.to_lowercase().contains("log")
}

/// Whether `block` (or the statement list in it) is the body of `func
/// main` in package `main`: leaving
/// it, by `return` or by running off its end, ends the process, and with
/// it every goroutine that could have leaked.
pub fn is_main_body(block: Node, source: &str) -> bool {
    // Statements sit in a `statement_list` inside the body's `block`.
    let block = match block.kind() {
        "statement_list" => match block.parent() {
            Some(parent) => parent,
            None => return false,
        },
        _ => block,
    };
    let Some(function) = block.parent().filter(|f| f.kind() == "function_declaration") else { return false };
    let named_main = function.child_by_field_name("name").is_some_and(|n| text(n, source) == "main");
    let in_package_main = children(crate::go::root(function))
        .into_iter()
        .find(|c| c.kind() == "package_clause")
        .and_then(|c| c.named_child(0))
        .is_some_and(|name| text(name, source) == "main");
    named_main
        && in_package_main
        && function.child_by_field_name("body").is_some_and(|b| b.id() == block.id())
}

/// Whether `stmt` (a `return`) returns from `func main` of package `main`.
pub fn returns_from_main(stmt: Node, source: &str) -> bool {
    crate::go::enclosing(stmt, &["function_declaration", "method_declaration", "func_literal"])
        .and_then(|f| f.child_by_field_name("body"))
        .is_some_and(|body| is_main_body(body, source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go;

    fn exits_of(body: &str, extra: &str) -> Vec<Option<Exit>> {
        let source = format!("package p\n{extra}\nfunc f() {{\n{body}\n}}\n");
        let tree = go::parse(&mut go::new_parser(), &source).unwrap();
        let exits = Exits::of_file(tree.root_node(), &source, "x_test.go");
        let f = children(tree.root_node()).into_iter().rfind(|d| d.kind() == "function_declaration").unwrap();
        statements(f.child_by_field_name("body").unwrap())
            .into_iter()
            .map(|s| exits.statement(s, &source))
            .collect()
    }

    #[test]
    fn tests_stop_goroutines_and_loggers_stop_processes() {
        let got =
            exits_of("t.Fatal(1)\nlog.Fatalf(\"x\")\nos.Exit(1)\nlogger.Fatal(1)\npanic(1)\nx.Close()", "");
        use Exit::*;
        assert_eq!(
            got,
            vec![Some(Goroutine), Some(Process), Some(Process), Some(Process), Some(Goroutine), None]
        );
    }

    #[test]
    fn an_unrecovered_panic_in_library_code_is_a_crash() {
        let source = "package p\nfunc f() {\n\tpanic(1)\n}\n";
        let tree = go::parse(&mut go::new_parser(), source).unwrap();
        let stmt = |exits: &Exits| {
            let f =
                children(tree.root_node()).into_iter().find(|d| d.kind() == "function_declaration").unwrap();
            exits.statement(statements(f.child_by_field_name("body").unwrap())[0], source)
        };
        assert_eq!(stmt(&Exits::of_file(tree.root_node(), source, "lib.go")), Some(Exit::Process));
        assert_eq!(stmt(&Exits::of_file(tree.root_node(), source, "lib_test.go")), Some(Exit::Goroutine));
        let recovering = format!("{source}func g() {{ defer func() {{ recover() }}() }}\n");
        let tree2 = go::parse(&mut go::new_parser(), &recovering).unwrap();
        let exits = Exits::of_file(tree2.root_node(), &recovering, "lib.go");
        assert_eq!(exits.panic, Exit::Goroutine);
    }

    #[test]
    fn helpers_that_always_fail_are_exits() {
        let helpers = "func fail(t T) { t.Helper(); t.Fatalf(\"x\") }\nfunc die() { fail(nil) }\nfunc quit() { os.Exit(2) }\nfunc maybe(t T) { if x { t.Fatal() } }";
        let got = exits_of("fail(t)\ndie()\nquit()\nmaybe(t)", helpers);
        assert_eq!(got, vec![Some(Exit::Goroutine), Some(Exit::Goroutine), Some(Exit::Process), None]);
    }

    #[test]
    fn require_may_stop_only_when_imported() {
        let import = "import \"github.com/stretchr/testify/require\"";
        assert_eq!(exits_of("require.NoError(t, err)", import), vec![Some(Exit::Maybe)]);
        assert_eq!(exits_of("require.NoError(t, err)", ""), vec![None]);
        let testify_assert = "import \"github.com/stretchr/testify/assert\"";
        assert_eq!(exits_of("assert.NoError(t, err)", testify_assert), vec![None]);
        assert_eq!(
            exits_of("assert.NilError(t, err)", "import \"gotest.tools/v3/assert\""),
            vec![Some(Exit::Maybe)]
        );
    }
}
