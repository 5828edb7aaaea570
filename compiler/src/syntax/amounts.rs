//! A lint on the text of each file: an amount in euros with three decimals (`37,500 €`) is most
//! likely thousands separated by a comma, the English way, read as 37,50 €: a silent error of a
//! factor of a thousand. Warned (W0008), never fixed: only the source says which was meant.

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::source_db::SourceDb;
use clause_grammar::{FileId, Span};

/// The warnings of every file of `db`.
pub(crate) fn three_decimal_amounts(db: &SourceDb, diagnostics: &mut Vec<Diagnostic>) {
    for file in db.ids() {
        scan(file, db.text(file), diagnostics);
    }
}

fn scan(file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let bytes = text.as_bytes();
    let (mut in_string, mut in_comment) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'\n' => (in_string, in_comment) = (false, false),
            _ if in_comment => {}
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            _ if in_string => {}
            b'#' => in_comment = true,
            b',' if i > 0 && bytes[i - 1].is_ascii_digit() => {
                if let Some(d) = amount_at(file, text, i) {
                    diagnostics.push(d);
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// The warning for the number whose decimal comma is at `comma`, when it has exactly three
/// decimals and `€` (or `euros`) follows.
fn amount_at(file: FileId, text: &str, comma: usize) -> Option<Diagnostic> {
    let after = &text[comma + 1..];
    let decimals = after.bytes().take_while(u8::is_ascii_digit).count();
    if decimals != 3 {
        return None;
    }
    let unit = after[decimals..].trim_start_matches([' ', '\u{A0}', '\u{202F}']);
    if !(unit.starts_with('€') || unit.starts_with("euro")) {
        return None;
    }
    let start = text[..comma]
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ' ' | '\u{A0}' | '\u{202F}'))
        .len();
    let start = start + (text[start..comma].len() - text[start..comma].trim_start().len());
    let end = comma + 1 + decimals;
    let written = &text[start..end];
    let thousands = written.replace(',', " ");
    Some(
        Diagnostic::new(
            Code::ThreeDecimalAmount,
            format!("`{written} €` : un montant à trois décimales"),
            Span::new(file, start, end),
            "lu comme des centimes et des millièmes d'euro",
        )
        .with_help(format!(
            "si la virgule sépare les milliers, écrivez `{thousands} €` ; les centimes s'écrivent avec deux décimales"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warned(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        scan(FileId(0), text, &mut found);
        found.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn three_decimals_before_euros_are_warned_elsewhere_not() {
        assert_eq!(
            warned("valeur a = 37,500 €"),
            vec!["`37,500 €` : un montant à trois décimales"]
        );
        assert_eq!(
            warned("valeur a = 1 037,500 euros"),
            vec!["`1 037,500 €` : un montant à trois décimales"]
        );
        assert!(warned("valeur a = 37,50 € # 37,500 €").is_empty());
        assert!(warned("valeur a = 0,125 × b").is_empty());
        assert!(warned("source \"37,500 €\"").is_empty());
    }
}
