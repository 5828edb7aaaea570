//! Clause's published documents as A4 PDF, typeset in-process by typst (no browser, no network,
//! no file read): the same content as the HTML page, fonts embedded (Libertinus Serif from
//! typst-assets), selectable text, title and date in the metadata, page numbers and the
//! version's title in the footer. A crate of its own so that the language server and the fuzz
//! targets do not build typst.
#![forbid(unsafe_code)]

mod markup;
mod world;

use clause_compiler::diff::Comparison;
use clause_compiler::document::Document;

/// The PDF of a version's reference document, or the typesetter's errors in French.
pub fn document_pdf(doc: &Document) -> Result<Vec<u8>, String> {
    world::typeset(&markup::document(doc))
}

/// The PDF of the comparison of two versions: titles, the changes, and before / after /
/// difference per band.
pub fn comparison_pdf(
    comparison: &Comparison,
    old: &Document,
    new: &Document,
) -> Result<Vec<u8>, String> {
    world::typeset(&markup::comparison(comparison, old, new))
}

/// The typst source of a version's document (for tests and debugging).
pub fn document_source(doc: &Document) -> String {
    markup::document(doc)
}

/// The typst source of a comparison (for tests and debugging).
pub fn comparison_source(comparison: &Comparison, old: &Document, new: &Document) -> String {
    markup::comparison(comparison, old, new)
}
