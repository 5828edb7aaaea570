//! The formatter's round trip: formatting never panics, its output parses to the same syntax
//! tree with the same comments, and formatting it again changes nothing.
#![no_main]

use clause_compiler::format::{format_source, syntax_shape};
use clause_grammar::{parse, FileId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(formatted) = format_source(FileId(0), text) else {
        return;
    };
    let before = parse(FileId(0), text);
    let after = parse(FileId(0), &formatted);
    let (Some(before), Some(after)) = (before.file, after.file) else {
        panic!("the formatted text no longer parses:\n{formatted}");
    };
    assert_eq!(
        syntax_shape(&before),
        syntax_shape(&after),
        "formatting changed the tree"
    );
    let again = format_source(FileId(0), &formatted).unwrap_or_default();
    assert_eq!(again, formatted, "formatting is not idempotent");
});
