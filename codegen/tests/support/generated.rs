//! Runs the generated Python and JavaScript of a version on JSON cases and compares each answer
//! with the engine's, line for line (the differential tests of time and date policies).

use clause_codegen::{generate, Target};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::SourceDb;
use std::path::Path;

/// The engine's answer to each case of `input` (one JSON case a line), as the generated modules
/// print it: `{"resultat": …}` or `{"erreurs": [{"champ", "message"}…]}`.
pub fn engine_lines(compiled: &CompiledVersion<'_>, input: &str) -> Vec<String> {
    input
        .lines()
        .map(|text| match Case::from_json(compiled.version, text) {
            Err(errors) => serde_json::json!({ "erreurs": errors.iter().map(|e| serde_json::json!({"champ": e.field, "message": e.message})).collect::<Vec<_>>() }).to_string(),
            Ok(case) => format!(
                "{{\"resultat\":{}}}",
                serde_json::to_string(&evaluate(compiled, &case, false)).expect("json")
            ),
        })
        .collect()
}

/// Generates `compiled` in Python and JavaScript into `dir` (as `name.py`, `name.mjs`), runs each
/// available interpreter on `input` and asserts its answers are `expected`; the number of lines
/// compared (0 without python3 and node).
pub fn compare_generated(
    compiled: &CompiledVersion<'_>,
    db: &SourceDb,
    dir: &Path,
    name: &str,
    input: &str,
    expected: &[String],
) -> usize {
    let mut runners = Vec::new();
    if let Some(python) = super::tool("python3") {
        let module = dir.join(format!("{name}.py"));
        let code = generate(compiled, db, Target::Python, "test").expect("generated");
        std::fs::write(&module, code.code).expect("write");
        runners.push((
            "Python",
            super::run_jsonl(&python, &[module.to_str().expect("path"), "--jsonl"], input),
        ));
    }
    if let Some(node) = super::tool("node") {
        let code = generate(compiled, db, Target::JavaScript, "test").expect("generated");
        std::fs::write(dir.join(format!("{name}.mjs")), code.code).expect("write");
        let runner = dir.join(format!("run_{name}.mjs"));
        std::fs::write(
            &runner,
            super::JS_RUNNER.replace("MODULE", &format!("./{name}.mjs")),
        )
        .expect("write");
        runners.push((
            "JavaScript",
            super::run_jsonl(&node, &[runner.to_str().expect("path")], input),
        ));
    }
    let mut compared = 0;
    for (language, output) in runners {
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), expected.len(), "{language}, {name}");
        for (i, (got, want)) in lines.iter().zip(expected).enumerate() {
            assert!(
                got == want,
                "{language}, {name}: case {i} differs\ncase: {}\n{}",
                input.lines().nth(i).unwrap_or_default(),
                super::first_difference(got, want)
            );
            compared += 1;
        }
    }
    compared
}
