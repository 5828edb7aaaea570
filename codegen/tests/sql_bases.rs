//! Differential test of the SQL target on amendments whose bases compute a line from the
//! case's inputs (docs/evaluation.md, « Le temps des avenants »): the period a base pays is
//! computed row by row in the base's own scope (its inputs read by name, its bands by its own
//! bounds), as the engine's `base_stages` computes it, through the SQL on DuckDB and PostgreSQL,
//! on generated cases whose signatures sit on and around each date of effect.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use support::{cases_for, load_agreements_with};
use support_sql::agreements::{COMPUTED_BASE, RESERVED_BASE};
use support_sql::{batch_csv, Engines};

const CASES_PER_VERSION: usize = 3_000;

fn run(sources: &[(&str, &str)], names: &[&str]) -> Vec<Vec<Vec<Option<String>>>> {
    let (db, analysis) = load_agreements_with(sources);
    let mut engines = Engines::start(&format!("sql-bases-{}", names[0]));
    let mut all = Vec::new();
    for name in names {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let mut cases = cases_for(version, CASES_PER_VERSION, 0xba5e ^ name.len() as u64);
        for medecins in [9, 6] {
            cases.push(serde_json::json!({
                "entrees": {"habitants": 50000, "medecins": medecins},
                "contrat": {"signature": "2020-03-01"}
            }));
        }
        let want = engines.compare_with_engine(&compiled, &db, &batch_csv(version, &cases));
        let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
        assert!(accepted * 2 > want.len(), "{name}: too few accepted rows");
        all.push(want);
    }
    all
}

#[test]
fn sql_computes_a_base_line_from_the_case_inputs() {
    let rows = run(&COMPUTED_BASE, &["avenant_e", "avenant_f"]);
    // The hand-made case under `avenant_e` (the last row): years 1 and 2 of its contract.
    let last = &rows[0][rows[0].len() - 2];
    let n = last.len();
    // …, annee_1 … annee_5, erreur: fonctionnement + accueil + equipement each year.
    // Year 1: 61 587,29 + 900 (accueil, base: 100 € × 9) + 10 × 50 = 62 987,29 €;
    // year 2: 66 000 + 800 = 66 800 €.
    assert_eq!(last[n - 6].as_deref(), Some("62987.29"), "{last:?}");
    assert_eq!(last[n - 5].as_deref(), Some("66800.00"), "{last:?}");
}

#[test]
fn sql_reserves_a_base_line_to_the_base_condition() {
    let rows = run(&RESERVED_BASE, &["avenant_g"]);
    let last = rows[0].last().expect("row");
    let n = last.len();
    // …, annee_1 … annee_3, erreur.
    assert_eq!(last[n - 4].as_deref(), Some("62700.00"), "{last:?}");
    assert_eq!(last[n - 3].as_deref(), Some("65000.00"), "{last:?}");
}
