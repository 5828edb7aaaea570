//! Finds the versions named on the command line (`aci_cpts_2019`, or a `.clause` file) in a
//! workspace, and refuses, with the diagnostics, a version whose files have errors.

use crate::output::plural;
use crate::render::show_human;
use crate::workspace::{self, load_with_bases, LoadError};
use clause_compiler::ir::Version;
use clause_compiler::{analyze, Analysis, FileId, SourceDb};
use std::path::{Path, PathBuf};

pub struct Workspace {
    pub db: SourceDb,
    pub analysis: Analysis,
}

/// What went wrong, already explained to the user on stderr; carries the exit code.
pub struct Refused(pub u8);

/// Whether a VERSION argument names a file rather than an identifier.
fn is_path(spec: &str) -> bool {
    spec.ends_with(".clause") || spec.contains('/') || spec.contains(std::path::MAIN_SEPARATOR)
}

/// Loads the workspace that holds `specs`: the files named, with their bases, plus the `paths`
/// given (default: the project's `agreements/`) when an identifier is named, or none (`--at`).
pub fn load_for(specs: &[&str], paths: &[PathBuf]) -> Result<Workspace, Refused> {
    let mut roots: Vec<PathBuf> = Vec::new();
    let file_specs: Vec<&str> = specs.iter().copied().filter(|s| is_path(s)).collect();
    for spec in &file_specs {
        let path = Path::new(spec);
        if !path.is_file() {
            errln!("erreur : le fichier `{spec}` n'existe pas");
            return Err(Refused(super::FAILURE));
        }
        roots.push(path.to_path_buf());
    }
    let failed = |error: LoadError| {
        errln!("erreur : {error}");
        Refused(super::FAILURE)
    };
    // Identifiers, or no version named at all (`--at`), look in the workspace folders.
    if specs.is_empty() || file_specs.len() < specs.len() || !paths.is_empty() {
        roots.extend(workspace::roots(paths).map_err(failed)?);
    }
    let loaded = load_with_bases(&roots).map_err(failed)?;
    let analysis = analyze(&loaded.db);
    Ok(Workspace {
        db: loaded.db,
        analysis,
    })
}

fn same_file(a: &str, b: &Path) -> bool {
    match (Path::new(a).canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => Path::new(a) == b,
    }
}

impl Workspace {
    /// The version a VERSION argument names. Unknown: a French error with the known ids and the
    /// closest one, exit code 2.
    pub fn resolve(&self, spec: &str) -> Result<&Version, Refused> {
        if is_path(spec) {
            let path = Path::new(spec);
            let file = self.db.ids().find(|id| same_file(self.db.path(*id), path));
            let declared: Vec<&Version> = file
                .map(|f| {
                    self.analysis
                        .versions
                        .iter()
                        .filter(|v| v.file == f)
                        .collect()
                })
                .unwrap_or_default();
            return match declared.as_slice() {
                [version] => Ok(version),
                [] => {
                    errln!("erreur : le fichier `{spec}` ne déclare aucune version utilisable");
                    Err(Refused(super::FAILURE))
                }
                several => {
                    let names: Vec<String> =
                        several.iter().map(|v| format!("`{}`", v.name)).collect();
                    errln!(
                        "erreur : le fichier `{spec}` déclare plusieurs versions : {}",
                        names.join(", ")
                    );
                    errln!("aide : nommez la version par son identifiant");
                    Err(Refused(super::FAILURE))
                }
            };
        }
        if let Some(version) = self.analysis.version(spec) {
            return Ok(version);
        }
        let known: Vec<&str> = self
            .analysis
            .versions
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        errln!("erreur : version `{spec}` inconnue");
        if let Some(close) = closest(spec, &known) {
            errln!("aide : vouliez-vous dire `{close}` ?");
        }
        if known.is_empty() {
            errln!("note : aucune version trouvée dans l'espace de travail");
        } else {
            let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            errln!("note : versions connues : {}", list.join(", "));
        }
        Err(Refused(super::FAILURE))
    }

    /// The files a version is made of: its own and its bases'.
    pub fn files_of(&self, version: &Version) -> Vec<FileId> {
        super::verify::files_of(&self.analysis, version)
    }

    /// Refuses (exit 1, diagnostics on stderr) a version whose files have errors: its documents
    /// would show figures the checker rejects.
    pub fn require_valid(&self, version: &Version) -> Result<(), Refused> {
        let errors: Vec<_> = self
            .analysis
            .errors_of(version)
            .into_iter()
            .cloned()
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        show_human(&self.db, &errors);
        errln!(
            "erreur : la version `{}` a {} : corrigez-les d'abord (voir `clause check`)",
            version.name,
            plural(errors.len(), "erreur", "erreurs")
        );
        Err(Refused(super::PROBLEMS))
    }
}

/// The known name closest to a misspelt one, within a typo's distance.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    clause_compiler::suggest::did_you_mean(name, known.iter().copied())
}
