//! A generated Go monorepo for benchmarks and for the planted-leak test:
//! packages of several files (imports, structs, methods, comments, tests),
//! channels used correctly, a known set of planted goroutine leaks of both
//! rules' shapes, and now and then a file with thousands of small functions.
//! The same seed gives the same repository, byte for byte. Shared by
//! `tests/generated_monorepo.rs`, `benches/scaling.rs` and
//! `examples/gen_monorepo.rs` with `#[path]`.
#![allow(dead_code)]

use std::fmt::Write;
use std::path::Path;

pub const SEED: u64 = 0x0063_6861_6e66_6978;

/// A leak the generator planted: the finding chanfix must report.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Planted {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    pub line: usize,
    pub rule: &'static str,
}

pub struct Repo {
    /// (relative path, contents), in generation order.
    pub files: Vec<(String, String)>,
    pub planted: Vec<Planted>,
}

impl Repo {
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|(_, s)| s.len()).sum()
    }

    /// Writes the files under `root`.
    pub fn write(&self, root: &Path) -> std::io::Result<()> {
        for (path, text) in &self.files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("files sit in package directories"))?;
            std::fs::write(path, text)?;
        }
        Ok(())
    }
}

/// One file being written, keeping its line count for planted findings.
struct GoFile {
    text: String,
    planted: Vec<(usize, &'static str)>,
}

impl GoFile {
    fn new() -> Self {
        GoFile { text: String::new(), planted: Vec::new() }
    }

