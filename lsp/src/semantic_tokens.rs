//! Semantic tokens: keywords, names by what they name (from the navigation index), numbers,
//! money, percentages, dates, strings and comments. Works on text that does not parse too: the
//! lexing is local, only the name kinds need the last analysis.

use crate::keywords;
use crate::navigation::NameKind;
use crate::snapshot::Snapshot;
use crate::text::is_word_char;
use clause_compiler::{FileId, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum TokenType {
    Keyword,
    Name(NameKind),
    /// A name the analysis does not resolve.
    Identifier,
    Number,
    Money,
    Percent,
    Date,
    String,
    Comment,
    Operator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    pub span: Span,
    pub ty: TokenType,
    /// The name is defined here.
    pub definition: bool,
}

pub fn semantic_tokens(snapshot: &Snapshot, file: FileId) -> Vec<Token> {
    let text = snapshot.text(file);
    let occurrences = snapshot.index.occurrences(file);
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let token = |start: usize, end: usize, ty: TokenType| Token {
        span: Span::new(file, start, end),
        ty,
        definition: false,
    };
    while let Some((start, c)) = chars.next() {
        match c {
            '#' => {
                let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
                let end = if text[..end].ends_with('\r') {
                    end - 1
                } else {
                    end
                };
                tokens.push(token(start, end, TokenType::Comment));
                while chars.peek().is_some_and(|(i, _)| *i < end) {
                    chars.next();
                }
            }
            '"' => {
                let mut end = text.len();
                let mut escaped = false;
                while let Some(&(i, next)) = chars.peek() {
                    if next == '\n' {
                        end = i;
                        break;
                    }
                    chars.next();
                    if escaped {
                        escaped = false;
                    } else if next == '\\' {
                        escaped = true;
                    } else if next == '"' {
                        end = i + 1;
                        break;
                    }
                }
                tokens.push(token(start, end, TokenType::String));
            }
            '0'..='9' => {
                let end = number_end(text, start);
                while chars.peek().is_some_and(|(i, _)| *i < end) {
                    chars.next();
                }
                let literal = &text[start..end];
                let is_date = literal.len() == 10 && literal.as_bytes().get(4) == Some(&b'-');
                let after = &text[end..];
                let unit_gap =
                    after.len() - after.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
                let unit = after[unit_gap..].chars().next();
                let ty = if is_date {
                    TokenType::Date
                } else if unit == Some('€') || after[unit_gap..].starts_with("euro") {
                    TokenType::Money
                } else if unit == Some('%') {
                    TokenType::Percent
                } else {
                    TokenType::Number
                };
                let end = match (ty, unit) {
                    (TokenType::Money | TokenType::Percent, Some(u)) if u == '€' || u == '%' => {
                        let unit_end = end + unit_gap + u.len_utf8();
                        while chars.peek().is_some_and(|(i, _)| *i < unit_end) {
                            chars.next();
                        }
                        unit_end
                    }
                    _ => end,
                };
                tokens.push(token(start, end, ty));
            }
            c if is_word_char(c) => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, next)) = chars.peek() {
                    if !is_word_char(next) {
                        break;
                    }
                    end = i + next.len_utf8();
                    chars.next();
                }
                let word = &text[start..end];
                let found = occurrences
                    .binary_search_by_key(&start, |o| o.span.start)
                    .ok()
                    .map(|i| &occurrences[i])
                    .filter(|o| o.span.end == end);
                match found {
                    Some(occurrence) => tokens.push(Token {
                        span: occurrence.span,
                        ty: TokenType::Name(occurrence.kind),
                        definition: occurrence.is_definition,
                    }),
                    None if keywords::is_keyword(word) => {
                        tokens.push(token(start, end, TokenType::Keyword))
                    }
                    None => tokens.push(token(start, end, TokenType::Identifier)),
                }
            }
            '×' | '*' | '+' | '-' | '/' | '=' | '≠' | '≤' | '≥' | '<' | '>' | '⇒' => {
                tokens.push(token(start, start + c.len_utf8(), TokenType::Operator))
            }
            _ => {}
        }
    }
    tokens
}

/// The end of a number starting at `start`: digits, groups of three after a space, a decimal
/// comma, or a date `AAAA-MM-JJ`.
fn number_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut end = start + digits(start);
    if end - start == 4
        && text[end..].len() >= 6
        && bytes[end] == b'-'
        && digits(end + 1) == 2
        && bytes.get(end + 3) == Some(&b'-')
        && digits(end + 4) == 2
    {
        return end + 6;
    }
    if end - start <= 3 {
        loop {
            let rest = &text[end..];
            let separator = [" ", "\u{a0}", "\u{202f}"]
                .iter()
                .find(|s| rest.starts_with(**s));
            let Some(separator) = separator else { break };
            let group = end + separator.len();
            if digits(group) == 3 {
                end = group + 3;
            } else {
                break;
            }
        }
    }
    if bytes.get(end) == Some(&b',') && digits(end + 1) > 0 {
        end += 1 + digits(end + 1);
    }
    end
}
