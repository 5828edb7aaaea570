//! Finds what the syntax tree does not hold and printing it would drop: a second `attendu` or
//! `part fixe` line in one value (the tree keeps the last one only). Such a file is refused.

use super::items::value_end;
use clause_grammar::ast::*;
use clause_grammar::{Span, SyntaxError, SyntaxErrorKind};

/// Errors at each repeated `attendu` or `part fixe` line.
pub(crate) fn repeated_lines(file: &SourceFile, text: &str) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    for declaration in &file.declarations {
        for item in &declaration.items {
            item_values(item, &mut |value| check_value(value, text, &mut errors));
        }
    }
    errors
}

fn item_values(item: &Item, visit: &mut dyn FnMut(&ValueDef)) {
    match &item.kind {
        ItemKind::Value(value) => visit(value),
        ItemKind::Mission(mission) => mission.envelopes.iter().for_each(&mut *visit),
        ItemKind::Add(inner) | ItemKind::Replace(inner) => item_values(inner, visit),
        _ => {}
    }
}

fn check_value(value: &ValueDef, text: &str, errors: &mut Vec<SyntaxError>) {
    let start = match &value.definition {
        Definition::Table { table, .. } => table.span.end,
        Definition::Formula(expr) => expr.span.end,
        Definition::Grid(grid) => grid.span.end,
        Definition::Rules(rules) => rules.span.end,
    };
    let end = value_end(value).min(text.len());
    if start >= end {
        return;
    }
    let words = words(text, start, end);
    let mut expected = 0;
    let mut fixed = 0;
    for (index, (offset, word)) in words.iter().enumerate() {
        let repeated = match *word {
            "attendu" => {
                expected += 1;
                expected > 1
            }
            "part"
                if words
                    .get(index + 1)
                    .is_some_and(|(_, next)| *next == "fixe") =>
            {
                fixed += 1;
                fixed > 1
            }
            _ => false,
        };
        if repeated {
            errors.push(SyntaxError {
                kind: SyntaxErrorKind::Unexpected {
                    expected: vec![format!(
                        "une seule ligne `{word}` par valeur (la première serait perdue)"
                    )],
                    found: Some((*word).to_string()),
                },
                span: Span::new(value.keyword_span.file, *offset, *offset + word.len()),
                suggestion: None,
            });
        }
    }
}

/// The words of `text[start..end]` outside strings and comments, with their offsets.
fn words(text: &str, start: usize, end: usize) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let (mut in_string, mut in_comment, mut escaped) = (false, false, false);
    let mut word_start = None;
    for (offset, c) in text[start..end].char_indices() {
        let offset = start + offset;
        let in_word = !in_string && !in_comment && (c.is_alphanumeric() || c == '_');
        match (word_start, in_word) {
            (None, true) => word_start = Some(offset),
            (Some(from), false) => {
                words.push((from, &text[from..offset]));
                word_start = None;
            }
            _ => {}
        }
        if in_comment {
            in_comment = c != '\n';
        } else if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '#' {
            in_comment = true;
        }
    }
    if let Some(from) = word_start {
        words.push((from, &text[from..end]));
    }
    words
}
