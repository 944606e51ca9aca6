//! `abandoned-producer` for a channel kept in a struct field, the shape of
//! long-lived services: the channel is made in a constructor
//! (`&T{ch: make(chan X)}` or `t.ch = make(chan X)`), a goroutine of one
//! method sends on `t.ch` in a loop, and another method receives from it in
//! a `for`/`select` loop that it can leave on `ctx.Done()`, a stop field or
//! a timer. Once the consumer has left, the producer's next send beyond the
//! capacity blocks forever.
//!
//! All instances of the type are one identity, so every mention of the
//! field in the package must be known and harmless: the field is
//! unexported, no other struct of the package has a field of that name, it
//! is made at exactly one site, and every other mention is a send, a
//! receive, a `range`, `close`, `len`/`cap` or a nil check. A mention that
//! hands the channel anywhere else (returned, passed, assigned, stored) is
//! an escape: no finding. Every send must run in a goroutine: a launched
//! function literal, or an unexported function or method that is only ever
//! started with `go`. Every receive must sit in one loop of one function,
//! which nothing else drains.
//!
//! The fix reuses the signal the consumer leaves on, when the producer can
//! see it on the same object: a channel field of the struct that the
//! package only ever closes (never sends on), or a context field
//! (`s.ctx.Done()`). Each send then becomes `select { case <-s.done:
//! return; case s.ch <- v: }`. A consumer leaving on a signal the producer
//! cannot see (its own `ctx` parameter, a timer, a condition) is reported
//! with the reason.

use super::Producer;
use crate::finding::{Edit, Finding, Fix, line_col};
use crate::flow::ALL;
use crate::go::{self, children, text};
use crate::loops;
use crate::mask;
use crate::package::receiver_type;
use crate::rules::Context;
use std::collections::HashSet;
use tree_sitter::{Node, Tree};

/// One Go file of the package, as the analysis reads it.
#[derive(Clone, Copy)]
struct File<'t> {
    source: &'t str,
    root: Node<'t>,
    /// The file being checked (edits can only go there).
    checked: bool,
}

/// What a mention of the field does with the channel.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Send,
    Receive,
    Range,
    Close,
    Inspect,
    Make,
    Escape,
}

/// One mention of the field: `x.f` (or the key `f:` of a literal).
#[derive(Clone, Copy)]
struct Site<'t> {
    file: File<'t>,
    kind: Kind,
    /// The selector (or keyed element).
    mention: Node<'t>,
    /// The statement or expression that uses it (send, `<-`, `for`, call).
    node: Node<'t>,
}

/// The field a `make(chan ...)` call initialises.
struct FieldMake<'t> {
    type_name: String,
    field: &'t str,
    /// The node naming the field at the make site.
    at: Node<'t>,
}

pub(super) fn check(ctx: &Context, make_call: Node) -> Option<Finding> {
    let made = field_make(ctx.source, make_call)?;
    let field = made.field;
    if field.chars().next().is_some_and(char::is_uppercase) {
        return None; // exported: other packages may touch it
    }
    if refused_by_this_file(ctx, &made) {
        return None;
    }
    let siblings = sibling_trees(ctx, field)?;
    let files = package_files(ctx, &siblings);
    let shared = declarers(&files, &made)?;
    let mut sites = mentions(&files, field);
    if shared {
        // Another struct type has a field of this name: keep the mentions
        // whose object is known to be ours, drop those known to be another
        // type's, and give up on any whose type is not known.
        let mut kept = Vec::new();
        for site in sites {
            match site_type(site) {
                Some(ty) if ty == made.type_name => kept.push(site),
                Some(_) => {}
                None => return None,
            }
        }
        sites = kept;
    }
    let mut sends = Vec::new();
    let mut receives = Vec::new();
    for site in &sites {
        match site.kind {
            Kind::Make if site.mention.id() == made.at.id() => {}
            Kind::Send => sends.push(*site),
            Kind::Receive | Kind::Range => receives.push(*site),
            Kind::Inspect | Kind::Close => {}
            Kind::Make | Kind::Escape => return None,
        }
    }
    if sends.is_empty() || receives.is_empty() {
        return None;
    }
    let producers = producers(ctx, &files, &sends)?;
    let consumer = consumer(&receives)?;
    if producers.iter().any(|(_, p)| {
        go::contains(p.function, consumer.function) || p.function.id() == consumer.function.id()
    }) {
        return None;
    }
    let total = producers.iter().fold(0u64, |a, (_, p)| a.saturating_add(p.count)).min(ALL);
    // Single sends are followed only when the constructor that makes the
    // channel launches each sender once: then each channel gets that many.
    let single = producers.iter().all(|(_, p)| p.count == 1);
    if (!single && producers.iter().all(|(_, p)| p.count < 2))
        || (single && !launched_with_make(ctx, make_call, &producers))
    {
        return None;
    }
    let capacity = match make_call.child_by_field_name("arguments").map(children).unwrap_or_default().get(1) {
        None => 0,
        Some(c) if c.kind() == "int_literal" => text(*c, ctx.source).replace('_', "").parse().ok()?,
        // A computed capacity (a constant, a size) is exceeded only by a
        // producer that never stops sending.
        Some(_) if total >= ALL => total - 1,
        Some(_) => return None,
    };
    if total <= capacity {
        return None;
    }
    let leave = consumer.leaves.first()?;
    if paced_by_consumer(&producers, &consumer) {
        return None;
    }
    let owner = consumer.function_name();
    let (line, _) = line_col(consumer.file.source, leave.at.start_byte());
    let place = if consumer.file.checked {
        format!("line {line}")
    } else {
        format!("{}:{line}", file_name(ctx, consumer.file))
    };
    let on = leave.signal.map(|s| format!(" on <-{}", text(s, consumer.file.source))).unwrap_or_default();
    let shown = format!("{}.{field}", made.type_name);
    let message = format!(
        "producer goroutine can block forever sending on {shown}: the consumer {owner} may leave by `{}` at {place}{on} before {shown} is drained",
        leave.keyword
    );
    let range = make_call.byte_range();
    let planned = if single {
        capacity_fix(make_call, &producers, total)
    } else {
        plan_fix(ctx, &files, &producers, &consumer, &shown)
    };
    match planned {
        Ok(fix) => Some(Finding::fixed(super::RULE.id, range, message, fix)),
        Err(reason) => {
            Some(Finding::unfixed(super::RULE.id, range, message, format!("{reason}; {}", super::WARNING)))
        }
    }
}

