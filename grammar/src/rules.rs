//! The pest grammar (`clause.pest`) as a parser and its rules: read by the parse, the lowering
//! to the tree, the recovery after an error and the wording of syntax errors alike, so it is a
//! module of its own rather than part of any of them.

#[derive(pest_derive::Parser)]
#[grammar = "clause.pest"]
pub(crate) struct ClauseParser;

pub use self::Rule as GrammarRule;
