//! The compiler's diagnostics of one file (the server converts them, with their secondary labels
//! as related information, possibly in the base file).

use crate::snapshot::Snapshot;
use clause_compiler::{Diagnostic, FileId};

pub fn file_diagnostics(snapshot: &Snapshot, file: FileId) -> Vec<&Diagnostic> {
    snapshot
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.primary.span.file == file)
        .collect()
}
