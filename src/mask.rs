//! Parsing less: most functions of a file that makes a channel have nothing
//! to do with channels, and parsing them is most of a check's cost. The
//! bodies of its top-level functions that cannot matter are skipped: the
//! parser is given the rest of the text as its included ranges, so
//! tree-sitter never lexes the bodies (lexing a blanked body's spaces
//! costs about a third of parsing it) and sees an empty block there, while
//! every byte offset, line and column of the file stays what it was:
//! findings, edits and the rest of the pipeline read the original text and
//! need no offset mapping. ([`mask`] gives the same view as a text, the
//! skipped bytes blanked.)
//!
//! A body matters when its text may hold what a rule starts from or reads:
//! a channel (`chan`, `<-`, `close(`), a `go` statement, a `//chanfix:ignore`
//! directive, or an exiting call (a helper that always fails is a way out for
//! the functions that call it, see [`crate::exits`]); and so does, through
//! the call graph, the body of a function launched by name (`go worker(ch)`:
//! a named producer), the bodies of helpers that call an exiting helper, and
//! every body that mentions a kept function launched by name or with a
//! channel in its signature (a generator's callers, and the count of a
//! producer's uses that a fix relies on). Signatures, types, constants and
//! variables are never blanked. Searches are by words and may keep bodies
//! that hold the words only in comments or strings: a kept body is only
//! parsed for nothing. When the text is not what the small scanner below
//! understands (an unterminated string or comment, unbalanced brackets),
//! nothing is blanked.
//!
//! This holds while every rule starts from a `make(chan ...)` call, which
//! [`applies_to`] checks with the rules' own prefilters; a rule that does
//! not switches masking off.

use crate::go;
use crate::prefilter::{self, skip_space_and_comments};
use crate::rules::Compiled;
use memchr::memmem::Finder;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;
use tree_sitter::{Parser, Tree};

/// A text with everything a rule may look for except a channel made with
/// `make(chan ...)`: a rule whose prefilter accepts it may report on code
/// that masking would hide.
const WITHOUT_CHANNEL_MAKE: &str = "package p\nfunc f(c chan int) {\n\tgo f(c)\n\tc <- 1\n\t<-c\n\tclose(c)\n\tfor range c {}\n\tselect {}\n\t_ = make([]int, 1)\n}\n";

/// Whether masking keeps every finding of `rules`: each of them needs a
/// `make(chan ...)` in the file.
pub fn applies_to(rules: &Compiled) -> bool {
    !rules.may_match(WITHOUT_CHANNEL_MAKE)
}

/// A parsed file: the tree of the masked text, or of the whole text.
pub struct Parsed {
    pub tree: Tree,
    /// Whether some bodies were blanked before parsing.
    pub masked: bool,
}

/// Parses `source` for `rules`, masked when that keeps their findings. A
/// masked text that does not parse cleanly is parsed whole instead: how
/// tree-sitter recovers from an error must not depend on the masking.
pub fn parse(rules: &Compiled, parser: &mut Parser, source: &str) -> Option<Parsed> {
    if let Some(skipped) = applies_to(rules).then(|| skipped_bodies(source)).flatten() {
        let tree = parse_skipping(parser, source, &skipped)?;
        if !tree.root_node().has_error() {
            return Some(Parsed { tree, masked: true });
        }
    }
    Some(Parsed { tree: go::parse(parser, source)?, masked: false })
}

/// The tree of `source` parsed as if the byte ranges of `skipped` (sorted,
/// apart) were blank: they are left out of the parser's included ranges.
pub fn parse_skipping(parser: &mut Parser, source: &str, skipped: &[Range<usize>]) -> Option<Tree> {
    if skipped.is_empty() {
        return go::parse(parser, source);
    }
    let included = included_ranges(source, skipped);
    let tree = match parser.set_included_ranges(&included) {
        Ok(()) => go::parse(parser, source),
        Err(_) => None,
    };
    parser.set_included_ranges(&[]).expect("the whole text is a valid range");
    tree
}

