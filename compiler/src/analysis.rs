//! The whole pipeline on a set of sources: parse, consolidate, resolve and type, compute every
//! value per band once, check.

use crate::check::check_version;
use crate::consolidate::blame::file_under;
use crate::consolidate::consolidate;
use crate::diagnostic::{sort_and_dedup, Diagnostic, Severity};
use crate::interpret::scenarios::compute_static_values;
use crate::ir::{Version, VersionKind};
use crate::resolve::build_version;
use crate::source_db::SourceDb;
use crate::syntax::cascade::LeftOut;
use crate::syntax::syntax_diagnostic;
use clause_grammar::ast::SourceFile;
use clause_grammar::{FileId, Parsed};

/// Everything the compiler knows about a workspace.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Each file's syntax tree: what parses of it (`None` when it is refused whole).
    pub files: Vec<(FileId, Option<SourceFile>)>,
    /// Every version: agreements, and amendments consolidated onto their base.
    pub versions: Vec<Version>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn version(&self, name: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.name == name)
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The errors that break `version`: those filed under it or under a base of its chain, and
    /// those found before any version (syntax) in its files or its bases'.
    pub fn errors_of(&self, version: &Version) -> Vec<&Diagnostic> {
        let mut names = vec![version.name.as_str()];
        let mut files = vec![version.file];
        if let VersionKind::Consolidated { chain, .. } = &version.kind {
            names.extend(chain.iter().map(String::as_str));
            files.extend(chain.iter().filter_map(|n| self.version(n)).map(|v| v.file));
        }
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter(|d| match &d.version {
                Some(name) => names.contains(&name.as_str()),
                None => files.contains(&d.primary.span.file),
            })
            .collect()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

pub fn analyze(db: &SourceDb) -> Analysis {
    let parsed = db
        .ids()
        .map(|file| clause_grammar::parse(file, db.text(file)))
        .collect();
    analyze_parsed(db, parsed)
}

/// The pipeline after parsing, on each file's parse in `db` order: the language server hands
/// it the trees it re-parsed incrementally.
pub fn analyze_parsed(db: &SourceDb, parsed: Vec<Parsed>) -> Analysis {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let left_out = LeftOut::of(db, parsed.iter());
    for (file, parsed) in db.ids().zip(parsed) {
        diagnostics.extend(parsed.errors.iter().map(syntax_diagnostic));
        files.push((file, parsed.file));
    }
    let declarations: Vec<_> = files
        .iter()
        .filter_map(|(_, f)| f.as_ref())
        .flat_map(|f| f.declarations.iter())
        .collect();
    let sources = consolidate(&declarations, &mut diagnostics);
    let mut versions = Vec::with_capacity(sources.len());
    // What each version's resolution and checks find, before it is filed under a version.
    let mut found_in = Vec::with_capacity(sources.len());
    for source in &sources {
        let mut found = Vec::new();
        let mut version = build_version(source, &mut found);
        version.static_values = compute_static_values(&version);
        check_version(&version, db, &mut found);
        versions.push(version);
        found_in.push(found);
    }
    for (version, found) in versions.iter().zip(&found_in) {
        let bases: Vec<&Vec<Diagnostic>> = match &version.kind {
            VersionKind::Agreement => Vec::new(),
            VersionKind::Consolidated { chain, .. } => chain
                .iter()
                .filter_map(|name| versions.iter().position(|v| &v.name == name))
                .map(|index| &found_in[index])
                .collect(),
        };
        // Found again in a base: the base's error, reported (once) under the base.
        let inherited = |d: &Diagnostic| {
            bases.iter().any(|list| {
                list.iter().any(|b| {
                    b.code == d.code && b.primary.span == d.primary.span && b.message == d.message
                })
            })
        };
        diagnostics.extend(file_under(version, found.clone(), inherited));
    }
    attach_bases(&mut versions);
    crate::syntax::amounts::three_decimal_amounts(db, &mut diagnostics);
    diagnostics.retain(|d| !left_out.explains(db, d));
    sort_and_dedup(&mut diagnostics);
    Analysis {
        files,
        versions,
        diagnostics,
    }
}

/// Gives each amendment a copy of the versions of its chain (nearest first), which evaluation
/// reads for the values in force before the amendment's date of effect.
fn attach_bases(versions: &mut [Version]) {
    let chains: Vec<Vec<Version>> = versions
        .iter()
        .map(|version| match &version.kind {
            crate::ir::VersionKind::Agreement => Vec::new(),
            crate::ir::VersionKind::Consolidated { chain, .. } => chain
                .iter()
                .filter_map(|name| versions.iter().find(|v| &v.name == name).cloned())
                .collect(),
        })
        .collect();
    for (version, bases) in versions.iter_mut().zip(chains) {
        version.bases = bases;
    }
}
