//! Parses the files given and prints the syntax tree's shape or the syntax errors.
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable file");
        let parsed = clause_grammar::parse(clause_grammar::FileId(0), &text);
        println!("{path}: {} errors", parsed.errors.len());
        for e in &parsed.errors {
            println!(
                "  {:?} at {:?} `{}`",
                e.kind,
                e.span,
                &text[e.span.start..e.span.end]
            );
        }
        if let Some(f) = parsed.file {
            for d in &f.declarations {
                println!(
                    "  {} {} items, {} comments",
                    d.name.node,
                    d.items.len(),
                    f.comments.len()
                );
            }
        }
    }
}
