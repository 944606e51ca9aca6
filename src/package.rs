//! The package a checked file belongs to: the other `.go` files of its
//! directory with the same package clause (tests of the package included;
//! an external `_test` package is a package of its own). A channel, a
//! helper that always fails or a producer may live in another file of the
//! package, and a fix may need to know who else calls a function.
//!
//! Nothing here costs anything until a rule asks: the directory is read on
//! the first question, indexed by a cheap line scan of top-level
//! declarations (functions, methods by receiver type, struct types with
//! their channel-typed fields, package variables) so that we know which
//! file holds what, and a sibling file is parsed only when the analysis
//! needs a declaration in it. Directories are cached by their files' names,
//! sizes and modification times, so a walk over a package reads each file
//! once. A file checked from standard input, or whose directory cannot be
//! read, is a package of one file.

use crate::go::{self, text};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;
use tree_sitter::{Node, Tree};

/// What a top-level declaration declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeclKind {
    Function,
    /// A method; [`Decl::receiver`] names its receiver's type.
    Method,
    Struct,
    Var,
}

/// One top-level declaration found by the line scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decl {
    pub kind: DeclKind,
    pub name: String,
    /// For a method: the receiver's type name, without `*` or type arguments.
    pub receiver: Option<String>,
    /// For a struct type: its channel-typed fields.
    pub chan_fields: Vec<String>,
    /// The declaration's text in its file (up to its closing line).
    pub range: Range<usize>,
}

/// Another file of the package, read from disk.
pub struct SourceFile {
    pub path: PathBuf,
    pub package: String,
    pub text: String,
    pub decls: Vec<Decl>,
    /// The file starts with a byte order mark (blanked out in `text`).
    pub bom: bool,
    tree: OnceLock<Option<Tree>>,
}

impl SourceFile {
    fn read(path: PathBuf) -> Option<SourceFile> {
        let text = std::fs::read_to_string(&path).ok()?;
        // A byte order mark is blanked out, as the pipeline does, so offsets hold.
        let bom = text.starts_with('\u{feff}');
        let text = text.strip_prefix('\u{feff}').map(|rest| format!("   {rest}")).unwrap_or(text);
        let package = package_clause(&text)?;
        let decls = scan(&text);
        Some(SourceFile { path, package, text, decls, bom, tree: OnceLock::new() })
    }

    /// The file's syntax tree, parsed on first use.
    pub fn tree(&self) -> Option<&Tree> {
        self.tree.get_or_init(|| go::parse(&mut go::new_parser(), &self.text)).as_ref()
    }

    pub fn is_test(&self) -> bool {
        self.path.to_string_lossy().ends_with("_test.go")
    }

    /// The parsed top-level function (or, with `receiver`, method) `name`.
    pub fn function(&self, name: &str, receiver: Option<&str>) -> Option<Node<'_>> {
        let root = self.tree()?.root_node();
        go::children(root).into_iter().find(|d| {
            let kind = if receiver.is_some() { "method_declaration" } else { "function_declaration" };
            d.kind() == kind
                && d.child_by_field_name("name").is_some_and(|n| text(n, &self.text) == name)
                && receiver.is_none_or(|r| receiver_type(*d, &self.text).as_deref() == Some(r))
        })
    }

    /// Whether the file mentions `word` as a whole identifier.
    pub fn mentions(&self, word: &str) -> bool {
        mentions_word(&self.text, word)
    }

    /// The file's text as it is on disk (with its byte order mark).
    pub fn original(&self) -> String {
        match self.bom {
            true => format!("\u{feff}{}", &self.text[3..]),
            false => self.text.clone(),
        }
    }

    /// The file's name in its directory, how a fix's edits name it.
    pub fn name(&self) -> String {
        self.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }
}

/// The files of one directory, as last read.
struct Directory {
    files: Vec<SourceFile>,
}

