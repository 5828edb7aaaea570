//! Document symbols (the outline: declarations, their items, a mission's envelopes, bands,
//! variants) and workspace symbols (the same, flat, filtered by a query).

use crate::navigation::NameKind;
use crate::snapshot::Snapshot;
use clause_compiler::{FileId, Span};
use clause_grammar::ast::{Declaration, DeclarationKind, Item, ItemKind, ValueDef, ValueKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub kind: NameKind,
    pub detail: Option<String>,
    /// The whole item.
    pub span: Span,
    /// The name.
    pub selection: Span,
    pub children: Vec<DocumentSymbol>,
}

pub fn document_symbols(snapshot: &Snapshot, file: FileId) -> Vec<DocumentSymbol> {
    let Some(tree) = snapshot.tree(file) else {
        return Vec::new();
    };
    tree.declarations.iter().map(declaration).collect()
}

fn declaration(declaration: &Declaration) -> DocumentSymbol {
    let detail = match (&declaration.kind, &declaration.base) {
        (DeclarationKind::Amendment, Some(base)) => Some(format!("avenant, modifie {}", base.node)),
        _ => declaration.title.as_ref().map(|t| t.node.clone()),
    };
    DocumentSymbol {
        name: declaration.name.node.clone(),
        kind: NameKind::Version,
        detail,
        span: declaration.span,
        selection: declaration.name.span,
        children: declaration.items.iter().filter_map(item).collect(),
    }
}

fn item(item: &Item) -> Option<DocumentSymbol> {
    let symbol = |name: &clause_grammar::Spanned<String>,
                  kind,
                  detail: Option<String>,
                  children| DocumentSymbol {
        name: name.node.clone(),
        kind,
        detail,
        span: item.span,
        selection: name.span,
        children,
    };
    let label = |l: &Option<clause_grammar::Spanned<String>>| l.as_ref().map(|t| t.node.clone());
    Some(match &item.kind {
        ItemKind::Enum(def) => {
            let children = def
                .variants
                .iter()
                .map(|v| DocumentSymbol {
                    name: v.name.node.clone(),
                    kind: NameKind::Variant,
                    detail: label(&v.label),
                    span: v.name.span,
                    selection: v.name.span,
                    children: vec![],
                })
                .collect();
            symbol(&def.name, NameKind::Enum, label(&def.label), children)
        }
        ItemKind::Input(def) => symbol(&def.name, NameKind::Input, label(&def.label), vec![]),
        ItemKind::BandSet(def) => {
            let children = def
                .bands
                .iter()
                .map(|b| DocumentSymbol {
                    name: b.name.node.clone(),
                    kind: NameKind::Band,
                    detail: label(&b.label),
                    span: b.name.span.to(b.range.span),
                    selection: b.name.span,
                    children: vec![],
                })
                .collect();
            symbol(
                &def.name,
                NameKind::BandSet,
                Some(format!("selon {}", def.dimension.node)),
                children,
            )
        }
        ItemKind::Value(def) => value(def, item.span)?,
        ItemKind::Mission(def) => {
            let children = def
                .envelopes
                .iter()
                .filter_map(|e| value(e, e.keyword_span))
                .collect();
            symbol(&def.name, NameKind::Mission, label(&def.label), children)
        }
        ItemKind::Condition(def) => {
            symbol(&def.name, NameKind::Condition, label(&def.label), vec![])
        }
        ItemKind::Reference(def) => symbol(
            &def.name,
            NameKind::Reference,
            Some(def.title.node.clone()),
            vec![],
        ),
        ItemKind::Add(inner) | ItemKind::Replace(inner) => {
            let mut symbol = self::item(inner)?;
            symbol.span = item.span;
            let verb = if matches!(item.kind, ItemKind::Add(_)) {
                "ajouté"
            } else {
                "remplacé"
            };
            symbol.detail = Some(match symbol.detail {
                Some(detail) => format!("{verb} — {detail}"),
                None => verb.to_string(),
            });
            symbol
        }
        _ => return None,
    })
}

fn value(def: &ValueDef, span: Span) -> Option<DocumentSymbol> {
    let name = def.name.as_ref()?;
    let kind = match def.kind {
        ValueKind::Envelope => NameKind::Envelope,
        ValueKind::Value => NameKind::Value,
        ValueKind::Result => NameKind::Result,
    };
    Some(DocumentSymbol {
        name: name.node.clone(),
        kind,
        detail: def.label.as_ref().map(|l| l.node.clone()),
        span: span.to(name.span),
        selection: name.span,
        children: vec![],
    })
}

/// Every symbol of the workspace whose name contains the query's characters in order
/// (case-insensitive), best matches first.
pub fn workspace_symbols(
    snapshot: &Snapshot,
    query: &str,
) -> Vec<(DocumentSymbol, Option<String>)> {
    let query: Vec<char> = query.to_lowercase().chars().collect();
    let mut found = Vec::new();
    for file in snapshot.db.ids() {
        for declaration in document_symbols(snapshot, file) {
            let mut stack: Vec<(DocumentSymbol, Option<String>)> = vec![(declaration, None)];
            while let Some((mut symbol, parent)) = stack.pop() {
                for child in std::mem::take(&mut symbol.children) {
                    stack.push((child, Some(symbol.name.clone())));
                }
                if matches_fuzzy(&symbol.name, &query) {
                    found.push((symbol, parent));
                }
            }
        }
    }
    found.sort_by_key(|(s, _)| {
        (
            !s.name
                .to_lowercase()
                .starts_with(&query.iter().collect::<String>()),
            s.name.len(),
            s.name.clone(),
        )
    });
    found.truncate(500);
    found
}

fn matches_fuzzy(name: &str, query: &[char]) -> bool {
    let mut wanted = query.iter().peekable();
    for c in name.to_lowercase().chars() {
        if wanted.peek() == Some(&&c) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}
