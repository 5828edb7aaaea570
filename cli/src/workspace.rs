//! Loads `.clause` files from the paths the user gives (files or folders, recursively).

use clause_compiler::SourceDb;
use std::path::{Path, PathBuf};

/// A file that could not be loaded: the path and what went wrong, in French.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} : {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for LoadError {}

/// The paths to read when none are given: `agreements/` if present, else the current folder.
pub fn default_paths() -> Vec<PathBuf> {
    let agreements = PathBuf::from("agreements");
    if agreements.is_dir() {
        vec![agreements]
    } else {
        vec![PathBuf::from(".")]
    }
}

/// Every `.clause` file under the paths, sorted, each once.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|e| LoadError {
            path: path.clone(),
            reason: io_reason(&e),
        })?;
        if metadata.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError {
        path: dir.to_path_buf(),
        reason: io_reason(&e),
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| LoadError {
            path: dir.to_path_buf(),
            reason: io_reason(&e),
        })?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| LoadError {
            path: path.clone(),
            reason: io_reason(&e),
        })?;
        if file_type.is_dir() {
            // Build outputs and hidden folders hold no sources.
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            walk(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "clause") {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads the files into a source database. Invalid UTF-8 is an error naming the byte offset.
pub fn load(paths: &[PathBuf]) -> Result<SourceDb, LoadError> {
    let mut db = SourceDb::new();
    for path in collect_files(paths)? {
        let text = read_text(&path)?;
        db.add(path.display().to_string(), text);
    }
    Ok(db)
}

/// Loads the paths given (or the default ones); on failure, says why on stderr.
pub fn load_or_report(paths: &[PathBuf]) -> Option<SourceDb> {
    let paths = if paths.is_empty() {
        default_paths()
    } else {
        paths.to_vec()
    };
    load(&paths)
        .map_err(|error| eprintln!("erreur : {error}"))
        .ok()
}

pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        reason: io_reason(&e),
    })?;
    String::from_utf8(bytes).map_err(|e| LoadError {
        path: path.to_path_buf(),
        reason: format!(
            "le fichier n'est pas en UTF-8 valide (octet {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "fichier ou dossier introuvable".to_string(),
        std::io::ErrorKind::PermissionDenied => "accès refusé".to_string(),
        _ => error.to_string(),
    }
}
