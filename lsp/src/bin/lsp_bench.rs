//! LSP latency benchmark: the real server (in process, on pipes) driven as an editor drives it.
//! Measures the time from a `didChange` to the `publishDiagnostics` of its version (200 edits:
//! a wrong `attendu` value toggled; or a line typed and erased one character at a time, most
//! intermediate texts not parsing), and hover latency (200 hovers), on the shipped agreements
//! and on a generated 10 000-line agreement.
//!
//! Usage: `cargo run --release -p clause-lsp --bin lsp_bench [-- AGREEMENTS_DIR]`

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::io::{
    AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf,
};

const EDITS: usize = 200;

struct Client {
    writer: WriteHalf<DuplexStream>,
    reader: BufReader<ReadHalf<DuplexStream>>,
    next_id: i64,
}

type Failure = Box<dyn std::error::Error>;

impl Client {
    async fn send(&mut self, message: Value) -> Result<(), Failure> {
        let body = message.to_string();
        self.writer
            .write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
            .await?;
        self.writer.flush().await?;
        Ok(())
    }

    async fn read(&mut self) -> Result<Value, Failure> {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).await? == 0 {
                return Err("the server closed the stream".into());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse()?;
            }
        }
        let mut body = vec![0u8; length];
        self.reader.read_exact(&mut body).await?;
        Ok(serde_json::from_slice(&body)?)
    }

    async fn request(&mut self, method: &str, params: Value) -> Result<Value, Failure> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await?;
        loop {
            let message = self.read().await?;
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return Ok(message.get("result").cloned().unwrap_or(Value::Null));
            }
        }
    }

    async fn notify(&mut self, method: &str, params: Value) -> Result<(), Failure> {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await
    }

    /// The diagnostics published for `version` of `uri` (those of older versions are passed over).
    async fn diagnostics_for(&mut self, uri: &str, version: usize) -> Result<Value, Failure> {
        loop {
            let message = self.read().await?;
            if message.get("method") == Some(&json!("textDocument/publishDiagnostics"))
                && message["params"]["uri"] == json!(uri)
                && message["params"]["version"] == json!(version)
            {
                return Ok(message["params"]["diagnostics"].clone());
            }
        }
    }
}

async fn start(root: &Path, incremental: bool) -> Result<Client, Failure> {
    let (client_side, server_side) = tokio::io::duplex(1 << 22);
    let (server_read, server_write) = tokio::io::split(server_side);
    tokio::spawn(clause_lsp::server::serve(server_read, server_write));
    let (reader, writer) = tokio::io::split(client_side);
    let mut client = Client {
        writer,
        reader: BufReader::new(reader),
        next_id: 1,
    };
    let uri = format!("file://{}", root.display());
    client.request("initialize", json!({"processId": null, "rootUri": uri, "capabilities": {}, "workspaceFolders": [{"uri": uri, "name": "bench"}], "initializationOptions": {"incrementalParsing": incremental}})).await?;
    client.notify("initialized", json!({})).await?;
    Ok(client)
}

