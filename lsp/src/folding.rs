//! Folding ranges (declarations, multi-line items, blocks of comments) and selection ranges
//! (from the word under the cursor out to its declaration).

use crate::snapshot::Snapshot;
use clause_compiler::{FileId, Span};
use clause_grammar::ast::{Definition, EntryValue, Expr, ExprKind, ItemKind, Table, ValueDef};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Fold {
    /// Zero-based lines.
    pub start_line: u32,
    pub end_line: u32,
    pub comment: bool,
}

pub fn folding_ranges(snapshot: &Snapshot, file: FileId) -> Vec<Fold> {
    let mut folds = Vec::new();
    let line = |offset: usize| snapshot.position(file, offset).line;
    let text = snapshot.text(file);
    let mut push = |span: Span, comment: bool| {
        // Spans may end after trailing blanks: the fold ends on the last written character.
        let end = text
            .get(..span.end.min(text.len()))
            .map_or(span.end, |t| t.trim_end().len())
            .max(span.start);
        let (start_line, end_line) = (line(span.start), line(end));
        if end_line > start_line {
            folds.push(Fold {
                start_line,
                end_line,
                comment,
            });
        }
    };
    if let Some(tree) = snapshot.tree(file) {
        for declaration in &tree.declarations {
            push(declaration.span, false);
            for item in &declaration.items {
                push(item.span, false);
            }
        }
        // Consecutive comment lines fold together.
        let mut block: Option<(Span, u32)> = None;
        for comment in &tree.comments {
            let comment_line = line(comment.span.start);
            block = match block {
                Some((span, last)) if comment_line == last + 1 => {
                    Some((span.to(comment.span), comment_line))
                }
                Some((span, _)) => {
                    push(span, true);
                    Some((comment.span, comment_line))
                }
                None => Some((comment.span, comment_line)),
            };
        }
        if let Some((span, _)) = block {
            push(span, true);
        }
    }
    folds.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    folds.dedup_by_key(|f| (f.start_line, f.end_line));
    folds
}

/// The spans around `offset`, innermost first: the word, the expressions holding it, the
/// table entry, the item, the declaration.
pub fn selection_ranges(snapshot: &Snapshot, file: FileId, offset: usize) -> Vec<Span> {
    let mut spans = Vec::new();
    if let Some(((start, end), _)) = crate::text::word_at(snapshot.text(file), offset) {
        spans.push(Span::new(file, start, end));
    }
    if let Some(tree) = snapshot.tree(file) {
        for declaration in tree.declarations.iter().filter(|d| d.span.contains(offset)) {
            spans.push(declaration.span);
            for item in declaration.items.iter().filter(|i| i.span.contains(offset)) {
                spans.push(item.span);
                collect_item(&item.kind, offset, &mut spans);
            }
        }
    }
    let text = snapshot.text(file);
    for span in &mut spans {
        // Items end after their trailing blanks: select up to the last written character.
        let end = text
            .get(..span.end.min(text.len()))
            .map_or(span.end, |t| t.trim_end().len())
            .max(span.start);
        span.end = end;
    }
    spans.sort_by_key(|s| (s.len(), std::cmp::Reverse(s.start)));
    spans.dedup();
    spans
}

fn collect_item(kind: &ItemKind, offset: usize, spans: &mut Vec<Span>) {
    match kind {
        ItemKind::Value(def) => collect_value(def, offset, spans),
        ItemKind::Mission(mission) => mission
            .envelopes
            .iter()
            .for_each(|e| collect_value(e, offset, spans)),
        ItemKind::Condition(def) => collect_expr(&def.condition, offset, spans),
        ItemKind::Assertion(def) => collect_expr(&def.condition, offset, spans),
        ItemKind::Add(inner) | ItemKind::Replace(inner) => collect_item(&inner.kind, offset, spans),
        _ => {}
    }
}

fn collect_value(def: &ValueDef, offset: usize, spans: &mut Vec<Span>) {
    match &def.definition {
        Definition::Table { table, .. } => collect_table(table, offset, spans),
        Definition::Formula(expr) => collect_expr(expr, offset, spans),
        Definition::Grid(grid) => {
            if grid.span.contains(offset) {
                spans.push(grid.span);
            }
            for row in &grid.entries {
                collect_table(&row.table, offset, spans);
            }
        }
        Definition::Rules(rules) => {
            if rules.span.contains(offset) {
                spans.push(rules.span);
            }
            for rule in &rules.rules {
                if let EntryValue::Expr(expr) = &rule.value.value {
                    collect_expr(expr, offset, spans);
                }
            }
        }
    }
    if let Some(table) = &def.expected {
        collect_table(table, offset, spans);
    }
}

fn collect_table(table: &Table, offset: usize, spans: &mut Vec<Span>) {
    if !table.span.contains(offset) {
        return;
    }
    spans.push(table.span);
    for entry in table.entries.iter().filter(|e| e.span.contains(offset)) {
        spans.push(entry.span);
        if let EntryValue::Expr(expr) = &entry.value {
            collect_expr(expr, offset, spans);
        }
    }
}

fn collect_expr(expr: &Expr, offset: usize, spans: &mut Vec<Span>) {
    if !expr.span.contains(offset) {
        return;
    }
    spans.push(expr.span);
    match &expr.kind {
        ExprKind::Table(table) => collect_table(table, offset, spans),
        ExprKind::Unary(_, e) | ExprKind::Paren(e) => collect_expr(e, offset, spans),
        ExprKind::Binary(_, l, r) => {
            collect_expr(l, offset, spans);
            collect_expr(r, offset, spans);
        }
        ExprKind::Between { value, low, high } => [value, low, high]
            .into_iter()
            .for_each(|e| collect_expr(e, offset, spans)),
        ExprKind::Call(_, args) => args.iter().for_each(|e| collect_expr(e, offset, spans)),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => [condition, then, otherwise]
            .into_iter()
            .for_each(|e| collect_expr(e, offset, spans)),
        _ => {}
    }
}
