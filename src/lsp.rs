//! `chanfix lsp`: the same engine as a language server over standard I/O,
//! so editors show findings as you type. Open, changed (full text) and
//! saved Go documents are checked with the settings that apply to their
//! path; each finding becomes a diagnostic (code = rule id, the rule's
//! `explain` text in `data.explain` and on hover) and each fix a quick-fix
//! code action, next to a whole-file "fix all" whose result equals
//! `chanfix fix -`. A finding without a fix offers the `//chanfix:ignore`
//! directive instead. Positions are UTF-16, the protocol's default.

use crate::finding::{Edit, Finding};
use crate::go;
use crate::pipeline::{self, Outcome};
use crate::plan::Planner;
use crate::rules::{self, Compiled};
use crate::suppress;
use crate::{config, finding};
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability,
    Diagnostic, DiagnosticSeverity, Hover, HoverContents, HoverParams, HoverProviderCapability,
    MarkupContent, MarkupKind, NumberOrString, Position, PublishDiagnosticsParams, Range, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Serves the editor on the process's standard input and output until it
/// says `exit`. `cwd` is where relative paths are shown from.
pub fn run_stdio(cwd: &Path) -> Result<(), String> {
    let (connection, threads) = Connection::stdio();
    serve(&connection, cwd)?;
    drop(connection);
    threads.join().map_err(|e| e.to_string())
}

/// The server's capabilities: full-text sync with save, code actions, hover.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Answers one client on `connection`: initialize, then messages until shutdown.
pub fn serve(connection: &Connection, cwd: &Path) -> Result<(), String> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    connection.initialize(caps).map_err(|e| e.to_string())?;
    let mut server = Server { cwd: cwd.to_path_buf(), documents: HashMap::new(), compiled: Compiled::new() };
    for message in &connection.receiver {
        let replies = match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).map_err(|e| e.to_string())? {
                    return Ok(());
                }
                vec![Message::Response(server.request(request))]
            }
            Message::Notification(note) => {
                server.notification(note).into_iter().map(Message::Notification).collect()
            }
            Message::Response(_) => Vec::new(),
        };
        for reply in replies {
            connection.sender.send(reply).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The open documents and what the server needs to check them.
struct Server {
    cwd: PathBuf,
    documents: HashMap<String, Document>,
    compiled: Compiled,
}

struct Document {
    uri: Uri,
    text: String,
    version: i32,
}

impl Server {
    fn notification(&mut self, note: Notification) -> Option<Notification> {
        let uri = match note.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(note.params).ok()?;
                let doc = p.text_document;
                let document = Document { uri: doc.uri.clone(), text: doc.text, version: doc.version };
                self.documents.insert(doc.uri.as_str().to_string(), document);
                doc.uri
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(note.params).ok()?;
                let document = self.documents.get_mut(p.text_document.uri.as_str())?;
                document.text = p.content_changes.into_iter().last()?.text;
                document.version = p.text_document.version;
                p.text_document.uri
            }
            DidSaveTextDocument::METHOD => {
                let p: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(note.params).ok()?;
                if let (Some(text), Some(document)) =
                    (p.text, self.documents.get_mut(p.text_document.uri.as_str()))
                {
                    document.text = text;
                }
                p.text_document.uri
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(note.params).ok()?;
                self.documents.remove(p.text_document.uri.as_str());
                let params = PublishDiagnosticsParams {
                    uri: p.text_document.uri,
                    diagnostics: Vec::new(),
                    version: None,
                };
                return Some(Notification::new(PublishDiagnostics::METHOD.into(), params));
            }
            _ => return None,
        };
        let params = self.diagnostics(uri.as_str())?;
        Some(Notification::new(PublishDiagnostics::METHOD.into(), params))
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            CodeActionRequest::METHOD => serde_json::from_value::<CodeActionParams>(request.params)
                .map(|p| serde_json::to_value(self.code_actions(&p)).expect("actions serialize")),
            HoverRequest::METHOD => serde_json::from_value::<HoverParams>(request.params)
                .map(|p| serde_json::to_value(self.hover(&p)).expect("hover serializes")),
            method => {
                let code = lsp_server::ErrorCode::MethodNotFound as i32;
                return Response::new_err(id, code, format!("chanfix does not handle {method}"));
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(e) => Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, e.to_string()),
        }
    }

    /// Checks a document: its findings (`add_ignore`: with the directive as
    /// the fix of those that have none), or why it could not be checked.
    fn check(&self, uri: &str, add_ignore: bool) -> Option<Result<Outcome, String>> {
        let document = self.documents.get(uri)?;
        let path = file_path(&document.uri).unwrap_or_else(|| self.cwd.join("untitled.go"));
        let display = path.strip_prefix(&self.cwd).unwrap_or(&path).display().to_string();
        let planned =
            Planner::new(config::Source::Discover, None, false, &self.cwd).and_then(|mut p| p.plan(&path));
        Some(planned.map(|plan| {
            if plan.excluded || (!plan.include_generated && go::is_generated(&document.text)) {
                return Outcome::default();
            }
            let mut options = plan.options(add_ignore.then_some(""));
            options.location = Some(&path);
            // Quick fixes edit the open document only.
            options.own_file_only =
                Some("another file of the package; chanfix's quick fixes change one file");
            pipeline::check_source_with(
                &self.compiled,
                &mut go::new_parser(),
                &display,
                &document.text,
                &options,
            )
        }))
    }

    fn diagnostics(&self, uri: &str) -> Option<PublishDiagnosticsParams> {
        let document = self.documents.get(uri)?;
        let diagnostics = match self.check(uri, false)? {
            Ok(outcome) => outcome.findings.iter().map(|f| diagnostic(&document.text, f)).collect(),
            Err(message) => vec![Diagnostic {
                range: Range::default(),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("chanfix".into()),
                message,
                ..Diagnostic::default()
            }],
        };
        Some(PublishDiagnosticsParams {
            uri: document.uri.clone(),
            diagnostics,
            version: Some(document.version),
        })
    }

    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = p.text_document.uri.as_str();
        let (Some(document), Some(Ok(outcome))) = (self.documents.get(uri), self.check(uri, true)) else {
            return Vec::new();
        };
        let text = &document.text;
        let wanted = offset(text, p.range.start)..offset(text, p.range.end);
        let mut actions: Vec<CodeActionOrCommand> = outcome
            .findings
            .iter()
            .filter(|f| f.range.start <= wanted.end && wanted.start <= f.range.end)
            .filter_map(|f| Some((f, f.fix.as_ref()?)))
            .map(|(f, fix)| {
                let edits = fix.edits.iter().map(|e| text_edit(text, e)).collect();
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("chanfix: {}", fix.message),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic(text, f)]),
                    edit: Some(workspace_edit(&document.uri, edits)),
                    is_preferred: Some(fix.message != suppress::ADD_IGNORE),
                    ..CodeAction::default()
                })
            })
            .collect();
        if let Some(Ok(Outcome { fixed: Some(fixed), .. })) = self.check(uri, false) {
            let whole = Edit::new(0..text.len(), fixed);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "chanfix: fix all in this file".into(),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(workspace_edit(&document.uri, vec![text_edit(text, &whole)])),
                ..CodeAction::default()
            }));
        }
        actions
    }

    /// The documentation of the rule of the finding under the cursor.
    fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let uri = p.text_document_position_params.text_document.uri.as_str();
        let document = self.documents.get(uri)?;
        let at = offset(&document.text, p.text_document_position_params.position);
        let outcome = self.check(uri, false)?.ok()?;
        let found = outcome.findings.into_iter().find(|f| f.range.start <= at && at <= f.range.end)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: explain(found.rule),
            }),
            range: Some(range(&document.text, &found.range)),
        })
    }
}