/// The ranges of `0..len` between the sorted, disjoint `ranges`.
pub fn gaps(len: usize, ranges: &[Range<usize>]) -> impl Iterator<Item = Range<usize>> + '_ {
    let starts = std::iter::once(0).chain(ranges.iter().map(|r| r.end));
    let ends = ranges.iter().map(|r| r.start).chain(std::iter::once(len));
    starts.zip(ends).filter(|(a, b)| a < b).map(|(a, b)| a..b)
}

/// The ranges between the `skipped` ones, with their points (rows count
/// line feeds, columns bytes, as tree-sitter's do).
fn included_ranges(source: &str, skipped: &[Range<usize>]) -> Vec<tree_sitter::Range> {
    let mut rows = RowCounter::default();
    gaps(source.len(), skipped)
        .map(|r| {
            let start_point = rows.point(source, r.start);
            let end_point = rows.point(source, r.end);
            tree_sitter::Range { start_byte: r.start, end_byte: r.end, start_point, end_point }
        })
        .collect()
}

/// Rows and columns of increasing byte offsets, counted once.
#[derive(Default)]
struct RowCounter {
    at: usize,
    row: usize,
    line_start: usize,
}

impl RowCounter {
    fn point(&mut self, source: &str, offset: usize) -> tree_sitter::Point {
        for nl in memchr::memchr_iter(b'\n', &source.as_bytes()[self.at..offset]) {
            self.row += 1;
            self.line_start = self.at + nl + 1;
        }
        self.at = offset;
        tree_sitter::Point { row: self.row, column: offset - self.line_start }
    }
}

/// Words whose presence in a body keeps it (see the module documentation).
static KEEP: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| {
    let words: [&'static str; 4] = ["chan", "<-", "close(", "chanfix:ignore"];
    words.into_iter().map(Finder::new).collect()
});

/// Names of the calls [`crate::exits`] knows to end a goroutine or the
/// process: a function whose last statement holds one may be a helper that
/// always exits.
static EXITING: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| {
    let words: [&'static str; 6] = ["panic", "Exit", "Goexit", "Fatal", "FailNow", "Skip"];
    words.into_iter().map(Finder::new).collect()
});

/// `source` with the bodies that cannot matter blanked, or `None` when
/// nothing is blanked (all bodies matter, or the scanner gave up).
pub fn mask(source: &str) -> Option<String> {
    blanked(source, skipped_bodies(source)?)
}

/// The bodies [`parse`] skips, in order; `None` when none is (all bodies
/// matter, or the scanner gave up).
pub fn skipped_bodies(source: &str) -> Option<Vec<Range<usize>>> {
    let functions = top_level_functions(source.as_bytes())?;
    Some(bodies_to_blank(source, &functions)).filter(|b| !b.is_empty())
}

/// The bodies of top-level functions whose text `keep` refuses (none when
/// the scanner gives up).
pub fn bodies_not_kept(source: &str, keep: impl Fn(&str) -> bool) -> Vec<Range<usize>> {
    let functions = top_level_functions(source.as_bytes()).unwrap_or_default();
    functions.into_iter().map(|f| f.body).filter(|b| !keep(&source[b.clone()])).collect()
}

/// `source` with the bytes of `ranges` blanked; `None` when there are none.
fn blanked(source: &str, ranges: impl IntoIterator<Item = Range<usize>>) -> Option<String> {
    let mut ranges = ranges.into_iter().peekable();
    ranges.peek()?;
    let mut bytes = source.as_bytes().to_vec();
    for range in ranges {
        for b in &mut bytes[range] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Every byte replaced was part of a sequence now made of ASCII spaces.
    Some(String::from_utf8(bytes).expect("blanking keeps the text UTF-8"))
}

/// A top-level function or method declaration whose body the scanner found.
#[derive(Debug)]
struct Function<'s> {
    /// The function's (or method's) name; `None` when not read (kept then).
    name: Option<&'s str>,
    /// From `func` to the body's `{`.
    signature: Range<usize>,
    /// Between the body's braces.
    body: Range<usize>,
    /// From the start of the body's last line that begins at the body's
    /// own level (not inside brackets, strings or comments) to its end: it
    /// holds the name of the call if the last statement is one.
    tail: Range<usize>,
}

