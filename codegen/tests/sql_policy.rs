//! Differential test of the date policies in SQL (`dates ambiguës`, compiler/src/calendar.rs):
//! the shipped ACI under `début du mois suivant` (a 29 February signature's anniversaries and
//! a 31 August one's end move to the 1st of March) and under `erreur` (a case whose contract
//! end, anniversary or mission deadline would fall on a day that does not exist is refused, the
//! date named in French), on generated cases (month ends, 29 February), through the SQL on
//! DuckDB and PostgreSQL, give the rows of `clause eval --cases`, refusals included.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_codegen::{generate_sql, Dialect};
use clause_compiler::evaluate::CompiledVersion;
use support::{cases_for, load_agreements_with, POLICIES};
use support_sql::{batch_csv, columns_of, compare, duckdb_rows, engine_rows, Postgres};

const CASES_PER_VERSION: usize = 4_000;

#[test]
fn sql_follows_the_date_policy_of_the_version() {
    let python = support_sql::duckdb_python();
    let mut postgres = Postgres::start();
    let (db, analysis) = load_agreements_with(&POLICIES);
    let dir = support::temp_dir("sql-policy");
    let mut compared = 0;
    for name in ["p_debut", "p_erreur"] {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let duck = generate_sql(&compiled, &db, Dialect::DuckDb, "test")
            .unwrap_or_else(|message| panic!("{name}: {message}"));
        let pg = generate_sql(&compiled, &db, Dialect::Postgres, "test").expect("same support");
        let cases = cases_for(version, CASES_PER_VERSION, 0xda7e ^ name.len() as u64);
        let headers = columns_of(version);
        let rows = batch_csv(version, &cases);
        let csv = dir.join(format!("{name}.csv"));
        support_sql::write_csv(&csv, &headers, &rows);
        let want = engine_rows(&compiled, &headers, &rows);
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
        if let Some(python) = &python {
            let got = duckdb_rows(python, &dir, &csv, &duck, name);
            compare("DuckDB", name, &got, &want);
            compared += got.len();
        }
        if let Some(server) = &mut postgres {
            let got = server.rows(&dir, &csv, &headers, &pg, name);
            compare("PostgreSQL", name, &got, &want);
            compared += got.len();
        }
    }
    assert!(compared > 0 || (python.is_none() && postgres.is_none()));
    drop(postgres);
    let _ = std::fs::remove_dir_all(&dir);
}
