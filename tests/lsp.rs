//! `chanfix lsp` with a scripted client over in-memory channels:
//! initialize → didOpen → publishDiagnostics → codeAction → the applied
//! edit equals `chanfix fix -`; hover shows the rule's documentation;
//! didChange re-checks; settings files apply; shutdown ends the server.

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

const LEAK: &str = include_str!("../testdata/cli/timeout.go");
const UNFIXABLE: &str = include_str!("../transforms/abandoned_sender/testdata/neg_len_observed.go");

/// The client end of a running server.
struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
    next_id: i32,
}

impl Client {
    fn start(cwd: &Path) -> Client {
        let (server, conn) = Connection::memory();
        let cwd = cwd.to_path_buf();
        let handle = std::thread::spawn(move || chanfix::lsp::serve(&server, &cwd));
        let mut client = Client { conn, server: Some(handle), next_id: 0 };
        let init = client.request("initialize", json!({ "capabilities": {} }));
        assert_eq!(init["capabilities"]["codeActionProvider"], json!(true), "{init}");
        client.notify("initialized", json!({}));
        client
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn.sender.send(Message::Notification(Notification::new(method.into(), params))).unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn.sender.send(Message::Request(Request::new(id.clone(), method.into(), params))).unwrap();
        match self.receive() {
            Message::Response(Response { id: got, response_result: Ok(result), .. }) if got == id => result,
            other => panic!("expected the response to {method}, got {other:?}"),
        }
    }

    fn receive(&self) -> Message {
        self.conn.receiver.recv_timeout(Duration::from_secs(30)).expect("the server answers")
    }

    /// The next publishDiagnostics notification's parameters.
    fn diagnostics(&self) -> Value {
        match self.receive() {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => n.params,
            other => panic!("expected diagnostics, got {other:?}"),
        }
    }

    fn open(&self, uri: &str, text: &str) -> Value {
        let doc = json!({ "uri": uri, "languageId": "go", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
        self.diagnostics()
    }

    fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().unwrap();
        assert_eq!(result, Ok(()));
    }
}

/// Applies LSP text edits to ASCII text (so UTF-16 columns are bytes).
fn apply(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    edits.sort();
    let mut out = text.to_string();
    for (start, end, new) in edits.into_iter().rev() {
        out.replace_range(start..end, new);
    }
    out
}

fn uri(dir: &Path, name: &str) -> String {
    format!("file://{}/{name}", dir.display())
}

#[test]
fn diagnostics_then_quick_fix_equals_fix_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(dir.path(), "timeout.go");
    let mut client = Client::start(dir.path());
    let published = client.open(&uri, LEAK);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    let d = &diagnostics[0];
    assert_eq!((d["code"].as_str(), d["source"].as_str()), (Some("abandoned-sender"), Some("chanfix")));
    assert_eq!(d["range"]["start"], json!({ "line": 14, "character": 2 }), "timeout.go:15:3");
    assert!(d["data"]["explain"].as_str().unwrap().contains("abandoned-sender"));

    let params =
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } });
    let actions = client.request("textDocument/codeAction", params);
    let quick = actions.as_array().unwrap().iter().find(|a| a["kind"] == "quickfix").expect("a quick fix");
    let fixed = apply(LEAK, &quick["edit"]["changes"][&uri]);
    let expected = chanfix_in(dir.path(), &["fix", "-"], LEAK).stdout;
    assert_eq!(fixed, expected);
    let all = actions.as_array().unwrap().iter().find(|a| a["kind"] == "source.fixAll").expect("fix all");
    assert_eq!(apply(LEAK, &all["edit"]["changes"][&uri]), expected);

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 14, "character": 4 } }),
    );
    let explain = chanfix_in(dir.path(), &["explain", "abandoned-sender"], "").stdout;
    assert_eq!(hover["contents"]["value"].as_str(), Some(explain.as_str()));

    let change =
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": expected }] });
    client.notify("textDocument/didChange", change);
    let again = client.diagnostics();
    assert_eq!((again["version"].clone(), again["diagnostics"].clone()), (json!(2), json!([])));
    client.shutdown();
}

#[test]
fn unfixable_finding_offers_the_ignore_directive_and_settings_apply() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("quiet")).unwrap();
    std::fs::write(dir.path().join("quiet/chanfix.toml"), "ignore = [\"abandoned-sender\"]\n").unwrap();
    let mut client = Client::start(dir.path());
    let quiet = client.open(&uri(dir.path(), "quiet/a.go"), UNFIXABLE);
    assert_eq!(quiet["diagnostics"], json!([]));
    let uri = uri(dir.path(), "b.go");
    let published = client.open(&uri, UNFIXABLE);
    let d = &published["diagnostics"][0];
    assert!(d["message"].as_str().unwrap().contains("(no fix: "), "{d}");
    let params =
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } });
    let actions = client.request("textDocument/codeAction", params);
    let quick = &actions[0];
    assert_eq!(quick["title"], "chanfix: silence with //chanfix:ignore");
    let silenced = apply(UNFIXABLE, &quick["edit"]["changes"][&uri]);
    assert!(
        silenced.contains("\t\t//chanfix:ignore abandoned-sender\n\t\tdone <- \"finished\""),
        "{silenced}"
    );
    assert_eq!(chanfix_in(dir.path(), &["check", "-"], &silenced).stdout, "");
    client.shutdown();
}

#[test]
fn a_fix_that_would_edit_another_file_is_not_offered_as_a_quick_fix() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("transforms/abandoned_producer/testdata/producer_other_file");
    let dir = tempfile::tempdir().unwrap();
    let consume = std::fs::read_to_string(fixture.join("consume.go")).unwrap();
    std::fs::write(dir.path().join("consume.go"), &consume).unwrap();
    std::fs::copy(fixture.join("produce.go"), dir.path().join("produce.go")).unwrap();
    let mut client = Client::start(dir.path());
    let uri = uri(dir.path(), "consume.go");
    let published = client.open(&uri, &consume);
    let d = &published["diagnostics"][0];
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("(no fix: its fix also edits produce.go, another file of the package"), "{d}");
    let params =
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } });
    let actions = client.request("textDocument/codeAction", params);
    let titles: Vec<&str> =
        actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["chanfix: silence with //chanfix:ignore"], "only the directive is offered");
    client.shutdown();
}
