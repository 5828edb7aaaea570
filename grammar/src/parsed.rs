//! The result of parsing one file (`Parsed`), shared by the parse entry by entry, the parse in
//! one run and the incremental re-parse.

use crate::ast::SourceFile;
use crate::span::Span;
use crate::syntax_error::{SyntaxError, SyntaxErrorKind};

/// The result of parsing one file: the tree of what follows the grammar, and the errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// `None` only for a file refused whole (too large, nested too deep), or by the reference
    /// parse in one run when the file has a syntax error.
    pub file: Option<SourceFile>,
    pub errors: Vec<SyntaxError>,
    /// The text left out of the tree because it does not parse: one span per entry (or text
    /// between declarations) skipped after a syntax error, in text order.
    pub skipped: Vec<Span>,
}

impl Parsed {
    /// How this parse (entry by entry) relates to `one_run`, the reference parse of the same
    /// text in one pest run: the same when the text parses; otherwise the reference stops at its
    /// syntax error, which this parse reports first among the grammar's errors (possibly named
    /// better, at the place it most likely is: an entry out of its block, a line ending on an
    /// operator, a missing `versement`), before leaving the entry out and going on.
    pub fn agrees_with_one_run(&self, one_run: &Parsed) -> Result<(), String> {
        if self == one_run {
            return Ok(());
        }
        if one_run.file.is_some() || self.skipped.is_empty() {
            return Err(format!(
                "the entry-by-entry parse differs from the parse in one run:\n{self:#?}\n{one_run:#?}"
            ));
        }
        // Errors found while lowering a tree (a bad escape, a date that does not exist) are
        // not the grammar's: the reference drops them when it stops.
        let first = self.errors.iter().find(|e| !e.kind.is_lowering());
        let (Some(first), Some(reference)) = (first, one_run.errors.first()) else {
            return Err("no syntax error reported".to_string());
        };
        let renamed = matches!(
            first.kind,
            SyntaxErrorKind::Misplaced { .. }
                | SyntaxErrorKind::UnclosedMission { .. }
                | SyntaxErrorKind::Unfinished { .. }
        ) || matches!(&first.kind, SyntaxErrorKind::Unexpected { expected, .. } if expected == &["`versement`"]);
        if renamed || (&first.kind, first.span) == (&reference.kind, reference.span) {
            Ok(())
        } else {
            Err(format!(
                "the first syntax error differs: {first:?}, in one run {reference:?}"
            ))
        }
    }
}
