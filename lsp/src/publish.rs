//! Publishing diagnostics: the server sends, after each analysis, the diagnostics of the files
//! whose diagnostics changed (remembered per file with the editor's version), so an editor never
//! shows stale ones and is not flooded with unchanged lists.

use crate::convert;
use crate::diagnostics;
use crate::workspace::Analyzed;
use clause_compiler::FileId;
use std::collections::HashMap;
use std::sync::Mutex;
use tower_lsp_server::ls_types::{Diagnostic, Uri};
use tower_lsp_server::Client;

/// What was last published for each file: its diagnostics and the editor's version they answer.
pub type Published = HashMap<Uri, (Vec<Diagnostic>, Option<i32>)>;

fn lsp_diagnostics(analyzed: &Analyzed, file: FileId) -> Vec<Diagnostic> {
    let snapshot = &analyzed.snapshot;
    let uri_of = |f: FileId| analyzed.uri(f);
    let range_of = |span: clause_compiler::Span| Some(convert::range(snapshot, span));
    diagnostics::file_diagnostics(snapshot, file)
        .into_iter()
        .filter_map(|d| convert::diagnostic(d, &range_of, &uri_of))
        .collect()
}

/// Publishes the diagnostics of every file whose diagnostics changed (an edit of a base can
/// change its amendments'), and of every open file the editor changed (with its version, so the
/// editor knows they answer its latest text), and clears those of files that are gone.
pub async fn publish(client: &Client, analyzed: &Analyzed, published: &Mutex<Published>) {
    let mut updates = Vec::new();
    {
        let mut published = published
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut seen = Vec::new();
        for (index, uri) in analyzed.uris.iter().enumerate() {
            let list = lsp_diagnostics(analyzed, FileId(index as u32));
            let version = analyzed.versions.get(index).copied().flatten();
            seen.push(uri.clone());
            let current = (list, version);
            if published.get(uri) != Some(&current) {
                published.insert(uri.clone(), current.clone());
                updates.push((uri.clone(), current));
            }
        }
        let gone: Vec<Uri> = published
            .keys()
            .filter(|u| !seen.contains(u))
            .cloned()
            .collect();
        for uri in gone {
            published.remove(&uri);
            updates.push((uri, (Vec::new(), None)));
        }
    }
    for (uri, (list, version)) in updates {
        client.publish_diagnostics(uri, list, version).await;
    }
}