/// What the call graph of the file keeps, by function index.
struct Graph<'a, 's> {
    source: &'s str,
    functions: &'a [Function<'s>],
    by_name: HashMap<&'s str, Vec<usize>>,
    /// The first bytes and the lengths (below 64) of the names in
    /// `by_name`: most words are none of them, and are told so without hashing.
    first_bytes: [bool; 256],
    lengths: u64,
    /// For each function, the functions whose bodies mention its name.
    mentioned_by: Vec<Vec<usize>>,
    kept: Vec<bool>,
    launched: Vec<bool>,
}

/// The body ranges to blank.
fn bodies_to_blank(source: &str, functions: &[Function]) -> Vec<Range<usize>> {
    let mut graph = Graph::new(source, functions);
    // Text outside the bodies launches functions too (`var _ = func() { go f() }`).
    let mut outside = Vec::new();
    let mut at = 0;
    for f in functions {
        outside.push(at..f.body.start);
        at = f.body.end;
    }
    outside.push(at..source.len());
    let mut work: Vec<usize> = outside.into_iter().flat_map(|range| graph.launch_from(range)).collect();
    let exiting = graph.exiting();
    for (i, f) in functions.iter().enumerate() {
        let body = source[f.body.clone()].as_bytes();
        let keep = f.name.is_none()
            || exiting[i]
            || KEEP.iter().any(|w| w.find(body).is_some())
            || prefilter::launches_goroutine(&source[f.body.clone()]);
        if keep && !graph.kept[i] {
            graph.kept[i] = true;
            work.push(i);
        }
    }
    while let Some(i) = work.pop() {
        graph.spread(i, &mut work);
    }
    functions.iter().zip(&graph.kept).filter(|(_, kept)| !**kept).map(|(f, _)| f.body.clone()).collect()
}

impl<'a, 's> Graph<'a, 's> {
    fn new(source: &'s str, functions: &'a [Function<'s>]) -> Self {
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, f) in functions.iter().enumerate() {
            if let Some(name) = f.name {
                by_name.entry(name).or_default().push(i);
            }
        }
        let n = functions.len();
        let mut first_bytes = [false; 256];
        let mut lengths = 0u64;
        for name in by_name.keys() {
            first_bytes[name.as_bytes()[0] as usize] = true;
            lengths |= 1u64.checked_shl(name.len() as u32).unwrap_or(1);
        }
        let mut graph = Graph {
            source,
            functions,
            by_name,
            first_bytes,
            lengths,
            mentioned_by: vec![Vec::new(); n],
            kept: vec![false; n],
            launched: vec![false; n],
        };
        for (i, f) in functions.iter().enumerate() {
            for g in graph.named_in(&source.as_bytes()[f.body.clone()]) {
                graph.mentioned_by[g].push(i);
            }
        }
        graph
    }

    /// The functions whose names are words of `bytes`, each once.
    fn named_in(&self, bytes: &[u8]) -> Vec<usize> {
        let mut named: Vec<usize> = Vec::new();
        for word in identifiers(bytes) {
            let length = 1u64.checked_shl(word.len() as u32).unwrap_or(1);
            if !self.first_bytes[word[0] as usize] || self.lengths & length == 0 {
                continue;
            }
            let word = std::str::from_utf8(word).unwrap_or_default();
            for &g in self.by_name.get(word).into_iter().flatten() {
                if !named.contains(&g) {
                    named.push(g);
                }
            }
        }
        named
    }

