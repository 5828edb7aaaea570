//! Every band error (E03) of a version: the dimension (E0307), each band's bounds (E0306, E0308),
//! the partition of `[0, ∞)` (the exact gap or overlap, the order, the start at 0 and the open
//! last band, with a mechanical fix where one exists: E0301–E0305) and the band count (E0309).

use super::band_sweep::{faults, first_whole, last_whole, Interval};
use super::band_words::{n, names};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use crate::interpret::scenarios::{
    first_grid_past_cell_limit, first_set_past_band_limit, MAX_BANDS, MAX_CELLS,
};
use crate::ir::{Band, BandSet, Symbol, Version};
use crate::suggest::did_you_mean;
use crate::types::Type;
use crate::value::french_number;
use clause_grammar::ast::BandRange;
use rust_decimal::Decimal;

pub fn check_bands(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    for set in &version.band_sets {
        check_dimension(version, set, diagnostics);
        for band in &set.bands {
            check_bounds(set, band, diagnostics);
        }
        check_band_set(set, diagnostics);
    }
    check_band_count(version, diagnostics);
    check_cell_count(version, diagnostics);
}

/// A band set divides a whole-number input (E0307).
pub(super) fn check_dimension(version: &Version, set: &BandSet, diagnostics: &mut Vec<Diagnostic>) {
    if set.dimension.is_some() {
        return;
    }
    let name = &set.dimension_name;
    let span = set.dimension_span;
    match version.symbols.get(name) {
        Some(Symbol::Input(i)) => {
            let input = &version.inputs[*i];
            if input.ty != Type::Error && !input.ty.is_numeric() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::BandDimension,
                        format!(
                            "les tranches se définissent selon un nombre, un décimal, un taux ou un montant, or `{name}` est {}",
                            input.ty.with_article()
                        ),
                        span,
                        "pas un nombre",
                    )
                    .with_secondary(input.name_span, "entrée déclarée ici")
                    .with_help("déclarez l'entrée avec le type `nombre` (ou `décimal`, `taux`, `montant`)"),
                );
            }
        }
        _ => {
            let inputs = version.inputs.iter().map(|i| i.name.as_str());
            let d = Diagnostic::new(
                Code::BandDimension,
                format!("`{name}` n'est pas une entrée déclarée"),
                span,
                "entrée inconnue",
            );
            diagnostics.push(match did_you_mean(name, inputs) {
                Some(s) => d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                    format!("remplacer par `{s}`"),
                    vec![Edit {
                        span,
                        replacement: s.to_string(),
                    }],
                ),
                None => d.with_help(format!("déclarez-la : `entrée {name} : nombre`")),
            });
        }
    }
}

/// A band's written bounds are whole numbers for a `nombre` (E0308), leave it at least one
/// value (E0306) and stay in the domain (E0310).
pub(super) fn check_bounds(set: &BandSet, band: &Band, diagnostics: &mut Vec<Diagnostic>) {
    let numbers = band.range.written();
    let fraction = numbers.iter().find(|n| !n.fract().is_zero());
    if let Some(fraction) = fraction.filter(|_| set.whole) {
        diagnostics.push(
            Diagnostic::new(
                Code::BandNotInteger,
                format!("borne non entière `{}`", french_number(*fraction, " ")),
                band.range_span,
                "la dimension compte des unités entières",
            )
            .with_help("écrivez une borne entière"),
        );
    }
    if band.interval().is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::BandEmpty,
                "cette tranche ne contient aucune valeur",
                band.range_span,
                "borne inférieure au-delà de la borne supérieure",
            )
            .with_help("vérifiez l'ordre des bornes"),
        );
    } else if !set.domain.includes(&band.interval()) {
        diagnostics.push(super::band_domain::outside(set, band));
    }
}

