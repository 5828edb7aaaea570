//! What `check`, `test` and `build` all verify: the analysis's diagnostics for the files asked
//! about, and the worked examples (`exemple`) of their versions. A failing example is an
//! error like the others: `check` reports it, `build` refuses to publish a page showing it.

use crate::workspace::{load_with_bases, Loaded};
use clause_compiler::check::examples::{run_examples, ExampleReport};
use clause_compiler::ir::{Version, VersionKind};
use clause_compiler::{analyze, Analysis, Diagnostic, FileId, Severity};
use std::path::PathBuf;

pub struct Verified {
    pub analysis: Analysis,
    /// The diagnostics of the files asked about, then those of their failing examples.
    pub diagnostics: Vec<Diagnostic>,
    /// How many of `diagnostics` come from the analysis (the others, from examples).
    pub from_analysis: usize,
    /// The examples run, in order: versions without errors only.
    pub examples: Vec<ExampleReport>,
    /// Versions declared in the files asked about.
    pub versions: usize,
    /// Versions whose examples were not run because their files have errors.
    pub skipped: usize,
}

impl Verified {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The analysis's errors in the files asked about (failing examples left out).
    pub fn analysis_errors(&self) -> Vec<Diagnostic> {
        self.diagnostics[..self.from_analysis]
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect()
    }

    pub fn failed_examples(&self) -> usize {
        self.examples.iter().filter(|r| !r.passed).count()
    }

    /// The versions broken by an error or a failing example, with the number of their errors
    /// (their own and their bases'), in the order of the analysis.
    pub fn broken(&self) -> Vec<(String, usize)> {
        self.analysis
            .versions
            .iter()
            .filter_map(|version| {
                let mut names = vec![version.name.as_str()];
                if let VersionKind::Consolidated { chain, .. } = &version.kind {
                    names.extend(chain.iter().map(String::as_str));
                }
                let from_examples = self.diagnostics[self.from_analysis..]
                    .iter()
                    .filter(|d| d.is_error())
                    .filter(|d| d.version.as_deref().is_some_and(|v| names.contains(&v)))
                    .count();
                let errors = self.analysis.errors_of(version).len() + from_examples;
                (errors > 0).then(|| (version.name.clone(), errors))
            })
            .collect()
    }
}

/// The files a version is made of: its own and its bases'.
pub fn files_of(analysis: &Analysis, version: &Version) -> Vec<FileId> {
    let mut files = vec![version.file];
    if let VersionKind::Consolidated { chain, .. } = &version.kind {
        files.extend(
            chain
                .iter()
                .filter_map(|name| analysis.version(name))
                .map(|v| v.file),
        );
    }
    files
}

/// Whether `version` has errors of its own or of its bases (those of amendments built on it
/// are theirs).
pub fn has_errors(analysis: &Analysis, version: &Version) -> bool {
    !analysis.errors_of(version).is_empty()
}

/// Analyzes the workspace and runs the examples of the versions asked about.
pub fn verify(loaded: &Loaded) -> Verified {
    let analysis = analyze(&loaded.db);
    let mut diagnostics: Vec<Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| loaded.is_requested(d.primary.span.file))
        .cloned()
        .collect();
    let from_analysis = diagnostics.len();
    let mut examples = Vec::new();
    let (mut versions, mut skipped) = (0, 0);
    for version in analysis
        .versions
        .iter()
        .filter(|v| loaded.is_requested(v.file))
    {
        versions += 1;
        if has_errors(&analysis, version) {
            skipped += 1;
            continue;
        }
        for report in run_examples(version) {
            // A base's failing example fails in its amendments too: reported once.
            for diagnostic in report.diagnostics.iter() {
                if !diagnostics[from_analysis..].contains(diagnostic) {
                    diagnostics.push(diagnostic.clone());
                }
            }
            examples.push(report);
        }
    }
    Verified {
        analysis,
        diagnostics,
        from_analysis,
        examples,
        versions,
        skipped,
    }
}

/// Loads the paths (see `workspace`) and verifies them. A file that cannot be read is
/// reported, and the exit code returned.
pub fn load_and_verify(paths: &[PathBuf]) -> Result<(Loaded, Verified), u8> {
    match load_with_bases(paths) {
        Ok(loaded) => {
            let verified = verify(&loaded);
            Ok((loaded, verified))
        }
        Err(error) => {
            crate::errln!("erreur : {error}");
            Err(crate::exit::FAILURE)
        }
    }
}
