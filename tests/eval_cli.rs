//! `clause eval` end to end: the binary on case files and CSV batches, exit codes, errors
//! naming rows and columns, `--at`, and agreement with the OpenFisca harness to the cent.

#[path = "support/run.rs"]
mod run;

use run::{clause, text};
use std::path::{Path, PathBuf};
use std::process::Command;

fn temp(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clause-eval-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write");
    path
}

#[test]
fn a_case_file_gives_json_with_the_payments_and_their_clauses() {
    let output = clause(&["eval", "--case", "tests/cases/cpts_95000.json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["version"], "aci_cpts_2019");
    assert_eq!(json["tranche"], "taille_3");
    let first = &json["versements"][0];
    assert_eq!(first["date"], "2020-03-15");
    assert_eq!(first["ligne"], "fonctionnement");
    assert_eq!(first["nature"], "avance");
    assert_eq!(first["montant"], "56250.00");
    assert!(first["source"]
        .as_str()
        .is_some_and(|s| s.ends_with("aci_cpts_2019.clause:36")));
    // The provenance a reader follows: the citation the documents show for this line.
    assert_eq!(
        first["citations"],
        serde_json::json!([
            "Accord conventionnel interprofessionnel CPTS du 20 juin 2019 : atelier de présentation, \
             CPAM de l’Isère, 24 septembre 2019, diapositive 9"
        ])
    );
    assert!(json["echeances"].as_array().is_some_and(|e| e
        .iter()
        .any(|d| d["mission"] == "prevention" && d["statut"] == "manquée")));
}

#[test]
fn explain_shows_the_chain_behind_each_amount() {
    let output = clause(&[
        "eval",
        "--case",
        "tests/cases/cpts_95000.json",
        "--format",
        "table",
        "--explain",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(
        shown.contains("tranche : habitants = 95 000, dans `taille_3`"),
        "{shown}"
    );
    assert!(shown.contains("287/365 jours"), "{shown}");
    assert!(
        shown.contains("avance : ≈ 25 554,79 € × 75 % = 19 166,10 € (arrondi au centime)"),
        "{shown}"
    );
}

#[test]
fn at_picks_the_signed_version_unless_status_lets_the_proposal_in() {
    let early = temp(
        "early.json",
        r#"{ "entrees": { "habitants": 95000 }, "contrat": { "signature": "2021-06-01", "jusqu_au": "2022-01-01" } }"#,
    );
    let run = |path: &Path, status: Option<&str>| {
        let mut args = vec![
            "eval",
            "--at",
            "2022-03-01",
            "--case",
            path.to_str().expect("path"),
        ];
        if let Some(status) = status {
            args.extend(["--status", status]);
        }
        let output = clause(&args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let json = serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("JSON");
        (json, text(&output.stderr))
    };
    // A proposal in the workspace is not the law: the signed ACI, and the notes say why.
    let (signed, why) = run(&early, None);
    assert_eq!(signed["version"], "aci_cpts_2019");
    assert!(
        why.contains("`avenant_2_proposition_2020` écarté : statut proposé"),
        "{why}"
    );
    assert!(
        why.contains(
            "version en vigueur au 2022-03-01 pour l'accord `aci_cpts_2019` : `aci_cpts_2019`"
        ),
        "{why}"
    );
    // `--status proposé` (ASCII `propose` alike) simulates the negotiation: the proposal,
    // whose supplement (taille 3: 75 % × 75 000 = 56 250 €) reaches a contract signed in 2021.
    for status in ["proposé", "propose"] {
        let (proposed, _) = run(&early, Some(status));
        assert_eq!(proposed["version"], "avenant_2_proposition_2020");
        assert!(proposed["versements"].as_array().is_some_and(|v| v
            .iter()
            .any(|p| p["ligne"] == "supplement_amorcage" && p["montant"] == "56250.00")));
    }
}

#[test]
fn a_contract_outside_a_line_s_eligibility_is_evaluated_without_that_line() {
    // `--case` and `--cases` agree: the contract is evaluated, the reserved line is not paid.
    let late = temp(
        "late-explicit.json",
        r#"{ "entrees": { "habitants": 95000 }, "contrat": { "signature": "2022-02-01", "jusqu_au": "2022-06-01" } }"#,
    );
    let output = clause(&[
        "eval",
        "avenant_2_proposition_2020",
        "--case",
        late.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json = serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("JSON");
    assert!(json["versements"]
        .as_array()
        .is_some_and(|v| v.iter().all(|p| p["ligne"] != "supplement_amorcage")));
    assert!(json["notes"].as_array().is_some_and(|n| n.iter().any(|n| n
        .as_str()
        .is_some_and(|n| n.contains("le réserve aux contrats signés avant le 2021-12-31")))));
    // The batch, on the same contract: year 1 (2022-02-01 → 2023-02-01) holds the operating
    // grant's advance only, 75 % × 75 000 = 56 250 € (no supplement).
    let batch = temp(
        "late.csv",
        "habitants,signature,jusqu_au\n95000,2022-02-01,2022-06-01\n",
    );
    let output = clause(&[
        "eval",
        "avenant_2_proposition_2020",
        "--cases",
        batch.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let rows = text(&output.stdout);
    assert!(
        rows.lines()
            .nth(1)
            .is_some_and(|row| row.contains(",56250.00")),
        "{rows}"
    );
}

#[test]
fn a_bad_case_file_names_its_field_and_exits_1() {
    let bad = temp(
        "bad.json",
        r#"{ "entrees": { "habitants": -3 }, "contrat": { "signature": "2020-01-01", "missions": { "qualité": {} } } }"#,
    );
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--case",
        bad.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let errors = text(&output.stderr);
    assert!(
        errors.contains("`entrees.habitants` : un nombre positif est attendu, pas -3"),
        "{errors}"
    );
    assert!(
        errors
            .contains("`contrat.missions.qualité` : champ inconnu ; vouliez-vous dire `qualite` ?"),
        "{errors}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn nothing_is_unpaid_in_silence() {
    // A case without the input the version declares: an error naming the field, no 0 €.
    let empty = temp("sans_habitants.json", r#"{ "entrees": {} }"#);
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--case",
        empty.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let errors = text(&output.stderr);
    assert!(
        errors.contains(
            "`entrees.habitants` : champ manquant : la version déclare l'entrée `habitants`"
        ),
        "{errors}"
    );
    assert!(output.stdout.is_empty());
    // The same in a batch: a row with the cell empty is in error, the others are evaluated; a
    // batch without the column is refused. 55 doctors: 50 000 € + 45 × 50 000 € / 90 = 75 000 €.
    let csv = temp("ess.csv", "equipe,medecins\nA,55\nB,\n");
    let output = clause(&["eval", "ess_2025", "--cases", csv.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let errors = text(&output.stderr);
    assert!(
        errors.contains(
            "ligne 3, colonne `medecins` : champ manquant : la version déclare l'entrée `medecins`"
        ),
        "{errors}"
    );
    let rows: Vec<String> = text(&output.stdout).lines().map(str::to_string).collect();
    assert_eq!(rows[1], "A,55,ess_2025,,75000.00", "{rows:?}");
    assert_eq!(rows.len(), 2);
    let csv = temp("ess_sans_colonne.csv", "equipe\nA\n");
    let output = clause(&["eval", "ess_2025", "--cases", csv.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr)
            .contains("colonne `medecins` manquante : la version déclare cette entrée"),
        "{}",
        text(&output.stderr)
    );
    // Every line paid nothing has its note, with the reason: `accompagnement` is an optional
    // mission the case does not engage.
    let output = clause(&["eval", "--case", "tests/cases/cpts_95000.json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let notes: Vec<&str> = json["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(
        notes.contains(
            &"`accompagnement` n'est pas versé : la mission `accompagnement` n'est pas engagée"
        ),
        "{notes:?}"
    );
}

#[test]
fn an_unknown_version_is_a_usage_error_with_a_suggestion() {
    let output = clause(&[
        "eval",
        "aci_cpts_2091",
        "--case",
        "tests/cases/cpts_95000.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("vouliez-vous dire `aci_cpts_2019` ?"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_number_that_would_be_rounded_at_reading_is_refused_never_changed() {
    // 29 nines: rust_decimal's `from_str` reads 1 (a full achievement); 31 significant digits:
    // it reads 35 000. Numbers are exact: both cells are refused. Zeros that only pad, past the
    // 28th decimal, change nothing: that row is evaluated as 35 000 inhabitants.
    let csv = temp(
        "precise.csv",
        "habitants,signature,qualite,taux_atteinte\n35000,2020-01-01,true,0.99999999999999999999999999999\n35000.0000000000000000000000000001,2020-01-01,true,1\n35000.000000000000000000000000000000,2020-01-01,true,1\n",
    );
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        csv.to_str().expect("path"),
    ]);
    let errors = text(&output.stderr);
    assert!(
        errors.contains("ligne 2, colonne `taux_atteinte` : un nombre tenu exactement est attendu, pas `0.99999999999999999999999999999` : au plus 28 décimales hors zéros de fin, et moins de 2^96 ≈ 7,9 × 10^28 sans la virgule"),
        "{errors}"
    );
    assert!(
        errors.contains("ligne 3, colonne `habitants` : un nombre tenu exactement est attendu, pas `35000.0000000000000000000000000001` : au plus 28 décimales hors zéros de fin, et moins de 2^96 ≈ 7,9 × 10^28 sans la virgule"),
        "{errors}"
    );
    let rows: Vec<String> = text(&output.stdout).lines().map(str::to_string).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[1].contains(",taille_1,210000.00,"), "{}", rows[1]);
    // A case file says the same of the same texts.
    let case = temp(
        "precise.json",
        r#"{ "entrees": { "habitants": "35000.0000000000000000000000000001" }, "contrat": { "signature": "2020-01-01", "missions": { "qualite": { "atteinte": "0,99999999999999999999999999999" } } } }"#,
    );
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--case",
        case.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let errors = text(&output.stderr);
    assert!(
        errors.contains("`entrees.habitants` : un nombre tenu exactement est attendu, pas le texte \"35000.0000000000000000000000000001\" : au plus 28 décimales hors zéros de fin, et moins de 2^96 ≈ 7,9 × 10^28 sans la virgule"),
        "{errors}"
    );
    assert!(
        errors.contains("`contrat.missions.qualite.atteinte` : un nombre tenu exactement est attendu, pas le texte \"0,99999999999999999999999999999\" : au plus 28 décimales hors zéros de fin, et moins de 2^96 ≈ 7,9 × 10^28 sans la virgule"),
        "{errors}"
    );
    // A JSON number it would round (29 decimals) too; a text that is no number keeps the
    // field's words.
    let case = temp(
        "precise_number.json",
        r#"{ "entrees": { "habitants": "beaucoup" }, "contrat": { "signature": "2020-01-01", "missions": { "qualite": { "atteinte": 1.5e-28 } } } }"#,
    );
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--case",
        case.to_str().expect("path"),
    ]);
    let errors = text(&output.stderr);
    assert!(
        errors.contains(
            "`entrees.habitants` : un nombre entier est attendu, pas le texte \"beaucoup\""
        ),
        "{errors}"
    );
    assert!(
        errors.contains("`contrat.missions.qualite.atteinte` : un nombre tenu exactement est attendu, pas `1.5e-28` : au plus 28 décimales"),
        "{errors}"
    );
}

#[test]
fn a_batch_reports_bad_rows_with_line_and_column_and_evaluates_the_others() {
    let csv = temp(
        "batch.csv",
        "habitants,signature,qualite,taux_atteinte\n35000,2020-01-01,true,1\n-4,2020-01-01,false,1\n95000,2020-13-01,false,0.5\n200000,,maybe,2\n60000,,false,0.5\n",
    );
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        csv.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let errors = text(&output.stderr);
    assert!(
        errors.contains(
            "ligne 3, colonne `habitants` : un nombre entier positif est attendu, pas `-4`"
        ),
        "{errors}"
    );
    assert!(
        errors.contains("ligne 4, colonne `signature` : date invalide `2020-13-01`"),
        "{errors}"
    );
    assert!(
        errors.contains("ligne 5, colonne `qualite` : `true` ou `false` est attendu, pas `maybe`"),
        "{errors}"
    );
    assert!(
        errors.contains("ligne 5, colonne `taux_atteinte` : le taux d'atteinte 2 sort de [0, 1]"),
        "{errors}"
    );
    let rows: Vec<String> = text(&output.stdout).lines().map(str::to_string).collect();
    assert_eq!(rows[0], "habitants,signature,qualite,taux_atteinte,version,tranche,financement_annee_pleine,annee_1,annee_2,annee_3,annee_4,annee_5");
    // Row 1: taille 1, every mission at full achievement with qualité: 50 000 + 40 000 + 35 000
    // + 50 000 + 20 000 + 15 000 = 210 000 € (accompagnement not engaged). No mission has
    // started, so year 1 pays the operating grant only: 50 000 €.
    assert_eq!(rows[1], "35000,2020-01-01,true,1,aci_cpts_2019,taille_1,210000.00,50000.00,50000.00,50000.00,50000.00,50000.00");
    // Row 5 (no signature): taille 2 at 50 %: 60 000 + (47 000 + 45 000 + 70 000 + 30 000) × 0.75
    // = 60 000 + 144 000 = 204 000 €.
    assert_eq!(
        rows[2],
        "60000,,false,0.5,aci_cpts_2019,taille_2,204000.00,,,,,"
    );
    assert_eq!(rows.len(), 3);
}

#[test]
fn csv_fr_gives_the_french_spreadsheet_dialect() {
    // A comma-separated input with a quoted decimal comma: the output is re-spelled with
    // semicolons, decimal commas and a BOM; the default keeps the input's commas and dots.
    let csv = temp(
        "batch-fr.csv",
        "habitants,signature,qualite,taux_atteinte\n60000,,false,\"0,5\"\n",
    );
    let path = csv.to_str().expect("path");
    let output = clause(&["eval", "aci_cpts_2019", "--cases", path, "--csv-fr"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    let mut rows = shown.lines();
    assert_eq!(
        rows.next(),
        Some("\u{feff}habitants;signature;qualite;taux_atteinte;version;tranche;financement_annee_pleine;annee_1;annee_2;annee_3;annee_4;annee_5")
    );
    // Taille 2 at 50 %: 60 000 + (47 000 + 45 000 + 70 000 + 30 000) × 0.75 = 204 000 €.
    assert_eq!(
        rows.next(),
        Some("60000;;false;0,5;aci_cpts_2019;taille_2;204000,00;;;;;")
    );
    let plain = clause(&["eval", "aci_cpts_2019", "--cases", path]);
    assert!(text(&plain.stdout).contains("60000,,false,\"0,5\",aci_cpts_2019,taille_2,204000.00,"));
}

#[path = "support/openfisca.rs"]
mod openfisca;

#[test]
fn the_batch_equals_the_openfisca_harness_to_the_cent_on_every_row() {
    let harness = openfisca::harness();
    assert!(
        harness.exists(),
        "the OpenFisca harness is expected at {}",
        harness.display()
    );
    let cases = std::env::temp_dir().join(format!("clause-openfisca-{}.csv", std::process::id()));
    let export = Command::new(openfisca::python())
        .arg(&harness)
        .args(["--sizes", "20000", "--export-csv"])
        .arg(&cases)
        .output()
        .expect("bench.py runs");
    assert!(export.status.success(), "{}", text(&export.stderr));
    let out = cases.with_extension("out.csv");
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        cases.to_str().expect("path"),
        "--rename",
        "population=habitants",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let result = std::fs::read_to_string(&out).expect("output");
    let mut lines = result.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let expected = header
        .iter()
        .position(|h| *h == "total_funding")
        .expect("total_funding column");
    let computed = header
        .iter()
        .position(|h| *h == "financement_annee_pleine")
        .expect("financement_annee_pleine column");
    let mut rows = 0;
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields[expected], fields[computed], "row {line}");
        rows += 1;
    }
    assert_eq!(rows, 20_000);
}

#[test]
fn under_dates_ambigues_erreur_eval_refuses_a_case_needing_an_ambiguous_date_and_exits_1() {
    let agreement = temp(
        "strict.clause",
        r#"accord strict_2024 "Strict" {
  statut signé
  signé le 2024-01-01
  durée du contrat 1 an
  source "essai"
  dates ambiguës : erreur
  entrée habitants "Habitants" : nombre
  tranches taille selon habitants {
    unique "Unique" : à partir de 0
  }
  enveloppe fonctionnement "Fonctionnement" par taille [1 000 €]
    versement chaque année
}
"#,
    );
    // Signed on 29 February 2024: the contract's end, 1 year later, would be 29 February 2025.
    let case = temp(
        "strict.json",
        r#"{ "entrees": { "habitants": 10 }, "contrat": { "signature": "2024-02-29" } }"#,
    );
    let run = |case: &Path| {
        clause(&[
            "eval",
            "strict_2024",
            "--path",
            agreement.to_str().expect("path"),
            "--case",
            case.to_str().expect("path"),
        ])
    };
    let output = run(&case);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let errors = text(&output.stderr);
    assert!(
        errors.contains("2024-02-29 + 1 an tombe le 29 février 2025, qui n'existe pas"),
        "{errors}"
    );
    assert!(output.stdout.is_empty());
    // Signed on the 28th: every date exists, the case is evaluated.
    let fine = temp(
        "fine.json",
        r#"{ "entrees": { "habitants": 10 }, "contrat": { "signature": "2024-02-28" } }"#,
    );
    let output = run(&fine);
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn a_set_input_is_written_in_one_cell_of_a_batch() {
    // `equipe` (ensemble de profession) as its names separated by `|`, spaces allowed around
    // them. 120 patients, patientèle 2 000: ceiling floor(20 % × 2 000) = 400, forfait
    // 20 € × min(120, 400) = 2 400 €; without pharmacien the case is not eligible (no funding);
    // an unknown name is refused with the list of the values.
    let csv = temp(
        "esp.csv",
        "patients_coordonnes,patientele_mt,equipe\n\
         120,2000,medecin_generaliste|infirmier|pharmacien\n\
         120,2000, pharmacien | infirmier|medecin_generaliste|pharmacien \n\
         120,2000,medecin_generaliste|infirmier\n\
         120,2000,medecin_generaliste|infirmir\n",
    );
    let output = clause(&[
        "eval",
        "esp_proposition_2020",
        "--cases",
        csv.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let rows: Vec<String> = text(&output.stdout).lines().map(str::to_string).collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(
        rows[1].ends_with(",esp_proposition_2020,,2400.00"),
        "{rows:?}"
    );
    assert!(
        rows[2].ends_with(",esp_proposition_2020,,2400.00"),
        "{rows:?}"
    );
    assert!(rows[3].ends_with(",esp_proposition_2020,,"), "{rows:?}");
    assert!(
        text(&output.stderr).contains(
            "ligne 5, colonne `equipe` : `infirmir` n'est pas une valeur de `profession` ; valeurs possibles : medecin_generaliste, infirmier, pharmacien, masseur_kinesitherapeute, autre"
        ),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn both_batch_readers_give_the_same_output_on_the_same_file() {
    // A first chunk (256 KiB) without quotes or carriage returns, which the plain reader cuts
    // with memchr: blank lines, short and long rows, empty cells, a bad row. Then rows quoted
    // and ending in CRLF, which only the csv crate reads.
    let mut csv = String::from("habitants,signature,qualite,taux_atteinte\n");
    let plain = [
        "35000,2020-01-01,true,1",
        "",
        "60000,,false,0.5",
        "95000,2021-03-31",
        "200000,2019-06-30,true,0.75,en trop,encore",
        "-4,2020-01-01,false,1",
        "",
        "",
        "12000,2020-02-29,false,",
        "150000,2021-12-31,true,0.33",
    ];
    while csv.len() < 300_000 {
        for line in plain {
            csv.push_str(line);
            csv.push('\n');
        }
    }
    for line in [
        "\"35000\",\"2020-01-01\",true,1\r\n",
        "\r\n",
        "80000,2020-12-31,false,0.9\r\n",
        "\"1,5\",2020-01-01,true,1\n",
        "\n",
        "70000,\"2021-01-31\"\r\n",
        "\"45000\",2019-11-30,\"true\",\"0.25\",\"de trop\"\n",
        "52000,2020-08-31,false,0.6",
    ] {
        csv.push_str(line);
    }
    let path = temp("both_readers.csv", &csv);
    let path = path.to_str().expect("path");
    let run = |reader: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_clause"));
        command
            .args(["eval", "aci_cpts_2019", "--cases", path])
            .current_dir(run::root())
            .env("NO_COLOR", "1")
            .env_remove("CLAUSE_LECTEUR");
        if let Some(reader) = reader {
            command.env("CLAUSE_LECTEUR", reader);
        }
        command.output().expect("clause runs")
    };
    let (plain, csv_crate) = (run(None), run(Some("csv")));
    assert_eq!(plain.status.code(), Some(1), "{}", text(&plain.stderr));
    assert_eq!(plain.status.code(), csv_crate.status.code());
    assert_eq!(text(&plain.stderr), text(&csv_crate.stderr));
    assert!(
        text(&plain.stdout) == text(&csv_crate.stdout),
        "the plain reader's output differs from the csv crate's"
    );
    // Evaluated rows and blank lines as the csv crate copies them, and the line numbers of
    // the bad rows past the first chunk.
    let out = text(&plain.stdout);
    assert!(out.contains("\n35000,2020-01-01,true,1,aci_cpts_2019,taille_1,210000.00,50000.00,"));
    assert!(out.contains("\n\n60000,,false,0.5,aci_cpts_2019,taille_2,204000.00,"));
    assert!(out.contains("\n\"35000\",\"2020-01-01\",true,1,aci_cpts_2019,taille_1,"));
    assert!(out.ends_with(
        "\n52000,2020-08-31,false,0.6,aci_cpts_2019,taille_2,213600.00,60000.00,60000.00,60000.00,60000.00,60000.00\n"
    ));
    let errors = text(&plain.stderr);
    assert!(errors.contains("colonne `habitants` : un nombre entier positif est attendu, pas `-4`"));
    assert!(
        errors.contains("colonne `habitants` : un nombre entier positif est attendu, pas `1,5`"),
        "{errors}"
    );
}
