//! The pieces both halves of the comparison read: a document's rows with their band sets, a
//! side (`before`/`after`) as text or amounts, band ranges and cuts, and the band segments.

use super::model::*;
use crate::document::words;
use crate::document::{BandSetDoc, Cell, Document, FundingRow};
use crate::interval::{Bound, Interval};
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use std::cmp::Ordering;

pub(super) fn text(s: impl Into<String>) -> Side {
    let s = s.into();
    Side {
        json: Json::String(s.clone()),
        text: s,
    }
}

pub(super) fn decimal_json(d: Decimal) -> Json {
    serde_json::from_str(&d.normalize().to_string()).unwrap_or_else(|_| Json::String(d.to_string()))
}

pub(super) fn cell_side(cell: &Cell) -> Side {
    match cell {
        Cell::Value(v) => Side {
            text: words::value(v),
            json: v
                .number()
                .map_or_else(|| Json::String(words::value(v)), decimal_json),
        },
        other => text(words::cell(other)),
    }
}

/// Whether neither band-by-band nor segment comparison applies (one version has bands for this
/// line and the other has not): the amounts are then compared as a whole.
pub(super) fn pairs_are_incomparable(
    before: &FundingRow,
    after: &FundingRow,
    old_set: Option<&BandSetDoc>,
    new_set: Option<&BandSetDoc>,
) -> bool {
    let banded = |row: &FundingRow, set: Option<&BandSetDoc>| set.is_some() && !row.uniform;
    banded(before, old_set) != banded(after, new_set)
}

/// Every envelope of a document with the band set its columns follow.
pub(super) fn rows(doc: &Document) -> Vec<(&FundingRow, Option<&BandSetDoc>)> {
    doc.funding
        .iter()
        .chain(&doc.other_payments)
        .flat_map(|table| {
            let set = table
                .band_set
                .as_ref()
                .and_then(|name| doc.band_sets.iter().find(|s| &s.name == name));
            table
                .groups
                .iter()
                .flat_map(|g| &g.rows)
                .map(move |row| (row, set))
        })
        .collect()
}

pub(super) fn amounts_side(row: &FundingRow, set: Option<&BandSetDoc>) -> Side {
    let figures: Vec<String> = row.cells.iter().map(words::cell).collect();
    let text = if row.uniform {
        figures.first().cloned().unwrap_or_default()
    } else {
        figures.join(" / ")
    };
    let json = match set {
        Some(set) if !row.uniform => {
            let map: serde_json::Map<String, Json> = set
                .bands
                .iter()
                .zip(&row.cells)
                .map(|(b, c)| (b.name.clone(), cell_side(c).json))
                .collect();
            json!({ "libelle": row.label, "montants": map })
        }
        _ => {
            json!({ "libelle": row.label, "montant": row.cells.first().map_or(Json::Null, |c| cell_side(c).json) })
        }
    };
    Side { text, json }
}

pub(super) fn same_deadline(a: &crate::document::Deadline, b: &crate::document::Deadline) -> bool {
    let event =
        |d: &crate::document::Deadline| d.text.split_once(" après ").map(|(_, e)| e.to_string());
    a.text == b.text || (a.months.is_some() && a.months == b.months && event(a) == event(b))
}

/// The label of a mission holding the line `name` in `doc`, if any.
fn mission_label<'d>(doc: &'d Document, name: &str) -> Option<&'d str> {
    doc.funding
        .iter()
        .chain(&doc.other_payments)
        .flat_map(|t| &t.groups)
        .find(|g| g.rows.iter().any(|r| r.name == name))
        .and_then(|g| g.mission.as_ref())
        .map(|m| m.label.as_str())
}

/// What a comparison calls a line: its label, followed by its mission's when another line of
/// either version bears the same label, so that a reader tells them apart (« Prévention —
/// Moyens », « Accès facilité à un médecin traitant — Moyens », as the documents qualify a
/// line). A line outside any mission keeps its label.
pub(super) fn line_title(old: &Document, new: &Document, row: &FundingRow) -> String {
    let mut namesakes: Vec<&str> = rows(old)
        .into_iter()
        .chain(rows(new))
        .filter(|(r, _)| r.label == row.label)
        .map(|(r, _)| r.name.as_str())
        .collect();
    namesakes.sort_unstable();
    namesakes.dedup();
    let mission = mission_label(new, &row.name).or_else(|| mission_label(old, &row.name));
    match mission {
        Some(mission) if namesakes.len() > 1 && mission != row.label => {
            format!("{mission} — {}", row.label)
        }
        _ => row.label.clone(),
    }
}

