//! Writing generated files: folders created as needed, errors in French with the path.

use std::path::Path;

pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            format!(
                "{} : impossible de créer le dossier ({e})",
                parent.display()
            )
        })?;
    }
    std::fs::write(path, text)
        .map_err(|e| format!("{} : écriture impossible ({e})", path.display()))
}
