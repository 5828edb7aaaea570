//! Times each stage of the language server's analysis of one file (best of 10): full parse,
//! incremental re-parse after a one-digit edit, the rest of the pipeline, the navigation index.
//!
//! Usage: `cargo run --release -p clause-lsp --example stage_time -- FILE`
use clause_compiler::{analyze_parsed, SourceDb};
use clause_grammar::{parse, reparse, FileId};
use std::time::{Duration, Instant};

fn best(mut f: impl FnMut()) -> Duration {
    (0..10)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let parsed = parse(FileId(0), &text);
    // The middle digit of the file changed: 0 becomes 1, anything else 0.
    let middle = text.len() / 2
        + text[text.len() / 2..]
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(0);
    let digit = if text[middle..].starts_with('0') {
        "1"
    } else {
        "0"
    };
    let edited = format!("{}{digit}{}", &text[..middle], &text[middle + 1..]);
    let mut db = SourceDb::new();
    db.add(path.clone(), text.clone());
    println!(
        "full parse       {:?}",
        best(|| drop(parse(FileId(0), &text)))
    );
    println!(
        "re-parse (edit)  {:?}",
        best(|| drop(reparse(FileId(0), &text, &parsed, &edited)))
    );
    println!("clone of a parse {:?}", best(|| drop(parsed.clone())));
    println!(
        "rest of analysis {:?}",
        best(|| drop(analyze_parsed(&db, vec![parsed.clone()])))
    );
    let analysis = analyze_parsed(&db, vec![parsed.clone()]);
    println!(
        "navigation index {:?}",
        best(|| drop(clause_lsp::navigation::NavIndex::build(&analysis)))
    );
}
