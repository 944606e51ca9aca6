//! Pathologically deep but valid Go: a 200,000-term expression and 10,000
//! nested blocks. chanfix must neither crash (no recursion over the syntax
//! tree without a bound) nor lose the leak placed beside them.

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;

/// The article's leak: the select may take the timeout case, and the
/// sender then blocks on `done` forever. Its send is on the 4th line.
const LEAK: &str = "func leak() {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tdone <- true\n\t}()\n\tselect {\n\tcase <-time.After(time.Second):\n\tcase <-done:\n\t}\n}\n";

fn file(body: &str) -> String {
    format!("package p\n\nimport \"time\"\n\n{body}\n{LEAK}")
}

/// The line of the send in `LEAK` appended by [`file`] after `body`.
fn leak_line(text: &str) -> usize {
    text.lines().position(|l| l == "\t\tdone <- true").expect("the leak is there") + 1
}

/// The statements of `LEAK`'s function.
fn leak_body() -> &'static str {
    LEAK.strip_prefix("func leak() {\n").and_then(|b| b.strip_suffix("}\n")).unwrap()
}

fn check(files: &[(&str, &str)]) -> (u8, Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let run = chanfix_in(dir.path(), &["check", "."], "");
    let mut lines: Vec<String> =
        run.stdout.lines().map(|l| l.split(": ").next().unwrap().to_string()).collect();
    lines.sort();
    (run.code, lines, run.stderr)
}

#[test]
fn a_200000_term_expression_beside_a_leak() {
    let terms = vec!["x"; 200_000].join(" + ");
    let text = file(&format!("func sum(x int) int {{\n\treturn {terms}\n}}\n"));
    let (code, found, stderr) = check(&[("expr.go", &text)]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(found, [format!("expr.go:{}:3", leak_line(&text))], "{stderr}");
}

#[test]
fn a_200000_term_expression_inside_the_leaking_function() {
    let terms = vec!["1"; 200_000].join(" + ");
    let body = LEAK.replace("\tselect {", &format!("\t_ = {terms}\n\tselect {{"));
    let text = format!("package p\n\nimport \"time\"\n\n{body}");
    let (code, found, stderr) = check(&[("inside.go", &text)]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(found, [format!("inside.go:{}:3", leak_line(&text))], "{stderr}");
}

#[test]
fn ten_thousand_nested_blocks_beside_a_leak() {
    let depth = 10_000;
    let nested = format!("func deep() {{\n{}_ = 1\n{}}}\n", "{\n".repeat(depth), "}\n".repeat(depth));
    let text = file(&nested);
    // The leak inside the nesting: its scope is shallow, so it is found too.
    let buried = format!(
        "package p\n\nimport \"time\"\n\nfunc buried() {{\n{}{}{}}}\n",
        "{\n".repeat(depth),
        leak_body(),
        "}\n".repeat(depth)
    );
    // The receiver's select inside the nesting: too deep for the path
    // walker, which gives up on the function (no finding, no crash).
    let (head, select) = leak_body().split_at(leak_body().find("\tselect").unwrap());
    let too_deep = format!(
        "package p\n\nimport \"time\"\n\nfunc tooDeep() {{\n{head}{}{select}{}}}\n",
        "{\n".repeat(depth),
        "}\n".repeat(depth)
    );
    let (code, found, stderr) =
        check(&[("nested.go", &text), ("buried.go", &buried), ("too_deep.go", &too_deep)]);
    assert_eq!(code, 1, "{stderr}");
    let expected =
        [format!("buried.go:{}:3", leak_line(&buried)), format!("nested.go:{}:3", leak_line(&text))];
    assert_eq!(found, expected, "{stderr}");
    assert!(stderr.contains("(0 without a safe fix)"), "{stderr}");
}

#[test]
fn a_leak_a_few_hundred_blocks_deep_is_still_found() {
    let depth = 300;
    let body = leak_body();
    let text = format!(
        "package p\n\nimport \"time\"\n\nfunc f() {{\n{}{body}{}}}\n",
        "{\n".repeat(depth),
        "}\n".repeat(depth)
    );
    let (code, found, stderr) = check(&[("deep.go", &text)]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(found, [format!("deep.go:{}:3", leak_line(&text))], "{stderr}");
    assert!(stderr.contains("(0 without a safe fix)"), "{stderr}");
}
