//! The values at every band boundary, the cases a legal reviewer checks first: for each bound
//! written in a band set, the value just below it, the bound itself and the value just above, in
//! the bound's own precision (`40 000` → 39 999, 40 000, 40 001; `2,5` → 2,4, 2,5, 2,6), with the
//! band each falls in, the amounts of that band, and the `hypothèse` that decides which band owns
//! the bound when the sources leave it open. Built from the version and rendered in HTML,
//! Markdown and CSV here, in a module of its own.

use super::cells::cell_of;
use super::model::{BoundaryRow, BoundaryTable, Cell, Document};
use super::words;
use crate::ir::{BandChoice, BandSet, ValueKey, Version};
use crate::value::french_number;
use rust_decimal::Decimal;

/// What the section says of a version without bands.
pub const NO_BANDS: &str = "Cette version n'a pas de tranches : aucun seuil à vérifier.";

const POSITIONS: [&str; 3] = ["juste en dessous", "au seuil", "juste au-dessus"];

/// The boundary tables of every band set that has a dimension.
pub fn tables(version: &Version) -> Vec<BoundaryTable> {
    version
        .band_sets
        .iter()
        .enumerate()
        .filter(|(_, set)| set.dimension.is_some() && !set.bands.is_empty())
        .map(|(id, set)| table(version, id, set))
        .collect()
}

fn table(version: &Version, id: usize, set: &BandSet) -> BoundaryTable {
    let lines: Vec<usize> = (0..version.values.len())
        .filter(|&v| version.values[v].band_set == Some(id))
        .collect();
    // Bounds as written (in percent for a rate band: 50 % is 50 here, 0,5 to the dimension).
    let percent = set.bands.iter().any(|b| b.percent);
    let mut bounds: Vec<Decimal> = set.bands.iter().flat_map(|b| b.range.written()).collect();
    bounds.sort();
    bounds.dedup_by(|a, b| a == b);
    let actual = |written: Decimal| {
        if percent {
            written.checked_div(Decimal::ONE_HUNDRED).unwrap_or(written)
        } else {
            written
        }
    };
    let shown = |written: Decimal| {
        let n = french_number(written, " ");
        if percent {
            format!("{n} %")
        } else {
            n
        }
    };
    let mut rows = Vec::new();
    for bound in bounds {
        // One unit of the bound's last written digit: 40 000 → 1, 2,5 → 0,1.
        let step = Decimal::new(1, bound.scale());
        let values = [bound - step, bound, bound + step];
        let band_of = |value: Decimal| set.band_of(actual(value));
        let (below, at) = (band_of(values[0]), band_of(values[1]));
        for (position, value) in POSITIONS.iter().zip(values) {
            // No row for a value outside the domain (a count starts at 0).
            if !set.domain.contains(actual(value)) {
                continue;
            }
            let band = band_of(value);
            let amounts = lines
                .iter()
                .map(|&line| match band {
                    Some(band) => {
                        let key = ValueKey {
                            band: Some(BandChoice { set: id, band }),
                            cell: None,
                        };
                        cell_of(version, version.static_values.get(key, line))
                    }
                    None => Cell::Invalid,
                })
                .collect();
            let hypotheses = if *position == POSITIONS[1] && below != at {
                let mut found = deciding(set, bound, [below, at]);
                // A hypothesis written on the bound itself (`moins de 175 000 (hypothèse …)`).
                for band in &set.bands {
                    for (value, h) in &band.bound_hypotheses {
                        if *value == actual(bound) && !found.contains(h) {
                            found.push(h.clone());
                        }
                    }
                }
                found
            } else {
                Vec::new()
            };
            rows.push(BoundaryRow {
                bound: shown(bound),
                position,
                value: shown(value),
                band: band.map(|b| {
                    let band = &set.bands[b];
                    let label = band.label.clone().unwrap_or_else(|| band.name.clone());
                    (band.name.clone(), label)
                }),
                amounts,
                hypotheses,
            });
        }
    }
    BoundaryTable {
        band_set: set.name.clone(),
        dimension: set.dimension_name.clone(),
        lines: columns(version, &lines),
        rows,
    }
}

/// Each line's column title: its label (or name), with its mission's when two lines share it
/// (every mission of the 2019 draft has its « Moyens »).
fn columns(version: &Version, lines: &[usize]) -> Vec<String> {
    let title = |v: usize| {
        let value = &version.values[v];
        value.label.clone().unwrap_or_else(|| value.name.clone())
    };
    lines
        .iter()
        .map(|&v| {
            let shared = lines.iter().filter(|&&o| title(o) == title(v)).count() > 1;
            let mission = version.values[v]
                .mission
                .and_then(|m| version.missions.get(m))
                .map(|m| m.label.clone().unwrap_or_else(|| m.name.clone()));
            match mission {
                Some(mission) if shared => format!("{} — {mission}", title(v)),
                _ => title(v),
            }
        })
        .collect()
}

