//! Clause compiler: pure functions from sources to checked versions, diagnostics and outputs.
//! No file system, no printing: the CLI and the LSP hand it sources and render what it returns.
//!
//! The folders are the pipeline, in order: `syntax` (E00), `consolidate` (E07), `resolve`
//! (E01, E02, E04), `check` (E03, E05, E06, E08), with `interpret` evaluating expressions for the
//! checks and the outputs; then the outputs `evaluate`, `document`, `diff` and `format`.
//! `analysis` runs the pipeline; `calendar` shifts dates under the declared policy; `ir`, `types`, `value`, `diagnostic` and `codes` are the
//! vocabulary every phase shares.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod calendar;
pub mod check;
pub mod citation;
pub mod codes;
pub mod consolidate;
pub mod criteria;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod evaluate;
pub mod format;
pub mod interpret;
pub mod interval;
pub mod ir;
mod resolve;
pub mod source_db;
pub mod static_values;
pub mod suggest;
mod syntax;
pub mod types;
pub mod value;

pub use analysis::{analyze, analyze_parsed, Analysis};
pub use clause_grammar::{FileId, Span};
pub use codes::Code;
pub use diagnostic::{Diagnostic, Edit, Fix, Label, Severity};
pub use source_db::SourceDb;
pub use syntax::syntax_diagnostic;
