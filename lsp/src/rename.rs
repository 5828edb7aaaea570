//! Rename: a name and every reference to it, across files (an amendment and its base); never a
//! keyword, never to a name that is not an identifier or that the version already uses.

use crate::keywords;
use crate::snapshot::Snapshot;
use crate::text::{is_identifier, word_at};
use clause_compiler::{Edit, FileId, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameError {
    Keyword(String),
    NotAName,
    InvalidName(String),
    Taken(String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::Keyword(word) => {
                write!(f, "`{word}` est un mot-clé : il ne se renomme pas")
            }
            RenameError::NotAName => write!(f, "aucun nom à renommer ici"),
            RenameError::InvalidName(name) => write!(f, "`{name}` n'est pas un identifiant valide"),
            RenameError::Taken(name) => write!(f, "`{name}` est déjà utilisé dans cette version"),
        }
    }
}

/// The span of the name that would be renamed.
pub fn prepare_rename(
    snapshot: &Snapshot,
    file: FileId,
    offset: usize,
) -> Result<Span, RenameError> {
    if let Some(occurrence) = snapshot.index.at(file, offset) {
        return Ok(occurrence.span);
    }
    match word_at(snapshot.text(file), offset) {
        Some((_, word)) if keywords::is_keyword(word) => {
            Err(RenameError::Keyword(word.to_string()))
        }
        _ => Err(RenameError::NotAName),
    }
}

/// The edits renaming the name under the cursor to `new_name`, grouped by nothing: one per span.
pub fn rename(
    snapshot: &Snapshot,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Vec<Edit>, RenameError> {
    prepare_rename(snapshot, file, offset)?;
    let occurrence = snapshot
        .index
        .at(file, offset)
        .ok_or(RenameError::NotAName)?;
    if keywords::is_reserved(new_name) || !is_identifier(new_name) {
        return Err(RenameError::InvalidName(new_name.to_string()));
    }
    if new_name != occurrence.name {
        let taken = occurrence
            .version
            .and_then(|v| snapshot.analysis.versions.get(v))
            .is_some_and(|version| {
                version.symbols.contains_key(new_name)
                    || version
                        .band_sets
                        .iter()
                        .any(|s| s.bands.iter().any(|b| b.name == new_name))
            });
        if taken {
            return Err(RenameError::Taken(new_name.to_string()));
        }
    }
    Ok(snapshot
        .index
        .references(occurrence.key)
        .iter()
        .map(|span| Edit {
            span: *span,
            replacement: new_name.to_string(),
        })
        .collect())
}