/// The rule's documentation, as `chanfix explain` prints it.
fn explain(rule: &str) -> String {
    match rules::find(rule) {
        Some(rule) => rule.doc.to_string(),
        None => suppress::EXPLAIN_UNUSED_IGNORE.to_string(),
    }
}

fn diagnostic(text: &str, f: &Finding) -> Diagnostic {
    let message = match &f.no_fix_reason {
        Some(reason) => format!("{} (no fix: {reason})", f.message),
        None => f.message.clone(),
    };
    Diagnostic {
        range: range(text, &f.range),
        severity: Some(DiagnosticSeverity::WARNING),
        code: Some(NumberOrString::String(f.rule.to_string())),
        source: Some("chanfix".into()),
        message,
        data: Some(serde_json::json!({ "explain": explain(f.rule) })),
        ..Diagnostic::default()
    }
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
}

fn text_edit(text: &str, edit: &Edit) -> TextEdit {
    TextEdit { range: range(text, &(edit.start..edit.end)), new_text: edit.replacement.clone() }
}

fn range(text: &str, bytes: &std::ops::Range<usize>) -> Range {
    Range { start: position(text, bytes.start), end: position(text, bytes.end) }
}

/// The protocol position (0-based line, UTF-16 column) of a byte offset.
pub fn position(text: &str, offset: usize) -> Position {
    let (line, column) = finding::line_col(text, offset);
    let line_start = offset + 1 - column;
    let character = text[line_start..offset].encode_utf16().count();
    Position { line: (line - 1) as u32, character: character as u32 }
}

/// The byte offset of a protocol position (clamped to the line and the text).
pub fn offset(text: &str, at: Position) -> usize {
    let line_start = if at.line == 0 {
        0
    } else {
        text.match_indices('\n').nth(at.line as usize - 1).map_or(text.len(), |(i, _)| i + 1)
    };
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= at.character as usize {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    line_start + line.len()
}

/// The local path of a `file:` URI.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().map(|s| s.as_str()) != Some("file") {
        return None;
    }
    Some(PathBuf::from(uri.path().as_estr().decode().into_string_lossy().into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a\n€𝄞x\n";
        let x = text.find('x').unwrap();
        assert_eq!(position(text, x), Position { line: 1, character: 3 });
        assert_eq!(offset(text, Position { line: 1, character: 3 }), x);
        assert_eq!(offset(text, Position { line: 9, character: 0 }), text.len());
    }

    #[test]
    fn file_uris_become_paths() {
        let uri: Uri = "file:///tmp/a%20b/x.go".parse().unwrap();
        assert_eq!(file_path(&uri), Some(PathBuf::from("/tmp/a b/x.go")));
        assert_eq!(file_path(&"untitled:1".parse().unwrap()), None);
    }
}
