//! Finds and loads the `.clause` files a command reads. One rule for every command: the paths
//! given (files or folders, searched recursively), else the nearest `agreements/` folder from
//! the current directory upwards; outside a project, an error. A file given alone brings the
//! files of its bases (found beside it and in the project's `agreements/`), as its check needs
//! them; their own diagnostics are not the file's.

use crate::output::io_reason;
use clause_compiler::{FileId, SourceDb};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Files that could not be found or read: where and why, in French.
#[derive(Debug)]
pub struct LoadError {
    /// The file or folder concerned (empty when no project was found).
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.as_os_str().is_empty() {
            write!(f, "{}", self.reason)
        } else {
            write!(f, "{} : {}", self.path.display(), self.reason)
        }
    }
}

impl std::error::Error for LoadError {}

/// The project's `agreements/` folder: the nearest one from the current directory upwards,
/// written relative to it (`agreements`, `../agreements`) so that diagnostics stay short.
pub fn find_agreements() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    let mut relative = PathBuf::new();
    for folder in here.ancestors() {
        if folder.join("agreements").is_dir() {
            return Some(relative.join("agreements"));
        }
        relative.push("..");
    }
    None
}

/// The paths to read: those given, else the project's `agreements/`.
pub fn roots(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    if !paths.is_empty() {
        return Ok(paths.to_vec());
    }
    find_agreements()
        .map(|folder| vec![folder])
        .ok_or_else(|| LoadError {
            path: PathBuf::new(),
            reason: "aucun dossier `agreements/` ici ni dans les dossiers parents : \
                     lancez la commande dans un projet Clause ou donnez les fichiers à lire"
                .to_string(),
        })
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
    let failed = |path: &Path, e: &std::io::Error| LoadError {
        path: path.to_path_buf(),
        reason: io_reason(e),
    };
    for entry in std::fs::read_dir(dir).map_err(|e| failed(dir, &e))? {
        let entry = entry.map_err(|e| failed(dir, &e))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| failed(&path, &e))?;
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

/// Reads the files under `paths` into a source database.
pub fn load(paths: &[PathBuf]) -> Result<SourceDb, LoadError> {
    let mut db = SourceDb::new();
    for path in collect_files(paths)? {
        let text = read_text(&path)?;
        db.add(path.display().to_string(), text);
    }
    Ok(db)
}

/// The files a command was asked about, and the database that holds them with their bases.
pub struct Loaded {
    pub db: SourceDb,
    /// The files asked for (the others are bases brought in to check them).
    pub requested: Vec<FileId>,
}

impl Loaded {
    pub fn is_requested(&self, file: FileId) -> bool {
        self.requested.contains(&file)
    }
}

/// Loads the paths given (or the project's `agreements/`), then the files that declare the
/// bases they name and do not hold, from the folders of the files given and the project's
/// `agreements/`.
pub fn load_with_bases(paths: &[PathBuf]) -> Result<Loaded, LoadError> {
    let roots = roots(paths)?;
    let mut db = load(&roots)?;
    let requested: Vec<FileId> = db.ids().collect();
    let mut search: Vec<PathBuf> = roots
        .iter()
        .filter(|p| p.is_file())
        .map(|p| {
            p.parent()
                .filter(|f| !f.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        })
        .collect();
    if !search.is_empty() {
        search.extend(find_agreements());
        add_bases(&mut db, &search)?;
    }
    Ok(Loaded { db, requested })
}

/// The versions a file declares and the bases its amendments name.
fn names_in(text: &str) -> (Vec<String>, Vec<String>) {
    let parsed = clause_grammar::parse(FileId(0), text);
    let Some(file) = parsed.file else {
        return (Vec::new(), Vec::new());
    };
    let declared = file
        .declarations
        .iter()
        .map(|d| d.name.node.clone())
        .collect();
    let bases = file
        .declarations
        .iter()
        .filter_map(|d| d.base.as_ref().map(|b| b.node.clone()))
        .collect();
    (declared, bases)
}

/// Adds to `db`, from the `.clause` files under `search`, those declaring a base that the
/// files of `db` name and do not declare, until every base is found or none can be.
fn add_bases(db: &mut SourceDb, search: &[PathBuf]) -> Result<(), LoadError> {
    let canonical = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut loaded: BTreeSet<PathBuf> = db
        .ids()
        .map(|id| canonical(Path::new(db.path(id))))
        .collect();
    let mut declared = BTreeSet::new();
    let mut wanted = BTreeSet::new();
    for id in db.ids() {
        let (names, bases) = names_in(db.text(id));
        declared.extend(names);
        wanted.extend(bases);
    }
    let mut candidates = Vec::new();
    for folder in search {
        // A folder that cannot be read only means fewer bases found: the check says which.
        if let Ok(files) = collect_files(std::slice::from_ref(folder)) {
            candidates.extend(files);
        }
    }
    loop {
        let missing: BTreeSet<&String> = wanted.difference(&declared).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut found = None;
        for candidate in &candidates {
            if loaded.contains(&canonical(candidate)) {
                continue;
            }
            let Ok(text) = read_text(candidate) else {
                continue;
            };
            let (names, bases) = names_in(&text);
            if names.iter().any(|n| missing.contains(n)) {
                found = Some((candidate.clone(), text, names, bases));
                break;
            }
        }
        let Some((path, text, names, bases)) = found else {
            return Ok(());
        };
        loaded.insert(canonical(&path));
        declared.extend(names);
        wanted.extend(bases);
        db.add(path.display().to_string(), text);
    }
}

/// A file's text; invalid UTF-8 is an error naming the byte offset.
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
