//! The consistency checks of one version: header, holes, tables, deadlines, rates, and the
//! static evaluation of every value per band (`attendu`, `vérifier`, overflow, division by zero).

pub mod bands;
pub mod examples;

use crate::check::bands::check_bands;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit, Severity};
use crate::interpret::{Env, EvalError};
use crate::ir::*;
use crate::source_db::SourceDb;
use crate::value::{display, french_money, french_number, Value};
use clause_grammar::ast::{
    BinaryOp, Duration, DurationUnit, Event, MissionKind, PaymentKind, Status, ValueKind,
};
use clause_grammar::Span;
use rust_decimal::Decimal;

pub use crate::interpret::scenarios::MAX_BANDS;

pub fn check_version(version: &Version, sources: &SourceDb, diagnostics: &mut Vec<Diagnostic>) {
    check_header(version, diagnostics);
    check_bands(version, diagnostics);
    check_holes(version, diagnostics);
    check_rates(version, diagnostics);
    check_payments(version, diagnostics);
    check_deadlines(version, sources, diagnostics);
    check_decreasing(version, diagnostics);
    // Past the band limit (E0309) the values were not computed band by band.
    if version.static_values.per_band {
        check_static_values(version, sources, diagnostics);
    }
}

fn check_header(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    let header = &version.header;
    match &header.status {
        None => diagnostics.push(
            Diagnostic::new(
                Code::MissingStatus,
                format!("la version `{}` n'a pas de statut", version.name),
                version.name_span,
                "statut manquant",
            )
            .with_help("ajoutez `statut projet`, `statut proposé` ou `statut signé`"),
        ),
        Some(status) if status.value == Status::Signed && header.signed_on.is_none() => diagnostics
            .push(
                Diagnostic::new(
                    Code::SignedWithoutDate,
                    format!(
                        "la version `{}` est signée mais ne dit pas quand",
                        version.name
                    ),
                    status.origin.span,
                    "statut signé",
                )
                .with_help("ajoutez `signé le AAAA-MM-JJ`"),
            ),
        _ => {}
    }
    // Proposal, signature, publication, entry into force: each date no earlier than the previous.
    let dates = [
        ("proposé le", &header.proposed_on),
        ("signé le", &header.signed_on),
        ("publié le", &header.published_on),
        ("en vigueur le", &header.in_force_on),
    ];
    let mut previous: Option<(&str, &Sourced<chrono::NaiveDate>)> = None;
    for (word, date) in dates {
        let Some(date) = date else { continue };
        if let Some((previous_word, previous_date)) = previous {
            if date.value < previous_date.value {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DatesOutOfOrder,
                        format!(
                            "« {word} {} » précède « {previous_word} {} »",
                            date.value, previous_date.value
                        ),
                        date.origin.span,
                        "date trop tôt",
                    )
                    .with_secondary(previous_date.origin.span, "date précédente"),
                );
            }
        }
        previous = Some((word, date));
    }
    if header.sources.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::MissingSource,
                format!("la version `{}` ne cite aucune source", version.name),
                version.name_span,
                "sans source",
            )
            .with_help(
                "ajoutez `source \"nom du document\"` pour que chaque chiffre puisse être vérifié",
            ),
        );
    }
}

fn is_signed(version: &Version) -> bool {
    version.status() == Some(Status::Signed)
}

fn hole(version: &Version, span: Span, what: String) -> Diagnostic {
    if is_signed(version) {
        Diagnostic::new(Code::HoleInSigned, format!("{what} n'est pas précisé dans une version signée"), span, "non précisé")
            .with_help("une version signée donne toutes ses valeurs : écrivez le montant ou l'échéance du texte signé")
    } else {
        Diagnostic::new(
            Code::HoleInDraft,
            format!("{what} n'est pas précisé"),
            span,
            "non précisé",
        )
        .with_note(format!(
            "la version `{}` est au statut {} : la valeur manquera aux documents et aux calculs",
            version.name,
            version.status().map_or("inconnu", Status::french)
        ))
    }
}

