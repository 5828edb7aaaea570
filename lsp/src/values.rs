//! The static value of every value of a version, per band, as the checker computes them
//! (`Env::for_bands`): what hover tables and inlay hints show.

use clause_compiler::check::MAX_BANDS;
use clause_compiler::interpret::{Env, EvalError};
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
        // Past the checker's limit (E0309), the bands × values evaluation is skipped here too:
        // each value then shows what it is without a band.
        let bands: usize = version.band_sets.iter().map(|set| set.bands.len()).sum();
        let band_sets = if bands <= MAX_BANDS {
            version.band_sets.as_slice()
        } else {
            &[]
        };
        for (set_id, set) in band_sets.iter().enumerate() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use clause_compiler::{analyze, SourceDb};

    fn values_of(source: &str) -> VersionValues {
        let mut db = SourceDb::new();
        db.add("a.clause", source);
        let analysis = analyze(&db);
        VersionValues::compute(&analysis.versions[0])
    }

    fn scale(bands: usize) -> String {
        let mut source = String::from(
            "accord a {\n  statut projet\n  entrée n : nombre\n  tranches t selon n {\n",
        );
        for band in 0..bands {
            source.push_str(&format!(
                "    b{band} : de {} à moins de {}\n",
                band * 10,
                band * 10 + 10
            ));
        }
        source.push_str(&format!("    fin : à partir de {}\n  }}\n", bands * 10));
        let entries = vec!["1 €"; bands + 1].join(", ");
        source.push_str(&format!(
            "  enveloppe e par t [{entries}]\n  valeur v = 2 × e\n}}\n"
        ));
        source
    }

    #[test]
    fn values_are_shown_per_band_within_the_band_limit() {
        let values = values_of(&scale(MAX_BANDS - 1));
        let Some(Computed::PerBand { bands, .. }) = values.get(1) else {
            panic!("{:?}", values.get(1));
        };
        assert_eq!(bands.len(), MAX_BANDS);
        assert_eq!(bands[0].1, Outcome::Value("2 €".to_string()));
    }

    #[test]
    fn past_the_band_limit_values_are_not_evaluated_band_by_band() {
        // E0309: the checker skips the bands × values evaluation, and so does the editor.
        let values = values_of(&scale(5000));
        assert_eq!(
            values.get(1),
            Some(&Computed::Single(Outcome::DependsOnInput))
        );
    }
}
