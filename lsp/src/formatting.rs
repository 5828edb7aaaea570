//! Formatting: the canonical layout of `clause fmt` (the compiler's formatter), as one edit
//! replacing the whole text; nothing when the text does not parse.

use crate::snapshot::Snapshot;
use clause_compiler::{Edit, FileId, Span};

pub fn format(snapshot: &Snapshot, file: FileId) -> Option<Vec<Edit>> {
    let text = snapshot.text(file);
    let formatted = clause_compiler::format::format_source(file, text).ok()?;
    if formatted == text {
        return Some(Vec::new());
    }
    Some(vec![Edit {
        span: Span::new(file, 0, text.len()),
        replacement: formatted,
    }])
}
