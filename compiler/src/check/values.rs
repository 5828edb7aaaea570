//! The values computed per band (E06): `attendu` against the formula, `vérifier`, negative
//! envelopes, overflow and division by zero, each reported once per value.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit, Severity};
use crate::interpret::{Env, EvalError};
use crate::ir::*;
use crate::source_db::SourceDb;
use crate::value::{display, Value};
use clause_grammar::ast::BinaryOp;
use clause_grammar::Span;

/// The two criteria an expression varies with, when it uses a value by two criteria.
pub(crate) fn expr_grid(version: &Version, expr: &Expr) -> Option<GridAxes> {
    let mut grid = None;
    crate::ir::visit(expr, &mut |e| {
        if let ExprKind::Value(v) = e.kind {
            grid = grid.or(version.values[v].grid);
        }
    });
    grid
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

pub(super) fn check_static_values(
    version: &Version,
    sources: &SourceDb,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let names = |e: usize, v: usize| version.variant_name(e, v);
    // The scenarios' values were computed once (`Version::static_values`); an environment per
    // scenario evaluates `attendu` and `vérifier` against them.
    let scenarios: Vec<(Option<(BandSetId, usize)>, Env<'_>)> = version
        .static_values
        .scenarios
        .iter()
        .filter(|s| s.key.cell.is_none())
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

    // The cells of the tables by two criteria, each with its words (« pour `taille_2` ×
    // `rurale` »).
    let cells: Vec<(CellChoice, String, Env<'_>)> = version
        .static_values
        .scenarios
        .iter()
        .filter_map(|s| {
            let cell = s.key.cell?;
            let key = |axis: Axis, k: usize| axis.keys(version).get(k).cloned().unwrap_or_default();
            let words = format!(
                " pour `{}` × `{}`",
                key(cell.axes.rows, cell.row),
                key(cell.axes.columns, cell.column)
            );
            Some((cell, words, Env::for_scenario(version, s)))
        })
        .collect();
    // Where a value is computed: each band of its set, each cell of its table by two criteria,
    // or once; with the words that say where.
    let places = |value: &ValueItem| -> Vec<(String, &Env<'_>)> {
        match value.grid {
            Some(axes) => cells
                .iter()
                .filter(|(cell, _, _)| cell.axes == axes)
                .map(|(_, words, env)| (words.clone(), env))
                .collect(),
            None => scenario_for(value.band_set)
                .into_iter()
                .map(|(choice, env)| {
                    let band = choice
                        .map(|(s, b)| format!(" pour `{}`", version.band_sets[s].bands[b].name))
                        .unwrap_or_default();
                    (band, env)
                })
                .collect(),
        }
    };

    // An envelope is money paid: a negative one would be paid as a negative payment.
    for (value_id, value) in version.values.iter().enumerate() {
        if value.kind != clause_grammar::ast::ValueKind::Envelope {
            continue;
        }
        for (band, env) in places(value) {
            let Ok(Value::Money(amount)) = env.value(value_id) else {
                continue;
            };
            if amount.is_sign_negative() && !amount.is_zero() {
                let span = value.definition.span();
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
        for (band, env) in places(value) {
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
                Err(EvalError::AmbiguousDate(span, error)) => {
                    diagnostics.push(ambiguous_date(
                        &error,
                        span,
                        &format!("calcul de `{}`", value.name),
                    ));
                    break;
                }
                _ => None,
            };
            if let Some((code, span, label)) = error {
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
                        version.date_policy(),
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
        let grid = expr_grid(version, &assertion.expr);
        // Each band (or each cell) with its name as the messages write it between backquotes.
        let named: Vec<(Option<String>, &Env<'_>)> = match grid {
            Some(axes) => cells
                .iter()
                .filter(|(cell, _, _)| cell.axes == axes)
                .map(|(cell, _, env)| {
                    let key = |axis: Axis, k: usize| {
                        axis.keys(version).get(k).cloned().unwrap_or_default()
                    };
                    let name = format!(
                        "{}` × `{}",
                        key(cell.axes.rows, cell.row),
                        key(cell.axes.columns, cell.column)
                    );
                    (Some(name), env)
                })
                .collect(),
            None => scenario_for(set)
                .into_iter()
                .map(|(choice, env)| {
                    let name = choice.map(|(s, b)| version.band_sets[s].bands[b].name.clone());
                    (name, env)
                })
                .collect(),
        };
        let mut failures = Vec::new();
        let mut unchecked = Vec::new();
        for (band_name, env) in named {
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
                | Err(EvalError::NoRule(_))
                | Err(EvalError::Invalid(_))
                | Err(EvalError::Cycle(_)) => {}
                Err(EvalError::AmbiguousDate(span, error)) => {
                    diagnostics.push(ambiguous_date(&error, span, "vérification"));
                    break;
                }
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
    value.definition.span()
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

/// E0608: a date that does not exist, refused as `dates ambiguës : erreur` asks, and named.
pub(crate) fn ambiguous_date(
    error: &crate::calendar::DateError,
    span: clause_grammar::Span,
    context: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::AmbiguousDate,
        format!("{context} : {}", error.french()),
        span,
        "date ambiguë",
    )
    .with_help("écrivez une date qui existe, ou déclarez `dates ambiguës : fin de mois` ou `dates ambiguës : début du mois suivant`")
}