/// Reports the band set that takes the version past `MAX_BANDS` (E0309): the values are then not
/// computed band by band (`StaticValues`).
pub(super) fn check_band_count(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    let Some((set, total)) = first_set_past_band_limit(version) else {
        return;
    };
    let set = &version.band_sets[set];
    diagnostics.push(
        Diagnostic::new(
            Code::TooManyBands,
            format!(
                "trop de tranches : {total} dans la version `{}` (limite : {MAX_BANDS})",
                version.name
            ),
            set.name_span,
            format!("{} tranches ici", set.bands.len()),
        )
        .with_help(
            "regroupez les tranches, ou écrivez le barème comme une formule (`valeur … = …`)",
        ),
    );
}

/// Reports the table by two criteria that takes the version past `MAX_CELLS` (E0309, the same
/// limit on scenarios as for bands): its cells would not be computed, the documents would show
/// them as « — ».
pub(super) fn check_cell_count(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    let Some((axes, total)) = first_grid_past_cell_limit(version) else {
        return;
    };
    let Some(value) = version.values.iter().find(|v| v.grid == Some(axes)) else {
        return;
    };
    let (rows, columns) = axes.size(version);
    let count = |cells: usize| n(Decimal::from(cells));
    diagnostics.push(
        Diagnostic::new(
            Code::TooManyBands,
            format!(
                "trop de cases : {} dans les tableaux à deux critères de la version `{}` (limite : {})",
                count(total),
                version.name,
                count(MAX_CELLS)
            ),
            value.name_span,
            format!("{rows} × {columns} = {} cases ici", count(rows * columns)),
        )
        .with_help("regroupez des tranches ou des variantes, ou écrivez la valeur comme une formule (`valeur … = …`)"),
    );
}

pub(super) fn check_band_set(set: &BandSet, diagnostics: &mut Vec<Diagnostic>) {
    // An empty band (E0306, `check_bounds`) would only add confusing gaps.
    let bands: Vec<&Band> = set
        .bands
        .iter()
        .filter(|b| !b.interval().is_empty())
        .collect();
    if bands.is_empty() {
        return;
    }
    check_order(&bands, diagnostics);
    if !set.whole {
        super::band_domain::check_exact(set, &bands, diagnostics);
        return;
    }
    let intervals: Vec<Interval> = bands
        .iter()
        .map(|b| Interval::whole(b.low, b.high))
        .collect();
    let domain = Interval::whole(set.domain.low.value, set.domain.high.map(|h| h.value));
    let faults = faults(&intervals, domain, true);
    for region in &faults {
        let involved: Vec<&Band> = region.bands.iter().map(|&k| bands[k]).collect();
        let from = first_whole(&region.interval).unwrap_or(region.interval.low.value);
        let to = last_whole(&region.interval);
        let domain_end = set.domain.high.map(|h| h.value);
        if involved.is_empty() && to.is_some() && to == domain_end {
            diagnostics.push(super::band_domain::end_gap(set, &bands, from, to));
        } else if involved.is_empty() {
            diagnostics.push(gap(set, &bands, from, to));
        } else {
            diagnostics.push(overlap(set, &involved, from, to));
        }
    }
}

/// The order rule (E0303), on its own: the analysis goes on whatever the order.
fn check_order(bands: &[&Band], diagnostics: &mut Vec<Diagnostic>) {
    for pair in bands.windows(2) {
        if pair[1].low < pair[0].low {
            diagnostics.push(
                Diagnostic::new(
                    Code::BandOrder,
                    format!("la tranche `{}` commence avant `{}`, écrite avant elle", pair[1].name, pair[0].name),
                    pair[1].range_span,
                    format!("commence à {}", n(pair[1].low)),
                )
                .with_secondary(pair[0].range_span, format!("commence à {}", n(pair[0].low)))
                .with_help("écrivez les tranches dans l'ordre croissant : les tableaux `[…]` suivent cet ordre"),
            );
        }
    }
}

