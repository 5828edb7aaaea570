//! Parsing, checking, running examples and formatting never panic, whatever the input: random
//! text, and the shipped agreements mutated (cut, spliced, with tokens replaced).

use clause_compiler::check::examples::run_examples;
use clause_compiler::{analyze, SourceDb};
use proptest::prelude::*;
use std::path::Path;

fn agreements() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("agreements")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("text"))
        .collect()
}

/// Everything a user's text goes through.
fn pipeline(texts: &[String]) {
    let mut db = SourceDb::new();
    for (i, text) in texts.iter().enumerate() {
        db.add(format!("f{i}.clause"), text.clone());
    }
    let analysis = analyze(&db);
    for version in &analysis.versions {
        let _ = run_examples(version);
    }
    for (i, text) in texts.iter().enumerate() {
        let _ = clause_compiler::format::format_source(clause_grammar::FileId(i as u32), text);
    }
}

/// A character boundary at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ",",
    ":",
    "=",
    "⇒",
    "×",
    "-",
    "non",
    "non précisé",
    "€",
    "%",
    "0",
    "99999999999999999999",
    "10 000",
    "2019-02-30",
    "9999-12-31",
    "\"",
    "\\q",
    "#",
    "\n",
    "accord",
    "avenant x modifie aci_cpts_2019 {",
    "ajoute",
    "retire mission qualite",
    "tranches",
    "plus de 5",
    "moins de 0",
    "mission m socle {",
    "vérifier",
    "exemple",
    "si",
    "arrondi inférieur(",
    "min(",
    "entre",
    "contient",
    "{a, b}",
    "/ 0",
    "× 1000000000 %",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        pipeline(&[text]);
    }

    #[test]
    fn mutated_agreements_never_panic(file in 0usize..4, cuts in prop::collection::vec((0usize..20_000, 0usize..40, 0usize..TOKENS.len()), 1..6)) {
        let mut all = agreements();
        let index = file % all.len();
        let mut text = all[index].clone();
        for (at, length, token) in cuts {
            let start = boundary(&text, at % (text.len() + 1));
            let end = boundary(&text, start + length);
            text.replace_range(start..end.max(start), TOKENS[token]);
        }
        all[index] = text;
        pipeline(&all);
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!(
        "accord a {{ statut projet source \"s\" valeur v = {}1{} }}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let negations = format!(
        "accord a {{ statut projet source \"s\" valeur v = {}vrai }}",
        "non ".repeat(100_000)
    );
    let long_sum = format!(
        "accord a {{ statut projet source \"s\" valeur v = 1{} }}",
        " + 1".repeat(100_000)
    );
    for text in [deep, negations, long_sum] {
        let mut db = SourceDb::new();
        db.add("deep.clause", text);
        let analysis = analyze(&db);
        assert!(
            analysis
                .diagnostics
                .iter()
                .any(|d| d.code.as_str() == "E0002"),
            "{:?}",
            analysis
                .diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect::<Vec<_>>()
        );
    }
}
