//! Well-formed agreements from a structure-aware generator, through the whole pipeline and, when
//! they check without errors, through the evaluator on a generated case: reaches the checks and
//! the evaluator deep where random text stops at the parser.
#![no_main]

use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, Code, SourceDb};
use clause_fuzz::{invariants, structured::Agreement};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|agreement: Agreement| {
    let text = agreement.render();
    // `CLAUSE_FUZZ_SHOW=1 …/structured INPUT` prints what an input stands for.
    if std::env::var_os("CLAUSE_FUZZ_SHOW").is_some() {
        eprintln!("{text}\n{}", agreement.case_json());
    }
    let mut db = SourceDb::new();
    db.add("genere.clause", text.as_str());
    let analysis = analyze(&db);
    assert!(
        analysis.files.iter().all(|(_, tree)| tree.is_some())
            && !analysis.diagnostics.iter().any(|d| d.code == Code::Syntax),
        "the generator wrote a file that does not parse:\n{text}\n{:?}",
        analysis.diagnostics.first().map(|d| &d.message)
    );
    if analysis.has_errors() {
        return;
    }
    // The agreement, and its generated amendment when there is one.
    for name in ["genere", "genere_avenant"] {
        let Some(version) = analysis.version(name) else {
            continue;
        };
        let compiled = CompiledVersion::new(version, &db);
        if let Ok(case) = Case::from_json(version, &agreement.case_json()) {
            let evaluation = evaluate(&compiled, &case, true);
            invariants::check(&compiled, &evaluation);
        }
    }
});
