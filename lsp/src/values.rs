//! The static value of every value of a version, per band, as the checker computes them
//! (`Env::for_bands`): what hover tables and inlay hints show.

use clause_compiler::eval::{Env, EvalError};
use clause_compiler::ir::{BandSetId, Version};
use clause_compiler::value::display;

/// One value's static result: a single value, or one per band of its band set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Computed {
    Single(Outcome),
    PerBand {
        band_set: BandSetId,
        bands: Vec<(String, Outcome)>,
    },
}

/// A value as text, or why it has none statically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Value(String),
    /// A `non précisé` entry.
    Hole,
    /// It depends on an input of the evaluated case.
    DependsOnInput,
    Error,
}

impl Outcome {
    pub fn text(&self) -> &str {
        match self {
            Outcome::Value(text) => text,
            Outcome::Hole => "non précisé",
            Outcome::DependsOnInput => "selon le cas",
            Outcome::Error => "erreur",
        }
    }

    pub fn is_value(&self) -> bool {
        matches!(self, Outcome::Value(_))
    }
}

#[derive(Debug, Clone, Default)]
pub struct VersionValues {
    pub values: Vec<Computed>,
}

impl VersionValues {
    pub fn compute(version: &Version) -> Self {
        let names = |e: usize, v: usize| version.variant_name(e, v);
        let mut general = Env::for_bands(version, vec![None; version.band_sets.len()]);
        general.compute_all();
        let mut per_band: Vec<Vec<Env<'_>>> = Vec::new();
        for (set_id, set) in version.band_sets.iter().enumerate() {
            let mut envs = Vec::new();
            for band in 0..set.bands.len() {
                let mut bands = vec![None; version.band_sets.len()];
                bands[set_id] = Some(band);
                let mut env = Env::for_bands(version, bands);
                env.compute_all();
                envs.push(env);
            }
            per_band.push(envs);
        }
        let outcome = |env: &Env<'_>, id: usize| match env.value(id) {
            Ok(value) => Outcome::Value(display(&value, &names)),
            Err(EvalError::Hole(_)) => Outcome::Hole,
            Err(EvalError::MissingInput(..)) | Err(EvalError::NoBand(..)) => {
                Outcome::DependsOnInput
            }
            Err(_) => Outcome::Error,
        };
        let values = version
            .values
            .iter()
            .enumerate()
            .map(|(id, value)| match value.band_set {
                Some(set) if set < per_band.len() => Computed::PerBand {
                    band_set: set,
                    bands: version.band_sets[set]
                        .bands
                        .iter()
                        .zip(&per_band[set])
                        .map(|(band, env)| (band.name.clone(), outcome(env, id)))
                        .collect(),
                },
                _ => Computed::Single(outcome(&general, id)),
            })
            .collect();
        VersionValues { values }
    }

    pub fn get(&self, id: usize) -> Option<&Computed> {
        self.values.get(id)
    }
}

impl Computed {
    /// A one-line summary: `37 500 €` or `[37 500 €, 45 000 €, …]`; `None` when nothing is known.
    pub fn summary(&self) -> Option<String> {
        match self {
            Computed::Single(outcome) => outcome.is_value().then(|| outcome.text().to_string()),
            Computed::PerBand { bands, .. } => {
                if !bands.iter().any(|(_, o)| o.is_value()) {
                    return None;
                }
                Some(format!(
                    "[{}]",
                    bands
                        .iter()
                        .map(|(_, o)| o.text())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
    }
}
