//! Collects `#` comments with their spans, outside strings, so formatting and the LSP keep them.

use crate::ast::Comment;
use crate::span::{FileId, Span};

/// Every comment of `text`, in order. A `#` inside a string literal does not start one.
pub fn collect(file: FileId, text: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.char_indices();
    while let Some((offset, ch)) = chars.next() {
        if in_string {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '"' => in_string = true,
            '#' => {
                let end = text[offset..].find('\n').map_or(text.len(), |n| offset + n);
                let body = text[offset + 1..end].trim_end_matches('\r');
                comments.push(Comment {
                    text: body.to_string(),
                    span: Span::new(file, offset, offset + 1 + body.len()),
                });
                // Skip the comment's characters.
                for (next, _) in chars.by_ref() {
                    if next + 1 >= end {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    comments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_comments_but_not_hashes_in_strings() {
        let text = "accord a \"titre # pas un commentaire\" { # vrai\n  # seul\n}";
        let found = collect(FileId(0), text);
        let texts: Vec<_> = found.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec![" vrai", " seul"]);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "# vrai");
    }

    #[test]
    fn comment_at_end_of_file_without_newline() {
        let found = collect(FileId(0), "# fin");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.end, 5);
    }
}
