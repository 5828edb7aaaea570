//! Code actions: the compiler's machine-applicable fixes (missing band entries, "did you mean",
//! a wrong `attendu` entry, a band overlap or gap, swapped deadlines…) offered as quick fixes,
//! plus one action replacing a whole wrong `attendu` by the computed values.

use crate::snapshot::Snapshot;
use crate::values::Computed;
use clause_compiler::codes::Code;
use clause_compiler::{Diagnostic, Edit, FileId, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub edits: Vec<Edit>,
    /// The diagnostic the action fixes.
    pub diagnostic: Option<Diagnostic>,
    pub preferred: bool,
}

/// The actions for the diagnostics of `file` that touch the byte range `start..=end`.
pub fn code_actions(
    snapshot: &Snapshot,
    file: FileId,
    start: usize,
    end: usize,
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    let touching = |span: Span| span.file == file && span.start <= end && start <= span.end;
    for diagnostic in snapshot
        .analysis
        .diagnostics
        .iter()
        .filter(|d| touching(d.primary.span))
    {
        if let Some(fix) = &diagnostic.fix {
            actions.push(CodeAction {
                title: capitalize(&fix.title),
                edits: fix.edits.clone(),
                diagnostic: Some(diagnostic.clone()),
                preferred: fix.edits.len() == 1,
            });
        }
        if diagnostic.code == Code::ExpectedMismatch {
            if let Some(action) = replace_expected(snapshot, diagnostic) {
                if !actions
                    .iter()
                    .any(|a| a.title == action.title && a.edits == action.edits)
                {
                    actions.push(action);
                }
            }
        }
    }
    actions
}

/// Replaces the whole `attendu […]` table holding the diagnostic by the values the formula gives.
fn replace_expected(snapshot: &Snapshot, diagnostic: &Diagnostic) -> Option<CodeAction> {
    let span = diagnostic.primary.span;
    let version_index = snapshot.version_at(span.file, span.start)?;
    let version = snapshot.analysis.versions.get(version_index)?;
    let (id, value) = version.values.iter().enumerate().find(|(_, v)| {
        v.expected_span
            .is_some_and(|e| e.file == span.file && e.start <= span.start && span.end <= e.end)
    })?;
    let table = value.expected_span?;
    let Computed::PerBand { bands, .. } = snapshot.values(version_index)?.get(id)? else {
        return None;
    };
    if !bands.iter().all(|(_, o)| o.is_value()) {
        return None;
    }
    let replacement = format!(
        "[{}]",
        bands
            .iter()
            .map(|(_, o)| o.text())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Some(CodeAction {
        title: format!(
            "Remplacer tout l'attendu de `{}` par les valeurs calculées {replacement}",
            value.name
        ),
        edits: vec![Edit {
            span: table,
            replacement,
        }],
        diagnostic: Some(diagnostic.clone()),
        preferred: false,
    })
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
