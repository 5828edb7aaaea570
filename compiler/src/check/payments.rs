//! Rates within [0 %, 100 %] (E0209), `versement` rules that combine (E0210), envelopes that
//! would never be paid (W0211), and the conditions a line is reserved to (`réservé si …`: a
//! declared `condition`, E0101).

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::ir::*;
use crate::value::{french_number, Value};
use clause_grammar::ast::{PaymentKind, ValueKind};
use clause_grammar::Span;
use rust_decimal::Decimal;

pub(super) fn check_rates(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    let out_of_range = |rate: Decimal| rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED;
    for value in &version.values {
        if let Some(fixed) = &value.fixed_share {
            if let crate::ir::ExprKind::Literal(Value::Rate(rate)) = fixed.share.kind {
                if out_of_range(rate * Decimal::ONE_HUNDRED) {
                    diagnostics.push(rate_error(
                        fixed.share.span,
                        rate * Decimal::ONE_HUNDRED,
                        "une part fixe",
                    ));
                }
            }
        }
        for payment in &value.payments {
            let percent = match payment.kind {
                PaymentKind::AdvanceAtSignature(p) | PaymentKind::AdvanceEachAnniversary(p) => p,
                PaymentKind::AdvanceAtStart { percent, .. } => percent,
                _ => continue,
            };
            if out_of_range(percent) {
                diagnostics.push(rate_error(payment.span, percent, "une avance"));
            }
        }
    }
}

/// The two ways several `versement` rules combine.
#[derive(Clone, Copy)]
enum PaymentFamily {
    /// Advances at signature and each anniversary, balance at the next.
    Annual,
    /// An advance at the mission's start, balance, variable part.
    Mission,
}

impl PaymentFamily {
    fn allows(self, kind: &PaymentKind) -> bool {
        match self {
            PaymentFamily::Annual => matches!(
                kind,
                PaymentKind::AdvanceAtSignature(_)
                    | PaymentKind::AdvanceEachAnniversary(_)
                    | PaymentKind::BalanceNextAnniversary
            ),
            PaymentFamily::Mission => matches!(
                kind,
                PaymentKind::AdvanceAtStart { .. }
                    | PaymentKind::BalanceNextAnniversary
                    | PaymentKind::VariableByAchievement
            ),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            PaymentFamily::Annual => {
                "une enveloppe annuelle (avances à la signature et à chaque anniversaire, solde)"
            }
            PaymentFamily::Mission => {
                "l'enveloppe d'une mission (avance au démarrage, solde, part variable)"
            }
        }
    }
}

/// The `versement` rules combine in three ways only: a yearly envelope (advances at signature and
/// anniversaries, balance), a mission's envelope (advance at its start, balance, variable part),
/// or one rule alone. Anything else would be paid otherwise than written.
pub(super) fn check_payments(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    for value in &version.values {
        let Some(first) = value.payments.first() else {
            continue;
        };
        let error = |span: Span, message: String, label: &str| {
            Diagnostic::new(Code::PaymentRules, message, span, label.to_string())
                .with_secondary(value.name_span, format!("`{}`", value.name))
        };
        if value.kind == ValueKind::Value {
            diagnostics.push(
                error(first.span, format!("`{}` est une `valeur` : elle n'est jamais versée", value.name), "versement d'une valeur")
                    .with_help("une somme versée se déclare `enveloppe` (ou `résultat` pour un forfait calculé)"),
            );
            continue;
        }
        let kinds: Vec<&PaymentKind> = value.payments.iter().map(|p| &p.kind).collect();
        let family = if kinds
            .iter()
            .any(|k| matches!(k, PaymentKind::AdvanceAtStart { .. }))
        {
            Some(PaymentFamily::Mission)
        } else if kinds.iter().any(|k| {
            matches!(
                k,
                PaymentKind::AdvanceAtSignature(_) | PaymentKind::AdvanceEachAnniversary(_)
            )
        }) {
            Some(PaymentFamily::Annual)
        } else {
            None
        };
        let mut reported = false;
        for (index, payment) in value.payments.iter().enumerate() {
            let repeated = value.payments[..index]
                .iter()
                .find(|p| std::mem::discriminant(&p.kind) == std::mem::discriminant(&payment.kind));
            let out_of_family = match family {
                Some(family) => !family.allows(&payment.kind),
                None => index > 0,
            };
            if let Some(previous) = repeated {
                diagnostics.push(
                    error(
                        payment.span,
                        format!(
                            "la règle « {} » est donnée deux fois",
                            crate::format::payment_rule_text(&payment.kind)
                        ),
                        "répétée",
                    )
                    .with_secondary(previous.span, "déjà donnée ici"),
                );
                reported = true;
            } else if out_of_family {
                let message = match family {
                    Some(family) => format!("« {} » ne s'ajoute pas aux règles de {}", crate::format::payment_rule_text(&payment.kind), family.describe()),
                    None => format!("« {} » ne se combine pas avec « {} » : chacune de ces règles verse seule tout le montant", crate::format::payment_rule_text(&payment.kind), crate::format::payment_rule_text(&first.kind)),
                };
                diagnostics.push(error(payment.span, message, "règle incompatible").with_secondary(first.span, "première règle").with_help("une enveloppe suit une seule manière de verser : séparez les montants en deux enveloppes"));
                reported = true;
            }
        }
        if reported {
            continue;
        }
        let percents: Vec<(Decimal, Span)> = value
            .payments
            .iter()
            .filter_map(|p| match p.kind {
                PaymentKind::AdvanceAtSignature(x) | PaymentKind::AdvanceEachAnniversary(x) => {
                    Some((x, p.span))
                }
                _ => None,
            })
            .collect();
        if let [(a, a_span), (b, b_span)] = percents.as_slice() {
            if a != b {
                diagnostics.push(error(*b_span, format!("l'avance à chaque anniversaire ({} %) diffère de l'avance à la signature ({} %)", french_number(*b, " "), french_number(*a, " ")), "autre pourcentage").with_secondary(*a_span, "avance à la signature"));
            }
        }
        let has_start = kinds
            .iter()
            .any(|k| matches!(k, PaymentKind::AdvanceAtStart { .. }));
        if has_start && value.mission.is_none() {
            diagnostics.push(error(first.span, format!("`{}` est versée au démarrage d'une mission, mais n'est dans aucune mission", value.name), "aucune mission").with_help("déclarez l'enveloppe dans le bloc de sa mission"));
        }
        if has_start
            && kinds
                .iter()
                .any(|k| matches!(k, PaymentKind::VariableByAchievement))
        {
            match &value.fixed_share {
                None => diagnostics.push(
                    error(first.span, format!("`{}` a une part variable mais pas de `part fixe`", value.name), "part variable sans part fixe")
                        .with_help("écrivez la part fixe : `part fixe 50 %` (le reste est variable)"),
                ),
                Some(fixed) if !matches!(fixed.share.kind, ExprKind::Literal(Value::Rate(_)) | ExprKind::Error) => diagnostics.push(
                    Diagnostic::new(Code::PaymentRules, "la part fixe s'écrit comme un pourcentage (`part fixe 50 %`)", fixed.share.span, "pas un pourcentage écrit")
                        .with_help("une part fixe calculée ne peut pas être versée : écrivez le pourcentage"),
                ),
                _ => {}
            }
        }
    }
}

