//! An in-process LSP client for the protocol tests: the real server (`serve`) on in-memory pipes,
//! fixture folders written to a temporary directory, `$0` cursor markers turned into UTF-16
//! positions, and results rendered with file names instead of URIs.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use clause_grammar::lines::LineIndex;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{
    AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf,
};

pub const MARKER: &str = "$0";

pub struct Fixture {
    pub dir: PathBuf,
    /// The file holding the marker, and the marker's position.
    pub cursor: Option<(String, Value)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Writes `files` (name, text with at most one `$0`) into a fresh folder.
pub fn fixture(files: &[(&str, &str)]) -> Fixture {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("clause-lsp-test-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut cursor = None;
    for (name, text) in files {
        let text = match text.find(MARKER) {
            Some(at) => {
                let clean = text.replacen(MARKER, "", 1);
                let index = LineIndex::new(&clean);
                let p = index.to_utf16(&clean, at);
                cursor = Some((
                    name.to_string(),
                    json!({"line": p.line, "character": p.character}),
                ));
                clean
            }
            None => text.to_string(),
        };
        std::fs::write(dir.join(name), text).unwrap();
    }
    Fixture {
        dir: dir.canonicalize().unwrap(),
        cursor,
    }
}

impl Fixture {
    pub fn uri(&self, name: &str) -> String {
        format!("file://{}", self.dir.join(name).display())
    }

    pub fn text(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(name)).unwrap()
    }

    pub fn position(&self) -> Value {
        self.cursor.as_ref().expect("a $0 marker").1.clone()
    }

    pub fn cursor_file(&self) -> String {
        self.cursor.as_ref().expect("a $0 marker").0.clone()
    }

    /// `{ textDocument, position }` at the marker.
    pub fn at(&self) -> Value {
        json!({"textDocument": {"uri": self.uri(&self.cursor_file())}, "position": self.position()})
    }

    /// Replaces URIs by file names, for snapshots.
    pub fn render(&self, value: &Value) -> String {
        let text = serde_json::to_string_pretty(value).unwrap();
        text.replace(&format!("file://{}/", self.dir.display()), "")
            .replace(&format!("{}/", self.dir.display()), "")
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub struct Client {
    writer: WriteHalf<DuplexStream>,
    reader: BufReader<ReadHalf<DuplexStream>>,
    next_id: i64,
    pub notifications: Vec<Value>,
}

impl Client {
    /// Starts the server on pipes and initializes it with `root` as the workspace folder.
    pub async fn start(root: &std::path::Path) -> Client {
        Client::start_with(root, json!(null)).await
    }

    pub async fn start_with(root: &std::path::Path, options: Value) -> Client {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        tokio::spawn(clause_lsp::server::serve(server_read, server_write));
        let (reader, writer) = tokio::io::split(client_side);
        let mut client = Client {
            writer,
            reader: BufReader::new(reader),
            next_id: 1,
            notifications: Vec::new(),
        };
        let root_uri = format!("file://{}", root.display());
        let result = client
            .request(
                "initialize",
                json!({"processId": null, "rootUri": root_uri, "capabilities": {}, "workspaceFolders": [{"uri": root_uri, "name": "test"}], "initializationOptions": options}),
            )
            .await;
        assert!(result.get("capabilities").is_some(), "{result}");
        client.notify("initialized", json!({})).await;
        client
    }

    pub async fn send_raw(&mut self, body: &str) {
        let message = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer.write_all(message.as_bytes()).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params}).to_string();
        self.send_raw(&body).await;
    }

    /// Sends a request and returns its `result` (or `{"error": …}`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let body =
            json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string();
        self.send_raw(&body).await;
        self.response(id).await
    }

    pub async fn response(&mut self, id: i64) -> Value {
        loop {
            let message = self.read().await;
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return match message.get("error") {
                    Some(error) => json!({"error": error}),
                    None => message.get("result").cloned().unwrap_or(Value::Null),
                };
            }
            self.notifications.push(message);
        }
    }

    pub async fn read(&mut self) -> Value {
        tokio::time::timeout(Duration::from_secs(20), async {
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                self.reader.read_line(&mut line).await.unwrap();
                assert!(!line.is_empty(), "the server closed the stream");
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(value) = line.strip_prefix("Content-Length: ") {
                    length = value.parse().unwrap();
                }
            }
            let mut body = vec![0u8; length];
            self.reader.read_exact(&mut body).await.unwrap();
            serde_json::from_slice::<Value>(&body).unwrap()
        })
        .await
        .expect("a message from the server within 20 s")
    }

    /// The next diagnostics published for `uri` (already received ones first).
    pub async fn diagnostics(&mut self, uri: &str) -> Value {
        self.published(uri).await["diagnostics"].clone()
    }

    /// The diagnostics published for `uri` as they stand at the editor's `version` (earlier
    /// publications, for older versions or before the file was opened, are passed over).
    pub async fn diagnostics_of(&mut self, uri: &str, version: i64) -> Value {
        let wait = async {
            loop {
                let published = self.published(uri).await;
                if published["version"] == json!(version) {
                    return published["diagnostics"].clone();
                }
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(20), wait)
            .await
            .unwrap_or_else(|_| panic!("no diagnostics published for version {version} of {uri}"))
    }

    async fn published(&mut self, uri: &str) -> Value {
        let published = |m: &Value| {
            m.get("method") == Some(&json!("textDocument/publishDiagnostics"))
                && m["params"]["uri"] == json!(uri)
        };
        if let Some(index) = self.notifications.iter().position(published) {
            return self.notifications.remove(index)["params"].clone();
        }
        loop {
            let message = self.read().await;
            if published(&message) {
                return message["params"].clone();
            }
            self.notifications.push(message);
        }
    }

    /// Sends one `didChange` of `uri` to the editor's `version` (`change`: a range and its new
    /// text, or `{"text": …}` for the whole file).
    pub async fn change(&mut self, uri: &str, version: i64, change: Value) {
        let params =
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]});
        self.notify("textDocument/didChange", params).await;
    }

    pub async fn open(&mut self, fixture: &Fixture, name: &str) {
        let text = fixture.text(name);
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": fixture.uri(name), "languageId": "clause", "version": 1, "text": text}})).await;
    }
}

/// A shipped agreement's text.
pub fn agreement(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../agreements/{name}.clause",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// `text` with `$0` inserted before the `nth` (0-based) occurrence of `needle`, `shift` bytes in.
pub fn mark(text: &str, needle: &str, nth: usize, shift: usize) -> String {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i + shift)
        .expect("the needle");
    format!("{}{MARKER}{}", &text[..at], &text[at..])
}

/// The labels of completion items.
pub fn labels(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect()
}
