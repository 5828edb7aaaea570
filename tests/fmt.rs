//! End-to-end tests of `clause fmt`: rewriting files in place, `--check`, standard input, and
//! files that do not parse left untouched with their errors on standard error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const UNFORMATTED: &str =
    "accord a { statut signe # signé\n\n\n  entree x : nombre source \"s\" }\n";
const FORMATTED: &str =
    "accord a {\n  statut signé # signé\n\n  entrée x : nombre\n    source \"s\"\n}\n";
const BROKEN: &str = "accord a {\n  statut\n}\n";

fn clause(args: &[&str], folder: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .current_dir(folder)
        .output()
        .unwrap_or_else(|error| panic!("cannot run clause: {error}"))
}

/// A fresh folder for one test, removed first if an earlier run left it.
fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("clause-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(folder.join("sous")).unwrap_or_else(|e| panic!("{e}"));
    folder
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn rewrites_files_in_folders_and_leaves_broken_ones_untouched() {
    let folder = scratch("rewrite");
    write(&folder.join("a.clause"), UNFORMATTED);
    write(&folder.join("sous").join("b.clause"), UNFORMATTED);
    write(&folder.join("sous").join("broken.clause"), BROKEN);
    write(&folder.join("notes.txt"), UNFORMATTED);

    let output = clause(&["fmt"], &folder);
    assert_eq!(output.status.code(), Some(1), "a file does not parse");
    assert_eq!(read(&folder.join("a.clause")), FORMATTED);
    assert_eq!(read(&folder.join("sous").join("b.clause")), FORMATTED);
    assert_eq!(read(&folder.join("sous").join("broken.clause")), BROKEN);
    assert_eq!(
        read(&folder.join("notes.txt")),
        UNFORMATTED,
        "only .clause files are formatted"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.clause:3:1:"), "{stderr}");
    let leftovers: Vec<_> = std::fs::read_dir(folder.join("sous"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");

    let again = clause(&["fmt", "a.clause", "sous/b.clause"], &folder);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(read(&folder.join("a.clause")), FORMATTED);
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn check_lists_the_files_that_would_change_and_changes_nothing() {
    let folder = scratch("check");
    write(&folder.join("a.clause"), UNFORMATTED);
    write(&folder.join("sous").join("b.clause"), FORMATTED);

    let output = clause(&["fmt", "--check", "."], &folder);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("a.clause"), "{stdout}");
    assert!(!stdout.contains("b.clause"), "{stdout}");
    assert_eq!(read(&folder.join("a.clause")), UNFORMATTED);

    let clean = clause(&["fmt", "--check", "sous"], &folder);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    let _ = std::fs::remove_dir_all(&folder);
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run clause: {error}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn dash_formats_standard_input_to_standard_output() {
    let output = with_stdin(&["fmt", "-"], UNFORMATTED);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), FORMATTED);

    let broken = with_stdin(&["fmt", "-"], BROKEN);
    assert_eq!(broken.status.code(), Some(1));
    assert!(broken.stdout.is_empty());
    assert!(String::from_utf8_lossy(&broken.stderr).contains("<stdin>:3:1:"));
}

#[test]
fn the_repository_agreements_are_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = clause(&["fmt", "--check", "agreements"], &root);
    // Reported, not enforced: the agreements are being written while the formatter lands.
    eprintln!("{}", String::from_utf8_lossy(&output.stdout));
    assert!(matches!(output.status.code(), Some(0 | 1)));
}
