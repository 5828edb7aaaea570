//! Citations in the navigation index: a `référence` is a definition, each `source nom, …` a
//! reference to it (go to definition, find references, rename, hover with the citation's words).

use crate::names::{NameKind, Occurrence, Target};
use clause_compiler::citation::cite;
use clause_compiler::ir::Version;
use clause_grammar::ast::{ItemKind, SourceRef};

/// The occurrences of reference names in one item, read in `version` (`index` in the analysis).
pub(crate) fn occurrences(kind: &ItemKind, version: Option<(usize, &Version)>) -> Vec<Occurrence> {
    let mut found = Vec::new();
    let index = version.map(|(i, _)| i);
    if let ItemKind::Reference(def) = kind {
        found.push(Occurrence {
            span: def.name.span,
            name: def.name.node.clone(),
            kind: NameKind::Reference,
            is_definition: true,
            definition: def.name.span,
            key: def.name.span,
            version: index,
            target: Some(Target::Reference {
                name: def.name.node.clone(),
                citation: None,
            }),
        });
    }
    let Some((_, version)) = version else {
        return found;
    };
    for source in kind.sources() {
        let SourceRef::Citation(citation) = source else {
            continue;
        };
        let name = &citation.reference.node;
        let Some(reference) = version.references.iter().find(|r| &r.name == name) else {
            continue;
        };
        found.push(Occurrence {
            span: citation.reference.span,
            name: name.clone(),
            kind: NameKind::Reference,
            is_definition: false,
            definition: reference.name_span,
            key: reference.name_span,
            version: index,
            target: Some(Target::Reference {
                name: name.clone(),
                citation: Some(cite(&version.references, source).text),
            }),
        });
    }
    found
}

/// Hover on a reference: the citation as the documents write it, and the reference's entry.
pub(crate) fn hover(version: &Version, name: &str, citation: Option<&str>) -> Option<String> {
    let reference = version.references.iter().find(|r| r.name == name)?;
    let mut out = format!("**référence** `{name}`\n\n{}", reference.entry());
    if let Some(citation) = citation {
        out = format!("**citation** : {citation}\n\n---\n\n{out}");
    }
    Some(out)
}
