//! `clause compile` end to end: the generated Python's `evaluate_csv` and the generated
//! JavaScript's `evaluateCsv` (Node) write, byte for byte, what `clause eval VERSION --cases`
//! writes (quoted fields, rows in error left out, the same errors), on the fast path (no dates)
//! and on dated rows; the JavaScript comes with its `.d.ts`.

#[path = "support/run.rs"]
mod run;

use run::{clause, text};
use std::path::PathBuf;
use std::process::Command;

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clause-compile-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `program`, required in CI (`CI=true`); elsewhere its absence skips `part` loudly.
fn required_tool(program: &'static str, part: &str) -> Option<&'static str> {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "{program} est exigé en CI"
        );
        eprintln!("\n!!! {program} introuvable : {part} SAUTÉ(E) !!!\n");
        return None;
    }
    Some(program)
}

fn python() -> Option<&'static str> {
    required_tool("python3", "test")
}

/// A batch with every kind of row: band boundaries ± 1, engaged missions, rates with a comma,
/// a quoted field holding a comma, a quote and a newline, a blank line, and rows in error.
fn undated_batch() -> String {
    let mut csv = String::from("habitants,qualite,accompagnement,taux_atteinte,commentaire\n");
    let populations = [
        "0", "39999", "40000", "40001", "79999", "80000", "174999", "175000", "175001", " 95 000 ",
    ];
    for (i, population) in populations.iter().enumerate() {
        let flag = |bit: usize| if i & bit == 0 { "false" } else { "oui" };
        csv.push_str(&format!(
            "{population},{},{},\"0,{i}5\",ligne {i}\n",
            flag(1),
            flag(2)
        ));
    }
    csv.push_str("95000,true,true,\"0,5\",\"un \"\"commentaire\"\", avec\nun saut\"\n");
    csv.push_str(
        "-5,true,false,0.5,négatif\n95000,peut-être,false,1.5,deux erreurs\n95000,true\r\n",
    );
    // A blank line is no case (at the end: `clause eval` counts lines after one off by one).
    csv.push('\n');
    csv
}

fn dated_batch() -> String {
    let mut csv = String::from(
        "habitants,signature,jusqu_au,lettre_intention,debut.acces_aux_soins,debut.parcours,qualite,debut.qualite,taux_atteinte,taux_atteinte.parcours,deploiement.acces_aux_soins,crises,taux_atteinte.parcours.2\n",
    );
    let signatures = [
        "2019-08-31",
        "2020-02-29",
        "2021-01-31",
        "2021-12-30",
        "2022-06-15",
    ];
    let populations = ["39999", "40000", "80000", "175000", "250000"];
    for (i, signature) in signatures.iter().enumerate() {
        for (j, population) in populations.iter().enumerate() {
            let until = if (i + j) % 3 == 0 { "2024-03-31" } else { "" };
            let letter = if j % 2 == 0 { "2019-05-01" } else { "" };
            let start = if j % 4 == 3 { "" } else { "2022-07-01" };
            let optional = if (i + j) % 2 == 0 { "true" } else { "false" };
            // A deployment or a crisis before the signature, or a crisis that is no date, is an
            // error of the row; crises are listed in one cell (spaces and `|`).
            let deployment = ["2023-06-30", "", "2024-01-31", "", "2019-01-15"][(i + j) % 5];
            let crises = match i * 5 + j {
                7 => "2019-06-01",
                11 => "2021-13-01",
                n if n % 2 == 0 => "2021-03-01|2022-01-15 2023-02-01",
                _ => "",
            };
            let second_year = if i % 2 == 0 { "0.5" } else { "" };
            csv.push_str(&format!(
                "{population},{signature},{until},{letter},{start},2022-09-30,{optional},2023-01-01,0.{j}{i},,{deployment},{crises},{second_year}\n"
            ));
        }
    }
    csv.push_str("95000,2020-02-30,,,,,,,,,,,\n95000,2021-01-01,2020-01-01,,,,,,,,,,\n");
    csv
}

fn node() -> Option<&'static str> {
    required_tool("node", "partie JavaScript")
}

