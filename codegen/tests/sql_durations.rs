//! The SQL target on durations computed in formulas (`2 × attente`, `-(6 mois)`, a duration
//! chosen by `si`, `min`/`max`, `delai + 5 ans + 6 mois`, `medecins × 1,5 mois`, comparisons,
//! `=` and `entre` across years and months) under each `dates ambiguës` policy, as the engine
//! computes them (compiler/src/interpret/: an amount and a unit; years and months brought to
//! months; days that meet months, a fractional duration moving a date, a date outside the
//! years 1 to 9999 are errors). Generated batches through the script on DuckDB and PostgreSQL
//! must give the rows of `clause eval --cases` (the engine's batch plan).

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use support_sql::agreements::durations as agreement;
use support_sql::policies::under_each_policy;

/// Days the months lack, the limits of each test, counts that make a duration of years or
/// months, of days, fractional, or one that leaves the calendar.
fn pool(header: &str) -> &'static [&'static str] {
    match header {
        "ouverture" => &[
            "",
            "2023-08-31",
            "2024-02-29",
            "2023-02-28",
            "2023-01-31",
            "2023-06-30",
            "2024-01-15",
            "2023-12-31",
            "2024-03-31",
            "0001-01-15",
            "9999-12-31",
        ],
        "medecins" => &[
            "",
            "0",
            "1",
            "2",
            "3",
            "4",
            "5",
            "7",
            "8",
            "9",
            "12",
            "5000",
            "60000",
            "9999999999999999",
            "x",
        ],
        "signature" => &["", "2024-03-01", "2024-02-29"],
        _ => &[""],
    }
}

#[test]
fn durations_computed_in_formulas_equal_the_engine_under_each_policy() {
    let run = under_each_policy(
        "sql_durations",
        "durees",
        agreement,
        (1500, 47, pool),
        &[
            ("ouverture", "2023-08-31"),
            ("medecins", "4"),
            ("signature", "2024-03-01"),
        ],
    );
    let firsts = run.first_years;
    assert!(
        run.refused_rows.iter().all(|r| *r),
        "a version without a refused row"
    );
    // By hand, opened 2023-08-31, 4 doctors, signed 2024-03-01, `fin de mois`: double = 2 × 3
    // mois = 6 mois, 2023-08-31 + 6 mois = 2024-02-29 ≤ 2024-08-31: installation 1 000; recul
    // = -(6 mois): 2023-02-28 ≥ 2023-01-31: 200; delai = 4 × 2 mois = 8 mois: 2024-04-30 <
    // 2024-06-30: 300; long = max(8 mois, 10 mois, 3 mois) = 10 mois, not > 11 mois: 30;
    // court = min(8 mois, 2 ans = 24 mois) = 8 mois, between 4 mois and 1 an (12 mois): 21;
    // 8 mois ≠ 12 mois: 13; total = 8 mois + 5 ans + 6 mois = 74 mois, 2023-08-31 − 74 mois
    // = 2017-06-30 < 2018-01-31: 8; jours = delai (4 < 8 doctors), 8 mois + 3 mois > 6 mois:
    // 7; 2023-08-31 + 8 mois = 2024-04-30 > 2024-01-15: 4; fraction = 4 × 1,5 mois = 6,0
    // mois, whole: 2024-02-29 < 2024-03-31: 5. Year 1: 1 588 €. `début du mois suivant`
    // moves 2023-08-31 + 6 mois to 2024-03-01, still < 2024-03-31: the same. Under `erreur`
    // 2023-08-31 + 6 mois fails, and the lines that read it with it.
    let want: Vec<Option<String>> = ["1588.00", "1588.00"]
        .into_iter()
        .map(|s| Some(s.to_string()))
        .collect();
    assert_eq!(firsts[..2], want);
    assert_ne!(firsts[2], want[0]);
}
