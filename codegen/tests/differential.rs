//! Differential test: for every shipped version, thousands of generated cases (band boundaries
//! ± 1, signatures on month ends and 29 February, missions started or not, every optional
//! mission combination, achievements from 0 to 1, crises, letters of intent, and malformed
//! fields) evaluated by the in-process engine, the generated Python and the generated
//! JavaScript give the same JSON, byte for byte (keys in the same order).

mod support;

use clause_codegen::{generate, Target};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::ir::Version;
use serde_json::{json, Value};
use support::{cases_for, load_agreements, run_jsonl, tool};

const CASES_PER_VERSION: usize = 10_000;

/// The engine's answer for one case, as the generated `--jsonl` runners write it.
fn engine_answer(compiled: &CompiledVersion<'_>, version: &Version, text: &str) -> String {
    let answer = match Case::from_json(version, text) {
        Err(errors) => {
            json!({ "erreurs": errors.iter().map(|e| json!({"champ": e.field, "message": e.message})).collect::<Vec<_>>() })
        }
        Ok(case) => {
            // Serialized directly: the keys keep the order of the result's fields.
            let evaluation = evaluate(compiled, &case, false);
            let result = serde_json::to_string(&evaluation).expect("serializable");
            return format!("{{\"resultat\":{result}}}");
        }
    };
    serde_json::to_string(&answer).expect("serializable")
}

/// The generated Python and JavaScript modules of `compiled`, written in `dir` as `name`, each
/// run on the cases of `input` (one JSON case a line): their answers, one a line.
fn run_generated(
    compiled: &CompiledVersion<'_>,
    db: &clause_compiler::SourceDb,
    dir: &std::path::Path,
    name: &str,
    input: &str,
) -> Vec<(&'static str, String)> {
    let mut runners = Vec::new();
    if let Some(python) = tool("python3") {
        let module = dir.join(format!("{name}.py"));
        let code = generate(compiled, db, Target::Python, "test")
            .expect("generated")
            .code;
        std::fs::write(&module, code).expect("write module");
        runners.push((
            "Python",
            run_jsonl(&python, &[module.to_str().expect("path"), "--jsonl"], input),
        ));
    }
    if let Some(node) = tool("node") {
        let code = generate(compiled, db, Target::JavaScript, "test")
            .expect("generated")
            .code;
        std::fs::write(dir.join(format!("{name}.mjs")), code).expect("write module");
        let runner = dir.join(format!("run_{name}.mjs"));
        std::fs::write(
            &runner,
            support::JS_RUNNER.replace("MODULE", &format!("./{name}.mjs")),
        )
        .expect("write runner");
        runners.push((
            "JavaScript",
            run_jsonl(&node, &[runner.to_str().expect("path")], input),
        ));
    }
    runners
}

#[test]
fn generated_python_and_javascript_equal_the_engine_on_every_shipped_version() {
    let python = tool("python3");
    let node = tool("node");
    let (db, analysis) = load_agreements();
    let dir = support::temp_dir("differential");
    let mut compared = 0;
    for version in &analysis.versions {
        let compiled = CompiledVersion::new(version, &db);
        // Every version is generated, amendments with their rules of time included.
        for target in [Target::Python, Target::JavaScript] {
            assert_eq!(clause_codegen::refusal(version, target), None);
        }
        let cases = cases_for(
            version,
            CASES_PER_VERSION,
            0x5eed ^ version.name.len() as u64,
        );
        assert!(cases.len() >= CASES_PER_VERSION);
        let input: String = cases
            .iter()
            .map(|c| serde_json::to_string(c).expect("json") + "\n")
            .collect();
        let expected: Vec<String> = cases
            .iter()
            .map(|c| engine_answer(&compiled, version, &serde_json::to_string(c).expect("json")))
            .collect();
        let results_seen = expected
            .iter()
            .filter(|e| e.starts_with("{\"resultat\""))
            .count();
        assert!(
            results_seen * 2 > expected.len(),
            "{}: too few valid cases ({results_seen})",
            version.name
        );
        // Every result, and every case the engine accepts, follow the published schemas.
        let mut accepted = Vec::new();
        let mut results = Vec::new();
        for (seen, (case, answer)) in cases.iter().zip(&expected).enumerate() {
            let answer: Value = serde_json::from_str(answer).expect("json");
            // Every tenth case: validating 40 000 results with Python's jsonschema takes minutes.
            if let Some(result) = answer.get("resultat").filter(|_| seen % 10 == 0) {
                accepted.push(case.clone());
                results.push(result.clone());
            }
        }
        if let Some(python) = &python {
            support::validate_with_schemas(python, &dir, &accepted, &results);
        }
        let runners = run_generated(&compiled, &db, &dir, &version.name, &input);
        for (language, output) in runners {
            let lines: Vec<&str> = output.lines().collect();
            assert_eq!(
                lines.len(),
                expected.len(),
                "{language}, {}: one answer per case",
                version.name
            );
            for (i, (got, want)) in lines.iter().zip(&expected).enumerate() {
                if got != want {
                    panic!(
                        "{language}, {}: case {i} differs\ncase: {}\n{}",
                        version.name,
                        serde_json::to_string(&cases[i]).unwrap_or_default(),
                        support::first_difference(got, want)
                    );
                }
                compared += 1;
            }
        }
    }
    assert!(compared > 0 || (python.is_none() && node.is_none()));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A JSON number no exact decimal holds (past 2^96, or more than 28 decimals) is refused by every
/// evaluator with the same words, which write it back as the engine reads it: a double, shown as
/// JavaScript shows one (`1e+30`, `1.2345678901234568e+29` for thirty digits written in full).
#[test]
fn numbers_past_what_a_decimal_holds_are_refused_in_the_same_words_everywhere() {
    let python = tool("python3");
    let node = tool("node");
    let (db, analysis) = load_agreements();
    let version = analysis.version("aci_cpts_2019").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let numbers = [
        "1e30",
        "-1E30",
        "123456789012345678901234567890",
        "79228162514264337593543950336",
        "1.25e-35",
        "1e-29",
        "1e300",
        "4e28",
    ];
    let input: String = numbers
        .iter()
        .map(|n| format!("{{\"entrees\": {{\"habitants\": {n}}}}}\n"))
        .collect();
    let expected: Vec<String> = input
        .lines()
        .map(|case| engine_answer(&compiled, version, case))
        .collect();
    // The engine's own words, by hand: what a user reads.
    assert!(
        expected[0].contains("pas `1e+30` : au plus 28 décimales"),
        "{}",
        expected[0]
    );
    assert!(
        expected[2].contains("pas `1.2345678901234568e+29`"),
        "{}",
        expected[2]
    );
    assert!(expected[4].contains("pas `1.25e-35`"), "{}", expected[4]);
    // 4 × 10^28 is held (under 2^96): read, then its band.
    assert!(expected[7].starts_with("{\"resultat\""), "{}", expected[7]);
    let dir = support::temp_dir("unheld-numbers");
    let runners = run_generated(&compiled, &db, &dir, "unheld", &input);
    assert!(!runners.is_empty() || (python.is_none() && node.is_none()));
    for (language, output) in runners {
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), numbers.len(), "{language}");
        for ((got, want), number) in lines.iter().zip(&expected).zip(numbers) {
            assert_eq!(got, want, "{language}: {number}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