/// What the checked file alone shows to end the analysis, before any other
/// file of the package is read and parsed (the answer cannot change with
/// them): a mention of the field that escapes, or makes another channel,
/// unless it is known to be another struct type's; a send outside any
/// goroutine we can follow (in a function literal that no `go` statement
/// launches, or an exported function or method); a send in a named
/// function or method that is not used exactly once in the package.
fn refused_by_this_file(ctx: &Context, made: &FieldMake) -> bool {
    let here = File { source: ctx.source, root: ctx.tree.root_node(), checked: true };
    let mut sends = Vec::new();
    for site in mentions(&[here], made.field) {
        match site.kind {
            Kind::Make if site.mention.id() == made.at.id() => {}
            Kind::Make | Kind::Escape => match site_type(site) {
                Some(ty) if ty != made.type_name => {} // dropped if another type declares the field
                _ => return true,
            },
            Kind::Send => sends.push(site.node),
            _ => {}
        }
    }
    sends.into_iter().any(|send| match go::enclosing_function(send) {
        None => true,
        Some(f) if f.kind() == "func_literal" => {
            let call = f.parent().filter(|c| c.kind() == "call_expression");
            call.and_then(|c| c.parent()).is_none_or(|g| g.kind() != "go_statement")
        }
        Some(f) => f.child_by_field_name("name").is_none_or(|name| {
            let name = text(name, ctx.source);
            let method = f.kind() == "method_declaration";
            name.starts_with(char::is_uppercase) || uses_in_package(ctx, name, method) != 1
        }),
    })
}

/// The uses of a function's (or, after a dot, a method's) name in the
/// files of the package, its declaration and `//` comment lines left out:
/// the text of a string or a block comment counts (one use too many only
/// makes the analysis give up).
fn uses_in_package(ctx: &Context, name: &str, method: bool) -> usize {
    let texts =
        std::iter::once(ctx.source).chain(ctx.package.siblings().into_iter().map(|f| f.text.as_str()));
    texts.map(|t| name_uses(t, name, method).count()).sum::<usize>().saturating_sub(1)
}

/// Where `name` is used in `source` (a method's after a dot), outside `//`
/// comment lines; a declaration counts as a use.
fn name_uses<'s>(source: &'s str, name: &'s str, method: bool) -> impl Iterator<Item = usize> + 's {
    let comment_line =
        move |at: usize| source[..at].rsplit('\n').next().is_some_and(|l| l.trim_start().starts_with("//"));
    crate::package::word_positions(source, name)
        .filter(move |&at| !method || source[..at].ends_with('.') || declares(source, at))
        .filter(move |&at| !comment_line(at))
}

/// Whether the name at `at` follows `func` or a method's receiver: `func
/// name` or `func (r T) name`.
fn declares(source: &str, at: usize) -> bool {
    let before = source[..at].trim_end();
    before.ends_with("func")
        || (before.ends_with(')')
            && source[..at].rsplit('\n').next().is_some_and(|l| l.starts_with("func (")))
}

