//! The evaluator on arbitrary case JSON against each shipped version: a case is either refused
//! with errors naming fields, or evaluated without panicking, with the invariants of
//! `invariants::check` holding, and the same evaluation — payments, explanations, notes — as the
//! payment engine's reference model (`evaluate_by_year`: every line paid year by year).
#![no_main]

use clause_compiler::analysis::Analysis;
use clause_compiler::evaluate::case::{parse_json, version_named_in};
use clause_compiler::evaluate::run::evaluate_by_year;
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, SourceDb};
use clause_fuzz::{invariants, shipped_db};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn shipped() -> &'static (SourceDb, Analysis) {
    static SHIPPED: OnceLock<(SourceDb, Analysis)> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let db = shipped_db();
        let analysis = analyze(&db);
        (db, analysis)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (db, analysis) = shipped();
    // The version the case names, else one picked by the length, so that every version sees
    // every case shape.
    let named = parse_json(text)
        .ok()
        .and_then(|json| version_named_in(&json))
        .and_then(|name| analysis.version(&name));
    let Some(version) = named.or_else(|| {
        analysis
            .versions
            .get(data.len() % analysis.versions.len().max(1))
    }) else {
        return;
    };
    let compiled = CompiledVersion::new(version, db);
    match Case::from_json(version, text) {
        Ok(case) => {
            let evaluation = evaluate(&compiled, &case, true);
            invariants::check(&compiled, &evaluation);
            let by_year = evaluate_by_year(&compiled, &case, true);
            assert_eq!(evaluation, by_year, "the engine and its reference model differ");
        }
        Err(errors) => assert!(
            !errors.is_empty(),
            "a refused case names at least one problem"
        ),
    }
});