    /// Functions whose bodies may end in an exiting call: an exiting word,
    /// or a mention of another such function.
    fn exiting(&self) -> Vec<bool> {
        let mut exiting = vec![false; self.functions.len()];
        let mut work: Vec<usize> = Vec::new();
        let mut ended_by: Vec<Vec<usize>> = vec![Vec::new(); self.functions.len()];
        for (i, f) in self.functions.iter().enumerate() {
            let tail = &self.source.as_bytes()[f.tail.clone()];
            if EXITING.iter().any(|w| w.find(tail).is_some()) {
                exiting[i] = true;
                work.push(i);
            }
            for g in self.named_in(tail) {
                ended_by[g].push(i);
            }
        }
        while let Some(g) = work.pop() {
            for &f in &ended_by[g] {
                if !exiting[f] {
                    exiting[f] = true;
                    work.push(f);
                }
            }
        }
        exiting
    }

    /// Marks the functions launched by name in `range` (`go name(`) as
    /// kept and launched; returns those newly kept.
    fn launch_from(&mut self, range: Range<usize>) -> Vec<usize> {
        let mut newly = Vec::new();
        for name in launched_names(&self.source.as_bytes()[range]) {
            let name = std::str::from_utf8(name).unwrap_or_default();
            for &g in self.by_name.get(name).into_iter().flatten() {
                self.launched[g] = true;
                if !self.kept[g] {
                    self.kept[g] = true;
                    newly.push(g);
                }
            }
        }
        newly
    }

    /// What keeping function `i` keeps in turn: the functions it launches
    /// and, when it has a channel in its signature or is launched, the
    /// functions that mention it.
    fn spread(&mut self, i: usize, work: &mut Vec<usize>) {
        work.extend(self.launch_from(self.functions[i].body.clone()));
        let signature = &self.source[self.functions[i].signature.clone()];
        if self.launched[i] || signature.contains("chan") {
            for k in 0..self.mentioned_by[i].len() {
                let f = self.mentioned_by[i][k];
                if !self.kept[f] {
                    self.kept[f] = true;
                    work.push(f);
                }
            }
        }
    }
}

/// The identifiers (and keywords) of `bytes`, strings and comments included.
fn identifiers(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !is_word_byte(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        (i > start).then(|| &bytes[start..i])
    })
}

static GO: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("go"));

/// The names after the word `go` (and any comments) and before a `(`:
/// functions launched by name.
fn launched_names(bytes: &[u8]) -> Vec<&[u8]> {
    let mut names = Vec::new();
    for start in GO.find_iter(bytes) {
        let end = start + 2;
        if (start > 0 && is_word_byte(bytes[start - 1])) || bytes.get(end).is_some_and(|b| is_word_byte(*b)) {
            continue;
        }
        let rest = skip_space_and_comments(&bytes[end..]);
        let name_len = rest.iter().take_while(|b| is_word_byte(**b)).count();
        if name_len > 0 && skip_space_and_comments(&rest[name_len..]).first() == Some(&b'(') {
            names.push(&rest[..name_len]);
        }
    }
    names
}

fn skip_space(bytes: &[u8]) -> &[u8] {
    let blank = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[blank..]
}

