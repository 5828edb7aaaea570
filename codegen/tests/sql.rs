//! Differential test of the SQL target: the generated cases of the Python/JavaScript test,
//! written as one batch CSV per shipped version, loaded as text into a table `cas` and run
//! through the generated script on DuckDB (the `duckdb` Python package) and on a PostgreSQL
//! server this test starts, give the rows of `clause eval --cases` (the engine's batch plan),
//! and the refusals in French where the engine refuses a row. Missing tools: a loud skip, a
//! failure in CI.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_codegen::{generate_sql, Dialect, Target};
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};
use support::{cases_for, load_agreements, HOSTILE};
use support_sql::{batch_csv, columns_of, compare, duckdb_rows, engine_rows, Engines, Postgres};

const CASES_PER_VERSION: usize = 10_000;

#[test]
fn generated_sql_equals_the_engine_on_duckdb_and_postgresql() {
    let (db, analysis) = load_agreements();
    let mut engines = Engines::start("sql");
    let mut refusals = Vec::new();
    for version in &analysis.versions {
        let compiled = CompiledVersion::new(version, &db);
        // Every shipped version compiles, the amendment with its dates of effect included
        // (avenant 2: its base's lines from always, its own from 4 November 2020, the
        // supplement reserved to contracts signed before 31 December 2021).
        assert_eq!(
            clause_codegen::refusal(version, Target::Sql(Dialect::DuckDb)),
            None,
            "{}",
            version.name
        );
        let cases = cases_for(
            version,
            CASES_PER_VERSION,
            0x5eed ^ version.name.len() as u64,
        );
        let want = engines.compare_with_engine(&compiled, &db, &batch_csv(version, &cases));
        let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
        // Every version's inputs have a CSV form (a set: its names separated by `|`): most
        // rows are accepted, each version is compared on its results.
        assert!(
            accepted * 2 > want.len(),
            "{}: too few accepted rows",
            version.name
        );
        refusals.extend(want.into_iter().filter_map(|r| r.last().cloned().flatten()));
    }
    // The batch columns `crises` and `deploiement.<mission>` are read: their refusals came out
    // the same (the crisis payments and yearly achievements are in the compared totals).
    for needle in [
        "crises : date invalide `3`",
        "crises : le 2015-06-30 précède la signature du ",
        " : le 2015-06-30 précède la signature du ",
    ] {
        assert!(
            refusals.iter().any(|r| r.contains(needle)),
            "no refusal `{needle}`"
        );
    }
}

#[test]
fn hostile_labels_stay_comments_and_leave_cas_intact() {
    let mut db = SourceDb::new();
    db.add("agreements/hostile.clause", HOSTILE);
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("hostile_2020").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let headers = columns_of(version);
    let rows = support_sql::hostile_rows(&headers);
    let want = engine_rows(&compiled, &headers, &rows);
    let dir = support::temp_dir("sql-hostile");
    let csv = dir.join("hostile.csv");
    support_sql::write_csv(&csv, &headers, &rows);
    let duck = generate_sql(&compiled, &db, Dialect::DuckDb, "test").expect("sql");
    let pg = generate_sql(&compiled, &db, Dialect::Postgres, "test").expect("sql");
    for script in [&duck, &pg] {
        // The labels are in comments, each on its own line: no raw line break of theirs.
        for c in ['\u{2028}', '\u{2029}', '\u{feff}', '\u{0085}'] {
            assert!(!script.contains(c), "raw {c:?} in the script");
        }
        assert!(script.contains("-- tranche petite « Petite \"'); -- ${alert(1)} »"));
        assert!(script.contains("-- source : s */ \"\"\" -- </script>"));
    }
    if let Some(python) = support_sql::duckdb_python() {
        // The runner checks that `cas` keeps its rows.
        compare(
            "DuckDB",
            "hostile",
            &duckdb_rows(&python, &dir, &csv, &duck, "hostile"),
            &want,
        );
    }
    if let Some(mut server) = Postgres::start() {
        let got = server.rows(&dir, &csv, &headers, &pg, "hostile");
        compare("PostgreSQL", "hostile", &got, &want);
        assert_eq!(server.query("SELECT count(*) FROM cas").trim(), "3");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
