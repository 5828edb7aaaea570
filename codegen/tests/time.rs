//! Differential test of the rules of time (docs/evaluation.md, « Le temps des avenants »): a
//! chain of amendments written for the test over the shipped ACI carries each of them — a line
//! reserved to contracts signed before or after a date, a version-wide `applicable aux contrats
//! signés avant le`, a revaluation in force from a date with its own `à compter du … au
//! prorata`, a mission envelope replaced, an added yearly line with its own date of effect, an
//! added mission whose deadlines count from the date of effect, one-off payments before the
//! date of effect, a line `réservé si` a condition — and the generated Python and JavaScript
//! give the engine's JSON on generated cases whose dates sit on and around each of those dates.

mod support;

use clause_codegen::{generate, Target};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use support::{cases_for, load_agreements_with, run_jsonl, tool, CHAIN};

const CASES_PER_VERSION: usize = 3_000;

#[test]
fn generated_code_carries_every_rule_of_time_of_a_chain_of_amendments() {
    let python = tool("python3");
    let node = tool("node");
    let (db, analysis) = load_agreements_with(&CHAIN);
    let dir = support::temp_dir("time");
    let mut compared = 0;
    for name in ["t1", "t2", "t3", "t4", "t5"] {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let cases = cases_for(version, CASES_PER_VERSION, 0x7153 ^ name.len() as u64);
        let input: String = cases
            .iter()
            .map(|c| serde_json::to_string(c).expect("json") + "\n")
            .collect();
        let expected: Vec<String> = input
            .lines()
            .map(|text| match Case::from_json(version, text) {
                Err(errors) => serde_json::json!({ "erreurs": errors.iter().map(|e| serde_json::json!({"champ": e.field, "message": e.message})).collect::<Vec<_>>() }).to_string(),
                Ok(case) => format!(
                    "{{\"resultat\":{}}}",
                    serde_json::to_string(&evaluate(&compiled, &case, false)).expect("json")
                ),
            })
            .collect();
        // The rules of time are exercised: payments from a base before a date of effect, from
        // the amendment after it, and lines refused to some contracts.
        let seen = |needle: &str| expected.iter().filter(|e| e.contains(needle)).count();
        assert!(seen("\"version\":\"aci_cpts_2019\"") > 100, "{name}");
        assert!(seen(&format!("\"version\":\"{name}\"")) > 100, "{name}");
        assert!(seen("n'est pas versé : ") > 50, "{name}");
        if name != "t1" {
            assert!(seen("précède la date d'effet") > 50, "{name}");
        }
        let mut runners = Vec::new();
        if let Some(python) = &python {
            let module = dir.join(format!("{name}.py"));
            let code = generate(&compiled, &db, Target::Python, "test").expect("generated");
            std::fs::write(&module, code.code).expect("write");
            runners.push((
                "Python",
                run_jsonl(python, &[module.to_str().expect("path"), "--jsonl"], &input),
            ));
        }
        if let Some(node) = &node {
            let code = generate(&compiled, &db, Target::JavaScript, "test").expect("generated");
            std::fs::write(dir.join(format!("{name}.mjs")), code.code).expect("write");
            let runner = dir.join(format!("run_{name}.mjs"));
            std::fs::write(
                &runner,
                support::JS_RUNNER.replace("MODULE", &format!("./{name}.mjs")),
            )
            .expect("write");
            runners.push((
                "JavaScript",
                run_jsonl(node, &[runner.to_str().expect("path")], &input),
            ));
        }
        for (language, output) in runners {
            let lines: Vec<&str> = output.lines().collect();
            assert_eq!(lines.len(), expected.len(), "{language}, {name}");
            for (i, (got, want)) in lines.iter().zip(&expected).enumerate() {
                assert!(
                    got == want,
                    "{language}, {name}: case {i} differs\ncase: {}\n{}",
                    input.lines().nth(i).unwrap_or_default(),
                    support::first_difference(got, want)
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 0 || (python.is_none() && node.is_none()));
    let _ = std::fs::remove_dir_all(&dir);
}
