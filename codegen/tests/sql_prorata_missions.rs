//! The SQL target on a mission's envelope paid by an advance at its start whose values change
//! `au prorata` within a contract year (a base and two amendments that revalue them within
//! months of each other): the part of the year it is paid for (from the mission's start in its
//! first year) shared by days between the values in force, split by the last value's fixed
//! part, and in a first year `au prorata` of the start both parts times the share of the year
//! left — the engine's `pay_line` when `Payer::year` shares the year. Generated cases whose
//! signatures and mission starts sit on and around each date of effect, through the script on
//! DuckDB and PostgreSQL, give the rows of `clause eval --cases`.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use support::{cases_for, load_agreements_with};
use support_sql::agreements::PRORATA_MISSIONS;
use support_sql::{batch_csv, Engines};

#[test]
fn a_mission_year_shared_between_three_values_equals_the_engine() {
    let (db, analysis) = load_agreements_with(&PRORATA_MISSIONS);
    let mut engines = Engines::start("sql_prorata_missions");
    let mut hand = None;
    for name in ["base_m", "avenant_ma", "avenant_mb"] {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let mut cases = cases_for(version, 2_000, 0x3a55 ^ name.len() as u64);
        cases.push(serde_json::json!({
            "entrees": {"habitants": 50000},
            "contrat": {
                "signature": "2021-01-10",
                "missions": {
                    "parcours": {"debut": "2021-02-10", "atteinte": 0.8},
                    "qualite": false
                }
            }
        }));
        let want = engines.compare_with_engine(&compiled, &db, &batch_csv(version, &cases));
        let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
        assert!(accepted * 2 > want.len(), "{name}: too few accepted rows");
        hand = Some(want[want.len() - 1].clone());
    }
    // By hand, under avenant_mb, grande, signed 2021-01-10, `parcours` started 2021-02-10 and
    // 80 % achieved: year 1 (2021-01-10 → 2022-01-10, 365 days) is paid from the start, 334
    // days. `coordination` holds three values there: 70 000 × 19/334 (→ 2021-03-01) + 77 000
    // × 198/334 (→ 2021-09-15) + 80 000 × 117/334 = 25 936 000 / 334 = 77 652,694…; the last
    // value's fixed part, 50 %, gives 38 826,347… fixed and as much variable; the first year
    // `au prorata` of the start takes 334/365 of each: 12 968 000 / 365 = 35 528,767… → due
    // 35 528,77 € (advance 75 %: 26 646,575… → 26 646,58 €, balance 8 882,19 €); variable ×
    // 80 % = 28 423,013… → 28 423,01 €. `appui` (not `au prorata` of the start: the whole
    // part paid for): 8 000 × 50/334 (→ 2021-04-01) + 8 888,88 × 183/334 (→ 2021-10-01) +
    // 9 999,99 × 101/334 = 3 036 664,03 / 334 = 9 091,808… → 9 091,81 € (advance 60 %:
    // 5 455,085… → 5 455,09 €, balance 3 636,72 €). Year 1: 35 528,77 + 28 423,01 + 9 091,81
    // = 73 043,59 €.
    let row = hand.expect("row");
    assert_eq!(row[row.len() - 4].as_deref(), Some("73043.59"), "{row:?}");
}
