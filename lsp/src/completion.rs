//! Completion: the keywords the grammar accepts at the cursor (asked of the parser itself, on the
//! text before the cursor), the names in scope, band names inside a band table, and snippets for
//! a mission and an amendment.

use crate::keywords;
use crate::navigation::NameKind;
use crate::snapshot::Snapshot;
use crate::text::word_start_before;
use clause_compiler::ir::{Symbol, Version, VersionKind};
use clause_compiler::FileId;
use clause_grammar::SyntaxErrorKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CompletionKind {
    Keyword,
    Name(NameKind),
    Snippet,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// The text to insert; a snippet with `$1` placeholders when `kind` is `Snippet`.
    pub insert: String,
}

/// What the grammar expects where the cursor is.
struct Expected {
    keywords: Vec<String>,
    names: bool,
    top_level: bool,
    items: bool,
}

pub fn completion(snapshot: &Snapshot, file: FileId, offset: usize) -> Vec<Completion> {
    let text = snapshot.text(file);
    let offset = offset.min(text.len());
    let start = word_start_before(text, offset);
    let expected = expected_at(text, start, file);
    let mut items = Vec::new();

    if let Some(set) = band_table_at(snapshot, file, start) {
        for band in &set {
            items.push(Completion {
                label: band.0.clone(),
                kind: CompletionKind::Name(NameKind::Band),
                detail: band.1.clone(),
                insert: format!("{}: ", band.0),
            });
        }
        return items;
    }
    // After an operand (`contient` is then expected too), `de` opens `… de la base`: offered
    // whole, and only in an amendment, the one version that has a base.
    let after_operand = expected.keywords.iter().any(|k| k == "contient");
    let in_amendment = snapshot
        .version_at(file, start)
        .and_then(|v| snapshot.analysis.versions.get(v))
        .is_some_and(|v| matches!(v.kind, VersionKind::Consolidated { .. }));
    for keyword in &expected.keywords {
        let keyword = match keyword.as_str() {
            "de" if after_operand && in_amendment => "de la base".to_string(),
            "de" if after_operand => continue,
            _ => keyword.clone(),
        };
        let keyword = &keyword;
        // `de la base` is told by `base`; any other keyword by its first word.
        let word = keyword.strip_prefix("de la ").unwrap_or(keyword);
        let doc = word
            .split_whitespace()
            .next()
            .and_then(keywords::keyword)
            .map(|k| k.doc.to_string());
        items.push(Completion {
            label: keyword.clone(),
            kind: CompletionKind::Keyword,
            detail: doc,
            insert: keyword.clone(),
        });
    }
    if expected.names {
        if let Some(version) = snapshot
            .version_at(file, start)
            .and_then(|v| snapshot.analysis.versions.get(v))
            .or_else(|| fallback_version(snapshot, file))
        {
            if word_before(text, start) == Some("source") {
                references_in_scope(version, &mut items);
            } else if let Some(after) = second_criterion(text, start) {
                criteria_in_scope(version, after == "selon", &mut items);
            } else {
                names_in_scope(version, after_par(text, start), &mut items);
            }
        }
    }
    if expected.items {
        // A band set with its declared domain (`, à partir de …`: delete it for `[0, ∞)`).
        items.push(snippet("tranches", "tranches nom selon entrée, à partir de N { … }", "tranches ${1:taille} selon ${2:habitants}${3:, à partir de 0} {\n  ${4:petite} : moins de ${5:10}\n  ${6:grande} : à partir de ${5:10}\n}"));
        items.push(snippet("mission", "mission nom \"Libellé\" socle { … }", "mission ${1:nom} \"${2:Libellé}\" ${3|socle,optionnelle|} {\n  démarrage au plus tard ${4:6} mois après signature\n  déploiement au plus tard ${5:18} mois après signature\n  enveloppe par taille [${6:0 €}]\n  indicateur \"${7:indicateur}\"\n}"));
    }
    if expected.top_level {
        let base = snapshot
            .analysis
            .versions
            .first()
            .map_or("base", |v| v.name.as_str())
            .to_string();
        items.push(snippet(
            "avenant",
            "avenant nom \"Titre\" modifie base { … }",
            &format!("avenant ${{1:nom}} \"${{2:Titre}}\" modifie ${{3:{base}}} {{\n  statut ${{4|projet,proposé,signé|}}\n  source \"${{5:source}}\"\n  $0\n}}"),
        ));
        items.push(snippet("accord", "accord nom \"Titre\" { … }", "accord ${1:nom} \"${2:Titre}\" {\n  statut ${3|projet,proposé,signé|}\n  source \"${4:source}\"\n  $0\n}"));
    }
    items.sort_by(|a, b| {
        a.label
            .cmp(&b.label)
            .then(a.kind.rank().cmp(&b.kind.rank()))
    });
    items.dedup_by(|a, b| a.label == b.label && a.kind == b.kind);
    items
}

fn snippet(label: &str, detail: &str, body: &str) -> Completion {
    Completion {
        label: label.to_string(),
        kind: CompletionKind::Snippet,
        detail: Some(detail.to_string()),
        insert: body.to_string(),
    }
}

