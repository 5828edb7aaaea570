//! A session of the language server through its in-process API: the shipped agreements are
//! opened, then a sequence of edits (ranges in UTF-16 positions, possibly out of the text) and
//! requests at arbitrary positions. Every request must answer without panicking, whatever state
//! the edits leave the buffers in.
#![no_main]

use arbitrary::Arbitrary;
use clause_fuzz::AGREEMENTS;
use clause_grammar::lines::Utf16Position;
use clause_lsp::inlay_hints::HintOptions;
use clause_lsp::workspace::{analyze, Workspace};
use clause_lsp::{
    code_actions, completion, definition, folding, formatting, hover, inlay_hints, references,
    rename, semantic_tokens, symbols,
};
use libfuzzer_sys::fuzz_target;
use std::str::FromStr;
use tower_lsp_server::ls_types::Uri;

#[derive(Debug, Arbitrary)]
enum Step {
    Edit {
        document: u8,
        start: (u8, u8),
        end: (u8, u8),
        text: String,
    },
    Replace {
        document: u8,
        text: String,
    },
    Request {
        document: u8,
        at: (u8, u8),
        to: (u8, u8),
        kind: u8,
        name: String,
    },
}

fn position((line, character): (u8, u8)) -> Utf16Position {
    Utf16Position {
        line: u32::from(line),
        character: u32::from(character),
    }
}

fn uri(index: usize) -> Option<Uri> {
    Uri::from_str(&format!(
        "file:///fuzz/{}",
        AGREEMENTS[index % AGREEMENTS.len()].0
    ))
    .ok()
}

fuzz_target!(|steps: Vec<Step>| {
    let mut workspace = Workspace::default();
    for (index, (_, text)) in AGREEMENTS.iter().enumerate() {
        let Some(uri) = uri(index) else { return };
        workspace.open(uri, (*text).to_string(), 1);
    }
    let (mut analyzed, good) = analyze(workspace.inputs());
    workspace.remember_good(good);
    for (version, step) in (2..).zip(steps.into_iter().take(16)) {
        let (document, request) = match step {
            Step::Edit {
                document,
                start,
                end,
                text,
            } => {
                let Some(uri) = uri(usize::from(document)) else {
                    return;
                };
                workspace.change(&uri, version, Some((position(start), position(end))), text);
                (document, None)
            }
            Step::Replace { document, text } => {
                let Some(uri) = uri(usize::from(document)) else {
                    return;
                };
                workspace.change(&uri, version, None, text);
                (document, None)
            }
            Step::Request {
                document,
                at,
                to,
                kind,
                name,
            } => (document, Some((at, to, kind, name))),
        };
        let Some((at, to, kind, name)) = request else {
            let (next, good) = analyze(workspace.inputs());
            workspace.remember_good(good);
            analyzed = next;
            continue;
        };
        let Some(uri) = uri(usize::from(document)) else {
            return;
        };
        let Some(file) = analyzed.file(&uri) else {
            continue;
        };
        let snapshot = &analyzed.snapshot;
        let offset = snapshot.offset(file, position(at));
        let end = snapshot.offset(file, position(to)).max(offset);
        assert!(
            end <= snapshot.text(file).len(),
            "an offset past the end of the text"
        );
        match kind % 14 {
            0 => drop(hover::hover(snapshot, file, offset)),
            1 => drop(completion::completion(snapshot, file, offset)),
            2 => drop(definition::definition(snapshot, file, offset)),
            3 => drop(references::references(snapshot, file, offset, true)),
            4 => drop(references::document_highlight(snapshot, file, offset)),
            5 => drop(rename::prepare_rename(snapshot, file, offset)),
            6 => drop(rename::rename(snapshot, file, offset, &name)),
            7 => drop(symbols::document_symbols(snapshot, file)),
            8 => drop(symbols::workspace_symbols(snapshot, &name)),
            9 => drop(semantic_tokens::semantic_tokens(snapshot, file)),
            10 => {
                drop(folding::folding_ranges(snapshot, file));
                drop(folding::selection_ranges(snapshot, file, offset));
            }
            11 => drop(inlay_hints::inlay_hints(
                snapshot,
                file,
                offset,
                end,
                HintOptions {
                    sample_signature: None,
                },
            )),
            12 => drop(code_actions::code_actions(snapshot, file, offset, end)),
            _ => drop(formatting::format(snapshot, file)),
        }
    }
});