struct Stats {
    median: Duration,
    p99: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Stats {
        median: at(0.5),
        p99: at(0.99),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// An edit as the editor sends it: a range (line, UTF-16 column) replaced by a text.
struct Change {
    start: (usize, usize),
    end: (usize, usize),
    text: String,
}

/// Toggles `needle` with `toggled` at each edit: every edit changes the diagnostics.
fn toggling(text: &str, needle: &str, toggled: &str) -> Result<Vec<Change>, Failure> {
    let offset = text.find(needle).ok_or("needle not found")?;
    let (line, character) = position(text, offset);
    let length = needle.encode_utf16().count();
    Ok((0..EDITS)
        .map(|version| Change {
            start: (line, character),
            end: (line, character + length),
            text: if version % 2 == 0 { toggled } else { needle }.to_string(),
        })
        .collect())
}

/// Types `typed` one character at a time at the end of the line holding `anchor`, then deletes it
/// one character at a time, and again: most intermediate texts do not parse or do not check.
fn typing(text: &str, anchor: &str, typed: &str) -> Result<Vec<Change>, Failure> {
    let offset = text.find(anchor).ok_or("anchor not found")?;
    let line_end = offset + text[offset..].find('\n').ok_or("anchor line")?;
    let (line, column) = position(text, line_end);
    let characters: Vec<char> = typed.chars().collect();
    let mut changes = Vec::with_capacity(EDITS);
    // The cursor as (line, UTF-16 column) after each typed character.
    let mut cursors = vec![(line, column)];
    for c in &characters {
        let &(l, col) = cursors.last().ok_or("cursor")?;
        cursors.push(if *c == '\n' {
            (l + 1, 0)
        } else {
            (l, col + c.len_utf16())
        });
    }
    while changes.len() < EDITS {
        for (i, c) in characters.iter().enumerate() {
            changes.push(Change {
                start: cursors[i],
                end: cursors[i],
                text: c.to_string(),
            });
        }
        for i in (0..characters.len()).rev() {
            changes.push(Change {
                start: cursors[i],
                end: cursors[i + 1],
                text: String::new(),
            });
        }
    }
    changes.truncate(EDITS);
    Ok(changes)
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let line = text[..offset].matches('\n').count();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].encode_utf16().count())
}

/// Opens `file` (inside `root`), sends `changes` one at a time, each waiting for the diagnostics
/// of its version, then hovers at `hover_at` (a line and UTF-16 column on a name) 200 times.
async fn measure(
    root: &Path,
    file: &Path,
    changes: &[Change],
    hover_at: (u32, u32),
    incremental: bool,
) -> Result<(Stats, Stats), Failure> {
    let mut client = start(root, incremental).await?;
    let uri = format!("file://{}", file.display());
    let text = std::fs::read_to_string(file)?;
    client.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "clause", "version": 1, "text": text}})).await?;
    client.diagnostics_for(&uri, 1).await?;
    let mut edit_times = Vec::with_capacity(changes.len());
    for (index, change) in changes.iter().enumerate() {
        let version = index + 2;
        let change = json!({"range": {"start": {"line": change.start.0, "character": change.start.1}, "end": {"line": change.end.0, "character": change.end.1}}, "text": change.text});
        let started = Instant::now();
        client.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})).await?;
        client.diagnostics_for(&uri, version).await?;
        edit_times.push(started.elapsed());
    }
    let mut hover_times = Vec::with_capacity(EDITS);
    for _ in 0..EDITS {
        let started = Instant::now();
        let hover = client.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": hover_at.0, "character": hover_at.1}})).await?;
        hover_times.push(started.elapsed());
        if hover.is_null() {
            return Err("hover returned nothing".into());
        }
    }
    Ok((stats(edit_times), stats(hover_times)))
}