impl CompletionKind {
    fn rank(self) -> u8 {
        match self {
            CompletionKind::Keyword => 0,
            CompletionKind::Name(_) => 1,
            CompletionKind::Snippet => 2,
        }
    }
}

/// Parses the text before the cursor: where it stops at the cursor, pest says what it expected.
fn expected_at(text: &str, start: usize, file: FileId) -> Expected {
    let prefix = &text[..start];
    let parsed = clause_grammar::parse(file, prefix);
    let error = parsed.errors.into_iter().find_map(|e| match e.kind {
        SyntaxErrorKind::Unexpected { expected, .. } => Some((e.span.start, expected)),
        _ => None,
    });
    let at_cursor = |position: usize| prefix[position.min(prefix.len())..].trim().is_empty();
    match error {
        Some((position, expected)) if at_cursor(position) => {
            let mut keywords = Vec::new();
            let mut names = false;
            let mut items = false;
            let mut top_level = false;
            for word in &expected {
                // Every word in backquotes is a keyword, also inside a description
                // (`vrai` ou `faux`, un statut (`projet`, `proposé`, `signé`)): the label
                // offered is the keyword alone, never the description's markup.
                for keyword in word.split('`').skip(1).step_by(2) {
                    if keyword.chars().next().is_some_and(char::is_alphabetic)
                        && keyword
                            .chars()
                            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'')
                        && !keywords.iter().any(|k| k == keyword)
                    {
                        keywords.push(keyword.to_string());
                    }
                    items |= keyword == "mission";
                    top_level |= keyword == "avenant";
                }
                names |= word == "un identifiant"
                    || word == "une expression"
                    || word == "une affectation `nom = valeur`";
            }
            Expected {
                keywords,
                names,
                top_level,
                items,
            }
        }
        Some(_) => Expected {
            keywords: item_keywords(),
            names: true,
            top_level: false,
            items: true,
        },
        // The text before the cursor is complete: a new declaration may start here.
        None => Expected {
            keywords: vec!["accord".into(), "avenant".into()],
            names: false,
            top_level: true,
            items: false,
        },
    }
}