/// Bytes of Go identifiers (any non-ASCII byte may belong to a Unicode letter).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The top-level functions of a gofmt-shaped file whose body closes with a
/// `}` alone at the start of its line (one-line functions are left whole).
/// Comments, strings, raw strings and runes are skipped; `None` when one is
/// unterminated or the brackets do not balance.
fn top_level_functions(bytes: &[u8]) -> Option<Vec<Function<'_>>> {
    let mut functions = Vec::new();
    let mut stack: Vec<u8> = Vec::new();
    // The current top-level `func` and the `{` that may open its body.
    let mut func: Option<usize> = None;
    let mut open: Option<usize> = None;
    let mut last_line = 0;
    let mut i = 0;
    let mut line_start = true;
    loop {
        if line_start {
            line_start = false;
            if stack.is_empty() && bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
                func = starts_func(&bytes[i..]).then_some(i);
                open = None;
            }
            i += bytes[i..].iter().take_while(|b| b.is_ascii_whitespace() && **b != b'\n').count();
            if stack.len() == 1 && open.is_some() && bytes.get(i).is_some_and(|b| !matches!(b, b'}' | b'\n'))
            {
                last_line = i;
            }
        }
        i += bytes[i..].iter().take_while(|b| !SYNTAX[**b as usize]).count();
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'\n' => line_start = true,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2 + memchr::memmem::find(&bytes[i + 2..], b"*/")? + 2;
                continue;
            }
            b'"' | b'\'' => {
                i = quoted_end(bytes, i)?;
                continue;
            }
            b'`' => {
                i += 1 + memchr::memchr(b'`', &bytes[i + 1..])? + 1;
                continue;
            }
            b'(' | b'[' => stack.push(b),
            b'{' => {
                if stack.is_empty() && func.is_some() {
                    open = Some(i);
                }
                stack.push(b);
            }
            b')' | b']' | b'}' => {
                let opener = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if stack.pop() != Some(opener) {
                    return None;
                }
                let alone = i > 0 && bytes[i - 1] == b'\n';
                if let (true, b'}', Some(start), Some(body_open)) = (stack.is_empty(), b, func, open)
                    && alone
                    && matches!(&bytes[i + 1..], [] | [b'\n', ..] | [b'\r', b'\n', ..])
                {
                    functions.push(Function {
                        name: function_name(&bytes[start..body_open]),
                        signature: start..body_open,
                        body: body_open + 1..i,
                        tail: last_line.max(body_open + 1)..i,
                    });
                    func = None;
                    open = None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.is_empty().then_some(functions)
}

/// The bytes [`top_level_functions`] stops at; it skips all others at once.
static SYNTAX: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\n/\"'`()[]{}";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether a line starts a function declaration.
fn starts_func(line: &[u8]) -> bool {
    line.starts_with(b"func") && matches!(line.get(4), Some(b' ' | b'\t' | b'('))
}

/// The end (one past the closing quote) of the string or rune opening at
/// `at`; `None` when a line ends first.
fn quoted_end(bytes: &[u8], at: usize) -> Option<usize> {
    let quote = bytes[at];
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return None,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The name in `func name(` or `func (r T) name(`; `None` when the
/// signature is not that simple (a comment in it, say).
fn function_name(signature: &[u8]) -> Option<&str> {
    let mut rest = skip_space(&signature[4..]);
    if rest.first() == Some(&b'(') {
        let close = rest.iter().position(|b| *b == b')')?;
        if rest[..close].contains(&b'/') {
            return None;
        }
        rest = skip_space(&rest[close + 1..]);
    }
    let len = rest.iter().take_while(|b| is_word_byte(**b)).count();
    let name = std::str::from_utf8(&rest[..len]).ok()?;
    (len > 0).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(source: &str) -> Vec<&str> {
        let masked = mask(source).unwrap_or_else(|| source.to_string());
        assert_eq!(masked.len(), source.len());
        for (a, b) in source.bytes().zip(masked.bytes()) {
            assert!(a == b || b == b' ', "only blanks replace bytes");
            assert!(!matches!(a, b'\n' | b'\r') || a == b, "line breaks stay");
        }
        top_level_functions(source.as_bytes())
            .unwrap()
            .into_iter()
            .filter(|f| masked[f.body.clone()].trim().is_empty() && !source[f.body.clone()].trim().is_empty())
            .map(|f| f.name.unwrap())
            .collect()
    }

    #[test]
    fn bodies_without_channels_are_blanked() {
        let source = "package p\n\nfunc a() {\n\tx := 1\n\t_ = x\n}\n\nfunc b() {\n\tc := make(chan int)\n\tgo func() { c <- 1 }()\n}\n\nfunc (s *S) m() {\n\ts.n++ // é\n}\n";
        assert_eq!(blanked(source), ["a", "m"]);
    }

    #[test]
    fn launched_functions_their_callers_and_exiting_helpers_stay() {
        let source = "package p\n\nfunc produce(out Pipe) {\n\tout.Send()\n}\n\nfunc other() {\n\tproduce(nil)\n}\n\nfunc fail(t T) {\n\tt.Fatal(1)\n}\n\nfunc failTwice(t T) {\n\tfail(t)\n}\n\nfunc failFirst(t T) {\n\tfail(t)\n\tx()\n}\n\nfunc gen() chan int {\n\tc := make(chan int)\n\treturn c\n}\n\nfunc caller() {\n\tfor range gen() {\n\t}\n}\n\nfunc notGen() chan int {\n\treturn nil\n}\n\nfunc notCaller() {\n\tfor range notGen() {\n\t}\n}\n\nfunc alone() {\n\tx()\n}\n\nfunc main() {\n\tc := make(chan int)\n\tgo produce(c)\n}\n";
        assert_eq!(blanked(source), ["failFirst", "notGen", "notCaller", "alone"]);
    }

    #[test]
    fn braces_in_strings_comments_and_types_do_not_confuse_the_scanner() {
        let source = "package p\n\nfunc a() struct{ x int } {\n\ts := \"}\\\"\"\n\tr := '}'\n\t_ = `\n}\n`\n\t// }\n\t/* } */\n\treturn struct{ x int }{}\n}\n\nfunc b() { return }\n\nfunc c(\n\tx int,\n) {\n\t_ = x\n}\n";
        assert_eq!(blanked(source), ["a", "c"]);
    }

    #[test]
    fn what_the_scanner_does_not_understand_is_left_whole() {
        assert_eq!(mask("package p\nfunc a() {\n\ts := \"x\n}\n"), None);
        assert_eq!(mask("package p\nfunc a() {\n\t/* x\n}\n"), None);
        assert_eq!(mask("package p\nfunc a() {\n\tx(]\n}\n"), None);
    }

    #[test]
    fn directives_keep_their_body() {
        assert_eq!(blanked("package p\nfunc a() {\n\tx() //chanfix:ignore\n}\n"), Vec::<&str>::new());
    }

    #[test]
    fn a_comment_between_go_and_the_name_is_skipped() {
        let source =
            "package p\nfunc a() {\n\tgo /* c */ f()\n}\nfunc f() {\n\tx()\n}\nfunc g() {\n\tx()\n}\n";
        assert_eq!(blanked(source), ["g"]);
    }

    #[test]
    fn skipping_bodies_parses_what_blanking_them_would() {
        let source = "package p\n\nvar v = 1\n\nfunc a() {\n\tc := make(chan int)\n\t_ = c\n}\n\n// é\nfunc (s *S) b() int {\n\treturn 1\n}\n\nfunc c() {}\n";
        let bodies = bodies_not_kept(source, |b| b.contains("chan"));
        assert_eq!(bodies.len(), 1, "b's body (c's is empty)");
        let blank = super::blanked(source, bodies.clone()).unwrap();
        let mut parser = go::new_parser();
        let skipped = parse_skipping(&mut parser, source, &bodies).unwrap();
        let whole = go::parse(&mut parser, &blank).unwrap();
        assert_eq!(skipped.root_node().to_sexp(), whole.root_node().to_sexp());
        let method = |t: &Tree| {
            let m =
                go::children(t.root_node()).into_iter().find(|n| n.kind() == "method_declaration").unwrap();
            (m.start_position(), m.end_position())
        };
        assert_eq!(method(&skipped), method(&whole));
        // The parser is left as it was: the next text is parsed whole.
        let next = go::parse(&mut parser, source).unwrap();
        assert!(go::descendants(next.root_node()).iter().any(|n| n.kind() == "return_statement"));
    }

    #[test]
    fn the_rules_start_from_channel_makes() {
        assert!(applies_to(&Compiled::new()));
    }
}
