//! Runs the worked examples (`exemple`) written inside an agreement: `clause test`.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use crate::interpret::{Env, EvalError};
use crate::ir::*;
use crate::value::{display, Value};
use clause_grammar::ast::BinaryOp;
use clause_grammar::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleReport {
    pub version: String,
    pub label: String,
    pub span: Span,
    pub passed: bool,
    /// Why it failed (empty when it passed).
    pub diagnostics: Vec<Diagnostic>,
}

pub fn run_examples(version: &Version) -> Vec<ExampleReport> {
    // The stated values are constants: one environment without inputs serves every example
    // (building one per example cost a slot per value each time).
    let static_env = Env::for_bands(version, vec![None; version.band_sets.len()]);
    let mut computed = Vec::new();
    version
        .examples
        .iter()
        .map(|example| {
            let mut report = run_example(version, example, &static_env, &mut computed);
            if !report.passed {
                report.diagnostics = file_failure(version, example, report.diagnostics);
            }
            report
        })
        .collect()
}

/// Files a failing example's diagnostics under the version they belong to: an example written
/// by a base that fails there too is the base's failure (reported as the base reports it); one
/// that fails only once the amendment is applied is the amendment's (`consolidate::blame`).
fn file_failure(version: &Version, example: &Example, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let written_in = &example.origin.declared_in;
    if *written_in == version.name {
        return found
            .into_iter()
            .map(|d| d.in_version(&version.name))
            .collect();
    }
    let in_base = version
        .bases
        .iter()
        .find(|b| &b.name == written_in)
        .and_then(|base| {
            let same = base
                .examples
                .iter()
                .find(|e| e.label == example.label && e.origin.span == example.origin.span)?;
            let static_env = Env::for_bands(base, vec![None; base.band_sets.len()]);
            let report = run_example(base, same, &static_env, &mut Vec::new());
            Some((base, report))
        });
    match in_base {
        Some((base, report)) if !report.passed => report
            .diagnostics
            .into_iter()
            .map(|d| d.in_version(&base.name))
            .collect(),
        _ => found
            .into_iter()
            .map(|d| crate::consolidate::blame::own(version, d))
            .collect(),
    }
}

/// The values and the assertions' results for one set of inputs. Examples mostly share their
/// inputs (a few per band), and computing every value and assertion again for each example made
/// `clause test` quadratic in the agreement's size.
struct Computed<'v> {
    env: Env<'v>,
    /// The assertions false for these inputs, by index.
    failed_assertions: Vec<usize>,
}

/// The computation for `inputs`, done once per distinct inputs.
fn computed_for<'c, 'v>(
    version: &'v Version,
    inputs: Vec<Option<Value>>,
    computed: &'c mut Vec<Computed<'v>>,
) -> &'c Computed<'v> {
    let index = match computed.iter().position(|c| c.env.inputs == inputs) {
        Some(index) => index,
        None => {
            let mut env = Env::for_inputs(version, inputs);
            env.compute_all();
            let failed_assertions = version
                .assertions
                .iter()
                .enumerate()
                .filter(|(_, assertion)| env.eval(&assertion.expr) == Ok(Value::Bool(false)))
                .map(|(index, _)| index)
                .collect();
            computed.push(Computed {
                env,
                failed_assertions,
            });
            computed.len() - 1
        }
    };
    &computed[index]
}