fn rate_error(span: Span, percent: Decimal, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RateOutOfRange,
        format!(
            "{what} de {} % sort de [0 %, 100 %]",
            french_number(percent, " ")
        ),
        span,
        "taux hors limites",
    )
    .with_help("un pourcentage d'un montant se situe entre 0 % et 100 %")
}

/// `réservé si NOM`: the name must be a `condition` of the version.
pub(super) fn check_reservations(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    for value in &version.values {
        for rule in &value.reserved {
            let Reservation::If(name) = &rule.value else {
                continue;
            };
            if matches!(version.symbols.get(&name.node), Some(Symbol::Condition(_))) {
                continue;
            }
            let conditions = version.conditions.iter().map(|c| c.name.as_str());
            let mut d = Diagnostic::new(
                Code::UnknownName,
                format!("condition inconnue `{}`", name.node),
                name.span,
                "aucune `condition` de ce nom dans cette version",
            );
            d = match crate::suggest::did_you_mean(&name.node, conditions) {
                Some(s) => d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                    format!("remplacer par `{s}`"),
                    vec![crate::diagnostic::Edit {
                        span: name.span,
                        replacement: s.to_string(),
                    }],
                ),
                None => d.with_help("déclarez-la : `condition NOM \"libellé\" : expression`"),
            };
            diagnostics.push(d);
        }
    }
}

/// An envelope without `versement` is never paid: said when the version pays other lines (a
/// version without any rule is a table of amounts, evaluated for its figures only).
pub(super) fn check_unpaid(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    let envelopes = || {
        version
            .values
            .iter()
            .filter(|v| v.kind == ValueKind::Envelope)
    };
    if envelopes().all(|v| v.payments.is_empty()) {
        return;
    }
    // A line without a name did not parse whole: its syntax error says so.
    for value in envelopes().filter(|v| v.payments.is_empty() && !v.name.is_empty()) {
        let mut diagnostic = Diagnostic::new(
            Code::UnpaidLine,
            format!(
                "l'enveloppe `{}` n'a pas de règle de versement : elle ne sera jamais versée",
                value.name
            ),
            value.name_span,
            "aucun `versement`",
        )
        // No machine fix: how the line is paid is the text's to say.
        .with_help("écrivez sa règle (`versement à la signature`, `versement la première année`…), ou faites-en une `valeur` si elle n'est pas versée");
        if value.origin.change == Change::Replaced {
            diagnostic = diagnostic.with_note(format!(
                "remplacée par `{}` : un remplacement réécrit toute la ligne, règle de versement comprise",
                value.origin.declared_in
            ));
        }
        diagnostics.push(diagnostic);
    }
}
