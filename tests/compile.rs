//! `clause compile` end to end: the generated Python's `evaluate_csv` writes, byte for byte,
//! what `clause eval VERSION --cases` writes (quoted fields, rows in error left out, the same
//! errors), on the fast path (no dates) and on dated rows; the JavaScript comes with its `.d.ts`.

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

/// `python3`, required in CI (`CI=true`); elsewhere its absence skips loudly.
fn python() -> Option<&'static str> {
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "python3 est exigé en CI"
        );
        eprintln!("\n!!! python3 introuvable : test SAUTÉ !!!\n");
        return None;
    }
    Some("python3")
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
        "habitants,signature,jusqu_au,lettre_intention,debut.acces_aux_soins,debut.parcours,qualite,debut.qualite,taux_atteinte,taux_atteinte.parcours\n",
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
            csv.push_str(&format!(
                "{population},{signature},{until},{letter},{start},2022-09-30,{optional},2023-01-01,0.{j}{i},\n"
            ));
        }
    }
    csv.push_str("95000,2020-02-30,,,,,,,,\n95000,2021-01-01,2020-01-01,,,,,,,\n");
    csv
}

#[test]
fn generated_python_batches_equal_clause_eval_cases_byte_for_byte() {
    let Some(python) = python() else { return };
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
        // avenant_2_proposition_2020 is refused (its dates of effect are not generated yet:
        // `an_amendment_with_a_date_of_effect_is_refused_by_every_target`).
        for version in ["aci_cpts_2019", "cpts_projet_2019_01"] {
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
            let expected_path = dir.join(format!("{version}_{name}_clause.csv"));
            let engine = clause(&[
                "eval",
                version,
                "--cases",
                input.to_str().expect("path"),
                "--out",
                expected_path.to_str().expect("path"),
            ]);
            let got_path = dir.join(format!("{version}_{name}_python.csv"));
            let generated = Command::new(python)
                .args([
                    module.to_str().expect("path"),
                    "--cases",
                    input.to_str().expect("path"),
                    "--out",
                    got_path.to_str().expect("path"),
                ])
                .output()
                .expect("python3 runs");
            assert_eq!(
                generated.status.code(),
                engine.status.code(),
                "{version}, {name}: exit codes\n{}",
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
                "{version}, {name}: errors"
            );
            // cpts_projet_2019_01 has other missions: its dated batch's header is refused, and
            // neither writes a file (nothing half-written, nothing replaced).
            let (expected, got) = (std::fs::read(&expected_path), std::fs::read(&got_path));
            assert_eq!(
                expected.is_ok(),
                got.is_ok(),
                "{version}, {name}: output written by one only"
            );
            let (Ok(expected), Ok(got)) = (expected, got) else {
                continue;
            };
            written += usize::from(expected.len() > 200);
            assert_eq!(
                text(&got),
                text(&expected),
                "{version}, {name}: CSV differs"
            );
        }
    }
    assert_eq!(
        written, 4,
        "every batch but two (dated, for the draft) gave rows"
    );
}

#[test]
fn an_amendment_with_a_date_of_effect_is_refused_by_every_target() {
    // Before its date of effect (4 November 2020), avenant 2 pays its base's values: not yet in
    // the generated code, so no target is written rather than one that differs from `clause eval`.
    let dir = dir();
    for (target, dialect) in [
        ("python", None),
        ("javascript", None),
        ("sql", Some("duckdb")),
        ("sql", Some("postgres")),
    ] {
        let out = dir.join(format!("avenant_2_{target}_{}.txt", dialect.unwrap_or("")));
        let mut args = vec![
            "compile",
            "avenant_2_proposition_2020",
            "--target",
            target,
            "--out",
            out.to_str().expect("path"),
        ];
        if let Some(dialect) = dialect {
            args.extend(["--dialect", dialect]);
        }
        let refused = clause(&args);
        assert_eq!(refused.status.code(), Some(2), "{target}");
        assert_eq!(
            text(&refused.stderr).trim_end(),
            "erreur : la version `avenant_2_proposition_2020` ne peut pas encore être compilée : \
             elle modifie `aci_cpts_2019` avec effet au 4 novembre 2020 (valeurs de la base avant \
             sa date d'effet, lignes ajoutées versées à partir d'elle) ; les évaluateurs générés, \
             qui doivent rendre exactement ce que rend `clause eval`, ne reproduisent pas encore \
             ces règles de temps : évaluez-la avec `clause eval avenant_2_proposition_2020`",
            "{target}"
        );
        assert!(refused.stdout.is_empty());
        assert!(!out.exists(), "{target}: nothing written");
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
    assert!(code.contains("agreements/aci_cpts_2019.clause:31"));
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
}

#[test]
fn sql_refuses_what_it_cannot_compute_and_dialect_without_sql() {
    // ESP's values are computed from the case's inputs: not written in SQL yet.
    let esp = clause(&["compile", "esp_proposition_2020", "--target", "sql"]);
    assert_eq!(esp.status.code(), Some(2));
    assert!(
        text(&esp.stderr).contains("--target python"),
        "{}",
        text(&esp.stderr)
    );
    assert!(esp.stdout.is_empty());
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
