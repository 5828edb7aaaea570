//! Property tests: formatting is idempotent, keeps the syntax tree and keeps every comment, on
//! generated sources and on every `.clause` file of the repository.

use super::generate;
use super::*;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Checks the three properties on one source; `Err` says which failed and shows the texts.
fn check(source: &str) -> Result<(), String> {
    let parsed = clause_grammar::parse(FileId(0), source);
    let tree = match parsed.file {
        Some(tree) if parsed.errors.is_empty() => tree,
        _ => {
            return Err(format!(
                "the source does not parse: {:?}\n{source}",
                parsed.errors
            ))
        }
    };
    if !super::unkept::repeated_lines(&tree, source).is_empty() {
        return Ok(());
    }
    let once = format_tree(&tree, source);
    let reparsed = clause_grammar::parse(FileId(0), &once);
    let again = match reparsed.file {
        Some(again) if reparsed.errors.is_empty() => again,
        _ => {
            return Err(format!(
                "the output does not parse: {:?}\n--- source\n{source}\n--- output\n{once}",
                reparsed.errors
            ))
        }
    };
    if syntax_shape(&again) != syntax_shape(&tree) {
        return Err(format!(
            "the syntax tree changed\n--- source\n{source}\n--- output\n{once}"
        ));
    }
    let mut before = comment_texts(&tree);
    let mut after = comment_texts(&again);
    before.sort();
    after.sort();
    if before != after {
        return Err(format!(
            "comments changed: {before:?} -> {after:?}\n--- source\n{source}\n--- output\n{once}"
        ));
    }
    let twice = format_tree(&again, &once);
    if twice != once {
        return Err(format!(
            "not idempotent\n--- source\n{source}\n--- once\n{once}\n--- twice\n{twice}"
        ));
    }
    if let Some(line) = once
        .lines()
        .find(|line| line.ends_with(' ') || line.ends_with('\t'))
    {
        return Err(format!("trailing whitespace on {line:?}\n{once}"));
    }
    if format_source(FileId(0), source).as_deref() != Ok(once.as_str()) {
        return Err("format_source disagrees with format_tree".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // `PROPTEST_CASES=5000` for a longer run.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400),
        // Failures are shown in full by the assertion; no regression file is written.
        failure_persistence: None,
        max_shrink_iters: 20_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_sources_format_stably(source in generate::source()) {
        if let Err(failure) = check(&source) {
            prop_assert!(false, "{}", failure);
        }
    }
}

fn clause_files(folder: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            clause_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "clause") {
            out.push(path);
        }
    }
}

/// Every `.clause` file under `agreements/` and `tests/ui/` (they fill up as the project grows);
/// files that do not parse are skipped, they test the parser's errors.
#[test]
fn repository_files_format_stably() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    clause_files(&root.join("agreements"), &mut files);
    clause_files(&root.join("tests").join("ui"), &mut files);
    let mut failures = Vec::new();
    for file in &files {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        let parsed = clause_grammar::parse(FileId(0), &source);
        if parsed.file.is_none() || !parsed.errors.is_empty() {
            continue;
        }
        if let Err(failure) = check(&source) {
            failures.push(format!("{}: {failure}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
