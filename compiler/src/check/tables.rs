//! Amounts that decrease as the population grows (W0405): a likely swapped table.

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::ir::*;
use crate::value::{french_money, Value};
use clause_grammar::Span;
use rust_decimal::Decimal;

pub(super) fn check_decreasing(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    for value in &version.values {
        let Definition::Table {
            band_set, entries, ..
        } = &value.definition
        else {
            continue;
        };
        let bands = &version.band_sets[*band_set].bands;
        let amounts: Vec<Option<(Decimal, Span)>> = entries
            .iter()
            .map(|entry| match entry {
                Entry::Value(Expr {
                    kind: ExprKind::Literal(Value::Money(d)),
                    span,
                    ..
                }) => Some((*d, *span)),
                _ => None,
            })
            .collect();
        for index in 1..amounts.len() {
            if let (Some((previous, previous_span)), Some((current, span))) =
                (amounts[index - 1], amounts[index])
            {
                if current < previous {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::TableDecreasing,
                            format!(
                                "`{}` diminue avec la taille : {} pour `{}` après {} pour `{}`",
                                value.name,
                                french_money(current, " "),
                                bands.get(index).map_or("?", |b| b.name.as_str()),
                                french_money(previous, " "),
                                bands.get(index - 1).map_or("?", |b| b.name.as_str())
                            ),
                            span,
                            "plus petit que la tranche précédente",
                        )
                        .with_secondary(previous_span, "tranche précédente")
                        .with_help(
                            "vérifiez l'ordre des montants : ils suivent l'ordre des tranches",
                        ),
                    );
                }
            }
        }
    }
}
