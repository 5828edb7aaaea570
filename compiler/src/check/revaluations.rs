//! W0709: a `revalorise` written without rounding whose exact amount, in some band, has digits
//! past the cent: the text then states an amount nobody pays (each payment is rounded to the
//! cent). A fix adds `arrondi au centime` only when it provably changes nothing paid or checked:
//! no other value, check or example reads the lines, none has a fixed share, a variable part or a
//! prorated advance, and in every band each share paid rounds the same from the exact amount and
//! from the amount rounded to the cent.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use crate::value::{french_money, Value};
use clause_grammar::ast::PaymentKind;
use clause_grammar::Span;
use rust_decimal::{Decimal, RoundingStrategy};

pub fn check_revaluation_cents(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    // The lines each `revalorise` of this version revalues without rounding, by operation.
    let mut operations: Vec<(Span, Vec<ValueId>)> = Vec::new();
    for (id, value) in version.values.iter().enumerate() {
        let Some(revaluation) = &value.revaluation else {
            continue;
        };
        if revaluation.rounding.is_some() || value.origin.declared_in != version.name {
            continue;
        }
        match operations.iter_mut().find(|(s, _)| *s == revaluation.span) {
            Some((_, lines)) => lines.push(id),
            None => operations.push((revaluation.span, vec![id])),
        }
    }
    for (span, lines) in operations {
        let past_cent: Vec<String> = lines
            .iter()
            .flat_map(|&id| {
                amounts(version, id)
                    .into_iter()
                    .filter(|(_, amount)| cent(*amount) != *amount)
                    .map(move |(band, amount)| {
                        let band = band.map_or_else(String::new, |b| format!(" pour `{b}`"));
                        format!(
                            "`{}`{band} : {}",
                            version.values[id].name,
                            french_money(amount, " ")
                        )
                    })
            })
            .collect();
        let Some(first) = past_cent.first() else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(
            Code::RevaluationPastCent,
            format!("revalorisation sans arrondi au-delà du centime : {first}"),
            span,
            "aucun arrondi écrit",
        );
        if past_cent.len() > 1 {
            diagnostic = diagnostic.with_note(format!("aussi : {}", past_cent[1..].join(", ")));
        }
        diagnostic = diagnostic.with_help(
            "écrivez l'arrondi voulu après le taux : `arrondi au centime`, `arrondi` (à l'euro), `arrondi inférieur` ou `arrondi supérieur`",
        );
        if lines.iter().all(|&id| rounding_is_harmless(version, id)) {
            diagnostic = diagnostic.with_fix(
                "arrondir au centime (aucun versement ni aucune vérification ne change)",
                vec![Edit {
                    span: Span::new(span.file, span.end, span.end),
                    replacement: " arrondi au centime".into(),
                }],
            );
        }
        diagnostics.push(diagnostic);
    }
}

fn cent(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The line's amount in each static scenario it varies in, with the band's name.
fn amounts(version: &Version, id: ValueId) -> Vec<(Option<String>, Decimal)> {
    let value = &version.values[id];
    version
        .static_values
        .of_set(value.band_set)
        .filter_map(|scenario| {
            let Ok(Value::Money(amount)) = scenario.value(id) else {
                return None;
            };
            let band = scenario.key.band.map(|choice| {
                version.band_sets[choice.set].bands[choice.band]
                    .name
                    .clone()
            });
            Some((band, amount))
        })
        .collect()
}

/// Whether rounding the line's amount to the cent provably changes nothing paid or checked.
fn rounding_is_harmless(version: &Version, id: ValueId) -> bool {
    let value = &version.values[id];
    let read_elsewhere = version
        .values
        .iter()
        .any(|other| value_dependencies(other).contains(&id))
        || version.assertions.iter().any(|a| reads(&a.expr, id))
        || version.conditions.iter().any(|c| reads(&c.expr, id))
        || version.examples.iter().any(|e| match &e.outcome {
            ExampleOutcome::Values(values) => values.iter().any(|v| v.value == id),
            _ => false,
        });
    if read_elsewhere || value.fixed_share.is_some() {
        return false;
    }
    // The shares of the amount paid: the whole, and each advance's percent. A balance is the
    // amount less advances already rounded to the cent: it rounds as the amount does.
    let mut shares = vec![Decimal::ONE];
    for payment in &value.payments {
        match &payment.kind {
            PaymentKind::VariableByAchievement
            | PaymentKind::AdvanceAtStart { prorated: true, .. } => return false,
            PaymentKind::AdvanceAtSignature(percent)
            | PaymentKind::AdvanceEachAnniversary(percent)
            | PaymentKind::AdvanceAtStart {
                percent,
                prorated: false,
            } => shares.push(*percent / Decimal::ONE_HUNDRED),
            _ => {}
        }
    }
    amounts(version, id).iter().all(|(_, amount)| {
        shares.iter().all(|share| {
            match (
                amount.checked_mul(*share),
                cent(*amount).checked_mul(*share),
            ) {
                (Some(exact), Some(rounded)) => cent(exact) == cent(rounded),
                _ => false,
            }
        })
    })
}

fn reads(expr: &Expr, id: ValueId) -> bool {
    let mut found = Vec::new();
    collect_values(expr, &mut found);
    found.contains(&id)
}
