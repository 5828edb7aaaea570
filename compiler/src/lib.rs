//! Clause compiler: pure functions from sources to checked versions, diagnostics and outputs.
//! No file system, no printing: the CLI and the LSP hand it sources and render what it returns.
#![forbid(unsafe_code)]

mod amounts;
pub mod analysis;
pub mod bands;
mod build;
mod cascade;
pub mod checks;
pub mod codes;
pub mod consolidate;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod eval;
pub mod evaluate;
pub mod examples;
pub mod format;
pub mod ir;
mod short_table;
pub mod source_db;
pub mod suggest;
mod syntax;
mod typecheck;
pub mod types;
pub mod value;

pub use analysis::{analyze, analyze_parsed, Analysis};
pub use clause_grammar::{FileId, Span};
pub use codes::Code;
pub use diagnostic::{Diagnostic, Edit, Fix, Label, Severity};
pub use source_db::SourceDb;
pub use syntax::syntax_diagnostic;
