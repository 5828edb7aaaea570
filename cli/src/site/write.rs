//! Writes the whole site: every version's documents, the comparisons, the index.

use super::index::{comparison_page, comparison_stem, index_page, version_page, VersionFiles};
use super::plan::comparisons;
use super::simulator::simulator_page;
use crate::output::write_file;
use clause_compiler::diff::{self, compare};
use clause_compiler::document::{build_document, csv, markdown};
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{Analysis, SourceDb};
use clause_cost::cost_population;
use std::path::{Path, PathBuf};

/// A population to cost each amendment against its base: the file's name, for the pages, and
/// its text.
pub struct Population {
    pub name: String,
    pub text: String,
}

/// Writes the site under `out`; returns the files written. With a population, each amendment
/// gets a costing page against its base, linked from their comparison.
pub fn write_site(
    db: &SourceDb,
    analysis: &Analysis,
    out: &Path,
    population: Option<&Population>,
) -> Result<Vec<PathBuf>, String> {
    let docs: Vec<_> = analysis
        .versions
        .iter()
        .map(|v| build_document(v, db))
        .collect();
    let pairs = comparisons(&analysis.versions);
    let mut written = Vec::new();
    let mut write = |relative: String, bytes: Vec<u8>| -> Result<(), String> {
        let path = out.join(relative);
        write_file(&path, &bytes)?;
        written.push(path);
        Ok(())
    };
    for doc in &docs {
        let files = VersionFiles::new(&doc.id);
        write(files.html(), version_page(doc, &pairs).into())?;
        write(files.markdown(), markdown::render_markdown(doc).into())?;
        write(files.pdf(), clause_pdf::document_pdf(doc)?)?;
        // The published CSVs are for French spreadsheets; a table without rows gives no file
        // (and the pages do not link it).
        if let Some(text) = csv::render_funding_csv(doc, csv::Dialect::French) {
            write(files.funding_csv(), text.into())?;
        }
        if let Some(text) = csv::render_calendar_csv(doc, csv::Dialect::French) {
            write(files.calendar_csv(), text.into())?;
        }
        if let Some(version) = analysis.version(&doc.id) {
            write(files.simulator(), simulator_page(version, db).into())?;
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
        let costing = match (population, is_amendment_of(analysis, &pair.new, &pair.old)) {
            (Some(population), true) => {
                let report = cost_page(db, analysis, pair, population)?;
                write(format!("{stem}.chiffrage.html"), report.into())?;
                Some((
                    format!("{}.chiffrage.html", file_name(&stem)),
                    population.name.as_str(),
                ))
            }
            _ => None,
        };
        write(
            format!("{stem}.html"),
            comparison_page(&comparison, old, new, costing).into(),
        )?;
        write(
            format!("{stem}.md"),
            diff::markdown::render_markdown(&comparison, old, new).into(),
        )?;
        write(
            format!("{stem}.txt"),
            diff::text::render_text(&comparison).into(),
        )?;
        write(
            format!("{stem}.json"),
            diff::json::render_json(&comparison).into(),
        )?;
        write(
            format!("{stem}.pdf"),
            clause_pdf::comparison_pdf(&comparison, old, new)?,
        )?;
        counted.push((pair.clone(), comparison.changes.len()));
    }
    write("index.html".to_string(), index_page(&docs, &counted).into())?;
    Ok(written)
}

fn file_name(stem: &str) -> &str {
    stem.rsplit('/').next().unwrap_or(stem)
}

/// Whether `new` is an amendment consolidated onto `old`.
fn is_amendment_of(analysis: &Analysis, new: &str, old: &str) -> bool {
    analysis.version(new).is_some_and(|v| {
        matches!(&v.kind, clause_compiler::ir::VersionKind::Consolidated { base, .. } if base == old)
    })
}

/// The costing page of an amendment against its base on the population.
fn cost_page(
    db: &SourceDb,
    analysis: &Analysis,
    pair: &super::plan::Pair,
    population: &Population,
) -> Result<String, String> {
    let (Some(old), Some(new)) = (analysis.version(&pair.old), analysis.version(&pair.new)) else {
        return Err(format!(
            "version `{}` ou `{}` introuvable",
            pair.old, pair.new
        ));
    };
    let old = CompiledVersion::new(old, db);
    let new = CompiledVersion::new(new, db);
    let report = cost_population(&old, &new, population.text.as_bytes(), &[])
        .map_err(|e| format!("{} : chiffrage impossible : {e}", population.name))?;
    Ok(clause_cost::render::html::render(
        &report,
        Some("../index.html"),
    ))
}
