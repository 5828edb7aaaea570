//! Differential test of the date policies in the generated Python and JavaScript (`dates
//! ambiguës`, compiler/src/calendar.rs): the shipped ACI under `début du mois suivant` (a 29
//! February signature's anniversaries and a 31 August one's end move to the 1st of March) and
//! under `erreur` (a case whose contract end, anniversary or mission deadline would fall on a day
//! that does not exist is refused, the date named in French), on generated cases whose
//! signatures sit on month ends and 29 February, give the engine's JSON, refusals included; the
//! same cases as a batch CSV give the rows and the row errors of `clause eval --cases`.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_codegen::{generate, Target};
use clause_compiler::evaluate::CompiledVersion;
use support::generated::{compare_generated, engine_lines};
use support::{cases_for, load_agreements_with, tool, POLICIES};
use support_sql::{batch_csv, columns_of, engine_rows};

const CASES_PER_VERSION: usize = 4_000;

#[test]
fn generated_code_follows_the_date_policy_of_the_version() {
    let (db, analysis) = load_agreements_with(&POLICIES);
    let dir = support::temp_dir("policy");
    let mut compared = 0;
    for name in ["p_debut", "p_erreur"] {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let cases = cases_for(version, CASES_PER_VERSION, 0xda7e ^ name.len() as u64);
        let input: String = cases
            .iter()
            .map(|c| serde_json::to_string(c).expect("json") + "\n")
            .collect();
        let expected = engine_lines(&compiled, &input);
        let seen = |needle: &str| expected.iter().filter(|e| e.contains(needle)).count();
        if name == "p_debut" {
            // A date moved to the 1st of March: an anniversary or end of a 29 February or
            // 31 August signature (2020-02-29 + 1 an = 2021-03-01).
            assert!(seen("-03-01") > 50, "{name}");
        } else {
            // Each kind of refusal is exercised.
            assert!(seen("fin du contrat : date ambiguë") > 5, "end");
            assert!(
                seen("anniversaire 1 du contrat : date ambiguë") > 5,
                "anniversary"
            );
            assert!(seen("échéance de démarrage") > 5, "deadline");
        }
        compared += compare_generated(&compiled, &db, &dir, name, &input, &expected);
    }
    assert!(compared > 0 || (tool("python3").is_none() && tool("node").is_none()));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Prints what a generated batch gives on a CSV text: the output, then each row error as
/// `ERROR<TAB>line<TAB>column<TAB>message`.
const PY_ROWS: &str = r#"import sys
sys.path.insert(0, sys.argv[1])
module = __import__(sys.argv[2])
output, count, bad = module.evaluate_rows(open(sys.argv[3], encoding="utf-8").read())
sys.stdout.write(output)
for row in bad:
    sys.stdout.write("ERROR\t%d\t%s\t%s\n" % (row["ligne"], row["colonne"], row["message"]))
"#;

const JS_ROWS: &str = r#"import { evaluateRows } from "MODULE";
import { readFileSync } from "node:fs";
const { output, errors } = evaluateRows(readFileSync(process.argv[2], "utf8"));
process.stdout.write(output);
for (const e of errors) process.stdout.write(`ERROR\t${e.ligne}\t${e.colonne}\t${e.message}\n`);
"#;

/// What the engine's batch gives, in the runners' words: for each accepted row the columns the
/// batch appends (version, band, totals), then each row error.
fn engine_batch(
    compiled: &CompiledVersion<'_>,
    headers: &[String],
    rows: &[Vec<String>],
) -> (Vec<String>, Vec<String>) {
    let mut tails = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in engine_rows(compiled, headers, rows).into_iter().enumerate() {
        let (error, cells) = row.split_last().expect("error column");
        match error {
            None => tails.push(
                cells[headers.len()..]
                    .iter()
                    .map(|c| c.clone().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Some(text) => errors.extend(text.split(" ; ").map(|e| {
                let (field, message) = e.split_once(" : ").expect("field : message");
                format!("ERROR\t{}\t{field}\t{message}", i + 2)
            })),
        }
    }
    (tails, errors)
}

#[test]
fn generated_batches_follow_the_date_policy_of_the_version() {
    let (db, analysis) = load_agreements_with(&POLICIES);
    let dir = support::temp_dir("policy-batch");
    let mut compared = 0;
    for name in ["p_debut", "p_erreur"] {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let cases = cases_for(version, CASES_PER_VERSION / 4, 0xba7c ^ name.len() as u64);
        let headers = columns_of(version);
        let rows = batch_csv(version, &cases);
        let csv = dir.join(format!("{name}.csv"));
        support_sql::write_csv(&csv, &headers, &rows);
        let (tails, errors) = engine_batch(&compiled, &headers, &rows);
        if name == "p_erreur" {
            let seen = |needle: &str| errors.iter().filter(|e| e.contains(needle)).count();
            assert!(seen("fin du contrat : date ambiguë") > 2, "end");
            assert!(
                seen("anniversaire 1 du contrat : date ambiguë") > 2,
                "anniversary"
            );
            assert!(seen("échéance de démarrage") > 2, "deadline");
        }
        let mut outputs = Vec::new();
        if let Some(python) = tool("python3") {
            let code = generate(&compiled, &db, Target::Python, "test").expect("generated");
            std::fs::write(dir.join(format!("{name}.py")), code.code).expect("write");
            let runner = dir.join("rows.py");
            std::fs::write(&runner, PY_ROWS).expect("write");
            let args = [
                runner.to_str().expect("path"),
                dir.to_str().expect("path"),
                name,
                csv.to_str().expect("path"),
            ];
            outputs.push(("Python", support::run_jsonl(&python, &args, "")));
        }
        if let Some(node) = tool("node") {
            let code = generate(&compiled, &db, Target::JavaScript, "test").expect("generated");
            std::fs::write(dir.join(format!("{name}.mjs")), code.code).expect("write");
            let runner = dir.join(format!("rows_{name}.mjs"));
            std::fs::write(&runner, JS_ROWS.replace("MODULE", &format!("./{name}.mjs")))
                .expect("write");
            let args = [runner.to_str().expect("path"), csv.to_str().expect("path")];
            outputs.push(("JavaScript", support::run_jsonl(&node, &args, "")));
        }
        for (language, output) in outputs {
            let (got_errors, lines): (Vec<&str>, Vec<&str>) =
                output.lines().partition(|l| l.starts_with("ERROR\t"));
            assert_eq!(got_errors, errors, "{language}, {name}: row errors");
            // Each accepted row is copied, then the engine's columns (no comma in them).
            let appended = tails.first().map_or(3, |t| t.split(',').count());
            let got_tails: Vec<String> = lines[1..]
                .iter()
                .map(|l| {
                    let cells: Vec<&str> = l.split(',').collect();
                    cells[cells.len() - appended..].join(",")
                })
                .collect();
            assert_eq!(got_tails, tails, "{language}, {name}: results");
            compared += got_tails.len() + got_errors.len();
        }
    }
    assert!(compared > 0 || (tool("python3").is_none() && tool("node").is_none()));
    let _ = std::fs::remove_dir_all(&dir);
}
