//! The parser on arbitrary bytes: never a panic, a hang or a stack overflow; a file that parses
//! has spans inside the text and on character boundaries; the entry-by-entry parse gives what
//! the grammar's `file` rule read in one run gives; where the run stops at a syntax error, the
//! entry-by-entry parse reports that error too, leaves out the entry and goes on.
#![no_main]

use clause_grammar::{parse, parse_in_one_run, FileId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(FileId(0), text);
    let one_run = parse_in_one_run(FileId(0), text);
    if let Err(difference) = parsed.agrees_with_one_run(&one_run) {
        panic!("{difference}");
    }
    for skipped in &parsed.skipped {
        assert!(skipped.start <= skipped.end && skipped.end <= text.len());
    }
    for error in &parsed.errors {
        assert!(
            error.span.start <= error.span.end && error.span.end <= text.len(),
            "error span out of the text"
        );
        assert!(text.is_char_boundary(error.span.start) && text.is_char_boundary(error.span.end));
    }
    if let Some(file) = &parsed.file {
        for comment in &file.comments {
            assert!(comment.span.end <= text.len() && text.is_char_boundary(comment.span.start));
        }
    }
});
