//! Find references and document highlight: every name bound to the same item, across files.

use crate::snapshot::Snapshot;
use clause_compiler::{FileId, Span};

/// Every occurrence of the name under the cursor; definitions included when asked.
pub fn references(
    snapshot: &Snapshot,
    file: FileId,
    offset: usize,
    include_definitions: bool,
) -> Vec<Span> {
    let Some(occurrence) = snapshot.index.at(file, offset) else {
        return Vec::new();
    };
    snapshot
        .index
        .references(occurrence.key)
        .iter()
        .copied()
        .filter(|span| include_definitions || !is_definition(snapshot, *span))
        .collect()
}

fn is_definition(snapshot: &Snapshot, span: Span) -> bool {
    snapshot
        .index
        .occurrences(span.file)
        .iter()
        .any(|o| o.span == span && o.is_definition)
}

/// One highlighted occurrence in the current file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    pub span: Span,
    /// A definition (written) rather than a use (read).
    pub is_definition: bool,
}

pub fn document_highlight(snapshot: &Snapshot, file: FileId, offset: usize) -> Vec<Highlight> {
    let Some(occurrence) = snapshot.index.at(file, offset) else {
        return Vec::new();
    };
    snapshot
        .index
        .occurrences(file)
        .iter()
        .filter(|o| o.key == occurrence.key)
        .map(|o| Highlight {
            span: o.span,
            is_definition: o.is_definition,
        })
        .collect()
}
