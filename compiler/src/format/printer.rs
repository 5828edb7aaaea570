//! Lays a document out within the line width, then aligns runs of end-of-line comments.

use super::doc::Doc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

/// What is left to print: a whole document, or the tail of a fill.
#[derive(Clone, Copy)]
enum Part<'d> {
    Doc(&'d Doc),
    FillTail(&'d [Doc]),
}

type Command<'d> = (usize, Mode, Part<'d>);

/// One output line: its code and its end-of-line comment (the text after `#`).
struct OutLine {
    code: String,
    comment: Option<String>,
}

struct Printer {
    width: usize,
    lines: Vec<OutLine>,
    current: String,
    has_text: bool,
    column: usize,
    pending_indent: usize,
    /// The end-of-line comment of the line being ended.
    suffix: Option<String>,
}

/// Lays `doc` out in lines of at most `width` columns where it can, and returns the text, with a
/// final line end.
pub(crate) fn print(doc: &Doc, width: usize) -> String {
    let mut printer = Printer {
        width,
        lines: Vec::new(),
        current: String::new(),
        has_text: false,
        column: 0,
        pending_indent: 0,
        suffix: None,
    };
    printer.run(doc);
    printer.newline(0);
    while printer
        .lines
        .last()
        .is_some_and(|line| line.code.is_empty() && line.comment.is_none())
    {
        printer.lines.pop();
    }
    render(&printer.lines)
}

fn width_of(s: &str) -> usize {
    s.chars().count()
}

impl Printer {
    fn run(&mut self, doc: &Doc) {
        let mut stack: Vec<Command<'_>> = vec![(0, Mode::Break, Part::Doc(doc))];
        while let Some((indent, mode, part)) = stack.pop() {
            let doc = match part {
                Part::Doc(doc) => doc,
                Part::FillTail(parts) => {
                    self.fill(indent, parts, &mut stack);
                    continue;
                }
            };
            match doc {
                Doc::Text(s) => self.write(s),
                Doc::Concat(docs) => {
                    stack.extend(docs.iter().rev().map(|d| (indent, mode, Part::Doc(d))));
                }
                Doc::Group { doc, hard } => {
                    let flat = mode == Mode::Flat
                        || (!*hard
                            && self.fits(&[(indent, Mode::Flat, Part::Doc(doc))], &stack, None));
                    let mode = if flat { Mode::Flat } else { Mode::Break };
                    stack.push((indent, mode, Part::Doc(doc)));
                }
                Doc::Indent(width, doc) => stack.push((indent + width, mode, Part::Doc(doc))),
                Doc::Line => match mode {
                    Mode::Flat => self.write(" "),
                    Mode::Break => self.newline(indent),
                },
                Doc::SoftLine => {
                    if mode == Mode::Break {
                        self.newline(indent);
                    }
                }
                Doc::HardLine => self.newline(indent),
                Doc::BlankLine => self.blank_line(indent),
                Doc::LineSuffix(comment) => self.line_suffix(comment, indent),
                Doc::CommentLine(comment) => {
                    if self.has_text {
                        self.newline(indent);
                    }
                    self.write(&format!("#{}", comment.trim_end()));
                    self.newline(indent);
                }
                Doc::IfBreak(doc) => {
                    if mode == Mode::Break {
                        stack.push((indent, mode, Part::Doc(doc)));
                    }
                }
                Doc::Fill { parts, .. } => stack.push((indent, mode, Part::FillTail(parts))),
            }
        }
    }

