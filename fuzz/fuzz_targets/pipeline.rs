//! The whole pipeline (parse, consolidate, resolve, type, check, examples) on an arbitrary file
//! beside the shipped agreements (so an amendment may name a real base); every version without
//! errors is then compiled and evaluated on a sample case. Diagnostics' spans must lie inside
//! their file.
#![no_main]

use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, Severity, SourceDb};
use clause_fuzz::{invariants, shipped_db};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The shipped agreements are added only for an amendment (which may name one as its base):
    // analysing them on every input would cost most of the time.
    let mut db = if text.contains("modifie") {
        shipped_db()
    } else {
        SourceDb::new()
    };
    let fuzzed = db.add("fuzz.clause", text);
    let analysis = analyze(&db);
    for diagnostic in &analysis.diagnostics {
        for span in std::iter::once(diagnostic.primary.span)
            .chain(diagnostic.secondary.iter().map(|l| l.span))
        {
            let len = db.text(span.file).len();
            assert!(
                span.start <= span.end && span.end <= len,
                "{:?} outside its file",
                diagnostic.code
            );
        }
    }
    let has_errors = analysis
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.primary.span.file == fuzzed);
    if has_errors {
        return;
    }
    for version in &analysis.versions {
        let compiled = CompiledVersion::new(version, &db);
        let inputs = version.inputs.iter().map(|_| None).collect();
        let evaluation = evaluate(&compiled, &Case::with_inputs(version, inputs), true);
        invariants::check(&compiled, &evaluation);
    }
});
