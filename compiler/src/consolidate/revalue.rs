//! `revalorise a, b de 5 % [arrondi …]`: an amendment changes only the amounts of its base's
//! lines, by a rate. Each line keeps its definition (the base's), payment rule, fixed part,
//! sources and hypotheses; resolution multiplies its amounts (`resolve::lower`), the documents
//! and comparisons say « +5 % ».

use super::{find_target, Part, PartKind};
use crate::diagnostic::Diagnostic;
use crate::ir::{Change, Origin, Revaluation};
use clause_grammar::ast::{ItemKind, RevalueDef, TargetKind};
use clause_grammar::Span;
use rust_decimal::Decimal;

/// Marks each named line of `parts` as revalued by `def`; an unknown name is E0701, as for
/// `remplace`.
pub(super) fn revalue(
    parts: &mut [Part<'_>],
    def: &RevalueDef,
    amendment: &str,
    base: &str,
    span: Span,
    report: &mut impl FnMut(Diagnostic),
) {
    for target in &def.targets {
        let position = parts.iter().position(|p| {
            is_line(p)
                && p.target()
                    .is_some_and(|(n, kind, _)| n == target.node && kind != TargetKind::Mission)
        });
        let Some(position) = position.or_else(|| {
            // Not a line of the base: the same diagnostic as a `remplace` of it (with its
            // suggestion); a mission names its own envelope.
            find_target(
                parts,
                &target.node,
                TargetKind::Envelope,
                target.span,
                false,
                report,
            )
            .filter(|&p| is_line(&parts[p]))
        }) else {
            continue;
        };
        let part = &mut parts[position];
        // A line revalued again down a chain of amendments: the rates compound.
        let percent = match &part.revalued {
            Some(earlier) => {
                let hundred = Decimal::ONE_HUNDRED;
                ((hundred + earlier.percent) * (hundred + def.percent.node) / hundred) - hundred
            }
            None => def.percent.node,
        };
        part.revalued = Some(Revaluation {
            percent,
            rounding: def.rounding.as_ref().map(|r| r.node),
            base: base.to_string(),
            span,
        });
        part.origin = Origin {
            declared_in: amendment.to_string(),
            span,
            change: Change::Replaced,
        };
    }
}

fn is_line(part: &Part<'_>) -> bool {
    matches!(
        part.kind,
        PartKind::Envelope { .. } | PartKind::Item(ItemKind::Value(_))
    )
}
