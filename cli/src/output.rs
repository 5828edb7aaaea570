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

/// A file being written for a command's `--out` (or a file it writes): a regular file, or a
/// new one, is written beside its place and renamed over it once complete, so that a reader sees
/// the old text or the new one, never half of it, and an interrupted run leaves the old file.
/// Anything else that exists there — a device such as `/dev/null`, a named pipe — is written in
/// place: a rename would put a regular file where it stood (as root, `--out /dev/null` replaced
/// the machine's `/dev/null`). A symbolic link is followed: its target is replaced, the link kept.
pub struct OutputFile {
    /// The temporary file to rename over `target` (`None`: written in place).
    temporary: Option<std::path::PathBuf>,
    target: std::path::PathBuf,
}

impl OutputFile {
    /// Opens the file to write for `path` (its missing folders made).
    pub fn create(path: &Path) -> std::io::Result<(OutputFile, std::fs::File)> {
        let linked = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        // A dangling link: the link itself is replaced, as a missing file would be created.
        let target = match linked.then(|| std::fs::canonicalize(path)) {
            Some(Ok(target)) => target,
            _ => path.to_path_buf(),
        };
        if let Ok(metadata) = std::fs::metadata(&target) {
            if !metadata.is_file() && !metadata.is_dir() {
                let file = std::fs::OpenOptions::new().write(true).open(&target)?;
                return Ok((
                    OutputFile {
                        temporary: None,
                        target,
                    },
                    file,
                ));
            }
        }
        let folder = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder)?;
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("fichier");
        let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&temporary)?;
        Ok((
            OutputFile {
                temporary: Some(temporary),
                target,
            },
            file,
        ))
    }

    /// Puts the written file in its place (with the permissions of the file it replaces).
    pub fn commit(self) -> std::io::Result<()> {
        let Some(temporary) = &self.temporary else {
            return Ok(());
        };
        let result = (|| {
            if let Ok(metadata) = std::fs::metadata(&self.target) {
                std::fs::set_permissions(temporary, metadata.permissions())?;
            }
            std::fs::rename(temporary, &self.target)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(temporary);
        }
        result
    }

    /// Whether the file is written in place (a device or a pipe: nothing to flush to a disk).
    pub fn in_place(&self) -> bool {
        self.temporary.is_none()
    }

    /// Leaves the place as it was (the temporary file removed).
    pub fn abandon(self) {
        if let Some(temporary) = &self.temporary {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

/// Writes `text` to `path` through an `OutputFile` (flushed to the disk before it replaces
/// anything). Missing folders are made.
pub fn write_file(path: &Path, text: &[u8]) -> Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "{} : c'est un dossier, un nom de fichier est attendu",
            path.display()
        ));
    }
    let failed = |error: std::io::Error| {
        format!(
            "{} : écriture impossible ({})",
            path.display(),
            io_reason(&error)
        )
    };
    let (output, mut file) = OutputFile::create(path).map_err(failed)?;
    let written = file.write_all(text).and_then(|()| {
        if output.in_place() {
            Ok(())
        } else {
            file.sync_all()
        }
    });
    match written {
        Ok(()) => output.commit().map_err(failed),
        Err(error) => {
            output.abandon();
            Err(failed(error))
        }
    }
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
