//! Reads each band set's domain, bands and bounds into the IR (exact, open or closed; closed
//! whole numbers for a `nombre`), reporting a bound whose unit is not the dimension's (E0311);
//! the bands' other errors (E03) are the checker's (`check/bands.rs`).

use crate::codes::Code;
use crate::consolidate::{Part, PartKind};
use crate::diagnostic::Diagnostic;
use crate::interval::{Bound, Interval};
use crate::ir::*;
use crate::types::Type;
use clause_grammar::ast::{BandRange, ItemKind};
use clause_grammar::Span;
use rust_decimal::Decimal;
use std::collections::HashMap;

use super::{texts, Builder};

impl Builder<'_> {
    pub(super) fn resolve_band_sets(&mut self, parts: &[Part]) {
        let mut index = 0;
        for part in parts {
            let PartKind::Item(ItemKind::BandSet(def)) = &part.kind else {
                continue;
            };
            // A dimension that is not a numeric input is reported by the checker (E0307).
            let dimension = match self.version.symbols.get(&def.dimension.node) {
                Some(Symbol::Input(i)) if self.version.inputs[*i].ty.is_numeric() => Some(*i),
                _ => None,
            };
            let ty = dimension.map(|i| self.version.inputs[i].ty);
            let whole = ty.is_none_or(|t| t == Type::Count);
            let rate = ty.map(|t| t == Type::Rate);
            let percent = rate == Some(true);
            let money = ty.map(|t| t == Type::Money);
            let mut domain = Interval::NATURAL;
            if let Some(declared) = &def.domain {
                self.check_unit(
                    declared.percent,
                    rate,
                    declared.range.span,
                    &def.dimension.node,
                );
                self.check_euro(
                    declared.euro,
                    money,
                    declared.range.span,
                    &def.dimension.node,
                );
                // A rate's bounds are in percent, `%` written or not (E0311 said so).
                let exact = exact(&declared.range.node, percent, Interval::NATURAL.low);
                let negative =
                    whole && exact.low.value.is_sign_negative() && !exact.low.value.is_zero();
                if exact.is_empty() || negative {
                    // The natural domain stands in for one that cannot be (E0310).
                    self.report(bad_domain(declared.range.span, negative));
                } else {
                    domain = if whole { whole_numbers(exact) } else { exact };
                }
            }
            let mut bands = Vec::new();
            let mut names: HashMap<&str, Span> = HashMap::new();
            for band in &def.bands {
                if let Some(first) = names.insert(&band.name.node, band.name.span) {
                    self.report(
                        Diagnostic::new(
                            Code::DuplicateName,
                            format!("la tranche `{}` est déjà définie", band.name.node),
                            band.name.span,
                            "deuxième définition",
                        )
                        .with_secondary(first, "première définition"),
                    );
                }
                self.check_unit(band.percent, rate, band.range.span, &def.dimension.node);
                self.check_euro(band.euro, money, band.range.span, &def.dimension.node);
                let mut interval = exact(&band.range.node, percent, domain.low);
                if whole {
                    interval = whole_numbers(interval);
                }
                bands.push(Band {
                    name: band.name.node.clone(),
                    label: band.label.as_ref().map(|l| l.node.clone()),
                    low: interval.low.value,
                    low_open: !interval.low.closed,
                    high: interval.high.map(|h| h.value),
                    high_open: interval.high.is_some_and(|h| !h.closed),
                    percent,
                    bound_hypotheses: band
                        .range
                        .node
                        .written()
                        .into_iter()
                        .zip(&band.bound_hypotheses)
                        .filter_map(|(value, h)| {
                            let h = h.as_ref()?;
                            Some((in_units(value, percent), h.node.clone()))
                        })
                        .collect(),
                    name_span: band.name.span,
                    range_span: band.range.span,
                    range: band.range.node.clone(),
                    sources: crate::citation::cite_all(
                        &self.version.references,
                        &band.attributes.sources,
                    ),
                    hypotheses: texts(&band.attributes.hypotheses),
                });
            }
            if let Some(set) = self.version.band_sets.get_mut(index) {
                set.dimension = dimension;
                set.domain = domain;
                set.whole = whole;
                set.bands = bands;
            }
            index += 1;
        }
    }
}

