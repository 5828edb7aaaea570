//! Incremental re-parsing for the editor: after an edit, only the body entries the edit touches go
//! through pest again; the rest of the previous tree is kept, its spans moved by the edit's change
//! in length. The result is the tree a full parse of the new text gives (a property test compares
//! them on random edits); an edit that cannot be confined to a run of entries is parsed in full.

use crate::ast::{Comment, Declaration, Item, SourceFile};
use crate::comments;
use crate::entry_scan::entry_at;
use crate::limits::MAX_FILE_BYTES;
use crate::parse::{parse, too_deep, Parsed};
use crate::shift::Shift;
use crate::span::FileId;
use crate::syntax_error::SyntaxError;

/// Parses `new_text`, reusing `old`, the parse of `old_text`, where the edit leaves it valid.
pub fn reparse(file: FileId, old_text: &str, old: &Parsed, new_text: &str) -> Parsed {
    try_reparse(file, old_text, old, new_text).unwrap_or_else(|| parse(file, new_text))
}

/// The incremental re-parse alone: `None` when the edit reaches beyond the entries of one
/// declaration's body (its header, another declaration), when the old text had a syntax error,
/// or when the new entries do not parse: the full parse then recovers from the error and goes on.
pub fn try_reparse(file: FileId, old_text: &str, old: &Parsed, new_text: &str) -> Option<Parsed> {
    let tree = old.file.as_ref()?;
    if !old.skipped.is_empty() {
        return None;
    }
    if old_text == new_text {
        return Some(old.clone());
    }
    if new_text.len() > MAX_FILE_BYTES || too_deep(new_text).is_some() {
        return None;
    }
    let edit = TextEdit::between(old_text, new_text);
    let (index, declaration) = tree
        .declarations
        .iter()
        .enumerate()
        .find(|(_, d)| d.span.start < edit.start && edit.old_end < d.span.end)?;
    if declaration.span.file != file {
        return None;
    }
    let items = &declaration.items;
    if edit.start < items.first()?.span.start {
        return None;
    }
    // The first entry the edit may change, and the one before it: its last attempts at an
    // optional continuation read the beginning of what follows it.
    let touched = items
        .iter()
        .position(|item| item.span.end >= edit.start)
        .unwrap_or(items.len());
    let from = touched.saturating_sub(1);
    let window_start = items.get(from)?.span.start;
    // The closing brace: the body's repetition stops there.
    let closing = declaration.span.end - 1;
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut position = window_start;
    let rejoin = loop {
        // Past the edit, the text is the old one moved by `delta`: once the parse stands where
        // the old parse started an entry (or met the closing brace), the rest is the old tree.
        if position >= edit.new_end {
            let old_position = position.checked_add_signed(-edit.delta)?;
            // Entries are in text order: a binary search, not a scan, on every keystroke.
            if let Ok(next) = items.binary_search_by_key(&old_position, |i| i.span.start) {
                break Rejoin {
                    item: next,
                    old_position,
                };
            }
            if old_position == closing {
                break Rejoin {
                    item: items.len(),
                    old_position,
                };
            }
        }
        match entry_at(file, new_text, position, declaration.kind, &mut errors) {
            Some((entry, next)) => {
                entries.push(entry);
                position = next;
            }
            None => return None,
        }
    };
    let window_new_end = position;
    let mut declarations = Vec::with_capacity(tree.declarations.len());
    for (i, d) in tree.declarations.iter().enumerate() {
        let mut d = if i == index {
            spliced(d, from, std::mem::take(&mut entries), &rejoin, edit.delta)
        } else {
            d.clone()
        };
        if i > index {
            d.shift(edit.delta);
        }
        declarations.push(d);
    }
    let mut new_errors: Vec<SyntaxError> = old
        .errors
        .iter()
        .filter(|e| e.span.start < window_start)
        .cloned()
        .collect();
    new_errors.extend(errors);
    new_errors.extend(moved_after(
        &old.errors,
        rejoin.old_position,
        edit.delta,
        |e| e.span.start,
    ));
    let mut new_comments: Vec<Comment> = tree
        .comments
        .iter()
        .filter(|c| c.span.start < window_start)
        .cloned()
        .collect();
    let mut window_comments = comments::collect(file, &new_text[window_start..window_new_end]);
    window_comments.shift(window_start as isize);
    new_comments.extend(window_comments);
    new_comments.extend(moved_after(
        &tree.comments,
        rejoin.old_position,
        edit.delta,
        |c| c.span.start,
    ));
    Some(Parsed {
        file: Some(SourceFile {
            declarations,
            comments: new_comments,
        }),
        errors: new_errors,
        skipped: vec![],
    })
}

/// Where the new parse joined the old tree: the old entry it met, and its old offset.
struct Rejoin {
    item: usize,
    old_position: usize,
}