/// The package of one checked file.
#[derive(Clone)]
pub struct Package {
    /// The checked file's path as given.
    path: String,
    /// Its package clause, when it has one.
    clause: Option<String>,
    siblings: OnceLock<Option<Arc<Directory>>>,
}

impl Package {
    /// The package of the file at `path` whose text is `source` (the text
    /// may differ from what is on disk; the file itself is never read).
    pub fn of_file(path: &str, source: &str) -> Package {
        Package { path: path.to_string(), clause: package_clause(source), siblings: OnceLock::new() }
    }

    /// The package name of the checked file.
    pub fn name(&self) -> Option<&str> {
        self.clause.as_deref()
    }

    /// The other files of the package (read on first use).
    pub fn siblings(&self) -> Vec<&SourceFile> {
        let Some(clause) = &self.clause else { return Vec::new() };
        let Some(dir) = self.siblings.get_or_init(|| directory_of(&self.path)) else { return Vec::new() };
        let own = Path::new(&self.path).file_name();
        dir.files.iter().filter(|f| f.package == *clause && f.path.file_name() != own).collect()
    }

    /// Whether the package's other files could be read: false for standard
    /// input or an unreadable directory, where the file is all we know.
    pub fn knows_siblings(&self) -> bool {
        self.clause.is_some() && self.siblings.get_or_init(|| directory_of(&self.path)).is_some()
    }

    /// The other file declaring the top-level function `name`, if exactly one does.
    pub fn function(&self, name: &str) -> Option<(&SourceFile, Node<'_>)> {
        self.unique(|d| d.kind == DeclKind::Function && d.name == name)
            .and_then(|f| Some((f, f.function(name, None)?)))
    }

    /// The other file declaring method `name` of type `receiver`, if exactly one does.
    pub fn method(&self, receiver: &str, name: &str) -> Option<(&SourceFile, Node<'_>)> {
        self.unique(|d| {
            d.kind == DeclKind::Method && d.name == name && d.receiver.as_deref() == Some(receiver)
        })
        .and_then(|f| Some((f, f.function(name, Some(receiver))?)))
    }

    /// The channel-typed fields of struct type `name`, when another file declares it.
    pub fn chan_fields(&self, name: &str) -> Option<Vec<String>> {
        let file = self.unique(|d| d.kind == DeclKind::Struct && d.name == name)?;
        file.decls
            .iter()
            .find(|d| d.kind == DeclKind::Struct && d.name == name)
            .map(|d| d.chan_fields.clone())
    }

    /// Whether another file declares the package variable `name`.
    pub fn declares_var(&self, name: &str) -> bool {
        self.siblings().iter().any(|f| f.decls.iter().any(|d| d.kind == DeclKind::Var && d.name == name))
    }

    /// Whether another file of the package mentions `word`, or the other
    /// files cannot be known (standard input): then it may.
    pub fn mentioned_elsewhere(&self, word: &str) -> bool {
        !self.knows_siblings() || self.siblings().iter().any(|f| f.mentions(word))
    }

    /// The other file of the package named `name` (in the same directory).
    pub fn sibling(&self, name: &str) -> Option<&SourceFile> {
        self.siblings().into_iter().find(|f| f.path.file_name().is_some_and(|n| n == name))
    }

    /// The other file whose text is exactly `text` (the same string, as
    /// handed out by [`SourceFile::text`]), when `text` is not the checked file's.
    pub fn holding(&self, text: &str) -> Option<&SourceFile> {
        self.siblings().into_iter().find(|f| std::ptr::eq(f.text.as_str(), text))
    }

    fn unique(&self, wanted: impl Fn(&Decl) -> bool) -> Option<&SourceFile> {
        let mut holders = self.siblings().into_iter().filter(|f| f.decls.iter().any(&wanted));
        let only = holders.next()?;
        holders.next().is_none().then_some(only)
    }
}

impl std::fmt::Debug for Package {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package").field("path", &self.path).field("clause", &self.clause).finish()
    }
}

