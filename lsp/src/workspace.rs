//! The server's view of the files: the folder's `.clause` files on disk, the open buffers that
//! take precedence over them, and the analysis of one state of them. A file with a syntax error
//! is analyzed in its current text: the entry in error is left out, the others are parsed,
//! checked and navigable, and every position sent belongs to the text in the editor.

use crate::snapshot::Snapshot;
use clause_compiler::{analyze_parsed, FileId, SourceDb};
use clause_grammar::lines::{LineIndex, Utf16Position};
use clause_grammar::{parse, reparse, Parsed};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// Most `.clause` files read from the workspace folder.
const MAX_FILES: usize = 5000;

#[derive(Debug, Clone)]
pub struct Document {
    pub uri: Uri,
    /// The path shown in messages.
    pub path: String,
    pub disk: Option<String>,
    pub open: Option<String>,
    /// The editor's version of the open buffer (sent back with its diagnostics).
    pub version: Option<i32>,
}

impl Document {
    pub fn text(&self) -> Option<&str> {
        self.open.as_deref().or(self.disk.as_deref())
    }
}

#[derive(Debug)]
pub struct Workspace {
    pub documents: Vec<Document>,
    /// Re-parse only what an edit touches (initialization option `incrementalParsing`, on by
    /// default; off, every analysis parses every file in full).
    pub incremental: bool,
    /// Bumped on every change: an analysis answers for one revision.
    pub revision: u64,
    /// The last text of each file that parsed, with its parse, by URI.
    last_good: HashMap<String, Arc<GoodParse>>,
}

/// A file's last text that parsed without error and its parse: the base of the next
/// incremental re-parse.
#[derive(Debug)]
pub struct GoodParse {
    pub file: FileId,
    pub text: String,
    pub parsed: Parsed,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            documents: Vec::new(),
            incremental: true,
            revision: 0,
            last_good: HashMap::new(),
        }
    }
}

/// One analyzed state, shared by the requests.
pub struct Analyzed {
    pub revision: u64,
    pub snapshot: Snapshot,
    pub uris: Vec<Uri>,
    /// The editor's version of each file analyzed (`None` for a file read from disk).
    pub versions: Vec<Option<i32>>,
}

impl Analyzed {
    pub fn empty() -> Self {
        Analyzed {
            revision: 0,
            snapshot: Snapshot::new(SourceDb::new()),
            uris: Vec::new(),
            versions: Vec::new(),
        }
    }

    pub fn file(&self, uri: &Uri) -> Option<FileId> {
        self.uris
            .iter()
            .position(|u| u == uri)
            .map(|i| FileId(i as u32))
    }

    pub fn uri(&self, file: FileId) -> Option<Uri> {
        self.uris.get(file.0 as usize).cloned()
    }
}

/// What an analysis needs, copied out of the workspace so the lock is not held while it runs.
pub struct Inputs {
    pub revision: u64,
    /// Each file's URI, displayed path, text and editor version.
    pub files: Vec<(Uri, String, String, Option<i32>)>,
    pub last_good: HashMap<String, Arc<GoodParse>>,
    pub incremental: bool,
}

impl Workspace {
    /// Reads every `.clause` file under `root` (hidden folders, `target` and `node_modules` left out).
    pub fn scan(&mut self, root: &Path) {
        let mut found = Vec::new();
        walk(root, &mut found, 0);
        found.sort();
        for path in found.into_iter().take(MAX_FILES) {
            if let Some(uri) = Uri::from_file_path(&path) {
                let disk = read(&path);
                self.upsert(uri, path.display().to_string()).disk = disk;
            }
        }
        self.revision += 1;
    }