/// The hypotheses of the two bands meeting at `bound` that decide who owns it: those that name
/// the bound (`175 000 appartient à la taille 4`), or, when none does, all of theirs.
fn deciding(set: &BandSet, bound: Decimal, bands: [Option<usize>; 2]) -> Vec<String> {
    let all: Vec<&String> = bands
        .iter()
        .flatten()
        .flat_map(|&b| &set.bands[b].hypotheses)
        .collect();
    let named: Vec<String> = all
        .iter()
        .filter(|h| names(h, bound))
        .map(|h| h.to_string())
        .collect();
    if named.is_empty() {
        all.into_iter().cloned().collect()
    } else {
        named
    }
}

/// Whether `text` writes the number `bound` (digits grouped by any space or not, a decimal
/// comma), as a whole number: `40 000` is not named by `140 000`.
fn names(text: &str, bound: Decimal) -> bool {
    let wanted = bound.normalize().to_string().replace('.', ",");
    let squeezed: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    squeezed.match_indices(&wanted).any(|(at, _)| {
        !digit(squeezed[..at].chars().next_back())
            && !digit(squeezed[at + wanted.len()..].chars().next())
    })
}

fn band_text(row: &BoundaryRow) -> String {
    row.band
        .as_ref()
        .map_or_else(|| "aucune tranche".into(), |(_, label)| label.clone())
}

/// One table as a grid of plain texts, for the renderers (`markdown.rs`, `html.rs`): the header,
/// then one row per value; the columns of amounts are `4..4 + lines`.
pub fn grid(t: &BoundaryTable) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = ["Seuil", "Position", "Valeur", "Tranche"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(t.lines.iter().cloned());
    header.push("Hypothèse".into());
    let rows = t
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![
                row.bound.clone(),
                row.position.to_string(),
                row.value.clone(),
                band_text(row),
            ];
            cells.extend(row.amounts.iter().map(amount_text));
            cells.push(row.hypotheses.join(" ; "));
            cells
        })
        .collect();
    (header, rows)
}

fn amount_text(cell: &Cell) -> String {
    match cell {
        Cell::Invalid => "—".into(),
        Cell::Hole => words::HOLE.to_string(),
        other => words::cell(other),
    }
}

pub const CSV_COLUMNS: [&str; 9] = [
    "version",
    "tranches",
    "seuil",
    "position",
    "valeur",
    "tranche",
    "ligne",
    "montant",
    "hypothese",
];

/// `version,tranches,seuil,position,valeur,tranche,ligne,montant,hypothese`: one record per
/// value near a bound and line (long format, as the funding CSV); plain numbers with a dot.
/// Unquoted: `csv.rs` writes them.
pub fn records(doc: &Document) -> Vec<[String; 9]> {
    let plain = |text: &str| {
        text.replace([' ', '\u{a0}', '\u{202f}'], "")
            .replace(',', ".")
    };
    let mut out = Vec::new();
    for t in &doc.boundaries {
        for row in &t.rows {
            let band = row.band.as_ref().map_or("", |(name, _)| name.as_str());
            let lines: Vec<(&str, Option<&Cell>)> = if t.lines.is_empty() {
                vec![("", None)]
            } else {
                t.lines
                    .iter()
                    .map(String::as_str)
                    .zip(row.amounts.iter().map(Some))
                    .collect()
            };
            for (line, cell) in lines {
                let amount = cell
                    .and_then(Cell::amount)
                    .map_or_else(String::new, |d| d.normalize().to_string());
                out.push([
                    doc.id.clone(),
                    t.band_set.clone(),
                    plain(&row.bound),
                    row.position.to_string(),
                    plain(&row.value),
                    band.to_string(),
                    line.to_string(),
                    amount,
                    row.hypotheses.join(" ; "),
                ]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_is_named_as_a_whole_number_with_any_grouping() {
        let bound = Decimal::from(175_000);
        assert!(names("175 000 appartient à la taille 4", bound));
        assert!(names("175\u{202f}000 appartient", bound));
        assert!(names("seuil 175000.", bound));
        assert!(!names("1 175 000 habitants", bound));
        assert!(!names("175 0001", bound));
        assert!(names("de 2,5 à 3", Decimal::new(25, 1)));
    }

    #[test]
    fn the_step_is_the_bounds_own_precision() {
        // 2,5 has one decimal: its neighbours are 2,4 and 2,6; 40 000 has none: 39 999, 40 001.
        let step = |bound: Decimal| Decimal::new(1, bound.scale());
        assert_eq!(step(Decimal::new(25, 1)), Decimal::new(1, 1));
        assert_eq!(step(Decimal::from(40_000)), Decimal::ONE);
        assert_eq!(step(Decimal::new(250, 2)), Decimal::new(1, 2));
    }
}
