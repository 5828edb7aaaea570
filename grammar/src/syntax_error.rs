//! Errors of the parsing stage, in a form the compiler turns into diagnostics.

use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub span: Span,
    /// The text that likely replaces `span` (a misspelt keyword, a missing word, a French spelling).
    pub suggestion: Option<Suggestion>,
}

/// What the drafter most likely meant at a syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The text that replaces the error's span.
    pub replacement: String,
    /// The word the replacement adds in front of the text there (`à partir 10` → `de`), if that
    /// is the mistake; otherwise a misspelt word replaced.
    pub missing: Option<String>,
    /// Whether the entry, so corrected, parses past the line of the error: only then is the
    /// replacement a fix to apply mechanically.
    pub proven: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The text does not follow the grammar: what was expected at that point, in friendly words.
    Unexpected {
        expected: Vec<String>,
        found: Option<String>,
    },
    /// Brackets or prefix operators nested deeper than the limit.
    TooDeep { limit: usize },
    /// The file is larger than the limit.
    FileTooLarge { size: usize, limit: usize },
    /// A number with too many digits.
    NumberTooLong { limit: usize },
    /// A literal that is not a valid number (e.g. overflow).
    InvalidNumber { text: String },
    /// A date that does not exist (2019-02-30).
    InvalidDate { text: String },
    /// A string with an unknown escape.
    InvalidEscape { text: String },
    /// An attribute a value has once (`attendu`, `part fixe`) written twice.
    RepeatedAttribute {
        attribute: &'static str,
        first: Span,
    },
    /// A string whose closing quote is missing on its line.
    UnterminatedString,
    /// Digits grouped otherwise than by three (`50 00`).
    DigitGrouping { text: String },
    /// A decimal point where French writes a comma (`0.5`); `right` is `0,5`.
    DecimalPoint { text: String, right: String },
    /// Thousands separated by points (`37.500`); `right` is `37 500`.
    ThousandsPoint { text: String, right: String },
    /// The currency spelt out (`EUR`, `Euros`) where the language writes `€`; `right` is the
    /// amount as written (`10 000 €`).
    Currency { text: String, right: String },
    /// `->` where an example's arrow is `⇒` (or `=>`).
    Arrow { text: String },
    /// Values separated by `;` where the language separates them by `,`.
    Semicolon,
    /// A date in another order or with other separators (`20/12/2021`); `right` is `2021-12-20`.
    DateFormat { text: String, right: String },
    /// An entry in a block where it does not belong: `word` starts it, `place` says where it goes.
    Misplaced { word: String, place: &'static str },
    /// A mission's block not closed before `word`, which starts an entry of the agreement.
    UnclosedMission { word: String },
    /// A line that ends on an operator (`75 % ×`): what it applies to is missing.
    Unfinished { operator: String },
}

impl SyntaxErrorKind {
    /// Whether the error is found while lowering a parsed tree (a value, not the grammar).
    pub fn is_lowering(&self) -> bool {
        matches!(
            self,
            SyntaxErrorKind::InvalidEscape { .. }
                | SyntaxErrorKind::InvalidNumber { .. }
                | SyntaxErrorKind::InvalidDate { .. }
                | SyntaxErrorKind::NumberTooLong { .. }
                | SyntaxErrorKind::TooDeep { .. }
                | SyntaxErrorKind::RepeatedAttribute { .. }
        )
    }
}