/// « Moyens (prevention) »: a label with its identifier, when they differ.
pub(super) fn named(label: &str, name: &str) -> String {
    if label == name {
        label.to_string()
    } else {
        // The identifier only as a discreet reference: two lines may share a label (« Moyens »).
        format!("{label} (réf. {name})")
    }
}

/// The label and the identifier of a subject written by [`named`]: the renderers show the
/// identifier as a discreet reference.
pub fn split_named(subject: &str) -> (&str, Option<&str>) {
    match subject
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once(" (réf. "))
    {
        Some((label, name)) if !name.contains(' ') => (label, Some(name)),
        _ => (subject, None),
    }
}

pub(super) fn band_list(set: &BandSetDoc) -> String {
    set.bands
        .iter()
        .map(|b| format!("{} ({})", b.label, b.range_text))
        .collect::<Vec<_>>()
        .join(" ; ")
}

pub(super) fn range(set: &BandSetDoc, band: &crate::document::BandDoc) -> String {
    if set.whole {
        words::band_range_in(band.low, band.high, &set.dimension)
    } else {
        exact_range_in(&band.interval, band.percent, &set.dimension)
    }
}

/// A range of a decimal or rate dimension with its name: « atteinte de plus de 50 % à 60 % ».
pub(super) fn exact_range_in(interval: &Interval, percent: bool, dimension: &str) -> String {
    format!("{dimension} {}", interval.words(percent))
}

/// A segment's range with the dimension's name, in the words of its bands.
pub(super) fn segment_range_in(s: &Segment, dimension: &str) -> String {
    if s.whole {
        words::band_range_in(s.low, s.high, dimension)
    } else {
        exact_range_in(&s.interval, s.percent, dimension)
    }
}

/// Whether two band sets cut the dimension at the same places.
pub(super) fn same_cut(a: &BandSetDoc, b: &BandSetDoc) -> bool {
    a.bands.len() == b.bands.len()
        && a.bands
            .iter()
            .zip(&b.bands)
            // The words tell an excluded bound from an included one (`plus de 50 %`).
            .all(|(x, y)| x.interval == y.interval && x.range_text == y.range_text)
}

/// The tighter of two lower bounds: the larger value, an excluded one when they are equal.
fn tighter_low(a: Bound, b: Bound) -> Bound {
    match a.value.cmp(&b.value) {
        Ordering::Greater => a,
        Ordering::Less => b,
        Ordering::Equal => Bound {
            value: a.value,
            closed: a.closed && b.closed,
        },
    }
}

/// The tighter of two upper bounds (`None`: no bound).
fn tighter_high(a: Option<Bound>, b: Option<Bound>) -> Option<Bound> {
    match (a, b) {
        (Some(a), Some(b)) => Some(match a.value.cmp(&b.value) {
            Ordering::Less => a,
            Ordering::Greater => b,
            Ordering::Equal => Bound {
                value: a.value,
                closed: a.closed && b.closed,
            },
        }),
        (a, None) => a,
        (None, b) => b,
    }
}

/// The intersections of the old and the new bands, in increasing order of the dimension: exact
/// intervals, an excluded bound kept excluded (`de 50 % à 60 %` against `de plus de 50 %`).
pub fn segments(old: &BandSetDoc, new: &BandSetDoc) -> Vec<Segment> {
    let whole = old.whole && new.whole;
    let mut segments = Vec::new();
    for (j, n) in new.bands.iter().enumerate() {
        for (i, o) in old.bands.iter().enumerate() {
            let interval = Interval {
                low: tighter_low(o.interval.low, n.interval.low),
                high: tighter_high(o.interval.high, n.interval.high),
            };
            if interval.is_empty() {
                continue;
            }
            let percent = o.percent || n.percent;
            let (low, high) = (interval.low.value, interval.high.map(|h| h.value));
            segments.push(Segment {
                interval,
                whole,
                percent,
                low,
                high,
                range_text: if whole {
                    words::band_range(low, high)
                } else {
                    interval.words(percent)
                },
                old_band: i,
                new_band: j,
                old_label: o.label.clone(),
                new_label: n.label.clone(),
                old_name: o.name.clone(),
                new_name: n.name.clone(),
            });
        }
    }
    // By lower bound, an included one first (`50 %` comes before `plus de 50 %`).
    segments.sort_by_key(|s| (s.low, !s.interval.low.closed));
    segments
}
