//! The entry-by-entry parse of `parse` gives exactly the tree, comments and errors of the
//! grammar's `file` rule read in one pest run, and the same first syntax error (where the run
//! stops and `parse` goes on); the incremental re-parse of the language server gives exactly
//! what `parse` gives. On every shipped agreement and
//! UI case, and on random edits of them, one at a time and in sequences (the server re-parses
//! from the last text that parsed).

use clause_grammar::incremental::{reparse, try_reparse};
use clause_grammar::{parse, parse_in_one_run, FileId, Parsed};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(read_corpus)
}

fn read_corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut texts = Vec::new();
    for folder in ["agreements", "tests/ui"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .expect("the corpus folder is readable")
            .map(|e| e.expect("the corpus folder is readable").path())
            .filter(|p| p.extension().is_some_and(|e| e == "clause"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("a corpus file is readable");
            if parse_in_one_run(FileId(0), &text).file.is_some() {
                texts.push(text);
            }
        }
    }
    texts
}

/// What an editor sends: a few characters typed or deleted, a line pasted, a word replaced.
const SNIPPETS: &[&str] = &[
    "",
    "1",
    "0",
    " ",
    "\n",
    "é",
    "€",
    "#",
    "\"",
    ",",
    "[",
    "]",
    "{",
    "}",
    "=",
    "×",
    " 000",
    "\n  valeur nouvelle = 1 €\n",
    "\n    attendu [1 €, 2 €, 3 €, 4 €]",
    "\n    source \"ajoutée\"",
    "\n  # une note\n",
    "  vérifier \"borne\" : 1 € < 2 €\n",
    "entre 0 € et 1 €",
    "\n  ajoute valeur ajout = 2 €\n",
    "si vrai alors 1 € sinon 2 €",
];

#[derive(Debug, Clone)]
struct Edit {
    /// Where, as a fraction of the text (rounded down to a character boundary).
    at: f64,
    deleted: usize,
    snippet: usize,
    /// Instead of a snippet, a copy of the text at this fraction (a paste from the same file).
    paste_from: Option<(f64, usize)>,
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    (
        0.0..1.0f64,
        prop_oneof![Just(0usize), 0usize..4, 0usize..60],
        0..SNIPPETS.len(),
        proptest::option::weighted(0.2, (0.0..1.0f64, 0usize..80)),
    )
        .prop_map(|(at, deleted, snippet, paste_from)| Edit {
            at,
            deleted,
            snippet,
            paste_from,
        })
}

fn boundary(text: &str, fraction: f64) -> usize {
    let mut at = ((text.len() as f64) * fraction) as usize;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, edit: &Edit) -> String {
    let start = boundary(text, edit.at);
    let mut end = (start + edit.deleted).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let inserted = match edit.paste_from {
        Some((from, length)) => {
            let from = boundary(text, from);
            let mut to = (from + length).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            text[from..to].to_string()
        }
        None => SNIPPETS[edit.snippet].to_string(),
    };
    format!("{}{}{}", &text[..start], inserted, &text[end..])
}

#[test]
fn every_file_of_the_corpus_parses_entry_by_entry_as_in_one_run() {
    for text in corpus() {
        assert_agrees_with_one_run(
            &parse(FileId(0), text),
            &parse_in_one_run(FileId(0), text),
            text,
        );
    }
}

fn assert_agrees_with_one_run(parsed: &Parsed, one_run: &Parsed, text: &str) {
    if let Err(difference) = parsed.agrees_with_one_run(one_run) {
        panic!("{difference} in:\n{text}");
    }
}

fn assert_same(incremental: &Parsed, full: &Parsed, text: &str) {
    assert!(
        incremental == full,
        "incremental re-parse differs from the full parse of:\n{text}\n\nincremental: {incremental:#?}\n\nfull: {full:#?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn one_edit_reparses_as_a_full_parse(file in any::<prop::sample::Index>(), edit in edit_strategy()) {
        let texts = corpus();
        let old_text = &texts[file.index(texts.len())];
        let old = parse(FileId(0), old_text);
        let new_text = apply(old_text, &edit);
        let full = parse(FileId(0), &new_text);
        assert_agrees_with_one_run(&full, &parse_in_one_run(FileId(0), &new_text), &new_text);
        assert_same(&reparse(FileId(0), old_text, &old, &new_text), &full, &new_text);
    }

    #[test]
    fn a_sequence_of_edits_reparses_from_the_last_good_text(
        file in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit_strategy(), 1..8),
    ) {
        let texts = corpus();
        let mut good_text = texts[file.index(texts.len())].clone();
        let mut good = parse(FileId(0), &good_text);
        let mut text = good_text.clone();
        for edit in &edits {
            text = apply(&text, edit);
            let parsed = reparse(FileId(0), &good_text, &good, &text);
            assert_same(&parsed, &parse(FileId(0), &text), &text);
            if parsed.skipped.is_empty() && parsed.file.is_some() {
                good_text = text.clone();
                good = parsed;
            }
        }
    }
}

/// The editor's usual edits do take the incremental path: a digit changed, a line added, a
/// comment typed, in every shipped agreement and at every entry of its body.
#[test]
fn usual_edits_are_incremental_in_every_agreement() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements");
    let mut incremental = 0;
    for entry in std::fs::read_dir(root).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let old = parse(FileId(0), &text);
        let tree = old.file.as_ref().unwrap();
        for item in tree.declarations.iter().flat_map(|d| &d.items) {
            let line_end = item.span.end;
            for new_text in [
                format!("{} # noté{}", &text[..line_end], &text[line_end..]),
                format!(
                    "{}\n  valeur ajoutée_ici = 1 €{}",
                    &text[..line_end],
                    &text[line_end..]
                ),
            ] {
                let parsed = try_reparse(FileId(0), &text, &old, &new_text)
                    .unwrap_or_else(|| panic!("not incremental:\n{new_text}"));
                assert_same(&parsed, &parse_in_one_run(FileId(0), &new_text), &new_text);
                incremental += 1;
            }
        }
    }
    assert!(incremental > 100, "only {incremental} edits");
}