impl Builder<'_> {
    /// A rate's bounds are written in percent, and only a rate's (E0311).
    fn check_unit(&mut self, percent: bool, rate: Option<bool>, span: Span, dimension: &str) {
        // An unknown dimension is E0307's alone.
        let Some(rate) = rate.filter(|rate| *rate != percent) else {
            return;
        };
        let (message, help) = if rate {
            (
                format!("`{dimension}` est un taux : ses bornes s'écrivent en pourcentage"),
                "écrivez chaque borne avec `%` : « de 0 % à moins de 50 % »",
            )
        } else {
            (
                format!(
                    "`{dimension}` n'est pas un taux : ses bornes ne s'écrivent pas en pourcentage"
                ),
                "retirez les `%`, ou déclarez l'entrée avec le type `taux`",
            )
        };
        self.report(
            Diagnostic::new(Code::BandUnit, message, span, "unité de la borne").with_help(help),
        );
    }
}

impl Builder<'_> {
    /// Only an amount's bounds are written in euros (E0311); an amount's may be written bare.
    fn check_euro(&mut self, euro: bool, money: Option<bool>, span: Span, dimension: &str) {
        if euro && money == Some(false) {
            self.report(euro_bound(span, dimension));
        }
    }
}

/// A bound written in euros on a dimension that is not an amount (E0311).
pub(crate) fn euro_bound(span: Span, dimension: &str) -> Diagnostic {
    Diagnostic::new(
        Code::BandUnit,
        format!("`{dimension}` n'est pas un montant : ses bornes ne s'écrivent pas en euros"),
        span,
        "unité de la borne",
    )
    .with_help("retirez les `€`, ou déclarez l'entrée avec le type `montant`")
}

/// A declared domain with no value, or below 0 for a count (E0310).
fn bad_domain(span: Span, negative: bool) -> Diagnostic {
    let (message, label, help) = if negative {
        (
            "un nombre ne descend pas sous 0 : le domaine des tranches commence trop bas",
            "au-dessous de 0",
            "faites commencer le domaine à 0 ou au-delà, ou déclarez l'entrée `décimal`",
        )
    } else {
        (
            "le domaine déclaré ne contient aucune valeur",
            "domaine vide",
            "vérifiez l'ordre des bornes du domaine",
        )
    };
    Diagnostic::new(Code::BandOutsideDomain, message, span, label).with_help(help)
}

/// The exact interval a range covers, its numbers in percent divided by 100 when `percent`;
/// `moins de` and `jusqu'à` start at the domain's start.
pub(crate) fn exact(range: &BandRange, percent: bool, start: Bound) -> Interval {
    let v = |a: Decimal| in_units(a, percent);
    let (c, o) = (|a| Bound::closed(v(a)), |a| Bound::open(v(a)));
    let (low, high) = match *range {
        BandRange::Below(a) => (start, Some(o(a))),
        BandRange::UpTo(a) => (start, Some(c(a))),
        BandRange::FromToBelow(a, b) => (c(a), Some(o(b))),
        BandRange::FromTo(a, b) => (c(a), Some(c(b))),
        BandRange::AboveTo(a, b) => (o(a), Some(c(b))),
        BandRange::AboveToBelow(a, b) => (o(a), Some(o(b))),
        BandRange::From(a) => (c(a), None),
        BandRange::Above(a) => (o(a), None),
    };
    Interval { low, high }
}

/// A written bound in the dimension's units: `50 %` is 0,5.
fn in_units(written: Decimal, percent: bool) -> Decimal {
    if percent {
        written.checked_div(Decimal::ONE_HUNDRED).unwrap_or(written)
    } else {
        written
    }
}

/// The whole numbers of an interval as closed bounds: `plus de 10` is `[11, …]`, `moins de 20`
/// `[…, 19]`. Bounds that are not whole (E0308) or a band with no whole number (E0306) are the
/// checker's to report.
fn whole_numbers(i: Interval) -> Interval {
    let low = if i.low.closed {
        i.low.value.ceil()
    } else {
        i.low.value.floor() + Decimal::ONE
    };
    let high = i.high.map(|h| {
        Bound::closed(if h.closed {
            h.value.floor()
        } else {
            h.value.ceil() - Decimal::ONE
        })
    });
    Interval {
        low: Bound::closed(low),
        high,
    }
}
