//! The spellings drafters type for numbers, money, dates and keywords that the language writes
//! otherwise, recognised where the parse stops, with the text they most likely meant. Whether the
//! suggestion is a fix to apply is decided by re-parsing (`recovery::prove`), not here.

use crate::span::{FileId, Span};
use crate::syntax_error::{Suggestion, SyntaxError, SyntaxErrorKind};
use chrono::NaiveDate;

/// A number, an amount or a date written the English or the administrative way, at `offset`.
pub(crate) fn spelling(file: FileId, text: &str, offset: usize) -> Option<SyntaxError> {
    let (start, end) = run_around(text, offset, |c| {
        c.is_ascii_digit() || matches!(c, '.' | '/' | '-')
    });
    let run = &text[start..end];
    let (kind, replacement, span) = if let Some(right) = date(run) {
        let kind = SyntaxErrorKind::DateFormat {
            text: run.to_string(),
            right: right.clone(),
        };
        (kind, right, (start, end))
    } else if let Some((kind, right)) = point_in_number(run) {
        (kind, right, (start, end))
    } else if let Some(found) = punctuation(text, offset) {
        found
    } else {
        let (word_start, word_end) = run_around(text, offset, char::is_alphabetic);
        let word = &text[word_start..word_end];
        if !matches!(
            word.to_lowercase().as_str(),
            "eur" | "euro" | "euros" | "eu" | "e"
        ) || word == "euros"
            || word_start != offset
        {
            return None;
        }
        let amount = text[..word_start].trim_end();
        let digits = amount.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == ',');
        let right = match amount[digits.len()..].trim() {
            "" => "€".to_string(),
            number => format!("{number} €"),
        };
        let kind = SyntaxErrorKind::Currency {
            text: word.to_string(),
            right,
        };
        (kind, "€".to_string(), (word_start, word_end))
    };
    Some(SyntaxError {
        kind,
        span: Span::new(file, span.0, span.1),
        suggestion: Some(Suggestion {
            replacement,
            missing: None,
            proven: false,
        }),
    })
}

/// `->` for the arrow of an example, `;` between the values of a table.
fn punctuation(text: &str, offset: usize) -> Option<(SyntaxErrorKind, String, (usize, usize))> {
    let rest = &text[offset..];
    if rest.starts_with('>') && text[..offset].ends_with('-') {
        let kind = SyntaxErrorKind::Arrow {
            text: "->".to_string(),
        };
        return Some((kind, "⇒".to_string(), (offset - 1, offset + 1)));
    }
    if rest.starts_with(';') {
        // Every `;` up to the end of the line or of the brackets: one fix for the whole list.
        let line_end = rest.find(['\n', ']', '}']).unwrap_or(rest.len());
        let last = rest[..line_end].rfind(';').unwrap_or(0);
        let list = &rest[..=last];
        return Some((
            SyntaxErrorKind::Semicolon,
            list.replace(';', ","),
            (offset, offset + last + 1),
        ));
    }
    None
}

/// The characters around `offset` (on both sides) for which `keep` holds.
fn run_around(text: &str, offset: usize, keep: impl Fn(char) -> bool) -> (usize, usize) {
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| keep(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !keep(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start, end)
}

/// `20/12/2021`, `20-12-2021`, `20.12.2021` (day first), `2021/12/20`, `2021-1-5`: the date in
/// the language's `AAAA-MM-JJ`, when it exists.
fn date(run: &str) -> Option<String> {
    let parts: Vec<&str> = run.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let (year, month, day) = if c.len() == 4 {
        (c, b, a)
    } else if a.len() == 4 {
        (a, b, c)
    } else {
        return None;
    };
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)?;
    let right = date.format("%Y-%m-%d").to_string();
    (right != run).then_some(right)
}

/// A point inside a number: thousands (`37.500`, `1.000.000`: every group after a point has
/// three digits and the first is not `0`), otherwise a decimal point (`0.5`, `37.5`).
fn point_in_number(run: &str) -> Option<(SyntaxErrorKind, String)> {
    let parts: Vec<&str> = run.split('.').collect();
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let thousands =
        parts[0] != "0" && parts[0].len() <= 3 && parts[1..].iter().all(|p| p.len() == 3);
    if thousands {
        let right = parts.join(" ");
        let kind = SyntaxErrorKind::ThousandsPoint {
            text: run.to_string(),
            right: right.clone(),
        };
        Some((kind, right))
    } else if parts.len() == 2 {
        let right = format!("{},{}", parts[0], parts[1]);
        let kind = SyntaxErrorKind::DecimalPoint {
            text: run.to_string(),
            right: right.clone(),
        };
        Some((kind, right))
    } else {
        None
    }
}

