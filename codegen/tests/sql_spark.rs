//! Differential test of the SQL target on Spark SQL (`--dialect spark`): the generated cases
//! of the Python/JavaScript test, written as one batch CSV per shipped version (500 for the large
//! `aci_cpts_2019` and `avenant_2_proposition_2020`, `LARGE`), read by Spark
//! as text (`spark.read.csv(…, header=True)`, the temporary view `cas`) and run through the
//! generated script in one local session (`pyspark`, `local[2]`, ANSI mode), give the rows of
//! `clause eval --cases`, refusals in French included; the hostile-label agreement leaves
//! `cas` intact; so do the agreements written for what the shipped versions do not exercise
//! (`support_sql::agreements`: tables by two criteria and of rules, bases computed from the
//! inputs, dates moved by a duration, durations computed in formulas under each `dates
//! ambiguës` policy, contract years shared `au prorata` between three values of a base's lines
//! and of missions' variable parts, a set of 70 variants, tables never made precise). Every
//! shipped version and every written one runs: none is skipped.
//! Missing `pyspark` or Java: a loud skip, a failure in CI.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_codegen::{generate_sql, Dialect, Target};
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};
use support::{cases_for, load_agreements, HOSTILE};
use support_sql::agreements::{
    dates, durations, large_set, COMPUTED_BASE, CRITERES, PRORATA_CHAIN, PRORATA_MISSIONS,
    RESERVED_BASE, UNSPECIFIED,
};
use support_sql::spark::{spark_python, spark_rows, SparkJob};
use support_sql::{batch_csv, columns_of, compare, engine_rows, write_csv, Rows};

/// Fewer than DuckDB's 10 000: Spark takes seconds per version to plan the script; the
/// generated cases still hold each band, refusal and date rule of the version.
const CASES_PER_VERSION: usize = 2_000;

/// Source files of a chain: (path, text).
type Sources = Vec<(String, String)>;

/// The agreements written for the test (`support_sql::agreements`): small, each version a few
/// hundred cases.
const CASES_PER_WRITTEN_VERSION: usize = 400;

/// The two versions whose script is a megabyte (a hundred steps of thousands of expressions):
/// Spark's cost there is fixed (defining the views, optimizing the chain), not per row, so a
/// few hundred rows still hold their bands, refusals and dates (docs/performance.md, « Spark »).
const LARGE: [&str; 2] = ["aci_cpts_2019", "avenant_2_proposition_2020"];

/// Cases per large version: fewer than the others, to keep the test within minutes.
const CASES_PER_LARGE_VERSION: usize = 500;

/// The generated script for Spark: no binary floating point outside the comments.
fn spark_script(compiled: &CompiledVersion<'_>, db: &SourceDb) -> String {
    let name = &compiled.version.name;
    assert_eq!(
        clause_codegen::refusal(compiled.version, Target::Sql(Dialect::Spark)),
        None,
        "{name}"
    );
    let script = generate_sql(compiled, db, Dialect::Spark, "test")
        .unwrap_or_else(|message| panic!("{name}: {message}"));
    for line in script.lines().filter(|l| !l.trim_start().starts_with("--")) {
        let upper = line.to_uppercase();
        for word in ["DOUBLE", "REAL", "FLOAT"] {
            assert!(!upper.contains(word), "{word} in: {line}");
        }
    }
    assert!(script.contains("CREATE OR REPLACE TEMPORARY VIEW resultats AS"));
    assert!(script.contains("DECIMAL(38, 0)") && !script.contains("HUGEINT"));
    // No subquery over the dates of `crises`: Spark copies the plan below a correlated
    // subquery for each, and the fifteen of `avenant_2_proposition_2020` never got optimized.
    assert!(!script.contains("posexplode("), "{name}");
    script
}

