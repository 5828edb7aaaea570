//! The editor's incremental re-parse against a full parse: edits (an arbitrary place, a deletion,
//! typed or pasted text) applied one after another to a shipped agreement, each re-parsed from
//! the last text that parsed, as the language server does. Tree, comments and errors — syntax
//! error included — must be those of a full parse of the same text.
#![no_main]

use arbitrary::Arbitrary;
use clause_fuzz::AGREEMENTS;
use clause_grammar::{parse, reparse, FileId};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Session {
    agreement: u8,
    edits: Vec<Edit>,
}

#[derive(Debug, Arbitrary)]
struct Edit {
    at: u32,
    deleted: u8,
    typed: String,
    /// Instead of typed text, a copy of the text from this offset (a paste from the same file).
    pasted: Option<(u32, u8)>,
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn apply(text: &str, edit: &Edit) -> String {
    let start = floor_boundary(text, edit.at as usize % (text.len() + 1));
    let end = ceil_boundary(text, start + usize::from(edit.deleted % 64));
    let inserted = match edit.pasted {
        Some((from, length)) => {
            let from = floor_boundary(text, from as usize % (text.len() + 1));
            &text[from..ceil_boundary(text, from + usize::from(length))]
        }
        None => edit.typed.as_str(),
    };
    format!("{}{inserted}{}", &text[..start], &text[end..])
}

fuzz_target!(|session: Session| {
    let (_, original) = AGREEMENTS[usize::from(session.agreement) % AGREEMENTS.len()];
    let mut good_text = original.to_string();
    let mut good = parse(FileId(0), &good_text);
    let mut text = good_text.clone();
    for edit in session.edits.iter().take(8) {
        text = apply(&text, edit);
        let parsed = reparse(FileId(0), &good_text, &good, &text);
        let full = parse(FileId(0), &text);
        assert!(
            parsed == full,
            "the incremental re-parse differs from the full parse of:\n{text}"
        );
        // As the language server does: only a text that parsed without error is a base.
        if parsed.file.is_some() && parsed.skipped.is_empty() {
            good_text = text.clone();
            good = parsed;
        }
    }
});
