//! Going on after a syntax error: where the entry that does not parse ends (the next line, at the
//! same bracket depth, where an entry, the closing brace or a declaration starts), and the error
//! to report for it. A drafter's mistake then costs the entry it is in, not the file.

use crate::ast::DeclarationKind;
use crate::entry_scan::{entry_at, skip_trivia, syntax_error};
use crate::pest_errors::from_pest;
use crate::rules::{ClauseParser, GrammarRule as Rule};
use crate::span::{FileId, Span};
use crate::syntax_error::{Suggestion, SyntaxError, SyntaxErrorKind};
use pest::Parser as _;

/// Where the parse goes on after an entry that does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resume {
    /// At the start of the next entry of the same body.
    Entry(usize),
    /// At the closing brace of the body.
    Close(usize),
    /// The body's closing brace is missing: the declaration ends here, where the next one (or
    /// the end of the file) is.
    Declaration(usize),
}

impl Resume {
    pub(crate) fn offset(self) -> usize {
        match self {
            Resume::Entry(at) | Resume::Close(at) | Resume::Declaration(at) => at,
        }
    }
}

/// The error of the entry at `at` that does not parse. The first of the file is the one the
/// grammar's `file` rule reports in one run (the reference parse); the next ones are read from
/// `window` (the entry before, whose continuations read into this one) with the body's rule.
pub(crate) fn entry_error(
    file: FileId,
    text: &str,
    window: usize,
    at: usize,
    kind: DeclarationKind,
    first: bool,
) -> SyntaxError {
    let mut error = first
        .then(|| whole_file_error(file, text))
        .flatten()
        .or_else(|| syntax_error(file, text, window, kind))
        .or_else(|| syntax_error(file, text, at, kind))
        .unwrap_or_else(|| unexpected(file, text, at, entry_words()));
    if let Some(misplaced) = misplaced(file, text, at, &error) {
        error = misplaced;
    }
    if let Some(suggestion) = &mut error.suggestion {
        suggestion.proven = proves(
            file,
            text,
            window,
            kind,
            error.span,
            &suggestion.replacement,
        );
    }
    error
}

/// An entry written where it does not belong (a mission's deadline outside the mission, a
/// `hypothèse` under a condition, a band outside its `tranches`, an item inside a mission), or a
/// payment rule without its `versement`.
fn misplaced(file: FileId, text: &str, at: usize, error: &SyntaxError) -> Option<SyntaxError> {
    if let Some(unfinished) = unfinished(file, text, error) {
        return Some(unfinished);
    }
    let word = first_word(text, at);
    let span = Span::new(file, at, at + word.len());
    let place = match word {
        "démarrage" | "demarrage" | "déploiement" | "deploiement" | "indicateur" => {
            "dans le bloc de sa `mission`"
        }
        "hypothèse" | "hypothese" => {
            "sous l'enveloppe, la valeur, le résultat ou l'entrée qu'elle justifie"
        }
        "avance" | "solde" | "variable" | "chaque" => {
            return Some(SyntaxError {
                kind: SyntaxErrorKind::Unexpected {
                    expected: vec!["`versement`".into()],
                    found: Some(word.to_string()),
                },
                span,
                suggestion: Some(Suggestion {
                    replacement: format!("versement {word}"),
                    missing: Some("versement".into()),
                    proven: false,
                }),
            });
        }
        "mission" if error.span.start > at => {
            let found = first_word(text, error.span.start);
            if !TOP_LEVEL_WORDS.contains(&found) {
                return None;
            }
            // Indented as the mission's own lines, the entry was put in it; at the mission's
            // own indentation, it follows the mission, whose `}` was forgotten.
            let kind = if column(text, error.span.start) > column(text, at) {
                SyntaxErrorKind::Misplaced {
                    word: found.to_string(),
                    place: "dans le corps de l'accord, hors du bloc de la mission",
                }
            } else {
                SyntaxErrorKind::UnclosedMission {
                    word: found.to_string(),
                }
            };
            return Some(SyntaxError {
                kind,
                span: Span::new(file, error.span.start, error.span.start + found.len()),
                suggestion: None,
            });
        }
        _ if ClauseParser::parse(Rule::band, &text[at..]).is_ok() => {
            "dans le bloc `tranches … selon … { … }` de son découpage"
        }
        _ => return None,
    };
    Some(SyntaxError {
        kind: SyntaxErrorKind::Misplaced {
            word: word.to_string(),
            place,
        },
        span,
        suggestion: None,
    })
}

/// An error at the start of a line whose line above ends on an operator: the operand is missing
/// there, not where the parse noticed it.
fn unfinished(file: FileId, text: &str, error: &SyntaxError) -> Option<SyntaxError> {
    let before = &text[..error.span.start];
    let line_start = before.rfind('\n')?;
    if !before[line_start..].trim().is_empty() {
        return None;
    }
    let previous = before[..line_start].trim_end();
    let operator = previous.chars().next_back()?;
    if !matches!(
        operator,
        '×' | '*' | '+' | '-' | '/' | '=' | '(' | ',' | '<' | '>' | '≤' | '≥'
    ) {
        return None;
    }
    let end = previous.len();
    Some(SyntaxError {
        kind: SyntaxErrorKind::Unfinished {
            operator: operator.to_string(),
        },
        span: Span::new(file, end - operator.len_utf8(), end),
        suggestion: None,
    })
}

