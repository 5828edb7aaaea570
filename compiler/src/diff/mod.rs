//! Comparison of two versions by meaning (issue 4): bands, missions, lines, amounts with deltas,
//! deadlines, payment rules, status and dates; rendered as text, Markdown, JSON and HTML.

mod bands;
mod cells;
pub mod columns;
mod compare;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
mod sides;
pub mod text;

pub use compare::compare;
pub use model::*;
pub use sides::{segments, split_named};
