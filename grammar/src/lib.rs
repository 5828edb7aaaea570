//! Clause syntax: the pest grammar, parsing as a pure function, the syntax tree with owned spans,
//! comments, and the line index used at the editor boundary.
#![forbid(unsafe_code)]

pub mod ast;
pub mod comments;
mod entries;
mod entry_scan;
pub mod incremental;
pub mod limits;
pub mod lines;
mod lower;
mod mistakes;
pub mod parse;
mod parsed;
mod pest_errors;
mod recovery;
mod rules;
pub mod shift;
pub mod span;
mod syntax_error;

pub use incremental::reparse;
pub use parse::{parse, parse_in_one_run, Parsed};
pub use span::{FileId, Span, Spanned};
pub use syntax_error::{Suggestion, SyntaxError, SyntaxErrorKind};