/// `&T{f: make(chan X)}`, `T{f: make(...)}` or `x.f = make(...)` where `x`
/// is the receiver of a method of `T` or a local made by `&T{...}`.
fn field_make<'t>(source: &'t str, make_call: Node<'t>) -> Option<FieldMake<'t>> {
    let parent = make_call.parent()?;
    if parent.kind() == "literal_element" {
        let keyed = parent.parent().filter(|k| k.kind() == "keyed_element")?;
        let key = keyed.child_by_field_name("key")?;
        let field = children(key).into_iter().next().filter(|k| k.kind() == "identifier")?;
        let literal = keyed.parent()?.parent().filter(|l| l.kind() == "composite_literal")?;
        let ty = literal.child_by_field_name("type").filter(|t| t.kind() == "type_identifier")?;
        return Some(FieldMake {
            type_name: text(ty, source).to_string(),
            field: text(field, source),
            at: keyed,
        });
    }
    let list = parent.kind().eq("expression_list").then_some(parent)?;
    let assign = list.parent().filter(|a| a.kind() == "assignment_statement")?;
    let index = children(list).iter().position(|n| n.id() == make_call.id())?;
    let left = children(assign.child_by_field_name("left")?);
    let selector = left.get(index).filter(|s| s.kind() == "selector_expression")?;
    let object = selector.child_by_field_name("operand").filter(|o| o.kind() == "identifier")?;
    let field = selector.child_by_field_name("field")?;
    let type_name = object_type(source, *selector, text(object, source))?;
    Some(FieldMake { type_name, field: text(field, source), at: *selector })
}

/// The struct type of `object` where `at` uses it: the receiver of the
/// enclosing method, or a local declared as `object := &T{...}`.
fn object_type(source: &str, at: Node, object: &str) -> Option<String> {
    let function = go::top_function(at)?;
    let declared =
        go::identifiers(function, source, object).into_iter().filter(|i| go::declares(*i, source)).count();
    if declared > 1 {
        return None; // declared again somewhere: which one `at` sees is not worked out
    }
    if function.kind() == "method_declaration" {
        let receiver = function.child_by_field_name("receiver")?;
        let names = go::identifiers(receiver, source, object);
        if !names.is_empty() {
            return receiver_type(function, source);
        }
    }
    go::identifiers(function, source, object).into_iter().find_map(|ident| {
        let list = ident.parent().filter(|l| l.kind() == "expression_list")?;
        let decl = list.parent().filter(|d| d.kind() == "short_var_declaration")?;
        let [value] = children(decl.child_by_field_name("right")?)[..] else { return None };
        let literal =
            if value.kind() == "unary_expression" { value.child_by_field_name("operand")? } else { value };
        let ty = literal
            .child_by_field_name("type")
            .filter(|t| literal.kind() == "composite_literal" && t.kind() == "type_identifier")?;
        Some(text(ty, source).to_string())
    })
}

/// The other files of the package that may hold a mention of the field
/// or another struct type's field of that name ([`relevant`]), each with
/// its tree, parsed without the bodies that neither mention the field
/// (`.f` or `f:`) nor close or receive anything (offsets unchanged; a
/// mention hidden that way counts as an escape, see [`unseen_mentions`]).
/// `None` when the field is not followed: the make's file does not send on
/// it, nothing in the package receives from it, or the other files cannot
/// be known (standard input) or parsed.
fn sibling_trees<'t>(ctx: &Context<'t>, field: &str) -> Option<Vec<(&'t str, Tree)>> {
    // The producer must be in this file for any fix; a field sent on only
    // in other files is not followed (and the other files stay unread).
    if !sends_on(ctx.source, field) || !ctx.package.knows_siblings() {
        return None;
    }
    let siblings = ctx.package.siblings();
    let texts = || std::iter::once(ctx.source).chain(siblings.iter().map(|f| f.text.as_str()));
    if !texts().any(|t| receives_from(t, field)) {
        return None;
    }
    let mentions = |t: &str| selects(t, field) || t.contains(&format!("{field}:"));
    // Bodies with channel operations stay too: a stop field's closes.
    let keep = |t: &str| mentions(t) || t.contains("close(") || t.contains("<-");
    let mut parser = go::new_parser();
    let mut trees = Vec::new();
    for sibling in siblings {
        let bodies = mask::bodies_not_kept(&sibling.text, |_| false);
        if !relevant(&sibling.text, &bodies, field, mentions) {
            continue;
        }
        let skipped: Vec<_> = bodies.into_iter().filter(|b| !keep(&sibling.text[b.clone()])).collect();
        let tree = mask::parse_skipping(&mut parser, &sibling.text, &skipped)?;
        trees.push((sibling.text.as_str(), tree));
    }
    Some(trees)
}

/// Whether a file with these function `bodies` may matter to the field:
/// it selects it or names it as a key (`mentions`), or names it outside
/// its functions' bodies (a struct type declaring a field of that name).
/// A file that names it only inside bodies, and never after a dot or
/// before a colon, only has locals of that name.
fn relevant(
    text: &str,
    bodies: &[std::ops::Range<usize>],
    field: &str,
    mentions: impl Fn(&str) -> bool,
) -> bool {
    mentions(text) || mask::gaps(text.len(), bodies).any(|r| crate::package::mentions_word(&text[r], field))
}

/// The checked file and the other files of the package that mention the field.
fn package_files<'a>(ctx: &Context<'a>, siblings: &'a [(&'a str, Tree)]) -> Vec<File<'a>> {
    let mut files = vec![File { source: ctx.source, root: ctx.tree.root_node(), checked: true }];
    files.extend(siblings.iter().map(|(source, tree)| File {
        source,
        root: tree.root_node(),
        checked: false,
    }));
    files
}