/// A command line around the generated ES module's `evaluateCsv`, writing what the generated
/// Python's `--cases IN --out OUT` writes (and `clause eval --cases`): the errors, the count.
const JS_BATCH: &str = r#"import { evaluateCsv, CaseErrors } from "MODULE";
const [input, output] = process.argv.slice(2);
try {
  const { count, errors } = evaluateCsv(input, output);
  for (const e of errors) process.stderr.write(`erreur : ${input}, ligne ${e.ligne}, colonne \`${e.colonne}\` : ${e.message}\n`);
  const evaluated = `${count} cas évalué${count > 1 ? "s" : ""}`;
  if (errors.length) {
    const lines = new Set(errors.map((e) => e.ligne)).size;
    process.stderr.write(`${evaluated}, ${lines} ligne${lines > 1 ? "s" : ""} en erreur (non évaluées)\n`);
    process.exit(1);
  }
  process.stderr.write(evaluated + "\n");
} catch (error) {
  if (!(error instanceof CaseErrors)) throw error;
  for (const e of error.errors) process.stderr.write(`erreur : ${input}, ligne ${error.headerLine ?? 1} : colonne \`${e.champ}\` : ${e.message}\n`);
  process.exit(1);
}
"#;

#[test]
fn generated_python_and_javascript_batches_equal_clause_eval_cases_byte_for_byte() {
    let (python, node) = (python(), node());
    let dir = dir();
    let mut written = 0;
    // French spreadsheets: `#` notes first, semicolons, decimal commas, a blank line before an
    // error (its line must be the file's).
    let french = format!(
        "# notes\n{}",
        dated_batch()
            .replace(',', ";")
            .replace(";0.", ";0,")
            .replacen("\n95000;2020-02-30", "\n\n95000;2020-02-30", 1)
    );
    for (name, batch) in [
        ("sans_dates", undated_batch()),
        ("dates", dated_batch()),
        ("tableur", french),
    ] {
        let input = dir.join(format!("{name}.csv"));
        std::fs::write(&input, batch).expect("write");
        // avenant_2_proposition_2020's dated rows follow its rules of time (base values before
        // its date of effect, the supplement paid on it).
        for version in [
            "aci_cpts_2019",
            "cpts_projet_2019_01",
            "avenant_2_proposition_2020",
        ] {
            let expected_path = dir.join(format!("{version}_{name}_clause.csv"));
            let engine = clause(&[
                "eval",
                version,
                "--cases",
                input.to_str().expect("path"),
                "--out",
                expected_path.to_str().expect("path"),
            ]);
            let mut runs = Vec::new();
            if let Some(python) = python {
                let module = dir.join(format!("{version}.py"));
                let compiled = clause(&[
                    "compile",
                    version,
                    "--target",
                    "python",
                    "--out",
                    module.to_str().expect("path"),
                ]);
                assert!(compiled.status.success(), "{}", text(&compiled.stderr));
                let got_path = dir.join(format!("{version}_{name}_python.csv"));
                let run = Command::new(python)
                    .args([
                        module.to_str().expect("path"),
                        "--cases",
                        input.to_str().expect("path"),
                        "--out",
                        got_path.to_str().expect("path"),
                    ])
                    .output()
                    .expect("python3 runs");
                runs.push(("Python", run, got_path));
            }
            if let Some(node) = node {
                let module = dir.join(format!("{version}.mjs"));
                let compiled = clause(&[
                    "compile",
                    version,
                    "--target",
                    "javascript",
                    "--out",
                    module.to_str().expect("path"),
                ]);
                assert!(compiled.status.success(), "{}", text(&compiled.stderr));
                let runner = dir.join(format!("lot_{version}.mjs"));
                std::fs::write(
                    &runner,
                    JS_BATCH.replace("MODULE", &format!("./{version}.mjs")),
                )
                .expect("write");
                let got_path = dir.join(format!("{version}_{name}_javascript.csv"));
                let run = Command::new(node)
                    .args([
                        runner.to_str().expect("path"),
                        input.to_str().expect("path"),
                        got_path.to_str().expect("path"),
                    ])
                    .output()
                    .expect("node runs");
                runs.push(("JavaScript", run, got_path));
            }
            for (language, generated, got_path) in runs {
                assert_eq!(
                    generated.status.code(),
                    engine.status.code(),
                    "{language}, {version}, {name}: exit codes\n{}",
                    text(&generated.stderr)
                );
                // The same errors, naming the same lines and columns (progress lines aside).
                let errors = |bytes: &[u8]| -> Vec<String> {
                    text(bytes)
                        .lines()
                        .filter(|l| !l.starts_with('…'))
                        .map(str::to_string)
                        .collect()
                };
                assert_eq!(
                    errors(&generated.stderr),
                    errors(&engine.stderr),
                    "{language}, {version}, {name}: errors"
                );
                // cpts_projet_2019_01 has other missions: its dated batch's header is refused,
                // and neither writes a file (nothing half-written, nothing replaced).
                let (expected, got) = (std::fs::read(&expected_path), std::fs::read(&got_path));
                assert_eq!(
                    expected.is_ok(),
                    got.is_ok(),
                    "{language}, {version}, {name}: output written by one only"
                );
                let (Ok(expected), Ok(got)) = (expected, got) else {
                    continue;
                };
                written += usize::from(expected.len() > 200);
                assert_eq!(
                    text(&got),
                    text(&expected),
                    "{language}, {version}, {name}: CSV differs"
                );
            }
        }
    }
    // Three versions × three batches, but the draft's two dated ones, for each language run.
    let languages = usize::from(python.is_some()) + usize::from(node.is_some());
    assert_eq!(written, 7 * languages, "every batch but two gave rows");
}

