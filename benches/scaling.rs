//! Whether chanfix's cost grows linearly with the shapes that used to make
//! it quadratic: many small leaky functions in one file (thousands of
//! findings), deeply nested blocks around a leak, and one very long
//! expression. Each case runs `chanfix check` in-process, `--jobs 1`, at
//! three sizes; the last column is time per unit, which stays flat when
//! growth is linear. Prints numbers; asserts nothing. Run:
//! `cargo bench --bench scaling`.

use std::time::Instant;

const LEAK_BODY: &str = "\tdone := make(chan bool)\n\tgo func() {\n\t\tdone <- true\n\t}()\n\tselect {\n\tcase <-time.After(time.Second):\n\tcase <-done:\n\t}\n";

fn leaky_functions(n: usize) -> String {
    let mut s = String::from("package p\n\nimport \"time\"\n");
    for i in 0..n {
        s.push_str(&format!("\nfunc f{i}() {{\n{LEAK_BODY}}}\n"));
    }
    s
}

fn nested_blocks(n: usize) -> String {
    format!(
        "package p\n\nimport \"time\"\n\nfunc f() {{\n{}{LEAK_BODY}{}}}\n",
        "{\n".repeat(n),
        "}\n".repeat(n)
    )
}

fn long_expression(n: usize) -> String {
    let terms = vec!["1"; n].join(" + ");
    format!("package p\n\nimport \"time\"\n\nfunc f() int {{\n{LEAK_BODY}\treturn {terms}\n}}\n")
}

/// Median wall seconds of `runs` in-process `chanfix check --jobs 1` runs on `text`.
fn check_seconds(text: &str, runs: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.go"), text).unwrap();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let mut io = chanfix::Io {
                stdin: Box::new(std::io::empty()),
                stdout: Box::new(std::io::sink()),
                stderr: Box::new(std::io::sink()),
                cwd: dir.path().to_path_buf(),
            };
            let start = Instant::now();
            chanfix::run(["chanfix", "check", "--jobs", "1", "a.go"], &mut io);
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// A name, the Go text of a given size, and three sizes.
type Case = (&'static str, fn(usize) -> String, [usize; 3]);

fn main() {
    let cases: [Case; 3] = [
        ("leaky functions", leaky_functions, [1_000, 2_000, 4_000]),
        ("nested blocks", nested_blocks, [2_500, 5_000, 10_000]),
        ("expression terms", long_expression, [50_000, 100_000, 200_000]),
    ];
    println!("{:<18} {:>8} {:>10} {:>14}", "case", "size", "median s", "µs per unit");
    for (name, make, sizes) in cases {
        for n in sizes {
            let s = check_seconds(&make(n), 3);
            println!("{name:<18} {n:>8} {s:>10.3} {:>14.2}", s * 1e6 / n as f64);
        }
    }
}