    /// One step of a fill: its first content, then its first separator broken only when the
    /// next content would not fit after it.
    fn fill<'d>(&mut self, indent: usize, parts: &'d [Doc], stack: &mut Vec<Command<'d>>) {
        let Some((content, rest)) = parts.split_first() else {
            return;
        };
        let content_flat =
            !content.is_hard() && self.fits(&[(indent, Mode::Flat, Part::Doc(content))], &[], None);
        let content_mode = if content_flat {
            Mode::Flat
        } else {
            Mode::Break
        };
        let Some((separator, rest)) = rest.split_first() else {
            stack.push((indent, content_mode, Part::Doc(content)));
            return;
        };
        // Only the line the separator stands on counts: the content's last line, the next
        // content's first. Comments before or after them do not move the break.
        let next_fits = match rest.first() {
            Some(next) => self.fits(
                &[
                    (indent, Mode::Flat, Part::Doc(next)),
                    (indent, Mode::Flat, Part::Doc(separator)),
                    (indent, Mode::Flat, Part::Doc(content)),
                ],
                &[],
                Some(indent),
            ),
            None => true,
        };
        let separator_mode = if next_fits { Mode::Flat } else { Mode::Break };
        stack.push((indent, Mode::Break, Part::FillTail(rest)));
        stack.push((indent, separator_mode, Part::Doc(separator)));
        stack.push((indent, content_mode, Part::Doc(content)));
    }

    /// Whether `first` (popped from its end), then what follows on the stack, fits in what is
    /// left of the line, up to the next line break. With `restart`, a forced line break in
    /// `first` does not end the measure: it goes on from that indentation on the new line.
    fn fits(&self, first: &[Command<'_>], rest: &[Command<'_>], restart: Option<usize>) -> bool {
        let mut left = self.width as isize - self.column as isize;
        let mut work: Vec<(Mode, Part<'_>)> =
            first.iter().map(|(_, mode, part)| (*mode, *part)).collect();
        let mut rest = rest.iter().rev();
        loop {
            let (mode, part) = match work.pop() {
                Some(next) => next,
                None => match rest.next() {
                    Some((_, mode, part)) => (*mode, *part),
                    None => return true,
                },
            };
            let doc = match part {
                Part::Doc(doc) => doc,
                Part::FillTail(parts) => {
                    work.extend(parts.iter().rev().map(|d| (mode, Part::Doc(d))));
                    continue;
                }
            };
            match doc {
                Doc::Text(s) => left -= width_of(s) as isize,
                Doc::Concat(docs) => work.extend(docs.iter().rev().map(|d| (mode, Part::Doc(d)))),
                Doc::Group { doc, hard } => {
                    let mode = if *hard { Mode::Break } else { mode };
                    work.push((mode, Part::Doc(doc)));
                }
                Doc::Fill { parts, .. } => {
                    work.extend(parts.iter().rev().map(|d| (mode, Part::Doc(d))))
                }
                Doc::Indent(_, doc) => work.push((mode, Part::Doc(doc))),
                Doc::Line => match mode {
                    Mode::Flat => left -= 1,
                    Mode::Break => return true,
                },
                Doc::SoftLine => {
                    if mode == Mode::Break {
                        return true;
                    }
                }
                Doc::HardLine | Doc::BlankLine | Doc::CommentLine(_) | Doc::LineSuffix(_) => {
                    match restart {
                        Some(indent) => left = self.width as isize - indent as isize,
                        None => return true,
                    }
                }
                Doc::IfBreak(doc) => {
                    if mode == Mode::Break {
                        work.push((mode, Part::Doc(doc)));
                    }
                }
            }
            if left < 0 {
                return false;
            }
        }
    }

    fn write(&mut self, s: &str) {
        if !self.has_text {
            // Spaces at the start of a line are the indentation's business.
            if s.trim().is_empty() {
                return;
            }
            self.current.push_str(&" ".repeat(self.pending_indent));
            self.column = self.pending_indent;
            self.has_text = true;
        }
        self.current.push_str(s);
        self.column += width_of(s);
    }

    /// Ends the current line. Several breaks in a row make one: empty lines come only from
    /// `BlankLine`.
    fn newline(&mut self, indent: usize) {
        if self.has_text || self.suffix.is_some() {
            let code = if self.has_text {
                self.current.trim_end().to_string()
            } else {
                // A comment alone: it keeps the indentation it would have had after code.
                " ".repeat(self.pending_indent)
            };
            self.lines.push(OutLine {
                code,
                comment: self.suffix.take(),
            });
        }
        self.current.clear();
        self.has_text = false;
        self.column = 0;
        self.pending_indent = indent;
    }

    fn blank_line(&mut self, indent: usize) {
        self.newline(indent);
        if self
            .lines
            .last()
            .is_some_and(|line| !line.code.is_empty() || line.comment.is_some())
        {
            self.lines.push(OutLine {
                code: String::new(),
                comment: None,
            });
        }
    }

    /// An end-of-line comment ends its line: it is read back at the same place, whatever the
    /// layout around it.
    fn line_suffix(&mut self, comment: &str, indent: usize) {
        if !self.has_text {
            // The comment followed code that is already on the previous line: it goes there, or
            // on its own line when that line has a comment already.
            if let Some(last) = self.lines.last_mut() {
                // Code never starts with `#`: such a line is an own-line comment.
                let code = last.code.trim();
                if !code.is_empty() && !code.starts_with('#') && last.comment.is_none() {
                    last.comment = Some(comment.to_string());
                    return;
                }
            }
            self.write(&format!("#{}", comment.trim_end()));
            self.newline(indent);
            return;
        }
        self.suffix = Some(comment.to_string());
        self.newline(indent);
    }
}

/// Joins the lines, aligning the end-of-line comments of consecutive lines of the same
/// indentation in one column.
fn render(lines: &[OutLine]) -> String {
    let mut out = String::new();
    let mut index = 0;
    while index < lines.len() {
        let run_end = comment_run_end(lines, index);
        let column = lines[index..run_end]
            .iter()
            .map(|line| width_of(&line.code))
            .max()
            .unwrap_or(0);
        for line in &lines[index..run_end.max(index + 1)] {
            out.push_str(&line.code);
            if let Some(comment) = &line.comment {
                let comment = comment.trim_end();
                if line.code.trim().is_empty() {
                    out.push_str(&format!("#{comment}"));
                } else {
                    let padding = column.saturating_sub(width_of(&line.code)) + 1;
                    out.push_str(&" ".repeat(padding));
                    out.push_str(&format!("#{comment}"));
                }
            }
            out.push('\n');
        }
        index = run_end.max(index + 1);
    }
    out
}

/// The end of the run of lines starting at `start` that have code and a comment and the same
/// indentation (`start + 1` at least).
fn comment_run_end(lines: &[OutLine], start: usize) -> usize {
    let has_comment = |line: &OutLine| line.comment.is_some() && !line.code.trim().is_empty();
    let indent_of = |line: &OutLine| line.code.len() - line.code.trim_start().len();
    let Some(first) = lines.get(start) else {
        return start + 1;
    };
    if !has_comment(first) {
        return start + 1;
    }
    let mut end = start + 1;
    while lines
        .get(end)
        .is_some_and(|line| has_comment(line) && indent_of(line) == indent_of(first))
    {
        end += 1;
    }
    end
}
