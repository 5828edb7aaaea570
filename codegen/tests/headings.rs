//! Each band, value and payment line of every shipped version is commented with its clause
//! (`file:line`) and its sources in the generated Python, JavaScript and SQL, in the same words:
//! a reader of any target finds the clause behind a number.

mod support;

use clause_codegen::{generate, Dialect, Target};
use clause_compiler::evaluate::CompiledVersion;
use support::load_agreements;

/// The comment lines of `code`: the text after the target's marker, trimmed.
fn comment_lines(code: &str, marker: &str) -> Vec<String> {
    code.lines()
        .filter_map(|line| line.trim_start().strip_prefix(marker))
        .map(|rest| rest.trim().to_string())
        .collect()
}

#[test]
fn every_band_value_and_line_is_commented_with_its_clause_in_every_target() {
    let (db, analysis) = load_agreements();
    let mut checked = 0;
    for version in &analysis.versions {
        let compiled = CompiledVersion::new(version, &db);
        let code = |target| {
            generate(&compiled, &db, target, "test")
                .unwrap_or_else(|e| panic!("{}: {e}", version.name))
                .code
        };
        let python = comment_lines(&code(Target::Python), "# ");
        let javascript = comment_lines(&code(Target::JavaScript), "// ");
        let sql = comment_lines(&code(Target::Sql(Dialect::DuckDb)), "-- ");
        let has = |comments: &[String], text: &str| comments.iter().any(|c| c.starts_with(text));
        let at = |span: clause_compiler::Span| {
            let (line, _) = db.line_column(span.file, span.start);
            format!("({}:{line})", db.path(span.file))
        };
        for set in &version.band_sets {
            for band in &set.bands {
                let heading = format!("tranche {}", band.name);
                for (target, comments) in [("python", &python), ("js", &javascript), ("sql", &sql)]
                {
                    let line = comments
                        .iter()
                        .find(|c| c.starts_with(&heading) && c.contains(&at(band.name_span)))
                        .unwrap_or_else(|| {
                            panic!("{} {target}: no heading for {heading}", version.name)
                        });
                    assert!(line.contains(&set.dimension_name), "{line}");
                    for source in &band.sources {
                        assert!(
                            has(comments, &format!("source : {source}")),
                            "{} {target}: {heading} without its source {source}",
                            version.name
                        );
                    }
                }
            }
        }
        for (id, value) in version.values.iter().enumerate() {
            let heading = format!("[{id}] {} {}", value.kind.keyword(), value.name);
            for (target, comments) in [("python", &python), ("js", &javascript)] {
                assert!(
                    has(comments, &heading),
                    "{} {target}: no heading « {heading} »",
                    version.name
                );
            }
            for source in &value.sources {
                assert!(has(&python, &format!("source : {source}")));
            }
            checked += 1;
        }
        for (index, line) in compiled.lines.iter().enumerate() {
            let value = &version.values[line.value];
            let heading = format!("[ligne {index}] {} {}", value.kind.keyword(), value.name);
            for (target, comments) in [("python", &python), ("js", &javascript)] {
                let found = comments
                    .iter()
                    .find(|c| c.starts_with(&heading))
                    .unwrap_or_else(|| panic!("{} {target}: no « {heading} »", version.name));
                assert!(found.ends_with(&format!(": {}", line.rule)), "{found}");
            }
        }
        // The same heading lines, word for word, in Python and JavaScript.
        let headings = |comments: &[String]| -> Vec<String> {
            comments
                .iter()
                .filter(|c| c.starts_with('[') || c.starts_with("tranche "))
                .filter(|c| c.contains(".clause:"))
                .cloned()
                .collect()
        };
        assert_eq!(headings(&python), headings(&javascript), "{}", version.name);
    }
    assert!(checked > 30, "only {checked} values checked");
}