/// The column of `offset` in its line, in characters.
fn column(text: &str, offset: usize) -> usize {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..offset].chars().count()
}

/// Words that start an entry of the agreement's body, never of a mission's.
const TOP_LEVEL_WORDS: [&str; 16] = [
    "référence",
    "reference",
    "tranches",
    "entrée",
    "entree",
    "valeur",
    "résultat",
    "resultat",
    "condition",
    "vérifier",
    "verifier",
    "exemple",
    "mission",
    "statut",
    "énumération",
    "enumeration",
];

/// Whether replacing `span` by `replacement` makes the body's entries, read from `window`, parse
/// past the end of the corrected line: the mistake is gone and no other error takes its place.
fn proves(
    file: FileId,
    text: &str,
    window: usize,
    kind: DeclarationKind,
    span: Span,
    replacement: &str,
) -> bool {
    let Some(before) = text.get(..span.start) else {
        return false;
    };
    let edited = format!("{before}{replacement}{}", &text[span.end..]);
    let corrected_end = span.start + replacement.len();
    let line_end = edited[corrected_end..]
        .find('\n')
        .map_or(edited.len(), |i| corrected_end + i);
    let mut errors = Vec::new();
    let mut position = window;
    while position <= line_end && !edited[position..].starts_with('}') {
        match entry_at(file, &edited, position, kind, &mut errors) {
            Some((_, next)) => position = next,
            None => return false,
        }
    }
    errors.is_empty()
}

/// The error of text that does not start a declaration, at `at`.
pub(crate) fn declaration_error(file: FileId, text: &str, at: usize, first: bool) -> SyntaxError {
    let from_here = || match ClauseParser::parse(Rule::file, &text[at..]) {
        Err(error) => Some(from_pest(file, text, at, error)),
        Ok(_) => None,
    };
    first
        .then(|| whole_file_error(file, text))
        .flatten()
        .or_else(from_here)
        .unwrap_or_else(|| unexpected(file, text, at, vec!["`accord`".into(), "`avenant`".into()]))
}

fn whole_file_error(file: FileId, text: &str) -> Option<SyntaxError> {
    ClauseParser::parse(Rule::file, text)
        .err()
        .map(|error| from_pest(file, text, 0, error))
}

fn entry_words() -> Vec<String> {
    vec![
        "`}`".into(),
        "un élément (`enveloppe`, `valeur`, `mission`…)".into(),
    ]
}

fn unexpected(file: FileId, text: &str, at: usize, expected: Vec<String>) -> SyntaxError {
    let found: Option<String> = text[at..]
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .or_else(|| text[at..].chars().next().map(String::from));
    let end = at + found.as_ref().map_or(0, String::len);
    SyntaxError {
        kind: SyntaxErrorKind::Unexpected { expected, found },
        span: Span::new(file, at, end),
        suggestion: None,
    }
}

/// The part of the text left out, from `start` to `end` without the blank space before `end`.
pub(crate) fn skipped_span(file: FileId, text: &str, start: usize, end: usize) -> Span {
    let end = start + text[start..end].trim_end().len();
    Span::new(file, start, end.max(start))
}

/// Where a body's entries go on after the entry at `from` that does not parse: the first line
/// after it, at the bracket depth the entry started at, that starts an entry, closes the body or
/// starts a declaration. When a bracket the entry opened is never closed, the first line that
/// starts an entry or a declaration, whatever the depth.
pub(crate) fn resume(file: FileId, text: &str, from: usize, kind: DeclarationKind) -> Resume {
    if let Some(found) = scan(text, from, true, |p| classify(file, text, p, kind)) {
        return found;
    }
    scan(text, from, false, |p| {
        classify(file, text, p, kind).filter(|r| !matches!(r, Resume::Close(_)))
    })
    .unwrap_or(Resume::Declaration(text.len()))
}

/// Where the text after `from` (which starts no declaration) goes on: the next line that starts
/// one, or the end of the file.
pub(crate) fn next_declaration(text: &str, from: usize) -> usize {
    scan(text, from, false, |p| {
        starts_declaration(text, p).then_some(Resume::Declaration(p))
    })
    .map_or(text.len(), Resume::offset)
}

fn classify(file: FileId, text: &str, at: usize, kind: DeclarationKind) -> Option<Resume> {
    if text[at..].starts_with('}') {
        Some(Resume::Close(at))
    } else if starts_declaration(text, at) {
        Some(Resume::Declaration(at))
    } else if starts_with_entry_keyword(text, at, kind)
        || (!continues_an_entry(text, at)
            && entry_at(file, text, at, kind, &mut Vec::new()).is_some())
    {
        Some(Resume::Entry(at))
    } else {
        None
    }
}

