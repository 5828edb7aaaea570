//! Which version an error belongs to. Checking an amendment's consolidated version finds its
//! bases' errors again (each reported once, by the base that has it) and finds new ones in the
//! base's text: an inherited `vérifier`, `attendu` or `exemple` that the amendment's changes make
//! fail. Those are the amendment's errors: moved onto the amendment's operation that changed a
//! value the check reads, with the base's check beside it, and never with a fix that would edit
//! the base (the base is right; the amendment changed what it checks).

use crate::diagnostic::{Diagnostic, Label};
use crate::ir::{
    collect_values, value_dependencies, ExampleOutcome, ValueId, Version, VersionKind,
};
use clause_grammar::Span;

/// The diagnostics found while building and checking `version`, less those its bases report
/// themselves (`inherited`), each filed under the version.
pub fn file_under(
    version: &Version,
    found: Vec<Diagnostic>,
    inherited: impl Fn(&Diagnostic) -> bool,
) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter(|d| !inherited(d))
        .map(|d| own(version, d))
        .collect()
}

/// A diagnostic found in `version` and not in its bases: filed under the version; when it lies
/// in a base's text, moved to the amendment.
pub fn own(version: &Version, mut diagnostic: Diagnostic) -> Diagnostic {
    // Consolidation files its diagnostics itself (under the amendment that has them).
    if diagnostic.version.is_none() {
        diagnostic.version = Some(version.name.clone());
    }
    let VersionKind::Consolidated { base, .. } = &version.kind else {
        return diagnostic;
    };
    // The checks of values (E06: `attendu`, `vérifier`, `exemple`, computations) are the ones
    // an amendment makes fail by changing what they read; other diagnostics found in a base's
    // text already point at the amendment's operation (`retire`, `remplace`).
    let computed = diagnostic.code.as_str().starts_with("E06");
    match check_at(version, diagnostic.primary.span) {
        Some(check) if computed => move_to_amendment(version, diagnostic, check),
        _ if diagnostic.primary.span.file == version.file => diagnostic,
        _ if computed => {
            let check = Check {
                written_in: base.clone(),
                reads: Vec::new(),
                retire: None,
            };
            move_to_amendment(version, diagnostic, check)
        }
        _ => {
            diagnostic.message = format!("version `{}` : {}", version.name, diagnostic.message);
            if diagnostic
                .fix
                .as_ref()
                .is_some_and(|f| f.edits.iter().any(|e| e.span.file != version.file))
            {
                diagnostic.fix = None;
            }
            diagnostic
        }
    }
}