/// A contract signed 2020-03-01, before avenant 2's date of effect (4 November 2020): its
/// supplement (75 % × 75 000 € = 56 250 €, taille 3) is paid on the date of effect, the grant of
/// year 1 is the base's, crises are paid from the date of effect only.
const BEFORE_THE_AMENDMENT: &str = r#"{ "entrees": { "habitants": 95000 }, "contrat": { "signature": "2020-03-01",
  "jusqu_au": "2023-06-30", "lettre_intention": "2020-01-10", "crises": ["2020-06-01", "2021-02-01"],
  "missions": { "crise_sanitaire": { "debut": "2020-05-01" }, "parcours": { "debut": "2020-09-01", "atteinte": 0.8 } } } }"#;

#[test]
fn an_amendment_with_dates_of_effect_compiles_to_python_and_javascript_as_clause_eval() {
    let dir = dir();
    let case = dir.join("avant_avenant.json");
    std::fs::write(&case, BEFORE_THE_AMENDMENT).expect("write");
    let engine = clause(&[
        "eval",
        "avenant_2_proposition_2020",
        "--case",
        case.to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert!(engine.status.success(), "{}", text(&engine.stderr));
    let want: serde_json::Value = serde_json::from_slice(&engine.stdout).expect("json");
    // The rules of time are in this answer: the supplement on the date of effect, named from
    // the amendment, and the grant of year 1 from the base.
    let payments = want["versements"].as_array().expect("payments");
    assert!(payments.iter().any(|p| p["ligne"] == "supplement_amorcage"
        && p["date"] == "2020-11-04"
        && p["montant"] == "56250.00"
        && p["version"] == "avenant_2_proposition_2020"));
    assert!(payments
        .iter()
        .any(|p| p["ligne"] == "fonctionnement" && p["version"] == "aci_cpts_2019"));
    let module = dir.join("avenant_2.py");
    let compiled = clause(&[
        "compile",
        "avenant_2_proposition_2020",
        "--target",
        "python",
        "--out",
        module.to_str().expect("path"),
    ]);
    assert!(compiled.status.success(), "{}", text(&compiled.stderr));
    if let Some(python) = python() {
        let run = Command::new(python)
            .args([module.to_str().expect("path"), case.to_str().expect("path")])
            .output()
            .expect("python3 runs");
        assert!(run.status.success(), "{}", text(&run.stderr));
        let got: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
        assert_eq!(got, want, "Python");
    }
    let script = dir.join("avenant_2.mjs");
    let compiled = clause(&[
        "compile",
        "avenant_2_proposition_2020",
        "--target",
        "javascript",
        "--out",
        script.to_str().expect("path"),
    ]);
    assert!(compiled.status.success(), "{}", text(&compiled.stderr));
    let node = Command::new("node")
        .args([
            "--input-type=module",
            "-e",
            &format!(
                "import {{ evaluate }} from {:?}; import {{ readFileSync }} from 'node:fs'; \
                 process.stdout.write(JSON.stringify(evaluate(JSON.parse(readFileSync({:?}, 'utf8')))));",
                format!("file://{}", script.display()),
                case.display().to_string()
            ),
        ])
        .output();
    match node {
        Ok(run) => {
            assert!(run.status.success(), "{}", text(&run.stderr));
            let got: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
            assert_eq!(got, want, "JavaScript");
        }
        Err(_) => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "node est exigé en CI"
            );
            eprintln!("\n!!! node introuvable : partie JavaScript SAUTÉE !!!\n");
        }
    }
}