/// The keyword the drafter most likely meant where `found` stands and `expected` was expected:
/// the same word but for its accents (`entrèe` → `entrée`, `verifié` → `vérifier`), else the
/// closest one within a typo; or, when only one word may come here and `found` is not a typo of
/// it, that word added in front (`à partir 10` → `à partir de 10`).
pub(crate) fn word_suggestion(found: &str, expected: &[String]) -> Option<Suggestion> {
    // Every word in backquotes: `socle` ou `optionnelle`, un statut (`projet`, `signé`…).
    let keywords: Vec<&str> = expected
        .iter()
        .flat_map(|e| e.split('`').skip(1).step_by(2))
        .filter(|k| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_alphabetic() || c == ' ' || c == '\'')
        })
        .collect();
    let replaced = |keyword: &str| Suggestion {
        replacement: keyword.to_string(),
        missing: None,
        proven: false,
    };
    let word = found.chars().all(char::is_alphabetic);
    if word {
        let folded = fold(found);
        if let Some(same) = keywords.iter().find(|k| fold(k) == folded) {
            return Some(replaced(same));
        }
        // A capitalised word is most likely a label: only its accents may be wrong.
        if found.starts_with(char::is_uppercase) {
            return None;
        }
        let limit = (found.chars().count() / 3).max(2);
        let closest = keywords
            .iter()
            .map(|k| (distance(&folded, &fold(k)), *k))
            .filter(|(d, k)| *d <= limit && *d < k.chars().count())
            .min();
        if let Some((_, keyword)) = closest {
            return Some(replaced(keyword));
        }
    }
    match (expected, keywords.as_slice()) {
        ([_], [keyword]) => keyword
            .chars()
            .all(char::is_alphabetic)
            .then(|| Suggestion {
                replacement: format!("{keyword} {found}"),
                missing: Some(keyword.to_string()),
                proven: false,
            }),
        _ => None,
    }
}

/// The word in lower case without its accents: `Entrèe` → `entree`.
fn fold(word: &str) -> String {
    word.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// The edit distance (insertions, deletions, substitutions, swaps of neighbours) between words.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| format!("`{w}`")).collect()
    }

    #[test]
    fn accents_are_matched_before_distances() {
        let expected = words(&["entre", "entrée", "enveloppe"]);
        let suggestion = word_suggestion("entrèe", &expected).map(|s| s.replacement);
        assert_eq!(suggestion.as_deref(), Some("entrée"));
        let expected = words(&["vérifier", "valeur"]);
        let suggestion = word_suggestion("verifié", &expected).map(|s| s.replacement);
        assert_eq!(suggestion.as_deref(), Some("vérifier"));
    }

    #[test]
    fn a_lone_expected_word_is_added_not_substituted() {
        let suggestion = word_suggestion("10", &words(&["de"])).expect("suggestion");
        assert_eq!(suggestion.replacement, "de 10");
        assert_eq!(suggestion.missing.as_deref(), Some("de"));
    }

    #[test]
    fn numbers_and_dates_in_other_spellings() {
        assert_eq!(date("20/12/2021").as_deref(), Some("2021-12-20"));
        assert_eq!(date("2021/12/20").as_deref(), Some("2021-12-20"));
        assert_eq!(date("2019-6-20").as_deref(), Some("2019-06-20"));
        assert_eq!(date("31/02/2021"), None);
        assert_eq!(
            point_in_number("37.500").map(|p| p.1).as_deref(),
            Some("37 500")
        );
        assert_eq!(point_in_number("0.5").map(|p| p.1).as_deref(), Some("0,5"));
        assert_eq!(
            point_in_number("37.5").map(|p| p.1).as_deref(),
            Some("37,5")
        );
        assert_eq!(
            point_in_number("1.000.000").map(|p| p.1).as_deref(),
            Some("1 000 000")
        );
    }
}