    fn upsert(&mut self, uri: Uri, path: String) -> &mut Document {
        let index = match self.documents.iter().position(|d| d.uri == uri) {
            Some(index) => index,
            None => {
                self.documents.push(Document {
                    uri,
                    path,
                    disk: None,
                    open: None,
                    version: None,
                });
                self.documents.len() - 1
            }
        };
        &mut self.documents[index]
    }

    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = display_path(&uri);
        let document = self.upsert(uri, path);
        document.open = Some(text);
        document.version = Some(version);
        self.revision += 1;
    }

    /// Applies one change: a range (UTF-16) replaced by `text`, or the whole text when no range.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        range: Option<(Utf16Position, Utf16Position)>,
        text: String,
    ) {
        let Some(document) = self.documents.iter_mut().find(|d| &d.uri == uri) else {
            return;
        };
        document.version = Some(version);
        let current = document
            .open
            .take()
            .or_else(|| document.disk.clone())
            .unwrap_or_default();
        let updated = match range {
            None => text,
            Some((start, end)) => {
                let lines = LineIndex::new(&current);
                let start = lines.from_utf16(&current, start);
                let end = lines.from_utf16(&current, end).max(start);
                let mut updated = String::with_capacity(current.len() + text.len());
                updated.push_str(&current[..start]);
                updated.push_str(&text);
                updated.push_str(&current[end..]);
                updated
            }
        };
        document.open = Some(updated);
        self.revision += 1;
    }

    /// A closed buffer falls back to the disk (and disappears when the file is gone).
    pub fn close(&mut self, uri: &Uri) {
        if let Some(index) = self.documents.iter().position(|d| &d.uri == uri) {
            let disk = uri.to_file_path().and_then(|p| read(&p));
            if disk.is_none() {
                self.documents.remove(index);
                self.last_good.remove(uri.as_str());
            } else {
                self.documents[index].open = None;
                self.documents[index].version = None;
                self.documents[index].disk = disk;
            }
        }
        self.revision += 1;
    }

    /// A file changed, appeared or disappeared on disk.
    pub fn disk_changed(&mut self, uri: Uri, deleted: bool) {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let disk = if deleted {
            None
        } else {
            path.as_deref().and_then(read)
        };
        match self.documents.iter().position(|d| d.uri == uri) {
            Some(index) if disk.is_none() && self.documents[index].open.is_none() => {
                self.documents.remove(index);
                self.last_good.remove(uri.as_str());
            }
            Some(index) => self.documents[index].disk = disk,
            None if disk.is_some() => {
                let display = display_path(&uri);
                self.upsert(uri, display).disk = disk;
            }
            None => {}
        }
        self.revision += 1;
    }

    pub fn inputs(&self) -> Inputs {
        Inputs {
            revision: self.revision,
            files: self
                .documents
                .iter()
                .filter_map(|d| {
                    let text = d.text()?.to_string();
                    Some((d.uri.clone(), d.path.clone(), text, d.version))
                })
                .collect(),
            last_good: self.last_good.clone(),
            incremental: self.incremental,
        }
    }

    pub fn remember_good(&mut self, good: Vec<(String, Arc<GoodParse>)>) {
        for (uri, text) in good {
            self.last_good.insert(uri, text);
        }
    }
}

/// Analyses one state. Each file is re-parsed from its last text that parsed (only the entries
/// an edit touched go through the parser again). A syntax error costs its entry: the file is
/// analyzed in its current text, the other entries with it, so every position sent (tokens,
/// diagnostics, hovers, symbols) belongs to the current text; a file refused whole (too large,
/// nested too deep) has no tree, only its error. Returns the analysis and the new parses to
/// remember (those without errors).
pub fn analyze(inputs: Inputs) -> (Analyzed, Vec<(String, Arc<GoodParse>)>) {
    let mut db = SourceDb::new();
    let mut uris = Vec::new();
    let mut versions = Vec::new();
    let mut parses = Vec::with_capacity(inputs.files.len());
    let mut good = Vec::new();
    for (index, (uri, path, text, version)) in inputs.files.into_iter().enumerate() {
        let file = FileId(index as u32);
        let previous = inputs
            .last_good
            .get(uri.as_str())
            .filter(|previous| previous.file == file);
        let unchanged = previous.is_some_and(|p| p.text == text);
        let parsed = match previous {
            Some(previous) if unchanged => previous.parsed.clone(),
            Some(previous) if inputs.incremental => {
                reparse(file, &previous.text, &previous.parsed, &text)
            }
            _ => parse(file, &text),
        };
        // A parse that left entries out is not a base for the next incremental one.
        if !unchanged && parsed.file.is_some() && parsed.skipped.is_empty() {
            good.push((
                uri.as_str().to_string(),
                Arc::new(GoodParse {
                    file,
                    text: text.clone(),
                    parsed: parsed.clone(),
                }),
            ));
        }
        db.add(path, text);
        parses.push(parsed);
        uris.push(uri);
        versions.push(version);
    }
    let analysis = analyze_parsed(&db, parses);
    let snapshot = Snapshot::from_analysis(db, analysis);
    (
        Analyzed {
            revision: inputs.revision,
            snapshot,
            uris,
            versions,
        },
        good,
    )
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, depth: usize) {
    if depth > 16 || found.len() > MAX_FILES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        match entry.file_type() {
            Ok(t)
                if t.is_dir()
                    && !(name.starts_with('.') || name == "target" || name == "node_modules") =>
            {
                walk(&path, found, depth + 1)
            }
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "clause") => {
                found.push(path)
            }
            _ => {}
        }
    }
}

/// A file's text; invalid UTF-8 is read with replacement characters (the parser reports them).
fn read(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}

fn display_path(uri: &Uri) -> String {
    uri.to_file_path()
        .map_or_else(|| uri.as_str().to_string(), |p| p.display().to_string())
}
