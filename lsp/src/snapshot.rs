//! One analyzed state of the workspace: the sources, the compiler's analysis, the navigation
//! index, computed once and shared by every request until the next change.

use crate::navigation::NavIndex;
use crate::values::VersionValues;
use clause_compiler::{analyze, Analysis, FileId, SourceDb, Span};
use clause_grammar::ast::SourceFile;
use clause_grammar::lines::{LineIndex, Utf16Position};
use std::sync::OnceLock;

pub struct Snapshot {
    pub db: SourceDb,
    pub analysis: Analysis,
    pub index: NavIndex,
    /// Per-band static values of each version, computed on first use (hover, inlay hints).
    values: Vec<OnceLock<VersionValues>>,
}

impl Snapshot {
    pub fn new(db: SourceDb) -> Self {
        let analysis = analyze(&db);
        Snapshot::from_analysis(db, analysis)
    }

    pub fn from_analysis(db: SourceDb, analysis: Analysis) -> Self {
        let index = NavIndex::build(&analysis);
        let values = analysis.versions.iter().map(|_| OnceLock::new()).collect();
        Snapshot {
            db,
            analysis,
            index,
            values,
        }
    }

    pub fn text(&self, file: FileId) -> &str {
        self.db.text(file)
    }

    pub fn tree(&self, file: FileId) -> Option<&SourceFile> {
        self.analysis
            .files
            .iter()
            .find(|(f, _)| *f == file)
            .and_then(|(_, tree)| tree.as_ref())
    }

    /// The file's line index, kept once by the `SourceDb`.
    pub fn line_index(&self, file: FileId) -> Option<&LineIndex> {
        self.db.line_index(file)
    }

    /// A byte offset as a UTF-16 position.
    pub fn position(&self, file: FileId, offset: usize) -> Utf16Position {
        match self.line_index(file) {
            Some(lines) => lines.to_utf16(self.text(file), offset),
            None => Utf16Position {
                line: 0,
                character: 0,
            },
        }
    }

    /// A UTF-16 position as a byte offset (clamped into the text).
    pub fn offset(&self, file: FileId, position: Utf16Position) -> usize {
        match self.line_index(file) {
            Some(lines) => lines.from_utf16(self.text(file), position),
            None => 0,
        }
    }

    pub fn span_text(&self, span: Span) -> &str {
        self.text(span.file).get(span.start..span.end).unwrap_or("")
    }

    /// The static values of version `index` in `analysis.versions`.
    pub fn values(&self, index: usize) -> Option<&VersionValues> {
        let version = self.analysis.versions.get(index)?;
        Some(
            self.values
                .get(index)?
                .get_or_init(|| VersionValues::compute(version)),
        )
    }

    /// The version a declaration of `file` around `offset` builds (an amendment: consolidated).
    pub fn version_at(&self, file: FileId, offset: usize) -> Option<usize> {
        let tree = self.tree(file)?;
        let declaration = tree
            .declarations
            .iter()
            .find(|d| d.span.start <= offset && offset <= d.span.end)?;
        self.analysis
            .versions
            .iter()
            .position(|v| v.name == declaration.name.node && v.file == file)
    }
}
