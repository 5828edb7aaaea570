//! What the commands read and write: closed pipes, `--out` as a file or a folder, files
//! replaced atomically, tables never joined on standard output, input errors in French with
//! line and column (JSON, CSV), CSV separators and decimal commas, examples run by `check`
//! and refused by `build`, `diff --exit-code` and the terminal's width.

use super::run::{clause, root, text};
use super::{clause_in, scratch};
use std::process::{Command, Stdio};

/// Runs `clause` with its standard output closed before it writes anything: the reading end
/// of the pipe is dropped as soon as the process starts.
fn with_closed_stdout(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("clause starts");
    drop(child.stdout.take());
    child.wait_with_output().expect("clause ends")
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let batch = scratch("pipe").join("lot.csv");
    let mut rows = String::from("habitants\n");
    for i in 0..20_000 {
        rows.push_str(&format!("{}\n", 10_000 + i));
    }
    std::fs::write(&batch, rows).expect("batch");
    let batch = batch.to_str().expect("path");
    let commands: Vec<Vec<&str>> = vec![
        vec!["check", "--format", "json"],
        vec!["test"],
        vec!["explain", "E0302"],
        vec!["doc", "aci_cpts_2019", "--format", "html"],
        vec!["diff", "aci_cpts_2019", "avenant_2_proposition_2020"],
        vec!["eval", "--case", "tests/cases/cpts_95000.json"],
        vec!["eval", "aci_cpts_2019", "--cases", batch],
        vec!["fmt", "--check", "tests/ui"],
        vec!["--help"],
    ];
    for args in commands {
        let output = with_closed_stdout(&args);
        let stderr = text(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0 | 141)),
            "{args:?}: {:?} {stderr}",
            output.status
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

#[test]
fn out_names_a_file_for_one_document_and_a_folder_for_several() {
    let out = scratch("out");
    // One document: `--out` is the file.
    let file = out.join("doc.html");
    let output = clause(&[
        "doc",
        "aci_cpts_2019",
        "--format",
        "html",
        "--out",
        file.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(file.is_file(), "doc.html is a file");
    assert!(std::fs::read_to_string(&file)
        .expect("html")
        .contains("<html"));
    assert!(output.stdout.is_empty());
    // An existing folder receives the document under its usual name.
    let folder = out.join("dossier");
    std::fs::create_dir_all(&folder).expect("folder");
    let output = clause(&[
        "doc",
        "aci_cpts_2019",
        "--out",
        folder.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(folder.join("aci_cpts_2019.md").is_file());
    // Several tables: `--out` is a folder, one file per table.
    let tables = out.join("tables");
    let output = clause(&[
        "doc",
        "aci_cpts_2019",
        "--format",
        "csv",
        "--out",
        tables.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    for name in [
        "aci_cpts_2019-financement.csv",
        "aci_cpts_2019-calendrier.csv",
    ] {
        assert!(tables.join(name).is_file(), "{name}");
    }
    // Never two tables joined on standard output.
    let joined = clause(&["doc", "aci_cpts_2019", "--format", "csv"]);
    assert_eq!(joined.status.code(), Some(2));
    assert!(joined.stdout.is_empty());
    assert!(
        text(&joined.stderr).contains("`--out DOSSIER`"),
        "{}",
        text(&joined.stderr)
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn eval_out_replaces_the_file_atomically_with_what_stdout_would_show() {
    let out = scratch("eval-out");
    let file = out.join("resultat.json");
    std::fs::write(&file, "ancien contenu, plus long que rien du tout").expect("old");
    let args = ["eval", "--case", "tests/cases/cpts_95000.json"];
    let printed = clause(&args);
    let written = clause(&[&args[..], &["--out", file.to_str().expect("path")]].concat());
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read(&file).expect("written"), printed.stdout);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = std::fs::remove_dir_all(&out);
}

/// `--out` naming what is not a regular file is written into, never replaced: a named pipe gets
/// the text and stays a pipe, `/dev/null` stays the device (a rename over it, as root, had left
/// a regular file in its place), a symbolic link stays a link and its target gets the text,
/// missing folders are made — for a case (`write_file`) and for a batch (its streamed output).
#[test]
fn out_writes_into_a_pipe_a_device_or_a_link_and_never_replaces_them() {
    use std::os::unix::fs::FileTypeExt;
    let out = scratch("out-special");
    let batch = out.join("lot.csv");
    std::fs::write(&batch, "habitants\n12000\n95000\n").expect("batch");
    let batch = batch.to_str().expect("path");
    let case = ["eval", "--case", "tests/cases/cpts_95000.json"];
    let lot = ["eval", "aci_cpts_2019", "--cases", batch];
    for args in [&case[..], &lot[..]] {
        let printed = clause(args).stdout;
        assert!(!printed.is_empty());
        let with_out = |path: &std::path::Path| {
            let written = clause(&[args, &["--out", path.to_str().expect("path")]].concat());
            assert_eq!(
                written.status.code(),
                Some(0),
                "{args:?} {}",
                text(&written.stderr)
            );
        };

        // A named pipe, read by a thread while the command writes (a pipe replaced by a file
        // would never be written: the wait is bounded).
        let pipe = out.join("tube");
        let _ = std::fs::remove_file(&pipe);
        let made = Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .expect("mkfifo runs");
        assert!(made.success(), "mkfifo {}", pipe.display());
        let (sender, received) = std::sync::mpsc::channel();
        let reading = pipe.clone();
        std::thread::spawn(move || sender.send(std::fs::read(reading).expect("the pipe read")));
        with_out(&pipe);
        let read = received
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the pipe was written and closed");
        assert_eq!(read, printed, "{args:?}");
        let kind = std::fs::symlink_metadata(&pipe).expect("pipe").file_type();
        assert!(kind.is_fifo(), "{args:?}: the pipe was replaced");

        // The null device, when the machine has one.
        let null = std::path::Path::new("/dev/null");
        if std::fs::symlink_metadata(null).is_ok_and(|m| m.file_type().is_char_device()) {
            with_out(null);
            let kind = std::fs::symlink_metadata(null)
                .expect("/dev/null")
                .file_type();
            assert!(kind.is_char_device(), "{args:?}: /dev/null was replaced");
        }

        // A symbolic link to a file: the link kept, its target replaced.
        let target = out.join("cible.txt");
        std::fs::write(&target, "ancien contenu").expect("target");
        let link = out.join("lien.txt");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).expect("link");
        with_out(&link);
        let kind = std::fs::symlink_metadata(&link).expect("link").file_type();
        assert!(kind.is_symlink(), "{args:?}: the link was replaced");
        assert_eq!(std::fs::read(&target).expect("target"), printed, "{args:?}");

        // A path in folders that do not exist yet: they are made.
        let nested = out.join("nouveau").join("dossier").join("resultat");
        let _ = std::fs::remove_dir_all(out.join("nouveau"));
        with_out(&nested);
        assert_eq!(std::fs::read(&nested).expect("nested"), printed, "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_malformed_case_is_a_french_error_with_line_and_column() {
    let folder = scratch("json");
    let case = folder.join("cas.json");
    // The trailing comma ends line 2 at column 24; serde reports the `}` after it, line 3 col 1.
    std::fs::write(&case, "{\n  \"entrees\": { \"habitants\": 95000 },\n}\n").expect("case");
    let path = case.to_str().expect("path");
    for args in [
        vec!["eval", "--case", path],
        vec!["eval", "aci_cpts_2019", "--case", path],
    ] {
        let output = clause(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let error = text(&output.stderr);
        assert!(
            error.contains(&format!("erreur : {path} : JSON invalide ligne 3, colonne 1 : virgule en trop avant la fermeture")),
            "{args:?}: {error}"
        );
        assert!(
            !error.contains("trailing") && !error.contains("aucune version"),
            "{error}"
        );
    }
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn csv_separators_are_detected_or_given_and_decimal_commas_accepted() {
    let folder = scratch("csv");
    // taille 2 at 50 %: 60 000 + (47 000 + 45 000 + 70 000 + 30 000) × 0,5 × … see
    // tests/eval_cli.rs: 204 000 € at 50 % achievement.
    let comma = "habitants,qualite,taux_atteinte\n60000,false,0.5\n";
    let semicolon = "habitants;qualite;taux_atteinte\n60000;false;0,5\n";
    let tab = "habitants\tqualite\ttaux_atteinte\n60000\tfalse\t0,5\n";
    let mut outputs = Vec::new();
    for (name, contents, separator) in [
        ("virgule", comma, ','),
        ("point-virgule", semicolon, ';'),
        ("tab", tab, '\t'),
    ] {
        let file = folder.join(format!("{name}.csv"));
        std::fs::write(&file, contents).expect("csv");
        let output = clause(&[
            "eval",
            "aci_cpts_2019",
            "--cases",
            file.to_str().expect("path"),
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            text(&output.stderr)
        );
        let rows = text(&output.stdout);
        let expected = [
            "60000",
            "false",
            contents
                .lines()
                .nth(1)
                .and_then(|l| l.split(separator).nth(2))
                .unwrap_or(""),
            "aci_cpts_2019",
            "taille_2",
            "204000.00",
        ]
        .join(&separator.to_string());
        assert_eq!(
            rows.lines().nth(1),
            Some(expected.as_str()),
            "{name}: {rows}"
        );
        assert!(
            text(&output.stderr).ends_with("1 cas évalué\n"),
            "{}",
            text(&output.stderr)
        );
        outputs.push(rows);
    }
    // Given explicitly, the separator overrides detection: a semicolon file read with commas
    // has one column, and the error says which separator to give.
    let file = folder.join("point-virgule.csv");
    let forced = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        file.to_str().expect("path"),
        "--separator",
        "virgule",
    ]);
    assert_eq!(forced.status.code(), Some(1));
    let error = text(&forced.stderr);
    assert!(error.contains("ligne 1 : colonne"), "{error}");
    assert!(error.contains("--separator point-virgule"), "{error}");
    let given = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        file.to_str().expect("path"),
        "--separator",
        ";",
    ]);
    assert_eq!(given.stdout, outputs[1].as_bytes());
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn check_runs_the_examples_and_build_refuses_a_failing_one() {
    let check = clause(&["check", "tests/ui/esp_wrong_example.clause"]);
    assert_eq!(check.status.code(), Some(1));
    let shown = text(&check.stderr);
    assert!(shown.contains("error[E0605]"), "{shown}");
    assert!(
        shown.ends_with("1 fichier, 1 version vérifiée, 5 exemples : 1 erreur, 0 avertissement\n"),
        "{shown}"
    );
    let out = scratch("build-failing");
    let site = out.join("site");
    let build = clause(&[
        "build",
        "tests/ui/esp_wrong_example.clause",
        "--out",
        site.to_str().expect("path"),
    ]);
    assert_eq!(build.status.code(), Some(1));
    let shown = text(&build.stderr);
    assert!(
        shown.contains("dont 1 exemple en échec : le site n'est pas écrit"),
        "{shown}"
    );
    assert!(!site.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn diff_exit_code_says_whether_versions_differ_and_text_fits_the_width() {
    let same = clause(&["diff", "aci_cpts_2019", "aci_cpts_2019", "--exit-code"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    let differ = clause(&[
        "diff",
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "--exit-code",
    ]);
    assert_eq!(differ.status.code(), Some(1));
    let plain = clause(&["diff", "aci_cpts_2019", "avenant_2_proposition_2020"]);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(plain.stdout, differ.stdout);
    let longest = |output: &std::process::Output| {
        text(&output.stdout)
            .lines()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
    };
    assert!(
        longest(&plain) > 60 && longest(&plain) <= 100,
        "{}",
        longest(&plain)
    );
    let narrow = clause_in(
        &["diff", "aci_cpts_2019", "avenant_2_proposition_2020"],
        &root(),
        &[("COLUMNS", "60")],
    );
    assert!(longest(&narrow) <= 60, "{}", text(&narrow.stdout));
}

#[test]
fn a_batch_shows_no_progress_bar_when_stderr_is_not_a_terminal() {
    let folder = scratch("progress");
    let file = folder.join("lot.csv");
    let mut rows = String::from("habitants\n");
    for i in 0..5_000 {
        rows.push_str(&format!("{}\n", 1_000 + i));
    }
    std::fs::write(&file, rows).expect("csv");
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        file.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stderr), "5000 cas évalués\n");
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn batch_errors_name_the_file_line_after_blank_lines_and_quoted_breaks() {
    // Line 2: a quoted field holding a line break (lines 2–3); line 4: blank; line 5: B.
    let batch = scratch("lignes").join("lot.csv");
    std::fs::write(&batch, "id,habitants\n\"x\ny\",35000\n\nB,abc\n").expect("batch");
    let output = clause(&[
        "eval",
        "aci_cpts_2019",
        "--cases",
        batch.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("ligne 5, colonne `habitants`"), "{stderr}");
}
