//! The SQL target on dates moved by a written duration in a formula (`ouverture + 6 mois`,
//! `ouverture - 1 an`, `ouverture + 45 jours`, `ouverture + attente` with `attente = 3 mois`)
//! under each `dates ambiguës` policy: a day the month lacks (31 August + 6 months, 29 February
//! − 1 year) is the month's last day, the next month's first, or an error (the line then fails,
//! as for the engine); a date that leaves the years 1 to 9999 is an error. Generated batches
//! through the script on DuckDB and PostgreSQL must give the rows of `clause eval --cases` (the
//! engine's batch plan).

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use support_sql::agreements::dates as agreement;
use support_sql::policies::under_each_policy;

/// Days the months lack, around the conditions' dates, and out of the calendar.
fn pool(header: &str) -> &'static [&'static str] {
    match header {
        "ouverture" => &[
            "",
            "2023-08-31",
            "2024-02-29",
            "2023-02-28",
            "2023-01-14",
            "2023-01-15",
            "2023-03-31",
            "2024-08-31",
            "2022-12-31",
            "0001-01-15",
            "0001-03-05",
            "9999-12-31",
            "2024-02-30",
        ],
        "habitants" => &["1000", "50000"],
        "signature" => &["", "2024-03-01", "2024-02-29"],
        _ => &[""],
    }
}

#[test]
fn dates_moved_by_a_duration_equal_the_engine_under_each_policy() {
    // By hand, opened 2023-08-31, signed 2024-03-01: 2023-08-31 + 6 mois is 2024-02-29
    // (`fin de mois`: ≤ 2024-08-31, 1 000 €), 2024-03-01 (`début du mois suivant`:
    // 1 000 €), or an error (`erreur`).
    let run = under_each_policy(
        "sql_dates",
        "dates",
        agreement,
        (1500, 31, pool),
        &[
            ("ouverture", "2023-08-31"),
            ("habitants", "1000"),
            ("signature", "2024-03-01"),
        ],
    );
    let firsts = run.first_years;
    // Year 1: installation 1 000 + rattrapage 2 000 (2022-08-31 ≥ 2022-02-28) + délai 300
    // (2023-10-15) + recul 70 (2023-06-30 − 10 jours = 2023-06-20) + service 0 (2023-08-31 +
    // attente, 3 mois, is 2023-11-30 or 2023-12-01, before 2024-05-31); under `erreur` the
    // condition itself fails (2023-08-31 + 6 mois does not exist): nothing is paid.
    let want: Vec<Option<String>> = ["3370.00", "3370.00", "0.00"]
        .into_iter()
        .map(|s| Some(s.to_string()))
        .collect();
    assert_eq!(firsts, want);
}
