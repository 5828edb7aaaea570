//! The SQL target on the formulas `clause check` accepts that the engine can never compute:
//! `entre` on a text, a variant, a boolean or a set (the checker asks only for bounds of the
//! value's type; the engine orders none of them, `interpret::compare`), behind `ou` (which
//! may not read it) and `non`; and a table of `non précisé` only, an amount never given, in a
//! sum and in a branch of `si`. Generated batches through the script on DuckDB and PostgreSQL
//! give the rows of `clause eval --cases`: what fails is NULL, as the engine's error.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};
use support_sql::agreements::UNORDERED;
use support_sql::draws::{hand_row, rows_for};
use support_sql::{columns_of, Engines};

/// Each input around the comparisons of the agreement, and cells the engine refuses.
fn pool(header: &str) -> &'static [&'static str] {
    match header {
        "habitants" => &[
            "", "5", "10", "11", "499", "500", "30000", "30001", "50000", "x",
        ],
        "nom_cpts" => &["", "a", "bravo", "m", "zoulou"],
        "referent" => &["", "medecin", "infirmier", "pharmacien", "dentiste"],
        "association" => &["", "true", "false", "oui"],
        "equipe" => &[
            "",
            "medecin",
            "infirmier",
            "medecin|infirmier",
            "pharmacien",
            "inconnu",
        ],
        "signature" => &["", "2024-03-01", "2024-02-29"],
        _ => &[""],
    }
}

#[test]
fn formulas_that_always_fail_equal_the_engine() {
    let mut db = SourceDb::new();
    db.add("agreements/sans_ordre.clause", UNORDERED.to_string());
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("sans_ordre_2024").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let headers = columns_of(version);
    let mut rows = rows_for(&headers, 1500, 0x5e7, pool);
    let cells = |habitants| {
        [
            ("habitants", habitants),
            ("nom_cpts", "bravo"),
            ("referent", "medecin"),
            ("association", "true"),
            ("equipe", "medecin"),
            ("signature", "2024-03-01"),
        ]
    };
    rows.push(hand_row(&headers, &cells("50000")));
    rows.push(hand_row(&headers, &cells("100")));
    let mut engines = Engines::start("sql_unordered");
    let want = engines.compare_with_engine(&compiled, &db, &rows);
    // By hand: 50 000 inhabitants (> 10: eligible, `ou` does not read the text's `entre`):
    // `fonctionnement` and `appui` read an `entre` that fails, nothing paid; `equipement`,
    // 50 000 ≥ 500, reads the set's: nothing; `lacune` never given; `reste` 400 €: 400 € a
    // year. 100 inhabitants: `equipement` 700 € (100 < 500), `reste` a table never given:
    // 700 € a year.
    let year_1: Vec<Option<&str>> = want[want.len() - 2..]
        .iter()
        .map(|r| r[headers.len() + 3].as_deref())
        .collect();
    assert_eq!(year_1, [Some("400.00"), Some("700.00")], "{want:?}");
    let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
    assert!(
        accepted * 3 > want.len(),
        "too few accepted rows: {accepted}"
    );
    assert!(accepted < want.len(), "no refused row");
}
