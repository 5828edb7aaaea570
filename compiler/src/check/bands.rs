//! Every band error (E03) of a version: the dimension (E0307), each band's bounds (E0306, E0308),
//! the partition of `[0, ∞)` (the exact gap or overlap, the order, the start at 0 and the open
//! last band, with a mechanical fix where one exists: E0301–E0305) and the band count (E0309).

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use crate::interpret::scenarios::{first_set_past_band_limit, MAX_BANDS};
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
            check_bounds(band, diagnostics);
        }
        check_band_set(set, diagnostics);
    }
    check_band_count(version, diagnostics);
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
            if input.ty != Type::Error && input.ty != Type::Count {
                diagnostics.push(
                    Diagnostic::new(
                        Code::BandDimension,
                        format!(
                            "les tranches se définissent selon un nombre, or `{name}` est {}",
                            input.ty.with_article()
                        ),
                        span,
                        "pas un nombre",
                    )
                    .with_secondary(input.name_span, "entrée déclarée ici")
                    .with_help("déclarez l'entrée avec le type `nombre`"),
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

/// A band's written bounds are whole numbers (E0308) and leave it at least one (E0306).
pub(super) fn check_bounds(band: &Band, diagnostics: &mut Vec<Diagnostic>) {
    let numbers: Vec<Decimal> = match &band.range {
        BandRange::Below(a) | BandRange::UpTo(a) | BandRange::From(a) | BandRange::Above(a) => {
            vec![*a]
        }
        BandRange::FromToBelow(a, b) | BandRange::FromTo(a, b) => vec![*a, *b],
    };
    if let Some(fraction) = numbers.iter().find(|n| !n.fract().is_zero()) {
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
    if band.high.is_some_and(|high| band.low > high) {
        diagnostics.push(
            Diagnostic::new(
                Code::BandEmpty,
                "cette tranche ne contient aucune valeur",
                band.range_span,
                "borne inférieure au-delà de la borne supérieure",
            )
            .with_help("vérifiez l'ordre des bornes"),
        );
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

pub(super) fn check_band_set(set: &BandSet, diagnostics: &mut Vec<Diagnostic>) {
    // An empty band (E0306, `check_bounds`) would only add confusing gaps.
    let bands: Vec<Band> = set
        .bands
        .iter()
        .filter(|b| b.high.is_none_or(|high| high >= b.low))
        .cloned()
        .collect();
    let bands = &bands;
    if bands.is_empty() {
        return;
    }
    // Order as written.
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
            // A partition in the wrong order would report confusing gaps: stop here.
            return;
        }
    }
    let first = &bands[0];
    if first.low > Decimal::ZERO {
        let gap = if first.low == Decimal::ONE {
            "0 n'est dans aucune tranche".to_string()
        } else {
            format!("aucune tranche de 0 à {}", n(first.low - Decimal::ONE))
        };
        let from_zero = range_text(Decimal::ZERO, first.high, true);
        diagnostics.push(
            Diagnostic::new(
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
                "faites commencer `{}` à 0 : « {from_zero} »",
                first.name
            ))
            .with_fix(
                format!("faire commencer `{}` à 0", first.name),
                vec![Edit {
                    span: first.range_span,
                    replacement: from_zero,
                }],
            ),
        );
    }
    for pair in bands.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let Some(a_high) = a.high else {
            // `a` is open: every value from `b.low` on is in both.
            diagnostics.push(overlap(set, a, b, b.low, b.high));
            continue;
        };
        if b.low > a_high + Decimal::ONE {
            let (from, to) = (a_high + Decimal::ONE, b.low - Decimal::ONE);
            let message = if from == to {
                format!("{} n'est dans aucune tranche", n(from))
            } else {
                format!("de {} à {} : aucune tranche", n(from), n(to))
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::BandGap,
                    message,
                    b.range_span,
                    format!("`{}` commence à {}", b.name, n(b.low)),
                )
                .with_secondary(
                    a.range_span,
                    format!("`{}` s'arrête à {}", a.name, n(a_high)),
                )
                // Two fixes are possible (`a` goes on, or `b` starts earlier) and they put the
                // values of the gap in different bands: only the source says which, no machine fix.
                .with_help(format!(
                    "faites aller `{}` jusqu'au début de `{}` : « {} », ou faites commencer `{}` juste après `{}`, selon le texte source",
                    a.name,
                    b.name,
                    range_text(a.low, Some(b.low - Decimal::ONE), true),
                    b.name,
                    a.name
                )),
            );
        } else if b.low <= a_high {
            let overlap_high = match b.high {
                Some(b_high) => a_high.min(b_high),
                None => a_high,
            };
            diagnostics.push(overlap(set, a, b, b.low, Some(overlap_high)));
        }
    }
    let last = &bands[bands.len() - 1];
    if let Some(high) = last.high {
        diagnostics.push(
            Diagnostic::new(
                Code::BandBoundedLast,
                format!("au-delà de {}, aucune tranche", n(high)),
                last.range_span,
                format!("`{}` s'arrête à {}", last.name, n(high)),
            )
            .with_help(format!(
                "ouvrez la dernière tranche : `à partir de {}`",
                n(last.low)
            ))
            .with_fix(
                "ouvrir la dernière tranche",
                vec![Edit {
                    span: last.range_span,
                    replacement: range_text(last.low, None, false),
                }],
            ),
        );
    }
}