fn run_example<'v>(
    version: &'v Version,
    example: &Example,
    static_env: &Env<'v>,
    computed: &mut Vec<Computed<'v>>,
) -> ExampleReport {
    let names = |e: usize, v: usize| version.variant_name(e, v);
    let mut diagnostics = Vec::new();
    let label_span = example.origin.span;
    let prefix = format!("exemple « {} »", example.label);

    let mut inputs = vec![None; version.inputs.len()];
    for (input, expr) in &example.inputs {
        match static_env.eval(expr) {
            Ok(value) => inputs[*input] = Some(value),
            Err(_) => diagnostics.push(Diagnostic::new(
                Code::ExampleFailed,
                format!(
                    "{prefix} : la valeur de `{}` ne se calcule pas",
                    version.inputs[*input].name
                ),
                expr.span,
                "valeur invalide",
            )),
        }
    }
    let Computed {
        env,
        failed_assertions,
    } = computed_for(version, inputs, computed);

    for (set_id, set) in version.band_sets.iter().enumerate() {
        let Some(dimension) = set.dimension else {
            continue;
        };
        if let (Some(value), None) = (env.inputs[dimension].as_ref(), env.bands[set_id]) {
            diagnostics.push(Diagnostic::new(
                Code::ExampleFailed,
                format!(
                    "{prefix} : `{}` = {} n'est dans aucune tranche de `{}`",
                    set.dimension_name,
                    display(value, &names),
                    set.name
                ),
                label_span,
                "hors des tranches",
            ));
        }
    }

    // Eligibility: every condition must hold.
    let mut failed_condition = None;
    for condition in &version.conditions {
        match env.eval(&condition.expr) {
            Ok(Value::Bool(true)) => {}
            Ok(_) => {
                failed_condition.get_or_insert(condition);
            }
            Err(error) => diagnostics.push(evaluation_error(
                version,
                &prefix,
                &error,
                condition.expr.span,
            )),
        }
    }

    match &example.outcome {
        ExampleOutcome::NotEligible(span) => {
            if failed_condition.is_none() && diagnostics.is_empty() {
                diagnostics.push(
                    Diagnostic::new(Code::ExampleFailed, format!("{prefix} : annoncé non éligible, mais toutes les conditions sont remplies"), *span, "éligible en fait")
                        .with_note(format!("conditions : {}", version.conditions.iter().map(|c| format!("`{}`", c.name)).collect::<Vec<_>>().join(", "))),
                );
            }
        }
        ExampleOutcome::Values(expected) => {
            if let Some(condition) = failed_condition {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ExampleFailed,
                        format!(
                            "{prefix} : non éligible, la condition `{}` n'est pas remplie",
                            condition.name
                        ),
                        label_span,
                        "non éligible",
                    )
                    .with_secondary(condition.expr.span, "condition fausse"),
                );
            } else {
                for item in expected {
                    let name = &version.values[item.value].name;
                    let stated = static_env.eval(&item.expected);
                    match (env.value(item.value), stated) {
                        (Ok(computed), Ok(stated)) => {
                            let equal = crate::interpret::apply_binary(
                                BinaryOp::Eq,
                                &computed,
                                &stated,
                                item.span,
                                version.date_policy(),
                            )
                            .ok()
                                == Some(Value::Bool(true));
                            if !equal {
                                let computed_text = display(&computed, &names);
                                diagnostics.push(
                                    Diagnostic::new(
                                        Code::ExampleFailed,
                                        format!("{prefix} : `{name}` vaut {computed_text}, l'exemple annonce {}", display(&stated, &names)),
                                        item.expected.span,
                                        format!("le calcul donne {computed_text}"),
                                    )
                                    .with_secondary(version.values[item.value].name_span, "défini ici")
                                    .with_fix(format!("remplacer par {computed_text}"), vec![Edit { span: item.expected.span, replacement: computed_text.clone() }]),
                                );
                            }
                        }
                        // The binding's own span runs on over the whitespace after it: stop at its value.
                        (Err(error), _) | (_, Err(error)) => diagnostics.push(evaluation_error(
                            version,
                            &prefix,
                            &error,
                            Span::new(item.span.file, item.span.start, item.expected.span.end),
                        )),
                    }
                }
            }
        }
    }

    // Assertions that depend on inputs are checked in each example.
    if failed_condition.is_none() {
        for assertion in failed_assertions
            .iter()
            .map(|&index| &version.assertions[index])
        {
            let label = assertion
                .label
                .as_ref()
                .map_or_else(String::new, |l| format!(" « {l} »"));
            diagnostics.push(
                Diagnostic::new(
                    Code::AssertionFailed,
                    format!("{prefix} : vérification{label} en échec"),
                    assertion.expr.span,
                    "fausse pour cet exemple",
                )
                .with_secondary(label_span, "exemple"),
            );
        }
    }

    ExampleReport {
        version: version.name.clone(),
        label: example.label.clone(),
        span: label_span,
        passed: diagnostics.is_empty(),
        diagnostics,
    }
}

fn evaluation_error(version: &Version, prefix: &str, error: &EvalError, at: Span) -> Diagnostic {
    match error {
        EvalError::MissingInput(input, _) => {
            let name = &version.inputs[*input].name;
            Diagnostic::new(
                Code::ExampleMissingInput,
                format!("{prefix} : l'entrée `{name}` n'est pas donnée"),
                at,
                "nécessaire à ce calcul",
            )
            // No machine fix: the value to give is the example's, which only the source says.
            .with_help(format!("ajoutez `{name} = …` aux entrées de l'exemple"))
        }
        EvalError::Hole(span) => Diagnostic::new(
            Code::ExampleFailed,
            format!("{prefix} : le calcul dépend d'une valeur non précisée"),
            at,
            "non calculable",
        )
        .with_secondary(*span, "non précisé"),
        EvalError::NoBand(set, _) => Diagnostic::new(
            Code::ExampleFailed,
            format!(
                "{prefix} : aucune tranche de `{}` ne s'applique",
                version.band_sets[*set].name
            ),
            at,
            "tranche inconnue",
        ),
        EvalError::NoRule(span) => Diagnostic::new(
            Code::ExampleFailed,
            format!("{prefix} : aucune règle de la table ne s'applique"),
            at,
            "aucune règle",
        )
        .with_secondary(*span, "table de règles"),
        EvalError::Overflow(span) => Diagnostic::new(
            Code::Overflow,
            format!("{prefix} : dépassement de capacité"),
            *span,
            "dépassement",
        ),
        EvalError::DivisionByZero(span) => Diagnostic::new(
            Code::DivisionByZero,
            format!("{prefix} : division par zéro"),
            *span,
            "division par zéro",
        ),
        EvalError::MixedDurations(span) => Diagnostic::new(
            Code::TypeMismatch,
            format!("{prefix} : jours et mois mêlés"),
            *span,
            "jours et mois mêlés",
        ),
        EvalError::AmbiguousDate(span, error) => {
            super::values::ambiguous_date(error, *span, prefix)
        }
        EvalError::Invalid(_) | EvalError::Cycle(_) => Diagnostic::new(
            Code::ExampleFailed,
            format!("{prefix} : le calcul dépend d'une définition en erreur"),
            at,
            "non calculable",
        ),
    }
}