/// A gap `[from, to]` (`to: None`: from `from` on). At 0 it is the start (E0304), past every
/// band the bounded last band (E0305), otherwise a gap between bands (E0301).
fn gap(set: &BandSet, bands: &[&Band], from: Decimal, to: Option<Decimal>) -> Diagnostic {
    // The band just after the gap and the one just before (by bounds, not by writing order).
    let after = bands
        .iter()
        .filter(|b| to.is_some_and(|t| b.low == t + Decimal::ONE))
        .copied()
        .next();
    let before = bands
        .iter()
        .filter(|b| b.high.is_some_and(|h| h + Decimal::ONE == from))
        .copied()
        .next();
    match (after, before) {
        (Some(first), _) if from == set.domain.low.value => start_gap(set, bands, first),
        (None, Some(last)) => bounded_last(set, bands, last),
        (Some(b), Some(a)) => {
            let to = to.unwrap_or(from);
            let message = if from == to {
                format!("{} n'est dans aucune tranche", n(from))
            } else {
                format!("de {} à {} : aucune tranche", n(from), n(to))
            };
            Diagnostic::new(
                Code::BandGap,
                message,
                b.range_span,
                format!("`{}` commence à {}", b.name, n(b.low)),
            )
            .with_secondary(a.range_span, format!("`{}` s'arrête à {}", a.name, n(from - Decimal::ONE)))
            // Two fixes are possible (`a` goes on, or `b` starts earlier) and they put the values
            // of the gap in different bands: only the source says which, no machine fix.
            .with_help(format!(
                "faites aller `{}` jusqu'au début de `{}` : « {} », ou faites commencer `{}` juste après `{}`, selon le texte source",
                a.name,
                b.name,
                // Against `plus de X`, « jusqu'à X » reads as the text does.
                range_text(set, a.low, Some(b.low - Decimal::ONE), !matches!(b.range, BandRange::Above(_))),
                b.name,
                a.name
            ))
        }
        // Unreachable for a gap between whole-number bands (each end touches a band), kept total.
        _ => Diagnostic::new(
            Code::BandGap,
            format!("à partir de {} : aucune tranche", n(from)),
            bands[0].range_span,
            "tranches incomplètes",
        ),
    }
}

/// The bands start after 0 (E0304); the fix moves the first band's start to 0 only when that
/// band is the only one to start there (otherwise the fix would create an overlap).
fn start_gap(set: &BandSet, bands: &[&Band], first: &Band) -> Diagnostic {
    let start = set.domain.low.value;
    let gap = if first.low == start + Decimal::ONE {
        format!("{} n'est dans aucune tranche", n(start))
    } else {
        format!(
            "aucune tranche de {} à {}",
            n(start),
            n(first.low - Decimal::ONE)
        )
    };
    let from_zero = range_text(set, start, first.high, true);
    let d = Diagnostic::new(
        Code::BandStart,
        format!(
            "les tranches de `{}` commencent à {} : {gap}",
            set.name,
            n(first.low)
        ),
        first.range_span,
        format!("`{}` commence à {}", first.name, n(first.low)),
    )
    .with_help(format!(
        "faites commencer `{}` à {} : « {from_zero} »",
        first.name,
        n(start)
    ));
    if bands.iter().filter(|b| b.low == first.low).count() > 1 {
        return d;
    }
    d.with_fix(
        format!("faire commencer `{}` à {}", first.name, n(start)),
        vec![Edit {
            span: first.range_span,
            replacement: from_zero,
        }],
    )
}

/// Nothing past the last band (E0305); the fix opens it only when no other band ends there.
fn bounded_last(set: &BandSet, bands: &[&Band], last: &Band) -> Diagnostic {
    let high = last.high.unwrap_or(last.low);
    let d = Diagnostic::new(
        Code::BandBoundedLast,
        format!("au-delà de {}, aucune tranche", n(high)),
        last.range_span,
        format!("`{}` s'arrête à {}", last.name, n(high)),
    )
    .with_help(format!(
        "ouvrez la dernière tranche : `à partir de {}`",
        n(last.low)
    ));
    if bands.iter().filter(|b| b.high == last.high).count() > 1 {
        return d;
    }
    d.with_fix(
        "ouvrir la dernière tranche",
        vec![Edit {
            span: last.range_span,
            replacement: range_text(set, last.low, None, false),
        }],
    )
}