fn overlap(set: &BandSet, a: &Band, b: &Band, from: Decimal, to: Option<Decimal>) -> Diagnostic {
    let what = match to {
        Some(to) if to == from => format!("{} est dans `{}` et `{}`", n(from), a.name, b.name),
        Some(to) => format!(
            "de {} à {} : dans `{}` et `{}`",
            n(from),
            n(to),
            a.name,
            b.name
        ),
        None => format!(
            "à partir de {} : dans `{}` et `{}`",
            n(from),
            a.name,
            b.name
        ),
    };
    // The primary label is on the earlier band, which goes too far: the quick fix edits it there.
    let mut diagnostic = Diagnostic::new(
        Code::BandOverlap,
        what,
        a.range_span,
        format!(
            "`{}` va jusqu'à {}",
            a.name,
            a.high.map_or("l'infini".to_string(), n)
        ),
    )
    .with_secondary(
        b.range_span,
        format!("`{}` commence à {}", b.name, n(b.low)),
    )
    .with_note(format!(
        "les tranches de `{}` doivent former une partition : chaque valeur dans une seule tranche",
        set.name
    ));
    // Mechanical fix: the earlier band stops just before the later one starts.
    if b.low > a.low {
        diagnostic = diagnostic
            .with_help(format!(
                "faites s'arrêter `{}` avant {} : « de {} à moins de {} »",
                a.name,
                n(b.low),
                n(a.low),
                n(b.low)
            ))
            .with_fix(
                format!("`{}` s'arrête avant {}", a.name, n(b.low)),
                vec![Edit {
                    span: a.range_span,
                    replacement: range_text(a.low, Some(b.low - Decimal::ONE), true),
                }],
            );
    }
    diagnostic
}

fn n(value: Decimal) -> String {
    french_number(value, " ")
}

/// The range's source text for an inclusive integer interval `[low, high]`; `exclusive` prefers
/// « à moins de » for the upper bound, as the sources write thresholds.
pub fn range_text(low: Decimal, high: Option<Decimal>, exclusive: bool) -> String {
    match (low.is_zero(), high) {
        (true, Some(high)) if exclusive => format!("moins de {}", n(high + Decimal::ONE)),
        (true, Some(high)) => format!("jusqu'à {}", n(high)),
        (false, Some(high)) if exclusive => {
            format!("de {} à moins de {}", n(low), n(high + Decimal::ONE))
        }
        (false, Some(high)) => format!("de {} à {}", n(low), n(high)),
        (_, None) => format!("à partir de {}", n(low)),
    }
}
