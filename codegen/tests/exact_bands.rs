//! Bands over rates and decimals, open and closed bounds, a negative domain and a hypothesis on
//! a bound: the generated Python and JavaScript choose the band the engine chooses, byte for
//! byte, at every bound and just around it (exact decimals, no float); the SQL target refuses
//! such a dimension with a sentence rather than compare it inexactly.

mod support;

use clause_codegen::{generate, generate_sql, Dialect, Target};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, SourceDb};
use support::{run_jsonl, tool, JS_RUNNER};

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
    let refused = generate_sql(&compiled, &db, Dialect::DuckDb, "test").expect_err("refused");
    assert!(
        refused.contains("divisent un décimal ou un taux"),
        "{refused}"
    );
}
