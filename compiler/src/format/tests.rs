//! Snapshot tests: every construct and every comment position, formatted.

use super::*;

fn fmt(text: &str) -> String {
    match format_source(FileId(0), text) {
        Ok(out) => out,
        Err(errors) => panic!("does not parse: {errors:?}"),
    }
}

#[test]
fn debug_example() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../agreements/aci_cpts_2019.clause")).unwrap();
    let parsed = clause_grammar::parse(FileId(0), &text);
    let tree = parsed.file.unwrap();
    let out = format_tree(&tree, &text);
    println!("{out}");
}
