//! What an amendment costs (chiffrage): every contract of a population evaluated under two
//! versions with the dated engine of `clause eval`, the payments summed in all, by contract
//! year, calendar year, band and line, the difference distributed over the contracts, and the
//! report rendered as text, Markdown, HTML with charts, CSV or JSON.
//!
//! Pure, like the compiler: the caller hands it the compiled versions and a reader of the
//! population; it returns the report and its renderings.
#![forbid(unsafe_code)]

pub mod contract;
pub mod distribution;
pub mod money;
pub mod population;
pub mod render;
pub mod report;

pub use population::{open, Population, PopulationError, Record};
pub use report::{CostReport, Costing, HeaderError};

use clause_compiler::evaluate::CompiledVersion;

/// Records costed per parallel chunk: enough to keep every core busy, few enough to keep
/// memory flat in the population's size.
pub const CHUNK: usize = 16_384;

/// Why a population could not be costed.
#[derive(Debug, Clone, PartialEq)]
pub enum CostError {
    Population(PopulationError),
    /// The header does not fit a version (a missing band column, an unknown mission…).
    Header(Vec<HeaderError>),
}

impl std::fmt::Display for CostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CostError::Population(error) => write!(f, "{error}"),
            CostError::Header(errors) => {
                let lines: Vec<String> = errors
                    .iter()
                    .flat_map(|h| {
                        h.errors
                            .iter()
                            .map(move |e| format!("version `{}` : {e}", h.version))
                    })
                    .collect();
                f.write_str(&lines.join(" ; "))
            }
        }
    }
}

/// Costs every contract of a population read from `input` under `old` and `new`, chunk by
/// chunk: memory stays flat in the population's size but for one difference per contract.
pub fn cost_population<R: std::io::BufRead>(
    old: &CompiledVersion<'_>,
    new: &CompiledVersion<'_>,
    input: R,
    renames: &[(String, String)],
) -> Result<CostReport, CostError> {
    let mut population = open(input).map_err(CostError::Population)?;
    let mut costing =
        Costing::new(old, new, &population.headers, renames).map_err(CostError::Header)?;
    loop {
        let chunk = population
            .next_chunk(CHUNK)
            .map_err(CostError::Population)?;
        if chunk.is_empty() {
            break;
        }
        costing.add(&chunk);
    }
    let notes = std::mem::take(&mut population.notes);
    Ok(costing.finish(notes))
}
