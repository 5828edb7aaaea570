//! Only fixes that are right (as rustc's `run-rustfix`): every machine fix of every UI case and
//! every drafting mistake is applied alone, the case is checked again, and the diagnostic it
//! fixes must be gone without any new error in its place.

use super::{cases_in, diagnostics, load, FOLDERS};
use clause_compiler::{Diagnostic, Fix, SourceDb};
use std::collections::HashMap;

/// The workspace with the fix's edits applied (from the last one, so offsets stay valid).
fn applied(db: &SourceDb, fix: &Fix) -> Result<SourceDb, String> {
    let mut fixed = db.clone();
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| (e.span.file, std::cmp::Reverse(e.span.start)));
    for edit in &edits {
        let text = fixed.text(edit.span.file);
        let (Some(before), Some(after)) = (text.get(..edit.span.start), text.get(edit.span.end..))
        else {
            return Err(format!("edit out of the text: {edit:?}"));
        };
        let new_text = format!("{before}{}{after}", edit.replacement);
        fixed.set_text(edit.span.file, new_text);
    }
    Ok(fixed)
}

/// How many times each (code, message) is reported.
fn counts(diagnostics: &[Diagnostic]) -> HashMap<(String, String), usize> {
    let mut counts = HashMap::new();
    for d in diagnostics {
        *counts
            .entry((d.code.as_str().to_string(), d.message.clone()))
            .or_insert(0) += 1;
    }
    counts
}

#[test]
fn every_machine_fix_removes_its_diagnostic_and_adds_no_error() {
    let mut failures = Vec::new();
    let mut applied_fixes = 0;
    for (folder, _) in FOLDERS {
        for (name, files) in cases_in(folder) {
            let (db, _) = load(&name, &files);
            let before = diagnostics(&db);
            let before_counts = counts(&before);
            for diagnostic in &before {
                let Some(fix) = &diagnostic.fix else {
                    continue;
                };
                applied_fixes += 1;
                let what = format!(
                    "{folder}/{name}: {} « {} », correctif « {} »",
                    diagnostic.code, diagnostic.message, fix.title
                );
                let fixed = match applied(&db, fix) {
                    Ok(fixed) => fixed,
                    Err(error) => {
                        failures.push(format!("{what}: {error}"));
                        continue;
                    }
                };
                let after = diagnostics(&fixed);
                let after_counts = counts(&after);
                let key = (
                    diagnostic.code.as_str().to_string(),
                    diagnostic.message.clone(),
                );
                if after_counts.get(&key) >= before_counts.get(&key) {
                    failures.push(format!("{what}: the diagnostic is still there"));
                }
                for d in after.iter().filter(|d| d.is_error()) {
                    let key = (d.code.as_str().to_string(), d.message.clone());
                    if after_counts.get(&key) > before_counts.get(&key) {
                        failures.push(format!("{what}: new error {} « {} »", d.code, d.message));
                    }
                }
            }
        }
    }
    assert!(applied_fixes >= 40, "only {applied_fixes} fixes applied");
    assert!(
        failures.is_empty(),
        "{} fix(es) not right:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