/// A generated agreement of about 10 000 lines: 2 500 envelopes with their `attendu` values.
fn generated_agreement() -> String {
    let mut lines = vec![
        "accord grand_accord \"Accord généré : 10 000 lignes\" {".to_string(),
        "  statut proposé".into(),
        "  proposé le 2020-11-04".into(),
        "  source \"généré\"".into(),
        "  entrée habitants \"Population\" : nombre".into(),
        "  tranches taille selon habitants {".into(),
        "    taille_1 \"Taille 1\" : moins de 40 000".into(),
        "    taille_2 \"Taille 2\" : de 40 000 à moins de 80 000".into(),
        "    taille_3 \"Taille 3\" : de 80 000 à moins de 175 000".into(),
        "    taille_4 \"Taille 4\" : à partir de 175 000".into(),
        "  }".into(),
    ];
    let mut i = 0;
    while lines.len() < 9990 {
        let amounts: Vec<u32> = (1..=4).map(|band| band * 1000 + i).collect();
        lines.push(format!(
            "  enveloppe e{i} \"Enveloppe n° {i} — coût « été »\" par taille [{} €, {} €, {} €, {} €]",
            amounts[0], amounts[1], amounts[2], amounts[3]
        ));
        lines.push(format!("    source \"généré, ligne {i}\""));
        lines.push(format!("  valeur v{i} = 200 % × e{i}"));
        lines.push(format!(
            "    attendu [{} €, {} €, {} €, {} €]",
            amounts[0] * 2,
            amounts[1] * 2,
            amounts[2] * 2,
            amounts[3] * 2
        ));
        i += 1;
    }
    lines.push("}".into());
    lines.join("\n") + "\n"
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let agreements = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../agreements")));
    let agreements = agreements.canonicalize()?;
    println!("| fichier | lignes | analyse | didChange → publishDiagnostics (médiane / p99) | hover (médiane / p99) |");
    println!("|---|--:|---|--:|--:|");
    let avenant = agreements.join("avenant_2_proposition_2020.clause");
    let text = std::fs::read_to_string(&avenant)?;
    let hover_line = text
        .lines()
        .position(|l| l.contains("75 % × fonctionnement"))
        .ok_or("hover line")? as u32;
    let changes = toggling(&text, "[37 500 €", "[37 501 €")?;
    let scenario = Scenario {
        name: "agreements/ (4 fichiers), un montant de l'avenant 2 modifié",
        lines: count_lines(&agreements)?,
        root: &agreements,
        file: &avenant,
        changes: &changes,
        hover_at: (hover_line, 16),
    };
    scenario.run().await?;

    let dir = std::env::temp_dir().join(format!("clause-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let big = dir.join("grand_accord.clause");
    let generated = generated_agreement();
    std::fs::write(&big, &generated)?;
    let hover_line = generated
        .lines()
        .position(|l| l.contains("= 200 % × e1250"))
        .ok_or("hover line")? as u32;
    let amount = toggling(&generated, "attendu [2002 €", "attendu [2003 €")?;
    let typed = typing(
        &generated,
        "attendu [6988 €",
        "\n  valeur saisie = 3 × e1250 + 1 000 €",
    )?;
    for (name, changes) in [
        ("accord généré, un montant modifié", &amount),
        (
            "accord généré, une ligne tapée puis effacée caractère par caractère, en fin de fichier",
            &typed,
        ),
    ] {
        let scenario = Scenario {
            name,
            lines: generated.lines().count(),
            root: &dir,
            file: &big,
            changes,
            hover_at: (hover_line, 9),
        };
        scenario.run().await?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// One file edited the same way by a server re-parsing incrementally, and by one parsing every
/// file in full at each edit (the baseline, in the same run).
struct Scenario<'a> {
    name: &'a str,
    lines: usize,
    root: &'a Path,
    file: &'a Path,
    changes: &'a [Change],
    hover_at: (u32, u32),
}

impl Scenario<'_> {
    async fn run(&self) -> Result<(), Failure> {
        let mut medians = Vec::new();
        for (incremental, label) in [(false, "complète"), (true, "incrémentale")] {
            let (edits, hovers) = measure(
                self.root,
                self.file,
                self.changes,
                self.hover_at,
                incremental,
            )
            .await?;
            println!(
                "| {} | {} | {label} | {} / {} | {} / {} |",
                self.name,
                self.lines,
                ms(edits.median),
                ms(edits.p99),
                ms(hovers.median),
                ms(hovers.p99)
            );
            medians.push(edits.median);
        }
        println!(
            "|  |  | rapport complète / incrémentale (médianes) | ×{:.1} |  |",
            medians[0].as_secs_f64() / medians[1].as_secs_f64()
        );
        Ok(())
    }
}

fn count_lines(dir: &Path) -> Result<usize, Failure> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "clause") {
            total += std::fs::read_to_string(path)?.lines().count();
        }
    }
    Ok(total)
}
