//! What an amendment costs (chiffrage): every contract of a population evaluated under two
//! versions with the dated engine of `clause eval`, the payments summed in all, by contract
//! year, calendar year, band and line, the difference distributed over the contracts, and the
//! report rendered as text, Markdown, HTML with charts, CSV or JSON.
//!
//! Pure, like the compiler: the caller hands it the compiled versions and a reader of the
//! population; it returns the report and its renderings.
#![forbid(unsafe_code)]

pub mod contract;
pub mod population;
pub mod render;
pub mod report;

pub use population::{open, Population, PopulationError, Record};
pub use report::{CostReport, Costing, HeaderError};

/// Records costed per parallel chunk: enough to keep every core busy, few enough to keep
/// memory flat in the population's size.
pub const CHUNK: usize = 16_384;