#[test]
fn sql_compiles_an_amendment_with_dates_of_effect() {
    // Avenant 2 (date of effect 4 November 2020): its base's lines are paid from always, its
    // own from that date, its supplement only to contracts signed before 31 December 2021.
    // The rows equal `clause eval --cases` (codegen/tests/sql.rs, on DuckDB and PostgreSQL).
    let dir = dir();
    for dialect in ["duckdb", "postgres"] {
        let out = dir.join(format!("avenant_2_{dialect}.sql"));
        let compiled = clause(&[
            "compile",
            "avenant_2_proposition_2020",
            "--target",
            "sql",
            "--out",
            out.to_str().expect("path"),
            "--dialect",
            dialect,
        ]);
        assert_eq!(
            compiled.status.code(),
            Some(0),
            "{dialect}: {}",
            text(&compiled.stderr)
        );
        let script = std::fs::read_to_string(&out).expect("script");
        assert!(script.contains("make_date(2020, 11, 4) <= "), "{dialect}");
        assert!(script.contains(">= make_date(2021, 12, 31)"), "{dialect}");
        assert!(
            script.contains(
                "-- période 0 : écrite par cette version, date d'effet de `avenant_2_proposition_2020` (4 novembre 2020) : versée"
            ),
            "{dialect}"
        );
        assert!(
            script.contains("--   réservé aux contrats signés avant le 31 décembre 2021 (agreements/avenant_2_proposition_2020.clause:"),
            "{dialect}"
        );
        assert!(
            script.contains("-- période 0 : écrite par `aci_cpts_2019`, depuis toujours"),
            "{dialect}"
        );
    }
}

#[test]
fn javascript_with_out_writes_the_declarations_beside_the_module() {
    let dir = dir();
    let module = dir.join("aci.mjs");
    let output = clause(&[
        "compile",
        "aci_cpts_2019",
        "--target",
        "javascript",
        "--out",
        module.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let code = std::fs::read_to_string(&module).expect("module");
    assert!(code.contains("export function evaluate(caseObject)"));
    assert!(code.contains("Statut : signé"));
    assert!(code.contains("agreements/aci_cpts_2019.clause:36"));
    let declarations = std::fs::read_to_string(dir.join("aci.d.ts")).expect("declarations");
    assert!(declarations.contains("export declare function evaluate(caseObject: Cas): Resultat;"));
    // Without --out, the module goes to standard output.
    let stdout = clause(&["compile", "aci_cpts_2019", "--target", "python"]);
    assert!(stdout.status.success());
    assert!(text(&stdout.stdout).contains("def evaluate(case):"));
}

#[test]
fn an_unknown_version_is_refused_with_the_known_ones() {
    let output = clause(&["compile", "aci_cpts_2091", "--target", "python"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("aci_cpts_2019"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn sql_is_written_for_duckdb_by_default_and_for_postgresql_on_demand() {
    let duck = clause(&["compile", "aci_cpts_2019", "--target", "sql"]);
    assert_eq!(duck.status.code(), Some(0), "{}", text(&duck.stderr));
    let duck = text(&duck.stdout);
    assert!(duck.contains("CREATE OR REPLACE VIEW resultats AS"));
    assert!(duck.contains("SQL DuckDB") && duck.contains("HUGEINT"));
    let pg = clause(&[
        "compile",
        "aci_cpts_2019",
        "--target",
        "sql",
        "--dialect",
        "postgres",
    ]);
    assert_eq!(pg.status.code(), Some(0), "{}", text(&pg.stderr));
    let pg = text(&pg.stdout);
    assert!(pg.contains("SQL PostgreSQL") && pg.contains("NUMERIC") && !pg.contains("HUGEINT"));
    // Spark SQL: a temporary view per step over the temporary view `cas`, 38-digit decimals.
    let spark = clause(&[
        "compile",
        "aci_cpts_2019",
        "--target",
        "sql",
        "--dialect",
        "spark",
    ]);
    assert_eq!(spark.status.code(), Some(0), "{}", text(&spark.stderr));
    let spark = text(&spark.stdout);
    assert!(spark.contains("SQL Spark SQL") && spark.contains("DECIMAL(38, 0)"));
    assert!(spark.contains("SET spark.sql.ansi.enabled = true;"));
    assert!(spark.contains("CREATE OR REPLACE TEMPORARY VIEW brut AS"));
    assert!(
        spark.contains("CREATE OR REPLACE TEMPORARY VIEW resultats AS")
            && !spark.contains("HUGEINT")
    );
}

#[test]
fn sql_computes_values_from_the_inputs_and_dialect_needs_sql() {
    // ESP's values are computed from the case's inputs, with a condition: written row by row.
    let esp = clause(&["compile", "esp_proposition_2020", "--target", "sql"]);
    assert_eq!(esp.status.code(), Some(0), "{}", text(&esp.stderr));
    let script = text(&esp.stdout);
    assert!(script.contains("valeur plafond_patients"), "{script}");
    assert!(script.contains("condition equipe_minimale"), "{script}");
    let python = clause(&[
        "compile",
        "aci_cpts_2019",
        "--target",
        "python",
        "--dialect",
        "postgres",
    ]);
    assert_eq!(python.status.code(), Some(2));
    assert!(text(&python.stderr).contains("--dialect ne vaut que pour --target sql"));
}
