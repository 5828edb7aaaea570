//! The sources handed to the compiler: file ids, paths and texts (the compiler reads no files).

use clause_grammar::FileId;

#[derive(Debug, Clone, Default)]
pub struct SourceDb {
    files: Vec<SourceText>,
}

#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path as the user wrote or sees it (used in messages only).
    pub path: String,
    pub text: String,
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
        });
        id
    }

    /// Replaces a file's text (the LSP's open buffers take precedence over disk).
    pub fn set_text(&mut self, file: FileId, text: impl Into<String>) {
        if let Some(source) = self.files.get_mut(file.0 as usize) {
            source.text = text.into();
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
