//! The SQL target on a contract year shared `au prorata` between more than two values (a base
//! and two amendments that revalue its yearly lines within months of each other; a later value
//! without `au prorata` after one with it; a following-years line; a mission's variable part
//! alone, shared by days then times the year's achievement; a one-off payment and a crisis's
//! revalued `au prorata`, which they ignore): generated cases whose signatures sit on and
//! around each date of effect, through the script on DuckDB and PostgreSQL, give the rows of
//! `clause eval --cases` (the engine's `Payer::year`: Σ v × d / T in rust_decimal, then to the
//! cent).

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use support::{cases_for, load_agreements_with};
use support_sql::agreements::PRORATA_CHAIN;
use support_sql::{batch_csv, Engines};

#[test]
fn a_year_shared_between_three_values_equals_the_engine() {
    let (db, analysis) = load_agreements_with(&PRORATA_CHAIN);
    let mut engines = Engines::start("sql_prorata");
    let mut hand = None;
    for name in ["base_p", "avenant_pa", "avenant_pb"] {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let mut cases = cases_for(version, 2_000, 0x9a7a ^ name.len() as u64);
        cases.push(serde_json::json!({
            "entrees": {"habitants": 50000},
            "contrat": {"signature": "2021-01-10"}
        }));
        cases.push(serde_json::json!({
            "entrees": {"habitants": 50000},
            "contrat": {
                "signature": "2021-01-10",
                "missions": {"qualite": {"debut": "2021-01-10", "atteinte": 0.8}}
            }
        }));
        let want = engines.compare_with_engine(&compiled, &db, &batch_csv(version, &cases));
        let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
        assert!(accepted * 2 > want.len(), "{name}: too few accepted rows");
        hand = Some(want[want.len() - 2..].to_vec());
    }
    // By hand, under avenant_pb, grande, signed 2021-01-10: year 1 (2021-01-10 → 2022-01-10,
    // 365 days) holds three values of `fonctionnement`: 60 000 × 50/365 (→ 2021-03-01) +
    // 66 000 × 198/365 (→ 2021-09-15) + 70 000 × 117/365 = 24 258 000 / 365 = 66 460,2739… →
    // 66 460,27 €; of `forfait`: 10 000 × 22/365 (→ 2021-02-01) + 11 111,11 × 181/365 (→
    // 2021-08-01) + 12 345,67 × 162/365 = 4 231 109,45 / 365 = 11 592,0806… → 11 592,08 €;
    // `accueil` at the signature, before 2021-02-01: 1 000 €; `suivi` from year 2 only. Year
    // 1: 66 460,27 + 11 592,08 + 1 000 = 79 052,35 €. With the mission `qualite` started at
    // the signature and 80 % achieved, `resultats` adds (3 000 × 50 + 3 300 × 198 + 3 650 ×
    // 117) / 365 = 1 230 450 / 365 = 3 371,0958… × 80 % = 2 696,8767… → 2 696,88 €:
    // 81 749,23 €.
    let rows = hand.expect("rows");
    let year_1: Vec<Option<&str>> = rows.iter().map(|r| r[r.len() - 4].as_deref()).collect();
    assert_eq!(year_1, [Some("79052.35"), Some("81749.23")], "{rows:?}");
}
