//! Writing what a command produces: standard output that a closed pipe ends quietly, standard
//! error that never panics, files replaced atomically, and French plurals for the counts.

use crate::exit;
use std::io::Write;
use std::path::Path;

/// Writes `text` on standard output. When the reader has gone (`clause doc | head`), the
/// process ends at once with the conventional code 141, saying nothing.
pub fn stdout(text: &[u8]) {
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_all(text).and_then(|()| out.flush()) {
        ended(&error);
    }
}

/// Ends the process after a failed write to standard output: quietly for a closed pipe, with
/// a French message otherwise.
pub fn ended(error: &std::io::Error) -> ! {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(i32::from(exit::CLOSED_PIPE));
    }
    stderr(format_args!(
        "erreur : écriture impossible sur la sortie standard ({error})\n"
    ));
    std::process::exit(i32::from(exit::FAILURE));
}

/// The exit code for an I/O error met while streaming to standard output or a file.
pub fn io_failure(error: &std::io::Error) -> u8 {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        exit::CLOSED_PIPE
    } else {
        stderr(format_args!(
            "erreur : lecture ou écriture impossible : {error}\n"
        ));
        exit::FAILURE
    }
}

/// Writes on standard error; a closed standard error is ignored (there is nobody to tell).
pub fn stderr(text: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(text);
}

/// « 1 version », « 2 versions », « 0 erreur »: French puts the singular for 0 and 1.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count > 1 { many } else { one })
}

/// Writes `text` to `path`, replacing an existing file atomically: a temporary file beside it
/// is written, flushed, then renamed over it, so that a reader sees the old text or the new
/// one, never half of it, and an interrupted run leaves the old file. Missing folders are made.
pub fn write_file(path: &Path, text: &[u8]) -> Result<(), String> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| {
        format!(
            "{} : impossible de créer le dossier ({})",
            folder.display(),
            io_reason(&e)
        )
    })?;
    if path.is_dir() {
        return Err(format!(
            "{} : c'est un dossier, un nom de fichier est attendu",
            path.display()
        ));
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("fichier");
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text)?;
        file.sync_all()?;
        if let Ok(metadata) = std::fs::metadata(path) {
            std::fs::set_permissions(&temporary, metadata.permissions())?;
        }
        std::fs::rename(&temporary, path)
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(format!(
            "{} : écriture impossible ({})",
            path.display(),
            io_reason(&error)
        ));
    }
    Ok(())
}

/// An I/O error in French for the common cases.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "fichier ou dossier introuvable".to_string(),
        ErrorKind::PermissionDenied => "accès refusé".to_string(),
        ErrorKind::AlreadyExists => "existe déjà".to_string(),
        ErrorKind::IsADirectory => "c'est un dossier".to_string(),
        ErrorKind::NotADirectory => "n'est pas un dossier".to_string(),
        ErrorKind::StorageFull => "disque plein".to_string(),
        ErrorKind::ReadOnlyFilesystem => "système de fichiers en lecture seule".to_string(),
        _ => error.to_string(),
    }
}