/// Whether `text` selects the field: `.f` not followed by more of a name.
fn selects(text: &str, field: &str) -> bool {
    selections(text, field).next().is_some()
}

/// Where `text` selects `name`: the dot of each `.name` not followed by
/// more of a name.
fn selections<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    crate::package::word_positions(text, name).filter(|&at| text[..at].ends_with('.')).map(|at| at - 1)
}

/// Whether a node found at an offset is a comment or string, or inside one.
fn quoted(node: Node) -> bool {
    let literal =
        |n: Node| matches!(n.kind(), "comment" | "interpreted_string_literal" | "raw_string_literal");
    literal(node) || node.parent().is_some_and(literal)
}

/// Whether `text` may send on a field `f`: `.f <-`.
fn sends_on(text: &str, field: &str) -> bool {
    text.contains(&format!(".{field} <-"))
}

/// Whether `text` may receive from a field `f`: `<-x.f` or `range x.f`.
fn receives_from(text: &str, field: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    selections(text, field).any(|at| {
        let before = text[..at].trim_end_matches(|c: char| is_ident(c) || c == '.');
        before.ends_with("<-") || before.ends_with("range ")
    })
}

/// Whether the type made at the make site declares the field as a
/// channel: `Some(false)` when no other struct type of the package has a
/// field of that name, `Some(true)` when another one does.
fn declarers(files: &[File], made: &FieldMake) -> Option<bool> {
    let mut ours = false;
    let mut others = false;
    for file in files {
        for node in nodes_mentioning(*file, made.field) {
            if node.kind() != "field_declaration" {
                continue;
            }
            let mut cursor = node.walk();
            let names: Vec<Node> = node.children_by_field_name("name", &mut cursor).collect();
            if !names.iter().any(|n| text(*n, file.source) == made.field) {
                continue;
            }
            let owner = go::enclosing(node, &["type_spec"])
                .and_then(|spec| spec.child_by_field_name("name"))
                .map(|n| text(n, file.source));
            let is_chan = node.child_by_field_name("type").is_some_and(|t| t.kind() == "channel_type");
            match owner {
                Some(o) if o == made.type_name && is_chan && !ours => ours = true,
                _ => others = true,
            }
        }
    }
    ours.then_some(others)
}

/// The struct type whose field a mention uses, when the code shows it: a
/// literal's type, the receiver of the enclosing method, or a local made
/// by `x := &T{...}`.
fn site_type(site: Site) -> Option<String> {
    let source = site.file.source;
    if site.mention.kind() == "keyed_element" {
        let literal = site.mention.parent()?.parent().filter(|l| l.kind() == "composite_literal")?;
        let ty = literal.child_by_field_name("type").filter(|t| t.kind() == "type_identifier")?;
        return Some(text(ty, source).to_string());
    }
    let object = site.mention.child_by_field_name("operand").filter(|o| o.kind() == "identifier")?;
    object_type(source, site.mention, text(object, source))
}

/// Every mention of the field `x.f` (and literal key `f:`) in the files.
fn mentions<'t>(files: &[File<'t>], field: &str) -> Vec<Site<'t>> {
    let mut sites = Vec::new();
    for &file in files {
        sites.extend(unseen_mentions(file, field));
        for node in nodes_mentioning(file, field) {
            let site = match node.kind() {
                "selector_expression"
                    if node.child_by_field_name("field").is_some_and(|f| text(f, file.source) == field) =>
                {
                    classify(file, node)
                }
                "keyed_element" => {
                    let key = node.child_by_field_name("key");
                    if key.is_none_or(|k| text(k, file.source) != field) {
                        continue;
                    }
                    let value =
                        node.child_by_field_name("value").and_then(|v| children(v).into_iter().next());
                    let kind = if value.is_some_and(|v| is_make_chan(v, file.source)) {
                        Kind::Make
                    } else {
                        Kind::Escape
                    };
                    (kind, node)
                }
                _ => continue,
            };
            sites.push(Site { file, kind: site.0, mention: node, node: site.1 });
        }
    }
    sites
}

/// A top-level declaration whose text selects `.f` but whose tree shows no
/// such selector (the pipeline blanks the bodies of functions that cannot
/// hold a finding before parsing): a mention we cannot classify, so an
/// escape.
fn unseen_mentions<'t>(file: File<'t>, field: &str) -> Vec<Site<'t>> {
    let selected = |d: Node| {
        selections(text(d, file.source), field).any(|at| {
            let at = d.start_byte() + at;
            !d.descendant_for_byte_range(at, at).is_some_and(quoted)
        })
    };
    let seen = |d: Node| {
        go::descendants_containing(d, file.source, field).into_iter().any(|n| {
            n.kind() == "selector_expression"
                && n.child_by_field_name("field").is_some_and(|f| text(f, file.source) == field)
        })
    };
    children(file.root)
        .into_iter()
        .filter(|d| matches!(d.kind(), "function_declaration" | "method_declaration"))
        .filter(|d| selected(*d) && !seen(*d))
        .map(|d| Site { file, kind: Kind::Escape, mention: d, node: d })
        .collect()
}

