//! The SQL target on a set of an enumeration of 70 variants, past one 62-bit mask: a set input
//! (its names separated by `|`), a variant input, set literals and a set chosen by `si`, and
//! `contient` (a variant, a subset), `=` and `≠` on variants on both sides of the 62nd.
//! Generated batches through the script on DuckDB and PostgreSQL must give the rows of
//! `clause eval --cases` (the engine's batch plan).

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};
use support_sql::agreements::large_set;
use support_sql::draws::{hand_row, rows_for};
use support_sql::{columns_of, Engines};

/// Variants on both sides of each mask's limit, unknown names, lists in any order.
fn pool(header: &str) -> &'static [&'static str] {
    match header {
        "equipe" => &[
            "",
            "v0",
            "v61",
            "v62",
            "v63",
            "v65",
            "v1|v64",
            "v3|v69",
            "v69|v3",
            "v3|v69|v0",
            "v1 | v62 | v69",
            "v1|v62|v69",
            "v62|v69",
            "v1|v64|v65",
            "v70",
            "v0|v61|v62|v63|v69",
        ],
        "referent" => &["", "v0", "v1", "v61", "v62", "v63", "v64", "v69", "v70"],
        "medecins" => &["", "4", "5"],
        "signature" => &["", "2024-03-01"],
        _ => &[""],
    }
}

#[test]
fn sets_of_more_than_62_variants_equal_the_engine() {
    let mut db = SourceDb::new();
    db.add("agreements/ensembles.clause", large_set());
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("ensembles_70").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let headers = columns_of(version);
    let mut rows = rows_for(&headers, 2000, 70, pool);
    let hand = hand_row(
        &headers,
        &[
            ("equipe", "v1|v64|v65"),
            ("referent", "v64"),
            ("medecins", "5"),
            ("signature", "2024-03-01"),
        ],
    );
    rows.push(hand);
    let mut engines = Engines::start("sql_sets");
    let want = engines.compare_with_engine(&compiled, &db, &rows);
    // By hand, team {v1, v64, v65}, referent v64, 5 doctors (cible = {v1, v62, v69}): v65 in
    // the team 1 000; {v1, v64} in it 300; not {v3, v69} 30; ≠ cible 20; cible lacks v64 and
    // v65 8; v64 in the team 7; not in cible 4: 1 369 € a year.
    let last = want.last().expect("row");
    assert_eq!(last[headers.len() + 3].as_deref(), Some("1369.00"));
    let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
    assert!(
        accepted * 4 > want.len(),
        "too few accepted rows: {accepted}"
    );
    assert!(accepted < want.len(), "no refused row");
}