    fn line(&self) -> usize {
        self.text.bytes().filter(|&b| b == b'\n').count() + 1
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Appends `code`, recording a finding of `rule` at the line marked `// LEAK`
    /// (the marker is removed).
    fn push_leak(&mut self, code: &str, rule: &'static str) {
        let offset = code.find(" // LEAK").expect("a leak template marks its line");
        let line = self.line() + code[..offset].bytes().filter(|&b| b == b'\n').count();
        self.planted.push((line, rule));
        self.push(&code.replacen(" // LEAK", "", 1));
    }
}

/// Generates `files` Go files with seed `seed`.
pub fn generate(files: usize, seed: u64) -> Repo {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut repo = Repo { files: Vec::new(), planted: Vec::new() };
    let mut pkg = 0;
    while repo.files.len() < files {
        let room = files - repo.files.len();
        let size = rng.usize(3..=8).min(room);
        package(&mut rng, pkg, size, &mut repo);
        pkg += 1;
    }
    repo
}

const WORDS: &[&str] = &[
    "account", "batch", "cache", "digest", "entry", "feed", "group", "handle", "index", "job", "key",
    "ledger", "metric", "node", "order", "page", "queue", "record", "shard", "token", "user", "value",
];

fn word(rng: &mut fastrand::Rng) -> &'static str {
    WORDS[rng.usize(..WORDS.len())]
}

fn capitalized(w: &str) -> String {
    let mut c = w.chars();
    c.next().map_or(String::new(), |f| f.to_ascii_uppercase().to_string() + c.as_str())
}

fn package(rng: &mut fastrand::Rng, pkg: usize, size: usize, repo: &mut Repo) {
    let dir = format!("svc{:02}/{}{pkg}", pkg % 37, word(rng));
    let name = format!("p{pkg}");
    for f in 0..size {
        let test = f + 1 == size && size > 1;
        let many = !test && rng.usize(..400) == 0;
        let mut file = GoFile::new();
        let base = if test {
            format!("{}_test.go", word(rng))
        } else if many {
            "table.go".to_string()
        } else {
            format!("{}_{f}.go", word(rng))
        };
        if test {
            test_file(rng, &name, &mut file);
        } else if many {
            many_functions(rng, &name, &mut file);
        } else {
            source_file(rng, &name, f, &mut file);
        }
        let path = format!("{dir}/{base}");
        repo.planted.extend(file.planted.iter().map(|&(line, rule)| Planted {
            path: path.clone(),
            line,
            rule,
        }));
        repo.files.push((path, file.text));
    }
}

fn header(file: &mut GoFile, name: &str, imports: &[&str]) {
    writeln!(file.text, "// Package {name} is generated for chanfix's benchmarks.").unwrap();
    writeln!(file.text, "package {name}\n").unwrap();
    file.push("import (\n");
    for i in imports {
        writeln!(file.text, "\t\"{i}\"").unwrap();
    }
    file.push(")\n");
}

fn source_file(rng: &mut fastrand::Rng, name: &str, index: usize, file: &mut GoFile) {
    header(file, name, &["context", "errors", "fmt", "strings", "sync", "time"]);
    writeln!(
        file.text,
        "\nvar _ = errors.New\nvar _ = fmt.Sprint\nvar _ sync.Mutex\nvar _ = context.Background\n"
    )
    .unwrap();
    let ty = format!("{}{}{index}", capitalized(word(rng)), capitalized(word(rng)));
    writeln!(
        file.text,
        "// {ty} keeps {} items and a lock.\ntype {ty} struct {{\n\tmu    sync.Mutex\n\titems map[string]int\n\tname  string\n}}\n",
        word(rng)
    )
    .unwrap();
    writeln!(
        file.text,
        "// Add counts one more {0}.\nfunc (s *{ty}) Add(key string) int {{\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tif s.items == nil {{\n\t\ts.items = make(map[string]int)\n\t}}\n\ts.items[strings.ToLower(key)]++\n\treturn s.items[key]\n}}\n",
        word(rng)
    )
    .unwrap();
    for n in 0..rng.usize(3..=7) {
        let f = format!("{}{}{n}", word(rng), capitalized(word(rng)));
        match rng.usize(..1000) {
            0..=2 => leak_sender(rng, &f, file),
            3..=5 => leak_producer(rng, &f, file),
            6..=155 => good_channel(rng, &f, file),
            _ => plain(rng, &f, &ty, file),
        }
    }
}

/// Ordinary code: loops, strings, errors, a method call.
fn plain(rng: &mut fastrand::Rng, f: &str, ty: &str, file: &mut GoFile) {
    let w = word(rng);
    writeln!(
        file.text,
        "// {f} joins the {w} names that pass the filter.\nfunc {f}(s *{ty}, names []string, limit int) (string, error) {{\n\tif limit < 0 {{\n\t\treturn \"\", errors.New(\"negative limit\")\n\t}}\n\tvar b strings.Builder\n\tfor i, n := range names {{\n\t\tif i >= limit {{\n\t\t\tbreak\n\t\t}}\n\t\t// Skip blanks.\n\t\tif strings.TrimSpace(n) == \"\" {{\n\t\t\tcontinue\n\t\t}}\n\t\tfmt.Fprintf(&b, \"%s=%d;\", n, s.Add(n))\n\t}}\n\treturn b.String(), nil\n}}\n"
    )
    .unwrap();
}

/// Channels used correctly: a buffered result, a done channel, a drained
/// producer, a context-aware sender.
fn good_channel(rng: &mut fastrand::Rng, f: &str, file: &mut GoFile) {
    let code = match rng.usize(..4) {
        0 => format!(
            "func {f}(d time.Duration) (int, error) {{\n\tres := make(chan int, 1)\n\tgo func() {{\n\t\tres <- len(\"{f}\")\n\t}}()\n\tselect {{\n\tcase v := <-res:\n\t\treturn v, nil\n\tcase <-time.After(d):\n\t\treturn 0, errors.New(\"timeout\")\n\t}}\n}}\n"
        ),
        1 => format!(
            "func {f}(work func()) {{\n\tdone := make(chan struct{{}})\n\tgo func() {{\n\t\tdefer close(done)\n\t\twork()\n\t}}()\n\t<-done\n}}\n"
        ),
        2 => format!(
            "func {f}(xs []int) int {{\n\tjobs := make(chan int)\n\tgo func() {{\n\t\tdefer close(jobs)\n\t\tfor _, x := range xs {{\n\t\t\tjobs <- x * 2\n\t\t}}\n\t}}()\n\ttotal := 0\n\tfor j := range jobs {{\n\t\ttotal += j\n\t}}\n\treturn total\n}}\n"
        ),
        _ => format!(
            "func {f}(ctx context.Context, xs []string) <-chan string {{\n\tout := make(chan string)\n\tgo func() {{\n\t\tdefer close(out)\n\t\tfor _, x := range xs {{\n\t\t\tselect {{\n\t\t\tcase out <- strings.ToUpper(x):\n\t\t\tcase <-ctx.Done():\n\t\t\t\treturn\n\t\t\t}}\n\t\t}}\n\t}}()\n\treturn out\n}}\n"
        ),
    };
    writeln!(file.text, "// {f} uses a channel correctly.\n{code}").unwrap();
}

/// abandoned-sender: one send that a timeout or an early return abandons.
fn leak_sender(rng: &mut fastrand::Rng, f: &str, file: &mut GoFile) {
    file.push(&format!("// {f} can leave before the result arrives.\n"));
    let code = match rng.usize(..2) {
        0 => format!(
            "func {f}(d time.Duration) error {{\n\terrCh := make(chan error)\n\tgo func() {{\n\t\terrCh <- errors.New(\"{f}\") // LEAK\n\t}}()\n\tselect {{\n\tcase err := <-errCh:\n\t\treturn err\n\tcase <-time.After(d):\n\t\treturn errors.New(\"timed out\")\n\t}}\n}}\n"
        ),
        _ => format!(
            "func {f}(id string) (string, error) {{\n\tname := make(chan string)\n\tgo func() {{\n\t\tname <- strings.Repeat(id, 2) // LEAK\n\t}}()\n\tif id == \"\" {{\n\t\treturn \"\", errors.New(\"no id\")\n\t}}\n\treturn <-name, nil\n}}\n"
        ),
    };
    file.push_leak(&code, "abandoned-sender");
    file.push("\n");
}

/// abandoned-producer: a loop of sends whose consumer can stop early.
fn leak_producer(rng: &mut fastrand::Rng, f: &str, file: &mut GoFile) {
    file.push(&format!("// {f} may stop reading before the producer is done.\n"));
    let code = match rng.usize(..2) {
        0 => format!(
            "func {f}(words []string, min int) string {{\n\tch := make(chan string) // LEAK\n\tgo func() {{\n\t\tdefer close(ch)\n\t\tfor _, w := range words {{\n\t\t\tch <- strings.ToLower(w)\n\t\t}}\n\t}}()\n\tfor w := range ch {{\n\t\tif len(w) >= min {{\n\t\t\treturn w\n\t\t}}\n\t}}\n\treturn \"\"\n}}\n"
        ),
        _ => format!(
            "func {f}(n int, d time.Duration) int {{\n\tticks := make(chan int) // LEAK\n\tgo func() {{\n\t\tfor i := 0; i < n; i++ {{\n\t\t\tticks <- i\n\t\t}}\n\t\tclose(ticks)\n\t}}()\n\tsum := 0\n\tfor {{\n\t\tselect {{\n\t\tcase v, ok := <-ticks:\n\t\t\tif !ok {{\n\t\t\t\treturn sum\n\t\t\t}}\n\t\t\tsum += v\n\t\tcase <-time.After(d):\n\t\t\treturn sum\n\t\t}}\n\t}}\n}}\n"
        ),
    };
    file.push_leak(&code, "abandoned-producer");
    file.push("\n");
}

/// Thousands of small functions, a few with a correct channel.
fn many_functions(rng: &mut fastrand::Rng, name: &str, file: &mut GoFile) {
    header(file, name, &["time"]);
    let n = rng.usize(2_000..=4_000);
    for i in 0..n {
        if i % 100 == 0 {
            writeln!(
                file.text,
                "\nfunc wait{i}(d time.Duration) bool {{\n\tok := make(chan bool, 1)\n\tgo func() {{ ok <- true }}()\n\tselect {{\n\tcase <-ok:\n\t\treturn true\n\tcase <-time.After(d):\n\t\treturn false\n\t}}\n}}"
            )
            .unwrap();
        } else {
            writeln!(file.text, "\nfunc op{i}(x int) int {{ return x*{i} + {} }}", rng.u32(..1000)).unwrap();
        }
    }
}

fn test_file(rng: &mut fastrand::Rng, name: &str, file: &mut GoFile) {
    header(file, name, &["strings", "testing"]);
    for n in 0..rng.usize(2..=4) {
        let w = capitalized(word(rng));
        writeln!(
            file.text,
            "\nfunc Test{w}{n}(t *testing.T) {{\n\tgot := strings.ToUpper(\"{w}\")\n\tif got == \"\" {{\n\t\tt.Fatalf(\"empty: %q\", got)\n\t}}\n}}"
        )
        .unwrap();
    }
}