/// The nodes of the top-level declarations of `file` whose text mentions
/// `word`: the only places a mention can be.
fn nodes_mentioning<'t>(file: File<'t>, word: &str) -> Vec<Node<'t>> {
    children(file.root)
        .into_iter()
        .filter(|d| crate::package::mentions_word(text(*d, file.source), word))
        .flat_map(|d| go::descendants_containing(d, file.source, word))
        .collect()
}

fn is_make_chan(node: Node, source: &str) -> bool {
    node.kind() == "call_expression"
        && node.child_by_field_name("function").is_some_and(|f| text(f, source) == "make")
        && node
            .child_by_field_name("arguments")
            .and_then(|a| children(a).into_iter().next())
            .is_some_and(|t| t.kind() == "channel_type")
}

/// What the selector `x.f` does with the channel.
fn classify<'t>(file: File<'t>, selector: Node<'t>) -> (Kind, Node<'t>) {
    let source = file.source;
    let Some(parent) = selector.parent() else { return (Kind::Escape, selector) };
    let is = |field: &str| parent.child_by_field_name(field).is_some_and(|c| c.id() == selector.id());
    match parent.kind() {
        "send_statement" if is("channel") => (Kind::Send, parent),
        "unary_expression"
            if parent.child_by_field_name("operator").is_some_and(|o| text(o, source) == "<-") =>
        {
            (Kind::Receive, parent)
        }
        "range_clause" if is("right") => (Kind::Range, parent.parent().unwrap_or(parent)),
        "parenthesized_expression" => (Kind::Escape, parent),
        "binary_expression" => {
            let nil = children(parent).iter().any(|c| c.kind() == "nil");
            (if nil { Kind::Inspect } else { Kind::Escape }, parent)
        }
        "argument_list" => {
            let call = parent.parent().filter(|c| c.kind() == "call_expression");
            let function = call.and_then(|c| c.child_by_field_name("function")).map(|f| text(f, source));
            match function {
                Some("close") => (Kind::Close, call.unwrap_or(parent)),
                Some("len" | "cap") => (Kind::Inspect, parent),
                _ => (Kind::Escape, parent),
            }
        }
        "expression_list" => {
            let assign = parent.parent().filter(|a| a.kind() == "assignment_statement");
            let on_left =
                assign.and_then(|a| a.child_by_field_name("left")).is_some_and(|l| l.id() == parent.id());
            let index = children(parent).iter().position(|n| n.id() == selector.id());
            let value = assign
                .and_then(|a| a.child_by_field_name("right"))
                .and_then(|r| index.and_then(|i| children(r).get(i).copied()));
            if on_left && value.is_some_and(|v| is_make_chan(v, source)) {
                (Kind::Make, parent)
            } else {
                (Kind::Escape, parent)
            }
        }
        _ => (Kind::Escape, parent),
    }
}

/// Groups the sends by the goroutine that makes them and counts each
/// producer's sends. `None` when a send runs outside a goroutine the
/// package shows being started.
fn producers<'t>(
    ctx: &Context<'t>,
    files: &[File<'t>],
    sends: &[Site<'t>],
) -> Option<Vec<(File<'t>, Producer<'t>)>> {
    let mut groups: Vec<(File<'t>, Node<'t>, Node<'t>, Vec<Node<'t>>)> = Vec::new(); // (file, function, go_stmt, sends)
    for send in sends {
        let function = go::enclosing_function(send.node)?;
        if let Some(group) = groups.iter_mut().find(|g| g.1.id() == function.id()) {
            group.3.push(send.node);
            continue;
        }
        let go_stmt = launch(ctx, files, send.file, function)?;
        groups.push((send.file, function, go_stmt, vec![send.node]));
    }
    let mut out = Vec::new();
    for (file, function, go_stmt, sends) in groups {
        let producer = super::producer(file.source, ctx.exits, go_stmt, function, None, sends)?;
        out.push((file, producer));
    }
    Some(out)
}

/// The `go` statement that starts `function` as a goroutine: the one
/// launching a literal, or, for an unexported function or method of the
/// package, its only use in the package, which must be a `go` statement.
/// Uses are found by the name's text in every file of the package (a
/// method's after a dot), outside comments and strings; one in a body the
/// parse skipped, or in a file not parsed (outside its `//` comment
/// lines), cannot be seen to be a `go` statement, and so is another use.
fn launch<'t>(ctx: &Context<'t>, files: &[File<'t>], file: File<'t>, function: Node<'t>) -> Option<Node<'t>> {
    if function.kind() == "func_literal" {
        let call = function.parent().filter(|c| c.kind() == "call_expression")?;
        return call.parent().filter(|g| g.kind() == "go_statement");
    }
    let declared = function.child_by_field_name("name")?;
    let name = text(declared, file.source);
    if name.chars().next().is_some_and(char::is_uppercase) {
        return None; // other packages may call it synchronously
    }
    let method = function.kind() == "method_declaration";
    let parsed = |source: &str| files.iter().any(|f| std::ptr::eq(f.source, source));
    if ctx
        .package
        .siblings()
        .iter()
        .any(|s| !parsed(&s.text) && name_uses(&s.text, name, method).next().is_some())
    {
        return None;
    }
    let mut launches = Vec::new();
    for f in files {
        for at in name_uses(f.source, name, method) {
            if std::ptr::eq(f.source, file.source) && at == declared.start_byte() {
                continue;
            }
            let node = f.root.descendant_for_byte_range(at, at + name.len())?;
            if quoted(node) {
                continue;
            }
            let callee = match node.kind() {
                "identifier" if !method => node,
                "field_identifier" if method => node.parent()?,
                _ => return None, // another kind of name, or a body the parse skipped
            };
            let call = callee.parent().filter(|c| c.kind() == "call_expression")?;
            launches.push(call.parent().filter(|g| g.kind() == "go_statement")?);
        }
    }
    match launches.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// The function that receives from the field, and how it can stop.
struct Consumer<'t> {
    file: File<'t>,
    function: Node<'t>,
    leaves: Vec<Leave<'t>>,
}

/// One way out of the consumer's receive loop.
struct Leave<'t> {
    /// The statement that leaves (`return`, `break L`, `goto`).
    at: Node<'t>,
    keyword: &'static str,
    /// The channel expression of the select case it leaves from: `s.done`,
    /// `ctx.Done()`, `time.After(d)`. `None` for a condition of its own.
    signal: Option<Node<'t>>,
}

impl Consumer<'_> {
    fn function_name(&self) -> String {
        let source = self.file.source;
        let name = self.function.child_by_field_name("name").map(|n| text(n, source));
        match (name, receiver_type(self.function, source)) {
            (Some(name), Some(ty)) => format!("(*{ty}).{name}"),
            (Some(name), None) => name.to_string(),
            _ => "goroutine".to_string(),
        }
    }
}

