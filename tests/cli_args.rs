//! The command line itself: French help, usage and errors, the naming rule (one name per format,
//! old French option names kept as hidden aliases), `--color`, `-q`, plurals, and where the
//! agreements are found.

use super::run::{clause, root, text};
use super::{clause_in, scratch};

#[test]
fn help_usage_and_errors_are_in_french() {
    let help = clause(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let shown = text(&help.stdout);
    for french in [
        "Utilisation : clause",
        "Commandes :",
        "Options :",
        "Affiche cette aide",
    ] {
        assert!(shown.contains(french), "{french} missing in {shown}");
    }
    for english in [
        "Usage",
        "Print help",
        "Commands:",
        "[default",
        "possible values",
    ] {
        assert!(!shown.contains(english), "{english} in {shown}");
    }
    // `clause help` and `clause aide` show the same page; `clause help eval`, eval's.
    assert_eq!(clause(&["help"]).stdout, help.stdout);
    assert_eq!(clause(&["aide"]).stdout, help.stdout);
    assert_eq!(
        clause(&["help", "eval"]).stdout,
        clause(&["eval", "--help"]).stdout
    );
    // Every command has a description, `explain` included.
    assert!(
        shown.contains("explain  Explique un code de diagnostic"),
        "{shown}"
    );
    let check_help = text(&clause(&["check", "-h"]).stdout);
    assert!(check_help.contains("Arguments :"), "{check_help}");
    assert!(
        check_help.contains("text (par défaut) ou json"),
        "{check_help}"
    );

    let unknown = clause(&["chek"]);
    assert_eq!(unknown.status.code(), Some(2));
    let error = text(&unknown.stderr);
    assert!(
        error.starts_with("erreur : commande inconnue `chek`\n"),
        "{error}"
    );
    assert!(
        error.contains("aide : vouliez-vous dire `check` ?"),
        "{error}"
    );
    assert!(
        !error.contains("error:") && !error.contains("Usage"),
        "{error}"
    );

    let value = clause(&["check", "--format", "xml"]);
    assert_eq!(value.status.code(), Some(2));
    let error = text(&value.stderr);
    assert!(
        error.contains(
            "valeur `xml` invalide pour --format <FORMAT> ; valeurs possibles : `text`, `json`"
        ),
        "{error}"
    );
    assert!(
        error.contains("Pour en savoir plus : `clause check --help`"),
        "{error}"
    );

    let missing = clause(&["explain"]);
    assert_eq!(missing.status.code(), Some(2));
    let error = text(&missing.stderr);
    assert!(
        error.starts_with("erreur : argument obligatoire manquant : `<CODE>`\n"),
        "{error}"
    );
    assert!(
        error.contains("Pour en savoir plus : `clause explain --help`"),
        "{error}"
    );

    let conflict = clause(&["eval", "--case", "a.json", "--cases", "b.csv"]);
    let error = text(&conflict.stderr);
    assert!(
        error.contains("--case <FICHIER.json> ne se combine pas avec --cases <FICHIER.csv>"),
        "{error}"
    );

    let option = clause(&["diff", "a", "b", "--exitcode"]);
    let error = text(&option.stderr);
    assert!(
        error.contains("option ou argument inattendu `--exitcode`"),
        "{error}"
    );
    assert!(
        error.contains("vouliez-vous dire `--exit-code` ?"),
        "{error}"
    );
}

#[test]
fn every_command_has_a_french_help_page() {
    for command in [
        "check", "test", "explain", "doc", "diff", "build", "eval", "lsp", "fmt",
    ] {
        let output = clause(&[command, "--help"]);
        assert_eq!(output.status.code(), Some(0), "{command}");
        let shown = text(&output.stdout);
        assert!(
            shown.contains(&format!("Utilisation : clause {command}")),
            "{shown}"
        );
        assert!(
            !shown.contains("Usage") && !shown.contains("Print help"),
            "{shown}"
        );
    }
}

#[test]
fn one_name_per_format_and_the_old_french_option_names_still_work_hidden() {
    // `text` everywhere; `human` (check) and `table` (eval) kept as hidden aliases.
    for format in ["text", "human"] {
        let output = clause(&[
            "check",
            "tests/ui/aci_gap_at_80000.clause",
            "--format",
            format,
        ]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(text(&output.stderr).contains("error[E0301]"), "{format}");
    }
    let text_case = clause(&[
        "eval",
        "--case",
        "tests/cases/cpts_95000.json",
        "--format",
        "text",
    ]);
    let table_case = clause(&[
        "eval",
        "--case",
        "tests/cases/cpts_95000.json",
        "--format",
        "table",
    ]);
    assert_eq!(
        text_case.status.code(),
        Some(0),
        "{}",
        text(&text_case.stderr)
    );
    assert_eq!(text_case.stdout, table_case.stdout);
    assert!(text(&text_case.stdout).starts_with("Version : aci_cpts_2019"));
    // `--path` and `--rename`, with `--chemin` and `--renomme` accepted but not advertised.
    let new = clause(&[
        "eval",
        "--case",
        "tests/cases/cpts_95000.json",
        "--path",
        "agreements",
    ]);
    let old = clause(&[
        "eval",
        "--case",
        "tests/cases/cpts_95000.json",
        "--chemin",
        "agreements",
    ]);
    assert_eq!(new.status.code(), Some(0), "{}", text(&new.stderr));
    assert_eq!(new.stdout, old.stdout);
    let folder = scratch("rename");
    let batch = folder.join("lot.csv");
    std::fs::write(&batch, "population\n60000\n").expect("csv");
    let batch = batch.to_str().expect("path");
    let renamed = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        batch,
        "--rename",
        "population=habitants",
    ]);
    let renommee = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        batch,
        "--renomme",
        "population=habitants",
    ]);
    assert_eq!(renamed.status.code(), Some(0), "{}", text(&renamed.stderr));
    assert!(text(&renamed.stdout).contains("60000,aci_cpts_2019,taille_2,"));
    assert_eq!(renamed.stdout, renommee.stdout);
    let _ = std::fs::remove_dir_all(&folder);
    let help = text(&clause(&["eval", "--help"]).stdout);
    assert!(
        help.contains("--path <CHEMIN>") && help.contains("--rename"),
        "{help}"
    );
    assert!(
        !help.contains("--chemin") && !help.contains("--renomme"),
        "{help}"
    );
}

