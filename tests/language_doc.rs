//! The language reference (`docs/language.md`) is tested against the grammar and the compiler:
//! every ```clause block parses, every complete version checks and passes its examples, every
//! ```clause,erreur block produces the diagnostic it announces; the keyword table names every
//! accented keyword of the grammar, and the code list every diagnostic code.

use clause_compiler::check::examples::run_examples;
use clause_compiler::{analyze, Code, Diagnostic, Severity, SourceDb};
use clause_grammar::ast::DeclarationKind;
use clause_grammar::FileId;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One fenced ```clause block of the reference.
struct Block {
    /// Line of the opening fence in docs/language.md (1-based).
    line: usize,
    text: String,
    /// Marked ```clause,erreur: the block must not check cleanly.
    error: bool,
    /// Codes the block must produce (```clause,erreur,E0301).
    codes: Vec<String>,
}

impl Block {
    /// A complete block declares versions; any other block is a list of items.
    fn is_complete(&self) -> bool {
        let first_word = self
            .text
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('#'))
            .and_then(|line| line.split_whitespace().next());
        matches!(first_word, Some("accord" | "avenant"))
    }

    /// The text the compiler sees: a fragment goes inside a minimal draft agreement.
    fn source(&self) -> String {
        if self.is_complete() {
            self.text.clone()
        } else {
            format!(
                "accord doc \"doc\" {{\n  statut projet\n  source \"doc\"\n{}\n}}\n",
                self.text
            )
        }
    }
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    let mut in_other_fence = false;
    for (index, line) in markdown.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        if in_other_fence {
            in_other_fence = fence.is_none();
            continue;
        }
        match (current.take(), fence) {
            (Some(block), Some(_)) => blocks.push(block),
            (Some(mut block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
                current = Some(block);
            }
            (None, Some(info)) => {
                let mut words = info.split(',').map(str::trim);
                if words.next() != Some("clause") {
                    in_other_fence = true;
                    continue;
                }
                let rest: Vec<&str> = words.collect();
                current = Some(Block {
                    line: index + 1,
                    text: String::new(),
                    error: rest.contains(&"erreur"),
                    codes: rest
                        .iter()
                        .filter(|w| Code::parse(w).is_some())
                        .map(|w| w.to_string())
                        .collect(),
                });
            }
            (None, None) => {}
        }
    }
    assert!(
        current.is_none() && !in_other_fence,
        "docs/language.md: a fenced block is not closed"
    );
    blocks
}

fn language_doc() -> String {
    read(&root().join("docs/language.md"))
}

/// The shipped agreements, parsed, with the names they declare.
fn shipped() -> Vec<(PathBuf, String, Vec<String>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("agreements"))
        .expect("agreements/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "clause"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = read(&path);
            let parsed = clause_grammar::parse(FileId(0), &text);
            let names = parsed
                .file
                .iter()
                .flat_map(|f| f.declarations.iter().map(|d| d.name.node.clone()))
                .collect();
            (path, text, names)
        })
        .collect()
}

/// The block in a workspace with the shipped agreements its amendments modify (and their bases).
fn workspace(
    block: &Block,
    shipped: &[(PathBuf, String, Vec<String>)],
) -> (SourceDb, BTreeSet<String>) {
    let source = block.source();
    let mut db = SourceDb::new();
    db.add(format!("docs/language.md:{}", block.line), source.clone());
    let parsed = clause_grammar::parse(FileId(0), &source);
    let own: BTreeSet<String> = parsed
        .file
        .iter()
        .flat_map(|f| f.declarations.iter().map(|d| d.name.node.clone()))
        .collect();
    let mut wanted: Vec<String> = parsed
        .file
        .iter()
        .flat_map(|f| f.declarations.iter())
        .filter(|d| d.kind == DeclarationKind::Amendment)
        .filter_map(|d| d.base.as_ref().map(|b| b.node.clone()))
        .filter(|base| !own.contains(base))
        .collect();
    let mut added = BTreeSet::new();
    while let Some(base) = wanted.pop() {
        let Some((path, text, names)) = shipped.iter().find(|(_, _, names)| names.contains(&base))
        else {
            continue;
        };
        if !added.insert(path.clone()) {
            continue;
        }
        db.add(path.display().to_string(), text.clone());
        let parsed = clause_grammar::parse(FileId(0), text);
        for declaration in parsed.file.iter().flat_map(|f| f.declarations.iter()) {
            if let Some(b) = &declaration.base {
                if !names.contains(&b.node) {
                    wanted.push(b.node.clone());
                }
            }
        }
    }
    (db, own)
}

