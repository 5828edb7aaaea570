//! Writes the whole site: every version's documents, the comparisons, the index.

use super::index::{comparison_page, comparison_stem, index_page, version_page, VersionFiles};
use super::plan::comparisons;
use crate::output::write_file;
use super::simulator::simulator_page;
use clause_compiler::diff::{self, compare};
use clause_compiler::document::{build_document, csv, markdown};
use clause_compiler::{Analysis, SourceDb};
use std::path::{Path, PathBuf};

/// Writes the site under `out`; returns the files written.
pub fn write_site(db: &SourceDb, analysis: &Analysis, out: &Path) -> Result<Vec<PathBuf>, String> {
    let docs: Vec<_> = analysis
        .versions
        .iter()
        .map(|v| build_document(v, db))
        .collect();
    let pairs = comparisons(&analysis.versions);
    let mut written = Vec::new();
    let mut write = |relative: String, text: String| -> Result<(), String> {
        let path = out.join(relative);
        write_file(&path, text.as_bytes())?;
        written.push(path);
        Ok(())
    };
    for doc in &docs {
        let files = VersionFiles::new(&doc.id);
        write(files.html(), version_page(doc, &pairs))?;
        write(files.markdown(), markdown::render_markdown(doc))?;
        write(files.funding_csv(), csv::render_funding_csv(doc))?;
        write(files.calendar_csv(), csv::render_calendar_csv(doc))?;
        if let Some(version) = analysis.version(&doc.id) {
            write(files.simulator(), simulator_page(version, db))?;
        }
    }
    let mut counted = Vec::new();
    for pair in &pairs {
        let (Some(old), Some(new)) = (
            docs.iter().find(|d| d.id == pair.old),
            docs.iter().find(|d| d.id == pair.new),
        ) else {
            continue;
        };
        let comparison = compare(old, new);
        let stem = comparison_stem(pair);
        write(
            format!("{stem}.html"),
            comparison_page(&comparison, old, new),
        )?;
        write(
            format!("{stem}.md"),
            diff::markdown::render_markdown(&comparison),
        )?;
        write(format!("{stem}.txt"), diff::text::render_text(&comparison))?;
        write(format!("{stem}.json"), diff::json::render_json(&comparison))?;
        counted.push((pair.clone(), comparison.changes.len()));
    }
    write("index.html".to_string(), index_page(&docs, &counted))?;
    Ok(written)
}
