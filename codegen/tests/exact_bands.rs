//! Bands over rates and decimals, open and closed bounds, a negative domain and a hypothesis on
//! a bound: the generated Python and JavaScript choose the band the engine chooses, byte for
//! byte, at every bound and just around it (exact decimals, no float); the generated SQL, on
//! DuckDB and PostgreSQL, chooses it as the batch engine (`clause eval --cases`) does.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_codegen::{generate, generate_sql, Dialect, Target};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, SourceDb};
use support::{run_jsonl, tool, JS_RUNNER};
use support_sql::{columns_of, compare, duckdb_rows, engine_rows, Postgres};

const EXACT: &str = r#"accord exact_2024 "Tranches exactes" {
  statut signé
  signé le 2024-01-15
  source "essai"

  entrée atteinte "Atteinte" : taux
  entrée variation "Variation" : taux
  tranches niveau selon atteinte, de 0 % à 100 % {
    bas "Bas" : moins de 50 %
    moyen "Moyen" : de 50 % à 80 % (hypothèse "80 % appartient au niveau moyen")
    haut "Haut" : de plus de 80 % à 100 %
  }
  enveloppe fonctionnement "Fonctionnement" par niveau [1 000 €, 2 000 €, 3 000 €]
  valeur sens "Sens" = variation
}
"#;

#[test]
fn generated_code_chooses_exact_bands_as_the_engine_does() {
    let mut db = SourceDb::new();
    db.add("agreements/exact.clause", EXACT);
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("exact_2024").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    // Every bound ± one ten-thousandth, as JSON numbers and as French strings, and outside.
    let values = [
        "0", "0.4999", "0.5", "\"0,5\"", "0.5001", "0.7999", "0.8", "\"80 %\"", "0.8001", "1",
        "1.0001", "-0.01",
    ];
    let input: String = values
        .iter()
        .map(|v| format!("{{\"entrees\": {{\"atteinte\": {v}, \"variation\": -0.25}}}}\n"))
        .collect();
    let expected: Vec<String> = input
        .lines()
        .map(|line| match Case::from_json(version, line) {
            Ok(case) => format!(
                "{{\"resultat\":{}}}",
                serde_json::to_string(&evaluate(&compiled, &case, false)).expect("json")
            ),
            Err(errors) => serde_json::to_string(&serde_json::json!({
                "erreurs": errors.iter().map(|e| serde_json::json!({"champ": e.field, "message": e.message})).collect::<Vec<_>>()
            }))
            .expect("json"),
        })
        .collect();
    // The engine itself: 80 % is `moyen`'s (closed), and its hypothesis is listed there.
    assert!(
        expected[6].contains("\"tranche\":\"moyen\""),
        "{}",
        expected[6]
    );
    assert!(
        expected[6].contains("80 % appartient au niveau moyen"),
        "{}",
        expected[6]
    );
    assert!(
        expected[8].contains("\"tranche\":\"haut\""),
        "{}",
        expected[8]
    );
    let dir = support::temp_dir("exact_bands");
    for target in [Target::Python, Target::JavaScript] {
        let code = generate(&compiled, &db, target, "test")
            .expect("generated")
            .code;
        let output = match target {
            Target::Python => {
                let Some(python) = tool("python3") else {
                    continue;
                };
                let module = dir.join("exact.py");
                std::fs::write(&module, &code).expect("write");
                run_jsonl(
                    &python,
                    &[module.to_str().expect("path"), "--jsonl"],
                    &input,
                )
            }
            _ => {
                let Some(node) = tool("node") else { continue };
                std::fs::write(dir.join("exact.mjs"), &code).expect("write");
                let runner = dir.join("run_exact.mjs");
                std::fs::write(&runner, JS_RUNNER.replace("MODULE", "./exact.mjs")).expect("write");
                run_jsonl(&node, &[runner.to_str().expect("path")], &input)
            }
        };
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), expected.len(), "{target:?}");
        for (i, (got, want)) in lines.iter().zip(&expected).enumerate() {
            assert_eq!(got, want, "{target:?}, atteinte = {}", values[i]);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A decimal dimension with a negative domain and every kind of bound: `jusqu'à 2,5` (closed),
/// `de plus de 2,5 à moins de 4` (open both ends), `à partir de 4`.
const RATIO: &str = r#"accord ratio_2024 "Ratio" {
  statut signé
  signé le 2024-01-15
  source "essai"

  entrée ratio "Ratio" : décimal
  tranches palier selon ratio, à partir de -10 {
    bas "Bas" : jusqu'à 2,5
    moyen "Moyen" : de plus de 2,5 à moins de 4
    haut "Haut" : à partir de 4
  }
  enveloppe fonctionnement "Fonctionnement" par palier [1 000 €, 2 000 €, 3 000 €]
}
"#;

