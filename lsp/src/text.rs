//! Small helpers over source text: the word under the cursor, identifier checks.

/// Whether `c` may continue an identifier (Unicode word characters).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The word around `offset` (touching it on either side): its byte range and text.
pub fn word_at(text: &str, offset: usize) -> Option<((usize, usize), &str)> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then(|| ((start, end), &text[start..end]))
}

/// The start of the word being typed before `offset` (`offset` itself when none).
pub fn word_start_before(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return offset;
    }
    text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(offset, |(i, _)| i)
}

/// Whether `name` is a valid identifier of the language (parsed as a declaration's name).
pub fn is_identifier(name: &str) -> bool {
    if name.is_empty() || name.len() > 200 || name.contains(char::is_whitespace) {
        return false;
    }
    let text = format!("accord {name} {{}}");
    let parsed = clause_grammar::parse(clause_compiler::FileId(0), &text);
    parsed.errors.is_empty()
        && parsed
            .file
            .is_some_and(|f| f.declarations.first().is_some_and(|d| d.name.node == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_touch_the_cursor_on_either_side() {
        let text = "= 75 % × fonctionnement_été";
        assert_eq!(
            word_at(text, text.len()).map(|(_, w)| w),
            Some("fonctionnement_été")
        );
        assert_eq!(word_at(text, 9).map(|(_, w)| w), None);
        assert_eq!(word_start_before("a × fonc", 9), "a × ".len());
    }

    #[test]
    fn identifiers_exclude_keywords_and_spaces() {
        assert!(is_identifier("coût_été"));
        assert!(!is_identifier("enveloppe"));
        assert!(!is_identifier("a b"));
        assert!(!is_identifier("1abc"));
    }
}