/// Whether the line at `at` starts with a word that begins an entry of a body (not a
/// continuation such as `versement` or `attendu`): there the next entry starts, whether it parses
/// or not (it then reports its own error).
fn starts_with_entry_keyword(text: &str, at: usize, kind: DeclarationKind) -> bool {
    const ENTRY_WORDS: [&str; 29] = [
        "référence",
        "reference",
        "enveloppe",
        "valeur",
        "mission",
        "vérifier",
        "verifier",
        "exemple",
        "résultat",
        "resultat",
        "condition",
        "statut",
        "signé",
        "signe",
        "publié",
        "publie",
        "proposé",
        "propose",
        "en",
        "durée",
        "duree",
        "applicable",
        "dates",
        "énumération",
        "enumeration",
        "entrée",
        "entree",
        "tranches",
        "tranche",
    ];
    const AMENDMENT_WORDS: [&str; 4] = ["ajoute", "remplace", "retire", "revalorise"];
    let word = first_word(text, at);
    ENTRY_WORDS.contains(&word)
        || (kind == DeclarationKind::Amendment && AMENDMENT_WORDS.contains(&word))
}

/// Whether the line at `at` continues the entry above it (`source` and `hypothèse` are also
/// entries of their own, but after an entry left out they most likely belong to it).
fn continues_an_entry(text: &str, at: usize) -> bool {
    matches!(
        first_word(text, at),
        "source" | "hypothèse" | "hypothese" | "versement" | "attendu" | "part"
    )
}

fn first_word(text: &str, at: usize) -> &str {
    text[at..]
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default()
}

fn starts_declaration(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    ClauseParser::parse(Rule::agreement_head, rest).is_ok()
        || ClauseParser::parse(Rule::amendment_head, rest).is_ok()
}

/// Calls `at_line` with the first non-blank offset of each line after `from` (at the starting
/// bracket depth when `nested` is true) until it answers. A closing brace below the starting
/// depth in the middle of a line closes the body.
fn scan(
    text: &str,
    from: usize,
    nested: bool,
    mut at_line: impl FnMut(usize) -> Option<Resume>,
) -> Option<Resume> {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut in_comment) = (0usize, false, false);
    let mut i = from;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'\n' => {
                in_string = false;
                in_comment = false;
                if depth == 0 || !nested {
                    let next = skip_trivia(text, i + 1);
                    if next >= text.len() {
                        return None;
                    }
                    if let Some(found) = at_line(next) {
                        return Some(found);
                    }
                }
            }
            _ if in_comment => {}
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            _ if in_string => {}
            b'#' => in_comment = true,
            b'{' | b'[' | b'(' => depth += 1,
            b'}' if depth == 0 && nested => return Some(Resume::Close(i)),
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::parse::parse;
    use crate::span::FileId;

    const TEXT: &str = "accord a {\n  statut projet\n  valeur x = 1 ×\n  valeur y = 2\n  valeur z = 90 00 €\n  mission m socle {\n    démarrage au plus tard 6 mois aprés signature\n  }\n  valeur w = 3\n}\n\navenant b modifie a {\n  remplace valeu y = 4\n  ajoute valeur v = 5\n}\n";

    #[test]
    fn each_syntax_error_costs_its_entry_and_the_parse_goes_on() {
        let parsed = parse(FileId(0), TEXT);
        assert_eq!(parsed.errors.len(), 4, "{:#?}", parsed.errors);
        assert_eq!(parsed.skipped.len(), 4);
        let file = parsed.file.expect("a tree");
        let names: Vec<Vec<String>> = file
            .declarations
            .iter()
            .map(|d| {
                d.items
                    .iter()
                    .map(|i| {
                        TEXT[i.span.start..i.span.end]
                            .split_whitespace()
                            .take(2)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            names,
            vec![
                vec!["statut projet", "valeur y", "valeur w"],
                vec!["ajoute valeur"],
            ]
        );
    }

    #[test]
    fn text_that_starts_no_declaration_is_skipped_to_the_next_one() {
        let text = "n'importe quoi\naccord a {\n  statut projet\n}\n";
        let parsed = parse(FileId(0), text);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.file.map(|f| f.declarations.len()), Some(1));
    }

    #[test]
    fn a_missing_closing_brace_ends_the_declaration_before_the_next() {
        let text = "accord a {\n  statut projet\n  mission m socle {\n    démarrage libre\n\navenant b modifie a {\n  ajoute valeur v = 5\n}\n";
        let parsed = parse(FileId(0), text);
        assert!(!parsed.errors.is_empty());
        let file = parsed.file.expect("a tree");
        assert_eq!(file.declarations.len(), 2, "{:#?}", parsed.errors);
        assert_eq!(file.declarations[1].items.len(), 1);
    }
}