/// The one loop that receives from the field, in one function, and its
/// ways out: select cases on another channel that leave the loop, or a
/// `return` in the body of a `range` over the field.
fn consumer<'t>(receives: &[Site<'t>]) -> Option<Consumer<'t>> {
    let first = receives.first()?;
    let function = go::enclosing_function(first.node)?;
    let Some(the_loop) = enclosing_loop(first.node, function) else {
        return select_consumer(receives, function);
    };
    for r in receives {
        let same_function = go::enclosing_function(r.node).is_some_and(|f| f.id() == function.id());
        if !same_function || enclosing_loop(r.node, function).is_none_or(|l| l.id() != the_loop.id()) {
            return None;
        }
    }
    let source = first.file.source;
    let body = the_loop.child_by_field_name("body")?;
    let mut leaves = Vec::new();
    let label = the_loop
        .parent()
        .filter(|p| p.kind() == "labeled_statement")
        .and_then(|p| p.child_by_field_name("label"))
        .map(|l| text(l, source));
    for node in go::descendants_outside_closures(body) {
        let keyword = match node.kind() {
            "return_statement" => "return",
            "goto_statement" => "goto",
            "break_statement"
                if label.is_some_and(|l| children(node).iter().any(|c| text(*c, source) == l)) =>
            {
                "break"
            }
            "break_statement" if breaks_loop(node, the_loop) => "break",
            _ => continue,
        };
        if enclosing_loop(node, function).is_none_or(|l| l.id() != the_loop.id()) && keyword != "return" {
            continue;
        }
        let case = go::enclosing(node, &["communication_case"]).filter(|c| go::contains(body, *c));
        let signal = case.and_then(|c| c.child_by_field_name("communication")).and_then(|comm| {
            let received = match comm.kind() {
                "receive_statement" => comm.child_by_field_name("right")?,
                _ => comm,
            };
            let operand = received.child_by_field_name("operand")?;
            Some(operand)
        });
        // A case receiving the field itself leaves on a value it got (an
        // end marker, an error): the producer's protocol.
        if signal.is_some_and(|s| receives.iter().any(|r| go::contains(s, r.mention))) {
            continue;
        }
        if case.is_none() && !is_range(the_loop) {
            continue; // a condition in a loop around a select: not followed
        }
        leaves.push(Leave { at: node, keyword, signal });
    }
    if leaves.is_empty() {
        return None;
    }
    Some(Consumer { file: first.file, function, leaves })
}

fn is_range(for_stmt: Node) -> bool {
    children(for_stmt).iter().any(|c| c.kind() == "range_clause")
}

/// The outermost `for` around `node` inside `function` (not crossing closures).
fn enclosing_loop<'t>(node: Node<'t>, function: Node<'t>) -> Option<Node<'t>> {
    go::ancestors(node)
        .into_iter()
        .skip_while(|a| a.id() != function.id())
        .find(|a| a.kind() == "for_statement")
        .filter(|l| go::enclosing_function(*l).is_some_and(|f| f.id() == function.id()))
}

