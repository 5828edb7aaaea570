//! The canonical formatter of `clause fmt` (issue 5): prints the syntax tree in the one layout
//! of `docs/formatting.md`, keeping every comment next to what it comments.

mod attach;
mod criteria;
mod doc;
mod expr;
mod items;
pub(crate) use items::payment as payment_rule_text;
pub(crate) mod literals;
mod printer;
mod revalue;
mod shape;
mod unkept;

#[cfg(test)]
mod generate;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

use clause_grammar::ast::SourceFile;
use clause_grammar::{FileId, SyntaxError};

pub use shape::syntax_shape;

/// Lines are broken to stay within this many columns where the syntax allows.
pub const MAX_WIDTH: usize = 100;

/// The canonical text of `text`, or its syntax errors when it does not parse (nothing is
/// formatted then), or errors at the lines the syntax tree does not keep (a second `attendu`
/// or `part fixe` in one value), which formatting would lose. Should the output ever not read back as the same tree with the same
/// comments, the text is returned unchanged: a formatter must never lose what the user wrote.
pub fn format_source(file: FileId, text: &str) -> Result<String, Vec<SyntaxError>> {
    let parsed = clause_grammar::parse(file, text);
    let tree = match parsed.file {
        Some(tree) if parsed.errors.is_empty() => tree,
        _ => return Err(parsed.errors),
    };
    let unkept = unkept::repeated_lines(&tree, text);
    if !unkept.is_empty() {
        return Err(unkept);
    }
    let formatted = format_tree(&tree, text);
    if reads_back_the_same(file, &tree, &formatted) {
        Ok(formatted)
    } else {
        Ok(text.to_string())
    }
}

/// Prints a parsed tree canonically; `text` is the source it was parsed from (the comments'
/// surroundings, the blank lines and the `versement` lines are read there).
pub(crate) fn format_tree(tree: &SourceFile, text: &str) -> String {
    let mut formatter = items::Formatter {
        comments: attach::Comments::new(text, &tree.comments),
    };
    let doc = formatter.file(tree);
    printer::print(&doc, MAX_WIDTH)
}

/// The texts of the comments, as the formatter writes them (trailing spaces trimmed), sorted:
/// a comment may move past another one standing on the same line.
pub(crate) fn comment_texts(tree: &SourceFile) -> Vec<String> {
    let mut texts: Vec<String> = tree
        .comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect();
    texts.sort();
    texts
}

fn reads_back_the_same(file: FileId, tree: &SourceFile, formatted: &str) -> bool {
    let reparsed = clause_grammar::parse(file, formatted);
    match reparsed.file {
        Some(again) if reparsed.errors.is_empty() => {
            syntax_shape(&again) == syntax_shape(tree)
                && comment_texts(&again) == comment_texts(tree)
        }
        _ => false,
    }
}
