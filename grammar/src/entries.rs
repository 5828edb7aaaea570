//! Parsing a file one body entry at a time: pest reads each declaration's head, then each entry
//! of its body, in separate runs. A PEG reads `item*` as a sequence of `item`s from the same
//! positions, so the tree is the one a single run of the `file` rule gives; but pest's token queue
//! stays the size of one entry instead of the whole file, which keeps a large file's parse in the
//! processor's caches (and linear in time). A failing entry is re-read from the entry before it
//! with the body's rule, which reports the error the single run reports; then the parse goes on
//! after it (`recovery.rs`).

use crate::ast::{DeclarationKind, Item, SourceFile};
use crate::comments;
use crate::lower;
use crate::parse::{ClauseParser, GrammarRule as Rule, Parsed};
use crate::recovery::{self, Resume};
use crate::span::FileId;
use crate::syntax_error::{error_offset, from_pest, SyntaxError};
use pest::Parser as _;

/// The file parsed entry by entry. An entry that does not parse costs itself, not the file: its
/// syntax error is reported (the first one is the error of the full parse in one run), the parse
/// skips to the next line where an entry starts (`recovery.rs`) and goes on; the entries left out
/// are listed in `skipped`.
pub(crate) fn parse_by_entries(file: FileId, text: &str) -> Parsed {
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let mut declarations = Vec::new();
    let mut position = skip_trivia(text, 0);
    while position < text.len() {
        let rest = &text[position..];
        let head = ClauseParser::parse(Rule::agreement_head, rest)
            .or_else(|_| ClauseParser::parse(Rule::amendment_head, rest))
            .ok()
            .and_then(|mut pairs| pairs.next());
        let Some(head) = head else {
            let first = skipped.is_empty();
            errors.push(recovery::declaration_error(file, text, position, first));
            let next = recovery::next_declaration(text, position);
            skipped.push(recovery::skipped_span(file, text, position, next));
            position = next;
            continue;
        };
        let head_end = position + head.as_span().end();
        let mut declaration = lower::declaration_head(file, position, head, &mut errors);
        let mut at = skip_trivia(text, head_end);
        // The entry just read, whose last attempts at a continuation read into the next one.
        let mut previous = None;
        // The body's repetition ends where no entry starts: at the closing brace.
        let end = loop {
            if text[at..].starts_with('}') {
                break at + 1;
            }
            if let Some((item, next)) = entry_at(file, text, at, declaration.kind, &mut errors) {
                previous = Some(at);
                declaration.items.push(item);
                at = next;
                continue;
            }
            let first = skipped.is_empty();
            let window = previous.unwrap_or(at);
            errors.push(recovery::entry_error(
                file,
                text,
                window,
                at,
                declaration.kind,
                first,
            ));
            // An entry cut short on its line (`= 50 00 €`, `= 75 % ×`) is left out with the
            // rest of the line: what was read of it is not what the drafter wrote.
            let mut skip_from = at;
            if let Some(last) = declaration.items.last() {
                if previous.is_some() && !text[last.span.end..at].contains('\n') {
                    skip_from = last.span.start;
                    declaration.items.pop();
                }
            }
            previous = None;
            let resume = recovery::resume(file, text, at, declaration.kind);
            skipped.push(recovery::skipped_span(
                file,
                text,
                skip_from,
                resume.offset(),
            ));
            match resume {
                Resume::Entry(next) | Resume::Close(next) => at = next,
                Resume::Declaration(next) => break next,
            }
        };
        declaration.span.end = end;
        declarations.push(declaration);
        position = skip_trivia(text, end);
    }
    Parsed {
        file: Some(SourceFile {
            declarations,
            comments: comments::collect(file, text),
        }),
        errors,
        skipped,
    }
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
