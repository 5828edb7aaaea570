//! The explanation of the values of tables by two criteria and of tables of rules for one case:
//! which cell (band or variant of each criterion), which rule.

use super::case::Case;
use crate::ir::{Axis, Definition, Version};
use crate::value::{display, french_number, Value};

/// One line per table by two criteria (the cell the case picks) and per table of rules (the
/// rule that holds the case's inputs), in the order of the values.
pub fn explain_cells(version: &Version, case: &Case) -> Vec<String> {
    let mut lines = Vec::new();
    for value in &version.values {
        match &value.definition {
            Definition::Grid(grid) => {
                let keys =
                    [grid.axes.rows, grid.axes.columns].map(|axis| key_words(version, case, axis));
                lines.push(format!(
                    "case de `{}` : {} × {}",
                    value.name, keys[0], keys[1]
                ));
            }
            Definition::Rules(table) => {
                let given = table.inputs.map(|i| case.inputs.get(i).cloned().flatten());
                let numbers = given.clone().map(|v| v.and_then(|v| v.number()));
                let names = |e: usize, v: usize| version.variant_name(e, v);
                let shown: Vec<String> = table
                    .inputs
                    .iter()
                    .zip(&given)
                    .map(|(&i, v)| {
                        let name = &version.inputs[i].name;
                        match v {
                            Some(v) => format!("{name} = {}", display(v, &names)),
                            None => format!("{name} non donnée"),
                        }
                    })
                    .collect();
                let rule = match numbers {
                    [Some(x), Some(y)] => match table.matching(x, y).first() {
                        Some(k) => format!("règle {}", k + 1),
                        None => "aucune règle".to_string(),
                    },
                    _ => "aucune règle choisie".to_string(),
                };
                lines.push(format!(
                    "table de règles `{}` : {} : {rule}",
                    value.name,
                    shown.join(", ")
                ));
            }
            _ => {}
        }
    }
    lines
}

/// « taille `taille_2` (habitants = 50 000) », « zone `rurale` ».
fn key_words(version: &Version, case: &Case, axis: Axis) -> String {
    let name = axis.name(version);
    match axis {
        Axis::Bands(set) => {
            let set = &version.band_sets[set];
            let number = set
                .dimension
                .and_then(|d| case.inputs.get(d).cloned().flatten())
                .and_then(|v| v.number());
            match number {
                Some(n) => match set.band_of(n) {
                    Some(b) => format!(
                        "{name} `{}` ({} = {})",
                        set.bands[b].name,
                        set.dimension_name,
                        french_number(n, " ")
                    ),
                    None => format!("{name} : aucune tranche"),
                },
                None => format!("{name} : `{}` non donnée", set.dimension_name),
            }
        }
        Axis::Variants(input, _) => match case.inputs.get(input).cloned().flatten() {
            Some(Value::Variant(e, v)) => format!("{name} `{}`", version.variant_name(e, v)),
            _ => format!("{name} non donnée"),
        },
    }
}
