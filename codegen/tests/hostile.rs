//! Agreement text stays data: an agreement whose labels and sources hold quotes, backslashes,
//! newlines, `*/`, `"""`, `--`, `${`, `</script>` and line separators compiles to Python and
//! JavaScript that run and return those texts intact, exactly as the engine does.

mod support;

use clause_codegen::{generate, Target};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, SourceDb};
use support::{run_jsonl, tool, HOSTILE, JS_RUNNER};

#[test]
fn hostile_labels_compile_to_code_that_returns_them_intact() {
    let mut db = SourceDb::new();
    db.add("agreements/hostile.clause", HOSTILE);
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("hostile_2020").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let case = r#"{"entrees": {"habitants": 500}, "contrat": {"signature": "2020-02-29"}}"#;
    let parsed = Case::from_json(version, case).expect("case");
    let expected = format!(
        "{{\"resultat\":{}}}",
        serde_json::to_string(&evaluate(&compiled, &parsed, false)).expect("json")
    );
    // The labels are in the engine's answer, with their quotes, newlines and separators.
    assert!(expected.contains("Fonc \\\"\\\"\\\" */ -- ${x}` \\\\ \\n\u{feff}"));
    assert!(expected.contains("hyp */ \\\"\\\"\\\" \\\\ \\n fin \u{0085}"));
    let dir = support::temp_dir("hostile");
    for target in [Target::Python, Target::JavaScript] {
        let code = generate(&compiled, &db, target, "test")
            .expect("generated")
            .code;
        // No raw line separator, byte order mark or next-line character in the code itself.
        for c in ['\u{2028}', '\u{2029}', '\u{feff}', '\u{0085}'] {
            assert!(
                !code.contains(c),
                "{target:?}: raw {c:?} in the generated code"
            );
        }
        let output = match target {
            Target::Python => {
                let Some(python) = tool("python3") else {
                    continue;
                };
                let module = dir.join("hostile.py");
                std::fs::write(&module, &code).expect("write");
                run_jsonl(&python, &[module.to_str().expect("path"), "--jsonl"], case)
            }
            Target::JavaScript => {
                let Some(node) = tool("node") else { continue };
                std::fs::write(dir.join("hostile.mjs"), &code).expect("write");
                let runner = dir.join("run_hostile.mjs");
                std::fs::write(&runner, JS_RUNNER.replace("MODULE", "./hostile.mjs"))
                    .expect("write");
                run_jsonl(&node, &[runner.to_str().expect("path")], case)
            }
            Target::Sql(_) => unreachable!("the SQL target has its own test (tests/sql.rs)"),
        };
        assert_eq!(output.trim_end(), expected, "{target:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn each_module_names_its_version_status_generator_and_schema() {
    let (db, analysis) = support::load_agreements();
    let version = analysis.version("aci_cpts_2019").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    for (target, comment) in [(Target::Python, "# "), (Target::JavaScript, "// ")] {
        let generated = generate(&compiled, &db, target, "9.8.7").expect("generated");
        let header: Vec<&str> = generated.code.lines().take(4).collect();
        assert_eq!(
            header,
            [
                format!("{comment}Évaluateur généré par Clause 9.8.7 (`clause compile`) : ne pas modifier à la main."),
                format!("{comment}Version : aci_cpts_2019 — Accord conventionnel interprofessionnel CPTS"),
                format!("{comment}Statut : signé"),
                format!("{comment}Schémas du cas et du résultat : version {} (docs/schemas/ du dépôt Clause)", clause_codegen::SCHEMA_VERSION),
            ],
            "{target:?}"
        );
        // Every payment line carries its clause in a comment above its data.
        assert!(generated.code.contains(&format!(
            "{comment}[ligne 0] enveloppe fonctionnement « Rémunération du fonctionnement » \
             (agreements/aci_cpts_2019.clause:36) : avance de 75 %"
        )));
        assert_eq!(
            generated.declarations.is_some(),
            target == Target::JavaScript
        );
    }
}
