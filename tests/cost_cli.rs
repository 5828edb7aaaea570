//! `clause cost` (alias `chiffrage`) from the command line: the report's totals equal the sums
//! of `clause eval --cases` for each version on the same file, every format, `--out`, the
//! shipped population, and French errors.

#[path = "support/batch.rs"]
mod batch;
#[path = "support/run.rs"]
mod run;

use run::{clause, root, text};
use rust_decimal::Decimal;
use std::str::FromStr;

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("clause-cost-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// Missions started, optional missions, achievements; every contract signed before the
/// amendment's limit (2021-12-31), so that both versions cost every row.
const POPULATION: &str = "\
id,habitants,signature,debut.acces_aux_soins,debut.parcours,debut.prevention,qualite,debut.qualite,accompagnement,debut.accompagnement,taux_atteinte
A,35000,2019-08-31,2019-12-01,2020-06-30,2020-02-29,true,2020-01-15,false,,0.8
B,95000,2020-02-29,2020-08-01,2021-01-31,2021-02-15,false,,true,2020-12-31,1
C,175000,2021-05-31,2021-11-30,2022-05-30,2022-01-01,true,2021-06-01,true,2021-07-01,0.55
";

fn batch_total(version: &str, cases: &std::path::Path) -> Decimal {
    let output = clause(&["eval", version, "--cases", cases.to_str().expect("path")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    batch::yearly_sum(&text(&output.stdout))
}

#[test]
fn the_totals_equal_the_sums_of_the_batch_evaluation() {
    let cases = temp("population.csv");
    std::fs::write(&cases, POPULATION).expect("write");
    let output = clause(&[
        "cost",
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "--cases",
        cases.to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let total = |side: &str| {
        Decimal::from_str(report[side]["total"].as_str().expect("total")).expect("amount")
    };
    assert_eq!(total("avant"), batch_total("aci_cpts_2019", &cases));
    assert_eq!(
        total("apres"),
        batch_total("avenant_2_proposition_2020", &cases)
    );
    assert_eq!(report["contrats"]["chiffres"], 3);
}

#[test]
fn every_format_and_the_alias() {
    let cases = temp("formats.csv");
    std::fs::write(&cases, POPULATION).expect("write");
    let path = cases.to_str().expect("path");
    for (format, marker) in [
        ("text", "Par année civile"),
        ("md", "## Par ligne de financement"),
        ("html", "<svg"),
        (
            "csv",
            "ligne,contrat,tranche_avant,tranche_apres,total_avant,total_apres,ecart",
        ),
        ("json", "\"plus_grands_ecarts\""),
    ] {
        let output = clause(&[
            "chiffrage",
            "aci_cpts_2019",
            "avenant_2_proposition_2020",
            "--cases",
            path,
            "--format",
            format,
        ]);
        assert!(
            output.status.success(),
            "{format}: {}",
            text(&output.stderr)
        );
        assert!(text(&output.stdout).contains(marker), "{format}");
    }
    // --out writes the file and nothing on standard output.
    let out = temp("rapport.html");
    let output = clause(&[
        "cost",
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "--cases",
        path,
        "--format",
        "html",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    assert!(std::fs::read_to_string(&out)
        .expect("report")
        .starts_with("<!DOCTYPE html>"));
}

#[test]
fn the_shipped_population_is_costed_with_its_assumptions() {
    let output = clause(&[
        "cost",
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "--cases",
        "populations/cpts_france.csv",
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["contrats"]["lignes"], 1000);
    assert_eq!(report["contrats"]["refuses"], 0);
    let assumptions = report["population"]["hypotheses"]
        .as_array()
        .expect("hypotheses");
    assert!(assumptions.iter().any(|h| h
        .as_str()
        .is_some_and(|h| h.contains("Le Quotidien du médecin, 2 juillet 2021"))));
    assert!(root().join("populations/README.md").is_file());
}

#[test]
fn bad_populations_get_french_errors_naming_the_place() {
    let missing = clause(&[
        "cost",
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "--cases",
        "pas_la.csv",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).contains("pas_la.csv"),
        "{}",
        text(&missing.stderr)
    );
    // No column to choose the band.
    let cases = temp("sans_taille.csv");
    std::fs::write(&cases, "id,signature\nA,2020-01-01\n").expect("write");
    let output = clause(&[
        "cost",
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "--cases",
        cases.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("habitants") && stderr.contains("manquante"),
        "{stderr}"
    );
}

#[test]
fn a_population_with_its_assumptions_is_a_batch_too() {
    // `#` lines before the header are comments for `clause eval --cases` as for `clause cost`;
    // an error names the file's real line (5: two comments, the header, A, then B).
    let cases = temp("commentee.csv");
    std::fs::write(
        &cases,
        "# une note\n# une autre\nid,habitants,signature\nA,35000,2020-01-01\nB,abc,2020-01-01\n",
    )
    .expect("write");
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        cases.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stdout).starts_with("id,habitants,signature,"),
        "{}",
        text(&output.stdout)
    );
    let stderr = text(&output.stderr);
    assert!(stderr.contains("ligne 5, colonne `habitants`"), "{stderr}");
    let shipped = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        "populations/cpts_france.csv",
    ]);
    assert!(shipped.status.success(), "{}", text(&shipped.stderr));
    assert_eq!(text(&shipped.stdout).lines().count(), 1001);
}
