//! Where a body entry starts and ends in the text, and the syntax error of an entry that does not
//! parse: read by the parse entry by entry, by the recovery after an error and by the incremental
//! re-parse.

use crate::ast::{DeclarationKind, Item};
use crate::lower;
use crate::pest_errors::{error_offset, from_pest};
use crate::rules::{ClauseParser, GrammarRule as Rule};
use crate::span::FileId;
use crate::syntax_error::SyntaxError;
use pest::Parser as _;

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

/// The error a full parse reports when an entry does not parse, read from `window_start` (the
/// entry before the failing one, whose last attempts at a continuation read into it). The full
/// parse reads the body's entries up to the failing one, then tries the closing brace, and
/// reports the furthest position it reached with what it tried there: the same as reading the
/// body from the window on. `None` when pest stops at the window's first character (a rule
/// failing where it starts reports itself instead of what it tried, unlike the full parse).
pub(crate) fn syntax_error(
    file: FileId,
    new_text: &str,
    window_start: usize,
    kind: DeclarationKind,
) -> Option<SyntaxError> {
    let rule = match kind {
        DeclarationKind::Agreement => Rule::agreement_rest,
        DeclarationKind::Amendment => Rule::amendment_rest,
    };
    let error = ClauseParser::parse(rule, &new_text[window_start..]).err()?;
    if error_offset(&error) == 0 {
        return None;
    }
    Some(from_pest(file, new_text, window_start, error))
}