/// The receiver type name of a method declaration.
pub fn receiver_type(method: Node, source: &str) -> Option<String> {
    let receiver = method.child_by_field_name("receiver")?;
    let param = go::children(receiver).into_iter().find(|p| p.kind() == "parameter_declaration")?;
    let ty = text(param.child_by_field_name("type")?, source);
    Some(bare_type(ty).to_string())
}

/// `*T[K]` → `T`.
pub fn bare_type(ty: &str) -> &str {
    let ty = ty.trim().trim_start_matches('*').trim();
    ty.split(['[', ' ']).next().unwrap_or(ty)
}

/// The package clause of a Go text: the first line `package name` outside
/// a block comment.
pub fn package_clause(source: &str) -> Option<String> {
    let mut in_comment = false;
    for line in source.lines() {
        let line = line.trim();
        if in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_comment = !line.contains("*/");
            continue;
        }
        if let Some(rest) = line.strip_prefix("package ") {
            let name = rest.split(|c: char| c.is_whitespace() || c == ';' || c == '/').next()?;
            return (!name.is_empty()).then(|| name.to_string());
        }
    }
    None
}

/// The top-level declarations of a gofmt-formatted Go text, by its lines:
/// a declaration starts at column 0 and ends at the next line that is
/// exactly `}` or `)` (or the next declaration).
pub fn scan(source: &str) -> Vec<Decl> {
    let mut decls: Vec<Decl> = Vec::new();
    let mut offset = 0;
    let mut block: Option<&str> = None; // inside `var (` or `type (`
    let mut open: Option<usize> = None; // index in decls of the struct whose fields we read
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let bare = line.trim_end();
        if bare == "}" || bare == ")" {
            if let Some(last) = decls.last_mut().filter(|d| d.range.end == usize::MAX) {
                last.range.end = offset;
            }
            if bare == ")" {
                block = None;
            }
            open = None;
            continue;
        }
        if let Some(i) = open {
            if let Some(fields) = chan_field_names(bare) {
                decls[i].chan_fields.extend(fields);
            }
            if block.is_some() && bare == "\t}" {
                decls[i].range.end = offset;
                open = None;
            }
            continue;
        }
        if let Some(kind) = block {
            let Some(spec) = bare.strip_prefix('\t').filter(|s| !s.starts_with(['\t', '/', ' '])) else {
                continue;
            };
            match kind {
                "var" => decls.extend(var_names(spec).into_iter().map(|n| decl(DeclKind::Var, n, start))),
                _ => {
                    if let Some(name) = struct_name(spec) {
                        open = Some(decls.len());
                        decls.push(decl(DeclKind::Struct, name, start));
                    }
                }
            }
            continue;
        }
        if bare.is_empty() || bare.starts_with(['\t', ' ', '/']) {
            continue; // a body line, a comment or a blank
        }
        close_open_end(&mut decls, start);
        if let Some(rest) = bare.strip_prefix("func ") {
            decls.extend(func_decl(rest, start));
        } else if let Some(rest) = bare.strip_prefix("type ") {
            if rest.starts_with('(') {
                block = Some("type");
            } else if let Some(name) = struct_name(rest) {
                let single_line = rest.ends_with('}');
                open = (!single_line).then_some(decls.len());
                decls.push(decl(DeclKind::Struct, name, start));
            }
        } else if let Some(rest) = bare.strip_prefix("var ") {
            if rest.starts_with('(') {
                block = Some("var");
            } else {
                decls.extend(var_names(rest).into_iter().map(|n| decl(DeclKind::Var, n, start)));
            }
        }
    }
    close_open_end(&mut decls, source.len());
    decls
}

fn decl(kind: DeclKind, name: &str, start: usize) -> Decl {
    Decl { kind, name: name.to_string(), receiver: None, chan_fields: Vec::new(), range: start..usize::MAX }
}

