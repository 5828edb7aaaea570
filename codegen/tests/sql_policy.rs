//! Differential test of the date policies in SQL (`dates ambiguës`, compiler/src/calendar.rs):
//! the shipped ACI under `début du mois suivant` (a 29 February signature's anniversaries and
//! a 31 August one's end move to the 1st of March) and under `erreur` (a case whose contract
//! end, anniversary or mission deadline would fall on a day that does not exist is refused, the
//! date named in French), on generated cases (month ends, 29 February), through the SQL on
//! DuckDB and PostgreSQL, give the rows of `clause eval --cases`, refusals included.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use support::{cases_for, load_agreements_with, POLICIES};
use support_sql::{batch_csv, Engines};

const CASES_PER_VERSION: usize = 4_000;

#[test]
fn sql_follows_the_date_policy_of_the_version() {
    let (db, analysis) = load_agreements_with(&POLICIES);
    let mut engines = Engines::start("sql-policy");
    for name in ["p_debut", "p_erreur"] {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let cases = cases_for(version, CASES_PER_VERSION, 0xda7e ^ name.len() as u64);
        let want = engines.compare_with_engine(&compiled, &db, &batch_csv(version, &cases));
        let refused = |needle: &str| {
            want.iter()
                .filter(|r| {
                    r.last()
                        .is_some_and(|e| e.as_deref().is_some_and(|e| e.contains(needle)))
                })
                .count()
        };
        if name == "p_erreur" {
            // Each kind of refusal is exercised.
            assert!(refused("fin du contrat : date ambiguë") > 5, "end");
            assert!(
                refused("anniversaire 1 du contrat : date ambiguë") > 5,
                "anniversary"
            );
            assert!(refused("échéance de démarrage") > 5, "deadline");
        }
    }
}