/// `declaration` with its entries `from..rejoin.item` replaced by `entries`.
fn spliced(
    declaration: &Declaration,
    from: usize,
    entries: Vec<Item>,
    rejoin: &Rejoin,
    delta: isize,
) -> Declaration {
    let mut items: Vec<Item> = declaration.items[..from].to_vec();
    items.extend(entries);
    items.extend(declaration.items[rejoin.item..].iter().map(|item| {
        let mut item = item.clone();
        item.shift(delta);
        item
    }));
    let mut span = declaration.span;
    span.end = span.end.saturating_add_signed(delta);
    Declaration {
        items,
        span,
        kind: declaration.kind,
        name: declaration.name.clone(),
        title: declaration.title.clone(),
        base: declaration.base.clone(),
        keyword_span: declaration.keyword_span,
    }
}

fn moved_after<'a, T: Clone + Shift>(
    nodes: &'a [T],
    old_position: usize,
    delta: isize,
    start: impl Fn(&T) -> usize + 'a,
) -> impl Iterator<Item = T> + 'a {
    nodes
        .iter()
        .filter(move |n| start(n) >= old_position)
        .map(move |n| {
            let mut n = n.clone();
            n.shift(delta);
            n
        })
}

/// The changed region: `old_text[start..old_end]` became `new_text[start..new_end]`.
struct TextEdit {
    start: usize,
    old_end: usize,
    new_end: usize,
    delta: isize,
}

impl TextEdit {
    fn between(old_text: &str, new_text: &str) -> TextEdit {
        let (old, new) = (old_text.as_bytes(), new_text.as_bytes());
        let mut start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        while !old_text.is_char_boundary(start) || !new_text.is_char_boundary(start) {
            start -= 1;
        }
        let longest_suffix = old.len().min(new.len()) - start;
        let mut suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(longest_suffix)
            .take_while(|(a, b)| a == b)
            .count();
        while !old_text.is_char_boundary(old.len() - suffix)
            || !new_text.is_char_boundary(new.len() - suffix)
        {
            suffix -= 1;
        }
        TextEdit {
            start,
            old_end: old.len() - suffix,
            new_end: new.len() - suffix,
            delta: new.len() as isize - old.len() as isize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(old_text: &str, new_text: &str) -> bool {
        let old = parse(FileId(0), old_text);
        let full = parse(FileId(0), new_text);
        let incremental = try_reparse(FileId(0), old_text, &old, new_text);
        if let Some(incremental) = &incremental {
            assert_eq!(incremental, &full, "incremental and full parses differ");
        }
        incremental.is_some()
    }

    const TEXT: &str = "accord a \"A\" {\n  entrée n : nombre\n  # un commentaire\n  valeur v = 2 × 3\n    attendu [6]\n  valeur w = v + 1 # fin\n}\n\navenant b modifie a {\n  remplace valeur w = v + 2\n}\n";

    #[test]
    fn an_edit_inside_an_entry_is_reparsed_alone() {
        assert!(check(TEXT, &TEXT.replace("2 × 3", "2 × 30")));
        assert!(check(TEXT, &TEXT.replace("[6]", "[60]")));
        assert!(check(TEXT, &TEXT.replace("v + 2", "v + 20")));
        assert!(check(TEXT, &TEXT.replace("# un commentaire", "# un autre")));
        assert!(check(TEXT, &TEXT.replace("# fin", "")));
    }

    #[test]
    fn new_entries_and_removed_entries_are_reparsed() {
        assert!(check(
            TEXT,
            &TEXT.replace("  valeur w", "  valeur x = 1\n  valeur w")
        ));
        assert!(check(TEXT, &TEXT.replace("    attendu [6]\n", "")));
    }

    #[test]
    fn edits_outside_the_entries_parse_the_whole_file() {
        assert!(!check(TEXT, &TEXT.replace("accord a", "accord z")));
        assert!(!check(TEXT, &TEXT.replace("modifie a", "modifie c")));
    }

    #[test]
    fn a_syntax_error_in_an_entry_is_left_to_the_full_parse_which_goes_on() {
        for new_text in [
            TEXT.replace("2 × 3", "2 × "),
            TEXT.replace("[6]", "[6"),
            TEXT.replace("valeur w = v + 1", "valeur w = v + 1\n  vale"),
            TEXT.replace("remplace valeur w", "remplace valeu w"),
        ] {
            assert!(!check(TEXT, &new_text));
            let full = parse(FileId(0), &new_text);
            assert_eq!(full.errors.len(), 1, "{new_text}");
            // The other declaration is still there, whole.
            assert_eq!(full.file.map(|f| f.declarations.len()), Some(2));
        }
    }

    #[test]
    fn an_entry_that_swallows_the_next_one_is_followed_to_the_old_tree() {
        // `attendu` now continues the value above it, as a full parse reads it.
        assert!(check(
            TEXT,
            &TEXT.replace("  valeur w = v + 1", "  attendu [1]\n  valeur w = v + 1")
        ));
    }
}
