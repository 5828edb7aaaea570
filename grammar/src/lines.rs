//! Line index: byte offsets to (line, column) in UTF-8 bytes, chars or UTF-16 units, and back.
//! The LSP boundary uses the UTF-16 form; French text is full of characters beyond ASCII.

/// Start offsets of each line of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

/// A zero-based position; `character` counts UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Utf16Position {
    pub line: u32,
    pub character: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Zero-based line of a byte offset (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset.min(self.len)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// The byte range of a line, without its line end.
    pub fn line_range(&self, text: &str, line: usize) -> Option<(usize, usize)> {
        let start = self.line_start(line)?;
        let end = self.line_start(line + 1).map_or(self.len, |next| next - 1);
        let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        Some((start, end.max(start)))
    }

    /// Offset to a UTF-16 position. An offset inside a character snaps to its start.
    pub fn to_utf16(&self, text: &str, offset: usize) -> Utf16Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let mut character = 0u32;
        for (i, ch) in text[start..].char_indices() {
            if start + i >= offset {
                break;
            }
            character += ch.len_utf16() as u32;
        }
        Utf16Position {
            line: line as u32,
            character,
        }
    }

    /// UTF-16 position to an offset; a position past a line's end clamps to the end of the line,
    /// a line past the end clamps to the end of the text.
    pub fn from_utf16(&self, text: &str, position: Utf16Position) -> usize {
        let Some((start, end)) = self.line_range(text, position.line as usize) else {
            return text.len();
        };
        let mut units = 0u32;
        for (i, ch) in text[start..end].char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += ch.len_utf16() as u32;
        }
        end
    }

    /// One-based line and column (in characters), as terminals and users count.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_accents_and_astral_characters() {
        let text = "é€«x\n😀y";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            index.to_utf16(text, x),
            Utf16Position {
                line: 0,
                character: 3
            }
        );
        let y = text.find('y').unwrap();
        assert_eq!(
            index.to_utf16(text, y),
            Utf16Position {
                line: 1,
                character: 2
            }
        );
        assert_eq!(
            index.from_utf16(
                text,
                Utf16Position {
                    line: 1,
                    character: 2
                }
            ),
            y
        );
        assert_eq!(
            index.from_utf16(
                text,
                Utf16Position {
                    line: 0,
                    character: 99
                }
            ),
            8
        );
        assert_eq!(
            index.from_utf16(
                text,
                Utf16Position {
                    line: 9,
                    character: 0
                }
            ),
            text.len()
        );
    }

    #[test]
    fn line_column_is_one_based_in_characters() {
        let text = "ab\n’cd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, text.find('c').unwrap()), (2, 2));
    }
}