/// A declaration left open (one line, or no closing line seen) ends where the next begins.
fn close_open_end(decls: &mut [Decl], at: usize) {
    for d in decls.iter_mut().rev().take_while(|d| d.range.end == usize::MAX) {
        d.range.end = at;
    }
}

/// `Name(...)`, `Name[T any](...)` or `(r *T) Name(...)`.
fn func_decl(rest: &str, start: usize) -> Option<Decl> {
    if let Some(after) = rest.strip_prefix('(') {
        let close = after.find(')')?;
        let receiver = after[..close].split_whitespace().last().map(bare_type)?.to_string();
        let name = ident_prefix(after[close + 1..].trim_start());
        let mut d = decl(DeclKind::Method, name?, start);
        d.receiver = Some(receiver);
        return Some(d);
    }
    Some(decl(DeclKind::Function, ident_prefix(rest)?, start))
}

/// `Name struct {` → `Name`.
fn struct_name(spec: &str) -> Option<&str> {
    let name = ident_prefix(spec)?;
    let rest = spec[name.len()..].trim_start();
    let rest = if rest.starts_with('[') { &rest[rest.find(']')? + 1..] } else { rest };
    rest.trim_start().starts_with("struct").then_some(name)
}

/// `a, b = ...` or `a T` → the names before the type or `=`.
fn var_names(spec: &str) -> Vec<&str> {
    let names = spec.split(['=']).next().unwrap_or(spec);
    let mut out = Vec::new();
    for part in names.split(',') {
        let Some(name) = ident_prefix(part.trim_start()) else { break };
        out.push(name);
        if part.trim() != name {
            break; // the type follows the last name
        }
    }
    out
}

/// The field names of a struct field line whose type is a channel (`\tin, out chan T`).
fn chan_field_names(line: &str) -> Option<Vec<String>> {
    let spec = line.strip_prefix('\t')?;
    let code = spec.split("//").next().unwrap_or(spec);
    let at = code.find("chan")?;
    let (names, ty) = code.split_at(at);
    let ty_start = ty.trim_start();
    if !(ty_start.starts_with("chan ") || ty_start.starts_with("chan<-") || names.trim_end().ends_with("<-"))
    {
        return None;
    }
    let names = names.trim_end().trim_end_matches("<-").trim_end();
    let fields: Vec<String> = names.split(',').map(|n| n.trim().to_string()).collect();
    fields
        .iter()
        .all(|f| !f.is_empty() && f.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then_some(fields)
}

fn ident_prefix(s: &str) -> Option<&str> {
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    (end > 0 && !s.as_bytes()[0].is_ascii_digit()).then(|| &s[..end])
}

/// Whether `haystack` mentions `word` as a whole identifier.
pub fn mentions_word(haystack: &str, word: &str) -> bool {
    word_positions(haystack, word).next().is_some()
}

/// Where `word` occurs in `haystack` as a whole identifier.
pub fn word_positions<'a>(haystack: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    haystack.match_indices(word).map(|(i, _)| i).filter(move |&i| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// What a directory held when it was read: each `.go` file's name, size
/// and modification time. A change of any of them means reading it again.
pub(crate) type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// Recently read directories. A walk visits a directory's files together,
/// so a few entries are enough; parsed trees are dropped with their entry.
const CACHED_DIRECTORIES: usize = 8;

type Cache = Vec<(PathBuf, Fingerprint, Arc<Directory>)>;
static DIRECTORIES: Mutex<Cache> = Mutex::new(Vec::new());

/// The files next to `path`, from the cache when the directory did not change.
fn directory_of(path: &str) -> Option<Arc<Directory>> {
    if path == "<stdin>" || path == "-" {
        return None;
    }
    let dir = match Path::new(path).parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fingerprint = fingerprint(&dir)?;
    let cache = DIRECTORIES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, _, found)) = cache.iter().find(|(d, f, _)| *d == dir && *f == fingerprint) {
        return Some(found.clone());
    }
    drop(cache); // reading may take a while: other threads go on meanwhile
    let files = fingerprint.iter().filter_map(|(name, _, _)| SourceFile::read(dir.join(name))).collect();
    let read = Arc::new(Directory { files });
    let mut cache = DIRECTORIES.lock().unwrap_or_else(|e| e.into_inner());
    cache.retain(|(d, _, _)| *d != dir);
    if cache.len() >= CACHED_DIRECTORIES {
        cache.remove(0);
    }
    cache.push((dir, fingerprint, read.clone()));
    Some(read)
}