fn check_holes(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    for value in &version.values {
        if let Definition::Table {
            band_set, entries, ..
        } = &value.definition
        {
            for (index, entry) in entries.iter().enumerate() {
                if let Entry::Hole(span) = entry {
                    let band = version.band_sets[*band_set]
                        .bands
                        .get(index)
                        .map_or("?", |b| b.name.as_str());
                    diagnostics.push(hole(
                        version,
                        *span,
                        format!("le montant de `{}` pour `{band}`", value.name),
                    ));
                }
            }
        }
    }
    for mission in &version.missions {
        for (word, deadline) in [
            ("le démarrage", &mission.start),
            ("le déploiement", &mission.effective),
        ] {
            if let Some(Sourced {
                value: DeadlineRule::Unspecified,
                origin,
            }) = deadline
            {
                diagnostics.push(hole(
                    version,
                    origin.span,
                    format!("{word} de la mission `{}`", mission.name),
                ));
            }
        }
    }
}

fn check_rates(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
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
fn check_payments(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
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

/// A deadline's bounds in days after signature: durations in months span 28 to 31 days each,
/// so two deadlines in different units are compared only when the order is certain.
fn days_range(duration: &Duration) -> (Decimal, Decimal) {
    let a = duration.amount;
    match duration.unit {
        DurationUnit::Days => (a, a),
        DurationUnit::Months => (a * Decimal::from(28), a * Decimal::from(31)),
        DurationUnit::Years => (a * Decimal::from(365), a * Decimal::from(366)),
    }
}

fn definitely_after(a: &Duration, b: &Duration) -> bool {
    if a.unit == b.unit {
        return a.amount > b.amount;
    }
    let months = |d: &Duration| match d.unit {
        DurationUnit::Years => Some(d.amount * Decimal::from(12)),
        DurationUnit::Months => Some(d.amount),
        DurationUnit::Days => None,
    };
    if let (Some(x), Some(y)) = (months(a), months(b)) {
        return x > y;
    }
    days_range(a).0 > days_range(b).1
}

fn plus(a: &Duration, b: &Duration) -> Option<Duration> {
    if a.unit == b.unit {
        return Some(Duration {
            amount: a.amount + b.amount,
            unit: a.unit,
        });
    }
    let months = |d: &Duration| match d.unit {
        DurationUnit::Years => Some(d.amount * Decimal::from(12)),
        DurationUnit::Months => Some(d.amount),
        DurationUnit::Days => None,
    };
    Some(Duration {
        amount: months(a)? + months(b)?,
        unit: DurationUnit::Months,
    })
}

fn check_deadlines(version: &Version, sources: &SourceDb, diagnostics: &mut Vec<Diagnostic>) {
    let contract = version.header.contract_duration.as_ref();
    for mission in &version.missions {
        let start = mission.start.as_ref();
        let effective = mission.effective.as_ref();
        let after_signature = |d: Option<&Sourced<DeadlineRule>>| match d.map(|d| &d.value) {
            Some(DeadlineRule::After {
                delay,
                event: Event::Signature,
            }) => Some(delay.clone()),
            _ => None,
        };
        let start_delay = after_signature(start);
        // The effective deadline counted from signature, when it can be.
        let effective_delay = match effective.map(|d| &d.value) {
            Some(DeadlineRule::After {
                delay,
                event: Event::Signature,
            }) => Some(delay.clone()),
            Some(DeadlineRule::After {
                delay,
                event: Event::MissionStart,
            }) => start_delay.as_ref().and_then(|s| plus(s, delay)),
            _ => None,
        };
        if let (Some(s), Some(e), Some(start), Some(effective)) =
            (&start_delay, &effective_delay, start, effective)
        {
            if definitely_after(s, e) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DeadlineOrder,
                        format!("la mission `{}` doit démarrer au plus tard {} après signature, après son déploiement ({})", mission.name, crate::value::french_duration(s), crate::value::french_duration(e)),
                        start.origin.span,
                        format!("démarrage : {}", crate::value::french_duration(s)),
                    )
                    .with_secondary(effective.origin.span, format!("déploiement : {}", crate::value::french_duration(e)))
                    .with_help("le démarrage précède le déploiement effectif : vérifiez l'ordre des deux durées")
                    .with_fix("échanger les deux échéances", swap_edits(start.origin.span, effective.origin.span, sources)),
                );
            }
        }
        if let Some(contract) = contract {
            for (delay, deadline) in [
                (start_delay.as_ref(), start),
                (effective_delay.as_ref(), effective),
            ] {
                let (Some(delay), Some(deadline)) = (delay, deadline) else {
                    continue;
                };
                if definitely_after(delay, &contract.value) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::DeadlineBeyondContract,
                            format!("l'échéance de `{}` ({} après signature) dépasse la durée du contrat ({})", mission.name, crate::value::french_duration(delay), crate::value::french_duration(&contract.value)),
                            deadline.origin.span,
                            "après la fin du contrat",
                        )
                        .with_secondary(contract.origin.span, "durée du contrat"),
                    );
                }
            }
        }
        if mission.kind == MissionKind::Mandatory && is_signed(version) {
            let missing: Vec<&str> = [("démarrage", start), ("déploiement", effective)]
                .iter()
                .filter(|(_, d)| d.is_none())
                .map(|(w, _)| *w)
                .collect();
            if !missing.is_empty() {
                diagnostics.push(
                    Diagnostic::new(Code::MissingDeadline, format!("la mission socle `{}` n'a pas d'échéance de {}", mission.name, missing.join(" ni de ")), mission.name_span, "sans échéance")
                        .with_help(format!("ajoutez `{} au plus tard … après signature` (ou `libre`, ou `non précisé`)", missing[0])),
                );
            }
        }
    }
}

