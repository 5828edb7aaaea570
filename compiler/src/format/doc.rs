//! The layout language: documents that say where a line may break, laid out by `printer.rs`.

/// A document to lay out. Groups are laid out flat when they fit in the line, broken otherwise.
#[derive(Debug, Clone)]
pub(crate) enum Doc {
    /// Text without line breaks.
    Text(String),
    Concat(Vec<Doc>),
    /// Flat if it fits, broken otherwise; `hard` when it holds a forced line break, so that the
    /// printer need not look inside again.
    Group {
        doc: Box<Doc>,
        hard: bool,
    },
    /// Adds to the indentation of the lines its content breaks.
    Indent(usize, Box<Doc>),
    /// A space when flat, a line break when broken.
    Line,
    /// Nothing when flat, a line break when broken.
    SoftLine,
    /// Always a line break.
    HardLine,
    /// One empty line (never two, never at the start of the output).
    BlankLine,
    /// An end-of-line comment: printed after the last text of the current line, which it ends.
    LineSuffix(String),
    /// A comment on its own line.
    CommentLine(String),
    /// Printed only when the enclosing group is broken (a trailing comma).
    IfBreak(Box<Doc>),
    /// Contents and separators alternating: a separator breaks only when the next content
    /// would not fit on the line.
    Fill {
        parts: Vec<Doc>,
        hard: bool,
    },
}

impl Doc {
    /// Whether laying this out flat is impossible (it holds a forced line break).
    pub(crate) fn is_hard(&self) -> bool {
        match self {
            Doc::Text(_) | Doc::Line | Doc::SoftLine => false,
            // An end-of-line comment ends its line, so it breaks its groups.
            Doc::HardLine | Doc::BlankLine | Doc::CommentLine(_) | Doc::LineSuffix(_) => true,
            Doc::Concat(docs) => docs.iter().any(Doc::is_hard),
            Doc::Group { hard, .. } | Doc::Fill { hard, .. } => *hard,
            Doc::Indent(_, doc) | Doc::IfBreak(doc) => doc.is_hard(),
        }
    }
}

pub(crate) fn text(s: impl Into<String>) -> Doc {
    Doc::Text(s.into())
}

pub(crate) fn concat(docs: Vec<Doc>) -> Doc {
    Doc::Concat(docs)
}

pub(crate) fn group(doc: Doc) -> Doc {
    let hard = doc.is_hard();
    Doc::Group {
        doc: Box::new(doc),
        hard,
    }
}

pub(crate) fn indent(width: usize, doc: Doc) -> Doc {
    Doc::Indent(width, Box::new(doc))
}

pub(crate) fn if_break(doc: Doc) -> Doc {
    Doc::IfBreak(Box::new(doc))
}

pub(crate) fn fill(parts: Vec<Doc>) -> Doc {
    let hard = parts.iter().any(Doc::is_hard);
    Doc::Fill { parts, hard }
}

pub(crate) fn nil() -> Doc {
    Doc::Concat(Vec::new())
}
