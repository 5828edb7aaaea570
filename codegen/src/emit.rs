//! Target-neutral literals (the version's data) and how each target spells them. Agreement
//! text only ever reaches the generated code through `string` (an escaped literal) or `comment`
//! (a one-line comment with every line break escaped): no label can end either.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// A literal of the generated code.
#[derive(Debug, Clone)]
pub enum Lit {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Dec(Decimal),
    Date(NaiveDate),
    /// A set of enum variant indexes.
    Set(Vec<usize>),
    /// Code written by the generator (a function, a constant's name): never agreement text.
    Code(String),
    /// A fixed-size record: a tuple in Python, an array in JavaScript.
    Tuple(Vec<Lit>),
    List(Vec<Item>),
    Map(Vec<(&'static str, Lit)>),
}

/// A list element with the comment lines written above it.
#[derive(Debug, Clone)]
pub struct Item {
    pub comments: Vec<String>,
    pub lit: Lit,
}

impl Item {
    pub fn plain(lit: Lit) -> Item {
        Item {
            comments: Vec::new(),
            lit,
        }
    }
}

/// How a target writes literals and comments.
pub trait Syntax {
    /// `#` or `//`.
    fn comment_marker(&self) -> &'static str;
    fn null(&self) -> &'static str;
    fn boolean(&self, value: bool) -> &'static str;
    fn key(&self, key: &str) -> String;
    fn date(&self, date: NaiveDate) -> String;
    fn set(&self, items: &[usize]) -> String;
    fn tuple(&self, items: &[String]) -> String;
    fn lambda(&self, params: &str, body: &str) -> String;
}

/// A string literal: double quotes, every character that could end it or a line escaped
/// (backslash, quote, control characters, line and paragraph separators, byte order mark).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters shown escaped: controls, line breaks of any kind, invisible format characters.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Agreement text made safe for a one-line comment: line breaks and controls are shown as
/// escapes, so the comment ends where the generator ends it.
pub fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Writes one comment line per entry at the indentation given.
pub fn comments(syntax: &dyn Syntax, lines: &[String], indent: usize, out: &mut String) {
    for line in lines {
        out.push_str(&" ".repeat(indent));
        out.push_str(syntax.comment_marker());
        if !line.is_empty() {
            out.push(' ');
            out.push_str(&comment_text(line));
        }
        out.push('\n');
    }
}

/// Renders a literal; lists and maps whose elements carry comments go one element per line.
pub fn render(syntax: &dyn Syntax, lit: &Lit, indent: usize) -> String {
    match lit {
        Lit::Null => syntax.null().to_string(),
        Lit::Bool(b) => syntax.boolean(*b).to_string(),
        Lit::Int(n) => n.to_string(),
        Lit::Str(s) => string(s),
        Lit::Dec(d) => format!("dec(\"{d}\")"),
        Lit::Date(d) => syntax.date(*d),
        Lit::Set(items) => syntax.set(items),
        Lit::Code(code) => code.clone(),
        Lit::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(|i| render(syntax, i, indent)).collect();
            syntax.tuple(&parts)
        }
        Lit::List(items) => {
            let multiline = items
                .iter()
                .any(|i| !i.comments.is_empty() || is_block(&i.lit));
            if !multiline {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| render(syntax, &i.lit, indent))
                    .collect();
                return format!("[{}]", parts.join(", "));
            }
            let mut out = String::from("[\n");
            for item in items {
                comments(syntax, &item.comments, indent + 4, &mut out);
                out.push_str(&" ".repeat(indent + 4));
                out.push_str(&render(syntax, &item.lit, indent + 4));
                out.push_str(",\n");
            }
            out.push_str(&" ".repeat(indent));
            out.push(']');
            out
        }
        Lit::Map(entries) => {
            let mut out = String::from("{\n");
            for (key, value) in entries {
                out.push_str(&" ".repeat(indent + 4));
                out.push_str(&syntax.key(key));
                out.push_str(&render(syntax, value, indent + 4));
                out.push_str(",\n");
            }
            out.push_str(&" ".repeat(indent));
            out.push('}');
            out
        }
    }
}

fn is_block(lit: &Lit) -> bool {
    match lit {
        Lit::Map(_) => true,
        Lit::List(items) => items
            .iter()
            .any(|i| is_block(&i.lit) || !i.comments.is_empty()),
        _ => false,
    }
}

/// Year, month, day of a date, for the targets' date constructors.
pub fn ymd(date: NaiveDate) -> (i32, u32, u32) {
    (date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_everything_that_could_end_them() {
        assert_eq!(string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(string("l1\nl2\r"), "\"l1\\nl2\\r\"");
        assert_eq!(string("x\u{2028}y\u{2029}"), "\"x\\u2028y\\u2029\"");
        assert_eq!(string("é « »"), "\"é « »\"");
        assert_eq!(string("\u{0085}"), "\"\\u0085\"");
    }

    #[test]
    fn comments_keep_on_one_line() {
        assert_eq!(comment_text("a\nb */ \"\"\" --"), "a\\nb */ \"\"\" --");
        assert_eq!(comment_text("x\u{2028}y"), "x\\u2028y");
    }
}