#[test]
fn generated_spark_sql_equals_the_engine_on_shipped_versions_and_keeps_cas() {
    let python = spark_python();
    let (db, analysis) = load_agreements();
    let dir = support::temp_dir("sql-spark");
    let mut jobs = Vec::new();
    let mut wants: Vec<(String, Rows)> = Vec::new();
    for version in &analysis.versions {
        let compiled = CompiledVersion::new(version, &db);
        let script = spark_script(&compiled, &db);
        let count = if LARGE.contains(&version.name.as_str()) {
            CASES_PER_LARGE_VERSION
        } else {
            CASES_PER_VERSION
        };
        let cases = cases_for(version, count, 0x5eed ^ version.name.len() as u64);
        let rows = batch_csv(version, &cases);
        let headers = columns_of(version);
        let csv = dir.join(format!("{}.csv", version.name));
        write_csv(&csv, &headers, &rows);
        let want = engine_rows(&compiled, &headers, &rows);
        let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
        assert!(
            accepted * 2 > want.len(),
            "{}: too few accepted rows",
            version.name
        );
        jobs.push(SparkJob::new(&dir, &version.name, &csv, &script));
        wants.push((version.name.clone(), want));
    }
    // The hostile labels: 500 and 1 500 inhabitants (each band), a 29 February signature, a
    // refused row whose cell is an injection attempt.
    let mut hostile_db = SourceDb::new();
    hostile_db.add("agreements/hostile.clause", HOSTILE);
    let hostile = analyze(&hostile_db);
    assert!(!hostile.has_errors(), "{:#?}", hostile.diagnostics);
    let version = hostile.version("hostile_2020").expect("version");
    let compiled = CompiledVersion::new(version, &hostile_db);
    let script = spark_script(&compiled, &hostile_db);
    // The labels are in comments, each on its own line; the one that ends with a backslash
    // does not go on to the code below (a Spark comment would).
    assert!(script.contains("-- tranche petite « Petite \"'); -- ${alert(1)} »"));
    assert!(script.contains("-- source : s */ \"\"\" -- </script> \\ \n"));
    let headers = columns_of(version);
    let rows = support_sql::hostile_rows(&headers);
    let csv = dir.join("hostile.csv");
    write_csv(&csv, &headers, &rows);
    jobs.push(SparkJob::new(&dir, "hostile", &csv, &script));
    wants.push(("hostile".into(), engine_rows(&compiled, &headers, &rows)));

    // The agreements written for the SQL tests, each chain analysed alone.
    let owned = |sources: &[(&str, &str)]| -> Sources {
        sources
            .iter()
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect()
    };
    let written: [(Sources, &[&str]); 9] = [
        (
            owned(&[("agreements/criteres.clause", CRITERES)]),
            &["criteres_2024"],
        ),
        (owned(&COMPUTED_BASE), &["avenant_e", "avenant_f"]),
        (owned(&RESERVED_BASE), &["avenant_g"]),
        (
            vec![
                ("agreements/dates_fin.clause".into(), dates("dates_fin", "")),
                (
                    "agreements/dates_erreur.clause".into(),
                    dates("dates_erreur", "dates ambiguës : erreur"),
                ),
            ],
            &["dates_fin", "dates_erreur"],
        ),
        (
            vec![
                (
                    "agreements/durees_fin.clause".into(),
                    durations("durees_fin", ""),
                ),
                (
                    "agreements/durees_suivant.clause".into(),
                    durations("durees_suivant", "dates ambiguës : début du mois suivant"),
                ),
                (
                    "agreements/durees_erreur.clause".into(),
                    durations("durees_erreur", "dates ambiguës : erreur"),
                ),
            ],
            &["durees_fin", "durees_suivant", "durees_erreur"],
        ),
        (
            vec![("agreements/ensembles.clause".into(), large_set())],
            &["ensembles_70"],
        ),
        (
            owned(&PRORATA_CHAIN),
            &["base_p", "avenant_pa", "avenant_pb"],
        ),
        (
            owned(&PRORATA_MISSIONS),
            &["base_m", "avenant_ma", "avenant_mb"],
        ),
        (
            owned(&[("agreements/non_precise.clause", UNSPECIFIED)]),
            &["non_precise_2024"],
        ),
    ];
    for (sources, names) in written {
        let mut written_db = SourceDb::new();
        for (path, text) in sources {
            written_db.add(path, text);
        }
        let analysis = analyze(&written_db);
        assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
        for name in names {
            let version = analysis.version(name).expect("version");
            let compiled = CompiledVersion::new(version, &written_db);
            let script = spark_script(&compiled, &written_db);
            let cases = cases_for(
                version,
                CASES_PER_WRITTEN_VERSION,
                0x5a4c ^ name.len() as u64,
            );
            let rows = batch_csv(version, &cases);
            let headers = columns_of(version);
            let csv = dir.join(format!("{name}.csv"));
            write_csv(&csv, &headers, &rows);
            jobs.push(SparkJob::new(&dir, name, &csv, &script));
            wants.push((name.to_string(), engine_rows(&compiled, &headers, &rows)));
        }
    }

    let Some(python) = python else {
        return;
    };
    let got = spark_rows(&python, &dir, &jobs);
    for ((name, want), got) in wants.iter().zip(&got) {
        compare("Spark", name, got, want);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
