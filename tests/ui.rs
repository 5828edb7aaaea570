//! UI tests: every `.clause` file (or folder of files) under `tests/ui/` (one case per code) and
//! `tests/mistakes/` (the mistakes drafters make) is checked, its examples run, and the rendered
//! diagnostics compared with a snapshot that shows the source above them.
//! The first line of each case names the code it demonstrates: `# code: E0301`.
//! Every machine fix of every case is applied alone and the case checked again (`support/fixes.rs`).
//! A case may ask to be padded in memory with a trailing comment up to a size, to reach limits
//! without storing a huge file: `# ui: compléter à 10485761 octets`.

use clause_cli::render::render_human;
use clause_compiler::check::examples::run_examples;
use clause_compiler::{analyze, Code, Diagnostic, SourceDb};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[path = "support/fixes.rs"]
mod fixes;

/// The folders of cases, with the folder of their snapshots.
const FOLDERS: [(&str, &str); 2] = [("ui", "snapshots/ui"), ("mistakes", "snapshots/mistakes")];

fn dir(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests")
        .join(folder)
}

/// The cases of `tests/ui`.
fn cases() -> Vec<(String, Vec<PathBuf>)> {
    cases_in("ui")
}

/// The cases of one folder: single files, and folders whose files form one workspace.
fn cases_in(folder: &str) -> Vec<(String, Vec<PathBuf>)> {
    let mut cases = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir(folder))
        .expect("the folder of cases exists")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .to_string();
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(&path)
                .expect("folder")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "clause"))
                .collect();
            files.sort();
            cases.push((name, files));
        } else if path.extension().is_some_and(|e| e == "clause") {
            cases.push((name, vec![path]));
        }
    }
    cases
}

/// The codes a case says it demonstrates (`# code: E0301, E0302`), from its first file.
fn declared_codes(files: &[PathBuf]) -> Vec<String> {
    let text = std::fs::read_to_string(&files[0]).expect("readable");
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("# code:"))
        .flat_map(|codes| codes.split(',').map(|c| c.trim().to_string()))
        .collect()
}

/// The size a case asks to be padded to (`# ui: compléter à N octets`).
fn padded_size(text: &str) -> Option<usize> {
    text.lines().find_map(|line| {
        line.trim()
            .strip_prefix("# ui: compléter à ")?
            .strip_suffix(" octets")?
            .parse()
            .ok()
    })
}

/// The files of a case in a source database, under the names the snapshots show.
fn load(name: &str, files: &[PathBuf]) -> (SourceDb, String) {
    let mut db = SourceDb::new();
    let mut shown = String::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("readable");
        let display = if files.len() == 1 {
            format!("{name}.clause")
        } else {
            format!(
                "{name}/{}",
                file.file_name().expect("name").to_string_lossy()
            )
        };
        shown.push_str(&format!("=== {display}\n{text}\n"));
        let padded = padded_size(&text).map(|size| {
            shown.push_str(&format!(
                "(complété en mémoire par un commentaire jusqu'à {size} octets)\n"
            ));
            format!(
                "{text}#{}\n",
                "x".repeat(size.saturating_sub(text.len() + 2))
            )
        });
        db.add(display, padded.unwrap_or(text));
    }
    (db, shown)
}

/// Every diagnostic of a workspace: the checks, then its examples when it has no error.
fn diagnostics(db: &SourceDb) -> Vec<Diagnostic> {
    let analysis = analyze(db);
    let mut diagnostics = analysis.diagnostics.clone();
    if !analysis.has_errors() {
        for version in &analysis.versions {
            for report in run_examples(version) {
                diagnostics.extend(report.diagnostics);
            }
        }
    }
    diagnostics
}

fn render_case(name: &str, files: &[PathBuf]) -> (String, BTreeSet<String>) {
    let (db, shown) = load(name, files);
    let diagnostics = diagnostics(&db);
    let codes = diagnostics
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect();
    let rendered = render_human(&db, &diagnostics, false);
    (format!("{shown}=== diagnostics\n{rendered}"), codes)
}

#[test]
fn ui_cases_match_their_snapshots_and_show_their_codes() {
    let mut failures = Vec::new();
    for (folder, snapshots) in FOLDERS {
        let cases = cases_in(folder);
        assert!(!cases.is_empty(), "no case found in tests/{folder}");
        for (name, files) in &cases {
            let (rendered, codes) = render_case(name, files);
            let declared = declared_codes(files);
            if declared.is_empty() {
                failures.push(format!("{name}: first line must declare `# code: EXXXX`"));
            }
            for code in &declared {
                if !codes.contains(code) {
                    failures.push(format!("{name}: declares {code} but produced {codes:?}"));
                }
            }
            insta::with_settings!({ snapshot_path => snapshots, prepend_module_to_snapshot => false, omit_expression => true }, {
                insta::assert_snapshot!(name.as_str(), rendered);
            });
        }
    }
    assert!(failures.is_empty(), "UI failures:\n{}", failures.join("\n"));
}

#[test]
fn the_mistakes_corpus_has_forty_mistakes_each_saying_what_it_is() {
    let cases = cases_in("mistakes");
    assert!(cases.len() >= 40, "only {} mistakes", cases.len());
    for (name, files) in &cases {
        let text = std::fs::read_to_string(&files[0]).expect("readable");
        let said = text
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("# ") && l.len() > 10);
        assert!(
            said,
            "{name}: the second line must say the mistake in a comment"
        );
    }
}

#[test]
fn every_code_has_a_ui_case_and_a_documentation_page() {
    let mut demonstrated = BTreeSet::new();
    for (_, files) in cases() {
        demonstrated.extend(declared_codes(&files));
    }
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diagnostics");
    let mut missing = Vec::new();
    for code in Code::ALL {
        if !demonstrated.contains(code.as_str()) {
            missing.push(format!("{code}: no UI case in tests/ui"));
        }
        if !docs.join(format!("{code}.md")).exists() {
            missing.push(format!("{code}: no page docs/diagnostics/{code}.md"));
        }
        assert!(
            code.explanation().starts_with(&format!("# {code}")),
            "{code}: page must start with its code"
        );
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}
