//! The registry of transforms. Each transform lives in its own folder under
//! `transforms/` — its tree-sitter query, its Rust logic, its documentation
//! (shown by `chanfix explain`) and its fixtures side by side — and is listed
//! once in [`RULES`]. Queries are compiled once per run, in [`Compiled`].

use crate::exits::Exits;
use crate::finding::Finding;
use crate::package::Package;
use tree_sitter::{Node, Query, QueryCursor, StreamingIterator, Tree};

#[path = "../transforms/abandoned_sender/rule.rs"]
pub mod abandoned_sender;

#[path = "../transforms/abandoned_producer/rule.rs"]
pub mod abandoned_producer;

#[path = "../transforms/unclosed_range/rule.rs"]
pub mod unclosed_range;

#[path = "../transforms/close_while_sending/rule.rs"]
pub mod close_while_sending;

#[path = "../transforms/double_send/rule.rs"]
pub mod double_send;

/// One transform.
pub struct Rule {
    pub id: &'static str,
    /// One line for `chanfix rules`.
    pub summary: &'static str,
    /// The transform's README, for `chanfix explain`.
    pub doc: &'static str,
    /// The tree-sitter query whose `@target` captures are handed to `check`.
    pub query: &'static str,
    /// Cheap text test: a file for which it is false cannot hold a finding.
    pub prefilter: fn(&str) -> bool,
    /// Examines one captured node and reports what it finds.
    pub check: fn(&Context, Node) -> Vec<Finding>,
}

/// What a rule sees of the file being checked.
pub struct Context<'a> {
    pub path: &'a str,
    pub source: &'a str,
    pub tree: &'a Tree,
    /// The calls of this file that end a goroutine or the process.
    pub exits: &'a Exits,
    /// The other files of the file's package, read when a rule asks.
    pub package: &'a Package,
}

pub const RULES: &[Rule] = &[
    abandoned_sender::RULE,
    abandoned_producer::RULE,
    unclosed_range::RULE,
    close_while_sending::RULE,
    double_send::RULE,
];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Every rule with its query compiled, shared read-only by all threads.
/// Rules whose queries are the same pattern (comments aside) share one
/// compiled query, run once per file: most rules start from the same
/// `make(chan ...)` calls, and matching is a large part of a check.
pub struct Compiled {
    groups: Vec<QueryGroup>,
}

struct QueryGroup {
    query: Query,
    target: u32,
    rules: Vec<&'static Rule>,
}

/// A query's pattern without its `;` comment lines, to tell equal queries.
fn pattern(query: &str) -> String {
    query.lines().filter(|l| !l.trim_start().starts_with(';')).collect::<Vec<_>>().join("\n")
}

impl Compiled {
    pub fn new() -> Self {
        Self::only(RULES)
    }

    /// Compiles just `rules` (fixture tests run one rule at a time).
    pub fn only(rules: &'static [Rule]) -> Self {
        let language = tree_sitter_go::LANGUAGE.into();
        let mut groups: Vec<(String, QueryGroup)> = Vec::new();
        for rule in rules {
            let key = pattern(rule.query);
            if let Some((_, group)) = groups.iter_mut().find(|(k, _)| *k == key) {
                group.rules.push(rule);
                continue;
            }
            let query = Query::new(&language, rule.query)
                .unwrap_or_else(|e| panic!("query of rule {} does not compile: {e}", rule.id));
            let target = query.capture_index_for_name("target").expect("query captures @target");
            groups.push((key, QueryGroup { query, target, rules: vec![rule] }));
        }
        Compiled { groups: groups.into_iter().map(|(_, g)| g).collect() }
    }

    /// Whether any rule's prefilter accepts `source`.
    pub fn may_match(&self, source: &str) -> bool {
        self.groups.iter().flat_map(|g| &g.rules).any(|rule| (rule.prefilter)(source))
    }

    /// Runs every rule whose prefilter accepts the file.
    pub fn check(&self, ctx: &Context) -> Vec<Finding> {
        let mut findings = Vec::new();
        for group in &self.groups {
            let active: Vec<&Rule> =
                group.rules.iter().copied().filter(|r| (r.prefilter)(ctx.source)).collect();
            if active.is_empty() {
                continue;
            }
            for target in group.targets(ctx, crate::mask::applies_to(self)) {
                for rule in &active {
                    findings.extend((rule.check)(ctx, target));
                }
            }
        }
        findings.sort_by_key(|f| (f.range.start, f.rule));
        findings
    }
}

impl QueryGroup {
    /// The `@target` captures of the query in the file, in the order of the
    /// matches. When every rule starts from a `make(chan ...)` call
    /// (`at_makes`), the query runs only around the words `make` of the
    /// text, not over the whole tree: matching visits every node it runs over.
    fn targets<'t>(&self, ctx: &Context<'t>, at_makes: bool) -> Vec<Node<'t>> {
        let mut cursor = QueryCursor::new();
        let root = ctx.tree.root_node();
        let mut targets: Vec<Node> = Vec::new();
        // A `make` inside another's arguments lies in both ranges: once only.
        let mut seen = std::collections::HashSet::new();
        let mut collect = |cursor: &mut QueryCursor, targets: &mut Vec<Node<'t>>| {
            let mut matches = cursor.matches(&self.query, root, ctx.source.as_bytes());
            while let Some(m) = matches.next() {
                for capture in m.captures.iter().filter(|c| c.index == self.target) {
                    if seen.insert(capture.node.id()) {
                        targets.push(capture.node);
                    }
                }
            }
        };
        if !at_makes {
            collect(&mut cursor, &mut targets);
            return targets;
        }
        for start in crate::prefilter::make_words(ctx.source) {
            cursor.set_byte_range(start..start + "make".len());
            collect(&mut cursor, &mut targets);
        }
        targets
    }
}

impl Default for Compiled {
    fn default() -> Self {
        Self::new()
    }
}
