//! Reference documents of one version: a format-free model (funding table, calendar, payment
//! rules, checks, hypotheses) and its HTML, Markdown and CSV renderings (issue 4).

pub mod boundaries;
mod cells;
mod compose;
pub mod csv;
pub mod html;
pub mod markdown;
pub mod model;
pub mod prose;
pub mod style;
pub mod two_way;
pub mod words;

pub use compose::build_document;
pub use model::*;
