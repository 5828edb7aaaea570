//! Regression (found by the `parse` fuzz target): piled conditionals whose parse fails deep
//! inside were read again by every enclosing level, which tried `= si …` once more at the same
//! place: exponential (40 lines took 11 s). pest's call limit makes the work countable: the
//! parse must finish within a budget that the exponential grammar exceeded by far, and report
//! the syntax error, not the limit. (Its own test binary: the call limit is global to pest.)

use clause_grammar::{parse, FileId, SyntaxErrorKind};
use std::num::NonZeroUsize;

/// `levels` lines of `si h < 1 alors 1 € sinon "x" = si h =`, then a missing `alors`.
fn piled_conditionals(levels: usize) -> String {
    let mut text = String::from("accord a {\n  entrée h : nombre\n  valeur v =\n");
    for _ in 0..levels {
        text.push_str("    si h < 1 alors 1 € sinon \"x\" = si h =\n");
    }
    text.push_str("    si h < 2 sinon 3 €\n}\n");
    text
}

#[test]
fn a_failing_pile_of_conditionals_is_read_once() {
    // The linear parse of 30 levels stays far below this budget; the exponential one exhausted
    // it (checked by reverting the grammar's `expr` rule).
    pest::set_call_limit(NonZeroUsize::new(1_000_000));
    let parsed = parse(FileId(0), &piled_conditionals(30));
    assert_eq!(
        parsed.skipped.len(),
        1,
        "the value is left out, the rest goes on"
    );
    let [error] = parsed.errors.as_slice() else {
        panic!("{:?}", parsed.errors);
    };
    let SyntaxErrorKind::Unexpected { expected, found } = &error.kind else {
        panic!("{error:?}");
    };
    assert_eq!(found.as_deref(), Some("sinon"));
    assert!(expected.iter().any(|e| e == "`alors`"), "{expected:?}");
}