/// Whether an unlabelled `break` leaves `the_loop` (not a select or switch inside it).
fn breaks_loop(brk: Node, the_loop: Node) -> bool {
    !children(brk).iter().any(|c| c.kind() == "label_name")
        && go::enclosing(
            brk,
            &["for_statement", "select_statement", "expression_switch_statement", "type_switch_statement"],
        )
        .is_some_and(|b| b.id() == the_loop.id())
}

/// Whether a producer waits on a channel the consumer sends on (a
/// request/response protocol): it then blocks there, not on its sends.
fn paced_by_consumer(producers: &[(File, Producer)], consumer: &Consumer) -> bool {
    let source = consumer.file.source;
    let sent: HashSet<&str> = go::descendants_outside_closures(consumer.function)
        .into_iter()
        .filter(|n| n.kind() == "send_statement")
        .filter_map(|n| n.child_by_field_name("channel"))
        .map(|c| field_of(text(c, source)))
        .collect();
    producers.iter().any(|(file, p)| {
        go::descendants(p.function)
            .into_iter()
            .filter_map(|n| go::received_from(n, file.source))
            .any(|c| sent.contains(field_of(c)))
    })
}

/// `s.f` → `f`; a plain name stays.
fn field_of(expr: &str) -> &str {
    expr.rsplit('.').next().unwrap_or(expr)
}

fn file_name(ctx: &Context, file: File) -> String {
    ctx.package
        .siblings()
        .into_iter()
        .find(|f| std::ptr::eq(f.text.as_str(), file.source))
        .and_then(|f| f.path.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| "another file".to_string())
}

/// What the consumer leaves on, when every way out is the same field of
/// the object it receives from: `Field("done")` for `<-s.done`,
/// `Context("ctx")` for `<-s.ctx.Done()`.
#[derive(Clone, PartialEq, Eq)]
enum Signal {
    Field(String),
    Context(String),
}