/// The `.go` files of `dir` with their sizes and modification times, sorted.
pub(crate) fn fingerprint(dir: &Path) -> Option<Fingerprint> {
    let mut files: Fingerprint = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "go"))
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            meta.is_file().then(|| (PathBuf::from(e.file_name()), meta.len(), meta.modified().ok()))
        })
        .collect();
    files.sort();
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "// Package p.\npackage p\n\nimport \"context\"\n\nvar (\n\tqueue = make(chan int)\n\ta, b int\n)\n\nvar single chan string\n\ntype worker struct {\n\tjobs    chan int\n\tresults <-chan string\n\tin, out chan<- error\n\tname    string\n}\n\ntype (\n\tpair struct {\n\t\tdone chan struct{}\n\t}\n\tid int\n)\n\nfunc (w *worker) run(ctx context.Context) {\n\t<-ctx.Done()\n}\n\nfunc produce[T any](out chan T) {\n}\n\nfunc (p pair[K]) stop() {}\n";

    #[test]
    fn the_line_scan_finds_top_level_declarations() {
        let decls = scan(FILE);
        let summary: Vec<(DeclKind, &str, Option<&str>)> =
            decls.iter().map(|d| (d.kind, d.name.as_str(), d.receiver.as_deref())).collect();
        use DeclKind::*;
        assert_eq!(
            summary,
            vec![
                (Var, "queue", None),
                (Var, "a", None),
                (Var, "b", None),
                (Var, "single", None),
                (Struct, "worker", None),
                (Struct, "pair", None),
                (Method, "run", Some("worker")),
                (Function, "produce", None),
                (Method, "stop", Some("pair")),
            ]
        );
        assert_eq!(decls[4].chan_fields, ["jobs", "results", "in", "out"]);
        assert_eq!(decls[5].chan_fields, ["done"]);
        let run = &FILE[decls[6].range.clone()];
        assert!(run.starts_with("func (w *worker) run") && run.ends_with("}\n"), "{run:?}");
        assert_eq!(package_clause(FILE).as_deref(), Some("p"));
        assert_eq!(package_clause("/* package q\n*/\npackage r_test // x\n").as_deref(), Some("r_test"));
    }

    #[test]
    fn siblings_are_the_same_package_in_the_same_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.go"), FILE).unwrap();
        std::fs::write(dir.path().join("b.go"), "package p\n\nfunc helper(ch chan int) {\n\tch <- 1\n}\n")
            .unwrap();
        std::fs::write(dir.path().join("c_test.go"), "package p_test\n\nfunc helper() {}\n").unwrap();
        let path = dir.path().join("a.go");
        let package = Package::of_file(&path.to_string_lossy(), FILE);
        let names: Vec<String> = package
            .siblings()
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, ["b.go"]);
        let (file, helper) = package.function("helper").expect("helper in b.go");
        assert_eq!(text(helper.child_by_field_name("name").unwrap(), &file.text), "helper");
        assert!(package.function("produce").is_none(), "the checked file is not its own sibling");
        assert!(package.mentioned_elsewhere("helper") && !package.mentioned_elsewhere("worker"));
        let external = Package::of_file(&dir.path().join("c_test.go").to_string_lossy(), "package p_test\n");
        assert!(external.siblings().is_empty());
        let alone = Package::of_file("<stdin>", FILE);
        assert!(!alone.knows_siblings() && alone.mentioned_elsewhere("anything"));
    }
}
