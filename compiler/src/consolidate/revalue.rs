//! An amendment changes only the amounts of its base's lines. `revalorise a, b de 5 %
//! [arrondi …]`: by a rate; each line keeps its definition (the base's), payment rule, fixed part,
//! sources and hypotheses; resolution multiplies its amounts (`resolve::lower`), the documents
//! and comparisons say « +5 % ». `remplace montant a …`: a new amount, the rest of the line kept.

use super::{find_target, BaseParts, Part, PartKind};
use crate::diagnostic::Diagnostic;
use crate::ir::{Change, Origin, Revaluation};
use clause_grammar::ast::{Ident, ItemKind, ReplaceAmountDef, RevalueDef, TargetKind};
use clause_grammar::Span;
use rust_decimal::Decimal;
use std::rc::Rc;

/// `remplace montant a …`: the line `a` of the base takes the amount written (an earlier
/// revaluation of it with it); an unknown name is E0701, as for `remplace`.
pub(super) fn replace_amount<'a>(
    parts: &mut [Part<'a>],
    def: &'a ReplaceAmountDef,
    base: &Rc<BaseParts<'a>>,
    origin: Origin,
    report: &mut impl FnMut(Diagnostic),
) {
    let Some(position) = line_position(parts, &def.target, report) else {
        return;
    };
    let part = &mut parts[position];
    part.amount = Some(&def.definition);
    part.base = Some(Rc::clone(base));
    part.revalued = None;
    part.origin = origin;
}

/// The position of the base's line `target`: a line's name, or a mission's for its own
/// envelope; else E0701 (with its suggestion), as for `remplace`.
fn line_position(
    parts: &[Part<'_>],
    target: &Ident,
    report: &mut impl FnMut(Diagnostic),
) -> Option<usize> {
    let position = parts.iter().position(|p| {
        is_line(p)
            && p.target()
                .is_some_and(|(n, kind, _)| n == target.node && kind != TargetKind::Mission)
    });
    position.or_else(|| {
        find_target(
            parts,
            &target.node,
            TargetKind::Envelope,
            target.span,
            false,
            report,
        )
        .filter(|&p| is_line(&parts[p]))
    })
}

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
        let Some(position) = line_position(parts, target, report) else {
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
