//! Builtin shadowing across the files of a package: a fix that calls
//! `close` must not be offered when a sibling file of the same package
//! declares its own `close`, which the fix would call instead.

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;

/// The article's timeout consumer, with no `close` of its own.
const CONSUMER: &str = "package main

import (
	\"context\"
	\"time\"
)

func run() {
	ich := make(chan int, 100)
	go func() {
		for i := 0; i < 10000; i++ {
			ich <- i
			time.Sleep(100 * time.Microsecond)
		}
	}()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		for i := range ich {
			if ctx.Err() != nil {
				return
			}
			_ = i
		}
	}()
}
";

/// `chanfix diff` of consumer.go next to helpers.go holding `helpers`.
fn diff_with_sibling(helpers: &str) -> inproc::Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("consumer.go"), CONSUMER).unwrap();
    std::fs::write(dir.path().join("helpers.go"), helpers).unwrap();
    // An absolute path: the rules look for sibling files by the path shown.
    let file = dir.path().join("consumer.go").to_string_lossy().into_owned();
    chanfix_in(dir.path(), &["diff", &file], "")
}

#[test]
fn a_close_declared_in_a_sibling_file_blocks_the_fix() {
    let run = diff_with_sibling("package main\n\nfunc close(done chan struct{}) {}\n");
    assert_eq!(run.stdout, "", "no diff may be printed");
    // Every finding (abandoned-producer's, and unclosed-range's) is left without a fix.
    assert!(run.stderr.contains(" without a safe fix), 0 files would change"), "{}", run.stderr);
    assert!(run.stderr.contains("abandoned-producer: not fixed"), "{}", run.stderr);
}

#[test]
fn the_reason_names_the_sibling_declaration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("consumer.go"), CONSUMER).unwrap();
    std::fs::write(dir.path().join("helpers.go"), "package main\n\n// x\nfunc close(c chan struct{}) {}\n")
        .unwrap();
    let file = dir.path().join("consumer.go").to_string_lossy().into_owned();
    let run = chanfix_in(dir.path(), &["check", &file], "");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("`close` is redeclared at ") && run.stdout.contains("helpers.go:4"),
        "{}",
        run.stdout
    );
}

#[test]
fn siblings_of_other_packages_or_without_close_do_not_block_it() {
    for helpers in
        ["package main_test\n\nfunc close(c chan struct{}) {}\n", "package main\n\nfunc closer() {}\n"]
    {
        let run = diff_with_sibling(helpers);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stdout.contains("+\t\tdefer close(stopCh)"), "{helpers}: {}", run.stdout);
    }
}

/// An edit that lands in another file of the package is resolved in that
/// file: a `len` declared there (and not in the checked file) blocks it.
#[test]
fn an_edit_in_another_file_is_checked_against_that_file() {
    use chanfix::finding::{Edit, Fix};
    let dir = tempfile::tempdir().unwrap();
    let here = "package p\n\nfunc f() {}\n";
    let there = "package p\n\nfunc g(xs []int) {\n\tlen := 3\n\t_ = len\n}\n";
    std::fs::write(dir.path().join("a.go"), here).unwrap();
    std::fs::write(dir.path().join("b.go"), there).unwrap();
    let path = dir.path().join("a.go").to_string_lossy().into_owned();
    let tree = chanfix::go::parse(&mut chanfix::go::new_parser(), here).unwrap();
    let package = chanfix::package::Package::of_file(&path, here);
    let exits = chanfix::exits::Exits::of_package(tree.root_node(), here, &path, &package);
    let ctx =
        chanfix::rules::Context { path: &path, source: here, tree: &tree, exits: &exits, package: &package };
    let fix_at = |anchor: &str, file: Option<&str>| Fix {
        message: "m".into(),
        edits: vec![Edit::insert(there.find(anchor).unwrap(), "\t_ = len(xs)\n").in_file(file)],
    };
    let after_decl = chanfix::names::fix_uses_builtins_safely(&ctx, &fix_at("\t_ = len\n", Some("b.go")));
    assert!(after_decl.as_ref().is_err_and(|why| why.contains("`len` is redeclared at")), "{after_decl:?}");
    let before_decl = chanfix::names::fix_uses_builtins_safely(&ctx, &fix_at("\tlen := 3", Some("b.go")));
    assert_eq!(before_decl, Ok(()));
    // The same offset in the checked file has no `len` of its own.
    let here_too = Fix { message: "m".into(), edits: vec![Edit::insert(here.len() - 2, "_ = len(\"\")")] };
    assert_eq!(chanfix::names::fix_uses_builtins_safely(&ctx, &here_too), Ok(()));
}