#[test]
fn color_is_chosen_by_color_in_english_or_french() {
    let file = "tests/ui/aci_gap_at_80000.clause";
    for (value, colored) in [
        ("always", true),
        ("toujours", true),
        ("never", false),
        ("jamais", false),
        ("auto", false), // standard error is a pipe here
    ] {
        let output = clause(&["check", file, "--color", value]);
        assert_eq!(output.status.code(), Some(1), "{value}");
        assert_eq!(
            text(&output.stderr).contains("\u{1b}["),
            colored,
            "--color {value}"
        );
    }
}

#[test]
fn quiet_keeps_errors_and_results_only() {
    let out = scratch("quiet");
    let site = out.join("site");
    let output = clause(&["build", "-q", "--out", site.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    assert!(site.join("index.html").is_file());
    // Errors still show.
    let failing = clause(&["check", "-q", "tests/ui/aci_gap_at_80000.clause"]);
    assert!(text(&failing.stderr).contains("error[E0301]"));
    assert!(!text(&failing.stderr).contains("fichier"));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn counts_use_real_plurals() {
    let one = clause(&["check", "agreements/esp_proposition_2020.clause"]);
    let shown = text(&one.stderr);
    assert!(
        shown.ends_with("1 fichier, 1 version vérifiée, 5 exemples : 0 erreur, 0 avertissement\n"),
        "{shown}"
    );
    let out = scratch("plurals");
    let site = out.join("site");
    let build = clause(&["build", "--out", site.to_str().expect("path")]);
    let shown = text(&build.stderr);
    assert!(
        shown.contains("8 avertissements (voir `clause check`)"),
        "{shown}"
    );
    assert!(shown.contains(" : 5 versions, "), "{shown}");
    assert!(!shown.contains("(s)"), "{shown}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn agreements_are_found_upwards_and_outside_a_project_it_is_an_error() {
    // From a subfolder of the project, `../agreements` is used.
    let inside = clause_in(&["check"], &root().join("docs"), &[]);
    assert_eq!(inside.status.code(), Some(0), "{}", text(&inside.stderr));
    assert!(text(&inside.stderr).contains("5 fichiers, 5 versions vérifiées"));
    assert!(text(&inside.stderr).contains("../agreements/cpts_projet_2019_01.clause"));
    // Outside: exit 2 and a French sentence, for every command that reads agreements.
    let outside = scratch("outside");
    for args in [
        vec!["check"],
        vec!["test"],
        vec!["build"],
        vec!["doc", "aci_cpts_2019"],
        vec!["fmt"],
    ] {
        let output = clause_in(&args, &outside, &[]);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            text(&output.stderr)
                .contains("aucun dossier `agreements/` ici ni dans les dossiers parents"),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    assert!(!outside.join("target").exists(), "build wrote nothing");
    let _ = std::fs::remove_dir_all(&outside);
}

#[test]
fn a_single_amendment_is_checked_with_its_base() {
    let output = clause(&["check", "agreements/avenant_2_proposition_2020.clause"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = text(&output.stderr);
    assert!(!shown.contains("E0103"), "{shown}");
    // The base's own warnings are not the amendment's: one file is reported.
    assert!(
        shown.starts_with("1 fichier, 1 version vérifiée"),
        "{shown}"
    );
}
