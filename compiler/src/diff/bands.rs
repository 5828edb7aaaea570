//! The band side of the comparison: which bands changed, how the old bands map onto the new
//! ones (by population range), and amounts compared band by band or segment by segment.

use super::compare::Comparer;
use super::model::*;
use super::sides::*;
use crate::document::{BandSetDoc, Cell, FundingRow};
use rust_decimal::Decimal;
use serde_json::json;

impl Comparer<'_> {
    /// Band changes by name, and the correspondence of the first band sets by ranges.
    pub(super) fn bands(&mut self) -> Option<BandMapping> {
        let (old, new) = (self.old, self.new);
        for set in &old.band_sets {
            if !new.band_sets.iter().any(|s| s.name == set.name) {
                self.push(
                    Nature::Removed,
                    Category::Bands,
                    format!("tranches/{}", set.name),
                    format!("Découpage « {} »", set.name),
                    Some(text(band_list(set))),
                    None,
                );
            }
        }
        for set in &new.band_sets {
            let Some(before) = old.band_sets.iter().find(|s| s.name == set.name) else {
                self.push(
                    Nature::Added,
                    Category::Bands,
                    format!("tranches/{}", set.name),
                    format!("Découpage « {} »", set.name),
                    None,
                    Some(text(band_list(set))),
                );
                continue;
            };
            for band in &before.bands {
                if !set.bands.iter().any(|b| b.name == band.name) {
                    self.push(
                        Nature::Removed,
                        Category::Bands,
                        format!("tranches/{}/{}", set.name, band.name),
                        band.label.clone(),
                        Some(text(range(set, band))),
                        None,
                    );
                }
            }
            for band in &set.bands {
                match before.bands.iter().find(|b| b.name == band.name) {
                    None => self.push(
                        Nature::Added,
                        Category::Bands,
                        format!("tranches/{}/{}", set.name, band.name),
                        band.label.clone(),
                        None,
                        Some(text(range(set, band))),
                    ),
                    Some(previous) => {
                        let changed = self.compare_field(
                            Category::Bands,
                            format!("tranches/{}/{}", set.name, band.name),
                            band.label.clone(),
                            Some(text(range(before, previous))),
                            Some(text(range(set, band))),
                        );
                        if !changed {
                            self.unchanged.bands += 1;
                        }
                    }
                }
            }
        }
        let (old_set, new_set) = (old.band_sets.first()?, new.band_sets.first()?);
        Some(BandMapping {
            dimension: new_set.dimension.clone(),
            segments: segments(old_set, new_set),
        })
    }

    /// Amount by amount, per band when both versions share their bands, per population range
    /// (segment) when they do not.
    pub(super) fn amounts(
        &mut self,
        path: &str,
        before: &FundingRow,
        old_set: Option<&BandSetDoc>,
        after: &FundingRow,
        new_set: Option<&BandSetDoc>,
        mapping: Option<&BandMapping>,
    ) -> bool {
        if pairs_are_incomparable(before, after, old_set, new_set) {
            return self.compare_field(
                Category::Amounts,
                format!("{path}/montant"),
                format!("{} — montants", line_title(self.old, self.new, after)),
                Some(amounts_side(before, old_set)),
                Some(amounts_side(after, new_set)),
            );
        }
        type Pair<'c> = (String, String, &'c Cell, &'c Cell, Option<(String, String)>);
        let pairs: Vec<Pair<'_>> = match (old_set, new_set, mapping) {
            _ if before.uniform && after.uniform => {
                match (before.cells.first(), after.cells.first()) {
                    (Some(a), Some(b)) => vec![(
                        "montant".to_string(),
                        "toutes tranches".to_string(),
                        a,
                        b,
                        None,
                    )],
                    _ => Vec::new(),
                }
            }
            (Some(o), Some(n), _) if same_cut(o, n) => n
                .bands
                .iter()
                .enumerate()
                .filter_map(|(i, band)| {
                    Some((
                        band.name.clone(),
                        band.label.clone(),
                        before.cells.get(i)?,
                        after.cells.get(i)?,
                        None,
                    ))
                })
                .collect(),
            (Some(_), Some(_), Some(mapping)) => mapping
                .segments
                .iter()
                .filter_map(|s| {
                    let high = s
                        .high
                        .map_or_else(String::new, |h| h.normalize().to_string());
                    let key = if s.whole {
                        format!("{}-{high}", s.low.normalize())
                    } else {
                        // The openness of each bound in the key: `]0.5-0.6]` is `de plus de 50 % à 60 %`.
                        let open = if s.interval.low.closed { "[" } else { "]" };
                        let close = match s.interval.high {
                            Some(h) if h.closed => "]",
                            _ => "[",
                        };
                        format!("{open}{}-{high}{close}", s.low.normalize())
                    };
                    let subject = format!(
                        "{} ({} → {})",
                        segment_range_in(s, &mapping.dimension),
                        s.old_label,
                        s.new_label
                    );
                    Some((
                        key,
                        subject,
                        before.cells.get(s.old_band)?,
                        after.cells.get(s.new_band)?,
                        Some((s.old_name.clone(), s.new_name.clone())),
                    ))
                })
                .collect(),
            _ => match (before.cells.first(), after.cells.first()) {
                (Some(a), Some(b)) => {
                    vec![("montant".to_string(), "montant".to_string(), a, b, None)]
                }
                _ => Vec::new(),
            },
        };
        let title = line_title(self.old, self.new, after);
        let mut changed = false;
        for (key, subject, a, b, bands) in pairs {
            if a == b {
                continue;
            }
            changed = true;
            let (mut before_side, mut after_side) = (cell_side(a), cell_side(b));
            if let Some((old_band, new_band)) = bands {
                before_side.json = json!({ "tranche": old_band, "montant": before_side.json });
                after_side.json = json!({ "tranche": new_band, "montant": after_side.json });
            }
            let delta = match (a.amount(), b.amount()) {
                (Some(x), Some(y)) => Some(Delta {
                    amount: y - x,
                    percent: if x.is_zero() {
                        None
                    } else {
                        ((y - x) * Decimal::ONE_HUNDRED)
                            .checked_div(x)
                            .map(|p| p.round_dp(1))
                    },
                }),
                _ => None,
            };
            self.changes.push(Change {
                nature: Nature::Modified,
                category: Category::Amounts,
                path: format!("{path}/montant/{key}"),
                subject: format!("{title} — {subject}"),
                before: Some(before_side),
                after: Some(after_side),
                delta,
            });
        }
        changed
    }
}
