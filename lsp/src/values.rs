//! The static value of every value of a version, per band, as the analysis computed them once
//! (`Version::static_values`, read by the checks too): what hover tables and inlay hints show.

use clause_compiler::interpret::EvalError;
use clause_compiler::ir::{BandSetId, ValueKey, Version};
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
    /// Reads the values the analysis computed once per scenario (`Version::static_values`);
    /// past the band limit (E0309) only the general scenario exists, and each value shows what
    /// it is without a band.
    pub fn compute(version: &Version) -> Self {
        let names = |e: usize, v: usize| version.variant_name(e, v);
        let values = &version.static_values;
        let outcome = |key: ValueKey, id: usize| match values.get(key, id) {
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
                Some(set) if values.per_band => Computed::PerBand {
                    band_set: set,
                    bands: version.band_sets[set]
                        .bands
                        .iter()
                        .zip(values.of_set(Some(set)))
                        .map(|(band, scenario)| (band.name.clone(), outcome(scenario.key, id)))
                        .collect(),
                },
                _ => Computed::Single(outcome(ValueKey::GENERAL, id)),
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

/// A value varying with two criteria as a Markdown two-way table read from the values computed
/// once per cell (the documents' figures), or a table of rules a rule per row; `None` for any
/// other value.
pub fn two_way_markdown(version: &Version, id: usize) -> Option<String> {
    use clause_compiler::ir::{Definition, Entry, ExprKind};
    let value = version.values.get(id)?;
    let names = |e: usize, v: usize| version.variant_name(e, v);
    if let Some(axes) = value.grid {
        let (rows, columns) = (axes.rows.keys(version), axes.columns.keys(version));
        let mut out = format!(
            "| {} \\ {} | {} |\n|---|{}",
            axes.rows.name(version),
            axes.columns.name(version),
            columns
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(" | "),
            "--:|".repeat(columns.len())
        );
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<String> = (0..columns.len())
                .map(|c| {
                    let key = ValueKey::cell(axes, r, c);
                    match version.static_values.get(key, id) {
                        Ok(v) => display(&v, &names),
                        Err(EvalError::Hole(_)) => "non précisé".into(),
                        Err(EvalError::MissingInput(..)) => "selon le cas".into(),
                        Err(_) => "erreur".into(),
                    }
                })
                .collect();
            out.push_str(&format!("\n| `{row}` | {} |", cells.join(" | ")));
        }
        return Some(out);
    }
    let Definition::Rules(table) = &value.definition else {
        return None;
    };
    let input = |k: usize| version.input_name(table.inputs[k]);
    let mut out = format!(
        "| {} | {} | {} |\n|---|---|--:|",
        input(0),
        input(1),
        value.name
    );
    for rule in &table.rules {
        let shown = match &rule.value {
            Entry::Value(expr) => match &expr.kind {
                ExprKind::Literal(v) => display(v, &names),
                _ => "formule".into(),
            },
            Entry::Hole(_) => "non précisé".into(),
            Entry::Missing => "erreur".into(),
        };
        out.push_str(&format!(
            "\n| {} | {} | {shown} |",
            rule.ranges[0].words(table.percent[0]),
            rule.ranges[1].words(table.percent[1])
        ));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clause_compiler::interpret::scenarios::MAX_BANDS;
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