fn overlap(set: &BandSet, involved: &[&Band], from: Decimal, to: Option<Decimal>) -> Diagnostic {
    let both = names(involved);
    let what = match to {
        Some(to) if to == from => format!("{} est dans {both}", n(from)),
        Some(to) => format!("de {} à {} : dans {both}", n(from), n(to)),
        None => format!("à partir de {} : dans {both}", n(from)),
    };
    let what = match involved.len() {
        2 => what,
        k => format!("{what} ({k} tranches)"),
    };
    // The primary label is on the band that starts first (the one going too far), the others
    // are secondary labels.
    let mut sorted = involved.to_vec();
    sorted.sort_by_key(|b| b.low);
    let a = sorted[0];
    let mut diagnostic = Diagnostic::new(
        Code::BandOverlap,
        what,
        a.range_span,
        format!(
            "`{}` va jusqu'à {}",
            a.name,
            a.high.map_or("l'infini".to_string(), n)
        ),
    );
    for b in &sorted[1..] {
        diagnostic = diagnostic.with_secondary(
            b.range_span,
            format!("`{}` commence à {}", b.name, n(b.low)),
        );
    }
    // A catch-all band (it holds every value from 0 on) is named as such.
    for c in involved
        .iter()
        .filter(|c| c.low == set.domain.low.value && c.high.is_none())
    {
        diagnostic = diagnostic.with_note(format!(
            "`{}` couvre toutes les valeurs (tranche « fourre-tout ») : les autres tranches la recoupent toutes",
            c.name
        ));
    }
    diagnostic = diagnostic.with_note(format!(
        "les tranches de `{}` doivent former une partition : chaque valeur dans une seule tranche",
        set.name
    ));
    // Machine fix only where provably right: two bands, `b` starts after `a` and goes at least
    // as far, and this region is all of their common values — then `a` stopping before `b`
    // leaves each of them in `b` alone, and no new gap.
    let [a, b] = sorted[..] else {
        return diagnostic;
    };
    let b_reaches = match (a.high, b.high) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(ah), Some(bh)) => bh >= ah,
    };
    // The region is the whole of `a ∩ b`: the fix changes nothing else.
    let whole_overlap = from == b.low && to == a.high;
    // A catch-all band is not cut by a machine: whether it should go is the author's call.
    let catch_all = a.low == set.domain.low.value && a.high.is_none();
    if b.low > a.low && b_reaches && whole_overlap && !catch_all {
        diagnostic = diagnostic
            .with_help(format!(
                "faites s'arrêter `{}` avant {} : « {} »",
                a.name,
                n(b.low),
                range_text(set, a.low, Some(b.low - Decimal::ONE), true)
            ))
            .with_fix(
                format!("`{}` s'arrête avant {}", a.name, n(b.low)),
                vec![Edit {
                    span: a.range_span,
                    replacement: range_text(set, a.low, Some(b.low - Decimal::ONE), true),
                }],
            );
    }
    diagnostic
}

/// The range's source text for an inclusive integer interval `[low, high]`; `exclusive` prefers
/// « à moins de » for the upper bound, as the sources write thresholds; `moins de` and `jusqu'à`
/// start at the domain's start.
pub fn range_text(set: &BandSet, low: Decimal, high: Option<Decimal>, exclusive: bool) -> String {
    match (low == set.domain.low.value, high) {
        (true, Some(high)) if exclusive => format!("moins de {}", n(high + Decimal::ONE)),
        (true, Some(high)) => format!("jusqu'à {}", n(high)),
        (false, Some(high)) if exclusive => {
            format!("de {} à moins de {}", n(low), n(high + Decimal::ONE))
        }
        (false, Some(high)) => format!("de {} à {}", n(low), n(high)),
        (_, None) => format!("à partir de {}", n(low)),
    }
}
