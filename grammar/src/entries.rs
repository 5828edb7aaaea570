//! Parsing a file one body entry at a time: pest reads each declaration's head, then each entry
//! of its body, in separate runs. A PEG reads `item*` as a sequence of `item`s from the same
//! positions, so the tree is the one a single run of the `file` rule gives; but pest's token queue
//! stays the size of one entry instead of the whole file, which keeps a large file's parse in the
//! processor's caches (and linear in time). A failing entry is re-read from the entry before it
//! with the body's rule, which reports the error the single run reports; then the parse goes on
//! after it (`recovery.rs`).

use crate::ast::SourceFile;
use crate::comments;
use crate::entry_scan::{entry_at, skip_trivia};
use crate::lower;
use crate::parsed::Parsed;
use crate::recovery::{self, Resume};
use crate::rules::{ClauseParser, GrammarRule as Rule};
use crate::span::FileId;
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
