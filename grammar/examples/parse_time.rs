//! Times parsing a file (best of 10): entry by entry (`parse`, what the tools use) and the
//! grammar's `file` rule in one pest run (`parse_in_one_run`, the reference), in the same run.
//!
//! Usage: `cargo run --release -p clause-grammar --example parse_time -- FILE…`
use clause_grammar::{parse, parse_in_one_run, FileId, Parsed};
use std::time::{Duration, Instant};

fn best(text: &str, parser: fn(FileId, &str) -> Parsed) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..10 {
        let started = Instant::now();
        let parsed = parser(FileId(0), text);
        best = best.min(started.elapsed());
        assert!(parsed.errors.is_empty(), "the file does not parse");
    }
    best
}

fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let by_entries = best(&text, parse);
        let one_run = best(&text, parse_in_one_run);
        println!(
            "{path}: {} lines, entry by entry {by_entries:?}, in one run {one_run:?} (×{:.2})",
            text.lines().count(),
            one_run.as_secs_f64() / by_entries.as_secs_f64()
        );
    }
}
