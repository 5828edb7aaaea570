//! `clause check`, `clause test` and `clause explain` as a user runs them: output, JSON shape,
//! exit codes (0 clean, 1 problems found, 2 usage or file errors).

#[path = "support/run.rs"]
mod run;

use run::{clause, root, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[test]
fn check_on_the_shipped_agreements_exits_0_with_only_the_drafts_warnings() {
    let output = clause(&["check", "agreements/"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = text(&output.stderr);
    assert!(
        shown.ends_with(
            "5 fichiers, 5 versions vérifiées, 25 exemples : 0 erreur, 8 avertissements\n"
        ),
        "{shown}"
    );
    assert!(!shown.contains("error["), "{shown}");
}

#[test]
fn check_reports_a_gap_with_its_code_exact_value_and_exit_1() {
    let output = clause(&["check", "tests/ui/aci_gap_at_80000.clause"]);
    assert_eq!(output.status.code(), Some(1));
    let shown = text(&output.stderr);
    assert!(
        shown.contains("error[E0301]: de 79 000 à 79 999 : aucune tranche"),
        "{shown}"
    );
}

#[test]
fn check_json_gives_code_location_fix_and_counts() {
    let output = clause(&[
        "check",
        "tests/ui/aci_overlap_at_80000.clause",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(json["errors"], 1);
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["code"], "E0302");
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(
        diagnostic["message"],
        "80 000 est dans `taille_2` et `taille_3`"
    );
    assert_eq!(
        diagnostic["location"]["file"],
        "tests/ui/aci_overlap_at_80000.clause"
    );
    assert_eq!(diagnostic["location"]["line"], 26);
    assert_eq!(
        diagnostic["fix"]["edits"][0]["replacement"],
        "de 40 000 à moins de 80 000"
    );
}

#[test]
fn check_json_locates_labels_in_each_file_of_a_workspace() {
    // The amendment adds `fonctionnement`, which its base already has: the primary label is in
    // the amendment, the secondary one in the base, each at its own line and column.
    let output = clause(&[
        "check",
        "tests/ui/amendment_add_existing",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["code"], "E0702");
    let primary = &diagnostic["location"];
    assert_eq!(
        primary["file"],
        "tests/ui/amendment_add_existing/avenant.clause"
    );
    assert_eq!(
        (primary["line"].clone(), primary["column"].clone()),
        (9.into(), 20.into())
    );
    let secondary = &diagnostic["secondary"][0]["location"];
    assert_eq!(
        secondary["file"],
        "tests/ui/amendment_add_existing/base.clause"
    );
    assert_eq!(
        (secondary["line"].clone(), secondary["column"].clone()),
        (16.into(), 13.into())
    );
}

#[test]
fn check_on_a_missing_path_or_invalid_utf8_is_a_file_error_exit_2() {
    let output = clause(&["check", "no/such/folder"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("no/such/folder : fichier ou dossier introuvable"),
        "{}",
        text(&output.stderr)
    );
    let bad = std::env::temp_dir().join(format!("clause-cli-{}.clause", std::process::id()));
    std::fs::write(&bad, b"accord a \"\xff\" {}").expect("write");
    let output = clause(&["check", bad.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("n'est pas en UTF-8 valide (octet 10)"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn test_runs_every_example_and_closes_with_the_count() {
    let output = clause(&["test", "agreements/"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(
        shown.contains("ok     esp_proposition_2020 › 300 patients (exemple de la séance 3)"),
        "{shown}"
    );
    assert!(
        shown
            .lines()
            .last()
            .is_some_and(|l| l == "25 exemples réussis, 0 en échec"),
        "{shown}"
    );
}

#[test]
fn test_reports_a_failing_example_and_exits_1() {
    let output = clause(&["test", "tests/ui/esp_wrong_example.clause"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stdout)
            .contains("ÉCHEC  esp_proposition_2020 › 300 patients (exemple de la source 002)"),
        "{}",
        text(&output.stdout)
    );
    assert!(
        text(&output.stderr).contains("`forfait_annuel` vaut 6 000 €, l'exemple annonce 5 000 €"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn explain_prints_the_documented_page_or_lists_the_codes() {
    let output = clause(&["explain", "e0302"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output.stdout).starts_with("# E0302 — tranches qui se chevauchent"),
        "{}",
        text(&output.stdout)
    );
    let output = clause(&["explain", "E9999"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("code inconnu `E9999`"));
}

#[path = "cli_args.rs"]
mod args;
#[test]
fn a_broken_draft_beside_a_clean_base_blocks_only_itself() {
    // The draft revalues `fonctionnement`: the base's `vérifier` and `attendu` fail in the
    // draft alone. The base stays clean: documented, compared, published.
    let folder = "tests/ui/amendment_breaks_base_check";
    let check = clause(&["check", folder]);
    assert_eq!(check.status.code(), Some(1));
    let shown = text(&check.stderr);
    assert!(
        shown.contains("error[E0602]: version `brouillon_2025` : vérification"),
        "{shown}"
    );
    assert!(shown.contains("avenant.clause:10:22"), "{shown}");
    let doc = clause(&["doc", "aci_cpts_2019", "--path", folder]);
    assert_eq!(doc.status.code(), Some(0), "{}", text(&doc.stderr));
    assert!(text(&doc.stdout).contains("Financement total maximum"));
    let draft = clause(&["doc", "brouillon_2025", "--path", folder]);
    assert_eq!(draft.status.code(), Some(1));
    assert!(text(&draft.stderr).contains("erreur : la version `brouillon_2025` a "));
    let out = scratch("build-broken-draft");
    let site = out.join("site");
    let build = clause(&["build", folder, "--out", site.to_str().expect("path")]);
    assert_eq!(build.status.code(), Some(1));
    let shown = text(&build.stderr);
    assert!(
        shown.contains("erreur : 1 version en erreur, non écrite : `brouillon_2025`"),
        "{shown}"
    );
    assert!(site.join("aci_cpts_2019").is_dir(), "{shown}");
    assert!(!site.join("brouillon_2025").exists(), "{shown}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_revaluation_of_every_line_by_5_percent_is_checked_documented_and_compared() {
    let file = "tests/amendments/revalorisation_5_pourcent.clause";
    let text_of = std::fs::read_to_string(root().join(file)).expect("file");
    assert!(text_of.lines().count() < 10, "{text_of}");
    let check = clause(&["check", file]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    // 50 000 € × 1,05 = 52 500 € ; 47 000 € × 1,05 = 49 350 € : every line keeps its payment
    // rule (the yearly advance of 75 % of 52 500 € is 39 375 €).
    let doc = clause(&["doc", file, "--format", "md"]);
    assert_eq!(doc.status.code(), Some(0), "{}", text(&doc.stderr));
    // Documents group thousands with narrow no-break spaces: compared with plain ones.
    let plain = |bytes: &[u8]| text(bytes).replace(['\u{202f}', '\u{a0}'], " ");
    let shown = plain(&doc.stdout);
    // The base named by its title, not its identifier (a published page names no identifier).
    assert!(shown.contains("montant de « Accord conventionnel interprofessionnel CPTS » +5 %, arrondi* | 52 500 € | 63 000 € | 78 750 € | 94 500 €"), "{shown}");
    assert!(
        shown.contains("| 42 000 € | 49 350 € | 68 250 € | 84 000 €"),
        "{shown}"
    );
    let diff = clause(&["diff", "aci_cpts_2019", file, "--format", "md"]);
    assert_eq!(diff.status.code(), Some(0), "{}", text(&diff.stderr));
    let shown = plain(&diff.stdout);
    assert!(shown.contains("+5 %"), "{shown}");
    assert!(
        shown.contains("50 000 €") && shown.contains("52 500 €"),
        "{shown}"
    );
    // The payment rules are the base's: the advance at signature is 75 % of the new amount.
    let case = std::env::temp_dir().join(format!("clause-revalue-{}.json", std::process::id()));
    std::fs::write(
        &case,
        r#"{ "entrees": { "habitants": 35000 }, "contrat": { "signature": "2026-01-01" } }"#,
    )
    .expect("case");
    let eval = clause(&["eval", file, "--case", case.to_str().expect("path")]);
    assert_eq!(eval.status.code(), Some(0), "{}", text(&eval.stderr));
    let json: serde_json::Value = serde_json::from_slice(&eval.stdout).expect("JSON");
    let first = &json["versements"][0];
    assert_eq!(first["ligne"], "fonctionnement");
    assert_eq!(first["montant"], "39375.00");
    let _ = std::fs::remove_file(&case);
}

#[path = "cli_io.rs"]
mod io;

/// `clause` run in `folder` with extra environment variables.
pub fn clause_in(args: &[&str], folder: &Path, env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("clause runs")
}

/// A fresh empty folder for one test, under the system's temporary folder.
pub fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("clause-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("scratch folder");
    folder
}