fn item_keywords() -> Vec<String> {
    [
        "enveloppe",
        "valeur",
        "résultat",
        "mission",
        "entrée",
        "tranches",
        "énumération",
        "condition",
        "vérifier",
        "exemple",
        "source",
        "référence",
        "hypothèse",
        "dates ambiguës",
        "ajoute",
        "remplace",
        "retire",
        "revalorise",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A version to take names from when the cursor's declaration does not parse: the file's first.
fn fallback_version(snapshot: &Snapshot, file: FileId) -> Option<&Version> {
    snapshot.analysis.versions.iter().find(|v| v.file == file)
}

/// `par A et ` or `selon A et ` before the cursor: the second criterion of a table by two
/// criteria, or the second input of a table of rules, is expected (`par` or `selon` returned).
fn second_criterion(text: &str, start: usize) -> Option<&'static str> {
    let words: Vec<&str> = text[..start].split_whitespace().rev().take(3).collect();
    match words.as_slice() {
        ["et", _, "par"] => Some("par"),
        ["et", _, "selon"] => Some("selon"),
        _ => None,
    }
}

/// The criteria a table may take: band sets and enumerated inputs, or (`numeric`) the numeric
/// inputs a table of rules reads.
fn criteria_in_scope(version: &Version, numeric: bool, items: &mut Vec<Completion>) {
    for (name, symbol) in &version.symbols {
        let (kind, detail) = match *symbol {
            Symbol::BandSet(id) if !numeric => (
                NameKind::BandSet,
                version
                    .band_sets
                    .get(id)
                    .map(|s| format!("tranches selon `{}`", s.dimension_name)),
            ),
            Symbol::Input(id) => {
                let Some(input) = version.inputs.get(id) else {
                    continue;
                };
                let fits = if numeric {
                    input.ty.is_numeric()
                } else {
                    matches!(input.ty, clause_compiler::types::Type::Enum(_))
                };
                if !fits {
                    continue;
                }
                (
                    NameKind::Input,
                    Some(format!("entrée : {}", input.ty.french())),
                )
            }
            _ => continue,
        };
        items.push(Completion {
            label: name.clone(),
            kind: CompletionKind::Name(kind),
            detail,
            insert: name.clone(),
        });
    }
}

/// The keys of a criterion (a band set's bands, an enumerated input's variants), with labels.
fn criterion_keys(version: &Version, name: &str) -> Option<Vec<(String, Option<String>)>> {
    match version.symbols.get(name)? {
        Symbol::BandSet(id) => Some(
            version
                .band_sets
                .get(*id)?
                .bands
                .iter()
                .map(|b| (b.name.clone(), b.label.clone()))
                .collect(),
        ),
        Symbol::Input(id) => match version.inputs.get(*id)?.ty {
            clause_compiler::types::Type::Enum(e) => Some(
                version
                    .enums
                    .get(e)?
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), v.label.clone()))
                    .collect(),
            ),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the word before the cursor is `par` (a band set is expected).
fn after_par(text: &str, start: usize) -> bool {
    word_before(text, start) == Some("par")
}

fn word_before(text: &str, start: usize) -> Option<&str> {
    text[..start]
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
}

/// After `source`: the references the version may cite, with their words.
fn references_in_scope(version: &Version, items: &mut Vec<Completion>) {
    for reference in &version.references {
        items.push(Completion {
            label: reference.name.clone(),
            kind: CompletionKind::Name(NameKind::Reference),
            detail: Some(reference.short()),
            insert: reference.name.clone(),
        });
    }
}

fn names_in_scope(version: &Version, band_sets_only: bool, items: &mut Vec<Completion>) {
    for (name, symbol) in &version.symbols {
        let (kind, detail) = match *symbol {
            Symbol::BandSet(id) => (
                NameKind::BandSet,
                version
                    .band_sets
                    .get(id)
                    .map(|s| format!("tranches selon `{}`", s.dimension_name)),
            ),
            _ if band_sets_only => continue,
            Symbol::Input(id) => (
                NameKind::Input,
                version
                    .inputs
                    .get(id)
                    .map(|i| format!("entrée : {}", i.ty.french())),
            ),
            Symbol::Value(id) => {
                let Some(value) = version.values.get(id) else {
                    continue;
                };
                (crate_kind(value.kind), value.label.clone())
            }
            Symbol::Mission(id) => (
                NameKind::Mission,
                version.missions.get(id).and_then(|m| m.label.clone()),
            ),
            Symbol::Variant(e, v) => (
                NameKind::Variant,
                version
                    .enums
                    .get(e)
                    .and_then(|en| en.variants.get(v))
                    .and_then(|v| v.label.clone()),
            ),
            Symbol::Enum(_) | Symbol::Condition(_) => continue,
        };
        items.push(Completion {
            label: name.clone(),
            kind: CompletionKind::Name(kind),
            detail,
            insert: name.clone(),
        });
    }
}

fn crate_kind(kind: clause_grammar::ast::ValueKind) -> NameKind {
    match kind {
        clause_grammar::ast::ValueKind::Envelope => NameKind::Envelope,
        clause_grammar::ast::ValueKind::Value => NameKind::Value,
        clause_grammar::ast::ValueKind::Result => NameKind::Result,
    }
}

/// Inside a named band table (`par taille {` or `attendu {`, not yet closed): the bands of its
/// set, with their labels.
fn band_table_at(
    snapshot: &Snapshot,
    file: FileId,
    start: usize,
) -> Option<Vec<(String, Option<String>)>> {
    let text = snapshot.text(file);
    let open = innermost_open_bracket(&text[..start])?;
    let (position, bracket) = open;
    if bracket != '{' {
        return None;
    }
    let version = snapshot
        .version_at(file, start)
        .and_then(|v| snapshot.analysis.versions.get(v))
        .or_else(|| fallback_version(snapshot, file))?;
    // A table by two criteria: its rows, one per line, are named by the first criterion's keys.
    let header: Vec<&str> = text[..position].split_whitespace().rev().take(4).collect();
    if let [_, "et", rows, "par"] = header.as_slice() {
        let line = text[position + 1..start].rsplit('\n').next().unwrap_or("");
        return criterion_keys(version, rows).filter(|_| !line.contains(':'));
    }
    // Entries already written before the cursor and after a `:` are values, not band names.
    let inside = &text[position + 1..start];
    let last_part = inside.rsplit(',').next().unwrap_or("");
    if last_part.contains(':') {
        return None;
    }
    let before: Vec<&str> = text[..position].split_whitespace().rev().take(2).collect();
    // A table by two criteria: its rows are named by the first criterion's keys, the cells of a
    // row `{ … }` by the second's.
    if before.first().is_some_and(|w| w.ends_with(':')) {
        let (grid, _) = innermost_open_bracket(&text[..position])?;
        let header: Vec<&str> = text[..grid].split_whitespace().rev().take(4).collect();
        if let [columns, "et", _, "par"] = header.as_slice() {
            return criterion_keys(version, columns);
        }
    }
    let set = match before.as_slice() {
        [set_name, "par", ..] => match version.symbols.get(*set_name)? {
            Symbol::BandSet(id) => version.band_sets.get(*id)?,
            _ => return None,
        },
        ["attendu", ..] => version.band_sets.first()?,
        _ => return None,
    };
    Some(
        set.bands
            .iter()
            .map(|b| (b.name.clone(), b.label.clone()))
            .collect(),
    )
}

/// The innermost bracket left open at the end of `text` (outside strings and comments).
fn innermost_open_bracket(text: &str) -> Option<(usize, char)> {
    let mut stack = Vec::new();
    let mut in_string = false;
    let mut in_comment = false;
    for (i, c) in text.char_indices() {
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if in_string {
            in_string = !(c == '"' || c == '\n');
            continue;
        }
        match c {
            '"' => in_string = true,
            '#' => in_comment = true,
            '{' | '[' | '(' => stack.push((i, c)),
            '}' | ']' | ')' => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}