#[test]
fn generated_sql_chooses_exact_bands_as_the_engine_does() {
    // Each bound, one unit of its last written decimal and far finer around it, written with a
    // comma, spaces, zeros, a sign; outside the domain; refused cells; 28 whole digits.
    let cases: [(&str, &str, &[&str]); 2] = [
        (
            EXACT,
            "exact_2024",
            &[
                "0",
                "0.4999",
                "0.49999999999999999999",
                "0.5",
                "0,5",
                "0.50",
                "0.5001",
                "0.5000000000000000000000000001",
                "0.7999",
                "0.8",
                " 0,800 ",
                "0.8001",
                "0.80000000000000000001",
                "1",
                "1.0001",
                "-0.01",
                "-0",
                "+0.5",
                "",
                "abc",
                "0.5.1",
            ],
        ),
        (
            RATIO,
            "ratio_2024",
            &[
                "-10",
                "-10.0001",
                "-10.00000000000000000001",
                "-9.99999",
                "-2.5",
                "-0",
                "0",
                "2.4999",
                "2.5",
                "2,5",
                "2.50",
                "2.5000000000000000000001",
                "2.5001",
                "3.9999",
                "3.99999999999999999999",
                "4",
                "4.0",
                "4,00001",
                "1 000",
                "-1 000",
                "1234567890123456789012345678",
                "",
                "x",
                "1_5",
                ".5",
                "5.",
            ],
        ),
    ];
    let python = support_sql::duckdb_python();
    let mut postgres = Postgres::start();
    let dir = support::temp_dir("exact_bands_sql");
    for (text, name, values) in cases {
        let mut db = SourceDb::new();
        db.add("agreements/exact.clause", text);
        let analysis = analyze(&db);
        assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let headers = columns_of(version);
        let column = |h: &str| headers.iter().position(|c| c == h).expect("column");
        let rows: Vec<Vec<String>> = values
            .iter()
            .map(|v| {
                let mut row = vec![String::new(); headers.len()];
                row[0] = (*v).to_string();
                if version.inputs.len() > 1 {
                    row[1] = "-0.25".into();
                }
                row[column("signature")] = "2024-03-01".into();
                row[column("jusqu_au")] = "2025-02-28".into();
                row
            })
            .collect();
        let want = engine_rows(&compiled, &headers, &rows);
        // The engine itself, by hand: a bound owned by the band whose closed end it is.
        let band = |value: &str| {
            let i = values.iter().position(|v| *v == value).expect("value");
            assert_eq!(
                want[i].last(),
                Some(&None),
                "{name}, {value:?}: {:?}",
                want[i]
            );
            want[i][headers.len() + 1].clone()
        };
        let expected: &[(&str, Option<&str>)] = if name == "exact_2024" {
            &[
                ("0.4999", Some("bas")),
                ("0.5", Some("moyen")),
                ("0.8", Some("moyen")),
                (" 0,800 ", Some("moyen")),
                ("0.80000000000000000001", Some("haut")),
                ("1", Some("haut")),
            ]
        } else {
            &[
                ("-10", Some("bas")),
                ("-10.0001", None),
                ("2.5", Some("bas")),
                ("2.5000000000000000000001", Some("moyen")),
                ("3.99999999999999999999", Some("moyen")),
                ("4", Some("haut")),
            ]
        };
        for (value, expected) in expected {
            assert_eq!(band(value).as_deref(), *expected, "{name}, {value:?}");
        }
        let csv = dir.join(format!("{name}.csv"));
        support_sql::write_csv(&csv, &headers, &rows);
        if let Some(python) = &python {
            let script = generate_sql(&compiled, &db, Dialect::DuckDb, "test").expect("sql");
            // No float anywhere but in the header's promise (« jamais DOUBLE ni REAL »).
            let code = script
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<String>();
            assert!(!code.contains("DOUBLE") && !code.contains("REAL"));
            compare(
                "DuckDB",
                name,
                &duckdb_rows(python, &dir, &csv, &script, name),
                &want,
            );
        }
        if let Some(server) = &mut postgres {
            let script = generate_sql(&compiled, &db, Dialect::Postgres, "test").expect("sql");
            let got = server.rows(&dir, &csv, &headers, &script, name);
            compare("PostgreSQL", name, &got, &want);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
