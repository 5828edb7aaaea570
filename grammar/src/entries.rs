//! Parsing a file one body entry at a time: pest reads each declaration's head, then each entry
//! of its body, in separate runs. A PEG reads `item*` as a sequence of `item`s from the same
//! positions, so the tree is the one a single run of the `file` rule gives; but pest's token queue
//! stays the size of one entry instead of the whole file, which keeps a large file's parse in the
//! processor's caches (and linear in time). Any failure hands over to the single run, which
//! reports the syntax error.

use crate::ast::{DeclarationKind, Item, SourceFile};
use crate::comments;
use crate::lower;
use crate::parse::{ClauseParser, GrammarRule as Rule, Parsed};
use crate::span::FileId;
use crate::syntax_error::SyntaxError;
use pest::Parser as _;

/// The file parsed entry by entry; `None` when it does not parse that way (a syntax error, or text
/// between declarations): the caller then parses it in one run.
pub(crate) fn parse_by_entries(file: FileId, text: &str) -> Option<Parsed> {
    let mut errors = Vec::new();
    let mut declarations = Vec::new();
    let mut position = skip_trivia(text, 0);
    while position < text.len() {
        let rest = &text[position..];
        let head = match ClauseParser::parse(Rule::agreement_head, rest) {
            Ok(pairs) => pairs,
            Err(_) => ClauseParser::parse(Rule::amendment_head, rest).ok()?,
        }
        .next()?;
        let head_end = position + head.as_span().end();
        let mut declaration = lower::declaration_head(file, position, head, &mut errors);
        let mut at = skip_trivia(text, head_end);
        // The body's repetition ends where no entry starts: at the closing brace.
        while !text[at..].starts_with('}') {
            let (item, next) = entry_at(file, text, at, declaration.kind, &mut errors)?;
            declaration.items.push(item);
            at = next;
        }
        declaration.span.end = at + 1;
        declarations.push(declaration);
        position = skip_trivia(text, at + 1);
    }
    Some(Parsed {
        file: Some(SourceFile {
            declarations,
            comments: comments::collect(file, text),
        }),
        errors,
    })
}

/// The body entry starting at `position` and where the next one may start (after the whitespace
/// and comments that follow it); `None` when no entry parses there.
pub(crate) fn entry_at(
    file: FileId,
    text: &str,
    position: usize,
    kind: DeclarationKind,
    errors: &mut Vec<SyntaxError>,
) -> Option<(Item, usize)> {
    let rule = match kind {
        DeclarationKind::Agreement => Rule::agreement_entry,
        DeclarationKind::Amendment => Rule::amendment_entry,
    };
    let entry = ClauseParser::parse(rule, text.get(position..)?)
        .ok()?
        .next()?;
    let raw_end = position + entry.as_span().end();
    if raw_end == position {
        return None;
    }
    let item = lower::body_entry(file, position, entry, errors)?;
    Some((item, skip_trivia(text, raw_end)))
}

/// The whitespace and comments pest skips between two tokens (`WHITESPACE` and `COMMENT`).
pub(crate) fn skip_trivia(text: &str, mut position: usize) -> usize {
    let rest = text.get(position..).unwrap_or("");
    let mut chars = rest.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            ' ' | '\t' | '\r' | '\n' | '\u{A0}' | '\u{202F}' => {
                position += c.len_utf8();
                chars.next();
            }
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        // The comment's line end, whitespace, goes with it.
                        position += 1;
                        break;
                    }
                    position += c.len_utf8();
                }
            }
            _ => break,
        }
    }
    position
}
