//! The SQL target on tables by two criteria and tables of rules (docs/language.md § 7.10): a
//! grid over a band set × an enumeration (with a cell `non précisé`), a grid over two band sets
//! (whole numbers × decimals), a table by a second band set, a formula over a grid, and a table of
//! rules over a whole number × a rate (bounds open and closed, a rule `non précisé`, inputs
//! outside every rule). Generated batches with every bound and just around it, missing and
//! refused cells, go through the script on DuckDB and PostgreSQL and must give the rows of
//! `clause eval --cases` (the engine's batch plan).

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};
use support_sql::agreements::CRITERES;
use support_sql::draws::{hand_row, rows_for};
use support_sql::{columns_of, Engines};

/// Each bound, just around it, missing and refused cells.
fn pool(header: &str) -> &'static [&'static str] {
    match header {
        "habitants" => &[
            "", "0", "39999", "40000", "40001", "99999", "100000", "175 000", "x",
        ],
        "zone" => &["", "urbaine", "rurale", "montagne", "plage"],
        "atteinte" => &[
            "",
            "0",
            "0.4999",
            "0.5",
            "0,5000000000000000000000000001",
            "0.75",
            "1",
            "1.2",
            "-0.1",
        ],
        "surface" => &[
            "",
            "0",
            "12.499999999999999999999999999",
            "12,5",
            "12.50",
            "12.5000001",
            "80",
            "-1",
        ],
        "signature" => &["", "2024-03-01", "2024-02-29", "2025-12-31"],
        _ => &[""],
    }
}

#[test]
fn tables_by_two_criteria_and_rules_equal_the_engine() {
    let mut db = SourceDb::new();
    db.add("agreements/criteres.clause", CRITERES);
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("criteres_2024").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let headers = columns_of(version);
    let mut rows = rows_for(&headers, 3000, 2024, pool);
    let hand = [
        // 40 000 inhabitants (taille_2), rural, 12,5 km² (vaste), 50 %: fonctionnement 60 000,
        // installation 18 000, deplacements 3 000, relief 3 333,33, total
        // arrondi((60 000 + 18 000) / 3) = 26 000, bonus « jusqu'à 40 000, à partir de 50 % »
        // 1 000: 60 000 + 18 000 + 3 000 + 3 333,33 + 26 000 + 1 000 = 111 333,33 €.
        hand_row(
            &headers,
            &[
                ("habitants", "40000"),
                ("zone", "rurale"),
                ("surface", "12,5"),
                ("atteinte", "0.5"),
            ],
        ),
        // 175 000 inhabitants (taille_3), mountain, 3 km² (compacte), 75 %: 70 000 + 22 000,50
        // + 2 000 + 0 + arrondi(92 000,50 / 3 = 30 666,8333…) = 30 666,83 + bonus
        // « plus de 40 000, de plus de 50 % à 100 % » 2 000 × 75 % = 1 500: 126 167,33 €.
        hand_row(
            &headers,
            &[
                ("habitants", "175 000"),
                ("zone", "montagne"),
                ("surface", "3"),
                ("atteinte", "0.75"),
            ],
        ),
    ];
    rows.extend(hand);
    let mut engines = Engines::start("sql_criteria");
    let want = engines.compare_with_engine(&compiled, &db, &rows);
    let full_year = headers.len() + 2;
    let shown: Vec<Option<&str>> = want[want.len() - 2..]
        .iter()
        .map(|r| r[full_year].as_deref())
        .collect();
    assert_eq!(shown, [Some("111333.33"), Some("126167.33")]);
    // Enough rows of each kind: accepted, and refused by the engine.
    let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
    assert!(
        accepted * 4 > want.len(),
        "too few accepted rows: {accepted}"
    );
    assert!(accepted < want.len(), "no refused row");
}
