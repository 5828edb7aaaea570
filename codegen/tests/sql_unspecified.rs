//! The SQL target on a table of `non précisé` only (`[non précisé, non précisé]`): an amount
//! that is never given, in a sum and in a branch of `si`. The checker types it as an amount
//! (as a table that defines a value); the engine fails where it is read. Generated batches
//! through the script on DuckDB and PostgreSQL give the rows of `clause eval --cases`: what
//! fails is NULL, as the engine's error, and the other lines are paid.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};
use support_sql::agreements::UNSPECIFIED;
use support_sql::draws::{hand_row, rows_for};
use support_sql::{columns_of, Engines};

/// Inputs around the thresholds of the agreement (10, 500, 30 000, 40 000), and cells the
/// engine refuses.
fn pool(header: &str) -> &'static [&'static str] {
    match header {
        "habitants" => &[
            "", "5", "10", "11", "499", "500", "30000", "30001", "50000", "x",
        ],
        "signature" => &["", "2024-03-01", "2024-02-29"],
        _ => &[""],
    }
}

#[test]
fn a_table_never_given_equals_the_engine() {
    let mut db = SourceDb::new();
    db.add("agreements/non_precise.clause", UNSPECIFIED.to_string());
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("non_precise_2024").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let headers = columns_of(version);
    let mut rows = rows_for(&headers, 1500, 0x5e7, pool);
    let cells = |habitants| [("habitants", habitants), ("signature", "2024-03-01")];
    rows.push(hand_row(&headers, &cells("50000")));
    rows.push(hand_row(&headers, &cells("100")));
    let mut engines = Engines::start("sql_unspecified");
    let want = engines.compare_with_engine(&compiled, &db, &rows);
    // By hand: 50 000 inhabitants: `equipement` 900 € (50 000 ≥ 500), `lacune` never given
    // (nothing paid), `reste` 400 € (50 000 > 30 000): 1 300 € a year. 100 inhabitants:
    // `equipement` 700 € (100 < 500), `reste` reads the table never given: 700 € a year.
    let year_1: Vec<Option<&str>> = want[want.len() - 2..]
        .iter()
        .map(|r| r[headers.len() + 3].as_deref())
        .collect();
    assert_eq!(year_1, [Some("1300.00"), Some("700.00")], "{want:?}");
    let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
    assert!(
        accepted * 3 > want.len(),
        "too few accepted rows: {accepted}"
    );
    assert!(accepted < want.len(), "no refused row");
}
