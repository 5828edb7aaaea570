//! Parsing as a pure function: text in, syntax tree and syntax errors out. Never panics.

use crate::ast::SourceFile;
use crate::comments;
use crate::limits::{MAX_FILE_BYTES, MAX_NESTING};
use crate::lower;
use crate::span::{FileId, Span};
use crate::syntax_error::{SyntaxError, SyntaxErrorKind};
use pest::Parser as _;

pub use crate::parsed::Parsed;
pub use crate::rules::GrammarRule;
use crate::rules::{ClauseParser, GrammarRule as Rule};

/// Parses one file. The comments are kept in the tree. A syntax error costs the entry it is in:
/// it is reported, the entry is left out (`skipped`), and the other entries are parsed.
pub fn parse(file: FileId, text: &str) -> Parsed {
    if let Some(refused) = beyond_limits(file, text) {
        return refused;
    }
    crate::entries::parse_by_entries(file, text)
}

/// The same parse with the grammar's `file` rule in a single pest run: the reference the
/// entry-by-entry parse is tested against. It stops at the first syntax error (no tree then),
/// which is the first syntax error `parse` reports.
pub fn parse_in_one_run(file: FileId, text: &str) -> Parsed {
    beyond_limits(file, text).unwrap_or_else(|| one_run(file, text))
}

/// A file too large or nested too deep for pest to read it safely.
fn beyond_limits(file: FileId, text: &str) -> Option<Parsed> {
    if text.len() > MAX_FILE_BYTES {
        return Some(failed(SyntaxError {
            kind: SyntaxErrorKind::FileTooLarge {
                size: text.len(),
                limit: MAX_FILE_BYTES,
            },
            span: Span::new(file, 0, 0),
            suggestion: None,
        }));
    }
    too_deep(text).map(|offset| {
        failed(SyntaxError {
            kind: SyntaxErrorKind::TooDeep { limit: MAX_NESTING },
            span: Span::new(file, offset, next_char_end(text, offset)),
            suggestion: None,
        })
    })
}

fn one_run(file: FileId, text: &str) -> Parsed {
    match ClauseParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let Some(root) = pairs.next() else {
                return Parsed {
                    file: Some(SourceFile {
                        declarations: vec![],
                        comments: vec![],
                    }),
                    errors: vec![],
                    skipped: vec![],
                };
            };
            let mut errors = Vec::new();
            let declarations = lower::declarations(file, root, &mut errors);
            let comments = comments::collect(file, text);
            Parsed {
                file: Some(SourceFile {
                    declarations,
                    comments,
                }),
                errors,
                skipped: vec![],
            }
        }
        Err(error) => failed(crate::pest_errors::from_pest(file, text, 0, error)),
    }
}

fn failed(error: SyntaxError) -> Parsed {
    Parsed {
        file: None,
        errors: vec![error],
        skipped: vec![],
    }
}

fn next_char_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8())
}

/// The offset where bracket nesting (outside strings and comments), a run of prefix operators
/// (`-`, `non`), or a pile of conditionals (`si`) first exceeds the limit. pest descends
/// recursively: this check keeps the stack safe before pest runs. A conditional's end cannot be
/// seen without parsing, so every `si` counts as one more level until the expression it stands
/// in is over: at a closing bracket, at a comma between entries, or at a word that starts an item.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut prefix_run) = (0usize, 0usize);
    // Conditionals counted at each open bracket level, and their sum.
    let (mut conditionals, mut pending) = (vec![0usize], 0usize);
    let (mut in_string, mut in_comment, mut escaped) = (false, false, false);
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if in_comment {
            in_comment = byte != b'\n';
        } else if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
        } else if is_word_byte(byte) && !bytes[..i].last().is_some_and(|b| is_word_byte(*b)) {
            let end = bytes[i..]
                .iter()
                .position(|b| !is_word_byte(*b))
                .map_or(bytes.len(), |n| i + n);
            let word = &bytes[i..end];
            if word == b"non" {
                prefix_run += 1;
                if prefix_run > MAX_NESTING {
                    return Some(i);
                }
            } else {
                prefix_run = 0;
                if word == b"si" {
                    pending += 1;
                    if let Some(level) = conditionals.last_mut() {
                        *level += 1;
                    }
                    if depth + pending > MAX_NESTING {
                        return Some(i);
                    }
                } else if starts_item(word) {
                    end_expression(&mut conditionals, &mut pending);
                }
            }
            i = end;
            continue;
        } else {
            match byte {
                b'"' => {
                    in_string = true;
                    prefix_run = 0;
                }
                b'#' => in_comment = true,
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    conditionals.push(0);
                    prefix_run = 0;
                    if depth + pending > MAX_NESTING {
                        return Some(i);
                    }
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    end_expression(&mut conditionals, &mut pending);
                    if conditionals.len() > 1 {
                        conditionals.pop();
                    }
                    prefix_run = 0;
                }
                // A comma between digits is a decimal comma, inside a number.
                b',' if !(i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) =>
                {
                    end_expression(&mut conditionals, &mut pending);
                    prefix_run = 0;
                }
                b' ' | b'\t' | b'\r' | b'\n' => {}
                b'-' => {
                    prefix_run += 1;
                    if prefix_run > MAX_NESTING {
                        return Some(i);
                    }
                }
                _ => prefix_run = 0,
            }
        }
        i += 1;
    }
    None
}

/// The conditionals of the innermost bracket level are over.
fn end_expression(conditionals: &mut [usize], pending: &mut usize) {
    if let Some(level) = conditionals.last_mut() {
        *pending -= *level;
        *level = 0;
    }
}

/// Reserved words that begin an item or an attribute: no expression goes on past them.
fn starts_item(word: &[u8]) -> bool {
    const WORDS: [&str; 32] = [
        "accord",
        "avenant",
        "statut",
        "entrée",
        "entree",
        "tranches",
        "enveloppe",
        "valeur",
        "résultat",
        "resultat",
        "mission",
        "condition",
        "vérifier",
        "verifier",
        "exemple",
        "ajoute",
        "remplace",
        "retire",
        "source",
        "hypothèse",
        "hypothese",
        "versement",
        "attendu",
        "part",
        "démarrage",
        "demarrage",
        "déploiement",
        "deploiement",
        "indicateur",
        "énumération",
        "enumeration",
        "signé",
    ];
    WORDS.iter().any(|w| w.as_bytes() == word)
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}
