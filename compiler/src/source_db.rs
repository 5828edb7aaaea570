//! The sources handed to the compiler: file ids, paths and texts (the compiler reads no files).

use clause_grammar::lines::LineIndex;
use clause_grammar::FileId;
use std::sync::OnceLock;

#[derive(Debug, Clone, Default)]
pub struct SourceDb {
    files: Vec<SourceText>,
}

#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path as the user wrote or sees it (used in messages only).
    pub path: String,
    pub text: String,
    /// Built on first use, once per text: every position rendered from it shares it.
    lines: OnceLock<LineIndex>,
}

impl SourceDb {
    pub fn new() -> Self {
        SourceDb::default()
    }

    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceText {
            path: path.into(),
            text: text.into(),
            lines: OnceLock::new(),
        });
        id
    }

    /// Replaces a file's text (the LSP's open buffers take precedence over disk).
    pub fn set_text(&mut self, file: FileId, text: impl Into<String>) {
        if let Some(source) = self.files.get_mut(file.0 as usize) {
            source.text = text.into();
            source.lines = OnceLock::new();
        }
    }

    pub fn get(&self, file: FileId) -> Option<&SourceText> {
        self.files.get(file.0 as usize)
    }

    pub fn path(&self, file: FileId) -> &str {
        self.get(file).map_or("<inconnu>", |s| s.path.as_str())
    }

    pub fn text(&self, file: FileId) -> &str {
        self.get(file).map_or("", |s| s.text.as_str())
    }

    /// The line index of `file`, built once per text (a file with thousands of positions to
    /// show is not scanned for each): line and column for the CLI, UTF-16 positions for the LSP.
    pub fn line_index(&self, file: FileId) -> Option<&LineIndex> {
        self.get(file)
            .map(|source| source.lines.get_or_init(|| LineIndex::new(&source.text)))
    }

    /// The 1-based line and column (in characters) of `offset` in `file`.
    pub fn line_column(&self, file: FileId, offset: usize) -> (usize, usize) {
        match self.line_index(file) {
            Some(lines) => lines.line_column(self.text(file), offset),
            None => (1, 1),
        }
    }

    pub fn find(&self, path: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }

    pub fn ids(&self) -> impl Iterator<Item = FileId> + '_ {
        (0..self.files.len()).map(|i| FileId(i as u32))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
