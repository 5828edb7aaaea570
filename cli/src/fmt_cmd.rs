//! `clause fmt [--check] [PATH…]`: puts `.clause` files in the canonical layout of
//! `docs/formatting.md`, rewriting each file atomically; `-` formats standard input to standard
//! output. A file that does not parse is left untouched and its errors are reported.

use clause_compiler::format::format_source;
use clause_grammar::lines::LineIndex;
use clause_grammar::{FileId, SyntaxError, SyntaxErrorKind};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const OK: u8 = 0;
/// Files would change (`--check`), or some do not parse.
const PROBLEMS: u8 = 1;
/// A file could not be read or written.
const FAILURE: u8 = 2;

/// Runs the command: formats `paths` (files, or folders searched recursively for `*.clause`; the
/// current folder when empty). Returns the process exit code.
pub fn run(paths: &[PathBuf], check: bool) -> u8 {
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            eprintln!("clause fmt : `-` (entrée standard) ne se combine pas avec des chemins");
            return FAILURE;
        }
        return stdin(check);
    }
    let roots = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for root in &roots {
        if let Err(error) = collect(root, &mut files) {
            eprintln!("{}: {error}", root.display());
            return FAILURE;
        }
    }
    files.sort();
    files.dedup();
    let mut code = OK;
    for file in &files {
        code = code.max(one_file(file, check));
    }
    code
}

/// `path` itself when it is a file, the `*.clause` files under it when it is a folder.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let child = entry.path();
        let hidden = child
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') || n == "target");
        if entry.file_type()?.is_dir() {
            if !hidden {
                collect(&child, out)?;
            }
        } else if child.extension().is_some_and(|e| e == "clause") {
            out.push(child);
        }
    }
    Ok(())
}

fn one_file(path: &Path, check: bool) -> u8 {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{}: {error}", path.display());
            return FAILURE;
        }
    };
    let formatted = match format_source(FileId(0), &text) {
        Ok(formatted) => formatted,
        Err(errors) => {
            report(&path.display().to_string(), &text, &errors);
            return PROBLEMS;
        }
    };
    if formatted == text {
        return OK;
    }
    if check {
        println!("{}", path.display());
        return PROBLEMS;
    }
    match write_atomically(path, &formatted) {
        Ok(()) => OK,
        Err(error) => {
            eprintln!("{}: {error}", path.display());
            FAILURE
        }
    }
}

/// Writes a temporary file next to `path`, then renames it over `path`: a reader sees the old
/// text or the new one, never half of it, and an interrupted run leaves the file as it was.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("fichier");
    let temporary = folder.join(format!(".{name}.fmt-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(metadata) = std::fs::metadata(path) {
            std::fs::set_permissions(&temporary, metadata.permissions())?;
        }
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

fn stdin(check: bool) -> u8 {
    let mut text = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("<stdin>: {error}");
        return FAILURE;
    }
    match format_source(FileId(0), &text) {
        Ok(formatted) if check => {
            if formatted == text {
                OK
            } else {
                println!("<stdin>");
                PROBLEMS
            }
        }
        Ok(formatted) => {
            let mut out = std::io::stdout();
            match out
                .write_all(formatted.as_bytes())
                .and_then(|()| out.flush())
            {
                Ok(()) => OK,
                Err(_) => FAILURE,
            }
        }
        Err(errors) => {
            report("<stdin>", &text, &errors);
            PROBLEMS
        }
    }
}

/// One line per error on standard error: `file:line:column: message`.
fn report(name: &str, text: &str, errors: &[SyntaxError]) {
    let lines = LineIndex::new(text);
    for error in errors {
        let (line, column) = lines.line_column(text, error.span.start);
        eprintln!(
            "{name}:{line}:{column}: erreur de syntaxe : {}",
            message(&error.kind)
        );
    }
}

fn message(kind: &SyntaxErrorKind) -> String {
    match kind {
        SyntaxErrorKind::Unexpected { expected, found } => {
            let found = found
                .as_ref()
                .map_or("la fin du fichier".to_string(), |f| format!("`{f}`"));
            if expected.is_empty() {
                format!("{found} inattendu")
            } else {
                format!("attendu {}, trouvé {found}", expected.join(" ou "))
            }
        }
        SyntaxErrorKind::TooDeep { limit } => {
            format!("imbrication trop profonde (limite : {limit})")
        }
        SyntaxErrorKind::FileTooLarge { size, limit } => {
            format!("fichier trop volumineux : {size} octets (limite : {limit})")
        }
        SyntaxErrorKind::InvalidDate { text } => format!("date invalide : {text}"),
        SyntaxErrorKind::InvalidEscape { text } => format!("échappement inconnu : {text}"),
        other => format!("{other:?}"),
    }
}
