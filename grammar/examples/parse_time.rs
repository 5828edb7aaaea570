//! Times parsing a file (best of 10), to see the parser's share of an analysis.
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut best = std::time::Duration::MAX;
    for _ in 0..10 {
        let started = std::time::Instant::now();
        let parsed = clause_grammar::parse(clause_grammar::FileId(0), &text);
        best = best.min(started.elapsed());
        assert!(parsed.errors.is_empty());
    }
    println!("parse {path}: {best:?}");
}