/// A check (or a line with its `attendu`) written by a base, which a diagnostic points into.
struct Check {
    written_in: String,
    /// The values it reads directly.
    reads: Vec<ValueId>,
    /// How the amendment would retire it: `vérifier "…"`, `exemple "…"`.
    retire: Option<String>,
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

fn check_at(version: &Version, at: Span) -> Option<Check> {
    let inherited = |declared_in: &str| declared_in != version.name;
    if let Some(assertion) = version
        .assertions
        .iter()
        .find(|a| inherited(&a.origin.declared_in) && contains(a.origin.span, at))
    {
        let mut reads = Vec::new();
        collect_values(&assertion.expr, &mut reads);
        return Some(Check {
            written_in: assertion.origin.declared_in.clone(),
            reads,
            retire: assertion
                .label
                .as_ref()
                .map(|l| format!("retire vérifier \"{l}\"")),
        });
    }
    if let Some(example) = version
        .examples
        .iter()
        .find(|e| inherited(&e.origin.declared_in) && contains(e.origin.span, at))
    {
        let reads = match &example.outcome {
            ExampleOutcome::Values(values) => values.iter().map(|v| v.value).collect(),
            ExampleOutcome::NotEligible(_) => version
                .conditions
                .iter()
                .flat_map(|c| {
                    let mut found = Vec::new();
                    collect_values(&c.expr, &mut found);
                    found
                })
                .collect(),
        };
        return Some(Check {
            written_in: example.origin.declared_in.clone(),
            reads,
            retire: Some(format!("retire exemple \"{}\"", example.label)),
        });
    }
    let (id, value) = version.values.iter().enumerate().find(|(_, v)| {
        inherited(&v.origin.declared_in)
            && (contains(v.origin.span, at)
                || contains(v.name_span, at)
                || v.expected_span.is_some_and(|s| contains(s, at)))
    })?;
    Some(Check {
        written_in: value.origin.declared_in.clone(),
        reads: value_dependencies(value).into_iter().chain([id]).collect(),
        retire: None,
    })
}

/// A base's `exemple` states the base's amounts: one that reads a line this amendment revalues
/// or gives a new amount (`remplace montant`), directly or through a total, cannot hold once the rate applies, and is the base's, not the
/// amendment's: the consolidated version does not inherit it (docs/language.md, `revalorise`).
/// The base's `vérifier`s, properties rather than amounts, are inherited.
pub fn drop_revalued_examples(version: &mut Version) {
    let revalued: Vec<ValueId> = (0..version.values.len())
        .filter(|&id| {
            let value = &version.values[id];
            (value.revaluation.is_some() || value.amount_replaced)
                && value.origin.declared_in == version.name
        })
        .collect();
    if revalued.is_empty() {
        return;
    }
    let name = version.name.clone();
    let reads_revalued = |example: &crate::ir::Example, version: &Version| {
        let ExampleOutcome::Values(values) = &example.outcome else {
            return false;
        };
        closure(version, values.iter().map(|v| v.value).collect())
            .iter()
            .any(|id| revalued.contains(id))
    };
    let kept: Vec<bool> = version
        .examples
        .iter()
        .map(|e| e.origin.declared_in == name || !reads_revalued(e, version))
        .collect();
    let mut keep = kept.into_iter();
    version.examples.retain(|_| keep.next().unwrap_or(true));
}

/// The values `start` reads, directly or through others, in definition order.
fn closure(version: &Version, start: Vec<ValueId>) -> Vec<ValueId> {
    let mut seen = vec![false; version.values.len()];
    let mut stack = start;
    while let Some(id) = stack.pop() {
        if id >= seen.len() || seen[id] {
            continue;
        }
        seen[id] = true;
        stack.extend(value_dependencies(&version.values[id]));
    }
    (0..seen.len()).filter(|&id| seen[id]).collect()
}

fn move_to_amendment(version: &Version, mut diagnostic: Diagnostic, check: Check) -> Diagnostic {
    let mut changed: Vec<ValueId> = closure(version, check.reads)
        .into_iter()
        .filter(|&id| version.values[id].origin.declared_in == version.name)
        .collect();
    changed.sort_by_key(|&id| version.values[id].name_span.start);
    let base_label = Label {
        span: diagnostic.primary.span,
        message: format!(
            "{} (écrit dans `{}`)",
            diagnostic.primary.message, check.written_in
        ),
    };
    // A revalued line's name is written in the base: the amendment's operation is the place.
    let written = |id: ValueId| {
        let value = &version.values[id];
        if contains(value.origin.span, value.name_span) {
            value.name_span
        } else {
            value.origin.span
        }
    };
    diagnostic.primary = match changed.first() {
        Some(&id) => Label {
            span: written(id),
            message: format!("`{}` modifié ici", version.values[id].name),
        },
        None => Label {
            span: version.name_span,
            message: format!("en échec dans la version consolidée `{}`", version.name),
        },
    };
    let mut secondary = vec![base_label];
    for &id in changed.iter().skip(1) {
        if written(id) == diagnostic.primary.span {
            continue;
        }
        secondary.push(Label {
            span: written(id),
            message: format!("`{}` modifié aussi", version.values[id].name),
        });
    }
    secondary.append(&mut diagnostic.secondary);
    diagnostic.secondary = secondary;
    diagnostic.message = format!("version `{}` : {}", version.name, diagnostic.message);
    diagnostic.notes.push(format!(
        "vrai dans `{}`, faux une fois `{}` appliqué : l'erreur est celle de l'avenant",
        check.written_in, version.name
    ));
    // The base's fix would edit the base, which is right: none is offered.
    diagnostic.fix = None;
    diagnostic.help = Some(match check.retire {
        Some(retire) => format!(
            "si la nouvelle valeur est voulue, écrivez dans l'avenant `{retire}` (ou remplacez-le par la version à jour) ; sinon corrigez la modification"
        ),
        None => "si la nouvelle valeur est voulue, remplacez dans l'avenant la ligne vérifiée avec sa valeur à jour ; sinon corrigez la modification".to_string(),
    });
    diagnostic
}