fn signal_of(consumer: &Consumer, receives_from: &str) -> Result<Signal, String> {
    let source = consumer.file.source;
    let mut found: Option<Signal> = None;
    for leave in &consumer.leaves {
        let (line, _) = line_col(source, leave.at.start_byte());
        let Some(signal) = leave.signal else {
            return Err(format!(
                "the consumer leaves at line {line} on a condition of its own, which the producer cannot see"
            ));
        };
        let this = match signal.kind() {
            "selector_expression" => {
                let object = signal.child_by_field_name("operand").map(|o| text(o, source));
                let field = signal.child_by_field_name("field").map(|f| text(f, source));
                match (object, field) {
                    (Some(o), Some(f)) if o == receives_from => Some(Signal::Field(f.to_string())),
                    _ => None,
                }
            }
            "call_expression" => {
                let function = signal.child_by_field_name("function").map(|f| text(f, source)).unwrap_or("");
                let args = signal.child_by_field_name("arguments").map(children).unwrap_or_default();
                match function.strip_suffix(".Done").and_then(|c| c.split_once('.')) {
                    Some((o, f)) if o == receives_from && args.is_empty() && !f.contains('.') => {
                        Some(Signal::Context(f.to_string()))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        let Some(this) = this else {
            return Err(format!(
                "the consumer leaves at line {line} on <-{}, which the producer cannot see; it needs a stop field closed on every way out",
                text(signal, source)
            ));
        };
        if found.as_ref().is_some_and(|f| *f != this) {
            return Err(
                "the consumer leaves on different signals; the producer would need all of them".into()
            );
        }
        found = Some(this);
    }
    found.ok_or_else(|| "the consumer has no way out to reuse".into())
}

/// The object the consumer receives the field from (`s` in `<-s.ch`).
fn receiving_object<'t>(consumer: &Consumer<'t>, field_sites: &[Node<'t>]) -> Option<&'t str> {
    let mut objects = field_sites
        .iter()
        .filter_map(|s| s.child_by_field_name("operand"))
        .map(|o| text(o, consumer.file.source));
    let first = objects.next()?;
    objects.all(|o| o == first).then_some(first)
}

/// The edits wrapping every producer send with the consumer's signal.
fn plan_fix(
    ctx: &Context,
    files: &[File],
    producers: &[(File, Producer)],
    consumer: &Consumer,
    shown: &str,
) -> Result<Fix, String> {
    let field_sites: Vec<Node> = go::descendants_outside_closures(consumer.function)
        .into_iter()
        .filter(|n| n.kind() == "selector_expression")
        .filter(|n| {
            n.parent().is_some_and(|p| {
                (p.kind() == "unary_expression" || p.kind() == "range_clause")
                    && n.child_by_field_name("field").map(|f| text(f, consumer.file.source))
                        == Some(field_of(shown))
            })
        })
        .collect();
    let object =
        receiving_object(consumer, &field_sites).ok_or("the consumer receives from several objects")?;
    let signal = signal_of(consumer, object)?;
    if let Signal::Field(stop) = &signal {
        only_closed(files, stop)?;
    }
    if producers.iter().any(|(f, _)| !f.checked) {
        return Err("the producer is in another file of the package (the fix spans files)".into());
    }
    let nl = go::newline(ctx.source);
    let mut edits = Vec::new();
    let mut selects_done = HashSet::new();
    for (_, p) in producers {
        if p.function.child_by_field_name("result").is_some() {
            return Err("the producer returns values; a bare return would not compile".into());
        }
        let body = p.function.child_by_field_name("body").ok_or("no body")?;
        if let Some(why) = super::fix::skipped_work(ctx.source, body, &p.sends) {
            return Err(why);
        }
        for &send in &p.sends {
            let channel = send.child_by_field_name("channel").ok_or("no channel")?;
            let object =
                channel.child_by_field_name("operand").map(|o| text(o, ctx.source)).ok_or("no object")?;
            let stop = match &signal {
                Signal::Field(f) => format!("{object}.{f}"),
                Signal::Context(f) => format!("{object}.{f}.Done()"),
            };
            if let Some(edit) = super::fix::send_edit(ctx.source, send, &stop, nl, &mut selects_done)? {
                edits.push(edit);
            }
        }
    }
    let what = match &signal {
        Signal::Field(f) => format!("the stop field {f}, which the consumer leaves on"),
        Signal::Context(f) => format!("the context field {f}, whose cancellation the consumer leaves on"),
    };
    Ok(Fix { message: format!("stop the producer of {shown} on {what}"), edits })
}

/// Whether the package only ever closes the channel field `stop` (never
/// sends on it): then every goroutine waiting on it is released together.
fn only_closed(files: &[File], stop: &str) -> Result<(), String> {
    let sites = mentions(files, stop);
    let sent = sites.iter().any(|s| s.kind == Kind::Send);
    let closed = sites.iter().any(|s| s.kind == Kind::Close);
    match (sent, closed) {
        (false, true) => Ok(()),
        (true, _) => Err(format!(
            "the stop field {stop} is sent on, not only closed; a second receiver would take the consumer's value"
        )),
        (false, false) => Err(format!("the stop field {stop} is never closed in the package")),
    }
}

/// A consumer that receives the field once, as one case of a `select`
/// outside any loop: every other case (a `default` too) leaves without it.
fn select_consumer<'t>(receives: &[Site<'t>], function: Node<'t>) -> Option<Consumer<'t>> {
    let [only] = receives else { return None };
    let comm = go::enclosing(only.node, &["receive_statement", "communication_case"])?;
    let case = if comm.kind() == "communication_case" { comm } else { comm.parent()? };
    let select =
        case.parent().filter(|s| s.kind() == "select_statement" && case.kind() == "communication_case")?;
    if case.child_by_field_name("communication").is_none_or(|c| !go::contains(c, only.node)) {
        return None;
    }
    let mut leaves = Vec::new();
    for other in children(select).into_iter().filter(|c| c.id() != case.id()) {
        let signal = other.child_by_field_name("communication").and_then(|comm| {
            let received =
                if comm.kind() == "receive_statement" { comm.child_by_field_name("right")? } else { comm };
            received.child_by_field_name("operand")
        });
        if other.kind() == "communication_case" && signal.is_none() {
            return None; // a send case: the consumer's own protocol
        }
        leaves.push(Leave { at: other, keyword: "select", signal });
    }
    (!leaves.is_empty()).then_some(Consumer { file: only.file, function, leaves })
}

/// Whether the function that makes the channel launches every sender, each
/// once (not in a loop), after the make, in the checked file.
fn launched_with_make(ctx: &Context, make_call: Node, producers: &[(File, Producer)]) -> bool {
    let Some(maker) = go::top_function(make_call) else { return false };
    let Some(body) = maker.child_by_field_name("body") else { return false };
    producers.iter().all(|(_, p)| {
        go::root(p.go_stmt).id() == ctx.tree.root_node().id()
            && go::contains(body, p.go_stmt)
            && p.go_stmt.start_byte() > make_call.end_byte()
            && loops::enclosing(p.go_stmt, body).is_empty()
            && go::enclosing_function(p.go_stmt).is_some_and(|f| f.id() == maker.id())
    })
}

/// Capacity for every single send, at the make: each sender is launched
/// once per channel, so the buffer holds what nobody receives.
fn capacity_fix(make_call: Node, producers: &[(File, Producer)], total: u64) -> Result<Fix, String> {
    if total > 16 || !super::fix::capacity_suffices(producers.iter().map(|(_, p)| p)) {
        return Err("a sender does more after its send, which then no longer waits for the consumer".into());
    }
    if go::top_function(make_call).is_none_or(|f| f.has_error()) {
        return Err("the constructor has syntax errors, or syntax tree-sitter-go cannot read".into());
    }
    let args = make_call.child_by_field_name("arguments").ok_or("no arguments")?;
    let edit = match children(args).as_slice() {
        [_] => Edit::insert(args.end_byte() - 1, format!(", {total}")),
        [_, capacity] if capacity.kind() == "int_literal" => {
            Edit::new(capacity.byte_range(), total.to_string())
        }
        _ => return Err("the capacity is computed".into()),
    };
    Ok(Fix {
        message: format!("give the channel capacity {total} so none of its {total} sends can block"),
        edits: vec![edit],
    })
}
