//! Attaches comments to the syntax tree while it is printed: each comment comes out before the
//! first node that starts after it (leading) or at the end of the line of the node it follows
//! (trailing), so that none is lost and each stays next to what it commented.

use super::doc::{concat, Doc};
use clause_grammar::ast::Comment;

/// Hands out the file's comments, in order, as the printer walks the tree in source order.
pub(crate) struct Comments<'s> {
    text: &'s str,
    comments: &'s [Comment],
    next: usize,
    /// Comments found inside a node printed as a whole: they come out at the next place where
    /// comments are handed out, which is where they stand once the node is printed.
    deferred: Vec<&'s Comment>,
    /// Where the last node or comment handed out ends: blank lines are looked for after it.
    last_end: usize,
}

/// Whether blank lines written by the user before a node or comment are kept (between items),
/// and whether this is the first thing of its block (no blank line after an opening brace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Blanks {
    Drop,
    Keep { first: bool },
}

impl<'s> Comments<'s> {
    pub(crate) fn new(text: &'s str, comments: &'s [Comment]) -> Self {
        Comments {
            text,
            comments,
            next: 0,
            deferred: Vec::new(),
            last_end: 0,
        }
    }

    /// How many comments were handed out so far.
    pub(crate) fn handed_out(&self) -> usize {
        self.next
    }

    pub(crate) fn text(&self) -> &'s str {
        self.text
    }

    /// Whether the comment stands alone on its line (rather than after code).
    fn own_line(&self, comment: &Comment) -> bool {
        let line_start = self.text[..comment.span.start]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        self.text[line_start..comment.span.start].trim().is_empty()
    }

    fn emit(&mut self, comment: &Comment) -> Doc {
        self.last_end = self.last_end.max(comment.span.end);
        if self.own_line(comment) {
            Doc::CommentLine(comment.text.clone())
        } else {
            Doc::LineSuffix(comment.text.clone())
        }
    }

    /// Whether the text between `from` and `to` holds an empty line.
    fn blank_between(&self, from: usize, to: usize) -> bool {
        if from >= to {
            return false;
        }
        let between = &self.text[from..to];
        let segments: Vec<&str> = between.split('\n').collect();
        segments.len() > 2
            && segments[1..segments.len() - 1]
                .iter()
                .any(|s| s.trim().is_empty())
    }

    /// The comments before `start`, then the node's blank line if kept.
    pub(crate) fn leading(&mut self, start: usize, blanks: Blanks) -> Doc {
        let (mut docs, own_line) = self.comments_before(start, blanks);
        if let Blanks::Keep { first } = blanks {
            let first = first && !own_line;
            if !first && self.blank_between(self.last_end, start) {
                docs.push(Doc::BlankLine);
            }
        }
        self.last_end = self.last_end.max(start);
        concat(docs)
    }

    /// The comments before `end` (for instance before a closing brace), with blank lines kept
    /// before own-line ones when asked.
    pub(crate) fn before(&mut self, end: usize, blanks: Blanks) -> Doc {
        concat(self.comments_before(end, blanks).0)
    }

    /// The comments before `start`, and whether one of them stands on its own line.
    fn comments_before(&mut self, start: usize, blanks: Blanks) -> (Vec<Doc>, bool) {
        let mut docs: Vec<Doc> = std::mem::take(&mut self.deferred)
            .into_iter()
            .map(|c| {
                self.last_end = self.last_end.max(c.span.end);
                Doc::CommentLine(c.text.clone())
            })
            .collect();
        let mut own_lines = docs.iter().any(|d| matches!(d, Doc::CommentLine(_)));
        let mut first = matches!(blanks, Blanks::Keep { first: true }) && !own_lines;
        while let Some(comment) = self
            .comments
            .get(self.next)
            .filter(|c| c.span.start < start)
        {
            self.next += 1;
            let own_line = self.own_line(comment);
            own_lines |= own_line;
            if own_line && matches!(blanks, Blanks::Keep { .. }) {
                if !first && self.blank_between(self.last_end, comment.span.start) {
                    docs.push(Doc::BlankLine);
                }
                first = false;
            }
            docs.push(self.emit(comment));
        }
        (docs, own_lines)
    }

    /// The end-of-line comments inside a node ending at `end` not handed out yet, and the one
    /// that follows it on its line (after a comma at most). The own-line comments inside are
    /// deferred.
    pub(crate) fn trailing(&mut self, end: usize) -> Doc {
        let end = self.tight_end(end);
        let mut docs = Vec::new();
        while let Some(comment) = self.comments.get(self.next) {
            if comment.span.start < end {
                self.next += 1;
                // A second end-of-line comment would share the line of the first: it goes on
                // its own line, as it will be read next time.
                if self.own_line(comment) || !docs.is_empty() {
                    self.deferred.push(comment);
                } else {
                    docs.push(self.emit(comment));
                }
                continue;
            }
            let after_on_line = self.text[end..comment.span.start]
                .chars()
                .all(|c| c == ',' || (c.is_whitespace() && c != '\n'))
                && !self.own_line(comment);
            if !after_on_line {
                break;
            }
            self.next += 1;
            if docs.is_empty() {
                docs.push(self.emit(comment));
            } else {
                self.deferred.push(comment);
            }
        }
        self.last_end = self.last_end.max(end);
        concat(docs)
    }

    /// `end` moved back over whitespace and comments. Rules that end with an optional part (an
    /// item's attributes, an expression's operators) have spans that take in the whitespace and
    /// comments after their last token, where pest looked for more.
    fn tight_end(&self, end: usize) -> usize {
        let mut end = end.min(self.text.len());
        loop {
            end = self.text[..end].trim_end().len();
            let ending_here = self.comments.binary_search_by_key(&end, |c| c.span.end);
            match ending_here {
                Ok(index) => end = self.comments[index].span.start,
                Err(_) => return end,
            }
        }
    }

    /// The end-of-line comments before `start` up to the first own-line one: in a fill, they
    /// end the previous content's line wherever they stood before `start`.
    pub(crate) fn end_of_line_before(&mut self, start: usize) -> Doc {
        let mut docs = Vec::new();
        if !self.deferred.is_empty() {
            return concat(docs);
        }
        while let Some(comment) = self
            .comments
            .get(self.next)
            .filter(|c| c.span.start < start)
        {
            if self.own_line(comment) || !docs.is_empty() {
                break;
            }
            self.next += 1;
            docs.push(self.emit(comment));
        }
        concat(docs)
    }

    /// Every comment not handed out yet (the end of the file).
    pub(crate) fn rest(&mut self, blanks: Blanks) -> Doc {
        self.before(usize::MAX, blanks)
    }
}
