//! Go to definition: the item a name resolves to in the version it is read in (an amendment's
//! reference to a base item lands in the base file).

use crate::snapshot::Snapshot;
use clause_compiler::{FileId, Span};

pub fn definition(snapshot: &Snapshot, file: FileId, offset: usize) -> Option<Span> {
    Some(snapshot.index.at(file, offset)?.definition)
}