/// Edits swapping the texts of two deadlines (`au plus tard 18 mois …` ↔ `au plus tard 6 mois …`).
fn swap_edits(start: Span, effective: Span, sources: &SourceDb) -> Vec<Edit> {
    let text = |span: Span| {
        sources
            .text(span.file)
            .get(span.start..span.end)
            .unwrap_or_default()
            .to_string()
    };
    vec![
        Edit {
            span: start,
            replacement: text(effective),
        },
        Edit {
            span: effective,
            replacement: text(start),
        },
    ]
}

fn check_decreasing(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
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

/// The band set an expression varies with (the first found).
pub fn expr_band_set(version: &Version, expr: &Expr) -> Option<BandSetId> {
    let mut set = None;
    crate::ir::visit(expr, &mut |e| match &e.kind {
        ExprKind::Value(v) if set.is_none() => set = version.values[*v].band_set,
        ExprKind::Table(s, _) if set.is_none() => set = Some(*s),
        _ => {}
    });
    set
}

fn check_static_values(version: &Version, sources: &SourceDb, diagnostics: &mut Vec<Diagnostic>) {
    let names = |e: usize, v: usize| version.variant_name(e, v);
    // The scenarios' values were computed once (`Version::static_values`); an environment per
    // scenario evaluates `attendu` and `vérifier` against them.
    let scenarios: Vec<(Option<(BandSetId, usize)>, Env<'_>)> = version
        .static_values
        .scenarios
        .iter()
        .map(|s| {
            (
                s.key.band.map(|b| (b.set, b.band)),
                Env::for_scenario(version, s),
            )
        })
        .collect();
    let scenario_for = |set: Option<BandSetId>| -> Vec<&(Option<(BandSetId, usize)>, Env<'_>)> {
        scenarios
            .iter()
            .filter(|(choice, _)| choice.map(|c| c.0) == set)
            .collect()
    };

    // An envelope is money paid: a negative one would be paid as a negative payment.
    for (value_id, value) in version.values.iter().enumerate() {
        if value.kind != clause_grammar::ast::ValueKind::Envelope {
            continue;
        }
        for (choice, env) in scenario_for(value.band_set) {
            let Ok(Value::Money(amount)) = env.value(value_id) else {
                continue;
            };
            if amount.is_sign_negative() && !amount.is_zero() {
                let band = choice
                    .map(|(s, b)| format!(" pour `{}`", version.band_sets[s].bands[b].name))
                    .unwrap_or_default();
                let span = match &value.definition {
                    Definition::Formula(expr) => expr.span,
                    Definition::Table { span, .. } => *span,
                };
                diagnostics.push(
                    Diagnostic::new(
                        Code::NegativeEnvelope,
                        format!("l'enveloppe `{}` est négative{band} : {}", value.name, display(&Value::Money(amount), &names)),
                        span,
                        "montant négatif",
                    )
                    .with_help("une enveloppe est un montant versé : vérifiez l'ordre de la soustraction, ou bornez-la avec `max(…, 0 €)`"),
                );
                break;
            }
        }
    }

    // Arithmetic errors in values, once per value.
    for value_id in 0..version.values.len() {
        let value = &version.values[value_id];
        for (choice, env) in scenario_for(value.band_set) {
            let error = match env.value(value_id) {
                Err(EvalError::Overflow(span)) => {
                    Some((Code::Overflow, span, "dépassement de capacité"))
                }
                Err(EvalError::DivisionByZero(span)) => {
                    Some((Code::DivisionByZero, span, "division par zéro"))
                }
                Err(EvalError::MixedDurations(span)) => {
                    Some((Code::TypeMismatch, span, "jours et mois mêlés"))
                }
                _ => None,
            };
            if let Some((code, span, label)) = error {
                let band = choice
                    .map(|(s, b)| format!(" pour `{}`", version.band_sets[s].bands[b].name))
                    .unwrap_or_default();
                let mut diagnostic = Diagnostic::new(
                    code,
                    format!("{label} en calculant `{}`{band}", value.name),
                    span,
                    label,
                );
                if code == Code::TypeMismatch {
                    diagnostic = diagnostic.with_help("un mois n'a pas un nombre fixe de jours : exprimez les deux durées dans la même unité");
                }
                diagnostics.push(diagnostic);
                break;
            }
        }
    }

    // `attendu`: the printed values equal the formula, band by band.
    for (value_id, value) in version.values.iter().enumerate() {
        let (Some(expected), Some(set)) = (&value.expected, value.band_set) else {
            continue;
        };
        let mut unchecked = Vec::new();
        for (choice, env) in scenario_for(Some(set)) {
            let Some((_, band)) = choice else { continue };
            let Some(Entry::Value(expected_expr)) = expected.get(*band) else {
                continue;
            };
            let band_name = &version.band_sets[set].bands[*band].name;
            match (env.value(value_id), env.eval(expected_expr)) {
                (Ok(computed), Ok(stated))
                    if crate::interpret::apply_binary(
                        BinaryOp::Eq,
                        &computed,
                        &stated,
                        expected_expr.span,
                    )
                    .ok()
                        != Some(Value::Bool(true)) =>
                {
                    let computed_text = display(&computed, &names);
                    diagnostics.push(
                        Diagnostic::new(
                            Code::ExpectedMismatch,
                            format!("`{}` pour `{band_name}` : attendu {}, la formule donne {computed_text}", value.name, display(&stated, &names)),
                            expected_expr.span,
                            format!("la formule donne {computed_text}"),
                        )
                        .with_secondary(formula_span(value), "formule")
                        .with_help("corrigez la valeur attendue, ou la formule si la source a raison")
                        .with_fix(format!("remplacer par {computed_text}"), vec![Edit { span: expected_expr.span, replacement: computed_text.clone() }]),
                    );
                }
                (Err(EvalError::Hole(_)), _) | (_, Err(EvalError::Hole(_))) => {
                    unchecked.push(band_name.clone())
                }
                _ => {}
            }
        }
        if !unchecked.is_empty() {
            diagnostics.push(uncheckable(
                value.expected_span.unwrap_or(value.name_span),
                &format!("l'attendu de `{}` n'a pas pu être vérifié", value.name),
                &unchecked,
            ));
        }
    }

    // `vérifier`: true for every band.
    for assertion in &version.assertions {
        let set = expr_band_set(version, &assertion.expr);
        let mut failures = Vec::new();
        let mut unchecked = Vec::new();
        for (choice, env) in scenario_for(set) {
            let band_name = choice.map(|(s, b)| version.band_sets[s].bands[b].name.clone());
            match env.eval(&assertion.expr) {
                Ok(Value::Bool(true)) => {}
                Ok(Value::Bool(false)) => failures.push(format!(
                    "{} : {}",
                    band_name
                        .as_deref()
                        .map_or("en général".to_string(), |b| format!("pour `{b}`")),
                    explain(&assertion.expr, env, sources, &names)
                )),
                // A `vérifier` that is not a condition is reported by typing (E0204), not as false.
                Ok(_) => {}
                Err(EvalError::Hole(_)) => unchecked.push(band_name.unwrap_or_default()),
                Err(EvalError::MissingInput(..))
                | Err(EvalError::NoBand(..))
                | Err(EvalError::Invalid(_))
                | Err(EvalError::Cycle(_)) => {}
                Err(EvalError::MixedDurations(span)) => {
                    diagnostics.push(Diagnostic::new(
                        Code::TypeMismatch,
                        "jours et mois mêlés dans une vérification",
                        span,
                        "jours et mois mêlés",
                    ));
                    break;
                }
                Err(EvalError::Overflow(span)) => {
                    diagnostics.push(Diagnostic::new(
                        Code::Overflow,
                        "dépassement de capacité dans une vérification",
                        span,
                        "dépassement",
                    ));
                    break;
                }
                Err(EvalError::DivisionByZero(span)) => {
                    diagnostics.push(Diagnostic::new(
                        Code::DivisionByZero,
                        "division par zéro dans une vérification",
                        span,
                        "division par zéro",
                    ));
                    break;
                }
            }
        }
        if !failures.is_empty() {
            let label = assertion
                .label
                .as_ref()
                .map_or_else(String::new, |l| format!(" « {l} »"));
            let mut d = Diagnostic::new(
                Code::AssertionFailed,
                format!("vérification{label} en échec {}", failures[0]),
                assertion.expr.span,
                "fausse",
            );
            for failure in &failures[1..] {
                d = d.with_note(failure.clone());
            }
            diagnostics.push(d);
        }
        if !unchecked.is_empty() {
            let label = assertion
                .label
                .as_ref()
                .map_or_else(String::new, |l| format!(" « {l} »"));
            diagnostics.push(uncheckable(
                assertion.expr.span,
                &format!("la vérification{label} n'a pas pu être faite"),
                &unchecked,
            ));
        }
    }
}

fn uncheckable(span: Span, what: &str, bands: &[String]) -> Diagnostic {
    let list = bands
        .iter()
        .map(|b| format!("`{b}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic::new(
        Code::UncheckableHole,
        format!("{what} pour {list} : une valeur n'est pas précisée"),
        span,
        "dépend d'une valeur non précisée",
    )
    .with_severity(Severity::Warning)
}

fn formula_span(value: &ValueItem) -> Span {
    match &value.definition {
        Definition::Formula(expr) => expr.span,
        Definition::Table { span, .. } => *span,
    }
}

/// Why a boolean expression is false: the values of its operands.
fn explain(
    expr: &Expr,
    env: &Env<'_>,
    sources: &SourceDb,
    names: &dyn Fn(usize, usize) -> String,
) -> String {
    let text = |e: &Expr| {
        let source = sources.text(e.span.file);
        source
            .get(e.span.start..e.span.end)
            .unwrap_or("?")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let shown = |e: &Expr| {
        env.eval(e)
            .map_or_else(|_| "?".to_string(), |v| display(&v, names))
    };
    match &expr.kind {
        ExprKind::Between { value, low, high } => {
            format!(
                "`{}` vaut {}, hors de [{} ; {}]",
                text(value),
                shown(value),
                shown(low),
                shown(high)
            )
        }
        ExprKind::Binary(BinaryOp::And, left, right) => {
            let failing = if env.eval(left).ok() == Some(Value::Bool(false)) {
                left
            } else {
                right
            };
            explain(failing, env, sources, names)
        }
        ExprKind::Binary(op, left, right) if !matches!(op, BinaryOp::Or) => {
            let is_literal =
                |e: &Expr| matches!(e.kind, ExprKind::Literal(_) | ExprKind::Table(..));
            let left_part = format!("`{}` vaut {}", text(left), shown(left));
            if is_literal(right) {
                let relation = if *op == BinaryOp::Eq {
                    String::new()
                } else {
                    format!("{} ", op.symbol())
                };
                format!("{left_part}, attendu {relation}{}", shown(right))
            } else {
                format!("{left_part}, `{}` vaut {}", text(right), shown(right))
            }
        }
        _ => format!("`{}` est faux", text(expr)),
    }
}
