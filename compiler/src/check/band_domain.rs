//! The band errors that a declared domain or exact bounds bring: a band outside the domain
//! (E0310), a gap at the end of a bounded domain (E0301), and the gaps and overlaps of a band
//! set over decimals or rates (E0301, E0302, E0304, E0305), as exact intervals in the words of
//! a band range (`de plus de 50 % à moins de 60 %`).

use super::band_sweep::faults;
use super::band_words::{n, names};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::interval::Interval;
use crate::ir::{Band, BandSet};
use rust_decimal::Decimal;

/// A band that holds values outside the declared domain (E0310).
pub(super) fn outside(set: &BandSet, band: &Band) -> Diagnostic {
    let domain = set.domain.words(band.percent);
    let d = Diagnostic::new(
        Code::BandOutsideDomain,
        format!(
            "la tranche `{}` sort du domaine de `{}` ({domain})",
            band.name, set.name
        ),
        band.range_span,
        format!("hors de « {domain} »"),
    );
    let d = match set.domain_span {
        Some(span) => d.with_secondary(span, "domaine déclaré ici"),
        None => d.with_note(format!(
            "sans domaine déclaré, les tranches divisent les valeurs à partir de 0 ; une dimension qui descend plus bas le déclare : `tranches {} selon {}, à partir de …`",
            set.name, set.dimension_name
        )),
    };
    d.with_help(
        "ramenez la tranche dans le domaine, ou élargissez le domaine selon le texte source",
    )
}

/// Whole numbers `[from, to]` in no band, up to the declared domain's end (E0301).
pub(super) fn end_gap(
    set: &BandSet,
    bands: &[&Band],
    from: Decimal,
    to: Option<Decimal>,
) -> Diagnostic {
    let to = to.unwrap_or(from);
    let message = if from == to {
        format!("{} n'est dans aucune tranche", n(from))
    } else {
        format!("de {} à {} : aucune tranche", n(from), n(to))
    };
    let last = bands
        .iter()
        .filter(|b| b.high.is_some_and(|h| h + Decimal::ONE == from))
        .copied()
        .next();
    let primary = last.or(bands.last().copied());
    let mut d = Diagnostic::new(
        Code::BandGap,
        message,
        primary.map_or(set.name_span, |b| b.range_span),
        match last {
            Some(b) => format!("`{}` s'arrête à {}", b.name, n(from - Decimal::ONE)),
            None => "tranches incomplètes".to_string(),
        },
    );
    if let Some(span) = set.domain_span {
        d = d.with_secondary(span, format!("le domaine va jusqu'à {}", n(to)));
    }
    d.with_help(format!(
        "faites aller la dernière tranche jusqu'à {} (la fin du domaine), ou ajoutez une tranche, selon le texte source",
        n(to)
    ))
}

/// The gaps and overlaps of a band set over exact values (decimals, rates), each region in
/// words; a single value alone (`50 % n'est dans aucune tranche`).
pub(super) fn check_exact(set: &BandSet, bands: &[&Band], diagnostics: &mut Vec<Diagnostic>) {
    let percent = bands.iter().any(|b| b.percent);
    let intervals: Vec<Interval> = bands.iter().map(|b| b.interval()).collect();
    for region in faults(&intervals, set.domain, false) {
        let r = region.interval;
        let words = r.words(percent);
        let point = r.high.is_some_and(|h| h.value == r.low.value);
        if region.bands.is_empty() {
            // The bands on either side of the gap, by their bounds.
            let after = bands
                .iter()
                .find(|b| r.high.is_some_and(|h| b.low == h.value));
            let before = bands.iter().find(|b| b.high == Some(r.low.value));
            let (code, message) = if r.low == set.domain.low {
                (
                    Code::BandStart,
                    format!("les tranches de `{}` ne commencent pas au début du domaine : {words}, aucune tranche", set.name),
                )
            } else if r.high.is_none() {
                (Code::BandBoundedLast, format!("{words}, aucune tranche"))
            } else if point {
                (Code::BandGap, format!("{words} n'est dans aucune tranche"))
            } else {
                (Code::BandGap, format!("{words} : aucune tranche"))
            };
            let primary = after.or(before).or(bands.first()).copied();
            let mut d = Diagnostic::new(
                code,
                message,
                primary.map_or(set.name_span, |b| b.range_span),
                "tranches incomplètes",
            );
            if let (Some(a), Some(b)) = (after, before) {
                d = d.with_secondary(
                    b.range_span,
                    format!("`{}` s'arrête avant `{}`", b.name, a.name),
                );
            }
            let help = match (code, primary) {
                (Code::BandStart, Some(first)) => format!(
                    "faites commencer `{}` au début du domaine ({}), ou déclarez le domaine où le texte le fait commencer : `tranches {} selon {}, à partir de …`",
                    first.name,
                    value(set.domain.low.value, percent),
                    set.name,
                    set.dimension_name
                ),
                (Code::BandBoundedLast, _) => format!(
                    "ouvrez la dernière tranche (« à partir de … », « plus de … »), ou déclarez le domaine borné de la dimension : `tranches {} selon {}, de … à …`",
                    set.name, set.dimension_name
                ),
                _ => "faites se rejoindre les tranches : une borne incluse d'un côté (« jusqu'à », « à partir de »), exclue de l'autre (« moins de », « plus de »), selon le texte source".to_string(),
            };
            diagnostics.push(d.with_help(help));
        } else {
            let involved: Vec<&Band> = region.bands.iter().map(|&k| bands[k]).collect();
            let mut message = if point {
                format!("{words} est dans {}", names(&involved))
            } else {
                format!("{words} : dans {}", names(&involved))
            };
            if involved.len() > 2 {
                message.push_str(&format!(" ({} tranches)", involved.len()));
            }
            let mut d = Diagnostic::new(
                Code::BandOverlap,
                message,
                involved[0].range_span,
                format!("`{}`", involved[0].name),
            );
            for b in &involved[1..] {
                d = d.with_secondary(b.range_span, format!("`{}`", b.name));
            }
            diagnostics.push(d.with_note(format!(
                "les tranches de `{}` doivent former une partition : chaque valeur dans une seule tranche ; à une borne partagée, l'une l'inclut (« jusqu'à »), l'autre l'exclut (« plus de »)",
                set.name
            )));
        }
    }
}

/// One value of the dimension in words (`50 %`, `2,5`).
fn value(v: Decimal, percent: bool) -> String {
    let point = Interval {
        low: crate::interval::Bound::closed(v),
        high: Some(crate::interval::Bound::closed(v)),
    };
    point.words(percent)
}
