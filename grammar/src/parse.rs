//! Parsing as a pure function: text in, syntax tree and syntax errors out. Never panics.

use crate::ast::SourceFile;
use crate::comments;
use crate::limits::{MAX_FILE_BYTES, MAX_NESTING};
use crate::lower;
use crate::span::{FileId, Span};
use crate::syntax_error::{SyntaxError, SyntaxErrorKind};
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "clause.pest"]
pub(crate) struct ClauseParser;

pub use self::Rule as GrammarRule;

/// The result of parsing one file: the tree when the file follows the grammar, and the errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub file: Option<SourceFile>,
    pub errors: Vec<SyntaxError>,
}

/// Parses one file. The comments are kept in the tree; a file that does not parse yields its
/// first syntax error (pest stops at the first one) with what was expected there.
pub fn parse(file: FileId, text: &str) -> Parsed {
    if text.len() > MAX_FILE_BYTES {
        return failed(SyntaxError {
            kind: SyntaxErrorKind::FileTooLarge { size: text.len(), limit: MAX_FILE_BYTES },
            span: Span::new(file, 0, 0),
        });
    }
    if let Some(offset) = too_deep(text) {
        return failed(SyntaxError {
            kind: SyntaxErrorKind::TooDeep { limit: MAX_NESTING },
            span: Span::new(file, offset, next_char_end(text, offset)),
        });
    }
    match ClauseParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let Some(root) = pairs.next() else {
                return Parsed { file: Some(SourceFile { declarations: vec![], comments: vec![] }), errors: vec![] };
            };
            let mut errors = Vec::new();
            let declarations = lower::declarations(file, root, &mut errors);
            let comments = comments::collect(file, text);
            Parsed { file: Some(SourceFile { declarations, comments }), errors }
        }
        Err(error) => failed(crate::syntax_error::from_pest(file, text, error)),
    }
}

fn failed(error: SyntaxError) -> Parsed {
    Parsed { file: None, errors: vec![error] }
}

fn next_char_end(text: &str, offset: usize) -> usize {
    text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8())
}

/// The offset where bracket nesting (outside strings and comments), or a run of prefix
/// operators (`-`, `non`), first exceeds the limit. pest descends recursively: this check keeps
/// the stack safe before pest runs.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut prefix_run) = (0usize, 0usize);
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
        } else {
            match byte {
                b'"' => {
                    in_string = true;
                    prefix_run = 0;
                }
                b'#' => in_comment = true,
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    prefix_run = 0;
                    if depth > MAX_NESTING {
                        return Some(i);
                    }
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    prefix_run = 0;
                }
                b' ' | b'\t' | b'\r' | b'\n' => {}
                b'-' => {
                    prefix_run += 1;
                    if prefix_run > MAX_NESTING {
                        return Some(i);
                    }
                }
                b'n' if is_word_at(bytes, i, b"non") => {
                    prefix_run += 1;
                    if prefix_run > MAX_NESTING {
                        return Some(i);
                    }
                    i += 3;
                    continue;
                }
                _ => prefix_run = 0,
            }
        }
        i += 1;
    }
    None
}

fn is_word_at(bytes: &[u8], at: usize, word: &[u8]) -> bool {
    let is_word_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    bytes[at..].starts_with(word)
        && !bytes.get(at + word.len()).is_some_and(is_word_byte)
        && (at == 0 || !is_word_byte(&bytes[at - 1]))
}