/// Every diagnostic of the block's workspace, with those of its versions' examples.
fn diagnostics(block: &Block, shipped: &[(PathBuf, String, Vec<String>)]) -> Vec<Diagnostic> {
    let (db, own) = workspace(block, shipped);
    let analysis = analyze(&db);
    let mut found = analysis.diagnostics.clone();
    if !analysis.has_errors() {
        for version in analysis.versions.iter().filter(|v| own.contains(&v.name)) {
            for report in run_examples(version) {
                found.extend(report.diagnostics);
            }
        }
    }
    found
}

fn describe(found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(|d| format!("  {} {}", d.code, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_reference_has_clause_examples_of_both_kinds() {
    let blocks = blocks(&language_doc());
    assert!(
        blocks.len() >= 40,
        "docs/language.md: only {} ```clause blocks",
        blocks.len()
    );
    assert!(blocks.iter().any(|b| b.error), "no ```clause,erreur block");
    assert!(
        blocks.iter().any(|b| b.is_complete() && !b.error),
        "no complete version"
    );
    assert!(
        blocks.iter().any(|b| !b.is_complete() && !b.error),
        "no fragment"
    );
}

#[test]
fn every_clause_block_parses() {
    let mut failures = Vec::new();
    for block in blocks(&language_doc()).iter().filter(|b| !b.error) {
        let parsed = clause_grammar::parse(FileId(0), &block.source());
        if parsed.file.is_none() || !parsed.errors.is_empty() {
            failures.push(format!(
                "docs/language.md:{}: {:?}",
                block.line, parsed.errors
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "blocks that do not parse:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_complete_version_checks_without_error_and_passes_its_examples() {
    let shipped = shipped();
    let mut failures = Vec::new();
    for block in blocks(&language_doc())
        .iter()
        .filter(|b| b.is_complete() && !b.error)
    {
        let found = diagnostics(block, &shipped);
        let errors: Vec<Diagnostic> = found
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            failures.push(format!(
                "docs/language.md:{}:\n{}",
                block.line,
                describe(&errors)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "complete versions with errors:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_error_block_produces_the_diagnostics_it_announces() {
    let shipped = shipped();
    let mut failures = Vec::new();
    for block in blocks(&language_doc()).iter().filter(|b| b.error) {
        let found = diagnostics(block, &shipped);
        if found.is_empty() {
            failures.push(format!("docs/language.md:{}: checks cleanly", block.line));
        }
        for code in &block.codes {
            if !found.iter().any(|d| d.code.as_str() == code) {
                failures.push(format!(
                    "docs/language.md:{}: announces {code}, found:\n{}",
                    block.line,
                    describe(&found)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "error blocks:\n{}",
        failures.join("\n")
    );
}

/// Every accented keyword spelling of the grammar (`"signé" | "signe"`), with its ASCII twin.
fn accented_keywords(grammar: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for line in grammar
        .lines()
        .filter(|l| l.trim_start().starts_with("kw_"))
    {
        let quoted: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        for accented in quoted.iter().filter(|w| !w.is_ascii()) {
            let ascii: String = accented
                .chars()
                .map(|c| match c {
                    'é' | 'è' | 'ê' => 'e',
                    'à' | 'â' => 'a',
                    'ç' => 'c',
                    'î' => 'i',
                    'ô' => 'o',
                    'û' | 'ù' => 'u',
                    other => other,
                })
                .collect();
            if ascii != *accented && quoted.contains(&ascii.as_str()) {
                pairs.push((accented.to_string(), ascii));
            }
        }
    }
    pairs
}

#[test]
fn the_keyword_table_lists_every_accented_keyword_with_its_ascii_spelling() {
    let grammar = read(&root().join("grammar/src/clause.pest"));
    let doc = language_doc();
    let pairs = accented_keywords(&grammar);
    assert!(
        pairs.len() >= 20,
        "the grammar's accented keywords were not found: {pairs:?}"
    );
    let missing: Vec<String> = pairs
        .iter()
        .filter(|(accented, ascii)| {
            !doc.lines().any(|l| {
                l.starts_with('|')
                    && l.contains(&format!("`{accented}`"))
                    && l.contains(&format!("`{ascii}`"))
            })
        })
        .map(|(accented, ascii)| format!("{accented} / {ascii}"))
        .collect();
    assert!(
        missing.is_empty(),
        "keywords missing from the table of docs/language.md:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_diagnostic_code_is_listed_with_a_link_to_its_page() {
    let doc = language_doc();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|code| !doc.contains(&format!("[{code}](diagnostics/{code}.md)")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from docs/language.md: {missing:?}"
    );
}
